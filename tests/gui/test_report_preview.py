"""The report preview on its own: a real generated PDF, shown, printed to a file and saved."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest
from PySide6.QtPrintSupport import QPrinter
from PySide6.QtWidgets import QFileDialog, QPushButton

from trusted_trader.gui.dialogs.report_preview import ReportPreviewDialog
from trusted_trader.reports.api import ReportOptions, render_plan
from trusted_trader.services.store import Store


@pytest.fixture
def plan_pdf(demo_store: Store) -> bytes:
    return render_plan(demo_store, 1, ReportOptions(today=date(2026, 11, 28)))


@pytest.fixture
def dialog(qtbot, plan_pdf: bytes) -> ReportPreviewDialog:  # type: ignore[no-untyped-def]
    shown = ReportPreviewDialog(plan_pdf, "Engagement plan", "engagement-plan.pdf")
    qtbot.addWidget(shown)
    shown.show()
    return shown


def _page_count(pdf: bytes) -> int:
    import io

    from pypdf import PdfReader

    return len(PdfReader(io.BytesIO(pdf)).pages)


def test_every_page_is_loaded_and_the_count_is_shown(
    dialog: ReportPreviewDialog, plan_pdf: bytes
) -> None:
    pages = _page_count(plan_pdf)
    assert pages >= 2
    assert dialog.page_count == pages
    assert dialog._page_label.text() == f"Page 1 of {pages}"
    assert dialog.windowTitle() == "Engagement plan"


def test_save_writes_the_same_bytes(
    dialog: ReportPreviewDialog, plan_pdf: bytes, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    target = tmp_path / "chosen"
    asked: list[str] = []

    def choose(
        _parent: object, _caption: str, suggested: str, _filter: str, **_options: object
    ) -> tuple[str, str]:
        asked.append(suggested)
        return str(target), "PDF documents (*.pdf)"

    monkeypatch.setattr(QFileDialog, "getSaveFileName", staticmethod(choose))
    dialog._save_button.click()
    assert asked == ["engagement-plan.pdf"]
    assert (tmp_path / "chosen.pdf").read_bytes() == plan_pdf


def test_a_cancelled_save_writes_nothing(
    dialog: ReportPreviewDialog, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(QFileDialog, "getSaveFileName", staticmethod(lambda *_a, **_k: ("", "")))
    dialog._save_button.click()
    assert list(tmp_path.glob("*.pdf")) == []


def test_printing_draws_every_page(
    dialog: ReportPreviewDialog, plan_pdf: bytes, tmp_path: Path
) -> None:
    printer = QPrinter(QPrinter.PrinterMode.ScreenResolution)
    printer.setOutputFormat(QPrinter.OutputFormat.PdfFormat)
    printed = tmp_path / "printed.pdf"
    printer.setOutputFileName(str(printed))
    dialog.print_to(printer)
    assert _page_count(printed.read_bytes()) == _page_count(plan_pdf)


def test_the_buttons_are_print_save_and_close(dialog: ReportPreviewDialog) -> None:
    texts = {b.text() for b in dialog.findChildren(QPushButton)}
    assert {"Print…", "Save as PDF…", "Close"} <= texts
