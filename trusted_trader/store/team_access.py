"""Who may change what in a team database: PostgreSQL roles and row-level security policies.

Each login role that uses the app is a row of ``team_member``: the Account
Executive it is (``executive_id``) and/or the Center it directs
(``director_center_id``). Every member also belongs to one group role per
database (``tt_team_<db>``), which holds the table privileges and may create
nothing. Policies then let a member read the partners of their Center (and
those with no Center) with all their records, and change only their own
partners' records — or, for a director, everything in the Center.

The tables and functions belong to ``tt_owner_<db>``, a role nobody logs in
as; the administrator who runs ``db grant`` is made a member of it and so is,
like superusers, not held by the policies (copying, upgrading, reverting any
import). Only members of ``tt_maintain_<db>`` (and superusers) may empty the
audit log. Created on PostgreSQL only, by ``trusted-trader db grant`` and
re-applied by ``db upgrade``; Alembic does not manage these objects. The SQL
itself is in ``team_policies``.
"""

from __future__ import annotations

import logging
import re
from collections.abc import Callable

from sqlalchemy import Connection, Engine, text
from sqlalchemy.exc import DBAPIError

from trusted_trader.store import postgres, team_policies
from trusted_trader.store.errors import StoreError

MEMBER_TABLE = """
CREATE TABLE IF NOT EXISTS {s}.team_member (
    role_name text PRIMARY KEY,
    executive_id integer REFERENCES {s}.account_executive(id) ON DELETE SET NULL,
    director_center_id integer REFERENCES {s}.center(id) ON DELETE SET NULL,
    granted_at timestamptz NOT NULL DEFAULT now(),
    granted_by text NOT NULL DEFAULT current_user
)
"""
log = logging.getLogger(__name__)
# Bumped whenever the rules change: opening an older team database as its owner
# (``db upgrade``) re-applies them, and so does ``db grant``.
RULES_VERSION = "trusted-trader access rules 2"


def schema(connection: Connection) -> str:
    """The quoted schema holding the app's tables (where ``partner`` is)."""
    join = "JOIN pg_namespace n ON n.oid = c.relnamespace"
    return str(postgres.of_partner_table(connection, "quote_ident(n.nspname)", join) or "public")


def _role_name(connection: Connection, prefix: str) -> str:
    database = str(connection.execute(text("SELECT current_database()")).scalar())
    return prefix + re.sub(r"[^a-z0-9_]", "_", database.lower())[:48]


def group_role(connection: Connection) -> str:
    """The group role holding this database's privileges (one per database)."""
    return _role_name(connection, "tt_team_")


def owner_role(connection: Connection) -> str:
    """The role without a login that owns this database's tables and functions."""
    return _role_name(connection, "tt_owner_")


def maintenance_role(connection: Connection) -> str:
    """The role without a login whose members alone may empty the audit log."""
    return _role_name(connection, "tt_maintain_")


def quote(connection: Connection, name: str) -> str:
    return str(connection.execute(text("SELECT quote_ident(:n)"), {"n": name}).scalar())


def install_access_rules(connection: Connection) -> str:
    """Create or re-apply the roles, privileges, functions, triggers and policies (idempotent).

    Run by an administrator (a superuser, or the database's owner with CREATEROLE).
    Returns the group role that members are given.
    """
    s = schema(connection)
    run = _runner(connection, s)
    group, owner, maintenance = (
        group_role(connection),
        owner_role(connection),
        maintenance_role(connection),
    )
    for role in (group, owner, maintenance):
        _create_role(connection, role)
    run(MEMBER_TABLE)
    for function in (*team_policies.MEMBER_FUNCTIONS, team_policies.changes_allowed_function()):
        run(function)
    run(team_policies.STAMP_ACTOR)
    run(team_policies.GUARD_PARTNER)
    run(team_policies.refuse_truncate_function(maintenance))
    _close_loopholes(connection, s, group, owner)
    for table, table_policies in team_policies.policies().items():
        _protect(run, table, group, table_policies)
    for table, name, when, each, function in team_policies.TRIGGERS:
        run(f"DROP TRIGGER IF EXISTS {name} ON {{s}}.{table}")
        run(f"CREATE TRIGGER {name} {when} ON {{s}}.{table} "
            f"FOR EACH {each} EXECUTE FUNCTION {{s}}.{function}()")  # fmt: skip
    for table in ("team_member", "alembic_version"):  # no row policies: read-only
        run(f"REVOKE ALL ON {{s}}.{table} FROM {group}")
        run(f"GRANT {team_policies.PRIVILEGES[table]} ON {{s}}.{table} TO {group}")
    run(f"GRANT USAGE, SELECT ON ALL SEQUENCES IN SCHEMA {{s}} TO {group}")
    run(f"GRANT TRUNCATE ON {{s}}.audit_log TO {maintenance}")
    _hand_to_owner(connection, s, owner)
    run(f"COMMENT ON TABLE {{s}}.team_member IS '{RULES_VERSION}'")
    _check_closed(connection, s, group)
    return group


