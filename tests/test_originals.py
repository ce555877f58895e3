import json
from io import StringIO
from pathlib import Path

import pytest
from django.core.management import call_command
from django.db import connection  # noqa: F401 - read by a skipif condition

from claims.importers import import_paths
from claims.models import Capture, Claim, OriginalCandidate, Source, SourcePassage
from claims.originals import CHUNK_WORDS, STRIDE_WORDS, find_originals, passage_spans
from claims.services.captures import capture_source
from claims.services.library import create_source, index_source_text, merge_sources, save_source
from claims.services.originals import suggest_originals
from tests.factories import make_article, make_claim, make_source, make_speaker
from tests.test_sources import web  # noqa: F401 - the local web server fixture

pytestmark = pytest.mark.django_db

SEEDS = Path(__file__).resolve().parent.parent / "seeds"
TRANSCRIPT = (SEEDS / "sources" / "biden-starmer-2024-09-13.txt").read_text(encoding="utf-8")

WORDS = ("harbour council budget ferry pier timetable ministry railway tunnel bridge museum library "
         "orchard meadow quarry canal lighthouse brewery granary foundry").split()


def filler(seed: int, count: int) -> str:
    """Sentences of ordinary words, different for each seed."""
    words = [WORDS[(seed * 7 + i * (seed % 5 + 3)) % len(WORDS)] for i in range(count)]
    return " ".join(f"The {w} was discussed." for w in words)


def library_source(title: str, text: str, **fields) -> Source:
    source, _ = create_source(title=title, text=text, **fields)
    return source


def test_passages_overlap_by_half_and_cover_the_text():
    text = " ".join(f"w{n}" for n in range(260))
    spans = passage_spans(text)
    assert [text[a:b].split()[0] for a, b in spans] == ["w0", "w50", "w100", "w150", "w200"]
    assert all(len(text[a:b].split()) == CHUNK_WORDS for a, b in spans[:3])
    assert text[spans[-1][0] : spans[-1][1]].split()[-1] == "w259"
    assert passage_spans("") == [] and passage_spans("one") == [(0, 3)]
    assert STRIDE_WORDS * 2 == CHUNK_WORDS


def test_a_new_source_text_is_cut_into_passages_that_are_slices_of_it():
    source = library_source("Long speech", filler(1, 300))
    passages = list(source.passages.all())
    assert len(passages) == len(passage_spans(source.text))
    assert all(source.text[p.start : p.end] == p.text for p in passages)
    assert source.text_hash == Source.hash_text(source.text)


def test_a_quote_is_found_in_the_right_source_among_many():
    for n in range(6):
        library_source(f"Other {n}", filler(n, 120))
    text = filler(9, 80) + " I say to you: Be quiet until I speak. Okay? " + filler(10, 80)
    right = library_source("Remarks", text, author="Joe Biden")
    found = find_originals("Be quiet until I speak.", speaker="Joe Biden")
    assert found[0].source_id == right.pk
    top = found[0]
    assert right.text[top.start : top.end] == top.passage == "Be quiet until I speak."
    assert (top.verdict, top.suggested_verdict) == ("verbatim", "accurate")
    assert top.score == 1.05  # the alignment's 1.0 and the speaker's own source


def test_an_altered_quote_is_found_with_a_misquote_suggested():
    library_source("Other", filler(3, 200))
    words = " We will never abandon the fishermen of this coast, whatever it costs. "
    right = library_source("Speech", filler(4, 100) + words + filler(5, 50))
    found = find_originals("We will never abandon the farmers of this coast, whatever it costs")
    assert found[0].source_id == right.pk
    assert found[0].verdict == "altered"
    assert found[0].suggested_verdict == "misquoted"


def test_a_quote_across_two_passages_is_found_whole():
    quote = " ".join(f"unusual{n}word" for n in range(70))
    right = library_source("Long", filler(2, 20) + " " + quote + ". " + filler(3, 40))
    found = find_originals(quote)
    assert found[0].source_id == right.pk
    assert found[0].passage == quote
    assert found[0].verdict == "verbatim"


@pytest.mark.skipif("connection.vendor != 'postgresql'", reason="the phrase search is PostgreSQL's")
def test_a_short_quote_of_words_found_apart_in_many_passages_is_found_where_they_stand_together():
    import random

    rng = random.Random(5)
    words = ["quarry", "canal", "museum", "ferry"]
    for n in range(40):
        # Each decoy holds the words many times over, never in the quote's order.
        decoy = []
        for _ in range(30):
            order = words[:]
            while order == words:
                rng.shuffle(order)
            decoy.append(" ".join(order) + ". Nothing else.")
        library_source(f"Decoy {n}", " ".join(decoy))
    opened = " Then the quarry canal museum ferry was opened. "
    right = library_source("Minutes", filler(6, 40) + opened + filler(7, 40))
    found = find_originals("quarry canal museum ferry")
    assert found and found[0].source_id == right.pk
    assert found[0].verdict == "verbatim"


