"""The week's agenda on one page: what is due day by day, then the latest overdue items."""

from __future__ import annotations

from reportlab.platypus import Flowable, Spacer

from trusted_trader.domain.deadlines import WeekGroup
from trusted_trader.reports.formatting import day_text
from trusted_trader.reports.options import ReportOptions
from trusted_trader.reports.render.common import heading
from trusted_trader.reports.render.document import DocumentInfo, render_sections
from trusted_trader.reports.render.fonts import FONT
from trusted_trader.reports.render.styles import BAD, CELL_PADDING, Styles
from trusted_trader.reports.render.tables import Cell, data_table
from trusted_trader.reports.render.text import fit_lines
from trusted_trader.reports.week_data import AgendaLine, WeekAgenda

HEADER = ["Due", "Day", "What", "Partner", "Item"]
FRACTIONS = (0.12, 0.06, 0.15, 0.28, 0.39)


def render_week_pdf(agenda: WeekAgenda, options: ReportOptions) -> bytes:
    span = f"{day_text(agenda.today)} to {day_text(agenda.last_day)}"
    info = DocumentInfo(
        title=f"Week agenda — {agenda.whose}",
        subject=f"Deadlines of {agenda.whose}, {span}",
        author=agenda.whose,
        running_title=f"Week agenda · {agenda.whose}",
    )
    return render_sections(agenda, (_header, _this_week, _overdue), info, options)


def _header(agenda: WeekAgenda, styles: Styles, width: float) -> list[Flowable]:
    counts = agenda.counts
    pairs = [
        ("Week", f"{day_text(agenda.today)} to {day_text(agenda.last_day)}"),
        ("Due this week", f"{counts[WeekGroup.THIS_WEEK]:,}"),
        ("Due in 30 days", f"{counts[WeekGroup.NEXT_30_DAYS]:,} more after this week"),
        ("Overdue", f"{counts[WeekGroup.OVERDUE]:,}"),
    ]
    return heading(styles, "Week agenda", agenda.whose, pairs, width)


def _this_week(agenda: WeekAgenda, styles: Styles, width: float) -> list[Flowable]:
    title = styles.para("Due this week", styles.heading)
    table = _table(agenda.this_week, styles, width, "Nothing is due this week.", overdue=False)
    more = _more(styles, agenda.more_this_week, "due this week")
    return [Spacer(1, 6), title, *table, *more]


def _overdue(agenda: WeekAgenda, styles: Styles, width: float) -> list[Flowable]:
    title = styles.para("Overdue: the most recent", styles.heading)
    table = _table(agenda.overdue, styles, width, "Nothing is overdue.", overdue=True)
    return [Spacer(1, 6), title, *table, *_more(styles, agenda.more_overdue, "overdue")]


def _table(
    lines: list[AgendaLine], styles: Styles, width: float, empty: str, *, overdue: bool
) -> list[Flowable]:
    widths = [f * width for f in FRACTIONS]
    rows: list[list[Cell]] = [
        [
            day_text(line.due_on),
            f"{line.due_on:%a}",
            _one_line(line.kind.capitalize(), widths[2]),
            _one_line(line.partner, widths[3]),
            _one_line(line.item, widths[4]),
        ]
        for line in lines
    ]
    # Overdue says so in words (the heading) and in colour, so it reads in black and white too.
    extra = [("TEXTCOLOR", (0, i), (0, i), BAD) for i in range(len(rows))] if overdue else []
    return data_table(styles, HEADER, rows, widths, extra_style=extra, empty=empty)


def _more(styles: Styles, count: int, what: str) -> list[Flowable]:
    if count <= 0:
        return []
    return [styles.para(f"… and {count:,} more {what}: see My week in the app.", styles.small)]


def _one_line(text: str, width: float) -> str:
    """The text on one line of the cell, cut with "…" when longer: the agenda stays one page."""
    lines = fit_lines(" ".join(text.split()), FONT, 8, width - 2 * CELL_PADDING - 6)
    if not lines:
        return ""
    return lines[0] + ("…" if len(lines) > 1 else "")
