"""Export partners, touch points, volumes, entries, activities and action items to CSV or Excel.

Columns carry the import's names, so an exported file imports back unchanged.
In CSV a cell that begins with =, +, -, @, a tab or a carriage return gets a
single quote in front, so a spreadsheet shows it instead of running it as a
formula; the import takes exactly that quote off again. In Excel files every
text cell is written as text, never as a formula.
"""

from __future__ import annotations

import csv
import os
from collections.abc import Callable, Generator, Iterator, Sequence
from contextlib import closing, suppress
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import Any

from sqlalchemy import Select, and_, exists, func, select
from sqlmodel import col

from trusted_trader.domain.enums import ImportKind
from trusted_trader.domain.errors import DomainError
from trusted_trader.services.importing.read import neutralize
from trusted_trader.services.importing.rows import COLUMNS
from trusted_trader.services.standing import ctpat_tier_ranks, tier_of
from trusted_trader.services.touch_points import TouchPointQuery, touch_point_conditions
from trusted_trader.store import models
from trusted_trader.store.models import (
    AccountExecutive,
    Center,
    Partner,
    PartnerFilerCode,
    PartnerIor,
)
from trusted_trader.store.safe_output import OutputFile, write_bytes
from trusted_trader.store.sql import joined, month_key
from trusted_trader.store.uow import UnitOfWork

EXPORT_KINDS = (*ImportKind, "activities", "plans")
EXPORT_COLUMNS: dict[str, tuple[str, ...]] = {
    **COLUMNS,
    # One row per entry, its lines summed: ``lines`` says how many it stands for.
    ImportKind.ENTRIES: (
        "entry_number", "ior_number", "entry_date", "summary_date", "port_code", "hts_number",
        "lines", "entered_value_usd",
    ),
    "activities": ("ior_number", "date", "kind", "participants", "summary"),
    "plans": (
        "ior_number", "plan", "plan_status", "description", "owner_side", "owner_name",
        "due_on", "status", "completed_on",
    ),
}  # fmt: skip
Progress = Callable[[int], None]


class ExportCancelled(DomainError):
    """The user stopped the export; the partial file was removed."""


@dataclass(frozen=True)
class ExportFilter:
    """The current filter of the window, or everything when nothing is set.

    A page hands over what it shows: the Partners page its partners (``partner_ids``), the
    Touch points page its query (applied to a touch-point export), with the ``kind`` to
    offer first and the filter in words (``label``).
    """

    partner_id: int | None = None
    center_id: int | None = None
    partner_ids: tuple[int, ...] | None = None
    touch_points: TouchPointQuery | None = None
    kind: str | None = None
    label: str = ""


@dataclass(frozen=True)
class ExportResult:
    kind: str
    path: Path
    rows: int


def export_file(
    uow: UnitOfWork,
    kind: str,
    path: Path,
    where: ExportFilter = ExportFilter(),
    *,
    progress: Progress | None = None,
    cancelled: Callable[[], bool] | None = None,
    overwrite: bool = False,
) -> ExportResult:
    """Write ``kind`` to ``path``; ``.csv`` or ``.xlsx`` decides the format.

    An existing file is replaced only with ``overwrite``; a failed or cancelled
    export leaves nothing behind.
    """
    if kind not in EXPORT_KINDS:
        raise DomainError(f"'{kind}' cannot be exported (use {', '.join(EXPORT_KINDS)}).")
    suffix = path.suffix.lower()
    if suffix not in (".csv", ".xlsx"):
        raise DomainError(f"{path.name}: export to a .csv or an .xlsx file.")
    write = _write_csv if suffix == ".csv" else _write_xlsx
    with (
        OutputFile(path, overwrite=overwrite) as output,
        closing(_rows(uow, kind, where)) as rows,
    ):
        count = write(output.temp, EXPORT_COLUMNS[kind], _watched(rows, progress, cancelled))
    return ExportResult(kind, path, count)


def _watched(
    rows: Iterator[Sequence[Any]],
    progress: Progress | None,
    cancelled: Callable[[], bool] | None,
) -> Iterator[Sequence[Any]]:
    for count, row in enumerate(rows, 1):
        if count % 1000 == 1:  # the first row too: a cancel before anything is written
            if cancelled is not None and cancelled():
                raise ExportCancelled("The export was cancelled.")
            if progress is not None:
                progress(count)
        yield row


