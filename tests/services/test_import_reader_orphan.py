"""The reader process of a large import ends when the importing process is killed."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from pathlib import Path

# The importing side: start the reader, take one chunk, print the reader's id, then hang
# (as an import would while it writes) until it is killed.
IMPORTER = """
import multiprocessing, sys, time
from pathlib import Path
from trusted_trader.services.importing.process import read_in_process

chunks = read_in_process(
    Path(sys.argv[1]), None, "volumes", {"ior_number": 0, "month": 1, "entries": 2}, 500
)
next(chunks)
print(multiprocessing.active_children()[0].pid, flush=True)
time.sleep(600)
"""


def alive(pid: int) -> bool:
    try:
        state = Path(f"/proc/{pid}/status").read_text()
    except FileNotFoundError:
        return False
    return "\nState:\tZ" not in state  # a zombie has ended; only its parent has not looked


def test_the_reader_process_ends_within_seconds_when_its_importer_is_killed(
    tmp_path: Path,
) -> None:
    source = tmp_path / "volumes.csv"
    rows = "".join(f"30-{n:07d}AB,2025-{n % 12 + 1:02d},{n}\n" for n in range(200_000))
    source.write_text("ior_number,month,entries\n" + rows)
    importer = subprocess.Popen(
        [sys.executable, "-c", IMPORTER, str(source)], stdout=subprocess.PIPE, text=True
    )
    try:
        assert importer.stdout is not None
        reader = int(importer.stdout.readline())
        assert alive(reader)
        os.kill(importer.pid, signal.SIGKILL)
        importer.wait(timeout=10)
        deadline = time.monotonic() + 10
        while alive(reader) and time.monotonic() < deadline:
            time.sleep(0.1)
        assert not alive(reader), "the reader outlived its importer"
    finally:
        importer.kill()
        if importer.stdout is not None:
            importer.stdout.close()
