"""Working together: colleagues' changes appear by themselves; their partners are read-only."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from datetime import date
from typing import Any

import pytest
from pg_server import PostgresServer
from PySide6.QtCore import QItemSelectionModel

from tests.gui.conftest import close, open_window, settle
from tests.services.test_team import Team
from trusted_trader.gui.change_watcher import ChangeWatcher, topics_for
from trusted_trader.gui.context import Desk
from trusted_trader.gui.main_window import MainWindow
from trusted_trader.services.partners import PartnerInput, create_partner, get_partner
from trusted_trader.services.store import Store, open_store
from trusted_trader.services.touch_points import TouchPointInput, record_touch_point

WAIT_MS = 5000  # "within a few seconds"


def partner_names(window: MainWindow) -> list[str]:
    page: Any = window.page("partners")
    return [row.legal_name for row in page._model.rows()]


def selected_names(window: MainWindow) -> list[str]:
    page: Any = window.page("partners")
    return [get_name(window, pid) for pid in page.selected_partner_ids()]


def get_name(window: MainWindow, partner_id: int) -> str:
    with window.desk.uow() as uow:
        return get_partner(uow, partner_id).legal_name


def select_partner(window: MainWindow, name: str) -> None:
    page: Any = window.page("partners")
    row = page._model.row_of(lambda p: p.legal_name == name)
    assert row >= 0
    page._table_view.selectionModel().select(
        page._model.index(row, 0),
        QItemSelectionModel.SelectionFlag.ClearAndSelect | QItemSelectionModel.SelectionFlag.Rows,
    )


def add_partner_elsewhere(url: str, name: str, ior: str, **extra: Any) -> int:
    """A colleague's desk: its own engine and connections, committing a new partner."""
    other = open_store(url, actor="colleague@cbp.dhs.gov")
    try:
        with other.uow() as uow:
            partner = create_partner(uow, PartnerInput(name, ior, **extra))
            uow.commit()
        return partner.id
    finally:
        other.close()


# -- what a notice means ------------------------------------------------------------------


def test_notices_name_the_lists_to_reload() -> None:
    assert topics_for(["partner:12", "partner_ior:3", "audit_log:9"]) == {"partners"}
    assert topics_for(["touch_point:*", "engagement_plan:4"]) == {"touch_points", "plans"}
    assert topics_for(["*"]) == {"all"}
    assert topics_for(["a_table_added_later:1"]) == {"all"}
    assert topics_for(["audit_log:1"]) == set()


class FakeListener:
    def __init__(self) -> None:
        self.waiting: list[str] = []
        self.closed = False

    def poll(self, timeout: float = 0.0) -> list[str]:
        got, self.waiting = self.waiting, []
        return got

    def close(self) -> None:
        self.closed = True


def test_a_burst_of_notices_becomes_one_refresh_and_own_saves_are_not_news(
    qtbot: Any, make_desk: Callable[..., Desk], store: Store
) -> None:
    desk = make_desk()
    desk.set_store(store)
    listener = FakeListener()
    watcher = ChangeWatcher(desk, opener=lambda _url: listener, poll_ms=20, settle_ms=150)
    heard: list[str] = []
    desk.data_changed.connect(heard.append)
    watcher.start(store.url)
    qtbot.waitUntil(lambda: watcher.running, timeout=WAIT_MS)

    for notice in ("touch_point:1", "touch_point:2", "partner:5", "touch_point:3"):
        listener.waiting.append(notice)
        qtbot.wait(30)
    qtbot.waitUntil(lambda: len(heard) >= 2, timeout=WAIT_MS)
    qtbot.wait(300)
    assert sorted(heard) == ["partners", "touch_points"]

    heard.clear()
    listener.waiting += ["touch_point:9", "audit_log:4"]  # this window's own save
    desk.changed("touch_points")
    qtbot.wait(400)
    assert heard == ["touch_points"]  # the save's own refresh, and no second one

    watcher.stop()
    assert listener.closed and not watcher.running


# -- a local file ----------------------------------------------------------------------------


def test_a_partner_added_by_another_program_appears_and_the_selection_stays(
    qtbot: Any, demo_window: MainWindow, demo_store: Store
) -> None:
    window = demo_window
    qtbot.waitUntil(lambda: window.change_watcher.running, timeout=WAIT_MS)
    window.show_page("partners")
    qtbot.waitUntil(lambda: len(partner_names(window)) == 30, timeout=WAIT_MS)
    chosen = sorted(partner_names(window))[3]
    select_partner(window, chosen)

    add_partner_elsewhere(demo_store.url, "Aardvark Freight Forwarding", "12-7777777AB")

    qtbot.waitUntil(lambda: "Aardvark Freight Forwarding" in partner_names(window), timeout=WAIT_MS)
    settle(qtbot, window.desk)
    assert selected_names(window) == [chosen]


