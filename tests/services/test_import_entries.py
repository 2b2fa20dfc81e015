"""Importing ACE entry summary lines: folded into entries, matched by entry number, reverted."""

from __future__ import annotations

import csv
from datetime import date
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import func, select, update

from tests.conftest import ACME_IOR, csv_file, valid_entry
from trusted_trader.services import partners
from trusted_trader.services.exporting import export_file
from trusted_trader.services.importing import (
    ImportOptions,
    ImportResult,
    UnknownImporter,
    import_file,
    preview_file,
    revert_import,
)
from trusted_trader.services.importing.rows import RowRejected, entry_row
from trusted_trader.services.partners import PartnerInput
from trusted_trader.services.store import Store
from trusted_trader.services.volumes import set_monthly_volume
from trusted_trader.store.models import CustomsEntry, MonthlyVolume, Partner, PortVolume

BOLT_IOR = "98-7654321CD"
ACE = ["Entry Summary Number", "Importer Number", "Entry Date", "Entry Summary Date",
       "Port Code", "HTS Number", "Line Number", "Line Goods Value Amount"]  # fmt: skip
E1, E2, E3, E4 = (valid_entry(f"ACM000000{n}") for n in range(1, 5))
JAN, FEB = date(2026, 1, 1), date(2026, 2, 1)


@pytest.fixture
def two(store: Store, acme_id: int) -> tuple[int, int]:
    """Acme Imports (ACME_IOR) and Bolt Traders (BOLT_IOR)."""
    with store.uow() as uow:
        bolt = partners.create_partner(uow, PartnerInput("Bolt Traders", BOLT_IOR)).id
        uow.commit()
    return acme_id, int(bolt)


def imported_over_a_reported_january(store: Store, partner_id: int, tmp_path: Path) -> None:
    """A reported total of 40 entries for January, then LINES imported."""
    with store.uow() as uow:
        set_monthly_volume(uow, partner_id, JAN, 40, 9.0)
        uow.commit()
    run(store, lines_file(tmp_path / "first.csv", LINES))


def lines_file(path: Path, rows: list[list[Any]], headers: list[str] = ACE) -> Path:
    return csv_file(path, headers, rows)


def read_csv(path: Path) -> list[list[str]]:
    with path.open(encoding="utf-8-sig", newline="") as handle:
        return list(csv.reader(handle))


def run(store: Store, path: Path, **options: Any) -> ImportResult:
    errors = options.pop("error_file", None)
    with store.uow() as uow:
        result = import_file(uow, "entries", path, ImportOptions(**options), error_file=errors)
        if result.written:
            uow.commit()
    return result


def entries(store: Store) -> dict[str, dict[str, Any]]:
    """The stored entries by number (a revert stamps updated_at anew, and lines met in
    another order leave another digest of them: both left out)."""
    left_out = ("updated_at", "source_digest")
    with store.uow() as uow:
        rows = uow.connection.execute(select(CustomsEntry)).mappings()
        return {r["entry_number"]: {k: v for k, v in r.items() if k not in left_out} for r in rows}


def derived(store: Store, partner_id: int) -> tuple[dict[Any, Any], dict[Any, Any]]:
    """(month → reported entries, reported, derived entries, value), (month, port) → entries."""
    v, p = MonthlyVolume, PortVolume
    with store.uow() as uow:
        months = uow.connection.execute(
            select(v.month, v.entries, v.reported, v.derived_entries, v.derived_value_usd).where(
                v.partner_id == partner_id
            )
        )
        ports = uow.connection.execute(
            select(p.month, p.port_code, p.entries).where(p.partner_id == partner_id)
        )
        return {r[0]: tuple(r[1:]) for r in months}, {(r[0], r[1]): r[2] for r in ports}


# Lines of three entries, not next to each other; E3 has only a summary date.
LINES = [
    [E1, ACME_IOR, "2026-01-05", "2026-01-15", "0101", "8471.30.0100", 1, "100.50"],
    [E2, BOLT_IOR, "2026-01-06", "", "2704", "8517620090", 1, "50"],
    [E1, ACME_IOR, "2026-01-05", "2026-01-15", "0101", "8517620090", 2, "1,200"],
    [E3, ACME_IOR, "", "2026-02-03", "2704", "8471300100; 6110202079", 1, "10"],
    [E1, ACME_IOR, "2026-01-05", "2026-01-15", "0101", "8471300100", 3, "0"],
]


