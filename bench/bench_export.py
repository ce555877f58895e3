"""The all-claims export at newsroom size: time to first byte, total time
and peak memory of the streamed CSV and JSON downloads, beside the way it
was built before in the same run (every record in a list, the whole file
in one string, the articles' texts loaded with their claims).

Fills a scratch database (a temporary SQLite file, or BENCH_DATABASE_URL:
an empty PostgreSQL database you can throw away) with settled claims, 33
per article and 10 KB of article text each (raw and cleaned), as a
newsroom's would be, then runs each way in a child process of its own so
that peak RSS is that way's alone.

    python bench/bench_export.py [--claims 100000]
"""

import argparse
import atexit
import os
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))


def peak_rss_mb() -> float:
    for line in open("/proc/self/status"):
        if line.startswith("VmHWM:"):
            return int(line.split()[1]) / 1024
    return float("nan")


def fill(claims: int) -> None:
    from django.core.management import call_command
    from django.db import transaction

    from claims.models import Article, Claim

    call_command("migrate", verbosity=0)
    per_article = 33
    quote = "We will build 40,000 homes this year,"
    body = (f'"{quote}" the minister said. ' + "The council met on Tuesday to discuss the plan. " * 200)[:10_000]
    made = 0
    while made < claims:
        with transaction.atomic():
            articles = Article.objects.bulk_create(
                Article(title=f"Housing plan {n}", raw_text=body, cleaned_text=body, content_hash=f"bench-{n}")
                for n in range(made // per_article, made // per_article + 300)
            )
            rows = []
            for article in articles:
                for k in range(per_article):
                    if made + len(rows) >= claims:
                        break
                    rows.append(
                        Claim(article=article, text=quote, start=1 + k, end=1 + k + len(quote), kind="quote",
                              state="done", verdict="accurate")
                    )
            Claim.objects.bulk_create(rows, batch_size=2000)
            made += len(rows)
    from django.db import connection

    if connection.vendor == "postgresql":
        # Statistics, as autovacuum would have gathered them on a database
        # filled over years rather than in seconds.
        with connection.cursor() as cursor:
            cursor.execute("ANALYZE")


def run(way: str, fmt: str) -> None:
    """One download, in this process: prints seconds to the first byte,
    total seconds, megabytes written and peak RSS."""
    from claims import exports

    started = time.perf_counter()
    if way == "stream":
        records = exports.iter_records(exports.settled_claims())
        chunks = exports.iter_csv(records) if fmt == "csv" else exports.iter_json(records)
    else:
        # As before: the claims with their articles' texts, every record in
        # a list, the whole file in one string.
        claims = exports.settled_claims().defer(None)
        records = [exports.claim_record(c) for c in claims]
        chunks = iter([exports.to_csv(records) if fmt == "csv" else exports.to_json(records)])
    first, size = None, 0
    for chunk in chunks:
        if first is None:
            first = time.perf_counter() - started
        size += len(chunk.encode())
    total = time.perf_counter() - started
    print(f"{first:.3f} {total:.2f} {size / 1e6:.1f} {peak_rss_mb():.0f}")


# The way it was built before needs more memory than the machine has at a
# million claims; capped, it fails with MemoryError instead of waking the
# kernel's out-of-memory killer, which may pick another process.
MEMORY_CAP = 8 * 1024**3


def _cap_memory() -> None:
    import resource

    resource.setrlimit(resource.RLIMIT_AS, (MEMORY_CAP, MEMORY_CAP))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--claims", type=int, default=100_000)
    parser.add_argument("--run", nargs=2, metavar=("WAY", "FORMAT"), help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.run:
        import django

        django.setup()
        run(*args.run)
        return

    scratch = tempfile.mkdtemp(prefix="bench-export-")
    atexit.register(shutil.rmtree, scratch, ignore_errors=True)
    url = os.environ.get("BENCH_DATABASE_URL") or f"sqlite:///{scratch}/bench.sqlite3"
    os.environ.update(DJANGO_SETTINGS_MODULE="workbench.settings", DATABASE_URL=url, DEBUG="0")
    import django

    django.setup()
    from django.db import connection

    started = time.perf_counter()
    fill(args.claims)
    print(f"{connection.vendor}: {args.claims:,} settled claims in {args.claims // 33 + 1:,} articles "
          f"(filled in {time.perf_counter() - started:.0f} s)")
    print(f"{'format':<6} {'way':<22} {'first byte':>10} {'total':>8} {'size':>8} {'peak RSS':>9}")
    for fmt in ("csv", "json"):
        for way, label in (("whole", "whole (before)"), ("stream", "streamed")):
            done = subprocess.run(
                [sys.executable, __file__, "--run", way, fmt], env=os.environ, capture_output=True, text=True,
                preexec_fn=_cap_memory,
            )
            if done.returncode:
                # Killed by a signal (the kernel's out-of-memory killer) leaves no message.
                lines = done.stderr.strip().splitlines()
                why = lines[-1] if lines else f"exit status {done.returncode}, no message (out of memory?)"
                print(f"{fmt:<6} {label:<22} failed: {why}")
                continue
            first, total, size, rss = done.stdout.split()
            print(f"{fmt:<6} {label:<22} {float(first):>9.3f}s {float(total):>7.2f}s {size:>6} MB {rss:>6} MB")


if __name__ == "__main__":
    main()
