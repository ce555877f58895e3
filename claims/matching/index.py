"""Finding a quote in a long source text.

The source is cut into words once, each word gets an integer id (one id per
normalised form) and every pair of neighbouring words (a 2-word shingle) is
indexed by position.

A quote copied character for character, or equal to a passage once
normalised, holds its rarest pair of words at a known offset from the
passage's start, so comparing the passage at that pair's few places settles
it without aligning anything. Other quotes' shingles vote for the place they
start at (source position minus quote position, a "diagonal"); a few edits
only remove some votes, so the right place still collects the most. Only
the rarest shingles are consulted, which keeps the work per quote small
however long the source is. The best few places are then aligned word by
word.
"""

from bisect import bisect_left, bisect_right
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, replace
from itertools import islice, pairwise, repeat

from rapidfuzz.distance import LCSseq

from .align import ParsedQuote, core_span, parse_quote
from .classify import DiffOp, MatchResult, SourceWords, Verdict, classify, located, not_found
from .normalise import SENTENCE_END, WORD_RE, collapse_spaces, normalise_word

# Shingles found at more places than this say little about where a quote is.
COMMON_SHINGLE = 300
# Upper bound on votes counted per quote, so a quote made only of common
# word pairs still costs little.
VOTE_BUDGET = 200
MAX_SHINGLES = 12
# How many words an ellipsis may stand for: the parts of a quote on either
# side of it are looked for within this distance of each other.
MAX_OMISSION = 400
CANDIDATES = 3


