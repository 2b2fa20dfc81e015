"""The dashboard's chart: touch points per 1,000 entries by month, drawn with QtCharts.

Its figures are also a table one key press away ("Show as table"), and the chart's
description sums them up, so a screen reader user gets what a sighted user sees.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime, time

from PySide6.QtCharts import QChart, QChartView, QDateTimeAxis, QLineSeries, QValueAxis
from PySide6.QtCore import QEvent, QMargins, Qt, Signal
from PySide6.QtGui import QPainter, QPen
from PySide6.QtWidgets import (
    QAbstractItemView,
    QHBoxLayout,
    QPushButton,
    QStackedWidget,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from trusted_trader.gui.qt_dates import qdate, qdatetime
from trusted_trader.gui.style import ACCENT, is_dark

NAME = "Touch points per 1,000 entries by month"


class RateChart(QChartView):
    figures_changed = Signal()  # new points were drawn

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
        self.setAccessibleName(NAME)
        self.setFocusPolicy(Qt.FocusPolicy.StrongFocus)  # reached by Tab, its description read
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
        self._draw()
        self.setAccessibleDescription(describe(self.points))
        self.figures_changed.emit()

    def _draw(self) -> None:
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


def month_text(when: datetime) -> str:
    return str(qdate(when.date()).toString("MMM yyyy"))


def describe(points: Sequence[tuple[datetime, float]]) -> str:
    """The chart in one sentence: its span, the latest value and the highest."""
    if not points:
        return "No figures yet."
    (first, _), (last, latest) = points[0], points[-1]
    top_when, top = max(points, key=lambda p: p[1])
    return (
        f"{len(points)} months, {month_text(first)} to {month_text(last)}: "
        f"latest {latest:.1f}, highest {top:.1f} in {month_text(top_when)}. "
        "Show as table lists every month."
    )


class RateChartPanel(QWidget):
    """The chart, or the same figures as a table, switched with a button."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.chart = RateChart(self)
        self.table = QTableWidget(0, 2, self)
        self.table.setAccessibleName(f"{NAME}, as a table")
        self.table.setHorizontalHeaderLabels(["Month", "Touch points per 1,000 entries"])
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setTabKeyNavigation(False)
        self.table.verticalHeader().setVisible(False)
        self.table.horizontalHeader().setStretchLastSection(True)
        self.toggle_button = QPushButton("Show as &table", self)
        self.toggle_button.setCheckable(True)
        self.toggle_button.setToolTip("Show the chart's figures month by month")
        self.toggle_button.toggled.connect(self._show_table)
        self._stack = QStackedWidget(self)
        self._stack.addWidget(self.chart)
        self._stack.addWidget(self.table)
        row = QHBoxLayout()
        row.addStretch(1)
        row.addWidget(self.toggle_button)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addLayout(row)
        layout.addWidget(self._stack, 1)
        self.chart.figures_changed.connect(self._fill_table)

    def _show_table(self, shown: bool) -> None:
        self._stack.setCurrentWidget(self.table if shown else self.chart)
        self.toggle_button.setText("Show as &chart" if shown else "Show as &table")

    def _fill_table(self) -> None:
        points = self.chart.points
        self.table.setRowCount(len(points))
        for row, (when, rate) in enumerate(points):
            self.table.setItem(row, 0, QTableWidgetItem(month_text(when)))
            value = QTableWidgetItem(f"{rate:.1f}")
            value.setTextAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
            self.table.setItem(row, 1, value)


def _theme() -> QChart.ChartTheme:
    return QChart.ChartTheme.ChartThemeDark if is_dark() else QChart.ChartTheme.ChartThemeLight
