"""The dashboard tells compliance beside touch points, warns when both fell, and draws a
Center's funnel."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from datetime import date
from typing import Any

import pytest

from tests.gui.a11y_checks import reading_order_breaks, tab_chain, unnamed
from tests.gui.conftest import close, open_window, settle
from trusted_trader.gui.context import Desk
from trusted_trader.gui.main_window import MainWindow
from trusted_trader.services import touch_points
from trusted_trader.services.touch_points import TouchPointInput


def _exams(store: Any, partner_id: int) -> None:
    """120 clean exams in the baseline year, 40 in the current one with 16 discrepancies."""
    with store.uow() as uow:
        for year, count, found in ((2025, 120, 0), (2026, 40, 16)):
            for i in range(count):
                day = date(year, 1 + i % 9, 1 + i % 27)
                outcome = "discrepancy" if i < found else "no_discrepancy"
                touch_points.record_touch_point(
                    uow, partner_id, TouchPointInput(day, "exam", outcome=outcome)
                )
        uow.commit()


@pytest.fixture
def both_fell(
    qtbot: Any, make_desk: Callable[..., Desk], with_partner: Any, acme_id: int
) -> Iterator[MainWindow]:
    _exams(with_partner, acme_id)
    window = open_window(qtbot, make_desk(), with_partner, 1)
    settle(qtbot, window.desk)
    yield window
    close(qtbot, window)


def _dashboard(qtbot: Any, window: MainWindow) -> Any:
    window.show_page("dashboard")
    settle(qtbot, window.desk)
    page: Any = window.page("dashboard")
    qtbot.waitUntil(lambda: page.verdicts is not None, timeout=15000)
    return page


def test_the_dashboard_warns_when_touch_points_and_compliance_both_fell(
    qtbot: Any, both_fell: MainWindow
) -> None:
    page = _dashboard(qtbot, both_fell)
    assert "Touch points per month fell 67% (95% CI: fell 52% to 77%)" in (
        page.touch_verdict_label.text()
    )
    compliance = page.compliance_verdict_label.text()
    assert compliance.startswith("Compliance (all inspections) fell 40.0 points")
    assert "from 100.0% to 60.0%" in compliance and compliance.endswith("worsened.")
    assert page.warning_label.isVisibleTo(page)
    assert "Fewer touch points, but compliance fell." in page.warning_label.text()


def test_the_partners_whose_compliance_worsened_are_counted_and_named(
    qtbot: Any, both_fell: MainWindow, acme_id: int
) -> None:
    page = _dashboard(qtbot, both_fell)
    assert page.compliance_tile.value_label.text() == "1"
    assert page.lists_tabs.tabText(1) == "Compliance worsened (1)"
    item = page.worsened_list.item(0)
    assert item.text().startswith("Acme Imports  —  compliance fell 40.0 points")
    page.worsened_list.itemActivated.emit(item)
    settle(qtbot, both_fell.desk)
    assert both_fell.current_partner_id() == acme_id


def test_no_warning_and_no_funnel_when_only_touch_points_are_known(
    qtbot: Any, demo_window: MainWindow
) -> None:
    page = _dashboard(qtbot, demo_window)
    assert page.compliance_verdict_label.text().startswith("Compliance")
    assert page.funnel is None or not page.views_tabs.isTabVisible(1)


def test_a_center_shows_its_funnel_and_names_who_is_beyond_the_limits(
    qtbot: Any, demo_window: MainWindow
) -> None:
    page = _dashboard(qtbot, demo_window)
    index = next(
        i
        for i in range(page.scope_combo.count())
        if page.scope_combo.itemText(i).startswith("Center")
    )
    page.scope_combo.setCurrentIndex(index)
    qtbot.waitUntil(lambda: page.funnel is not None, timeout=15000)
    settle(qtbot, demo_window.desk)
    assert page.views_tabs.isTabVisible(1) and page.views_tabs.tabText(1) == "Center funnel"
    code = page.scope_combo.currentText().removeprefix("Center: ").split(" — ")[0]
    summary = page.funnel.summary.text()
    assert summary.startswith(f"{code}: ") and "95% limits" in summary
    page.views_tabs.setCurrentIndex(1)
    assert unnamed(page) == []
    chain = [w for w in tab_chain(demo_window) if page.isAncestorOf(w)]
    assert page.funnel.summary in chain and reading_order_breaks(chain, page) == []
    page.scope_combo.setCurrentIndex(page.scope_combo.findText("All partners"))
    settle(qtbot, demo_window.desk)
    qtbot.waitUntil(lambda: not page.views_tabs.isTabVisible(1), timeout=15000)


def test_a_long_worsened_list_says_how_many_more_there_are(
    qtbot: Any, both_fell: MainWindow
) -> None:
    from dataclasses import replace

    page = _dashboard(qtbot, both_fell)
    shown = page.verdicts.worst[0]
    page.show_verdicts(replace(page.verdicts, worsened=12, worst=[shown] * 8))
    assert page.worsened_list.count() == 9
    assert page.worsened_list.item(8).text().startswith("… and 4 more")
    assert page.lists_tabs.tabText(1) == "Compliance worsened (12)"
