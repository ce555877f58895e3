"""Imports run through the Tasks API: immediately by default, or queued for a
database worker, with the page polling the batch's progress."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command
from django.urls import reverse

from claims.models import Article, ImportBatch
from tests.test_sources import web  # noqa: F401 - the local web server fixture

ARTICLE = '"Rates will fall," the governor, Max Stone, said on Tuesday.'


@pytest.mark.django_db
def test_immediate_backend_imports_within_the_request(client, editor):
    client.force_login(editor)
    files = [SimpleUploadedFile("a.txt", ARTICLE.encode()), SimpleUploadedFile("b.txt", b"\x00\x01binary")]
    response = client.post(reverse("claims:article-import"), {"files": files})
    batch = ImportBatch.objects.get()
    assert response["Location"] == reverse("claims:import-batch", args=[batch.pk])
    assert batch.state == "done"
    assert (batch.processed, batch.total) == (2, 2)
    assert [o["status"] for o in batch.outcomes] == ["imported", "failed"]
    assert not batch.uploads.exists()


@pytest.mark.django_db(transaction=True)
def test_database_backend_queues_until_a_worker_runs(client, editor, settings):
    settings.TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}
    client.force_login(editor)
    client.post(reverse("claims:article-import"), {"files": [SimpleUploadedFile("a.txt", ARTICLE.encode())]})
    batch = ImportBatch.objects.get()
    assert batch.state == "queued"
    assert Article.objects.count() == 0

    polling = client.get(reverse("claims:import-batch", args=[batch.pk]), headers={"HX-Request": "true"})
    content = polling.content.decode()
    assert "<html" not in content
    assert 'hx-trigger="every 1s"' in content
    assert "0 of 1 items" in content

    call_command("db_worker", "--batch", "--no-startup-delay", verbosity=0)

    batch.refresh_from_db()
    assert batch.state == "done"
    assert Article.objects.count() == 1
    finished = client.get(reverse("claims:import-batch", args=[batch.pk]), headers={"HX-Request": "true"})
    assert "hx-trigger" not in finished.content.decode()
    assert "1 imported" in finished.content.decode()


@pytest.mark.django_db
def test_import_batch_page_is_private_to_its_creator(client, editor, django_user_model):
    batch = ImportBatch.objects.create(created_by=editor)
    other = django_user_model.objects.create_user("eve")
    other.groups.add(*editor.groups.all())
    client.force_login(other)
    assert client.get(reverse("claims:import-batch", args=[batch.pk])).status_code == 404


@pytest.mark.django_db(transaction=True)
def test_archiving_a_linked_source_waits_for_the_worker(client, reviewer, settings, web):  # noqa: F811 - the fixture imported above
    from claims.models import Capture, Evidence
    from tests.factories import make_claim

    settings.TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}
    claim = make_claim()
    client.force_login(reviewer)
    panel = client.post(
        reverse("claims:claim-evidence", args=[claim.pk]),
        {"new_title": "Speech", "new_url": web, "new_kind": "speech", "stance": "supports", "archive": "on"},
        headers={"HX-Request": "true"},
    ).content.decode()
    assert "the page is being archived" in panel
    assert not Capture.objects.exists()

    call_command("db_worker", "--batch", "--no-startup-delay", verbosity=0)

    evidence = Evidence.objects.get()
    assert evidence.capture is not None and evidence.match.verdict == "verbatim"
    assert evidence.capture.text[evidence.passage_start : evidence.passage_end] == evidence.passage
