"""A Center's funnel plot in the window, with its figures in words beside it.

Each partner is a point (x: entries on a log scale, y: touch points per 1,000 entries)
against the Center's rate and its 95% and 99.8% control limits. The partners beyond the
limits are also listed in a text a keyboard and a screen reader can reach: the chart's
text alternative, which says in words what the colours say.
"""

from __future__ import annotations

from collections.abc import Iterable

from PySide6.QtCharts import (
    QChart,
    QChartView,
    QLineSeries,
    QLogValueAxis,
    QScatterSeries,
    QValueAxis,
)
from PySide6.QtCore import QMargins, Qt
from PySide6.QtGui import QBrush, QPainter, QPen
from PySide6.QtWidgets import QLabel, QVBoxLayout, QWidget

from trusted_trader.gui.style import ACCENT, OVERDUE, is_dark
from trusted_trader.services.analytics import CenterFunnel, FunnelPoint


class FunnelView(QWidget):
    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        chart = QChart()
        chart.setMargins(QMargins(4, 4, 4, 4))
        chart.setBackgroundVisible(False)
        chart.legend().setAlignment(Qt.AlignmentFlag.AlignBottom)
        self._chart = chart
        self.view = QChartView(chart, self)
        self.view.setRenderHint(QPainter.RenderHint.Antialiasing)
        self.view.setMinimumHeight(240)
        self.view.setAccessibleName("Funnel plot: each partner's rate against the Center's")
        self.summary = QLabel("", self)
        self.summary.setWordWrap(True)
        self.summary.setTextFormat(Qt.TextFormat.PlainText)  # partner names print as typed
        self.summary.setTextInteractionFlags(
            Qt.TextInteractionFlag.TextSelectableByMouse
            | Qt.TextInteractionFlag.TextSelectableByKeyboard
        )
        self.summary.setFocusPolicy(Qt.FocusPolicy.StrongFocus)
        self.summary.setAccessibleName("Funnel plot in words")
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.view, 1)
        layout.addWidget(self.summary)

    def show_funnel(self, funnel: CenterFunnel, highlight: int | None = None) -> None:
        """Draw the Center's partners; `highlight` (a partner id) is drawn larger and named."""
        chart = self._chart
        chart.setTheme(
            QChart.ChartTheme.ChartThemeDark if is_dark() else QChart.ChartTheme.ChartThemeLight
        )
        chart.setBackgroundVisible(False)
        chart.removeAllSeries()
        for axis in chart.axes():
            chart.removeAxis(axis)
        placed = [p for p in funnel.points if p.rate is not None and p.entries > 0]
        self.summary.setText(funnel_summary(funnel, highlight))
        if funnel.center_rate is None or not placed:
            chart.setTitle("No partner of the Center has entries in the period")
            return
        chart.setTitle(f"{funnel.center_code}, {funnel.months.label()}")
        series = [*self._limit_series(funnel), *self._point_series(placed, highlight)]
        x_axis, y_axis = QLogValueAxis(), QValueAxis()
        x_axis.setBase(10)
        x_axis.setLabelFormat("%d")
        x_axis.setTitleText("Entries (log scale)")
        volumes = [p.entries for p in placed]
        x_axis.setRange(max(1, min(volumes)) * 0.8, max(volumes) * 1.25)
        top = max(max(p.rate or 0.0 for p in placed), funnel.center_rate * 2)
        y_axis.setRange(0, top * 1.1)
        y_axis.applyNiceNumbers()
        y_axis.setLabelFormat("%g")
        y_axis.setTitleText("Per 1,000 entries")
        chart.addAxis(x_axis, Qt.AlignmentFlag.AlignBottom)
        chart.addAxis(y_axis, Qt.AlignmentFlag.AlignLeft)
        for item in series:
            chart.addSeries(item)
            item.attachAxis(x_axis)
            item.attachAxis(y_axis)
            if not item.name():  # the second line of a pair: one legend entry is enough
                for marker in chart.legend().markers(item):
                    marker.setVisible(False)

    def _limit_series(self, funnel: CenterFunnel) -> list[QLineSeries]:
        rate = funnel.center_rate or 0.0
        centre = QLineSeries()
        centre.setName(f"Center rate {rate:.2f}")
        centre.setPen(QPen(ACCENT, 2))
        for point in (funnel.curve[0], funnel.curve[-1]):
            centre.append(point.entries, rate)
        made = [centre]
        for name, attrs, style in (
            ("95% limits", ("lower", "upper"), Qt.PenStyle.DashLine),
            ("99.8% limits", ("lower_998", "upper_998"), Qt.PenStyle.DotLine),
        ):
            for index, attr in enumerate(attrs):
                line = QLineSeries()
                line.setName(name)
                pen = QPen(self.palette().placeholderText().color(), 1.2)
                pen.setStyle(style)
                line.setPen(pen)
                for point in funnel.curve:
                    line.append(point.entries, getattr(point, attr))
                made.append(line)
                if index:  # one legend entry per pair
                    line.setName("")
        return made

    def _point_series(
        self, placed: Iterable[FunnelPoint], highlight: int | None
    ) -> list[QScatterSeries]:
        within, beyond, mine = QScatterSeries(), QScatterSeries(), QScatterSeries()
        within.setName("Within the limits")
        beyond.setName("Beyond the 95% limits")
        mine.setName("This partner")
        beyond.setBrush(QBrush(OVERDUE))
        mine.setMarkerSize(16)
        mine.setMarkerShape(QScatterSeries.MarkerShape.MarkerShapeRectangle)
        for sizes, series in ((8.0, within), (9.0, beyond)):
            series.setMarkerSize(sizes)
        for point in placed:
            target = beyond if point.position != "within" else within
            if point.partner_id == highlight:
                target = mine
            target.append(point.entries, point.rate or 0.0)
        return [s for s in (within, beyond, mine) if s.count()]


def funnel_summary(funnel: CenterFunnel, highlight: int | None = None) -> str:
    """The plot in words: the Center's rate, this partner's place, who is beyond the limits."""
    if funnel.center_rate is None:
        return f"No partner of {funnel.center_code} has entries in {funnel.months.label()}."
    lines = [
        f"{funnel.center_code}: {funnel.center_rate:.2f} touch points per 1,000 entries "
        f"in {funnel.months.label()}."
    ]
    mine = next((p for p in funnel.points if p.partner_id == highlight), None)
    if mine is not None and mine.rate is not None:
        lines.append(
            f"This partner: {mine.rate:.2f} at {mine.entries:,} entries, "
            f"{_place(mine)} (95% limits {mine.lower:.2f} to {mine.upper:.2f})."
        )
    beyond = funnel.beyond
    if beyond:
        named = "; ".join(f"{p.legal_name} ({_place(p)}, {p.rate or 0:.2f})" for p in beyond[:8])
        more = f"; and {len(beyond) - 8} more" if len(beyond) > 8 else ""
        lines.append(f"Beyond the 95% limits: {named}{more}.")
    else:
        lines.append("No partner is beyond the 95% limits.")
    return " ".join(lines)


def _place(point: FunnelPoint) -> str:
    if point.position == "within":
        return "within the limits"
    side = "above" if point.position == "above" else "below"
    return f"{side} the 99.8% limits" if point.beyond_998 else f"{side} the 95% limits"
