"""Who may change what in a team database: PostgreSQL roles and row-level security policies.

Each login role that uses the app is a row of ``team_member``: the Account
Executive it is (``executive_id``) and/or the Center it directs
(``director_center_id``). Every member also belongs to one group role per
database, which holds the table privileges. Policies then let a member read
the partners of their Center (and those with no Center) with all their
records, and change only their own partners' records — or, for a director,
everything in the Center. The owner of the tables (who copies and upgrades
the database) is not held by the policies. Created on PostgreSQL only, by
``trusted-trader db grant``; Alembic does not manage these objects.
"""

from __future__ import annotations

import re

from sqlalchemy import Connection, text

MEMBER_TABLE = """
CREATE TABLE IF NOT EXISTS team_member (
    role_name text PRIMARY KEY,
    executive_id integer REFERENCES account_executive(id) ON DELETE SET NULL,
    director_center_id integer REFERENCES center(id) ON DELETE SET NULL,
    granted_at timestamptz NOT NULL DEFAULT now(),
    granted_by text NOT NULL DEFAULT current_user
)
"""

FUNCTIONS = (
    """CREATE OR REPLACE FUNCTION tt_member_executive() RETURNS integer
       LANGUAGE sql STABLE AS
       $$ SELECT executive_id FROM team_member WHERE role_name = current_user $$""",
    """CREATE OR REPLACE FUNCTION tt_member_center() RETURNS integer
       LANGUAGE sql STABLE AS
       $$ SELECT COALESCE(m.director_center_id, e.center_id) FROM team_member m
          LEFT JOIN account_executive e ON e.id = m.executive_id
          WHERE m.role_name = current_user $$""",
    """CREATE OR REPLACE FUNCTION tt_is_director() RETURNS boolean
       LANGUAGE sql STABLE AS
       $$ SELECT COALESCE((SELECT director_center_id IS NOT NULL FROM team_member
                           WHERE role_name = current_user), false) $$""",
)

# Sub-selects make PostgreSQL work out the member once per query, not once per row.
VISIBLE_PARTNER = (
    "(center_id IS NULL OR center_id = (SELECT tt_member_center()) "
    "OR executive_id = (SELECT tt_member_executive()))"
)
EDITABLE_PARTNER = (
    "(((SELECT tt_is_director()) AND "
    "(center_id IS NULL OR center_id = (SELECT tt_member_center()))) "
    "OR executive_id = (SELECT tt_member_executive()))"
)
_EDITABLE_IDS = f"SELECT id FROM partner WHERE {EDITABLE_PARTNER}"
_EDITABLE_PLANS = f"SELECT id FROM engagement_plan WHERE partner_id IN ({_EDITABLE_IDS})"

PARTNER_CHILDREN = (
    "partner_ior",
    "partner_filer_code",
    "contact",
    "program_enrollment",
    "engagement_plan",
    "touch_point",
    "engagement_activity",
    "monthly_volume",
)
PLAN_CHILDREN = ("plan_risk_area", "plan_objective", "plan_action_item", "plan_review")
REFERENCE_TABLES = ("center", "center_coverage", "account_executive")
SHARED_TABLES = ("import_batch", "import_change")


def rules() -> dict[str, tuple[str, str]]:
    """For each table, (who may read a row, who may add/change/remove it) as SQL conditions."""
    table_rules: dict[str, tuple[str, str]] = {"partner": (VISIBLE_PARTNER, EDITABLE_PARTNER)}
    for table in PARTNER_CHILDREN:
        table_rules[table] = (
            "partner_id IN (SELECT id FROM partner)",
            f"partner_id IN ({_EDITABLE_IDS})",
        )
    for table in PLAN_CHILDREN:
        table_rules[table] = (
            "plan_id IN (SELECT id FROM engagement_plan)",
            f"plan_id IN ({_EDITABLE_PLANS})",
        )
    for table in REFERENCE_TABLES:
        table_rules[table] = ("true", "(SELECT tt_is_director())")
    for table in SHARED_TABLES:
        table_rules[table] = ("true", "true")
    table_rules["audit_log"] = (
        "partner_id IS NULL OR partner_id IN (SELECT id FROM partner)",
        f"partner_id IS NULL OR partner_id IN ({_EDITABLE_IDS})",
    )
    return table_rules  # fmt: skip


def group_role(connection: Connection) -> str:
    """The group role holding this database's privileges (one per database)."""
    database = str(connection.execute(text("SELECT current_database()")).scalar())
    return "tt_team_" + re.sub(r"[^a-z0-9_]", "_", database.lower())[:48]


def quote(connection: Connection, name: str) -> str:
    return str(connection.execute(text("SELECT quote_ident(:n)"), {"n": name}).scalar())


def install_access_rules(connection: Connection) -> str:
    """Create the member table, the group role, privileges and policies (idempotent)."""
    connection.exec_driver_sql(MEMBER_TABLE)
    for function in FUNCTIONS:
        connection.exec_driver_sql(function)
    group = group_role(connection)
    exists = connection.execute(
        text("SELECT 1 FROM pg_roles WHERE rolname = :r"), {"r": group}
    ).scalar()
    if not exists:
        connection.exec_driver_sql(f"CREATE ROLE {group} NOLOGIN")
    for table, (read, change) in rules().items():
        _protect(connection, table, group, read, change)
    connection.exec_driver_sql(f"GRANT SELECT ON team_member, alembic_version TO {group}")
    connection.exec_driver_sql(f"GRANT USAGE, SELECT ON ALL SEQUENCES IN SCHEMA public TO {group}")
    return group


def _protect(connection: Connection, table: str, group: str, read: str, change: str) -> None:
    run = connection.exec_driver_sql
    run(f"GRANT SELECT, INSERT, UPDATE, DELETE ON {table} TO {group}")
    run(f"ALTER TABLE {table} ENABLE ROW LEVEL SECURITY")
    policies = {
        "tt_read": f"FOR SELECT USING ({read})",
        "tt_add": f"FOR INSERT WITH CHECK ({change})",
        "tt_change": f"FOR UPDATE USING ({change}) WITH CHECK ({change})",
        "tt_remove": f"FOR DELETE USING ({change})",
    }
    for name, rule in policies.items():
        run(f"DROP POLICY IF EXISTS {name} ON {table}")
        run(f"CREATE POLICY {name} ON {table} {rule}")


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
            "INSERT INTO team_member (role_name, executive_id, director_center_id) "
            "VALUES (:role, :executive, :center) ON CONFLICT (role_name) DO UPDATE SET "
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
        text("DELETE FROM team_member WHERE role_name = :role"), {"role": role}
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


def may_edit_partner(connection: Connection, partner_id: int) -> bool:
    if holds_everything(connection):
        return True
    found = connection.execute(
        text(f"SELECT 1 FROM partner WHERE id = :id AND {EDITABLE_PARTNER}"), {"id": partner_id}
    ).scalar()
    return found is not None
