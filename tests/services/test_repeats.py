import importlib
import itertools
from types import SimpleNamespace

import pytest
from django.apps import apps
from django.db import connection

from claims.bulk import insert_rows
from claims.importers import import_text
from claims.models import Claim, ClaimEvent, ClaimRepeat, Evidence
from claims.repeats import MAX_REPEATS, match_key
from claims.services import repeats
from claims.services.evidence import link_source
from claims.services.repeats import reuse_verdict
from claims.services.review import EditConflict, InvalidChange, ReviewRefused, change_claim
from tests.factories import make_article, make_claim, make_source, make_speaker

pytestmark = pytest.mark.django_db

PANEL = ClaimEvent.Via.PANEL
_days = itertools.count(1)
LINE = "We will not be party to the conflict, whatever happens next,"
NEAR_LINE = "We will not be a party to this conflict, whatever happens next,"


def _import(text: str, title: str = "") -> Claim:
    """The article's text imported; its first quote."""
    outcome = import_text(text=text, title=title)
    assert outcome.status == "imported"
    return outcome.article.claims.filter(kind=Claim.Kind.QUOTE).order_by("start").first()


def _said(line: str, who: str = "Anna Novak", title: str = "Port deal", when: str = "") -> Claim:
    """`line` said by `who` in an article of its own (another day each time)."""
    when = when or f"on day {next(_days)}"
    return _import(f"{title}\n\n“{line}” {who} said {when}.", title=title)


# Found at import


def test_the_same_quote_in_a_second_article_is_linked_to_the_first():
    first = _said(LINE)
    second = _said(LINE.upper().replace(",", ";"), title="Harbour talks")
    assert first.match_key == second.match_key == match_key(LINE)
    link = ClaimRepeat.objects.get()
    assert (link.claim, link.earlier, link.kind, link.score) == (second, first, "exact", 1.0)


def test_the_same_quote_by_another_speaker_is_linked_when_it_is_long_enough():
    first = _said(LINE)
    second = _said(LINE, who="Marek Reyes", title="Harbour talks")
    assert list(second.repeats.values_list("earlier", "kind")) == [(first.pk, "exact")]


def test_nearly_the_same_words_by_the_same_speaker_are_linked_with_their_score():
    first = _said(LINE)
    second = _said(NEAR_LINE, title="Harbour talks")
    link = second.repeats.get()
    assert (link.earlier, link.kind) == (first, "near")
    assert 0.8 <= link.score < 1


def test_nearly_the_same_words_by_another_speaker_are_not_linked():
    _said(LINE)
    second = _said(NEAR_LINE, who="Marek Reyes", title="Harbour talks")
    assert not second.repeats.exists()
    assert not ClaimRepeat.objects.exists()


def test_a_short_quote_is_linked_only_to_the_same_speaker_s():
    novak = _said("Be quiet,")
    reyes = _said("Be quiet,", who="Marek Reyes", title="Harbour talks")
    again = _said("Be quiet,", title="Harbour row")
    assert not reyes.repeats.exists()
    assert list(again.repeats.values_list("earlier", "kind")) == [(novak.pk, "exact")]


def test_a_quote_repeated_within_one_article_is_not_linked_to_itself():
    _import(f"Port deal\n\n“{LINE}” Anna Novak said on Tuesday.\n\nLater she said again: “{LINE}”")
    assert not ClaimRepeat.objects.exists()


def test_a_repeat_links_to_every_earlier_claim_up_to_a_few_exact_ones_first():
    earlier = [_said(LINE, title=f"Port deal {n}") for n in range(MAX_REPEATS + 2)]
    near = _said(NEAR_LINE, title="Harbour talks")
    latest = _said(LINE, title="Harbour talks again")
    assert near.repeats.count() == MAX_REPEATS and set(near.repeats.values_list("kind", flat=True)) == {"near"}
    # The earliest exact ones, which are the likeliest to be checked already.
    assert list(latest.repeats.order_by("earlier").values_list("earlier", flat=True)) == [
        c.pk for c in earlier[:MAX_REPEATS]
    ]


