"""Who I am, below the window: who signs changes, and the touch points of my partners."""

from __future__ import annotations

from typing import Any

from trusted_trader.services.audit import partner_history
from trusted_trader.services.partners import PartnerInput, create_partner, list_partners
from trusted_trader.services.reference import list_executives
from trusted_trader.services.touch_points import TouchPointQuery, count_touch_points


def test_on_a_local_file_me_signs_later_changes_and_a_team_login_stays(
    store: Any, backend: str
) -> None:
    login = store.actor
    store.sign_as("me@cbp.dhs.gov")
    with store.uow() as uow:
        partner_id = create_partner(uow, PartnerInput("Signed Imports", "12-3456789AB")).id
        uow.commit()
    with store.uow() as uow:
        who = {entry.actor for entry in partner_history(uow, partner_id)}
    assert who == ({"me@cbp.dhs.gov"} if backend == "sqlite" else {login})
    store.sign_as("")  # nobody chosen: the computer login (or still the team login)
    assert store.actor != "me@cbp.dhs.gov"


def test_touch_points_narrow_to_one_executives_partners(demo_store: Any) -> None:
    with demo_store.uow() as uow:
        me = list_executives(uow)[0]
        mine = [p.id for p in list_partners(uow) if p.executive_email == me.email]
        everyone = count_touch_points(uow, TouchPointQuery())
        narrowed = count_touch_points(uow, TouchPointQuery(executive_id=me.id))
        by_partner = sum(count_touch_points(uow, TouchPointQuery(partner_id=p)) for p in mine)
    assert 0 < narrowed == by_partner < everyone
