"""Number cells say what is wrong as it is typed, and "12,5" is never read as 125."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest
from PySide6.QtCore import QLocale
from PySide6.QtWidgets import QLineEdit

from tests.gui.conftest import settle
from trusted_trader.gui.main_window import MainWindow
from trusted_trader.gui.models.base import SORT_ROLE
from trusted_trader.gui.models.volumes import ENTRIES, VALUE
from trusted_trader.gui.workspace.plan_grid import GridColumn, parse_cell


@pytest.fixture
def german() -> Iterator[None]:
    before = QLocale()
    QLocale.setDefault(QLocale(QLocale.Language.German, QLocale.Country.Germany))
    yield
    QLocale.setDefault(before)


def volume_editor(qtbot: Any, window: MainWindow, column: int) -> tuple[Any, QLineEdit, int]:
    partner_id = (
        window.desk.store.engine.connect().exec_driver_sql("SELECT min(id) FROM partner").scalar()
    )
    window.open_partner(partner_id)
    settle(qtbot, window.desk)
    window.workspace.show_tab("volume")
    tab = window.workspace.volume
    view = tab.table_view
    # A month with a reported total only: one counted from imported entries (the demo
    # gives its last months entries) takes its figures from them, not from typing.
    row = next(n for n in range(tab.model.rowCount()) if not tab.model.row(n).counted)
    view.edit(tab.model.index(row, column))
    editor = view.findChild(QLineEdit)
    assert editor is not None
    return tab, editor, row


@pytest.mark.parametrize(
    ("typed", "says"),
    [
        ("abc", "is not a number"),
        ("-5", "cannot be negative"),
        ("12,5", "only groups thousands"),
        ("12.5", "whole number"),
        ("1e9", "is not a number"),
    ],
)
def test_a_wrong_number_is_named_as_it_is_typed(
    qtbot: Any, demo_window: MainWindow, typed: str, says: str
) -> None:
    tab, editor, row = volume_editor(qtbot, demo_window, ENTRIES)
    editor.clear()
    qtbot.keyClicks(editor, typed)
    assert says in tab.problem_label.text()
    assert says in editor.toolTip()
    before = tab.model.index(row, ENTRIES).data()
    tab.table_view.commitData(editor)
    assert tab.model.index(row, ENTRIES).data() == before  # nothing was saved


def test_a_right_number_clears_the_problem_and_is_saved(
    qtbot: Any, demo_window: MainWindow
) -> None:
    tab, editor, row = volume_editor(qtbot, demo_window, ENTRIES)
    editor.clear()
    qtbot.keyClicks(editor, "abc")
    editor.clear()
    qtbot.keyClicks(editor, "1,250")
    assert tab.problem_label.text() == ""
    tab.table_view.commitData(editor)
    assert tab.model.index(row, ENTRIES).data() == "1,250"


def test_a_decimal_comma_reads_as_the_locale_means_it(
    qtbot: Any, demo_window: MainWindow, german: None
) -> None:
    tab, editor, row = volume_editor(qtbot, demo_window, VALUE)
    editor.clear()
    qtbot.keyClicks(editor, "12,5")
    assert tab.problem_label.text() == ""
    tab.table_view.commitData(editor)
    assert tab.model.index(row, VALUE).data(SORT_ROLE) == 12.5


def test_a_plan_value_of_twelve_comma_five_is_refused_not_read_as_125() -> None:
    column = GridColumn("Target", kind="number")
    assert parse_cell(column, "12,5")[0] is None
    assert "only groups thousands" in parse_cell(column, "12,5")[1]
    assert parse_cell(column, "1,250.5") == (1250.5, "")
