from django.contrib.auth.management import create_permissions
from django.db import migrations

# Frozen copy of the role table as it was when the groups were first made;
# later changes to roles come as new migrations.
ROLE_PERMISSIONS = {
    "reviewer": [
        "claims.view_article",
        "claims.view_claim",
        "claims.review_claim",
        "claims.add_note",
        "claims.add_evidence",
        "claims.add_source",
        "claims.view_source",
        "claims.view_speaker",
    ],
}
ROLE_PERMISSIONS["editor"] = ROLE_PERMISSIONS["reviewer"] + [
    "claims.approve_verdict",
    "claims.export_claims",
    "claims.import_articles",
    "claims.add_article",
]
ROLE_PERMISSIONS["admin"] = ROLE_PERMISSIONS["editor"] + [
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


def create_roles(apps, schema_editor):
    # Permissions are normally created after all migrations have run; the
    # groups need them now.
    for app_label in ("auth", "claims"):
        app_config = apps.get_app_config(app_label)
        # Historical app configs have no models module; the function only
        # checks that it is set.
        app_config.models_module = True
        create_permissions(app_config, apps=apps, verbosity=0)
        app_config.models_module = None
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    for role, perms in ROLE_PERMISSIONS.items():
        group, _ = Group.objects.get_or_create(name=role)
        for perm in perms:
            app_label, codename = perm.split(".")
            group.permissions.add(Permission.objects.get(content_type__app_label=app_label, codename=codename))


def remove_roles(apps, schema_editor):
    apps.get_model("auth", "Group").objects.filter(name__in=ROLE_PERMISSIONS).delete()


class Migration(migrations.Migration):
    dependencies = [
        ("claims", "0001_initial"),
        ("auth", "0012_alter_user_first_name_max_length"),
        ("contenttypes", "0002_remove_content_type_name"),
    ]

    operations = [migrations.RunPython(create_roles, remove_roles)]
