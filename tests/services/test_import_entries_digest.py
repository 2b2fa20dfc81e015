"""Re-importing entries: an entry whose raw lines match its stored digest is known unchanged."""

from __future__ import annotations

import sqlite3
from pathlib import Path
from typing import Any

import pytest
from alembic import command
from hypothesis import given, settings
from hypothesis import strategies as st
from sqlalchemy import create_engine, select, update

from tests.conftest import ACME_IOR, add_partner, csv_file, valid_entry
from trusted_trader.services import partners
from trusted_trader.services.importing import ImportOptions, ImportResult, entry_digest, import_file
from trusted_trader.services.importing import revert_import as revert
from trusted_trader.services.store import Store
from trusted_trader.store.migrate import alembic_config, open_database
from trusted_trader.store.models import CustomsEntry

BOLT_IOR = "98-7654321CD"
ACE = ["Entry Summary Number", "Importer Number", "Entry Date", "Entry Summary Date",
       "Port Code", "HTS Number", "Line Number", "Line Goods Value Amount"]  # fmt: skip
E1, E2, E3 = (valid_entry(f"ACM000000{n}") for n in range(1, 4))


def line(entry: str, number: int, value: str, ior: str = ACME_IOR) -> list[Any]:
    return [entry, ior, "2026-01-05", "2026-01-15", "0101", "8471300100", number, value]


LINES = [line(E1, 1, "100"), line(E1, 2, "50"), line(E2, 1, "7", BOLT_IOR), line(E3, 1, "9")]


@pytest.fixture
def bolt(store: Store, acme_id: int) -> int:
    return add_partner(store, "Bolt Traders", BOLT_IOR)


def run(store: Store, path: Path, **options: Any) -> ImportResult:
    """An import read by the second process, where entries are recognised by their digest."""
    with store.uow() as uow:
        options = {"reader": "process", "chunk_size": 2} | options
        result = import_file(uow, "entries", path, ImportOptions(**options))
        if result.written:
            uow.commit()
    return result


def counts(result: ImportResult) -> tuple[int, int, int, int]:
    return result.created, result.updated, result.unchanged, result.rejected


def stored(store: Store) -> dict[str, tuple[Any, ...]]:
    e = CustomsEntry
    with store.uow() as uow:
        rows = uow.connection.execute(
            select(e.entry_number, e.lines, e.entered_value_usd, e.version, e.source_digest)
        )
        return {r[0]: tuple(r[1:]) for r in rows}


def tamper(store: Store, entry: str, **values: Any) -> None:
    with store.uow() as uow:
        e = CustomsEntry
        uow.connection.execute(update(e).where(e.entry_number == entry).values(**values))
        uow.commit()


@pytest.mark.parametrize("first_reader", ["process", "thread"])
def test_an_entry_whose_lines_match_its_digest_is_counted_unchanged_without_checking_them(
    store: Store, bolt: int, tmp_path: Path, first_reader: str
) -> None:
    path = csv_file(tmp_path / "es003.csv", ACE, LINES)
    assert counts(run(store, path, reader=first_reader)) == (3, 0, 0, 0)
    assert all(digest is not None for *_, digest in stored(store).values())
    # Stored values its lines no longer give, under the same digest: only a skip of the
    # lines' check leaves them (the full check would update the entry).
    tamper(store, E1, lines=9)
    assert counts(run(store, path)) == (0, 0, 3, 0)
    assert stored(store)[E1][:2] == (9, 150.0)


