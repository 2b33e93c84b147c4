"""The multiprocess local engine: worker processes code, the parent writes.

Each worker process builds one pipeline (in its initializer) and codes whole batches; the
parent reads the corpus, skips documents already stored, keeps at most ``2 × workers``
batches in flight (bounded memory however large the corpus) and writes every finished batch
in one transaction. Workers are started with ``spawn``: nothing of the parent (the open
DuckDB file, its threads) leaks into them.
"""

from __future__ import annotations

import logging
import multiprocessing
from collections.abc import Callable, Iterable, Iterator
from concurrent.futures import FIRST_COMPLETED, Future, ProcessPoolExecutor, wait
from typing import TYPE_CHECKING

from ..config import Config
from ..model import Document, Failure
from .base import BatchResult, RunSummary, chunked

if TYPE_CHECKING:
    from ..store import Store

log = logging.getLogger(__name__)

#: Documents per task: small enough to keep every worker busy on small corpora.
TASK_DOCUMENTS = 16
IN_FLIGHT_PER_WORKER = 2


def _start_worker(config: Config) -> None:
    from .. import get_pipeline

    get_pipeline(config)


def _code(config: Config, documents: list[Document], selective: bool) -> BatchResult:
    from .. import get_pipeline
    from .base import code_batch

    return code_batch(get_pipeline(config), documents, selective)


def run_pool(
    chunks: Iterable[list[Document | Failure]],
    store: Store,
    config: Config,
    workers: int,
    selective: bool,
    strict: bool,
    summary: RunSummary,
    on_progress: Callable[[int], None] | None,
) -> None:
    """Code ``chunks`` over ``workers`` processes into ``store``, adding to ``summary``."""
    from . import write_result

    context = multiprocessing.get_context("spawn")
    limit = workers * IN_FLIGHT_PER_WORKER
    with ProcessPoolExecutor(workers, context, _start_worker, (config,)) as pool:
        pending: set[Future[BatchResult]] = set()
        for task, failures in _tasks(chunks, store, summary, on_progress):
            if failures:
                write_result(store, BatchResult([], failures), config, summary, strict)
            if task:
                pending.add(pool.submit(_code, config, task, selective))
            while len(pending) >= limit:
                pending = _drain(pending, store, config, summary, strict, FIRST_COMPLETED)
        while pending:
            pending = _drain(pending, store, config, summary, strict, FIRST_COMPLETED)


def _tasks(
    chunks: Iterable[list[Document | Failure]],
    store: Store,
    summary: RunSummary,
    on_progress: Callable[[int], None] | None,
) -> Iterator[tuple[list[Document], list[Failure]]]:
    """(documents to code, ingest failures) per task, known documents skipped."""
    for chunk in chunks:
        failures = [item for item in chunk if isinstance(item, Failure)]
        documents = [item for item in chunk if isinstance(item, Document)]
        known = store.known_document_ids(d.id for d in documents)
        summary.skipped += len(known)
        fresh = [d for d in documents if d.id not in known]
        tasks = list(chunked(fresh, TASK_DOCUMENTS)) or [[]]
        yield tasks[0], failures
        yield from ((task, []) for task in tasks[1:])
        if on_progress:
            on_progress(len(chunk))


def _drain(
    pending: set[Future[BatchResult]],
    store: Store,
    config: Config,
    summary: RunSummary,
    strict: bool,
    when: str,
) -> set[Future[BatchResult]]:
    from . import write_result

    done, rest = wait(pending, return_when=when)
    for future in done:
        write_result(store, future.result(), config, summary, strict)
    return rest
