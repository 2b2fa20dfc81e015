"""Hostile output paths: no command writes through a link, onto a device, a pipe, the open
database or its journal, into a folder, or over an existing file without --overwrite.

Each row is one command writing a file, crossed with one place it must not write to:
the command is refused with one line, exits 1 or 2, and the place is as it was.
"""

from __future__ import annotations

import hashlib
import os
import stat
import subprocess
import sys
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import pytest

from trusted_trader.cli import main

IOR = "12-3456789AB"

# The commands that write a file; FILE stands for the output path (its extension is added).
COMMANDS: dict[str, tuple[str, list[str]]] = {
    "import --errors": (".csv", ["import", "partners", "{source}", "--errors", "FILE"]),
    "export csv": (".csv", ["export", "partners", "FILE"]),
    "export xlsx": (".xlsx", ["export", "touch-points", "FILE"]),
    "export ics": (".ics", ["export", "deadlines", "FILE"]),
    "report portfolio": (".pdf", ["report", "portfolio", "--center", "ELEC", "-o", "FILE"]),
    "report plan": (".pdf", ["report", "plan", "--partner", IOR, "-o", "FILE"]),
    "db backup": (".sqlite", ["db", "backup", "FILE"]),
}


@dataclass
class Desk:
    folder: Path
    database: Path
    source: Path  # an import file with one rejected row

    def argv(self, command: str, target: Path, overwrite: bool) -> list[str]:
        words = COMMANDS[command][1]
        argv = ["--db", str(self.database)]
        argv += [str(target) if w == "FILE" else w.format(source=self.source) for w in words]
        return [*argv, "--overwrite"] if overwrite else argv


@pytest.fixture
def desk(tmp_path: Path) -> Desk:
    from trusted_trader.domain.periods import parse_month_range
    from trusted_trader.services import partners, plans
    from trusted_trader.services.store import open_store

    database = tmp_path / "desk.sqlite"
    store = open_store(f"sqlite:///{database}", actor="ae@cbp.dhs.gov")
    with store.uow() as uow:
        partner = partners.create_partner(uow, partners.PartnerInput("Acme Imports", IOR))
        plans.create_plan(
            uow,
            partner.id,
            plans.PlanInput(
                parse_month_range("2026-01:2026-12"), parse_month_range("2025-01:2025-12")
            ),
        )
        uow.commit()
    store.close()
    source = tmp_path / "partners.csv"
    source.write_text("name,ior_numbers\nGood Co,22-2222222AB\nBad Co,not-an-ior\n")
    return Desk(tmp_path, database, source)


