"""``trusted-trader settings``: show the settings, or set who signs changes to a local file."""

from __future__ import annotations

from trusted_trader.commands.context import Context, Subparsers, UsageError, add_command

MAX_ACTOR = 200  # the audit trail's "who" column


def register(subparsers: Subparsers) -> None:
    parser = add_command(subparsers, "settings", settings_command)
    parser.add_argument(
        "--executive",
        metavar="EMAIL",
        help="your e-mail address as an Account Executive ('' to sign as the OS account)",
    )


def settings_command(ctx: Context) -> int:
    """show the settings, or set the Account Executive who signs local changes

    Changes to a local database file are signed in its audit trail by the Account
    Executive set here, else by your operating-system account. On a team database they
    are always signed by your database login.
    """
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
