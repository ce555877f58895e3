"""The source library: adding sources, saving an admin's edits, merging
duplicates, importing documents in bulk, and keeping the passages that the
library-wide search reads (claims.originals) in step with each source's
text. One record per page: addresses are compared in canonical form; one
record per text: a document whose words are already in the library is a
duplicate."""

from __future__ import annotations

import logging
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path

from django.conf import settings
from django.core.files import File
from django.db import IntegrityError, connection, transaction

from ..bulk import insert_rows
from ..canonical import canonical_url
from ..models import Capture, Evidence, ImportStatus, Source, SourcePassage
from ..originals import passage_spans
from ..readers import RawDocument, RejectedInput, read_many
from ..sources import describe_document, read_source_document, text_to_compare

logger = logging.getLogger(__name__)


def create_source(*, by=None, document: File | None = None, **fields) -> tuple[Source, bool]:
    """Create a source, or return the library's existing one for the same
    page (same canonical URL), also when another request adds it at the
    same moment. Returns (source, created).

    An uploaded `document` is kept and, when no text is given, its words
    (and page spans) become the text quotes are checked against; a
    document whose text cannot be read raises RejectedInput before
    anything is written."""
    url = fields.get("url") or ""
    if url:
        fields["canonical_url"] = canonical_url(url)
        existing = Source.objects.filter(canonical_url=fields["canonical_url"]).first()
        if existing:
            return existing, False
    if document and not fields.get("text"):
        fields["text"], fields["pages"] = read_source_document(document.name, document.read())
        document.seek(0)
    fields["text_hash"] = Source.hash_text(fields.get("text") or "")
    try:
        with transaction.atomic():
            source = Source.objects.create(created_by=by, document=document or "", **fields)
    except IntegrityError:
        # Someone added the same page since the lookup above: theirs is the
        # library's record (source_unique_canonical_url).
        existing = Source.objects.filter(canonical_url=fields.get("canonical_url") or "").first() if url else None
        if existing is None:
            raise
        return existing, False
    if source.text:
        schedule_indexing(source=source)
    return source, True


def save_source(*, source: Source, by, document_changed: bool) -> str:
    """Save a source edited as a whole (the admin's form): the canonical
    address follows the address, a newly uploaded document gives its text
    when the source has none, and a new source records who added it.
    Returns a warning for the person when the document's text could not be
    read (the document is still kept), else ""."""
    warning = ""
    source.canonical_url = canonical_url(source.url) if source.url else ""
    if document_changed and source.document and not source.text:
        try:
            source.text, source.pages = read_source_document(source.document.name, source.document.read())
        except RejectedInput as exc:
            warning = f"The document was kept, but its text could not be read: {exc}"
        source.document.seek(0)
    if source.pk is None:
        source.created_by = by
    before = Source.objects.filter(pk=source.pk).values_list("text_hash", flat=True).first() if source.pk else None
    source.text_hash = Source.hash_text(source.text)
    source.save()
    if source.text_hash != before:
        schedule_indexing(source=source)
    return warning


class MergeRefused(ValueError):
    """Two sources that cannot be merged, with the reason for the person."""


def merge_sources(*, keep: Source, duplicate: Source) -> Source:
    """Merge a duplicate source into `keep`: its evidence and captures are
    re-pointed, empty fields of `keep` filled from it, then it is deleted.
    Nothing cited is lost.

    Captures are archives of one page: they move only when both sources are
    that page (or `keep` has no address and takes the duplicate's). Merging
    sources of two different addresses when the duplicate holds captures is
    refused (MergeRefused), since the captures can be neither moved to an
    unrelated page nor deleted."""
    if (
        keep.canonical_url
        and duplicate.canonical_url
        and keep.canonical_url != duplicate.canonical_url
        and duplicate.captures.exists()
    ):
        raise MergeRefused(
            f"“{duplicate}” has archived captures of {duplicate.url}, a different page from “{keep}” "
            f"({keep.url}). Captures are never moved between pages: link the claims to the right source instead."
        )
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
        if "text" in filled:
            keep.text_hash = Source.hash_text(keep.text)
            filled.append("text_hash")
        if filled:
            keep.save(update_fields=filled)
        # Its text, or a capture it took over, may now be what quotes are
        # compared with.
        schedule_indexing(source=keep)
    return keep


# Passages for the library-wide search.


