"""Changes through the API: each goes through the service the claim panel
calls, so the rules, the history and the refusals are the panel's."""

import datetime

import pytest

from claims.models import Claim, ClaimEvent, Evidence, Note, Source
from claims.services.publishing import PUBLISH_SETTLED_ONLY, RATIONALE_BEFORE_PUBLISHING
from claims.services.review import change_claim
from tests.factories import make_claim, make_source

pytestmark = pytest.mark.django_db

TRANSCRIPT = "Thank you all. We will build 40,000 homes next year, and we will do it on time."


def _history(claim) -> list[tuple]:
    return list(claim.history.order_by("pk").values_list("field", "old", "new", "actor__username", "via"))


def test_a_review_change_is_saved_and_in_the_history(api, reviewer):
    claim = make_claim()
    # A reviewer may take an unassigned claim for herself.
    response = api.as_(reviewer).post(
        f"claims/{claim.pk}/review", {"version": 1, "state": "in_review", "verdict": "misquoted",
                                      "assignee": reviewer.pk},
    )
    assert response.status_code == 200
    claim.refresh_from_db()
    assert (claim.state, claim.verdict, claim.assignee, claim.version) == ("in_review", "misquoted", reviewer, 2)
    assert response.json()["version"] == 2 and response.json()["assignee"]["username"] == "rita"
    assert _history(claim) == [
        ("state", "new", "in review", "rita", "api"),
        ("verdict", "unrated", "misquoted", "rita", "api"),
        ("assignee", "", "rita", "rita", "api"),
    ]


def test_only_an_editor_assigns_a_claim_to_someone_else(api, reviewer, colleague, editor, outsider):
    claim = make_claim()
    response = api.as_(editor).post(f"claims/{claim.pk}/review", {"version": 1, "assignee": outsider.pk})
    assert response.status_code == 422 and "otto cannot review claims" in response.json()["error"]
    refused = api.as_(reviewer).post(f"claims/{claim.pk}/review", {"version": 1, "assignee": colleague.pk})
    assert refused.status_code == 403
    claim.refresh_from_db()
    assert (claim.assignee, claim.version, _history(claim)) == (None, 1, [])
    response = api.as_(editor).post(f"claims/{claim.pk}/review", {"version": 1, "assignee": colleague.pk})
    assert response.status_code == 200
    claim.refresh_from_db()
    assert claim.assignee == colleague
    assert list(colleague.notifications.values_list("kind", "claim", "actor__username")) == [
        ("assigned", claim.pk, "edna")
    ]


def test_only_the_fields_sent_change(api, reviewer):
    claim = make_claim(verdict=Claim.Verdict.ACCURATE, assignee=reviewer)
    api.as_(reviewer).post(f"claims/{claim.pk}/review", {"version": 1, "state": "second_check"})
    claim.refresh_from_db()
    assert (claim.state, claim.verdict, claim.assignee) == ("second_check", "accurate", reviewer)
    api.post(f"claims/{claim.pk}/review", {"version": 2, "assignee": None})
    claim.refresh_from_db()
    assert (claim.assignee, claim.version) == (None, 3)


def test_a_change_to_a_stale_version_is_a_409_and_saves_nothing(api, reviewer, colleague):
    claim = make_claim()
    change_claim(claim=claim, by=colleague, seen_version=1, via=ClaimEvent.Via.PANEL, changes={"state": "in_review"})
    response = api.as_(reviewer).post(f"claims/{claim.pk}/review", {"version": 1, "verdict": "accurate"})
    assert response.status_code == 409
    data = response.json()
    assert data["code"] == "conflict" and data["error"].startswith("carl changed this claim")
    assert (data["current"]["version"], data["current"]["state"]) == (2, "in_review")
    claim.refresh_from_db()
    assert (claim.verdict, claim.version) == ("unrated", 2)
    assert [e[0] for e in _history(claim)] == ["state"]


def test_a_reviewer_cannot_approve(api, reviewer):
    claim = make_claim(verdict=Claim.Verdict.ACCURATE)
    response = api.as_(reviewer).post(f"claims/{claim.pk}/review", {"version": 1, "state": "done"})
    assert response.status_code == 403
    assert response.json()["error"] == "Only an editor can approve a verdict or change an approved claim."
    claim.refresh_from_db()
    assert (claim.state, claim.version, claim.approved_by) == ("new", 1, None)


