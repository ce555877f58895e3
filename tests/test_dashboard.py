import datetime
import zoneinfo

import pytest
from django.contrib.auth.models import Group
from django.urls import reverse
from django.utils import timezone

from claims import roles
from claims.dashboard import NOBODY, Counts, Load, Week, build, tally, week_starts
from claims.models import Claim, Note
from tests.factories import make_article, make_claim

pytestmark = pytest.mark.django_db

HTMX = {"HX-Request": "true"}
TODAY = datetime.date(2026, 12, 9)  # a Wednesday of ISO week 50


def _at(day: datetime.date, hour: int = 12) -> datetime.datetime:
    return timezone.make_aware(datetime.datetime.combine(day, datetime.time(hour)))


def test_week_starts_are_the_last_twelve_mondays_this_week_last():
    weeks = week_starts(TODAY)
    assert len(weeks) == 12
    assert weeks[-1] == Week(datetime.date(2026, 12, 7))
    assert weeks[0] == Week(datetime.date(2026, 9, 21))
    assert {w.start.weekday() for w in weeks} == {0}
    assert (weeks[-1].iso, weeks[-1].short) == ("2026-W50", "W50")


def test_iso_weeks_cross_the_year_as_iso_does():
    assert Week(datetime.date(2024, 12, 30)).iso == "2025-W01"


def test_tally_counts_states_verdicts_settled_weeks_and_workload():
    weeks = week_starts(TODAY, weeks=2)
    rows = [
        Counts(NOBODY, None, {"new": 3}, {"unrated": 3}),
        Counts(7, None, {"new": 1, "in_review": 1, "done": 5}, {"unrated": 6, "misquoted": 1}, overdue=1, sent_back=1),
        Counts(7, 1, {"done": 2}, {"accurate": 2}),
        Counts(8, 0, {"done": 1}, {"misquoted": 1}),
        Counts(8, None, {"done": 4}, {"accurate": 4}),
    ]
    by_state, by_verdict, weekly, loads = tally(rows, weeks)
    assert by_state == [("new", 4), ("in review", 1), ("needs second check", 0), ("done", 12)]
    assert dict(by_verdict) == {"unrated": 9, "accurate": 6, "accurate, needs context": 0, "misquoted": 2,
                                "misattributed": 0, "inaccurate": 0, "unverifiable": 0}
    assert [(w.start, n) for w, n in weekly] == [(datetime.date(2026, 11, 30), 1), (datetime.date(2026, 12, 7), 2)]
    # Nobody's claims are not a person's load; one with no open claims has none.
    assert loads == {7: Load(open=2, overdue=1, sent_back=1)}


def _reviewer(django_user_model, username: str):
    user = django_user_model.objects.create_user(username=username)
    user.groups.add(Group.objects.get(name=roles.REVIEWER))
    return user


def test_build_counts_claims_articles_and_workload(editor, reviewer, colleague):
    housing = make_article(title="Housing plan")
    budget = make_article(title="Budget day")
    quiet = make_article(title="All done")
    make_claim(housing, assignee=reviewer, due_on=TODAY - datetime.timedelta(days=1))
    make_claim(housing, quote=" the budget was unspent", kind=Claim.Kind.STATISTIC, assignee=reviewer,
               due_on=TODAY)
    sent_back = make_claim(budget, assignee=colleague, state=Claim.State.IN_REVIEW)
    Claim.objects.filter(pk=sent_back.pk).update(sent_back_note=Note.objects.create(claim=sent_back, text="again"))
    make_claim(budget, quote="Critics called the plan", state=Claim.State.SECOND_CHECK, verdict="accurate")
    make_claim(housing, quote="The minister spoke on Monday.", state=Claim.State.DONE, verdict="misquoted",
               approved_at=_at(datetime.date(2026, 12, 8)), approved_by=editor)
    make_claim(quiet, state=Claim.State.DONE, verdict="accurate", approved_at=_at(datetime.date(2026, 9, 1)))
    # A claim overdue but done is not overdue; quoted titles are not claims to review.
    make_claim(quiet, quote="fantasy", state=Claim.State.DONE, verdict="accurate", assignee=reviewer,
               due_on=TODAY - datetime.timedelta(days=30), approved_at=_at(datetime.date(2026, 12, 1)))
    make_claim(quiet, quote="Officials said", kind=Claim.Kind.NON_SPEECH_QUOTE)

    figures = build(TODAY)
    assert figures["by_state"] == [("new", 2), ("in review", 1), ("needs second check", 1), ("done", 3)]
    assert dict(figures["by_verdict"])["misquoted"] == 1
    assert (figures["open_total"], figures["overdue_total"], figures["unassigned"]) == (4, 1, 1)
    weekly = {w.start: n for w, n in figures["weekly"]}
    assert weekly[datetime.date(2026, 12, 7)] == 1 and weekly[datetime.date(2026, 11, 30)] == 1
    assert figures["settled_in_weeks"] == 2  # the approval of 1 September is older than twelve weeks
    assert [(a.title, a.open, a.claim_done, a.claim_total) for a in figures["articles"]] == [
        ("Budget day", 2, 0, 2), ("Housing plan", 2, 1, 3)]
    workload = [(r.username, r.open, r.overdue, r.sent_back) for r in figures["reviewers"]]
    assert workload[:2] == [("rita", 2, 1, 0), ("carl", 1, 0, 1)]
    # Editors and admins review too, with nothing assigned here.
    assert {name for name, *_ in workload[2:]} == {"edna"}
    bars = {b.label: b.total for b in figures["reviewer_chart"].bars}
    assert bars == {"rita": 2, "carl": 1, "edna": 0}


