"""Findings: what a quote's changes do, and the verdict they point to."""

import json
from dataclasses import replace
from io import StringIO
from pathlib import Path

import pytest
from django.core.management import call_command

from claims.matching import SourceIndex
from claims.matching.findings import FindingKind, Suggestion, assess, find, suggest
from claims.matching.turns import label_names, transcript_turns, turn_at
from claims.sources import compare_passage, find_passage

SEED_SOURCE = Path(__file__).resolve().parents[2] / "seeds" / "sources" / "biden-starmer-2024-09-13.txt"

HARBOUR = (
    "The harbour master spoke at noon. We will reopen the north pier on Monday if the weather holds. "
    "The repairs cost more than we planned, and the council paid for all of them. "
    "Nobody was hurt in the storm."
)


def findings_of(source: str, quote: str, **kwargs):
    result = SourceIndex(source).match(quote)
    found = find(result, source, **kwargs)
    return result, found


def kinds(found) -> list[str]:
    return [str(f.kind) for f in found.findings]


def test_a_quote_cut_before_its_sentence_ends_names_the_words_left_off():
    result, found = findings_of(HARBOUR, "We will reopen the north pier on Monday,")
    (cut,) = found.findings
    assert cut.kind == FindingKind.CUT_MID_SENTENCE
    assert cut.source_words == ("if", "the", "weather", "holds")
    assert HARBOUR[cut.start : cut.end] == "if the weather holds"
    assert cut.summary() == "Cut mid-sentence: the source goes on “if the weather holds”"
    assert suggest(result, found.findings).verdict == "accurate_context"


def test_a_quote_that_starts_inside_a_sentence_names_its_beginning():
    _, found = findings_of(HARBOUR, "the council paid for all of them")
    (cut,) = found.of(FindingKind.CUT_MID_SENTENCE)
    assert cut.detail == "before"
    assert " ".join(cut.source_words) == "The repairs cost more than we planned and"


def test_a_whole_sentence_verbatim_is_accurate_with_no_findings():
    result, found = findings_of(HARBOUR, "Nobody was hurt in the storm.")
    assert found.findings == []
    assert suggest(result, found.findings).verdict == "accurate"


def test_words_dropped_behind_an_ellipsis_and_without_one():
    result, found = findings_of(HARBOUR, "The repairs cost more than we planned, and the council paid ...")
    marked = found.of(FindingKind.OMITTED_MARKED)
    assert [f.source_words for f in marked] == [("for", "all", "of", "them")]
    assert suggest(result, found.findings).verdict == "accurate_context"

    result, found = findings_of(HARBOUR, "The repairs cost more than planned, and the council paid for all of them.")
    (dropped,) = found.of(FindingKind.OMITTED_UNMARKED)
    assert dropped.source_words == ("we",)
    assert HARBOUR[dropped.start : dropped.end] == "we"
    assert suggest(result, found.findings).verdict == "misquoted"


def test_a_swapped_word_an_added_word_and_a_bracket():
    quote = "The repairs cost far more than we expected, and the council paid for all of them."
    result, found = findings_of(HARBOUR, quote)
    assert FindingKind.SUBSTITUTED in {f.kind for f in found.findings}
    swap = found.of(FindingKind.SUBSTITUTED)[0]
    assert (swap.quote_words, swap.source_words) == (("expected",), ("planned",))
    added = found.of(FindingKind.INSERTED)[0]
    assert added.quote_words == ("far",)
    assert suggest(result, found.findings).verdict == "misquoted"

    quote = "The repairs cost more than [the harbour board] planned, and the council paid for all of them."
    result, found = findings_of(HARBOUR, quote)
    (bracket,) = found.of(FindingKind.BRACKETED)
    assert bracket.quote_words == ("the harbour board",)
    assert bracket.source_words == ("we",)
    assert suggest(result, found.findings).verdict == "accurate_context"


def test_words_moved_are_reordered():
    source = "We paid for the pier and the road last year. Then the storm came."
    result, found = findings_of(source, "We paid for the road and the pier last year.")
    assert FindingKind.REORDERED in {f.kind for f in found.findings}
    assert suggest(result, found.findings).verdict == "misquoted"


