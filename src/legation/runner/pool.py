"""The multiprocess local engine: worker processes code, the parent writes.

Each worker process builds one pipeline (in its initializer) and codes whole batches; the
parent reads the corpus, skips documents already stored, keeps at most ``2 × workers``
batches in flight (bounded memory however large the corpus) and writes finished batches in
one transaction per ``BATCH_DOCUMENTS`` documents (a DuckDB transaction has a fixed cost of
tens of milliseconds: one per 16-document task was a third of the parent's time). Workers are
started with ``spawn``: nothing of the parent (the open DuckDB file, its threads) leaks into
them. A worker whose parent dies (SIGKILL gives the parent no chance to stop it) exits too,
instead of idling on with its model loaded. Each batch is coded inside spaCy's
``memory_zone`` (:func:`~legation.runner.base.code_batch`), so a worker's memory does not
grow with the vocabulary of the corpus.
"""

from __future__ import annotations

import contextlib
import logging
import multiprocessing
import os
import threading
from collections.abc import Callable, Iterable, Iterator
from concurrent.futures import FIRST_COMPLETED, Future, ProcessPoolExecutor, wait
from typing import TYPE_CHECKING

from ..config import Config
from ..model import Document, Failure, Note
from .base import BATCH_DOCUMENTS, BatchResult, RunSummary, check_strict, chunked, write_result

if TYPE_CHECKING:
    from ..ingest import IngestStats
    from ..store import Store

log = logging.getLogger(__name__)

#: Documents per task: small enough to keep every worker busy on small corpora.
TASK_DOCUMENTS = 16
IN_FLIGHT_PER_WORKER = 2


def _start_worker(config: Config) -> None:
    from .. import get_pipeline

    _exit_with_parent()
    get_pipeline(config)


def _exit_with_parent() -> None:
    parent = multiprocessing.parent_process()
    if parent is None:
        return

    def watch() -> None:
        parent.join()  # returns when the parent process is gone
        os._exit(1)

    threading.Thread(target=watch, name="legation-exit-with-parent", daemon=True).start()


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
    stats: IngestStats,
) -> None:
    """Code ``chunks`` over ``workers`` processes into ``store``, adding to ``summary``;
    ingest's notes are taken from ``stats`` after each chunk. The worker processes start
    with the first document to code (none when there is none)."""
    context = multiprocessing.get_context("spawn")
    limit = workers * IN_FLIGHT_PER_WORKER
    writer = _Writer(store, config, summary, strict)
    with (
        _one_blas_thread(),
        ProcessPoolExecutor(workers, context, _start_worker, (config,)) as pool,
    ):
        pending: set[Future[BatchResult]] = set()
        for task, failures, notes in _tasks(chunks, store, summary, on_progress, stats):
            if failures or notes:
                writer.add(BatchResult([], failures, notes=notes))
            if task:
                summary.model_loaded = True
                pending.add(pool.submit(_code, config, task, selective))
            while len(pending) >= limit:
                pending = _drain(pending, writer, FIRST_COMPLETED)
        while pending:
            pending = _drain(pending, writer, FIRST_COMPLETED)
    writer.flush()


@contextlib.contextmanager
def _one_blas_thread() -> Iterator[None]:
    """Workers started meanwhile use one BLAS thread each (unless the environment sets
    otherwise): the processes are the parallelism, and numpy's matrix products in several
    processes each using every core stall one another (the sentence encoder's forward pass
    coded 3 times fewer documents a second with 2 workers than with 1)."""
    names = ("OPENBLAS_NUM_THREADS", "OMP_NUM_THREADS", "MKL_NUM_THREADS")
    added = [n for n in names if n not in os.environ]
    for name in added:
        os.environ[name] = "1"
    try:
        yield
    finally:
        for name in added:
            os.environ.pop(name, None)


class _Writer:
    """Finished batches, written together in one transaction once they hold
    ``BATCH_DOCUMENTS`` documents (and at the end). With ``strict``, a batch with a failure
    raises at once, after what was finished before it is written."""

    def __init__(self, store: Store, config: Config, summary: RunSummary, strict: bool) -> None:
        self.store, self.config, self.summary, self.strict = store, config, summary, strict
        self._held: list[BatchResult] = []

    def add(self, result: BatchResult) -> None:
        if self.strict and result.failures:
            self.flush()
            check_strict(result.failures, self.strict)
        self._held.append(result)
        if sum(len(r.coded) + len(r.failures) for r in self._held) >= BATCH_DOCUMENTS:
            self.flush()

    def flush(self) -> None:
        if not self._held:
            return
        held, self._held = self._held, []
        result = BatchResult(
            [c for r in held for c in r.coded],
            [f for r in held for f in r.failures],
            sum(r.collapsed for r in held),
            [n for r in held for n in r.notes],
        )
        write_result(self.store, result, self.config, self.summary, self.strict)


def _tasks(
    chunks: Iterable[list[Document | Failure]],
    store: Store,
    summary: RunSummary,
    on_progress: Callable[[int], None] | None,
    stats: IngestStats,
) -> Iterator[tuple[list[Document], list[Failure], list[Note]]]:
    """(documents to code, ingest failures, ingest notes) per task, known documents skipped;
    the notes found after the last chunk come last."""
    for chunk in chunks:
        failures = [item for item in chunk if isinstance(item, Failure)]
        documents = [item for item in chunk if isinstance(item, Document)]
        known = store.known_document_ids(d.id for d in documents)
        summary.skipped += len(known)
        fresh = [d for d in documents if d.id not in known]
        tasks = list(chunked(fresh, TASK_DOCUMENTS)) or [[]]
        yield tasks[0], failures, stats.take_notes()
        yield from ((task, [], []) for task in tasks[1:])
        if on_progress:
            on_progress(len(chunk))
    yield [], [], stats.take_notes()


def _drain(
    pending: set[Future[BatchResult]], writer: _Writer, when: str
) -> set[Future[BatchResult]]:
    done, rest = wait(pending, return_when=when)
    for future in done:
        writer.add(future.result())
    return rest
