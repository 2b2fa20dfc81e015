"""Programs in the Overview: add, edit and end an enrollment; its dates and flags as typed."""

from __future__ import annotations

from datetime import date
from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QWidget

from tests.gui.conftest import activate, settle
from tests.gui.test_flows import when_modal
from trusted_trader.gui.dialogs.program_dialog import ProgramDialog
from trusted_trader.gui.main_window import MainWindow
from trusted_trader.gui.workspace.overview_tab import OverviewTab
from trusted_trader.services.programs import EnrollmentInput, enroll


def open_overview(qtbot: Any, window: MainWindow, partner_id: int) -> OverviewTab:
    window.open_partner(partner_id)
    window.workspace.show_tab("overview")
    settle(qtbot, window.desk)
    return window.workspace.overview


def enrolled(window: MainWindow, partner_id: int, **dates: Any) -> None:
    with window.desk.uow() as uow:
        enroll(uow, partner_id, EnrollmentInput("ctpat", tier=2, **dates))
        uow.commit()


def one_enrollment_selected(
    qtbot: Any, window: MainWindow, partner_id: int, monkeypatch: Any
) -> OverviewTab:
    """A certified CTPAT Tier 2 enrollment, selected in the Overview; questions say Yes."""
    from PySide6.QtWidgets import QMessageBox

    enrolled(window, partner_id, certified_on=date(2024, 1, 1))
    overview = open_overview(qtbot, window, partner_id)
    monkeypatch.setattr(QMessageBox, "exec", lambda _box: QMessageBox.StandardButton.Yes)
    overview.programs_tree.setCurrentItem(overview.programs_tree.topLevelItem(0))
    return overview


def item_texts(overview: OverviewTab) -> list[str]:
    tree = overview.programs_tree
    return [tree.topLevelItem(i).text(0) for i in range(tree.topLevelItemCount())]


def test_a_program_added_in_the_overview_shows_its_dates_as_typed_and_is_selected(
    qtbot: Any, empty_window: MainWindow, acme_id: int
) -> None:
    overview = open_overview(qtbot, empty_window, acme_id)
    seen: dict[str, str] = {}

    def fill(dialog: QWidget) -> None:
        assert isinstance(dialog, ProgramDialog)
        dialog.tier_combo.setCurrentIndex(dialog.tier_combo.findData(2))
        dialog.dates["certified_on"].set_value(date(2020, 1, 10))
        dialog.dates["anniversary"].set_value(date(2020, 1, 10))
        seen["before"] = dialog.outlook_label.text()
        dialog.dates["last_validated_on"].set_value(date(2023, 5, 1))
        seen["after"] = dialog.outlook_label.text()
        qtbot.mouseClick(dialog.save_button, Qt.MouseButton.LeftButton)

    when_modal(fill)
    qtbot.mouseClick(overview.program_buttons[0], Qt.MouseButton.LeftButton)
    settle(qtbot, empty_window.desk)
    assert "Annual review: open, due 2027-01-10" in seen["before"]
    assert "First validation expected by 2021-01-10" in seen["before"]
    assert "Revalidation due by 2027-05-01" in seen["after"]
    assert item_texts(overview) == ["CTPAT Tier 2"]
    assert overview.programs_tree.currentItem().text(0) == "CTPAT Tier 2"
    assert "CTPAT Tier 2" in empty_window.workspace._facts_label.text()


def test_opening_an_enrollments_deadline_selects_it_in_the_overview(
    qtbot: Any, empty_window: MainWindow, acme_id: int
) -> None:

    enrolled(empty_window, acme_id, certified_on=date(2024, 1, 1))
    with empty_window.desk.uow() as uow:
        fast = enroll(uow, acme_id, EnrollmentInput("fast"))
        uow.commit()
    empty_window.desk.item_requested.emit(acme_id, "program_enrollment", fast.id)
    settle(qtbot, empty_window.desk)
    overview = empty_window.workspace.overview
    assert empty_window.workspace.tabs.currentWidget() is overview
    assert overview.selected_enrollment() == get_partner_enrollment(empty_window, fast.id)


def get_partner_enrollment(window: MainWindow, enrollment_id: int) -> Any:
    from trusted_trader.services.partners import get_partner

    with window.desk.uow() as uow:
        partner = get_partner(uow, window.current_partner_id() or 0)
    return next(e for e in partner.enrollments if e.id == enrollment_id)


