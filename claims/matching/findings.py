"""What changed between a published quote and its source, named so that a
reviewer can act on it, and the verdict that follows.

The diff says which words differ; a finding says what that does to the
quote: a sentence cut short ("Be quiet," where the source goes on "until I
speak"), words left out with or without an ellipsis, words added, swapped,
bracketed or moved, words that a transcript gives to someone else, a source
that only reports the words, or one in another language.

    found = find(result, source_text, speaker="Joe Biden")
    found.findings, found.source_speaker
    suggest(result, found.findings)   # Suggestion(verdict, reason) or None
    assess(result, source_text, speaker="Joe Biden")  # the result with all three filled in

Pure Python, no Django.
"""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from enum import StrEnum

from .classify import DiffOp, MatchResult
from .normalise import CLOSING_MARKS, OPENING_MARKS, SENTENCE_END, split_words
from .turns import label_names, transcript_turns, turn_at

# A cut sentence is shown up to its end, but no further than this.
_MAX_CUT_WORDS = 40


class FindingKind(StrEnum):
    CUT_MID_SENTENCE = "cut_mid_sentence"
    OMITTED_MARKED = "omitted_marked"
    OMITTED_UNMARKED = "omitted_unmarked"
    INSERTED = "inserted"
    SUBSTITUTED = "substituted"
    BRACKETED = "bracketed"
    REORDERED = "reordered"
    SAID_BY_OTHER = "said_by_other"
    SECONDARY_SOURCE = "secondary_source"
    DIFFERENT_LANGUAGE = "different_language"


@dataclass(frozen=True, slots=True)
class Finding:
    """One change, with the words on both sides; `start` and `end` are the
    source offsets of `source_words` (None when the source has none)."""

    kind: FindingKind
    quote_words: tuple[str, ...] = ()
    source_words: tuple[str, ...] = ()
    start: int | None = None
    end: int | None = None
    # For a cut: "before" or "after" the quote; for words given to someone
    # else: the label of the turn.
    detail: str = ""

    def summary(self) -> str:
        """One line a reviewer reads at a glance."""
        quote, source = " ".join(self.quote_words), " ".join(self.source_words)
        match self.kind:
            case FindingKind.CUT_MID_SENTENCE if self.detail == "before":
                return f"Cut mid-sentence: the source's sentence begins “{source}”"
            case FindingKind.CUT_MID_SENTENCE:
                return f"Cut mid-sentence: the source goes on “{source}”"
            case FindingKind.OMITTED_MARKED:
                return f"Left out behind an ellipsis: “{source}”"
            case FindingKind.OMITTED_UNMARKED:
                return f"Left out with no ellipsis: “{source}”"
            case FindingKind.INSERTED:
                return f"Added, not in the source: “{quote}”"
            case FindingKind.SUBSTITUTED:
                return f"Word changed: the source says “{source}”, the quote “{quote}”"
            case FindingKind.BRACKETED:
                return f"Editor's insert [{quote}]" + (f" for “{source}”" if source else "")
            case FindingKind.REORDERED:
                return f"Word order changed: “{source}” printed as “{quote}”"
            case FindingKind.SAID_BY_OTHER if self.detail.upper().rstrip(".") in ("Q", "QUESTION"):
                return f"Said by someone else: in the source a questioner ({self.detail}.) asks this"
            case FindingKind.SAID_BY_OTHER:
                return f"Said by someone else: in the source these are the words of {self.detail}"
            case FindingKind.SECONDARY_SOURCE:
                return "Found only in a secondary source (a report of the words, not the original)"
            case FindingKind.DIFFERENT_LANGUAGE:
                return f"The source is in another language ({self.detail}): compare the translation by hand"
        return str(self.kind)

    def to_dict(self) -> dict:
        return {
            "kind": str(self.kind),
            "quote_words": list(self.quote_words),
            "source_words": list(self.source_words),
            "start": self.start,
            "end": self.end,
            "detail": self.detail,
            "summary": self.summary(),
        }


@dataclass(slots=True)
class Findings:
    findings: list[Finding] = field(default_factory=list)
    # The label of the transcript turn the passage lies in, if the source is
    # a labelled transcript.
    source_speaker: str | None = None

    def of(self, kind: FindingKind) -> list[Finding]:
        return [f for f in self.findings if f.kind == kind]


@dataclass(frozen=True, slots=True)
class Suggestion:
    """A verdict (a Claim verdict code) and the one line that says why."""

    verdict: str
    reason: str

    def to_dict(self) -> dict:
        return {"verdict": self.verdict, "reason": self.reason}


def assess(
    result: MatchResult,
    source_text: str,
    *,
    speaker: str | None = None,
    principal: str | None = None,
    primary: bool = True,
    quote_language: str | None = None,
    source_language: str | None = None,
) -> MatchResult:
    """`result` with its findings, the label of the transcript turn it lies
    in and the suggested verdict filled in (see find for the arguments)."""
    found = find(
        result,
        source_text,
        speaker=speaker,
        principal=principal,
        primary=primary,
        quote_language=quote_language,
        source_language=source_language,
    )
    return replace(
        result,
        findings=tuple(found.findings),
        source_speaker=found.source_speaker,
        suggestion=suggest(result, found.findings),
    )


