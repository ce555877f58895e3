"""A comparison is stored through one serialiser with a schema number, and
rows stored before the number existed still load, render and export."""

import json
from pathlib import Path

import pytest
from django.db import connection
from django.db.migrations.executor import MigrationExecutor
from django.urls import reverse

from claims import exports
from claims.matching import FindingKind, MatchResult, Suggestion, Verdict, assess, match_quote, serialise
from claims.models import Evidence
from tests.factories import make_claim, make_source

BEFORE_SCHEMA = ("claims", "0009_claimevent_via")
SOURCE = "Thank you. We will build 4,000 homes this year, and more next year."
# As the views wrote it before comparisons carried a schema number.
OLD_ROW = {
    "verdict": "altered",
    "score": 0.8571,
    "start": 11,
    "end": 46,
    "passage": "We will build 4,000 homes this year,",
    "diff": [
        {"op": "equal", "quote": ["We", "will", "build"], "source": ["We", "will", "build"], "reason": None},
        {"op": "replace", "quote": ["40,000"], "source": ["4,000"], "reason": None},
        {"op": "equal", "quote": ["homes", "this", "year,"], "source": ["homes", "this", "year,"], "reason": None},
    ],
    "omissions": [],
    "insertions": [],
    "context_before": "Thank you.",
    "context_after": "and more next year.",
    "trimmed": True,
}


def test_dump_and_load_give_back_the_same_result():
    result = match_quote("He said the plan, which was late, would work on time.", "the plan [to build] … would work")
    assert result.omissions or result.insertions
    stored = json.loads(json.dumps(serialise.dump(result)))
    assert stored["schema"] == serialise.SCHEMA
    assert serialise.load(stored) == result


def test_findings_and_suggestion_are_stored_and_read_back():
    result = assess(match_quote(SOURCE, "We will build 4,000 homes next year,"), SOURCE, speaker="Jane Roe")
    stored = json.loads(json.dumps(serialise.dump(result)))
    assert stored["schema"] == 3
    assert [f["summary"] for f in stored["findings"]] == [
        "Cut mid-sentence: the source goes on “and more next year”",
        "Word changed: the source says “this”, the quote “next”",
    ]
    reason = "Word changed: the source says “this”, the quote “next”."
    assert stored["suggestion"] == {"verdict": "misquoted", "reason": reason}
    loaded = serialise.load(stored)
    assert loaded == result
    assert loaded.findings[1].kind == FindingKind.SUBSTITUTED
    assert loaded.suggestion == Suggestion("misquoted", stored["suggestion"]["reason"])


def test_rows_of_older_schemas_load_without_findings():
    for row in (OLD_ROW, {**OLD_ROW, "schema": 2}):
        result = serialise.load(row)
        assert (result.findings, result.source_speaker, result.suggestion) == (None, None, None)
        assert not result.assessed
    # A result not assessed is stored as such, and stays so.
    assert serialise.load(serialise.dump(serialise.load(OLD_ROW))).findings is None


def test_rows_without_a_schema_number_load():
    result = serialise.load(OLD_ROW)
    assert isinstance(result, MatchResult)
    assert (result.verdict, result.start, result.end, result.trimmed) == (Verdict.ALTERED, 11, 46, True)
    assert [(op.op, op.quote_words, op.source_words) for op in result.diff][1] == ("replace", ["40,000"], ["4,000"])
    assert serialise.load({"verdict": "verbatim"}).verdict == Verdict.VERBATIM
    assert serialise.load({}) is None and serialise.load(None) is None


def test_a_newer_schema_is_refused():
    with pytest.raises(ValueError, match="schema 4"):
        serialise.load({**OLD_ROW, "schema": 4})


def test_matching_does_not_import_django():
    package = Path(serialise.__file__).parent
    for module in package.glob("*.py"):
        assert "django" not in module.read_text(encoding="utf-8"), module.name


@pytest.mark.django_db
def test_evidence_keeps_its_comparison_as_a_match_result(reviewer):
    claim = make_claim()
    source = make_source(text=SOURCE)
    evidence = Evidence.objects.create(claim=claim, source=source, match=match_quote(SOURCE, claim.text))
    evidence.refresh_from_db()
    assert isinstance(evidence.match, MatchResult) and evidence.match.verdict == Verdict.ALTERED
    assert Evidence.objects.values_list("match__schema", flat=True).get() == serialise.SCHEMA
    assert Evidence.objects.create(claim=claim, source=evidence.source).match is None


@pytest.mark.django_db(transaction=True)
def test_evidence_stored_before_the_schema_still_renders_and_exports(client, editor):
    executor = MigrationExecutor(connection)
    executor.migrate([BEFORE_SCHEMA])
    old = executor.loader.project_state([BEFORE_SCHEMA]).apps
    article = old.get_model("claims", "Article").objects.create(
        title="Housing plan", raw_text="x", cleaned_text='"We will build 40,000 homes this year," she said.',
        content_hash="old-row",
    )
    claim = old.get_model("claims", "Claim").objects.create(
        article=article, text="We will build 40,000 homes this year,", start=1, end=38, state="done",
        verdict="misquoted",
    )
    source = old.get_model("claims", "Source").objects.create(title="Minister's speech", text=SOURCE)
    old.get_model("claims", "Evidence").objects.create(
        claim=claim, source=source, match=OLD_ROW, match_status="auto", passage=OLD_ROW["passage"],
        passage_start=11, passage_end=46,
    )
    executor = MigrationExecutor(connection)
    executor.migrate(executor.loader.graph.leaf_nodes())

    evidence = Evidence.objects.get()
    assert evidence.match == serialise.load(OLD_ROW)
    client.force_login(editor)
    panel = client.get(reverse("claims:claim-detail", args=[claim.pk]), headers={"HX-Request": "true"}).content.decode()
    assert 'class="badge match-altered"' in panel
    replaced = '<del class="changed"><span class="visually-hidden">replaced in the quote by “40,000”: </span>4,000'
    assert replaced + "</del>" in panel
    assert "Thank you." in panel
    # Its findings are computed on reading, from the source text; nothing is written.
    swap = "Word changed: the source says “4,000”, the quote “40,000”"
    assert swap in panel and "Suggested verdict:" in panel
    assert Evidence.objects.values_list("match__schema", flat=True).get() is None
    record = exports.claim_record(exports.settled_claims().get())
    source = record["sources"][0]
    assert (source["match"], source["match_code"], source["passage"]) == ("words changed", "altered",
                                                                          OLD_ROW["passage"])
    assert swap in source["findings"]
    report = client.get(reverse("claims:export", args=["html"])).content.decode()
    assert "the quote against this source: words changed" in report and swap in report


@pytest.mark.django_db
def test_an_old_row_whose_source_text_is_gone_shows_no_findings(client, reviewer):
    claim = make_claim()
    evidence = Evidence.objects.create(claim=claim, source=make_source(), match=serialise.load(OLD_ROW),
                                       passage=OLD_ROW["passage"], passage_start=11, passage_end=46)
    client.force_login(reviewer)
    panel = client.get(reverse("claims:claim-detail", args=[claim.pk]), headers={"HX-Request": "true"}).content.decode()
    assert 'class="findings"' not in panel and "Suggested verdict:" not in panel
    assert 'class="badge match-altered"' in panel
    evidence.refresh_from_db()
    assert evidence.match.findings is None
