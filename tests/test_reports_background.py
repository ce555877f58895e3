"""Reports too long for a request: offered as a file made in the
background, watched while it is made, downloaded by the person who asked."""

import datetime
import io

import pytest
from django.core.management import call_command
from django.urls import reverse
from django.utils import timezone
from pypdf import PdfReader

from claims import exports, report_documents
from claims.models import Claim, ClaimEvent, ReportJob
from claims.pdf import write_pdf_parts
from claims.services import reports
from claims.services.reports import ReportRefused, build_report, delete_old_reports, request_report
from claims.services.review import change_claim
from tests.factories import make_article, make_claim

pytestmark = pytest.mark.django_db
DUMMY_TASKS = {"default": {"BACKEND": "django_tasks.backends.dummy.DummyBackend"}}


@pytest.fixture(autouse=True)
def _media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path


def _settle(claim, editor, verdict=Claim.Verdict.ACCURATE):
    return change_claim(claim=claim, by=editor, seen_version=claim.version, via=ClaimEvent.Via.COMMAND,
                        changes={"state": Claim.State.DONE, "verdict": verdict})


@pytest.fixture
def three_articles(editor):
    """Five settled claims over three articles (2, 2, 1), in report order."""
    claims = []
    for n, count in enumerate((2, 2, 1)):
        quotes = [f"Housing figure {n}-{k} is right" for k in range(count)]
        text = " ".join(f'"{q}," the minister said.' for q in quotes)
        article = make_article(text=text, title=f"Housing plan {n}")
        claims += [_settle(make_claim(article, quote=q), editor) for q in quotes]
    return claims


def _read(job: ReportJob) -> bytes:
    with job.file.open("rb") as f:
        return f.read()


def _pdf_text(data: bytes) -> list[str]:
    return [page.extract_text() for page in PdfReader(io.BytesIO(data)).pages]


# The documents, made a part at a time


def test_articles_are_named_where_their_claims_begin():
    records = [{"article_id": a} for a in (1, 1, 2, 1)]
    assert [r["new_article"] for r in report_documents.mark_article_breaks(records)] == [True, False, True, True]


def test_parts_are_joined_into_one_pdf_numbered_throughout():
    parts = [f"<p style='break-after: page'>Part {n} first</p><p>Part {n} second</p>" for n in range(3)]
    out = io.BytesIO()
    pages = write_pdf_parts(iter(parts), out)
    texts = _pdf_text(out.getvalue())
    assert pages == len(texts) == 6
    for number, text in enumerate(texts, 1):
        assert f"Page {number} of 6" in text
    assert "Part 0 first" in texts[0] and "Part 2 second" in texts[5]


def test_a_pdf_report_made_in_parts_holds_every_claim_once_numbered_throughout(editor, three_articles, settings):
    settings.REPORT_PDF_PART_CLAIMS = 2
    job = request_report(by=editor, fmt="pdf", site_url="https://desk.example")
    job.refresh_from_db()
    assert (job.state, job.done, job.total, job.percent) == ("done", 5, 5, 100)
    data = _read(job)
    assert job.size == len(data) and data.startswith(b"%PDF-")
    pages = _pdf_text(data)
    text = "\n".join(pages)
    for claim in three_articles:
        assert text.count(claim.text.rstrip(",")) == 1
    assert "5 settled claims" in text
    assert all(f"Page {n} of {len(pages)}" in page for n, page in enumerate(pages, 1))
    # Each later part carries the report's title into its margin.
    assert all("Fact-check report" in page for page in pages)


def test_a_printable_page_made_as_a_file_names_each_article_once(editor, three_articles, monkeypatch):
    # Chunks of two claims: the second article's claims straddle the chunks.
    monkeypatch.setattr(exports, "CHUNK", 2)
    job = request_report(by=editor, fmt="html")
    job.refresh_from_db()
    page = _read(job).decode()
    assert job.state == "done" and page.startswith("<!doctype html>")
    assert "<style>" in page and "@page" in page  # stands alone, without the site's static files
    for n in range(3):
        assert page.count(f"Housing plan {n}</h2>") == 1
    assert page.count('class="report-claim') == 5
    assert page.rstrip().endswith("</html>")


