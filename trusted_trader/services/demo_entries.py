"""Demo entry summaries: consistent with the demo's volumes, ports and filer codes, with a
few findings planted for every data check.

What the demo writes and plants (:data:`PLANTED` holds the counts):

- Entries exist for the last ``DemoSpec.entry_months`` months (6) of every n-th partner,
  so that at most ``DemoSpec.entry_partners`` (100) partners have them; a small demo
  gives them to all its partners. In those partner-months the entries are exactly the
  month's volume, each filed under the partner's filer code with a serial of its own and
  CBP's check digit, under one of its IOR numbers, at one of its usual ports, with 1-5
  lines whose HTS numbers lie in its Center's coverage. The derived volumes are counted
  by :func:`~trusted_trader.services.entry_volumes.refresh_derived`, and the reported
  total of such a month is the derived count and value: no finding.
- Touch points in a month with entries name one of those entries (the same partner,
  month and port, one of its HTS numbers).
- Planted, as extra entries (the month's reported total counts them, so they add no
  finding of their own), one partner-month each, the last month first, partner by
  partner:
  ``wrong_check_digits`` entries whose check digit is one more than CBP's (an import
  refuses such a number; these are stored directly); ``foreign_filers`` entries filed
  under a filer code no demo partner has (a digit first, :data:`FOREIGN_FILERS`);
  ``other_center_hts`` entries of two lines, one HTS number of the partner's Center and
  one that only another Center's coverage holds.
- ``stray_touch_points``: the first touch point of as many months with entries (one
  partner after another first) keeps a number of its own: valid, the partner's filer
  code, but among none of the entries (their serials run from 5,000,000 up; entries'
  serials stay below).
- ``mismatched_months``: months with entries whose reported total differs from the
  derived count by more than 5% and by more than 3 entries (the next partner-months in
  the same order, after those with planted entries).

No touch point names a planted entry, so the touch points' check digits all hold.
"""

from __future__ import annotations

import random
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from datetime import date, timedelta
from functools import cache
from itertools import repeat
from typing import NamedTuple, Protocol

from trusted_trader.domain.identifiers import entry_check_digit
from trusted_trader.services.demo_names import FOREIGN_FILERS
from trusted_trader.services.entry_volumes import refresh_derived
from trusted_trader.store.bulk import bulk_insert
from trusted_trader.store.models import CustomsEntry
from trusted_trader.store.uow import UnitOfWork

__all__ = [
    "PLANTED",
    "STRAY_SERIALS",
    "CheckDigits",
    "Coverage",
    "DemoPartner",
    "EntryBook",
    "Planted",
    "Trader",
    "book_entries",
    "check_digits",
    "make_trader",
    "write_entries",
]


class Planted(NamedTuple):
    """How many findings of each data check the demo plants (see the module's docstring)."""

    wrong_check_digits: int = 2
    """Entries whose check digit is CBP's plus one."""
    foreign_filers: int = 3
    """Entries under a filer code none of the partners has."""
    other_center_hts: int = 3
    """Entries with one HTS number that only another Center covers."""
    stray_touch_points: int = 4
    """Touch points in a month with entries that name none of them."""
    mismatched_months: int = 2
    """Months whose reported total is off the derived count by > 5% and > 3 entries."""


PLANTED = Planted()

# Serials of touch points without an entry behind them start here; entries stay below.
STRAY_SERIALS = 5_000_000
# Lines per entry: most entry summaries have one or two.
LINES = (1, 1, 1, 1, 2, 2, 2, 3, 3, 4, 5)
HOME_PORT_SHARE = 0.6  # of a partner's entries go through its home port
POOL_TRIES = 80  # HTS numbers made up per Center, a few dropped as another's


class CheckDigits:
    """CBP's entry check digits for many numbers, by the rule of ``entry_check_digit``.

    The digit depends on the sum of the filer code's part and the serial's part; the filer
    code's part comes from the domain rule itself (its digit over a serial of zeros), the
    serial's from the same rule over a filer code of zeros, its first three and last four
    digits looked up in two small tables.
    """

    def __init__(self) -> None:
        self.head = [(10 - entry_check_digit(f"000{h:03d}0000")) % 10 for h in range(1000)]
        self.tail = [(10 - entry_check_digit(f"000000{t:04d}")) % 10 for t in range(10_000)]
        self._filers: dict[str, int] = {}

    def filer_part(self, filer: str) -> int:
        if filer not in self._filers:
            self._filers[filer] = (10 - entry_check_digit(filer + "0000000")) % 10
        return self._filers[filer]

    def numbers(
        self, filers: Sequence[str], serials: Iterable[int], check_offset: int = 0
    ) -> list[str]:
        """Entry numbers ``XXX-NNNNNNN-C``, one per filer code and serial; ``check_offset``
        more than CBP's check digit, to plant wrong ones."""
        part = {filer: self.filer_part(filer) - check_offset for filer in set(filers)}
        head, tail = self.head, self.tail
        return [
            f"{f}-{s:07d}-{-(part[f] + head[s // 10_000] + tail[s % 10_000]) % 10}"
            for f, s in zip(filers, serials, strict=True)
        ]


