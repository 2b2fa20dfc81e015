"""Backup, restore and the daily backup on open, on the 10,000-partner / 1M touch-point database.

Run: ``.venv/bin/python tests/benchmarks/bench_backups.py``. Works on a private
copy and a temporary data folder; prints seconds (median of 3).
"""

from __future__ import annotations

import os
import shutil
import tempfile
from pathlib import Path

from common import copy_of, demo_database, median_time


def main() -> None:
    home = tempfile.mkdtemp(prefix="tt-bench-backups-")
    os.environ["TRUSTED_TRADER_HOME"] = home
    from trusted_trader.services import backups
    from trusted_trader.services.store import open_store

    path = copy_of(demo_database(), "bench-backups.sqlite")
    size_mb = path.stat().st_size / 1e6
    store = open_store(f"sqlite:///{path}")
    made: list[Path] = []
    backup = median_time(lambda: made.append(backups.backup_now(store)), repeat=3)
    restore = median_time(lambda: backups.restore_backup(store, made[0]), repeat=3)
    store.close()
    for backup_file in backups.list_backups():
        backup_file.path.unlink()
    first_open = median_time(lambda: _open_fresh_day(path), repeat=3)
    later_open = median_time(lambda: open_store(f"sqlite:///{path}").close(), repeat=3)
    print(f"database {size_mb:.0f} MB")
    print(f"backup_now            {backup:.2f} s")
    print(f"restore_backup        {restore:.2f} s  (includes the safety backup and quick_check)")
    print(f"open + daily backup   {first_open:.2f} s")
    print(f"open, backup not due  {later_open:.2f} s")
    path.unlink()
    shutil.rmtree(home)


def _open_fresh_day(path: Path) -> None:
    from trusted_trader.services import backups
    from trusted_trader.services.store import open_store

    for backup_file in backups.list_backups():
        backup_file.path.unlink()
    open_store(f"sqlite:///{path}").close()


if __name__ == "__main__":
    main()
