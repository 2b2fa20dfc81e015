"""``trusted-trader report``: printable PDFs (engagement plan, progress, portfolio, week)."""

from __future__ import annotations

import argparse
from pathlib import Path
from typing import TYPE_CHECKING

from trusted_trader.commands.arguments import add_overwrite, record_id
from trusted_trader.commands.context import Context, Subparsers, UsageError, add_command

if TYPE_CHECKING:
    from trusted_trader.domain.periods import MonthRange
    from trusted_trader.reports.options import ReportOptions
    from trusted_trader.services.records import PlanRecord
    from trusted_trader.store.uow import UnitOfWork

# The portfolio's sort keys (kept in step with reports.portfolio_data.SORT_KEYS by a test).
SORT_KEYS = ("name", "tier", "rate", "baseline-rate", "reduction", "verdict", "deadlines", "plan")


def register(subparsers: Subparsers) -> None:
    parser = subparsers.add_parser(
        "report",
        help="write a printable PDF: engagement plan, progress report or portfolio report",
        description="Write a printable PDF document.",
    )
    documents = parser.add_subparsers(dest="document", metavar="DOCUMENT", required=True)
    plan = add_command(documents, "plan", plan_command)
    _partner(plan, plan_help="this plan, not the default")
    _common(plan)
    progress = add_command(documents, "progress", progress_command)
    _partner(progress, plan_help="this plan, not the latest")
    _periods(progress)
    _common(progress)
    portfolio = add_command(documents, "portfolio", portfolio_command)
    whose = portfolio.add_mutually_exclusive_group(required=True)
    whose.add_argument("--executive", metavar="EMAIL", help="an Account Executive's partners")
    whose.add_argument("--center", metavar="CODE", help="a Center's partners, e.g. ELEC")
    _periods(portfolio)
    portfolio.add_argument("--sort", choices=SORT_KEYS, default="name", help="row order (name)")
    _common(portfolio)
    week = add_command(documents, "week", week_command)
    whose_week = week.add_mutually_exclusive_group()
    whose_week.add_argument("--executive", metavar="EMAIL", help="an Account Executive's items")
    whose_week.add_argument("--center", metavar="CODE", help="a Center's items, e.g. ELEC")
    whose_week.add_argument("--all", action="store_true", help="every partner's items")
    _common(week)


def _partner(parser: argparse.ArgumentParser, plan_help: str) -> None:
    parser.add_argument("--partner", required=True, metavar="IOR", help="the partner's IOR number")
    parser.add_argument("--plan", type=record_id, metavar="ID", help=plan_help)


def _common(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "-o", "--output", required=True, type=Path, metavar="FILE.pdf", help="where to write"
    )
    add_overwrite(parser)
    parser.add_argument(
        "--page-size", choices=("letter", "a4"), help="paper size (default: the setting, letter)"
    )
    parser.add_argument(
        "--marking",
        metavar="TEXT",
        help='marking line on every page, e.g. "CUI" (default: the setting, none)',
    )


