"""Benchmark: import 1,000,000 ACE entry summary lines against plain sqlite3 executemany.

About 400,000 entries of 1–5 lines each, valid check digits, for the 10,000-partner
demo database. Prints the import's throughput beside a bare ``executemany`` of the
same entries (parsed and folded beforehand; only ``executemany`` and the commit are
timed) in the same run, the peak memory of the import process and of its reader
process, and the time of importing the unchanged file again. Goals: at least half the
plain throughput, under 500 MB each, the unchanged re-import at least 3x faster.

    .venv/bin/python tests/benchmarks/bench_import.py entries [LINES]
"""

from __future__ import annotations

import csv
import random
import sqlite3
import time
from datetime import date, timedelta
from pathlib import Path
from typing import Any

from common import CACHE, copy_of

from trusted_trader.domain.identifiers import entry_check_digit

HEADERS = ["Entry Summary Number", "Importer Number", "Entry Date", "Entry Summary Date",
           "Port Code", "HTS Number", "Line Number", "Line Goods Value Amount"]  # fmt: skip
PORTS = ("0101", "2704", "3901", "5301", "1001", "2809")
SIZES, WEIGHTS = (1, 2, 3, 4, 5), (30, 25, 20, 15, 10)  # lines of an entry: 2.5 on average
HTS = ("8471300100", "8517620090", "6110202079", "9403600080", "3004909290", "8708295060")


def entry_number(n: int) -> str:
    """The n-th entry of the file: filer code BN0.., a 7-digit serial, CBP's check digit."""
    digits = f"BN{n // 10_000_000}{n % 10_000_000:07d}"
    return f"{digits[:3]}-{digits[3:]}-{entry_check_digit(digits)}"


def make_entries_csv(lines: int, database: Path) -> Path:
    """Entry summary lines of the demo's partners, an entry's lines one after another."""
    path = CACHE / f"entry-lines-2.5-{lines}.csv"  # 2.5 lines an entry on average
    if path.exists():
        return path
    with sqlite3.connect(database) as conn:
        sql = "SELECT min(ior_number) FROM partner_ior GROUP BY partner_id"
        iors = [r[0] for r in conn.execute(sql)]
    rng = random.Random(11)
    start = date(2024, 1, 1)
    written = 0
    n = 0
    with path.open("w", newline="", encoding="utf-8") as handle:
        writer = csv.writer(handle)
        writer.writerow(HEADERS)
        while written < lines:
            count = min(rng.choices(SIZES, WEIGHTS)[0], lines - written)
            day = start + timedelta(days=rng.randrange(1000))
            summary = (day + timedelta(days=rng.randrange(10))).isoformat()
            ior, port, number = rng.choice(iors), rng.choice(PORTS), entry_number(n)
            for line in range(1, count + 1):
                value = f"{rng.randrange(100, 500_000)}.{rng.randrange(100):02d}"
                hts = rng.choice(HTS)
                writer.writerow([number, ior, day.isoformat(), summary, port, hts, line, value])
            written += count
            n += 1
    return path


def folded_entries(source: Path, partners: dict[str, int]) -> list[list[Any]]:
    """The file's entries as the import stores them, by its own row rules (not timed)."""
    from trusted_trader.services.importing.rows import entry_row, match_headers

    entries: dict[str, list[Any]] = {}
    with source.open(newline="", encoding="utf-8") as handle:
        reader = csv.reader(handle)
        mapping = match_headers("entries", next(reader))
        for cells in reader:
            ior, v = entry_row({name: cells[i] for name, i in mapping.items()})
            entry = v["entry_number"]
            found = entries.get(entry)
            if found is None:
                entries[entry] = [partners[ior], entry, ior, entry[:3], v["entry_date"].isoformat(),
                                  v["summary_date"].isoformat(), v["month"].isoformat(),
                                  v["port_code"], v["lines"], v["entered_value_usd"],
                                  {v["hts_number"]}]  # fmt: skip
            else:
                found[8] += v["lines"]
                found[9] += v["entered_value_usd"]
                found[10].add(v["hts_number"])
    rows = []
    for row in entries.values():
        row[9] = round(row[9], 2)
        row[10] = " ".join(sorted(row[10]))
        rows.append(row)
    return rows


def plain_executemany(source: Path, database: Path) -> tuple[int, float]:
    """The same entries into the same table of a copy of the database: only executemany
    and the commit are timed."""
    target = copy_of(database, "plain-entries.sqlite")
    conn = sqlite3.connect(target, isolation_level=None)
    for pragma in ("foreign_keys = ON", "journal_mode = WAL", "synchronous = NORMAL"):
        conn.execute(f"PRAGMA {pragma}")
    partners = dict(conn.execute("SELECT ior_number, partner_id FROM partner_ior"))
    rows = folded_entries(source, partners)
    columns = ("partner_id", "entry_number", "ior_number", "filer_code", "entry_date",
               "summary_date", "month", "port_code", "lines", "entered_value_usd",
               "hts_numbers")  # fmt: skip
    sql = (
        f"INSERT INTO customs_entry ({', '.join(columns)}, version, created_at, updated_at) "
        f"VALUES ({', '.join('?' for _ in columns)}, 1, 'now', 'now')"
    )
    started = time.perf_counter()
    conn.execute("BEGIN")
    conn.executemany(sql, rows)
    conn.execute("COMMIT")
    seconds = time.perf_counter() - started
    conn.close()
    return len(rows), seconds


def main(arguments: list[str], run_import: Any, base: Path) -> None:
    lines = int(arguments[0]) if arguments else 1_000_000
    source = make_entries_csv(lines, base)
    print(f"CSV: {lines:,} entry summary lines, {source.stat().st_size / 1e6:.0f} MB")
    entries, plain_seconds = plain_executemany(source, base)
    plain_rate = entries / plain_seconds
    print(f"plain sqlite3 executemany: {entries:,} entries in {plain_seconds:.2f} s "
          f"({plain_rate:,.0f} entries/s)")  # fmt: skip
    target = copy_of(base, "import-entries-bench.sqlite")
    first = run_import(target, source, "entries")
    rate = first["created"] / first["seconds"]
    print(
        f"import: {first['seconds']:.1f} s ({rate:,.0f} entries/s, "
        f"{lines / first['seconds']:,.0f} lines/s), created {first['created']:,.0f}, "
        f"rejected {first['rejected']:,.0f}, peak RSS {first['peak_mb']:.0f} MB "
        f"(reader process {first['reader_mb']:.0f} MB)"
    )
    print(
        f"import / plain throughput: {rate / plain_rate:.2f} by entries, "
        f"{lines / first['seconds'] / plain_rate:.2f} lines/s against entries/s "
        "(goal >= 0.5); memory goal < 500 MB"
    )
    again = run_import(target, source, "entries")
    print(
        f"re-import of the same file: {again['seconds']:.1f} s, unchanged "
        f"{again['unchanged']:,.0f}, peak RSS {again['peak_mb']:.0f} MB (reader process "
        f"{again['reader_mb']:.0f} MB); first / again: {first['seconds'] / again['seconds']:.1f}x "
        "(goal >= 3)"
    )
    # Two processes on a shared machine: their processor times say more than the wall time.
    for name, run in (("first import", first), ("re-import", again)):
        print(
            f"  {name} processor time: importing process {run['cpu']:.1f} s, "
            f"reader process {run['reader_cpu']:.1f} s"
        )
