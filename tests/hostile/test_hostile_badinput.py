"""Bad input as a careless user types it: one clear line, exit 1 (data/file) or 2 (usage).

Every row is a command line or a file that once ended in "something went wrong" (exit
70), a traceback or a hang, or one a careless user would try next. Never: a
traceback, exit 70, a hang, or a database changed by a refused command.
"""

from __future__ import annotations

import os
import shutil
import signal
import sqlite3
import subprocess
import sys
import time
from dataclasses import dataclass
from pathlib import Path

import pytest

from trusted_trader.cli import main

ROOT = Path(__file__).resolve().parents[2]
BIG = "99999999999999999999999"  # beyond 64 bits
INT64_MAX = "9223372036854775807"
OVER_INT64 = "9223372036854775808"


@pytest.fixture(scope="module")
def demo_file(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """One small demo database for the module; each test works on its own copy."""
    folder = tmp_path_factory.mktemp("demo")
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv("TRUSTED_TRADER_HOME", str(folder / "home"))
        path = folder / "demo.sqlite"
        assert main(["--db", str(path), "demo", "--partners", "4", "--touch-points", "80"]) == 0
    return path


@dataclass
class World:
    """A copy of the demo database and the files the rows refer to."""

    db: Path
    tmp: Path
    ior: str
    fifo: Path

    def fill(self, text: str) -> str:
        return text.format(db=self.db, tmp=self.tmp, ior=self.ior, fifo=self.fifo)

    def counts(self) -> tuple[int, ...]:
        with sqlite3.connect(self.db) as conn:
            tables = ("partner", "touch_point", "monthly_volume", "import_batch")
            return tuple(conn.execute(f"SELECT count(*) FROM {t}").fetchone()[0] for t in tables)


@pytest.fixture
def world(demo_file: Path, tmp_path: Path) -> World:
    db = tmp_path / "desk.sqlite"
    shutil.copy(demo_file, db)
    with sqlite3.connect(db) as conn:
        ior = conn.execute("SELECT ior_number FROM partner_ior ORDER BY id").fetchone()[0]
    fifo = tmp_path / "pipe"
    os.mkfifo(fifo)
    (tmp_path / "notes.pdf").write_bytes(b"%PDF-1.4\n")
    return World(db, tmp_path, ior, fifo)


def run_main(args: list[str], capsys: pytest.CaptureFixture[str]) -> tuple[int, str, str]:
    try:
        code = main(args)
    except SystemExit as exc:  # argparse's usage errors
        code = int(exc.code or 0)
    captured = capsys.readouterr()
    return code, captured.out, captured.err


def assert_one_clear_line(err: str, expected: str) -> None:
    assert "Traceback" not in err and "went wrong" not in err, err
    assert err.count("\n") == 1 and err.endswith("\n"), err
    assert expected.lower() in err.lower(), err


D = ["--db", "{db}"]
P = ["--partner", "{ior}"]
OUT = ["-o", "{tmp}/out.pdf"]
OVERLAP = ["--current", "2024-06:2025-05"]
END = ["--current", "9999-12"]

# (name, command line, exit status, words the one line must hold)
CLI_CASES: list[tuple[str, list[str], int, str]] = [
    # months and dates out of range
    ("current-0001-01", [*D, "stats", "--current", "0001-01"], 2, "out of range"),
    ("current-9999-12", [*D, "stats", "--current", "9999-12"], 2, "out of range"),
    ("current-0000-01", [*D, "stats", "--current", "0000-01:0000-02"], 2, "out of range"),
    ("current-year-1", [*D, "stats", "--current", "0001-01:0001-12"], 2, "out of range"),
    (
        "periods-at-the-end-of-time",
        [*D, "stats", "--baseline", "9998-01:9998-12", "--current", "9999-01:9999-12"],
        2,
        "out of range",
    ),
    ("month-13", [*D, "stats", "--current", "2024-13"], 2, "months run from 01 to 12"),
    ("month-empty", [*D, "stats", "--current", ""], 2, "is not a month"),
    ("month-words", [*D, "stats", "--current", "last year"], 2, "is not a month"),
    ("month-backwards", [*D, "stats", "--current", "2025-07:2025-01"], 2, "before it starts"),
    ("month-huge-year", [*D, "stats", "--current", "99999-01"], 2, "is not a month"),
    (
        "stats-overlap",
        [*D, "stats", "--baseline", "2025-01:2025-12", "--current", "2025-06:2026-05"],
        2,
        "overlap",
    ),
    ("stats-kind", [*D, "stats", "--kind", "nonsense"], 2, "--kind"),
    ("stats-kind-empty", [*D, "stats", "--kind", ""], 2, "--kind"),
    ("stats-partner-empty", [*D, "stats", "--partner", ""], 2, "--partner"),
    ("stats-partner-unicode", [*D, "stats", "--partner", "١٢-٣٤٥٦٧٨٩AB"], 2, "not in a known form"),
    ("stats-partner-unknown", [*D, "stats", "--partner", "12-3456789AB"], 1, "12-3456789AB"),
    ("stats-center-unknown", [*D, "stats", "--center", "NOPE"], 1, "NOPE"),
    ("stats-center-empty", [*D, "stats", "--center", ""], 1, ""),
    ("stats-executive-unknown", [*D, "stats", "--executive", "no@x"], 1, "no@x"),
    (
        "progress-overlap",
        [*D, "report", "progress", *P, *("--baseline", "2024-01:2024-12"), *OVERLAP, *OUT],
        2,
        "overlap",
    ),
    (
        "progress-same-period",
        [*D, "report", "progress", *P, "--baseline", "2024-01", "--current", "2024-01", *OUT],
        2,
        "overlap",
    ),
    (
        "portfolio-overlap",
        [
            *D,
            "report",
            "portfolio",
            *("--center", "ELEC", "--baseline", "2024-07:2025-06"),
            *OVERLAP,
            *OUT,
        ],
        2,
        "overlap",
    ),
    (
        "progress-year-1",
        [*D, "report", "progress", *P, "--baseline", "0001-01", "--current", "0002-01", *OUT],
        2,
        "out of range",
    ),
    (
        "portfolio-year-9999",
        [*D, "report", "portfolio", "--center", "ELEC", *("--baseline", "9998-12"), *END, *OUT],
        2,
        "out of range",
    ),
    (
        "progress-one-period",
        [*D, "report", "progress", *P, "--baseline", "2024-01", *OUT],
        2,
        "both",
    ),
    # integers beyond 64 bits, and below 1
    ("plan-id-huge", [*D, "report", "plan", *P, "--plan", BIG, *OUT], 2, "out of range"),
    ("plan-id-2**63", [*D, "report", "plan", *P, "--plan", OVER_INT64, *OUT], 2, "out of range"),
    ("plan-id-zero", [*D, "report", "plan", *P, "--plan", "0", *OUT], 2, "out of range"),
    ("plan-id-negative", [*D, "report", "plan", *P, "--plan", "-5", *OUT], 2, "out of range"),
    ("plan-id-words", [*D, "report", "plan", *P, "--plan", "abc", *OUT], 2, "not a whole number"),
    ("plan-id-float", [*D, "report", "progress", *P, "--plan", "1e30", *OUT], 2, "whole number"),
    ("plan-id-unknown", [*D, "report", "plan", *P, "--plan", INT64_MAX, *OUT], 1, "no engagement"),
    ("plan-page-size", [*D, "report", "plan", *P, "--page-size", "huge", *OUT], 2, "page-size"),
    ("plan-partner-unknown", [*D, "report", "plan", "--partner", "NOPE", *OUT], 1, "NOPE"),
    ("history-limit-huge", [*D, "history", *P, "--limit", BIG], 2, "out of range"),
    ("history-limit-int64", [*D, "history", *P, "--limit", INT64_MAX], 2, "out of range"),
    ("history-limit-negative", [*D, "history", *P, "--limit", "-1"], 2, "out of range"),
    ("history-limit-zero", [*D, "history", *P, "--limit", "0"], 2, "out of range"),
    ("history-limit-empty", [*D, "history", *P, "--limit", ""], 2, "not a whole number"),
    ("history-since-year-1", [*D, "history", *P, "--since", "0001-01-01"], 2, "out of range"),
    ("history-since-9999", [*D, "history", *P, "--since", "9999-12-31"], 2, "out of range"),
    ("history-since-feb-30", [*D, "history", *P, "--since", "2025-02-30"], 2, "not a date"),
    ("history-partner-empty", [*D, "history", "--partner", ""], 1, ""),
    ("revert-huge", [*D, "import", "revert", BIG], 2, "out of range"),
    ("revert-2**63", [*D, "import", "revert", OVER_INT64], 2, "out of range"),
    ("revert-zero", [*D, "import", "revert", "0"], 2, "out of range"),
    ("revert-negative", [*D, "import", "revert", "-1"], 2, "out of range"),
    ("revert-float", [*D, "import", "revert", "1e30"], 2, "whole number"),
    ("revert-unknown", [*D, "import", "revert", INT64_MAX], 1, "no import"),
    ("revert-spaced", [*D, "import", "revert", " 7 "], 1, "no import #7"),
    ("days-huge", [*D, "export", "deadlines", "{tmp}/d.ics", "--days", BIG], 2, "out of range"),
    ("days-int64", [*D, "export", "deadlines", "{tmp}/d.ics", "--days", INT64_MAX], 2, "range"),
    ("days-3-million", [*D, "export", "deadlines", "{tmp}/d.ics", "--days", "3000000"], 2, "range"),
    ("days-negative", [*D, "export", "deadlines", "{tmp}/d.ics", "--days", "-5"], 2, "range"),
    ("days-float", [*D, "export", "deadlines", "{tmp}/d.ics", "--days", "1e30"], 2, "whole"),
    ("days-empty", [*D, "export", "deadlines", "{tmp}/d.ics", "--days", ""], 2, "whole number"),
    ("demo-partners-huge", [*D, "demo", "--partners", BIG], 2, "out of range"),
    ("demo-touch-points-float", [*D, "demo", "--touch-points", "1e30"], 2, "whole number"),
    ("demo-seed-huge", [*D, "demo", "--seed", BIG], 2, "out of range"),
    ("demo-partners-negative", [*D, "demo", "--partners", "-1"], 2, "out of range"),
    ("demo-years-zero", [*D, "demo", "--years", "0"], 2, "from 2 to 20"),
    ("demo-into-full-db", [*D, "demo"], 2, "already holds partners"),
    # database URLs the app cannot open
    ("url-mysql", ["--db", "mysql://u@h/db", "stats"], 2, "SQLite files and PostgreSQL only"),
    ("url-garbage", ["--db", "garbage://", "stats"], 2, "not a database URL"),
    ("url-empty-scheme", ["--db", "://", "stats"], 2, "not a database URL"),
    ("url-http", ["--db", "http://example.com/x", "stats"], 2, "not a database URL"),
    ("url-psycopg2", ["--db", "postgresql+psycopg2://h/d", "stats"], 2, "PostgreSQL only"),
    ("url-sqlite-memory", ["--db", "sqlite://", "stats"], 2, "names no database file"),
    ("url-password-hidden", ["--db", "mysql://u:s3cret@h/db", "imports"], 2, "u:***@h"),
    ("db-empty", ["--db", "", "stats"], 2, "--db is empty"),
    ("db-blank", ["--db", "   ", "stats"], 2, "--db is empty"),
    ("db-device", ["--db", "/dev/null", "stats"], 1, "not a database file"),
    ("db-folder", ["--db", "{tmp}", "stats"], 1, "is a folder"),
    ("db-missing-folder", ["--db", "{tmp}/no/such/x.sqlite", "db", "check"], 1, "does not exist"),
    ("db-a-pdf", ["--db", "{tmp}/notes.pdf", "db", "check"], 1, "not a database file"),
    ("copy-to-postgresql", ["db", "copy", "--from", "{db}", "--to", "postgresql"], 2, "--to"),
    (
        "copy-to-no-host",
        ["db", "copy", "--from", "{db}", "--to", "postgresql://"],
        2,
        "must name the server",
    ),
    (
        "copy-to-no-host-psycopg",
        ["db", "copy", "--from", "{db}", "--to", "postgresql+psycopg:///"],
        2,
        "must name the server",
    ),
    (
        "copy-to-no-database",
        ["db", "copy", "--from", "{db}", "--to", "postgresql+psycopg://me@host"],
        2,
        "must name the server",
    ),
    (
        "copy-to-password-hidden",
        ["db", "copy", "--from", "{db}", "--to", "postgresql+psycopg://x:pw@/"],
        2,
        "x:***@",
    ),
    ("copy-to-mysql", ["db", "copy", "--from", "{db}", "--to", "mysql://x"], 2, "PostgreSQL URL"),
    ("copy-to-empty", ["db", "copy", "--from", "{db}", "--to", ""], 2, "PostgreSQL URL"),
    ("copy-to-garbage", ["db", "copy", "--from", "{db}", "--to", "postgresqlfoo://x"], 2, "--to"),
    ("copy-from-fifo", ["db", "copy", "--from", "{fifo}", "--to", "postgresql://h/d"], 2, "file"),
    ("copy-from-missing", ["db", "copy", "--from", "{tmp}/no", "--to", "postgresql://h/d"], 2, ""),
    ("grant-on-a-file", [*D, "db", "grant", "--role", "public", "--executive", "a@b.c"], 1, "team"),
    ("grant-no-role", [*D, "db", "grant", "--executive", "a@b.c"], 2, "--role"),
    # files that are not what the command expects
    ("import-fifo", [*D, "import", "touch-points", "{fifo}"], 2, "no file"),
    ("import-missing", [*D, "import", "touch-points", "{tmp}/none.csv"], 2, "no file"),
    ("import-folder", [*D, "import", "partners", "{tmp}"], 2, "no file"),
    ("import-a-pdf", [*D, "import", "volumes", "{tmp}/notes.pdf"], 2, "only .csv and .xlsx"),
    ("import-kind", [*D, "import", "widgets", "{tmp}/x.csv"], 2, "invalid choice"),
    ("restore-fifo", [*D, "db", "restore", "{fifo}"], 2, "not a file"),
    ("restore-folder", [*D, "db", "restore", "{tmp}"], 2, "not a file"),
    ("export-kind", [*D, "export", "widgets", "{tmp}/x.csv"], 2, "invalid choice"),
    ("export-pdf", [*D, "export", "partners", "{tmp}/x.pdf"], 2, ".csv or .xlsx"),
    ("export-ics-as-csv", [*D, "export", "deadlines", "{tmp}/x.csv"], 2, ".ics"),
    ("export-no-folder", [*D, "export", "partners", "{tmp}/no/x.csv"], 2, "no folder"),
    ("export-center-unknown", [*D, "export", "partners", "{tmp}/x.csv", "--center", "NO"], 2, ""),
    ("import-name-too-long", [*D, "import", "volumes", "x" * 5000], 1, "File name too long"),
    ("backup-name-too-long", [*D, "db", "backup", "{tmp}/" + "b" * 5000], 1, "too long"),
    ("restore-name-too-long", [*D, "db", "restore", "r" * 5000], 1, "File name too long"),
    ("stats-partner-a-path", [*D, "stats", "--partner", "../../etc/passwd"], 2, "--partner"),
    ("command-unknown", ["nonsense"], 2, "invalid choice"),
    ("option-unknown", [*D, "stats", "--bogus"], 2, "unrecognized arguments"),
]


@pytest.mark.parametrize(
    ("args", "code", "expected"),
    [pytest.param(a, c, e, id=n) for n, a, c, e in CLI_CASES],
)
def test_a_bad_command_line_gets_one_clear_line(
    world: World, capsys: pytest.CaptureFixture[str], args: list[str], code: int, expected: str
) -> None:
    before = world.counts()
    got, _out, err = run_main([world.fill(a) for a in args], capsys)
    assert got == code, err
    assert_one_clear_line(err, world.fill(expected))
    assert world.counts() == before


TP_HEADER = "ior_number,date,kind,port_code,entry_number,hts_number,agency,outcome,notes\n"
VOL_HEADER = "ior_number,month,entries,entered_value_usd\n"


def _tp(row: str) -> bytes:
    return (TP_HEADER + row + "\n").encode()


def _vol(month: str = "2025-01", entries: str = "5", value: str = "1") -> bytes:
    return (VOL_HEADER + f"{{ior}},{month},{entries},{value}\n").encode()


# (name, kind, file name, content, exit status, words a line must hold)
IMPORT_CASES: list[tuple[str, str, str, bytes, int, str]] = [
    ("entries-1e30", "volumes", "v.csv", _vol(entries="1e30"), 1, "row 2, entries"),
    ("entries-int64", "volumes", "v.csv", _vol(entries=INT64_MAX), 1, "more than 100,000,000"),
    ("entries-huge", "volumes", "v.csv", _vol(entries=BIG + "999"), 1, "more than 100,000,000"),
    ("entries-negative", "volumes", "v.csv", _vol(entries="-5"), 1, "cannot be negative"),
    ("entries-fraction", "volumes", "v.csv", _vol(entries="2.5"), 1, "whole number"),
    ("entries-inf", "volumes", "v.csv", _vol(entries="inf"), 1, "not a number"),
    ("value-1e300", "volumes", "v.csv", _vol(value="1e300"), 1, "entered_value_usd"),
    ("value-nan", "volumes", "v.csv", _vol(value="nan"), 1, "not a number"),
    ("month-0000-01", "volumes", "v.csv", _vol(month="0000-01"), 1, "out of range"),
    ("month-0001-01", "volumes", "v.csv", _vol(month="0001-01"), 1, "out of range"),
    ("month-9999-12", "volumes", "v.csv", _vol(month="9999-12"), 1, "out of range"),
    ("month-13", "volumes", "v.csv", _vol(month="2025-13"), 1, "months run from 01 to 12"),
    ("month-day-9999", "volumes", "v.csv", _vol(month="9999-12-01"), 1, "row 2, month"),
    ("cf28-9999-12-31", "touch-points", "t.csv", _tp("{ior},9999-12-31,cf28,1001,,,CBP,,"), 1,
     "out of range"),
    ("date-year-1", "touch-points", "t.csv", _tp("{ior},0001-01-01,exam,1001,,,CBP,,"), 1,
     "out of range"),
    ("date-us-9999", "touch-points", "t.csv", _tp("{ior},12/31/9999,cf28,1001,,,CBP,,"), 1,
     "out of range"),
    ("date-feb-30", "touch-points", "t.csv", _tp("{ior},2025-02-30,exam,1001,,,CBP,,"), 1,
     "not a day of the calendar"),
    ("nul-in-notes", "touch-points", "t.csv", _tp('{ior},2025-01-02,exam,1001,,,CBP,,"a\x00b"'),
     1, "NUL character"),
    ("nul-in-kind", "touch-points", "t.csv", _tp("{ior},2025-01-02,ex\x00am,1001,,,CBP,,"), 1,
     "NUL character"),
    ("nul-in-name", "partners", "p.csv", b"name,ior_numbers\nAc\x00me,20-111111100\n", 1,
     "NUL character"),
    ("quote-never-closed", "touch-points", "t.csv",
     _tp('{ior},2025-01-02,exam,1001,,,CBP,,"unterminated\n{ior},2025-01-03,exam,1001,,,CBP,,ok'),
     1, "row 2, cells: a quote"),
    ("quote-closed-mid-cell", "touch-points", "t.csv",
     _tp('{ior},2025-01-02,exam,1001,,,CBP,,"half"done\n{ior},2025-01-03,exam,1001,,,CBP,,ok'),
     1, "a quote"),
    ("quote-swallows-rows", "touch-points", "t.csv",
     _tp('{ior},2025-01-02,exam,1001,,,CBP,,"open\n{ior},2025-01-03,exam,1001,,,CBP,,x\n'
         '{ior},2025-01-04,exam,1001,,,CBP,,"closes" here'),
     1, "lines 2 to 4"),
    ("headers-twice", "touch-points", "t.csv",
     b"ior_number,date,kind,notes,Notes\n{ior},2025-01-02,exam,a,b\n", 2,
     "columns 4 ('notes') and 5 ('Notes')"),
    ("headers-loosely-twice", "volumes", "v.csv",
     b"ior_number,IOR Number,month,entries\n{ior},{ior},2025-01,5\n", 2,
     "columns 1 ('ior_number') and 2 ('IOR Number')"),
    ("tier-huge", "partners", "p.csv", f"name,ior_numbers,ctpat_tier\nX,20-111111100,{BIG}\n"
     .encode(), 1, "ctpat_tier"),
    ("empty-file", "touch-points", "t.csv", b"", 2, "is empty"),
    ("no-columns", "volumes", "v.csv", b"foo,bar\n1,2\n", 2, "has no column"),
    ("binary", "touch-points", "t.csv", bytes(range(256)) * 4, 2, ""),
    ("xlsx-not-a-zip", "partners", "p.xlsx", b"PK\x03\x04 not really", 2, "not a readable"),
    ("cell-over-limit", "touch-points", "t.csv",
     _tp("{ior},2025-01-02,exam,1001,,,CBP,," + "x" * 140_000), 2, "field limit"),
]  # fmt: skip


@pytest.mark.parametrize(
    ("kind", "name", "content", "code", "expected"),
    [pytest.param(k, n, c, s, e, id=i) for i, k, n, c, s, e in IMPORT_CASES],
)
def test_a_bad_import_file_is_refused_with_its_reason(
    world: World,
    capsys: pytest.CaptureFixture[str],
    kind: str,
    name: str,
    content: bytes,
    code: int,
    expected: str,
) -> None:
    path = world.tmp / name
    path.write_bytes(content.replace(b"{ior}", world.ior.encode()))
    before = world.counts()
    args = ["--db", str(world.db), "import", kind, str(path), "--errors", str(world.tmp / "e.csv")]
    got, _out, err = run_main(args, capsys)
    assert got == code, err
    assert "Traceback" not in err and "went wrong" not in err, err
    if code == 2:
        assert_one_clear_line(err, expected)
    else:  # rejected rows: one line per problem, then what to do
        assert any(line.startswith("row ") and expected in line for line in err.splitlines()), err
        assert "Nothing was imported" in err
    assert world.counts()[:3] == before[:3]


def test_an_unclosed_quote_no_longer_merges_the_next_row_into_a_note(
    world: World, capsys: pytest.CaptureFixture[str]
) -> None:
    """With --partial the good rows go in and the broken lines are a row error, not a note."""
    path = world.tmp / "t.csv"
    rows = [
        f"{world.ior},2025-01-02,exam,1001,,,CBP,,fine",
        f'{world.ior},2025-01-03,exam,1001,,,CBP,,"oops',
        f"{world.ior},2025-01-04,exam,1001,,,CBP,,swallowed",
    ]
    path.write_text(TP_HEADER + "\n".join(rows) + "\n", encoding="utf-8")
    code, _out, err = run_main(
        ["--db", str(world.db), "import", "touch-points", str(path), "--partial"], capsys
    )
    assert code == 1
    assert "row 3, cells: a quote" in err and "lines 3 to 4" in err
    with sqlite3.connect(world.db) as conn:
        notes = [r[0] for r in conn.execute("SELECT notes FROM touch_point WHERE notes != ''")]
    assert "fine" in notes and not any("swallowed" in n or "oops" in n for n in notes)


# --- The environment: data folder, log folder ---------------------------------------------


def test_a_home_that_is_a_file_is_named_in_one_line(
    world: World, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    home = world.tmp / "home-file"
    home.write_text("not a folder")
    monkeypatch.setenv("TRUSTED_TRADER_HOME", str(home))
    code, _out, err = run_main(["--db", str(world.db), "stats"], capsys)
    assert code == 1
    assert_one_clear_line(err, f"cannot use the folder {home}")
    assert "TRUSTED_TRADER_HOME" in err


@pytest.mark.parametrize("home", ["/proc/self/trusted-trader", "/dev/null/x"])
def test_a_home_that_cannot_be_made_is_named_in_one_line(
    world: World, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str], home: str
) -> None:
    monkeypatch.setenv("TRUSTED_TRADER_HOME", home)
    code, _out, err = run_main(["imports"], capsys)
    assert code == 1
    assert_one_clear_line(err, f"cannot use the folder {home}")


@pytest.mark.parametrize(
    ("number", "words"),
    [
        ("ENOSPC", "No space left on device"),
        ("EACCES", "Permission denied"),  # what a user who is not root meets
        ("EROFS", "Read-only file system"),
    ],
)
def test_a_home_on_a_full_or_locked_disk_is_named_in_one_line(
    world: World,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
    number: str,
    words: str,
) -> None:
    import errno

    def refuse(self: Path, *args: object, **kwargs: object) -> None:
        code = getattr(errno, number)
        raise OSError(code, os.strerror(code), str(self))

    monkeypatch.setenv("TRUSTED_TRADER_HOME", str(world.tmp / "fresh-home"))
    monkeypatch.setattr(Path, "mkdir", refuse)
    code, _out, err = run_main(["--db", str(world.db), "stats"], capsys)
    assert code == 1
    assert_one_clear_line(err, words)
    assert "fresh-home" in err


@pytest.mark.parametrize("blocker", ["logs-is-a-file", "log-is-a-folder", "permission-denied"])
def test_an_unwritable_log_folder_falls_back_to_stderr_quietly(
    world: World,
    app_home: Path,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
    blocker: str,
) -> None:
    import logging

    app_home.mkdir(parents=True, exist_ok=True)
    if blocker == "logs-is-a-file":
        (app_home / "logs").write_text("in the way")
    elif blocker == "log-is-a-folder":
        (app_home / "logs" / "trusted-trader.log").mkdir(parents=True)
    else:  # as a user who is not root finds a folder of mode 0555 (the tests run as root)
        real_open = os.open

        def guarded(path: object, *args: object, **kwargs: object) -> int:
            if str(path).startswith(str(app_home / "logs")):
                raise PermissionError(13, "Permission denied", str(path))
            return real_open(path, *args, **kwargs)  # type: ignore[arg-type]

        monkeypatch.setattr(os, "open", guarded)
    try:
        code, out, err = run_main(["--db", str(world.db), "imports"], capsys)
        assert code == 0 and "No imports" in out
        assert err == ""  # quietly: no complaint about the log itself
        logging.getLogger("trusted_trader.test").warning("partner #7 could not be saved")
        logging.getLogger("trusted_trader.test").info("routine")
        err = capsys.readouterr().err
        assert err.count("partner #7 could not be saved") == 1 and "routine" not in err
    finally:
        _reset_logging()


def test_a_log_on_a_full_disk_falls_back_to_stderr_once(
    app_home: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    import logging

    from trusted_trader.logging_setup import configure_logging

    (app_home / "logs").mkdir(parents=True)
    (app_home / "logs" / "trusted-trader.log").symlink_to("/dev/full")
    try:
        assert configure_logging() is not None
        for number in (1, 2):
            logging.getLogger("trusted_trader.test").warning("warning %d", number)
        err = capsys.readouterr().err
        assert "warning 1" in err and "warning 2" in err
        assert "Traceback" not in err and "Logging error" not in err
    finally:
        _reset_logging()


def _reset_logging() -> None:
    import logging

    logger = logging.getLogger("trusted_trader")
    for handler in list(logger.handlers):
        logger.removeHandler(handler)
        handler.close()


# --- Signals, pipes and FIFOs: a real process -------------------------------------------


def _env(home: Path) -> dict[str, str]:
    env = {**os.environ, "PYTHONPATH": str(ROOT), "TRUSTED_TRADER_HOME": str(home)}
    env.pop("TRUSTED_TRADER_DB", None)
    return env


def _command(*args: str) -> list[str]:
    return [sys.executable, "-m", "trusted_trader", *args]


def test_output_into_a_closed_pipe_ends_quietly(world: World, app_home: Path) -> None:
    for _ in range(3):  # something to list
        export = world.tmp / "v.csv"
        argv = ["--db", str(world.db), "export", "volumes", str(export), "--overwrite"]
        assert main(argv) == 0
        assert main(["--db", str(world.db), "import", "volumes", str(export)]) == 0
    read, write = os.pipe()
    os.close(read)  # the reader has gone before the first line (`imports | head -0`)
    try:
        result = subprocess.run(
            _command("--db", str(world.db), "imports"),
            stdout=write,
            stderr=subprocess.PIPE,
            text=True,
            env=_env(app_home),
            timeout=120,
            check=False,
        )
    finally:
        os.close(write)
    assert result.returncode == 141
    assert result.stderr == ""


def test_imports_piped_into_head_prints_its_first_line_without_a_traceback(
    world: World, app_home: Path
) -> None:
    command = " ".join(_command("--db", str(world.db), "imports")) + " | head -1"
    result = subprocess.run(
        ["bash", "-o", "pipefail", "-c", command],
        capture_output=True,
        text=True,
        env=_env(app_home),
        timeout=120,
        check=False,
    )
    assert result.stdout.count("\n") == 1
    assert result.stderr == ""


def test_a_fifo_as_the_database_is_refused_at_once(world: World, app_home: Path) -> None:
    started = time.monotonic()
    for args in (["stats"], ["db", "check"], ["imports"], ["db", "backup", str(world.tmp / "b")]):
        result = subprocess.run(
            _command("--db", str(world.fifo), *args),
            capture_output=True,
            text=True,
            env=_env(app_home),
            timeout=60,
            check=False,
        )
        assert result.returncode == 1
        assert_one_clear_line(result.stderr, "is a pipe, a device or a socket")
    assert time.monotonic() - started < 60


def _interrupt(args: list[str], home: Path, wait_for: str) -> tuple[int, str]:
    """Start the command, send Ctrl-C once it printed ``wait_for`` on stderr."""
    with subprocess.Popen(
        _command(*args), stderr=subprocess.PIPE, stdout=subprocess.DEVNULL, text=True,
        env=_env(home),
    ) as process:  # fmt: skip
        assert process.stderr is not None
        lines = []
        try:
            for line in process.stderr:
                lines.append(line)
                if wait_for in line:
                    break
            time.sleep(0.3)
            process.send_signal(signal.SIGINT)
            lines.append(process.stderr.read())
            process.wait(timeout=60)
        finally:
            if process.poll() is None:
                process.kill()
    return process.returncode, "".join(lines)


def test_ctrl_c_during_demo_cancels_cleanly(tmp_path: Path, app_home: Path) -> None:
    db = tmp_path / "cancel.sqlite"
    code, err = _interrupt(
        ["--db", str(db), "demo", "--partners", "3000", "--touch-points", "3000000"],
        app_home,
        "demo: partners",
    )
    assert code == 130, err
    assert err.rstrip().endswith("trusted-trader: Cancelled; nothing was changed.")
    assert "Traceback" not in err
    with sqlite3.connect(db) as conn:
        assert conn.execute("SELECT count(*) FROM partner").fetchone()[0] == 0


def test_ctrl_c_during_a_large_import_cancels_cleanly_reader_process_included(
    world: World, app_home: Path
) -> None:
    from datetime import date

    path = world.tmp / "big.csv"  # over 5 MB: read by a second process, with progress
    first = date(1920, 1, 1).toordinal()  # distinct days, one touch point each
    with path.open("w", encoding="utf-8") as handle:
        handle.write(TP_HEADER)
        for ordinal in range(first, first + 140_000):
            handle.write(f"{world.ior},{date.fromordinal(ordinal)},exam,1001,,,CBP,,\n")
    before = world.counts()
    code, err = _interrupt(
        ["--db", str(world.db), "import", "touch-points", str(path)], app_home, "rows read"
    )
    assert code == 130, err
    assert "Traceback" not in err and "Process" not in err
    assert err.rstrip().endswith("Cancelled; nothing was changed.")
    assert world.counts()[:3] == before[:3]


# --- Both databases alike: NUL characters, team roles ------------------------------------


@pytest.fixture(params=["sqlite", "postgresql"])
def any_url(request: pytest.FixtureRequest, tmp_path: Path) -> str:
    if request.param == "postgresql":
        request.applymarker(pytest.mark.postgres)
        return str(request.getfixturevalue("pg_url"))
    return f"sqlite:///{tmp_path / 'both.sqlite'}"


def _nul_by_service(uow: object, where: str, partner_id: int, point_id: int) -> None:
    from datetime import date

    from trusted_trader.services.partners import PartnerInput, create_partner
    from trusted_trader.services.touch_points import (
        TouchPointInput,
        record_touch_point,
        update_touch_point,
    )

    if where == "notes-new":
        data = TouchPointInput(date(2025, 1, 3), "exam", notes="\x00")
        record_touch_point(uow, partner_id, data)  # type: ignore[arg-type]
    elif where == "notes-changed":
        data = TouchPointInput(date(2025, 1, 2), "exam", notes="a\x00")
        update_touch_point(uow, point_id, data)  # type: ignore[arg-type]
    else:
        create_partner(uow, PartnerInput("Ac\x00me", "12-3456789AC"))  # type: ignore[arg-type]


@pytest.mark.parametrize("where", ["notes-new", "notes-changed", "partner-name"])
def test_a_nul_character_typed_in_is_refused_on_both_databases_alike(
    any_url: str, where: str
) -> None:
    from datetime import date

    from sqlalchemy import text

    from trusted_trader.domain.errors import ValidationError
    from trusted_trader.services.partners import PartnerInput, create_partner
    from trusted_trader.services.store import open_store
    from trusted_trader.services.touch_points import TouchPointInput, record_touch_point

    store = open_store(any_url, actor="tester@cbp.dhs.gov")
    try:
        with store.uow() as uow:
            partner = create_partner(uow, PartnerInput("Acme Imports", "12-3456789AB"))
            point = record_touch_point(uow, partner.id, TouchPointInput(date(2025, 1, 2), "exam"))
            uow.commit()
        with pytest.raises(ValidationError, match="NUL character"), store.uow() as uow:
            _nul_by_service(uow, where, partner.id, point.id)
        with store.uow() as uow:
            names = uow.connection.execute(text("SELECT legal_name FROM partner")).scalars()
            notes = uow.connection.execute(text("SELECT notes FROM touch_point")).scalars()
            assert list(names) == ["Acme Imports"] and list(notes) == [""]
    finally:
        store.close()


@pytest.mark.parametrize("cells", [("a\x00b", "1001"), ("", "10\x0001")], ids=["notes", "port"])
def test_a_nul_character_in_an_import_is_a_row_error_on_both_databases_alike(
    any_url: str, tmp_path: Path, cells: tuple[str, str]
) -> None:
    from trusted_trader.services.importing import import_file
    from trusted_trader.services.partners import PartnerInput, create_partner
    from trusted_trader.services.store import open_store

    path = tmp_path / "nul.csv"
    notes, port = cells
    path.write_text(
        f"ior_number,date,kind,port_code,notes\n12-3456789AB,2025-01-03,exam,{port},{notes}\n",
        encoding="utf-8",
    )
    store = open_store(any_url, actor="tester@cbp.dhs.gov")
    try:
        with store.uow() as uow:
            create_partner(uow, PartnerInput("Acme Imports", "12-3456789AB"))
            uow.commit()
        with store.uow() as uow:
            result = import_file(uow, "touch-points", path)
        assert not result.written and result.rejected == 1
        assert "NUL character" in str(result.errors[0])
    finally:
        store.close()


ROLE_CASES = [
    ("public", "reserves"),
    ("PUBLIC", "reserves"),
    ("current_user", "reserves"),
    ("session_user", "reserves"),
    ("current_role", "reserves"),
    ("none", "reserves"),
    ("pg_monitor", "reserves"),
    ("pg_read_all_data", "reserves"),
    ("tt_team_anything", "reserves"),
    ("postgres", "administrator"),
    ("tt_admin", "administrator"),  # the login running the command (the test server's)
    ("r" * 64, "longer than PostgreSQL's 63 bytes"),
    ("é" * 32, "longer than PostgreSQL's 63 bytes"),
    ("", "name the database login role"),
    ("   ", "name the database login role"),
    (" jdoe", "spaces at either end"),
    ("jd\noe", "control characters"),
]


@pytest.mark.postgres
@pytest.mark.parametrize(("role", "expected"), ROLE_CASES)
@pytest.mark.parametrize("action", ["grant", "revoke"])
def test_a_reserved_or_overlong_role_is_refused_before_postgresql_sees_it(
    pg_url: str, capsys: pytest.CaptureFixture[str], role: str, expected: str, action: str
) -> None:
    extra = ["--revoke"] if action == "revoke" else ["--executive", "nobody@cbp.dhs.gov"]
    code, _out, err = run_main(["--db", pg_url, "db", "grant", "--role", role, *extra], capsys)
    if not role:
        assert code == 2  # no role at all: the command's own usage message
        return
    assert code == 1, err
    assert_one_clear_line(err, expected)


@pytest.mark.postgres
def test_a_63_byte_role_is_still_granted(pg_url: str, capsys: pytest.CaptureFixture[str]) -> None:
    role = "r" * 63
    args = ["--db", pg_url, "db", "grant", "--role", role, "--director", "ELEC"]
    code, _out, err = run_main(args, capsys)
    assert code == 0, err


# --- Spreadsheets that unpack to far more than they weigh -----------------------------------


MAIN_NS = b'xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"'
REL_NS = b"http://schemas.openxmlformats.org/officeDocument/2006/relationships"
PKG_NS = b"http://schemas.openxmlformats.org/package/2006"
TYPE = b"application/vnd.openxmlformats-officedocument.spreadsheetml."
XLSX_PARTS = {
    "[Content_Types].xml": b'<Types xmlns="' + PKG_NS + b'/content-types">'
    b'<Default Extension="rels" '
    b'ContentType="application/vnd.openxmlformats-package.relationships+xml"/>'
    b'<Default Extension="xml" ContentType="application/xml"/>'
    b'<Override PartName="/xl/workbook.xml" ContentType="' + TYPE + b'sheet.main+xml"/>'
    b'<Override PartName="/xl/worksheets/sheet1.xml" ContentType="' + TYPE + b'worksheet+xml"/>'
    b'<Override PartName="/xl/sharedStrings.xml" ContentType="' + TYPE + b'sharedStrings+xml"/>'
    b"</Types>",
    "_rels/.rels": b'<Relationships xmlns="' + PKG_NS + b'/relationships">'
    b'<Relationship Id="rId1" Type="' + REL_NS + b'/officeDocument" Target="xl/workbook.xml"/>'
    b"</Relationships>",
    "xl/workbook.xml": b"<workbook " + MAIN_NS + b' xmlns:r="' + REL_NS + b'">'
    b'<sheets><sheet name="Sheet1" sheetId="1" r:id="rId1"/></sheets></workbook>',
    "xl/_rels/workbook.xml.rels": b'<Relationships xmlns="' + PKG_NS + b'/relationships">'
    b'<Relationship Id="rId1" Type="' + REL_NS + b'/worksheet" Target="worksheets/sheet1.xml"/>'
    b'<Relationship Id="rId2" Type="' + REL_NS + b'/sharedStrings" Target="sharedStrings.xml"/>'
    b"</Relationships>",
}  # fmt: skip


def _sheet(ior: str, note: bytes = b'<c r="D2" t="s"><v>6</v></c>') -> bytes:
    header = b"".join(
        b'<c r="%s1" t="s"><v>%d</v></c>' % (c.encode(), i) for i, c in enumerate("ABCD")
    )
    return (
        b"<worksheet " + MAIN_NS + b'><sheetData><row r="1">' + header + b'</row><row r="2">'
        b'<c r="A2" t="inlineStr"><is><t>' + ior.encode() + b"</t></is></c>"
        b'<c r="B2" t="inlineStr"><is><t>2025-01-02</t></is></c>'
        b'<c r="C2" t="s"><v>5</v></c>' + note + b"</row></sheetData></worksheet>"
    )


def _write_xlsx(path: Path, ior: str, shared: object, sheet: bytes | None = None) -> None:
    """A workbook made by hand, its shared strings streamed in by ``shared(stream)``."""
    import zipfile

    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as book:
        for name, data in XLSX_PARTS.items():
            book.writestr(name, data)
        book.writestr("xl/worksheets/sheet1.xml", sheet or _sheet(ior))
        with book.open("xl/sharedStrings.xml", "w", force_zip64=True) as stream:
            shared(stream)  # type: ignore[operator]


SST = b"<sst " + MAIN_NS + b">"


def _shared_strings(text_bytes: int, block: bytes = b"A" * (1 << 20)) -> object:
    """Six short strings, then one of ``text_bytes`` bytes (the seventh, index 6)."""

    def write(stream: object) -> None:
        out = stream.write  # type: ignore[attr-defined]
        out(SST + b"<si><t>ior_number</t></si><si><t>date</t></si><si><t>kind</t></si>")
        out(b"<si><t>notes</t></si><si><t>fine</t></si><si><t>exam</t></si><si><t>")
        left = text_bytes
        while left > 0:
            out(block[: min(left, len(block))])
            left -= len(block)
        out(b"</t></si></sst>")

    return write


def _peak_rss_mb() -> float:
    import resource

    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


@pytest.mark.parametrize(
    ("text_bytes", "expected"),
    [
        (10, ""),  # the control: the same workbook with a short note imports
        (1 << 30, "unpacks to"),  # the 1 GiB cell that took 11 GB of memory
        (200 << 20, "more than 131,072 characters"),  # within the size limit, one huge cell
        (140_000, "more than 131,072 characters"),  # just over a cell's limit
    ],
    ids=["control", "1-GiB", "200-MiB", "140k"],
)
def test_a_workbook_bomb_is_refused_before_it_is_read(
    world: World, capsys: pytest.CaptureFixture[str], text_bytes: int, expected: str
) -> None:
    path = world.tmp / "bomb.xlsx"
    _write_xlsx(path, world.ior, _shared_strings(text_bytes))
    assert path.stat().st_size < 2 * 1024**2  # a couple of MB on disk at most
    before, peak = world.counts(), _peak_rss_mb()
    code, out, err = run_main(["--db", str(world.db), "import", "touch-points", str(path)], capsys)
    if not expected:
        assert code == 0 and "1 created" in out, err
        return
    assert code == 2
    assert_one_clear_line(err, expected)
    assert _peak_rss_mb() - peak < 100  # streamed, never held
    assert world.counts()[:3] == before[:3]


def test_an_inline_cell_over_the_limit_in_a_sheet_is_refused(
    world: World, capsys: pytest.CaptureFixture[str]
) -> None:
    path = world.tmp / "inline.xlsx"
    note = b'<c r="D2" t="inlineStr"><is><t>' + b"B" * 2_000_000 + b"</t></is></c>"
    _write_xlsx(path, world.ior, _shared_strings(3), _sheet(world.ior, note))
    code, _out, err = run_main(["--db", str(world.db), "import", "touch-points", str(path)], capsys)
    assert code == 2
    assert_one_clear_line(err, "more than 131,072 characters")


def test_a_workbook_cell_just_over_the_limit_is_refused_by_the_reader(
    world: World, capsys: pytest.CaptureFixture[str]
) -> None:
    """Under the coarse byte check of the sheet, over the character limit of a cell
    (Excel itself stops at 32,767 characters; another program may not)."""
    path = world.tmp / "long.xlsx"
    note = b'<c r="D2" t="inlineStr"><is><t>' + b"n" * 131_073 + b"</t></is></c>"
    _write_xlsx(path, world.ior, _shared_strings(3), _sheet(world.ior, note))
    code, _out, err = run_main(["--db", str(world.db), "import", "touch-points", str(path)], capsys)
    assert code == 2
    assert_one_clear_line(err, "more than 131,072 characters")
