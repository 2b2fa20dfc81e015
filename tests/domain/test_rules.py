from __future__ import annotations

from datetime import date

import pytest

from trusted_trader.domain.deadlines import Urgency, response_due, urgency_of
from trusted_trader.domain.enums import TouchPointKind, parse_touch_point_kind
from trusted_trader.domain.errors import ValidationError
from trusted_trader.domain.partners import validate_profile
from trusted_trader.domain.periods import MonthRange, parse_month, parse_month_range
from trusted_trader.domain.plans import check_periods, review_dates


@pytest.mark.parametrize(
    ("kind", "days"),
    [
        (TouchPointKind.CF28, 30),
        (TouchPointKind.CF29, 20),
        (TouchPointKind.PENALTY, 60),
        (TouchPointKind.LIQUIDATED_DAMAGES, 60),
    ],
)
def test_response_windows_follow_cbp(kind: TouchPointKind, days: int) -> None:
    assert (response_due(kind, date(2026, 1, 1)) - date(2026, 1, 1)).days == days  # type: ignore[operator]


def test_exams_have_no_response_window() -> None:
    assert response_due(TouchPointKind.EXAM, date(2026, 1, 1)) is None


@pytest.mark.parametrize(
    ("text", "kind"),
    [
        ("cf28", TouchPointKind.CF28),
        ("CF-28", TouchPointKind.CF28),
        ("Request for Information", TouchPointKind.CF28),
        ("Liquidated damages", TouchPointKind.LIQUIDATED_DAMAGES),
        ("EXAM", TouchPointKind.EXAM),
    ],
)
def test_touch_point_kinds_are_read_from_codes_and_labels(text: str, kind: TouchPointKind) -> None:
    assert parse_touch_point_kind(text) == kind


def test_unknown_touch_point_kind_lists_the_allowed_ones() -> None:
    with pytest.raises(ValueError, match="CF-28"):
        parse_touch_point_kind("inspection")


def test_urgency_of_deadlines() -> None:
    today = date(2026, 11, 28)
    assert urgency_of(date(2026, 11, 27), today) == Urgency.OVERDUE
    assert urgency_of(date(2026, 12, 28), today) == Urgency.DUE_SOON
    assert urgency_of(date(2026, 12, 29), today) == Urgency.LATER


def test_profile_reports_every_problem_at_once() -> None:
    with pytest.raises(ValidationError) as caught:
        validate_profile(
            legal_name=" ", ior_numbers="12-3456789OO; bad", country="USA", status="gone"
        )
    fields = [p.field for p in caught.value.problems]
    assert fields == ["legal_name", "ior_numbers", "ior_numbers", "country", "status"]


def test_profile_is_normalized_and_iors_deduplicated() -> None:
    profile = validate_profile(
        legal_name="  Acme   Imports ",
        ior_numbers="123456789ab;12-3456789AB",
        filer_codes=["ab1"],
        country="de",
    )
    assert profile.legal_name == "Acme Imports"
    assert profile.ior_numbers == ("12-3456789AB",)
    assert profile.filer_codes == ("AB1",)
    assert profile.country == "DE"


def test_month_ranges_parse_and_count() -> None:
    period = parse_month_range("2025-01:2025-12")
    assert period.months == 12
    assert date(2025, 12, 31) in period
    assert date(2026, 1, 1) not in period
    assert str(period) == "2025-01:2025-12"
    with pytest.raises(ValueError, match="YYYY-MM"):
        parse_month("2025/01")
    with pytest.raises(ValueError, match="month 13"):
        parse_month("2025-13")
    with pytest.raises(ValueError, match="before it starts"):
        parse_month_range("2025-05:2025-01")


def test_baseline_must_end_before_the_plan_starts() -> None:
    plan = parse_month_range("2025-01:2025-12")
    assert check_periods(plan, parse_month_range("2024-01:2024-12")) == []
    assert check_periods(plan, parse_month_range("2024-06:2025-01"))[0].field == "baseline"


def test_quarterly_reviews_fall_within_the_period() -> None:
    dates = review_dates(MonthRange(date(2025, 1, 1), date(2025, 12, 1)), 3)
    assert dates == [date(2025, 4, 1), date(2025, 7, 1), date(2025, 10, 1), date(2025, 12, 1)]
