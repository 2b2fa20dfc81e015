"""My week's model: open deadlines in four groups, filtered in memory, rows fetched lazily.

The list is read once per load. The groups are cut then and each filter change only
picks lists: the kind from buckets made at load, the Account Executive, Center and
partner by sets of partner ids (the partner text is matched against each partner's
name once, not against every row), and the age of overdue rows by a binary search of
the overdue list, which is kept newest first. A group hands the view its rows a few
hundred at a time (``fetchMore``), so a collapsed group of 50,000 costs nothing.
"""

from __future__ import annotations

from bisect import bisect_left
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, timedelta
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QAbstractItemModel, QModelIndex, QObject, QPersistentModelIndex, Qt
from PySide6.QtGui import QFont

from trusted_trader.domain.deadlines import Deadline, KindGroup, WeekGroup, week_group
from trusted_trader.gui.qt_dates import show_date
from trusted_trader.gui.style import DUE_SOON, OVERDUE

if TYPE_CHECKING:
    from trusted_trader.services.deadlines import WeekItems

Index = QModelIndex | QPersistentModelIndex
RECORD_ROLE = Qt.ItemDataRole.UserRole + 2
GROUP_ROLE = Qt.ItemDataRole.UserRole + 3
HEADERS = ("Due", "Status", "What", "Partner", "Item")
FETCH = 300  # rows a group hands the view at a time
WHO = ("mine", "center", "all")


@dataclass(frozen=True)
class WeekFilter:
    """Which open items show: whose, which kind, which partner, how old an overdue one."""

    who: str = "all"  # "mine" | "center" | "all"
    kind: str = ""  # a KindGroup value, or "" for every kind
    partner: str = ""  # part of the partner's name
    overdue_days: int = 0  # hide overdue items older than this; 0 shows them all


def status_text(deadline: Deadline, today: date) -> str:
    """How a row's status reads, in words: "Overdue by 3 days", "Due in 2 days"…"""
    days = (deadline.due_on - today).days
    if days < 0:
        if deadline.advisory:
            return f"Expected by {show_date(deadline.due_on)}"
        return f"Overdue by {-days} day{'s' if days != -1 else ''}"
    if deadline.opens_on is not None and today < deadline.opens_on:
        return f"Window opens {show_date(deadline.opens_on)}"
    if days == 0:
        return "Due today"
    return "Due tomorrow" if days == 1 else f"Due in {days} days"


class _Index:
    """The loaded items cut into groups and kind buckets, with the partners' owners."""

    def __init__(self, items: list[Deadline], today: date) -> None:
        self.today = today
        self.buckets: dict[tuple[WeekGroup, str], list[Deadline]] = {}
        for group in WeekGroup:
            for kind in ("", *(k.value for k in KindGroup)):
                self.buckets[(group, kind)] = []
        owners: dict[int, tuple[int | None, int | None, str]] = {}
        for item in items:
            group = week_group(item, today)
            self.buckets[(group, "")].append(item)
            self.buckets[(group, KindGroup.of(item.kind).value)].append(item)
            owners[item.partner_id] = (item.executive_id, item.center_id, item.partner_name)
        for kind in ("", *(k.value for k in KindGroup)):
            self.buckets[(WeekGroup.OVERDUE, kind)].reverse()  # the most recent first
        self.owners = owners
        self.names = {pid: name.casefold() for pid, (_e, _c, name) in owners.items()}

    def partners(self, who: str, me: int | None, center: int | None, text: str) -> set[int] | None:
        """The partner ids a filter keeps, or None when it keeps every partner."""
        if who == "all" and not text:
            return None
        wanted = text.casefold().strip()
        return {
            pid
            for pid, (executive, centre, _name) in self.owners.items()
            if (who == "all" or (executive == me if who == "mine" else centre == center))
            and (not wanted or wanted in self.names[pid])
        }

    def rows(
        self, group: WeekGroup, kind: str, keep: set[int] | None, overdue_days: int
    ) -> list[Deadline]:
        rows = self.buckets[(group, kind)]
        if group == WeekGroup.OVERDUE and overdue_days > 0:
            oldest = self.today - timedelta(days=overdue_days)
            # newest first: the rows still shown are those due on or after ``oldest``
            cut = bisect_left(rows, True, key=lambda d: d.due_on < oldest)
            rows = rows[:cut]
        if keep is None:
            return rows
        return [d for d in rows if d.partner_id in keep]


