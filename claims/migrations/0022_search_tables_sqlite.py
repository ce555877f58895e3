from django.db import migrations

# SQLite only: FTS5 tables for the search box (claims.search), so that the
# zero-setup database searches as PostgreSQL does (0020), kept up to date
# by triggers on every insert, update of an indexed field, and delete.
# Articles, sources and notes are indexed as external content (the index
# reads their text from the table itself rather than holding a copy);
# claims hold a copy, since theirs includes the speaker's name from another
# table. Renaming a speaker re-indexes their claims.
#
# Should a later migration rebuild one of these tables (SQLite's way of
# altering a column), its triggers go with it and must be created again:
# tests/test_search.py checks that they are all there.
TOKENIZE = "tokenize = 'unicode61 remove_diacritics 2'"
SPEAKER = "coalesce((SELECT name FROM claims_speaker WHERE id = new.speaker_id), '') || ' ' || new.speaker_as_written"


def _external(table: str, columns: list[str], watched: list[str]) -> list[str]:
    """An external-content FTS5 table over `table` and its three triggers."""
    fts = f"{table}_fts"
    cols = ", ".join(columns)
    new = ", ".join(f"new.{c}" for c in columns)
    old = ", ".join(f"old.{c}" for c in columns)
    changed = " OR ".join(f"old.{c} IS NOT new.{c}" for c in watched)
    delete = f"INSERT INTO {fts}({fts}, rowid, {cols}) VALUES ('delete', old.id, {old});"
    insert = f"INSERT INTO {fts}(rowid, {cols}) VALUES (new.id, {new});"
    return [
        f"CREATE VIRTUAL TABLE {fts} USING fts5({cols}, content='{table}', content_rowid='id', {TOKENIZE})",
        f"CREATE TRIGGER {fts}_insert AFTER INSERT ON {table} BEGIN {insert} END",
        f"CREATE TRIGGER {fts}_delete AFTER DELETE ON {table} BEGIN {delete} END",
        (f"CREATE TRIGGER {fts}_update AFTER UPDATE OF {', '.join(watched)} ON {table} WHEN {changed} "
        f"BEGIN {delete} {insert} END"),
        f"INSERT INTO {fts}({fts}) VALUES ('rebuild')",
    ]


FORWARD = [
    f"CREATE VIRTUAL TABLE claims_claim_fts USING fts5(text, speaker, {TOKENIZE})",
    ("CREATE TRIGGER claims_claim_fts_insert AFTER INSERT ON claims_claim BEGIN "
    f"INSERT INTO claims_claim_fts(rowid, text, speaker) VALUES (new.id, new.text, {SPEAKER}); END"),
    ("CREATE TRIGGER claims_claim_fts_delete AFTER DELETE ON claims_claim BEGIN "
    "DELETE FROM claims_claim_fts WHERE rowid = old.id; END"),
    ("CREATE TRIGGER claims_claim_fts_update AFTER UPDATE OF text, speaker_id, speaker_as_written ON claims_claim "
    "WHEN old.text IS NOT new.text OR old.speaker_id IS NOT new.speaker_id "
    "OR old.speaker_as_written IS NOT new.speaker_as_written BEGIN "
    "DELETE FROM claims_claim_fts WHERE rowid = old.id; "
    f"INSERT INTO claims_claim_fts(rowid, text, speaker) VALUES (new.id, new.text, {SPEAKER}); END"),
    ("CREATE TRIGGER claims_speaker_fts_rename AFTER UPDATE OF name ON claims_speaker "
    "WHEN old.name IS NOT new.name BEGIN "
    "DELETE FROM claims_claim_fts WHERE rowid IN (SELECT id FROM claims_claim WHERE speaker_id = new.id); "
    "INSERT INTO claims_claim_fts(rowid, text, speaker) "
    "SELECT id, text, new.name || ' ' || speaker_as_written FROM claims_claim WHERE speaker_id = new.id; END"),
    ("INSERT INTO claims_claim_fts(rowid, text, speaker) "
    "SELECT c.id, c.text, coalesce(s.name, '') || ' ' || c.speaker_as_written "
    "FROM claims_claim c LEFT JOIN claims_speaker s ON s.id = c.speaker_id"),
    *_external("claims_article", ["title", "cleaned_text"], ["title", "cleaned_text"]),
    *_external(
        "claims_source", ["title", "publisher", "author", "url", "text"], ["title", "publisher", "author", "url", "text"]
    ),
    *_external("claims_note", ["text"], ["text"]),
]
TABLES = ["claims_claim_fts", "claims_article_fts", "claims_source_fts", "claims_note_fts"]
TRIGGERS = [
    "claims_speaker_fts_rename",
    *(f"{t}_{event}" for t in TABLES for event in ("insert", "delete", "update")),
]


def forward(apps, schema_editor):
    if schema_editor.connection.vendor == "sqlite":
        for statement in FORWARD:
            schema_editor.execute(statement)


def backward(apps, schema_editor):
    if schema_editor.connection.vendor == "sqlite":
        for trigger in TRIGGERS:
            schema_editor.execute(f"DROP TRIGGER IF EXISTS {trigger}")
        for table in TABLES:
            schema_editor.execute(f"DROP TABLE IF EXISTS {table}")


class Migration(migrations.Migration):
    dependencies = [("claims", "0021_search_columns_postgresql")]

    operations = [migrations.RunPython(forward, backward)]
