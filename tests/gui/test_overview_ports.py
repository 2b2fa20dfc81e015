"""The Overview's "By port" shows the ports of `trusted-trader stats`, in the same words (#20)."""

from __future__ import annotations

import json
from datetime import date
from typing import Any

import pytest
from PySide6.QtCore import Qt

from tests.conftest import ACME_IOR
from tests.gui.a11y_checks import tab_chain
from tests.gui.conftest import settle
from tests.gui.test_plan_periods_gui import open_overview
from tests.services.entry_rows import add_entries
from trusted_trader.cli import main
from trusted_trader.domain.periods import MonthRange
from trusted_trader.domain.wording import DASH, change_signed
from trusted_trader.gui.main_window import MainWindow
from trusted_trader.gui.workspace.overview_ports import NO_ENTRIES, PORTS_SHOWN
from trusted_trader.services.store import Store

BASELINE = MonthRange(date(2025, 1, 1), date(2025, 3, 1))
CURRENT = MonthRange(date(2025, 7, 1), date(2025, 9, 1))
# (month, port, entries imported there, touch points there)
PORT_MONTHS = [
    (1, "2704", 200, 4),
    (1, "3901", 800, 3),
    (1, "1001", 100, 2),
    (7, "2704", 400, 2),
    (7, "3901", 500, 9),
    (7, "1001", 0, 1),  # touch points at a port with no entries in the current period
]


def fill(
    store: Store, partner_id: int, rows: list[tuple[int, str, int, int]], by_port: bool
) -> None:
    """Entries imported by port, or (by_port False) only reported monthly totals."""
    from trusted_trader.services.touch_points import TouchPointInput, record_touch_point
    from trusted_trader.services.volumes import set_monthly_volume

    totals: dict[int, int] = {}
    with store.uow() as uow:
        for month, port, entries, touch_points in rows:
            day = date(2025, month, 1)
            if by_port and entries:
                add_entries(uow.connection, partner_id, day, port, entries)
            totals[month] = totals.get(month, 0) + entries
            for n in range(touch_points):
                data = TouchPointInput(day.replace(day=1 + n % 28), "exam", port_code=port)
                record_touch_point(uow, partner_id, data)
        if not by_port:
            for month, entries in totals.items():
                set_monthly_volume(uow, partner_id, date(2025, month, 1), entries)
        uow.commit()


def overview_on(qtbot: Any, window: MainWindow, partner_id: int) -> Any:
    overview = open_overview(qtbot, window, partner_id)
    overview.period_picker.set_custom(BASELINE, CURRENT)
    settle(qtbot, window.desk)
    return overview


def stats_ports(store: Store, capsys: pytest.CaptureFixture[str]) -> dict[str, Any]:
    """The "ports" of ``trusted-trader stats --json`` for Acme over the same periods."""
    database = str(store.url).removeprefix("sqlite:///")
    args = ["--baseline", str(BASELINE), "--current", str(CURRENT), "--json"]
    assert main(["--db", database, "stats", "--partner", ACME_IOR, *args]) == 0
    ports: dict[str, Any] = json.loads(capsys.readouterr().out)["ports"]
    return ports


def shown_rows(overview: Any) -> list[list[str]]:
    model = overview.ports_box.model
    return [
        [model.index(row, c).data() for c in range(model.columnCount())]
        for row in range(model.rowCount())
    ]


def expected_row(port: dict[str, Any]) -> list[str]:
    """A port of the CLI's JSON as the Overview's table should show it."""

    def rate(period: dict[str, Any]) -> str:
        if period["rate"] is not None:
            return f"{period['rate']:,.2f}"
        return NO_ENTRIES if not period["entries"] else DASH

    before, after, ratio = port["baseline"], port["current"], port["rate_ratio"]
    change = change_signed(None if ratio is None else ratio - 1.0)
    return [
        port["port"],
        f"{before['touch_points']:,}",
        f"{after['touch_points']:,}",
        f"{before['entries']:,}",
        f"{after['entries']:,}",
        rate(before),
        rate(after),
        change,
        port["verdict"],
    ]


def without_interval(rows: list[list[str]]) -> list[list[str]]:
    return [[*row[:8], row[9]] for row in rows]  # the JSON has no interval per port


def test_the_overview_s_port_rows_are_those_of_the_stats_command(
    qtbot: Any, empty_window: MainWindow, store: Store, acme_id: int, capsys: Any
) -> None:
    fill(store, acme_id, PORT_MONTHS, by_port=True)
    overview = overview_on(qtbot, empty_window, acme_id)
    printed = stats_ports(store, capsys)
    assert [p["port"] for p in printed["ports"]] == ["3901", "2704", "1001"]  # busiest first
    assert without_interval(shown_rows(overview)) == [expected_row(p) for p in printed["ports"]]
    # 4 exams over 200 entries at 2704, then 2 over 400: the port's own entries.
    assert shown_rows(overview)[1][:7] == ["2704", "4", "2", "200", "400", "20.00", "5.00"]
    caption = overview.ports_box.caption_label.text()
    assert caption.endswith(printed["caption"])
    assert printed["caption"] == (
        "Rates per port divide by the port's own entries (from imported entries)."
    )
    assert not overview.ports_box.more_label.isVisibleTo(overview)


