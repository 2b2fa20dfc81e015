from __future__ import annotations

from datetime import date

from trusted_trader.domain.enums import EnrollmentStatus, Program
from trusted_trader.domain.programs import Enrollment, check_programs

TODAY = date(2026, 11, 28)


def ctpat(tier: int, **kwargs: object) -> Enrollment:
    return Enrollment(Program.CTPAT, EnrollmentStatus.CERTIFIED, tier=tier, **kwargs)  # type: ignore[arg-type]


def codes(*enrollments: Enrollment) -> list[str]:
    return [flag.code for flag in check_programs(enrollments, TODAY)]


def test_annual_review_window_opens_90_days_before_the_anniversary() -> None:
    enrollment = ctpat(1, anniversary=date(2020, 3, 15))
    # Next anniversary after 2026-11-28 is 2027-03-15; 90 days earlier is 2026-12-15.
    assert enrollment.annual_review_window(TODAY) == (date(2026, 12, 15), date(2027, 3, 15))


def test_anniversary_on_today_counts_as_next() -> None:
    enrollment = ctpat(1, anniversary=date(2019, 11, 28))
    assert enrollment.next_anniversary(TODAY) == TODAY


def test_leap_day_anniversary_falls_back_to_february_28() -> None:
    enrollment = ctpat(1, anniversary=date(2020, 2, 29))
    assert enrollment.next_anniversary(TODAY) == date(2027, 2, 28)


def test_revalidation_is_due_four_years_after_last_validation_for_tier_2_and_3() -> None:
    assert ctpat(2, last_validated_on=date(2023, 5, 10)).revalidation_due() == date(2027, 5, 10)
    assert ctpat(3, certified_on=date(2021, 1, 4)).revalidation_due() is None  # never validated
    assert ctpat(1, last_validated_on=date(2023, 5, 10)).revalidation_due() is None


def test_a_consistent_partner_has_no_flags() -> None:
    assert (
        codes(
            ctpat(
                2,
                certified_on=date(2024, 1, 10),
                last_validated_on=date(2024, 6, 1),
                anniversary=date(2024, 1, 10),
                last_reviewed_on=date(2025, 12, 1),
            ),
            Enrollment(Program.TRADE_COMPLIANCE, EnrollmentStatus.CERTIFIED),
        )
        == []
    )


def test_trade_compliance_without_tier_2_or_3_is_flagged() -> None:
    tc = Enrollment(Program.TRADE_COMPLIANCE, EnrollmentStatus.CERTIFIED)
    assert codes(tc) == ["trade_compliance_without_tier"]
    assert "trade_compliance_without_tier" in codes(ctpat(1), tc)
    suspended_tier_two = Enrollment(Program.CTPAT, EnrollmentStatus.SUSPENDED, tier=2)
    assert "trade_compliance_without_tier" in codes(suspended_tier_two, tc)


def test_fast_without_ctpat_certification_is_flagged_with_a_reason() -> None:
    fast = Enrollment(Program.FAST, EnrollmentStatus.CERTIFIED, certified_on=date(2024, 1, 1))
    flags = check_programs([fast], TODAY)
    assert [f.code for f in flags] == ["fast_without_ctpat"]
    assert "CTPAT certified" in flags[0].reason
    assert codes(ctpat(1), fast) == []


def test_rule_fast_partner_approval_has_no_term() -> None:
    fast = Enrollment(Program.FAST, EnrollmentStatus.CERTIFIED, certified_on=date(2010, 6, 1))
    assert codes(ctpat(1), fast) == []  # the 5-year term is a driver's card, not a partner's


def test_lapsed_annual_review_is_flagged() -> None:
    # Anniversary 2026-03-01 passed; its window opened 2025-12-01 and no review since.
    lapsed = ctpat(
        1,
        certified_on=date(2022, 3, 1),
        anniversary=date(2022, 3, 1),
        last_reviewed_on=date(2025, 2, 1),
    )
    assert codes(lapsed) == ["annual_review_lapsed"]
    done = ctpat(
        1,
        certified_on=date(2022, 3, 1),
        anniversary=date(2022, 3, 1),
        last_reviewed_on=date(2026, 1, 15),
    )
    assert codes(done) == []


def test_first_year_partner_has_no_review_due_yet() -> None:
    new = ctpat(1, certified_on=date(2026, 5, 1), anniversary=date(2026, 5, 1))
    assert codes(new) == []


def test_overdue_revalidation_is_flagged() -> None:
    old = ctpat(3, certified_on=date(2019, 1, 1), last_validated_on=date(2021, 10, 1))
    flags = check_programs([old], TODAY)
    assert [f.code for f in flags] == ["revalidation_overdue"]
    assert "2025-10-01" in flags[0].reason


def test_programs_not_in_force_are_not_checked() -> None:
    withdrawn = Enrollment(Program.FAST, EnrollmentStatus.WITHDRAWN)
    assert codes(withdrawn) == []
