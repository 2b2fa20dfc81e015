"""The plan and progress PDFs print each objective's result honestly and its provability."""

from __future__ import annotations

import pytest
from proof_fixtures import CURRENT, ProofPartner, add_proof_partner
from report_fixtures import BASELINE, invariant_options

from tests.reports.pdf_geometry import Word, pdf_pages, pdftotext
from trusted_trader.reports.api import render_plan, render_progress
from trusted_trader.services.store import Store

CHANCE = "Met, but not yet distinguishable from chance"
CLEAR = "Met, statistically clear"


@pytest.fixture
def proof(store: Store) -> ProofPartner:
    return add_proof_partner(store)


def words(pdf: bytes) -> str:
    return " ".join(pdftotext(pdf).split())


def column(pdf: bytes, header: str, following: str | None = None) -> str:
    """The words of the objectives table's column headed ``header``, top to bottom, from the
    header's left edge to that of the column headed ``following`` (None: the last)."""
    for page in pdf_pages(pdf):
        tops = [w.top for w in page.words if w.text == "Objective"]
        heads = [w for w in page.words if w.text == header and tops and abs(w.top - tops[0]) < 2]
        if not heads:
            continue
        head = heads[0]
        right = min(
            (w.x0 for w in page.words if w.text == following and abs(w.top - head.top) < 2),
            default=page.width,
        )
        ends = [w.top for w in page.words if w.text == "Action" and w.top > head.top]
        end = min(ends, default=page.height)
        found = [
            w for w in page.words if head.x0 - 1 <= w.x0 < right - 1 and head.bottom < w.top < end
        ]
        return " ".join(w.text for w in sorted(found, key=_reading_order))
    raise AssertionError(f"no objectives column headed {header}")


def _reading_order(word: Word) -> tuple[float, float]:
    return (round(word.top), word.x0)


def test_the_plan_prints_provability_and_the_result_beside_baseline_and_target(
    store: Store, proof: ProofPartner
) -> None:
    pdf = render_plan(store, proof.plan_id, invariant_options())
    assert "Provable at this volume? Result so far" in words(pdf)
    assert column(pdf, "Provable", "Result") == " ".join(
        (
            "Not provable within the plan: too few entries.",
            "At this volume, a 50% fall would be provable by March 2026.",
            "Not provable within the plan: too few exams.",
            "At this volume, compliance of at least 85% would be provable by April 2026.",
        )
    )
    # The CF-28 fall on 2 against 1 and compliance of 97% on 40 exams are met by chance.
    assert column(pdf, "Result") == f"{CHANCE} {CLEAR} {CHANCE} {CLEAR}"
    # Baseline and target as measured where the plan left them blank: 2 CF-28s in 12,000
    # entries (0.17), less 30% (0.12); 90% of exams clean, and the 97% the words ask.
    assert column(pdf, "Baseline", "Target") == "0.17 10.00 90.0% 90.0%"
    assert column(pdf, "Target", "Provable") == "0.12 5.00 97.0% 85.0%"


def test_the_progress_report_never_prints_a_plain_met_for_a_result_chance_could_give(
    store: Store, proof: ProofPartner
) -> None:
    pdf = render_progress(
        store, proof.partner_id, proof.plan_id, BASELINE, CURRENT, invariant_options()
    )
    assert column(pdf, "Result") == f"{CHANCE} {CLEAR} {CHANCE} {CLEAR}"
    # CF-28: 1 in 10,000 entries (0.10); exams 4 in 1,000 (4.00); compliance 40 of 40 clean.
    assert column(pdf, "Current", "Result") == "0.10 4.00 100.0% 100.0%"
