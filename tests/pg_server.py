"""A private PostgreSQL server for the tests and benchmarks: started in a temp folder, thrown away.

The server runs as the current user, or as ``postgres`` when we are root
(PostgreSQL refuses to run as root). It listens on a free loopback port and
on a socket inside its own folder, trusts local connections (nothing here is
secret) and is tuned for speed, not durability. Every test gets a fresh
database cloned from a template that already holds the migrated schema.
"""

from __future__ import annotations

import contextlib
import itertools
import os
import pwd
import shutil
import signal
import socket
import subprocess
import tempfile
import time
from pathlib import Path

ADMIN = "tt_admin"
TEMPLATE = "tt_template"
FAST_SETTINGS = {
    "fsync": "off",
    "synchronous_commit": "off",
    "full_page_writes": "off",
    "max_connections": "200",
    "shared_buffers": "256MB",
    "work_mem": "32MB",
    "maintenance_work_mem": "256MB",
    "max_wal_size": "4GB",
    "checkpoint_timeout": "30min",
    "jit": "off",
    "log_min_messages": "warning",
}


class ServerUnavailable(RuntimeError):
    """PostgreSQL is not installed or would not start."""


def find_bindir() -> Path | None:
    """Where initdb and pg_ctl are: ``$PG_BINDIR``, the PATH, or Debian's versioned folder."""
    candidates = [os.environ.get("PG_BINDIR", "")]
    on_path = shutil.which("initdb")
    if on_path:
        candidates.append(str(Path(on_path).resolve().parent))
    debian = sorted(
        Path("/usr/lib/postgresql").glob("*/bin"), key=lambda p: _version(p.parent.name)
    )
    candidates.extend(str(p) for p in reversed(debian))
    for candidate in candidates:
        if candidate and (Path(candidate) / "initdb").is_file():
            return Path(candidate)
    return None


def _version(name: str) -> float:
    try:
        return float(name)
    except ValueError:
        return 0.0


def _free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


class PostgresServer:
    """One throw-away cluster; ``url(db)`` gives a SQLAlchemy URL for a database on it."""

    def __init__(self, bindir: Path) -> None:
        self.bindir = bindir
        self.folder = Path(tempfile.mkdtemp(prefix=f"tt-pg-{os.getuid()}-"))
        self.data = self.folder / "data"
        self.port = _free_port()
        self.run_as = "postgres" if os.getuid() == 0 else None
        self._numbers = itertools.count(1)

    def url(self, database: str = "postgres", user: str = ADMIN) -> str:
        return f"postgresql+psycopg://{user}@127.0.0.1:{self.port}/{database}"

    def start(self) -> None:
        if self.run_as is not None:
            entry = pwd.getpwnam(self.run_as)
            os.chown(self.folder, entry.pw_uid, entry.pw_gid)
        (self.folder / "owner.pid").write_text(str(os.getpid()))
        self._run(
            "initdb",
            "-D",
            str(self.data),
            "-U",
            ADMIN,
            "--auth=trust",
            "--no-sync",
            "-E",
            "UTF8",
            "--locale=C",
        )
        options = " ".join(f"-c {k}={v}" for k, v in FAST_SETTINGS.items())
        self._run(
            "pg_ctl",
            "-D",
            str(self.data),
            "-l",
            str(self.folder / "server.log"),
            "-w",
            "-t",
            "60",
            "-o",
            f"-p {self.port} -k {self.folder} -h 127.0.0.1 {options}",
            "start",
        )

    def stop(self) -> None:
        with contextlib.suppress(ServerUnavailable):
            self._run("pg_ctl", "-D", str(self.data), "-m", "immediate", "-w", "stop")
        shutil.rmtree(self.folder, ignore_errors=True)

    def _run(self, program: str, *args: str) -> None:
        command = [str(self.bindir / program), *args]
        if self.run_as is not None:
            command = ["runuser", "-u", self.run_as, "--", *command]
        done = subprocess.run(command, capture_output=True, text=True, check=False, cwd="/")
        if done.returncode != 0:
            log = self.folder / "server.log"
            tail = log.read_text(errors="replace")[-2000:] if log.exists() else ""
            raise ServerUnavailable(f"{program} failed: {done.stderr.strip()}\n{tail}")

    def admin_sql(self, *statements: str, database: str = "postgres") -> None:
        """Run statements as the superuser, outside a transaction (CREATE DATABASE needs it)."""
        import psycopg

        dsn = f"host=127.0.0.1 port={self.port} user={ADMIN} dbname={database}"
        with psycopg.connect(dsn, autocommit=True) as conn:
            for statement in statements:
                conn.execute(statement)  # type: ignore[arg-type]

    def build_template(self) -> None:
        """The migrated, seeded schema every test database is cloned from."""
        from trusted_trader.services.store import open_store

        self.admin_sql(f"CREATE DATABASE {TEMPLATE}")
        open_store(self.url(TEMPLATE), actor="template").close()
        self.admin_sql(f"ALTER DATABASE {TEMPLATE} WITH IS_TEMPLATE true")

    def new_database(self, template: str = TEMPLATE) -> str:
        """A fresh database cloned from ``template``; returns its name."""
        name = f"tt_t{next(self._numbers)}"
        self.admin_sql(f"CREATE DATABASE {name} TEMPLATE {template}")
        return name

    def empty_database(self) -> str:
        """A database with no tables at all (from PostgreSQL's own template0)."""
        return self.new_database("template0")

    def drop_database(self, name: str) -> None:
        self.admin_sql(f"DROP DATABASE IF EXISTS {name} WITH (FORCE)")


def start_server() -> PostgresServer:
    """Start a private server with the template database, or raise ServerUnavailable."""
    bindir = find_bindir()
    if bindir is None:
        raise ServerUnavailable("PostgreSQL is not installed (no initdb found)")
    if os.getuid() == 0 and shutil.which("runuser") is None:
        raise ServerUnavailable("running as root needs runuser to start PostgreSQL as postgres")
    remove_abandoned()
    server = PostgresServer(bindir)
    try:
        server.start()
        server.build_template()
    except BaseException:
        server.stop()
        raise
    return server


def remove_abandoned() -> None:
    """Stop clusters left behind by test runs that were killed before they could clean up."""
    for folder in Path(tempfile.gettempdir()).glob(f"tt-pg-{os.getuid()}-*"):
        try:
            owner = int((folder / "owner.pid").read_text())
        except (OSError, ValueError):
            owner = None
        if owner is not None and _alive(owner):
            continue
        if owner is None and time.time() - folder.stat().st_mtime < 600:
            continue  # being set up right now by another run
        pid_file = folder / "data" / "postmaster.pid"
        with contextlib.suppress(OSError, ValueError):
            os.kill(int(pid_file.read_text().split()[0]), signal.SIGQUIT)
        shutil.rmtree(folder, ignore_errors=True)


def _alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    return True
