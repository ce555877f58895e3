import datetime
import json

import pytest
from django.contrib.auth.models import Group
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from claims import roles
from claims.models import Claim, ClaimEvent, Note, Notification
from claims.services.review import change_claim
from claims.services.workflow import assign_claims, send_back
from tests.factories import make_article, make_claim

pytestmark = pytest.mark.django_db

HTMX = {"HX-Request": "true"}
VIA = ClaimEvent.Via.COMMAND
STATISTIC = "12 percent of the budget was unspent"


def _days(n: int) -> datetime.date:
    return timezone.localdate() + datetime.timedelta(days=n)


def _two_claims():
    article = make_article()
    return make_claim(article, score=0.4), make_claim(article, quote=STATISTIC, kind=Claim.Kind.STATISTIC, score=0.9)


# The review queue: ticking claims and assigning them


def test_queue_offers_ticks_and_the_assign_bar_to_editors_only(client, editor, reviewer, colleague):
    claim = make_claim(due_on=_days(-1), assignee=colleague)
    client.force_login(editor)
    page = client.get(reverse("claims:claim-queue")).content.decode()
    assert 'id="assign-form"' in page
    assert f'value="{claim.pk}:{claim.version}" form="assign-form"' in page
    assert '<option value="' + str(reviewer.pk) + '">rita</option>' in page
    assert 'class="badge overdue"' in page
    client.force_login(reviewer)
    page = client.get(reverse("claims:claim-queue")).content.decode()
    assert 'id="assign-form"' not in page and 'name="claims"' not in page
    assert 'class="badge overdue"' in page


def test_queue_filters_unassigned_and_orders_by_due_date(client, reviewer, colleague):
    article = make_article()
    undated = make_claim(article, score=0.9)
    later = make_claim(article, quote=STATISTIC, kind=Claim.Kind.STATISTIC, score=0.1, due_on=_days(5),
                       assignee=colleague)
    sooner = make_claim(article, quote="Critics called the plan", score=0.2, due_on=_days(-2))
    client.force_login(reviewer)
    content = client.get(reverse("claims:claim-queue"), {"order": "due"}, headers=HTMX).content.decode()
    assert "<html" not in content
    assert content.index(sooner.text) < content.index(later.text) < content.index(undated.text)
    content = client.get(reverse("claims:claim-queue"), {"unassigned": "on"}, headers=HTMX).content.decode()
    assert undated.text in content and sooner.text in content and later.text not in content


def test_assign_from_the_queue_with_htmx_answers_with_the_bar_and_reloads_the_table(client, editor, reviewer):
    first, second = _two_claims()
    client.force_login(editor)
    response = client.post(
        reverse("claims:claim-assign"),
        {"claims": [f"{first.pk}:1", f"{second.pk}:1"], "assignee": reviewer.pk, "due_on": _days(3).isoformat(),
         "next": "/queue/?kind=quote"},
        headers=HTMX,
    )
    content = response.content.decode()
    assert response.status_code == 200
    assert "<html" not in content and 'id="assign-form"' in content
    assert f"Assigned 2 claims to rita, due {_days(3):%d %b %Y}".replace(" 0", " ") in content
    assert json.loads(response["HX-Trigger"]) == {"queue-changed": {}}
    assert list(Claim.objects.order_by("pk").values_list("assignee", "due_on", "version")) == [
        (reviewer.pk, _days(3), 2), (reviewer.pk, _days(3), 2)]
    assert reviewer.notifications.count() == 2


def test_assign_from_the_queue_without_htmx_goes_back_to_the_queue_as_filtered(client, editor, reviewer):
    claim = make_claim()
    client.force_login(editor)
    response = client.post(reverse("claims:claim-assign"),
                           {"claims": f"{claim.pk}:1", "assignee": reviewer.pk, "next": "/queue/?kind=quote"})
    assert response.status_code == 302 and response["Location"] == "/queue/?kind=quote"
    assert "Assigned 1 claim to rita." in client.get(response["Location"]).content.decode()
    claim.refresh_from_db()
    assert (claim.assignee, claim.due_on) == (reviewer, None)


