"""The team database: access held by PostgreSQL, copying a local file in, no lost updates."""

from __future__ import annotations

import subprocess
import sys
from collections.abc import Iterator
from datetime import date
from pathlib import Path

import pytest
from pg_server import PostgresServer
from sqlalchemy import create_engine, text
from sqlalchemy.exc import DBAPIError

from trusted_trader.cli import main
from trusted_trader.domain.errors import ConflictError
from trusted_trader.services import reference, team
from trusted_trader.services.demo import DemoSpec, load_demo
from trusted_trader.services.partners import PartnerInput, create_partner
from trusted_trader.services.store import Store, open_store
from trusted_trader.services.team_copy import copy_database
from trusted_trader.store.models import SQLModel

LAST_MONTH = date(2026, 10, 1)


def test_everyone_may_edit_every_partner_in_a_local_file(store: Store) -> None:
    with store.uow() as uow:
        partner = create_partner(uow, PartnerInput("Acme Imports", "12-3456789AB"))
        assert team.can_edit_partner(uow, partner.id)


# -- access rules ----------------------------------------------------------------------------


class Team:
    """A team database with two Account Executives of ELEC, one of BMT, and their partners."""

    def __init__(self, server: PostgresServer, database: str) -> None:
        self.server, self.database = server, database
        self.store = open_store(server.url(database), actor="owner")
        self.partners: dict[str, int] = {}
        with self.store.uow() as uow:
            centers = {c.code: c.id for c in reference.list_centers(uow)}
            for n, (email, center) in enumerate(
                [
                    ("ann@cbp.dhs.gov", "ELEC"),
                    ("bob@cbp.dhs.gov", "ELEC"),
                    ("cy@cbp.dhs.gov", "BMT"),
                ]
            ):
                exec_id = uow.connection.execute(
                    text(
                        "INSERT INTO account_executive (name, email, phone, center_id, active, "
                        "version, created_at, updated_at) "
                        "VALUES (:e, :e, '', :c, true, 1, now(), now()) RETURNING id"
                    ),
                    {"e": email, "c": centers[center]},
                ).scalar_one()
                partner = create_partner(
                    uow,
                    PartnerInput(
                        f"{email} Partner",
                        f"12-{3456780 + n:07d}AB",
                        center_id=centers[center],
                        executive_id=exec_id,
                    ),
                )
                self.partners[email.split("@")[0]] = partner.id
            uow.commit()
        self.roles = {key: f"{key}_{database}" for key in ("ann", "dir", "cy")}
        with self.store.uow() as uow:
            team.grant_access(uow, self.roles["ann"], executive_email="ann@cbp.dhs.gov")
            team.grant_access(uow, self.roles["cy"], executive_email="CY@cbp.dhs.gov")
            team.grant_access(uow, self.roles["dir"], director_code="elec")
            uow.commit()

    def url(self, who: str) -> str:
        return self.server.url(self.database, user=self.roles[who])


@pytest.fixture
def team_db(postgres_server: PostgresServer) -> Iterator[Team]:
    name = postgres_server.new_database()
    made = Team(postgres_server, name)
    yield made
    made.store.close()
    postgres_server.drop_database(name)


def run_sql(url: str, statement: str, **params: object) -> int:
    engine = create_engine(url)
    try:
        with engine.begin() as conn:
            return conn.execute(text(statement), params).rowcount
    finally:
        engine.dispose()


def names_seen(url: str) -> set[str]:
    engine = create_engine(url)
    try:
        with engine.connect() as conn:
            return set(conn.execute(text("SELECT legal_name FROM partner")).scalars())
    finally:
        engine.dispose()


@pytest.mark.postgres
def test_an_executive_reads_their_center_but_not_another(team_db: Team) -> None:
    assert names_seen(team_db.url("ann")) == {"ann@cbp.dhs.gov Partner", "bob@cbp.dhs.gov Partner"}
    assert names_seen(team_db.url("cy")) == {"cy@cbp.dhs.gov Partner"}


@pytest.mark.postgres
def test_an_executive_cannot_change_a_colleagues_partner_even_with_raw_sql(team_db: Team) -> None:
    update = "UPDATE partner SET notes = 'mine now' WHERE id = :id"
    assert run_sql(team_db.url("ann"), update, id=team_db.partners["bob"]) == 0
    assert run_sql(team_db.url("ann"), update, id=team_db.partners["ann"]) == 1
    with pytest.raises(DBAPIError, match="row-level security"):
        run_sql(
            team_db.url("ann"),
            "INSERT INTO touch_point (partner_id, occurred_on, kind, port_code, entry_number, "
            "hts_number, agency, outcome, notes, version, created_at, updated_at) VALUES "
            "(:id, '2026-01-02', 'exam', '', '', '', 'CBP', '', '', 1, now(), now())",
            id=team_db.partners["bob"],
        )
    with pytest.raises(DBAPIError, match="only a director may move a partner"):
        run_sql(
            team_db.url("ann"),
            "UPDATE partner SET executive_id = NULL, center_id = NULL WHERE id = :id",
            id=team_db.partners["ann"],
        )
    assert names_seen(team_db.server.url(team_db.database)) >= {"bob@cbp.dhs.gov Partner"}