def index_source_text(*, source: Source) -> int:
    """Replace the source's passages (claims.originals) with those of the
    text quotes are compared with: its own text, else its newest successful
    capture's. Returns how many passages it now has."""
    with transaction.atomic():
        # Two indexings of one source at once (two captures) take turns, and
        # each reads the text as it is once it has the row.
        list(Source.objects.select_for_update().filter(pk=source.pk).values_list("pk", flat=True))
        text, capture = text_to_compare(source)
        rows = [
            {"source_id": source.pk, "capture_id": capture.pk if capture else None, "seq": n, "start": a, "end": b,
             "text": text[a:b]}
            for n, (a, b) in enumerate(passage_spans(text))
        ]
        SourcePassage.objects.filter(source_id=source.pk).delete()
        insert_rows(SourcePassage, rows)
    return len(rows)


def schedule_indexing(*, source: Source) -> None:
    """Index the source's text now when it is short (settings.
    PASSAGES_INLINE_CHARS), else in a background task once the current
    transaction has committed, so that a worker finds the source; until the
    task has run, the search does not see the new text."""
    from ..tasks import index_source_task

    text, _ = text_to_compare(source)
    if len(text) <= settings.PASSAGES_INLINE_CHARS:
        index_source_text(source=source)
    else:
        transaction.on_commit(lambda: index_source_task.enqueue(source.pk))


# Importing documents in bulk (manage.py import_sources).

UNEXPECTED_ERROR = "This document could not be added because of an unexpected error; nothing of it was stored."


@dataclass
class SourceImportOutcome:
    """What became of one document: imported, duplicate or failed."""

    name: str
    status: str
    reason: str = ""
    source: Source | None = None

    def to_dict(self) -> dict:
        return {
            "file": self.name,
            "status": self.status,
            "source_id": self.source.pk if self.source else None,
            "title": self.source.title if self.source else None,
            "reason": self.reason,
        }


def add_source_document(*, doc: RawDocument, by=None, kind: str = Source.Kind.OTHER) -> SourceImportOutcome:
    """Add one read document to the library as a source with its text (and
    page spans), title, publisher, author and date as far as they can be
    read, and its passages. A document whose text (words, not layout) is
    already a source's is a duplicate and writes nothing. One transaction
    per document; on PostgreSQL a lock on the text's hash makes the second
    of two imports of one text at once wait, then report the duplicate."""
    if not doc.text.strip():
        return SourceImportOutcome(doc.name, ImportStatus.FAILED, "No text could be read from this document.")
    text_hash = Source.hash_text(doc.text)
    fields = describe_document(doc)
    with transaction.atomic():
        if connection.vendor == "postgresql":
            with connection.cursor() as cursor:
                cursor.execute("SELECT pg_advisory_xact_lock(hashtextextended(%s, 0))", [text_hash])
        existing = Source.objects.filter(text_hash=text_hash).order_by("pk").first()
        if existing:
            return SourceImportOutcome(doc.name, ImportStatus.DUPLICATE, "Already in the library.", existing)
        source = Source.objects.create(
            **fields, kind=kind, text=doc.text, text_hash=text_hash, pages=[list(p) for p in doc.pages or []],
            created_by=by,
        )
        schedule_indexing(source=source)
    return SourceImportOutcome(doc.name, ImportStatus.IMPORTED, "", source)


def import_source_paths(
    paths: Iterable[str | Path], *, by=None, kind: str = Source.Kind.OTHER
) -> Iterator[SourceImportOutcome]:
    """Add the documents in files, folders (searched recursively) and zips
    to the library, one outcome per document; one that fails never stops
    the others."""
    from ..importers import ImportOutcome, expand_paths

    for path in expand_paths(paths):
        if isinstance(path, ImportOutcome):
            yield SourceImportOutcome(path.name, ImportStatus.FAILED, path.reason)
        else:
            yield from import_source_file(path, by=by, kind=kind)


def import_source_file(path: Path, *, by=None, kind: str = Source.Kind.OTHER) -> Iterator[SourceImportOutcome]:
    """Add one file's documents (a zip's members one by one) to the library."""
    from ..importers import size_refusal

    try:
        reason = size_refusal(path.stat().st_size)
        data = b"" if reason else path.read_bytes()
    except OSError as exc:
        yield SourceImportOutcome(str(path), ImportStatus.FAILED, f"Could not read the file: {exc.strerror or exc}.")
        return
    if reason:
        yield SourceImportOutcome(str(path), ImportStatus.FAILED, reason)
        return
    limits = {"max_bytes": settings.IMPORT_MAX_BYTES, "max_members": settings.IMPORT_MAX_ZIP_MEMBERS}
    for item in read_many(str(path), data, **limits):
        if isinstance(item, RejectedInput):
            yield SourceImportOutcome(item.name or str(path), ImportStatus.FAILED, str(item))
            continue
        try:
            yield add_source_document(doc=item, by=by, kind=kind)
        except Exception:
            logger.exception("Adding %s to the library failed", item.name)
            yield SourceImportOutcome(item.name, ImportStatus.FAILED, UNEXPECTED_ERROR)
