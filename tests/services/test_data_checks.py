"""Data checks: each check finds its records on hand-made entries, on both databases."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest
from sqlalchemy import delete, select, update

from tests.conftest import ACME_IOR, valid_entry
from tests.services.checks_world import (
    JAN,
    UNIMPORTED,
    WRONG_DIGIT,
    World,
    add_entries,
    build_world,
    entry_row,
    set_reported,
    stored_touch_point,
)
from trusted_trader.domain.data_checks import VolumeTolerance
from trusted_trader.services.data_checks import CheckId, DataChecks, run_data_checks
from trusted_trader.services.importing import ImportOptions, import_file
from trusted_trader.services.maintenance import check_database
from trusted_trader.services.scope import Scope
from trusted_trader.services.store import Store
from trusted_trader.store.models import CenterCoverage, PartnerFilerCode, TouchPoint, utc_now


@pytest.fixture
def world(store: Store) -> World:
    return build_world(store)


def checks(store: Store, scope: Scope = Scope(), **options: object) -> DataChecks:
    with store.uow() as uow:
        return run_data_checks(uow, scope, **options)  # type: ignore[arg-type]


def keys(found: DataChecks, check: CheckId) -> dict[str, list[str]]:
    return {f.partner_name: [i.key for i in f.items] for f in found.group(check).findings}


def test_rule_entry_check_digit_data_checks_find_touch_points_and_imported_entries(
    store: Store, world: World
) -> None:
    found = checks(store)
    finding = found.group(CheckId.ENTRY_CHECK_DIGIT).findings[0]
    assert (finding.partner_name, finding.count) == ("Acme Imports", 2)
    assert [(i.record_table, i.key) for i in finding.items] == [
        ("touch_point", "ABC-1234567-8"),
        ("customs_entry", WRONG_DIGIT),
    ]
    assert "should be 6, not 8" in finding.items[0].detail
    assert finding.items[0].record_id == world.wrong_touch_point


def test_rule_filer_codes_an_entry_of_another_filer_is_a_possible_unauthorized_filer(
    store: Store, world: World
) -> None:
    finding = checks(store).group(CheckId.UNAUTHORIZED_FILER).findings
    assert [(f.partner_name, f.count) for f in finding] == [("Acme Imports", 1)]
    assert finding[0].items[0].key == world.foreign_filer_entry
    assert finding[0].items[0].detail == "filer code XYZ"
    assert finding[0].note == "filer codes on record: ACM"


def test_a_partner_without_filer_codes_is_listed_once_with_its_entries_count(
    store: Store, world: World
) -> None:
    group = checks(store).group(CheckId.NO_FILER_CODES)
    assert [(f.partner_name, f.count, f.items) for f in group.findings] == [("Bolt Trading", 2, ())]
    assert "no filer codes on record" in group.findings[0].note
    assert group.info.severity == "information"


def test_an_hts_number_of_another_center_is_named_with_the_center_it_maps_to(
    store: Store, world: World
) -> None:
    findings = checks(store).group(CheckId.HTS_OTHER_CENTER).findings
    assert [(f.partner_name, f.count) for f in findings] == [("Acme Imports", 1)]
    item = findings[0].items[0]
    assert item.key == world.electronics_entry
    assert item.detail == "HTS 8471.30.0100 → ELEC"  # 8471 (ELEC) is longer than 84 (MAC)
    assert findings[0].note == "the partner's Center: MAC"


def test_rule_center_coverage_longest_prefix_decides_the_data_check(
    store: Store, world: World
) -> None:
    with store.uow() as uow:
        machinery = uow.connection.execute(
            select(CenterCoverage.center_id).where(CenterCoverage.hts_prefix == "84")
        ).scalar_one()
        uow.connection.execute(
            CenterCoverage.__table__.insert(),  # type: ignore[attr-defined]
            {
                "center_id": machinery,
                "hts_prefix": "847130",
                "created_at": utc_now(),
                "updated_at": utc_now(),
            },
        )
        uow.commit()
    findings = checks(store).group(CheckId.HTS_OTHER_CENTER).findings
    # Acme's 8471.30 is Machinery's now; Bolt's (Electronics) has left its Center's coverage.
    assert [(f.partner_name, f.items[0].detail) for f in findings] == [
        ("Bolt Trading", "HTS 8471.30.0100 → MAC")
    ]


def test_rule_center_coverage_chapters_98_and_99_are_not_outside_the_centers_coverage(
    store: Store, world: World
) -> None:
    tariff, special = valid_entry("ACM0000011"), valid_entry("ACM0000012")
    add_entries(
        store,
        [
            entry_row(world.acme, tariff, JAN, "8421390000 9903880300"),
            entry_row(world.acme, special, JAN, "98020050 8471300100"),
        ],
    )
    findings = checks(store).group(CheckId.HTS_OTHER_CENTER).findings
    # Kept with the entries, never judged: Acme (Machinery) is found only for 8471.30.
    assert [(i.key, i.detail) for f in findings for i in f.items] == [
        (world.electronics_entry, "HTS 8471.30.0100 → ELEC"),
        (special, "HTS 8471.30.0100 → ELEC"),
    ]


def test_a_touch_point_on_an_entry_never_imported_is_information_in_imported_months_only(
    store: Store, world: World
) -> None:
    group = checks(store).group(CheckId.TOUCH_POINT_UNKNOWN_ENTRY)
    assert group.info.severity == "information"
    assert [(f.partner_name, [(i.record_id, i.key) for i in f.items]) for f in group.findings] == [
        ("Acme Imports", [(world.unknown_touch_point, UNIMPORTED)])
    ]
    assert group.findings[0].items[0].detail == "Exam on 2026-01-20"  # the kind as CBP names it


def test_a_month_whose_reported_total_strays_beyond_the_tolerance_is_found(
    store: Store, world: World
) -> None:
    findings = checks(store).group(CheckId.VOLUME_MISMATCH).findings
    assert [(f.partner_name, [i.key for i in f.items]) for f in findings] == [
        ("Acme Imports", ["2026-01"])
    ]
    assert findings[0].items[0].detail == "reported 40, counted 4: 36 apart"
    assert findings[0].items[0].record_id == world.january
    assert "the larger of 3 entries and 5%" in findings[0].note


@pytest.mark.parametrize(
    ("reported", "tolerance", "found"),
    [
        (7, VolumeTolerance(), False),  # 3 apart: within 3 entries
        (8, VolumeTolerance(), True),
        (4, VolumeTolerance(0, 0), False),
        (5, VolumeTolerance(0, 0), True),  # exact: one apart is a finding
        (5, VolumeTolerance(0, 25.0), False),  # one apart: 25% of 4
        (5, VolumeTolerance(0, 24.9), True),
        (40, VolumeTolerance(36, 0), False),
    ],
)
def test_rule_volume_tolerance_decides_which_months_are_found(
    store: Store, world: World, reported: int, tolerance: VolumeTolerance, found: bool
) -> None:
    set_reported(store, world.acme, JAN, reported)
    group = checks(store, tolerance=tolerance).group(CheckId.VOLUME_MISMATCH)
    assert bool(group.findings) is found


def test_a_scope_of_one_partner_lists_only_its_findings(store: Store, world: World) -> None:
    found = checks(store, Scope("partner", world.bolt))
    assert [(g.info.id, len(g.findings)) for g in found.groups if g.findings] == [
        (CheckId.NO_FILER_CODES, 1)
    ]
    assert not found.has_problems
    assert checks(store, Scope("partner", world.acme)).has_problems


def test_the_list_is_capped_but_the_count_is_whole(store: Store, world: World) -> None:
    add_entries(store, [entry_row(world.acme, f"XYZ-{n:07d}-0", JAN) for n in range(10, 40)])
    finding = checks(store, limit=5).group(CheckId.UNAUTHORIZED_FILER).findings[0]
    assert (finding.count, len(finding.items), finding.more) == (31, 5, 26)
    assert finding.items_text(2).endswith("and 29 more")


def test_an_empty_database_finds_nothing_and_a_deleted_partner_is_not_checked(
    store: Store, world: World
) -> None:
    from trusted_trader.services.partners import delete_partner

    with store.uow() as uow:
        delete_partner(uow, world.acme)
        delete_partner(uow, world.bolt)
        uow.commit()
    assert checks(store).findings() == []


def test_the_json_names_each_check_with_its_count_and_records(store: Store, world: World) -> None:
    data = checks(store).as_json()
    ids = [c["id"] for c in data["checks"]]
    assert ids == [c.value for c in CheckId]
    filer = data["checks"][1]
    assert filer["count"] == 1 and filer["severity"] == "problem"
    record = filer["findings"][0]["records"][0]
    assert record["table"] == "customs_entry" and record["date"] == "2026-01-01"
    assert filer["findings"][0]["partner"]["ior"] == ACME_IOR
    assert data["problems"] is True


def test_filer_codes_added_later_clear_the_finding(store: Store, world: World) -> None:
    with store.uow() as uow:
        uow.connection.execute(
            PartnerFilerCode.__table__.insert(),  # type: ignore[attr-defined]
            {
                "partner_id": world.acme,
                "filer_code": "XYZ",
                "created_at": utc_now(),
                "updated_at": utc_now(),
            },
        )
        uow.connection.execute(delete(TouchPoint).where(TouchPoint.id == world.unknown_touch_point))
        uow.commit()
    found = checks(store)
    assert found.group(CheckId.UNAUTHORIZED_FILER).findings == ()
    assert found.group(CheckId.TOUCH_POINT_UNKNOWN_ENTRY).findings == ()


# --- the check digit of stored touch points, as `db check` reports it ------------------------


def test_rule_entry_check_digit_demo_database_passes_db_check(demo_store: Store) -> None:
    result = check_database(demo_store)
    assert result.ok, result.problems
    with demo_store.uow() as uow:
        found = run_data_checks(uow, checks=[CheckId.ENTRY_CHECK_DIGIT])
        entries = list(uow.connection.execute(select(TouchPoint.entry_number)).scalars())
    # The demo plants wrong digits in imported entries only: its touch points all pass.
    assert {i.record_table for f in found.findings() for i in f.items} == {"customs_entry"}
    assert sum(1 for e in entries if e) > 2000  # the demo's numbers were all checked


def test_the_demo_database_holds_what_it_planted_for_every_check(demo_store: Store) -> None:
    from trusted_trader.services.demo_entries import PLANTED

    with demo_store.uow() as uow:
        found = run_data_checks(uow)
    counts = {g.info.id: g.count for g in found.groups}
    assert counts == {
        CheckId.ENTRY_CHECK_DIGIT: PLANTED.wrong_check_digits,
        CheckId.UNAUTHORIZED_FILER: PLANTED.foreign_filers,
        CheckId.NO_FILER_CODES: 0,
        CheckId.HTS_OTHER_CENTER: PLANTED.other_center_hts,
        CheckId.TOUCH_POINT_UNKNOWN_ENTRY: PLANTED.stray_touch_points,
        CheckId.VOLUME_MISMATCH: PLANTED.mismatched_months,
    }


def test_rule_entry_check_digit_db_check_names_stored_touch_points_that_fail(
    store: Store, acme_id: int
) -> None:
    bad = stored_touch_point(store, acme_id, date(2026, 3, 2), "ABC-1234567-8")
    stored_touch_point(store, acme_id, date(2026, 3, 2), "ABC-1234567-6")
    stored_touch_point(store, acme_id, date(2026, 3, 2), "abc12345676")  # right, written loosely
    result = check_database(store)
    assert not result.ok
    assert [p for p in result.problems if "touch point" in p] == [
        f"touch point #{bad} (Acme Imports, 2026-03-02): ABC-1234567-8 "
        "is wrong: the check digit of ABC-1234567 should be 6, not 8"
    ]


def test_rule_entry_check_digit_item_gives_the_rule_apart_from_the_record_it_names(
    store: Store, acme_id: int
) -> None:
    bad = stored_touch_point(store, acme_id, date(2026, 3, 2), "ABC-1234567-8")
    found = checks(store).group(CheckId.ENTRY_CHECK_DIGIT).findings
    [item] = [i for f in found for i in f.items if i.record_id == bad]
    reason = "is wrong: the check digit of ABC-1234567 should be 6, not 8"
    assert (item.detail, item.reason) == (f"touch point number {reason}", reason)


def test_rule_entry_check_digit_import_rejects_the_row(
    store: Store, acme_id: int, tmp_path: Path
) -> None:
    path = tmp_path / "in.csv"
    path.write_text(
        "ior_number,date,kind,entry_number\n"
        f"{ACME_IOR},2026-01-05,exam,ABC-1234567-6\n"
        f"{ACME_IOR},2026-01-06,exam,ABC-1234567-8\n",
        encoding="utf-8",
    )
    with store.uow() as uow:
        result = import_file(uow, "touch-points", path, ImportOptions())
    assert not result.written
    assert [(e.row, e.column) for e in result.errors] == [(3, "entry_number")]
    assert "should be 6, not 8" in result.errors[0].reason


def test_every_valid_number_passes_the_databases_check_digit(store: Store, acme_id: int) -> None:
    """The database's own sum agrees with the domain's for every filer letter and digit."""
    from tests.conftest import valid_entry

    numbers = [valid_entry(f"{a}{b}{c}{n:07d}") for n, (a, b, c) in enumerate(
        zip("ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789", "JKLMNOPQRSTUVWXYZ0123456789ABCDEFGHI",
            "STUVWXYZ0123456789ABCDEFGHIJKLMNOPQR", strict=True), start=1234567)]  # fmt: skip
    ids = [stored_touch_point(store, acme_id, date(2026, 3, 2), n) for n in numbers]
    with store.uow() as uow:
        uow.connection.execute(
            update(TouchPoint)
            .where(TouchPoint.id == ids[0])
            .values(entry_number=numbers[0][:-1] + "x")
        )
        uow.commit()
    found = checks(store).group(CheckId.ENTRY_CHECK_DIGIT).findings
    assert [i.record_id for f in found for i in f.items] == [ids[0]]


def test_db_check_leaves_imported_entries_to_the_data_checks(store: Store, world: World) -> None:
    problems = check_database(store).problems
    assert any("ABC-1234567-8" in p for p in problems)  # the touch point
    assert not any(WRONG_DIGIT in p for p in problems)  # the imported entry: `check` lists it
