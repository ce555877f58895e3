"""The search box on the database: what each kind is found by, the stored
words kept in step with every change, filters, the page and its fragment,
and who sees what. Runs on SQLite (FTS5) and PostgreSQL (tsvector)."""

import dataclasses
import datetime

import pytest
from django.contrib.auth.models import Permission
from django.db import connection
from django.urls import reverse
from django.utils import timezone

from claims.models import Claim, Note
from claims.search import Options, backends, search, search_sources
from claims.search.backends import Filters, find
from claims.search.query import parse_query
from tests.factories import make_article, make_claim, make_source, make_speaker

pytestmark = pytest.mark.django_db

HTMX = {"HX-Request": "true"}
TEXT = (
    'The minister spoke on Monday. "We will build 40,000 homes this year," Jane Roe said. '
    '"Taxes will not rise," she added. "Homes for everyone, we will soon build them," the mayor said.'
)


def _ids(kind, text, **filters):
    return find(kind, parse_query(text), Filters(**filters), limit=50).ids


def _claim(article, quote, **fields):
    return make_claim(article, quote=quote, **fields)


@pytest.fixture
def corpus():
    roe = make_speaker("Jane Roe")
    lee = make_speaker("Ann Lee")
    housing = make_article(text=TEXT, title="Housing plan", published_on=datetime.date(2024, 3, 1))
    other = make_article(text=TEXT + " Budget.", title="Budget day", published_on=datetime.date(2023, 5, 1))
    return {
        "roe": roe,
        "lee": lee,
        "housing": housing,
        "other": other,
        "build": _claim(housing, "We will build 40,000 homes this year,", speaker=roe),
        "taxes": _claim(housing, "Taxes will not rise,", speaker=roe, state=Claim.State.DONE,
                        verdict=Claim.Verdict.ACCURATE),
        "homes": _claim(other, "Homes for everyone, we will soon build them,", speaker=lee),
    }


# What each kind is found by.


def test_claims_are_found_by_their_words_and_their_speaker(corpus):
    assert set(_ids("claims", "homes ")) == {corpus["build"].pk, corpus["homes"].pk}
    assert _ids("claims", "roe taxes ") == [corpus["taxes"].pk]
    assert set(_ids("claims", "Jane ")) == {corpus["build"].pk, corpus["taxes"].pk}


def test_the_speaker_as_written_is_found_too(corpus):
    claim = _claim(corpus["other"], "Budget", speaker_as_written="the finance spokesman")
    assert _ids("claims", "spokesman ") == [claim.pk]


def test_a_phrase_needs_its_words_in_order(corpus):
    assert _ids("claims", '"we will build" ') == [corpus["build"].pk]
    assert set(_ids("claims", "we will build ")) == {corpus["build"].pk, corpus["homes"].pk}


@pytest.mark.skipif("connection.vendor != 'postgresql'", reason="the phrase's bound is PostgreSQL's")
def test_a_phrase_is_checked_on_a_bounded_number_of_rows_holding_its_words(corpus, monkeypatch, client, reviewer):
    article = corpus["other"]
    words_only = Claim.objects.bulk_create(
        Claim(article=article, text=f"Build, we will, number {n}", start=n, end=n + 1) for n in range(6)
    )
    phrased = Claim.objects.bulk_create(
        Claim(article=article, text=f"We will build bridge {n}", start=10 + n, end=11 + n) for n in range(2)
    )
    everyone = {corpus["build"].pk, corpus["homes"].pk, *(c.pk for c in words_only), *(c.pk for c in phrased)}
    assert set(_ids("claims", "we will build ")) == everyone
    exact = find("claims", parse_query('"we will build" '), limit=50)
    assert set(exact.ids) == {corpus["build"].pk, *(c.pk for c in phrased)} and not exact.at_least
    # Only three of the nine rows holding the words are checked: what is
    # found holds the phrase, and the count says there may be more.
    monkeypatch.setitem(backends.KINDS, "claims", dataclasses.replace(backends.KINDS["claims"], phrase_candidates=3))
    bounded = find("claims", parse_query('"we will build" '), limit=50)
    assert set(bounded.ids) <= {corpus["build"].pk, *(c.pk for c in phrased)}
    assert bounded.at_least and bounded.total == len(bounded.ids)
    assert find("claims", parse_query('"we will build" bridge '), limit=50).ids == [
        *sorted((c.pk for c in phrased), reverse=True)
    ]
    # None of the rows checked holds the phrase: nothing is found, and the
    # rows past the bound may still hold it.
    missing = find("claims", parse_query('"build number we" '), limit=50)
    assert missing.ids == [] and missing.at_least
    client.force_login(reviewer)
    content = client.get(reverse("claims:search"), {"q": '"we will build"', "kind": "claims"}).content.decode()
    assert f"at least {bounded.total}" in content


