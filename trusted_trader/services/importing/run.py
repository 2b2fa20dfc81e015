"""One import while it runs: its options, the rows it writes, the rejected rows, its audit.

The kinds' handlers and the driver share these; they import nothing of either, so
imports in the package run one way: driver → handlers → run.
"""

from __future__ import annotations

import csv
import json
import threading
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path
from typing import Any, Protocol, runtime_checkable

from sqlalchemy import func, insert
from sqlalchemy import text as sql_text

from trusted_trader.domain.errors import Problem
from trusted_trader.services.importing.read import neutralize, open_table
from trusted_trader.services.importing.rows import text
from trusted_trader.store.bulk import bulk_insert
from trusted_trader.store.models import AuditEntry, ImportChange, utc_now
from trusted_trader.store.safe_output import OutputFile, check_target
from trusted_trader.store.uow import UnitOfWork

KEPT_ERRORS = 10_000  # the error file holds them all; memory keeps the first ones


@dataclass(frozen=True)
class ImportOptions:
    sheet: str | None = None
    partial: bool = False
    mapping: Mapping[str, str] | None = None  # our column → the file's header
    chunk_size: int = 5000
    # Who reads and checks rows: "process" (a second process), "thread" (a second
    # thread of this one) or "auto": a process for touch points and volumes from a
    # file of PROCESS_FROM_BYTES or more, where its start-up cost is soon repaid.
    reader: str = "auto"
    overwrite_errors: bool = False  # the error file may replace an existing file


@dataclass(frozen=True)
class RowError:
    row: int
    column: str
    value: str
    reason: str

    def __str__(self) -> str:
        shown = f" '{self.value}'" if self.value else ""
        return f"row {self.row}, {self.column}{shown}: {self.reason}"


@dataclass(frozen=True)
class UnknownImporter:
    """An importer number of the file that belongs to no partner, and its entries there."""

    ior_number: str
    entries: int


@dataclass(frozen=True)
class ImportResult:
    kind: str
    file_name: str
    batch_id: int | None
    created: int
    updated: int
    unchanged: int
    rejected: int
    errors: tuple[RowError, ...]
    error_file: Path | None
    # Entries only: the file's importer numbers no partner holds (most entries first).
    unknown_importers: tuple[UnknownImporter, ...] = ()

    @property
    def unknown_summary(self) -> str:
        """ "41 entries for 3 importers not in any portfolio", or "" when there are none."""
        if not self.unknown_importers:
            return ""
        entries = sum(u.entries for u in self.unknown_importers)
        count = len(self.unknown_importers)
        return (
            f"{entries:,} {'entry' if entries == 1 else 'entries'} for {count:,} "
            f"{'importer' if count == 1 else 'importers'} not in any portfolio"
        )

    @property
    def written(self) -> bool:
        """True when the import was written (not refused as all or nothing)."""
        return self.batch_id is not None


class Handler(Protocol):
    """What one kind of import does with a chunk of rows."""

    table: str

    def parse(self, cells: Mapping[str, Any]) -> Any:
        """Check a row's cells; raise RowRejected with its problems."""

    def prepare(self, run: ImportRun) -> None:
        """Read what the import needs from the store, while the first rows are read."""

    def write(self, run: ImportRun, chunk: list[ParsedRow]) -> None:
        """Write a chunk of checked rows within the import's transaction."""


@runtime_checkable
class Finishing(Protocol):
    """A handler with work to do once every row was read (entries fold their lines first)."""

    def finish(self, run: ImportRun) -> None:
        """Write what the rows gave, within the import's transaction."""


@dataclass(slots=True)
class ParsedRow:
    number: int
    cells: list[Any] | None  # None when another process read the row: found again if rejected
    value: Any


@dataclass
class ImportRun:
    """The state of one import while it runs."""

    uow: UnitOfWork
    kind: str
    file_name: str
    batch_id: int
    partial: bool
    headers: list[str]
    errors: ErrorSink
    counts: dict[str, int] = field(
        default_factory=lambda: {"created": 0, "updated": 0, "unchanged": 0}
    )
    per_partner: dict[int, list[int]] = field(default_factory=dict)
    # Entries only: the file's importer numbers no partner holds, set as the import ends.
    unknown_importers: tuple[UnknownImporter, ...] = ()

    @property
    def writing(self) -> bool:
        """All or nothing: after the first rejection only checking goes on."""
        return self.partial or self.errors.count == 0

    def reject(self, row: ParsedRow, problems: Sequence[Problem]) -> None:
        """Count a rejected row and keep its problems."""
        self.errors.add(row.number, row.cells, problems)

    def counted(self, partner_id: int, created: int = 0, updated: int = 0) -> None:
        """Add a partner's created and updated records to the counts."""
        entry = self.per_partner.setdefault(partner_id, [0, 0])
        entry[0] += created
        entry[1] += updated
        self.counts["created"] += created
        self.counts["updated"] += updated

    def record_changes(self, table: str, changes: Sequence[tuple[int, str, str | None]]) -> None:
        """Record updated records' previous values, so that a revert can restore them."""
        rows = ((self.batch_id, table, rid, action, before) for rid, action, before in changes)
        columns = ("batch_id", "table_name", "record_id", "action", "before")
        bulk_insert(self.uow.connection, ImportChange, columns, rows)

    def record_created(self, table: str, ids: Sequence[int]) -> None:
        """Record new records as runs of consecutive ids: one row for each run."""
        runs = _runs(ids)
        rows = ((self.batch_id, table, first, last, "create") for first, last in runs)
        columns = ("batch_id", "table_name", "record_id", "last_record_id", "action")
        bulk_insert(self.uow.connection, ImportChange, columns, rows)


