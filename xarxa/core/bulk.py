"""Loading many rows fast, on SQLite and PostgreSQL, without leaving the ORM's type handling."""

from collections.abc import Iterable
from contextlib import contextmanager
from functools import partial
from itertools import islice

from django.db import connection, models
from django.test.utils import override_settings

BATCH_SIZE = 2000


@contextmanager
def without_query_log():
    """With DEBUG on, Django keeps the SQL of every query; formatting a million insert parameters costs more
    than inserting them."""
    with override_settings(DEBUG=False):
        yield


@contextmanager
def bulk_load_cache():
    """SQLite's default page cache (2 MB) is far smaller than the indexes a big load touches: grow it meanwhile."""
    if connection.vendor != "sqlite":
        yield
        return
    with connection.cursor() as cursor:
        cursor.execute("PRAGMA cache_size")
        (previous,) = cursor.fetchone()
        cursor.execute("PRAGMA cache_size = -262144")  # 256 MB, in KiB
    try:
        yield
    finally:
        with connection.cursor() as cursor:
            cursor.execute(f"PRAGMA cache_size = {int(previous)}")


def insert_rows(model, rows: Iterable[dict], batch_size: int = BATCH_SIZE) -> int:
    """Write rows (dicts keyed by field attname) in batches, bypassing model instances.

    bulk_create builds a model instance per row and prepares every value through the SQL
    compiler; for the million-row tables of a big demo that costs several times the database
    work itself (see bench/README.md). Here values still go through the field's database
    preparation where one is needed (dates, JSON), and missing fields take their model default.
    PostgreSQL gets COPY, its bulk-loading path; other databases a prepared INSERT per batch.
    """
    fields = [f for f in model._meta.concrete_fields if not isinstance(f, models.AutoField)]
    columns = [(f.attname, f.get_default(), _db_preparer(f)) for f in fields]
    quote = connection.ops.quote_name
    table, names = quote(model._meta.db_table), ", ".join(quote(f.column) for f in fields)
    known = {f.attname for f in fields}
    rows = iter(rows)
    written = 0
    with connection.cursor() as cursor:
        while batch := list(islice(rows, batch_size)):
            if unknown := batch[0].keys() - known:  # a typo would otherwise write the default silently
                raise ValueError(f"{model.__name__} has no field {', '.join(sorted(unknown))}")
            values = [
                tuple(row.get(name, default) if prepare is None else prepare(row.get(name, default))
                      for name, default, prepare in columns)
                for row in batch
            ]
            if connection.vendor == "postgresql" and hasattr(cursor.cursor, "copy"):  # psycopg 3
                with cursor.cursor.copy(f"COPY {table} ({names}) FROM STDIN") as copy:
                    for value in values:
                        copy.write_row(value)
            else:
                placeholders = ", ".join(["%s"] * len(fields))
                cursor.executemany(f"INSERT INTO {table} ({names}) VALUES ({placeholders})", values)
            written += len(batch)
    return written


def _db_preparer(field):
    """None where the driver takes the Python value as it is (text, numbers, booleans, ids)."""
    plain = (models.CharField, models.TextField, models.IntegerField, models.BooleanField, models.ForeignKey)
    if isinstance(field, plain) and not isinstance(field, models.JSONField):
        return None
    if isinstance(field, models.DateTimeField):
        return connection.ops.adapt_datetimefield_value  # our values are aware datetimes already
    return partial(field.get_db_prep_save, connection=connection)


def refresh_planner_statistics(*models) -> None:
    """After a bulk load the query planner knows nothing about the tables; ANALYZE tells it (about the
    tables of `models` only, when given: the rest did not change)."""
    with connection.cursor() as cursor:
        if not models:
            cursor.execute("ANALYZE")
        for model in models:
            cursor.execute(f"ANALYZE {connection.ops.quote_name(model._meta.db_table)}")
