"""The queries behind the data checks: each finds the records of a scope that fail one rule.

Each query returns plain rows (partner id, record id, what names the record, why), and
where the database can judge alone it also counts and caps them per partner with window
functions, so a check of ten thousand partners reads only the rows it shows.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from datetime import date
from typing import Any, NamedTuple

from sqlalchemy import ColumnElement, Select, and_, case, exists, false, func, not_, select, true
from sqlmodel import col

from trusted_trader.domain.data_checks import VolumeTolerance
from trusted_trader.domain.identifiers import entry_character_values
from trusted_trader.store.models import (
    Center,
    CenterCoverage,
    CustomsEntry,
    MonthlyVolume,
    Partner,
    PartnerFilerCode,
    PartnerIor,
    TouchPoint,
)
from trusted_trader.store.sql import next_month
from trusted_trader.store.uow import UnitOfWork

BATCH = 500  # values per IN (...): well under SQLite's bound-variable limit


class Row(NamedTuple):
    """One record behind a finding; ``total`` is the partner's count for the check."""

    partner_id: int
    record_id: int
    key: Any  # what names the record: an entry number, a month's reported total
    on: date | None
    detail: Any  # why it is found: a filer code, a touch point's kind, a counted total
    total: int


def capped(uow: UnitOfWork, stmt: Select[Any], order: Sequence[Any], limit: int) -> list[Row]:
    """The first ``limit`` rows of each partner in ``order``, each with the partner's count.

    ``stmt`` selects partner_id, record_id, key, on and detail, in that order.
    """
    first = stmt.selected_columns[0]
    numbered = stmt.add_columns(
        func.row_number().over(partition_by=first, order_by=list(order)).label("rn"),
        func.count().over(partition_by=first).label("total"),
    ).subquery()
    c = numbered.c
    outer = (
        select(c.partner_id, c.record_id, c.key, c.on, c.detail, c.total)
        .where(c.rn <= limit)
        .order_by(c.partner_id, c.rn)
    )
    return [Row(*r) for r in uow.connection.execute(outer)]


def _row_select(*columns: Any) -> Any:
    """A select of the columns a :class:`Row` is made of, in its order and by its names."""
    names = ("partner_id", "record_id", "key", "on", "detail")
    return select(*(col(c).label(n) for c, n in zip(columns, names, strict=True)))


def _scoped(column: Any, partners: Any) -> ColumnElement[bool]:
    return col(column).in_(partners)


# --- entry numbers --------------------------------------------------------------------------

_DIGITS = {str(d): d for d in range(10)}
# Where each of the 10 characters of filer code and serial sits in "XXX-NNNNNNN-C".
_POSITIONS = (1, 2, 3, 5, 6, 7, 8, 9, 10, 11)


def _passes_check_digit(column: Any) -> ColumnElement[bool]:
    """True where a stored number has the normal shape and CBP's check digit (CATAIR App. E).

    The database works the digit out, so a million stored numbers are judged without
    reading them; anything else (another shape, a lower-case letter) is NULL here and
    goes to Python's ``parse_entry_number`` to be judged and explained.
    """
    terms = []
    for index, position in enumerate(_POSITIONS):
        values = entry_character_values(index)
        if index >= 3:  # the serial: digits only
            values = {ch: v for ch, v in values.items() if ch.isdigit()}
        terms.append(case(values, value=func.substr(column, position, 1)))
    total: ColumnElement[Any] = terms[0]
    for term in terms[1:]:
        total = total + term
    digit = (10 - total % 10) % 10
    return and_(
        func.length(column) == 13,
        func.substr(column, 4, 1) == "-",
        func.substr(column, 12, 1) == "-",
        case(_DIGITS, value=func.substr(column, 13, 1)) == digit,
    )


def doubtful_entry_numbers(uow: UnitOfWork, partners: Any) -> list[tuple[Any, ...]]:
    """(table, record id, partner id, entry number, date) of every stored number that may fail."""
    t, e = TouchPoint, CustomsEntry
    found: list[tuple[Any, ...]] = []
    for table, id_, partner, number, day in (
        ("touch_point", t.id, t.partner_id, t.entry_number, t.occurred_on),
        ("customs_entry", e.id, e.partner_id, e.entry_number, e.entry_date),
    ):
        stmt = select(col(id_), col(partner), col(number), col(day)).where(
            _scoped(partner, partners),
            col(number) != "",
            not_(func.coalesce(_passes_check_digit(col(number)), false())),
        )
        found.extend((table, *row) for row in uow.connection.execute(stmt))
    return found