TRANSCRIPT = (
    "Q: Minister, will the pier reopen on Monday?\n"
    "MINISTER OKAFOR: It will reopen on Monday if the weather holds.\n"
    "Q: And the road?\n"
    "THE PRESIDENT: The road waits until spring.\n"
)


def test_words_a_transcript_gives_to_the_questioner_are_said_by_another():
    result, found = findings_of(TRANSCRIPT, "Minister, will the pier reopen on Monday?", speaker="Ada Okafor")
    assert found.source_speaker == "Q"
    assert kinds(found) == ["said_by_other"]
    suggestion = suggest(result, found.findings)
    assert suggestion.verdict == "misattributed"
    assert "questioner" in suggestion.reason


def test_the_labelled_speaker_and_a_role_label_standing_for_the_principal():
    _, found = findings_of(TRANSCRIPT, "It will reopen on Monday if the weather holds.", speaker="Ada Okafor")
    assert (found.source_speaker, found.findings) == ("MINISTER OKAFOR", [])
    _, found = findings_of(TRANSCRIPT, "The road waits until spring.", speaker="Lena Park", principal="Lena Park")
    assert (found.source_speaker, kinds(found)) == ("THE PRESIDENT", [])
    _, found = findings_of(TRANSCRIPT, "The road waits until spring.", speaker="Ada Okafor", principal="Lena Park")
    assert kinds(found) == ["said_by_other"]


def test_transcript_labels_in_both_styles():
    text = "Q. What do you say?\nPresident Biden. I say wait.\nMr. Kirby. We agree.\n"
    turns = transcript_turns(text)
    assert [t.label for t in turns] == ["Q", "President Biden", "Mr. Kirby"]
    assert turn_at(turns, text.index("I say")).label == "President Biden"
    assert label_names("President Biden", "Joe Biden") is True
    assert label_names("Q", "Joe Biden") is False
    assert label_names("THE PRESIDENT", "Joe Biden") is None
    assert transcript_turns("NOTE: one heading only.\nText follows.") == []


def test_secondary_source_and_different_language():
    result, found = findings_of(HARBOUR, "Nobody was hurt in the storm.", primary=False)
    assert kinds(found) == ["secondary_source"]
    assert suggest(result, found.findings).verdict == "accurate"
    quote = "Nadie resultó herido en la tormenta."
    result, found = findings_of(HARBOUR, quote, quote_language="es", source_language="en")
    assert kinds(found) == ["different_language"]
    assert suggest(result, found.findings) is None


def test_not_found_is_unverifiable():
    result, found = findings_of(HARBOUR, "The mayor resigned over the budget last night.")
    assert not result.found
    assert suggest(result, found.findings).verdict == "unverifiable"


def test_seed_be_quiet_is_cut_before_until_i_speak():
    source = SEED_SOURCE.read_text(encoding="utf-8")
    result, found = findings_of(source, "Be quiet,", speaker="Joe Biden")
    (cut,) = found.findings
    assert cut.summary() == "Cut mid-sentence: the source goes on “until I speak”"
    assert source[cut.start : cut.end] == "until I speak"
    assert found.source_speaker == "President Biden"
    assert suggest(result, found.findings).verdict == "accurate_context"


def test_seed_question_given_to_the_president_is_misattributed():
    source = SEED_SOURCE.read_text(encoding="utf-8")
    result, found = findings_of(source, "what do you say to Vladimir Putin's threat of war?", speaker="Joe Biden")
    assert found.source_speaker == "Q"
    assert suggest(result, found.findings).verdict == "misattributed"


def test_match_quote_command_prints_findings_suggestion_and_source_speaker(tmp_path):
    quote = tmp_path / "quote.txt"
    quote.write_text("Be quiet,", encoding="utf-8")
    out = StringIO()
    call_command("match_quote", str(SEED_SOURCE), str(quote), "--format", "json", "--speaker", "Joe Biden", stdout=out)
    data = json.loads(out.getvalue())
    assert data["suggested_verdict"] == "accurate_context"
    assert data["source_speaker"] == "President Biden"
    (finding,) = data["findings"]
    assert finding["kind"] == "cut_mid_sentence"
    assert finding["source_words"] == ["until", "I", "speak"]
    assert {"quote_words", "start", "end"} <= finding.keys()