def test_excluded_words_leave_rows_out(corpus):
    assert _ids("claims", "homes -year ") == [corpus["homes"].pk]
    assert _ids("claims", 'homes -"this year" ') == [corpus["homes"].pk]


def test_the_last_word_matches_as_a_prefix(corpus):
    assert _ids("claims", "every") == [corpus["homes"].pk]
    assert _ids("claims", "every ") == []


def test_articles_by_title_and_body_title_first(corpus):
    assert _ids("articles", "budget ") == [corpus["other"].pk]
    assert set(_ids("articles", "minister ")) == {corpus["housing"].pk, corpus["other"].pk}
    titled = make_article(text="Nothing about it here.", title="Minister resigns")
    assert _ids("articles", "minister ")[0] == titled.pk


def test_sources_by_title_publisher_author_and_text():
    speech = make_source("Opening remarks", publisher="NATO", author="Jens Stoltenberg",
                         text="We will defend every inch of allied territory.")
    make_source("Budget statement", publisher="Treasury", text="The deficit will fall.")
    assert _ids("sources", "nato ") == [speech.pk]
    assert _ids("sources", "stoltenberg remarks ") == [speech.pk]
    assert _ids("sources", "allied territory ") == [speech.pk]
    assert _ids("sources", "remarks deficit ") == []


def test_notes_by_their_text(corpus, reviewer):
    note = Note.objects.create(claim=corpus["build"], author=reviewer, text="Ask the ministry for the housing figures.")
    Note.objects.create(claim=corpus["homes"], author=reviewer, text="Called the mayor's office.")
    assert _ids("notes", "ministry figures ") == [note.pk]


def test_the_best_match_comes_first(corpus):
    many = _claim(corpus["other"], "Budget", speaker_as_written="")
    many.text = "homes homes homes and more homes"
    many.save()
    assert _ids("claims", "homes ")[0] == many.pk


def test_source_search_ranks_and_limits():
    for n in range(25):
        make_source(f"Speech number {n}")
    assert len(search_sources("speech ")) == 20
    assert search_sources("-speech") == []


@pytest.mark.skipif("connection.vendor != 'postgresql'", reason="trigram similarity is PostgreSQL's")
def test_misspelt_speakers_and_titles_are_found_on_postgresql(corpus):
    stoltenberg = make_speaker("Jens Stoltenberg")
    claim = _claim(corpus["other"], "Budget", speaker=stoltenberg)
    assert _ids("claims", "Stoltenburg ") == [claim.pk]
    assert _ids("articles", "Hosuing plan ") == []  # "plan" is exact, "hosuing" too far from "housing"
    assert _ids("articles", "Budgett ") == [corpus["other"].pk]


@pytest.mark.skipif("connection.vendor != 'postgresql'", reason="trigram similarity is PostgreSQL's")
def test_a_misspelt_word_is_looked_for_in_each_field_the_closest_rows_first(monkeypatch):
    herald = [make_source(f"Report {n}", publisher="Council Herald") for n in range(4)]
    by_author = make_source("Minutes", author="Ann Coucel")
    closest = make_source("Coucils minutes")
    make_source("Budget statement", publisher="Treasury")
    assert set(_ids("sources", "Coucil ")) == {*(s.pk for s in herald), by_author.pk, closest.pk}
    # Fewer rows of each field looked at: still some of each field's.
    monkeypatch.setattr(backends, "SIMILAR_CANDIDATES", 2)
    found = set(_ids("sources", "Coucil "))
    assert {by_author.pk, closest.pk} <= found and len(found & {s.pk for s in herald}) == 2
    # Only the closest row stands for the word.
    monkeypatch.setattr(backends, "SIMILAR_ROWS", 1)
    assert _ids("sources", "Coucil ") == [closest.pk]


