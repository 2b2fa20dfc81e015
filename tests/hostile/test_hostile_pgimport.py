"""Hostile and careless imports by team members on the team database: each case a row.

A member's file may name partners they may not change (by any spelling of the
IOR number), try to take, give away or move partners, carry cell values that
could break the way rows are sent to PostgreSQL, or come from a client that
claims to be someone else. Each row says what must happen instead.
"""

from __future__ import annotations

import zlib
from collections.abc import Iterator
from pathlib import Path

import pytest
from pg_server import PostgresServer
from sqlalchemy import create_engine, text
from team_import_world import EMAILS, IORS, TeamWorld, run_import, team_world

from tests.conftest import csv_file as write_csv
from tests.conftest import valid_entry
from trusted_trader.services.importing.access import (
    ADD_OWN,
    MOVE_BY_DIRECTOR,
    OTHER_EXECUTIVE,
    UNASSIGNED,
    UNSEEN_IOR,
)
from trusted_trader.services.store import open_store

pytestmark = pytest.mark.postgres
NOT_SEEN = "no partner has this IOR number"
BOB_REFUSED = f"partner {IORS['bob']} {OTHER_EXECUTIVE}"


@pytest.fixture(scope="module")
def world(postgres_server: PostgresServer) -> Iterator[TeamWorld]:
    yield from team_world(postgres_server)


TOUCH_POINT_CASES = [
    # (case, the IOR number as written in the file, the reason the row is refused)
    ("a colleague's partner", IORS["bob"], BOB_REFUSED),
    ("in lower case with spaces", f"  {IORS['bob'].lower()} ", BOB_REFUSED),
    ("a partner of no one", IORS["none"], f"partner {IORS['none']} {UNASSIGNED}"),
    ("another Center's partner", IORS["cy"], NOT_SEEN),
]


@pytest.mark.parametrize(("case", "ior", "reason"), TOUCH_POINT_CASES, ids=[c[0] for c in
                         TOUCH_POINT_CASES])  # fmt: skip
@pytest.mark.parametrize("kind", ["touch-points", "volumes"])
def test_rows_for_partners_a_member_may_not_change_are_refused_by_name(
    world: TeamWorld, tmp_path: Path, case: str, ior: str, reason: str, kind: str
) -> None:
    if kind == "touch-points":
        header = ["IOR number", "Date", "Kind", "Port code", "Entry number", "Notes"]
        rows = [[IORS["ann"], "2026-02-01", "exam", "0101", "", "mine"],
                [ior, "2026-02-02", "exam", "0101", "", case]]  # fmt: skip
    else:
        header = ["IOR number", "Month", "Entries"]
        rows = [[IORS["ann"], "2026-02", "5"], [ior, "2026-02", "7"]]
    before = world.count("touch_point") + world.count("monthly_volume")
    result = run_import(world.store("ann"), kind, write_csv(tmp_path / "f.csv", header, rows))
    assert not result.written
    assert [(e.row, e.reason) for e in result.errors] == [(3, reason)]
    assert world.count("touch_point") + world.count("monthly_volume") == before


PARTNER_CASES = [
    # (case, the row, the reason it is refused)
    ("take a colleague's partner", f"Bob Partner,{IORS['bob']},ELEC,{EMAILS['ann']}",
     f"partner {IORS['bob']} {OTHER_EXECUTIVE}"),
    ("give her partner away", f"Ann Partner,{IORS['ann']},ELEC,{EMAILS['bob']}",
     f"partner {IORS['ann']}: {MOVE_BY_DIRECTOR}"),
    ("move her partner to another Center", f"Ann Partner,{IORS['ann']},BMT,{EMAILS['ann']}",
     f"partner {IORS['ann']}: {MOVE_BY_DIRECTOR}"),
    ("unassign her partner", f"Ann Partner,{IORS['ann']},ELEC,", f"partner {IORS['ann']}: "
     f"{MOVE_BY_DIRECTOR}"),
    ("add a partner for a colleague", f"New One,99-1000001AB,ELEC,{EMAILS['bob']}", ADD_OWN),
    ("add a partner of no one", "New Two,99-1000002AB,ELEC,", ADD_OWN),
    ("a new IOR beside a colleague's", f"Bob Partner,99-1000003AB;{IORS['bob']},ELEC,"
     f"{EMAILS['bob']}", f"partner 99-1000003AB {OTHER_EXECUTIVE}"),
    ("another Center's partner's IOR", f"Cy Copy,{IORS['cy']},ELEC,{EMAILS['ann']}",
     UNSEEN_IOR),
    ("her partner given another Center's IOR", f"Ann Partner,{IORS['ann']};{IORS['cy']},ELEC,"
     f"{EMAILS['ann']}", UNSEEN_IOR),
]  # fmt: skip


