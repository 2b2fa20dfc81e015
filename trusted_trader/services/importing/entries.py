"""Import of ACE entry summary lines: the lines of one entry folded into one stored entry.

An entry's lines need not be next to each other in the file, so lines are folded in
memory as they come (a few hundred bytes an entry) and checked against the entry's
earlier lines. Once the file is read, the entries are matched with the stored ones and
created, updated (their earlier values recorded for a revert) or counted unchanged; the
stored entries of the file's partners are read in one pass per few hundred partners, so
an unchanged file costs reading, not lookups. Into a table without entries, entries are
written while the file is still read.
"""

from __future__ import annotations

import json
from array import array
from collections import Counter
from collections.abc import Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date
from functools import lru_cache
from typing import Any

from sqlalchemy import Connection, bindparam, select, update
from sqlalchemy.exc import IntegrityError
from sqlmodel import col

from trusted_trader.domain.errors import ConflictError, Problem
from trusted_trader.services.entry_volumes import refresh_derived
from trusted_trader.services.importing.access import EditRights, edit_rights, partner_iors
from trusted_trader.services.importing.entry_digest import (
    DETAIL_MASK,
    HTS_MASK,
    LINE_SHIFT,
    LINES_SHIFT,
    VALUE_MASK,
    LineDigest,
    chained,
    keyed,
    line_mark,
)
from trusted_trader.services.importing.entry_digest import row_of as _row_of
from trusted_trader.services.importing.entry_reader import RUN_FIELDS, FoldedRun, KnownEntries
from trusted_trader.services.importing.keyed import insert_rows
from trusted_trader.services.importing.rows import day_of, entry_line
from trusted_trader.services.importing.run import ImportRun, ParsedRow, UnknownImporter
from trusted_trader.store.bulk import table_of
from trusted_trader.store.models import CustomsEntry, Partner, utc_now

_MARKS = FoldedRun._fields.index("marks")
# What an entry is compared and written by, after partner_id and entry_number.
STORED = (
    "ior_number", "filer_code", "entry_date", "summary_date", "month", "port_code", "lines",
    "entered_value_usd", "hts_numbers",
)  # fmt: skip
HIDDEN_HOLDER = (
    "Nothing was imported: some entry numbers of the file are held by a partner you cannot "
    "see (of another Center). Ask that Center's director which, or import them from a login "
    "that sees both partners."
)
_BATCH = 500  # keys per lookup statement: well under SQLite's bound-variable limit
Folded = tuple[Any, ...]  # first row, partner id, IOR, entry date, summary date, port,
# lines, entered value, HTS numbers, the lines' marks, the digest of its lines
Values = tuple[Any, ...]  # the STORED values of an entry


# A file's pairs of entry and summary days: a few days apart for each of a few thousand
# days, tens of thousands of pairs at most.
_DAY_PAIRS = 65_536


@lru_cache(maxsize=_DAY_PAIRS)
def _dates(entry_day: int, summary_day: int) -> tuple[date | None, date | None, date]:
    """A line's day numbers as its entry date, summary date and month."""
    entry_date, summary_date = day_of(entry_day), day_of(summary_day)
    dated = entry_date or summary_date
    assert dated is not None  # the row rules require one of them
    return entry_date, summary_date, dated.replace(day=1)


def _day(value: Any) -> date | None:
    """A stored date as a date (SQLite's driver hands ISO text back)."""
    if isinstance(value, str):
        return _iso_day(value)
    return value  # type: ignore[no-any-return]


@lru_cache(maxsize=8192)
def _iso_day(value: str) -> date:
    return date.fromisoformat(value[:10])


