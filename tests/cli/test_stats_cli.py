"""``trusted-trader stats``: the reduction on the command line, as text or as one JSON object."""

from __future__ import annotations

import json
from datetime import date
from pathlib import Path

import pytest
from scipy import stats

from trusted_trader.cli import main
from trusted_trader.services import partners, reference, touch_points, volumes
from trusted_trader.services.partners import PartnerInput
from trusted_trader.services.store import Store
from trusted_trader.services.touch_points import TouchPointInput

KNOWN_IOR = "12-3456789AB"
QUIET_IOR = "23-4567890CD"
EMAIL = "ann.lee@cbp.dhs.gov"
PERIODS = ["--baseline", "2025-01:2025-03", "--current", "2025-07:2025-09"]
JSON_KEYS = {
    "scope",
    "basis",
    "baseline",
    "current",
    "rate_ratio",
    "reduction",
    "reduction_ci95",
    "p_value",
    "verdict",
    "note",
    "compliance",
    "ports",  # not with --kind: the ports are of every kind
}
COMPLIANCE_KEYS = {
    "selection",
    "baseline",
    "current",
    "difference",
    "difference_ci95",
    "p_value",
    "verdict",
}


@pytest.fixture
def db(store: Store, tmp_path: Path) -> str:
    """Known Imports: 1,000 entries a month; 6 exams in Jan-Mar 2025, 3 in Jul-Sep 2025.

    Quiet Co (no volume): 2 holds in Feb 2025, 1 in Aug 2025. Both in ELEC, both Ann's.
    """
    with store.uow() as uow:
        elec = reference.center_by_code(uow, "ELEC").id
        ann = reference.create_executive(uow, name="Ann Lee", email=EMAIL, center_id=elec).id
        known = partners.create_partner(
            uow, PartnerInput("Known Imports", KNOWN_IOR, center_id=elec, executive_id=ann)
        ).id
        quiet = partners.create_partner(
            uow, PartnerInput("Quiet Co", QUIET_IOR, center_id=elec, executive_id=ann)
        ).id
        for month in (1, 2, 3, 7, 8, 9):
            volumes.set_monthly_volume(uow, known, date(2025, month, 1), 1000)
        for day in (date(2025, m, d) for m in (1, 2, 3) for d in (5, 20)):
            touch_points.record_touch_point(uow, known, TouchPointInput(day, "exam"))
        for day in (date(2025, 7, 1), date(2025, 8, 15), date(2025, 9, 30)):
            touch_points.record_touch_point(uow, known, TouchPointInput(day, "exam"))
        for day in (date(2025, 2, 3), date(2025, 2, 4), date(2025, 8, 8)):
            touch_points.record_touch_point(uow, quiet, TouchPointInput(day, "hold"))
        uow.commit()
    return str(tmp_path / "test.sqlite")


def run_json(db: str, capsys: pytest.CaptureFixture[str], *args: str) -> dict[str, object]:
    assert main(["--db", db, "stats", *args, "--json"]) == 0
    out = capsys.readouterr().out
    assert out.count("\n") == 1, "exactly one JSON object on one line"
    data = json.loads(out)
    assert set(data) == (JSON_KEYS - {"ports"} if "--kind" in args else JSON_KEYS)
    return dict(data)


def test_json_for_a_partner_gives_counts_rates_and_the_exact_statistic(
    db: str, capsys: pytest.CaptureFixture[str]
) -> None:
    data = run_json(db, capsys, "--partner", "123456789ab", *PERIODS)
    assert data["scope"] == {"type": "partner", "id": KNOWN_IOR}
    assert data["basis"] == "entries"
    # 6 / 3,000 * 1,000 = 2.0 and 3 / 3,000 * 1,000 = 1.0: RR = 0.5, reduction = 0.5.
    assert data["baseline"] == {
        "from": "2025-01",
        "to": "2025-03",
        "touch_points": 6,
        "entries": 3000,
        "rate": 2.0,
    }
    assert data["current"] == {
        "from": "2025-07",
        "to": "2025-09",
        "touch_points": 3,
        "entries": 3000,
        "rate": 1.0,
    }
    assert (data["rate_ratio"], data["reduction"]) == (0.5, 0.5)
    # Equal volumes: pi0 = 1/2, and 3 of 9 is far from unusual.
    assert data["p_value"] == pytest.approx(stats.binomtest(3, 9, 0.5).pvalue)
    low, high = data["reduction_ci95"]  # type: ignore[misc]
    assert low < 0.5 < high
    assert (data["verdict"], data["note"]) == ("no clear change", None)


def test_json_scope_ids_are_normalized_and_null_for_everyone(
    db: str, capsys: pytest.CaptureFixture[str]
) -> None:
    center = run_json(db, capsys, "--center", "elec", *PERIODS)
    assert center["scope"] == {"type": "center", "id": "ELEC"}
    portfolio = run_json(db, capsys, "--executive", EMAIL.upper(), *PERIODS)
    assert portfolio["scope"] == {"type": "executive", "id": EMAIL}
    everyone = run_json(db, capsys, *PERIODS)
    assert everyone["scope"] == {"type": "all", "id": None}
    # Known 6 + Quiet 2 and 3 + 1 touch points; only Known Imports has entries.
    for data in (center, portfolio, everyone):
        assert data["baseline"]["touch_points"] == 8  # type: ignore[index]
        assert data["current"]["touch_points"] == 4  # type: ignore[index]


