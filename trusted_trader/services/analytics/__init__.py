"""Touch-point reduction for a partner, a portfolio, a Center or everyone: the one entry point.

The statistic itself is ``domain.statistics``; the counts come from GROUP BY queries in
``analytics.queries``. Deleted partners are left out of every figure.
"""

from __future__ import annotations

from trusted_trader.services.analytics.compliance import (
    ComplianceOverview,
    ScopeCompliance,
    compliance_by_partner,
    compliance_for_scope,
    compliance_overview,
)
from trusted_trader.services.analytics.core import (
    MonthPoint,
    PortReductions,
    ScopeReduction,
    default_periods,
    monthly_series,
    normal_kind,
    period_counts,
    reduction_by_kind,
    reduction_by_port,
    reduction_for_scope,
    scope_for,
)
from trusted_trader.services.analytics.objectives import (
    MeasuredObjective,
    MeasureNow,
    measure_now,
    measure_objectives,
    plan_periods,
)
from trusted_trader.services.analytics.partners import (
    CenterFunnel,
    FunnelPoint,
    PartnerChange,
    PartnerRate,
    center_funnel,
    partner_changes,
    partner_names,
    partner_reductions,
)
from trusted_trader.services.analytics.periods import comparison_plan, partner_comparison
from trusted_trader.services.analytics.queries import touch_points_on_days
from trusted_trader.services.scope import Scope

__all__ = [
    "CenterFunnel",
    "ComplianceOverview",
    "FunnelPoint",
    "MeasureNow",
    "MeasuredObjective",
    "MonthPoint",
    "PartnerChange",
    "PartnerRate",
    "PortReductions",
    "Scope",
    "ScopeCompliance",
    "ScopeReduction",
    "center_funnel",
    "comparison_plan",
    "compliance_by_partner",
    "compliance_for_scope",
    "compliance_overview",
    "default_periods",
    "measure_now",
    "measure_objectives",
    "monthly_series",
    "normal_kind",
    "partner_changes",
    "partner_comparison",
    "partner_names",
    "partner_reductions",
    "period_counts",
    "plan_periods",
    "reduction_by_kind",
    "reduction_by_port",
    "reduction_for_scope",
    "scope_for",
    "touch_points_on_days",
]
