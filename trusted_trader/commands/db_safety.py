"""``trusted-trader db`` actions for backups and restore."""

from __future__ import annotations

from pathlib import Path

from trusted_trader.commands.context import Context, Subparsers, UsageError, add_command


def register_actions(actions: Subparsers) -> None:
    restore = add_command(actions, "restore", restore_command)
    restore.add_argument("file", type=Path, help="the backup to restore")
    listing = add_command(actions, "backups", backups_command)
    listing.add_argument("--all", action="store_true", help="backups of every database file")


def restore_command(ctx: Context) -> int:
    """replace the database by a backup (the current file is backed up first)

    Replace the database by a backup through SQLite's backup API. The current file is
    copied to the backups folder first; a file that is not a Trusted Trader database, is
    damaged or comes from a newer release is refused.
    """
    from trusted_trader.services.backups import restore_file

    if not ctx.args.file.is_file():
        raise UsageError(f"{ctx.args.file} does not exist or is not a file")
    saved = restore_file(ctx.database_url, ctx.args.file)
    print(f"Restored {ctx.args.file} into {_where(ctx)}.")
    if saved is not None:
        print(f"The file it replaced is kept as {saved}")
    return 0


def backups_command(ctx: Context) -> int:
    """list the backups of the database"""
    from trusted_trader.services.backups import backup_folder, database_stem, list_backups

    stem = None if ctx.args.all else database_stem(ctx.database_url)
    if stem is None and not ctx.args.all:
        raise UsageError("a team database has no backups here; they are made on its server")
    found = list_backups(stem)
    if not found:
        print(f"No backups in {backup_folder()}.")
        return 0
    for backup in found:
        when = backup.taken_at.strftime("%Y-%m-%d %H:%M:%S")
        print(f"{when}  {_size(backup.size):>9}  {backup.reason:<24}  {backup.path}")
    return 0


def _where(ctx: Context) -> str:
    from trusted_trader.store.engine import sqlite_path

    return str(sqlite_path(ctx.database_url) or ctx.database_url)


def _size(size: int) -> str:
    value = float(size)
    for unit in ("B", "KB", "MB", "GB"):
        if value < 1024 or unit == "GB":
            return f"{value:.0f} {unit}" if unit == "B" else f"{value:.1f} {unit}"
        value /= 1024
    return f"{size} B"
