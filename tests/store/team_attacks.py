"""Attacks on a team database by its own members, kept as data: every new rule faces them all.

Each attack is SQL that a member types into psql, connected as their own
login. It must be refused with the error given (``refused``), or — where
PostgreSQL answers by quietly changing nothing — do no harm: ``harm`` is a
query that is true when the attack did damage, asked by the owner after the
attack committed (or by the attacker, for what they may read). Placeholders
such as ``{bob_partner}`` are filled in from ``AttackTeam.names``.

The team: Account Executives ann and bob of ELEC, cy of BMT, and dir, the
director of ELEC; one partner each for ann, bob and cy; bob has a touch point,
an import batch recording it, and an audit row.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass

from pg_server import PostgresServer
from sqlalchemy import Connection, create_engine, text

from trusted_trader.services import reference, team
from trusted_trader.services.partners import PartnerInput, create_partner
from trusted_trader.services.store import open_store
from trusted_trader.store.uow import UnitOfWork


@dataclass(frozen=True)
class Attack:
    name: str
    sql: tuple[str, ...]
    refused: str  # a regular expression the error must match; "" when nothing is refused
    harm: str  # true when the attack did damage
    who: str = "ann"
    harm_seen_by_attacker: bool = False


SHADOW = "(role_name text, executive_id int, director_center_id int)"
PARTNER_COLUMNS = (
    "legal_name, dba, ctpat_account, center_id, executive_id, address, city, country, "
    "status, risk_rating, notes, version, created_at, updated_at"
)
BATCH_COLUMNS = "kind, file_name, started_at, actor, created, updated, unchanged, rejected, status"
AUDIT_COLUMNS = "at, actor, action, table_name, record_id, partner_id, changes"
OWN_BATCH = (
    f"INSERT INTO import_batch ({BATCH_COLUMNS}) VALUES "
    "('touch_points', 'mine.csv', now(), current_user, 0, 0, 0, 0, 'running')"
)
MY_LAST_BATCH = "(SELECT max(id) FROM import_batch WHERE actor = current_user)"

ATTACKS: tuple[Attack, ...] = (
    # -- shadowing the member table ------------------------------------------------------
    Attack(
        "temp table team_member makes a director",
        (
            f"CREATE TEMP TABLE team_member {SHADOW}",
            "INSERT INTO team_member VALUES (current_user, {bob_exec}, {bmt_center})",
            "UPDATE partner SET notes = 'shadow-1' WHERE id IN ({bob_partner}, {cy_partner})",
        ),
        "permission denied to create temporary tables",
        "SELECT count(*) > 0 FROM partner WHERE notes = 'shadow-1'",
    ),
    Attack(
        "search_path with pg_temp first and a temp team_member",
        (
            "SET search_path = pg_temp, public",
            f"CREATE TABLE pg_temp.team_member {SHADOW}",
            "INSERT INTO pg_temp.team_member VALUES (current_user, {bob_exec}, {bmt_center})",
            "INSERT INTO touch_point (partner_id, occurred_on, kind, port_code, entry_number, "
            "hts_number, agency, outcome, notes, version, created_at, updated_at) VALUES "
            "({cy_partner}, '2026-01-02', 'exam', '', '', '', 'CBP', '', 'shadow-2', 1, now(), "
            "now())",
        ),
        "permission denied to create temporary tables",
        "SELECT count(*) > 0 FROM touch_point WHERE notes = 'shadow-2'",
    ),
    Attack(
        "temp view team_member makes a director",
        (
            "CREATE TEMP VIEW team_member AS SELECT current_user::text AS role_name, "
            "{ann_exec} AS executive_id, {elec_center} AS director_center_id",
            "UPDATE partner SET notes = 'shadow-3' WHERE id = {bob_partner}",
        ),
        "permission denied to create temporary tables",
        "SELECT count(*) > 0 FROM partner WHERE notes = 'shadow-3'",
    ),
    Attack(
        "temp account_executive moves the member's Center",
        (
            "CREATE TEMP TABLE account_executive (id int, center_id int)",
            "INSERT INTO account_executive VALUES ({ann_exec}, {bmt_center})",
            "SELECT 1",
        ),
        "permission denied to create temporary tables",
        "SELECT count(*) > 0 FROM partner WHERE id = {cy_partner}",
        harm_seen_by_attacker=True,
    ),
    Attack(
        "a schema of the member's own on the search_path",
        (
            "CREATE SCHEMA evil",
            f"CREATE TABLE evil.team_member {SHADOW}",
            "SET search_path = evil, public",
        ),
        "permission denied for database",
        "SELECT to_regnamespace('evil') IS NOT NULL",
    ),
    Attack(
        "a function created by the member in the app's schema",
        ("CREATE FUNCTION public.tt_is_director() RETURNS boolean LANGUAGE sql AS 'SELECT true'",),
        "permission denied|must be owner",
        "SELECT bool_or(strpos(prosrc, 'true') > 0) FROM pg_proc WHERE proname = 'tt_is_director'",
    ),
    Attack(
        "a function overload created by the member",
        ("CREATE FUNCTION public.tt_member_center(x int) RETURNS int LANGUAGE sql AS 'SELECT 1'",),
        "permission denied",
        "SELECT count(*) > 1 FROM pg_proc WHERE proname = 'tt_member_center'",
    ),
    Attack(
        "a view created by the member",
        ("CREATE VIEW public.all_partners AS SELECT * FROM partner",),
        "permission denied",
        "SELECT to_regclass('public.all_partners') IS NOT NULL",
    ),
    Attack(
        "a temporary function",
        ("CREATE FUNCTION pg_temp.tt_is_director() RETURNS boolean LANGUAGE sql AS 'SELECT true'",),
        "permission denied",
        "SELECT false",
    ),
    # -- who did it ----------------------------------------------------------------------
    Attack(
        "audit row signed as a colleague",
        (
            f"INSERT INTO audit_log ({AUDIT_COLUMNS}) VALUES (now(), '{{bob_role}}', "
            "'forged-1', 'partner', {ann_partner}, {ann_partner}, '{{}}')",
        ),
        "",
        "SELECT count(*) > 0 FROM audit_log WHERE action = 'forged-1' AND actor <> '{ann_role}'",
    ),
    Attack(
        "audit row about a colleague's partner",
        (
            f"INSERT INTO audit_log ({AUDIT_COLUMNS}) VALUES (now(), current_user, "
            "'forged-2', 'partner', {bob_partner}, {bob_partner}, '{{}}')",
        ),
        "row-level security",
        "SELECT count(*) > 0 FROM audit_log WHERE action = 'forged-2'",
    ),
    Attack(
        "audit row rewritten",
        ("UPDATE audit_log SET changes = '{{\"rewritten\": 1}}'",),
        "permission denied|append-only",
        "SELECT count(*) > 0 FROM audit_log WHERE strpos(changes, 'rewritten') > 0",
    ),
    Attack(
        "audit rows deleted",
        ("DELETE FROM audit_log WHERE actor = '{bob_role}'",),
        "permission denied|append-only",
        "SELECT count(*) = 0 FROM audit_log WHERE actor = '{bob_role}'",
    ),
    Attack(
        "audit log truncated",
        ("TRUNCATE audit_log",),
        "permission denied",
        "SELECT count(*) = 0 FROM audit_log",
    ),
    Attack(
        "triggers switched off for the session",
        ("SET session_replication_role = replica",),
        "permission denied",
        "SELECT false",
    ),
    # -- import bookkeeping --------------------------------------------------------------
    Attack(
        "import batch signed as a colleague",
        (
            f"INSERT INTO import_batch ({BATCH_COLUMNS}) VALUES "
            "('touch_points', 'forged-3.csv', now(), '{bob_role}', 0, 0, 0, 0, 'done')",
        ),
        "",
        "SELECT count(*) > 0 FROM import_batch WHERE file_name = 'forged-3.csv' "
        "AND actor <> '{ann_role}'",
    ),
    Attack(
        "own import batch handed to a colleague",
        (
            OWN_BATCH,
            "UPDATE import_batch SET actor = '{bob_role}', file_name = 'forged-4.csv' "
            "WHERE actor = current_user",
        ),
        "permission denied",
        "SELECT count(*) > 0 FROM import_batch WHERE file_name = 'forged-4.csv'",
    ),
    Attack(
        "a colleague's import marked reverted",
        (
            "UPDATE import_batch SET status = 'reverted', reverted_at = now() "
            "WHERE id = {bob_batch}",
        ),
        "",
        "SELECT status <> 'done' FROM import_batch WHERE id = {bob_batch}",
    ),
    Attack(
        "a colleague's import deleted",
        ("DELETE FROM import_batch WHERE id = {bob_batch}",),
        "permission denied",
        "SELECT count(*) = 0 FROM import_batch WHERE id = {bob_batch}",
    ),
    Attack(
        "a colleague's import changes deleted",
        ("DELETE FROM import_change WHERE batch_id = {bob_batch}",),
        "permission denied",
        "SELECT count(*) = 0 FROM import_change WHERE batch_id = {bob_batch}",
    ),
    Attack(
        "a colleague's import changes rewritten",
        ("UPDATE import_change SET record_id = {cy_partner} WHERE batch_id = {bob_batch}",),
        "permission denied",
        "SELECT count(*) = 0 FROM import_change WHERE batch_id = {bob_batch} "
        "AND record_id = {bob_touch_point}",
    ),
    Attack(
        "a change slipped into a colleague's import",
        (
            "INSERT INTO import_change (batch_id, table_name, record_id, action) "
            "VALUES ({bob_batch}, 'partner', {cy_partner}, 'create')",
        ),
        "row-level security",
        "SELECT count(*) > 1 FROM import_change WHERE batch_id = {bob_batch}",
    ),
    Attack(
        "own import claims a colleague's records",
        (
            OWN_BATCH,
            "INSERT INTO import_change (batch_id, table_name, record_id, last_record_id, action) "
            f"VALUES ({MY_LAST_BATCH}, 'touch_point', {{bob_touch_point}}, "
            "{bob_touch_point}, 'create')",
        ),
        "row-level security",
        "SELECT count(*) > 0 FROM import_change WHERE batch_id <> {bob_batch} "
        "AND table_name = 'touch_point'",
    ),
    Attack(
        "own import claims a run of every partner",
        (
            OWN_BATCH,
            "INSERT INTO import_change (batch_id, table_name, record_id, last_record_id, action) "
            f"VALUES ({MY_LAST_BATCH}, 'partner', 1, 1000000, 'create')",
        ),
        "row-level security",
        "SELECT count(*) > 0 FROM import_change WHERE table_name = 'partner'",
    ),
    Attack(
        "the import check asked on a colleague's behalf",
        ("SELECT 1",),
        "",
        "SELECT tt_changes_allowed('{bob_role}', 'touch_point', {bob_touch_point}, "
        "{bob_touch_point})",
        harm_seen_by_attacker=True,
    ),
    # -- moving partners -----------------------------------------------------------------
    Attack(
        "own partner moved to another Center",
        ("UPDATE partner SET center_id = {bmt_center} WHERE id = {ann_partner}",),
        "only a director may move a partner",
        "SELECT center_id = {bmt_center} FROM partner WHERE id = {ann_partner}",
    ),
    Attack(
        "own partner taken out of every Center",
        ("UPDATE partner SET center_id = NULL WHERE id = {ann_partner}",),
        "only a director may move a partner",
        "SELECT center_id IS NULL FROM partner WHERE id = {ann_partner}",
    ),
    Attack(
        "own partner handed to a colleague",
        ("UPDATE partner SET executive_id = {bob_exec} WHERE id = {ann_partner}",),
        "only a director may move a partner|row-level security",
        "SELECT executive_id = {bob_exec} FROM partner WHERE id = {ann_partner}",
    ),
    Attack(
        "a new partner placed in another Center",
        (
            f"INSERT INTO partner ({PARTNER_COLUMNS}) VALUES ('Planted', '', '', {{bmt_center}}, "
            "{ann_exec}, '', '', 'US', 'active', 'medium', '', 1, now(), now())",
        ),
        "only a director may move a partner",
        "SELECT count(*) > 0 FROM partner WHERE legal_name = 'Planted'",
    ),
    Attack(
        "a director moves a partner to another Center",
        ("UPDATE partner SET center_id = {bmt_center} WHERE id = {bob_partner}",),
        "row-level security",
        "SELECT center_id = {bmt_center} FROM partner WHERE id = {bob_partner}",
        who="dir",
    ),
    # -- other people's records ----------------------------------------------------------
    Attack(
        "another Center's partner read",
        ("SELECT 1",),
        "",
        "SELECT count(*) > 0 FROM partner WHERE id = {cy_partner}",
        harm_seen_by_attacker=True,
    ),
    Attack(
        "another Center's audit trail read",
        ("SELECT 1",),
        "",
        "SELECT count(*) > 0 FROM audit_log WHERE partner_id = {cy_partner}",
        who="dir",
        harm_seen_by_attacker=True,
    ),
    Attack(
        "a colleague's partner changed",
        ("UPDATE partner SET notes = 'taken-1' WHERE id = {bob_partner}",),
        "",
        "SELECT count(*) > 0 FROM partner WHERE notes = 'taken-1'",
    ),
    Attack(
        "a colleague's touch point deleted",
        ("DELETE FROM touch_point WHERE id = {bob_touch_point}",),
        "",
        "SELECT count(*) = 0 FROM touch_point WHERE id = {bob_touch_point}",
    ),
    # -- rights and objects --------------------------------------------------------------
    Attack(
        "the member table written",
        ("INSERT INTO team_member VALUES (current_user || '_x', NULL, {bmt_center})",),
        "permission denied",
        "SELECT count(*) > 4 FROM team_member",
    ),
    Attack(
        "row-level security switched off",
        ("ALTER TABLE partner DISABLE ROW LEVEL SECURITY",),
        "must be owner",
        "SELECT NOT relrowsecurity FROM pg_class WHERE oid = 'partner'::regclass",
    ),
    Attack(
        "a policy dropped",
        ("DROP POLICY tt_change ON partner",),
        "must be owner",
        "SELECT count(*) = 0 FROM pg_policy WHERE polname = 'tt_change' "
        "AND polrelid = 'partner'::regclass",
    ),
    Attack(
        "the actor trigger dropped",
        ("ALTER TABLE audit_log DISABLE TRIGGER USER",),
        "must be owner",
        "SELECT false",
    ),
    Attack(
        "a policy function replaced",
        (
            "CREATE OR REPLACE FUNCTION public.tt_is_director() RETURNS boolean "
            "LANGUAGE sql AS 'SELECT true'",
        ),
        "must be owner|permission denied",
        "SELECT bool_or(strpos(prosrc, 'true') > 0) FROM pg_proc WHERE proname = 'tt_is_director'",
    ),
    Attack(
        "the audit log dropped",
        ("DROP TABLE audit_log",),
        "must be owner",
        "SELECT to_regclass('public.audit_log') IS NULL",
    ),
    Attack(
        "the owner role taken",
        ("SET ROLE {owner_role}",),
        "permission denied",
        "SELECT false",
    ),
    Attack(
        "the owner role granted to oneself",
        ("GRANT {owner_role} TO current_user",),
        "permission denied|must have admin option",
        "SELECT pg_has_role('{ann_role}', '{owner_role}', 'MEMBER')",
    ),
)


class AttackTeam:
    """A team database set up for the attacks, with a login for each member."""

    def __init__(self, server: PostgresServer, database: str) -> None:
        self.server, self.database = server, database
        self.owner_url = server.url(database)
        self.names: dict[str, object] = {"owner_role": f"tt_owner_{database}"}
        store = open_store(self.owner_url)
        try:
            with store.uow() as uow:
                self._people(uow)
                uow.commit()
            with store.uow() as uow:
                for key in ("ann", "bob", "cy"):
                    team.grant_access(uow, self.role(key), executive_email=f"{key}@cbp.dhs.gov")
                team.grant_access(uow, self.role("dir"), director_code="ELEC")
                uow.commit()
        finally:
            store.close()
        self._bob_history()

    def role(self, who: str) -> str:
        return f"{who}_{self.database}"

    def url(self, who: str) -> str:
        return self.server.url(self.database, user=self.role(who))

    def _people(self, uow: UnitOfWork) -> None:
        connection = uow.connection
        centers = {c.code: c.id for c in reference.list_centers(uow)}
        self.names.update(elec_center=centers["ELEC"], bmt_center=centers["BMT"])
        for n, (key, center) in enumerate((("ann", "ELEC"), ("bob", "ELEC"), ("cy", "BMT"))):
            executive = connection.execute(
                text(
                    "INSERT INTO account_executive (name, email, phone, center_id, active, "
                    "version, created_at, updated_at) "
                    "VALUES (:e, :e, '', :c, true, 1, now(), now()) RETURNING id"
                ),
                {"e": f"{key}@cbp.dhs.gov", "c": centers[center]},
            ).scalar_one()
            partner = create_partner(
                uow,
                PartnerInput(
                    f"{key} Partner",
                    f"12-{3456780 + n:07d}AB",
                    center_id=centers[center],
                    executive_id=executive,
                ),
            )
            self.names.update({f"{key}_exec": executive, f"{key}_partner": partner.id})
            self.names[f"{key}_role"] = self.role(key)
        self.names["ann_role"], self.names["bob_role"] = self.role("ann"), self.role("bob")

    def _bob_history(self) -> None:
        """A touch point of bob's, an import batch that recorded it, and an audit row."""
        names = self.names
        with self.owner() as conn:
            touch_point = conn.execute(
                text(
                    "INSERT INTO touch_point (partner_id, occurred_on, kind, port_code, "
                    "entry_number, hts_number, agency, outcome, notes, version, created_at, "
                    "updated_at) VALUES (:p, '2026-01-02', 'exam', '', '', '', 'CBP', '', "
                    "'', 1, now(), now()) RETURNING id"
                ),
                {"p": names["bob_partner"]},
            ).scalar_one()
            batch = conn.execute(
                text(
                    f"INSERT INTO import_batch ({BATCH_COLUMNS}) VALUES ('touch_points', "
                    "'bob.csv', now(), :bob, 1, 0, 0, 0, 'done') RETURNING id"
                ),
                {"bob": names["bob_role"]},
            ).scalar_one()
            conn.execute(
                text(
                    "INSERT INTO import_change (batch_id, table_name, record_id, "
                    "last_record_id, action) VALUES (:b, 'touch_point', :t, :t, 'create')"
                ),
                {"b": batch, "t": touch_point},
            )
            conn.execute(
                text(
                    f"INSERT INTO audit_log ({AUDIT_COLUMNS}) VALUES (now(), :bob, 'import', "
                    "'import_batch', :b, :p, '{}')"
                ),
                {"bob": names["bob_role"], "b": batch, "p": names["bob_partner"]},
            )
        names.update(bob_touch_point=touch_point, bob_batch=batch)

    @contextmanager
    def owner(self) -> Iterator[Connection]:
        """A connection of the owner, in a transaction committed when the block ends."""
        engine = create_engine(self.owner_url)
        try:
            with engine.begin() as conn:
                yield conn
        finally:
            engine.dispose()
