"""Keyset paging (claims.paging) and the lists that page by it: every row
once, in the list's order, forwards and back, ties included."""

import re

import pytest
from django.db import connection
from django.http import QueryDict
from django.urls import reverse

from claims import paging, views
from claims.models import Article, Claim
from claims.paging import InvalidCursor, Order, keyset_page
from tests.factories import make_article

pytestmark = pytest.mark.django_db

HTMX = {"HX-Request": "true"}


def tied_claims(count: int) -> list[Claim]:
    """Claims over several articles whose scores tie in threes and fours,
    with articles given in no particular order."""
    text = " ".join(f"Claim number {n:03d} is here." for n in range(count))
    articles = [make_article(text=text) for _ in range(3)]
    claims = []
    for n in range(count):
        quote = f"Claim number {n:03d} is here."
        start = text.index(quote)
        claims.append(Claim(article=articles[(n * 7) % 3], text=quote, start=start, end=start + len(quote),
                            kind=Claim.Kind.QUOTE, score=round(0.1 * (n % 4), 2)))
    return Claim.objects.bulk_create(claims)


def walk(queryset, order: Order, size: int, *, start: str = "", direction: str = "next") -> list[list[int]]:
    """Follow the pages from `start` (a query string) in one direction."""
    pages, query = [], start
    while True:
        page = keyset_page(queryset, order, QueryDict(query), size=size)
        pages.append([row.pk for row in page])
        more = page.has_next if direction == "next" else page.has_previous
        if not more:
            return pages
        query = page.next_query if direction == "next" else page.previous_query


def test_pages_forward_give_every_row_once_in_order_across_ties():
    tied_claims(40)
    queryset = Claim.objects.needs_review()
    expected = list(queryset.order_by(*views.QUEUE_ORDER.fields).values_list("pk", flat=True))
    pages = walk(queryset, views.QUEUE_ORDER, 7)
    assert [len(p) for p in pages] == [7] * 5 + [5]
    assert [pk for page in pages for pk in page] == expected


def test_pages_backward_from_the_last_give_the_same_rows():
    tied_claims(40)
    queryset = Claim.objects.needs_review()
    forward = [pk for page in walk(queryset, views.QUEUE_ORDER, 7) for pk in page]
    backward = walk(queryset, views.QUEUE_ORDER, 7, start="last=1", direction="previous")
    # The last page is full; going back, the first page is full again.
    assert len(backward[0]) == 7 and len(backward[-1]) == 7
    seen = [pk for page in reversed(backward) for pk in page]
    assert sorted(set(seen)) == sorted(forward)
    assert [pk for pk in forward if pk in set(seen)] == sorted(set(seen), key=forward.index)
    assert backward[-1] == forward[:7]


def test_a_row_leaving_the_list_skips_nothing_and_repeats_nothing():
    claims = tied_claims(20)
    queryset = Claim.objects.needs_review()
    first = keyset_page(queryset, views.QUEUE_ORDER, QueryDict(""), size=5)
    # Someone settles the last claim of the page just read.
    Claim.objects.filter(pk=first.rows[-1].pk).update(state=Claim.State.DONE, verdict=Claim.Verdict.ACCURATE)
    rest = walk(queryset, views.QUEUE_ORDER, 5, start=first.next_query)
    seen = [row.pk for row in first] + [pk for page in rest for pk in page]
    assert len(seen) == len(set(seen)) == len(claims)


def test_descending_dates_with_ties_page_by_the_key():
    articles = [make_article(title=f"Story {n}") for n in range(9)]
    Article.objects.filter(pk__in=[a.pk for a in articles[:5]]).update(imported_at=articles[0].imported_at)
    pages = walk(Article.objects.all(), views.ARTICLE_ORDER, 2)
    expected = list(Article.objects.order_by("-imported_at", "-id").values_list("pk", flat=True))
    assert [pk for page in pages for pk in page] == expected


@pytest.mark.parametrize("cursor", ["nonsense", "W10", "WzEsMl0", "WyJ4IiwxLDIsM10"])
def test_a_cursor_the_list_did_not_make_is_refused(cursor):
    tied_claims(3)
    with pytest.raises(InvalidCursor):
        keyset_page(Claim.objects.all(), views.QUEUE_ORDER, QueryDict(f"after={cursor}"), size=5)


