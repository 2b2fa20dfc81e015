"""CBP's entry-number check digit (CBP Form 7501 instructions; CATAIR Appendix E)."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from trusted_trader.domain.identifiers import (
    IdentifierError,
    entry_check_digit,
    parse_entry_number,
)

FILER = st.text(alphabet="ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789", min_size=3, max_size=3)
SERIAL = st.text(alphabet="0123456789", min_size=7, max_size=7)


@pytest.mark.parametrize(
    ("filer_and_serial", "digit"),
    [("ABC1234567", 6), ("9999999999", 0), ("ABC-1234567", 6), ("0000000000", 0)],
)
def test_rule_entry_check_digit_matches_cbps_worked_examples(
    filer_and_serial: str, digit: int
) -> None:
    assert entry_check_digit(filer_and_serial) == digit


@pytest.mark.parametrize(
    ("letters", "digits"),
    [("ABCDEFGHI", "123456789"), ("JKLMNOPQR", "123456789"), ("STUVWXYZ", "23456789")],
)
def test_entry_check_digit_reads_letters_as_catair_appendix_e_says(
    letters: str, digits: str
) -> None:
    for letter, digit in zip(letters, digits, strict=True):
        assert entry_check_digit(f"{letter}001234567") == entry_check_digit(f"{digit}001234567")


def test_a_valid_entry_number_is_accepted() -> None:
    assert parse_entry_number("ABC-1234567-6") == "ABC-1234567-6"


def test_rule_entry_check_digit_wrong_digit_is_refused_naming_the_right_one() -> None:
    with pytest.raises(IdentifierError) as caught:
        parse_entry_number("ABC-1234567-8")
    assert "the check digit of ABC-1234567 should be 6, not 8" in str(caught.value)


@given(FILER, SERIAL)
def test_valid_entry_numbers_round_trip(filer: str, serial: str) -> None:
    number = f"{filer}-{serial}-{entry_check_digit(filer + serial)}"
    assert parse_entry_number(number) == number
    assert parse_entry_number(number.replace("-", "").lower()) == number


@given(FILER, SERIAL, st.integers(0, 6), st.integers(1, 9))
def test_rule_entry_check_digit_detects_every_single_digit_substitution(
    filer: str, serial: str, position: int, shift: int
) -> None:
    check = entry_check_digit(filer + serial)
    changed = str((int(serial[position]) + shift) % 10)
    altered = serial[:position] + changed + serial[position + 1 :]
    with pytest.raises(IdentifierError, match="check digit"):
        parse_entry_number(f"{filer}-{altered}-{check}")


def test_every_substitution_of_every_serial_digit_is_detected_exhaustively() -> None:
    serial = "1234567"
    check = entry_check_digit("ABC" + serial)
    for position in range(7):
        for digit in "0123456789":
            if digit == serial[position]:
                continue
            altered = serial[:position] + digit + serial[position + 1 :]
            assert entry_check_digit("ABC" + altered) != check, (position, digit)