def save_document(path: Path, data: bytes, *, overwrite: bool = False) -> Path:
    """Write a finished document (a PDF) to ``path``: owner-only, never half-written."""
    return write_bytes(path, data, overwrite=overwrite)


def cell_text(value: Any) -> str:
    """A value as an exported cell shows it (dates in ISO form, None empty)."""
    if value is None:
        return ""
    if isinstance(value, date):
        return value.isoformat()
    return str(value)


def _write_csv(path: Path, columns: Sequence[str], rows: Iterator[Sequence[Any]]) -> int:
    count = 0
    with open(path, "w", encoding="utf-8-sig", newline="") as handle:
        writer = csv.writer(handle)
        writer.writerow(columns)
        for row in rows:
            writer.writerow([neutralize(cell_text(v)) for v in row])
            count += 1
    return count


def _write_xlsx(path: Path, columns: Sequence[str], rows: Iterator[Sequence[Any]]) -> int:
    from openpyxl import Workbook
    from openpyxl.cell import WriteOnlyCell

    book = Workbook(write_only=True)
    sheet = book.create_sheet("export")
    count = 0
    try:
        sheet.append(list(columns))
        for row in rows:
            cells = []
            for value in row:
                cell = WriteOnlyCell(sheet, value=value)
                if isinstance(value, str):
                    cell.data_type = "s"  # text stays text, even "=1+1"
                cells.append(cell)
            sheet.append(cells)
            count += 1
        book.save(path)
    except BaseException:
        _discard_sheet(sheet)
        raise
    return count


def _discard_sheet(sheet: Any) -> None:
    """Stop a half-written sheet and remove openpyxl's temporary file of it.

    That file holds partner data; left to the garbage collector, a failed write
    (a full disk) would also print a second traceback when it is collected.
    """
    writer = getattr(sheet, "_writer", None)
    if writer is None:
        return
    with suppress(Exception):
        writer.xf.close()
    with suppress(OSError):
        os.remove(writer.out)


def _first_ior() -> Any:
    return (
        select(col(PartnerIor.partner_id), func.min(PartnerIor.ior_number).label("ior"))
        .group_by(col(PartnerIor.partner_id))
        .subquery()
    )


def _scoped(stmt: Select[Any], where: ExportFilter) -> Select[Any]:
    stmt = stmt.where(col(Partner.deleted_at).is_(None))
    if where.partner_id is not None:
        stmt = stmt.where(col(Partner.id) == where.partner_id)
    if where.center_id is not None:
        stmt = stmt.where(col(Partner.center_id) == where.center_id)
    if where.partner_ids is not None:
        stmt = stmt.where(col(Partner.id).in_(where.partner_ids))
    return stmt


def _rows(uow: UnitOfWork, kind: str, where: ExportFilter) -> Generator[Sequence[Any]]:
    stmt = _scoped(_QUERIES[kind](uow), where)
    if kind == ImportKind.TOUCH_POINTS and where.touch_points is not None:
        stmt = stmt.where(*touch_point_conditions(where.touch_points))
    result = uow.connection.execution_options(yield_per=5000).execute(stmt)
    convert = _CONVERT.get(kind)
    with result:  # a cancelled export closes its server-side cursor too
        for row in result:
            yield convert(row) if convert else tuple(row)


def _partners(uow: UnitOfWork) -> Select[Any]:
    iors = (
        select(col(PartnerIor.partner_id), joined(PartnerIor.ior_number).label("iors"))
        .group_by(col(PartnerIor.partner_id))
        .subquery()
    )
    filers = (
        select(col(PartnerFilerCode.partner_id), joined(PartnerFilerCode.filer_code).label("codes"))
        .group_by(col(PartnerFilerCode.partner_id))
        .subquery()
    )
    enrollment = models.ProgramEnrollment
    certified = col(enrollment.status) == "certified"
    tiers = ctpat_tier_ranks()
    compliance = exists().where(
        and_(
            col(enrollment.partner_id) == col(Partner.id),
            col(enrollment.program) == "trade_compliance",
            certified,
        )
    )
    return (
        select(
            col(Partner.legal_name),
            iors.c.iors,
            filers.c.codes,
            col(Center.code),
            col(AccountExecutive.email),
            tiers.c.tier_rank,
            col(Partner.ctpat_account),
            compliance,
            col(Partner.country),
            col(Partner.city),
            col(Partner.status),
        )
        .outerjoin(iors, iors.c.partner_id == col(Partner.id))
        .outerjoin(tiers, tiers.c.partner_id == col(Partner.id))
        .outerjoin(filers, filers.c.partner_id == col(Partner.id))
        .outerjoin(Center, col(Center.id) == col(Partner.center_id))
        .outerjoin(AccountExecutive, col(AccountExecutive.id) == col(Partner.executive_id))
        .order_by(col(Partner.legal_name), col(Partner.id))
    )


