"""List and detail pages, each read with few rows behind it and with many,
under one limit of queries: the number the page needs with the fewest (a
query per row would exceed it). Full page and htmx partial where a page
has both. (The article list, the queue and the admin's lists are in
test_page_queries.py.)"""

import datetime
import re

import pytest
from django.contrib.auth.models import Group
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from claims import roles
from claims.fetch_notices import day
from claims.importers import ImportOutcome, Status
from claims.models import Capture, Claim, ClaimEvent, Evidence, ImportBatch, Notification, ReportJob, Source
from claims.services.evidence import link_source
from claims.services.library import create_source
from claims.services.publishing import publish_claim
from claims.services.review import add_note, change_claim
from claims.services.workflow import assign_claims, send_back
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
    grow(SIZES[0])  # (again: a page that changes rows as it shows them has them as they were)
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


# The team's pages


@pytest.mark.parametrize("htmx", [False, True], ids=["page", "partial"])
def test_my_queue(client, reviewer, editor, django_assert_max_num_queries, htmx):
    def assigned(n):
        article = make_article(text=SENTENCES, title=f"Ferries {n}")
        claim = make_claim(article, quote=f"Ferry line {n} will run every hour,", speaker=make_speaker(f"Roe {n}"),
                           assignee=reviewer, due_on=datetime.date(2031, 5, 1 + n), state=Claim.State.SECOND_CHECK,
                           verdict=Claim.Verdict.ACCURATE)
        if n % 2:
            send_back(claim=claim, by=editor, seen_version=claim.version, via=VIA, note=f"Which ferry, {n}?")

    client.force_login(reviewer)
    pages = at_two_sizes(client, django_assert_max_num_queries, reverse("claims:my-queue"), Rows(assigned),
                         headers=HTMX if htmx else {})
    assert [p.count('id="my-row-') for p in pages] == list(SIZES)
    assert [p.count('class="badge sent-back"') for p in pages] == [s // 2 for s in SIZES]


@pytest.mark.parametrize("htmx", [False, True], ids=["page", "partial"])
def test_notification_list(client, reviewer, editor, django_assert_max_num_queries, htmx):
    article = make_article(text=SENTENCES)

    def notified(n):
        claim = make_claim(article, quote=f"Ferry line {n} will run every hour,")
        assign_claims(seen={claim.pk: claim.version}, assignee=reviewer, due_on=None, by=editor, via=VIA)

    def unread(size):
        # Showing the list marks them read: each reading has them all new.
        rows(size)
        Notification.objects.update(read_at=None)

    rows = Rows(notified)
    client.force_login(reviewer)
    pages = at_two_sizes(client, django_assert_max_num_queries, reverse("claims:notification-list"), unread,
                         headers=HTMX if htmx else {})
    assert [p.count('class="badge new"') for p in pages] == list(SIZES)


@pytest.mark.parametrize("htmx", [False, True], ids=["page", "partial"])
def test_dashboard(client, editor, django_user_model, django_assert_max_num_queries, htmx):
    def desk(n):
        person = django_user_model.objects.create_user(username=f"ferry-desk-{n}")
        person.groups.add(Group.objects.get(name=roles.REVIEWER))
        article = make_article(text=SENTENCES, title=f"Ferries {n}")
        make_claim(article, quote=f"Ferry line {n} will run every hour,", assignee=person,
                   due_on=datetime.date(2000, 1, 1))
        make_claim(article, quote=f"Ferry line {n} will run every hour,", kind=Claim.Kind.STATISTIC,
                   state=Claim.State.DONE, verdict=Claim.Verdict.ACCURATE, approved_at=timezone.now())

    client.force_login(editor)
    pages = at_two_sizes(client, django_assert_max_num_queries, reverse("claims:dashboard"), Rows(desk),
                         headers=HTMX if htmx else {})
    assert [f"{s} open claims, 0 not assigned, {s} overdue" in p for p, s in zip(pages, SIZES, strict=True)] == [
        True, True]


# The source library


def _cited(source: Source, n: int, by) -> None:
    article = make_article(text=SENTENCES, title=f"Ferries {n}")
    claim = make_claim(article, quote=f"Ferry line {n} will run every hour,", speaker=make_speaker(f"Roe {n}"))
    link_source(claim=claim, source=source, by=by, via=VIA, passage=f"Ferry line {n} will run every hour")


@pytest.mark.parametrize("params", ["", "q=ferry", "kind=speech"])
@pytest.mark.parametrize("htmx", [False, True], ids=["page", "partial"])
def test_source_library(client, reviewer, django_assert_max_num_queries, htmx, params):
    def source(n):
        made = make_source(f"Ferry plan {n}", kind=Source.Kind.SPEECH, text=SENTENCES)
        _cited(made, n, reviewer)

    client.force_login(reviewer)
    pages = at_two_sizes(client, django_assert_max_num_queries, f"{reverse('claims:source-list')}?{params}",
                         Rows(source), headers=HTMX if htmx else {})
    assert [sum(f"Ferry plan {n}<" in p for n in range(max(SIZES))) for p in pages] == list(SIZES)


@pytest.mark.parametrize("target", ["", "citations"], ids=["page", "citations"])
def test_source_page_with_its_captures_text_and_citations(client, reviewer, django_assert_max_num_queries, target):
    # A page known by its captures only: its text is the newest readable one's.
    source = make_source("Ferry plan", url="https://ferries.example/plan", kind=Source.Kind.SPEECH)
    fetched_on = {}

    def capture_and_citation(n):
        # Every other fetch failed, the newest one among them.
        fetched = timezone.now() - datetime.timedelta(days=max(SIZES) - n)
        fetched_on[n] = day(timezone.localdate(fetched), today=timezone.localdate())
        if n % 2:
            Capture.objects.create(source=source, requested_url=source.url, fetched_at=fetched,
                                   error="Could not connect to ferries.example.")
        else:
            Capture.objects.create(source=source, requested_url=source.url, fetched_at=fetched, status_code=200,
                                   sha256=f"{n:064x}", text_sha256=f"{n:064x}", text=SENTENCES)
        _cited(source, n, reviewer)

    client.force_login(reviewer)
    headers = {**HTMX, "HX-Target": target} if target else {}
    pages = at_two_sizes(client, django_assert_max_num_queries, reverse("claims:source-detail", args=[source.pk]),
                         Rows(capture_and_citation), headers=headers)
    if not target:
        # The newest failure over the text, in one sentence naming the text used.
        assert [re.findall(r"Could not fetch[^<]*is used\.", p) for p in pages] == [
            [f"Could not fetch the page on {fetched_on[s - 1]}; the stored text from {fetched_on[s - 2]} is used."]
            for s in SIZES
        ]
        assert [p.count("the connection to the site failed") for p in pages] == [s // 2 for s in SIZES]
    cited = list(Claim.objects.values_list("pk", flat=True))
    assert [sum(f'href="/claims/{pk}/"' in p for pk in cited) for p in pages] == list(SIZES)


@pytest.mark.parametrize("htmx", [False, True], ids=["page", "partial"])
def test_speaker_page(client, reviewer, django_assert_max_num_queries, htmx):
    speaker = make_speaker("Jane Roe")
    article = make_article(text=SENTENCES)

    def claim(n):
        made = make_claim(article, quote=f"Ferry line {n} will run every hour,", speaker=speaker,
                          verdict=Claim.Verdict.ACCURATE if n % 2 else Claim.Verdict.UNRATED)
        link_source(claim=made, source=make_source(f"Ferry plan {n}", text=SENTENCES), by=reviewer, via=VIA)

    client.force_login(reviewer)
    pages = at_two_sizes(client, django_assert_max_num_queries, reverse("claims:speaker-detail", args=[speaker.pk]),
                         Rows(claim), headers=HTMX if htmx else {})
    assert [sum(f"Ferry line {n} will" in p for n in range(max(SIZES))) for p in pages] == list(SIZES)


# Importing and marking passages


@pytest.mark.parametrize("htmx", [False, True], ids=["page", "partial"])
def test_import_page(client, editor, reviewer, django_assert_max_num_queries, htmx):
    def imported(n):
        article = make_article(text=SENTENCES, title=f"Ferries {n}")
        ImportBatch.objects.create(created_by=editor, state=ImportBatch.State.DONE, total=1, processed=1,
                                   outcomes=[ImportOutcome(f"ferry-{n}.txt", Status.IMPORTED, "", article).to_dict()])
        claim = make_claim(article, quote=f"Ferry line {n} will run every hour,")
        assign_claims(seen={claim.pk: claim.version}, assignee=reviewer, due_on=None, by=editor, via=VIA)

    client.force_login(editor)
    pages = at_two_sizes(client, django_assert_max_num_queries, reverse("claims:article-import"), Rows(imported),
                         headers=HTMX if htmx else {})
    assert all('id="import-form"' in p for p in pages)


@pytest.mark.parametrize("htmx", [False, True], ids=["page", "partial"])
def test_passage_picker(client, reviewer, django_assert_max_num_queries, htmx):
    quote = "we will build 40,000 homes this year"
    source = make_source("Budget speech", text="")
    claim = make_claim(speaker=make_speaker("Jane Roe"))
    evidence = link_source(claim=claim, source=source, by=reviewer, via=VIA)

    def occurrence(n):
        # Each size's text says the quote once more, on another day.
        source.text = " ".join(f"On day {k}: {quote}." for k in range(n + 1))
        source.save(update_fields=["text"])

    client.force_login(reviewer)
    pages = at_two_sizes(client, django_assert_max_num_queries,
                         reverse("claims:evidence-passage", args=[claim.pk, evidence.pk]), Rows(occurrence),
                         headers=HTMX if htmx else {})
    # The five best at most.
    assert [p.count("Use this passage") for p in pages] == [min(s, 5) for s in SIZES]


@pytest.mark.parametrize("htmx", [False, True], ids=["page", "partial"])
def test_report_page(client, editor, django_assert_max_num_queries, htmx):
    job = ReportJob.objects.create(requested_by=editor, fmt="pdf", title="Ferries", state=ReportJob.State.RUNNING)

    def settled(n):
        claim = make_claim(make_article(text=SENTENCES, title=f"Ferries {n}"),
                           quote=f"Ferry line {n} will run every hour,", state=Claim.State.DONE,
                           verdict=Claim.Verdict.ACCURATE)
        # A claim more in the report, and another report of the same person's.
        ReportJob.objects.filter(pk=job.pk).update(claim_ids=[*job.claim_ids, claim.pk], total=n + 1, done=n)
        job.refresh_from_db()
        ReportJob.objects.create(requested_by=editor, fmt="html", title=f"Ferry {n}")

    client.force_login(editor)
    pages = at_two_sizes(client, django_assert_max_num_queries, reverse("claims:report-detail", args=[job.pk]),
                         Rows(settled), headers=HTMX if htmx else {})
    assert all('id="report-progress"' in p for p in pages)
