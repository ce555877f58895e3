"""The dashboard's figures: claims by state and by verdict, settled claims
per ISO week, the articles with most open claims and each reviewer's
workload. Three aggregate queries, whatever the number of claims; the
arithmetic on their rows is in pure functions."""

from __future__ import annotations

import datetime
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass

from django.db.models import Case, Count, DateTimeField, Q, Value, When
from django.db.models.functions import TruncWeek
from django.utils import timezone

from . import charts, roles
from .models import Article, Claim

WEEKS = 12
TOP_ARTICLES = 10


@dataclass(frozen=True)
class Week:
    start: datetime.date

    @property
    def iso(self) -> str:
        year, week, _ = self.start.isocalendar()
        return f"{year}-W{week:02d}"

    @property
    def short(self) -> str:
        return f"W{self.start.isocalendar()[1]:02d}"


def week_starts(today: datetime.date, weeks: int = WEEKS) -> list[Week]:
    """The Mondays of the last `weeks` ISO weeks, this week's last."""
    monday = today - datetime.timedelta(days=today.weekday())
    return [Week(monday - datetime.timedelta(weeks=n)) for n in range(weeks - 1, -1, -1)]


def tally(rows: Iterable[tuple[str, str, datetime.date | None, int]], weeks: list[Week]):
    """From (state, verdict, week settled or None, count) rows: counts by
    state and by verdict in the order of their choices, and settled claims
    per week of `weeks` (0 for a week with none)."""
    by_state, by_verdict, per_week = Counter(), Counter(), Counter()
    for state, verdict, week, n in rows:
        by_state[state] += n
        by_verdict[verdict] += n
        if week is not None and state == Claim.State.DONE and verdict != Claim.Verdict.UNRATED:
            per_week[week] += n
    return (
        [(label, by_state[value]) for value, label in Claim.State.choices],
        [(label, by_verdict[value]) for value, label in Claim.Verdict.choices],
        [(w, per_week[w.start]) for w in weeks],
    )


def _claim_rows(since: datetime.datetime):
    """Reviewable claims grouped by state, verdict and, for those approved
    since `since`, the week of their approval."""
    settled_week = Case(
        When(state=Claim.State.DONE, approved_at__gte=since, then=TruncWeek("approved_at")),
        default=Value(None),
        output_field=DateTimeField(),
    )
    rows = (
        Claim.objects.reviewable()
        .annotate(week=settled_week)
        .values_list("state", "verdict", "week")
        .annotate(n=Count("pk"))
        .order_by()
    )
    for state, verdict, week, n in rows:
        yield state, verdict, _local_date(week), n


def _local_date(value) -> datetime.date | None:
    if value is None:
        return None
    if isinstance(value, datetime.datetime):
        return timezone.localtime(value).date() if timezone.is_aware(value) else value.date()
    return value


def _articles():
    """The articles with most open claims, with their progress."""
    open_claims = Q(claims__kind__in=Claim.REVIEWABLE_KINDS) & ~Q(claims__state=Claim.State.DONE)
    return list(
        Article.objects.with_progress()
        .annotate(open=Count("claims", filter=open_claims))
        .filter(open__gt=0)
        .only("title", "direction")
        .order_by("-open", "-pk")[:TOP_ARTICLES]
    )


def _reviewers(today: datetime.date):
    """Everyone who may review or holds open claims, with their open,
    overdue and sent-back claims, the busiest first."""
    from django.contrib.auth import get_user_model

    mine = Q(assigned_claims__kind__in=Claim.REVIEWABLE_KINDS) & ~Q(assigned_claims__state=Claim.State.DONE)
    holding = Claim.objects.needs_review().filter(assignee__isnull=False).values("assignee")
    people = get_user_model().objects.filter(
        Q(pk__in=roles.holders("claims.review_claim").values("pk")) | Q(pk__in=holding)
    )
    return list(
        people.annotate(
            open=Count("assigned_claims", filter=mine),
            overdue=Count("assigned_claims", filter=mine & Q(assigned_claims__due_on__lt=today)),
            sent_back=Count("assigned_claims", filter=mine & Q(assigned_claims__sent_back_note__isnull=False)),
        )
        .only("username")
        .order_by("-open", "username")
    )


def build(today: datetime.date | None = None) -> dict:
    """The dashboard's context: the figures and a chart of each."""
    today = today or timezone.localdate()
    weeks = week_starts(today)
    since = timezone.make_aware(datetime.datetime.combine(weeks[0].start, datetime.time.min))
    by_state, by_verdict, weekly = tally(_claim_rows(since), weeks)
    articles, reviewers = _articles(), _reviewers(today)
    open_total = sum(n for (label, n), value in zip(by_state, Claim.State.values, strict=True)
                     if value != Claim.State.DONE)
    unassigned = open_total - sum(r.open for r in reviewers)
    return {
        "today": today,
        "open_total": open_total,
        "overdue_total": sum(r.overdue for r in reviewers),
        "unassigned": unassigned,
        "by_state": by_state,
        "by_verdict": by_verdict,
        "weekly": weekly,
        "settled_in_weeks": sum(n for _, n in weekly),
        "articles": articles,
        "reviewers": reviewers,
        "state_chart": charts.bars([(label, [(n, f"bar state-{value}")]) for (label, n), value
                                    in zip(by_state, Claim.State.values, strict=True)]),
        "verdict_chart": charts.bars([(label, [(n, f"bar verdict-{value}")]) for (label, n), value
                                      in zip(by_verdict, Claim.Verdict.values, strict=True)]),
        "weekly_chart": charts.columns([(w.short, n) for w, n in weekly], css="bar settled"),
        "article_chart": charts.bars(
            [(charts.shorten(a.title, 30), [(a.claim_done, "bar done"), (a.open, "bar open")]) for a in articles]
        ),
        "reviewer_chart": charts.bars(
            [(r.get_username(), [(r.overdue, "bar overdue"), (r.open - r.overdue, "bar open")]) for r in reviewers]
        ),
    }
