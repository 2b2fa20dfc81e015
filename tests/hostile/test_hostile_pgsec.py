"""A hostile colleague on the team database, and a forged "who did it" on a local file.

The attacks themselves are data in tests/store/team_attacks.py; each runs here
as its own login against the real PostgreSQL server the test command starts.
"""

from __future__ import annotations

import argparse
import os
import pwd
import re
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest
from pg_server import PostgresServer
from sqlalchemy import create_engine, text
from sqlalchemy.exc import DBAPIError

from tests.store.team_attacks import ATTACKS, SHADOW, Attack, AttackTeam
from trusted_trader.services.store import open_store


@pytest.fixture(scope="module")
def attack_team(postgres_server: PostgresServer) -> Iterator[AttackTeam]:
    """One team for all attacks: each leaves its own marks, so none hides another's harm."""
    name = postgres_server.new_database()
    yield AttackTeam(postgres_server, name)
    postgres_server.drop_database(name)


def attempt(team: AttackTeam, attack: Attack) -> tuple[str, bool | None]:
    """Run the attack as its member; the error (or "") and the harm the attacker sees."""
    names = team.names
    engine = create_engine(team.url(attack.who))
    error, seen = "", None
    try:
        with engine.begin() as conn:
            for statement in attack.sql:
                conn.exec_driver_sql(statement.format(**names))
            if attack.harm_seen_by_attacker:
                seen = bool(conn.exec_driver_sql(attack.harm.format(**names)).scalar())
    except DBAPIError as exc:
        error = str(exc.orig)
    finally:
        engine.dispose()
    return error, seen


@pytest.mark.postgres
@pytest.mark.parametrize("attack", ATTACKS, ids=[a.name for a in ATTACKS])
def test_a_member_cannot_get_past_the_access_rules(attack_team: AttackTeam, attack: Attack) -> None:
    error, seen = attempt(attack_team, attack)
    if attack.refused:
        assert re.search(attack.refused, error), f"not refused as expected: {error!r}"
    else:
        assert error == "", error
    if attack.harm_seen_by_attacker:
        assert not seen
    else:
        with attack_team.owner() as conn:
            assert not conn.exec_driver_sql(attack.harm.format(**attack_team.names)).scalar()


def test_the_attacks_cover_every_kind_of_refusal_the_issue_lists() -> None:
    names = " ".join(a.name for a in ATTACKS)
    for kind in ("temp table", "search_path", "function", "view", "audit", "import", "truncated",
                 "another Center", "dropped", "switched off"):  # fmt: skip
        assert kind in names, kind


# -- what members may still do (imports build on it) ----------------------------------------


@pytest.mark.postgres
def test_a_member_writes_their_own_import_and_audit_rows_signed_by_the_database(
    attack_team: AttackTeam,
) -> None:
    names = attack_team.names
    engine = create_engine(attack_team.url("ann"))
    try:
        with engine.begin() as conn:
            touch_point = conn.execute(
                text(
                    "INSERT INTO touch_point (partner_id, occurred_on, kind, port_code, "
                    "entry_number, hts_number, agency, outcome, notes, version, created_at, "
                    "updated_at) VALUES (:p, '2026-02-03', 'exam', '', '', '', 'CBP', '', "
                    "'own import', 1, now(), now()) RETURNING id"
                ),
                {"p": names["ann_partner"]},
            ).scalar_one()
            batch = conn.execute(
                text(
                    "INSERT INTO import_batch (kind, file_name, started_at, actor, created, "
                    "updated, unchanged, rejected, status) VALUES ('touch_points', 'own.csv', "
                    "now(), 'somebody else', 0, 0, 0, 0, 'running') RETURNING id"
                )
            ).scalar_one()
            conn.execute(
                text(
                    "INSERT INTO import_change (batch_id, table_name, record_id, last_record_id, "
                    "action) VALUES (:b, 'touch_point', :t, :t, 'create'), "
                    "(:b, 'partner', :p, NULL, 'update')"
                ),
                {"b": batch, "t": touch_point, "p": names["ann_partner"]},
            )
            conn.execute(
                text("UPDATE import_batch SET status = 'done', created = 1 WHERE id = :b"),
                {"b": batch},
            )
            conn.execute(
                text(
                    "INSERT INTO audit_log (at, actor, action, table_name, record_id, "
                    "partner_id, changes) VALUES (now(), 'not me', 'import', 'import_batch', "
                    ":b, :p, '{}')"
                ),
                {"b": batch, "p": names["ann_partner"]},
            )
    finally:
        engine.dispose()
    with attack_team.owner() as conn:
        actor, status = conn.execute(
            text("SELECT actor, status FROM import_batch WHERE id = :b"), {"b": batch}
        ).one()
        audit_actor = conn.execute(
            text("SELECT actor FROM audit_log WHERE record_id = :b AND action = 'import'"),
            {"b": batch},
        ).scalar_one()
    assert (actor, status, audit_actor) == (names["ann_role"], "done", names["ann_role"])


