"""``trusted-trader import / imports / export`` from the command line, with their exit status."""

from __future__ import annotations

from pathlib import Path

import pytest
from icalendar import Calendar

from trusted_trader.cli import main


@pytest.fixture
def db(tmp_path: Path) -> str:
    path = str(tmp_path / "cli.sqlite")
    assert main(["--db", path, "demo", "--partners", "6", "--touch-points", "200"]) == 0
    return path


def test_export_then_import_changes_nothing(
    db: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    for kind in ("partners", "touch-points", "volumes"):
        for suffix in (".csv", ".xlsx"):
            path = str(tmp_path / f"{kind}{suffix}")
            assert main(["--db", db, "export", kind, path]) == 0
            capsys.readouterr()
            assert main(["--db", db, "import", kind, path]) == 0
            out = capsys.readouterr().out
            assert "0 created, 0 updated" in out and "0 rejected" in out


def test_rejected_rows_exit_1_and_leave_an_error_file(
    db: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = tmp_path / "bad.csv"
    path.write_text("ior_number,date,kind\n12-3456789OO,2026-01-01,exam\n", encoding="utf-8")
    assert main(["--db", db, "import", "touch-points", str(path)]) == 1
    err = capsys.readouterr().err
    assert "row 2, ior_number '12-3456789OO'" in err
    assert "Nothing was imported" in err
    assert (tmp_path / "bad-errors.csv").exists()


def test_partial_import_with_an_error_file_of_ones_choice(
    db: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    export = tmp_path / "tp.csv"
    main(["--db", db, "export", "touch-points", str(export), "--partner", first_ior(db, tmp_path)])
    text = export.read_text(encoding="utf-8-sig") + "12-3456789OO,2026-01-01,exam,,,,,,\n"
    export.write_text(text, encoding="utf-8")
    errors = tmp_path / "rejected.csv"
    code = main(
        ["--db", db, "import", "touch-points", str(export), "--partial", "--errors", str(errors)]
    )
    assert code == 1
    assert errors.exists()
    assert "1 rejected" in capsys.readouterr().out


def first_ior(db: str, tmp_path: Path) -> str:
    path = tmp_path / "partners.csv"
    main(["--db", db, "export", "partners", str(path)])
    return path.read_text(encoding="utf-8-sig").splitlines()[1].split(",")[1].split(";")[0]


def test_imports_lists_and_revert_undoes(
    db: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = tmp_path / "v.csv"
    path.write_text(f"ior_number,month,entries\n{first_ior(db, tmp_path)},2031-01,5\n")
    assert main(["--db", db, "import", "volumes", str(path)]) == 0
    assert main(["--db", db, "imports"]) == 0
    out = capsys.readouterr().out
    assert "#1" in out and "v.csv" in out and "created 1" in out
    assert main(["--db", db, "import", "revert", "1"]) == 0
    assert "1 record(s) deleted" in capsys.readouterr().out
    assert main(["--db", db, "import", "revert", "1"]) == 1
    assert "reverted already" in capsys.readouterr().err


@pytest.mark.parametrize(
    "args",
    [
        ["import", "touch-points", "/nonexistent/file.csv"],
        ["export", "partners", "out.pdf"],
        ["export", "deadlines", "out.csv"],
        ["export", "partners", "out.csv", "--center", "NOPE"],
    ],
)
def test_usage_errors_exit_2(
    db: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, args: list[str]
) -> None:
    monkeypatch.chdir(tmp_path)
    assert main(["--db", db, *args]) == 2


def test_missing_columns_are_a_usage_error(
    db: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = tmp_path / "x.csv"
    path.write_text("foo,bar\n1,2\n", encoding="utf-8")
    assert main(["--db", db, "import", "volumes", str(path)]) == 2
    assert "has no column ior_number, month, entries" in capsys.readouterr().err


def test_deadlines_export_to_a_calendar(
    db: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = tmp_path / "d.ics"
    assert main(["--db", db, "export", "deadlines", str(path), "--days", "3650"]) == 0
    events = Calendar.from_ical(path.read_bytes()).walk("VEVENT")
    assert f"Exported {len(events)}" in capsys.readouterr().out
