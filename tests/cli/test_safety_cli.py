"""The command line's backups, restore, history, and one clear line for a bad file."""

from __future__ import annotations

import random
import re
import sqlite3
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import event

from trusted_trader.cli import main
from trusted_trader.store import migrate

IOR = "12-3456789AB"
NAME = "Acme Imports"


def run(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "trusted_trader", *args],
        capture_output=True,
        text=True,
        check=False,
        timeout=120,
    )


@pytest.fixture
def desk(tmp_path: Path) -> Path:
    """A database with one partner edited a few times."""
    from datetime import date

    from trusted_trader.services import partners, touch_points
    from trusted_trader.services.store import open_store

    path = tmp_path / "desk.sqlite"
    store = open_store(f"sqlite:///{path}", actor="ae@cbp.dhs.gov")
    with store.uow() as uow:
        partner = partners.create_partner(uow, partners.PartnerInput("Acme Imports", IOR))
        point = touch_points.record_touch_point(
            uow, partner.id, touch_points.TouchPointInput(date(2026, 3, 2), "exam")
        )
        touch_points.update_touch_point(
            uow, point.id, touch_points.TouchPointInput(date(2026, 3, 2), "hold")
        )
        uow.commit()
    store.close()
    return path


def one_error_line(capsys: pytest.CaptureFixture[str]) -> str:
    err = capsys.readouterr().err
    lines = err.strip().splitlines()
    assert len(lines) == 1, err
    assert "Traceback" not in err
    return lines[0]


def test_backups_are_listed_with_date_and_size(
    desk: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["--db", str(desk), "db", "backup"]) == 0
    capsys.readouterr()
    assert main(["--db", str(desk), "db", "backups"]) == 0
    lines = capsys.readouterr().out.strip().splitlines()
    assert len(lines) == 2  # the day's first open made the daily one
    assert re.match(r"\d{4}-\d\d-\d\d \d\d:\d\d:\d\d +\d+\.\d KB +manual +/", lines[0])
    assert "daily" in lines[1]


