"""What the dashboard shows, gathered from the services on worker threads.

Separate reads, each shown as soon as it is in, numbers first: the tiles
(`build_dashboard`), each partner's verdict (`partner_rates`) and the monthly chart
(`load_series`: a GROUP BY month over two years of touch points, the slowest read on a big
portfolio), then the touch-point and compliance verdicts side by side (`scope_verdicts`) and,
for a Center, its funnel plot (`center_funnel`). The My week list reads its own.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from typing import TYPE_CHECKING

from trusted_trader.domain.periods import MonthRange, add_months, rolling_comparison
from trusted_trader.domain.windows import QuarterComparison, quarter_comparison
from trusted_trader.gui.context import Desk
from trusted_trader.gui.qt_dates import show_date

if TYPE_CHECKING:  # imported on first use, off the GUI thread
    from trusted_trader.domain.statistics import Verdict
    from trusted_trader.services.analytics import CenterFunnel, PartnerChange, ScopeCompliance
    from trusted_trader.services.scope import Scope

CHART_MONTHS = 24
TOP = 8
Periods = tuple[MonthRange, MonthRange]  # (baseline, current)


@dataclass(frozen=True)
class MonthRate:
    month: date
    touch_points: int
    rate: float | None


@dataclass(frozen=True)
class DashboardData:
    """The tiles and the stale plans of one portfolio."""

    scope: Scope
    partners: int
    active_plans: int
    quarter: QuarterComparison
    quarter_touch_points: int
    earlier_touch_points: int  # the same number of days of the same quarter a year earlier
    stale: list[tuple[int, str, str]] = field(default_factory=list)  # partner id, name, detail
    note: str = ""


@dataclass(frozen=True)
class Riser:
    """A partner whose rate went up, with its verdict, change and interval in words."""

    partner_id: int
    name: str
    change: str  # "rose 40% (95% CI 12% to 75%)"
    verdict: Verdict


@dataclass(frozen=True)
class PartnerRates:
    """Each partner's verdict between two full-month periods, and the largest rises."""

    scope: Scope
    baseline: MonthRange
    current: MonthRange
    measured: int = 0  # partners in the portfolio
    falling: int = 0
    rose: int = 0  # partners whose rise is statistically clear, as the portfolio report counts
    clear_risers: list[Riser] = field(default_factory=list)  # largest clear rises first
    all_risers: list[Riser] = field(default_factory=list)  # largest rises, clear or not

    @property
    def periods(self) -> Periods:
        return self.baseline, self.current


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


def build_dashboard(desk: Desk, scope: Scope) -> DashboardData:
    """The tiles and the stale plans: a handful of indexed queries."""
    from trusted_trader.services.analytics import touch_points_on_days
    from trusted_trader.services.portfolio import count_partners, list_plan_summaries, stale_among

    today = desk.today()
    quarter = quarter_comparison(today)
    with desk.uow() as uow:
        partners = count_partners(uow, scope)
        active = list_plan_summaries(uow, scope, status="active")  # read once for both
        stale = [
            (p.partner_id, p.partner_name, _stale_detail(p.last_item_update))
            for p in stale_among(active, today)[:TOP]
        ]
        now, earlier = quarter.current, quarter.earlier
        return DashboardData(
            scope,
            partners,
            len(active),
            quarter,
            touch_points_on_days(uow, scope, now.first, now.last),
            touch_points_on_days(uow, scope, earlier.first, earlier.last),
            stale=stale,
        )


def _stale_detail(last: date | None) -> str:
    return f"last update {show_date(last)}" if last else "no action items"


def load_series(desk: Desk, scope: Scope) -> list[MonthRate]:
    """The chart's months: the last 24 full ones (the month under way is left out)."""
    from trusted_trader.services.analytics import monthly_series

    current_month = desk.today().replace(day=1)
    months = MonthRange(add_months(current_month, -CHART_MONTHS), add_months(current_month, -1))
    with desk.uow() as uow:
        points = monthly_series(uow, scope, months)
    return [MonthRate(p.month, p.touch_points, p.rate) for p in points]


