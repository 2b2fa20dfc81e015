"""Charts drawn with ReportLab's own graphics: the monthly rate trend and simple bar charts."""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date

from reportlab.graphics.charts.axes import ValueAxis
from reportlab.graphics.charts.barcharts import HorizontalBarChart, VerticalBarChart
from reportlab.graphics.charts.lineplots import LinePlot
from reportlab.graphics.shapes import Drawing, Line, Polygon, Rect, String
from reportlab.lib.colors import Color

from trusted_trader.domain.periods import MonthRange
from trusted_trader.reports.progress_data import TrendPoint
from trusted_trader.reports.render.styles import (
    ACCENT,
    BAD,
    BASELINE_FILL,
    CURRENT_FILL,
    FONT,
    GOOD,
    INK,
    MUTED,
    NEUTRAL,
    RULE,
)
from trusted_trader.reports.render.text import fit_lines

LEFT, BOTTOM, TOP, RIGHT = 38.0, 40.0, 14.0, 10.0


@dataclass(frozen=True)
class TrendMarks:
    """What to mark on a trend: the two periods, the plan start, completed action items."""

    baseline: MonthRange
    current: MonthRange
    plan_start: date | None = None
    completions: tuple[date, ...] = ()


def trend_chart(
    points: Sequence[TrendPoint], marks: TrendMarks, width: float, height: float
) -> Drawing:
    """Touch points per 1,000 entries by month (per month when no volume is known)."""
    drawing = Drawing(width, height)
    if not points:
        drawing.add(
            String(
                width / 2,
                height / 2,
                "No months to show.",
                fontName=FONT,
                fontSize=9,
                fillColor=MUTED,
                textAnchor="middle",
            )
        )
        return drawing
    by_rate = any(p.rate is not None for p in points)
    values = [p.rate if by_rate else float(p.touch_points) for p in points]
    plot = _line_plot(values, width, height)
    axis = _Axis(plot, points[0].month, len(points))
    _shade(drawing, axis, marks.baseline, BASELINE_FILL, "Baseline")
    _shade(drawing, axis, marks.current, CURRENT_FILL, "Current")
    drawing.add(plot)
    if marks.plan_start is not None and axis.covers(marks.plan_start):
        _plan_start(drawing, axis, marks.plan_start)
    for done in marks.completions:
        if axis.covers(done):
            _completion(drawing, axis, done)
    unit = "Touch points per 1,000 entries" if by_rate else "Touch points per month"
    _legend(drawing, width, unit, bool(marks.completions), marks.plan_start is not None)
    return drawing


def _line_plot(values: Sequence[float | None], width: float, height: float) -> LinePlot:
    plot = LinePlot()
    plot.x, plot.y = LEFT, BOTTOM
    plot.width, plot.height = width - LEFT - RIGHT, height - BOTTOM - TOP
    segments = _segments(values)
    plot.data = segments or [[(0, 0)]]
    for index in range(len(plot.data)):
        plot.lines[index].strokeColor = ACCENT if segments else Color(1, 1, 1, 0)
        plot.lines[index].strokeWidth = 1.4
    count = len(values)
    plot.xValueAxis.valueMin, plot.xValueAxis.valueMax = -0.5, count - 0.5
    plot.xValueAxis.visibleLabels = 0
    plot.xValueAxis.visibleTicks = 0
    _value_scale(plot.yValueAxis, max((v for v in values if v is not None), default=0.0))
    plot.xValueAxis.strokeColor = RULE
    return plot


def _segments(values: Sequence[float | None]) -> list[list[tuple[float, float]]]:
    """Runs of known values; a month without entries leaves a gap, not a dive to zero."""
    runs: list[list[tuple[float, float]]] = []
    current: list[tuple[float, float]] = []
    for index, value in enumerate(values):
        if value is None:
            if current:
                runs.append(current)
            current = []
            continue
        current.append((float(index), value))
    if current:
        runs.append(current)
    # A single point draws nothing as a line; give it a short tick so it shows.
    return [
        run if len(run) > 1 else [(run[0][0] - 0.2, run[0][1]), (run[0][0] + 0.2, run[0][1])]
        for run in runs
    ]


