"""Import partners, touch points and monthly volumes from CSV or Excel: checked, upserted, recorded.

Every row is checked with the rules the forms use. By default an import is all or
nothing: one rejected row and nothing is written, and every problem is reported at
once. With ``partial`` the valid rows are written and the rejected ones listed.
Each written import is recorded (``import_batch``/``import_change``) so that it can
be reverted, and leaves one audit row per partner it touched.
"""

from __future__ import annotations

import csv
import gc
import json
import logging
import threading
from collections.abc import Callable, Iterator, Mapping, Sequence
from contextlib import closing, contextmanager
from dataclasses import dataclass, field
from datetime import datetime
from itertools import islice
from pathlib import Path
from typing import Any, Protocol

from sqlalchemy import func, insert, select, update
from sqlalchemy import text as sql_text
from sqlmodel import col

from trusted_trader.domain.errors import DomainError, Problem
from trusted_trader.services.importing_read import (
    ImportFileError,
    SourceTable,
    neutralize,
    open_table,
    prefetched,
)
from trusted_trader.services.importing_rows import (
    KINDS,
    RowRejected,
    checked_cells,
    duplicate_headers,
    mapping_from_names,
    match_headers,
    missing_columns,
    text,
)
from trusted_trader.services.records import to_record
from trusted_trader.store.bulk import bulk_insert
from trusted_trader.store.models import AuditEntry, ImportBatch, ImportChange, utc_now
from trusted_trader.store.postgres import lock_for_import
from trusted_trader.store.safe_output import OutputFile, check_target, free_name
from trusted_trader.store.uow import UnitOfWork

__all__ = [
    "ColumnsMissing",
    "FilePreview",
    "ImportBatchRecord",
    "ImportCancelled",
    "ImportOptions",
    "ImportResult",
    "RowError",
    "import_file",
    "list_imports",
    "preview_file",
]

Progress = Callable[[int, float | None], None]
Cancelled = Callable[[], bool]
KEPT_ERRORS = 10_000  # the error file holds them all; memory keeps the first ones
PROCESS_FROM_BYTES = 4 * 1024 * 1024
_log = logging.getLogger(__name__)


class ImportCancelled(DomainError):
    """The user stopped the import; nothing was written."""


class ColumnsMissing(ImportFileError):
    """The file lacks columns the import needs; the user can map them by hand."""

    def __init__(self, file_name: str, missing: list[str], headers: list[str]) -> None:
        super().__init__(
            f"{file_name} has no column {', '.join(missing)} "
            f"(its columns: {', '.join(h for h in headers if h) or 'none'})."
        )
        self.missing = missing
        self.headers = headers


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

    @property
    def written(self) -> bool:
        return self.batch_id is not None


@dataclass(frozen=True)
class ImportBatchRecord:
    id: int
    kind: str
    file_name: str
    started_at: datetime
    actor: str
    created: int
    updated: int
    unchanged: int
    rejected: int
    status: str
    reverted_at: datetime | None


class Handler(Protocol):
    """What one kind of import does with a chunk of rows."""

    table: str

    def parse(self, cells: Mapping[str, Any]) -> Any: ...

    def prepare(self, run: ImportRun) -> None:
        """Read what the import needs from the store, while the first rows are read."""

    def write(self, run: ImportRun, chunk: list[ParsedRow]) -> None: ...


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
    errors: _ErrorSink
    counts: dict[str, int] = field(
        default_factory=lambda: {"created": 0, "updated": 0, "unchanged": 0}
    )
    per_partner: dict[int, list[int]] = field(default_factory=dict)

    @property
    def writing(self) -> bool:
        """All or nothing: after the first rejection only checking goes on."""
        return self.partial or self.errors.count == 0

    def reject(self, row: ParsedRow, problems: Sequence[Problem]) -> None:
        self.errors.add(row.number, row.cells, problems)

    def counted(self, partner_id: int, created: int = 0, updated: int = 0) -> None:
        entry = self.per_partner.setdefault(partner_id, [0, 0])
        entry[0] += created
        entry[1] += updated
        self.counts["created"] += created
        self.counts["updated"] += updated

    def record_changes(self, table: str, changes: Sequence[tuple[int, str, str | None]]) -> None:
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


class _ErrorSink:
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


