"""CTPAT, Trade Compliance and FAST rules, each from its public source (docs/customs-rules.md)."""

from __future__ import annotations

from datetime import date

from trusted_trader.domain.deadlines import Deadline, DeadlineKind, Urgency
from trusted_trader.domain.enums import EnrollmentStatus, Program
from trusted_trader.domain.plans import is_open_action_item
from trusted_trader.domain.programs import CtpatTier, Enrollment, check_programs, current_ctpat_tier

TODAY = date(2026, 11, 30)


def ctpat(
    tier: int, status: EnrollmentStatus = EnrollmentStatus.CERTIFIED, **kw: object
) -> Enrollment:
    return Enrollment(Program.CTPAT, status, tier=tier, **kw)  # type: ignore[arg-type]


def test_rule_annual_review_open_window_is_not_overdue() -> None:
    enrollment = ctpat(
        2, certified_on=date(2022, 12, 31), anniversary=date(2022, 12, 31),
        last_reviewed_on=date(2025, 11, 1), last_validated_on=date(2024, 1, 1),
    )  # fmt: skip
    assert enrollment.annual_review_window(TODAY) == (date(2026, 10, 2), date(2026, 12, 31))
    assert enrollment.annual_review_state(TODAY) == "open, due 2026-12-31"
    assert check_programs([enrollment], TODAY) == []
    radar = Deadline(
        DeadlineKind.ANNUAL_REVIEW, date(2026, 12, 31), "review", 1, "Acme", "x", 1,
        opens_on=date(2026, 10, 2),
    )  # fmt: skip
    assert radar.status(TODAY) == "open, due 2026-12-31"
    assert radar.urgency(TODAY) != Urgency.OVERDUE


def test_rule_annual_review_is_overdue_only_when_not_done_by_the_anniversary() -> None:
    lapsed = ctpat(1, certified_on=date(2022, 11, 15), anniversary=date(2022, 11, 15),
                   last_reviewed_on=date(2025, 8, 1))  # fmt: skip
    assert [f.code for f in check_programs([lapsed], TODAY)] == ["annual_review_lapsed"]
    assert lapsed.annual_review_state(TODAY) == "opens 2027-08-17, due 2027-11-15"
    done = ctpat(1, certified_on=date(2022, 12, 31), anniversary=date(2022, 12, 31),
                 last_reviewed_on=date(2026, 10, 20))  # fmt: skip
    assert done.annual_review_state(TODAY) == "done 2026-10-20, for 2026-12-31"


def test_rule_revalidation_within_4_years_after_the_last_validation() -> None:
    assert ctpat(2, last_validated_on=date(2022, 6, 1)).revalidation_due() == date(2026, 6, 1)
    assert ctpat(3, certified_on=date(2015, 1, 1)).revalidation_due() is None
    overdue = ctpat(2, certified_on=date(2015, 1, 1), last_validated_on=date(2022, 6, 1))
    assert [f.code for f in check_programs([overdue], TODAY)] == ["revalidation_overdue"]


def test_rule_first_validation_expected_within_1_year_of_certification() -> None:
    never = ctpat(1, certified_on=date(2025, 3, 1))
    assert never.first_validation_expected() == date(2026, 3, 1)
    assert check_programs([never], TODAY) == []  # "to the extent practicable": no flag
    radar = Deadline(
        DeadlineKind.FIRST_VALIDATION, date(2026, 3, 1), "first", 1, "Acme", "x", 1,
        advisory=True,
    )  # fmt: skip
    assert radar.urgency(TODAY) == Urgency.EXPECTED
    assert radar.status(TODAY) == "expected by 2026-03-01"
    assert ctpat(2, certified_on=date(2025, 3, 1), last_validated_on=date(2025, 9, 1)) \
        .first_validation_expected() is None  # fmt: skip


def test_rule_trade_compliance_notification_letter_13_months_after_acceptance_then_yearly() -> None:
    accepted = date(2024, 5, 10)
    tc = Enrollment(Program.TRADE_COMPLIANCE, EnrollmentStatus.CERTIFIED, certified_on=accepted)
    assert tc.notification_letter_due() == date(2025, 6, 10)
    sent = Enrollment(
        Program.TRADE_COMPLIANCE, EnrollmentStatus.CERTIFIED, certified_on=accepted,
        last_reviewed_on=date(2025, 5, 20),
    )  # fmt: skip
    assert sent.notification_letter_due() == date(2026, 6, 10)
    codes = [f.code for f in check_programs([ctpat(2), tc], TODAY)]
    assert codes == ["notification_letter_overdue"]


def test_rule_trade_compliance_needs_tier_2_or_3_in_good_standing() -> None:
    tc = Enrollment(Program.TRADE_COMPLIANCE, EnrollmentStatus.CERTIFIED)
    suspended = ctpat(3, EnrollmentStatus.SUSPENDED)
    assert "trade_compliance_without_tier" in [
        f.code for f in check_programs([suspended, tc], TODAY)
    ]


def test_rule_current_ctpat_tier_reads_suspended_tiers_as_such() -> None:
    assert current_ctpat_tier([ctpat(2, EnrollmentStatus.SUSPENDED)]) == CtpatTier(2, True)
    assert CtpatTier(2, True).label == "Tier 2 (suspended)"
    both = [ctpat(3, EnrollmentStatus.SUSPENDED), ctpat(1)]
    assert current_ctpat_tier(both) == CtpatTier(1)  # a certified tier comes first
    assert current_ctpat_tier([ctpat(2, EnrollmentStatus.WITHDRAWN)]) is None
    assert CtpatTier.parse("Tier 2 (suspended)") == CtpatTier(2, True)
    assert CtpatTier.parse("3") == CtpatTier(3)
    assert CtpatTier.parse("4") is None


def test_rule_open_action_item_is_open_or_in_progress_on_a_plan_not_closed() -> None:
    assert is_open_action_item("open", "active")
    assert is_open_action_item("in_progress", "draft")
    assert not is_open_action_item("done", "active")
    assert not is_open_action_item("open", "closed")
