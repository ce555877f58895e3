"""The review rules hold whichever face a change comes through: the same
table of (role, claim, change, outcome) runs through the review panel, the
admin's change page and a direct call of the service."""

import pytest
from django.contrib.auth.models import Group, Permission
from django.urls import reverse

from claims import roles
from claims.models import Claim, ClaimEvent
from claims.services.review import (
    ONLY_EDITORS_APPROVE,
    VERDICT_BEFORE_DONE,
    EditConflict,
    InvalidChange,
    ReviewRefused,
    change_claim,
)
from tests.factories import make_claim
from tests.test_admin import _post_data

pytestmark = pytest.mark.django_db

NEW = {}
IN_REVIEW = {"state": "in_review", "verdict": "accurate"}
DONE = {"state": "done", "verdict": "accurate"}
CONFLICT = "carl changed this claim while you were editing it; your change was not saved."

# (role, the claim as it starts, the change, the refusal or None when accepted)
RULES = [
    ("reviewer", NEW, {"state": "in_review"}, None),
    ("reviewer", NEW, {"verdict": "misquoted"}, None),
    ("reviewer", IN_REVIEW, {"state": "done"}, ONLY_EDITORS_APPROVE),
    ("reviewer", DONE, {"verdict": "inaccurate"}, ONLY_EDITORS_APPROVE),
    ("reviewer", DONE, {"state": "second_check"}, ONLY_EDITORS_APPROVE),
    ("editor", NEW, {"state": "done"}, VERDICT_BEFORE_DONE),
    ("editor", DONE, {"verdict": "unrated"}, VERDICT_BEFORE_DONE),
    ("editor", IN_REVIEW, {"state": "done"}, None),
    ("editor", DONE, {"state": "in_review"}, None),
    ("editor", DONE, {"verdict": "inaccurate"}, None),
    # The public rationale is approved with the verdict and frozen with it.
    ("reviewer", NEW, {"rationale": "The transcript has the words in full."}, None),
    ("reviewer", DONE, {"rationale": "Reworded after approval."}, ONLY_EDITORS_APPROVE),
    ("editor", DONE, {"rationale": "Reworded by the editor."}, None),
    ("reviewer", NEW, {"verdict": "accurate", "stale": True}, CONFLICT),
    ("editor", DONE, {"state": "in_review", "stale": True}, CONFLICT),
]
IDS = [f"{role}-{start.get('state', 'new')}-{'-'.join(f'{k}={v}' for k, v in change.items())}"
       for role, start, change, _ in RULES]


def _person(django_user_model, name: str, role: str):
    """A member of a role who may also open claims in the admin, so that the
    admin's change page is one more face of the same review rules."""
    user = django_user_model.objects.create_user(username=name, is_staff=True)
    user.groups.add(Group.objects.get(name=role))
    user.user_permissions.add(Permission.objects.get(codename="change_claim"))
    return user


@pytest.fixture
def people(django_user_model):
    return {
        "reviewer": _person(django_user_model, "rita", roles.REVIEWER),
        "editor": _person(django_user_model, "edna", roles.EDITOR),
        "colleague": _person(django_user_model, "carl", roles.EDITOR),
        "approver": _person(django_user_model, "abe", roles.EDITOR),
    }


def _claim(start: dict, people) -> Claim:
    approved = {"approved_by": people["approver"]} if start.get("state") == "done" else {}
    return make_claim(**start, **approved)


def _someone_else_saves(claim: Claim, people) -> None:
    change_claim(claim=claim, by=people["colleague"], seen_version=claim.version, via=ClaimEvent.Via.PANEL,
                 changes={"assignee": people["colleague"]})


def _through_panel(client, user, claim, change, people) -> str:
    client.force_login(user)
    seen = {"state": claim.state, "verdict": claim.verdict, "assignee": "", "version": claim.version}
    if change.pop("stale", False):
        _someone_else_saves(claim, people)
    response = client.post(reverse("claims:claim-review", args=[claim.pk]), {**seen, **change},
                           headers={"HX-Request": "true"})
    content = response.content.decode()
    assert "<html" not in content
    return content


def _through_admin(client, user, claim, change, people) -> str:
    client.force_login(user)
    url = reverse("admin:claims_claim_change", args=[claim.pk])
    data = _post_data(client.get(url))
    if change.pop("stale", False):
        _someone_else_saves(claim, people)
    response = client.post(url, {**data, **change})
    if response.status_code == 302:
        return "saved"
    return response.content.decode()


def _through_service(client, user, claim, change, people) -> str:
    seen = claim.version
    if change.pop("stale", False):
        _someone_else_saves(claim, people)
    try:
        change_claim(claim=claim, by=user, seen_version=seen, via=ClaimEvent.Via.COMMAND, changes=change)
    except (EditConflict, ReviewRefused, InvalidChange) as exc:
        return str(exc)
    return "saved"


FACES = {"panel": _through_panel, "admin": _through_admin, "command": _through_service}


@pytest.mark.parametrize("face", FACES)
@pytest.mark.parametrize(("role", "start", "change", "refusal"), RULES, ids=IDS)
def test_the_same_rules_hold_through_every_face(client, people, face, role, start, change, refusal):
    user = people[role]
    claim = _claim(start, people)
    change = dict(change)
    stale = change.get("stale", False)
    history_before = claim.history.count() + (1 if stale else 0)
    approved_before = claim.approved_by

    outcome = FACES[face](client, user, claim, change, people)

    claim.refresh_from_db()
    new_events = list(claim.history.exclude(actor=people["colleague"]).order_by("id"))
    if refusal:
        assert refusal in outcome
        assert claim.history.count() == history_before
        assert (claim.state, claim.verdict) == (start.get("state", "new"), start.get("verdict", "unrated"))
        assert claim.approved_by == approved_before
        return
    assert claim.history.count() == history_before + len(change)
    assert [(e.field, e.actor, e.via) for e in new_events] == [(f, user, face) for f in change]
    assert all(getattr(claim, f) == v for f, v in change.items())
    assert claim.approved_by == (user if claim.state == "done" else None)