def _partner_row(row: Sequence[Any]) -> Sequence[Any]:
    values = list(row)
    tier = tier_of(values[5])
    # The tier number, as the import reads it; "2 (suspended)" for a suspended one.
    values[5] = (
        None if tier is None else (f"{tier.tier} (suspended)" if tier.suspended else tier.tier)
    )
    values[7] = "yes" if values[7] else "no"
    return values


def _rows_of_partners(model: Any, *columns: Any, order: tuple[Any, ...]) -> Select[Any]:
    """A partner's records with its first IOR number in front, partner by partner."""
    ior = _first_ior()
    return (
        select(ior.c.ior, *columns)
        .join(Partner, col(Partner.id) == col(model.partner_id))
        .join(ior, ior.c.partner_id == col(Partner.id))
        .order_by(col(model.partner_id), *order)
    )


def _touch_points(uow: UnitOfWork) -> Select[Any]:
    t = models.TouchPoint
    return _rows_of_partners(
        t,
        *(
            col(getattr(t, name))
            for name in (
                "occurred_on", "kind", "port_code", "entry_number", "hts_number", "agency",
                "outcome", "selection", "notes",
            )
        ),
        order=(col(t.occurred_on), col(t.id)),
    )  # fmt: skip


def _facilitation(uow: UnitOfWork) -> Select[Any]:
    f = models.FacilitationEntry
    return _rows_of_partners(
        f,
        col(f.occurred_on),
        col(f.kind),
        col(f.description),
        order=(col(f.occurred_on), col(f.id)),
    )


def _volumes(uow: UnitOfWork) -> Select[Any]:
    """The reported totals only: a month only entries gave has none to export, and its
    derived count must not come back as a reported total."""
    v = models.MonthlyVolume
    month = month_key(v.month, uow.dialect)
    stmt = _rows_of_partners(
        v, month, col(v.entries), col(v.entered_value_usd), order=(col(v.month),)
    )
    return stmt.where(col(v.reported))


def _entries(uow: UnitOfWork) -> Select[Any]:
    e = models.CustomsEntry
    return (
        select(*(col(getattr(e, name)) for name in (
            "entry_number", "ior_number", "entry_date", "summary_date", "port_code",
            "hts_numbers", "lines", "entered_value_usd",
        )))
        .join(Partner, col(Partner.id) == col(e.partner_id))
        .order_by(col(e.partner_id), col(e.month), col(e.entry_number))
    )  # fmt: skip


def _activities(uow: UnitOfWork) -> Select[Any]:
    a = models.EngagementActivity
    return _rows_of_partners(
        a,
        *(col(getattr(a, n)) for n in ("occurred_on", "kind", "participants", "summary")),
        order=(col(a.occurred_on), col(a.id)),
    )


def _plans(uow: UnitOfWork) -> Select[Any]:
    ior = _first_ior()
    item, plan = models.PlanActionItem, models.EngagementPlan
    return (
        select(
            ior.c.ior,
            col(plan.title),
            col(plan.status),
            col(item.description),
            col(item.owner_side),
            col(item.owner_name),
            col(item.due_on),
            col(item.status),
            col(item.completed_on),
        )
        .join(plan, col(plan.id) == col(item.plan_id))
        .join(Partner, col(Partner.id) == col(plan.partner_id))
        .join(ior, ior.c.partner_id == col(Partner.id))
        .order_by(col(plan.partner_id), col(plan.id), col(item.due_on), col(item.id))
    )


_QUERIES: dict[str, Callable[[UnitOfWork], Select[Any]]] = {
    ImportKind.PARTNERS: _partners,
    ImportKind.TOUCH_POINTS: _touch_points,
    ImportKind.VOLUMES: _volumes,
    ImportKind.FACILITATION: _facilitation,
    ImportKind.ENTRIES: _entries,
    "activities": _activities,
    "plans": _plans,
}
_CONVERT: dict[str, Callable[[Sequence[Any]], Sequence[Any]]] = {ImportKind.PARTNERS: _partner_row}
