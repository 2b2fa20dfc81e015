"""Digests of entry summary lines as a file gives them, to know an unchanged entry cheaply.

An entry's digest chains the digests of the runs of its lines (lines one after another
in the file), each the digest of its lines' raw cells (the mapped columns, by name)
in file order; a line met alone is a run of one. The same lines give the same stored
entry, so an import that meets an entry's lines with the digest it stored may count the
entry unchanged without checking them again, as long as the release that checked them is
this one (``RELEASE``). blake2b, not Python's ``hash()``: digests are compared across
processes and runs.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from hashlib import blake2b
from operator import itemgetter
from typing import Any
from zlib import crc32

from trusted_trader import __version__

# The release whose rules checked the lines a digest vouches for.
RELEASE = f"Trusted Trader {__version__}"
MASK = (1 << 63) - 1  # a signed 64-bit column holds it on both databases
_STEP = 0x9E3779B97F4A7C15  # odd: chaining by it loses nothing of the earlier lines


def text_digest(text: str) -> int:
    """A stable 63-bit digest of a text."""
    raw = blake2b(text.encode("utf-8", "surrogatepass"), digest_size=8).digest()
    return int.from_bytes(raw, "little") & MASK


_RUN = "\x1e"  # between the lines of a run (see run_digest); never in a line's text
_UNIT = "\x1f"  # between the cells of a line


def cells_text(cells: Sequence[Any], separators: int) -> str:
    """The text a row's digest is taken of: its cells joined by a separator, which is
    quick; where that could read two rows alike (a cell holding the separator or a NUL
    character, or a spreadsheet's number or date, whose text a text cell could spell)
    the cells' ``repr``, marked so that no joined text is the same."""
    return _joined(cells, separators) or "\x00" + repr(tuple(cells))


def _joined(cells: Sequence[Any], separators: int) -> str:
    """The cells joined by the separator where that text reads them alike, else ""."""
    try:
        joined = _UNIT.join(cells)
    except TypeError:  # a spreadsheet's numbers and dates
        return ""
    if joined.count(_UNIT) != separators or "\x00" in joined or _RUN in joined:
        return ""
    return joined


class LineDigest:
    """The digest of one line's mapped cells; ``seed`` starts an entry's chain."""

    def __init__(self, names: Sequence[str]) -> None:
        self.names = tuple(sorted(names))
        # Another mapping, another digest; another release (whose checks may be stricter),
        # too: after an upgrade each stored row is checked once more when its file comes again.
        self.seed = text_digest("\x1e".join((RELEASE, *self.names)))
        self.separators = len(self.names) - 1

    def __call__(self, named: Mapping[str, Any]) -> int:
        """The digest of the cells' text, in the order of ``names`` (see also the reader's
        ``_Reader.line_digest``, which must take it alike)."""
        return text_digest(cells_text([named[name] for name in self.names], self.separators))


class CellsDigest(LineDigest):
    """The same digest taken from a row's cells by position, without naming them (a
    reader takes it of every row of a million)."""

    def __init__(self, mapping: Mapping[str, int]) -> None:
        super().__init__(list(mapping))
        order = [mapping[name] for name in self.names]
        self.widest = max(order)
        self.pick: Any = itemgetter(*order, order[0])  # a tuple, also for one column
        # The mapped cells alone, a tuple (entries and touch points map several columns).
        self.pick_all: Any = itemgetter(*order) if len(order) > 1 else None
        self.items = list(mapping.items())

    def named(self, cells: Sequence[Any]) -> dict[str, Any]:
        """The row's mapped cells by name ("" for those it lacks)."""
        width = len(cells)
        return {name: cells[i] if i < width else "" for name, i in self.items}

    def text(self, cells: Sequence[Any]) -> str:
        """The ``cells_text`` of a row as a file gives it."""
        if len(cells) <= self.widest:
            named = self.named(cells)
            return cells_text([named[name] for name in self.names], self.separators)
        return cells_text(self.pick(cells)[:-1], self.separators)

    def line(self, cells: Sequence[Any]) -> int:
        """The digest of a row as a file gives it: ``text_digest(self.text(cells))``."""
        return text_digest(self.plain_text(cells) or self.text(cells))

    def plain_text(self, cells: Sequence[Any]) -> str:
        """``self.text(cells)`` where it is the cells joined (the common case, taken
        without naming them), else ""."""
        if len(cells) > self.widest:
            return _joined(self.pick(cells)[:-1], self.separators)
        return ""

    def run_digest(self, rows: Sequence[Sequence[Any]]) -> tuple[int, bool]:
        """The digest of consecutive lines of one entry (one line's is its ``line``), and
        whether every line is plain text (see ``plain_text``)."""
        text = self._plain_run(rows)
        if text:
            return text_digest(text), True
        texts = [self.plain_text(cells) for cells in rows]
        plain = all(texts)
        if not plain:
            texts = [text or self.text(cells) for text, cells in zip(texts, rows, strict=True)]
        return text_digest(_RUN.join(texts)), plain

    def _plain_run(self, rows: Sequence[Sequence[Any]]) -> str:
        """The run's text where every line is plain text, joined in one go (the text
        ``run_digest`` would join line by line), else ""."""
        if self.pick_all is None:
            return ""
        try:
            text = _RUN.join(map(_UNIT.join, map(self.pick_all, rows)))
        except (IndexError, TypeError):  # a short row; a spreadsheet's numbers and dates
            return ""
        count = len(rows)
        if (
            text.count(_UNIT) != self.separators * count
            or text.count(_RUN) != count - 1
            or "\x00" in text
        ):
            return ""
        return text


def chained(digest: int, line: int) -> int:
    """An entry's digest with one more line."""
    return (digest * _STEP + line) & MASK


def keyed(digest: int, partner_id: int) -> int:
    """An entry's digest bound to its partner: the same lines under another partner differ."""
    return (digest ^ (partner_id * _STEP)) & MASK


# A line's mark packs in one int its line number, row number, its ``lines`` count and
# digests of its HTS numbers and of its value: for repeated lines and for naming rows.
_VALUE_BITS, _HTS_BITS, _LINES_BITS, _ROW_BITS = 24, 16, 14, 32
_HTS_SHIFT = _VALUE_BITS
LINES_SHIFT = _HTS_SHIFT + _HTS_BITS
_ROW_SHIFT = LINES_SHIFT + _LINES_BITS
LINE_SHIFT = _ROW_SHIFT + _ROW_BITS
VALUE_MASK = (1 << _VALUE_BITS) - 1
HTS_MASK = ((1 << _HTS_BITS) - 1) << _HTS_SHIFT
DETAIL_MASK = (1 << _ROW_SHIFT) - 1  # lines, HTS and value: what a repeat must match
_ROW_MASK = (1 << _ROW_BITS) - 1


def line_mark(row: int, line: int | None, lines: int, hts: str, value: float) -> int:
    """A line's mark: the same in every process (a repeat is judged against marks made
    by the reader as well as by the importing process)."""
    detail = (lines << LINES_SHIFT) | ((crc32(hts.encode()) << _HTS_SHIFT) & HTS_MASK)
    return ((line or 0) << LINE_SHIFT) | (row << _ROW_SHIFT) | detail | (hash(value) & VALUE_MASK)


def row_of(mark: int) -> int:
    """The row number a mark was made for."""
    return (mark >> _ROW_SHIFT) & _ROW_MASK
