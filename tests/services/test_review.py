import pytest

from claims.models import Claim, ClaimEvent
from claims.services.evidence import link_source
from claims.services.review import (
    EditConflict,
    InvalidChange,
    ReviewRefused,
    add_note,
    change_claim,
)
from tests.factories import make_claim, make_source

pytestmark = pytest.mark.django_db

VIA = ClaimEvent.Via.COMMAND


def _change(claim, by, version=1, **changes):
    return change_claim(claim=claim, by=by, seen_version=version, via=VIA, changes=changes)


def test_change_records_each_changed_field_with_person_and_face(reviewer):
    claim = make_claim()
    before = claim.updated_at
    _change(claim, reviewer, state=Claim.State.IN_REVIEW, verdict=Claim.Verdict.MISQUOTED, assignee=None)
    claim.refresh_from_db()
    assert (claim.state, claim.verdict, claim.version) == ("in_review", "misquoted", 2)
    assert claim.updated_at > before
    events = sorted((e.field, e.old, e.new, e.actor, e.via) for e in claim.history.all())
    assert events == [("state", "new", "in review", reviewer, "command"),
                      ("verdict", "unrated", "misquoted", reviewer, "command")]


def test_change_without_changes_keeps_version(reviewer):
    claim = make_claim()
    _change(claim, reviewer, state="new", verdict="unrated")
    claim.refresh_from_db()
    assert claim.version == 1
    assert claim.history.count() == 0


def test_change_refuses_stale_version_naming_who_changed_it(reviewer, colleague):
    claim = make_claim()
    _change(claim, reviewer, verdict=Claim.Verdict.ACCURATE)
    with pytest.raises(EditConflict) as err:
        _change(claim, colleague, verdict=Claim.Verdict.INACCURATE)
    assert str(err.value) == "rita changed this claim while you were editing it; your change was not saved."
    claim.refresh_from_db()
    assert claim.verdict == "accurate"
    assert list(claim.history.values_list("new", flat=True)) == ["accurate"]


def test_reviewer_cannot_approve(reviewer):
    claim = make_claim(verdict=Claim.Verdict.ACCURATE)
    with pytest.raises(ReviewRefused):
        _change(claim, reviewer, state=Claim.State.DONE)
    claim.refresh_from_db()
    assert claim.state == "new"


def test_editor_approval_records_approver(editor):
    claim = make_claim(verdict=Claim.Verdict.ACCURATE)
    _change(claim, editor, state=Claim.State.DONE)
    claim.refresh_from_db()
    assert claim.state == "done"
    assert claim.approved_by == editor
    assert claim.approved_at is not None


def test_leaving_done_clears_the_approval(editor):
    claim = make_claim(verdict=Claim.Verdict.ACCURATE)
    _change(claim, editor, state=Claim.State.DONE)
    _change(claim, editor, version=2, state=Claim.State.IN_REVIEW)
    claim.refresh_from_db()
    assert (claim.approved_by, claim.approved_at) == (None, None)


def test_done_needs_a_verdict(editor):
    claim = make_claim()
    with pytest.raises(InvalidChange, match="Choose a verdict"):
        _change(claim, editor, state=Claim.State.DONE)


def test_reviewer_cannot_change_approved_claim(reviewer):
    claim = make_claim(verdict=Claim.Verdict.ACCURATE, state=Claim.State.DONE)
    with pytest.raises(ReviewRefused):
        _change(claim, reviewer, verdict=Claim.Verdict.INACCURATE)


def test_only_admins_correct_what_extraction_found(reviewer, admin_user):
    claim = make_claim()
    with pytest.raises(ReviewRefused, match="Only an admin"):
        _change(claim, reviewer, role="Housing minister")
    _change(claim, admin_user, role="Housing minister")
    claim.refresh_from_db()
    assert claim.role == "Housing minister"


def test_the_quote_and_its_place_are_not_review_fields(admin_user):
    claim = make_claim()
    with pytest.raises(TypeError):
        _change(claim, admin_user, text="Something else")


def test_note_and_evidence_are_in_history(reviewer):
    claim = make_claim()
    source = make_source("Speech transcript")
    add_note(claim=claim, by=reviewer, text="Asked the ministry for the recording.", via=VIA)
    link_source(claim=claim, source=source, by=reviewer, via=VIA, passage="We will build", stance="supports")
    assert [n.text for n in claim.notes.all()] == ["Asked the ministry for the recording."]
    assert claim.evidence.get().source == source
    fields = sorted(ClaimEvent.objects.filter(claim=claim).values_list("field", "via"))
    assert fields == [("evidence", "command"), ("note", "command")]


def test_the_public_rationale_is_recorded_in_the_history_whole(reviewer):
    claim = make_claim()
    rationale = "The transcript has the words in full. " * 50
    _change(claim, reviewer, rationale=rationale)
    claim.refresh_from_db()
    assert claim.rationale == rationale
    [event] = claim.history.all()
    assert (event.field, event.old, event.new, event.actor) == ("rationale", "", rationale, reviewer)


def test_a_rationale_longer_than_the_history_keeps_is_refused(reviewer):
    claim = make_claim()
    with pytest.raises(InvalidChange, match="Keep the public rationale to 2,000 characters"):
        _change(claim, reviewer, rationale="x" * 2001)
    claim.refresh_from_db()
    assert claim.rationale == "" and claim.history.count() == 0


def test_an_editor_rewording_the_rationale_of_an_approved_claim_approves_it_again(editor, colleague):
    claim = make_claim(state=Claim.State.DONE, verdict=Claim.Verdict.ACCURATE, rationale="As said.",
                       approved_by=colleague)
    _change(claim, editor, rationale="As said, in full.")
    claim.refresh_from_db()
    assert (claim.state, claim.rationale, claim.approved_by) == ("done", "As said, in full.", editor)


def test_a_reviewer_cannot_reword_an_approved_rationale(reviewer, editor):
    claim = make_claim(state=Claim.State.DONE, verdict=Claim.Verdict.ACCURATE, rationale="As said.",
                       approved_by=editor)
    with pytest.raises(ReviewRefused):
        _change(claim, reviewer, rationale="Something else.")
    claim.refresh_from_db()
    assert claim.rationale == "As said." and claim.history.count() == 0
