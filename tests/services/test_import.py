"""Importing touch points and volumes: upsert by natural key, all or nothing, partial, cancel."""

from __future__ import annotations

import stat
from datetime import date
from pathlib import Path

import pytest
from sqlalchemy import func, select
from sqlalchemy.engine import make_url

from trusted_trader.services import partners
from trusted_trader.services.importing import (
    ColumnsMissing,
    ImportCancelled,
    ImportOptions,
    ImportResult,
    import_file,
    list_imports,
)
from trusted_trader.services.partners import PartnerInput
from trusted_trader.services.store import Store
from trusted_trader.store.models import AuditEntry, ImportChange, MonthlyVolume, TouchPoint

IOR = "12-3456789AB"
OTHER_IOR = "98-7654321CD"
HEADER = "ior_number,date,kind,port_code,entry_number,hts_number,agency,outcome,notes\n"


@pytest.fixture
def partner_ids(store: Store) -> tuple[int, int]:
    with store.uow() as uow:
        first = partners.create_partner(uow, PartnerInput("Acme Imports", IOR)).id
        second = partners.create_partner(uow, PartnerInput("Bolt Traders", OTHER_IOR)).id
        uow.commit()
    return first, second


def write(tmp_path: Path, text: str, name: str = "in.csv") -> Path:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path


def run(store: Store, kind: str, path: Path, **options: object) -> ImportResult:
    errors = options.pop("error_file", None)
    with store.uow() as uow:
        result = import_file(uow, kind, path, ImportOptions(**options), error_file=errors)  # type: ignore[arg-type]
        if result.written:
            uow.commit()
    return result


def count(store: Store, model: type) -> int:
    with store.uow() as uow:
        return int(uow.connection.execute(select(func.count()).select_from(model)).scalar_one())


def touch_points(store: Store) -> list[tuple[object, ...]]:
    with store.uow() as uow:
        stmt = select(
            TouchPoint.occurred_on, TouchPoint.kind, TouchPoint.entry_number, TouchPoint.notes
        ).order_by(TouchPoint.id)
        return [tuple(r) for r in uow.connection.execute(stmt)]


TWO_ROWS = (
    HEADER
    + f"{IOR},2026-01-05,CF-28,0101,ABC-1234567-6,8471.30.0100,CBP,,first\n"
    + f"{IOR},2026-01-06,exam,2704,,,,no discrepancy,\n"
)


def test_touch_points_are_created_with_their_rules_applied(
    store: Store, partner_ids: tuple[int, int], tmp_path: Path
) -> None:
    result = run(store, "touch-points", write(tmp_path, TWO_ROWS))
    assert (result.created, result.updated, result.unchanged, result.rejected) == (2, 0, 0, 0)
    with store.uow() as uow:
        row = uow.connection.execute(select(TouchPoint).order_by(TouchPoint.id)).mappings().first()
    assert row is not None
    assert row["kind"] == "cf28"
    assert row["hts_number"] == "8471300100"
    assert row["response_due"] == date(2026, 2, 4)  # the CF-28 window of 30 days


def test_importing_the_same_file_twice_changes_nothing(
    store: Store, partner_ids: tuple[int, int], tmp_path: Path
) -> None:
    path = write(tmp_path, TWO_ROWS)
    run(store, "touch-points", path)
    before = touch_points(store)
    again = run(store, "touch-points", path)
    assert (again.created, again.updated, again.unchanged) == (0, 0, 2)
    assert touch_points(store) == before


def test_a_changed_row_updates_the_record_it_matches(
    store: Store, partner_ids: tuple[int, int], tmp_path: Path
) -> None:
    run(store, "touch-points", write(tmp_path, TWO_ROWS))
    changed = TWO_ROWS.replace(",first\n", ",second thoughts\n")
    result = run(store, "touch-points", write(tmp_path, changed, "changed.csv"))
    assert (result.created, result.updated, result.unchanged) == (0, 1, 1)
    assert [r[3] for r in touch_points(store)] == ["second thoughts", ""]
    with store.uow() as uow:
        version = uow.connection.execute(select(func.max(TouchPoint.version))).scalar_one()
    assert version == 2


def test_without_entry_number_the_port_is_part_of_the_match(
    store: Store, partner_ids: tuple[int, int], tmp_path: Path
) -> None:
    run(store, "touch-points", write(tmp_path, TWO_ROWS))
    other_port = HEADER + f"{IOR},2026-01-06,exam,3901,,,,,\n"
    result = run(store, "touch-points", write(tmp_path, other_port, "port.csv"))
    assert result.created == 1


