"""The look: Fusion (which follows the system's light or dark scheme), an accent, spacing.

Section 508 asks the app to follow the user's colours, contrast and font size: the sheet
names palette roles, sizes text relative to the user's font, and every semantic colour
is darkened or lightened until it reads at 4.5:1 on the palette's background.
"""

from __future__ import annotations

from functools import lru_cache

from PySide6.QtCore import Qt
from PySide6.QtGui import (
    QAccessibilityHints,
    QColor,
    QGuiApplication,
    QPainter,
    QPalette,
    QPen,
)
from PySide6.QtWidgets import (
    QApplication,
    QProxyStyle,
    QStyle,
    QStyleOption,
    QStyleOptionButton,
    QWidget,
)

ACCENT = QColor("#2f6fde")
# Hues that carry meaning; shown through readable(), never as they are.
OVERDUE = QColor("#d64545")
DUE_SOON = QColor("#d68a1a")
GOOD = QColor("#2e9d5b")
# WCAG 2.0 AA for normal text.
MIN_CONTRAST = 4.5

# Only palette() references and sizes as a share of the user's font ({n} is n times it).
STYLE_SHEET = """
QListWidget#navigation {
    border: none;
    background: palette(window);
    font-size: {1.05};
    padding-top: 8px;
}
QListWidget#navigation::item { padding: 8px 12px; border-radius: 6px; margin: 1px 6px; }
QListWidget#navigation::item:selected { background: palette(highlight);
    color: palette(highlighted-text); }
QFrame#tile { background: palette(base); border: 1px solid palette(mid); border-radius: 8px; }
QLabel#tileValue { font-size: {2.0}; font-weight: 600; }
QLabel#tileCaption { color: palette(placeholder-text); }
QLabel#pageTitle { font-size: {1.5}; font-weight: 600; }
QLabel#sectionTitle { font-size: {1.1}; font-weight: 600; }
QLabel#fieldProblem { color: {overdue}; }
QLabel#readOnlyBanner { border: 1px solid {due_soon}; border-radius: 6px; padding: 6px 10px; }
QTableView { gridline-color: palette(midlight); }
QLabel#placeholder { color: palette(placeholder-text); font-size: {1.1}; }
"""


def style_sheet(points: float, background: QColor) -> str:
    """The sheet for a base font of ``points`` and a window of colour ``background``."""
    sheet = STYLE_SHEET
    for share in ("1.05", "1.1", "1.5", "2.0"):
        sheet = sheet.replace("{" + share + "}", f"{float(share) * points:.1f}pt")
    sheet = sheet.replace("{overdue}", readable(OVERDUE, background).name())
    return sheet.replace("{due_soon}", readable(DUE_SOON, background).name())


def luminance(colour: QColor) -> float:
    """WCAG 2.0 relative luminance, 0 (black) to 1 (white)."""

    def linear(value: float) -> float:
        return value / 12.92 if value <= 0.03928 else ((value + 0.055) / 1.055) ** 2.4

    red, green, blue = (linear(c) for c in (colour.redF(), colour.greenF(), colour.blueF()))
    return 0.2126 * red + 0.7152 * green + 0.0722 * blue


def contrast(one: QColor, other: QColor) -> float:
    """WCAG 2.0 contrast ratio, 1 to 21."""
    light, dark = sorted((luminance(one), luminance(other)), reverse=True)
    return (light + 0.05) / (dark + 0.05)


def readable(colour: QColor, background: QColor) -> QColor:
    """``colour``, darkened on a light background or lightened on a dark one to 4.5:1."""
    return QColor(_readable(colour.rgb(), background.rgb()))


@lru_cache(maxsize=64)
def _readable(colour: int, background: int) -> int:
    shade, base = QColor(colour), QColor(background)
    darker = luminance(base) > 0.18  # a light background wants darker text
    hue, saturation, lightness = shade.hslHue(), shade.hslSaturation(), shade.lightness()
    while contrast(shade, base) < MIN_CONTRAST and 0 < lightness < 255:
        lightness = max(0, lightness - 6) if darker else min(255, lightness + 6)
        shade = QColor.fromHsl(hue, saturation, lightness)
    return int(shade.rgb())


