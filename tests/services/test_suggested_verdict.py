"""Findings and the suggested verdict in review: stored when a source is
linked or a passage settled, shown in the claim panel above the diff, and
accepted with one click through the review service, with the suggestion in
the claim's history."""

from pathlib import Path

import pytest
from django.urls import reverse

from claims.importers import import_paths
from claims.matching import FindingKind
from claims.models import Claim, ClaimEvent, Evidence, Source
from claims.services.evidence import link_source, settle_passage
from claims.services.review import InvalidChange, ReviewRefused, accept_suggestion, change_claim
from claims.sources import is_primary
from tests.factories import make_article, make_claim, make_source, make_speaker

pytestmark = pytest.mark.django_db
HTMX = {"HX-Request": "true"}
VIA = ClaimEvent.Via.PANEL
SEEDS = Path(__file__).resolve().parents[2] / "seeds"
TRANSCRIPT = (SEEDS / "sources" / "biden-starmer-2024-09-13.txt").read_text(encoding="utf-8")
CUT = "Cut mid-sentence: the source goes on “until I speak”"


def _seed_source(**fields) -> Source:
    fields = {"kind": Source.Kind.PRESS_CONFERENCE, "author": "Joe Biden", "text": TRANSCRIPT, **fields}
    return make_source("Remarks Prior to a Meeting With Prime Minister Keir Starmer", **fields)


@pytest.fixture
def be_quiet(reviewer) -> Evidence:
    """The seed article's "Be quiet," linked to the seed transcript."""
    list(import_paths([SEEDS / "002_2b4ac363705a4f99.txt"]))
    claim = Claim.objects.get(text="Be quiet,")
    return link_source(claim=claim, source=_seed_source(), by=reviewer, via=VIA)


# Stored with the evidence


def test_linking_a_source_stores_findings_speaker_and_suggestion(be_quiet):
    be_quiet.refresh_from_db()
    match = be_quiet.match
    assert [f.summary() for f in match.findings] == [CUT]
    assert match.source_speaker == "President Biden"
    assert (match.suggestion.verdict, match.suggestion.reason) == ("accurate_context", CUT + ".")
    assert Evidence.objects.values_list("match__schema", flat=True).get() == 3


def test_words_the_transcript_gives_to_the_questioner_are_misattributed(reviewer):
    article = make_article(text='"What do you say to Vladimir Putin\'s threat of war?" President Joe Biden said.')
    quote = "What do you say to Vladimir Putin's threat of war?"
    claim = make_claim(article, quote=quote, speaker=make_speaker("Joe Biden"))
    evidence = link_source(claim=claim, source=_seed_source(), by=reviewer, via=VIA)
    evidence.refresh_from_db()
    assert evidence.match.source_speaker == "Q"
    assert FindingKind.SAID_BY_OTHER in [f.kind for f in evidence.match.findings]
    assert evidence.match.suggestion.verdict == "misattributed"
    assert "a questioner (Q.) asks this" in evidence.match.suggestion.reason


def test_a_role_label_stands_for_the_sources_author(reviewer):
    article = make_article(text='"The road waits until spring," Lena Park said.')
    claim = make_claim(article, quote="The road waits until spring,", speaker=make_speaker("Lena Park"))
    text = "Q: And the road?\nTHE PRESIDENT: The road waits until spring.\n"
    mine = link_source(claim=claim, source=make_source("Briefing", text=text, author="Lena Park"), by=reviewer, via=VIA)
    other = link_source(claim=claim, source=make_source("Other", text=text, author="Ada Okafor"), by=reviewer, via=VIA)
    assert (mine.match.findings, mine.match.suggestion.verdict) == ((), "accurate")
    assert other.match.suggestion.verdict == "misattributed"


def test_a_news_report_is_a_secondary_source_unless_judged_primary():
    assert not is_primary(Source(kind=Source.Kind.NEWS))
    assert is_primary(Source(kind=Source.Kind.SPEECH)) and is_primary(Source(kind=Source.Kind.OTHER))
    assert is_primary(Source(kind=Source.Kind.NEWS, reliability=Source.Reliability.PRIMARY))
    assert not is_primary(Source(kind=Source.Kind.SPEECH, reliability=Source.Reliability.SECONDARY))


def test_a_quote_found_in_a_news_report_says_so(reviewer):
    claim = make_claim()
    text = "She said: We will build 40,000 homes this year, on time."
    report = make_source("Report", kind=Source.Kind.NEWS, text=text)
    evidence = link_source(claim=claim, source=report, by=reviewer, via=VIA)
    assert [f.kind for f in evidence.match.findings][-1] == FindingKind.SECONDARY_SOURCE
    assert "Found only in a secondary source" in " ".join(f.summary() for f in evidence.match.findings)


