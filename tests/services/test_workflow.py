import datetime

import pytest
from django.contrib.auth.models import Group, Permission

from claims import roles
from claims.models import Claim, ClaimEvent, Note, Notification
from claims.services.notifications import mark_read
from claims.services.review import EditConflict, InvalidChange, ReviewRefused, change_claim, reviewer_of
from claims.services.workflow import assign_claims, send_back
from tests.factories import make_article, make_claim

pytestmark = pytest.mark.django_db

VIA = ClaimEvent.Via.PANEL
DUE = datetime.date(2031, 5, 2)
STATISTIC = "12 percent of the budget was unspent"


def _history(claim) -> list[tuple]:
    return list(claim.history.order_by("pk").values_list("field", "old", "new", "actor__username", "via"))


def _notifications(user) -> list[tuple]:
    return list(user.notifications.order_by("pk").values_list("kind", "claim_id", "actor__username", "read_at"))


def _two_claims():
    article = make_article()
    return make_claim(article), make_claim(article, quote=STATISTIC, kind=Claim.Kind.STATISTIC)


def _proposed(by, **fields) -> Claim:
    """A claim whose reviewer `by` proposed a verdict, as the panel does it."""
    claim = make_claim(**fields)
    return change_claim(claim=claim, by=by, seen_version=claim.version, via=VIA,
                        changes={"state": Claim.State.SECOND_CHECK, "verdict": Claim.Verdict.ACCURATE})


# Assigning


def test_assign_claims_records_history_and_notifies_the_assignee_once_per_claim(editor, reviewer):
    first, second = _two_claims()
    saved = assign_claims(seen={first.pk: 1, second.pk: 1}, assignee=reviewer, due_on=DUE, by=editor, via=VIA)
    assert [c.pk for c in saved] == sorted([first.pk, second.pk])
    for claim in (first, second):
        claim.refresh_from_db()
        assert (claim.assignee, claim.due_on, claim.version) == (reviewer, DUE, 2)
        assert _history(claim) == [("assignee", "", "rita", "edna", "panel"),
                                   ("due_on", "", "2031-05-02", "edna", "panel")]
    assert _notifications(reviewer) == [("assigned", first.pk, "edna", None), ("assigned", second.pk, "edna", None)]


def test_reassigning_only_the_due_date_notifies_nobody(editor, reviewer):
    claim = make_claim(assignee=reviewer)
    assign_claims(seen={claim.pk: 1}, assignee=reviewer, due_on=DUE, by=editor, via=VIA)
    claim.refresh_from_db()
    assert (claim.due_on, _history(claim)) == (DUE, [("due_on", "", "2031-05-02", "edna", "panel")])
    assert _notifications(reviewer) == []


def test_assigning_to_oneself_notifies_nobody(editor):
    claim = make_claim()
    assign_claims(seen={claim.pk: 1}, assignee=editor, due_on=None, by=editor, via=VIA)
    claim.refresh_from_db()
    assert claim.assignee == editor
    assert Notification.objects.count() == 0


def test_a_stale_claim_in_the_selection_saves_nothing(editor, reviewer, colleague):
    first, second = _two_claims()
    change_claim(claim=second, by=colleague, seen_version=1, via=VIA, changes={"verdict": Claim.Verdict.ACCURATE})
    with pytest.raises(EditConflict) as conflict:
        assign_claims(seen={first.pk: 1, second.pk: 1}, assignee=reviewer, due_on=DUE, by=editor, via=VIA)
    assert conflict.value.current.pk == second.pk and conflict.value.changed_by == "carl"
    first.refresh_from_db()
    second.refresh_from_db()
    assert (first.assignee, first.version, second.assignee, second.version) == (None, 1, None, 2)
    assert not ClaimEvent.objects.filter(field__in=["assignee", "due_on"]).exists()
    assert Notification.objects.count() == 0


def test_a_reviewer_may_not_assign(reviewer, colleague):
    claim = make_claim()
    with pytest.raises(ReviewRefused):
        assign_claims(seen={claim.pk: 1}, assignee=colleague, due_on=None, by=reviewer, via=VIA)
    claim.refresh_from_db()
    assert (claim.assignee, claim.history.count(), Notification.objects.count()) == (None, 0, 0)


def test_an_outsider_may_not_assign(outsider, reviewer):
    claim = make_claim()
    with pytest.raises(ReviewRefused):
        assign_claims(seen={claim.pk: 1}, assignee=reviewer, due_on=None, by=outsider, via=VIA)
    assert Claim.objects.get(pk=claim.pk).assignee is None


def test_only_someone_who_reviews_can_be_assigned(editor, outsider):
    claim = make_claim()
    with pytest.raises(InvalidChange, match="otto cannot review claims"):
        assign_claims(seen={claim.pk: 1}, assignee=outsider, due_on=None, by=editor, via=VIA)
    assert Claim.objects.get(pk=claim.pk).assignee is None


