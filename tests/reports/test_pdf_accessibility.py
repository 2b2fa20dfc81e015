"""Every report kind names itself, its author and its language to assistive technology."""

from __future__ import annotations

from collections.abc import Callable

import pytest
from pypdf.generic import BooleanObject
from report_fixtures import BASELINE, CURRENT, KnownPartner, invariant_options, pdf_reader

from trusted_trader.reports import api
from trusted_trader.services.analytics import scope_for
from trusted_trader.services.store import Store

# How to make each document of reports.api for the known partner; a new kind gets a line here.
MAKERS: dict[str, Callable[[Store, KnownPartner], bytes]] = {
    "render_plan": lambda store, known: api.render_plan(store, known.plan_id, invariant_options()),
    "render_progress": lambda store, known: api.render_progress(
        store, known.partner_id, known.plan_id, BASELINE, CURRENT, invariant_options()
    ),
    "render_portfolio": lambda store, known: api.render_portfolio(
        store, _scope(store, known), BASELINE, CURRENT, "name", invariant_options()
    ),
    "render_week": lambda store, known: api.render_week(
        store,
        _scope(store, known),
        "Ann Lee",
        invariant_options(),  # type: ignore[arg-type]
    ),
}


def _scope(store: Store, known: KnownPartner) -> object:
    with store.uow() as uow:
        return scope_for(uow, executive_email=known.executive_email)


def test_every_report_kind_of_the_api_is_checked_here() -> None:
    kinds = {name for name in api.__all__ if name.startswith("render_")}
    assert kinds <= MAKERS.keys(), f"add a maker for {sorted(kinds - MAKERS.keys())}"


@pytest.mark.parametrize("kind", sorted(MAKERS))
def test_the_pdf_carries_title_author_subject_and_language(
    store: Store, known: KnownPartner, kind: str
) -> None:
    reader = pdf_reader(MAKERS[kind](store, known))
    info = reader.metadata
    assert info is not None
    assert info.title and info.title.strip()
    assert info.author and info.author.strip()
    assert info.subject and info.subject.strip()
    catalog = reader.trailer["/Root"]
    assert catalog["/Lang"] == "en-US"
    assert catalog["/ViewerPreferences"]["/DisplayDocTitle"] == BooleanObject(True)
