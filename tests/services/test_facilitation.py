"""Facilitation delivered: kinds from the reference list, records audited, counted per partner."""

from __future__ import annotations

import json
from datetime import date
from pathlib import Path

import pytest

from trusted_trader.domain.errors import ConflictError, ValidationError
from trusted_trader.domain.periods import MonthRange
from trusted_trader.services import audit, facilitation, partners, plans
from trusted_trader.services.analytics import scope_for
from trusted_trader.services.facilitation import FacilitationInput
from trusted_trader.services.partners import PartnerInput
from trusted_trader.services.store import Store

YEAR = MonthRange(date(2026, 1, 1), date(2026, 12, 1))


def test_the_reference_list_names_the_benefits_the_issue_names() -> None:
    labels = {k.label for k in facilitation.facilitation_kinds()}
    assert {
        "Reduced examinations",
        "Front-of-line inspection",
        "Expedited processing",
        "Exemption from Focused Assessments",
        "Penalty mitigation",
        "Assistance with a ruling",
        "Assistance with a CF-28",
        "Mutual Recognition benefits",
        "Training delivered",
    } <= labels


def test_a_copy_in_the_data_folder_takes_precedence(app_home: Path) -> None:
    from trusted_trader import paths

    own = paths.data_dir() / facilitation.FACILITATION_KINDS_FILE
    own.write_text(json.dumps({"kinds": [{"code": "c_tpat_day", "label": "CTPAT day"}]}))
    assert [k.label for k in facilitation.facilitation_kinds()] == ["CTPAT day"]
    assert facilitation.kind_label("reduced_exams") == "reduced_exams"


def test_recording_by_label_stores_the_code_and_is_audited(store: Store, acme_id: int) -> None:
    with store.uow() as uow:
        made = facilitation.record_facilitation(
            uow,
            acme_id,
            FacilitationInput(
                date(2026, 3, 2), "assistance with a cf-28", "Walked them through it"
            ),
        )
        uow.commit()
    assert made.kind == "cf28_assistance"
    with store.uow() as uow:
        history = audit.partner_history(uow, acme_id)
    assert any(h.table_name == "facilitation" and h.action == "create" for h in history)


def test_changing_with_a_stale_version_is_a_conflict(store: Store, acme_id: int) -> None:
    with store.uow() as uow:
        made = facilitation.record_facilitation(
            uow, acme_id, FacilitationInput(date(2026, 3, 2), "training")
        )
        facilitation.update_facilitation(
            uow, made.id, FacilitationInput(date(2026, 3, 3), "training"), made.version
        )
        with pytest.raises(ConflictError):
            facilitation.update_facilitation(
                uow, made.id, FacilitationInput(date(2026, 3, 4), "training"), made.version
            )


def test_delete_and_restore_bring_back_the_same_record(store: Store, acme_id: int) -> None:
    with store.uow() as uow:
        made = facilitation.record_facilitation(
            uow, acme_id, FacilitationInput(date(2026, 3, 2), "fast_lanes", "FAST at Laredo")
        )
        gone = facilitation.delete_facilitation(uow, made.id)
        assert facilitation.list_facilitation(uow, acme_id) == []
        back = facilitation.restore_facilitation(uow, gone)
        assert (back.id, back.description) == (made.id, "FAST at Laredo")


@pytest.mark.parametrize(
    ("data", "field", "message"),
    [
        (FacilitationInput(date(2026, 3, 2), "free lunch"), "kind", "must be one of"),
        (FacilitationInput(date(2026, 3, 2), "training", "x" * 2001), "description", "over 2,000"),
        (FacilitationInput(date(1800, 3, 2), "training"), "occurred_on", ""),
        (FacilitationInput(date(2026, 3, 2), "training", plan_id=999_999), "plan", "not a plan"),
    ],
)
def test_bad_input_names_the_field_and_saves_nothing(
    store: Store, acme_id: int, data: FacilitationInput, field: str, message: str
) -> None:
    with store.uow() as uow:
        with pytest.raises(ValidationError) as raised:
            facilitation.record_facilitation(uow, acme_id, data)
        assert raised.value.problems[0].field == field
        assert message in str(raised.value)
        assert facilitation.list_facilitation(uow, acme_id) == []


def test_a_plan_of_another_partner_is_refused(store: Store, acme_id: int) -> None:
    with store.uow() as uow:
        other = partners.create_partner(uow, PartnerInput("Other Co", "23-4567890CD")).id
        plan = plans.create_plan(
            uow,
            other,
            plans.PlanInput(period=YEAR, baseline=MonthRange(date(2025, 1, 1), date(2025, 12, 1))),
        )
        with pytest.raises(ValidationError, match="not a plan of this partner"):
            facilitation.record_facilitation(
                uow, acme_id, FacilitationInput(date(2026, 3, 2), "training", plan_id=plan.id)
            )


def test_counts_per_partner_cover_only_the_months_asked(store: Store, acme_id: int) -> None:
    with store.uow() as uow:
        for day in (date(2025, 12, 31), date(2026, 1, 1), date(2026, 6, 30), date(2026, 12, 31)):
            facilitation.record_facilitation(uow, acme_id, FacilitationInput(day, "training"))
        counts = facilitation.facilitation_counts(uow, scope_for(uow), YEAR)
    assert counts == {acme_id: 3}
