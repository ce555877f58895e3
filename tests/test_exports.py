import csv
import io
import json
from pathlib import Path

import pytest
from django.urls import reverse

from claims import exports
from claims.models import Claim, ClaimEvent
from claims.services.evidence import link_source
from claims.services.review import add_note, change_claim
from tests.factories import make_article, make_claim, make_source, make_speaker

pytestmark = pytest.mark.django_db
SEEDS = Path(__file__).resolve().parent.parent / "seeds"


@pytest.fixture
def settled(editor):
    article = make_article(source_url="https://news.example/housing")
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
                        changes={"state": Claim.State.DONE})


def test_export_contains_only_settled_claims(settled):
    records = [exports.claim_record(c) for c in exports.settled_claims()]
    assert [r["claim_id"] for r in records] == [settled.pk]
    record = records[0]
    assert record["verdict"] == "misquoted"
    assert record["article"] == "Housing plan"
    assert record["article_url"] == "https://news.example/housing"
    assert record["sources"][0]["url"] == "https://gov.example/speech"
    assert record["sources"][0]["passage"] == "We will build 4,000 homes"
    assert record["notes"][0]["text"] == "The speech says 4,000."
    assert record["approved_by"] == "edna"


def test_csv_and_json_carry_the_same_claim(settled):
    records = [exports.claim_record(c) for c in exports.settled_claims()]
    rows = list(csv.DictReader(io.StringIO(exports.to_csv(records))))
    data = json.loads(exports.to_json(records))
    assert rows[0]["claim"] == data["claims"][0]["claim"] == settled.text
    assert "Minister's speech <https://gov.example/speech>" in rows[0]["sources"]
    assert rows[0]["notes"] == "edna: The speech says 4,000."


def test_csv_neutralises_formulas(editor):
    article = make_article(text='She wrote "=HYPERLINK(1)" twice.')
    make_claim(article, quote="=HYPERLINK(1)", verdict="accurate", state="done")
    records = [exports.claim_record(c) for c in exports.settled_claims()]
    rows = list(csv.DictReader(io.StringIO(exports.to_csv(records))))
    assert rows[0]["claim"] == "'=HYPERLINK(1)"


def test_export_query_count_does_not_grow_with_claims(settled, django_assert_max_num_queries):
    for i in range(5):
        other = make_article(text=f'"Quote number {i}," he said.', content_hash=f"h{i}")
        make_claim(other, quote=f"Quote number {i},", verdict="accurate", state="done")
    with django_assert_max_num_queries(3):
        records = [exports.claim_record(c) for c in exports.settled_claims()]
    assert len(records) == 6


def test_claim_review_rates_on_the_schema_org_scale(settled):
    records = [exports.claim_record(c) for c in exports.settled_claims()]
    [review] = json.loads(exports.to_claim_review(records, organisation="Desk"))
    assert review["@type"] == "ClaimReview" and review["@context"] == "https://schema.org"
    assert review["claimReviewed"] == settled.text
    assert review["reviewRating"] == {
        "@type": "Rating", "alternateName": "misquoted", "ratingValue": 2, "bestRating": 5, "worstRating": 1
    }
    assert review["itemReviewed"]["appearance"] == {
        "@type": "CreativeWork", "headline": "Housing plan", "url": "https://news.example/housing"
    }
    assert review["author"] == {"@type": "Organization", "name": "Desk"}


def test_unverifiable_claim_review_has_no_number():
    claim = make_claim(verdict=Claim.Verdict.UNVERIFIABLE, state=Claim.State.DONE)
    [review] = json.loads(exports.to_claim_review([exports.claim_record(claim)], organisation="Desk"))
    assert review["reviewRating"] == {"@type": "Rating", "alternateName": "unverifiable"}


def test_claim_review_and_printable_report_downloads(client, editor, settled, settings):
    settings.ORGANISATION_NAME = "The Desk"
    client.force_login(editor)
    response = client.get(reverse("claims:export", args=["claimreview.json"]), {"article": settled.article_id})
    assert response["Content-Type"] == "application/ld+json"
    assert json.loads(response.getvalue())[0]["author"]["name"] == "The Desk"
    report = client.get(reverse("claims:export", args=["html"])).content.decode()
    assert "Fact-check report" in report and "1 settled claim" in report
    assert "Minister&#x27;s speech" in report and "The speech says 4,000." in report
    assert "Print or save as PDF" in report


def test_reviewer_cannot_export(client, reviewer, settled):
    client.force_login(reviewer)
    for fmt in ("csv", "json", "claimreview.json", "html"):
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
                        changes={"state": Claim.State.DONE, "verdict": Claim.Verdict.ACCURATE_CONTEXT})


