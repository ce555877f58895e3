"""Finding a quote's original across the whole source library.

A generated library (by default 10,000 sources of about 20 KB each, about
200 MB of text: sentences of invented words drawn with a Zipf-like
frequency from a 20,000-word vocabulary, seeded) is added through the
library service (create_source: each text cut into passages) into a scratch
PostgreSQL database, which is ANALYZEd as autovacuum would. Then 500 quotes
are looked for with claims.originals.find_originals:

- verbatim: 10-40 words cut from a source, whole sentences or not;
- trimmed: a few words of a sentence (4-9);
- altered: 10-40 words edited the way articles edit quotes (dropped,
  substituted, swapped words, case, punctuation, an ellipsis, a bracket);
- absent: 10-40 words drawn from the same vocabulary, in no source.

For the present ones, the top candidate's source must be the one the quote
was cut from (target: 98% or more); for the absent ones, no candidate may
reach the acceptance score (claims.matching.MIN_SCORE), since every
candidate returned is at or above it. Time per quote, median and p95
(target p95 <= 100 ms on PostgreSQL).

Baseline, measured in the same run on the same database: the search
without the word index (the path SQLite takes: passages scanned for the
quote's longest words, then the same aligner), on --baseline-quotes quotes.

    python bench/bench_find_sources.py [--sources 10000] [--chars 20000] [--quotes 500]
                                       [--baseline-quotes 20] [--seed 11]
                                       [--postgres postgres://postgres@127.0.0.1:5432/test] [--keep | --reuse NAME]

The scratch database is created next to the one named and dropped
afterwards (--keep leaves it, and prints its name).
"""

import argparse
import itertools
import os
import random
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(Path(__file__).resolve().parent))

from bench_matching import make_vocabulary, perturb  # noqa: E402

TOP1_TARGET = 0.98
P95_TARGET_MS = 100.0
KINDS = ["verbatim", "trimmed", "altered", "absent"]
SHARES = [0.3, 0.2, 0.3, 0.2]


class Writer:
    """Sentences of vocabulary words with a Zipf-like frequency."""

    def __init__(self, rng: random.Random, vocabulary: list[str]):
        self.rng, self.vocabulary = rng, vocabulary
        self.cum = list(itertools.accumulate(1 / (rank + 1) for rank in range(len(vocabulary))))

    def words(self, count: int) -> list[str]:
        return self.rng.choices(self.vocabulary, cum_weights=self.cum, k=count)

    def sentence(self) -> str:
        words = self.words(self.rng.randint(6, 26))
        for k in range(2, len(words) - 2):
            if self.rng.random() < 0.06:
                words[k] += ","
        words[0] = words[0].capitalize()
        return " ".join(words) + self.rng.choice(".......?!")

    def text(self, size: int) -> str:
        paragraphs, length = [], 0
        while length < size:
            paragraph = " ".join(self.sentence() for _ in range(self.rng.randint(2, 7)))
            paragraphs.append(paragraph)
            length += len(paragraph) + 2
        return "\n\n".join(paragraphs)


def make_quotes(rng: random.Random, writer: Writer, texts: list[str], count: int) -> list[tuple[str, str, int | None]]:
    """(kind, quote, index of the source it was cut from or None)."""
    quotes = []
    for kind in rng.choices(KINDS, SHARES, k=count):
        if kind == "absent":
            quotes.append((kind, " ".join(writer.words(rng.randint(10, 40))), None))
            continue
        n = rng.randrange(len(texts))
        words = texts[n].split()
        length = rng.randint(4, 9) if kind == "trimmed" else rng.randint(10, 40)
        first = rng.randrange(max(1, len(words) - length))
        cut = words[first : first + length]
        if kind == "altered":
            cut, _ = perturb(rng, cut, writer.vocabulary)
        quotes.append((kind, " ".join(cut), n))
    return quotes


def percentile(values: list[float], share: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, max(0, round(share * len(ordered) + 0.5) - 1))]


def setup_django(database_url: str) -> None:
    os.environ["DATABASE_URL"] = database_url
    os.environ["DEBUG"] = "0"
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "workbench.settings")
    import django

    django.setup()
    from django.core.management import call_command

    call_command("migrate", verbosity=0)


