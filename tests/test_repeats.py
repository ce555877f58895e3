import importlib

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from claims.repeats import (
    EXACT,
    MIN_WORDS_ANY_SPEAKER,
    MIN_WORDS_NEAR,
    NEAR,
    NEAR_SIMILARITY,
    Quote,
    Repeat,
    _similarity_bound,
    match_key,
    quote,
    repeat_of,
    repeats_among,
    similarity,
    words_of,
)

BIDEN, PUTIN = 1, 2

# Normalisation


def test_words_are_case_folded_without_punctuation():
    assert words_of("“The time has come,” he said — AGAIN!") == ("the", "time", "has", "come", "he", "said", "again")


def test_apostrophes_of_every_style_are_one():
    assert words_of("We don’t know") == words_of("We don't know") == words_of("We don`t know")
    assert words_of("don’t") == ("don't",)


def test_quote_marks_around_words_are_not_part_of_them():
    assert words_of("'Be quiet'") == words_of("‘Be quiet’") == words_of('"Be quiet,"') == ("be", "quiet")


def test_thousands_separators_are_ignored_but_not_a_comma_between_numbers():
    assert words_of("40,000 homes") == words_of("40000 homes") == ("40000", "homes")
    assert words_of("1,250,000") == ("1250000",)
    assert words_of("On May 5, 100 people") == ("on", "may", "5", "100", "people")


def test_hyphens_dashes_and_white_space_separate_words_alike():
    assert words_of("long-range  missiles") == words_of("long range\nmissiles") == words_of("long–range missiles")


def test_letters_of_other_scripts_are_words():
    assert words_of("چو کشور نباشد تن من مباد") == ("چو", "کشور", "نباشد", "تن", "من", "مباد")
    assert words_of("Zürich, ÉTÉ") == ("zürich", "été")


@pytest.mark.parametrize(
    "a, b",
    [
        ("“We will not be party to the conflict,”", "'We will NOT be party to the conflict.'"),
        ("We will build 40,000 homes this year", "we will build 40000 homes, this year"),
        ("It’s time", "It's  time"),
    ],
)
def test_the_same_words_have_the_same_key(a, b):
    assert match_key(a) == match_key(b) != ""


def test_other_words_have_another_key():
    assert match_key("We will build 40,000 homes") != match_key("We will build 4,000 homes")
    assert match_key("We will build homes") != match_key("We will build homes now")


def test_no_words_no_key():
    assert match_key("…, —") == "" and match_key("") == ""


def test_the_key_fits_the_column():
    assert len(match_key("word " * 10_000)) == 32


def test_the_migration_fills_the_keys_the_import_writes():
    migration = importlib.import_module("claims.migrations.0027_claim_repeats")
    texts = ["“Be quiet,”", "We will build 40,000 homes", "don’t", "long-range", "چو کشور", "…", "1,250,000 and 3.5%"]
    assert [migration._key(t) for t in texts] == [match_key(t) for t in texts]


# Similarity


def test_similarity_counts_words_in_order():
    a = words_of("one two three four five six seven eight nine ten")
    assert similarity(a, a) == 1.0
    assert similarity(a, words_of("one two three four five six seven eight nine eleven")) == pytest.approx(0.9)
    assert similarity(a, words_of("ten nine eight seven six five four three two one")) < 0.2
    assert similarity(a, ()) == 0.0


# Repeats


def test_the_same_words_are_an_exact_repeat_whoever_said_them():
    words = "Every nation that is attacked has the right to defend itself"
    assert repeat_of(quote(words, BIDEN), quote(f"“{words}.”", PUTIN)) == Repeat(EXACT, 1.0)
    assert repeat_of(quote(words, None), quote(words, BIDEN)).kind == EXACT


def test_a_short_quote_repeats_only_the_same_speaker():
    # "Be quiet," is anyone's words: by another speaker, or an unknown one, it is another claim.
    assert repeat_of(quote("Be quiet,", BIDEN), quote("be quiet", BIDEN)).kind == EXACT
    assert repeat_of(quote("Be quiet,", BIDEN), quote("Be quiet,", PUTIN)) is None
    assert repeat_of(quote("Be quiet,", None), quote("Be quiet,", None)) is None
    five = "we will not back down"
    assert len(words_of(five)) < MIN_WORDS_ANY_SPEAKER
    assert repeat_of(quote(five, BIDEN), quote(five, PUTIN)) is None


def test_a_short_quote_is_never_a_near_repeat():
    # One word of seven changed is a seventh of the quote.
    a, b = "We will build the homes this year", "We will build the flats this year"
    assert len(words_of(a)) < MIN_WORDS_NEAR
    assert repeat_of(quote(a, BIDEN), quote(b, BIDEN)) is None
    assert repeat_of(quote("Be quiet", BIDEN), quote("Be quiet now", BIDEN)) is None


@pytest.mark.parametrize(
    "a, b",
    [
        # An article added and "this" for "the": another outlet's rewording.
        ("We will not be party to the conflict", "We will not be a party to this conflict"),
        # Words dropped without an ellipsis.
        (
            "The time has come for allies to consider whether they should lift some of the restrictions",
            "The time has come for the allies to consider whether they should lift the restrictions",
        ),
        # One word changed in ten.
        (
            "You want to weaken the enemy that attacks you in order",
            "You want to weaken the enemy that attacks you in turn",
        ),
    ],
)
def test_nearly_the_same_words_by_the_same_speaker_are_a_near_repeat(a, b):
    found = repeat_of(quote(a, BIDEN), quote(b, BIDEN))
    assert found.kind == NEAR
    assert NEAR_SIMILARITY <= found.score < 1
    assert found.score == pytest.approx(similarity(words_of(a), words_of(b)), abs=0.001)


