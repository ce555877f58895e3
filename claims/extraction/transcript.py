"""Transcripts inside articles: a paragraph that opens with a speaker label
("Q:", "MS. JONES:", "THE PRESIDENT:", "SEN. SMITH:") holds the labelled
speaker's own words, with no quotation marks around them.

One label on its own may be a heading ("UPDATE:", "WATCH:"), so labels count
only when the article has at least two turns.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from . import lexicon

_LABEL_RE = re.compile(
    r"(?m)^[ \t]*(?P<label>(?:[A-Z][A-Z'’\-]*\.?)(?:[ \u00a0]+[A-Z][A-Z'’\-]*\.?){0,3})[ \t]*:[ \t\u00a0]+(?=\S)"
)
_PARAGRAPH_END_RE = re.compile(r"\n[ \t]*\n")
# Headings and stamps written like labels.
_NOT_LABELS = frozenset(
    """
    NOTE UPDATE UPDATED CORRECTION WATCH RELATED PHOTO PHOTOS VIDEO SOURCE SOURCES BREAKING
    ADVERTISEMENT EDT EST ET PT AM PM READ ALSO MORE TRANSCRIPT LISTEN CLICK SEE SUBSCRIBE
    WARNING DISCLAIMER EXCLUSIVE OPINION ANALYSIS EDITORIAL COMMENTARY TOPIC TAGS
    """.split()
)
_QUESTIONER = frozenset({"Q", "QUESTION", "REPORTER", "INTERVIEWER"})


@dataclass(frozen=True, slots=True)
class Turn:
    """One speaker's turn: the label as written and the span of the words."""

    label: str
    start: int
    end: int

    @property
    def questioner(self) -> bool:
        return self.label.rstrip(".") in _QUESTIONER

    @property
    def answer(self) -> bool:
        return self.label.rstrip(".") in ("A", "ANSWER")


def transcript_turns(text: str) -> list[Turn]:
    """The labelled turns of `text`, in order; none unless there are two."""
    turns: list[Turn] = []
    for m in _LABEL_RE.finditer(text):
        label = m.group("label").strip()
        if not _is_label(label):
            continue
        start = m.end()
        end = _turn_end(text, start)
        while end > start and text[end - 1].isspace():
            end -= 1
        if end > start:
            turns.append(Turn(label, start, end))
    return turns if len(turns) >= 2 else []


def _is_label(label: str) -> bool:
    words = [w.rstrip(".") for w in label.split()]
    if any(w in _NOT_LABELS for w in words) or label.rstrip(".") in _NOT_LABELS:
        return False
    if "-".join(words).lower() in lexicon.PLACES:
        return False  # "TEXAS: 30 percent" heads a list, it does not speak
    if len(words) == 1 and len(words[0]) == 1:
        return words[0] in ("Q", "A")  # "Q:" and "A:"; other single letters are list items
    return all(len(w) >= 2 for w in words)


def _turn_end(text: str, start: int) -> int:
    """A turn runs to the end of its paragraph, or to the next label line."""
    m = _PARAGRAPH_END_RE.search(text, start)
    end = m.start() if m else len(text)
    nxt = _LABEL_RE.search(text, start, end)
    while nxt is not None and not _is_label(nxt.group("label").strip()):
        nxt = _LABEL_RE.search(text, nxt.end(), end)
    return nxt.start() if nxt is not None else end


def speaker_from_label(label: str) -> tuple[str, str]:
    """(text, form) for resolving a label as a mention: "MS. JONES" is the
    name "Ms. Jones", "THE PRESIDENT" the role "the President"."""
    words = label.split()
    cased = " ".join(w[:1] + w[1:].lower() for w in words)
    if words and words[0].rstrip(".") == "THE":
        return "the " + " ".join(w.lower() for w in words[1:]), "role"
    return cased, "name"
