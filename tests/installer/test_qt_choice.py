"""The Qt for Python chosen for each supported Python is one that does not lose references."""

from __future__ import annotations

import sys
import tomllib
from pathlib import Path

import pytest
from packaging.markers import default_environment
from packaging.requirements import Requirement
from packaging.version import Version

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT / "installer"))
from qt_choice import QT_PARTS, mismatches, qt_requirements  # noqa: E402

# 6.12.0 drops a reference to None on every Qt call returning nothing (tests/gui/
# test_long_session.py): only where None and the booleans are immortal (3.12+) may it run.
LEAKING = Version("6.12.0")


def chosen_for(python: str) -> dict[str, set[str]]:
    env = {**default_environment(), "python_version": python, "python_full_version": python}
    project = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["project"]
    chosen: dict[str, set[str]] = {}
    for line in project["dependencies"]:
        req = Requirement(line)
        if req.name.lower() in QT_PARTS and (req.marker is None or req.marker.evaluate(env)):
            chosen.setdefault(req.name.lower(), set()).add(str(req.specifier))
    return chosen


@pytest.mark.parametrize("python", ["3.11", "3.12", "3.13", "3.14"])
def test_each_supported_python_gets_exactly_one_qt_and_a_pdf_viewer(python: str) -> None:
    chosen = chosen_for(python)
    assert chosen["pyside6-essentials"] == chosen["pyside6-addons"]
    assert all(len(pins) == 1 for pins in chosen.values())
    essentials = Version(next(iter(chosen["pyside6-essentials"])).lstrip("="))
    # QtPdf comes in PySide6-Addons up to 6.11 and in its own wheel from 6.12.
    assert ("pyside6-pdf" in chosen) == (essentials >= Version("6.12"))


def test_python_3_11_never_gets_the_leaking_qt() -> None:
    essentials = next(iter(chosen_for("3.11")["pyside6-essentials"]))
    assert Version(essentials.lstrip("=")) < LEAKING


def test_the_installed_qt_is_the_one_chosen_for_this_python() -> None:
    assert qt_requirements()
    assert mismatches() == []
