"""A dialog's widgets in one column, top to bottom: one call instead of an addWidget a line."""

from __future__ import annotations

from PySide6.QtWidgets import QVBoxLayout, QWidget


def stack(parent: QWidget, *widgets: QWidget, grows: QWidget | None = None) -> QVBoxLayout:
    """Lay ``widgets`` out in ``parent``; ``grows`` (one of them) takes the spare height."""
    layout = QVBoxLayout(parent)
    for widget in widgets:
        layout.addWidget(widget, 1 if widget is grows else 0)
    return layout
