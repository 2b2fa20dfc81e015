"""First run: an empty database greets the user with three ways to start."""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import QLabel, QPushButton, QVBoxLayout, QWidget


class WelcomePage(QWidget):
    create_partner_requested = Signal()
    import_requested = Signal()
    demo_requested = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        layout = QVBoxLayout(self)
        layout.addStretch(2)
        title = QLabel("Welcome to Trusted Trader")
        title.setObjectName("pageTitle")
        title.setAlignment(Qt.AlignmentFlag.AlignCenter)
        layout.addWidget(title)
        layout.addSpacing(8)
        text = QLabel(
            "Your database is empty. Add your first trusted partner, import your portfolio "
            "from a spreadsheet, or explore the app with realistic demo data."
        )
        text.setWordWrap(True)
        text.setAlignment(Qt.AlignmentFlag.AlignCenter)
        text.setFixedWidth(520)
        text.setMinimumHeight(text.fontMetrics().lineSpacing() * 3)
        layout.addWidget(text, 0, Qt.AlignmentFlag.AlignHCenter)
        layout.addSpacing(16)
        for label, signal, tip in (
            ("Create your first partner…", self.create_partner_requested, "Ctrl+Shift+N"),
            ("Import data…", self.import_requested, "Partners, touch points, volume"),
            ("Load demo data", self.demo_requested, "60 partners, three years of history"),
        ):
            button = QPushButton(label, self)
            button.setMinimumWidth(260)
            button.setMinimumHeight(34)
            button.setToolTip(tip)
            button.clicked.connect(signal)
            layout.addWidget(button, 0, Qt.AlignmentFlag.AlignHCenter)
        self._busy_label = QLabel("", self)
        self._busy_label.setObjectName("placeholder")
        self._busy_label.setAlignment(Qt.AlignmentFlag.AlignCenter)
        layout.addWidget(self._busy_label)
        layout.addStretch(3)

    def set_busy(self, text: str) -> None:
        self._busy_label.setText(text)
        for button in self.findChildren(QPushButton):
            button.setEnabled(not text)
