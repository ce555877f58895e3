"""Faults a newsroom deployment meets, reproduced, with what was lost
(the answer must be nothing), each beside the naive way as a baseline:

- races: 20 reviewers save the same claim at once (naive: read, change,
  save; the service: version check under a row lock); the same text
  imported 10 times at once; the same new source added 10 times at once;
- bombs: a Word document and a gzip body that inflate to BOMB_MB, read in
  a child process (naive: inflated whole; the readers: bounded), peak RSS;
- worker kill: a real `db_worker` killed with SIGKILL in the middle of a
  200-file import, then recovered (recover_imports) and run to the end.

Runs on a scratch database it migrates: a temporary SQLite file, or
BENCH_DATABASE_URL (an empty PostgreSQL database you can throw away).

    python bench/bench_faults.py [--bomb-mb 500] [--files 200]
"""

import argparse
import atexit
import os
import shutil
import signal
import subprocess
import sys
import tempfile
import threading
import time
import zipfile
import zlib
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
SCRATCH = tempfile.mkdtemp(prefix="bench-faults-")
atexit.register(shutil.rmtree, SCRATCH, ignore_errors=True)
DATABASE_URL = os.environ.get("BENCH_DATABASE_URL") or f"sqlite:///{SCRATCH}/bench.sqlite3"
os.environ.update(
    DJANGO_SETTINGS_MODULE="workbench.settings", DATABASE_URL=DATABASE_URL, TASK_BACKEND="database", DEBUG="0"
)

import django  # noqa: E402

django.setup()

from django.contrib.auth.models import Group, User  # noqa: E402
from django.core.files.uploadedfile import SimpleUploadedFile  # noqa: E402
from django.core.management import call_command  # noqa: E402
from django.db import connection, connections  # noqa: E402

from claims import roles  # noqa: E402
from claims.importers import import_text  # noqa: E402
from claims.models import Article, Claim, ClaimEvent, Source  # noqa: E402
from claims.services.imports import start_import  # noqa: E402
from claims.services.library import create_source  # noqa: E402
from claims.services.review import EditConflict, change_claim  # noqa: E402

PEAK_RSS = """
def peak_rss_mb():
    for line in open("/proc/self/status"):
        if line.startswith("VmHWM:"):
            return int(line.split()[1]) / 1024
"""
NAIVE_DOCX = PEAK_RSS + """
import sys, zipfile
with zipfile.ZipFile(sys.argv[1]) as z:
    size = len(z.read("word/document.xml"))
print(f"read {size // 1_000_000} MB", "|", peak_rss_mb())
"""
READER_DOCX = PEAK_RSS + """
import os, sys
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "workbench.settings")
import django; django.setup()
from claims.readers import RejectedInput, read_many
items = list(read_many("bomb.docx", open(sys.argv[1], "rb").read()))
print(str(items[0]) if isinstance(items[0], RejectedInput) else "read", "|", peak_rss_mb())
"""
NAIVE_GZIP = PEAK_RSS + """
import sys, zlib
size = len(zlib.decompress(open(sys.argv[1], "rb").read(), 31))
print(f"read {size // 1_000_000} MB", "|", peak_rss_mb())
"""
FETCH_GZIP = PEAK_RSS + """
import os, sys
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "workbench.settings")
import django; django.setup()
from claims.fetching import FetchError, FetchPolicy, _decompress
try:
    _decompress(open(sys.argv[1], "rb").read(), FetchPolicy(max_bytes=10_000_000))
    print("read", "|", peak_rss_mb())
except FetchError as exc:
    print(str(exc), "|", peak_rss_mb())
"""


