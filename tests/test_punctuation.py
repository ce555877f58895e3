import pytest
from hypothesis import given
from hypothesis import strategies as st

from claims.punctuation import bare_quote


@pytest.mark.parametrize(("printed", "said"), [
    # The comma, colon or semicolon that joined the quote to "he said".
    ("Be quiet,", "Be quiet"),
    ("We will build 40,000 homes this year,", "We will build 40,000 homes this year"),
    ("Rates will fall;", "Rates will fall"),
    ("the plan is simple:", "the plan is simple"),
    # Quote marks around the whole, in every style, and what they held.
    ("“Be quiet,”", "Be quiet"),
    ('"We will win,"', "We will win"),
    ("'We will win'", "We will win"),
    ("‘no’", "no"),
    ("«Nous allons gagner»,", "Nous allons gagner"),
    ("„Wir schaffen das“", "Wir schaffen das"),
    ("»Vi klarer det«", "Vi klarer det"),
    ("「はい」。", "はい"),
    ("“ We will ”", "We will"),
    # A closing mark left over from a quotation the span starts inside.
    ("until I speak.”", "until I speak"),
    # The sentence's full stop, and dashes that set the quote off.
    ("It cost 12 percent.", "It cost 12 percent"),
    ("—and we will win—", "and we will win"),
    ("Plan B.", "Plan B"),
])
def test_bare_quote_drops_the_punctuation_around_the_words(printed, said):
    assert bare_quote(printed) == said


@pytest.mark.parametrize("words", [
    # What the speaker said keeps its own punctuation.
    "Is it true?",
    "Never again!",
    "It will end in 2025…",
    "it will end in...",
    "…and then we left",
    "in the U.S.",
    "costs rose, etc.",
    "-5 degrees",
    # Quote marks inside, or a quotation within the words.
    "Critics called the plan a “fantasy”",
    "He said, “we will win.”",
    "“Yes.” “No.”",
    "“We will”, he said",
    "the workers’",
    "We said ‘no’",
])
def test_bare_quote_keeps_what_belongs_to_the_words(words):
    assert bare_quote(words) == words


def test_bare_quote_strips_nested_marks_from_the_outside_in():
    assert bare_quote("“We said ‘no’”,") == "We said ‘no’"
    assert bare_quote("  “‘Stop.’”  ") == "Stop"


def test_bare_quote_of_nothing_but_punctuation_is_left_as_it_was():
    assert bare_quote(" , ") == ","
    assert bare_quote("“”") == "“”"
    assert bare_quote("") == ""


@given(st.text(alphabet=st.sampled_from(list("ab .,;:!?…“”‘’\"'«»„—-")), max_size=20))
def test_bare_quote_is_settled_after_one_pass_and_only_trims(text):
    bare = bare_quote(text)
    assert bare_quote(bare) == bare
    assert bare in text