def test_assign_goes_back_only_to_the_queue(client, editor, reviewer):
    claim = make_claim()
    client.force_login(editor)
    for elsewhere in ["https://example.com/queue/", "//example.com/queue/", "/admin/"]:
        response = client.post(reverse("claims:claim-assign"),
                               {"claims": f"{claim.pk}:1", "assignee": reviewer.pk, "next": elsewhere})
        assert response["Location"] == "/queue/"


def test_assign_with_a_stale_claim_says_so_and_saves_nothing(client, editor, reviewer, colleague):
    first, second = _two_claims()
    change_claim(claim=second, by=colleague, seen_version=1, via=VIA, changes={"verdict": "accurate"})
    client.force_login(editor)
    response = client.post(reverse("claims:claim-assign"),
                           {"claims": [f"{first.pk}:1", f"{second.pk}:1"], "assignee": reviewer.pk}, headers=HTMX)
    content = response.content.decode()
    assert response.status_code == 409
    assert "carl changed “12 percent of the budget was unspent” since the queue was shown" in content
    assert "queue-changed" in response["HX-Trigger"]
    assert list(Claim.objects.values_list("assignee", flat=True)) == [None, None]
    assert Notification.objects.count() == 0


@pytest.mark.parametrize("data, message", [
    ({"claims": None}, "Tick the claims to assign."),
    ({"claims": "abc"}, "the claims ticked could not be read"),
    ({"claims": "1:0"}, "the claims ticked could not be read"),
    ({"due_on": "2001-01-01"}, "The due date is in the past."),
])
def test_assign_form_errors_are_shown_in_the_bar(client, editor, reviewer, data, message):
    claim = make_claim()
    client.force_login(editor)
    data = {k: v for k, v in {"claims": f"{claim.pk}:1", "assignee": reviewer.pk, **data}.items() if v is not None}
    response = client.post(reverse("claims:claim-assign"), data, headers=HTMX)
    assert response.status_code == 200
    assert message in response.content.decode()
    assert "HX-Trigger" not in response
    assert Claim.objects.get(pk=claim.pk).assignee is None


def test_only_reviewers_are_offered_and_accepted_as_assignees(client, editor, outsider):
    claim = make_claim()
    client.force_login(editor)
    page = client.get(reverse("claims:claim-queue")).content.decode()
    assert ">otto</option>" not in page
    response = client.post(reverse("claims:claim-assign"), {"claims": f"{claim.pk}:1", "assignee": outsider.pk},
                           headers=HTMX)
    assert "Select a valid choice" in response.content.decode()
    assert Claim.objects.get(pk=claim.pk).assignee is None


@pytest.mark.parametrize("view, args", [("claim-assign", []), ("claim-approve", [1]), ("claim-send-back", [1])])
def test_post_views_refuse_get(client, editor, view, args):
    make_claim()
    client.force_login(editor)
    assert client.get(reverse(f"claims:{view}", args=args)).status_code == 405


def test_a_reviewer_is_offered_only_themselves_as_assignee_in_the_panel(client, reviewer, colleague, editor):
    claim = make_claim(assignee=colleague)
    client.force_login(reviewer)
    panel = client.get(reverse("claims:claim-detail", args=[claim.pk]), headers=HTMX).content.decode()
    options = panel.split('name="assignee"')[1].split("</select>")[0]
    assert ">rita</option>" in options and ">carl</option>" in options and ">edna</option>" not in options
    client.force_login(editor)
    panel = client.get(reverse("claims:claim-detail", args=[claim.pk]), headers=HTMX).content.decode()
    assert ">edna</option>" in panel.split('name="assignee"')[1].split("</select>")[0]


