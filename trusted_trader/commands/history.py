"""``trusted-trader history``: the audit trail of a partner."""

from __future__ import annotations

import argparse


def register(subparsers: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    """Registers nothing yet."""
