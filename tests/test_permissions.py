import pytest
from django.contrib.auth.models import Group
from django.urls import reverse

from claims import roles
from claims.models import Claim, Evidence
from tests.factories import make_claim, make_source

pytestmark = pytest.mark.django_db


def _requests(claim: Claim, evidence: Evidence):
    """(name, method, url, data) for every view of the app."""
    return {
        "claim-queue": ("get", reverse("claims:claim-queue"), None),
        "source-detail": ("get", reverse("claims:source-detail", args=[evidence.source_id]), None),
        "evidence-passage": (
            "get",
            reverse("claims:evidence-passage", args=[claim.pk, evidence.pk]),
            None,
        ),
        "article-list": ("get", reverse("claims:article-list"), None),
        "article-detail": ("get", reverse("claims:article-detail", args=[claim.article_id]), None),
        "claim-detail": ("get", reverse("claims:claim-detail", args=[claim.pk]), None),
        "source-search": ("get", reverse("claims:source-search"), {"q": "x"}),
        "claim-review": (
            "post",
            reverse("claims:claim-review", args=[claim.pk]),
            {"state": "in_review", "verdict": "accurate", "version": 1},
        ),
        "claim-note": ("post", reverse("claims:claim-note", args=[claim.pk]), {"text": "n"}),
        "claim-evidence": (
            "post",
            reverse("claims:claim-evidence", args=[claim.pk]),
            {"new_title": "S", "stance": "supports", "new_kind": "other"},
        ),
        "article-import": ("get", reverse("claims:article-import"), None),
        "export": ("get", reverse("claims:export", args=["csv"]), None),
        "admin": ("get", reverse("admin:claims_source_changelist"), None),
    }


ALLOWED = {
    "outsider": set(),
    "reviewer": {"article-list", "article-detail", "claim-detail", "source-search", "claim-review", "claim-note",
                 "claim-evidence", "source-detail", "evidence-passage", "claim-queue"},
}
ALLOWED["editor"] = ALLOWED["reviewer"] | {"article-import", "export"}
ALLOWED["admin_user"] = ALLOWED["editor"] | {"admin"}


@pytest.mark.parametrize("persona", ["outsider", "reviewer", "editor", "admin_user"])
@pytest.mark.parametrize(
    "view",
    ["article-list", "article-detail", "claim-detail", "source-search", "claim-review", "claim-note",
     "claim-evidence", "article-import", "export", "admin", "source-detail", "evidence-passage", "claim-queue"],
)
def test_role_permissions_are_enforced(client, request, persona, view):
    user = request.getfixturevalue(persona)
    claim = make_claim()
    source = make_source("Transcript", text="We will build homes.")
    evidence = Evidence.objects.create(claim=make_claim(), source=source)
    client.force_login(user)
    method, url, data = _requests(evidence.claim if view == "evidence-passage" else claim, evidence)[view]
    response = getattr(client, method)(url, data or {})
    if view in ALLOWED[persona]:
        assert response.status_code in (200, 302), response.status_code
        if view == "admin":
            assert response.status_code == 200
    else:
        assert response.status_code in (403, 302)
        if response.status_code == 302:  # the admin sends non-staff users to its login
            assert "/admin/login/" in response["Location"]
    claim.refresh_from_db()
    changed = claim.version > 1 or claim.notes.exists() or claim.evidence.exists()
    assert changed == (method == "post" and view in ALLOWED[persona])


def test_groups_match_the_role_table():
    for role, perms in roles.ROLE_PERMISSIONS.items():
        group = Group.objects.get(name=role)
        have = {f"{p.content_type.app_label}.{p.codename}" for p in group.permissions.select_related("content_type")}
        assert have == set(perms), role
