"""Printed documents read dates the way the user chose to (ISO unless US was chosen)."""

from __future__ import annotations

import pytest
from report_fixtures import KnownPartner, invariant_options, pdf_text

from trusted_trader.reports.api import render_plan
from trusted_trader.reports.options import ReportOptions
from trusted_trader.services.store import Store


def test_the_us_date_style_prints_month_day_year(store: Store, known: KnownPartner) -> None:
    text = pdf_text(render_plan(store, known.plan_id, invariant_options(date_style="us")))
    assert "12/15/2026 to 03/15/2027" in text
    assert "Generated 11/28/2026" in text
    assert "2026-12-15" not in text and "2026-11-28" not in text


def test_iso_stays_the_default(store: Store, known: KnownPartner) -> None:
    text = pdf_text(render_plan(store, known.plan_id, invariant_options()))
    assert "2026-12-15 to 2027-03-15" in text and "Generated 2026-11-28" in text


def test_a_date_style_not_offered_is_refused() -> None:
    with pytest.raises(ValueError, match="date style 'eu' is not one of: iso, us"):
        ReportOptions(date_style="eu")
