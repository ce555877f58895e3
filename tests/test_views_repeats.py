import datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from claims.models import Claim, ClaimRepeat, Evidence
from tests.factories import make_article, make_claim, make_source

pytestmark = pytest.mark.django_db

HTMX = {"HX-Request": "true"}
QUOTE = "We will build 40,000 homes this year,"
SETTLED_ON = datetime.datetime(2025, 5, 3, 10, 0, tzinfo=datetime.UTC)


@pytest.fixture
def earlier(editor):
    """A settled claim: misquoted, approved on 3 May 2025, with a source."""
    article = make_article(title="Minister's housing pledge")
    claim = make_claim(article, quote=QUOTE, state=Claim.State.DONE, verdict=Claim.Verdict.MISQUOTED,
                       approved_by=editor, approved_at=SETTLED_ON)
    source = make_source("Budget speech", text="Thank you. We will build 4,000 homes this year, and more.")
    Evidence.objects.create(claim=claim, source=source, passage="We will build 4,000 homes this year",
                            stance=Evidence.Stance.CONTRADICTS, added_by=editor)
    return claim


@pytest.fixture
def repeat(earlier):
    claim = make_claim(make_article(title="Homes row"), quote=QUOTE)
    ClaimRepeat.objects.create(claim=claim, earlier=earlier, kind=ClaimRepeat.Kind.EXACT, score=1.0)
    return claim


def _panel(client, claim, **kwargs) -> str:
    return client.get(reverse("claims:claim-detail", args=[claim.pk]), **kwargs).content.decode()


def _box(content: str) -> str:
    start = content.index('id="already-checked"')
    return content[start : content.index("</section>", start)]


def test_the_panel_says_where_the_claim_was_already_checked(client, reviewer, earlier, repeat):
    client.force_login(reviewer)
    content = _panel(client, repeat)
    assert "<html" in content
    box = _box(content)
    assert "Already checked:" in box and "misquoted" in box and "3 May 2025" in box
    assert "Minister&#x27;s housing pledge" in box
    assert reverse("claims:claim-detail", args=[earlier.pk]) in box
    assert "Reuse this verdict and evidence" in box
    assert f'name="earlier" value="{earlier.pk}"' in box and f'name="version" value="{repeat.version}"' in box


def test_the_box_is_in_the_htmx_panel_too(client, reviewer, earlier, repeat):
    client.force_login(reviewer)
    content = _panel(client, repeat, headers=HTMX)
    assert "<html" not in content
    assert "Already checked:" in _box(content)
    assert "Reuse this verdict and evidence" in content


def test_a_claim_still_open_is_listed_as_being_reviewed_without_reuse(client, reviewer, earlier, repeat, editor):
    Claim.objects.filter(pk=earlier.pk).update(state=Claim.State.IN_REVIEW)
    client.force_login(reviewer)
    box = _box(_panel(client, repeat, headers=HTMX))
    assert "Also in" in box and "Minister&#x27;s housing pledge" in box and "being reviewed" in box
    assert "in review" in box
    assert "Already checked" not in box and "Reuse" not in box


def test_the_earlier_claim_s_panel_lists_its_repeat(client, reviewer, earlier, repeat):
    client.force_login(reviewer)
    box = _box(_panel(client, earlier, headers=HTMX))
    assert "Also in" in box and "Homes row" in box and reverse("claims:claim-detail", args=[repeat.pk]) in box


def test_a_near_repeat_shows_the_other_words_and_its_score(client, reviewer, earlier):
    claim = make_claim(make_article(text="“We will build 40,000 new homes this year,” she said."),
                       quote="We will build 40,000 new homes this year,")
    ClaimRepeat.objects.create(claim=claim, earlier=earlier, kind=ClaimRepeat.Kind.NEAR, score=0.93)
    client.force_login(reviewer)
    box = _box(_panel(client, claim, headers=HTMX))
    assert "nearly the same words, 0.93" in box and QUOTE in box


def test_no_box_without_repeats(client, reviewer):
    client.force_login(reviewer)
    assert 'id="already-checked"' not in _panel(client, make_claim(), headers=HTMX)