def test_a_claim_gone_from_the_selection_saves_nothing(editor, reviewer):
    claim = make_claim()
    with pytest.raises(InvalidChange, match="no longer exists"):
        assign_claims(seen={claim.pk: 1, claim.pk + 1000: 1}, assignee=reviewer, due_on=None, by=editor, via=VIA)
    assert Claim.objects.get(pk=claim.pk).assignee is None


def test_an_editor_assigning_an_approved_claim_keeps_its_approval(editor, reviewer):
    claim = make_claim(state=Claim.State.DONE, verdict=Claim.Verdict.ACCURATE, approved_by=editor)
    assign_claims(seen={claim.pk: 1}, assignee=reviewer, due_on=None, by=editor, via=VIA)
    claim.refresh_from_db()
    assert (claim.state, claim.approved_by, claim.assignee) == ("done", editor, reviewer)


# The assignee through the review panel and the API (change_claim)


def test_a_reviewer_may_take_an_unassigned_claim_and_give_it_back(reviewer):
    claim = make_claim()
    change_claim(claim=claim, by=reviewer, seen_version=1, via=VIA, changes={"assignee": reviewer})
    change_claim(claim=claim, by=reviewer, seen_version=2, via=VIA, changes={"assignee": None})
    claim.refresh_from_db()
    assert claim.assignee is None
    assert _history(claim) == [("assignee", "", "rita", "rita", "panel"), ("assignee", "rita", "", "rita", "panel")]
    assert Notification.objects.count() == 0


@pytest.mark.parametrize("change", ["someone else", "taken from someone", "due date"])
def test_a_reviewer_may_not_assign_others_or_set_a_due_date(reviewer, colleague, change):
    claim = make_claim(assignee=colleague if change == "taken from someone" else None)
    changes = {"someone else": {"assignee": colleague}, "taken from someone": {"assignee": reviewer},
               "due date": {"due_on": DUE}}[change]
    with pytest.raises(ReviewRefused, match="Only an editor can assign"):
        change_claim(claim=claim, by=reviewer, seen_version=1, via=VIA, changes=changes)
    assert claim.history.count() == 0 and Notification.objects.count() == 0


def test_an_editor_assigning_in_the_panel_notifies_the_assignee(editor, reviewer):
    claim = make_claim()
    change_claim(claim=claim, by=editor, seen_version=1, via=VIA, changes={"assignee": reviewer})
    assert _notifications(reviewer) == [("assigned", claim.pk, "edna", None)]


# Approving


def test_approval_notifies_the_assignee(editor, reviewer):
    claim = make_claim(assignee=reviewer, state=Claim.State.SECOND_CHECK, verdict=Claim.Verdict.ACCURATE)
    change_claim(claim=claim, by=editor, seen_version=1, via=VIA, changes={"state": Claim.State.DONE})
    assert _notifications(reviewer) == [("approved", claim.pk, "edna", None)]


def test_approval_of_an_unassigned_claim_notifies_who_proposed_it(editor, reviewer):
    claim = _proposed(reviewer)
    assert reviewer_of(claim) == reviewer
    change_claim(claim=claim, by=editor, seen_version=claim.version, via=VIA, changes={"state": Claim.State.DONE})
    assert _notifications(reviewer) == [("approved", claim.pk, "edna", None)]


def test_an_editor_approving_their_own_verdict_notifies_nobody(editor):
    claim = make_claim(verdict=Claim.Verdict.ACCURATE)
    change_claim(claim=claim, by=editor, seen_version=1, via=VIA, changes={"state": Claim.State.DONE})
    assert Notification.objects.count() == 0


# Sending back


def test_send_back_returns_the_claim_with_a_note_history_and_notification(editor, reviewer):
    claim = make_claim(assignee=reviewer, state=Claim.State.SECOND_CHECK, verdict=Claim.Verdict.ACCURATE)
    saved = send_back(claim=claim, by=editor, seen_version=1, via=VIA, note="  The date is wrong.  ")
    claim.refresh_from_db()
    note = Note.objects.get(claim=claim)
    assert (note.author, note.text) == (editor, "The date is wrong.")
    assert (claim.state, claim.verdict, claim.assignee, claim.sent_back_note, claim.version) == (
        "in_review", "accurate", reviewer, note, 2)
    assert saved.is_sent_back
    assert _history(claim) == [("state", "needs second check", "in review", "edna", "panel"),
                               ("sent back", "", "The date is wrong.", "edna", "panel")]
    assert _notifications(reviewer) == [("sent_back", claim.pk, "edna", None)]


def test_send_back_of_an_unassigned_claim_assigns_it_to_who_proposed_it(editor, reviewer):
    claim = _proposed(reviewer)
    send_back(claim=claim, by=editor, seen_version=claim.version, via=VIA, note="Which speech?")
    claim.refresh_from_db()
    assert claim.assignee == reviewer
    assert ("assignee", "", "rita", "edna", "panel") in _history(claim)
    assert [n[0] for n in _notifications(reviewer)] == ["sent_back"]