def digest(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


# -- the places: each makes its target and returns a check that it is as it was -------------

Check = Callable[[], None]


def existing(desk: Desk, ext: str) -> tuple[Path, Check]:
    target = desk.folder / f"existing{ext}"
    target.write_bytes(b"keep me")
    return target, lambda: _same_bytes(target, b"keep me")


def symlink(desk: Desk, ext: str) -> tuple[Path, Check]:
    victim = desk.folder / "victim.txt"
    victim.write_bytes(b"not yours")
    victim.chmod(0o644)
    link = desk.folder / f"link{ext}"
    link.symlink_to(victim)

    def check() -> None:
        assert link.is_symlink()
        _same_bytes(victim, b"not yours")
        assert stat.S_IMODE(victim.stat().st_mode) == 0o644

    return link, check


def dev_null(_desk: Desk, _ext: str) -> tuple[Path, Check]:
    target = Path("/dev/null")
    before = os.stat(target)
    return target, lambda: _same_node(target, before)


def fifo(desk: Desk, ext: str) -> tuple[Path, Check]:
    target = desk.folder / f"pipe{ext}"
    os.mkfifo(target)
    return target, lambda: _same_node(target, os.stat(target), fifo=True)


def open_database(desk: Desk, _ext: str) -> tuple[Path, Check]:
    before = digest(desk.database)
    return desk.database, lambda: _database_kept(desk, before)


def its_wal(desk: Desk, _ext: str) -> tuple[Path, Check]:
    before = digest(desk.database)
    target = desk.database.with_name(desk.database.name + "-wal")

    def check() -> None:
        assert not target.exists() or target.read_bytes()[:4] != b"SQLi"
        _database_kept(desk, before)

    return target, check


def directory(desk: Desk, ext: str) -> tuple[Path, Check]:
    target = desk.folder / f"folder{ext}"
    target.mkdir()
    return target, lambda: _empty_folder(target)


def unwritable_folder(desk: Desk, ext: str) -> tuple[Path, Check]:
    # A folder nobody may create files in, not even root (who ignores a folder's mode).
    target = Path(f"/proc/trusted-trader-out{ext}")
    if os.geteuid() != 0:
        locked = desk.folder / "locked"
        locked.mkdir(mode=0o500)
        target = locked / f"out{ext}"
    return target, lambda: _absent(target)


PLACES = {
    "existing file": existing,
    "symlink": symlink,
    "/dev/null": dev_null,
    "FIFO": fifo,
    "the open database": open_database,
    "its -wal": its_wal,
    "a directory": directory,
    "an unwritable folder": unwritable_folder,
}


def _same_bytes(path: Path, data: bytes) -> None:
    assert path.read_bytes() == data


def _same_node(path: Path, before: os.stat_result, fifo: bool = False) -> None:
    after = os.stat(path)
    assert (after.st_mode, after.st_ino, after.st_uid) == (
        before.st_mode,
        before.st_ino,
        before.st_uid,
    )
    assert stat.S_ISFIFO(after.st_mode) if fifo else stat.S_ISCHR(after.st_mode)


def _database_kept(desk: Desk, before: str) -> None:
    import sqlite3

    assert digest(desk.database) == before
    with sqlite3.connect(desk.database) as conn:
        assert conn.execute("SELECT count(*) FROM partner").fetchone()[0] == 1


def _empty_folder(path: Path) -> None:
    assert path.is_dir() and not list(path.iterdir())


def _absent(path: Path) -> None:
    assert not path.exists()


def _no_partials(folder: Path) -> None:
    assert not [p.name for p in folder.iterdir() if p.name.endswith(".partial")]


CASES = [
    pytest.param(command, place, overwrite, id=f"{command}-{place}{'-overwrite' * overwrite}")
    for command in COMMANDS
    for place in PLACES
    for overwrite in (False, True)
    if not (place == "existing file" and overwrite)  # replacing it is then what was asked
]


@pytest.mark.parametrize(("command", "place", "overwrite"), CASES)
def test_an_output_path_that_must_not_be_written_is_refused_and_left_as_it_was(
    desk: Desk, command: str, place: str, overwrite: bool, capsys: pytest.CaptureFixture[str]
) -> None:
    target, unchanged = PLACES[place](desk, COMMANDS[command][0])
    argv = desk.argv(command, target, overwrite)
    if place == "FIFO":  # a regression would block on the pipe: run it where it can time out
        done = subprocess.run(
            [sys.executable, "-m", "trusted_trader", *argv],
            capture_output=True,
            text=True,
            timeout=60,
            check=False,
        )
        status, err = done.returncode, done.stderr
    else:
        status = main(argv)
        err = capsys.readouterr().err
    assert status in (1, 2), err
    lines = err.strip().splitlines()
    assert len(lines) == 1, err
    assert "went wrong" not in err
    unchanged()
    _no_partials(desk.folder)
    if command == "import --errors":
        _database_kept_partners(desk)


def _database_kept_partners(desk: Desk) -> None:
    import sqlite3

    with sqlite3.connect(desk.database) as conn:
        assert conn.execute("SELECT count(*) FROM partner").fetchone()[0] == 1
        assert conn.execute("SELECT count(*) FROM import_batch").fetchone()[0] == 0


@pytest.mark.parametrize("command", list(COMMANDS))
def test_every_output_command_writes_a_new_owner_only_file_and_replaces_one_on_request(
    desk: Desk, command: str, capsys: pytest.CaptureFixture[str]
) -> None:
    target = desk.folder / f"out{COMMANDS[command][0]}"
    expected = 1 if command == "import --errors" else 0  # that one rejects a row
    assert main(desk.argv(command, target, overwrite=False)) == expected
    assert stat.S_IMODE(target.stat().st_mode) == 0o600
    first = target.stat().st_ino
    capsys.readouterr()
    assert main(desk.argv(command, target, overwrite=False)) in (1, 2)
    assert "already exists" in capsys.readouterr().err
    assert target.stat().st_ino == first
    assert main(desk.argv(command, target, overwrite=True)) == expected
    assert stat.S_IMODE(target.stat().st_mode) == 0o600
    assert target.stat().st_ino != first  # a new file renamed into place, not rewritten
    _no_partials(desk.folder)


def test_a_second_import_keeps_the_first_error_file_and_writes_the_next_free_name(
    desk: Desk, capsys: pytest.CaptureFixture[str]
) -> None:
    argv = ["--db", str(desk.database), "import", "partners", str(desk.source)]
    first = desk.folder / "partners-errors.csv"
    assert main(argv) == 1
    kept = first.read_bytes()
    first.write_bytes(kept + b"my notes\n")
    assert main(argv) == 1
    assert first.read_bytes() == kept + b"my notes\n"
    second = desk.folder / "partners-errors-2.csv"
    assert second.read_bytes() == kept
    assert str(second) in capsys.readouterr().err


TEAM_PLACES = ("existing file", "symlink", "/dev/null", "FIFO", "a directory")


@pytest.mark.parametrize("place", TEAM_PLACES)
@pytest.mark.parametrize(
    "database", ["sqlite", pytest.param("postgresql", marks=pytest.mark.postgres)]
)
def test_an_export_from_either_database_refuses_the_same_places(
    database: str,
    desk: Desk,
    place: str,
    request: pytest.FixtureRequest,
    capsys: pytest.CaptureFixture[str],
) -> None:
    url = request.getfixturevalue("pg_url") if database == "postgresql" else str(desk.database)
    target, unchanged = PLACES[place](desk, ".csv")
    status = main(["--db", url, "export", "partners", str(target)])
    assert status in (1, 2)
    assert len(capsys.readouterr().err.strip().splitlines()) == 1
    unchanged()
    _no_partials(desk.folder)