def _runner(connection: Connection, s: str) -> Callable[[str], None]:
    def run(statement: str) -> None:
        connection.exec_driver_sql(statement.replace("{s}", s))

    return run


def _create_role(connection: Connection, role: str) -> None:
    exists = connection.execute(
        text("SELECT 1 FROM pg_roles WHERE rolname = :r"), {"r": role}
    ).scalar()
    if not exists:
        connection.exec_driver_sql(f"CREATE ROLE {role} NOLOGIN")


def _close_loopholes(connection: Connection, s: str, group: str, owner: str) -> None:
    """No member creates anything: no temporary tables, schemas, functions or views.

    TEMP is granted to PUBLIC by default, so it is taken from PUBLIC; the owner
    role keeps it (``db copy --merge`` stages rows in a temporary table).
    """
    database = quote(
        connection, str(connection.execute(text("SELECT current_database()")).scalar())
    )
    run = _runner(connection, s)
    run(f"REVOKE TEMPORARY, CREATE ON DATABASE {database} FROM PUBLIC, {group}")
    run(f"GRANT CONNECT, TEMPORARY ON DATABASE {database} TO {owner}")
    run(f"REVOKE CREATE ON SCHEMA {{s}} FROM PUBLIC, {group}")
    if s != "public" and connection.execute(text("SELECT to_regnamespace('public')")).scalar():
        run(f"REVOKE CREATE ON SCHEMA public FROM PUBLIC, {group}")
    run(f"GRANT USAGE ON SCHEMA {{s}} TO {group}")
    run(f"GRANT USAGE, CREATE ON SCHEMA {{s}} TO {owner}")


def _hand_to_owner(connection: Connection, s: str, owner: str) -> None:
    """Give the app's tables and functions to the owner role, which no person logs in as.

    The login running this (the administrator) becomes a member of the owner
    role, so it keeps the owner's rights: it is the one who copies, upgrades and
    grants. Superusers need no membership.
    """
    run = _runner(connection, s)
    superuser = connection.execute(
        text("SELECT rolsuper FROM pg_roles WHERE rolname = current_user")
    ).scalar()
    if not superuser:
        run(f"GRANT {owner} TO current_user")
    tables = connection.execute(
        text(
            "SELECT quote_ident(c.relname) FROM pg_class c JOIN pg_namespace n "
            "ON n.oid = c.relnamespace WHERE quote_ident(n.nspname) = :s AND c.relkind = 'r' "
            "AND c.relname = ANY(:names)"
        ),
        {"s": s, "names": [*team_policies.PRIVILEGES]},
    ).scalars()
    for table in tables:
        run(f"ALTER TABLE {{s}}.{table} OWNER TO {owner}")
    functions = connection.execute(
        text(
            "SELECT p.oid::regprocedure::text FROM pg_proc p JOIN pg_namespace n "
            "ON n.oid = p.pronamespace WHERE quote_ident(n.nspname) = :s "
            "AND (p.proname LIKE 'tt\\_%' OR p.proname = 'audit_log_append_only')"
        ),
        {"s": s},
    ).scalars()
    for function in functions:  # also those of older releases, which had no fixed path
        run(f"ALTER FUNCTION {function} SET search_path = pg_catalog, {{s}}, pg_temp")
        run(f"ALTER FUNCTION {function} OWNER TO {owner}")


def _protect(
    run: Callable[[str], None], table: str, group: str, table_policies: dict[str, str]
) -> None:
    run(f"REVOKE ALL ON {{s}}.{table} FROM {group}")
    run(f"GRANT {team_policies.PRIVILEGES[table]} ON {{s}}.{table} TO {group}")
    run(f"ALTER TABLE {{s}}.{table} ENABLE ROW LEVEL SECURITY")
    for name in team_policies.POLICY_NAMES:
        run(f"DROP POLICY IF EXISTS {name} ON {{s}}.{table}")
    for name, rule in table_policies.items():
        run(f"CREATE POLICY {name} ON {{s}}.{table} {rule}")


