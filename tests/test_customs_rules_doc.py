"""docs/customs-rules.md names a test for each rule, and every rule test is named there."""

from __future__ import annotations

import re
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
DOC = ROOT / "docs" / "customs-rules.md"


def rule_tests_in_tree() -> set[str]:
    found: set[str] = set()
    for path in (ROOT / "tests").rglob("test_*.py"):
        found |= set(re.findall(r"^def (test_rule_\w+)\(", path.read_text(), re.MULTILINE))
    return found


def test_every_rule_test_in_the_doc_exists_and_every_rule_test_is_in_the_doc() -> None:
    named = set(re.findall(r"`(test_rule_\w+)`", DOC.read_text(encoding="utf-8")))
    in_tree = rule_tests_in_tree()
    assert named - in_tree == set(), "the doc names tests that do not exist"
    assert in_tree - named == set(), "rule tests missing from the doc"
