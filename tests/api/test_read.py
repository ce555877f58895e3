import datetime

import pytest
from django.utils import timezone

from claims.models import Capture, Claim, ClaimEvent, SpeakerAlias
from claims.services.evidence import link_source
from claims.services.publishing import publish_claim
from claims.services.review import add_note, change_claim
from tests.factories import make_article, make_claim, make_source, make_speaker

pytestmark = pytest.mark.django_db

COMMAND = ClaimEvent.Via.COMMAND
TRANSCRIPT = "Thank you all. We will build 40,000 homes next year, and we will do it on time."


def _ids(response) -> list[int]:
    assert response.status_code == 200, response.content
    return [item["id"] for item in response.json()["items"]]


def test_articles_newest_first_with_review_progress(api, reviewer):
    older, newer = make_article(title="Older"), make_article(title="Newer")
    make_claim(older, state=Claim.State.DONE, verdict=Claim.Verdict.ACCURATE)
    make_claim(older, quote="12 percent of the budget was unspent", kind=Claim.Kind.STATISTIC)
    make_claim(older, quote="fantasy", kind=Claim.Kind.NON_SPEECH_QUOTE)
    items = api.as_(reviewer).get("articles").json()["items"]
    assert [a["title"] for a in items] == ["Newer", "Older"]
    assert items[1]["progress"] == {"total": 2, "done": 1, "percent": 50}
    assert items[0]["progress"] == {"total": 0, "done": 0, "percent": 0}
    assert newer.pk == items[0]["id"]


def test_an_article_with_its_text(api, reviewer, editor):
    article = make_article(title="Housing", imported_by=editor)
    data = api.as_(reviewer).get(f"articles/{article.pk}").json()
    assert data["title"] == "Housing"
    assert data["cleaned_text"] == article.cleaned_text
    assert data["imported_by"] == {"id": editor.pk, "username": "edna"}


def test_a_missing_record_is_a_json_404(api, reviewer):
    for path in ["articles/999", "claims/999", "claims/999/evidence", "claims/999/history", "sources/999",
                 "no/such/thing"]:
        response = api.as_(reviewer).get(path)
        assert response.status_code == 404, path
        assert response.json()["code"] == "not_found"


def test_a_method_an_address_does_not_take_is_a_json_405(api, reviewer):
    response = api.as_(reviewer).post("claims", {})
    assert response.status_code == 405
    assert response.json()["code"] == "method_not_allowed"
    assert "GET" in response["Allow"]


@pytest.fixture
def claims(reviewer, colleague):
    """Claims that differ in one way each from the first."""
    article, other_article = make_article(), make_article(text="Officials said 12 percent was unspent.")
    speaker = make_speaker()
    return {
        "plain": make_claim(article),
        "reviewing": make_claim(article, quote="Critics called the plan", state=Claim.State.IN_REVIEW,
                                assignee=reviewer),
        "accurate": make_claim(article, quote="The minister spoke on Monday.", verdict=Claim.Verdict.ACCURATE,
                               assignee=colleague),
        "statistic": make_claim(article, quote="12 percent of the budget", kind=Claim.Kind.STATISTIC,
                                speaker=speaker),
        "elsewhere": make_claim(other_article, quote="12 percent was unspent", kind=Claim.Kind.REPORTED),
    }


@pytest.mark.parametrize("params, expected", [
    ({}, ["plain", "reviewing", "accurate", "statistic", "elsewhere"]),
    ({"state": "in_review"}, ["reviewing"]),
    ({"verdict": "accurate"}, ["accurate"]),
    ({"kind": "statistic"}, ["statistic"]),
    ({"kind": "reported"}, ["elsewhere"]),
    ({"speaker": "SPEAKER"}, ["statistic"]),
    ({"article": "OTHER"}, ["elsewhere"]),
    ({"assignee": "COLLEAGUE"}, ["accurate"]),
    ({"mine": "true"}, ["reviewing"]),
    ({"state": "new", "kind": "quote"}, ["plain", "accurate"]),
])
def test_claims_are_filtered(api, reviewer, colleague, claims, params, expected):
    replace = {"SPEAKER": claims["statistic"].speaker_id, "OTHER": claims["elsewhere"].article_id,
               "COLLEAGUE": colleague.pk}
    params = {k: replace.get(v, v) for k, v in params.items()}
    assert _ids(api.as_(reviewer).get("claims", params)) == [claims[name].pk for name in expected]


