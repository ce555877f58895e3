import io
import json
import threading
import zipfile
from pathlib import Path

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django.db import connection

from claims.importers import import_paths, import_text, import_upload
from claims.models import Article, Claim, Speaker, SpeakerAlias
from tests.readers.test_readers import HARBOUR_PAGE, make_pdf_with_headline

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


def test_command_titles_text_file_by_its_first_line(tmp_path, capsys):
    path = tmp_path / "harbour-2025-03-03.txt"
    path.write_text("Harbour plan approved\n\nThe council approved the plan on Tuesday, officials said.\n")
    call_command("import_articles", "--json", str(path))
    record = json.loads(capsys.readouterr().out.splitlines()[0])
    assert record["title"] == "Harbour plan approved"
    assert record["text"] == "The council approved the plan on Tuesday, officials said."


def test_upload_titles_zip_member_by_its_first_line():
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr(
            "ferry.txt", "Ferry fares to rise\nFerry fares will rise by a tenth in May, the operator said.\n"
        )
    [outcome] = import_upload(name="batch.zip", data=buffer.getvalue())
    assert outcome.status == "imported"
    assert outcome.article.title == "Ferry fares to rise"
    assert outcome.article.cleaned_text == "Ferry fares will rise by a tenth in May, the operator said."


def test_command_titles_pdf_by_its_large_type_headline(tmp_path):
    path = tmp_path / "scan0001.pdf"
    path.write_bytes(make_pdf_with_headline(["Harbour Plan Approved", "After Long Debate"], [HARBOUR_PAGE]))
    call_command("import_articles", str(path))
    article = Article.objects.get()
    assert article.title == "Harbour Plan Approved After Long Debate"
    assert article.authors == "Jane Doe"
    assert article.cleaned_text.startswith("The city council approved the harbour plan on Tuesday")


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


class _Terminal(io.StringIO):
    def isatty(self):
        return True


def _three_files(tmp_path) -> Path:
    (tmp_path / "a.md").write_text('# Port deal\n\n"It is done," the mayor, Ann Lee, said.', encoding="utf-8")
    (tmp_path / "b.txt").write_text('"Fares will rise," the rail chief, Bo Stone, said.', encoding="utf-8")
    (tmp_path / "c.txt").write_bytes(b"")
    return tmp_path


def test_command_shows_progress_on_a_terminal_and_json_output_stays_pure(tmp_path):
    out, err = io.StringIO(), _Terminal()
    with pytest.raises(CommandError):
        call_command("import_articles", "--json", str(_three_files(tmp_path)), stdout=out, stderr=err)
    records = [json.loads(line) for line in out.getvalue().splitlines()]
    assert [(Path(r["file"]).name, r["status"]) for r in records] == [
        ("a.md", "imported"),
        ("b.txt", "imported"),
        ("c.txt", "failed"),
    ]
    progress = err.getvalue()
    assert progress.startswith("\r[" + "-" * 30 + "] 0/3 files: 0 imported, 0 duplicate, 0 failed")
    assert progress.endswith("\r[" + "#" * 30 + "] 3/3 files: 2 imported, 0 duplicate, 1 failed\n")
    assert progress.count("\n") == 1


def test_command_progress_redraws_after_each_file(tmp_path):
    err = _Terminal()
    with pytest.raises(CommandError):
        call_command("import_articles", str(_three_files(tmp_path)), stdout=io.StringIO(), stderr=err)
    redraws = [line.rstrip() for line in err.getvalue().rstrip("\n").split("\r") if line]
    # The bar is drawn at the start and at the end; tqdm may skip the ones in
    # between when files come faster than it redraws.
    assert redraws[0] == "[" + "-" * 30 + "] 0/3 files: 0 imported, 0 duplicate, 0 failed"
    assert redraws[-1] == "[" + "#" * 30 + "] 3/3 files: 2 imported, 0 duplicate, 1 failed"
    assert all(line.startswith("[") and " files: " in line for line in redraws)
    assert "\x1b[" not in err.getvalue()


def test_command_progress_follows_the_terminal_unless_told(tmp_path):
    files = str(_three_files(tmp_path))
    for options, stderr, shown in [
        ([], io.StringIO(), False),
        (["--progress"], io.StringIO(), True),
        (["--no-progress"], _Terminal(), False),
    ]:
        with pytest.raises(CommandError):
            call_command("import_articles", *options, files, stdout=io.StringIO(), stderr=stderr)
        assert ("3/3 files" in stderr.getvalue()) is shown


def _ten_quotes() -> str:
    people = [
        ("Anna Novak", "the finance minister"),
        ("Marek Reyes", "the mayor"),
        ("Leila Haddad", "the union leader"),
        ("Tomas Ito", "an economist at Northgate Capital"),
    ]
    quotes = [
        "We cannot keep asking families to pay more for less",
        "The numbers simply do not add up",
        "This is the most important investment in a generation",
        "Nobody was consulted about the line",
        "We will publish every contract",
        "The budget is balanced for the first time in a decade",
        "Rents have gone up sharply since the plan was announced",
        "There is no money for the second bridge",
        "The strike will go ahead on Monday",
        "Interest rates will fall next year",
    ]
    paragraphs = []
    for i, quote in enumerate(quotes):
        name, role = people[i % len(people)]
        who = f"{name}, {role}," if i < len(people) else name.split()[-1]
        paragraphs.append(f"“{quote},” {who} said on Tuesday.")
    paragraphs.append("One official, who asked not to be named, said: “The deal is already done.”")
    return "\n\n".join(paragraphs)


