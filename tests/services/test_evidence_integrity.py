"""Archived captures are kept for ever: not deleted with their source, not
by raw SQL on PostgreSQL, not moved to an unrelated page by a merge; and a
changed source address starts a new series of captures."""

import re

import pytest
from django.db import DatabaseError, connection, transaction
from django.db.models import ProtectedError
from django.urls import reverse

from claims.canonical import canonical_url
from claims.models import Capture, Evidence, Source
from claims.services.library import MergeRefused, merge_sources, save_source
from claims.sources import text_to_compare
from tests.factories import make_claim, make_source


def page_source(title, url):
    return make_source(title, url=url, canonical_url=canonical_url(url))


def capture_of(source, text="the words of the page", url=None):
    return Capture.objects.create(source=source, requested_url=url or source.url, status_code=200, text=text)


@pytest.mark.django_db
def test_a_source_with_captures_cannot_be_deleted():
    source = page_source("Speech", "https://gov.example/speech")
    capture_of(source)
    with pytest.raises(ProtectedError):
        source.delete()
    assert Capture.objects.filter(source=source).count() == 1


@pytest.mark.django_db
def test_a_capture_cannot_be_deleted_through_the_model():
    capture = capture_of(page_source("Speech", "https://gov.example/speech"))
    with pytest.raises(ValueError, match="kept for ever"):
        capture.delete()
    assert Capture.objects.filter(pk=capture.pk).exists()


@pytest.mark.django_db
@pytest.mark.skipif(connection.vendor != "postgresql", reason="the DELETE trigger is PostgreSQL's")
def test_the_database_refuses_deleting_a_capture_by_raw_sql():
    capture = capture_of(page_source("Speech", "https://gov.example/speech"))
    with pytest.raises(DatabaseError, match="kept for ever"):
        with transaction.atomic(), connection.cursor() as cursor:
            cursor.execute("DELETE FROM claims_capture WHERE id = %s", [capture.pk])
    assert Capture.objects.filter(pk=capture.pk).exists()


@pytest.mark.django_db
def test_deleting_a_captured_source_in_the_admin_is_refused(client, admin_user):
    source = page_source("Speech", "https://gov.example/speech")
    capture_of(source)
    client.force_login(admin_user)
    response = client.post(reverse("admin:claims_source_delete", args=[source.pk]), {"post": "yes"})
    assert "would require deleting the following protected related objects" in response.content.decode()
    assert Source.objects.filter(pk=source.pk).exists() and source.captures.count() == 1


@pytest.mark.django_db
def test_merging_into_a_source_without_an_address_moves_the_page_and_its_captures():
    keep = make_source("Speech, as uploaded")
    duplicate = page_source("Speech", "https://gov.example/speech")
    capture = capture_of(duplicate)
    merge_sources(keep=keep, duplicate=duplicate)
    capture.refresh_from_db()
    keep.refresh_from_db()
    assert capture.source == keep and keep.canonical_url == duplicate.canonical_url
    assert not Source.objects.filter(pk=duplicate.pk).exists()


@pytest.mark.django_db
def test_merging_unrelated_pages_is_refused_and_nothing_moves():
    keep = page_source("Speech", "https://gov.example/speech")
    other = page_source("Interview", "https://news.example/interview")
    capture = capture_of(other)
    evidence = Evidence.objects.create(claim=make_claim(), source=other, capture=capture, passage="the words")
    with pytest.raises(MergeRefused, match="never moved between pages"):
        merge_sources(keep=keep, duplicate=other)
    capture.refresh_from_db()
    evidence.refresh_from_db()
    assert capture.source == other and evidence.source == other and Source.objects.count() == 2


@pytest.mark.django_db
def test_the_admin_merge_action_says_why_it_refuses(client, admin_user):
    keep = page_source("Speech", "https://gov.example/speech")
    other = page_source("Interview", "https://news.example/interview")
    capture_of(other)
    client.force_login(admin_user)
    response = client.post(
        reverse("admin:claims_source_changelist"),
        {"action": "merge_selected", "_selected_action": [keep.pk, other.pk]},
        follow=True,
    )
    assert "Captures are never moved between pages" in response.content.decode()
    assert Source.objects.count() == 2


@pytest.mark.django_db
def test_a_changed_address_starts_a_new_capture_series(admin_user):
    source = page_source("Speech", "https://gov.example/speech")
    old = capture_of(source, text="what the old page said")
    evidence = Evidence.objects.create(claim=make_claim(), source=source, capture=old, passage="old page")
    assert text_to_compare(source) == ("what the old page said", old)

    source.url = "https://gov.example/speech-corrected"
    save_source(source=source, by=admin_user, document_changed=False)
    source = Source.objects.get(pk=source.pk)
    # The old page's text is no longer what quotes are compared with...
    assert text_to_compare(source) == ("", None)
    # ...but its capture is kept, with the evidence read from it.
    evidence.refresh_from_db()
    assert evidence.capture == old and source.captures.count() == 1

    new = capture_of(source, text="what the new page says")
    assert text_to_compare(Source.objects.get(pk=source.pk)) == ("what the new page says", new)


@pytest.mark.django_db
def test_evidence_is_shown_not_edited_in_the_admin(client, admin_user):
    """A passage changes only through the panel, where it is compared again
    and marked as chosen by hand: the admin has no form for it."""
    from django.urls import NoReverseMatch

    source = page_source("Speech", "https://gov.example/speech")
    claim = make_claim()
    evidence = Evidence.objects.create(claim=claim, source=source, capture=capture_of(source), passage="the words")
    client.force_login(admin_user)
    page = client.get(reverse("admin:claims_claim_change", args=[claim.pk])).content.decode()
    assert "the words" in page
    assert not re.search(r'name="[^"]*-(passage|source|capture)"', page)
    with pytest.raises(NoReverseMatch):
        reverse("admin:claims_evidence_change", args=[evidence.pk])


@pytest.mark.django_db
@pytest.mark.parametrize("approved", [False, True])
def test_a_capture_fills_in_a_waiting_passage_unless_the_claim_is_approved(editor, approved):
    from claims.services.captures import recheck_evidence

    source = page_source("Speech", "https://gov.example/speech")
    claim = make_claim(state="done", verdict="accurate", approved_by=editor if approved else None)
    evidence = Evidence.objects.create(claim=claim, source=source)
    capture = capture_of(source, text="The minister said: We will build 40,000 homes this year, and more.")
    recheck_evidence(capture=capture)
    evidence.refresh_from_db()
    if approved:
        assert evidence.passage == "" and evidence.match is None
        assert "the claim is approved, so its passage was not filled in" in evidence.flag
    else:
        assert evidence.passage.startswith("We will build 40,000 homes this year")
        assert evidence.capture == capture and evidence.flag == ""