def test_near_repeats_are_looked_for_among_the_speaker_s_latest_claims_only(monkeypatch):
    monkeypatch.setattr(repeats, "RECENT_PER_SPEAKER", 2)
    old = _said(NEAR_LINE)
    for n in range(2):
        _said(f"The harbour will reopen in {n + 2} weeks, whatever the unions say about it,", title=f"Port {n}")
    # The near line is now older than the speaker's two latest claims; the
    # exact repeat is still found by its key.
    near = _said(LINE, title="Harbour talks")
    exact = _said(NEAR_LINE, title="Harbour row")
    assert not near.repeats.filter(earlier=old).exists()
    assert exact.repeats.filter(earlier=old, kind="exact").exists()


def test_statements_and_not_speech_quotes_are_not_matched_with_each_other():
    _import("Port deal\n\nCritics called the plan a “fantasy”.")
    _import("Harbour talks\n\nThe unions called the plan a “fantasy”.")
    assert not ClaimRepeat.objects.exists()


def _speech(n: int) -> str:
    people = ["Anna Novak", "Marek Reyes", "Leila Haddad"]
    lines = [LINE, NEAR_LINE, "Nobody was consulted, not the drivers, not the passengers, not the towns,"]
    paragraphs = [f"“{line}” {people[(i + n) % 3]} said on day {n}." for i, line in enumerate(lines * 3)]
    return f"Port deal {n}\n\n" + "\n\n".join(paragraphs)


@pytest.mark.parametrize("earlier_articles", [1, 30])
def test_import_queries_do_not_grow_with_the_claims_already_stored(earlier_articles, django_assert_max_num_queries):
    for n in range(earlier_articles):
        import_text(text=_speech(n))
    before = Claim.objects.count()
    # As for any article with known speakers (test_importers), plus the
    # candidates and the repeats: however many claims each speaker already
    # has.
    with django_assert_max_num_queries(8):
        outcome = import_text(text=_speech(1000))
    assert Claim.objects.count() == before + 9
    new = outcome.article.claims.all()
    assert ClaimRepeat.objects.filter(claim__in=new).exists()
    assert max(c.repeats.count() for c in new) <= MAX_REPEATS


def test_a_short_quote_s_earlier_claims_are_read_by_speaker_and_key_together():
    # Said by many: looked up by its key alone, every other speaker's claim
    # with these words would be read and dropped.
    article = make_article(text="Be quiet")
    speakers = [make_speaker(f"Speaker {n}") for n in range(200)]
    key = match_key("Be quiet")
    insert_rows(Claim, [
        {"article_id": article.pk, "text": "Be quiet", "start": n, "end": n + 8, "speaker_id": speakers[n % 200].pk,
         "match_key": key}
        for n in range(2000)
    ])
    sql, params = repeats.candidate_query([(key, speakers[0].pk)], [])
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute("ANALYZE claims_claim")
            cursor.execute("SET LOCAL enable_seqscan = off")
            cursor.execute("SET LOCAL enable_bitmapscan = off")
            cursor.execute("EXPLAIN " + sql, params)
        else:
            cursor.execute("ANALYZE")
            cursor.execute("EXPLAIN QUERY PLAN " + sql, params)
        plan = "\n".join(str(row[-1]) for row in cursor.fetchall())
    assert "claim_speaker_key" in plan, plan
    assert not any("Filter" in line and "speaker_id" in line for line in plan.splitlines()), plan
    found = repeats._candidates([(key, speakers[0].pk)], [])
    assert len(found) == MAX_REPEATS and {q.speaker for q in found.values()} == {speakers[0].pk}


