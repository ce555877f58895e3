"""Evidence used to be flagged with the fetcher's message when a capture of
its source failed. The pages now say so from the captures, naming the
stored text still used; the old flags (a technical message that hid it)
are cleared. The captures keep the messages."""

from django.db import migrations

OLD_PREFIX = "The page could not be fetched on "


def clear_fetch_error_flags(apps, schema_editor):
    Evidence = apps.get_model("claims", "Evidence")
    Evidence.objects.filter(flag__startswith=OLD_PREFIX).update(flag="")


class Migration(migrations.Migration):
    dependencies = [
        ("claims", "0025_assignment_and_notifications"),
    ]

    operations = [
        migrations.RunPython(clear_fetch_error_flags, migrations.RunPython.noop),
    ]
