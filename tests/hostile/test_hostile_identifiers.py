"""Identifiers written with look-alike characters: refused, never stored as something unfindable."""

from __future__ import annotations

import pytest

from trusted_trader.domain.identifiers import (
    IdentifierError,
    parse_entry_number,
    parse_hts_number,
    parse_ior_number,
    parse_port_code,
)

# (what a careless paste or a hostile file may hold, the parser that must refuse it)
LOOK_ALIKES = [
    ("١٢-٣٤٥٦٧٨٩AB", parse_ior_number),  # Arabic-Indic digits
    ("۱۲-۳۴۵۶۷۸۹AB", parse_ior_number),  # Extended Arabic-Indic digits
    ("１２-３４５６７８９ＡＢ", parse_ior_number),  # full-width forms
    ("१२३-४५-६७८९", parse_ior_number),  # Devanagari digits, SSN form
    ("２６０１０１-１２３４５", parse_ior_number),  # full-width, CBP-assigned form
    ("٠١٠١", parse_port_code),
    ("０１０１", parse_port_code),
    ("ABC-١٢٣٤٥٦٧-6", parse_entry_number),
    ("٨٤٧١٣٠٠١٠٠", parse_hts_number),
]


@pytest.mark.parametrize(("text", "parse"), LOOK_ALIKES, ids=[t for t, _ in LOOK_ALIKES])
def test_an_identifier_in_another_scripts_digits_is_refused(text: str, parse: object) -> None:
    with pytest.raises(IdentifierError):
        parse(text)  # type: ignore[operator]


@pytest.mark.parametrize(
    ("text", "parse", "stored"),
    [
        ("12-3456789ab", parse_ior_number, "12-3456789AB"),
        ("123-45-6789", parse_ior_number, "123-45-6789"),
        ("0101", parse_port_code, "0101"),
    ],
)
def test_the_ascii_forms_still_parse(text: str, parse: object, stored: str) -> None:
    assert parse(text) == stored  # type: ignore[operator]
