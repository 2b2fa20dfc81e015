"""The reader's work for entries: each line checked, unless its whole entry is known unchanged.

ACE lists an entry's lines one after another. For each such run of lines whose entry is
stored with a digest, the reader takes the digest of the run's raw cells: equal to the
stored one (bound to the same partner), the entry is what those same lines made it, and
it is counted unchanged without checking its lines. Every other line is checked in full
and sent, the run's digest with its first line. An entry whose lines come again later in
the file is not unchanged after all: its later lines are held back, and once the file is
read all its lines are read again and sent, checked, in file order.
"""

from __future__ import annotations

from array import array
from collections.abc import Iterator, Mapping
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path
from typing import Any, NamedTuple

from trusted_trader.domain.errors import Problem
from trusted_trader.domain.identifiers import IdentifierError
from trusted_trader.services.importing.entry_digest import (
    CellsDigest,
    chained,
    keyed,
    line_mark,
)
from trusted_trader.services.importing.read import UnreadableRow, open_table
from trusted_trader.services.importing.rows import (
    QuickLines,
    RowRejected,
    checked_cells,
    entry_line,
    normal_entry_number,
    partner_of_cell,
)

# A chunk as the reader sends it: rows read so far, share of the file read, the checked
# rows as (row number, (IOR number, values tuple, line digest)), the rejected ones as
# (row number, cells, problems), and how many entries were found unchanged (less those
# found not to be, in the last chunk).
Checked = list[tuple[int, tuple[Any, ...]]]
Rejected = list[tuple[int, list[Any], list[Problem]]]
Chunk = tuple[int, float | None, Checked, Rejected, int]
Row = tuple[int, list[Any]]
# Rows of one run held at most (ACE numbers an entry's lines up to 999, a few tariff rows
# each); a longer run is taken in parts, which the rules above keep right.
_MOST_ROWS = 10_000


class FoldedRun(NamedTuple):
    """The checked lines of an entry's first run in the file, folded as the importing
    process folds lines (see ``entries.EntriesHandler._fold``): sent instead of them, as
    a plain tuple of RUN_FIELDS values (a line is a tuple of 3)."""

    entry: str
    first: int  # its first row
    ior: str
    entry_day: int
    summary_day: int
    port: str
    lines: int
    value: float
    hts: str
    marks: tuple[int, ...]
    digest: int


RUN_FIELDS = len(FoldedRun._fields)


def folded_run(lines: Checked, seed: int) -> tuple[Any, ...] | None:
    """Checked lines of one entry folded (a FoldedRun's values), or None where the
    importing process must judge them line by line: lines that disagree, or a line
    number given twice."""
    ior, head = lines[0][1][:2]
    if any(ior2 != ior or values[:4] != head[:4] for _, (ior2, values, _) in lines[1:]):
        return None
    return _folded(
        [number for number, _ in lines], ior, [line[1] for _, line in lines],
        [line[2] for _, line in lines], seed,
    )  # fmt: skip


def _folded(
    numbers: list[int],
    ior: str,
    lines: list[tuple[Any, ...]],
    digests: list[int | None],
    seed: int,
) -> tuple[Any, ...] | None:
    """Lines that share their entry's values (of rows ``numbers``) folded into one
    FoldedRun's values; None where a line number comes twice."""
    entry, entry_day, summary_day, port, hts = lines[0][:5]
    seen: set[int] = set()
    count, value, marks, digest = 0, 0.0, [], seed
    for number, values, run_digest in zip(numbers, lines, digests, strict=True):
        line = values[5]
        if line:
            if line in seen:
                return None
            seen.add(line)
        if values[4] and values[4] != hts:  # made distinct and sorted when written
            hts = f"{hts} {values[4]}" if hts else values[4]
        count += values[7]
        value += values[6]
        marks.append(line_mark(number, line, values[7], values[4], values[6]))
        if run_digest is not None:  # a run's digest comes on its first line
            digest = chained(digest, run_digest)
    return (entry, numbers[0], ior, entry_day, summary_day, port, count, value, hts,
            tuple(marks), digest)  # fmt: skip


@dataclass(frozen=True)
class KnownEntries:
    """Stored entries' digests bound to their partners, compact to send to the reader,
    and the IOR numbers of the partners this login may change."""

    numbers: str  # entry numbers, one a line
    digests: array  # type: ignore[type-arg]  # 'q': keyed(digest, partner), in that order
    partners: dict[str, int]

    def lookup(self) -> dict[str, int]:
        numbers = self.numbers.split("\n") if self.numbers else []
        return dict(zip(numbers, self.digests, strict=True))


@lru_cache(maxsize=8192)
def _normal(entry: str) -> str | None:
    try:
        return normal_entry_number(entry.strip())
    except IdentifierError:
        return None


