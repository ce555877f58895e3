import csv
import datetime
import html
import io
import json
import uuid
from pathlib import Path

import pytest
from django.urls import reverse
from django.utils import timezone
from pypdf import PdfReader

from claims import exports
from claims.matching import Verdict as MatchVerdict
from claims.models import Claim, ClaimEvent, Evidence, Source, Speaker
from claims.pdf import NoFetching, render_pdf
from claims.services.evidence import link_source
from claims.services.publishing import publish_claim
from claims.services.review import add_note, change_claim
from tests.claimreview import missing_recommended, validate_claim_review
from tests.factories import make_article, make_claim, make_source, make_speaker

pytestmark = pytest.mark.django_db
SEEDS = Path(__file__).resolve().parent.parent / "seeds"


@pytest.fixture
def settled(editor):
    article = make_article(source_url="https://news.example/housing", authors="Ann Byline, Bo Writer",
                           publisher="The Daily Example", published_on=datetime.date(2024, 9, 15))
    claim = make_claim(article, verdict=Claim.Verdict.MISQUOTED, state=Claim.State.IN_REVIEW)
    source = make_source("Minister's speech", url="https://gov.example/speech")
    via = ClaimEvent.Via.COMMAND
    link_source(
        claim=claim, source=source, by=editor, via=via, passage="We will build 4,000 homes", stance="contradicts"
    )
    add_note(claim=claim, by=editor, text="The speech says 4,000.", via=via)
    make_claim(article, quote="12 percent of the budget was unspent", kind=Claim.Kind.STATISTIC)
    # Approved last: a note or source added to an approved claim re-opens it.
    return change_claim(claim=claim, by=editor, seen_version=claim.version, via=via,
                        changes={"state": Claim.State.DONE, "rationale": RATIONALE})


RATIONALE = "The minister's speech promises 4,000 homes, not 40,000."


def _records(**kwargs):
    return [exports.claim_record(c, **kwargs) for c in exports.settled_claims()]


def test_export_contains_only_settled_claims(settled):
    records = _records()
    assert [r["claim_id"] for r in records] == [settled.pk]
    record = records[0]
    assert (record["verdict"], record["verdict_code"]) == ("misquoted", "misquoted")
    assert (record["kind"], record["kind_code"]) == ("direct quote", "quote")
    assert (record["state"], record["state_code"]) == ("done", "done")
    assert record["claim"] == "We will build 40,000 homes this year"
    assert record["claim_as_printed"] == settled.text
    assert record["rationale"] == RATIONALE
    assert record["article"] == "Housing plan"
    assert record["article_url"] == "https://news.example/housing"
    assert (record["article_byline"], record["article_publisher"], record["article_date"]) == (
        "Ann Byline, Bo Writer", "The Daily Example", "2024-09-15")
    source = record["sources"][0]
    assert source["url"] == "https://gov.example/speech"
    assert source["passage"] == "We will build 4,000 homes"
    assert (source["stance"], source["stance_code"]) == ("contradicts", "contradicts")
    assert (source["match"], source["match_code"]) == ("words changed", "altered")
    assert source["passage_status"] == "marked by hand"
    assert [(op["op"], op["quote"], op["source"]) for op in source["diff"]][1:2] == [("replace", ["40"], ["4"])]
    assert record["internal_notes"][0]["text"] == "The speech says 4,000."
    assert record["approved_by"] == "edna"
    assert record["public_url"] == "" and record["published_at"] == ""


def test_labels_name_codes_in_words():
    assert exports.label(Claim.Verdict, "accurate_context") == "accurate, needs context"
    assert exports.label(Claim.Kind, "partial_quote") == "partial quote"
    assert exports.label(Claim.Kind, "reported") == "reported statement"
    assert exports.label(Source.Kind, "press_conference") == "press conference"
    assert exports.label(MatchVerdict, "verbatim") == "word for word"
    assert exports.label(MatchVerdict, "not_found") == "not found in the source"
    # A code from an older version reads as words, and nothing as nothing.
    assert exports.label(Claim.Verdict, "half_true") == "half true"
    assert exports.label(Claim.Verdict, "") == ""
    assert all("_" not in v.label for v in MatchVerdict)


