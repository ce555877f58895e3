"""The public rationale in the claim panel, publishing from it, and the
public page of a published claim."""

import html
import io
import json
import re
import uuid

import pytest
from django.core.management import call_command
from django.urls import reverse
from pypdf import PdfReader

from claims.models import ApiToken, Capture, Claim, ClaimEvent, Evidence, Source
from claims.services.evidence import link_source
from claims.services.publishing import publish_claim
from claims.services.review import add_note, change_claim
from tests.claimreview import missing_recommended, validate_claim_review
from tests.factories import make_article, make_claim, make_source, make_speaker

pytestmark = pytest.mark.django_db

HTMX = {"HX-Request": "true"}
VIA = ClaimEvent.Via.COMMAND
RATIONALE = "The minister's speech promises 4,000 homes, not 40,000."
NOTE = "Internal: ask the ministry again on Monday."


@pytest.fixture
def approved(editor):
    """A settled claim with a source archived from the web, an internal note and a public rationale."""
    article = make_article(source_url="https://news.example/housing", authors="Ann Byline", publisher="Daily")
    claim = make_claim(article, speaker=make_speaker("Jane Roe"), role="the housing minister")
    source = make_source("Minister's speech", url="https://gov.example/speech", kind="speech")
    capture = Capture.objects.create(source=source, requested_url=source.url, status_code=200, sha256="ab" * 32,
                                     text="We will build 4,000 homes this year, she said.")
    link_source(claim=claim, source=source, by=editor, via=VIA, passage="We will build 4,000 homes this year")
    Evidence.objects.filter(claim=claim).update(capture=capture)
    add_note(claim=claim, by=editor, text=NOTE, via=VIA)
    claim.refresh_from_db()
    return change_claim(claim=claim, by=editor, seen_version=claim.version, via=VIA,
                        changes={"state": "done", "verdict": "misquoted", "rationale": RATIONALE})


@pytest.fixture
def published(approved, editor):
    return publish_claim(claim=approved, by=editor, via=VIA)


# The rationale in the panel's review form


def test_the_review_form_offers_the_public_rationale_in_page_and_partial(client, reviewer):
    claim = make_claim(rationale="Said as printed.")
    client.force_login(reviewer)
    url = reverse("claims:claim-detail", args=[claim.pk])
    for headers in ({}, HTMX):
        content = client.get(url, headers=headers).content.decode()
        assert ("<html" in content) == (headers == {})
        assert re.search(r'<textarea name="rationale"[^>]*>\s*Said as printed.</textarea>', content)
        assert "Notes stay internal." in content


def test_a_reviewer_writes_the_rationale_and_the_history_records_it(client, reviewer):
    claim = make_claim()
    client.force_login(reviewer)
    response = client.post(reverse("claims:claim-review", args=[claim.pk]),
                           {"state": "in_review", "verdict": "misquoted", "rationale": f"  {RATIONALE}\n",
                            "version": 1}, headers=HTMX)
    content = response.content.decode()
    claim.refresh_from_db()
    assert claim.rationale == RATIONALE
    assert "<html" not in content and "State, verdict and public rationale saved." in content
    assert claim.history.get(field="rationale").new == RATIONALE
    assert "public rationale set: “The minister&#x27;s speech" in content


def test_a_rationale_too_long_is_refused_in_the_form(client, reviewer):
    claim = make_claim()
    client.force_login(reviewer)
    response = client.post(reverse("claims:claim-review", args=[claim.pk]),
                           {"state": "in_review", "verdict": "misquoted", "rationale": "x" * 2001, "version": 1},
                           headers=HTMX)
    claim.refresh_from_db()
    assert (claim.rationale, claim.version) == ("", 1)
    assert "Ensure this value has at most 2000 characters" in response.content.decode()


def test_a_reviewer_sees_an_approved_rationale_but_no_form(client, reviewer, approved):
    client.force_login(reviewer)
    content = client.get(reverse("claims:claim-detail", args=[approved.pk]), headers=HTMX).content.decode()
    assert 'name="rationale"' not in content
    assert "The minister&#x27;s speech promises 4,000 homes" in content
    assert f"claims/{approved.pk}/publication/" not in content


