"""Terminal output of the ``legation`` command line: progress bars and a digest of warnings.

Only :mod:`legation.app.cli` uses this module (the library never prints). Both write to standard
error, so standard output stays clean for ``--format csv``/``json`` and ``export``.

* :func:`progress` is a bar of items done out of a total, with the rate and the time left
  (a spinner with the count and rate while the total is unknown). On a terminal it is
  redrawn in place and removed when done; elsewhere (a log file, a pipe) it stays silent.
* :class:`WarningDigest` shows the library's warnings (a date that cannot be read, a store
  that needed more memory) without ``-v``: the first few of each kind in full, then a count
  of the rest at the end of the command, so ten thousand bad dates cost a few lines.
"""

from __future__ import annotations

import logging
from collections import Counter
from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager
from typing import TYPE_CHECKING, Any, TypeVar

if TYPE_CHECKING:
    from rich.console import Console
    from rich.progress import Progress

T = TypeVar("T")


def stderr_console() -> Console:
    from rich.console import Console

    return Console(stderr=True)


def progress(*, quiet: bool = False, console: Console | None = None) -> Progress:
    """A progress display: description, bar, ``done/total``, rate, elapsed and ETA."""
    from rich.progress import (
        BarColumn,
        MofNCompleteColumn,
        Progress,
        SpinnerColumn,
        TextColumn,
        TimeElapsedColumn,
        TimeRemainingColumn,
    )

    return Progress(
        SpinnerColumn(),
        TextColumn("{task.description}"),
        BarColumn(),
        MofNCompleteColumn(),
        TextColumn("{task.fields[unit]}"),
        _rate_column(),
        TimeElapsedColumn(),
        TextColumn("ETA"),
        TimeRemainingColumn(),
        disable=quiet,
        transient=True,
        console=console or stderr_console(),
    )


def _rate_column() -> Any:
    from rich.progress import ProgressColumn, Task
    from rich.text import Text

    class RateColumn(ProgressColumn):
        """Items per second (``12.3/s``) once there is a rate to show."""

        def render(self, task: Task) -> Text:
            speed = task.finished_speed or task.speed
            return Text(f"{speed:,.1f}/s" if speed else "", style="progress.data.speed")

    return RateColumn()


def counted(items: Iterable[T], advance: Callable[[int], None]) -> Iterator[T]:
    """``items``, calling ``advance(1)`` after each one is taken."""
    for item in items:
        yield item
        advance(1)


@contextmanager
def tracked(
    description: str,
    total: int | None,
    unit: str,
    *,
    quiet: bool = False,
    then: str | None = None,
) -> Iterator[Callable[[int], None]]:
    """A progress display for one task; yields ``advance(n)``. The description becomes
    ``then`` at the first advance (``loading the language model`` → ``coding``)."""
    with progress(quiet=quiet) as shown:
        task = shown.add_task(description, total=total, unit=unit)

        def advance(n: int) -> None:
            shown.update(task, advance=n, description=then or description)

        yield advance


class WarningDigest(logging.Handler):
    """Show the first :attr:`shown` warnings of each kind (the same message template), then
    count the rest; :meth:`summary` says how many were not shown."""

    shown = 5

    def __init__(self, write: Callable[[str], None]) -> None:
        super().__init__(logging.WARNING)
        self.write = write
        self.seen: Counter[str] = Counter()
        self.examples: dict[str, str] = {}

    def emit(self, record: logging.LogRecord) -> None:
        kind = str(record.msg)
        self.seen[kind] += 1
        if self.seen[kind] <= self.shown:
            self.write(f"{record.levelname.lower()}: {record.getMessage()}")
        self.examples.setdefault(kind, record.getMessage())

    def summary(self) -> list[str]:
        """One line per kind of warning that was not shown in full."""
        return [
            f"... and {n - self.shown} more warnings like: {self.examples[kind]} "
            "(legation -v … shows them all)"
            for kind, n in self.seen.items()
            if n > self.shown
        ]


@contextmanager
def warning_digest(logger: logging.Logger, write: Callable[[str], None]) -> Iterator[WarningDigest]:
    """Attach a :class:`WarningDigest` to ``logger`` for the block; print its summary after."""
    digest = WarningDigest(write)
    logger.addHandler(digest)
    try:
        yield digest
    finally:
        logger.removeHandler(digest)
        for line in digest.summary():
            write(line)
