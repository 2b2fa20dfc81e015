"""Since the plan started: the partner Overview compares the plan's periods, and the picker."""

from __future__ import annotations

import html
import os
import re
import subprocess
import sys
from datetime import date
from typing import Any

import pytest
from PySide6.QtGui import QTextDocument

from tests.gui.conftest import TODAY, settle
from trusted_trader.domain.enums import PeriodMode
from trusted_trader.domain.periods import MonthRange, plan_comparison
from trusted_trader.domain.statistics import Verdict
from trusted_trader.gui.main_window import MainWindow
from trusted_trader.services.records import PlanRecord


def partner_with_plan(window: MainWindow) -> tuple[int, PlanRecord]:
    from trusted_trader.services.analytics import comparison_plan
    from trusted_trader.services.partners import list_partners

    with window.desk.uow() as uow:
        for partner in list_partners(uow):
            plan = comparison_plan(uow, partner.id)
            if plan is not None and plan_comparison(plan, TODAY).measurable:
                return partner.id, plan
    raise AssertionError("the demo database has no partner with a running plan")


def open_overview(qtbot: Any, window: MainWindow, partner_id: int) -> Any:
    window.open_partner(partner_id)
    window.workspace.show_tab("overview")
    settle(qtbot, window.desk)
    return window.workspace.overview


def plain(rich_text: str) -> str:
    document = QTextDocument()
    document.setHtml(rich_text)
    return document.toPlainText()


def stats_cli(
    window: MainWindow, partner_id: int, baseline: MonthRange, current: MonthRange
) -> str:
    """``trusted-trader stats`` in its own process, on the window's database file."""
    from trusted_trader.services.partners import get_partner

    with window.desk.uow() as uow:
        ior = get_partner(uow, partner_id).ior_numbers[0]
    assert window.desk.store is not None
    database = str(window.desk.store.path)
    args = ["--db", database, "stats", "--partner", ior]
    args += ["--baseline", str(baseline), "--current", str(current)]
    done = subprocess.run(
        [sys.executable, "-m", "trusted_trader", *args],
        capture_output=True,
        text=True,
        timeout=120,
        env=os.environ.copy(),
        check=True,
    )
    return done.stdout


def assert_same_as_stats_command(window: MainWindow, overview: Any, partner_id: int) -> str:
    """The Overview's sentence is the one ``stats`` prints for the same two periods."""
    shown = overview.comparison
    printed = stats_cli(window, partner_id, shown.baseline, shown.current)
    sentence = plain(overview._numbers["reduction"].text()).removeprefix("Touch-point rate: ")
    assert sentence.startswith("Touch points per 1,000 entries")
    assert sentence in printed.splitlines()
    return printed


def test_the_overview_compares_the_plan_periods_as_the_stats_command_does(
    qtbot: Any, demo_window: MainWindow
) -> None:
    partner_id, plan = partner_with_plan(demo_window)
    overview = open_overview(qtbot, demo_window, partner_id)
    expected = plan_comparison(plan, TODAY)
    assert overview.comparison == expected
    shown = overview.period_picker.description_label.text()
    assert shown == expected.description
    assert shown.startswith(f"Plan {plan.period_start.year}: {expected.current.label()}")
    assert f"against baseline {expected.baseline.label()}" in shown
    assert_same_as_stats_command(demo_window, overview, partner_id)


@pytest.fixture
def planned(qtbot: Any, demo_window: MainWindow) -> tuple[int, Any]:
    """A partner with a running plan, its Overview open."""
    partner_id, _plan = partner_with_plan(demo_window)
    return partner_id, open_overview(qtbot, demo_window, partner_id)


def test_choosing_the_last_twelve_months_recomputes_the_overview(
    qtbot: Any, demo_window: MainWindow, planned: tuple[int, Any]
) -> None:
    from trusted_trader.services.touch_points import TouchPointInput, record_touch_point

    partner_id, overview = planned
    with demo_window.desk.uow() as uow:  # this month's, not yet a full month: never counted
        record_touch_point(uow, partner_id, TouchPointInput(TODAY, "exam"))
        uow.commit()
    overview.period_picker.set_mode(PeriodMode.ROLLING)
    settle(qtbot, demo_window.desk)
    assert overview.comparison.current == MonthRange(date(2025, 11, 1), date(2026, 10, 1))
    assert overview.period_picker.description_label.text().startswith("Last 12 full months:")
    printed = assert_same_as_stats_command(demo_window, overview, partner_id)
    # The count beside it covers the same 12 full months as the current period.
    current_line = next(line for line in printed.splitlines() if line.startswith("Current:"))
    counted = re.search(r"([\d,]+) touch points", current_line)
    assert counted is not None
    assert overview._numbers["touch_points"].text() == counted.group(1)


def test_custom_periods_reversed_show_why_and_keep_the_figures(
    qtbot: Any, demo_window: MainWindow, planned: tuple[int, Any]
) -> None:
    _partner_id, overview = planned
    before = overview.comparison
    picker = overview.period_picker
    picker.set_custom(
        MonthRange(date(2026, 1, 1), date(2026, 6, 1)),
        MonthRange(date(2025, 1, 1), date(2025, 6, 1)),
    )
    settle(qtbot, demo_window.desk)
    assert "look reversed" in picker.problem_label.text()
    assert picker.problem_label.isVisibleTo(overview)
    assert overview.comparison == before
    picker.set_custom(
        MonthRange(date(2025, 1, 1), date(2025, 6, 1)),
        MonthRange(date(2026, 1, 1), date(2026, 6, 1)),
    )
    settle(qtbot, demo_window.desk)
    assert picker.problem_label.text() == ""
    assert overview.comparison.mode is PeriodMode.CUSTOM
    assert html.escape("Jan 2026 – Jun 2026 against baseline Jan 2025 – Jun 2025") in (
        picker.description_label.text()
    )


