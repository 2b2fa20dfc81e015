from __future__ import annotations

from datetime import date

import pytest
from report_fixtures import TODAY, KnownPartner

from trusted_trader.domain.errors import NotFoundError
from trusted_trader.domain.periods import parse_month_range
from trusted_trader.reports.plan_data import (
    ActionLine,
    PlanObjectiveLine,
    ProgramLine,
    ReviewLine,
    RiskLine,
    build_plan_snapshot,
    default_plan_id,
)
from trusted_trader.services import partners, plans
from trusted_trader.services.partners import PartnerInput
from trusted_trader.services.store import Store


def snapshot(store: Store, plan_id: int):  # type: ignore[no-untyped-def]
    with store.uow() as uow:
        return build_plan_snapshot(uow, plan_id, TODAY)


def test_the_header_names_partner_center_executive_period_status_and_revision(
    store: Store, known: KnownPartner
) -> None:
    plan = snapshot(store, known.plan_id)
    assert plan.title == "Engagement plan 2026"
    assert plan.partner.legal_name == "Acme Imports"
    assert plan.partner.center == "PHC — Pharmaceuticals, Health & Chemicals"
    assert plan.partner.executive_name == "Ana Müller"
    assert plan.partner.executive_email == "ana.muller@cbp.dhs.gov"
    assert plan.period == parse_month_range("2026-01:2026-12")
    assert plan.baseline == parse_month_range("2025-01:2025-12")
    assert (plan.status, plan.revision) == ("Active", 1)
    assert plan.summary == "Cut exams by fixing classification at the source."


def test_the_profile_lists_identifiers(store: Store, known: KnownPartner) -> None:
    profile = snapshot(store, known.plan_id).partner
    assert profile.ior_numbers == ("12-3456789AB", "98-7654321CD")
    assert profile.filer_codes == ("ABC",)
    assert (profile.dba, profile.ctpat_account, profile.location) == (
        "S&S Trading",
        "CT-0042",
        "Newark, US",
    )


def test_programs_carry_the_ctpat_review_window_and_revalidation_date(
    store: Store, known: KnownPartner
) -> None:
    assert snapshot(store, known.plan_id).programs == (
        ProgramLine(
            program="CTPAT",
            tier=2,
            status="Certified",
            certified_on=date(2022, 3, 15),
            anniversary=date(2027, 3, 15),
            review_window=(date(2026, 12, 15), date(2027, 3, 15)),
            revalidation_due=date(2027, 5, 1),
        ),
    )


def test_risks_come_in_the_order_of_the_method_with_labels(
    store: Store, known: KnownPartner
) -> None:
    assert snapshot(store, known.plan_id).risks == (
        RiskLine("Classification", "Low", ""),
        RiskLine("Valuation", "High", "Assists not declared"),
    )


def test_objectives_show_measure_in_words_with_baseline_and_target(
    store: Store, known: KnownPartner
) -> None:
    assert snapshot(store, known.plan_id).objectives == (
        PlanObjectiveLine(
            "Touch points per 1,000 entries down 25%",
            "Touch points per 1,000 entries",
            40.0,
            30.0,
            "Met, statistically clear",
            "not provable within the plan: too few entries",
            True,
            True,
        ),
        PlanObjectiveLine("Broker training held", "training sessions", None, 2.0),
    )


def test_action_items_know_whether_they_are_overdue(store: Store, known: KnownPartner) -> None:
    assert snapshot(store, known.plan_id).actions == (
        ActionLine(
            "Train broker staff",
            "Partner",
            "Compliance manager",
            date(2026, 3, 31),
            "Done",
            date(2026, 3, 10),
            False,
        ),
        ActionLine(
            "Review HTS of new lines", "Partner", "Jane Roe", date(2026, 6, 30), "Open", None, True
        ),
        ActionLine("Validation visit", "CBP", "Ana Müller", date(2027, 1, 15), "Open", None, False),
    )


def test_reviews_and_signatories(store: Store, known: KnownPartner) -> None:
    plan = snapshot(store, known.plan_id)
    assert plan.reviews == (
        ReviewLine(date(2026, 4, 1), False, ""),
        ReviewLine(date(2026, 7, 1), False, ""),
        ReviewLine(date(2026, 12, 1), False, ""),
    )
    assert plan.review_cadence_months == 3
    assert plan.partner_representative == "Jane Roe, Compliance manager"


def test_the_default_plan_is_the_active_one_else_the_newest(
    store: Store, known: KnownPartner
) -> None:
    with store.uow() as uow:
        newer = plans.copy_plan(uow, known.plan_id)
        uow.commit()
    with store.uow() as uow:
        assert default_plan_id(uow, known.partner_id) == known.plan_id
        plans.set_plan_status(uow, known.plan_id, "closed")
        assert default_plan_id(uow, known.partner_id) == newer.id


def test_a_partner_without_a_plan_is_told_so(store: Store) -> None:
    with store.uow() as uow:
        partner = partners.create_partner(uow, PartnerInput("Planless Co", "12-3456789AB"))
        with pytest.raises(NotFoundError, match="no engagement plan"):
            default_plan_id(uow, partner.id)
