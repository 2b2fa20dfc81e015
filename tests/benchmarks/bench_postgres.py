"""Benchmark: the team database on a private PostgreSQL server, loaded with ``db copy``.

1. ``trusted-trader db copy`` of the big demo file (10,000 partners, 1,000,000
   touch points) into an empty PostgreSQL database.
2. The Center-level reduction statistic (analytics.reduction_for_scope) against
   one hand-written SQL query returning the same counts. Goal: at most 2x.
3. Import of a CSV of 1,000,000 touch points (services.importing) against a
   plain COPY of the same, already parsed rows into the same table. Goal: at
   least a third of its throughput. Twice: by the owner of the tables (who may
   use COPY) and by an Account Executive's login, held by row-level security
   (which PostgreSQL refuses COPY: the import writes arrays with INSERT).

    .venv/bin/python tests/benchmarks/bench_postgres.py [IMPORT_ROWS] [--import-only]
"""

from __future__ import annotations

import csv
import json
import subprocess
import sys
import time
from datetime import date
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
sys.path.insert(0, str(Path(__file__).resolve().parent))

from bench_import import make_csv
from common import demo_database, median_time
from pg_server import PostgresServer, start_server

from trusted_trader.domain.periods import MonthRange

HAND_WRITTEN = """
WITH scope AS (SELECT id FROM partner WHERE center_id = :center AND deleted_at IS NULL)
SELECT
  (SELECT count(*) FILTER (WHERE occurred_on < :b_end)
     FROM touch_point WHERE partner_id IN (SELECT id FROM scope)
      AND occurred_on >= :b_first AND occurred_on < :c_end
      AND (occurred_on < :b_end OR occurred_on >= :c_first)),
  (SELECT count(*) FILTER (WHERE occurred_on >= :c_first)
     FROM touch_point WHERE partner_id IN (SELECT id FROM scope)
      AND occurred_on >= :b_first AND occurred_on < :c_end
      AND (occurred_on < :b_end OR occurred_on >= :c_first)),
  (SELECT sum(entries) FROM monthly_volume WHERE partner_id IN (SELECT id FROM scope)
      AND month >= :b_first AND month < :b_end),
  (SELECT sum(entries) FROM monthly_volume WHERE partner_id IN (SELECT id FROM scope)
      AND month >= :c_first AND month < :c_end)
"""


