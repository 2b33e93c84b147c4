"""The house's import structure: no cycles between modules, and no module importing from a
layer above its own (see docs/architecture.md).

Every ``import`` of a ``legation`` module counts, wherever it is written: at module level,
inside a function (a deferred import is still a dependency) or under ``TYPE_CHECKING`` (a
type is a dependency too). ``from .pkg import name`` depends on ``pkg.name`` when that is a
module, else on ``pkg``.

A module also imports no private name (``_x``) from another top-level unit: what a unit
offers the others has a public name.

Today's exceptions are listed in :data:`KNOWN_CYCLE_EDGES` and :data:`KNOWN_UPWARD`, one
reason each. The tests fail on a new cycle or upward import, and on an entry that no longer
applies (the import is gone, or no longer closes a cycle): delete it then, so the lists
only ever shrink.
"""

from __future__ import annotations

import ast
from collections.abc import Iterator
from pathlib import Path

import legation

PACKAGE = Path(legation.__file__).parent

#: The layers, bottom first: a module may import from its own layer and those below. A
#: module belongs to the layer of its top-level unit (``legation.store.reads`` → ``store``;
#: ``legation`` itself is the one-liner facade over the pipeline).
LAYERS: tuple[frozenset[str], ...] = (
    frozenset({"errors", "record", "model", "ontology", "cache"}),
    frozenset(
        {"config", "registry", "lang", "nlp", "tokenizer", "dates", "ingest", "survey", "store"}
        | {"dedup"}
        | {"export"}
    ),
    frozenset({"actors", "coding", "selective", "analysis"}),
    frozenset({"pipeline", "legation"}),
    frozenset({"runner", "evaluate", "workspace"}),
    # ``cli`` is the one-line shim that keeps ``legation.cli:main`` scripts working;
    # ``__main__`` runs it for ``python -m legation``.
    frozenset({"app", "cli", "__main__"}),
)

#: Imports that close a cycle today (importer, imported): reason. Without them the module
#: graph has no cycle.
KNOWN_CYCLE_EDGES: dict[tuple[str, str], str] = {}

#: Imports from a higher layer today (importer, imported): reason.
KNOWN_UPWARD: dict[tuple[str, str], str] = {}

# --------------------------------------------------------------------------- the graph


def _name(path: Path) -> str:
    rel = path.relative_to(PACKAGE.parent).with_suffix("")
    parts = rel.parts[:-1] if rel.name == "__init__" else rel.parts
    return ".".join(parts)


def _sources() -> dict[str, Path]:
    return {_name(path): path for path in sorted(PACKAGE.rglob("*.py"))}


def _base(module: str, path: Path, node: ast.ImportFrom) -> str:
    if not node.level:
        return node.module or ""
    here = module.split(".")
    if path.name != "__init__.py":
        here = here[:-1]
    base = here[: len(here) - (node.level - 1)]
    return ".".join(base + ([node.module] if node.module else []))


def _imported(module: str, path: Path, modules: dict[str, Path]) -> Iterator[str]:
    """The ``legation`` modules ``module`` imports."""
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            yield from (a.name for a in node.names if a.name.split(".")[0] == "legation")
        elif isinstance(node, ast.ImportFrom):
            base = _base(module, path, node)
            if base.split(".")[0] == "legation":
                yield from (f"{base}.{a.name}" if f"{base}.{a.name}" in modules else base
                            for a in node.names)  # fmt: skip


def _graph() -> dict[str, set[str]]:
    modules = _sources()
    return {
        module: set(_imported(module, path, modules)) - {module} for module, path in modules.items()
    }


