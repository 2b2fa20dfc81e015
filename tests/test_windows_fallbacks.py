"""The Windows branches of the path and permission helpers, run here under a patched platform.

Windows has no file modes (``os.fchmod`` only from Python 3.13), no ``pwd`` module, and
libpq keeps its password file in the roaming profile; each helper must take that branch.
"""

from __future__ import annotations

import os
import stat
import sys
from pathlib import Path

import pytest

from trusted_trader import private_files
from trusted_trader.store import postgres, uow
from trusted_trader.store.uow import default_actor

URL = "postgresql+psycopg://jdoe@db.example.gov/team"
PGPASS_LINE = "db.example.gov:5432:team:jdoe:pw\n"


@pytest.fixture
def windows(monkeypatch: pytest.MonkeyPatch) -> None:
    """As on Windows with Python 3.11: sys.platform says so and os has no fchmod."""
    monkeypatch.setattr(sys, "platform", "win32")
    monkeypatch.delattr(os, "fchmod", raising=False)


def mode(path: Path) -> int:
    return stat.S_IMODE(path.stat().st_mode)


@pytest.mark.parametrize(
    ("platform", "where"),
    [
        ("win32", ("appdata", "postgresql", "pgpass.conf")),
        ("linux", ("home", ".pgpass")),
        ("darwin", ("home", ".pgpass")),
    ],
)
def test_the_password_file_is_looked_up_where_libpq_looks(
    platform: str, where: tuple[str, ...], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(sys, "platform", platform)
    monkeypatch.delenv("PGPASSFILE", raising=False)
    monkeypatch.delenv("PGPASSWORD", raising=False)
    monkeypatch.setenv("APPDATA", str(tmp_path / "appdata"))
    monkeypatch.setenv("HOME", str(tmp_path / "home"))
    expected = tmp_path.joinpath(*where)
    expected.parent.mkdir(parents=True)
    expected.write_text(PGPASS_LINE, encoding="utf-8")

    assert postgres.pgpass_path() == expected
    assert postgres.has_stored_password(URL)


@pytest.mark.parametrize("platform", ["win32", "linux"])
def test_pgpassfile_names_the_password_file_on_every_platform(
    platform: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(sys, "platform", platform)
    monkeypatch.setenv("PGPASSFILE", str(tmp_path / "team.pgpass"))

    assert postgres.pgpass_path() == tmp_path / "team.pgpass"


@pytest.mark.skipif(os.name != "posix", reason="file modes are POSIX")
@pytest.mark.parametrize(("platform", "expected"), [("win32", 0o755), ("linux", 0o700)])
def test_a_private_folder_is_restricted_only_where_modes_exist(
    platform: str, expected: int, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    folder = tmp_path / "backups"
    folder.mkdir()
    folder.chmod(0o755)
    monkeypatch.setattr(sys, "platform", platform)

    private_files.restrict_folder(folder)

    assert mode(folder) == expected


@pytest.mark.parametrize(("windows_name", "expected"), [("", "unknown"), ("jdoe", "jdoe")])
def test_on_windows_the_audit_names_the_login_windows_reports_or_unknown(
    windows_name: str, expected: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    # Windows has no pwd module; the login comes from GetUserNameW, never from USERNAME.
    monkeypatch.setattr(sys, "platform", "win32")
    monkeypatch.setattr(uow, "_windows_user", lambda: windows_name)
    monkeypatch.setenv("USERNAME", "someone-else")

    assert default_actor() == expected


def test_an_account_missing_from_the_account_database_is_named_by_its_number(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    import pwd

    def no_entry(uid: int) -> pwd.struct_passwd:
        raise KeyError(uid)

    monkeypatch.setattr(pwd, "getpwuid", no_entry)

    assert default_actor() == f"uid {os.getuid()}"
