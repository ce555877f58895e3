"""The outcome of matching one quote: the passage found, the word-level
diff and the verdict that sums it up.

Diff convention, seen from the quote: "insert" holds words that are in the
quote only (the article added them), "delete" words that are in the source
only (the article dropped them), "replace" both sides of a substitution and
"equal" words that are the same after normalisation. An op explained by an
ellipsis or a [bracket] carries that `reason`, and an unexplained op whose
words reappear elsewhere in the diff is marked "reordered" or "moved".
"""

from bisect import bisect_left, bisect_right
from dataclasses import asdict, dataclass, field, replace
from enum import StrEnum
from typing import TYPE_CHECKING

from .align import Opcode, ParsedQuote, opcodes
from .normalise import OPENING_MARKS, collapse_spaces, ends_sentence, normalise_word, starts_sentence

if TYPE_CHECKING:
    from .findings import Finding, Suggestion

# Below this similarity a candidate passage is not the quote's source. Half
# the words shared on average (2·common / (quote words + passage words)) still
# finds heavily rewritten quotes while random passages score far lower.
MIN_SCORE = 0.5
CONTEXT_WORDS = 12
_EQUAL, _EDIT = ("equal",), ("edit",)


class Verdict(StrEnum):
    VERBATIM = "verbatim"
    NORMALISED = "normalised"
    EDITORIAL = "editorial"
    ALTERED = "altered"
    NOT_FOUND = "not_found"

    @property
    def label(self) -> str:
        """The comparison's outcome as a reader of a report reads it."""
        return VERDICT_LABELS[self]


VERDICT_LABELS = {
    Verdict.VERBATIM: "word for word",
    Verdict.NORMALISED: "same words (only punctuation, case or quote marks differ)",
    Verdict.EDITORIAL: "same words with marked edits (brackets or ellipses)",
    Verdict.ALTERED: "words changed",
    Verdict.NOT_FOUND: "not found in the source",
}


@dataclass(slots=True)
class DiffOp:
    op: str  # "equal" | "insert" (quote only) | "delete" (source only) | "replace"
    quote_words: list[str]
    source_words: list[str]
    reason: str | None = None  # "ellipsis" | "bracket" | "reordered" | "moved"

    def to_dict(self) -> dict:
        return {"op": self.op, "quote": self.quote_words, "source": self.source_words, "reason": self.reason}


@dataclass(slots=True)
class Omission:
    """What an ellipsis stands for: the source words it leaves out (maybe
    none), and the source text they span with the punctuation right after
    them, so a reviewer sees a dropped comma or full stop too; start == end
    for an empty omission."""

    words: list[str]
    start: int
    end: int
    text: str = ""


@dataclass(slots=True)
class Insertion:
    """A [bracketed insertion] and the source words it replaces (maybe none)."""

    text: str
    source_words: list[str]
    start: int | None
    end: int | None
    source_text: str = ""


@dataclass(frozen=True, slots=True)
class MatchResult:
    """The comparison of one quote with a source: the value that travels from
    matching to storage (see serialise), the pages and the exports.

    `findings`, `source_speaker` and `suggestion` are filled in by
    findings.assess, which needs to know who the article says spoke and what
    kind of source this is; `findings` is None until then (and for results
    stored before findings existed), an empty tuple when nothing changed
    the meaning."""

    verdict: Verdict
    score: float
    start: int | None = None
    end: int | None = None
    passage: str = ""
    diff: list[DiffOp] = field(default_factory=list)
    omissions: list[Omission] = field(default_factory=list)
    insertions: list[Insertion] = field(default_factory=list)
    context_before: str = ""
    context_after: str = ""
    trimmed: bool = False
    page: int | None = None
    findings: "tuple[Finding, ...] | None" = None
    # The label of the transcript turn the passage lies in ("President Biden", "Q").
    source_speaker: str | None = None
    suggestion: "Suggestion | None" = None

    @property
    def found(self) -> bool:
        return self.verdict != Verdict.NOT_FOUND

    @property
    def assessed(self) -> bool:
        return self.findings is not None

    def to_dict(self) -> dict:
        data = asdict(self)
        data["verdict"] = str(self.verdict)
        data["score"] = round(self.score, 4)
        data["diff"] = [op.to_dict() for op in self.diff]
        data["findings"] = None if self.findings is None else [f.to_dict() for f in self.findings]
        data["suggestion"] = self.suggestion.to_dict() if self.suggestion else None
        return data


