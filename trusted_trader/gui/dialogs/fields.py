"""Form fields that check themselves as the user types and say why a value is wrong."""

from __future__ import annotations

import re
from collections.abc import Callable
from datetime import date

from PySide6.QtCore import QDate, QEvent, QObject, QSize, Qt, Signal, Slot
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QCheckBox,
    QDateEdit,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QFrame,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QScrollArea,
    QVBoxLayout,
    QWidget,
)

from trusted_trader.domain.identifiers import IdentifierError
from trusted_trader.gui.qt_dates import py_date, qdate, qt_date_format
from trusted_trader.gui.window_size import available_area, remember_size

Parser = Callable[[str], str]


def list_parser(parse: Parser) -> Callable[[str], tuple[str, ...]]:
    """Parse a comma- or semicolon-separated list with ``parse``, keeping the order."""

    def parse_all(text: str) -> tuple[str, ...]:
        values: list[str] = []
        for part in re.split(r"[,;\n]", text):
            if part.strip():
                try:
                    normal = parse(part.strip())
                except IdentifierError as exc:
                    raise ValueError(str(exc)) from exc  # names which of the values is wrong
                if normal not in values:
                    values.append(normal)
        return tuple(values)

    return parse_all


class CheckedLineEdit(QWidget):
    """A line edit whose value goes through a domain parser; the reason shows beside it."""

    validity_changed = Signal(bool)

    def __init__(
        self,
        parse: Callable[[str], object] | None = None,
        *,
        required: bool = False,
        name: str = "",
        placeholder: str = "",
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self._parse = parse
        self._required = required
        self._name = name
        self.line_edit = QLineEdit(self)
        self.line_edit.setPlaceholderText(placeholder)
        self.line_edit.setAccessibleName(name)
        self.problem_label = QLabel("", self)
        self.problem_label.setObjectName("fieldProblem")
        self.problem_label.setWordWrap(True)
        self.problem_label.setAccessibleName(f"{name} problem")
        # The reason goes right under the field; a wrapped label beside it would be clipped.
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(2)
        layout.addWidget(self.line_edit)
        layout.addWidget(self.problem_label)
        self.problem_label.setVisible(False)
        self.setFocusProxy(self.line_edit)
        self._valid = True
        self._value: object = ""
        self.line_edit.textChanged.connect(self._check)
        self._check(self.line_edit.text())

    @property
    def is_valid(self) -> bool:
        return self._valid

    @property
    def value(self) -> object:
        """The parsed, normal value ("" when empty and optional)."""
        return self._value

    def text(self) -> str:
        return self.line_edit.text()

    def set_text(self, text: str) -> None:
        self.line_edit.setText(text)

    def problem(self) -> str:
        return self.problem_label.text()

    @Slot(str)
    def _check(self, text: str) -> None:
        reason = ""
        value: object = text.strip()
        if not text.strip():
            reason = f"{self._name} is required" if self._required else ""
            value = ""
        elif self._parse is not None:
            try:
                value = self._parse(text)
            except IdentifierError as exc:
                reason = f"{self._name} {exc.reason}"
            except ValueError as exc:
                reason = str(exc)
        self._value = value
        self.problem_label.setText(reason)
        self.problem_label.setVisible(bool(reason))
        self.line_edit.setToolTip(reason)
        was = self._valid
        self._valid = not reason
        if was != self._valid:
            self.validity_changed.emit(self._valid)


def date_edit(day: date | None = None, parent: QWidget | None = None, name: str = "") -> QDateEdit:
    edit = QDateEdit(parent)
    edit.setCalendarPopup(True)
    edit.setDisplayFormat(qt_date_format())
    edit.setAccessibleName(name)
    edit.setDate(qdate(day) if day else QDate.currentDate())
    return edit


class OptionalDate(QWidget):
    """A date that may be left empty: a check box switches the date on."""

    def __init__(self, label: str, parent: QWidget | None = None, day: date | None = None) -> None:
        super().__init__(parent)
        self.check_box = QCheckBox(label, self)
        self.date_edit = date_edit(day, self, label)
        self.date_edit.setEnabled(False)
        self.check_box.toggled.connect(self.date_edit.setEnabled)
        layout = QHBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.check_box)
        layout.addWidget(self.date_edit, 1)

    def value(self) -> date | None:
        return py_date(self.date_edit.date()) if self.check_box.isChecked() else None

    def set_value(self, day: date | None) -> None:
        self.check_box.setChecked(day is not None)
        if day is not None:
            self.date_edit.setDate(qdate(day))