class EntriesHandler:
    """Folds a file's lines into entries, then matches and writes them when it is read."""

    table = "customs_entry"

    def __init__(self, mapped: Sequence[str]) -> None:
        # A file without a column leaves that value of a stored entry as it is (a report
        # without HTS numbers does not wipe them).
        self._kept = tuple(
            STORED.index(name) for name, column in _SOURCES.items() if column not in mapped
        )
        self._digest = LineDigest(mapped)
        self._partners: dict[str, int] = {}
        self._rights = EditRights()
        self._prepared = False
        self._entries: dict[str, Folded] = {}
        self._unknown: dict[str, set[str]] = {}
        self._had_entries = False
        self._stored: set[int] | None = None  # see known_entries
        # Entries settled while the file is read (see _write_settled): the lines of the
        # previous chunk's, those written, those found stored unchanged, those a later
        # line changed after they were written, and the partners written to.
        self._recent: dict[str, None] = {}
        self._written: set[str] = set()
        self._matched: set[str] = set()
        self._changed: set[str] = set()
        self._written_partners: set[int] = set()
        self._created: Counter[int] = Counter()  # entries written, by partner
        # Stored entries found unchanged whose digest is not the one of the file's lines
        # (stored before digests were, or the lines came in another order): (id, digest).
        self._digests: list[tuple[int, int]] = []

    def parse(self, cells: Mapping[str, Any]) -> tuple[Any, ...]:
        """A checked line as it travels: (IOR number, values tuple, digest of its cells)."""
        ior, values = entry_line(cells)
        return ior, values, self._digest(cells)

    def known_entries(self, run: ImportRun) -> KnownEntries | None:
        """What the reader needs to count entries unchanged by their digest, if any are stored."""
        self.prepare(run)
        if not self._had_entries:
            return None
        # Every stored number, as this process's hash of it: a settled entry none matches
        # is new without a look-up (a match may be a collision: then it is looked up).
        sql = "SELECT entry_number, source_digest FROM customs_entry"
        driver = run.uow.connection.connection.driver_connection
        cursor = driver.cursor()  # type: ignore[union-attr]  # SQLAlchemy's rows: 5x slower
        try:
            stored = cursor.execute(sql).fetchall()
        finally:
            cursor.close()
        self._stored = {hash(number) for number, _ in stored}
        numbers = [number for number, digest in stored if digest is not None]
        digests = array("q", [digest for _, digest in stored if digest is not None])
        del stored
        refused = self._rights.refused
        partners = {ior: p for ior, p in self._partners.items() if not refused or p not in refused}
        return KnownEntries("\n".join(numbers), digests, partners)

    def prepare(self, run: ImportRun) -> None:
        """Once per import: every partner's IOR numbers, this login's rights, any entries."""
        if self._prepared:
            return
        self._prepared = True
        conn = run.uow.connection
        self._partners = partner_iors(conn)
        self._rights = edit_rights(conn)
        first = conn.execute(select(col(CustomsEntry.id)).limit(1)).first()
        self._had_entries = first is not None

    def write(self, run: ImportRun, chunk: list[ParsedRow]) -> None:
        """Fold the chunk's lines into the entries read so far; write those that seem done."""
        self.prepare(run)
        partners, refused, fold = self._partners, self._rights.refused, self._fold
        touched: dict[str, None] = {}
        for row in chunk:
            if len(row.value) == RUN_FIELDS:
                self._take(run, row.value, touched)
                continue
            partner_id = partners.get(row.value[0])
            if partner_id is None or (refused and partner_id in refused):
                self._refuse(run, row, partner_id)
            else:
                fold(run, row, partner_id)
                touched[row.value[1][0]] = None
        self._write_settled(run, touched)

    def _take(self, run: ImportRun, folded: tuple[Any, ...], touched: dict[str, None]) -> None:
        """An entry's lines the reader folded (a FoldedRun's values): its first lines."""
        entry, first, ior = folded[0], folded[1], folded[2]
        partner_id = self._partners.get(ior)
        refused = self._rights.refused
        if partner_id is None or (refused and partner_id in refused):
            for mark in folded[_MARKS]:
                self._refuse(run, ParsedRow(_row_of(mark), None, (ior, (entry,))), partner_id)
            return
        assert entry not in self._entries  # the reader folds an entry's first lines only
        self._entries[entry] = (first, partner_id, *folded[2:])
        touched[entry] = None

    def _write_settled(self, run: ImportRun, touched: dict[str, None]) -> None:
        """Settle, while the file is still read, the entries no line of this chunk added to:
        write the new ones, count those stored unchanged.

        ACE lists an entry's lines together, so an entry the last chunk left alone is
        most likely complete. One that changed, or that another partner holds, is left
        for the end. A later line of a settled entry is still checked against it; a
        written one is then completed at the end, an unchanged one matched again.
        """
        written, matched = self._written, self._matched
        settled = [
            e for e in self._recent if e not in touched and e not in written and e not in matched
        ]
        self._recent = touched
        if not run.writing or not settled:
            return
        if self._had_entries:
            settled = self._new_among(run, settled)
            _set_digests(run.uow.connection, self._digests)
            self._digests = []
        entries = self._entries
        rows = [_row(e, entries[e]) for e in settled]
        _create(run, rows, self._created)
        self._written.update(settled)
        self._written_partners.update(row[0] for row in rows)

    def _new_among(self, run: ImportRun, candidates: list[str]) -> list[str]:
        """The settled entries not stored at all; those stored unchanged are counted."""
        settled = candidates
        entries, stored = self._entries, set()
        if self._stored is not None:
            known = self._stored
            settled = [e for e in settled if hash(e) in known]
        for batch in _in_batches(settled):
            for record in _select(run.uow.connection, "entry_number", batch):
                number, folded = record[3], entries[record[3]]
                stored.add(number)
                values = _values(number, folded)
                if self._kept:
                    values = _keeping(values, record[4:], self._kept)
                if record[2] == folded[1] and tuple(record[4:-1]) == values:
                    self._matched.add(number)
                    run.counts["unchanged"] += 1
                    _note_digest(self._digests, record, folded)
        return [e for e in candidates if e not in stored]

    def _fold(self, run: ImportRun, row: ParsedRow, partner_id: int) -> None:
        ior, (entry, entry_date, summary_date, port, hts, line, value, lines), cells = row.value
        mark = line_mark(row.number, line, lines, hts, value)
        detail = mark & DETAIL_MASK
        earlier = self._entries.get(entry)
        if earlier is None:  # a run's digest comes on its first line, None on the others
            digest = self._digest.seed if cells is None else chained(self._digest.seed, cells)
            self._entries[entry] = (row.number, partner_id, ior, entry_date, summary_date, port,
                                    lines, value, hts, (mark,), digest)  # fmt: skip
            return
        first, _, ior0, entry0, summary0, port0, lines0, value0, hts0, marks, digest = earlier
        if cells is not None:
            digest = chained(digest, cells)
        problem = None
        if (ior0, entry0, summary0, port0) != (ior, entry_date, summary_date, port):
            problem = _disagreement(
                first, (ior0, entry0, summary0, port0), (ior, entry_date, summary_date, port)
            )
        elif line:
            problem = _repeated_line(marks, line, detail, value)
            if problem is _SAME_LINE:  # the same line with the same values: counted once
                self._entries[entry] = (*earlier[:10], digest)
                return
        if problem is _TARIFF_ROW:  # another tariff number of a line: the line counts once
            lines = 0
            value = 0.0
        elif problem is not None:
            run.reject(row, [problem])
            # The digest of the line's run (on its first line) may cover this line: so
            # that it never vouches for the entry, it is chained with a mark no run gives.
            self._entries[entry] = (*earlier[:10], chained(earlier[10], _REFUSED))
            return
        if entry in self._written:
            self._changed.add(entry)
        elif entry in self._matched:  # not unchanged after all: matched again when settled
            self._matched.discard(entry)
            run.counts["unchanged"] -= 1
        if hts and hts != hts0:  # sorted and made distinct when the entry is written
            hts0 = f"{hts0} {hts}" if hts0 else hts
        self._entries[entry] = (first, partner_id, ior0, entry0, summary0, port0, lines0 + lines,
                                value0 + value, hts0, (*marks, mark), digest)  # fmt: skip

    def _refuse(self, run: ImportRun, row: ParsedRow, partner_id: int | None) -> None:
        """A line of an importer no partner holds, or of a partner this login may not change."""
        ior, values = row.value[:2]
        if partner_id is None:
            self._unknown.setdefault(ior, set()).add(values[0])
        run.reject(row, [self._rights.ior_problem(ior, partner_id)])

    def finish(self, run: ImportRun) -> None:
        """Match the folded entries with the stored ones and write what is new or changed."""
        run.unknown_importers = tuple(
            UnknownImporter(ior, len(entries))
            for ior, entries in sorted(self._unknown.items(), key=lambda i: (-len(i[1]), i[0]))
        )
        entries, self._entries = self._entries, {}
        done = self._written | self._matched
        pending = {e: f for e, f in entries.items() if e not in done} if done else entries
        conn = run.uow.connection
        matching = _Matching(run, pending, self._kept)
        if self._had_entries and pending:  # matched entries leave ``pending``: the rest are new
            matching.match_stored(conn)
            _reject_held(run, conn, matching.held)
        creates = []
        for entry in list(pending):  # each folded entry let go as its row is made
            creates.append(_row(entry, pending.pop(entry)))
        if not run.writing:
            return
        _create(run, creates, self._created)
        for partner_id, count in self._created.items():
            run.counted(partner_id, created=count)
        _update(run, matching.updates)
        _complete(run, [_row(e, entries[e]) for e in sorted(self._changed)])
        _set_digests(conn, matching.digests)
        touched = {row[0] for row in creates} | {s["partner_id"] for s, _ in matching.updates}
        refresh_derived(conn, touched | self._written_partners)


