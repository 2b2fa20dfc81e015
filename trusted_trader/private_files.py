"""Files and folders that hold partner data, made readable by their owner only.

POSIX systems get modes 0600 and 0700. Windows has no such modes (``os.chmod`` only sets
the read-only flag, and ``os.fchmod`` exists only from Python 3.13): there a new file
inherits the access list of its folder, and the app's folders are in the user's profile,
which only that user (and the machine's administrators) may read.
"""

from __future__ import annotations

import os
import sys
from pathlib import Path

OWNER_ONLY = 0o600
OWNER_ONLY_FOLDER = 0o700


def on_windows() -> bool:
    """True on Windows, where file modes and POSIX signals do not apply."""
    return sys.platform == "win32"


def open_owner_only(path: Path | str) -> int:
    """Create or empty ``path`` for writing, owner-only, and return its descriptor."""
    fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, OWNER_ONLY)
    if not on_windows():
        # The mode of os.open applies to a new file only: a file that was there keeps its own.
        os.fchmod(fd, OWNER_ONLY)
    return fd


def restrict_folder(folder: Path) -> None:
    """Make ``folder`` owner-only on POSIX; on Windows the profile's access list does it."""
    if not on_windows():
        folder.chmod(OWNER_ONLY_FOLDER)