# Publishing from the panel


def test_an_editor_publishes_from_the_panel(client, editor, approved):
    client.force_login(editor)
    url = reverse("claims:claim-publication", args=[approved.pk])
    panel = client.get(reverse("claims:claim-detail", args=[approved.pk]), headers=HTMX).content.decode()
    assert f'hx-post="{url}"' in panel and "Not published" in panel
    response = client.post(url, {"action": "publish"}, headers=HTMX)
    content = response.content.decode()
    approved.refresh_from_db()
    assert approved.is_public and approved.published_by == editor
    assert "<html" not in content and "Published: the public page is live." in content
    assert f'href="/public/claims/{approved.public_id}/"' in content
    assert "published the claim" in content
    assert 'hx-swap-oob="true"' in content


def test_an_editor_unpublishes_without_htmx_and_is_sent_back_to_the_claim(client, editor, published):
    client.force_login(editor)
    response = client.post(reverse("claims:claim-publication", args=[published.pk]), {"action": "unpublish"})
    assert response.status_code == 302 and response["Location"] == reverse("claims:claim-detail", args=[published.pk])
    published.refresh_from_db()
    assert not published.is_published
    assert [e.new for e in published.history.filter(field="published").order_by("id")] == ["yes", "no"]


def test_publishing_without_a_rationale_says_why_in_the_panel(client, editor):
    claim = make_claim(state="done", verdict="accurate")
    client.force_login(editor)
    panel = client.get(reverse("claims:claim-detail", args=[claim.pk]), headers=HTMX).content.decode()
    assert "Write the public rationale first." in panel
    response = client.post(reverse("claims:claim-publication", args=[claim.pk]), {"action": "publish"},
                           headers=HTMX)
    assert response.status_code == 422
    assert "Write the public rationale, and have it approved, before publishing." in response.content.decode()
    claim.refresh_from_db()
    assert claim.published_at is None and claim.history.count() == 0


def test_a_reviewer_cannot_publish(client, reviewer, approved):
    client.force_login(reviewer)
    response = client.post(reverse("claims:claim-publication", args=[approved.pk]), {"action": "publish"},
                           headers=HTMX)
    assert response.status_code == 403
    approved.refresh_from_db()
    assert approved.published_at is None
    assert not approved.history.filter(field="published").exists()


def test_publication_get_is_405(client, editor, approved):
    client.force_login(editor)
    assert client.get(reverse("claims:claim-publication", args=[approved.pk])).status_code == 405


def test_a_bad_publication_action_is_refused(client, editor, approved):
    client.force_login(editor)
    response = client.post(reverse("claims:claim-publication", args=[approved.pk]), {"action": "shout"},
                           headers=HTMX)
    assert response.status_code == 422 and "Choose to publish or to unpublish." in response.content.decode()


# The public page


def _public(client, claim):
    return client.get(reverse("claims:public-claim", args=[claim.public_id]))


def test_the_public_page_needs_no_login_and_shows_the_review(client, published, settings):
    settings.ORGANISATION_NAME = "The Desk"
    response = _public(client, published)
    assert response.status_code == 200
    content = response.content.decode()
    assert "The Desk" in content
    assert "“We will build 40,000 homes this year”" in content
    assert "Jane Roe, the housing minister" in content
    assert "Misquoted" in content
    assert "The minister&#x27;s speech promises 4,000 homes, not 40,000." in content
    assert "Minister&#x27;s speech" in content and "https://gov.example/speech" in content
    assert "SHA-256 <code class=\"hash\">" + "ab" * 32 in content
    assert "Archived copy of" in content
    assert "Word changed: the source says “4”, the quote “40”" in content
    assert "By Ann Byline · Daily" in content and "https://news.example/housing" in content


def test_the_public_page_never_shows_internal_notes_or_names(client, published):
    content = _public(client, published).content.decode()
    assert NOTE not in content and "Internal:" not in content
    assert "edna" not in content


