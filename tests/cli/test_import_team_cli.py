"""``trusted-trader --db URL import`` as a team member: a 100,000-row file, refusals named."""

from __future__ import annotations

import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest
from pg_server import PostgresServer
from team_import_world import IORS, TeamWorld, team_world, touch_points

pytestmark = pytest.mark.postgres
ROWS = 100_000


@pytest.fixture
def world(postgres_server: PostgresServer) -> Iterator[TeamWorld]:
    yield from team_world(postgres_server)


def cli(world: TeamWorld, who: str, *args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "trusted_trader", "--db", world.url(who), *args],
        capture_output=True,
        text=True,
        timeout=600,
    )


@pytest.mark.slow
@pytest.mark.parametrize(("who", "partners"), [("ann", ["ann"]), ("dir", ["ann", "bob"])])
def test_a_member_imports_a_hundred_thousand_rows_from_the_command_line(
    world: TeamWorld, tmp_path: Path, who: str, partners: list[str]
) -> None:
    path = touch_points(tmp_path / "big.csv", partners, ROWS // len(partners))
    done = cli(world, who, "import", "touch-points", str(path))
    assert done.returncode == 0, done.stderr
    assert f"{ROWS:,} created" in done.stdout and "Traceback" not in done.stderr
    assert world.count("touch_point") == ROWS
    again = cli(world, who, "import", "touch-points", str(path))
    assert f"{ROWS:,} unchanged" in again.stdout
    batch = done.stdout.split("#", 1)[1].split()[0]
    reverted = cli(world, who, "import", "revert", batch)
    assert reverted.returncode == 0, reverted.stderr
    assert f"{ROWS:,} record(s) deleted" in reverted.stdout
    assert world.count("touch_point") == 0


def test_a_members_rows_for_a_colleagues_partner_are_named_on_the_command_line(
    world: TeamWorld, tmp_path: Path
) -> None:
    path = touch_points(tmp_path / "mixed.csv", ["ann", "bob"], 20)
    refused = cli(world, "ann", "import", "touch-points", str(path))
    assert refused.returncode == 1
    assert f"partner {IORS['bob']} belongs to another Account Executive" in refused.stderr
    assert "Nothing was imported: 20 row(s) rejected" in refused.stderr
    assert "Traceback" not in refused.stderr and "something went wrong" not in refused.stderr
    assert world.count("touch_point") == 0
    partial = cli(world, "ann", "import", "touch-points", str(path), "--partial")
    assert "20 created" in partial.stdout and "20 rejected" in partial.stdout
    assert world.count("touch_point", "ann") == 20 and world.count("touch_point", "bob") == 0