def test_a_port_with_touch_points_and_no_entries_says_so_in_words(
    qtbot: Any, empty_window: MainWindow, store: Store, acme_id: int
) -> None:
    fill(store, acme_id, PORT_MONTHS, by_port=True)
    overview = overview_on(qtbot, empty_window, acme_id)
    [row] = [r for r in shown_rows(overview) if r[0] == "1001"]
    assert row[1:7] == ["2", "1", "100", "0", "20.00", NO_ENTRIES]
    assert row[7:] == [DASH, DASH, "not measurable"]
    notes = overview.ports_box.notes_label
    assert notes.isVisibleTo(overview)
    assert notes.text() == (
        "1001: No entries at this port in the current period: its touch point there is "
        "counted, its rate is not computed."
    )
    model = overview.ports_box.model
    tip = model.index(2, 6).data(Qt.ItemDataRole.ToolTipRole)
    assert tip == notes.text()


def test_without_port_volumes_the_rates_divide_by_all_the_partner_s_entries(
    qtbot: Any, empty_window: MainWindow, store: Store, acme_id: int, capsys: Any
) -> None:
    fill(store, acme_id, PORT_MONTHS, by_port=False)
    overview = overview_on(qtbot, empty_window, acme_id)
    caption = overview.ports_box.caption_label.text()
    assert caption.endswith(
        "Rates per port divide by all the partner's entries: no entries by port on record."
    )
    # Every port's entries are the partner's: 1,100 in January, 900 in July.
    assert {(r[3], r[4]) for r in shown_rows(overview)} == {("1,100", "900")}
    printed = stats_ports(store, capsys)
    assert without_interval(shown_rows(overview)) == [expected_row(p) for p in printed["ports"]]
    assert NO_ENTRIES not in {cell for row in shown_rows(overview) for cell in row}


def test_the_busiest_ten_ports_are_shown_and_the_rest_counted(
    qtbot: Any, empty_window: MainWindow, store: Store, acme_id: int
) -> None:
    # Ports 1101…1113: the n-th has n touch points in January and none later.
    rows = [(1, f"11{n:02d}", 50, n) for n in range(1, 14)]
    fill(store, acme_id, [*rows, (7, "1101", 50, 0)], by_port=True)
    overview = overview_on(qtbot, empty_window, acme_id)
    shown = shown_rows(overview)
    assert len(shown) == PORTS_SHOWN
    assert [r[0] for r in shown] == [f"11{n:02d}" for n in range(13, 3, -1)]
    more = overview.ports_box.more_label
    assert more.isVisibleTo(overview)
    assert more.text() == "… and 3 more ports with 6 touch points in the two periods."


def test_the_port_table_is_named_reachable_with_tab_and_fits_a_laptop(
    qtbot: Any, empty_window: MainWindow, store: Store, acme_id: int
) -> None:
    fill(store, acme_id, PORT_MONTHS, by_port=True)
    empty_window.resize(1366, 768)
    overview = overview_on(qtbot, empty_window, acme_id)
    table = overview.ports_box.table_view
    assert table.accessibleName() == "Touch points by port"
    assert table in tab_chain(empty_window)
    qtbot.waitUntil(lambda: table.height() > 0)
    assert empty_window.width() == 1366
    assert overview._scroll.horizontalScrollBar().maximum() == 0  # no sideways scroll
    assert table.verticalScrollBar().maximum() == 0  # every row shown, the page scrolls


def test_the_port_model_passes_the_model_tester(
    qtbot: Any, qtmodeltester: Any, empty_window: MainWindow, store: Store, acme_id: int
) -> None:
    fill(store, acme_id, PORT_MONTHS, by_port=True)
    overview = overview_on(qtbot, empty_window, acme_id)
    assert overview.ports_box.model.rowCount() == 3
    qtmodeltester.check(overview.ports_box.model)


def test_the_ports_wait_for_the_figures_and_follow_the_periods(
    qtbot: Any, empty_window: MainWindow, store: Store, acme_id: int
) -> None:
    fill(store, acme_id, PORT_MONTHS, by_port=True)
    overview = overview_on(qtbot, empty_window, acme_id)
    overview.period_picker.set_custom(
        MonthRange(date(2024, 1, 1), date(2024, 3, 1)), BASELINE
    )  # January's ports are now the current period's, with nothing before them
    assert overview.ports_box.caption_label.text() == "…"  # not the old rows while it reads
    assert overview.ports_box.model.rowCount() == 0
    settle(qtbot, empty_window.desk)
    assert [r[2] for r in shown_rows(overview)] == ["4", "3", "2"]
