"""Pieces the documents share: the heading, the outcome block, objectives and action items."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Any

from reportlab.platypus import Flowable, Spacer, Table

from trusted_trader.domain.measures import COMPLIANCE_RATE, measure_label
from trusted_trader.domain.periods import MonthRange
from trusted_trader.domain.statistics import Basis, PeriodCounts, Reduction
from trusted_trader.reports.formatting import (
    DASH,
    change_interval_text,
    change_text,
    number_text,
    rate_text,
)
from trusted_trader.reports.plan_data import ActionLine, ObjectiveLine
from trusted_trader.reports.render.flowables import VerdictBadge
from trusted_trader.reports.render.styles import BAD, GOOD, Styles
from trusted_trader.reports.render.tables import Cell, data_table, key_value_table


def heading(
    styles: Styles, title: str, subtitle: str, pairs: Sequence[tuple[str, str]], width: float
) -> list[Flowable]:
    """A document's first lines: its title, whom it is about, and the facts that frame it."""
    return [
        styles.para(title, styles.title),
        styles.para(subtitle, styles.subtitle),
        key_value_table(styles, pairs, width),
    ]


def objective_cells(styles: Styles, line: ObjectiveLine) -> list[Cell]:
    """An objective as the plan states it: what, measured how, from where to where."""
    return [
        styles.cell_para(line.description),
        styles.cell_para(line.measure),
        objective_value(line, line.baseline),
        objective_value(line, line.target),
    ]


def objective_value(line: ObjectiveLine, value: float | None) -> str:
    """A rate per 1,000 entries as rates are printed; a compliance rate as a percentage."""
    if line.measure == measure_label(COMPLIANCE_RATE) and value is not None:
        return f"{value:.1f}%"
    return rate_text(value)


def result_colours(column: int, results: Sequence[tuple[bool | None, bool | None]]) -> list[Any]:
    """Table styles for an objectives' result column: green only when met and statistically
    clear, red when not met; a target met by chance stays in the plain text colour."""
    colours = {(True, True): GOOD, (False, True): BAD, (False, False): BAD, (False, None): BAD}
    return [
        ("TEXTCOLOR", (column, row), (column, row), colours[result])
        for row, result in enumerate(results)
        if result in colours
    ]


def action_table(
    styles: Styles,
    actions: Sequence[ActionLine],
    widths: Sequence[float],
    status: Callable[[ActionLine], Cell],
    *,
    first: str,
    empty: str,
) -> list[Flowable]:
    """Action items with owner and due date; each document words the status its own way."""
    rows = [
        [
            styles.cell_para(a.description),
            a.owner_side,
            styles.cell_para(a.owner or DASH),
            styles.day(a.due_on),
            status(a),
        ]
        for a in actions
    ]
    extra = [("TEXTCOLOR", (4, i), (4, i), BAD) for i, a in enumerate(actions) if a.overdue]
    header = [first, "Owner side", "Owner", "Due", "Status"]
    return data_table(styles, header, rows, widths, extra_style=extra, empty=empty)


def rate_unit(result: Reduction) -> str:
    if result.basis is Basis.ENTRIES:
        return "touch points per 1,000 entries"
    return "touch points per month (no entry volume known)"


def result_box(styles: Styles, result: Reduction, statement: str, width: float) -> Table:
    """The answer first: a verdict badge beside the sentence, the p-value and any note below."""
    lines: list[Flowable] = [styles.para(statement, styles.statement)]
    details = []
    if result.p_value is not None:
        details.append(f"Exact two-sided p-value of no change: {result.p_value:.3g}.")
    if result.note and result.verdict.value != "not measurable":
        details.append(result.note)
    if details:
        lines.append(styles.para(" ".join(details), styles.small))
    badge = VerdictBadge(result.verdict)
    badge_width = badge.wrap(width, 20)[0] + 16
    table = Table([[badge, lines]], colWidths=[badge_width, width - badge_width], hAlign="LEFT")
    table.setStyle(
        [
            ("VALIGN", (0, 0), (-1, -1), "MIDDLE"),
            ("LEFTPADDING", (0, 0), (0, 0), 0),
            ("BOX", (0, 0), (-1, -1), 0.5, "#9aa5b1"),
            ("BACKGROUND", (0, 0), (-1, -1), "#f8fafc"),
            ("TOPPADDING", (0, 0), (-1, -1), 6),
            ("BOTTOMPADDING", (0, 0), (-1, -1), 6),
            ("LEFTPADDING", (0, 0), (0, 0), 8),
        ]
    )
    return table


def outcome(
    styles: Styles,
    periods: tuple[MonthRange, MonthRange],
    counts: tuple[PeriodCounts, PeriodCounts],
    result: Reduction,
    statement: str,
    width: float,
) -> list[Flowable]:
    """The answer under the heading: the result box, then the counts and the change behind it."""
    fractions = [0.12, 0.27, 0.09, 0.14, 0.14, 0.24]
    header = ["", "Period", "Months", "Touch points", "Entries", "Rate"]
    extra = [("SPAN", (1, 2), (4, 2)), ("FONT", (0, 2), (-1, 2), "DejaVuSans-Bold", 8)]
    rows = _count_rows(periods, counts, result)
    table = data_table(
        styles, header, rows, [f * width for f in fractions], (2, 3, 4, 5), extra_style=extra
    )
    return [
        Spacer(1, 8),
        result_box(styles, result, statement, width),
        Spacer(1, 6),
        *table,
        styles.para(f"Rate: {rate_unit(result)}.", styles.small),
    ]


def _count_rows(
    periods: tuple[MonthRange, MonthRange],
    counts: tuple[PeriodCounts, PeriodCounts],
    result: Reduction,
) -> list[list[Cell]]:
    """Baseline against current: touch points, entries and the rate, then the change."""
    rows: list[list[Cell]] = []
    for name, period, count, rate in (
        ("Baseline", periods[0], counts[0], result.baseline_rate),
        ("Current", periods[1], counts[1], result.current_rate),
    ):
        rows.append(
            [
                name,
                period.label(),
                str(count.months),
                number_text(count.touch_points),
                number_text(count.entries) if count.entries else DASH,
                rate_text(rate),
            ]
        )
    rows.append(
        [
            "Change",
            change_text(result),
            "",
            "",
            "",
            f"95% CI {change_interval_text(result)}",
        ]
    )
    return rows
