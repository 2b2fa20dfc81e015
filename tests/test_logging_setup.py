from __future__ import annotations

import logging
from logging.handlers import RotatingFileHandler
from pathlib import Path

from trusted_trader.logging_setup import configure_logging


def test_the_log_rotates_in_the_log_folder_and_is_set_up_once(app_home: Path) -> None:
    first = configure_logging()
    second = configure_logging()
    handlers = [
        h
        for h in logging.getLogger("trusted_trader").handlers
        if isinstance(h, RotatingFileHandler)
    ]
    assert first == second == app_home / "logs" / "trusted-trader.log"
    assert len(handlers) == 1
    assert handlers[0].maxBytes > 0 and handlers[0].backupCount > 0
    logging.getLogger("trusted_trader.test").warning("partner #12 saved")
    handlers[0].flush()
    assert "partner #12 saved" in first.read_text()
