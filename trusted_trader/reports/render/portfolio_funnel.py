"""The portfolio report's funnel pages: each Center's partners against its limits, in words too.

For a Center's report, that Center; for an Account Executive's, each Center their partners
belong to, their own partners ringed and named. Under each plot, the partners beyond the
99.8% limits and those beyond the 95% limits only, so the plot's colours are also in words.
"""

from __future__ import annotations

from reportlab.lib.units import mm
from reportlab.platypus import CondPageBreak, Flowable, Spacer

from trusted_trader.reports.portfolio_data import FunnelPage, PortfolioSnapshot
from trusted_trader.reports.render.funnel_chart import FunnelCurvePoint, FunnelDot, funnel_chart
from trusted_trader.reports.render.styles import Styles
from trusted_trader.reports.render.text import printable
from trusted_trader.services.analytics import FunnelPoint

PLOT_HEIGHT = 95 * mm
LABEL_CHARACTERS = 24  # a name on the plot is cut here; the lists under it give it whole


def funnel_pages(snapshot: PortfolioSnapshot, styles: Styles, width: float) -> list[Flowable]:
    """One page per Center funnel of the snapshot (none for all partners)."""
    story: list[Flowable] = []
    for page in snapshot.funnels:
        story += [CondPageBreak(PLOT_HEIGHT + 40 * mm), *_page(page, styles, width)]
    if snapshot.more_centers:
        noun = "Center" if snapshot.more_centers == 1 else "Centers"
        story.append(
            styles.para(
                f"{snapshot.more_centers} more {noun} with a few of these partners each "
                "have no funnel here; see each Center's own portfolio report.",
                styles.small,
            )
        )
    return story


def _page(page: FunnelPage, styles: Styles, width: float) -> list[Flowable]:
    funnel = page.funnel
    title = f"{funnel.center_code} funnel: each partner against the Center, {funnel.months.label()}"
    rate = (
        f"The Center's rate: {funnel.center_rate:.2f} touch points per 1,000 entries."
        if funnel.center_rate is not None
        else "No partner of the Center has entries in the period."
    )
    mine = " Ringed and named: the partners of this portfolio." if page.highlight else ""
    dots = [_dot(p, page.highlight) for p in funnel.points if p.rate is not None and p.entries]
    curve = [
        FunnelCurvePoint(c.entries, c.lower, c.upper, c.lower_998, c.upper_998)
        for c in funnel.curve
    ]
    return [
        styles.para(title, styles.heading),
        styles.para(rate + mine, styles.small),
        funnel_chart(dots, curve, funnel.center_rate, width, PLOT_HEIGHT),
        Spacer(1, 4),
        *_beyond_lists(funnel.beyond, page.highlight, styles),
    ]


def _dot(point: FunnelPoint, highlight: frozenset[int]) -> FunnelDot:
    label = ""
    if point.partner_id in highlight:
        name = printable(point.legal_name)  # drawn as a String, not a Paragraph: made safe here
        label = name if len(name) <= LABEL_CHARACTERS else name[: LABEL_CHARACTERS - 1] + "…"
    return FunnelDot(point.entries, point.rate or 0.0, point.position != "within", label)


def _beyond_lists(
    beyond: list[FunnelPoint], highlight: frozenset[int], styles: Styles
) -> list[Flowable]:
    wide = [p for p in beyond if p.beyond_998]
    narrow = [p for p in beyond if not p.beyond_998]
    return [
        styles.para(_listed("Beyond the 99.8% limits", wide, highlight), styles.body),
        styles.para(
            _listed("Beyond the 95% limits (within the 99.8%)", narrow, highlight), styles.body
        ),
    ]


def _listed(what: str, points: list[FunnelPoint], highlight: frozenset[int]) -> str:
    if not points:
        return f"{what}: no partner."
    named = "; ".join(
        f"{p.legal_name}{' (this portfolio)' if p.partner_id in highlight else ''}: "
        f"{p.position}, {p.rate or 0.0:.2f} at {p.entries:,} entries"
        for p in points
    )
    return f"{what} ({len(points):,}): {named}."
