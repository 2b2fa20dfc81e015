"""The release workflow builds on Linux as installer/build.sh does here, and likewise elsewhere."""

from __future__ import annotations

import re
import shlex
from pathlib import Path
from typing import Any

import pytest
import yaml

ROOT = Path(__file__).resolve().parents[2]
WORKFLOW = ROOT / ".github" / "workflows" / "release.yml"
BUILD_SH = (ROOT / "installer" / "build.sh").read_text(encoding="utf-8")
ISS = (ROOT / "installer" / "windows" / "trusted-trader.iss").read_text(encoding="utf-8")
RUNNERS = {"linux": "ubuntu-", "windows": "windows-", "macos": "macos-"}


@pytest.fixture(scope="module")
def workflow() -> dict[Any, Any]:
    data = yaml.safe_load(WORKFLOW.read_text(encoding="utf-8"))
    assert isinstance(data, dict)
    return data


def job_commands(workflow: dict[Any, Any], job: str) -> list[str]:
    """Each `run:` of a job, its lines joined where the shell would join them."""
    return [
        step["run"].replace("\\\n", " ") for step in workflow["jobs"][job]["steps"] if "run" in step
    ]


def pyinstaller_arguments(command: str) -> list[str]:
    words = shlex.split(command.replace("$name", "trusted-trader"))
    return words[words.index("PyInstaller") + 1 :]


def test_the_workflow_parses_and_runs_on_a_tag_or_by_hand(workflow: dict[Any, Any]) -> None:
    # (YAML 1.1 reads the key `on` as true.)
    triggers = workflow[True]
    assert triggers["push"]["tags"] == ["v*"]
    assert "workflow_dispatch" in triggers


@pytest.mark.parametrize(("job", "runner"), RUNNERS.items())
def test_each_platform_has_a_job_on_its_own_kind_of_machine(
    workflow: dict[Any, Any], job: str, runner: str
) -> None:
    assert workflow["jobs"][job]["runs-on"].startswith(runner)


@pytest.mark.parametrize("job", RUNNERS)
def test_each_job_runs_the_tests_before_it_builds(workflow: dict[Any, Any], job: str) -> None:
    names = [step.get("name", "") for step in workflow["jobs"][job]["steps"]]

    assert (
        names.index("Tests")
        < names.index("Build the bundle")
        < names.index("Smoke-test the bundle")
    )
    assert any("pytest" in c or "setup.sh test" in c for c in job_commands(workflow, job))


def test_the_linux_job_builds_with_installer_build_sh(workflow: dict[Any, Any]) -> None:
    commands = job_commands(workflow, "linux")

    assert "bash installer/build.sh" in commands
    assert any("pytest -m bundle" in c and "tests/installer/test_bundle.py" in c for c in commands)


@pytest.mark.parametrize("job", ["windows", "macos"])
def test_windows_and_macos_run_pyinstaller_as_build_sh_does(
    workflow: dict[Any, Any], job: str
) -> None:
    (here,) = re.findall(r'"\$python" -m PyInstaller[^\n]*\\\n[^\n]*', BUILD_SH)
    expected = pyinstaller_arguments(here.replace("\\\n", " "))
    built = [c for c in job_commands(workflow, job) if "-m PyInstaller" in c]

    assert len(built) == 1
    assert pyinstaller_arguments(built[0]) == expected


@pytest.mark.parametrize("job", ["windows", "macos"])
def test_each_bundle_is_smoke_tested_for_its_version_data_and_window(
    workflow: dict[Any, Any], job: str
) -> None:
    smoke = next(
        step["run"]
        for step in workflow["jobs"][job]["steps"]
        if step.get("name") == "Smoke-test the bundle"
    )

    assert "--version" in smoke
    assert " demo " in smoke
    assert "TRUSTED_TRADER_SMOKE=1" in smoke
    assert "first paint: [0-9.]+ loaded: -" in smoke


def test_the_windows_installer_is_built_with_the_version_and_named_as_the_script_says(
    workflow: dict[Any, Any],
) -> None:
    commands = "\n".join(job_commands(workflow, "windows"))
    (base,) = re.findall(r"^OutputBaseFilename=(.+)$", ISS, re.MULTILINE)
    setup_name = base.replace("{#AppVersion}", "$VERSION")

    assert "iscc //DAppVersion=" in commands
    assert f"dist/{setup_name}.exe" in commands
    steps = workflow["jobs"]["windows"]["steps"]
    uploads = [s["with"]["path"] for s in steps if "upload-artifact" in s.get("uses", "")]
    assert base.replace("{#AppVersion}", "*") + ".exe" in " ".join(uploads)
