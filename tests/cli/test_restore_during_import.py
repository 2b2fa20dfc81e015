"""A restore started while an import runs in another process never loses the import.

Restore, import, revert, upgrade and backup take one lock before anything else, so
the restore's safety copy is taken either before the import began (and the import
then goes into the restored file) or after it committed (and holds its rows).
"""

from __future__ import annotations

import os
import shutil
import sqlite3
import subprocess
import sys
import time
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import pytest

TRIALS = 20
AT_ONCE = 4  # trials run side by side, each on its own files, to keep the test short
ROWS = 4000


# Each command waits, its modules loaded, for a line on stdin: the start-up of Python
# then does not blur how far apart the two really start.
READY_THEN_RUN = """
import sys
import trusted_trader.services.backups, trusted_trader.services.importing
from trusted_trader.cli import main
print("ready", flush=True)
sys.stdin.readline()
sys.exit(main(sys.argv[1:]))
"""


def cli(home: Path, *args: str) -> subprocess.Popen[str]:
    env = {**os.environ, "TRUSTED_TRADER_HOME": str(home)}
    process = subprocess.Popen(
        [sys.executable, "-c", READY_THEN_RUN, *args],
        env=env,
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    assert process.stdout is not None and process.stdout.readline() == "ready\n"
    return process


def go(process: subprocess.Popen[str]) -> None:
    assert process.stdin is not None
    process.stdin.write("go\n")
    process.stdin.flush()


def finished(process: subprocess.Popen[str]) -> tuple[int, str]:
    _out, err = process.communicate(timeout=300)
    return process.returncode, err


def iors(path: Path) -> set[str]:
    with sqlite3.connect(path) as conn:
        return {row[0] for row in conn.execute("SELECT ior_number FROM partner_ior")}


IMPORTED = {f"30-{n:07d}AB" for n in range(ROWS)}


def template(folder: Path) -> Path:
    """A small database, made once and copied for every trial."""
    from trusted_trader.services.demo import DemoSpec, load_demo
    from trusted_trader.services.store import open_store

    path = folder / "template.sqlite"
    store = open_store(f"sqlite:///{path}")
    with store.uow() as uow:
        load_demo(uow, DemoSpec(partners=3, touch_points=20))
        uow.commit()
    store.close()
    return path


def trial(folder: Path, original: Path, delay: float) -> str | None:
    """One import and one restore ``delay`` seconds later; what went wrong, or None."""
    home, database, backup = folder / "home", folder / "desk.sqlite", folder / "before.sqlite"
    source = folder / "partners.csv"
    source.write_text("name,ior_numbers\n" + "".join(f"Partner {i},{i}\n" for i in IMPORTED))
    shutil.copyfile(original, database)
    shutil.copyfile(original, backup)
    importing = cli(home, "--db", str(database), "import", "partners", str(source))
    restoring = cli(home, "--db", str(database), "db", "restore", str(backup))
    go(importing)
    time.sleep(delay)
    go(restoring)
    (import_status, import_err), (restore_status, restore_err) = (
        finished(importing),
        finished(restoring),
    )
    if import_status or restore_status:
        return f"exit {import_status}/{restore_status}: {import_err} {restore_err}"
    kept = sorted((home / "data" / "backups").glob("desk-*-before-restore.sqlite"))
    if IMPORTED.issubset(iors(database)) or (kept and IMPORTED.issubset(iors(kept[-1]))):
        return None
    return f"the import was lost (restore {delay:.2f} s after it)"


@pytest.mark.slow
def test_a_restore_during_an_import_keeps_the_import_in_the_safety_copy_or_the_result(
    tmp_path: Path,
) -> None:
    original = template(tmp_path)
    delays = [0.1 + 1.9 * n / (TRIALS - 1) for n in range(TRIALS)]
    folders = [tmp_path / f"trial-{n}" for n in range(TRIALS)]
    for folder in folders:
        folder.mkdir()
    with ThreadPoolExecutor(AT_ONCE) as pool:
        outcomes = list(pool.map(trial, folders, [original] * TRIALS, delays))
    assert [o for o in outcomes if o] == []
