"""The frozen desktop bundle: build it (or reuse a fresh one), unpack the archive, run it.

Run alone with ``.venv/bin/python -m pytest -m bundle -s`` (``-s`` shows the build time,
the archive size and the start-up times). ``TRUSTED_TRADER_REBUILD=1`` forces a build.
"""

from __future__ import annotations

import os
import platform
import re
import shutil
import sqlite3
import statistics
import subprocess
import sys
import tarfile
import time
from collections.abc import Callable
from datetime import date
from pathlib import Path

import pytest
from pypdf import PdfReader

from tests.conftest import valid_entry
from trusted_trader import __version__

pytestmark = pytest.mark.bundle

ROOT = Path(__file__).resolve().parents[2]
NAME = "trusted-trader"
STEM = f"{NAME}-{__version__}-linux-{platform.machine()}"
ARCHIVE = ROOT / "dist" / f"{STEM}.tar.gz"
# A build is fresh when nothing it is made from changed after the archive was written.
BUILD_INPUTS = ("trusted_trader", "resources", "installer", "pyproject.toml")
ICON_SIZES = (16, 22, 24, 32, 48, 64, 128, 256, 512)
# What a clean run never prints on stderr (progress lines such as "demo: partners…" pass).
ERROR_LINE = re.compile(
    r"(?i)(traceback|\berror\b|exception|critical|fatal|warning|failed|cannot|could not"
    r"|not found|segmentation|qt\.[a-z.]+:)"
)

Run = Callable[..., subprocess.CompletedProcess[str]]


def newest_input() -> float:
    newest = 0.0
    for name in BUILD_INPUTS:
        path = ROOT / name
        files = [path] if path.is_file() else path.rglob("*")
        for file in files:
            if file.is_file() and "__pycache__" not in file.parts:
                newest = max(newest, file.stat().st_mtime)
    return newest


@pytest.fixture(scope="module")
def archive() -> Path:
    stale = not ARCHIVE.is_file() or ARCHIVE.stat().st_mtime < newest_input()
    if stale or os.environ.get("TRUSTED_TRADER_REBUILD") == "1":
        started = time.perf_counter()
        build = ["bash", str(ROOT / "installer" / "build.sh")]
        subprocess.run(build, cwd=ROOT, env={**os.environ, "PYTHON": sys.executable}, check=True)
        print(f"\nbundle: built in {time.perf_counter() - started:.0f} s")
    else:
        print(f"\nbundle: reusing {ARCHIVE.relative_to(ROOT)} (newer than its sources)")
    print(f"bundle: archive {ARCHIVE.name} is {ARCHIVE.stat().st_size / 2**20:.1f} MiB")
    return ARCHIVE


