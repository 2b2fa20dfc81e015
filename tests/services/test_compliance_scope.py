"""Compliance of a scope: examined entries counted once, random inspections preferred."""

from __future__ import annotations

import json
from datetime import date
from pathlib import Path

import pytest
from scipy.stats import fisher_exact

from tests.conftest import valid_entry
from trusted_trader.cli import main
from trusted_trader.domain.errors import ValidationError
from trusted_trader.domain.periods import MonthRange
from trusted_trader.services import partners, reference, touch_points, volumes
from trusted_trader.services.analytics import (
    compliance_by_partner,
    compliance_for_scope,
    scope_for,
)
from trusted_trader.services.partners import PartnerInput
from trusted_trader.services.store import Store
from trusted_trader.services.touch_points import TouchPointInput, TouchPointQuery

IOR = "12-3456789AB"
BASELINE = MonthRange(date(2025, 1, 1), date(2025, 6, 1))
CURRENT = MonthRange(date(2025, 7, 1), date(2025, 12, 1))
PERIODS = ["--baseline", "2025-01:2025-06", "--current", "2025-07:2025-12"]


def _partner(store: Store) -> int:
    with store.uow() as uow:
        elec = reference.center_by_code(uow, "ELEC").id
        pid = partners.create_partner(uow, PartnerInput("Known Imports", IOR, center_id=elec)).id
        uow.commit()
    return pid


def _inspect(store: Store, pid: int, rows: list[tuple[date, str, str, str, str]]) -> None:
    """Rows of (day, kind, entry serial, outcome, selection)."""
    with store.uow() as uow:
        for day, kind, serial, outcome, selection in rows:
            entry = valid_entry(f"ABC{serial}") if serial else ""
            touch_points.record_touch_point(
                uow,
                pid,
                TouchPointInput(
                    day, kind, entry_number=entry, outcome=outcome, selection=selection
                ),
            )
        uow.commit()


def _compliance(store: Store):  # type: ignore[no-untyped-def]
    with store.uow() as uow:
        return compliance_for_scope(uow, scope_for(uow, partner_ior=IOR), BASELINE, CURRENT)


def test_rule_compliance_counts_each_examined_entry_once_clean_only_if_no_finding(
    store: Store,
) -> None:
    pid = _partner(store)
    _inspect(
        store,
        pid,
        [
            (date(2025, 2, 1), "exam", "0000001", "no_discrepancy", ""),
            (date(2025, 2, 3), "cf28", "0000001", "discrepancy", ""),
            (date(2025, 2, 4), "exam", "0000002", "no_discrepancy", ""),
            (date(2025, 2, 5), "exam", "", "no_discrepancy", ""),
            (date(2025, 2, 6), "exam", "", "penalty_assessed", ""),
            # Not findings, or not inspections: left out.
            (date(2025, 2, 7), "exam", "0000003", "pending", ""),
            (date(2025, 2, 8), "exam", "0000004", "", ""),
            (date(2025, 2, 9), "hold", "0000005", "discrepancy", ""),
            # Outside both periods.
            (date(2024, 12, 31), "exam", "0000006", "discrepancy", ""),
        ],
    )
    found = _compliance(store)
    # Entries 1 (found), 2 (clean), two without numbers (one clean, one found).
    assert (found.change.baseline.examined, found.change.baseline.clean) == (4, 2)
    assert found.change.current.examined == 0
    assert found.selection == "all"
    assert found.change.verdict.value == "not measurable"


def test_random_inspections_decide_when_both_periods_have_them_and_all_are_kept_beside(
    store: Store,
) -> None:
    pid = _partner(store)
    rows = [
        (date(2025, 3, d), "exam", f"10000{d:02d}", "no_discrepancy", "random")
        for d in range(1, 21)
    ]
    rows += [(date(2025, 3, 25), "exam", "1000099", "discrepancy", "targeted")]
    rows += [
        (
            date(2025, 9, d),
            "exam",
            f"20000{d:02d}",
            "discrepancy" if d <= 8 else "no_discrepancy",
            "random",
        )
        for d in range(1, 21)
    ]
    _inspect(store, pid, rows)
    found = _compliance(store)
    assert found.selection == "random"
    assert (found.change.baseline.examined, found.change.baseline.clean) == (20, 20)
    assert (found.change.current.examined, found.change.current.clean) == (20, 12)
    assert found.all_inspections.baseline.examined == 21
    assert found.change.p_value == pytest.approx(fisher_exact([[12, 8], [20, 0]]).pvalue)
    assert found.change.verdict.value == "worsened"


