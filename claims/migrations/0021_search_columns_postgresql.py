from django.db import migrations

# PostgreSQL only: what the search box (claims.search) reads. Each searched
# table gets a stored tsvector, left out of the models as the passages'
# column is (0013): Django never reads or writes it, so a source's vector is
# not fetched with every source, and the models stay the same on SQLite,
# which indexes the same fields with FTS5 tables instead (0021).
#
# Articles, sources and notes: generated columns. Their vector depends only
# on the row itself, so the database keeps it through every insert, update
# and COPY, whatever code writes. Claims: a trigger. A claim's vector holds
# its speaker's name, which lives in another table and which a generated
# column cannot read; renaming a speaker re-indexes their claims.
#
# 'simple': no stemming and no stop words, as the passages, since articles
# and sources come in many languages. Weights rank a title or speaker above
# body text. A tsvector holds at most 1 MB of distinct words: claim and note
# texts are cut to 100,000 characters and article bodies to 250,000 (a
# bound that can never pass it); a source's text is indexed up to 2,000,000
# characters, and to 250,000 for the rare document whose distinct words
# would not fit. Trigram indexes on names and titles find misspellings.
FORWARD = [
    """
    CREATE FUNCTION claims_claim_vector(body text, speaker bigint, as_written text) RETURNS tsvector
    LANGUAGE sql STABLE AS $$
      SELECT setweight(to_tsvector('simple'::regconfig, left(coalesce(body, ''), 100000)), 'A')
          || setweight(to_tsvector('simple'::regconfig, coalesce((SELECT name FROM claims_speaker WHERE id = speaker), '')
                                                      || ' ' || coalesce(as_written, '')), 'B')
    $$
    """,
    """
    CREATE FUNCTION claims_claim_search() RETURNS trigger LANGUAGE plpgsql AS $$
    BEGIN
      NEW.search := claims_claim_vector(NEW.text, NEW.speaker_id, NEW.speaker_as_written);
      RETURN NEW;
    END $$
    """,
    "ALTER TABLE claims_claim ADD COLUMN search tsvector",
    """
    CREATE TRIGGER claims_claim_search_insert BEFORE INSERT ON claims_claim
    FOR EACH ROW EXECUTE FUNCTION claims_claim_search()
    """,
    """
    CREATE TRIGGER claims_claim_search_update BEFORE UPDATE OF text, speaker_id, speaker_as_written ON claims_claim
    FOR EACH ROW WHEN (OLD.text IS DISTINCT FROM NEW.text OR OLD.speaker_id IS DISTINCT FROM NEW.speaker_id
                       OR OLD.speaker_as_written IS DISTINCT FROM NEW.speaker_as_written)
    EXECUTE FUNCTION claims_claim_search()
    """,
    """
    CREATE FUNCTION claims_speaker_renamed() RETURNS trigger LANGUAGE plpgsql AS $$
    BEGIN
      UPDATE claims_claim SET search = claims_claim_vector(text, speaker_id, speaker_as_written)
      WHERE speaker_id = NEW.id;
      RETURN NULL;
    END $$
    """,
    """
    CREATE TRIGGER claims_speaker_search AFTER UPDATE OF name ON claims_speaker
    FOR EACH ROW WHEN (OLD.name IS DISTINCT FROM NEW.name) EXECUTE FUNCTION claims_speaker_renamed()
    """,
    "UPDATE claims_claim SET search = claims_claim_vector(text, speaker_id, speaker_as_written)",
    "CREATE INDEX claims_claim_search ON claims_claim USING gin (search)",
    """
    ALTER TABLE claims_article ADD COLUMN search tsvector GENERATED ALWAYS AS (
      setweight(to_tsvector('simple'::regconfig, title), 'A')
      || setweight(to_tsvector('simple'::regconfig, left(cleaned_text, 250000)), 'D')
    ) STORED
    """,
    "CREATE INDEX claims_article_search ON claims_article USING gin (search)",
    # What articles and sources are ranked by: the title and the start of
    # the text. Small enough to sit in the row, where ranking by the whole
    # text's vector would read kilobytes to megabytes for every candidate.
    """
    ALTER TABLE claims_article ADD COLUMN search_head tsvector GENERATED ALWAYS AS (
      setweight(to_tsvector('simple'::regconfig, title), 'A')
      || setweight(to_tsvector('simple'::regconfig, left(cleaned_text, 600)), 'D')
    ) STORED
    """,
    """
    CREATE FUNCTION claims_long_text_vector(body text) RETURNS tsvector LANGUAGE plpgsql IMMUTABLE AS $$
    BEGIN
      RETURN to_tsvector('simple'::regconfig, left(body, 2000000));
    EXCEPTION WHEN program_limit_exceeded THEN
      RETURN to_tsvector('simple'::regconfig, left(body, 250000));
    END $$
    """,
    """
    ALTER TABLE claims_source ADD COLUMN search tsvector GENERATED ALWAYS AS (
      setweight(to_tsvector('simple'::regconfig, title), 'A')
      || setweight(to_tsvector('simple'::regconfig, publisher || ' ' || author), 'B')
      || setweight(to_tsvector('simple'::regconfig, url), 'C')
      || setweight(claims_long_text_vector(text), 'D')
    ) STORED
    """,
    "CREATE INDEX claims_source_search ON claims_source USING gin (search)",
    """
    ALTER TABLE claims_source ADD COLUMN search_head tsvector GENERATED ALWAYS AS (
      setweight(to_tsvector('simple'::regconfig, title), 'A')
      || setweight(to_tsvector('simple'::regconfig, publisher || ' ' || author), 'B')
      || setweight(to_tsvector('simple'::regconfig, left(text, 600)), 'D')
    ) STORED
    """,
    """
    ALTER TABLE claims_note ADD COLUMN search tsvector GENERATED ALWAYS AS (
      to_tsvector('simple'::regconfig, left(text, 100000))
    ) STORED
    """,
    "CREATE INDEX claims_note_search ON claims_note USING gin (search)",
    "CREATE INDEX claims_speaker_name_trgm ON claims_speaker USING gin (name gin_trgm_ops)",
    "CREATE INDEX claims_article_title_trgm ON claims_article USING gin (title gin_trgm_ops)",
    "CREATE INDEX claims_source_title_trgm ON claims_source USING gin (title gin_trgm_ops)",
    "CREATE INDEX claims_source_publisher_trgm ON claims_source USING gin (publisher gin_trgm_ops)",
    "CREATE INDEX claims_source_author_trgm ON claims_source USING gin (author gin_trgm_ops)",
]
BACKWARD = [
    "DROP INDEX IF EXISTS claims_source_author_trgm",
    "DROP INDEX IF EXISTS claims_source_publisher_trgm",
    "DROP INDEX IF EXISTS claims_source_title_trgm",
    "DROP INDEX IF EXISTS claims_article_title_trgm",
    "DROP INDEX IF EXISTS claims_speaker_name_trgm",
    "ALTER TABLE claims_note DROP COLUMN IF EXISTS search",
    "ALTER TABLE claims_source DROP COLUMN IF EXISTS search_head",
    "ALTER TABLE claims_source DROP COLUMN IF EXISTS search",
    "DROP FUNCTION IF EXISTS claims_long_text_vector(text)",
    "ALTER TABLE claims_article DROP COLUMN IF EXISTS search_head",
    "ALTER TABLE claims_article DROP COLUMN IF EXISTS search",
    "DROP TRIGGER IF EXISTS claims_speaker_search ON claims_speaker",
    "DROP FUNCTION IF EXISTS claims_speaker_renamed()",
    "DROP TRIGGER IF EXISTS claims_claim_search_update ON claims_claim",
    "DROP TRIGGER IF EXISTS claims_claim_search_insert ON claims_claim",
    "ALTER TABLE claims_claim DROP COLUMN IF EXISTS search",
    "DROP FUNCTION IF EXISTS claims_claim_search()",
    "DROP FUNCTION IF EXISTS claims_claim_vector(text, bigint, text)",
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
    dependencies = [("claims", "0020_api_tokens")]

    operations = [migrations.RunPython(forward, backward)]
