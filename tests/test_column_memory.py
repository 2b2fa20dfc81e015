"""Column mappings remembered per header signature: kept by kind and headers, few, private."""

from __future__ import annotations

import stat
from pathlib import Path

from trusted_trader.column_memory import KEPT, MEMORY_FILE, ColumnMemory, signature

HEADERS = ("Importer Number", "Exam Date", "Exam Type")
MAPPING = {"ior_number": "Importer Number", "date": "Exam Date", "kind": "Exam Type"}


def test_the_signature_ignores_case_spacing_order_and_empty_headers() -> None:
    assert signature("touch-points", HEADERS) == signature(
        "touch-points", ("exam_type", "", "EXAM-DATE", "importer number")
    )
    assert signature("touch-points", HEADERS) != signature("facilitation", HEADERS)
    assert signature("touch-points", HEADERS) != signature("touch-points", HEADERS[:2])


def test_a_mapping_is_recalled_in_the_files_own_header_names(tmp_path: Path) -> None:
    memory = ColumnMemory(tmp_path / MEMORY_FILE)
    memory.remember("touch-points", HEADERS, MAPPING)
    later = ("EXAM TYPE", "importer number", "Exam Date", "Notes")
    assert memory.recall("touch-points", later) is None  # another header: another signature
    assert memory.recall("touch-points", later[:3]) == {
        "ior_number": "importer number", "date": "Exam Date", "kind": "EXAM TYPE",
    }  # fmt: skip


def test_only_the_most_recent_signatures_are_kept(tmp_path: Path) -> None:
    memory = ColumnMemory(tmp_path / MEMORY_FILE)
    for n in range(KEPT + 5):
        memory.remember("touch-points", (*HEADERS, f"extra {n}"), MAPPING)
    assert memory.recall("touch-points", (*HEADERS, "extra 0")) is None
    assert memory.recall("touch-points", (*HEADERS, f"extra {KEPT + 4}")) is not None
    assert memory.path.read_text().count('"signature"') == KEPT


def test_the_file_is_readable_by_its_owner_only(tmp_path: Path) -> None:
    memory = ColumnMemory(tmp_path / MEMORY_FILE)
    memory.remember("touch-points", HEADERS, MAPPING)
    assert stat.S_IMODE(memory.path.stat().st_mode) == 0o600
    assert not list(tmp_path.glob("*.tmp"))


def test_a_mapping_that_leaves_out_a_required_column_is_not_used(tmp_path: Path) -> None:
    memory = ColumnMemory(tmp_path / MEMORY_FILE)
    memory.remember("touch-points", HEADERS, {"ior_number": "Importer Number"})
    assert memory.recall("touch-points", HEADERS) is None


def test_the_default_file_is_in_the_settings_folder(app_home: Path) -> None:
    ColumnMemory().remember("touch-points", HEADERS, MAPPING)
    assert (app_home / "config" / MEMORY_FILE).is_file()
