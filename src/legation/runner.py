"""Runners: drive ingest → pipeline → store over a corpus, in bounded-memory batches.

The local runner streams documents from :mod:`legation.ingest`, skips those already in the
store (content hash), codes the rest and writes each batch of whole documents in one
transaction, so an interrupted run leaves only whole documents and a re-run completes it.
"""

from __future__ import annotations

import itertools
import logging
import time
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, TypeVar

from .config import Config
from .errors import LegationError
from .model import CodedDocument, Document, Failure

if TYPE_CHECKING:
    from .pipeline import Pipeline
    from .store import Store

log = logging.getLogger(__name__)
T = TypeVar("T")

BATCH_DOCUMENTS = 64


@dataclass(slots=True)
class RunSummary:
    """What a run did; the CLI prints it, tests assert on it."""

    documents: int = 0  # newly coded documents
    skipped: int = 0  # already in the store
    sentences: int = 0
    events: int = 0
    failures: list[Failure] = field(default_factory=list)
    seconds: float = 0.0

    @property
    def ok(self) -> bool:
        return not self.failures


class StrictModeError(LegationError):
    """Raised by ``--strict`` runs on the first failed document."""


def chunked(items: Iterable[T], size: int) -> Iterator[list[T]]:
    iterator = iter(items)
    while chunk := list(itertools.islice(iterator, size)):
        yield chunk


def run_local(
    paths: Iterable[Path],
    store: Store,
    pipeline: Pipeline,
    *,
    config: Config | None = None,
    strict: bool = False,
    on_progress: Callable[[int], None] | None = None,
) -> RunSummary:
    """Code every document under ``paths`` into ``store``; returns the summary."""
    from .ingest import iter_documents

    config = config or pipeline.config
    summary = RunSummary()
    started = time.perf_counter()
    for chunk in chunked(iter_documents(paths, config), BATCH_DOCUMENTS):
        _run_chunk(chunk, store, pipeline, summary, strict)
        if on_progress:
            on_progress(len(chunk))
    summary.seconds = time.perf_counter() - started
    return summary


def _run_chunk(
    chunk: list[Document | Failure],
    store: Store,
    pipeline: Pipeline,
    summary: RunSummary,
    strict: bool,
) -> None:
    failures = [item for item in chunk if isinstance(item, Failure)]
    documents = [item for item in chunk if isinstance(item, Document)]
    known = store.known_document_ids([d.id for d in documents])
    summary.skipped += len(known)
    coded: list[CodedDocument] = []
    for result in pipeline.code_documents(d for d in documents if d.id not in known):
        if isinstance(result, Failure):
            failures.append(result)
        else:
            coded.append(result)
    if strict and failures:
        first = failures[0]
        raise StrictModeError(f"{first.source}: {first.reason} (stopped by --strict)")
    store.write_batch(coded, failures, coder=pipeline.config.coder)
    summary.documents += len(coded)
    summary.sentences += sum(len(c.sentences) for c in coded)
    summary.events += sum(len(c.events) for c in coded)
    summary.failures.extend(failures)