@pytest.mark.postgres
def test_a_director_moves_a_partner_between_executives_of_the_center(
    attack_team: AttackTeam,
) -> None:
    names = attack_team.names
    engine = create_engine(attack_team.url("dir"))
    try:
        with engine.begin() as conn:
            moved = conn.execute(
                text("UPDATE partner SET executive_id = :bob WHERE id = :p"),
                {"bob": names["bob_exec"], "p": names["ann_partner"]},
            ).rowcount
            conn.execute(
                text("UPDATE partner SET executive_id = :ann WHERE id = :p"),
                {"ann": names["ann_exec"], "p": names["ann_partner"]},
            )
    finally:
        engine.dispose()
    assert moved == 1


# -- the audit log is emptied by the maintenance role only --------------------------------


@pytest.mark.postgres
def test_only_the_maintenance_role_empties_the_audit_log(attack_team: AttackTeam) -> None:
    """Not even the owner's administrator login: a superuser is not needed to show it."""
    names, server = attack_team.names, attack_team.server
    admin = f"adm_{attack_team.database}"
    maintain = str(names["owner_role"]).replace("tt_owner_", "tt_maintain_", 1)
    server.admin_sql(f"CREATE ROLE {admin} LOGIN", f"GRANT {names['owner_role']} TO {admin}")
    url = server.url(attack_team.database, user=admin)
    with pytest.raises(DBAPIError, match="only the maintenance role"):
        run(url, "TRUNCATE audit_log")
    server.admin_sql(f"GRANT {maintain} TO {admin}")
    run(url, "TRUNCATE audit_log", keep=False)
    with attack_team.owner() as conn:
        assert conn.exec_driver_sql("SELECT count(*) FROM audit_log").scalar()


def run(url: str, statement: str, *, keep: bool = True) -> None:
    engine = create_engine(url)
    try:
        with engine.connect() as conn:
            conn.exec_driver_sql(statement)
            if keep:
                conn.commit()
            else:
                conn.rollback()
    finally:
        engine.dispose()


# -- who did it -----------------------------------------------------------------------------

WHO = """
import sys
from trusted_trader.services.store import open_store
store = open_store(sys.argv[1], actor=sys.argv[2] or None)
print(store.actor)
store.close()
"""


def signed_by(url: str, claimed: str, **env: str) -> str:
    done = subprocess.run(
        [sys.executable, "-c", WHO, url, claimed],
        capture_output=True,
        text=True,
        timeout=120,
        env={**os.environ, **env},
    )
    assert done.returncode == 0, done.stderr
    return done.stdout.strip()


@pytest.mark.parametrize("variable", ["LOGNAME", "USER", "LNAME", "USERNAME"])
def test_the_environment_cannot_choose_who_signs_a_local_change(
    tmp_path: Path, variable: str
) -> None:
    url = f"sqlite:///{tmp_path / 'desk.sqlite'}"
    assert signed_by(url, "", **{variable: "mallory"}) == pwd.getpwuid(os.getuid()).pw_name


