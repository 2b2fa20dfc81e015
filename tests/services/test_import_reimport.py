"""Re-importing a file: rows are compared with digests of the stored records, read once.

Whichever way a row meets its stored record (a digest, or a look-up of its key) the
result is the same: unchanged rows write nothing, changed rows are updated with their
values before kept for a revert, repeats in the file are refused as before.
"""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date
from pathlib import Path
from typing import Any

import pytest
from pg_server import PostgresServer
from sqlalchemy import func, select
from team_import_world import IORS, TeamWorld, team_world
from team_import_world import touch_points as team_touch_points

from tests.conftest import ACME_IOR, valid_entry
from trusted_trader.services import touch_points
from trusted_trader.services.importing import ImportOptions, ImportResult, import_file, keyed
from trusted_trader.services.importing.revert import revert_import
from trusted_trader.services.store import Store
from trusted_trader.services.touch_points import TouchPointInput
from trusted_trader.store.models import ImportChange, MonthlyVolume, TouchPoint

IOR = ACME_IOR  # the partner of the acme_id fixture
HEADER = "ior_number,date,kind,port_code,entry_number,notes\n"
ROWS = 60


def line(n: int, notes: str | None = None, ior: str = IOR) -> str:
    day = f"2026-{1 + n % 12:02d}-{1 + n % 28:02d}"
    return f"{ior},{day},exam,0101,{valid_entry(f'123{n:07d}')},{notes or f'row {n}'}\n"


def write(tmp_path: Path, name: str, lines: list[str], header: str = HEADER) -> Path:
    path = tmp_path / name
    path.write_text(header + "".join(lines), encoding="utf-8")
    return path


def run(store: Store, path: Path, kind: str = "touch-points", **options: Any) -> ImportResult:
    with store.uow() as uow:
        result = import_file(uow, kind, path, ImportOptions(**{"chunk_size": 10, **options}))
        if result.written:
            uow.commit()
    return result


def state(store: Store) -> list[tuple[object, ...]]:
    with store.uow() as uow:
        stmt = select(
            TouchPoint.occurred_on, TouchPoint.port_code, TouchPoint.entry_number,
            TouchPoint.notes, TouchPoint.version,
        ).order_by(TouchPoint.id)  # fmt: skip
        return [tuple(r) for r in uow.connection.execute(stmt)]


def changes(store: Store, batch_id: int | None) -> int:
    with store.uow() as uow:
        stmt = select(func.count()).where(ImportChange.batch_id == batch_id)
        return int(uow.connection.execute(stmt).scalar_one())


def counts(result: ImportResult) -> tuple[int, int, int, int]:
    return result.created, result.updated, result.unchanged, result.rejected


Way = tuple[str, list[int]]


def digest_reads(monkeypatch: pytest.MonkeyPatch) -> list[int]:
    """Each time an import reads the stored records' digests, a 1 in the list returned."""
    calls: list[int] = []
    real = keyed.stored_digests

    def counted(*args: Any) -> dict[int, int]:
        calls.append(1)
        return real(*args)

    monkeypatch.setattr(keyed, "stored_digests", counted)
    return calls


@pytest.fixture(params=["digests", "lookups"])
def way(request: pytest.FixtureRequest, monkeypatch: pytest.MonkeyPatch) -> Way:
    """How rows meet stored records: digests from the second chunk on, or key look-ups only.

    Returns the way and the calls made to read the digests, which the tests check.
    """
    calls = digest_reads(monkeypatch)
    if request.param == "digests":
        monkeypatch.setattr(keyed, "LOOKUPS_PER_SCAN", 10**9)  # after any look-up
    else:
        monkeypatch.setattr(keyed, "SCAN_LIMIT", 0)
    return request.param, calls


def assert_taken(way: Way) -> None:
    name, calls = way
    assert len(calls) == (1 if name == "digests" else 0)


