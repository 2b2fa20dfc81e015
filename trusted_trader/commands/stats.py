"""``trusted-trader stats``: touch-point reduction statistics."""

from __future__ import annotations

import argparse


def register(subparsers: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    """Registers nothing yet."""
