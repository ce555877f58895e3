"""Writing many rows at once. On PostgreSQL, COPY: an imported article brings
dozens of claims, and building model instances and UNNEST arrays for them
costs more client time than the rest of the import's database work put
together. Elsewhere, bulk_create."""

from __future__ import annotations

from django.db import connection, models


def insert_rows(model: type[models.Model], rows: list[dict]) -> list[int]:
    """Insert rows given as {attname: value} (missing fields take their
    model default) and return their new primary keys, in order. Call inside
    a transaction."""
    if not rows:
        return []
    if connection.vendor != "postgresql":
        created = model.objects.bulk_create([model(**row) for row in rows])
        return [obj.pk for obj in created]
    return _copy_rows(model, rows)


def _copy_rows(model: type[models.Model], rows: list[dict]) -> list[int]:
    from psycopg import sql

    meta = model._meta
    pk = meta.pk.attname
    fields = meta.concrete_fields
    with connection.cursor() as cursor:
        # Keys first, so that rows can point at each other (a claim's
        # linked_to) before they exist.
        cursor.execute(
            "SELECT nextval(pg_get_serial_sequence(%s, %s)) FROM generate_series(1, %s)",
            [meta.db_table, meta.pk.column, len(rows)],
        )
        ids = [row[0] for row in cursor.fetchall()]
        statement = sql.SQL("COPY {} ({}) FROM STDIN").format(
            sql.Identifier(meta.db_table), sql.SQL(", ").join(sql.Identifier(f.column) for f in fields)
        )
        # As the model would fill them: declared defaults, "" for blank text.
        defaults = {f.attname: f.get_default() for f in fields if f.attname != pk}
        columns = [(f.attname, _converter(f, cursor.db)) for f in fields]
        with cursor.cursor.copy(statement) as copy:
            for key, row in zip(ids, rows):
                values = {**defaults, **row, pk: key}
                copy.write_row([convert(values.get(name)) if convert else values.get(name) for name, convert in columns])
    return ids


# Values of these field types go to psycopg as they are; others (JSON above
# all) need the field's own preparation.
_PLAIN_TYPES = {
    "AutoField", "BigAutoField", "BigIntegerField", "BooleanField", "CharField", "DateField", "DateTimeField",
    "FloatField", "ForeignKey", "IntegerField", "PositiveIntegerField", "PositiveSmallIntegerField",
    "SmallIntegerField", "TextField",
}


def _converter(field: models.Field, db):
    if field.get_internal_type() in _PLAIN_TYPES:
        return None
    return lambda value: field.get_db_prep_save(value, db)
