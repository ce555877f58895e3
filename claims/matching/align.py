"""Reading a published quote (words, [bracketed insertions], ellipses) and
aligning its words with a stretch of source words.

Alignment works on integer word ids, so rapidfuzz compares whole words
rather than characters and the cost stays in C.
"""

import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field

from rapidfuzz.distance import Indel

from .normalise import WORD_RE, words_of

# The marks an article leaves in a quote it edits: ellipses and brackets. A
# bracketed ellipsis ("[...]", "[…]") is an omission, not an insertion.
_MARK_RE = re.compile(
    r"(?P<ellipsis>\[\s*(?:\.\s*){3,}\]|\[\s*…\s*\]|\.\s?\.\s?\.|…)"
    r"|(?P<bracket>\[[^\[\]]*\])"
)
_QUOTE_PART_RE = re.compile(rf"{_MARK_RE.pattern}|(?P<word>{WORD_RE.pattern})")
# A bracket right next to a character a word may hold, so perhaps fused
# to that word. Starting each branch with the bracket keeps the search fast.
_WORD_CHAR = r"(?:[^\W_]|[$€£¥%&§])"
_TOUCHING_RE = re.compile(rf"\[(?<={_WORD_CHAR}\[)|\](?={_WORD_CHAR})")

# rapidfuzz opcodes: (tag, quote start, quote end, source start, source end).
Opcode = tuple[str, int, int, int, int]


@dataclass(slots=True)
class Bracket:
    text: str  # as printed, with the brackets
    first: int  # word range [first, last) of the words inside
    last: int
    fused: bool = False


@dataclass(slots=True)
class ParsedQuote:
    """A quote as a list of words with its marks beside it, rather than an
    object per word, which keeps parsing a plain quote to one list build."""

    words: list[str] = field(default_factory=list)  # as printed; a fused bracket without its brackets
    # Word position -> index into `brackets`, for words inside a bracket
    # that is not fused to a word.
    bracket_of: dict[int, int] = field(default_factory=dict)
    # Word index each ellipsis stands before (len(words) for a trailing one).
    ellipses: list[int] = field(default_factory=list)
    brackets: list[Bracket] = field(default_factory=list)

    @property
    def plain(self) -> bool:
        """True when nothing but words: no bracket and no ellipsis to explain."""
        return not self.brackets and not self.ellipses

    def plain_positions(self) -> Sequence[int]:
        """Positions of the quote's own words: not inside a bracket. A fused
        bracket ("[T]he") counts as the word it changes."""
        if not self.bracket_of:
            return range(len(self.words))
        return [i for i in range(len(self.words)) if i not in self.bracket_of]

    def apart(self) -> set[int]:
        """Positions k whose word and word k+1 need not stand side by side in
        the source: an ellipsis comes between them or either is bracketed."""
        if self.plain:
            return set()
        inside = self.bracket_of
        return {k for k in range(len(self.words) - 1) if k in inside or k + 1 in inside} | {
            g - 1 for g in self.ellipses if 0 < g < len(self.words)
        }


def parse_quote(quote: str) -> ParsedQuote:
    if "[" not in quote and "…" not in quote and ".." not in quote and ". ." not in quote:
        # Most quotes are plain words: skip the search for marks.
        return ParsedQuote(words_of(quote))
    if _TOUCHING_RE.search(quote):
        return _parse_parts(quote)
    # No bracket can be fused to a word, so the words between two marks
    # are read in one go.
    parsed = ParsedQuote()
    position = 0
    for mark in _MARK_RE.finditer(quote):
        parsed.words += words_of(quote[position : mark.start()])
        if mark.lastgroup == "ellipsis":
            parsed.ellipses.append(len(parsed.words))
        else:
            _add_bracket(parsed, mark.group())
        position = mark.end()
    parsed.words += words_of(quote[position:])
    return parsed


def _parse_parts(quote: str) -> ParsedQuote:
    """Parse part by part (ellipsis, bracket or word), which lets a bracket
    and a word that touch it fuse into one word."""
    parsed = ParsedQuote()
    parts = list(_QUOTE_PART_RE.finditer(quote))
    skip_next = False
    for n, part in enumerate(parts):
        if skip_next:
            skip_next = False
            continue
        kind = part.lastgroup
        if kind == "ellipsis":
            parsed.ellipses.append(len(parsed.words))
            continue
        following = parts[n + 1] if n + 1 < len(parts) else None
        if following is not None and _fuses(part, following):
            _add_fused(parsed, part.group() + following.group())
            skip_next = True
        elif kind == "word":
            parsed.words.append(part.group())
        else:
            _add_bracket(parsed, part.group())
    return parsed


def _add_bracket(parsed: ParsedQuote, printed: str) -> None:
    index, first = len(parsed.brackets), len(parsed.words)
    inner = WORD_RE.findall(printed)
    parsed.bracket_of.update(dict.fromkeys(range(first, first + len(inner)), index))
    parsed.words += inner
    parsed.brackets.append(Bracket(printed, first, len(parsed.words)))


