from __future__ import annotations

import pytest
from report_fixtures import (
    HOSTILE_NAME,
    KnownPartner,
    add_known_partner,
    invariant_options,
    pdf_reader,
    pdf_text,
)

from trusted_trader import __version__
from trusted_trader.reports.api import render_plan
from trusted_trader.services.store import Store


def test_the_plan_prints_its_sections_and_values(store: Store, known: KnownPartner) -> None:
    text = pdf_text(render_plan(store, known.plan_id, invariant_options()))
    for expected in (
        "Engagement plan 2026",
        "Acme Imports",
        "PHC — Pharmaceuticals, Health & Chemicals",
        "Ana Müller <ana.muller@cbp.dhs.gov>",
        "Jan 2026 – Dec 2026",
        "Active, revision 1",
        "12-3456789AB, 98-7654321CD",
        "2026-12-15 to 2027-03-15",
        "Assists not declared",
        "Review HTS of new lines",
        "Open, overdue",
        "Reviewed every 3 months.",
        "Jane Roe, Compliance manager",
        "Generated 2026-11-28",
    ):
        assert expected in text, expected


def test_the_plan_has_metadata_and_page_numbers(store: Store, known: KnownPartner) -> None:
    reader = pdf_reader(render_plan(store, known.plan_id, invariant_options()))
    meta = reader.metadata
    assert meta.title == "Engagement plan 2026 — Acme Imports"
    assert meta.author == "Ana Müller"
    assert meta.subject == "Engagement plan 2026-01:2026-12, revision 1"
    assert f"Trusted Trader {__version__}" in meta.creator
    assert f"Trusted Trader {__version__}" in meta.producer
    pages = len(reader.pages)
    last = reader.pages[-1].extract_text()
    assert f"Page {pages} of {pages}" in last


@pytest.mark.parametrize(("size", "width"), [("letter", 612), ("a4", 595)])
def test_the_paper_size_is_the_users_choice(
    store: Store, known: KnownPartner, size: str, width: int
) -> None:
    reader = pdf_reader(render_plan(store, known.plan_id, invariant_options(page_size=size)))
    assert round(float(reader.pages[0].mediabox.width)) == width


def test_the_marking_line_prints_on_every_page_and_is_empty_by_default(
    store: Store, known: KnownPartner
) -> None:
    marked = pdf_reader(
        render_plan(store, known.plan_id, invariant_options(marking="CUI//PRIVILEGE"))
    )
    assert all("CUI//PRIVILEGE" in page.extract_text() for page in marked.pages)
    plain = pdf_text(render_plan(store, known.plan_id, invariant_options()))
    assert "CUI" not in plain


def test_invariant_mode_gives_the_same_bytes_twice(store: Store, known: KnownPartner) -> None:
    first = render_plan(store, known.plan_id, invariant_options())
    assert render_plan(store, known.plan_id, invariant_options()) == first


@pytest.mark.parametrize(
    "name",
    [
        HOSTILE_NAME,
        "Ołówek & Żółć Spółka z o.o. — Ærøskøbing Façade Ñandú",
        "Ελληνικά Εμπορικά Α.Ε. «Ωμέγα»",
        "ООО «Рога и копыта» <Экспорт>",
        "The Extraordinarily Long-Named International Importers, Distributors & Logistics "
        "Consolidators of Fine Industrial Components and Assorted Sundries Incorporated",
    ],
)
def test_hostile_partner_names_print_exactly_as_written(store: Store, name: str) -> None:
    partner = add_known_partner(store, name=name)
    pdf = render_plan(store, partner.plan_id, invariant_options())
    flat = " ".join(pdf_text(pdf).split())
    assert " ".join(name.split()) in flat
    assert pdf_reader(pdf).metadata.title == f"Engagement plan 2026 — {name}"
