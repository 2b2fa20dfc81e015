"""``trusted-trader import entries`` on a file shaped like an ACE ES-003 report."""

from __future__ import annotations

import csv
import sqlite3
import subprocess
import sys
from pathlib import Path

import pytest

from tests.conftest import valid_entry
from trusted_trader.services import reference
from trusted_trader.services.partners import PartnerInput, create_partner
from trusted_trader.services.store import open_store

ACME, BOLT, STRANGER = "12-3456789AB", "98-7654321CD", "55-5555555AB"
ES_003 = ["Entry Summary Number", "Entry Summary Line Number", "Importer Number",
          "Entry Date", "Entry Summary Date", "Port Code", "HTS Number",
          "Line Goods Value Amount", "Line Duty Amount"]  # fmt: skip
A1, A2 = valid_entry("ACM1000001"), valid_entry("ACM1000002")
FOREIGN = valid_entry("XYZ1000003")  # filed under a filer code that is not Acme's
B1, U1 = valid_entry("BLT2000001"), valid_entry("QQQ3000001")
LINES = [
    [A1, 1, ACME, "01/05/2026", "01/15/2026", "0101", "8471.30.0100", "1000", "25"],
    [A1, 2, ACME, "01/05/2026", "01/15/2026", "0101", "8517.62.0090", "500", "0"],
    [B1, 1, BOLT, "01/06/2026", "01/16/2026", "3901", "7208.51.0030", "900", "0"],
    [A1, 3, ACME, "01/05/2026", "01/15/2026", "0101", "0201.10.0510", "40", "1"],  # beef: AGR
    [A2, 1, ACME, "02/02/2026", "02/12/2026", "2704", "8471.30.0100", "300", "0"],
    [U1, 1, STRANGER, "02/03/2026", "02/13/2026", "2704", "6110.20.2079", "70", "0"],
    [U1, 2, STRANGER, "02/03/2026", "02/13/2026", "2704", "6110.20.2079", "30", "0"],
    [FOREIGN, 1, ACME, "02/09/2026", "02/19/2026", "2704", "8471.30.0100", "200", "0"],
    [B1, 2, BOLT, "01/06/2026", "01/16/2026", "3901", "7208.52.0000", "100", "0"],
]


def tt(db: Path, *args: str) -> subprocess.CompletedProcess[str]:
    """The command line in a process of its own, on ``db``."""
    command = [sys.executable, "-m", "trusted_trader", "--db", str(db), *args]
    return subprocess.run(command, capture_output=True, text=True, check=False, timeout=300)


@pytest.fixture
def db(tmp_path: Path) -> Path:
    path = tmp_path / "desk.sqlite"
    store = open_store(f"sqlite:///{path}", actor="ae@cbp.dhs.gov")
    with store.uow() as uow:
        centers = {c.code: c.id for c in reference.list_centers(uow)}
        create_partner(uow, PartnerInput("Acme Imports", ACME, "ACM", center_id=centers["ELEC"]))
        create_partner(uow, PartnerInput("Bolt Steel", BOLT, "BLT", center_id=centers["BMT"]))
        uow.commit()
    store.close()
    return path


def query(db: Path, sql: str) -> list[tuple[object, ...]]:
    with sqlite3.connect(db) as conn:
        return conn.execute(sql).fetchall()


def volumes(db: Path) -> tuple[list[tuple[object, ...]], list[tuple[object, ...]]]:
    months = query(
        db,
        "SELECT p.legal_name, v.month, v.derived_entries, v.derived_value_usd, v.reported "
        "FROM monthly_volume v JOIN partner p ON p.id = v.partner_id ORDER BY 1, 2",
    )
    ports = query(
        db,
        "SELECT p.legal_name, v.month, v.port_code, v.entries FROM port_volume v "
        "JOIN partner p ON p.id = v.partner_id ORDER BY 1, 2, 3",
    )
    return months, ports


def test_an_es_003_file_imports_its_entries_derives_volumes_and_reverts(
    db: Path, tmp_path: Path
) -> None:
    path = tmp_path / "ES-003.csv"
    with path.open("w", newline="", encoding="utf-8") as handle:
        csv.writer(handle).writerows([ES_003, *LINES])
    refused = tt(db, "import", "entries", str(path))
    assert refused.returncode == 1, refused.stderr
    assert "1 entry for 1 importer not in any portfolio:\n  55-5555555AB: 1" in refused.stderr
    assert "Nothing was imported: 2 row(s) rejected" in refused.stderr
    assert query(db, "SELECT count(*) FROM customs_entry") == [(0,)]

    errors = tmp_path / "rejected.csv"
    first = tt(db, "import", "entries", str(path), "--partial", "--errors", str(errors))
    assert first.returncode == 1, first.stderr
    assert "4 entries created, 0 updated, 0 unchanged, 2 line(s) rejected." in first.stdout
    assert "1 entry for 1 importer not in any portfolio" in first.stderr
    with errors.open(encoding="utf-8-sig", newline="") as handle:
        assert [r[0] for r in csv.reader(handle)][1:] == [U1, U1]
    assert query(db, "SELECT entry_number, filer_code, lines, entered_value_usd, hts_numbers "
                     "FROM customs_entry ORDER BY entry_number") == [
        (A1, "ACM", 3, 1540.0, "0201100510 8471300100 8517620090"),
        (A2, "ACM", 1, 300.0, "8471300100"),
        (B1, "BLT", 2, 1000.0, "7208510030 7208520000"),
        (FOREIGN, "XYZ", 1, 200.0, "8471300100"),
    ]  # fmt: skip
    derived = (
        [("Acme Imports", "2026-01-01", 1, 1540.0, 0), ("Acme Imports", "2026-02-01", 2, 500.0, 0),
         ("Bolt Steel", "2026-01-01", 1, 1000.0, 0)],
        [("Acme Imports", "2026-01-01", "0101", 1), ("Acme Imports", "2026-02-01", "2704", 2),
         ("Bolt Steel", "2026-01-01", "3901", 1)],
    )  # fmt: skip
    assert volumes(db) == derived

    again = tt(db, "import", "entries", str(path), "--partial", "--errors", str(errors),
               "--overwrite")  # fmt: skip
    assert "0 entries created, 0 updated, 4 unchanged, 2 line(s) rejected." in again.stdout
    assert volumes(db) == derived

    exported = tmp_path / "entries.xlsx"
    assert tt(db, "export", "entries", str(exported)).returncode == 0
    back = tt(db, "import", "entries", str(exported))
    assert back.returncode == 0, back.stderr
    assert "0 entries created, 0 updated, 4 unchanged, 0 line(s) rejected." in back.stdout

    reverted = tt(db, "import", "revert", "1")
    assert reverted.returncode == 0, reverted.stderr
    assert "4 record(s) deleted" in reverted.stdout
    assert volumes(db) == ([], [])


def test_import_entries_help_names_the_ace_columns(tmp_path: Path) -> None:
    done = tt(tmp_path / "none.sqlite", "import", "entries", "--help")
    shown = " ".join(done.stdout.split())
    assert "Entry Summary Number, Importer Number" in shown and "--partial" in shown