def test_the_public_page_embeds_its_claim_review(client, published):
    content = _public(client, published).content.decode()
    [block] = re.findall(r'<script type="application/ld\+json">(.*?)</script>', content, re.S)
    review = json.loads(block)
    validate_claim_review(review)
    assert review["url"] == f"http://testserver/public/claims/{published.public_id}/"
    assert review["reviewBody"] == RATIONALE
    assert review["itemReviewed"]["author"] == {"@type": "Person", "name": "Jane Roe",
                                                 "jobTitle": "the housing minister"}
    assert f'<link rel="canonical" href="{review["url"]}">' in content


def test_the_embedded_claim_review_cannot_end_its_script_block(client, editor):
    text = 'He wrote "</script><script>alert(1)</script> & more," in a post.'
    claim = make_claim(make_article(text=text), quote="</script><script>alert(1)</script> & more,",
                       state="done", verdict="inaccurate", rationale="Not said: <b>never</b> </SCRIPT>.")
    publish_claim(claim=claim, by=editor, via=VIA)
    claim.refresh_from_db()
    content = _public(client, claim).content.decode()
    [block] = re.findall(r'<script type="application/ld\+json">(.*?)</script>', content, re.S)
    assert "<" not in block and ">" not in block
    review = json.loads(block)
    assert review["claimReviewed"] == "</script><script>alert(1)</script> & more"
    assert review["reviewBody"] == "Not said: <b>never</b> </SCRIPT>."
    assert "<script>alert(1)" not in content


def test_the_public_page_keeps_the_content_security_policy(client, published):
    response = _public(client, published)
    assert "script-src 'self'" in response["Content-Security-Policy"]
    assert "<script src" not in response.content.decode()


@pytest.mark.parametrize("change", ["unpublished", "reopened", "unknown"])
def test_a_claim_not_public_is_a_404_there(client, editor, published, change):
    if change == "unpublished":
        from claims.services.publishing import unpublish_claim
        unpublish_claim(claim=published, by=editor, via=VIA)
    elif change == "reopened":
        add_note(claim=published, by=editor, text="A second look.", via=VIA)
    address = published.public_id if change != "unknown" else uuid.uuid4()
    response = client.get(reverse("claims:public-claim", args=[address]))
    assert response.status_code == 404
    assert RATIONALE not in response.content.decode()


def test_a_settled_claim_never_published_has_no_public_page(client, approved):
    assert approved.public_id is None
    assert client.get(f"/public/claims/{uuid.uuid4()}/").status_code == 404


def test_the_public_page_reads_the_claim_in_few_queries(client, published, django_assert_max_num_queries):
    with django_assert_max_num_queries(3):
        response = _public(client, published)
    assert response.status_code == 200


def test_a_published_claim_comes_back_after_it_is_approved_again(client, editor, published):
    add_note(claim=published, by=editor, text="A second look.", via=VIA)
    claim = Claim.objects.get(pk=published.pk)
    assert _public(client, claim).status_code == 404
    change_claim(claim=claim, by=editor, seen_version=claim.version, via=VIA, changes={"state": "done"})
    assert _public(client, claim).status_code == 200


def test_the_public_page_links_only_http_addresses(client, editor):
    article = make_article(source_url="https://news.example/housing")
    claim = make_claim(article, state="done", verdict="accurate", rationale="As said.")
    Evidence.objects.create(claim=claim, source=make_source("Speech", url="javascript:alert(1)",
                                                            archive_url="https://archive.example/speech"),
                            passage="We will build 40,000 homes this year")
    publish_claim(claim=claim, by=editor, via=VIA)
    claim.refresh_from_db()
    content = _public(client, claim).content.decode()
    assert "javascript:" not in content
    assert '<a href="https://archive.example/speech" rel="noopener noreferrer">' in content
    assert '<a href="https://news.example/housing" rel="noopener noreferrer">' in content


# The demo articles, reviewed, approved and published as a newsroom would


