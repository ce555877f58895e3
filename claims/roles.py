"""The three roles, as Django groups, and what each may do.

Each role includes the one before it. The groups are created by migration 0002 from a frozen copy of this table;
a change here needs a migration too (tests compare the two);
views check the permissions, never the group names, so an admin can shape
custom roles in the Django admin.
"""

REVIEWER = "reviewer"
EDITOR = "editor"
ADMIN = "admin"

_REVIEWER = [
    "claims.view_article",
    "claims.view_claim",
    "claims.review_claim",
    "claims.add_note",
    "claims.add_evidence",
    "claims.add_source",
    "claims.view_source",
    "claims.view_speaker",
]
_EDITOR = _REVIEWER + [
    "claims.approve_verdict",
    "claims.assign_claim",
    "claims.export_claims",
    "claims.publish_claim",
    "claims.import_articles",
    "claims.add_article",
]
_ADMIN = _EDITOR + [
    "claims.change_source",
    "claims.delete_source",
    "claims.change_article",
    "claims.delete_article",
    "claims.change_claim",
    "claims.change_speaker",
    "claims.add_speaker",
    "claims.delete_speaker",
    "claims.change_evidence",
    "claims.delete_evidence",
    "auth.view_user",
    "auth.add_user",
    "auth.change_user",
    "claims.view_loginfailure",
    "claims.delete_loginfailure",
    # API tokens for their own account and the accounts below theirs (admin.ApiTokenAdmin).
    "claims.view_apitoken",
    "claims.add_apitoken",
    "claims.change_apitoken",
]

ROLE_PERMISSIONS: dict[str, list[str]] = {REVIEWER: _REVIEWER, EDITOR: _EDITOR, ADMIN: _ADMIN}


def restore_missing_roles(*, using="default", **kwargs) -> None:
    """Recreate a role group that is missing, e.g. after `manage.py flush`
    (which empties the tables migration 0002 filled). Existing groups are left
    as they are, so changes an admin made to a role survive."""
    from django.contrib.auth.models import Group, Permission

    for role, perms in ROLE_PERMISSIONS.items():
        group, created = Group.objects.using(using).get_or_create(name=role)
        if not created:
            continue
        for perm in perms:
            app_label, codename = perm.split(".")
            group.permissions.add(
                Permission.objects.using(using).get(content_type__app_label=app_label, codename=codename)
            )


# Who may manage whom in the Django admin. Superusers manage everyone; anyone
# else may manage only accounts with no more power than their own, and give
# only roles below their own, so that nobody raises their own privileges or
# anyone else's above what they could already do.


def _permission_ids(user) -> set[int]:
    """The permissions a user holds through groups and directly, read from
    the tables rather than from the auth backend, which reports none for an
    inactive account (one that could be reactivated)."""
    from django.contrib.auth.models import Permission
    from django.db.models import Q

    if user.pk is None:
        return set()
    return set(Permission.objects.filter(Q(group__user=user) | Q(user=user)).values_list("pk", flat=True))


def may_manage_user(actor, target) -> bool:
    """Whether `actor` may change `target`'s account (details, password,
    activity, roles). A superuser may change anyone. Others may change their
    own details, and accounts that are neither superuser nor staff and whose
    permissions are strictly fewer than theirs: an admin may reset a
    reviewer's password, not another admin's or a superuser's."""
    if actor.is_superuser:
        return True
    if target.pk is not None and target.pk == actor.pk:
        return True
    if target.is_superuser or target.is_staff:
        return False
    return _permission_ids(target) < _permission_ids(actor)


def assignable_groups(actor):
    """The groups `actor` may give or take away: all of them for a
    superuser, else those whose permissions are strictly fewer than the
    actor's (an admin assigns reviewer and editor, not admin)."""
    from django.contrib.auth.models import Group

    groups = Group.objects.prefetch_related("permissions").order_by("name")
    if actor.is_superuser:
        return groups
    own = _permission_ids(actor)
    return Group.objects.filter(
        pk__in=[g.pk for g in groups if {p.pk for p in g.permissions.all()} < own]
    ).order_by("name")


def holders(perm: str):
    """The active accounts that hold `perm` ("app_label.codename") through
    a group, directly or as superusers: those a claim may be assigned to,
    for instance. One query when evaluated (the permission is matched
    inside it), so it can be annotated further."""
    from django.contrib.auth import get_user_model
    from django.db.models import Q

    app_label, codename = perm.split(".")
    User = get_user_model()
    granted = User.objects.filter(
        Q(groups__permissions__codename=codename, groups__permissions__content_type__app_label=app_label)
        | Q(user_permissions__codename=codename, user_permissions__content_type__app_label=app_label)
    )
    return User.objects.filter(Q(is_superuser=True) | Q(pk__in=granted.values("pk")), is_active=True)