def test_a_source_in_another_language_suggests_nothing(reviewer):
    claim = make_claim(make_article(language="en"))
    foreign = make_source("Discours", language="fr", text="We will build 40,000 homes this year, on time.")
    evidence = link_source(claim=claim, source=foreign, by=reviewer, via=VIA)
    assert evidence.match.findings[0].kind == FindingKind.DIFFERENT_LANGUAGE
    assert evidence.match.suggestion is None
    speech = make_source("Speech", language="en-GB", text=foreign.text)
    same = link_source(claim=claim, source=speech, by=reviewer, via=VIA)
    assert FindingKind.DIFFERENT_LANGUAGE not in [f.kind for f in same.match.findings]


def test_a_passage_marked_by_hand_gets_its_own_findings(be_quiet, reviewer):
    settle_passage(evidence=be_quiet, by=reviewer, via=VIA, action="manual", passage="Be quiet until I speak. Okay?")
    be_quiet.refresh_from_db()
    assert [f.summary() for f in be_quiet.match.findings] == [CUT]
    assert be_quiet.match.suggestion.verdict == "accurate_context"


# Accepting the suggestion


def test_accepting_the_suggestion_records_it_in_the_history(be_quiet, reviewer):
    claim = accept_suggestion(evidence=be_quiet, by=reviewer, seen_version=1, via=VIA, verdict="accurate_context")
    assert claim.verdict == "accurate_context"
    event = claim.history.get(field="verdict")
    assert (event.old, event.new, event.actor) == ("unrated", "accurate, needs context", reviewer)
    assert (event.suggested_verdict, event.suggestion_reason) == ("accurate_context", CUT + ".")
    assert event.followed_suggestion


def test_another_verdict_while_a_suggestion_was_shown_names_the_suggestion(be_quiet, reviewer):
    suggestion = be_quiet.match.suggestion
    claim = change_claim(claim=be_quiet.claim, by=reviewer, seen_version=1, via=VIA,
                         changes={"verdict": Claim.Verdict.MISQUOTED}, suggestion=suggestion)
    event = claim.history.get(field="verdict")
    assert (event.new, event.suggested_verdict) == ("misquoted", "accurate_context")
    assert not event.followed_suggestion


def test_a_suggestion_that_changed_since_it_was_shown_is_refused(be_quiet, reviewer):
    with pytest.raises(InvalidChange):
        accept_suggestion(evidence=be_quiet, by=reviewer, seen_version=1, via=VIA, verdict="misquoted")
    be_quiet.claim.refresh_from_db()
    assert be_quiet.claim.verdict == "unrated"
    assert not be_quiet.claim.history.filter(field="verdict").exists()


def test_a_reviewer_cannot_accept_a_suggestion_on_an_approved_claim(be_quiet, reviewer, editor):
    change_claim(claim=be_quiet.claim, by=editor, seen_version=1, via=VIA,
                 changes={"state": Claim.State.DONE, "verdict": Claim.Verdict.MISQUOTED})
    with pytest.raises(ReviewRefused):
        accept_suggestion(evidence=be_quiet, by=reviewer, seen_version=2, via=VIA, verdict="accurate_context")
    claim = accept_suggestion(evidence=be_quiet, by=editor, seen_version=2, via=VIA, verdict="accurate_context")
    assert (claim.verdict, claim.approved_by) == ("accurate_context", editor)


# The panel


def test_panel_lists_findings_above_the_diff_and_offers_the_suggestion(client, be_quiet, reviewer):
    client.force_login(reviewer)
    url = reverse("claims:claim-detail", args=[be_quiet.claim_id])
    page = client.get(url).content.decode()
    partial = client.get(url, headers=HTMX).content.decode()
    assert "<html" in page and "<html" not in partial
    for content in (page, partial):
        assert content.index(CUT) < content.index('class="diff"')
        assert "Suggested verdict:" in content and "accurate, needs context" in content
        assert reverse("claims:evidence-suggestion", args=[be_quiet.claim_id, be_quiet.pk]) in content
        assert 'name="suggested" value="accurate_context"' in content
        assert "Speaker in the source transcript: President Biden" in content


def test_accepting_in_place_updates_the_panel_and_history(client, be_quiet, reviewer):
    client.force_login(reviewer)
    url = reverse("claims:evidence-suggestion", args=[be_quiet.claim_id, be_quiet.pk])
    response = client.post(url, {"verdict": "accurate_context", "version": 1}, headers=HTMX)
    content = response.content.decode()
    assert response.status_code == 200 and "<html" not in content
    assert "Verdict set as suggested." in content
    assert "verdict unrated → accurate, needs context, as suggested: " + CUT in content
    assert "The verdict is the suggested one." in content
    claim = Claim.objects.get(pk=be_quiet.claim_id)
    assert (claim.verdict, claim.version) == ("accurate_context", 2)


