"""Facilitation delivered to a partner: what CBP did for it, when, and for which plan.

The kinds are reference data (``resources/facilitation_kinds.json``, after CBP's published
partner benefits), or the user's own copy in the data folder: a Center can add kinds
without a release. A record keeps its kind's code; a code the list no longer has still
reads, by its code.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import date
from functools import lru_cache
from pathlib import Path
from typing import Any

from sqlalchemy import func, select
from sqlmodel import col

from trusted_trader import paths
from trusted_trader.domain.errors import Problem, ValidationError
from trusted_trader.domain.periods import MonthRange, check_day
from trusted_trader.services.editing import OwnedRows, add_owned, load_row
from trusted_trader.services.records import FacilitationRecord, to_record
from trusted_trader.services.scope import Scope, partners_in
from trusted_trader.store.models import EngagementPlan, FacilitationEntry
from trusted_trader.store.uow import UnitOfWork

__all__ = [
    "FACILITATION_KINDS_FILE",
    "FacilitationInput",
    "FacilitationKind",
    "checked_values",
    "delete_facilitation",
    "facilitation_counts",
    "facilitation_kinds",
    "get_facilitation",
    "kind_label",
    "list_facilitation",
    "normal_kind",
    "record_facilitation",
    "restore_facilitation",
    "update_facilitation",
]

FACILITATION_KINDS_FILE = "facilitation_kinds.json"
DESCRIPTION_LIMIT = 2000
RECORDS = OwnedRows(FacilitationEntry, FacilitationRecord, "facilitation record")


@dataclass(frozen=True)
class FacilitationKind:
    code: str
    label: str
    source: str


@dataclass(frozen=True)
class FacilitationInput:
    occurred_on: date
    kind: str
    description: str = ""
    plan_id: int | None = None


def facilitation_kinds(source: Path | None = None) -> tuple[FacilitationKind, ...]:
    """The kinds offered, in the list's order: the user's copy if there is one."""
    own = paths.data_dir() / FACILITATION_KINDS_FILE
    chosen = source or (own if own.is_file() else paths.resource(FACILITATION_KINDS_FILE))
    try:
        modified = chosen.stat().st_mtime_ns
    except OSError as exc:
        raise ValueError(
            f"The list of facilitation kinds in {chosen} cannot be read: {exc}"
        ) from None
    return _read_kinds(chosen, modified)


@lru_cache(maxsize=4)
def _read_kinds(path: Path, _modified: int) -> tuple[FacilitationKind, ...]:
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
        kinds = tuple(
            FacilitationKind(str(k["code"]), str(k["label"]), str(k.get("source", "")))
            for k in data["kinds"]
        )
    except (OSError, ValueError, KeyError, TypeError) as exc:
        raise ValueError(
            f"The list of facilitation kinds in {path} cannot be read: {exc}"
        ) from None
    if not kinds or len({k.code for k in kinds}) != len(kinds):
        raise ValueError(f"The list of facilitation kinds in {path} is empty or repeats a code.")
    return kinds


def kind_label(code: str) -> str:
    """The label of a kind's code; the code itself when the list no longer has it."""
    return next((k.label for k in facilitation_kinds() if k.code == code), code)


def normal_kind(text: str) -> str:
    """A kind's code from its code or its label (any case); ValueError lists the kinds."""
    wanted = text.strip().casefold()
    for kind in facilitation_kinds():
        if wanted in {kind.code.casefold(), kind.label.casefold()}:
            return kind.code
    allowed = ", ".join(k.label for k in facilitation_kinds())
    raise ValueError(f"must be one of: {allowed}")


def checked_values(data: FacilitationInput) -> dict[str, Any]:
    """The date, kind and description checked and in normal form; every problem at once."""
    problems: list[Problem] = []
    try:
        check_day(data.occurred_on)
    except ValueError as exc:
        problems.append(Problem("occurred_on", str(data.occurred_on), str(exc)))
    kind = ""
    try:
        kind = normal_kind(data.kind)
    except ValueError as exc:
        problems.append(Problem("kind", data.kind, str(exc)))
    description = data.description.strip()
    if len(description) > DESCRIPTION_LIMIT:
        problems.append(
            Problem(
                "description", description[:40] + "…", f"is over {DESCRIPTION_LIMIT:,} characters"
            )
        )
    if problems:
        raise ValidationError(problems)
    return {"occurred_on": data.occurred_on, "kind": kind, "description": description}


def _validated(uow: UnitOfWork, partner_id: int, data: FacilitationInput) -> dict[str, Any]:
    problems: list[Problem] = []
    try:
        values = checked_values(data)
    except ValidationError as exc:
        problems, values = list(exc.problems), {}
    if data.plan_id is not None:
        plan = uow.session.get(EngagementPlan, data.plan_id)
        if plan is None or plan.partner_id != partner_id:
            problems.append(Problem("plan", str(data.plan_id), "is not a plan of this partner"))
    if problems:
        raise ValidationError(problems)
    return {**values, "plan_id": data.plan_id}


def record_facilitation(
    uow: UnitOfWork, partner_id: int, data: FacilitationInput
) -> FacilitationRecord:
    """Record what CBP delivered to a partner (audited)."""
    row = FacilitationEntry(partner_id=partner_id, **_validated(uow, partner_id, data))
    return add_owned(uow, row, FacilitationRecord)


def update_facilitation(
    uow: UnitOfWork, record_id: int, data: FacilitationInput, expected_version: int | None = None
) -> FacilitationRecord:
    """Change a facilitation record; a stale version is a conflict (audited)."""
    row = load_row(uow, FacilitationEntry, record_id, "facilitation record")
    return RECORDS.change(uow, record_id, _validated(uow, row.partner_id, data), expected_version)


# Reading, deleting and undoing a delete are alike for every row a partner owns.
get_facilitation = RECORDS.get
delete_facilitation = RECORDS.delete


def restore_facilitation(uow: UnitOfWork, record: FacilitationRecord) -> FacilitationRecord:
    """Put back a deleted facilitation record (undo), under its old id."""
    values = {k: v for k, v in record.__dict__.items() if k != "version"}
    return add_owned(uow, FacilitationEntry(**values), FacilitationRecord)


def list_facilitation(
    uow: UnitOfWork, partner_id: int, months: MonthRange | None = None
) -> list[FacilitationRecord]:
    """A partner's facilitation, newest first; only the months given, when given."""
    t = FacilitationEntry
    stmt = select(t).where(col(t.partner_id) == partner_id)
    if months is not None:
        stmt = stmt.where(
            col(t.occurred_on) >= months.first, col(t.occurred_on) < months.end_exclusive
        )
    stmt = stmt.order_by(col(t.occurred_on).desc(), col(t.id).desc())
    return [to_record(FacilitationRecord, dict(r)) for r in uow.connection.execute(stmt).mappings()]


def facilitation_counts(uow: UnitOfWork, scope: Scope, months: MonthRange) -> dict[int, int]:
    """How many facilitation records each partner of the scope has in the months."""
    t = FacilitationEntry
    stmt = (
        select(col(t.partner_id), func.count())
        .where(
            col(t.partner_id).in_(partners_in(scope)),
            col(t.occurred_on) >= months.first,
            col(t.occurred_on) < months.end_exclusive,
        )
        .group_by(col(t.partner_id))
    )
    return {int(pid): int(n) for pid, n in uow.connection.execute(stmt)}
