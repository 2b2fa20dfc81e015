"""``trusted-trader demo``: fill the database with realistic demo data."""

from __future__ import annotations

import time

from trusted_trader.commands.arguments import MAX_ID, whole_number
from trusted_trader.commands.context import Context, Subparsers, UsageError, add_command


def register(subparsers: Subparsers) -> None:
    parser = add_command(subparsers, "demo", demo_command)
    parser.add_argument(
        "--partners", type=whole_number(0, 100_000), default=60, help="number of partners (60)"
    )
    parser.add_argument(
        "--touch-points",
        type=whole_number(0, 10_000_000),
        default=6000,
        help="number of touch points (6000)",
    )
    parser.add_argument(
        "--years", type=whole_number(2, 20), default=3, help="years of history, 2 to 20 (3)"
    )
    parser.add_argument("--seed", type=whole_number(0, MAX_ID), default=2026, help="random seed")


def demo_command(ctx: Context) -> int:
    """fill an empty database with realistic demo data

    Fill an empty database with deterministic demo data: the ten Centers, Account
    Executives, partners, programs, plans, volumes, entry summaries and touch points.
    """
    from trusted_trader.services.demo import DemoSpec, load_demo

    args = ctx.args
    if args.partners == 0 and args.touch_points:
        raise UsageError("touch points need at least one partner")
    spec = DemoSpec(args.partners, args.touch_points, args.years, args.seed)
    started = time.perf_counter()
    store = ctx.store()
    with store.uow() as uow:
        try:
            result = load_demo(uow, spec, progress=lambda s: ctx.progress(f"demo: {s}…"))
        except ValueError as exc:
            raise UsageError(f"{store.display_name}: {exc}") from None
        uow.commit()
    print(
        f"Demo data in {store.display_name}: {result.partners} partners, {result.plans} plans, "
        f"{result.touch_points} touch points, {result.volumes} monthly volumes, "
        f"{result.entries} entries, "
        f"{result.activities} activities ({time.perf_counter() - started:.1f} s)."
    )
    return 0
