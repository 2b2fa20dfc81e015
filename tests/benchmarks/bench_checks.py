"""Data checks on a 10,000-partner database: everyone, a Center, a portfolio and one partner.

The demo database (1,000,000 touch points) is used as it is when it holds entries; a
demo made before the demo had entries is given some in a copy: 36 a
partner over its last 12 months (360,000), consistent with its filer codes and its
Center's coverage, with a few planted findings of every check, and its volumes derived.
The demo's touch points name entries of their own, so in the 12 months every touch point
with an entry number is a "not among the imported entries" finding: the worst case.
Prints the median of 3 runs of each scope, and of each check over every partner.
"""

from __future__ import annotations

import random
import sqlite3
from datetime import date
from pathlib import Path
from typing import Any

from tests.benchmarks.common import copy_of, demo_database, median_time

ENTRIES_PER_PARTNER = 36  # 3 a month over the last 12 months


def _with_entries(path: Path) -> Path:
    """The demo database if it holds entries, else a copy given some (made once, reused)."""
    with sqlite3.connect(path) as conn:
        if conn.execute("SELECT count(*) FROM customs_entry").fetchone()[0]:
            return path
    target = path.with_name(path.stem + "-entries.sqlite")
    if target.exists():
        return target
    copy = copy_of(path, target.name + ".building")
    _plant(copy)
    copy.rename(target)
    return target


def _plant(path: Path) -> None:
    from trusted_trader.domain.identifiers import entry_check_digit
    from trusted_trader.services.entry_volumes import refresh_derived
    from trusted_trader.services.store import open_store
    from trusted_trader.store.models import CustomsEntry, utc_now

    rng = random.Random(20)
    with sqlite3.connect(path) as conn:
        filers = dict(conn.execute("SELECT partner_id, min(filer_code) FROM partner_filer_code"
                                   " GROUP BY partner_id").fetchall())  # fmt: skip
        centers = dict(conn.execute("SELECT id, center_id FROM partner").fetchall())
        prefixes: dict[int, list[str]] = {}
        for center, prefix in conn.execute("SELECT center_id, hts_prefix FROM center_coverage"):
            prefixes.setdefault(center, []).append(prefix)
        last = date.fromisoformat(
            conn.execute("SELECT max(month) FROM monthly_volume").fetchone()[0]
        )
    months = [
        date(last.year - (last.month <= m), (last.month - m - 1) % 12 + 1, 1) for m in range(12)
    ]
    every = sorted({p for ps in prefixes.values() for p in ps})
    now, rows, serial = utc_now(), [], 0
    for partner, center in centers.items():
        for n in range(ENTRIES_PER_PARTNER):
            serial += 1
            filer = filers.get(partner, "ZZZ") if rng.random() > 0.002 else "QQQ"
            number = f"{filer}{serial:07d}"
            digit = entry_check_digit(number) if rng.random() > 0.001 else 0
            pool = prefixes.get(center) or every
            prefix = rng.choice(pool if rng.random() > 0.01 else every)
            month = months[n % 12]
            rows.append({
                "partner_id": partner, "entry_number": f"{number[:3]}-{number[3:]}-{digit}",
                "ior_number": "X", "filer_code": filer, "entry_date": month, "summary_date": None,
                "month": month, "port_code": "2704", "lines": 2, "entered_value_usd": 1000.0,
                "hts_numbers": prefix.ljust(10, "1"), "version": 1, "created_at": now,
                "updated_at": now,
            })  # fmt: skip
    store = open_store(f"sqlite:///{path}")
    with store.uow() as uow:
        for start in range(0, len(rows), 50_000):
            uow.connection.execute(CustomsEntry.__table__.insert(), rows[start : start + 50_000])  # type: ignore[attr-defined]
        refresh_derived(uow.connection, centers)
        uow.commit()
    store.close()
    with sqlite3.connect(path) as conn:  # reported totals agree, but for one month in 500
        conn.execute("UPDATE monthly_volume SET entries = derived_entries"
                     " WHERE derived_entries IS NOT NULL AND id % 500 != 0")  # fmt: skip
    print(f"planted {len(rows):,} entries in {path.name}")


def _scopes(conn: Any) -> dict[str, Any]:
    from sqlalchemy import text

    from trusted_trader.services.scope import Scope

    def largest(column: str) -> tuple[int, int]:
        found = conn.execute(
            text(
                f"SELECT {column}, count(*) FROM partner WHERE {column} IS NOT NULL"
                " GROUP BY 1 ORDER BY 2 DESC"
            )
        ).first()
        return int(found[0]), int(found[1])

    center, in_center = largest("center_id")
    executive, in_portfolio = largest("executive_id")
    partner = conn.execute(text("SELECT min(partner_id) FROM customs_entry")).scalar()
    return {
        "all 10,000 partners": Scope(),
        f"one Center ({in_center:,} partners)": Scope("center", center),
        f"one portfolio ({in_portfolio:,} partners)": Scope("executive", executive),
        "one partner": Scope("partner", partner),
    }


def main() -> None:
    from trusted_trader.services.data_checks import CheckId, run_data_checks
    from trusted_trader.services.store import open_store

    path = _with_entries(demo_database(10_000, 1_000_000))
    store = open_store(f"sqlite:///{path}")
    with store.uow() as uow:
        scopes = _scopes(uow.connection)
        found = run_data_checks(uow)
    print(f"{path.name}: " + ", ".join(f"{g.info.id.value} {g.count:,}" for g in found.groups))
    for name, scope in scopes.items():

        def run(scope: Any = scope) -> None:
            with store.uow() as uow:
                run_data_checks(uow, scope)

        print(f"every check, {name:<32} {median_time(run, 3) * 1000:8.0f} ms")
    for check in CheckId:

        def one(check: CheckId = check) -> None:
            with store.uow() as uow:
                run_data_checks(uow, checks=[check])

        print(f"all partners, {check.value:<31} {median_time(one, 3) * 1000:8.0f} ms")
    store.close()


if __name__ == "__main__":
    main()
