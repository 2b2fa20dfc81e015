"""Refuse to bundle a Qt for Python other than the one pyproject.toml chooses for this Python.

PySide6 6.12.0 loses references to None/True/False on Python 3.11, where they are not
immortal, and the window dies after a long day; pyproject.toml pins 6.11.3 there. A build
environment installed by hand could still hold 6.12.0: this check stops such a bundle.
"""

from __future__ import annotations

import sys
import tomllib
from importlib import metadata
from pathlib import Path

from packaging.requirements import Requirement

ROOT = Path(__file__).resolve().parent.parent
QT_PARTS = ("pyside6-essentials", "pyside6-addons", "pyside6-pdf")


def qt_requirements(pyproject: Path = ROOT / "pyproject.toml") -> list[Requirement]:
    """The Qt for Python requirements that apply to the running Python."""
    project = tomllib.loads(pyproject.read_text(encoding="utf-8"))["project"]
    wanted = [Requirement(line) for line in project["dependencies"]]
    return [
        req
        for req in wanted
        if req.name.lower() in QT_PARTS and (req.marker is None or req.marker.evaluate())
    ]


def mismatches() -> list[str]:
    """One line per Qt part that is missing or not the version chosen for this Python."""
    found = []
    for req in qt_requirements():
        try:
            installed = metadata.version(req.name)
        except metadata.PackageNotFoundError:
            found.append(f"{req.name} is not installed ({req} wanted)")
            continue
        if not req.specifier.contains(installed, prereleases=True):
            found.append(f"{req.name} {installed} is installed, {req} wanted")
    return found


if __name__ == "__main__":
    problems = mismatches()
    for line in problems:
        print(f"build: {line} (Python {sys.version.split()[0]})", file=sys.stderr)
    sys.exit(1 if problems else 0)
