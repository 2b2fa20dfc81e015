"""Which partners an import may write on a team database, asked up front with the policies' rule.

Row-level security would refuse a row for a partner the login may not change
only when it is written, failing the whole import. Asking first, with the same
condition the policies use (``team_access.editable_partner_condition``), turns each such row into a
row error that names the partner and the reason, and lets ``--partial`` import
the rest. Where the policies do not hold for this login (a local file, the
owner, a superuser) everything is editable and nothing is asked.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from sqlalchemy import Connection, text

from trusted_trader.domain.errors import Problem
from trusted_trader.store.bulk import row_security_active
from trusted_trader.store.team_access import editable_partner_condition

NO_PARTNER = "no partner has this IOR number"
OTHER_EXECUTIVE = "belongs to another Account Executive"
OTHER_CENTER = "belongs to another Center"
UNASSIGNED = "has no Account Executive: a director of its Center assigns it"
MOVE_BY_DIRECTOR = "only a director moves a partner to another Center or Account Executive"
ADD_OWN = "you may add only partners assigned to you (your e-mail as account_executive)"
OUTSIDE_CENTER = "is outside your Center: a director adds and moves partners only within it"
UNSEEN_IOR = "belong to a partner of another Center, which you cannot see; ask its director"


@dataclass(frozen=True)
class EditRights:
    """What this login may change; ``held`` is False where no policy holds for it."""

    held: bool = False
    director: bool = False
    refused: dict[int, str] = field(default_factory=dict)  # partner id → why not

    def refusal(self, partner_id: int, ior: str) -> str | None:
        """Why a row for this partner may not be written, or None when it may."""
        why = self.refused.get(partner_id) if self.refused else None
        return None if why is None else f"partner {ior} {why}"

    def ior_problem(self, ior: str, partner_id: int | None) -> Problem:
        """Why a row of importer ``ior`` is not written: no partner holds the number
        (``partner_id`` None), or this login may not change that partner."""
        why = NO_PARTNER if partner_id is None else self.refusal(partner_id, ior) or ""
        return Problem("ior_number", ior, why)


def edit_rights(conn: Connection) -> EditRights:
    """The partners this login sees but may not change, each with the reason (one query)."""
    if conn.dialect.name != "postgresql" or not row_security_active(conn, "partner"):
        return EditRights()
    director = may_hold(conn, None, None)  # only a director may hold a partner of no one
    refused: dict[int, str] = {}
    editable = editable_partner_condition(conn)
    rows = conn.execute(
        text(f"SELECT id, executive_id FROM partner WHERE ({editable}) IS NOT TRUE")
    )
    for partner_id, executive_id in rows:
        if director:
            refused[int(partner_id)] = OTHER_CENTER
        else:
            refused[int(partner_id)] = OTHER_EXECUTIVE if executive_id else UNASSIGNED
    return EditRights(True, director, refused)


def may_hold(conn: Connection, center_id: int | None, executive_id: int | None) -> bool:
    """Whether this login may have a partner of this Center and Account Executive."""
    editable = editable_partner_condition(conn)
    found = conn.execute(
        text(
            f"SELECT ({editable}) IS TRUE FROM (VALUES (CAST(:c AS integer), "
            "CAST(:e AS integer))) AS partner(center_id, executive_id)"
        ),
        {"c": center_id, "e": executive_id},
    )
    return bool(found.scalar())


def partner_iors(conn: Connection) -> dict[str, int]:
    """Every IOR number of a partner that is not deleted, with the partner's id."""
    rows = conn.execute(
        text(
            "SELECT i.ior_number, i.partner_id FROM partner_ior AS i "
            "JOIN partner AS p ON p.id = i.partner_id WHERE p.deleted_at IS NULL"
        )
    )
    return {str(ior): int(pid) for ior, pid in rows}
