"""A form that adds one of a partner's records or changes one, saved in one place."""

from __future__ import annotations

from typing import TYPE_CHECKING, Generic, TypeVar

from PySide6.QtWidgets import QWidget

from trusted_trader.gui.context import Desk, Topic
from trusted_trader.gui.dialogs.fields import FormDialog

if TYPE_CHECKING:
    from trusted_trader.store.uow import UnitOfWork

R = TypeVar("R")


class RecordDialog(FormDialog, Generic[R]):
    """New or changed record of a partner; ``saved`` holds what was stored."""

    what = "record"
    topic = Topic.ALL

    def __init__(
        self, desk: Desk, partner_id: int, record: R | None, parent: QWidget | None = None
    ) -> None:
        super().__init__(f"Change {self.what}" if record else f"New {self.what}", parent)
        self.desk = desk
        self.partner_id = partner_id
        self.record = record
        self.saved: R | None = None
        self.build()

    def build(self) -> None:
        """Add the record's fields to the form, filled from ``record`` when there is one."""

    def store(self, uow: UnitOfWork) -> R:
        """Add or change the record through its service (version-checked when changed)."""
        raise NotImplementedError

    def save(self) -> None:
        # The one save of every such dialog: a stale change raises the store's
        # ConflictError here, where the window's conflict handling can take it.
        with self.desk.uow() as uow:
            self.saved = self.store(uow)
            uow.commit()
        self.desk.changed(self.topic)
