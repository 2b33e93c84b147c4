"""Docs are tested against the code: the CLI reference is the real --help output."""

from __future__ import annotations

import importlib.util
from pathlib import Path

import pytest

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
    from legation.app.cli import main

    for name, command in main.commands.items():
        assert command.help and command.help.strip(), f"{name} has no help"
    for name in ("code", "export", "events", "eval"):
        assert "Example" in (main.commands[name].help or ""), f"{name} help lacks an example"


def _using_it_block() -> list[str]:
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    section = readme.split("## Using it", 1)[1]
    block = section.split("```bash", 1)[1].split("```", 1)[0]
    return [line for line in block.splitlines() if line.strip()]


def test_readme_says_how_legation_gets_on_the_path() -> None:
    lines = _using_it_block()
    assert lines[0].startswith(". .venv/bin/activate")
    assert all(line.startswith("legation ") for line in lines[1:])
    makefile = (ROOT / "Makefile").read_text(encoding="utf-8")
    assert "$(VENV)/.installed" in makefile and "VENV   ?= .venv" in makefile


@pytest.mark.slow
def test_readme_commands_run_as_written(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    """Every `legation …` line of "Using it", in order, from a folder laid out like the
    project (its src/), exits 0; `serve` is run up to starting the server."""
    import shlex

    import uvicorn
    from click.testing import CliRunner

    from legation.app.cli import main

    (tmp_path / "src").symlink_to(ROOT / "src")
    monkeypatch.chdir(tmp_path)
    served: list[object] = []
    monkeypatch.setattr(uvicorn, "run", lambda app, **kw: served.append(app))
    for line in _using_it_block()[1:]:
        words = shlex.split(line, comments=True)
        redirect = words.index(">") if ">" in words else None
        args = words[1:redirect]
        result = CliRunner().invoke(main, args, catch_exceptions=False)
        assert result.exit_code == 0, (line, result.output)
        if redirect is not None:
            (tmp_path / words[redirect + 1]).write_text(result.stdout, encoding="utf-8")
    assert served, "legation serve did not start a server"
    served[0].state.legation.store.close()  # type: ignore[attr-defined]
    assert (tmp_path / "events.csv").stat().st_size > 0
    assert (tmp_path / "pk-usa.csv").read_text().startswith("id,doc_id,")