# The stored words follow every change.


def test_an_edited_claim_is_found_by_its_new_words_only(corpus):
    claim = corpus["taxes"]
    claim.text = "Rents will not rise,"
    claim.save()
    assert _ids("claims", "taxes ") == []
    assert _ids("claims", "rents ") == [claim.pk]


def test_a_deleted_row_is_no_longer_found(corpus, reviewer):
    note = Note.objects.create(claim=corpus["homes"], author=reviewer, text="Check the housing figures.")
    corpus["homes"].delete()  # its note goes with it
    assert _ids("claims", "everyone ") == []
    assert _ids("notes", "figures ") == []
    assert not Note.objects.filter(pk=note.pk).exists()


def test_a_renamed_or_changed_speaker_moves_their_claims(corpus):
    roe = corpus["roe"]
    roe.name = "Mary Roeburn"
    roe.save()
    assert set(_ids("claims", "roeburn ")) == {corpus["build"].pk, corpus["taxes"].pk}
    assert _ids("claims", "jane ") == []
    Claim.objects.filter(pk=corpus["build"].pk).update(speaker=corpus["lee"])
    assert _ids("claims", "roeburn ") == [corpus["taxes"].pk]
    assert set(_ids("claims", "ann lee ")) == {corpus["build"].pk, corpus["homes"].pk}
    corpus["lee"].delete()  # the claims keep no speaker
    assert _ids("claims", "lee ") == []


def test_edited_articles_sources_and_notes_follow(corpus, reviewer):
    article = corpus["other"]
    article.cleaned_text = "An entirely different report about harbours."
    article.save()
    assert _ids("articles", "harbours ") == [article.pk]
    assert _ids("articles", "budget ") == [article.pk]  # still in its title
    article.title = "Harbour day"
    article.save(update_fields=["title"])
    assert _ids("articles", "budget ") == []
    source = make_source("Statement", text="Old words.")
    source.text = "New words."
    source.save()
    assert _ids("sources", "old ") == [] and _ids("sources", "new ") == [source.pk]
    source.delete()
    assert _ids("sources", "new ") == []
    note = Note.objects.create(claim=corpus["build"], author=reviewer, text="first draft")
    Note.objects.filter(pk=note.pk).update(text="second thoughts")
    assert _ids("notes", "draft ") == [] and _ids("notes", "thoughts ") == [note.pk]


def test_bulk_written_rows_are_indexed(corpus):
    article = make_article(text="Bulk body", title="Bulk")
    Claim.objects.bulk_create(
        Claim(article=article, text=f"quote number {n} about ferries", start=n, end=n + 1) for n in range(5)
    )
    assert len(_ids("claims", "ferries ")) == 5


@pytest.mark.skipif("connection.vendor != 'sqlite'", reason="SQLite's FTS5 tables")
def test_every_search_trigger_is_there_on_sqlite():
    with connection.cursor() as cursor:
        cursor.execute("SELECT name FROM sqlite_master WHERE type = 'trigger' AND name LIKE '%fts%'")
        names = {row[0] for row in cursor.fetchall()}
    tables = ["claims_claim_fts", "claims_article_fts", "claims_source_fts", "claims_note_fts"]
    assert names == {"claims_speaker_fts_rename"} | {f"{t}_{e}" for t in tables for e in ("insert", "delete", "update")}


@pytest.mark.skipif("connection.vendor != 'postgresql'", reason="PostgreSQL's stored vectors")
def test_every_search_column_and_index_is_there_on_postgresql():
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT indexname FROM pg_indexes WHERE indexname LIKE 'claims_%%_search' OR indexname LIKE '%%_trgm'"
        )
        names = {row[0] for row in cursor.fetchall()}
    assert {"claims_claim_search", "claims_article_search", "claims_source_search", "claims_note_search",
            "claims_speaker_name_trgm", "claims_article_title_trgm", "claims_source_title_trgm"} <= names


