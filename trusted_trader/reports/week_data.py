"""What the week's agenda prints: this week's items day by day, the latest overdue, counts."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, timedelta

from trusted_trader.domain.deadlines import THIS_WEEK_DAYS, Deadline, WeekGroup, week_group

# One page holds this many rows: this week's items first, keeping room for a few of the
# most recent overdue ones; the rest are counted ("… and 208 more").
PAGE_ROWS = 26
OVERDUE_ROWS = 6


@dataclass(frozen=True)
class AgendaLine:
    due_on: date
    kind: str
    partner: str
    item: str


@dataclass(frozen=True)
class WeekAgenda:
    """The agenda of the seven days from ``today``, for whose items it lists."""

    whose: str
    today: date
    this_week: list[AgendaLine]
    overdue: list[AgendaLine]  # the most recent first
    counts: dict[WeekGroup, int]

    @property
    def last_day(self) -> date:
        return self.today + timedelta(days=THIS_WEEK_DAYS - 1)

    @property
    def more_this_week(self) -> int:
        return self.counts[WeekGroup.THIS_WEEK] - len(self.this_week)

    @property
    def more_overdue(self) -> int:
        return self.counts[WeekGroup.OVERDUE] - len(self.overdue)


def build_week_agenda(deadlines: Sequence[Deadline], today: date, whose: str) -> WeekAgenda:
    """The agenda of the deadlines given (in any order): the week's and the overdue ones."""
    groups: dict[WeekGroup, list[Deadline]] = {group: [] for group in WeekGroup}
    for deadline in deadlines:
        groups[week_group(deadline, today)].append(deadline)
    week = sorted(groups[WeekGroup.THIS_WEEK], key=lambda d: (d.due_on, d.partner_name))
    late = sorted(groups[WeekGroup.OVERDUE], key=lambda d: d.due_on, reverse=True)
    shown = min(len(week), PAGE_ROWS - min(OVERDUE_ROWS, len(late)))
    return WeekAgenda(
        whose,
        today,
        [_line(d) for d in week[:shown]],
        [_line(d) for d in late[: PAGE_ROWS - shown]],
        {group: len(rows) for group, rows in groups.items()},
    )


def _line(deadline: Deadline) -> AgendaLine:
    return AgendaLine(deadline.due_on, deadline.kind.value, deadline.partner_name, deadline.title)
