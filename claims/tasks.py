"""Background work, through the Tasks API. With the immediate backend (the
default) a task runs inside the request; with the database backend a
`manage.py db_worker` process runs it and the page polls for progress."""

from django.db import transaction
from django.utils import timezone
from django_tasks import task

from .importers import ImportOutcome, import_text, import_upload, import_url
from .models import ImportBatch, Source
from .sources import capture_source


@task()
def run_import_batch(batch_id: int) -> dict:
    """Import everything in a batch, recording each item's outcome and the
    progress as it goes. Uploaded bytes are dropped once read."""
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
            _record(batch, outcomes)
            upload.delete()
    except Exception as exc:  # the batch must end, and say why
        batch.state = ImportBatch.State.FAILED
        batch.error = f"The import stopped: {exc}"
        batch.finished_at = timezone.now()
        batch.save(update_fields=["state", "error", "finished_at"])
        raise
    batch.state = ImportBatch.State.DONE
    batch.finished_at = timezone.now()
    batch.save(update_fields=["state", "finished_at"])
    return batch.counts


def _record(batch: ImportBatch, outcomes: list[ImportOutcome]) -> None:
    with transaction.atomic():
        batch.outcomes = batch.outcomes + [{**o.to_dict(), "text": None} for o in outcomes]
        # A zip counts as one upload but reports many items.
        batch.total += max(len(outcomes) - 1, 0)
        batch.processed += len(outcomes)
        batch.save(update_fields=["outcomes", "total", "processed"])


@task()
def capture_source_task(source_id: int) -> int:
    """Fetch and archive a web source, then re-check the evidence citing it.
    Returns the new capture's id."""
    return capture_source(Source.objects.get(pk=source_id)).pk
