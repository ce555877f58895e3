import json
import random
from pathlib import Path

from hypothesis import assume, given, settings
from hypothesis import strategies as st

from claims.matching import MIN_SCORE, DiffOp, SourceIndex, Verdict, match_quote, normalise_word
from claims.matching.align import _parse_parts, core_span, parse_quote
from claims.matching.normalise import WORD_RE, words_of

SEED_SOURCE = Path(__file__).resolve().parents[2] / "seeds" / "sources" / "biden-starmer-2024-09-13.txt"

# Written for these tests; the wording of the first sentence follows a
# remark paraphrased in the seed articles.
COMMITTEE = (
    "The committee met on Monday.\n\n"
    "Asked about the alliance, she said: \"If there's a magnitude of cyber attacks that is big enough, "
    "then we can trigger Article 5 and respond in cyber, but also in other domains.\" "
    "She added that the conflict had changed how the alliance prepares. "
    "\"I don't think much about Vladimir Putin,\" she told reporters. "
    "\"We did not expect the war to last this long — nobody did.\"\n"
    "The colour of the ministry's report was grey, and its mood was grim."
)


def changes(result) -> list[DiffOp]:
    return [op for op in result.diff if op.op != "equal"]


def no_sentence_breaks(position: int) -> bool:
    return False


def test_seed_be_quiet_is_verbatim_and_trimmed():
    source = SEED_SOURCE.read_text(encoding="utf-8")

    result = match_quote(source, "Be quiet,")

    assert result.verdict == Verdict.VERBATIM
    assert result.passage == "Be quiet"
    assert source[result.start : result.end] == "Be quiet"
    assert result.trimmed is True
    assert result.context_after.startswith("until I speak.")
    assert result.context_before.endswith("I say to you:")
    assert result.page is None


def test_match_verbatim_whole_sentence_is_not_trimmed():
    result = match_quote(COMMITTEE, "She added that the conflict had changed how the alliance prepares.")

    assert result.verdict == Verdict.VERBATIM
    assert result.score == 1.0
    assert result.trimmed is False
    assert changes(result) == []


def test_match_verbatim_ignores_trailing_comma_and_outer_whitespace():
    result = match_quote(COMMITTEE, "  I don't think much about Vladimir Putin,\n")

    assert result.verdict == Verdict.VERBATIM
    assert result.passage == "I don't think much about Vladimir Putin,"


def test_match_verbatim_drops_the_articles_full_stop():
    result = match_quote(COMMITTEE, "The committee met on Monday")
    stopped = match_quote(COMMITTEE, "its mood was grim.")

    assert result.verdict == Verdict.VERBATIM
    assert stopped.verdict == Verdict.VERBATIM
    assert stopped.passage == "its mood was grim."


def test_match_normalised_curly_apostrophe_and_case():
    result = match_quote(COMMITTEE, "i DON’T think much about vladimir putin")

    assert result.verdict == Verdict.NORMALISED
    assert result.score == 1.0
    assert result.passage == "I don't think much about Vladimir Putin"
    assert changes(result) == []


def test_match_normalised_dash_styles_and_line_breaks():
    result = match_quote(COMMITTEE, "We did not expect the war\nto last  this long - nobody did")
    spaced = match_quote(COMMITTEE, "We did not expect the war to last this long -- nobody did")
    en_dash = match_quote(COMMITTEE, "We did not expect the war to last this long–nobody did")

    assert [result.verdict, spaced.verdict, en_dash.verdict] == [Verdict.NORMALISED] * 3
    assert result.passage == "We did not expect the war to last this long — nobody did"


def test_match_normalised_straight_and_curly_double_quotes():
    source = 'He called it “a “normal” day” and left.'

    result = match_quote(source, 'a "normal" day')

    assert result.verdict == Verdict.NORMALISED
    assert result.passage == "a “normal” day"


def test_match_normalised_compatibility_characters():
    result = match_quote("The ﬁnal ｒｅｐｏｒｔ is due.", "the final report is due")

    assert result.verdict == Verdict.NORMALISED


def test_match_british_and_american_spelling_differ():
    result = match_quote(COMMITTEE, "The color of the ministry's report was grey")

    assert result.verdict == Verdict.ALTERED
    assert changes(result) == [DiffOp("replace", ["color"], ["colour"])]


