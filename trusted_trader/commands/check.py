"""``trusted-trader check``: the data checks of a partner, a portfolio, a Center or everyone."""

from __future__ import annotations

import argparse
import json
from typing import TYPE_CHECKING

from trusted_trader.commands.arguments import add_scope_options
from trusted_trader.commands.context import Context, Subparsers, UsageError, add_command

if TYPE_CHECKING:
    from trusted_trader.domain.data_checks import VolumeTolerance
    from trusted_trader.services.data_checks import CheckGroup, DataChecks, Finding
    from trusted_trader.services.scope import Scope
    from trusted_trader.store.uow import UnitOfWork

EXIT_PROBLEMS = 1  # a finding of a "problem" check; information alone exits 0


def register(subparsers: Subparsers) -> None:
    parser = add_command(subparsers, "check", check_command)
    whose = add_scope_options(parser)
    whose.add_argument("--all", action="store_true", help="every partner")
    parser.add_argument(
        "--tolerance",
        type=_tolerance,
        metavar="N|P%|N,P%",
        help="how far a month's reported total may be from its counted entries: N entries, "
        "P%% of the counted entries, or the larger of both (default: the settings', "
        "else 3,5%%; 0: exact)",
    )
    parser.add_argument("--json", action="store_true", help="print one JSON object")


def check_command(ctx: Context) -> int:
    """what the entries show to be wrong: check digits, filers, HTS, touch points, totals

    List, check by check, the partners whose records fail it, each with its count and the
    records behind it: entry numbers whose check digit is wrong; entries filed under a
    filer code not the partner's (possible unauthorized filer), and partners with entries
    but no filer codes on record; HTS numbers outside the coverage of the partner's Center,
    with the Center they map to; touch points whose entry is not among the partner's
    imported entries (information, only months with imported entries); months whose
    reported total differs from the entries counted by more than the tolerance. Without
    a scope: your portfolio when the settings say who you are, else every partner. Exit
    status 0 without problem findings (information alone included), 1 with some, 2 for a
    usage mistake (an unknown IOR number included).
    """
    from trusted_trader.domain.data_checks import parse_tolerance
    from trusted_trader.services.data_checks import run_data_checks

    args = ctx.args
    tolerance = args.tolerance or parse_tolerance(ctx.settings.check_tolerance)
    with ctx.store().uow() as uow:
        scope = _scope(uow, args, ctx.settings.executive_email)
        found = run_data_checks(uow, scope, tolerance)
    if args.json:
        print(json.dumps(found.as_json(), ensure_ascii=False))
    else:
        print("\n".join(text_lines(found)))
    return EXIT_PROBLEMS if found.has_problems else 0


def _tolerance(text: str) -> VolumeTolerance:
    from trusted_trader.domain.data_checks import parse_tolerance

    try:
        return parse_tolerance(text)
    except ValueError as exc:
        raise argparse.ArgumentTypeError(str(exc)) from None


def _scope(uow: UnitOfWork, args: argparse.Namespace, me: str) -> Scope:
    """The scope named; else "my portfolio" when the settings say who I am; else all."""
    from trusted_trader.domain.errors import NotFoundError, ValidationError
    from trusted_trader.services.analytics import scope_for

    executive = args.executive
    if not (args.all or args.partner or args.center or executive) and me:
        executive = me
    try:
        return scope_for(
            uow, partner_ior=args.partner, executive_email=executive, center_code=args.center
        )
    except (NotFoundError, ValidationError) as exc:
        option = next(
            (f"--{n}" for n in ("partner", "executive", "center") if getattr(args, n)), "settings"
        )
        raise UsageError(f"{option}: {exc}") from None


def text_lines(found: DataChecks) -> list[str]:
    """The findings as text: a heading per check with its count, then each partner's records."""
    from trusted_trader.services.data_checks import Severity

    problems = sum(1 for g in found.groups if g.findings and g.info.severity is Severity.PROBLEM)
    lines = [
        f"Data checks of {_scope_label(found.scope)}: "
        + (f"{problems} check{'s' if problems != 1 else ''} found problems" if problems else
           "no problems found"),
        f"Tolerance of monthly totals: {found.tolerance.describe()}",
    ]  # fmt: skip
    for group in found.groups:
        lines.extend(["", *_group_lines(group)])
    return lines


def _group_lines(group: CheckGroup) -> list[str]:
    lines = [f"[{group.info.severity.value}] {group.info.title}: {group.summary()}"]
    for finding in group.findings:
        lines.extend(_finding_lines(finding))
    return lines


def _finding_lines(finding: Finding) -> list[str]:
    ior = f" ({finding.ior_number})" if finding.ior_number else ""
    note = f" — {finding.note}" if finding.note else ""
    lines = [f"  {finding.partner_name}{ior}: {finding.count:,}{note}"]
    lines.extend(f"    {item.text()}" for item in finding.items)
    if finding.more and finding.items:
        lines.append(f"    … and {finding.more:,} more")
    return lines


def _scope_label(scope: Scope) -> str:
    names = {"partner": "partner", "executive": "the portfolio of", "center": "Center"}
    if scope.type == "all":
        return "all partners"
    key = f" ({scope.key})" if scope.key and scope.key != scope.label else ""
    return f"{names[scope.type]} {scope.label}{key}"
