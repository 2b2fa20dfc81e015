"""The identifier rules of docs/customs-rules.md, one test each, named after the rule."""

from __future__ import annotations

import pytest

from trusted_trader.domain.identifiers import (
    IdentifierError,
    parse_filer_code,
    parse_hts_number,
    parse_ior_number,
    parse_port_code,
)


def test_rule_ior_number_three_forms_and_no_o_i_z_in_the_irs_suffix() -> None:
    assert parse_ior_number("12-3456789AB") == "12-3456789AB"
    assert parse_ior_number("123-45-6789") == "123-45-6789"
    assert parse_ior_number("260101-12345") == "260101-12345"
    for bad in ("12-3456789OA", "12-3456789AI", "12-3456789ZZ", "000-12-3456"):
        with pytest.raises(IdentifierError):
            parse_ior_number(bad)


def test_rule_port_code_is_district_and_port() -> None:
    assert parse_port_code("0101") == "0101"
    with pytest.raises(IdentifierError, match="district 00"):
        parse_port_code("0012")


def test_rule_hts_number_has_8_or_10_digits() -> None:
    assert parse_hts_number("8714.10.0050") == "8714100050"
    assert parse_hts_number("8714.10.00") == "87141000"
    for bad in ("8714.10", "0014100000"):
        with pytest.raises(IdentifierError):
            parse_hts_number(bad)


def test_rule_filer_code_is_three_letters_or_digits() -> None:
    assert parse_filer_code(" abc ") == "ABC"
    with pytest.raises(IdentifierError):
        parse_filer_code("AB")
