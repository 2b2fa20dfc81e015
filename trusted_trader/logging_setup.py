"""The app's log: one rotating file in the log folder, readable by the owner only."""

from __future__ import annotations

import logging
import os
from logging.handlers import RotatingFileHandler
from pathlib import Path

from trusted_trader import paths

LOG_NAME = "trusted-trader.log"
MAX_BYTES = 1_000_000
BACKUP_COUNT = 5
_FORMAT = "%(asctime)s %(levelname)s %(name)s: %(message)s"


class _OwnerOnlyRotatingFileHandler(RotatingFileHandler):
    """Creates each log file 0600: tracebacks may show how a user's data is laid out."""

    def _open(self):  # type: ignore[no-untyped-def]
        if not os.path.exists(self.baseFilename):
            os.close(os.open(self.baseFilename, os.O_CREAT | os.O_WRONLY, 0o600))
        return super()._open()


def log_file() -> Path:
    return paths.log_dir() / LOG_NAME


def configure_logging(level: int = logging.INFO) -> Path:
    """Send the ``trusted_trader`` loggers to the rotating log file (once per log file).

    Messages name records by id only, never a partner's name or identifiers.
    """
    target = log_file()
    logger = logging.getLogger("trusted_trader")
    for handler in logger.handlers:
        if isinstance(handler, RotatingFileHandler) and handler.baseFilename == str(target):
            return target
    for handler in [h for h in logger.handlers if isinstance(h, _OwnerOnlyRotatingFileHandler)]:
        logger.removeHandler(handler)
        handler.close()
    handler = _OwnerOnlyRotatingFileHandler(
        target, maxBytes=MAX_BYTES, backupCount=BACKUP_COUNT, encoding="utf-8", delay=True
    )
    handler.setFormatter(logging.Formatter(_FORMAT))
    logger.addHandler(handler)
    logger.setLevel(level)
    return target