class SourceIndex:
    """A source text prepared for matching many quotes against it."""

    def __init__(self, text: str) -> None:
        self.text = text
        spans = [m.span() for m in WORD_RE.finditer(text)]
        printed = [text[a:b] for a, b in spans]
        self._vocab: dict[str, int] = {}
        # Normalise each distinct spelling once; sources repeat words a lot.
        # Quotes mostly spell words as the source does, so they look up
        # their words' ids by spelling too.
        self._spellings = {w: self._vocab.setdefault(normalise_word(w), len(self._vocab)) for w in set(printed)}
        ids = list(map(self._spellings.__getitem__, printed))
        self.words = SourceWords(text, [a for a, _ in spans], [b for _, b in spans], ids, printed)
        self._width = width = len(self._vocab) + 1
        # A pair of word ids (a, b) is the key a * width + b, which hashes
        # and builds faster than a tuple.
        self._pairs = _positions(a * width + b for a, b in zip(ids, islice(ids, 1, None)))
        # Single words vote only for quotes with too few pairs in common,
        # so their index is built on first need.
        self._singles: dict[int, list[int]] | None = None

    def __len__(self) -> int:
        return len(self.words.ids)

    def match(self, quote: str) -> MatchResult:
        """The best passage for `quote`, or a not_found result."""
        query = self._query(quote)
        exact = self._exact(query, limit=1) or self._normalised(query, limit=1)
        if exact:
            return exact[0]
        return self._best(query)

    def match_all(self, quote: str, limit: int = 5) -> list[MatchResult]:
        """Up to `limit` distinct passages for `quote`, best first: verbatim
        occurrences in source order, then passages equal to the quote after
        normalisation in source order, then the closest other passages by
        score. Passages never overlap; an empty list when nothing matches."""
        query = self._query(quote)
        results = self._exact(query, limit=limit)
        for result in self._normalised(query, limit=limit + len(results)):
            if not any(_overlaps(result, other) for other in results):
                results.append(result)
        if len(results) >= limit:
            return results[:limit]
        if query.parsed.plain_positions():
            fuzzy: list[MatchResult] = []
            windows = self._ranked_windows(query, limit + len(results) + 2)
            shortest = max(1, len(query.parsed.plain_positions()) // 2)
            while windows and len(fuzzy) < limit:
                lo, hi = windows.pop(0)
                result = self._match_window(query, lo, hi)
                if not result.found:
                    continue
                if not any(_overlaps(result, other) for other in results + fuzzy):
                    fuzzy.append(result)
                # Repeats close together share a window: look on either side too.
                first = bisect_right(self.words.ends, result.start)
                last = bisect_left(self.words.starts, result.end)
                windows += [(a, b) for a, b in ((lo, first), (last, hi)) if b - a >= shortest]
            fuzzy.sort(key=lambda r: (-r.score, r.start))
            results += fuzzy
        return results[:limit]

    def _query(self, quote: str) -> "Query":
        parsed = parse_quote(quote)
        ids = list(map(self._spellings.get, parsed.words))
        if None in ids:
            # A spelling the source lacks may still be one of its words once
            # normalised. A word the source never uses gets an id no source
            # word has, the same one each time it recurs.
            unknown: dict[str, int] = {}
            for k, wid in enumerate(ids):
                if wid is None:
                    norm = normalise_word(parsed.words[k])
                    wid = self._vocab.get(norm)
                    ids[k] = unknown.setdefault(norm, -1 - len(unknown)) if wid is None else wid
        width = self._width
        # -1 is no pair's key: a pair with an unknown word finds nothing.
        keys = [a * width + b if a >= 0 and b >= 0 else -1 for a, b in zip(ids, islice(ids, 1, None))]
        pairs = list(map(self._pairs.get, keys, repeat(())))
        apart = parsed.apart()
        shingles = [() if k in apart else found for k, found in enumerate(pairs)] if apart else pairs
        return Query(quote, parsed, ids, pairs, shingles)

    # Exact occurrences.

    def _exact(self, query: "Query", limit: int) -> list[MatchResult]:
        """Verbatim occurrences of the first of the quote's forms that occurs."""
        for form in _exact_forms(query.text):
            found = self._occurrences(form, query, limit)
            if found:
                return [self._verbatim(at, at + len(form), query) for at in found]
        return []

    def _occurrences(self, form: str, query: "Query", limit: int) -> list[int]:
        """Where `form` occurs character for character, in source order.

        A quote may start or end inside a word, but its inner words are
        whole, so every occurrence holds the quote's rarest pair of inner
        words at a known offset: checking those few places replaces a scan
        of the whole text. Short quotes are scanned for.
        """
        if not any(bracket.fused for bracket in query.parsed.brackets):
            # The form's words are the quote's words: reuse their pairs.
            if len(query.ids) < 4:
                return self._scan(form, limit)
            inner = query.pairs[1:-1]
            if not all(inner):
                return []  # an inner pair of words the source never has
            best = 1 + _rarest(inner)
            offset = next(islice(WORD_RE.finditer(form), best, None)).start()
            places = inner[best - 1]
        else:
            words = list(WORD_RE.finditer(form))
            if len(words) < 4:
                return self._scan(form, limit)
            places, offset = [], 0
            for n, (left, right) in enumerate(pairwise(words[1:-1])):
                a, b = self._vocab.get(normalise_word(left.group())), self._vocab.get(normalise_word(right.group()))
                found = self._pairs.get(a * self._width + b, []) if a is not None and b is not None else []
                if not found:
                    return []
                if n == 0 or len(found) < len(places):
                    places, offset = found, left.start()
        starts, text = self.words.starts, self.text
        found = [
            starts[p] - offset for p in places if starts[p] >= offset and text.startswith(form, starts[p] - offset)
        ]
        return found[:limit]

    def _scan(self, form: str, limit: int) -> list[int]:
        found: list[int] = []
        at = self.text.find(form)
        while at >= 0 and len(found) < limit:
            found.append(at)
            at = self.text.find(form, at + 1)
        return found

    def _verbatim(self, start: int, end: int, query: "Query") -> MatchResult:
        if any(bracket.fused for bracket in query.parsed.brackets):
            words = WORD_RE.findall(self.text, start, end)
        else:
            words = list(query.parsed.words)  # the passage is the quote's own text
        diff = [DiffOp("equal", words, list(words))] if words else []
        return located(self.words, start, end, Verdict.VERBATIM, diff)

    def _normalised(self, query: "Query", limit: int) -> list[MatchResult]:
        """Passages whose words equal the quote's words after normalisation,
        in source order. Every such passage holds the quote's rarest pair of
        words at a known offset, so only that pair's places are compared."""
        count = len(query.ids)
        if not query.parsed.plain or count < 2 or not all(query.pairs):
            return []
        best = _rarest(query.pairs)
        ids, found = self.words.ids, []
        for p in query.pairs[best]:
            first = p - best
            if first >= 0 and ids[first : first + count] == query.ids:
                found.append(first)
                if len(found) == limit:
                    break
        results = [classify(self.words, query.parsed, query.ids, first, first + count) for first in found]
        # A source that wraps its lines or doubles its spaces still holds
        # the quote word for word: that is verbatim, not normalised.
        forms = {collapse_spaces(form) for form in _exact_forms(query.text)}
        return [
            replace(result, verdict=Verdict.VERBATIM)
            if result.verdict == Verdict.NORMALISED and collapse_spaces(result.passage) in forms
            else result
            for result in results
        ]

    # Approximate matches.

    def _best(self, query: "Query") -> MatchResult:
        best = not_found()
        if not query.parsed.plain_positions():
            return best
        for lo, hi in self._ranked_windows(query, CANDIDATES):
            result = self._match_window(query, lo, hi)
            if result.found:
                return result
            best = best if best.score >= result.score else result
        return best

    def _ranked_windows(self, query: "Query", limit: int) -> list[tuple[int, int]]:
        """Candidate word ranges, the one sharing most words with the quote first."""
        windows = self._windows(query, limit)
        if len(windows) < 2:
            return windows
        ids = self.words.ids
        shared = [LCSseq.similarity(query.ids, ids[lo:hi]) for lo, hi in windows]
        order = sorted(range(len(windows)), key=lambda k: (-shared[k], windows[k][0]))
        return [windows[k] for k in order]

    def _windows(self, query: "Query", limit: int) -> list[tuple[int, int]]:
        votes = self._votes(query)
        if not votes:
            return []
        size = len(query.ids)
        # Dropped or added words shift the diagonal a little, so nearby
        # diagonals form one cluster.
        tolerance = 4 + size // 4
        slack = 3 + size // 4
        stride = size + 1
        votes.sort()
        clusters: list[Cluster] = []
        lo = hi = votes[0] // stride
        positions: set[int] = set()
        for vote in votes:
            diagonal = vote // stride
            if diagonal - hi > tolerance:
                clusters.append(Cluster(lo, hi, positions))
                lo, positions = diagonal, set()
            hi = diagonal
            positions.add(vote - diagonal * stride)
        clusters.append(Cluster(lo, hi, positions))
        clusters.sort(key=lambda c: (-len(c.positions), c.lo))
        best = clusters[:limit]
        if query.parsed.ellipses:
            best = [_chain(c, clusters) for c in best]
        total = len(self.words.ids)
        return [(max(0, c.lo - slack), min(total, c.hi + size + slack)) for c in best]

    def _votes(self, query: "Query") -> list[int]:
        """Every place a consulted shingle occurs, as one sortable int per
        vote: diagonal * (quote length + 1) + quote position."""
        places = list(query.shingles)
        at = list(range(len(places)))  # the quote position each entry votes for
        sizes = list(map(len, places))
        if len(sizes) - sizes.count(0) < 2:
            # Very short or heavily rewritten quotes: single words also vote.
            for q in query.parsed.plain_positions():
                places.append(self._single_words().get(query.ids[q], ()))
                sizes.append(len(places[-1]))
                at.append(q)
        # Rarest first, skipping the pairs the source lacks.
        order = sorted(range(len(sizes)), key=sizes.__getitem__)[sizes.count(0) :]
        stride = len(query.ids) + 1
        votes: list[int] = []
        for n, k in enumerate(order):
            if n >= MAX_SHINGLES or (n and (sizes[k] > COMMON_SHINGLE or len(votes) + sizes[k] > VOTE_BUDGET)):
                break
            offset = at[k] * stride - at[k]  # (p - q) * stride + q == p * stride - offset
            votes += [p * stride - offset for p in places[k]]
        return votes

    def _single_words(self) -> dict[int, list[int]]:
        if self._singles is None:
            self._singles = _positions(self.words.ids)
        return self._singles

    def _match_window(self, query: "Query", lo: int, hi: int) -> MatchResult:
        parsed, ids = query.parsed, query.ids
        span = core_span(parsed, ids, self.words.ids[lo:hi], lambda k: self._sentence_break(lo + k))
        if span is None:
            return not_found()
        return classify(self.words, parsed, ids, lo + span[0], lo + span[1])

    def _sentence_break(self, position: int) -> bool:
        """True when a sentence ends or a line breaks between word
        `position - 1` and word `position`."""
        words = self.words
        if position <= 0 or position >= len(words.ids):
            return True
        gap = self.text[words.ends[position - 1] : words.starts[position]]
        return any(c in SENTENCE_END or c in "\r\n" for c in gap)


@dataclass(slots=True)
class Query:
    """A quote prepared for look-ups in one source."""

    text: str
    parsed: ParsedQuote
    ids: list[int]  # the source's word ids; negative for words the source never uses
    # pairs[k]: the source positions where quote words k and k+1 stand side
    # by side, empty when they never do; shingles[k] the same, but empty too
    # where the quote does not say they are neighbours (ParsedQuote.apart).
    pairs: list[Sequence[int]]
    shingles: list[Sequence[int]]


@dataclass(slots=True)
class Cluster:
    """Votes on neighbouring diagonals: one place the quote may start at."""

    lo: int
    hi: int
    positions: set[int]  # quote positions that voted


def _chain(seed: Cluster, clusters: list[Cluster]) -> Cluster:
    """An ellipsis shifts the diagonal of the quote's later parts by the
    length of the omission, so their votes form separate clusters. Join to
    `seed` the strongest cluster that continues it in order (later quote
    words, later in the source, at most MAX_OMISSION words further), on
    either side, until none is left."""
    chain = Cluster(seed.lo, seed.hi, set(seed.positions))
    while True:
        first, last = min(chain.positions), max(chain.positions)
        # Only a cluster's votes for the quote words beyond the chain count:
        # a common word pair elsewhere in the quote ("we will") may vote on
        # the same diagonal as the part after the ellipsis.
        options = []
        for c in clusters:
            if chain.hi < c.lo <= chain.hi + MAX_OMISSION:
                part = {p for p in c.positions if p > last}
            elif chain.lo - MAX_OMISSION <= c.hi < chain.lo:
                part = {p for p in c.positions if p < first}
            else:
                continue
            if part:
                options.append((c, part))
        if not options:
            return chain
        best, part = max(options, key=lambda option: len(option[1]))
        chain.lo, chain.hi = min(chain.lo, best.lo), max(chain.hi, best.hi)
        chain.positions |= part


def match_quote(source_text: str, quote: str) -> MatchResult:
    """Match one quote against a source indexed for this call only."""
    return SourceIndex(source_text).match(quote)


def _exact_forms(quote: str) -> list[str]:
    """The quote as given, then without the comma or full stop that the
    article's own punctuation added after it."""
    stripped = quote.strip()
    forms = [stripped] if stripped else []
    if stripped[-1:] in (",", ".") and not stripped.endswith(".."):
        shorter = stripped[:-1].rstrip()
        if shorter:
            forms.append(shorter)
    return forms


def _positions(keys: Iterable[int]) -> dict[int, list[int]]:
    """Each key with the positions it occurs at, in order."""
    positions: dict[int, list[int]] = {}
    for position, key in enumerate(keys):
        found = positions.get(key)
        if found is None:
            positions[key] = [position]
        else:
            found.append(position)
    return positions


def _rarest(places: list[Sequence[int]]) -> int:
    """The index of the shortest list of places."""
    sizes = list(map(len, places))
    return sizes.index(min(sizes))


def _overlaps(a: MatchResult, b: MatchResult) -> bool:
    return a.start < b.end and b.start < a.end
