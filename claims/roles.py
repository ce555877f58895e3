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
    "claims.export_claims",
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
