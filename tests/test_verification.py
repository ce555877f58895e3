"""Checking a quote against its source: the passage found, picked or marked
by hand, documents as sources, archiving on link, and the findings of the
seed articles recorded end to end."""

import io
import json

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command
from django.urls import reverse

from claims.matching import DiffOp
from claims.models import Capture, Claim, ClaimEvent, Evidence, Source
from claims.sources import compare_passage, find_passage, occurrences, page_of, text_to_compare
from tests.factories import make_article, make_claim, make_source
from tests.readers.test_readers import make_pdf
from tests.test_sources import _Pages, web  # noqa: F401 - the local web server fixture

pytestmark = pytest.mark.django_db
HTMX = {"HX-Request": "true"}

TWICE = (
    "Opening remarks. We will build 40,000 homes this year, and we will do it on time. "
    "Questions followed. Asked again, she said: we will build 40,000 homes this year, whatever it costs."
)


# Pure helpers


def test_find_passage_ignores_spacing_and_line_breaks():
    text = "First line.\nWe will   build\n40,000 homes this year."
    start, end = find_passage(text, "We will build 40,000 homes")
    assert text[start:end] == "We will   build\n40,000 homes"
    assert find_passage(text, "We will build 50,000 homes") is None
    assert find_passage(text, "   ") is None


def test_page_of_finds_the_page_of_an_offset():
    source = Source(pages=[[0, 100], [100, 250]])
    assert [page_of(source, o) for o in (0, 99, 100, 249, 250, None)] == [1, 1, 2, 2, None, None]


def test_occurrences_lists_every_place_best_first():
    found = occurrences("We will build 40,000 homes this year,", TWICE)
    assert len(found) == 2
    assert found[0].start < found[1].start
    assert [o.verdict for o in found] == ["verbatim", "normalised"]  # the second has a lower-case "we"
    assert all(TWICE[o.start : o.end].lower().startswith("we will build") for o in found)


def test_compare_passage_keeps_offsets_in_the_whole_text():
    start = TWICE.index("we will build", 60)
    end = start + len("we will build 40,000 homes this year")
    comparison = compare_passage("We will build 40,000 homes this year", TWICE, start, end)
    assert (comparison.start, comparison.end) == (start, end)
    assert comparison.passage == TWICE[start:end]
    assert comparison.verdict in {"normalised", "verbatim"}
    assert comparison.context_before.endswith("she said:")


def test_text_to_compare_prefers_own_text_then_newest_good_capture():
    source = make_source("Speech", url="https://gov.example/s")
    assert text_to_compare(source) == ("", None)
    old = Capture.objects.create(source=source, requested_url=source.url, status_code=200, text="old words")
    Capture.objects.create(source=source, requested_url=source.url, error="timed out")
    text, capture = text_to_compare(source)
    assert (text, capture) == ("old words", old)
    source.text = "pasted words"
    assert text_to_compare(source) == ("pasted words", None)


# Linking a source


