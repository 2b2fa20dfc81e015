"""My week: every open deadline as a task list, what is near first; prints as an agenda."""

from __future__ import annotations

from PySide6.QtWidgets import QWidget

from trusted_trader.gui.context import Desk
from trusted_trader.gui.pages.base import Page, page_layout
from trusted_trader.gui.week_list import WeekList
from trusted_trader.gui.widgets import push_button


class MyWeekPage(Page):
    title = "My week"  # the list loads and reloads itself (gui/week_list.py)

    def __init__(self, desk: Desk, parent: QWidget | None = None) -> None:
        super().__init__(desk, parent)
        layout, title_row = page_layout(self, "My week")
        self.week_list = WeekList(desk, "my_week", self)
        self.print_button = push_button(
            "Print agenda…", self, self.print_agenda, "A one-page agenda of this week (PDF)"
        )
        title_row.addWidget(self.print_button)
        layout.addWidget(self.week_list, 1)

    def focus_filter(self) -> None:
        self.week_list.partner_edit.setFocus()

    def print_agenda(self) -> None:
        from trusted_trader.gui.week_print import print_agenda

        print_agenda(self.desk, self, self.week_list)
