"""Copy a local database into a team database: every table, audit history included, in one go.

Into an empty team database the records keep their identifiers (the id
sequences are moved past them afterwards). With ``merge`` the team database
may already hold records: a partner whose IOR number is already there is the
same partner, Centers match by code and Account Executives by e-mail. Other
records match by a natural key (``_KEYS``): one already there is not added
again (merging the same file twice adds nothing) and takes the local values
only when it was changed locally after the team's copy; the rest get new
identifiers, with their references following. The whole copy is one
transaction on the team database: all or nothing.
"""

from __future__ import annotations

import tempfile
from collections import deque
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from sqlalchemy import Connection, DateTime, Engine, Table, text
from sqlmodel import SQLModel

from trusted_trader.domain.errors import ConflictError, ValidationError
from trusted_trader.services.entry_volumes import refresh_derived
from trusted_trader.services.team_copy_access import (
    check_member_merge,
    record_member_merge,
    unseen_ior,
)
from trusted_trader.store import models  # noqa: F401  (registers the tables)
from trusted_trader.store.bulk import (
    reset_table_sequence,
    row_security_active,
    update_from_arrays,
    write_rows,
)
from trusted_trader.store.engine import sqlite_path
from trusted_trader.store.migrate import open_database, open_snapshot

Progress = Callable[[str], None]
CHUNK = 50_000
# Rows the app seeds itself: an "empty" team database may already hold them.
SEEDED_TABLES = ("center", "center_coverage")
HISTORY_TABLES = ("audit_log", "import_change")
# What a team member's merge leaves out: the Centers and Account Executives are matched,
# never added (directors keep that list), and the file's history is not theirs to sign.
NOT_BY_MEMBERS = ("center", "center_coverage", "account_executive", "import_batch",
                  *HISTORY_TABLES)  # fmt: skip
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
    already_there: dict[str, int] = field(default_factory=dict)  # rows not added (merge)
    updated: dict[str, int] = field(default_factory=dict)  # of those, changed here later

    @property
    def rows(self) -> int:
        """How many rows were copied, all tables together."""
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
    # The file is read through a private copy: an older file is upgraded there, not in place.
    with tempfile.TemporaryDirectory(prefix="trusted-trader-copy-") as folder:
        source = open_snapshot(path, Path(folder))
        try:
            target = open_database(target_url)
        except BaseException:
            source.dispose()
            raise
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
        member = row_security_active(writer, "partner")
        if merge and busy:
            try:
                return _merge(reader, writer, tables, say, member=member)
            except Exception as exc:
                if member and (unseen := unseen_ior(exc, reader)) is not None:
                    raise unseen from exc
                raise
        if member:
            raise ConflictError(
                "Only the owner of the team database copies a file into it while it is "
                "empty; a team member adds their records with --merge afterwards."
            )
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
        count = write_rows(writer, table, names, _read(reader, table.name, names))
        reset_table_sequence(writer, table)
        result.tables[table.name] = count
        say(f"{table.name}: {count:,} rows")
    entered = writer.exec_driver_sql("SELECT DISTINCT partner_id FROM customs_entry").scalars()
    _recount_volumes(writer, [int(pid) for pid in entered], say)
    return result


def _recount_volumes(writer: Connection, partner_ids: list[int], say: Progress) -> None:
    """The volumes of partners whose entries came are counted here, not taken from the copy."""
    if partner_ids:
        refresh_derived(writer, partner_ids)
        say(f"volumes counted again from the entries of {len(partner_ids):,} partners")


def _read(reader: Connection, table: str, names: Sequence[str]) -> Iterator[Sequence[Any]]:
    """Rows as the driver gives them: ISO text for dates suits COPY and skips conversions."""
    cursor = reader.exec_driver_sql(f"SELECT {', '.join(names)} FROM {table} ORDER BY id")
    while rows := cursor.fetchmany(CHUNK):
        yield from rows


# -- merging into a team database that already holds records --------------------------------


