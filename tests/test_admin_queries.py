"""Admin pages whose query count does not grow with their rows: the claim
and history changelists, a source cited many times, a claim with many
sources and notes."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from claims.models import Claim, ClaimEvent, Evidence, Note
from tests.factories import make_article, make_claim, make_source, make_speaker

pytestmark = pytest.mark.django_db


def queries(client, url) -> int:
    client.get(url)  # caches filled on a first visit (content types, permissions) are not the page's
    with CaptureQueriesContext(connection) as captured:
        response = client.get(url)
    assert response.status_code == 200
    return len(captured)


def claims(count: int, *, assignee=None) -> list[Claim]:
    made = []
    for n in range(count):
        article = make_article(text=f'"We will build 40,000 homes this year," the minister said on day {n}.')
        made.append(make_claim(article, speaker=make_speaker(f"Minister {n}"), assignee=assignee))
    return made


def test_claim_changelist_queries_do_not_grow_with_claims(client, admin_user):
    client.force_login(admin_user)
    url = reverse("admin:claims_claim_changelist")
    claims(3, assignee=admin_user)
    few = queries(client, url)
    claims(30, assignee=admin_user)
    assert queries(client, url) == few
    page = client.get(url + "?state=new").content.decode()
    # The filtered count only: no count of the whole table beside it.
    assert "total)" not in page


def test_history_changelist_queries_do_not_grow_with_entries(client, admin_user, django_user_model):
    # The history admin is for superusers.
    client.force_login(django_user_model.objects.create_superuser("root", password="pw-for-tests-only"))
    url = reverse("admin:claims_claimevent_changelist")
    for claim in claims(3):
        ClaimEvent.objects.create(claim=claim, actor=admin_user, field="state", old="new", new="in_review")
    few = queries(client, url)
    for claim in claims(30):
        ClaimEvent.objects.create(claim=claim, actor=admin_user, field="state", old="new", new="in_review")
    assert queries(client, url) == few


def test_a_source_page_does_not_grow_with_its_citations(client, admin_user):
    client.force_login(admin_user)
    source = make_source("Speech", text="We will build 40,000 homes this year. " * 200)
    url = reverse("admin:claims_source_change", args=[source.pk])
    for claim in claims(3):
        Evidence.objects.create(claim=claim, source=source, passage="We will build", added_by=admin_user)
    few = queries(client, url)
    for claim in claims(30):
        Evidence.objects.create(claim=claim, source=source, passage="We will build", added_by=admin_user)
    assert queries(client, url) == few


def test_a_claim_page_does_not_grow_with_its_sources_and_notes(client, admin_user):
    client.force_login(admin_user)
    claim = make_claim(make_article(), speaker=make_speaker("Minister"))
    url = reverse("admin:claims_claim_change", args=[claim.pk])

    def add(count):
        for n in range(count):
            source = make_source(f"Source {n} {count}", text="words " * 100)
            Evidence.objects.create(claim=claim, source=source, passage="words", added_by=admin_user)
            Note.objects.create(claim=claim, author=admin_user, text=f"note {n}")

    add(2)
    few = queries(client, url)
    add(20)
    assert queries(client, url) == few
