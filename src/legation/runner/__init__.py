"""Runners: drive ingest → pipeline → store over a corpus, in bounded-memory batches.

Three engines, one result (:class:`RunSummary`):

* :func:`run_local` with ``workers=1`` streams documents from :mod:`legation.ingest`, skips
  those already in the store (content hash), codes the rest in this process and writes each
  batch of whole documents in one transaction, so an interrupted run leaves only whole
  documents and a re-run completes it.
* :func:`run_local` with ``workers=N`` does the same over N worker processes
  (:mod:`.pool`): one pipeline per process, at most ``2 × N`` batches in flight, the parent
  alone writing to the store.
* :func:`run_dask` (:mod:`.distributed`) sends one input shard per Dask task; each worker
  process builds one pipeline, writes its shard to ``part-<shard>.parquet`` by
  write-then-rename, and the client loads the parts into the store. A killed worker's shard
  is retried; ``resume=True`` reuses the parts already written.

Every engine collapses repeated mentions of one event within a document
(:func:`legation.dedup.collapse_repeats`); ``dedup=True`` merges cross-document duplicates
in the store at the end (:func:`legation.dedup.deduplicate`). Every engine stores ingest's
failures and notes (:class:`legation.ingest.IngestStats`) with the batch they came with, and
loads a language model only once there is a document to code: a run over documents already
stored, or over files that all fail, starts no model and no worker.
"""

from __future__ import annotations

import logging
import time
from collections.abc import Callable, Iterable
from pathlib import Path
from typing import TYPE_CHECKING

from ..config import Config
from ..model import Document, Failure, Note
from .base import (
    BATCH_DOCUMENTS,
    BatchResult,
    RunSummary,
    ShardCosts,
    StrictModeError,
    chunked,
    code_batch,
    finish,
    write_result,
)
from .distributed import run_dask

if TYPE_CHECKING:
    from ..pipeline import Pipeline
    from ..store import Store

__all__ = [
    "BATCH_DOCUMENTS",
    "RunSummary",
    "ShardCosts",
    "StrictModeError",
    "chunked",
    "run_dask",
    "run_local",
]

log = logging.getLogger(__name__)


def run_local(
    paths: Iterable[Path],
    store: Store,
    pipeline: Pipeline | Callable[[], Pipeline] | None = None,
    *,
    config: Config | None = None,
    strict: bool = False,
    on_progress: Callable[[int], None] | None = None,
    workers: int = 1,
    selective: bool = False,
    dedup: bool = False,
) -> RunSummary:
    """Code every document under ``paths`` into ``store``; returns the summary.

    ``workers > 1`` codes in that many processes (``pipeline`` is then not used: each
    process builds its own from ``config``). ``pipeline`` may be a function that builds one
    (:meth:`legation.workspace.Workspace.pipeline`); it is called, or without ``pipeline`` one
    is built (the model loaded), when the first document to code comes. ``selective`` parses
    only sentences that can hold an event (:mod:`legation.selective`)."""
    from ..ingest import IngestStats, iter_documents

    if pipeline is None and config is None:
        raise ValueError("run_local needs a pipeline or a config")
    if config is None:
        config = Config.default() if callable(pipeline) or not pipeline else pipeline.config
    summary = RunSummary()
    started = time.perf_counter()
    stats = IngestStats()
    chunks = chunked(iter_documents(paths, config, stats), BATCH_DOCUMENTS)
    with store.memory_limit(config.store_memory_mb):
        if workers > 1:
            from .pool import run_pool

            run_pool(chunks, store, config, workers, selective, strict, summary, on_progress, stats)
        else:
            pipe = _Lazy(config, pipeline)
            for chunk in chunks:
                _run_chunk(chunk, stats.take_notes(), store, pipe, summary, strict, selective)
                if on_progress:
                    on_progress(len(chunk))
            summary.model_loaded = pipe.built
        write_notes(store, stats.take_notes(), summary)
        return finish(summary, store, dedup, started)


class _Lazy:
    """The pipeline of a one-process run: ``given``, or built on first use."""

    def __init__(self, config: Config, given: Pipeline | Callable[[], Pipeline] | None) -> None:
        self.config = config
        self._pipeline = None if callable(given) else given  # a Pipeline is not callable
        self._build = given if callable(given) else None
        self.built = False

    def get(self) -> Pipeline:
        if self._pipeline is None:
            from .. import get_pipeline

            self._pipeline = self._build() if self._build else get_pipeline(self.config)
        self.built = True
        return self._pipeline


def _run_chunk(
    chunk: list[Document | Failure],
    notes: list[Note],
    store: Store,
    pipeline: _Lazy,
    summary: RunSummary,
    strict: bool,
    selective: bool,
) -> None:
    failures = [item for item in chunk if isinstance(item, Failure)]
    documents = [item for item in chunk if isinstance(item, Document)]
    known = store.known_document_ids([d.id for d in documents])
    summary.skipped += len(known)
    fresh = [d for d in documents if d.id not in known]
    result = code_batch(pipeline.get(), fresh, selective) if fresh else BatchResult([], [])
    batch = BatchResult(result.coded, failures + result.failures, result.collapsed, notes)
    write_result(store, batch, pipeline.config, summary, strict)


def write_notes(store: Store, notes: list[Note], summary: RunSummary) -> None:
    """Store notes found after the last batch (a file's unread fields, skipped files)."""
    if notes:
        store.write_batch([], [], notes)
        summary.notes.update(n.kind.value for n in notes)