def test_ace_report_columns_map_themselves(tmp_path: Path) -> None:
    preview = preview_file(lines_file(tmp_path / "ace.csv", LINES), "entries")
    assert not preview.needs_mapping
    assert preview.mapping["entered_value_usd"] == "Line Goods Value Amount"
    assert preview.mapping["summary_date"] == "Entry Summary Date"
    loose = ["Entry No", "IOR", "Entry Date", "Tariff Number", "Port", "Entered Value", "Lines"]
    found = preview_file(lines_file(tmp_path / "loose.csv", [], loose), "entries").mapping
    assert found == {
        "entry_number": "Entry No", "ior_number": "IOR", "entry_date": "Entry Date",
        "hts_number": "Tariff Number", "port_code": "Port", "entered_value_usd": "Entered Value",
        "lines": "Lines",
    }  # fmt: skip


def test_the_lines_of_an_entry_are_folded_into_one_entry(
    store: Store, two: tuple[int, int], tmp_path: Path
) -> None:
    result = run(store, lines_file(tmp_path / "in.csv", LINES))
    assert (result.created, result.updated, result.unchanged, result.rejected) == (3, 0, 0, 0)
    stored = entries(store)
    first = stored[E1]
    assert first["partner_id"] == two[0] and first["filer_code"] == "ACM"
    assert (first["lines"], first["entered_value_usd"]) == (3, 1300.5)
    assert first["hts_numbers"] == "8471300100 8517620090"
    assert (first["entry_date"], first["summary_date"], first["month"]) == (
        date(2026, 1, 5), date(2026, 1, 15), JAN,
    )  # fmt: skip
    assert stored[E3]["month"] == FEB and stored[E3]["hts_numbers"] == "6110202079 8471300100"
    assert stored[E2]["partner_id"] == two[1] and stored[E2]["port_code"] == "2704"
    months, ports = derived(store, two[0])
    assert months == {JAN: (0, False, 1, 1300.5), FEB: (0, False, 1, 10.0)}
    assert ports == {(JAN, "0101"): 1, (FEB, "2704"): 1}


def test_lines_spread_over_chunks_and_read_by_a_second_process_fold_alike(
    store: Store, two: tuple[int, int], tmp_path: Path
) -> None:
    result = run(store, lines_file(tmp_path / "in.csv", LINES), chunk_size=1, reader="process")
    assert (result.created, result.rejected) == (3, 0)
    first = entries(store)[E1]  # written once its lines seemed done, completed at the end
    assert (first["lines"], first["entered_value_usd"], first["hts_numbers"], first["version"]) == (
        3, 1300.5, "8471300100 8517620090", 1,
    )  # fmt: skip
    assert derived(store, two[0])[0][JAN] == (0, False, 1, 1300.5)


def test_a_late_line_of_a_written_entry_is_checked_like_any_other(
    store: Store, two: tuple[int, int], tmp_path: Path
) -> None:
    late = [*LINES, LINES[0], [*LINES[2][:4], "2704", *LINES[2][5:]]]
    path = lines_file(tmp_path / "in.csv", late)
    refused = run(store, path, chunk_size=1)
    assert not refused.written and entries(store) == {}
    assert [(e.row, e.column) for e in refused.errors] == [(8, "port_code")]
    partial = run(store, path, chunk_size=1, partial=True)
    assert (partial.created, partial.rejected) == (3, 1)
    assert entries(store)[E1]["lines"] == 3


@pytest.mark.parametrize(
    ("column", "value", "reason"),
    [
        (2, "2026-01-06", "entry_date: differs from row 2"),
        (3, "", "summary_date: differs from row 2"),
        (4, "2704", "port_code: differs from row 2"),
        (1, BOLT_IOR, "ior_number: differs from row 2"),
    ],
)
def test_a_line_that_disagrees_with_its_entry_is_rejected_naming_the_earlier_row(
    store: Store, two: tuple[int, int], tmp_path: Path, column: int, value: str, reason: str
) -> None:
    other = list(LINES[2])
    other[column] = value
    path = lines_file(tmp_path / "in.csv", [LINES[0], other])
    refused = run(store, path)
    assert not refused.written and refused.rejected == 1
    error = refused.errors[0]
    assert (error.row, f"{error.column}: {error.reason}"[: len(reason)]) == (3, reason)
    partial = run(store, path, partial=True)
    assert (partial.created, partial.rejected) == (1, 1)
    assert entries(store)[E1]["lines"] == 1