def partner_rates(desk: Desk, scope: Scope, periods: Periods | None = None) -> PartnerRates:
    """Each partner's verdict (one exact tail each), and intervals for the rises shown."""
    from trusted_trader.domain.statistics import Verdict
    from trusted_trader.services.analytics import partner_changes, partner_names

    baseline, current = periods or _default_periods(desk)
    with desk.uow() as uow:
        changes = partner_changes(uow, scope, baseline, current)
        rising = sorted(
            (c for c in changes if (c.rate_ratio or 0.0) > 1.0),
            key=lambda c: c.rate_ratio or 0.0,
            reverse=True,
        )
        clear = [c for c in rising if c.verdict is Verdict.ROSE][:TOP]
        names = partner_names(uow, [c.partner_id for c in (*clear, *rising[:TOP])])
    return PartnerRates(
        scope,
        baseline,
        current,
        measured=len(changes),
        falling=sum(1 for c in changes if c.verdict is Verdict.FELL),
        rose=sum(1 for c in changes if c.verdict is Verdict.ROSE),
        clear_risers=[_riser(c, names) for c in clear],
        all_risers=[_riser(c, names) for c in rising[:TOP]],
    )


def _riser(change: PartnerChange, names: dict[int, str]) -> Riser:
    from trusted_trader.domain.statistics import reduction_between

    result = reduction_between(change.baseline_counts, change.current_counts)
    name = names.get(change.partner_id, f"Partner #{change.partner_id}")
    return Riser(change.partner_id, name, result.change_text(), result.verdict)


@dataclass(frozen=True)
class Worsened:
    """A partner whose compliance worsened clearly, with how far in words."""

    partner_id: int
    name: str
    detail: str  # "fell 40.0 points, from 100.0% to 60.0%"


@dataclass(frozen=True)
class ScopeVerdicts:
    """The portfolio's touch-point and compliance verdicts side by side, and who got worse."""

    scope: Scope
    baseline: MonthRange
    current: MonthRange
    touch_points: str  # the touch-point sentence
    compliance: str  # the compliance sentence
    warning: str | None  # "Fewer touch points, but compliance fell." or None
    inspected: int = 0  # partners with examined entries in either period
    worsened: int = 0  # partners whose compliance worsened clearly
    worst: list[Worsened] = field(default_factory=list)  # largest falls first

    @property
    def periods(self) -> Periods:
        return self.baseline, self.current


def scope_verdicts(desk: Desk, scope: Scope, periods: Periods | None = None) -> ScopeVerdicts:
    """Touch points and compliance of the portfolio over the chosen periods: three queries."""
    from trusted_trader.domain.wording import both_sides_warning, compliance_sentence
    from trusted_trader.services import analytics

    baseline, current = periods or _default_periods(desk)
    with desk.uow() as uow:
        touch = analytics.reduction_for_scope(uow, scope, baseline, current)
        found = analytics.compliance_overview(uow, scope, baseline, current)
        worse = sorted(found.worsened.values(), key=lambda c: c.change.difference or 0.0)
        names = analytics.partner_names(uow, [c.scope.id or 0 for c in worse[:TOP]])
    return ScopeVerdicts(
        scope,
        baseline,
        current,
        touch.result.sentence(),
        compliance_sentence(found.overall.change, found.overall.selection),
        both_sides_warning(touch.result.verdict.value, found.overall.change),
        inspected=found.inspected,
        worsened=len(worse),
        worst=[_worsened(c, names) for c in worse[:TOP]],
    )


def _default_periods(desk: Desk) -> Periods:
    chosen = rolling_comparison(desk.today())
    return chosen.baseline, chosen.current


def _worsened(found: ScopeCompliance, names: dict[int, str]) -> Worsened:
    from trusted_trader.domain.wording import points_words, share_text

    partner_id = found.scope.id or 0
    change = found.change
    which = " (random inspections)" if found.selection == "random" else ""
    detail = (
        f"compliance{which} {points_words(change.difference)}, from "
        f"{share_text(change.baseline.rate)} to {share_text(change.current.rate)}"
    )
    return Worsened(partner_id, names.get(partner_id, f"Partner #{partner_id}"), detail)


def center_funnel(desk: Desk, scope: Scope, periods: Periods | None = None) -> CenterFunnel | None:
    """A Center's funnel over the current period; None for any other portfolio."""
    from trusted_trader.services import analytics

    if scope.center_id is None:
        return None
    _baseline, current = periods or _default_periods(desk)
    with desk.uow() as uow:
        return analytics.center_funnel(uow, scope.center_id, current)