@pytest.mark.skipif("connection.vendor != 'postgresql'", reason="PostgreSQL's planner")
def test_long_kinds_are_read_through_the_word_index_and_the_setting_does_not_outlive_the_query(corpus):
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as captured:
        assert _ids("articles", "minister ")
    sent = [q["sql"] for q in captured.captured_queries if "claims_article" in q["sql"]]
    assert len(sent) == 1 and sent[0].startswith("SET LOCAL enable_seqscan = off; SELECT")
    with connection.cursor() as cursor:
        cursor.execute("SHOW enable_seqscan")
        assert cursor.fetchone()[0] == "on"


# Filters.


def test_claim_filters_state_verdict_and_speaker(corpus):
    assert _ids("claims", "will ", state="done") == [corpus["taxes"].pk]
    assert _ids("claims", "will ", verdict="unrated") != [] and corpus["taxes"].pk not in _ids(
        "claims", "will ", verdict="unrated"
    )
    assert _ids("claims", "will ", speaker_ids=(corpus["lee"].pk,)) == [corpus["homes"].pk]
    assert _ids("claims", "will ", speaker_ids=()) == []


def test_date_filters_read_the_articles_publication(corpus):
    assert set(_ids("claims", "will ", date_from=datetime.date(2024, 1, 1))) == {
        corpus["build"].pk, corpus["taxes"].pk
    }
    assert _ids("claims", "will ", date_to=datetime.date(2023, 12, 31)) == [corpus["homes"].pk]
    assert _ids("articles", "minister ", date_to=datetime.date(2023, 5, 1)) == [corpus["other"].pk]


def test_note_filters_go_through_their_claim_and_date(corpus, reviewer):
    done = Note.objects.create(claim=corpus["taxes"], author=reviewer, text="verified figures")
    Note.objects.create(claim=corpus["build"], author=reviewer, text="figures pending")
    assert _ids("notes", "figures ", state="done") == [done.pk]
    today = timezone.now().date()
    assert len(_ids("notes", "figures ", date_from=today, date_to=today)) == 2
    assert _ids("notes", "figures ", date_to=today - datetime.timedelta(days=1)) == []


def test_state_and_verdict_filters_follow_every_change_of_the_claim(corpus, reviewer, editor):
    # On PostgreSQL they are lexemes of the claim's and its notes' vectors,
    # kept by triggers: a claim settled, sent back, renamed or re-noted is
    # found under its new state and verdict only.
    claim = corpus["build"]
    note = Note.objects.create(claim=claim, author=reviewer, text="checked the figures")
    assert claim.pk not in _ids("claims", "build ", state="done")
    Claim.objects.filter(pk=claim.pk).update(state=Claim.State.DONE, verdict=Claim.Verdict.MISQUOTED)
    assert _ids("claims", "build ", state="done", verdict="misquoted") == [claim.pk]
    assert _ids("notes", "figures ", verdict="misquoted") == [note.pk]
    assert _ids("notes", "figures ", state="new") == []
    corpus["roe"].name = "Jane Roe-Hart"
    corpus["roe"].save()
    assert _ids("claims", "hart ", verdict="misquoted") == [claim.pk]
    Note.objects.filter(pk=note.pk).update(text="checked the sums")
    assert _ids("notes", "sums ", state="done") == [note.pk]
    later = Note.objects.create(claim=claim, author=editor, text="sums agree")
    assert set(_ids("notes", "sums ", verdict="misquoted")) == {note.pk, later.pk}
    Claim.objects.filter(pk=claim.pk).update(state=Claim.State.IN_REVIEW, verdict=Claim.Verdict.UNRATED)
    assert _ids("claims", "build ", verdict="misquoted") == []
    assert _ids("notes", "sums ", verdict="misquoted") == []
    assert set(_ids("notes", "sums ", state="in_review")) == {note.pk, later.pk}


