"""The dashboard's figures: claims by state and by verdict, settled claims
per ISO week, the articles with most open claims and each reviewer's
workload. Three queries, whatever the number of claims (the claims read
once, the top articles, the people); the arithmetic on their rows is in
pure functions."""

from __future__ import annotations

import datetime
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass, field

from django.db.models import Case, Count, IntegerField, Q, Value, When
from django.db.models.functions import Coalesce
from django.utils import timezone

from . import charts, roles
from .models import OPEN_CLAIMS, Article, Claim

WEEKS = 12
TOP_ARTICLES = 10
# The assignee of claims assigned to nobody, in the rows of `_claim_rows`.
NOBODY = 0


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


@dataclass(frozen=True)
class Counts:
    """Reviewable claims of one assignee (NOBODY for none) that were settled
    in one of the chart's weeks (its index in the weeks) or not (None), by
    state and by verdict, with how many of the open ones are overdue and
    how many were sent back."""

    assignee: int
    week: int | None
    by_state: dict[str, int] = field(default_factory=dict)
    by_verdict: dict[str, int] = field(default_factory=dict)
    overdue: int = 0
    sent_back: int = 0

    @property
    def open(self) -> int:
        return sum(n for state, n in self.by_state.items() if state != Claim.State.DONE)


@dataclass(frozen=True)
class Load:
    """One assignee's open claims: all, overdue and sent back."""

    open: int = 0
    overdue: int = 0
    sent_back: int = 0


def tally(rows: Iterable[Counts], weeks: list[Week]):
    """From the rows of `_claim_rows`: counts by state and by verdict in the
    order of their choices, settled claims per week of `weeks` (0 for a week
    with none), and each assignee's Load (those with open claims only)."""
    by_state, by_verdict, per_week = Counter(), Counter(), Counter()
    loads: dict[int, Counter] = {}
    for row in rows:
        by_state.update(row.by_state)
        by_verdict.update(row.by_verdict)
        if row.week is not None:
            per_week[row.week] += row.by_state.get(Claim.State.DONE, 0)
        if row.assignee != NOBODY and row.open:
            loads.setdefault(row.assignee, Counter()).update(
                {"open": row.open, "overdue": row.overdue, "sent_back": row.sent_back}
            )
    return (
        [(label, by_state[value]) for value, label in Claim.State.choices],
        [(label, by_verdict[value]) for value, label in Claim.Verdict.choices],
        [(w, per_week[i]) for i, w in enumerate(weeks)],
        {pk: Load(**load) for pk, load in loads.items()},
    )


def _midnight(day: datetime.date) -> datetime.datetime:
    return timezone.make_aware(datetime.datetime.combine(day, datetime.time.min))


def _claim_rows(weeks: list[Week], today: datetime.date) -> list[Counts]:
    """Every reviewable claim counted in one pass: grouped by assignee and
    by the chart's week its verdict was approved in, each group counted by
    state, by verdict, overdue and sent back. A few rows per person.

    The week is a comparison with each Monday (local midnight) rather than
    the database's week truncation, which SQLite runs as a Python function
    per row. The assignee is grouped as Coalesce(assignee, NOBODY): grouped
    by the bare column, SQLite walks the assignee index in order and looks
    up every claim's row from it, several times slower than reading the
    table through and sorting the groups."""
    bounds = [_midnight(w.start) for w in weeks] + [_midnight(weeks[-1].start + datetime.timedelta(weeks=1))]
    settled = Q(state=Claim.State.DONE) & ~Q(verdict=Claim.Verdict.UNRATED)
    in_weeks = settled & Q(approved_at__gte=bounds[0], approved_at__lt=bounds[-1])
    week = Case(
        When(in_weeks, then=Case(
            *[When(approved_at__gte=bounds[i], then=Value(i)) for i in range(len(weeks) - 1, 0, -1)],
            default=Value(0),
        )),
        default=None,
        output_field=IntegerField(),
    )
    open_claim = ~Q(state=Claim.State.DONE)
    counts = {f"state_{value}": Count("pk", filter=Q(state=value)) for value in Claim.State.values}
    counts |= {f"verdict_{value}": Count("pk", filter=Q(verdict=value)) for value in Claim.Verdict.values}
    rows = (
        Claim.objects.reviewable()
        .values(holder=Coalesce("assignee_id", Value(NOBODY)), week=week)
        .annotate(
            **counts,
            overdue=Count("pk", filter=open_claim & Q(due_on__lt=today)),
            sent_back=Count("pk", filter=open_claim & Q(sent_back_note__isnull=False)),
        )
        .order_by()
    )
    return [
        Counts(
            assignee=row["holder"], week=row["week"],
            by_state={value: row[f"state_{value}"] for value in Claim.State.values if row[f"state_{value}"]},
            by_verdict={value: row[f"verdict_{value}"] for value in Claim.Verdict.values if row[f"verdict_{value}"]},
            overdue=row["overdue"], sent_back=row["sent_back"],
        )
        for row in rows
    ]


def _articles():
    """The articles with most open claims, with their progress: the ten
    found among the open claims (an index holds them all), then only their
    claims counted."""
    top = (
        Claim.objects.filter(OPEN_CLAIMS)
        .values("article_id")
        .annotate(n=Count("pk"))
        .order_by("-n", "-article_id")
        .values("article_id")[:TOP_ARTICLES]
    )
    open_claims = Q(claims__kind__in=Claim.REVIEWABLE_KINDS) & ~Q(claims__state=Claim.State.DONE)
    return list(
        Article.objects.with_progress()
        .annotate(open=Count("claims", filter=open_claims))
        .filter(pk__in=top)
        .only("title", "direction")
        .order_by("-open", "-pk")
    )


def _reviewers(loads: dict[int, Load]):
    """Everyone who may review or holds open claims, with their open,
    overdue and sent-back claims, the busiest first."""
    from django.contrib.auth import get_user_model

    people = get_user_model().objects.filter(
        Q(pk__in=roles.holders("claims.review_claim").values("pk")) | Q(pk__in=list(loads))
    ).only("username")
    for person in people:
        load = loads.get(person.pk, Load())
        person.open, person.overdue, person.sent_back = load.open, load.overdue, load.sent_back
        yield person


def build(today: datetime.date | None = None) -> dict:
    """The dashboard's context: the figures and a chart of each."""
    today = today or timezone.localdate()
    weeks = week_starts(today)
    by_state, by_verdict, weekly, loads = tally(_claim_rows(weeks, today), weeks)
    articles = _articles()
    reviewers = sorted(_reviewers(loads), key=lambda person: (-person.open, person.get_username()))
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
