"""`db upgrade` prints what the upgrade did to the user's data, and `db check` names bad entries."""

from __future__ import annotations

from pathlib import Path

import pytest
from alembic import command
from sqlalchemy import create_engine, text

from trusted_trader.cli import main
from trusted_trader.store.migrate import alembic_config

STAMP = "2025-01-01 00:00:00"


def old_database(path: Path, coverage: list[str]) -> str:
    """A file at schema 0005 with an A&A Center, one partner and one CF-29."""
    engine = create_engine(f"sqlite:///{path}")
    with engine.begin() as conn:
        command.upgrade(alembic_config(conn), "0005")
        conn.execute(
            text(
                "INSERT INTO center (id, code, name, office, created_at, updated_at, version) "
                "VALUES (1, 'A&A', 'Automotive & Aerospace', 'Detroit, MI', :s, :s, 1)"
            ),
            {"s": STAMP},
        )
        for prefix in coverage:
            conn.execute(
                text(
                    "INSERT INTO center_coverage (center_id, hts_prefix, description, "
                    "created_at, updated_at) VALUES (1, :p, '', :s, :s)"
                ),
                {"p": prefix, "s": STAMP},
            )
        conn.execute(
            text(
                "INSERT INTO partner (id, legal_name, dba, ctpat_account, country, status, "
                "risk_rating, notes, address, city, created_at, updated_at, version) VALUES "
                "(1, 'Acme Imports', '', '', 'US', 'active', 'medium', '', '', '', :s, :s, 1)"
            ),
            {"s": STAMP},
        )
        conn.execute(
            text(
                "INSERT INTO touch_point (partner_id, occurred_on, kind, port_code, "
                "entry_number, hts_number, agency, outcome, notes, created_at, updated_at, "
                "version) VALUES (1, '2025-03-02', 'cf29', '', 'ABC-1234567-8', '', 'CBP', '', "
                "'', :s, :s, 1)"
            ),
            {"s": STAMP},
        )
    engine.dispose()
    return str(path)


def test_db_upgrade_says_edited_coverage_was_left_alone_and_cf29s_kept_as_proposed(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    db = old_database(tmp_path / "old.sqlite", ["87", "88", "4011"])
    assert main(["--db", db, "db", "upgrade"]) == 0
    out = capsys.readouterr().out
    assert "note: The Automotive & Aerospace Center's HTS coverage was edited" in out
    assert "kept as 'CF-29 action proposed'" in out
    assert main(["--db", db, "db", "upgrade"]) == 0  # nothing new the second time
    assert "note:" not in capsys.readouterr().out


def test_db_check_names_the_stored_entry_number_with_a_wrong_check_digit(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    db = old_database(tmp_path / "old.sqlite", ["8407", "8408", "8409", "8706", "8707",
                                                 "8708", "87", "88"])  # fmt: skip
    assert main(["--db", db, "db", "check"]) == 1
    out = capsys.readouterr().out
    assert "touch point #1 (Acme Imports, 2025-03-02)" in out
    assert "should be 6, not 8" in out
