import datetime

from hypothesis import given, settings
from hypothesis import strategies as st

from claims.cleaning import clean_article

WORDS = st.sampled_from(
    [
        "the", "council", "said", "war", "Ukraine", "minister", "budget", "rose", "fell", "percent", "in", "of",
        "would", "not", "NATO's", "don’t", "it's", "5", "*", "2024", "self-evident", "—", "–", "[sic]", "(again)",
        "Москва", "войны", "صلح", "جنگ", "Straße", "café", "l’État", "über", "#1", "x_y", "a/b", "50%", "...",
    ]
)
QUOTES = st.sampled_from([("“", "”"), ('"', '"'), ("«", "»"), ("„", "“"), ("‘", "’")])
ENDINGS = st.sampled_from([".", "!", "?", ":", "", ","])


@st.composite
def quoted(draw) -> str:
    opening, closing = draw(QUOTES)
    words = draw(st.lists(WORDS, min_size=1, max_size=10))
    return opening + " ".join(words).strip() + draw(st.sampled_from([".", ",", "?", ""])) + closing


@st.composite
def paragraph(draw, *, first: bool = False) -> tuple[str, list[str]]:
    quotes: list[str] = []
    parts = ["The" if first else draw(st.sampled_from(["The", "He", "Officials", "“Yes,” she", "then", "and"]))]
    for _ in range(draw(st.integers(min_value=8, max_value=30))):
        if draw(st.integers(min_value=0, max_value=6)) == 0:
            quotes.append(draw(quoted()))
            parts.append(quotes[-1])
        else:
            parts.append(draw(WORDS))
    ending = "." if first else draw(ENDINGS)
    return " ".join(parts) + ending, quotes


@st.composite
def article(draw) -> tuple[str, list[str]]:
    """A text shaped like the articles we receive: maybe a header, then
    paragraphs with quotations, some cut mid-sentence by a page break."""
    header = []
    if draw(st.booleans()):
        header.append(draw(st.sampled_from(["Harbour plan approved after vote", "# Council votes on the budget"])))
        if draw(st.booleans()):
            bylines = ["By Jane Doe", "Alex Lantier\n26.05.2024", "By Ana Ruiz | May 3, 2025"]
            header.append(draw(st.sampled_from(bylines)))
        if draw(st.booleans()):
            header.append(draw(st.dates(min_value=datetime.date(1990, 1, 1))).strftime("%d %B %Y"))
    paragraphs, quotes = [], []
    count = draw(st.integers(min_value=1, max_value=6))
    for index in range(count):
        text, found = draw(paragraph(first=index == 0))
        paragraphs.append(text)
        quotes.extend(found)
    if draw(st.booleans()):
        # A quotation cut in two by a page break, as in the seed articles.
        split = "“The time has come to lift some of the restrictions\n\nthey have put on the use of weapons,” he said."
        paragraphs.append(split)
        quotes.append(split.split(" he said")[0].replace("\n\n", " "))
    separator = draw(st.sampled_from(["\n\n", "\n\n\n", "  \n\n", "\r\n\r\n"]))
    return separator.join(header + paragraphs) + draw(st.sampled_from(["", "\n", "\n\n\n"])), quotes


@settings(max_examples=120, deadline=None)
@given(article())
def test_clean_article_is_idempotent(case):
    text, _ = case
    clean = clean_article(text)
    assert clean_article(clean.body).body == clean.body


@settings(max_examples=120, deadline=None)
@given(article())
def test_clean_article_keeps_every_quotation_word_for_word(case):
    text, quotes = case
    body = clean_article(text).body
    for quote in quotes:
        assert quote in body


@settings(max_examples=60, deadline=None)
@given(article())
def test_clean_article_only_removes_whole_lines(case):
    text, _ = case
    clean = clean_article(text, fmt="html")
    kept = set(clean.body.replace("\n\n", "\n").split("\n"))
    dropped = {d.line for d in clean.dropped}
    for line in text.replace("\r\n", "\n").split("\n"):
        line = line.strip()
        if line:
            assert line in dropped or any(line in k for k in kept)