def test_a_line_given_twice_counts_once_and_other_values_are_rejected(
    store: Store, two: tuple[int, int], tmp_path: Path
) -> None:
    same = run(store, lines_file(tmp_path / "same.csv", [*LINES, LINES[2]]))
    assert (same.created, same.rejected) == (3, 0)
    assert entries(store)[E1]["lines"] == 3
    changed = [*LINES[:4], [*LINES[2][:7], "999"]]
    refused = run(store, lines_file(tmp_path / "changed.csv", changed))
    assert not refused.written
    assert "repeats row 4 (same entry and line number), other values" in str(refused.errors[0])


def test_an_entry_held_by_another_partner_is_rejected_saying_whose(
    store: Store, two: tuple[int, int], tmp_path: Path
) -> None:
    run(store, lines_file(tmp_path / "first.csv", LINES))
    moved = [[E2, ACME_IOR, "2026-01-06", "", "2704", "8517620090", 1, "50"]]
    result = run(store, lines_file(tmp_path / "moved.csv", moved))
    assert not result.written
    assert str(result.errors[0]) == (
        f"row 2, entry_number '{E2}': is already held by partner Bolt Traders ({BOLT_IOR})"
    )
    assert entries(store)[E2]["partner_id"] == two[1]


def test_unknown_importers_are_listed_with_their_entries_and_never_imported_silently(
    store: Store, two: tuple[int, int], tmp_path: Path
) -> None:
    unknown = [
        [E4, "11-1111111AB", "2026-01-07", "", "0101", "", 1, "5"],
        [E4, "11-1111111AB", "2026-01-07", "", "0101", "", 2, "5"],
        [valid_entry("XYZ0000001"), "11-1111111AB", "2026-01-07", "", "0101", "", 1, "5"],
        [valid_entry("XYZ0000002"), "22-2222222AB", "2026-01-07", "", "0101", "", 1, "5"],
    ]
    path = lines_file(tmp_path / "in.csv", [*LINES, *unknown])
    refused = run(store, path)
    assert not refused.written and refused.rejected == 4 and entries(store) == {}
    assert refused.unknown_importers == (
        UnknownImporter("11-1111111AB", 2), UnknownImporter("22-2222222AB", 1),
    )  # fmt: skip
    assert refused.unknown_summary == "3 entries for 2 importers not in any portfolio"
    errors = tmp_path / "errors.csv"
    partial = run(store, path, partial=True, error_file=errors)
    assert (partial.created, partial.rejected) == (3, 4)
    assert partial.unknown_summary == refused.unknown_summary
    written = read_csv(errors)
    assert [r[1] for r in written[1:]] == ["11-1111111AB"] * 3 + ["22-2222222AB"]
    assert all(r[-1].endswith("no partner has this IOR number") for r in written[1:])


def test_a_deleted_partners_importer_number_is_unknown(
    store: Store, two: tuple[int, int], tmp_path: Path
) -> None:
    with store.uow() as uow:
        partners.delete_partner(uow, two[1])
        uow.commit()
    result = run(store, lines_file(tmp_path / "in.csv", LINES), partial=True)
    assert result.unknown_importers == (UnknownImporter(BOLT_IOR, 1),)


def test_importing_an_overlapping_file_again_changes_nothing(
    store: Store, two: tuple[int, int], tmp_path: Path
) -> None:
    run(store, lines_file(tmp_path / "first.csv", LINES))
    before = entries(store)
    months = derived(store, two[0])
    more = [[E4, ACME_IOR, "2026-02-07", "", "0101", "8471300100", 1, "7"]]
    again = run(store, lines_file(tmp_path / "again.csv", [*LINES[2:], *more, *LINES[:2]]))
    assert (again.created, again.updated, again.unchanged, again.rejected) == (1, 0, 3, 0)
    after = entries(store)
    assert {k: after[k] for k in before} == before
    assert derived(store, two[0])[0][FEB][2] == months[0][FEB][2] + 1


