"""Parse, validate and normalise CBP identifiers: IOR, entry, port, HTS and filer codes."""

from __future__ import annotations

import re

__all__ = [
    "IdentifierError",
    "entry_character_values",
    "entry_check_digit",
    "format_hts",
    "parse_entry_number",
    "parse_filer_code",
    "parse_hts_number",
    "parse_ior_number",
    "parse_port_code",
]


class IdentifierError(ValueError):
    """A value that is not a valid identifier; the message says why in plain words."""

    def __init__(self, field: str, value: str, reason: str) -> None:
        super().__init__(f"{field} '{value}' {reason}")
        self.field = field
        self.value = value
        self.reason = reason


# re.ASCII: \d would otherwise take any script's digits ("١٢-٣٤٥٦٧٨٩AB"), which no CBP
# system stores, so such a number would be accepted here and never found again.
_EIN_IOR = re.compile(r"^(\d{2})-?(\d{7})([A-Z0-9]{2})$", re.ASCII)
_SSN_IOR = re.compile(r"^(\d{3})-(\d{2})-(\d{4})$", re.ASCII)
_CBP_IOR = re.compile(r"^(\d{2})(\d{4})-(\d{5})$", re.ASCII)
# The IRS-form suffix never uses O, I or Z (they read as 0, 1 and 2).
_FORBIDDEN_SUFFIX_LETTERS = frozenset("OIZ")


def _clean(value: str) -> str:
    return re.sub(r"\s+", "", value).upper()


def parse_ior_number(value: str) -> str:
    """Return the IOR number in its normal form, or raise :class:`IdentifierError`.

    Three forms exist: IRS ``NN-NNNNNNNXX``, SSN ``NNN-NN-NNNN`` and the
    CBP-assigned ``YYDDPP-NNNNN``.
    """
    text = _clean(value)
    field = "IOR number"
    if not text:
        raise IdentifierError(field, value, "is empty")
    if match := _EIN_IOR.match(text):
        prefix, serial, suffix = match.groups()
        bad = sorted(set(suffix) & _FORBIDDEN_SUFFIX_LETTERS)
        if bad:
            raise IdentifierError(
                field, value, f"has suffix '{suffix}', which may not contain {', '.join(bad)}"
            )
        return f"{prefix}-{serial}{suffix}"
    if match := _SSN_IOR.match(text):
        area, group, serial = match.groups()
        if area in {"000", "666"} or area.startswith("9") or group == "00" or serial == "0000":
            raise IdentifierError(field, value, "is not a number the SSA issues")
        return text
    if match := _CBP_IOR.match(text):
        _year, port, _serial = match.groups()
        _check_port_digits("IOR number", value, port)
        return text
    raise IdentifierError(
        field,
        value,
        "is not in a known form: use NN-NNNNNNNXX (IRS), NNN-NN-NNNN (SSN) "
        "or YYDDPP-NNNNN (CBP-assigned)",
    )


_ENTRY = re.compile(r"^([A-Z0-9]{3})-?(\d{7})-?(\d)$")


def _character_value(ch: str) -> int:
    """CATAIR Appendix E: A-I are 1-9, J-R are 1-9, S-Z are 2-9; digits stay."""
    if ch.isdigit():
        return int(ch)
    offset = ord(ch) - ord("A")
    if offset < 9:
        return offset + 1
    if offset < 18:
        return offset - 8
    return offset - 16


_ENTRY_CHARACTERS = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ"
# A character's value in an odd position, and in an even one (doubled, 9 off above 9);
# worked out once, as an import checks a million numbers.
_ODD_VALUE = {ch: _character_value(ch) for ch in _ENTRY_CHARACTERS}
_EVEN_VALUE = {ch: 2 * v - 9 if 2 * v > 9 else 2 * v for ch, v in _ODD_VALUE.items()}
# And of two characters, an odd position and the even one after it: five look-ups a number.
_PAIR_VALUE = {a + b: _ODD_VALUE[a] + _EVEN_VALUE[b] for a in _ODD_VALUE for b in _EVEN_VALUE}


