"""Careless names and empty Centers on the Overview's "Compared with its Center" (#19).

Each row is a case tried: a partner or Center name with markup in it must be shown as
typed, never drawn as rich text; a Center with no entries, a partner without entries and
a partner without a Center must each say so in words instead of a figure.
"""

from __future__ import annotations

import math
from datetime import date
from typing import Any

import pytest
from PySide6.QtCore import QSettings, Qt

from trusted_trader.domain.periods import MonthRange
from trusted_trader.domain.statistics import funnel_limits
from trusted_trader.gui.workspace.overview_figures import CenterComparison, center_rate_text
from trusted_trader.services.analytics import CenterFunnel, FunnelPoint
from trusted_trader.services.analytics.partners import FunnelLimits

MONTHS = MonthRange(date(2025, 11, 1), date(2026, 10, 1))
WIDE = 3.090232306167813


def point(pid: int, name: str, touch_points: int, entries: int, rate: float = 20.0) -> FunnelPoint:
    lower, upper = funnel_limits(rate, entries) if entries else (0.0, math.inf)
    value = touch_points / entries * 1000 if entries else None
    wide = funnel_limits(rate, entries, z=WIDE) if entries else (0.0, math.inf)
    if value is None or lower <= value <= upper:
        position = "within"
    else:
        position = "above" if value > upper else "below"
    return FunnelPoint(pid, name, touch_points, entries, value, lower, upper, position, *wide)


def funnel(code: str, names: list[str]) -> CenterFunnel:
    points = [point(1, names[0], 90, 1000), point(2, names[1], 20, 1000)]
    curve = [
        FunnelLimits(n, *funnel_limits(20.0, n), *funnel_limits(20.0, n, z=WIDE)) for n in (1000,)
    ]
    return CenterFunnel(7, code, MONTHS, 20.0, points, [*curve, *curve])


MARKUP_NAMES = [
    "<b>Bold Imports</b>",
    "<img src='file:///etc/passwd'>",
    "<a href='https://example.com'>Click</a> Trading",
    "Smith & Sons <i>",
    "<table><tr><td>cell",
]


@pytest.mark.parametrize("name", MARKUP_NAMES)
def test_a_name_with_markup_is_shown_as_typed(qtbot: Any, tmp_path: Any, name: str) -> None:
    state = QSettings(str(tmp_path / "ui.ini"), QSettings.Format.IniFormat)
    box = CenterComparison(state)
    qtbot.addWidget(box)
    box.toggle.setChecked(True)
    box.show_figures(funnel(f"<b>{name}", [name, "Plain Partner"]), partner_id=2)
    view = box.funnel_view
    assert view is not None
    assert view.summary.textFormat() == Qt.TextFormat.PlainText
    assert box.rate_label.textFormat() == Qt.TextFormat.PlainText
    assert name in view.summary.text()  # named among those beyond the limits, as typed
    assert box.rate_label.text().endswith(f"; <b>{name}: 20.0.")


EMPTY_CASES = [
    (None, 1, "This partner belongs to no Center: there is no Center rate to compare with."),
    (
        CenterFunnel(7, "ELEC", MONTHS, None, [point(1, "Idle Co", 0, 0)]),
        1,
        "No partner of ELEC has entries in Nov 2025 – Oct 2026.",
    ),
    (
        CenterFunnel(7, "ELEC", MONTHS, 20.0, [point(1, "Busy", 20, 1000), point(2, "Idle", 0, 0)]),
        2,
        "This partner has no entries in Nov 2025 – Oct 2026: no rate to place; ELEC: 20.0.",
    ),
    (
        CenterFunnel(7, "ELEC", MONTHS, 20.0, [point(1, "Busy", 20, 1000)]),
        99,  # not (or no longer) a partner of the Center
        "This partner has no entries in Nov 2025 – Oct 2026: no rate to place; ELEC: 20.0.",
    ),
]


@pytest.mark.parametrize(("found", "partner_id", "said"), EMPTY_CASES)
def test_an_empty_center_or_partner_is_said_in_words(
    found: CenterFunnel | None, partner_id: int, said: str
) -> None:
    assert center_rate_text(found, partner_id) == said
