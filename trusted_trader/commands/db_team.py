"""``trusted-trader db`` actions for the team (PostgreSQL) database: copy into it, grant access."""

from __future__ import annotations

import argparse
from pathlib import Path
from typing import TYPE_CHECKING

from trusted_trader.commands.context import Context, Subparsers, UsageError, add_command

if TYPE_CHECKING:
    from trusted_trader.services.team import TeamMember

GRANT_HELP = """\
Let a PostgreSQL login work in the team database given with --db (run it as
the administrator: the login that owns the database, with CREATEROLE, or a
superuser). An Account Executive (--executive EMAIL) changes only
the partners assigned to them and reads the rest of their Center; a director
(--director CENTER_CODE) reads and changes everything in that Center. The rules
are enforced by PostgreSQL itself (row-level security), also for psql; members
may create nothing in the database, and the tables are handed to the role
tt_owner_<database>, which nobody logs in as and whose member the administrator
becomes. Running it again re-applies the rules (idempotent). A login
that does not exist is created without a password: set one with psql's
\\password ROLE, or use your site's authentication.
"""


def register_actions(actions: Subparsers) -> None:
    copy = add_command(actions, "copy", copy_command)
    copy.add_argument("--from", dest="source", required=True, type=Path, metavar="SQLITE_FILE")
    copy.add_argument("--to", dest="target", required=True, metavar="POSTGRES_URL")
    copy.add_argument(
        "--merge",
        action="store_true",
        help="add to a team database that holds records: partners match by IOR number and "
        "keep the team's record and IOR numbers; their other records match by a natural key "
        "(touch point: date, kind and entry number, or port without one; plan: period and "
        "title; activity: date and kind; contact: name and e-mail; volume: month; ...). "
        "A record already there is not added again, so merging the same file twice adds "
        "nothing; it takes the file's values only if it was changed in the file later than "
        "in the team database. Records deleted in the file are not deleted there.",
    )
    grant = add_command(
        actions,
        "grant",
        grant_command,
        description=GRANT_HELP,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    grant.add_argument("--role", help="the PostgreSQL login role")
    grant.add_argument("--executive", metavar="EMAIL", help="the Account Executive it is")
    grant.add_argument("--director", metavar="CODE", help="the Center it directs, e.g. ELEC")
    grant.add_argument("--revoke", action="store_true", help="take the login out of the team")
    grant.add_argument("--list", action="store_true", help="list the team's logins")


def copy_command(ctx: Context) -> int:
    """copy a local database file into a team (PostgreSQL) database

    Copy every record of a local database, with its history, into a team database. An
    empty team database keeps the identifiers; one that already holds records is refused
    unless --merge is given.
    """
    from trusted_trader.services.team_copy import copy_database
    from trusted_trader.settings import sqlite_url
    from trusted_trader.store.postgres import without_password

    source: Path = ctx.args.source
    if not source.is_file():
        raise UsageError(f"{source} does not exist or is not a file")
    _check_target(ctx.args.target)
    result = copy_database(
        sqlite_url(source), ctx.args.target, merge=ctx.args.merge, progress=ctx.progress
    )
    merged = ""
    if ctx.args.merge:
        there, updated = sum(result.already_there.values()), sum(result.updated.values())
        merged = (
            f"; {result.merged_partners} partners and {there:,} other records were already "
            f"there ({updated:,} of them updated from the file)"
        )
    print(f"Copied {result.rows:,} records into {without_password(ctx.args.target)}{merged}.")
    return 0


def _check_target(url: str) -> None:
    from trusted_trader.store.engine import check_url
    from trusted_trader.store.errors import UnsupportedDatabase

    if not url.startswith("postgresql"):
        raise UsageError("--to must be a PostgreSQL URL, e.g. postgresql+psycopg://me@host/team")
    try:
        check_url(url, server_required=True)
    except UnsupportedDatabase as exc:
        raise UsageError(f"--to: {exc}") from None


def grant_command(ctx: Context) -> int:
    """let a database login work as an Account Executive or a Center director"""
    from trusted_trader.services import team

    args = ctx.args
    if not args.list and not args.role:
        raise UsageError("name the login with --role (or use --list)")
    if not (args.list or args.revoke or args.executive or args.director):
        raise UsageError("say --executive EMAIL and/or --director CODE (or --revoke)")
    store = ctx.store()
    with store.uow() as uow:
        if args.list:
            for member in team.list_members(uow):
                rights = _rights(member, "Account Executive ", "director of ", ", ")
                print(f"{member.role}: {rights or 'no rights'}")
            return 0
        if args.revoke:
            removed = team.revoke_access(uow, args.role)
            uow.commit()
            print(f"{args.role} {'no longer works' if removed else 'was not working'} here.")
            return 0
        member = team.grant_access(
            uow, args.role, executive_email=args.executive, director_code=args.director
        )
        uow.commit()
    what = _rights(member, "as ", "as director of ", " and ")
    print(f"{member.role} may now work in {store.display_name} {what}.")
    return 0


def _rights(member: TeamMember, executive: str, director: str, joiner: str) -> str:
    """What a login may do, each right named after its prefix, joined by ``joiner``."""
    parts = (
        member.executive_email and executive + member.executive_email,
        member.director_of and director + member.director_of,
    )
    return joiner.join(part for part in parts if part)
