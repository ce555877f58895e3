"""Finding where a quote was first said, across the whole source library.

The text each source is compared with (its own text, else its newest
capture's) is kept as overlapping passages of about a hundred words
(SourcePassage, filled by services.library.index_source_text). A quote is
looked for in two steps:

1. Candidates, cheaply. On PostgreSQL, a GIN index over each passage's
   words (a generated tsvector, migration 0013) gives the passages holding
   at least two of the quote's rarer words: a word's share of passages is
   read from the column's statistics (pg_stats), so common words, which
   would match most of the library, are never asked for. A quote made only
   of common words asks for passages holding all of them. On SQLite the
   passages' text is scanned for the quote's longest words instead: the
   same results, slower on a large library.
   A quote of a few words that the aligner then finds nowhere word for
   word is looked for once more as a phrase (its words side by side, in
   its order): a handful of common words stand apart in thousands of
   passages, and the word search may not rank the one passage that holds
   them together among its first rows.
2. The aligner. The best few candidate passages, joined with their
   neighbours when they touch, and with one passage of context on either
   side, are compared with the quote by SourceIndex.match; what it finds,
   with the verdict the findings suggest, is ranked by score.

    find_originals(quote, speaker="Joe Biden")   # list[Candidate], best first
"""

from __future__ import annotations

import heapq
import math
import re
import time
from dataclasses import dataclass, replace

from django.db import connection
from django.db.models import Q

from .matching import MIN_SCORE, MatchResult, SourceIndex
from .matching.findings import find, suggest
from .models import Claim, Source, SourcePassage

# A passage is CHUNK_WORDS words; the next one starts STRIDE_WORDS later, so
# a quote of up to CHUNK_WORDS - STRIDE_WORDS words lies whole in one of
# them, and a longer one in two neighbours, which are joined. A 1 MB
# transcript makes about 3,500 passages.
CHUNK_WORDS = 100
STRIDE_WORDS = 50
# A word in more than this share of passages says little about where a
# quote is, and asking the index for it costs a long posting list.
COMMON_SHARE = 0.01
# With fewer rare words than this, words in up to FAIRLY_COMMON_SHARE of
# passages are paired with them.
MIN_PAIRED_TERMS = 4
FAIRLY_COMMON_SHARE = 0.25
# How many of a quote's rarest words the candidate query asks for (in
# pairs: a passage must hold two of them).
RARE_TERMS = 6
# Passages fetched by the candidate query, and windows then aligned.
CANDIDATE_ROWS = 30
ALIGNED_WINDOWS = 6
# A quote of at most this many words that the word search finds nowhere
# word for word is also looked for as a phrase.
PHRASE_WORDS = 9
# A source whose author is the speaker ranks a little higher; one whose
# transcript gives the words to someone else a little lower.
SPEAKER_BONUS = 0.05
# Seconds the column statistics are kept before being read again.
STATS_TTL = 300

_SPACE_SEPARATED = re.compile(r"\S+")
# Runs of letters and digits holding a letter: what PostgreSQL's 'simple'
# parser also makes one lexeme of (it splits at apostrophes and hyphens too,
# keeping a hyphenated word's parts as lexemes of their own). Numbers are
# left out: the parser keeps "3.5" and "-19" whole, and articles often
# rewrite figures anyway.
_TERM = re.compile(r"(?=[^\W_]*[^\W\d_])[^\W_]{2,}")


def passage_spans(text: str) -> list[tuple[int, int]]:
    """[start, end) of each passage of `text`, in order: CHUNK_WORDS words
    each, one every STRIDE_WORDS words, the last one reaching the end."""
    words = [m.span() for m in _SPACE_SEPARATED.finditer(text)]
    spans = []
    for first in range(0, len(words), STRIDE_WORDS):
        last = min(first + CHUNK_WORDS, len(words)) - 1
        spans.append((words[first][0], words[last][1]))
        if last == len(words) - 1:
            break
    return spans


def terms(text: str) -> list[str]:
    """The words of a text as the passage index knows them."""
    return [t.lower() for t in _TERM.findall(text)]


@dataclass(frozen=True, slots=True)
class Candidate:
    """A passage of a library source that may be where the quote comes
    from. `start` and `end` are offsets in the text the source is compared
    with (see sources.text_to_compare)."""

    source_id: int
    title: str
    start: int
    end: int
    passage: str
    verdict: str
    suggested_verdict: str | None
    suggestion_reason: str
    score: float
    match: MatchResult

    @property
    def suggested_label(self) -> str:
        return Claim.Verdict(self.suggested_verdict).label if self.suggested_verdict else ""

    def to_dict(self) -> dict:
        return {
            "source_id": self.source_id,
            "title": self.title,
            "start": self.start,
            "end": self.end,
            "passage": self.passage,
            "verdict": self.verdict,
            "suggested_verdict": self.suggested_verdict,
            "score": self.score,
        }


