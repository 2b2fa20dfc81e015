"""My week's model: open deadlines in four groups, filtered in memory, one flat list.

The list is read once per load, sorted by due date, and cut into its groups by binary
search. Each filter change then only picks lists: the kind from buckets made at load,
the Account Executive, Center and partner by sets of partner ids (the partner text is
matched against each partner's name once, not against every row), and the age of
overdue rows by a binary search of the overdue list, kept newest first. The model is
flat: a group's title is a row like the others and where each group starts is four
numbers, so the view asks only for the rows it paints (a tree view would lay out
every row on each reset and expansion).
"""

from __future__ import annotations

from bisect import bisect_left, bisect_right
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, timedelta
from itertools import compress
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QObject, QPersistentModelIndex, Qt
from PySide6.QtGui import QFont

from trusted_trader.domain.deadlines import (
    DUE_SOON_DAYS,
    THIS_WEEK_DAYS,
    Deadline,
    DeadlineKind,
    KindGroup,
    WeekGroup,
)
from trusted_trader.gui.qt_dates import show_date
from trusted_trader.gui.style import DUE_SOON, OVERDUE, on_base

if TYPE_CHECKING:
    from trusted_trader.services.deadlines import WeekItems

Index = QModelIndex | QPersistentModelIndex
RECORD_ROLE = Qt.ItemDataRole.UserRole + 2
GROUP_ROLE = Qt.ItemDataRole.UserRole + 3
HEADERS = ("Due", "Status", "What", "Partner", "Item")
GROUPS = tuple(WeekGroup)
KIND_OF = {kind: KindGroup.of(kind).value for kind in DeadlineKind}
WHO = ("mine", "center", "all")


@dataclass(frozen=True)
class WeekFilter:
    """Which open items show: whose, which kind, which partner, how old an overdue one."""

    who: str = "all"  # "mine" | "center" | "all"
    kind: str = ""  # a KindGroup value, or "" for every kind
    partner: str = ""  # part of the partner's name
    overdue_days: int = 0  # hide overdue items older than this; 0 shows them all


def status_text(deadline: Deadline, today: date, soon_days: int = -1) -> str:
    """How a row's status reads, in words: "Overdue by 3 days", "Due soon: in 2 days"…

    The words say what the row's colour says: within ``soon_days`` a row is "Due soon".
    """
    days = (deadline.due_on - today).days
    soon = 0 <= days <= soon_days and not (
        deadline.opens_on is not None and today < deadline.opens_on
    )
    when = _when(deadline, today, days)
    return f"Due soon: {when.removeprefix('Due ')}" if soon else when


def _when(deadline: Deadline, today: date, days: int) -> str:
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
        groups = _cut(items, today)
        self.buckets: dict[tuple[WeekGroup, str], list[Deadline]] = {}
        for group, rows in zip(WeekGroup, groups, strict=True):
            self.buckets[(group, "")] = rows
            for kind in KindGroup:
                self.buckets[(group, kind.value)] = []
            for item in rows:
                self.buckets[(group, KIND_OF[item.kind])].append(item)
        self.partner_ids = {key: [d.partner_id for d in rows] for key, rows in self.buckets.items()}
        self.owners = {d.partner_id: (d.executive_id, d.center_id) for d in items}
        self.names = {d.partner_id: d.partner_name for d in items}
        self.names = {pid: name.casefold() for pid, name in self.names.items()}

    def partners(self, who: str, me: int | None, center: int | None, text: str) -> set[int] | None:
        """The partner ids a filter keeps, or None when it keeps every partner."""
        if who == "all" and not text:
            return None
        wanted = text.casefold().strip()
        return {
            pid
            for pid, (executive, centre) in self.owners.items()
            if (who == "all" or (executive == me if who == "mine" else centre == center))
            and (not wanted or wanted in self.names[pid])
        }

    def rows(self, group: WeekGroup, kind: str, keep: set[int] | None) -> list[Deadline]:
        rows = self.buckets[(group, kind)]
        if keep is None:
            return rows
        # The partner ids of the bucket were listed at load: the test runs in C, not per row
        # in Python (a quarter of the time on 48,000 rows).
        return list(compress(rows, map(keep.__contains__, self.partner_ids[(group, kind)])))

    def recent(self, overdue: list[Deadline], days: int) -> list[Deadline]:
        """The overdue rows (newest first) due at most ``days`` ago; all of them for 0."""
        if days <= 0:
            return overdue
        oldest = self.today - timedelta(days=days)
        return overdue[: bisect_left(overdue, True, key=lambda d: d.due_on < oldest)]


def _cut(items: list[Deadline], today: date) -> list[list[Deadline]]:
    """The groups of items sorted by due date, by binary search; overdue newest first."""

    def at(day: date) -> int:
        return bisect_left(items, day, key=lambda d: d.due_on)

    week, month = today + timedelta(days=THIS_WEEK_DAYS), today + timedelta(days=DUE_SOON_DAYS + 1)
    past, near, soon = at(today), at(week), at(month)
    overdue = [d for d in reversed(items[:past]) if not d.advisory]
    expected = [d for d in items[:past] if d.advisory]  # past an expectation: never overdue
    return [items[past:near], items[near:soon], overdue, expected + items[soon:]]


