"""Find the original, from the claim panel: the live search, the stored
possible originals, and linking a candidate with one click."""

import pytest
from django.urls import reverse

from claims.models import ClaimEvent, Evidence, OriginalCandidate
from claims.services.library import create_source
from tests.factories import make_claim, make_source, make_speaker

pytestmark = pytest.mark.django_db

HTMX = {"HX-Request": "true"}
SPEECH = "Thank you all for coming. We will build 40,000 homes this year, and every one of them will be affordable."


@pytest.fixture
def library():
    source, _ = create_source(title="Minister's speech", text=SPEECH, author="Jane Roe")
    make_source("Unrelated", text="Nothing to do with housing at all.")
    return source


def test_find_the_original_htmx_lists_ranked_candidates_in_place(client, reviewer, library):
    claim = make_claim(speaker=make_speaker("Jane Roe"))
    client.force_login(reviewer)
    response = client.get(reverse("claims:claim-originals", args=[claim.pk]), headers=HTMX)
    content = response.content.decode()
    assert response.status_code == 200
    assert "<html" not in content
    assert 'id="originals"' in content
    assert "Minister&#x27;s speech" in content
    assert "suggested: accurate, needs context" in content
    assert f'hx-post="{reverse("claims:claim-original-link", args=[claim.pk])}"' in content


def test_find_the_original_full_page_links_without_htmx(client, reviewer, library):
    claim = make_claim()
    client.force_login(reviewer)
    content = client.get(reverse("claims:claim-originals", args=[claim.pk])).content.decode()
    assert "<html" in content
    assert "We will build 40,000 homes this year" in content
    assert "hx-post" not in content.split('id="originals"')[1]


def test_find_the_original_says_so_when_nothing_matches(client, reviewer, library):
    claim = make_claim(quote="12 percent of the budget was unspent")
    client.force_login(reviewer)
    content = client.get(reverse("claims:claim-originals", args=[claim.pk]), headers=HTMX).content.decode()
    assert "No passage of the library matches these words." in content


def test_the_panel_offers_find_the_original_to_those_who_link(client, reviewer, library):
    claim = make_claim()
    client.force_login(reviewer)
    content = client.get(reverse("claims:claim-detail", args=[claim.pk]), headers=HTMX).content.decode()
    assert "Find the original" in content
    assert "Possible originals" not in content


def test_the_panel_shows_stored_possible_originals(client, reviewer, library):
    claim = make_claim()
    OriginalCandidate.objects.create(claim=claim, source=library, start=26, end=63, passage=SPEECH[26:63],
                                     verdict="verbatim", suggested_verdict="accurate_context", score=1.0)
    client.force_login(reviewer)
    content = client.get(reverse("claims:claim-detail", args=[claim.pk])).content.decode()
    assert "Possible originals" in content
    assert "suggested: accurate, needs context" in content


def test_linking_a_candidate_links_its_source_and_passage(client, reviewer, library):
    claim = make_claim()
    client.force_login(reviewer)
    response = client.post(
        reverse("claims:claim-original-link", args=[claim.pk]),
        {"source": library.pk, "passage": "We will build 40,000 homes this year"},
        headers=HTMX,
    )
    content = response.content.decode()
    assert response.status_code == 200
    assert "<html" not in content
    assert "Linked “Minister’s speech”." in content or "Linked “Minister&#x27;s speech”." in content
    evidence = Evidence.objects.get(claim=claim)
    assert evidence.source == library
    assert SPEECH[evidence.passage_start : evidence.passage_end] == "We will build 40,000 homes this year"
    assert list(ClaimEvent.objects.filter(claim=claim).values_list("field", "via")) == [("evidence", "panel")]


def test_linking_without_htmx_redirects_to_the_claim(client, reviewer, library):
    claim = make_claim()
    client.force_login(reviewer)
    response = client.post(reverse("claims:claim-original-link", args=[claim.pk]),
                           {"source": library.pk, "passage": "We will build 40,000 homes this year"})
    assert response.status_code == 302
    assert response["Location"] == reverse("claims:claim-detail", args=[claim.pk])
    assert Evidence.objects.filter(claim=claim, source=library).count() == 1


def test_linking_a_source_that_is_gone_is_refused_in_place(client, reviewer):
    claim = make_claim()
    client.force_login(reviewer)
    response = client.post(reverse("claims:claim-original-link", args=[claim.pk]),
                           {"source": 999_999, "passage": "words"}, headers=HTMX)
    assert response.status_code == 422
    assert "That candidate is no longer in the library." in response.content.decode()
    assert Evidence.objects.count() == 0


def test_link_get_is_405(client, reviewer):
    claim = make_claim()
    client.force_login(reviewer)
    assert client.get(reverse("claims:claim-original-link", args=[claim.pk])).status_code == 405


def test_find_the_original_post_is_405(client, reviewer):
    claim = make_claim()
    client.force_login(reviewer)
    assert client.post(reverse("claims:claim-originals", args=[claim.pk])).status_code == 405


def test_outsiders_may_not_search_or_link(client, outsider, library):
    claim = make_claim()
    client.force_login(outsider)
    assert client.get(reverse("claims:claim-originals", args=[claim.pk])).status_code == 403
    response = client.post(reverse("claims:claim-original-link", args=[claim.pk]),
                           {"source": library.pk, "passage": "We will build"}, headers=HTMX)
    assert response.status_code == 403
    assert Evidence.objects.count() == 0
