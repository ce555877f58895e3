"""Attribution cues ("he said", "told Reuters", "according to RT") and the
speaker each one names.

Cues are searched in the article with its quotations blanked out, so the
words inside a quote ("Three sources said ...") never attribute anything.
The subject of a cue verb is the noun phrase just before it, skipping
parentheticals (", Reuters added,"), appositions (", the chair of ..., ") and
participle clauses (", stressing that ..., "); after a closing quote the
speaker may follow the verb ("...," said Bauer). A participle ("saying",
"adding") or a second verb joined by "and" takes the subject of the clause
it hangs from.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from . import lexicon
from .speakers import Entity, Mention, Resolver, parse_apposition, parse_subject_end, parse_subject_start
from .text import MASK_CHAR

def _trie_pattern(words: set[str] | frozenset[str]) -> str:
    """One regular expression for many words, sharing prefixes: the regex
    engine then tries a handful of branches per position instead of all
    two hundred words."""
    trie: dict = {}
    for word in words:
        node = trie
        for ch in word:
            node = node.setdefault(ch, {})
        node[""] = {}

    def render(node: dict) -> str:
        ends = "" in node
        branches = [re.escape(ch) + render(child) for ch, child in sorted(node.items()) if ch]
        if not branches:
            return ""
        body = branches[0] if len(branches) == 1 else "(?:" + "|".join(branches) + ")"
        return f"(?:{body})?" if ends else body

    return render(trie)


_VERB_ALT = _trie_pattern(lexicon.CUE_VERBS | lexicon.AMBIGUOUS_CUES)
CUE_RE = re.compile(rf"(?<![\w’'\-])(?:(?P<acc>[Aa]ccording to)|(?P<verb>{_VERB_ALT}))(?![\w’'\-])")
_SEPARATOR_RE = re.compile(rf"[,;:()\[\]—–]|{MASK_CHAR}+|\s-\s")
_SKIP_START = frozenset(
    """
    on in at after before during over under since while when whereas although though as if
    unless until because yesterday today tonight earlier later meanwhile however but and so
    yet still then now also last this next for from with without by to into of about despite
    amid among following like unlike within across once instead indeed moreover furthermore
    asked speaking writing citing echoing in according
    """.split()
)
_LEADING_CONJ_RE = re.compile(r"^\s*(?:(?:But|And|So|Yet|Still|However|Then|Now|Meanwhile|Also|Instead)\b[\s,]*)+")
_PASSIVE_RE = re.compile(r"\b(?:was|were|is|are|been|being|be|get|got)\s+$")
_RELATIVE_RE = re.compile(r"^\s*(?:who|which|whose|whom|where|when|while|although|though|because|if)\b", re.I)
_PREPOSITIONS = frozenset("of from at with in for on by".split())
_COORD_RE = re.compile(r"(?:^|\s)(?:and|but|or|then|before|later)\s*$")


@dataclass
class Cue:
    """An attribution verb and the speaker it names."""

    start: int
    end: int
    verb: str
    sentence: int
    entity: Entity | None
    mention: Mention | None
    text: str
    according: bool = False
    participle: bool = False


@dataclass
class SentenceContext:
    start: int
    end: int
    index: int
    subject: Entity | None = None
    subject_pos: int = -1


def _segments(masked: str, start: int, end: int) -> list[tuple[int, int, str]]:
    """(start, end, separator before) pieces of masked[start:end]."""
    pieces: list[tuple[int, int, str]] = []
    pos, sep = start, ""
    for m in _SEPARATOR_RE.finditer(masked, start, end):
        pieces.append((pos, m.start(), sep))
        pos, sep = m.end(), ("quote" if m.group()[0] == MASK_CHAR else m.group())
    pieces.append((pos, end, sep))
    return pieces


def main_subject(masked: str, sent: SentenceContext, resolver: Resolver) -> None:
    """Note the subject of the sentence as salient (for later pronouns)."""
    pieces = _segments(masked, sent.start, min(sent.end, sent.start + 240))[:5]
    for n, (seg_start, seg_end, _) in enumerate(pieces):
        seg = masked[seg_start:seg_end]
        lead = _LEADING_CONJ_RE.match(seg)
        offset = seg_start + (lead.end() if lead else 0)
        seg = masked[offset:seg_end]
        first = seg.split(maxsplit=1)[0] if seg.strip() else ""
        if not first:
            continue
        low = first.lower().strip("*_")
        if low in _SKIP_START or (low.endswith("ing") and first[:1].isupper()):
            continue
        mention = parse_subject_start(seg, offset)
        if mention is not None and mention.form == "role" and n + 1 < len(pieces):
            # "The porter, Abdul Rahimi, was ...": the name is the subject.
            nxt_start, nxt_end, sep = pieces[n + 1]
            named = parse_subject_start(masked[nxt_start:nxt_end], nxt_start) if sep == "," else None
            if named is not None and named.form == "name" and masked[named.end : nxt_end].strip() == "":
                named.role = ", ".join(x for x in (named.role, _bare_role(mention.text)) if x)
                mention = named
        if mention is None or (mention.form == "name" and not _known_name(mention, resolver)):
            if len(seg.split()) <= 4:
                continue  # "Three years ago," "Her husband,": look further
            return
        entity = resolver.resolve(mention)
        if entity is not None:
            sent.subject, sent.subject_pos = entity, mention.start
            _apposition_after(masked, mention, sent, entity)
        return


def _bare_role(text: str) -> str:
    return re.sub(r"^(?:the|The|its|Its|their|Their|his|His|her|Her)\s+", "", text)


def _known_name(mention: Mention, resolver: Resolver) -> bool:
    words = [w for w in mention.text.split() if w[:1].isupper()]
    if len(words) >= 2:
        return True
    return bool(words) and resolver.registry.known(words[0])


def _apposition_after(masked: str, mention: Mention, sent: SentenceContext, entity: Entity) -> None:
    rest = masked[mention.end : min(sent.end, mention.end + 160)]
    m = re.match(r"\s*,([^,;:]{3,140}),", rest)
    if m and entity.kind == "person":
        role = parse_apposition(m.group(1))
        if role:
            entity.add_role(role)


def cue_matches(masked: str) -> list[re.Match]:
    """Every attribution word in the article, found in one pass."""
    return list(CUE_RE.finditer(masked))


def find_cues(masked: str, sent: SentenceContext, resolver: Resolver, matches: list[re.Match]) -> list[Cue]:
    """Attribution cues of one sentence (from `matches`, those inside it), with
    their speakers resolved in order."""
    cues: list[Cue] = []
    for m in matches:
        if m.group("acc"):
            cue = _according(masked, m, sent, resolver)
        else:
            cue = _verb_cue(masked, m, sent, resolver, cues)
        if cue is not None:
            cues.append(cue)
    return cues


def _according(masked: str, m: re.Match, sent: SentenceContext, resolver: Resolver) -> Cue | None:
    after_end = _segment_end(masked, m.end(), sent.end)
    mention = parse_subject_start(masked[m.end() : after_end], m.end())
    if mention is None:
        mention = _source_phrase(masked, m.end(), after_end)
        if mention is None:
            return None
        text = re.sub(r"^(?:the|The)\s+", "", mention.text)
        entity = resolver.source(text, mention.form)
        resolver.note(mention.start, entity)
    else:
        entity = resolver.resolve(mention)
    text = masked[m.start() : mention.end]
    return Cue(m.start(), m.end(), "according to", sent.index, entity, mention, text, according=True)


def _source_phrase(masked: str, start: int, end: int) -> Mention | None:
    """Whatever follows "according to" up to the next comma: "port data",
    "the regional chamber of commerce", "a study published on Monday"."""
    phrase = masked[start:end]
    stripped = phrase.strip().rstrip(".")
    words = stripped.split()
    if not words or len(words) > 8:
        return None
    begin = start + phrase.find(stripped)
    form = "anonymous" if words[0].lower() in ("a", "an", "one", "some", "two", "three", "several") else "collective"
    if any(w.lower() in lexicon.ORG_WORDS for w in words):
        form = "organisation"
    return Mention(stripped, begin, begin + len(stripped), form)


def _segment_end(masked: str, pos: int, limit: int) -> int:
    sep = _SEPARATOR_RE.search(masked, pos, limit)
    end = sep.start() if sep else limit
    return min(end, pos + 160)


def _verb_cue(masked: str, m: re.Match, sent: SentenceContext, resolver: Resolver, earlier: list[Cue]) -> Cue | None:
    verb = m.group("verb")
    after = masked[m.end() : m.end() + 12]
    if verb in lexicon.AMBIGUOUS_CUES and not re.match(r"\s*(?:that\b|[:,])", after):
        return None
    before = masked[max(sent.start, m.start() - 12) : m.start()]
    if verb in ("asked", "told", "quoted") and _PASSIVE_RE.search(before):
        return None  # "Biden was asked": he is not the one asking.
    if verb == "described" and not re.match(r"\s+(?:[\w’'\-]+\s+){0,4}?as\b", masked[m.end() : m.end() + 50]):
        return None
    participle = verb in lexicon.PARTICIPLE_CUES
    mention: Mention | None = None
    entity: Entity | None = None
    if participle:
        entity = _clause_subject(sent, earlier)
    if entity is None:
        mention, coordinated = subject_before(masked, sent, m.start())
        if mention is None and coordinated:
            entity = _clause_subject(sent, earlier)
        if mention is None and entity is None and _after_quote(masked, sent.start, m.start()):
            mention = _subject_after(masked, sent, m.end())
        if mention is not None:
            entity = resolver.resolve(mention)
    if entity is None and participle:
        return None
    return Cue(m.start(), m.end(), verb, sent.index, entity, mention, _cue_text(masked, m, mention, sent), participle=participle)


def _clause_subject(sent: SentenceContext, earlier: list[Cue]) -> Entity | None:
    for cue in reversed(earlier):
        if cue.entity is not None and not cue.according:
            return cue.entity
    return sent.subject


def subject_before(masked: str, sent: SentenceContext, verb_start: int) -> tuple[Mention | None, bool]:
    """(subject mention, whether the verb is coordinated with an earlier one)."""
    pieces = _segments(masked, max(sent.start, verb_start - 400), verb_start)
    role = ""
    walked = 0
    for seg_start, seg_end, _sep in reversed(pieces):
        walked += 1
        if walked > 6:
            break
        seg = masked[seg_start:seg_end]
        stripped = seg.strip(" \t\n*_\"'")
        if not stripped:
            continue
        if walked > 1 and CUE_RE.search(seg):
            continue  # a parenthetical cue: ", Reuters added,"
        first = stripped.split(maxsplit=1)[0]
        if walked > 1 and (first.lower().endswith("ing") or _RELATIVE_RE.match(stripped) or first in _PREPOSITIONS):
            continue  # ", stressing that ...,", ", who chairs ...,", ", of the Village Association,"
        if walked > 1:
            apposition = parse_apposition(seg)
            if apposition:
                role = apposition
                continue
        mention = parse_subject_end(seg[-200:], seg_end - len(seg[-200:]))
        if mention is not None:
            mention.apposition = role
            return mention, False
        if walked > 1 and len(stripped.split()) <= 3:
            continue  # ", 68,", ", no relation,"
        return None, bool(_COORD_RE.search(seg))
    return None, False


def _after_quote(masked: str, sent_start: int, verb_start: int) -> bool:
    """True when only a closing quote (and a comma) separates the verb from
    the quotation before it: '...," said Bauer'."""
    j = verb_start
    while j > sent_start and masked[j - 1] in " \t\n,\"”’'»":
        j -= 1
    return j > sent_start and masked[j - 1] in (MASK_CHAR, "!", "?", ".", "…")


def _subject_after(masked: str, sent: SentenceContext, verb_end: int) -> Mention | None:
    end = _segment_end(masked, verb_end, sent.end)
    mention = parse_subject_start(masked[verb_end:end], verb_end)
    if mention is None or mention.form == "pronoun" and mention.text.lower() == "it":
        return None
    rest = masked[mention.end : min(sent.end, mention.end + 160)]
    m = re.match(r"\s*,([^,;:]{3,140})(?:[,.;]|$)", rest)
    if m:
        mention.apposition = parse_apposition(m.group(1))
    return mention


def _cue_text(masked: str, m: re.Match, mention: Mention | None, sent: SentenceContext) -> str:
    verb = m.group("verb")
    if verb in ("told", "tells", "telling"):
        end = _segment_end(masked, m.end(), sent.end)
        obj = masked[m.end() : end]
        words = obj.split()
        if 0 < len(words) <= 6 and not words[0].lower() in ("that", "him", "her", "them"):
            return (verb + " " + " ".join(words)).strip(" .,;:")
        return verb
    if mention is not None:
        lo, hi = min(mention.start, m.start()), max(mention.end, m.end())
        if hi - lo <= len(mention.text) + len(verb) + 30 and MASK_CHAR not in masked[lo:hi]:
            return " ".join(masked[lo:hi].split())
    return verb
