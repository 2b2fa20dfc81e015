"""The week's agenda: one page, this week's items day by day, then the latest overdue ones."""

from __future__ import annotations

import subprocess
from datetime import date, timedelta
from pathlib import Path

import pytest
from pdf_geometry import outside_margins, pdf_pages, pdftotext
from report_fixtures import TODAY, invariant_options

from trusted_trader.domain.deadlines import Deadline, DeadlineKind
from trusted_trader.reports.render.document import MARGIN
from trusted_trader.reports.render.week_pdf import render_week_pdf
from trusted_trader.reports.week_data import build_week_agenda


def _deadline(days: int, partner: str, title: str, record_id: int) -> Deadline:
    return Deadline(
        DeadlineKind.RESPONSE,
        TODAY + timedelta(days=days),
        title,
        record_id,
        partner,
        "touch_point",
        record_id,
    )


def _many(this_week: int, overdue: int) -> list[Deadline]:
    week = [
        _deadline(i % 7, f"Partner {i:03}", f"CF-28 response due #{i}", i) for i in range(this_week)
    ]
    late = [
        _deadline(-1 - i, f"Late {i:03}", f"Penalty response #{i}", 10_000 + i)
        for i in range(overdue)
    ]
    return week + late


def test_the_agenda_lists_this_week_then_the_most_recent_overdue_and_counts_the_rest() -> None:
    deadlines = [
        _deadline(3, "Acme Imports", "CF-28 response due (entry ABC-1234567-6)", 1),
        _deadline(-2, "Old Mill Corp", "Penalty response due", 2),
        _deadline(-40, "Older Mill Corp", "Prepenalty response due", 3),
        _deadline(12, "Later Corp", "CF-4647 response due", 4),
    ]
    agenda = build_week_agenda(deadlines, TODAY, "My partners")
    text = pdftotext(render_week_pdf(agenda, invariant_options()))
    assert "Week agenda" in text and "My partners" in text
    assert "2026-11-28 to 2026-12-04" in text
    assert "Acme Imports" in text and "CF-28 response due (entry ABC-1234567-6)" in text
    assert (
        text.index("Due this week")
        < text.index("Acme Imports")
        < text.index("Overdue: the most recent")
    )
    assert text.index("Old Mill Corp") < text.index("Older Mill Corp")  # most recent first
    assert "Later Corp" not in text  # due after this week: counted, not listed


@pytest.mark.parametrize("page_size", ["letter", "a4"])
def test_a_busy_week_stays_on_one_page_inside_the_margins(page_size: str) -> None:
    agenda = build_week_agenda(_many(300, 2000), TODAY, "All partners")
    options = invariant_options(page_size=page_size, marking="CUI//SP-PRVCY " * 6)
    pdf = render_week_pdf(agenda, options)
    pages = pdf_pages(pdf)
    assert len(pages) == 1
    assert outside_margins(pages[0], float(MARGIN)) == []
    text = pdftotext(pdf)
    assert f"and {300 - len(agenda.this_week):,} more due this week" in text
    assert f"and {2000 - len(agenda.overdue):,} more overdue" in text


def test_a_quiet_week_says_so() -> None:
    text = pdftotext(
        render_week_pdf(build_week_agenda([], TODAY, "All partners"), invariant_options())
    )
    assert "Nothing is due this week." in text and "Nothing is overdue." in text


def test_the_agenda_renders_as_an_image(tmp_path: Path) -> None:
    pdf = render_week_pdf(build_week_agenda(_many(12, 5), TODAY, "My Center"), invariant_options())
    source = tmp_path / "agenda.pdf"
    source.write_bytes(pdf)
    subprocess.run(
        ["pdftoppm", "-png", "-r", "50", "-singlefile", str(source), str(tmp_path / "agenda")],
        check=True,
    )
    png = (tmp_path / "agenda.png").read_bytes()
    assert png.startswith(b"\x89PNG") and len(png) > 5_000


def test_the_week_runs_from_today_for_seven_days() -> None:
    agenda = build_week_agenda([], date(2026, 12, 31), "All partners")
    assert agenda.last_day == date(2027, 1, 6)
