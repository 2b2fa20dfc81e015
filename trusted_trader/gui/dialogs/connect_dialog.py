"""File → Connect to team database…: where the Center's PostgreSQL database is, and who you are.

Everything but the password is remembered. A typed password is kept in
memory for this run only; leave it empty to use the password file (~/.pgpass, or
%APPDATA%\\postgresql\\pgpass.conf on Windows) or PGPASSWORD.
"""

from __future__ import annotations

import threading

from PySide6.QtCore import QSettings, Qt, Signal, Slot
from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)

from trusted_trader.gui.widgets import caption_label
from trusted_trader.gui.window_size import remember_size
from trusted_trader.services import connection

SETTINGS_GROUP = "team_database"
SSL_CHOICES = (
    ("", "Encrypt when the server can (default)"),
    ("require", "Always encrypt"),
    ("verify-ca", "Always encrypt, and check the server's certificate"),
    ("verify-full", "Always encrypt, check the certificate and the server's name"),
    ("disable", "Never encrypt"),
)
ENCRYPTION_HELP = (
    "Whether what travels between this computer and the server is encrypted "
    "(PostgreSQL calls this sslmode). Checking the certificate also makes sure the server "
    "is the Center's own; ask the database administrator which to choose."
)
TEST_TIMEOUT_S = 5


class ConnectDialog(QDialog):
    """Ask for a team database; ``url()`` gives its address without the password."""

    connection_tested = Signal(bool, str)  # worked, what the server or the error said

    def __init__(self, settings: QSettings | None = None, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        remember_size(self, "connect")
        self.setWindowTitle("Connect to team database")
        self._settings = settings if settings is not None else QSettings()
        self._host_edit = QLineEdit(placeholderText="db.center.cbp.dhs.gov")
        self._port_spin = QSpinBox(minimum=1, maximum=65535, value=5432)
        self._database_edit = QLineEdit(placeholderText="trusted_trader")
        self._user_edit = QLineEdit(placeholderText="your database login")
        self._ssl_combo = QComboBox()
        for value, label in SSL_CHOICES:
            self._ssl_combo.addItem(label, value)
        self._password_edit = QLineEdit(echoMode=QLineEdit.EchoMode.Password)
        self._password_edit.setPlaceholderText(
            f"empty: use {connection.password_file()} or PGPASSWORD"
        )
        self.password_note = caption_label("", self)
        self.password_note.setWordWrap(True)
        self._status_label = QLabel(wordWrap=True)
        self._status_label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self._test_button = QPushButton("&Test connection")
        self._buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel
        )
        self._buttons.button(QDialogButtonBox.StandardButton.Ok).setText("&Connect")
        self._lay_out()
        self._restore()
        self._test_button.clicked.connect(self._test_connection)
        self._buttons.accepted.connect(self.accept)
        self._buttons.rejected.connect(self.reject)
        self.connection_tested.connect(self._show_test_result)
        for edit in (self._host_edit, self._database_edit, self._user_edit, self._password_edit):
            edit.textChanged.connect(self._update_buttons)
        self._port_spin.valueChanged.connect(self._update_buttons)
        self._update_buttons()

    def _lay_out(self) -> None:
        form = QFormLayout()
        form.addRow("&Server", self._host_edit)
        form.addRow("&Port", self._port_spin)
        form.addRow("&Database", self._database_edit)
        form.addRow("&User", self._user_edit)
        form.addRow("&Encryption", self._ssl_combo)
        self.encryption_help = caption_label(ENCRYPTION_HELP, self)
        self.encryption_help.setWordWrap(True)
        form.addRow("", self.encryption_help)
        self._ssl_combo.setToolTip(ENCRYPTION_HELP)
        form.addRow("Pass&word", self._password_edit)
        form.addRow("", self.password_note)
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(self._test_button, alignment=Qt.AlignmentFlag.AlignLeft)
        layout.addWidget(self._status_label)
        layout.addWidget(self._buttons)

    def url(self) -> str:
        """The team database's URL, never with the password in it."""
        return connection.team_url(
            self._host_edit.text().strip(),
            self._database_edit.text().strip(),
            self._user_edit.text().strip(),
            port=self._port_spin.value(),
            sslmode=str(self._ssl_combo.currentData()),
        )

    def password(self) -> str:
        return self._password_edit.text()

    def accept(self) -> None:
        """Remember the choices (not the password) and keep a typed password in memory only."""
        self._remember()
        if self.password():
            connection.remember_password(self.url(), self.password())
        super().accept()

    def _remember(self) -> None:
        self._settings.beginGroup(SETTINGS_GROUP)
        self._settings.setValue("host", self._host_edit.text().strip())
        self._settings.setValue("port", self._port_spin.value())
        self._settings.setValue("database", self._database_edit.text().strip())
        self._settings.setValue("user", self._user_edit.text().strip())
        self._settings.setValue("sslmode", self._ssl_combo.currentData())
        self._settings.endGroup()
        self._settings.sync()

    def _restore(self) -> None:
        self._settings.beginGroup(SETTINGS_GROUP)
        self._host_edit.setText(str(self._settings.value("host", "")))
        self._port_spin.setValue(int(str(self._settings.value("port", 5432))))
        self._database_edit.setText(str(self._settings.value("database", "")))
        self._user_edit.setText(str(self._settings.value("user", "")))
        index = self._ssl_combo.findData(str(self._settings.value("sslmode", "")))
        self._ssl_combo.setCurrentIndex(max(index, 0))
        self._settings.endGroup()

    @Slot()
    def _update_buttons(self) -> None:
        complete = all(
            edit.text().strip() for edit in (self._host_edit, self._database_edit, self._user_edit)
        )
        self._buttons.button(QDialogButtonBox.StandardButton.Ok).setEnabled(complete)
        self._test_button.setEnabled(complete)
        self.password_note.setText(self._password_words() if complete else "")

    def _password_words(self) -> str:
        """Whether a password must be typed for this server, database and user."""
        if self.password():
            return "The typed password is kept in memory for this run only."
        if connection.saved_password_found(self.url()):
            return "A saved password matches this server, database and user."
        return (
            "No saved password matches this server, database and user: type it above, "
            f"or add a line for them to {connection.password_file()}."
        )

    @Slot()
    def _test_connection(self) -> None:
        url = self.url()
        password = self.password()
        self._test_button.setEnabled(False)
        self._status_label.setText("Connecting…")
        # A server that does not answer must not freeze the window: test off the GUI thread.
        threading.Thread(target=self._try, args=(url, password), daemon=True).start()

    def _try(self, url: str, password: str) -> None:
        from trusted_trader.services.team import check_connection

        separator = "&" if "?" in url else "?"
        trial = f"{url}{separator}connect_timeout={TEST_TIMEOUT_S}"
        if password:
            connection.remember_password(trial, password)
        try:
            self.connection_tested.emit(True, check_connection(trial))
        except Exception as exc:
            self.connection_tested.emit(False, str(exc))

    @Slot(bool, str)
    def _show_test_result(self, worked: bool, message: str) -> None:
        self._test_button.setEnabled(True)
        self._status_label.setText(f"Connected: {message}." if worked else message)
