"""The dashboard: the portfolio at a glance — deadlines, tiles, the monthly rate, who to look at."""

from __future__ import annotations

import itertools
from collections.abc import Callable
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import Qt, Slot
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QFrame,
    QGridLayout,
    QHBoxLayout,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QScrollArea,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from trusted_trader.gui.context import Desk, Topic
from trusted_trader.gui.pages.base import Page, page_layout
from trusted_trader.gui.period_picker import PeriodPicker
from trusted_trader.gui.qt_dates import show_date
from trusted_trader.gui.week_list import WeekList
from trusted_trader.gui.widgets import caption_label, select_data

if TYPE_CHECKING:  # imported on first use: nothing but Qt before the first paint
    from trusted_trader.domain.windows import DayWindow
    from trusted_trader.gui.pages.dashboard_data import (
        DashboardData,
        MonthRate,
        PartnerRates,
        Periods,
        Riser,
        ScopeVerdicts,
    )
    from trusted_trader.services.analytics import CenterFunnel
    from trusted_trader.services.scope import Scope

SCOPE_KEY = "dashboard/scope"
ALL_RISES_KEY = "dashboard/all_rises"


class Tile(QFrame):
    """A number with a caption underneath."""

    def __init__(self, caption: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("tile")
        layout = QVBoxLayout(self)
        layout.setContentsMargins(16, 12, 16, 12)
        self.value_label = QLabel("—", self)
        self.value_label.setObjectName("tileValue")
        self.caption_label = caption_label(caption, self)
        self.caption_label.setWordWrap(True)
        layout.addWidget(self.value_label)
        layout.addWidget(self.caption_label)
        self.setAccessibleName(caption)

    def show_value(self, value: str, caption: str | None = None) -> None:
        self.value_label.setText(value)
        if caption is not None:
            self.caption_label.setText(caption)


def _key(scope: Scope) -> str:
    return f"{scope.type}:{scope.id}"


def _section(text: str, parent: QWidget) -> QLabel:
    label = QLabel(text, parent)
    label.setObjectName("sectionTitle")
    return label


class DashboardPage(Page):
    title = "Dashboard"
    watches = frozenset({Topic.PARTNERS, Topic.TOUCH_POINTS, Topic.PLANS, Topic.VOLUMES})

    def __init__(self, desk: Desk, parent: QWidget | None = None) -> None:
        super().__init__(desk, parent)
        self._choices: list[Scope] = []
        self._pending: Scope | None = None
        self.data: DashboardData | None = None
        self.rates: PartnerRates | None = None
        self.verdicts: ScopeVerdicts | None = None
        self.funnel: Any = None  # the FunnelView, built on a Center's first funnel
        layout, title_row = page_layout(self._scrolling_body(), "Dashboard")
        self._updated_label = caption_label("", self)
        title_row.addWidget(self._updated_label)
        title_row.addWidget(self._build_scope_combo())
        self._me = desk.executive_id
        desk.settings_changed.connect(self._on_me_chosen)
        # A portfolio has no one plan: its partners' rates compare full months, never "plan".
        self.period_picker = PeriodPicker(desk.today, self, offer_plan=False)
        self.period_picker.remember(desk.ui_state, "dashboard/periods")
        self.period_picker.periods_changed.connect(self._on_periods_changed)
        self._on_periods_changed(reload=False)
        layout.addWidget(self.period_picker)
        layout.addLayout(self._build_tiles())
        self._add_verdicts(layout)
        layout.addLayout(self._build_grid(), 1)
        self.note_label = caption_label("", self)
        layout.addWidget(self.note_label)

    def _build_scope_combo(self) -> QComboBox:
        self.scope_combo = QComboBox(self)
        self.scope_combo.setAccessibleName("Portfolio")
        self.scope_combo.setToolTip("Whose portfolio: yours, a Center's, or everyone's")
        self.scope_combo.setMinimumWidth(280)
        self.scope_combo.currentIndexChanged.connect(self._on_scope_changed)
        return self.scope_combo

    def _build_tiles(self) -> QHBoxLayout:
        tiles = QHBoxLayout()
        tiles.setSpacing(12)
        self.partners_tile = Tile("partners", self)
        self.plans_tile = Tile("active engagement plans", self)
        self.quarter_tile = Tile("touch points this quarter", self)
        self.falling_tile = Tile("partners whose rate is falling", self)
        self.compliance_tile = Tile("partners whose compliance worsened", self)
        for tile in (
            self.partners_tile,
            self.plans_tile,
            self.quarter_tile,
            self.falling_tile,
            self.compliance_tile,
        ):
            tiles.addWidget(tile, 1)
        return tiles

    def _build_grid(self) -> QGridLayout:
        """My week and the monthly chart above, the partner lists below."""
        grid = QGridLayout()
        grid.setHorizontalSpacing(16)
        grid.setVerticalSpacing(6)
        grid.addWidget(_section("My week: what is due, nearest first", self), 0, 0)
        grid.addWidget(_section("Touch points per 1,000 entries, by full month", self), 0, 1)
        self.week_list = WeekList(self.desk, "dashboard/week", self, compact=True)
        grid.addWidget(self.week_list, 1, 0)  # it loads itself when shown
        # QtCharts is built on the first data, so that it costs nothing before the first paint.
        self.chart: Any = None
        self._chart_placeholder = QLabel("Loading…", self)
        self._chart_placeholder.setObjectName("placeholder")
        self._chart_placeholder.setAlignment(Qt.AlignmentFlag.AlignCenter)
        # The monthly chart, and for a Center its funnel plot, one tab each.
        self.views_tabs = self._tabs("Monthly rate or the Center's funnel plot")
        self.views_tabs.addTab(self._chart_placeholder, "Monthly rate")
        grid.addWidget(self.views_tabs, 1, 1)
        grid.addLayout(self._build_risers_header(), 2, 0)
        self.risers_list = self._partner_list("Partners whose rate rose most")
        self.stale_list = self._partner_list("Stale plans")
        self.worsened_list = self._partner_list("Partners whose compliance worsened")
        self.lists_tabs = self._tabs("Stale plans or partners whose compliance worsened")
        self.lists_tabs.addTab(self.stale_list, "Stale plans")
        self.lists_tabs.setTabToolTip(0, "Active plans with no action item updated in 90 days")
        self.lists_tabs.addTab(self.worsened_list, "Compliance worsened")
        grid.addWidget(self.risers_list, 3, 0)
        grid.addWidget(self.lists_tabs, 2, 1, 2, 1)
        grid.setColumnStretch(0, 3)
        grid.setColumnStretch(1, 2)
        grid.setRowStretch(1, 5)
        grid.setRowStretch(3, 2)
        return grid

    def _tabs(self, name: str) -> QTabWidget:
        tabs = QTabWidget(self)
        tabs.setAccessibleName(name)
        tabs.setUsesScrollButtons(False)
        tabs.setElideMode(Qt.TextElideMode.ElideRight)  # large text: elide, not widen
        return tabs

    def _build_risers_header(self) -> QVBoxLayout:
        self._risers_title = _section("Rate rose most", self)
        self.all_rises_check = QCheckBox("Show every rise, clear or not", self)
        self.all_rises_check.setToolTip(
            "By default only partners whose rise is statistically clear (95%) are listed, "
            "the partners the portfolio report counts as \u201crose\u201d"
        )
        self.all_rises_check.setChecked(bool(self.desk.ui_state.value(ALL_RISES_KEY, False, bool)))
        self.all_rises_check.toggled.connect(self._on_all_rises_toggled)
        # The check box under the title, not beside it: at a large font both keep their words.
        header = QVBoxLayout()
        header.addWidget(self._risers_title)
        header.addWidget(self.all_rises_check)
        return header

    def _add_verdicts(self, layout: QVBoxLayout) -> None:
        """Touch points and compliance side by side, and the warning when both fell."""
        row = QHBoxLayout()
        self.touch_verdict_label = self._verdict_label("Touch-point verdict")
        self.compliance_verdict_label = self._verdict_label("Compliance verdict")
        row.addWidget(self.touch_verdict_label, 1)
        row.addWidget(self.compliance_verdict_label, 1)
        layout.addLayout(row)
        self.warning_label = QLabel("", self)
        self.warning_label.setObjectName("fieldProblem")
        font = self.warning_label.font()
        font.setBold(True)
        self.warning_label.setFont(font)
        self.warning_label.setAccessibleName("Warning")
        self.warning_label.hide()
        layout.addWidget(self.warning_label)

    def _verdict_label(self, name: str) -> QLabel:
        label = QLabel("", self)
        label.setWordWrap(True)
        label.setAccessibleName(name)
        label.setTextInteractionFlags(
            Qt.TextInteractionFlag.TextSelectableByMouse
            | Qt.TextInteractionFlag.TextSelectableByKeyboard
        )
        label.setFocusPolicy(Qt.FocusPolicy.StrongFocus)
        return label

    def _scrolling_body(self) -> QWidget:
        """The page's content in a scroll area: at a large font it scrolls rather than
        squeezing its lists to nothing."""
        outer = QVBoxLayout(self)
        outer.setContentsMargins(0, 0, 0, 0)
        area = QScrollArea(self)
        area.setWidgetResizable(True)
        area.setFrameShape(QFrame.Shape.NoFrame)
        area.setAccessibleName("Dashboard")
        area.setFocusPolicy(Qt.FocusPolicy.NoFocus)  # Tab goes to the content; it scrolls to it
        body = QWidget(area)
        area.setWidget(body)
        outer.addWidget(area)
        return body

    def _partner_list(self, name: str) -> QListWidget:
        widget = QListWidget(self)
        widget.setAccessibleName(name)
        widget.setAlternatingRowColors(True)
        widget.setMinimumHeight(120)
        widget.setStyleSheet("QListWidget::item { padding: 2px 4px; }")
        widget.itemActivated.connect(self._open_listed_partner)
        return widget

    # --- data -----------------------------------------------------------------------------
    def load(self) -> None:
        from trusted_trader.gui.pages.dashboard_data import scope_choices

        if self._choices:
            self._load_scope(self.scope())
            return
        # The dashboard is read first, and the list of portfolios beside it.
        self._load_scope(self._initial_choice())
        self.desk.pool.submit(lambda: scope_choices(self.desk), self._set_choices, owner=self)

    def _initial_choice(self) -> Scope:
        from trusted_trader.services.scope import Scope

        kind, _sep, ident = str(self.desk.ui_state.value(SCOPE_KEY, "")).partition(":")
        if kind == "all":
            return Scope()
        if kind in ("center", "executive") and ident.isdigit():
            return Scope(kind, int(ident))
        if self.desk.executive_id is not None:
            return Scope("executive", self.desk.executive_id)
        return Scope(label="All partners")

    @Slot()
    def _on_me_chosen(self) -> None:
        """A new "me" (Settings): their portfolio comes first and the dashboard opens on it."""
        if self.desk.executive_id == self._me:
            return
        self._me = self.desk.executive_id
        self._choices = []  # "My portfolio (…)" is another entry now
        self.desk.ui_state.remove(SCOPE_KEY)
        self.mark_stale()

    def _set_choices(self, choices: list[Scope]) -> None:
        self._choices = choices
        wanted = _key(self._pending) if self._pending else ""
        self.scope_combo.blockSignals(True)
        self.scope_combo.clear()
        for choice in choices:
            self.scope_combo.addItem(choice.label, _key(choice))
        select_data(self.scope_combo, wanted)
        self.scope_combo.blockSignals(False)
        if self.scope_combo.currentData() != wanted:
            self._load_scope(self.scope())

    def scope(self) -> Scope | None:
        index = self.scope_combo.currentIndex()
        return self._choices[index] if 0 <= index < len(self._choices) else self._pending

    @Slot()
    def _on_scope_changed(self) -> None:
        self.desk.ui_state.setValue(SCOPE_KEY, self.scope_combo.currentData())
        self._load_scope(self.scope())

    def _on_periods_changed(self, reload: bool = True) -> None:
        chosen = self.period_picker.comparison()
        if chosen is not None:
            self.period_picker.show_comparison(chosen)
        if reload:
            self._load_scope(self.scope())

    def periods(self) -> Periods | None:
        """The (baseline, current) months the period picker has chosen; None: its default."""
        chosen = self.period_picker.comparison()
        return (chosen.baseline, chosen.current) if chosen is not None else None

    def _load_scope(self, choice: Scope | None) -> None:
        from trusted_trader.gui.pages.dashboard_data import build_dashboard

        if choice is None:
            return
        self._pending = choice
        self._updated_label.setText("Updating…")
        periods = self.periods()
        self._read_in_turn(
            choice,
            [
                (lambda: build_dashboard(self.desk, choice), self.show_data),
                (lambda: _partner_rates(self.desk, choice, periods), self.show_rates),
                (lambda: _load_series(self.desk, choice), self._show_series),
                # After the numbers and the chart, so neither waits for them.
                (lambda: _scope_verdicts(self.desk, choice, periods), self.show_verdicts),
                (lambda: _center_funnel(self.desk, choice, periods), self.show_funnel),
            ],
        )

    def _read_in_turn(self, scope: Scope, steps: list[tuple[Callable[[], Any], Any]]) -> None:
        """Each read on a worker once the one before has shown its answer, numbers first.

        Side by side on two threads they took longer each (their Python halves share one
        interpreter lock), so the tiles and the verdicts came later than one after another.
        A chain for a portfolio no longer chosen stops.
        """
        if not steps:
            return
        (work, show), rest = steps[0], steps[1:]

        def shown(result: Any) -> None:
            if self._is_current(scope):  # else the user chose another portfolio meanwhile
                show(result)
                self._read_in_turn(scope, rest)

        self.desk.pool.submit(work, shown, owner=self)

    def _is_current(self, scope: Scope) -> bool:
        current = self.scope()
        return current is not None and _key(scope) == _key(current)

    def show_data(self, data: DashboardData) -> None:
        if not self._is_current(data.scope):
            return  # the user chose another portfolio meanwhile
        self.data = data
        self._updated_label.setText(f"as of {show_date(self.desk.today())}")
        self.partners_tile.show_value(f"{data.partners:,}")
        self.plans_tile.show_value(f"{data.active_plans:,}")
        self._show_quarter(data)
        self._fill(self.stale_list, data.stale, "Every active plan moved in the last 90 days.")
        self.note_label.setText(data.note)

    def show_rates(self, rates: PartnerRates) -> None:
        if not self._is_current(rates.scope) or self.periods() not in (None, rates.periods):
            return  # another portfolio or other periods were chosen meanwhile
        self.rates = rates
        months = f"{rates.current.label()} vs {rates.baseline.label()}"
        if rates.measured:
            self.falling_tile.show_value(
                f"{rates.falling / rates.measured:.0%}",
                f"partners whose rate is clearly falling ({rates.falling:,} of "
                f"{rates.measured:,}), full months {months}",
            )
        else:
            self.falling_tile.show_value("—", f"partners whose rate is falling, {months}")
        noun = "partner" if rates.rose == 1 else "partners"
        self._risers_title.setText(f"Rate rose most: {rates.rose:,} {noun} rose clearly, {months}")
        self._show_risers()

    def _show_risers(self) -> None:
        if self.rates is None:
            return
        show_all = self.all_rises_check.isChecked()
        risers = self.rates.all_risers if show_all else self.rates.clear_risers
        empty = "No partner's rate rose." if show_all else "No partner's rate rose clearly."
        self._fill(self.risers_list, [_riser_row(r) for r in risers], empty)

    @Slot(bool)
    def _on_all_rises_toggled(self, checked: bool) -> None:
        self.desk.ui_state.setValue(ALL_RISES_KEY, checked)
        self._show_risers()

    def show_verdicts(self, verdicts: ScopeVerdicts) -> None:
        if not self._is_current(verdicts.scope) or self.periods() not in (None, verdicts.periods):
            return  # another portfolio or other periods were chosen meanwhile
        self.verdicts = verdicts
        # The months are the period picker's, written above the tiles.
        self.touch_verdict_label.setText(verdicts.touch_points)
        self.compliance_verdict_label.setText(verdicts.compliance)
        self.warning_label.setText(f"\u26a0 {verdicts.warning}" if verdicts.warning else "")
        self.warning_label.setVisible(verdicts.warning is not None)
        self.compliance_tile.show_value(
            f"{verdicts.worsened:,}",
            f"partners whose compliance clearly worsened (of {verdicts.inspected:,} inspected)",
        )
        self.lists_tabs.setTabText(1, f"Compliance worsened ({verdicts.worsened:,})")
        rows = [(w.partner_id, w.name, w.detail) for w in verdicts.worst]
        self._fill(self.worsened_list, rows, "No partner's compliance worsened clearly.")
        if verdicts.worsened > len(rows):
            more = QListWidgetItem(
                f"… and {verdicts.worsened - len(rows):,} more: the portfolio report's "
                "Compliance column lists every partner"
            )
            more.setFlags(Qt.ItemFlag.NoItemFlags)
            self.worsened_list.addItem(more)

    def show_funnel(self, funnel: CenterFunnel | None) -> None:
        """A Center's funnel in its own tab; other portfolios have none, and no tab."""
        if funnel is None:
            if self.funnel is not None:
                self.views_tabs.setTabVisible(1, False)
            return
        if self.funnel is None:
            from trusted_trader.gui.funnel_view import FunnelView

            # In a scroll area: on a laptop the cell is lower than the plot and its words.
            holder = QScrollArea(self)
            holder.setWidgetResizable(True)
            holder.setFrameShape(QFrame.Shape.NoFrame)
            holder.setAccessibleName("Center funnel")
            self.funnel = FunnelView(holder)
            holder.setWidget(self.funnel)
            self.views_tabs.addTab(holder, "Center funnel")
        self.views_tabs.setTabVisible(1, True)
        self.funnel.show_funnel(funnel)

    def _show_series(self, series: list[MonthRate]) -> None:
        self._ensure_chart().show_series(series)

    def _ensure_chart(self) -> Any:
        if self.chart is None:
            from trusted_trader.gui.pages.dashboard_chart import RateChartPanel

            panel = RateChartPanel(self)  # the chart with its "Show as table" alternative
            self.chart = panel.chart
            self.views_tabs.removeTab(0)
            self.views_tabs.insertTab(0, panel, "Monthly rate")
            self.views_tabs.setCurrentIndex(0)
            # Built after the lists below it: put it back where it is read, after the radar.
            chain = (self.week_list, panel.toggle_button, panel.chart, panel.table)
            for before, after in itertools.pairwise(chain):
                QWidget.setTabOrder(before, after)
            self._chart_placeholder.deleteLater()
        return self.chart

    def _show_quarter(self, data: DashboardData) -> None:
        now, before = data.quarter_touch_points, data.earlier_touch_points
        quarter = data.quarter
        change = f" ({(now - before) / before:+.0%})" if before else ""
        if quarter.full_quarters:
            which = f"touch points, {quarter.quarter} vs {quarter.earlier_quarter} (full quarters)"
        else:
            which = (
                f"touch points, {quarter.quarter} to date vs the same "
                f"{quarter.current.days} days of {quarter.earlier_quarter}"
            )
        self.quarter_tile.show_value(f"{now:,}", f"{which}: {before:,}{change}")
        self.quarter_tile.setToolTip(
            f"{_window_text(quarter.current)}: {now:,} touch points\n"
            f"{_window_text(quarter.earlier)}: {before:,} touch points\n"
            "Today is left out until it is over, so both sides count whole days."
        )

    @staticmethod
    def _fill(widget: QListWidget, rows: list[tuple[int, str, str]], empty: str) -> None:
        widget.clear()
        for partner_id, name, detail in rows:
            item = QListWidgetItem(f"{name}  —  {detail}")
            item.setData(Qt.ItemDataRole.UserRole, partner_id)
            widget.addItem(item)
        if not rows:
            item = QListWidgetItem(empty)
            item.setFlags(Qt.ItemFlag.NoItemFlags)
            widget.addItem(item)

    # --- opening what a row names -----------------------------------------------------------
    @Slot(QListWidgetItem)
    def _open_listed_partner(self, item: QListWidgetItem) -> None:
        partner_id = item.data(Qt.ItemDataRole.UserRole)
        if partner_id is not None:
            self.desk.partner_requested.emit(int(partner_id))


def _window_text(window: DayWindow) -> str:
    return f"{show_date(window.first)} – {show_date(window.last)} ({window.days} days)"


def _riser_row(riser: Riser) -> tuple[int, str, str]:
    return riser.partner_id, riser.name, riser.change


def _partner_rates(desk: Desk, scope: Scope, periods: Periods | None) -> PartnerRates:
    from trusted_trader.gui.pages.dashboard_data import partner_rates

    return partner_rates(desk, scope, periods)


def _scope_verdicts(desk: Desk, scope: Scope, periods: Periods | None) -> ScopeVerdicts:
    from trusted_trader.gui.pages.dashboard_data import scope_verdicts

    return scope_verdicts(desk, scope, periods)


def _center_funnel(desk: Desk, scope: Scope, periods: Periods | None) -> CenterFunnel | None:
    from trusted_trader.gui.pages.dashboard_data import center_funnel

    return center_funnel(desk, scope, periods)


def _load_series(desk: Desk, scope: Scope) -> list[MonthRate]:
    from trusted_trader.gui.pages.dashboard_data import load_series

    return load_series(desk, scope)
