"""ReportLab is the documents' business: no other package imports it."""

from __future__ import annotations

import ast
from pathlib import Path

import trusted_trader

PACKAGE = Path(trusted_trader.__file__).resolve().parent


def _imports(path: Path) -> set[str]:
    tree = ast.parse(path.read_text(encoding="utf-8"))
    found: set[str] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            found.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module:
            found.add(node.module)
    return found


def test_only_the_reports_package_imports_reportlab() -> None:
    importers = {
        path.relative_to(PACKAGE).parts[0]
        for path in PACKAGE.rglob("*.py")
        if any(name.split(".")[0] == "reportlab" for name in _imports(path))
    }
    assert importers == {"reports"}


def test_the_report_api_does_not_import_reportlab_until_a_document_is_made() -> None:
    assert not any(n.startswith("reportlab") for n in _imports(PACKAGE / "reports" / "api.py"))
