"""The look: Fusion (which follows the system's light or dark scheme), an accent, spacing."""

from __future__ import annotations

from PySide6.QtGui import QColor, QGuiApplication, QPalette
from PySide6.QtWidgets import QApplication

ACCENT = QColor("#2f6fde")
# Colours that read on both light and dark backgrounds.
OVERDUE = QColor("#d64545")
DUE_SOON = QColor("#d68a1a")
GOOD = QColor("#2e9d5b")

# Only palette() references, so the sheet follows dark mode.
STYLE_SHEET = """
QListWidget#navigation {
    border: none;
    background: palette(window);
    font-size: 10.5pt;
    padding-top: 8px;
}
QListWidget#navigation::item { padding: 8px 12px; border-radius: 6px; margin: 1px 6px; }
QListWidget#navigation::item:selected { background: palette(highlight);
    color: palette(highlighted-text); }
QFrame#tile { background: palette(base); border: 1px solid palette(mid); border-radius: 8px; }
QLabel#tileValue { font-size: 20pt; font-weight: 600; }
QLabel#tileCaption { color: palette(placeholder-text); }
QLabel#pageTitle { font-size: 15pt; font-weight: 600; }
QLabel#sectionTitle { font-size: 11pt; font-weight: 600; }
QLabel#fieldProblem { color: #d64545; }
QTableView { gridline-color: palette(midlight); }
QLabel#placeholder { color: palette(placeholder-text); font-size: 11pt; }
"""


def is_dark() -> bool:
    hints = QGuiApplication.styleHints()
    return bool(hints.colorScheme() == hints.colorScheme().Dark)


def apply_look(app: QApplication) -> None:
    """Fusion plus an accent colour; only the accent roles are set, the rest stays the system's."""
    app.setStyle("Fusion")
    palette = app.palette()
    for group in (QPalette.ColorGroup.Active, QPalette.ColorGroup.Inactive):
        palette.setColor(group, QPalette.ColorRole.Highlight, ACCENT)
        palette.setColor(group, QPalette.ColorRole.Accent, ACCENT)
        palette.setColor(group, QPalette.ColorRole.HighlightedText, QColor("#ffffff"))
        palette.setColor(
            group, QPalette.ColorRole.Link, ACCENT.lighter(130) if is_dark() else ACCENT
        )
    app.setPalette(palette)
    app.setStyleSheet(STYLE_SHEET)
