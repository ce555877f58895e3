"""Import throughput: a generated batch of articles (about 10 KB each, with
quotes, attributions and statistics) through the real import path
(`import_upload`: reading, cleaning, extraction, speakers, one transaction
per article), on SQLite and, when it answers, on PostgreSQL, each backend in
a process of its own and a throwaway database of its own. Prints articles per
second beside a baseline measured in the same run: the same articles cleaned
and extracted without touching the database, the ceiling the storage layer
is compared with. The time per article is split into reading, cleaning and
extraction (measured without a database) and the rest, which is the database.

Rates are given by the clock and by this process's CPU time: on a shared
machine the clock also counts other people's work, the CPU time does not.
The CPU time leaves out the PostgreSQL server's own work (a few ms per
article here), which the clock includes.

    python bench/bench_import.py [--articles 1000] [--postgres postgres://postgres@127.0.0.1:5432/test]
                                 [--profile]

With --postgres the scratch database is created next to the one named and
dropped afterwards; the named database itself is only used to connect.
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

TARGET = 50.0  # articles per second on PostgreSQL, one process

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
            para = (
                f"{last} {rng.choice(VERBS)}: \"{quote}.\" {rng.randint(5, 95)} percent of voters agree, a poll found."
            )
        else:
            para = f"{FILLER}{rng.randint(2, 900):,} jobs could go, {last} said, calling the plan a “mistake”."
        parts += [para, ""]
        size += len(para) + 2
        i += 1
    return "\n".join(parts)


def setup_django(database_url: str) -> None:
    os.environ["DATABASE_URL"] = database_url
    # As in production and in the task worker: with DEBUG on, Django also
    # formats and keeps every query it runs, which is not the import's cost.
    os.environ["DEBUG"] = "0"
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "workbench.settings")
    import django

    django.setup()
    from django.core.management import call_command

    call_command("migrate", verbosity=0)


def run(database_url: str, texts: list[str], *, profile: bool = False) -> tuple[float, float, float]:
    """Articles per second by the clock and by CPU time, and the database
    server's CPU milliseconds per article."""
    setup_django(database_url)
    from claims.importers import import_upload

    files = [(f"a{i}.txt", text.encode()) for i, text in enumerate(texts)]
    profiler = None
    if profile:
        import cProfile

        profiler = cProfile.Profile()
        profiler.enable()
    server_start = server_cpu()
    start, cpu_start = time.perf_counter(), time.process_time()
    statuses = [outcome.status for name, data in files for outcome in import_upload(name=name, data=data)]
    elapsed, cpu = time.perf_counter() - start, time.process_time() - cpu_start
    server = server_cpu() - server_start
    if profiler:
        import pstats

        profiler.disable()
        pstats.Stats(profiler, stream=sys.stderr).sort_stats("tottime").print_stats(30)
    assert statuses.count("imported") == len(texts), statuses[:5]
    return len(texts) / elapsed, len(texts) / cpu, 1000 * server / len(texts)


