"""Import batches: one request from the import page (pasted text, uploaded
files or a web address), run as a background task that records each
item's outcome and the progress as it goes."""

from __future__ import annotations

import datetime
from collections.abc import Iterable
from functools import partial

from django.conf import settings
from django.core.files.uploadedfile import UploadedFile
from django.db import transaction
from django.utils import timezone

from ..import_pool import in_processes
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
        stored, refused = 0, []
        for f in files:
            reason = size_refusal(f.size)
            if reason:
                refused.append(ImportOutcome(f.name, Status.FAILED, reason))
            else:
                # One file's bytes in memory at a time: the uploads wait on
                # disk (claims.uploads) until each is stored.
                ImportUpload.objects.create(batch=batch, name=f.name, data=f.read())
                stored += 1
        if text.strip():
            ImportUpload.objects.create(batch=batch, name="pasted text", data=b"", text=text)
            stored += 1
        batch.total = stored + len(refused) + (1 if batch.url else 0)
        _record(batch, refused, items=len(refused))
    run_import_batch.enqueue(batch.pk)
    batch.refresh_from_db()
    return batch


def run_batch(*, batch_id: int) -> ImportBatch:
    """Import everything in a batch, recording each item's outcome and the
    progress as it goes. Uploaded bytes are dropped once read. A batch that
    stops on an error nobody foresaw is marked failed, saying how many items
    finished, and the error raised again for the task's own record.

    Running a batch again after its worker died resumes it: the items whose
    outcome was recorded are gone from its uploads, and an item caught half
    way is imported again, its articles found as duplicates of themselves."""
    batch = ImportBatch.objects.get(pk=batch_id)
    if batch.state in (ImportBatch.State.DONE, ImportBatch.State.FAILED):
        return batch
    batch.state, batch.heartbeat = ImportBatch.State.RUNNING, timezone.now()
    batch.attempts += 1
    batch.save(update_fields=["state", "heartbeat", "attempts"])
    user = batch.created_by
    try:
        if batch.url and not any(o["file"] == batch.url for o in batch.outcomes):
            _record(batch, [import_url(batch.url, imported_by=user)])
        uploads = list(batch.uploads.order_by("pk").values_list("pk", flat=True))
        imports = in_processes(
            partial(_import_upload, imported_by=user, title=batch.title), uploads, workers=settings.IMPORT_WORKERS
        )
        for upload_id, outcomes in zip(uploads, imports):
            # A zip counts as one upload but reports many items. Its outcome
            # and the removal of its bytes commit together, so that a resumed
            # run neither skips nor counts it twice.
            with transaction.atomic():
                _record(batch, outcomes, items=1)
                ImportUpload.objects.filter(pk=upload_id).delete()
    except Exception:
        # The person watching the page is told what finished, in words; the
        # error itself is raised again for the task's own record.
        _finish(
            batch,
            ImportBatch.State.FAILED,
            error=(
                f"The import stopped on an unexpected error: {batch.processed} of {batch.total} items finished "
                "(listed below); the rest were not imported."
            ),
        )
        raise
    _finish(batch, ImportBatch.State.DONE)
    return batch


def _import_upload(upload_id: int, *, imported_by, title: str) -> list[ImportOutcome]:
    """Import one stored upload. Its bytes are loaded here, one upload's at
    a time, not the whole batch's."""
    upload = ImportUpload.objects.get(pk=upload_id)
    if upload.text:
        return [import_text(text=upload.text, name=upload.name, imported_by=imported_by, title=title)]
    return import_upload(name=upload.name, data=bytes(upload.data), imported_by=imported_by)


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
        batch.heartbeat = timezone.now()
        batch.save(update_fields=["outcomes", "total", "processed", "heartbeat"])


def _finish(batch: ImportBatch, state: str, *, error: str = "") -> None:
    batch.state, batch.error, batch.finished_at = state, error, timezone.now()
    batch.save(update_fields=["state", "error", "finished_at"])


def recover_interrupted(*, batch_ids: Iterable[int] | None = None) -> list[ImportBatch]:
    """Batches left running by a task that died (its worker killed or the
    machine restarted): not heard from in settings.IMPORT_STALL_SECONDS.
    Each is queued again to resume, or, once it has been tried
    settings.IMPORT_MAX_ATTEMPTS times, marked failed saying what finished,
    its remaining uploads released. Safe to run from several processes at
    once: each batch is taken under a row lock and re-checked. Returns the
    batches recovered, as they are now."""
    from ..tasks import run_import_batch

    cutoff = timezone.now() - datetime.timedelta(seconds=settings.IMPORT_STALL_SECONDS)
    stalled = ImportBatch.objects.filter(state=ImportBatch.State.RUNNING, heartbeat__lt=cutoff)
    if batch_ids is not None:
        stalled = stalled.filter(pk__in=list(batch_ids))
    recovered = []
    for pk in stalled.values_list("pk", flat=True):
        with transaction.atomic():
            batch = stalled.select_for_update().filter(pk=pk).first()
            if batch is None:  # recovered by another process meanwhile
                continue
            if batch.attempts < settings.IMPORT_MAX_ATTEMPTS:
                batch.state, batch.heartbeat = ImportBatch.State.QUEUED, timezone.now()
                batch.save(update_fields=["state", "heartbeat"])
                transaction.on_commit(lambda pk=pk: run_import_batch.enqueue(pk))
            else:
                batch.uploads.all().delete()
                _finish(
                    batch,
                    ImportBatch.State.FAILED,
                    error=(
                        f"The import was interrupted {batch.attempts} times and has been stopped: "
                        f"{batch.processed} of {batch.total} items finished (listed below); the rest were not imported."
                    ),
                )
        batch.refresh_from_db()
        recovered.append(batch)
    return recovered
