import pytest
from django.urls import reverse

from claims.library import Piece, marked_pieces
from claims.models import Evidence, Source
from tests.factories import make_article, make_claim, make_source

pytestmark = pytest.mark.django_db


def test_marked_pieces_cut_the_text_at_cited_passages_and_merge_overlaps():
    text = "one two three four five"
    assert marked_pieces(text, [(4, 7, 1), (8, 13, 2), (10, 18, 3), (30, 40, 4), (5, 5, 5)]) == [
        Piece("one "), Piece("two", [1]), Piece(" "), Piece("three four", [2, 3]), Piece(" five"),
    ]
    assert marked_pieces(text, []) == [Piece(text)]
    assert marked_pieces("", [(0, 3, 1)]) == []


def cited(source: Source, passage: str) -> Evidence:
    claim = make_claim(make_article())
    start = source.text.index(passage)
    return Evidence.objects.create(claim=claim, source=source, passage=passage, passage_start=start,
                                   passage_end=start + len(passage))


def test_the_library_lists_sources_with_their_citations(client, reviewer):
    speech = make_source("Budget speech", kind="speech", publisher="Treasury", text="We will balance the budget.")
    make_source("Harbour report", kind="official", publisher="Port authority")
    cited(speech, "balance the budget")
    client.force_login(reviewer)
    page = client.get(reverse("claims:source-list")).content.decode()
    assert "Budget speech" in page and "Harbour report" in page and "Treasury" in page
    assert '<td>1</td></tr>' in page and '<td>0</td></tr>' in page
    filtered = client.get(reverse("claims:source-list"), {"kind": "official"}).content.decode()
    assert "Harbour report" in filtered and "Budget speech" not in filtered
    partial = client.get(reverse("claims:source-list"), {"kind": "speech"}, HTTP_HX_REQUEST="true").content.decode()
    assert partial.lstrip().startswith('<div id="library-table">') and "Budget speech" in partial


def test_the_library_searches_words(client, reviewer):
    make_source("Budget speech", text="We will balance the budget.")
    make_source("Harbour report", text="The pier needs repair.")
    client.force_login(reviewer)
    page = client.get(reverse("claims:source-list"), {"q": "pier"}).content.decode()
    assert "Harbour report" in page and "Budget speech" not in page


def test_only_people_who_may_see_sources_get_the_library(client, outsider):
    url = reverse("claims:source-list")
    assert client.get(url).status_code == 302
    client.force_login(outsider)
    assert client.get(url).status_code == 403


@pytest.mark.parametrize("count", [3, 12])
def test_the_library_s_queries_do_not_grow_with_sources(client, reviewer, django_assert_max_num_queries, count):
    for n in range(count):
        cited(make_source(f"Source {n}", text=f"Words of source {n}."), f"source {n}")
    client.force_login(reviewer)
    client.get(reverse("claims:source-list"))
    with django_assert_max_num_queries(8):
        response = client.get(reverse("claims:source-list"))
    assert response.content.decode().count('href="/sources/') >= count


def test_a_source_page_shows_its_text_with_cited_passages_marked(client, reviewer):
    source = make_source("Budget speech", text="First we cut. Then we will balance the budget by May.")
    evidence = cited(source, "balance the budget")
    client.force_login(reviewer)
    page = client.get(reverse("claims:source-detail", args=[source.pk])).content.decode()
    assert "First we cut. Then we will " in page
    assert (f'<mark class="cited"><span class="visually-hidden">cited by claim {evidence.claim_id}: </span>'
            "balance the budget</mark> by May.") in page


def test_a_long_text_is_shown_in_part(client, reviewer):
    source = make_source("Hearing", text="word " * 25_000)
    client.force_login(reviewer)
    page = client.get(reverse("claims:source-detail", args=[source.pk])).content.decode()
    assert "the first 100,000 of 125000 characters are shown" in page