def test_entries_checked_by_another_release_are_checked_again(
    store: Store, bolt: int, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A new release may check lines more strictly: what an older one let in is checked again."""
    path = csv_file(tmp_path / "es003.csv", ACE, LINES)
    with monkeypatch.context() as patched:  # on a thread: the digests of this process
        patched.setattr(entry_digest, "RELEASE", "Trusted Trader 0.0.1")
        assert counts(run(store, path, reader="thread")) == (3, 0, 0, 0)
    tamper(store, E1, lines=9)  # only a full check of its lines puts the file's value back
    assert counts(run(store, path)) == (0, 1, 2, 0)
    assert stored(store)[E1][:2] == (2, 150.0)
    tamper(store, E1, lines=9)  # this release's digests now vouch for every entry
    assert counts(run(store, path)) == (0, 0, 3, 0)
    assert stored(store)[E1][:2] == (9, 150.0)


def test_a_changed_line_is_checked_and_updates_its_entry_and_a_revert_restores_the_digest(
    store: Store, bolt: int, tmp_path: Path
) -> None:
    run(store, csv_file(tmp_path / "first.csv", ACE, LINES))
    first = stored(store)
    changed = [LINES[0], line(E1, 2, "60"), *LINES[2:]]
    result = run(store, csv_file(tmp_path / "changed.csv", ACE, changed))
    assert counts(result) == (0, 1, 2, 0)
    assert stored(store)[E1][:3] == (2, 160.0, 2)
    assert stored(store)[E1][3] != first[E1][3]
    with store.uow() as uow:
        revert(uow, result.batch_id or 0)
        uow.commit()
    assert stored(store) == first  # values and the digest of the lines that gave them
    tamper(store, E1, lines=9)  # the restored digest is trusted again
    assert counts(run(store, csv_file(tmp_path / "again.csv", ACE, LINES))) == (0, 0, 3, 0)


@pytest.mark.parametrize(
    ("later", "expected", "reason"),
    [
        ([line(E1, 3, "5")], (0, 1, 2, 0), None),
        ([line(E1, 1, "99")], (0, 0, 3, 1), "repeats row 2 (same entry and line number)"),
    ],
    ids=["another line of the entry later", "a line of the entry again, other values"],
)
def test_an_entry_whose_lines_come_again_later_in_the_file_is_checked_in_full(
    store: Store,
    bolt: int,
    tmp_path: Path,
    later: list[list[Any]],
    expected: tuple[int, int, int, int],
    reason: str | None,
) -> None:
    run(store, csv_file(tmp_path / "first.csv", ACE, LINES))
    path = csv_file(tmp_path / "split.csv", ACE, [*LINES, *later])
    result = run(store, path, partial=True)
    assert counts(result) == expected, result.errors
    if reason is not None:
        assert [(e.row, e.reason[: len(reason)]) for e in result.errors] == [(6, reason)]
    else:
        assert stored(store)[E1][:2] == (3, 155.0)


def test_entries_stored_without_a_digest_are_checked_in_full_and_then_get_one(
    store: Store, bolt: int, tmp_path: Path
) -> None:
    path = csv_file(tmp_path / "es003.csv", ACE, LINES)
    run(store, path)
    first = stored(store)
    tamper(store, E1, source_digest=None)
    tamper(store, E3, source_digest=None, lines=9)  # checked in full: corrected
    assert counts(run(store, path)) == (0, 1, 2, 0)
    assert stored(store)[E1] == first[E1]
    assert stored(store)[E3][:3] == (1, 9.0, 2)
    assert counts(run(store, path)) == (0, 0, 3, 0)
    assert all(digest is not None for *_, digest in stored(store).values())


def test_the_lines_of_a_deleted_partner_are_unknown_though_they_match_the_digest(
    store: Store, bolt: int, tmp_path: Path
) -> None:
    path = csv_file(tmp_path / "es003.csv", ACE, LINES)
    run(store, path)
    with store.uow() as uow:
        partners.delete_partner(uow, bolt)
        uow.commit()
    result = run(store, path, partial=True)
    assert counts(result) == (0, 0, 2, 1)
    assert [(e.row, e.column) for e in result.errors] == [(4, "ior_number")]


def test_the_digest_and_the_value_index_come_with_the_upgrade_and_go_with_the_downgrade(
    tmp_path: Path,
) -> None:
    path = tmp_path / "digest.sqlite"
    engine = create_engine(f"sqlite:///{path}")
    with engine.begin() as conn:
        command.upgrade(alembic_config(conn), "0014")
    engine.dispose()
    open_database(f"sqlite:///{path}").dispose()
    with sqlite3.connect(path) as conn:
        assert "source_digest" in [r[1] for r in conn.execute("PRAGMA table_info(customs_entry)")]
        assert indexes(conn) == ["ix_customs_entry_partner_month_port_value"]
    with engine.begin() as conn:
        command.downgrade(alembic_config(conn), "0014")
    engine.dispose()
    with sqlite3.connect(path) as conn:
        columns = [r[1] for r in conn.execute("PRAGMA table_info(customs_entry)")]
        assert indexes(conn) == ["ix_customs_entry_partner_month_port"]
    assert "source_digest" not in columns and "hts_numbers" in columns


def indexes(conn: sqlite3.Connection) -> list[str]:
    sql = "SELECT name FROM sqlite_master WHERE type = 'index' AND tbl_name = 'customs_entry'"
    return [r[0] for r in conn.execute(sql) if not r[0].startswith("sqlite_")]


@pytest.mark.parametrize(
    ("one", "other"),
    [
        ({"a": "1\x1f", "b": "2"}, {"a": "1", "b": "\x1f2"}),  # a separator moved across cells
        ({"a": "1", "b": "2\x00"}, {"a": "1", "b": "2"}),  # a NUL character
        ({"a": 101, "b": "2"}, {"a": "101", "b": "2"}),  # a spreadsheet's number, as text
    ],
    ids=["separator", "nul", "typed"],
)
def test_lines_alike_only_in_their_joined_text_have_other_digests(
    one: dict[str, Any], other: dict[str, Any]
) -> None:
    from trusted_trader.services.importing.entry_digest import LineDigest
    from trusted_trader.services.importing.entry_reader import _Reader

    digest = LineDigest(["a", "b"])
    assert digest(one) != digest(other)
    # The reader takes a line's digest from its cells by position, and must agree.
    reader = _Reader({"a": 0, "b": 1, "entry_number": 2, "ior_number": 3}, None)
    cells = [one["a"], one["b"], "E", "I"]
    named = {"a": cells[0], "b": cells[1], "entry_number": "E", "ior_number": "I"}
    assert reader.line_digest(cells) == reader.digest(named)


@pytest.mark.parametrize(
    "bad",
    [
        line(E1, 2, "-5"),  # refused by the reader's check
        [E1, ACME_IOR, "2026-01-05", "2026-01-15", "2704", "8471300100", 2, "50"],  # by the fold
    ],
    ids=["a bad cell", "a line that disagrees with its entry"],
)
def test_a_rejected_line_inside_an_entrys_run_is_reported_again_on_the_next_import(
    store: Store, bolt: int, tmp_path: Path, bad: list[Any]
) -> None:
    # The lines of a run share one digest: a rejected one must not let the entry be
    # counted unchanged next time, with the line unreported.
    rows = [line(E1, 1, "100"), bad, line(E1, 3, "50"), *LINES[2:]]
    path = csv_file(tmp_path / "bad.csv", ACE, rows)
    first = run(store, path, partial=True)
    assert counts(first) == (3, 0, 0, 1), first.errors
    again = run(store, path)
    assert counts(again)[3] == 1 and not again.written
    assert [e.row for e in again.errors] == [3]
    assert counts(run(store, path, partial=True)) == (0, 0, 3, 1)


_CELL = st.one_of(
    st.text(alphabet=st.sampled_from("ab1-\x1e\x1f\x00, "), max_size=4),
    st.integers(0, 99),  # a spreadsheet's number
)


@settings(max_examples=300, deadline=None)
@given(
    rows=st.lists(st.lists(_CELL, min_size=2, max_size=5), min_size=1, max_size=4),
)
def test_a_runs_digest_taken_in_one_go_is_the_one_taken_line_by_line(
    rows: list[list[Any]],
) -> None:
    """The reader joins a plain run's lines at once; its digest, and whether the run is plain,
    are those of the rule that reads each line's text (``cells_text``) and joins them."""
    from trusted_trader.services.importing.entry_digest import CellsDigest, cells_text, text_digest

    digest = CellsDigest({"c": 2, "a": 0, "b": 1})  # by name: a, b, c
    texts = []
    for cells in rows:
        named = digest.named(cells)
        texts.append(cells_text([named[name] for name in digest.names], digest.separators))
    plain = all(
        len(cells) > 2 and all(type(c) is str for c in cells[:3]) and texts[i][:1] != "\x00"
        for i, cells in enumerate(rows)
    )
    assert digest.run_digest(rows) == (text_digest("\x1e".join(texts)), plain)
