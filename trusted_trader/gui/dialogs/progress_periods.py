"""The progress preview's period picker: other periods make the report again, as printed."""

from __future__ import annotations

from typing import Any

from trusted_trader.domain.enums import PeriodMode
from trusted_trader.gui.context import Desk
from trusted_trader.gui.period_picker import PeriodPicker


def attach_period_picker(desk: Desk, dialog: Any, maker: Any) -> PeriodPicker:
    """Put a period picker above the preview's pages; each valid choice remakes the PDF.

    ``dialog`` is a report preview (``show_pdf``, ``add_top_widget``); ``maker`` an
    ``actions.ProgressMaker`` whose periods the picker starts from.
    """
    from trusted_trader.services.analytics import comparison_plan

    picker = PeriodPicker(desk.today, dialog)
    with desk.uow() as uow:
        picker.set_plan(comparison_plan(uow, maker.target.partner_id))
    chosen = maker.target.comparison
    if chosen is not None and chosen.mode is PeriodMode.CUSTOM:
        picker.set_custom(chosen.baseline, chosen.current)
    elif chosen is not None:
        picker.set_mode(chosen.mode)
    shown = chosen or picker.comparison()
    if shown is not None:
        picker.show_comparison(shown)

    def remake() -> None:
        comparison = picker.comparison()
        if comparison is None:
            return
        picker.show_comparison(comparison)
        desk.pool.submit(maker.with_periods(comparison), dialog.show_pdf, owner=dialog)

    picker.periods_changed.connect(remake)
    dialog.add_top_widget(picker)
    dialog.period_picker = picker
    return picker
