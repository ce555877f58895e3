"""Imports whose worker died are resumed, or failed once tried too often,
saying what finished and releasing their uploads; a real worker process is
killed in the middle of a batch and nothing is lost or imported twice."""

import datetime
import os
import signal
import subprocess
import sys
import time

import pytest
from django.conf import settings as django_settings
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command
from django.db import connection
from django.urls import reverse
from django.utils import timezone

from claims.models import Article, ImportBatch, ImportUpload
from claims.services import imports
from claims.services.imports import recover_interrupted, run_batch, start_import


def article(n: int) -> SimpleUploadedFile:
    text = f'"Rates will fall by {n} points," the governor, Max Stone, said on day {n} of the session.'
    return SimpleUploadedFile(f"article-{n}.txt", text.encode())


class WorkerKilled(BaseException):
    """Stands for SIGKILL: nothing after it runs, no handler sees it."""


def queued_batch(editor, count: int, settings) -> ImportBatch:
    settings.TASKS = {"default": {"BACKEND": "django_tasks.backends.dummy.DummyBackend"}}
    return start_import(by=editor, files=[article(n) for n in range(count)])


def kill_after(monkeypatch, calls: int) -> None:
    real, seen = imports.import_upload, []

    def dying(**kwargs):
        seen.append(kwargs["name"])
        if len(seen) > calls:
            raise WorkerKilled
        return real(**kwargs)

    monkeypatch.setattr(imports, "import_upload", dying)


def age(batch: ImportBatch, seconds: int) -> None:
    ImportBatch.objects.filter(pk=batch.pk).update(heartbeat=timezone.now() - datetime.timedelta(seconds=seconds))


@pytest.mark.django_db
def test_a_killed_batch_is_resumed_and_imports_each_item_once(
    editor, settings, monkeypatch, django_capture_on_commit_callbacks
):
    batch = queued_batch(editor, 6, settings)
    kill_after(monkeypatch, 3)
    with pytest.raises(WorkerKilled):
        run_batch(batch_id=batch.pk)
    monkeypatch.undo()
    batch.refresh_from_db()
    assert (batch.state, batch.processed, batch.uploads.count()) == ("running", 3, 3)

    settings.TASKS = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}}
    age(batch, settings.IMPORT_STALL_SECONDS + 1)
    with django_capture_on_commit_callbacks(execute=True):
        [recovered] = recover_interrupted()
    recovered.refresh_from_db()
    assert recovered.state == "done" and recovered.attempts == 2
    assert (recovered.processed, recovered.total) == (6, 6)
    assert sorted(o["file"] for o in recovered.outcomes) == sorted(f"article-{n}.txt" for n in range(6))
    assert Article.objects.count() == 6 and not ImportUpload.objects.exists()


@pytest.mark.django_db
def test_a_batch_still_heard_from_is_left_alone(editor, settings, monkeypatch):
    batch = queued_batch(editor, 2, settings)
    kill_after(monkeypatch, 1)
    with pytest.raises(WorkerKilled):
        run_batch(batch_id=batch.pk)
    assert recover_interrupted() == []
    batch.refresh_from_db()
    assert batch.state == "running"


@pytest.mark.django_db
def test_after_the_last_attempt_the_batch_fails_saying_what_finished(editor, settings, monkeypatch):
    settings.IMPORT_MAX_ATTEMPTS = 1
    batch = queued_batch(editor, 4, settings)
    kill_after(monkeypatch, 1)
    with pytest.raises(WorkerKilled):
        run_batch(batch_id=batch.pk)
    age(batch, settings.IMPORT_STALL_SECONDS + 1)
    call_command("recover_imports", verbosity=0)
    batch.refresh_from_db()
    assert batch.state == "failed" and batch.finished_at is not None
    assert "interrupted 1 times" in batch.error and "1 of 4 items finished" in batch.error
    # The uploads of the items never imported are released.
    assert not batch.uploads.exists()
    assert [o["file"] for o in batch.outcomes] == ["article-0.txt"]


