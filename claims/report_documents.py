"""The report as documents of its own (templates/claims/report_pdf.html),
written a chunk of claims at a time so that a report of any length is made
in flat memory: the printable page as one file, the PDF in parts laid out
one after the other (claims.pdf.write_pdf_parts)."""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from itertools import islice
from typing import TextIO

from django.conf import settings
from django.template.loader import render_to_string
from django.utils import timezone

from . import exports

TEMPLATE = "claims/report_pdf.html"


def records(claims, *, site_url: str) -> Iterator[dict]:
    """The records a report shows of `claims` (exports.settled_claims),
    read a chunk at a time: no internal notes."""
    return (exports.report_record(r) for r in exports.iter_records(claims, site_url=site_url))


def context(*, article, selection, count: int) -> dict:
    """What every report says about itself: its article (or None), whether
    it is a selection, how many claims, the organisation, when it was made."""
    return {"article": article, "selection": selection, "count": count,
            "organisation": settings.ORGANISATION_NAME, "generated_at": timezone.now()}


def mark_article_breaks(records: Iterable[dict]) -> Iterator[dict]:
    """The report records with `new_article` set on each one whose article
    differs from the record before it: where the report names the article.
    Records come an article's claims together (exports.settled_claims)."""
    previous = object()
    for record in records:
        record["new_article"] = record["article_id"] != previous
        previous = record["article_id"]
        yield record


def whole(context: dict, records: list[dict]) -> str:
    """The report of `records` as one document."""
    return render_to_string(TEMPLATE, {**context, "records": records})


def write_page(context: dict, records: Iterable[dict], out: TextIO, *, stylesheet: str,
               chunk: int, done=lambda count: None) -> None:
    """Write the printable page of `records` to `out`, its stylesheet set
    into it, rendering `chunk` claims at a time; `done(n)` is told after
    each chunk how many claims it held."""
    context = {**context, "stylesheet": stylesheet}
    out.write(render_to_string(f"{TEMPLATE}#document-head", context))
    for part in _chunks(mark_article_breaks(records), chunk):
        out.write(render_to_string(f"{TEMPLATE}#report-claims", {**context, "records": part}))
        done(len(part))
    out.write(render_to_string(f"{TEMPLATE}#document-tail", context))


def pdf_parts(context: dict, records: Iterable[dict], *, chunk: int, done=lambda count: None) -> Iterator[str]:
    """The documents of a PDF laid out in parts of `chunk` claims: the first
    with the report's heading, each later one `continued`, naming its first
    claim's article again at the top of its first page. `done(n)` is told
    how many claims a part held once the part has been taken (laid out)."""
    parts = _chunks(mark_article_breaks(records), chunk)
    first = next(parts, [])
    yield whole(context, first)
    if first:
        done(len(first))
    for part in parts:
        part[0]["new_article"] = True
        yield whole({**context, "continued": True}, part)
        done(len(part))


def _chunks(items: Iterable[dict], size: int) -> Iterator[list[dict]]:
    iterator = iter(items)
    while chunk := list(islice(iterator, size)):
        yield chunk