def test_csv_and_json_carry_the_same_claim(settled):
    records = _records()
    rows = list(csv.DictReader(io.StringIO(exports.to_csv(records))))
    data = json.loads(exports.to_json(records))
    assert rows[0]["claim"] == data["claims"][0]["claim"] == "We will build 40,000 homes this year"
    assert rows[0]["claim_as_printed"] == settled.text
    assert "Minister's speech <https://gov.example/speech> (contradicts, words changed)" in rows[0]["sources"]
    assert rows[0]["internal_notes"] == "edna: The speech says 4,000."
    assert (rows[0]["verdict"], rows[0]["verdict_code"], rows[0]["kind"]) == ("misquoted", "misquoted", "direct quote")
    assert rows[0]["rationale"] == RATIONALE


def test_csv_names_the_article_with_its_address(settled):
    other = make_article(text='"Rates will fall," she said.', canonical_url="https://news.example/rates")
    make_claim(other, quote="Rates will fall,", verdict="accurate", state="done")
    unsafe = make_article(text='"Taxes will rise," he said.', source_url="javascript:alert(1)")
    make_claim(unsafe, quote="Taxes will rise,", verdict="accurate", state="done")
    rows = {r["claim"]: r for r in csv.DictReader(io.StringIO(exports.to_csv(_records())))}
    assert rows["We will build 40,000 homes this year"]["article_url"] == "https://news.example/housing"
    assert rows["We will build 40,000 homes this year"]["article_byline"] == "Ann Byline, Bo Writer"
    assert rows["We will build 40,000 homes this year"]["article_date"] == "2024-09-15"
    # An address kept only in canonical form still names the article; one that is not http(s) never does.
    assert rows["Rates will fall"]["article_url"] == "https://news.example/rates"
    assert rows["Taxes will rise"]["article_url"] == ""


def test_csv_neutralises_formulas(editor):
    article = make_article(text='She wrote "=HYPERLINK(1)" twice.')
    make_claim(article, quote="=HYPERLINK(1)", verdict="accurate", state="done")
    rows = list(csv.DictReader(io.StringIO(exports.to_csv(_records()))))
    assert rows[0]["claim"] == "'=HYPERLINK(1)"


def test_export_query_count_does_not_grow_with_claims(settled, django_assert_max_num_queries):
    for i in range(5):
        other = make_article(text=f'"Quote number {i}," he said.', content_hash=f"h{i}")
        make_claim(other, quote=f"Quote number {i},", verdict="accurate", state="done")
    with django_assert_max_num_queries(3):
        records = _records()
    assert len(records) == 6


AUTHOR = exports.organisation("The Desk", "https://desk.example/")


@pytest.fixture
def published(settled, editor):
    return publish_claim(claim=settled, by=editor, via=ClaimEvent.Via.COMMAND)


def test_claim_review_of_a_published_claim(published, settings):
    settled = published
    [record] = _records(site_url="https://desk.example")
    review = exports.claim_review(record, author=AUTHOR)
    validate_claim_review(review)
    assert review["@type"] == "ClaimReview" and review["@context"] == "https://schema.org"
    assert review["url"] == f"https://desk.example/public/claims/{settled.public_id}/"
    assert review["claimReviewed"] == "We will build 40,000 homes this year"
    assert review["datePublished"] == settled.published_at.date().isoformat()
    assert review["author"] == {"@type": "Organization", "name": "The Desk", "url": "https://desk.example/"}
    assert review["reviewBody"] == RATIONALE
    assert review["reviewRating"] == {
        "@type": "Rating", "name": "misquoted", "alternateName": "misquoted",
        "ratingValue": 2, "bestRating": 5, "worstRating": 1,
    }
    assert review["itemReviewed"]["datePublished"] == "2024-09-15"
    assert review["itemReviewed"]["appearance"] == {
        "@type": "CreativeWork", "headline": "Housing plan", "url": "https://news.example/housing",
        "datePublished": "2024-09-15",
        "author": [{"@type": "Person", "name": "Ann Byline"}, {"@type": "Person", "name": "Bo Writer"}],
        "publisher": {"@type": "Organization", "name": "The Daily Example"},
    }
    # The minister's speech is the speaker's own record: where the words first appeared.
    assert review["itemReviewed"]["firstAppearance"] == {
        "@type": "CreativeWork", "name": "Minister's speech", "url": "https://gov.example/speech"
    }