@pytest.mark.skipif("connection.vendor != 'postgresql'", reason="PostgreSQL's stored vectors")
def test_claim_filters_are_asked_of_the_word_index(corpus, reviewer):
    from django.test.utils import CaptureQueriesContext

    Note.objects.create(claim=corpus["taxes"], author=reviewer, text="verified figures")
    with CaptureQueriesContext(connection) as captured:
        assert _ids("notes", "figures ", state="done", verdict="accurate")
        assert _ids("claims", "taxes ", state="done", verdict="accurate") == [corpus["taxes"].pk]
        assert _ids("notes", "figures ", speaker_ids=(corpus["roe"].pk,))
        assert _ids("claims", "taxes ", date_from=datetime.date(2024, 3, 1)) == [corpus["taxes"].pk]
    notes_sql, claims_sql, speaker_sql, dates_sql = (
        q["sql"] for q in captured.captured_queries if "@@" in q["sql"]
    )
    assert "claims_claim" not in notes_sql and "claims_claim" not in speaker_sql
    assert ".state" not in claims_sql and ".verdict" not in claims_sql and "'_state_done'" in claims_sql
    assert "'_speaker_" in speaker_sql and "'_month_202403'" in dates_sql


def test_speaker_and_date_filters_follow_every_change_of_the_claim_and_its_article(corpus, reviewer):
    claim, lee = corpus["build"], corpus["lee"]
    note = Note.objects.create(claim=claim, author=reviewer, text="checked the figures")
    in_2024 = {"date_from": datetime.date(2024, 3, 1), "date_to": datetime.date(2024, 3, 1)}
    assert _ids("claims", "year ", **in_2024) == [claim.pk]
    Claim.objects.filter(pk=claim.pk).update(speaker=lee)
    assert _ids("claims", "year ", speaker_ids=(lee.pk,)) == [claim.pk]
    assert _ids("notes", "figures ", speaker_ids=(lee.pk,)) == [note.pk]
    assert _ids("notes", "figures ", speaker_ids=(corpus["roe"].pk,)) == []
    type(corpus["housing"]).objects.filter(pk=corpus["housing"].pk).update(published_on=datetime.date(2021, 7, 9))
    assert _ids("claims", "year ", **in_2024) == []
    assert _ids("claims", "year ", date_from=datetime.date(2021, 7, 9), date_to=datetime.date(2021, 7, 9)) == [
        claim.pk
    ]
    assert claim.pk in _ids("claims", "year ", date_to=datetime.date(2021, 12, 31))
    assert claim.pk not in _ids("claims", "year ", date_from=datetime.date(2021, 7, 10))


def test_a_date_range_is_asked_of_the_word_index_by_its_years_and_months():
    assert backends.date_terms(datetime.date(2019, 1, 1), datetime.date(2019, 12, 31)) == ["_year_2019"]
    assert backends.date_terms(datetime.date(2018, 11, 15), datetime.date(2021, 2, 3)) == [
        "_month_201811", "_month_201812", "_year_2019", "_year_2020", "_month_202101", "_month_202102"
    ]
    assert backends.date_terms(datetime.date(2019, 5, 2), datetime.date(2019, 5, 1)) == []
    # The first and last months whole: the rows they find are tested to the day.
    assert backends.date_terms(datetime.date(2019, 5, 20), datetime.date(2019, 5, 21)) == ["_month_201905"]
    assert backends.date_terms(datetime.date(1900, 2, 1), datetime.date(2026, 1, 1)) is None


def test_what_is_typed_never_matches_a_state_or_a_verdict(corpus):
    # "_state_done" is how the state is stored beside the words on PostgreSQL.
    assert _ids("claims", "_state_done ") == []
    assert _ids("claims", "_state_d") == []
    assert _ids("claims", "state done ") == []
    assert _ids("claims", "will ", state="done' | 'x") == []


def test_speaker_filter_by_name_leaves_other_kinds_out(corpus, reviewer):
    groups = search(user=reviewer, text="will ", options=Options(speaker="Ann"))
    assert [g.kind for g in groups] == ["claims", "notes"]
    assert [r.obj.pk for r in groups[0].results] == [corpus["homes"].pk]


# The page.


