"""Option types shared by the sub-commands: each refuses what it cannot hold in one line."""

from __future__ import annotations

import argparse
from collections.abc import Callable
from datetime import date

# Record identifiers are 64-bit signed integers in both databases.
MAX_ID = 2**63 - 1


class OneLineParser(argparse.ArgumentParser):
    """Usage mistakes as one line on stderr (exit 2), not the usage block and a line."""

    def error(self, message: str) -> None:  # type: ignore[override]
        self.exit(2, f"{self.prog}: error: {message} (see {self.prog} --help)\n")


def whole_number(low: int, high: int) -> Callable[[str], int]:
    """An argparse type: a whole number from ``low`` to ``high``."""

    def parse(text: str) -> int:
        try:
            value = int(text.strip().replace(",", "").replace("_", ""))
        except ValueError:
            raise argparse.ArgumentTypeError(f"'{text}' is not a whole number") from None
        if not low <= value <= high:
            raise argparse.ArgumentTypeError(
                f"'{text}' is out of range: give a whole number from {low:,} to {high:,}"
            )
        return value

    parse.__name__ = "whole number"  # argparse names the type in its messages
    return parse


record_id = whole_number(1, MAX_ID)


def add_overwrite(parser: argparse.ArgumentParser) -> None:
    """The ``--overwrite`` option of every command that writes a file."""
    parser.add_argument(
        "--overwrite",
        action="store_true",
        help="replace the output file if it exists (never the open database)",
    )


def day(text: str) -> date:
    """An argparse type: a day ``YYYY-MM-DD`` within the years the app keeps."""
    from trusted_trader.domain.periods import check_day

    try:
        value = date.fromisoformat(text.strip())
    except ValueError:
        raise argparse.ArgumentTypeError(f"'{text}' is not a date like 2026-11-28") from None
    try:
        return check_day(value)
    except ValueError as exc:
        raise argparse.ArgumentTypeError(str(exc)) from None


def add_scope_options(parser: argparse.ArgumentParser) -> argparse._MutuallyExclusiveGroup:
    """--partner, --executive and --center: whose records a command reads (one at most)."""
    whose = parser.add_mutually_exclusive_group()
    whose.add_argument("--partner", metavar="IOR", help="one partner, by any IOR number")
    whose.add_argument("--executive", metavar="EMAIL", help="an Account Executive's portfolio")
    whose.add_argument("--center", metavar="CODE", help="a Center, e.g. ELEC")
    return whose
