"""Import throughput with repeats looked for, in a database already holding
many claims: articles per second through the real import path
(`import_upload`, as bench_import.py) with the search for earlier claims
that the new ones repeat (services.repeats.find_repeats), beside the same
import with that search left out, in the same run and the same database.

The database is first filled with --claims claims (200,000 by default)
written in bulk, each with its match key: a tenth of them the quotes the
generated articles use, a fifth those quotes with one word changed (near
repeats of the same speakers), the rest other sentences; spread over the
speakers the articles name, a few of them prolific, a third settled. Then
two kinds of articles are imported, each in alternating rounds with and
without the search, so that both meet the same table and the same load on
the machine: articles whose every quote is stored many times already (the
worst case: each claim links to MAX_REPEATS earlier ones), and articles by
the same speakers whose quotes are new (the usual case: nothing to link,
but each speaker's latest claims still read and compared).

"Without" replaces importers.find_repeats by a function that finds
nothing for the run's other half, so neither the candidate query nor the
insert of repeats happens; the match key is still computed and stored.

Rates are given by the clock and by the import's CPU time, this process's
and its import processes' (the clock also counts other people's work on a
shared machine; the CPU time leaves out the PostgreSQL server's). The
target is TARGET articles/s by the clock. Each number of processes in
--workers (1 and 2 by default) is measured in the same rounds: the
articles go through `import_articles --workers N`'s path, N processes at
once; with one they are imported in this process, one after another.

    python bench/bench_repeats.py [--claims 200000] [--articles 200] [--rounds 5] [--workers 1 2]
                                  [--postgres postgres://postgres@127.0.0.1:5432/postgres] [--sqlite]

With --postgres the scratch database is created next to the one named and
dropped afterwards; the named database itself is only used to connect.
With --sqlite a temporary SQLite file is used instead.
"""

import argparse
import os
import random
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench_import import FIRST, LAST, QUOTES, make_article, setup_django

TARGET = 50.0
# Sentences are drawn from a few thousand words with Zipf's frequencies, as
# language has them: a handful of words ("the", "will") in most sentences,
# most words in few. A small vocabulary drawn evenly would make any two
# sentences share most of their words, which no two quotes do.
COMMON = (
    "the council plan budget rail harbour minister said will not cannot families towns drivers contract invoice "
    "region investment generation numbers room everyone knows simply consulted passengers line publish every "
    "email more less pay keep asking we they our their this that these those report week year month deal"
).split()
_SYLLABLES = ["ka", "lo", "mi", "ne", "ru", "sa", "ti", "vo", "ber", "dan", "gor", "hel", "mar", "pol", "sen", "tor"]
VOCABULARY = ["the", "we", "will", "to", "and", "a", "of", "in", "is", "that"] + COMMON + [
    a + b + c for a in _SYLLABLES for b in _SYLLABLES for c in _SYLLABLES[:12]
]
_WEIGHTS = [1 / rank for rank in range(1, len(VOCABULARY) + 1)]


def sentence(rng: random.Random, low: int, high: int) -> str:
    return " ".join(rng.choices(VOCABULARY, _WEIGHTS, k=rng.randint(low, high))).capitalize()


