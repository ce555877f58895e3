import re

import pytest

from claims.models import Claim, ClaimEvent
from claims.services.publishing import (
    ONLY_EDITORS_PUBLISH,
    PUBLISH_SETTLED_ONLY,
    RATIONALE_BEFORE_PUBLISHING,
    publish_claim,
    unpublish_claim,
)
from claims.services.review import InvalidChange, ReviewRefused, add_note
from tests.factories import make_claim

pytestmark = pytest.mark.django_db

VIA = ClaimEvent.Via.COMMAND


def _settled(**fields):
    return make_claim(state=Claim.State.DONE, verdict=Claim.Verdict.MISQUOTED,
                      rationale="The speech says 4,000 homes.", **fields)


def test_an_editor_publishes_a_settled_claim_and_the_history_says_so(editor):
    claim = _settled()
    publish_claim(claim=claim, by=editor, via=VIA)
    claim.refresh_from_db()
    assert claim.public_id is not None
    assert (claim.published_by, claim.is_published, claim.is_public) == (editor, True, True)
    assert [(e.field, e.old, e.new, e.actor, e.via) for e in claim.history.all()] == [
        ("published", "no", "yes", editor, "command")]
    # Publishing is not a review change: an open review form stays valid.
    assert claim.version == 1


def test_publishing_twice_changes_and_records_nothing(editor):
    claim = _settled()
    publish_claim(claim=claim, by=editor, via=VIA)
    claim.refresh_from_db()
    first = (claim.public_id, claim.published_at, claim.published_by)
    publish_claim(claim=claim, by=editor, via=VIA)
    claim.refresh_from_db()
    assert (claim.public_id, claim.published_at, claim.published_by) == first
    assert claim.history.count() == 1


def test_unpublishing_keeps_the_address_for_the_next_publication(editor):
    claim = _settled()
    publish_claim(claim=claim, by=editor, via=VIA)
    claim.refresh_from_db()
    address = claim.public_id
    unpublish_claim(claim=claim, by=editor, via=VIA)
    claim.refresh_from_db()
    assert (claim.public_id, claim.published_at, claim.published_by, claim.is_public) == (address, None, None, False)
    publish_claim(claim=claim, by=editor, via=VIA)
    claim.refresh_from_db()
    assert claim.public_id == address
    assert [e.new for e in claim.history.order_by("id")] == ["yes", "no", "yes"]


def test_unpublishing_a_claim_not_published_records_nothing(editor):
    claim = _settled()
    unpublish_claim(claim=claim, by=editor, via=VIA)
    assert claim.history.count() == 0


@pytest.mark.parametrize("fields", [
    {"state": Claim.State.IN_REVIEW, "verdict": Claim.Verdict.ACCURATE, "rationale": "As said."},
    {"state": Claim.State.DONE, "verdict": Claim.Verdict.UNRATED, "rationale": "As said."},
])
def test_only_a_settled_claim_is_published(editor, fields):
    claim = make_claim(**fields)
    with pytest.raises(InvalidChange, match=re.escape(PUBLISH_SETTLED_ONLY)):
        publish_claim(claim=claim, by=editor, via=VIA)
    claim.refresh_from_db()
    assert (claim.public_id, claim.published_at, claim.history.count()) == (None, None, 0)


def test_a_claim_without_a_public_rationale_is_not_published(editor):
    claim = make_claim(state=Claim.State.DONE, verdict=Claim.Verdict.ACCURATE, rationale="  ")
    with pytest.raises(InvalidChange, match=RATIONALE_BEFORE_PUBLISHING):
        publish_claim(claim=claim, by=editor, via=VIA)
    claim.refresh_from_db()
    assert claim.published_at is None


def test_a_reviewer_may_neither_publish_nor_unpublish(reviewer, editor):
    claim = _settled()
    with pytest.raises(ReviewRefused, match=ONLY_EDITORS_PUBLISH):
        publish_claim(claim=claim, by=reviewer, via=VIA)
    publish_claim(claim=claim, by=editor, via=VIA)
    with pytest.raises(ReviewRefused, match=ONLY_EDITORS_PUBLISH):
        unpublish_claim(claim=claim, by=reviewer, via=VIA)
    claim.refresh_from_db()
    assert claim.is_published and claim.history.count() == 1


def test_a_published_claim_reopened_leaves_its_page_until_approved_again(editor):
    claim = _settled()
    publish_claim(claim=claim, by=editor, via=VIA)
    add_note(claim=claim, by=editor, text="A second look.", via=VIA)
    claim.refresh_from_db()
    assert (claim.state, claim.is_published, claim.is_public) == ("second_check", True, False)
    assert list(Claim.objects.published()) == []
