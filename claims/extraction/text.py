"""Sentence splitting that keeps character offsets, and the small text
tools the rules share.

Attribution rules look at a sentence with its quotations blanked out, so a
full stop inside a quote does not end the sentence that carries "he said".
Page breaks inside a sentence (a paragraph break followed by a lower-case
word) do not end it either.
"""

from __future__ import annotations

import bisect
import re
from collections.abc import Iterable

# A sentence ends after terminal punctuation (and any closing marks) when the
# next thing starts like a sentence, or at a line break unless the next line
# carries on in lower case (a sentence split by a page break). The two kinds
# are searched apart: a pattern that opens with one fixed character class
# lets the regex engine skip to the candidates instead of trying every
# position, which makes splitting several times faster.
_PUNCT_BOUNDARY = re.compile(r"[.!?…][.!?…]*[\"'’”»)\]*_]*[ \t]+(?=[^\s\-a-z,;:])")
_LINE_BOUNDARY = re.compile(r"\n\s*(?=\S)")
_PARAGRAPH_BREAK = re.compile(r"\n[ \t]*\n\s*")

_ABBREVIATIONS = frozenset(
    """
    mr mrs ms dr prof gen sen rep gov lt col capt sgt st jr sr no vs etc inc ltd corp co
    jan feb mar apr jun jul aug sep sept oct nov dec u.s u.k e.g i.e a.m p.m fig approx
    adm cmdr maj brig supt insp det pres hon rev messrs mt ft
    """.split()
)

# Not a letter, so masked quotes never read as words or names.
MASK_CHAR = "\u2591"


# Besides letters and digits, what the rules read as part of a word.
WORD_PUNCT = "_’'-"


def word_char(ch: str) -> bool:
    """Whether `ch` belongs to a word as the rules read words: a letter,
    digit, underscore, apostrophe or hyphen."""
    return ch.isalnum() or ch in WORD_PUNCT


def sentence_spans(text: str) -> list[tuple[int, int]]:
    """Split `text` into (start, end) spans with surrounding whitespace trimmed."""
    spans: list[tuple[int, int]] = []
    start = 0
    for b_start, b_end in _boundaries(text):
        boundary_text = text[b_start:b_end]
        if boundary_text[0] in ".!?…" and _is_abbreviation(text, b_start):
            continue
        if "\n" in boundary_text and b_end < len(text) and text[b_end].islower():
            # A page break in the middle of a sentence.
            if not _ends_sentence(text, b_start):
                continue
        end = b_start + len(boundary_text.rstrip())
        if boundary_text[0] not in ".!?…":
            end = b_start
        _append(spans, text, start, end)
        start = b_end
    _append(spans, text, start, len(text))
    return spans


def _boundaries(text: str) -> list[tuple[int, int]]:
    """(start, end) of each possible sentence boundary, in order. A line
    boundary takes in the spaces before its line break. The two kinds never
    overlap: one starts at punctuation, the other is all white space, and
    punctuation followed by spaces and a line break is a line boundary."""
    found = [m.span() for m in _PUNCT_BOUNDARY.finditer(text)]
    for m in _LINE_BOUNDARY.finditer(text):
        start = m.start()
        while start and text[start - 1] in " \t":
            start -= 1
        found.append((start, m.end()))
    found.sort()
    return found


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
    if len(word) == 3 and word[1] == "." and text[j].isupper() and text[j + 2].isupper():
        return True  # two initials: "J.R. Smith"
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
    return [0, *(m.end() for m in _PARAGRAPH_BREAK.finditer(text))]


def word_alternation(words: Iterable[str]) -> str:
    """One regular expression for many words (or phrases), sharing prefixes:
    the regex engine then tries a handful of branches per position instead
    of every word in turn. Longer words sharing a prefix are tried first."""
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