def test_counts_exactly_up_to_the_limit_and_estimates_past_it():
    tied_claims(12)
    assert paging.count(Claim.objects.all(), exact_up_to=20) == (12, False)
    total, estimated = paging.count(Claim.objects.all(), exact_up_to=5)
    # The planner's estimate on PostgreSQL (never below what was counted), exact elsewhere.
    assert estimated == (connection.vendor == "postgresql")
    assert total >= 6 if estimated else total == 12


def test_estimates_read_to_two_figures():
    assert [paging.rounded(n) for n in (7, 55, 708_123, 1_049)] == [7, 55, 710_000, 1_000]


def test_queue_pages_forward_and_back_through_the_view(client, reviewer, monkeypatch):
    monkeypatch.setattr(views, "PAGE_SIZE", 6)
    tied_claims(20)
    client.force_login(reviewer)
    url = reverse("claims:claim-queue")
    expected = list(Claim.objects.needs_review().order_by(*views.QUEUE_ORDER.fields).values_list("pk", flat=True))
    seen, query = [], ""
    while True:
        content = client.get(f"{url}?{query}", headers=HTMX).content.decode()
        assert "<html" not in content
        seen += [int(pk) for pk in re.findall(r'href="/claims/(\d+)/"', content)]
        found = re.search(r'href="\?([^"]*)"[^>]*rel="next"', content)
        if not found:
            break
        assert "20 in all" in content
        query = found.group(1).replace("&amp;", "&")
    assert seen == expected
    # "previous" from the last page reads the page before it.
    previous = re.search(r'href="\?([^"]*)"[^>]*rel="prev"', content).group(1).replace("&amp;", "&")
    before = client.get(f"{url}?{previous}").content.decode()
    assert [int(pk) for pk in re.findall(r'href="/claims/(\d+)/"', before)] == expected[12:18]


def test_queue_pager_reads_next_and_previous_and_keeps_the_filters(client, reviewer, monkeypatch):
    monkeypatch.setattr(views, "PAGE_SIZE", 5)
    tied_claims(12)
    client.force_login(reviewer)
    first = client.get(reverse("claims:claim-queue"), {"kind": "quote"}).content.decode()
    assert "next ›" in first and "last »" in first and "older →" not in first and "← newer" not in first
    next_query = re.search(r'href="\?([^"]*)"[^>]*rel="next"', first).group(1)
    assert next_query.startswith("kind=quote&amp;after=")
    last = client.get(reverse("claims:claim-queue"), {"kind": "quote", "last": "1"}).content.decode()
    assert "‹ previous" in last and "« first" in last and "next ›" not in last


def test_queue_refuses_a_page_address_it_did_not_make(client, reviewer):
    client.force_login(reviewer)
    response = client.get(reverse("claims:claim-queue"), {"after": "not-a-cursor"})
    assert response.status_code == 400
    assert "page address is not valid" in response.content.decode()


@pytest.mark.skipif(connection.vendor != "postgresql", reason="PostgreSQL's planner")
def test_the_queue_reads_its_partial_indexes(reviewer):
    tied_claims(30)
    queue = Claim.objects.needs_review()
    cases = [
        (queue, "claim_queue"),
        (queue.filter(state=Claim.State.IN_REVIEW), "claim_queue_state"),
        (queue.filter(kind=Claim.Kind.STATISTIC), "claim_queue_kind"),
        (queue.filter(assignee=reviewer), "claim_queue_assignee"),
    ]
    with connection.cursor() as cursor:
        # On a table this small a scan, or another index and a sort, would
        # win; the test is that these indexes serve the queue's condition
        # and order at all. The other indexes go for the test (its
        # transaction is rolled back), and scans are ruled out.
        cursor.execute(
            "SELECT i.relname FROM pg_index x JOIN pg_class i ON i.oid = x.indexrelid "
            "JOIN pg_class t ON t.oid = x.indrelid WHERE t.relname = 'claims_claim' "
            "AND i.relname NOT LIKE 'claim_queue%%' "
            "AND NOT EXISTS (SELECT 1 FROM pg_constraint c WHERE c.conindid = x.indexrelid)"
        )
        for (name,) in cursor.fetchall():
            cursor.execute(f'DROP INDEX "{name}"')
        cursor.execute("SET LOCAL enable_seqscan = off")
        cursor.execute("SET LOCAL enable_bitmapscan = off")
        for queryset, index in cases:
            sql, params = queryset.order_by(*views.QUEUE_ORDER.fields)[:51].query.sql_with_params()
            cursor.execute(f"EXPLAIN {sql}", params)
            plan = "\n".join(row[0] for row in cursor.fetchall())
            assert f"Index Scan using {index} " in plan, plan
            assert "Sort" not in plan, plan
