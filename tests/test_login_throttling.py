"""Password guessing is stopped per account and per address, through both
sign-in pages, with a message saying why, and an admin can unlock early."""

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from claims.models import LoginFailure

PASSWORD = "pw-for-tests-only"


def sign_in(client, username, password, *, address="203.0.113.7", url=None):
    return client.post(
        url or reverse("login"), {"username": username, "password": password}, REMOTE_ADDR=address
    )


def signed_in(client) -> bool:
    return "_auth_user_id" in client.session


@pytest.fixture(autouse=True)
def _limits(settings):
    settings.LOGIN_FAILURES_PER_ACCOUNT = 5
    settings.LOGIN_FAILURES_PER_ADDRESS = 12
    settings.LOGIN_LOCKOUT_MINUTES = 15


def test_many_wrong_passwords_lock_the_account_even_against_the_right_one(client, reviewer):
    for _ in range(225):
        response = sign_in(client, "rita", "guess")
        assert not signed_in(client)
    response = sign_in(client, "rita", PASSWORD)
    assert not signed_in(client)
    assert "Too many failed sign-ins for this account" in response.content.decode()
    assert "ask an administrator to unlock it" in response.content.decode()
    # Once locked, guesses are refused before the password is checked and
    # no longer counted, so the table does not grow with the attack.
    assert LoginFailure.objects.count() == 5


def test_below_the_limit_the_right_password_works_and_clears_the_count(client, reviewer):
    for _ in range(4):
        sign_in(client, "rita", "guess")
    response = sign_in(client, "rita", PASSWORD)
    assert response.status_code == 302 and signed_in(client)
    assert not LoginFailure.objects.filter(username="rita").exists()


def test_a_wrong_password_says_so_without_mentioning_locks(client, reviewer):
    response = sign_in(client, "rita", "guess")
    body = response.content.decode()
    assert "Please enter a correct username and password" in body
    assert "Too many" not in body


def test_case_variants_of_a_username_share_one_count(client, reviewer):
    for name in ["rita", "Rita", "RITA", "rItA", " rita"]:
        sign_in(client, name, "guess")
    sign_in(client, "rita", PASSWORD)
    assert not signed_in(client)


def test_one_address_trying_many_accounts_is_stopped(client, reviewer, colleague):
    for n in range(12):
        sign_in(client, f"user{n}", "guess", address="198.51.100.9")
    response = sign_in(client, "carl", PASSWORD, address="198.51.100.9")
    assert not signed_in(client)
    assert "from your network address" in response.content.decode()
    # Another address is not affected.
    sign_in(client, "carl", PASSWORD, address="198.51.100.10")
    assert signed_in(client)


def test_failures_older_than_the_window_no_longer_count(client, reviewer):
    old = timezone.now() - datetime.timedelta(minutes=16)
    LoginFailure.objects.bulk_create(LoginFailure(username="rita", address="203.0.113.7", at=old) for _ in range(5))
    sign_in(client, "rita", PASSWORD)
    assert signed_in(client)


def test_old_failures_are_dropped_when_a_new_one_is_counted(client, reviewer):
    old = timezone.now() - datetime.timedelta(minutes=16)
    LoginFailure.objects.bulk_create(LoginFailure(username="x", address="203.0.113.8", at=old) for _ in range(50))
    sign_in(client, "rita", "guess")
    assert list(LoginFailure.objects.values_list("username", flat=True)) == ["rita"]


def test_the_admin_sign_in_page_shares_the_count(client, admin_user):
    for _ in range(3):
        sign_in(client, "ada", "guess")
    for _ in range(2):
        sign_in(client, "ada", "guess", url=reverse("admin:login"))
    response = sign_in(client, "ada", PASSWORD, url=reverse("admin:login"))
    assert not signed_in(client)
    assert "Too many failed sign-ins for this account" in response.content.decode()


def test_an_admin_unlocks_an_account(client, reviewer, admin_user):
    for _ in range(5):
        sign_in(client, "rita", "guess")
    admin_client = type(client)()
    admin_client.force_login(admin_user)
    changelist = reverse("admin:claims_loginfailure_changelist")
    page = admin_client.get(changelist)
    assert page.status_code == 200 and "rita" in page.content.decode()
    assert "delete_selected" not in page.content.decode()
    pk = LoginFailure.objects.first().pk
    response = admin_client.post(changelist, {"action": "unlock", "_selected_action": [pk]}, follow=True)
    assert "5 failed sign-ins forgotten" in response.content.decode()
    assert not LoginFailure.objects.exists()
    sign_in(client, "rita", PASSWORD)
    assert signed_in(client)


def test_failures_cannot_be_added_or_edited_in_the_admin(client, admin_user, reviewer):
    sign_in(client, "rita", "guess")
    client.force_login(admin_user)
    pk = LoginFailure.objects.get().pk
    assert client.get(reverse("admin:claims_loginfailure_add")).status_code == 403
    page = client.get(reverse("admin:claims_loginfailure_change", args=[pk]))
    # View permission only: the page shows the row without a form to save.
    assert page.status_code == 200 and 'name="_save"' not in page.content.decode()


@pytest.mark.parametrize("role", ["reviewer", "editor"])
def test_only_the_admin_role_sees_the_lockouts(client, request, role):
    user = request.getfixturevalue(role)
    user.is_staff = True
    user.save()
    client.force_login(user)
    assert client.get(reverse("admin:claims_loginfailure_changelist")).status_code == 403
