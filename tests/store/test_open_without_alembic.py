"""Opening a database already at the head never imports Alembic (a tenth of a second)."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

from alembic.script import ScriptDirectory

from trusted_trader.store.migrate import alembic_config, open_database, script_revisions

OPEN_AND_REPORT = (
    "import sys; from trusted_trader.store.migrate import open_database; "
    "open_database(sys.argv[1]).dispose(); print('alembic' in sys.modules)"
)


def _opens_with_alembic(url: str) -> bool:
    env = {**os.environ, "PYTHONPATH": str(Path(__file__).resolve().parents[2])}
    out = subprocess.run(
        [sys.executable, "-c", OPEN_AND_REPORT, url],
        check=True,
        capture_output=True,
        text=True,
        env=env,
    ).stdout
    return out.strip() == "True"


def test_the_scripts_revision_lines_name_alembics_own_revisions_and_head() -> None:
    scripts = ScriptDirectory.from_config(alembic_config())
    known, head = script_revisions()
    assert known == {rev.revision for rev in scripts.walk_revisions()}
    assert head == scripts.get_current_head()


def test_a_database_at_the_head_opens_without_importing_alembic(tmp_path: Path) -> None:
    url = f"sqlite:///{tmp_path / 'tt.sqlite'}"
    open_database(url).dispose()
    assert not _opens_with_alembic(url)


def test_a_database_behind_the_head_is_still_upgraded(tmp_path: Path) -> None:
    import sqlite3

    from alembic import command
    from sqlalchemy import create_engine

    path = tmp_path / "old.sqlite"
    engine = create_engine(f"sqlite:///{path}")
    with engine.begin() as conn:
        command.upgrade(alembic_config(conn), "0007")
    engine.dispose()
    assert _opens_with_alembic(f"sqlite:///{path}")
    with sqlite3.connect(path) as conn:
        stored = conn.execute("SELECT version_num FROM alembic_version").fetchone()[0]
    assert stored == script_revisions()[1]