def test_claims_updated_since(api, reviewer, claims):
    long_ago = timezone.now() - datetime.timedelta(days=3)
    Claim.objects.exclude(pk=claims["accurate"].pk).update(updated_at=long_ago)
    since = long_ago + datetime.timedelta(days=1)
    assert _ids(api.as_(reviewer).get("claims", {"updated_since": since.isoformat()})) == [claims["accurate"].pk]
    naive_utc = since.astimezone(datetime.UTC).replace(tzinfo=None).isoformat()
    assert _ids(api.get("claims", {"updated_since": naive_utc})) == [claims["accurate"].pk]


def test_a_wrong_filter_names_the_field(api, reviewer):
    response = api.as_(reviewer).get("claims", {"state": "finished", "limit": 0})
    assert response.status_code == 422
    assert set(response.json()["fields"]) == {"state", "limit"}


def test_a_claim_with_its_review_fields(api, reviewer, editor):
    claim = make_claim(speaker=make_speaker("Jane Roe"))
    claim = change_claim(claim=claim, by=editor, seen_version=1, via=COMMAND,
                         changes={"verdict": Claim.Verdict.ACCURATE, "state": Claim.State.DONE, "assignee": reviewer})
    data = api.as_(reviewer).get(f"claims/{claim.pk}").json()
    assert (data["state"], data["verdict"], data["version"]) == ("done", "accurate", 2)
    assert data["assignee"] == {"id": reviewer.pk, "username": "rita"}
    assert data["approved_by"] == {"id": editor.pk, "username": "edna"}
    assert data["speaker"]["name"] == "Jane Roe"
    assert (data["start"], data["end"]) == (claim.start, claim.end)


def test_evidence_with_its_comparison_and_findings(api, reviewer):
    claim = make_claim()
    source = make_source("Speech", text=TRANSCRIPT, kind="speech")
    evidence = link_source(claim=claim, by=reviewer, via=COMMAND, source=source)
    [data] = api.as_(reviewer).get(f"claims/{claim.pk}/evidence").json()
    stored = evidence.match
    assert data["id"] == evidence.pk
    assert data["source"]["title"] == "Speech"
    assert data["passage"] == evidence.passage
    assert data["match_status"] == "auto"
    comparison = data["comparison"]
    assert comparison["verdict"] == stored.verdict == "altered"
    assert comparison["passage"] == TRANSCRIPT[stored.start:stored.end]
    assert {"op": "replace", "quote": ["this"], "source": ["next"], "reason": None} in comparison["diff"]
    assert [f["kind"] for f in comparison["findings"]] == [str(f.kind) for f in stored.findings]
    assert "substituted" in [f["kind"] for f in comparison["findings"]]
    assert comparison["suggestion"] == {"verdict": stored.suggestion.verdict, "reason": stored.suggestion.reason}


def test_a_claims_history_newest_first(api, reviewer, editor):
    claim = make_claim()
    claim = change_claim(claim=claim, by=reviewer, seen_version=1, via=COMMAND, changes={"state": "in_review"})
    add_note(claim=claim, by=editor, text="Check the date", via=COMMAND)
    history = api.as_(reviewer).get(f"claims/{claim.pk}/history").json()
    assert [(e["field"], e["old"], e["new"], e["actor"]["username"]) for e in history] == [
        ("note", "", "Check the date", "edna"),
        ("state", "new", "in review", "rita"),
    ]
    assert history[0]["via"] == "command"


def test_a_claims_notes(api, reviewer):
    claim = make_claim()
    add_note(claim=claim, by=reviewer, text="First", via=COMMAND)
    add_note(claim=claim, by=reviewer, text="Second", via=COMMAND)
    notes = api.as_(reviewer).get(f"claims/{claim.pk}/notes").json()
    assert [(n["text"], n["author"]["username"]) for n in notes] == [("First", "rita"), ("Second", "rita")]


