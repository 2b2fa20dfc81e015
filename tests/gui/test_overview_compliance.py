"""The Overview says compliance beside touch points, and places the partner in its Center."""

from __future__ import annotations

from datetime import date
from typing import Any

import pytest
from PySide6.QtCharts import QScatterSeries

from tests.conftest import valid_entry
from tests.gui.a11y_checks import tab_chain
from tests.gui.conftest import settle
from tests.gui.test_plan_periods_gui import (
    open_overview,
    partner_with_plan,
    plain,
    print_report_text,
    stats_cli,
)
from trusted_trader.domain.periods import MonthRange
from trusted_trader.gui.main_window import MainWindow

BASELINE = MonthRange(date(2025, 1, 1), date(2025, 10, 1))
CURRENT = MonthRange(date(2026, 1, 1), date(2026, 10, 1))
WARNING = "Fewer touch points, but compliance fell."


def shown_sentences(overview: Any) -> tuple[str, str]:
    """The touch-point and the compliance sentence as the Overview shows them."""
    touch = plain(overview._numbers["reduction"].text()).removeprefix("Touch-point rate: ")
    return touch, overview._numbers["compliance"].text()


def test_one_partner_s_figures_read_the_same_in_the_overview_the_cli_and_the_pdf(
    qtbot: Any, demo_window: MainWindow
) -> None:
    partner_id, _plan = partner_with_plan(demo_window)
    overview = open_overview(qtbot, demo_window, partner_id)
    touch, compliance = shown_sentences(overview)
    assert touch.startswith("Touch points per 1,000 entries")
    assert compliance.startswith("Compliance ")
    shown = overview.comparison
    printed = stats_cli(demo_window, partner_id, shown.baseline, shown.current).splitlines()
    assert touch in printed
    assert compliance in printed
    [pdf] = print_report_text(qtbot, demo_window)
    assert touch in pdf
    assert compliance in pdf
    # The label over random inspections and the one over all are the CLI's, word for word.
    # The demo's partners have random inspections in both periods, so this line is there.
    targeted = overview._numbers["targeted"].text()
    assert compliance.startswith("Compliance (random inspections) ")
    assert targeted.startswith("All inspections, targeted included: ")
    assert any(line.strip() == targeted.removesuffix(".") for line in printed)
    assert targeted in pdf


def exam(day: date, found: bool) -> Any:
    """An exam of its own entry with a finding: a discrepancy or none."""
    from trusted_trader.services.touch_points import TouchPointInput

    entry = valid_entry(f"XYZ{day:%y%m%d}{int(found)}")
    outcome = "discrepancy" if found else "no_discrepancy"
    return TouchPointInput(day, "exam", entry_number=entry, outcome=outcome)


