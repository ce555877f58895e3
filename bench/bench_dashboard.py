"""The team pages at newsroom size: the dashboard's figures, one reviewer's
"My queue" and the navigation's unread count, each timed (median of five
runs) with the queries it made, beside the dashboard's figures counted in
Python from every claim's row, as a page without aggregates would.

Fills a scratch database (a temporary SQLite file, or BENCH_DATABASE_URL:
an empty PostgreSQL database you can throw away) with claims in every
state, 30 per article, assigned round 20 reviewers with due dates, a
quarter of them settled over the last 20 weeks, and notifications.

    python bench/bench_dashboard.py [--claims 100000]
"""

import argparse
import atexit
import datetime
import os
import shutil
import statistics
import sys
import tempfile
import time
from collections import Counter
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

PER_ARTICLE = 30
REVIEWERS = 20


def fill(claims: int):
    from django.contrib.auth import get_user_model
    from django.contrib.auth.models import Group
    from django.core.management import call_command
    from django.db import connection, transaction
    from django.utils import timezone

    from claims import roles
    from claims.models import Article, Claim, Notification

    call_command("migrate", verbosity=0)
    User = get_user_model()
    people = [User.objects.create_user(username=f"reviewer{n}") for n in range(REVIEWERS)]
    editor = User.objects.create_user(username="editor")
    group = Group.objects.get(name=roles.REVIEWER)
    for person in people:
        person.groups.add(group)
    editor.groups.add(Group.objects.get(name=roles.EDITOR))
    states = ["new", "new", "in_review", "second_check", "done"]
    now, today = timezone.now(), timezone.localdate()
    body = "The council met on Tuesday to discuss the plan. " * 40
    made = 0
    while made < claims:
        with transaction.atomic():
            first = made // PER_ARTICLE
            articles = Article.objects.bulk_create(
                Article(title=f"Housing plan {n}", raw_text=body, cleaned_text=body, content_hash=f"bench-{n}")
                for n in range(first, first + 200)
            )
            rows = []
            for article in articles:
                for k in range(PER_ARTICLE):
                    n = made + len(rows)
                    if n >= claims:
                        break
                    state = states[n % len(states)]
                    rows.append(Claim(
                        article=article, text="the plan", start=k, end=k + 8, kind="quote", state=state,
                        verdict="accurate" if state in ("second_check", "done") else "unrated",
                        score=(n % 97) / 97, assignee=people[n % REVIEWERS] if n % 7 else None,
                        due_on=today + datetime.timedelta(days=n % 21 - 10) if n % 3 else None,
                        approved_at=now - datetime.timedelta(days=n % 140) if state == "done" else None,
                    ))
            Claim.objects.bulk_create(rows, batch_size=2000)
            made += len(rows)
    mine = list(Claim.objects.filter(assignee=people[0]).values_list("pk", flat=True)[:500])
    Notification.objects.bulk_create(
        Notification(recipient=people[0], kind="assigned", claim_id=pk, actor=editor) for pk in mine
    )
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("ANALYZE")
    return people[0]


def timed(work, runs: int = 5) -> tuple[float, int]:
    """Median seconds of `runs` calls, and the queries one call makes."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    times = []
    for _ in range(runs):
        with CaptureQueriesContext(connection) as queries:
            started = time.perf_counter()
            work()
            times.append(time.perf_counter() - started)
    return statistics.median(times), len(queries)


def in_python():
    """The dashboard's counts from every claim's row, without aggregates."""
    from claims.models import Claim

    by_state, by_verdict, per_article, per_person = Counter(), Counter(), Counter(), Counter()
    for state, verdict, article, person in Claim.objects.reviewable().values_list(
        "state", "verdict", "article_id", "assignee_id"
    ).iterator(chunk_size=5000):
        by_state[state] += 1
        by_verdict[verdict] += 1
        if state != "done":
            per_article[article] += 1
            per_person[person] += 1
    return by_state, by_verdict, per_article.most_common(10), per_person


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--claims", type=int, default=100_000)
    args = parser.parse_args()
    scratch = tempfile.mkdtemp(prefix="bench-dashboard-")
    atexit.register(shutil.rmtree, scratch, ignore_errors=True)
    url = os.environ.get("BENCH_DATABASE_URL") or f"sqlite:///{scratch}/bench.sqlite3"
    os.environ.update(DJANGO_SETTINGS_MODULE="workbench.settings", DATABASE_URL=url, DEBUG="0")
    import django

    django.setup()
    from django.core.paginator import Paginator
    from django.db import connection

    from claims import dashboard
    from claims.context_processors import unread_count
    from claims.models import Claim

    started = time.perf_counter()
    reviewer = fill(args.claims)
    print(f"{connection.vendor}: {args.claims:,} claims in {args.claims // PER_ARTICLE + 1:,} articles, "
          f"{REVIEWERS} reviewers (filled in {time.perf_counter() - started:.0f} s)")

    def my_queue():
        claims = Claim.objects.needs_review().filter(assignee=reviewer).select_related(
            "article", "speaker", "sent_back_note__author").defer("article__raw_text", "article__cleaned_text")
        page = Paginator(claims.by_urgency(), 50).get_page(1)
        list(page)

    print(f"{'what':<44} {'median':>9} {'queries':>8}")
    for label, work in [
        ("dashboard figures (aggregates)", dashboard.build),
        ("dashboard counts in Python (baseline)", in_python),
        (f"my queue, first page ({reviewer.username})", my_queue),
        ("unread notifications count", lambda: unread_count(reviewer)),
    ]:
        seconds, queries = timed(work)
        print(f"{label:<44} {seconds * 1000:>7.1f}ms {queries:>8}")


if __name__ == "__main__":
    main()