def _complete(run: ImportRun, rows: list[tuple[Any, ...]]) -> None:
    """Entries written while the file was read, to which later lines of the file added."""
    if not rows:
        return
    table = table_of(CustomsEntry)
    # The rest every line repeats.
    added = ("lines", "entered_value_usd", "hts_numbers", "source_digest")
    stmt = (
        update(table)
        .where(table.c.entry_number == bindparam("_entry"))
        .values({name: bindparam(f"v_{name}") for name in added})
    )
    at = [_CREATED.index(name) for name in added]
    params = [
        {"_entry": row[1]} | {f"v_{name}": row[i] for name, i in zip(added, at, strict=True)}
        for row in rows
    ]
    run.uow.connection.execute(stmt, params)


def _row(entry: str, folded: Folded) -> tuple[Any, ...]:
    """An entry as it is written, in _CREATED order (its dates as ISO text, which both
    databases take: a date object per value would cost a conversion each)."""
    _, partner_id, ior, entry_day, summary_day, port, lines, value, hts, _marks, digest = folded
    if " " in hts:
        hts = " ".join(sorted(set(hts.split())))
    return (partner_id, entry, ior, entry[:3], *_iso_dates(entry_day, summary_day), port,
            lines, round(value, 2), hts, keyed(digest, partner_id))  # fmt: skip


