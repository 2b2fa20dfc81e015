"""Shared fixtures: every test gets its own data folder and its own database.

The store, services, analytics and import tests run twice: on a SQLite file
and on a fresh database of a private PostgreSQL server (see pg_server.py).
``--postgres=require`` (what ``bash setup.sh test`` uses) fails when the
server cannot start; ``auto`` (the default) runs the PostgreSQL variants when
PostgreSQL is installed; ``off`` runs SQLite only. The environment variable
TRUSTED_TRADER_TEST_POSTGRES sets the same choice.
"""

from __future__ import annotations

import os
from collections.abc import Callable, Iterator
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING, Any, TypeVar

import pytest

if TYPE_CHECKING:
    from pg_server import PostgresServer

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

T = TypeVar("T")

# A fixed "last month" makes demo data the same whatever day the tests run.
DEMO_LAST_MONTH = date(2026, 10, 1)
ACME_IOR = "12-3456789AB"


def valid_entry(filer_and_serial: str) -> str:
    """An entry number with CBP's check digit, for test files that need many."""
    from trusted_trader.domain.identifiers import entry_check_digit

    text = filer_and_serial
    return f"{text[:3]}-{text[3:]}-{entry_check_digit(text)}"


def csv_file(path: Path, header: list[str], rows: list[list[object]]) -> Path:
    """A CSV file of a header and rows, for import tests."""
    import csv

    with path.open("w", newline="", encoding="utf-8") as handle:
        writer = csv.writer(handle)
        writer.writerow(header)
        writer.writerows(rows)
    return path


POSTGRES_ENV = "TRUSTED_TRADER_TEST_POSTGRES"
# Test folders whose `store` / `db_url` tests also run on PostgreSQL.
BOTH_BACKENDS = ("store", "services", "analytics", "importing", "imports", "hostile")
# Modules about the SQLite file itself: backups, file modes, damaged files.
SQLITE_ONLY_MODULES = {
    "test_backups.py",
    "test_bad_files.py",
    "test_crash.py",
    "test_file_modes.py",
    "test_full_disk.py",
    "test_old_schema.py",
    "test_permissions.py",
    "test_two_instances.py",
    "test_migrations.py",
}


def pytest_addoption(parser: pytest.Parser) -> None:
    parser.addoption(
        "--postgres",
        nargs="?",
        const="require",
        choices=("auto", "require", "off"),
        default=None,
        help="run the store/services tests on PostgreSQL too: auto (when installed, the "
        f"default), require (fail if it cannot start) or off; also ${POSTGRES_ENV}",
    )


def pytest_configure(config: pytest.Config) -> None:
    config.addinivalue_line(
        "markers", "sqlite_only: runs on SQLite only (it is about the SQLite file itself)"
    )


def postgres_mode(config: pytest.Config) -> str:
    chosen = config.getoption("--postgres") or os.environ.get(POSTGRES_ENV) or "auto"
    return str(chosen)


def _wants_postgres(metafunc: pytest.Metafunc) -> bool:
    if postgres_mode(metafunc.config) == "off":
        return False
    path = Path(str(metafunc.definition.path))
    tests = Path(__file__).parent
    try:
        area = path.relative_to(tests).parts[0]
    except ValueError:
        return False
    if area not in BOTH_BACKENDS or path.name in SQLITE_ONLY_MODULES:
        return False
    if metafunc.definition.get_closest_marker("sqlite_only") is not None:
        return False
    if postgres_mode(metafunc.config) == "require":
        return True
    from pg_server import find_bindir

    return find_bindir() is not None


def pytest_generate_tests(metafunc: pytest.Metafunc) -> None:
    if "db_url" in metafunc.fixturenames and _wants_postgres(metafunc):
        metafunc.parametrize("backend", ["sqlite", "postgresql"], indirect=True)


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    for item in items:
        callspec = getattr(item, "callspec", None)
        if callspec is not None and callspec.params.get("backend") == "postgresql":
            item.add_marker(pytest.mark.postgres)


