"""The database, its journals, backups and logs are readable by the owner only."""

from __future__ import annotations

import os
import stat
from collections.abc import Iterator
from pathlib import Path

import pytest

from trusted_trader.errors import write_bug_report
from trusted_trader.services import backups
from trusted_trader.services.store import open_store

pytestmark = pytest.mark.skipif(os.name != "posix", reason="file modes are POSIX")


def mode(path: Path) -> int:
    return stat.S_IMODE(path.stat().st_mode)


@pytest.fixture(autouse=True)
def permissive_umask() -> Iterator[None]:
    """A umask that would make files world-readable unless the app says otherwise."""
    previous = os.umask(0o022)
    yield
    os.umask(previous)


def test_the_database_and_its_journals_are_owner_only(tmp_path: Path) -> None:
    path = tmp_path / "private.sqlite"
    store = open_store(f"sqlite:///{path}")
    with store.uow() as uow:
        uow.connection.exec_driver_sql("SELECT count(*) FROM partner").all()
        journals = [path.with_name(path.name + s) for s in ("-wal", "-shm")]
        assert all(j.exists() for j in journals)
        assert [mode(p) for p in (path, *journals)] == [0o600, 0o600, 0o600]
    store.close()


def test_backups_and_their_folder_are_owner_only(store: object) -> None:
    target = backups.backup_now(store, "manual")  # type: ignore[arg-type]
    assert mode(target) == 0o600
    assert mode(target.parent) == 0o700


def test_the_log_is_owner_only(app_home: Path) -> None:
    try:
        raise RuntimeError("unexpected")
    except RuntimeError as exc:
        log_file = Path(write_bug_report(exc))
    assert log_file.is_relative_to(app_home)
    assert mode(log_file) == 0o600