def test_speakers_with_their_aliases(api, reviewer):
    make_speaker("Max Stone")
    jane = make_speaker("Jane Roe")
    SpeakerAlias.objects.create(speaker=jane, name="Roe")
    SpeakerAlias.objects.create(speaker=jane, name="Jane Roe")
    items = api.as_(reviewer).get("speakers").json()["items"]
    assert [(s["name"], sorted(s["aliases"])) for s in items] == [("Max Stone", []), ("Jane Roe", ["Jane Roe", "Roe"])]
    assert [s["name"] for s in api.get("speakers", {"q": "roe"}).json()["items"]] == ["Jane Roe"]


def test_sources_every_one_or_by_search(api, reviewer):
    speech = make_source("Budget speech", publisher="Treasury", text=TRANSCRIPT)
    make_source("Harbour report", publisher="Port authority")
    items = api.as_(reviewer).get("sources").json()["items"]
    assert [s["title"] for s in items] == ["Budget speech", "Harbour report"]
    assert "text" not in items[0]
    found = api.get("sources", {"q": "budget treasury"}).json()
    assert [s["id"] for s in found["items"]] == [speech.pk] and found["next_cursor"] is None


def test_a_source_with_its_text_and_captures(api, reviewer):
    source = make_source("Page", url="https://example.org/speech", text=TRANSCRIPT)
    capture = Capture.objects.create(source=source, requested_url=source.url, status_code=200, sha256="ab" * 32,
                                     body=b"<p>secret bytes</p>", text="the page")
    data = api.as_(reviewer).get(f"sources/{source.pk}").json()
    assert data["text"] == TRANSCRIPT
    assert [(c["id"], c["status_code"], c["sha256"]) for c in data["captures"]] == [(capture.pk, 200, "ab" * 32)]
    assert "body" not in data["captures"][0]


def test_a_claim_with_its_rationale_due_date_and_public_page(api, reviewer, editor):
    claim = make_claim(due_on=datetime.date(2025, 3, 1))
    data = api.as_(reviewer).get(f"claims/{claim.pk}").json()
    assert (data["rationale"], data["due_on"], data["published_at"], data["public_url"]) == ("", "2025-03-01", None,
                                                                                             "")
    claim = change_claim(claim=claim, by=editor, seen_version=1, via=COMMAND, changes={
        "state": Claim.State.DONE, "verdict": Claim.Verdict.ACCURATE, "rationale": "The minutes record it."})
    claim = publish_claim(claim=claim, by=editor, via=COMMAND)
    [listed] = api.get("claims", {"state": "done"}).json()["items"]
    assert listed["rationale"] == "The minutes record it."
    assert listed["public_url"] == f"http://testserver/public/claims/{claim.public_id}/"
    assert listed["published_at"].startswith(claim.published_at.isoformat()[:19])
    # Re-opened, it is off its page until approved again.
    change_claim(claim=claim, by=editor, seen_version=claim.version, via=COMMAND, changes={"state": "in_review"})
    data = api.get(f"claims/{claim.pk}").json()
    assert data["published_at"] is not None and data["public_url"] == ""


def test_claims_updated_since_include_those_with_a_note_a_source_or_a_publication_since(api, reviewer, editor,
                                                                                      claims):
    long_ago = timezone.now() - datetime.timedelta(days=3)
    since = long_ago + datetime.timedelta(days=1)
    Claim.objects.update(updated_at=long_ago)
    ClaimEvent.objects.update(at=long_ago)
    add_note(claim=claims["plain"], by=reviewer, text="Ask the ministry", via=COMMAND)
    link_source(claim=claims["statistic"], by=reviewer, via=COMMAND, source=make_source("Budget", text="x"))
    published = change_claim(claim=claims["accurate"], by=editor, seen_version=1, via=COMMAND,
                             changes={"state": "done", "rationale": "The minutes record it."})
    Claim.objects.filter(pk=published.pk).update(updated_at=long_ago)
    ClaimEvent.objects.filter(claim=published).update(at=long_ago)
    publish_claim(claim=published, by=editor, via=COMMAND)
    assert Claim.objects.filter(updated_at__gte=since).count() == 0
    assert _ids(api.as_(reviewer).get("claims", {"updated_since": since.isoformat()})) == [
        claims["plain"].pk, claims["accurate"].pk, claims["statistic"].pk]