def test_trade_compliance_names_its_dates_and_flags_a_missing_tier_live(
    qtbot: Any, empty_window: MainWindow, acme_id: int
) -> None:
    dialog = ProgramDialog(empty_window.desk, acme_id, parent=empty_window)
    qtbot.addWidget(dialog)
    activate(qtbot, dialog)
    dialog.program_combo.setCurrentIndex(dialog.program_combo.findData("trade_compliance"))
    assert dialog.tier_combo.currentText() == "No tier"
    dialog.tier_combo.setCurrentIndex(dialog.tier_combo.findData(2))
    assert "only CTPAT has tiers" in dialog.outlook_label.text()
    assert not dialog.save_button.isEnabled()
    dialog.tier_combo.setCurrentIndex(0)
    dialog.dates["certified_on"].set_value(date(2024, 1, 15))
    label = dialog.form.labelForField(dialog.dates["certified_on"])
    assert label.text() == "A&ccepted on"
    assert "Annual Notification Letter due by 2025-02-15" in dialog.outlook_label.text()
    assert "needs a certified CTPAT Tier 2 or Tier 3" in dialog.flags_label.text()
    assert dialog.save_button.isEnabled()


def test_recording_the_annual_review_clears_the_overviews_warning(
    qtbot: Any, empty_window: MainWindow, acme_id: int
) -> None:
    enrolled(empty_window, acme_id, certified_on=date(2019, 1, 1), anniversary=date(2019, 3, 1))
    overview = open_overview(qtbot, empty_window, acme_id)
    assert "review due by 2026-03-01 was not done" in overview.flags_label.text()

    def record_review(dialog: QWidget) -> None:
        assert isinstance(dialog, ProgramDialog)
        assert "review due by 2026-03-01 was not done" in dialog.flags_label.text()
        dialog.dates["last_reviewed_on"].set_value(date(2026, 2, 1))
        assert dialog.flags_label.text() == ""
        qtbot.mouseClick(dialog.save_button, Qt.MouseButton.LeftButton)

    when_modal(record_review)
    overview.programs_tree.setCurrentItem(overview.programs_tree.topLevelItem(0))
    overview.programs_tree.itemActivated.emit(overview.programs_tree.currentItem(), 0)
    settle(qtbot, empty_window.desk)
    assert overview.flags_label.text() == ""
    assert overview.programs_tree.topLevelItem(0).text(3) == "opens 2026-12-01, due 2027-03-01"


def test_ending_an_enrollment_keeps_it_on_file_and_undo_brings_it_back(
    qtbot: Any, empty_window: MainWindow, acme_id: int, monkeypatch: Any
) -> None:
    overview = one_enrollment_selected(qtbot, empty_window, acme_id, monkeypatch)
    end_action = overview.programs_tree.actions()[2]
    assert end_action.text() == "End…"
    end_action.trigger()
    assert overview.programs_tree.topLevelItem(0).text(1) == "Withdrawn"
    assert "Not CTPAT certified" in empty_window.workspace._facts_label.text()
    overview.programs_tree.setCurrentItem(overview.programs_tree.topLevelItem(0))
    with qtbot.waitSignal(empty_window.desk.status_message) as said:
        end_action.trigger()
    assert said.args == ["This enrollment has already ended (withdrawn)."]
    assert empty_window.desk.undo_stack.count() == 1
    empty_window.desk.undo_stack.undo()
    assert overview.programs_tree.topLevelItem(0).text(1) == "Certified"
    assert "CTPAT Tier 2" in empty_window.workspace._facts_label.text()
    empty_window.desk.undo_stack.redo()
    assert overview.programs_tree.topLevelItem(0).text(1) == "Withdrawn"


def test_ending_an_enrollment_a_colleague_changed_meanwhile_ends_nothing_and_says_so(
    qtbot: Any, empty_window: MainWindow, acme_id: int, monkeypatch: Any
) -> None:
    from trusted_trader.services.programs import update_enrollment
    from trusted_trader.services.store import open_store

    overview = one_enrollment_selected(qtbot, empty_window, acme_id, monkeypatch)
    record = overview.selected_enrollment()
    assert record is not None and empty_window.desk.store is not None
    colleague = open_store(empty_window.desk.store.url, actor="colleague@cbp.dhs.gov")
    with colleague.uow() as uow:
        update_enrollment(uow, record.id, EnrollmentInput("ctpat", tier=3), record.version)
        uow.commit()
    colleague.close()
    with qtbot.waitSignal(empty_window.desk.status_message) as said:
        overview.end_program()
    assert "changed by someone else" in said.args[0]
    assert empty_window.desk.undo_stack.count() == 0
    assert item_texts(overview) == ["CTPAT Tier 3"]
    assert overview.programs_tree.topLevelItem(0).text(1) == "Certified"


def test_the_dates_that_follow_are_written_in_the_chosen_date_style(
    qtbot: Any, empty_window: MainWindow, acme_id: int
) -> None:
    from trusted_trader.gui import qt_dates

    qt_dates.use_date_style("us")
    try:
        dialog = ProgramDialog(empty_window.desk, acme_id, parent=empty_window)
        qtbot.addWidget(dialog)
        dialog.dates["certified_on"].set_value(date(2020, 1, 10))
        dialog.dates["anniversary"].set_value(date(2020, 1, 10))
        lines = dialog.outlook_label.text().splitlines()
    finally:
        qt_dates.use_date_style("iso")
    assert lines == [
        "Annual review: open, due 01/10/2027",
        "First validation expected by 01/10/2021",
    ]
