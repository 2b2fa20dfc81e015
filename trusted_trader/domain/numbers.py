"""Numbers as people type them: digits, thousands groups and one decimal mark, read strictly.

"12,5" is never read as 125: with a decimal point a comma may only group thousands
("1,234"), with a decimal comma ("12,5") the point groups them. Anything else — a letter, an
exponent ("1e9"), another script's digits, a number too large to be a count — is refused
with a reason the field can show as the user types.
"""

from __future__ import annotations

import re

# Signs people paste from word processors and other keyboards, read as the ASCII minus.
_MINUS_SIGNS = "\u2212\u2012\u2013\u2014\ufe63\uff0d"
# The largest figure a volume or a plan value may hold (a trillion): more is a typing slip.
LARGEST = 10**12
_SHAPE = re.compile(r"-?[0-9G]*(?:D[0-9]*)?")


def parse_number(
    text: str,
    *,
    decimal: str = ".",
    whole: bool = False,
    negative: bool = False,
    largest: int = LARGEST,
) -> float:
    """The number written in ``text``; raises ValueError saying what is wrong.

    ``decimal`` is the decimal mark of the user's locale ("." or ","); the other mark may
    group thousands. "$" and spaces are ignored.
    """
    group = "," if decimal == "." else "."
    written = text.strip()
    cleaned = written.replace("$", "").replace(" ", "").replace("\u00a0", "")
    for minus in _MINUS_SIGNS:
        cleaned = cleaned.replace(minus, "-")
    if not cleaned:
        raise ValueError("is empty: type a number")
    if any(ch.isdigit() and not ch.isascii() for ch in cleaned):
        raise ValueError(f"“{written}”: type the digits 0 to 9")
    shape = cleaned.replace(group, "G").replace(decimal, "D")
    if not _SHAPE.fullmatch(shape) or not any(ch.isdigit() for ch in shape):
        raise ValueError(f"“{written}” is not a number")
    whole_part = shape.lstrip("-").split("D")[0]
    if "G" in whole_part and not re.fullmatch(r"[0-9]{1,3}(G[0-9]{3})+", whole_part):
        raise ValueError(
            f"“{written}”: use “{decimal}” for decimals; “{group}” only groups thousands"
        )
    value = float(shape.replace("G", "").replace("D", "."))
    return _checked(value, written, whole=whole, negative=negative, largest=largest)


def _checked(value: float, written: str, *, whole: bool, negative: bool, largest: int) -> float:
    if value < 0 and not negative:
        raise ValueError(f"“{written}”: cannot be negative")
    if abs(value) > largest:
        raise ValueError(f"“{written}” is too large (at most {largest:,})")
    if whole and value != int(value):
        raise ValueError(f"“{written}”: must be a whole number")
    return value
