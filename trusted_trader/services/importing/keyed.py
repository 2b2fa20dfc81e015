"""Upsert of records matched by a natural key: touch points and monthly volumes."""

from __future__ import annotations

import json
from array import array
from bisect import bisect_left
from collections import Counter
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from sqlalchemy import Date, Table, bindparam, func, select, update
from sqlalchemy.dialects import postgresql
from sqlmodel import SQLModel, col

from trusted_trader.domain.enums import ImportKind
from trusted_trader.domain.errors import Problem
from trusted_trader.services.importing.access import EditRights, edit_rights
from trusted_trader.services.importing.rows import facilitation_row, touch_point_row, volume_row
from trusted_trader.services.importing.run import ImportRun, ParsedRow
from trusted_trader.services.importing.stored import (
    SEVERAL,
    Sources,
    picker,
    source_digests,
    stored_digests,
)
from trusted_trader.services.importing.touch_digest import (
    KnownRows,
    RowDigest,
    Skipped,
    source_digest,
)
from trusted_trader.store.bulk import bulk_insert, copy_with_new_ids, table_of, timestamp_text
from trusted_trader.store.models import (
    FacilitationEntry,
    MonthlyVolume,
    Partner,
    PartnerIor,
    TouchPoint,
    utc_now,
)

Key = tuple[Any, ...]
_LOOKUP_KEYS = 500  # natural keys per lookup query: well under SQLite's bound-variable limit
# Reading the digests of a whole table costs about what looking up a tenth of its keys
# does (some 2 µs a record against 20 a key); once an import has looked up a sixteenth
# (LOOKUPS_PER_SCAN), the rest of the file is compared with digests instead. Above
# SCAN_LIMIT records the digests would take too much memory (about 140 bytes a record,
# 45 MB more while they are read): keys are looked up.
LOOKUPS_PER_SCAN = 16
SCAN_LIMIT = 2_000_000


def touch_point_key(partner_id: int, at: Sequence[Any]) -> Key:
    """Partner + date + kind + entry number, or + port when there is no entry number."""
    day, kind, entry, port = at  # the kind's key_columns, in order
    if entry:
        return (partner_id, day, kind, "entry", entry)
    return (partner_id, day, kind, "port", port)


def facilitation_key(partner_id: int, at: Sequence[Any]) -> Key:
    """Partner + date + kind."""
    return (partner_id, at[0], at[1])


def volume_key(partner_id: int, at: Sequence[Any]) -> Key:
    """Partner + month."""
    return (partner_id, at[0])


@dataclass(frozen=True)
class KeyedKind:
    """A kind of record an import upserts by a natural key (touch points, volumes)."""

    model: type[SQLModel]
    parse: Callable[[Mapping[str, Any]], tuple[str, dict[str, Any]]]
    names: tuple[str, ...]  # what ``parse`` returns for a row, in the order rows travel
    # The upsert key, written once: ``key`` turns a partner id and the values of
    # ``key_columns`` (in that order) into the key a stored record and a row share.
    key_columns: tuple[str, ...]
    key: Callable[[int, Sequence[Any]], Key]
    lookup: tuple[str, ...]  # the leading key columns that narrow the lookup (indexed)
    fields: tuple[str, ...]  # the columns a file may change, by the file's column name
    what: str
    # Of ``fields``, those every row sets whatever columns the file holds.
    implied: tuple[str, ...] = ()
    # Whether a record keeps the digest of the cells it was imported from (source_digest).
    digested: bool = False


KEYED_KINDS: dict[str, KeyedKind] = {
    ImportKind.TOUCH_POINTS: KeyedKind(
        model=TouchPoint,
        parse=touch_point_row,
        names=(
            "occurred_on", "kind", "port_code", "hts_number", "outcome", "agency",
            "closed_on", "entry_number", "notes", "response_due", "selection",
        ),
        key_columns=("occurred_on", "kind", "entry_number", "port_code"),
        key=touch_point_key,
        lookup=("occurred_on", "kind"),
        fields=(
            "port_code", "entry_number", "hts_number", "agency", "outcome", "notes", "selection",
        ),
        what="date, kind and entry number (or port)",
        digested=True,
    ),
    ImportKind.VOLUMES: KeyedKind(
        model=MonthlyVolume,
        parse=volume_row,
        names=("month", "entries", "entered_value_usd", "reported"),
        key_columns=("month",),
        key=volume_key,
        lookup=("month",),
        fields=("entries", "entered_value_usd", "reported"),
        what="month",
        # An imported total is a reported one, also in a month only entries gave so far.
        implied=("reported",),
    ),
    ImportKind.FACILITATION: KeyedKind(
        model=FacilitationEntry,
        parse=facilitation_row,
        names=("occurred_on", "kind", "description"),
        key_columns=("occurred_on", "kind"),
        key=facilitation_key,
        lookup=("occurred_on", "kind"),
        fields=("description",),
        what="date and kind",
    ),
}  # fmt: skip

