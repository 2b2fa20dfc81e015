"""A team member's ``db copy --merge``: only partners they may hold, and history signed by them.

The policies would refuse the first record of a partner the member may not
change and fail the whole merge with one anonymous error. Asked first, with the
policies' own rule, every such partner is named with the reason and nothing is
written. The file's own history (audit entries, imports) names whoever worked
on the file, which a member may not sign for on the team database: in its place
each merged partner gets one audit entry by the member's login.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from sqlalchemy import Connection, text

from trusted_trader.domain.errors import Problem, ValidationError
from trusted_trader.services.importing.access import (
    ADD_OWN,
    OUTSIDE_CENTER,
    EditRights,
    edit_rights,
    may_hold,
)


def check_member_merge(
    reader: Connection, writer: Connection, ids: dict[str, dict[int, int]]
) -> None:
    """Raise, naming each one, when the file holds partners this login may not hold."""
    rights = edit_rights(writer)
    problems: list[Problem] = []
    local = reader.exec_driver_sql(
        "SELECT p.id, p.center_id, p.executive_id, p.legal_name, "
        "(SELECT min(ior_number) FROM partner_ior i WHERE i.partner_id = p.id) FROM partner p "
        "ORDER BY p.id"
    )
    for partner_id, center_id, executive_id, name, ior in local:
        shown = ior or name
        why = _refusal(writer, rights, ids, int(partner_id), center_id, executive_id, shown)
        if why:  # a problem prints as "field: reason": the reason names the partner
            problems.append(Problem("partner", shown, f"{shown} {why}"))
    if problems:
        raise ValidationError(problems)


def _refusal(
    writer: Connection,
    rights: EditRights,
    ids: dict[str, dict[int, int]],
    partner_id: int,
    center_id: Any,
    executive_id: Any,
    shown: str,
) -> str | None:
    team_id = ids["partner"].get(partner_id)
    if team_id is not None:
        return _reason(rights.refusal(team_id, shown), shown)
    center = ids["center"].get(int(center_id)) if center_id is not None else None
    executive = ids["account_executive"].get(int(executive_id)) if executive_id else None
    if center_id is not None and center is None:
        return "has a Center the team database lacks (a director adds it)"
    if executive_id is not None and executive is None:
        return "has an Account Executive the team database lacks (a director adds them)"
    if may_hold(writer, center, executive):
        return None
    return OUTSIDE_CENTER if rights.director else f"is new: {ADD_OWN}"


def _reason(refusal: str | None, shown: str) -> str | None:
    """The refusal without the leading "partner <IOR>", which the problem shows already."""
    if refusal is None:
        return None
    return refusal.removeprefix(f"partner {shown} ")


def record_member_merge(reader: Connection, writer: Connection, partners: dict[int, int]) -> None:
    """One audit entry per partner of the file, by the member's login (set by the database)."""
    source = Path(str(reader.engine.url.database or "")).name
    changes = json.dumps({"merged from": [None, source]}, ensure_ascii=False)
    team_ids = sorted(set(partners.values()))
    writer.execute(
        text(
            "INSERT INTO audit_log (at, actor, action, table_name, record_id, partner_id, changes) "
            "SELECT now(), current_user, 'merge', 'partner', p, p, :changes "
            "FROM unnest(CAST(:ids AS integer[])) AS p"
        ),
        {"ids": team_ids, "changes": changes},
    )


def unseen_ior(exc: BaseException, reader: Connection) -> ValidationError | None:
    """The refusal to give when an IOR number of the file is held by a partner the member
    cannot see (of another Center).

    Only PostgreSQL's unique IOR numbers find such a partner, and it does not say which
    number (the row is not the member's to see): the file's numbers are listed instead.
    """
    original = getattr(exc, "orig", None) or exc
    if "partner_ior" not in str(original) or "unique" not in str(original).lower():
        return None
    iors = [str(i) for i in reader.exec_driver_sql("SELECT ior_number FROM partner_ior "
                                                    "ORDER BY ior_number").scalars()]  # fmt: skip
    shown = ", ".join(iors[:10]) + (" …" if len(iors) > 10 else "")
    return ValidationError.single(
        "partner",
        shown,
        f"an IOR number of the file ({shown}) belongs to a partner of another Center, "
        "which you cannot see; ask its director",
    )