def test_search_page_groups_results_by_kind(client, reviewer, corpus):
    make_source("Homes statement", text="On homes.")
    client.force_login(reviewer)
    content = client.get(reverse("claims:search"), {"q": "homes"}).content.decode()
    assert "<html" in content
    assert content.index('id="results-claims"') < content.index('id="results-articles"') < content.index(
        'id="results-sources"'
    )
    assert f'href="{reverse("claims:claim-detail", args=[corpus["build"].pk])}"' in content
    assert f'href="{reverse("claims:article-detail", args=[corpus["housing"].pk])}"' in content
    assert '<mark class="hit">homes</mark>' in content


def test_search_partial_is_the_results_alone(client, reviewer, corpus):
    client.force_login(reviewer)
    content = client.get(reverse("claims:search"), {"q": "taxes", "kind": "claims"}, headers=HTMX).content.decode()
    assert "<html" not in content and 'id="search-results"' in content
    assert '<mark class="hit">Taxes</mark> will not rise,' in content
    assert 'id="results-articles"' not in content


def test_search_page_filters_by_state(client, reviewer, corpus):
    client.force_login(reviewer)
    content = client.get(reverse("claims:search"), {"q": "will", "state": "done"}, headers=HTMX).content.decode()
    assert reverse("claims:claim-detail", args=[corpus["taxes"].pk]) in content
    assert reverse("claims:claim-detail", args=[corpus["build"].pk]) not in content
    assert 'id="results-articles"' not in content


def test_highlighting_escapes_html_from_the_text(client, reviewer):
    article = make_article(text='<script>alert("budget")</script> <b>budget</b> & more', title="<i>Budget</i> day")
    _claim(article, '<script>alert("budget")</script>')
    client.force_login(reviewer)
    content = client.get(reverse("claims:search"), {"q": "budget"}).content.decode()
    assert "<script>alert" not in content and "<b>budget" not in content and "<i>" not in content
    assert '&lt;script&gt;alert(&quot;<mark class="hit">budget</mark>&quot;)&lt;/script&gt;' in content
    assert '&lt;i&gt;<mark class="hit">Budget</mark>&lt;/i&gt; day' in content


def test_one_kind_pages_through_its_results(client, reviewer):
    article = make_article(text="x" * 2000, title="Many")
    Claim.objects.bulk_create(Claim(article=article, text=f"ferry {n}", start=n, end=n + 1) for n in range(30))
    client.force_login(reviewer)
    first = client.get(reverse("claims:search"), {"q": "ferry", "kind": "claims"}, headers=HTMX).content.decode()
    second = client.get(reverse("claims:search"), {"q": "ferry", "kind": "claims", "page": 2}).content.decode()
    assert first.count('class="result result-claims"') == 25 and "more →" in first
    assert second.count('class="result result-claims"') == 5 and "← better" in second


def test_search_queries_do_not_grow_with_results(client, reviewer, django_assert_max_num_queries, reviewer_notes):
    client.force_login(reviewer)
    client.get(reverse("claims:search"), {"q": "ferry"})  # session and permissions cached alike below
    # One query counts the unread notifications for the navigation.
    with django_assert_max_num_queries(13):
        content = client.get(reverse("claims:search"), {"q": "ferry"}).content.decode()
    assert content.count('class="result result-claims"') == 5
    assert content.count('class="result result-notes"') == 5
    assert content.count('class="result result-sources"') == 5
    assert content.count('class="result result-articles"') == 5


@pytest.fixture
def reviewer_notes(reviewer):
    for n in range(8):
        article = make_article(text=f"The ferry story {n}.", title=f"Ferry {n}")
        claim = _claim(article, f"The ferry story {n}.", speaker=make_speaker(f"Captain {n}"))
        Note.objects.create(claim=claim, author=reviewer, text=f"ferry note {n}")
        make_source(f"Ferry timetable {n}", text="The ferry leaves at noon.")


def test_invalid_search_parameters_are_a_400(client, reviewer):
    client.force_login(reviewer)
    response = client.get(reverse("claims:search"), {"q": "x", "date_from": "2024-02-01", "date_to": "2024-01-01"})
    assert response.status_code == 400
    assert "The first date comes after the second." in response.content.decode()
    assert client.get(reverse("claims:search"), {"q": "x", "kind": "users"}).status_code == 400