def server_cpu() -> float:
    """CPU seconds the PostgreSQL backend serving this process has used (0
    on SQLite, or when its /proc entry cannot be read). Read from the
    server's side, so that the cost of storing is seen whatever else the
    machine is doing: the clock counts other people's work too."""
    from django.db import connection

    if connection.vendor != "postgresql":
        return 0.0
    with connection.cursor() as cursor:
        cursor.execute("SELECT pg_backend_pid()")
        pid = cursor.fetchone()[0]
    try:
        fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    except OSError:
        return 0.0
    # utime and stime, the 14th and 15th fields, in clock ticks.
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def phases(texts: list[str]) -> tuple[float, dict[str, float]]:
    """Clean + extract articles per second by the clock, and the CPU seconds
    per article spent reading, cleaning and extracting, no database."""
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "workbench.settings")
    from claims.cleaning import clean_article
    from claims.extraction import extract_claims
    from claims.readers import read_document

    cpu = [time.process_time()]
    documents = [read_document(f"a{i}.txt", text.encode()) for i, text in enumerate(texts)]
    cpu.append(time.process_time())
    start = time.perf_counter()
    bodies = [clean_article(d.text, fmt=d.fmt, metadata=d.metadata).body for d in documents]
    cpu.append(time.process_time())
    for body in bodies:
        extract_claims(body)
    cpu.append(time.process_time())
    elapsed = time.perf_counter() - start
    n = len(texts)
    return n / elapsed, {name: (cpu[i + 1] - cpu[i]) / n for i, name in enumerate(["read", "clean", "extract"])}


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--articles", type=int, default=1000)
    parser.add_argument("--postgres", default=os.environ.get("BENCH_POSTGRES", "postgres://postgres@127.0.0.1:5432/test"))
    parser.add_argument("--profile", action="store_true", help="Print each backend's cProfile summary.")
    parser.add_argument("--backend", choices=["sqlite", "postgres"], help="internal: run one backend")
    args = parser.parse_args()
    rng = random.Random(1234)
    texts = [make_article(rng, n) for n in range(args.articles)]
    mb = sum(len(t.encode()) for t in texts) / 1e6

    if args.backend:
        # One backend per process: Django is configured once per process.
        if args.backend == "sqlite":
            with tempfile.TemporaryDirectory() as tmp:
                rates = run(f"sqlite:///{tmp}/bench.sqlite3", texts, profile=args.profile)
        else:
            rates = run_postgres(args.postgres, texts, profile=args.profile)
        print("{:.2f} {:.2f} {:.2f}".format(*rates))
        return

    import subprocess

    print(f"{args.articles} articles, {mb:.1f} MB of text")
    base, spent = phases(texts)
    base_cpu = 1 / (spent["clean"] + spent["extract"])
    print(f"baseline (clean + extract, no database): {base:8.1f} articles/s, {base_cpu:.1f}/s in CPU time")
    print("  CPU per article: " + ", ".join(f"{name} {seconds * 1000:.1f} ms" for name, seconds in spent.items()))
    for backend in ("sqlite", "postgres"):
        cmd = [sys.executable, __file__, "--articles", str(args.articles), "--backend", backend]
        cmd += ["--postgres", args.postgres] + (["--profile"] if args.profile else [])
        result = subprocess.run(cmd, capture_output=True, text=True)
        if args.profile:
            print(result.stderr)
        if result.returncode != 0:
            print(f"{backend:>8}: not run ({result.stderr.strip().splitlines()[-1] if result.stderr else 'failed'})")
            continue
        rate, rate_cpu, server_ms = map(float, result.stdout.strip().splitlines()[-1].split())
        database = 1 / rate_cpu - sum(spent.values())
        target = f", target {TARGET:.0f}" if backend == "postgres" else ""
        print(f"{backend:>8} full import: {rate:8.1f} articles/s ({rate / base:.0%} of baseline{target}), "
              f"{rate_cpu:.1f}/s in CPU time; database about {database * 1000:.1f} of {1000 / rate_cpu:.1f} ms CPU")
        if server_ms:
            # One import runs its own Python and the server's work in turn.
            total = 1000 / rate_cpu + server_ms
            print(f"{'':>8} the server's CPU: {server_ms:.1f} ms per article; this process and the server "
                  f"together {total:.1f} ms, {1000 / total:.1f} articles/s one after the other")


def run_postgres(url: str, texts: list[str], *, profile: bool = False) -> tuple[float, float, float]:
    """Import into a scratch database next to the one in `url`, dropped after."""
    import psycopg

    base, _, _ = url.rpartition("/")
    name = f"bench_import_{os.getpid()}"
    with psycopg.connect(url, autocommit=True) as conn:
        conn.execute(f'CREATE DATABASE "{name}"')
    try:
        return run(f"{base}/{name}", texts, profile=profile)
    finally:
        from django.db import connections

        connections.close_all()
        with psycopg.connect(url, autocommit=True) as conn:
            conn.execute(f'DROP DATABASE IF EXISTS "{name}"')


if __name__ == "__main__":
    main()
