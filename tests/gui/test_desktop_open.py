"""Opening the store for the window loads, on its one thread, what the dashboard reads with."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

OPEN_AND_LIST = (
    "import sys; from trusted_trader.app import open_for_desktop; "
    "open_for_desktop(sys.argv[1], ''); "
    "print(sorted(m for m in sys.modules if m in sys.argv[2:]))"
)
NEEDED = ["trusted_trader.services.analytics", "trusted_trader.services.deadlines"]


def test_opening_the_store_imports_the_services_the_dashboards_parallel_reads_use(
    tmp_path: Path,
) -> None:
    # Two worker threads importing one cycle of modules at once can each meet the other's
    # half-made module; the dashboard's reads run side by side, so these must be loaded.
    env = {
        **os.environ,
        "PYTHONPATH": str(Path(__file__).resolve().parents[2]),
        "TRUSTED_TRADER_HOME": str(tmp_path / "home"),
    }
    out = subprocess.run(
        [sys.executable, "-c", OPEN_AND_LIST, f"sqlite:///{tmp_path / 'tt.sqlite'}", *NEEDED],
        check=True,
        capture_output=True,
        text=True,
        env=env,
    ).stdout
    assert out.strip() == str(NEEDED)
