"""Import one file: read it, check its rows, hand them to the kind's handler, finish the run.

Every row is checked with the rules the forms use. By default an import is all or
nothing: one rejected row and nothing is written, and every problem is reported at
once. With ``partial`` the valid rows are written and the rejected ones listed.
Each written import is recorded (``import_batch``/``import_change``) so that it can
be reverted, and leaves one audit row per partner it touched.
"""

from __future__ import annotations

import gc
import logging
from collections.abc import Callable, Iterator, Mapping, Sequence
from contextlib import closing, contextmanager
from dataclasses import dataclass
from functools import partial
from itertools import islice
from pathlib import Path
from typing import Any

from sqlalchemy import insert, update
from sqlmodel import col

from trusted_trader.domain.enums import ImportKind
from trusted_trader.domain.errors import DomainError
from trusted_trader.services.importing import process
from trusted_trader.services.importing.entries import EntriesHandler
from trusted_trader.services.importing.entry_reader import entry_chunks
from trusted_trader.services.importing.keyed import KeyedHandler, keyed_handler
from trusted_trader.services.importing.partners import PartnerHandler
from trusted_trader.services.importing.read import (
    ImportFileError,
    SourceTable,
    open_table,
    prefetched,
)
from trusted_trader.services.importing.rows import (
    KINDS,
    RowRejected,
    checked_cells,
    duplicate_headers,
    mapping_from_names,
    match_headers,
    missing_columns,
    text,
)
from trusted_trader.services.importing.run import (
    ErrorSink,
    Finishing,
    Handler,
    ImportOptions,
    ImportResult,
    ImportRun,
    ParsedRow,
    recorded_actor,
    write_batch_audit,
)
from trusted_trader.store.bulk import bulk_cache
from trusted_trader.store.models import ImportBatch, utc_now
from trusted_trader.store.postgres import lock_for_import
from trusted_trader.store.safe_output import free_name
from trusted_trader.store.uow import UnitOfWork

Progress = Callable[[int, float | None], None]
Cancelled = Callable[[], bool]
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


def default_error_file(path: Path) -> Path:
    """``NAME-errors.csv`` beside the imported file, or the next free name: never replaced."""
    return free_name(path.with_name(f"{path.stem}-errors.csv"))


def handler_for(kind: str, mapped: Sequence[str]) -> Handler:
    """The handler that writes rows of ``kind`` whose ``mapped`` columns the file holds."""
    if kind == ImportKind.PARTNERS:
        return PartnerHandler(mapped)
    if kind == ImportKind.ENTRIES:
        return EntriesHandler(mapped)
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
            with _collecting_less(), bulk_cache(uow.connection):
                for done, position, chunk in _parsed(
                    table, path, kind, mapping, handler, run, options
                ):
                    if cancelled is not None and cancelled():
                        raise ImportCancelled("The import was cancelled; nothing was changed.")
                    handler.write(run, chunk)
                    if progress is not None:
                        progress(done, position)
                if isinstance(handler, Finishing):
                    handler.finish(run)
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
    sink = ErrorSink(error_file, headers, options.overwrite_errors)
    return ImportRun(uow, kind, file_name, batch_id, options.partial, headers, sink)


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
        # Entries and touch points: the reader counts those stored with the digest of the
        # file's lines unchanged.
        known = _known(handler, run)
        chunks = process.read_in_process(
            path, options.sheet, kind, mapping, options.chunk_size, known
        )
        handler.prepare(run)
        try:
            with closing(chunks):
                yield from _taken(run, handler, chunks)
            return
        except (
            process.ReaderUnavailable
        ) as exc:  # e.g. a frozen app without multiprocessing support
            # Nothing was read yet: read on a thread of this process instead.
            _log.warning("Warning: the import reader process ended at once (%s)", exc)
    if isinstance(handler, EntriesHandler):
        # The reader process's own reading, on a thread: an entry's lines are folded and
        # digested as runs alike, whichever side read the file. A small file's entries
        # are matched by look-ups: reading every stored digest first would cost more.
        lines = entry_chunks(path, options.sheet, mapping, options.chunk_size, None)
        yield from _taken(run, handler, prefetched(lines))
        return
    read = _chunks(table.rows, mapping, handler, run, options.chunk_size)
    for done, chunk in prefetched(read):
        yield done, table.position(), chunk


def _taken(
    run: ImportRun, handler: Handler, chunks: Iterator[process.ReadChunk]
) -> Iterator[tuple[int, float | None, list[ParsedRow]]]:
    """A reader's chunks: rejected rows to the error sink, unchanged ones counted."""
    for done, position, checked, rejected, unchanged in chunks:
        for number, cells, problems in rejected:
            run.errors.add(number, cells, problems)
        if isinstance(unchanged, int):
            run.counts["unchanged"] += unchanged
        else:  # touch points: rows counted unchanged by their digest
            assert isinstance(handler, KeyedHandler)
            handler.skipped(run, unchanged)
        yield done, position, [ParsedRow(n, None, v) for n, v in checked]


def _known(handler: Handler, run: ImportRun) -> Callable[[], Any] | None:
    """What the reader needs to know of the stored records, where it can use it."""
    if isinstance(handler, EntriesHandler):
        return partial(handler.known_entries, run)
    if isinstance(handler, KeyedHandler) and handler.kind.digested:
        return partial(handler.known_rows, run)
    return None


def _in_process(kind: str, path: Path, options: ImportOptions) -> bool:
    if kind == ImportKind.PARTNERS or options.reader == "thread":  # checked against the store
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
            run.kind, run.file_name, None, 0, 0, 0, run.errors.count, errors, error_file,
            run.unknown_importers,
        )  # fmt: skip
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
        run.unknown_importers,
    )


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
        """True when the user must match columns by hand."""
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
