import pytest
from django.template import Context, Template
from django.utils import translation

# The template fragments the marks tags replace, as article_detail.html had
# them: the tags must write the same markup.
MARK_FRAGMENT = (
    '{% load links l10n %}{% localize off %}<mark id="mark-{{ c.pk }}" class="claim kind-{{ c.kind }} '
    'state-{{ c.state }}{% if c.selected %} selected{% endif %}" data-claim="{{ c.pk }}" data-start="{{ c.start }}" '
    'data-end="{{ c.end }}"{% if oob %} hx-swap-oob="true"{% endif %}>{% id_url \'claims:claim-detail\' c.pk as here %}'
    '<a href="{{ here }}" hx-get="{{ here }}" hx-target="#claim-panel" hx-swap="outerHTML" hx-push-url="true">'
    '{{ c.text }}</a><span class="visually-hidden"> ({{ c.state_label }})</span></mark>{% endlocalize %}'
)
ROW_FRAGMENT = """{% load links l10n text %}{% localize off %}
<li id="claim-row-{{ c.pk }}" class="claim-row state-{{ c.state }}" data-claim="{{ c.pk }}" data-start="{{ c.start }}" data-end="{{ c.end }}"{% if oob %} hx-swap-oob="true"{% endif %}>
  {% id_url 'claims:claim-detail' c.pk as here %}<a href="{{ here }}" hx-get="{{ here }}" hx-target="#claim-panel" hx-swap="outerHTML" hx-push-url="true">
    <span class="badge kind">{{ c.kind_label }}</span>
    <span class="speaker">{{ c.speaker }}</span>
    <span class="snippet">{{ c.text|shorten:90 }}</span>
  </a>
  <span class="badge state-{{ c.state }}"><span class="visually-hidden">state: </span>{{ c.state_label }}</span>
  <span class="badge verdict-{{ c.verdict }}"><span class="visually-hidden">verdict: </span>{{ c.verdict_label }}</span>
</li>
{% endlocalize %}"""  # noqa: E501 - the fragment's lines as they were

ITEMS = [
    {"pk": 7, "kind": "quote", "state": "new", "verdict": "unrated", "start": 10, "end": 52,
     "text": "We will build 40,000 homes this year,", "kind_label": "direct quote", "state_label": "new",
     "verdict_label": "unrated", "speaker": "Jane Roe", "selected": False},
    {"pk": 1234567, "kind": "statistic", "state": "second_check", "verdict": "misquoted", "start": 12345,
     "end": 123456, "text": '<script>alert("x")</script> & \'quoted\' ' * 5, "kind_label": "statistic",
     "state_label": "needs second check", "verdict_label": "misquoted", "speaker": "O'Brien & <Sons>",
     "selected": True},
]


def render(source: str, **context) -> str:
    return Template(source).render(Context(context))


@pytest.mark.parametrize("item", ITEMS)
@pytest.mark.parametrize("oob", [False, True])
def test_claim_mark_writes_what_the_template_fragment_wrote(item, oob, settings):
    settings.USE_THOUSAND_SEPARATOR = True  # ids and offsets stay unlocalised all the same
    with translation.override("en"):
        assert render("{% load marks %}{% claim_mark c oob=oob %}", c=item, oob=oob) == render(
            MARK_FRAGMENT, c=item, oob=oob
        )


@pytest.mark.parametrize("item", ITEMS)
@pytest.mark.parametrize("oob", [False, True])
def test_claim_row_writes_what_the_template_fragment_wrote(item, oob, settings):
    settings.USE_THOUSAND_SEPARATOR = True
    with translation.override("en"):
        assert render("{% load marks %}{% claim_row c oob=oob %}", c=item, oob=oob) == render(
            ROW_FRAGMENT, c=item, oob=oob
        )


def test_claim_mark_and_row_escape_the_claim_s_words():
    item = ITEMS[1]
    out = render("{% load marks %}{% claim_mark c %}{% claim_row c %}", c=item)
    assert "<script>" not in out and "&lt;script&gt;alert(&quot;x&quot;)" in out
    assert "O&#x27;Brien &amp; &lt;Sons&gt;" in out
    assert 'data-claim="1234567"' in out and 'href="/claims/1234567/"' in out
