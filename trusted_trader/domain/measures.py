"""The quantities an objective can measure itself by, and targets proposed from its words."""

from __future__ import annotations

import re

from trusted_trader.domain.enums import TouchPointKind, parse_touch_point_kind

__all__ = [
    "ALL_TOUCH_POINTS",
    "COMPLIANCE_RATE",
    "compliance_target_in_words",
    "is_compliance",
    "is_measurable",
    "measure_choices",
    "measure_kind",
    "measure_label",
    "parse_reduction_percent",
    "proposed_target",
    "reduction_in_words",
]

# Stored measure codes: "rate" for every touch point, "rate:<kind>" for one kind.
ALL_TOUCH_POINTS = "rate"
# "compliance": the clean share of examined entries, in percent ("at least 97%").
COMPLIANCE_RATE = "compliance"
_COMPLIANCE_LABEL = "Compliance rate (clean share of examined entries)"
# "Compliance rate at least 97%", "compliance of at least 97.5 %"
_AT_LEAST = re.compile(r"\bat\s+least\s+(\d+(?:\.\d+)?)\s*%", re.IGNORECASE)
_PER_ENTRIES = "per 1,000 entries"
# "CF-28 rate down 30%", "Touch points per 1,000 entries down by 25 %"
_DOWN_BY = re.compile(r"\bdown\s+(?:by\s+)?(\d+(?:\.\d+)?)\s*%", re.IGNORECASE)


def measure_choices() -> list[tuple[str, str]]:
    """(code, label) of every measurable quantity, as CBP names the touch points."""
    kinds = [(f"rate:{kind.value}", f"{kind.label} {_PER_ENTRIES}") for kind in TouchPointKind]
    return [
        (ALL_TOUCH_POINTS, f"Touch points {_PER_ENTRIES}"),
        *kinds,
        (COMPLIANCE_RATE, _COMPLIANCE_LABEL),
    ]


def is_compliance(measure: str) -> bool:
    """Whether a stored measure is the compliance rate."""
    return measure.strip().lower() == COMPLIANCE_RATE


def is_measurable(measure: str) -> bool:
    """Whether the app can measure a stored measure (a touch-point rate or compliance)."""
    return is_compliance(measure) or measure_kind(measure)[0]


def measure_kind(measure: str) -> tuple[bool, str | None]:
    """(measurable, touch-point kind or None for all kinds) of a stored measure."""
    text = measure.strip().lower()
    if text == ALL_TOUCH_POINTS:
        return True, None
    head, sep, code = text.partition(":")
    if head != ALL_TOUCH_POINTS or not sep:
        return False, None
    try:
        return True, parse_touch_point_kind(code).value
    except ValueError:
        return False, None


def measure_label(measure: str) -> str:
    """A measure's name for people; a measure the app cannot measure reads as it was typed."""
    if is_compliance(measure):
        return _COMPLIANCE_LABEL
    measurable, kind = measure_kind(measure)
    if not measurable:
        return measure.strip()
    if kind is None:
        return f"Touch points {_PER_ENTRIES}"
    return f"{TouchPointKind(kind).label} {_PER_ENTRIES}"


def compliance_target_in_words(description: str) -> float | None:
    """The compliance percentage an objective's wording asks for ("at least 97%" is 97)."""
    match = _AT_LEAST.search(description)
    if match is None:
        return None
    percent = float(match.group(1))
    return percent if percent <= 100.0 else None


def reduction_in_words(description: str) -> float | None:
    """The fraction an objective's wording asks the rate to fall by ("down 30%" is 0.30)."""
    match = _DOWN_BY.search(description)
    if match is None:
        return None
    fraction = float(match.group(1)) / 100.0
    return fraction if fraction <= 1.0 else None


def parse_reduction_percent(text: str) -> float | None:
    """A typed reduction ("30", "30 %") as a fraction; None when empty, else ValueError."""
    cleaned = text.strip().removesuffix("%").strip()
    if not cleaned:
        return None
    try:
        percent = float(cleaned)
    except ValueError:
        raise ValueError(f"'{text.strip()}' is not a percentage; write a number like 30") from None
    if not 0 < percent <= 100:
        raise ValueError(
            f"a reduction of {cleaned}% makes no sense; give more than 0 and up to 100"
        )
    return percent / 100.0


def proposed_target(baseline: float | None, fraction: float | None) -> float | None:
    """The baseline less the reduction, rounded as rates are shown (2 decimals)."""
    if baseline is None or fraction is None:
        return None
    return round(baseline * (1.0 - fraction), 2)
