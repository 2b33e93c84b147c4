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

Messages say what happened, why, and what to do. The CLI prints them without a traceback.
"""

from __future__ import annotations


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
