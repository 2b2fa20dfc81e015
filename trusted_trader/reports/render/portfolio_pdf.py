"""The portfolio report on paper: every partner's reduction, the roll-up, who needs attention."""

from __future__ import annotations

from reportlab.lib.units import mm
from reportlab.platypus import Flowable, Spacer, Table

from trusted_trader.domain.statistics import Verdict
from trusted_trader.domain.wording import both_sides_warning, compliance_sentence
from trusted_trader.reports.formatting import (
    change_interval_text,
    change_text,
    rate_text,
)
from trusted_trader.reports.options import ReportOptions
from trusted_trader.reports.portfolio_data import PortfolioRow, PortfolioSnapshot
from trusted_trader.reports.render.charts import TrendMarks, count_bars, trend_chart
from trusted_trader.reports.render.common import heading, outcome, rate_unit
from trusted_trader.reports.render.document import DocumentInfo, render_sections
from trusted_trader.reports.render.flowables import verdict_colour
from trusted_trader.reports.render.portfolio_funnel import funnel_pages
from trusted_trader.reports.render.styles import BAD, GOOD, Styles
from trusted_trader.reports.render.tables import (
    Cell,
    data_table,
    section,
    wrapped,
)

SCOPE_NAMES = {"executive": "Account Executive", "center": "Center", "all": "All partners"}
SORT_NAMES = {
    "name": "partner name",
    "tier": "CTPAT tier, highest first",
    "rate": "current rate, highest first",
    "baseline-rate": "baseline rate, highest first",
    "reduction": "change, largest fall first",
    "verdict": "verdict (fell, rose, no clear change, not measurable)",
    "deadlines": "open deadlines, most first",
    "plan": "plan status",
}
# Every column but the partner's name is as wide as its widest text (7.5 pt) needs;
# the name takes the rest of the line and wraps.
COLUMNS = (
    ("Partner", 0.0),
    ("Tier", 22.0),
    ("Baseline\nrate", 40.0),
    ("Current\nrate", 38.0),
    ("Change", 36.0),
    ("95% interval", 68.0),
    ("Touch\npoints", 44.0),
    ("Compli-\nance", 54.0),
    ("Facili-\ntation", 36.0),
    ("Open\ndeadlines", 46.0),
    ("Plan", 48.0),
)


def render_portfolio_pdf(snapshot: PortfolioSnapshot, options: ReportOptions) -> bytes:
    whose = _whose(snapshot)
    info = DocumentInfo(
        title=f"Portfolio report — {snapshot.scope_label}",
        subject=f"Touch-point reduction of {len(snapshot.rows)} partners, "
        f"baseline {snapshot.baseline}, current {snapshot.current}",
        author=snapshot.scope_label if snapshot.scope_type == "executive" else whose,
        running_title=f"Portfolio report · {snapshot.scope_label}",
    )
    sections = (_header, _outcome, _rollup, _attention, _partners, funnel_pages)
    return render_sections(snapshot, sections, info, options)


def _whose(snapshot: PortfolioSnapshot) -> str:
    """Whose portfolio: an Account Executive's, a Center's or everyone's."""
    return SCOPE_NAMES.get(snapshot.scope_type, snapshot.scope_type.capitalize())


def _header(snapshot: PortfolioSnapshot, styles: Styles, width: float) -> list[Flowable]:
    pairs = [
        (_whose(snapshot), snapshot.scope_label),
        ("Partners", f"{len(snapshot.rows):,}"),
        ("Compared", f"{snapshot.current.label()} against {snapshot.baseline.label()}"),
        ("Sorted by", SORT_NAMES.get(snapshot.sort_key, snapshot.sort_key)),
    ]
    return heading(styles, "Portfolio report", snapshot.scope_label, pairs, width)


def _outcome(snapshot: PortfolioSnapshot, styles: Styles, width: float) -> list[Flowable]:
    periods = (snapshot.baseline, snapshot.current)
    counts = (snapshot.total_baseline, snapshot.total_current)
    found = outcome(styles, periods, counts, snapshot.total, snapshot.statement, width)
    compliance = snapshot.compliance
    if compliance is None:
        return found
    said = [compliance_sentence(compliance.change, compliance.selection)]
    warning = both_sides_warning(snapshot.total.verdict.value, compliance.change)
    return [
        *found,
        Spacer(1, 4),
        *(styles.para(text, styles.statement) for text in (*said, warning) if text),
    ]


