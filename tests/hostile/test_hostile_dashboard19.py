"""Hostile partner names on the portfolio report's funnel page (#19).

Each row is a name a careless import or a hostile file may bring: on the plot it is drawn
as a label (cut, with control characters and glyphs the font lacks made safe), and in the
lists under the plot it must print as written, markup and all, never break the PDF.
"""

from __future__ import annotations

import sys
from pathlib import Path

import pytest

REPORTS = Path(__file__).resolve().parent.parent / "reports"
sys.path.insert(0, str(REPORTS))
from report_fixtures import BASELINE, CURRENT, invariant_options, pdf_text  # noqa: E402

from trusted_trader.reports.api import render_portfolio  # noqa: E402
from trusted_trader.services import partners, reference, touch_points, volumes  # noqa: E402
from trusted_trader.services.partners import PartnerInput  # noqa: E402
from trusted_trader.services.scope import Scope  # noqa: E402
from trusted_trader.services.store import Store  # noqa: E402
from trusted_trader.services.touch_points import TouchPointInput  # noqa: E402

LONG = "Very Long Name Trading " * 8  # 184 characters, under the 200 a name may have
NAMES = [
    ('<b>Bold</b> & "Quoted" Co', '<b>Bold</b> & "Quoted" Co'),  # markup prints as written
    (LONG.strip(), LONG.strip()),  # whole in the list, cut on the plot
    ("Ships \U0001f6a2 Ltd", "Ships"),  # a glyph the font lacks
    ("Tab\there Imports", "here Imports"),  # a control character
    ("شركة الاستيراد", None),  # right to left: drawn, not compared as text
]


def _loud_partner(store: Store, name: str) -> Scope:
    """A Center of one quiet partner and the hostile one, whose rate is ten times higher."""
    with store.uow() as uow:
        center = reference.center_by_code(uow, "PHC")
        ids = [
            partners.create_partner(
                uow, PartnerInput(legal, ior, center_id=center.id, executive_id=None)
            ).id
            for legal, ior in (("Quiet Goods", "22-3456789AB"), (name, "32-3456789AB"))
        ]
        for month in range(1, 11):
            first = CURRENT.first.replace(month=month)
            for partner_id, count in zip(ids, (1, 10), strict=True):
                volumes.set_monthly_volume(uow, partner_id, first, 100)
                for day in range(1, count + 1):
                    touch_points.record_touch_point(
                        uow, partner_id, TouchPointInput(first.replace(day=day), "cf28")
                    )
        uow.commit()
        return Scope("center", center.id, "PHC", "PHC")


@pytest.mark.parametrize(("name", "printed"), NAMES)
def test_a_hostile_name_prints_on_the_funnel_page_without_breaking_it(
    store: Store, name: str, printed: str | None
) -> None:
    scope = _loud_partner(store, name)
    pdf = render_portfolio(store, scope, BASELINE, CURRENT, "name", invariant_options())
    text = " ".join(pdf_text(pdf).split())
    assert "PHC funnel: each partner against the Center" in text
    assert "Beyond the 99.8% limits (2): " in text
    if printed is not None:
        assert printed in text.split("Beyond the 99.8% limits")[1]
