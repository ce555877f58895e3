"""Bad input through the real import paths, the web form and the command:
each gets its own message, nothing of it is stored, a good file beside it
still goes in, and the next request is served as usual."""

import datetime
import html
import io
import json
import re
import socket
import threading
import time
from dataclasses import dataclass
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command
from django.core.management.base import CommandError
from django.urls import reverse
from django.utils import timezone
from django.utils.html import escape

from claims.canonical import canonical_url
from claims.fetch_notices import day
from claims.importers import ImportOutcome, Status
from claims.models import Article, Claim, ImportBatch, Speaker
from tests.readers.test_readers import (
    ARTICLE_PAGE,
    THREE_PAGES,
    make_damaged_pdf,
    make_encrypted_pdf,
    make_pdf,
    make_zip,
)

pytestmark = pytest.mark.django_db

GOOD_NAME = "good.txt"
GOOD = (
    "“We will finish the bridge by June,” the mayor, Ann Lee, said on Monday.\n\n"
    "“The money is there and the crews are ready,” Lee added, speaking to reporters at the site.\n"
)


def _truncated_pdf() -> bytes:
    data = make_pdf(THREE_PAGES)
    return data[: len(data) // 2]


@dataclass
class Case:
    id: str
    # Each file as (name, bytes); a zip may hold the good article itself.
    files: list[tuple[str, bytes]]
    # Every message the person who sent the files must see, each for one item.
    messages: list[str]
    good_inside: bool = False
    max_bytes: int | None = None

    def all_files(self) -> list[tuple[str, bytes]]:
        return self.files if self.good_inside else [*self.files, (GOOD_NAME, GOOD.encode())]


PNG = b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + bytes(range(256)) * 4
NOISE = bytes(128 + (i * 37) % 128 for i in range(3000))

CASES = [
    Case("empty", [("empty.txt", b"")], ["The file is empty."]),
    Case("blank", [("blank.md", b" \n\n\t \n")], ["The file is empty."]),
    Case("binary-as-txt", [("photo.txt", PNG)], ["This file holds binary data, not text."]),
    Case(
        "undecodable",
        [("noise.txt", NOISE)],
        ["The text's encoding could not be recognised; save it as UTF-8 and try again."],
    ),
    Case(
        "truncated-pdf",
        [("cut.pdf", _truncated_pdf())],
        ["The PDF is incomplete (it was cut off); send the whole file."],
    ),
    Case(
        "encrypted-pdf",
        [("locked.pdf", make_encrypted_pdf())],
        ["The PDF is password-protected; remove the password and send it again."],
    ),
    Case(
        "damaged-pdf",
        [("damaged.pdf", make_damaged_pdf())],
        ["The PDF is damaged and could not be read; save or export it again and send the new copy."],
    ),
    Case(
        "scan-pdf",
        [("scan.pdf", make_pdf([[], []]))],
        ["This PDF has no text layer (it looks like a scan); it needs OCR before it can be imported."],
    ),
    Case(
        "unparsable-html",
        [("broken.html", b"<!-- a comment that never closes <p>The council met.</p>")],
        ["The page's HTML is too broken to read; no article text was found in it."],
    ),
    Case(
        "html-without-text",
        [("junk.html", b"<html><body><div><span></span><<<>>></div></body>")],
        ["No article text was found in this page."],
    ),
    Case(
        "docx-not-zip",
        [("report.docx", b"This is plain text saved with the wrong name.")],
        ["This is not a Word .docx file; save it as .docx and try again."],
    ),
    Case(
        "zip-bomb",
        [("bomb.zip", make_zip({"bomb.txt": b"\x00" * 20_000_000}))],
        ["The zip file unpacks to far more data than it holds (a zip bomb); it was not opened."],
    ),
    Case(
        "zip-thousands",
        [("many.zip", make_zip({f"notes/{i}.txt": b"a note" for i in range(3000)}))],
        ["The zip file holds 3,000 files; at most 500 can be imported at once."],
    ),
    Case(
        "zip-unsafe-paths",
        [("paths.zip", make_zip({"../evil.txt": b"escape", "/etc/passwd.txt": b"absolute", GOOD_NAME: GOOD.encode()}))],
        [
            "The zip entry '../evil.txt' points outside the archive; it was not read.",
            "The zip entry '/etc/passwd.txt' points outside the archive; it was not read.",
        ],
        good_inside=True,
    ),
    Case(
        "over-size-limit",
        [("long.txt", b"Words and more words. " * 200)],
        ["The file is 4,400 bytes, over the 2,000-byte limit."],
        max_bytes=2000,
    ),
]


def _assert_only_the_good_article_was_stored() -> Article:
    article = Article.objects.get()
    assert "We will finish the bridge by June" in article.cleaned_text
    assert not Claim.objects.exclude(article=article).exists()
    assert article.claims.filter(kind="quote").count() == 2
    assert list(Speaker.objects.values_list("name", flat=True)) == ["Ann Lee"]
    return article


def _assert_still_serving(client, article: Article) -> None:
    response = client.get(reverse("claims:article-list"))
    assert response.status_code == 200
    assert reverse("claims:article-detail", args=[article.pk]) in response.content.decode()


@pytest.mark.parametrize("case", CASES, ids=lambda case: case.id)
def test_web_upload_reports_the_bad_file_and_imports_the_good_one(case, client, editor, settings):
    if case.max_bytes:
        settings.IMPORT_MAX_BYTES = case.max_bytes
    client.force_login(editor)
    uploads = [SimpleUploadedFile(name, data) for name, data in case.all_files()]
    response = client.post(reverse("claims:article-import"), {"files": uploads}, follow=True)

    batch = ImportBatch.objects.get()
    assert response.redirect_chain == [(reverse("claims:import-batch", args=[batch.pk]), 302)]
    page = response.content.decode()
    for message in case.messages:
        assert escape(message) in page
    assert batch.state == ImportBatch.State.DONE
    assert sorted(o["status"] for o in batch.outcomes) == ["failed"] * len(case.messages) + ["imported"]
    assert sorted(o["reason"] for o in batch.outcomes if o["status"] == "failed") == sorted(case.messages)
    assert not batch.uploads.exists()
    article = _assert_only_the_good_article_was_stored()
    _assert_still_serving(client, article)


@pytest.mark.parametrize("case", CASES, ids=lambda case: case.id)
def test_command_reports_the_bad_file_and_imports_the_good_one(case, tmp_path, settings):
    if case.max_bytes:
        settings.IMPORT_MAX_BYTES = case.max_bytes
    paths = []
    for name, data in case.all_files():
        path = tmp_path / name
        path.write_bytes(data)
        paths.append(str(path))
    out = io.StringIO()
    with pytest.raises(CommandError, match=rf"{len(case.messages)} item\(s\) failed"):
        call_command("import_articles", "--json", *paths, stdout=out, stderr=io.StringIO())

    records = [json.loads(line) for line in out.getvalue().splitlines()]
    assert sorted(r["reason"] for r in records if r["status"] == "failed") == sorted(case.messages)
    [imported] = [r for r in records if r["status"] == "imported"]
    assert Path(imported["file"]).name == GOOD_NAME
    assert imported["article_id"] == _assert_only_the_good_article_was_stored().pk


def test_nul_characters_are_dropped_not_fatal(client, editor):
    """PostgreSQL cannot store U+0000; a page or text holding one still imports."""
    client.force_login(editor)
    page = (
        b'<html><head><meta charset="utf-8"></head>'
        b"<body><p>The council approved\x00 the harbour plan on Tuesday.</p></body></html>"
    )
    utf16 = "The port reopened on Friday after the\x00 storm, officials said.".encode("utf-16")
    files = [SimpleUploadedFile("page.html", page), SimpleUploadedFile("note.txt", utf16)]
    client.post(reverse("claims:article-import"), {"files": files})
    batch = ImportBatch.objects.get()
    assert [o["status"] for o in batch.outcomes] == ["imported", "imported"]
    assert all("\x00" not in a.raw_text + a.cleaned_text for a in Article.objects.all())


# Web addresses


class _Site:
    """What the local test server answers, and how often it was asked."""

    body = ARTICLE_PAGE.encode()
    content_type = "text/html; charset=utf-8"
    requests = 0


class _Handler(BaseHTTPRequestHandler):
    def do_GET(self):
        _Site.requests += 1
        self.send_response(200)
        self.send_header("Content-Type", _Site.content_type)
        self.send_header("Content-Length", str(len(_Site.body)))
        self.end_headers()
        self.wfile.write(_Site.body)

    def log_message(self, *args):
        pass


@pytest.fixture
def site(settings):
    """A local web server standing in for a news site; only it is exempt from
    the address check."""
    settings.FETCH_ALLOW_ADDRESSES = ["127.0.0.1/32"]
    server = ThreadingHTTPServer(("127.0.0.1", 0), _Handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    _Site.body, _Site.content_type, _Site.requests = ARTICLE_PAGE.encode(), "text/html; charset=utf-8", 0
    yield f"http://127.0.0.1:{server.server_port}/news/harbour"
    server.shutdown()
    server.server_close()
    thread.join()


@pytest.fixture
def silent_server(settings):
    """An address that accepts the connection and then never says a word."""
    settings.FETCH_ALLOW_ADDRESSES = ["127.0.0.1/32"]
    listener = socket.socket()
    listener.bind(("127.0.0.1", 0))
    listener.listen(8)
    yield f"http://127.0.0.1:{listener.getsockname()[1]}/slow"
    listener.close()


def _import_url(client, url: str):
    return client.post(reverse("claims:article-import"), {"url": url}, follow=True)


def _today() -> str:
    return day(timezone.localdate(), today=timezone.localdate())


DNS = "Refused: gone.example could not be resolved ([Errno -2] Name or service not known)."


def _failed_batch(editor, *, reason: str = DNS, fetch_failed: bool = True, days_ago: int = 0) -> ImportBatch:
    """A finished batch as the import records it when its address failed."""
    at = timezone.now() - datetime.timedelta(days=days_ago)
    outcome = ImportOutcome("https://gone.example/news", Status.FAILED, reason, fetch_failed=fetch_failed)
    return ImportBatch.objects.create(
        created_by=editor, url=outcome.name, state=ImportBatch.State.DONE, total=1, processed=1,
        created_at=at, finished_at=at, outcomes=[{**outcome.to_dict(), "text": None}],
    )


@pytest.mark.parametrize("htmx", [False, True], ids=["page", "partial"])
def test_import_batch_says_an_unreachable_address_in_one_plain_sentence(htmx, client, editor):
    batch = _failed_batch(editor, days_ago=3)
    client.force_login(editor)
    headers = {"HX-Request": "true"} if htmx else {}
    page = client.get(reverse("claims:import-batch", args=[batch.pk]), headers=headers).content.decode()
    shown = day(timezone.localdate(batch.finished_at), today=timezone.localdate())
    row = re.search(r'<tr class="outcome-failed">(.*?)</tr>', page, re.S).group(1)
    assert f"failed: Could not fetch the page on {shown}: the site could not be found." in html.unescape(row)
    assert "Errno" not in page and "Refused" not in page and "resolved" not in page
    assert ("<html" in page) is not htmx
    assert "0 imported, 0 already there, 1 failed." in page


def test_import_batch_keeps_the_readers_own_message_for_a_page_it_could_not_read(client, editor):
    # The page arrived but held nothing to import: the reader's words are already plain.
    batch = _failed_batch(editor, reason="The file is empty.", fetch_failed=False)
    client.force_login(editor)
    page = client.get(reverse("claims:import-batch", args=[batch.pk])).content.decode()
    assert "failed: The file is empty." in page and "Could not fetch" not in page


@pytest.mark.parametrize(
    "url, message",
    [
        ("http://127.0.0.1:9/", "Refused: 127.0.0.1 is a loopback address."),
        ("http://169.254.169.254/latest/meta-data/", "Refused: 169.254.169.254 is a cloud metadata address."),
        ("http://[::1]/", "Refused: ::1 is a loopback address."),
        ("http://10.1.2.3/intranet", "Refused: 10.1.2.3 is a private address."),
    ],
)
def test_url_import_of_refused_address_says_why(url, message, client, editor):
    client.force_login(editor)
    response = _import_url(client, url)
    batch = ImportBatch.objects.get()
    assert response.redirect_chain == [(reverse("claims:import-batch", args=[batch.pk]), 302)]
    # The page says it in plain words; the fetcher's message stays in the record.
    page = response.content.decode()
    plain = f"failed: Could not fetch the page on {_today()}: the address is not one the workbench may fetch."
    assert escape(plain) in page
    assert escape(message) not in page and "Refused" not in page
    assert [(o["status"], o["reason"]) for o in batch.outcomes] == [("failed", message)]
    assert not Article.objects.exists() and not Claim.objects.exists() and not Speaker.objects.exists()
    assert client.get(reverse("claims:article-list")).status_code == 200


def test_url_import_keeps_the_page_as_received(site, client, editor):
    client.force_login(editor)
    response = _import_url(client, site + "?utm_source=newsletter#comments")
    article = Article.objects.get()
    assert response.redirect_chain == [(reverse("claims:article-detail", args=[article.pk]), 302)]
    assert article.raw_text == ARTICLE_PAGE
    assert article.source_url == site + "?utm_source=newsletter#comments"
    assert article.canonical_url == canonical_url(site) == site
    assert article.imported_by == editor
    assert article.title == "Harbour plan approved after long debate"
    assert article.claims.filter(kind="quote").exists()


def test_url_import_honours_the_charset_the_server_declares(site, client, editor):
    # Without the header these bytes read best as Windows-1250, and wrongly.
    text = "Zażółć gęślą jaźń, powiedział minister w środę po posiedzeniu rządu."
    _Site.body = f"<html><body><article><p>{text}</p></article></body></html>".encode("iso-8859-2")
    _Site.content_type = "text/html; charset=iso-8859-2"
    client.force_login(editor)
    _import_url(client, site)
    assert text in Article.objects.get().cleaned_text


@pytest.mark.parametrize("suffix", ["", "#top", "?utm_campaign=spring&fbclid=abc"])
def test_url_import_of_the_same_page_again_is_a_duplicate(suffix, site, client, editor):
    client.force_login(editor)
    _import_url(client, site)
    article = Article.objects.get()
    before = (Claim.objects.count(), Speaker.objects.count(), _Site.requests)

    response = _import_url(client, site + suffix)
    assert response.redirect_chain == [(reverse("claims:article-detail", args=[article.pk]), 302)]
    assert "This article was imported before; nothing new was created." in response.content.decode()
    assert Article.objects.get() == article
    assert (Claim.objects.count(), Speaker.objects.count(), _Site.requests) == before
    assert ImportBatch.objects.order_by("pk").last().outcomes[0]["status"] == "duplicate"


def test_url_import_from_a_server_that_never_answers_times_out_quickly(silent_server, client, editor, settings):
    settings.FETCH_TOTAL_TIMEOUT = 0.5
    client.force_login(editor)
    started = time.monotonic()
    response = _import_url(client, silent_server)
    assert time.monotonic() - started < 3
    page = response.content.decode()
    assert f"Could not fetch the page on {_today()}: the site did not answer in time." in page
    assert "The page took longer than 0.5 seconds." not in page
    assert ImportBatch.objects.get().outcomes[0]["reason"] == "The page took longer than 0.5 seconds."
    assert not Article.objects.exists()
    assert client.get(reverse("claims:article-list")).status_code == 200


def test_oversized_upload_is_refused_before_its_bytes_are_stored(client, editor, settings):
    settings.IMPORT_MAX_BYTES = 2_000
    settings.TASKS = {"default": {"BACKEND": "django_tasks.backends.dummy.DummyBackend"}}  # nothing runs yet
    client.force_login(editor)
    files = [SimpleUploadedFile("big.txt", b"x" * 5_000), SimpleUploadedFile(GOOD_NAME, b'"Fine," she said.')]
    client.post(reverse("claims:article-import"), {"files": files})
    batch = ImportBatch.objects.get()
    assert [u.name for u in batch.uploads.all()] == [GOOD_NAME]
    assert batch.outcomes == [
        {**batch.outcomes[0], "file": "big.txt", "status": "failed",
         "reason": "The file is 5,000 bytes, over the 2,000-byte limit."}
    ]
    assert (batch.processed, batch.total) == (1, 2)
