from __future__ import annotations

import re

import pytest
from report_fixtures import (
    BASELINE,
    CURRENT,
    HOSTILE_NAME,
    add_known_partner,
    invariant_options,
    pdf_reader,
    pdf_text,
)

from trusted_trader.reports.api import render_portfolio
from trusted_trader.reports.render import tables
from trusted_trader.services import partners
from trusted_trader.services.analytics import Scope, scope_for
from trusted_trader.services.partners import PartnerInput
from trusted_trader.services.store import Store

EMAIL = "ana.muller@cbp.dhs.gov"


def executive_scope(store: Store) -> Scope:
    with store.uow() as uow:
        return scope_for(uow, executive_email=EMAIL)


def test_the_portfolio_lists_partners_and_who_needs_attention(store: Store) -> None:
    add_known_partner(store, name=HOSTILE_NAME)
    add_known_partner(store, name="Ωμέγα Εμπορική", ior="22-3456789AB")
    pdf = render_portfolio(
        store, executive_scope(store), BASELINE, CURRENT, "name", invariant_options()
    )
    text = pdf_text(pdf)
    flat = " ".join(text.split())
    assert "Portfolio report" in text
    assert HOSTILE_NAME in text
    assert "Ωμέγα Εμπορική" in text
    assert "Partners that need attention (2)" in flat
    assert "1 overdue action item" in flat
    assert "Touch points per 1,000 entries fell 50%" in flat
    assert "Partners by verdict" in flat
    assert pdf_reader(pdf).metadata.title == "Portfolio report — Ana Müller"


def test_a_long_portfolio_repeats_the_header_on_every_page(
    store: Store, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The partner table runs over pages in parts; each page starts with its header."""
    monkeypatch.setattr(tables, "CHUNK_ROWS", 25)
    known = add_known_partner(store)
    with store.uow() as uow:
        scope = scope_for(uow, executive_email=EMAIL)
        for index in range(90):
            partners.create_partner(
                uow,
                PartnerInput(
                    f"Partner {index:02d}", f"{10 + index}-1111111AB", executive_id=scope.id
                ),
            )
        uow.commit()
    pdf = render_portfolio(store, scope, BASELINE, CURRENT, "name", invariant_options())
    pages = [page.extract_text() for page in pdf_reader(pdf).pages]
    first = next(i for i, p in enumerate(pages) if "Every partner" in p)
    # The Center's funnel page comes after the table.
    table_pages = [p for p in pages[first:] if "funnel: each partner" not in p or "Tier" in p]
    assert len(table_pages) >= 2
    assert all("95% interval" in p for p in table_pages)
    names = re.findall(r"Partner (\d\d)", "\n".join(table_pages))
    assert names == [f"{i:02d}" for i in range(90)]
    assert f"Page {len(pages)} of {len(pages)}" in pages[-1]
    assert known.partner_id


def test_portfolio_bytes_are_repeatable(store: Store) -> None:
    add_known_partner(store)
    scope = executive_scope(store)
    first = render_portfolio(store, scope, BASELINE, CURRENT, "reduction", invariant_options())
    assert (
        render_portfolio(store, scope, BASELINE, CURRENT, "reduction", invariant_options()) == first
    )


def test_an_empty_scope_prints_a_short_honest_report(store: Store) -> None:
    with store.uow() as uow:
        scope = scope_for(uow, center_code="ELEC")
    text = pdf_text(render_portfolio(store, scope, BASELINE, CURRENT, "name", invariant_options()))
    assert "No partners in this scope." in text
    assert "Not measurable" in text
