"""The source library, read: finding sources, the text a quote is checked
against, and comparing quotes with it. What writes is in claims.services."""

from __future__ import annotations

import datetime
import re
from collections.abc import Iterable
from dataclasses import replace
from pathlib import PurePosixPath

from django.conf import settings
from django.db.models import OuterRef, Subquery
from django.db.models.functions import Length

from .canonical import canonical_url
from .cleaning import clean_article
from .indexes import index_for
from .matching import DiffOp, MatchResult, Suggestion, assess, match_quote
from .models import Capture, Claim, Evidence, Source, fit
from .readers import RawDocument, RejectedInput, read_document

# Finding sources is the search box's work, on its stored and indexed words.
from .search import search_sources  # noqa: F401  (the library's public names stay here)


def compare_with_source(quote: str, source_text: str) -> MatchResult:
    """Find the quote in the source text and describe the differences word by
    word (see claims.matching for the verdicts)."""
    return index_for(source_text).match(quote)


def text_to_compare(source: Source) -> tuple[str, Capture | None]:
    """The text a quote is checked against: the source's own text (pasted or
    read from its document), else the newest successful capture of its page."""
    if source.text:
        return source.text, None
    capture = next((c for c in current_captures(source) if c.ok and c.text), None)
    return (capture.text, capture) if capture else ("", None)


def current_captures(source: Source) -> list[Capture]:
    """The captures of the source's present address, newest first. When an
    admin changes the address, captures of the old page stay (evidence read
    from them keeps them) but a new series starts: the old page's text is
    no longer what new quotes are compared with."""
    captures = list(source.captures.all())
    if not source.canonical_url:
        return captures
    return [c for c in captures if canonical_url(c.requested_url) == source.canonical_url]


def occurrences(quote: str, text: str, limit: int = 5) -> list[MatchResult]:
    """The best passages for the quote in the text, best first; more than
    one when the words occur several times."""
    return [m for m in index_for(text).match_all(quote, limit=limit) if m.found]


def compare_passage(quote: str, text: str, start: int, end: int) -> MatchResult:
    """Compare the quote with a passage a reviewer chose. The span stays the
    reviewer's: words of the passage around the matched part show in the diff
    as left out of the quote, and the context is the text around the span."""
    passage = text[start:end]
    result = match_quote(passage, quote)
    diff, trimmed = list(result.diff), result.trimmed
    if result.start is not None:
        before = passage[: result.start].split()
        after = passage[result.end :].split()
        if before:
            diff.insert(0, DiffOp("delete", [], before, "outside"))
        if after:
            diff.append(DiffOp("delete", [], after, "outside"))
        trimmed = trimmed or bool(before or after)
    # Offsets in the whole text, as for a match found in it.
    omissions = [replace(o, start=o.start + start, end=o.end + start) for o in result.omissions]
    insertions = [
        replace(i, start=i.start + start, end=i.end + start) if i.start is not None else i for i in result.insertions
    ]
    return replace(
        result,
        diff=diff,
        omissions=omissions,
        insertions=insertions,
        trimmed=trimmed,
        start=start,
        end=end,
        passage=passage,
        context_before=_context(text, max(0, start - CONTEXT_CHARS), start),
        context_after=_context(text, end, end + CONTEXT_CHARS),
    )


CONTEXT_CHARS = 80

# A news report repeats someone else's words: finding a quote there does not
# show it was said so. Every other kind is a record of the words themselves:
# speeches, interviews and press conferences are transcripts of them, press
# releases, official documents, laws, datasets and social posts are the
# speaker's or issuer's own publication, and a video is the recording. "Other"
# counts as primary too, so that no finding is made that nobody judged.
SECONDARY_KINDS = frozenset({Source.Kind.NEWS})


def is_primary(source: Source) -> bool:
    """Whether the source is where the words were said rather than a report
    of them. An assessment of the source's reliability, when someone made
    one, wins over its kind (an opinion column is a news report, and the
    columnist's own words)."""
    if source.reliability != Source.Reliability.UNKNOWN:
        return source.reliability == Source.Reliability.PRIMARY
    return source.kind not in SECONDARY_KINDS


def assess_comparison(comparison: MatchResult, *, claim: Claim, source: Source, text: str) -> MatchResult:
    """The comparison of the claim with `text` (the source's text) with its
    findings and suggested verdict: the article's speaker is who should
    hold the floor in a transcript, and a bare role label there ("THE
    PRESIDENT") stands for the source's author or speaker."""
    speaker = claim.speaker.name if claim.speaker else claim.speaker_as_written
    return assess(
        comparison,
        text,
        speaker=speaker or None,
        principal=source.author or None,
        primary=is_primary(source),
        quote_language=_language(claim.article.language),
        source_language=_language(source.language),
    )


