"""The dashboard's chart: touch points per 1,000 entries by month, drawn with QtCharts."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime, time

from PySide6.QtCharts import QChart, QChartView, QDateTimeAxis, QLineSeries, QValueAxis
from PySide6.QtCore import QEvent, QMargins, Qt
from PySide6.QtGui import QPainter, QPen
from PySide6.QtWidgets import QWidget

from trusted_trader.gui.qt_dates import qdatetime
from trusted_trader.gui.style import ACCENT, is_dark


class RateChart(QChartView):
    def __init__(self, parent: QWidget | None = None) -> None:
        chart = QChart()
        chart.legend().hide()
        chart.setMargins(QMargins(4, 4, 4, 4))
        chart.setTheme(
            QChart.ChartTheme.ChartThemeDark if is_dark() else QChart.ChartTheme.ChartThemeLight
        )
        chart.setBackgroundVisible(False)
        super().__init__(chart, parent)
        self.setRenderHint(QPainter.RenderHint.Antialiasing)
        self.setAccessibleName("Touch points per 1,000 entries by month")
        self.setMinimumHeight(220)
        self._chart = chart
        self.points: list[tuple[datetime, float]] = []
        chart.setTitle("Loading…")

    def changeEvent(self, event: QEvent) -> None:
        # The system switched between light and dark: follow it.
        if event.type() == QEvent.Type.PaletteChange and hasattr(self, "points"):
            self._chart.setTheme(_theme())
            self._chart.setBackgroundVisible(False)
            if self.points:
                self.show_series_points()
        super().changeEvent(event)

    def show_series(self, months: Sequence[object]) -> None:
        self.points = [
            (datetime.combine(m.month, time()), float(m.rate))  # type: ignore[attr-defined]
            for m in months
            if m.rate is not None  # type: ignore[attr-defined]
        ]
        self.show_series_points()

    def show_series_points(self) -> None:
        chart = self._chart
        chart.removeAllSeries()
        for axis in chart.axes():
            chart.removeAxis(axis)
        if not self.points:
            chart.setTitle("No entry volume yet: the rate needs monthly entries")
            return
        chart.setTitle("")
        series = QLineSeries()
        series.setName("Touch points per 1,000 entries")
        series.setPen(QPen(ACCENT, 2.5))
        series.setPointsVisible(True)
        for when, rate in self.points:
            series.append(qdatetime(when).toMSecsSinceEpoch(), rate)
        chart.addSeries(series)
        x_axis = QDateTimeAxis()
        x_axis.setFormat("MMM yy")
        x_axis.setTickCount(min(7, len(self.points)))
        y_axis = QValueAxis()
        top = max(rate for _when, rate in self.points)
        y_axis.setRange(0, top * 1.15 if top else 1)
        y_axis.setLabelFormat("%.0f")
        y_axis.applyNiceNumbers()
        chart.addAxis(x_axis, Qt.AlignmentFlag.AlignBottom)
        chart.addAxis(y_axis, Qt.AlignmentFlag.AlignLeft)
        series.attachAxis(x_axis)
        series.attachAxis(y_axis)


def _theme() -> QChart.ChartTheme:
    return QChart.ChartTheme.ChartThemeDark if is_dark() else QChart.ChartTheme.ChartThemeLight
