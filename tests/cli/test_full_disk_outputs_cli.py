"""A backup, export or report that runs out of disk leaves nothing behind and says so."""

from __future__ import annotations

import resource
import signal
import subprocess
import sys
from pathlib import Path

import pytest

from trusted_trader.services.demo import DemoSpec, load_demo
from trusted_trader.services.store import open_store

LIMIT = 40 * 1024  # bytes any one file may grow to: less than each output, more than -shm

COMMANDS = {
    "db backup": ["db", "backup", "OUT.sqlite"],
    "export csv": ["export", "touch-points", "OUT.csv"],
    "export xlsx": ["export", "touch-points", "OUT.xlsx"],
    "report": ["report", "portfolio", "--center", "ELEC", "-o", "OUT.pdf"],
}


def full_disk() -> None:
    signal.signal(signal.SIGXFSZ, signal.SIG_IGN)
    resource.setrlimit(resource.RLIMIT_FSIZE, (LIMIT, LIMIT))


@pytest.fixture(scope="module")
def desk(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("desk") / "desk.sqlite"
    store = open_store(f"sqlite:///{path}")
    with store.uow() as uow:
        load_demo(uow, DemoSpec(partners=20, touch_points=3000))
        uow.commit()
    store.close()
    return path


@pytest.mark.parametrize("command", list(COMMANDS))
def test_an_output_cut_short_by_a_full_disk_is_removed_with_one_line(
    desk: Path, tmp_path: Path, command: str
) -> None:
    out = tmp_path / "out"
    out.mkdir()
    argv = [w.replace("OUT", str(out / "file")) for w in COMMANDS[command]]
    done = subprocess.run(
        [sys.executable, "-m", "trusted_trader", "--db", str(desk), *argv],
        capture_output=True,
        text=True,
        check=False,
        timeout=120,
        preexec_fn=full_disk,
    )
    assert done.returncode == 1, done.stderr
    assert len(done.stderr.strip().splitlines()) == 1, done.stderr
    assert "full" in done.stderr
    assert list(out.iterdir()) == []