# A checked row travels as (IOR number, values, digest of its cells or None) with the
# values a tuple in the order of its kind's ``names``: a dict per row would cost more to
# build, send and read than the writing of it. Its key is made from the positions of the
# key columns in that tuple.
RowKey = Callable[[int, Sequence[Any]], Key]


def row_key(kind: KeyedKind) -> RowKey:
    """The key of a travelling row (a values tuple in ``kind.names`` order)."""
    pick = picker([kind.names.index(name) for name in kind.key_columns])
    key = kind.key

    def keyed(partner_id: int, values: Sequence[Any]) -> Key:
        return key(partner_id, pick(values))

    return keyed


def stored_key(kind: KeyedKind, stored: Mapping[str, Any]) -> Key:
    """The key of a stored record (by column name)."""
    return kind.key(stored["partner_id"], [stored[name] for name in kind.key_columns])


def keyed_handler(kind: str, mapped: Sequence[str]) -> KeyedHandler:
    """The handler that upserts rows of ``kind`` whose ``mapped`` columns the file holds."""
    keyed = KEYED_KINDS[kind]
    return KeyedHandler(keyed, [*mapped, *keyed.implied])


def checked_row(kind: str, cells: Mapping[str, Any]) -> tuple[str, tuple[Any, ...]]:
    """One row checked by ``kind``'s parser: (IOR number, values tuple); the reader adds
    the digest of its cells."""
    keyed = KEYED_KINDS[kind]
    ior, values = keyed.parse(cells)
    return ior, _IN_ORDER[keyed.names](values)


# A kind's values by name → the tuple in its ``names`` order (a million rows a file).
_IN_ORDER = {keyed.names: picker(keyed.names) for keyed in KEYED_KINDS.values()}


Values = tuple[Any, ...]
Keyed = tuple[Key, ParsedRow, int, Values]  # key, row, partner id, values
Update = tuple[dict[str, Any], Values, Any]  # stored, values, digest of the row's cells


@dataclass
class _Plan:
    # Partner id, then the values (and the source digest, for a kind that keeps one).
    creates: list[Values] = field(default_factory=list)
    updates: list[Update] = field(default_factory=list)
    rows: list[tuple[Key, int, Values]] = field(default_factory=list)  # both, in order


