"""Read and check a large import file in a second process.

Reading and checking rows is Python work, and so is most of writing them; in one
process the two take turns at the interpreter lock. A second process reads the file,
checks each row with the same parsers and sends checked rows in chunks; the writing
process only matches and writes them. The reader is started with ``spawn`` (safe
beside Qt's threads) and stopped as soon as the import ends, fails or is cancelled.
"""

from __future__ import annotations

import gc
import multiprocessing
import os
import queue as queues
import signal
import threading
import traceback
from array import array
from collections.abc import Callable, Generator, Iterator, Mapping
from functools import partial
from pathlib import Path
from typing import Any

from trusted_trader.domain.enums import ImportKind
from trusted_trader.domain.errors import Problem
from trusted_trader.services.importing.entry_reader import KnownEntries, entry_chunks
from trusted_trader.services.importing.keyed import checked_row
from trusted_trader.services.importing.read import ImportFileError, open_table
from trusted_trader.services.importing.rows import RowRejected, checked_cells
from trusted_trader.services.importing.touch_digest import CellDigest, KnownRows, Matcher, Skipped

# What the reader sends for one chunk: rows read so far, share of the file read, the
# checked rows as (row number, (IOR number, values tuple, digest of its cells or None)),
# the rejected ones as (row number, cells, problems) and the entries found unchanged
# (entries), or the rows found unchanged by their digest (touch points), else 0.
Checked = list[tuple[int, tuple[Any, ...]]]
Rejected = list[tuple[int, list[Any], list[Problem]]]
ReadChunk = tuple[int, float | None, Checked, Rejected, int | Skipped]
# Rows counted unchanged by their digest are sent by number, a few bytes each: a chunk
# goes once it holds ``size`` checked rows, or this many times as many such rows (with
# the progress they make), or a mix of the two.
_SKIPPED_PER_CHUNK = 8


class ReaderUnavailable(Exception):
    """The reader process ended before sending anything (it could not start here)."""


# Chunks in flight (a few MB each, in the reader): the reader goes on while the importing
# process reads what it needs from the store, its stored records' digests for a re-import
# (a second or two for a million records), and need not wait for it afterwards.
_DEPTH = 32
_POLL_SECONDS = 0.5


def read_in_process(
    path: Path,
    sheet: str | None,
    kind: str,
    mapping: Mapping[str, int],
    size: int,
    known: Callable[[], KnownEntries | KnownRows | None] | None = None,
) -> Generator[ReadChunk, None, None]:
    """Start a second process reading ``path``; its checked chunks, as they come.

    The process starts at once, so that it reads while the caller gets ready;
    ``known()`` (entries, touch points) is asked for while it starts, and sent to it.
    Iterating raises :class:`ImportFileError` when the file cannot be read to its
    end, and :class:`ReaderUnavailable` when the process ended before its first
    message (the caller then reads in this process). Closing the iterator early
    (the import failed or was cancelled) stops the reader.
    """
    context = multiprocessing.get_context("spawn")
    channel: Any = context.Queue(_DEPTH)
    inbox, outbox = context.Pipe(duplex=False) if known is not None else (None, None)
    reader = context.Process(
        target=_read,
        args=(channel, str(path), sheet, kind, dict(mapping), size, inbox),
        name="import-reader",
        daemon=True,
    )
    try:
        reader.start()
    except OSError as exc:  # no process can be started here (limits, a locked-down system)
        channel.close()
        return _unavailable(exc)
    if known is not None and outbox is not None and inbox is not None:
        inbox.close()  # the reader's end now: a reader gone makes the send fail, not wait
        try:
            outbox.send(known())
        except BrokenPipeError:
            pass  # the reader ended at once: _received says so
        except BaseException:
            reader.terminate()
            channel.close()
            raise
        finally:
            outbox.close()
    return _received(reader, channel, path.name)


def _unavailable(exc: OSError) -> Generator[ReadChunk, None, None]:
    raise ReaderUnavailable(str(exc))
    yield  # a generator, so that the caller meets the error where it reads the chunks


