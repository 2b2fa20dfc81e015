"""Acceptance benchmark: a Center's reduction and monthly series against hand-written SQL.

On the demo database of 10,000 partners and 1,000,000 touch points, each service call must
take at most twice one hand-written GROUP BY statement (sqlite3, same file, same counts)
and under 300 ms. Also compares the two ways of naming a scope's partners in SQL
(``JOIN partner`` against ``partner_id IN (subquery)``), and times the other analytics.
"""

from __future__ import annotations

import sqlite3
import statistics
import sys
import time
from collections.abc import Callable
from datetime import date
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).parent))

from common import demo_database, median_time

from trusted_trader.domain.periods import parse_month_range
from trusted_trader.services import analytics
from trusted_trader.services.store import Store, open_store

CENTER = "ELEC"
BASELINE = parse_month_range("2024-11:2025-10")
CURRENT = parse_month_range("2025-11:2026-10")
SERIES = parse_month_range("2024-11:2026-10")
REPEAT = 15
LIMIT_MS = 300.0
LIMIT_RATIO = 2.0

# One statement: touch points and entries of both periods for the Center's partners. The
# periods follow each other, so one date range covers both (an OR of two ranges would make
# SQLite read each partner's whole history: ~10x slower). Both ways of naming the partners
# (``FORMS``) are measured; the faster is the reference.
PERIOD_SQL = """
SELECT 'touch_points', CASE WHEN tp.occurred_on < :current_first THEN 'b' ELSE 'c' END AS p,
       count(*)
FROM touch_point tp {join_tp}
WHERE {where_tp} AND tp.occurred_on >= :baseline_first AND tp.occurred_on < :current_end
GROUP BY p
UNION ALL
SELECT 'entries', CASE WHEN mv.month < :current_first THEN 'b' ELSE 'c' END AS p,
       sum(coalesce(mv.derived_entries, mv.entries))
FROM monthly_volume mv {join_mv}
WHERE {where_mv} AND mv.month >= :baseline_first AND mv.month < :current_end
GROUP BY p
"""

SERIES_SQL = """
SELECT 'touch_points', substr(tp.occurred_on, 1, 7) AS m, count(*)
FROM touch_point tp {join_tp}
WHERE {where_tp} AND tp.occurred_on >= :first AND tp.occurred_on < :end
GROUP BY m
UNION ALL
SELECT 'entries', substr(mv.month, 1, 7) AS m, sum(coalesce(mv.derived_entries, mv.entries))
FROM monthly_volume mv {join_mv}
WHERE {where_mv} AND mv.month >= :first AND mv.month < :end
GROUP BY m
"""

# Compliance: examined entries (an entry once) and clean ones, per period and selection.
COMPLIANCE_SQL = """
SELECT period, random, count(*), sum(1 - found) FROM (
  SELECT CASE WHEN tp.occurred_on < :current_first THEN 0 ELSE 1 END AS period,
         max(CASE WHEN tp.outcome = 'no_discrepancy' THEN 0 ELSE 1 END) AS found,
         max(CASE WHEN tp.selection = 'random' THEN 1 ELSE 0 END) AS random
  FROM touch_point tp {join_tp}
  WHERE {where_tp} AND tp.occurred_on >= :baseline_first AND tp.occurred_on < :current_end
    AND tp.kind IN ('cf28', 'exam')
    AND tp.outcome IN ('no_discrepancy', 'discrepancy', 'penalty_assessed')
  GROUP BY tp.partner_id,
           CASE WHEN tp.entry_number != '' THEN tp.entry_number ELSE '#' || tp.id END, period
) GROUP BY period, random
"""

PARTNERS = "SELECT id FROM partner WHERE center_id = :center AND deleted_at IS NULL"
FORMS = {
    "JOIN partner": {
        "join_tp": "JOIN partner p ON p.id = tp.partner_id",
        "where_tp": "p.center_id = :center AND p.deleted_at IS NULL",
        "join_mv": "JOIN partner p ON p.id = mv.partner_id",
        "where_mv": "p.center_id = :center AND p.deleted_at IS NULL",
    },
    "partner_id IN (subquery)": {
        "join_tp": "",
        "where_tp": f"tp.partner_id IN ({PARTNERS})",
        "join_mv": "",
        "where_mv": f"mv.partner_id IN ({PARTNERS})",
    },
}


def _day(value: date) -> str:
    return value.isoformat()


def _by_key(rows: Any) -> dict[tuple[str, str], int]:
    return {(k, p): int(n) for k, p, n in rows}


def hand_written(
    path: Path, template: str, params: dict[str, Any], shape: Callable[[Any], Any] = _by_key
) -> tuple[str, Callable[[], Any]]:
    """The faster form of the statement, as a function returning its rows in `shape`."""
    conn = sqlite3.connect(path)
    timed = {}
    for name, form in FORMS.items():
        sql = template.format(**form)

        def run(sql: str = sql) -> Any:
            return shape(conn.execute(sql, params))

        run()
        timed[name] = median_time(run, REPEAT)
        print(f"  hand-written, {name:<26}{timed[name] * 1000:8.1f} ms")
    best = min(timed, key=timed.__getitem__)
    sql = template.format(**FORMS[best])
    return best, lambda: shape(conn.execute(sql, params))