class KeyedHandler:
    """Parses rows, finds existing records one query per chunk, writes the rest in bulk.

    A file most of whose keys are stored already (a re-import, an overlapping export)
    is compared with the digests of the stored records, read once (see ``stored``):
    only rows that differ from their record are looked up and written.
    """

    def __init__(self, kind: KeyedKind, mapped: Sequence[str]) -> None:
        self.kind = kind
        self.table_obj: Table = table_of(kind.model)
        self.table = self.table_obj.name
        # Only the columns the file has are compared and changed.
        self.fields = [f for f in kind.fields if f in mapped]
        at = {name: i for i, name in enumerate(kind.names)}
        self._row_key = row_key(kind)
        self._compared = [at[f] for f in self.fields]
        self._compare = picker(self._compared)
        self._field_at = list(zip(self.fields, self._compared, strict=True))  # name, position
        self._partners: dict[str, int] = {}
        self._rights = EditRights()
        self._first_new_id: int | None = None
        self._seen: dict[Key, tuple[int, int, Values]] = {}  # number, partner id, values
        self._touched: set[int] = set()
        # Which keys can be in the table already: those of partners that had records of
        # this kind before the import, and those this import wrote (kept as hashes, a few
        # bytes each even for a million rows). Only they are looked up; the others are new.
        self._had_records: set[int] = set()
        self._written: set[int] = set()
        # Once an all-or-nothing import has rejected a row nothing more is written, but
        # the rest of the file is still checked: rows it would have written, by key hash,
        # with their row number and a hash of their values, to find later repeats.
        self._unwritten: dict[int, tuple[int, int]] = {}
        self._stored_count = 0
        self._looked_up = 0
        self._digests: dict[int, int] | None = None  # hash(key) → digest of its record
        # Touch points: the digest of a row's cells, stored with the record written from
        # it; the stored digests the reader matched rows with (see ``known_rows``), and
        # for each, the first row it counted unchanged (0: none) and any later ones.
        self._cells = RowDigest(list(mapped)) if kind.digested else None
        self._kept = ("source_digest",) if kind.digested else ()  # columns besides the values
        self._sources: Sources | None = None
        self._firsts = array("q")
        self._again: dict[int, list[int]] = {}
        self._skips = 0
        # Rows found equal to their record by its values, not by the digest of their cells
        # (a record imported before digests, or checked by another release): that digest
        # is stored with the record, so that the next import of the file need not check them.
        self._vouched: list[tuple[Key, int]] = []  # key, digest of the row's cells
        self._fresh: list[tuple[int, int, int]] = []  # record id, its version, digest

    def parse(self, cells: Mapping[str, Any]) -> tuple[str, Values, int | None]:
        """A checked row as it travels: (IOR number, values tuple, digest of its cells)."""
        ior, values = self.kind.parse(cells)
        raw = None if self._cells is None else self._cells.of_named(cells)
        return ior, _IN_ORDER[self.kind.names](values), raw

    def known_rows(self, run: ImportRun) -> KnownRows | None:
        """The stored touch points' digests for the reader, read in the one scan of them."""
        self._ready(run)
        if not self.kind.digested or not 0 < self._stored_count <= SCAN_LIMIT:
            return None
        # Only the source digests now, so that the reader starts at once; the stored
        # records' digests (``prepare``) are read while it reads the file.
        self._sources = source_digests(run.uow.connection, self.table_obj)
        self._firsts = array("q", bytes(8 * len(self._sources.ids)))
        refused = self._rights.refused
        partners = {ior: p for ior, p in self._partners.items() if not refused or p not in refused}
        return KnownRows(self._sources.digests, partners)

    def skipped(self, run: ImportRun, rows: Skipped) -> None:
        """Rows the reader found equal to the record their digest vouches for: unchanged,
        unless an earlier row of the file changed (or would have changed) that record."""
        assert self._sources is not None
        written, unwritten = self._written, self._unwritten
        if (written or unwritten) and self._digests is None:  # the keys are needed now
            self._digests = self._read_digests(run)
        keys, firsts, again = self._sources.keys, self._firsts, self._again
        unchanged = 0
        for number, at in zip(rows.numbers, rows.at, strict=True):
            hashed = keys[at]
            if hashed in written:
                self._reject_repeat(run, ParsedRow(number, None, None), "an earlier row")
            elif (hit := unwritten.get(hashed)) is not None:
                self._reject_repeat(run, ParsedRow(number, None, None), f"row {hit[0]}")
            else:
                if firsts[at]:
                    again.setdefault(at, []).append(number)
                else:
                    firsts[at] = number
                unchanged += 1
        self._skips += unchanged
        run.counts["unchanged"] += unchanged

    def write(self, run: ImportRun, chunk: list[ParsedRow]) -> None:
        """Create or update the chunk's records, one lookup query per few hundred keys."""
        if not chunk:
            return
        self._ready(run)
        # With the reader matching rows by their source digest, the stored records'
        # digests are read once a row comes that it did not match (none may come).
        if self._digests is None and (self._sources is not None or self._worth_reading()):
            self._digests = self._read_digests(run)
        keyed, maybe = self._keyed(run, chunk)
        if self._digests is None:
            self._looked_up += len(maybe)
        existing = self._existing(run, maybe) if maybe else {}
        plan = self._plan(run, keyed, existing)
        self._seen.clear()
        if run.writing:
            self._create(run, plan.creates)
            self._update(run, plan.updates)
            self._written.update(hash(key) for key, _, _ in plan.rows)
            self._store_digests(run)
        else:
            for key, number, values in plan.rows:
                self._unwritten.setdefault(hash(key), (number, self._digest(values)))
            self._vouched.clear()  # nothing more is written, digests neither
            self._fresh.clear()

    def prepare(self, run: ImportRun) -> None:
        """What the import needs from the store, read while the first rows are read.

        The driver calls this as soon as a second process reads the file (a large
        file): the stored records' digests are read then, at no cost in time, unless
        the table is too large to keep them, or the reader matches rows by their source
        digests (``known_rows``): then only once a row comes that it did not match.
        """
        self._ready(run)
        if self._digests is None and self._sources is None and 0 < self._stored_count <= SCAN_LIMIT:
            self._digests = self._read_digests(run)

    def _ready(self, run: ImportRun) -> None:
        """Once per import: where new ids start, every partner's IOR numbers, who has records."""
        if self._first_new_id is not None:
            return
        conn = run.uow.connection
        # Ids only grow: a record with a larger id was made by this import.
        newest = conn.execute(select(func.max(self.table_obj.c.id))).scalar()
        self._first_new_id = int(newest or 0) + 1
        stmt = (
            select(col(PartnerIor.ior_number), col(PartnerIor.partner_id))
            .join(Partner, col(Partner.id) == col(PartnerIor.partner_id))
            .where(col(Partner.deleted_at).is_(None))
        )
        self._partners = {ior: int(pid) for ior, pid in conn.execute(stmt)}
        self._rights = edit_rights(conn)
        owners = select(self.table_obj.c.partner_id).distinct()
        self._had_records = {int(pid) for pid in conn.execute(owners).scalars()}
        count = select(func.count()).select_from(self.table_obj)
        self._stored_count = int(conn.execute(count).scalar_one())

    def _keyed(self, run: ImportRun, chunk: list[ParsedRow]) -> tuple[list[Keyed], list[Key]]:
        """The chunk's rows with their keys, less those equal to their record; keys to look up.

        Without digests, the keys of partners that had records and those this import
        wrote are looked up. With them, only keys whose digest differs: the first row of
        a key whose digest is its record's is unchanged, counted and remembered as any
        row is, for later rows of the same key.
        """
        keyed: list[Keyed] = []
        maybe: list[Key] = []
        partners, row_key, compare = self._partners, self._row_key, self._compare
        refused, digests, had = self._rights.refused, self._digests, self._had_records
        written, unwritten, seen = self._written, self._unwritten, self._seen
        # A row the reader sent though it equals its record has no digest that matches:
        # its digest is kept with the record. Read on a thread, no row was matched by its
        # digest, so such a row's may well match already: not worth a look-up per row.
        vouch = self._vouched.append if self._sources is not None else None
        met: set[Key] = set()  # the keys of this chunk's earlier rows
        unchanged = 0
        for row in chunk:
            ior, values, raw = row.value
            partner_id = partners.get(ior)
            if partner_id is None or (refused and partner_id in refused):
                run.reject(row, [self._rights.ior_problem(ior, partner_id)])
                continue
            key = row_key(partner_id, values)
            hashed = hash(key)
            # A key this import wrote is looked up: its record is no longer as read.
            if hashed in written:
                stored: int | None = SEVERAL
            elif digests is None:
                stored = SEVERAL if partner_id in had else None
            else:
                stored = digests.get(hashed)
            if stored is None:  # no such record: a new one
                keyed.append((key, row, partner_id, values))
            elif (
                stored != SEVERAL
                and stored == hash((key, compare(values)))
                and key not in met
                and hashed not in unwritten
            ):
                seen[key] = (row.number, partner_id, values)
                unchanged += 1
                if vouch is not None and raw is not None:
                    vouch((key, raw))
            else:
                keyed.append((key, row, partner_id, values))
                maybe.append(key)
            met.add(key)
        run.counts["unchanged"] += unchanged
        return keyed, maybe

    def _worth_reading(self) -> bool:
        count = self._stored_count
        return 0 < count <= SCAN_LIMIT and self._looked_up * LOOKUPS_PER_SCAN >= count

    def _read_digests(self, run: ImportRun) -> dict[int, int]:
        conn, kind = run.uow.connection, self.kind
        return stored_digests(
            conn, self.table_obj, kind.key, kind.key_columns, self.fields, self._sources
        )

    def _existing(self, run: ImportRun, keys: list[Key]) -> dict[Key, list[dict[str, Any]]]:
        """The records already stored under these keys: one query per few hundred keys."""
        width = 1 + len(self.kind.lookup)
        narrow = list({key[:width] for key in keys})
        conn = run.uow.connection
        names = list(dict.fromkeys(["id", "version", "partner_id", *self.kind.key_columns,
                                    *self.kind.fields, *self._kept]))  # fmt: skip
        dates = [n for n in names if isinstance(self.table_obj.c[n].type, Date)]
        found: dict[Key, list[dict[str, Any]]] = {}
        for start in range(0, len(narrow), _LOOKUP_KEYS):
            part = narrow[start : start + _LOOKUP_KEYS]
            sql, params = self._lookup_sql(conn.dialect.paramstyle, names, part)
            for record in conn.exec_driver_sql(sql, params):
                stored = dict(zip(names, record, strict=True))
                for name in dates:
                    if isinstance(stored[name], str):
                        stored[name] = date.fromisoformat(stored[name])
                found.setdefault(stored_key(self.kind, stored), []).append(stored)
        return found

    def _lookup_sql(
        self, paramstyle: str, names: list[str], keys: list[Key]
    ) -> tuple[str, tuple[Any, ...]]:
        """A join on a list of VALUES: the database searches its index once per key.

        Written by hand because a row-value IN makes SQLite scan the whole index, and
        SQLAlchemy takes longer to compile a VALUES list of many rows than to run it.
        """
        mark = "?" if paramstyle == "qmark" else "%s"
        lookup = ("partner_id", *self.kind.lookup)
        if mark == "%s":  # PostgreSQL: one array per column keeps the statement short
            return self._lookup_arrays(names, lookup, keys)
        row = "(" + ", ".join(mark for _ in lookup) + ")"
        aliases = ", ".join(f"k{i}" for i in range(len(lookup)))
        on = " AND ".join(f"t.{name} = w.k{i}" for i, name in enumerate(lookup))
        sql = (
            f"WITH w({aliases}) AS (VALUES {', '.join(row for _ in keys)}) "
            f"SELECT {', '.join('t.' + n for n in names)} FROM {self.table} AS t JOIN w ON {on}"
        )
        if mark == "?":  # SQLite keeps dates as ISO text
            return sql, tuple(_plain(v) for key in keys for v in key)
        return sql, tuple(v for key in keys for v in key)

    def _lookup_arrays(
        self, names: list[str], lookup: tuple[str, ...], keys: list[Key]
    ) -> tuple[str, tuple[Any, ...]]:
        aliases = ", ".join(f"k{i}" for i in range(len(lookup)))
        on = " AND ".join(f"t.{name} = w.k{i}" for i, name in enumerate(lookup))
        dialect = postgresql.dialect()  # type: ignore[no-untyped-call]
        arrays = ", ".join(
            f"%s::{self.table_obj.c[name].type.compile(dialect=dialect)}[]" for name in lookup
        )
        sql = (
            f"SELECT {', '.join('t.' + n for n in names)} FROM {self.table} AS t "
            f"JOIN unnest({arrays}) AS w({aliases}) ON {on}"
        )
        return sql, tuple(list(column) for column in zip(*keys, strict=True))

    def _plan(
        self, run: ImportRun, keyed: list[Keyed], existing: Mapping[Key, list[dict[str, Any]]]
    ) -> _Plan:
        plan = _Plan()
        seen = self._seen
        unwritten = self._unwritten
        unchanged = 0
        for key, row, partner_id, values in keyed:
            earlier = seen.get(key)
            if earlier is None and unwritten and (hit := unwritten.get(hash(key))) is not None:
                if hit[1] == self._digest(values):
                    unchanged += 1
                else:
                    self._reject_repeat(run, row, f"row {hit[0]}")
                continue
            stored = existing.get(key)
            if earlier is None and stored is None:  # the common case of a new record
                seen[key] = (row.number, partner_id, values)
                plan.creates.append(self._created(partner_id, row))
                plan.rows.append((key, row.number, values))
                continue
            stored = stored or []
            repeated = [s for s in stored if self._made_here(s["id"])]
            if earlier is not None:
                if self._compare(earlier[2]) == self._compare(values):
                    unchanged += 1
                else:
                    self._reject_repeat(run, row, f"row {earlier[0]}")
                continue
            if repeated:
                if self._same(repeated[0], values):
                    unchanged += 1
                else:
                    self._reject_repeat(run, row, "an earlier row")
                continue
            skipped = self._skipped_row(stored)
            if skipped is not None and skipped[0] < row.number:  # a repeat of that row
                if any(self._same(s, values) for s in stored):
                    unchanged += 1
                else:
                    self._reject_repeat(run, row, f"row {skipped[0]}")
                continue
            seen[key] = (row.number, partner_id, values)
            same = next((s for s in stored if self._same(s, values)), None)
            if same is not None:
                unchanged += 1
                self._vouch_for(same, row.value[2])
                continue
            if stored:
                plan.updates.append((stored[0], values, row.value[2]))
                self._touched.add(stored[0]["id"])
                if skipped is not None:  # later rows that repeat the record's old values
                    self._unskip(run, skipped[1], row.number)
            else:
                plan.creates.append(self._created(partner_id, row))
            plan.rows.append((key, row.number, values))
        run.counts["unchanged"] += unchanged
        return plan

    def _vouch_for(self, stored: Mapping[str, Any], raw: int | None) -> None:
        """The digest of a row found equal to ``stored``, to keep with it where it is not."""
        if self._cells is None or raw is None or self._made_here(stored["id"]):
            return
        digest = source_digest(raw, stored["partner_id"], stored["version"])
        if stored["source_digest"] != digest:
            self._fresh.append((stored["id"], stored["version"], digest))

    def _store_digests(self, run: ImportRun) -> None:
        """Keep with their records the digests of the rows found equal to them: only the
        digest, so neither the version nor a revert is touched."""
        vouched, self._vouched = self._vouched, []
        if vouched:
            existing = self._existing(run, [key for key, _ in vouched])
            for key, raw in vouched:
                records = existing.get(key, [])
                if len(records) == 1:
                    self._vouch_for(records[0], raw)
        fresh, self._fresh = self._fresh, []
        if not fresh:
            return
        c = self.table_obj.c
        stmt = (
            update(self.table_obj)
            .where(c.id == bindparam("_id"), c.version == bindparam("_version"))
            .values(source_digest=bindparam("_digest"))
        )
        params = [{"_id": i, "_version": v, "_digest": d} for i, v, d in fresh]
        run.uow.connection.execute(stmt, params)

    def _skipped_row(self, stored: list[dict[str, Any]]) -> tuple[int, int] | None:
        """The first row the reader counted unchanged by one of these records, and its place."""
        if not self._skips or self._sources is None:
            return None
        ids, firsts = self._sources.ids, self._firsts
        for record in stored:
            at = bisect_left(ids, record["id"])
            if at < len(ids) and ids[at] == record["id"] and firsts[at]:
                return firsts[at], at
        return None

    def _unskip(self, run: ImportRun, at: int, number: int) -> None:
        """Rows counted unchanged that come after row ``number``, which changed their record."""
        rows = [self._firsts[at], *self._again.pop(at, [])]
        self._firsts[at] = 0
        self._skips -= len(rows)
        run.counts["unchanged"] -= len(rows)
        for later in rows:
            self._reject_repeat(run, ParsedRow(later, None, None), f"row {number}")

    def _created(self, partner_id: int, row: ParsedRow) -> Values:
        """A new record's values as written: partner id, values (and source digest)."""
        _, values, raw = row.value
        if self._cells is None:
            return (partner_id, *values)
        return (partner_id, *values, _source(raw, partner_id, 1))

    def _reject_repeat(self, run: ImportRun, row: ParsedRow, where: str) -> None:
        reason = f"repeats {where} of the file (same {self.kind.what}), other values"
        run.reject(row, [Problem("row", "", reason)])

    def _digest(self, values: Values) -> int:
        return hash(self._compare(values))

    def _made_here(self, record_id: int) -> bool:
        assert self._first_new_id is not None
        return record_id >= self._first_new_id or record_id in self._touched

    def _same(self, stored: Mapping[str, Any], values: Values) -> bool:
        return all(stored[name] == values[i] for name, i in self._field_at)

    def _create(self, run: ImportRun, creates: list[Values]) -> None:
        if not creates:
            return
        columns = ("partner_id", *self.kind.names, *self._kept)
        ids = insert_rows(run, self.kind.model, columns, creates)
        run.record_created(self.table, ids)
        for partner_id, count in Counter(row[0] for row in creates).items():
            run.counted(partner_id, created=count)

    def _update(self, run: ImportRun, updates: list[Update]) -> None:
        if not updates:
            return
        c = self.table_obj.c
        stmt = (
            update(self.table_obj)
            .where(c.id == bindparam("_id"))
            .values(
                {
                    **{name: bindparam(f"v_{name}") for name in [*self.fields, *self._kept]},
                    "version": bindparam("_version"),
                    "updated_at": utc_now(),
                }
            )
        )
        names = [(f"v_{name}", i) for name, i in self._field_at]
        params = [
            {"_id": s["id"], "_version": s["version"] + 1, **{name: v[i] for name, i in names}}
            for s, v, _ in updates
        ]
        if self._cells is not None:  # the digest bound to the version written
            for param, (s, _, raw) in zip(params, updates, strict=True):
                param["v_source_digest"] = _source(raw, s["partner_id"], s["version"] + 1)
        run.uow.connection.execute(stmt, params)
        # The digest goes into the record's values before, so that a revert puts it back.
        before = [*self.fields, *self._kept]
        changes = [(s["id"], "update", _before(s, before)) for s, _, _ in updates]
        run.record_changes(self.table, changes)
        for stored, _, _ in updates:
            run.counted(stored["partner_id"], updated=1)