def default_error_file(path: Path) -> Path:
    """``NAME-errors.csv`` beside the imported file, or the next free name: never replaced."""
    return free_name(path.with_name(f"{path.stem}-errors.csv"))


def handler_for(kind: str, mapped: Sequence[str]) -> Handler:
    if kind == "partners":
        from trusted_trader.services.importing_partners import PartnerHandler

        return PartnerHandler(mapped)
    from trusted_trader.services.importing_keyed import keyed_handler

    return keyed_handler(kind, mapped)


def import_file(
    uow: UnitOfWork,
    kind: str,
    path: Path,
    options: ImportOptions = ImportOptions(),
    *,
    error_file: Path | None = None,
    progress: Progress | None = None,
    cancelled: Cancelled | None = None,
) -> ImportResult:
    """Import ``path`` as ``kind``; the caller commits when ``result.written``.

    Raises :class:`ImportCancelled` when ``cancelled()`` turns true (checked every
    chunk); the caller's unit of work then rolls everything back.
    """
    if kind not in KINDS:
        raise ImportFileError(f"'{kind}' is not an import kind (use {', '.join(KINDS)}).")
    with open_table(path, options.sheet) as table:
        duplicate = duplicate_headers(table.headers)
        if duplicate is not None:
            raise ImportFileError(f"{path.name}: {duplicate}.")
        if options.mapping is not None:
            mapping = mapping_from_names(table.headers, options.mapping)
        else:
            mapping = match_headers(kind, table.headers)
        missing = missing_columns(kind, mapping)
        if missing:
            raise ColumnsMissing(path.name, missing, table.headers)
        handler = handler_for(kind, list(mapping))
        run = _start(uow, kind, path.name, options, table.headers, error_file)
        run.errors.source = (path, options.sheet)
        try:
            with _collecting_less():
                for done, position, chunk in _parsed(
                    table, path, kind, mapping, handler, run, options
                ):
                    if cancelled is not None and cancelled():
                        raise ImportCancelled("The import was cancelled; nothing was changed.")
                    handler.write(run, chunk)
                    if progress is not None:
                        progress(done, position)
        finally:
            written_errors = run.errors.close()
    return _finish(run, written_errors)


@contextmanager
def _collecting_less() -> Iterator[None]:
    """Let the cycle collector be while a file is imported.

    An import makes millions of short-lived tuples, which reference counting frees;
    left alone, the collector would also walk every object of the program (the whole
    app when the import runs in the window) each few thousand of them. Objects that
    exist when the import starts are set aside from its scans until it ends.
    """
    threshold = gc.get_threshold()
    gc.freeze()
    gc.set_threshold(max(threshold[0], 50_000), *threshold[1:])
    try:
        yield
    finally:
        gc.set_threshold(*threshold)
        gc.unfreeze()


def _start(
    uow: UnitOfWork,
    kind: str,
    file_name: str,
    options: ImportOptions,
    headers: list[str],
    error_file: Path | None,
) -> ImportRun:
    lock_for_import(uow.connection)
    batch = {"kind": kind, "file_name": file_name[:300], "started_at": utc_now()}
    result = uow.connection.execute(
        insert(ImportBatch).values(**batch, actor=recorded_actor(uow), status="running")
    )
    batch_id = int(result.inserted_primary_key[0])  # type: ignore[index]
    sink = _ErrorSink(error_file, headers, options.overwrite_errors)
    return ImportRun(uow, kind, file_name, batch_id, options.partial, headers, sink)


def recorded_actor(uow: UnitOfWork) -> Any:
    """Who did it, as the import history and audit trail record it.

    On a team database that is the database login (``current_user``), set by the
    database itself: a member's client cannot name someone else, and the policies
    may insist on it. On a local file it is the unit of work's actor.
    """
    if uow.connection.dialect.name == "postgresql":
        return func.current_user()
    return uow.actor


