"""Imports that must not come back: each pair below once made a cycle (issue 15)."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

SRC = Path(__file__).resolve().parents[1] / "src" / "legation"


def imported(module: str) -> set[str]:
    """The legation modules ``module`` imports anywhere in it (TYPE_CHECKING blocks and
    function bodies too), as dotted names."""
    path = SRC.joinpath(*module.split(".")[1:])
    path = path / "__init__.py" if path.is_dir() else path.with_suffix(".py")
    package = module.split(".") if path.name == "__init__.py" else module.split(".")[:-1]
    found: set[str] = set()
    for node in ast.walk(ast.parse(path.read_text("utf-8"))):
        if isinstance(node, ast.ImportFrom):
            base = package[: len(package) - node.level + 1] if node.level else []
            name = ".".join([*base, *([node.module] if node.module else [])])
            found.add(name)
            found.update(f"{name}.{alias.name}" for alias in node.names)
        elif isinstance(node, ast.Import):
            found.update(alias.name for alias in node.names)
    return found


@pytest.mark.parametrize(
    ("module", "forbidden"),
    [
        ("legation.api_writes", "legation.api"),  # api adds the write routes, not back
        ("legation.actors.document", "legation.actors.dictionary"),  # the resolver's Protocol
        ("legation.selective", "legation.coding.rules"),  # coders declare selective parsing
        ("legation.ingest", "legation.ingest.html"),  # formats are readers (ingest.readers)
    ],
)
def test_no_import_back(module: str, forbidden: str) -> None:
    assert forbidden not in imported(module)