def test_restore_brings_back_a_backup_and_keeps_the_replaced_file(
    desk: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    backup = tmp_path / "before.sqlite"
    assert main(["--db", str(desk), "db", "backup", str(backup)]) == 0
    with sqlite3.connect(desk) as conn:
        conn.execute("UPDATE partner SET city = 'Changed'")
    capsys.readouterr()
    assert main(["--db", str(desk), "db", "restore", str(backup)]) == 0
    out = capsys.readouterr().out
    assert f"Restored {backup} into {desk}" in out
    kept = Path(out.split("kept as ")[1].strip())
    with sqlite3.connect(desk) as now, sqlite3.connect(kept) as old:
        assert now.execute("SELECT city FROM partner").fetchone()[0] == ""
        assert old.execute("SELECT city FROM partner").fetchone()[0] == "Changed"


def test_restore_refuses_a_file_that_is_not_a_database(
    desk: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    bad = tmp_path / "notes.sqlite"
    bad.write_text("not a backup")
    before = desk.read_bytes()
    assert main(["--db", str(desk), "db", "restore", str(bad)]) == 1
    assert f"{bad} is not a database file" in one_error_line(capsys)
    assert desk.read_bytes() == before


def test_restore_of_a_missing_file_is_a_usage_error(
    desk: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["--db", str(desk), "db", "restore", str(tmp_path / "gone.sqlite")]) == 2
    assert "does not exist" in one_error_line(capsys)


def test_history_prints_one_line_per_change_newest_first(
    desk: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["--db", str(desk), "history", "--partner", IOR]) == 0
    lines = capsys.readouterr().out.strip().splitlines()
    assert len(lines) == 3
    assert "ae@cbp.dhs.gov  update  touch_point #1  kind: exam → hold" in lines[0]
    assert "create  touch_point #1" in lines[1]
    assert "create  partner #1" in lines[2]
    assert "legal_name: — → Acme Imports" in lines[2]
    assert main(["--db", str(desk), "history", "--partner", IOR, "--table", "partner"]) == 0
    assert len(capsys.readouterr().out.strip().splitlines()) == 1
    assert main(["--db", str(desk), "history", "--partner", IOR, "--since", "2999-01-01"]) == 0
    assert capsys.readouterr().out.strip() == "No changes recorded."


def test_history_of_an_unknown_partner_says_so(
    desk: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["--db", str(desk), "history", "--partner", "98-7654321CD"]) == 1
    assert "No partner has IOR number 98-7654321CD" in one_error_line(capsys)


def cut_short(path: Path) -> None:
    data = path.read_bytes()
    path.write_bytes(data[: len(data) // 2])


def newer(path: Path) -> None:
    with sqlite3.connect(path) as conn:
        conn.execute("UPDATE alembic_version SET version_num = '0999'")
    with sqlite3.connect(path) as conn:
        conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")


@pytest.mark.parametrize(
    ("damage", "message"),
    [
        (lambda p: p.write_text("Meeting notes\n" * 50), "is not a database file"),
        (lambda p: p.write_bytes(random.Random(1).randbytes(20000)), "is not a database file"),
        (lambda p: p.write_bytes(b""), "is empty (0 bytes)"),
        (cut_short, "is damaged: it was cut short"),
        (newer, "was written by a newer release"),
    ],
    ids=["text", "random-bytes", "empty", "cut-short", "newer"],
)
def test_a_bad_file_gives_one_line_naming_it_and_what_to_do(
    desk: Path, capsys: pytest.CaptureFixture[str], damage: Any, message: str
) -> None:
    damage(desk)
    before = desk.read_bytes()
    assert main(["--db", str(desk), "db", "check"]) == 1
    line = one_error_line(capsys)
    assert line.startswith(f"trusted-trader: {desk} {message}")
    assert "backup" in line or "newer release" in line
    assert desk.read_bytes() == before


def test_a_bad_file_never_shows_a_traceback_from_a_real_process(desk: Path) -> None:
    cut_short(desk)
    result = run("--db", str(desk), "history", "--partner", IOR)
    assert result.returncode == 1
    assert "Traceback" not in result.stderr
    assert result.stderr.count("\n") == 1


def test_a_full_disk_during_the_demo_leaves_the_file_as_it_was(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    path = tmp_path / "full.sqlite"
    assert main(["--db", str(path), "db", "upgrade"]) == 0
    with sqlite3.connect(path) as conn:
        centers = conn.execute("SELECT count(*) FROM center").fetchone()[0]
    real_make_engine = migrate.make_engine

    def engine_on_a_full_disk(url: str) -> Any:
        engine = real_make_engine(url)

        @event.listens_for(engine, "connect")
        def _limit(dbapi: sqlite3.Connection, _record: Any) -> None:
            pages = dbapi.execute("PRAGMA page_count").fetchone()[0]
            dbapi.execute(f"PRAGMA max_page_count = {pages + 2}")

        return engine

    monkeypatch.setattr(migrate, "make_engine", engine_on_a_full_disk)
    capsys.readouterr()
    assert main(["--db", str(path), "demo", "--partners", "50", "--touch-points", "5000"]) == 1
    line = capsys.readouterr().err.strip().splitlines()[-1]
    assert line == (
        f"trusted-trader: The disk holding {path} is full or failing; nothing was changed. "
        "Free some space, then try again."
    )
    with sqlite3.connect(path) as conn:
        assert conn.execute("SELECT count(*) FROM partner").fetchone()[0] == 0
        assert conn.execute("SELECT count(*) FROM center").fetchone()[0] == centers
        assert conn.execute("PRAGMA integrity_check").fetchone()[0] == "ok"


def test_a_bug_gets_an_apology_and_a_logged_traceback_without_data(
    desk: Path,
    app_home: Path,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    from trusted_trader.services import audit

    def broken(*_args: Any, **_kwargs: Any) -> Any:
        raise KeyError(NAME + " " + IOR)

    monkeypatch.setattr(audit, "partner_history", broken)
    assert main(["--db", str(desk), "history", "--partner", IOR]) == 70
    line = one_error_line(capsys)
    assert line.startswith("trusted-trader: Sorry, something went wrong inside Trusted Trader")
    log = (app_home / "logs" / "trusted-trader.log").read_text()
    assert "unexpected KeyError" in log and "in broken" in log
    assert "Acme" not in log and IOR not in log


def test_the_history_of_a_deleted_partner_shows_who_deleted_it(
    desk: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    from trusted_trader.services import partners
    from trusted_trader.services.store import open_store

    store = open_store(f"sqlite:///{desk}", actor="supervisor@cbp.dhs.gov")
    with store.uow() as uow:
        partners.delete_partner(uow, partners.find_partner_id(uow, IOR))
        uow.commit()
    store.close()
    assert main(["--db", str(desk), "history", "--partner", IOR]) == 0
    newest = capsys.readouterr().out.splitlines()[0]
    assert "supervisor@cbp.dhs.gov  delete  partner #1" in newest


def test_changes_are_signed_by_the_configured_executive_else_the_os_user(
    tmp_path: Path,
) -> None:
    import argparse
    import os
    import pwd

    from trusted_trader.commands.context import Context
    from trusted_trader.settings import Settings

    args = argparse.Namespace(db=str(tmp_path / "who.sqlite"))
    ctx = Context(args)
    assert ctx.store().actor == pwd.getpwuid(os.getuid()).pw_name
    ctx.close()
    Settings(executive_email="ae@cbp.dhs.gov").save()
    ctx = Context(args)
    assert ctx.store().actor == "ae@cbp.dhs.gov"
    ctx.close()


@pytest.mark.parametrize("args", [["db", "restore"], ["db", "backups"], ["history"]])
def test_the_safety_commands_have_help(args: list[str], capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit) as exit_info:
        main([*args, "--help"])
    assert exit_info.value.code == 0
    assert f"usage: trusted-trader {' '.join(args)}" in capsys.readouterr().out
