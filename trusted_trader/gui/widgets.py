"""Small widgets built the same way wherever they stand: a caption, a button, a kind filter."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtWidgets import QComboBox, QLabel, QPushButton, QWidget

from trusted_trader.domain.enums import TouchPointKind


def caption_label(text: str = "", parent: QWidget | None = None) -> QLabel:
    """A line of small, quiet text beside or under what it describes (the tileCaption look)."""
    label = QLabel(text, parent)
    label.setObjectName("tileCaption")
    return label


def push_button(
    text: str, parent: QWidget, on_click: Callable[[], object], tip: str = ""
) -> QPushButton:
    """A button that calls ``on_click`` when pressed; ``tip`` says what it does."""
    button = QPushButton(text, parent)
    if tip:
        button.setToolTip(tip)
    button.clicked.connect(lambda _checked=False: on_click())
    return button


def touch_point_kind_filter(parent: QWidget, on_change: Callable[[], None]) -> QComboBox:
    """A list narrowed to one kind of touch point, or all kinds (the data is the kind's value)."""
    combo = QComboBox(parent)
    combo.setAccessibleName("Kind filter")
    combo.setToolTip("Show one kind of touch point")
    combo.addItem("All kinds", None)
    for kind in TouchPointKind:
        combo.addItem(kind.label, kind.value)
    combo.currentIndexChanged.connect(on_change)
    return combo