def test_an_editor_approves(api, editor):
    claim = make_claim(verdict=Claim.Verdict.ACCURATE)
    response = api.as_(editor).post(f"claims/{claim.pk}/review", {"version": 1, "state": "done"})
    assert response.status_code == 200
    claim.refresh_from_db()
    assert (claim.state, claim.approved_by) == ("done", editor)
    assert response.json()["approved_by"]["username"] == "edna"


def test_a_reviewer_cannot_change_an_approved_claim(api, reviewer):
    claim = make_claim(state=Claim.State.DONE, verdict=Claim.Verdict.ACCURATE)
    response = api.as_(reviewer).post(f"claims/{claim.pk}/review", {"version": 1, "verdict": "misquoted"})
    assert response.status_code == 403
    claim.refresh_from_db()
    assert claim.verdict == "accurate"


def test_done_needs_a_verdict(api, editor):
    claim = make_claim()
    response = api.as_(editor).post(f"claims/{claim.pk}/review", {"version": 1, "state": "done"})
    assert response.status_code == 422
    assert response.json() == {"error": "Choose a verdict before marking the claim done.", "code": "refused"}
    claim.refresh_from_db()
    assert claim.state == "new"


@pytest.mark.parametrize("body, fields", [
    ({"state": "in_review"}, {"version"}),
    ({"version": 1}, {"non_field_errors"}),
    ({"version": 1, "verdict": "wrong"}, {"verdict"}),
    ({"version": 1, "state": None}, {"non_field_errors"}),
    ({"version": 1, "assignee": 999}, {"assignee"}),
    ({"version": "one", "state": "new"}, {"version"}),
])
def test_an_invalid_review_names_the_field(api, reviewer, body, fields):
    claim = make_claim()
    response = api.as_(reviewer).post(f"claims/{claim.pk}/review", body)
    assert response.status_code == 422
    assert set(response.json()["fields"]) == fields
    claim.refresh_from_db()
    assert claim.version == 1


def test_malformed_json_is_refused(api, reviewer):
    claim = make_claim()
    response = api.as_(reviewer).post(f"claims/{claim.pk}/review", "{not json")
    assert response.status_code == 400
    assert response.json() == {"error": "The request body could not be read: send JSON, as application/json.",
                               "code": "bad_request"}


def test_a_note_is_added_and_in_the_history(api, reviewer):
    claim = make_claim()
    response = api.as_(reviewer).post(f"claims/{claim.pk}/notes", {"text": "Ask the ministry for the figure."})
    assert response.status_code == 201
    note = Note.objects.get()
    assert (note.claim, note.author, note.text) == (claim, reviewer, "Ask the ministry for the figure.")
    assert response.json()["id"] == note.pk
    assert _history(claim) == [("note", "", "Ask the ministry for the figure.", "rita", "api")]


def test_a_blank_note_is_refused_by_field(api, reviewer):
    claim = make_claim()
    response = api.as_(reviewer).post(f"claims/{claim.pk}/notes", {"text": "   "})
    assert response.status_code == 422 and list(response.json()["fields"]) == ["text"]
    assert not Note.objects.exists()


def test_a_reviewers_note_on_an_approved_claim_is_refused(api, reviewer):
    claim = make_claim(state=Claim.State.DONE, verdict=Claim.Verdict.ACCURATE)
    response = api.as_(reviewer).post(f"claims/{claim.pk}/notes", {"text": "Hm"})
    assert response.status_code == 403
    assert not Note.objects.exists()


def test_a_library_source_is_linked_with_its_comparison(api, reviewer):
    claim = make_claim()
    source = make_source("Speech", text=TRANSCRIPT)
    response = api.as_(reviewer).post(f"claims/{claim.pk}/evidence",
                                      {"source_id": source.pk, "stance": "contradicts", "locator": "min 3"})
    assert response.status_code == 201
    evidence = Evidence.objects.get()
    assert (evidence.claim, evidence.source, evidence.stance, evidence.locator) == (claim, source, "contradicts",
                                                                                     "min 3")
    assert evidence.passage == "We will build 40,000 homes next year"
    data = response.json()
    assert data["id"] == evidence.pk and data["comparison"]["verdict"] == evidence.match.verdict == "altered"
    assert data["comparison"]["suggestion"]["verdict"] == evidence.match.suggestion.verdict
    assert _history(claim) == [("evidence", "", "Speech (contradicts)", "rita", "api")]


