from __future__ import annotations

from datetime import date

import pytest

from trusted_trader.domain.errors import ConflictError, NotFoundError, ValidationError
from trusted_trader.services import audit, partners, reference
from trusted_trader.services.partners import PartnerInput
from trusted_trader.services.scope import Scope
from trusted_trader.services.store import Store


def make(store: Store, name: str = "Acme Imports", iors: str = "12-3456789AB") -> int:
    with store.uow() as uow:
        center = reference.center_by_code(uow, "ELEC")
        record = partners.create_partner(
            uow, PartnerInput(name, iors, center_id=center.id, filer_codes="ab1")
        )
        uow.commit()
    return record.id


def test_the_ten_centers_are_seeded_with_coverage(store: Store) -> None:
    with store.uow() as uow:
        centers = reference.list_centers(uow)
        assert [c.code for c in centers] == sorted(
            ["AGR", "AFT", "A&A", "BMT", "CPMM", "ELEC", "IMM", "MAC", "PNGM", "PHC"]
        )
        assert reference.center_by_code(uow, "pharmaceuticals, health & chemicals").code == "PHC"
        assert reference.center_for_hts(uow, "8708295000").code == "A&A"  # heading beats chapter 87
        assert reference.center_for_hts(uow, "8471300100").code == "ELEC"


def test_a_partner_is_created_with_normalized_identifiers_and_audited(store: Store) -> None:
    partner_id = make(store, "Smith & Sons <Import>", "123456789ab; 252701-12345")
    with store.uow() as uow:
        record = partners.get_partner(uow, partner_id)
        assert record.ior_numbers == ("12-3456789AB", "252701-12345")
        assert record.filer_codes == ("AB1",)
        assert record.center_code == "ELEC"
        history = audit.partner_history(uow, partner_id)
        assert [h.action for h in history] == ["create"]
        assert history[0].actor == store.actor
        assert partners.find_partner_id(uow, "12-3456789ab") == partner_id


def test_an_ior_number_belongs_to_one_partner_only(store: Store) -> None:
    make(store)
    with pytest.raises(ValidationError, match="already belongs to Acme Imports"):
        make(store, "Other Co", "12-3456789AB")


def test_invalid_input_writes_nothing(store: Store) -> None:
    with pytest.raises(ValidationError) as caught:
        make(store, "", "nonsense")
    assert {p.field for p in caught.value.problems} == {"legal_name", "ior_numbers"}
    with store.uow() as uow:
        assert partners.list_partners(uow) == []


def test_an_update_is_audited_field_by_field(store: Store) -> None:
    partner_id = make(store)
    with store.uow() as uow:
        partners.update_partner(
            uow,
            partner_id,
            PartnerInput("Acme Imports Inc", "12-3456789AB", city="Boston"),
            expected_version=1,
        )
        uow.commit()
    with store.uow() as uow:
        latest = audit.partner_history(uow, partner_id)[0]
        assert latest.action == "update"
        assert latest.changes["legal_name"] == ["Acme Imports", "Acme Imports Inc"]
        assert latest.changes["city"] == ["", "Boston"]
        assert partners.get_partner(uow, partner_id).version == 2


def test_a_stale_edit_is_refused_as_a_conflict(store: Store) -> None:
    partner_id = make(store)
    with store.uow() as uow:
        partners.update_partner(
            uow, partner_id, PartnerInput("First edit", "12-3456789AB"), expected_version=1
        )
        uow.commit()
    with store.uow() as uow, pytest.raises(ConflictError) as caught:
        partners.update_partner(
            uow, partner_id, PartnerInput("Second edit", "12-3456789AB"), expected_version=1
        )
    assert caught.value.current["legal_name"] == "First edit"


def test_a_deleted_partner_disappears_and_can_be_restored(store: Store) -> None:
    partner_id = make(store)
    with store.uow() as uow:
        partners.delete_partner(uow, partner_id)
        uow.commit()
    with store.uow() as uow:
        assert partners.list_partners(uow) == []
        with pytest.raises(NotFoundError):
            partners.get_partner(uow, partner_id)
        partners.restore_partner(uow, partner_id)
        uow.commit()
    with store.uow() as uow:
        assert [p.id for p in partners.list_partners(uow)] == [partner_id]


def test_partner_list_counts_touch_points_and_finds_the_next_deadline(demo_store: Store) -> None:
    with demo_store.uow() as uow:
        rows = partners.list_partners(uow, today=date(2026, 11, 1))
        assert len(rows) == 30
        assert sum(r.touch_points_12m for r in rows) > 0
        assert any(r.next_deadline is not None for r in rows)
        first = rows[0]
        center_rows = partners.list_partners(
            uow, Scope.of(center_id=partners.get_partner(uow, first.id).center_id)
        )
        assert first.id in {r.id for r in center_rows}
        assert all(r.center_code == first.center_code for r in center_rows)


def test_a_centers_coverage_is_editable(store: Store) -> None:
    with store.uow() as uow:
        elec = reference.center_by_code(uow, "ELEC")
        updated = reference.update_center(
            uow,
            elec.id,
            name=elec.name,
            office="Long Beach, CA",
            hts_prefixes=["85", "8471", "9013"],
        )
        uow.commit()
    assert updated.office == "Long Beach, CA"
    assert updated.hts_prefixes == ("8471", "85", "9013")  # listed in text order
    with store.uow() as uow:
        assert reference.center_for_hts(uow, "9013800000").code == "ELEC"
        with pytest.raises(ValidationError, match="2 to 10 digits"):
            reference.update_center(uow, elec.id, name="x", office="", hts_prefixes=["8x"])