def test_a_reviewer_assigning_someone_else_in_the_panel_is_refused(client, reviewer, colleague):
    claim = make_claim()
    client.force_login(reviewer)
    response = client.post(reverse("claims:claim-review", args=[claim.pk]),
                           {"state": "new", "verdict": "unrated", "assignee": colleague.pk, "version": 1},
                           headers=HTMX)
    assert response.status_code == 403
    assert "Only an editor can assign" in response.content.decode()
    assert Claim.objects.get(pk=claim.pk).assignee is None


# My queue


def test_my_queue_puts_sent_back_first_then_overdue_then_due_then_undated(client, editor, reviewer, colleague):
    article = make_article(text="One. Two. Three. Four. Five. Six.")
    undated_high = make_claim(article, quote="One.", score=0.99, assignee=reviewer)
    later = make_claim(article, quote="Two.", score=0.5, assignee=reviewer, due_on=_days(4))
    overdue = make_claim(article, quote="Three.", score=0.1, assignee=reviewer, due_on=_days(-3))
    sent = make_claim(article, quote="Four.", score=0.2, assignee=reviewer, state=Claim.State.SECOND_CHECK,
                      verdict="accurate", due_on=_days(9))
    make_claim(article, quote="Five.", score=1.0, assignee=colleague)
    make_claim(article, quote="Six.", score=1.0, assignee=reviewer, state=Claim.State.DONE, verdict="accurate")
    send_back(claim=sent, by=editor, seen_version=1, via=VIA, note="Which speech was this?")
    client.force_login(reviewer)
    page = client.get(reverse("claims:my-queue")).content.decode()
    assert "<html" in page
    order = [page.index(f'id="my-row-{c.pk}"') for c in (sent, overdue, later, undated_high)]
    assert order == sorted(order)
    assert "Five." not in page and "Six." not in page
    row = page[page.index(f'id="my-row-{sent.pk}"'):page.index(f'id="my-row-{overdue.pk}"')]
    assert 'class="badge sent-back"' in row and "edna" in row and "Which speech was this?" in row
    overdue_row = page[page.index(f'id="my-row-{overdue.pk}"'):page.index(f'id="my-row-{later.pk}"')]
    assert 'class="badge overdue"' in overdue_row
    partial = client.get(reverse("claims:my-queue"), headers=HTMX).content.decode()
    assert "<html" not in partial and 'id="my-queue-table"' in partial and "Which speech was this?" in partial


def test_the_navigation_leads_a_reviewer_to_their_queue(client, reviewer):
    client.force_login(reviewer)
    page = client.get(reverse("claims:article-list")).content.decode()
    assert f'href="{reverse("claims:my-queue")}">My queue</a>' in page
    assert "To approve" not in page


def _assigned(count: int, reviewer, editor) -> None:
    sentences = [f'"Plan {n} will work," Jane Roe said.' for n in range(count)]
    article = make_article(text=" ".join(sentences))
    for n in range(count):
        claim = make_claim(article, quote=f"Plan {n} will work,", score=n / count, assignee=reviewer,
                           due_on=_days(n % 7 - 3) if n % 3 else None,
                           state=Claim.State.SECOND_CHECK if n % 4 == 0 else Claim.State.NEW, verdict="accurate")
        if n % 4 == 0:
            send_back(claim=claim, by=editor, seen_version=1, via=VIA, note=f"Look at plan {n} again.")


