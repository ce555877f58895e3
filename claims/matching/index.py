"""Finding a quote in a long source text.

The source is cut into words once, each word gets an integer id (one id per
normalised form) and every pair of neighbouring words (a 2-word shingle) is
indexed by position. A quote's shingles vote for the place it starts at
(source position minus quote position, a "diagonal"); a few edits only
remove some votes, so the right place still collects the most. Only the
rarest shingles are consulted, which keeps the work per quote small however
long the source is. The best few places are then aligned word by word.
"""

from bisect import bisect_left, bisect_right
from dataclasses import dataclass
from itertools import islice

from rapidfuzz.distance import LCSseq

from .align import ParsedQuote, core_span, parse_quote
from .classify import DiffOp, MatchResult, SourceWords, Verdict, classify, located, not_found
from .normalise import SENTENCE_END, WORD_RE, normalise_word

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
        raw = [text[a:b] for a, b in spans]
        self._vocab: dict[str, int] = {}
        # Normalise each distinct spelling once; sources repeat words a lot.
        id_of = {w: self._vocab.setdefault(normalise_word(w), len(self._vocab)) for w in set(raw)}
        ids = [id_of[w] for w in raw]
        self.words = SourceWords(text, [a for a, _ in spans], [b for _, b in spans], ids)
        self._width = len(self._vocab) + 1
        self._pairs: dict[int, list[int]] = {}
        width = self._width
        for position, key in enumerate(a * width + b for a, b in zip(ids, islice(ids, 1, None))):
            found = self._pairs.get(key)
            if found is None:
                self._pairs[key] = [position]
            else:
                found.append(position)
        self._singles: dict[int, list[int]] | None = None

    def __len__(self) -> int:
        return len(self.words.ids)

    def match(self, quote: str) -> MatchResult:
        """The best passage for `quote`, or a not_found result."""
        exact = self._exact(_exact_forms(quote), limit=1)
        if exact:
            return exact[0]
        parsed, quote_ids = self._parse(quote)
        return self._best(parsed, quote_ids)

    def _best(self, parsed: ParsedQuote, quote_ids: list[int]) -> MatchResult:
        best = not_found()
        if not parsed.plain_positions():
            return best
        for lo, hi in self._ranked_windows(parsed, quote_ids, CANDIDATES):
            result = self._match_window(parsed, quote_ids, lo, hi)
            if result.found:
                return result
            best = best if best.score >= result.score else result
        return best

    def match_all(self, quote: str, limit: int = 5) -> list[MatchResult]:
        """Up to `limit` distinct passages for `quote`, best first: exact
        occurrences in source order, then the closest other passages."""
        results = self._exact(_exact_forms(quote), limit=limit)
        parsed, quote_ids = self._parse(quote)
        if parsed.plain_positions():
            fuzzy: list[MatchResult] = []
            windows = self._ranked_windows(parsed, quote_ids, limit + len(results) + 2)
            shortest = max(1, len(parsed.plain_positions()) // 2)
            while windows and len(fuzzy) < limit:
                lo, hi = windows.pop(0)
                result = self._match_window(parsed, quote_ids, lo, hi)
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

    # Exact occurrences.

    def _exact(self, forms: list[str], limit: int) -> list[MatchResult]:
        """Verbatim occurrences of the first of `forms` that occurs."""
        for form in forms:
            found = self._occurrences(form, limit)
            if found:
                return [self._verbatim(at, at + len(form)) for at in found]
        return []

    def _occurrences(self, form: str, limit: int) -> list[int]:
        """Where `form` occurs character for character, in source order.

        A quote may start or end inside a word, but its inner words are
        whole, so every occurrence holds the quote's rarest pair of inner
        words at a known offset: checking those few places replaces a scan
        of the whole text. Short quotes are scanned for.
        """
        words = list(WORD_RE.finditer(form))
        if len(words) < 4:
            found: list[int] = []
            at = self.text.find(form)
            while at >= 0 and len(found) < limit:
                found.append(at)
                at = self.text.find(form, at + 1)
            return found
        best: list[int] | None = None
        offset = 0
        for left, right in zip(words[1:-2], words[2:-1]):
            a, b = self._vocab.get(normalise_word(left.group())), self._vocab.get(normalise_word(right.group()))
            if a is None or b is None:
                return []  # an inner word the source never uses
            places = self._pairs.get(a * self._width + b, [])
            if best is None or len(places) < len(best):
                best, offset = places, left.start()
                if len(best) <= 1:
                    break
        starts, text = self.words.starts, self.text
        found = [
            starts[p] - offset for p in best or [] if starts[p] >= offset and text.startswith(form, starts[p] - offset)
        ]
        return found[:limit]

    def _verbatim(self, start: int, end: int) -> MatchResult:
        words = WORD_RE.findall(self.text, start, end)
        diff = [DiffOp("equal", words, list(words))] if words else []
        return located(self.words, start, end, Verdict.VERBATIM, diff)

    # Approximate matches.

    def _parse(self, quote: str) -> tuple[ParsedQuote, list[int]]:
        parsed = parse_quote(quote)
        unknown: dict[str, int] = {}
        ids = []
        for norm in parsed.norms:
            wid = self._vocab.get(norm)
            if wid is None:  # a word the source never uses: an id no source word has
                wid = unknown.setdefault(norm, -1 - len(unknown))
            ids.append(wid)
        return parsed, ids

    def _ranked_windows(self, parsed: ParsedQuote, quote_ids: list[int], limit: int) -> list[tuple[int, int]]:
        """Candidate word ranges, the one sharing most words with the quote first."""
        windows = self._windows(parsed, quote_ids, limit)
        ids = self.words.ids
        shared = [LCSseq.similarity(quote_ids, ids[lo:hi]) for lo, hi in windows]
        order = sorted(range(len(windows)), key=lambda k: (-shared[k], windows[k][0]))
        return [windows[k] for k in order]

    def _windows(self, parsed: ParsedQuote, quote_ids: list[int], limit: int) -> list[tuple[int, int]]:
        votes = self._votes(parsed, quote_ids)
        if not votes:
            return []
        size = len(quote_ids)
        # Dropped or added words shift the diagonal a little, so nearby
        # diagonals form one cluster.
        tolerance = 4 + size // 4
        slack = 3 + size // 4
        stride = size + 1
        votes.sort()
        first = votes[0]
        current = Cluster(first // stride, first // stride, {first % stride})
        clusters: list[Cluster] = []
        for vote in votes:
            diagonal = vote // stride
            if diagonal - current.hi > tolerance:
                clusters.append(current)
                current = Cluster(diagonal, diagonal, set())
            current.hi = diagonal
            current.positions.add(vote % stride)
        clusters.append(current)
        clusters.sort(key=lambda c: (-len(c.positions), c.lo))
        best = clusters[:limit]
        if parsed.ellipses:
            best = [_chain(c, clusters) for c in best]
        total = len(self.words.ids)
        return [(max(0, c.lo - slack), min(total, c.hi + size + slack)) for c in best]

    def _votes(self, parsed: ParsedQuote, quote_ids: list[int]) -> list[int]:
        """Every place a consulted shingle occurs, as one sortable int per
        vote: diagonal * (quote length + 1) + quote position."""
        width = self._width
        shingles: list[tuple[int, int, list[int]]] = []
        for run in parsed.runs():
            for a, b in zip(run, run[1:]):
                if quote_ids[a] >= 0 and quote_ids[b] >= 0:
                    found = self._pairs.get(quote_ids[a] * width + quote_ids[b])
                    if found:
                        shingles.append((len(found), a, found))
        if len(shingles) < 2:
            # Very short or heavily rewritten quotes: single words also vote.
            singles = self._single_words()
            for q in parsed.plain_positions():
                found = singles.get(quote_ids[q])
                if found:
                    shingles.append((len(found), q, found))
        shingles.sort(key=lambda s: s[0])
        stride = len(quote_ids) + 1
        votes: list[int] = []
        for n, (count, q, found) in enumerate(shingles):
            if n >= MAX_SHINGLES or (n and (count > COMMON_SHINGLE or len(votes) + count > VOTE_BUDGET)):
                break
            offset = q * stride - q  # (p - q) * stride + q == p * stride - offset
            votes.extend(p * stride - offset for p in found)
        return votes

    def _single_words(self) -> dict[int, list[int]]:
        if self._singles is None:
            singles: dict[int, list[int]] = {}
            for position, wid in enumerate(self.words.ids):
                singles.setdefault(wid, []).append(position)
            self._singles = singles
        return self._singles

    def _match_window(self, parsed: ParsedQuote, quote_ids: list[int], lo: int, hi: int) -> MatchResult:
        span = core_span(parsed, quote_ids, self.words.ids[lo:hi], lambda k: self._sentence_break(lo + k))
        if span is None:
            return not_found()
        return classify(self.words, parsed, quote_ids, lo + span[0], lo + span[1])

    def _sentence_break(self, position: int) -> bool:
        """True when a sentence ends or a line breaks between word
        `position - 1` and word `position`."""
        words = self.words
        if position <= 0 or position >= len(words.ids):
            return True
        gap = self.text[words.ends[position - 1] : words.starts[position]]
        return any(c in SENTENCE_END or c in "\r\n" for c in gap)


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
        options = [
            c
            for c in clusters
            if (min(c.positions) > last and chain.hi < c.lo <= chain.hi + MAX_OMISSION)
            or (max(c.positions) < first and chain.lo - MAX_OMISSION <= c.hi < chain.lo)
        ]
        if not options:
            return chain
        best = max(options, key=lambda c: len(c.positions))
        chain.lo, chain.hi = min(chain.lo, best.lo), max(chain.hi, best.hi)
        chain.positions |= best.positions


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


def _overlaps(a: MatchResult, b: MatchResult) -> bool:
    return a.start < b.end and b.start < a.end