def test_entries_settled_while_reading_are_matched_again_when_a_late_line_comes(
    store: Store, two: tuple[int, int], tmp_path: Path
) -> None:
    run(store, lines_file(tmp_path / "first.csv", LINES))
    before = entries(store)
    again = run(store, lines_file(tmp_path / "again.csv", LINES), chunk_size=1)
    assert (again.created, again.updated, again.unchanged) == (0, 0, 3)
    e1 = [LINES[0], LINES[2], LINES[4]]  # E1 whole, seen unchanged, then a fourth line
    late = [*e1, LINES[1], LINES[3], [*LINES[4][:6], 4, "9"]]
    changed = run(store, lines_file(tmp_path / "late.csv", late), chunk_size=1)
    assert (changed.created, changed.updated, changed.unchanged) == (0, 1, 2)
    now = entries(store)
    assert (now[E1]["lines"], now[E1]["entered_value_usd"]) == (4, 1309.5)
    assert now[E2] == before[E2] and now[E3] == before[E3]


def test_a_report_without_some_columns_leaves_those_values_of_stored_entries(
    store: Store, two: tuple[int, int], tmp_path: Path
) -> None:
    run(store, lines_file(tmp_path / "first.csv", LINES))
    before = entries(store)
    narrow = [[r[0], r[1], r[2], r[6]] for r in LINES]  # no summary date, port, HTS or value
    headers = ["Entry Number", "IOR", "Entry Date", "Line Number"]
    again = run(store, lines_file(tmp_path / "narrow.csv", narrow[:3], headers))
    assert (again.created, again.updated, again.unchanged, again.rejected) == (0, 1, 1, 0)
    now = entries(store)
    assert now[E2] == before[E2]
    assert (now[E1]["lines"], now[E1]["hts_numbers"], now[E1]["port_code"]) == (
        2, before[E1]["hts_numbers"], "0101",
    )  # fmt: skip


def test_a_changed_entry_is_updated_and_a_revert_restores_it_and_its_volumes(
    store: Store, two: tuple[int, int], tmp_path: Path
) -> None:
    imported_over_a_reported_january(store, two[0], tmp_path)
    before, volumes = entries(store), derived(store, two[0])
    assert volumes[0][JAN] == (40, True, 1, 1300.5)
    changed = [[E1, ACME_IOR, "2026-02-05", "", "3901", "8471300100", 1, "70"]]
    result = run(store, lines_file(tmp_path / "changed.csv", changed))
    assert (result.created, result.updated) == (0, 1)
    now = entries(store)[E1]
    assert (now["month"], now["port_code"], now["lines"], now["version"]) == (FEB, "3901", 1, 2)
    months, ports = derived(store, two[0])
    assert months[JAN] == (40, True, None, None) and months[FEB] == (0, False, 2, 80.0)
    assert ports == {(FEB, "3901"): 1, (FEB, "2704"): 1}
    with store.uow() as uow:
        reverted = revert_import(uow, result.batch_id or 0)
        uow.commit()
    assert (reverted.restored, reverted.deleted) == (1, 0)
    assert entries(store) == before
    assert derived(store, two[0]) == volumes


def test_reverting_the_first_import_removes_its_entries_and_their_volumes(
    store: Store, two: tuple[int, int], tmp_path: Path
) -> None:
    result = run(store, lines_file(tmp_path / "first.csv", LINES))
    with store.uow() as uow:
        assert revert_import(uow, result.batch_id or 0).deleted == 3
        uow.commit()
    assert entries(store) == {}
    assert derived(store, two[0]) == ({}, {})


def test_an_entry_changed_after_the_import_stops_its_revert(
    store: Store, two: tuple[int, int], tmp_path: Path
) -> None:
    result = run(store, lines_file(tmp_path / "first.csv", LINES))
    with store.uow() as uow:
        uow.connection.execute(update(CustomsEntry).values(version=CustomsEntry.version + 1))
        uow.commit()
    with store.uow() as uow, pytest.raises(Exception, match="cannot be reverted"):
        revert_import(uow, result.batch_id or 0)


