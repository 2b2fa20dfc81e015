"""The workspace header and the Partners list read a suspended Tier 2 the same way."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import Qt

from tests.gui.conftest import close, open_window, settle
from trusted_trader.gui.models.partners import TIER
from trusted_trader.services import programs


def test_a_suspended_tier_2_reads_the_same_in_the_header_and_the_partners_list(
    qtbot: Any, with_partner: Any, acme_id: int, make_desk: Any
) -> None:
    with with_partner.uow() as uow:
        programs.enroll(uow, acme_id, programs.EnrollmentInput("ctpat", status="suspended", tier=2))
        uow.commit()
    window = open_window(qtbot, make_desk(), with_partner, 1)
    window.show_page("partners")
    settle(qtbot, window.desk)
    page: Any = window.page("partners")
    shown = page._model.index(0, TIER).data(Qt.ItemDataRole.DisplayRole)
    assert shown == "Tier 2 (suspended)"
    window.open_partner(acme_id)
    settle(qtbot, window.desk)
    assert "CTPAT Tier 2 (suspended)" in window.workspace._facts_label.text()
    close(qtbot, window)
