"""The dashboard's tiles compare like with like, and "Rate rose most" lists clear rises only."""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator
from datetime import date, timedelta
from typing import Any

import pytest
from PySide6.QtCore import QSettings

from tests.gui.conftest import TODAY, close, open_window, settle
from trusted_trader.domain.statistics import Verdict
from trusted_trader.gui.context import Desk
from trusted_trader.gui.main_window import MainWindow
from trusted_trader.reports.portfolio_data import build_portfolio_snapshot
from trusted_trader.services.analytics import Scope, default_periods
from trusted_trader.services.touch_points import TouchPointInput, record_touch_point
from trusted_trader.settings import Settings


def _dashboard(qtbot: Any, window: MainWindow) -> Any:
    window.show_page("dashboard")
    settle(qtbot, window.desk)
    return window.page("dashboard")


def _window_on(qtbot: Any, ui_state: QSettings, store: Any, today: date) -> MainWindow:
    desk = Desk(Settings(), ui_state, today=lambda: today)
    window = open_window(qtbot, desk, store, 30)
    settle(qtbot, desk)
    return window


def _count_days(store: Any, first: date, last: date) -> int:
    with store.uow() as uow:
        return int(
            uow.connection.exec_driver_sql(
                "SELECT count(*) FROM touch_point WHERE occurred_on BETWEEN ? AND ?",
                (first.isoformat(), last.isoformat()),
            ).scalar_one()
        )


def test_the_quarter_tiles_two_sides_have_the_same_number_of_days(
    qtbot: Any, demo_window: MainWindow, demo_store: Any
) -> None:
    page = _dashboard(qtbot, demo_window)
    tip = page.quarter_tile.toolTip()
    days = [int(n) for n in re.findall(r"\((\d+) days\)", tip)]
    assert len(days) == 2 and days[0] == days[1] == 46  # 1 Oct to 15 Nov, today left out
    quarter = page.data.quarter
    assert quarter.current.days == quarter.earlier.days == 46
    caption = page.quarter_tile.caption_label.text()
    assert "Q4 2026 to date vs the same 46 days of Q4 2025" in caption
    now = _count_days(demo_store, date(2026, 10, 1), date(2026, 11, 15))
    before = _count_days(demo_store, date(2025, 10, 1), date(2025, 11, 15))
    assert page.quarter_tile.value_label.text() == f"{now:,}"
    assert f": {before:,}" in caption


def test_on_a_quarters_first_day_the_tile_compares_whole_quarters(
    qtbot: Any, ui_state: QSettings, demo_store: Any
) -> None:
    window = _window_on(qtbot, ui_state, demo_store, date(2026, 10, 1))
    try:
        page = _dashboard(qtbot, window)
        caption = page.quarter_tile.caption_label.text()
        assert "Q3 2026 vs Q3 2025 (full quarters)" in caption
        now = _count_days(demo_store, date(2026, 7, 1), date(2026, 9, 30))
        assert page.quarter_tile.value_label.text() == f"{now:,}"
        assert re.findall(r"\((\d+) days\)", page.quarter_tile.toolTip()) == ["92", "92"]
    finally:
        close(qtbot, window)


def test_the_chart_holds_full_months_only(qtbot: Any, demo_window: MainWindow) -> None:
    page = _dashboard(qtbot, demo_window)
    months = [moment.date() for moment, _rate in page.chart.points]
    assert len(months) == 24 and months[-1] == date(2026, 10, 1)  # November is under way


@pytest.fixture
def riser_store(demo_store: Any) -> Any:
    """The demo, plus one partner whose touch points tripled in the last 12 months."""
    with demo_store.uow() as uow:
        partner_id = int(uow.connection.exec_driver_sql("SELECT min(id) FROM partner").scalar_one())
        for day in range(120):
            when = date(2025, 11, 3) + timedelta(days=day * 2)
            record_touch_point(uow, partner_id, TouchPointInput(occurred_on=when, kind="exam"))
        uow.commit()
    demo_store.riser_id = partner_id
    return demo_store


@pytest.fixture
def riser_window(
    qtbot: Any, make_desk: Callable[..., Desk], riser_store: Any
) -> Iterator[MainWindow]:
    window = open_window(qtbot, make_desk(), riser_store, 30)
    settle(qtbot, window.desk)
    yield window
    close(qtbot, window)


def _rows(widget: Any) -> list[str]:
    return [widget.item(i).text() for i in range(widget.count())]


def test_rate_rose_most_lists_only_clear_rises_unless_asked_for_all(
    qtbot: Any, riser_window: MainWindow, riser_store: Any
) -> None:
    page = _dashboard(qtbot, riser_window)
    assert not page.all_rises_check.isChecked()
    rows = _rows(page.risers_list)
    assert len(rows) == 1 and "  —  rose " in rows[0] and "(95% CI: " in rows[0]
    assert page.risers_list.item(0).data(256) == riser_store.riser_id  # Qt.UserRole
    assert "1 partner rose clearly" in page._risers_title.text()
    page.all_rises_check.setChecked(True)
    every = _rows(page.risers_list)
    assert every[0] == rows[0] and len(every) > 1
    assert any(", no clear change (" in r for r in every)
    assert all("(95% CI: " in r for r in every)
    assert riser_window.desk.ui_state.value("dashboard/all_rises", False, bool) is True


def test_the_dashboard_and_the_portfolio_report_count_the_same_partners_as_rose(
    qtbot: Any, riser_window: MainWindow, riser_store: Any
) -> None:
    page = _dashboard(qtbot, riser_window)
    rates = page.rates
    baseline, current = default_periods(TODAY)
    assert (rates.baseline, rates.current) == (baseline, current)
    with riser_store.uow() as uow:
        report = build_portfolio_snapshot(uow, Scope(), baseline, current, "reduction", TODAY)
    verdicts = dict(report.verdicts)
    assert rates.rose == verdicts[Verdict.ROSE.value] == 1
    assert rates.falling == verdicts[Verdict.FELL.value]
    assert rates.measured == len(report.rows)
    rose = [r for r in report.rows if r.result.verdict is Verdict.ROSE]
    assert [r.partner_id for r in rates.clear_risers] == [r.partner_id for r in rose]
    # the same interval in words as the report's row
    assert rates.clear_risers[0].change == rose[0].result.change_text()


def test_periods_chosen_in_the_dashboards_picker_reach_its_rates_and_say_so(
    qtbot: Any, demo_window: MainWindow, demo_store: Any
) -> None:
    from trusted_trader.domain.periods import MonthRange

    page = _dashboard(qtbot, demo_window)
    baseline = MonthRange(date(2024, 1, 1), date(2024, 6, 1))
    current = MonthRange(date(2026, 1, 1), date(2026, 6, 1))
    page.period_picker.set_custom(baseline, current)
    settle(qtbot, demo_window.desk)
    assert (page.rates.baseline, page.rates.current) == (baseline, current)
    assert "Jan 2026 – Jun 2026 vs Jan 2024 – Jun 2024" in page._risers_title.text()
    assert "full months Jan 2026 – Jun 2026" in page.falling_tile.caption_label.text()
    with demo_store.uow() as uow:
        report = build_portfolio_snapshot(uow, Scope(), baseline, current, "name", TODAY)
    assert page.rates.falling == dict(report.verdicts)[Verdict.FELL.value]