class DemoPartner(Protocol):
    """What the demo knows of a partner when it makes up its trade."""

    id: int
    filer: str  # its filer code
    iors: tuple[str, ...]
    home_port: str  # the port of its city
    center_index: int  # its Center's index in the Coverage


class Coverage:
    """The Centers' HTS prefixes (by Center index), and which Center an HTS number maps to."""

    def __init__(self, prefixes: Sequence[Sequence[str]], rng: random.Random) -> None:
        self.prefixes = [tuple(p) for p in prefixes]
        self._center = {p: index for index, group in enumerate(prefixes) for p in group}
        self._lengths = sorted({len(p) for p in self._center}, reverse=True)
        self._pools = [_hts_pool(rng, index, self) for index in range(len(self.prefixes))]

    def center_of(self, hts: str) -> int | None:
        """The Center whose longest prefix covers ``hts`` (as CBP assigns an importer)."""
        for length in self._lengths:
            found = self._center.get(hts[:length])
            if found is not None:
                return found
        return None

    def covers(self, center: int, hts: str) -> bool:
        return any(hts.startswith(prefix) for prefix in self.prefixes[center])

    def pool(self, center: int) -> tuple[str, ...]:
        """HTS numbers the demo's importers of the Center import."""
        return self._pools[center]


@cache
def check_digits() -> CheckDigits:
    """One set of tables for the whole process: they never change."""
    return CheckDigits()


@dataclass(frozen=True)
class Trader:
    """What a demo partner's entries are made of."""

    id: int
    filer: str
    iors: tuple[str, ...]
    ports: tuple[str, ...]  # its usual ports, the home port first
    hts: tuple[str, ...]  # HTS numbers it imports, of its Center's coverage alone
    center: int  # index of its Center
    has_entries: bool


def make_trader(
    rng: random.Random,
    partner: DemoPartner,
    ports: Sequence[str],
    coverage: Coverage,
    has_entries: bool,
) -> Trader:
    """A partner's usual ports (its home port and up to two more) and HTS numbers."""
    draw, home = rng.random, partner.home_port
    others = [ports[int(draw() * len(ports))] for _ in range(int(draw() * 3))]
    usual = tuple(dict.fromkeys((home, *others)))
    pool = coverage.pool(partner.center_index)
    hts = sorted({pool[int(draw() * len(pool))] for _ in range(2 + int(draw() * 5))})
    return Trader(
        partner.id, partner.filer, partner.iors, usual, tuple(hts), partner.center_index,
        has_entries,
    )  # fmt: skip


def _hts_pool(rng: random.Random, center: int, coverage: Coverage) -> tuple[str, ...]:
    """HTS numbers of the Center's coverage that no other Center claims more closely."""
    prefixes = coverage.prefixes[center]
    found: set[str] = set()
    for _ in range(POOL_TRIES if prefixes else 0):
        number = _hts_under(rng, prefixes[int(rng.random() * len(prefixes))])
        if coverage.center_of(number) == center:
            found.add(number)
    return tuple(sorted(found)) or ("9999999999",)


def _hts_under(rng: random.Random, prefix: str) -> str:
    """A 10-digit HTS number under ``prefix``: heading, subheading, statistical suffix."""
    draw = rng.random
    heading = prefix if len(prefix) >= 4 else f"{prefix}{1 + int(draw() * 20):02d}"
    rest = f"{(1 + int(draw() * 9)) * 10:02d}{int(draw() * 100):02d}{int(draw() * 10):d}0"
    return (heading + rest)[:10]


