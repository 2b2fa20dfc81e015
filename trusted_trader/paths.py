"""Where the app keeps its files: one place decides, for a checkout, a wheel and the bundle."""

from __future__ import annotations

import os
import sys
from pathlib import Path

import platformdirs

APP_DIR_NAME = "TrustedTrader"
HOME_ENV = "TRUSTED_TRADER_HOME"


def resources_dir() -> Path:
    """The folder of fonts, icons and reference data shipped with the app.

    A frozen bundle unpacks it beside the executable's internals, an installed
    wheel puts it under ``share/trusted-trader``, and a source checkout keeps it
    at the top of the tree.
    """
    candidates: list[Path] = []
    bundle = getattr(sys, "_MEIPASS", None)
    if bundle:
        candidates.append(Path(bundle) / "resources")
    candidates.append(Path(__file__).resolve().parent.parent / "resources")
    candidates.append(Path(sys.prefix) / "share" / "trusted-trader" / "resources")
    for candidate in candidates:
        if (candidate / "centers.json").is_file():
            return candidate
    raise FileNotFoundError("the app's resources folder is missing; reinstall Trusted Trader")


def resource(*parts: str) -> Path:
    return resources_dir().joinpath(*parts)


def _home_override() -> Path | None:
    value = os.environ.get(HOME_ENV)
    return Path(value) if value else None


def data_dir() -> Path:
    """The user's data folder (database, backups); ``TRUSTED_TRADER_HOME`` overrides it."""
    home = _home_override()
    path = home / "data" if home else Path(platformdirs.user_data_dir(APP_DIR_NAME, False))
    path.mkdir(parents=True, exist_ok=True)
    return path


def config_dir() -> Path:
    home = _home_override()
    path = home / "config" if home else Path(platformdirs.user_config_dir(APP_DIR_NAME, False))
    path.mkdir(parents=True, exist_ok=True)
    return path


def log_dir() -> Path:
    home = _home_override()
    path = home / "logs" if home else Path(platformdirs.user_log_dir(APP_DIR_NAME, False))
    path.mkdir(parents=True, exist_ok=True)
    return path


def default_database_path() -> Path:
    return data_dir() / "trusted-trader.sqlite"