def _parsed(
    table: SourceTable,
    path: Path,
    kind: str,
    mapping: Mapping[str, int],
    handler: Handler,
    run: ImportRun,
    options: ImportOptions,
) -> Iterator[tuple[int, float | None, list[ParsedRow]]]:
    """Checked rows a chunk at a time, read by a second process or a second thread."""
    if _in_process(kind, path, options):
        from trusted_trader.services.importing_process import ReaderUnavailable, read_in_process

        chunks = read_in_process(path, options.sheet, kind, mapping, options.chunk_size)
        handler.prepare(run)
        try:
            with closing(chunks):
                for done, position, checked, rejected in chunks:
                    for number, cells, problems in rejected:
                        run.errors.add(number, cells, problems)
                    yield done, position, [ParsedRow(n, None, v) for n, v in checked]
            return
        except ReaderUnavailable as exc:  # e.g. a frozen app without multiprocessing support
            # Nothing was read yet: read on a thread of this process instead.
            _log.warning("Warning: the import reader process ended at once (%s)", exc)
    read = _chunks(table.rows, mapping, handler, run, options.chunk_size)
    for done, chunk in prefetched(read):
        yield done, table.position(), chunk


def _in_process(kind: str, path: Path, options: ImportOptions) -> bool:
    if kind == "partners" or options.reader == "thread":  # partners are checked against the store
        return False
    if options.reader == "process":
        return True
    try:
        return path.stat().st_size >= PROCESS_FROM_BYTES
    except OSError:
        return False


def _chunks(
    rows: Iterator[tuple[int, list[Any]]],
    mapping: Mapping[str, int],
    handler: Handler,
    run: ImportRun,
    size: int,
) -> Iterator[tuple[int, list[ParsedRow]]]:
    chunk: list[ParsedRow] = []
    done = 0
    items = list(mapping.items())
    for number, cells in rows:
        done += 1
        width = len(cells)
        named = {name: cells[i] if i < width else "" for name, i in items}
        try:
            chunk.append(ParsedRow(number, cells, handler.parse(checked_cells(cells, named))))
        except RowRejected as exc:
            run.reject(ParsedRow(number, cells, None), exc.problems)
        if len(chunk) >= size:
            yield done, chunk
            chunk = []
    yield done, chunk


def _finish(run: ImportRun, error_file: Path | None) -> ImportResult:
    errors = tuple(run.errors.kept)
    if run.errors.count and not run.partial:
        run.uow.rollback()
        return ImportResult(
            run.kind, run.file_name, None, 0, 0, 0, run.errors.count, errors, error_file
        )
    counts = run.counts
    uow = run.uow
    uow.connection.execute(
        update(ImportBatch)
        .where(col(ImportBatch.id) == run.batch_id)
        .values(**counts, rejected=run.errors.count, status="done")
    )
    write_batch_audit(uow, run.batch_id, "import", run.per_partner, run.file_name)
    return ImportResult(
        run.kind,
        run.file_name,
        run.batch_id,
        counts["created"],
        counts["updated"],
        counts["unchanged"],
        run.errors.count,
        errors,
        error_file,
    )


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


def list_imports(uow: UnitOfWork, limit: int = 200) -> list[ImportBatchRecord]:
    """The recorded imports, newest first."""
    stmt = (
        select(ImportBatch)
        .where(col(ImportBatch.status) != "running")
        .order_by(col(ImportBatch.id).desc())
        .limit(limit)
    )
    return [to_record(ImportBatchRecord, dict(r)) for r in uow.connection.execute(stmt).mappings()]


@dataclass(frozen=True)
class FilePreview:
    """The file's headers, its first rows and how its columns match ours."""

    headers: tuple[str, ...]
    rows: tuple[tuple[str, ...], ...]
    mapping: dict[str, str]  # our column → the file's header
    missing: tuple[str, ...]  # required columns with no match
    unmatched: tuple[str, ...]  # the file's headers matched to none of ours

    @property
    def needs_mapping(self) -> bool:
        return bool(self.missing or self.unmatched)


def preview_file(path: Path, kind: str, sheet: str | None = None, rows: int = 5) -> FilePreview:
    """Read only the header and the first ``rows`` rows, for the column-mapping step."""
    with open_table(path, sheet) as table:
        first = [tuple(text(c) for c in cells) for _, cells in islice(table.rows, rows)]
        found = match_headers(kind, table.headers)
    headers = tuple(table.headers)
    mapping = {ours: headers[i] for ours, i in found.items()}
    matched = set(found.values())
    unmatched = tuple(h for i, h in enumerate(headers) if h and i not in matched)
    return FilePreview(
        headers, tuple(first), mapping, tuple(missing_columns(kind, found)), unmatched
    )
