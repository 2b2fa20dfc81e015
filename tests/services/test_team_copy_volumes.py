"""A desk copied into a team database: volumes from entries are counted there, not copied."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest
from sqlalchemy import create_engine, text

from tests.services.entry_rows import add_entries
from trusted_trader.services.partners import PartnerInput, create_partner
from trusted_trader.services.store import open_store
from trusted_trader.services.team_copy import copy_database
from trusted_trader.services.volumes import set_monthly_volume

IOR = "77-7777777AB"
JAN, FEB = date(2026, 1, 1), date(2026, 2, 1)
COUNTED = [
    ("2026-01", 40, True, 3, "2704:2 3901:1"),  # the reported 40 stays beside the 3 counted
    ("2026-02", 0, False, 1, "2704:1"),
]


def _desk(path: Path, *, tampered: bool) -> str:
    """A file with entries in two months; ``tampered``: its counted figures are wrong."""
    url = f"sqlite:///{path}"
    store = open_store(url, actor="ann@cbp.dhs.gov")
    with store.uow() as uow:
        partner = int(create_partner(uow, PartnerInput("Eta Freight", IOR)).id)
        set_monthly_volume(uow, partner, JAN, 40)
        add_entries(uow.connection, partner, JAN, "2704", 2)
        add_entries(uow.connection, partner, JAN, "3901", 1)
        add_entries(uow.connection, partner, FEB, "2704", 1)
        if tampered:
            uow.connection.execute(text("UPDATE monthly_volume SET derived_entries = 999"))
            uow.connection.execute(text("DELETE FROM port_volume"))
        uow.commit()
    store.close()
    return url


def _volumes(url: str) -> list[tuple[object, ...]]:
    engine = create_engine(url)
    sql = """
        SELECT to_char(v.month, 'YYYY-MM'), v.entries, v.reported, v.derived_entries,
               (SELECT string_agg(p.port_code || ':' || p.entries, ' ' ORDER BY p.port_code)
                FROM port_volume p WHERE p.partner_id = v.partner_id AND p.month = v.month)
        FROM monthly_volume v ORDER BY v.month
    """
    try:
        with engine.connect() as conn:
            return [tuple(r) for r in conn.execute(text(sql))]
    finally:
        engine.dispose()


@pytest.mark.postgres
def test_a_copied_desk_has_its_volumes_counted_from_its_entries(
    pg_url: str, tmp_path: Path
) -> None:
    copy_database(_desk(tmp_path / "desk.sqlite", tampered=True), pg_url)
    assert _volumes(pg_url) == COUNTED


@pytest.mark.postgres
def test_a_merged_desk_has_its_volumes_counted_from_its_entries(
    pg_url: str, tmp_path: Path
) -> None:
    copy_database(_desk(tmp_path / "colleague.sqlite", tampered=False), pg_url)
    engine = create_engine(pg_url)
    try:  # the team's own figures go wrong meanwhile: the merge counts them again
        with engine.begin() as conn:
            conn.execute(text("DELETE FROM customs_entry WHERE month = '2026-02-01'"))
    finally:
        engine.dispose()
    copy_database(_desk(tmp_path / "mine.sqlite", tampered=True), pg_url, merge=True)
    # The colleague's 4 entries and mine (other entry numbers) are all the team's now.
    assert _volumes(pg_url) == [
        ("2026-01", 40, True, 6, "2704:4 3901:2"),
        ("2026-02", 0, False, 1, "2704:1"),
    ]


def _with_digests(path: Path) -> str:
    """A desk whose entries carry the digests of the lines they were imported from."""
    url = _desk(path, tampered=False)
    engine = create_engine(url)
    try:
        with engine.begin() as conn:
            conn.execute(text("UPDATE customs_entry SET source_digest = 12345"))
    finally:
        engine.dispose()
    return url


@pytest.mark.postgres
def test_merged_entries_come_without_the_line_digests_bound_to_their_desks_partner_ids(
    pg_url: str, tmp_path: Path
) -> None:
    copy_database(_with_digests(tmp_path / "colleague.sqlite"), pg_url)  # ids kept as they are
    copy_database(_with_digests(tmp_path / "mine.sqlite"), pg_url, merge=True)  # ids renumbered
    team = create_engine(pg_url)
    try:
        with team.connect() as conn:
            sql = "SELECT source_digest FROM customs_entry ORDER BY source_digest NULLS FIRST"
            assert list(conn.execute(text(sql)).scalars()) == [None] * 4 + [12345] * 4
    finally:
        team.dispose()
