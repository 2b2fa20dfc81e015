"""Saving a plan through the window's conflict path: the plan and each of its rows a field.

A plan is compared field by field (title, periods, risk areas, review dates) and row by
row (each objective and action item is one field, keyed by its id), so that when two
people change different rows of one plan, both changes are kept.
"""

from __future__ import annotations

from collections.abc import Callable
from functools import partial
from typing import TYPE_CHECKING, Any

from trusted_trader.domain.errors import DomainError, ValidationError
from trusted_trader.gui.dialogs.conflict_save import Values, VersionedSave

if TYPE_CHECKING:
    from trusted_trader.services.plans import PlanInput
    from trusted_trader.services.records import PlanRecord
    from trusted_trader.store.uow import UnitOfWork

# (field name in the dialog, PlanInput attribute) of the plan's own fields
HEADER = (
    ("title", "title"),
    ("summary", "summary"),
    ("plan period", "period"),
    ("baseline period", "baseline"),
    ("review cadence (months)", "review_cadence_months"),
    ("risk areas", "risk_areas"),
    ("review dates", "review_dates"),
)
ROWS = (("objective", "objectives"), ("action item", "action_items"))


def plan_fields(data: PlanInput) -> dict[str, object]:
    """A plan as {field: value}: its own fields, then one field per objective and action item."""
    values: dict[str, object] = {name: getattr(data, attr) for name, attr in HEADER}
    for label, attr in ROWS:
        for number, row in enumerate(getattr(data, attr), 1):
            key = f"{label} #{row.id}" if row.id is not None else f"new {label} {number}"
            values[key] = row
    return values


def plan_from_fields(values: Values) -> PlanInput:
    """The plan the chosen fields make; a row chosen as absent (None) is left out."""
    from trusted_trader.services.plans import PlanInput

    header: dict[str, Any] = {attr: values[name] for name, attr in HEADER}
    header["risk_areas"] = list(header["risk_areas"])
    header["review_dates"] = tuple(header["review_dates"])
    for label, attr in ROWS:
        header[attr] = [
            value
            for key, value in values.items()
            if value is not None
            and (key.startswith(f"{label} #") or key.startswith(f"new {label}"))
        ]
    return PlanInput(**header)


def plan_save(
    plan: PlanRecord, data: PlanInput, as_input: Callable[[PlanRecord], PlanInput]
) -> VersionedSave[PlanRecord]:
    """How an edited plan is saved against the version it was opened at.

    ``as_input`` reads a stored plan the way the editor would show it.
    """
    from trusted_trader.services.plans import get_plan, save_plan

    def write(uow: UnitOfWork, values: Values, version: int) -> PlanRecord:
        try:
            return save_plan(uow, plan.id, plan_from_fields(values), version)
        except ValidationError as exc:
            if plan.status == "closed" or exc.problems[0].field != "status":
                raise
            raise DomainError(  # closed meanwhile: say so, and how to keep the edits
                f"{what} was closed by someone else since you opened it, so nothing was saved. "
                "Your edits are still in the editor."
            ) from exc

    def fields(stored: PlanRecord) -> dict[str, object]:
        return plan_fields(as_input(stored))

    what, load = f"The plan “{plan.title or 'Engagement plan'}”", partial(get_plan, plan_id=plan.id)
    return VersionedSave(what, "engagement_plan", plan, plan_fields(data), fields, write, load)
