"""Hostile timing between two desks: the record I am editing is deleted or closed meanwhile.

Each row: what the colleague's own connection does while my edit is open, and what I
must then see. Nothing of mine may be saved over their act, no conflict dialog may
offer to "apply mine" to a record that is gone, and my entries stay in the form.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtCore import QSettings

from tests.conftest import ACME_IOR
from tests.gui.conflict_world import (
    COLLEAGUE,
    ModalHand,
    dialog_opener,
    in_their_desk,
    shown_tab,
    typer,
)
from trusted_trader.domain.periods import MonthRange
from trusted_trader.gui.context import Desk
from trusted_trader.gui.dialogs.partner_dialog import PartnerDialog
from trusted_trader.gui.dialogs.touch_point_dialog import TouchPointDialog
from trusted_trader.gui.workspace.plans_tab import PlansTab
from trusted_trader.services import partners, plans, touch_points
from trusted_trader.services.audit import partner_history
from trusted_trader.services.plans import ActionItemInput, PlanInput
from trusted_trader.services.store import Store, open_store
from trusted_trader.services.touch_points import TouchPointInput
from trusted_trader.settings import Settings

DAY = date(2026, 3, 2)


@dataclass(frozen=True)
class Case:
    name: str
    make: Callable[[Any, int], int]  # (uow, partner id) -> record id
    open_and_edit: Callable[[Any, Desk, Store, int, int], Any]  # -> my editor, edited
    their_act: Callable[[Any, int, int], object]  # (uow, partner id, record id)
    save: Callable[[Any], None]
    problem: Callable[[Any], str]  # the message my editor shows
    still_mine: Callable[[Any], bool]  # my entries are still in the editor
    expected: str  # words the message must hold


def opened_and_typed(build: Callable[[Desk, Any, int, int], Any], **texts: str) -> Any:
    """My edit dialog on the stored record, with ``texts`` typed into its fields."""
    open_dialog, type_into = dialog_opener(build), typer(**texts)

    def open_and_type(qtbot: Any, desk: Desk, store: Store, pid: int, rid: int) -> Any:
        dialog = open_dialog(qtbot, desk, store, pid, rid)
        type_into(dialog)
        return dialog

    return open_and_type


def _plan_make(uow: Any, pid: int) -> int:
    data = PlanInput(
        MonthRange(date(2026, 1, 1), date(2026, 12, 1)),
        MonthRange(date(2025, 1, 1), date(2025, 12, 1)),
        title="Plan 2026",
        action_items=[ActionItemInput("Validate the SCSS")],
    )
    plan_id = plans.create_plan(uow, pid, data).id
    plans.set_plan_status(uow, plan_id, "active")
    return plan_id


def _plan_tab(qtbot: Any, desk: Desk, store: Store, pid: int, rid: int) -> Any:
    tab = PlansTab(desk)
    shown_tab(qtbot, tab, store, pid, lambda: tab.plan is not None and tab.plan.id == rid)
    tab.editor.action_items.table.item(0, 2).setText("Ana")  # a row of the plan
    return tab


def _touch_make(uow: Any, pid: int) -> int:
    return touch_points.record_touch_point(uow, pid, TouchPointInput(DAY, "cf28")).id


DELETED = "was deleted by someone else since you opened it, so nothing was saved"
CASES = [
    Case(
        "partner deleted meanwhile",
        make=lambda uow, pid: pid,
        open_and_edit=opened_and_typed(
            lambda desk, uow, pid, rid: PartnerDialog(desk, None, partners.get_partner(uow, rid)),
            city_edit="El Paso",
        ),
        their_act=lambda uow, pid, rid: partners.delete_partner(uow, rid),
        save=lambda dialog: dialog.try_save(),
        problem=lambda dialog: dialog.error_label.text(),
        still_mine=lambda dialog: dialog.city_edit.text() == "El Paso" and not dialog.result(),
        expected=DELETED,
    ),
    Case(
        "touch point deleted meanwhile",
        make=_touch_make,
        open_and_edit=opened_and_typed(
            lambda desk, uow, pid, rid: TouchPointDialog(
                desk, pid, touch_points.get_touch_point(uow, rid)
            ),
            notes_edit="mine: asked the broker",
        ),
        their_act=lambda uow, pid, rid: touch_points.delete_touch_point(uow, rid),
        save=lambda dialog: dialog.try_save(),
        problem=lambda dialog: dialog.error_label.text(),
        still_mine=lambda dialog: "asked the broker" in dialog.notes_edit.toPlainText(),
        expected=DELETED,
    ),
    Case(
        "plan row edited while the plan was closed",
        make=_plan_make,
        open_and_edit=_plan_tab,
        their_act=lambda uow, pid, rid: plans.set_plan_status(uow, rid, "closed"),
        save=lambda tab: tab.save(),
        problem=lambda tab: tab.error_label.text(),
        still_mine=lambda tab: tab.editor.action_items.table.item(0, 2).text() == "Ana",
        expected="was closed by someone else since you opened it, so nothing was saved",
    ),
]


@pytest.fixture
def desk(store: Store, tmp_path: Path) -> Desk:
    ui_state = QSettings(str(tmp_path / "window.ini"), QSettings.Format.IniFormat)
    opened = Desk(Settings(), ui_state, today=lambda: date(2026, 11, 16))
    opened.set_store(store)
    return opened


@pytest.fixture
def their_store(store: Store) -> Iterator[Store]:
    other = open_store(store.url, actor=COLLEAGUE)
    yield other
    other.close()


@pytest.mark.parametrize("case", CASES, ids=lambda c: c.name)
def test_their_delete_or_close_stops_my_save_in_words_and_keeps_my_entries(
    qtbot: Any, store: Store, their_store: Store, desk: Desk, case: Case
) -> None:
    with store.uow() as uow:
        pid = partners.create_partner(uow, partners.PartnerInput("Acme Imports", ACME_IOR)).id
        rid = case.make(uow, pid)
        uow.commit()
    editor = case.open_and_edit(qtbot, desk, store, pid, rid)
    in_their_desk(their_store, lambda uow: case.their_act(uow, pid, rid))
    hand = ModalHand("Apply mine")  # would answer a conflict dialog, which must not show
    case.save(editor)
    qtbot.wait(50)
    assert hand.seen == []
    assert case.expected in case.problem(editor)
    assert case.still_mine(editor)
    with store.uow() as uow:
        actions = {r.action for r in partner_history(uow, pid)}
    assert "conflict" not in actions  # nothing was settled over a record that is gone
