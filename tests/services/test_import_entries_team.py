"""Team members import entries of the partners they may change, with the derived volumes."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from pg_server import PostgresServer
from team_import_world import IORS, TeamWorld, run_import, team_world

from tests.conftest import csv_file, valid_entry
from trusted_trader.domain.errors import ConflictError
from trusted_trader.services.importing.access import OTHER_EXECUTIVE
from trusted_trader.services.importing.revert import revert_import

pytestmark = pytest.mark.postgres
HEADER = ["Entry Summary Number", "Importer Number", "Entry Date", "Port Code", "Line Number",
          "Line Goods Value Amount"]  # fmt: skip


@pytest.fixture
def world(postgres_server: PostgresServer) -> Iterator[TeamWorld]:
    yield from team_world(postgres_server)


def entry_lines(path: Path, partners: list[str], entries: int) -> Path:
    """``entries`` entries of two lines for each partner named, a month apart each."""
    rows: list[list[object]] = []
    for k, who in enumerate(partners):
        for n in range(entries):
            entry = valid_entry(f"E{k:02d}{n:07d}")
            day = f"2026-{1 + n % 12:02d}-05"
            rows += [[entry, IORS[who], day, "0101", line, 100 * line] for line in (1, 2)]
    return csv_file(path, HEADER, rows)


@pytest.mark.parametrize(
    ("who", "partners", "reader"),
    [("ann", ["ann"], "auto"), ("dir", ["ann", "bob"], "auto"), ("ann", ["ann"], "process")],
)
def test_a_member_imports_entries_of_their_partners_and_reverts_with_the_volumes(
    world: TeamWorld, tmp_path: Path, who: str, partners: list[str], reader: str
) -> None:
    member, path = world.store(who), entry_lines(tmp_path / "mine.csv", partners, 30)
    first, again = (run_import(member, "entries", path, reader=reader) for _ in range(2))
    entries = 30 * len(partners)
    counts = [world.count(t, partners[0]) for t in ("port_volume", "monthly_volume")]
    assert (first.created, first.rejected, world.count("customs_entry"), counts) == (
        entries, 0, entries, [12, 12],
    )  # fmt: skip
    assert (again.created, again.updated, again.unchanged) == (0, 0, entries)
    with member.uow() as uow:
        revert_import(uow, first.batch_id or 0)
        uow.commit()
    assert world.count("customs_entry") == 0
    assert world.count("port_volume") == 0 and world.count("monthly_volume") == 0


@pytest.mark.parametrize("reader", ["auto", "process"])
def test_entries_of_a_colleagues_partner_are_rejected_lines_naming_why(
    world: TeamWorld, tmp_path: Path, reader: str
) -> None:
    ann = world.store("ann")
    path = entry_lines(tmp_path / "mixed.csv", ["ann", "bob", "cy"], 5)
    if reader == "process":  # the reader folds the lines; the colleague's are refused whole
        run_import(ann, "entries", path, partial=True, reader=reader)
    refused = run_import(ann, "entries", path, reader=reader)
    assert not refused.written and refused.rejected == 20
    assert {e.reason for e in refused.errors} == {
        f"partner {IORS['bob']} {OTHER_EXECUTIVE}",
        "no partner has this IOR number",  # Cy's partner is in another Center: not even seen
    }
    assert [(u.ior_number, u.entries) for u in refused.unknown_importers] == [(IORS["cy"], 5)]
    partial = run_import(ann, "entries", path, partial=True, reader=reader)
    assert (partial.created, partial.rejected) == ((5, 20) if reader == "auto" else (0, 20))
    assert world.count("customs_entry", "ann") == 5 and world.count("customs_entry", "bob") == 0


def test_an_entry_number_held_by_a_partner_the_member_cannot_see_is_refused_in_words(
    world: TeamWorld, tmp_path: Path
) -> None:
    run_import(world.store("cy"), "entries", entry_lines(tmp_path / "cy.csv", ["cy"], 2))
    taken = csv_file(
        tmp_path / "ann.csv", HEADER, [[valid_entry("E000000000"), IORS["ann"], "2026-01-05",
                                        "0101", 1, 5]]
    )  # fmt: skip
    with pytest.raises(ConflictError, match="held by a partner you cannot see"):
        run_import(world.store("ann"), "entries", taken)
    assert world.count("customs_entry", "ann") == 0 and world.count("customs_entry", "cy") == 2