@pytest.mark.parametrize(("kind", "role", "author"), [
    (Speaker.Kind.PERSON, "the housing minister",
     {"@type": "Person", "name": "Jane Roe", "jobTitle": "the housing minister"}),
    (Speaker.Kind.PERSON, "", {"@type": "Person", "name": "Jane Roe"}),
    (Speaker.Kind.ANONYMOUS, "a senior official",
     {"@type": "Person", "name": "Jane Roe", "jobTitle": "a senior official"}),
    (Speaker.Kind.ORGANISATION, "", {"@type": "Organization", "name": "Jane Roe"}),
    (Speaker.Kind.COLLECTIVE, "", {"@type": "Organization", "name": "Jane Roe"}),
])
def test_the_claims_author_is_a_person_or_an_organisation_by_speaker_kind(kind, role, author):
    claim = make_claim(speaker=make_speaker(kind=kind), role=role, verdict="accurate", state="done",
                       rationale="Said as printed.")
    review = exports.claim_review(exports.claim_record(claim), author=AUTHOR)
    assert review["itemReviewed"]["author"] == author


def test_a_secondary_source_is_no_first_appearance():
    claim = make_claim(verdict="accurate", state="done", rationale="Said as printed.")
    news = make_source("A wire report", kind=Source.Kind.NEWS, url="https://wire.example/a")
    Evidence.objects.create(claim=claim, source=news, passage="We will build 40,000 homes this year")
    review = exports.claim_review(exports.claim_record(claim), author=AUTHOR)
    assert "firstAppearance" not in review["itemReviewed"]
    speech = make_source("The speech", kind=Source.Kind.SPEECH, url="https://gov.example/speech")
    Evidence.objects.create(claim=claim, source=speech, passage="We will build 40,000 homes this year")
    claim = Claim.objects.get(pk=claim.pk)
    review = exports.claim_review(exports.claim_record(claim), author=AUTHOR)
    assert review["itemReviewed"]["firstAppearance"]["name"] == "The speech"


def test_unverifiable_claim_review_has_no_number():
    claim = make_claim(verdict=Claim.Verdict.UNVERIFIABLE, state=Claim.State.DONE, rationale="No record exists.")
    review = exports.claim_review(exports.claim_record(claim), author=AUTHOR)
    assert review["reviewRating"] == {"@type": "Rating", "name": "unverifiable", "alternateName": "unverifiable"}


def test_claim_review_download_holds_the_published_claims_only(client, editor, published, settings):
    settings.ORGANISATION_NAME, settings.ORGANISATION_URL = "The Desk", "https://desk.example/"
    unpublished = make_claim(make_article(text='"Rates will fall," she said.'), quote="Rates will fall,",
                             verdict="accurate", state="done", rationale="As said.")
    client.force_login(editor)
    response = client.get(reverse("claims:export", args=["claimreview.json"]))
    assert response["Content-Type"] == "application/ld+json"
    reviews = json.loads(response.getvalue())
    assert [r["claimReviewed"] for r in reviews] == ["We will build 40,000 homes this year"]
    assert reviews[0]["author"] == {"@type": "Organization", "name": "The Desk", "url": "https://desk.example/"}
    assert reviews[0]["url"] == f"http://testserver/public/claims/{published.public_id}/"
    for review in reviews:
        validate_claim_review(review)
    publish_claim(claim=unpublished, by=editor, via=ClaimEvent.Via.COMMAND)
    reviews = json.loads(client.get(reverse("claims:export", args=["claimreview.json"])).getvalue())
    assert len(reviews) == 2


def test_the_organisation_url_defaults_to_this_site(client, editor, published, settings):
    settings.ORGANISATION_URL = ""
    client.force_login(editor)
    [review] = json.loads(client.get(reverse("claims:export", args=["claimreview.json"])).getvalue())
    assert review["author"]["url"] == "http://testserver/"