@pytest.mark.parametrize("count", [3, 60])
def test_my_queue_queries_do_not_grow_with_claims(client, reviewer, editor, django_assert_max_num_queries, count):
    _assigned(count, reviewer, editor)
    client.force_login(reviewer)
    with django_assert_max_num_queries(8):
        page = client.get(reverse("claims:my-queue")).content.decode()
    assert page.count('class="badge sent-back"') == min((count + 3) // 4, 50)


# Verdicts to approve


def test_to_approve_lists_proposed_verdicts_oldest_first(client, editor, reviewer):
    article = make_article()
    first = make_claim(article, state=Claim.State.SECOND_CHECK, verdict="accurate", assignee=reviewer)
    second = make_claim(article, quote=STATISTIC, kind=Claim.Kind.STATISTIC, state=Claim.State.SECOND_CHECK,
                        verdict="misquoted")
    make_claim(article, quote="Critics called the plan", state=Claim.State.SECOND_CHECK)  # no verdict proposed
    make_claim(article, quote="Officials said", state=Claim.State.IN_REVIEW, verdict="accurate")
    Claim.objects.filter(pk=first.pk).update(updated_at=timezone.now() - datetime.timedelta(hours=2))
    client.force_login(editor)
    page = client.get(reverse("claims:approval-queue")).content.decode()
    assert "<html" in page
    assert page.index(f'id="approval-row-{first.pk}"') < page.index(f'id="approval-row-{second.pk}"')
    assert "Critics called the plan" not in page and "Officials said" not in page
    partial = client.get(reverse("claims:approval-queue"), headers=HTMX).content.decode()
    assert "<html" not in partial and f'id="approval-row-{second.pk}"' in partial
    assert 'href="/queue/approve/">To approve</a>' in page


def test_approve_with_htmx_answers_with_the_row(client, editor, reviewer):
    claim = make_claim(state=Claim.State.SECOND_CHECK, verdict="misquoted", assignee=reviewer)
    client.force_login(editor)
    response = client.post(reverse("claims:claim-approve", args=[claim.pk]), {"version": 1}, headers=HTMX)
    content = response.content.decode()
    assert response.status_code == 200
    assert "<html" not in content and content.strip().startswith(f'<tr id="approval-row-{claim.pk}"')
    assert "Approved: misquoted." in content and "<button" not in content
    claim.refresh_from_db()
    assert (claim.state, claim.approved_by) == ("done", editor)
    assert list(reviewer.notifications.values_list("kind", flat=True)) == ["approved"]


def test_send_back_with_htmx_answers_with_the_row(client, editor, reviewer):
    claim = make_claim(state=Claim.State.SECOND_CHECK, verdict="misquoted", assignee=reviewer)
    client.force_login(editor)
    response = client.post(reverse("claims:claim-send-back", args=[claim.pk]),
                           {"version": 1, "note": "The quote is from 2019."}, headers=HTMX)
    content = response.content.decode()
    assert response.status_code == 200
    assert "Sent back to rita." in content and "<html" not in content
    claim.refresh_from_db()
    assert (claim.state, claim.sent_back_note.text) == ("in_review", "The quote is from 2019.")


def test_send_back_without_a_note_keeps_the_form_open_and_saves_nothing(client, editor, reviewer):
    claim = make_claim(state=Claim.State.SECOND_CHECK, verdict="misquoted", assignee=reviewer)
    client.force_login(editor)
    response = client.post(reverse("claims:claim-send-back", args=[claim.pk]), {"version": 1, "note": ""},
                           headers=HTMX)
    content = response.content.decode()
    assert response.status_code == 200
    assert "This field is required." in content and '<details class="send-back" open>' in content
    assert (Note.objects.count(), Claim.objects.get(pk=claim.pk).state) == (0, "second_check")


def test_approve_a_stale_row_shows_the_claim_as_it_is_now(client, editor, reviewer):
    claim = make_claim(state=Claim.State.SECOND_CHECK, verdict="misquoted", assignee=reviewer)
    change_claim(claim=claim, by=reviewer, seen_version=1, via=VIA, changes={"verdict": "inaccurate"})
    client.force_login(editor)
    response = client.post(reverse("claims:claim-approve", args=[claim.pk]), {"version": 1}, headers=HTMX)
    content = response.content.decode()
    assert response.status_code == 409
    assert "rita changed this claim" in content and 'value="2"' in content and "inaccurate" in content
    assert Claim.objects.get(pk=claim.pk).state == "second_check"


def test_approve_and_send_back_without_htmx_go_back_to_the_list(client, editor, reviewer):
    article = make_article()
    first = make_claim(article, state=Claim.State.SECOND_CHECK, verdict="misquoted", assignee=reviewer)
    second = make_claim(article, quote=STATISTIC, state=Claim.State.SECOND_CHECK, verdict="accurate",
                        assignee=reviewer)
    client.force_login(editor)
    response = client.post(reverse("claims:claim-approve", args=[first.pk]), {"version": 1})
    assert response.status_code == 302 and response["Location"] == reverse("claims:approval-queue")
    response = client.post(reverse("claims:claim-send-back", args=[second.pk]), {"version": 1, "note": "Why?"})
    page = client.get(response["Location"]).content.decode()
    assert "Approved: misquoted." in page and "Sent back to rita." in page
    assert "No verdict is waiting for approval." in page


# Notifications


def _notified(count: int, reviewer, editor) -> None:
    sentences = [f'"Plan {n} will work," Jane Roe said.' for n in range(count)]
    article = make_article(text=" ".join(sentences))
    claims = [make_claim(article, quote=f"Plan {n} will work,") for n in range(count)]
    assign_claims(seen={c.pk: 1 for c in claims}, assignee=reviewer, due_on=None, by=editor, via=VIA)


def test_notifications_list_marks_them_read_after_showing_them_new(client, editor, reviewer):
    _notified(2, reviewer, editor)
    claim = Claim.objects.first()
    change_claim(claim=claim, by=reviewer, seen_version=2, via=VIA,
                 changes={"state": "second_check", "verdict": "accurate"})
    send_back(claim=claim, by=editor, seen_version=3, via=VIA, note="Check the year.")
    client.force_login(reviewer)
    page = client.get(reverse("claims:article-list")).content.decode()
    assert '<span class="badge count" id="unread-count">3<span class="visually-hidden"> unread</span>' in page
    page = client.get(reverse("claims:notification-list")).content.decode()
    assert page.count('class="badge new"') == 3
    assert "sent back to you" in page and "Check the year." in page and "assigned to you" in page
    # The badge counts after the list was read.
    assert 'id="unread-count"' not in page
    assert Notification.objects.filter(read_at__isnull=True).count() == 0
    again = client.get(reverse("claims:notification-list"), headers=HTMX).content.decode()
    assert "<html" not in again and 'class="badge new"' not in again and again.count("<tr id=") == 3


def test_notifications_are_each_persons_own(client, editor, reviewer, colleague):
    _notified(1, reviewer, editor)
    client.force_login(colleague)
    page = client.get(reverse("claims:notification-list")).content.decode()
    assert "No notifications." in page
    assert Notification.objects.get().read_at is None


@pytest.mark.parametrize("count", [2, 70])
def test_notification_list_queries_do_not_grow_with_rows(client, editor, reviewer, django_assert_max_num_queries,
                                                        count):
    _notified(count, reviewer, editor)
    client.force_login(reviewer)
    with django_assert_max_num_queries(9):
        page = client.get(reverse("claims:notification-list")).content.decode()
    assert page.count('class="badge new"') == min(count, 50)


def test_the_badge_is_one_query_and_absent_for_htmx(client, reviewer, editor):
    _notified(1, reviewer, editor)
    client.force_login(reviewer)
    with CaptureQueriesContext(connection) as page_queries:
        client.get(reverse("claims:source-search"))
    with CaptureQueriesContext(connection) as fragment_queries:
        client.get(reverse("claims:source-search"), headers=HTMX)
    counts = [q["sql"] for q in page_queries.captured_queries if "claims_notification" in q["sql"]]
    assert len(counts) == 1 and "COUNT(" in counts[0]
    assert not [q for q in fragment_queries.captured_queries if "claims_notification" in q["sql"]]


def test_a_role_made_in_the_admin_is_assignable_by_its_permission(client, editor, django_user_model):
    checker = django_user_model.objects.create_user(username="vic")
    checker.groups.add(Group.objects.create(name="verification desk"))
    checker.groups.get().permissions.add(*Group.objects.get(name=roles.REVIEWER).permissions.all())
    client.force_login(editor)
    assert ">vic</option>" in client.get(reverse("claims:claim-queue")).content.decode()
