import hashlib

import pytest
from django.urls import reverse

from claims.models import ApiToken

pytestmark = pytest.mark.django_db


def test_a_token_keeps_only_the_hash_of_its_key(reviewer):
    token = ApiToken(user=reviewer, name="nightly sync")
    key = token.issue()
    token.refresh_from_db()
    assert key.startswith("wbk_") and len(key) > 40
    assert token.key_hash == hashlib.sha256(key.encode()).hexdigest()
    assert token.key_prefix == key[:12]
    stored = [str(v) for v in ApiToken.objects.values_list().get()]
    assert not any(key in value for value in stored)


def test_a_key_is_issued_once(reviewer):
    token = ApiToken(user=reviewer, name="x")
    token.issue()
    with pytest.raises(ValueError, match="made once"):
        token.issue()


def test_two_tokens_get_different_keys(reviewer, token_for):
    assert token_for(reviewer) != token_for(reviewer)


def test_a_token_authenticates_as_its_user_and_notes_the_use(client, reviewer, token_for):
    key = token_for(reviewer)
    response = client.get("/api/claims", headers={"Authorization": f"Bearer {key}"})
    assert response.status_code == 200
    assert response.json() == {"items": [], "next_cursor": None}
    assert ApiToken.objects.get().last_used_at is not None
    assert "no-store" in response["Cache-Control"]


def test_a_revoked_token_is_refused(client, reviewer, token_for):
    key = token_for(reviewer)
    ApiToken.objects.get().revoke()
    response = client.get("/api/claims", headers={"Authorization": f"Bearer {key}"})
    assert response.status_code == 401
    assert response.json()["code"] == "not_authenticated"
    assert "revoked" in response.json()["error"]


def test_the_token_of_a_deactivated_account_is_refused(client, reviewer, token_for):
    key = token_for(reviewer)
    reviewer.is_active = False
    reviewer.save()
    assert client.get("/api/claims", headers={"Authorization": f"Bearer {key}"}).status_code == 401


@pytest.mark.parametrize("header", ["Bearer wbk_not-a-key", "Bearer ", "Token abc", "Basic cml0YTpwdw=="])
def test_a_wrong_or_missing_key_is_a_json_401(client, reviewer, header):
    response = client.get("/api/claims", headers={"Authorization": header})
    assert response.status_code == 401
    assert response["Content-Type"] == "application/json"
    assert response.json()["code"] == "not_authenticated"


def test_no_credentials_is_a_json_401_not_the_login_page(client):
    response = client.get("/api/claims")
    assert response.status_code == 401
    assert response.json()["error"].startswith("Authentication required")
    assert response["WWW-Authenticate"].startswith("Bearer")


def test_a_bad_key_is_refused_even_beside_a_session(client, reviewer):
    client.force_login(reviewer)
    response = client.get("/api/claims", headers={"Authorization": "Bearer wbk_wrong"})
    assert response.status_code == 401


# The admin


def test_the_admin_issues_a_token_and_shows_its_key_once(client, admin_user, reviewer):
    client.force_login(admin_user)
    response = client.post(reverse("admin:claims_apitoken_add"), {"user": reviewer.pk, "name": "newsroom bot"})
    assert response.status_code == 200
    token = ApiToken.objects.get()
    key = response.context["key"]
    assert key in response.content.decode() and "not shown again" in response.content.decode()
    assert "no-store" in response["Cache-Control"]
    assert (token.user, token.name, token.key_hash) == (reviewer, "newsroom bot", ApiToken.hash_key(key))
    change_page = client.get(reverse("admin:claims_apitoken_change", args=[token.pk])).content.decode()
    assert key not in change_page and token.key_prefix in change_page
    assert client.get("/api/claims", headers={"Authorization": f"Bearer {key}"}).status_code == 200


def test_the_admin_revokes_tokens(client, admin_user, reviewer, token_for):
    key = token_for(reviewer)
    client.force_login(admin_user)
    response = client.post(
        reverse("admin:claims_apitoken_changelist"),
        {"action": "revoke_selected", "_selected_action": [ApiToken.objects.get().pk]},
        follow=True,
    )
    assert "Revoked 1 token(s)." in response.content.decode()
    assert ApiToken.objects.get().revoked_at is not None
    client.logout()
    assert client.get("/api/claims", headers={"Authorization": f"Bearer {key}"}).status_code == 401


def test_an_admin_cannot_issue_a_token_for_an_account_above_theirs(client, admin_user, django_user_model):
    boss = django_user_model.objects.create_superuser("boss", password="pw-for-tests-only")
    client.force_login(admin_user)
    response = client.post(reverse("admin:claims_apitoken_add"), {"user": boss.pk, "name": "take over"})
    assert response.status_code == 200
    assert "only for your own account and accounts below yours" in response.content.decode()
    assert not ApiToken.objects.exists()


def test_an_admin_cannot_revoke_the_token_of_an_account_above_theirs(client, admin_user, django_user_model):
    boss = django_user_model.objects.create_superuser("boss", password="pw-for-tests-only")
    ApiToken(user=boss, name="boss's").issue()
    client.force_login(admin_user)
    response = client.post(
        reverse("admin:claims_apitoken_changelist"),
        {"action": "revoke_selected", "_selected_action": [ApiToken.objects.get().pk]},
        follow=True,
    )
    assert "left as they are" in response.content.decode()
    assert ApiToken.objects.get().revoked_at is None


def test_tokens_are_not_in_reach_of_editors(client, editor):
    client.force_login(editor)
    response = client.get(reverse("admin:claims_apitoken_changelist"))
    assert response.status_code == 302 and "/admin/login/" in response["Location"]
