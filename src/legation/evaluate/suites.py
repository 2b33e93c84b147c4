"""Evaluation suites: scorers that need more than ``code(sentences)``.

The sentence datasets of :mod:`legation.evaluate` score one predicted event per sentence. A
*suite* gets the whole :class:`~legation.pipeline.Pipeline` (so it can code documents with
their publication dates, or read the stored fields of events) and returns its figures as a
:class:`SuiteResult`: named headline numbers, JSON details and readable lines. Suites are
registered by name in :data:`~legation.evaluate.base.SUITES` and run by ``legation eval`` after
the sentence datasets::

    @SUITES.register("my_suite")
    def my_suite(pipeline: Pipeline, data_dir: Path) -> SuiteResult: ...
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING

from .base import SUITES, SuiteFn, SuiteResult

if TYPE_CHECKING:
    from ..pipeline import Pipeline

__all__ = ["SUITES", "SuiteFn", "SuiteResult", "run_suites", "suite_names"]


def suite_names() -> list[str]:
    """Every registered suite, in registration order's sorted form."""
    _load_builtin()
    return SUITES.names()


def run_suites(
    pipeline: Pipeline, data_dir: Path, names: Sequence[str] | None = None
) -> list[SuiteResult]:
    """Run the named suites (default: all registered) in name order."""
    _load_builtin()
    chosen = list(names) if names is not None else SUITES.names()
    return [SUITES.get(name)(pipeline, data_dir) for name in chosen]


def _load_builtin() -> None:
    from . import dates as _dates  # noqa: F401  (registers dates)
    from . import gsr as _gsr  # noqa: F401  (registers plover_gsr)
    from . import hardcases as _hardcases  # noqa: F401  (registers hardcases)
    from . import merges as _merges  # noqa: F401  (registers merges)
    from . import readouts as _readouts  # noqa: F401  (registers readouts)
