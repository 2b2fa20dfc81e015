"""Which Center an HTS number belongs to, and the Mutual Recognition pick-list."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from trusted_trader.domain.errors import ValidationError
from trusted_trader.domain.identifiers import parse_hts_number
from trusted_trader.services import programs, reference
from trusted_trader.services.store import Store

AA_HEADINGS = [
    *(f"87{n:02d}" for n in range(1, 12)), "8713", "8714", "8716",
    *(f"88{n:02d}" for n in range(1, 6)), "8511",
]  # fmt: skip


@pytest.mark.parametrize("heading", AA_HEADINGS)
def test_rule_center_coverage_each_aa_heading_belongs_to_automotive_and_aerospace(
    store: Store, heading: str
) -> None:
    with store.uow() as uow:
        center = reference.center_for_hts(uow, heading + "900000")
    assert center is not None and center.code == "A&A"


@pytest.mark.parametrize("hts", ["8712.00.00", "8715.00.00", "8712.00.1510"])
def test_rule_center_coverage_bicycles_and_baby_carriages_are_not_aa(
    store: Store, hts: str
) -> None:
    with store.uow() as uow:
        center = reference.center_for_hts(uow, parse_hts_number(hts))
    assert center is None or center.code != "A&A"


def test_an_hts_8714_10_line_belongs_to_aa_and_8511_left_electronics(store: Store) -> None:
    with store.uow() as uow:
        assert reference.center_for_hts(uow, parse_hts_number("8714.10.00")).code == "A&A"  # type: ignore[union-attr]
        assert reference.center_for_hts(uow, "8511100000").code == "A&A"  # type: ignore[union-attr]
        assert reference.center_for_hts(uow, "8512200000").code == "ELEC"  # type: ignore[union-attr]


def test_rule_mutual_recognition_16_arrangements_as_of_september_2022() -> None:
    found = reference.mutual_recognition_arrangements()
    assert len(found) == 16
    assert {"New Zealand", "European Union", "United Kingdom", "Brazil", "Uruguay"} <= set(found)


def test_an_own_copy_of_the_arrangements_in_the_data_folder_is_used(app_home: Path) -> None:
    from trusted_trader import paths

    own = paths.data_dir() / reference.MUTUAL_RECOGNITION_FILE
    own.parent.mkdir(parents=True, exist_ok=True)
    own.write_text(json.dumps({"arrangements": ["Canada", "Atlantis"]}), encoding="utf-8")
    assert reference.mutual_recognition_arrangements() == ("Canada", "Atlantis")


def test_a_mutual_recognition_enrollment_names_an_arrangement(store: Store, acme_id: int) -> None:
    with store.uow() as uow:
        record = programs.enroll(
            uow, acme_id, programs.EnrollmentInput("mutual_recognition", foreign_program="japan")
        )
        assert record.foreign_program == "Japan"
        with pytest.raises(ValidationError, match="Mutual Recognition arrangements"):
            programs.enroll(
                uow, acme_id, programs.EnrollmentInput("mutual_recognition", foreign_program="Mars")
            )