@dataclass
class EntryBook:
    """The demo's entries, and what the volumes and touch points need of them.

    Partner-months ("cells") are numbered as the touch points number them:
    partner index x ``span`` + month index.
    """

    span: int
    rows: list[tuple[object, ...]] = field(default_factory=list)
    # Per partner-month with entries: (entry number, port, HTS number) a touch point may name.
    pools: dict[int, list[tuple[str, str, str]]] = field(default_factory=dict)
    # Per partner-month with entries: its reported total, entries and entered value.
    totals: dict[int, tuple[int, float]] = field(default_factory=dict)

    def link_touch_points(
        self, cells: Sequence[int], numbers: list[str], ports: list[str], hts: list[str]
    ) -> int:
        """Point the touch points of months with entries at entries of theirs, but for the
        planted strays, which keep their own numbers; returns how many strays there are."""
        firsts: dict[int, int] = {}
        for index, cell in enumerate(cells):
            if cell in self.pools:
                firsts.setdefault(cell, index)
        strays = {firsts[c] for c in self._one_partner_after_another(firsts)}
        for index, cell in enumerate(cells):
            pool = self.pools.get(cell)
            if pool is not None and index not in strays:
                numbers[index], ports[index], hts[index] = pool[index % len(pool)]
        return len(strays)

    def _one_partner_after_another(self, firsts: dict[int, int]) -> list[int]:
        """The partner-months of the stray touch points: each partner's first, then seconds."""
        rank: dict[int, int] = {}
        order = []
        for cell in sorted(firsts, key=firsts.__getitem__):
            partner = cell // self.span
            rank[partner] = rank.get(partner, -1) + 1
            order.append((rank[partner], firsts[cell], cell))
        return [cell for *_key, cell in sorted(order)][: PLANTED.stray_touch_points]


class _Clerk:
    """Files the demo's entries, a partner-month at a time, into an :class:`EntryBook`."""

    def __init__(self, rng: random.Random, book: EntryBook, now: str) -> None:
        self.rng = rng
        self.book = book
        self.now = now
        self.digits = check_digits()
        self._next: dict[str, int] = {}
        self._days: dict[date, list[str]] = {}
        self._runs: dict[int, list[list[tuple[str, str]]]] = {}

    def serials(self, filer: str, count: int) -> range:
        """The filer's next serials: a filer numbers its entries one after another."""
        if filer not in self._next:
            self._next[filer] = 1_000_000 + int(self.rng.random() * 2_000_000)
        first = self._next[filer]
        self._next[filer] += count
        return range(first, first + count)

    def month(self, trader: Trader, cell: int, month: date, count: int, value: float) -> None:
        """The month's ``count`` entries, in the order of their dates, open to touch points."""
        if count:
            numbers, ports, first_hts = self.file(trader, cell, month, count, value)
            self.book.pools[cell] = list(zip(numbers, ports, first_hts, strict=True))

    def planted(
        self, trader: Trader, cell: int, month: date, value: float, *, filer: str = "",
        check_offset: int = 0, hts: tuple[str, ...] = (),
    ) -> None:  # fmt: skip
        """One entry with a twist, no touch point's to name."""
        self.file(trader, cell, month, 1, value, filer, check_offset, hts)

    def file(
        self, trader: Trader, cell: int, month: date, count: int, value: float,
        filer: str = "", check_offset: int = 0, hts: tuple[str, ...] = (),
    ) -> tuple[list[str], list[str], list[str]]:  # fmt: skip
        """``count`` entries of a partner-month, column by column, written to the book;
        returns their numbers, ports and first HTS numbers."""
        draw, days = self.rng.random, self.days(month)
        filer = filer or trader.filer
        numbers = self.digits.numbers([filer] * count, self.serials(filer, count), check_offset)
        on = sorted([int(draw() * 28) for _ in range(count)])
        ports = self.ports(trader, count)
        lines = [max(LINES[int(draw() * len(LINES))], len(hts)) for _ in range(count)]
        codes = [(" ".join(sorted(hts)), min(hts))] * count if hts else self.codes(trader, lines)
        # Whole dollars, as ACE reports line values: their sums are exact in any order.
        entered = [float(round(value * n * (0.25 + draw()) / 2)) for n in lines]
        iors = trader.iors
        self.book.rows.extend(
            zip(repeat(trader.id), numbers, [iors[int(draw() * len(iors))] for _ in on],
                repeat(filer), [days[d] for d in on], [days[d + 1 + int(draw() * 10)] for d in on],
                repeat(days[0]), ports, lines, entered, [text for text, _first in codes],
                repeat(self.now), repeat(self.now), repeat(1))
        )  # fmt: skip
        known, total = self.book.totals.get(cell, (0, 0.0))
        self.book.totals[cell] = (known + count, total + sum(entered))
        return numbers, ports, [first for _text, first in codes]

    def ports(self, trader: Trader, count: int) -> list[str]:
        draw, ports = self.rng.random, trader.ports
        return [
            ports[0] if draw() < HOME_PORT_SHARE else ports[int(draw() * len(ports))]
            for _ in range(count)
        ]

    def codes(self, trader: Trader, lines: list[int]) -> list[tuple[str, str]]:
        """Each entry's HTS numbers (as many as its lines, or fewer): a run of the trader's."""
        draw, runs = self.rng.random, self.runs(trader)
        chosen = [runs[int(draw() * min(n, len(runs)))] for n in lines]
        return [run[int(draw() * len(run))] for run in chosen]

    def days(self, month: date) -> list[str]:
        """The month's days and the next few as text: a summary comes up to 10 days later."""
        if month not in self._days:
            self._days[month] = [(month + timedelta(days=d)).isoformat() for d in range(40)]
        return self._days[month]

    def runs(self, trader: Trader) -> list[list[tuple[str, str]]]:
        """The HTS numbers an entry of the trader may hold, by how many: runs of its own
        (sorted) numbers, each as text and its first number."""
        if trader.id not in self._runs:
            own = trader.hts
            self._runs[trader.id] = [
                [(" ".join(own[a : a + k]), own[a]) for a in range(len(own) - k + 1)]
                for k in range(1, len(own) + 1)
            ]
        return self._runs[trader.id]