@dataclass
class _Reader:
    mapping: Mapping[str, int]
    known: KnownEntries | None
    digest: CellsDigest = field(init=False)
    stored: dict[str, int] = field(init=False)
    checked: Checked = field(default_factory=list)
    rejected: Rejected = field(default_factory=list)
    unchanged: int = 0
    skipped: set[str] = field(default_factory=set)  # entries counted unchanged
    seen: set[str] = field(default_factory=set)  # stored entries met so far
    later: set[str] = field(default_factory=set)  # skipped entries whose lines came again
    met: set[str] = field(default_factory=set)  # every entry number met so far

    def __post_init__(self) -> None:
        self.digest = CellsDigest(self.mapping)
        self.stored = self.known.lookup() if self.known is not None else {}
        self.ior_at = self.mapping["ior_number"]
        self.quick = QuickLines(self.mapping)
        self.line_digest = self.digest.line
        self.named = self.digest.named

    def digests(self, rows: list[Row]) -> tuple[list[int | None], bool]:
        """The run's digest on its first line (None on the others, chained by nobody),
        and whether every line is plain text (no separator, NUL or spreadsheet value in
        a cell, as ``cells_text`` reads it), which the quick check may take."""
        if _unreadable(rows):
            return [self.line_digest(cells) for _, cells in rows], False
        digest, plain = self.digest.run_digest([cells for _, cells in rows])
        return [digest, *([None] * (len(rows) - 1))], plain

    def run(self, key: str, rows: list[Row]) -> None:
        """One run of lines of the same entry-number cell."""
        # Over a table without digests no entry is skipped: its number is checked once, below.
        entry = None
        if self.stored and type(key) is str:
            entry = key.strip()  # a stored number is in its checked form: no need to check
            if entry not in self.stored:
                entry = _normal(key)
        if entry is not None and entry in self.skipped:
            self.later.add(entry)  # held back: read again at the end
            return
        digests, plain = self.digests(rows)
        if entry is not None and entry in self.stored:
            if entry not in self.seen and self._unchanged(entry, rows, digests[0]):
                self.skipped.add(entry)
                self.unchanged += 1
                self.seen.add(entry)
                return
            self.seen.add(entry)
        at = len(self.checked)
        quick = self.quick([cells for _, cells in rows]) if plain else None
        if quick is not None:
            entry = quick[0][1][0]
            if entry not in self.met:  # an entry's first lines, known to agree: folded here
                self.met.add(entry)
                numbers = [number for number, _ in rows]
                values = [line for _, line in quick]
                folded = _folded(numbers, quick[0][0], values, digests, self.digest.seed)
                if folded is not None:
                    self.checked.append((rows[0][0], folded))
                    return
            self.checked += [
                (number, (ior, values, line))
                for (number, _), (ior, values), line in zip(rows, quick, digests, strict=True)
            ]
            return
        refused = len(self.rejected)
        for (number, cells), line in zip(rows, digests, strict=True):
            self.check(number, cells, self.named(cells), line)
        if len(self.rejected) > refused and len(rows) > 1:
            # The run's digest would vouch for its rejected line too (and a re-import
            # count it unchanged, the line unreported): each line sent carries its own.
            cells_of = dict(rows)
            self.checked[at:] = [
                (n, (ior, values, self.line_digest(cells_of[n])))
                for n, (ior, values, _) in self.checked[at:]
            ]
        lines = self.checked[at:]
        if not lines:
            return
        number = lines[0][1][1][0]
        if number not in self.met:  # an entry's first lines: folded here
            self.met.add(number)
            folded = folded_run(lines, self.digest.seed)
            if folded is not None:  # sent as a plain tuple: unpickled several times faster
                del self.checked[at:]
                self.checked.append((folded[1], folded))

    def _unchanged(self, entry: str, rows: list[Row], run_digest: int | None) -> bool:
        """Whether the run's lines (of digest ``run_digest``) are those the stored entry
        was imported from."""
        if run_digest is None or _unreadable(rows):
            return False
        assert self.known is not None
        cells = rows[0][1]
        ior = cells[self.ior_at] if self.ior_at < len(cells) else ""
        partner = partner_of_cell(self.known.partners, ior)
        if partner is None:  # unknown, or not this login's to change: checked in full
            return False
        return keyed(chained(self.digest.seed, run_digest), partner) == self.stored[entry]

    def check(self, number: int, cells: list[Any], named: dict[str, Any], line: int | None) -> None:
        try:
            ior, values = entry_line(checked_cells(cells, named))
        except RowRejected as exc:
            self.rejected.append((number, cells, exc.problems))
        else:
            self.checked.append((number, (ior, values, line)))

    def take(self, done: int, position: float | None) -> Chunk:
        chunk = (done, position, self.checked, self.rejected, self.unchanged)
        self.checked, self.rejected, self.unchanged = [], [], 0
        return chunk

    def again(self, path: Path, sheet: str | None) -> None:
        """The lines of entries counted unchanged whose lines came again later, checked."""
        self.unchanged -= len(self.later)
        at = self.mapping["entry_number"]
        with open_table(path, sheet) as table:
            for number, cells in table.rows:
                key = cells[at] if at < len(cells) else ""
                if type(key) is str and _normal(key) in self.later:
                    self.check(number, cells, self.named(cells), self.line_digest(cells))


def _unreadable(rows: list[Row]) -> bool:
    """Whether a run holds a line the reader could not split: ``entry_chunks`` starts a
    run at each such line, so it can only be the first."""
    return isinstance(rows[0][1], UnreadableRow)


def entry_chunks(
    path: Path, sheet: str | None, mapping: Mapping[str, int], size: int, known: KnownEntries | None
) -> Iterator[Chunk]:
    """The file's lines, checked, ``size`` at a time; unchanged entries counted, not sent."""
    reader = _Reader(mapping, known)
    at = mapping["entry_number"]
    with open_table(path, sheet) as table:
        rows: list[Row] = []
        key: Any = None
        done = sent = 0
        for number, cells in table.rows:
            done += 1
            cell = cells[at] if at < len(cells) else ""
            if cell != key or isinstance(cells, UnreadableRow) or len(rows) >= _MOST_ROWS:
                if rows:
                    reader.run(key, rows)
                rows, key = [], cell
                # Lines to write, or (an unchanged file) progress to show.
                if len(reader.checked) + len(reader.rejected) >= size or done - sent > 8 * size:
                    yield reader.take(done - 1, table.position())
                    sent = done
            rows.append((number, cells))
        if rows:
            reader.run(key, rows)
        if reader.later:
            reader.again(path, sheet)
        yield reader.take(done, table.position())
