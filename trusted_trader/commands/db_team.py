"""``trusted-trader db`` actions for the team (PostgreSQL) database."""

from __future__ import annotations

import argparse


def register_actions(actions: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    """Registers nothing yet."""
