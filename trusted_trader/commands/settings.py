"""``trusted-trader settings``: show the settings, or change them (who signs, dates, printing)."""

from __future__ import annotations

from typing import Any

from trusted_trader.commands.context import Context, Subparsers, UsageError, add_command

# option → the setting it changes (the same names the window's Settings dialog saves)
OPTIONS = {
    "executive": "executive_email",
    "date_style": "date_style",
    "marking": "marking",
    "page_size": "page_size",
    "backups_daily": "backups_daily",
    "backups_weekly": "backups_weekly",
    "check_tolerance": "check_tolerance",
}


def register(subparsers: Subparsers) -> None:
    parser = add_command(subparsers, "settings", settings_command)
    parser.add_argument(
        "--executive",
        metavar="EMAIL",
        help="your e-mail address as an Account Executive ('' to sign as the OS account)",
    )
    parser.add_argument(
        "--date-style",
        choices=("iso", "us"),
        help="how the window shows and reads dates: iso (2026-03-31) or us (03/31/2026)",
    )
    parser.add_argument("--marking", metavar="TEXT", help="printed on every page ('' for none)")
    parser.add_argument("--page-size", choices=("letter", "a4"), help="paper of printed reports")
    parser.add_argument("--backups-daily", type=int, metavar="N", help="daily backups kept")
    parser.add_argument("--backups-weekly", type=int, metavar="N", help="weekly backups kept")
    parser.add_argument(
        "--check-tolerance",
        metavar="N|P%|N,P%",
        help="data checks: how far a month's reported total may be from its counted entries "
        "(default 3,5%%: the larger of 3 entries and 5%%)",
    )


def settings_command(ctx: Context) -> int:
    """show the settings, or change them

    Changes to a local database file are signed in its audit trail by the Account
    Executive set here, else by your operating-system account. On a team database they
    are always signed by your database login. Command-line output keeps ISO dates
    whatever --date-style says: the date style is the window's.
    """
    from trusted_trader.settings import settings_path
    from trusted_trader.store.uow import default_actor

    settings = ctx.settings
    changes: dict[str, Any] = {
        field: _clean(getattr(ctx.args, option))
        for option, field in OPTIONS.items()
        if getattr(ctx.args, option) is not None
    }
    if changes:
        settings = settings.with_changes(**changes)
        problems = settings.problems()
        if problems:
            field, reason = problems[0]
            option = next(o for o, f in OPTIONS.items() if f == field)
            raise UsageError(f"--{option.replace('_', '-')} {reason}")
        settings.save()
    print(f"Settings file: {settings_path()}")
    print(f"Changes to a local file are signed by: {settings.executive_email or default_actor()}")
    print(f"Dates in the window: {settings.date_style}")
    print(f"Printed documents: {settings.page_size}, marking {settings.marking or '(none)'}")
    print(f"Backups kept: {settings.backups_daily} daily, {settings.backups_weekly} weekly")
    print(f"Data checks, tolerance of monthly totals: {settings.check_tolerance}")
    return 0


def _clean(value: object) -> object:
    return value.strip() if isinstance(value, str) else value