def _received(reader: Any, channel: Any, name: str) -> Generator[ReadChunk, None, None]:
    heard = False
    try:
        while True:
            try:
                message = channel.get(timeout=_POLL_SECONDS)
            except queues.Empty:
                if not reader.is_alive() and not heard:
                    raise ReaderUnavailable(reader.exitcode) from None
                if not reader.is_alive():
                    raise ImportFileError(
                        f"{name}: the file reader stopped unexpectedly "
                        f"(exit code {reader.exitcode})."
                    ) from None
                continue
            heard = True
            tag = message[0]
            if tag == "rows":
                yield message[1]
            elif tag == "end":
                return
            else:  # "error": the file's own fault; "crash": ours, with its traceback
                raise ImportFileError(message[1])
    finally:
        if reader.is_alive():
            reader.terminate()
        reader.join(timeout=5)
        channel.close()
        channel.join_thread()


def _read(
    channel: Any,
    path: str,
    sheet: str | None,
    kind: str,
    mapping: dict[str, int],
    size: int,
    inbox: Any,
) -> None:
    """The reader process: parse and check rows, send them a chunk at a time."""
    # Ctrl-C reaches the whole process group: the parent handles it and stops us.
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    _exit_with_parent()
    # Every checked row is a few tuples that reference counting frees; the cycle
    # collector would walk them each few hundred, a fifth of the reading time.
    gc.freeze()
    gc.set_threshold(50_000, *gc.get_threshold()[1:])
    try:
        known = inbox.recv() if inbox is not None else None
        chunks: Iterator[ReadChunk]
        if kind == ImportKind.ENTRIES:
            chunks = entry_chunks(Path(path), sheet, mapping, size, known)
        else:
            chunks = checked_chunks(Path(path), sheet, kind, mapping, size, known)
        for chunk in chunks:
            channel.put(("rows", chunk))
        channel.put(("end",))
    except ImportFileError as exc:
        channel.put(("error", str(exc)))
    except Exception:
        channel.put(("crash", f"{Path(path).name} could not be read:\n{traceback.format_exc()}"))


def _exit_with_parent() -> None:
    """End this process as soon as the importing one is gone, however it ended.

    A killed import cannot stop its reader; without this, the reader would go on
    reading (or wait forever on a full channel) with nobody to read its chunks.
    """
    parent = multiprocessing.parent_process()
    if parent is None:
        return

    def watch() -> None:
        parent.join()  # returns once the parent process has ended
        os._exit(1)

    threading.Thread(target=watch, name="parent-watch", daemon=True).start()


def checked_chunks(
    path: Path,
    sheet: str | None,
    kind: str,
    mapping: Mapping[str, int],
    size: int,
    known: KnownRows | None = None,
) -> Iterator[ReadChunk]:
    """Rows of ``path`` checked with the import kind's row parser, ``size`` at a time.

    A touch-point row travels with the digest of its cells; one whose digest ``known``
    holds for its partner is not checked, only sent by number (``Skipped``).
    """
    items = list(mapping.items())
    check: Callable[[Mapping[str, Any]], tuple[Any, ...]] = partial(checked_row, kind)
    digest = CellDigest(mapping) if kind == ImportKind.TOUCH_POINTS else None
    match = Matcher(known) if digest is not None and known is not None else None
    if match is None:
        match = Matcher(KnownRows(array("q"), {}))  # matches nothing
    ior_at = mapping.get("ior_number", 0)
    with open_table(path, sheet) as table:
        checked: Checked = []
        rejected: Rejected = []
        skipped = Skipped()
        numbers, places = skipped.numbers.append, skipped.at.append
        done = waiting = 0
        for number, cells in table.rows:
            done += 1
            raw = None if digest is None else digest.of_row(cells)
            at = match(cells[ior_at] if ior_at < len(cells) else "", raw)
            if at is not None and type(cells) is list:  # not an UnreadableRow
                numbers(number)
                places(at)
                waiting += 1
            else:
                width = len(cells)
                named = {name: cells[i] if i < width else "" for name, i in items}
                try:
                    checked.append((number, (*check(checked_cells(cells, named)), raw)))
                except RowRejected as exc:
                    rejected.append((number, cells, exc.problems))
                waiting += _SKIPPED_PER_CHUNK
            if waiting >= size * _SKIPPED_PER_CHUNK:
                yield done, table.position(), checked, rejected, skipped if skipped.numbers else 0
                checked, rejected, skipped, waiting = [], [], Skipped(), 0
                numbers, places = skipped.numbers.append, skipped.at.append
        yield done, table.position(), checked, rejected, skipped if skipped.numbers else 0
