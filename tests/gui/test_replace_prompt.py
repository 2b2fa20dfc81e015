"""The window asks before it replaces a file, and never writes through a link."""

from __future__ import annotations

import stat
from datetime import date
from pathlib import Path

import pytest
from PySide6.QtWidgets import QFileDialog, QMessageBox
from pytestqt.qtbot import QtBot

from trusted_trader.gui.dialogs.export_dialog import ExportDialog
from trusted_trader.gui.dialogs.report_preview import ReportPreviewDialog
from trusted_trader.reports.api import ReportOptions, render_plan
from trusted_trader.services.store import Store


def answer(monkeypatch: pytest.MonkeyPatch, button: QMessageBox.StandardButton) -> list[str]:
    asked: list[str] = []

    def question(_parent: object, _title: str, text: str, *_args: object) -> object:
        asked.append(text)
        return button

    monkeypatch.setattr(QMessageBox, "question", staticmethod(question))
    return asked


@pytest.mark.parametrize("replace", [False, True], ids=["kept", "replaced"])
def test_the_export_dialog_asks_before_replacing_a_file(
    qtbot: QtBot,
    with_partner: Store,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    replace: bool,
) -> None:
    target = tmp_path / "partners.csv"
    target.write_text("mine")
    yes, no = QMessageBox.StandardButton.Yes, QMessageBox.StandardButton.No
    asked = answer(monkeypatch, yes if replace else no)
    dialog = ExportDialog(with_partner)
    qtbot.addWidget(dialog)
    dialog.set_kind("partners")
    dialog.set_file(target)
    if replace:
        with qtbot.waitSignal(dialog.export_finished, timeout=20000):
            dialog.start_export()
        assert "Acme" in target.read_text(encoding="utf-8-sig")
        assert stat.S_IMODE(target.stat().st_mode) == 0o600
    else:
        dialog.start_export()
        assert target.read_text() == "mine"
        assert "left as it is" in dialog._status_label.text()
    assert len(asked) == 1 and "partners.csv" in asked[0]


@pytest.fixture
def preview(qtbot: QtBot, demo_store: Store) -> ReportPreviewDialog:
    pdf = render_plan(demo_store, 1, ReportOptions(today=date(2026, 11, 28)))
    shown = ReportPreviewDialog(pdf, "Engagement plan", "engagement-plan.pdf")
    qtbot.addWidget(shown)
    return shown


def choose(monkeypatch: pytest.MonkeyPatch, target: Path) -> None:
    def pick(*_args: object, **_options: object) -> tuple[str, str]:
        return str(target), "PDF documents (*.pdf)"

    monkeypatch.setattr(QFileDialog, "getSaveFileName", staticmethod(pick))


@pytest.mark.parametrize("replace", [False, True], ids=["kept", "replaced"])
def test_save_as_pdf_asks_before_replacing_and_writes_an_owner_only_file(
    preview: ReportPreviewDialog, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, replace: bool
) -> None:
    target = tmp_path / "plan.pdf"
    target.write_bytes(b"mine")
    choose(monkeypatch, target)
    yes, no = QMessageBox.StandardButton.Yes, QMessageBox.StandardButton.No
    asked = answer(monkeypatch, yes if replace else no)
    preview._save_button.click()
    assert len(asked) == 1
    if replace:
        assert target.read_bytes().startswith(b"%PDF")
        assert stat.S_IMODE(target.stat().st_mode) == 0o600
    else:
        assert target.read_bytes() == b"mine"


def test_a_new_pdf_is_owner_only_and_nothing_is_asked(
    preview: ReportPreviewDialog, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    target = tmp_path / "new.pdf"
    choose(monkeypatch, target)
    asked = answer(monkeypatch, QMessageBox.StandardButton.No)
    preview._save_button.click()
    assert asked == []
    assert stat.S_IMODE(target.stat().st_mode) == 0o600


def test_save_as_pdf_onto_a_link_is_refused_even_when_replacing_is_allowed(
    preview: ReportPreviewDialog, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    victim = tmp_path / "victim.txt"
    victim.write_bytes(b"not yours")
    link = tmp_path / "link.pdf"
    link.symlink_to(victim)
    choose(monkeypatch, link)
    answer(monkeypatch, QMessageBox.StandardButton.Yes)
    warned: list[str] = []
    monkeypatch.setattr(
        QMessageBox, "warning", staticmethod(lambda _p, _t, text, *_a: warned.append(text))
    )
    preview._save_button.click()
    assert victim.read_bytes() == b"not yours" and link.is_symlink()
    assert warned and "symbolic link" in warned[0]


# Another program holding the file's operation lock for a few seconds (a restore, say).
HOLDER = """
import sys, time
from pathlib import Path
from trusted_trader.store.operation_lock import exclusive

with exclusive(Path(sys.argv[1]), "restore"):
    print("held", flush=True)
    time.sleep(3)
"""


def test_an_import_in_the_window_waits_for_a_restore_elsewhere_and_says_so(
    qtbot: QtBot, with_partner: Store, tmp_path: Path
) -> None:
    import subprocess
    import sys

    from tests.conftest import ACME_IOR
    from trusted_trader.gui.dialogs.import_dialog import ImportDialog

    if with_partner.path is None:
        pytest.skip("a team database takes turns on its server")
    source = tmp_path / "tp.csv"
    source.write_text(f"ior_number,date,kind\n{ACME_IOR},2026-01-05,exam\n")
    holder = subprocess.Popen(
        [sys.executable, "-c", HOLDER, str(with_partner.path)], stdout=subprocess.PIPE, text=True
    )
    try:
        assert holder.stdout is not None and holder.stdout.readline() == "held\n"
        dialog = ImportDialog(with_partner)
        qtbot.addWidget(dialog)
        dialog.set_kind("touch-points")
        dialog.set_file(source)
        with qtbot.waitSignal(dialog.import_finished, timeout=30000) as signal:
            dialog.start_import()
            qtbot.waitUntil(lambda: "Waiting for the restore" in dialog._status_label.text())
        assert signal.args[0].created == 1
    finally:
        holder.wait(timeout=30)
        if holder.stdout is not None:
            holder.stdout.close()
