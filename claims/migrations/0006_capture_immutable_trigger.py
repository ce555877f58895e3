from django.db import migrations

# The archived record of a capture cannot change, not even through a bulk
# update or raw SQL that skips Capture.save(). Only the source it belongs to
# may change, when duplicate sources are merged.
ARCHIVED = [
    "body", "text", "sha256", "text_sha256", "fetched_at", "requested_url", "final_url", "status_code",
    "content_type", "error",
]
COLUMNS = ", ".join(ARCHIVED)
CHANGED = " OR ".join(f"OLD.{c} IS DISTINCT FROM NEW.{c}" for c in ARCHIVED)
MESSAGE = "A capture is immutable; fetch again to make a new one."

FORWARD = {
    "sqlite": [
        f"""CREATE TRIGGER claims_capture_immutable BEFORE UPDATE OF {COLUMNS} ON claims_capture
        FOR EACH ROW WHEN {CHANGED.replace("IS DISTINCT FROM", "IS NOT")}
        BEGIN SELECT RAISE(ABORT, '{MESSAGE}'); END""",
    ],
    "postgresql": [
        f"""CREATE OR REPLACE FUNCTION claims_capture_immutable() RETURNS trigger AS $$
        BEGIN RAISE EXCEPTION '{MESSAGE}'; END $$ LANGUAGE plpgsql""",
        f"""CREATE TRIGGER claims_capture_immutable BEFORE UPDATE OF {COLUMNS} ON claims_capture
        FOR EACH ROW WHEN ({CHANGED}) EXECUTE FUNCTION claims_capture_immutable()""",
    ],
}
BACKWARD = {
    "sqlite": ["DROP TRIGGER IF EXISTS claims_capture_immutable"],
    "postgresql": [
        "DROP TRIGGER IF EXISTS claims_capture_immutable ON claims_capture",
        "DROP FUNCTION IF EXISTS claims_capture_immutable()",
    ],
}


def _run(statements):
    def run(apps, schema_editor):
        for statement in statements.get(schema_editor.connection.vendor, []):
            schema_editor.execute(statement)

    return run


class Migration(migrations.Migration):
    dependencies = [("claims", "0005_trigram_extension")]

    operations = [migrations.RunPython(_run(FORWARD), _run(BACKWARD))]
