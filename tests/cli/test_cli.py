from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from trusted_trader import __version__
from trusted_trader.cli import main


def run(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "trusted_trader", *args],
        capture_output=True,
        text=True,
        check=False,
        timeout=120,
    )


def test_version_is_printed(capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit) as exit_info:
        main(["--version"])
    assert exit_info.value.code == 0
    assert __version__ in capsys.readouterr().out


def test_every_command_has_help(capsys: pytest.CaptureFixture[str]) -> None:
    for args in (["--help"], ["demo", "--help"], ["db", "--help"], ["db", "backup", "--help"]):
        with pytest.raises(SystemExit) as exit_info:
            main(args)
        assert exit_info.value.code == 0
        assert "usage: trusted-trader" in capsys.readouterr().out


def test_demo_then_check_then_backup(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    db = str(tmp_path / "cli.sqlite")
    assert main(["--db", db, "demo", "--partners", "12", "--touch-points", "500"]) == 0
    assert "12 partners" in capsys.readouterr().out
    assert main(["--db", db, "db", "check"]) == 0
    assert "ok (schema" in capsys.readouterr().out
    target = tmp_path / "copy.sqlite"
    assert main(["--db", db, "db", "backup", str(target)]) == 0
    assert target.exists() and target.stat().st_mode & 0o777 == 0o600
    assert main(["--db", str(target), "db", "check"]) == 0


def test_demo_refuses_a_database_that_has_partners(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    db = str(tmp_path / "twice.sqlite")
    assert main(["--db", db, "demo", "--partners", "3", "--touch-points", "10"]) == 0
    capsys.readouterr()
    assert main(["--db", db, "demo"]) == 2
    err = capsys.readouterr().err
    assert "already holds partners" in err and err.count("\n") == 1


def test_the_database_comes_from_the_environment(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    db = tmp_path / "env.sqlite"
    monkeypatch.setenv("TRUSTED_TRADER_DB", str(db))
    assert main(["db", "upgrade"]) == 0
    assert str(db) in capsys.readouterr().out


@pytest.mark.parametrize(
    ("args", "code", "message"),
    [
        (["demo", "--partners", "lots"], 2, "'lots' is not a whole number"),
        (["demo", "--years", "1"], 2, "from 2 to 20"),
        (["nonsense"], 2, "invalid choice"),
        (["--db", "/nonexistent/folder/x.sqlite", "db", "check"], 1, "does not exist"),
    ],
)
def test_user_mistakes_give_one_line_and_no_traceback(
    args: list[str], code: int, message: str
) -> None:
    result = run(*args)
    assert result.returncode == code
    assert message in result.stderr
    assert "Traceback" not in result.stderr


def test_a_file_that_is_not_a_database_is_named_in_the_message(tmp_path: Path) -> None:
    bad = tmp_path / "notes.txt"
    bad.write_text("not a database at all, just some notes" * 5)
    result = run("--db", str(bad), "db", "check")
    assert result.returncode == 1
    assert (
        result.stderr.strip() == f"trusted-trader: {bad} is not a database file. "
        "Restore it from a backup, or open another file."
    )
    assert bad.read_text().startswith("not a database")
