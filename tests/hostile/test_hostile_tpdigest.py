"""Hostile and careless input to a touch-point re-import that counts rows unchanged by digest.

A row counted unchanged by the digest of its cells is never checked: each case below
imports a file, then a second one made to resemble it, and asserts both what the
reader skipped and that the result is the one a full check gives.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.conftest import ACME_IOR, valid_entry
from tests.services.test_import_tpdigest import spy_skipped
from trusted_trader.services.importing import ImportOptions, ImportResult, import_file
from trusted_trader.services.store import Store

HEADER = [
    "IOR number",
    "Date",
    "Kind",
    "Port code",
    "Entry number",
    "Agency",
    "HTS number",
    "Notes",
]
ENTRY = valid_entry("4560000001")
FIRST = [ACME_IOR, "2026-01-05", "exam", "0101", ENTRY, "CBP", "8471300100", "first notes"]
DASHLESS_IOR = ACME_IOR.replace("-", "")


def csv_text(rows: list[list[str]], header: list[str] = HEADER) -> str:
    return "".join(",".join(cells) + "\n" for cells in [header, *rows])


def changed(**cells: str) -> list[str]:
    """FIRST with some cells replaced, by column index name ``c0``…``c7``."""
    row = list(FIRST)
    for name, value in cells.items():
        row[int(name[1:])] = value
    return row


# (case, the first file's row, the second file's text, counts: created, updated,
# unchanged, rejected, and whether the reader may skip the row unread).
CASES = [
    ("the same row again", FIRST, csv_text([FIRST]), (0, 0, 1, 0), True),
    ("columns in another order", FIRST,
     csv_text([[*FIRST[4:], *FIRST[:4]]], [*HEADER[4:], *HEADER[:4]]), (0, 0, 1, 0), True),
    ("a kind spelled in capitals: checked, no change", FIRST,
     csv_text([changed(c2="EXAM")]), (0, 0, 1, 0), False),
    ("the IOR number without dashes: checked, no change", FIRST,
     csv_text([changed(c0=DASHLESS_IOR)]), (0, 0, 1, 0), False),
    ("a trailing space in the notes: a change", FIRST,
     csv_text([changed(c7="first notes ")]), (0, 1, 0, 0), False),
    ("a NUL added to the notes: refused", FIRST,
     csv_text([changed(c7="first\x00notes")]), (0, 0, 0, 1), False),
    # The cells joined read the same as the stored row's: "CBP\x1f" + "" vs "CBP" + "\x1f"
    # (the check reads the separator as white space: no change, once checked).
    ("the separator moved from one cell to the next", changed(c5="CBP\x1f", c6=""),
     csv_text([changed(c5="CBP", c6="\x1f")]), (0, 0, 1, 0), False),
    # Notes and port code are next to each other by name: "n\x1f0101" + "" vs "n" + "0101\x1f"
    # join alike, yet the second file changes both cells.
    ("the notes' tail moved into the port code", changed(c7="n\x1f0101", c3=""),
     csv_text([changed(c7="n", c3="0101\x1f")]), (0, 1, 0, 0), False),
    ("a NUL where the stored row had the separator", changed(c7="a\x1fb"),
     csv_text([changed(c7="a\x00b")]), (0, 0, 0, 1), False),
    ("an unknown IOR number with the same other cells", FIRST,
     csv_text([changed(c0="99-9999999ZZ")]), (0, 0, 0, 1), False),
    ("a row cut short by the line's end", changed(c7=""),
     csv_text([FIRST[:7]]), (0, 0, 1, 0), True),
    ("the row twice, the second with other notes", FIRST,
     csv_text([FIRST, changed(c7="other notes")]), (0, 0, 1, 1), True),
    ("the row changed first, then as it was", FIRST,
     csv_text([changed(c7="other notes"), FIRST]), (0, 1, 0, 1), True),
]  # fmt: skip


def run(store: Store, path: Path) -> ImportResult:
    with store.uow() as uow:
        options = ImportOptions(chunk_size=5, reader="process", partial=True)
        result = import_file(uow, "touch-points", path, options)
        uow.commit()
    return result


@pytest.mark.parametrize(
    ("first", "second", "expected", "skippable"),
    [case[1:] for case in CASES],
    ids=[case[0] for case in CASES],
)
def test_a_second_file_like_the_first_gets_the_full_check_result(
    store: Store,
    acme_id: int,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    first: list[str],
    second: str,
    expected: tuple[int, int, int, int],
    skippable: bool,
) -> None:
    skipped = spy_skipped(monkeypatch)
    (tmp_path / "first.csv").write_text(csv_text([first]), encoding="utf-8")
    created = run(store, tmp_path / "first.csv")
    assert (created.created, created.rejected) == (1, 0)
    (tmp_path / "second.csv").write_text(second, encoding="utf-8")
    result = run(store, tmp_path / "second.csv")
    assert (result.created, result.updated, result.unchanged, result.rejected) == expected
    assert bool(skipped) == skippable
