"""A record table that reads its rows page by page as the view scrolls (canFetchMore/fetchMore)."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Generic, TypeVar

from PySide6.QtCore import QModelIndex, QObject, QPersistentModelIndex, Qt

from trusted_trader.gui.models.base import Column, RecordTableModel

R = TypeVar("R")
PageLoader = Callable[[int, int], list[R]]

PAGE_SIZE = 200


class PagedTableModel(RecordTableModel[R], Generic[R]):
    """Rows come from ``load(offset, limit)``; the database orders and pages them."""

    def __init__(
        self,
        columns: Sequence[Column[R]],
        page_size: int = PAGE_SIZE,
        parent: QObject | None = None,
    ) -> None:
        super().__init__(columns, parent)
        self._load: PageLoader[R] | None = None
        self._total = 0
        self._page_size = page_size
        # Called when the user clicks a column's header; the owner reloads in that order.
        self.sort_requested: Callable[[int, Qt.SortOrder], None] | None = None

    @property
    def total(self) -> int:
        return self._total

    def set_source(self, load: PageLoader[R], total: int) -> None:
        """Start over with a new query: the first page now, the rest as the view asks."""
        self._load = load
        self._total = total
        self.set_rows(load(0, self._page_size) if total else [])

    def canFetchMore(self, parent: QModelIndex | QPersistentModelIndex = QModelIndex()) -> bool:  # noqa: B008
        return not parent.isValid() and self._load is not None and len(self._rows) < self._total

    def fetchMore(self, parent: QModelIndex | QPersistentModelIndex = QModelIndex()) -> None:  # noqa: B008
        if not self.canFetchMore(parent) or self._load is None:
            return
        page = self._load(len(self._rows), self._page_size)
        if not page:
            self._total = len(self._rows)
            return
        first = len(self._rows)
        self.beginInsertRows(QModelIndex(), first, first + len(page) - 1)
        self._rows.extend(page)
        self.endInsertRows()

    def sort(self, column: int, order: Qt.SortOrder = Qt.SortOrder.AscendingOrder) -> None:
        """The database decides the order of a paged table: ``sort_requested`` asks it again."""
        if self.sort_requested is not None:
            self.sort_requested(column, order)