def test_an_unchanged_file_imported_again_changes_and_records_nothing(
    store: Store, acme_id: int, tmp_path: Path, way: Way
) -> None:
    path = write(tmp_path, "first.csv", [line(n) for n in range(ROWS)])
    run(store, path)
    way[1].clear()
    before = state(store)
    again = run(store, path)
    assert counts(again) == (0, 0, ROWS, 0)
    assert_taken(way)
    assert changes(store, again.batch_id) == 0
    assert state(store) == before
    assert {version for *_, version in before} == {1}


def test_a_few_changed_rows_among_unchanged_ones_are_updated_and_revert(
    store: Store, acme_id: int, tmp_path: Path, way: Way
) -> None:
    run(store, write(tmp_path, "first.csv", [line(n) for n in range(ROWS)]))
    way[1].clear()
    before = state(store)
    edited = {7, 33, 59}
    lines = [line(n, "seen again" if n in edited else None) for n in range(ROWS)]
    result = run(store, write(tmp_path, "edited.csv", lines))
    assert counts(result) == (0, len(edited), ROWS - len(edited), 0)
    assert_taken(way)
    assert changes(store, result.batch_id) == len(edited)
    after = state(store)
    assert [n for n, row in enumerate(after) if row != before[n]] == sorted(edited)
    assert {after[n][3:] for n in edited} == {("seen again", 2)}
    with store.uow() as uow:
        revert_import(uow, result.batch_id or 0)
        uow.commit()
    assert state(store) == before


def test_a_row_repeating_an_unchanged_one_with_other_values_is_refused(
    store: Store, acme_id: int, tmp_path: Path, way: Way
) -> None:
    run(store, write(tmp_path, "first.csv", [line(n) for n in range(ROWS)]))
    # Row 25 of the file is unchanged; row 26 repeats its key with other notes, row 27
    # with the same. Rows 45 to 47: a changed row, then the stored values, then the change.
    lines = [line(n) for n in range(ROWS)]
    lines[41:42] = [line(41, "changed"), line(41), line(41, "changed")]
    lines[24:24] = [line(23, "other notes"), line(23)]
    result = run(store, write(tmp_path, "repeats.csv", lines), partial=True)
    assert counts(result) == (0, 1, ROWS + 1, 2)
    same = "of the file (same date, kind and entry number (or port)), other values"
    assert [(e.row, e.reason) for e in result.errors] == [
        (26, f"repeats row 25 {same}"),
        (46, f"repeats row 45 {same}"),
    ]


def test_two_stored_records_under_one_key_are_matched_as_before(
    store: Store, acme_id: int, tmp_path: Path, way: Way
) -> None:
    # Typed in twice by hand: same day, kind and port, no entry number.
    with store.uow() as uow:
        for notes in ("first", "second"):
            data = TouchPointInput(date(2026, 3, 2), "exam", "0101", notes=notes)
            touch_points.record_touch_point(uow, acme_id, data)
        uow.commit()
    run(store, write(tmp_path, "first.csv", [line(n) for n in range(ROWS)]))
    way[1].clear()
    twice = f"{IOR},2026-03-02,exam,0101,,"
    lines = [line(n) for n in range(ROWS)]
    equal = run(store, write(tmp_path, "equal.csv", [*lines, twice + "second\n"]))
    assert counts(equal) == (0, 0, ROWS + 1, 0)
    assert_taken(way)
    other = run(store, write(tmp_path, "other.csv", [*lines, twice + "third\n"]))
    assert counts(other) == (0, 1, ROWS, 0)
    # One of the two took the row's values (whichever the store named first, as before).
    assert sorted(row[3] for row in state(store)[:2]) in (["first", "third"], ["second", "third"])