def test_stats_flags_fewer_touch_points_while_compliance_fell(
    store: Store, db_url: str, capsys: pytest.CaptureFixture[str]
) -> None:
    pid = _partner(store)
    with store.uow() as uow:
        for month in range(1, 13):
            volumes.set_monthly_volume(uow, pid, date(2025, month, 1), 10_000)
        uow.commit()
    # 60 clean exams before; 20 exams after, half of them with discrepancies.
    rows = [
        (date(2025, 1 + i % 6, 1 + i // 6), "exam", f"3{i:06d}", "no_discrepancy", "")
        for i in range(60)
    ]
    rows += [
        (
            date(2025, 7 + i % 6, 1 + i),
            "exam",
            f"4{i:06d}",
            "discrepancy" if i % 2 else "no_discrepancy",
            "",
        )
        for i in range(20)
    ]
    _inspect(store, pid, rows)
    assert main(["--db", db_url, "stats", "--partner", IOR, *PERIODS]) == 0
    text = capsys.readouterr().out
    assert "Touch points per 1,000 entries fell" in text
    assert "Compliance (all inspections) fell 50.0 points, from 100.0% to 50.0%" in text
    assert text.count("worsened") == 1
    assert "Fewer touch points, but compliance fell." in text


@pytest.mark.parametrize(
    ("kind", "selection", "message"),
    [
        ("exam", "sometimes", "must be one of: targeted, random"),
        ("hold", "random", "only exams and CF-28 reviews are selected"),
    ],
)
def test_rule_compliance_selection_only_for_exams_and_cf28_reviews(
    store: Store, kind: str, selection: str, message: str
) -> None:
    pid = _partner(store)
    with store.uow() as uow, pytest.raises(ValidationError, match=message):
        touch_points.record_touch_point(
            uow, pid, TouchPointInput(date(2025, 3, 1), kind, selection=selection)
        )


def test_selection_travels_through_export_and_import(
    store: Store, db_url: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    pid = _partner(store)
    _inspect(store, pid, [(date(2025, 3, 1), "exam", "0000001", "no_discrepancy", "random")])
    db = db_url
    out = tmp_path / "tp.csv"
    assert main(["--db", db, "export", "touch-points", str(out)]) == 0
    header, row = out.read_text(encoding="utf-8-sig").splitlines()[:2]
    assert "selection" in header.split(",") and "random" in row.split(",")
    capsys.readouterr()
    assert main(["--db", db, "import", "touch-points", str(out)]) == 0
    with store.uow() as uow:
        stored = touch_points.list_touch_points(uow, TouchPointQuery(partner_id=pid))
    assert [(t.entry_number[4:11], t.selection) for t in stored] == [("0000001", "random")]


def test_compliance_by_partner_equals_each_partners_own(store: Store) -> None:
    pid = _partner(store)
    with store.uow() as uow:
        elec = reference.center_by_code(uow, "ELEC").id
        other = partners.create_partner(
            uow, PartnerInput("Other Co", "23-4567890CD", center_id=elec)
        ).id
        uow.commit()
    _inspect(store, pid, [(date(2025, 2, 1), "exam", "0000001", "no_discrepancy", "")])
    _inspect(
        store,
        other,
        [
            (date(2025, 2, 1), "exam", "0000002", "discrepancy", "random"),
            (date(2025, 8, 1), "exam", "0000003", "no_discrepancy", "random"),
        ],
    )
    with store.uow() as uow:
        center = scope_for(uow, center_code="ELEC")
        found = compliance_by_partner(uow, center, BASELINE, CURRENT)
        mine = compliance_for_scope(uow, scope_for(uow, partner_ior=IOR), BASELINE, CURRENT)
        theirs = compliance_for_scope(
            uow, scope_for(uow, partner_ior="23-4567890CD"), BASELINE, CURRENT
        )
    assert set(found) == {pid, other}
    assert found[pid].change == mine.change
    assert (found[other].selection, found[other].change) == (theirs.selection, theirs.change)


def test_each_periods_rate_carries_its_exact_interval_in_text_and_json(
    store: Store, db_url: str, capsys: pytest.CaptureFixture[str]
) -> None:
    from trusted_trader.domain.compliance import clopper_pearson

    pid = _partner(store)
    rows = [(date(2025, 3, d), "exam", f"50000{d:02d}", "no_discrepancy", "") for d in range(1, 11)]
    rows.append((date(2025, 3, 20), "exam", "5000099", "discrepancy", ""))
    _inspect(store, pid, rows)
    assert main(["--db", db_url, "stats", "--partner", IOR, *PERIODS, "--json"]) == 0
    baseline = json.loads(capsys.readouterr().out)["compliance"]["baseline"]
    assert baseline["rate_ci95"] == pytest.approx(list(clopper_pearson(10, 11)))
    assert main(["--db", db_url, "stats", "--partner", IOR, *PERIODS]) == 0
    low, high = clopper_pearson(10, 11)
    assert f"90.9% (95% CI {low * 100:.1f}% to {high * 100:.1f}%)" in capsys.readouterr().out
