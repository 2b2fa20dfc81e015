"""``trusted-trader db``: upgrade, check and back up the database."""

from __future__ import annotations

import importlib
from pathlib import Path

from trusted_trader.commands.arguments import add_overwrite
from trusted_trader.commands.context import Context, Subparsers, add_command


def register(subparsers: Subparsers) -> None:
    parser = subparsers.add_parser("db", help="upgrade, check or back up the database")
    actions = parser.add_subparsers(dest="db_action", required=True, metavar="ACTION")
    add_command(actions, "upgrade", upgrade_command)
    add_command(actions, "check", check_command)
    backup = add_command(actions, "backup", backup_command)
    backup.add_argument("file", nargs="?", type=Path, help="where to write the copy")
    add_overwrite(backup)
    # Backups/restore and the team database add their own actions.
    for name in ("db_safety", "db_team"):
        importlib.import_module(f"trusted_trader.commands.{name}").register_actions(actions)


def upgrade_command(ctx: Context) -> int:
    """bring the database schema up to date"""
    from datetime import UTC, datetime

    from trusted_trader.services.maintenance import upgrade_notes
    from trusted_trader.store.migrate import head_revision

    started = datetime.now(UTC)
    store = ctx.store()  # opening migrates, after a copy is saved in the backups folder
    print(f"{store.display_name} is at schema {head_revision()}.")
    for note in upgrade_notes(store, started):
        print(f"note: {note}")
    return 0


def check_command(ctx: Context) -> int:
    """check integrity, foreign keys and schema version"""
    from trusted_trader.services.maintenance import check_database

    result = check_database(ctx.store())
    if result.ok:
        print(f"{ctx.store().display_name}: ok (schema {result.schema}).")
        return 0
    for problem in result.problems:
        print(f"problem: {problem}")
    return 1


def backup_command(ctx: Context) -> int:
    """copy the open database safely"""
    from trusted_trader.services.maintenance import backup_database

    target = backup_database(ctx.store(), ctx.args.file, overwrite=ctx.overwrite)
    print(f"Backed up to {target}")
    return 0
