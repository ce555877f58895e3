"""The production worker survives a database that goes away for a moment,
and resumes the imports a dead worker left running before it starts."""

import datetime

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command
from django.db import OperationalError
from django.utils import timezone
from django_tasks_db.models import DBTaskResult

from claims.management.commands import worker as worker_command
from claims.models import Article, ImportBatch
from claims.services.imports import start_import

ARTICLE = '"Rates will fall," the governor, Max Stone, said on Tuesday.'


@pytest.fixture
def database_tasks(settings):
    settings.TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}


@pytest.mark.django_db(transaction=True)
def test_the_worker_waits_out_database_errors_and_goes_on(editor, database_tasks, monkeypatch):
    batch = start_import(by=editor, files=[SimpleUploadedFile("a.txt", ARTICLE.encode())])
    real_ready, outages, waits = DBTaskResult.objects.ready, [], []

    def flaky_ready():
        if len(outages) < 3:
            outages.append(1)
            raise OperationalError("connection to server at 127.0.0.1 failed: timeout expired")
        return real_ready()

    monkeypatch.setattr(DBTaskResult.objects, "ready", flaky_ready)
    monkeypatch.setattr(worker_command.time, "sleep", waits.append)
    call_command("worker", "--batch", "--no-startup-delay", verbosity=0)
    batch.refresh_from_db()
    assert batch.state == "done" and Article.objects.count() == 1
    assert waits == [1, 2, 4]


@pytest.mark.django_db(transaction=True)
def test_the_worker_resumes_an_import_left_running_before_it_starts(editor, database_tasks, settings):
    batch = start_import(by=editor, files=[SimpleUploadedFile("a.txt", ARTICLE.encode())])
    # As a killed worker leaves it: running, its task claimed and never finished.
    DBTaskResult.objects.update(status="RUNNING")
    stale = timezone.now() - datetime.timedelta(seconds=settings.IMPORT_STALL_SECONDS + 1)
    ImportBatch.objects.filter(pk=batch.pk).update(state="running", heartbeat=stale, attempts=1)
    call_command("worker", "--batch", "--no-startup-delay", verbosity=0)
    batch.refresh_from_db()
    assert (batch.state, batch.attempts, batch.processed) == ("done", 2, 1)
    assert Article.objects.count() == 1


def test_excluding_queues_needs_every_queue(database_tasks):
    from django.core.management.base import CommandError

    with pytest.raises(CommandError, match="--exclude-queues can only be used with --queue-name"):
        call_command("worker", "--batch", "--exclude-queues", "slow", verbosity=0)