@pytest.fixture(autouse=True)
def app_home(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """Point the app's data, settings and logs at a temporary folder."""
    home = tmp_path / "home"
    monkeypatch.setenv("TRUSTED_TRADER_HOME", str(home))
    monkeypatch.delenv("TRUSTED_TRADER_DB", raising=False)
    for variable in ("PGPASSWORD", "PGPASSFILE", "PGSERVICE", "PGHOST", "PGUSER"):
        monkeypatch.delenv(variable, raising=False)
    return home


@pytest.fixture(scope="session")
def postgres_server(pytestconfig: pytest.Config) -> Iterator[PostgresServer]:
    """A private PostgreSQL server for the whole run, with a migrated template database."""
    from pg_server import ServerUnavailable, start_server

    mode = postgres_mode(pytestconfig)
    if mode == "off":
        pytest.skip("PostgreSQL tests are switched off (--postgres=off)")
    try:
        server = start_server()
    except ServerUnavailable as exc:
        if mode == "require":
            pytest.fail(f"PostgreSQL is required for this run: {exc}")
        pytest.skip(f"PostgreSQL is not available: {exc}")
    yield server
    server.stop()


@pytest.fixture
def pg_url(postgres_server: PostgresServer) -> Iterator[str]:
    """A fresh PostgreSQL database with the current schema, dropped afterwards."""
    name = postgres_server.new_database()
    yield postgres_server.url(name)
    postgres_server.drop_database(name)


@pytest.fixture
def backend(request: pytest.FixtureRequest) -> str:
    return str(getattr(request, "param", "sqlite"))


@pytest.fixture
def db_url(backend: str, tmp_path: Path, request: pytest.FixtureRequest) -> str:
    if backend == "postgresql":
        return str(request.getfixturevalue("pg_url"))
    return f"sqlite:///{tmp_path / 'test.sqlite'}"


@pytest.fixture
def store(db_url: str) -> Iterator[object]:
    from trusted_trader.services.store import open_store

    opened = open_store(db_url, actor="tester@cbp.dhs.gov")
    yield opened
    opened.close()


def add_partner(store: object, name: str, ior: str) -> int:
    """A partner of one IOR number, committed; its id."""
    from trusted_trader.services.partners import PartnerInput, create_partner

    with store.uow() as uow:  # type: ignore[attr-defined]
        partner_id = int(create_partner(uow, PartnerInput(name, ior)).id)
        uow.commit()
    return partner_id


@pytest.fixture
def acme_id(store: object) -> int:
    """One partner, Acme Imports with IOR number ACME_IOR: the import tests' importer."""
    return add_partner(store, "Acme Imports", ACME_IOR)


@pytest.fixture
def demo_store(store: object) -> object:
    """A small demo database (30 partners, 3,000 touch points)."""
    from trusted_trader.services.demo import DemoSpec, load_demo

    with store.uow() as uow:  # type: ignore[attr-defined]
        load_demo(uow, DemoSpec(partners=30, touch_points=3000, last_month=DEMO_LAST_MONTH))
        uow.commit()
    return store


def module_store(
    request: pytest.FixtureRequest, folder: Path, build: Callable[[Any], T]
) -> Iterator[tuple[Any, T]]:
    """For a module-scoped fixture parametrized by backend: a store on that backend and
    what ``build`` made in it, once; closed (its PostgreSQL database dropped) after."""
    from trusted_trader.services.store import open_store

    drop: Callable[[], None] = lambda: None  # noqa: E731
    if request.param == "postgresql":
        server = request.getfixturevalue("postgres_server")
        name = server.new_database()
        url, drop = server.url(name), lambda: server.drop_database(name)
    else:
        url = f"sqlite:///{folder / 'store.sqlite'}"
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv("TRUSTED_TRADER_HOME", str(folder / "home"))
        opened = open_store(url, actor="tester@cbp.dhs.gov")
        built = build(opened)
    yield opened, built
    opened.close()
    drop()
