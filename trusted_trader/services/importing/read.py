"""Read an import file as a stream of rows: CSV (sniffed encoding and delimiter) or XLSX."""

from __future__ import annotations

import codecs
import csv
import io
import threading
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import date, datetime
from pathlib import Path
from queue import Full, Queue
from typing import Any, TypeVar

from trusted_trader.domain.errors import DomainError, Problem
from trusted_trader.services.importing.limits import MAX_CELL_CHARS, FileTooLarge, check_xlsx

# Characters a spreadsheet reads as the start of a formula. Exports put a single
# quote before a cell that begins with one; imports take exactly that quote off.
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
T = TypeVar("T")
_SAMPLE_BYTES = 64 * 1024
_BLOCK_BYTES = 1024 * 1024


class ImportFileError(DomainError):
    """The file itself cannot be read as a table (not a row's fault)."""


class UnreadableRow(list[Any]):
    """Stands for the cells of lines the reader could not split into a row (no cells)."""

    def __init__(self, problem: Problem) -> None:
        super().__init__()
        self.problem = problem


@dataclass
class SourceTable:
    """The file's header row and an iterator over its data rows (row number, cells)."""

    headers: list[str]
    rows: Iterator[tuple[int, list[Any]]]
    position: Callable[[], float | None]


def squash_header(text: object) -> str:
    """Header names match ignoring case, spaces, dashes and underscores."""
    return "".join(ch for ch in str(text or "").casefold() if ch not in " -_\t")


def unneutralize(text: str) -> str:
    """Take off the quote an export put before a formula-like cell."""
    if len(text) > 1 and text[0] == "'" and text[1] in "=+-@\t\r":
        return text[1:]
    return text


def neutralize(text: str) -> str:
    """Put a quote before a cell a spreadsheet would run as a formula."""
    return "'" + text if text.startswith(FORMULA_STARTS) else text


@contextmanager
def open_table(path: Path, sheet: str | None = None) -> Iterator[SourceTable]:
    """Open ``path`` (``.csv`` or ``.xlsx``) and stream its rows; closes the file afterwards."""
    suffix = path.suffix.lower()
    if suffix in (".xlsx", ".xlsm"):
        with _open_xlsx(path, sheet) as table:
            yield table
    elif suffix in (".csv", ".txt", ".tsv"):
        with _open_csv(path) as table:
            yield table
    else:
        raise ImportFileError(f"{path.name}: only .csv and .xlsx files can be imported.")


def detect_encoding(path: Path) -> str:
    """UTF-8 (with or without BOM) when every byte decodes as UTF-8, else Windows-1252."""
    with path.open("rb") as handle:
        head = handle.read(3)
        if head == codecs.BOM_UTF8:
            return "utf-8-sig"
        handle.seek(0)
        decoder = codecs.getincrementaldecoder("utf-8")()
        try:
            while block := handle.read(_BLOCK_BYTES):
                decoder.decode(block)
            decoder.decode(b"", final=True)
        except UnicodeDecodeError:
            return "cp1252"
    return "utf-8"


def sniff_delimiter(sample: str) -> str:
    """The header row decides (names rarely hold a delimiter); the sniffer only if it cannot."""
    first = sample.splitlines()[0] if sample else ""
    counts = {mark: first.count(mark) for mark in ",;\t"}
    best = max(counts, key=lambda mark: counts[mark])
    if counts[best] and list(counts.values()).count(counts[best]) == 1:
        return best
    try:
        return csv.Sniffer().sniff(sample, delimiters=",;\t").delimiter
    except csv.Error:
        return best


@contextmanager
def _open_csv(path: Path) -> Iterator[SourceTable]:
    encoding = detect_encoding(path)
    size = max(path.stat().st_size, 1)
    try:
        raw = path.open("rb")
    except OSError as exc:
        raise ImportFileError(f"{path.name} cannot be read: {exc.strerror}") from exc
    with raw:
        text = io.TextIOWrapper(raw, encoding=encoding, errors="replace", newline="")
        sample = text.read(_SAMPLE_BYTES)
        text.seek(0)
        # strict: a quote that opens a cell and never closes (or closes mid-cell) is an
        # error, not the start of a cell that swallows the rows after it.
        reader = csv.reader(text, delimiter=sniff_delimiter(sample), strict=True)
        try:
            headers = [unneutralize(h.strip()) for h in next(reader, [])]
        except csv.Error as exc:
            raise ImportFileError(f"{path.name}: the first row cannot be read: {exc}.") from exc
        if not any(headers):
            raise ImportFileError(f"{path.name} is empty: the first row must name the columns.")
        yield SourceTable(headers, _csv_rows(reader, path.name), lambda: raw.tell() / size)