def test_settled_weeks_run_from_monday_midnight_where_the_newsroom_is(editor):
    article = make_article(text=" ".join(f'"Plan {n} will work," she said.' for n in range(5)))
    with timezone.override(zoneinfo.ZoneInfo("Pacific/Auckland")):
        monday = datetime.datetime(2026, 12, 7, tzinfo=timezone.get_current_timezone())
        for n, at in enumerate([
            monday,  # Sunday in UTC, but this week here
            monday - datetime.timedelta(microseconds=1),  # last week
            monday + datetime.timedelta(weeks=1),  # next week: not drawn
            monday - datetime.timedelta(weeks=12),  # thirteen weeks ago: not drawn
        ]):
            make_claim(article, quote=f"Plan {n} will work,", state=Claim.State.DONE, verdict="accurate",
                       approved_at=at, approved_by=editor)
        weekly = {w.start: n for w, n in build(TODAY)["weekly"] if n}
    assert weekly == {datetime.date(2026, 12, 7): 1, datetime.date(2026, 11, 30): 1}


def test_someone_who_lost_the_role_still_shows_their_open_claims(editor, django_user_model):
    former = django_user_model.objects.create_user(username="fred")
    make_claim(assignee=former)
    busiest = build(TODAY)["reviewers"][0]
    assert (busiest.username, busiest.open) == ("fred", 1)


def test_dashboard_page_and_partial_draw_charts_with_tables(client, reviewer):
    make_claim(assignee=reviewer, due_on=timezone.localdate() - datetime.timedelta(days=2))
    client.force_login(reviewer)
    page = client.get(reverse("claims:dashboard")).content.decode()
    assert "<html" in page and page.count("<svg") == 5
    assert '<caption>Claims by state</caption>' in page
    assert '<th scope="row">rita</th><td>1</td>' in page
    assert '<span class="badge overdue">1</span>' in page
    assert "Housing plan" in page
    partial = client.get(reverse("claims:dashboard"), headers=HTMX).content.decode()
    assert "<html" not in partial and 'id="dashboard-body"' in partial and partial.count("<svg") == 5


def test_an_empty_workbench_has_a_dashboard(client, editor):
    client.force_login(editor)
    page = client.get(reverse("claims:dashboard")).content.decode()
    assert "0 open claims" in page and "No article has open claims." in page


def _fill(count: int, people: list, editor) -> None:
    """`count` articles of five claims each, in every state, assigned round
    the people, some overdue, some sent back, some settled over the weeks."""
    today = timezone.localdate()
    sentences = [f'"Plan {n} will work," Jane Roe said.' for n in range(5)]
    for a in range(count):
        article = make_article(text=" ".join(sentences), title=f"Article {a}")
        for n in range(5):
            state = [Claim.State.NEW, Claim.State.IN_REVIEW, Claim.State.SECOND_CHECK, Claim.State.DONE,
                     Claim.State.DONE][n]
            claim = make_claim(
                article, quote=f"Plan {n} will work,", state=state, verdict="accurate" if n >= 2 else "unrated",
                assignee=people[(a + n) % len(people)], due_on=today + datetime.timedelta(days=n - 1),
                approved_at=timezone.now() - datetime.timedelta(weeks=a % 14) if n >= 3 else None,
                approved_by=editor if n >= 3 else None,
            )
            if n == 1:
                Claim.objects.filter(pk=claim.pk).update(sent_back_note=Note.objects.create(claim=claim, text="x"))


@pytest.mark.parametrize("articles, people", [(2, 1), (30, 6)])
def test_dashboard_queries_do_not_grow_with_rows(client, editor, django_user_model, django_assert_max_num_queries,
                                                articles, people):
    _fill(articles, [_reviewer(django_user_model, f"r{n}") for n in range(people)], editor)
    client.force_login(editor)
    with django_assert_max_num_queries(8):
        page = client.get(reverse("claims:dashboard")).content.decode()
    assert f"{articles * 3} open claims, 0 not assigned, {articles} overdue" in page