@pytest.mark.parametrize(
    "values, cast",
    [
        ([3, 1, 2], "bigint"),
        ([0.5, 1.0, 2e-05], "float8"),
        ([match_key("We will build"), "exact", "near"], "text"),
        ([], "bigint"),
        (['a "quoted" word', "back\\slash"], "text"),
    ],
)
def test_arrays_reach_postgresql_as_they_were(values, cast):
    if connection.vendor != "postgresql":
        pytest.skip("PostgreSQL's arrays")
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT %s::{cast}[]", [repeats._pg_array(values)])
        assert cursor.fetchone()[0] == values


def test_the_migration_fills_the_keys_of_stored_claims_in_batches(monkeypatch):
    article = make_article(text="He said “We will not be party to the conflict” and “Be quiet”. …")
    claims = [make_claim(article, quote=q) for q in ("We will not be party to the conflict", "Be quiet", "…")]
    assert {c.match_key for c in claims} == {""}
    migration = importlib.import_module("claims.migrations.0027_claim_repeats")
    monkeypatch.setattr(migration, "BATCH", 2)
    migration.fill_keys(apps, SimpleNamespace(connection=connection))
    for claim in claims:
        claim.refresh_from_db()
    assert [c.match_key for c in claims] == [match_key(c.text) for c in claims]
    assert claims[0].match_key and claims[2].match_key == ""


# Reuse


TRANSCRIPT = (
    "Question: will you send troops? Novak: We will not be party to the conflict, whatever happens next, "
    "unless parliament decides otherwise. Thank you."
)


@pytest.fixture
def settled(editor):
    """The first claim, linked to a transcript, misquoted and approved by an editor."""
    first = _said(LINE)
    source = make_source("Press conference transcript", text=TRANSCRIPT)
    link_source(claim=first, by=editor, via=PANEL, source=source, passage=TRANSCRIPT[39:100], locator="p. 2",
                stance=Evidence.Stance.CONTRADICTS)
    first.refresh_from_db()
    return change_claim(claim=first, by=editor, seen_version=first.version, via=PANEL,
                        changes={"verdict": Claim.Verdict.MISQUOTED, "state": Claim.State.DONE})


@pytest.fixture
def repeat(settled):
    return _said(LINE, title="Harbour talks")


def test_a_reviewer_reuses_a_settled_verdict_and_its_evidence(settled, repeat, reviewer):
    claim = reuse_verdict(claim=repeat, earlier=settled, by=reviewer, seen_version=repeat.version, via=PANEL)
    claim.refresh_from_db()
    # Proposed, not approved: an editor still has to approve it.
    assert (claim.verdict, claim.state) == (Claim.Verdict.MISQUOTED, Claim.State.SECOND_CHECK)
    assert claim.approved_by is None and claim.approved_at is None
    assert claim.version == repeat.version + 1
    [theirs], [ours] = settled.evidence.all(), claim.evidence.all()
    assert (ours.source, ours.passage, ours.locator, ours.stance) == (
        theirs.source, theirs.passage, "p. 2", Evidence.Stance.CONTRADICTS
    )
    assert ours.passage == TRANSCRIPT[39:100].strip() and ours.passage_start == theirs.passage_start
    assert ours.added_by == reviewer and ours.match is not None
    history = {e.field: e for e in claim.history.all()}
    assert set(history) == {"reuse", "verdict", "state", "evidence"}
    assert f"claim {settled.pk}" in history["reuse"].new and "Port deal" in history["reuse"].new
    assert "misquoted" in history["reuse"].new and "1 source" in history["reuse"].new
    assert (history["verdict"].new, history["verdict"].actor) == ("misquoted", reviewer)
    assert {e.via for e in history.values()} == {PANEL}
    # The earlier claim is untouched, and the two stay separately reviewable.
    settled.refresh_from_db()
    assert (settled.state, settled.version, settled.evidence.count()) == (Claim.State.DONE, 2, 1)