def test_one_articles_report_and_a_selection(editor, three_articles):
    first, *_, last = three_articles
    job = request_report(by=editor, fmt="html", article=first.article)
    assert job.title == "Fact-check report: Housing plan 0"
    job.refresh_from_db()
    assert job.total == 2 and job.filename.startswith(f"claims-article-{first.article_id}-")
    selected = request_report(by=editor, fmt="html", claim_ids=[last.pk, last.pk])
    selected.refresh_from_db()
    page = _read(selected).decode()
    assert selected.total == 1 and "Housing plan 2" in page and "Housing plan 0" not in page


def test_a_pdf_longer_than_the_task_lays_out_is_refused(editor, three_articles, settings):
    settings.REPORT_TASK_PDF_MAX_CLAIMS = 4
    with pytest.raises(ReportRefused, match="at most 4 claims and this report has 5"):
        request_report(by=editor, fmt="pdf")
    assert not ReportJob.objects.exists()


def test_a_failure_is_recorded_in_a_sentence(editor, three_articles, settings, monkeypatch):
    settings.TASKS = DUMMY_TASKS
    job = request_report(by=editor, fmt="pdf")

    def broken(parts, out):
        raise OSError("disk full")

    monkeypatch.setattr(reports, "write_pdf_parts", broken)
    with pytest.raises(OSError, match="disk full"):
        build_report(job_id=job.pk)
    job.refresh_from_db()
    assert job.state == "failed" and job.finished
    assert job.error.startswith("The report could not be made") and "disk full" not in job.error


def test_a_task_delivered_twice_makes_the_report_once(editor, three_articles):
    job = request_report(by=editor, fmt="html")
    job.refresh_from_db()
    name = job.file.name
    again = build_report(job_id=job.pk)
    assert (again.state, again.file.name, again.done) == ("done", name, 5)


def test_old_reports_are_deleted_with_their_files(editor, three_articles, tmp_path):
    old = request_report(by=editor, fmt="html")
    new = request_report(by=editor, fmt="html")
    ReportJob.objects.filter(pk=old.pk).update(created_at=timezone.now() - datetime.timedelta(days=8))
    old.refresh_from_db()
    new.refresh_from_db()
    old_file = tmp_path / old.file.name
    assert old_file.exists()
    call_command("delete_old_reports", verbosity=0)
    assert list(ReportJob.objects.all()) == [new]
    assert not old_file.exists() and (tmp_path / new.file.name).exists()
    assert delete_old_reports(before=timezone.now() + datetime.timedelta(days=1)) == 1


# The pages


def test_a_report_longer_than_a_page_is_offered_as_a_file(client, editor, three_articles, settings):
    settings.REPORT_PAGE_MAX_CLAIMS = 4
    client.force_login(editor)
    offer = client.get(reverse("claims:export", args=["html"])).content.decode()
    assert "This report holds 5 settled claims" in offer and "more than one page shows (4)" in offer
    assert f'action="{reverse("claims:report-create")}"' in offer
    assert 'value="pdf"' in offer and 'value="html"' in offer
    assert 'class="report-claim' not in offer


def test_a_pdf_of_more_claims_than_a_request_makes_is_offered_too(client, editor, three_articles, settings):
    settings.REPORT_PDF_MAX_CLAIMS = 2
    settings.REPORT_TASK_PDF_MAX_CLAIMS = 3
    client.force_login(editor)
    url = reverse("claims:export", args=["pdf"])
    first = three_articles[0]
    # Two claims: made at once.
    assert client.get(url, {"article": first.article_id})["Content-Type"] == "application/pdf"
    offer = client.get(url).content.decode()
    assert "more than a PDF made while you wait (2)" in offer
    # Five claims are more than the task lays out: only the printable page is offered.
    assert 'value="pdf"' not in offer and "A PDF holds at most 3 claims" in offer
    selection = client.get(url, {"claim": [c.pk for c in three_articles[:3]]}).content.decode()
    assert 'value="pdf"' in selection
    assert all(f'name="claim" value="{c.pk}"' in selection for c in three_articles[:3])


def test_asking_watching_and_downloading(client, editor, three_articles):
    client.force_login(editor)
    response = client.post(reverse("claims:report-create"), {"fmt": "pdf", "article": three_articles[0].article_id})
    job = ReportJob.objects.get()
    assert response.status_code == 302 and response["Location"] == reverse("claims:report-detail", args=[job.pk])
    assert (job.requested_by, job.article_id, job.state) == (editor, three_articles[0].article_id, "done")
    page = client.get(response["Location"]).content.decode()
    assert "Ready: " in page and reverse("claims:report-download", args=[job.pk]) in page
    assert "hx-trigger" not in page
    download = client.get(reverse("claims:report-download", args=[job.pk]))
    assert download["Content-Type"] == "application/pdf"
    assert download["Content-Disposition"] == f'attachment; filename="{job.filename}"'
    assert b"".join(download.streaming_content).startswith(b"%PDF-")
    listing = client.get(reverse("claims:report-list")).content.decode()
    assert f'id="report-{job.pk}"' in listing and "Housing plan 0" in listing


