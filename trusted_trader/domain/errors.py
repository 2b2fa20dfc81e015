"""Errors the domain raises for the user's input, each with words a user understands."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

__all__ = ["ConflictError", "DomainError", "NotFoundError", "Problem", "ValidationError"]


class DomainError(Exception):
    """A problem with what the user asked for, not a bug."""


@dataclass(frozen=True)
class Problem:
    """One thing wrong with one field."""

    field: str
    value: str
    reason: str

    def __str__(self) -> str:
        return f"{self.field}: {self.reason}"


class ValidationError(DomainError):
    """Input that breaks a rule; carries every problem found, not just the first."""

    def __init__(self, problems: Sequence[Problem]) -> None:
        self.problems = list(problems)
        super().__init__("; ".join(str(p) for p in self.problems))

    @classmethod
    def single(cls, field: str, value: object, reason: str) -> ValidationError:
        """A validation error with one problem of one field."""
        return cls([Problem(field, "" if value is None else str(value), reason)])


class NotFoundError(DomainError):
    """A record the user named does not exist."""


class ConflictError(DomainError):
    """A record changed since the user opened it."""

    def __init__(self, message: str, current: dict[str, object] | None = None) -> None:
        super().__init__(message)
        self.current = current or {}
