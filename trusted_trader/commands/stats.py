"""``trusted-trader stats``: touch-point reduction statistics."""

from __future__ import annotations

import argparse
import json
from datetime import date
from typing import TYPE_CHECKING

from trusted_trader.commands.arguments import add_scope_options
from trusted_trader.commands.context import Context, Subparsers, UsageError, add_command

if TYPE_CHECKING:
    from trusted_trader.domain.periods import MonthRange
    from trusted_trader.domain.statistics import PeriodCounts
    from trusted_trader.services.analytics import (
        PortReductions,
        Scope,
        ScopeCompliance,
        ScopeReduction,
    )
    from trusted_trader.store.uow import UnitOfWork


def register(subparsers: Subparsers) -> None:
    parser = add_command(subparsers, "stats", stats_command)
    add_scope_options(parser)
    parser.add_argument(
        "--baseline",
        metavar="YYYY-MM:YYYY-MM",
        help="the baseline period (default: the 12 months before the current)",
    )
    parser.add_argument(
        "--current",
        metavar="YYYY-MM:YYYY-MM",
        help="the current period (default: the last 12 full months)",
    )
    parser.add_argument("--kind", help="one kind of touch point only, e.g. cf28 or exam")
    parser.add_argument("--json", action="store_true", help="print one JSON object")


def stats_command(ctx: Context) -> int:
    """has the touch-point rate fallen? (one partner, a portfolio, a Center or all)

    Compare touch points per 1,000 entries between a baseline and a current period, with
    the exact 95% confidence interval and p-value. Without volume the rate is touch points
    per month. Default periods: the last 12 full months against the 12 before. With
    --json, one object; a value or interval that is not finite (or not measurable) is
    written null.
    """
    from trusted_trader.services.analytics import (
        compliance_for_scope,
        reduction_by_port,
        reduction_for_scope,
    )

    args = ctx.args
    baseline, current = _periods(args.baseline, args.current, date.today())
    kind = _kind(args.kind)
    _check_ior(args.partner)
    with ctx.store().uow() as uow:
        scope = _scope(uow, args)
        found = reduction_for_scope(uow, scope, baseline, current, kind)
        compliance = compliance_for_scope(uow, scope, baseline, current)
        # Ports are of all kinds of touch point: not beside the figures of one kind.
        ports = None if kind else reduction_by_port(uow, scope, baseline, current)
    if args.json:
        extra = {"compliance": compliance.as_json()}
        if ports is not None:
            extra["ports"] = ports.as_json()
        print(json.dumps({**found.as_json(), **extra}, allow_nan=False))
    else:
        port_text = port_lines(ports) if ports is not None else []
        print("\n".join([*human_lines(found), *compliance_lines(compliance, found), *port_text]))
    return 0


def _periods(
    baseline: str | None, current: str | None, today: date
) -> tuple[MonthRange, MonthRange]:
    """Both periods as given; current defaults to the last 12 full months, and baseline to
    as many months right before the current period. They must not overlap."""
    from trusted_trader.domain.periods import MonthRange, add_months

    if current is not None:
        now = _period("current", current)
    else:
        last = add_months(today.replace(day=1), -1)
        now = MonthRange(add_months(last, -11), last)
    if baseline is not None:
        before = _period("baseline", baseline)
    else:
        before = MonthRange(add_months(now.first, -now.months), add_months(now.first, -1))
    refuse_overlap(before, now)
    return before, now


def refuse_overlap(baseline: MonthRange, current: MonthRange) -> None:
    """A month in both periods would be counted twice: the comparison means nothing."""
    first, second = sorted((baseline, current))
    if first.end_exclusive > second.first:
        raise UsageError(f"the baseline ({baseline}) and current ({current}) periods overlap")


def _period(name: str, text: str) -> MonthRange:
    from trusted_trader.domain.periods import parse_month_range

    try:
        return parse_month_range(text)
    except ValueError as exc:
        raise UsageError(f"--{name}: {exc}") from None


def _kind(text: str | None) -> str | None:
    from trusted_trader.domain.enums import parse_touch_point_kind

    try:
        return None if text is None else parse_touch_point_kind(text).value
    except ValueError as exc:
        raise UsageError(f"--kind: {exc}") from None


def _check_ior(text: str | None) -> None:
    """A malformed IOR number is a usage error; a well-formed unknown one is not found."""
    from trusted_trader.domain.identifiers import IdentifierError, parse_ior_number

    if text is not None:
        try:
            parse_ior_number(text)
        except IdentifierError as exc:
            raise UsageError(f"--partner: {exc}") from None


