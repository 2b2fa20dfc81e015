"""The data-safety dialogs on their own: errors, conflicts, backups, restore, recently deleted."""

from __future__ import annotations

import random
import sqlite3
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtWidgets import QApplication, QLabel, QMainWindow, QPushButton, QWidget

from trusted_trader.domain.errors import ConflictError
from trusted_trader.gui.dialogs.backup_dialogs import BackupNowDialog, RestoreDialog
from trusted_trader.gui.dialogs.conflict_dialog import ConflictChoice, ConflictDialog
from trusted_trader.gui.dialogs.error_dialog import ErrorDialog, show_error
from trusted_trader.gui.dialogs.recently_deleted import RecentlyDeletedDialog
from trusted_trader.services import backups, partners
from trusted_trader.services.partners import PartnerInput
from trusted_trader.services.store import Store, open_store
from trusted_trader.store.errors import StoreError

IOR = "12-3456789AB"


@pytest.fixture
def shown(monkeypatch: pytest.MonkeyPatch) -> list[ErrorDialog]:
    """Error dialogs that would have been shown (exec does not block the test)."""
    dialogs: list[ErrorDialog] = []

    def fake_exec(self: ErrorDialog) -> int:
        dialogs.append(self)
        return 0

    monkeypatch.setattr(ErrorDialog, "exec", fake_exec)
    return dialogs


@pytest.fixture
def window(qtbot: Any) -> Iterator[QMainWindow]:
    main = QMainWindow()
    main.setCentralWidget(QLabel("Trusted Trader"))
    qtbot.addWidget(main)
    main.show()
    yield main


@pytest.fixture
def partner_id(store: Store) -> int:
    with store.uow() as uow:
        record = partners.create_partner(uow, PartnerInput("Acme Imports", IOR))
        uow.commit()
    return record.id


def button(widget: QWidget, text: str) -> QPushButton:
    found = [b for b in widget.findChildren(QPushButton) if b.text() == text]
    assert len(found) == 1, [b.text() for b in widget.findChildren(QPushButton)]
    return found[0]


def test_the_environments_fault_is_a_plain_message(
    window: QMainWindow, shown: list[ErrorDialog]
) -> None:
    show_error(window, StoreError("The disk holding x.sqlite is full.", hint="Free space."))
    assert shown[0].message == "The disk holding x.sqlite is full. Free space."
    assert not shown[0].offers_details
    assert not [b for b in shown[0].findChildren(QPushButton) if b.text() == "Copy details"]


def test_a_bug_gets_an_apology_and_details_to_copy(
    window: QMainWindow, shown: list[ErrorDialog], app_home: Path
) -> None:
    try:
        raise ZeroDivisionError("division by zero")
    except ZeroDivisionError as exc:
        show_error(window, exc)
    dialog = shown[0]
    assert dialog.message.startswith("Sorry, something went wrong inside Trusted Trader")
    button(dialog, "Copy details").click()
    copied = QApplication.clipboard().text()
    assert "Traceback" in copied and "ZeroDivisionError: division by zero" in copied
    assert (app_home / "logs" / "trusted-trader.log").exists()


