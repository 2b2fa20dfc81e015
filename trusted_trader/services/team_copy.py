"""Copy a local database into a team database: every table, audit history included, in one go.

Into an empty team database the records keep their identifiers (the id
sequences are moved past them afterwards). With ``merge`` the team database
may already hold records: a partner whose IOR number is already there is the
same partner, Centers match by code and Account Executives by e-mail, and
every other record gets a new identifier, with its references following.
The whole copy is one transaction on the team database: all or nothing.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass, field
from typing import Any

from sqlalchemy import Connection, Engine, Table, text
from sqlmodel import SQLModel

from trusted_trader.domain.errors import ConflictError, ValidationError
from trusted_trader.store import models  # noqa: F401  (registers the tables)
from trusted_trader.store.bulk import copy_rows, reset_table_sequence
from trusted_trader.store.engine import sqlite_path
from trusted_trader.store.migrate import open_database

Progress = Callable[[str], None]
CHUNK = 50_000
# Rows the app seeds itself: an "empty" team database may already hold them.
SEEDED_TABLES = ("center", "center_coverage")
HISTORY_TABLES = ("audit_log", "import_change")
# Columns that point at another table's id, by the table they point at.
REFERENCES = {
    "center_id": "center",
    "executive_id": "account_executive",
    "partner_id": "partner",
    "plan_id": "engagement_plan",
    "batch_id": "import_batch",
}


@dataclass
class CopyResult:
    tables: dict[str, int] = field(default_factory=dict)  # rows written per table
    merged_partners: int = 0  # partners found already in the team database (merge)

    @property
    def rows(self) -> int:
        return sum(self.tables.values())


def copy_database(
    source_url: str, target_url: str, *, merge: bool = False, progress: Progress | None = None
) -> CopyResult:
    """Copy everything from ``source_url`` (SQLite) into ``target_url`` (PostgreSQL)."""
    say = progress or (lambda _text: None)
    if not target_url.startswith("postgresql"):
        raise ValidationError.single("to", target_url, "the target must be a PostgreSQL URL")
    path = sqlite_path(source_url)
    if path is None or not path.is_file():
        raise ValidationError.single("from", source_url, "name an existing local database file")
    source = open_database(source_url)
    target = open_database(target_url)
    try:
        return _copy(source, target, merge=merge, say=say)
    finally:
        source.dispose()
        target.dispose()


def _copy(source: Engine, target: Engine, *, merge: bool, say: Progress) -> CopyResult:
    # The history points at records of every table: it goes in once they have their ids.
    tables = sorted(SQLModel.metadata.sorted_tables, key=lambda t: t.name in HISTORY_TABLES)
    with source.connect() as reader, target.begin() as writer:
        # SQLite keeps timestamps as UTC text without a zone.
        writer.exec_driver_sql("SET LOCAL TIME ZONE 'UTC'")
        writer.exec_driver_sql("SET LOCAL lock_timeout = '30s'")
        busy = _tables_with_records(writer)
        if busy and not merge:
            raise ConflictError(
                "The team database already holds records (in "
                f"{', '.join(busy)}); copy with --merge to add to them by IOR number."
            )
        if merge and busy:
            return _merge(reader, writer, tables, say)
        return _copy_as_is(reader, writer, tables, say)


def _tables_with_records(conn: Connection) -> list[str]:
    found = []
    for table in SQLModel.metadata.sorted_tables:
        if table.name in SEEDED_TABLES:
            continue
        if conn.execute(text(f"SELECT EXISTS (SELECT 1 FROM {table.name})")).scalar():
            found.append(table.name)
    return found


def _copy_as_is(
    reader: Connection, writer: Connection, tables: list[Table], say: Progress
) -> CopyResult:
    result = CopyResult()
    for table in reversed(tables):
        if table.name in SEEDED_TABLES:
            writer.exec_driver_sql(f"DELETE FROM {table.name}")
    for table in tables:
        names = [c.name for c in table.columns]
        count = copy_rows(writer, table, names, _read(reader, table.name, names))
        reset_table_sequence(writer, table)
        result.tables[table.name] = count
        say(f"{table.name}: {count:,} rows")
    return result


def _read(reader: Connection, table: str, names: Sequence[str]) -> Iterator[Sequence[Any]]:
    """Rows as the driver gives them: ISO text for dates suits COPY and skips conversions."""
    cursor = reader.exec_driver_sql(f"SELECT {', '.join(names)} FROM {table} ORDER BY id")
    while rows := cursor.fetchmany(CHUNK):
        yield from rows


# -- merging into a team database that already holds records --------------------------------


def _merge(
    reader: Connection, writer: Connection, tables: list[Table], say: Progress
) -> CopyResult:
    result = CopyResult()
    ids: dict[str, dict[int, int]] = {}
    ids["center"] = _match(reader, writer, "center", "code")
    ids["account_executive"] = _match(reader, writer, "account_executive", "email")
    ids["partner"] = _match_partners(reader, writer)
    result.merged_partners = len(ids["partner"])
    for table in tables:
        names = [c.name for c in table.columns]
        rows = list(_read(reader, table.name, names))
        known = ids.setdefault(table.name, {})
        at = names.index("id")
        fresh = [r for r in rows if r[at] not in known]
        new_ids = _next_ids(writer, table.name, len(fresh))
        known.update({int(r[at]): new for r, new in zip(fresh, new_ids, strict=True)})
        remapped = [_remap(table, names, r, ids) for r in fresh]
        kept = _drop_clashes(writer, table, names, remapped)
        kept = _drop_repeats(writer, table, names, kept, set(ids["partner"].values()))
        result.tables[table.name] = copy_rows(writer, table, names, kept)
        say(f"{table.name}: {result.tables[table.name]:,} rows added")
    return result


def _match(reader: Connection, writer: Connection, table: str, key: str) -> dict[int, int]:
    theirs: dict[Any, Any] = dict(writer.exec_driver_sql(f"SELECT {key}, id FROM {table}").all())
    return {
        int(local_id): int(theirs[value])
        for local_id, value in reader.exec_driver_sql(f"SELECT id, {key} FROM {table}")
        if value in theirs
    }


def _match_partners(reader: Connection, writer: Connection) -> dict[int, int]:
    """Local partner id -> team partner id, for partners sharing an IOR number."""
    theirs: dict[Any, Any] = dict(
        writer.exec_driver_sql("SELECT ior_number, partner_id FROM partner_ior").all()
    )
    matched: dict[int, int] = {}
    for partner_id, ior in reader.exec_driver_sql("SELECT partner_id, ior_number FROM partner_ior"):
        if ior in theirs:
            matched.setdefault(int(partner_id), int(theirs[ior]))
    return matched


def _next_ids(writer: Connection, table: str, count: int) -> list[int]:
    if count == 0:
        return []
    return [
        int(n)
        for n in writer.execute(
            text("SELECT nextval(pg_get_serial_sequence(:t, 'id')) FROM generate_series(1, :n)"),
            {"t": table, "n": count},
        ).scalars()
    ]


def _remap(
    table: Table, names: Sequence[str], row: Sequence[Any], ids: dict[str, dict[int, int]]
) -> tuple[Any, ...]:
    values = list(row)
    for position, name in enumerate(names):
        if name == "id":
            values[position] = ids[table.name][int(row[position])]
            continue
        target = REFERENCES.get(name)
        if target and values[position] is not None and target in ids:
            values[position] = ids[target].get(int(values[position]), values[position])
    if "record_id" in names:  # audit_log / import_change point at any table
        at, of = names.index("record_id"), names.index("table_name")
        values[at] = ids.get(str(row[of]), {}).get(int(row[at]), row[at])
    return tuple(values)


# A merged partner may already have these: the team database's rows win.
_NATURAL_KEYS = {
    "partner_ior": ("ior_number",),
    "partner_filer_code": ("partner_id", "filer_code"),
    "monthly_volume": ("partner_id", "month"),
    "center_coverage": ("center_id", "hts_prefix"),
}


def _drop_clashes(
    writer: Connection, table: Table, names: Sequence[str], rows: list[tuple[Any, ...]]
) -> list[tuple[Any, ...]]:
    key = _NATURAL_KEYS.get(table.name)
    if key is None or not rows:
        return rows
    there = {
        tuple(str(v) for v in r)
        for r in writer.exec_driver_sql(f"SELECT {', '.join(key)} FROM {table.name}")
    }
    positions = [names.index(k) for k in key]
    return [r for r in rows if tuple(str(r[p]) for p in positions) not in there]


# Records of a merged partner that the team database holds as many times already are not
# added again, so merging the same file twice adds nothing. Touch points match as the
# import matches them: partner, date, kind and entry number, or port when there is none.
_REPEAT_KEYS = {"touch_point": ("partner_id", "occurred_on", "kind", "entry_number", "port_code")}


def _repeat_key(table: str, values: Sequence[Any]) -> tuple[str, ...]:
    key = tuple("" if v is None else str(v) for v in values)
    if table == "touch_point":
        partner, day, kind, entry, port = key
        return (partner, day, kind, "entry", entry) if entry else (partner, day, kind, "port", port)
    return key


def _drop_repeats(
    writer: Connection,
    table: Table,
    names: Sequence[str],
    rows: list[tuple[Any, ...]],
    merged: set[int],
) -> list[tuple[Any, ...]]:
    key = _REPEAT_KEYS.get(table.name)
    if key is None or not rows or not merged:
        return rows
    there = Counter(
        _repeat_key(table.name, r)
        for r in writer.execute(
            text(f"SELECT {', '.join(key)} FROM {table.name} WHERE partner_id = ANY(:ids)"),
            {"ids": sorted(merged)},
        )
    )
    positions = [names.index(k) for k in key]
    kept = []
    for row in rows:
        found = _repeat_key(table.name, [row[p] for p in positions])
        if there[found] > 0:
            there[found] -= 1
        else:
            kept.append(row)
    return kept
