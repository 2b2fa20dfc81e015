"""Bulk writes for large loads: the driver's own fast path, never thousands of ORM objects."""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Sequence
from contextlib import contextmanager
from datetime import UTC, date, datetime
from typing import Any

from sqlalchemy import ColumnDefault, Connection, Table, text
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


# Pages SQLite keeps in memory for a large load (KiB, as ``cache_size`` takes it when
# negative): new rows land all over a table's indexes, and with the default 2 MiB
# each insert reads back pages it has just let go of. A third less time for 400,000 rows.
BULK_CACHE_KIB = 32 * 1024


@contextmanager
def bulk_cache(conn: Connection) -> Iterator[None]:
    """A larger page cache on a SQLite connection while a large load runs; as before after."""
    if conn.dialect.name != "sqlite":
        yield
        return
    cursor = conn.connection.driver_connection.cursor()  # type: ignore[union-attr]
    before = cursor.execute("PRAGMA cache_size").fetchone()[0]
    cursor.execute(f"PRAGMA cache_size = {-BULK_CACHE_KIB}")
    try:
        yield
    finally:
        cursor.execute(f"PRAGMA cache_size = {int(before)}")
        cursor.close()


def bulk_insert(
    conn: Connection, model: type[SQLModel], columns: Sequence[str], rows: Iterable[Sequence[Any]]
) -> int:
    """Insert many rows given as tuples in ``columns`` order; dates as ISO text.

    SQLite gets one ``executemany`` on the driver (about 3x SQLAlchemy's own
    executemany); PostgreSQL gets ``COPY``, or arrays where row-level security holds.
    """
    table = table_of(model)
    if conn.dialect.name == "postgresql":
        return write_rows(conn, table, columns, rows)
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


def write_rows(
    conn: Connection, table: Table, columns: Sequence[str], rows: Iterable[Sequence[Any]]
) -> int:
    """PostgreSQL: the rows in ``columns`` order, by ``COPY`` when this login may use it.

    PostgreSQL refuses ``COPY FROM`` into a table whose row-level security holds for
    the current login (a team member, or anyone once the table forces it): those rows
    go in as ``INSERT … SELECT FROM unnest(arrays)``, which the policies check.
    """
    if row_security_active(conn, table.name):
        return insert_arrays(conn, table, columns, rows)
    return copy_rows(conn, table, columns, rows)


def row_security_active(conn: Connection, table_name: str) -> bool:
    """Whether the policies of ``table_name`` hold for this login (PostgreSQL decides)."""
    sql = text("SELECT row_security_active(CAST(:t AS regclass))")
    found = conn.execute(sql, {"t": table_name})
    return bool(found.scalar())


ARRAY_ROWS = 10_000  # rows per INSERT: a few MB of arrays, a few hundred statements a million


def insert_arrays(
    conn: Connection, table: Table, columns: Sequence[str], rows: Iterable[Sequence[Any]]
) -> int:
    """``INSERT … SELECT * FROM unnest(%s::type[], …)``: one array per column per statement.

    One statement per ARRAY_ROWS rows, parsed and planned once each, which row-level
    security permits and checks row by row, unlike ``COPY``. Values may be given as
    the database's text (dates, timestamps), as for ``COPY``: the casts read them.
    """
    sql = f"INSERT INTO {table.name} ({', '.join(columns)}) SELECT * FROM {_unnest(table, columns)}"
    return _execute_arrays(conn, table, columns, rows, sql)


def update_from_arrays(
    conn: Connection, table: Table, columns: Sequence[str], rows: Iterable[Sequence[Any]]
) -> int:
    """Write the rows' values over the records of the same ``id`` (one of ``columns``).

    Without a scratch table, which a team member may not create; ``version`` moves on.
    """
    names = [n for n in columns if n not in ("id", "created_at", "version")]
    values = ", ".join(f"{n} = s.{n}" for n in names)
    if "version" in columns:
        values += ", version = t.version + 1"
    sql = (
        f"UPDATE {table.name} AS t SET {values} FROM {_unnest(table, columns)} "
        f"AS s({', '.join(columns)}) WHERE t.id = s.id"
    )
    return _execute_arrays(conn, table, columns, rows, sql)


def _unnest(table: Table, columns: Sequence[str]) -> str:
    # Imported here: the PostgreSQL dialect (and its asyncpg driver module) would otherwise
    # load at every desktop start, on SQLite, before the dashboard's first number.
    from sqlalchemy.dialects import postgresql

    dialect = postgresql.dialect()  # type: ignore[no-untyped-call]
    casts = ", ".join(f"%s::{table.c[n].type.compile(dialect=dialect)}[]" for n in columns)
    return f"unnest({casts})"


