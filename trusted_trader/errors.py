"""Map any exception to what the user reads: the environment's fault, or our bug."""

from __future__ import annotations

import logging
import traceback

from trusted_trader import paths

log = logging.getLogger("trusted_trader")


def describe(exc: BaseException) -> tuple[str, bool]:
    """Return ``(message, is_bug)``; bugs are written to the log with their traceback."""
    from trusted_trader.domain.errors import DomainError, ValidationError
    from trusted_trader.store.errors import StoreError

    if isinstance(exc, ValidationError):
        return "; ".join(
            f"{p.field} '{p.value}': {p.reason}" if p.value else str(p) for p in exc.problems
        ), False
    if isinstance(exc, DomainError | StoreError):
        return str(exc), False
    if isinstance(exc, PermissionError | FileNotFoundError | IsADirectoryError):
        return f"{exc.strerror}: {exc.filename}", False
    if isinstance(exc, OSError) and exc.errno == 28:
        return "The disk is full; nothing was changed. Free some space, then try again.", False
    log_file = write_bug_report(exc)
    return (
        f"Sorry, something went wrong inside Trusted Trader ({type(exc).__name__}). "
        f"The details are in {log_file}.",
        True,
    )


def write_bug_report(exc: BaseException) -> str:
    target = paths.log_dir() / "trusted-trader.log"
    try:
        with target.open("a", encoding="utf-8") as handle:
            handle.write("".join(traceback.format_exception(exc)))
    except OSError:
        return "(the log could not be written)"
    return str(target)
