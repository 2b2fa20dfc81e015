"""Benchmark: `trusted-trader demo --partners 10000 --touch-points 1000000` against plain sqlite3.

The baseline inserts the same number of touch-point rows with one ``executemany``
in one transaction into an equivalent table (same columns, same indexes).
Target: the demo fill is at most 3x the plain insert. The demo also writes entry
summaries (the last six months of 100 partners, about 170,000): the summary line it
prints, shown below, says how many.
"""

from __future__ import annotations

import random
import sqlite3
import subprocess
import sys
import tempfile
import time
from pathlib import Path

PARTNERS = 10_000
TOUCH_POINTS = 1_000_000

EQUIVALENT_TABLE = """
CREATE TABLE touch_point (
    id INTEGER PRIMARY KEY, partner_id INTEGER NOT NULL, occurred_on DATE NOT NULL,
    kind VARCHAR(24) NOT NULL, port_code VARCHAR(4) NOT NULL, entry_number VARCHAR(13) NOT NULL,
    hts_number VARCHAR(10) NOT NULL, agency VARCHAR(40) NOT NULL, outcome VARCHAR(40) NOT NULL,
    response_due DATE, closed_on DATE, notes TEXT NOT NULL DEFAULT '',
    created_at DATETIME NOT NULL, updated_at DATETIME NOT NULL, version INTEGER NOT NULL);
CREATE INDEX ix_tp ON touch_point (partner_id, occurred_on, kind);
CREATE INDEX ix_due ON touch_point (response_due);
"""


def plain_insert(folder: Path) -> float:
    rng = random.Random(1)
    kinds = ["exam", "hold", "cf28", "cf29", "penalty"]
    stamp = "2026-11-28 12:00:00.000000"
    rows = [
        (
            i * PARTNERS // TOUCH_POINTS + 1,
            f"2025-{1 + i % 12:02d}-{1 + i % 28:02d}",
            rng.choice(kinds),
            "2704",
            f"AB1-{i % 10_000_000:07d}-{i % 7}",
            "8471300100",
            "CBP",
            "no_discrepancy",
            None,
            None,
            "",
            stamp,
            stamp,
            1,
        )
        for i in range(TOUCH_POINTS)
    ]
    conn = sqlite3.connect(folder / "plain.sqlite", isolation_level=None)
    conn.execute("PRAGMA journal_mode = WAL")
    conn.execute("PRAGMA synchronous = NORMAL")
    conn.executescript(EQUIVALENT_TABLE)
    started = time.perf_counter()
    conn.execute("BEGIN")
    conn.executemany(
        "INSERT INTO touch_point (partner_id, occurred_on, kind, port_code, entry_number, "
        "hts_number, agency, outcome, response_due, closed_on, notes, created_at, updated_at, "
        "version) VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,?)",
        rows,
    )
    conn.execute("COMMIT")
    elapsed = time.perf_counter() - started
    conn.close()
    return elapsed


def demo_fill(folder: Path) -> tuple[float, str]:
    started = time.perf_counter()
    done = subprocess.run(
        [
            sys.executable,
            "-m",
            "trusted_trader",
            "--db",
            str(folder / "demo.sqlite"),
            "demo",
            "--partners",
            str(PARTNERS),
            "--touch-points",
            str(TOUCH_POINTS),
        ],
        check=True,
        capture_output=True,
        text=True,
    )
    return time.perf_counter() - started, done.stdout.strip()


def main() -> None:
    with tempfile.TemporaryDirectory() as temp:
        folder = Path(temp)
        plain = plain_insert(folder)
        demo, summary = demo_fill(folder)
    print(summary)
    print(f"plain sqlite3 executemany of {TOUCH_POINTS:,} rows: {plain:.2f} s")
    print(
        f"trusted-trader demo --partners {PARTNERS:,} --touch-points {TOUCH_POINTS:,} "
        f"(whole command, incl. start-up, partners, plans, volumes, entries): {demo:.2f} s"
    )
    print(f"ratio demo / plain: {demo / plain:.2f} (target <= 3.0)")


if __name__ == "__main__":
    main()
