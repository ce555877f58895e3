"""Signing in and permissions: Django's ModelBackend, with a person's
permissions read in one query."""

from django.contrib.auth.backends import ModelBackend
from django.contrib.auth.models import Permission
from django.db.models import Q


class PermissionsInOneQueryBackend(ModelBackend):
    """ModelBackend, reading the permissions a person holds directly and
    through their groups in one query rather than one of each. Every
    signed-in page asks what its reader may do (the navigation, the views'
    checks), so this is read on every request, and building the second
    query cost as much as answering it. What it grants is the same:
    nothing to an inactive account, every permission to a superuser, kept
    on the user object for the rest of the request."""

    def get_all_permissions(self, user_obj, obj=None):
        if not user_obj.is_active or user_obj.is_anonymous or obj is not None:
            return set()
        if not hasattr(user_obj, "_perm_cache"):
            held = Permission.objects.all()
            if not user_obj.is_superuser:
                held = held.filter(Q(user=user_obj) | Q(group__user=user_obj))
            rows = held.values_list("content_type__app_label", "codename").order_by()
            user_obj._perm_cache = {f"{app_label}.{codename}" for app_label, codename in rows}
        return user_obj._perm_cache