class WeekModel(QAbstractTableModel):
    """Four groups (This week, Next 30 days, Overdue, Later): a title row, then its items."""

    def __init__(
        self, today: Callable[[], date], soon_days: int, parent: QObject | None = None
    ) -> None:
        super().__init__(parent)
        self._today = today
        self._soon_days = soon_days  # the "due soon" setting: such rows are amber
        self._index: _Index | None = None
        self.complete = True  # False while only the first screen's items are read
        self.me: int | None = None
        self.my_center: int | None = None
        self.filter = WeekFilter()
        self._groups: list[list[Deadline]] = [[] for _ in WeekGroup]
        self.hidden = 0  # overdue rows older than the filter's age
        self.collapsed: set[WeekGroup] = set()
        self._starts = [0, 1, 2, 3]  # the row of each group's title

    # --- content -------------------------------------------------------------------------
    def set_items(self, items: WeekItems) -> None:
        self._index = _Index(items.deadlines, self._today())
        self.complete = items.complete
        self.me, self.my_center = items.executive_id, items.center_id
        self._refilter()

    def set_filter(self, wanted: WeekFilter) -> None:
        self.filter = wanted
        self._refilter()

    def set_collapsed(self, groups: set[WeekGroup]) -> None:
        self.beginResetModel()
        self.collapsed = set(groups)
        self._lay_out()
        self.endResetModel()

    def toggle(self, group: WeekGroup) -> None:
        """Collapse an open group or open a collapsed one."""
        first, size = self._starts[group] + 1, len(self._groups[group])
        opening = group in self.collapsed
        if size:
            if opening:
                self.beginInsertRows(QModelIndex(), first, first + size - 1)
            else:
                self.beginRemoveRows(QModelIndex(), first, first + size - 1)
        self.collapsed.symmetric_difference_update({group})
        self._lay_out()
        if size:
            (self.endInsertRows if opening else self.endRemoveRows)()
        title = self.index(self._starts[group], 0)
        self.dataChanged.emit(title, title)

    def _refilter(self) -> None:
        self.beginResetModel()
        index, wanted = self._index, self.filter
        if index is None:
            self._groups = [[] for _ in WeekGroup]
        else:
            keep = index.partners(wanted.who, self.me, self.my_center, wanted.partner)
            self._groups = [index.rows(group, wanted.kind, keep) for group in WeekGroup]
            overdue = self._groups[WeekGroup.OVERDUE]
            self._groups[WeekGroup.OVERDUE] = index.recent(overdue, wanted.overdue_days)
            self.hidden = len(overdue) - len(self._groups[WeekGroup.OVERDUE])
        self._lay_out()
        self.endResetModel()

    def _lay_out(self) -> None:
        row, starts = 0, []
        for group in WeekGroup:
            starts.append(row)
            row += 1 + (0 if group in self.collapsed else len(self._groups[group]))
        self._starts = starts
        self._rows = row

    def count(self, group: WeekGroup) -> int:
        return len(self._groups[group])

    def items(self, group: WeekGroup) -> list[Deadline]:
        return list(self._groups[group])

    def title_row(self, group: WeekGroup) -> int:
        return self._starts[group]

    def locate(self, row: int) -> tuple[WeekGroup, int]:
        """The group a row is in, and its place there (-1 for the group's title)."""
        group = GROUPS[bisect_right(self._starts, row) - 1]
        return group, row - self._starts[group] - 1

    def record(self, index: Index) -> Deadline | None:
        if not index.isValid():
            return None
        group, place = self.locate(index.row())
        return self._groups[group][place] if place >= 0 else None

    def index_of(self, predicate: Callable[[Deadline], bool]) -> QModelIndex:
        """The first shown row the predicate holds for."""
        for group in WeekGroup:
            if group in self.collapsed:
                continue
            for place, item in enumerate(self._groups[group]):
                if predicate(item):
                    return self.index(self._starts[group] + 1 + place, 0)
        return QModelIndex()

    # --- Qt interface --------------------------------------------------------------------
    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else self._rows

    def columnCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(HEADERS)

    def headerData(
        self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole
    ) -> Any:
        if orientation == Qt.Orientation.Horizontal and role == Qt.ItemDataRole.DisplayRole:
            return HEADERS[section] if 0 <= section < len(HEADERS) else None
        return None

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or index.row() >= self._rows:
            return None
        group, place = self.locate(index.row())
        if place < 0:
            return self._group_data(group, index.column(), role)
        return self._item_data(self._groups[group][place], index.column(), role)

    def _group_data(self, group: WeekGroup, column: int, role: int) -> Any:
        if role == GROUP_ROLE:
            return group
        if column != 0:
            return None
        shut = group in self.collapsed
        counted = self.complete or group < WeekGroup.OVERDUE
        count = f"{self.count(group):,}" if counted else "counting…"
        if counted and not self.complete:
            count += " so far"  # program reviews come with the whole list
        if counted and group == WeekGroup.OVERDUE and self.hidden:
            count += f"; {self.hidden:,} older hidden"
        if role == Qt.ItemDataRole.DisplayRole:
            return f"{'▸' if shut else '▾'} {group.label} ({count})"
        if role == Qt.ItemDataRole.AccessibleTextRole:
            state = "collapsed" if shut else "expanded"
            return f"{group.label}, {count} items, {state}"
        if role == Qt.ItemDataRole.ToolTipRole:
            return "Enter or double-click opens or collapses the group"
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
                return on_base(OVERDUE)
            if status_text(item, self._today(), self._soon_days).startswith("Due soon"):
                return on_base(DUE_SOON)
        return None

    def _text(self, item: Deadline, column: int) -> str:
        if column == 0:
            return show_date(item.due_on)
        if column == 1:
            return status_text(item, self._today(), self._soon_days)
        if column == 2:
            return item.kind.value.capitalize()
        return item.partner_name if column == 3 else item.title
