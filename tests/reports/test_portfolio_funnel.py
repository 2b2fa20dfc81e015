"""The portfolio report's funnel page: the Center's partners against its limits, in words too."""

from __future__ import annotations

import subprocess
from pathlib import Path

from report_fixtures import (
    BASELINE,
    CURRENT,
    HOSTILE_NAME,
    add_known_partner,
    invariant_options,
    pdf_text,
)

from trusted_trader.reports.api import render_portfolio
from trusted_trader.services import touch_points, volumes
from trusted_trader.services.analytics import Scope, scope_for
from trusted_trader.services.store import Store
from trusted_trader.services.touch_points import TouchPointInput

EMAIL = "ana.muller@cbp.dhs.gov"
OTHER = "bo.chen@cbp.dhs.gov"


def _center(store: Store) -> None:
    """Two partners of PHC alike (20 per 1,000 entries), Ana's third with eleven times their
    rate: the Center's rate (86.67) lies between, beyond the 99.8% limits of all three."""
    add_known_partner(store, name="Alpha Imports", ior="22-3456789AB", executive_email=OTHER)
    add_known_partner(store, name="Beta Trading", ior="32-3456789AB", executive_email=OTHER)
    loud = add_known_partner(store, name=HOSTILE_NAME, ior="42-3456789AB", executive_email=EMAIL)
    with store.uow() as uow:
        for month in range(1, 11):
            first = CURRENT.first.replace(month=month)
            volumes.set_monthly_volume(uow, loud.partner_id, first, 100)
            for day in range(3, 23):
                touch_points.record_touch_point(
                    uow,
                    loud.partner_id,
                    TouchPointInput(CURRENT.first.replace(month=month, day=day), "cf28"),
                )
        uow.commit()


def _flat(pdf: bytes) -> str:
    return " ".join(pdf_text(pdf).split())


def test_a_center_report_has_its_funnel_page_listing_who_is_beyond_the_limits(
    store: Store, tmp_path: Path
) -> None:
    _center(store)
    with store.uow() as uow:
        scope = scope_for(uow, center_code="PHC")
    pdf = render_portfolio(store, scope, BASELINE, CURRENT, "name", invariant_options())
    text = _flat(pdf)
    assert "PHC funnel: each partner against the Center, Jan 2026 – Oct 2026" in text
    assert "The Center's rate: " in text and "touch points per 1,000 entries" in text
    assert "The Center's rate: 86.67 touch points per 1,000 entries." in text
    assert (
        f"Beyond the 99.8% limits (3): {HOSTILE_NAME}: above, 220.00 at 1,000 entries; "
        "Alpha Imports: below, 20.00 at 1,000 entries; Beta Trading: below, 20.00 at 1,000 "
        "entries."
    ) in text
    assert "Beyond the 95% limits (within the 99.8%): no partner." in text
    assert "Entries in the period (log scale)" in text  # the plot's axis
    assert "Ringed and named" not in text  # a Center's report names no one on the plot
    (tmp_path / "portfolio.pdf").write_bytes(pdf)
    subprocess.run(
        ["pdftoppm", "-png", "-r", "60", str(tmp_path / "portfolio.pdf"), str(tmp_path / "page")],
        check=True,
    )
    assert len(list(tmp_path.glob("page*.png"))) >= 2


def test_an_executive_report_rings_their_own_partners_on_their_centers_funnel(
    store: Store,
) -> None:
    _center(store)
    with store.uow() as uow:
        scope = scope_for(uow, executive_email=EMAIL)
    pdf = render_portfolio(store, scope, BASELINE, CURRENT, "name", invariant_options())
    text = _flat(pdf)
    assert "PHC funnel: each partner against the Center" in text
    assert "Ringed and named: the partners of this portfolio." in text
    assert f"{HOSTILE_NAME} (this portfolio): above" in text
    assert "Alpha Imports: below" in text  # another executive's partner: listed, not ringed


def test_the_report_of_all_partners_has_no_funnel_page(store: Store) -> None:
    _center(store)
    pdf = render_portfolio(store, Scope(), BASELINE, CURRENT, "name", invariant_options())
    assert "funnel" not in _flat(pdf)


def test_an_executive_spread_over_many_centers_gets_the_largest_four_and_a_count(
    store: Store,
) -> None:
    """Partners in six Centers: two in the last, one in each other; four funnels, two left."""
    from trusted_trader.reports.portfolio_data import build_portfolio_snapshot
    from trusted_trader.services import partners, reference
    from trusted_trader.services.partners import PartnerInput

    with store.uow() as uow:
        centers = [c.id for c in reference.list_centers(uow)][:6]
        ann = reference.create_executive(uow, name="Ann Lee", email="ann.lee@cbp.dhs.gov")
        homes = [*centers, centers[-1]]
        for i, center_id in enumerate(homes):
            partners.create_partner(
                uow,
                PartnerInput(
                    f"Spread {i}", f"{50 + i}-3456789AB", center_id=center_id, executive_id=ann.id
                ),
            )
        uow.commit()
        scope = scope_for(uow, executive_email="ann.lee@cbp.dhs.gov")
        snapshot = build_portfolio_snapshot(uow, scope, BASELINE, CURRENT, "name", CURRENT.last)
    assert len(centers) == 6
    assert [page.funnel.center_id for page in snapshot.funnels] == [
        centers[-1],
        *sorted(centers[:-1])[:3],
    ]
    assert len(snapshot.funnels[0].highlight) == 2 and snapshot.more_centers == 2
    pdf = render_portfolio(store, scope, BASELINE, CURRENT, "name", invariant_options())
    assert "2 more Centers with a few of these partners each have no funnel here" in _flat(pdf)
