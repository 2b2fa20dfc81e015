"""User settings kept as a small JSON file in the configuration folder."""

from __future__ import annotations

import json
import os
from dataclasses import asdict, dataclass, fields, replace
from pathlib import Path
from typing import Any

from trusted_trader import paths
from trusted_trader.domain.data_checks import DEFAULT_TOLERANCE, parse_tolerance
from trusted_trader.domain.deadlines import DUE_SOON_DAYS

DATABASE_ENV = "TRUSTED_TRADER_DB"
PAGE_SIZES = ("letter", "a4")
DATE_STYLES = ("iso", "us")  # 2026-03-31 or 03/31/2026
# A CUI banner with its categories ("CUI//SP-PRVCY//SP-TAX") is far shorter; longer text is
# a mistake, and at most this much wraps to lines that fit a printed page's head and foot.
MAX_MARKING_LENGTH = 100
MAX_EXECUTIVE_EMAIL = 200  # the audit trail's "who" column
MAX_BACKUPS = 1000  # more kept copies than anyone means; a typo of a count


@dataclass(frozen=True)
class Settings:
    """What the user chose; every field has a sensible default."""

    database: str = ""
    executive_email: str = ""
    marking: str = ""
    page_size: str = "letter"
    backups_daily: int = 7
    backups_weekly: int = 4
    due_soon_days: int = DUE_SOON_DAYS  # a deadline this close is "due soon" (amber)
    date_style: str = "iso"  # how the window shows and reads dates: "iso" or "us"
    # How far a month's reported total may stray from its counted entries (data checks).
    check_tolerance: str = DEFAULT_TOLERANCE.as_text()

    @classmethod
    def load(cls, path: Path | None = None) -> Settings:
        path = path or settings_path()
        try:
            raw = json.loads(path.read_text(encoding="utf-8"))
        except (OSError, ValueError):
            return cls()
        known = {f.name for f in fields(cls)}
        values: dict[str, Any] = {k: v for k, v in raw.items() if k in known}
        try:
            loaded = cls(**values)
        except TypeError:
            return cls()
        # A value edited by hand into nonsense falls back to its default, the rest stays;
        # not the marking: printing without it would be worse than refusing to print.
        bad = {n: getattr(cls(), n) for n, _reason in loaded.problems() if n != "marking"}
        return loaded.with_changes(**bad)

    def save(self, path: Path | None = None) -> None:
        path = path or settings_path()
        temp = path.with_suffix(".tmp")
        temp.write_text(json.dumps(asdict(self), indent=2), encoding="utf-8")
        os.replace(temp, path)

    def with_changes(self, **changes: Any) -> Settings:
        return replace(self, **changes)

    def problems(self) -> list[tuple[str, str]]:
        """(field, what is wrong) for each value a user could not have meant; empty when fine."""
        found: list[tuple[str, str]] = []
        email = self.executive_email
        if len(email) > MAX_EXECUTIVE_EMAIL or not email.isprintable():
            found.append(
                (
                    "executive_email",
                    f"must be printable and at most {MAX_EXECUTIVE_EMAIL} characters",
                )
            )
        if not self.marking.isprintable():
            found.append(("marking", "must be printable (no line breaks or control characters)"))
        elif len(self.marking.strip()) > MAX_MARKING_LENGTH:
            found.append(
                (
                    "marking",
                    f"is {len(self.marking.strip()):,} characters long; "
                    f"at most {MAX_MARKING_LENGTH} fit on every page",
                )
            )
        if self.page_size not in PAGE_SIZES:
            found.append(("page_size", f"must be one of {', '.join(PAGE_SIZES)}"))
        if self.date_style not in DATE_STYLES:
            found.append(("date_style", f"must be one of {', '.join(DATE_STYLES)}"))
        try:
            if not isinstance(self.check_tolerance, str):
                raise ValueError("must be text such as 3,5%")
            parse_tolerance(self.check_tolerance)
        except ValueError as exc:
            found.append(("check_tolerance", str(exc)))
        for name in ("backups_daily", "backups_weekly"):
            count = getattr(self, name)
            if type(count) is not int or not 0 <= count <= MAX_BACKUPS:
                found.append((name, f"must be a whole number from 0 to {MAX_BACKUPS:,}"))
        return found


def settings_path() -> Path:
    return paths.config_dir() / "settings.json"


def database_url(explicit: str | None, settings: Settings) -> str:
    """Choose the database: ``--db``, then the environment, then the setting, then the default.

    A plain path becomes a SQLite URL; anything with ``://`` is used as given.
    """
    chosen = explicit or os.environ.get(DATABASE_ENV) or settings.database
    if not chosen:
        return sqlite_url(paths.default_database_path())
    if "://" in chosen:
        return chosen
    return sqlite_url(Path(chosen).expanduser())


def sqlite_url(path: Path) -> str:
    return f"sqlite:///{path.resolve()}"