def _runs(ids: Sequence[int]) -> list[tuple[int, int]]:
    """Consecutive ids as (first, last) pairs: [4, 5, 6, 9] → [(4, 6), (9, 9)]."""
    runs: list[tuple[int, int]] = []
    if not ids:
        return runs
    first = last = ids[0]
    for rid in ids[1:]:
        if rid == last + 1:
            last = rid
        else:
            runs.append((first, last))
            first = last = rid
    runs.append((first, last))
    return runs


class ErrorSink:
    """Rejected rows: the first ones kept for the screen, all of them in the error file."""

    def __init__(self, path: Path | None, headers: list[str], overwrite: bool = False) -> None:
        if path is not None:  # a bad place for the rejected rows is refused before anything
            check_target(path, overwrite=overwrite)
        self._overwrite = overwrite
        self._output: OutputFile | None = None
        self.count = 0
        self.kept: list[RowError] = []
        self.path = path
        self._headers = headers
        self._handle: Any = None
        self._writer: Any = None
        self._lock = threading.Lock()
        self._later: dict[int, str] = {}
        self.source: tuple[Path, str | None] | None = None  # the file and sheet, to read again

    def add(self, number: int, cells: list[Any] | None, problems: Sequence[Problem]) -> None:
        """Keep a rejected row's problems and write it to the error file."""
        with self._lock:  # rows are checked on the reading thread, partners on this one
            self._add(number, cells, problems)

    def _add(self, number: int, cells: list[Any] | None, problems: Sequence[Problem]) -> None:
        self.count += 1
        errors = [RowError(number, p.field, p.value, p.reason) for p in problems]
        room = KEPT_ERRORS - len(self.kept)
        if room > 0:
            self.kept.extend(errors[:room])
        if self.path is None:
            return
        message = "; ".join(str(e) for e in errors)
        if cells is None:  # the row's cells are read again from the file at the end
            self._later[number] = message
        else:
            self._write(cells, message)

    def _write(self, cells: list[Any], message: str) -> None:
        if self._writer is None:
            assert self.path is not None
            # Rejected rows are partner data: written like every output (owner only).
            self._output = OutputFile(self.path, overwrite=self._overwrite)
            self._handle = self._output.open("w", encoding="utf-8-sig", newline="")
            self._writer = csv.writer(self._handle)
            self._writer.writerow([neutralize(h) for h in [*self._headers, "error"]])
        padded = [text(c) for c in cells] + [""] * (len(self._headers) - len(cells))
        self._writer.writerow([neutralize(c) for c in [*padded, message]])

    def close(self) -> Path | None:
        """Finish the error file; its path, or None when no row was rejected."""
        if self._later:
            self._write_later()
        if self._handle is not None and self._output is not None:
            self._handle.close()
            return self._output.commit()
        return None

    def _write_later(self) -> None:
        """Rows rejected after another process read them: their cells, read once more."""
        later, self._later = self._later, {}
        if self.source is not None:
            with open_table(*self.source) as table:
                for number, cells in table.rows:
                    message = later.pop(number, None)
                    if message is not None:
                        self._write(cells, message)
                    if not later:
                        break
        for message in later.values():  # the file changed meanwhile: the reason still counts
            self._write([], message)


def recorded_actor(uow: UnitOfWork) -> Any:
    """Who did it, as the import history and audit trail record it.

    On a team database that is the database login (``current_user``), set by the
    database itself: a member's client cannot name someone else, and the policies
    may insist on it. On a local file it is the unit of work's actor.
    """
    if uow.connection.dialect.name == "postgresql":
        return func.current_user()
    return uow.actor


def write_batch_audit(
    uow: UnitOfWork,
    batch_id: int,
    action: str,
    per_partner: Mapping[int, list[int]],
    file_name: str,
) -> None:
    """One audit row per partner per import, not one per record (a file may hold millions)."""
    now = utc_now()
    changes = {
        partner_id: json.dumps(
            {"file": [None, file_name], "created": [None, made], "updated": [None, changed]},
            ensure_ascii=False,
        )
        for partner_id, (made, changed) in per_partner.items()
    }
    if uow.connection.dialect.name == "postgresql":
        _write_audit_arrays(uow, now, batch_id, action, changes)
        return
    rows = [
        {"at": now, "actor": uow.actor, "action": action, "table_name": "import_batch",
         "record_id": batch_id, "partner_id": partner_id, "changes": change}
        for partner_id, change in changes.items()
    ]  # fmt: skip
    for start in range(0, len(rows), 5000):
        uow.connection.execute(insert(AuditEntry), rows[start : start + 5000])


def _write_audit_arrays(
    uow: UnitOfWork, now: datetime, batch_id: int, action: str, changes: Mapping[int, str]
) -> None:
    """PostgreSQL: all the rows in one statement, the actor set by the database.

    The policies check each new audit row against the partners this login may change:
    in one statement PostgreSQL works that list out once, not once per partner.
    """
    uow.connection.execute(
        sql_text(
            "INSERT INTO audit_log (at, actor, action, table_name, record_id, partner_id, changes) "
            "SELECT :at, current_user, :action, 'import_batch', :batch, u.p, u.c "
            "FROM unnest(CAST(:partners AS integer[]), CAST(:changes AS text[])) AS u(p, c)"
        ),
        {"at": now, "action": action, "batch": batch_id,
         "partners": list(changes), "changes": list(changes.values())},
    )  # fmt: skip