def test_one_bad_row_writes_nothing_and_reports_every_problem(
    store: Store, partner_ids: tuple[int, int], tmp_path: Path
) -> None:
    text = (
        TWO_ROWS
        + f"{IOR},2026-02-30,visit,12,ABC-12,,,maybe,\n"
        + "11-1111111OO,2026-01-01,exam,,,,,,\n"
    )
    errors = tmp_path / "errors.csv"
    result = run(store, "touch-points", write(tmp_path, text), error_file=errors)
    assert not result.written
    assert result.rejected == 2
    assert count(store, TouchPoint) == 0
    found = {(e.row, e.column) for e in result.errors}
    assert {
        (4, "date"),
        (4, "kind"),
        (4, "port_code"),
        (4, "entry_number"),
        (4, "outcome"),
    } <= found
    assert (5, "ior_number") in found
    assert stat.S_IMODE(errors.stat().st_mode) == 0o600
    lines = errors.read_text(encoding="utf-8-sig").splitlines()
    assert lines[0].endswith(",error")
    assert len(lines) == 3 and "row 4" in lines[1]


def test_an_unknown_ior_number_is_a_rejected_row(
    store: Store, partner_ids: tuple[int, int], tmp_path: Path
) -> None:
    text = HEADER + "55-5555555AB,2026-01-05,exam,0101,,,,,\n"
    result = run(store, "touch-points", write(tmp_path, text))
    assert [(e.column, e.reason) for e in result.errors] == [
        ("ior_number", "no partner has this IOR number")
    ]


def test_partial_import_writes_the_valid_rows_and_lists_the_others(
    store: Store, partner_ids: tuple[int, int], tmp_path: Path
) -> None:
    text = TWO_ROWS + f"{IOR},not a date,exam,0101,,,,,\n"
    errors = tmp_path / "errors.csv"
    result = run(store, "touch-points", write(tmp_path, text), partial=True, error_file=errors)
    assert result.written
    assert (result.created, result.rejected) == (2, 1)
    assert count(store, TouchPoint) == 2
    rejected = errors.read_text(encoding="utf-8-sig").splitlines()
    assert rejected[1].startswith(f"{IOR},not a date")


def test_the_error_file_imports_again_once_fixed(
    store: Store, partner_ids: tuple[int, int], tmp_path: Path
) -> None:
    errors = tmp_path / "errors.csv"
    bad = HEADER + f"{IOR},2026-13-01,exam,0101,,,,,\n"
    run(store, "touch-points", write(tmp_path, bad), error_file=errors)
    fixed = errors.read_text(encoding="utf-8-sig").replace("2026-13-01", "2026-12-01")
    errors.write_text(fixed, encoding="utf-8")
    assert run(store, "touch-points", errors).created == 1


def test_rows_repeating_a_key_with_other_values_are_rejected(
    store: Store, partner_ids: tuple[int, int], tmp_path: Path
) -> None:
    text = HEADER + f"{IOR},2026-01-05,exam,0101,,,,,a\n" + f"{IOR},2026-01-05,exam,0101,,,,,b\n"
    result = run(store, "touch-points", write(tmp_path, text))
    assert [e.row for e in result.errors] == [3]
    assert "repeats row 2" in result.errors[0].reason


def test_a_repeat_in_a_later_chunk_is_caught_too(
    store: Store, partner_ids: tuple[int, int], tmp_path: Path
) -> None:
    text = HEADER + f"{IOR},2026-01-05,exam,0101,,,,,a\n" + f"{IOR},2026-01-05,exam,0101,,,,,b\n"
    result = run(store, "touch-points", write(tmp_path, text), chunk_size=1)
    assert result.rejected == 1


def test_missing_required_columns_are_named(
    store: Store, partner_ids: tuple[int, int], tmp_path: Path
) -> None:
    path = write(tmp_path, "ior_number,notes\n12-3456789AB,x\n")
    with pytest.raises(ColumnsMissing) as caught:
        run(store, "touch-points", path)
    assert caught.value.missing == ["date", "kind"]


def test_a_user_mapping_names_the_files_own_headers(
    store: Store, partner_ids: tuple[int, int], tmp_path: Path
) -> None:
    path = write(tmp_path, "Importer,When,What\n12-3456789AB,2026-01-05,hold\n")
    mapping = {"ior_number": "Importer", "date": "When", "kind": "What"}
    assert run(store, "touch-points", path, mapping=mapping).created == 1


def test_cancel_leaves_the_database_as_before(
    store: Store, partner_ids: tuple[int, int], tmp_path: Path
) -> None:
    rows = "".join(f"{IOR},2026-01-{d:02d},exam,0101,,,,,\n" for d in range(1, 29))
    path = write(tmp_path, HEADER + rows)
    calls: list[int] = []

    def cancelled() -> bool:
        calls.append(1)
        return len(calls) > 2  # after two chunks were written

    with pytest.raises(ImportCancelled), store.uow() as uow:
        import_file(uow, "touch-points", path, ImportOptions(chunk_size=5), cancelled=cancelled)
    assert count(store, TouchPoint) == 0
    with store.uow() as uow:
        assert list_imports(uow) == []