def test_a_local_change_is_signed_by_the_executive_of_the_settings(tmp_path: Path) -> None:
    url = f"sqlite:///{tmp_path / 'desk.sqlite'}"
    assert signed_by(url, "ae@cbp.dhs.gov", LOGNAME="mallory") == "ae@cbp.dhs.gov"


@pytest.mark.postgres
def test_a_team_change_is_signed_by_the_database_login(attack_team: AttackTeam) -> None:
    url = attack_team.url("ann")
    assert signed_by(url, "bob@cbp.dhs.gov", LOGNAME="mallory") == attack_team.names["ann_role"]


# -- a team database set up by an older release -------------------------------------------

OLD_RULES = (
    # The unsafe function of older releases: bare names, the caller's search_path.
    "CREATE OR REPLACE FUNCTION public.tt_is_director() RETURNS boolean LANGUAGE sql STABLE AS "
    "$$ SELECT COALESCE((SELECT director_center_id IS NOT NULL FROM team_member "
    "WHERE role_name = current_user), false) $$",
    "ALTER FUNCTION public.tt_is_director() RESET search_path",
    "GRANT TEMPORARY ON DATABASE {database} TO PUBLIC",
    "DROP TRIGGER tt_guard_partner ON partner",
    "COMMENT ON TABLE team_member IS NULL",
)


@pytest.mark.postgres
def test_upgrading_an_older_team_database_closes_its_holes(
    postgres_server: PostgresServer,
) -> None:
    from trusted_trader.cli import main

    database = postgres_server.new_database()
    try:
        team = AttackTeam(postgres_server, database)
        server_sql = [s.format(database=database) for s in OLD_RULES]
        postgres_server.admin_sql(*server_sql, database=database)
        shadow, move = ATTACKS[0], ATTACKS[[a.name for a in ATTACKS].index(
            "own partner moved to another Center")]  # fmt: skip
        assert attempt(team, shadow) == ("", None)  # the old hole is open...
        with team.owner() as conn:
            assert conn.exec_driver_sql(shadow.harm).scalar()
        assert main(["--db", team.owner_url, "db", "upgrade"]) == 0  # ...and upgrading closes it
        assert re.search(move.refused, attempt(team, move)[0])
        assert re.search(shadow.refused, attempt(team, shadow)[0])
    finally:
        postgres_server.drop_database(database)


@pytest.mark.postgres
def test_an_administrator_who_is_not_a_superuser_sets_up_the_team_as_the_readme_says(
    postgres_server: PostgresServer,
) -> None:
    from trusted_trader.cli import main

    database = postgres_server.empty_database()
    admin = f"adm_{database}"
    postgres_server.admin_sql(
        f"CREATE ROLE {admin} LOGIN CREATEROLE", f"ALTER DATABASE {database} OWNER TO {admin}"
    )
    url = postgres_server.url(database, user=admin)
    member = f"jdoe_{database}"
    try:
        store = open_store(url)  # the administrator creates the schema
        with store.uow() as uow:
            uow.connection.execute(
                text(
                    "INSERT INTO account_executive (name, email, phone, center_id, active, "
                    "version, created_at, updated_at) SELECT 'Jane', 'jane@cbp.dhs.gov', '', "
                    "id, true, 1, now(), now() FROM center WHERE code = 'ELEC'"
                )
            )
            uow.commit()
        store.close()
        grant = ["--db", url, "db", "grant", "--role", member, "--executive", "jane@cbp.dhs.gov"]
        assert main(grant) == 0
        assert main(grant) == 0  # again: idempotent
        with pytest.raises(DBAPIError, match="only the maintenance role"):
            run(url, "TRUNCATE audit_log")
        member_url = postgres_server.url(database, user=member)
        with pytest.raises(DBAPIError, match="permission denied to create temporary tables"):
            run(member_url, f"CREATE TEMP TABLE team_member {SHADOW}")
        owners = run_all(
            url,
            "SELECT DISTINCT pg_get_userbyid(relowner) FROM pg_class WHERE relname IN "
            "('partner', 'audit_log', 'team_member', 'import_change')",
        )
        assert owners == [f"tt_owner_{database}"]
        functions = run_all(
            url,
            "SELECT proname || ' ' || pg_get_userbyid(proowner) || ' ' || "
            "array_to_string(proconfig, ',') FROM pg_proc WHERE pronamespace = "
            "'public'::regnamespace ORDER BY proname",
        )
        path = f"tt_owner_{database} search_path=pg_catalog, public, pg_temp"
        assert functions == [
            f"{name} {path}"
            for name in (
                "audit_log_append_only", "tt_changes_allowed", "tt_guard_partner",
                "tt_holds_everything", "tt_is_director", "tt_member_center",
                "tt_member_executive", "tt_notify_change", "tt_refuse_truncate", "tt_stamp_actor",
            )
        ]  # fmt: skip
    finally:
        postgres_server.drop_database(database)


