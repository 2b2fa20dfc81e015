"""The engagement progress report on paper: is the partner's touch-point rate going down?"""

from __future__ import annotations

from datetime import date

from reportlab.lib.units import mm
from reportlab.platypus import Flowable, Spacer

from trusted_trader.domain.deadlines import urgency_of
from trusted_trader.domain.wording import compliance_words, share_interval_text, share_text
from trusted_trader.reports.formatting import (
    DASH,
    change_interval_text,
    change_text,
    rate_text,
)
from trusted_trader.reports.options import ReportOptions
from trusted_trader.reports.progress_data import DeadlineLine, KindLine, ProgressSnapshot
from trusted_trader.reports.render.charts import TrendMarks, paired_bars, trend_chart
from trusted_trader.reports.render.common import (
    action_table,
    heading,
    objective_cells,
    objective_value,
    outcome,
    rate_unit,
    result_colours,
)
from trusted_trader.reports.render.document import DocumentInfo, render_sections
from trusted_trader.reports.render.flowables import verdict_colour
from trusted_trader.reports.render.styles import BAD, Styles
from trusted_trader.reports.render.tables import Cell, data_table, section, wrapped


def render_progress_pdf(snapshot: ProgressSnapshot, options: ReportOptions) -> bytes:
    name = snapshot.partner.legal_name
    info = DocumentInfo(
        title=f"Engagement progress report — {name}",
        subject=f"Touch-point reduction, baseline {snapshot.baseline}, current {snapshot.current}",
        author=snapshot.partner.executive_name or "Account Executive",
        running_title=f"Progress report · {name}",
    )
    sections = (
        _header,
        _outcome,
        _compliance,
        _trend,
        _kinds,
        _ports,
        _objectives,
        _facilitation,
        _actions,
        _deadlines,
    )
    return render_sections(snapshot, sections, info, options)


def _header(snapshot: ProgressSnapshot, styles: Styles, width: float) -> list[Flowable]:
    partner = snapshot.partner
    plan = snapshot.plan
    plan_text = (
        f"{plan.title}, {plan.period.label()} ({plan.status}, revision {plan.revision})"
        if plan
        else "No engagement plan"
    )
    pairs = [
        ("Partner", partner.legal_name),
        ("IOR numbers", ", ".join(partner.ior_numbers) or DASH),
        ("Center", partner.center),
        ("Account Executive", partner.executive_name or DASH),
        ("Plan", plan_text),
        ("Compared", snapshot.comparison_text),
    ]
    return heading(styles, "Engagement progress report", partner.legal_name, pairs, width)


def _outcome(snapshot: ProgressSnapshot, styles: Styles, width: float) -> list[Flowable]:
    periods = (snapshot.baseline, snapshot.current)
    counts = (snapshot.baseline_counts, snapshot.current_counts)
    return outcome(styles, periods, counts, snapshot.result, snapshot.statement, width)


def _compliance(snapshot: ProgressSnapshot, styles: Styles, width: float) -> list[Flowable]:
    found = snapshot.compliance
    if found is None:
        return []
    change = found.change
    words = compliance_words(
        change, found.selection, found.all_inspections, snapshot.result.verdict.value
    )
    rows: list[list[Cell]] = [
        [
            name,
            period.label(),
            f"{counts.examined:,}",
            f"{counts.clean:,}",
            share_text(counts.rate),
            share_interval_text(counts.interval()),
        ]
        for name, period, counts in (
            ("Baseline", snapshot.baseline, change.baseline),
            ("Current", snapshot.current, change.current),
        )
    ]
    table = data_table(
        styles,
        ["", "Period", "Examined entries", "Clean", "Compliance", "95% interval"],
        rows,
        [0.12 * width, 0.24 * width, 0.16 * width, 0.1 * width, 0.14 * width, 0.24 * width],
        (2, 3, 4),
    )
    said = [styles.para(words.sentence, styles.statement)]
    if words.warning:
        said.append(styles.para(words.warning, styles.statement))
    if words.all_inspections:
        table.append(styles.para(f"{words.all_inspections}.", styles.small))
    title = styles.para(f"Compliance ({words.which})", styles.heading)
    return section(title, [*said, Spacer(1, 4), *table], len(rows))


def _facilitation(snapshot: ProgressSnapshot, styles: Styles, width: float) -> list[Flowable]:
    rows: list[list[Cell]] = [
        [
            styles.day(f.occurred_on),
            f.kind,
            styles.cell_para(f.description),
            styles.cell_para(f.plan),
        ]
        for f in snapshot.facilitation
    ]
    table = data_table(
        styles,
        ["Date", "Kind", "What CBP delivered", "Plan"],
        rows,
        [0.13 * width, 0.27 * width, 0.4 * width, 0.2 * width],
        empty="No facilitation recorded in this period.",
    )
    return section(
        styles.para("Facilitation delivered in this period", styles.heading), table, len(rows)
    )


def _trend(snapshot: ProgressSnapshot, styles: Styles, width: float) -> list[Flowable]:
    marks = TrendMarks(
        snapshot.baseline, snapshot.current, snapshot.plan_start, snapshot.completions
    )
    chart = trend_chart(snapshot.trend, marks, width, 62 * mm)
    return section(styles.para("Monthly trend", styles.heading), [chart], 0)