# --- filer codes ----------------------------------------------------------------------------


def _has_filer_codes(partner_id: Any) -> Any:
    return exists().where(col(PartnerFilerCode.partner_id) == partner_id)


def unauthorized_filers(uow: UnitOfWork, partners: Any, limit: int) -> list[Row]:
    """Entries filed under a filer code the partner does not hold (partners holding some)."""
    e, f = CustomsEntry, PartnerFilerCode
    own = exists().where(
        col(f.partner_id) == col(e.partner_id), col(f.filer_code) == col(e.filer_code)
    )
    stmt = _row_select(e.partner_id, e.id, e.entry_number, e.entry_date, e.filer_code).where(
        _scoped(e.partner_id, partners), _has_filer_codes(col(e.partner_id)), ~own
    )
    return capped(uow, stmt, [col(e.entry_number)], limit)


def entries_without_filer_codes(uow: UnitOfWork, partners: Any) -> list[tuple[int, int]]:
    """(partner id, entries) of the partners with entries and no filer code on record."""
    e = CustomsEntry
    stmt = (
        select(col(e.partner_id), func.count())
        .where(_scoped(e.partner_id, partners), ~_has_filer_codes(col(e.partner_id)))
        .group_by(col(e.partner_id))
        .order_by(col(e.partner_id))
    )
    return [(int(p), int(n)) for p, n in uow.connection.execute(stmt)]


def filer_codes_of(uow: UnitOfWork, partner_ids: Iterable[int]) -> dict[int, list[str]]:
    """Each partner's filer codes, in code order (partners without any are left out)."""
    f = PartnerFilerCode
    found: dict[int, list[str]] = {}
    for batch in batches(partner_ids):
        stmt = (
            select(col(f.partner_id), col(f.filer_code))
            .where(col(f.partner_id).in_(batch))
            .order_by(col(f.filer_code))
        )
        for pid, code in uow.connection.execute(stmt):
            found.setdefault(int(pid), []).append(code)
    return found


# --- HTS coverage ---------------------------------------------------------------------------


def coverage(uow: UnitOfWork) -> tuple[dict[str, set[int]], dict[int, str]]:
    """Each HTS prefix with the Centers covering it, and each Center's code."""
    prefixes: dict[str, set[int]] = {}
    stmt = select(col(CenterCoverage.hts_prefix), col(CenterCoverage.center_id))
    for prefix, center_id in uow.connection.execute(stmt):
        prefixes.setdefault(str(prefix), set()).add(int(center_id))
    rows: Any = uow.connection.execute(select(col(Center.id), col(Center.code)))
    codes = {int(i): str(c) for i, c in rows}
    return prefixes, codes


def hts_combinations(uow: UnitOfWork, partners: Any) -> list[tuple[int, str]]:
    """The distinct (partner's Center, HTS numbers of an entry) of the scope's entries."""
    e, p = CustomsEntry, Partner
    stmt: Any = (
        select(col(p.center_id), col(e.hts_numbers))
        .distinct()
        .join(p, col(p.id) == col(e.partner_id))
        .where(_scoped(e.partner_id, partners), col(p.center_id).is_not(None))
        .where(col(e.hts_numbers) != "")
    )
    return [(int(c), str(h)) for c, h in uow.connection.execute(stmt)]


def entries_with_hts(
    uow: UnitOfWork, partners: Any, hts_texts: Iterable[str]
) -> list[tuple[int, int, int, str, Any, str]]:
    """(Center, partner, entry id, number, date, HTS numbers) of entries with these HTS texts."""
    e, p = CustomsEntry, Partner
    found: list[tuple[int, int, int, str, Any, str]] = []
    for batch in batches(hts_texts):
        stmt = (
            select(
                col(p.center_id),
                col(e.partner_id),
                col(e.id),
                col(e.entry_number),
                col(e.entry_date),
                col(e.hts_numbers),
            )
            .join(p, col(p.id) == col(e.partner_id))
            .where(_scoped(e.partner_id, partners), col(e.hts_numbers).in_(batch))
        )
        found.extend(tuple(r) for r in uow.connection.execute(stmt))  # type: ignore[misc]
    return found