@lru_cache(maxsize=_DAY_PAIRS)
def _iso_dates(entry_day: int, summary_day: int) -> tuple[str | None, str | None, str]:
    """A line's day numbers as the ISO text of its entry date, summary date and month."""
    return tuple(  # type: ignore[return-value]
        None if day is None else day.isoformat() for day in _dates(entry_day, summary_day)
    )


def _note_digest(found: list[tuple[int, int]], record: Sequence[Any], folded: Folded) -> None:
    """An unchanged entry's digest to store, where it is not the stored one."""
    digest = keyed(folded[10], folded[1])
    if record[-1] != digest:
        found.append((record[0], digest))


_DIGESTS_AT_ONCE = 5_000


def _set_digests(conn: Connection, digests: list[tuple[int, int]]) -> None:
    """Only the digest: the values are the same, so neither version nor revert is touched.

    A few thousand at a time: the parameters of every entry of a large file at once
    would take more memory than the entries themselves.
    """
    if not digests:
        return
    table = table_of(CustomsEntry)
    by_id = table.c.id == bindparam("_id")
    stmt = update(table).where(by_id).values(source_digest=bindparam("_digest"))
    for start in range(0, len(digests), _DIGESTS_AT_ONCE):
        part = digests[start : start + _DIGESTS_AT_ONCE]
        conn.execute(stmt, [{"_id": rid, "_digest": value} for rid, value in part])


def _disagreement(first: int, before: Sequence[Any], now: Sequence[Any]) -> Problem | None:
    """A line whose entry-level values differ from the entry's first line's."""
    names = ("ior_number", "entry_date", "summary_date", "port_code")
    for name, old, new in zip(names, before, now, strict=True):
        if old != new:
            if name.endswith("_date"):  # day numbers, as the file wrote them
                old, new = day_of(old), day_of(new)
            shown = "" if new is None else str(new)
            was = "none" if old is None or old == "" else str(old)
            return Problem(
                name, shown, f"differs from row {first}, a line of the same entry ({was})"
            )
    return None


