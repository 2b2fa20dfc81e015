"""The funnel plot widget: partners against the Center's limits, and the same in words."""

from __future__ import annotations

import math
from datetime import date
from typing import Any

from PySide6.QtCharts import QScatterSeries

from trusted_trader.domain.periods import MonthRange
from trusted_trader.domain.statistics import funnel_limits
from trusted_trader.gui.funnel_view import FunnelView, funnel_summary
from trusted_trader.services.analytics.partners import CenterFunnel, FunnelLimits, FunnelPoint

MONTHS = MonthRange(date(2025, 11, 1), date(2026, 10, 1))
RATE = 20.0


def _point(pid: int, name: str, touch_points: int, entries: int) -> FunnelPoint:
    rate = touch_points / entries * 1000
    lower, upper = funnel_limits(RATE, entries)
    wide = funnel_limits(RATE, entries, z=3.090232306167813)
    position = "within" if lower <= rate <= upper else ("above" if rate > upper else "below")
    return FunnelPoint(pid, name, touch_points, entries, rate, lower, upper, position, *wide)


def _funnel() -> CenterFunnel:
    points = [
        _point(1, "Alpha Imports", 30, 500),  # 60 per 1,000: far above
        _point(2, "Beta Trading", 40, 2000),  # 20: on the line
        _point(3, "Gamma Goods", 5, 5000),  # 1: far below
        _point(4, "Delta Dry Goods", 25, 1000),  # 25: within
    ]
    curve = [
        FunnelLimits(n, *funnel_limits(RATE, n), *funnel_limits(RATE, n, z=3.090232306167813))
        for n in (500, 1000, 2000, 5000)
    ]
    return CenterFunnel(7, "ELEC", MONTHS, RATE, points, curve)


def test_the_plot_shows_each_partner_with_this_one_apart_and_the_limits(qtbot: Any) -> None:
    view = FunnelView()
    qtbot.addWidget(view)
    view.resize(700, 420)
    view.show_funnel(_funnel(), highlight=4)
    chart = view.view.chart()
    scatter = {s.name(): s.count() for s in chart.series() if isinstance(s, QScatterSeries)}
    assert scatter == {
        "Within the limits": 1,
        "Beyond the 95% limits": 2,
        "This partner": 1,
    }
    lines = [s for s in chart.series() if not isinstance(s, QScatterSeries)]
    assert len(lines) == 5  # the Center's rate and two pairs of limits
    assert not view.grab().isNull()


def test_the_words_say_where_this_partner_stands_and_who_is_beyond() -> None:
    text = funnel_summary(_funnel(), highlight=4)
    assert text.startswith("ELEC: 20.00 touch points per 1,000 entries in Nov 2025")
    assert "This partner: 25.00 at 1,000 entries, within the limits" in text
    assert "Alpha Imports (above the 99.8% limits, 60.00)" in text
    assert "Gamma Goods (below the 99.8% limits, 1.00)" in text
    assert "Beta Trading" not in text


def test_a_center_without_entries_says_so(qtbot: Any) -> None:
    view = FunnelView()
    qtbot.addWidget(view)
    empty = CenterFunnel(7, "ELEC", MONTHS, None, [], [])
    view.show_funnel(empty)
    assert "No partner of ELEC has entries" in view.summary.text()
    assert math.isclose(len(view.view.chart().series()), 0)
