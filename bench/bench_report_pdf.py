"""The report as a PDF: how long WeasyPrint takes and how much memory it
holds for reports of growing size, beside rendering the same report as the
printable HTML page in the same run, to choose REPORT_PDF_MAX_CLAIMS against
gunicorn's 30 s worker timeout; and the PDF as the background task makes it,
laid out REPORT_PDF_PART_CLAIMS claims at a time and joined, whose memory
should stay flat as the report grows.

Fills a scratch SQLite database with settled claims, each with a source
whose passage differs from the quote by a word (so every claim draws a
findings list and a word-by-word diff), then renders each size in a child
process of its own so that peak RSS is that size's alone.

    python bench/bench_report_pdf.py [--sizes 10 100 200 300]
"""

import argparse
import atexit
import io
import os
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bench_export import peak_rss_mb  # noqa: E402 - beside this file


def fill(claims: int) -> None:
    from django.core.management import call_command
    from django.db import transaction

    from claims.matching import assess, match_quote, serialise
    from claims.models import Article, Claim, Evidence, Source

    call_command("migrate", verbosity=0)
    quote = "We will build 40,000 homes this year,"
    source_text = "The minister said: we will build 4,000 homes this year, and more after that."
    with transaction.atomic():
        source = Source.objects.create(title="Minister's speech", url="https://gov.example/speech", kind="speech",
                                       text=source_text)
        # Compared and assessed once, as linking a source does.
        match = assess(match_quote(source_text, quote), source_text)
        for n in range(claims):
            body = f'"{quote}" the minister said on day {n}.'
            article = Article.objects.create(title=f"Housing plan {n}", raw_text=body, cleaned_text=body,
                                             content_hash=f"bench-{n}", authors="Ann Byline",
                                             publisher="The Daily Example", source_url=f"https://news.example/{n}")
            claim = Claim.objects.create(article=article, text=quote, start=1, end=1 + len(quote), state="done",
                                         verdict="misquoted", rationale="The speech promises 4,000 homes.")
            Evidence.objects.create(claim=claim, source=source, passage=match.passage, match=serialise.load(
                serialise.dump(match)), match_status="auto")


def run(fmt: str, claims: int) -> None:
    """One report of the first `claims` claims, in this process: prints
    seconds (wall clock and this process's CPU), bytes and peak RSS."""
    from django.conf import settings
    from django.template.loader import render_to_string

    from claims import exports, report_documents
    from claims.models import Claim
    from claims.pdf import render_pdf, write_pdf_parts

    started, cpu = time.perf_counter(), time.process_time()
    ids = list(Claim.objects.order_by("pk").values_list("pk", flat=True)[:claims])
    records = list(report_documents.records(exports.settled_claims(claim_ids=ids), site_url=""))
    ctx = {**report_documents.context(article=None, selection=[], count=len(records)), "records": records,
           "pdf_url": ""}
    if fmt == "html":
        output = render_to_string("claims/report.html", ctx).encode()
    elif fmt == "pdf":
        output = render_pdf(report_documents.whole(ctx, list(report_documents.mark_article_breaks(records))))
    else:
        # As the background task makes it: laid out a part at a time.
        out = io.BytesIO()
        write_pdf_parts(report_documents.pdf_parts(ctx, records, chunk=settings.REPORT_PDF_PART_CLAIMS), out)
        output = out.getvalue()
    print(f"{time.perf_counter() - started:.2f} {time.process_time() - cpu:.2f} {len(output) / 1e6:.2f} "
          f"{peak_rss_mb():.0f}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--sizes", type=int, nargs="+", default=[10, 100, 200, 300])
    parser.add_argument("--run", nargs=2, metavar=("FORMAT", "CLAIMS"), help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.run:
        import django

        django.setup()
        run(args.run[0], int(args.run[1]))
        return

    scratch = tempfile.mkdtemp(prefix="bench-report-pdf-")
    atexit.register(shutil.rmtree, scratch, ignore_errors=True)
    os.environ.update(DJANGO_SETTINGS_MODULE="workbench.settings", DATABASE_URL=f"sqlite:///{scratch}/bench.sqlite3",
                      DEBUG="0")
    import django

    django.setup()
    fill(max(args.sizes))
    print(f"{'claims':>6} {'format':<10} {'time':>7} {'CPU':>7} {'size':>8} {'peak RSS':>9}")
    for size in args.sizes:
        for fmt, label in (("html", "HTML page"), ("pdf", "PDF"), ("parts", "PDF, parts")):
            done = subprocess.run([sys.executable, __file__, "--run", fmt, str(size)], env=os.environ,
                                  capture_output=True, text=True)
            if done.returncode:
                print(f"{size:>6} {label:<10} failed: {done.stderr.strip().splitlines()[-1]}")
                continue
            seconds, cpu, megabytes, rss = done.stdout.split()
            print(f"{size:>6} {label:<10} {float(seconds):>6.2f}s {float(cpu):>6.2f}s {megabytes:>5} MB {rss:>6} MB")


if __name__ == "__main__":
    main()