@dataclass(slots=True)
class SourceWords:
    """The source seen as words: text, word offsets, word ids and the words
    as printed (kept, at about 9 bytes of memory per byte of text, because
    slicing them is much cheaper than cutting each word out of the text)."""

    text: str
    starts: list[int]
    ends: list[int]
    ids: list[int]
    printed: list[str]

    def word(self, k: int) -> str:
        return self.printed[k]


def not_found(score: float = 0.0) -> MatchResult:
    return MatchResult(verdict=Verdict.NOT_FOUND, score=score)


def located(
    source: SourceWords, start: int, end: int, verdict: Verdict, diff: list[DiffOp], words: range | None = None
) -> MatchResult:
    """A result for the passage source.text[start:end], with its context.
    `words`, when known, are the passage's word positions."""
    if words is None:
        before, after = bisect_right(source.ends, start), bisect_left(source.starts, end)
    else:
        before, after = words.start, words.stop
    context_start = source.starts[max(0, before - CONTEXT_WORDS)] if before else start
    context_end = source.ends[min(len(source.ends), after + CONTEXT_WORDS) - 1] if after < len(source.ends) else end
    text = source.text
    return MatchResult(
        verdict=verdict,
        score=1.0,
        start=start,
        end=end,
        passage=text[start:end],
        diff=diff,
        context_before=collapse_spaces(text[context_start:start]),
        context_after=collapse_spaces(text[end:context_end]),
        trimmed=not (starts_sentence(text, start) and ends_sentence(text, end)),
    )


def classify(source: SourceWords, parsed: ParsedQuote, quote_ids: list[int], first: int, last: int) -> MatchResult:
    """Compare the quote with source words [first, last) and build the result."""
    passage_ids = source.ids[first:last]
    steps = opcodes(quote_ids, passage_ids)
    claims: list[set[int]] = []
    omitted: list[set[int]] = []
    aligned: dict[int, int] = {}
    if parsed.plain:
        common = sum(q2 - q1 for tag, q1, q2, _, _ in steps if tag == "equal")
        shared = [i for tag, q1, q2, _, _ in steps if tag == "equal" for i in range(q1, q2)]
    else:
        for tag, q1, q2, s1, _ in steps:
            if tag == "equal":
                aligned.update(zip(range(q1, q2), range(s1, s1 + q2 - q1)))
        claims = _bracket_claims(parsed, aligned, len(passage_ids))
        omitted = _omissions(parsed, aligned, claims)
        common = len(aligned) - len(aligned.keys() & parsed.bracket_of.keys())
        shared = list(aligned)
    ops = _diff(parsed, steps, claims, omitted, source, first)
    _mark_reordering(ops)

    own_words = len(parsed.words) - len(parsed.bracket_of)
    explained = set().union(*claims, *omitted) if claims or omitted else set()
    passage_len = len(passage_ids) - len(explained)
    total = own_words + passage_len
    score = 2 * common / total if total else 0.0
    if score < MIN_SCORE or common < min(2, own_words) or not _shares_a_content_word(parsed.words, shared):
        return not_found(score)

    unexplained = any(op.op != "equal" and op.reason in (None, "reordered", "moved") for op in ops)
    if unexplained:
        verdict = Verdict.ALTERED
    elif parsed.brackets or parsed.ellipses:
        verdict = Verdict.EDITORIAL
    else:
        verdict = Verdict.NORMALISED
    result = located(source, source.starts[first], source.ends[last - 1], verdict, ops, range(first, last))
    return replace(
        result,
        score=score,
        omissions=[_omission(source, first, words, aligned, gap) for gap, words in zip(parsed.ellipses, omitted)],
        insertions=[_insertion(source, first, bracket.text, words) for bracket, words in zip(parsed.brackets, claims)],
    )


