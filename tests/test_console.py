"""The CLI's terminal output: the digest of warnings and progress counting."""

from __future__ import annotations

import logging

from legation.app.console import counted, warning_digest


def test_warnings_show_the_first_of_each_kind_then_a_count() -> None:
    lines: list[str] = []
    logger = logging.getLogger("legation.test_console")
    with warning_digest(logging.getLogger("legation"), lines.append):
        for n in range(8):
            logger.warning("%s: cannot read published date %r; left empty", f"r{n}", "x")
        logger.warning("the store needed more memory")
        logger.info("not shown without -v")
    assert lines[:5] == [
        f"warning: r{n}: cannot read published date 'x'; left empty" for n in range(5)
    ]
    assert lines[5] == "warning: the store needed more memory"
    assert lines[6].startswith("... and 3 more warnings like: r0: cannot read published date")
    assert len(lines) == 7
    assert not any(
        isinstance(h, logging.Handler) and h.__class__.__name__ == "WarningDigest"
        for h in logging.getLogger("legation").handlers
    )


def test_counted_advances_once_per_item() -> None:
    steps: list[int] = []
    assert list(counted("abc", steps.append)) == ["a", "b", "c"]
    assert steps == [1, 1, 1]