def _source(raw: int | None, partner_id: int, version: int) -> int | None:
    """What a record written from a row of cells digest ``raw`` (None: none) stores."""
    return None if raw is None else source_digest(raw, partner_id, version)


def _before(stored: Mapping[str, Any], fields: Iterable[str]) -> str:
    values = {name: _plain(stored[name]) for name in fields}
    return json.dumps({**values, "version": stored["version"]}, ensure_ascii=False)


def _is_date(table: Table, column: str) -> bool:
    return isinstance(table.c[column].type, Date)


def _plain(value: Any) -> Any:
    return value.isoformat() if isinstance(value, date) else value


def insert_records(run: ImportRun, model: type[SQLModel], rows: list[dict[str, Any]]) -> list[int]:
    """Insert new records given as dicts, in bulk; return their ids, in order."""
    table = table_of(model)
    columns = [name for name in rows[0] if name in table.c]
    return insert_rows(run, model, columns, [[r[c] for c in columns] for r in rows])


def insert_rows(
    run: ImportRun,
    model: type[SQLModel],
    columns: Sequence[str],
    rows: Iterable[Sequence[Any]],
    *,
    text_dates: bool = False,
) -> list[int]:
    """Insert new records, each its values in ``columns`` order; their ids, in order.

    With ``text_dates`` the rows give their dates as ISO text already.
    """
    conn = run.uow.connection
    table = table_of(model)
    if conn.dialect.name == "postgresql":
        return copy_with_new_ids(conn, table, columns, list(rows))
    # SQLite gives a new row the largest id + 1; in one transaction the ids run on.
    newest = int(conn.execute(select(func.max(table.c.id))).scalar() or 0)
    stamp = timestamp_text("sqlite")
    # SQLite keeps dates as ISO text; the other values go in as they are.
    dates = [] if text_dates else [i for i, c in enumerate(columns) if _is_date(table, c)]

    def as_tuple(row: Sequence[Any]) -> Sequence[Any]:
        if not dates:
            return (*row, 1, stamp, stamp)
        values = [*row, 1, stamp, stamp]
        for i in dates:
            if values[i] is not None:
                values[i] = values[i].isoformat()
        return values

    tuples = (as_tuple(r) for r in rows)
    count = bulk_insert(conn, model, [*columns, "version", "created_at", "updated_at"], tuples)
    return list(range(newest + 1, newest + 1 + count))
