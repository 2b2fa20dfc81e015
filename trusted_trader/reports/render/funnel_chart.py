"""A funnel plot on paper: each partner's rate against its volume, inside the Center's limits.

x is the partner's entries on a log scale (volumes span four orders of magnitude), y its
touch points per 1,000 entries. The Center's rate is the solid line, its 95% limits the
dashed funnel and its 99.8% limits the dotted one; partners beyond the 95% limits are
drawn filled, in the warning colour, and the partner a report is about is ringed and named.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass

from reportlab.graphics.shapes import Circle, Drawing, Line, PolyLine, Rect, String
from reportlab.lib.colors import Color

from trusted_trader.reports.render.styles import ACCENT, BAD, FONT, INK, MUTED, NEUTRAL, RULE

LEFT, BOTTOM, TOP, RIGHT = 40.0, 42.0, 16.0, 12.0


@dataclass(frozen=True)
class FunnelDot:
    entries: int
    rate: float
    beyond: bool  # outside the 95% limits
    label: str = ""  # named on the plot: the partner the report is about


@dataclass(frozen=True)
class FunnelCurvePoint:
    entries: int
    lower: float
    upper: float
    lower_998: float
    upper_998: float


def funnel_chart(
    dots: Sequence[FunnelDot],
    curve: Sequence[FunnelCurvePoint],
    center_rate: float | None,
    width: float,
    height: float,
) -> Drawing:
    """The funnel plot, or a sentence when there is nothing to place."""
    drawing = Drawing(width, height)
    if center_rate is None or not dots:
        drawing.add(_text(width / 2, height / 2, "No partner has entries in the period.", 9))
        return drawing
    frame = _Frame(dots, curve, center_rate, width, height)
    drawing.add(Rect(frame.x0, frame.y0, frame.w, frame.h, fillColor=None, strokeColor=RULE))
    frame.axes(drawing)
    for attr, dash in (
        ("lower_998", (1, 2)),
        ("upper_998", (1, 2)),
        ("lower", (4, 2)),
        ("upper", (4, 2)),
    ):
        points = [(frame.x(c.entries), frame.y(getattr(c, attr))) for c in curve]
        drawing.add(_polyline(points, NEUTRAL, dash))
    drawing.add(
        Line(frame.x0, frame.y(center_rate), frame.x0 + frame.w, frame.y(center_rate),
             strokeColor=ACCENT, strokeWidth=1.2)
    )  # fmt: skip
    for dot in sorted(dots, key=lambda d: bool(d.label)):  # the named partner on top
        _dot(drawing, frame, dot)
    _legend(drawing, width)
    return drawing


class _Frame:
    """The plot area and its scales: log10 of entries across, rate up."""

    def __init__(
        self,
        dots: Sequence[FunnelDot],
        curve: Sequence[FunnelCurvePoint],
        center_rate: float,
        width: float,
        height: float,
    ) -> None:
        self.x0, self.y0 = LEFT, BOTTOM
        self.w, self.h = width - LEFT - RIGHT, height - BOTTOM - TOP
        volumes = [d.entries for d in dots] + [c.entries for c in curve]
        self.low = math.floor(math.log10(max(1, min(volumes))))
        self.high = max(self.low + 1, math.ceil(math.log10(max(volumes))))
        # Room for every partner and the 95% funnel where it is narrow enough to read.
        tallest = max([d.rate for d in dots] + [c.upper for c in curve[len(curve) // 4 :]])
        self.top = max(tallest, center_rate * 2, 0.1) * 1.08

    def x(self, entries: float) -> float:
        share = (math.log10(max(entries, 1)) - self.low) / (self.high - self.low)
        return self.x0 + share * self.w

    def y(self, rate: float) -> float:
        return self.y0 + min(max(rate, 0.0), self.top) / self.top * self.h

    def axes(self, drawing: Drawing) -> None:
        for power in range(self.low, self.high + 1):
            x = self.x(10**power)
            drawing.add(Line(x, self.y0, x, self.y0 - 3, strokeColor=RULE))
            drawing.add(_text(x, self.y0 - 11, f"{10**power:,}", 7))
        drawing.add(
            _text(self.x0 + self.w / 2, self.y0 - 22, "Entries in the period (log scale)", 7)
        )
        step = _step(self.top)
        value = 0.0
        while value <= self.top:
            y = self.y(value)
            drawing.add(Line(self.x0 - 3, y, self.x0, y, strokeColor=RULE))
            drawing.add(_text(self.x0 - 5, y - 2.5, f"{value:g}", 7, anchor="end"))
            value += step
        drawing.add(
            _text(
                self.x0, self.y0 + self.h + 5, "Touch points per 1,000 entries", 7, anchor="start"
            )
        )


def _dot(drawing: Drawing, frame: _Frame, dot: FunnelDot) -> None:
    x, y = frame.x(dot.entries), frame.y(dot.rate)
    colour = BAD if dot.beyond else NEUTRAL
    drawing.add(Circle(x, y, 2.2, fillColor=colour if dot.beyond else None, strokeColor=colour))
    if dot.label:
        drawing.add(Circle(x, y, 5.0, fillColor=None, strokeColor=INK, strokeWidth=1.2))
        anchor = "end" if x > frame.x0 + frame.w * 0.7 else "start"
        offset = -8 if anchor == "end" else 8
        drawing.add(_text(x + offset, y + 3, dot.label, 7.5, colour=INK, anchor=anchor))


def _legend(drawing: Drawing, width: float) -> None:
    y = 6.0
    items = (
        ("Center rate", ACCENT, None),
        ("95% limits", NEUTRAL, (4, 2)),
        ("99.8% limits", NEUTRAL, (1, 2)),
    )
    x = LEFT
    for text, colour, dash in items:
        drawing.add(_polyline([(x, y + 2.5), (x + 16, y + 2.5)], colour, dash))
        drawing.add(_text(x + 20, y, text, 7, anchor="start"))
        x += 24 + len(text) * 3.6
    drawing.add(Circle(x + 2, y + 2.5, 2.2, fillColor=BAD, strokeColor=BAD))
    drawing.add(_text(x + 8, y, "beyond the 95% limits", 7, anchor="start"))


def _polyline(
    points: list[tuple[float, float]], colour: Color, dash: tuple[int, int] | None
) -> PolyLine:
    flat = [v for point in points for v in point]
    return PolyLine(flat, strokeColor=colour, strokeWidth=0.8, strokeDashArray=dash)


def _text(
    x: float, y: float, text: str, size: float, *, colour: Color = MUTED, anchor: str = "middle"
) -> String:
    return String(x, y, text, fontName=FONT, fontSize=size, fillColor=colour, textAnchor=anchor)


def _step(top: float) -> float:
    raw = top / 4
    power = 10 ** math.floor(math.log10(raw))
    return float(next(f * power for f in (1, 2, 2.5, 5, 10) if raw <= f * power))
