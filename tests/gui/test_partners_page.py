"""The Partners page: filters as you type, quick filters, raw-value sorting, opening a partner."""

from __future__ import annotations

from datetime import date
from typing import Any

from PySide6.QtCore import Qt

from tests.gui.conftest import activate, settle
from trusted_trader.domain.programs import CtpatTier
from trusted_trader.gui.main_window import MainWindow
from trusted_trader.gui.models.partners import (
    NEXT_DEADLINE,
    TOUCH_POINTS,
    PartnerFilter,
    filter_partners,
    search_key,
)
from trusted_trader.services.records import PartnerSummary


def summary(pid: int, name: str, **changes: Any) -> PartnerSummary:
    values: dict[str, Any] = {
        "id": pid,
        "legal_name": name,
        "ior_numbers": f"12-345678{pid}AB",
        "center_code": "ELEC",
        "executive_name": "Dana Reyes",
        "executive_email": "dana.reyes@cbp.dhs.gov",
        "ctpat_tier": CtpatTier(2),
        "status": "active",
        "touch_points_12m": pid * 10,
        "next_deadline": None,
    }
    values.update(changes)
    return PartnerSummary(**values)


ROWS = [
    summary(1, "Acme Imports"),
    summary(2, "Blue Harbor Trading", center_code="AGR", ctpat_tier=None),
    summary(3, "Acme Textiles", status="suspended", executive_email="kim@cbp.dhs.gov"),
]
KEYS = [search_key(r) for r in ROWS]


def names(rows: list[PartnerSummary]) -> list[str]:
    return [r.legal_name for r in rows]


def test_every_word_of_the_filter_must_match() -> None:
    assert names(filter_partners(ROWS, KEYS, PartnerFilter(text="acme"))) == [
        "Acme Imports",
        "Acme Textiles",
    ]
    assert names(filter_partners(ROWS, KEYS, PartnerFilter(text="ACME text"))) == ["Acme Textiles"]


def test_an_ior_number_matches_with_or_without_its_dash() -> None:
    assert names(filter_partners(ROWS, KEYS, PartnerFilter(text="123456782"))) == [
        "Blue Harbor Trading"
    ]


def test_quick_filters_narrow_by_executive_center_tier_and_status() -> None:
    mine = PartnerFilter(executive_email="kim@cbp.dhs.gov")
    assert names(filter_partners(ROWS, KEYS, mine)) == ["Acme Textiles"]
    assert names(filter_partners(ROWS, KEYS, PartnerFilter(center_code="AGR"))) == [
        "Blue Harbor Trading"
    ]
    assert names(filter_partners(ROWS, KEYS, PartnerFilter(tier=0))) == ["Blue Harbor Trading"]
    assert names(filter_partners(ROWS, KEYS, PartnerFilter(status="suspended"))) == [
        "Acme Textiles"
    ]


def test_the_table_filters_as_the_user_types(qtbot: Any, demo_window: MainWindow) -> None:
    demo_window.show_page("partners")
    settle(qtbot, demo_window.desk)
    page: Any = demo_window.page("partners")
    total = page._model.rowCount()
    assert total == 30
    name = next(p.legal_name for p in page._model.rows() if p.legal_name.isascii())
    typed = "".join(c for c in name if c.isalpha())
    qtbot.keyClicks(page._search_line_edit, typed[:5])
    shown = page._model.rowCount()
    assert 1 <= shown < total
    assert all(typed[:5].casefold() in search_key(page._model.record(r)) for r in range(shown))
    assert f"of {total}" in page._count_label.text()


def test_partners_are_listed_by_name_at_first(qtbot: Any, demo_window: MainWindow) -> None:
    demo_window.show_page("partners")
    settle(qtbot, demo_window.desk)
    page: Any = demo_window.page("partners")
    listed = [p.legal_name.casefold() for p in page._model.rows()]
    assert listed == sorted(listed)


def test_sorting_uses_the_raw_numbers_not_their_text(qtbot: Any, demo_window: MainWindow) -> None:
    demo_window.show_page("partners")
    settle(qtbot, demo_window.desk)
    page: Any = demo_window.page("partners")
    page._table_view.sortByColumn(TOUCH_POINTS, Qt.SortOrder.DescendingOrder)
    counts = [page._model.record(r).touch_points_12m for r in range(page._model.rowCount())]
    assert counts == sorted(counts, reverse=True)
    page._table_view.sortByColumn(NEXT_DEADLINE, Qt.SortOrder.AscendingOrder)
    due = [page._model.record(r).next_deadline for r in range(page._model.rowCount())]
    dated = [d for d in due if d is not None]
    assert dated == sorted(dated) and due[: len(dated)] == dated  # empty ones last
    assert all(isinstance(d, date) for d in dated)


def test_enter_opens_the_selected_partner(qtbot: Any, demo_window: MainWindow) -> None:
    demo_window.show_page("partners")
    settle(qtbot, demo_window.desk)
    page: Any = demo_window.page("partners")
    activate(qtbot, demo_window)
    page._table_view.setFocus()
    page._table_view.setCurrentIndex(page._model.index(2, 0))
    wanted = page._model.record(2).id
    qtbot.keyClick(page._table_view, Qt.Key.Key_Return)
    assert demo_window.current_partner_id() == wanted


def test_a_hidden_column_stays_hidden_in_the_next_window(
    qtbot: Any, demo_window: MainWindow, make_desk: Any, demo_store: Any
) -> None:
    from tests.gui.conftest import open_window

    demo_window.show_page("partners")
    settle(qtbot, demo_window.desk)
    demo_window.page("partners")._show_column(TOUCH_POINTS, False)  # type: ignore[attr-defined]
    other = open_window(qtbot, make_desk(), demo_store, 30)
    other.show_page("partners")
    settle(qtbot, other.desk)
    header = other.page("partners")._table_view.horizontalHeader()  # type: ignore[attr-defined]
    assert header.isSectionHidden(TOUCH_POINTS)
    other.close()


def test_several_partners_can_be_selected(qtbot: Any, demo_window: MainWindow) -> None:
    demo_window.show_page("partners")
    settle(qtbot, demo_window.desk)
    page: Any = demo_window.page("partners")
    page._table_view.selectRow(0)
    qtbot.mouseClick(
        page._table_view.viewport(),
        Qt.MouseButton.LeftButton,
        Qt.KeyboardModifier.ControlModifier,
        page._table_view.visualRect(page._model.index(3, 0)).center(),
    )
    assert len(page.selected_partner_ids()) == 2
