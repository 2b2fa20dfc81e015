"""A Center's team database: who may change which partners, and change notices for open windows."""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import select, text
from sqlalchemy.exc import DBAPIError
from sqlmodel import col

from trusted_trader.domain.errors import NotFoundError, ValidationError
from trusted_trader.store import postgres, team_access
from trusted_trader.store.engine import make_engine
from trusted_trader.store.errors import StoreError
from trusted_trader.store.models import AccountExecutive, Center
from trusted_trader.store.uow import UnitOfWork


@dataclass(frozen=True)
class TeamMember:
    """A login role of the team database and what it may do."""

    role: str
    executive_email: str
    director_of: str  # Center code, "" when not a director


def can_edit_partner(uow: UnitOfWork, partner_id: int) -> bool:
    """Whether the person working may change this partner's records (always on a local file)."""
    if uow.dialect != "postgresql":
        return True
    return team_access.may_edit_partner(uow.connection, partner_id)


def grant_access(
    uow: UnitOfWork,
    role: str,
    *,
    executive_email: str | None = None,
    director_code: str | None = None,
) -> TeamMember:
    """Let login ``role`` work as this Account Executive and/or as director of this Center.

    Creates the access rules and change notices first if they are missing, and
    the login (without a password) if it does not exist yet.
    """
    _require_postgres(uow)
    check_role_name(uow, role)
    if not executive_email and not director_code:
        raise ValidationError.single(
            "role", role, "say which Account Executive (--executive) or Center (--director)"
        )
    executive_id = _executive_id(uow, executive_email) if executive_email else None
    center_id = _center_id(uow, director_code) if director_code else None
    postgres.install_change_notices(uow.connection)
    team_access.set_member(
        uow.connection, role, executive_id=executive_id, director_center_id=center_id
    )
    return TeamMember(role, executive_email or "", (director_code or "").upper())


# Names PostgreSQL gives a meaning of its own, or that the team's rules rely on.
RESERVED_ROLES = {"public", "none", "all", "current_user", "session_user", "current_role", "user"}
RESERVED_PREFIXES = ("pg_", "tt_team_")
MAX_ROLE_BYTES = 63  # PostgreSQL cuts longer names short, silently: another login's name


def check_role_name(uow: UnitOfWork, role: str) -> None:
    """Refuse a role name that is empty, too long, reserved, or the administrator's own."""
    reason = _role_name_problem(role)
    if reason is None:
        owner = uow.connection.execute(text("SELECT current_user")).scalar()
        super_user = uow.connection.execute(
            text("SELECT rolsuper FROM pg_roles WHERE rolname = :r"), {"r": role}
        ).scalar()
        if role == owner or super_user or role == "postgres":
            reason = "is the database's administrator, not a team member"
    if reason is not None:
        shown = role if role.isprintable() and len(role) <= 80 else repr(role[:80])
        raise ValidationError.single("role", shown, reason)


def _role_name_problem(role: str) -> str | None:
    if not role.strip():
        return "name the database login role"
    if not role.isprintable() or role != role.strip():
        return "must not hold control characters or spaces at either end"
    if len(role.encode("utf-8")) > MAX_ROLE_BYTES:
        return f"is longer than PostgreSQL's {MAX_ROLE_BYTES} bytes for a name"
    folded = role.casefold()
    if folded in RESERVED_ROLES or folded.startswith(RESERVED_PREFIXES):
        return "is a name PostgreSQL or Trusted Trader reserves; choose the person's own login"
    return None


def revoke_access(uow: UnitOfWork, role: str) -> bool:
    """Take a login out of the team; returns False when it was not a member."""
    _require_postgres(uow)
    check_role_name(uow, role)
    return team_access.remove_member(uow.connection, role)


def list_members(uow: UnitOfWork) -> list[TeamMember]:
    """The team database's members and their roles."""
    _require_postgres(uow)
    if uow.connection.execute(text("SELECT to_regclass('team_member')")).scalar() is None:
        return []
    rows = uow.connection.execute(
        text(
            "SELECT m.role_name, COALESCE(e.email, ''), COALESCE(c.code, '') FROM team_member m "
            "LEFT JOIN account_executive e ON e.id = m.executive_id "
            "LEFT JOIN center c ON c.id = m.director_center_id ORDER BY m.role_name"
        )
    )
    return [TeamMember(str(r[0]), str(r[1]), str(r[2])) for r in rows]


def install_change_notices(uow: UnitOfWork) -> int:
    """Make every table announce changes to open windows; returns how many tables (0 on SQLite)."""
    if uow.dialect != "postgresql":
        return 0
    return postgres.install_change_notices(uow.connection)


def _require_postgres(uow: UnitOfWork) -> None:
    if uow.dialect != "postgresql":
        raise ValidationError.single(
            "database", uow.dialect, "access rules exist on a team (PostgreSQL) database only"
        )


def _executive_id(uow: UnitOfWork, email: str) -> int:
    found = uow.connection.execute(
        select(col(AccountExecutive.id)).where(col(AccountExecutive.email).ilike(email.strip()))
    ).scalar_one_or_none()
    if found is None:
        raise NotFoundError(f"No Account Executive has the e-mail address {email}.")
    return int(found)


def _center_id(uow: UnitOfWork, code: str) -> int:
    found = uow.connection.execute(
        select(col(Center.id)).where(col(Center.code) == code.strip().upper())
    ).scalar_one_or_none()
    if found is None:
        raise NotFoundError(f"There is no Center with the code {code}.")
    return int(found)


def check_connection(url: str) -> str:
    """Connect once and say what answered (e.g. "PostgreSQL 15.8 as jdoe"); raises if it cannot."""
    engine = make_engine(url)
    try:
        with engine.connect() as conn:
            version = str(conn.execute(text("SHOW server_version")).scalar())
            user = str(conn.execute(text("SELECT current_user")).scalar())
    except DBAPIError as exc:
        raise StoreError(postgres.connection_problem(url, str(exc.orig))) from exc
    finally:
        engine.dispose()
    return f"PostgreSQL {version.split()[0]} as {user}"