def find(
    result: MatchResult,
    source_text: str,
    *,
    speaker: str | None = None,
    principal: str | None = None,
    primary: bool = True,
    quote_language: str | None = None,
    source_language: str | None = None,
) -> Findings:
    """The findings for `result`, a match of a quote in `source_text`.

    `speaker` is who the article says spoke; `principal` the person a role
    label ("THE PRESIDENT") stands for in this source; `primary` False for a
    source that reports the words rather than being where they were said."""
    found = Findings()
    if quote_language and source_language and quote_language != source_language:
        found.findings.append(Finding(FindingKind.DIFFERENT_LANGUAGE, detail=source_language))
    if not result.found:
        return found
    if result.start is None or result.end is None:
        # A passage the reviewer typed that is not in the source text: its
        # words compare, but where it stands (its sentence, its turn) is unknown.
        found.findings += _swaps_as_reordering(_edits(result, None))
    else:
        start, end = _own_span(result, source_text)
        found.findings += _marked_cuts(result, _cuts(source_text, start, end), start, end)
        found.findings += _swaps_as_reordering(_edits(result, source_text))
        turns = transcript_turns(source_text)
        turn = turn_at(turns, start) if turns else None
        if turn is not None:
            found.source_speaker = turn.label
            if speaker and label_names(turn.label, speaker, principal=principal) is False:
                found.findings.append(Finding(FindingKind.SAID_BY_OTHER, detail=turn.label))
    if not primary:
        found.findings.append(Finding(FindingKind.SECONDARY_SOURCE))
    return found


def suggest(result: MatchResult, findings: list[Finding]) -> Suggestion | None:
    """The verdict the findings point to, or None when a reviewer has to
    judge without one (a source in another language)."""
    kinds = {f.kind for f in findings}
    first = {f.kind: f for f in reversed(findings)}
    if FindingKind.DIFFERENT_LANGUAGE in kinds:
        return None
    if not result.found:
        return Suggestion("unverifiable", "The quote was not found in the linked source.")
    if FindingKind.SAID_BY_OTHER in kinds:
        return Suggestion("misattributed", first[FindingKind.SAID_BY_OTHER].summary() + ".")
    for kind in (FindingKind.SUBSTITUTED, FindingKind.OMITTED_UNMARKED, FindingKind.INSERTED, FindingKind.REORDERED):
        if kind in kinds:
            return Suggestion("misquoted", first[kind].summary() + ".")
    for kind in (FindingKind.CUT_MID_SENTENCE, FindingKind.OMITTED_MARKED, FindingKind.BRACKETED):
        if kind in kinds:
            return Suggestion("accurate_context", first[kind].summary() + ".")
    if result.start is None:
        reason = (
            "The words are those of the passage given; it is not in the source text, so check its sentence by hand."
        )
    else:
        reason = "The words are the source's, and its sentence is quoted whole."
    if FindingKind.SECONDARY_SOURCE in kinds:
        reason += " Found only in a secondary source."
    return Suggestion("accurate", reason)


def _cuts(text: str, start: int, end: int) -> list[Finding]:
    found = []
    begin = _sentence_start(text, start)
    if begin < start and text[begin:start].strip():
        words = split_words(text[begin:start])[-_MAX_CUT_WORDS:]
        if words:
            found.append(
                Finding(
                    FindingKind.CUT_MID_SENTENCE,
                    source_words=tuple(w.text for w in words),
                    start=begin + words[0].start,
                    end=begin + words[-1].end,
                    detail="before",
                )
            )
    finish = _sentence_end(text, end)
    if finish > end:
        words = split_words(text[end:finish])[:_MAX_CUT_WORDS]
        if words:
            found.append(
                Finding(
                    FindingKind.CUT_MID_SENTENCE,
                    source_words=tuple(w.text for w in words),
                    start=end + words[0].start,
                    end=end + words[-1].end,
                    detail="after",
                )
            )
    return found


def _marked_cuts(result: MatchResult, cuts: list[Finding], start: int, end: int) -> list[Finding]:
    """A cut the quote marks with an ellipsis at its start or end ("... the
    council paid ...") is a marked omission of those words."""
    edges = {o.start for o in result.omissions if not o.words}
    marked = []
    for cut in cuts:
        at_edge = (end if cut.detail == "after" else start) in edges
        if at_edge:
            cut = Finding(FindingKind.OMITTED_MARKED, (), cut.source_words, cut.start, cut.end, cut.detail)
        marked.append(cut)
    return marked


