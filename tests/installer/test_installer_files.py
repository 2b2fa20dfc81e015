"""The installer's files that cannot all be built here stay consistent with the app."""

from __future__ import annotations

import configparser
import re
import shutil
import subprocess
from pathlib import Path

import pytest

from trusted_trader import APP_NAME, __version__

ROOT = Path(__file__).resolve().parents[2]
INSTALLER = ROOT / "installer"
ICONS = ROOT / "resources" / "icons"
SPEC = (INSTALLER / "trusted-trader.spec").read_text(encoding="utf-8")
ISS = (INSTALLER / "windows" / "trusted-trader.iss").read_text(encoding="utf-8")


def test_the_version_is_written_in_one_place_only() -> None:
    for text in (SPEC, ISS, (INSTALLER / "build.sh").read_text(encoding="utf-8")):
        assert __version__ not in text
    assert "trusted_trader.__version__" in SPEC
    assert "#error" in ISS and "/DAppVersion" in ISS


def test_the_app_icon_comes_in_every_size_and_format() -> None:
    for size in (16, 22, 24, 32, 48, 64, 128, 256, 512):
        png = (ICONS / f"trusted-trader-{size}.png").read_bytes()
        assert png[:8] == b"\x89PNG\r\n\x1a\n"
        width, height = int.from_bytes(png[16:20], "big"), int.from_bytes(png[20:24], "big")
        assert (width, height) == (size, size)
    assert (ICONS / "trusted-trader.ico").read_bytes()[:4] == b"\x00\x00\x01\x00"
    assert (ICONS / "trusted-trader.icns").read_bytes()[:4] == b"icns"
    assert "<svg" in (ICONS / "trusted-trader.svg").read_text(encoding="utf-8")


def test_the_windows_installer_points_at_files_that_exist() -> None:
    script_dir = INSTALLER / "windows"
    icon = re.search(r"^SetupIconFile=(.+)$", ISS, re.MULTILINE)
    assert icon and (script_dir / icon.group(1).replace("\\", "/")).resolve().is_file()
    bundle = re.search(r'^#define BundleDir "(.+)"$', ISS, re.MULTILINE)
    assert bundle
    bundle_dir = (script_dir / bundle.group(1).replace("\\", "/")).resolve()
    assert bundle_dir == ROOT / "dist" / "trusted-trader"
    # The shortcuts start the desktop program that the spec builds on Windows.
    assert f'#define AppExeName "{APP_NAME}.exe"' in ISS
    assert "name=APP_NAME" in SPEC and "console=False" in SPEC


def test_the_mac_app_has_its_identifier_icon_and_version() -> None:
    bundle = SPEC[SPEC.index("BUNDLE(") :]
    assert re.search(r'BUNDLE_ID = "[a-z]+(\.[a-z]+){2,}"', SPEC)
    for key in ("bundle_identifier=BUNDLE_ID", 'f"{NAME}.icns"', "version=VERSION"):
        assert key in bundle
    for key in ("CFBundleShortVersionString", "CFBundleExecutable", "NSHighResolutionCapable"):
        assert f'"{key}"' in bundle
    assert '"LSBackgroundOnly": False' in bundle


def test_the_launcher_entry_is_valid() -> None:
    desktop = INSTALLER / "linux" / "trusted-trader.desktop"
    entry = configparser.ConfigParser(interpolation=None)
    entry.optionxform = str  # type: ignore[assignment,method-assign]
    entry.read(desktop, encoding="utf-8")
    section = entry["Desktop Entry"]
    assert section["Name"] == APP_NAME
    assert section["Icon"] == "trusted-trader"
    assert section["Type"] == "Application"
    if shutil.which("desktop-file-validate"):
        subprocess.run(["desktop-file-validate", str(desktop)], check=True)


@pytest.mark.parametrize(
    "script", ["linux/install.sh", "linux/uninstall.sh", "build.sh", "check_clean_root.sh"]
)
def test_the_shell_scripts_parse(script: str) -> None:
    shell = "sh" if script.startswith("linux/") else "bash"
    subprocess.run([shell, "-n", str(INSTALLER / script)], check=True)
    if shutil.which("shellcheck"):
        subprocess.run(["shellcheck", str(INSTALLER / script)], check=True)