def run(args, texts: list[str], quotes) -> None:
    from django.db import connection

    from claims.matching import MIN_SCORE
    from claims.models import Source
    from claims.originals import find_originals, forget_term_shares
    from claims.services.library import create_source

    start = time.perf_counter()
    ids = list(Source.objects.order_by("pk").values_list("pk", flat=True)) if args.reuse else []
    if ids and len(ids) != len(texts):
        sys.exit(f"{args.reuse} holds {len(ids)} sources, not the {len(texts)} asked for")
    for n, text in enumerate(texts if not ids else []):
        source, _ = create_source(title=f"Generated source {n}", text=text)
        ids.append(source.pk)
        if n and n % 1000 == 0:
            print(f"  {n} sources added, {time.perf_counter() - start:.0f} s", file=sys.stderr)
    loaded = max(time.perf_counter() - start, 1e-3)
    by_id = dict(zip(ids, texts))
    start = time.perf_counter()
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE claims_sourcepassage")
        cursor.execute("SELECT count(*), pg_total_relation_size('claims_sourcepassage') FROM claims_sourcepassage")
        passages, size = cursor.fetchone()
    forget_term_shares()
    analysed = time.perf_counter() - start
    mb = sum(len(t.encode()) for t in texts) / 1e6
    print(f"library: {len(texts)} sources, {mb:.1f} MB of text, {passages:,} passages "
          f"({size / 1e6:.0f} MB with indexes); added in {loaded:.0f} s ({mb / loaded:.2f} MB/s), "
          f"ANALYZE {analysed:.1f} s")

    def measure(sample, **options):
        times, outcome = [], {kind: [0, 0] for kind in KINDS}
        for kind, quote, n in sample:
            began = time.perf_counter()
            found = find_originals(quote, **options)
            times.append((time.perf_counter() - began) * 1000)
            if n is None:
                right = not found or found[0].score < MIN_SCORE
                if not right and args.verbose:
                    top = found[0]
                    print(f"  absent found: {quote!r} -> {(top.source_id, top.verdict, top.score, top.passage)}",
                          file=sys.stderr)
            else:
                # A few common words may stand in several sources word for
                # word: any of those is as right as the one cut from.
                right = bool(found) and (found[0].source_id == ids[n] or (
                    found[0].verdict == "verbatim" and quote in by_id[found[0].source_id]))
                if not right and args.verbose:
                    print(f"  missed {kind}: {quote!r} -> {[(c.source_id, c.verdict, c.score) for c in found[:3]]} "
                          f"(source {ids[n]})", file=sys.stderr)
            outcome[kind][0] += right
            outcome[kind][1] += 1
        return times, outcome

    measure(quotes[:5])  # warm up: statistics read, connection open
    times, outcome = measure(quotes)
    base_sample = quotes[: args.baseline_quotes]
    base_times, base_outcome = measure(base_sample, scan=True) if base_sample else ([], {})
    same_times = times[: len(base_sample)]

    present = [outcome[k] for k in KINDS if k != "absent"]
    top1 = sum(r for r, _ in present) / max(1, sum(t for _, t in present))
    absent_ok, absent_total = outcome["absent"]
    p95 = percentile(times, 0.95)
    print(f"{len(quotes)} quotes: " + ", ".join(f"{k} {outcome[k][0]}/{outcome[k][1]}" for k in KINDS))
    print(f"  top-1 source right for present quotes: {top1:.2%} (target {TOP1_TARGET:.0%}) "
          f"{'met' if top1 >= TOP1_TARGET else 'MISSED'}")
    print(f"  absent quotes with a candidate at or above the acceptance score {MIN_SCORE}: "
          f"{absent_total - absent_ok}/{absent_total} (target 0) {'met' if absent_ok == absent_total else 'MISSED'}")
    print(f"  index search per quote: median {statistics.median(times):.1f} ms, p95 {p95:.1f} ms, "
          f"max {max(times):.1f} ms (target p95 {P95_TARGET_MS:.0f} ms) {'met' if p95 <= P95_TARGET_MS else 'MISSED'}")
    if base_sample:
        base_right = sum(r for k, (r, t) in base_outcome.items())
        print(f"baseline (no word index, the SQLite path) on the first {len(base_sample)} quotes: "
              f"median {statistics.median(base_times):.1f} ms, p95 {percentile(base_times, 0.95):.1f} ms, "
              f"{base_right}/{len(base_sample)} right; the index on the same quotes: median "
              f"{statistics.median(same_times):.1f} ms, "
              f"{statistics.median(base_times) / statistics.median(same_times):.0f}x faster")


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--sources", type=int, default=10_000)
    parser.add_argument("--chars", type=int, default=20_000, help="about how long each source is")
    parser.add_argument("--quotes", type=int, default=500)
    parser.add_argument("--baseline-quotes", type=int, default=20)
    parser.add_argument("--seed", type=int, default=11)
    parser.add_argument("--postgres", default=os.environ.get("BENCH_POSTGRES", "postgres://postgres@127.0.0.1:5432/test"))
    parser.add_argument("--keep", action="store_true", help="keep the scratch database")
    parser.add_argument("--reuse", metavar="NAME", help="search the library kept by an earlier run with the same "
                        "--sources, --chars and --seed (--keep printed its database's name) instead of building it")
    parser.add_argument("--verbose", action="store_true", help="print each quote missed")
    args = parser.parse_args()

    rng = random.Random(args.seed)
    writer = Writer(rng, make_vocabulary(rng, 20_000))
    began = time.perf_counter()
    # Lengths vary around --chars, as real transcripts do.
    texts = [writer.text(int(args.chars * rng.uniform(0.3, 1.7))) for _ in range(args.sources)]
    quotes = make_quotes(rng, writer, texts, args.quotes)
    print(f"generated in {time.perf_counter() - began:.0f} s", file=sys.stderr)

    import psycopg

    base, _, _ = args.postgres.rpartition("/")
    name = args.reuse or f"bench_find_{os.getpid()}"
    if not args.reuse:
        with psycopg.connect(args.postgres, autocommit=True) as conn:
            conn.execute(f'CREATE DATABASE "{name}"')
    try:
        setup_django(f"{base}/{name}")
        run(args, texts, quotes)
    finally:
        from django.db import connections

        connections.close_all()
        if args.keep or args.reuse:
            print(f"kept the database {name}")
        else:
            with psycopg.connect(args.postgres, autocommit=True) as conn:
                conn.execute(f'DROP DATABASE IF EXISTS "{name}"')


if __name__ == "__main__":
    main()
