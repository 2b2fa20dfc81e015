"""``trusted-trader settings``: show the settings, or set who signs changes to a local file."""

from __future__ import annotations

import argparse

from trusted_trader.commands.context import Context, UsageError

MAX_ACTOR = 200  # the audit trail's "who" column


def register(subparsers: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    parser = subparsers.add_parser(
        "settings",
        help="show the settings, or set the Account Executive who signs local changes",
        description="Changes to a local database file are signed in its audit trail by the "
        "Account Executive set here, else by your operating-system account. On a team "
        "database they are always signed by your database login.",
    )
    parser.add_argument(
        "--executive",
        metavar="EMAIL",
        help="your e-mail address as an Account Executive ('' to sign as the OS account)",
    )
    parser.set_defaults(handler=settings_command)


def settings_command(ctx: Context) -> int:
    from trusted_trader.settings import settings_path
    from trusted_trader.store.uow import default_actor

    settings = ctx.settings
    if ctx.args.executive is not None:
        executive = ctx.args.executive.strip()
        if len(executive) > MAX_ACTOR or not executive.isprintable():
            raise UsageError(f"--executive must be printable and at most {MAX_ACTOR} characters")
        settings = settings.with_changes(executive_email=executive)
        settings.save()
    print(f"Settings file: {settings_path()}")
    print(f"Changes to a local file are signed by: {settings.executive_email or default_actor()}")
    return 0
