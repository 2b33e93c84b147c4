"""Docs are tested against the code: the CLI reference is the real --help output."""

from __future__ import annotations

import importlib.util
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def load_generator():  # type: ignore[no-untyped-def]
    spec = importlib.util.spec_from_file_location("gen_cli_docs", ROOT / "scripts/gen_cli_docs.py")
    assert spec and spec.loader
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_cli_reference_is_current() -> None:
    expected = load_generator().render()
    actual = (ROOT / "docs/cli.md").read_text(encoding="utf-8")
    assert actual == expected, "docs/cli.md is stale: run `python scripts/gen_cli_docs.py`"


def test_readme_opens_with_the_two_commands() -> None:
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    first_block = readme.split("```bash", 1)[1].split("```", 1)[0]
    assert "make demo" in first_block and "make test" in first_block
    ci = (ROOT / ".ci/run").read_text(encoding="utf-8")
    assert "make test" in ci


def test_commands_document_themselves_with_examples() -> None:
    from legation.cli import main

    for name, command in main.commands.items():
        assert command.help and command.help.strip(), f"{name} has no help"
    for name in ("code", "export", "events", "eval"):
        assert "Example" in (main.commands[name].help or ""), f"{name} help lacks an example"
