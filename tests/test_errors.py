"""Refusals, conflicts and failures say so in place: an htmx request gets
its message inside the panel it was aimed at, never a bare error page; a
full page request gets the page with the message."""

import pytest
from django.urls import reverse

from claims.models import Claim, Evidence
from claims.services.review import ONLY_EDITORS_APPROVE, VERDICT_BEFORE_DONE
from tests.factories import make_claim, make_source

pytestmark = pytest.mark.django_db

HTMX = {"HX-Request": "true", "HX-Target": "claim-panel"}


def _review(client, claim, **changes):
    return {"state": claim.state, "verdict": claim.verdict, "assignee": "", "version": claim.version, **changes}


def test_refused_review_shows_the_message_in_the_panel(client, reviewer):
    claim = make_claim(verdict="accurate")
    client.force_login(reviewer)
    response = client.post(reverse("claims:claim-review", args=[claim.pk]), _review(client, claim, state="done"),
                           headers=HTMX)
    content = response.content.decode()
    assert response.status_code == 403
    assert "<html" not in content and 'id="claim-panel"' in content
    assert ONLY_EDITORS_APPROVE in content
    claim.refresh_from_db()
    assert claim.state == "new"


def test_refused_review_full_page(client, reviewer):
    claim = make_claim(verdict="accurate")
    client.force_login(reviewer)
    response = client.post(reverse("claims:claim-review", args=[claim.pk]), _review(client, claim, state="done"))
    content = response.content.decode()
    assert response.status_code == 403
    assert "<html" in content and 'id="claim-panel"' in content and ONLY_EDITORS_APPROVE in content


def test_conflict_shows_their_version_in_the_panel(client, reviewer, colleague):
    claim = make_claim()
    client.force_login(colleague)
    client.post(reverse("claims:claim-review", args=[claim.pk]), _review(client, claim, verdict="accurate"))
    client.force_login(reviewer)
    response = client.post(reverse("claims:claim-review", args=[claim.pk]),
                           _review(client, claim, verdict="inaccurate"), headers=HTMX)
    content = response.content.decode()
    assert response.status_code == 409
    assert "<html" not in content
    assert "carl changed this claim while you were editing it; your change was not saved." in content
    assert 'name="version" value="2"' in content


def test_conflict_full_page(client, reviewer, colleague):
    claim = make_claim()
    client.force_login(colleague)
    client.post(reverse("claims:claim-review", args=[claim.pk]), _review(client, claim, verdict="accurate"))
    client.force_login(reviewer)
    url = reverse("claims:claim-review", args=[claim.pk])
    response = client.post(url, _review(client, claim, verdict="inaccurate"))
    assert response.status_code == 409
    content = response.content.decode()
    assert "<html" in content and "carl changed this claim" in content


def test_done_without_verdict_is_refused_in_the_panel(client, editor):
    claim = make_claim()
    client.force_login(editor)
    url = reverse("claims:claim-review", args=[claim.pk])
    htmx = client.post(url, _review(client, claim, state="done"), headers=HTMX)
    full = client.post(url, _review(client, claim, state="done"))
    assert (htmx.status_code, full.status_code) == (422, 422)
    assert "<html" not in htmx.content.decode() and VERDICT_BEFORE_DONE in htmx.content.decode()
    assert "<html" in full.content.decode() and VERDICT_BEFORE_DONE in full.content.decode()


@pytest.mark.urls("tests.urls_failing")
@pytest.mark.parametrize("debug", [True, False])
def test_failing_htmx_request_says_so_inside_its_target(client, reviewer, settings, debug):
    settings.DEBUG = debug
    client.force_login(reviewer)
    response = client.post("/broken/", headers=HTMX)
    content = response.content.decode()
    assert response.status_code == 500
    assert "<html" not in content and "Traceback" not in content
    assert "Something went wrong on the server" in content
    assert (response["HX-Retarget"], response["HX-Reswap"]) == ("#claim-panel", "afterbegin")


@pytest.mark.urls("tests.urls_failing")
def test_failing_full_page_request_gets_the_error_page(client, reviewer, settings):
    settings.DEBUG = False
    client.raise_request_exception = False
    client.force_login(reviewer)
    response = client.get("/broken/")
    assert response.status_code == 500
    assert "<html" in response.content.decode() and "Something went wrong" in response.content.decode()


def test_permission_denied_htmx_says_so_inside_its_target(client, outsider):
    claim = make_claim()
    client.force_login(outsider)
    response = client.get(reverse("claims:claim-detail", args=[claim.pk]), headers=HTMX)
    content = response.content.decode()
    assert response.status_code == 403
    assert "<html" not in content and "You do not have permission to do this." in content
    assert response["HX-Retarget"] == "#claim-panel"
    full = client.get(reverse("claims:claim-detail", args=[claim.pk]))
    assert full.status_code == 403 and "<html" in full.content.decode()
    assert "You do not have permission to do this." in full.content.decode()


def test_wrong_method_htmx_without_a_target_goes_to_the_page_messages(client, reviewer):
    claim = make_claim()
    client.force_login(reviewer)
    response = client.get(reverse("claims:claim-review", args=[claim.pk]), headers={"HX-Request": "true"})
    assert response.status_code == 405
    assert response["HX-Retarget"] == "#htmx-messages"
    assert "<html" not in response.content.decode()


def test_refused_passage_stays_in_the_picker_not_over_the_panel(client, reviewer):
    claim = make_claim()
    source = make_source("Transcript", text="We will build 40,000 homes this year.")
    evidence = Evidence.objects.create(claim=claim, source=source)
    client.force_login(reviewer)
    response = client.post(reverse("claims:evidence-passage", args=[claim.pk, evidence.pk]),
                           {"action": "manual", "passage": "words that are not there"}, headers=HTMX)
    assert response.status_code == 422
    assert (response["HX-Retarget"], response["HX-Reswap"]) == (f"#passage-{evidence.pk}", "innerHTML")
    assert "not in the source text as written" in response.content.decode()


def test_reviewer_is_not_offered_done(client, reviewer, editor):
    claim = make_claim()
    url = reverse("claims:claim-detail", args=[claim.pk])
    client.force_login(reviewer)
    assert '<option value="done"' not in client.get(url, headers=HTMX).content.decode()
    assert '<option value="done"' not in client.get(url).content.decode()
    client.force_login(editor)
    assert '<option value="done"' in client.get(url, headers=HTMX).content.decode()


def test_approved_claim_offers_reviewers_no_review_form(client, reviewer, editor):
    claim = make_claim(state=Claim.State.DONE, verdict=Claim.Verdict.ACCURATE, approved_by=editor)
    url = reverse("claims:claim-detail", args=[claim.pk])
    client.force_login(reviewer)
    panel = client.get(url, headers=HTMX).content.decode()
    assert "Save review" not in panel and "only an editor can change it" in panel
    client.force_login(editor)
    assert "Save review" in client.get(url, headers=HTMX).content.decode()
