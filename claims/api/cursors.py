"""Cursor pagination: each page ends with a cursor naming the last row
sent, and the next page is the rows after it in primary-key order.

The database seeks to the cursor through the primary key's index instead
of counting past an OFFSET, so page 1,000 costs what page 1 does, and rows
added or changed while a client pages neither repeat nor go missing: a
row's key never changes. The cursor is signed, so a client cannot make one
up, and names the list it belongs to."""

from __future__ import annotations

from django.core import signing
from django.db.models import QuerySet

from .errors import InvalidInput

DEFAULT_LIMIT = 50
MAX_LIMIT = 200
NOT_A_CURSOR = "Not a cursor this list gave: pass the next_cursor of the page before, unchanged."


def encode(after: int, *, listing: str) -> str:
    return signing.dumps(after, salt=f"api-cursor:{listing}")


def decode(cursor: str, *, listing: str) -> int:
    """The key a cursor names; InvalidInput (field `cursor`) for anything
    that is not a cursor of this listing."""
    try:
        after = signing.loads(cursor, salt=f"api-cursor:{listing}")
    except signing.BadSignature:
        after = None
    if not isinstance(after, int) or isinstance(after, bool):
        raise InvalidInput({"cursor": [NOT_A_CURSOR]})
    return after


def paginate(
    rows: QuerySet, *, cursor: str | None, limit: int, listing: str, newest_first: bool = False
) -> tuple[list, str | None]:
    """One page of `rows` after `cursor`, in key order (`newest_first`:
    descending), and the cursor of the next page, None on the last page.
    Reads one row more than the page to know whether another follows."""
    if cursor:
        after = decode(cursor, listing=listing)
        rows = rows.filter(pk__lt=after) if newest_first else rows.filter(pk__gt=after)
    page = list(rows.order_by("-pk" if newest_first else "pk")[: limit + 1])
    if len(page) <= limit:
        return page, None
    page = page[:limit]
    return page, encode(page[-1].pk, listing=listing)
