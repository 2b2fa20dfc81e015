"""The team-database dialog: builds the URL, tests it, remembers everything but the password."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from PySide6.QtCore import QSettings

from trusted_trader.gui.dialogs.connect_dialog import ConnectDialog
from trusted_trader.store import postgres


def fill(dialog: ConnectDialog, host: str, port: int, database: str, user: str) -> None:
    dialog._host_edit.setText(host)
    dialog._port_spin.setValue(port)
    dialog._database_edit.setText(database)
    dialog._user_edit.setText(user)


def test_the_url_carries_sslmode_but_never_the_password(qtbot: Any, ui_state: QSettings) -> None:
    dialog = ConnectDialog(settings=ui_state)
    qtbot.addWidget(dialog)
    fill(dialog, "db.example.gov", 5433, "team", "jdoe")
    dialog._ssl_combo.setCurrentIndex(dialog._ssl_combo.findData("verify-full"))
    dialog._password_edit.setText("s3cret")
    dialog.accept()
    assert dialog.url() == "postgresql+psycopg://jdoe@db.example.gov:5433/team?sslmode=verify-full"
    assert postgres.typed_password(dialog.url()) == "s3cret"


def test_choices_are_remembered_but_not_the_password(
    qtbot: Any, ui_state: QSettings, app_home: Path
) -> None:
    first = ConnectDialog(settings=ui_state)
    qtbot.addWidget(first)
    fill(first, "db.example.gov", 5433, "team", "jdoe")
    first._password_edit.setText("s3cret-word")
    first.accept()
    again = ConnectDialog(settings=ui_state)
    qtbot.addWidget(again)
    assert again.url() == first.url()
    assert again.password() == ""
    saved = b"".join(p.read_bytes() for p in app_home.rglob("*") if p.is_file())
    assert b"s3cret-word" not in saved and b"jdoe" in saved


def test_connect_waits_for_server_database_and_user(qtbot: Any, ui_state: QSettings) -> None:
    dialog = ConnectDialog(settings=ui_state)
    qtbot.addWidget(dialog)
    assert not dialog._test_button.isEnabled()
    fill(dialog, "db.example.gov", 5432, "team", "jdoe")
    assert dialog._test_button.isEnabled()


@pytest.mark.postgres
def test_test_connection_says_who_answered(
    qtbot: Any, ui_state: QSettings, postgres_server: Any
) -> None:
    dialog = ConnectDialog(settings=ui_state)
    qtbot.addWidget(dialog)
    fill(dialog, "127.0.0.1", postgres_server.port, "postgres", "tt_admin")
    with qtbot.waitSignal(dialog.connection_tested, timeout=10000) as tested:
        dialog._test_button.click()
    assert tested.args[0] is True
    assert "PostgreSQL" in dialog._status_label.text()


def test_a_failed_test_says_why(qtbot: Any, ui_state: QSettings) -> None:
    dialog = ConnectDialog(settings=ui_state)
    qtbot.addWidget(dialog)
    fill(dialog, "127.0.0.1", 1, "team", "jdoe")
    with qtbot.waitSignal(dialog.connection_tested, timeout=10000) as tested:
        dialog._test_button.click()
    assert tested.args[0] is False
    assert "Cannot connect" in dialog._status_label.text()


def test_the_dialog_says_whether_a_saved_password_matches(
    qtbot: Any, ui_state: QSettings, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    pgpass = tmp_path / "pgpass"
    pgpass.write_text("db.example.gov:*:team:jdoe:pw\n")
    monkeypatch.setenv("PGPASSFILE", str(pgpass))
    monkeypatch.delenv("PGPASSWORD", raising=False)
    dialog = ConnectDialog(settings=ui_state)
    qtbot.addWidget(dialog)
    assert dialog.password_note.text() == ""  # nothing to match yet
    fill(dialog, "db.example.gov", 5432, "team", "jdoe")
    assert dialog.password_note.text() == "A saved password matches this server, database and user."
    dialog._user_edit.setText("asmith")  # another login: the line is not theirs
    assert dialog.password_note.text().startswith("No saved password matches")
    assert str(pgpass) in dialog.password_note.text()
    dialog._password_edit.setText("typed")
    assert "this run only" in dialog.password_note.text()


@pytest.mark.parametrize(
    ("host", "database", "user"),
    [
        ("db:abc", "team", "jdoe"),  # a port typed into the server
        ("db/../x", "x y", "a:b@c"),  # separators of a URL and of the password file
        ("%zz", "t" * 5000, "u\x00"),  # a bad escape, a huge name, a NUL character
    ],
)
def test_careless_fields_and_a_folder_for_a_password_file_still_get_a_sentence(
    qtbot: Any,
    ui_state: QSettings,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    host: str,
    database: str,
    user: str,
) -> None:
    monkeypatch.setenv("PGPASSFILE", str(tmp_path))  # a folder, not a file
    monkeypatch.delenv("PGPASSWORD", raising=False)
    dialog = ConnectDialog(settings=ui_state)
    qtbot.addWidget(dialog)
    fill(dialog, host, 5432, database, user)
    assert dialog.password_note.text().startswith("No saved password matches")