def _cycles(graph: dict[str, set[str]]) -> list[set[str]]:
    """The strongly connected components with more than one module (Tarjan)."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    found: list[set[str]] = []

    def visit(node: str) -> None:
        index[node] = low[node] = len(index)
        stack.append(node)
        for other in sorted(graph.get(node, ())):
            if other not in index:
                visit(other)
                low[node] = min(low[node], low[other])
            elif other in stack:
                low[node] = min(low[node], index[other])
        if low[node] == index[node]:
            component = {stack.pop()}
            while node not in component:
                component.add(stack.pop())
            if len(component) > 1:
                found.append(component)

    for node in sorted(graph):
        if node not in index:
            visit(node)
    return found


def _without(graph: dict[str, set[str]], edges: set[tuple[str, str]]) -> dict[str, set[str]]:
    return {a: {b for b in targets if (a, b) not in edges} for a, targets in graph.items()}


def _layer(module: str) -> int:
    unit = _unit(module)
    for level, units in enumerate(LAYERS):
        if unit in units:
            return level
    raise AssertionError(f"{module} is in no layer: add its unit {unit!r} to LAYERS")


def _upward(graph: dict[str, set[str]]) -> set[tuple[str, str]]:
    return {(a, b) for a, targets in graph.items() for b in targets if _layer(b) > _layer(a)}


def _unit(module: str) -> str:
    return module.split(".")[1] if "." in module else module


def _private_imports(modules: dict[str, Path]) -> set[tuple[str, str, str]]:
    """(importer, imported module, name) for each private name a module imports from
    another top-level unit."""
    found = set()
    for module, path in modules.items():
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if not isinstance(node, ast.ImportFrom):
                continue
            base = _base(module, path, node)
            for alias in node.names:
                source = f"{base}.{alias.name}" if f"{base}.{alias.name}" in modules else base
                private = alias.name.startswith("_") and not alias.name.startswith("__")
                if private and base.split(".")[0] == "legation" and _unit(source) != _unit(module):
                    found.add((module, source, alias.name))
    return found


# --------------------------------------------------------------------------- tests


def test_no_import_cycles() -> None:
    cycles = _cycles(_without(_graph(), set(KNOWN_CYCLE_EDGES)))
    assert not cycles, "modules that import each other (directly or round a loop):\n" + "\n".join(
        ", ".join(sorted(c)) for c in cycles
    )


def test_known_cycle_edges_still_close_a_cycle() -> None:
    graph = _graph()
    component = {m: i for i, c in enumerate(_cycles(graph)) for m in c}
    stale = [
        f"{a} -> {b}"
        for a, b in KNOWN_CYCLE_EDGES
        if b not in graph.get(a, set()) or component.get(a, -1) != component.get(b, -2)
    ]
    assert not stale, "no longer a cycle; delete from KNOWN_CYCLE_EDGES:\n" + "\n".join(stale)


def test_no_module_imports_from_a_higher_layer() -> None:
    found = sorted(_upward(_graph()) - set(KNOWN_UPWARD))
    assert not found, "imports from a higher layer (see LAYERS):\n" + "\n".join(
        f"{a} (layer {_layer(a)}) imports {b} (layer {_layer(b)})" for a, b in found
    )


def test_known_upward_imports_still_exist() -> None:
    stale = sorted(set(KNOWN_UPWARD) - _upward(_graph()))
    assert not stale, "gone; delete from KNOWN_UPWARD:\n" + "\n".join(
        f"{a} -> {b}" for a, b in stale
    )


def test_no_private_name_is_imported_from_another_unit() -> None:
    found = sorted(_private_imports(_sources()))
    assert not found, "private names imported across units (make them public):\n" + "\n".join(
        f"{a} imports {name} from {b}" for a, b, name in found
    )


def test_the_check_sees_a_private_import(tmp_path: Path) -> None:
    package = tmp_path / "legation"
    (package / "store").mkdir(parents=True)
    (package / "coding").mkdir()
    (package / "store" / "merges.py").write_text("from ..coding.tables import _table, table\n")
    (package / "coding" / "rules.py").write_text("from .tables import _table\n")
    (package / "coding" / "tables.py").write_text("_table = table = 1\n")
    modules = {
        "legation.store.merges": package / "store" / "merges.py",
        "legation.coding.rules": package / "coding" / "rules.py",
        "legation.coding.tables": package / "coding" / "tables.py",
    }
    assert _private_imports(modules) == {
        ("legation.store.merges", "legation.coding.tables", "_table")
    }


def test_every_module_has_a_layer() -> None:
    assert all(_layer(module) >= 0 for module in _sources())


def test_the_checks_see_a_cycle_and_an_upward_import() -> None:
    graph = {"legation.store.a": {"legation.app.http"}, "legation.app.http": {"legation.store.a"}}
    assert _cycles(graph) == [{"legation.store.a", "legation.app.http"}]
    assert _upward(graph) == {("legation.store.a", "legation.app.http")}


def test_the_architecture_page_places_every_unit() -> None:
    """docs/architecture.md's table of packages names every unit the layers know."""
    page = (PACKAGE.parents[1] / "docs" / "architecture.md").read_text(encoding="utf-8")
    missing = [
        unit
        for units in LAYERS
        for unit in sorted(units - {"legation"})
        if f"`{unit}.py`" not in page and f"`{unit}/`" not in page
    ]
    assert not missing, f"docs/architecture.md does not place: {', '.join(missing)}"
