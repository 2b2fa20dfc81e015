"""Text no database keeps alike is refused before it is written, on SQLite and PostgreSQL.

PostgreSQL cannot store a NUL character in text; SQLite would store it and many a
program reading the file would cut the text short there. So every record written
through a session is checked, and a NUL is a validation error naming the field.
"""

from __future__ import annotations

from typing import Any

from sqlalchemy import event, inspect
from sqlalchemy.orm import Session

from trusted_trader.domain.errors import Problem, ValidationError


def nul_problems(values: dict[str, Any]) -> list[Problem]:
    """A problem for each text value holding a NUL character."""
    return [
        Problem(name, value.replace("\x00", "\\0"), "contains a NUL character (\\0); remove it")
        for name, value in values.items()
        if isinstance(value, str) and "\x00" in value
    ]


@event.listens_for(Session, "before_flush")
def _refuse_nul(session: Session, _context: Any, _instances: Any) -> None:
    problems: list[Problem] = []
    for row in (*session.new, *session.dirty):
        columns = inspect(row).mapper.column_attrs
        problems += nul_problems({c.key: getattr(row, c.key) for c in columns})
    if problems:
        raise ValidationError(problems)
