"""Careless and hostile input to the customs rules: entry numbers, kinds, tiers, due dates."""

from __future__ import annotations

from datetime import date

import pytest

from trusted_trader.domain.enums import TouchPointKind, parse_touch_point_kind
from trusted_trader.domain.errors import ValidationError
from trusted_trader.domain.identifiers import IdentifierError, parse_entry_number
from trusted_trader.domain.programs import CtpatTier
from trusted_trader.services import programs
from trusted_trader.services.touch_points import TouchPointInput, validate_touch_point

ENTRY_CASES = [
    # (typed, normal form or None when refused, words the refusal must hold)
    ("ABC-1234567-6", "ABC-1234567-6", ""),
    (" abc 1234567 6 ", "ABC-1234567-6", ""),
    ("abc12345676", "ABC-1234567-6", ""),
    ("ABC-1234567-8", None, "should be 6, not 8"),
    ("ABC-1234576-6", None, "check digit"),  # two serial digits swapped
    ("ABC-１２３４５６７-6", None, "filer code, 7 digits"),  # full-width digits
    ("ÀBC-1234567-6", None, "filer code, 7 digits"),
    ("ABC--1234567-6", None, "filer code, 7 digits"),
    ("ABC-1234567-6; DROP TABLE touch_point", None, "filer code, 7 digits"),
    ("9" * 5000, None, "filer code, 7 digits"),
    ("", None, "is empty"),
]


@pytest.mark.parametrize(("typed", "normal", "words"), ENTRY_CASES)
def test_hostile_entry_numbers_are_normalised_or_refused_with_a_reason(
    typed: str, normal: str | None, words: str
) -> None:
    if normal is not None:
        assert parse_entry_number(typed) == normal
        return
    with pytest.raises(IdentifierError) as caught:
        parse_entry_number(typed)
    assert words in str(caught.value)


KIND_CASES = [
    ("CF-29", TouchPointKind.CF29),
    ("cf 29", TouchPointKind.CF29),
    ("CF-29 — ACTION TAKEN", TouchPointKind.CF29_TAKEN),
    ("Notice of Action: action taken", TouchPointKind.CF29_TAKEN),
    ("pre-penalty", TouchPointKind.PREPENALTY),
    ("<script>cf29</script>", None),
    ("cf29taken; drop", None),
    ("", None),
]


@pytest.mark.parametrize(("typed", "kind"), KIND_CASES)
def test_hostile_touch_point_kinds_are_read_or_refused(
    typed: str, kind: TouchPointKind | None
) -> None:
    if kind is not None:
        assert parse_touch_point_kind(typed) == kind
        return
    with pytest.raises(ValueError, match="is not a touch-point kind"):
        parse_touch_point_kind(typed)


TIER_CASES = [
    ("2", CtpatTier(2)),
    ("Tier 3", CtpatTier(3)),
    ("2 (suspended)", CtpatTier(2, True)),
    ("TIER 1 (SUSPENDED)", CtpatTier(1, True)),
    ("4", None),
    ("suspended", None),
    ("2 3", None),
    ("2; DROP TABLE partner", None),
    ("-2", None),
    ("2e0", None),
]


@pytest.mark.parametrize(("cell", "tier"), TIER_CASES)
def test_hostile_tier_cells_are_read_or_refused(cell: str, tier: CtpatTier | None) -> None:
    assert CtpatTier.parse(cell) == tier


DUE_CASES = [
    # (hand-set due date, reason, the field refused)
    (date(2026, 1, 20), "", "response_due_reason"),
    (date(2026, 1, 20), " \t\n ", "response_due_reason"),
    (date(2026, 1, 20), "x" * 5000, "response_due_reason"),
    (date(2025, 12, 31), "typed the wrong year", "response_due"),
]


@pytest.mark.parametrize(("due", "reason", "field"), DUE_CASES)
def test_hostile_due_dates_set_by_hand_are_refused_with_a_reason(
    due: date, reason: str, field: str
) -> None:
    data = TouchPointInput(date(2026, 1, 5), "cf28", response_due=due, response_due_reason=reason)
    with pytest.raises(ValidationError) as caught:
        validate_touch_point(data)
    assert [p.field for p in caught.value.problems] == [field]


ARRANGEMENT_CASES = [
    (" japan ", True),
    ("EUROPEAN UNION", True),
    ("Mars", False),
    ("Japan; DROP TABLE", False),
    ("", False),
]


@pytest.mark.parametrize(("name", "accepted"), ARRANGEMENT_CASES)
def test_hostile_mutual_recognition_names_must_be_an_arrangement(name: str, accepted: bool) -> None:
    data = programs.EnrollmentInput("mutual_recognition", foreign_program=name)
    if accepted:
        programs.validate_enrollment(data)
        return
    with pytest.raises(ValidationError, match="Mutual Recognition arrangements"):
        programs.validate_enrollment(data)
