"""Hostile and careless facilitation records: refused with a reason, or kept whole.

Rows typed into the Facilitation dialog, and rows sent straight to the service (as an
import or a script would), on a real database (SQLite, and PostgreSQL where it runs).
A refused row says why and leaves the stored record as it was; a kept row reads back
exactly. A kind taken off the editable list still reads, by its code.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtCore import QDate, QSettings
from sqlalchemy import text

# The same long page, NUL and day as the other dialogs' hostile rows.
from tests.hostile.test_hostile_edit18 import NUL, PAGE, TODAY
from trusted_trader.domain.errors import DomainError
from trusted_trader.domain.periods import MonthRange
from trusted_trader.gui.context import Desk
from trusted_trader.gui.dialogs.facilitation_dialog import FacilitationDialog
from trusted_trader.gui.workspace.facilitation_tab import facilitation_columns
from trusted_trader.services.facilitation import (
    FacilitationInput,
    get_facilitation,
    list_facilitation,
    record_facilitation,
)
from trusted_trader.services.partners import PartnerInput, create_partner
from trusted_trader.services.plans import PlanInput, create_plan
from trusted_trader.settings import Settings


@pytest.fixture
def desk(qtbot: Any, store: Any, tmp_path: Path) -> Desk:
    """A desk on the test's database whose today is TODAY."""
    ui_state = QSettings(str(tmp_path / "desk.ini"), QSettings.Format.IniFormat)
    (made := Desk(Settings(), ui_state, today=lambda: TODAY)).set_store(store)
    return made


def opened(desk: Desk, partner_id: int) -> FacilitationDialog:
    with desk.uow() as uow:
        record = record_facilitation(uow, partner_id, FacilitationInput(TODAY, "training", "ok"))
        uow.commit()
    return FacilitationDialog(desk, partner_id, record)


@dataclass(frozen=True)
class Typed:
    name: str
    type_in: Callable[[FacilitationDialog], None]
    refused: str = ""  # words the dialog must show
    kept: tuple[str, object] | None = None  # (field, value) read back


TYPED = [
    Typed(
        "a 10,000-character description",
        lambda d: d.description_edit.setPlainText(PAGE),
        refused="is over 2,000 characters",
    ),
    Typed(
        "a NUL in the description",
        lambda d: d.description_edit.setPlainText(NUL),
        refused="NUL character",
    ),
    Typed(
        "markup in the description is kept as plain text",
        lambda d: d.description_edit.setPlainText("<b>ruling</b> & <script>x</script>"),
        kept=("description", "<b>ruling</b> & <script>x</script>"),
    ),
    Typed(
        "a description of spaces and new lines is stored empty",
        lambda d: d.description_edit.setPlainText("  \n\t "),
        kept=("description", ""),
    ),
    Typed(
        "a date in the 1800s",
        lambda d: d.date_edit.setDate(QDate(1850, 1, 1)),
        refused="out of range",
    ),
]


@pytest.mark.parametrize("case", TYPED, ids=[c.name for c in TYPED])
def test_a_hostile_facilitation_edit_is_refused_with_its_reason_or_kept_whole(
    qtbot: Any, desk: Desk, acme_id: int, case: Typed
) -> None:
    dialog = opened(desk, acme_id)
    qtbot.addWidget(dialog)
    assert dialog.record is not None
    case.type_in(dialog)
    dialog.try_save()
    with desk.uow() as uow:
        after = get_facilitation(uow, dialog.record.id)
    if case.refused:
        assert case.refused in dialog.error_label.text()
        assert dialog.saved is None and after == dialog.record
    else:
        assert case.kept is not None
        field, value = case.kept
        assert getattr(after, field) == value and after.version == 2


def other_partners_plan(uow: Any) -> int:
    other = create_partner(uow, PartnerInput("Other Co", "12-345678900")).id
    period = MonthRange(date(2026, 1, 1), date(2026, 12, 1))
    baseline = MonthRange(date(2025, 1, 1), date(2025, 12, 1))
    return create_plan(uow, other, PlanInput(period, baseline, title="Theirs")).id


SENT: list[tuple[str, Callable[[Any], FacilitationInput], str]] = [
    ("an unknown kind", lambda _u: FacilitationInput(TODAY, "free_cargo"), "must be one of"),
    ("an empty kind", lambda _u: FacilitationInput(TODAY, "  "), "must be one of"),
    ("a kind of 10,000 characters", lambda _u: FacilitationInput(TODAY, PAGE), "must be one of"),
    ("a NUL in the kind", lambda _u: FacilitationInput(TODAY, "train\x00ing"), "must be one of"),
    (
        "a 10,000-character description",
        lambda _u: FacilitationInput(TODAY, "training", PAGE),
        "is over 2,000 characters",
    ),
    ("a NUL in the description", lambda _u: FacilitationInput(TODAY, "training", NUL), "NUL"),
    (
        "another partner's plan",
        lambda u: FacilitationInput(TODAY, "training", "", other_partners_plan(u)),
        "is not a plan of this partner",
    ),
    (
        "a plan that does not exist",
        lambda _u: FacilitationInput(TODAY, "training", "", 999_999),
        "is not a plan of this partner",
    ),
]


@pytest.mark.parametrize(("data", "said"), [c[1:] for c in SENT], ids=[c[0] for c in SENT])
def test_a_hostile_facilitation_sent_to_the_service_is_refused_and_nothing_is_stored(
    store: Any, acme_id: int, data: Callable[[Any], FacilitationInput], said: str
) -> None:
    with store.uow() as uow, pytest.raises(DomainError) as refused:
        record_facilitation(uow, acme_id, data(uow))
        uow.commit()
    assert said in str(refused.value)
    with store.uow() as uow:
        assert list_facilitation(uow, acme_id) == []


def test_a_kind_taken_off_the_list_reads_by_its_code_in_the_tab_and_the_dialog(
    qtbot: Any, desk: Desk, store: Any, acme_id: int
) -> None:
    with store.uow() as uow:
        record = record_facilitation(uow, acme_id, FacilitationInput(TODAY, "training", "old"))
        uow.commit()
    with store.engine.begin() as connection:  # a kind a Center has since removed
        connection.execute(text("UPDATE facilitation SET kind = 'retired_kind'"))
    with store.uow() as uow:
        [stored] = list_facilitation(uow, acme_id)
    kind_column = facilitation_columns({})[1]
    assert kind_column.text(kind_column.value(stored)) == "retired_kind"
    dialog = FacilitationDialog(desk, acme_id, stored)
    qtbot.addWidget(dialog)
    assert dialog.kind_combo.currentData() == "retired_kind"
    assert "no longer on the list" in dialog.kind_combo.currentText()
    dialog.try_save()  # unchanged, it cannot be saved under a kind the list lacks
    assert "must be one of" in dialog.error_label.text()
    assert record.id == stored.id