@pytest.mark.parametrize("suffix", [".csv", ".xlsx"])
def test_exported_entries_import_back_unchanged(
    store: Store, two: tuple[int, int], tmp_path: Path, suffix: str
) -> None:
    run(store, lines_file(tmp_path / "first.csv", LINES))
    before = entries(store)
    path = tmp_path / f"entries{suffix}"
    with store.uow() as uow:
        assert export_file(uow, "entries", path).rows == 3
    assert preview_file(path, "entries").missing == ()
    again = run(store, path)
    assert (again.created, again.updated, again.unchanged, again.rejected) == (0, 0, 3, 0)
    assert entries(store) == before


def test_a_volumes_export_writes_only_reported_months(
    store: Store, two: tuple[int, int], tmp_path: Path
) -> None:
    imported_over_a_reported_january(store, two[0], tmp_path)  # FEB and JAN derived
    path = tmp_path / "volumes.csv"
    with store.uow() as uow:
        assert export_file(uow, "volumes", path).rows == 1
    rows = read_csv(path)
    assert rows[1][1:] == ["2026-01", "40", "9.0"]


def test_the_entries_of_each_partner_are_audited_once_per_import(
    store: Store, two: tuple[int, int], tmp_path: Path
) -> None:
    run(store, lines_file(tmp_path / "first.csv", LINES))
    with store.uow() as uow:
        count = uow.connection.execute(select(func.count()).select_from(Partner)).scalar_one()
        audit = uow.connection.exec_driver_sql(
            "SELECT count(*) FROM audit_log WHERE table_name = 'import_batch'"
        ).scalar_one()
    assert count == 2 and audit == 2


ROW = {"entry_number": E1, "ior_number": ACME_IOR, "entry_date": "2026-01-05",
       "port_code": "0101", "hts_number": "8471300100", "line_number": "1",
       "entered_value_usd": "10"}  # fmt: skip


@pytest.mark.parametrize(
    ("changes", "problems"),
    [
        ({"entry_number": "ACM-0000001-0"}, ["entry_number: is wrong: the check digit of "
                                             "ACM-0000001 should be 7, not 0"]),
        ({"entry_number": ""}, ["entry_number: is required"]),
        ({"ior_number": ""}, ["ior_number: IOR number '' is empty"]),
        ({"entry_date": "", "summary_date": ""},
         ["entry_date: an entry date or an entry summary date is required"]),
        ({"entry_date": "2026-02-31"}, ["entry_date: is not a day of the calendar"]),
        ({"port_code": "01A1"}, ["port_code: must be 4 digits: district and port, like 0101"]),
        ({"hts_number": "8471"}, ["hts_number: has 4 digits; 8 or 10 are expected"]),
        ({"line_number": "0"}, ["line_number: must be a whole number from 1 to 9,999"]),
        ({"line_number": "1.5"}, ["line_number: must be a whole number"]),
        ({"entered_value_usd": "-1"}, ["entered_value_usd: cannot be negative"]),
        ({"entered_value_usd": "1e16"}, ["entered_value_usd: is more than $1,000 trillion"]),
        ({"lines": "0"}, ["lines: must be a whole number from 1 to 9,999"]),
        ({"entry_number": "x", "port_code": "x", "lines": "x"},
         ["entry_number: must be", "port_code: must be", "lines: is not a number"]),
    ],
)  # fmt: skip
def test_each_field_of_a_line_is_checked_and_every_problem_named(
    changes: dict[str, str], problems: list[str]
) -> None:
    with pytest.raises(RowRejected) as caught:
        entry_row({**ROW, **changes})
    shown = [f"{p.field}: {p.reason}" for p in caught.value.problems]
    assert len(shown) == len(problems)
    assert all(s.startswith(p) for s, p in zip(shown, problems, strict=True))


def test_a_line_without_entry_date_takes_the_summary_dates_month() -> None:
    ior, values = entry_row({**ROW, "entry_date": "", "summary_date": "03/04/2026", "lines": "3"})
    assert ior == ACME_IOR
    assert (values["month"], values["lines"], values["line_number"]) == (date(2026, 3, 1), 3, 1)
    _, several = entry_row({**ROW, "hts_number": "8471300100, 6110.20.2079 8471300100"})
    assert several["hts_number"] == "6110202079 8471300100"
