"""A form that adds one of a partner's records or changes one, saved in one place."""

from __future__ import annotations

import importlib
from collections.abc import Callable, Mapping
from datetime import date
from typing import TYPE_CHECKING, Any, Generic, Protocol, TypeVar

from PySide6.QtWidgets import QWidget

from trusted_trader.gui.change_watcher import TOPICS
from trusted_trader.gui.context import Desk, Topic
from trusted_trader.gui.dialogs.conflict_dialog import shown
from trusted_trader.gui.dialogs.conflict_save import VersionedSave, save_versioned
from trusted_trader.gui.dialogs.fields import FormDialog, date_edit
from trusted_trader.gui.qt_dates import py_date, show_date

if TYPE_CHECKING:
    from trusted_trader.store.uow import UnitOfWork

R = TypeVar("R")
Values = Mapping[str, Any]


class RecordDialog(FormDialog, Generic[R]):
    """New or changed record of a partner; ``saved`` holds what was stored.

    A subclass speaks its service's terms: ``values()`` is the form, ``record_values``
    a stored record in the same terms, ``write`` saves such values against a version and
    ``load`` reads the record as stored now — what a conflict dialog compares.
    """

    what = "record"
    table = ""  # the record's table: names it in the audit trail and says what to reload
    # The service module under trusted_trader.services and its functions that add one
    # (uow, partner_id, **values), change one (uow, id, values, version) and read one
    # (uow, id); imported when first used, so that opening the window stays quick.
    service = ("", "", "", "")

    def __init__(
        self,
        desk: Desk,
        partner_id: int,
        record: R | None = None,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(f"Change {self.what}" if record else f"New {self.what}", parent)
        self.desk = desk
        self.partner_id = partner_id
        self.record = record
        self.saved: R | None = None
        self.build()

    def build(self) -> None:
        """Add the record's fields to the form, filled from ``record`` when there is one."""

    def values(self) -> dict[str, Any]:
        """The form's values, named as the service takes them."""
        raise NotImplementedError

    def record_values(self, record: R) -> dict[str, Any]:
        """A stored record named as ``values()`` names the form."""
        return {key: getattr(record, key) for key in self.values()}

    def add(self, uow: UnitOfWork) -> R:
        """Add the record through its service."""
        return self._service(1)(uow, self.partner_id, **self.values())

    def write(self, uow: UnitOfWork, values: Values, version: int) -> R:
        """Change the record through its service, refused if stored at another version."""
        return self._service(2)(uow, self._record_id(), values, version)

    def load(self, uow: UnitOfWork) -> R:
        """The record as stored now."""
        return self._service(3)(uow, self._record_id())

    def _service(self, which: int) -> Callable[..., R]:
        module = importlib.import_module(f"trusted_trader.services.{self.service[0]}")
        function: Callable[..., R] = getattr(module, self.service[which])
        return function

    def _record_id(self) -> int:
        return int(getattr(self.record, "id"))  # noqa: B009

    def described(self, record: R) -> str:
        """The record in a sentence's words, as the conflict dialog names it."""
        return f"The {self.what}"

    def show_value(self, name: str, value: object) -> str:
        """A field's value in words, as the conflict dialog shows it (codes as labels)."""
        return shown(value)

    def save(self) -> bool:
        # A change meets a colleague's through the window's one versioned save: the
        # conflict dialog shows both and saves the choice; False keeps the form open.
        if self.record is None:
            with self.desk.uow() as uow:
                self.saved = self.add(uow)
                uow.commit()
        else:
            job = VersionedSave(
                self.described(self.record), self.table, self.record, self.values(),
                self.record_values, self.write, self.load, self.show_value,
            )  # fmt: skip
            self.saved = save_versioned(self, self.desk, job)
        if self.saved is None:
            return False
        for topic in TOPICS.get(self.table, (Topic.ALL,)):
            self.desk.changed(topic)
        return True


class Dated(Protocol):
    """A record of one day."""

    @property
    def occurred_on(self) -> date: ...


D = TypeVar("D", bound=Dated)


class DatedRecordDialog(RecordDialog[D]):
    """A record of one day (an activity, facilitation delivered): the form opens on its date,
    today for a new one, and the record is named by that date."""

    def build(self) -> None:
        day = self.record.occurred_on if self.record else self.desk.today()
        self.date_edit = date_edit(day, self, "Date")
        self.form.addRow("&Date", self.date_edit)

    def day(self) -> date:
        """The date the form holds."""
        return py_date(self.date_edit.date())

    def described(self, record: D) -> str:
        return f"The {self.what} of {show_date(record.occurred_on)}"
