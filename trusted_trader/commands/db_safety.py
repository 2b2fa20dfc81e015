"""``trusted-trader db`` actions for backups and restore."""

from __future__ import annotations

import argparse


def register_actions(actions: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    """Registers nothing yet."""
