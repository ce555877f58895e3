"""A signed-in browser may call the API with its session; then, as for the
pages' forms, an unsafe method needs the CSRF token. Token requests need none."""

import pytest
from django.test import Client

from claims.models import Claim, Note
from tests.factories import make_claim

pytestmark = pytest.mark.django_db


@pytest.fixture
def browser():
    return Client(enforce_csrf_checks=True)


def test_a_session_reads_the_api(browser, reviewer):
    claim = make_claim()
    browser.force_login(reviewer)
    response = browser.get(f"/api/claims/{claim.pk}")
    assert response.status_code == 200
    assert response.json()["text"] == claim.text


def test_a_session_post_without_the_csrf_token_is_refused(browser, reviewer):
    claim = make_claim()
    browser.force_login(reviewer)
    response = browser.post(f"/api/claims/{claim.pk}/notes", {"text": "forged"}, content_type="application/json")
    assert response.status_code == 403
    assert response.json()["code"] == "forbidden" and "CSRF" in response.json()["error"]
    assert not Note.objects.exists()


def test_a_session_post_with_the_csrf_token_goes_through(browser, reviewer):
    claim = make_claim()
    browser.force_login(reviewer)
    browser.get("/api/docs")  # any page sets the CSRF cookie
    token = browser.cookies["csrftoken"].value
    response = browser.post(
        f"/api/claims/{claim.pk}/review", {"version": 1, "state": "in_review"}, content_type="application/json",
        headers={"X-CSRFToken": token},
    )
    assert response.status_code == 200
    claim.refresh_from_db()
    assert (claim.state, claim.version) == (Claim.State.IN_REVIEW, 2)


def test_a_token_post_needs_no_csrf_token(browser, reviewer, token_for):
    claim = make_claim()
    response = browser.post(
        f"/api/claims/{claim.pk}/notes", {"text": "from a script"}, content_type="application/json",
        headers={"Authorization": f"Bearer {token_for(reviewer)}"},
    )
    assert response.status_code == 201
    assert list(Note.objects.values_list("text", "author")) == [("from a script", reviewer.pk)]


def test_a_post_with_no_credentials_is_a_401_not_a_csrf_refusal(browser):
    claim = make_claim()
    response = browser.post(f"/api/claims/{claim.pk}/notes", {"text": "x"}, content_type="application/json")
    assert response.status_code == 401
