"""Sentence splitting that keeps character offsets.

Attribution rules look at a sentence with its quotations blanked out, so a
full stop inside a quote does not end the sentence that carries "he said".
Page breaks inside a sentence (a paragraph break followed by a lower-case
word) do not end it either.
"""

from __future__ import annotations

import bisect
import re

# A sentence ends after terminal punctuation (and any closing marks) when the
# next thing starts like a sentence, or at a line break unless the next line
# carries on in lower case (a sentence split by a page break).
_BOUNDARY = re.compile(r"[.!?…]+[\"'’”»)\]*_]*[ \t]+(?=[^\s\-a-z,;:])|[ \t]*\n\s*(?=\S)")

_ABBREVIATIONS = frozenset(
    """
    mr mrs ms dr prof gen sen rep gov lt col capt sgt st jr sr no vs etc inc ltd corp co
    jan feb mar apr jun jul aug sep sept oct nov dec u.s u.k e.g i.e a.m p.m fig approx
    adm cmdr maj brig supt insp det pres hon rev messrs mt ft
    """.split()
)

# Not a letter, so masked quotes never read as words or names.
MASK_CHAR = "\u2591"


def sentence_spans(text: str) -> list[tuple[int, int]]:
    """Split `text` into (start, end) spans with surrounding whitespace trimmed."""
    spans: list[tuple[int, int]] = []
    start = 0
    for m in _BOUNDARY.finditer(text):
        boundary_text = m.group()
        if boundary_text[0] in ".!?…" and _is_abbreviation(text, m.start()):
            continue
        if "\n" in boundary_text and m.end() < len(text) and text[m.end()].islower():
            # A page break in the middle of a sentence.
            if not _ends_sentence(text, m.start()):
                continue
        end = m.start() + len(boundary_text.rstrip())
        if boundary_text[0] not in ".!?…":
            end = m.start()
        _append(spans, text, start, end)
        start = m.end()
    _append(spans, text, start, len(text))
    return spans


def _append(spans: list[tuple[int, int]], text: str, start: int, end: int) -> None:
    while start < end and text[start].isspace():
        start += 1
    while end > start and text[end - 1].isspace():
        end -= 1
    if end > start:
        spans.append((start, end))


def _ends_sentence(text: str, pos: int) -> bool:
    j = pos
    while j > 0 and text[j - 1] in " \t\"'’”»)*_":
        j -= 1
    return j > 0 and text[j - 1] in ".!?…:"


def _is_abbreviation(text: str, dot: int) -> bool:
    """True when the full stop at `dot` closes an abbreviation or an initial."""
    j = dot
    while j > 0 and (text[j - 1].isalpha() or text[j - 1] == "."):
        j -= 1
    word = text[j:dot].lower()
    if not word:
        return False
    if len(word) == 1 and text[j].isupper():
        return True  # an initial: "J. Smith"
    return word in _ABBREVIATIONS


def mask_spans(text: str, spans: list[tuple[int, int]]) -> str:
    """Blank out the inside of each span, keeping length (so offsets hold) and
    keeping a final terminal mark so that a quote ending a sentence still
    ends it."""
    if not spans:
        return text
    parts: list[str] = []
    pos = 0
    for start, end in spans:
        parts.append(text[pos:start])
        length = end - start
        if length > 0 and text[end - 1] in ".!?…":
            parts.append(MASK_CHAR * (length - 1) + text[end - 1])
        else:
            parts.append(MASK_CHAR * length)
        pos = end
    parts.append(text[pos:])
    return "".join(parts)


class SentenceIndex:
    """Find the sentence holding an offset in O(log n)."""

    def __init__(self, spans: list[tuple[int, int]]):
        self.spans = spans
        self._starts = [s for s, _ in spans]

    def index_of(self, pos: int) -> int:
        i = bisect.bisect_right(self._starts, pos) - 1
        return max(i, 0)

    def span_of(self, pos: int) -> tuple[int, int]:
        if not self.spans:
            return (0, 0)
        return self.spans[self.index_of(pos)]


def paragraph_starts(text: str) -> list[int]:
    """Offsets where paragraphs (blocks separated by a blank line) begin."""
    starts = [0]
    for m in re.finditer(r"\n[ \t]*\n\s*", text):
        starts.append(m.end())
    return starts