def _rollup(snapshot: PortfolioSnapshot, styles: Styles, width: float) -> list[Flowable]:
    trend_width = width * 0.62
    marks = TrendMarks(snapshot.baseline, snapshot.current)
    trend = trend_chart(snapshot.trend, marks, trend_width, 58 * mm)
    labels = [v.capitalize() for v, _n in snapshot.verdicts]
    counts = [n for _v, n in snapshot.verdicts]
    colours = [verdict_colour(v) for v, _n in snapshot.verdicts]
    bars = count_bars(labels, counts, colours, width - trend_width, 40 * mm)
    caption = styles.para("Partners by verdict", styles.small)
    table = Table([[trend, [caption, bars]]], colWidths=[trend_width, width - trend_width])
    table.setStyle(
        [
            ("VALIGN", (0, 0), (-1, -1), "TOP"),
            ("LEFTPADDING", (0, 0), (-1, -1), 0),
            ("RIGHTPADDING", (0, 0), (-1, -1), 0),
        ]
    )
    return section(styles.para("Roll-up: the portfolio month by month", styles.heading), [table], 0)


def _attention(snapshot: PortfolioSnapshot, styles: Styles, width: float) -> list[Flowable]:
    widths = [0.34 * width, 0.2 * width, 0.46 * width]
    rows: list[list[Cell]] = [
        [
            wrapped(a.legal_name, widths[0]),
            wrapped(_ior_list(a.ior_numbers), widths[1]),
            wrapped("; ".join(a.reasons), widths[2]),
        ]
        for a in snapshot.attention
    ]
    table = data_table(
        styles,
        ["Partner", "IOR numbers", "Why"],
        rows,
        widths,
        empty="No partner has a rising rate, a stale plan or overdue action items.",
    )
    heading = styles.para(f"Partners that need attention ({len(rows):,})", styles.heading)
    return section(heading, table, len(rows))


def _partners(snapshot: PortfolioSnapshot, styles: Styles, width: float) -> list[Flowable]:
    widths = _widths(width)
    rows = [_row(r, widths) for r in snapshot.rows]
    extra = [
        ("TEXTCOLOR", (6, i), (6, i), verdict_colour(r.result.verdict))
        for i, r in enumerate(snapshot.rows)
        if r.result.verdict is not Verdict.NOT_MEASURABLE
    ]
    extra += [
        ("TEXTCOLOR", (7, i), (7, i), GOOD if r.compliance == "improved" else BAD)
        for i, r in enumerate(snapshot.rows)
        if r.compliance in ("improved", "worsened")
    ]
    table = data_table(
        styles,
        [name for name, _f in COLUMNS],
        rows,
        widths,
        (1, 2, 3, 4, 8, 9),
        extra_style=extra,
        empty="No partners in this scope.",
        font_size=7.5,
    )
    unit = rate_unit(snapshot.total) if snapshot.rows else ""
    note = styles.para(
        f"Rates: {unit}; a partner without entry volume is compared per month. Change: what "
        "happened to the rate, with its 95% interval. Compliance: the clean share of examined "
        "entries, compared. Facilitation: benefits CBP delivered in the current period. "
        "Open deadlines: overdue, or due within 60 days.",
        styles.small,
    )
    heading = styles.para("Every partner", styles.heading)
    return section(heading, [note, Spacer(1, 3), *table], len(rows))


def _widths(width: float) -> list[float]:
    fixed = [w for _n, w in COLUMNS[1:]]
    return [width - sum(fixed), *fixed]


def _row(row: PortfolioRow, widths: list[float]) -> list[Cell]:
    result = row.result
    plan = f"{row.plan_status}, stale" if row.stale_plan else row.plan_status
    return [
        wrapped(row.legal_name, widths[0], size=7.5),
        row.tier.label.removeprefix("Tier ") if row.tier else "—",
        rate_text(result.baseline_rate),
        rate_text(result.current_rate),
        change_text(result),
        change_interval_text(result),
        wrapped(result.verdict.value, widths[6], size=7.5),
        wrapped(row.compliance, widths[7], size=7.5),
        str(row.facilitation),
        str(row.open_deadlines),
        wrapped(plan, widths[10], size=7.5),
    ]


def _ior_list(text: str) -> str:
    """IOR numbers one after another, so a long list wraps between numbers."""
    return ", ".join(part.strip() for part in text.replace(";", ",").split(",") if part.strip())
