"""Reference data: the Centers (seeded from resources) and the Account Executives."""

from __future__ import annotations

import json
from pathlib import Path

from sqlalchemy import delete, func, insert, select
from sqlmodel import col

from trusted_trader import paths
from trusted_trader.domain.errors import NotFoundError, Problem, ValidationError
from trusted_trader.domain.partners import normalize_email
from trusted_trader.services.editing import change_row
from trusted_trader.services.records import CenterRecord, ExecutiveRecord
from trusted_trader.store.models import AccountExecutive, Center, CenterCoverage
from trusted_trader.store.uow import UnitOfWork


def seed_centers(uow: UnitOfWork, source: Path | None = None) -> int:
    """Load the ten Centers and their HTS coverage on first run; returns how many were added."""
    if uow.connection.execute(select(func.count()).select_from(Center)).scalar_one():
        return 0
    data = json.loads((source or paths.resource("centers.json")).read_text(encoding="utf-8"))
    for item in data["centers"]:
        center_id = uow.connection.execute(
            insert(Center).returning(col(Center.id)),
            {"code": item["code"], "name": item["name"], "office": item["office"]},
        ).scalar_one()
        rows = [{"center_id": center_id, "hts_prefix": p} for p in item.get("hts", [])]
        if rows:
            uow.connection.execute(insert(CenterCoverage), rows)
    return len(data["centers"])


MUTUAL_RECOGNITION_FILE = "mutual_recognition.json"


def mutual_recognition_arrangements(source: Path | None = None) -> tuple[str, ...]:
    """CBP's Mutual Recognition Arrangements, as the pick-list offers them.

    Reference data, not code: ``resources/mutual_recognition.json``, or the user's own
    copy in the data folder once CBP signs a new arrangement.
    """
    own = paths.data_dir() / MUTUAL_RECOGNITION_FILE
    chosen = source or (own if own.is_file() else paths.resource(MUTUAL_RECOGNITION_FILE))
    data = json.loads(chosen.read_text(encoding="utf-8"))
    return tuple(str(name) for name in data["arrangements"])


def list_centers(uow: UnitOfWork) -> list[CenterRecord]:
    """Every Center with its HTS coverage."""
    coverage: dict[int, list[str]] = {}
    for center_id, prefix in uow.connection.execute(
        select(col(CenterCoverage.center_id), col(CenterCoverage.hts_prefix)).order_by(
            col(CenterCoverage.hts_prefix)
        )
    ):
        coverage.setdefault(center_id, []).append(prefix)
    rows = uow.connection.execute(select(Center).order_by(col(Center.code))).mappings()
    return [
        CenterRecord(r["id"], r["code"], r["name"], r["office"], tuple(coverage.get(r["id"], [])))
        for r in rows
    ]


def center_by_code(uow: UnitOfWork, text: str) -> CenterRecord:
    """Find a Center by its code or its full name (any case)."""
    key = text.strip().casefold()
    for center in list_centers(uow):
        if key in {center.code.casefold(), center.name.casefold()}:
            return center
    raise NotFoundError(f"There is no Center '{text}'.")


def center_for_hts(uow: UnitOfWork, hts_number: str) -> CenterRecord | None:
    """The Center whose coverage has the longest prefix of an HTS number."""
    best: tuple[int, CenterRecord] | None = None
    for center in list_centers(uow):
        for prefix in center.hts_prefixes:
            if hts_number.startswith(prefix) and (best is None or len(prefix) > best[0]):
                best = (len(prefix), center)
    return best[1] if best else None


def list_executives(uow: UnitOfWork, center_id: int | None = None) -> list[ExecutiveRecord]:
    """The Account Executives, of one Center or of all."""
    stmt = (
        select(AccountExecutive, col(Center.code))
        .outerjoin(Center, col(Center.id) == col(AccountExecutive.center_id))
        .order_by(col(AccountExecutive.name))
    )
    if center_id is not None:
        stmt = stmt.where(col(AccountExecutive.center_id) == center_id)
    return [
        ExecutiveRecord(e.id, e.name, e.email, e.phone, e.center_id, code or "", e.active)
        for e, code in uow.session.execute(stmt)
    ]


def executive_by_email(uow: UnitOfWork, email: str) -> ExecutiveRecord:
    """The Account Executive with this e-mail, or NotFoundError."""
    key = email.strip().lower()
    for executive in list_executives(uow):
        if executive.email == key:
            return executive
    raise NotFoundError(f"There is no Account Executive with e-mail '{email}'.")


def create_executive(
    uow: UnitOfWork, *, name: str, email: str, phone: str = "", center_id: int | None = None
) -> ExecutiveRecord:
    """Add an Account Executive to a Center."""
    try:
        address = normalize_email(email)
    except ValueError as exc:
        raise ValidationError.single("email", email, str(exc)) from exc
    if not name.strip():
        raise ValidationError.single("name", name, "an Account Executive needs a name")
    if uow.session.execute(
        select(AccountExecutive).where(col(AccountExecutive.email) == address)
    ).first():
        raise ValidationError.single("email", email, "is already used by another executive")
    executive = AccountExecutive(
        name=name.strip(), email=address, phone=phone.strip(), center_id=center_id
    )
    uow.session.add(executive)
    uow.session.flush()
    return executive_by_email(uow, address)


def update_center(
    uow: UnitOfWork, center_id: int, *, name: str, office: str, hts_prefixes: list[str]
) -> CenterRecord:
    """Edit a Center's name, office and HTS coverage (CBP revises these lists over time)."""
    problems = [
        Problem("hts_prefixes", p, "must be 2 to 10 digits (a chapter, heading or subheading)")
        for p in hts_prefixes
        if not (p.isdigit() and p.isascii() and 2 <= len(p) <= 10)
    ]
    if not name.strip():
        problems.append(Problem("name", name, "a Center needs a name"))
    if problems:
        raise ValidationError(problems)
    center = uow.session.get(Center, center_id)
    if center is None:
        raise NotFoundError(f"There is no Center #{center_id}.")
    change_row(uow, center, {"name": name.strip(), "office": office.strip()}, partner_id=None)
    uow.connection.execute(delete(CenterCoverage).where(col(CenterCoverage.center_id) == center_id))
    rows = [{"center_id": center_id, "hts_prefix": p} for p in dict.fromkeys(hts_prefixes)]
    if rows:
        uow.connection.execute(insert(CenterCoverage), rows)
    return next(c for c in list_centers(uow) if c.id == center_id)
