import pytest
from django.contrib.auth.models import Group

from claims import roles


@pytest.fixture(autouse=True)
def _fast_password_hashing(settings):
    """The test users' passwords need no protection; hashing them the
    production way costs half a second per user."""
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


def _user(django_user_model, username: str, role: str | None, **extra):
    user = django_user_model.objects.create_user(username=username, password="pw-for-tests-only", **extra)
    if role:
        user.groups.add(Group.objects.get(name=role))
    return user


@pytest.fixture
def reviewer(db, django_user_model):
    return _user(django_user_model, "rita", roles.REVIEWER)


@pytest.fixture
def colleague(db, django_user_model):
    return _user(django_user_model, "carl", roles.REVIEWER)


@pytest.fixture
def editor(db, django_user_model):
    return _user(django_user_model, "edna", roles.EDITOR)


@pytest.fixture
def admin_user(db, django_user_model):
    return _user(django_user_model, "ada", roles.ADMIN, is_staff=True)


@pytest.fixture
def outsider(db, django_user_model):
    """Logged in, but in no role."""
    return _user(django_user_model, "otto", None)