SEED_RATIONALE = "The transcript has “Be quiet until I speak”: the quote stops mid-sentence, at the comma."
SEED_NOTE = "Internal: compare with the video before Friday."
CUT = "Cut mid-sentence: the source goes on “until I speak”"


def _json_ld(content: str) -> dict:
    [block] = re.findall(r'<script type="application/ld\+json">(.*?)</script>', content, re.S)
    return json.loads(block)


def _visible(page: str) -> str:
    """The words a reader of the page sees: no tags, scripts or styles."""
    page = re.sub(r"<(script|style)\b.*?</\1>|<[^>]+>", " ", page, flags=re.S)
    return re.sub(r"\s+", " ", html.unescape(page))


def _pdf_text(data: bytes) -> str:
    return "\n".join(page.extract_text() for page in PdfReader(io.BytesIO(data)).pages)


def test_the_seed_flow_ends_in_a_public_page_claim_review_and_reports_fit_to_publish(client, reviewer, editor):
    call_command("load_seeds", "--no-users", stdout=io.StringIO())
    claim = Claim.objects.get(text="Be quiet,")
    transcript = Source.objects.get(text__contains="Be quiet until I speak")
    client.force_login(reviewer)
    client.post(reverse("claims:claim-evidence", args=[claim.pk]),
                {"source": transcript.pk, "stance": "contradicts", "new_kind": "other"}, headers=HTMX)
    client.post(reverse("claims:claim-note", args=[claim.pk]), {"text": SEED_NOTE}, headers=HTMX)
    claim.refresh_from_db()
    client.post(reverse("claims:claim-review", args=[claim.pk]), {
        "state": "second_check", "verdict": "misquoted", "rationale": SEED_RATIONALE, "version": claim.version,
    }, headers=HTMX)
    claim.refresh_from_db()
    client.force_login(editor)
    client.post(reverse("claims:claim-review", args=[claim.pk]), {
        "state": "done", "verdict": "misquoted", "rationale": claim.rationale, "version": claim.version,
    }, headers=HTMX)
    client.post(reverse("claims:claim-publication", args=[claim.pk]), {"action": "publish"}, headers=HTMX)
    claim.refresh_from_db()
    assert (claim.state, claim.verdict, claim.rationale, claim.approved_by) == ("done", "misquoted", SEED_RATIONALE,
                                                                               editor)
    assert claim.is_public

    client.logout()
    page = _public(client, claim).content.decode()
    review = _json_ld(page)
    validate_claim_review(review)
    # The seed has what every recommended property needs: none is left out.
    assert missing_recommended(review) == []
    assert (review["claimReviewed"], review["reviewBody"]) == ("Be quiet", SEED_RATIONALE)
    assert review["reviewRating"]["alternateName"] == "misquoted"
    assert review["itemReviewed"]["firstAppearance"]["url"] == transcript.url
    assert review["itemReviewed"]["appearance"]["headline"] == claim.article.title
    assert SEED_NOTE not in page and "Misquoted" in page and CUT in html.unescape(page)

    client.force_login(editor)
    [exported] = json.loads(client.get(reverse("claims:export", args=["claimreview.json"])).getvalue())
    assert exported == review
    report = _visible(client.get(reverse("claims:export", args=["html"])).content.decode())
    printed = _pdf_text(client.get(reverse("claims:export", args=["pdf"])).content)
    for text in (report, re.sub(r"\s+", " ", printed)):
        assert "Misquoted" in text and "Direct quote" in text and "press conference" in text
        assert not [code for code in ("press_conference", "second_check", "in_review", "quote_") if code in text]
        assert SEED_RATIONALE in text and CUT in text
        assert f"By {claim.article.authors}" in text and "Be quiet," not in text
        assert SEED_NOTE not in text
    # The newsroom's own systems find the page and its rationale through the API.
    key = ApiToken(user=editor, name="site").issue()
    data = client.get(f"/api/claims/{claim.pk}", headers={"Authorization": f"Bearer {key}"}).json()
    assert (data["public_url"], data["rationale"]) == (review["url"], SEED_RATIONALE)