def test_accepting_without_htmx_redirects_to_the_claim(client, be_quiet, reviewer):
    client.force_login(reviewer)
    url = reverse("claims:evidence-suggestion", args=[be_quiet.claim_id, be_quiet.pk])
    response = client.post(url, {"verdict": "accurate_context", "version": 1})
    assert response.status_code == 302
    assert response["Location"] == reverse("claims:claim-detail", args=[be_quiet.claim_id])


def test_accepting_with_a_stale_version_is_a_conflict(client, be_quiet, reviewer, colleague):
    change_claim(claim=be_quiet.claim, by=colleague, seen_version=1, via=VIA, changes={"state": "in_review"})
    client.force_login(reviewer)
    url = reverse("claims:evidence-suggestion", args=[be_quiet.claim_id, be_quiet.pk])
    response = client.post(url, {"verdict": "accurate_context", "version": 1}, headers=HTMX)
    assert response.status_code == 409 and "carl changed this claim" in response.content.decode()
    assert Claim.objects.get(pk=be_quiet.claim_id).verdict == "unrated"


def test_saving_the_review_form_names_the_suggestion_shown(client, be_quiet, reviewer):
    client.force_login(reviewer)
    client.post(reverse("claims:claim-review", args=[be_quiet.claim_id]),
                {"state": "in_review", "verdict": "misquoted", "version": 1,
                 "suggested_by": be_quiet.pk, "suggested": "accurate_context"}, headers=HTMX)
    event = ClaimEvent.objects.get(claim_id=be_quiet.claim_id, field="verdict")
    assert (event.new, event.suggested_verdict, event.suggestion_reason) == ("misquoted", "accurate_context", CUT + ".")
    panel = client.get(reverse("claims:claim-detail", args=[be_quiet.claim_id]), headers=HTMX).content.decode()
    assert "verdict unrated → misquoted (suggested: accurate, needs context; " + CUT in panel


def test_a_suggestion_posted_that_the_evidence_no_longer_makes_is_not_recorded(client, be_quiet, reviewer):
    client.force_login(reviewer)
    client.post(reverse("claims:claim-review", args=[be_quiet.claim_id]),
                {"state": "in_review", "verdict": "misquoted", "version": 1,
                 "suggested_by": be_quiet.pk, "suggested": "accurate"}, headers=HTMX)
    event = ClaimEvent.objects.get(claim_id=be_quiet.claim_id, field="verdict")
    assert (event.new, event.suggested_verdict) == ("misquoted", "")


def test_outsider_cannot_accept_and_nothing_is_written(client, be_quiet, outsider):
    client.force_login(outsider)
    url = reverse("claims:evidence-suggestion", args=[be_quiet.claim_id, be_quiet.pk])
    assert client.post(url, {"verdict": "accurate_context", "version": 1}, headers=HTMX).status_code == 403
    assert Claim.objects.get(pk=be_quiet.claim_id).verdict == "unrated"
    assert not ClaimEvent.objects.filter(field="verdict").exists()


def test_a_reviewer_is_not_offered_to_accept_on_an_approved_claim(client, be_quiet, reviewer, editor):
    change_claim(claim=be_quiet.claim, by=editor, seen_version=1, via=VIA,
                 changes={"state": Claim.State.DONE, "verdict": Claim.Verdict.MISQUOTED})
    client.force_login(reviewer)
    panel = client.get(reverse("claims:claim-detail", args=[be_quiet.claim_id]), headers=HTMX).content.decode()
    assert "Suggested verdict:" in panel and "Accept suggestion" not in panel
    url = reverse("claims:evidence-suggestion", args=[be_quiet.claim_id, be_quiet.pk])
    response = client.post(url, {"verdict": "accurate_context", "version": 2}, headers=HTMX)
    assert response.status_code == 403
    assert Claim.objects.get(pk=be_quiet.claim_id).verdict == "misquoted"


def test_accept_suggestion_get_is_405(client, be_quiet, reviewer):
    client.force_login(reviewer)
    url = reverse("claims:evidence-suggestion", args=[be_quiet.claim_id, be_quiet.pk])
    assert client.get(url).status_code == 405


def test_the_panel_offers_the_found_primary_sources_suggestion(be_quiet, reviewer, client):
    report = make_source("A report", kind=Source.Kind.NEWS, text="Nothing of the kind was said here at all.")
    link_source(claim=be_quiet.claim, source=report, by=reviewer, via=VIA)
    client.force_login(reviewer)
    panel = client.get(reverse("claims:claim-detail", args=[be_quiet.claim_id]), headers=HTMX).content.decode()
    assert reverse("claims:evidence-suggestion", args=[be_quiet.claim_id, be_quiet.pk]) in panel
    assert "(from “Remarks Prior to a Meeting" in panel