def test_progress_is_reported_per_chunk(
    store: Store, partner_ids: tuple[int, int], tmp_path: Path
) -> None:
    rows = "".join(f"{IOR},2026-01-{d:02d},exam,0101,,,,,\n" for d in range(1, 11))
    seen: list[tuple[int, float | None]] = []
    with store.uow() as uow:
        import_file(
            uow,
            "touch-points",
            write(tmp_path, HEADER + rows),
            ImportOptions(chunk_size=4),
            progress=lambda done, share: seen.append((done, share)),
        )
    assert [done for done, _ in seen] == [4, 8, 10]
    assert seen[-1][1] == pytest.approx(1.0)


def test_each_import_is_recorded_with_its_counts(
    store: Store, partner_ids: tuple[int, int], tmp_path: Path
) -> None:
    run(store, "touch-points", write(tmp_path, TWO_ROWS, "january.csv"))
    with store.uow() as uow:
        (batch,) = list_imports(uow)
        changes = uow.connection.execute(
            select(ImportChange.record_id, ImportChange.last_record_id, ImportChange.action)
        ).all()
    # On a team database the history names the database login, set by the database.
    login = make_url(store.url).username if store.url.startswith("postgresql") else None
    assert (batch.file_name, batch.actor, batch.kind) == (
        "january.csv",
        login or store.actor,
        "touch-points",
    )
    assert (batch.created, batch.updated, batch.unchanged, batch.rejected) == (2, 0, 0, 0)
    # The two new touch points were made one after the other: one change row for both.
    ((first, last, action),) = changes
    assert (last - first, action) == (1, "create")


def test_an_import_leaves_one_audit_row_per_partner(
    store: Store, partner_ids: tuple[int, int], tmp_path: Path
) -> None:
    text = TWO_ROWS + f"{OTHER_IOR},2026-01-07,hold,0101,,,,,\n"
    result = run(store, "touch-points", write(tmp_path, text))
    with store.uow() as uow:
        stmt = select(AuditEntry.partner_id, AuditEntry.changes).where(
            AuditEntry.action == "import", AuditEntry.record_id == result.batch_id
        )
        rows = sorted(uow.connection.execute(stmt).all())
    assert [pid for pid, _ in rows] == sorted(partner_ids)
    assert '"created": [null, 2]' in rows[0][1]


VOLUMES = "ior_number,month,entries,entered_value_usd\n"


def test_volumes_upsert_by_partner_and_month(
    store: Store, partner_ids: tuple[int, int], tmp_path: Path
) -> None:
    first = VOLUMES + f"{IOR},2026-01,120,1500000.5\n{IOR},2026-02,90,\n"
    assert run(store, "volumes", write(tmp_path, first)).created == 2
    second = VOLUMES + f"{IOR},2026-01,125,1500000.5\n{IOR},2026-02,90,0\n"
    result = run(store, "volumes", write(tmp_path, second, "second.csv"))
    assert (result.created, result.updated, result.unchanged) == (0, 1, 1)
    with store.uow() as uow:
        stmt = select(MonthlyVolume.month, MonthlyVolume.entries).order_by(MonthlyVolume.month)
        assert uow.connection.execute(stmt).all() == [
            (date(2026, 1, 1), 125),
            (date(2026, 2, 1), 90),
        ]


@pytest.mark.parametrize(
    ("month", "entries", "column"),
    [
        ("2026-13", "5", "month"),
        ("2026-01-15", "5", "month"),
        ("January", "5", "month"),
        ("2026-01", "-3", "entries"),
        ("2026-01", "2.5", "entries"),
        ("2026-01", "many", "entries"),
    ],
)
def test_volume_rules_reject_bad_rows(
    store: Store,
    partner_ids: tuple[int, int],
    tmp_path: Path,
    month: str,
    entries: str,
    column: str,
) -> None:
    result = run(store, "volumes", write(tmp_path, VOLUMES + f"{IOR},{month},{entries},1\n"))
    assert [e.column for e in result.errors] == [column]


def test_a_negative_value_is_rejected(
    store: Store, partner_ids: tuple[int, int], tmp_path: Path
) -> None:
    result = run(store, "volumes", write(tmp_path, VOLUMES + f"{IOR},2026-01,4,-1\n"))
    assert [e.column for e in result.errors] == ["entered_value_usd"]
