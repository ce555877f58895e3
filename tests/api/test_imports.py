"""Imports through the API: the import page's batches and task."""

import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django_tasks import task_backends

from claims.models import Article, ImportBatch
from claims.services.imports import start_import

pytestmark = pytest.mark.django_db

TEXT = '"Rates will fall," the governor, Max Stone, said on Tuesday.'
PAGE = (
    "<html><head><title>Harbour plan approved</title></head><body><article><h1>Harbour plan approved</h1>"
    '<p>"We will open the new quay next spring," the mayor, Ann Lee, said on Monday.</p></article></body></html>'
)


class _Page(BaseHTTPRequestHandler):
    def do_GET(self):
        body = PAGE.encode()
        self.send_response(200)
        self.send_header("Content-Type", "text/html; charset=utf-8")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, *args):
        pass


@pytest.fixture
def site(settings):
    """A local web server standing in for a news site; only it is exempt from the address check."""
    settings.FETCH_ALLOW_ADDRESSES = ["127.0.0.1/32"]
    server = ThreadingHTTPServer(("127.0.0.1", 0), _Page)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_port}/news/harbour"
    server.shutdown()
    server.server_close()
    thread.join()


def test_a_pasted_text_is_imported(api, editor):
    response = api.as_(editor).post("imports", {"text": TEXT, "title": "Rates"})
    assert response.status_code == 201
    article = Article.objects.get()
    batch = ImportBatch.objects.get()
    assert (article.title, article.imported_by) == ("Rates", editor)
    assert article.claims.filter(text__contains="Rates will fall").exists()
    data = response.json()
    assert (data["id"], data["state"], data["percent"]) == (batch.pk, "done", 100)
    assert data["counts"] == {"imported": 1, "duplicate": 0, "failed": 0}
    assert [(o["status"], o["article_id"]) for o in data["outcomes"]] == [("imported", article.pk)]


def test_the_same_text_again_is_a_duplicate(api, editor):
    api.as_(editor).post("imports", {"text": TEXT})
    data = api.post("imports", {"text": TEXT}).json()
    assert data["counts"]["duplicate"] == 1
    assert Article.objects.count() == 1


def test_a_web_address_is_imported_by_the_import_task(api, editor, site):
    response = api.as_(editor).post("imports", {"url": site})
    assert response.status_code == 201
    article = Article.objects.get()
    assert (article.title, article.source_url) == ("Harbour plan approved", site)
    assert response.json()["outcomes"][0]["article_id"] == article.pk


def test_a_web_address_waits_for_a_worker_when_one_runs_the_tasks(api, editor, settings):
    settings.TASKS = {"default": {"BACKEND": "django_tasks.backends.dummy.DummyBackend"}}
    data = api.as_(editor).post("imports", {"url": "https://example.org/news/1"}).json()
    batch = ImportBatch.objects.get()
    assert (data["state"], data["url"], data["total"], data["processed"]) == ("queued", batch.url, 1, 0)
    assert [(r.task.name, r.args) for r in task_backends["default"].results] == [("run_import_batch", [batch.pk])]
    assert not Article.objects.exists()


@pytest.mark.parametrize("body, fields", [
    ({}, {"non_field_errors"}),
    ({"text": TEXT, "url": "https://example.org/a"}, {"non_field_errors"}),
    # As on the import page: the address is wrong, said once, on the address.
    ({"url": "not an address at all"}, {"url"}),
    ({"text": TEXT, "title": "t" * 501}, {"title"}),
])
def test_an_invalid_import_names_the_field(api, editor, body, fields):
    response = api.as_(editor).post("imports", body)
    assert response.status_code == 422
    assert set(response.json()["fields"]) == fields
    assert not ImportBatch.objects.exists()


def _upload(client, key: str, files, **data):
    return client.post("/api/imports/files", {"files": files, **data}, headers={"Authorization": f"Bearer {key}"})


def test_uploaded_files_are_imported(client, editor, token_for):
    files = [SimpleUploadedFile("a.txt", TEXT.encode()),
             SimpleUploadedFile("b.md", b'# Budget\n\n"We will cut taxes," the minister, Ann Lee, said.')]
    response = _upload(client, token_for(editor), files)
    assert response.status_code == 201
    assert response.json()["counts"] == {"imported": 2, "duplicate": 0, "failed": 0}
    assert sorted(Article.objects.values_list("filename", flat=True)) == ["a.txt", "b.md"]


def test_too_many_files_are_refused_before_any_is_kept(client, editor, token_for, settings):
    settings.DATA_UPLOAD_MAX_NUMBER_FILES = 2
    files = [SimpleUploadedFile(f"{n}.txt", TEXT.encode()) for n in range(3)]
    response = _upload(client, token_for(editor), files)
    assert response.status_code == 400
    assert response.json()["code"] == "too_many_files"
    assert not ImportBatch.objects.exists()


def test_a_reviewer_cannot_import(api, client, reviewer, token_for):
    assert api.as_(reviewer).post("imports", {"text": TEXT}).status_code == 403
    assert _upload(client, token_for(reviewer), [SimpleUploadedFile("a.txt", TEXT.encode())]).status_code == 403
    assert not ImportBatch.objects.exists() and not Article.objects.exists()


def test_an_imports_progress(api, editor, settings):
    settings.TASKS = {"default": {"BACKEND": "django_tasks.backends.dummy.DummyBackend"}}
    batch = start_import(by=editor, text=TEXT)
    data = api.as_(editor).get(f"imports/{batch.pk}").json()
    assert (data["state"], data["processed"], data["total"], data["percent"]) == ("queued", 0, 1, 0)


def test_someone_elses_import_is_not_found(api, editor, admin_user):
    batch = start_import(by=admin_user, text=TEXT)
    response = api.as_(editor).get(f"imports/{batch.pk}")
    assert response.status_code == 404