# -- a team database on PostgreSQL ---------------------------------------------------------------


@pytest.fixture
def team_db(postgres_server: PostgresServer) -> Iterator[Team]:
    name = postgres_server.new_database()
    made = Team(postgres_server, name)
    yield made
    made.store.close()
    postgres_server.drop_database(name)


@pytest.fixture
def ann_window(qtbot: Any, make_desk: Callable[..., Desk], team_db: Team) -> Iterator[MainWindow]:
    """Ann, an Account Executive of ELEC, at her desk on the team database."""
    ann = open_store(team_db.url("ann"), actor="ann@cbp.dhs.gov")
    window = open_window(qtbot, make_desk(), ann, 2)
    settle(qtbot, window.desk)
    yield window
    close(qtbot, window)
    ann.close()


@pytest.mark.postgres
def test_a_colleagues_partner_opens_read_only_and_ones_own_stays_editable(
    qtbot: Any, ann_window: MainWindow, team_db: Team
) -> None:
    window = ann_window
    window.open_partner(team_db.partners["bob"])
    workspace = window.workspace
    workspace.show_tab("plans")
    qtbot.waitUntil(workspace.read_only_banner.isVisible, timeout=WAIT_MS)
    banner = workspace.read_only_banner.text()
    assert "Assigned to bob@cbp.dhs.gov" in banner and "not change" in banner
    controls = [
        workspace.overview.edit_button,
        *workspace.touch_points.buttons.values(),
        workspace.plans.new_button,
        workspace.plans.save_button,
        workspace.activities.add_button,
        workspace.contacts.add_button,
        workspace.contacts.remove_button,
    ]
    assert not any(c.isEnabled() for c in controls)
    assert not workspace.plans.editor.isEnabled()
    workspace.show_tab("volume")
    volume = workspace.volume.model
    assert not volume.flags(volume.index(0, 1)) & volume.flags(volume.index(0, 1)).ItemIsEditable
    workspace.show_tab("overview")
    window.workspace.grab().save("/tmp/read_only_workspace.png")

    window.open_partner(team_db.partners["ann"])
    assert not workspace.read_only_banner.isVisible()
    assert workspace.overview.edit_button.isEnabled()
    assert all(b.isEnabled() for b in workspace.touch_points.buttons.values())
    assert workspace.contacts.add_button.isEnabled()
    workspace.show_tab("plans")
    assert workspace.plans.new_button.isEnabled() and workspace.plans.editor.isEnabled()


@pytest.mark.postgres
def test_a_refused_save_says_so_rather_than_reporting_a_conflict(team_db: Team) -> None:
    from trusted_trader.errors import describe
    from trusted_trader.services.partners import update_partner
    from trusted_trader.store.errors import AccessDenied

    ann = open_store(team_db.url("ann"), actor="ann@cbp.dhs.gov")
    try:
        with ann.uow() as uow:
            bobs = get_partner(uow, team_db.partners["bob"])
        data = PartnerInput(
            bobs.legal_name + " (renamed)",
            tuple(bobs.ior_numbers),
            center_id=bobs.center_id,
            executive_id=bobs.executive_id,
        )
        with pytest.raises(AccessDenied) as refused, ann.uow() as uow:
            update_partner(uow, bobs.id, data, expected_version=bobs.version)
        message, is_bug = describe(refused.value)
        assert "may not change" in message and "changed by someone else" not in message
        assert not is_bug
    finally:
        ann.close()


@pytest.mark.postgres
def test_a_colleagues_new_partner_and_touch_point_appear_on_the_team_database(
    qtbot: Any, ann_window: MainWindow, team_db: Team
) -> None:
    window = ann_window
    qtbot.waitUntil(lambda: window.change_watcher.running, timeout=WAIT_MS)
    window.show_page("partners")
    qtbot.waitUntil(lambda: len(partner_names(window)) == 2, timeout=WAIT_MS)
    with team_db.store.uow() as uow:
        elec = get_partner(uow, team_db.partners["bob"]).center_id

    owner_url = team_db.server.url(team_db.database)
    add_partner_elsewhere(owner_url, "Zephyr Imports", "12-7777778AB", center_id=elec)
    qtbot.waitUntil(lambda: "Zephyr Imports" in partner_names(window), timeout=WAIT_MS)

    window.open_partner(team_db.partners["ann"])
    tab = window.workspace.touch_points
    window.workspace.show_tab("touch_points")
    qtbot.waitUntil(lambda: tab.count_label.text() == "0 touch points", timeout=WAIT_MS)
    with team_db.store.uow() as uow:  # a colleague (the director's tools) adds one
        record_touch_point(uow, team_db.partners["ann"], TouchPointInput(date(2026, 10, 2), "exam"))
        uow.commit()
    qtbot.waitUntil(lambda: tab.model.rowCount() == 1, timeout=WAIT_MS)
    assert tab.count_label.text() == "1 touch points"


