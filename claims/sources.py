"""The source library: finding sources and comparing quotes with them."""

from __future__ import annotations

import hashlib

from django.db import connection, transaction
from django.db.models import Q, QuerySet

from .canonical import canonical_url
from .fetching import FetchError
from .matching import match_quote
from .net import fetch_url
from .models import Capture, Evidence, Source
from .readers import RejectedInput, read_many


def search_sources(q: str) -> QuerySet[Source]:
    """Sources matching a query, best first.

    On PostgreSQL: full-text search over title, publisher, author and text,
    with trigram similarity on the title for misspellings. Elsewhere a plain
    case-insensitive substring match over the same fields.
    """
    words = q.split()
    if connection.vendor == "postgresql":
        from django.contrib.postgres.search import SearchQuery, SearchRank, SearchVector

        vector = SearchVector("title", weight="A") + SearchVector("publisher", "author", weight="B") + SearchVector(
            "text", weight="C"
        )
        query = SearchQuery(q, search_type="websearch")
        return (
            Source.objects.annotate(rank=SearchRank(vector, query))
            .filter(Q(rank__gt=0) | Q(title__icontains=q) | Q(url__icontains=q))
            .order_by("-rank", "title")
        )
    sources = Source.objects.all()
    for word in words:
        sources = sources.filter(
            Q(title__icontains=word) | Q(publisher__icontains=word) | Q(author__icontains=word) | Q(url__icontains=word)
        )
    return sources.order_by("title")


def compare_with_source(quote: str, source_text: str) -> dict:
    """Find the quote in the source text and describe the differences word by
    word (see claims.matching for the verdicts)."""
    return match_quote(source_text, quote).to_dict()


def create_source(*, created_by=None, **fields) -> tuple[Source, bool]:
    """Create a source, or return the library's existing one for the same
    page (same canonical URL). Returns (source, created)."""
    url = fields.get("url") or ""
    if url:
        fields["canonical_url"] = canonical_url(url)
        existing = Source.objects.filter(canonical_url=fields["canonical_url"]).first()
        if existing:
            return existing, False
    return Source.objects.create(created_by=created_by, **fields), True


def capture_source(source: Source) -> Capture:
    """Fetch the source's address through the guarded fetcher and archive
    what came back as a new Capture (also when the fetch failed: a page that
    disappeared is a finding). Then re-check the evidence citing the source
    against the new text. Returns the capture."""
    try:
        result = fetch_url(source.url)
    except FetchError as exc:
        capture = Capture.objects.create(source=source, requested_url=source.url, error=str(exc))
        recheck_evidence(capture)
        return capture
    text, error = "", ""
    name = "capture.pdf" if result.content_type == "application/pdf" else "capture.html"
    if "wordprocessingml" in result.content_type:
        name = "capture.docx"
    elif result.content_type == "text/plain":
        name = "capture.txt"
    item = next(iter(read_many(name, result.body)), None)
    if isinstance(item, RejectedInput):
        error = f"Fetched, but no text could be read: {item}"
    elif item is not None:
        text = item.text
    capture = Capture.objects.create(
        source=source,
        requested_url=source.url,
        final_url=result.final_url,
        fetched_at=result.fetched_at,
        status_code=result.status,
        content_type=result.content_type,
        body=result.body,
        sha256=result.sha256,
        text=text,
        text_sha256=hashlib.sha256(text.encode()).hexdigest() if text else "",
        error=error,
    )
    recheck_evidence(capture)
    return capture


def capture_changes(source: Source) -> list[dict]:
    """The source's captures, newest first, each saying whether its text
    differs from the capture before it or the page was gone."""
    captures = list(source.captures.all())
    rows = []
    for newer, older in zip(captures, captures[1:] + [None]):
        rows.append(
            {
                "capture": newer,
                "gone": not newer.ok,
                "changed": older is not None and newer.ok and older.ok and newer.text_sha256 != older.text_sha256,
            }
        )
    return rows


def recheck_evidence(capture: Capture) -> list[Evidence]:
    """Compare every quote citing this capture's source with the new text and
    flag the evidence whose passage is no longer there. Returns the flagged."""
    flagged = []
    for evidence in Evidence.objects.filter(source=capture.source).select_related("claim"):
        if not capture.ok:
            flag = f"The page could not be fetched on {capture.fetched_at:%Y-%m-%d}: {capture.error or capture.status_code}"
        else:
            result = match_quote(capture.text, evidence.claim.text).to_dict()
            before = evidence.match.get("verdict")
            flag = ""
            if result["verdict"] == "not_found" or (before and result["verdict"] != before):
                flag = (
                    f"The capture of {capture.fetched_at:%Y-%m-%d} compares as {result['verdict']}"
                    + (f" (was {before})." if before else ".")
                )
        if flag != evidence.flag:
            evidence.flag = flag[:300]
            evidence.save(update_fields=["flag"])
        if flag:
            flagged.append(evidence)
    return flagged


def merge_sources(*, keep: Source, duplicate: Source) -> Source:
    """Merge a duplicate source into `keep`: its evidence and captures are
    re-pointed, empty fields of `keep` filled from it, then it is deleted.
    Nothing cited is lost."""
    with transaction.atomic():
        Evidence.objects.filter(source=duplicate).update(source=keep)
        Capture.objects.filter(source=duplicate).update(source=keep)
        filled = []
        for field in ("url", "archive_url", "publisher", "author", "language", "published_on", "text", "notes"):
            if not getattr(keep, field) and getattr(duplicate, field):
                setattr(keep, field, getattr(duplicate, field))
                filled.append(field)
        duplicate.delete()
        if "url" in filled:
            keep.canonical_url = canonical_url(keep.url)
            filled.append("canonical_url")
        if filled:
            keep.save(update_fields=filled)
    return keep