def _kinds(snapshot: ProgressSnapshot, styles: Styles, width: float) -> list[Flowable]:
    table = _breakdown(snapshot.kinds, "Kind", styles, width)
    heading = styles.para("By touch-point kind", styles.heading)
    flowables = section(heading, table, len(snapshot.kinds))
    if snapshot.kinds:
        unit = snapshot.kinds[0].result
        chart = paired_bars(
            [k.kind for k in snapshot.kinds],
            [k.result.baseline_rate or 0.0 for k in snapshot.kinds],
            [k.result.current_rate or 0.0 for k in snapshot.kinds],
            width,
            48 * mm,
            f"Rate: {rate_unit(unit)}",
        )
        flowables += [Spacer(1, 4), chart]
    return flowables


def _ports(snapshot: ProgressSnapshot, styles: Styles, width: float) -> list[Flowable]:
    if not snapshot.ports:
        return []
    caption = styles.para(f"Busiest ports first. {snapshot.port_caption}", styles.small)
    table = [caption, Spacer(1, 2), *_breakdown(snapshot.ports, "Port", styles, width)]
    notes = [
        styles.para(f"{p.kind}: {p.result.note}", styles.small)
        for p in snapshot.ports
        if p.result.note and p.result.rate_ratio is None
    ]
    heading = styles.para("By port", styles.heading)
    return section(heading, [*table, *notes], len(snapshot.ports))


def _breakdown(
    lines: tuple[KindLine, ...], first: str, styles: Styles, width: float
) -> list[Flowable]:
    """Touch points, rates and the change of each kind or port, side by side."""
    rows: list[list[Cell]] = [
        [
            k.kind,
            str(k.baseline_touch_points),
            str(k.current_touch_points),
            rate_text(k.result.baseline_rate),
            rate_text(k.result.current_rate),
            change_text(k.result),
            change_interval_text(k.result),
            k.result.verdict.value,
        ]
        for k in lines
    ]
    extra = [
        ("TEXTCOLOR", (7, i), (7, i), verdict_colour(k.result.verdict)) for i, k in enumerate(lines)
    ]
    header = [first, "Baseline", "Current", "Baseline\nrate", "Current\nrate", "Change",
              "95% interval", "Verdict"]  # fmt: skip
    fractions = [0.17, 0.09, 0.09, 0.1, 0.1, 0.11, 0.18, 0.16]
    return data_table(
        styles,
        header,
        rows,
        [f * width for f in fractions],
        (1, 2, 3, 4, 5),
        extra_style=extra,
        empty="No touch points in either period.",
    )


def _objectives(snapshot: ProgressSnapshot, styles: Styles, width: float) -> list[Flowable]:
    widths = [f * width for f in (0.28, 0.24, 0.1, 0.1, 0.1, 0.18)]
    rows: list[list[Cell]] = [
        [*objective_cells(styles, o), objective_value(o, o.current), wrapped(o.result, widths[5])]
        for o in snapshot.objectives
    ]
    table = data_table(
        styles,
        ["Objective", "Measure", "Baseline", "Target", "Current", "Result"],
        rows,
        widths,
        (2, 3, 4),
        extra_style=result_colours(5, [(o.met, o.clear) for o in snapshot.objectives]),
        empty="No objectives (or no plan).",
    )
    return section(styles.para("Objectives", styles.heading), table, len(rows))


def _actions(snapshot: ProgressSnapshot, styles: Styles, width: float) -> list[Flowable]:
    counts = snapshot.action_counts
    summary = f"{counts.done} done, {counts.open} open, {counts.overdue} overdue."
    table = action_table(
        styles,
        snapshot.open_actions,
        [0.45 * width, 0.1 * width, 0.19 * width, 0.12 * width, 0.14 * width],
        lambda a: "Overdue" if a.overdue else a.status,
        first="Open action item",
        empty="No open action items.",
    )
    body: list[Flowable] = [styles.para(summary), Spacer(1, 3), *table]
    return section(styles.para("Action items", styles.heading), body, len(snapshot.open_actions))


def _urgency_cell(line: DeadlineLine, today: date, styles: Styles) -> Cell:
    """ "Overdue" in the table's colour; longer states ("Opens …, due …") wrap in their cell."""
    text = (line.status or urgency_of(line.due_on, today).value).capitalize()
    return text if line.overdue else styles.cell_para(text)


def _deadlines(snapshot: ProgressSnapshot, styles: Styles, width: float) -> list[Flowable]:
    rows: list[list[Cell]] = [
        [
            styles.day(d.due_on),
            d.kind,
            styles.cell_para(d.title),
            _urgency_cell(d, snapshot.today, styles),
        ]
        for d in snapshot.deadlines
    ]
    extra = [
        ("TEXTCOLOR", (3, i), (3, i), BAD) for i, d in enumerate(snapshot.deadlines) if d.overdue
    ]
    table = data_table(
        styles,
        ["Due", "Kind", "What", "Urgency"],
        rows,
        [0.13 * width, 0.17 * width, 0.46 * width, 0.24 * width],
        extra_style=extra,
        empty="No open deadlines.",
    )
    return section(styles.para("Open deadlines", styles.heading), table, len(rows))
