"""Plain words in the window: kind names as CBP writes them, errors in sentences, brief messages."""

from __future__ import annotations

import re
import sys
from typing import Any

from PySide6.QtCore import QAbstractItemModel, QAbstractListModel, QModelIndex, QSettings, Qt
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import QAbstractItemView, QComboBox, QLabel, QWidget

from tests.gui.conftest import settle
from tests.gui.test_connect_dialog import fill
from trusted_trader.gui.dialogs.connect_dialog import ConnectDialog
from trusted_trader.gui.pages import PAGES
from trusted_trader.gui.window_menus import SHORTCUTS

# "CF28", "cf 28", "cf4647": a form number without CBP's hyphen ("CF-28", "CF-4647").
UNHYPHENATED = re.compile(r"\bcf ?\d{2,4}\b", re.IGNORECASE)
# An objective's measure as typed in the plan editor ("rate:cf28"): a code, not a label; its
# list in words belongs to the objectives' measure list (#17).
MEASURE_CODE = re.compile(r"rate:\w+")


def model_texts(model: QAbstractItemModel) -> list[str]:
    texts = []
    root = QModelIndex()
    columns = 1 if isinstance(model, QAbstractListModel) else model.columnCount(root)
    for column in range(columns):
        texts.append(str(model.headerData(column, Qt.Orientation.Horizontal)))
    for row in range(min(model.rowCount(root), 300)):
        for column in range(columns):
            value = model.index(row, column).data(Qt.ItemDataRole.DisplayRole)
            texts.append("" if value is None else str(value))
    return texts


def shown_texts(root: QWidget) -> list[str]:
    texts = [label.text() for label in root.findChildren(QLabel)]
    for combo in root.findChildren(QComboBox):
        texts += [combo.itemText(i) for i in range(combo.count())]
    for view in root.findChildren(QAbstractItemView):
        if view.model() is not None:
            texts += model_texts(view.model())
    return texts


def test_every_page_writes_form_numbers_as_cbp_does(qtbot: Any, demo_window: Any) -> None:
    wrong = []
    for key, *_rest in PAGES:
        demo_window.show_page(key)
        settle(qtbot, demo_window.desk)
        wrong += [(key, t) for t in shown_texts(demo_window) if UNHYPHENATED.search(t)]
    assert wrong == []


def test_every_partner_tab_writes_form_numbers_as_cbp_does(qtbot: Any, demo_window: Any) -> None:
    partner_id = (
        demo_window.desk.store.engine.connect()
        .exec_driver_sql("SELECT min(id) FROM partner")
        .scalar()
    )
    demo_window.open_partner(partner_id)
    settle(qtbot, demo_window.desk)
    workspace = demo_window.workspace
    wrong = []
    for index in range(workspace.tabs.count()):
        workspace.tabs.setCurrentIndex(index)
        settle(qtbot, demo_window.desk)
        texts = [t for t in shown_texts(workspace) if not MEASURE_CODE.fullmatch(t)]
        wrong += [(index, t) for t in texts if UNHYPHENATED.search(t)]
    assert wrong == []


def test_a_failed_connection_is_a_sentence_without_the_address_internals(
    qtbot: Any, ui_state: QSettings
) -> None:
    dialog = ConnectDialog(settings=ui_state)
    qtbot.addWidget(dialog)
    fill(dialog, "127.0.0.1", 1, "team", "jdoe")
    dialog._password_edit.setText("hunter2-secret")
    with qtbot.waitSignal(dialog.connection_tested, timeout=10000) as tested:
        dialog._test_button.click()
    message = dialog._status_label.text()
    assert tested.args[0] is False
    assert message.startswith("Cannot connect to the team database team on 127.0.0.1: ")
    assert "refused" in message and message.endswith(".")
    for internal in ("postgresql", "psycopg", "hunter2", "://", "connect_timeout", "\n"):
        assert internal not in message


def test_encryption_is_explained_in_words_and_names_the_real_password_file(
    qtbot: Any, ui_state: QSettings, monkeypatch: Any
) -> None:
    monkeypatch.setattr(sys, "platform", "win32")
    dialog = ConnectDialog(settings=ui_state)
    qtbot.addWidget(dialog)
    labels = [label.text() for label in dialog.findChildren(QLabel)]
    assert "&Encryption" in labels and "&Encryption (sslmode)" not in labels
    assert "encrypted" in dialog.encryption_help.text()
    assert dialog._ssl_combo.itemText(0) == "Encrypt when the server can (default)"
    assert "pgpass.conf" in dialog._password_edit.placeholderText()
    assert "~/.pgpass" not in dialog._password_edit.placeholderText()


def test_a_status_message_clears_after_a_few_seconds(qtbot: Any, empty_window: Any) -> None:
    bar = empty_window.statusBar()
    empty_window.desk.say("Touch point saved")
    assert bar.currentMessage() == "Touch point saved"
    qtbot.waitUntil(lambda: bar.currentMessage() == "", timeout=20000)


def menu_keys(window: Any) -> dict[str, str]:
    """Every key the window's actions answer to → the action's text."""
    keys = {}
    for action in window.findChildren(QAction):
        for sequence in action.shortcuts():
            keys[sequence.toString(QKeySequence.SequenceFormat.PortableText)] = action.text()
    return keys


def test_the_shortcut_list_matches_the_menus(empty_window: Any) -> None:
    bound = menu_keys(empty_window)
    listed = {
        key.strip()
        for keys, _what in SHORTCUTS
        for key in keys.split(" or ")
        if "…" not in key and key not in ("Esc", "Enter", "double-click", "Ctrl+Enter")
    }
    assert "Ctrl+Y" in listed and "Ctrl+Shift+Z" in listed
    assert {key for key in listed if key not in bound} == set()
    pages = {f"Ctrl+{n}" for n in range(1, 7)}
    assert {key for key in bound if key not in listed | pages} <= {"Ctrl+Q"}
    assert bound["Ctrl+Y"] == bound["Ctrl+Shift+Z"] == "&Redo"
