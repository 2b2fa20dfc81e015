"""A database from the first release opens upgraded, with every record kept and a backup made."""

from __future__ import annotations

import shutil
import sqlite3
from pathlib import Path

import pytest

from trusted_trader.services import backups
from trusted_trader.services.store import open_store
from trusted_trader.store.migrate import head_revision

FIXTURE = Path(__file__).parents[1] / "fixtures" / "schema-0001.sqlite"


def snapshot(path: Path) -> dict[str, object]:
    with sqlite3.connect(path) as conn:
        return {
            "revision": conn.execute("SELECT version_num FROM alembic_version").fetchone()[0],
            "partners": conn.execute("SELECT count(*) FROM partner").fetchone()[0],
            "touch_points": conn.execute("SELECT count(*) FROM touch_point").fetchone()[0],
            "audit": conn.execute("SELECT count(*) FROM audit_log").fetchone()[0],
            "names": [r[0] for r in conn.execute("SELECT legal_name FROM partner ORDER BY id")],
            "iors": [r[0] for r in conn.execute("SELECT ior_number FROM partner_ior ORDER BY id")],
            "kinds": conn.execute(
                "SELECT group_concat(kind, ',') FROM (SELECT kind FROM touch_point ORDER BY id)"
            ).fetchone()[0],
        }


@pytest.fixture
def old_file(tmp_path: Path) -> Path:
    path = tmp_path / "desk.sqlite"
    shutil.copyfile(FIXTURE, path)
    return path


def test_the_fixture_is_at_the_first_revision() -> None:
    assert snapshot(FIXTURE)["revision"] == "0001"


def test_opening_a_first_release_file_upgrades_it_without_losing_data(old_file: Path) -> None:
    before = snapshot(old_file)
    store = open_store(f"sqlite:///{old_file}")
    store.close()
    after = snapshot(old_file)
    assert after["revision"] == head_revision()
    assert {k: v for k, v in after.items() if k != "revision"} == {
        k: v for k, v in before.items() if k != "revision"
    }
    assert "Müller & Söhne Trading GmbH" in after["names"]  # type: ignore[operator]


def test_the_upgrade_is_preceded_by_a_backup_of_the_old_file(old_file: Path) -> None:
    before = snapshot(old_file)
    open_store(f"sqlite:///{old_file}").close()
    made = [b for b in backups.list_backups("desk") if b.reason == "before-upgrade-from-0001"]
    assert len(made) == 1
    assert snapshot(made[0].path) == before


def test_the_upgraded_file_has_an_append_only_audit_log(old_file: Path) -> None:
    open_store(f"sqlite:///{old_file}").close()
    with sqlite3.connect(old_file) as conn:
        with pytest.raises(sqlite3.IntegrityError, match="append-only"):
            conn.execute("UPDATE audit_log SET actor = 'someone else'")
        with pytest.raises(sqlite3.IntegrityError, match="append-only"):
            conn.execute("DELETE FROM audit_log")
        assert conn.execute("SELECT count(*) FROM audit_log").fetchone()[0] == 1
