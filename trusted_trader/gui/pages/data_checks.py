"""Data checks: what the entries of my partners (my Center's, everyone's) show to be wrong."""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtWidgets import QWidget

from trusted_trader.gui.context import Desk, Topic
from trusted_trader.gui.data_checks_list import DataChecksList, ScopeMaker
from trusted_trader.gui.pages.base import Page, page_layout
from trusted_trader.gui.widgets import WHOSE_PARTNERS, filter_combo, select_data, whose_choice

if TYPE_CHECKING:
    from trusted_trader.services.scope import Scope
    from trusted_trader.store.uow import UnitOfWork

WHO_KEY = "data_checks/who"


class DataChecksPage(Page):
    title = "Data checks"
    watches = frozenset(
        {Topic.PARTNERS, Topic.TOUCH_POINTS, Topic.VOLUMES, Topic.REFERENCE}
    )  # and ALL, as every page

    def __init__(self, desk: Desk, parent: QWidget | None = None) -> None:
        super().__init__(desk, parent)
        layout, title_row = page_layout(self, "Data checks")
        self.who_combo = filter_combo(
            self, "Whose partners", WHOSE_PARTNERS, tip="Whose partners are checked"
        )
        title_row.addWidget(self.who_combo)
        self.checks_list = DataChecksList(desk, "Data checks", self._scope, self)
        layout.addWidget(self.checks_list, 1)
        self._restore_who()
        self.who_combo.currentIndexChanged.connect(self._who_changed)

    def load(self) -> None:
        self._follow_me()
        self.checks_list.load()

    def focus_filter(self) -> None:
        self.who_combo.setFocus()

    def _scope(self) -> ScopeMaker:
        who, me = str(self.who_combo.currentData()), self.desk.executive_id

        def find(uow: UnitOfWork) -> Scope:
            from trusted_trader.services.data_checks import scope_of_me

            return scope_of_me(uow, who, me)

        return find

    def _who_changed(self) -> None:
        self.desk.ui_state.setValue(WHO_KEY, self.who_combo.currentData())
        self.reload()

    def _restore_who(self) -> None:
        select_data(self.who_combo, str(self.desk.ui_state.value(WHO_KEY, "mine")))

    def _follow_me(self) -> None:
        """Without "me" in the settings, "mine" and "my Center" cannot be chosen."""
        known = self.desk.executive_id is not None
        wanted = whose_choice(self.who_combo, known, self.desk.ui_state.contains(WHO_KEY))
        if wanted is not None:
            self.who_combo.blockSignals(True)  # the caller loads already
            self.who_combo.setCurrentIndex(wanted)
            self.who_combo.blockSignals(False)
