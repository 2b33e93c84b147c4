"""The Dask engine: one input shard per task, one part file per shard, then the store.

The client reads the corpus (streaming) and cuts it into shards of ``shard_size``
documents. A shard's name is a hash of its documents' ids and of everything that changes
their coding (config, Legation version, parse mode), so the same corpus gives the same
shards. Documents already in the store are not sent. Each task runs on a worker process
that builds one pipeline (cached per process), codes the shard and writes
``part-<shard>.parquet`` by write-then-rename; the client loads each finished part into the
store (one transaction per part; loading is idempotent). With at most ``2 × workers`` shards
in flight the client's memory stays bounded.

Failures and retries: a killed worker's task is rescheduled by the Dask scheduler on another
worker, and a task that raises is retried (``TASK_RETRIES``); a shard is written whole or not
at all, and loading skips documents already stored, so every event lands exactly once.
``resume=True`` loads the parts already present instead of recomputing them (an interrupted
run redoes only the missing shards). A run first deletes the temporary files of part writes
cut short by a killed worker, so a parts folder must serve one store at a time.

Without ``address`` a ``LocalCluster`` of ``workers`` single-threaded processes is started
and stopped; with one (``tcp://host:8786``) the run uses that cluster, whose workers must see
``parts_dir`` (a shared file system) and have Legation and the spaCy model installed.
"""

from __future__ import annotations

import logging
import os
import time
from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

from ..config import Config
from ..errors import ConfigError
from ..model import Document, Failure, sha256_id
from .base import RunSummary, check_strict, chunked, finish

if TYPE_CHECKING:
    from distributed import Client, Future

    from ..store import Store

log = logging.getLogger(__name__)

SHARD_DOCUMENTS = 256
TASK_RETRIES = 2
IN_FLIGHT_PER_WORKER = 2


@dataclass(frozen=True, slots=True)
class Shard:
    name: str
    documents: list[Document]


@dataclass(frozen=True, slots=True)
class ShardResult:
    name: str
    path: str
    collapsed: int


def code_shard(config: Config, shard: Shard, parts_dir: str, selective: bool) -> ShardResult:
    """Worker side: code one shard with this process's pipeline and write its part file."""
    from .. import get_pipeline
    from ..store.parts import part_name, write_part
    from .base import code_batch

    result = code_batch(get_pipeline(config), shard.documents, selective)
    path = Path(parts_dir) / part_name(shard.name)
    write_part(path, result.coded, result.failures, coder=config.coder)
    return ShardResult(shard.name, str(path), result.collapsed)


def run_dask(
    paths: Iterable[Path],
    store: Store,
    config: Config,
    *,
    parts_dir: Path,
    workers: int | None = None,
    address: str | None = None,
    resume: bool = False,
    shard_size: int = SHARD_DOCUMENTS,
    selective: bool = False,
    strict: bool = False,
    dedup: bool = False,
    on_progress: Callable[[int], None] | None = None,
) -> RunSummary:
    """Code every document under ``paths`` on a Dask cluster into ``store`` (module doc)."""
    from ..ingest import iter_documents

    started = time.perf_counter()
    parts_dir.mkdir(parents=True, exist_ok=True)
    _remove_unfinished_parts(parts_dir)
    summary = RunSummary()
    run = _Run(store, config, parts_dir, resume, selective, strict, summary)
    documents = iter_documents(paths, config)
    with store.memory_limit(config.store_memory_mb):
        with _client(address, workers) as client:
            limit = IN_FLIGHT_PER_WORKER * max(1, len(client.scheduler_info()["workers"]))
            shards = _shards(documents, config, shard_size, selective, run)
            run.execute(client, shards, limit, on_progress)
        return finish(summary, store, dedup, started)


def _remove_unfinished_parts(parts_dir: Path) -> None:
    from ..store.parts import remove_unfinished

    if removed := remove_unfinished(parts_dir):
        log.info("removed %d unfinished part files from %s", removed, parts_dir)


