"""The house rules the code keeps: short functions, and a docstring on every public one of
the services and the domain."""

from __future__ import annotations

import ast
from collections.abc import Iterator
from pathlib import Path

PACKAGE = Path(__file__).resolve().parents[1] / "trusted_trader"
LONGEST = 60  # lines, signature to last line
# The demo generator builds a whole portfolio in a few long, flat steps; migrations are frozen.
EXEMPT = ("services/demo.py",)


def functions(root: Path) -> Iterator[tuple[str, ast.FunctionDef | ast.AsyncFunctionDef]]:
    for path in sorted(root.rglob("*.py")):
        where = path.relative_to(PACKAGE).as_posix()
        if "migrations/" in where or where in EXEMPT:
            continue
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef):
                yield where, node


def length(node: ast.AST) -> int:
    return (node.end_lineno or node.lineno) - node.lineno + 1


def test_no_function_is_longer_than_sixty_lines() -> None:
    long = [
        f"{where}:{node.lineno} {node.name} ({length(node)} lines)"
        for where, node in functions(PACKAGE)
        if length(node) > LONGEST
    ]
    assert long == []


def test_the_public_functions_of_services_and_domain_say_what_they_do() -> None:
    bare = [
        f"{path.relative_to(PACKAGE).as_posix()}:{node.lineno} {node.name}"
        for layer in ("services", "domain")
        for path in sorted((PACKAGE / layer).rglob("*.py"))
        for node in ast.parse(path.read_text(encoding="utf-8")).body  # the module's own
        if isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef)
        and not node.name.startswith("_")
        and ast.get_docstring(node) is None
    ]
    assert bare == []


def test_the_length_check_sees_a_long_function(tmp_path: Path) -> None:
    body = "\n".join(f"    x{i} = {i}" for i in range(LONGEST))
    tree = ast.parse(f"def long():\n{body}\n")
    (node,) = [n for n in ast.walk(tree) if isinstance(n, ast.FunctionDef)]
    assert length(node) == LONGEST + 1
