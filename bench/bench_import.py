"""Import throughput: a generated batch of articles (about 10 KB each, with
quotes, attributions and statistics) through the real import path (cleaning,
extraction, speakers, one transaction per article), on SQLite and, when it
answers, on PostgreSQL. Prints articles per second beside a baseline measured
in the same run: the same articles cleaned and extracted without touching the
database, the ceiling the storage layer is compared with.

    python bench/bench_import.py [--articles 1000] [--postgres postgres://postgres@127.0.0.1:5432/test]
"""

import argparse
import os
import random
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

FIRST = ["Anna", "Marek", "Sofia", "James", "Leila", "Tomas", "Grace", "Omar", "Ines", "Viktor", "Helen", "Pablo"]
LAST = ["Novak", "Reyes", "Lindqvist", "Okafor", "Brennan", "Haddad", "Kowalski", "Moreau", "Ito", "Fischer"]
ROLES = ["the finance minister", "a spokeswoman for the ministry", "the chief executive of Harbor Rail",
         "the union's general secretary", "the mayor", "a senior analyst at Northgate Capital"]
VERBS = ["said", "told reporters", "added", "warned", "argued", "insisted", "wrote in a statement"]
FILLER = (
    "The council met on Tuesday to discuss the proposal, which has divided residents for months. "
    "Opposition members questioned the timetable and asked for an independent review of the costs. "
    "Officials have published a summary of the plan, though the full documents remain under embargo. "
)
QUOTES = [
    "We cannot keep asking families to pay more for less",
    "The numbers simply do not add up, and everyone in this room knows it",
    "This is the most important investment the region has made in a generation",
    "Nobody was consulted, not the drivers, not the passengers, not the towns along the line",
    "We will publish every contract, every invoice and every email",
]


def make_article(rng: random.Random, n: int) -> str:
    people = [(rng.choice(FIRST), rng.choice(LAST), rng.choice(ROLES)) for _ in range(4)]
    parts = [f"Article {n}: {rng.choice(['Budget', 'Rail', 'Housing', 'Port'])} plan under fire", "",
             f"By {rng.choice(FIRST)} {rng.choice(LAST)}", "", f"{rng.randint(1, 28)} March 2025", ""]
    size = sum(len(p) for p in parts)
    i = 0
    while size < 10_000:
        first, last, role = people[i % len(people)]
        quote = rng.choice(QUOTES)
        if i % 3 == 0:
            para = f"“{quote},” {first} {last}, {role}, {rng.choice(VERBS)}. {FILLER}"
        elif i % 3 == 1:
            para = f"{last} {rng.choice(VERBS)}: \"{quote}.\" {rng.randint(5, 95)} percent of voters agree, a poll found."
        else:
            para = f"{FILLER}{rng.randint(2, 900):,} jobs could go, {last} said, calling the plan a “mistake”."
        parts += [para, ""]
        size += len(para) + 2
        i += 1
    return "\n".join(parts)


def setup_django(database_url: str) -> None:
    os.environ["DATABASE_URL"] = database_url
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "workbench.settings")
    import django

    django.setup()
    from django.core.management import call_command

    call_command("migrate", verbosity=0)


def run(database_url: str, texts: list[str]) -> float:
    setup_django(database_url)
    from claims.importers import import_document
    from claims.readers import RawDocument

    start = time.perf_counter()
    statuses = []
    for i, text in enumerate(texts):
        doc = RawDocument(name=f"a{i}.txt", text=text, fmt="text", raw=text, metadata={}, pages=None)
        statuses.append(import_document(doc).status)
    elapsed = time.perf_counter() - start
    assert statuses.count("imported") == len(texts), statuses[:5]
    return len(texts) / elapsed


def baseline(texts: list[str]) -> float:
    from claims.cleaning import clean_article
    from claims.extraction import extract_claims

    start = time.perf_counter()
    for text in texts:
        extract_claims(clean_article(text).body)
    return len(texts) / (time.perf_counter() - start)


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--articles", type=int, default=1000)
    parser.add_argument("--postgres", default=os.environ.get("BENCH_POSTGRES", "postgres://postgres@127.0.0.1:5432/test"))
    parser.add_argument("--backend", choices=["sqlite", "postgres"], help="internal: run one backend")
    args = parser.parse_args()
    rng = random.Random(1234)
    texts = [make_article(rng, n) for n in range(args.articles)]
    mb = sum(len(t.encode()) for t in texts) / 1e6

    if args.backend:
        # One backend per process: Django is configured once per process.
        if args.backend == "sqlite":
            with tempfile.TemporaryDirectory() as tmp:
                rate = run(f"sqlite:///{tmp}/bench.sqlite3", texts)
        else:
            rate = run_postgres(args.postgres, texts)
        print(f"{rate:.1f}")
        return

    import subprocess

    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "workbench.settings")
    print(f"{args.articles} articles, {mb:.1f} MB of text")
    base = baseline(texts)
    print(f"baseline (clean + extract, no database): {base:8.1f} articles/s")
    for backend in ("sqlite", "postgres"):
        cmd = [sys.executable, __file__, "--articles", str(args.articles), "--backend", backend, "--postgres", args.postgres]
        result = subprocess.run(cmd, capture_output=True, text=True)
        if result.returncode != 0:
            print(f"{backend:>8}: not run ({result.stderr.strip().splitlines()[-1] if result.stderr else 'failed'})")
            continue
        rate = float(result.stdout.strip().splitlines()[-1])
        print(f"{backend:>8} full import: {rate:8.1f} articles/s ({rate / base:.0%} of baseline)")


def run_postgres(url: str, texts: list[str]) -> float:
    """Import into a scratch database next to the one in `url`, dropped after."""
    import psycopg

    base, _, _ = url.rpartition("/")
    name = f"bench_import_{os.getpid()}"
    with psycopg.connect(url, autocommit=True) as conn:
        conn.execute(f'CREATE DATABASE "{name}"')
    try:
        return run(f"{base}/{name}", texts)
    finally:
        from django.db import connections

        connections.close_all()
        with psycopg.connect(url, autocommit=True) as conn:
            conn.execute(f'DROP DATABASE IF EXISTS "{name}"')


if __name__ == "__main__":
    main()