def test_a_new_source_is_created_and_linked(api, reviewer, settings):
    settings.TASKS = {"default": {"BACKEND": "django_tasks.backends.dummy.DummyBackend"}}
    claim = make_claim()
    body = {"new_source": {"title": "Press conference", "url": "https://example.org/pc", "kind": "press_conference",
                           "text": TRANSCRIPT},
            "passage": "We will build 40,000 homes next year"}
    response = api.as_(reviewer).post(f"claims/{claim.pk}/evidence", body)
    assert response.status_code == 201
    source = Source.objects.get()
    assert (source.title, source.url, source.kind, source.created_by) == (
        "Press conference", "https://example.org/pc", "press_conference", reviewer)
    assert Evidence.objects.get().match_status == Evidence.MatchStatus.MANUAL
    from django_tasks import task_backends

    queued = [(r.task.name, r.args) for r in task_backends["default"].results]
    assert queued == [("capture_source_task", [source.pk])]


def test_no_archive_queues_no_capture(api, reviewer, settings):
    settings.TASKS = {"default": {"BACKEND": "django_tasks.backends.dummy.DummyBackend"}}
    claim = make_claim()
    body = {"new_source": {"title": "Page", "url": "https://example.org/p"}, "archive": False}
    assert api.as_(reviewer).post(f"claims/{claim.pk}/evidence", body).status_code == 201
    from django_tasks import task_backends

    assert task_backends["default"].results == []


@pytest.mark.parametrize("body, fields", [
    ({}, {"non_field_errors"}),
    ({"source_id": "SOURCE", "new_source": {"title": "Both"}}, {"non_field_errors"}),
    ({"source_id": 999}, {"source_id"}),
    ({"new_source": {"title": "Bad address", "url": "javascript:alert(1)"}}, {"new_source.url"}),
    ({"new_source": {"title": " "}}, {"new_source.title"}),
    ({"source_id": "SOURCE", "stance": "maybe"}, {"stance"}),
])
def test_an_invalid_link_names_the_field(api, reviewer, body, fields):
    claim, source = make_claim(), make_source()
    body = {k: (source.pk if v == "SOURCE" else v) for k, v in body.items()}
    response = api.as_(reviewer).post(f"claims/{claim.pk}/evidence", body)
    assert response.status_code == 422
    assert set(response.json()["fields"]) == fields
    assert not Evidence.objects.exists() and Source.objects.count() == 1


# The public rationale, the due date and publication


def test_a_reviewer_writes_the_rationale_with_the_proposed_verdict(api, reviewer):
    claim = make_claim(assignee=reviewer)
    body = {"version": 1, "state": "second_check", "verdict": "misquoted",
            "rationale": "The speech promises 4,000 homes, not 40,000."}
    response = api.as_(reviewer).post(f"claims/{claim.pk}/review", body)
    assert response.status_code == 200
    claim.refresh_from_db()
    assert claim.rationale == "The speech promises 4,000 homes, not 40,000."
    assert response.json()["rationale"] == claim.rationale
    assert ("rationale", "", claim.rationale, "rita", "api") in _history(claim)


def test_only_an_editor_changes_an_approved_rationale_and_approves_it_again(api, reviewer, editor):
    claim = make_claim(state=Claim.State.DONE, verdict=Claim.Verdict.ACCURATE, rationale="Said as printed.")
    refused = api.as_(reviewer).post(f"claims/{claim.pk}/review", {"version": 1, "rationale": "Changed."})
    assert refused.status_code == 403
    response = api.as_(editor).post(f"claims/{claim.pk}/review", {"version": 1, "rationale": "Said as printed, "
                                                                  "in the minutes."})
    assert response.status_code == 200
    claim.refresh_from_db()
    assert (claim.rationale, claim.approved_by) == ("Said as printed, in the minutes.", editor)