def test_every_verdict_and_speaker_exports_valid_claim_review(client, editor, settings):
    """Every ClaimReview the download can hold passes the schema: each verdict,
    each kind of speaker, with and without the article's date, address and
    byline, with and without a primary source."""
    kinds = [*Speaker.Kind.values, None]
    verdicts = [v for v in Claim.Verdict.values if v != Claim.Verdict.UNRATED]
    expected_gaps = {}
    for n, verdict in enumerate(verdicts * 2):
        full = n % 2 == 0
        article = make_article(
            text=f'"Quote number {n}," he said.', source_url=f"https://news.example/{n}" if full else "",
            authors="Ann Byline" if full else "", published_on=datetime.date(2024, 1, 1 + n) if full else None,
        )
        kind = kinds[n % len(kinds)]
        claim = make_claim(article, quote=f"Quote number {n},", verdict=verdict, state="done",
                           rationale=f"Reason {n} </script><script>alert(1)</script>",
                           speaker=make_speaker(f"Speaker {n}", kind) if kind else None, role="mayor" if full else "")
        if full:
            Evidence.objects.create(claim=claim, source=make_source(f"Original {n}", url=f"https://gov.example/{n}"),
                                    passage=f"Quote number {n}")
        publish_claim(claim=claim, by=editor, via=ClaimEvent.Via.COMMAND)
        # Only what the claim does not have is left out.
        expected_gaps[f"Quote number {n}"] = sorted(
            ([] if full else ["$.itemReviewed.datePublished", "$.itemReviewed.firstAppearance"])
            + ([] if kind else ["$.itemReviewed.author"])
            + ([] if verdict != Claim.Verdict.UNVERIFIABLE else
               ["$.reviewRating.bestRating", "$.reviewRating.ratingValue", "$.reviewRating.worstRating"])
        )
    client.force_login(editor)
    reviews = json.loads(client.get(reverse("claims:export", args=["claimreview.json"])).getvalue())
    assert len(reviews) == len(verdicts) * 2
    for review in reviews:
        validate_claim_review(review)
    assert {r["claimReviewed"]: sorted(missing_recommended(r)) for r in reviews} == expected_gaps
    assert [] in expected_gaps.values()


def test_printable_report_names_the_article_and_prints_labels(client, editor, settled, settings):
    settings.ORGANISATION_NAME = "The Desk"
    client.force_login(editor)
    report = client.get(reverse("claims:export", args=["html"])).content.decode()
    assert "Fact-check report" in report and "1 settled claim" in report and "The Desk" in report
    assert "By Ann Byline, Bo Writer · The Daily Example · 15 September 2024" in report
    assert "https://news.example/housing" in report
    assert "“We will build 40,000 homes this year”" in report
    assert "Misquoted" in report and "Direct quote" in report and "words changed" in report
    assert RATIONALE.replace("'", "&#x27;") in report
    assert "Minister&#x27;s speech" in report
    assert "Download as PDF" in report


def test_reports_never_print_internal_notes(client, editor, settled):
    client.force_login(editor)
    for fmt in ("html", "pdf"):
        response = client.get(reverse("claims:export", args=[fmt]))
        text = response.content.decode() if fmt == "html" else _pdf_text(response.content)
        assert "4,000 homes, not 40,000" in text.replace("\n", " ")
        assert "The speech says 4,000." not in text
        assert "Notes" not in text


def test_reports_print_labels_not_codes(client, editor, settled_with_findings):
    client.force_login(editor)
    report = client.get(reverse("claims:export", args=["html"])).content.decode()
    assert "Accurate, needs context" in report and "Accurate_context" not in report
    assert "accurate_context" not in report.replace("verdict-accurate_context", "")
    assert "press conference" in report and "press_conference" not in report
    assert "“Be quiet”" in report and "“Be quiet,”" not in report


def test_reviewer_cannot_export(client, reviewer, settled):
    client.force_login(reviewer)
    for fmt in ("csv", "json", "claimreview.json", "html", "pdf"):
        assert client.get(reverse("claims:export", args=[fmt])).status_code == 403


CUT = "Cut mid-sentence: the source goes on “until I speak”"


@pytest.fixture
def settled_with_findings(editor):
    article = make_article(text='Biden replied, "Be quiet," and left.')
    claim = make_claim(article, quote="Be quiet,", speaker=make_speaker("Joe Biden"))
    transcript = (SEEDS / "sources" / "biden-starmer-2024-09-13.txt").read_text(encoding="utf-8")
    source = make_source("Remarks with Keir Starmer", kind="press_conference", author="Joe Biden", text=transcript)
    link_source(claim=claim, source=source, by=editor, via=ClaimEvent.Via.COMMAND)
    return change_claim(claim=claim, by=editor, seen_version=1, via=ClaimEvent.Via.COMMAND,
                        changes={"state": Claim.State.DONE, "verdict": Claim.Verdict.ACCURATE_CONTEXT,
                                 "rationale": "He said “Be quiet until I speak” to a reporter."})