def _execute_arrays(
    conn: Connection,
    table: Table,
    columns: Sequence[str],
    rows: Iterable[Sequence[Any]],
    sql: str,
) -> int:
    driver = conn.connection.driver_connection
    count = 0
    with driver.cursor() as cursor:  # type: ignore[union-attr]
        for batch in _batches(rows, ARRAY_ROWS):
            arrays = [array_literal(values) for values in zip(*batch, strict=True)]
            cursor.execute(sql, arrays)
            count += len(batch)
    return count


def array_literal(values: Sequence[Any]) -> str:
    """An array in PostgreSQL's text form, ``{"a","b",NULL}``, for a ``%s::type[]`` cast.

    Written here, one ``join`` per column, because the driver adapts a list value by
    value, several times slower: that difference alone would cost a member's import of
    a million rows half a minute. Each value is what COPY's text form would take
    (SQLite's 0/1 for booleans, dates as date objects or ISO text).
    """
    kinds = {type(v) for v in values}
    kinds.discard(type(None))
    if kinds <= {int}:
        items = ["NULL" if v is None else str(v) for v in values]
    elif kinds <= {str}:
        items = ["NULL" if v is None else _quoted(v) for v in values]
    elif kinds <= {date, datetime}:
        items = ["NULL" if v is None else f'"{v.isoformat()}"' for v in values]
    else:  # booleans, decimals, a column of mixed kinds: each as its own text
        items = ["NULL" if v is None else _quoted(_text_of(v)) for v in values]
    return "{" + ",".join(items) + "}"


def _quoted(value: str) -> str:
    if "\\" in value or '"' in value:
        value = value.replace("\\", "\\\\").replace('"', '\\"')
    return f'"{value}"'


def _text_of(value: Any) -> str:
    if isinstance(value, bool):
        return "t" if value else "f"
    if isinstance(value, date | datetime):
        return value.isoformat()
    return str(value)


def _batches(rows: Iterable[Sequence[Any]], size: int) -> Iterator[list[Sequence[Any]]]:
    batch: list[Sequence[Any]] = []
    for row in rows:
        batch.append(row)
        if len(batch) >= size:
            yield batch
            batch = []
    if batch:
        yield batch


def copy_rows(
    conn: Connection, table: Table, columns: Sequence[str], rows: Iterable[Sequence[Any]]
) -> int:
    """PostgreSQL's ``COPY … FROM STDIN`` of rows in ``columns`` order."""
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
    reset_table_sequence(conn, table_of(model))


def reset_table_sequence(conn: Connection, table: Table) -> None:
    if conn.dialect.name == "postgresql":
        conn.exec_driver_sql(
            f"SELECT setval(pg_get_serial_sequence('{table.name}', 'id'), "
            f"COALESCE((SELECT MAX(id) FROM {table.name}), 0) + 1, false)"
        )


def copy_with_new_ids(
    conn: Connection, table: Table, columns: Sequence[str], rows: Sequence[Sequence[Any]]
) -> list[int]:
    """PostgreSQL: take ids from the table's sequence, then write the rows under them, in order.

    Many times faster than ``INSERT … RETURNING`` for thousands of rows: no
    statement with tens of thousands of parameters to build and parse.
    """
    if not rows:
        return []
    # One array of new ids: a row per id would cost a round of driver work each.
    sql = "SELECT array_agg(nextval(pg_get_serial_sequence(:t, 'id'))) FROM generate_series(1, :n)"
    found = conn.execute(text(sql), {"t": table.name, "n": len(rows)}).scalar_one()
    ids = sorted(int(n) for n in found)
    now = timestamp_text("postgresql")  # as text: COPY takes it as is, no conversion per row
    stamps = [n for n in ("created_at", "updated_at") if n in table.c and n not in columns]
    # What an INSERT would have filled in from the model's defaults (version = 1, "" …).
    defaults = {
        c.name: c.default.arg
        for c in table.columns
        if c.name not in ("id", *columns, *stamps)
        and isinstance(c.default, ColumnDefault)
        and c.default.is_scalar
    }
    names = ["id", *defaults, *columns, *stamps]
    lead = list(defaults.values())
    tail = [now for _ in stamps]
    values = ([new_id, *lead, *row, *tail] for new_id, row in zip(ids, rows, strict=True))
    write_rows(conn, table, names, values)
    return ids