def test_json_carries_each_sources_findings(settled_with_findings):
    records = [exports.claim_record(c) for c in exports.settled_claims()]
    source = json.loads(exports.to_json(records))["claims"][0]["sources"][0]
    assert source["findings"] == [CUT]
    assert (source["source_speaker"], source["suggested_verdict"]) == ("President Biden", "accurate_context")


def test_csv_has_a_findings_column_by_source(settled_with_findings, settled):
    records = [exports.claim_record(c) for c in exports.settled_claims()]
    rows = {r["claim"]: r for r in csv.DictReader(io.StringIO(exports.to_csv(records)))}
    assert rows["Be quiet,"]["findings"] == f"Remarks with Keir Starmer: {CUT}"
    # A passage typed by hand that is not in the source text: its words still compare.
    assert rows[settled.text]["findings"].startswith("Minister's speech: Word changed: the source says")


def test_claim_review_body_names_the_findings(settled_with_findings):
    records = [exports.claim_record(c) for c in exports.settled_claims()]
    [review] = json.loads(exports.to_claim_review(records, organisation="Desk"))
    assert review["reviewBody"] == f"Compared with “Remarks with Keir Starmer”: {CUT}."
    assert review["reviewRating"]["alternateName"] == "accurate, needs context"


def test_claim_review_without_findings_has_no_body():
    claim = make_claim(verdict=Claim.Verdict.UNVERIFIABLE, state=Claim.State.DONE)
    [review] = json.loads(exports.to_claim_review([exports.claim_record(claim)], organisation="Desk"))
    assert "reviewBody" not in review


def test_printable_report_lists_the_findings_under_their_source(client, editor, settled_with_findings):
    client.force_login(editor)
    report = client.get(reverse("claims:export", args=["html"])).content.decode()
    assert report.index("Remarks with Keir Starmer") < report.index(CUT)


def test_a_passage_marked_by_hand_says_so_and_whose_it_is(client, editor, settled, settled_with_findings):
    records = {r["claim"]: r for r in (exports.claim_record(c) for c in exports.settled_claims())}
    by_hand = records[settled.text]["sources"][0]
    automatic = records["Be quiet,"]["sources"][0]
    assert (by_hand["passage_status"], by_hand["passage_by"]) == ("manual", "edna")
    assert (automatic["passage_status"], automatic["passage_by"]) == ("auto", "")
    rows = {r["claim"]: r for r in csv.DictReader(io.StringIO(exports.to_csv(records.values())))}
    assert rows[settled.text]["sources"].endswith("“We will build 4,000 homes” (marked by hand by edna)")
    assert "marked by hand" not in rows["Be quiet,"]["sources"]
    client.force_login(editor)
    report = client.get(reverse("claims:export", args=["html"])).content.decode()
    assert report.count("passage marked by hand by edna") == 1


def _sample_records(editor, count):
    for n in range(count):
        text = f'"We will build 40,000 homes this year," the minister said on day {n}. Ünïcode “quotes”.'
        article = make_article(text=text)
        claim = make_claim(article, verdict=Claim.Verdict.ACCURATE, state=Claim.State.IN_REVIEW)
        add_note(claim=claim, by=editor, text=f"Checked {n}", via=ClaimEvent.Via.COMMAND)
        Claim.objects.filter(pk=claim.pk).update(state=Claim.State.DONE)
    return [exports.claim_record(c) for c in exports.settled_claims()]


@pytest.mark.parametrize("count", [0, 1, 3])
def test_streamed_json_is_laid_out_as_the_whole_would_be(editor, count):
    records = _sample_records(editor, count)
    assert exports.to_json(records) == json.dumps({"claims": records}, ensure_ascii=False, indent=2)
    reviews = [exports.claim_review(r, organisation="Desk") for r in records]
    assert exports.to_claim_review(records, organisation="Desk") == json.dumps(reviews, ensure_ascii=False, indent=2)


def test_streamed_csv_yields_a_row_at_a_time(editor):
    records = _sample_records(editor, 3)
    chunks = list(exports.iter_csv(records))
    assert len(chunks) == 4 and chunks[0].startswith("claim_id,")
    assert list(csv.DictReader(io.StringIO("".join(chunks))))[2]["notes"] == "edna: Checked 2"


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
    assert "Checked 1" in body or fmt == "claimreview.json"
    _sample_records(editor, 20)
    body, many = download()
    assert many == few
    assert body.count("40,000 homes") == 22


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