def test_a_report_being_made_is_polled_until_it_is_ready(client, editor, three_articles, settings):
    settings.TASKS = DUMMY_TASKS
    client.force_login(editor)
    client.post(reverse("claims:report-create"), {"fmt": "html"})
    job = ReportJob.objects.get()
    url = reverse("claims:report-detail", args=[job.pk])
    page = client.get(url).content.decode()
    assert "<html" in page and 'hx-trigger="every 2s"' in page and "Waiting to start: 0 of 5 claims" in page
    assert client.get(reverse("claims:report-download", args=[job.pk])).status_code == 404
    build_report(job_id=job.pk)
    partial = client.get(url, headers={"HX-Request": "true"}).content.decode()
    assert "<html" not in partial and partial.lstrip().startswith('<section id="report-progress"')
    assert "hx-trigger" not in partial and "Ready: " in partial


def test_a_report_whose_worker_stopped_says_so(client, editor, three_articles, settings):
    settings.TASKS = DUMMY_TASKS
    job = request_report(by=editor, fmt="pdf")
    long_ago = timezone.now() - datetime.timedelta(seconds=settings.REPORT_STALL_SECONDS + 1)
    ReportJob.objects.filter(pk=job.pk).update(state="running", done=2, updated_at=long_ago)
    client.force_login(editor)
    page = client.get(reverse("claims:report-detail", args=[job.pk]), headers={"HX-Request": "true"}).content.decode()
    assert "stopped being made at 2 of 5 claims" in page and "hx-trigger" not in page


def test_a_refused_pdf_says_why_on_the_list(client, editor, three_articles, settings):
    settings.REPORT_TASK_PDF_MAX_CLAIMS = 1
    client.force_login(editor)
    response = client.post(reverse("claims:report-create"), {"fmt": "pdf"}, follow=True)
    assert "A PDF holds at most 1 claims and this report has 5" in response.content.decode()
    assert not ReportJob.objects.exists()


def test_a_bad_request_is_a_400(client, editor):
    client.force_login(editor)
    response = client.post(reverse("claims:report-create"), {"fmt": "docx"})
    assert response.status_code == 400 and "fmt" in response.content.decode()


# Who may


def test_reports_need_the_export_permission(client, reviewer, editor, three_articles):
    job = request_report(by=editor, fmt="html")
    client.force_login(reviewer)
    assert not reviewer.has_perm("claims.export_claims")
    assert client.post(reverse("claims:report-create"), {"fmt": "html"}).status_code == 403
    for name in ("report-detail", "report-download"):
        assert client.get(reverse(f"claims:{name}", args=[job.pk])).status_code == 403
    assert client.get(reverse("claims:report-list")).status_code == 403
    assert ReportJob.objects.count() == 1


def test_a_report_is_only_its_requesters(client, editor, three_articles, django_user_model):
    job = request_report(by=editor, fmt="html")
    other = django_user_model.objects.create_user("eve")
    other.groups.add(*editor.groups.all())
    client.force_login(other)
    for name in ("report-detail", "report-download"):
        assert client.get(reverse(f"claims:{name}", args=[job.pk])).status_code == 404
    assert f"report-{job.pk}" not in client.get(reverse("claims:report-list")).content.decode()


def test_signed_out_visitors_are_sent_to_sign_in(client, editor, three_articles):
    job = request_report(by=editor, fmt="html")
    response = client.get(reverse("claims:report-download", args=[job.pk]))
    assert response.status_code == 302 and "login" in response["Location"]


def test_the_list_reads_the_same_queries_however_many_reports(client, editor, three_articles,
                                                              django_assert_max_num_queries, settings):
    settings.TASKS = DUMMY_TASKS
    client.force_login(editor)
    for size in (2, 12):
        while ReportJob.objects.count() < size:
            request_report(by=editor, fmt="html")
        with django_assert_max_num_queries(6):
            assert client.get(reverse("claims:report-list")).content.decode().count('id="report-') == size