def run_all(url: str, query: str) -> list[object]:
    engine = create_engine(url)
    try:
        with engine.connect() as conn:
            return list(conn.exec_driver_sql(query).scalars())
    finally:
        engine.dispose()


@pytest.mark.parametrize(
    ("typed", "signed"),
    [("ae@cbp.dhs.gov", "ae@cbp.dhs.gov"), ("  ae@cbp.dhs.gov ", "ae@cbp.dhs.gov"), ("", None)],
)
def test_the_settings_command_sets_who_signs_local_changes(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], typed: str, signed: str | None
) -> None:
    from trusted_trader.cli import main
    from trusted_trader.commands.context import Context
    from trusted_trader.settings import Settings

    assert main(["settings", "--executive", typed]) == 0
    expected = signed or pwd.getpwuid(os.getuid()).pw_name
    assert f"signed by: {expected}" in capsys.readouterr().out
    assert Settings.load().executive_email == (signed or "")
    ctx = Context(argparse.Namespace(db=str(tmp_path / "who.sqlite")))
    assert ctx.store().actor == expected
    ctx.close()


@pytest.mark.parametrize("typed", ["a" * 201, "ann\x00", "ann\nbob"])
def test_the_settings_command_refuses_a_signature_that_cannot_be_stored(typed: str) -> None:
    from trusted_trader.cli import main
    from trusted_trader.settings import Settings

    assert main(["settings", "--executive", typed]) == 2
    assert Settings.load().executive_email == ""


@pytest.mark.postgres
def test_the_owners_revert_is_not_fooled_by_another_centers_member(
    postgres_server: PostgresServer,
) -> None:
    """cy (BMT) tries every bookkeeping attack on bob's import; the owner's revert still works."""
    from trusted_trader.services.importing.revert import revert_import

    database = postgres_server.new_database()
    try:
        team = AttackTeam(postgres_server, database)
        bookkeeping = [a for a in ATTACKS if "import" in a.name and "colleague" in a.name]
        for attack in bookkeeping:
            attempt(team, Attack(attack.name, attack.sql, attack.refused, attack.harm, who="cy"))
        store = open_store(team.owner_url)
        try:
            with store.uow() as uow:
                result = revert_import(uow, int(str(team.names["bob_batch"])))
                uow.commit()
        finally:
            store.close()
        assert result.deleted == 1
        with team.owner() as conn:
            gone = conn.execute(
                text("SELECT count(*) = 0 FROM touch_point WHERE id = :t"),
                {"t": team.names["bob_touch_point"]},
            ).scalar()
        assert gone
        assert len(bookkeeping) >= 6
    finally:
        postgres_server.drop_database(database)
