"""File → Export's "current filter" exports what the page shows, no more and no less."""

from __future__ import annotations

import csv
from pathlib import Path
from typing import Any

from tests.gui.conftest import settle
from tests.gui.test_laptop_pages import choose, laptop_page
from trusted_trader.gui import actions
from trusted_trader.gui.dialogs.export_dialog import ExportDialog
from trusted_trader.gui.main_window import MainWindow


def export_shown(qtbot: Any, window: MainWindow, path: Path) -> list[dict[str, str]]:
    """Open Export as File → Export… does, keep "the current filter", export to ``path``."""
    dialog = ExportDialog(window.desk.store, window, **actions._current_filter(window))
    qtbot.addWidget(dialog)
    assert dialog._filtered_radio.isEnabled() and dialog._filtered_radio.isChecked()
    dialog.set_file(path)
    with qtbot.waitSignal(dialog.export_finished, timeout=30000):
        dialog.start_export()
    with open(path, encoding="utf-8-sig", newline="") as handle:
        return list(csv.DictReader(handle))


def test_the_touch_points_shown_are_the_touch_points_exported(
    qtbot: Any, demo_window: MainWindow, tmp_path: Path
) -> None:
    page = laptop_page(qtbot, demo_window, "touch_points")
    choose(qtbot, page, page._kind_combo, "cf28")
    choose(qtbot, page, page._response_combo, "overdue")
    shown = page.model.total
    assert 0 < shown < 3000
    rows = export_shown(qtbot, demo_window, tmp_path / "shown.csv")
    assert len(rows) == shown
    assert {row["kind"] for row in rows} == {"cf28"}


def test_the_partners_shown_are_the_partners_exported(
    qtbot: Any, demo_window: MainWindow, tmp_path: Path
) -> None:
    page = laptop_page(qtbot, demo_window, "partners")
    choose(qtbot, page, page._tier_combo, 0)  # not certified
    names = {page._model.record(r).legal_name for r in range(page._model.rowCount())}
    assert 0 < len(names) < 30
    rows = export_shown(qtbot, demo_window, tmp_path / "partners.csv")
    assert {row["name"] for row in rows} == names


def test_the_open_partner_is_the_current_filter(
    qtbot: Any, demo_window: MainWindow, tmp_path: Path
) -> None:
    page = laptop_page(qtbot, demo_window, "partners")
    partner = page._model.record(0)
    demo_window.open_partner(partner.id)
    settle(qtbot, demo_window.desk)
    rows = export_shown(qtbot, demo_window, tmp_path / "one.csv")
    assert [row["name"] for row in rows] == [partner.legal_name]
