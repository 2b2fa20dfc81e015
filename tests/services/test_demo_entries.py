"""The demo's entry summaries: consistent with its volumes, touch points and filer codes,
but for the few findings it plants for each data check; on both backends."""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterator
from dataclasses import replace
from datetime import date
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import text

from tests.conftest import DEMO_LAST_MONTH, module_store
from trusted_trader.domain.identifiers import entry_check_digit, parse_entry_number
from trusted_trader.services.demo import DemoSpec, load_demo
from trusted_trader.services.demo_entries import PLANTED, STRAY_SERIALS
from trusted_trader.services.demo_names import FOREIGN_FILERS
from trusted_trader.services.entry_volumes import refresh_derived
from trusted_trader.services.store import Store, open_store

SPEC = DemoSpec(partners=30, touch_points=3000, last_month=DEMO_LAST_MONTH)
ENTRY_MONTHS = {date(2026, m, 1) for m in range(5, 11)}  # the last six months of the demo


@pytest.fixture(
    scope="module", params=["sqlite", pytest.param("postgresql", marks=pytest.mark.postgres)]
)
def demo(
    request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory
) -> Iterator[Store]:
    """A demo database of the test size, built once per backend: the tests only read."""

    def fill(store: Any) -> None:
        with store.uow() as uow:
            load_demo(uow, SPEC)
            uow.commit()

    for store, _filled in module_store(request, tmp_path_factory.mktemp("demo-entries"), fill):
        yield store


def rows(store: Store, sql: str) -> list[Any]:
    with store.uow() as uow:
        return list(uow.connection.execute(text(sql)))


def as_date(value: object) -> date:
    return value if isinstance(value, date) else date.fromisoformat(str(value))


def entries(store: Store) -> list[Any]:
    return rows(
        store,
        "SELECT partner_id, entry_number, filer_code, ior_number, entry_date, summary_date, "
        "month, port_code, lines, entered_value_usd, hts_numbers FROM customs_entry",
    )


def derived_figures(conn: Any) -> list[tuple[object, ...]]:
    months = conn.execute(
        text(
            "SELECT partner_id, month, derived_entries, derived_value_usd FROM monthly_volume "
            "ORDER BY partner_id, month"
        )
    )
    ports = conn.execute(
        text(
            "SELECT partner_id, month, port_code, entries, entered_value_usd FROM port_volume "
            "ORDER BY partner_id, month, port_code"
        )
    )
    return [tuple(r) for r in months] + [tuple(r) for r in ports]


def test_the_demos_derived_volumes_are_what_refresh_derived_counts(demo: Store) -> None:
    with demo.uow() as uow:
        conn = uow.connection
        written = derived_figures(conn)
        partner_ids = list(conn.execute(text("SELECT id FROM partner")).scalars())
        refresh_derived(conn, partner_ids)
        assert derived_figures(conn) == written  # the unit of work rolls back
    counted = {
        (p, as_date(m)) for p, m in rows(demo, "SELECT partner_id, month FROM customs_entry")
    }
    with_derived = rows(
        demo, "SELECT count(*) FROM monthly_volume WHERE derived_entries IS NOT NULL"
    )
    assert with_derived[0][0] == len(counted) > 0


def test_entries_fill_the_last_six_months_of_every_partner_of_a_small_demo(demo: Store) -> None:
    found = rows(demo, "SELECT DISTINCT partner_id, month FROM customs_entry")
    assert {as_date(m) for _p, m in found} == ENTRY_MONTHS
    assert len({p for p, _m in found}) == SPEC.partners
    stray = rows(
        demo,
        "SELECT count(*) FROM monthly_volume WHERE derived_entries IS NULL "
        "AND month >= '2026-05-01' AND entries > 0",
    )
    assert stray == [(0,)]


def test_months_with_entries_report_the_derived_count_but_the_planted_ones(demo: Store) -> None:
    found = rows(
        demo,
        "SELECT entries, derived_entries, entered_value_usd, derived_value_usd FROM monthly_volume"
        " WHERE derived_entries IS NOT NULL",
    )
    mismatched = [(r, d) for r, d, _rv, _dv in found if r != d]
    assert len(mismatched) == PLANTED.mismatched_months
    assert all(abs(r - d) > 3 and abs(r - d) > 0.05 * d for r, d in mismatched)
    assert all(rv == dv for _r, _d, rv, dv in found)


def test_months_without_entries_keep_the_totals_of_a_demo_without_entries(tmp_path: Path) -> None:
    def reported(spec: DemoSpec, name: str) -> dict[tuple[int, date], tuple[int, float]]:
        store = open_store(f"sqlite:///{tmp_path / name}")
        with store.uow() as uow:
            load_demo(uow, spec)
            uow.commit()
        found = rows(
            store,
            "SELECT partner_id, month, entries, entered_value_usd, derived_entries "
            "FROM monthly_volume",
        )
        store.close()
        return {(p, as_date(m)): (n, v) for p, m, n, v, derived in found if derived is None}

    small = replace(SPEC, partners=12, touch_points=500)
    with_entries = reported(small, "with.sqlite")
    without = reported(replace(small, entry_partners=0), "without.sqlite")
    assert len(without) == 12 * 36
    assert len(with_entries) < len(without)
    assert with_entries == {key: without[key] for key in with_entries}


