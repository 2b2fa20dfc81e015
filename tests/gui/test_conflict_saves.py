"""Two desks save the same record: the second sees the conflict dialog, and no edit is lost.

Each record type is edited in its real dialog or tab by "me" while a colleague's own
connection (another engine on the same SQLite file or PostgreSQL database) saves first.
Both users' intents must be in the stored record or in History, whatever was chosen.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from dataclasses import dataclass
from datetime import date
from typing import Any

import pytest

from tests.conftest import ACME_IOR
from tests.gui.conflict_world import (
    COLLEAGUE,
    DAY,
    ConflictHand,
    conflict_entries,
    dialog_opener,
    in_their_desk,
    shown_tab,
    typer,
    updates_of,
)
from trusted_trader.domain.periods import MonthRange
from trusted_trader.gui.context import Desk
from trusted_trader.gui.dialogs.conflict_dialog import label
from trusted_trader.gui.dialogs.partner_dialog import PartnerDialog
from trusted_trader.gui.dialogs.program_dialog import ProgramDialog
from trusted_trader.gui.dialogs.touch_point_dialog import TouchPointDialog
from trusted_trader.gui.models.volumes import ENTRIES
from trusted_trader.gui.workspace.history_tab import HistoryTab
from trusted_trader.gui.workspace.plans_tab import PlansTab
from trusted_trader.gui.workspace.volume_tab import VolumeTab
from trusted_trader.services import partners, plans, programs, touch_points, volumes
from trusted_trader.services.partners import PartnerInput
from trusted_trader.services.plans import ActionItemInput, ObjectiveInput, PlanInput
from trusted_trader.services.programs import EnrollmentInput
from trusted_trader.services.records import EnrollmentRecord, to_record
from trusted_trader.services.store import Store, open_store
from trusted_trader.services.touch_points import TouchPointInput
from trusted_trader.store.models import ProgramEnrollment

BOTH = pytest.mark.parametrize("backend", ["sqlite", "postgresql"], indirect=True)
PERIOD = MonthRange(date(2026, 1, 1), date(2026, 12, 1))
BASELINE = MonthRange(date(2025, 1, 1), date(2025, 12, 1))


@dataclass
class Scenario:
    """One record type: how to make it, edit it as me and as them, save, and read it back."""

    name: str
    make: Callable[[Any, int], int]  # (uow, partner id) -> record id
    open: Callable[[Any, Desk, Store, int, int], Any]  # -> my editor, already filled
    edit_mine: Callable[[Any], None]
    edit_theirs: Callable[[Any, int], None]  # (their uow, record id)
    save: Callable[[Any], None]
    stored: Callable[[Any, int], dict[str, object]]  # (uow, record id) -> the fields compared
    field: str  # the field both of us changed: its History must show both values
    values: tuple[str, str]  # that field's value: (mine, theirs)


def picked(*names: str) -> Callable[[object], dict[str, object]]:
    return lambda record: {name: getattr(record, name) for name in names}


# --- partner ----------------------------------------------------------------------------
def _partner_theirs(uow: Any, rid: int) -> None:
    opened = partners.get_partner(uow, rid)
    data = PartnerInput("Acme Imports", ACME_IOR, city="Laredo", notes="B called")
    partners.update_partner(uow, rid, data, expected_version=opened.version)


PARTNER = Scenario(
    "partner",
    make=lambda uow, pid: pid,
    open=dialog_opener(
        lambda desk, uow, pid, rid: PartnerDialog(desk, None, partners.get_partner(uow, rid))
    ),
    edit_mine=typer(city_edit="El Paso", dba_edit="Acme A"),
    edit_theirs=_partner_theirs,
    save=lambda dialog: dialog.try_save(),
    stored=lambda uow, rid: picked("city", "dba", "notes")(partners.get_partner(uow, rid)),
    field="city",
    values=("El Paso", "Laredo"),
)


# --- touch point ------------------------------------------------------------------------
def _touch_make(uow: Any, pid: int) -> int:
    return touch_points.record_touch_point(uow, pid, TouchPointInput(DAY, "cf28", notes="first")).id


def _touch_theirs(uow: Any, rid: int) -> None:
    opened = touch_points.get_touch_point(uow, rid)
    data = TouchPointInput(DAY, "cf28", notes="theirs: reply sent", outcome="released")
    touch_points.update_touch_point(uow, rid, data, opened.version)


TOUCH_POINT = Scenario(
    "touch point",
    make=_touch_make,
    open=dialog_opener(
        lambda desk, uow, pid, rid: TouchPointDialog(
            desk, pid, touch_points.get_touch_point(uow, rid)
        )
    ),
    edit_mine=typer(notes_edit="mine: asked the broker", agency_edit="FDA"),
    edit_theirs=_touch_theirs,
    save=lambda dialog: dialog.try_save(),
    stored=lambda uow, rid: picked("notes", "agency", "outcome")(
        touch_points.get_touch_point(uow, rid)
    ),
    field="notes",
    values=("mine: asked the broker", "theirs: reply sent"),
)


# --- engagement plan and its rows -------------------------------------------------------
def _plan_make(uow: Any, pid: int) -> int:
    data = PlanInput(
        PERIOD, BASELINE, title="Plan 2026", action_items=[ActionItemInput("Validate the SCSS")]
    )
    return plans.create_plan(uow, pid, data).id


def _plan_open(qtbot: Any, desk: Desk, store: Store, pid: int, rid: int) -> Any:
    tab = PlansTab(desk)
    return shown_tab(qtbot, tab, store, pid, lambda: tab.plan is not None and tab.plan.id == rid)


def _plan_mine(tab: Any) -> None:
    tab.editor.title_edit.setText("Plan A")
    tab.editor.action_items.table.item(0, 2).setText("Ana")


def _plan_theirs(uow: Any, rid: int) -> None:
    plan = plans.get_plan(uow, rid)
    [item] = plan.action_items
    data = PlanInput(
        PERIOD,
        BASELINE,
        title="Plan B",
        summary="B's summary",
        objectives=[ObjectiveInput("Fewer CF-28s")],
        action_items=[ActionItemInput(item.description, id=item.id)],
    )
    plans.save_plan(uow, rid, data, plan.version)


def _plan_stored(uow: Any, rid: int) -> dict[str, object]:
    plan = plans.get_plan(uow, rid)
    return {
        "title": plan.title,
        "summary": plan.summary,
        "owner": plan.action_items[0].owner_name,
        "objectives": [o.description for o in plan.objectives],
    }


PLAN = Scenario(
    "plan",
    make=_plan_make,
    open=_plan_open,
    edit_mine=_plan_mine,
    edit_theirs=_plan_theirs,
    save=lambda tab: tab.save(),
    stored=_plan_stored,
    field="title",
    values=("Plan A", "Plan B"),
)

# --- monthly volume (the grid saves a cell as it is left) -------------------------------
MONTH = date(2026, 9, 1)


def _volume_open(qtbot: Any, desk: Desk, store: Store, pid: int, rid: int) -> Any:
    tab = VolumeTab(desk)
    return shown_tab(qtbot, tab, store, pid, lambda: tab.model.rowCount() > 0)


def _volume_type(tab: Any) -> None:
    [row] = [r for r in range(tab.model.rowCount()) if tab.model._rows[r].month == MONTH]
    tab.model.setData(tab.model.index(row, ENTRIES), "150")


def _volume_make(uow: Any, pid: int) -> int:
    volumes.set_monthly_volume(uow, pid, MONTH, 100, 1000.0)
    return pid  # a month's volume is found by its partner and month


VOLUME = Scenario(
    "volume",
    make=_volume_make,
    open=_volume_open,
    edit_mine=lambda tab: None,
    edit_theirs=lambda uow, pid: volumes.set_monthly_volume(uow, pid, MONTH, 120, 5000.0),
    save=_volume_type,
    stored=lambda uow, pid: picked("entries", "entered_value_usd")(
        volumes.get_monthly_volume(uow, pid, MONTH)
    ),
    field="entries",
    values=("150", "120"),
)


# --- program enrollment ---------------------------------------------------------------
def _enrollment(uow: Any, rid: int) -> EnrollmentRecord:
    return to_record(EnrollmentRecord, uow.session.get(ProgramEnrollment, rid))


def _program_mine(dialog: ProgramDialog) -> None:
    dialog.tier_combo.setCurrentIndex(dialog.tier_combo.findData(3))
    dialog.dates["last_reviewed_on"].set_value(date(2026, 3, 2))


def _program_theirs(uow: Any, rid: int) -> None:
    data = EnrollmentInput(
        "ctpat", tier=2, certified_on=CERTIFIED, last_validated_on=VALIDATED,
        last_reviewed_on=date(2026, 1, 15),
    )  # fmt: skip
    programs.update_enrollment(uow, rid, data, _enrollment(uow, rid).version)


CERTIFIED, VALIDATED = date(2024, 5, 1), date(2026, 2, 1)
PROGRAM = Scenario(
    "program",
    make=lambda uow, pid: (
        programs.enroll(uow, pid, EnrollmentInput("ctpat", tier=2, certified_on=CERTIFIED)).id
    ),
    open=dialog_opener(
        lambda desk, uow, pid, rid: ProgramDialog(desk, pid, (), _enrollment(uow, rid))
    ),
    edit_mine=_program_mine,
    edit_theirs=_program_theirs,
    save=lambda dialog: dialog.try_save(),
    stored=lambda uow, rid: picked("tier", "last_validated_on", "last_reviewed_on")(
        _enrollment(uow, rid)
    ),
    field="last_reviewed_on",
    values=("2026-03-02", "2026-01-15"),
)


# Per scenario: what is stored after each choice. Per field, "mine" is kept for the second
# field I changed and "theirs" for the field we both changed.
EXPECTED: dict[str, dict[str, dict[str, object]]] = {
    "partner": {
        "Apply mine": {"city": "El Paso", "dba": "Acme A", "notes": "B called"},
        "Keep theirs": {"city": "Laredo", "dba": "", "notes": "B called"},
        "Apply chosen": {"city": "Laredo", "dba": "Acme A", "notes": "B called"},
    },
    "touch point": {
        "Apply mine": {"notes": "mine: asked the broker", "agency": "FDA", "outcome": "released"},
        "Keep theirs": {"notes": "theirs: reply sent", "agency": "CBP", "outcome": "released"},
        "Apply chosen": {"notes": "theirs: reply sent", "agency": "FDA", "outcome": "released"},
    },
    "volume": {
        "Apply mine": {"entries": 150, "entered_value_usd": 5000.0},
        "Keep theirs": {"entries": 120, "entered_value_usd": 5000.0},
        "Apply chosen": {"entries": 120, "entered_value_usd": 5000.0},
    },
    "program": {
        "Apply mine": {
            "tier": 3, "last_validated_on": VALIDATED, "last_reviewed_on": date(2026, 3, 2),
        },
        "Keep theirs": {
            "tier": 2, "last_validated_on": VALIDATED, "last_reviewed_on": date(2026, 1, 15),
        },
        "Apply chosen": {
            "tier": 3, "last_validated_on": VALIDATED, "last_reviewed_on": date(2026, 1, 15),
        },
    },
    "plan": {
        "Apply mine": {
            "title": "Plan A", "summary": "B's summary", "owner": "Ana",
            "objectives": ["Fewer CF-28s"],
        },
        "Keep theirs": {
            "title": "Plan B", "summary": "B's summary", "owner": "",
            "objectives": ["Fewer CF-28s"],
        },
        "Apply chosen": {
            "title": "Plan B", "summary": "B's summary", "owner": "Ana",
            "objectives": ["Fewer CF-28s"],
        },
    },
}  # fmt: skip
CHOICE_WORDS = {
    "Apply mine": "applied yours",
    "Keep theirs": "kept theirs",
    "Apply chosen": "chosen per field",
}


@pytest.fixture
def their_store(store: Store) -> Iterator[Store]:
    """The colleague's desk: its own engine and connections on the same database."""
    other = open_store(store.url, actor=COLLEAGUE)
    yield other
    other.close()