def in_threads(count: int, work) -> list:
    """Run work(i) in `count` threads released at once; each result or exception."""
    barrier, results = threading.Barrier(count), [None] * count

    def run(i):
        barrier.wait()
        try:
            results[i] = work(i)
        except Exception as exc:  # noqa: BLE001 - every outcome is counted
            results[i] = exc
        finally:
            connections.close_all()

    threads = [threading.Thread(target=run, args=(i,)) for i in range(count)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    return results


def races(reviewers: list[User]) -> None:
    outcome = import_text(text='"Rates will fall," the governor, Max Stone, said on Tuesday.', name="race")
    claim = outcome.article.claims.first()

    # Naive: each reads the claim, assigns it to themself, saves.
    def naive(i):
        c = Claim.objects.get(pk=claim.pk)
        time.sleep(0.001)
        c.assignee = reviewers[i]
        c.save(update_fields=["assignee"])
        return reviewers[i].pk

    accepted = [r for r in in_threads(len(reviewers), naive) if isinstance(r, int)]
    print(f"  naive save, {len(reviewers)} at once: {len(accepted)} accepted, {len(accepted) - 1} silently overwritten")

    version = Claim.objects.get(pk=claim.pk).version

    def service(i):
        c = Claim.objects.get(pk=claim.pk)
        change_claim(claim=c, by=reviewers[i], seen_version=version, via="bench", changes={"assignee": reviewers[i]})
        return reviewers[i].pk

    results = in_threads(len(reviewers), service)
    accepted = [r for r in results if isinstance(r, int)]
    refused = [r for r in results if isinstance(r, EditConflict)]
    other = [r for r in results if isinstance(r, Exception) and not isinstance(r, EditConflict)]
    final = Claim.objects.get(pk=claim.pk)
    logged = ClaimEvent.objects.filter(claim=claim, via="bench").count()
    lost = len(accepted) - (1 if accepted and final.assignee_id == accepted[0] else 0)
    print(
        f"  service, {len(reviewers)} at once: {len(accepted)} accepted, {len(refused)} refused naming who "
        f"changed it, {len(other)} errors, {logged} history entries; lost: {lost}"
    )

    text = '"Taxes will rise," the mayor, Ann Lee, said on Monday, a day of record heat across the city.'
    results = in_threads(10, lambda i: import_text(text=text, name=f"same-{i}").status)
    stored = Article.objects.filter(cleaned_text__contains="Taxes will rise").count()
    errors = [r for r in results if isinstance(r, Exception)]
    print(f"  same text imported 10 at once: {stored} article(s), {len(errors)} errors")

    url = "https://gov.example/briefing/2024-09-13"
    results = in_threads(10, lambda i: create_source(title="Briefing", url=url)[0].pk)
    errors = [r for r in results if isinstance(r, Exception)]
    rows = Source.objects.filter(url=url).count()
    ids = {r for r in results if isinstance(r, int)}
    print(f"  same new source added 10 at once: {rows} source(s), {len(ids)} id(s) returned, {len(errors)} errors")


def child(script: str, path: Path) -> tuple[str, float]:
    done = subprocess.run([sys.executable, "-c", script, str(path)], cwd=ROOT, capture_output=True, text=True)
    if done.returncode:
        return f"crashed: {done.stderr.strip().splitlines()[-1]}", float("nan")
    message, rss = done.stdout.strip().rsplit("|", 1)
    return message.strip(), float(rss)


def bombs(size_mb: int) -> None:
    chunk = b" " * 1_000_000
    docx = Path(SCRATCH) / "bomb.docx"
    with zipfile.ZipFile(docx, "w", zipfile.ZIP_DEFLATED, compresslevel=9) as z:
        z.writestr("[Content_Types].xml", "<Types/>")
        with z.open("word/document.xml", "w", force_zip64=True) as member:
            for _ in range(size_mb):
                member.write(chunk)
    gz = zlib.compressobj(9, zlib.DEFLATED, 31)
    gzip_path = Path(SCRATCH) / "bomb.gz"
    gzip_path.write_bytes(b"".join(gz.compress(chunk) for _ in range(size_mb)) + gz.flush())
    for label, path, naive, bounded in [
        ("Word document", docx, NAIVE_DOCX, READER_DOCX),
        ("gzip body", gzip_path, NAIVE_GZIP, FETCH_GZIP),
    ]:
        kb = path.stat().st_size // 1000
        message, rss = child(naive, path)
        print(f"  {label} of {kb} KB inflating to {size_mb} MB, naive: {message}, peak RSS {rss:.0f} MB")
        message, rss = child(bounded, path)
        print(f"  {label}, the workbench: {message!r}, peak RSS {rss:.0f} MB")


def worker_kill(editor: User, files: int) -> None:
    texts = [
        f'"Rates will fall by {n} points," the governor, Max Stone, said on day {n} of the session.'
        for n in range(files)
    ]
    uploads = [SimpleUploadedFile(f"kill-{n}.txt", t.encode()) for n, t in enumerate(texts)]
    batch = start_import(by=editor, files=uploads)
    env = {**os.environ}
    worker = subprocess.Popen(
        [sys.executable, "manage.py", "db_worker", "--no-reload", "--no-startup-delay"],
        cwd=ROOT, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
    )
    deadline = time.monotonic() + 120
    while time.monotonic() < deadline:
        batch.refresh_from_db()
        if batch.processed >= files // 4:
            break
        time.sleep(0.01)
    worker.send_signal(signal.SIGKILL)
    worker.wait()
    batch.refresh_from_db()
    waiting = batch.uploads.count()
    print(f"  worker killed at {batch.processed} of {batch.total}: batch {batch.state}, {waiting} uploads waiting")
    os.environ["IMPORT_STALL_SECONDS"] = "0"
    from django.conf import settings

    settings.IMPORT_STALL_SECONDS = 0
    call_command("recover_imports", verbosity=0)
    call_command("db_worker", "--batch", "--no-startup-delay", "--no-reload", verbosity=0)
    batch.refresh_from_db()
    names = [o["file"] for o in batch.outcomes]
    stored = Article.objects.filter(cleaned_text__contains="Rates will fall by").count()
    missing = files - len(set(names))
    print(
        f"  after recovery: batch {batch.state} in {batch.attempts} runs, {batch.processed} of {batch.total} items, "
        f"{stored} articles, {len(names) - len(set(names))} counted twice, {missing} missing, "
        f"{batch.uploads.count()} uploads left; lost: {missing + files - stored}"
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--bomb-mb", type=int, default=500)
    parser.add_argument("--files", type=int, default=200)
    args = parser.parse_args()
    where = "BENCH_DATABASE_URL" if "BENCH_DATABASE_URL" in os.environ else "a scratch file"
    print(f"database: {connection.vendor} ({where})")
    call_command("migrate", verbosity=0)
    group = Group.objects.get(name=roles.REVIEWER)
    reviewers = []
    for n in range(20):
        user = User.objects.create_user(f"reviewer{n}")
        user.groups.add(group)
        reviewers.append(user)
    editor = User.objects.create_user("editor")
    editor.groups.add(Group.objects.get(name=roles.EDITOR))
    print("races")
    races(reviewers)
    print("bombs")
    bombs(args.bomb_mb)
    print("worker kill")
    worker_kill(editor, args.files)


if __name__ == "__main__":
    main()
