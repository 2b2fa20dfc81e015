"""What the app and the command line call: one function per document, store in, PDF bytes out.

Each opens its own unit of work, so the GUI can run it off its main thread.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from trusted_trader.reports.options import ReportOptions

if TYPE_CHECKING:
    from trusted_trader.domain.periods import MonthRange
    from trusted_trader.services.analytics import Scope
    from trusted_trader.services.store import Store

__all__ = ["ReportOptions", "render_plan", "render_portfolio", "render_progress", "render_week"]


def render_plan(store: Store, plan_id: int, options: ReportOptions) -> bytes:
    from trusted_trader.reports.plan_data import build_plan_snapshot
    from trusted_trader.reports.render.plan_pdf import render_plan_pdf

    with store.uow() as uow:
        snapshot = build_plan_snapshot(uow, plan_id, options.today)
    return render_plan_pdf(snapshot, options)


def render_progress(
    store: Store,
    partner_id: int,
    plan_id: int | None,
    baseline: MonthRange,
    current: MonthRange,
    options: ReportOptions,
    description: str = "",
) -> bytes:
    """The progress report; ``description`` says which periods are compared (default: both)."""
    from trusted_trader.reports.progress_data import build_progress_snapshot
    from trusted_trader.reports.render.progress_pdf import render_progress_pdf

    with store.uow() as uow:
        snapshot = build_progress_snapshot(
            uow, partner_id, plan_id, baseline, current, options.today, description
        )
    return render_progress_pdf(snapshot, options)


def render_portfolio(
    store: Store,
    scope: Scope,
    baseline: MonthRange,
    current: MonthRange,
    sort_key: str,
    options: ReportOptions,
) -> bytes:
    from trusted_trader.reports.portfolio_data import build_portfolio_snapshot
    from trusted_trader.reports.render.portfolio_pdf import render_portfolio_pdf

    with store.uow() as uow:
        snapshot = build_portfolio_snapshot(uow, scope, baseline, current, sort_key, options.today)
    return render_portfolio_pdf(snapshot, options)


def render_week(store: Store, scope: Scope, whose: str, options: ReportOptions) -> bytes:
    """The week's agenda of a scope's deadlines (the window prints its own filtered list)."""
    from trusted_trader.reports.render.week_pdf import render_week_pdf
    from trusted_trader.reports.week_data import build_week_agenda
    from trusted_trader.services.deadlines import DeadlineQuery, list_deadlines

    query = DeadlineQuery(scope, horizon_days=31)
    with store.uow() as uow:
        deadlines = list_deadlines(uow, query, options.today)
    return render_week_pdf(build_week_agenda(deadlines, options.today, whose), options)
