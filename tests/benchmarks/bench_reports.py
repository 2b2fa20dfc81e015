"""Benchmark: the portfolio report of 1,000 partners against a plain ReportLab table script.

Target: our portfolio PDF (from its snapshot) takes at most 1.5x the time a minimal ReportLab
script takes to lay out the same 1,000-row table as one table; one progress report (data and
PDF) takes under 1 s.
"""

from __future__ import annotations

import io
import os
import tempfile
import time
from collections.abc import Callable
from datetime import date

from common import demo_database, median_time

PARTNERS = 1_000
TOUCH_POINTS = 100_000
HEADER = [
    "Partner",
    "Tier",
    "Baseline rate",
    "Current rate",
    "Change",
    "95% interval",
    "Verdict",
    "Open deadlines",
    "Plan",
]


def plain_table_pdf(rows: list[list[str]]) -> bytes:
    """What a minimal script does: one Table, a header style, SimpleDocTemplate."""
    from reportlab.lib import colors
    from reportlab.lib.pagesizes import LETTER
    from reportlab.platypus import SimpleDocTemplate, Table, TableStyle

    buffer = io.BytesIO()
    doc = SimpleDocTemplate(buffer, pagesize=LETTER, leftMargin=36, rightMargin=36)
    table = Table([HEADER, *rows], repeatRows=1)
    table.setStyle(
        TableStyle(
            [
                ("FONT", (0, 0), (-1, -1), "Helvetica", 7.5),
                ("BACKGROUND", (0, 0), (-1, 0), colors.lightgrey),
                ("LINEBELOW", (0, 0), (-1, -1), 0.25, colors.grey),
            ]
        )
    )
    doc.build([table])
    return buffer.getvalue()


def as_strings(snapshot: object) -> list[list[str]]:
    from trusted_trader.reports.formatting import change_interval_text, change_text, rate_text

    return [
        [
            r.legal_name,
            r.tier.label if r.tier else "—",
            rate_text(r.result.baseline_rate),
            rate_text(r.result.current_rate),
            change_text(r.result),
            change_interval_text(r.result),
            r.result.verdict.value,
            str(r.open_deadlines),
            r.plan_status,
        ]
        for r in snapshot.rows  # type: ignore[attr-defined]
    ]


def cpu_time(fn: Callable[[], object]) -> float:
    started = time.process_time()
    fn()
    return time.process_time() - started


def main() -> None:
    os.environ.setdefault("TRUSTED_TRADER_HOME", tempfile.mkdtemp(prefix="tt-bench-home-"))
    from trusted_trader.reports.api import render_progress
    from trusted_trader.reports.options import ReportOptions
    from trusted_trader.reports.portfolio_data import build_portfolio_snapshot
    from trusted_trader.reports.progress_data import latest_plan, plan_periods
    from trusted_trader.reports.render.portfolio_pdf import render_portfolio_pdf
    from trusted_trader.services.analytics import default_periods, scope_for
    from trusted_trader.services.store import open_store

    path = demo_database(PARTNERS, TOUCH_POINTS)
    store = open_store(f"sqlite:///{path}")
    today = date.today()
    options = ReportOptions(today=today)
    baseline, current = default_periods(today)
    with store.uow() as uow:
        scope = scope_for(uow)
        started = time.perf_counter()
        snapshot = build_portfolio_snapshot(uow, scope, baseline, current, "name", today)
        data_time = time.perf_counter() - started
    rows = as_strings(snapshot)
    plain_table_pdf(rows[:50])
    render_portfolio_pdf(snapshot, options)  # fonts registered, modules imported
    # Alternate the two, so a busy moment of the machine weighs on both alike; the CPU
    # time of this process is what compares (other work on the machine inflates wall time).
    ours_times, plain_times = [], []
    for _ in range(7):
        ours_times.append(cpu_time(lambda: render_portfolio_pdf(snapshot, options)))
        plain_times.append(cpu_time(lambda: plain_table_pdf(rows)))
    ours, plain = sorted(ours_times)[3], sorted(plain_times)[3]
    wall = median_time(lambda: render_portfolio_pdf(snapshot, options), 3)
    pdf = render_portfolio_pdf(snapshot, options)
    print(f"portfolio of {len(snapshot.rows):,} partners: data {data_time:.2f} s")
    print(f"portfolio PDF (ours, {len(pdf) / 1024:,.0f} KB): {ours:.2f} s CPU, {wall:.2f} s wall")
    print(f"same table, plain ReportLab script (one Table): {plain:.2f} s CPU")
    print(f"ratio ours / plain: {ours / plain:.2f} (target <= 1.5)")

    with store.uow() as uow:
        partner_id = next(r.partner_id for r in snapshot.rows if r.plan_status != "No plan")
        plan = latest_plan(uow, partner_id)
    assert plan is not None
    b, c = plan_periods(plan, today)
    progress = median_time(lambda: render_progress(store, partner_id, plan.id, b, c, options))
    print(f"one progress report (data + PDF): {progress:.3f} s (target < 1 s)")
    store.close()


if __name__ == "__main__":
    main()
