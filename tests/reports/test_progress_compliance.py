"""The progress report tells compliance and the facilitation delivered, in the CLI's words."""

from __future__ import annotations

import subprocess
from datetime import date

import pytest
from report_fixtures import BASELINE, CURRENT, KnownPartner, invariant_options

from tests.conftest import valid_entry
from trusted_trader.cli import main
from trusted_trader.reports.api import render_progress
from trusted_trader.services import facilitation, touch_points
from trusted_trader.services.facilitation import FacilitationInput
from trusted_trader.services.store import Store
from trusted_trader.services.touch_points import TouchPointInput


def _text(pdf: bytes) -> str:
    done = subprocess.run(
        ["pdftotext", "-layout", "-", "-"], input=pdf, capture_output=True, check=True
    )
    return " ".join(done.stdout.decode("utf-8").split())


def _exams(store: Store, partner_id: int) -> None:
    """20 clean exams in the baseline; 20 in the current period, 9 with discrepancies."""
    with store.uow() as uow:
        for i in range(20):
            for period, found in ((BASELINE, False), (CURRENT, i < 9)):
                day = date(period.first.year, 1 + i % 10, 2 + i // 10)
                touch_points.record_touch_point(
                    uow,
                    partner_id,
                    TouchPointInput(
                        day,
                        "exam",
                        entry_number=valid_entry(f"XYZ{day:%y%m}{i:03d}"),
                        outcome="discrepancy" if found else "no_discrepancy",
                    ),
                )
        facilitation.record_facilitation(
            uow,
            partner_id,
            FacilitationInput(date(2026, 4, 7), "cf28_assistance", "Helped answer a CF-28"),
        )
        facilitation.record_facilitation(  # before the current period: not listed
            uow, partner_id, FacilitationInput(date(2025, 4, 7), "training", "Old training")
        )
        uow.commit()


def test_compliance_reads_the_same_in_the_pdf_and_the_cli(
    store: Store, known: KnownPartner, db_url: str, capsys: pytest.CaptureFixture[str]
) -> None:
    _exams(store, known.partner_id)
    pdf = render_progress(
        store, known.partner_id, known.plan_id, BASELINE, CURRENT, invariant_options()
    )
    text = _text(pdf)
    args = ["--baseline", "2025-01:2025-12", "--current", "2026-01:2026-10"]
    assert main(["--db", db_url, "stats", "--partner", "12-3456789AB", *args]) == 0
    cli = capsys.readouterr().out
    sentence = next(line for line in cli.splitlines() if line.startswith("Compliance ("))
    assert sentence.startswith(
        "Compliance (all inspections) fell 45.0 points, from 100.0% to 55.0%"
    )
    assert sentence.endswith(": worsened.")
    assert sentence in text
    # The warning (touch points fell clearly while compliance fell) is said in both or neither.
    assert ("Fewer touch points, but compliance fell." in text) == ("Fewer touch points" in cli)


def test_the_facilitation_of_the_period_is_listed_and_no_other(
    store: Store, known: KnownPartner
) -> None:
    _exams(store, known.partner_id)
    pdf = render_progress(
        store, known.partner_id, known.plan_id, BASELINE, CURRENT, invariant_options()
    )
    text = _text(pdf)
    assert "Facilitation delivered in this period" in text
    assert "2026-04-07 Assistance with a CF-28 Helped answer a CF-28" in text
    assert "Old training" not in text


def test_the_portfolio_report_says_the_scopes_compliance_in_the_clis_words(
    store: Store, known: KnownPartner, db_url: str, capsys: pytest.CaptureFixture[str]
) -> None:
    from trusted_trader.reports.api import render_portfolio
    from trusted_trader.services.analytics import scope_for

    _exams(store, known.partner_id)
    with store.uow() as uow:
        scope = scope_for(uow, executive_email=known.executive_email)
    pdf = render_portfolio(store, scope, BASELINE, CURRENT, "name", invariant_options())
    args = ["--baseline", "2025-01:2025-12", "--current", "2026-01:2026-10"]
    assert main(["--db", db_url, "stats", "--executive", known.executive_email, *args]) == 0
    sentence = next(
        line for line in capsys.readouterr().out.splitlines() if line.startswith("Compliance (")
    )
    assert sentence in _text(pdf)
