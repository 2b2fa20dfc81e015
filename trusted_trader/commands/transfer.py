"""``trusted-trader import / export``: bring data in and out."""

from __future__ import annotations

import argparse


def register(subparsers: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    """Registers nothing yet."""
