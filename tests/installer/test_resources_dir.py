"""resources_dir() finds the shipped resources in a checkout, an installed wheel and the bundle."""

from __future__ import annotations

import os
import subprocess
import sys
import sysconfig
import tomllib
from pathlib import Path

import pytest

from trusted_trader import paths

ROOT = Path(__file__).resolve().parents[2]
CHECKOUT_RESOURCES = ROOT / "resources"


def make_resources(folder: Path) -> Path:
    folder.mkdir(parents=True)
    (folder / paths.RESOURCE_MARKER).write_text("[]", encoding="utf-8")
    return folder


def test_a_source_checkout_finds_resources_at_the_top_of_the_tree() -> None:
    assert paths.resources_dir() == CHECKOUT_RESOURCES
    assert paths.resource("centers.json").is_file()


def test_a_frozen_bundle_finds_resources_in_its_internals(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    internals = tmp_path / "_internal"
    make_resources(internals / "resources")
    monkeypatch.setattr(sys, "frozen", True, raising=False)
    monkeypatch.setattr(sys, "_MEIPASS", str(internals), raising=False)

    assert paths.resources_dir() == internals / "resources"


def test_a_frozen_bundle_never_falls_back_to_a_checkout_or_prefix(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(sys, "frozen", True, raising=False)
    monkeypatch.setattr(sys, "_MEIPASS", str(tmp_path), raising=False)

    with pytest.raises(FileNotFoundError, match="reinstall"):
        paths.resources_dir()


def test_an_installed_wheel_finds_resources_under_its_prefix(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    prefix = tmp_path / "venv"
    site_packages = prefix / "lib" / "site-packages"
    monkeypatch.setattr(paths, "__file__", str(site_packages / "trusted_trader" / "paths.py"))
    monkeypatch.setattr(sys, "prefix", str(prefix))
    monkeypatch.setattr(sysconfig, "get_path", lambda name, *args, **kwargs: str(prefix))
    installed = make_resources(prefix.joinpath(*paths.WHEEL_RESOURCES))

    assert paths.resources_dir() == installed


def test_a_user_install_finds_resources_under_the_user_base(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    user_base = tmp_path / "home" / ".local"
    monkeypatch.setattr(paths, "__file__", str(tmp_path / "nowhere" / "trusted_trader" / "p.py"))
    monkeypatch.setattr(sys, "prefix", str(tmp_path / "usr"))
    monkeypatch.setattr(sysconfig, "get_path", lambda name, *args, **kwargs: str(tmp_path / "usr"))
    monkeypatch.setattr(paths.site, "getuserbase", lambda: str(user_base))
    installed = make_resources(user_base.joinpath(*paths.WHEEL_RESOURCES))

    assert paths.resources_dir() == installed


def test_missing_resources_say_where_they_were_looked_for(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(paths, "__file__", str(tmp_path / "nowhere" / "trusted_trader" / "p.py"))
    monkeypatch.setattr(sys, "prefix", str(tmp_path / "prefix"))
    monkeypatch.setattr(sysconfig, "get_path", lambda name, *args, **kwargs: str(tmp_path))
    monkeypatch.setattr(paths.site, "getuserbase", lambda: str(tmp_path / "user"))

    with pytest.raises(FileNotFoundError) as raised:
        paths.resources_dir()
    assert str(tmp_path / "prefix" / "share" / "trusted-trader" / "resources") in str(raised.value)


def wheel_data_files() -> dict[str, list[str]]:
    config = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))
    data_files: dict[str, list[str]] = config["tool"]["setuptools"]["data-files"]
    return data_files


def test_every_resource_file_is_listed_for_the_wheel() -> None:
    target_root = "/".join(paths.WHEEL_RESOURCES)
    shipped: set[Path] = set()
    for target, patterns in wheel_data_files().items():
        assert target.startswith(target_root)
        for pattern in patterns:
            matches = [p for p in ROOT.glob(pattern) if p.is_file()]
            for match in matches:
                # The wheel keeps each file's folder only through its target line.
                relative = match.relative_to(CHECKOUT_RESOURCES)
                assert str(Path(target_root) / relative.parent) == target.rstrip("/")
            shipped.update(matches)
    on_disk = {p for p in CHECKOUT_RESOURCES.rglob("*") if p.is_file()}
    assert on_disk - shipped == set(), "add a [tool.setuptools.data-files] line for these"


def run(*command: str | Path, **options: object) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [str(part) for part in command],
        check=True,
        capture_output=True,
        text=True,
        timeout=300,
        **options,  # type: ignore[arg-type]
    )


@pytest.mark.slow
def test_an_installed_wheel_ships_resources_where_resources_dir_looks(tmp_path: Path) -> None:
    wheels, venv = tmp_path / "wheels", tmp_path / "venv"
    run(sys.executable, "-m", "pip", "wheel", "--no-deps", "-q", "-w", wheels, ROOT)
    run(sys.executable, "-m", "venv", "--without-pip", venv)
    python = venv / "bin" / "python"
    wheel = next(wheels.glob("trusted_trader-*.whl"))
    run(sys.executable, "-m", "pip", "--python", python, "install", "--no-deps", "-q", wheel)

    # The wheel alone, without its dependencies: paths needs only platformdirs.
    platformdirs_home = Path(paths.platformdirs.__file__).parent.parent
    env = {**os.environ, "PYTHONPATH": str(platformdirs_home)}
    one_liner = "from trusted_trader import paths; print(paths.resources_dir())"
    printed = run(python, "-c", one_liner, cwd=tmp_path, env=env)

    installed = Path(printed.stdout.strip())
    assert installed == venv.joinpath(*paths.WHEEL_RESOURCES)
    shipped = {p.relative_to(installed) for p in installed.rglob("*") if p.is_file()}
    in_tree = {
        p.relative_to(CHECKOUT_RESOURCES) for p in CHECKOUT_RESOURCES.rglob("*") if p.is_file()
    }
    assert shipped == in_tree
