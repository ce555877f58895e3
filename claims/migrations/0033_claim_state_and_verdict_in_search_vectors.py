from django.db import migrations

# PostgreSQL only. The search box's state and verdict filters were columns
# beside the word index: a claim matching a word was then found through two
# indexes (the word's posting list and the (state, verdict) btree) whose
# bitmaps were ANDed, and a note through its claim, read row by row for
# every note holding the word. At a million claims either took 40 to 90 ms
# of the page. Now a claim's vector also holds its state and verdict as two
# lexemes, "_state_done" and "_verdict_misquoted", and a note's vector its
# claim's: the word index alone answers "this word, in claims in that
# state" (claims.search.backends). The lexemes have no position, so they
# weigh nothing in a phrase, and begin with "_", which PostgreSQL's parser
# never leaves at the start of a word: nothing typed can match one.
#
# A note's vector was a column generated from its own text; it now depends
# on its claim too, so a trigger keeps it, and another rewrites a claim's
# notes' vectors when the claim's state or verdict changes (a few notes).
FORWARD = [
    """
    CREATE FUNCTION claims_search_facets(state text, verdict text) RETURNS tsvector
    LANGUAGE sql IMMUTABLE AS $$
      SELECT array_to_tsvector(ARRAY['_state_' || coalesce(state, ''), '_verdict_' || coalesce(verdict, '')])
    $$
    """,
    """
    CREATE FUNCTION claims_claim_vector_of(body text, speaker_name text, as_written text, state text, verdict text)
    RETURNS tsvector LANGUAGE sql IMMUTABLE AS $$
      SELECT claims_claim_vector_of(body, speaker_name, as_written) || claims_search_facets(state, verdict)
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
      NEW.search := claims_claim_vector_of(NEW.text, speaker_name, NEW.speaker_as_written, NEW.state, NEW.verdict);
      RETURN NEW;
    END $$
    """,
    """
    CREATE OR REPLACE FUNCTION claims_speaker_renamed() RETURNS trigger LANGUAGE plpgsql AS $$
    BEGIN
      UPDATE claims_claim SET search = claims_claim_vector_of(text, NEW.name, speaker_as_written, state, verdict)
      WHERE speaker_id = NEW.id;
      RETURN NULL;
    END $$
    """,
    # The vector of a claim given its speaker's id, which only the rename
    # trigger read.
    "DROP FUNCTION claims_claim_vector(text, bigint, text)",
    "DROP TRIGGER claims_claim_search_update ON claims_claim",
    """
    CREATE TRIGGER claims_claim_search_update
    BEFORE UPDATE OF text, speaker_id, speaker_as_written, state, verdict ON claims_claim
    FOR EACH ROW WHEN (OLD.text IS DISTINCT FROM NEW.text OR OLD.speaker_id IS DISTINCT FROM NEW.speaker_id
                       OR OLD.speaker_as_written IS DISTINCT FROM NEW.speaker_as_written
                       OR OLD.state IS DISTINCT FROM NEW.state OR OLD.verdict IS DISTINCT FROM NEW.verdict)
    EXECUTE FUNCTION claims_claim_search()
    """,
    """
    CREATE FUNCTION claims_note_vector_of(body text, state text, verdict text) RETURNS tsvector
    LANGUAGE sql IMMUTABLE AS $$
      SELECT to_tsvector('simple'::regconfig, left(coalesce(body, ''), 100000)) || claims_search_facets(state, verdict)
    $$
    """,
    """
    CREATE FUNCTION claims_note_search() RETURNS trigger LANGUAGE plpgsql AS $$
    DECLARE
      claim_state text;
      claim_verdict text;
    BEGIN
      SELECT state, verdict INTO claim_state, claim_verdict FROM claims_claim WHERE id = NEW.claim_id;
      NEW.search := claims_note_vector_of(NEW.text, claim_state, claim_verdict);
      RETURN NEW;
    END $$
    """,
    """
    CREATE FUNCTION claims_claim_notes_refaceted() RETURNS trigger LANGUAGE plpgsql AS $$
    BEGIN
      UPDATE claims_note SET search = claims_note_vector_of(text, NEW.state, NEW.verdict) WHERE claim_id = NEW.id;
      RETURN NULL;
    END $$
    """,
    # The rows are rewritten with their index dropped: building it again
    # once is several times faster than updating it row by row.
    "DROP INDEX claims_claim_search",
    "UPDATE claims_claim SET search = search || claims_search_facets(state, verdict)",
    "CREATE INDEX claims_claim_search ON claims_claim USING gin (search)",
    "DROP INDEX claims_note_search",
    "ALTER TABLE claims_note ALTER COLUMN search DROP EXPRESSION",
    """
    UPDATE claims_note n SET search = n.search || claims_search_facets(c.state, c.verdict)
    FROM claims_claim c WHERE c.id = n.claim_id
    """,
    "CREATE INDEX claims_note_search ON claims_note USING gin (search)",
    """
    CREATE TRIGGER claims_note_search_insert BEFORE INSERT ON claims_note
    FOR EACH ROW EXECUTE FUNCTION claims_note_search()
    """,
    """
    CREATE TRIGGER claims_note_search_update BEFORE UPDATE OF text, claim_id ON claims_note
    FOR EACH ROW WHEN (OLD.text IS DISTINCT FROM NEW.text OR OLD.claim_id IS DISTINCT FROM NEW.claim_id)
    EXECUTE FUNCTION claims_note_search()
    """,
    """
    CREATE TRIGGER claims_claim_notes_search AFTER UPDATE OF state, verdict ON claims_claim
    FOR EACH ROW WHEN (OLD.state IS DISTINCT FROM NEW.state OR OLD.verdict IS DISTINCT FROM NEW.verdict)
    EXECUTE FUNCTION claims_claim_notes_refaceted()
    """,
]
# As 0021 and 0031 left them.
BACKWARD = [
    "DROP TRIGGER IF EXISTS claims_claim_notes_search ON claims_claim",
    "DROP TRIGGER IF EXISTS claims_note_search_update ON claims_note",
    "DROP TRIGGER IF EXISTS claims_note_search_insert ON claims_note",
    "DROP FUNCTION IF EXISTS claims_claim_notes_refaceted()",
    "DROP FUNCTION IF EXISTS claims_note_search()",
    "DROP FUNCTION IF EXISTS claims_note_vector_of(text, text, text)",
    "ALTER TABLE claims_note DROP COLUMN search",
    """
    ALTER TABLE claims_note ADD COLUMN search tsvector GENERATED ALWAYS AS (
      to_tsvector('simple'::regconfig, left(text, 100000))
    ) STORED
    """,
    "CREATE INDEX claims_note_search ON claims_note USING gin (search)",
    "DROP TRIGGER claims_claim_search_update ON claims_claim",
    """
    CREATE TRIGGER claims_claim_search_update BEFORE UPDATE OF text, speaker_id, speaker_as_written ON claims_claim
    FOR EACH ROW WHEN (OLD.text IS DISTINCT FROM NEW.text OR OLD.speaker_id IS DISTINCT FROM NEW.speaker_id
                       OR OLD.speaker_as_written IS DISTINCT FROM NEW.speaker_as_written)
    EXECUTE FUNCTION claims_claim_search()
    """,
    """
    CREATE FUNCTION claims_claim_vector(body text, speaker bigint, as_written text) RETURNS tsvector
    LANGUAGE sql STABLE AS $$
      SELECT claims_claim_vector_of(body, (SELECT name FROM claims_speaker WHERE id = speaker), as_written)
    $$
    """,
    """
    CREATE OR REPLACE FUNCTION claims_speaker_renamed() RETURNS trigger LANGUAGE plpgsql AS $$
    BEGIN
      UPDATE claims_claim SET search = claims_claim_vector(text, speaker_id, speaker_as_written)
      WHERE speaker_id = NEW.id;
      RETURN NULL;
    END $$
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
    "DROP FUNCTION IF EXISTS claims_claim_vector_of(text, text, text, text, text)",
    "DROP FUNCTION IF EXISTS claims_search_facets(text, text)",
    "DROP INDEX claims_claim_search",
    """
    UPDATE claims_claim SET search = claims_claim_vector(text, speaker_id, speaker_as_written)
    """,
    "CREATE INDEX claims_claim_search ON claims_claim USING gin (search)",
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
    dependencies = [("claims", "0032_claim_foreign_keys_indexed_where_set")]

    operations = [migrations.RunPython(forward, backward)]
