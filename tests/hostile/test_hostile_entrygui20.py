"""Hostile and careless input to the entries' window part: the remembered column mappings,
odd headers, searches, and entries of a deleted partner.

A remembered mapping is a convenience: whatever the settings file holds, the import dialog
opens and asks for the columns as if nothing were remembered, and never shows an error.
The entries service runs on SQLite and, where it runs, PostgreSQL.
"""

from __future__ import annotations

import json
import os
from collections.abc import Callable
from datetime import date
from pathlib import Path
from typing import Any

import pytest
from pytestqt.qtbot import QtBot

from tests.gui.test_import_dialog_memory import ES_HEADERS, ES_MAPPING, es_file
from tests.services.test_entries import entry_row, write_entries
from trusted_trader.column_memory import MAX_FILE_BYTES, MAX_HEADERS, ColumnMemory, signature
from trusted_trader.domain.errors import NotFoundError
from trusted_trader.gui.dialogs.import_dialog import ImportDialog
from trusted_trader.services.entries import (
    EntryQuery,
    count_entries,
    delete_entry,
    list_entries,
    restore_entry,
)
from trusted_trader.services.partners import delete_partner
from trusted_trader.services.store import Store

ES_SIGNATURE = signature("entries", ES_HEADERS)


def _write(text: str | bytes) -> Callable[[Path], None]:
    def plant(path: Path) -> None:
        data = text.encode() if isinstance(text, str) else text
        path.write_bytes(data)

    return plant


def _stored(columns: object) -> Callable[[Path], None]:
    """A well-formed file whose one mapping, for the ES headers, holds ``columns``."""
    return _write(json.dumps({"mappings": [{"signature": ES_SIGNATURE, "columns": columns}]}))


def _folder(path: Path) -> None:
    path.mkdir()


def _huge(path: Path) -> None:
    path.write_text(" " * (MAX_FILE_BYTES + 1))


JUNK_FILES: dict[str, Callable[[Path], None]] = {
    "not JSON": _write("{{{ not json"),
    "not UTF-8": _write(b"\xff\xfe\x00garbage\x80"),
    "empty file": _write(""),
    "a JSON list": _write("[]"),
    "mappings not a list": _write('{"mappings": "everything"}'),
    "mappings of numbers and nulls": _write('{"mappings": [1, "a", null, []]}'),
    "nested ten thousand deep": _write("[" * 10_000 + "]" * 10_000),
    "columns a list": _stored(["entry_number"]),
    "a header given as a number": _stored({**ES_MAPPING, "port_code": 2704}),
    "a column the kind lacks": _stored({**ES_MAPPING, "drop_table": "Port Code (ES-003)"}),
    "a header the file lacks (stale)": _stored({**ES_MAPPING, "port_code": "gone"}),
    "a required column left out": _stored({"entry_number": ES_MAPPING["entry_number"]}),
    "a folder in the file's place": _folder,
    "larger than any mapping file": _huge,
}


@pytest.mark.parametrize("plant", JUNK_FILES.values(), ids=JUNK_FILES.keys())
def test_a_junk_mapping_file_is_ignored_and_the_columns_are_asked_for(
    qtbot: QtBot, store: Store, tmp_path: Path, plant: Callable[[Path], None]
) -> None:
    memory = ColumnMemory()
    plant(memory.path)
    dialog = ImportDialog(store, memory=memory)
    qtbot.addWidget(dialog)
    dialog.set_kind("entries")
    dialog.set_file(es_file(tmp_path / "es.csv"))
    assert dialog.mapping_shown and not dialog.remembered_shown
    assert dialog._status_label.text() == ""
    memory.remember("entries", ES_HEADERS, ES_MAPPING)  # never raises
    if memory.path.is_file():
        assert memory.recall("entries", ES_HEADERS) == ES_MAPPING


ODD_HEADERS: dict[str, tuple[str, ...]] = {
    "right-to-left override": ("Entry\u202eNumber", "Importer\u200bNumber", "Port"),
    "a NUL inside": ("Entry\x00Number", "Importer Number", "Port"),
    "formula-like": ("=HYPERLINK(1)", "+Importer", "@Port"),
    "emoji and accents": ("Numéro d'entrée 📦", "Importateur", "Port"),
    "a line break inside": ("Entry\nNumber", "Importer\r\nNumber", "Port"),
    "ten thousand characters": ("E" * 10_000, "I" * 10_000, "Port"),
    "spaces only around": ("  Entry Number  ", "\tImporter Number", "Port "),
}


