"""The layering contracts hold, and the check really fails when a layer is crossed."""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def lint_imports(cwd: Path) -> subprocess.CompletedProcess[str]:
    exe = Path(sys.executable).with_name("lint-imports")
    return subprocess.run(
        [str(exe), "--no-cache"],
        cwd=cwd,
        capture_output=True,
        text=True,
        check=False,
        env={"PYTHONPATH": str(cwd), "PATH": str(exe.parent)},
    )


def test_the_layering_contracts_hold() -> None:
    result = lint_imports(ROOT)
    assert result.returncode == 0, result.stdout + result.stderr


def test_the_check_fails_when_the_domain_imports_qt(tmp_path: Path) -> None:
    copy = tmp_path / "project"
    shutil.copytree(
        ROOT / "trusted_trader",
        copy / "trusted_trader",
        ignore=shutil.ignore_patterns("__pycache__"),
    )
    shutil.copy(ROOT / "pyproject.toml", copy / "pyproject.toml")
    (copy / "trusted_trader" / "domain" / "leak.py").write_text(
        '"""A bad module."""\nimport PySide6.QtWidgets\n'
    )
    result = lint_imports(copy)
    assert result.returncode != 0
    assert "trusted_trader.domain.leak -> PySide6" in result.stdout
