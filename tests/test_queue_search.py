"""The review queue's own search: the words narrow the queue to the open
claims whose text or speaker has them (the search box's backends: FTS5 on
SQLite, the stored tsvector and pg_trgm on PostgreSQL), while the queue
keeps its order, its other filters and its keyset pages. Runs on both."""

import re
from html import unescape

import pytest
from django.db import connection
from django.urls import reverse

from claims import views
from claims.models import Claim
from claims.search import matching_claims
from tests.factories import make_article, make_claim, make_speaker

pytestmark = pytest.mark.django_db

HTMX = {"HX-Request": "true"}
TEXT = (
    '"We will build 40,000 homes this year," Jane Roe said. "Taxes will not rise," she added. '
    '"The harbour bridge opens in June," Ann Lee said. Officials said 12 percent of the budget was unspent.'
)


@pytest.fixture
def desk():
    roe, lee = make_speaker("Jane Roe"), make_speaker("Ann Lee")
    article = make_article(text=TEXT)
    return {
        "homes": make_claim(article, quote="We will build 40,000 homes this year,", speaker=roe, score=0.9),
        "taxes": make_claim(article, quote="Taxes will not rise,", speaker=roe, score=0.5,
                            state=Claim.State.SECOND_CHECK),
        "bridge": make_claim(article, quote="The harbour bridge opens in June,", speaker=lee, score=0.7),
        "budget": make_claim(article, quote="12 percent of the budget was unspent", kind=Claim.Kind.STATISTIC,
                             score=0.8),
        "settled": make_claim(article, quote="Officials said", speaker=roe, score=1.0, state=Claim.State.DONE,
                              verdict=Claim.Verdict.ACCURATE),
    }


def _rows(content: str) -> list[int]:
    """The claims the queue lists, in its order."""
    return [int(pk) for pk in re.findall(r'<tr id="queue-row-(\d+)"', content)]


def _queue(client, htmx: bool = False, **params) -> str:
    response = client.get(reverse("claims:claim-queue"), params, headers=HTMX if htmx else {})
    assert response.status_code == 200
    return response.content.decode()


def test_queue_page_has_a_search_field_that_keeps_the_words(client, reviewer, desk):
    client.force_login(reviewer)
    page = _queue(client, q="roe")
    assert "<html" in page
    form = re.search(r'<form [^>]*class="filters".*?</form>', page, re.S).group(0)
    field = re.search(r'<input type="search" name="q"[^>]*>', form).group(0)
    assert 'value="roe"' in field and 'maxlength="200"' in field
    assert 'id="id_q"' in field and '<label>Search <input type="search" name="q"' in form
    # Only open claims of Jane Roe, the most check-worthy first; not the settled one.
    assert _rows(page) == [desk["homes"].pk, desk["taxes"].pk]


def test_queue_search_partial_finds_by_claim_text_and_by_speaker(client, reviewer, desk):
    client.force_login(reviewer)
    by_text = _queue(client, htmx=True, q="bridge")
    assert "<html" not in by_text and 'id="queue-table"' in by_text
    assert _rows(by_text) == [desk["bridge"].pk]
    assert _rows(_queue(client, htmx=True, q="Ann Lee")) == [desk["bridge"].pk]
    # The last word typed also matches as the start of a word.
    assert _rows(_queue(client, htmx=True, q="harb")) == [desk["bridge"].pk]


def test_queue_search_reads_phrases_and_left_out_words(client, reviewer, desk):
    client.force_login(reviewer)
    assert _rows(_queue(client, q='"will build"')) == [desk["homes"].pk]
    assert _rows(_queue(client, q='"build will"')) == []
    assert _rows(_queue(client, q="roe -taxes")) == [desk["homes"].pk]
    # Exclusions alone keep every other open claim.
    assert _rows(_queue(client, q="-roe")) == [desk["budget"].pk, desk["bridge"].pk]


def test_queue_search_with_the_other_filters_and_the_due_order(client, reviewer, desk):
    desk["taxes"].assignee = reviewer
    desk["taxes"].save(update_fields=["assignee"])
    client.force_login(reviewer)
    assert _rows(_queue(client, q="roe", state="second_check")) == [desk["taxes"].pk]
    assert _rows(_queue(client, q="roe", mine="on")) == [desk["taxes"].pk]
    assert _rows(_queue(client, q="roe", unassigned="on")) == [desk["homes"].pk]
    assert _rows(_queue(client, q="said", kind="statistic")) == []
    assert _rows(_queue(client, q="budget", kind="statistic")) == [desk["budget"].pk]
    assert sorted(_rows(_queue(client, q="roe", order="due"))) == sorted([desk["homes"].pk, desk["taxes"].pk])


