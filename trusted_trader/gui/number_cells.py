"""Numbers typed in the window, read in the user's locale and checked as they are typed."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QAbstractItemModel, QLocale, QModelIndex, QPersistentModelIndex, Signal
from PySide6.QtWidgets import QLineEdit, QStyledItemDelegate, QStyleOptionViewItem, QWidget

from trusted_trader.domain.numbers import parse_number

Index = QModelIndex | QPersistentModelIndex


def decimal_mark() -> str:
    """The decimal mark of the user's locale: "." or "," (anything else reads as ".")."""
    mark = QLocale().decimalPoint()
    return mark if mark in (".", ",") else "."


def read_number(text: str, *, whole: bool = False, negative: bool = False) -> float:
    """A typed number in the user's locale; raises ValueError with the reason."""
    return parse_number(text, decimal=decimal_mark(), whole=whole, negative=negative)


def editable_number(value: float) -> str:
    """A number as the user would type it back: no grouping, the locale's decimal mark."""
    if value == int(value):
        return str(int(value))
    return f"{value:.2f}".rstrip("0").rstrip(".").replace(".", decimal_mark())


class NumberDelegate(QStyledItemDelegate):
    """Edits a number cell in a line edit that says what is wrong while it is typed.

    The reason goes to the editor's tooltip and to ``problem_changed`` (a label under the
    table shows it); a wrong number is never handed to the model.
    """

    problem_changed = Signal(str)

    def __init__(self, whole: Callable[[Index], bool], parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._whole = whole

    def problem(self, index: Index, text: str) -> str:
        if not text.strip():
            return ""  # an empty cell is a zero
        try:
            read_number(text, whole=self._whole(index))
        except ValueError as exc:
            return str(exc)
        return ""

    def createEditor(self, parent: QWidget, option: QStyleOptionViewItem, index: Index) -> QWidget:
        editor = QLineEdit(parent)
        editor.setAccessibleName("Number")
        editor.textChanged.connect(lambda text: self._show(editor, self.problem(index, text)))
        return editor

    def _show(self, editor: QLineEdit, problem: str) -> None:
        editor.setToolTip(problem)
        editor.setProperty("problem", bool(problem))
        self.problem_changed.emit(problem)

    def setModelData(self, editor: QWidget, model: QAbstractItemModel, index: Index) -> None:
        assert isinstance(editor, QLineEdit)
        problem = self.problem(index, editor.text())
        if problem:
            self.problem_changed.emit(problem)
            return
        if not model.setData(index, editor.text()):
            self.problem_changed.emit(str(getattr(model, "last_problem", "")))