def test_importing_an_article_with_new_speakers_takes_few_queries(django_assert_max_num_queries):
    # Savepoint, article (its unique hash is the duplicate check), alias
    # lookup, savepoint, speakers, aliases, release, anonymous speaker,
    # claims, release: one insert per table whatever the number of claims
    # and speakers. (On PostgreSQL the claims go in by COPY, which is not
    # counted here.) One query for the earlier claims the new ones may
    # repeat (there are none). Then one look whether the source library has
    # any text to search for the quotes' originals (it has none here).
    with django_assert_max_num_queries(12):
        outcome = import_text(text=_ten_quotes())
    article = outcome.article
    assert article.claims.filter(kind="quote").count() == 11
    assert sorted(Speaker.objects.values_list("name", flat=True)) == [
        "Anna Novak",
        "Leila Haddad",
        "Marek Reyes",
        "One official",
        "Tomas Ito",
    ]
    assert SpeakerAlias.objects.get(key="novak").speaker.name == "Anna Novak"
    assert not Speaker.objects.filter(claims__isnull=True).exists()


def test_importing_an_article_with_known_speakers_takes_fewer_queries(django_assert_max_num_queries):
    import_text(text=_ten_quotes())
    # One of them asks whether the source library has text to search. The
    # quotes repeat the first article's: one query finds them, one stores
    # the repeats (finding the new claims by their spans as it goes).
    with django_assert_max_num_queries(9):
        outcome = import_text(text=_ten_quotes().replace("Tuesday", "Wednesday"))
    assert outcome.status == "imported"
    assert Speaker.objects.filter(name="Anna Novak").count() == 1
    assert outcome.article.claims.filter(speaker__name="Anna Novak").count() == 3


@pytest.mark.django_db(transaction=True)
def test_one_new_speaker_in_articles_imported_at_once_is_one_record():
    texts = [
        f"“Berth {n} will open in spring,” the harbour master, Rhea Moss, said. Moss added: “Berth {n} is ready.”"
        for n in range(8)
    ]
    results, errors = [], []
    barrier = threading.Barrier(len(texts))

    def worker(text):
        try:
            barrier.wait()
            results.append(import_text(text=text).status)
        except Exception as exc:  # noqa: BLE001 - reported by the assertion below
            errors.append(exc)
        finally:
            connection.close()

    threads = [threading.Thread(target=worker, args=(text,)) for text in texts]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert errors == []
    assert results == ["imported"] * len(texts)
    moss = Speaker.objects.get()
    assert moss.name == "Rhea Moss"
    assert sorted(moss.aliases.values_list("key", flat=True)) == ["moss", "rhea moss"]
    assert Claim.objects.filter(kind="quote").exclude(speaker=moss).count() == 0
    assert Claim.objects.filter(kind="quote", speaker=moss).count() == 2 * len(texts)


def test_interrupted_quote_is_stored_linked_to_its_first_part():
    text = (
        'Harbour plan\n\n"Every nation has a duty to defend itself," Admiral Rob Bauer said. '
        '"And that right does not stop at the border."'
    )
    outcome = import_text(text=text, name="linked.txt")
    first, second = outcome.article.claims.filter(kind="quote").order_by("start")
    assert second.linked_to == first and first.linked_to is None
    assert first.speaker == second.speaker and first.speaker.name == "Rob Bauer"
    assert (first.state, first.verdict, first.version) == ("new", "unrated", 1)


def test_reimporting_an_article_is_refused_by_its_hash_in_few_queries(django_assert_max_num_queries):
    first = import_text(text=_ten_quotes())
    claims = Claim.objects.count()
    # Savepoint, the refused article insert, rollback and release, the
    # lookup of the article that is already there.
    with django_assert_max_num_queries(5):
        again = import_text(text=_ten_quotes(), name="again.txt")
    assert (again.status, again.article) == ("duplicate", first.article)
    assert (Article.objects.count(), Claim.objects.count()) == (1, claims)


def test_anonymous_sources_and_unnamed_groups_are_a_record_per_article():
    first = import_text(
        text="“The dam is cracked,” one source said. Officials said the dam would hold until May."
    ).article
    second = import_text(
        text="“The bridge is shut,” one source said. Officials said the bridge would reopen in May."
    ).article
    for kind, name in ((Speaker.Kind.ANONYMOUS, "one source"), (Speaker.Kind.COLLECTIVE, "Officials")):
        speakers = Speaker.objects.filter(kind=kind, name=name)
        assert speakers.count() == 2
        assert {c.article_id for s in speakers for c in s.claims.all()} == {first.pk, second.pk}
        assert not SpeakerAlias.objects.filter(speaker__in=speakers).exists()


@pytest.mark.skipif(connection.vendor != "postgresql", reason="PostgreSQL's planner")
def test_foreign_keys_set_on_few_claims_are_read_through_their_partial_indexes():
    # Indexed where set only (an import's claims are in none of them), and
    # still read by index where a user, a note or a claim is looked up, as
    # when one is deleted and its claims are set to NULL.
    import_text(text=_ten_quotes())
    with connection.cursor() as cursor:
        cursor.execute("SET LOCAL enable_seqscan = off")
        cursor.execute("SET LOCAL enable_bitmapscan = off")
        for name in ["linked_to", "assignee", "approved_by", "published_by", "sent_back_note"]:
            sql, params = Claim.objects.filter(**{name: 1}).values("pk").query.sql_with_params()
            cursor.execute(f"EXPLAIN {sql}", params)
            plan = "\n".join(row[0] for row in cursor.fetchall())
            assert f"using claim_{name} " in plan, plan
