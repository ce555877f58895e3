from django.db import migrations

# PostgreSQL only. The search box's claim filters were columns beside the
# word index: a claim matching a word was then found through two indexes
# (the word's posting list and a btree) whose bitmaps were ANDed, or read
# row by row to test its article's date, and a note through its claim, read
# row by row for every note holding the word. At a million claims each took
# 20 to 90 ms of the page.
#
# Now a claim's vector also holds what the filters ask as lexemes:
# "_state_done", "_verdict_misquoted", "_speaker_42", and its article's
# publication as "_year_2019" and "_month_201905"; a note's vector holds
# its claim's state, verdict and speaker (a note's date is its own). The
# word index alone then answers "this word, in claims in that state", and a
# date range is narrowed to its months and years before the exact dates are
# tested (claims.search.backends). The lexemes have no position, so they
# weigh nothing in a phrase, and begin with "_", which PostgreSQL's parser
# never leaves at the start of a word: nothing typed can match one.
#
# Triggers keep them: a claim's on every change of what they are made of, a
# note's from its claim, a claim's notes' when the claim's state, verdict or
# speaker changes, an article's claims' when its date does, a speaker's
# claims' when renamed (as before).
FORWARD = [
    """
    CREATE FUNCTION claims_search_facets(state text, verdict text, speaker bigint) RETURNS tsvector
    LANGUAGE sql IMMUTABLE AS $$
      SELECT array_to_tsvector(
        ARRAY['_state_' || coalesce(state, ''), '_verdict_' || coalesce(verdict, '')]
        || CASE WHEN speaker IS NULL THEN '{}'::text[] ELSE ARRAY['_speaker_' || speaker] END
      )
    $$
    """,
    """
    CREATE FUNCTION claims_date_facets(day date) RETURNS tsvector LANGUAGE sql IMMUTABLE AS $$
      SELECT CASE WHEN day IS NULL THEN ''::tsvector ELSE array_to_tsvector(ARRAY[
        '_year_' || extract(year FROM day)::int,
        '_month_' || (extract(year FROM day)::int * 100 + extract(month FROM day)::int)
      ]) END
    $$
    """,
    """
    CREATE FUNCTION claims_claim_vector_of(
      body text, speaker_name text, as_written text, state text, verdict text, speaker bigint, published date
    ) RETURNS tsvector LANGUAGE sql IMMUTABLE AS $$
      SELECT claims_claim_vector_of(body, speaker_name, as_written)
          || claims_search_facets(state, verdict, speaker) || claims_date_facets(published)
    $$
    """,
    """
    CREATE OR REPLACE FUNCTION claims_claim_search() RETURNS trigger LANGUAGE plpgsql AS $$
    DECLARE
      speaker_name text;
      published date;
    BEGIN
      IF NEW.speaker_id IS NOT NULL THEN
        SELECT name INTO speaker_name FROM claims_speaker WHERE id = NEW.speaker_id;
      END IF;
      SELECT published_on INTO published FROM claims_article WHERE id = NEW.article_id;
      NEW.search := claims_claim_vector_of(
        NEW.text, speaker_name, NEW.speaker_as_written, NEW.state, NEW.verdict, NEW.speaker_id, published
      );
      RETURN NEW;
    END $$
    """,
    """
    CREATE OR REPLACE FUNCTION claims_speaker_renamed() RETURNS trigger LANGUAGE plpgsql AS $$
    BEGIN
      UPDATE claims_claim c SET search = claims_claim_vector_of(
        c.text, NEW.name, c.speaker_as_written, c.state, c.verdict, c.speaker_id,
        (SELECT published_on FROM claims_article WHERE id = c.article_id)
      ) WHERE c.speaker_id = NEW.id;
      RETURN NULL;
    END $$
    """,
    # The vector of a claim given its speaker's id, which only the rename
    # trigger read.
    "DROP FUNCTION claims_claim_vector(text, bigint, text)",
    "DROP TRIGGER claims_claim_search_update ON claims_claim",
    """
    CREATE TRIGGER claims_claim_search_update
    BEFORE UPDATE OF text, speaker_id, speaker_as_written, state, verdict, article_id ON claims_claim
    FOR EACH ROW WHEN (OLD.text IS DISTINCT FROM NEW.text OR OLD.speaker_id IS DISTINCT FROM NEW.speaker_id
                       OR OLD.speaker_as_written IS DISTINCT FROM NEW.speaker_as_written
                       OR OLD.state IS DISTINCT FROM NEW.state OR OLD.verdict IS DISTINCT FROM NEW.verdict
                       OR OLD.article_id IS DISTINCT FROM NEW.article_id)
    EXECUTE FUNCTION claims_claim_search()
    """,
    """
    CREATE FUNCTION claims_article_redated() RETURNS trigger LANGUAGE plpgsql AS $$
    BEGIN
      UPDATE claims_claim c SET search = claims_claim_vector_of(
        c.text, (SELECT name FROM claims_speaker WHERE id = c.speaker_id), c.speaker_as_written, c.state, c.verdict,
        c.speaker_id, NEW.published_on
      ) WHERE c.article_id = NEW.id;
      RETURN NULL;
    END $$
    """,
    """
    CREATE TRIGGER claims_article_claims_search AFTER UPDATE OF published_on ON claims_article
    FOR EACH ROW WHEN (OLD.published_on IS DISTINCT FROM NEW.published_on)
    EXECUTE FUNCTION claims_article_redated()
    """,
    """
    CREATE FUNCTION claims_note_vector_of(body text, state text, verdict text, speaker bigint) RETURNS tsvector
    LANGUAGE sql IMMUTABLE AS $$
      SELECT to_tsvector('simple'::regconfig, left(coalesce(body, ''), 100000))
          || claims_search_facets(state, verdict, speaker)
    $$
    """,
    """
    CREATE FUNCTION claims_note_search() RETURNS trigger LANGUAGE plpgsql AS $$
    DECLARE
      claim_state text;
      claim_verdict text;
      claim_speaker bigint;
    BEGIN
      SELECT state, verdict, speaker_id INTO claim_state, claim_verdict, claim_speaker
      FROM claims_claim WHERE id = NEW.claim_id;
      NEW.search := claims_note_vector_of(NEW.text, claim_state, claim_verdict, claim_speaker);
      RETURN NEW;
    END $$
    """,
    """
    CREATE FUNCTION claims_claim_notes_refaceted() RETURNS trigger LANGUAGE plpgsql AS $$
    BEGIN
      UPDATE claims_note SET search = claims_note_vector_of(text, NEW.state, NEW.verdict, NEW.speaker_id)
      WHERE claim_id = NEW.id;
      RETURN NULL;
    END $$
    """,
    # The rows are rewritten with their index dropped: building it again
    # once is several times faster than updating it row by row.
    "DROP INDEX claims_claim_search",
    """
    UPDATE claims_claim c SET search = c.search || claims_search_facets(c.state, c.verdict, c.speaker_id)
        || claims_date_facets((SELECT published_on FROM claims_article WHERE id = c.article_id))
    """,
    "CREATE INDEX claims_claim_search ON claims_claim USING gin (search)",
    "DROP INDEX claims_note_search",
    "ALTER TABLE claims_note ALTER COLUMN search DROP EXPRESSION",
    """
    UPDATE claims_note n SET search = n.search || claims_search_facets(c.state, c.verdict, c.speaker_id)
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
    CREATE TRIGGER claims_claim_notes_search AFTER UPDATE OF state, verdict, speaker_id ON claims_claim
    FOR EACH ROW WHEN (OLD.state IS DISTINCT FROM NEW.state OR OLD.verdict IS DISTINCT FROM NEW.verdict
                       OR OLD.speaker_id IS DISTINCT FROM NEW.speaker_id)
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
    "DROP FUNCTION IF EXISTS claims_note_vector_of(text, text, text, bigint)",
    "ALTER TABLE claims_note DROP COLUMN search",
    """
    ALTER TABLE claims_note ADD COLUMN search tsvector GENERATED ALWAYS AS (
      to_tsvector('simple'::regconfig, left(text, 100000))
    ) STORED
    """,
    "CREATE INDEX claims_note_search ON claims_note USING gin (search)",
    "DROP TRIGGER IF EXISTS claims_article_claims_search ON claims_article",
    "DROP FUNCTION IF EXISTS claims_article_redated()",
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
    "DROP FUNCTION IF EXISTS claims_claim_vector_of(text, text, text, text, text, bigint, date)",
    "DROP FUNCTION IF EXISTS claims_date_facets(date)",
    "DROP FUNCTION IF EXISTS claims_search_facets(text, text, bigint)",
    "DROP INDEX claims_claim_search",
    "UPDATE claims_claim SET search = claims_claim_vector(text, speaker_id, speaker_as_written)",
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