def compare(title: str, service: Callable[[], Any], reference: Callable[[], Any]) -> bool:
    """Medians of the two, timed in turn so that a busy machine slows both alike."""
    service(), reference()
    ours_times, theirs_times = [], []
    for _ in range(REPEAT):
        ours_times.append(_timed(service))
        theirs_times.append(_timed(reference))
    ours, theirs = statistics.median(ours_times), statistics.median(theirs_times)
    ratio = ours / theirs
    ok = ratio <= LIMIT_RATIO and ours < LIMIT_MS
    print(
        f"{title:<28}service {ours:7.1f} ms   hand-written SQL {theirs:7.1f} ms   "
        f"ratio {ratio:4.2f}   {'PASS' if ok else 'FAIL'} (<= {LIMIT_RATIO}x, < {LIMIT_MS:.0f} ms)"
    )
    return ok


def _timed(call: Callable[[], Any]) -> float:
    started = time.perf_counter()
    call()
    return (time.perf_counter() - started) * 1000


def _center_periods(store: Store) -> tuple[analytics.Scope, dict[str, Any]]:
    """The Center's scope and the parameters of both periods, for the hand-written SQL."""
    with store.uow() as uow:
        scope = analytics.scope_for(uow, center_code=CENTER)
    params = {
        "center": scope.id,
        "baseline_first": _day(BASELINE.first),
        "current_first": _day(CURRENT.first),
        "current_end": _day(CURRENT.end_exclusive),
    }
    return scope, params


def center_statistic(store: Store, path: Path) -> bool:
    scope, params = _center_periods(store)
    print(f"Center {CENTER} statistic, {BASELINE} against {CURRENT}")
    _, reference = hand_written(path, PERIOD_SQL, params)

    def service() -> analytics.ScopeReduction:
        with store.uow() as uow:
            return analytics.reduction_for_scope(uow, scope, BASELINE, CURRENT)

    found, counts = service(), reference()
    expected = {
        ("touch_points", "b"): found.baseline_counts.touch_points,
        ("touch_points", "c"): found.current_counts.touch_points,
        ("entries", "b"): found.baseline_counts.entries,
        ("entries", "c"): found.current_counts.entries,
    }
    assert counts == expected, (counts, expected)
    print(f"  same counts: {expected}")
    print(f"  {found.result.sentence()}")
    return compare("Center statistic", service, reference)


def center_compliance(store: Store, path: Path) -> bool:
    scope, params = _center_periods(store)
    print(f"Center {CENTER} compliance, {BASELINE} against {CURRENT}")
    _, reference = hand_written(path, COMPLIANCE_SQL, params, shape=list)

    def service() -> analytics.ScopeCompliance:
        with store.uow() as uow:
            return analytics.compliance_for_scope(uow, scope, BASELINE, CURRENT)

    found, rows = service(), reference()
    everything = found.all_inspections
    examined = [sum(n for p, _, n, _ in rows if int(p) == period) for period in (0, 1)]
    assert examined == [everything.baseline.examined, everything.current.examined], examined
    print(f"  same examined entries: {examined}; selection {found.selection}")
    print(f"  verdict: {found.change.verdict.value}, p = {found.change.p_value}")
    return compare("Center compliance", service, reference)


def monthly(store: Store, path: Path) -> bool:
    with store.uow() as uow:
        scope = analytics.scope_for(uow, center_code=CENTER)
    params = {"center": scope.id, "first": _day(SERIES.first), "end": _day(SERIES.end_exclusive)}
    print(f"Center {CENTER} monthly series, {SERIES} ({SERIES.months} months)")
    _, reference = hand_written(path, SERIES_SQL, params)

    def service() -> list[analytics.MonthPoint]:
        with store.uow() as uow:
            return analytics.monthly_series(uow, scope, SERIES)

    points, counts = service(), reference()
    for point in points:
        key = f"{point.month:%Y-%m}"
        assert counts.get(("touch_points", key), 0) == point.touch_points, key
        assert counts.get(("entries", key), 0) == point.entries, key
    print(f"  same counts in all {len(points)} months ({sum(p.touch_points for p in points)} tp)")
    return compare("Center monthly series", service, reference)


def other_figures(store: Store) -> None:
    """Times of the other analytics, for the record (no limit set)."""
    with store.uow() as uow:
        center = analytics.scope_for(uow, center_code=CENTER)
        everyone = analytics.scope_for(uow)
    calls: list[tuple[str, Callable[[Any], object]]] = [
        (
            "all partners statistic",
            lambda u: analytics.reduction_for_scope(u, everyone, BASELINE, CURRENT),
        ),
        ("all partners series", lambda u: analytics.monthly_series(u, everyone, SERIES)),
        ("Center by kind", lambda u: analytics.reduction_by_kind(u, center, BASELINE, CURRENT)),
        ("Center by port", lambda u: analytics.reduction_by_port(u, center, BASELINE, CURRENT)),
        ("Center funnel", lambda u: analytics.center_funnel(u, center.id or 0, CURRENT)),
        (
            "Center partner reductions",
            lambda u: analytics.partner_reductions(u, center, BASELINE, CURRENT),
        ),
    ]
    for title, call in calls:

        def run(call: Callable[[Any], object] = call) -> None:
            with store.uow() as uow:
                call(uow)

        print(f"{title:<28}{median_time(run, 3) * 1000:8.1f} ms")


def main() -> int:
    path = demo_database(10_000, 1_000_000)
    store = open_store(f"sqlite:///{path}")
    try:
        results = [
            center_statistic(store, path),
            center_compliance(store, path),
            monthly(store, path),
        ]
        other_figures(store)
    finally:
        store.close()
    return 0 if all(results) else 1


if __name__ == "__main__":
    raise SystemExit(main())
