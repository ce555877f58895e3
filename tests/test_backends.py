import pytest
from django.contrib.auth.backends import ModelBackend
from django.contrib.auth.models import Permission

from claims.backends import PermissionsInOneQueryBackend

pytestmark = pytest.mark.django_db


def _fresh(user):
    """The user as a new request reads it, with no permissions cached."""
    return type(user).objects.get(pk=user.pk)


def test_permissions_are_django_s_for_every_kind_of_account(reviewer, editor, admin_user, outsider,
                                                            django_user_model):
    direct = Permission.objects.get(content_type__app_label="claims", codename="export_claims")
    reviewer.user_permissions.add(direct)
    outsider.user_permissions.add(direct)
    superuser = django_user_model.objects.create_superuser(username="root", password="pw-for-tests-only")
    inactive = django_user_model.objects.create_user(username="gone", password="pw-for-tests-only", is_active=False)
    inactive.user_permissions.add(direct)
    for user in (reviewer, editor, admin_user, outsider, superuser, inactive):
        ours = PermissionsInOneQueryBackend().get_all_permissions(_fresh(user))
        assert ours == ModelBackend().get_all_permissions(_fresh(user))
    assert "claims.export_claims" in PermissionsInOneQueryBackend().get_all_permissions(_fresh(reviewer))
    assert PermissionsInOneQueryBackend().get_all_permissions(_fresh(inactive)) == set()
    assert len(PermissionsInOneQueryBackend().get_all_permissions(_fresh(superuser))) == Permission.objects.count()


def test_permissions_are_read_in_one_query_once_per_request(reviewer, django_assert_num_queries):
    user = _fresh(reviewer)
    with django_assert_num_queries(1):
        assert user.has_perm("claims.review_claim") and not user.has_perm("claims.approve_verdict")
        assert user.has_perms(["claims.view_claim", "claims.add_note"])