# Words that carry no meaning of their own: a passage sharing only these
# with a quote ("of", "to the") is not where it comes from.
FUNCTION_WORDS = frozenset(
    """
    a an the of to in on at by for from with as and or but nor so if then than that this these those
    is are was were be been being am it its i you he she we they me him her us them my your his our their
    not no do does did has have had will would can could shall should may might must there here what which
    who whom whose when where why how all any some each every such into onto upon about over out up off
    """.split()
)


def _shares_a_content_word(words: list[str], shared: list[int]) -> bool:
    """Whether the quote and the passage share a word that is not a function
    word, when the quote has one."""
    content = {i for i, word in enumerate(words) if _bare(word) not in FUNCTION_WORDS}
    return not content or any(i in content for i in shared)


def _bare(word: str) -> str:
    return "".join(ch for ch in normalise_word(word) if ch.isalnum() or ch in "'’-").strip("'’-")


def _anchor(parsed: ParsedQuote, aligned: dict[int, int], positions: range) -> int | None:
    """Source position of the first aligned quote word of the quote's own
    words (not bracketed) met in `positions`."""
    for i in positions:
        if i not in parsed.bracket_of and i in aligned:
            return aligned[i]
    return None


def _bracket_claims(parsed: ParsedQuote, aligned: dict[int, int], passage_len: int) -> list[set[int]]:
    """For each bracket, the passage positions of the source words it stands for.

    Without a neighbouring ellipsis a bracket stands for everything between
    the quote words around it. Next to an ellipsis the two share that gap:
    the bracket keeps the words up to the last one its own words align with
    ("[reached in Russian cyber attacks] ..." keeps "of cyber attacks"), and
    the ellipsis gets the rest.
    """
    claims: list[set[int]] = []
    gaps = set(parsed.ellipses)
    for bracket in parsed.brackets:
        if bracket.fused:
            s = aligned.get(bracket.first)
            claims.append(set() if s is None else {s})
            continue
        left = _anchor(parsed, aligned, range(bracket.first - 1, -1, -1))
        right = _anchor(parsed, aligned, range(bracket.last, len(parsed.words)))
        lo = -1 if left is None else left
        hi = passage_len if right is None else right
        own = [aligned[i] for i in range(bracket.first, bracket.last) if i in aligned and lo < aligned[i] < hi]
        before, after = bracket.first in gaps, bracket.last in gaps
        if not before and not after:
            claims.append(set(range(lo + 1, hi)))
        elif not own:
            claims.append(set())
        else:
            start = min(own) if before else lo + 1
            end = max(own) if after else hi - 1
            claims.append(set(range(start, end + 1)))
    return claims


def _omissions(parsed: ParsedQuote, aligned: dict[int, int], claims: list[set[int]]) -> list[set[int]]:
    """For each ellipsis, the passage positions of the source words it
    leaves out: those between the words either side of it that no bracket
    claims."""
    claimed = set().union(*claims) if claims else set()
    result: list[set[int]] = []
    for gap in parsed.ellipses:
        left = [aligned[i] for i in range(gap) if i in aligned]
        left += [max(c) for b, c in zip(parsed.brackets, claims) if c and b.last <= gap]
        right = [aligned[i] for i in range(gap, len(parsed.words)) if i in aligned]
        right += [min(c) for b, c in zip(parsed.brackets, claims) if c and b.first >= gap]
        if not left or not right:
            result.append(set())
            continue
        result.append({s for s in range(max(left) + 1, min(right)) if s not in claimed})
    return result


