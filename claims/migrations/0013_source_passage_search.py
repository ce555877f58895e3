from django.db import migrations

# PostgreSQL only: each passage's words as a tsvector ('simple': no stemming
# and no stop words, so that any word of a quote can be looked up), kept by
# the database itself, with a GIN index. The column is left out of the
# model: Django never reads or writes it, only the candidate search in
# claims.originals queries it. Its statistics (most common lexemes, read
# from pg_stats to tell a quote's rare words from its common ones) cover the
# 10,000 most frequent words at this target. SQLite has no such column and
# searches the passages' text instead.
FORWARD = [
    (
        "ALTER TABLE claims_sourcepassage ADD COLUMN search tsvector "
        "GENERATED ALWAYS AS (to_tsvector('simple'::regconfig, text)) STORED"
    ),
    "CREATE INDEX claims_sourcepassage_search ON claims_sourcepassage USING gin (search)",
    "ALTER TABLE claims_sourcepassage ALTER COLUMN search SET STATISTICS 1000",
]
BACKWARD = [
    "DROP INDEX IF EXISTS claims_sourcepassage_search",
    "ALTER TABLE claims_sourcepassage DROP COLUMN IF EXISTS search",
]


def forward(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        for statement in FORWARD:
            schema_editor.execute(statement)


def backward(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        for statement in BACKWARD:
            schema_editor.execute(statement)


class Migration(migrations.Migration):
    dependencies = [("claims", "0012_fill_source_text_hash")]

    operations = [migrations.RunPython(forward, backward)]
