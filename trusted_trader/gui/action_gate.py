"""Menu and toolbar actions that change the open or selected partner, off when it is read-only.

On a team database an Account Executive may change only the partners assigned
to them (the Center's director may change all of the Center's); the database
enforces it, and the actions say so before the user tries.
"""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QObject, QTimer, Slot
from PySide6.QtGui import QAction

from trusted_trader.gui.context import Desk

# The partner the actions would change: None when there is no single one.
Target = Callable[[], int | None]
# Known already (the open workspace worked it out): None when it has to be asked.
KnownAccess = Callable[[int], tuple[bool, str] | None]


def read_only_reason(legal_name: str, executive_name: str) -> str:
    who = f"it is assigned to {executive_name}" if executive_name else "it is not assigned to you"
    return f"Read-only: you may not change {legal_name}; {who}."


class PartnerActionGate(QObject):
    """Enables the actions only when the person working may change the partner they target."""

    def __init__(self, desk: Desk, known: KnownAccess, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._desk = desk
        self._known = known
        self._gated: list[tuple[QAction, Target, str, str]] = []
        self._asked: dict[int, tuple[bool, str]] = {}
        # Coalesce bursts (a reload, a selection restored) and let the workspace update first.
        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.setInterval(0)
        self._timer.timeout.connect(self.refresh)
        desk.store_opened.connect(self._forget)
        desk.data_changed.connect(self._forget)

    def add(self, action: QAction, target: Target) -> None:
        """Gate ``action`` on the partner ``target()`` names."""
        self._gated.append((action, target, action.toolTip(), action.statusTip()))
        self.schedule()

    @Slot()
    def schedule(self) -> None:
        self._timer.start()

    @Slot()
    def _forget(self) -> None:
        self._asked.clear()  # an assignment may have changed
        self.schedule()

    @Slot()
    def refresh(self) -> None:
        for action, target, tool_tip, status_tip in self._gated:
            partner_id = target() if self._desk.store is not None else None
            editable, reason = (True, "") if partner_id is None else self._access(partner_id)
            action.setEnabled(editable)
            action.setToolTip(tool_tip if editable else f"{tool_tip} — {reason}")
            action.setStatusTip(status_tip if editable else reason)

    def _access(self, partner_id: int) -> tuple[bool, str]:
        known = self._known(partner_id)
        if known is not None:
            return known
        if partner_id not in self._asked:
            self._asked[partner_id] = self._ask(partner_id)
        return self._asked[partner_id]

    def _ask(self, partner_id: int) -> tuple[bool, str]:
        store = self._desk.store
        if store is None or store.engine.dialect.name != "postgresql":
            return True, ""  # a local file: everything is the user's own
        from trusted_trader.domain.errors import NotFoundError
        from trusted_trader.services.partners import get_partner
        from trusted_trader.services.team import can_edit_partner

        try:
            with store.uow() as uow:
                if can_edit_partner(uow, partner_id):
                    return True, ""
                partner = get_partner(uow, partner_id)
        except NotFoundError:
            return True, ""  # gone meanwhile: the action itself will say so
        return False, read_only_reason(partner.legal_name, partner.executive_name)
