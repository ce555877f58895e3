"""Accounts in the Django admin: the admin role manages the accounts below
it and cannot raise its own privileges or anyone else's."""

import pytest
from django.contrib.auth.models import Group
from django.urls import reverse

from claims import roles

pytestmark = pytest.mark.django_db


def _change_data(user, **extra) -> dict:
    data = {"username": user.username, "first_name": user.first_name, "last_name": user.last_name,
            "email": user.email, "is_active": "on", "last_login_0": "", "last_login_1": "",
            "date_joined_0": "2026-01-01", "date_joined_1": "00:00:00"}
    return {**data, **extra}


def _group_ids(*names) -> list[int]:
    return [Group.objects.get(name=n).pk for n in names]


def test_admin_editing_itself_cannot_become_superuser_or_gain_groups(client, admin_user):
    client.force_login(admin_user)
    url = reverse("admin:auth_user_change", args=[admin_user.pk])
    page = client.get(url).content.decode()
    assert 'name="is_superuser"' not in page and 'name="user_permissions"' not in page
    assert 'name="groups"' not in page and 'name="is_staff"' not in page
    client.post(url, _change_data(admin_user, first_name="Ada", is_superuser="on", is_staff="on",
                                  groups=_group_ids(*roles.ROLE_PERMISSIONS)))
    admin_user.refresh_from_db()
    assert admin_user.first_name == "Ada"
    assert not admin_user.is_superuser
    assert [g.name for g in admin_user.groups.all()] == [roles.ADMIN]


def test_admin_editing_a_reviewer_gives_roles_below_its_own_only(client, admin_user, reviewer):
    client.force_login(admin_user)
    url = reverse("admin:auth_user_change", args=[reviewer.pk])
    page = client.get(url).content.decode()
    assert 'name="is_superuser"' not in page and 'name="user_permissions"' not in page
    response = client.post(url, _change_data(reviewer, is_superuser="on", is_staff="on",
                                             groups=_group_ids(roles.ADMIN)))
    assert response.status_code == 200  # the admin group is not a choice: the form is shown again
    reviewer.refresh_from_db()
    assert not reviewer.is_superuser and not reviewer.is_staff
    assert [g.name for g in reviewer.groups.all()] == [roles.REVIEWER]
    client.post(url, _change_data(reviewer, is_superuser="on", groups=_group_ids(roles.EDITOR)))
    reviewer.refresh_from_db()
    assert [g.name for g in reviewer.groups.all()] == [roles.EDITOR]
    assert not reviewer.is_superuser


def test_admin_creates_a_user_without_privileges(client, admin_user, django_user_model):
    client.force_login(admin_user)
    client.post(reverse("admin:auth_user_add"), {
        "username": "newbie", "usable_password": "true", "password1": "a-long-pass-phrase-9",
        "password2": "a-long-pass-phrase-9", "is_superuser": "on", "is_staff": "on",
        "groups": _group_ids(roles.ADMIN),
    })
    user = django_user_model.objects.get(username="newbie")
    assert not user.is_superuser and not user.is_staff
    assert list(user.groups.all()) == []


def test_admin_cannot_change_the_password_of_a_higher_or_equal_account(client, admin_user, django_user_model):
    boss = django_user_model.objects.create_superuser("boss", password="old-password-for-tests")
    peer = django_user_model.objects.create_user("peer", password="old-password-for-tests", is_staff=True)
    peer.groups.add(Group.objects.get(name=roles.ADMIN))
    client.force_login(admin_user)
    for target in (boss, peer):
        url = reverse("admin:auth_user_password_change", args=[target.pk])
        response = client.post(url, {"password1": "new-password-4-tests", "password2": "new-password-4-tests"})
        assert response.status_code == 403
        target.refresh_from_db()
        assert target.check_password("old-password-for-tests")
        change = client.post(reverse("admin:auth_user_change", args=[target.pk]),
                             _change_data(target, first_name="Hacked"))
        assert change.status_code == 403
        target.refresh_from_db()
        assert target.first_name == ""


def test_admin_changes_the_password_of_an_editor(client, admin_user, editor):
    client.force_login(admin_user)
    url = reverse("admin:auth_user_password_change", args=[editor.pk])
    client.post(url, {"password1": "new-password-4-tests", "password2": "new-password-4-tests"})
    editor.refresh_from_db()
    assert editor.check_password("new-password-4-tests")


def test_admin_cannot_reactivate_a_deactivated_admin(client, admin_user, django_user_model):
    former = django_user_model.objects.create_user("former", is_active=False)
    former.groups.add(Group.objects.get(name=roles.ADMIN))
    client.force_login(admin_user)
    response = client.post(reverse("admin:auth_user_change", args=[former.pk]), _change_data(former))
    assert response.status_code == 403
    former.refresh_from_db()
    assert not former.is_active


def test_superuser_still_sees_and_sets_every_privilege(client, django_user_model, reviewer):
    boss = django_user_model.objects.create_superuser("boss", password="pw")
    client.force_login(boss)
    url = reverse("admin:auth_user_change", args=[reviewer.pk])
    page = client.get(url).content.decode()
    assert 'name="is_superuser"' in page and 'name="user_permissions"' in page
    client.post(url, _change_data(reviewer, is_staff="on", groups=_group_ids(roles.ADMIN)))
    reviewer.refresh_from_db()
    assert reviewer.is_staff and [g.name for g in reviewer.groups.all()] == [roles.ADMIN]