def entry_character_values(index: int) -> dict[str, int]:
    """What each character adds to the check sum at ``index`` (0-9) of filer code and serial."""
    return dict(_ODD_VALUE if index % 2 == 0 else _EVEN_VALUE)


def entry_check_digit(filer_and_serial: str) -> int:
    """The check digit of a filer code and 7-digit serial (CBP Form 7501; CATAIR App. E).

    Letters become digits, the values in even positions (2, 4, .., 10) are doubled with
    9 taken off any product above 9, and the digit brings the sum to a multiple of 10.
    """
    text = filer_and_serial.replace("-", "").upper()
    try:
        if len(text) != 10:
            raise KeyError(text)
        pairs = _PAIR_VALUE
        total = (
            pairs[text[0:2]] + pairs[text[2:4]] + pairs[text[4:6]] + pairs[text[6:8]]
            + pairs[text[8:10]]
        )  # fmt: skip
    except KeyError:
        raise ValueError(f"'{filer_and_serial}' is not a filer code and a 7-digit serial") from None
    return (10 - total % 10) % 10


def parse_entry_number(value: str) -> str:
    """Return an entry number as ``XXX-NNNNNNN-C``; the check digit must be CBP's."""
    text = _clean(value)
    field = "Entry number"
    if not text:
        raise IdentifierError(field, value, "is empty")
    match = _ENTRY.match(text) if text.isascii() else None
    if match is None:
        digits = sum(ch.isdigit() for ch in text[3:])
        hint = f" ({digits} digits after the filer code, 8 expected)" if len(text) > 3 else ""
        raise IdentifierError(
            field,
            value,
            "must be a 3-character filer code, 7 digits and a check digit, "
            f"like ABC-1234567-6{hint}",
        )
    filer, serial, check = match.groups()
    expected = entry_check_digit(filer + serial)
    if int(check) != expected:
        raise IdentifierError(
            field,
            value,
            f"is wrong: the check digit of {filer}-{serial} should be {expected}, not {check}",
        )
    return f"{filer}-{serial}-{check}"


def parse_port_code(value: str) -> str:
    """Return a 4-digit port code ``DDPP`` (district and port)."""
    text = _clean(value)
    field = "Port code"
    if not re.fullmatch(r"\d{4}", text, re.ASCII):
        raise IdentifierError(field, value, "must be 4 digits: district and port, like 0101")
    _check_port_digits(field, value, text)
    return text


def _check_port_digits(field: str, value: str, port: str) -> None:
    if port[:2] == "00":
        raise IdentifierError(field, value, "names district 00, which does not exist")


def parse_hts_number(value: str) -> str:
    """Return an HTS number as bare digits (8 or 10); dots and spaces are ignored."""
    text = re.sub(r"[\s.]", "", value)
    field = "HTS number"
    if not text:
        raise IdentifierError(field, value, "is empty")
    if not text.isdigit() or not text.isascii():
        raise IdentifierError(field, value, "may contain only digits and dots")
    if len(text) not in (8, 10):
        raise IdentifierError(field, value, f"has {len(text)} digits; 8 or 10 are expected")
    if text[:2] == "00":
        raise IdentifierError(field, value, "names chapter 00, which does not exist")
    return text


def format_hts(digits: str) -> str:
    """Show bare HTS digits as ``NNNN.NN.NNNN`` (or ``NNNN.NN.NN`` for 8 digits)."""
    if len(digits) == 10:
        return f"{digits[:4]}.{digits[4:6]}.{digits[6:]}"
    if len(digits) == 8:
        return f"{digits[:4]}.{digits[4:6]}.{digits[6:]}"
    return digits


def parse_filer_code(value: str) -> str:
    """Return a 3-character filer code in upper case."""
    text = _clean(value)
    if not re.fullmatch(r"[A-Z0-9]{3}", text):
        raise IdentifierError("Filer code", value, "must be 3 letters or digits, like ABC")
    return text
