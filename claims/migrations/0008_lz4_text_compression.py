from django.db import migrations

# The long texts (an article as received and cleaned, a capture's page and
# text, a source's transcript) are compressed by PostgreSQL when stored.
# LZ4 compresses them about twice as fast as the default pglz, which an
# import of hundreds of articles feels. It applies to values written from
# now on; a server built without LZ4 keeps pglz.
COLUMNS = [
    ("claims_article", "raw_text"),
    ("claims_article", "cleaned_text"),
    ("claims_capture", "body"),
    ("claims_capture", "text"),
    ("claims_source", "text"),
]


def _lz4_available(schema_editor) -> bool:
    with schema_editor.connection.cursor() as cursor:
        cursor.execute("SELECT 'lz4' = ANY(enumvals) FROM pg_settings WHERE name = 'default_toast_compression'")
        row = cursor.fetchone()
    return bool(row and row[0])


def _set_compression(schema_editor, method: str) -> None:
    for table, column in COLUMNS:
        schema_editor.execute(
            f"ALTER TABLE {schema_editor.quote_name(table)} "
            f"ALTER COLUMN {schema_editor.quote_name(column)} SET COMPRESSION {method}"
        )


def forward(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql" and _lz4_available(schema_editor):
        _set_compression(schema_editor, "lz4")


def backward(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        _set_compression(schema_editor, "default")


class Migration(migrations.Migration):
    dependencies = [("claims", "0007_claim_article_index_in_unique_span")]

    operations = [migrations.RunPython(forward, backward)]