def test_no_reuse_offered_on_an_approved_claim(client, editor, earlier, repeat):
    Claim.objects.filter(pk=repeat.pk).update(state=Claim.State.DONE, verdict=Claim.Verdict.ACCURATE)
    client.force_login(editor)
    box = _box(_panel(client, repeat, headers=HTMX))
    assert "Already checked:" in box and "Reuse" not in box


def test_panel_queries_do_not_grow_with_repeats(client, reviewer, earlier, repeat, django_assert_max_num_queries):
    client.force_login(reviewer)
    with CaptureQueriesContext(connection) as one:
        assert _box(_panel(client, repeat, headers=HTMX)).count("Already checked") == 1
    for n in range(5):
        other = make_claim(make_article(title=f"Homes row {n}"), quote=QUOTE)
        ClaimRepeat.objects.create(claim=other, earlier=repeat, kind=ClaimRepeat.Kind.EXACT, score=1.0)
    # One query reads the repeats, however many.
    with django_assert_max_num_queries(len(one)):
        content = _panel(client, repeat, headers=HTMX)
    assert _box(content).count("Also in") == 5


def _reuse(client, claim, earlier, version=None, **kwargs):
    data = {"earlier": earlier.pk, "version": claim.version if version is None else version}
    return client.post(reverse("claims:claim-reuse", args=[claim.pk]), data, **kwargs)


def test_reuse_sets_the_proposed_verdict_and_links_the_sources_in_place(client, reviewer, earlier, repeat):
    client.force_login(reviewer)
    response = _reuse(client, repeat, earlier, headers=HTMX)
    content = response.content.decode()
    assert response.status_code == 200 and "<html" not in content
    assert "Verdict and sources reused" in content and "Budget speech" in content
    repeat.refresh_from_db()
    assert (repeat.verdict, repeat.state, repeat.approved_by) == (
        Claim.Verdict.MISQUOTED, Claim.State.SECOND_CHECK, None
    )
    assert list(repeat.evidence.values_list("source__title", "passage", "stance")) == [
        ("Budget speech", "We will build 4,000 homes this year", "contradicts")
    ]
    assert f"claim {earlier.pk}" in repeat.history.get(field="reuse").new


def test_reuse_without_htmx_redirects_to_the_claim(client, reviewer, earlier, repeat):
    client.force_login(reviewer)
    response = _reuse(client, repeat, earlier)
    assert response.status_code == 302 and response["Location"] == reverse("claims:claim-detail", args=[repeat.pk])
    repeat.refresh_from_db()
    assert repeat.verdict == Claim.Verdict.MISQUOTED


def test_reuse_get_is_405(client, reviewer, repeat):
    client.force_login(reviewer)
    assert client.get(reverse("claims:claim-reuse", args=[repeat.pk])).status_code == 405


def test_an_outsider_may_not_reuse(client, outsider, earlier, repeat):
    client.force_login(outsider)
    assert _reuse(client, repeat, earlier, headers=HTMX).status_code == 403
    repeat.refresh_from_db()
    assert (repeat.verdict, repeat.evidence.count(), repeat.history.count()) == (Claim.Verdict.UNRATED, 0, 0)


def test_a_stale_reuse_is_refused_and_the_panel_says_so(client, reviewer, earlier, repeat):
    Claim.objects.filter(pk=repeat.pk).update(version=repeat.version + 1, updated_at=timezone.now())
    client.force_login(reviewer)
    response = _reuse(client, repeat, earlier, version=repeat.version, headers=HTMX)
    assert response.status_code == 409
    assert "your change was not saved" in response.content.decode()
    repeat.refresh_from_db()
    assert (repeat.verdict, repeat.evidence.count()) == (Claim.Verdict.UNRATED, 0)


def test_reuse_of_an_unknown_claim_is_refused(client, reviewer, repeat):
    client.force_login(reviewer)
    response = client.post(reverse("claims:claim-reuse", args=[repeat.pk]), {"earlier": 999999, "version": 1},
                           headers=HTMX)
    assert response.status_code == 422 and "Reload the claim" in response.content.decode()
    repeat.refresh_from_db()
    assert repeat.verdict == Claim.Verdict.UNRATED
