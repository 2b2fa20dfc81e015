"""Where the app keeps its files: one place decides, for a checkout, a wheel and the bundle."""

from __future__ import annotations

import os
import site
import sys
import sysconfig
from pathlib import Path

import platformdirs

APP_DIR_NAME = "TrustedTrader"
HOME_ENV = "TRUSTED_TRADER_HOME"
RESOURCE_MARKER = "centers.json"  # a file every resources folder has
WHEEL_RESOURCES = ("share", "trusted-trader", "resources")  # under an install prefix


def resources_dir() -> Path:
    """The folder of fonts, icons and reference data shipped with the app.

    A frozen bundle unpacks it beside the executable's internals, an installed
    wheel puts it under ``share/trusted-trader`` of its prefix, and a source
    checkout (also an editable install) keeps it at the top of the tree.
    """
    candidates = resource_candidates()
    for candidate in candidates:
        if (candidate / RESOURCE_MARKER).is_file():
            return candidate
    looked = ", ".join(str(c) for c in candidates)
    raise FileNotFoundError(
        f"the app's resources folder is missing (looked in {looked}); reinstall Trusted Trader"
    )


def resource_candidates() -> list[Path]:
    """Where the resources may be, most specific first."""
    bundle = getattr(sys, "_MEIPASS", None)
    if getattr(sys, "frozen", False) and bundle:
        return [Path(bundle) / "resources"]
    candidates = [Path(__file__).resolve().parent.parent / "resources"]
    # pip puts a wheel's data files under its install scheme's "data" folder: the
    # environment's prefix, /usr/local for a system pip on Debian, the user base for --user.
    prefixes = [sysconfig.get_path("data"), sys.prefix, site.getuserbase()]
    for prefix in dict.fromkeys(prefixes):
        candidates.append(Path(prefix).joinpath(*WHEEL_RESOURCES))
    return candidates


def resource(*parts: str) -> Path:
    return resources_dir().joinpath(*parts)


def _home_override() -> Path | None:
    value = os.environ.get(HOME_ENV)
    return Path(value) if value else None


class AppFolderError(OSError):
    """A folder the app keeps its files in cannot be made: the message says which and why."""

    def __str__(self) -> str:
        return str(self.args[1]) if len(self.args) > 1 else super().__str__()


def _ensure(path: Path) -> Path:
    """``path``, made if missing; AppFolderError (one line, naming it) when it cannot be."""
    try:
        path.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        reason = exc.strerror or type(exc).__name__
        if isinstance(exc, FileExistsError | NotADirectoryError):
            reason = "a file is in the way"
        hint = f" (it comes from ${HOME_ENV}: point it to a folder you may write to)"
        message = f"Trusted Trader cannot use the folder {path}: {reason}"
        raise AppFolderError(exc.errno, message + (hint if _home_override() else ".")) from exc
    return path


def data_dir() -> Path:
    """The user's data folder (database, backups); ``TRUSTED_TRADER_HOME`` overrides it."""
    home = _home_override()
    return _ensure(home / "data" if home else Path(platformdirs.user_data_dir(APP_DIR_NAME, False)))


def config_dir() -> Path:
    home = _home_override()
    return _ensure(
        home / "config" if home else Path(platformdirs.user_config_dir(APP_DIR_NAME, False))
    )


def log_dir() -> Path:
    home = _home_override()
    return _ensure(home / "logs" if home else Path(platformdirs.user_log_dir(APP_DIR_NAME, False)))


def default_database_path() -> Path:
    return data_dir() / "trusted-trader.sqlite"
