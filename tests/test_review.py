import pytest
from django.core.exceptions import PermissionDenied

from claims.models import Claim, ClaimEvent
from claims.review import EditConflict, add_note, link_evidence, update_claim
from tests.factories import make_claim, make_source

pytestmark = pytest.mark.django_db


def test_update_claim_records_each_changed_field(reviewer):
    claim = make_claim()
    update_claim(
        claim_id=claim.pk,
        user=reviewer,
        version=1,
        changes={"state": Claim.State.IN_REVIEW, "verdict": Claim.Verdict.MISQUOTED, "assignee": None},
    )
    claim.refresh_from_db()
    assert (claim.state, claim.verdict, claim.version) == ("in_review", "misquoted", 2)
    events = sorted((e.field, e.old, e.new, e.actor) for e in claim.history.all())
    assert events == [("state", "new", "in review", reviewer), ("verdict", "unrated", "misquoted", reviewer)]


def test_update_claim_without_changes_keeps_version(reviewer):
    claim = make_claim()
    update_claim(claim_id=claim.pk, user=reviewer, version=1, changes={"state": "new", "verdict": "unrated"})
    claim.refresh_from_db()
    assert claim.version == 1
    assert claim.history.count() == 0


def test_update_claim_refuses_stale_version(reviewer, colleague):
    claim = make_claim()
    update_claim(claim_id=claim.pk, user=reviewer, version=1, changes={"verdict": Claim.Verdict.ACCURATE})
    with pytest.raises(EditConflict) as err:
        update_claim(claim_id=claim.pk, user=colleague, version=1, changes={"verdict": Claim.Verdict.INACCURATE})
    assert "rita changed this claim" in str(err.value)
    claim.refresh_from_db()
    assert claim.verdict == "accurate"
    assert list(claim.history.values_list("new", flat=True)) == ["accurate"]


def test_reviewer_cannot_approve(reviewer):
    claim = make_claim(verdict=Claim.Verdict.ACCURATE)
    with pytest.raises(PermissionDenied):
        update_claim(claim_id=claim.pk, user=reviewer, version=1, changes={"state": Claim.State.DONE})
    claim.refresh_from_db()
    assert claim.state == "new"


def test_editor_approval_records_approver(editor):
    claim = make_claim(verdict=Claim.Verdict.ACCURATE)
    update_claim(claim_id=claim.pk, user=editor, version=1, changes={"state": Claim.State.DONE})
    claim.refresh_from_db()
    assert claim.state == "done"
    assert claim.approved_by == editor
    assert claim.approved_at is not None


def test_done_needs_a_verdict(editor):
    claim = make_claim()
    with pytest.raises(ValueError, match="Choose a verdict"):
        update_claim(claim_id=claim.pk, user=editor, version=1, changes={"state": Claim.State.DONE})


def test_reviewer_cannot_change_approved_claim(reviewer):
    claim = make_claim(verdict=Claim.Verdict.ACCURATE, state=Claim.State.DONE)
    with pytest.raises(PermissionDenied):
        update_claim(claim_id=claim.pk, user=reviewer, version=1, changes={"verdict": Claim.Verdict.INACCURATE})


def test_note_and_evidence_are_in_history(reviewer):
    claim = make_claim()
    source = make_source("Speech transcript")
    add_note(claim=claim, user=reviewer, text="Asked the ministry for the recording.")
    link_evidence(claim=claim, source=source, user=reviewer, passage="We will build", stance="supports")
    assert [n.text for n in claim.notes.all()] == ["Asked the ministry for the recording."]
    assert claim.evidence.get().source == source
    fields = sorted(ClaimEvent.objects.filter(claim=claim).values_list("field", flat=True))
    assert fields == ["evidence", "note"]