@pytest.mark.parametrize(("case", "row", "reason"), PARTNER_CASES, ids=[c[0] for c in
                         PARTNER_CASES])  # fmt: skip
def test_partner_rows_that_would_take_give_or_move_partners_are_refused(
    world: TeamWorld, tmp_path: Path, case: str, row: str, reason: str
) -> None:
    path = tmp_path / "partners.csv"
    path.write_text(f"name,ior_numbers,center,account_executive\n{row}\n", encoding="utf-8")
    before = world.count("partner")
    result = run_import(world.store("ann"), "partners", path)
    assert not result.written, case
    assert [e.reason for e in result.errors] == [reason]
    partial = run_import(world.store("ann"), "partners", path, partial=True)
    assert (partial.created, partial.updated, partial.rejected) == (0, 0, 1)
    assert world.count("partner") == before


NOTES = [
    ('a "quoted" word', 'a "quoted" word'),
    ("a back\\slash and \\N", "a back\\slash and \\N"),
    ("commas, {braces} and NULL", "commas, {braces} and NULL"),
    ("NULL", "NULL"),
    ("  spaces around  ", "  spaces around  "),
    ("a line\nand another\ttab", "a line\nand another\ttab"),
    ("émigré ☃ 𝔘𝔫𝔦𝔠𝔬𝔡𝔢", "émigré ☃ 𝔘𝔫𝔦𝔠𝔬𝔡𝔢"),
    ("x" * 131_072, "x" * 131_072),
]


@pytest.mark.parametrize("who", ["ann", "owner"])
@pytest.mark.parametrize(("notes", "stored"), NOTES, ids=[n[:20] for n, _ in NOTES])
def test_any_cell_text_reaches_the_team_database_unchanged_by_either_path(
    world: TeamWorld, tmp_path: Path, who: str, notes: str, stored: str
) -> None:
    entry = valid_entry(f"999{zlib.crc32(f'{who}{notes}'.encode()) % 10_000_000:07d}")
    row = [IORS["ann"], "2026-03-01", "exam", "0101", entry, notes]
    header = ["IOR number", "Date", "Kind", "Port code", "Entry number", "Notes"]
    path = write_csv(tmp_path / "notes.csv", header, [row])
    store = world.owner if who == "owner" else world.store(who)
    result = run_import(store, "touch-points", path)
    assert result.created == 1, result.errors
    engine = create_engine(world.url("owner"))
    with engine.connect() as conn:
        found = conn.execute(
            text("SELECT notes FROM touch_point WHERE entry_number = :e"),
            {"e": entry},
        ).scalar_one()
    engine.dispose()
    assert found == stored


CLAIMS = ["bob@cbp.dhs.gov", "tt_admin", "'; DROP TABLE audit_log; --"]


@pytest.mark.parametrize("claimed", CLAIMS)
def test_a_client_cannot_name_someone_else_as_who_imported(
    world: TeamWorld, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, claimed: str
) -> None:
    month = f"2024-{1 + CLAIMS.index(claimed):02d}"  # a new volume each time: a record written
    monkeypatch.setenv("LOGNAME", claimed)
    monkeypatch.setenv("USER", claimed)
    store = open_store(world.url("ann"), actor=claimed)
    try:
        header = ["IOR number", "Month", "Entries"]
        path = write_csv(tmp_path / "v.csv", header, [[IORS["ann"], month, "3"]])
        result = run_import(store, "volumes", path)
    finally:
        store.close()
    assert result.batch_id is not None
    engine = create_engine(world.url("owner"))
    with engine.connect() as conn:
        batch = conn.execute(
            text("SELECT actor FROM import_batch WHERE id = :b"), {"b": result.batch_id}
        ).scalar_one()
        audit = set(
            conn.execute(
                text("SELECT actor FROM audit_log WHERE table_name = 'import_batch' "
                     "AND record_id = :b"), {"b": result.batch_id},
            ).scalars()
        )  # fmt: skip
    engine.dispose()
    assert batch == world.roles["ann"] and audit == {world.roles["ann"]}
