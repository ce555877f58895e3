"""Import throughput with repeats looked for, in a database already holding
many claims: articles per second through the real import path
(`import_upload`, as bench_import.py) with the search for earlier claims
that the new ones repeat (services.repeats.find_repeats), beside the same
import with that search left out, in the same run and the same database.

The database is first filled with --claims claims (200,000 by default)
written in bulk, each with its match key: a tenth of them the quotes the
generated articles use (so every new quote has many exact repeats, the
costly case), a fifth those quotes with one word changed (near repeats of
the same speakers), the rest other sentences; spread over the speakers
the articles name, a few of them prolific, a third settled. Then articles
are imported in alternating rounds with and without the search, so that
both meet the same table and the same load on the machine.

"Without" replaces importers.find_repeats by a function that finds
nothing for the run's other half, so neither the candidate query nor the
insert of repeats happens; the match key is still computed and stored.

Rates are given by the clock and by this process's CPU time (the clock
also counts other people's work on a shared machine; the CPU time leaves
out the PostgreSQL server's). The target is TARGET articles/s by the clock.

    python bench/bench_repeats.py [--claims 200000] [--articles 200] [--rounds 5]
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
VOCABULARY = (
    "the council plan budget rail harbour minister said will not cannot families towns drivers contract invoice "
    "region investment generation numbers room everyone knows simply consulted passengers line publish every "
    "email more less pay keep asking we they our their this that these those report week year month deal"
).split()


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
                words[rng.randrange(len(words))] = rng.choice(VOCABULARY)
                text = " ".join(words)
            else:
                text = " ".join(rng.choice(VOCABULARY) for _ in range(rng.randint(6, 30))).capitalize()
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


def run(database_url: str, args) -> None:
    setup_django(database_url)
    from django.db import connection

    from claims import importers
    from claims.importers import import_upload
    from claims.models import Claim, ClaimRepeat

    rng = random.Random(42)
    # Speakers and their aliases come from real imports, as in use.
    for i in range(30):
        import_upload(name=f"seed{i}.txt", data=make_article(rng, 100_000 + i).encode())
    start = time.perf_counter()
    fill(args.claims, rng)
    print(f"{connection.vendor}: {Claim.objects.count():,} claims stored "
          f"({time.perf_counter() - start:.0f} s to fill), {len(FIRST) * len(LAST)} possible speaker names")
    texts = [make_article(rng, n) for n in range(2 * args.articles)]
    if connection.vendor == "postgresql":
        print("  the candidate query reads the indexes: " + (", ".join(plan_indexes()) or "none"))

    find_repeats = importers.find_repeats
    modes = {"with repeats": find_repeats, "without": lambda rows: []}
    spent = {name: [0.0, 0.0, 0] for name in modes}
    per_round = max(1, args.articles // args.rounds)
    found_before = ClaimRepeat.objects.count()
    files = iter(enumerate(texts))
    for r in range(args.rounds):
        # Alternate which goes first, so neither always meets a warmer cache.
        for name in (list(modes) if r % 2 == 0 else list(modes)[::-1]):
            importers.find_repeats = modes[name]
            batch = [next(files) for _ in range(per_round)]
            clock, cpu = time.perf_counter(), time.process_time()
            statuses = [o.status for i, text in batch for o in import_upload(name=f"a{i}.txt", data=text.encode())]
            spent[name][0] += time.perf_counter() - clock
            spent[name][1] += time.process_time() - cpu
            spent[name][2] += len(batch)
            assert statuses == ["imported"] * len(batch), statuses[:3]
    importers.find_repeats = find_repeats
    found = ClaimRepeat.objects.count() - found_before
    for name, (clock, cpu, n) in spent.items():
        print(f"  {name:>12}: {n / clock:7.1f} articles/s ({n / cpu:6.1f}/s in CPU time), "
              f"{1000 * clock / n:6.1f} ms per article")
    with_, without = (spent[name] for name in modes)
    print(f"  the search for repeats costs {1000 * (with_[0] / with_[2] - without[0] / without[2]):.1f} ms per article "
          f"by the clock, {1000 * (with_[1] / with_[2] - without[1] / without[2]):.1f} ms of CPU; "
          f"{found:,} repeats found for {with_[2]} articles; target {TARGET:.0f} articles/s")


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--claims", type=int, default=200_000)
    parser.add_argument("--articles", type=int, default=200, help="imported with the search, and as many without")
    parser.add_argument("--rounds", type=int, default=5)
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
