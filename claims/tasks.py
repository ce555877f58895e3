"""Background work, through the Tasks API. With the immediate backend (the
default) a task runs inside the request; with the database backend a
`manage.py worker` process (db_worker, surviving database outages) runs it
and the page polls for progress. The work itself is in the services."""

from django_tasks import task

from .models import Source
from .services.captures import capture_source
from .services.imports import run_batch
from .services.library import index_source_text
from .services.originals import suggest_originals
from .services.reports import build_report


@task()
def run_import_batch(batch_id: int) -> dict:
    """Import everything in a batch (see services.imports.run_batch).
    Returns the batch's counts."""
    return run_batch(batch_id=batch_id).counts


@task()
def capture_source_task(source_id: int) -> int | None:
    """Fetch and archive a web source, then re-check the evidence citing it.
    Returns the new capture's id; None when the source has had its
    captures for this hour."""
    capture = capture_source(source=Source.objects.get(pk=source_id))
    return capture.pk if capture else None


@task()
def index_source_task(source_id: int) -> int:
    """Cut a source's text into the passages the library search reads.
    Returns how many; 0 when the source was deleted meanwhile."""
    source = Source.objects.filter(pk=source_id).first()
    return index_source_text(source=source) if source else 0


@task()
def suggest_originals_task(article_id: int) -> int:
    """Look for the originals of an imported article's quotes in the
    library and keep them as the claims' possible originals. Returns how
    many were found."""
    return suggest_originals(article_id=article_id)


@task()
def build_report_task(job_id: str) -> str:
    """Make a report too large for a request into its file (see
    services.reports). Returns the job's state."""
    return build_report(job_id=job_id).state