def test_match_editorial_bracket_and_ellipsis():
    quote = "If there’s a magnitude [reached in Russian cyber attacks] ... then we can trigger Article 5"

    result = match_quote(COMMITTEE, quote)

    assert result.verdict == Verdict.EDITORIAL
    assert result.score == 1.0
    assert result.passage == (
        "If there's a magnitude of cyber attacks that is big enough, then we can trigger Article 5"
    )
    [insertion] = result.insertions
    assert insertion.text == "[reached in Russian cyber attacks]"
    assert insertion.source_words == ["of", "cyber", "attacks"]
    [omission] = result.omissions
    assert omission.words == ["that", "is", "big", "enough"]
    assert omission.text == "that is big enough,"
    assert COMMITTEE[omission.start : omission.end] == "that is big enough,"
    assert [(op.op, op.reason) for op in changes(result)] == [("replace", "bracket"), ("delete", "ellipsis")]


def test_match_editorial_unicode_ellipsis_over_a_long_gap():
    quote = "If there’s a magnitude of cyber attacks … the conflict had changed how the alliance prepares"

    result = match_quote(COMMITTEE, quote)

    assert result.verdict == Verdict.EDITORIAL
    [omission] = result.omissions
    assert omission.words[:4] == ["that", "is", "big", "enough"]
    assert omission.words[-3:] == ["She", "added", "that"]


def test_match_editorial_bracket_standing_for_a_pronoun():
    result = match_quote(COMMITTEE, "[The minister] added that the conflict had changed how the alliance prepares")

    assert result.verdict == Verdict.EDITORIAL
    assert result.passage.startswith("She added")
    assert result.insertions[0].source_words == ["She"]


def test_match_editorial_bracket_adding_words():
    result = match_quote(COMMITTEE, "I don't think much about [Russian President] Vladimir Putin")

    assert result.verdict == Verdict.EDITORIAL
    assert result.insertions[0].source_words == []
    assert changes(result) == [DiffOp("insert", ["Russian", "President"], [], "bracket")]


def test_match_editorial_bracket_inside_a_word():
    result = match_quote(COMMITTEE, "[T]hen we can trigger Article 5 and respond in cyber")

    assert result.verdict == Verdict.EDITORIAL
    assert result.insertions[0].text == "[T]hen"
    assert result.insertions[0].source_words == ["then"]


def test_match_altered_dropped_word():
    result = match_quote(COMMITTEE, "I don't think about Vladimir Putin")

    assert result.verdict == Verdict.ALTERED
    assert MIN_SCORE < result.score < 1
    assert result.passage == "I don't think much about Vladimir Putin"
    assert changes(result) == [DiffOp("delete", [], ["much"])]


def test_match_altered_added_word():
    result = match_quote(COMMITTEE, "I don't think very much about Vladimir Putin")

    assert result.verdict == Verdict.ALTERED
    assert changes(result) == [DiffOp("insert", ["very"], [])]


def test_match_altered_contraction_is_a_real_difference():
    result = match_quote(COMMITTEE, "We didn't expect the war to last this long")

    assert result.verdict == Verdict.ALTERED
    assert changes(result) == [DiffOp("replace", ["didn't"], ["did", "not"])]


def test_match_altered_substituted_word():
    result = match_quote(COMMITTEE, "We did not expect the conflict to last this long")

    assert result.verdict == Verdict.ALTERED
    assert changes(result) == [DiffOp("replace", ["conflict"], ["war"])]


def test_match_altered_substituted_first_word_stays_in_the_passage():
    result = match_quote(COMMITTEE, "They did not expect the war to last this long")

    assert result.passage.startswith("We did not")
    assert changes(result) == [DiffOp("replace", ["They"], ["We"])]


def test_match_altered_reordered_words():
    result = match_quote(COMMITTEE, "The colour of the ministry's report was grey, and its was mood grim")

    assert result.verdict == Verdict.ALTERED
    assert {op.reason for op in changes(result)} <= {"reordered", "moved"}
    assert changes(result)


def test_match_not_found():
    result = match_quote(COMMITTEE, "Taxes on bread will rise sharply next spring, the baker warned")

    assert result.verdict == Verdict.NOT_FOUND
    assert (result.start, result.end, result.passage) == (None, None, "")
    assert result.score < MIN_SCORE


def test_match_empty_quote_is_not_found():
    assert match_quote(COMMITTEE, " … ").verdict == Verdict.NOT_FOUND
    assert match_quote(COMMITTEE, "").verdict == Verdict.NOT_FOUND


def test_match_all_lists_each_occurrence_best_first():
    source = (
        "We will build the bridge. Later that year the plan stalled. "
        "Again she said we will build the bridge. Some said we will build a bridge."
    )
    index = SourceIndex(source)

    results = index.match_all("we will build the bridge", limit=5)

    assert [r.verdict for r in results] == [Verdict.VERBATIM, Verdict.NORMALISED, Verdict.ALTERED]
    assert [r.passage for r in results] == [
        "we will build the bridge",
        "We will build the bridge",
        "we will build a bridge",
    ]
    assert results[1].start == 0
    assert changes(results[2]) == [DiffOp("replace", ["the"], ["a"])]
    assert index.match_all("we will build the bridge", limit=1)[0].start == source.index("we will")


