"""How numbers, dates and labels read on paper: one place so every document agrees."""

from __future__ import annotations

import math
from datetime import date

from trusted_trader.domain.measures import measure_label
from trusted_trader.domain.statistics import Reduction
from trusted_trader.domain.wording import change_signed, interval_signed

__all__ = [
    "change_interval_text",
    "change_text",
    "day_text",
    "measure_label",
    "number_text",
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


def change_text(result: Reduction) -> str:
    """What happened to the rate, signed for a table: "−21%", "+35%", "more than 10×"."""
    return change_signed(None if result.rate_ratio is None else result.rate_ratio - 1.0)


def change_interval_text(result: Reduction) -> str:
    """The change's interval, signed the same way: "−73% to +115%"."""
    if result.rate_ratio_ci95 is None:
        return DASH
    low, high = result.rate_ratio_ci95
    return interval_signed(low - 1.0, high - 1.0)
