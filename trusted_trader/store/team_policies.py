"""The SQL of a team database's access rules: helper functions, triggers and row policies.

Every text here takes ``{s}``, the quoted schema of the app's tables. The
rules are written so that a member cannot change what they mean:

- every function names each relation with its schema and fixes its
  ``search_path`` to ``pg_catalog, <schema>, pg_temp`` (pg_temp last), so a
  temporary table or a ``SET search_path`` of the caller cannot stand in for
  ``team_member`` or ``partner``;
- policy expressions are stored by PostgreSQL as resolved objects, and name
  their tables with the schema all the same;
- who did something (``actor``) is set by the database from ``current_user``.
"""

from __future__ import annotations

PATH = "SET search_path = pg_catalog, {s}, pg_temp"

# These functions answer "who is calling?" from current_user, so they are
# SECURITY INVOKER by choice: as SECURITY DEFINER, current_user would be the
# owner. They read only team_member and account_executive, which every member
# may read, with a fixed search_path and qualified names.
MEMBER_FUNCTIONS = (
    f"""CREATE OR REPLACE FUNCTION {{s}}.tt_member_executive() RETURNS integer
       LANGUAGE sql STABLE SECURITY INVOKER {PATH} AS
       $$ SELECT m.executive_id FROM {{s}}.team_member m WHERE m.role_name = current_user $$""",
    f"""CREATE OR REPLACE FUNCTION {{s}}.tt_member_center() RETURNS integer
       LANGUAGE sql STABLE SECURITY INVOKER {PATH} AS
       $$ SELECT COALESCE(m.director_center_id, e.center_id) FROM {{s}}.team_member m
          LEFT JOIN {{s}}.account_executive e ON e.id = m.executive_id
          WHERE m.role_name = current_user $$""",
    f"""CREATE OR REPLACE FUNCTION {{s}}.tt_is_director() RETURNS boolean
       LANGUAGE sql STABLE SECURITY INVOKER {PATH} AS
       $$ SELECT COALESCE((SELECT m.director_center_id IS NOT NULL FROM {{s}}.team_member m
                           WHERE m.role_name = current_user), false) $$""",
    # True for whoever the row policies do not hold: superusers, BYPASSRLS
    # roles and the owner of the tables (and logins that are members of it).
    f"""CREATE OR REPLACE FUNCTION {{s}}.tt_holds_everything() RETURNS boolean
       LANGUAGE sql STABLE SECURITY INVOKER {PATH} AS
       $$ SELECT COALESCE((SELECT r.rolsuper OR r.rolbypassrls FROM pg_catalog.pg_roles r
                           WHERE r.rolname = current_user), false)
             OR pg_catalog.pg_has_role(current_user, (SELECT c.relowner FROM pg_catalog.pg_class c
                WHERE c.oid = '{{s}}.partner'::pg_catalog.regclass), 'USAGE') $$""",
)

# Sub-selects make PostgreSQL work out the member once per query, not once per row.
VISIBLE_PARTNER = (
    "(center_id IS NULL OR center_id = (SELECT {s}.tt_member_center()) "
    "OR executive_id = (SELECT {s}.tt_member_executive()))"
)
EDITABLE_PARTNER = (
    "(((SELECT {s}.tt_is_director()) AND "
    "(center_id IS NULL OR center_id = (SELECT {s}.tt_member_center()))) "
    "OR executive_id = (SELECT {s}.tt_member_executive()))"
)
EDITABLE_IDS = "SELECT id FROM {s}.partner WHERE " + EDITABLE_PARTNER
EDITABLE_PLANS = "SELECT id FROM {s}.engagement_plan WHERE partner_id IN (" + EDITABLE_IDS + ")"

PARTNER_CHILDREN = (
    "partner_ior",
    "partner_filer_code",
    "contact",
    "program_enrollment",
    "engagement_plan",
    "touch_point",
    "engagement_activity",
    "monthly_volume",
    "facilitation",
    "customs_entry",
    "port_volume",
)
PLAN_CHILDREN = ("plan_risk_area", "plan_objective", "plan_action_item", "plan_review")
REFERENCE_TABLES = ("center", "center_coverage", "account_executive")
RECORD_TABLES = ("partner", *PARTNER_CHILDREN, *PLAN_CHILDREN, *REFERENCE_TABLES)
# What a member may do to the bookkeeping tables; no UPDATE of who or what, no DELETE.
BATCH_COLUMNS = "created, updated, unchanged, rejected, status, reverted_at"
PRIVILEGES = {
    **dict.fromkeys(RECORD_TABLES, "SELECT, INSERT, UPDATE, DELETE"),
    "import_batch": f"SELECT, INSERT, UPDATE ({BATCH_COLUMNS})",
    "import_change": "SELECT, INSERT",
    "audit_log": "SELECT, INSERT",
    "team_member": "SELECT",
    "alembic_version": "SELECT",
}
POLICY_NAMES = ("tt_read", "tt_add", "tt_change", "tt_remove")


