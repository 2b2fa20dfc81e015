"""Benchmark: import a CSV of 1,000,000 touch points against plain sqlite3 executemany.

Prints the import's throughput and peak memory (measured in a child process, and
that of the process which reads the file for it), and
the throughput of a bare ``executemany`` of the same parsed rows into an equivalent
table, measured in the same run. Goal: at least a third of it, under 500 MB.

    .venv/bin/python tests/benchmarks/bench_import.py [ROWS]
    .venv/bin/python tests/benchmarks/bench_import.py entries [LINES]   (see bench_import_entries)
"""

from __future__ import annotations

import csv
import json
import random
import sqlite3
import subprocess
import sys
import time
from datetime import date, timedelta
from pathlib import Path

sys.path.insert(0, str(Path(__file__).parent))

from common import CACHE, copy_of, demo_database

from trusted_trader.domain.identifiers import entry_check_digit

KINDS = ("exam", "hold", "CF-28", "cf29", "Request for Information", "penalty", "audit")
PORTS = ("0101", "2704", "3901", "5301", "1001", "2809")


def entry_number(n: int) -> str:
    """The n-th entry number of a benchmark file, with CBP's check digit."""
    digits = f"{n // 10_000_000:03d}{n % 10_000_000:07d}"
    return f"{digits[:3]}-{digits[3:]}-{entry_check_digit(digits)}"


def make_csv(rows: int, database: Path) -> Path:
    """Touch points for the demo's partners; each has its own entry number (the match key)."""
    path = CACHE / f"touch-points-checked-{rows}.csv"  # entry numbers with check digits
    if path.exists():
        return path
    with sqlite3.connect(database) as conn:
        iors = [
            r[0]
            for r in conn.execute("SELECT min(ior_number) FROM partner_ior GROUP BY partner_id")
        ]
    rng = random.Random(7)
    start = date(2024, 1, 1)
    with path.open("w", newline="", encoding="utf-8") as handle:
        writer = csv.writer(handle)
        writer.writerow(["IOR number", "Date", "Kind", "Port code", "Entry number", "HTS number",
                         "Agency", "Outcome", "Notes"])  # fmt: skip
        for n in range(rows):
            day = start + timedelta(days=rng.randrange(1000))
            writer.writerow([
                rng.choice(iors), day.isoformat(), rng.choice(KINDS), rng.choice(PORTS),
                entry_number(n), "8471300100", "CBP",
                "no discrepancy", "",
            ])  # fmt: skip
    return path


CHILD = """
import json, resource, sys, time
from pathlib import Path
from trusted_trader.services.store import open_store
from trusted_trader.services.importing import import_file
store = open_store("sqlite:///" + sys.argv[1], actor="bench")
started = time.perf_counter()
with store.uow() as uow:
    result = import_file(uow, sys.argv[3], Path(sys.argv[2]))
    uow.commit()
seconds = time.perf_counter() - started
own = resource.getrusage(resource.RUSAGE_SELF)
reader = resource.getrusage(resource.RUSAGE_CHILDREN)
print(json.dumps({"updated": result.updated, "unchanged": result.unchanged,
                  "cpu": own.ru_utime + own.ru_stime,
                  "reader_cpu": reader.ru_utime + reader.ru_stime}))
peak_kb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
reader_kb = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
print(json.dumps({"seconds": seconds, "created": result.created, "rejected": result.rejected,
                  "unchanged": result.unchanged,
                  "peak_mb": peak_kb / 1024, "reader_mb": reader_kb / 1024}))
"""


def run_import(database: Path, source: Path, kind: str = "touch-points") -> dict[str, float]:
    out = subprocess.run(
        [sys.executable, "-c", CHILD, str(database), str(source), kind],
        check=True,
        capture_output=True,
        text=True,
    )
    figures: dict[str, float] = {}
    for line in out.stdout.strip().splitlines()[-2:]:  # processor times, then the rest
        figures.update(json.loads(line))
    return figures