@pytest.fixture(scope="module")
def unpacked(archive: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    target = tmp_path_factory.mktemp("unpacked")
    with tarfile.open(archive) as tar:
        tar.extractall(target, filter="tar")
    (top,) = target.iterdir()
    size = sum(f.stat().st_size for f in top.rglob("*") if f.is_file() and not f.is_symlink())
    print(f"bundle: unpacked {size / 2**20:.0f} MiB")
    return top


def clean_env(home: Path, **extra: str) -> dict[str, str]:
    """No PATH to any Python, none of our variables but those given: like a fresh account."""
    runtime = home / "runtime"
    runtime.mkdir(mode=0o700, parents=True, exist_ok=True)
    return {
        "PATH": "/nonexistent",
        "HOME": str(home),
        "LANG": "C.UTF-8",  # as a desktop session has; Qt warns under the bare C locale
        "XDG_RUNTIME_DIR": str(runtime),
        **extra,
    }


@pytest.fixture(scope="module")
def frozen(unpacked: Path, tmp_path_factory: pytest.TempPathFactory) -> Run:
    """Runs the unpacked program with its own data folder, offscreen, in a clean environment."""
    home = tmp_path_factory.mktemp("home")
    env = clean_env(home, TRUSTED_TRADER_HOME=str(home / "desk"), QT_QPA_PLATFORM="offscreen")

    def run(*args: str, timeout: float = 180, **extra: str) -> subprocess.CompletedProcess[str]:
        return subprocess.run(
            [str(unpacked / NAME), *args],
            env={**env, **extra},
            cwd=home,
            capture_output=True,
            text=True,
            timeout=timeout,
            check=False,
        )

    return run


def assert_clean(result: subprocess.CompletedProcess[str], code: int = 0) -> None:
    errors = [line for line in result.stderr.splitlines() if ERROR_LINE.search(line)]
    assert result.returncode == code, result.stderr
    assert errors == [], result.stderr


def has_command(run: Run, name: str) -> bool:
    return re.search(rf"^\s+{name}\s", run("--help").stdout, re.MULTILINE) is not None


@pytest.fixture(scope="module")
def demo_database(frozen: Run, unpacked: Path) -> Path:
    result = frozen("demo", "--partners", "12", "--touch-points", "1500")
    assert_clean(result)
    found = re.search(r"Demo data in (\S+):", result.stdout)
    assert found, result.stdout
    database = Path(found.group(1))
    assert database.is_file()
    return database


def test_the_version_comes_from_the_package_into_the_program_and_archive(
    frozen: Run, archive: Path, unpacked: Path
) -> None:
    result = frozen("--version")

    assert_clean(result)
    assert result.stdout.strip() == f"Trusted Trader {__version__}"
    assert archive.name == f"{STEM}.tar.gz"
    assert unpacked.name == STEM


def test_the_archive_holds_the_launcher_icons_and_install_scripts(unpacked: Path) -> None:
    desktop = (unpacked / "share" / "applications" / f"{NAME}.desktop").read_text("utf-8")
    assert f"Icon={NAME}\n" in desktop
    assert "Exec=" in desktop
    hicolor = unpacked / "share" / "icons" / "hicolor"
    for size in ICON_SIZES:
        assert (hicolor / f"{size}x{size}" / "apps" / f"{NAME}.png").is_file()
    assert (hicolor / "scalable" / "apps" / f"{NAME}.svg").is_file()
    assert "./install.sh" in (unpacked / "README.txt").read_text("utf-8")
    for script in ("install.sh", "uninstall.sh", NAME):
        assert os.access(unpacked / script, os.X_OK)
    if shutil.which("desktop-file-validate"):
        subprocess.run(
            ["desktop-file-validate", str(unpacked / "share/applications" / f"{NAME}.desktop")],
            check=True,
        )


def test_the_bundle_leaves_out_what_the_app_does_not_use(unpacked: Path) -> None:
    internals = unpacked / "_internal"
    names = [p.relative_to(internals).as_posix() for p in internals.rglob("*")]
    unused = re.compile(r"Qt6?(WebEngine|Quick|Qml|3D|Multimedia|Designer)|/translations/|/tests?/")

    assert [n for n in names if unused.search(n)] == []
    plugins = internals / "PySide6" / "Qt" / "plugins"
    for needed in ("platforms/libqxcb.so", "platforms/libqoffscreen.so", "imageformats/libqsvg.so"):
        assert (plugins / needed).is_file(), needed
    assert (internals / "resources" / "centers.json").is_file()


def test_the_archive_stays_lean(archive: Path) -> None:
    """At most 85 MiB to download and unpack (it was 122 MiB with NumPy and SciPy)."""
    assert archive.stat().st_size <= 85 * 2**20


def test_the_bundle_carries_neither_numpy_nor_scipy(unpacked: Path) -> None:
    internals = unpacked / "_internal"
    numeric = [p.name for p in internals.iterdir() if re.match(r"(numpy|scipy)\b", p.name)]

    assert numeric == []


def test_it_runs_in_an_empty_environment_without_python(unpacked: Path, tmp_path: Path) -> None:
    # As `env -i PATH=/nonexistent HOME=… ./trusted-trader`: nothing from this machine's
    # Python, the venv or the checkout is reachable.
    env = {"PATH": "/nonexistent", "HOME": str(tmp_path)}
    for args in (["--version"], ["demo", "--partners", "2", "--touch-points", "20"]):
        result = subprocess.run(
            ["./" + NAME, *args], cwd=unpacked, env=env, capture_output=True, text=True, timeout=120
        )
        assert_clean(result)
    assert list(tmp_path.rglob("trusted-trader.sqlite")), "the database goes to the user's folder"


def test_demo_data_and_migrations_work_frozen(demo_database: Path) -> None:
    with sqlite3.connect(demo_database) as db:
        partners = db.execute("SELECT count(*) FROM partner").fetchone()[0]
        revision = db.execute("SELECT version_num FROM alembic_version").fetchone()[0]
    assert partners == 12
    assert revision


def test_the_postgresql_driver_is_in_the_bundle(frozen: Run) -> None:
    # Port 9 (discard) has no server: a clear "connection failed", not a missing module.
    result = frozen("--db", "postgresql+psycopg://desk@127.0.0.1:9/desk", "db", "check")

    assert result.returncode == 1, result.stderr
    assert "connection" in result.stderr.lower()
    assert "module" not in result.stderr.lower()


def test_the_frozen_app_fills_a_postgresql_team_database(frozen: Run, pg_url: str) -> None:
    result = frozen("--db", pg_url, "demo", "--partners", "3", "--touch-points", "60")

    assert_clean(result)
    assert "3 partners" in result.stdout


def test_a_large_import_is_read_by_a_second_frozen_process(
    frozen: Run, demo_database: Path, tmp_path: Path
) -> None:
    with sqlite3.connect(demo_database) as db:
        iors = [r[0] for r in db.execute("SELECT ior_number FROM partner_ior ORDER BY id")]
    source = tmp_path / "touch-points.csv"
    rows = 60_000  # over 4 MB: the import reads it in a second process of the frozen program
    with source.open("w", encoding="utf-8") as handle:
        handle.write("ior_number,date,kind,port_code,entry_number,notes\n")
        for n in range(rows):
            day = f"2020-{1 + n % 12:02d}-{1 + n % 28:02d}"
            entry = valid_entry(f"999{n:07d}")
            handle.write(f"{iors[n % len(iors)]},{day},exam,0101,{entry},{'x' * 30}\n")
    assert source.stat().st_size > 4 * 2**20

    result = frozen("--db", str(demo_database), "import", "touch-points", str(source))

    assert_clean(result)  # a reader that could not start would leave a warning here
    assert f"{rows:,} created" in result.stdout, result.stdout


def months_of(database: Path) -> tuple[str, str]:
    """A baseline year and the current year ending with the demo's last month."""
    with sqlite3.connect(database) as db:
        last = date.fromisoformat(db.execute("SELECT max(month) FROM monthly_volume").fetchone()[0])

    def shift(months: int) -> str:
        index = last.year * 12 + last.month - 1 + months
        return f"{index // 12:04d}-{index % 12 + 1:02d}"

    return f"{shift(-23)}:{shift(-12)}", f"{shift(-11)}:{shift(0)}"


def test_the_statistics_command_runs_frozen(frozen: Run, demo_database: Path) -> None:
    if not has_command(frozen, "stats"):
        pytest.skip("this build has no stats command yet")
    baseline, current = months_of(demo_database)

    result = frozen("stats", "--baseline", baseline, "--current", current)

    assert_clean(result)
    assert result.stdout.strip()


def test_a_plan_report_is_written_frozen_and_reads_back(
    frozen: Run, demo_database: Path, tmp_path: Path
) -> None:
    if not has_command(frozen, "report"):
        pytest.skip("this build has no report command yet")
    with sqlite3.connect(demo_database) as db:
        (ior,) = db.execute(
            "SELECT i.ior_number FROM partner_ior i JOIN engagement_plan p "
            "ON p.partner_id = i.partner_id ORDER BY i.id LIMIT 1"
        ).fetchone()
    pdf = tmp_path / "plan.pdf"

    result = frozen("report", "plan", "--partner", ior, "-o", str(pdf))

    assert_clean(result)
    reader = PdfReader(pdf)
    assert len(reader.pages) >= 1
    assert reader.pages[0].extract_text().strip()
    metadata = " ".join(str(value) for value in (reader.metadata or {}).values())
    if __version__ not in metadata:
        print(f"bundle: note: the plan PDF's metadata does not name version {__version__}")


def test_the_window_opens_shows_the_dashboard_and_quits(frozen: Run, demo_database: Path) -> None:
    result = frozen(timeout=120, TRUSTED_TRADER_SMOKE="1")

    assert_clean(result)
    assert re.search(r"^first paint: [\d.]+ loaded: -$", result.stdout, re.MULTILINE)


def median_first_paint(command: list[str], env: dict[str, str], runs: int = 3) -> float:
    """Seconds from starting the smoke test to the window's first paint, the median of runs."""
    times = []
    for _ in range(runs):
        started = time.time()
        out = subprocess.run(command, env=env, check=True, capture_output=True, text=True).stdout
        found = re.search(r"^first paint: ([\d.]+)", out, re.MULTILINE)
        assert found, out
        times.append(float(found.group(1)) - started)
    return statistics.median(times)


def median_seconds(command: list[str], env: dict[str, str], runs: int = 3) -> float:
    times = []
    for _ in range(runs):
        started = time.perf_counter()
        subprocess.run(command, env=env, check=True, capture_output=True, timeout=180)
        times.append(time.perf_counter() - started)
    return statistics.median(times)


def test_start_up_time_beside_the_source_checkout(
    unpacked: Path, demo_database: Path, tmp_path: Path
) -> None:
    home = demo_database.parent.parent
    frozen_env = clean_env(tmp_path, TRUSTED_TRADER_HOME=str(home), QT_QPA_PLATFORM="offscreen")
    source_env = {**os.environ, **frozen_env, "PATH": os.environ.get("PATH", "")}
    frozen_cmd = [str(unpacked / NAME)]
    source_cmd = [sys.executable, str(ROOT / "installer" / "launcher.py")]
    smoke = {"TRUSTED_TRADER_SMOKE": "1"}

    figures = {
        "--version, frozen": median_seconds([*frozen_cmd, "--version"], frozen_env),
        "--version, source": median_seconds([*source_cmd, "--version"], source_env),
        "window, frozen": median_seconds(frozen_cmd, {**frozen_env, **smoke}),
        "window, source": median_seconds(source_cmd, {**source_env, **smoke}),
        "first paint, frozen": median_first_paint(frozen_cmd, {**frozen_env, **smoke}),
        "first paint, source": median_first_paint(source_cmd, {**source_env, **smoke}),
    }

    print("bundle: start-up, median of 3 (window = open, dashboard, first paint, quit)")
    for what, seconds in figures.items():
        print(f"bundle:   {what:<20} {seconds:6.2f} s")
    assert figures["--version, frozen"] < 5
    assert figures["window, frozen"] < 30


def test_install_and_uninstall_for_one_user(unpacked: Path, tmp_path: Path) -> None:
    home = tmp_path / "user"
    home.mkdir()
    env = {"PATH": "/usr/bin:/bin", "HOME": str(home)}

    def script(name: str) -> subprocess.CompletedProcess[str]:
        return subprocess.run(
            ["sh", str(unpacked / name), "--user"], env=env, capture_output=True, text=True
        )

    installed = script("install.sh")
    assert installed.returncode == 0, installed.stderr
    command = home / ".local" / "bin" / NAME
    version = subprocess.run([str(command), "--version"], env=env, capture_output=True, text=True)
    assert version.stdout.strip() == f"Trusted Trader {__version__}"
    launcher = home / ".local" / "share" / "applications" / f"{NAME}.desktop"
    assert f'Exec="{home}/.local/lib/{NAME}/{NAME}"' in launcher.read_text("utf-8")
    assert (home / ".local/share/icons/hicolor/48x48/apps" / f"{NAME}.png").is_file()

    assert script("install.sh").returncode == 0, "installing again upgrades in place"
    removed = subprocess.run(
        ["sh", str(home / ".local" / "lib" / NAME / "uninstall.sh"), "--user"],
        env=env,
        capture_output=True,
        text=True,
    )

    assert removed.returncode == 0, removed.stderr
    assert [p for p in home.rglob("*") if not p.is_dir()] == []
