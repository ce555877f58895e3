"""Paging long lists by keyset: a page is the rows after (or before) the
last row seen, in the list's order, rather than the rows after skipping
a number of others. Each page then costs the same whether it is the first
or the ten-thousandth: the database starts reading at the cursor in an
index that has the list's order, instead of reading and throwing away
every row before it (OFFSET), and no count of the whole list is needed
to draw the pager.

A list's order is a tuple of fields ending in a unique one (`Order`).
The cursor in the address is the ordered values of a row, opaque to the
reader. When the first field has many ties (scores are rounded to two
decimals: thousands of claims share one), a page is read in two steps,
each a range of the index: the rest of the tie at the cursor, then what
comes after that value, so a page deep inside a tie costs no more than
any other.

The total shown beside the pager is exact while it is small and, past
that, the planner's estimate on PostgreSQL ("about 710,000"), which costs
no scan.
"""

from __future__ import annotations

import base64
import binascii
import json
from dataclasses import dataclass, field
from urllib.parse import urlencode

from django.core.exceptions import ValidationError
from django.db import connections
from django.db.models import Q, QuerySet
from django.http import QueryDict

# Counted exactly up to this many rows; estimated beyond.
EXACT_COUNT_UP_TO = 1000
PAGING_PARAMS = ("after", "before", "last")


class InvalidCursor(ValueError):
    """A cursor in the address that is not one this list made."""


@dataclass(frozen=True)
class Order:
    """A list's order: field names, "-" for descending, the last one
    unique (the primary key), none of them null."""

    fields: tuple[str, ...]

    @property
    def names(self) -> list[str]:
        return [f.lstrip("-") for f in self.fields]

    def reverse(self) -> Order:
        return Order(tuple(f[1:] if f.startswith("-") else f"-{f}" for f in self.fields))


def cursor_of(row, order: Order) -> str:
    """The cursor of a row: its values for the order's fields."""
    values = [_plain(getattr(row, name)) for name in order.names]
    return base64.urlsafe_b64encode(json.dumps(values, separators=(",", ":")).encode()).decode().rstrip("=")


def query_after(row, order: Order) -> str:
    """The query string of the page after `row`."""
    return urlencode({"after": cursor_of(row, order)})


def _plain(value):
    return value.isoformat() if hasattr(value, "isoformat") else value


def _values(cursor: str, queryset: QuerySet, order: Order) -> list:
    """The row values a cursor holds, as the fields' Python values."""
    try:
        values = json.loads(base64.urlsafe_b64decode(cursor + "=" * (-len(cursor) % 4)))
    except (binascii.Error, ValueError, UnicodeDecodeError):
        raise InvalidCursor("The page address is not valid; start again from the first page.") from None
    if not isinstance(values, list) or len(values) != len(order.fields):
        raise InvalidCursor("The page address is not valid; start again from the first page.")
    opts = queryset.model._meta
    try:
        return [_field(opts, name).to_python(value) for name, value in zip(order.names, values)]
    except (ValidationError, TypeError):
        raise InvalidCursor("The page address is not valid; start again from the first page.") from None


def _field(opts, name: str):
    field = opts.get_field(name.removesuffix("_id"))
    return field.target_field if field.is_relation else field


def _beyond(name: str, descending: bool, value) -> Q:
    return Q(**{f"{name}__{'lt' if descending else 'gt'}": value})


def _after_within(fields: tuple[str, ...], values: list) -> Q:
    """Rows after `values` in the order of `fields`, written so that the
    first field bounds an index range: f1 >= v1 AND (f1 > v1 OR (...))."""
    name, descending = fields[0].lstrip("-"), fields[0].startswith("-")
    beyond = _beyond(name, descending, values[0])
    if len(fields) == 1:
        return beyond
    reached = Q(**{f"{name}__{'lte' if descending else 'gte'}": values[0]})
    return reached & (beyond | _after_within(fields[1:], values[1:]))


def rows_after(queryset: QuerySet, order: Order, values: list | None, limit: int) -> list:
    """Up to `limit` rows after the row with `values` (from the start when
    None), in `order`: first the rest of the first field's tie, then the
    rows past it, each one range of an index in that order."""
    queryset = queryset.order_by(*order.fields)
    if values is None:
        return list(queryset[:limit])
    first = order.fields[0]
    name, descending = first.lstrip("-"), first.startswith("-")
    rows = list(queryset.filter(Q(**{name: values[0]}) & _after_within(order.fields[1:], values[1:]))[:limit])
    if len(rows) < limit:
        rows += list(queryset.filter(_beyond(name, descending, values[0]))[: limit - len(rows)])
    return rows


