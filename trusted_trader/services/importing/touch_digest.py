"""Digests of touch-point rows as a file gives them, to count an unchanged row without checking it.

A row's digest is that of its mapped cells (the mapping's column names start it, so a
file with other columns never matches), keyed with the partner its IOR number names.
The record an import writes from the row keeps it bound to the version written: every
later change of the record (a form, an undo, a revert, a team copy) gives it another
version, and the bound digest then vouches for nothing. The importing process unbinds
each stored digest with the record's version now and sends them to the reader, which
counts a row whose digest is among them unchanged; every other row is checked in full.
"""

from __future__ import annotations

from array import array
from collections.abc import Mapping
from dataclasses import dataclass, field
from operator import itemgetter
from typing import Any

from trusted_trader.services.importing.entry_digest import chained, keyed, text_digest
from trusted_trader.services.importing.read import UnreadableRow
from trusted_trader.services.importing.rows import RowRejected, parse_ior

_MASK = (1 << 63) - 1  # a signed 64-bit column holds it on both databases
_VERSION_STEP = 0xD6E8FEB86659FD93  # odd, and not the partner's step: versions mix apart


def bound(digest: int, version: int) -> int:
    """A keyed digest bound to a record's version; binding again with it unbinds it."""
    return (digest ^ (version * _VERSION_STEP)) & _MASK


def source_digest(raw: int, partner_id: int, version: int) -> int:
    """What a record written from a row of digest ``raw`` stores."""
    return bound(keyed(raw, partner_id), version)


class RowDigest:
    """The digest of a row's mapped cells, in the order of their sorted column names.

    Text cells are joined by a separator, which is quick; where that could read two
    rows alike (a cell holding the separator or a NUL character, or a spreadsheet's
    number or date, whose text a text cell could spell) the cells' ``repr`` is taken
    instead, marked so that no joined text is the same.
    """

    def __init__(self, names: list[str]) -> None:
        self.names = tuple(sorted(names))
        self.seed = text_digest("\x1e".join(self.names))  # another mapping, another digest
        self.separators = len(self.names) - 1

    def of_named(self, named: Mapping[str, Any]) -> int:
        """The digest of a row given by column name."""
        return self.of_cells(tuple(named[name] for name in self.names))

    def of_cells(self, cells: tuple[Any, ...]) -> int:
        """The digest of a row's cells in the order of ``names``."""
        try:
            joined = "\x1f".join(cells)
        except TypeError:  # a spreadsheet's numbers and dates
            joined = ""
        if not joined or joined.count("\x1f") != self.separators or "\x00" in joined:
            joined = "\x00" + repr(cells)
        return chained(self.seed, text_digest(joined))


class CellDigest(RowDigest):
    """The same digest taken from a row's cells by position, without naming them."""

    def __init__(self, mapping: Mapping[str, int]) -> None:
        super().__init__(list(mapping))
        order = [mapping[name] for name in self.names]
        self.widest = max(order)
        self.pick: Any = itemgetter(*order, order[0])  # a tuple, also for one column
        self.items = list(mapping.items())

    def __call__(self, cells: list[Any]) -> int:
        if len(cells) > self.widest:
            return self.of_cells(self.pick(cells)[:-1])
        width = len(cells)
        return self.of_named({name: cells[i] if i < width else "" for name, i in self.items})


@dataclass(frozen=True)
class KnownRows:
    """The stored records' digests, unbound, in the importing process's scan order, and
    the IOR numbers of the partners this login may change: what the reader needs."""

    digests: array  # type: ignore[type-arg]  # 'q'
    partners: dict[str, int]


@dataclass
class Skipped:
    """Rows the reader counted unchanged: their numbers, and the stored record each
    matched, as its place in the scan (``KnownRows.digests``)."""

    numbers: array = field(default_factory=lambda: array("q"))  # type: ignore[type-arg]
    at: array = field(default_factory=lambda: array("q"))  # type: ignore[type-arg]

    def __len__(self) -> int:
        return len(self.numbers)


class Matcher:
    """The reader's test of a row: the place of the stored record its digest vouches for."""

    def __init__(self, mapping: Mapping[str, int], known: KnownRows) -> None:
        self.places = {digest: at for at, digest in enumerate(known.digests)}
        self.partners = known.partners
        self.ior_at = mapping["ior_number"]

    def __call__(self, cells: list[Any], raw: int) -> int | None:
        if not self.places or isinstance(cells, UnreadableRow):
            return None
        ior = cells[self.ior_at] if self.ior_at < len(cells) else ""
        partners = self.partners
        partner = partners.get(ior) if type(ior) is str else None
        if partner is None:  # not in its stored form, or not a partner's
            partner = partners.get(_ior(ior) or "")
        if partner is None:  # unknown, or not this login's to change: checked in full
            return None
        return self.places.get(keyed(raw, partner))


def _ior(value: Any) -> str | None:
    try:
        return parse_ior(value.strip()) if type(value) is str else None
    except RowRejected:
        return None
