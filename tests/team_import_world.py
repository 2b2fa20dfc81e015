"""A team database for import tests: two Centers, four partners, an Account Executive, a director.

ELEC holds Ann's partner, Bob's partner and one with no Account Executive; BMT
holds Cy's partner. Logins: ``ann`` (Ann, Account Executive of ELEC), ``dir``
(director of ELEC) and ``cy`` (Account Executive of BMT), each a separate
PostgreSQL login role held by the access rules; ``owner`` is the tables' owner.
"""

from __future__ import annotations

import csv
from collections.abc import Iterator, Sequence
from pathlib import Path

from pg_server import PostgresServer
from sqlalchemy import create_engine, text

from tests.conftest import valid_entry
from trusted_trader.services import reference, team
from trusted_trader.services.importing import ImportOptions, ImportResult, import_file
from trusted_trader.services.partners import PartnerInput, create_partner
from trusted_trader.services.store import Store, open_store

IORS = {"ann": "12-3456780AB", "bob": "12-3456781AB", "cy": "12-3456782AB", "none": "12-3456783AB"}
EMAILS = {"ann": "ann@cbp.dhs.gov", "bob": "bob@cbp.dhs.gov", "cy": "cy@cbp.dhs.gov"}
TOUCH_HEADER = ["IOR number", "Date", "Kind", "Port code", "Entry number", "Notes"]


class TeamWorld:
    def __init__(self, server: PostgresServer, database: str) -> None:
        self.server, self.database = server, database
        self.owner = open_store(server.url(database), actor="owner")
        self.partners: dict[str, int] = {}
        with self.owner.uow() as uow:
            centers = {c.code: c.id for c in reference.list_centers(uow)}
            homes = {"ann": "ELEC", "bob": "ELEC", "cy": "BMT"}
            executives = {
                who: reference.create_executive(
                    uow, name=who.title(), email=EMAILS[who], center_id=centers[home]
                ).id
                for who, home in homes.items()
            }
            for who, ior in IORS.items():
                partner = PartnerInput(
                    f"{who.title()} Partner",
                    ior,
                    center_id=centers[homes.get(who, "ELEC")],
                    executive_id=executives.get(who),
                )
                self.partners[who] = create_partner(uow, partner).id
            uow.commit()
        self.roles = {key: f"{key}_{database}" for key in ("ann", "dir", "cy")}
        with self.owner.uow() as uow:
            team.grant_access(uow, self.roles["ann"], executive_email=EMAILS["ann"])
            team.grant_access(uow, self.roles["cy"], executive_email=EMAILS["cy"])
            team.grant_access(uow, self.roles["dir"], director_code="ELEC")
            uow.commit()
        self._stores: list[Store] = [self.owner]

    def url(self, who: str) -> str:
        if who == "owner":
            return self.server.url(self.database)
        return self.server.url(self.database, user=self.roles[who])

    def store(self, who: str) -> Store:
        opened = open_store(self.url(who), actor=f"{who}-client")
        self._stores.append(opened)
        return opened

    def close(self) -> None:
        for opened in self._stores:
            opened.close()

    def count(self, table: str, partner: str | None = None) -> int:
        sql = f"SELECT count(*) FROM {table}"
        params = {}
        if partner is not None:
            sql += " WHERE partner_id = :p"
            params["p"] = self.partners[partner]
        engine = create_engine(self.url("owner"))
        try:
            with engine.connect() as conn:
                return int(conn.execute(text(sql), params).scalar_one())
        finally:
            engine.dispose()


def team_world(postgres_server: PostgresServer) -> Iterator[TeamWorld]:
    """For a test module's fixture: the world on a fresh database, dropped afterwards."""
    name = postgres_server.new_database()
    made = TeamWorld(postgres_server, name)
    yield made
    made.close()
    postgres_server.drop_database(name)


def touch_points(path: Path, partners: Sequence[str], rows: int, *, notes: str = "") -> Path:
    """``rows`` touch points per partner named, each with its own entry number."""
    with path.open("w", newline="", encoding="utf-8") as handle:
        writer = csv.writer(handle)
        writer.writerow(TOUCH_HEADER)
        for n in range(rows):
            for k, who in enumerate(partners):
                day = f"2026-{1 + n % 12:02d}-{1 + n % 28:02d}"
                entry = valid_entry(f"{k:03d}{n % 10_000_000:07d}")
                writer.writerow([IORS[who], day, "exam", "0101", entry, notes or f"row {n}"])
    return path


def volumes(path: Path, partners: Sequence[str], months: int = 12) -> Path:
    with path.open("w", newline="", encoding="utf-8") as handle:
        writer = csv.writer(handle)
        writer.writerow(["IOR number", "Month", "Entries", "Entered value USD"])
        for who in partners:
            for m in range(months):
                writer.writerow([IORS[who], f"2025-{1 + m:02d}", 100 + m, 1000 * (m + 1)])
    return path


def run_import(
    store: Store,
    kind: str,
    path: Path,
    *,
    partial: bool = False,
    errors: Path | None = None,
    reader: str = "auto",
) -> ImportResult:
    with store.uow() as uow:
        options = ImportOptions(partial=partial, reader=reader)
        result = import_file(uow, kind, path, options, error_file=errors)
        if result.written:
            uow.commit()
    return result
