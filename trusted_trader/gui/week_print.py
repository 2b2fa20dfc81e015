"""Print My week: the agenda of the list as filtered on screen, previewed before printing."""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING

from PySide6.QtWidgets import QWidget

from trusted_trader.domain.deadlines import WeekGroup
from trusted_trader.gui.context import Desk

if TYPE_CHECKING:
    from trusted_trader.gui.week_list import WeekList

WHOSE = {"mine": "My partners", "center": "My Center", "all": "All partners"}


def whose_label(week: WeekList) -> str:
    """Whose items the agenda lists, in the words of the filters chosen."""
    wanted = week.current_filter()
    parts = [WHOSE.get(wanted.who, wanted.who)]
    if wanted.kind:
        parts.append(wanted.kind)
    if wanted.partner.strip():
        parts.append(f"partners named “{wanted.partner.strip()}”")
    return ", ".join(parts)


def agenda_maker(desk: Desk, week: WeekList) -> Callable[[], bytes]:
    """The agenda of what the list shows now (every group, collapsed or not), to make later.

    The items and labels are taken here, on the GUI thread; the PDF is made by the call.
    ValueError for a marking or paper size set by hand in the settings file.
    """
    from trusted_trader.reports.options import ReportOptions
    from trusted_trader.reports.render.week_pdf import render_week_pdf
    from trusted_trader.reports.week_data import build_week_agenda

    today = desk.today()
    options = ReportOptions(
        page_size=desk.settings.page_size, marking=desk.settings.marking, today=today
    )
    shown = [d for group in WeekGroup for d in week.model.items(group)]
    whose = whose_label(week)
    return lambda: render_week_pdf(build_week_agenda(shown, today, whose), options)


def print_agenda(desk: Desk, parent: QWidget, week: WeekList) -> None:
    """Make the agenda off the GUI thread, then preview it (Print… and Save as PDF…)."""
    from trusted_trader.gui.dialogs.report_preview import ReportPreviewDialog

    if week.items is None or not week.items.complete:
        desk.say("My week is still reading its items; print again in a moment.")
        return
    try:
        make = agenda_maker(desk, week)
    except ValueError as exc:
        desk.say(f"Week agenda: {exc}")
        return
    desk.say("Preparing the week agenda…")

    def show(pdf: bytes) -> None:
        desk.say("")
        ReportPreviewDialog(pdf, "Week agenda", "week-agenda.pdf", parent).exec()

    desk.pool.submit(make, show, owner=parent)
