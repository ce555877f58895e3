"""Import batches: one request from the import page (pasted text, uploaded
files or a web address), run as a background task that records each
item's outcome and the progress as it goes."""

from __future__ import annotations

from collections.abc import Iterable

from django.core.files.uploadedfile import UploadedFile
from django.db import transaction
from django.utils import timezone

from ..importers import ImportOutcome, Status, import_text, import_upload, import_url, size_refusal
from ..models import ImportBatch, ImportUpload


def start_import(
    *, by, text: str = "", title: str = "", files: Iterable[UploadedFile] = (), url: str = ""
) -> ImportBatch:
    """Create a batch with its uploads and queue it. A file over the size
    limit is refused on the spot, its bytes never read or stored, and
    counts as a processed item. The task is queued after the batch is
    committed, so that a worker on another machine finds it; the immediate
    backend runs it right here. Returns the batch as it is after queueing."""
    from ..tasks import run_import_batch

    with transaction.atomic():
        batch = ImportBatch.objects.create(created_by=by, url=url or "", title=title)
        uploads, refused = [], []
        for f in files:
            reason = size_refusal(f.size)
            if reason:
                refused.append(ImportOutcome(f.name, Status.FAILED, reason))
            else:
                uploads.append(ImportUpload(batch=batch, name=f.name, data=f.read()))
        if text.strip():
            uploads.append(ImportUpload(batch=batch, name="pasted text", data=b"", text=text))
        ImportUpload.objects.bulk_create(uploads)
        batch.total = len(uploads) + len(refused) + (1 if batch.url else 0)
        _record(batch, refused, items=len(refused))
    run_import_batch.enqueue(batch.pk)
    batch.refresh_from_db()
    return batch


def run_batch(*, batch_id: int) -> ImportBatch:
    """Import everything in a batch, recording each item's outcome and the
    progress as it goes. Uploaded bytes are dropped once read. A batch that
    stops on an error nobody foresaw is marked failed with the reason, and
    the error raised again for the task's own record."""
    batch = ImportBatch.objects.get(pk=batch_id)
    batch.state = ImportBatch.State.RUNNING
    batch.save(update_fields=["state"])
    user = batch.created_by
    try:
        if batch.url:
            _record(batch, [import_url(batch.url, imported_by=user)])
        for upload in batch.uploads.all():
            if upload.text:
                outcomes = [import_text(text=upload.text, name=upload.name, imported_by=user, title=batch.title)]
            else:
                outcomes = import_upload(name=upload.name, data=bytes(upload.data), imported_by=user)
            # A zip counts as one upload but reports many items.
            _record(batch, outcomes, items=1)
            upload.delete()
    except Exception as exc:
        _finish(batch, ImportBatch.State.FAILED, error=f"The import stopped: {exc}")
        raise
    _finish(batch, ImportBatch.State.DONE)
    return batch


def _record(batch: ImportBatch, outcomes: list[ImportOutcome], *, items: int | None = None) -> None:
    """Add outcomes to the batch. `items` is how many of the batch's counted
    items they stand for (one upload, however many articles a zip held);
    the total grows by the difference."""
    items = len(outcomes) if items is None else items
    with transaction.atomic():
        # The article text is on the article; the batch keeps the outcome only.
        batch.outcomes = batch.outcomes + [{**o.to_dict(), "text": None} for o in outcomes]
        batch.total += max(len(outcomes) - items, 0)
        batch.processed += len(outcomes)
        batch.save(update_fields=["outcomes", "total", "processed"])


def _finish(batch: ImportBatch, state: str, *, error: str = "") -> None:
    batch.state, batch.error, batch.finished_at = state, error, timezone.now()
    batch.save(update_fields=["state", "error", "finished_at"])