def _csv_rows(reader: Any, name: str) -> Iterator[tuple[int, list[Any]]]:
    """Each row with the line it starts on; lines a quote mistake ran together, as one."""
    while True:
        first = reader.line_num + 1
        try:
            cells = next(reader)
        except StopIteration:
            return
        except csv.Error as exc:
            if "field limit" in str(exc):  # a cell longer than any field may be
                raise ImportFileError(f"{name} cannot be read at row {first}: {exc}.") from exc
            yield first, UnreadableRow(_quote_problem(first, reader.line_num, exc))
            continue
        if cells:
            # One search of the joined row is cheaper than a look at each cell.
            if "'" in "\x1f".join(cells):
                cells = [unneutralize(c) if c[:1] == "'" else c for c in cells]
            yield first, cells


def _quote_problem(first: int, last: int, exc: csv.Error) -> Problem:
    lines = f"lines {first} to {last}" if last > first else f"line {first}"
    return Problem(
        "cells",
        "",
        f'a quote (") opens a cell that is not closed properly ({exc}): {lines} could not '
        "be read as rows; close the quote, or double a quote inside a quoted cell",
    )


@contextmanager
def _open_xlsx(path: Path, sheet: str | None) -> Iterator[SourceTable]:
    from openpyxl import load_workbook

    try:
        check_xlsx(path)
    except FileTooLarge as exc:
        raise ImportFileError(str(exc)) from None
    try:
        book = load_workbook(path, read_only=True, data_only=True)
    except Exception as exc:  # openpyxl raises many types for a damaged or foreign file
        raise ImportFileError(f"{path.name} is not a readable Excel workbook.") from exc
    try:
        if sheet is not None and sheet not in book.sheetnames:
            names = ", ".join(book.sheetnames)
            raise ImportFileError(f"{path.name} has no sheet '{sheet}' (it has: {names}).")
        worksheet = book[sheet] if sheet else book.worksheets[0]
        cells = worksheet.iter_rows(values_only=True)
        first = next(cells, None)
        headers = ["" if h is None else str(h).strip() for h in (first or ())]
        if not any(headers):
            raise ImportFileError(f"{path.name}: the first row must name the columns.")
        total = worksheet.max_row or 0
        done = [1]

        def rows() -> Iterator[tuple[int, list[Any]]]:
            for values in cells:
                done[0] += 1
                if any(v is not None and v != "" for v in values):
                    row = [_cell(v) for v in values]
                    if any(type(v) is str and len(v) > MAX_CELL_CHARS for v in row):
                        raise ImportFileError(
                            f"{path.name} cannot be read at row {done[0]}: a cell holds more "
                            f"than {MAX_CELL_CHARS:,} characters."
                        )
                    yield done[0], row

        yield SourceTable(headers, rows(), lambda: done[0] / total if total > 1 else None)
    finally:
        book.close()


def _cell(value: Any) -> Any:
    """Excel cells keep dates as dates; integral numbers read as integers."""
    if value is None:
        return ""
    if isinstance(value, datetime):
        return value.date() if value.time() == datetime.min.time() else value
    if isinstance(value, float) and value.is_integer():
        return int(value)
    if isinstance(value, date | int | float):
        return value
    return str(value)


_END = object()


def prefetched(items: Iterator[T], depth: int = 2) -> Iterator[T]:
    """Produce the next items on a second thread while the caller works on this one.

    Reading and checking rows is Python work; writing them is SQLite's, which lets
    go of the interpreter lock, so the two overlap.
    """
    queue: Queue[Any] = Queue(depth)
    stop = threading.Event()

    def produce() -> None:
        try:
            for item in items:
                _offer(queue, item, stop)
            _offer(queue, _END, stop)
        except BaseException as exc:  # handed to the consumer, which raises it
            _offer(queue, exc, stop)

    thread = threading.Thread(target=produce, name="import-reader", daemon=True)
    thread.start()
    try:
        while (item := queue.get()) is not _END:
            if isinstance(item, BaseException):
                raise item
            yield item
    finally:
        stop.set()
        thread.join()


def _offer(queue: Queue[Any], item: object, stop: threading.Event) -> None:
    """Put ``item`` once there is room, unless the consumer has stopped."""
    while not stop.is_set():
        try:
            queue.put(item, timeout=0.1)
        except Full:
            continue
        return
