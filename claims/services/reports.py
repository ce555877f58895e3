"""Reports too large to make inside a request: a printable page or a PDF
made by a background task into a file in the default storage, with its
progress recorded as it goes, for the person who asked to download."""

from __future__ import annotations

import datetime
import io
import logging
import tempfile
from collections.abc import Iterable

from django.conf import settings
from django.core.files import File
from django.db.models import F
from django.utils import timezone

from .. import exports, report_documents
from ..models import Article, ReportJob, fit
from ..pdf import stylesheet, write_pdf_parts

logger = logging.getLogger(__name__)


class ReportRefused(ValueError):
    """The report asked for cannot be made; the message says why and what to do instead."""


def report_title(article: Article | None, claim_ids: Iterable[int]) -> str:
    if article is not None:
        return f"Fact-check report: {article.title}"
    return "Fact-check report: selected claims" if list(claim_ids) else "Fact-check report: all settled claims"


def request_report(*, by, fmt: str, article: Article | None = None, claim_ids: Iterable[int] = (),
                   site_url: str = "") -> ReportJob:
    """Record a report of the settled claims of `article`, of the claims
    `claim_ids`, or of all, and queue the task that makes it (the immediate
    backend makes it right here).
    Raises ReportRefused for a PDF longer than the task lays out."""
    claim_ids = sorted(set(claim_ids))
    total = exports.settled_claims(article.pk if article else None, claim_ids=claim_ids).count()
    limit = settings.REPORT_TASK_PDF_MAX_CLAIMS
    if fmt == ReportJob.Format.PDF and total > limit:
        raise ReportRefused(
            f"A PDF holds at most {limit:,} claims and this report has {total:,}: make it as a printable "
            "page, which holds any number, or export the claims as CSV or JSON."
        )
    from ..tasks import build_report_task

    job = ReportJob.objects.create(
        requested_by=by, fmt=fmt, article=article, claim_ids=claim_ids, total=total,
        title=fit(ReportJob, "title", report_title(article, claim_ids)), site_url=site_url,
    )
    build_report_task.enqueue(str(job.pk))
    return job


def build_report(*, job_id) -> ReportJob:
    """Make the report's file, recording how many claims are done after
    each part. A job already started (a task delivered twice) is left
    alone. A failure is recorded on the job in one plain sentence, and
    raised again for the task's own record."""
    claimed = ReportJob.objects.filter(pk=job_id, state=ReportJob.State.QUEUED).update(
        state=ReportJob.State.RUNNING, updated_at=timezone.now()
    )
    job = ReportJob.objects.select_related("article").get(pk=job_id)
    if not claimed:
        return job
    try:
        _make(job)
    except Exception:
        logger.exception("Report %s failed", job.pk)
        ReportJob.objects.filter(pk=job.pk).update(
            state=ReportJob.State.FAILED, finished_at=timezone.now(),
            error="The report could not be made because of an error on the server; ask again, or ask an "
            "administrator to look at the log.",
        )
        raise
    job.refresh_from_db()
    return job


def _make(job: ReportJob) -> None:
    claims = exports.settled_claims(job.article_id, claim_ids=job.claim_ids)
    records = report_documents.records(claims, site_url=job.site_url)
    context = report_documents.context(article=job.article, selection=job.claim_ids, count=job.total)

    def done(count: int) -> None:
        ReportJob.objects.filter(pk=job.pk).update(done=F("done") + count, updated_at=timezone.now())

    # Written to a temporary file first: the storage may be another
    # machine's (a shared volume, an object store), and takes a whole file.
    with tempfile.TemporaryFile() as out:
        if job.fmt == ReportJob.Format.PDF:
            parts = report_documents.pdf_parts(context, records, chunk=settings.REPORT_PDF_PART_CLAIMS, done=done)
            write_pdf_parts(parts, out)
        else:
            text = io.TextIOWrapper(out, encoding="utf-8")
            report_documents.write_page(context, records, text, stylesheet=stylesheet(), chunk=exports.CHUNK,
                                        done=done)
            text.detach()  # flushed into `out`, which stays open
        size = out.tell()
        out.seek(0)
        job.file.save(job.filename, File(out), save=False)
    ReportJob.objects.filter(pk=job.pk).update(
        file=job.file.name, size=size, state=ReportJob.State.DONE, finished_at=timezone.now(), updated_at=timezone.now()
    )


def delete_old_reports(*, before: datetime.datetime) -> int:
    """Delete the reports asked for before `before`, with their files.
    Returns how many."""
    deleted = 0
    for job in ReportJob.objects.filter(created_at__lt=before).only("pk", "file").iterator():
        if job.file:
            job.file.delete(save=False)
        deleted += ReportJob.objects.filter(pk=job.pk).delete()[0]
    return deleted
