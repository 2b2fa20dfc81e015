"""A plain ``pip install .`` has what the product imports: every command of the README runs.

The test command installs the development extras too, which once hid that the
calendar export needed a package only the extras brought (icalendar).
"""

from __future__ import annotations

import ast
import os
import sqlite3
import subprocess
import sys
import tomllib
from importlib.metadata import PackageNotFoundError, packages_distributions, requires
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
PACKAGE = ROOT / "trusted_trader"


def _declared() -> set[str]:
    """The distributions [project].dependencies names, normalised."""
    project = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["project"]
    return {_requirement_name(line) for line in project["dependencies"]}


def _requirement_name(requirement: str) -> str:
    for mark in "[<>=!~;( ":
        requirement = requirement.split(mark)[0]
    return requirement.strip().lower().replace("_", "-").replace(".", "-")


def _with_their_requirements(names: set[str]) -> set[str]:
    """The distributions and, transitively, those they require themselves."""
    found, todo = set(names), list(names)
    while todo:
        try:
            lines = requires(todo.pop()) or []
        except PackageNotFoundError:  # not installed here: the fresh install below tells
            continue
        for line in lines:
            if "extra ==" in line:
                continue
            name = _requirement_name(line)
            if name not in found:
                found.add(name)
                todo.append(name)
    return found


def _imported_modules() -> dict[str, Path]:
    """Top-level modules the product imports (at any depth of a function), and one file each."""
    modules: dict[str, Path] = {}
    for path in PACKAGE.rglob("*.py"):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            names: list[str] = []
            if isinstance(node, ast.Import):
                names = [alias.name for alias in node.names]
            elif isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
                names = [node.module]
            for name in names:
                modules.setdefault(name.split(".")[0], path)
    return modules


def test_every_module_the_product_imports_comes_with_a_plain_install() -> None:
    runtime = _with_their_requirements(_declared())
    owners = packages_distributions()
    missing = []
    for module, where in sorted(_imported_modules().items()):
        if module in sys.stdlib_module_names or module == "trusted_trader":
            continue
        dists = {_requirement_name(d) for d in owners.get(module, [])}
        if not dists & runtime:
            missing.append(f"{module} (imported in {where.relative_to(ROOT)})")
    assert not missing, "not a runtime dependency in pyproject.toml: " + ", ".join(missing)


def test_the_check_finds_a_module_only_an_extra_brings() -> None:
    """The check above can fail: pytest comes with the dev extra only."""
    assert "pytest" not in _with_their_requirements(_declared())
    assert "icalendar" in _declared()


# --- The real thing: a fresh environment with the runtime dependencies only ------------


@pytest.fixture(scope="module")
def plain_install(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """``python -m venv`` (no system site-packages) and ``pip install <checkout>``, no extras."""
    venv = tmp_path_factory.mktemp("plain") / "venv"
    subprocess.run([sys.executable, "-m", "venv", str(venv)], check=True, timeout=300)
    result = subprocess.run(
        [str(venv / "bin" / "python"), "-m", "pip", "install", "--quiet", str(ROOT)],
        capture_output=True,
        text=True,
        timeout=1800,
        check=False,
        env=_clean_env(venv.parent / "home"),
    )
    if result.returncode != 0:
        pytest.fail(f"pip install of the checkout failed:\n{result.stderr[-3000:]}")
    return venv


def _clean_env(home: Path) -> dict[str, str]:
    """No PYTHONPATH (it would bring the checkout and the test venv back in)."""
    env = {k: v for k, v in os.environ.items() if not k.startswith(("PYTHON", "VIRTUAL_ENV"))}
    env.update(TRUSTED_TRADER_HOME=str(home), QT_QPA_PLATFORM="offscreen")
    env.pop("TRUSTED_TRADER_DB", None)
    return env


class Runner:
    def __init__(self, venv: Path, folder: Path) -> None:
        self.program = str(venv / "bin" / "trusted-trader")
        self.folder = folder
        self.db = folder / "desk.sqlite"
        self.env = _clean_env(folder / "home")

    def __call__(self, *args: str, code: int = 0) -> str:
        result = subprocess.run(
            [self.program, "--db", str(self.db), *args],
            capture_output=True,
            text=True,
            cwd=self.folder,  # not the checkout, whose package would shadow the installed one
            env=self.env,
            timeout=300,
            check=False,
        )
        assert result.returncode == code, f"{args}: {result.stderr}"
        assert "Traceback" not in result.stderr and "went wrong" not in result.stderr
        return result.stdout

    def first(self, sql: str) -> str:
        with sqlite3.connect(self.db) as conn:
            return str(conn.execute(sql).fetchone()[0])


@pytest.mark.slow
def test_every_readme_command_runs_in_a_plain_install(plain_install: Path, tmp_path: Path) -> None:
    run = Runner(plain_install, tmp_path)
    out = tmp_path
    assert (
        "Trusted Trader"
        in subprocess.run(
            [run.program, "--version"], capture_output=True, text=True, env=run.env, check=True
        ).stdout
    )
    run("demo", "--partners", "6", "--touch-points", "300")
    run("db", "upgrade")
    run("db", "check")
    ior = run.first("SELECT ior_number FROM partner_ior ORDER BY id")
    center = run.first("SELECT c.code FROM center c JOIN partner p ON p.center_id = c.id")
    email = run.first("SELECT email FROM account_executive ORDER BY id")
    periods = ["--baseline", "2024-01:2024-12", "--current", "2025-01:2025-12"]
    run("stats", *periods)
    run("stats", "--partner", ior, "--json")
    run("report", "plan", "--partner", ior, "-o", str(out / "plan.pdf"))
    run("report", "progress", "--partner", ior, *periods, "-o", str(out / "progress.pdf"))
    run("report", "portfolio", "--center", center, "-o", str(out / "center.pdf"))
    run("report", "portfolio", "--executive", email, "-o", str(out / "portfolio.pdf"))
    for kind in ("partners", "touch-points", "volumes", "activities", "plans"):
        for suffix in (".csv", ".xlsx"):
            run("export", kind, str(out / f"{kind}{suffix}"))
    run("export", "deadlines", str(out / "deadlines.ics"), "--days", "365")
    assert (out / "deadlines.ics").read_text(encoding="utf-8").startswith("BEGIN:VCALENDAR")
    for kind in ("partners", "touch-points", "volumes"):
        for suffix in (".csv", ".xlsx"):
            run("import", kind, str(out / f"{kind}{suffix}"))
    assert "#1" in run("imports")
    run("import", "revert", "1")
    run("history", "--partner", ior)
    run("db", "backup", str(out / "copy.sqlite"))
    run("db", "backups")
    run("db", "restore", str(out / "copy.sqlite"))
    run("db", "check")
    # The PostgreSQL driver is there: a clear "cannot connect", not a missing module.
    run("--db", "postgresql+psycopg://nobody@127.0.0.1:9/none", "imports", code=1)
    for pdf in ("plan", "progress", "center", "portfolio"):
        assert (out / f"{pdf}.pdf").read_bytes().startswith(b"%PDF")