def test_proposing_again_ends_the_send_back(editor, reviewer):
    claim = make_claim(assignee=reviewer, state=Claim.State.SECOND_CHECK, verdict=Claim.Verdict.ACCURATE)
    send_back(claim=claim, by=editor, seen_version=1, via=VIA, note="Look again.")
    change_claim(claim=claim, by=reviewer, seen_version=2, via=VIA, changes={"verdict": Claim.Verdict.MISQUOTED})
    assert Claim.objects.get(pk=claim.pk).is_sent_back
    change_claim(claim=claim, by=reviewer, seen_version=3, via=VIA, changes={"state": Claim.State.SECOND_CHECK})
    claim.refresh_from_db()
    assert not claim.is_sent_back
    assert Note.objects.filter(claim=claim, text="Look again.").exists()


def test_a_reviewer_may_not_send_back(reviewer, colleague):
    claim = make_claim(assignee=colleague, state=Claim.State.SECOND_CHECK, verdict=Claim.Verdict.ACCURATE)
    with pytest.raises(ReviewRefused):
        send_back(claim=claim, by=reviewer, seen_version=1, via=VIA, note="No.")
    claim.refresh_from_db()
    assert (claim.state, claim.version, claim.history.count(), Note.objects.count()) == ("second_check", 1, 0, 0)
    assert Notification.objects.count() == 0


def test_send_back_refuses_a_stale_version(editor, reviewer):
    claim = make_claim(assignee=reviewer, state=Claim.State.SECOND_CHECK, verdict=Claim.Verdict.ACCURATE)
    change_claim(claim=claim, by=reviewer, seen_version=1, via=VIA, changes={"verdict": Claim.Verdict.MISQUOTED})
    with pytest.raises(EditConflict, match="rita changed this claim"):
        send_back(claim=claim, by=editor, seen_version=1, via=VIA, note="Look again.")
    claim.refresh_from_db()
    assert (claim.state, claim.is_sent_back, Note.objects.count()) == ("second_check", False, 0)


@pytest.mark.parametrize("start", [{"state": "in_review", "verdict": "accurate"},
                                   {"state": "second_check", "verdict": "unrated"},
                                   {"state": "done", "verdict": "accurate"}])
def test_only_a_proposed_verdict_can_be_sent_back(editor, reviewer, start):
    claim = make_claim(assignee=reviewer, **start)
    with pytest.raises(InvalidChange, match="Only a proposed verdict"):
        send_back(claim=claim, by=editor, seen_version=1, via=VIA, note="Look again.")
    assert (Note.objects.count(), Notification.objects.count()) == (0, 0)


def test_send_back_needs_a_note_and_someone_to_send_it_to(editor):
    claim = make_claim(state=Claim.State.SECOND_CHECK, verdict=Claim.Verdict.ACCURATE)
    with pytest.raises(InvalidChange, match="Say what"):
        send_back(claim=claim, by=editor, seen_version=1, via=VIA, note="   ")
    with pytest.raises(InvalidChange, match="Nobody proposed"):
        send_back(claim=claim, by=editor, seen_version=1, via=VIA, note="Look again.")
    assert (Note.objects.count(), Claim.objects.get(pk=claim.pk).version) == (0, 1)


# Reading


def test_mark_read_marks_only_the_recipients_unread(editor, reviewer, colleague):
    first, second = _two_claims()
    assign_claims(seen={first.pk: 1}, assignee=reviewer, due_on=None, by=editor, via=VIA)
    assign_claims(seen={second.pk: 1}, assignee=colleague, due_on=None, by=editor, via=VIA)
    mine, theirs = reviewer.notifications.get(), colleague.notifications.get()
    assert mark_read(recipient=reviewer, ids=[mine.pk, theirs.pk]) == 1
    mine.refresh_from_db()
    theirs.refresh_from_db()
    assert mine.read_at is not None and theirs.read_at is None
    read_at = mine.read_at
    assert mark_read(recipient=reviewer, ids=[mine.pk]) == 0
    mine.refresh_from_db()
    assert mine.read_at == read_at


def test_the_editor_role_may_assign_through_its_permission_not_its_name(django_user_model, reviewer):
    # A custom role holding the permission, named nothing like "editor".
    desk = Group.objects.create(name="night desk")
    desk.permissions.add(*Group.objects.get(name=roles.REVIEWER).permissions.all())
    desk.permissions.add(Permission.objects.get(codename="assign_claim"))
    chief = django_user_model.objects.create_user(username="nina")
    chief.groups.add(desk)
    claim = make_claim()
    assign_claims(seen={claim.pk: 1}, assignee=reviewer, due_on=None, by=chief, via=VIA)
    assert Claim.objects.get(pk=claim.pk).assignee == reviewer