class _FormArea(QScrollArea):
    """The form's fields at their full height while the screen has room; past that, they scroll.

    On a 1366×768 laptop (or at a large font) a long form keeps its Save button on screen.
    """

    # Room the rest of the dialog (problem line, buttons, frame, title bar) needs on screen.
    CHROME = 200

    def __init__(self, parent: QWidget) -> None:
        super().__init__(parent)
        self.setWidgetResizable(True)
        self.setFrameShape(QFrame.Shape.NoFrame)
        self.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        # Not a stop of its own in the tab chain: Tab goes from field to field as before.
        self.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        self.setAccessibleName("Form fields")
        self.body = QWidget(self)
        self.setWidget(self.body)
        self.body.installEventFilter(self)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if watched is self.body and event.type() == QEvent.Type.LayoutRequest:
            self.updateGeometry()  # a field grew (a problem shown): the dialog may grow too
        return super().eventFilter(watched, event)

    def _content(self) -> QSize:
        hint = self.body.sizeHint()
        return QSize(hint.width() + self.verticalScrollBar().sizeHint().width(), hint.height())

    def sizeHint(self) -> QSize:
        return self._content()

    def minimumSizeHint(self) -> QSize:
        room = available_area(self).height() - self.CHROME
        content = self._content()
        return QSize(content.width(), max(80, min(content.height(), room)))


class FormDialog(QDialog):
    """A form with Save and Cancel; Save is enabled only while every checked field is valid.

    Ctrl+Enter saves, Esc cancels; a problem the service still finds shows under the form.
    """

    def __init__(self, title: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(title)
        self.setMinimumWidth(560)
        remember_size(self, type(self).__name__)
        outer = QVBoxLayout(self)
        self.error_label = QLabel("", self)
        self.error_label.setObjectName("fieldProblem")
        self.error_label.setWordWrap(True)
        outer.addWidget(self.error_label)
        self.buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Save | QDialogButtonBox.StandardButton.Cancel, self
        )
        self.save_button = self.buttons.button(QDialogButtonBox.StandardButton.Save)
        self.save_button.setToolTip("Save (Ctrl+Enter)")
        self.buttons.accepted.connect(self.try_save)
        self.buttons.rejected.connect(self.reject)
        outer.addWidget(self.buttons)
        # Made after the buttons, as the fields always were: the focus chain stays as it was.
        self.form_area = _FormArea(self)
        self.form = QFormLayout(self.form_area.body)
        self.form.setContentsMargins(0, 0, 0, 0)
        self.form.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.AllNonFixedFieldsGrow)
        self.form.setLabelAlignment(Qt.AlignmentFlag.AlignRight)
        outer.insertWidget(0, self.form_area, 1)
        self.checked_fields: list[CheckedLineEdit] = []
        for keys in ("Ctrl+Return", "Ctrl+Enter"):
            QShortcut(QKeySequence(keys), self, self.try_save)

    def checked(self, label: str, field: CheckedLineEdit) -> CheckedLineEdit:
        self.checked_fields.append(field)
        field.validity_changed.connect(self.update_save_button)
        self.form.addRow(label, field)
        self.update_save_button()
        return field

    def is_valid(self) -> bool:
        return all(f.is_valid for f in self.checked_fields)

    @Slot()
    def update_save_button(self) -> None:
        self.save_button.setEnabled(self.is_valid())

    @Slot()
    def try_save(self) -> None:
        if not self.is_valid():
            return
        from trusted_trader.errors import describe

        try:
            if self.save() is False:
                return  # the user went back to editing (a conflict was not settled)
        except Exception as exc:
            message, _is_bug = describe(exc)
            self.error_label.setText(message)
            return
        self.accept()

    def save(self) -> bool | None:
        """Call the service; raise to keep the dialog open with the message shown.

        Return False to keep the dialog open without a message.
        """
        raise NotImplementedError
