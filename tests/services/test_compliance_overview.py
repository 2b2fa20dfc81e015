"""The dashboard's compliance read: one query giving what the scope and per-partner reads give."""

from __future__ import annotations

from datetime import date

from tests.services.test_compliance_scope import BASELINE, CURRENT, _inspect
from trusted_trader.domain.compliance import ComplianceVerdict
from trusted_trader.services import partners, reference
from trusted_trader.services.analytics import (
    compliance_by_partner,
    compliance_for_scope,
    compliance_overview,
    scope_for,
)
from trusted_trader.services.partners import PartnerInput
from trusted_trader.services.store import Store

FEB, AUG = date(2025, 2, 3), date(2025, 8, 4)


def _rows(serial: int, day: date, found: int, clean: int, selection: str = "") -> list[tuple]:
    """`found` discrepant and `clean` clean exams on one day, each of its own entry."""
    outcomes = ["discrepancy"] * found + ["no_discrepancy"] * clean
    return [
        (day, "exam", f"{serial + i:07d}", outcome, selection) for i, outcome in enumerate(outcomes)
    ]


def _center(store: Store) -> dict[str, int]:
    """Partners of ELEC: one worse over all exams, one worse over random ones only, one
    better, one inspected in the baseline only, one never inspected."""
    with store.uow() as uow:
        elec = reference.center_by_code(uow, "ELEC").id
        ids = {
            name: partners.create_partner(
                uow, PartnerInput(name, f"{10 + i}-4567890CD", center_id=elec)
            ).id
            for i, name in enumerate(("Worse", "Random worse", "Better", "Gone", "Never"))
        }
        uow.commit()
    _inspect(store, ids["Worse"], _rows(1000, FEB, 0, 30) + _rows(2000, AUG, 15, 15))
    _inspect(
        store,
        ids["Random worse"],
        _rows(3000, FEB, 0, 30, "random")
        + _rows(4000, AUG, 15, 15, "random")
        + _rows(5000, AUG, 0, 200, "targeted"),  # all exams together: better
    )
    _inspect(store, ids["Better"], _rows(6000, FEB, 15, 15) + _rows(7000, AUG, 0, 30))
    _inspect(store, ids["Gone"], _rows(8000, FEB, 5, 5))
    return ids


def test_the_overview_says_what_the_scope_and_the_per_partner_reads_say(store: Store) -> None:
    ids = _center(store)
    with store.uow() as uow:
        center = scope_for(uow, center_code="ELEC")
        found = compliance_overview(uow, center, BASELINE, CURRENT)
        overall = compliance_for_scope(uow, center, BASELINE, CURRENT)
        each = compliance_by_partner(uow, center, BASELINE, CURRENT)
    assert found.overall == overall
    assert found.inspected == len(each) == 4
    worse = {k: v for k, v in each.items() if v.change.verdict is ComplianceVerdict.WORSENED}
    assert found.worsened == worse
    assert set(found.worsened) == {ids["Worse"], ids["Random worse"]}
    assert found.worsened[ids["Random worse"]].selection == "random"