@pytest.mark.parametrize("headers", ODD_HEADERS.values(), ids=ODD_HEADERS.keys())
def test_odd_headers_are_remembered_and_recalled_as_the_file_spells_them(
    tmp_path: Path, headers: tuple[str, ...]
) -> None:
    memory = ColumnMemory(tmp_path / "memory.json")
    chosen = {"entry_number": headers[0], "ior_number": headers[1], "port_code": headers[2]}
    memory.remember("entries", headers, chosen)
    assert memory.recall("entries", headers) == chosen
    assert memory.recall("touch-points", headers) is None
    assert stat_mode(memory.path) == 0o600


def stat_mode(path: Path) -> int:
    return path.stat().st_mode & 0o777


def test_a_header_row_wider_than_any_report_is_not_remembered(tmp_path: Path) -> None:
    memory = ColumnMemory(tmp_path / "memory.json")
    headers = [f"column {n}" for n in range(MAX_HEADERS + 1)]
    memory.remember("entries", headers, {"entry_number": headers[0], "ior_number": headers[1]})
    assert not memory.path.exists()


def test_a_link_planted_at_the_temporary_name_is_not_followed(tmp_path: Path) -> None:
    victim = tmp_path / "victim.txt"
    victim.write_text("keep me")
    memory = ColumnMemory(tmp_path / "memory.json")
    os.symlink(victim, tmp_path / "memory.json.tmp")
    memory.remember("entries", ES_HEADERS, ES_MAPPING)
    assert victim.read_text() == "keep me"
    assert memory.recall("entries", ES_HEADERS) == ES_MAPPING
    assert not (tmp_path / "memory.json.tmp").exists()


@pytest.fixture
def acme_entries(store: Store, acme_id: int) -> Store:
    write_entries(
        store, acme_id, [entry_row(acme_id, n, date(2026, 1, n), hts="8471300100") for n in (1, 2)]
    )
    return store


SEARCHES: dict[str, tuple[str, int]] = {
    "LIKE percent": ("%", 0),
    "LIKE underscore": ("_", 0),
    "a backslash": ("\\", 0),
    "SQL in the text": ("'; DROP TABLE customs_entry; --", 0),
    "a NUL": ("ACM\x00", 2),
    "a page of text": ("ACM" * 50_000, 0),
    "spaces only": ("   ", 2),
    "HTS with dots and spaces": (" 8471.30 ", 2),
    "lower case entry": ("acm-0000001", 1),
}


@pytest.mark.parametrize(("text", "found"), SEARCHES.values(), ids=SEARCHES.keys())
def test_a_hostile_search_finds_only_what_it_says(
    acme_entries: Store, acme_id: int, text: str, found: int
) -> None:
    with acme_entries.uow() as uow:
        assert count_entries(uow, EntryQuery(acme_id, text=text)) == found
        assert len(list_entries(uow, EntryQuery(acme_id, text=text))) == found


QUERIES: dict[str, dict[str, Any]] = {
    "negative offset and limit": {"offset": -5, "limit": -1},
    "an order that does not exist": {"order": "entry_number; DROP TABLE partner"},
    "a port with a quote": {"port_code": "27'4"},
}


@pytest.mark.parametrize("given", QUERIES.values(), ids=QUERIES.keys())
def test_odd_query_values_read_quietly(
    acme_entries: Store, acme_id: int, given: dict[str, Any]
) -> None:
    with acme_entries.uow() as uow:
        rows = list_entries(uow, EntryQuery(acme_id, **given))
        assert count_entries(uow, EntryQuery(acme_id)) == 2
    assert len(rows) <= 2


def test_a_deleted_partners_entries_are_neither_deleted_nor_restored(
    acme_entries: Store, acme_id: int
) -> None:
    with acme_entries.uow() as uow:
        entry = list_entries(uow, EntryQuery(acme_id))[0]
        held = delete_entry(uow, entry.id)
        delete_partner(uow, acme_id)
        uow.commit()
    with acme_entries.uow() as uow, pytest.raises(NotFoundError, match="no partner"):
        restore_entry(uow, held)
    with acme_entries.uow() as uow:
        other = list_entries(uow, EntryQuery(acme_id))[0]
    with acme_entries.uow() as uow, pytest.raises(NotFoundError, match="no partner"):
        delete_entry(uow, other.id)
    with acme_entries.uow() as uow:
        assert count_entries(uow, EntryQuery(acme_id)) == 1


def test_an_entry_that_is_gone_is_not_found(acme_entries: Store) -> None:
    with acme_entries.uow() as uow, pytest.raises(NotFoundError, match="no entry #999999"):
        delete_entry(uow, 999_999, expected_version=1)
