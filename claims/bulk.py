"""Writing many rows at once. An imported article brings dozens of claims,
and building a model instance and compiling an INSERT for each of them costs
more than the rest of the import's database work put together. So rows go
in as plain values: by COPY on PostgreSQL, by one prepared INSERT run for
every row elsewhere."""

from __future__ import annotations

from django.db import connection, models

# Values of these field types go to every driver as they are; others (JSON,
# dates and times) need the field's own preparation.
_PLAIN_TYPES = {
    "AutoField", "BigAutoField", "BigIntegerField", "BooleanField", "CharField", "FloatField", "ForeignKey",
    "IntegerField", "PositiveIntegerField", "PositiveSmallIntegerField", "SmallIntegerField", "TextField",
}


def insert_rows(model: type[models.Model], rows: list[dict]) -> None:
    """Insert rows given as {attname: value}; missing fields take their model
    default and the primary key comes from the table. Call inside a
    transaction. The new keys are not returned: on PostgreSQL that would
    cost a round trip of its own, and a caller that needs a row back finds
    it by its natural key."""
    if not rows:
        return
    fields = [f for f in model._meta.concrete_fields if f is not model._meta.pk]
    values = _values(fields, rows)
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            _copy(cursor, model._meta.db_table, fields, values)
        else:
            quote = connection.ops.quote_name
            cursor.executemany(
                f"INSERT INTO {quote(model._meta.db_table)} ({', '.join(quote(f.column) for f in fields)}) "
                f"VALUES ({', '.join(['%s'] * len(fields))})",
                list(values),
            )


def _values(fields: list[models.Field], rows: list[dict]):
    """Each row's values in the order of `fields`, as the model would save
    them: declared defaults ("" for blank text) where a row has none, each
    value prepared the way its field prepares it for the database. The
    defaults are prepared once for all rows."""
    columns = []
    for field in fields:
        plain = field.get_internal_type() in _PLAIN_TYPES
        default = field.get_default()
        prepare = None if plain else _preparer(field)
        columns.append((field.attname, default if plain else prepare(default), prepare))
    for row in rows:
        yield [
            default if name not in row else prepare(row[name]) if prepare else row[name]
            for name, default, prepare in columns
        ]


def _preparer(field: models.Field):
    return lambda value: field.get_db_prep_save(value, connection)


def _copy(cursor, table: str, fields: list[models.Field], values) -> None:
    from psycopg import sql

    statement = sql.SQL("COPY {} ({}) FROM STDIN").format(
        sql.Identifier(table), sql.SQL(", ").join(sql.Identifier(f.column) for f in fields)
    )
    with cursor.cursor.copy(statement) as copy:
        for row in values:
            copy.write_row(row)
