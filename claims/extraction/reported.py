"""Reported speech: the clause a cue introduces without quotation marks.

"X said that ...", "X warned (reporters) that ...", "X said the plan ...",
"according to X, ..." and "..., according to X." each give the clause as a
claim of kind "reported". A clause that is mostly a quotation is left to the
quote claim, and a clause inside a quotation is not reported speech.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from .attribution import Cue
from .text import MASK_CHAR

_THAT_RE = re.compile(
    r"\s+(?:(?:to\s+)?(?:reporters|journalists|the\s+\w+|a\s+\w+(?:\s+\w+)?|him|her|them|us|me|lawmakers|"
    r"parliament|[A-Z][\w\-]+(?:\s+[A-Z][\w\-]+){0,3})\s+)?"
    r"(?:(?:on|in|at|during|after|in\s+an?)\s+(?:an?\s+|the\s+)?\w+(?:\s+\w+)?\s+)?that\s+"
)
# A clause with no "that": "said shifts were short", "said 28 warnings remained".
_BARE_CLAUSE_RE = re.compile(r"\s+(?=[\w’'\-£$€]+\s+[\w’'\-]+)")
_NOT_A_CLAUSE_START = frozenset(
    "in on at to by for from with about of after before during as so yet goodbye hello nothing "
    "little much more less yes no sorry thanks again also then later earlier".split()
)
# ", saying ...", a colon or semicolon, a spaced dash or a bracket; written to
# open with one character class, which the regex engine skips to directly.
_CLAUSE_STOP_RE = re.compile(
    r"[,:;(\s](?:(?<=,)\s+(?:saying|adding|stating|noting|arguing|insisting|warning|according to|he said|she said|they said)\b"
    r"|(?<=[:;])|(?<=\s)[—–]\s|(?<=\()\s*)"
)
_TRAIL = " \t\n.,;:!?…\"'’”»)*_"
_MIN_WORDS = 3
# Verbs that take a clause with no "that" ("said the plan had failed"); not
# "told" or "explained", whose next words are usually an object.
_BARE_CLAUSE_VERBS = frozenset(
    "said says saying claimed claims claiming argued argues arguing insisted insists insisting "
    "warned warns warning believes believed added adding wrote writes reported predicted suggested".split()
)
_FINITE_RE = re.compile(
    r"\b(?:is|are|was|were|will|would|can|could|may|might|must|should|shall|has|have|had|does|do|did|"
    r"came|went|made|took|gave|got|found|saw|became|began|fell|rose|grew|lost|won|left|kept|held|"
    r"brought|thought|felt|ran|paid|sold|spent|built|cut|hit|put|set|knew|meant|led|sent|"
    r"[a-z]{2,}ed|[a-z]{3,}s)\b"
)


def _has_verb(clause: str) -> bool:
    """A clause has a verb after its first word: "the plan had failed"."""
    words = clause.split(maxsplit=7)
    return bool(_FINITE_RE.search(" ".join(words[1:7])))


@dataclass(slots=True)
class ReportedSpan:
    start: int
    end: int
    cue: Cue


def reported_spans(text: str, masked: str, cues: list[Cue], sentence_of: dict[int, tuple[int, int]]) -> list[ReportedSpan]:
    """Clauses introduced by `cues` (one list for the whole article)."""
    spans: list[ReportedSpan] = []
    for cue in cues:
        if cue.entity is None:
            continue
        sent_start, sent_end = sentence_of[cue.sentence]
        if cue.according:
            span = _according_clause(masked, cue, sent_start, sent_end)
        else:
            span = _verb_clause(masked, cue, sent_start, sent_end)
        if span is None:
            continue
        start, end = _trim(text, *span)
        if end - start < 8 or len(text[start:end].split()) < _MIN_WORDS:
            continue
        if _mostly_quoted(masked, start, end):
            continue
        spans.append(ReportedSpan(start, end, cue))
    return spans


def _verb_clause(masked: str, cue: Cue, sent_start: int, sent_end: int) -> tuple[int, int] | None:
    if cue.mention is not None and cue.mention.start > cue.start:
        return None  # '...," said Bauer': the quote is the statement.
    trailing = _trailing_clause(masked, cue, sent_start, sent_end)
    if trailing is not None:
        return trailing
    after = masked[cue.end : min(sent_end, cue.end + 80)]
    m = _THAT_RE.match(after)
    if m:
        start = cue.end + m.end()
    elif cue.verb in _BARE_CLAUSE_VERBS:
        m = _BARE_CLAUSE_RE.match(after)
        if not m:
            return None
        start = cue.end + m.end()
        first = masked[start : start + 20].split(maxsplit=1)[0].lower() if masked[start : start + 20].strip() else ""
        if first in _NOT_A_CLAUSE_START or masked[start : start + 1] == MASK_CHAR:
            return None
        if not _has_verb(masked[start : min(sent_end, start + 60)]):
            return None
    else:
        return None
    return start, _clause_end(masked, start, sent_end)


def _trailing_clause(masked: str, cue: Cue, sent_start: int, sent_end: int) -> tuple[int, int] | None:
    """"More than 400 homes were flooded, officials said." The clause comes
    first and the attribution closes the sentence."""
    if cue.mention is None or cue.participle:
        return None
    tail = masked[cue.end : sent_end]
    tail_words = tail.split()
    if len(tail_words) > 3 or "that" in tail_words or MASK_CHAR in tail:
        return None
    head = masked[sent_start : cue.mention.start].rstrip()
    if not head.endswith(",") or MASK_CHAR in head:
        return None
    first = head.split(maxsplit=1)[0]
    if first.endswith(("ed", "ing")) and first[:1].isupper():
        return None  # "Asked whether he would resign, he said ..."
    if not _has_verb(head):
        return None  # "Its regional director, Claire Munroe, said ..."
    return sent_start, sent_start + len(head) - 1


def _according_clause(masked: str, cue: Cue, sent_start: int, sent_end: int) -> tuple[int, int] | None:
    mention_end = cue.mention.end if cue.mention else cue.end
    after = masked[mention_end:sent_end]
    if re.match(r"\s*,", after) and cue.start - sent_start < 6:
        start = mention_end + after.index(",") + 1
        return start, _clause_end(masked, start, sent_end)
    before = masked[sent_start : cue.start]
    if before.rstrip().endswith(","):
        return sent_start, sent_start + len(before.rstrip()) - 1
    return None


def _clause_end(masked: str, start: int, sent_end: int) -> int:
    m = _CLAUSE_STOP_RE.search(masked, start, sent_end)
    return m.start() if m else sent_end


def _trim(text: str, start: int, end: int) -> tuple[int, int]:
    while start < end and text[start] in " \t\n*_":
        start += 1
    while end > start and text[end - 1] in _TRAIL:
        end -= 1
    # Keep a closing quote mark's partner balanced by dropping a dangling opener.
    return start, end


def _mostly_quoted(masked: str, start: int, end: int) -> bool:
    if masked[start : start + 1] == MASK_CHAR or (start > 0 and masked[start - 1] in "“\"‘«„" and masked[start : start + 1] == MASK_CHAR):
        return True
    quoted = masked.count(MASK_CHAR, start, end)
    return quoted > 0.6 * (end - start)
