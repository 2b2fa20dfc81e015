"""Partners whose every touch point and entry is known, for checking the statistics by hand.

Periods: baseline 2025-01..2025-06, current 2026-01..2026-06 (six months each).

ELEC Center
  Alpha   (Ann)  1,000 entries a month in both periods.
                 baseline: 2 exams (port 2704) + 1 CF-28 (port 1001) a month = 12 + 6 = 18
                 current:  1 exam (2704) a month + 1 CF-28 (1001) in Jan-Mar   =  6 + 3 =  9
                 and one touch point just outside each edge of the baseline (2024-12-31,
                 2025-07-01), which no period may count.
  Beta    (Bob)  500 entries a month in the baseline, 1,000 in the current period.
                 baseline: 1 hold (2704) a month = 6
                 current:  1 hold (1001) + 1 exam (2704) a month = 12
  Deleted (Ann)  10,000 entries a month, 5 exams in each period; deleted, so never counted.
MAC Center
  Gamma   (Bob)  no volume at all; 4 exams in the baseline, 2 in the current period.
BMT Center (current period only, for the funnel plot)
  Epsilon   100 entries a month, 1 exam a month       = 6 / 600
  Zeta    5,000 entries a month, no touch points       = 0 / 30,000
  Eta     1,000 entries a month, 2 exams a month       = 12 / 6,000
  Theta   1,000 entries a month, 1 exam in Jan-Mar     = 3 / 6,000
  Iota    no volume, 1 exam                            = 1 / none
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from trusted_trader.domain.periods import MonthRange, add_months, parse_month_range
from trusted_trader.services import partners, reference, touch_points, volumes
from trusted_trader.services.partners import PartnerInput
from trusted_trader.services.store import Store
from trusted_trader.services.touch_points import TouchPointInput
from trusted_trader.store.uow import UnitOfWork

BASELINE = parse_month_range("2025-01:2025-06")
CURRENT = parse_month_range("2026-01:2026-06")
ANN = "ann.lee@cbp.dhs.gov"
BOB = "bob.diaz@cbp.dhs.gov"
ALPHA_IOR = "12-3456789AB"
GAMMA_IOR = "34-5678901EF"
DELETED_IOR = "45-6789012GH"


@dataclass(frozen=True)
class World:
    ids: dict[str, int]
    centers: dict[str, int]
    executives: dict[str, int]


def months_of(period: MonthRange) -> list[date]:
    return [add_months(period.first, i) for i in range(period.months)]


def touch(uow: UnitOfWork, partner_id: int, day: date, kind: str, port: str = "") -> None:
    touch_points.record_touch_point(uow, partner_id, TouchPointInput(day, kind, port_code=port))


def monthly(uow: UnitOfWork, partner_id: int, period: MonthRange, entries: int) -> None:
    for month in months_of(period):
        volumes.set_monthly_volume(uow, partner_id, month, entries)


def build_world(store: Store) -> World:
    with store.uow() as uow:
        centers = {c.code: c.id for c in reference.list_centers(uow)}
        executives = {
            email: reference.create_executive(
                uow, name=name, email=email, center_id=centers[code]
            ).id
            for name, email, code in (("Ann Lee", ANN, "ELEC"), ("Bob Diaz", BOB, "MAC"))
        }

        def partner(name: str, ior: str, center: str, executive: str | None = None) -> int:
            data = PartnerInput(
                name,
                ior,
                center_id=centers[center],
                executive_id=executives[executive] if executive else None,
            )
            return partners.create_partner(uow, data).id

        ids = {
            "alpha": partner("Alpha Imports", ALPHA_IOR, "ELEC", ANN),
            "beta": partner("Beta Trading", "23-4567890CD", "ELEC", BOB),
            "deleted": partner("Deleted Co", DELETED_IOR, "ELEC", ANN),
            "gamma": partner("Gamma Goods", GAMMA_IOR, "MAC", BOB),
        }
        _fill_elec_and_mac(uow, ids)
        for key, name, ior in (
            ("epsilon", "Epsilon Ltd", "56-7890123JK"),
            ("zeta", "Zeta Corp", "67-8901234LM"),
            ("eta", "Eta Inc", "78-9012345NP"),
            ("theta", "Theta Co", "89-0123456QR"),
            ("iota", "Iota Works", "90-1234567ST"),
        ):
            ids[key] = partner(name, ior, "BMT")
        _fill_bmt(uow, ids)
        partners.delete_partner(uow, ids["deleted"])
        uow.commit()
    return World(ids, centers, executives)


def _fill_elec_and_mac(uow: UnitOfWork, ids: dict[str, int]) -> None:
    alpha, beta, gamma, deleted = ids["alpha"], ids["beta"], ids["gamma"], ids["deleted"]
    monthly(uow, alpha, BASELINE, 1000)
    monthly(uow, alpha, CURRENT, 1000)
    monthly(uow, beta, BASELINE, 500)
    monthly(uow, beta, CURRENT, 1000)
    monthly(uow, deleted, BASELINE, 10_000)
    monthly(uow, deleted, CURRENT, 10_000)
    for month in months_of(BASELINE):
        touch(uow, alpha, month.replace(day=3), "exam", "2704")
        touch(uow, alpha, month.replace(day=17), "exam", "2704")
        touch(uow, alpha, month.replace(day=28), "cf28", "1001")
        touch(uow, beta, month.replace(day=9), "hold", "2704")
    for index, month in enumerate(months_of(CURRENT)):
        touch(uow, alpha, month.replace(day=5), "exam", "2704")
        if index < 3:
            touch(uow, alpha, month.replace(day=20), "cf28", "1001")
        touch(uow, beta, month.replace(day=11), "hold", "1001")
        touch(uow, beta, month.replace(day=12), "exam", "2704")
    touch(uow, alpha, date(2024, 12, 31), "exam", "2704")
    touch(uow, alpha, date(2025, 7, 1), "exam", "2704")
    for day in (date(2025, 2, 1), date(2025, 3, 1), date(2025, 4, 1), date(2025, 6, 30)):
        touch(uow, gamma, day, "exam", "0901")
    touch(uow, gamma, date(2026, 1, 15), "exam", "0901")
    touch(uow, gamma, date(2026, 6, 30), "exam", "0901")
    for day in range(1, 6):
        touch(uow, deleted, date(2025, 1, day), "exam", "2704")
        touch(uow, deleted, date(2026, 1, day), "exam", "2704")


def _fill_bmt(uow: UnitOfWork, ids: dict[str, int]) -> None:
    monthly(uow, ids["epsilon"], CURRENT, 100)
    monthly(uow, ids["zeta"], CURRENT, 5000)
    monthly(uow, ids["eta"], CURRENT, 1000)
    monthly(uow, ids["theta"], CURRENT, 1000)
    for index, month in enumerate(months_of(CURRENT)):
        touch(uow, ids["epsilon"], month.replace(day=2), "exam")
        touch(uow, ids["eta"], month.replace(day=2), "exam")
        touch(uow, ids["eta"], month.replace(day=16), "exam")
        if index < 3:
            touch(uow, ids["theta"], month.replace(day=7), "exam")
    touch(uow, ids["iota"], date(2026, 2, 2), "exam")
