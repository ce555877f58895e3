"""Writing many rows at once. On PostgreSQL, COPY: an imported article brings
dozens of claims, and building model instances and UNNEST arrays for them
costs more client time than the rest of the import's database work put
together. Elsewhere, bulk_create."""

from __future__ import annotations

from django.db import connection, models


def insert_rows(model: type[models.Model], rows: list[dict]) -> None:
    """Insert rows given as {attname: value}; missing fields take their model
    default and the primary key comes from the table. Call inside a
    transaction. The new keys are not returned: on PostgreSQL that would
    cost a round trip of its own, and a caller that needs a row back finds
    it by its natural key."""
    if not rows:
        return
    if connection.vendor != "postgresql":
        model.objects.bulk_create([model(**row) for row in rows])
        return
    _copy_rows(model, rows)


def _copy_rows(model: type[models.Model], rows: list[dict]) -> None:
    from psycopg import sql

    fields = [f for f in model._meta.concrete_fields if f is not model._meta.pk]
    statement = sql.SQL("COPY {} ({}) FROM STDIN").format(
        sql.Identifier(model._meta.db_table), sql.SQL(", ").join(sql.Identifier(f.column) for f in fields)
    )
    with connection.cursor() as cursor:
        # As the model would fill them: declared defaults, "" for blank text,
        # and each value prepared the way the field prepares it for a save.
        columns = [(f.attname, f.get_default(), _converter(f, cursor.db)) for f in fields]
        with cursor.cursor.copy(statement) as copy:
            for row in rows:
                copy.write_row([
                    convert(row.get(name, default)) if convert else row.get(name, default)
                    for name, default, convert in columns
                ])


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