def test_a_verdict_is_reused_from_a_later_claim_settled_first(settled, reviewer, editor):
    later = _said(LINE, title="Harbour talks")
    # The earlier claim of the two is the one still open.
    change_claim(claim=settled, by=editor, seen_version=settled.version, via=PANEL,
                 changes={"state": Claim.State.IN_REVIEW})
    later.refresh_from_db()
    change_claim(claim=later, by=editor, seen_version=later.version, via=PANEL,
                 changes={"verdict": Claim.Verdict.ACCURATE, "state": Claim.State.DONE})
    settled.refresh_from_db()
    claim = reuse_verdict(claim=settled, earlier=later, by=reviewer, seen_version=settled.version, via=PANEL)
    assert claim.verdict == Claim.Verdict.ACCURATE
    assert f"claim {later.pk}" in claim.history.get(field="reuse").new


def test_reusing_twice_links_each_source_once(settled, repeat, editor):
    claim = reuse_verdict(claim=repeat, earlier=settled, by=editor, seen_version=repeat.version, via=PANEL)
    claim = reuse_verdict(claim=claim, earlier=settled, by=editor, seen_version=claim.version, via=PANEL)
    assert claim.evidence.count() == 1
    assert claim.approved_by is None and claim.state == Claim.State.SECOND_CHECK


def _untouched(claim: Claim) -> None:
    before = (claim.verdict, claim.state, claim.version)
    claim.refresh_from_db()
    assert (claim.verdict, claim.state, claim.version) == before
    assert not claim.evidence.exists() and not claim.history.exists()


def test_an_outsider_may_not_reuse(settled, repeat, outsider):
    with pytest.raises(ReviewRefused):
        reuse_verdict(claim=repeat, earlier=settled, by=outsider, seen_version=repeat.version, via=PANEL)
    _untouched(repeat)


def test_a_stale_version_is_refused(settled, repeat, reviewer, colleague):
    seen = repeat.version
    change_claim(claim=repeat, by=colleague, seen_version=seen, via=PANEL, changes={"assignee": colleague})
    with pytest.raises(EditConflict, match="carl changed this claim"):
        reuse_verdict(claim=repeat, earlier=settled, by=reviewer, seen_version=seen, via=PANEL)
    repeat.refresh_from_db()
    assert (repeat.verdict, repeat.evidence.count(), repeat.history.count()) == (Claim.Verdict.UNRATED, 0, 1)


def test_an_unsettled_claim_s_verdict_is_not_reused(settled, repeat, reviewer, editor):
    change_claim(claim=settled, by=editor, seen_version=settled.version, via=PANEL,
                 changes={"state": Claim.State.SECOND_CHECK})
    with pytest.raises(InvalidChange, match="no longer settled"):
        reuse_verdict(claim=repeat, earlier=settled, by=reviewer, seen_version=repeat.version, via=PANEL)
    _untouched(repeat)


def test_only_a_linked_repeat_s_verdict_is_reused(settled, reviewer):
    other = _said("Nobody was consulted about the harbour, not the drivers, not the towns,", title="Harbour talks")
    with pytest.raises(InvalidChange, match="not a repeat"):
        reuse_verdict(claim=other, earlier=settled, by=reviewer, seen_version=other.version, via=PANEL)
    _untouched(other)


def test_an_approved_claim_keeps_its_verdict(settled, repeat, editor):
    repeat = change_claim(claim=repeat, by=editor, seen_version=repeat.version, via=PANEL,
                          changes={"verdict": Claim.Verdict.ACCURATE, "state": Claim.State.DONE})
    with pytest.raises(InvalidChange, match="approved"):
        reuse_verdict(claim=repeat, earlier=settled, by=editor, seen_version=repeat.version, via=PANEL)
    repeat.refresh_from_db()
    assert (repeat.verdict, repeat.state, repeat.evidence.count()) == (Claim.Verdict.ACCURATE, Claim.State.DONE, 0)
