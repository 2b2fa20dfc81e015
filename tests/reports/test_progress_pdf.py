from __future__ import annotations

import pytest
from report_fixtures import (
    BASELINE,
    CURRENT,
    HOSTILE_NAME,
    KnownPartner,
    add_known_partner,
    invariant_options,
    pdf_reader,
    pdf_text,
)

from trusted_trader import __version__
from trusted_trader.reports.api import render_progress
from trusted_trader.services.store import Store


def test_the_progress_report_prints_the_answer_and_its_evidence(
    store: Store, known: KnownPartner
) -> None:
    pdf = render_progress(
        store, known.partner_id, known.plan_id, BASELINE, CURRENT, invariant_options()
    )
    text = " ".join(pdf_text(pdf).split())
    for expected in (
        "Engagement progress report",
        "Touch points per 1,000 entries fell 50% (95% CI",
        "Jan 2025 – Dec 2025 12 48 1,200 40.00",
        "Jan 2026 – Oct 2026 10 20 1,000 20.00",
        "Monthly trend",
        "Plan start",
        "Action item completed",
        "Exam 48 0 40.00 0.00 −100%",
        "Met, statistically clear",
        "1 done, 2 open, 1 overdue.",
        "Review HTS of new lines",
        "CTPAT annual review (window opens 2026-12-15)",
        "Opens 2026-12-15, due 2027-03-15",
        "CF-28 response due",
    ):
        assert expected in text, expected


def test_progress_metadata_and_determinism(store: Store, known: KnownPartner) -> None:
    args = (store, known.partner_id, known.plan_id, BASELINE, CURRENT)
    pdf = render_progress(*args, invariant_options())
    assert render_progress(*args, invariant_options()) == pdf
    meta = pdf_reader(pdf).metadata
    assert meta.title == "Engagement progress report — Acme Imports"
    assert (
        meta.subject == "Touch-point reduction, baseline 2025-01:2025-12, current 2026-01:2026-10"
    )
    assert __version__ in meta.creator


def test_a_hostile_name_prints_as_written_in_the_progress_report(store: Store) -> None:
    partner = add_known_partner(store, name=HOSTILE_NAME)
    pdf = render_progress(
        store, partner.partner_id, partner.plan_id, BASELINE, CURRENT, invariant_options()
    )
    assert HOSTILE_NAME in pdf_text(pdf)


def test_a_partner_without_data_gets_an_honest_report(store: Store, known: KnownPartner) -> None:
    from trusted_trader.domain.periods import parse_month_range

    empty = parse_month_range("2020-01:2020-12")
    pdf = render_progress(store, known.partner_id, None, empty, empty, invariant_options())
    text = pdf_text(pdf)
    assert "Not measurable" in text
    assert "No engagement plan" in text


@pytest.mark.parametrize(
    ("step", "ticks"),
    [(2.5, ["0.0", "2.5", "5.0", "7.5"]), (2.0, ["0", "2", "4", "6"]), (0.25, ["0.00", "0.25"])],
)
def test_chart_axis_labels_keep_the_decimals_of_their_step(step: float, ticks: list[str]) -> None:
    from trusted_trader.reports.render.charts import _number_format

    assert [_number_format(step) % (i * step) for i in range(len(ticks))] == ticks
