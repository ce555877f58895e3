import pytest

from claims.models import Claim, ClaimEvent, Speaker, SpeakerAlias
from claims.services.review import EditConflict, change_claim
from claims.services.speakers import MergeRefused, merge_speakers
from tests.factories import make_article, make_claim, make_speaker

pytestmark = pytest.mark.django_db


def claim_by(speaker: Speaker, **fields) -> Claim:
    return make_claim(make_article(), speaker=speaker, **fields)


def test_a_merge_moves_claims_and_name_forms_and_writes_each_claim_s_history(admin_user):
    keep, duplicate = make_speaker("Jane Roe"), make_speaker("J. Roe")
    SpeakerAlias.objects.create(speaker=keep, name="Jane Roe")
    SpeakerAlias.objects.create(speaker=duplicate, name="Roe")
    kept_claim, moved_a, moved_b = claim_by(keep), claim_by(duplicate), claim_by(duplicate)
    versions = {c.pk: c.version for c in (moved_a, moved_b)}

    moved = merge_speakers(keep=keep, duplicates=[keep, duplicate], by=admin_user)

    assert moved == 2
    assert not Speaker.objects.filter(pk=duplicate.pk).exists()
    moved_ids = set(Claim.objects.filter(speaker=keep).values_list("pk", flat=True))
    assert moved_ids == {kept_claim.pk, moved_a.pk, moved_b.pk}
    assert set(keep.aliases.values_list("name", flat=True)) == {"Jane Roe", "Roe", "J. Roe"}
    events = ClaimEvent.objects.filter(field="speaker")
    assert {(e.claim_id, e.old, e.new, e.actor_id, e.via) for e in events} == {
        (moved_a.pk, "J. Roe", "Jane Roe", admin_user.pk, "admin"),
        (moved_b.pk, "J. Roe", "Jane Roe", admin_user.pk, "admin"),
    }
    for claim in Claim.objects.filter(pk__in=versions):
        assert claim.version == versions[claim.pk] + 1


def test_a_save_from_a_panel_opened_before_the_merge_is_refused(admin_user, editor):
    keep, duplicate = make_speaker("Jane Roe"), make_speaker("J. Roe")
    claim = claim_by(duplicate)
    seen = claim.version
    merge_speakers(keep=keep, duplicates=[duplicate], by=admin_user)
    with pytest.raises(EditConflict):
        change_claim(claim=claim, by=editor, seen_version=seen, via="panel", changes={"state": Claim.State.IN_REVIEW})


def test_an_approved_claim_stays_approved_when_its_speaker_s_records_merge(admin_user, editor):
    keep, duplicate = make_speaker("Jane Roe"), make_speaker("J. Roe")
    claim = claim_by(duplicate, state=Claim.State.DONE, verdict=Claim.Verdict.ACCURATE, approved_by=editor)
    merge_speakers(keep=keep, duplicates=[duplicate], by=admin_user)
    claim.refresh_from_db()
    assert (claim.state, claim.approved_by, claim.speaker) == (Claim.State.DONE, editor, keep)


def test_anonymous_sources_and_a_merge_with_nothing_are_refused(admin_user):
    keep, anonymous = make_speaker("Jane Roe"), make_speaker("a senior official", kind=Speaker.Kind.ANONYMOUS)
    claim = claim_by(anonymous)
    with pytest.raises(MergeRefused, match="Anonymous"):
        merge_speakers(keep=keep, duplicates=[anonymous], by=admin_user)
    with pytest.raises(MergeRefused, match="at least one other"):
        merge_speakers(keep=keep, duplicates=[keep], by=admin_user)
    claim.refresh_from_db()
    assert claim.speaker == anonymous and Speaker.objects.count() == 2
    assert not ClaimEvent.objects.exists()
