"""Reports made in the background: asking for one, watching it being made,
and downloading its file. Only the person who asked sees a report here
(anyone else gets a 404), and every page needs the export permission."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import permission_required
from django.http import HttpRequest, HttpResponse, StreamingHttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.http import content_disposition_header
from django.views.decorators.http import require_GET, require_POST

from .forms import ReportRequestForm
from .models import Article, ReportJob
from .services.reports import ReportRefused, request_report
from .views import _bad_query, _partial, _site_url

# The list shows the latest reports; older ones are deleted after
# settings.REPORT_KEEP_DAYS anyway.
LIST_SIZE = 50


@require_POST
@permission_required("claims.export_claims", raise_exception=True)
def report_create(request: HttpRequest) -> HttpResponse:
    form = ReportRequestForm(request.POST)
    if not form.is_valid():
        return _bad_query(form)
    data = form.cleaned_data
    article = get_object_or_404(Article.objects.only("pk", "title"), pk=data["article"]) if data["article"] else None
    try:
        job = request_report(by=request.user, fmt=data["fmt"], article=article, claim_ids=data["claim"],
                             site_url=_site_url(request))
    except ReportRefused as exc:
        messages.error(request, str(exc))
        return redirect("claims:report-list")
    return redirect("claims:report-detail", job.pk)


@require_GET
@permission_required("claims.export_claims", raise_exception=True)
def report_list(request: HttpRequest) -> HttpResponse:
    jobs = ReportJob.objects.filter(requested_by=request.user).defer("claim_ids")[:LIST_SIZE]
    return render(request, "claims/report_list.html", {"jobs": jobs})


@require_GET
@permission_required("claims.export_claims", raise_exception=True)
def report_detail(request: HttpRequest, job_id) -> HttpResponse:
    """The report's progress; for htmx, the progress alone, which the page
    asks for again every two seconds until the report is finished."""
    job = get_object_or_404(ReportJob, pk=job_id, requested_by=request.user)
    return render(request, _partial(request, "claims/report_detail.html", "report-progress"), {"job": job})


@require_GET
@permission_required("claims.export_claims", raise_exception=True)
def report_download(request: HttpRequest, job_id) -> HttpResponse:
    job = get_object_or_404(ReportJob, pk=job_id, requested_by=request.user, state=ReportJob.State.DONE)
    content_type = "application/pdf" if job.fmt == ReportJob.Format.PDF else "text/html; charset=utf-8"
    response = StreamingHttpResponse(_read(job.file), content_type=content_type)
    # An attachment, never shown in the site's own window.
    response["Content-Disposition"] = content_disposition_header(True, job.filename)
    response["Content-Length"] = job.size
    return response


def _read(file, size: int = 256 * 1024):
    """The file's bytes a block at a time, opened only once the response is
    sent and closed when it has been."""
    with file.open("rb") as f:
        while block := f.read(size):
            yield block