def plain_executemany(source: Path, database: Path) -> tuple[int, float]:
    """The same rows, parsed beforehand, into the same table of a copy of the same database.

    Only the ``executemany`` calls (and the commit) are timed; the rows are parsed
    with the import's own row parser, 100,000 at a time, outside the clock.
    """
    from trusted_trader.services.importing.rows import match_headers, touch_point_row

    target = copy_of(database, "plain-executemany.sqlite")
    conn = sqlite3.connect(target, isolation_level=None)
    for pragma in ("foreign_keys = ON", "journal_mode = WAL", "synchronous = NORMAL"):
        conn.execute(f"PRAGMA {pragma}")
    partners = dict(conn.execute("SELECT ior_number, partner_id FROM partner_ior"))
    columns = ("partner_id", "occurred_on", "kind", "port_code", "entry_number", "hts_number",
               "agency", "outcome", "response_due", "closed_on", "notes")  # fmt: skip
    sql = (
        f"INSERT INTO touch_point ({', '.join(columns)}, version, created_at, updated_at) "
        f"VALUES ({', '.join('?' for _ in columns)}, 1, ?, ?)"
    )
    seconds = 0.0
    count = 0
    with source.open(newline="", encoding="utf-8") as handle:
        reader = csv.reader(handle)
        mapping = match_headers("touch-points", next(reader))
        conn.execute("BEGIN")
        while batch := [row for _, row in zip(range(100_000), reader, strict=False)]:
            rows = []
            for cells in batch:
                ior, values = touch_point_row({name: cells[i] for name, i in mapping.items()})
                values["partner_id"] = partners[ior]
                rows.append([_sql_value(values[c]) for c in columns] + ["now", "now"])
            started = time.perf_counter()
            conn.executemany(sql, rows)
            seconds += time.perf_counter() - started
            count += len(rows)
        started = time.perf_counter()
        conn.execute("COMMIT")
        seconds += time.perf_counter() - started
    conn.close()
    return count, seconds


def _sql_value(value: object) -> object:
    return value.isoformat() if isinstance(value, date) else value


def main() -> None:
    base = demo_database(10_000, 0)
    if sys.argv[1:2] == ["entries"]:
        import bench_import_entries

        bench_import_entries.main(sys.argv[2:], run_import, base)
        return
    rows = int(sys.argv[1]) if len(sys.argv) > 1 else 1_000_000
    source = make_csv(rows, base)
    print(f"CSV: {rows:,} touch points, {source.stat().st_size / 1e6:.0f} MB")
    plain_rows, plain_seconds = plain_executemany(source, base)
    plain_rate = plain_rows / plain_seconds
    print(f"plain sqlite3 executemany: {plain_seconds:.1f} s ({plain_rate:,.0f} rows/s)")
    target = copy_of(base, "import-bench.sqlite")
    figures = run_import(target, source)
    rate = figures["created"] / figures["seconds"]
    print(
        f"import: {figures['seconds']:.1f} s ({rate:,.0f} rows/s), "
        f"created {figures['created']:,.0f}, rejected {figures['rejected']:,.0f}, "
        f"peak RSS {figures['peak_mb']:.0f} MB (reader process {figures['reader_mb']:.0f} MB)"
    )
    print(
        f"import / plain throughput: {rate / plain_rate:.2f} (goal >= 0.33); memory goal < 500 MB"
    )
    again = run_import(target, source)
    print(
        f"re-import of the same file: {again['seconds']:.1f} s, unchanged "
        f"{again['unchanged']:,.0f}, created {again['created']:,.0f}, updated "
        f"{again['updated']:,.0f}, peak RSS {again['peak_mb']:.0f} MB "
        f"(reader process {again['reader_mb']:.0f} MB)"
    )
    print(
        f"re-import / first import time: {again['seconds'] / figures['seconds']:.2f} (goal <= 0.33)"
    )
    # On a busy machine the wall times depend on what else runs; the processor time of
    # each process (this one and the one reading the file for it) does less.
    for name, run in (("first import", figures), ("re-import", again)):
        print(
            f"  {name} processor time: importing process {run['cpu']:.1f} s, "
            f"reader process {run['reader_cpu']:.1f} s"
        )


if __name__ == "__main__":
    main()
