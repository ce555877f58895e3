import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from claims.canonical import canonical_url, normalise_escapes

CASES = [
    # scheme and host case, default ports
    ("HTTP://Example.COM/Path", "http://example.com/Path"),
    ("https://example.com:443/a", "https://example.com/a"),
    ("http://example.com:80/a", "http://example.com/a"),
    ("http://example.com:443/a", "http://example.com:443/a"),
    ("https://example.com:8443/a", "https://example.com:8443/a"),
    ("https://example.com./a", "https://example.com/a"),
    # empty path and trailing slashes
    ("https://example.com", "https://example.com/"),
    ("https://example.com/", "https://example.com/"),
    ("https://example.com/news/", "https://example.com/news"),
    ("https://example.com/news//", "https://example.com/news"),
    ("https://example.com/index.html", "https://example.com/index.html"),
    # fragments and credentials
    ("https://example.com/a#section-2", "https://example.com/a"),
    ("https://example.com/#!/story/5", "https://example.com/"),
    ("https://user:secret@example.com/a", "https://example.com/a"),
    # tracking parameters
    ("https://example.com/a?utm_source=news&utm_medium=email", "https://example.com/a"),
    ("https://example.com/a?UTM_Campaign=x&id=3", "https://example.com/a?id=3"),
    ("https://example.com/a?fbclid=abc&gclid=def&dclid=x", "https://example.com/a"),
    ("https://example.com/a?mc_cid=1&mc_eid=2&p=4", "https://example.com/a?p=4"),
    ("https://example.com/a?ref=home&ref_src=twsrc", "https://example.com/a"),
    ("https://example.com/a?igshid=1&yclid=2&_ga=3&spm=4&cmpid=5&ocid=6", "https://example.com/a"),
    ("https://example.com/a?msclkid=1&_hsenc=2&page=2", "https://example.com/a?page=2"),
    ("https://example.com/a?reference=7", "https://example.com/a?reference=7"),
    # sorting, empty fields, blank values
    ("https://example.com/a?b=2&a=1", "https://example.com/a?a=1&b=2"),
    ("https://example.com/a?a=2&a=1", "https://example.com/a?a=1&a=2"),
    ("https://example.com/a?&&b=1&", "https://example.com/a?b=1"),
    ("https://example.com/a?", "https://example.com/a"),
    ("https://example.com/a?flag&b=", "https://example.com/a?b=&flag"),
    ("https://example.com/search?q=a+b", "https://example.com/search?q=a+b"),
    # percent-encoding
    ("https://example.com/%7Euser", "https://example.com/~user"),
    ("https://example.com/%61%62c", "https://example.com/abc"),
    ("https://example.com/a%2fb", "https://example.com/a%2Fb"),
    ("https://example.com/a%2Fb", "https://example.com/a%2Fb"),
    ("https://example.com/caf%c3%a9", "https://example.com/caf%C3%A9"),
    ("https://example.com/café", "https://example.com/caf%C3%A9"),
    ("https://example.com/a b", "https://example.com/a%20b"),
    ("https://example.com/100%", "https://example.com/100%25"),
    ("https://example.com/?q=%7e&r=%3d", "https://example.com/?q=~&r=%3D"),
    ("https://example.com/?q=a%26b", "https://example.com/?q=a%26b"),
    # dot segments
    ("https://example.com/a/./b", "https://example.com/a/b"),
    ("https://example.com/a/b/../c", "https://example.com/a/c"),
    ("https://example.com/../a", "https://example.com/a"),
    ("https://example.com/a/%2E%2E/b", "https://example.com/b"),
    ("https://example.com/a/..", "https://example.com/"),
    # IDN and IP hosts
    ("https://Bücher.example/x", "https://xn--bcher-kva.example/x"),
    ("https://xn--bcher-kva.example/x", "https://xn--bcher-kva.example/x"),
    ("https://STRASSE.de/x", "https://strasse.de/x"),
    ("https://Straße.de/x", "https://xn--strae-oqa.de/x"),
    ("https://ｂüｃｈｅｒ。example/x", "https://xn--bcher-kva.example/x"),
    ("https://☃.example/x", "https://☃.example/x"),  # IDNA 2008 has no snowman: kept readable
    ("http://[2001:DB8::1]:80/a", "http://[2001:db8::1]/a"),
    ("http://[2001:db8::1]:8080/", "http://[2001:db8::1]:8080/"),
    ("http://192.0.2.1/a/", "http://192.0.2.1/a"),
    # surrounding whitespace
    ("  https://example.com/a  ", "https://example.com/a"),
]


@pytest.mark.parametrize(("url", "expected"), CASES)
def test_canonical_url_normalises(url, expected):
    assert canonical_url(url) == expected


@pytest.mark.parametrize(("url", "expected"), CASES)
def test_canonical_url_is_idempotent_on_cases(url, expected):
    assert canonical_url(expected) == expected


@pytest.mark.parametrize(
    "url",
    ["", "not a url", "mailto:someone@example.com", "file:///etc/passwd", "ftp://example.com/a", "https://", "http://example.com:99999/"],
)
def test_canonical_url_leaves_non_web_addresses_alone(url):
    assert canonical_url(url) == url


def test_canonical_url_same_article_from_two_links_matches():
    shared = "https://www.example.com/2024/05/story/?utm_source=newsletter&utm_medium=email&fbclid=IwAR0#comments"
    typed = "HTTPS://www.example.com:443/2024/05/story"
    assert canonical_url(shared) == canonical_url(typed)


def test_canonical_url_keeps_sharp_s_apart_from_ss():
    # IDNA 2003 (Python's codec) mapped ß to ss: another registrable name.
    assert canonical_url("https://straße.de/") != canonical_url("https://strasse.de/")
    assert canonical_url("https://straße.de/") == canonical_url("https://xn--strae-oqa.de/")


def test_normalise_escapes_keeps_reserved_escapes_encoded():
    assert normalise_escapes("%2f%3F%23%26") == "%2F%3F%23%26"


_segment = st.text(alphabet=st.characters(codec="utf-8", exclude_categories=("Cs",)), max_size=8)
_urls = st.builds(
    lambda scheme, host, port, segments, query, fragment: f"{scheme}://{host}{port}/{'/'.join(segments)}?{query}#{fragment}",
    st.sampled_from(["http", "https", "HTTP"]),
    st.sampled_from(["example.com", "EXAMPLE.com.", "bücher.example", "[::1]", "192.0.2.1"]),
    st.sampled_from(["", ":80", ":443", ":8080"]),
    st.lists(st.one_of(_segment, st.sampled_from([".", "..", "", "%2e", "%7E", "%zz", "%"])), max_size=5),
    st.text(max_size=20),
    st.text(max_size=5),
)


@settings(database=None, max_examples=300, deadline=None)
@given(_urls)
def test_canonical_url_is_idempotent(url):
    once = canonical_url(url)
    assert canonical_url(once) == once
