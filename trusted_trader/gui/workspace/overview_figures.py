"""The Overview's compliance beside its touch points, and the partner against its Center."""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

from PySide6.QtCore import QSettings, Qt
from PySide6.QtWidgets import QGroupBox, QLabel, QToolButton, QVBoxLayout, QWidget

from trusted_trader.domain.wording import compliance_words
from trusted_trader.services.analytics import CenterFunnel, ScopeCompliance

if TYPE_CHECKING:
    from trusted_trader.gui.funnel_view import FunnelView


@dataclass(frozen=True)
class ComplianceTexts:
    sentence: str  # the sentence `stats` and the progress report print
    targeted: str  # where random inspections decide: the figure over all of them, labelled
    warning: str  # "" unless touch points fell clearly while compliance fell


def compliance_texts(found: ScopeCompliance, touch_point_verdict: str) -> ComplianceTexts:
    """The compliance figures in the words of the CLI and the progress report."""
    words = compliance_words(
        found.change, found.selection, found.all_inspections, touch_point_verdict
    )
    return ComplianceTexts(
        words.sentence,
        f"{words.all_inspections}." if words.all_inspections else "",
        f"⚠ Warning: {words.warning}" if words.warning else "",
    )


def center_rate_text(funnel: CenterFunnel | None, partner_id: int) -> str:
    """This partner's rate with the 95% limits for its volume, beside its Center's rate."""
    if funnel is None:
        return "This partner belongs to no Center: there is no Center rate to compare with."
    months = funnel.months.label()
    if funnel.center_rate is None:
        return f"No partner of {funnel.center_code} has entries in {months}."
    center = f"{funnel.center_code}: {funnel.center_rate:.1f}"
    mine = next((p for p in funnel.points if p.partner_id == partner_id), None)
    if mine is None or mine.rate is None:
        return f"This partner has no entries in {months}: no rate to place; {center}."
    place = {"above": "above its Center's limits", "below": "below its Center's limits"}
    return (
        f"This partner: {mine.rate:.1f} per 1,000 entries in {months} (95% limits for its "
        f"volume {mine.lower:.1f} to {mine.upper:.1f}, "
        f"{place.get(mine.position, 'within them')}); {center}."
    )


class CenterComparison(QGroupBox):
    """'Compared with its Center': the rate line, and the funnel plot behind a toggle."""

    def __init__(self, ui_state: QSettings | None, parent: QWidget | None = None) -> None:
        super().__init__("Compared with its Center", parent)
        self._ui_state = ui_state
        layout = QVBoxLayout(self)
        self._layout = layout
        self._funnel: CenterFunnel | None = None
        self._partner_id = 0
        self.funnel_view: FunnelView | None = None  # QtCharts loads when the plot is opened
        self.rate_label = QLabel("…", self)
        self.rate_label.setTextFormat(Qt.TextFormat.PlainText)  # a Center code is not markup
        self.rate_label.setWordWrap(True)
        self.rate_label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.rate_label.setAccessibleName("This partner's rate against its Center's")
        layout.addWidget(self.rate_label)
        self.toggle = QToolButton(self)
        self.toggle.setCheckable(True)
        self.toggle.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonTextBesideIcon)
        self.toggle.setAccessibleName("Show the Center's funnel plot")
        self.toggle.setToolTip("Every partner of the Center against its rate and limits")
        self.toggle.toggled.connect(self._open)
        layout.addWidget(self.toggle, 0, Qt.AlignmentFlag.AlignLeft)
        opened = bool(ui_state is not None and ui_state.value("overview/funnel_open", False, bool))
        self.toggle.setChecked(opened)
        self._open(opened)

    def _open(self, opened: bool) -> None:
        if opened and self.funnel_view is None:
            from trusted_trader.gui.funnel_view import FunnelView

            self.funnel_view = FunnelView(self)
            # Partner names are said as typed: "<b>" in a name is not bold type.
            self.funnel_view.summary.setTextFormat(Qt.TextFormat.PlainText)
            self._layout.addWidget(self.funnel_view, 1)
            self._draw()
        if self.funnel_view is not None:
            self.funnel_view.setVisible(opened)
        self.toggle.setArrowType(Qt.ArrowType.DownArrow if opened else Qt.ArrowType.RightArrow)
        self.toggle.setText("Hide the funnel plot" if opened else "Show the funnel plot")
        if self._ui_state is not None:
            self._ui_state.setValue("overview/funnel_open", opened)

    def clear(self, text: str = "…") -> None:
        self.rate_label.setText(text)
        self._funnel = None
        self._draw()

    def show_figures(self, funnel: CenterFunnel | None, partner_id: int) -> None:
        self.rate_label.setText(center_rate_text(funnel, partner_id))
        self.toggle.setEnabled(funnel is not None)
        self._funnel, self._partner_id = funnel, partner_id
        self._draw()

    def _draw(self) -> None:
        view = self.funnel_view
        if view is None:
            return
        if self._funnel is None:
            view.summary.setText("")
        else:
            view.show_funnel(self._funnel, highlight=self._partner_id)