def test_a_mixed_file_gives_the_same_result_by_digests_as_by_lookups(
    store: Store, acme_id: int, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    run(store, write(tmp_path, "first.csv", [line(n) for n in range(0, ROWS, 2)]))
    lines = [line(n, "changed" if n % 6 == 0 else None) for n in range(ROWS)]
    lines[30:30] = [line(10, "again, otherwise"), line(12), line(14, "x"), line(14, "y")]
    lines.append(line(3, ior="55-5555555EE"))
    path = write(tmp_path, "mixed.csv", lines)

    def imported() -> tuple[tuple[int, ...], list[tuple[int, str]], list[tuple[object, ...]]]:
        result = run(store, path, partial=True)
        found = state(store)
        with store.uow() as uow:
            revert_import(uow, result.batch_id or 0)
            uow.commit()
        return counts(result), [(e.row, e.reason) for e in result.errors], found

    monkeypatch.setattr(keyed, "SCAN_LIMIT", 0)
    by_lookups = imported()
    monkeypatch.setattr(keyed, "SCAN_LIMIT", 10**9)
    monkeypatch.setattr(keyed, "LOOKUPS_PER_SCAN", 10**9)
    assert imported() == by_lookups
    # 30 new rows; 10 changed, and rows 10 and 14 again, other than in an earlier chunk
    # (a chunk remembers its own rows only); 12 and 14 refused as repeats; one IOR unknown.
    assert by_lookups[0] == (30, 12, 20, 3)


def test_a_large_file_is_compared_with_digests_read_while_the_reader_starts(
    store: Store, acme_id: int, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = write(tmp_path, "first.csv", [line(n) for n in range(ROWS)])
    run(store, path)
    calls = digest_reads(monkeypatch)
    edited = write(
        tmp_path, "edited.csv", [line(n, "new" if n == 5 else None) for n in range(ROWS)]
    )
    result = run(store, edited, reader="process")
    assert counts(result) == (0, 1, ROWS - 1, 0)
    assert len(calls) == 1  # once, before the first chunk: every chunk is compared by digest


VOLUMES = "ior_number,month,entries,entered_value_usd\n"


def test_unchanged_volumes_imported_again_are_left_as_they_are(
    store: Store, acme_id: int, tmp_path: Path, way: Way
) -> None:
    months = [
        f"{IOR},{2020 + m // 12}-{1 + m % 12:02d},{100 + m},{1000.5 * m}\n" for m in range(36)
    ]
    path = write(tmp_path, "volumes.csv", months, VOLUMES)
    assert run(store, path, kind="volumes").created == 36
    way[1].clear()
    again = run(store, path, kind="volumes")
    assert counts(again) == (0, 0, 36, 0)
    assert_taken(way)
    months[20] = months[20].replace(",120,", ",121,")
    changed = run(store, write(tmp_path, "changed.csv", months, VOLUMES), kind="volumes")
    assert counts(changed) == (0, 1, 35, 0)
    with store.uow() as uow:
        versions = uow.connection.execute(select(MonthlyVolume.entries, MonthlyVolume.version))
        assert sorted({(e, v) for e, v in versions if v > 1}) == [(121, 2)]


@pytest.fixture
def world(postgres_server: PostgresServer) -> Iterator[TeamWorld]:
    yield from team_world(postgres_server)


@pytest.mark.postgres
def test_a_member_re_importing_a_team_file_gets_the_same_refusals_by_digests(
    world: TeamWorld, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = team_touch_points(tmp_path / "team.csv", ["ann", "bob"], 40)
    run(world.owner, path)  # the owner imports both partners' rows
    ann = world.store("ann")
    calls = digest_reads(monkeypatch)
    monkeypatch.setattr(keyed, "LOOKUPS_PER_SCAN", 10**9)
    results = []
    for limit in (0, 10**9):  # key look-ups only, then digests from the second chunk
        monkeypatch.setattr(keyed, "SCAN_LIMIT", limit)
        result = run(ann, path, partial=True)
        results.append((counts(result), sorted({e.reason for e in result.errors})))
    assert calls == [1]
    assert results[0] == results[1]
    assert results[1] == (
        (0, 0, 40, 40),
        [f"partner {IORS['bob']} belongs to another Account Executive"],
    )