def print_report_text(
    qtbot: Any, window: MainWindow, in_preview: Any = None, report: int = 1
) -> list[str]:
    """Print a report (the progress report unless told) from the window; each PDF's text."""
    from tests.gui.test_flows import when_modal
    from tests.reports.pdf_geometry import pdftotext
    from trusted_trader.gui import actions, window_menus

    texts: list[str] = []

    def look(dialog: Any) -> None:
        texts.append(" ".join(pdftotext(dialog._pdf_bytes).split()))
        if in_preview is not None:
            first = dialog._pdf_bytes
            in_preview(dialog.period_picker)
            qtbot.waitUntil(lambda: dialog._pdf_bytes != first, timeout=20000)
            texts.append(" ".join(pdftotext(dialog._pdf_bytes).split()))
        dialog.reject()

    when_modal(look)
    target = window_menus._report_target(window)
    actions.print_report(window.desk, window, actions.REPORTS[report], lambda: target)
    qtbot.waitUntil(lambda: bool(texts) and window.desk.pool.is_idle(), timeout=30000)
    return texts


def test_the_overview_s_custom_periods_reach_the_printed_progress_report(
    qtbot: Any, demo_window: MainWindow, planned: tuple[int, Any]
) -> None:
    _partner_id, overview = planned
    overview.period_picker.set_custom(
        MonthRange(date(2024, 1, 1), date(2024, 12, 1)),
        MonthRange(date(2025, 1, 1), date(2025, 12, 1)),
    )
    settle(qtbot, demo_window.desk)
    [text] = print_report_text(qtbot, demo_window)
    assert "Compared Jan 2025 – Dec 2025 against baseline Jan 2024 – Dec 2024" in text


def test_the_progress_preview_s_picker_makes_the_report_again_for_other_periods(
    qtbot: Any, demo_window: MainWindow, planned: tuple[int, Any]
) -> None:
    _partner_id, overview = planned
    plan_text = overview.comparison.description
    first, again = print_report_text(
        qtbot, demo_window, lambda picker: picker.set_mode(PeriodMode.ROLLING)
    )
    assert f"Compared {plan_text}" in first
    assert "Compared Last 12 full months: Nov 2025 – Oct 2026 against Nov 2024 – Oct 2025" in (
        again
    )


def opened_dashboard(qtbot: Any, window: MainWindow) -> Any:
    window.show_page("dashboard")
    settle(qtbot, window.desk)
    return window.page("dashboard")


def test_the_dashboard_s_picker_offers_no_plan_periods_and_its_periods_reach_the_rates(
    qtbot: Any, demo_window: MainWindow
) -> None:
    page = opened_dashboard(qtbot, demo_window)
    picker = page.period_picker
    modes = [picker.mode_combo.itemData(i) for i in range(picker.mode_combo.count())]
    assert modes == [PeriodMode.ROLLING.value, PeriodMode.CUSTOM.value]
    assert picker.description_label.text().startswith("Last 12 full months: Nov 2025")
    baseline = MonthRange(date(2024, 1, 1), date(2024, 6, 1))
    current = MonthRange(date(2026, 1, 1), date(2026, 6, 1))
    picker.set_custom(baseline, current)
    settle(qtbot, demo_window.desk)
    from trusted_trader.services.analytics import partner_reductions

    with demo_window.desk.uow() as uow:
        rates = partner_reductions(uow, page.data.scope, baseline, current)
    falling = sum(1 for r in rates if r.result.verdict == Verdict.FELL)
    assert (page.rates.falling, page.rates.measured) == (falling, len(rates))
    assert picker.description_label.text() == (
        "Jan 2026 – Jun 2026 against baseline Jan 2024 – Jun 2024"
    )
    [text] = print_report_text(qtbot, demo_window, report=2)
    assert "Compared Jan 2026 – Jun 2026 against Jan 2024 – Jun 2024" in text


def test_a_partner_without_a_plan_compares_the_last_twelve_full_months_and_says_so(
    qtbot: Any, with_partner: Any, acme_id: int, make_desk: Any
) -> None:
    from tests.gui.conftest import open_window

    window: MainWindow = open_window(qtbot, make_desk(), with_partner, 1)
    overview = open_overview(qtbot, window, acme_id)
    assert overview.comparison.mode is PeriodMode.ROLLING
    assert overview.comparison.current == MonthRange(date(2025, 11, 1), date(2026, 10, 1))
    assert overview.period_picker.description_label.text() == (
        "No engagement plan. Last 12 full months: Nov 2025 – Oct 2026 against Nov 2024 – Oct 2025"
    )


def test_the_overview_s_choice_is_remembered_for_the_next_partner_and_session(
    qtbot: Any, demo_window: MainWindow, planned: tuple[int, Any]
) -> None:
    from trusted_trader.gui.period_picker import PeriodPicker

    _partner_id, overview = planned
    baseline = MonthRange(date(2024, 1, 1), date(2024, 12, 1))
    current = MonthRange(date(2025, 1, 1), date(2025, 12, 1))
    overview.period_picker.set_custom(baseline, current)
    settle(qtbot, demo_window.desk)
    later = PeriodPicker(demo_window.desk.today)
    qtbot.addWidget(later)
    later.remember(demo_window.desk.ui_state, "overview/periods")
    assert later.mode() is PeriodMode.CUSTOM
    assert later.custom_periods() == (baseline, current)
