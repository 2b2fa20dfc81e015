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
from typing import Any

from trusted_trader.services.importing.entry_digest import (
    MASK,
    CellsDigest,
    LineDigest,
    chained,
    keyed,
)
from trusted_trader.services.importing.rows import partner_of_cell

_VERSION_STEP = 0xD6E8FEB86659FD93  # odd, and not the partner's step: versions mix apart


def bound(digest: int, version: int) -> int:
    """A keyed digest bound to a record's version; binding again with it unbinds it."""
    return (digest ^ (version * _VERSION_STEP)) & MASK


def source_digest(raw: int, partner_id: int, version: int) -> int:
    """What a record written from a row of digest ``raw`` stores."""
    return bound(keyed(raw, partner_id), version)


class RowDigest(LineDigest):
    """The digest of a row's mapped cells, in the order of their sorted column names:
    an entry line's, chained from the mapping's seed as a one-line entry's is."""

    def of_named(self, named: Mapping[str, Any]) -> int:
        """The digest of a row given by column name."""
        return chained(self.seed, self(named))


class CellDigest(CellsDigest):
    """The same digest taken from a row's cells by position, without naming them."""

    def of_row(self, cells: list[Any]) -> int:
        """The digest of a row as the file gives it, its cells by position."""
        return chained(self.seed, self.line(cells))


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

    def __init__(self, known: KnownRows) -> None:
        self.digests = known.digests
        self.count = len(known.digests)
        self.next = 0  # where the next row most likely matches (see __call__)
        self.places: dict[int, int] | None = None  # digest → place, made when first needed
        # keyed(raw, partner) is raw ^ keyed(0, partner): one XOR a row.
        self.partners = {ior: keyed(0, partner) for ior, partner in known.partners.items()}

    def __call__(self, ior: Any, raw: int | None) -> int | None:
        """The place matched by a row of IOR number cell ``ior`` and digest ``raw``, if any."""
        if raw is None or not self.count:
            return None
        partner = partner_of_cell(self.partners, ior)
        if partner is None:  # unknown, or not this login's to change: checked in full
            return None
        digest = raw ^ partner
        # An import writes records in the order of its rows, so the same file read again
        # mostly matches them in turn: the next place is tried before the dict, whose
        # look-ups over a million digests miss the processor's cache.
        at = self.next
        if at < self.count and self.digests[at] == digest:
            self.next = at + 1
            return at
        if self.places is None:
            self.places = {stored: place for place, stored in enumerate(self.digests)}
        found = self.places.get(digest)
        if found is not None:
            self.next = found + 1
        return found
