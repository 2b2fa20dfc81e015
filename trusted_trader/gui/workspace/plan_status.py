"""Activating and closing a plan: both ask first, and a close can be undone.

A partner has one active plan at a time: activating one while another is active asks
to close the other, in the same transaction. Undoing a close reopens the plan with the
status it had, as a new revision, so its History shows the close and the reopening.
"""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtWidgets import QMessageBox, QWidget

from trusted_trader.gui.context import Desk, Topic
from trusted_trader.gui.undo import _StoreCommand
from trusted_trader.services.records import PlanRecord

Write = Callable[[], PlanRecord]


def ask(parent: QWidget, title: str, question: str, detail: str, yes: str) -> bool:
    """A question with a named Yes button; Cancel is the default."""
    box = QMessageBox(QMessageBox.Icon.Question, title, question, parent=parent)
    box.setInformativeText(detail)
    go = box.addButton(yes, QMessageBox.ButtonRole.AcceptRole)
    box.setDefaultButton(box.addButton(QMessageBox.StandardButton.Cancel))
    box.exec()
    return box.clickedButton() is go


def _name(plan: PlanRecord) -> str:
    return f"“{plan.title or 'Engagement plan'}”"


def close_writer(desk: Desk, parent: QWidget, plan: PlanRecord) -> Write | None:
    """What closing ``plan`` writes, once the user said yes; None when they did not."""
    from trusted_trader.services.plans import set_plan_status

    if not ask(
        parent,
        "Close plan",
        f"Close the plan {_name(plan)}?",
        "A closed plan cannot be changed and its open action items stop counting. "
        "You can undo this with Edit → Undo (Ctrl+Z).",
        "Close plan",
    ):
        return None

    def write() -> PlanRecord:
        with desk.uow() as uow:
            saved = set_plan_status(uow, plan.id, "closed")
            uow.commit()
        return saved

    return write


def activate_writer(desk: Desk, parent: QWidget, plan: PlanRecord) -> Write | None:
    """What activating ``plan`` writes: also closing the partner's active plan, if asked."""
    from trusted_trader.services.plans import list_plans, set_plan_status

    with desk.uow() as uow:
        others = [
            p for p in list_plans(uow, plan.partner_id) if p.status == "active" and p.id != plan.id
        ]
    if others and not ask(
        parent,
        "Activate plan",
        f"The plan {_name(others[0])} is active. Close it and activate {_name(plan)}?",
        "A partner has one active plan at a time.",
        "Close it and activate",
    ):
        return None

    def write() -> PlanRecord:
        with desk.uow() as uow:
            for other in others:
                set_plan_status(uow, other.id, "closed")
            saved = set_plan_status(uow, plan.id, "active")
            uow.commit()
        return saved

    return write


class ClosePlan(_StoreCommand):
    """A close already written, on the undo stack: undo reopens the plan as a new revision."""

    def __init__(self, desk: Desk, plan: PlanRecord) -> None:
        super().__init__(desk, f"Close plan {_name(plan)}", Topic.PLANS)
        self._plan_id = plan.id
        self._was = plan.status
        self._written = True  # the first redo (on push) finds it done

    def redo(self) -> None:
        from trusted_trader.services.plans import set_plan_status

        if self._written:
            self._written = False
            return
        self._apply(lambda uow: set_plan_status(uow, self._plan_id, "closed"))

    def undo(self) -> None:
        from trusted_trader.services.plans import reopen_plan

        self._apply(lambda uow: reopen_plan(uow, self._plan_id, self._was))
