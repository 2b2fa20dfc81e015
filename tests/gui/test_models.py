"""Every item model passes Qt's model tester."""

from __future__ import annotations

from datetime import date
from typing import Any

from PySide6.QtCore import Qt

from tests.gui.conftest import TODAY, settle
from trusted_trader.gui.main_window import MainWindow
from trusted_trader.gui.models.base import Column, RecordTableModel
from trusted_trader.gui.models.paged import PagedTableModel
from trusted_trader.gui.models.volumes import VolumeRow, VolumeTableModel


def test_a_record_model_passes_the_model_tester(qtmodeltester: Any) -> None:
    model: RecordTableModel[tuple[str, int | None]] = RecordTableModel(
        [Column("Name", lambda r: r[0]), Column("Count", lambda r: r[1], numeric=True)]
    )
    model.set_rows([("b", 2), ("a", None), ("c", 10)])
    qtmodeltester.check(model)
    model.sort(1, Qt.SortOrder.AscendingOrder)
    assert [model.record(r)[1] for r in range(3)] == [2, 10, None]
    qtmodeltester.check(model)


def test_a_paged_model_reads_pages_as_asked(qtmodeltester: Any) -> None:
    rows = list(range(450))
    model: PagedTableModel[int] = PagedTableModel([Column("N", lambda r: r)], page_size=200)
    calls: list[tuple[int, int]] = []

    def load(offset: int, limit: int) -> list[int]:
        calls.append((offset, limit))
        return rows[offset : offset + limit]

    model.set_source(load, len(rows))
    assert model.rowCount() == 200
    qtmodeltester.check(model)
    while model.canFetchMore():
        model.fetchMore()
    assert model.rowCount() == 450
    assert calls == [(0, 200), (200, 200), (400, 200)]


def test_the_volume_model_refuses_negative_and_saves_good_values(qtmodeltester: Any) -> None:
    saved: list[tuple[date, int, float]] = []
    model = VolumeTableModel()
    model.set_rows(
        [VolumeRow(date(2026, 10, 1), 120, 1e6), VolumeRow(date(2026, 9, 1), None, None)],
        lambda m, e, v: saved.append((m, e, v)),
    )
    qtmodeltester.check(model)
    assert not model.setData(model.index(0, 1), "-5")
    assert "negative" in model.last_problem
    assert model.setData(model.index(1, 1), "1,250")
    assert saved == [(date(2026, 9, 1), 1250, 0.0)]
    assert model.data(model.index(1, 1)) == "1,250"


def test_the_models_of_every_page_pass_the_model_tester(
    qtbot: Any, qtmodeltester: Any, demo_window: MainWindow
) -> None:
    from trusted_trader.gui.pages import PAGE_KEYS

    for key in PAGE_KEYS:
        demo_window.show_page(key)
        settle(qtbot, demo_window.desk)
    page: Any
    page = demo_window.page("partners")
    qtmodeltester.check(page._model)
    page = demo_window.page("dashboard")
    qtmodeltester.check(page.week_list.model)
    qtmodeltester.check(demo_window.page("my_week").week_list.model)  # type: ignore[attr-defined]
    for key in ("plans", "touch_points", "activities"):
        qtmodeltester.check(demo_window.page(key).model)  # type: ignore[attr-defined]
    qtmodeltester.check(demo_window.page("centers").center_model)  # type: ignore[attr-defined]


def test_the_models_of_the_workspace_pass_the_model_tester(
    qtbot: Any, qtmodeltester: Any, demo_window: MainWindow
) -> None:
    demo_window.open_partner(1)
    workspace = demo_window.workspace
    workspace.show_tab("activities")
    workspace.activities.summary_edit.setText("Quarterly call on CF-28 responses")
    workspace.activities.add_activity()
    for key in ("touch_points", "volume", "activities", "contacts", "history"):
        workspace.show_tab(key)
    settle(qtbot, demo_window.desk)
    for tab in (
        workspace.touch_points,
        workspace.activities,
        workspace.contacts,
        workspace.history,
    ):
        assert tab.model.rowCount() > 0
        qtmodeltester.check(tab.model)
    qtmodeltester.check(workspace.volume.model)
    assert TODAY.year == 2026


def test_the_due_soon_setting_decides_which_deadlines_are_amber(make_desk: Any) -> None:
    from datetime import timedelta

    from trusted_trader.domain.deadlines import Deadline, DeadlineKind, WeekGroup
    from trusted_trader.gui.models.week import WeekModel
    from trusted_trader.gui.style import DUE_SOON, on_base
    from trusted_trader.services.deadlines import WeekItems
    from trusted_trader.settings import Settings

    in_ten_days = Deadline(
        DeadlineKind.RESPONSE, TODAY + timedelta(days=10), "CF-28", 1, "A", "t", 1
    )

    def amber(settings: Settings) -> bool:
        desk = make_desk(settings)
        model = WeekModel(lambda: TODAY, desk.settings.due_soon_days)
        model.set_items(WeekItems([in_ten_days], None, None))
        row = model.index(model.title_row(WeekGroup.NEXT_30_DAYS) + 1, 1)
        colour = model.data(row, Qt.ItemDataRole.ForegroundRole)
        return bool(colour == on_base(DUE_SOON)) and model.data(row) == "Due soon: in 10 days"

    assert amber(Settings())  # 30 days by default
    assert not amber(Settings(due_soon_days=7))
