"""Hostile and careless input to the compliance half: selections, facilitation, kinds lists."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest

from trusted_trader.domain.compliance import ComplianceCounts, compliance_change
from trusted_trader.domain.errors import ValidationError
from trusted_trader.services import facilitation, touch_points
from trusted_trader.services.facilitation import FacilitationInput
from trusted_trader.services.store import Store
from trusted_trader.services.touch_points import TouchPointInput

SELECTIONS = [
    # (kind, typed selection, stored or None when refused)
    ("exam", " RANDOM ", "random"),
    ("cf28", "Targeted", "targeted"),
    ("exam", "random; DROP TABLE touch_point", None),
    ("exam", "rand\x00om", None),
    ("hold", "random", None),
    ("penalty", "targeted", None),
    ("exam", "", ""),
]


@pytest.mark.parametrize(("kind", "typed", "stored"), SELECTIONS)
def test_a_selection_is_stored_in_normal_form_or_refused_with_nothing_written(
    store: Store, acme_id: int, kind: str, typed: str, stored: str | None
) -> None:
    with store.uow() as uow:
        data = TouchPointInput(date(2026, 3, 2), kind, selection=typed)
        if stored is None:
            with pytest.raises(ValidationError, match="selection"):
                touch_points.record_touch_point(uow, acme_id, data)
            return
        assert touch_points.record_touch_point(uow, acme_id, data).selection == stored


FACILITATION = [
    (FacilitationInput(date(2026, 3, 2), "training\x00"), "kind"),
    (FacilitationInput(date(2026, 3, 2), ""), "kind"),
    (FacilitationInput(date(2026, 3, 2), "training", "x" * 100_000), "description"),
    (FacilitationInput(date(9999, 12, 31), "training"), "occurred_on"),
    (FacilitationInput(date(2026, 3, 2), "training", plan_id=-1), "plan"),
]


@pytest.mark.parametrize(("data", "field"), FACILITATION)
def test_bad_facilitation_names_its_field_and_saves_nothing(
    store: Store, acme_id: int, data: FacilitationInput, field: str
) -> None:
    with store.uow() as uow:
        with pytest.raises(ValidationError) as raised:
            facilitation.record_facilitation(uow, acme_id, data)
        assert field in {p.field for p in raised.value.problems}
        assert facilitation.list_facilitation(uow, acme_id) == []


KINDS_FILES = [
    "not json",
    '{"kinds": []}',
    '{"kinds": [{"code": "a", "label": "A"}, {"code": "a", "label": "B"}]}',
    '{"kinds": [{"label": "no code"}]}',
    '{"kinds": "training"}',
]


@pytest.mark.parametrize("text", KINDS_FILES)
def test_a_broken_kinds_list_in_the_data_folder_is_named_in_one_sentence(text: str) -> None:
    from trusted_trader import paths

    own = paths.data_dir() / facilitation.FACILITATION_KINDS_FILE
    own.write_text(text, encoding="utf-8")
    with pytest.raises(ValueError, match=r"facilitation kinds in .*facilitation_kinds.json"):
        facilitation.facilitation_kinds()


COUNTS = [(0, 0), (1, 0), (1, 1), (10**6, 0), (10**6, 10**6), (10**6, 999_999)]


@pytest.mark.parametrize("baseline", COUNTS)
@pytest.mark.parametrize("current", COUNTS)
def test_extreme_counts_give_finite_statistics_or_not_measurable(
    baseline: tuple[int, int], current: tuple[int, int]
) -> None:
    change = compliance_change(ComplianceCounts(*baseline), ComplianceCounts(*current))
    if not baseline[0] or not current[0]:
        assert change.verdict.value == "not measurable"
        return
    assert change.p_value is not None and 0.0 <= change.p_value <= 1.0
    assert change.difference_ci95 is not None
    low, high = change.difference_ci95
    assert -1.0 <= low <= (change.difference or 0.0) <= high <= 1.0


def test_a_missing_kinds_file_is_named_in_one_sentence(tmp_path: Path) -> None:
    with pytest.raises(ValueError, match=r"missing\.json cannot be read"):
        facilitation.facilitation_kinds(tmp_path / "missing.json")