def _merge(
    reader: Connection, writer: Connection, tables: list[Table], say: Progress, *, member: bool
) -> CopyResult:
    result = CopyResult()
    ids: dict[str, dict[int, int]] = {}
    ids["center"] = _match(reader, writer, "center", "code")
    ids["account_executive"] = _match(reader, writer, "account_executive", "email")
    ids["partner"] = _match_partners(reader, writer)
    result.merged_partners = len(ids["partner"])
    if member:  # all or nothing: every partner the member may not hold, named, first
        check_member_merge(reader, writer, ids)
        tables = [t for t in tables if t.name not in NOT_BY_MEMBERS]
    # Team records that local ones turned out to be: only under these can a child repeat.
    onto = {table: set(mapping.values()) for table, mapping in ids.items()}
    entered: set[int] = set()  # team ids of the partners whose entries come
    for table in tables:
        names = [c.name for c in table.columns]
        known = ids.setdefault(table.name, {})
        at = names.index("id")
        incoming = [
            _remap(table, names, r, ids)
            for r in _spelled_out(table, names, _read(reader, table.name, names))
            if int(r[at]) not in known
        ]
        if table.name == "customs_entry":
            entered.update(int(r[names.index("partner_id")]) for r in incoming)
        kept, newer = _drop_repeats(writer, table, names, incoming, onto, known)
        result.already_there[table.name] = len(incoming) - len(kept)
        result.updated[table.name] = _overwrite(writer, table, names, newer)
        new_ids = _next_ids(writer, table.name, len(kept))
        known.update({int(r[at]): new for r, new in zip(kept, new_ids, strict=True)})
        rows = [(*r[:at], new, *r[at + 1 :]) for r, new in zip(kept, new_ids, strict=True)]
        result.tables[table.name] = write_rows(writer, table, names, rows)
        say(f"{table.name}: {result.tables[table.name]:,} rows added")
    _recount_volumes(writer, sorted(entered), say)
    if member:
        record_member_merge(reader, writer, ids["partner"])
    return result


def _spelled_out(
    table: Table, names: Sequence[str], rows: Iterable[Sequence[Any]]
) -> Iterator[Sequence[Any]]:
    """An import's run of created records (ids first..last) as one row per record.

    Merged records get new team ids one by one, so a run of local ids need not stay a
    run; each record's change is remapped on its own.
    """
    if table.name != "import_change":
        yield from rows
        return
    first, last = names.index("record_id"), names.index("last_record_id")
    for row in rows:
        if row[last] is None:
            yield row
            continue
        for record_id in range(int(row[first]), int(row[last]) + 1):
            values = list(row)
            values[first], values[last] = record_id, None
            yield values


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
    """The row with its references moved to team ids; its own id stays the local one."""
    values = list(row)
    for position, name in enumerate(names):
        target = REFERENCES.get(name)
        if target and values[position] is not None and target in ids:
            values[position] = ids[target].get(int(values[position]), values[position])
    if "record_id" in names:  # audit_log / import_change point at any table
        at, of = names.index("record_id"), names.index("table_name")
        values[at] = ids.get(str(row[of]), {}).get(int(row[at]), row[at])
    if "source_digest" in names:  # an entry's digest is bound to its local partner id
        values[names.index("source_digest")] = None
    return tuple(values)


@dataclass(frozen=True)
class _Key:
    """What makes a record the same record in two databases."""

    columns: tuple[str, ...]
    # The column naming the parent (partner, plan, import) a repeat can only be under, when
    # the parent was already in the team database; None: look through the whole table.
    within: str | None = None
    # Whether a record changed here after the team's copy was last changed replaces it.
    newer_wins: bool = True


# A local record whose key the team database already holds is not added: its id maps onto
# the team's record (so its children, and its history, follow that record). When the local
# record was changed later than the team's (updated_at), its values replace the team's;
# otherwise the team's stay. Keys match one for one: two alike touch points here and one
# there add one. IOR numbers and Center coverage always keep the team's row.
# Touch points match as the import matches them: partner, date, kind and entry number,
# or port when there is none.
_KEYS = {
    "center_coverage": _Key(("center_id", "hts_prefix"), "center_id", newer_wins=False),
    "partner_ior": _Key(("ior_number",), newer_wins=False),
    "partner_filer_code": _Key(("partner_id", "filer_code"), "partner_id"),
    "monthly_volume": _Key(("partner_id", "month"), "partner_id"),
    "contact": _Key(("partner_id", "name", "email"), "partner_id"),
    "program_enrollment": _Key(("partner_id", "program", "foreign_program"), "partner_id"),
    "engagement_plan": _Key(("partner_id", "period_start", "period_end", "title"), "partner_id"),
    "plan_risk_area": _Key(("plan_id", "area"), "plan_id"),
    "plan_objective": _Key(("plan_id", "description"), "plan_id"),
    "plan_action_item": _Key(("plan_id", "description", "due_on"), "plan_id"),
    "plan_review": _Key(("plan_id", "review_on"), "plan_id"),
    "touch_point": _Key(
        ("partner_id", "occurred_on", "kind", "entry_number", "port_code"), "partner_id"
    ),
    "engagement_activity": _Key(("partner_id", "occurred_on", "kind"), "partner_id"),
    "facilitation": _Key(("partner_id", "occurred_on", "kind"), "partner_id"),
    "customs_entry": _Key(("entry_number",)),
    "port_volume": _Key(("partner_id", "month", "port_code"), "partner_id"),
    "import_batch": _Key(("file_name", "started_at", "actor")),
    "import_change": _Key(("batch_id", "table_name", "record_id", "action"), "batch_id"),
    # history of a record: within the (table, record) pairs the local entries point at
    "audit_log": _Key(("at", "actor", "action", "table_name", "record_id"), "record_id"),
}


