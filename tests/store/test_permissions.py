"""A file the user may not read or write: one clear line, the file untouched.

The tests run as root, and root ignores file modes. They therefore run the
command line in a process without the capabilities that let root override
modes (CAP_DAC_OVERRIDE, CAP_DAC_READ_SEARCH), as an ordinary user would be.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path

import pytest

DROP = "-dac_override,-dac_read_search"


def as_ordinary_user(*args: str, home: Path) -> subprocess.CompletedProcess[str]:
    command = [sys.executable, "-m", "trusted_trader", *args]
    if os.geteuid() == 0:
        if shutil.which("setpriv") is None:
            pytest.skip("root ignores file modes and setpriv is missing to drop that power")
        command = ["setpriv", f"--bounding-set={DROP}", f"--inh-caps={DROP}", *command]
    env = {**os.environ, "TRUSTED_TRADER_HOME": str(home)}
    return subprocess.run(command, capture_output=True, text=True, timeout=60, env=env)


@pytest.fixture
def check_allowed(tmp_path: Path) -> None:
    result = as_ordinary_user("--version", home=tmp_path / "home")
    if result.returncode != 0:
        pytest.skip(f"cannot run as an ordinary user here: {result.stderr.strip()}")


@pytest.mark.parametrize(("mode", "what"), [(0o000, "no access"), (0o400, "read only")])
def test_a_file_without_permission_gives_one_line_and_is_untouched(
    database_file: Path, tmp_path: Path, check_allowed: None, mode: int, what: str
) -> None:
    before = database_file.read_bytes()
    database_file.chmod(mode)
    result = as_ordinary_user("--db", str(database_file), "db", "check", home=tmp_path / "home")
    database_file.chmod(0o600)
    assert result.returncode == 1, what
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1, result.stderr
    assert "may not read and write" in lines[0]
    assert str(database_file) in lines[0]
    assert "Traceback" not in result.stderr
    assert database_file.read_bytes() == before


def test_a_folder_without_write_permission_is_refused(
    tmp_path: Path, check_allowed: None, database_maker: Callable[..., Path]
) -> None:
    locked = tmp_path / "locked"
    locked.mkdir()
    database_file = database_maker(locked / "work.sqlite")
    locked.chmod(0o500)
    try:
        result = as_ordinary_user("--db", str(database_file), "db", "check", home=tmp_path / "h")
    finally:
        locked.chmod(0o700)
    assert result.returncode == 1
    assert "may not write in the folder" in result.stderr
    assert "Traceback" not in result.stderr
