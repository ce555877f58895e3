"""The list and detail pages the other query tests leave out, each read
with few rows behind it and with many, under one limit of queries: the
number the page needs with the fewest (a query per row would exceed it).
Full page and htmx partial where a page has both."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from claims.importers import ImportOutcome, Status
from claims.models import Capture, Claim, ClaimEvent, Evidence, ImportBatch, Source
from claims.services.evidence import link_source
from claims.services.library import create_source
from claims.services.publishing import publish_claim
from claims.services.review import add_note, change_claim
from tests.factories import make_article, make_claim, make_source, make_speaker

pytestmark = pytest.mark.django_db

HTMX = {"HX-Request": "true"}
VIA = ClaimEvent.Via.COMMAND
SIZES = (2, 12)
SENTENCES = " ".join(f'"Ferry line {n} will run every hour," Jane Roe said.' for n in range(max(SIZES)))


def _queries(client, url: str, **kwargs) -> int:
    with CaptureQueriesContext(connection) as captured:
        assert client.get(url, **kwargs).status_code == 200
    return len(captured)


def at_two_sizes(client, assert_max, url: str, grow, **kwargs) -> list[str]:
    """The page as read after grow(size) for each of SIZES, each read under
    the limit the smallest size needs (counted after a first visit, which
    fills the session's and the permissions' caches)."""
    grow(SIZES[0])
    client.get(url, **kwargs)
    limit = _queries(client, url, **kwargs)
    pages = []
    for size in SIZES:
        grow(size)
        with assert_max(limit):
            response = client.get(url, **kwargs)
        assert response.status_code == 200
        pages.append(response.content.decode())
    return pages


class Rows:
    """Calls make(n) for each n not made yet, up to the size asked for."""

    def __init__(self, make):
        self.make, self.made = make, 0

    def __call__(self, size: int) -> None:
        while self.made < size:
            self.make(self.made)
            self.made += 1


@pytest.mark.parametrize("htmx", [False, True], ids=["page", "partial"])
def test_article_page_with_an_open_claim(client, reviewer, django_assert_max_num_queries, htmx):
    article = make_article(text=SENTENCES)
    first = make_claim(article, quote="Ferry line 0 will run every hour,", speaker=make_speaker("Jane Roe"))

    def claim(n):
        if n:
            make_claim(article, quote=f"Ferry line {n} will run every hour,", speaker=make_speaker(f"Speaker {n}"))

    client.force_login(reviewer)
    url = reverse("claims:claim-detail", args=[first.pk])
    pages = at_two_sizes(client, django_assert_max_num_queries, url, Rows(claim), headers=HTMX if htmx else {})
    if not htmx:  # the panel alone is the partial; the page lists every claim
        assert [p.count('class="claim kind-quote') for p in pages] == list(SIZES)


def test_article_page(client, reviewer, django_assert_max_num_queries):
    article = make_article(text=SENTENCES)
    grow = Rows(lambda n: make_claim(article, quote=f"Ferry line {n} will run every hour,",
                                     speaker=make_speaker(f"Speaker {n}")))
    client.force_login(reviewer)
    pages = at_two_sizes(client, django_assert_max_num_queries, reverse("claims:article-detail", args=[article.pk]),
                         grow)
    assert [p.count('class="claim kind-quote') for p in pages] == list(SIZES)


@pytest.mark.parametrize("htmx", [False, True], ids=["page", "partial"])
def test_claim_panel_with_its_sources_notes_and_history(client, reviewer, django_assert_max_num_queries, htmx):
    claim = make_claim(speaker=make_speaker("Jane Roe"))

    def evidence_and_note(n):
        source = make_source(f"Speech {n}", text=f"On day {n}: we will build 40,000 homes this year.")
        link_source(claim=claim, source=source, by=reviewer, via=VIA, passage="we will build 40,000 homes this year")
        add_note(claim=claim, by=reviewer, text=f"Checked speech {n}.", via=VIA)

    client.force_login(reviewer)
    url = reverse("claims:claim-detail", args=[claim.pk])
    pages = at_two_sizes(client, django_assert_max_num_queries, url, Rows(evidence_and_note),
                         headers=HTMX if htmx else {})
    assert [sum(f"Checked speech {n}." in p for n in range(max(SIZES))) for p in pages] == list(SIZES)


@pytest.mark.parametrize("htmx", [False, True], ids=["page", "partial"])
def test_verdicts_to_approve(client, editor, reviewer, django_assert_max_num_queries, htmx):
    def proposed(n):
        article = make_article(text=SENTENCES, title=f"Ferries {n}")
        make_claim(article, quote=f"Ferry line {n} will run every hour,", speaker=make_speaker(f"Speaker {n}"),
                   state=Claim.State.SECOND_CHECK, verdict=Claim.Verdict.MISQUOTED, assignee=reviewer)

    client.force_login(editor)
    pages = at_two_sizes(client, django_assert_max_num_queries, reverse("claims:approval-queue"), Rows(proposed),
                         headers=HTMX if htmx else {})
    assert [p.count('id="approval-row-') for p in pages] == list(SIZES)


@pytest.mark.parametrize("htmx", [False, True], ids=["page", "partial"])
def test_search_page(client, reviewer, django_assert_max_num_queries, htmx):
    def ferry(n):
        article = make_article(text=SENTENCES, title=f"Ferry timetable {n}")
        claim = make_claim(article, quote=f"Ferry line {n} will run every hour,", speaker=make_speaker(f"Roe {n}"))
        make_source(f"Ferry plan {n}", text="The ferry runs every hour.")
        add_note(claim=claim, by=reviewer, text=f"The ferry timetable {n} says so.", via=VIA)

    client.force_login(reviewer)
    pages = at_two_sizes(client, django_assert_max_num_queries, f"{reverse('claims:search')}?q=ferry", Rows(ferry),
                         headers=HTMX if htmx else {})
    # Five of each kind at most in the overview.
    for page, size in zip(pages, SIZES, strict=True):
        for kind in ("claims", "articles", "sources", "notes"):
            assert page.count(f'class="result result-{kind}"') == min(size, 5)


@pytest.mark.parametrize("htmx", [False, True], ids=["page", "partial"])
def test_source_search(client, reviewer, django_assert_max_num_queries, htmx):
    grow = Rows(lambda n: make_source(f"Ferry plan {n}", text="The ferry runs every hour."))
    client.force_login(reviewer)
    url = f"{reverse('claims:source-search')}?q=ferry"
    pages = at_two_sizes(client, django_assert_max_num_queries, url, grow, headers=HTMX if htmx else {})
    assert [sum(f"Ferry plan {n}<" in p for n in range(max(SIZES))) for p in pages] == list(SIZES)


@pytest.mark.parametrize("htmx", [False, True], ids=["page", "partial"])
def test_find_the_original(client, reviewer, django_assert_max_num_queries, htmx):
    claim = make_claim(speaker=make_speaker("Jane Roe"))
    grow = Rows(lambda n: create_source(title=f"Speech {n}", author="Jane Roe",
                                        text=f"On day {n} she said: we will build 40,000 homes this year."))
    client.force_login(reviewer)
    url = reverse("claims:claim-originals", args=[claim.pk])
    pages = at_two_sizes(client, django_assert_max_num_queries, url, grow, headers=HTMX if htmx else {})
    # The five best candidates at most.
    assert [sum(f"Speech {n}<" in p for n in range(max(SIZES))) for p in pages] == [min(s, 5) for s in SIZES]


@pytest.mark.parametrize("htmx", [False, True], ids=["page", "partial"])
def test_import_batch_page(client, editor, django_assert_max_num_queries, htmx):
    batch = ImportBatch.objects.create(created_by=editor, state=ImportBatch.State.RUNNING)

    def outcome(n):
        article = make_article(title=f"Ferry timetable {n}")
        batch.outcomes = [*batch.outcomes, {**ImportOutcome(f"ferry-{n}.txt", Status.IMPORTED, "", article).to_dict(),
                                            "text": None}]
        batch.processed = batch.total = len(batch.outcomes)
        batch.save(update_fields=["outcomes", "processed", "total"])

    client.force_login(editor)
    url = reverse("claims:import-batch", args=[batch.pk])
    pages = at_two_sizes(client, django_assert_max_num_queries, url, Rows(outcome), headers=HTMX if htmx else {})
    assert [p.count('class="outcome-imported"') for p in pages] == list(SIZES)


def test_public_claim_page(client, editor, django_assert_max_num_queries):
    claim = make_claim(speaker=make_speaker("Jane Roe"))

    def source(n):
        source = make_source(f"Speech {n}", url=f"https://gov.example/speech-{n}", kind=Source.Kind.SPEECH)
        capture = Capture.objects.create(source=source, requested_url=source.url, status_code=200, sha256="ab" * 32,
                                         text=f"Day {n}: we will build 40,000 homes this year.")
        evidence = link_source(claim=claim, source=source, by=editor, via=VIA,
                               passage="we will build 40,000 homes this year")
        Evidence.objects.filter(pk=evidence.pk).update(capture=capture)

    link = Rows(source)
    link(SIZES[0])
    claim.refresh_from_db()
    change_claim(claim=claim, by=editor, seen_version=claim.version, via=VIA,
                 changes={"state": "done", "verdict": "accurate", "rationale": "Said as recorded."})
    claim = publish_claim(claim=Claim.objects.get(pk=claim.pk), by=editor, via=VIA)
    url = reverse("claims:public-claim", args=[claim.public_id])

    def more(size: int) -> None:
        # Linking a source re-opens the claim: approved and published again.
        link(size)
        claim.refresh_from_db()
        if claim.state != Claim.State.DONE:
            change_claim(claim=claim, by=editor, seen_version=claim.version, via=VIA, changes={"state": "done"})
            publish_claim(claim=Claim.objects.get(pk=claim.pk), by=editor, via=VIA)

    pages = at_two_sizes(client, django_assert_max_num_queries, url, more)
    assert [sum(f"Speech {n}" in p for n in range(max(SIZES))) for p in pages] == list(SIZES)