def db_copy(source: Path, url: str) -> float:
    started = time.perf_counter()
    subprocess.run(
        [sys.executable, "-m", "trusted_trader", "db", "copy", "--from", str(source), "--to", url],
        check=True,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    return time.perf_counter() - started


def analyze(server: PostgresServer, database: str) -> None:
    server.admin_sql("VACUUM ANALYZE", database=database)


def reduction(url: str) -> None:
    from sqlalchemy import text

    from trusted_trader.services.analytics import default_periods, reduction_for_scope, scope_for
    from trusted_trader.services.store import open_store

    store = open_store(url, actor="bench")
    baseline, current = default_periods(date.today())
    with store.uow() as uow:
        code = uow.connection.execute(
            text(
                "SELECT c.code FROM center c JOIN partner p ON p.center_id = c.id "
                "GROUP BY c.code ORDER BY count(*) DESC LIMIT 1"
            )
        ).scalar_one()
        scope = scope_for(uow, center_code=code)
        found = reduction_for_scope(uow, scope, baseline, current)
        params = _period_params(scope.id, baseline, current)
        hand = uow.connection.execute(text(HAND_WRITTEN), params).one()
        service_counts = (
            found.baseline_counts.touch_points,
            found.current_counts.touch_points,
            found.baseline_counts.entries,
            found.current_counts.entries,
        )
        assert tuple(hand) == service_counts, (tuple(hand), service_counts)
        service_s = median_time(lambda: reduction_for_scope(uow, scope, baseline, current), 7)
        hand_s = median_time(lambda: uow.connection.execute(text(HAND_WRITTEN), params).one(), 7)
    store.close()
    print(f"Center {code}: {service_counts[0]:,} -> {service_counts[1]:,} touch points; "
          f"{found.result.sentence()}")  # fmt: skip
    print(
        f"reduction_for_scope: {service_s * 1000:.0f} ms; hand-written SQL: {hand_s * 1000:.0f} ms;"
        f" ratio {service_s / hand_s:.2f} (goal <= 2)"
    )


def _period_params(
    center: int | None, baseline: MonthRange, current: MonthRange
) -> dict[str, object]:
    return {
        "center": center,
        "b_first": baseline.first,
        "b_end": baseline.end_exclusive,
        "c_first": current.first,
        "c_end": current.end_exclusive,
    }


IMPORT_CHILD = """
import json, sys, time
from pathlib import Path
from trusted_trader.services.store import open_store
from trusted_trader.services.importing import import_file
store = open_store(sys.argv[1], actor="bench")
started = time.perf_counter()
with store.uow() as uow:
    result = import_file(uow, "touch-points", Path(sys.argv[2]))
    uow.commit()
print(json.dumps({"seconds": time.perf_counter() - started, "created": result.created,
                  "rejected": result.rejected}))
store.close()
"""


def run_import(url: str, source: Path) -> dict[str, float]:
    out = subprocess.run(
        [sys.executable, "-c", IMPORT_CHILD, url, str(source)],
        check=True,
        capture_output=True,
        text=True,
    )
    figures: dict[str, float] = json.loads(out.stdout.strip().splitlines()[-1])
    return figures


COLUMNS = ("partner_id", "occurred_on", "kind", "port_code", "entry_number", "hts_number",
           "agency", "outcome", "response_due", "closed_on", "notes")  # fmt: skip


def plain_copy(url: str, source: Path) -> tuple[int, float]:
    """The same rows, parsed beforehand by the import's own parser, in one timed COPY."""
    import psycopg

    from trusted_trader.services.importing.rows import match_headers, touch_point_row
    from trusted_trader.store.postgres import conninfo

    with psycopg.connect(conninfo(url)) as conn:
        partners = dict(conn.execute("SELECT ior_number, partner_id FROM partner_ior").fetchall())
        rows = []
        with source.open(newline="", encoding="utf-8") as handle:
            reader = csv.reader(handle)
            mapping = match_headers("touch-points", next(reader))
            for cells in reader:
                ior, values = touch_point_row({name: cells[i] for name, i in mapping.items()})
                values["partner_id"] = partners[ior]
                rows.append([values[c] for c in COLUMNS])
        sql = f"COPY touch_point ({', '.join(COLUMNS)}, version, created_at, updated_at) FROM STDIN"
        started = time.perf_counter()
        with conn.cursor() as cursor, cursor.copy(sql) as copy:
            for row in rows:
                copy.write_row([*row, 1, "now", "now"])
        conn.commit()
        return len(rows), time.perf_counter() - started


def member_login(server: PostgresServer, database: str) -> str:
    """Give every partner to one Account Executive and return the URL of their login."""
    url = server.url(database)
    server.admin_sql(
        "UPDATE partner SET executive_id = e.id, center_id = e.center_id FROM "
        "(SELECT id, center_id FROM account_executive ORDER BY id LIMIT 1) AS e",
        database=database,
    )
    from sqlalchemy import create_engine, text

    engine = create_engine(url)
    with engine.connect() as conn:
        email = conn.execute(
            text("SELECT email FROM account_executive ORDER BY id LIMIT 1")
        ).scalar_one()
    engine.dispose()
    role = f"bench_ae_{database}"
    subprocess.run(
        [sys.executable, "-m", "trusted_trader", "--db", url, "db", "grant", "--role", role,
         "--executive", email],
        check=True,
        stdout=subprocess.DEVNULL,
    )  # fmt: skip
    return server.url(database, user=role)


def report_import(who: str, figures: dict[str, float], plain_rate: float) -> None:
    rate = figures["created"] / figures["seconds"]
    print(
        f"import by {who}: {figures['seconds']:.1f} s ({rate:,.0f} rows/s), "
        f"created {figures['created']:,.0f}, rejected {figures['rejected']:,.0f}; "
        f"import / plain COPY throughput: {rate / plain_rate:.2f} (goal >= 0.33)"
    )


def main() -> None:
    args = [a for a in sys.argv[1:] if not a.startswith("--")]
    import_only = "--import-only" in sys.argv  # skip building and copying the big demo file
    import_rows = int(args[0]) if args else 1_000_000
    partners_only = demo_database(10_000, 0)
    source = make_csv(import_rows, partners_only)
    server = start_server()
    try:
        if not import_only:
            big = demo_database(10_000, 1_000_000)
            team = server.empty_database()
            seconds = db_copy(big, server.url(team))
            print(f"db copy of {big.name} ({big.stat().st_size / 1e6:.0f} MB): {seconds:.1f} s")
            analyze(server, team)
            reduction(server.url(team))

        plain_db, import_db, member_db = (server.empty_database() for _ in range(3))
        for name in (plain_db, import_db, member_db):
            db_copy(partners_only, server.url(name))
            analyze(server, name)
        member_url = member_login(server, member_db)
        count, plain_s = plain_copy(server.url(plain_db), source)
        plain_rate = count / plain_s
        print(f"plain COPY of {count:,} parsed touch points: {plain_s:.1f} s "
              f"({plain_rate:,.0f} rows/s)")  # fmt: skip
        report_import("the owner (COPY)", run_import(server.url(import_db), source), plain_rate)
        member = run_import(member_url, source)
        report_import("an Account Executive (INSERT of arrays)", member, plain_rate)
    finally:
        server.stop()


if __name__ == "__main__":
    main()
