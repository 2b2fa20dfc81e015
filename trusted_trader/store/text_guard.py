"""Text no database keeps alike is refused before it is written, on SQLite and PostgreSQL.

PostgreSQL cannot store a NUL character in text; SQLite would store it and many a
program reading the file would cut the text short there. PostgreSQL refuses text
longer than its column; SQLite keeps it, so a record made on a local file could not be
copied to the team database. So every record written through a session is checked, and
a NUL or an over-long text is a validation error naming the field.
"""

from __future__ import annotations

from functools import cache
from typing import Any

from sqlalchemy import event, inspect
from sqlalchemy.orm import Mapper, Session

from trusted_trader.domain.errors import Problem, ValidationError


def nul_problems(values: dict[str, Any]) -> list[Problem]:
    """A problem for each text value holding a NUL character."""
    return [
        Problem(name, value.replace("\x00", "\\0"), "contains a NUL character (\\0); remove it")
        for name, value in values.items()
        if isinstance(value, str) and "\x00" in value
    ]


def length_problems(values: dict[str, Any], limits: dict[str, int]) -> list[Problem]:
    """A problem for each text value longer than its column holds."""
    return [
        Problem(name, value[:40] + "…", f"is {len(value):,} characters; at most {limit:,} fit")
        for name, value in values.items()
        if isinstance(value, str) and (limit := limits.get(name)) and len(value) > limit
    ]


@cache
def _limits(mapper: Mapper[Any]) -> dict[str, int]:
    """Each text column's length, worked out once per mapped class, not at every flush."""
    found: dict[str, int] = {}
    for attribute in mapper.column_attrs:
        # SQLModel's AutoString is a decorator over String: ask for the length, not the class.
        length = getattr(attribute.columns[0].type, "length", None)
        if isinstance(length, int) and length > 0:
            found[attribute.key] = length
    return found


@event.listens_for(Session, "before_flush")
def _refuse_unstorable_text(session: Session, _context: Any, _instances: Any) -> None:
    problems: list[Problem] = []
    for row in (*session.new, *session.dirty):
        mapper = inspect(row).mapper
        values = {c.key: getattr(row, c.key) for c in mapper.column_attrs}
        problems += nul_problems(values) + length_problems(values, _limits(mapper))
    if problems:
        raise ValidationError(problems)
