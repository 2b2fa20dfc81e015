"""User settings kept as a small JSON file in the configuration folder."""

from __future__ import annotations

import json
import os
from dataclasses import asdict, dataclass, fields, replace
from pathlib import Path
from typing import Any

from trusted_trader import paths
from trusted_trader.domain.deadlines import DUE_SOON_DAYS

DATABASE_ENV = "TRUSTED_TRADER_DB"


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
            return cls(**values)
        except TypeError:
            return cls()

    def save(self, path: Path | None = None) -> None:
        path = path or settings_path()
        temp = path.with_suffix(".tmp")
        temp.write_text(json.dumps(asdict(self), indent=2), encoding="utf-8")
        os.replace(temp, path)

    def with_changes(self, **changes: Any) -> Settings:
        return replace(self, **changes)


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