def test_touch_points_of_months_with_entries_name_their_entries_but_the_strays(
    demo: Store,
) -> None:
    by_number = {e.entry_number: e for e in entries(demo)}
    months = {(e.partner_id, as_date(e.month)) for e in by_number.values()}
    touch_points = rows(
        demo, "SELECT partner_id, occurred_on, entry_number, port_code, hts_number FROM touch_point"
    )
    in_months = [t for t in touch_points if (t[0], as_date(t[1]).replace(day=1)) in months]
    strays = []
    for partner_id, day, number, port, hts in in_months:
        entry = by_number.get(number)
        same = entry is not None and (entry.partner_id, as_date(entry.month)) == (
            partner_id,
            as_date(day).replace(day=1),
        )
        if not (same and entry.port_code == port and hts in entry.hts_numbers.split()):
            strays.append((partner_id, number))
    assert len(in_months) > 100
    assert len(strays) == PLANTED.stray_touch_points
    assert len({p for p, _n in strays}) == PLANTED.stray_touch_points  # one partner each
    assert all(int(number[4:11]) >= STRAY_SERIALS for _p, number in strays)


def test_entry_check_digits_hold_but_the_planted_ones(demo: Store) -> None:
    found = entries(demo)
    wrong = [
        e.entry_number
        for e in found
        if entry_check_digit(e.entry_number[:11]) != int(e.entry_number[-1])
    ]
    assert len(wrong) == PLANTED.wrong_check_digits
    assert len({e.entry_number for e in found}) == len(found)
    for (number,) in rows(demo, "SELECT entry_number FROM touch_point"):
        assert parse_entry_number(number) == number


def test_entries_go_under_the_partners_filer_codes_and_iors_but_the_planted_ones(
    demo: Store,
) -> None:
    foreign = rows(
        demo,
        "SELECT e.filer_code FROM customs_entry e WHERE NOT EXISTS (SELECT 1 FROM "
        "partner_filer_code f WHERE f.partner_id = e.partner_id AND f.filer_code = e.filer_code)",
    )
    assert len(foreign) == PLANTED.foreign_filers
    assert {code for (code,) in foreign} <= set(FOREIGN_FILERS)
    assert rows(demo, "SELECT count(*) FROM partner_filer_code WHERE filer_code IN "
                      "('7QX', '8RW', '9SV')") == [(0,)]  # fmt: skip
    other_ior = rows(
        demo,
        "SELECT count(*) FROM customs_entry e WHERE NOT EXISTS (SELECT 1 FROM partner_ior i "
        "WHERE i.partner_id = e.partner_id AND i.ior_number = e.ior_number)",
    )
    assert other_ior == [(0,)]
    mismatched_filer = rows(
        demo, "SELECT count(*) FROM customs_entry WHERE substr(entry_number, 1, 3) <> filer_code"
    )
    assert mismatched_filer == [(0,)]


def test_hts_numbers_lie_in_the_partners_center_but_the_planted_ones(demo: Store) -> None:
    coverage: dict[int, list[str]] = {}
    for center_id, prefix in rows(demo, "SELECT center_id, hts_prefix FROM center_coverage"):
        coverage.setdefault(center_id, []).append(prefix)
    center_of = dict(rows(demo, "SELECT id, center_id FROM partner"))
    outside = []
    for e in entries(demo):
        own = coverage[center_of[e.partner_id]]
        outside += [h for h in e.hts_numbers.split() if not any(h.startswith(p) for p in own)]
    assert len(outside) == PLANTED.other_center_hts
    everything = [p for prefixes in coverage.values() for p in prefixes]
    assert all(any(h.startswith(p) for p in everything) for h in outside)


def test_entries_look_like_ace_entry_summaries(demo: Store) -> None:
    found = entries(demo)
    ports = Counter((e.partner_id, e.port_code) for e in found)
    assert max(Counter(p for p, _port in ports).values()) <= 3  # a partner's usual ports
    assert {e.lines for e in found} == {1, 2, 3, 4, 5}
    for e in found:
        entered, summary = as_date(e.entry_date), as_date(e.summary_date)
        assert 1 <= (summary - entered).days <= 10
        assert as_date(e.month) == entered.replace(day=1)
        assert e.entered_value_usd > 0 and e.entered_value_usd == int(e.entered_value_usd)
        codes = e.hts_numbers.split()
        assert codes == sorted(set(codes)) and len(codes) <= e.lines
        assert all(len(code) == 10 and code.isdigit() for code in codes)


def fingerprint(path: Path, seed: int) -> list[tuple[object, ...]]:
    store = open_store(f"sqlite:///{path}")
    with store.uow() as uow:
        load_demo(uow, replace(SPEC, partners=12, touch_points=800, seed=seed))
        uow.commit()
    found = [tuple(e) for e in entries(store)]
    found += rows(store, "SELECT partner_id, occurred_on, entry_number, port_code FROM touch_point")
    found += rows(store, "SELECT partner_id, month, port_code, entries FROM port_volume")
    store.close()
    return found


def test_the_demos_entries_are_the_same_for_a_seed(tmp_path: Path) -> None:
    first = fingerprint(tmp_path / "a.sqlite", 7)
    assert fingerprint(tmp_path / "b.sqlite", 7) == first
    assert fingerprint(tmp_path / "c.sqlite", 8) != first


def test_entries_go_to_every_nth_partner_up_to_the_share_asked(tmp_path: Path) -> None:
    store = open_store(f"sqlite:///{tmp_path / 'share.sqlite'}")
    with store.uow() as uow:
        result = load_demo(uow, replace(SPEC, partners=25, touch_points=300, entry_partners=10))
        uow.commit()
    found = rows(store, "SELECT DISTINCT partner_id FROM customs_entry ORDER BY partner_id")
    count = rows(store, "SELECT count(*) FROM customs_entry")
    store.close()
    # ceil(25 / 10) = every 3rd partner: 1, 4, .., 25
    assert [p for (p,) in found] == list(range(1, 26, 3))
    assert result.entries == count[0][0] > 0