def fill(n_claims: int, rng: random.Random) -> None:
    """Write n_claims claims (and articles to hold them, 50 each) in bulk."""
    from django.db import connection, transaction

    from claims.bulk import insert_rows
    from claims.models import Article, Claim, Speaker
    from claims.repeats import match_key

    speakers = list(Speaker.objects.filter(kind=Speaker.Kind.PERSON).values_list("pk", flat=True))
    # A few prolific speakers, as in the news: a fifth of the speakers say half the claims.
    prolific = speakers[: max(1, len(speakers) // 5)]
    per_article = 50
    batch = 10_000
    with transaction.atomic():
        insert_rows(Article, [
            {"title": f"Filler {i}", "raw_text": "x", "cleaned_text": "x", "content_hash": f"bench-fill-{i}"}
            for i in range((n_claims + per_article - 1) // per_article)
        ])
    articles = list(Article.objects.filter(content_hash__startswith="bench-fill-").order_by("pk")
                    .values_list("pk", flat=True))
    for first in range(0, n_claims, batch):
        rows = []
        for i in range(first, min(first + batch, n_claims)):
            roll = rng.random()
            if roll < 0.1:
                text = rng.choice(QUOTES)
            elif roll < 0.3:
                words = rng.choice(QUOTES).split()
                words[rng.randrange(len(words))] = rng.choice(COMMON)
                text = " ".join(words)
            else:
                text = sentence(rng, 6, 30)
            settled = rng.random() < 0.33
            rows.append({
                "article_id": articles[i // per_article],
                "kind": Claim.Kind.QUOTE,
                "text": text,
                "start": (i % per_article) * 10,
                "end": (i % per_article) * 10 + 5,
                "speaker_id": rng.choice(prolific if rng.random() < 0.5 else speakers),
                "match_key": match_key(text),
                "state": Claim.State.DONE if settled else Claim.State.NEW,
                "verdict": Claim.Verdict.ACCURATE if settled else Claim.Verdict.UNRATED,
            })
        with transaction.atomic():
            insert_rows(Claim, rows)
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("ANALYZE")


def plan_indexes() -> list[str]:
    """The indexes PostgreSQL reads for a candidate query of one key and
    one speaker, both among the commonest."""
    import re

    from django.db import connection
    from django.db.models import Count

    from claims.models import Claim
    from claims.services.repeats import candidate_query

    key = Claim.objects.values("match_key").annotate(n=Count("id")).order_by("-n").first()["match_key"]
    speaker = Claim.objects.values("speaker").annotate(n=Count("id")).order_by("-n").first()["speaker"]
    sql, params = candidate_query([(key, None)], [speaker])
    with connection.cursor() as cursor:
        cursor.execute("EXPLAIN " + sql, params)
        plan = "\n".join(line for (line,) in cursor.fetchall())
    return sorted(set(re.findall(r"Index(?: Only)? Scan(?: Backward)? using (\w+)", plan)))


def fresh_article(rng: random.Random, n: int) -> str:
    """An article as make_article writes it, by the same speakers, whose
    quotes are new: no exact repeats, near ones looked for among the
    speakers' latest claims."""
    import bench_import

    quotes = bench_import.QUOTES
    bench_import.QUOTES = [sentence(rng, 9, 18) for _ in range(5)]
    try:
        return make_article(rng, n)
    finally:
        bench_import.QUOTES = quotes


def run(database_url: str, args) -> None:
    setup_django(database_url)
    from django.db import connection

    from claims import importers
    from claims.models import Claim

    rng = random.Random(42)
    # Speakers and their aliases come from real imports, as in use.
    for i in range(30):
        importers.import_upload(name=f"seed{i}.txt", data=make_article(rng, 100_000 + i).encode())
    start = time.perf_counter()
    fill(args.claims, rng)
    print(f"{connection.vendor}: {Claim.objects.count():,} claims stored "
          f"({time.perf_counter() - start:.0f} s to fill), {len(FIRST) * len(LAST)} possible speaker names")
    if connection.vendor == "postgresql":
        print("  the candidate query reads the indexes: " + (", ".join(plan_indexes()) or "none"))
    scenarios = {
        "articles whose quotes are all stored already (the worst case)": make_article,
        "articles of new quotes by the same speakers": fresh_article,
    }
    for n, (title, write) in enumerate(scenarios.items()):
        print(f"  {title}:")
        texts = [write(rng, (n + 1) * 1_000_000 + i) for i in range(2 * len(args.workers) * args.articles)]
        measure(texts, args)


def measure(texts: list[str], args) -> None:
    """Import `texts` in alternating rounds with and without the search,
    in each number of processes asked for, and print the rates."""
    from claims import importers
    from claims.import_pool import import_files
    from claims.models import ClaimRepeat

    find_repeats = importers.find_repeats
    searches = {"with repeats": find_repeats, "without": lambda rows: []}
    modes = [(search, workers) for workers in args.workers for search in searches]
    spent = {mode: [0.0, 0.0, 0] for mode in modes}
    per_round = max(1, len(texts) // len(modes) // args.rounds)
    found_before = ClaimRepeat.objects.count()
    files = iter(enumerate(texts))
    with tempfile.TemporaryDirectory() as folder:
        for r in range(args.rounds):
            # Alternate the order, so that no mode always meets a warmer cache.
            for search, workers in modes if r % 2 == 0 else modes[::-1]:
                # Set before the import's processes are forked: they take it with them.
                importers.find_repeats = searches[search]
                paths = []
                for i, text in (next(files) for _ in range(per_round)):
                    paths.append(Path(folder) / f"a{i}.txt")
                    paths[-1].write_text(text, encoding="utf-8")
                clock, cpu = time.perf_counter(), _cpu()
                statuses = [o.status for _, outcomes in import_files(paths, workers=workers) for o in outcomes]
                spent[search, workers][0] += time.perf_counter() - clock
                spent[search, workers][1] += _cpu() - cpu
                spent[search, workers][2] += len(paths)
                assert statuses == ["imported"] * len(paths), statuses[:3]
    importers.find_repeats = find_repeats
    found = ClaimRepeat.objects.count() - found_before
    for (search, workers), (clock, cpu, n) in spent.items():
        processes = "1 process" if workers == 1 else f"{workers} processes"
        print(
            f"    {search:>12}, {processes:<11}: {n / clock:7.1f} articles/s ({n / cpu:6.1f}/s in CPU time), "
            f"{1000 * clock / n:6.1f} ms per article"
        )
    for workers in args.workers:
        with_, without = spent["with repeats", workers], spent["without", workers]
        print(
            f"    in {workers} process(es) the search for repeats costs "
            f"{1000 * (with_[0] / with_[2] - without[0] / without[2]):.1f} ms per article by the clock, "
            f"{1000 * (with_[1] / with_[2] - without[1] / without[2]):.1f} ms of CPU"
        )
    print(f"    {found:,} repeats found; target {TARGET:.0f} articles/s")


def _cpu() -> float:
    """CPU seconds of this process and of the import processes it waited for."""
    times = os.times()
    return times.user + times.system + times.children_user + times.children_system


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--claims", type=int, default=200_000)
    parser.add_argument("--articles", type=int, default=200, help="imported in each mode")
    parser.add_argument("--rounds", type=int, default=5)
    parser.add_argument("--workers", type=int, nargs="+", default=[1, 2],
                        help="numbers of import processes to compare (import_articles --workers)")
    parser.add_argument("--postgres", default=os.environ.get("BENCH_POSTGRES", "postgres://postgres@127.0.0.1:5432/postgres"))
    parser.add_argument("--sqlite", action="store_true", help="a temporary SQLite file instead of PostgreSQL")
    args = parser.parse_args()
    if args.sqlite:
        with tempfile.TemporaryDirectory() as tmp:
            run(f"sqlite:///{tmp}/bench.sqlite3", args)
        return
    import psycopg

    base, _, _ = args.postgres.rpartition("/")
    name = f"bench_repeats_{os.getpid()}"
    with psycopg.connect(args.postgres, autocommit=True) as conn:
        conn.execute(f'CREATE DATABASE "{name}"')
    try:
        run(f"{base}/{name}", args)
    finally:
        from django.db import connections

        connections.close_all()
        with psycopg.connect(args.postgres, autocommit=True) as conn:
            conn.execute(f'DROP DATABASE IF EXISTS "{name}"')


if __name__ == "__main__":
    main()