def center_codes_of(uow: UnitOfWork, partner_ids: Iterable[int]) -> dict[int, str]:
    """Each partner's Center code (partners in no Center are left out)."""
    p, c = Partner, Center
    found: dict[int, str] = {}
    for batch in batches(partner_ids):
        stmt: Any = select(col(p.id), col(c.code)).join(c, col(c.id) == col(p.center_id))
        rows: Any = uow.connection.execute(stmt.where(col(p.id).in_(batch)))
        found.update((int(i), str(code)) for i, code in rows)
    return found


# --- touch points and volumes ---------------------------------------------------------------


def touch_points_without_entry(uow: UnitOfWork, partners: Any, limit: int) -> list[Row]:
    """Touch points naming an entry the partner's imported entries lack, in imported months."""
    t, v, e = TouchPoint, MonthlyVolume, CustomsEntry
    # Only the partners with imported entries: SQLite would otherwise read every touch
    # point of the scope before it looks for the month (1.7 s for 10,000 partners).
    months = (_scoped(v.partner_id, partners), col(v.derived_entries).is_not(None))
    imported = select(col(v.partner_id)).where(*months).distinct()
    # Nor touch points older than the first imported month: the index seeks past them
    # (half the time on 10,000 partners with 12 of 36 months imported).
    first = select(func.min(col(v.month))).where(*months).scalar_subquery()
    known = exists().where(
        col(e.entry_number) == col(t.entry_number), col(e.partner_id) == col(t.partner_id)
    )
    stmt = (
        _row_select(t.partner_id, t.id, t.entry_number, t.occurred_on, t.kind)
        .select_from(v)
        .join(
            t,
            and_(
                col(t.partner_id) == col(v.partner_id),
                col(t.occurred_on) >= col(v.month),
                col(t.occurred_on) < next_month(col(v.month), uow.dialect),
            ),
        )
        .where(col(v.derived_entries).is_not(None), _scoped(t.partner_id, imported))
        .where(col(t.occurred_on) >= first, col(t.entry_number) != "", ~known)
    )
    return capped(uow, stmt, [col(t.occurred_on), col(t.id)], limit)


def volume_mismatches(
    uow: UnitOfWork, partners: Any, tolerance: VolumeTolerance, limit: int
) -> list[Row]:
    """Months whose reported total and counted entries differ by more than the tolerance."""
    v = MonthlyVolume
    difference = func.abs(col(v.entries) - col(v.derived_entries))
    stmt = _row_select(v.partner_id, v.id, v.entries, v.month, v.derived_entries).where(
        _scoped(v.partner_id, partners),
        col(v.reported) == true(),
        col(v.derived_entries).is_not(None),
        difference > tolerance.entries,
        # in floating point: times 100, a month of 100 million entries overflows an integer
        difference * 100.0 > col(v.derived_entries) * tolerance.percent,
    )
    return capped(uow, stmt, [col(v.month)], limit)


# --- names ----------------------------------------------------------------------------------


def partner_names(uow: UnitOfWork, partner_ids: Iterable[int]) -> dict[int, tuple[str, str]]:
    """Each partner's name and first IOR number."""
    p, i = Partner, PartnerIor
    found: dict[int, tuple[str, str]] = {}
    for batch in batches(partner_ids):
        stmt: Any = (
            select(col(p.id), col(p.legal_name), func.min(col(i.ior_number)))
            .outerjoin(i, col(i.partner_id) == col(p.id))
            .where(col(p.id).in_(batch))
            .group_by(col(p.id), col(p.legal_name))
        )
        found.update(
            (int(pid), (name, ior or "")) for pid, name, ior in uow.connection.execute(stmt)
        )
    return found


def batches(values: Iterable[Any]) -> list[list[Any]]:
    """The distinct values, sorted, in lists short enough for one ``IN (…)`` each."""
    ordered = sorted(set(values))
    return [ordered[i : i + BATCH] for i in range(0, len(ordered), BATCH)]
