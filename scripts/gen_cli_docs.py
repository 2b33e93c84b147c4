"""Regenerate docs/cli.md from the real ``--help`` output (tests/test_docs.py checks it)."""

from __future__ import annotations

import sys
from pathlib import Path

from click.testing import CliRunner

from legation.app.cli import main

DOC = Path(__file__).resolve().parents[1] / "docs" / "cli.md"
HEADER = (
    "# Command-line reference\n\n"
    "Generated from the real `--help` output by `scripts/gen_cli_docs.py`; "
    "`tests/test_docs.py` fails when it drifts.\n"
)


def help_text(args: list[str]) -> str:
    result = CliRunner().invoke(main, [*args, "--help"], prog_name="legation")
    return result.output.rstrip() + "\n"


def render() -> str:
    parts = [HEADER, "\n## legation\n\n```text\n" + help_text([]) + "```\n"]
    for name in sorted(main.commands):
        parts.append(f"\n## legation {name}\n\n```text\n{help_text([name])}```\n")
    return "".join(parts)


if __name__ == "__main__":
    DOC.write_text(render(), encoding="utf-8")
    sys.stdout.write(f"wrote {DOC}\n")