@dataclass
class Page:
    """One page of a keyset-paged list, with the query strings of the
    pages around it (the list's other parameters kept)."""

    rows: list
    has_previous: bool
    has_next: bool
    total: int
    estimated: bool
    first_query: str = ""
    previous_query: str = ""
    next_query: str = ""
    last_query: str = ""
    params: dict = field(default_factory=dict)

    def __iter__(self):
        return iter(self.rows)

    def __len__(self) -> int:
        return len(self.rows)

    @property
    def has_other_pages(self) -> bool:
        return self.has_previous or self.has_next

    @property
    def total_label(self) -> str:
        return f"about {rounded(self.total):,}" if self.estimated else f"{self.total:,}"


def keyset_page(queryset: QuerySet, order: Order, params: QueryDict, *, size: int) -> Page:
    """The page of `queryset` the address asks for: the first, the one
    after (?after=) or before (?before=) a cursor, or the last (?last=1).
    Raises InvalidCursor for a cursor this list did not make."""
    after, before, last = params.get("after"), params.get("before"), params.get("last")
    if after:
        rows = rows_after(queryset, order, _values(after, queryset, order), size + 1)
        has_previous, has_next = True, len(rows) > size
        rows = rows[:size]
    elif before or last:
        values = _values(before, queryset, order) if before else None
        rows = rows_after(queryset, order.reverse(), values, size + 1)
        has_previous, has_next = len(rows) > size, bool(before)
        rows = rows[:size][::-1]
        if before and not has_previous:
            # Back at the start: the first page, full, as it reads from the top.
            rows = rows_after(queryset, order, None, size + 1)
            has_next, rows = len(rows) > size, rows[:size]
    else:
        rows = rows_after(queryset, order, None, size + 1)
        has_previous, has_next = False, len(rows) > size
        rows = rows[:size]
    if not has_previous and not has_next:
        total, estimated = len(rows), False
    else:
        total, estimated = count(queryset)
    page = Page(rows, has_previous, has_next, total, estimated)
    kept = [(k, v) for k, v in params.lists() if k not in PAGING_PARAMS]
    base = [(k, v) for k, values in kept for v in values]
    page.first_query = urlencode(base)
    page.last_query = urlencode([*base, ("last", "1")])
    if rows:
        page.previous_query = urlencode([*base, ("before", cursor_of(rows[0], order))])
        page.next_query = urlencode([*base, ("after", cursor_of(rows[-1], order))])
    return page


def count(queryset: QuerySet, *, exact_up_to: int | None = None) -> tuple[int, bool]:
    """How many rows the queryset has, and whether that is an estimate:
    exact up to `exact_up_to` (EXACT_COUNT_UP_TO; counting stops there),
    past that the planner's estimate on PostgreSQL, else an exact count."""
    exact_up_to = EXACT_COUNT_UP_TO if exact_up_to is None else exact_up_to
    # The rows' keys only: annotations the list shows are not the count's.
    queryset = queryset.order_by().values("pk")
    counted = queryset[: exact_up_to + 1].count()
    if counted <= exact_up_to:
        return counted, False
    connection = connections[queryset.db]
    if connection.vendor != "postgresql":
        return queryset.count(), False
    return max(planned_rows(queryset), counted), True


def planned_rows(queryset: QuerySet) -> int:
    """The planner's estimate of the queryset's rows (EXPLAIN: nothing is read)."""
    sql, params = queryset.values("pk").query.sql_with_params()
    with connections[queryset.db].cursor() as cursor:
        cursor.execute(f"EXPLAIN (FORMAT JSON) {sql}", params)
        plan = cursor.fetchone()[0]
    if isinstance(plan, str):
        plan = json.loads(plan)
    return int(plan[0]["Plan"]["Plan Rows"])


def rounded(total: int) -> int:
    """An estimate to two significant figures: 708,123 reads as 710,000."""
    digits = len(str(total)) - 2
    return round(total, -digits) if digits > 0 else total