def test_json_without_volume_is_per_month_and_says_so(
    db: str, capsys: pytest.CaptureFixture[str]
) -> None:
    data = run_json(db, capsys, "--partner", QUIET_IOR, *PERIODS)
    assert data["basis"] == "months"
    # 2 holds / 3 months and 1 / 3 months.
    assert data["baseline"]["entries"] is None  # type: ignore[index]
    assert data["baseline"]["rate"] == pytest.approx(2 / 3)  # type: ignore[index]
    assert data["rate_ratio"] == pytest.approx(0.5)
    assert "No entry volume" in str(data["note"])


def test_json_when_not_measurable_has_nulls_and_the_reason(
    db: str, capsys: pytest.CaptureFixture[str]
) -> None:
    data = run_json(db, capsys, "--partner", KNOWN_IOR, "--kind", "seizure", *PERIODS)
    assert data["verdict"] == "not measurable"
    assert (data["rate_ratio"], data["reduction"], data["reduction_ci95"]) == (None, None, None)
    assert data["p_value"] is None
    assert data["note"] == "No touch points in either period."


def test_text_output_is_a_few_aligned_lines(db: str, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["--db", db, "stats", "--partner", KNOWN_IOR, "--kind", "exam", *PERIODS]) == 0
    lines = capsys.readouterr().out.splitlines()
    assert lines[0] == f"Scope:    Partner Known Imports ({KNOWN_IOR}) (Exam only)"
    assert lines[1] == "Basis:    touch points per 1,000 entries"
    assert lines[2].startswith("Baseline: 2025-01 to 2025-03")
    assert lines[3].startswith("Current:  2025-07 to 2025-09")
    assert lines[2].endswith("2.00 per 1,000") and lines[3].endswith("1.00 per 1,000")
    assert lines[2].index("touch points") == lines[3].index("touch points")
    assert lines[4].startswith("Touch points per 1,000 entries fell 50%, no clear change")
    assert lines[5].startswith("p-value:  0.")


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["--baseline", "2025-13:2025-14", "--current", "2025-07:2025-09"], "--baseline"),
        (["--baseline", "2025-01:2025-03", "--current", "July"], "--current"),
        (["--baseline", "2025-01:2025-08", "--current", "2025-07:2025-09"], "overlap"),
        ([*PERIODS, "--kind", "x-ray"], "--kind: 'x-ray' is not a touch-point kind"),
        ([*PERIODS, "--partner", "12-34"], "--partner: IOR number '12-34'"),
    ],
)
def test_usage_errors_exit_2_with_one_line_before_opening_the_database(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], args: list[str], message: str
) -> None:
    db = tmp_path / "never.sqlite"
    assert main(["--db", str(db), "stats", *args]) == 2
    captured = capsys.readouterr()
    assert captured.out == ""
    assert captured.err.count("\n") == 1 and message in captured.err
    assert not db.exists()


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["--partner", "99-9999999AB"], "No partner has IOR number 99-9999999AB."),
        (["--center", "NOPE"], "There is no Center 'NOPE'."),
        (["--executive", "nobody@cbp.dhs.gov"], "There is no Account Executive"),
    ],
)
def test_unknown_names_exit_1_with_one_line(
    db: str, capsys: pytest.CaptureFixture[str], args: list[str], message: str
) -> None:
    assert main(["--db", db, "stats", *PERIODS, *args]) == 1
    captured = capsys.readouterr()
    assert captured.out == ""
    assert captured.err.count("\n") == 1 and message in captured.err


def test_only_one_scope_can_be_named(db: str, capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit) as exit_info:
        main(["--db", db, "stats", "--partner", KNOWN_IOR, "--center", "ELEC"])
    assert exit_info.value.code == 2
    assert "not allowed with argument" in capsys.readouterr().err


def test_stats_has_help(capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit) as exit_info:
        main(["stats", "--help"])
    assert exit_info.value.code == 0
    assert "--baseline YYYY-MM:YYYY-MM" in capsys.readouterr().out


def test_periods_default_to_the_last_full_year_and_the_one_before() -> None:
    from trusted_trader.commands.stats import _periods

    before, now = _periods(None, None, date(2026, 11, 28))
    assert (str(before), str(now)) == ("2024-11:2025-10", "2025-11:2026-10")
    before, now = _periods(None, "2025-07:2025-09", date(2026, 11, 28))
    assert (str(before), str(now)) == ("2025-04:2025-06", "2025-07:2025-09")
    before, now = _periods("2020-01:2020-12", None, date(2026, 11, 28))
    assert (str(before), str(now)) == ("2020-01:2020-12", "2025-11:2026-10")


def test_json_keeps_every_key_and_adds_compliance_null_where_nothing_was_examined(
    db: str, capsys: pytest.CaptureFixture[str]
) -> None:
    # The exams of the fixture have no recorded finding, so no entry counts as examined.
    data = run_json(db, capsys, "--partner", KNOWN_IOR, *PERIODS)
    compliance = data["compliance"]
    assert isinstance(compliance, dict) and set(compliance) == COMPLIANCE_KEYS
    assert compliance["selection"] == "all"
    assert compliance["baseline"] == {"examined": 0, "clean": 0, "rate": None, "rate_ci95": None}
    assert (compliance["difference"], compliance["difference_ci95"], compliance["p_value"]) == (
        None,
        None,
        None,
    )
    assert compliance["verdict"] == "not measurable"
