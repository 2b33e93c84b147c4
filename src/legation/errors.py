"""Legation's one exception tree.

::

    LegationError                 anything Legation raises on purpose
    ├── ConfigError               bad config file, unknown registry name, missing model
    ├── IngestError               a file or record that cannot be read (names it, says what to do)
    ├── NLPError                  the spaCy pipeline could not be loaded or failed on a document
    ├── KnowledgeBaseError        a malformed actor knowledge-base file
    ├── CodingError               a coder failed on a document
    ├── StoreError                the DuckDB store cannot be opened, migrated or written
    │   └── StoreBusyError        another process holds the store
    ├── ExportError               an export cannot be written
    └── AnalysisError             an analysis query names an unknown or ambiguous actor/office
        ├── UnknownSideError      a side of a dyad that names nothing known (offers close names)
        └── AmbiguousSideError    a side that names several entities (lists them with keys)

Messages say what happened, why, and what to do. The CLI prints them without a traceback.
"""

from __future__ import annotations

from typing import Any


class LegationError(Exception):
    """Base of every error Legation raises on purpose."""


class ConfigError(LegationError):
    pass


class IngestError(LegationError):
    def __init__(self, source: str, reason: str) -> None:
        super().__init__(f"{source}: {reason}")
        self.source = source
        self.reason = reason


class NLPError(LegationError):
    pass


class KnowledgeBaseError(LegationError):
    pass


class CodingError(LegationError):
    pass


class StoreError(LegationError):
    pass


class StoreBusyError(StoreError):
    pass


class ExportError(LegationError):
    pass


class AnalysisError(LegationError):
    pass


class UnknownSideError(AnalysisError):
    """Nothing is named ``query``; ``hint`` says what was close or what to write."""

    def __init__(self, query: str, hint: str) -> None:
        super().__init__(
            f"no country, actor code, person, office or institution is {query!r}; {hint}"
        )
        self.query = query
        self.hint = hint


class AmbiguousSideError(AnalysisError):
    """``query`` names several entities (``candidates``: sides with their keys)."""

    def __init__(self, query: str, candidates: tuple[Any, ...]) -> None:
        listed = "; ".join(f"{c.name} ({c.key})" for c in candidates[:12])
        more = f"; and {len(candidates) - 12} more" if len(candidates) > 12 else ""
        super().__init__(
            f"{query!r} names {len(candidates)} entities: {listed}{more}. Name one of them by "
            "its key (in brackets) or write more of the name"
        )
        self.query = query
        self.candidates = candidates
