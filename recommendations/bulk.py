"""Bulk writes to a table: the synthetic generator's and the dataset imports' millions of rows."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager

from django.db import connection


@contextmanager
def table_indexes_deferred(table: str) -> Iterator[None]:
    """Drop a table's secondary indexes (and, on PostgreSQL, its foreign keys) and rebuild them after.

    Building an index once over sorted data beats updating eight of them row by row,
    and one validating join beats a deferred trigger per row at commit. The definitions
    are read back from the database, so indexes added by later migrations come along.
    Must run inside a transaction so a failure restores everything. The table is analysed after,
    so the planner knows it: a 67.5-million-row log nobody analysed had PostgreSQL look up one
    shopper's purchases through the event-type index, 130 ms instead of 1.
    """
    if connection.vendor == "postgresql":
        # ALTER TABLE and TRUNCATE refuse a table with deferred checks still queued in
        # this transaction; running them now empties the queue.
        connection.check_constraints()
    with connection.cursor() as cursor:
        if connection.vendor == "sqlite":
            cursor.execute(
                "SELECT name, sql FROM sqlite_master WHERE type = 'index' AND tbl_name = %s AND sql IS NOT NULL",
                [table],
            )
            indexes, constraints = cursor.fetchall(), []
        elif connection.vendor == "postgresql":
            # Indexes backing a primary key or unique constraint stay.
            cursor.execute(
                "SELECT indexname, indexdef FROM pg_indexes WHERE schemaname = current_schema() AND tablename = %s "
                "AND indexname NOT IN (SELECT conname FROM pg_constraint WHERE conrelid = %s::regclass)",
                [table, table],
            )
            indexes = cursor.fetchall()
            cursor.execute(
                "SELECT conname, pg_get_constraintdef(oid) FROM pg_constraint "
                "WHERE conrelid = %s::regclass AND contype = 'f'",
                [table],
            )
            constraints = cursor.fetchall()
        else:
            indexes, constraints = [], []
        quoted = connection.ops.quote_name(table)
        for name, _ in constraints:
            cursor.execute(f"ALTER TABLE {quoted} DROP CONSTRAINT {connection.ops.quote_name(name)}")
        for name, _ in indexes:
            cursor.execute(f"DROP INDEX {connection.ops.quote_name(name)}")
        if connection.vendor == "postgresql":
            # Sorting for an index build may use this much memory (this transaction only).
            cursor.execute("SET LOCAL maintenance_work_mem = '256MB'")
    yield
    with connection.cursor() as cursor:
        for _, definition in indexes:
            cursor.execute(definition)
        for name, definition in constraints:
            cursor.execute(f"ALTER TABLE {quoted} ADD CONSTRAINT {connection.ops.quote_name(name)} {definition}")
        cursor.execute(f"ANALYZE {quoted}")