def test_json_carries_each_sources_findings(settled_with_findings):
    source = json.loads(exports.to_json(_records()))["claims"][0]["sources"][0]
    assert source["findings"] == [CUT]
    assert (source["source_speaker"], source["suggested_verdict"], source["suggested_verdict_code"]) == (
        "President Biden", "accurate, needs context", "accurate_context")


def test_csv_has_a_findings_column_by_source(settled_with_findings, settled):
    rows = {r["claim"]: r for r in csv.DictReader(io.StringIO(exports.to_csv(_records())))}
    assert rows["Be quiet"]["findings"] == f"Remarks with Keir Starmer: {CUT}"
    # A passage typed by hand that is not in the source text: its words still compare.
    assert rows["We will build 40,000 homes this year"]["findings"].startswith(
        "Minister's speech: Word changed: the source says")


def test_claim_review_body_is_the_rationale_not_the_notes(settled_with_findings, editor):
    claim = publish_claim(claim=settled_with_findings, by=editor, via=ClaimEvent.Via.COMMAND)
    review = exports.claim_review(exports.claim_record(Claim.objects.get(pk=claim.pk)), author=AUTHOR)
    assert review["reviewBody"] == "He said “Be quiet until I speak” to a reporter."
    assert review["reviewRating"]["alternateName"] == "accurate, needs context"
    assert review["claimReviewed"] == "Be quiet"


def test_printable_report_lists_the_findings_and_the_diff_under_their_source(client, editor, settled_with_findings):
    client.force_login(editor)
    report = client.get(reverse("claims:export", args=["html"])).content.decode()
    assert report.index("Remarks with Keir Starmer") < report.index(CUT) < report.index('class="report-diff"')
    # The source's sentence goes on after the words quoted: shown beside them.
    assert '<span class="context"> until I speak.' in report


def test_the_reports_comparison_says_each_change_in_words(client, editor):
    article = make_article(text='"We will build 40,000 new homes on time," she said.')
    claim = make_claim(article, quote="We will build 40,000 new homes on time,", speaker=make_speaker("Jane Roe"))
    source = make_source("Minister's speech", kind="speech", text="We will build 4,000 homes quickly on time.")
    link_source(claim=claim, source=source, by=editor, via=ClaimEvent.Via.COMMAND)
    change_claim(claim=claim, by=editor, seen_version=1, via=ClaimEvent.Via.COMMAND,
                 changes={"state": Claim.State.DONE, "verdict": Claim.Verdict.MISQUOTED})
    client.force_login(editor)
    report = html.unescape(client.get(reverse("claims:export", args=["html"])).content.decode())
    diff = report[report.index('class="report-diff"'):report.index('class="diff-legend"')]
    # What each mark means is said in words, never in a title or a glyph alone.
    assert "title=" not in diff
    assert '<caption class="visually-hidden">How the published quote differs from the source passage</caption>' in diff
    assert '<ins><span class="visually-hidden">added, not in the source: </span>new</ins>' in diff
    assert '<ins class="changed"><span class="visually-hidden">changed, the source says “4”: </span>40</ins>' in diff
    assert '<span aria-hidden="true">⁁</span><span class="visually-hidden">(left out here: quickly)</span>' in diff
    assert '<del><span class="visually-hidden">removed from the quote: </span>quickly</del>' in diff
    # On paper the marks and the legend say it; the words for screen readers are not printed.
    printed = _pdf_text(client.get(reverse("claims:export", args=["pdf"])).content)
    assert "quickly" in printed and "left out here" not in printed and "added, not in the source" not in printed


