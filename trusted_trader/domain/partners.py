"""Rules for a partner's profile, checked the same way by forms, imports and services."""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from typing import TypeVar

from trusted_trader.domain.enums import PartnerStatus, RiskRating
from trusted_trader.domain.errors import Problem, ValidationError
from trusted_trader.domain.identifiers import IdentifierError, parse_filer_code, parse_ior_number

__all__ = ["PartnerProfile", "normalize_email", "split_list", "validate_profile"]

E = TypeVar("E", PartnerStatus, RiskRating)

# A new partner's defaults, written once: the forms, the import and the table use these.
DEFAULT_COUNTRY = "US"
DEFAULT_STATUS = PartnerStatus.ACTIVE
DEFAULT_RISK_RATING = RiskRating.MEDIUM

_EMAIL = re.compile(r"^[^@\s]+@[^@\s]+\.[^@\s]+$")


@dataclass(frozen=True)
class PartnerProfile:
    """A partner's own fields after validation, in normal form."""

    legal_name: str
    ior_numbers: tuple[str, ...]
    filer_codes: tuple[str, ...]
    dba: str
    ctpat_account: str
    country: str
    status: PartnerStatus
    risk_rating: RiskRating


def split_list(value: str | Iterable[str]) -> list[str]:
    """Split ``"a; b, c"`` (or take a list) into trimmed, non-empty parts."""
    parts = re.split(r"[;,\n]", value) if isinstance(value, str) else list(value)
    return [part.strip() for part in parts if part and part.strip()]


def normalize_email(value: str) -> str:
    """An e-mail address trimmed and lower-cased; ValueError if it is not one."""
    text = value.strip().lower()
    if not _EMAIL.match(text) or not text.isprintable():
        raise ValueError(f"'{value}' is not an e-mail address")
    return text


def validate_profile(
    *,
    legal_name: str,
    ior_numbers: str | Iterable[str],
    filer_codes: str | Iterable[str] = (),
    dba: str = "",
    ctpat_account: str = "",
    country: str = DEFAULT_COUNTRY,
    status: str = DEFAULT_STATUS.value,
    risk_rating: str = DEFAULT_RISK_RATING.value,
) -> PartnerProfile:
    """Check every field and report every problem at once."""
    problems: list[Problem] = []
    name = " ".join(legal_name.split())
    if not name:
        problems.append(Problem("legal_name", legal_name, "a partner needs a legal name"))
    elif len(name) > 200:
        problems.append(Problem("legal_name", name[:40] + "…", "is longer than 200 characters"))
    iors = _parse_all("ior_numbers", split_list(ior_numbers), parse_ior_number, problems)
    if not split_list(ior_numbers):
        problems.append(Problem("ior_numbers", "", "a partner needs at least one IOR number"))
    filers = _parse_all("filer_codes", split_list(filer_codes), parse_filer_code, problems)
    account = ctpat_account.strip().upper()
    if account and not re.fullmatch(r"[A-Z0-9-]{1,40}", account):
        problems.append(Problem("ctpat_account", ctpat_account, "may hold only letters and digits"))
    country_code = country.strip().upper() or DEFAULT_COUNTRY
    if not re.fullmatch(r"[A-Z]{2}", country_code):
        problems.append(Problem("country", country, "must be a 2-letter country code, like US"))
    partner_status = _member(PartnerStatus, "status", status or DEFAULT_STATUS, problems)
    rating = _member(RiskRating, "risk_rating", risk_rating or DEFAULT_RISK_RATING, problems)
    if problems or partner_status is None or rating is None:
        raise ValidationError(problems)
    return PartnerProfile(
        legal_name=name,
        ior_numbers=tuple(dict.fromkeys(iors)),
        filer_codes=tuple(dict.fromkeys(filers)),
        dba=" ".join(dba.split()),
        ctpat_account=account,
        country=country_code,
        status=partner_status,
        risk_rating=rating,
    )


def _parse_all(
    field: str, values: list[str], parse: Callable[[str], str], problems: list[Problem]
) -> list[str]:
    parsed: list[str] = []
    for value in values:
        try:
            parsed.append(parse(value))
        except IdentifierError as exc:
            problems.append(Problem(field, value, str(exc)))
    return parsed


def _member(enum: type[E], field: str, value: str, problems: list[Problem]) -> E | None:
    try:
        return enum(value.strip().lower())
    except ValueError:
        allowed = ", ".join(m.value for m in enum)
        problems.append(Problem(field, value, f"must be one of: {allowed}"))
        return None