_REFUSED = 0  # chained into the digest of an entry one of whose lines was refused
_SAME_LINE = Problem("line_number", "", "seen before with the same values")
_TARIFF_ROW = Problem("hts_number", "", "another tariff number of a line seen before")


def _repeated_line(marks: Sequence[int], line: int, detail: int, value: float) -> Problem | None:
    """What a line number seen before in the entry means, judged against its first row.

    ACE's ES-003 report gives a line with several tariff numbers (a Chapter 99 number
    beside the product's) as one row per number, the line's value repeated or 0 on the
    extra rows: _TARIFF_ROW. The same row again is _SAME_LINE; anything else a problem.
    """
    for mark in marks:
        if mark >> LINE_SHIFT != line:
            continue
        before = mark & DETAIL_MASK
        if before == detail:
            return _SAME_LINE
        other_hts = (before & HTS_MASK) != (detail & HTS_MASK)
        if other_hts and before >> LINES_SHIFT == detail >> LINES_SHIFT:
            if value == 0 or (before & VALUE_MASK) == (detail & VALUE_MASK):
                return _TARIFF_ROW
            return Problem(
                "entered_value_usd",
                f"{value:.2f}",
                f"differs from row {_row_of(mark)}, a tariff row of the same line (a line's "
                "value counts once: its other tariff rows carry 0 or the same value)",
            )
        return Problem(
            "line_number",
            str(line),
            f"repeats row {_row_of(mark)} (same entry and line number), other values",
        )
    return None


def _values(entry: str, folded: Folded) -> Values:
    _, _, ior, entry_day, summary_day, port, lines, value, hts, _, _ = folded
    entry_date, summary_date, month = _dates(entry_day, summary_day)
    if " " in hts:
        hts = " ".join(sorted(set(hts.split())))
    # Cents: a sum of many lines must compare equal to itself read back.
    return (ior, entry[:3], entry_date, summary_date, month, port, lines, round(value, 2), hts)


def _reject_held(run: ImportRun, conn: Connection, held: list[tuple[Folded, Stored]]) -> None:
    """Every line of an entry another partner holds, saying whose: an entry has one importer."""
    names = _partner_names(conn, {stored["partner_id"] for _, stored in held})
    for folded, stored in held:
        whose = f"{names.get(stored['partner_id'], '#?')} ({stored['ior_number']})"
        problem = Problem(
            "entry_number", stored["entry_number"], f"is already held by partner {whose}"
        )
        for mark in folded[9]:
            run.errors.add(_row_of(mark), None, [problem])


def _in_batches(items: Sequence[Any]) -> Iterator[Sequence[Any]]:
    for start in range(0, len(items), _BATCH):
        yield items[start : start + _BATCH]


_COLUMNS = ("id", "version", "partner_id", "entry_number", *STORED, "source_digest")
_CREATED = ("partner_id", "entry_number", *STORED, "source_digest")
# The stored values a file's column gives (the others every line has, or follow from them).
_SOURCES = {
    "entry_date": "entry_date", "summary_date": "summary_date", "port_code": "port_code",
    "entered_value_usd": "entered_value_usd", "hts_numbers": "hts_number",
}  # fmt: skip
_DATES = tuple(_COLUMNS.index(name) for name in ("entry_date", "summary_date", "month"))
Stored = dict[str, Any]


