"""Server time of every main page and of the admin's lists on a database of
newsroom size: p50 and p95 over several requests, the queries each page
runs and its size, through the Django test client (no network, no
gunicorn: the view, its queries and its template) with DEBUG off, as in
production. "CPU ms" is this process's CPU time per request (p50): the
Python side alone, which on a busy machine is what the clock's figures
exceed by the time spent waiting for a core or for the database. The review queue is shown beside the admin's claim list
filtered to the same rows (open claims of the reviewable kinds).

It reads an existing database filled by the demo data generator; nothing is
written but sessions. To set one up (about ten minutes at a million claims):

    createdb -h 127.0.0.1 -U postgres bench_pages
    export DATABASE_URL=postgres://postgres@127.0.0.1:5432/bench_pages
    python manage.py migrate
    python manage.py generate_demo_data --claims 1000000 --seed 1
    python bench/bench_pages.py [--repeat 10] [--only queue]

Signs in as the demo logins the generator makes: `reviewer` for the review
pages, `editor` for import and export, `admin` for the admin.
"""

import argparse
import os
import re
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

TARGET_MS = 200.0
OPEN_STATES = "new,in_review,second_check"


def setup() -> None:
    if not os.environ.get("DATABASE_URL"):
        sys.exit("Set DATABASE_URL to a database filled by `manage.py generate_demo_data` (see the docstring).")
    os.environ["DEBUG"] = "0"
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "workbench.settings")
    import django

    django.setup()


class Bench:
    def __init__(self, repeat: int):
        from django.test import Client

        self.repeat = repeat
        self.cpu = 0.0  # CPU seconds of the last request
        self.clients = {}
        self.rows = []
        User = __import__("django.contrib.auth", fromlist=["get_user_model"]).get_user_model()
        for name in ("reviewer", "editor", "admin"):
            user = User.objects.filter(username=name).first()
            if user is None:
                sys.exit(f"No user {name!r}: fill the database with `manage.py generate_demo_data` first.")
            client = Client()
            client.force_login(user)
            self.clients[name] = client

    def get(self, client, url: str, headers: dict, stream_first: bool):
        started, cpu = time.perf_counter(), time.process_time()
        response = client.get(url, headers=headers)
        if response.streaming:
            chunks = iter(response.streaming_content)
            body = next(chunks, b"")
            if not stream_first:
                body += b"".join(chunks)
            response.close()
        else:
            body = response.content
        self.cpu = time.process_time() - cpu
        return time.perf_counter() - started, response.status_code, body

    def page(self, label: str, user: str, url: str, *, htmx: bool = False, first_byte: bool = False) -> dict:
        """Time one page: a first request (caches, connections), then
        `repeat` timed ones, then one more counting its queries."""
        from django.db import connection
        from django.test.utils import CaptureQueriesContext

        client = self.clients[user]
        headers = {"HX-Request": "true"} if htmx else {}
        _, status, body = self.get(client, url, headers, first_byte)
        row = {"label": label, "user": user, "url": url, "status": status}
        if status != 200:
            row |= {"p50": None, "p95": None, "queries": None, "kb": None}
        else:
            times, cpu = [], []
            for _ in range(self.repeat):
                times.append(self.get(client, url, headers, first_byte)[0] * 1000)
                cpu.append(self.cpu * 1000)
            with CaptureQueriesContext(connection) as captured:
                _, _, body = self.get(client, url, headers, first_byte)
            row |= {"p50": statistics.median(times), "p95": p95(times), "cpu": statistics.median(cpu),
                    "queries": len(captured),
                    "kb": len(body) / 1024}
        self.rows.append(row)
        print(format_row(row), flush=True)
        return row


def p95(times: list[float]) -> float:
    ordered = sorted(times)
    return ordered[min(len(ordered) - 1, round(0.95 * (len(ordered) - 1)))]


