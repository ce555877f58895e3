import pytest
from django.template import Context, Template
from django.urls import NoReverseMatch, reverse, set_script_prefix


def render(source: str, **context) -> str:
    return Template("{% load links %}" + source).render(Context(context))


def test_id_url_is_the_address_url_gives():
    out = render("{% for pk in ids %}{% id_url 'claims:claim-detail' pk %} {% endfor %}", ids=[1, 42, 7, 100000])
    assert out.split() == [reverse("claims:claim-detail", args=[pk]) for pk in [1, 42, 7, 100000]]
    assert out.split()[1] == "/claims/42/"


def test_id_url_tells_views_apart():
    out = render("{% id_url 'claims:claim-detail' 5 %} {% id_url 'claims:article-detail' 5 %}")
    assert out == "/claims/5/ /articles/5/"


def test_id_url_keeps_the_script_prefix():
    set_script_prefix("/desk/")
    try:
        assert render("{% id_url 'claims:source-detail' 3 %}") == "/desk/sources/3/"
    finally:
        set_script_prefix("/")


def test_id_url_as_a_variable():
    assert render("{% id_url 'claims:claim-detail' 9 as here %}<a href='{{ here }}'>{{ here }}</a>") == (
        "<a href='/claims/9/'>/claims/9/</a>"
    )


def test_id_url_takes_an_id_given_as_text():
    assert render("{% id_url 'claims:claim-detail' pk %}", pk="12") == "/claims/12/"


def test_id_url_refuses_what_url_refuses():
    with pytest.raises(NoReverseMatch):
        render("{% id_url 'claims:claim-detail' pk %}", pk="x")


def test_http_only_drops_other_schemes():
    assert render("{{ a|http_only }}|{{ b|http_only }}", a="https://example.org/a", b="javascript:alert(1)") == (
        "https://example.org/a|"
    )