@pytest.mark.postgres
def test_a_director_changes_everything_in_the_center_and_nothing_outside(team_db: Team) -> None:
    update = "UPDATE partner SET notes = 'reviewed' WHERE id = :id"
    assert run_sql(team_db.url("dir"), update, id=team_db.partners["ann"]) == 1
    assert run_sql(team_db.url("dir"), update, id=team_db.partners["bob"]) == 1
    assert run_sql(team_db.url("dir"), update, id=team_db.partners["cy"]) == 0


@pytest.mark.postgres
def test_the_app_shows_a_colleagues_partner_as_read_only(team_db: Team) -> None:
    ann = open_store(team_db.url("ann"), actor="ann@cbp.dhs.gov")
    try:
        with ann.uow() as uow:
            assert team.can_edit_partner(uow, team_db.partners["ann"])
            assert not team.can_edit_partner(uow, team_db.partners["bob"])
            assert not team.can_edit_partner(uow, team_db.partners["cy"])
    finally:
        ann.close()
    with team_db.store.uow() as uow:  # the owner is not held by the rules
        assert team.can_edit_partner(uow, team_db.partners["bob"])


@pytest.mark.postgres
def test_granting_again_and_revoking_are_safe(team_db: Team) -> None:
    with team_db.store.uow() as uow:
        team.grant_access(uow, team_db.roles["ann"], executive_email="ann@cbp.dhs.gov")
        assert team.revoke_access(uow, team_db.roles["cy"])
        assert not team.revoke_access(uow, team_db.roles["cy"])
        uow.commit()
    with team_db.store.uow() as uow:
        assert [m.role for m in team.list_members(uow)] == sorted(
            [team_db.roles["ann"], team_db.roles["dir"]]
        )
    with pytest.raises(DBAPIError, match="permission denied"):
        names_seen(team_db.url("cy"))


@pytest.mark.sqlite_only
def test_access_rules_need_a_team_database(store: Store) -> None:
    from trusted_trader.domain.errors import ValidationError

    with store.uow() as uow, pytest.raises(ValidationError, match="team"):
        team.grant_access(uow, "ann", executive_email="ann@cbp.dhs.gov")


# -- copying a local database in ------------------------------------------------------------