# Who sees what.


def test_anonymous_visitors_are_sent_to_sign_in(client, corpus):
    response = client.get(reverse("claims:search"), {"q": "homes"})
    assert response.status_code == 302 and response["Location"].startswith(reverse("login"))


def test_an_outsider_gets_nothing(client, outsider, corpus):
    client.force_login(outsider)
    response = client.get(reverse("claims:search"), {"q": "homes"})
    assert response.status_code == 403
    assert "homes" not in response.content.decode().lower()
    assert search(user=outsider, text="homes") == []


def test_only_kinds_the_person_may_view_are_searched(client, outsider, corpus):
    outsider.user_permissions.add(Permission.objects.get(codename="view_source"))
    source = make_source("Homes statement", text="On homes.")
    client.force_login(outsider)
    content = client.get(reverse("claims:search"), {"q": "homes"}).content.decode()
    assert 'id="results-sources"' in content and reverse("claims:source-detail", args=[source.pk]) in content
    assert 'id="results-claims"' not in content and 'id="results-articles"' not in content


def test_the_search_field_is_on_every_page_for_those_who_may_search(client, reviewer, outsider, corpus):
    client.force_login(reviewer)
    field = f'action="{reverse("claims:search")}"'
    assert field in client.get(reverse("claims:article-list")).content.decode()
    assert field in client.get(reverse("claims:claim-detail", args=[corpus["build"].pk])).content.decode()
    client.force_login(outsider)
    assert field not in client.get(reverse("claims:article-list")).content.decode()


@pytest.mark.skipif("connection.vendor != 'sqlite'", reason="SQLite rebuilds a table to alter it")
@pytest.mark.django_db(transaction=True)
def test_a_table_rebuilt_by_a_migration_keeps_the_search_triggers():
    def triggers():
        with connection.cursor() as cursor:
            cursor.execute("SELECT name, sql FROM sqlite_master WHERE type = 'trigger' ORDER BY name")
            return cursor.fetchall()

    before = triggers()
    with connection.schema_editor() as editor:
        editor._remake_table(Claim)
    assert triggers() == before
    claim = _claim(make_article(text="The lighthouse keeper spoke.", title="Coast"), "The lighthouse keeper spoke.")
    assert find("claims", parse_query("lighthouse")).ids == [claim.pk]


@pytest.mark.skipif("connection.vendor != 'postgresql'", reason="PostgreSQL's stored vectors")
def test_a_claim_s_vector_holds_its_words_then_its_speaker_s_names_then_what_the_filters_ask(corpus):
    # Written out as 0021 and 0033 define it, whichever functions make it now.
    expected = (
        "setweight(to_tsvector('simple'::regconfig, left(c.text, 100000)), 'A') "
        "|| setweight(to_tsvector('simple'::regconfig, coalesce(s.name, '') || ' ' || c.speaker_as_written), 'B') "
        "|| array_to_tsvector(ARRAY['_state_' || c.state, '_verdict_' || c.verdict]"
        "                     || CASE WHEN c.speaker_id IS NULL THEN '{}' ELSE ARRAY['_speaker_' || c.speaker_id] END) "
        "|| CASE WHEN a.published_on IS NULL THEN ''::tsvector ELSE array_to_tsvector(ARRAY["
        "     '_year_' || to_char(a.published_on, 'YYYY'), '_month_' || to_char(a.published_on, 'YYYYMM')]) END"
    )
    speaker = make_speaker("Ann Lee")
    make_claim(make_article(text="We will build homes"), quote="We will build homes", speaker=speaker,
               speaker_as_written="the minister")
    make_claim(make_article(text="Nobody said this", published_on=None), quote="Nobody said this")
    speaker.name = "Ann Lee-Park"
    speaker.save()
    with connection.cursor() as cursor:
        cursor.execute(
            f"SELECT count(*), count(*) FILTER (WHERE c.search = {expected}) "
            "FROM claims_claim c LEFT JOIN claims_speaker s ON s.id = c.speaker_id "
            "JOIN claims_article a ON a.id = c.article_id"
        )
        total, as_defined = cursor.fetchone()
    assert total > 2 and total == as_defined
