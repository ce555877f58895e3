import io
import json
import zipfile
from io import StringIO
from pathlib import Path

import pytest
from django.core.management import CommandError, call_command

from claims.models import Source, SourcePassage
from claims.originals import passage_spans
from claims.readers import RawDocument
from claims.services.library import add_source_document

pytestmark = pytest.mark.django_db

SEEDS = Path(__file__).resolve().parents[2] / "seeds"
TRANSCRIPT = SEEDS / "sources" / "biden-starmer-2024-09-13.txt"
HTML = """<!doctype html><html lang="en"><head><title>Budget speech to parliament</title>
<meta name="author" content="Anna Novak"><meta property="og:site_name" content="Ministry of Finance">
<meta property="article:published_time" content="2025-03-04"></head>
<body><article><h1>Budget speech to parliament</h1>
<p>We cannot keep asking families to pay more for less, the minister told the chamber on Tuesday.</p>
<p>The numbers simply do not add up, and everyone in this room knows it.</p></article></body></html>"""


def run(*paths, **options) -> list[dict]:
    out = StringIO()
    try:
        call_command("import_sources", *map(str, paths), "--json", stdout=out, **options)
    except CommandError:
        pass
    return [json.loads(line) for line in out.getvalue().splitlines()]


def test_a_transcript_is_imported_with_its_first_line_as_title():
    [line] = run(TRANSCRIPT)
    source = Source.objects.get()
    assert line == {"file": str(TRANSCRIPT), "status": "imported", "source_id": source.pk, "title": source.title,
                    "reason": ""}
    assert source.title.startswith('Source: "Remarks Prior to a Meeting With Prime Minister Keir Starmer')
    assert source.text == TRANSCRIPT.read_text(encoding="utf-8")
    assert SourcePassage.objects.filter(source=source).count() == len(passage_spans(source.text)) == 3


def test_html_gives_title_publisher_author_and_date(tmp_path):
    path = tmp_path / "budget.html"
    path.write_text(HTML, encoding="utf-8")
    [line] = run(path, kind="speech")
    source = Source.objects.get(pk=line["source_id"])
    expected = ("Budget speech to parliament", "Ministry of Finance", "Anna Novak")
    assert (source.title, source.publisher, source.author) == expected
    assert source.published_on.isoformat() == "2025-03-04"
    assert source.kind == "speech"
    assert "The numbers simply do not add up" in source.text


def test_the_same_words_in_another_file_or_layout_are_a_duplicate(tmp_path):
    text = TRANSCRIPT.read_text(encoding="utf-8")
    copy = tmp_path / "copy.txt"
    copy.write_text("  ".join(text.split("\n")), encoding="utf-8")
    first, again, other_layout = run(TRANSCRIPT, TRANSCRIPT, copy)
    assert first["status"] == "imported"
    assert again == {**first, "file": str(TRANSCRIPT), "status": "duplicate", "reason": "Already in the library."}
    assert other_layout["status"] == "duplicate" and other_layout["source_id"] == first["source_id"]
    assert Source.objects.count() == 1


def test_folders_and_zips_give_one_line_per_document(tmp_path):
    folder = tmp_path / "library"
    folder.mkdir()
    (folder / "a.txt").write_text("Speech one\n\nThe ferry will run all winter.", encoding="utf-8")
    (folder / "notes.csv").write_text("not,importable", encoding="utf-8")
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("b.txt", "Speech two\n\nThe bridge opens in May.")
        archive.writestr("c.md", "# Speech three\n\nThe museum stays open.")
    (folder / "more.zip").write_bytes(buffer.getvalue())
    lines = run(folder)
    assert [(Path(line["file"]).name, line["status"], line["title"]) for line in lines] == [
        ("a.txt", "imported", "Speech one"),
        ("b.txt", "imported", "Speech two"),
        ("c.md", "imported", "Speech three"),
    ]


def test_bad_input_fails_clearly_and_the_rest_goes_in(tmp_path):
    empty = tmp_path / "empty.txt"
    empty.write_bytes(b"")
    binary = tmp_path / "image.txt"
    binary.write_bytes(b"\x00\x01\x02\xff" * 100)
    broken = tmp_path / "broken.pdf"
    broken.write_bytes(b"%PDF-1.4 not really")
    good = tmp_path / "good.txt"
    good.write_text("Harbour speech\n\nThe harbour will reopen in May.", encoding="utf-8")
    lines = run(tmp_path / "missing.txt", empty, binary, broken, good)
    assert [(Path(line["file"]).name, line["status"]) for line in lines] == [
        ("missing.txt", "failed"), ("empty.txt", "failed"), ("image.txt", "failed"), ("broken.pdf", "failed"),
        ("good.txt", "imported"),
    ]
    assert lines[0]["reason"] == "No such file or folder."
    assert lines[1]["reason"] == "The file is empty."
    assert all(line["reason"] and line["source_id"] is None for line in lines[:4])
    assert list(Source.objects.values_list("title", flat=True)) == ["Harbour speech"]


def test_a_file_over_the_limit_is_refused_unread(tmp_path, settings):
    settings.IMPORT_MAX_BYTES = 10
    path = tmp_path / "long.txt"
    path.write_text("A long transcript of many words.", encoding="utf-8")
    [line] = run(path)
    assert line["status"] == "failed" and "over the 10-byte limit" in line["reason"]


def test_the_command_exits_1_when_a_document_failed_and_summarises(tmp_path):
    out = StringIO()
    with pytest.raises(CommandError, match="1 document"):
        call_command("import_sources", str(tmp_path / "nope.txt"), str(TRANSCRIPT), stdout=out)
    assert out.getvalue().splitlines()[-1] == "1 imported, 0 duplicate, 1 failed"
    assert out.getvalue().startswith("failed    ")


def test_an_unknown_user_is_refused():
    with pytest.raises(CommandError, match="No user named"):
        call_command("import_sources", str(TRANSCRIPT), "--user", "nobody")


def test_a_document_without_text_writes_nothing():
    outcome = add_source_document(doc=RawDocument(name="blank.pdf", text="  \n", fmt="pdf", raw=""))
    assert (outcome.status, outcome.reason) == ("failed", "No text could be read from this document.")
    assert Source.objects.count() == 0