class WeekModel(QAbstractItemModel):
    """Four group rows (This week, Next 30 days, Overdue, Later), each with its items."""

    def __init__(
        self, today: Callable[[], date], soon_days: int, parent: QObject | None = None
    ) -> None:
        super().__init__(parent)
        self._today = today
        self._soon_days = soon_days  # the "due soon" setting: such rows are amber
        self._index: _Index | None = None
        self.me: int | None = None
        self.my_center: int | None = None
        self.filter = WeekFilter()
        self._groups: list[list[Deadline]] = [[] for _ in WeekGroup]
        self._shown = [0 for _ in WeekGroup]

    # --- content -------------------------------------------------------------------------
    def set_items(self, items: WeekItems) -> None:
        self._index = _Index(items.deadlines, self._today())
        self.me, self.my_center = items.executive_id, items.center_id
        self._refilter()

    def set_filter(self, wanted: WeekFilter) -> None:
        self.filter = wanted
        self._refilter()

    def _refilter(self) -> None:
        self.beginResetModel()
        index, wanted = self._index, self.filter
        if index is None:
            self._groups = [[] for _ in WeekGroup]
        else:
            keep = index.partners(wanted.who, self.me, self.my_center, wanted.partner)
            self._groups = [
                index.rows(group, wanted.kind, keep, wanted.overdue_days) for group in WeekGroup
            ]
        self._shown = [min(FETCH, len(rows)) for rows in self._groups]
        self.endResetModel()

    def count(self, group: WeekGroup) -> int:
        return len(self._groups[group])

    def items(self, group: WeekGroup) -> list[Deadline]:
        return list(self._groups[group])

    def record(self, index: Index) -> Deadline | None:
        item = index.data(RECORD_ROLE) if index.isValid() else None
        return item if isinstance(item, Deadline) else None

    def index_of(self, predicate: Callable[[Deadline], bool]) -> QModelIndex:
        """The first shown row the predicate holds for (fetching its group's rows)."""
        for group in WeekGroup:
            for row, item in enumerate(self._groups[group]):
                if predicate(item):
                    while row >= self._shown[group]:
                        self.fetchMore(self.index(group, 0))
                    return self.index(row, 0, self.index(group, 0))
        return QModelIndex()

    # --- Qt interface --------------------------------------------------------------------
    def index(self, row: int, column: int, parent: Index = QModelIndex()) -> QModelIndex:  # noqa: B008
        if not self.hasIndex(row, column, parent):
            return QModelIndex()
        if not parent.isValid():
            return self.createIndex(row, column, 0)
        return self.createIndex(row, column, parent.row() + 1)

    def parent(self, child: Index = QModelIndex()) -> QModelIndex:  # type: ignore[override]  # noqa: B008
        group = child.internalId() if child.isValid() else 0
        return self.createIndex(group - 1, 0, 0) if group else QModelIndex()

    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        if not parent.isValid():
            return len(WeekGroup)
        if parent.internalId() == 0 and parent.column() == 0:
            return self._shown[parent.row()]
        return 0

    def columnCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return len(HEADERS)

    def hasChildren(self, parent: Index = QModelIndex()) -> bool:  # noqa: B008
        if not parent.isValid():
            return True
        return parent.internalId() == 0 and bool(self._groups[parent.row()])

    def canFetchMore(self, parent: Index) -> bool:
        if not parent.isValid() or parent.internalId() != 0:
            return False
        return self._shown[parent.row()] < len(self._groups[parent.row()])

    def fetchMore(self, parent: Index) -> None:
        group = parent.row()
        first = self._shown[group]
        last = min(first + FETCH, len(self._groups[group])) - 1
        if last < first:
            return
        self.beginInsertRows(parent, first, last)
        self._shown[group] = last + 1
        self.endInsertRows()

    def headerData(
        self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole
    ) -> Any:
        if orientation == Qt.Orientation.Horizontal and role == Qt.ItemDataRole.DisplayRole:
            return HEADERS[section]
        return None

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid():
            return None
        group = index.internalId()
        if group == 0:
            return self._group_data(WeekGroup(index.row()), index.column(), role)
        rows = self._groups[group - 1]
        if index.row() >= len(rows):
            return None
        return self._item_data(rows[index.row()], index.column(), role)

    def _group_data(self, group: WeekGroup, column: int, role: int) -> Any:
        if role == GROUP_ROLE:
            return group
        if column != 0:
            return None
        if role in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.AccessibleTextRole):
            return f"{group.label} ({self.count(group):,})"
        if role == Qt.ItemDataRole.FontRole:
            font = QFont()
            font.setBold(True)
            return font
        return None

    def _item_data(self, item: Deadline, column: int, role: int) -> Any:
        if role == RECORD_ROLE:
            return item
        if role == Qt.ItemDataRole.DisplayRole:
            return self._text(item, column)
        if role == Qt.ItemDataRole.ToolTipRole and column == 4:
            return item.title
        if role == Qt.ItemDataRole.ForegroundRole and column in (0, 1):
            days = (item.due_on - self._today()).days
            if days < 0 and not item.advisory:
                return OVERDUE
            if 0 <= days <= self._soon_days:
                return DUE_SOON
        return None

    def _text(self, item: Deadline, column: int) -> str:
        if column == 0:
            return show_date(item.due_on)
        if column == 1:
            return status_text(item, self._today())
        if column == 2:
            return item.kind.value.capitalize()
        return item.partner_name if column == 3 else item.title
