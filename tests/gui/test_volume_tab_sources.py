"""The Volume tab says where each month's figure comes from and shows a month by port."""

from __future__ import annotations

import os
from collections.abc import Callable
from datetime import date
from typing import Any

import pytest
from PySide6.QtCore import Qt

from tests.gui.conflict_world import shown_tab
from tests.services.entry_rows import add_entries
from trusted_trader.gui.change_watcher import topics_for
from trusted_trader.gui.context import Desk, Topic
from trusted_trader.gui.models.volumes import DIFFERENCE, ENTRIES, REPORTED, SOURCE, VALUE
from trusted_trader.gui.workspace.volume_tab import VolumeTab
from trusted_trader.services.volumes import get_monthly_volume, set_monthly_volume

SEP, OCT, AUG = date(2026, 9, 1), date(2026, 10, 1), date(2026, 8, 1)


@pytest.fixture
def tab(qtbot: Any, make_desk: Callable[..., Desk], store: Any, acme_id: int) -> VolumeTab:
    """Sep: reported 400 and 412 imported entries at two ports; Oct: 7 entries only;
    Aug: reported 90."""
    with store.uow() as uow:
        set_monthly_volume(uow, acme_id, SEP, 400, 5000.0)
        set_monthly_volume(uow, acme_id, AUG, 90, 800.0)
        add_entries(uow.connection, acme_id, SEP, "2704", 400, value=10.0)
        add_entries(uow.connection, acme_id, SEP, "3901", 12, value=10.0)
        add_entries(uow.connection, acme_id, OCT, "2704", 7, value=10.0)
        uow.commit()
    desk = make_desk()
    desk.set_store(store)
    volume = VolumeTab(desk)
    volume.resize(1100, 600)
    return shown_tab(qtbot, volume, store, acme_id, lambda: volume.model.rowCount() > 0)  # type: ignore[no-any-return]


def _cells(tab: VolumeTab, month: date) -> list[str]:
    model = tab.model
    [row] = [r for r in range(model.rowCount()) if model.row(r).month == month]
    return [model.data(model.index(row, c)) for c in (ENTRIES, VALUE, SOURCE, REPORTED, DIFFERENCE)]


def _row(tab: VolumeTab, month: date) -> int:
    return next(r for r in range(tab.model.rowCount()) if tab.model.row(r).month == month)


def test_each_month_says_where_its_figure_comes_from(tab: VolumeTab, qtmodeltester: Any) -> None:
    qtmodeltester.check(tab.model)
    assert _cells(tab, SEP) == ["412", "4,120", "From 412 imported entries", "400", "−12"]
    assert _cells(tab, OCT) == ["7", "70", "From 7 imported entries", "", ""]
    assert _cells(tab, AUG) == ["90", "800", "Reported", "", ""]
    assert _cells(tab, date(2026, 7, 1)) == ["", "", "", "", ""]


def test_a_counted_month_edits_only_its_reported_total(
    tab: VolumeTab, store: Any, acme_id: int
) -> None:
    model, row = tab.model, _row(tab, OCT)
    editable = Qt.ItemFlag.ItemIsEditable
    assert not model.flags(model.index(row, ENTRIES)) & editable
    assert model.flags(model.index(row, REPORTED)) & editable
    assert model.flags(model.index(_row(tab, AUG), ENTRIES)) & editable
    said: list[str] = []
    tab.desk.status_message.connect(said.append)
    assert model.setData(model.index(row, REPORTED), "9")
    with store.uow() as uow:
        saved = get_monthly_volume(uow, acme_id, OCT)
    assert (saved.reported, saved.entries, saved.derived_entries) == (True, 9, 7)
    assert said == ["Reported total of Oct 2026 saved; the month counts its 7 imported entries."]
    assert _cells(tab, OCT)[2:] == ["From 7 imported entries", "9", "+2"]


def test_choosing_a_month_shows_its_entries_by_port(qtbot: Any, tab: VolumeTab) -> None:
    view = tab.table_view
    view.setCurrentIndex(tab.model.index(_row(tab, SEP), ENTRIES))
    panel = tab.port_panel
    shown = [
        [panel.model.data(panel.model.index(r, c)) for c in range(3)]
        for r in range(panel.model.rowCount())
    ]
    assert shown == [["2704", "400", "4,000"], ["3901", "12", "120"]]
    assert panel.caption_label.text().startswith("2026-09: 412 imported entries at 2 ports.")
    assert panel.table_view.accessibleName() == "Entries of the month by port"
    view.setCurrentIndex(tab.model.index(_row(tab, AUG), ENTRIES))
    assert panel.model.rowCount() == 0
    assert "has no imported entries" in panel.caption_label.text()
    if os.environ.get("TT_SHOTS"):
        tab.grab().save(os.environ["TT_SHOTS"])


def test_a_change_to_entries_or_ports_reloads_the_volumes() -> None:
    assert topics_for(["customs_entry:4"]) == {Topic.VOLUMES}
    assert topics_for(["port_volume:*"]) == {Topic.VOLUMES}
