"""The engagement plan on paper: header, partner profile, risks, objectives, actions, signatures."""

from __future__ import annotations

from reportlab.platypus import Flowable, KeepTogether, Spacer

from trusted_trader.reports.formatting import DASH
from trusted_trader.reports.options import ReportOptions
from trusted_trader.reports.plan_data import (
    ActionLine,
    PlanSnapshot,
    ProgramLine,
)
from trusted_trader.reports.render.common import (
    action_table,
    heading,
    objective_cells,
    result_colours,
)
from trusted_trader.reports.render.document import DocumentInfo, render_sections
from trusted_trader.reports.render.flowables import SignatureBlock
from trusted_trader.reports.render.styles import BAD, GOOD, Styles
from trusted_trader.reports.render.tables import (
    Cell,
    data_table,
    key_value_table,
    section,
    wrapped,
)


def render_plan_pdf(snapshot: PlanSnapshot, options: ReportOptions) -> bytes:
    partner = snapshot.partner
    info = DocumentInfo(
        title=f"{snapshot.title} — {partner.legal_name}",
        subject=f"Engagement plan {snapshot.period}, revision {snapshot.revision}",
        author=partner.executive_name or "Account Executive",
        running_title=f"Engagement plan · {partner.legal_name}",
    )
    sections = (_header, _profile, _programs, _risks, _objectives, _actions, _reviews, _signatures)
    return render_sections(snapshot, sections, info, options)


def _header(snapshot: PlanSnapshot, styles: Styles, width: float) -> list[Flowable]:
    partner = snapshot.partner
    pairs = [
        ("Partner", partner.legal_name),
        ("Center", partner.center),
        ("Account Executive", _executive(snapshot)),
        ("Plan period", f"{snapshot.period.label()}   (baseline {snapshot.baseline.label()})"),
        ("Status", f"{snapshot.status}, revision {snapshot.revision}"),
    ]
    flowables = heading(styles, snapshot.title, partner.legal_name, pairs, width)
    if snapshot.summary:
        flowables += [Spacer(1, 4), styles.para(snapshot.summary)]
    return flowables


def _executive(snapshot: PlanSnapshot) -> str:
    partner = snapshot.partner
    if partner.executive_email:
        return f"{partner.executive_name} <{partner.executive_email}>"
    return partner.executive_name or DASH


def _profile(snapshot: PlanSnapshot, styles: Styles, width: float) -> list[Flowable]:
    partner = snapshot.partner
    pairs = [
        ("Legal name", partner.legal_name),
        ("Doing business as", partner.dba or DASH),
        ("IOR numbers", ", ".join(partner.ior_numbers) or DASH),
        ("Filer codes", ", ".join(partner.filer_codes) or DASH),
        ("CTPAT account", partner.ctpat_account or DASH),
        ("Location", partner.location or DASH),
    ]
    table = key_value_table(styles, pairs, width)
    return section(styles.para("Partner profile", styles.heading), [table], len(pairs))


def _programs(snapshot: PlanSnapshot, styles: Styles, width: float) -> list[Flowable]:
    header = [
        "Program",
        "Tier",
        "Status",
        "Certified",
        "Next anniversary",
        "Annual review window",
        "Revalidation due",
    ]
    fractions = [0.2, 0.05, 0.1, 0.11, 0.13, 0.25, 0.16]
    rows = [_program_row(line, styles) for line in snapshot.programs]
    late = [
        ("TEXTCOLOR", (6, i), (6, i), BAD)
        for i, line in enumerate(snapshot.programs)
        if line.revalidation_due is not None and line.revalidation_due < snapshot.today
    ]
    table = data_table(
        styles,
        header,
        rows,
        [f * width for f in fractions],
        (1,),
        extra_style=late,
        empty="No programs.",
    )
    return section(styles.para("Programs", styles.heading), table, len(rows))


def _program_row(line: ProgramLine, styles: Styles) -> list[Cell]:
    window = line.review_window
    return [
        styles.cell_para(line.program),
        str(line.tier) if line.tier else DASH,
        line.status,
        styles.day(line.certified_on),
        styles.day(line.anniversary),
        f"{styles.day(window[0])} to {styles.day(window[1])}" if window else DASH,
        f"first expected by {styles.day(line.first_validation_expected)}"
        if line.first_validation_expected and not line.revalidation_due
        else styles.day(line.revalidation_due),
    ]


