"""The command line: the same services as the desktop app, without Qt."""

from __future__ import annotations

import argparse
import importlib
import logging
import sys
from collections.abc import Sequence

from trusted_trader import APP_NAME, __version__
from trusted_trader.commands.context import Context, UsageError

# Each module registers its sub-commands; services are imported only when one runs.
COMMAND_MODULES = ("demo", "db", "stats", "report", "transfer", "history", "settings")

log = logging.getLogger("trusted_trader")


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="trusted-trader",
        description=f"{APP_NAME}: the Account Executive's desk. "
        "With no command, the desktop window opens.",
    )
    parser.add_argument("--version", action="version", version=f"{APP_NAME} {__version__}")
    parser.add_argument(
        "--db",
        metavar="PATH_OR_URL",
        help="database file or SQLAlchemy URL (default: $TRUSTED_TRADER_DB, the setting, "
        "or the file in your data folder)",
    )
    subparsers = parser.add_subparsers(dest="command", metavar="COMMAND")
    for name in COMMAND_MODULES:
        importlib.import_module(f"trusted_trader.commands.{name}").register(subparsers)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    parser = build_parser()
    args = parser.parse_args(argv)
    if args.command is None:
        return _open_window(args)
    from trusted_trader.logging_setup import configure_logging

    configure_logging()
    ctx = Context(args)
    try:
        return int(args.handler(ctx))
    except UsageError as exc:
        print(f"trusted-trader: error: {exc}", file=sys.stderr)
        return 2
    except Exception as exc:
        return _report(exc)
    finally:
        ctx.close()


def _report(exc: Exception) -> int:
    from trusted_trader.errors import describe

    message, is_bug = describe(exc)
    print(f"trusted-trader: {message}", file=sys.stderr)
    return 70 if is_bug else 1


def _open_window(args: argparse.Namespace) -> int:
    from trusted_trader.app import run

    return run(args.db)