@pytest.mark.django_db
def test_a_batch_stopped_by_an_unforeseen_error_says_what_finished_in_words(client, editor, settings, monkeypatch):
    batch = queued_batch(editor, 3, settings)
    real = imports.import_upload

    def failing(**kwargs):
        if kwargs["name"] == "article-1.txt":
            raise OSError("[Errno 28] No space left on device: '/var/tmp/x'")
        return real(**kwargs)

    monkeypatch.setattr(imports, "import_upload", failing)
    with pytest.raises(OSError, match="No space left"):
        run_batch(batch_id=batch.pk)
    batch.refresh_from_db()
    assert batch.state == "failed" and [o["file"] for o in batch.outcomes] == ["article-0.txt"]
    assert batch.error == ("The import stopped on an unexpected error: 1 of 3 items finished (listed below); "
                           "the rest were not imported.")
    client.force_login(editor)
    page = client.get(reverse("claims:import-batch", args=[batch.pk])).content.decode()
    assert "1 of 3 items finished (listed below)" in page and "Errno" not in page


@pytest.mark.django_db
def test_a_finished_batch_run_again_does_nothing(editor, settings):
    batch = queued_batch(editor, 1, settings)
    run_batch(batch_id=batch.pk)
    run_batch(batch_id=batch.pk)
    batch.refresh_from_db()
    assert (batch.processed, batch.attempts, len(batch.outcomes)) == (1, 1, 1)


@pytest.mark.django_db
@pytest.mark.parametrize("htmx", [False, True])
def test_the_polled_page_shows_a_dead_batch_resumed(
    client, editor, settings, monkeypatch, htmx, django_capture_on_commit_callbacks
):
    batch = queued_batch(editor, 3, settings)
    kill_after(monkeypatch, 1)
    with pytest.raises(WorkerKilled):
        run_batch(batch_id=batch.pk)
    monkeypatch.undo()
    settings.TASKS = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}}
    age(batch, settings.IMPORT_STALL_SECONDS + 1)
    client.force_login(editor)
    headers = {"HX-Request": "true"} if htmx else {}
    with django_capture_on_commit_callbacks(execute=True):
        client.get(reverse("claims:import-batch", args=[batch.pk]), headers=headers)
    content = client.get(reverse("claims:import-batch", args=[batch.pk]), headers=headers).content.decode()
    assert ("<html" in content) is not htmx
    assert "3 imported" in content and "hx-trigger" not in content
    assert Article.objects.count() == 3


def database_url() -> str:
    db = connection.settings_dict
    if connection.vendor == "postgresql":
        return f"postgres://{db['USER']}@{db['HOST'] or '127.0.0.1'}:{db['PORT'] or 5432}/{db['NAME']}"
    return f"sqlite:///{db['NAME']}"


@pytest.mark.django_db(transaction=True)
def test_a_worker_process_killed_mid_batch(editor, settings):
    settings.TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}
    count = 200
    batch = start_import(by=editor, files=[article(n) for n in range(count)])
    env = {**os.environ, "DATABASE_URL": database_url(), "TASK_BACKEND": "database"}
    worker = subprocess.Popen(
        [sys.executable, str(django_settings.BASE_DIR / "manage.py"), "db_worker", "--no-reload", "--no-startup-delay"],
        env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
    )
    try:
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline:
            batch.refresh_from_db()
            if batch.processed >= 5:
                break
            time.sleep(0.01)
        worker.send_signal(signal.SIGKILL)
    finally:
        worker.kill()
        worker.wait()
    batch.refresh_from_db()
    assert batch.state == "running", "the worker finished before it could be killed"
    assert 5 <= batch.processed < count
    done_before = batch.processed

    settings.IMPORT_STALL_SECONDS = 0
    time.sleep(0.01)
    call_command("recover_imports", verbosity=0)
    call_command("db_worker", "--batch", "--no-startup-delay", verbosity=0)

    batch.refresh_from_db()
    assert batch.state == "done" and batch.attempts == 2
    assert batch.processed == batch.total == count
    names = [o["file"] for o in batch.outcomes]
    assert sorted(names) == sorted(f"article-{n}.txt" for n in range(count))
    assert Article.objects.count() == count
    assert not batch.uploads.exists()
    print(f"killed after {done_before} of {count}; resumed, {count} articles, none twice")
