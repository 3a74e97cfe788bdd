"""Read every column of every table of the test database as text, on SQLite and PostgreSQL alike, to
prove a deleted member's name and addresses are nowhere (including tables Django does not model, such as
SQLite's full-text index and its shadow tables)."""

from django.db import connection


def rows_of(cursor, table):
    columns = [column.name for column in connection.introspection.get_table_description(cursor, table)]
    quote = connection.ops.quote_name
    if connection.vendor == "postgresql":
        selected = ", ".join(f"{quote(column)}::text" for column in columns)
    else:
        selected = ", ".join(quote(column) for column in columns)
    cursor.execute(f"SELECT {selected} FROM {quote(table)}")
    for row in cursor.fetchall():
        yield from zip(columns, row, strict=True)


def as_text(value) -> str:
    if isinstance(value, bytes | memoryview):
        return bytes(value).decode("latin-1")
    return "" if value is None else str(value)


def places_holding(needles) -> set[tuple[str, str, str]]:
    """(table, column, needle) for every place any of these strings appears, case-insensitive."""
    needles = [needle.lower() for needle in needles]
    found = set()
    with connection.cursor() as cursor:
        for table in connection.introspection.table_names(cursor):
            for column, value in rows_of(cursor, table):
                text = as_text(value).lower()
                found.update((table, column, needle) for needle in needles if needle in text)
    return found
