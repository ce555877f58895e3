from django.db import migrations

# PostgreSQL only. A claim's search vector (0021) was made on every insert
# by claims_claim_vector, an SQL function holding a subquery for the
# speaker's name: called from the trigger, it could not be inlined, and
# its subquery was set up and run anew for every row, about a third of the
# trigger's cost on an article's few dozen claims. The vector itself is now
# claims_claim_vector_of, which takes the name and has no subquery, so the
# trigger inlines it and reads the name by a statement planned once per
# session. claims_claim_vector, still used when a speaker is renamed, calls
# it: one definition of the vector, the same vectors as before.
FORWARD = [
    """
    CREATE FUNCTION claims_claim_vector_of(body text, speaker_name text, as_written text) RETURNS tsvector
    LANGUAGE sql IMMUTABLE AS $$
      SELECT setweight(to_tsvector('simple'::regconfig, left(coalesce(body, ''), 100000)), 'A')
          || setweight(to_tsvector('simple'::regconfig, coalesce(speaker_name, '') || ' ' || coalesce(as_written, '')), 'B')
    $$
    """,
    """
    CREATE OR REPLACE FUNCTION claims_claim_vector(body text, speaker bigint, as_written text) RETURNS tsvector
    LANGUAGE sql STABLE AS $$
      SELECT claims_claim_vector_of(body, (SELECT name FROM claims_speaker WHERE id = speaker), as_written)
    $$
    """,
    """
    CREATE OR REPLACE FUNCTION claims_claim_search() RETURNS trigger LANGUAGE plpgsql AS $$
    DECLARE
      speaker_name text;
    BEGIN
      IF NEW.speaker_id IS NOT NULL THEN
        SELECT name INTO speaker_name FROM claims_speaker WHERE id = NEW.speaker_id;
      END IF;
      NEW.search := claims_claim_vector_of(NEW.text, speaker_name, NEW.speaker_as_written);
      RETURN NEW;
    END $$
    """,
]
# As 0021 made them.
BACKWARD = [
    """
    CREATE OR REPLACE FUNCTION claims_claim_search() RETURNS trigger LANGUAGE plpgsql AS $$
    BEGIN
      NEW.search := claims_claim_vector(NEW.text, NEW.speaker_id, NEW.speaker_as_written);
      RETURN NEW;
    END $$
    """,
    """
    CREATE OR REPLACE FUNCTION claims_claim_vector(body text, speaker bigint, as_written text) RETURNS tsvector
    LANGUAGE sql STABLE AS $$
      SELECT setweight(to_tsvector('simple'::regconfig, left(coalesce(body, ''), 100000)), 'A')
          || setweight(to_tsvector('simple'::regconfig, coalesce((SELECT name FROM claims_speaker WHERE id = speaker), '')
                                                      || ' ' || coalesce(as_written, '')), 'B')
    $$
    """,
    "DROP FUNCTION IF EXISTS claims_claim_vector_of(text, text, text)",
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
    dependencies = [("claims", "0030_claim_speaker_key")]

    operations = [migrations.RunPython(forward, backward)]
