"""What the dashboard shows, gathered from the services on a worker thread."""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from datetime import date
from typing import TYPE_CHECKING, Any

from trusted_trader.domain.deadlines import Deadline
from trusted_trader.domain.periods import Comparison, MonthRange, add_months, rolling_comparison
from trusted_trader.gui.context import Desk
from trusted_trader.gui.qt_dates import show_date

if TYPE_CHECKING:  # imported on first use, off the GUI thread
    from trusted_trader.services.scope import Scope

CHART_MONTHS = 24
TOP = 8


@dataclass(frozen=True)
class MonthRate:
    month: date
    touch_points: int
    rate: float | None


@dataclass(frozen=True)
class DashboardData:
    scope: Scope
    deadlines: list[Deadline]
    partners: int
    active_plans: int
    quarter_label: str
    quarter_touch_points: int
    last_year_touch_points: int
    falling: int | None = None
    measured: int = 0
    series: list[MonthRate] = field(default_factory=list)
    risers: list[tuple[int, str, str]] = field(default_factory=list)  # id, name, change
    stale: list[tuple[int, str, str]] = field(default_factory=list)  # partner id, name, detail
    note: str = ""


def scope_choices(desk: Desk) -> list[Scope]:
    """The portfolios the dashboard offers, the user's own first, each with its label."""
    from trusted_trader.services.reference import list_centers, list_executives
    from trusted_trader.services.scope import Scope

    with desk.uow() as uow:
        centers = list_centers(uow)
        executives = list_executives(uow)
    mine = [
        Scope("executive", e.id, f"My portfolio ({e.name})")
        for e in executives
        if e.id == desk.executive_id
    ]
    return [
        *mine,
        Scope(label="All partners"),
        *(Scope("center", c.id, f"Center: {c.code} — {c.name}") for c in centers),
        *(Scope("executive", e.id, f"{e.name} ({e.center_code})") for e in executives),
    ]


def _quarter(today: date) -> tuple[MonthRange, MonthRange, str]:
    first = date(today.year, (today.month - 1) // 3 * 3 + 1, 1)
    now = today.replace(day=1)
    this = MonthRange(first, now)
    last_year = MonthRange(add_months(first, -12), add_months(now, -12))
    quarter = (today.month - 1) // 3 + 1
    return this, last_year, f"Q{quarter} {today.year} to date vs Q{quarter} {today.year - 1}"


def build_dashboard(desk: Desk, scope: Scope) -> DashboardData:
    from trusted_trader.services.deadlines import DeadlineQuery, list_deadlines
    from trusted_trader.services.portfolio import (
        count_partners,
        list_plan_summaries,
        stale_plans,
    )

    today = desk.today()
    query = DeadlineQuery(scope, horizon_days=desk.settings.due_soon_days)
    this_quarter, last_year, label = _quarter(today)
    with desk.uow() as uow:
        deadlines = list_deadlines(uow, query, today)
        partners = count_partners(uow, scope)
        active = len(list_plan_summaries(uow, scope, status="active"))
        stale = [
            (p.partner_id, p.partner_name, _stale_detail(p.last_item_update))
            for p in stale_plans(uow, scope, today)[:TOP]
        ]
        data = DashboardData(scope, deadlines, partners, active, label, 0, 0, stale=stale)
        try:
            return _with_statistics(uow, data, today, this_quarter, last_year)
        except ImportError:
            return replace(data, note="Statistics are not available in this version.")


def _stale_detail(last: date | None) -> str:
    return f"last update {show_date(last)}" if last else "no action items"


def _with_statistics(
    uow: Any,
    data: DashboardData,
    today: date,
    this_quarter: MonthRange,
    last_year: MonthRange,
) -> DashboardData:
    """The monthly series and the quarter's counts: one GROUP BY, fast on any portfolio."""
    from trusted_trader.services.analytics import monthly_series

    current_month = today.replace(day=1)
    months = MonthRange(add_months(current_month, -CHART_MONTHS), current_month)
    points = monthly_series(uow, data.scope, months)
    by_month = {p.month: p.touch_points for p in points}
    series = [MonthRate(p.month, p.touch_points, p.rate) for p in points if p.month < current_month]
    return replace(
        data,
        quarter_touch_points=sum(by_month.get(m, 0) for m in _months(this_quarter)),
        last_year_touch_points=sum(by_month.get(m, 0) for m in _months(last_year)),
        series=series,
    )


def add_partner_rates(
    desk: Desk, data: DashboardData, comparison: Comparison | None = None
) -> DashboardData:
    """Each partner's reduction (an exact test per partner): the slower second step.

    ``comparison`` is the dashboard's period picker's choice (default: the last 12 full
    months against the 12 before).
    """
    from trusted_trader.domain.statistics import Verdict
    from trusted_trader.services.analytics import partner_reductions

    chosen = comparison or rolling_comparison(desk.today())
    baseline, current = chosen.baseline, chosen.current
    with desk.uow() as uow:
        rates = partner_reductions(uow, data.scope, baseline, current)
    measurable = [r for r in rates if r.result.rate_ratio is not None]
    risers = sorted(
        (r for r in measurable if (r.result.rate_ratio or 0) > 1.0),
        key=lambda r: r.result.rate_ratio or 0.0,
        reverse=True,
    )[:TOP]
    return replace(
        data,
        falling=sum(1 for r in rates if r.result.verdict == Verdict.FELL),
        measured=len(rates),
        risers=[
            (r.partner_id, r.legal_name, f"+{((r.result.rate_ratio or 1) - 1) * 100:.0f}%")
            for r in risers
        ],
    )


def _months(months: MonthRange) -> list[date]:
    return [add_months(months.first, i) for i in range(months.months)]
