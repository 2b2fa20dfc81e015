"""``db copy --from FILE`` only reads FILE: no upgrade in place, no copy left beside it."""

from __future__ import annotations

import hashlib
import os
import shutil
from pathlib import Path

import pytest

from trusted_trader.cli import main
from trusted_trader.services.partners import PartnerInput, create_partner
from trusted_trader.services.store import open_store

OLD_SCHEMA = Path(__file__).parents[1] / "fixtures" / "schema-0001.sqlite"
LONG_AGO = 1_000_000_000  # an mtime any write would move


def current_file(folder: Path) -> Path:
    path = folder / "desk.sqlite"
    store = open_store(f"sqlite:///{path}", actor="ae@cbp.dhs.gov")
    with store.uow() as uow:
        create_partner(uow, PartnerInput("Acme Imports", "12-3456789AB"))
        uow.commit()
    store.close()
    return path


def old_file(folder: Path) -> Path:
    path = folder / "old.sqlite"
    shutil.copyfile(OLD_SCHEMA, path)
    return path


def state(source: Path) -> tuple[str, int, int]:
    info = source.stat()
    return hashlib.sha256(source.read_bytes()).hexdigest(), info.st_mtime_ns, info.st_mode


@pytest.mark.postgres
@pytest.mark.parametrize("make", [current_file, old_file], ids=["current schema", "schema 0001"])
def test_a_copied_file_is_left_byte_for_byte_as_it_was(
    make: object, pg_url: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    folder = tmp_path / "source"
    folder.mkdir()
    source = make(folder)  # type: ignore[operator]
    os.utime(source, (LONG_AGO, LONG_AGO))
    before, names = state(source), {p.name for p in folder.iterdir()}
    assert main(["db", "copy", "--from", str(source), "--to", pg_url]) == 0, capsys.readouterr()
    assert "Copied" in capsys.readouterr().out
    assert state(source) == before
    # No copy left beside it (SQLite's own -wal and -shm of a reader are no copy).
    left = {p.name for p in folder.iterdir() if not p.name.endswith(("-wal", "-shm"))}
    assert left <= names
