"""The small filter widgets every list builds the same way."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QWidget

from trusted_trader.gui.widgets import WHOSE_PARTNERS, filter_combo, filter_edit, whose_choice


def test_a_filter_line_is_named_clearable_and_calls_back_at_each_keystroke(qtbot: Any) -> None:
    parent = QWidget()
    qtbot.addWidget(parent)
    calls: list[str] = []
    edit = filter_edit(
        parent, "Filter plans", "Filter by partner or plan", lambda: calls.append("")
    )
    assert edit.accessibleName() == "Filter plans"
    assert edit.placeholderText() == "Filter by partner or plan"
    assert edit.isClearButtonEnabled()
    qtbot.keyClicks(edit, "acme")
    assert len(calls) == 4
    edit.clear()
    assert len(calls) == 5


def test_a_filter_list_calls_back_only_when_given_a_callback(qtbot: Any) -> None:
    parent = QWidget()
    qtbot.addWidget(parent)
    calls: list[int] = []
    items = [("Any status", ""), ("Draft", "draft"), ("Closed", "closed")]
    quiet = filter_combo(parent, "Plan status", items)
    quiet.setCurrentIndex(2)
    assert calls == []
    assert quiet.currentData() == "closed"
    assert quiet.toolTip() == "Filter by Plan status"
    heard = filter_combo(parent, "Plan status", items, lambda: calls.append(1), "Which plans")
    heard.setCurrentIndex(1)
    assert calls == [1]
    assert heard.toolTip() == "Which plans"


def test_whose_partners_come_in_the_order_the_choice_rule_expects(qtbot: Any) -> None:
    parent = QWidget()
    qtbot.addWidget(parent)
    combo = filter_combo(parent, "Whose partners", WHOSE_PARTNERS)
    assert [combo.itemData(i) for i in range(combo.count())] == ["mine", "center", "all"]
    assert whose_choice(combo, known=False, remembered=False) == 2  # "all" without "me"
    assert not combo.model().item(0).flags() & Qt.ItemFlag.ItemIsEnabled  # type: ignore[attr-defined]
    assert whose_choice(combo, known=True, remembered=False) == 0