@pytest.mark.parametrize("fmt", ["text"])
def test_match_quote_text_format_lists_the_findings(tmp_path, fmt):
    quote = tmp_path / "quote.txt"
    quote.write_text("Be quiet,", encoding="utf-8")
    out = StringIO()
    call_command("match_quote", str(SEED_SOURCE), str(quote), "--format", fmt, stdout=out)
    assert "Cut mid-sentence: the source goes on “until I speak”" in out.getvalue()
    assert "suggested verdict: accurate_context" in out.getvalue()


def test_line_breaks_and_doubled_spaces_in_the_source_keep_a_quote_verbatim():
    source = "The master spoke. We will reopen the\nnorth  pier on Monday. Then rain."
    assert str(SourceIndex(source).match("We will reopen the north pier on Monday.").verdict) == "verbatim"
    assert str(SourceIndex(source).match("We will reopen the North pier on Monday.").verdict) == "normalised"


def test_assess_fills_in_findings_turn_and_suggestion():
    source = SEED_SOURCE.read_text(encoding="utf-8")
    result = SourceIndex(source).match("Be quiet,")
    assert result.findings is None and not result.assessed
    assessed = assess(result, source, speaker="Joe Biden")
    assert [f.summary() for f in assessed.findings] == ["Cut mid-sentence: the source goes on “until I speak”"]
    assert assessed.source_speaker == "President Biden"
    assert assessed.suggestion == Suggestion(
        "accurate_context", "Cut mid-sentence: the source goes on “until I speak”."
    )
    assert (assessed.verdict, assessed.diff, assessed.start) == (result.verdict, result.diff, result.start)


def test_a_passage_marked_around_the_quote_is_a_cut_not_an_omission():
    # The reviewer's passage holds the words after the quote; they are what
    # the quote cut off, not words it left out without an ellipsis.
    source = SEED_SOURCE.read_text(encoding="utf-8")
    start, end = find_passage(source, "Be quiet until I speak.")
    result = assess(compare_passage("Be quiet,", source, start, end), source, speaker="Joe Biden")
    assert [f.summary() for f in result.findings] == ["Cut mid-sentence: the source goes on “until I speak”"]
    assert source[result.findings[0].start : result.findings[0].end] == "until I speak"
    assert result.suggestion.verdict == "accurate_context"


def test_a_passage_marked_with_words_before_the_quote():
    start = HARBOUR.index("The repairs")
    end = HARBOUR.index("them.") + len("them.")
    result = assess(compare_passage("the council paid for all of them.", HARBOUR, start, end), HARBOUR)
    (cut,) = result.findings
    assert (cut.kind, cut.detail) == (FindingKind.CUT_MID_SENTENCE, "before")
    assert HARBOUR[cut.start : cut.end] == "The repairs cost more than we planned, and"


def test_a_marked_passage_keeps_its_ellipsis_offsets_in_the_whole_text():
    start = HARBOUR.index("The repairs")
    end = HARBOUR.index("them.") + len("them.")
    quote = "The repairs cost more ... the council paid for all of them."
    result = assess(compare_passage(quote, HARBOUR, start, end), HARBOUR)
    (omitted,) = result.findings
    assert omitted.kind == FindingKind.OMITTED_MARKED
    assert HARBOUR[omitted.start : omitted.end].startswith("than we planned")


def test_a_passage_not_in_the_source_text_compares_its_words_only():
    result = SourceIndex("We will build 4,000 homes this year.").match("We will build 40,000 homes this year.")
    unplaced = assess(replace(result, start=None, end=None), "")
    (swap,) = unplaced.findings
    assert (swap.kind, swap.start, swap.end) == (FindingKind.SUBSTITUTED, None, None)
    assert unplaced.suggestion.verdict == "misquoted"
    same = SourceIndex("We will build homes.").match("We will build homes.")
    assert "check its sentence by hand" in assess(replace(same, start=None, end=None), "").suggestion.reason
