import json
import threading
from pathlib import Path

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django.db import connection

from claims.importers import import_paths, import_text
from claims.models import Article, Claim, Speaker, SpeakerAlias

pytestmark = pytest.mark.django_db

SEEDS = Path(__file__).resolve().parent.parent / "seeds"
FIRST = SEEDS / "000_1d0f19fa29b49d58.txt"
SECOND = SEEDS / "002_2b4ac363705a4f99.txt"


@pytest.fixture
def seeded():
    outcomes = list(import_paths([FIRST, SECOND]))
    assert [o.status for o in outcomes] == ["imported", "imported"]
    return [o.article for o in outcomes]


def test_seed_metadata_is_recognised(seeded):
    first, second = seeded
    assert first.title.startswith("As NATO moves to allow Ukraine to bomb Russia")
    assert first.authors == "Alex Lantier"
    assert first.published_on.isoformat() == "2024-05-26"
    assert second.title == "NATO's top military officer calls for NATO weapons strikes deep inside Russia"
    assert second.authors == "Andre Damon"
    assert second.published_on.isoformat() == "2024-09-15"


def test_seed_boilerplate_is_dropped_but_kept_raw(seeded):
    first, second = seeded
    assert "afgazad" not in first.cleaned_text and "European Languages" not in first.cleaned_text
    assert "افغانستان" not in first.cleaned_text
    assert "افغانستان" in first.raw_text
    assert any("afgazad" in d["line"] for d in first.dropped_lines)
    assert all(d["rule"] for d in first.dropped_lines)
    assert "To contact the WSWS" not in second.cleaned_text
    assert "**" not in second.cleaned_text and "*Washington Post*" not in second.cleaned_text
    assert "Washington Post" in second.cleaned_text
    assert (first.language, first.direction) == ("en", "ltr")


def test_seed_page_breaks_are_rejoined(seeded):
    first, second = seeded
    assert "lift some of the restrictions they have put on the use of weapons" in first.cleaned_text
    assert "It’s not a human right to be paid to avoid the draft" in second.cleaned_text


def test_seed_claims_have_exact_spans_and_speakers(seeded):
    for article in seeded:
        quotes = article.claims.filter(kind__in=["quote", "partial_quote"])
        assert quotes.count() >= 17
        for claim in article.claims.all():
            assert article.cleaned_text[claim.start : claim.end] == claim.text
    stoltenberg = Claim.objects.get(text__startswith="We will not be party to the conflict")
    assert stoltenberg.speaker.name == "Jens Stoltenberg"
    added = Claim.objects.get(text__startswith="to deny Ukraine the possibility")
    assert added.speaker == stoltenberg.speaker
    joined = Claim.objects.get(text__startswith="The time has come for allies")
    assert "restrictions they have put" in joined.text


def test_seed_statistics_become_claims(seeded):
    stats = list(Claim.objects.filter(kind="statistic").values_list("text", flat=True))
    assert any("68 percent of Frenchmen" in s for s in stats)
    assert any("500,000 troops" in s for s in stats)


def test_speakers_are_one_record_across_articles(seeded):
    putin = Speaker.objects.filter(aliases__key="vladimir putin").get()
    assert putin.claims.count() >= 2
    assert Speaker.objects.filter(name="Jens Stoltenberg").count() == 1
    assert SpeakerAlias.objects.get(key="stoltenberg").speaker.name == "Jens Stoltenberg"
    later = import_text(text='"We stand ready," Stoltenberg said in Brussels on Monday, speaking to ministers.')
    assert later.article.claims.get(kind="quote").speaker.name == "Jens Stoltenberg"


def test_reimport_creates_nothing(seeded):
    before = (Article.objects.count(), Claim.objects.count(), Speaker.objects.count())
    outcomes = list(import_paths([FIRST]))
    assert [(o.status, o.article) for o in outcomes] == [("duplicate", seeded[0])]
    assert (Article.objects.count(), Claim.objects.count(), Speaker.objects.count()) == before


def test_command_prints_a_line_per_file_and_fails_on_errors(tmp_path, capsys):
    empty = tmp_path / "empty.txt"
    empty.write_bytes(b"")
    with pytest.raises(CommandError):
        call_command("import_articles", str(FIRST), str(empty), str(tmp_path / "missing.txt"))
    out = capsys.readouterr().out.splitlines()
    assert out[0].startswith("imported") and FIRST.name in out[0]
    assert out[1].startswith("failed") and "empty.txt" in out[1]
    assert out[2].startswith("failed") and "No such file" in out[2]
    call_command("import_articles", str(FIRST))
    assert "duplicate" in capsys.readouterr().out


def test_command_json_contract(capsys):
    call_command("import_articles", "--json", str(SECOND))
    record = json.loads(capsys.readouterr().out.splitlines()[0])
    assert record["status"] == "imported"
    assert record["file"].endswith(SECOND.name)
    assert record["authors"] == ["Andre Damon"]
    assert record["date"] == "2024-09-15"
    assert (record["language"], record["direction"]) == ("en", "ltr")
    assert record["text"] == Article.objects.get(pk=record["article_id"]).cleaned_text


def test_import_of_a_folder(tmp_path, capsys):
    (tmp_path / "a.md").write_text('# Port deal\n\n"It is done," the mayor, Ann Lee, said.', encoding="utf-8")
    (tmp_path / "notes.bin").write_bytes(b"\x00")
    call_command("import_articles", str(tmp_path))
    assert Article.objects.get().title == "Port deal"


@pytest.mark.django_db(transaction=True)
def test_same_article_ten_times_at_once_is_stored_once():
    text = SECOND.read_text(encoding="utf-8")
    results, errors = [], []
    barrier = threading.Barrier(10)

    def worker():
        try:
            barrier.wait()
            results.append(import_text(text=text, name="same.txt").status)
        except Exception as exc:  # noqa: BLE001 - reported by the assertion below
            errors.append(exc)
        finally:
            connection.close()

    threads = [threading.Thread(target=worker) for _ in range(10)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert errors == []
    assert sorted(results) == ["duplicate"] * 9 + ["imported"]
    assert Article.objects.count() == 1
    assert Speaker.objects.filter(name="Rob Bauer").count() == 1