def cut_short(path: Path) -> None:
    data = path.read_bytes()
    path.write_bytes(data[: len(data) // 2])


def newer(path: Path) -> None:
    with sqlite3.connect(path) as conn:
        conn.execute("UPDATE alembic_version SET version_num = '0999'")


BAD_FILES = {
    "text": (lambda p: p.write_text("notes\n" * 100), "is not a database file"),
    "random-bytes": (lambda p: p.write_bytes(random.Random(5).randbytes(9000)), "not a database"),
    "empty": (lambda p: p.write_bytes(b""), "is empty"),
    "cut-short": (cut_short, "cut short"),
    "newer": (newer, "newer release"),
}


def test_each_bad_file_shows_one_dialog_and_the_app_stays_usable(
    qtbot: Any, window: QMainWindow, shown: list[ErrorDialog], tmp_path: Path
) -> None:
    for name, (damage, message) in BAD_FILES.items():
        path = tmp_path / f"{name}.sqlite"
        open_store(f"sqlite:///{path}").close()
        damage(path)
        with pytest.raises(StoreError) as info:
            open_store(f"sqlite:///{path}")
        show_error(window, info.value)
        assert str(path) in shown[-1].message and message in shown[-1].message, name
        assert not shown[-1].offers_details
    assert len(shown) == len(BAD_FILES)
    good = open_store(f"sqlite:///{tmp_path / 'good.sqlite'}")
    try:
        dialog = RecentlyDeletedDialog(good, window)
        qtbot.addWidget(dialog)
        assert window.isVisible() and dialog.partner_ids() == []
    finally:
        good.close()


def test_the_conflict_dialog_shows_mine_theirs_and_the_original(qtbot: Any) -> None:
    dialog = ConflictDialog(
        mine={"city": "El Paso", "status": "active", "notes": "called"},
        theirs={"city": "Laredo", "status": "active", "notes": ""},
        original={"city": "Houston", "status": "active", "notes": ""},
    )
    qtbot.addWidget(dialog)
    assert dialog.differing_fields() == ["city", "notes"]
    table = dialog._fields_table
    assert [table.item(0, c).text() for c in range(4)] == ["city", "El Paso", "Laredo", "Houston"]
    button(dialog, "Apply mine").click()
    assert dialog.choice is ConflictChoice.KEEP_MINE


@pytest.mark.parametrize(
    ("label", "choice"), [("Keep theirs", ConflictChoice.TAKE_THEIRS), ("Cancel", None)]
)
def test_the_conflict_dialog_returns_the_choice(
    qtbot: Any, monkeypatch: pytest.MonkeyPatch, label: str, choice: ConflictChoice | None
) -> None:
    dialog = ConflictDialog({"city": "A"}, {"city": "B"}, {"city": "C"})
    qtbot.addWidget(dialog)
    monkeypatch.setattr(dialog, "exec", lambda: button(dialog, label).click())
    assert dialog.ask() is (choice or ConflictChoice.CANCEL)


def test_keep_mine_after_a_conflict_between_two_desks_saves_my_version(
    qtbot: Any, store: Store, partner_id: int, monkeypatch: pytest.MonkeyPatch
) -> None:
    with store.uow() as uow:
        opened = partners.get_partner(uow, partner_id)
    other = open_store(store.url, actor="colleague@cbp.dhs.gov")
    with other.uow() as uow:
        partners.update_partner(uow, partner_id, PartnerInput("Acme Imports", IOR, city="Laredo"))
        uow.commit()
    other.close()
    mine = PartnerInput("Acme Imports", IOR, city="El Paso")
    with pytest.raises(ConflictError) as conflict, store.uow() as uow:
        partners.update_partner(uow, partner_id, mine, expected_version=opened.version)
    dialog = ConflictDialog(
        {"city": mine.city}, conflict.value.current, {"city": opened.city}, what="Acme Imports"
    )
    qtbot.addWidget(dialog)
    monkeypatch.setattr(dialog, "exec", lambda: button(dialog, "Apply mine").click())
    assert dialog.ask() is ConflictChoice.KEEP_MINE
    with store.uow() as uow:
        version = int(conflict.value.current["version"])  # type: ignore[call-overload]
        saved = partners.update_partner(uow, partner_id, mine, expected_version=version)
        uow.commit()
    assert saved.city == "El Paso"


def test_back_up_now_makes_a_backup_and_lists_it(qtbot: Any, store: Store) -> None:
    dialog = BackupNowDialog(store)
    qtbot.addWidget(dialog)
    assert dialog._backups_table.rowCount() == 0
    with qtbot.waitSignal(dialog.backup_made) as made:
        button(dialog, "Back up now").click()
    assert Path(made.args[0]).is_file()
    assert dialog._backups_table.rowCount() == 1


def test_restore_puts_back_the_chosen_backup(
    qtbot: Any, store: Store, partner_id: int, monkeypatch: pytest.MonkeyPatch
) -> None:
    backup = backups.backup_now(store)
    with store.uow() as uow:
        partners.delete_partner(uow, partner_id)
        uow.commit()
    dialog = RestoreDialog(store)
    qtbot.addWidget(dialog)
    monkeypatch.setattr(dialog, "confirm", lambda _source: True)
    dialog._backups_table.selectRow(0)
    with qtbot.waitSignal(dialog.restored) as restored:
        button(dialog, "Restore").click()
    assert restored.args == [str(backup)]
    with store.uow() as uow:
        assert partners.get_partner(uow, partner_id).legal_name == "Acme Imports"


def test_restore_of_a_bad_file_shows_why_and_changes_nothing(
    qtbot: Any,
    store: Store,
    partner_id: int,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    shown: list[ErrorDialog],
) -> None:
    bad = tmp_path / "bad.sqlite"
    bad.write_text("not a backup")
    dialog = RestoreDialog(store)
    qtbot.addWidget(dialog)
    monkeypatch.setattr(dialog, "confirm", lambda _source: True)
    assert dialog.restore(bad) is True
    qtbot.waitUntil(lambda: len(shown) == 1)
    assert f"{bad} is not a database file" in shown[0].message
    assert not dialog.busy and dialog._file_button.isEnabled()
    with store.uow() as uow:
        assert partners.get_partner(uow, partner_id).id == partner_id


def test_recently_deleted_partners_can_be_restored(
    qtbot: Any, store: Store, partner_id: int
) -> None:
    with store.uow() as uow:
        partners.delete_partner(uow, partner_id)
        uow.commit()
    dialog = RecentlyDeletedDialog(store)
    qtbot.addWidget(dialog)
    assert dialog.partner_ids() == [partner_id]
    assert dialog._partners_table.item(0, 1).text() == IOR
    dialog._partners_table.selectRow(0)
    with qtbot.waitSignal(dialog.partner_restored):
        button(dialog, "Restore").click()
    assert dialog.partner_ids() == []
    with store.uow() as uow:
        assert partners.get_partner(uow, partner_id).legal_name == "Acme Imports"


def test_a_declined_restore_changes_nothing(
    qtbot: Any, store: Store, partner_id: int, monkeypatch: pytest.MonkeyPatch
) -> None:
    backup = backups.backup_now(store)
    with store.uow() as uow:
        partners.delete_partner(uow, partner_id)
        uow.commit()
    dialog = RestoreDialog(store)
    qtbot.addWidget(dialog)
    monkeypatch.setattr(dialog, "confirm", lambda _source: False)
    assert dialog.restore(backup) is False
    with store.uow() as uow:
        assert [d.id for d in partners.list_recently_deleted(uow)] == [partner_id]