_EDITABLE_BY_ME = (
    "((director AND (p.center_id IS NULL OR p.center_id = me_center)) OR p.executive_id = me_exec)"
)


def _count_editable(table: str) -> str:
    """How many records of ``table`` in the run are the member's to change (into ``editable``).

    The run is looked up by id first (``OFFSET 0`` keeps the planner from
    starting anywhere else: right after a bulk insert its statistics are stale).
    """
    run = "WHERE id BETWEEN first_id AND last_id OFFSET 0"
    if table == "partner":
        source = f"(SELECT center_id, executive_id FROM {{s}}.partner {run}) p"
    elif table in PARTNER_CHILDREN:
        source = (
            f"(SELECT partner_id FROM {{s}}.{table} {run}) r "
            "JOIN {s}.partner p ON p.id = r.partner_id"
        )
    elif table in PLAN_CHILDREN:
        source = (
            f"(SELECT plan_id FROM {{s}}.{table} {run}) r "
            "JOIN {s}.engagement_plan g ON g.id = r.plan_id "
            "JOIN {s}.partner p ON p.id = g.partner_id"
        )
    else:  # Centers, their coverage, the Account Executives: directors only
        source = f"(SELECT id FROM {{s}}.{table} {run}) r"
        return f"SELECT count(*) INTO editable FROM {source} WHERE director;"
    return f"SELECT count(*) INTO editable FROM {source} WHERE {_EDITABLE_BY_ME};"


def changes_allowed_function() -> str:
    """``tt_changes_allowed(who, table, first, last)``: may ``who`` edit every record of the run?

    An import records what it created as runs of consecutive ids; a run is
    allowed only when each of its ids is a record the member may change, so a
    forged run cannot make someone's later revert delete other people's records.

    SECURITY DEFINER by choice: it must count records the caller cannot see,
    and doing it as the owner spares the caller's row policies on every row
    of an import. It answers only for ``who`` = the session's
    own login or a role that login may become, so it tells nobody about others.
    """
    branches = "\n  ELSIF ".join(
        f"tab = '{table}' THEN\n    {_count_editable(table)}" for table in RECORD_TABLES
    )
    return (
        "CREATE OR REPLACE FUNCTION {s}.tt_changes_allowed(who name, tab text, first_id bigint, "
        f"last_id bigint) RETURNS boolean LANGUAGE plpgsql STABLE SECURITY DEFINER {PATH} AS $$\n"
        "DECLARE\n  me_exec integer;\n  me_center integer;\n  director boolean;\n"
        "  editable bigint;\nBEGIN\n"
        "  IF last_id < first_id OR NOT pg_catalog.pg_has_role(session_user, who, 'MEMBER') THEN\n"
        "    RETURN false;\n  END IF;\n"
        "  SELECT m.executive_id, COALESCE(m.director_center_id, e.center_id), "
        "m.director_center_id IS NOT NULL INTO me_exec, me_center, director\n"
        "    FROM {s}.team_member m LEFT JOIN {s}.account_executive e ON e.id = m.executive_id\n"
        "    WHERE m.role_name = who;\n"
        "  IF NOT FOUND THEN\n    RETURN false;\n  END IF;\n"
        f"  IF {branches}\n  ELSE\n    RETURN false;\n  END IF;\n"
        "  RETURN editable = last_id - first_id + 1;\nEND $$"
    )


# Triggers run as the caller (SECURITY INVOKER): they only look at the row and at
# who the caller is, and must not lend the owner's rights to anyone.
STAMP_ACTOR = f"""
CREATE OR REPLACE FUNCTION {{s}}.tt_stamp_actor() RETURNS trigger
LANGUAGE plpgsql SECURITY INVOKER {PATH} AS $$
BEGIN
  -- Whoever the client says did it, a member's row is theirs. The owner keeps
  -- the recorded actor, so that copying a local file in keeps its history.
  IF NEW.actor IS DISTINCT FROM current_user AND NOT {{s}}.tt_holds_everything() THEN
    NEW.actor := current_user;
  END IF;
  RETURN NEW;
END $$"""