def _language(code: str) -> str | None:
    """The primary language subtag: "en-GB" and "en" are one language."""
    return code.replace("_", "-").split("-")[0].lower() or None


def evidence_text(evidence: Evidence) -> str:
    """The text the evidence's passage offsets refer to: the capture it was
    read from, else the source's own text."""
    if evidence.capture_id:
        return evidence.capture.text
    return text_to_compare(evidence.source)[0]


def assessed(evidence: Evidence) -> MatchResult | None:
    """The evidence's comparison with its findings: as stored, or, for one
    stored before findings existed, computed now from the text it was made
    against (left without findings when that text is gone). Writes nothing."""
    match = evidence.match
    if match is None or match.assessed:
        return match
    text = evidence_text(evidence) if match.start is not None else ""
    if match.start is not None and len(text) < match.end:
        return match
    return assess_comparison(match, claim=evidence.claim, source=evidence.source, text=text)


def suggestion_of(evidence: Evidence) -> Suggestion | None:
    match = assessed(evidence)
    return match.suggestion if match else None


def leading_suggestion(evidence: Iterable[Evidence]) -> Evidence | None:
    """The evidence whose suggested verdict the claim panel offers: of those
    with a suggestion, one where the quote was found before one where it was
    not, a primary source before a report, then the latest linked."""
    offered = [e for e in evidence if e.match and e.match.suggestion]
    if not offered:
        return None
    return max(offered, key=lambda e: (e.match.found, is_primary(e.source), e.added_at, e.pk))


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


def capture_changes(source: Source) -> list[dict]:
    """The source's captures, newest first, each saying whether its text
    differs from the capture before it or the page was gone."""
    # The archived bytes and text stay in the database: the page shows
    # the text's length only.
    captures = list(source.captures.defer("body", "text").annotate(text_chars=Length("text")))
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


# Captures listed beside other records are read without their bytes and text.
CAPTURE_LARGE_FIELDS = ("body", "text")


def latest_capture(source: Source) -> Capture | None:
    """The source's newest capture (without its bytes and text): the one
    attach_latest_captures put on the source, else read now."""
    if not hasattr(source, "newest_capture"):
        source.newest_capture = source.captures.defer(*CAPTURE_LARGE_FIELDS).first()
    return source.newest_capture


def attach_latest_captures(sources: Iterable[Source]) -> None:
    """Read the newest capture of each source with an address in one query,
    for latest_capture (a panel lists several sources)."""
    sources = [s for s in sources if s.url]
    if not sources:
        return
    newest = Capture.objects.filter(source_id=OuterRef("source_id")).order_by("-fetched_at", "-id").values("pk")[:1]
    rows = Capture.objects.filter(source__in=sources, pk=Subquery(newest)).defer(*CAPTURE_LARGE_FIELDS)
    by_source = {c.source_id: c for c in rows}
    for source in sources:
        source.newest_capture = by_source.get(source.pk)


def latest_readable_capture(source: Source) -> Capture | None:
    """The newest capture that fetched the page and read text from it."""
    readable = source.captures.filter(error="", status_code__gte=200, status_code__lt=300).exclude(text_sha256="")
    return readable.defer(*CAPTURE_LARGE_FIELDS).first()


# How much of a document's start is read for its title, author and date.
HEADER_CHARS = 20_000


def describe_document(doc: RawDocument) -> dict:
    """Title, publisher, author, date and language of a document for the
    source library, read the way an article's are (the readers' metadata,
    then the header lines the article cleaning recognises). A plain text's
    first line is its title; failing all, the file's name."""
    metadata = doc.metadata or {}
    header = clean_article(doc.text[:HEADER_CHARS], fmt=doc.fmt, metadata=metadata)
    title = metadata.get("title") or ""
    if not title and doc.fmt in ("text", "markdown"):
        title = next((line.strip().lstrip("#").strip() for line in doc.text.splitlines() if line.strip()), "")
    title = title or header.title or PurePosixPath(doc.name.replace("\\", "/")).stem
    authors = metadata.get("authors") or header.authors
    return {
        "title": fit(Source, "title", " ".join(str(title).split())),
        "publisher": fit(Source, "publisher", metadata.get("site")),
        "author": fit(Source, "author", ", ".join(authors) if isinstance(authors, list) else str(authors)),
        "published_on": header.published if isinstance(header.published, datetime.date) else None,
        "language": fit(Source, "language", header.language),
    }
