"""Small widgets built the same way wherever they stand: a caption, a button, a kind filter."""

from __future__ import annotations

from collections.abc import Callable, Sequence

from PySide6.QtWidgets import QCheckBox, QComboBox, QLabel, QLineEdit, QPushButton, QWidget

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


def filter_edit(
    parent: QWidget, name: str, placeholder: str, on_change: Callable[[], object]
) -> QLineEdit:
    """A line narrowing a list to what holds its words, with a clear button; ``name`` for
    screen readers, ``on_change`` called at each keystroke."""
    edit = QLineEdit(parent)
    edit.setPlaceholderText(placeholder)
    edit.setAccessibleName(name)
    edit.setClearButtonEnabled(True)
    edit.textChanged.connect(lambda _text: on_change())
    return edit


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


class MyPartnersCheckBox(QCheckBox):
    """ "My partners": usable once the user said who they are (Settings), and then ticked."""

    def __init__(self, parent: QWidget, on_change: Callable[[], None]) -> None:
        super().__init__("My partners", parent)
        self.setToolTip("Only the partners you are the Account Executive for (Edit → Settings…)")
        self.setEnabled(False)
        self._executive_id: int | None = None
        self.toggled.connect(lambda _on: on_change())

    def follow(self, executive_id: int | None) -> None:
        """Pages open on "My partners" whenever "me" becomes someone; the user may untick it."""
        self.setEnabled(executive_id is not None)
        if executive_id != self._executive_id:
            self._executive_id = executive_id
            self.blockSignals(True)  # the caller is loading already
            self.setChecked(executive_id is not None)
            self.blockSignals(False)

    def mine(self) -> int | None:
        """The Account Executive whose partners to show, or None for everyone's."""
        return self._executive_id if self.isChecked() and self.isEnabled() else None


def filter_combo(
    parent: QWidget,
    name: str,
    items: Sequence[tuple[str, object]],
    on_change: Callable[[], object] | None = None,
    tip: str = "",
) -> QComboBox:
    """A list narrowing a page to one value (the data of each entry), named for screen readers;
    without ``on_change`` the caller connects it once it has restored the user's choice."""
    combo = QComboBox(parent)
    combo.setAccessibleName(name)
    combo.setToolTip(tip or f"Filter by {name}")
    for text, data in items:
        combo.addItem(text, data)
    if on_change is not None:
        combo.currentIndexChanged.connect(lambda _index: on_change())
    return combo


# Whose partners a list covers, in the order `whose_choice` expects (the data is the scope).
WHOSE_PARTNERS = (("My partners", "mine"), ("My Center", "center"), ("All partners", "all"))


def whose_choice(combo: QComboBox, known: bool, remembered: bool) -> int | None:
    """Mine / my Center / all: without "me" in the settings the first two cannot be chosen.

    Returns the choice the list must move to (all without "me"; mine once "me" is known
    and the user never chose), or None to keep the current one.
    """
    tip = "" if known else "Choose who you are in the settings first"
    for row in (0, 1):
        item = combo.model().item(row)  # type: ignore[attr-defined]
        item.setEnabled(known)
        item.setToolTip(tip)
    if not known and combo.currentIndex() < 2:
        return 2
    return 0 if known and not remembered else None


def select_data(combo: QComboBox, value: object) -> None:
    """Select the item whose data is ``value``; the first item when none holds it."""
    combo.setCurrentIndex(max(0, combo.findData(value)))
