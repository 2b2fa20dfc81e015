"""Two instances on the same file write alongside each other safely (WAL + busy timeout).

A unit of work that read before another instance committed cannot then write
(SQLite refuses to build on a stale snapshot); it fails with the clear
"in use" message and nothing of it is kept. Trying again, as the user would,
succeeds. Every write is then in the file exactly once, and the file is whole.
"""

from __future__ import annotations

import os
import sqlite3
import subprocess
import sys
from pathlib import Path

WRITER = """
import sys
from datetime import date
from trusted_trader.services.store import open_store
from trusted_trader.services.touch_points import TouchPointInput, record_touch_point
from trusted_trader.store.errors import DatabaseBusy

store = open_store("sqlite:///" + sys.argv[1], actor=sys.argv[2])
busy = 0
for n in range(int(sys.argv[3])):
    while True:
        try:
            with store.uow() as uow:
                record_touch_point(uow, 1, TouchPointInput(date(2026, 2, 1 + n % 28), "cf28"))
                uow.commit()
            break
        except DatabaseBusy as exc:
            assert "in use" in str(exc)
            busy += 1
store.close()
print(busy)
"""


def test_two_processes_writing_at_once_lose_nothing(database_file: Path, tmp_path: Path) -> None:
    env = {**os.environ, "TRUSTED_TRADER_HOME": str(tmp_path / "home")}
    writes = 150
    writers = [
        subprocess.Popen(
            [sys.executable, "-c", WRITER, str(database_file), who, str(writes)],
            env=env,
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
        )
        for who in ("first@cbp.dhs.gov", "second@cbp.dhs.gov")
    ]
    for writer in writers:
        _out, err = writer.communicate(timeout=120)
        assert writer.returncode == 0, err
    with sqlite3.connect(database_file) as conn:
        assert conn.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
        kinds = dict(conn.execute("SELECT kind, count(*) FROM touch_point GROUP BY kind"))
        actors = dict(
            conn.execute(
                "SELECT actor, count(*) FROM audit_log WHERE table_name = 'touch_point' "
                "AND action = 'create' GROUP BY actor"
            )
        )
    assert kinds["cf28"] == 2 * writes
    assert actors["first@cbp.dhs.gov"] == writes
    assert actors["second@cbp.dhs.gov"] == writes
