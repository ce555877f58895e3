"""The source library: finding sources and comparing quotes with them."""

from __future__ import annotations

import hashlib
import re

from django.conf import settings
from django.db import connection, transaction
from django.db.models import Q, QuerySet
from django.db.models.functions import Greatest

from .canonical import canonical_url
from .fetching import FetchError
from .matching import SourceIndex, match_quote
from .models import Capture, Evidence, Source
from .net import fetch_url
from .readers import RejectedInput, name_for_download, read_document, read_many

SEARCH_FIELDS = ("title", "publisher", "author")
# pg_trgm word similarity above which a query word counts as a misspelling
# of a word in the field ("Stoltenburg" for "Stoltenberg" is 0.6).
SIMILAR_ENOUGH = 0.5


def search_sources(q: str) -> QuerySet[Source]:
    """Sources matching every word of a query, best first.

    Everywhere: each word must appear in the title, publisher, author or
    address. On PostgreSQL a word may also be misspelt (trigram word
    similarity), and a full-text match anywhere, the source's text
    included, also counts; results are ranked by full-text rank.
    """
    words = q.split()[:8]
    sources = Source.objects.all()
    each_word = [
        Q(title__icontains=w) | Q(publisher__icontains=w) | Q(author__icontains=w) | Q(url__icontains=w)
        for w in words
    ]
    if connection.vendor != "postgresql":
        for condition in each_word:
            sources = sources.filter(condition)
        return sources.order_by("title")

    from django.contrib.postgres.search import SearchQuery, SearchRank, SearchVector, TrigramWordSimilarity

    vector = SearchVector("title", weight="A") + SearchVector("publisher", "author", weight="B") + SearchVector(
        "text", weight="C"
    )
    query = SearchQuery(q, search_type="websearch")
    # ts_rank is a tiny positive number even without a match: filter on the
    # match itself, rank only to order.
    sources = sources.annotate(searchable=vector, rank=SearchRank(vector, query))
    all_words = Q()
    for n, (word, condition) in enumerate(zip(words, each_word)):
        similarity = Greatest(*(TrigramWordSimilarity(word, field) for field in SEARCH_FIELDS))
        sources = sources.annotate(**{f"similar_{n}": similarity})
        all_words &= condition | Q(**{f"similar_{n}__gte": SIMILAR_ENOUGH})
    return sources.filter(Q(searchable=query) | all_words).order_by("-rank", "title")


def compare_with_source(quote: str, source_text: str) -> dict:
    """Find the quote in the source text and describe the differences word by
    word (see claims.matching for the verdicts)."""
    return match_quote(source_text, quote).to_dict()


def text_to_compare(source: Source) -> tuple[str, Capture | None]:
    """The text a quote is checked against: the source's own text (pasted or
    read from its document), else the newest successful capture of its page."""
    if source.text:
        return source.text, None
    capture = next((c for c in source.captures.all() if c.ok and c.text), None)
    return (capture.text, capture) if capture else ("", None)


def occurrences(quote: str, text: str, limit: int = 5) -> list[dict]:
    """The best passages for the quote in the text, best first, each as a
    comparison dict; more than one when the words occur several times."""
    return [m.to_dict() for m in SourceIndex(text).match_all(quote, limit=limit) if m.found]


def compare_passage(quote: str, text: str, start: int, end: int) -> dict:
    """Compare the quote with a passage a reviewer chose. The span stays the
    reviewer's: words of the passage around the matched part show in the diff
    as left out of the quote, and the context is the text around the span."""
    passage = text[start:end]
    comparison = match_quote(passage, quote).to_dict()
    if comparison.get("start") is not None:
        before = passage[: comparison["start"]].split()
        after = passage[comparison["end"] :].split()
        diff = comparison["diff"]
        if before:
            diff.insert(0, {"op": "delete", "quote": [], "source": before, "reason": "outside"})
        if after:
            diff.append({"op": "delete", "quote": [], "source": after, "reason": "outside"})
        comparison["trimmed"] = comparison.get("trimmed") or bool(before or after)
    comparison.update(start=start, end=end, passage=passage)
    comparison["context_before"] = _context(text, max(0, start - CONTEXT_CHARS), start)
    comparison["context_after"] = _context(text, end, end + CONTEXT_CHARS)
    return comparison


CONTEXT_CHARS = 80


def _context(text: str, start: int, end: int) -> str:
    """Text around a passage, without a word cut in half at the window's edge."""
    window = text[start:end]
    if start > 0 and " " in window:
        window = window.split(" ", 1)[1]
    if end < len(text) and " " in window:
        window = window.rsplit(" ", 1)[0]
    return " ".join(window.split())


def find_passage(text: str, passage: str) -> tuple[int, int] | None:
    """Where the passage's words stand in the text, whatever the spacing and
    line breaks between them; None when they are not there."""
    words = passage.split()
    if not words:
        return None
    found = re.search(r"\s+".join(re.escape(w) for w in words), text)
    return (found.start(), found.end()) if found else None


def page_of(source: Source, offset: int | None) -> int | None:
    """The 1-based page of a character offset in a paged document."""
    if offset is None:
        return None
    for number, (start, end) in enumerate(source.pages, 1):
        if start <= offset < end:
            return number
    return None


def read_source_document(name: str, data: bytes) -> tuple[str, list]:
    """Text and page spans of an uploaded source document (PDF, Word, HTML,
    text), read with the article readers. Raises RejectedInput."""
    item = read_document(name, data, max_bytes=settings.IMPORT_MAX_BYTES)
    if not item.text.strip():
        raise RejectedInput("No text could be read from this document.", code="empty", name=name)
    return item.text, [list(p) for p in (item.pages or [])]


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
    name = name_for_download(result.content_type)
    item = next(iter(read_many(name, result.body, encoding=result.charset)), None)
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
    """Compare every quote citing this capture's source with the new text.
    Evidence that had no passage yet (the page was still being fetched when
    it was linked) gets its passage from this capture; evidence whose
    passage is no longer there is flagged. Returns the flagged evidence."""
    flagged = []
    # Indexed once for all the quotes that cite the source.
    index = SourceIndex(capture.text) if capture.ok else None
    for evidence in Evidence.objects.filter(source=capture.source).select_related("claim"):
        if index is None:
            reason = capture.error or capture.status_code
            flag = f"The page could not be fetched on {capture.fetched_at:%Y-%m-%d}: {reason}"
        elif not evidence.match and not evidence.passage and not capture.source.text:
            _fill_from_capture(evidence, capture, index.match(evidence.claim.text).to_dict())
            flag = ""
        else:
            result = index.match(evidence.claim.text).to_dict()
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


def _fill_from_capture(evidence: Evidence, capture: Capture, comparison: dict) -> None:
    evidence.capture = capture
    evidence.match = comparison
    if comparison.get("start") is not None:
        evidence.passage = comparison["passage"]
        evidence.passage_start, evidence.passage_end = comparison["start"], comparison["end"]
        evidence.match_status = Evidence.MatchStatus.AUTO
    evidence.save(update_fields=["capture", "match", "passage", "passage_start", "passage_end", "match_status"])


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
