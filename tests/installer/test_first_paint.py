"""The window paints before any numeric library is loaded (the source run of the launcher)."""

from __future__ import annotations

import os
import re
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
FIRST_PAINT = re.compile(r"^first paint: (?P<at>[\d.]+) loaded: (?P<loaded>.*)$", re.MULTILINE)


def test_the_window_paints_before_numpy_or_scipy_is_imported(tmp_path: Path) -> None:
    env = {
        **os.environ,
        "QT_QPA_PLATFORM": "offscreen",
        "TRUSTED_TRADER_HOME": str(tmp_path),
        "TRUSTED_TRADER_SMOKE": "1",
    }
    env.pop("TRUSTED_TRADER_DB", None)
    started = time.time()

    result = subprocess.run(
        [sys.executable, str(ROOT / "installer" / "launcher.py")],
        env=env,
        capture_output=True,
        text=True,
        timeout=180,
        check=False,
    )

    assert result.returncode == 0, result.stderr
    found = FIRST_PAINT.search(result.stdout)
    assert found, result.stdout
    assert found["loaded"] == "-"
    assert 0 < float(found["at"]) - started < 60