@dataclass(slots=True)
class _Row:
    source_id: int
    capture_id: int | None
    seq: int
    start: int
    end: int
    text: str


def find_originals(quote: str, *, speaker: str | None = None, limit: int = 5, scan: bool = False) -> list[Candidate]:
    """Passages of the library that the quote may come from, best first, at
    most `limit`, each at or above the aligner's acceptance score
    (matching.MIN_SCORE). Reads only. `scan` searches without the word
    index even on PostgreSQL (the benchmark's baseline)."""
    words = terms(quote)
    if not words:
        return []
    indexed = connection.vendor == "postgresql" and not scan
    rows = _pg_candidates(words) if indexed else _scanned_candidates(words)
    found: list[Candidate] = []
    _add_aligned(found, quote, rows, words, speaker)
    if indexed and len(words) <= PHRASE_WORDS and not any(c.verdict == "verbatim" for c in found):
        # A few words, most of them common, can stand in many passages that
        # hold them apart: ask for them side by side.
        _add_aligned(found, quote, _pg_phrase_candidates(quote, words), words, speaker)
    found.sort(key=lambda c: (-c.score, c.source_id, c.start))
    return found[:limit]


def _add_aligned(found: list[Candidate], quote: str, rows: list[_Row], words: list[str], speaker: str | None) -> None:
    windows = _windows(rows, set(words))
    sources = Source.objects.in_bulk({w[0].source_id for w in windows})
    for window in windows:
        source = sources.get(window[0].source_id)
        candidate = source and _align(quote, window, source, speaker)
        if candidate and not any(_same_place(candidate, other) for other in found):
            found.append(candidate)


# The candidate step.


def _pg_candidates(words: list[str]) -> list[_Row]:
    shares = _term_shares()
    distinct = sorted(dict.fromkeys(words), key=lambda w: (shares.get(w, 0.0), -len(w)))
    rare = [w for w in distinct if shares.get(w, 0.0) <= COMMON_SHARE][:RARE_TERMS]
    if len(rare) < MIN_PAIRED_TERMS:
        # Too few rare words to pair: the next rarest pair with them, which
        # still asks for far fewer passages than any one of them alone.
        rare = [w for w in distinct if shares.get(w, 0.0) <= FAIRLY_COMMON_SHARE][:MIN_PAIRED_TERMS]
    queries = []
    if len(rare) >= 2:
        queries.append(" | ".join(f"('{a}' & '{b}')" for i, a in enumerate(rare) for b in rare[i + 1 :]))
    if rare:
        queries.append(" | ".join(f"'{w}'" for w in rare))
    else:
        # Only common words: the passages holding all of them. GIN reads
        # the shortest posting list and skips through the others.
        queries.append(" & ".join(f"'{w}'" for w in distinct))
    for query in queries:
        with connection.cursor() as cursor:
            cursor.execute(
                'SELECT source_id, capture_id, seq, start, "end", text FROM claims_sourcepassage '
                "WHERE search @@ to_tsquery('simple', %s) "
                "ORDER BY ts_rank(search, to_tsquery('simple', %s)) DESC, id LIMIT %s",
                [query, query, CANDIDATE_ROWS],
            )
            rows = [_Row(*row) for row in cursor.fetchall()]
        if rows:
            return rows
    return []


def _pg_phrase_candidates(quote: str, words: list[str]) -> list[_Row]:
    """Passages holding the quote's words in its order, next to each other.
    The plain conjunction is there for the planner, which misjudges how
    rare a phrase is and would scan the table."""
    conjunction = " & ".join(f"'{w}'" for w in dict.fromkeys(words))
    with connection.cursor() as cursor:
        cursor.execute(
            'SELECT source_id, capture_id, seq, start, "end", text FROM claims_sourcepassage '
            "WHERE search @@ to_tsquery('simple', %s) AND search @@ phraseto_tsquery('simple', %s) "
            "ORDER BY ts_rank(search, phraseto_tsquery('simple', %s)) DESC, id LIMIT %s",
            [conjunction, quote, quote, CANDIDATE_ROWS],
        )
        return [_Row(*row) for row in cursor.fetchall()]


_stats: dict = {"at": float("-inf"), "shares": {}}


def _term_shares() -> dict[str, float]:
    """Share of passages holding each of the most common words, from the
    statistics PostgreSQL keeps of the search column (ANALYZE, run by
    autovacuum as the table grows); empty before the first ANALYZE, when
    every word counts as rare. Read again after STATS_TTL seconds."""
    now = time.monotonic()
    if now - _stats["at"] > STATS_TTL:
        with connection.cursor() as cursor:
            cursor.execute(
                "SELECT most_common_elems::text::text[], most_common_elem_freqs FROM pg_stats "
                "WHERE tablename = 'claims_sourcepassage' AND attname = 'search'"
            )
            row = cursor.fetchone()
        shares = {}
        if row and row[0]:
            shares = dict(zip(row[0], row[1]))
        _stats.update(at=now, shares=shares)
    return _stats["shares"]


