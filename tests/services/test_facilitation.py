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


def test_rule_facilitation_kinds_follow_cbps_published_partner_benefits() -> None:
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


def _import(store: Store, path: Path, partial: bool = False) -> object:
    from trusted_trader.services.importing import ImportOptions, import_file

    with store.uow() as uow:
        result = import_file(uow, "facilitation", path, ImportOptions(partial=partial))
        uow.commit()
    return result


def test_a_facilitation_file_imports_by_label_once_and_reverts(
    store: Store, acme_id: int, tmp_path: Path
) -> None:
    from tests.conftest import ACME_IOR
    from trusted_trader.services.importing.revert import revert_import

    path = tmp_path / "facilitation.csv"
    path.write_text(
        "IOR number,Date,Kind,Description\n"
        f"{ACME_IOR},2026-02-03,Front-of-line inspection,Laredo\n"
        f"{ACME_IOR},03/04/2026,training,Classification workshop\n",
        encoding="utf-8",
    )
    first = _import(store, path)
    assert (first.created, first.rejected) == (2, 0)  # type: ignore[attr-defined]
    again = _import(store, path)
    assert (again.created, again.updated, again.unchanged) == (0, 0, 2)  # type: ignore[attr-defined]
    with store.uow() as uow:
        kinds = sorted(r.kind for r in facilitation.list_facilitation(uow, acme_id))
        assert kinds == ["front_of_line", "training"]
        revert_import(uow, first.batch_id)  # type: ignore[attr-defined]
        uow.commit()
    with store.uow() as uow:
        assert facilitation.list_facilitation(uow, acme_id) == []


def test_a_row_of_an_unknown_kind_is_refused_naming_its_line_and_nothing_is_written(
    store: Store, acme_id: int, tmp_path: Path
) -> None:
    from tests.conftest import ACME_IOR

    path = tmp_path / "facilitation.csv"
    path.write_text(
        "ior_number,date,kind,description\n"
        f"{ACME_IOR},2026-02-03,training,ok\n"
        f"{ACME_IOR},2026-02-04,free lunch,no\n",
        encoding="utf-8",
    )
    result = _import(store, path)
    assert not result.written  # type: ignore[attr-defined]
    (error,) = result.errors  # type: ignore[attr-defined]
    assert (error.row, error.column) == (3, "kind") and "must be one of" in error.reason
    with store.uow() as uow:
        assert facilitation.list_facilitation(uow, acme_id) == []


def test_facilitation_exports_and_reimports_unchanged(
    store: Store, acme_id: int, tmp_path: Path
) -> None:
    from trusted_trader.services.exporting import export_file

    with store.uow() as uow:
        facilitation.record_facilitation(
            uow,
            acme_id,
            FacilitationInput(date(2026, 3, 2), "penalty_mitigation", "Prior disclosure"),
        )
        uow.commit()
    out = tmp_path / "out.csv"
    with store.uow() as uow:
        export_file(uow, "facilitation", out)
    assert "penalty_mitigation" in out.read_text(encoding="utf-8-sig")
    again = _import(store, out)
    assert (again.created, again.unchanged) == (0, 1)  # type: ignore[attr-defined]
