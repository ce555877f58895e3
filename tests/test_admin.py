"""The source library in the Django admin."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from claims.models import Claim, Evidence, Source
from tests.factories import ARTICLE_TEXT, make_claim, make_source
from tests.readers.test_readers import make_docx

pytestmark = pytest.mark.django_db


def test_changelist_searches_filters_and_counts_citations(client, admin_user, django_assert_max_num_queries):
    speech = make_source("Opening remarks", publisher="NATO", kind="speech", reliability="primary")
    make_source("Budget statement", publisher="Treasury", kind="official")
    for _ in range(3):
        Evidence.objects.create(claim=make_claim(), source=speech)
    client.force_login(admin_user)
    url = reverse("admin:claims_source_changelist")
    with django_assert_max_num_queries(12):
        page = client.get(url).content.decode()
    assert "Opening remarks" in page and "Budget statement" in page
    assert '<td class="field-citations">3</td>' in page
    searched = client.get(url, {"q": "nato"}).content.decode()
    assert "Opening remarks" in searched and "Budget statement" not in searched
    filtered = client.get(url, {"kind__exact": "official"}).content.decode()
    assert "Budget statement" in filtered and "Opening remarks" not in filtered
    by_reliability = client.get(url, {"reliability__exact": "primary"}).content.decode()
    assert "Opening remarks" in by_reliability and "Budget statement" not in by_reliability


def test_change_page_lists_citing_claims_with_their_verdict(client, admin_user):
    source = make_source("Opening remarks")
    claim = make_claim(verdict="misquoted")
    Evidence.objects.create(claim=claim, source=source, stance="contradicts", passage="the words")
    client.force_login(admin_user)
    page = client.get(reverse("admin:claims_source_change", args=[source.pk])).content.decode()
    assert "Claims citing this source" in page
    assert "misquoted" in page and "the words" in page


def test_merge_action_moves_evidence(client, admin_user):
    keep = make_source("Speech", url="https://gov.example/speech")
    duplicate = make_source("Speech (copy)", publisher="Ministry")
    Evidence.objects.create(claim=make_claim(), source=duplicate)
    client.force_login(admin_user)
    client.post(
        reverse("admin:claims_source_changelist"),
        {"action": "merge_selected", "_selected_action": [keep.pk, duplicate.pk]},
    )
    assert list(Source.objects.all()) == [keep]
    keep.refresh_from_db()
    assert keep.evidence.count() == 1 and keep.publisher == "Ministry"


def test_merge_action_needs_exactly_two(client, admin_user):
    sources = [make_source(f"S{n}") for n in range(3)]
    client.force_login(admin_user)
    response = client.post(
        reverse("admin:claims_source_changelist"),
        {"action": "merge_selected", "_selected_action": [s.pk for s in sources]},
        follow=True,
    )
    assert "Select exactly two sources to merge." in response.content.decode()
    assert Source.objects.count() == 3


def test_adding_a_source_with_a_document_reads_its_text(client, admin_user, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    client.force_login(admin_user)
    document = SimpleUploadedFile("statement.docx", make_docx(title="Statement"))
    client.post(
        reverse("admin:claims_source_add"),
        {"title": "Statement", "url": "https://Gov.example/statement/?utm_source=x", "kind": "official",
         "reliability": "primary", "document": document, "text": "", "notes": "",
         "evidence-TOTAL_FORMS": 0, "evidence-INITIAL_FORMS": 0,
         "captures-TOTAL_FORMS": 0, "captures-INITIAL_FORMS": 0},
    )
    source = Source.objects.get()
    assert source.canonical_url == "https://gov.example/statement"
    assert source.text.strip() and source.created_by == admin_user


def _post_data(response) -> dict:
    """The change form as the browser would submit it unchanged."""

    def fields(form):
        data = {}
        for name in form.fields:
            value = form[name].value()  # already prepared for the widget
            if value is None or value is False:
                continue
            data[form.add_prefix(name)] = "on" if value is True else value
        return data

    data = fields(response.context["adminform"].form)
    for inline in response.context["inline_admin_formsets"]:
        formset = inline.formset
        data.update(fields(formset.management_form))
        for form in formset.forms:
            data.update(fields(form))
    return data


def test_changing_a_claim_in_the_admin_is_in_its_history(client, admin_user):
    claim = make_claim()
    client.force_login(admin_user)
    url = reverse("admin:claims_claim_change", args=[claim.pk])
    data = _post_data(client.get(url))
    data.update({"verdict": "misquoted", "role": "Housing minister"})
    response = client.post(url, data)
    assert response.status_code == 302, response.context["adminform"].form.errors
    claim.refresh_from_db()
    assert (claim.verdict, claim.role, claim.version) == ("misquoted", "Housing minister", 2)
    events = {e.field: (e.old, e.new, e.actor) for e in claim.history.all()}
    assert events["verdict"] == ("unrated", "misquoted", admin_user)
    assert events["role"] == ("", "Housing minister", admin_user)


def test_admin_history_names_people_and_shows_data_changes(client, admin_user, reviewer, colleague):
    claim = make_claim(assignee=reviewer)
    client.force_login(admin_user)
    url = reverse("admin:claims_claim_change", args=[claim.pk])
    data = _post_data(client.get(url))
    data.update({"assignee": colleague.pk, "details": '{"numbers": [12]}'})
    assert client.post(url, data).status_code == 302
    events = {e.field: (e.old, e.new) for e in claim.history.all()}
    assert events["assignee"] == ("rita", "carl")
    assert events["details"] == ("{}", "{'numbers': [12]}")


def test_admin_save_over_a_newer_change_is_refused(client, admin_user):
    claim = make_claim()
    client.force_login(admin_user)
    url = reverse("admin:claims_claim_change", args=[claim.pk])
    data = _post_data(client.get(url))
    Claim.objects.filter(pk=claim.pk).update(verdict="accurate", version=2)  # a reviewer saves meanwhile
    data["verdict"] = "inaccurate"
    response = client.post(url, data)
    assert "Someone else changed this claim while you were editing it" in response.content.decode()
    claim.refresh_from_db()
    assert claim.verdict == "accurate" and not claim.history.exists()


def test_note_added_in_the_admin_has_its_author_and_is_in_the_history(client, admin_user):
    claim = make_claim()
    client.force_login(admin_user)
    url = reverse("admin:claims_claim_change", args=[claim.pk])
    data = _post_data(client.get(url))
    data.update({"notes-TOTAL_FORMS": "1", "notes-0-text": "Checked with the ministry.", "notes-0-claim": claim.pk})
    assert client.post(url, data).status_code == 302
    note = claim.notes.get()
    assert note.author == admin_user
    event = claim.history.get(field="note")
    assert (event.actor, event.via) == (admin_user, "admin")


def test_admin_form_does_not_edit_the_quote_or_its_place(client, admin_user):
    claim = make_claim()
    client.force_login(admin_user)
    url = reverse("admin:claims_claim_change", args=[claim.pk])
    response = client.get(url)
    form = response.context["adminform"].form
    assert not {"text", "start", "end", "article"} & set(form.fields)
    data = _post_data(response)
    data.update({"text": "Something else", "start": 0, "end": 3})
    assert client.post(url, data).status_code == 302
    claim.refresh_from_db()
    assert (claim.text, claim.start) == ("We will build 40,000 homes this year,", ARTICLE_TEXT.index("We will"))
    assert not claim.history.exists()


def test_admin_cannot_mark_done_without_a_verdict(client, admin_user):
    claim = make_claim()
    client.force_login(admin_user)
    url = reverse("admin:claims_claim_change", args=[claim.pk])
    data = _post_data(client.get(url))
    data["state"] = "done"
    response = client.post(url, data)
    assert "Choose a verdict before marking the claim done." in response.content.decode()
    claim.refresh_from_db()
    assert claim.state == "new" and not claim.history.exists()


def test_admin_change_clears_approval_and_moves_updated_at(client, admin_user, editor):
    claim = make_claim(state="done", verdict="accurate", approved_by=editor)
    before = claim.updated_at
    client.force_login(admin_user)
    url = reverse("admin:claims_claim_change", args=[claim.pk])
    data = _post_data(client.get(url))
    data["state"] = "in_review"
    assert client.post(url, data).status_code == 302
    claim.refresh_from_db()
    assert (claim.state, claim.approved_by, claim.version) == ("in_review", None, 2)
    assert claim.updated_at > before
    assert [(e.field, e.actor, e.via) for e in claim.history.all()] == [("state", admin_user, "admin")]


def test_an_address_the_library_has_is_refused_with_a_message(client, admin_user):
    from claims.canonical import canonical_url

    url = "https://gov.example/speech"
    make_source("Speech", url=url, canonical_url=canonical_url(url))
    other = make_source("Another page", url="https://gov.example/other", canonical_url="https://gov.example/other")
    client.force_login(admin_user)
    response = client.post(
        reverse("admin:claims_source_change", args=[other.pk]),
        {"title": "Another page", "url": "https://gov.example/speech?utm_source=x", "kind": "official",
         "reliability": "unknown", "evidence-TOTAL_FORMS": "0", "evidence-INITIAL_FORMS": "0",
         "captures-TOTAL_FORMS": "0", "captures-INITIAL_FORMS": "0"},
    )
    assert response.status_code == 200
    assert "The library already has this page as “Speech”" in response.content.decode()
    other.refresh_from_db()
    assert other.url == "https://gov.example/other"
