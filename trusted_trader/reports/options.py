"""What the user chose for a printed document: paper size, marking line, the date it is made."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date

from trusted_trader.settings import DATE_STYLES, MAX_MARKING_LENGTH, PAGE_SIZES

__all__ = ["MAX_MARKING_LENGTH", "PAGE_SIZES", "ReportOptions"]


@dataclass(frozen=True)
class ReportOptions:
    """Paper, marking and dates of one document.

    ``today`` fixes the day the document speaks of (overdue items, deadlines, the
    "generated" line); ``invariant`` makes the PDF bytes repeatable (no creation time).
    """

    page_size: str = "letter"
    marking: str = ""
    today: date = field(default_factory=date.today)
    invariant: bool = False
    date_style: str = "iso"  # "us" prints 03/31/2026

    def __post_init__(self) -> None:
        if self.page_size not in PAGE_SIZES:
            raise ValueError(f"page size '{self.page_size}' is not one of: {', '.join(PAGE_SIZES)}")
        if self.date_style not in DATE_STYLES:
            raise ValueError(
                f"date style '{self.date_style}' is not one of: {', '.join(DATE_STYLES)}"
            )
        if len(self.marking.strip()) > MAX_MARKING_LENGTH:
            raise ValueError(
                f"the marking is {len(self.marking.strip()):,} characters long; "
                f"at most {MAX_MARKING_LENGTH} fit on every page"
            )