def test_match_all_puts_verbatim_occurrences_first():
    source = "the plan is good. THE PLAN IS GOOD. The plan is good."

    results = SourceIndex(source).match_all("The plan is good", limit=5)

    assert [r.verdict for r in results] == [Verdict.VERBATIM, Verdict.NORMALISED, Verdict.NORMALISED]
    assert results[0].start == source.rindex("The plan")


def test_match_all_finds_each_repeat_in_a_long_source_best_first():
    rng = random.Random(11)
    vocabulary = [f"w{n}" for n in range(500)] + ["the", "of", "and"] * 20
    filler = [" ".join(rng.choices(vocabulary, k=12)).capitalize() + "." for _ in range(3000)]
    passage = "The bridge over the river will open in the spring of next year"
    filler[500] = passage + "."
    filler[1500] = passage.upper() + "."
    filler[2500] = passage.replace("spring", "autumn") + "."
    source = " ".join(filler)
    index = SourceIndex(source)

    results = index.match_all(passage, limit=5)
    first_two = index.match_all(passage, limit=2)

    assert [r.verdict for r in results] == [Verdict.VERBATIM, Verdict.NORMALISED, Verdict.ALTERED]
    assert [r.start for r in results] == [
        source.index(passage),
        source.index(passage.upper()),
        source.index(passage.replace("spring", "autumn")),
    ]
    assert changes(results[2]) == [DiffOp("replace", ["spring"], ["autumn"])]
    assert [r.start for r in first_two] == [r.start for r in results[:2]]


def test_match_all_lists_normalised_repeats_in_source_order():
    source = "THE PLAN IS GOOD. Then nothing. the plan is good. Later: The Plan Is Good."

    results = SourceIndex(source).match_all("the plan, is good", limit=5)

    assert [r.verdict for r in results] == [Verdict.NORMALISED] * 3
    assert [r.start for r in results] == sorted(r.start for r in results)
    assert all(changes(r) == [] and r.score == 1.0 for r in results)


def test_match_normalised_quote_is_not_stretched_to_a_repeated_first_word():
    source = (
        "Q. Is it a threat of war, sir?\n"
        "President Biden. Well, I—well, I—you've got to be quiet, and I'm going to make a statement here."
    )

    result = match_quote(source, "I—YOU'VE GOT TO BE QUIET; AND I'M GOING")

    assert result.verdict == Verdict.NORMALISED
    assert result.passage == "I—you've got to be quiet, and I'm going"
    assert changes(result) == []


def test_match_altered_quote_is_not_said_to_drop_a_repeated_first_word():
    source = "President Biden. Well, I—well, I—you've got to be quiet, and I'm going to make a statement here."

    result = match_quote(source, "I—you've got to be very quiet, and I'm going")

    assert result.verdict == Verdict.ALTERED
    assert result.passage == "I—you've got to be quiet, and I'm going"
    assert changes(result) == [DiffOp("insert", ["very"], [])]


def test_core_span_keeps_edge_words_next_to_the_rest():
    parsed = parse_quote("a b c d e")

    # The alignment pins the first word to its first occurrence and the last
    # word to its last; the nearest occurrences are the ones the quote means.
    assert core_span(parsed, [9, 1, 2, 3, 4], [9, 5, 9, 1, 2, 3, 4], no_sentence_breaks) == (2, 7)
    assert core_span(parsed, [1, 2, 3, 4, 9], [1, 2, 3, 4, 7, 9, 8, 9], no_sentence_breaks) == (0, 6)
    # Across an ellipsis the words in between may be what it leaves out.
    with_gap = parse_quote("a ... b c d e")
    assert core_span(with_gap, [9, 1, 2, 3, 4], [9, 5, 9, 1, 2, 3, 4], no_sentence_breaks) == (0, 7)


def test_match_all_without_a_match_is_empty():
    assert SourceIndex(COMMITTEE).match_all("Taxes on bread will rise sharply next spring") == []


def test_match_result_to_dict_is_json_ready():
    result = match_quote(COMMITTEE, "If there’s a magnitude [reached in Russian cyber attacks] ... then we can trigger")

    data = json.loads(json.dumps(result.to_dict()))

    assert data["verdict"] == "editorial"
    assert {"verdict", "score", "start", "end", "diff", "passage", "trimmed", "omissions", "insertions"} <= set(data)
    assert data["diff"][0] == {"op": "equal", "quote": ["If", "there’s", "a", "magnitude"],
                               "source": ["If", "there's", "a", "magnitude"], "reason": None}
    assert data["omissions"][0]["words"] == ["that", "is", "big", "enough"]


