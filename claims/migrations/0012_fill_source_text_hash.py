import hashlib

from django.db import migrations


def _hash(text: str) -> str:
    # A frozen copy of Source.hash_text as it is at this migration.
    if not text.strip():
        return ""
    return hashlib.sha256(" ".join(text.split()).casefold().encode()).hexdigest()


def fill(apps, schema_editor):
    Source = apps.get_model("claims", "Source")
    for source in Source.objects.exclude(text="").only("pk", "text").iterator(chunk_size=200):
        Source.objects.filter(pk=source.pk).update(text_hash=_hash(source.text))


class Migration(migrations.Migration):
    dependencies = [("claims", "0011_source_passages_and_original_candidates")]

    operations = [migrations.RunPython(fill, migrations.RunPython.noop)]