def inspected_partner(window: MainWindow, partner_id: int, found_in_current: int) -> None:
    """60 touch points, 20 clean exams among them, in the baseline; 20 exams in the current
    period, `found_in_current` of them with discrepancies: touch points fall clearly."""
    from trusted_trader.services.touch_points import TouchPointInput, record_touch_point

    days = [(1 + i % 10, 3 + i // 10) for i in range(40)]
    made = [TouchPointInput(date(2025, month, day), "cf28") for month, day in days]
    made += [exam(date(2025, month, day), False) for month, day in days[:20]]
    made += [exam(date(2026, m, d), i < found_in_current) for i, (m, d) in enumerate(days[:20])]
    with window.desk.uow() as uow:
        for data in made:
            record_touch_point(uow, partner_id, data)
        uow.commit()


@pytest.mark.parametrize(("found", "warned"), [(9, True), (0, False)])
def test_fewer_touch_points_with_compliance_fallen_is_flagged_in_words(
    qtbot: Any, empty_window: MainWindow, acme_id: int, found: int, warned: bool
) -> None:
    inspected_partner(empty_window, acme_id, found)
    overview = open_overview(qtbot, empty_window, acme_id)
    overview.period_picker.set_custom(BASELINE, CURRENT)
    settle(qtbot, empty_window.desk)
    touch, compliance = shown_sentences(overview)
    assert touch.startswith("Touch points per month fell")
    assert compliance.endswith(": worsened." if warned else ": no clear change.")
    warning = overview._numbers["warning"]
    assert warning.isVisibleTo(overview) == warned
    assert warning.text() == (f"⚠ Warning: {WARNING}" if warned else "")
    assert warning.objectName() == "fieldProblem"
    printed = stats_cli(empty_window, acme_id, BASELINE, CURRENT)
    assert (f"Warning:  {WARNING}" in printed) == warned
    assert compliance in printed.splitlines()


def partner_in_a_center_with_outliers(window: MainWindow) -> tuple[int, Any]:
    """A partner with entries whose Center has partners beyond the 95% limits."""
    from trusted_trader.domain.periods import last_full_months
    from trusted_trader.services.analytics import center_funnel
    from trusted_trader.services.partners import get_partner, list_partners

    months = last_full_months(window.desk.today(), 12)
    with window.desk.uow() as uow:
        for summary in list_partners(uow):
            partner = get_partner(uow, summary.id)
            if partner.center_id is None:
                continue
            funnel = center_funnel(uow, partner.center_id, months)
            mine = next(p for p in funnel.points if p.partner_id == partner.id)
            if funnel.beyond and mine.rate is not None:
                return partner.id, funnel
    raise AssertionError("no Center of the demo database has a partner beyond its limits")


def test_the_funnel_highlights_the_partner_and_lists_those_beyond_the_limits(
    qtbot: Any, demo_window: MainWindow
) -> None:
    from trusted_trader.domain.enums import PeriodMode

    partner_id, funnel = partner_in_a_center_with_outliers(demo_window)
    overview = open_overview(qtbot, demo_window, partner_id)
    overview.period_picker.set_mode(PeriodMode.ROLLING)
    settle(qtbot, demo_window.desk)
    assert overview.comparison.current == funnel.months
    box = overview.center_box
    mine = next(p for p in funnel.points if p.partner_id == partner_id)
    said = box.rate_label.text()
    assert said.startswith(f"This partner: {mine.rate:.1f} per 1,000 entries in ")
    assert f"95% limits for its volume {mine.lower:.1f} to {mine.upper:.1f}" in said
    assert said.endswith(f"; {funnel.center_code}: {funnel.center_rate:.1f}.")
    box.toggle.click()
    view = box.funnel_view
    assert view is not None and view.isVisibleTo(overview)
    chart = view.view.chart()
    [highlighted] = [s for s in chart.series() if s.name() == "This partner"]
    assert isinstance(highlighted, QScatterSeries)
    assert [(p.x(), p.y()) for p in highlighted.points()] == [
        pytest.approx((mine.entries, mine.rate))
    ]
    summary = view.summary.text()
    for point in funnel.beyond[:8]:
        assert point.legal_name in summary
    assert "Beyond the 95% limits: " in summary
    # The words are reached by the keyboard: Tab from the toggle comes to them.
    demo_window.activateWindow()
    assert view.summary in tab_chain(demo_window, box.toggle)


def visible_in(scroll: Any, widget: Any) -> bool:
    """Whether all of `widget` lies inside the scroll area's viewport as scrolled now."""
    from PySide6.QtCore import QRect

    viewport = scroll.viewport()
    top_left = widget.mapTo(viewport, widget.rect().topLeft())
    return viewport.rect().contains(QRect(top_left, widget.size()))


def test_on_a_laptop_the_center_line_shows_unscrolled_and_the_opened_plot_comes_into_view(
    qtbot: Any, demo_window: MainWindow
) -> None:
    from PySide6.QtWidgets import QScrollArea

    demo_window.resize(1366, 740)  # 768 less a taskbar
    partner_id, _funnel = partner_in_a_center_with_outliers(demo_window)
    overview = open_overview(qtbot, demo_window, partner_id)
    scroll = overview.findChild(QScrollArea)
    box = overview.center_box
    assert not box.toggle.isChecked()
    qtbot.waitUntil(lambda: visible_in(scroll, box.rate_label))
    assert scroll.verticalScrollBar().value() == 0  # the ports below it may scroll into view
    box.toggle.click()
    view = box.funnel_view
    # The plot needs more than the screen has: the page scrolls, down to the plot's words.
    qtbot.waitUntil(lambda: scroll.verticalScrollBar().value() > 0)
    assert visible_in(scroll, view.summary)
