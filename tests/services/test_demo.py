from __future__ import annotations

from datetime import date

from sqlalchemy import func, select

from trusted_trader.services.demo import DemoSpec, load_demo
from trusted_trader.services.store import Store, open_store
from trusted_trader.store.models import MonthlyVolume, Partner, TouchPoint


def fingerprint(store: Store) -> list[tuple[object, ...]]:
    with store.uow() as uow:
        conn = uow.connection
        names = list(conn.execute(select(Partner.legal_name).order_by(Partner.id)).scalars())
        sample = list(
            conn.execute(
                select(
                    TouchPoint.partner_id,
                    TouchPoint.occurred_on,
                    TouchPoint.kind,
                    TouchPoint.entry_number,
                )
                .order_by(TouchPoint.id)
                .limit(50)
            )
        )
        return [tuple(names), *[tuple(r) for r in sample]]


def fill(url: str, **kwargs: int) -> Store:
    store = open_store(url)
    with store.uow() as uow:
        load_demo(uow, DemoSpec(last_month=date(2026, 10, 1), **kwargs))
        uow.commit()
    return store


def test_demo_data_is_deterministic_for_a_seed(tmp_path: object) -> None:
    a = fill(f"sqlite:///{tmp_path}/a.sqlite", partners=25, touch_points=2000, seed=7)
    b = fill(f"sqlite:///{tmp_path}/b.sqlite", partners=25, touch_points=2000, seed=7)
    c = fill(f"sqlite:///{tmp_path}/c.sqlite", partners=25, touch_points=2000, seed=8)
    assert fingerprint(a) == fingerprint(b)
    assert fingerprint(a) != fingerprint(c)


def test_demo_data_has_the_counts_asked_for(tmp_path: object) -> None:
    store = fill(f"sqlite:///{tmp_path}/d.sqlite", partners=40, touch_points=5000, years=2)
    with store.uow() as uow:
        conn = uow.connection
        assert conn.execute(select(func.count()).select_from(Partner)).scalar_one() == 40
        assert conn.execute(select(func.count()).select_from(TouchPoint)).scalar_one() == 5000
        assert conn.execute(select(func.count()).select_from(MonthlyVolume)).scalar_one() == 40 * 24
        names = set(conn.execute(select(Partner.legal_name)).scalars())
        assert {"Müller Präzisionsteile GmbH", "Ελληνικά Τρόφιμα Α.Ε."} <= names


def test_rates_fall_after_plan_start_for_most_partners(demo_store: Store) -> None:
    volume = "SELECT SUM(entries) FROM monthly_volume v WHERE v.partner_id = p.id AND v.month"
    query = f"""
        SELECT p.id,
          SUM(CASE WHEN t.occurred_on <  ep.period_start THEN 1 ELSE 0 END) * 1.0 /
            ({volume} < ep.period_start),
          SUM(CASE WHEN t.occurred_on >= ep.period_start THEN 1 ELSE 0 END) * 1.0 /
            ({volume} >= ep.period_start)
        FROM partner p JOIN engagement_plan ep ON ep.partner_id = p.id
        JOIN touch_point t ON t.partner_id = p.id GROUP BY p.id, ep.period_start"""
    with demo_store.uow() as uow:
        rows = uow.connection.exec_driver_sql(query).all()
    falling = sum(1 for _id, before, after in rows if after < before)
    assert falling > len(rows) * 0.6
    assert falling < len(rows)
