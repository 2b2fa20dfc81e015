"""The partners table: columns, colours and the as-you-type filter over precomputed keys."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import date
from typing import Any

from PySide6.QtCore import QObject, Qt

from trusted_trader.domain.deadlines import Urgency, urgency_of
from trusted_trader.gui.models.base import Column, RecordTableModel, plain_text
from trusted_trader.gui.style import DUE_SOON, OVERDUE, on_base
from trusted_trader.services.records import PartnerSummary

NAME, IORS, CENTER, EXECUTIVE, TIER, STATUS, TOUCH_POINTS, NEXT_DEADLINE = range(8)


NOT_CERTIFIED = "Not certified"


def _tier_label(partner: PartnerSummary) -> str:
    """ "Tier 2", "Tier 2 (suspended)" or "Not certified": the domain's current-tier rule."""
    return partner.ctpat_tier.label if partner.ctpat_tier else NOT_CERTIFIED


COLUMNS: list[Column[PartnerSummary]] = [
    Column("Partner", lambda p: p.legal_name, tooltip=lambda p: p.legal_name),
    Column("IOR numbers", lambda p: p.ior_numbers, tooltip=lambda p: p.ior_numbers),
    Column("Center", lambda p: p.center_code),
    Column("Account Executive", lambda p: p.executive_name, tooltip=lambda p: p.executive_name),
    Column("CTPAT", _tier_label),
    Column("Status", lambda p: p.status, lambda v: str(v).capitalize()),
    Column("Touch points (12 mo)", lambda p: p.touch_points_12m, numeric=True),
    Column("Next deadline", lambda p: p.next_deadline),
]


def _deadline_column(today: Callable[[], date], soon_days: int) -> Column[PartnerSummary]:
    """The next deadline, saying "Overdue" or "Due soon" in words as well as in colour."""

    def text(value: object) -> str:
        shown = plain_text(value)
        if not isinstance(value, date):
            return shown
        urgency = urgency_of(value, today(), soon_days)
        if urgency in (Urgency.OVERDUE, Urgency.DUE_SOON):
            return f"{shown} · {urgency.value.capitalize()}"
        return shown

    return Column(COLUMNS[NEXT_DEADLINE].title, COLUMNS[NEXT_DEADLINE].value, text)


class PartnerTableModel(RecordTableModel[PartnerSummary]):
    def __init__(
        self, today: Callable[[], date], soon_days: int, parent: QObject | None = None
    ) -> None:
        columns = list(COLUMNS)
        columns[NEXT_DEADLINE] = _deadline_column(today, soon_days)
        super().__init__(columns, parent)
        self._today = today
        self._soon_days = soon_days

    def extra_data(self, record: PartnerSummary, column: int, role: int) -> Any:
        if column == NEXT_DEADLINE and role == Qt.ItemDataRole.ForegroundRole:
            due = record.next_deadline
            if due is None:
                return None
            urgency = urgency_of(due, self._today(), self._soon_days)
            if urgency == Urgency.OVERDUE:
                return on_base(OVERDUE)
            if urgency == Urgency.DUE_SOON:
                return on_base(DUE_SOON)
        return None


@dataclass(frozen=True)
class PartnerFilter:
    """What the filter bar says; empty fields filter nothing."""

    text: str = ""
    executive_email: str = ""
    center_code: str = ""
    tier: int | None = None
    status: str = ""


def search_key(partner: PartnerSummary) -> str:
    """Everything the search field matches, lower-cased once when the rows arrive."""
    iors = partner.ior_numbers
    return " ".join(
        (
            partner.legal_name,
            iors,
            iors.replace("-", ""),
            partner.center_code,
            partner.executive_name,
            partner.executive_email,
        )
    ).casefold()


def filter_partners(
    rows: Sequence[PartnerSummary], keys: Sequence[str], wanted: PartnerFilter
) -> list[PartnerSummary]:
    """The rows matching every word of the text and every quick filter."""
    words = wanted.text.casefold().split()
    found: list[PartnerSummary] = []
    for row, key in zip(rows, keys, strict=True):
        if words and not all(w in key for w in words):
            continue
        if wanted.executive_email and row.executive_email != wanted.executive_email:
            continue
        if wanted.center_code and row.center_code != wanted.center_code:
            continue
        if (
            wanted.tier is not None
            and (row.ctpat_tier.tier if row.ctpat_tier else 0) != wanted.tier
        ):
            continue
        if wanted.status and row.status != wanted.status:
            continue
        found.append(row)
    return found