def format_row(row: dict) -> str:
    if row["p50"] is None:
        return f"{row['label']:<44} {row['user']:<9} {'HTTP ' + str(row['status']):>26}"
    flag = "  over target" if row["p95"] > TARGET_MS else ""
    return (f"{row['label']:<44} {row['user']:<9} {row['p50']:>8.0f} {row['p95']:>8.0f} {row['cpu']:>8.0f} "
            f"{row['queries']:>8} "
            f"{row['kb']:>7.0f}{flag}")


def header() -> str:
    return f"{'page':<44} {'as':<9} {'p50 ms':>8} {'p95 ms':>8} {'CPU ms':>8} {'queries':>8} {'KB':>7}"


def pager_urls(bench: Bench, user: str, base: str, html: str, keyset: dict | None) -> dict[str, str]:
    """The list's middle and last pages, however it pages: by number
    ("page 1 of N") or by keyset (links with rel="last", and a cursor
    made for the row halfway down the list)."""
    join = "&" if "?" in base else "?"
    numbered = re.search(r"page 1 of ([\d,]+)", html)
    if numbered:
        last = int(numbered.group(1).replace(",", ""))
        return {"middle": f"{base}{join}page={max(last // 2, 1)}", "last": f"{base}{join}page={last}"}
    urls = {}
    if keyset is not None:
        urls["middle"] = f"{base}{join}{keyset['middle']}"
    last = re.search(r'<a href="\?([^"]*)"[^>]*rel="last"', html)
    if last:
        urls["last"] = f"{base.split('?')[0]}?{last.group(1).replace('&amp;', '&')}"
    return urls


