"""Section 508: the look follows the user's colours and font size; colour never speaks alone."""

from __future__ import annotations

import ast
import re
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtCore import Qt
from PySide6.QtGui import QBrush, QColor, QPalette
from PySide6.QtWidgets import QAbstractItemView, QApplication, QTableView

import trusted_trader.gui
from tests.gui.a11y_checks import high_contrast_palette, show_page
from trusted_trader.gui import style
from trusted_trader.gui.main_window import MainWindow
from trusted_trader.gui.pages import PAGE_KEYS

GUI = Path(trusted_trader.gui.__file__).parent
FIXED_FONT = re.compile(r"font-family|font\s*:|font-size:\s*[\d.]+\s*(pt|px)", re.I)
# A sheet that takes the focus rectangle away leaves keyboard users lost (WCAG 2.4.7).
HIDDEN_FOCUS = re.compile(r"outline\s*:\s*(none|0)", re.I)
COLOUR_LITERAL = re.compile(r"#[0-9a-f]{3,8}\b|rgba?\(|\b(white|black|red|yellow)\b", re.I)
SEMANTIC = {"overdue": style.OVERDUE, "due soon": style.DUE_SOON}


def _dark_palette() -> QPalette:
    palette = QPalette(QColor("#e8e8e8"), QColor("#2b2b2b"))
    palette.setColor(QPalette.ColorRole.Base, QColor("#1e1e1e"))
    palette.setColor(QPalette.ColorRole.Text, QColor("#e8e8e8"))
    return palette


PALETTES = {
    "light": lambda: QPalette(QColor("#000000"), QColor("#f0f0f0")),
    "dark": _dark_palette,
    "high contrast": high_contrast_palette,
}


@pytest.fixture(params=sorted(PALETTES))
def palette(request: pytest.FixtureRequest, qapp: QApplication) -> Iterator[QPalette]:
    before = qapp.palette()
    chosen = PALETTES[request.param]()
    qapp.setPalette(chosen)
    yield chosen
    qapp.setPalette(before)


def _style_sheet_literals() -> Iterator[tuple[str, str]]:
    """(file, text) of every string handed to setStyleSheet in the window's code."""
    for path in sorted(GUI.rglob("*.py")):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.Call) and getattr(node.func, "attr", "") == "setStyleSheet":
                for part in ast.walk(node):
                    if isinstance(part, ast.Constant) and isinstance(part.value, str):
                        yield path.name, part.value


def test_no_style_sheet_in_the_window_fixes_a_font_or_a_colour() -> None:
    found = list(_style_sheet_literals())
    assert found, "the scan finds the dashboard's list padding"
    checks = (FIXED_FONT, COLOUR_LITERAL, HIDDEN_FOCUS)
    assert [(f, t) for f, t in found if any(c.search(t) for c in checks)] == []


def test_no_qcolor_literal_outside_the_style_module() -> None:
    literal = re.compile(r"QColor\(\s*(\"|'|\d)")
    offenders = [
        p.name
        for p in GUI.rglob("*.py")
        if p.name != "style.py" and literal.search(p.read_text(encoding="utf-8"))
    ]
    assert offenders == []


def test_the_app_sheet_sizes_text_from_the_users_font_and_colours_from_the_palette() -> None:
    white = QColor("#ffffff")
    normal, doubled = style.style_sheet(10, white), style.style_sheet(20, white)
    sizes = [float(s) for s in re.findall(r"font-size:\s*([\d.]+)pt", normal)]
    assert sizes and [float(s) for s in re.findall(r"font-size:\s*([\d.]+)pt", doubled)] == [
        2 * s for s in sizes
    ]
    assert "font-family" not in normal
    assert not HIDDEN_FOCUS.search(normal) and "outline" not in normal
    backgrounds = re.findall(r"background:\s*([^;]+);", normal)
    assert backgrounds and all(b.startswith("palette(") for b in backgrounds)


def test_semantic_colours_read_at_4_5_to_1_on_the_palette(palette: QPalette) -> None:
    base = palette.color(QPalette.ColorRole.Base)
    window = palette.color(QPalette.ColorRole.Window)
    for colour in (style.OVERDUE, style.DUE_SOON, style.GOOD):
        assert style.contrast(style.on_base(colour), base) >= style.MIN_CONTRAST
        assert style.contrast(style.readable(colour, window), window) >= style.MIN_CONTRAST
    problem = re.search(r"#fieldProblem \{ color: (#\w+)", style.style_sheet(10, window))
    assert problem is not None
    assert style.contrast(QColor(problem.group(1)), window) >= style.MIN_CONTRAST
    text = palette.color(QPalette.ColorRole.Text)
    assert style.contrast(text, style.tint(style.DUE_SOON)) >= style.MIN_CONTRAST


def test_the_raw_hues_would_fail_on_white_so_the_check_can_fail() -> None:
    assert style.contrast(style.DUE_SOON, QColor("#ffffff")) < style.MIN_CONTRAST


def test_the_accent_selection_reads_at_4_5_to_1() -> None:
    assert style.contrast(style.ACCENT, QColor("#ffffff")) >= style.MIN_CONTRAST


def _coloured_cells(view: QAbstractItemView) -> Iterator[tuple[str, str]]:
    """(meaning the colour carries, the row's text) for each semantically coloured cell."""
    model = view.model()
    for row in range(min(model.rowCount(), 300)):
        texts = [str(model.index(row, c).data() or "").lower() for c in range(model.columnCount())]
        for column in range(model.columnCount()):
            meaning = _meaning(model.index(row, column).data(Qt.ItemDataRole.ForegroundRole))
            if meaning:
                yield meaning, " | ".join(texts)


def _meaning(value: Any) -> str:
    colour = value.color() if isinstance(value, QBrush) else value
    if not isinstance(colour, QColor) or colour.hslSaturation() < 60:
        return ""
    return next(
        (word for word, hue in SEMANTIC.items() if abs(colour.hslHue() - hue.hslHue()) <= 10),
        "",
    )


@pytest.mark.parametrize("key", PAGE_KEYS)
def test_a_coloured_cell_says_in_words_what_its_colour_means(
    qtbot: Any, demo_window: MainWindow, key: str
) -> None:
    page = show_page(qtbot, demo_window, key)
    week = getattr(page, "week_list", None)
    if week is not None:  # the whole list (overdue items too) arrives after the first screen
        qtbot.waitUntil(lambda: week.model.complete, timeout=20000)
    cells = [c for v in page.findChildren(QTableView) for c in _coloured_cells(v)]
    assert [(m, t) for m, t in cells if m not in t] == []
    if key in ("dashboard", "partners"):
        assert {m for m, _t in cells} >= {"overdue"}, "the demo data has overdue deadlines"


def test_applying_the_look_styles_the_app_from_its_own_font(qapp: QApplication) -> None:
    before = (qapp.palette(), qapp.styleSheet(), qapp.style().name())
    try:
        style.apply_look(qapp)  # also where the platform has no accessibility hints
        title = re.search(r"#pageTitle \{ font-size: ([\d.]+)pt", qapp.styleSheet())
        assert title is not None
        assert float(title.group(1)) == pytest.approx(1.5 * qapp.font().pointSizeF(), abs=0.05)
        assert not style.wants_high_contrast()
    finally:
        palette, sheet, style_name = before
        qapp.setStyleSheet(sheet)
        qapp.setPalette(palette)
        qapp.setStyle(style_name)
