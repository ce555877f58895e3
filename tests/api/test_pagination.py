import base64

import pytest

from claims.api import cursors
from claims.api.errors import InvalidInput
from claims.models import Article, Claim
from tests.factories import make_article, make_claim, make_source, make_speaker

pytestmark = pytest.mark.django_db

QUOTES = ["The minister spoke on Monday.", "We will build 40,000 homes this year,", "Critics called the plan",
          "12 percent of the budget was unspent."]


def _walk(api, path: str, params: dict) -> tuple[list[int], int]:
    """Every id the list gives, following next_cursor to the end, and the pages it took."""
    ids, pages, cursor = [], 0, None
    while True:
        response = api.get(path, {**params, **({"cursor": cursor} if cursor else {})})
        assert response.status_code == 200, response.content
        ids += [item["id"] for item in response.json()["items"]]
        pages += 1
        cursor = response.json()["next_cursor"]
        if cursor is None:
            return ids, pages


def test_cursor_pagination_gives_every_claim_once(api, reviewer):
    for _ in range(6):
        article = make_article()
        for quote in QUOTES:
            make_claim(article, quote=quote)
    ids, pages = _walk(api.as_(reviewer), "claims", {"limit": 5})
    assert ids == list(Claim.objects.order_by("pk").values_list("pk", flat=True))
    assert len(ids) == 24 and pages == 5


def test_cursor_pagination_with_a_filter_gives_every_match_once(api, reviewer):
    for n in range(7):
        make_claim(make_article(), state=Claim.State.IN_REVIEW if n % 2 else Claim.State.NEW)
    ids, _ = _walk(api.as_(reviewer), "claims", {"limit": 2, "state": "in_review"})
    assert ids == list(Claim.objects.filter(state="in_review").order_by("pk").values_list("pk", flat=True))


def test_rows_added_while_paging_neither_repeat_nor_shift_the_pages(api, reviewer):
    for _ in range(4):
        make_claim(make_article())
    first = api.as_(reviewer).get("claims", {"limit": 2}).json()
    new = make_claim(make_article())
    second = api.get("claims", {"limit": 2, "cursor": first["next_cursor"]}).json()
    rest = api.get("claims", {"limit": 2, "cursor": second["next_cursor"]}).json()
    seen = [c["id"] for page in (first, second, rest) for c in page["items"]]
    assert seen == list(Claim.objects.order_by("pk").values_list("pk", flat=True))
    assert seen[-1] == new.pk


@pytest.mark.parametrize("path, make, model_order", [
    ("articles", lambda n: make_article(title=f"A{n}"), "-pk"),
    ("speakers", lambda n: make_speaker(f"Speaker {n}"), "pk"),
    ("sources", lambda n: make_source(f"Source {n}"), "pk"),
])
def test_every_list_pages_through_every_row_once(api, reviewer, path, make, model_order):
    rows = [make(n) for n in range(7)]
    ids, pages = _walk(api.as_(reviewer), path, {"limit": 3})
    model = type(rows[0])
    assert ids == list(model.objects.order_by(model_order).values_list("pk", flat=True))
    assert pages == 3


def test_articles_page_newest_first(api, reviewer):
    for n in range(3):
        make_article(title=f"A{n}")
    ids, _ = _walk(api.as_(reviewer), "articles", {"limit": 1})
    assert ids == list(Article.objects.order_by("-pk").values_list("pk", flat=True))


@pytest.mark.parametrize("cursor", ["abc", "1", "speakers"])
def test_a_cursor_that_is_not_this_lists_is_refused_by_name(api, reviewer, cursor):
    if cursor == "speakers":
        cursor = cursors.encode(5, listing="speakers")
    response = api.as_(reviewer).get("claims", {"cursor": cursor})
    assert response.status_code == 422
    assert list(response.json()["fields"]) == ["cursor"]


def test_a_cursor_round_trips_and_cannot_be_made_up():
    cursor = cursors.encode(42, listing="claims")
    assert cursors.decode(cursor, listing="claims") == 42
    _, signature = cursor.split(":", 1)
    forged = base64.urlsafe_b64encode(b"41").decode().rstrip("=") + ":" + signature
    with pytest.raises(InvalidInput):
        cursors.decode(forged, listing="claims")


@pytest.mark.parametrize("limit", [0, 201, -1])
def test_a_limit_out_of_range_is_refused(api, reviewer, limit):
    response = api.as_(reviewer).get("claims", {"limit": limit})
    assert response.status_code == 422 and "limit" in response.json()["fields"]