@pytest.fixture
def my_desk(make_desk: Callable[..., Desk], store: Store) -> Desk:
    desk = make_desk()
    desk.set_store(store)
    return desk


def clash(
    qtbot: Any,
    stores: tuple[Store, Store],
    my_desk: Desk,
    pid: int,
    scenario: Scenario,
    answer: str,
) -> tuple[int, Any, ConflictHand]:
    """The record made; I edit it, they save first, I save and answer (contested: theirs)."""
    with stores[0].uow() as uow:
        record_id = scenario.make(uow, pid)
        uow.commit()
    editor = scenario.open(qtbot, my_desk, stores[0], pid, record_id)
    scenario.edit_mine(editor)
    in_their_desk(stores[1], lambda uow: scenario.edit_theirs(uow, record_id))
    hand = ConflictHand(answer, {scenario.field: False})
    scenario.save(editor)
    return record_id, editor, hand


@BOTH
@pytest.mark.parametrize("choice", ["Apply mine", "Keep theirs", "Apply chosen"])
@pytest.mark.parametrize(
    "scenario", [PARTNER, PROGRAM, TOUCH_POINT, PLAN, VOLUME], ids=lambda s: s.name
)
def test_the_second_save_shows_the_conflict_and_keeps_both_intents(
    qtbot: Any,
    store: Store,
    their_store: Store,
    my_desk: Desk,
    acme_id: int,
    scenario: Scenario,
    choice: str,
) -> None:
    record_id, _editor, hand = clash(
        qtbot, (store, their_store), my_desk, acme_id, scenario, choice
    )
    assert len(hand.seen) == 1, "the conflict dialog was not shown"
    assert scenario.field in hand.contested
    with store.uow() as uow:
        assert scenario.stored(uow, record_id) == EXPECTED[scenario.name][choice]
    # Both intents in History: their update, and my choice with both values of the field.
    [entry] = conflict_entries(store, acme_id)
    assert entry.actor == store.actor
    assert entry.changes["resolution"][1] == CHOICE_WORDS[choice]
    mine, theirs = scenario.values
    expected = [theirs, mine] if choice == "Apply mine" else [mine, theirs]  # [aside, kept]
    assert entry.changes[label(scenario.field)] == expected
    # their update, then mine when I applied it (keeping theirs writes nothing but the choice)
    updates = [theirs, mine] if choice == "Apply mine" else [theirs]
    assert [str(v) for v in updates_of(store, acme_id, scenario.field)] == updates


