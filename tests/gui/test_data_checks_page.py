"""The Data checks page and the workspace tab: grouped findings, Enter opens the records."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from typing import Any

import pytest
from PySide6.QtCore import Qt

from tests.gui.conftest import close, settle
from tests.services.checks_world import World, build_world
from trusted_trader.gui.context import Desk
from trusted_trader.gui.data_checks_list import DataChecksList
from trusted_trader.gui.main_window import MainWindow
from trusted_trader.services.reference import create_executive

pytestmark = pytest.mark.filterwarnings("error")


@pytest.fixture
def world(store: Any) -> World:
    return build_world(store)


@pytest.fixture
def window(qtbot: Any, make_desk: Callable[..., Desk], store: Any, world: World) -> Iterator[Any]:
    """The window on the world's database, nobody set as "me"."""
    opened = window_on(qtbot, make_desk(), store)
    yield opened
    close(qtbot, opened)


def window_on(qtbot: Any, desk: Desk, store: Any, me: int | None = None) -> MainWindow:
    window = MainWindow(desk, "test database")
    qtbot.addWidget(window)
    window.show()
    window.open_store(lambda: (store, me, 2))
    qtbot.waitUntil(lambda: desk.store is not None and desk.pool.is_idle(), timeout=10000)
    return window


def texts(checks: DataChecksList) -> list[list[str]]:
    model = checks.model
    return [
        [str(model.index(r, c).data() or "") for c in range(model.columnCount())]
        for r in range(model.rowCount())
    ]


def page_list(qtbot: Any, window: MainWindow) -> DataChecksList:
    file_menu = window.menuBar().actions()[0].menu()
    next(a for a in file_menu.actions() if a.text() == "Data chec&ks…").trigger()
    settle(qtbot, window.desk)
    assert window.current_page_key() == "data_checks"
    checks: DataChecksList = window.page("data_checks").checks_list  # type: ignore[attr-defined]
    return checks


def row_of(checks: DataChecksList, partner: str, title_part: str) -> int:
    """The row of a partner's finding under the check whose title holds ``title_part``."""
    rows = texts(checks)
    start = next(i for i, r in enumerate(rows) if title_part in r[0] and not r[1])
    return next(i for i in range(start + 1, len(rows)) if rows[i][0] == partner)


def test_the_file_menu_opens_the_page_grouped_by_check_with_counts_and_entries(
    qtbot: Any, qtmodeltester: Any, window: MainWindow, world: World
) -> None:
    checks = page_list(qtbot, window)
    rows = texts(checks)
    assert rows[0] == [
        "Entry numbers whose check digit is wrong — problem: 2 entry numbers in 1 partner",
        "",
        "",
    ]
    filer = row_of(checks, "Acme Imports", "possible unauthorized filer")
    assert rows[filer][1] == "1"
    assert rows[filer][2] == f"{world.foreign_filer_entry} (filer code XYZ)"
    assert ["Bolt Trading", "2", "no filer codes on record: its 2 entries were not checked"] in rows
    assert "4 checks found problems" in checks.summary_label.text()
    assert "the larger of 3 entries and 5%" in checks.summary_label.text()
    assert checks.view.accessibleName() == "Data checks"
    qtmodeltester.check(checks.model)


def test_enter_on_a_finding_opens_the_partner_on_the_tab_of_its_records(
    qtbot: Any, window: MainWindow, world: World
) -> None:
    checks = page_list(qtbot, window)
    checks.view.setFocus()
    checks.view.setCurrentIndex(checks.model.index(row_of(checks, "Acme Imports", "reported"), 0))
    qtbot.keyClick(checks.view, Qt.Key.Key_Return)
    settle(qtbot, window.desk)
    assert window.current_partner_id() == world.acme
    assert window.workspace.tabs.currentWidget() is window.workspace.volume
    window.show_page("data_checks")
    unknown = row_of(checks, "Acme Imports", "not among the partner's imported entries")
    qtbot.waitUntil(checks.view.isVisible)
    checks.view.scrollTo(checks.model.index(unknown, 0))
    where = checks.view.visualRect(checks.model.index(unknown, 0)).center()
    qtbot.mouseClick(checks.view.viewport(), Qt.MouseButton.LeftButton, pos=where)
    qtbot.mouseDClick(checks.view.viewport(), Qt.MouseButton.LeftButton, pos=where)
    settle(qtbot, window.desk)
    touch_points = window.workspace.touch_points
    assert window.workspace.tabs.currentWidget() is touch_points
    assert touch_points.selected().id == world.unknown_touch_point


