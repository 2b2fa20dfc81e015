"""Migrations 0007 and 0008 on a real SQLite file and a real PostgreSQL database.

0007 keeps every stored CF-29 as "action proposed" and says so in the audit log, and
adds the reason of a due date set by hand; 0008 corrects the seeded coverage of the
Automotive & Aerospace Center and leaves coverage a user edited alone, saying so.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path
from typing import TYPE_CHECKING

import pytest
from alembic import command
from sqlalchemy import Connection, create_engine, inspect, text

from trusted_trader.store.migrate import alembic_config

if TYPE_CHECKING:
    from pg_server import PostgresServer

OLD_AA = ["8407", "8408", "8409", "8706", "8707", "8708", "87", "88"]
STAMP = "2025-01-01 00:00:00"


@pytest.fixture(params=["sqlite", pytest.param("postgresql", marks=pytest.mark.postgres)])
def old_url(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[str]:
    """An empty database of either kind, to be brought to 0005 by the test."""
    if request.param == "sqlite":
        yield f"sqlite:///{tmp_path / 'old.sqlite'}"
        return
    server: PostgresServer = request.getfixturevalue("postgres_server")
    name = server.empty_database()
    yield server.url(name)
    server.drop_database(name)


def migrate(url: str, target: str, down: bool = False) -> None:
    engine = create_engine(url)
    with engine.begin() as conn:
        (command.downgrade if down else command.upgrade)(alembic_config(conn), target)
    engine.dispose()


def run(url: str, sql: str, **params: object) -> list[tuple[object, ...]]:
    engine = create_engine(url)
    with engine.begin() as conn:
        result = conn.execute(text(sql), params)
        rows = [tuple(r) for r in result] if result.returns_rows else []
    engine.dispose()
    return rows


def seed_at_0005(url: str, aa_coverage: list[str]) -> int:
    """A 0005 database with the A&A Center, one partner and three touch points."""
    migrate(url, "0005")
    engine = create_engine(url)
    with engine.begin() as conn:
        center = insert_id(
            conn,
            "INSERT INTO center (code, name, office, created_at, updated_at, version) "
            "VALUES ('A&A', 'Automotive & Aerospace', 'Detroit, MI', :s, :s, 1)",
        )
        for prefix in aa_coverage:
            conn.execute(
                text(
                    "INSERT INTO center_coverage (center_id, hts_prefix, description, "
                    "created_at, updated_at) VALUES (:c, :p, '', :s, :s)"
                ),
                {"c": center, "p": prefix, "s": STAMP},
            )
        partner = insert_id(
            conn,
            "INSERT INTO partner (legal_name, dba, ctpat_account, country, status, "
            "risk_rating, notes, address, city, created_at, updated_at, version) VALUES "
            "('Acme Imports', '', '', 'US', 'active', 'medium', '', '', '', :s, :s, 1)",
        )
        for kind in ("cf29", "cf29", "exam"):
            conn.execute(
                text(
                    "INSERT INTO touch_point (partner_id, occurred_on, kind, port_code, "
                    "entry_number, hts_number, agency, outcome, response_due, notes, "
                    "created_at, updated_at, version) VALUES (:p, '2025-03-02', :k, '', '', "
                    "'', 'CBP', '', '2025-03-22', '', :s, :s, 1)"
                ),
                {"p": partner, "k": kind, "s": STAMP},
            )
    engine.dispose()
    return partner


def insert_id(conn: Connection, sql: str) -> int:
    return int(conn.execute(text(sql + " RETURNING id"), {"s": STAMP}).scalar_one())


def migration_notes(url: str, table: str) -> list[dict[str, object]]:
    rows = run(
        url,
        "SELECT changes FROM audit_log WHERE action = 'migrate' AND table_name = :t ORDER BY id",
        t=table,
    )
    return [json.loads(str(r[0])) for r in rows]


def coverage(url: str) -> set[str]:
    rows = run(
        url,
        "SELECT hts_prefix FROM center_coverage JOIN center ON center.id = center_id "
        "WHERE code = 'A&A'",
    )
    return {str(r[0]) for r in rows}


def test_rule_cf29_existing_rows_are_kept_as_action_proposed_and_the_upgrade_says_so(
    old_url: str,
) -> None:
    partner = seed_at_0005(old_url, OLD_AA)
    migrate(old_url, "head")
    kinds = sorted(str(r[0]) for r in run(old_url, "SELECT kind FROM touch_point"))
    assert kinds == ["cf29", "cf29", "exam"]  # the code of "CF-29 action proposed"
    notes = migration_notes(old_url, "touch_point")
    assert [(n["count"], n["kept_as"]) for n in notes] == [(2, "cf29")]
    assert "kept as 'CF-29 action proposed'" in str(notes[0]["note"])
    partners = run(old_url, "SELECT partner_id FROM audit_log WHERE action = 'migrate' "
                   "AND table_name = 'touch_point'")  # fmt: skip
    assert partners == [(partner,)]
    engine = create_engine(old_url)
    columns = {c["name"] for c in inspect(engine).get_columns("touch_point")}
    engine.dispose()
    assert "response_due_reason" in columns


def test_a_cf29_action_taken_goes_back_to_cf29_with_a_mark_when_downgraded(
    old_url: str,
) -> None:
    seed_at_0005(old_url, OLD_AA)
    migrate(old_url, "head")
    run(old_url, "UPDATE touch_point SET kind = 'cf29_taken' WHERE id = 1")
    migrate(old_url, "0005", down=True)
    rows = run(old_url, "SELECT kind, notes FROM touch_point WHERE id = 1")
    assert rows == [("cf29", "[CF-29 action taken]")]
    engine = create_engine(old_url)
    columns = {c["name"] for c in inspect(engine).get_columns("touch_point")}
    engine.dispose()
    assert "response_due_reason" not in columns


def test_rule_center_coverage_seeded_aa_coverage_is_corrected_by_the_upgrade(
    old_url: str,
) -> None:
    seed_at_0005(old_url, OLD_AA)
    migrate(old_url, "head")
    found = coverage(old_url)
    assert {"8511", "8714", "8716", "8801", "8805"} <= found
    assert not {"87", "88", "8712", "8715"} & found
    assert migration_notes(old_url, "center_coverage")[0]["coverage"] == "updated"
    migrate(old_url, "0007", down=True)
    assert coverage(old_url) == set(OLD_AA)


def test_rule_center_coverage_edited_by_a_user_is_left_alone_with_a_message(
    old_url: str, caplog: pytest.LogCaptureFixture
) -> None:
    edited = [*OLD_AA, "4011"]
    seed_at_0005(old_url, edited)
    with caplog.at_level("WARNING", logger="trusted_trader.store.migrations"):
        migrate(old_url, "head")
    assert coverage(old_url) == set(edited)
    notes = migration_notes(old_url, "center_coverage")
    assert [n["coverage"] for n in notes] == ["left alone"]
    assert "left it as it is" in str(notes[0]["note"])
    assert "left it as it is" in caplog.text


def test_rule_response_window_open_seizures_get_their_due_date_from_the_upgrade(
    old_url: str,
) -> None:
    partner = seed_at_0005(old_url, OLD_AA)
    for kind, closed in (("seizure", None), ("cf4647", "2025-03-20"), ("seizure", None)):
        run(
            old_url,
            "INSERT INTO touch_point (partner_id, occurred_on, kind, port_code, entry_number, "
            "hts_number, agency, outcome, closed_on, notes, created_at, updated_at, version) "
            "VALUES (:p, '2026-03-02', :k, '', '', '', 'CBP', '', :c, '', :s, :s, 1)",
            p=partner, k=kind, c=closed, s=STAMP,
        )  # fmt: skip
    migrate(old_url, "head")
    rows = run(
        old_url,
        "SELECT kind, response_due FROM touch_point WHERE kind IN ('seizure', 'cf4647') "
        "ORDER BY id",
    )
    dues = [(str(kind), str(due) if due else None) for kind, due in rows]
    assert dues == [("seizure", "2026-04-01"), ("cf4647", None), ("seizure", "2026-04-01")]
    notes = [n for n in migration_notes(old_url, "touch_point") if "windows_given" in n]
    assert [n["windows_given"] for n in notes] == [2]
    migrate(old_url, "0005", down=True)
    assert run(old_url, "SELECT response_due FROM touch_point WHERE kind = 'seizure'") == [
        (None,),
        (None,),
    ]