def test_uploaded_pdf_becomes_the_source_text_with_page_locator(client, reviewer, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    claim = make_claim()
    pdf = make_pdf(
        [["Opening remarks by the minister."], ["Thank you. We will build 40,000 homes this year, on time."]]
    )
    client.force_login(reviewer)
    response = client.post(
        reverse("claims:claim-evidence", args=[claim.pk]),
        {"new_title": "Minister's remarks", "new_kind": "speech", "stance": "supports",
         "new_file": SimpleUploadedFile("remarks.pdf", pdf, content_type="application/pdf")},
        headers=HTMX,
    )
    evidence = Evidence.objects.get(claim=claim)
    assert evidence.source.document.name.endswith(".pdf")
    assert "We will build 40,000 homes" in evidence.source.text
    assert len(evidence.source.pages) == 2
    assert evidence.locator == "p. 2"
    assert evidence.match.verdict == "verbatim"
    assert evidence.match_status == Evidence.MatchStatus.AUTO
    assert evidence.source.text[evidence.passage_start : evidence.passage_end] == evidence.passage
    assert "Passage found automatically" in response.content.decode()


def test_unreadable_document_is_refused_and_nothing_is_written(client, reviewer, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    claim = make_claim()
    client.force_login(reviewer)
    response = client.post(
        reverse("claims:claim-evidence", args=[claim.pk]),
        {"new_title": "Broken", "new_kind": "speech", "stance": "supports",
         "new_file": SimpleUploadedFile("remarks.pdf", b"%PDF-1.4 garbage", content_type="application/pdf")},
        headers=HTMX,
    )
    content = response.content.decode()
    assert "remarks.pdf:" in content and "PDF" in content
    assert Source.objects.count() == 0 and Evidence.objects.count() == 0
    assert list(tmp_path.iterdir()) == []


def test_linking_a_web_source_archives_it_and_reads_the_passage_from_the_capture(
    client, reviewer, web  # noqa: F811 - the fixture imported above
):
    claim = make_claim()
    client.force_login(reviewer)
    _Pages.body = (
        "<html><body><article><p>Thank you all. We will build 40,000 homes this year, and on time.</p>"
        "</article></body></html>"
    )
    client.post(
        reverse("claims:claim-evidence", args=[claim.pk]),
        {"new_title": "Speech", "new_url": web, "new_kind": "speech", "stance": "supports", "archive": "on"},
        headers=HTMX,
    )
    evidence = Evidence.objects.get(claim=claim)
    capture = Capture.objects.get(source=evidence.source)
    assert evidence.capture == capture
    assert evidence.match.verdict == "verbatim"
    assert capture.text[evidence.passage_start : evidence.passage_end] == evidence.passage
    assert evidence.match_status == Evidence.MatchStatus.AUTO


def test_reviewer_passage_that_is_in_the_source_is_located(client, reviewer):
    claim = make_claim()
    source = make_source("Transcript", text=TWICE)
    client.force_login(reviewer)
    client.post(
        reverse("claims:claim-evidence", args=[claim.pk]),
        {"source": source.pk, "passage": "we will build 40,000 homes this year, whatever", "stance": "supports",
         "new_kind": "other"},
        headers=HTMX,
    )
    evidence = Evidence.objects.get()
    assert evidence.match_status == Evidence.MatchStatus.MANUAL
    assert evidence.passage_start == TWICE.index("we will build 40,000 homes this year, whatever")


# Settling the passage


def _evidence_on_twice():
    claim = make_claim()
    source = make_source("Transcript", text=TWICE)
    found = occurrences(claim.text, TWICE)
    return Evidence.objects.create(
        claim=claim, source=source, match=found[0], match_status=Evidence.MatchStatus.AUTO,
        passage=found[0].passage, passage_start=found[0].start, passage_end=found[0].end,
    ), found


def test_passage_picker_full_page_and_partial(client, reviewer):
    evidence, found = _evidence_on_twice()
    client.force_login(reviewer)
    url = reverse("claims:evidence-passage", args=[evidence.claim_id, evidence.pk])
    page = client.get(url).content.decode()
    assert "<html" in page and "2 places in the source match the quote" in page
    partial = client.get(url, headers=HTMX).content.decode()
    assert "<html" not in partial
    assert partial.count("Use this passage") == 2
    assert f'name="start" value="{found[1].start}"' in partial


def test_picking_another_occurrence_moves_the_passage_and_is_in_the_history(client, reviewer):
    evidence, found = _evidence_on_twice()
    client.force_login(reviewer)
    response = client.post(
        reverse("claims:evidence-passage", args=[evidence.claim_id, evidence.pk]),
        {"action": "pick", "start": found[1].start, "end": found[1].end},
        headers=HTMX,
    )
    evidence.refresh_from_db()
    assert (evidence.passage_start, evidence.passage_end) == (found[1].start, found[1].end)
    assert evidence.match_status == Evidence.MatchStatus.PICKED and evidence.passage_by == reviewer
    event = ClaimEvent.objects.get(claim=evidence.claim, field="passage")
    assert event.actor == reviewer
    assert str(found[0].start) in event.old and str(found[1].start) in event.new
    assert "Passage recorded." in response.content.decode()


def test_passage_marked_by_hand_must_be_in_the_source(client, reviewer):
    evidence, _ = _evidence_on_twice()
    client.force_login(reviewer)
    url = reverse("claims:evidence-passage", args=[evidence.claim_id, evidence.pk])
    refused = client.post(url, {"action": "manual", "passage": "we will build 50,000 homes"}, headers=HTMX)
    assert "not in the source text as written" in refused.content.decode()
    evidence.refresh_from_db()
    assert evidence.match_status == Evidence.MatchStatus.AUTO
    assert not ClaimEvent.objects.filter(field="passage").exists()

    client.post(url, {"action": "manual", "passage": "Asked again, she said: we will build 40,000 homes"}, headers=HTMX)
    evidence.refresh_from_db()
    assert evidence.match_status == Evidence.MatchStatus.MANUAL
    assert evidence.passage == "Asked again, she said: we will build 40,000 homes"
    assert evidence.passage_start == TWICE.index("Asked again")
    # The marked passage stops before "this year", which the quote has.
    assert evidence.match.verdict == "altered"
    assert ["this", "year"] in [op.quote_words for op in evidence.match.diff if op.op == "insert"]


def test_accepting_the_automatic_match(client, reviewer):
    evidence, found = _evidence_on_twice()
    client.force_login(reviewer)
    client.post(reverse("claims:evidence-passage", args=[evidence.claim_id, evidence.pk]), {"action": "accept"},
                headers=HTMX)
    evidence.refresh_from_db()
    assert evidence.match_status == Evidence.MatchStatus.ACCEPTED
    assert evidence.passage_start == found[0].start


def test_evidence_of_another_claim_is_not_found(client, reviewer):
    evidence, _ = _evidence_on_twice()
    other = make_claim()
    client.force_login(reviewer)
    assert client.get(reverse("claims:evidence-passage", args=[other.pk, evidence.pk])).status_code == 404


def test_claim_panel_side_by_side_diff(client, reviewer):
    article = make_article(text='"We will build 40,000 new homes this year," Jane Roe said.')
    claim = make_claim(article, quote="We will build 40,000 new homes this year,")
    source = make_source("Transcript", text="Thank you. We will build 4,000 homes this year, and more next year.")
    client.force_login(reviewer)
    client.post(reverse("claims:claim-evidence", args=[claim.pk]),
                {"source": source.pk, "stance": "supports", "new_kind": "other"}, headers=HTMX)
    panel = client.get(reverse("claims:claim-detail", args=[claim.pk]), headers=HTMX).content.decode()
    published = panel[panel.index('class="diff-side published"') : panel.index('class="diff-side source"')]
    original = panel[panel.index('class="diff-side source"') :]
    assert "<ins" in published and "new</ins>" in published
    assert "<del" in original
    assert "Thank you." in original  # the source's context before the passage


def test_claim_panel_query_count_does_not_grow_with_evidence(client, reviewer, django_assert_max_num_queries):
    evidence, _ = _evidence_on_twice()
    for n in range(5):
        Evidence.objects.create(claim=evidence.claim, source=make_source(f"S{n}", text="x"), passage="p")
    client.force_login(reviewer)
    with django_assert_max_num_queries(14):
        client.get(reverse("claims:claim-detail", args=[evidence.claim_id]), headers=HTMX)


# The findings of the seed articles, recorded the way a reviewer would


SEED_FINDINGS = [
    # (quote as published, demo source title, stance, verdict, note)
    ("Be quiet,", "Remarks Prior to a Meeting With Prime Minister Keir Starmer", "contradicts", "misquoted",
     "Trimmed: he said “Be quiet until I speak” to a reporter, to wait for his statement."),
    ("had expressed frustration to a small group of advisers", "Exclusive: Putin wants Ukraine ceasefire",
     "contradicts", "misattributed", "Reuters gives this to three other sources, not “this person”."),
    ("What is happening today in Brussels and Washington", "Interview with Viktor Orbán on Kossuth Rádió",
     "context", "accurate_context", "Wrong outlet: he spoke on Hungarian radio, RT reported it in translation."),
    ("there are working groups within NATO", "RT report on Orbán", "contradicts", "misquoted",
     "Paraphrase put in quotation marks: RT has it as indirect speech."),
    ("Putin wants Ukraine ceasefire on current front lines,", "Exclusive: Putin wants Ukraine ceasefire",
     "supports", "accurate_context", "Headline altered: “frontlines” and “Exclusive:” dropped."),
]


def test_each_seed_finding_can_be_recorded_and_exported(client, reviewer, editor):
    call_command("load_seeds", "--no-users", stdout=io.StringIO())
    for quote, source_title, stance, verdict, note in SEED_FINDINGS:
        claim = Claim.objects.get(text__startswith=quote)
        source = Source.objects.get(title__startswith=source_title)
        client.force_login(reviewer)
        client.post(reverse("claims:claim-evidence", args=[claim.pk]),
                    {"source": source.pk, "stance": stance, "new_kind": "other"}, headers=HTMX)
        client.post(reverse("claims:claim-note", args=[claim.pk]), {"text": note}, headers=HTMX)
        client.force_login(editor)
        client.post(reverse("claims:claim-review", args=[claim.pk]),
                    {"state": "done", "verdict": verdict, "version": 1}, headers=HTMX)
        claim.refresh_from_db()
        assert (claim.state, claim.verdict) == ("done", verdict), quote

    be_quiet = Evidence.objects.get(claim__text="Be quiet,")
    assert be_quiet.match.verdict == "verbatim" and be_quiet.match.trimmed is True
    assert be_quiet.match.context_after.startswith("until I speak")

    exported = json.loads(client.get(reverse("claims:export", args=["json"])).getvalue())["claims"]
    assert len(exported) == len(SEED_FINDINGS)
    by_text = {c["claim_as_printed"]: c for c in exported}
    for quote, source_title, stance, verdict, note in SEED_FINDINGS:
        record = next(r for t, r in by_text.items() if t.startswith(quote))
        assert record["reviewers"] == ["rita"]
        assert record["verdict_code"] == verdict
        assert record["sources"][0]["title"].startswith(source_title)
        assert record["sources"][0]["stance_code"] == stance
        assert note in [n["text"] for n in record["internal_notes"]]


def test_hand_marked_passage_shows_the_words_the_quote_left_out():
    text = "Q. Mr. President? President Biden. Be quiet until I speak. Okay?"
    start, end = find_passage(text, "Be quiet until I speak.")
    comparison = compare_passage("Be quiet,", text, start, end)
    assert comparison.verdict == "verbatim" and comparison.trimmed is True
    assert comparison.diff[-1] == DiffOp("delete", [], ["until", "I", "speak."], "outside")
    assert comparison.context_after == "Okay?"
