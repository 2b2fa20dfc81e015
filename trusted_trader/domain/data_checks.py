"""How far a month's reported entries may stray from those counted from its imported entries."""

from __future__ import annotations

import math
import re
from dataclasses import dataclass

__all__ = ["DEFAULT_TOLERANCE", "MAX_TOLERANCE_ENTRIES", "VolumeTolerance", "parse_tolerance"]

# A month holds at most 100 million entries (the volume limit): a wider tolerance means nothing.
MAX_TOLERANCE_ENTRIES = 100_000_000
MAX_TOLERANCE_PERCENT = 100.0


@dataclass(frozen=True)
class VolumeTolerance:
    """A difference is allowed up to the larger of ``entries`` and ``percent`` of the count
    (the check itself runs in the database: ``services.data_check_queries.volume_mismatches``).

    A total typed by hand is rounded or a few days off the calendar month, so a small
    difference is no finding; a large one means one of the two figures is wrong.
    """

    entries: int = 3
    percent: float = 5.0

    def __post_init__(self) -> None:
        if not 0 <= self.entries <= MAX_TOLERANCE_ENTRIES:
            raise ValueError(
                f"a tolerance of {self.entries} entries is out of range: "
                f"give 0 to {MAX_TOLERANCE_ENTRIES:,}"
            )
        if not (math.isfinite(self.percent) and 0 <= self.percent <= MAX_TOLERANCE_PERCENT):
            raise ValueError(f"a tolerance of {self.percent}% is out of range: give 0% to 100%")

    def describe(self) -> str:
        """The rule in words, as the list and the command line print it."""
        percent = f"{self.percent:g}% of the counted entries"
        entries = f"{self.entries:,} entr{'y' if self.entries == 1 else 'ies'}"
        if self.percent == 0:
            return "exact" if self.entries == 0 else entries
        return percent if self.entries == 0 else f"the larger of {entries} and {percent}"

    def as_text(self) -> str:
        """The rule as ``--tolerance`` takes it: ``3,5%``."""
        return f"{self.entries},{self.percent:g}%"


DEFAULT_TOLERANCE = VolumeTolerance()

_PART = re.compile(r"^(\d{1,12}(?:\.\d{1,6})?)(%?)$", re.ASCII)


def parse_tolerance(text: str) -> VolumeTolerance:
    """``N`` entries, ``P%`` of the counted entries, or both as ``N,P%`` (the larger wins).

    ``0`` asks for exact agreement. Raises ValueError with the reason in words.
    """
    parts = [p.strip() for p in text.replace(" ", "").split(",")]
    entries: int | None = None
    percent: float | None = None
    for part in parts:
        match = _PART.match(part)
        if match is None:
            raise ValueError(
                f"'{text}' is not a tolerance: give entries (3), a percent (5%) or both (3,5%)"
            )
        number, sign = match.groups()
        if sign:
            if percent is not None:
                raise ValueError(f"'{text}' gives the percent twice")
            percent = float(number)
        else:
            if entries is not None or "." in number:
                raise ValueError(f"'{text}': entries are one whole number")
            entries = int(number)
    return VolumeTolerance(entries or 0, percent or 0.0)
