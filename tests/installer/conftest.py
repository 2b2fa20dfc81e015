"""The installer tests: the frozen-bundle tests run only when asked for with ``-m bundle``."""

from __future__ import annotations

import pytest


def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    # Building the bundle takes a minute or more: the default run leaves it out, and
    # `pytest -m bundle` (a separate step of `setup.sh test`) runs it.
    if "bundle" in (config.getoption("markexpr") or ""):
        return
    deselected = [item for item in items if item.get_closest_marker("bundle")]
    if deselected:
        config.hook.pytest_deselected(items=deselected)
        items[:] = [item for item in items if not item.get_closest_marker("bundle")]
