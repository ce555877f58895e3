"""Importing files in several processes: the same articles, claims and
speakers as one process, the outcomes in the order of the files."""

import shutil
from pathlib import Path

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

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
    for name, text in ARTICLES:
        (tmp_path / name).write_text(text, encoding="utf-8")
    for seed in sorted(SEEDS.glob("*.txt")):
        shutil.copy(seed, tmp_path / seed.name)
    (tmp_path / "empty.txt").write_bytes(b"")
    return tmp_path


def _stored():
    """Every article's title with its claims' text, kind and speaker."""
    return {
        article.title: sorted(
            (c.text, c.kind, c.speaker.name if c.speaker else "", c.start, c.end)
            for c in Claim.objects.filter(article=article).select_related("speaker")
        )
        for article in Article.objects.all()
    }


def test_several_processes_store_what_one_does(tmp_path):
    files = list(expand_paths([_folder(tmp_path), tmp_path / "missing.txt"]))
    alone = [(f, [o.status for o in outcomes]) for f, outcomes in import_files(files, workers=1)]
    expected = _stored()
    speakers = sorted(Speaker.objects.values_list("name", flat=True))
    Article.objects.all().delete()
    Speaker.objects.all().delete()

    together = [(f, [o.status for o in outcomes]) for f, outcomes in import_files(files, workers=2)]

    assert together == alone
    assert [s for _, s in together].count(["imported"]) == len(ARTICLES) + 2
    assert ["failed"] in [s for _, s in together]  # the empty file, and the missing one
    assert _stored() == expected
    assert sum(len(claims) for claims in expected.values()) > 40
    assert sorted(Speaker.objects.values_list("name", flat=True)) == speakers


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
    folder = _folder(tmp_path)
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
