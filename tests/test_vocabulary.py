"""Each vocabulary has one definition, and the app uses it everywhere."""

import pytest

from claims import importers
from claims.cleaning.header import ends_sentence as line_ends_sentence
from claims.extraction.claim import KINDS, SPEAKER_KINDS
from claims.importers import IMPORTABLE_SUFFIXES, expand_paths, import_text
from claims.matching.normalise import ends_sentence
from claims.models import Article, Claim, ImportBatch, ImportStatus, Speaker, fit, max_length
from claims.punctuation import SENTENCE_END
from claims.readers import HTML_SUFFIXES, MARKDOWN_SUFFIXES, TEXT_SUFFIXES


def test_claim_and_speaker_kinds_are_extractions():
    assert Claim.Kind.values == [*KINDS, "other"]
    assert Speaker.Kind.values == list(SPEAKER_KINDS)
    assert Claim.Kind.QUOTE.label == "direct quote"
    assert Claim.Kind.NON_SPEECH_QUOTE not in Claim.REVIEWABLE_KINDS


def test_import_statuses_are_one_set():
    assert importers.Status is ImportStatus
    outcomes = [{"status": s} for s in ("imported", "failed", "failed")]
    assert ImportBatch(outcomes=outcomes).counts == {"imported": 1, "duplicate": 0, "failed": 2}


def test_a_folder_import_takes_every_name_an_upload_is_read_by(tmp_path):
    assert TEXT_SUFFIXES | MARKDOWN_SUFFIXES | HTML_SUFFIXES <= IMPORTABLE_SUFFIXES
    for name in ("a.xhtml", "b.mkd", "c.shtml", "d.mdown", "e.png", ".hidden.txt"):
        (tmp_path / name).write_text("x")
    assert sorted(p.name for p in expand_paths([tmp_path])) == ["a.xhtml", "b.mkd", "c.shtml", "d.mdown"]


def test_sentence_ends_are_the_same_for_matching_and_cleaning():
    for mark in SENTENCE_END:
        assert ends_sentence(f"Done{mark} Next", 5), mark
        assert line_ends_sentence(f"It is done{mark}"), mark


@pytest.mark.django_db
def test_long_values_are_cut_to_their_column():
    title = "Harbour " * 100
    outcome = import_text(text='"The harbour will reopen," the mayor, Ann Lee, said.', title=title)
    assert max_length(Article, "title") == 500
    assert outcome.article.title == title[:500]
    assert fit(Claim, "cue", "x" * 900) == "x" * 200
    assert fit(Claim, "cue", None) == ""


@pytest.mark.django_db
def test_pasted_text_is_html_when_the_readers_say_so():
    html = import_text(text="<html><body><article><p>\"We will win,\" Ann Lee said on a long day in the city "
                            "council chamber, where members met.</p></article></body></html>")
    markdown = import_text(text="<b>not a page</b> but a line of text that mentions a tag.")
    assert "<p>" not in html.article.cleaned_text and html.article.raw_text.startswith("<html>")
    # Not a page by the readers' signs: read as text, as written.
    assert markdown.article.cleaned_text == "<b>not a page</b> but a line of text that mentions a tag."
