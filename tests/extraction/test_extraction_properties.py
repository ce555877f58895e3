"""Extraction never raises on news-like text and always returns spans that
index the text it was given."""

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from claims.extraction import KINDS, extract_claims

SPACES = ["\u00a0", "\u200b", "\u2009", "\u202f", "\t", "\u3000", " "]
PIECES = [
    # people, titles, organisations, anonymous sources
    "Mary K. Jones", "Air Force Gen. Tom Reyes", "Rep. John Doe (D-Mass.)", "Mr. Smith-Hart", "Dr. Ada Obi",
    "The Post", "the ministry", "one source", "These sources", "This person", "officials", "Moscow", "he", "she",
    "they", "it", "Q:", "MS. JONES:", "THE PRESIDENT:", "President Biden.",
    # cues
    "said", "says", "told reporters", "according to", "noted", "argued", "claimed", "warned", "denied",
    "insisted", "acknowledged", "wrote in a letter", "tweeted", "said in a statement", "added", "plans to",
    "polls show", "'s spokesperson said", "calling", "called",
    # the rest of a sentence
    "the budget rose 5 percent", "that", "the plan would fail", "in 2016", "$4.5 billion", "half", "a third",
    "...", "…", "[sic]", "(again)", ",", ";", ":", "—", "–", " - ", "--", "/", "*", "#", "\n", "\n\n", "\r\n",
    # quote marks of every style, balanced or not
    "“", "”", '"', "‘", "’", "'", "''", "``", "«", "»", "„", "‚", "‹", "›", "don’t", "Russia’s", "the ’90s",
]


@st.composite
def news_like(draw) -> str:
    parts = draw(st.lists(st.sampled_from(PIECES), min_size=1, max_size=80))
    text = ""
    for part in parts:
        text += part + draw(st.sampled_from(SPACES + [""]))
    return text


@st.composite
def quoted_paragraphs(draw) -> str:
    """Paragraphs of quotes and attributions in a chosen quote style, some
    marks left unclosed, some sentences very long."""
    opening, closing = draw(st.sampled_from([("“", "”"), ('"', '"'), ("''", "''"), ("``", "''"), ("‘", "’"), ("«", "»"), ("„", "“")]))
    paragraphs = []
    for _ in range(draw(st.integers(min_value=1, max_value=6))):
        words = " ".join(draw(st.lists(st.sampled_from(PIECES[20:60]), min_size=1, max_size=draw(st.sampled_from([5, 40, 300])))))
        speaker = draw(st.sampled_from(PIECES[:20]))
        cue = draw(st.sampled_from(["said", "says", "added", "told reporters", "wrote", ""]))
        close = draw(st.sampled_from([closing, "", closing + ","]))
        shape = draw(st.integers(min_value=0, max_value=3))
        if shape == 0:
            paragraphs.append(f"{opening}{words}{close} {speaker} {cue}.")
        elif shape == 1:
            paragraphs.append(f"{speaker} {cue}, {opening}{words}.{close}")
        elif shape == 2:
            paragraphs.append(f"{opening}{words}")
        else:
            paragraphs.append(f"According to {speaker}, {words}.")
    return draw(st.sampled_from(["\n\n", "\n", "\u00a0\n\n"])).join(paragraphs)


def _check(text: str) -> None:
    claims = extract_claims(text)
    for claim in claims:
        assert claim.kind in KINDS
        assert 0 <= claim.start <= claim.end <= len(text)
        assert claim.text == text[claim.start : claim.end]
        if claim.linked_to is not None:
            assert 0 <= claim.linked_to < len(claims)


@settings(max_examples=400, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(news_like())
def test_extraction_never_raises_on_news_like_text(text):
    _check(text)


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(quoted_paragraphs())
def test_extraction_never_raises_on_quote_paragraphs(text):
    _check(text)


@settings(max_examples=300, deadline=None)
@given(st.lists(st.sampled_from([*"aB .,:;“”\"'‘’«»—\n\u00a0\u200b", "said", "Ann Lee"]), max_size=200))
def test_extraction_never_raises_on_mark_soup(pieces):
    _check("".join(pieces))


def test_no_break_space_after_a_comma_before_a_quote():
    text = "The senator criticized the incident,\u00a0calling the protester “a disgrace to the town.”"
    claims = extract_claims(text)
    quote = next(c for c in claims if c.text.startswith("a disgrace"))
    assert quote.kind == "partial_quote"