def test_normalise_word_folds_case_apostrophes_and_compatibility_forms():
    assert normalise_word("Don’t") == normalise_word("don't") == "don't"
    assert normalise_word("ＡＢＣ") == "abc"
    assert normalise_word("colour") != normalise_word("color")


def test_match_finds_an_edited_quote_in_a_long_source():
    rng = random.Random(5)
    vocabulary = [f"w{n}" for n in range(800)] + ["the", "of", "and", "to"] * 40
    sentences = [" ".join(rng.choices(vocabulary, k=rng.randint(6, 20))).capitalize() + "." for _ in range(6000)]
    source = " ".join(sentences)
    index = SourceIndex(source)
    words = source.split()
    quote_words = words[40_000:40_030]
    start = source.index(" ".join(quote_words))
    del quote_words[10]
    quote_words[20] = "replaced"

    result = index.match(" ".join(quote_words))

    assert result.verdict == Verdict.ALTERED
    assert abs(result.start - start) < 40


sources = st.text(alphabet=st.sampled_from("abcde XYZ,.’'—\n"), min_size=1, max_size=300)


@settings(max_examples=200, deadline=None)
@given(source=sources, data=st.data())
def test_match_finds_any_unique_slice_verbatim(source, data):
    start = data.draw(st.integers(0, len(source) - 1))
    end = data.draw(st.integers(start + 1, len(source)))
    piece = source[start:end]
    assume(piece == piece.strip() and source.count(piece) == 1)

    result = SourceIndex(source).match(piece)

    assert result.verdict == Verdict.VERBATIM
    assert source[result.start : result.end] == piece


@settings(max_examples=300, deadline=None)
@given(
    text=st.text(alphabet=st.sampled_from("ab1_ '’ʼ‘-—$€%&§.,\n\t\u00a0\u3000é日½²\u0301ﬁ"), max_size=40)
    | st.text(max_size=40)
)
def test_words_of_finds_the_same_words_as_the_word_pattern(text):
    assert words_of(text) == WORD_RE.findall(text)


quote_parts = st.sampled_from(
    ["word", "Word", "don't", "[T]", "he", "[sic]", "[the minister]", "...", "…", "[...]", "[…]", ". . .",
     ",", ".", " ", " ", "[", "]", "$", "5", "agree", "[d]", "[]", "—", "x[y]z"]
)


@settings(max_examples=300, deadline=None)
@given(parts=st.lists(quote_parts, min_size=1, max_size=12))
def test_parse_quote_reads_marks_as_the_part_by_part_parse_does(parts):
    quote = "".join(parts)

    fast, reference = parse_quote(quote), _parse_parts(quote)

    assert fast.words == reference.words
    assert fast.bracket_of == reference.bracket_of
    assert fast.ellipses == reference.ellipses
    assert fast.brackets == reference.brackets


@settings(max_examples=150, deadline=None)
@given(
    words=st.lists(st.sampled_from(["alpha", "beta", "Gamma", "delta", "it's", "the", "of"]), min_size=30, max_size=80),
    data=st.data(),
)
def test_match_finds_a_respelt_passage_as_normalised_without_changes(words, data):
    source = " ".join(words)
    first = data.draw(st.integers(0, len(words) - 2))
    last = data.draw(st.integers(first + 2, len(words)))
    quote = "  ".join(w.upper() for w in words[first:last])

    result = SourceIndex(source).match(quote)

    assert result.verdict == Verdict.NORMALISED
    assert changes(result) == []
    found = [normalise_word(w) for w in WORD_RE.findall(result.passage)]
    assert found == [normalise_word(w) for w in words[first:last]]


def test_ellipsis_part_is_found_although_a_common_pair_of_the_quote_recurs_near_it():
    # "we will" recurs right before the part after the ellipsis, on the same
    # diagonal: the part must still join the first one.
    source = (
        "Thank you. We will build more homes this year, and more next year. "
        "And so we will keep on building homes for all the families."
    )
    result = match_quote(source, "We will build more homes this year ... homes for all the families.")
    assert result.verdict == "editorial"
    assert result.passage.endswith("homes for all the families")
    assert [o.text for o in result.omissions] == ["and more next year. And so we will keep on building"]


def test_a_passage_sharing_only_function_words_is_not_the_source():
    source = "Most of the people went to the end of a line, the officials said."
    # "of the ... to the ... of a" would reach the acceptance score alone.
    assert not SourceIndex(source).match("of the ferry to the pier of a town").found
    # With a word of its own in common, the same passage is the source.
    assert SourceIndex(source).match("went to the end of a").verdict == "verbatim"
