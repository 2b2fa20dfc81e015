"""The Import dialog on a team database with a member's login: 100,000 rows, refusals listed."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from pg_server import PostgresServer
from pytestqt.qtbot import QtBot
from team_import_world import IORS, TeamWorld, team_world, touch_points

from trusted_trader.gui.dialogs import import_dialog
from trusted_trader.gui.dialogs.import_dialog import ImportDialog

pytestmark = pytest.mark.postgres
ROWS = 100_000


@pytest.fixture
def world(postgres_server: PostgresServer) -> Iterator[TeamWorld]:
    yield from team_world(postgres_server)


def dialog_for(qtbot: QtBot, world: TeamWorld, who: str, path: Path) -> ImportDialog:
    dialog = ImportDialog(world.store(who))
    qtbot.addWidget(dialog)
    dialog.set_kind("touch-points")
    dialog.set_file(path)
    return dialog


@pytest.mark.slow
@pytest.mark.parametrize(("who", "partners"), [("ann", ["ann"]), ("dir", ["ann", "bob"])])
def test_a_member_imports_a_hundred_thousand_rows_in_the_window_and_undoes_it(
    qtbot: QtBot,
    world: TeamWorld,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    who: str,
    partners: list[str],
) -> None:
    path = touch_points(tmp_path / "big.csv", partners, ROWS // len(partners))
    dialog = dialog_for(qtbot, world, who, path)
    with qtbot.waitSignal(dialog.import_finished, timeout=600_000) as finished:
        dialog.start_import()
    assert finished.args[0].created == ROWS, dialog._status_label.text()
    assert f"{ROWS:,} created" in dialog._status_label.text()
    assert world.count("touch_point") == ROWS
    monkeypatch.setattr(import_dialog, "confirm_revert", lambda *_args: True)
    with qtbot.waitSignal(dialog.import_undone, timeout=600_000):
        dialog.undo_button.click()
    assert world.count("touch_point") == 0


def test_the_window_lists_rows_of_a_colleagues_partner_with_the_reason(
    qtbot: QtBot, world: TeamWorld, tmp_path: Path
) -> None:
    path = touch_points(tmp_path / "mixed.csv", ["ann", "bob"], 10)
    dialog = dialog_for(qtbot, world, "ann", path)
    with qtbot.waitSignal(dialog.import_finished, timeout=60_000):
        dialog.start_import()
    table = dialog._errors_table
    assert table.rowCount() == 10
    assert {table.item(r, 3).text() for r in range(10)} == {
        f"partner {IORS['bob']} belongs to another Account Executive"
    }
    assert "Nothing was imported" in dialog._status_label.text()
    assert world.count("touch_point") == 0
