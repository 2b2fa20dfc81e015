"""Re-importing touch points: a row whose record keeps its digest is counted unchanged unread.

Every test reads its file in the reader process (as large files are) and counts the
rows the reader found unchanged by their digest, so that each fails when that path is
not taken, or taken where the record no longer is what the file made it.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from pg_server import PostgresServer
from sqlalchemy import create_engine, select, text
from team_import_world import IORS, TeamWorld, team_world
from team_import_world import touch_points as team_touch_points

from tests.conftest import ACME_IOR, add_partner
from tests.services.test_import_reimport import counts, line, write
from tests.services.test_import_reimport import run as imported
from trusted_trader.services import touch_points
from trusted_trader.services.importing import ImportResult, entry_digest
from trusted_trader.services.importing.keyed import KeyedHandler
from trusted_trader.services.importing.revert import revert_import
from trusted_trader.services.importing.run import ImportRun
from trusted_trader.services.importing.touch_digest import Skipped
from trusted_trader.services.store import Store, open_store
from trusted_trader.services.team_copy import copy_database
from trusted_trader.services.touch_points import TouchPointInput
from trusted_trader.store.models import ImportChange, TouchPoint

ROWS = 24
OTHER_IOR = "98-7654321CD"


@pytest.fixture
def skipped(monkeypatch: pytest.MonkeyPatch) -> list[int]:
    return spy_skipped(monkeypatch)


def spy_skipped(monkeypatch: pytest.MonkeyPatch) -> list[int]:
    """The numbers of the rows the reader counted unchanged by their digest, as it sends them."""
    numbers: list[int] = []
    real = KeyedHandler.skipped

    def spied(self: KeyedHandler, run: ImportRun, rows: Skipped) -> None:
        numbers.extend(rows.numbers)
        real(self, run, rows)

    monkeypatch.setattr(KeyedHandler, "skipped", spied)
    return numbers


def run(store: Store, path: Path, **options: Any) -> ImportResult:
    """Import ``path`` through the reader process, a few rows a chunk; committed if written."""
    return imported(store, path, **{"chunk_size": 5, "reader": "process", **options})


def state(store: Store) -> list[tuple[object, ...]]:
    with store.uow() as uow:
        stmt = select(
            TouchPoint.id, TouchPoint.partner_id, TouchPoint.notes, TouchPoint.version
        ).order_by(TouchPoint.id)  # fmt: skip
        return [tuple(r) for r in uow.connection.execute(stmt)]


def changes(store: Store, batch_id: int | None) -> int:
    with store.uow() as uow:
        stmt = select(ImportChange.id).where(ImportChange.batch_id == batch_id)
        return len(uow.connection.execute(stmt).all())


def row_number(n: int) -> int:
    """The file row number of ``line(n)`` (the header is row 1)."""
    return n + 2


def first_import(store: Store, tmp_path: Path) -> Path:
    path = write(tmp_path, "first.csv", [line(n) for n in range(ROWS)])
    assert counts(run(store, path)) == (ROWS, 0, 0, 0)
    return path


def test_an_unchanged_file_is_counted_unchanged_by_digest_and_writes_nothing(
    store: Store, acme_id: int, tmp_path: Path, skipped: list[int]
) -> None:
    path = first_import(store, tmp_path)
    assert skipped == []  # nothing stored yet: every row checked
    before = state(store)
    again = run(store, path)
    assert counts(again) == (0, 0, ROWS, 0)
    assert sorted(skipped) == [row_number(n) for n in range(ROWS)]
    assert changes(store, again.batch_id) == 0
    assert state(store) == before
    assert {version for *_, version in before} == {1}


def test_the_same_rows_in_another_order_are_counted_unchanged_by_digest(
    store: Store, acme_id: int, tmp_path: Path, skipped: list[int]
) -> None:
    first_import(store, tmp_path)
    lines = [line(n) for n in reversed(range(ROWS))]
    assert counts(run(store, write(tmp_path, "reversed.csv", lines))) == (0, 0, ROWS, 0)
    assert len(skipped) == ROWS


def test_a_row_edited_in_between_is_updated_back_and_only_it_is_read(
    store: Store, acme_id: int, tmp_path: Path, skipped: list[int]
) -> None:
    path = first_import(store, tmp_path)
    record = state(store)[5]
    with store.uow() as uow:
        stored = touch_points.get_touch_point(uow, int(record[0]))
        edited = TouchPointInput(
            stored.occurred_on, stored.kind, stored.port_code, stored.entry_number,
            notes="edited in the window",
        )  # fmt: skip
        touch_points.update_touch_point(uow, stored.id, edited, stored.version)
        uow.commit()
    result = run(store, path)
    assert counts(result) == (0, 1, ROWS - 1, 0)
    assert row_number(5) not in skipped and len(skipped) == ROWS - 1
    assert state(store)[5][2:] == ("row 5", 3)


def test_a_deleted_and_restored_row_is_checked_in_full(
    store: Store, acme_id: int, tmp_path: Path, skipped: list[int]
) -> None:
    path = first_import(store, tmp_path)
    record_id = int(state(store)[2][0])
    with store.uow() as uow:
        held = touch_points.delete_touch_point(uow, record_id)
        uow.commit()
    with store.uow() as uow:
        touch_points.restore_touch_point(uow, held)
        uow.commit()
    assert counts(run(store, path)) == (0, 0, ROWS, 0)
    assert row_number(2) not in skipped and len(skipped) == ROWS - 1


def test_rows_found_unchanged_in_full_get_their_digest_and_are_then_skipped(
    store: Store, acme_id: int, tmp_path: Path, skipped: list[int]
) -> None:
    path = first_import(store, tmp_path)
    with store.uow() as uow:  # as a release before digests left them
        uow.connection.execute(text("UPDATE touch_point SET source_digest = NULL"))
        uow.commit()
    before = state(store)
    again = run(store, path)
    assert counts(again) == (0, 0, ROWS, 0)
    assert skipped == []  # each row checked in full, and its digest kept with its record
    assert state(store) == before  # versions too: only the digest was written
    assert changes(store, again.batch_id) == 0  # and nothing a revert would undo
    assert counts(run(store, path)) == (0, 0, ROWS, 0)
    assert sorted(skipped) == [row_number(n) for n in range(ROWS)]


def test_digests_taken_under_another_release_vouch_for_nothing(
    store: Store, acme_id: int, tmp_path: Path, skipped: list[int], monkeypatch: pytest.MonkeyPatch
) -> None:
    """A new release may check rows more strictly: what an older one let in is checked again."""
    path = write(tmp_path, "first.csv", [line(n) for n in range(ROWS)])
    with monkeypatch.context() as patched:  # on a thread: the digests of this process
        patched.setattr(entry_digest, "RELEASE", "Trusted Trader 0.0.1")
        assert counts(run(store, path, reader="thread")) == (ROWS, 0, 0, 0)
    assert counts(run(store, path)) == (0, 0, ROWS, 0)
    assert skipped == []
    assert counts(run(store, path)) == (0, 0, ROWS, 0)  # with this release's digests now
    assert len(skipped) == ROWS


def test_one_changed_cell_updates_exactly_its_row_and_then_vouches_for_it(
    store: Store, acme_id: int, tmp_path: Path, skipped: list[int]
) -> None:
    first_import(store, tmp_path)
    before = state(store)
    changed = write(
        tmp_path, "changed.csv", [line(n, "new" if n == 9 else None) for n in range(ROWS)]
    )
    result = run(store, changed)
    assert counts(result) == (0, 1, ROWS - 1, 0)
    after = state(store)
    assert [n for n in range(ROWS) if after[n] != before[n]] == [9]
    assert after[9][2:] == ("new", 2)
    skipped.clear()
    assert counts(run(store, changed)) == (0, 0, ROWS, 0)
    assert len(skipped) == ROWS


def test_a_reverted_import_then_imported_again_updates_its_rows_again(
    store: Store, acme_id: int, tmp_path: Path, skipped: list[int]
) -> None:
    first = first_import(store, tmp_path)
    before = state(store)
    edited = {3, 17}
    changed = write(
        tmp_path, "changed.csv", [line(n, "new" if n in edited else None) for n in range(ROWS)]
    )
    batch = run(store, changed).batch_id
    with store.uow() as uow:
        revert_import(uow, batch or 0)
        uow.commit()
    assert state(store) == before
    skipped.clear()
    # The first file vouches again for the rows put back, exactly as they were.
    assert counts(run(store, first)) == (0, 0, ROWS, 0)
    assert len(skipped) == ROWS
    skipped.clear()
    assert counts(run(store, changed)) == (0, len(edited), ROWS - len(edited), 0)
    assert {row_number(n) for n in edited}.isdisjoint(skipped)


def test_a_row_reverted_then_edited_to_the_version_an_import_wrote_is_not_vouched_for(
    store: Store, acme_id: int, tmp_path: Path, skipped: list[int]
) -> None:
    first_import(store, tmp_path)
    changed = write(
        tmp_path, "changed.csv", [line(n, "new" if n == 4 else None) for n in range(ROWS)]
    )
    batch = run(store, changed).batch_id  # row 4 at version 2, from this file
    with store.uow() as uow:
        revert_import(uow, batch or 0)  # back to version 1
        uow.commit()
    record_id = int(state(store)[4][0])
    with store.uow() as uow:  # version 2 again, with other values
        stored = touch_points.get_touch_point(uow, record_id)
        edited = TouchPointInput(
            stored.occurred_on, stored.kind, stored.port_code, stored.entry_number,
            notes="edited after the revert",
        )  # fmt: skip
        touch_points.update_touch_point(uow, record_id, edited, stored.version)
        uow.commit()
    skipped.clear()
    assert counts(run(store, changed)) == (0, 1, ROWS - 1, 0)
    assert row_number(4) not in skipped
    assert state(store)[4][2:] == ("new", 3)


# The reader sends a chunk once it holds ``chunk_size`` checked rows or eight times as
# many unchecked ones: with 1, every checked row goes in a chunk of its own.
APART = pytest.mark.parametrize("chunk_size", [100, 1], ids=["one chunk", "chunks apart"])


@APART
def test_a_repeated_key_after_a_row_counted_unchanged_is_still_refused(
    store: Store, acme_id: int, tmp_path: Path, skipped: list[int], chunk_size: int
) -> None:
    first_import(store, tmp_path)
    lines = [line(n) for n in range(ROWS)] + [line(3, "other notes")]
    result = run(store, write(tmp_path, "repeat.csv", lines), chunk_size=chunk_size)
    assert row_number(3) in skipped
    assert counts(result)[3] == 1
    (error,) = result.errors
    assert error.row == row_number(ROWS)
    assert "repeats row 5 of the file" in error.reason


@APART
def test_an_unchanged_row_after_a_changed_row_of_its_key_is_refused(
    store: Store, acme_id: int, tmp_path: Path, skipped: list[int], chunk_size: int
) -> None:
    first_import(store, tmp_path)
    lines = [line(3, "changed first")] + [line(n) for n in range(ROWS)]
    result = run(store, write(tmp_path, "repeat.csv", lines), chunk_size=chunk_size, partial=True)
    assert counts(result) == (0, 1, ROWS - 1, 1)
    (error,) = result.errors
    assert error.row == row_number(3) + 1
    assert "repeats" in error.reason and "of the file" in error.reason
    assert state(store)[3][2:] == ("changed first", 2)


@APART
def test_all_or_nothing_refuses_an_unchanged_row_after_a_changed_row_it_would_have_written(
    store: Store, acme_id: int, tmp_path: Path, skipped: list[int], chunk_size: int
) -> None:
    first_import(store, tmp_path)
    before = state(store)
    bad = line(0).replace("2026-", "2026-13-", 1)  # no such month: refused, nothing written
    lines = [bad, line(3, "changed first"), *[line(n) for n in range(ROWS)]]
    result = run(store, write(tmp_path, "repeat.csv", lines), chunk_size=chunk_size)
    assert not result.written
    assert [e.row for e in result.errors] == [2, row_number(3) + 2]
    assert "repeats row 3 of the file" in result.errors[1].reason
    assert state(store) == before


def test_a_file_first_imported_on_a_thread_is_matched_by_the_reader_process(
    store: Store, acme_id: int, tmp_path: Path, skipped: list[int]
) -> None:
    cells = [line(n) for n in range(ROWS)]
    cells[1] = cells[1].replace("row 1", '"row 1, with a comma"')
    cells[2] = cells[2].replace("row 2", "row\x1f2")  # read by repr: the same either way
    path = write(tmp_path, "first.csv", cells)
    assert counts(run(store, path, reader="thread")) == (ROWS, 0, 0, 0)
    assert counts(run(store, path)) == (0, 0, ROWS, 0)
    assert sorted(skipped) == [row_number(n) for n in range(ROWS)]


def test_an_ior_moved_to_another_partner_makes_its_rows_new(
    store: Store, acme_id: int, tmp_path: Path, skipped: list[int]
) -> None:
    path = first_import(store, tmp_path)
    other = add_partner(store, "Other Imports", OTHER_IOR)
    with store.uow() as uow:  # the IOR number now names the other partner
        uow.connection.execute(
            text("UPDATE partner_ior SET partner_id = :p WHERE ior_number = :i"),
            {"p": other, "i": ACME_IOR},
        )
        uow.commit()
    skipped.clear()
    assert counts(run(store, path)) == (ROWS, 0, 0, 0)
    assert skipped == []
    assert {partner for _, partner, *_ in state(store)[ROWS:]} == {other}


def test_a_file_with_other_columns_is_checked_in_full(
    store: Store, acme_id: int, tmp_path: Path, skipped: list[int]
) -> None:
    first_import(store, tmp_path)
    header = "ior_number,date,kind,port_code,entry_number,notes,agency\n"
    lines = [line(n).rstrip("\n") + ",CBP\n" for n in range(ROWS)]
    skipped.clear()
    assert counts(run(store, write(tmp_path, "wider.csv", lines, header))) == (0, 0, ROWS, 0)
    assert skipped == []


@pytest.fixture
def world(postgres_server: PostgresServer) -> Iterator[TeamWorld]:
    yield from team_world(postgres_server)


@pytest.mark.postgres
def test_rows_of_a_partner_this_member_may_not_change_are_refused_not_counted_unchanged(
    world: TeamWorld, tmp_path: Path, skipped: list[int]
) -> None:
    path = team_touch_points(tmp_path / "team.csv", ["ann", "bob"], 20)
    assert counts(run(world.owner, path)) == (40, 0, 0, 0)  # the owner imports both
    result = run(world.store("ann"), path, partial=True)
    assert counts(result) == (0, 0, 20, 20)
    assert len(skipped) == 20
    assert {e.reason for e in result.errors} == {
        f"partner {IORS['bob']} belongs to another Account Executive"
    }


def team_source_digests(url: str) -> list[object]:
    engine = create_engine(url)
    try:
        with engine.connect() as conn:
            return list(conn.execute(text("SELECT source_digest FROM touch_point")).scalars())
    finally:
        engine.dispose()


@pytest.mark.postgres
@pytest.mark.parametrize("merge", [False, True], ids=["copy", "merge"])
def test_a_team_copy_keeps_digests_only_where_the_partner_ids_stay(
    pg_url: str, tmp_path: Path, skipped: list[int], merge: bool
) -> None:
    local = open_store(f"sqlite:///{tmp_path / 'desk.sqlite'}", actor="ann@cbp.dhs.gov")
    add_partner(local, "Acme Imports", ACME_IOR)
    path = first_import(local, tmp_path)
    local.close()
    if merge:  # the team holds another partner first: Acme gets another id there
        owner = open_store(pg_url, actor="owner")
        add_partner(owner, "Zeta Trading", OTHER_IOR)
        owner.close()
    copy_database(f"sqlite:///{tmp_path / 'desk.sqlite'}", pg_url, merge=merge)
    digests = team_source_digests(pg_url)
    assert len(digests) == ROWS
    assert all(d is None for d in digests) if merge else all(d is not None for d in digests)
    team = open_store(pg_url, actor="owner")
    assert counts(run(team, path)) == (0, 0, ROWS, 0)
    assert len(skipped) == (0 if merge else ROWS)
    team.close()
