"""``trusted-trader history``: the audit trail of a partner."""

from __future__ import annotations

from trusted_trader.commands.arguments import day, whole_number
from trusted_trader.commands.context import Context, Subparsers, add_command

MAX_LINES = 10_000_000


def register(subparsers: Subparsers) -> None:
    parser = add_command(subparsers, "history", history_command)
    parser.add_argument("--partner", required=True, metavar="IOR", help="the partner's IOR number")
    parser.add_argument("--table", help="only changes to this table (e.g. touch_point)")
    parser.add_argument("--since", type=day, metavar="YYYY-MM-DD", help="only changes from then")
    parser.add_argument(
        "--limit", type=whole_number(1, MAX_LINES), default=500, help="at most this many lines"
    )


def history_command(ctx: Context) -> int:
    """who changed what on a partner's records, newest first

    Print the audit trail of a partner: one line per change with its time, who made it,
    the action, the record and the fields' old → new values.
    """
    from trusted_trader.services.audit import describe_change, partner_history
    from trusted_trader.services.partners import find_partner_id

    args = ctx.args
    with ctx.store().uow() as uow:
        # A deleted partner's trail matters most: it says who deleted it.
        partner_id = find_partner_id(uow, args.partner, include_deleted=True)
        records = partner_history(uow, partner_id, args.limit, table=args.table, since=args.since)
    if not records:
        print("No changes recorded.")
    for record in records:
        print(describe_change(record))
    return 0