def test_queue_search_that_matches_nothing_says_so(client, reviewer, desk):
    client.force_login(reviewer)
    content = _queue(client, htmx=True, q="submarine")
    assert _rows(content) == []
    assert "No open claim here matches “submarine”." in unescape(content)
    assert "Nothing left to review here." in _queue(client, htmx=True, state="second_check", kind="statistic", q="")


def test_queue_search_without_letters_or_digits_narrows_nothing(client, reviewer, desk):
    client.force_login(reviewer)
    assert _rows(_queue(client, q="?! --")) == _rows(_queue(client))


def test_queue_search_refuses_an_overlong_query(client, reviewer):
    client.force_login(reviewer)
    response = client.get(reverse("claims:claim-queue"), {"q": "x" * 201})
    assert response.status_code == 400
    assert "q: Ensure this value has at most 200 characters" in response.content.decode()


def _harbour(count: int, start: int = 0) -> list[Claim]:
    """Open claims about the harbour with distinct scores, and as many
    about something else."""
    made, lee = [], make_speaker("Ann Lee")
    for n in range(start, start + count):
        text = f'"The harbour bridge opens in June {n}," Ann Lee said. "Taxes stay {n}," she said.'
        article = make_article(text=text)
        made.append(make_claim(article, quote=f"The harbour bridge opens in June {n},", speaker=lee,
                               score=0.1 + n / 1000))
        make_claim(article, quote=f"Taxes stay {n},", speaker=lee, score=0.1 + n / 1000)
    return made


def test_queue_search_pages_by_keyset_and_keeps_the_words(client, reviewer, monkeypatch):
    monkeypatch.setattr(views, "PAGE_SIZE", 3)
    harbour = _harbour(7)
    expected = [c.pk for c in sorted(harbour, key=lambda c: (-c.score, c.pk))]
    client.force_login(reviewer)
    seen, content = [], _queue(client, q="harbour")
    while True:
        seen += _rows(content)
        following = re.search(r'href="\?([^"]+)"[^>]*rel="next"', content)
        if not following:
            break
        query = unescape(following.group(1))
        assert query.startswith("q=harbour&after=")
        content = client.get(f"{reverse('claims:claim-queue')}?{query}", headers=HTMX).content.decode()
        assert "<html" not in content
    assert seen == expected
    last = _queue(client, htmx=True, q="harbour", last="1")
    assert _rows(last) == expected[-3:]
    assert "7 in all" in _queue(client, q="harbour")


@pytest.mark.parametrize("htmx", [False, True], ids=["page", "partial"])
@pytest.mark.parametrize(
    "params", [{"q": "harbour"}, {"q": "ann -taxes", "kind": "quote"}, {"q": "harbour", "order": "due"}]
)
def test_queue_search_queries_do_not_grow_with_the_claims(client, reviewer, monkeypatch, django_assert_max_num_queries,
                                                          htmx, params):
    monkeypatch.setattr(views, "PAGE_SIZE", 5)
    client.force_login(reviewer)
    _harbour(8)
    _queue(client, htmx, **params)  # caches filled on a first visit are not the page's
    # The queue without words, plus one query for a possibly misspelt name on PostgreSQL.
    limit = 9 if connection.vendor == "postgresql" else 8
    for size in (8, 40):
        _harbour(size - Claim.objects.filter(text__startswith="The harbour").count(), start=size * 10)
        with django_assert_max_num_queries(limit):
            content = _queue(client, htmx, **params)
        assert len(_rows(content)) == 5
        assert 'rel="next"' in content


@pytest.mark.skipif("connection.vendor != 'postgresql'", reason="trigram similarity is PostgreSQL's")
def test_queue_search_finds_a_misspelt_speaker_on_postgresql(client, reviewer, desk, django_assert_max_num_queries):
    client.force_login(reviewer)
    _queue(client, q="Lee")
    with django_assert_max_num_queries(11):
        content = _queue(client, q="Leee")
    assert _rows(content) == [desk["bridge"].pk]
    # A word that is there is not widened to speakers with a like name.
    assert _rows(_queue(client, q="Roe")) == [desk["homes"].pk, desk["taxes"].pk]


def test_matching_claims_keeps_the_querysets_own_order(desk):
    claims = Claim.objects.needs_review().order_by("score")
    assert list(matching_claims(claims, "roe")) == [desk["taxes"], desk["homes"]]
    assert list(matching_claims(claims, "")) == list(claims)
