"""On a 1366×768 laptop every window and dialog opens inside the screen and keeps its size."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtCore import QPoint, QRect, QSettings, QSize, Qt

from trusted_trader.gui.dialogs.fields import CheckedLineEdit, FormDialog
from trusted_trader.gui.dialogs.partner_dialog import PartnerDialog
from trusted_trader.gui.window_size import available_area

PROBE = Path(__file__).with_name("laptop_screen_probe.py")


def _probe(tmp_path: Path, width: int, height: int) -> dict[str, Any]:
    screen = {"name": "laptop", "x": 0, "y": 0, "width": width, "height": height}
    screen |= {"logicalDpi": 96, "logicalBaseDpi": 96, "dpr": 1}
    config = tmp_path / "screen.json"
    config.write_text(json.dumps({"screens": [screen]}))
    env = dict(os.environ, QT_QPA_PLATFORM=f"offscreen:configfile={config}")
    env["TRUSTED_TRADER_HOME"] = str(tmp_path)
    # The probe fills some tabs with the tests' own helpers: the repository is importable.
    root = str(PROBE.parents[2])
    env["PYTHONPATH"] = os.pathsep.join(p for p in (root, os.environ.get("PYTHONPATH")) if p)
    done = subprocess.run(
        [sys.executable, str(PROBE), str(tmp_path)],
        env=env,
        capture_output=True,
        text=True,
        timeout=600,
        check=True,
    )
    result: dict[str, Any] = json.loads(done.stdout.strip().splitlines()[-1])
    return result


@pytest.mark.parametrize(("width", "height"), [(1366, 768), (1024, 700)])
def test_every_page_and_dialog_keeps_its_buttons_on_a_small_screen(
    tmp_path: Path, width: int, height: int
) -> None:
    result = _probe(tmp_path, width, height)
    assert result["screen"] == [0, 0, width, height]
    assert len(result["outside"]) > 20  # every page and every dialog was opened
    assert {name: found for name, found in result["outside"].items() if found} == {}


def test_a_dialog_reopens_at_the_size_it_was_given(qtbot: Any, empty_window: Any) -> None:
    desk = empty_window.desk
    first = PartnerDialog(desk, empty_window)
    qtbot.addWidget(first)
    first.show()
    first.resize(720, 560)
    first.close()
    again = PartnerDialog(desk, empty_window)
    qtbot.addWidget(again)
    again.show()
    assert again.size() == QSize(720, 560)


def test_a_size_saved_on_a_larger_monitor_is_fitted_to_this_screen(
    qtbot: Any, empty_window: Any, ui_state: QSettings
) -> None:
    ui_state.setValue("dialogs/PartnerDialog/size", QSize(5000, 4000))
    dialog = PartnerDialog(empty_window.desk, empty_window)
    qtbot.addWidget(dialog)
    dialog.show()
    area = available_area(dialog)
    assert dialog.width() <= area.width() and dialog.height() <= area.height()
    assert dialog.isSizeGripEnabled()


def test_the_main_window_opens_smaller_than_the_screen(empty_window: Any) -> None:
    area = available_area(empty_window)
    assert area.contains(empty_window.frameGeometry())


class LongForm(FormDialog):
    """A form longer than any screen: 60 fields."""

    def __init__(self, rows: int) -> None:
        super().__init__("Long form")
        for row in range(rows):
            self.checked(f"Field {row}", CheckedLineEdit(name=f"Field {row}"))


def test_a_form_taller_than_the_screen_scrolls_and_keeps_save_on_screen(qtbot: Any) -> None:
    dialog = LongForm(60)
    qtbot.addWidget(dialog)
    dialog.show()
    area = available_area(dialog)
    assert dialog.frameGeometry().height() <= area.height()
    save = dialog.save_button
    assert area.contains(QRect(save.mapToGlobal(QPoint(0, 0)), save.size()))
    assert dialog.form_area.verticalScrollBar().maximum() > 0


def test_a_short_form_shows_every_field_without_scrolling(qtbot: Any) -> None:
    dialog = LongForm(5)
    qtbot.addWidget(dialog)
    dialog.show()
    qtbot.wait(20)
    assert dialog.form_area.verticalScrollBar().maximum() == 0
    height = dialog.height()
    field = CheckedLineEdit(required=True, name="Extra")  # says "Extra is required" under it
    dialog.checked("Extra", field)
    qtbot.waitUntil(lambda: dialog.height() > height)  # the dialog grows, the form stays whole
    qtbot.wait(20)
    assert field.problem_label.isVisible()
    assert dialog.form_area.verticalScrollBar().maximum() == 0


def test_tab_goes_from_field_to_field_not_to_the_scrolling_area(qtbot: Any) -> None:
    dialog = LongForm(3)
    qtbot.addWidget(dialog)
    assert dialog.form_area.focusPolicy() == Qt.FocusPolicy.NoFocus
    first, second = (f.line_edit for f in dialog.checked_fields[:2])
    following = first.nextInFocusChain()
    while not following.focusPolicy() & Qt.FocusPolicy.TabFocus:
        following = following.nextInFocusChain()  # labels and containers are passed over
    assert following is second