def test_a_passage_marked_by_hand_says_so_and_whose_it_is(client, editor, settled, settled_with_findings):
    records = {r["claim"]: r for r in _records()}
    by_hand = records["We will build 40,000 homes this year"]["sources"][0]
    automatic = records["Be quiet"]["sources"][0]
    assert (by_hand["passage_status_code"], by_hand["passage_by"]) == ("manual", "edna")
    assert (automatic["passage_status_code"], automatic["passage_by"]) == ("auto", "")
    rows = {r["claim"]: r for r in csv.DictReader(io.StringIO(exports.to_csv(records.values())))}
    assert rows["We will build 40,000 homes this year"]["sources"].endswith(
        "“We will build 4,000 homes” (marked by hand by edna)")
    assert "marked by hand" not in rows["Be quiet"]["sources"]
    client.force_login(editor)
    report = client.get(reverse("claims:export", args=["html"])).content.decode()
    assert report.count("Passage marked by hand by edna") == 1


def _pdf_text(data: bytes) -> str:
    return "\n".join(page.extract_text() for page in PdfReader(io.BytesIO(data)).pages)


def test_the_report_downloads_as_a_pdf(client, editor, settled, settled_with_findings, settings):
    settings.ORGANISATION_NAME = "The Desk"
    client.force_login(editor)
    response = client.get(reverse("claims:export", args=["pdf"]))
    assert response["Content-Type"] == "application/pdf"
    assert response["Content-Disposition"] == 'attachment; filename="claims-all.pdf"'
    assert response.content.startswith(b"%PDF-")
    reader = PdfReader(io.BytesIO(response.content))
    pages = len(reader.pages)
    text = _pdf_text(response.content)
    assert "Be quiet" in text and "Be quiet," not in text
    assert "Accurate, needs context" in text and "Misquoted" in text
    assert f"Page 1 of {pages}" in text and f"Page {pages} of {pages}" in text
    assert text.count("The Desk") >= pages
    assert "until I speak" in text and CUT.split(":")[0] in text
    assert "By Ann Byline, Bo Writer" in text


def test_a_pdf_of_one_article_and_of_a_selection(client, editor, settled, settled_with_findings):
    client.force_login(editor)
    url = reverse("claims:export", args=["pdf"])
    one = client.get(url, {"article": settled_with_findings.article_id})
    assert one["Content-Disposition"] == f'attachment; filename="claims-article-{settled_with_findings.article_id}.pdf"'
    text = _pdf_text(one.content)
    assert "Be quiet" in text and "40,000 homes" not in text
    selected = client.get(url, {"claim": [settled.pk]})
    assert selected["Content-Disposition"] == 'attachment; filename="claims-selected.pdf"'
    text = _pdf_text(selected.content)
    assert "40,000 homes" in text and "Be quiet" not in text and "1 settled claim selected" in text


def test_the_report_offers_its_claims_for_a_selected_pdf(client, editor, settled, settled_with_findings):
    client.force_login(editor)
    report = client.get(reverse("claims:export", args=["html"]), {"article": settled.article_id}).content.decode()
    assert f'action="{reverse("claims:export", args=["pdf"])}"' in report
    assert f'name="claim" value="{settled.pk}"' in report
    assert f'name="claim" value="{settled_with_findings.pk}"' not in report
    assert f'href="/export/claims.pdf?article={settled.article_id}"' in report


def test_a_pdf_of_too_many_claims_is_offered_as_a_background_report(client, editor, settled, settled_with_findings,
                                                                     settings):
    settings.REPORT_PDF_MAX_CLAIMS = 1
    client.force_login(editor)
    response = client.get(reverse("claims:export", args=["pdf"]))
    assert response["Content-Type"].startswith("text/html")
    assert "This report holds 2 settled claims" in response.content.decode()
    one = client.get(reverse("claims:export", args=["pdf"]), {"claim": settled.pk})
    assert one["Content-Type"] == "application/pdf"


def test_a_bad_selection_is_a_400_naming_it(client, editor):
    client.force_login(editor)
    response = client.get(reverse("claims:export", args=["pdf"]), {"claim": "abc"})
    assert response.status_code == 400 and "claim" in response.content.decode()


def test_the_pdf_renderer_fetches_nothing(settings):
    html = '<html><body><img src="http://127.0.0.1:9/x.png"><p>Words</p></body></html>'
    fetched = []
    fetcher = NoFetching()
    try:
        fetcher.fetch("http://127.0.0.1:9/x.png")
    except ValueError as exc:
        fetched.append(str(exc))
    assert fetched == ["The report does not fetch http://127.0.0.1:9/x.png"]
    assert b"%PDF-" in render_pdf(html)[:8]