def _diff(
    parsed: ParsedQuote,
    steps: list[Opcode],
    claims: list[set[int]],
    omitted: list[set[int]],
    source: SourceWords,
    first: int,
) -> list[DiffOp]:
    """The diff along the alignment `steps`. Neighbouring words of one kind
    (equal, edited, explained by the same bracket or ellipsis) share an op,
    so words a bracket or an ellipsis explains form ops of their own
    whatever the alignment made of them. Steps that touch no bracket and
    no explained word are taken whole."""
    claim_of = {s: b for b, c in enumerate(claims) if not parsed.brackets[b].fused for s in c}
    omission_of = {s: k for k, c in enumerate(omitted) for s in c}
    bracket_of = parsed.bracket_of
    words, printed = parsed.words, source.printed
    ops: list[DiffOp] = []
    current: tuple | None = None

    def add(kind: tuple, quote_words: list[str], source_words: list[str]) -> None:
        nonlocal current
        if kind != current:
            reason = kind[0] if kind[0] in ("bracket", "ellipsis") else None
            ops.append(DiffOp("equal" if kind is _EQUAL else "", [], [], reason))
            current = kind
        ops[-1].quote_words += quote_words
        ops[-1].source_words += source_words

    explained = claim_of.keys() | omission_of.keys()
    for tag, q1, q2, s1, s2 in steps:
        if tag == "insert":  # source words only: the article dropped them
            if not explained or explained.isdisjoint(range(s1, s2)):
                add(_EDIT, [], printed[first + s1 : first + s2])
                continue
            for s in range(s1, s2):
                if s in claim_of:
                    add(("bracket", claim_of[s]), [], [printed[first + s]])
                elif s in omission_of:
                    add(("ellipsis", omission_of[s]), [], [printed[first + s]])
                else:
                    add(_EDIT, [], [printed[first + s]])
            continue
        kind = _EQUAL if tag == "equal" else _EDIT  # "delete": quote words only
        if not bracket_of or bracket_of.keys().isdisjoint(range(q1, q2)):
            add(kind, words[q1:q2], printed[first + s1 : first + s2])
            continue
        for q in range(q1, q2):
            counterpart = [printed[first + s1 + q - q1]] if tag == "equal" else []
            add(("bracket", bracket_of[q]) if q in bracket_of else kind, [words[q]], counterpart)
    _name_edits(ops)
    for op in ops:
        # Only a bracket can hold words equal to the ones it replaces ("[He]"
        # standing for "He"): the alignment pairs up every other equal word.
        if op.reason == "bracket" and op.op == "replace" and _norms(op.quote_words) == _norms(op.source_words):
            op.op = "equal"
    return ops


def _name_edits(ops: list[DiffOp]) -> None:
    for op in ops:
        if not op.op:
            op.op = "replace" if op.quote_words and op.source_words else ("insert" if op.quote_words else "delete")


def _norms(words: list[str]) -> list[str]:
    return [normalise_word(w) for w in words]


def _mark_reordering(ops: list[DiffOp]) -> None:
    """Name word-order changes: a substitution that only reorders its words,
    or words dropped in one place and added back in another."""

    def same_words(a: list[str], b: list[str]) -> bool:
        return len(a) == len(b) and sorted(_norms(a)) == sorted(_norms(b))

    for op in ops:
        if op.reason is None and op.op == "replace" and same_words(op.quote_words, op.source_words):
            op.reason = "reordered"
    added = [op for op in ops if op.reason is None and op.op == "insert"]
    dropped = [op for op in ops if op.reason is None and op.op == "delete"]
    for op in added:
        for other in dropped:
            if other.reason is None and same_words(op.quote_words, other.source_words):
                op.reason = other.reason = "moved"
                break


def _omission(source: SourceWords, first: int, words: set[int], aligned: dict[int, int], gap: int) -> Omission:
    if words:
        lo, hi = first + min(words), first + max(words)
        start, end = source.starts[lo], _through_punctuation(source.text, source.ends[hi])
        return Omission([source.word(k) for k in range(lo, hi + 1)], start, end, source.text[start:end])
    before = [aligned[i] for i in range(gap) if i in aligned]
    position = source.ends[first + max(before)] if before else source.starts[first]
    return Omission([], position, position)


def _insertion(source: SourceWords, first: int, text: str, words: set[int]) -> Insertion:
    if not words:
        return Insertion(text, [], None, None)
    lo, hi = first + min(words), first + max(words)
    start, end = source.starts[lo], source.ends[hi]
    return Insertion(text, [source.word(k) for k in range(lo, hi + 1)], start, end, source.text[start:end])


def _through_punctuation(text: str, end: int) -> int:
    while end < len(text) and not text[end].isspace() and not text[end].isalnum() and text[end] not in OPENING_MARKS:
        end += 1
    return end
