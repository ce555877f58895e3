"""The source library: adding sources, saving an admin's edits, merging
duplicates. One record per page: addresses are compared in canonical form."""

from __future__ import annotations

from django.core.files import File
from django.db import transaction

from ..canonical import canonical_url
from ..models import Capture, Evidence, Source
from ..readers import RejectedInput
from ..sources import read_source_document


def create_source(*, by=None, document: File | None = None, **fields) -> tuple[Source, bool]:
    """Create a source, or return the library's existing one for the same
    page (same canonical URL). Returns (source, created).

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
    return Source.objects.create(created_by=by, document=document or "", **fields), True


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
    source.save()
    return warning


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
