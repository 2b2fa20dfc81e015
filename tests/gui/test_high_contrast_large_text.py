"""Section 508: a high-contrast palette and a 200% font leave every page and dialog usable.

Screenshots go to /tmp/a11y-shots (look at them after a change of layout); the test checks
what can be measured: no button's text is cut, rows are as tall as the text, titles grow.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtGui import QFont
from PySide6.QtWidgets import QAbstractButton, QApplication, QLabel, QTableView, QWidget

from tests.gui.a11y_checks import checked_dialogs, high_contrast_palette, opened_dialog, show_page
from trusted_trader.gui import style
from trusted_trader.gui.main_window import MainWindow
from trusted_trader.gui.pages import PAGE_KEYS

SHOTS = Path("/tmp/a11y-shots")
DIALOG_NAMES = [cls.__name__ for cls in checked_dialogs()]


@pytest.fixture
def large_high_contrast(qapp: QApplication) -> Iterator[float]:
    """The app as a user with a high-contrast theme and text at 200% would have it."""
    before = (qapp.palette(), qapp.font(), qapp.styleSheet(), qapp.style().name())
    font = QFont(qapp.font())
    font.setPointSizeF(2 * font.pointSizeF())
    qapp.setStyle("Windows")  # the app keeps the platform's style under high contrast
    qapp.setPalette(high_contrast_palette())
    qapp.setFont(font)
    style.restyle(qapp)
    SHOTS.mkdir(parents=True, exist_ok=True)
    yield font.pointSizeF()
    palette, old_font, sheet, style_name = before
    qapp.setStyleSheet(sheet)
    qapp.setFont(old_font)
    qapp.setPalette(palette)
    qapp.setStyle(style_name)


def cut_buttons(top: QWidget) -> list[str]:
    """Visible buttons narrower than their text needs."""
    return [
        b.text() or b.accessibleName()
        for b in top.findChildren(QAbstractButton)
        if b.isVisibleTo(top) and b.text() and b.width() < b.minimumSizeHint().width()
    ]


def short_rows(top: QWidget) -> list[str]:
    return [
        v.accessibleName()
        for v in top.findChildren(QTableView)
        if v.isVisibleTo(top)
        and v.model() is not None
        and v.model().rowCount()
        and v.rowHeight(0) < v.fontMetrics().height()
    ]


@pytest.mark.parametrize("key", PAGE_KEYS)
def test_every_page_is_usable_in_high_contrast_at_200_percent(
    qtbot: Any, large_high_contrast: float, demo_window: MainWindow, key: str
) -> None:
    demo_window.resize(1366, 768)
    page = show_page(qtbot, demo_window, key)
    qtbot.wait(100)  # the layout takes in the counts that arrived with the data
    demo_window.grab().save(str(SHOTS / f"page-{key}.png"))
    assert cut_buttons(demo_window) == []
    assert short_rows(page) == []
    titles = [w for w in page.findChildren(QLabel) if w.objectName() == "pageTitle"]
    assert titles and titles[0].font().pointSizeF() >= 1.4 * large_high_contrast


@pytest.mark.parametrize("name", DIALOG_NAMES)
def test_every_dialog_is_usable_in_high_contrast_at_200_percent(
    qtbot: Any, large_high_contrast: float, demo_window: MainWindow, name: str
) -> None:
    with opened_dialog(qtbot, demo_window, name) as dialog:
        dialog.grab().save(str(SHOTS / f"dialog-{name}.png"))
        assert cut_buttons(dialog) == []
        assert short_rows(dialog) == []
