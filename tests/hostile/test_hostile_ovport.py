"""Careless data against the Overview's "By port" table (#20).

Each row is a case tried: a port code with markup (written before codes were checked) is
shown as typed; a port without entries, a period without any volume, counts in the
hundreds of millions and no port at all each read in words or plain figures, never as a
division error, a stray markup or a clipped number.
"""

from __future__ import annotations

from dataclasses import replace
from datetime import date
from typing import Any

import pytest
from PySide6.QtCore import Qt

from trusted_trader.domain import statistics
from trusted_trader.domain.enums import PortBasis
from trusted_trader.domain.periods import MonthRange
from trusted_trader.domain.wording import DASH, port_unrated_words
from trusted_trader.gui.workspace.overview_ports import NO_ENTRIES, PortRates
from trusted_trader.services.analytics import PortReductions, ScopeReduction
from trusted_trader.services.scope import Scope

BASELINE = MonthRange(date(2025, 1, 1), date(2025, 3, 1))
CURRENT = MonthRange(date(2025, 7, 1), date(2025, 9, 1))
SCOPE = Scope("partner", 1, "Acme Imports")


def port(code: str, before: tuple[int, int | None], after: tuple[int, int | None]) -> Any:
    """One port's comparison as ``reduction_by_port`` makes it, unrated without entries."""
    b, c = statistics.PeriodCounts(*before, 3), statistics.PeriodCounts(*after, 3)
    result = statistics.reduction_between(b, c)
    empty = [name for name, n in (("baseline", b), ("current", c)) if n.entries == 0]
    if empty:
        note = port_unrated_words(empty, sum(n.touch_points for n in (b, c) if n.entries == 0))
        rates = tuple(statistics.rate_per_thousand(n.touch_points, n.entries or 0) for n in (b, c))
        unrated = statistics.declared_unmeasurable(result, note, (rates[0], rates[1]))
        result = replace(unrated, basis=statistics.Basis.ENTRIES)
    return (code, ScopeReduction(SCOPE, BASELINE, CURRENT, None, b, c, result))


OWN = "Rates per port divide by the port's own entries (from imported entries)."
PER_MONTH = "Rates per port are touch points per month: a period has no entries on record."
# (case, the port's code and (touch points, entries) of both periods, what the
# rates divide by, the row's first seven cells shown, the caption's end)
CASES = [
    ("markup-in-a-port-code", ("<b>2704</b>", (4, 200), (2, 400)), PortBasis.PORT_ENTRIES,
     ["<b>2704</b>", "4", "2", "200", "400", "20.00", "5.00"], OWN),
    ("no-entries-at-the-port-in-either-period", ("3901", (3, 0), (5, 0)), PortBasis.PORT_ENTRIES,
     ["3901", "3", "5", "0", "0", NO_ENTRIES, NO_ENTRIES], OWN),
    ("no-volume-at-all-rates-per-month", ("3901", (3, None), (5, None)),
     PortBasis.NO_PORT_ENTRIES, ["3901", "3", "5", DASH, DASH, "1.00", "1.67"], PER_MONTH),
    ("counts-in-the-hundreds-of-millions",
     ("2704", (9_000_000, 100_000_000), (10_000_000, 100_000_000)), PortBasis.PORT_ENTRIES,
     ["2704", "9,000,000", "10,000,000", "100,000,000", "100,000,000", "90.00", "100.00"], OWN),
    ("no-touch-points-before-an-unbounded-rise", ("2704", (0, 500), (7, 500)),
     PortBasis.PORT_ENTRIES, ["2704", "0", "7", "500", "500", "0.00", "14.00"], OWN),
]  # fmt: skip


@pytest.mark.parametrize(
    ("given", "basis", "row", "caption"), [c[1:] for c in CASES], ids=[c[0] for c in CASES]
)
def test_careless_port_data_reads_in_words_and_plain_figures(
    qtbot: Any, given: tuple[Any, ...], basis: PortBasis, row: list[str], caption: str
) -> None:
    box = PortRates()
    qtbot.addWidget(box)
    box.show_ports(PortReductions(SCOPE, [port(*given)], basis))
    model = box.model
    assert [model.index(0, c).data() for c in range(7)] == row
    assert box.caption_label.text().endswith(caption)
    for label in (box.caption_label, box.notes_label, box.more_label):
        assert label.textFormat() == Qt.TextFormat.PlainText  # a code is never markup
    for row in range(model.rowCount()):
        said = model.index(row, 9).data()
        assert said in {"fell", "rose", "no clear change", "not measurable"}
        if said == "not measurable":
            assert model.index(row, 7).data() == DASH  # no change where none can be measured


def test_no_port_at_all_says_so_and_shows_no_empty_table(qtbot: Any) -> None:
    box = PortRates()
    qtbot.addWidget(box)
    box.show()
    box.show_ports(PortReductions(SCOPE, [], PortBasis.NO_PORT_ENTRIES))
    assert box.caption_label.text() == "No touch point of these periods names a port."
    assert not box.table_view.isVisible()
    assert not box.notes_label.isVisible() and not box.more_label.isVisible()
