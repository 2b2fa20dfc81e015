"""Importing partners: matched by IOR number, with Center, Account Executive and programs."""

from __future__ import annotations

from pathlib import Path

import pytest

from trusted_trader.domain.programs import CtpatTier
from trusted_trader.services import partners, reference
from trusted_trader.services.importing import ImportOptions, ImportResult, import_file
from trusted_trader.services.partners import PartnerInput
from trusted_trader.services.store import Store

HEADER = (
    "name,ior_numbers,filer_codes,center,account_executive,ctpat_tier,ctpat_account,"
    "trade_compliance,country,city,status\n"
)
ACME = (
    "Acme Imports,12-3456789AB; 12-3456789AC,AB1,ELEC,ae@cbp.dhs.gov,2,CT123,yes,US,Detroit,"
    "active\n"
)


@pytest.fixture(autouse=True)
def executive(store: Store) -> None:
    with store.uow() as uow:
        reference.create_executive(uow, name="Ann Example", email="ae@cbp.dhs.gov")
        uow.commit()


def run(store: Store, tmp_path: Path, text: str, partial: bool = False) -> ImportResult:
    path = tmp_path / "partners.csv"
    path.write_text(text, encoding="utf-8")
    with store.uow() as uow:
        result = import_file(uow, "partners", path, ImportOptions(partial=partial))
        if result.written:
            uow.commit()
    return result


def acme(store: Store) -> partners.PartnerRecord:
    with store.uow() as uow:
        return partners.get_partner(uow, partners.find_partner_id(uow, "12-3456789AB"))


def test_a_partner_is_created_with_everything_its_row_says(store: Store, tmp_path: Path) -> None:
    result = run(store, tmp_path, HEADER + ACME)
    assert result.created == 1
    record = acme(store)
    assert record.legal_name == "Acme Imports"
    assert record.ior_numbers == ("12-3456789AB", "12-3456789AC")
    assert record.filer_codes == ("AB1",)
    assert (record.center_code, record.executive_email) == ("ELEC", "ae@cbp.dhs.gov")
    assert (record.ctpat_account, record.city, record.status) == ("CT123", "Detroit", "active")
    assert record.ctpat_tier == CtpatTier(2)
    assert {(e.program, e.status) for e in record.enrollments} == {
        ("ctpat", "certified"),
        ("trade_compliance", "certified"),
    }


def test_reimporting_partners_changes_nothing(store: Store, tmp_path: Path) -> None:
    run(store, tmp_path, HEADER + ACME)
    version = acme(store).version
    again = run(store, tmp_path, HEADER + ACME)
    assert (again.created, again.updated, again.unchanged) == (0, 0, 1)
    assert acme(store).version == version


def test_a_partner_is_matched_by_any_of_its_ior_numbers(store: Store, tmp_path: Path) -> None:
    run(store, tmp_path, HEADER + ACME)
    moved = "Acme Imports Inc,12-3456789AC,,Base Metals,,3,,no,US,Chicago,active\n"
    result = run(store, tmp_path, HEADER + moved)
    assert result.updated == 1
    record = acme_by(store, "12-3456789AC")
    assert (record.legal_name, record.center_code, record.city) == (
        "Acme Imports Inc",
        "BMT",
        "Chicago",
    )
    assert record.ior_numbers == ("12-3456789AC",)
    assert record.ctpat_tier == CtpatTier(3)
    assert ("trade_compliance", "withdrawn") in {(e.program, e.status) for e in record.enrollments}


def acme_by(store: Store, ior: str) -> partners.PartnerRecord:
    with store.uow() as uow:
        return partners.get_partner(uow, partners.find_partner_id(uow, ior))


def test_columns_the_file_lacks_are_left_alone(store: Store, tmp_path: Path) -> None:
    run(store, tmp_path, HEADER + ACME)
    result = run(store, tmp_path, "name,ior_numbers\nAcme Imports,12-3456789AB;12-3456789AC\n")
    assert result.unchanged == 1
    assert acme(store).city == "Detroit"


@pytest.mark.parametrize(
    ("row", "column"),
    [
        (",12-3456789AB,,,,,,,,,\n", "name"),
        ("Acme,,,,,,,,,,\n", "ior_numbers"),
        ("Acme,12-3456789OO,,,,,,,,,\n", "ior_numbers"),
        ("Acme,12-3456789AB,ABCD,,,,,,,,\n", "filer_codes"),
        ("Acme,12-3456789AB,,NOPE,,,,,,,\n", "center"),
        ("Acme,12-3456789AB,,,nobody@cbp.dhs.gov,,,,,,\n", "account_executive"),
        ("Acme,12-3456789AB,,,,4,,,,,\n", "ctpat_tier"),
        ("Acme,12-3456789AB,,,,,CT 1!,,,,\n", "ctpat_account"),
        ("Acme,12-3456789AB,,,,,,maybe,,,\n", "trade_compliance"),
        ("Acme,12-3456789AB,,,,,,,USA,,\n", "country"),
        ("Acme,12-3456789AB,,,,,,,,,dormant\n", "status"),
    ],
)
def test_each_partner_rule_rejects_its_row(
    store: Store, tmp_path: Path, row: str, column: str
) -> None:
    result = run(store, tmp_path, HEADER + row)
    assert not result.written
    assert column in {e.column for e in result.errors}


def test_ior_numbers_of_two_partners_in_one_row_are_rejected(store: Store, tmp_path: Path) -> None:
    with store.uow() as uow:
        partners.create_partner(uow, PartnerInput("One", "11-1111111AB"))
        partners.create_partner(uow, PartnerInput("Two", "22-2222222AB"))
        uow.commit()
    result = run(store, tmp_path, HEADER + "Both,11-1111111AB;22-2222222AB,,,,,,,,,\n")
    assert "belong to different partners" in result.errors[0].reason


def test_an_ior_number_twice_in_the_file_is_rejected(store: Store, tmp_path: Path) -> None:
    rows = "A,11-1111111AB,,,,,,,,,\nB,11-1111111AB,,,,,,,,,\n"
    result = run(store, tmp_path, HEADER + rows, partial=True)
    assert (result.created, result.rejected) == (1, 1)
    assert "is in row 2 too" in result.errors[0].reason