def _swaps_as_reordering(found: list[Finding]) -> list[Finding]:
    """Two substitutions that trade words ("the road and the pier" for "the
    pier and the road") are one change of order."""
    swaps = [f for f in found if f.kind == FindingKind.SUBSTITUTED]
    crossed: set[int] = set()
    for i, a in enumerate(swaps):
        for j in range(i + 1, len(swaps)):
            b = swaps[j]
            if {i, j} & crossed:
                continue
            if _norm(a.quote_words) == _norm(b.source_words) and _norm(a.source_words) == _norm(b.quote_words):
                crossed |= {i, j}
    if not crossed:
        return found
    moved = [swaps[k] for k in sorted(crossed)]
    kept = [f for f in found if not any(f is m for m in moved)]
    first, last = moved[0], moved[-1]
    merged = Finding(
        FindingKind.REORDERED,
        tuple(w for m in moved for w in m.quote_words),
        tuple(w for m in moved for w in m.source_words),
        first.start,
        last.end,
    )
    return [*kept, merged]


def _own_span(result: MatchResult, text: str) -> tuple[int, int]:
    """The part of the passage the quote's own words cover. A passage a
    reviewer chose may hold source words around them ("Be quiet until I
    speak." for "Be quiet,"): those are diff ops with the reason "outside",
    and they are what the quote cut off, not what it left out."""
    start, end, diff = result.start, result.end, result.diff
    lead = _word_count(diff[0]) if diff and diff[0].reason == "outside" else 0
    trail = _word_count(diff[-1]) if len(diff) > 1 and diff[-1].reason == "outside" else 0
    if not lead and not trail:
        return start, end
    words = split_words(text[start:end])
    if lead + trail >= len(words):
        return start, end
    return start + words[lead].start, start + words[len(words) - trail - 1].end


def _word_count(op: DiffOp) -> int:
    """The source words of an op counted as split_words counts them (words
    outside the quote are kept as printed between spaces, punctuation and all)."""
    return len(split_words(" ".join(op.source_words)))


def _norm(words: tuple[str, ...]) -> list[str]:
    return [w.casefold() for w in words]


def _sentence_start(text: str, start: int) -> int:
    """Where the sentence holding `start` begins. A colon opens a sentence
    too ("I say to you: Be quiet ..."), and so does a line break."""
    i = start
    while i > 0 and text[i - 1] in " \t" + OPENING_MARKS:
        i -= 1
    if i == 0 or text[i - 1] in SENTENCE_END + ":\n\r":
        return start
    j = i
    while j > 0 and text[j - 1] not in SENTENCE_END + "\n\r:":
        j -= 1
    while j < start and (text[j].isspace() or text[j] in OPENING_MARKS):
        j += 1
    return j


def _sentence_end(text: str, end: int) -> int:
    """Where the sentence holding `end` ends (after its final mark); `end`
    itself when the quote stops at the sentence's end or just before its
    full stop."""
    i = end
    while i < len(text) and text[i] in CLOSING_MARKS:
        i += 1
    if i >= len(text) or text[i] in SENTENCE_END or text[i] in "\n\r":
        return end
    if end > 0 and text[end - 1] in SENTENCE_END:
        return end
    j = end
    while j < len(text) and text[j] not in SENTENCE_END and text[j] not in "\n\r":
        j += 1
    while j < len(text) and text[j] in SENTENCE_END:
        j += 1
    return j


def _edits(result: MatchResult, text: str | None) -> list[Finding]:
    """Findings from the diff, omissions and brackets, with the source
    offsets of the words each one involves (none when `text` is None: the
    passage is not in the source text)."""
    words = split_words(text[result.start : result.end]) if text is not None else []
    base = result.start or 0
    position = 0
    found: list[Finding] = []
    for op in result.diff:
        count = _word_count(op) if op.reason == "outside" else len(op.source_words)
        span = words[position : position + count]
        position += count
        start = base + span[0].start if span else None
        end = base + span[-1].end if span else None
        quote, source = tuple(op.quote_words), tuple(op.source_words)
        if op.op == "equal" or op.reason in ("ellipsis", "bracket", "outside"):
            continue
        if op.reason in ("reordered", "moved"):
            if source:
                found.append(Finding(FindingKind.REORDERED, quote, source, start, end))
            continue
        kind = {
            "delete": FindingKind.OMITTED_UNMARKED,
            "insert": FindingKind.INSERTED,
            "replace": FindingKind.SUBSTITUTED,
        }.get(op.op)
        if kind is not None:
            found.append(Finding(kind, quote, source, start, end))
    located = text is not None
    for omission in result.omissions:
        if omission.words:
            start, end = (omission.start, omission.end) if located else (None, None)
            found.append(Finding(FindingKind.OMITTED_MARKED, (), tuple(omission.words), start, end))
    for insertion in result.insertions:
        start, end = (insertion.start, insertion.end) if located else (None, None)
        found.append(
            Finding(FindingKind.BRACKETED, (insertion.text.strip("[]"),), tuple(insertion.source_words), start, end)
        )
    return found