def _risks(snapshot: PlanSnapshot, styles: Styles, width: float) -> list[Flowable]:
    rows: list[list[Cell]] = [[r.area, r.rating, styles.cell_para(r.notes)] for r in snapshot.risks]
    colours = {"High": BAD, "Low": GOOD}
    extra = [
        ("TEXTCOLOR", (1, i), (1, i), colours[r.rating])
        for i, r in enumerate(snapshot.risks)
        if r.rating in colours
    ]
    table = data_table(
        styles,
        ["Risk area", "Rating", "Notes"],
        rows,
        [0.3 * width, 0.14 * width, 0.56 * width],
        extra_style=extra,
        empty="No risk areas assessed.",
    )
    return section(styles.para("Risk areas", styles.heading), table, len(rows))


def _objectives(snapshot: PlanSnapshot, styles: Styles, width: float) -> list[Flowable]:
    """The objectives as agreed, each with by when its target could be shown at the partner's
    volume and its result so far (met or not, and whether statistically clear)."""
    lines = snapshot.objectives
    widths = [f * width for f in (0.24, 0.18, 0.09, 0.09, 0.24, 0.16)]
    rows = [
        [
            *objective_cells(styles, o),
            styles.cell_para(_sentence(o.provable)),
            wrapped(o.result, widths[5]),
        ]
        for o in lines
    ]
    table = data_table(
        styles,
        ["Objective", "Measure", "Baseline", "Target", "Provable at this volume?", "Result so far"],
        rows,
        widths,
        (2, 3),
        extra_style=result_colours(5, [(o.met, o.clear) for o in lines]),
        empty="No objectives set.",
    )
    return section(styles.para("Objectives", styles.heading), table, len(rows))


def _sentence(text: str) -> str:
    return f"{text[:1].upper()}{text[1:]}." if text else DASH


def _actions(snapshot: PlanSnapshot, styles: Styles, width: float) -> list[Flowable]:
    widths = [0.4 * width, 0.1 * width, 0.18 * width, 0.12 * width, 0.2 * width]
    table = action_table(
        styles,
        snapshot.actions,
        widths,
        lambda a: wrapped(_action_status(a), widths[4]),
        first="Action item",
        empty="No action items.",
    )
    return section(styles.para("Action items", styles.heading), table, len(snapshot.actions))


def _action_status(action: ActionLine) -> str:
    if action.completed_on:
        return f"{action.status} {action.completed_on}"
    return f"{action.status}, overdue" if action.overdue else action.status


def _reviews(snapshot: PlanSnapshot, styles: Styles, width: float) -> list[Flowable]:
    cadence = snapshot.review_cadence_months
    intro = f"Reviewed every {cadence} months." if cadence else "No regular review cadence."
    rows: list[list[Cell]] = [
        [
            styles.day(r.review_on),
            "Done" if r.done else ("Due" if r.review_on >= snapshot.today else "Missed"),
            styles.cell_para(r.notes),
        ]
        for r in snapshot.reviews
    ]
    table = data_table(
        styles,
        ["Review date", "Status", "Notes"],
        rows,
        [0.18 * width, 0.14 * width, 0.68 * width],
        empty="No review dates set.",
    )
    body: list[Flowable] = [styles.para(intro), Spacer(1, 3), *table]
    return section(styles.para("Review schedule", styles.heading), body, len(rows))


def _signatures(snapshot: PlanSnapshot, styles: Styles, width: float) -> list[Flowable]:
    partner = snapshot.partner
    signers = [
        ("Account Executive, CBP", partner.executive_name),
        (f"For {partner.legal_name}", snapshot.partner_representative),
    ]
    block = [
        styles.para("Signatures", styles.heading),
        styles.para("We agree to this engagement plan and to review it on the dates above."),
        Spacer(1, 14),
        SignatureBlock(signers, width),
    ]
    return [KeepTogether(block)]