@dataclass
class _Matching:
    """The file's entries met with the stored ones: unchanged ones counted and taken out of
    ``entries``, changed ones to update, those another partner holds."""

    run: ImportRun
    entries: dict[str, Folded]
    kept: tuple[int, ...]  # positions in STORED of the values the file has no column for
    updates: list[tuple[Stored, tuple[Any, ...]]] = field(default_factory=list)
    held: list[tuple[Folded, Stored]] = field(default_factory=list)
    digests: list[tuple[int, int]] = field(default_factory=list)  # of unchanged entries

    def match_stored(self, conn: Connection) -> None:
        """The file's partners' entries in one pass per few hundred partners (an unchanged
        file costs no lookup per entry), then the rest by number."""
        partners = sorted({folded[1] for folded in self.entries.values()})
        for batch in _in_batches(partners):
            self._match(_select(conn, "partner_id", batch))
        for batch in _in_batches(list(self.entries)):
            self._match(_select(conn, "entry_number", batch))

    def _match(self, records: Iterator[list[Any]]) -> None:
        for record in records:
            folded = self.entries.pop(record[3], None)
            if folded is None:  # an entry of the partner that the file does not hold
                continue
            values = _values(record[3], folded)
            if self.kept:
                values = _keeping(values, record[4:], self.kept)
            if record[2] != folded[1]:
                self.held.append((folded, dict(zip(_COLUMNS, record, strict=True))))
            elif tuple(record[4:-1]) == values:
                self.run.counts["unchanged"] += 1
                _note_digest(self.digests, record, folded)
            else:
                digest = keyed(folded[10], folded[1])
                self.updates.append((dict(zip(_COLUMNS, record, strict=True)), (*values, digest)))


def _keeping(values: Values, stored: Sequence[Any], kept: tuple[int, ...]) -> Values:
    """The file's values with the stored ones where it has no column; the month follows."""
    merged = list(values)
    for i in kept:
        merged[i] = stored[i]
    at = STORED.index
    dated = merged[at("entry_date")] or merged[at("summary_date")]
    merged[at("month")] = dated.replace(day=1)
    return tuple(merged)


def _select(conn: Connection, column: str, keys: Sequence[Any]) -> Iterator[list[Any]]:
    """Stored entries whose ``column`` is one of ``keys``, by the driver (no ORM cost)."""
    if conn.dialect.name == "postgresql":
        where, params = f"{column} = ANY(%s)", (list(keys),)
    else:
        where, params = f"{column} IN ({', '.join('?' for _ in keys)})", tuple(keys)
    sql = f"SELECT {', '.join(_COLUMNS)} FROM customs_entry WHERE {where}"
    for record in conn.exec_driver_sql(sql, params):
        row = list(record)
        for i in _DATES:
            row[i] = _day(row[i])
        yield row


def _partner_names(conn: Connection, ids: set[int]) -> dict[int, str]:
    stmt = select(col(Partner.id), col(Partner.legal_name)).where(col(Partner.id).in_(ids))
    return {int(pid or 0): str(name) for pid, name in conn.execute(stmt).all()}


def _create(run: ImportRun, creates: list[tuple[Any, ...]], tally: Counter[int]) -> None:
    """Write new entries; ``tally`` counts them by partner."""
    if not creates:
        return
    columns = _CREATED
    conn = run.uow.connection
    driver_error = conn.dialect.loaded_dbapi.IntegrityError
    try:
        ids = insert_rows(run, CustomsEntry, columns, creates, text_dates=True)
    except (IntegrityError, driver_error):
        # Only on a team database: an entry number is unique over every partner, also
        # those of another Center that this login cannot see, so the lookup missed it.
        raise ConflictError(HIDDEN_HOLDER) from None
    run.record_created("customs_entry", ids)
    tally.update(row[0] for row in creates)


def _update(run: ImportRun, updates: list[tuple[dict[str, Any], tuple[Any, ...]]]) -> None:
    if not updates:
        return
    table = table_of(CustomsEntry)
    stmt = (
        update(table)
        .where(table.c.id == bindparam("_id"))
        .values(
            {name: bindparam(f"v_{name}") for name in _CREATED[2:]}
            | {"version": bindparam("_version"), "updated_at": utc_now()}
        )
    )
    params = [
        {"_id": s["id"], "_version": s["version"] + 1}
        | {f"v_{name}": v for name, v in zip(_CREATED[2:], values, strict=True)}
        for s, values in updates
    ]
    run.uow.connection.execute(stmt, params)
    run.record_changes("customs_entry", [(s["id"], "update", _before(s)) for s, _ in updates])
    for stored, _ in updates:
        run.counted(stored["partner_id"], updated=1)


def _before(stored: Mapping[str, Any]) -> str:
    values = {name: stored[name] for name in _CREATED[2:]}
    for name in ("entry_date", "summary_date", "month"):
        if values[name] is not None:
            values[name] = values[name].isoformat()
    return json.dumps({**values, "version": stored["version"]}, ensure_ascii=False)
