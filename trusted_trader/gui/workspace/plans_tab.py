"""Engagement plans of a partner: the list of plans and the editor of the chosen one."""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import Qt, Slot
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QHBoxLayout,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QPushButton,
    QScrollArea,
    QSplitter,
    QVBoxLayout,
    QWidget,
)

from trusted_trader.gui.context import Desk, Topic
from trusted_trader.gui.dialogs.conflict_save import save_versioned
from trusted_trader.gui.widgets import push_button
from trusted_trader.gui.workspace.base import WorkspaceTab
from trusted_trader.gui.workspace.objective_measures import EditedPlanDates, MeasureReading
from trusted_trader.gui.workspace.plan_editor import PlanEditor
from trusted_trader.gui.workspace.plan_status import ClosePlan, activate_writer, close_writer
from trusted_trader.gui.workspace.plan_versions import plan_save
from trusted_trader.services.records import PlanRecord

if TYPE_CHECKING:
    from trusted_trader.services.plans import PlanInput


class PlansTab(WorkspaceTab):
    title = "Engagement plans"
    watches = frozenset({Topic.PLANS})

    def __init__(self, desk: Desk, parent: QWidget | None = None) -> None:
        super().__init__(desk, parent)
        self._plans: list[PlanRecord] = []
        self.plan: PlanRecord | None = None
        self._wanted: int | None = None  # a plan asked for before the list was loaded
        self._shown = ""  # the editor's content when the plan was shown or saved
        layout = QHBoxLayout(self)
        splitter = QSplitter(Qt.Orientation.Horizontal, self)
        splitter.addWidget(self._build_list())
        splitter.addWidget(self._build_editor())
        splitter.setSizes([290, 900])
        splitter.setChildrenCollapsible(False)
        layout.addWidget(splitter)
        for keys in ("Ctrl+Return", "Ctrl+Enter", "Ctrl+S"):
            QShortcut(
                QKeySequence(keys),
                self,
                self.save,
                context=Qt.ShortcutContext.WidgetWithChildrenShortcut,
            )

    def _build_list(self) -> QWidget:
        box = QWidget(self)
        layout = QVBoxLayout(box)
        layout.setContentsMargins(0, 0, 0, 0)
        self.plan_list = QListWidget(box)
        self.plan_list.setAccessibleName("Plans")
        self.plan_list.setSpacing(2)
        self.plan_list.setWordWrap(True)
        self.plan_list.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.plan_list.currentRowChanged.connect(self._on_plan_chosen)
        layout.addWidget(self.plan_list, 1)
        self.new_button = push_button("New plan", box, self.new_plan, "Start a new engagement plan")
        self.copy_button = push_button(
            "Copy from previous plan",
            box,
            self.copy_plan,
            "Start next period's plan from the chosen one",
        )
        layout.addWidget(self.new_button)
        layout.addWidget(self.copy_button)
        return box

    def _build_editor(self) -> QWidget:
        box = QWidget(self)
        layout = QVBoxLayout(box)
        layout.setContentsMargins(0, 0, 0, 0)
        bar = QHBoxLayout()
        self.status_label = QLabel("", box)
        self.status_label.setObjectName("sectionTitle")
        bar.addWidget(self.status_label)
        bar.addStretch(1)
        self.activate_button = push_button(
            "Activate",
            box,
            lambda: self.set_status("active"),
            "Put the plan into force (draft → active)",
        )
        self.close_button = push_button(
            "Close plan",
            box,
            lambda: self.set_status("closed"),
            "Close the plan (asks first; Edit → Undo reopens it as a new revision)",
        )
        self.save_button = QPushButton("Save", box)
        self.save_button.setDefault(True)
        self.save_button.setToolTip("Save the plan (Ctrl+Enter)")
        self.save_button.clicked.connect(self.save)
        for button in (self.activate_button, self.close_button, self.save_button):
            bar.addWidget(button)
        layout.addLayout(bar)
        self.error_label = QLabel("", box)
        self.error_label.setObjectName("fieldProblem")
        self.error_label.setWordWrap(True)
        layout.addWidget(self.error_label)
        self.editor = PlanEditor(box)
        self.editor.objectives.measurer = self._measure_now
        self.editor.validity_changed.connect(lambda _valid: self._update_buttons())
        self.editor.checked.connect(self._update_buttons)
        scroll = QScrollArea(box)
        scroll.setAccessibleName("Plan")
        # Tab goes through the plan's fields (each scrolled into view), not the frame around them.
        scroll.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        scroll.setWidgetResizable(True)
        scroll.setWidget(self.editor)
        layout.addWidget(scroll, 1)
        return box

    def _measure_now(self, measure: str, plan: EditedPlanDates) -> MeasureReading:
        """An objective's measure for this partner, read while the user edits (one quick query)."""
        from trusted_trader.services.analytics import measure_now

        with self.desk.uow() as uow:
            return measure_now(uow, self.partner_id, measure, plan, self.desk.today())

    # --- data -----------------------------------------------------------------------------
    def load(self) -> None:
        from trusted_trader.services.plans import list_plans

        keep = self._wanted or (self.plan.id if self.plan else None)
        self._wanted = None
        with self.desk.uow() as uow:
            self._plans = list_plans(uow, self.partner_id)
        self.plan_list.blockSignals(True)
        self.plan_list.clear()
        for plan in self._plans:
            item = QListWidgetItem(
                f"{plan.title or 'Engagement plan'}\n{plan.period_start:%b %Y} – "
                f"{plan.period_end:%b %Y} · {plan.status} · rev. {plan.revision}"
            )
            item.setData(Qt.ItemDataRole.UserRole, plan.id)
            self.plan_list.addItem(item)
        self.plan_list.blockSignals(False)
        ids = [p.id for p in self._plans]
        row = ids.index(keep) if keep in ids else (0 if ids else -1)
        self.plan_list.setCurrentRow(row)
        if row < 0:
            self._show(None)
        else:
            self._on_plan_chosen(row)

    def clear(self) -> None:
        self.plan = None
        self._shown = self._editor_content()  # another partner: nothing here to keep

    @Slot(int)
    def _on_plan_chosen(self, row: int) -> None:
        if 0 <= row < len(self._plans):
            self._show(self._plans[row])

    def _show(self, plan: PlanRecord | None) -> None:
        self.plan = plan
        self.error_label.setText("")
        self.editor.show_plan(plan, self.desk.today())
        self._shown = self._editor_content()
        self._update_buttons()

    def _editor_content(self) -> str:
        try:
            return repr(self.editor.plan_input())
        except Exception:  # a half-typed grid cell: not a plan yet, but an edit
            return "unfinished"

    def has_unsaved_edits(self) -> bool:
        """A colleague's change waits while the plan shown here is being edited."""
        return not self.read_only and self._editor_content() != self._shown

    def set_read_only(self, read_only: bool) -> None:
        super().set_read_only(read_only)
        self._update_buttons()

    def _update_buttons(self) -> None:
        plan = self.plan
        status = plan.status if plan else "new"
        self.status_label.setText(
            "New plan (draft)"
            if plan is None
            else f"{status.capitalize()} · revision {plan.revision}"
            + (" — saving makes a new revision" if status == "active" else "")
            + (" — read only; copy it to start the next plan" if status == "closed" else "")
        )
        may = not self.read_only
        self.editor.setEnabled(may and status != "closed")
        problems = self.editor.problems()
        self.save_button.setEnabled(may and status != "closed" and not problems)
        self.save_button.setToolTip(
            "Save the plan (Ctrl+Enter)"
            if not problems
            else "Cannot save yet: " + "; ".join(problems[:5]) + ("; …" if problems[5:] else "")
        )
        self.activate_button.setEnabled(may and status == "draft")
        self.close_button.setEnabled(may and status in ("draft", "active"))
        self.copy_button.setEnabled(may and plan is not None)
        self.new_button.setEnabled(may)

    def current_plan_id(self) -> int | None:
        return self.plan.id if self.plan else None

    # --- commands -------------------------------------------------------------------------
    @Slot()
    def new_plan(self) -> None:
        if self.read_only:
            return
        self.plan_list.blockSignals(True)
        self.plan_list.setCurrentRow(-1)
        self.plan_list.blockSignals(False)
        self._show(None)
        self.editor.title_edit.setFocus()

    @Slot()
    def save(self) -> None:
        if self.partner is None or not self.save_button.isEnabled():
            return
        from trusted_trader.services.plans import create_plan

        def write() -> PlanRecord | None:
            data = self.editor.plan_input()
            if self.plan is not None:
                job = plan_save(self.plan, data, self._as_input)
                return save_versioned(self, self.desk, job)
            with self.desk.uow() as uow:
                saved = create_plan(uow, self.partner_id, data)
                uow.commit()
            return saved

        self._run(write, "Plan saved.")

    def set_status(self, status: str) -> None:
        """Activate or close the plan shown; both ask first, and a close can be undone."""
        plan = self.plan
        if plan is None or self.read_only:
            return
        if status == "closed":
            write = close_writer(self.desk, self, plan)
            if write is not None and self._run(write, "Plan closed. Ctrl+Z reopens it."):
                self.desk.undo_stack.push(ClosePlan(self.desk, plan))
            return
        write = activate_writer(self.desk, self, plan)
        if write is not None:
            self._run(write, "Plan is now active.")

    def select_plan(self, plan_id: int) -> None:
        """Show this plan (the Engagement plans page's double-click), now or once loaded."""
        ids = [p.id for p in self._plans]
        if plan_id in ids and not self._stale:
            self.plan_list.setCurrentRow(ids.index(plan_id))
        else:
            self._wanted = plan_id

    @Slot()
    def copy_plan(self) -> None:
        from trusted_trader.services.plans import copy_plan

        plan = self.plan
        if plan is None:
            return

        def write() -> PlanRecord:
            with self.desk.uow() as uow:
                saved = copy_plan(uow, plan.id)
                uow.commit()
            return saved

        self._run(write, "New draft plan copied from the previous one.")

    def _as_input(self, plan: PlanRecord) -> PlanInput:
        """A stored plan as this editor reads it, to compare with what is being saved."""
        reader = PlanEditor()
        try:
            reader.show_plan(plan, self.desk.today())
            return reader.plan_input()  # type: ignore[no-any-return]
        finally:
            reader.deleteLater()

    def _run(self, write: object, message: str) -> bool:
        """Run a write; show its problem, or take the saved plan. True when it was saved."""
        from trusted_trader.errors import describe

        try:
            saved = write()  # type: ignore[operator]
        except Exception as exc:
            self.error_label.setText(describe(exc)[0])
            return False
        if saved is None:
            return False  # a conflict the user went back to settle by editing
        self.error_label.setText("")
        self.plan = saved
        self._shown = self._editor_content()
        self.desk.say(message)
        self.desk.changed(Topic.PLANS)
        if not self.isVisible():
            self.reload()
        return True