def test_nearly_the_same_words_by_another_speaker_are_not_a_repeat():
    a, b = "We will not be party to the conflict", "We will not be a party to this conflict"
    assert repeat_of(quote(a, BIDEN), quote(b, PUTIN)) is None
    assert repeat_of(quote(a, None), quote(b, None)) is None


@pytest.mark.parametrize(
    "a, b",
    [
        # Half the words shared: another sentence on the same subject.
        (
            "Ukraine has the right to defend themselves and strike targets",
            "Ukraine has the right to ask for more weapons from its allies",
        ),
        # A quote and the longer quote it was cut from.
        (
            "Ukraine has the right to defend themselves",
            "Ukraine has the right to defend themselves. And that includes striking targets on Russian territory.",
        ),
        # Two words changed in eight.
        ("We will not be party to the conflict", "We will not be part of this conflict"),
    ],
)
def test_a_sentence_sharing_fewer_words_is_not_a_near_repeat(a, b):
    assert similarity(words_of(a), words_of(b)) < NEAR_SIMILARITY
    assert repeat_of(quote(a, BIDEN), quote(b, BIDEN)) is None


def test_other_numbers_are_another_claim_however_close_the_words():
    a = "We will build 40,000 new homes in the north this year"
    b = "We will build 30,000 new homes in the north this year"
    assert similarity(words_of(a), words_of(b)) >= NEAR_SIMILARITY
    assert repeat_of(quote(a, BIDEN), quote(b, BIDEN)) is None


def test_a_negation_turns_the_claim_round():
    a = "We will raise taxes on families in the north this year"
    b = "We will not raise taxes on families in the north this year"
    c = "We won't raise taxes on families in the north this year"
    assert similarity(words_of(a), words_of(b)) >= NEAR_SIMILARITY
    assert repeat_of(quote(a, BIDEN), quote(b, BIDEN)) is None
    assert repeat_of(quote(a, BIDEN), quote(c, BIDEN)) is None


def test_no_words_repeat_nothing():
    assert repeat_of(quote("…", BIDEN), quote("…", BIDEN)) is None


def test_repeats_among_ranks_exact_first_then_the_closest_and_keeps_a_few():
    new = quote("We will not be party to the conflict, he said again", BIDEN)
    candidates = [
        (9, quote("We will not be party to the conflict, he said again", PUTIN)),
        (4, quote("We will not be a party to the conflict, he said again", BIDEN)),
        (3, quote("We will not be party to the conflict, he said once again", BIDEN)),
        (7, quote("We will not be party to the conflict he said again", BIDEN)),
        (5, quote("Something else entirely, said on another day by him", BIDEN)),
        (7, quote("We will not be party to the conflict he said again", BIDEN)),
    ]
    ranked = repeats_among(new, candidates, limit=10)
    assert [pk for pk, _ in ranked] == [7, 9, 3, 4]
    assert [r.kind for _, r in ranked] == [EXACT, EXACT, NEAR, NEAR]
    assert [pk for pk, _ in repeats_among(new, candidates, limit=2)] == [7, 9]


def test_repeats_among_ranks_settled_claims_first_among_equals():
    line = "We will not be party to the conflict, he said again"
    candidates = [
        (1, quote(line, BIDEN)),
        (2, Quote(words_of(line), PUTIN, settled=True)),
        (3, quote(line.replace("again", "once more"), BIDEN)),
        (4, Quote(words_of(line.replace("again", "once more")), BIDEN, settled=True)),
    ]
    assert [pk for pk, _ in repeats_among(quote(line, BIDEN), candidates, limit=4)] == [2, 1, 4, 3]
    assert [pk for pk, _ in repeats_among(quote(line, BIDEN), candidates[2:], limit=1)] == [4]


_words = st.lists(st.sampled_from(["we", "will", "not", "be", "party", "to", "the", "conflict", "a", "this"]),
                  min_size=1, max_size=14)


@settings(max_examples=300, deadline=None)
@given(a=_words, b=_words)
def test_the_cheap_bound_never_rules_out_a_near_repeat(a, b):
    # Candidates are dropped by _similarity_bound before any alignment, so it
    # must never be below the similarity itself.
    first, second = Quote(tuple(a), BIDEN), Quote(tuple(b), BIDEN)
    assert _similarity_bound(first, second) >= similarity(first.words, second.words) - 1e-9


# Words of their own, or (None) the new quote's.
_candidates = st.lists(
    st.tuples(st.integers(1, 30), st.none() | _words, st.sampled_from([BIDEN, PUTIN, None]), st.booleans()),
    max_size=12,
)


@settings(max_examples=300, deadline=None)
@given(new=_words, speaker=st.sampled_from([BIDEN, PUTIN, None]), candidates=_candidates, limit=st.integers(1, 4))
def test_repeats_among_ranks_as_repeat_of_decides(new, speaker, candidates, limit):
    # repeats_among decides exact repeats without calling repeat_of: it must
    # keep the same claims in the same order as asking repeat_of of each.
    mine = Quote(tuple(new), speaker)
    pool = {pk: Quote(tuple(words or new), who, settled=settled) for pk, words, who, settled in candidates}
    found = [(pk, earlier, repeat_of(mine, earlier)) for pk, earlier in pool.items()]
    exact = sorted((not e.settled, pk, r) for pk, e, r in found if r and r.kind == EXACT)
    near = sorted((-r.score, not e.settled, pk, r) for pk, e, r in found if r and r.kind != EXACT)
    expected = [(pk, r) for _, pk, r in exact] + [(pk, r) for *_, pk, r in near]
    assert repeats_among(mine, list(pool.items()), limit=limit) == expected[:limit]

