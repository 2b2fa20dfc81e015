"""Files and folders that hold partner data, made readable by their owner only.

POSIX systems get modes 0600 and 0700. Windows has no such modes (``os.chmod`` only sets
the read-only flag, and ``os.fchmod`` exists only from Python 3.13): there a new file
inherits the access list of its folder, and the app's folders are in the user's profile,
which only that user (and the machine's administrators) may read.
"""

from __future__ import annotations

import sys
from pathlib import Path

OWNER_ONLY_FOLDER = 0o700


def on_windows() -> bool:
    """True on Windows, where file modes and POSIX signals do not apply."""
    return sys.platform == "win32"


def restrict_folder(folder: Path) -> None:
    """Make ``folder`` owner-only on POSIX; on Windows the profile's access list does it."""
    if not on_windows():
        folder.chmod(OWNER_ONLY_FOLDER)