def _distributed() -> Any:
    """``dask.distributed``, imported on first use (an optional, heavy dependency)."""
    try:
        import distributed
    except ImportError as exc:
        raise ConfigError(
            "the dask engine needs dask.distributed: pip install 'dask[distributed]'"
        ) from exc
    return distributed


@contextmanager
def _client(address: str | None, workers: int | None) -> Iterator[Client]:
    dist = _distributed()
    Client, LocalCluster = dist.Client, dist.LocalCluster
    if address:
        with Client(address) as client:
            yield client
        return
    n = workers or os.cpu_count() or 1
    with (
        LocalCluster(
            n_workers=n, threads_per_worker=1, processes=True, dashboard_address=None
        ) as cluster,
        Client(cluster) as client,
    ):
        yield client


def shard_name(config: Config, selective: bool, doc_ids: Iterable[str]) -> str:
    """Stable name of a shard: its documents and what decides how they are coded."""
    from ..store.rows import legation_version

    fingerprint = f"{config.model_dump_json()}|{legation_version()}|selective={selective}"
    return sha256_id(fingerprint, *doc_ids)[:20]


def _shards(
    items: Iterable[Document | Failure],
    config: Config,
    size: int,
    selective: bool,
    run: _Run,
) -> Iterator[tuple[Shard | None, int]]:
    """(shard or None when nothing in it needs coding, items read) per slice of the corpus."""
    for chunk in chunked(items, size):
        documents = [d for d in chunk if isinstance(d, Document)]
        run.record_failures([f for f in chunk if isinstance(f, Failure)])
        known = run.store.known_document_ids(d.id for d in documents)
        run.summary.skipped += len(known)
        fresh = [d for d in documents if d.id not in known]
        name = shard_name(config, selective, (d.id for d in documents))
        yield (Shard(name, fresh) if fresh else None), len(chunk)


@dataclass(slots=True)
class _Run:
    store: Store
    config: Config
    parts_dir: Path
    resume: bool
    selective: bool
    strict: bool
    summary: RunSummary

    def execute(
        self,
        client: Client,
        shards: Iterable[tuple[Shard | None, int]],
        limit: int,
        on_progress: Callable[[int], None] | None,
    ) -> None:
        wait = _distributed().wait
        pending: set[Future[ShardResult]] = set()
        for shard, read in shards:
            if shard is not None:
                future = self._start(client, shard)
                if future is not None:
                    pending.add(future)
            while len(pending) >= limit:
                pending = self._collect(pending, wait(pending, return_when="FIRST_COMPLETED"))
            if on_progress:
                on_progress(read)
        while pending:
            pending = self._collect(pending, wait(pending, return_when="FIRST_COMPLETED"))

    def _start(self, client: Client, shard: Shard) -> Future[ShardResult] | None:
        from ..store.parts import part_name

        path = self.parts_dir / part_name(shard.name)
        if self.resume and path.exists():
            self.summary.shards_reused += 1
            self._load(ShardResult(shard.name, str(path), 0))
            return None
        self.summary.shards += 1
        return client.submit(
            code_shard,
            self.config,
            shard,
            str(self.parts_dir),
            self.selective,
            key=f"legation-shard-{shard.name}",
            retries=TASK_RETRIES,
            pure=False,
        )

    def _collect(self, pending: set[Future[ShardResult]], done: Any) -> set[Future[ShardResult]]:
        finished: set[Future[ShardResult]] = set(done.done)
        for future in finished:
            self._load(future.result())
        return pending - finished

    def _load(self, result: ShardResult) -> None:
        loaded = self.store.load_part(Path(result.path))
        check_strict(loaded.failures, self.strict)
        self.summary.documents += loaded.documents
        self.summary.sentences += loaded.sentences
        self.summary.events += loaded.events
        self.summary.failures.extend(loaded.failures)
        self.summary.collapsed += result.collapsed
        log.info("loaded %s (%d documents)", result.path, loaded.documents)

    def record_failures(self, failures: list[Failure]) -> None:
        if failures:
            check_strict(failures, self.strict)
            self.store.write_batch([], failures)
            self.summary.failures.extend(failures)