def _fuses(first: re.Match, second: re.Match) -> bool:
    """A bracket touching a word ("[T]he", "agree[d]") changes letters of
    that word rather than inserting words."""
    if first.end() != second.start() or {first.lastgroup, second.lastgroup} != {"word", "bracket"}:
        return False
    bracket = first if first.lastgroup == "bracket" else second
    inner = bracket.group()[1:-1]
    return WORD_RE.fullmatch(inner) is not None


def _add_fused(parsed: ParsedQuote, printed: str) -> None:
    position = len(parsed.words)
    parsed.brackets.append(Bracket(printed, position, position + 1, fused=True))
    parsed.words.append(printed.replace("[", "").replace("]", ""))


def opcodes(quote_ids: Sequence[int], source_ids: Sequence[int]) -> list[Opcode]:
    """An alignment keeping as many equal words as possible (longest common
    subsequence): a cheaper edit distance could pair a bracket's words with
    the wrong source words. Only "equal", "delete" (quote only) and "insert"
    (source only) occur."""
    return Indel.opcodes(quote_ids, source_ids).as_list()


def core_span(
    parsed: ParsedQuote, quote_ids: list[int], window_ids: list[int], sentence_break: Callable[[int], bool]
) -> tuple[int, int] | None:
    """The stretch of `window_ids` the quote stands for, as [start, end) in
    window positions, or None when no word matches.

    The window is wider than the passage, so a global alignment may pin a
    stray quote word to a lone equal word in the margin: short equal runs at
    either edge, cut off from the rest by a gap the quote does not explain,
    are dropped, and the edge runs left move to the nearest place the same
    words hold. Quote words left unmatched at an edge then claim as many
    neighbouring source words (a substituted first or last word), but not
    across a sentence break. `sentence_break(k)` is True when a sentence ends
    between window words k-1 and k.
    """
    blocks = [(q1, s1, q2 - q1) for tag, q1, q2, s1, _ in opcodes(quote_ids, window_ids) if tag == "equal"]
    if not blocks:
        return None
    gaps = set(parsed.ellipses)
    while len(blocks) > 1 and _stray(blocks[0], blocks[1], gaps):
        blocks.pop(0)
    while len(blocks) > 1 and _stray(blocks[-1], blocks[-2], gaps, left=False):
        blocks.pop()
    if len(blocks) > 1:
        blocks[0] = _closest(blocks[0], blocks[1], quote_ids, window_ids, gaps)
        blocks[-1] = _closest(blocks[-1], blocks[-2], quote_ids, window_ids, gaps, left=False)
    first_q, start, _ = blocks[0]
    last_q, last_s, size = blocks[-1]
    end = last_s + size
    leading = 0 if any(0 < g <= first_q for g in gaps) else _weight(parsed, range(first_q))
    after = last_q + size
    trailing = 0 if any(after <= g < len(quote_ids) for g in gaps) else _weight(parsed, range(after, len(quote_ids)))
    for _ in range(leading):
        if start == 0 or sentence_break(start):
            break
        start -= 1
    for _ in range(trailing):
        if end >= len(window_ids) or sentence_break(end):
            break
        end += 1
    return start, end


def _weight(parsed: ParsedQuote, positions: range) -> int:
    """How many source words unmatched quote words may stand for: one each,
    but one for a whole bracket ("[The prime minister]" usually replaces "he")."""
    inside = [parsed.bracket_of[i] for i in positions if i in parsed.bracket_of]
    return len(positions) - len(inside) + len(set(inside))


def _closest(
    edge: tuple[int, int, int],
    inner: tuple[int, int, int],
    quote_ids: list[int],
    window_ids: list[int],
    gaps: set[int],
    left: bool = True,
) -> tuple[int, int, int]:
    """`edge` moved to the place nearest `inner` where the source has the
    same words, unless an ellipsis comes between them. As many words match
    either way, but only the nearest place keeps the source words between
    the two runs, which the diff reports as dropped, to those the quote
    really left out: "I—you've got" in "I—well, I—you've got" is not missing
    "well, I"."""
    q, s, size = edge
    words = quote_ids[q : q + size]
    if left:
        if any(q + size <= g <= inner[0] for g in gaps):
            return edge
        for place in range(inner[1] - size, s, -1):
            if window_ids[place : place + size] == words:
                return q, place, size
    else:
        if any(inner[0] + inner[2] <= g <= q for g in gaps):
            return edge
        for place in range(inner[1] + inner[2], s):
            if window_ids[place : place + size] == words:
                return q, place, size
    return edge


def _stray(edge: tuple[int, int, int], inner: tuple[int, int, int], gaps: set[int], left: bool = True) -> bool:
    a, b = (edge, inner) if left else (inner, edge)
    quote_gap = b[0] - (a[0] + a[2])
    source_gap = b[1] - (a[1] + a[2])
    explained = any(a[0] + a[2] <= g <= b[0] for g in gaps)
    return edge[2] <= 2 and source_gap > quote_gap + 3 and not explained