MOVE_REFUSED = "only a director may move a partner to another Center or Account Executive"
GUARD_PARTNER = f"""
CREATE OR REPLACE FUNCTION {{s}}.tt_guard_partner() RETURNS trigger
LANGUAGE plpgsql SECURITY INVOKER {PATH} AS $$
BEGIN
  IF TG_OP = 'UPDATE' AND NEW.center_id IS NOT DISTINCT FROM OLD.center_id
     AND NEW.executive_id IS NOT DISTINCT FROM OLD.executive_id THEN
    RETURN NEW;
  END IF;
  IF TG_OP = 'INSERT' AND (NEW.center_id IS NULL
     OR NEW.center_id IS NOT DISTINCT FROM {{s}}.tt_member_center()) THEN
    RETURN NEW;
  END IF;
  IF {{s}}.tt_is_director() OR {{s}}.tt_holds_everything() THEN
    RETURN NEW;
  END IF;
  RAISE EXCEPTION '{MOVE_REFUSED}' USING ERRCODE = 'insufficient_privilege';
END $$"""

TRUNCATE_REFUSED = "the audit log is kept: only the maintenance role {role} may empty it"


def refuse_truncate_function(maintenance: str) -> str:
    """A statement trigger that lets only the maintenance role (and superusers) empty the log."""
    message = TRUNCATE_REFUSED.format(role=maintenance)
    return f"""
CREATE OR REPLACE FUNCTION {{s}}.tt_refuse_truncate() RETURNS trigger
LANGUAGE plpgsql SECURITY INVOKER {PATH} AS $$
BEGIN
  IF pg_catalog.pg_has_role(current_user, '{maintenance}', 'MEMBER') THEN
    RETURN NULL;
  END IF;
  RAISE EXCEPTION '{message}' USING ERRCODE = 'insufficient_privilege';
END $$"""


TRIGGERS = (
    ("audit_log", "tt_stamp_actor", "BEFORE INSERT", "ROW", "tt_stamp_actor"),
    ("import_batch", "tt_stamp_actor", "BEFORE INSERT", "ROW", "tt_stamp_actor"),
    ("partner", "tt_guard_partner", "BEFORE INSERT OR UPDATE", "ROW", "tt_guard_partner"),
    ("audit_log", "tt_refuse_truncate", "BEFORE TRUNCATE", "STATEMENT", "tt_refuse_truncate"),
)


def policies() -> dict[str, dict[str, str]]:
    """For each table, its policies by name (``{s}`` stands for the schema)."""
    table_policies: dict[str, dict[str, str]] = {
        "partner": _read_write(VISIBLE_PARTNER, EDITABLE_PARTNER)
    }
    for table in PARTNER_CHILDREN:
        table_policies[table] = _read_write(
            "partner_id IN (SELECT id FROM {s}.partner)", f"partner_id IN ({EDITABLE_IDS})"
        )
    for table in PLAN_CHILDREN:
        table_policies[table] = _read_write(
            "plan_id IN (SELECT id FROM {s}.engagement_plan)", f"plan_id IN ({EDITABLE_PLANS})"
        )
    for table in REFERENCE_TABLES:
        table_policies[table] = _read_write("true", "(SELECT {s}.tt_is_director())")
    mine = "actor = current_user"
    table_policies["import_batch"] = {
        "tt_read": "FOR SELECT USING (true)",
        "tt_add": f"FOR INSERT WITH CHECK ({mine})",
        "tt_change": f"FOR UPDATE USING ({mine}) WITH CHECK ({mine})",
    }
    table_policies["import_change"] = {
        "tt_read": "FOR SELECT USING (true)",
        "tt_add": "FOR INSERT WITH CHECK (batch_id IN (SELECT id FROM {s}.import_batch WHERE "
        f"{mine}) AND {{s}}.tt_changes_allowed(current_user, table_name, record_id, "
        "COALESCE(last_record_id, record_id)))",
    }
    table_policies["audit_log"] = {
        "tt_read": "FOR SELECT USING (partner_id IS NULL OR partner_id IN "
        "(SELECT id FROM {s}.partner))",
        "tt_add": f"FOR INSERT WITH CHECK ({mine} AND (partner_id IS NULL OR partner_id IN "
        f"({EDITABLE_IDS})))",
    }
    return table_policies


def _read_write(read: str, change: str) -> dict[str, str]:
    return {
        "tt_read": f"FOR SELECT USING ({read})",
        "tt_add": f"FOR INSERT WITH CHECK ({change})",
        "tt_change": f"FOR UPDATE USING ({change}) WITH CHECK ({change})",
        "tt_remove": f"FOR DELETE USING ({change})",
    }