def test_the_workspace_tab_lists_each_check_for_the_partner(
    qtbot: Any, window: MainWindow, world: World
) -> None:
    window.open_partner(world.bolt)
    workspace = window.workspace
    workspace.show_tab("data_checks")
    settle(qtbot, window.desk)
    rows = texts(workspace.data_checks.checks_list)
    assert len(rows) == 6  # every check, found or not
    assert rows[2] == [
        "Partners with entries but no filer codes on record",
        "Information",
        "2",
        "no filer codes on record: its 2 entries were not checked",
    ]
    assert rows[0][2:] == ["0", "none found"]
    assert "No problems found" in workspace.data_checks.checks_list.summary_label.text()


def test_mine_is_remembered_and_lists_only_my_partners(
    qtbot: Any, make_desk: Callable[..., Desk], store: Any, world: World
) -> None:
    from sqlalchemy import update

    from trusted_trader.store.models import Partner

    with store.uow() as uow:
        me = create_executive(uow, name="Ann Lee", email="ann.lee@cbp.dhs.gov").id
        uow.connection.execute(
            update(Partner).where(Partner.id == world.bolt).values(executive_id=me)
        )
        uow.commit()
    desk = make_desk()
    window = window_on(qtbot, desk, store, me)
    checks = page_list(qtbot, window)
    page: Any = window.page("data_checks")
    assert page.who_combo.currentData() == "mine"
    assert {r[0] for r in texts(checks) if r[1]} == {"Bolt Trading"}
    page.who_combo.setCurrentIndex(page.who_combo.findData("all"))
    settle(qtbot, desk)
    assert {r[0] for r in texts(checks) if r[1]} == {"Acme Imports", "Bolt Trading"}
    assert desk.ui_state.value("data_checks/who") == "all"
    close(qtbot, window)


def test_without_me_the_page_checks_everyone(qtbot: Any, window: MainWindow, world: World) -> None:
    checks = page_list(qtbot, window)
    page: Any = window.page("data_checks")
    assert page.who_combo.currentData() == "all"
    assert not page.who_combo.model().item(0).isEnabled()
    assert checks.refresh_button.text() == "Refresh"
    checks.refresh_button.click()
    settle(qtbot, window.desk)
    assert any(r[0] == "Acme Imports" for r in texts(checks))


def test_export_saves_the_list_as_csv_with_formula_like_names_quoted(
    qtbot: Any, window: MainWindow, world: World, store: Any, tmp_path: Any,
    monkeypatch: pytest.MonkeyPatch,
) -> None:  # fmt: skip
    import csv

    from PySide6.QtWidgets import QFileDialog
    from sqlalchemy import update

    from trusted_trader.store.models import Partner

    with store.uow() as uow:
        uow.connection.execute(
            update(Partner).where(Partner.id == world.bolt).values(legal_name="=HYPERLINK(1)")
        )
        uow.commit()
    checks = page_list(qtbot, window)
    target = tmp_path / "found"
    monkeypatch.setattr(QFileDialog, "getSaveFileName", lambda *a, **k: (str(target), ""))
    checks.export_button.click()
    rows = list(csv.reader((tmp_path / "found.csv").read_text(encoding="utf-8-sig").splitlines()))
    assert rows[0] == ["check", "severity", "partner", "ior_number", "count", "records", "note"]
    assert len(rows) == 1 + 6  # a finding of each check
    bolt = next(r for r in rows if "no filer codes" in r[0])
    assert bolt[2] == "'=HYPERLINK(1)" and bolt[4] == "2"
    assert (tmp_path / "found.csv").stat().st_mode & 0o077 == 0  # the owner's only


def test_the_tolerance_set_in_settings_is_the_one_the_page_uses(
    qtbot: Any, window: MainWindow, world: World
) -> None:
    from trusted_trader.gui.dialogs.settings_dialog import SettingsDialog

    checks = page_list(qtbot, window)
    assert "Months whose reported total" in texts(checks)[-2][0]  # found at 36 apart
    dialog = SettingsDialog(window.desk, window)
    qtbot.addWidget(dialog)
    dialog.tolerance_field.set_text("many")
    assert not dialog.save_button.isEnabled()  # refused, with its reason beside the field
    assert "is not a tolerance" in dialog.tolerance_field.problem_label.text()
    dialog.tolerance_field.set_text("40")
    dialog.save()
    settle(qtbot, window.desk)
    assert window.desk.settings.check_tolerance == "40"
    assert "tolerance of 40 entries" in checks.summary_label.text()
    assert not any("reported 40" in row[2] for row in texts(checks))