def forget_term_shares() -> None:
    """Read the statistics again at the next search (after an ANALYZE)."""
    _stats["at"] = float("-inf")


def _scanned_candidates(words: list[str]) -> list[_Row]:
    """Without a word index: passages holding any of the quote's longest
    words, ranked by how many of the quote's words they share."""
    wanted = set(words)
    longest = sorted(wanted, key=lambda w: (-len(w), w))[:4]
    condition = Q()
    for word in longest:
        condition |= Q(text__icontains=word)
    fields = ("source_id", "capture_id", "seq", "start", "end", "text")
    best: list[tuple[int, int, tuple]] = []
    for n, values in enumerate(SourcePassage.objects.filter(condition).values_list(*fields).iterator(chunk_size=2000)):
        shared = len(wanted.intersection(terms(values[-1])))
        item = (shared, -n, values)
        if len(best) < CANDIDATE_ROWS:
            heapq.heappush(best, item)
        elif item > best[0]:
            heapq.heapreplace(best, item)
    return [_Row(*values) for _, _, values in sorted(best, reverse=True)]


# The aligner.


def _windows(rows: list[_Row], wanted: set[str]) -> list[list[_Row]]:
    """The best ALIGNED_WINDOWS runs of touching candidate passages of one
    source, each with one passage of context on either side."""
    by_source: dict[tuple, list[_Row]] = {}
    for row in rows:
        by_source.setdefault((row.source_id, row.capture_id), []).append(row)
    runs = []
    for group in by_source.values():
        group.sort(key=lambda r: r.seq)
        run = [group[0]]
        for row in group[1:]:
            if row.seq <= run[-1].seq + 1:
                run.append(row)
            else:
                runs.append(run)
                run = [row]
        runs.append(run)
    # Shared words weigh by how rare they are (all alike without statistics).
    shares = _term_shares() if connection.vendor == "postgresql" else {}
    weight = {w: math.log(1 / max(shares.get(w, 0.0), 1e-4)) for w in wanted}
    runs.sort(key=lambda run: -max(sum(weight[w] for w in wanted.intersection(terms(r.text))) for r in run))
    runs = runs[:ALIGNED_WINDOWS]
    return _with_context(runs)


def _with_context(runs: list[list[_Row]]) -> list[list[_Row]]:
    """Each run with the passage before and after it, fetched in one query."""
    wanted = Q()
    for run in runs:
        wanted |= Q(source_id=run[0].source_id, seq__in=[run[0].seq - 1, run[-1].seq + 1])
    if not runs:
        return []
    fields = ("source_id", "capture_id", "seq", "start", "end", "text")
    extra = {(r[0], r[2]): _Row(*r) for r in SourcePassage.objects.filter(wanted).values_list(*fields)}
    out = []
    for run in runs:
        before = extra.get((run[0].source_id, run[0].seq - 1))
        after = extra.get((run[0].source_id, run[-1].seq + 1))
        out.append([r for r in [before, *run, after] if r is not None and r.capture_id == run[0].capture_id])
    return out


def _align(quote: str, window: list[_Row], source: Source, speaker: str | None) -> Candidate | None:
    base = window[0].start
    text = window[0].text
    for row in window[1:]:
        # Passages are exact slices of one text: append what is new.
        covered = base + len(text)
        if row.start <= covered:
            text += row.text[covered - row.start :]
    result = SourceIndex(text).match(quote)
    if not result.found or result.score < MIN_SCORE:
        return None
    found = find(result, text, speaker=speaker, primary=source.reliability != Source.Reliability.SECONDARY)
    suggestion = suggest(result, found.findings)
    score = result.score
    if speaker and _names(source.author, speaker):
        score += SPEAKER_BONUS
    if any(f.kind == "said_by_other" for f in found.findings):
        score -= SPEAKER_BONUS
    result = replace(result, start=base + result.start, end=base + result.end)
    return Candidate(
        source_id=source.pk,
        title=source.title,
        start=result.start,
        end=result.end,
        passage=result.passage,
        verdict=str(result.verdict),
        suggested_verdict=suggestion.verdict if suggestion else None,
        suggestion_reason=suggestion.reason if suggestion else "",
        score=round(score, 4),
        match=result,
    )


def _names(author: str, speaker: str) -> bool:
    """The source's author field names the speaker (by surname at least)."""
    surname = terms(speaker)[-1:] if terms(speaker) else []
    return bool(surname) and surname[0] in terms(author)


def _same_place(a: Candidate, b: Candidate) -> bool:
    return a.source_id == b.source_id and a.start < b.end and b.start < a.end
