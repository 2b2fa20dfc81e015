"""``trusted-trader report``: printable PDF documents."""

from __future__ import annotations

import argparse


def register(subparsers: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    """Registers nothing yet."""
