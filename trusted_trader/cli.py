"""The command line: the same services as the desktop app, without Qt."""

from __future__ import annotations

import argparse
import importlib
import logging
import os
import select
import sys
from collections.abc import Sequence

from trusted_trader import APP_NAME, __version__
from trusted_trader.commands.arguments import OneLineParser
from trusted_trader.commands.context import Context, UsageError

# Each module registers its sub-commands; services are imported only when one runs.
COMMAND_MODULES = ("demo", "db", "stats", "report", "transfer", "history", "settings", "check")

log = logging.getLogger("trusted_trader")

CANCELLED = "Cancelled; nothing was changed."
EXIT_CANCELLED = 130  # 128 + SIGINT, as shells report an interrupted program
EXIT_PIPE_CLOSED = 141  # 128 + SIGPIPE


def build_parser() -> argparse.ArgumentParser:
    parser = OneLineParser(
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
    try:
        return _run(args)
    except KeyboardInterrupt:
        # Every command writes in one transaction, which an interruption rolls back.
        print(f"trusted-trader: {CANCELLED}", file=sys.stderr)
        return EXIT_CANCELLED


def _run(args: argparse.Namespace) -> int:
    from trusted_trader.logging_setup import configure_logging

    configure_logging()
    ctx = Context(args)
    try:
        code = int(args.handler(ctx))
        sys.stdout.flush()  # here, so that a closed pipe is met while we can still handle it
        return code
    except UsageError as exc:
        print(f"trusted-trader: error: {' '.join(str(exc).split())}", file=sys.stderr)
        return 2
    except BrokenPipeError as exc:
        if not _stdout_gone():
            return _report(exc)
        # The reader of our output left (``imports | head -1``): stop quietly, as
        # command-line tools do, and keep the interpreter from complaining at exit.
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
        return EXIT_PIPE_CLOSED
    except Exception as exc:
        return _report(exc)
    finally:
        ctx.close()


def _stdout_gone() -> bool:
    """Whether standard output is a pipe whose reading end is closed."""
    try:
        fd = sys.stdout.fileno()
        poller = select.poll()
    except (AttributeError, OSError, ValueError):
        return False
    poller.register(fd, select.POLLOUT)
    return any(events & select.POLLERR for _fd, events in poller.poll(0))


def _report(exc: Exception) -> int:
    from trusted_trader.errors import describe

    message, is_bug = describe(exc)
    # One line: drivers' messages may span several (psycopg's hints, for one).
    print(f"trusted-trader: {' '.join(message.split())}", file=sys.stderr)
    return 70 if is_bug else 1


def _open_window(args: argparse.Namespace) -> int:
    from trusted_trader.app import run

    return run(args.db)
