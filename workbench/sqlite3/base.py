"""Django's SQLite backend, keeping triggers when a table is rebuilt.

SQLite alters a column by building the table anew, copying the rows and
renaming the copy into place. The triggers on the old table go with it, and
the rename fails while a trigger on another table still names it. The
search tables (claims.search) are kept by such triggers, so every migration
that altered a claim, an article, a source or a note would silently stop
indexing it, or fail. This backend drops the triggers that name the table
before the rebuild and creates them again, as they were, after it."""

from django.db.backends.sqlite3 import base, schema


class DatabaseSchemaEditor(schema.DatabaseSchemaEditor):
    def _remake_table(self, model, create_field=None, delete_field=None, alter_fields=None):
        table = model._meta.db_table
        with self.connection.cursor() as cursor:
            cursor.execute("SELECT name, tbl_name, sql FROM sqlite_master WHERE type = 'trigger' AND sql IS NOT NULL")
            # On the table, or naming it in their body (a substring match may
            # take a few more, which are dropped and made again unchanged).
            kept = [(name, sql) for name, on, sql in cursor.fetchall() if on == table or table in sql]
        for name, _ in kept:
            self.execute(f'DROP TRIGGER IF EXISTS "{name}"')
        super()._remake_table(model, create_field=create_field, delete_field=delete_field, alter_fields=alter_fields)
        for _, sql in kept:
            self.execute(sql)


class DatabaseWrapper(base.DatabaseWrapper):
    SchemaEditorClass = DatabaseSchemaEditor