def _sample_records(editor, count):
    for n in range(count):
        text = f'"We will build 40,000 homes this year," the minister said on day {n}. Ünïcode “quotes”.'
        article = make_article(text=text)
        claim = make_claim(article, verdict=Claim.Verdict.ACCURATE, state=Claim.State.IN_REVIEW)
        add_note(claim=claim, by=editor, text=f"Checked {n}", via=ClaimEvent.Via.COMMAND)
        # Settled and published in bulk, as a newsroom's archive would be.
        Claim.objects.filter(pk=claim.pk).update(state=Claim.State.DONE, rationale=f"Checked against day {n}.",
                                                 public_id=uuid.uuid4(), published_at=timezone.now())
    return [exports.claim_record(c, site_url="https://desk.example") for c in exports.settled_claims()]


@pytest.mark.parametrize("count", [0, 1, 3])
def test_streamed_json_is_laid_out_as_the_whole_would_be(editor, count):
    records = _sample_records(editor, count)
    assert exports.to_json(records) == json.dumps({"claims": records}, ensure_ascii=False, indent=2)
    reviews = [exports.claim_review(r, author=AUTHOR) for r in records]
    assert exports.to_claim_review(records, author=AUTHOR) == json.dumps(reviews, ensure_ascii=False, indent=2)
    for review in reviews:
        validate_claim_review(review)


def test_streamed_csv_yields_a_row_at_a_time(editor):
    records = _sample_records(editor, 3)
    chunks = list(exports.iter_csv(records))
    assert len(chunks) == 4 and chunks[0].startswith("claim_id,")
    assert list(csv.DictReader(io.StringIO("".join(chunks))))[2]["internal_notes"] == "edna: Checked 2"


def test_exports_never_read_the_article_texts():
    sql = str(exports.settled_claims().query)
    assert "raw_text" not in sql and "cleaned_text" not in sql


@pytest.mark.parametrize("fmt", ["csv", "json", "claimreview.json"])
def test_the_all_claims_download_streams_in_queries_that_do_not_grow(client, editor, fmt):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    client.force_login(editor)

    def download():
        response = client.get(reverse("claims:export", args=[fmt]))
        assert response.streaming
        with CaptureQueriesContext(connection) as captured:
            body = response.getvalue().decode()
        return body, len(captured)

    _sample_records(editor, 2)
    body, few = download()
    # The rationale goes everywhere; the internal notes only into the internal downloads.
    assert "Checked against day 1." in body
    assert ("edna: Checked 1" in body or '"text": "Checked 1"' in body) == (fmt != "claimreview.json")
    _sample_records(editor, 20)
    body, many = download()
    assert many == few
    # The words said, and in CSV and JSON also the span as printed.
    assert body.count("40,000 homes") == 22 * (1 if fmt == "claimreview.json" else 2)


@pytest.mark.parametrize("count", [6, 7])
def test_records_are_read_in_chunks_from_the_last_id(editor, monkeypatch, count, django_assert_num_queries):
    monkeypatch.setattr(exports, "CHUNK", 3)
    monkeypatch.setattr(exports, "FIRST_CHUNK", 3)
    _sample_records(editor, count)
    # A query for the claims and one each for their sources and notes, per
    # chunk; a last, empty chunk only when the claims fill their chunks.
    with django_assert_num_queries(3 * (count // 3 + 1) - (2 if count % 3 == 0 else 0)):
        records = list(exports.iter_records(exports.settled_claims()))
    assert [r["claim_id"] for r in records] == sorted(c.pk for c in Claim.objects.all())


def test_the_first_chunk_is_small_so_the_download_starts_at_once(editor, monkeypatch, django_assert_num_queries):
    monkeypatch.setattr(exports, "FIRST_CHUNK", 2)
    monkeypatch.setattr(exports, "CHUNK", 4)
    _sample_records(editor, 7)
    records = exports.iter_records(exports.settled_claims())
    # The first record needs the first two claims only, with their sources and notes.
    with django_assert_num_queries(3):
        first = next(records)
    # Then full chunks: four claims, then the last one.
    with django_assert_num_queries(6):
        rest = list(records)
    assert [first["claim_id"], *(r["claim_id"] for r in rest)] == sorted(c.pk for c in Claim.objects.all())
