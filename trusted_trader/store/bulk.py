"""Bulk writes for large loads: the driver's own fast path, never thousands of ORM objects."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from datetime import UTC, datetime
from typing import Any

from sqlalchemy import Connection, Table
from sqlmodel import SQLModel


def timestamp_text(dialect: str, moment: datetime | None = None) -> str:
    """A timestamp as the database stores it, for rows written by :func:`bulk_insert`."""
    moment = (moment or datetime.now(UTC)).astimezone(UTC)
    text = moment.strftime("%Y-%m-%d %H:%M:%S.%f")
    return text if dialect == "sqlite" else text + "+00"


def table_of(model: type[SQLModel]) -> Table:
    table = getattr(model, "__table__")  # noqa: B009 - SQLModel sets it on table classes
    assert isinstance(table, Table)
    return table


def bulk_insert(
    conn: Connection, model: type[SQLModel], columns: Sequence[str], rows: Iterable[Sequence[Any]]
) -> int:
    """Insert many rows given as tuples in ``columns`` order; dates as ISO text.

    SQLite gets one ``executemany`` on the driver (about 3x SQLAlchemy's own
    executemany); PostgreSQL gets ``COPY``.
    """
    table = table_of(model)
    if conn.dialect.name == "postgresql":
        return _copy_rows(conn, table, columns, rows)
    names = ", ".join(columns)
    marks = ", ".join("?" for _ in columns)
    cursor = conn.connection.driver_connection.cursor()  # type: ignore[union-attr]
    count = 0
    try:
        batch: list[Sequence[Any]] = []
        for row in rows:
            batch.append(row)
            if len(batch) >= 50_000:
                cursor.executemany(f"INSERT INTO {table.name} ({names}) VALUES ({marks})", batch)
                count += len(batch)
                batch = []
        if batch:
            cursor.executemany(f"INSERT INTO {table.name} ({names}) VALUES ({marks})", batch)
            count += len(batch)
    finally:
        cursor.close()
    return count


def _copy_rows(
    conn: Connection, table: Table, columns: Sequence[str], rows: Iterable[Sequence[Any]]
) -> int:
    driver = conn.connection.driver_connection
    count = 0
    sql = f"COPY {table.name} ({', '.join(columns)}) FROM STDIN"
    with driver.cursor() as cursor, cursor.copy(sql) as copy:  # type: ignore[union-attr]
        for row in rows:
            copy.write_row(row)
            count += 1
    return count


def reset_sequence(conn: Connection, model: type[SQLModel]) -> None:
    """After rows were copied with explicit ids, move PostgreSQL's id sequence past them."""
    table = table_of(model)
    if conn.dialect.name == "postgresql":
        conn.exec_driver_sql(
            f"SELECT setval(pg_get_serial_sequence('{table.name}', 'id'), "
            f"COALESCE((SELECT MAX(id) FROM {table.name}), 0) + 1, false)"
        )