# -- menu and toolbar actions on a read-only partner -----------------------------------------


def partner_actions(window: MainWindow) -> tuple[Any, Any]:
    found: Any = window.menu_actions  # type: ignore[attr-defined]
    return found["new_touch_point"], found["delete_partner"]


@pytest.mark.postgres
def test_actions_that_would_change_a_colleagues_partner_are_off_and_say_why(
    qtbot: Any, ann_window: MainWindow, team_db: Team
) -> None:
    window = ann_window
    new_touch, delete = partner_actions(window)
    normal_tips = (new_touch.toolTip(), delete.toolTip())

    window.open_partner(team_db.partners["bob"])
    qtbot.waitUntil(lambda: not new_touch.isEnabled(), timeout=WAIT_MS)
    assert not delete.isEnabled()
    for action in (new_touch, delete):
        assert "Read-only" in action.statusTip() and "bob@cbp.dhs.gov" in action.statusTip()
        assert "bob@cbp.dhs.gov" in action.toolTip()
    window.grab().save("/tmp/team_actions_gated.png")
    new_touch.trigger()  # the shortcut and the toolbar do nothing now
    assert not window.workspace.touch_points.model.rowCount()

    window.open_partner(team_db.partners["ann"])
    qtbot.waitUntil(new_touch.isEnabled, timeout=WAIT_MS)
    assert delete.isEnabled()
    assert (new_touch.toolTip(), delete.toolTip()) == normal_tips
    assert "Read-only" not in new_touch.statusTip()


@pytest.mark.postgres
def test_delete_follows_the_selection_on_the_partners_page(
    qtbot: Any, ann_window: MainWindow, team_db: Team
) -> None:
    window = ann_window
    new_touch, delete = partner_actions(window)
    window.show_page("partners")
    qtbot.waitUntil(lambda: len(partner_names(window)) == 2, timeout=WAIT_MS)
    bobs = get_name(window, team_db.partners["bob"])
    anns = get_name(window, team_db.partners["ann"])

    select_partner(window, bobs)
    qtbot.waitUntil(lambda: not delete.isEnabled(), timeout=WAIT_MS)
    assert "bob@cbp.dhs.gov" in delete.statusTip()
    assert new_touch.isEnabled()  # it adds to the open partner, and none is open

    select_partner(window, anns)
    qtbot.waitUntil(delete.isEnabled, timeout=WAIT_MS)


@pytest.mark.postgres
def test_actions_turn_on_when_the_partner_is_assigned_to_one(
    qtbot: Any, ann_window: MainWindow, team_db: Team
) -> None:
    from trusted_trader.services.partners import update_partner

    window = ann_window
    new_touch, delete = partner_actions(window)
    window.open_partner(team_db.partners["bob"])
    qtbot.waitUntil(lambda: not new_touch.isEnabled(), timeout=WAIT_MS)

    with team_db.store.uow() as uow:  # the director hands Bob's partner to Ann
        anns = get_partner(uow, team_db.partners["ann"])
        bobs = get_partner(uow, team_db.partners["bob"])
        update_partner(
            uow,
            bobs.id,
            PartnerInput(
                bobs.legal_name,
                tuple(bobs.ior_numbers),
                center_id=bobs.center_id,
                executive_id=anns.executive_id,
            ),
        )
        uow.commit()
    window.desk.changed("partners")

    qtbot.waitUntil(new_touch.isEnabled, timeout=WAIT_MS)
    assert delete.isEnabled()
    assert not window.workspace.read_only_banner.isVisible()


def test_on_a_local_file_every_partner_keeps_its_actions(
    qtbot: Any, demo_window: MainWindow
) -> None:
    window = demo_window
    new_touch, delete = partner_actions(window)
    window.show_page("partners")
    qtbot.waitUntil(lambda: len(partner_names(window)) == 30, timeout=WAIT_MS)
    chosen = sorted(partner_names(window))[0]
    select_partner(window, chosen)
    qtbot.wait(50)
    assert delete.isEnabled() and new_touch.isEnabled()
    page: Any = window.page("partners")
    window.open_partner(page.selected_partner_ids()[0])
    qtbot.wait(50)
    assert delete.isEnabled() and new_touch.isEnabled()
    assert "Read-only" not in delete.statusTip()