def _value_scale(
    axis: ValueAxis, top: float, *, label_format: str | None = None, grid: bool = True
) -> None:
    """A value axis from zero to a round step above ``top``, labelled at every step."""
    step = _nice_step(top)
    axis.valueMin = 0
    axis.valueMax = step * max(1, math.ceil(top / step + 0.05))
    axis.valueStep = step
    axis.labels.fontName = FONT
    axis.labels.fontSize = 7
    axis.labelTextFormat = label_format or _number_format(step)
    axis.strokeColor = RULE
    if grid:
        axis.visibleGrid = 1
        axis.gridStrokeColor = RULE
        axis.gridStrokeWidth = 0.25


def _nice_step(top: float) -> float:
    if top <= 0:
        return 1.0
    raw = top / 4
    power = 10 ** math.floor(math.log10(raw))
    for factor in (1, 2, 2.5, 5, 10):
        if raw <= factor * power:
            return float(factor * power)
    return float(10 * power)


def _number_format(step: float) -> str:
    """As many decimals as the step has, so a 2.5 step reads 2.5, 5, 7.5, not 2, 5, 8."""
    for decimals in range(4):
        if abs(step * 10**decimals - round(step * 10**decimals)) < 1e-9:
            return f"%.{decimals}f"
    return "%.3f"


class _Axis:
    """Month positions on the plot: month i spans [i - 0.5, i + 0.5]."""

    def __init__(self, plot: LinePlot, first: date, count: int) -> None:
        self.plot = plot
        self.first = first
        self.count = count

    def month(self, day: date) -> int:
        return (day.year - self.first.year) * 12 + day.month - self.first.month

    def index(self, day: date) -> float:
        return self.month(day) - 0.5 + (day.day - 1) / 31

    def x(self, value: float) -> float:
        return float(self.plot.x + (value + 0.5) / self.count * self.plot.width)

    def covers(self, day: date) -> bool:
        return -0.5 <= self.index(day) <= self.count - 0.5


def _shade(drawing: Drawing, axis: _Axis, period: MonthRange, fill: Color, label: str) -> None:
    left = max(axis.index(period.first), -0.5)
    right = min(axis.index(period.last) + 1.0, axis.count - 0.5)
    if right <= left:
        return
    x0, x1 = axis.x(left), axis.x(right)
    plot = axis.plot
    drawing.add(Rect(x0, plot.y, x1 - x0, plot.height, fillColor=fill, strokeColor=None))
    drawing.add(
        String(
            (x0 + x1) / 2,
            plot.y + plot.height + 3,
            label,
            fontName=FONT,
            fontSize=7,
            fillColor=MUTED,
            textAnchor="middle",
        )
    )
    _month_labels(drawing, axis, period)


def _month_labels(drawing: Drawing, axis: _Axis, period: MonthRange) -> None:
    """The period's first month, then every third; none crowding the next period's first."""
    plot = axis.plot
    start, end = axis.month(period.first), axis.month(period.last)
    for i in range(max(start, 0), min(end, axis.count - 1) + 1):
        if (i - start) % 3 or (i != start and end - i < 2 and end + 1 < axis.count):
            continue
        month = _add(axis.first, i)
        drawing.add(Line(axis.x(i), plot.y, axis.x(i), plot.y - 3, strokeColor=RULE))
        drawing.add(_tick_label(axis.x(i), plot.y - 11, f"{month:%b}", INK))
        if i == start or month.month == 1:
            drawing.add(_tick_label(axis.x(i), plot.y - 19, f"{month:%Y}", MUTED))


def _tick_label(x: float, y: float, text: str, colour: Color) -> String:
    return String(x, y, text, fontName=FONT, fontSize=6.5, fillColor=colour, textAnchor="middle")


