"""Column mappings the user made by hand, remembered per header signature in the settings folder.

An ACE report exports the same headers every time, under names the import does not know
("Entry Summary Number"). Once the user said which is which, the next file with the same
headers (the same kind, the same header names up to case, spaces, dashes and underscores,
in any order) maps itself. What is read back is checked against the file in hand: a
mapping naming a header the file lacks, a column the kind does not have, or leaving out a
required column is not used, and a file edited into junk is read as empty — never an error.
"""

from __future__ import annotations

import json
import logging
import os
from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import Any

from trusted_trader import paths
from trusted_trader.services.importing.read import squash_header
from trusted_trader.services.importing.rows import COLUMNS, REQUIRED

MEMORY_FILE = "column-mappings.json"
KEPT = 50  # header signatures remembered; the least recently used go first
MAX_FILE_BYTES = 1_000_000  # far more than KEPT mappings take: a larger file is not ours
MAX_HEADERS = 500  # a header row longer than any report's is not remembered
_log = logging.getLogger(__name__)


def signature(kind: str, headers: Sequence[str]) -> list[str]:
    """The kind and the file's non-empty headers, squashed and sorted: what a mapping is kept by."""
    return [kind, *sorted({squash_header(h) for h in headers} - {""})]


class ColumnMemory:
    """The remembered mappings of one settings folder (``column-mappings.json``)."""

    def __init__(self, path: Path | None = None) -> None:
        self._path = path

    @property
    def path(self) -> Path:
        return self._path or paths.config_dir() / MEMORY_FILE

    def recall(self, kind: str, headers: Sequence[str]) -> dict[str, str] | None:
        """Our column → the file's header, as chosen for a file of these headers; else None."""
        wanted = signature(kind, headers)
        for item in self._items():
            if item.get("signature") == wanted:
                return _usable(kind, headers, item.get("columns"))
        return None

    def remember(self, kind: str, headers: Sequence[str], mapping: Mapping[str, str]) -> None:
        """Keep ``mapping`` for files of these headers (first in the list); a failure to
        write is logged, not raised: the import does not depend on it."""
        if kind not in COLUMNS or len(headers) > MAX_HEADERS:
            return
        columns = {ours: squash_header(theirs) for ours, theirs in mapping.items()}
        mine = {"signature": signature(kind, headers), "columns": columns}
        kept = [i for i in self._items() if i.get("signature") != mine["signature"]]
        try:
            self._write([mine, *kept][:KEPT])
        except OSError as exc:
            _log.warning("Warning: the column mapping was not remembered (%s)", exc)

    def _items(self) -> list[dict[str, Any]]:
        try:
            path = self.path
            if path.stat().st_size > MAX_FILE_BYTES:
                return []
            data = json.loads(path.read_text(encoding="utf-8"))
        except (OSError, ValueError, RecursionError):  # RecursionError: "[[[[…" nested deep
            return []
        items = data.get("mappings") if isinstance(data, dict) else None
        return [i for i in items if isinstance(i, dict)] if isinstance(items, list) else []

    def _write(self, items: list[dict[str, Any]]) -> None:
        path = self.path
        temp = path.with_name(path.name + ".tmp")
        text = json.dumps({"mappings": items}, indent=1, ensure_ascii=False)
        # A file (or a planted link) left at the temporary name goes first: the new one is
        # made afresh, owner only, never through a link; the rename makes it whole or absent.
        temp.unlink(missing_ok=True)
        flags = os.O_CREAT | os.O_EXCL | os.O_WRONLY | getattr(os, "O_NOFOLLOW", 0)
        try:
            with os.fdopen(os.open(temp, flags, 0o600), "w", encoding="utf-8") as stream:
                stream.write(text)
            os.replace(temp, path)
        finally:
            temp.unlink(missing_ok=True)


def _usable(kind: str, headers: Sequence[str], columns: object) -> dict[str, str] | None:
    """The stored columns as the file's own header names, if every one still fits."""
    if kind not in COLUMNS or not isinstance(columns, dict):
        return None
    by_squashed = {squash_header(h): h for h in headers if squash_header(h)}
    chosen: dict[str, str] = {}
    for ours, theirs in columns.items():
        if ours not in COLUMNS[kind] or not isinstance(theirs, str) or theirs not in by_squashed:
            return None
        chosen[ours] = by_squashed[theirs]
    if any(name not in chosen for name in REQUIRED[kind]):
        return None
    return chosen