def book_entries(
    rng: random.Random,
    traders: Sequence[Trader],
    volumes: Sequence[Sequence[int]],
    values: Sequence[float],
    month_starts: Sequence[date],
    entry_months: int,
    coverage: Coverage,
    now: str,
) -> EntryBook:
    """Entries for the last ``entry_months`` months of the traders that have entries, as
    many as their volumes (rows: traders, columns: ``month_starts``), and the planted ones."""
    span = len(month_starts)
    clerk = _Clerk(rng, EntryBook(span), now)
    recent = range(span - min(max(entry_months, 0), span), span)
    chosen = {index: t for index, t in enumerate(traders) if t.has_entries}
    for index, trader in chosen.items():
        for m in recent:
            cell = index * span + m
            clerk.month(trader, cell, month_starts[m], volumes[index][m], values[index])
    # The planted ones go to the last month first, partner by partner.
    cells = [(i, i * span + m, month_starts[m]) for m in reversed(recent) for i in chosen]
    if cells:
        used = _plant_entries(clerk, chosen, cells, values, coverage)
        _mismatch_months(clerk.book, [cell for _i, cell, _m in cells], used)
    return clerk.book


def _plant_entries(
    clerk: _Clerk,
    traders: dict[int, Trader],
    cells: list[tuple[int, int, date]],
    values: Sequence[float],
    coverage: Coverage,
) -> int:
    """The planted entries, one partner-month each (cycling when there are fewer); returns
    how many there are."""
    kinds = (
        ["check digit"] * PLANTED.wrong_check_digits
        + ["filer code"] * PLANTED.foreign_filers
        + ["HTS"] * PLANTED.other_center_hts
    )
    for k, kind in enumerate(kinds):
        index, cell, month = cells[k % len(cells)]
        trader = traders[index]
        if kind == "check digit":
            clerk.planted(trader, cell, month, values[index], check_offset=1)
        elif kind == "filer code":
            filer = FOREIGN_FILERS[k % len(FOREIGN_FILERS)]
            clerk.planted(trader, cell, month, values[index], filer=filer)
        else:
            other = _other_center_hts(trader.center, coverage)
            clerk.planted(trader, cell, month, values[index], hts=(trader.hts[0], other))
    return len(kinds)


def _other_center_hts(center: int, coverage: Coverage) -> str:
    """An HTS number another Center covers and the partner's Center does not."""
    centers = len(coverage.prefixes)
    for step in range(1, centers):
        other = (center + step) % centers
        for number in coverage.pool(other):
            if not coverage.covers(center, number):
                return number
    return "9999999999"  # covered by no Center at all: still outside the partner's


def _mismatch_months(book: EntryBook, cells: list[int], start: int) -> None:
    """Reported totals that differ from the derived count by > 5% and > 3 entries."""
    planted = 0
    for step in range(len(cells)):
        if planted == PLANTED.mismatched_months:
            return
        cell = cells[(start + step) % len(cells)]
        count, value = book.totals.get(cell, (0, 0.0))
        if count == 0:
            continue
        gap = max(4, count // 10 + 1)
        # One counted too high, the next too low (where it can be).
        reported = count - gap if planted % 2 and count > gap else count + gap
        book.totals[cell] = (reported, value)
        planted += 1


ENTRY_COLUMNS = (
    "partner_id",
    "entry_number",
    "ior_number",
    "filer_code",
    "entry_date",
    "summary_date",
    "month",
    "port_code",
    "lines",
    "entered_value_usd",
    "hts_numbers",
    "created_at",
    "updated_at",
    "version",
)


def write_entries(uow: UnitOfWork, book: EntryBook, partner_ids: Sequence[int]) -> int:
    """Write the book's entries and count the partners' volumes from them."""
    count = bulk_insert(uow.connection, CustomsEntry, ENTRY_COLUMNS, book.rows)
    refresh_derived(uow.connection, partner_ids)
    return count
