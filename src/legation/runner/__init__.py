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
in the store at the end (:func:`legation.dedup.deduplicate`).
"""

from __future__ import annotations

import logging
import time
from collections.abc import Callable, Iterable
from pathlib import Path
from typing import TYPE_CHECKING

from ..config import Config
from ..model import Document, Failure
from .base import (
    BATCH_DOCUMENTS,
    BatchResult,
    RunSummary,
    StrictModeError,
    check_strict,
    chunked,
    code_batch,
    finish,
)
from .distributed import run_dask

if TYPE_CHECKING:
    from ..pipeline import Pipeline
    from ..store import Store

__all__ = [
    "BATCH_DOCUMENTS",
    "RunSummary",
    "StrictModeError",
    "chunked",
    "run_dask",
    "run_local",
]

log = logging.getLogger(__name__)


def run_local(
    paths: Iterable[Path],
    store: Store,
    pipeline: Pipeline | None = None,
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
    process builds its own from ``config``). ``selective`` parses only sentences that can
    hold an event (:mod:`legation.selective`)."""
    from ..ingest import iter_documents

    if pipeline is None and config is None:
        raise ValueError("run_local needs a pipeline or a config")
    config = config or (pipeline.config if pipeline else Config.default())
    summary = RunSummary()
    started = time.perf_counter()
    chunks = chunked(iter_documents(paths, config), BATCH_DOCUMENTS)
    with store.memory_limit(config.store_memory_mb):
        if workers > 1:
            from .pool import run_pool

            run_pool(chunks, store, config, workers, selective, strict, summary, on_progress)
        else:
            pipe = pipeline or _pipeline(config)
            for chunk in chunks:
                _run_chunk(chunk, store, pipe, summary, strict, selective)
                if on_progress:
                    on_progress(len(chunk))
        return finish(summary, store, dedup, started)


def _pipeline(config: Config) -> Pipeline:
    from .. import get_pipeline

    return get_pipeline(config)


def _run_chunk(
    chunk: list[Document | Failure],
    store: Store,
    pipeline: Pipeline,
    summary: RunSummary,
    strict: bool,
    selective: bool,
) -> None:
    failures = [item for item in chunk if isinstance(item, Failure)]
    documents = [item for item in chunk if isinstance(item, Document)]
    known = store.known_document_ids([d.id for d in documents])
    summary.skipped += len(known)
    result = code_batch(pipeline, [d for d in documents if d.id not in known], selective)
    write_result(
        store,
        BatchResult(result.coded, failures + result.failures, result.collapsed),
        pipeline.config,
        summary,
        strict,
    )


def write_result(
    store: Store, result: BatchResult, config: Config, summary: RunSummary, strict: bool
) -> None:
    """Store one coded batch in one transaction and add it to ``summary``."""
    check_strict(result.failures, strict)
    store.write_batch(result.coded, result.failures, coder=config.coder)
    summary.add(result.coded, result.failures, result.collapsed)
    log.info("stored %d documents (%d done)", len(result.coded), summary.documents)