def partner_conflict(
    qtbot: Any, stores: tuple[Store, Store], my_desk: Desk, pid: int, answer: str
) -> tuple[Any, ConflictHand]:
    """I edit the partner, they save first, I save and answer the dialog (city: theirs)."""
    dialog = PARTNER.open(qtbot, my_desk, stores[0], pid, pid)
    PARTNER.edit_mine(dialog)
    in_their_desk(stores[1], lambda uow: PARTNER.edit_theirs(uow, pid))
    hand = ConflictHand(answer, {"city": False})
    dialog.try_save()
    return dialog, hand


@BOTH
def test_going_back_to_editing_saves_nothing_and_keeps_my_entries(
    qtbot: Any, store: Store, their_store: Store, my_desk: Desk, acme_id: int
) -> None:
    dialog, hand = partner_conflict(qtbot, (store, their_store), my_desk, acme_id, "Cancel")
    assert len(hand.seen) == 1
    assert dialog.result() == 0 and dialog.city_edit.text() == "El Paso"
    with store.uow() as uow:
        assert partners.get_partner(uow, acme_id).city == "Laredo"
    assert conflict_entries(store, acme_id) == []


def test_history_says_which_value_was_kept_and_which_set_aside(
    qtbot: Any, store: Store, their_store: Store, my_desk: Desk, acme_id: int
) -> None:
    partner_conflict(qtbot, (store, their_store), my_desk, acme_id, "Apply chosen")
    tab = HistoryTab(my_desk)
    shown_tab(qtbot, tab, store, acme_id, lambda: tab.model.rowCount() > 0)
    tab.action_combo.setCurrentIndex(tab.action_combo.findData("conflict"))
    assert tab.model.rowCount() == 1
    text = tab.model.index(0, 4).data()
    assert "conflict settled: chosen per field" in text
    assert "city: kept Laredo, set aside El Paso" in text
    assert "DBA: kept Acme A, set aside —" in text


