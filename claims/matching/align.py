"""Reading a published quote (words, [bracketed insertions], ellipses) and
aligning its words with a stretch of source words.

Alignment works on integer word ids, so rapidfuzz compares whole words
rather than characters and the cost stays in C.
"""

import re
from collections.abc import Callable
from dataclasses import dataclass, field

from rapidfuzz.distance import Indel

from .normalise import WORD_RE, normalise_word

# A bracketed ellipsis ("[...]", "[…]") is an omission, not an insertion.
_QUOTE_PART_RE = re.compile(
    r"(?P<ellipsis>\[\s*(?:\.\s*){3,}\]|\[\s*…\s*\]|\.\s?\.\s?\.|…)"
    r"|(?P<bracket>\[[^\[\]]*\])"
    rf"|(?P<word>{WORD_RE.pattern})"
)

# A pair of aligned positions: (quote token, source token); None on the side
# that has no counterpart.
Pair = tuple[int | None, int | None]


@dataclass(slots=True)
class QuoteToken:
    text: str
    norm: str
    bracket: int | None = None  # index into ParsedQuote.brackets
    fused: bool = False  # "[T]he": a bracket inside a word, aligned as the word


@dataclass(slots=True)
class Bracket:
    text: str  # as printed, with the brackets
    first: int  # token range [first, last) of the words inside
    last: int
    fused: bool = False


@dataclass(slots=True)
class ParsedQuote:
    tokens: list[QuoteToken] = field(default_factory=list)
    # Token index each ellipsis stands before (len(tokens) for a trailing one).
    ellipses: list[int] = field(default_factory=list)
    brackets: list[Bracket] = field(default_factory=list)

    @property
    def norms(self) -> list[str]:
        return [t.norm for t in self.tokens]

    def plain_positions(self) -> list[int]:
        """Positions of the quote's own words: neither inside a bracket
        nor a fused bracket (whose letters the article may have changed)."""
        return [i for i, t in enumerate(self.tokens) if t.bracket is None]

    def runs(self) -> list[list[int]]:
        """Stretches of the quote's own words not broken by an ellipsis or
        a bracket: only these may form shingles that occur in the source."""
        breaks = set(self.ellipses)
        runs: list[list[int]] = []
        current: list[int] = []
        for i, token in enumerate(self.tokens):
            if i in breaks or token.bracket is not None:
                if current:
                    runs.append(current)
                current = []
            if token.bracket is None:
                current.append(i)
        if current:
            runs.append(current)
        return runs


def parse_quote(quote: str) -> ParsedQuote:
    if "[" not in quote and "…" not in quote and ".." not in quote and ". ." not in quote:
        # Most quotes are plain words: skip the part-by-part scan.
        return ParsedQuote([QuoteToken(w, normalise_word(w)) for w in WORD_RE.findall(quote)])
    parsed = ParsedQuote()
    parts = list(_QUOTE_PART_RE.finditer(quote))
    skip_next = False
    for n, part in enumerate(parts):
        if skip_next:
            skip_next = False
            continue
        kind = part.lastgroup
        if kind == "ellipsis":
            parsed.ellipses.append(len(parsed.tokens))
        elif kind == "word":
            following = parts[n + 1] if n + 1 < len(parts) else None
            if following is not None and _fuses(part, following):
                _add_fused(parsed, part.group() + following.group())
                skip_next = True
            else:
                parsed.tokens.append(QuoteToken(part.group(), normalise_word(part.group())))
        else:
            following = parts[n + 1] if n + 1 < len(parts) else None
            if following is not None and _fuses(part, following):
                _add_fused(parsed, part.group() + following.group())
                skip_next = True
                continue
            inner = WORD_RE.findall(part.group())
            index = len(parsed.brackets)
            parsed.brackets.append(Bracket(part.group(), len(parsed.tokens), len(parsed.tokens) + len(inner)))
            parsed.tokens.extend(QuoteToken(w, normalise_word(w), bracket=index) for w in inner)
    return parsed


def _fuses(first: re.Match, second: re.Match) -> bool:
    """A bracket touching a word ("[T]he", "agree[d]") changes letters of
    that word rather than inserting words."""
    if first.end() != second.start() or {first.lastgroup, second.lastgroup} != {"word", "bracket"}:
        return False
    bracket = first if first.lastgroup == "bracket" else second
    inner = bracket.group()[1:-1]
    return WORD_RE.fullmatch(inner) is not None


def _add_fused(parsed: ParsedQuote, printed: str) -> None:
    word = printed.replace("[", "").replace("]", "")
    position = len(parsed.tokens)
    parsed.brackets.append(Bracket(printed, position, position + 1, fused=True))
    parsed.tokens.append(QuoteToken(word, normalise_word(word), fused=True))


def align(quote_ids: list[int], source_ids: list[int]) -> list[Pair]:
    """Word-by-word alignment as a list of pairs in reading order. It keeps
    as many equal words as possible (longest common subsequence): a cheaper
    edit distance could pair a bracket's words with the wrong source words."""
    pairs: list[Pair] = []
    for tag, q1, q2, s1, s2 in Indel.opcodes(quote_ids, source_ids).as_list():
        if tag == "equal" or tag == "replace":
            common = min(q2 - q1, s2 - s1)
            pairs.extend(zip(range(q1, q1 + common), range(s1, s1 + common)))
            pairs.extend((q, None) for q in range(q1 + common, q2))
            pairs.extend((None, s) for s in range(s1 + common, s2))
        elif tag == "delete":  # rapidfuzz's first sequence is the quote
            pairs.extend((q, None) for q in range(q1, q2))
        else:
            pairs.extend((None, s) for s in range(s1, s2))
    return pairs


def core_span(
    parsed: ParsedQuote, quote_ids: list[int], window_ids: list[int], sentence_break: Callable[[int], bool]
) -> tuple[int, int] | None:
    """The stretch of `window_ids` the quote stands for, as [start, end) in
    window positions, or None when no word matches.

    The window is wider than the passage, so a global alignment may pin a
    stray quote word to a lone equal word in the margin: short equal runs at
    either edge, cut off from the rest by a gap the quote does not explain,
    are dropped. Quote words left unmatched at an edge then claim as many
    neighbouring source words (a substituted first or last word), but not
    across a sentence break. `sentence_break(k)` is True when a sentence ends
    between window words k-1 and k.
    """
    blocks = [
        (q1, s1, q2 - q1) for tag, q1, q2, s1, _ in Indel.opcodes(quote_ids, window_ids).as_list() if tag == "equal"
    ]
    if not blocks:
        return None
    gaps = set(parsed.ellipses)
    while len(blocks) > 1 and _stray(blocks[0], blocks[1], gaps):
        blocks.pop(0)
    while len(blocks) > 1 and _stray(blocks[-1], blocks[-2], gaps, left=False):
        blocks.pop()
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
    brackets = {parsed.tokens[i].bracket for i in positions} - {None}
    return sum(1 for i in positions if parsed.tokens[i].bracket is None) + len(brackets)


def _stray(edge: tuple[int, int, int], inner: tuple[int, int, int], gaps: set[int], left: bool = True) -> bool:
    a, b = (edge, inner) if left else (inner, edge)
    quote_gap = b[0] - (a[0] + a[2])
    source_gap = b[1] - (a[1] + a[2])
    explained = any(a[0] + a[2] <= g <= b[0] for g in gaps)
    return edge[2] <= 2 and source_gap > quote_gap + 3 and not explained