@pytest.fixture(scope="module")
def local_demo(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("local") / "desk.sqlite"
    store = open_store(f"sqlite:///{path}", actor="ann@cbp.dhs.gov")
    with store.uow() as uow:
        load_demo(uow, DemoSpec(partners=12, touch_points=800, last_month=LAST_MONTH))
        create_partner(uow, PartnerInput("Zeta Trading Ltd", "98-7654321AB"))
        uow.commit()
    store.close()
    return path


def table_counts(url: str) -> dict[str, int]:
    engine = create_engine(url)
    try:
        with engine.connect() as conn:
            return {
                t.name: int(conn.execute(text(f"SELECT count(*) FROM {t.name}")).scalar_one())
                for t in SQLModel.metadata.sorted_tables
            }
    finally:
        engine.dispose()


def spot_values(url: str) -> list[tuple[str, ...]]:
    engine = create_engine(url)
    queries = (
        "SELECT id, legal_name, executive_id, version FROM partner ORDER BY id LIMIT 5",
        "SELECT id, partner_id, occurred_on, kind, port_code FROM touch_point ORDER BY id DESC "
        "LIMIT 5",
        "SELECT id, actor, action, table_name, record_id FROM audit_log ORDER BY id LIMIT 5",
        "SELECT partner_id, month, entries FROM monthly_volume ORDER BY id LIMIT 3",
    )
    try:
        with engine.connect() as conn:
            return [tuple(map(str, r)) for q in queries for r in conn.execute(text(q))]
    finally:
        engine.dispose()


@pytest.mark.postgres
def test_copying_a_local_database_keeps_every_record_and_identifier(
    local_demo: Path, pg_url: str
) -> None:
    local = f"sqlite:///{local_demo}"
    result = copy_database(local, pg_url)
    assert table_counts(pg_url) == table_counts(local)
    assert result.tables["touch_point"] == 800
    assert spot_values(pg_url) == spot_values(local)
    team_store = open_store(pg_url)
    try:
        with team_store.uow() as uow:  # the id sequences moved on: new records fit in
            added = create_partner(uow, PartnerInput("New Partner", "11-1111111AB"))
    finally:
        team_store.close()
    assert added.id == table_counts(local)["partner"] + 1


@pytest.mark.postgres
def test_copying_into_a_team_database_with_records_needs_merge(
    local_demo: Path, pg_url: str, tmp_path: Path
) -> None:
    local = f"sqlite:///{local_demo}"
    copy_database(local, pg_url)
    before = table_counts(pg_url)
    with pytest.raises(ConflictError, match="--merge"):
        copy_database(local, pg_url)
    assert table_counts(pg_url) == before
    other = tmp_path / "colleague.sqlite"
    colleague = open_store(f"sqlite:///{other}", actor="bob@cbp.dhs.gov")
    with colleague.uow() as uow:
        create_partner(uow, PartnerInput("Zeta Trading Ltd", "98-7654321AB", notes="theirs"))
        create_partner(uow, PartnerInput("Omega Freight", "55-5555555AB"))
        uow.commit()
    colleague.close()
    result = copy_database(f"sqlite:///{other}", pg_url, merge=True)
    after = table_counts(pg_url)
    assert result.merged_partners == 1
    assert after["partner"] == before["partner"] + 1
    assert after["partner_ior"] == before["partner_ior"] + 1
    assert after["audit_log"] == before["audit_log"] + 2
    engine = create_engine(pg_url)
    with engine.connect() as conn:
        audit = conn.execute(
            text(
                "SELECT a.partner_id, p.legal_name FROM audit_log a JOIN partner p "
                "ON p.id = a.partner_id WHERE a.actor = 'bob@cbp.dhs.gov' ORDER BY a.id"
            )
        ).all()
    engine.dispose()
    assert [name for _id, name in audit] == ["Zeta Trading Ltd", "Omega Freight"]


@pytest.mark.postgres
def test_db_copy_and_grant_from_the_command_line(
    local_demo: Path, pg_url: str, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["db", "copy", "--from", str(local_demo), "--to", pg_url]) == 0
    assert "Copied" in capsys.readouterr().out
    team_store = open_store(pg_url)
    try:
        with team_store.uow() as uow:
            email = uow.connection.execute(
                text("SELECT email FROM account_executive ORDER BY id LIMIT 1")
            ).scalar_one()
    finally:
        team_store.close()
    role = "cli_" + pg_url.rsplit("/", 1)[1]
    assert main(["--db", pg_url, "db", "grant", "--role", role, "--executive", email]) == 0
    assert main(["--db", pg_url, "db", "grant", "--list"]) == 0
    assert f"{role}: Account Executive {email}" in capsys.readouterr().out


# -- two desks editing the same partner -----------------------------------------------------

EDITOR = """
import sys
from trusted_trader.domain.errors import ConflictError
from trusted_trader.services import partners
from trusted_trader.services.partners import PartnerInput
from trusted_trader.services.store import open_store

url, partner_id, mark, rounds = sys.argv[1], int(sys.argv[2]), sys.argv[3], int(sys.argv[4])
store = open_store(url, actor=mark)
conflicts = 0
for n in range(rounds):
    while True:
        try:
            with store.uow() as uow:
                seen = partners.get_partner(uow, partner_id)
                data = PartnerInput(seen.legal_name, seen.ior_numbers, notes=seen.notes + mark)
                partners.update_partner(uow, partner_id, data, expected_version=seen.version)
                uow.commit()
            break
        except ConflictError:
            conflicts += 1
store.close()
print(conflicts)
"""


def test_two_desks_editing_one_partner_lose_no_update(store: Store) -> None:
    with store.uow() as uow:
        partner = create_partner(uow, PartnerInput("Acme Imports", "12-3456789AB"))
        uow.commit()
    rounds = 25
    desks = [
        subprocess.Popen(
            [sys.executable, "-c", EDITOR, store.url, str(partner.id), mark, str(rounds)],
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
        )
        for mark in ("a", "b")
    ]
    outcomes = [desk.communicate(timeout=120) for desk in desks]
    assert [desk.returncode for desk in desks] == [0, 0], outcomes
    with store.uow() as uow:
        notes = uow.connection.execute(
            text("SELECT notes, version FROM partner WHERE id = :id"), {"id": partner.id}
        ).one()
    assert sorted(notes[0]) == ["a"] * rounds + ["b"] * rounds
    assert notes[1] == 1 + 2 * rounds


@pytest.mark.postgres
def test_a_refused_change_is_explained_not_reported_as_a_bug(team_db: Team) -> None:
    from trusted_trader.services.touch_points import TouchPointInput, record_touch_point
    from trusted_trader.store.errors import StoreError

    ann = open_store(team_db.url("ann"), actor="ann@cbp.dhs.gov")
    try:
        with pytest.raises(StoreError, match="another Account Executive"), ann.uow() as uow:
            record_touch_point(uow, team_db.partners["bob"], TouchPointInput(LAST_MONTH, "exam"))
            uow.commit()
    finally:
        ann.close()


@pytest.mark.postgres
def test_moving_a_partner_is_explained_as_a_directors_act(team_db: Team) -> None:
    from trusted_trader.services import partners
    from trusted_trader.store.errors import AccessDenied

    ann = open_store(team_db.url("ann"), actor="ann@cbp.dhs.gov")
    try:
        with ann.uow() as uow:
            mine = partners.get_partner(uow, team_db.partners["ann"])
            bmt = next(c.id for c in reference.list_centers(uow) if c.code == "BMT")
        moved = PartnerInput(mine.legal_name, mine.ior_numbers, center_id=bmt,
                             executive_id=mine.executive_id)  # fmt: skip
        with pytest.raises(AccessDenied, match="only a director may move"), ann.uow() as uow:
            partners.update_partner(uow, mine.id, moved, expected_version=mine.version)
            uow.commit()
    finally:
        ann.close()
