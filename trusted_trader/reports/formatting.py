"""How numbers, dates and labels read on paper: one place so every document agrees."""

from __future__ import annotations

import math
from datetime import date

from trusted_trader.domain.measures import measure_label

__all__ = [
    "day_text",
    "measure_label",
    "number_text",
    "percent_text",
    "rate_text",
]

DASH = "—"


# How a printed date reads: the user's date style (ISO unless they chose US).
DAY_FORMATS = {"iso": "%Y-%m-%d", "us": "%m/%d/%Y"}


def day_text(day: date | None, style: str = "iso") -> str:
    return day.strftime(DAY_FORMATS.get(style, DAY_FORMATS["iso"])) if day is not None else DASH


def number_text(value: int | None) -> str:
    return f"{value:,}" if value is not None else DASH


def rate_text(value: float | None, digits: int = 2) -> str:
    if value is None or math.isnan(value):
        return DASH
    return f"{value:,.{digits}f}"


def percent_text(fraction: float | None) -> str:
    """A signed change: 0.34 reads "34%", -0.12 reads "−12%"; infinities read as words."""
    if fraction is None or math.isnan(fraction):
        return DASH
    if math.isinf(fraction):
        return "unbounded"
    if fraction < -9.99:
        # A reduction below −999% (a rate more than 11 times higher) says no more in digits.
        return "< −999%"
    value = fraction * 100.0
    # Below one percent a rounded "0%" would hide the sign and the size: keep a decimal.
    text = f"{abs(value):.1f}%" if 0 < abs(value) < 0.95 else f"{abs(value):.0f}%"
    return f"−{text}" if value < 0 and text != "0%" else text


def interval_text(interval: tuple[float, float] | None) -> str:
    if interval is None:
        return DASH
    low, high = interval
    if math.isinf(low) and low < 0:
        return f"≤ {percent_text(high)}"
    return f"{percent_text(low)} to {percent_text(high)}"