def _check_closed(connection: Connection, s: str, group: str) -> None:
    """Refuse to leave a team database half-protected (REVOKE by a non-owner only warns)."""
    open_doors = connection.execute(
        text(
            "SELECT has_database_privilege(:g, current_database(), 'TEMPORARY'), "
            "has_database_privilege(:g, current_database(), 'CREATE'), "
            "has_schema_privilege(:g, :s, 'CREATE')"
        ),
        {"g": group, "s": s.strip('"')},
    ).one()
    if any(open_doors):
        raise StoreError(
            "The access rules could not be closed: the team group may still create "
            "temporary tables or objects.",
            hint="Run db grant as the database's owner or a superuser.",
        )


def rules_outdated(connection: Connection) -> bool:
    """True when this team database has access rules older than this release's."""
    found = connection.execute(
        text(
            "SELECT obj_description(to_regclass('team_member'), 'pg_class') "
            "WHERE to_regclass('team_member') IS NOT NULL"
        )
    ).one_or_none()
    return found is not None and found[0] != RULES_VERSION


def set_member(
    connection: Connection,
    role: str,
    *,
    executive_id: int | None,
    director_center_id: int | None,
) -> None:
    """Make ``role`` a login in the team (created without a password if new) with these rights."""
    group = install_access_rules(connection)
    quoted = quote(connection, role)
    exists = connection.execute(
        text("SELECT 1 FROM pg_roles WHERE rolname = :r"), {"r": role}
    ).scalar()
    if not exists:
        connection.exec_driver_sql(f"CREATE ROLE {quoted} LOGIN")
    connection.exec_driver_sql(f"GRANT {group} TO {quoted}")
    connection.execute(
        text(
            f"INSERT INTO {schema(connection)}.team_member "
            "(role_name, executive_id, director_center_id) VALUES (:role, :executive, :center) "
            "ON CONFLICT (role_name) DO UPDATE SET "
            "executive_id = EXCLUDED.executive_id, "
            "director_center_id = EXCLUDED.director_center_id, "
            "granted_at = now(), granted_by = current_user"
        ),
        {"role": role, "executive": executive_id, "center": director_center_id},
    )


def remove_member(connection: Connection, role: str) -> bool:
    """Take ``role`` out of the team of this database; the login itself stays."""
    group = install_access_rules(connection)
    removed = connection.execute(
        text(f"DELETE FROM {schema(connection)}.team_member WHERE role_name = :role"),
        {"role": role},
    ).rowcount
    exists = connection.execute(
        text("SELECT 1 FROM pg_roles WHERE rolname = :r"), {"r": role}
    ).scalar()
    if exists:
        connection.exec_driver_sql(f"REVOKE {group} FROM {quote(connection, role)}")
    return bool(removed)


def holds_everything(connection: Connection) -> bool:
    """True when this login is not held by the policies (owner, superuser) or there are none."""
    return bool(
        connection.execute(
            text(
                "SELECT to_regclass('team_member') IS NULL "
                "OR (SELECT rolsuper OR rolbypassrls FROM pg_roles WHERE rolname = current_user) "
                "OR pg_has_role(current_user, "
                "(SELECT relowner FROM pg_class WHERE oid = to_regclass('partner')), 'USAGE')"
            )
        ).scalar()
    )


def editable_partner_condition(connection: Connection) -> str:
    """SQL on ``partner``'s columns: true for the partners this login may change (members)."""
    return team_policies.EDITABLE_PARTNER.replace("{s}", schema(connection))


def may_edit_partner(connection: Connection, partner_id: int) -> bool:
    if holds_everything(connection):
        return True
    s = schema(connection)
    editable = editable_partner_condition(connection)
    found = connection.execute(
        text(f"SELECT 1 FROM {s}.partner WHERE id = :id AND {editable}"), {"id": partner_id}
    ).scalar()
    return found is not None


def ensure_access_rules(engine: Engine) -> None:
    """Re-apply older access rules when the owner opens the database (``db upgrade``).

    Members just use what is there; an administrator without the right to
    create roles is told in the log to run ``db grant``, and the database opens.
    """
    with engine.begin() as connection:
        if not rules_outdated(connection) or not holds_everything(connection):
            return
        postgres.lock_for_migration(connection)
        if not rules_outdated(connection):
            return
        try:
            with connection.begin_nested():
                install_access_rules(connection)
        except (DBAPIError, StoreError) as exc:
            log.warning("The team access rules are out of date; run db grant: %s", exc)
