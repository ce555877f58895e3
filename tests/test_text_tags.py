import pytest
from django.template import Context, Template
from django.template.defaultfilters import truncatechars
from django.utils.safestring import SafeString, mark_safe

from claims.templatetags.text import shorten

SAMPLES = [
    "",
    "Short claim.",
    "x" * 40,
    "x" * 41,
    "word " * 30,
    "We will build 300,000 homes a year by the end of this parliament, without touching the green belt, she said.",
    "Ле́нин сказал: «Учиться, учиться и учиться»" * 2,
    "Cafe\u0301 au lait" * 4,  # combining accents, folded by NFC
    "q\u0307\u0323" * 30,  # combining marks that stay apart under NFC
    "مرحبا بالعالم " * 6,
    "<b>Tom & Jerry</b>" * 3,
]


@pytest.mark.parametrize("text", SAMPLES)
@pytest.mark.parametrize("length", [0, 1, 5, 40, 50, 90, 110, "x", -3])
def test_shorten_gives_what_truncatechars_gives(text, length):
    assert shorten(text, length) == truncatechars(text, length)


def test_shorten_cuts_long_text_with_an_ellipsis():
    assert shorten("The minister said that it was true.", 12) == "The ministe…"
    assert shorten("It fits.", 8) == "It fits."


def test_shorten_keeps_safe_text_safe_and_escapes_the_rest():
    assert isinstance(shorten(mark_safe("<b>bold</b>"), 20), SafeString)
    out = Template("{% load text %}{{ t|shorten:10 }}").render(Context({"t": "<b>Tom & Jerry</b>"}))
    assert out == "&lt;b&gt;Tom &amp; …"
