from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from trusted_trader.domain.identifiers import (
    IdentifierError,
    format_hts,
    parse_entry_number,
    parse_filer_code,
    parse_hts_number,
    parse_ior_number,
    parse_port_code,
)

SUFFIX_CHARS = "ABCDEFGHJKLMNPQRSTUVWXY0123456789"  # never O, I or Z


@pytest.mark.parametrize(
    ("text", "normal"),
    [
        ("12-3456789AB", "12-3456789AB"),
        ("123456789ab", "12-3456789AB"),
        (" 12-3456789 00 ", "12-345678900"),
        ("123-45-6789", "123-45-6789"),
        ("252701-12345", "252701-12345"),
    ],
)
def test_ior_numbers_in_each_form_are_normalized(text: str, normal: str) -> None:
    assert parse_ior_number(text) == normal


@pytest.mark.parametrize(
    ("text", "reason"),
    [
        ("", "is empty"),
        ("12-3456789OI", "may not contain I, O"),
        ("12-3456789Z1", "may not contain Z"),
        ("000-12-3456", "not a number the SSA issues"),
        ("666-12-3456", "not a number the SSA issues"),
        ("123-00-4567", "not a number the SSA issues"),
        ("250001-12345", "district 00"),
        ("12345", "not in a known form"),
        ("12-345678AB", "not in a known form"),
    ],
)
def test_invalid_ior_numbers_say_why(text: str, reason: str) -> None:
    with pytest.raises(IdentifierError, match=reason):
        parse_ior_number(text)


@given(
    st.from_regex(r"\A[0-9]{2}[0-9]{7}\Z"),
    st.text(alphabet=SUFFIX_CHARS, min_size=2, max_size=2),
)
def test_every_irs_form_ior_round_trips(digits: str, suffix: str) -> None:
    normal = parse_ior_number(digits + suffix.lower())
    assert normal == f"{digits[:2]}-{digits[2:]}{suffix}"
    assert parse_ior_number(normal) == normal


@given(st.text(max_size=20))
def test_ior_parser_accepts_or_explains_any_text(text: str) -> None:
    try:
        normal = parse_ior_number(text)
    except IdentifierError as exc:
        assert exc.reason
    else:
        assert parse_ior_number(normal) == normal


@pytest.mark.parametrize(
    ("text", "normal"),
    [
        ("ABC-1234567-6", "ABC-1234567-6"),
        ("abc12345676", "ABC-1234567-6"),
        ("9ZX 1234567 9", "9ZX-1234567-9"),
    ],
)
def test_entry_numbers_are_normalized(text: str, normal: str) -> None:
    assert parse_entry_number(text) == normal


@pytest.mark.parametrize(
    "text", ["ABC-123456-8", "AB-1234567-8", "ABC-1234567", "ABC-12345X7-8", ""]
)
def test_malformed_entry_numbers_are_refused(text: str) -> None:
    with pytest.raises(IdentifierError, match="Entry number"):
        parse_entry_number(text)


def test_entry_number_message_counts_the_digits() -> None:
    with pytest.raises(IdentifierError, match="7 digits after the filer code, 8 expected"):
        parse_entry_number("ABC-123456-8")


@given(st.from_regex(r"\A[A-Z0-9]{3}-[0-9]{7}-[0-9]\Z"))
def test_any_well_shaped_entry_number_round_trips_or_names_its_check_digit(text: str) -> None:
    try:
        normal = parse_entry_number(text)
    except IdentifierError as exc:
        assert "should be" in exc.reason
    else:
        assert normal == text
        assert parse_entry_number(text.replace("-", "").lower()) == text


def test_port_codes_are_four_digits() -> None:
    assert parse_port_code(" 0101 ") == "0101"
    for bad in ["101", "01011", "AB01", "0001"]:
        with pytest.raises(IdentifierError, match="Port code"):
            parse_port_code(bad)


@given(st.from_regex(r"\A[0-9]{4}\Z").filter(lambda s: not s.startswith("00")))
def test_any_four_digit_port_is_accepted(text: str) -> None:
    assert parse_port_code(text) == text


@pytest.mark.parametrize(
    ("text", "normal", "shown"),
    [
        ("8471.30.0100", "8471300100", "8471.30.0100"),
        ("8471300100", "8471300100", "8471.30.0100"),
        ("6109.10.00", "61091000", "6109.10.00"),
    ],
)
def test_hts_numbers_are_stored_bare_and_shown_dotted(text: str, normal: str, shown: str) -> None:
    assert parse_hts_number(text) == normal
    assert format_hts(normal) == shown


@pytest.mark.parametrize(
    ("text", "reason"),
    [
        ("8471.30", "has 6 digits"),
        ("84713001001", "has 11 digits"),
        ("8471-30-0100", "only digits"),
        ("0071300100", "chapter 00"),
        ("", "is empty"),
    ],
)
def test_invalid_hts_numbers_say_why(text: str, reason: str) -> None:
    with pytest.raises(IdentifierError, match=reason):
        parse_hts_number(text)


@given(st.from_regex(r"\A[1-9][0-9]{7}([0-9]{2})?\Z"))
def test_hts_numbers_survive_formatting(digits: str) -> None:
    assert parse_hts_number(format_hts(digits)) == digits


def test_filer_codes_are_three_characters() -> None:
    assert parse_filer_code("ab1") == "AB1"
    with pytest.raises(IdentifierError, match="3 letters or digits"):
        parse_filer_code("AB")