def _drop_repeats(
    writer: Connection,
    table: Table,
    names: Sequence[str],
    rows: list[tuple[Any, ...]],
    onto: dict[str, set[int]],
    known: dict[int, int],
) -> tuple[list[tuple[Any, ...]], list[tuple[Any, ...]]]:
    """The rows to add, and those to write over the team's (under the team's ids).

    ``known`` maps every row the team database holds already onto the team's id.
    """
    key = _KEYS.get(table.name)
    if key is None or not rows:
        return rows, []
    positions = [names.index(c) for c in key.columns]
    spell = _spellers(table, key)
    stamped = key.newer_wins and "updated_at" in names
    there = _team_keys(writer, table.name, key, spell, _scope(key, names, rows, onto), stamped)
    at = names.index("id")
    kept, newer = [], []
    for row in rows:
        found = there.get(_key_of(table.name, spell, [row[p] for p in positions]))
        if not found:
            kept.append(row)
            continue
        team_id, team_changed = found.popleft()
        known[int(row[at])] = team_id
        onto.setdefault(table.name, set()).add(team_id)
        if stamped and _instant(row[names.index("updated_at")]) > team_changed:
            newer.append((*row[:at], team_id, *row[at + 1 :]))
    return kept, newer


def _overwrite(
    writer: Connection, table: Table, names: Sequence[str], rows: list[tuple[Any, ...]]
) -> int:
    """Write the rows' values over the team's records of the same id, bumping their version."""
    if not rows:
        return 0
    return update_from_arrays(writer, table, names, rows)


def _scope(
    key: _Key, names: Sequence[str], rows: list[tuple[Any, ...]], onto: dict[str, set[int]]
) -> dict[str, Any] | None:
    """Parameters naming where repeats can be; None when they can be nowhere."""
    if key.within is None:
        return {}
    if key.within == "record_id":
        of, at = names.index("table_name"), names.index("record_id")
        pairs = sorted({(str(r[of]), int(r[at])) for r in rows})
        return {"tables": [p[0] for p in pairs], "records": [p[1] for p in pairs]}
    parents = onto.get(REFERENCES[key.within])
    return {"parents": sorted(parents)} if parents else None


def _team_keys(
    writer: Connection,
    table: str,
    key: _Key,
    spell: list[Callable[[Any], str]],
    scope: dict[str, Any] | None,
    stamped: bool,
) -> dict[tuple[str, ...], deque[tuple[int, str]]]:
    """The team's records by key, each as its id and when it was last changed."""
    if scope is None:
        return {}
    changed = "updated_at" if stamped else "NULL"
    sql = f"SELECT id, {changed}, {', '.join(key.columns)} FROM {table}"
    if key.within == "record_id":
        sql += (
            " WHERE (table_name, record_id) IN (SELECT * FROM unnest("
            "CAST(:tables AS text[]), CAST(:records AS bigint[])))"
        )
    elif key.within is not None:
        sql += f" WHERE {key.within} = ANY(:parents)"
    there: dict[tuple[str, ...], deque[tuple[int, str]]] = {}
    for team_id, when, *values in writer.execute(text(sql + " ORDER BY id"), scope):
        there.setdefault(_key_of(table, spell, values), deque()).append(
            (int(team_id), _instant(when))
        )
    return there


def _spellers(table: Table, key: _Key) -> list[Callable[[Any], str]]:
    """One way to write each key column, whichever database the value came from."""
    return [_instant if table.c[c].type._type_affinity is DateTime else _plain for c in key.columns]


def _plain(value: Any) -> str:
    return "" if value is None else str(value)


def _instant(value: Any) -> str:
    # SQLite gives UTC text without a zone, PostgreSQL an aware datetime.
    if value is None:
        return ""
    moment = value if isinstance(value, datetime) else datetime.fromisoformat(str(value))
    if moment.tzinfo is not None:
        moment = moment.astimezone(UTC).replace(tzinfo=None)
    return moment.isoformat(" ", "microseconds")


def _key_of(
    table: str, spell: Sequence[Callable[[Any], str]], values: Sequence[Any]
) -> tuple[str, ...]:
    key = tuple(s(v) for s, v in zip(spell, values, strict=True))
    if table == "touch_point":
        partner, day, kind, entry, port = key
        return (partner, day, kind, "entry", entry) if entry else (partner, day, kind, "port", port)
    return key