def keyset_middle(name: str, queryset_of) -> dict | None:
    """The cursor of the row halfway down a keyset-paged list, when the
    list pages so (claims.paging); None otherwise."""
    try:
        from claims import paging
    except ImportError:
        return None
    queryset, order = queryset_of()
    total = queryset.count()
    row = queryset.order_by(*order.fields)[max(total // 2 - 1, 0)]
    return {"middle": paging.query_after(row, order)}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--repeat", type=int, default=10, help="Timed requests per page (default 10).")
    parser.add_argument("--only", help="Only the pages whose label contains this.")
    args = parser.parse_args()
    setup()
    from django.db import connection
    from django.db.models import Count
    from django.urls import reverse

    from claims.models import Article, Claim, Evidence, Source

    bench = Bench(args.repeat)
    counts = {m.__name__: m.objects.count() for m in (Article, Claim, Source, Evidence)}
    print(f"{connection.vendor} {connection.settings_dict['NAME']}: " + ", ".join(
        f"{n:,} {name.lower()}s" for name, n in counts.items()) + f"; {args.repeat} timed requests per page")
    open_claims = Claim.objects.needs_review()
    cited = Evidence.objects.values("source_id").annotate(n=Count("id")).order_by("-n").first()
    source_id, citations = (cited["source_id"], cited["n"]) if cited else (Source.objects.first().pk, 0)
    article = Article.objects.filter(filename__startswith="demo-").order_by("pk").only("pk").first()
    # An open claim with sources and notes: its panel has every form.
    panel_claim = open_claims.filter(evidence__isnull=False, notes__isnull=False).order_by("pk").first()
    imported = Article.objects.exclude(filename__startswith="demo-").only("pk").order_by("pk").first()
    print(f"most cited source #{source_id} ({citations:,} citations), article #{article.pk}, "
          f"claim #{panel_claim.pk}\n")
    print(header())

    pages = []

    def add(label, user, url, **kw):
        pages.append((label, user, url, kw))

    articles_url = reverse("claims:article-list")
    queue_url = reverse("claims:claim-queue")
    add("article list", "reviewer", articles_url)
    add("article list, htmx", "reviewer", articles_url, htmx=True)
    add("article list, later pages", "reviewer", ("pager", articles_url, "article"))
    add("article list, search", "reviewer", f"{articles_url}?q=harbour")
    add("article detail (bulk)", "reviewer", reverse("claims:article-detail", args=[article.pk]))
    if imported:
        add("article detail (imported)", "reviewer", reverse("claims:article-detail", args=[imported.pk]))
    add("claim page (full)", "reviewer", reverse("claims:claim-detail", args=[panel_claim.pk]))
    add("claim panel partial", "reviewer", reverse("claims:claim-detail", args=[panel_claim.pk]), htmx=True)
    add("review queue", "reviewer", queue_url)
    add("review queue, htmx", "reviewer", queue_url, htmx=True)
    add("review queue, later pages", "reviewer", ("pager", queue_url, "queue"))
    add("review queue, state=second_check", "reviewer", f"{queue_url}?state=second_check", htmx=True)
    add("review queue, kind=statistic", "reviewer", f"{queue_url}?kind=statistic", htmx=True)
    add("review queue, kind=other", "reviewer", f"{queue_url}?kind=other", htmx=True)
    add("review queue, mine", "reviewer", f"{queue_url}?mine=on", htmx=True)
    add("source page (most cited)", "reviewer", reverse("claims:source-detail", args=[source_id]))
    add("import page", "editor", reverse("claims:article-import"))
    add("export CSV, first byte", "editor", reverse("claims:export", args=["csv"]), first_byte=True)
    add("export JSON, first byte", "editor", reverse("claims:export", args=["json"]), first_byte=True)
    for model in ("claim", "article", "source", "speaker", "evidence", "note"):
        # A list the admin does not have is reported as such.
        add(f"admin {model} list", "admin", f"/admin/claims/{model}/")
    add("admin source change (most cited)", "admin", reverse("admin:claims_source_change", args=[source_id]))
    add("admin article change", "admin", reverse("admin:claims_article_change", args=[article.pk]))
    add("admin claim change", "admin", reverse("admin:claims_claim_change", args=[panel_claim.pk]))

    def queue_rows():
        from claims import views

        return open_claims, views.QUEUE_ORDER

    def article_rows():
        from claims import views

        return Article.objects.all(), views.ARTICLE_ORDER

    keysets = {"queue": lambda: keyset_middle("queue", queue_rows),
               "article": lambda: keyset_middle("article", article_rows)}
    results = {}
    for label, user, url, kw in pages:
        if args.only and args.only not in label:
            continue
        if isinstance(url, tuple):
            _, base, name = url
            html = bench.clients[user].get(base).content.decode()
            for which, later in pager_urls(bench, user, base, html, keysets[name]()).items():
                results[f"{label} ({which})"] = bench.page(f"{label.split(',')[0]}, {which} page", user, later)
            continue
        results[label] = bench.page(label, user, url, **kw)

    # The same rows as the queue, in the admin's claim list.
    if not args.only or "queue" in args.only:
        kinds = ",".join(sorted(Claim.REVIEWABLE_KINDS))
        admin_url = f"{reverse('admin:claims_claim_changelist')}?kind__in={kinds}&state__in={OPEN_STATES}"
        print()
        admin_first = bench.page("admin claim list, open claims", "admin", admin_url)
        html = bench.clients["admin"].get(admin_url).content.decode()
        last_p = max([int(p) for p in re.findall(r"[?&]p=(\d+)", html)] or [1])
        admin_last = bench.page("admin claim list, open claims, last page", "admin", f"{admin_url}&p={last_p}")
        print(f"\n{'open claims':<22} {'review queue p50/p95':>22} {'admin list p50/p95':>22}")
        for which, queue, admin in (("first page", results.get("review queue"), admin_first),
                                    ("last page", results.get("review queue, later pages (last)"), admin_last)):
            print(f"{which:<22} {cell(queue):>22} {cell(admin):>22}")

    slow = [r for r in bench.rows if r["p95"] is not None and r["p95"] > TARGET_MS]
    print(f"\n{len(slow)} of {len(bench.rows)} pages over the {TARGET_MS:.0f} ms p95 target"
          + (": " + ", ".join(r["label"] for r in slow) if slow else "."))


def cell(row: dict | None) -> str:
    if not row or row["p50"] is None:
        return "—"
    return f"{row['p50']:.0f} / {row['p95']:.0f} ms"


if __name__ == "__main__":
    main()
