"""Importing files in several processes: the same articles, claims and
speakers as one process, the outcomes in the order of the files."""

import os
import shutil
from pathlib import Path

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from claims import import_pool
from claims.import_pool import import_files
from claims.importers import expand_paths
from claims.models import Article, Claim, Speaker

# Each file's processes commit their own transactions: the test database
# must see them, so no test transaction around them.
pytestmark = pytest.mark.django_db(transaction=True)

SEEDS = Path(__file__).resolve().parent.parent / "seeds"
ARTICLES = [
    ("ferry.md", '# Ferry fares\n\n"Fares will rise by a tenth," the operator\'s chief, Lena Park, said on Monday.'),
    ("pier.md", '# Pier repairs\n\n"The pier is safe," said Tom Reyes, the harbour master. Park disagreed.'),
    ("harbor.md", "# Harbor vote\n\nCouncil member Dana Shaw said the vote would be held in May."),
]


def _folder(tmp_path):
    tmp_path.mkdir()
    for name, text in ARTICLES:
        (tmp_path / name).write_text(text, encoding="utf-8")
    for seed in sorted(SEEDS.glob("*.txt")):
        shutil.copy(seed, tmp_path / seed.name)
    (tmp_path / "empty.txt").write_bytes(b"")
    return tmp_path


def _record_pids(monkeypatch, module, name, log: Path) -> None:
    """Have `module.name` note the id of the process it runs in: the import
    processes are forked with the patch in place."""
    real = getattr(module, name)

    def noted(*args, **kwargs):
        with log.open("a") as f:
            f.write(f"{os.getpid()}\n")
        return real(*args, **kwargs)

    monkeypatch.setattr(module, name, noted)


def _pids(log: Path) -> set[int]:
    return {int(line) for line in log.read_text().split()}


def _stored():
    """Every article's title with its claims' text, kind and speaker."""
    return {
        article.title: sorted(
            (c.text, c.kind, c.speaker.name if c.speaker else "", c.start, c.end)
            for c in Claim.objects.filter(article=article).select_related("speaker")
        )
        for article in Article.objects.all()
    }


def test_several_processes_store_what_one_does(tmp_path, monkeypatch):
    files = list(expand_paths([_folder(tmp_path / "in"), tmp_path / "missing.txt"]))
    alone = [(f, [o.status for o in outcomes]) for f, outcomes in import_files(files, workers=1)]
    expected = _stored()
    speakers = sorted(Speaker.objects.values_list("name", flat=True))
    Article.objects.all().delete()
    Speaker.objects.all().delete()
    _record_pids(monkeypatch, import_pool, "import_file", tmp_path / "pids")

    together = [(f, [o.status for o in outcomes]) for f, outcomes in import_files(files, workers=2)]

    assert together == alone
    assert [s for _, s in together].count(["imported"]) == len(ARTICLES) + 2
    assert ["failed"] in [s for _, s in together]  # the empty file, and the missing one
    assert _stored() == expected
    assert sum(len(claims) for claims in expected.values()) > 40
    assert sorted(Speaker.objects.values_list("name", flat=True)) == speakers
    assert os.getpid() not in _pids(tmp_path / "pids") and len(_pids(tmp_path / "pids")) == 2


def test_a_file_imported_twice_at_once_is_stored_once(tmp_path):
    first = tmp_path / "ferry.md"
    first.write_text(ARTICLES[0][1], encoding="utf-8")
    copies = [first]
    for n in range(3):
        copy = tmp_path / f"ferry-{n}.md"
        copy.write_text(ARTICLES[0][1], encoding="utf-8")
        copies.append(copy)
    statuses = sorted(o.status for _, outcomes in import_files(copies, workers=2) for o in outcomes)
    assert statuses == ["duplicate", "duplicate", "duplicate", "imported"]
    assert Article.objects.count() == 1


def test_command_imports_with_workers_in_file_order(tmp_path, capsys):
    folder = _folder(tmp_path / "in")
    with pytest.raises(CommandError):  # the empty file failed
        call_command("import_articles", "--workers", "2", str(folder))
    lines = capsys.readouterr().out.splitlines()
    names = [path.name for path in expand_paths([folder])]
    assert [line.split()[1].rstrip(":").rsplit("/", 1)[-1] for line in lines[:-1]] == names
    assert lines[-1] == f"{len(names) - 1} imported, 0 duplicate, 1 failed"
    assert Article.objects.count() == len(names) - 1


def test_command_refuses_no_workers(tmp_path):
    with pytest.raises(CommandError, match="at least 1"):
        call_command("import_articles", "--workers", "0", str(tmp_path))


def test_a_batch_is_imported_in_several_processes_in_order(editor, settings, monkeypatch, tmp_path):
    from django.core.files.uploadedfile import SimpleUploadedFile

    from claims.models import ImportBatch, ImportUpload
    from claims.services import imports
    from claims.services.imports import run_batch, start_import

    settings.TASKS = {"default": {"BACKEND": "django_tasks.backends.dummy.DummyBackend"}}
    settings.IMPORT_WORKERS = 2
    files = [SimpleUploadedFile(name, text.encode()) for name, text in ARTICLES]
    batch = start_import(by=editor, files=[*files, SimpleUploadedFile("copy.md", ARTICLES[0][1].encode())])

    _record_pids(monkeypatch, imports, "import_upload", tmp_path / "pids")
    batch = run_batch(batch_id=batch.pk)

    assert batch.state == ImportBatch.State.DONE
    outcomes = [(o["file"], o["status"]) for o in batch.outcomes]
    assert [file for file, _ in outcomes] == ["ferry.md", "pier.md", "harbor.md", "copy.md"]
    assert outcomes[1:3] == [("pier.md", "imported"), ("harbor.md", "imported")]
    # The same text twice: whichever of the two processes stores it first
    # imports it, and the other finds it a duplicate.
    assert sorted(status for file, status in outcomes if file in ("ferry.md", "copy.md")) == ["duplicate", "imported"]
    assert batch.processed == batch.total == 4
    assert not ImportUpload.objects.exists()
    assert set(Article.objects.values_list("imported_by", flat=True)) == {editor.pk}
    assert Claim.objects.filter(article__title="Ferry fares", speaker__name="Lena Park").exists()
    assert os.getpid() not in _pids(tmp_path / "pids")


def test_inside_a_transaction_the_files_are_imported_here(tmp_path):
    from django.db import connection, transaction

    (tmp_path / "ferry.md").write_text(ARTICLES[0][1], encoding="utf-8")
    (tmp_path / "pier.md").write_text(ARTICLES[1][1], encoding="utf-8")
    with transaction.atomic():
        statuses = [o.status for _, outcomes in import_files(sorted(tmp_path.iterdir()), workers=2) for o in outcomes]
        # Still the same transaction, and it sees what was imported.
        assert connection.in_atomic_block and Article.objects.count() == 2
    assert statuses == ["imported", "imported"]
