"""An approved claim is frozen: a note, a source or a passage changed on it
is refused to those who cannot approve, and sends it back for approval
when an editor makes it, through the panel, the admin and the services."""

import pytest
from django.urls import reverse
from django.utils import timezone

from claims.models import Claim, ClaimEvent, Evidence
from claims.services.evidence import link_source, settle_passage
from claims.services.review import ONLY_EDITORS_APPROVE, ReviewRefused, add_note
from tests.factories import make_claim, make_source
from tests.services.test_review_rules import _person
from tests.test_admin import _post_data

pytestmark = pytest.mark.django_db

HTMX = {"HX-Request": "true"}
SOURCE_TEXT = "Thank you. We will build 40,000 homes this year, and more. We will build 40,000 homes this year, too."


@pytest.fixture
def approved(editor):
    claim = make_claim(state="done", verdict="accurate", approved_by=editor, approved_at=timezone.now())
    source = make_source("Speech", text=SOURCE_TEXT)
    evidence = link_source(claim=claim, by=editor, via="command", source=source)
    Claim.objects.filter(pk=claim.pk).update(state="done", approved_by=editor, approved_at=timezone.now())
    claim.refresh_from_db()
    return claim, evidence


def _panel_actions(claim, evidence):
    other = make_source("Report", text="Someone said: We will build 40,000 homes this year, maybe.")
    return {
        "note": (reverse("claims:claim-note", args=[claim.pk]), {"text": "Reconsider."}),
        "link": (reverse("claims:claim-evidence", args=[claim.pk]),
                 {"source": other.pk, "stance": "supports", "new_kind": "other"}),
        "passage": (reverse("claims:evidence-passage", args=[claim.pk, evidence.pk]),
                    {"action": "pick", "start": SOURCE_TEXT.rindex("We"), "end": SOURCE_TEXT.rindex("year,")}),
    }


def _snapshot(claim):
    claim.refresh_from_db()
    return (claim.state, claim.version, claim.approved_by_id, claim.notes.count(), claim.evidence.count(),
            list(claim.evidence.values_list("passage_start", flat=True)), claim.history.count())


@pytest.mark.parametrize("action", ["note", "link", "passage"])
def test_reviewer_cannot_change_an_approved_claim_in_the_panel(client, reviewer, approved, action):
    claim, evidence = approved
    url, data = _panel_actions(claim, evidence)[action]
    before = _snapshot(claim)
    client.force_login(reviewer)
    response = client.post(url, data, headers=HTMX)
    assert response.status_code == 403
    assert ONLY_EDITORS_APPROVE in response.content.decode()
    assert _snapshot(claim) == before


@pytest.mark.parametrize("action", ["note", "link", "passage"])
def test_editor_changing_an_approved_claim_reopens_it(client, editor, approved, action):
    claim, evidence = approved
    url, data = _panel_actions(claim, evidence)[action]
    version = claim.version
    client.force_login(editor)
    client.post(url, data, headers=HTMX)
    claim.refresh_from_db()
    assert (claim.state, claim.approved_by, claim.approved_at) == ("second_check", None, None)
    assert claim.version == version + 1
    fields = list(claim.history.order_by("id").values_list("field", "old", "new"))
    assert ("state", "done", "needs second check") in fields
    assert claim not in Claim.objects.settled()


def test_reviewer_note_through_the_service_is_refused(reviewer, approved):
    claim, _ = approved
    with pytest.raises(ReviewRefused):
        add_note(claim=claim, by=reviewer, text="x", via="command")
    with pytest.raises(ReviewRefused):
        link_source(claim=claim, by=reviewer, via="command", source=make_source("Other"))
    assert claim.notes.count() == 0 and claim.evidence.count() == 1


def test_settling_a_passage_through_the_service_reopens_it(editor, approved):
    claim, evidence = approved
    settle_passage(evidence=Evidence.objects.get(pk=evidence.pk), by=editor, via="command", action="manual",
                   passage="and more")
    claim.refresh_from_db()
    assert claim.state == "second_check" and claim.approved_by is None


def test_panel_offers_no_note_or_link_form_to_a_reviewer_on_an_approved_claim(client, reviewer, approved):
    claim, _ = approved
    client.force_login(reviewer)
    page = client.get(reverse("claims:claim-detail", args=[claim.pk]), headers=HTMX).content.decode()
    assert reverse("claims:claim-note", args=[claim.pk]) not in page
    assert reverse("claims:claim-evidence", args=[claim.pk]) not in page


def test_admin_correction_or_note_reopens_an_approved_claim(client, django_user_model, approved):
    claim, _ = approved
    admin = _person(django_user_model, "adam", "admin")
    client.force_login(admin)
    url = reverse("admin:claims_claim_change", args=[claim.pk])
    data = _post_data(client.get(url))
    response = client.post(url, {**data, "role": "Minister of Housing"})
    assert response.status_code == 302
    claim.refresh_from_db()
    assert (claim.state, claim.role, claim.approved_by) == ("second_check", "Minister of Housing", None)
    events = list(claim.history.filter(via=ClaimEvent.Via.ADMIN).values_list("field", flat=True))
    assert sorted(events) == ["role", "state"]