def _scope(uow: UnitOfWork, args: argparse.Namespace) -> Scope:
    from trusted_trader.services.analytics import scope_for

    return scope_for(
        uow, partner_ior=args.partner, executive_email=args.executive, center_code=args.center
    )


def human_lines(found: ScopeReduction) -> list[str]:
    """A few aligned lines: scope, basis, both periods, the sentence, p-value and note."""
    from trusted_trader.domain.enums import TouchPointKind
    from trusted_trader.domain.wording import p_value_text

    result = found.result
    per_entries = result.basis.value == "entries"
    unit = "per 1,000 entries" if per_entries else "per month"
    per = "per 1,000" if per_entries else "a month"
    kind = f" ({TouchPointKind.label_of(found.kind)} only)" if found.kind else ""
    lines = [
        f"{'Scope:':<10}{_scope_label(found.scope)}{kind}",
        f"{'Basis:':<10}touch points {unit}",
        _period_line("Baseline:", found.baseline, found.baseline_counts, result.baseline_rate, per),
        _period_line("Current:", found.current, found.current_counts, result.current_rate, per),
        result.sentence(),
    ]
    if result.p_value is not None:
        lines.append(
            f"{'p-value:':<10}{p_value_text(result.p_value).removeprefix('p ').removeprefix('= ')}"
        )
    if result.note and result.rate_ratio is not None:
        lines.append(f"{'Note:':<10}{result.note}")
    return lines


def compliance_lines(compliance: ScopeCompliance, found: ScopeReduction) -> list[str]:
    """Compliance beside the touch points: both periods, the change and a warning."""
    from trusted_trader.domain.wording import compliance_words, share_interval_text, share_text

    change = compliance.change
    words = compliance_words(
        change, compliance.selection, compliance.all_inspections, found.result.verdict.value
    )
    lines = [f"Compliance, the clean share of examined entries ({words.which}):"]
    for title, months, counts in (
        ("Baseline:", compliance.baseline, change.baseline),
        ("Current:", compliance.current, change.current),
    ):
        lines.append(
            f"{title:<10}{months.first:%Y-%m} to {months.last:%Y-%m}"
            f"{counts.examined:>10,} examined{counts.clean:>12,} clean {share_text(counts.rate):>8}"
            + (f" (95% CI {share_interval_text(counts.interval())})" if counts.examined else "")
        )
    if words.all_inspections:
        lines.append(f"{'':<10}{words.all_inspections}")
    lines.append(words.sentence)
    if words.warning:
        lines.append(f"Warning:  {words.warning}")
    return lines


def port_lines(ports: PortReductions) -> list[str]:
    """The busiest ports: touch points and rates of both periods, the change, and what the
    rates divide by."""
    if not ports.ports:
        return []
    lines = [f"By port, busiest first. {ports.caption}"]
    for code, found in ports.ports:
        result, before, after = found.result, found.baseline_counts, found.current_counts
        counts = f"{before.touch_points:>6,} then {after.touch_points:<6,}"
        rates = f"{_rate_text(result.baseline_rate)} then {_rate_text(result.current_rate)}"
        lines.append(f"  {code:<6}{counts} touch points; rate {rates}: {result.change_text()}")
        if result.note and result.rate_ratio is None:
            lines.append(f"{'':8}{result.note}")
    return lines


def _rate_text(rate: float | None) -> str:
    return "—" if rate is None else f"{rate:.2f}"


def _scope_label(scope: Scope) -> str:
    names = {"partner": "Partner", "executive": "Portfolio of", "center": "Center"}
    if scope.type == "all":
        return scope.label or "All partners"
    key = f" ({scope.key})" if scope.key and scope.key != scope.label else ""
    return f"{names[scope.type]} {scope.label}{key}"


def _period_line(
    title: str, months: MonthRange, counts: PeriodCounts, rate: float | None, unit: str
) -> str:
    touch_points, entries = counts.touch_points, counts.entries
    entries_text = f"{entries:>12,} entries" if entries is not None else f"{'no volume':>20}"
    rate_text = f"{rate:10.2f}" if rate is not None else f"{'—':>10}"
    return (
        f"{title:<10}{months.first:%Y-%m} to {months.last:%Y-%m}"
        f"{touch_points:>10,} touch points{entries_text}{rate_text} {unit}"
    )
