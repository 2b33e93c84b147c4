"""Package seams: no module imports a private name (``_x``) from another package, and no
module outside the store touches the Store's private members (it offers a read API)."""

from __future__ import annotations

import ast
import re
from collections.abc import Iterator
from pathlib import Path

import legation

PACKAGE = Path(legation.__file__).parent


def _modules() -> Iterator[tuple[Path, ast.Module]]:
    for path in sorted(PACKAGE.rglob("*.py")):
        yield path, ast.parse(path.read_text(encoding="utf-8"))


def _package_of(module: str) -> str:
    """``legation.store.rows`` → ``legation.store``; a top-level module is its own package."""
    parts = module.split(".")
    return ".".join(parts[:2])


def _name(path: Path) -> str:
    rel = path.relative_to(PACKAGE.parent).with_suffix("")
    parts = rel.parts[:-1] if rel.name == "__init__" else rel.parts
    return ".".join(parts)


def _target(path: Path, node: ast.ImportFrom) -> str:
    if not node.level:
        return node.module or ""
    here = _name(path).split(".")
    if path.name != "__init__.py":
        here = here[:-1]
    base = here[: len(here) - (node.level - 1)]
    return ".".join(base + ([node.module] if node.module else []))


def _private(name: str) -> bool:
    return name.startswith("_") and not name.startswith("__")


def test_no_private_name_is_imported_across_packages() -> None:
    found = []
    for path, tree in _modules():
        for node in ast.walk(tree):
            if not isinstance(node, ast.ImportFrom):
                continue
            target = _target(path, node)
            if not target.startswith("legation"):
                continue
            if _package_of(target) == _package_of(_name(path)):
                continue
            found += [
                f"{_name(path)}:{node.lineno} imports {alias.name} from {target}"
                for alias in node.names
                if _private(alias.name)
            ]
    assert not found, "\n".join(found)


def _store_privates() -> set[str]:
    tree = ast.parse((PACKAGE / "store" / "__init__.py").read_text(encoding="utf-8"))
    store = next(n for n in tree.body if isinstance(n, ast.ClassDef) and n.name == "Store")
    return {
        node.attr if isinstance(node, ast.Attribute) else node.name
        for node in ast.walk(store)
        if (isinstance(node, ast.Attribute) and _private(node.attr))
        or (isinstance(node, ast.FunctionDef) and _private(node.name))
    }


def test_only_the_store_touches_its_private_members() -> None:
    privates = _store_privates()
    assert "_con" in privates
    found = [
        f"{_name(path)}:{node.lineno} uses .{node.attr}"
        for path, tree in _modules()
        if not _name(path).startswith("legation.store")
        for node in ast.walk(tree)
        if isinstance(node, ast.Attribute)
        and node.attr in privates
        and not (isinstance(node.value, ast.Name) and node.value.id in ("self", "cls"))
    ]
    assert not found, "\n".join(found)


def test_analysis_holds_no_connection_or_cursor_code() -> None:
    """The analysis functions read through the store's read API (legation.store.reads)."""
    found = [
        f"{_name(path)}:{node.lineno}"
        for path, tree in _modules()
        if _name(path).startswith("legation.analysis")
        for node in ast.walk(tree)
        if isinstance(node, ast.Attribute) and node.attr in ("reading", "execute", "cursor")
    ]
    assert not found, "\n".join(found)


#: What marks a string as SQL: a clause keyword in capitals, or a column of the events alias.
_SQL = re.compile(
    r"\b(SELECT|FROM|WHERE|JOIN|GROUP BY|ORDER BY|HAVING|LIMIT|FILTER|COALESCE|UNION)\b"
    r"|\b[ed]\.[a-z_]{2,}\b|\b(list_contains|json_extract_string|from_json|date_trunc|unnest)\("
)


def _docstrings(tree: ast.Module) -> set[int]:
    """ids of the docstring nodes of the module, its classes and functions (prose, not SQL)."""
    owners = [tree, *(n for n in ast.walk(tree) if isinstance(n, _DEFINITIONS))]
    return {
        id(owner.body[0].value)
        for owner in owners
        if owner.body
        and isinstance(owner.body[0], ast.Expr)
        and isinstance(owner.body[0].value, ast.Constant)
    }


_DEFINITIONS = (ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef)


def test_analysis_holds_no_sql() -> None:
    """The store owns all SQL: analysis asks legation.store.reads and .aggregates with typed
    values, and no string in legation.analysis is (a piece of) a query."""
    found = []
    for path, tree in _modules():
        if not _name(path).startswith("legation.analysis"):
            continue
        prose = _docstrings(tree)
        found += [
            f"{_name(path)}:{node.lineno} {node.value[:60]!r}"
            for node in ast.walk(tree)
            if isinstance(node, ast.Constant)
            and isinstance(node.value, str)
            and id(node) not in prose
            and _SQL.search(node.value)
        ]
    assert not found, "\n".join(found)


def test_the_sql_detector_sees_sql() -> None:
    assert _SQL.search("SELECT count(*) FROM events e")
    assert _SQL.search(" AND e.mode = 'visit'")
    assert not _SQL.search("visits abroad, e.g. to the United States")