def _add(first: date, months: int) -> date:
    index = first.year * 12 + first.month - 1 + months
    return date(index // 12, index % 12 + 1, 1)


def _plan_start(drawing: Drawing, axis: _Axis, day: date) -> None:
    x = axis.x(axis.index(day))
    plot = axis.plot
    drawing.add(
        Line(
            x,
            plot.y,
            x,
            plot.y + plot.height,
            strokeColor=BAD,
            strokeWidth=1,
            strokeDashArray=[3, 2],
        )
    )


def _completion(drawing: Drawing, axis: _Axis, day: date) -> None:
    x = axis.x(axis.index(day))
    y = axis.plot.y + 1
    drawing.add(Polygon([x - 3, y, x + 3, y, x, y + 6], fillColor=GOOD, strokeColor=None))


def _legend(drawing: Drawing, width: float, unit: str, completions: bool, plan: bool) -> None:
    y = 4.0
    x = LEFT
    drawing.add(Line(x, y + 3, x + 14, y + 3, strokeColor=ACCENT, strokeWidth=1.4))
    drawing.add(String(x + 18, y, unit, fontName=FONT, fontSize=7, fillColor=INK))
    x += 26 + len(unit) * 3.6
    if plan:
        drawing.add(Line(x, y, x, y + 8, strokeColor=BAD, strokeDashArray=[3, 2]))
        drawing.add(String(x + 5, y, "Plan start", fontName=FONT, fontSize=7, fillColor=INK))
        x += 60
    if completions:
        drawing.add(Polygon([x - 3, y, x + 3, y, x, y + 6], fillColor=GOOD, strokeColor=None))
        drawing.add(
            String(x + 6, y, "Action item completed", fontName=FONT, fontSize=7, fillColor=INK)
        )


def paired_bars(
    labels: Sequence[str],
    baseline: Sequence[float],
    current: Sequence[float],
    width: float,
    height: float,
    unit: str,
) -> Drawing:
    """Baseline and current side by side for each category (e.g. touch-point kinds)."""
    drawing = Drawing(width, height)
    chart = VerticalBarChart()
    chart.x, chart.y = LEFT, BOTTOM - 10
    chart.width, chart.height = width - LEFT - RIGHT, height - BOTTOM - TOP + 10
    chart.data = [list(baseline), list(current)]
    # Long kind names ("CF-29 action proposed") wrap under their own bars, not into the next,
    # and the plot rises by the lines they take so they stay clear of the legend.
    room = chart.width / max(1, len(labels)) - 4
    names = [fit_lines(n, FONT, 7, room) for n in labels]
    extra = 8.0 * (max((len(lines) for lines in names), default=1) - 1)
    chart.y += extra
    chart.height -= extra
    chart.categoryAxis.categoryNames = ["\n".join(lines) for lines in names]
    chart.categoryAxis.labels.fontName = FONT
    chart.categoryAxis.labels.fontSize = 7
    chart.categoryAxis.strokeColor = RULE
    _value_scale(chart.valueAxis, max([*baseline, *current, 0.0]))
    chart.bars[0].fillColor = NEUTRAL
    chart.bars[1].fillColor = ACCENT
    chart.bars.strokeColor = None
    chart.barSpacing = 1
    chart.groupSpacing = 8
    drawing.add(chart)
    for index, (name, colour) in enumerate((("Baseline", NEUTRAL), ("Current", ACCENT))):
        x = LEFT + index * 70
        drawing.add(Rect(x, 4, 8, 7, fillColor=colour, strokeColor=None))
        drawing.add(String(x + 11, 4.5, name, fontName=FONT, fontSize=7, fillColor=INK))
    drawing.add(String(LEFT + 140, 4.5, unit, fontName=FONT, fontSize=7, fillColor=MUTED))
    return drawing


def count_bars(
    labels: Sequence[str],
    counts: Sequence[int],
    colours: Sequence[Color],
    width: float,
    height: float,
) -> Drawing:
    """One horizontal bar per label, its count at the end (e.g. partners by verdict)."""
    drawing = Drawing(width, height)
    chart = HorizontalBarChart()
    label_width = 78.0
    chart.x, chart.y = label_width, 16
    chart.width, chart.height = width - label_width - 28, height - 24
    chart.data = [list(counts)]
    chart.categoryAxis.categoryNames = list(labels)
    chart.categoryAxis.labels.fontName = FONT
    chart.categoryAxis.labels.fontSize = 7
    chart.categoryAxis.reverseDirection = 1
    chart.categoryAxis.strokeColor = RULE
    # Counts are whole: whole-number labels, and no grid behind the labelled bars.
    _value_scale(chart.valueAxis, float(max([*counts, 1])), label_format="%.0f", grid=False)
    chart.bars.strokeColor = None
    for index, colour in enumerate(colours):
        chart.bars[(0, index)].fillColor = colour
    chart.barLabelFormat = "%d"
    chart.barLabels.fontName = FONT
    chart.barLabels.fontSize = 7
    chart.barLabels.boxAnchor = "w"
    chart.barLabels.dx = 3
    drawing.add(chart)
    return drawing
