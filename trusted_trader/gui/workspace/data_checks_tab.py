"""Data checks of one partner: each check with its count and the records behind it."""

from __future__ import annotations

from PySide6.QtWidgets import QVBoxLayout, QWidget

from trusted_trader.gui.context import Desk, Topic
from trusted_trader.gui.data_checks_list import DataChecksList, ScopeMaker
from trusted_trader.gui.workspace.base import WorkspaceTab
from trusted_trader.services.scope import Scope


class DataChecksTab(WorkspaceTab):
    title = "Data checks"
    watches = frozenset({Topic.PARTNERS, Topic.TOUCH_POINTS, Topic.VOLUMES, Topic.REFERENCE})

    def __init__(self, desk: Desk, parent: QWidget | None = None) -> None:
        super().__init__(desk, parent)
        layout = QVBoxLayout(self)
        self.checks_list = DataChecksList(
            desk, "Data checks of the partner", self._scope, self, per_partner=True
        )
        layout.addWidget(self.checks_list, 1)

    def _scope(self) -> ScopeMaker | None:
        if self.partner is None:
            return None
        scope = Scope("partner", self.partner.id, self.partner.legal_name)
        return lambda _uow: scope

    def load(self) -> None:
        self.checks_list.load()

    def clear(self) -> None:
        self.checks_list.model.set_rows([])
        self.checks_list.summary_label.setText("")