def on_base(colour: QColor) -> QColor:
    """A semantic colour as table text: readable on the application palette's base."""
    base = QGuiApplication.palette().color(QPalette.ColorRole.Base)
    return readable(colour, base)


def tint(colour: QColor, share: float = 0.25) -> QColor:
    """A background that hints at ``colour``: mostly the palette's base, so text stays legible."""
    base = QGuiApplication.palette().color(QPalette.ColorRole.Base)
    red, green, blue = (
        round(b + (c - b) * share)
        for b, c in zip(
            (base.red(), base.green(), base.blue()),
            (colour.red(), colour.green(), colour.blue()),
            strict=True,
        )
    )
    return QColor(red, green, blue)


def is_dark() -> bool:
    """The palette in use is light text on a dark window (a dark or high-contrast theme)."""
    return QGuiApplication.palette().color(QPalette.ColorRole.Window).lightness() < 128


def _accessibility_hints() -> QAccessibilityHints | None:
    """The platform's accessibility hints; None where it has none (offscreen, some X11)."""
    hints = QGuiApplication.styleHints().accessibility()
    try:
        hints.contrastPreference()  # a platform without them hands back a dead object
    except RuntimeError:
        return None
    return hints


def wants_high_contrast() -> bool:
    hints = _accessibility_hints()
    return hints is not None and hints.contrastPreference() == Qt.ContrastPreference.HighContrast


class FocusRingStyle(QProxyStyle):
    """Fusion, with a visible focus ring on a form's default button (WCAG 2.4.7).

    Fusion outlines the default button (Save) in the highlight colour whether or not it has
    the keyboard focus, so the focus did not show on it; a second, inner ring does.
    """

    def drawPrimitive(
        self,
        element: QStyle.PrimitiveElement,
        option: QStyleOption,
        painter: QPainter,
        widget: QWidget | None = None,
    ) -> None:
        super().drawPrimitive(element, option, painter, widget)
        if element != QStyle.PrimitiveElement.PE_PanelButtonCommand:
            return
        focused = QStyle.StateFlag.State_HasFocus | QStyle.StateFlag.State_KeyboardFocusChange
        default = isinstance(option, QStyleOptionButton) and bool(
            option.features & QStyleOptionButton.ButtonFeature.DefaultButton
        )
        if default and (option.state & focused) == focused:
            painter.save()
            pen = QPen(option.palette.color(QPalette.ColorRole.Highlight), 1)
            pen.setStyle(Qt.PenStyle.DotLine)
            painter.setPen(pen)
            painter.setBrush(Qt.BrushStyle.NoBrush)
            painter.drawRoundedRect(option.rect.adjusted(3, 3, -4, -4), 2, 2)
            painter.restore()


def apply_look(app: QApplication) -> None:
    """Fusion plus an accent colour; only the accent roles are set, the rest stays the system's.

    Under the system's high-contrast setting the platform's own style and colours stay:
    Fusion draws frames a shade darker than the window, which vanish on a black one.
    """
    if not wants_high_contrast():
        app.setStyle(FocusRingStyle("Fusion"))
        palette = app.palette()
        for group in (QPalette.ColorGroup.Active, QPalette.ColorGroup.Inactive):
            palette.setColor(group, QPalette.ColorRole.Highlight, ACCENT)
            palette.setColor(group, QPalette.ColorRole.Accent, ACCENT)
            palette.setColor(group, QPalette.ColorRole.HighlightedText, QColor("#ffffff"))
            palette.setColor(
                group, QPalette.ColorRole.Link, ACCENT.lighter(130) if is_dark() else ACCENT
            )
        app.setPalette(palette)
    restyle(app)
    # The user switches light/dark or high contrast while the app runs: recolour the sheet.
    app.styleHints().colorSchemeChanged.connect(lambda _scheme: restyle(app))
    hints = _accessibility_hints()
    if hints is not None:
        hints.contrastPreferenceChanged.connect(lambda _wanted: restyle(app))


def restyle(app: QApplication) -> None:
    """Size and colour the sheet for the current font and palette (call again when they change)."""
    background = app.palette().color(QPalette.ColorRole.Window)
    font = app.font()
    points = font.pointSizeF() if font.pointSizeF() > 0 else font.pixelSize() * 0.75
    app.setStyleSheet(style_sheet(points, background))
