import os
import tracemalloc

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile, TemporaryUploadedFile
from django.test import RequestFactory
from django.test.client import encode_multipart
from django.urls import reverse
from django.utils.html import escape

from claims.models import Evidence, ImportBatch, Source
from tests.factories import make_claim

pytestmark = pytest.mark.django_db

HTMX = {"HX-Request": "true"}


def _parsed_upload(size: int):
    """request.FILES["files"] of a request carrying `size` bytes, parsed
    with the project's upload handlers."""
    body = encode_multipart("BoUnDaRy", {"files": SimpleUploadedFile("big.txt", b"x" * size)})
    request = RequestFactory().post("/", data=body, content_type="multipart/form-data; boundary=BoUnDaRy")
    tracemalloc.start()
    try:
        upload = request.FILES["files"]
        peak = tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()
    return upload, peak


@pytest.mark.parametrize("size", [1_000, 3_000_000])
def test_uploads_stream_to_disk_even_when_small(settings, size):
    settings.IMPORT_MAX_BYTES = 10_000_000
    upload, peak = _parsed_upload(size)
    assert isinstance(upload, TemporaryUploadedFile)
    assert upload.size == os.path.getsize(upload.temporary_file_path()) == size
    assert peak < 1_000_000
    assert upload.read() == b"x" * size
    upload.close()


def test_upload_over_the_limit_keeps_no_more_than_the_limit_and_reports_its_size(settings):
    settings.IMPORT_MAX_BYTES = 100_000
    upload, peak = _parsed_upload(3_000_000)
    assert upload.size == 3_000_000
    assert os.path.getsize(upload.temporary_file_path()) == 100_000
    assert peak < 1_000_000
    upload.close()


def test_too_many_files_in_one_request_are_refused_with_a_message(client, editor, settings):
    settings.DATA_UPLOAD_MAX_NUMBER_FILES = 3
    client.force_login(editor)
    files = [SimpleUploadedFile(f"note-{n}.txt", b'"Fine," she said.') for n in range(4)]
    response = client.post(reverse("claims:article-import"), {"files": files})
    assert response.status_code == 400
    assert "At most 3 files can be uploaded at once; send them in parts." in response.content.decode()
    assert not ImportBatch.objects.exists()


def test_too_many_files_for_htmx_get_the_form_back(client, editor, settings):
    settings.DATA_UPLOAD_MAX_NUMBER_FILES = 3
    client.force_login(editor)
    files = [SimpleUploadedFile(f"note-{n}.txt", b'"Fine," she said.') for n in range(4)]
    response = client.post(reverse("claims:article-import"), {"files": files}, headers=HTMX)
    content = response.content.decode()
    assert "<html" not in content
    assert "At most 3 files can be uploaded at once" in content


def test_oversized_source_document_is_refused_by_the_form_before_it_is_read(client, reviewer, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    settings.IMPORT_MAX_BYTES = 2_000
    claim = make_claim()
    client.force_login(reviewer)
    response = client.post(
        reverse("claims:claim-evidence", args=[claim.pk]),
        {"new_title": "Minister's remarks", "new_kind": "speech", "stance": "supports",
         "new_file": SimpleUploadedFile("remarks.txt", b"x" * 5_000)},
        headers=HTMX,
    )
    assert escape("The file is 5,000 bytes, over the 2,000-byte limit.") in response.content.decode()
    assert not Evidence.objects.exists()
    assert not Source.objects.exists()
    assert list(tmp_path.iterdir()) == []