def _periods(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--baseline", type=_month_range, metavar="YYYY-MM:YYYY-MM")
    parser.add_argument("--current", type=_month_range, metavar="YYYY-MM:YYYY-MM")


def _month_range(text: str) -> MonthRange:
    from trusted_trader.domain.periods import parse_month_range

    try:
        return parse_month_range(text)
    except ValueError as exc:
        raise argparse.ArgumentTypeError(str(exc)) from None


def _options(ctx: Context) -> ReportOptions:
    from trusted_trader.reports.options import ReportOptions

    ctx.output(ctx.args.output)  # a bad place to write is refused before the work
    settings = ctx.settings
    page_size = ctx.args.page_size or settings.page_size or "letter"
    marking = ctx.args.marking if ctx.args.marking is not None else settings.marking
    try:
        return ReportOptions(page_size=page_size, marking=marking, date_style=settings.date_style)
    except ValueError as exc:
        raise UsageError(str(exc)) from None


def _both_or_neither(ctx: Context) -> None:
    from trusted_trader.commands.stats import refuse_overlap

    if (ctx.args.baseline is None) != (ctx.args.current is None):
        raise UsageError("give both --baseline and --current, or neither")
    if ctx.args.baseline is not None:
        refuse_overlap(ctx.args.baseline, ctx.args.current)


def _write(ctx: Context, pdf: bytes, what: str) -> int:
    from trusted_trader.store.safe_output import write_bytes

    path: Path = ctx.args.output
    write_bytes(path, pdf, overwrite=ctx.overwrite)
    print(f"Wrote the {what} to {path} ({len(pdf) / 1024:,.0f} KB).")
    return 0


def plan_command(ctx: Context) -> int:
    """one engagement plan, with signature block

    Print a partner's engagement plan (its active plan, else its newest).
    """
    from trusted_trader.reports.api import render_plan
    from trusted_trader.reports.plan_data import default_plan_id
    from trusted_trader.services.partners import find_partner_id

    store = ctx.store()
    with store.uow() as uow:
        partner_id = find_partner_id(uow, ctx.args.partner)
        plan_id = ctx.args.plan or default_plan_id(uow, partner_id)
        _check_plan(uow, partner_id, plan_id)
    pdf = render_plan(store, plan_id, _options(ctx))
    return _write(ctx, pdf, "engagement plan")


def _check_plan(uow: UnitOfWork, partner_id: int, plan_id: int) -> None:
    from trusted_trader.domain.errors import NotFoundError
    from trusted_trader.services.plans import get_plan

    if get_plan(uow, plan_id).partner_id != partner_id:
        raise NotFoundError(f"Plan #{plan_id} is not this partner's plan.")


def progress_command(ctx: Context) -> int:
    """one partner's touch-point reduction against its plan

    Print a partner's engagement progress report. Without --baseline and --current, the
    periods of the partner's latest plan are used.
    """
    from trusted_trader.domain.periods import plan_comparison
    from trusted_trader.reports.api import render_progress
    from trusted_trader.reports.progress_data import latest_plan, plan_periods
    from trusted_trader.services.partners import find_partner_id
    from trusted_trader.services.plans import get_plan

    _both_or_neither(ctx)
    options = _options(ctx)
    store = ctx.store()
    with store.uow() as uow:
        partner_id = find_partner_id(uow, ctx.args.partner)
        plan: PlanRecord | None
        if ctx.args.plan:
            _check_plan(uow, partner_id, ctx.args.plan)
            plan = get_plan(uow, ctx.args.plan)
        else:
            plan = latest_plan(uow, partner_id)
        baseline, current = ctx.args.baseline, ctx.args.current
        description = ""
        if baseline is None:
            if plan is None:
                raise UsageError("this partner has no plan: give --baseline and --current")
            baseline, current = plan_periods(plan, options.today)
            description = plan_comparison(plan, options.today).description
    plan_id = plan.id if plan is not None else None
    pdf = render_progress(store, partner_id, plan_id, baseline, current, options, description)
    return _write(ctx, pdf, "progress report")


def portfolio_command(ctx: Context) -> int:
    """every partner of an Account Executive or a Center

    Print a portfolio report. Without --baseline and --current, the last 12 full months
    are compared with the 12 before them.
    """
    from trusted_trader.reports.api import render_portfolio
    from trusted_trader.services.analytics import default_periods, scope_for

    _both_or_neither(ctx)
    options = _options(ctx)
    store = ctx.store()
    with store.uow() as uow:
        scope = scope_for(uow, executive_email=ctx.args.executive, center_code=ctx.args.center)
    baseline, current = ctx.args.baseline, ctx.args.current
    if baseline is None:
        baseline, current = default_periods(options.today)
    pdf = render_portfolio(store, scope, baseline, current, ctx.args.sort, options)
    return _write(ctx, pdf, "portfolio report")


def week_command(ctx: Context) -> int:
    """a one-page agenda of the next seven days

    Print what is due from today to six days on, then the most recent overdue items.
    Without --executive, --center or --all: the items of the Account Executive of the
    settings, else every partner's.
    """
    from trusted_trader.reports.api import render_week
    from trusted_trader.services.analytics import scope_for

    options = _options(ctx)
    args = ctx.args
    executive = args.executive
    if executive is None and args.center is None and not args.all:
        executive = ctx.settings.executive_email or None
    store = ctx.store()
    with store.uow() as uow:
        scope = scope_for(uow, executive_email=executive, center_code=args.center)
    pdf = render_week(store, scope, scope.label, options)
    return _write(ctx, pdf, "week agenda")