def test_the_conflict_dialog_names_centers_in_words_not_ids(
    qtbot: Any, store: Store, their_store: Store, my_desk: Desk, acme_id: int
) -> None:
    from trusted_trader.services.reference import list_centers, seed_centers

    with store.uow() as uow:
        seed_centers(uow)
        uow.commit()
        first, second = list_centers(uow)[:2]
    dialog = PARTNER.open(qtbot, my_desk, store, acme_id, acme_id)
    dialog.center_combo.setCurrentIndex(dialog.center_combo.findData(first.id))
    data = PartnerInput("Acme Imports", ACME_IOR, center_id=second.id)
    in_their_desk(their_store, lambda uow: partners.update_partner(uow, acme_id, data))
    hand = ConflictHand("Cancel")
    dialog.try_save()
    table = hand.seen[0]._fields_table
    [row] = [r for r in range(table.rowCount()) if table.item(r, 0).text() == "Center"]
    assert [table.item(row, c).text() for c in (1, 2, 3)] == [
        f"{first.code} — {first.name}",
        f"{second.code} — {second.name}",
        "(none)",
    ]


@BOTH
def test_a_month_filled_by_a_colleague_while_shown_empty_is_a_conflict_not_overwritten(
    qtbot: Any, store: Store, their_store: Store, my_desk: Desk, acme_id: int
) -> None:
    tab = VOLUME.open(qtbot, my_desk, store, acme_id, acme_id)
    fill = lambda uow: volumes.set_monthly_volume(uow, acme_id, MONTH, 120, 5000.0)  # noqa: E731
    in_their_desk(their_store, fill)
    hand = ConflictHand("Apply mine")
    _volume_type(tab)  # my entries; I left the value blank
    assert len(hand.seen) == 1
    with store.uow() as uow:
        saved = volumes.get_monthly_volume(uow, acme_id, MONTH)
    assert (saved.entries, saved.entered_value_usd) == (150, 5000.0)  # their value kept
    [entry] = conflict_entries(store, acme_id)
    assert entry.changes["entries"] == ["120", "150"]
    assert entry.record_id == saved.id


@pytest.mark.parametrize(("answer", "title"), [("Keep theirs", "Plan B"), ("Apply mine", "Plan A")])
def test_after_settling_the_plan_editor_shows_what_was_saved(
    qtbot: Any,
    store: Store,
    their_store: Store,
    my_desk: Desk,
    acme_id: int,
    answer: str,
    title: str,
) -> None:
    _plan_id, tab, _hand = clash(qtbot, (store, their_store), my_desk, acme_id, PLAN, answer)
    qtbot.waitUntil(lambda: tab.editor.title_edit.text() == title)
    assert tab.editor.summary_edit.toPlainText() == "B's summary"  # theirs, in both cases
    assert not tab.has_unsaved_edits()
