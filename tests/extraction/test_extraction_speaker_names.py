"""Speakers whose names or cues the rules used to miss: a surname that is
also a title, a description before the name after the verb, a retort."""

import pytest

from claims.extraction import extract_claims


def speaker_of(text: str, words: str) -> str | None:
    found = [c for c in extract_claims(text) if c.kind in ("quote", "partial_quote") and words in c.text]
    assert found, text
    return found[0].speaker


@pytest.mark.parametrize(
    "text, speaker",
    [
        ("“The pier is safe,” Amy Pope, deputy harbor commissioner, said on a call with reporters.", "Amy Pope"),
        ("“The pier is safe,” said Dana Bishop, who runs the ferry.", "Dana Bishop"),
        ("“The pier is safe,” Sen. Jane King said.", "Jane King"),
    ],
)
def test_a_surname_that_is_also_a_title_after_a_given_name(text, speaker):
    assert (speaker_of(text, "The pier") or "").endswith(speaker)


def test_the_pope_alone_is_still_a_title():
    text = "“Peace is possible,” the Pope said."
    assert speaker_of(text, "Peace") != "Pope"


def test_a_description_after_the_verb_then_the_name():
    text = "''It may have been his first protest,'' said his best friend at college, Bruce Turry, who knew him well."
    assert speaker_of(text, "first protest") == "Bruce Turry"


@pytest.mark.parametrize("verb", ["shot back", "fired back", "hit back"])
def test_a_retort_is_an_attribution(verb):
    text = f"After the mayor criticized her, Ann Hill {verb}, “I could have stayed home.”"
    assert speaker_of(text, "stayed home") == "Ann Hill"