@pytest.mark.parametrize("body, fields", [
    ({"version": 1, "rationale": None}, {"non_field_errors"}),
    ({"version": 1, "rationale": "x" * 2001}, {"rationale"}),
    ({"version": 1, "due_on": "next week"}, {"due_on"}),
])
def test_an_invalid_rationale_or_due_date_names_the_field(api, reviewer, body, fields):
    claim = make_claim()
    response = api.as_(reviewer).post(f"claims/{claim.pk}/review", body)
    assert response.status_code == 422 and set(response.json()["fields"]) == fields
    claim.refresh_from_db()
    assert (claim.version, claim.rationale, claim.due_on) == (1, "", None)


def test_only_an_editor_sets_a_due_date(api, reviewer, editor):
    claim = make_claim(assignee=reviewer)
    assert api.as_(reviewer).post(f"claims/{claim.pk}/review", {"version": 1, "due_on": "2025-03-01"}).status_code \
        == 403
    response = api.as_(editor).post(f"claims/{claim.pk}/review", {"version": 1, "due_on": "2025-03-01"})
    assert response.status_code == 200 and response.json()["due_on"] == "2025-03-01"
    claim.refresh_from_db()
    assert claim.due_on == datetime.date(2025, 3, 1)
    api.post(f"claims/{claim.pk}/review", {"version": 2, "due_on": None})
    claim.refresh_from_db()
    assert claim.due_on is None


def _settled():
    return make_claim(state=Claim.State.DONE, verdict=Claim.Verdict.MISQUOTED,
                      rationale="The speech promises 4,000 homes, not 40,000.")


def test_an_editor_publishes_and_takes_down_a_claims_page(api, client, editor):
    claim = _settled()
    response = api.as_(editor).post(f"claims/{claim.pk}/publication", {"published": True})
    assert response.status_code == 200
    claim.refresh_from_db()
    assert claim.is_public and claim.published_by == editor
    data = response.json()
    assert data["public_url"] == f"http://testserver/public/claims/{claim.public_id}/"
    assert data["published_at"] is not None and data["version"] == 1
    assert client.get(data["public_url"]).status_code == 200
    response = api.post(f"claims/{claim.pk}/publication", {"published": False})
    assert response.status_code == 200 and response.json()["public_url"] == ""
    claim.refresh_from_db()
    assert not claim.is_published
    assert [e[1:] for e in _history(claim)] == [("no", "yes", "edna", "api"), ("yes", "no", "edna", "api")]


def test_a_reviewer_cannot_publish(api, reviewer):
    claim = _settled()
    response = api.as_(reviewer).post(f"claims/{claim.pk}/publication", {"published": True})
    assert response.status_code == 403
    claim.refresh_from_db()
    assert claim.published_at is None and _history(claim) == []


@pytest.mark.parametrize("fields, error", [
    ({"state": Claim.State.SECOND_CHECK}, PUBLISH_SETTLED_ONLY),
    ({"rationale": ""}, RATIONALE_BEFORE_PUBLISHING),
])
def test_only_a_settled_claim_with_a_rationale_is_published(api, editor, fields, error):
    claim = _settled()
    Claim.objects.filter(pk=claim.pk).update(**fields)
    response = api.as_(editor).post(f"claims/{claim.pk}/publication", {"published": True})
    assert response.status_code == 422 and response.json() == {"error": error, "code": "refused"}
    claim.refresh_from_db()
    assert claim.published_at is None


def test_a_stale_write_answers_with_the_claim_as_the_api_reads_it(api, editor):
    claim = _settled()
    api.as_(editor).post(f"claims/{claim.pk}/publication", {"published": True})
    read = api.get(f"claims/{claim.pk}").json()
    response = api.post(f"claims/{claim.pk}/review", {"version": read["version"], "verdict": "accurate"})
    assert response.status_code == 200
    stale = api.post(f"claims/{claim.pk}/review", {"version": read["version"], "verdict": "inaccurate"})
    assert stale.status_code == 409
    current = stale.json()["current"]
    assert current["public_url"] == read["public_url"] != ""
    assert current["updated_at"] == api.get(f"claims/{claim.pk}").json()["updated_at"]