def test_absent_quote_finds_nothing_above_the_acceptance_score():
    library_source("Speech", filler(4, 300))
    assert find_originals("Completely different words nobody ever said anywhere") == []
    assert find_originals("") == []


def test_the_newest_capture_is_searched_for_a_web_source_without_text(web):  # noqa: F811 - the imported fixture
    source = make_source("Speech", url=web)
    capture = capture_source(source=source)
    found = find_originals("We will build 40,000 homes this year")
    assert found and found[0].source_id == source.pk
    assert set(SourcePassage.objects.filter(source=source).values_list("capture_id", flat=True)) == {capture.pk}


def test_saving_a_changed_text_and_merging_rebuild_the_passages(admin_user):
    source = library_source("Speech", "Old words only.")
    source.text = "The quarry will reopen next spring, the mayor promised."
    save_source(source=source, by=admin_user, document_changed=False)
    assert [p.text for p in source.passages.all()] == [source.text]
    keep = make_source("Speech (first copy)")
    merge_sources(keep=keep, duplicate=source)
    assert find_originals("The quarry will reopen next spring")[0].source_id == keep.pk
    assert keep.text_hash == Source.hash_text(keep.text)


def test_indexing_again_replaces_the_passages():
    source = library_source("Speech", filler(1, 120))
    before = source.passages.count()
    assert index_source_text(source=source) == before
    assert source.passages.count() == before


def test_a_long_text_is_indexed_by_a_task(settings):
    settings.PASSAGES_INLINE_CHARS = 100
    source = library_source("Speech", filler(1, 120))
    # Queued for after the commit, which a test's transaction never makes:
    # nothing yet. The task does what a worker would.
    assert source.passages.count() == 0
    from claims.tasks import index_source_task

    index_source_task.call(source.pk)
    assert source.passages.count() > 0
    assert index_source_task.call(10**9) == 0


def test_find_sources_command_prints_the_contract(tmp_path):
    source = library_source("Remarks", TRANSCRIPT, author="Joe Biden")
    quote = tmp_path / "quote.txt"
    quote.write_text("Be quiet,\n", encoding="utf-8")
    out = StringIO()
    call_command("find_sources", str(quote), "--format", "json", "--speaker", "Biden", stdout=out)
    result = json.loads(out.getvalue())
    assert list(result[0]) == ["source_id", "title", "start", "end", "passage", "verdict", "suggested_verdict", "score"]
    assert result[0]["source_id"] == source.pk
    assert TRANSCRIPT[result[0]["start"] : result[0]["end"]] == "Be quiet"
    assert result[0]["suggested_verdict"] == "accurate_context"
    text = StringIO()
    call_command("find_sources", str(quote), stdout=text)
    assert text.getvalue().startswith("1. Remarks (source")
    quote.write_text("Nothing like this appears\n", encoding="utf-8")
    empty = StringIO()
    call_command("find_sources", str(quote), "--format", "json", stdout=empty)
    assert json.loads(empty.getvalue()) == []


def test_importing_an_article_stores_possible_originals_of_named_speakers_quotes():
    source = library_source("Remarks", TRANSCRIPT, author="Joe Biden")
    list(import_paths([SEEDS / "002_2b4ac363705a4f99.txt"]))
    claim = Claim.objects.get(text="Be quiet,")
    stored = list(claim.original_candidates.all())
    found = [(c.source_id, c.passage, c.suggested_verdict) for c in stored]
    assert found == [(source.pk, "Be quiet", "accurate_context")]


def test_suggestions_skip_anonymous_speakers_and_claims_with_a_source():
    library_source("Plan", "We will build 40,000 homes this year, the minister said.")
    article = make_article()
    named = make_claim(article, speaker=make_speaker("Jane Roe"))
    officials = make_speaker("officials", kind="collective")
    anonymous = make_claim(article, quote="12 percent of the budget", speaker=officials)
    assert suggest_originals(article_id=article.pk) == 1
    assert list(OriginalCandidate.objects.values_list("claim_id", flat=True)) == [named.pk]
    assert not anonymous.original_candidates.exists()
    # Run again: replaced, not added to.
    assert suggest_originals(article_id=article.pk) == 1
    assert OriginalCandidate.objects.count() == 1


def test_no_library_text_means_no_search_on_import():
    list(import_paths([SEEDS / "002_2b4ac363705a4f99.txt"]))
    assert OriginalCandidate.objects.count() == 0
    assert Capture.objects.count() == 0
