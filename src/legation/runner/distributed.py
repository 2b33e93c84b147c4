"""The Dask engine: one input shard per task, one part file per shard, then the store.

The client reads the corpus (streaming) and cuts it into shards of ``shard_size``
documents, except at the end: it reads up to :func:`lookahead` documents ahead, and what is
left when the corpus ends is cut into equal shards, as many as a multiple of the workers (600
documents on 2 workers are 4 shards of 150, not 256 + 256 + 88 with one worker idle while
the other codes the last 88; a corpus smaller than the lookahead is all cut this way).

A shard's name is a hash of its documents' ids and of everything that changes
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
``parts_dir`` (a shared file system) and have Legation and the spaCy model installed. Either is
started only when the first shard needs coding: a run with nothing new to code starts no
cluster and loads no model (a running cluster is connected to at the start, to count its
workers).

Cost per shard, made visible in :attr:`RunSummary.shard_costs`: each task reports the seconds
its worker spent getting the process's pipeline (built, the model loaded, on a worker's first
shard only; later shards reuse it), coding the shard and writing its part; the client adds
the time it took to load the part into the store.
"""

from __future__ import annotations

import logging
import math
import os
import time
from collections import deque
from collections.abc import Callable, Iterable, Iterator
from contextlib import ExitStack, contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any, TypeVar

from ..config import Config
from ..errors import ConfigError
from ..model import Document, Failure, Note, sha256_id
from .base import RunSummary, ShardCosts, check_strict, finish

if TYPE_CHECKING:
    from distributed import Client, Future

    from ..ingest import IngestStats
    from ..store import Store

log = logging.getLogger(__name__)
T = TypeVar("T")

SHARD_DOCUMENTS = 256
TASK_RETRIES = 2
IN_FLIGHT_PER_WORKER = 2
#: The most documents the client reads ahead to cut the end of the corpus into even shards.
MAX_LOOKAHEAD = 2048


@dataclass(frozen=True, slots=True)
class Shard:
    name: str
    documents: list[Document]


@dataclass(frozen=True, slots=True)
class ShardResult:
    name: str
    path: str
    collapsed: int
    coding_s: float = 0.0  # on the worker: parsing and coding the shard
    writing_s: float = 0.0  # on the worker: writing its part file
    pipeline_s: float = 0.0  # on the worker: getting the process's pipeline (built once)


def code_shard(config: Config, shard: Shard, parts_dir: str, selective: bool) -> ShardResult:
    """Worker side: code one shard with this process's pipeline and write its part file."""
    from .. import get_pipeline
    from ..store.parts import part_name, write_part
    from .base import code_batch

    began = time.perf_counter()
    pipeline = get_pipeline(config)
    got = time.perf_counter()
    result = code_batch(pipeline, shard.documents, selective)
    coded = time.perf_counter()
    path = Path(parts_dir) / part_name(shard.name)
    write_part(path, result.coded, result.failures, coder=config.coder)
    written = time.perf_counter()
    return ShardResult(
        shard.name, str(path), result.collapsed, coded - got, written - coded, got - began
    )


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
    from ..ingest import IngestStats, iter_documents

    started = time.perf_counter()
    parts_dir.mkdir(parents=True, exist_ok=True)
    _remove_unfinished_parts(parts_dir)
    summary = RunSummary(shard_costs=ShardCosts())
    run = _Run(store, config, parts_dir, resume, selective, strict, summary)
    stats = IngestStats()
    documents = iter_documents(paths, config, stats)
    with store.memory_limit(config.store_memory_mb), _LazyClient(address, workers) as client:
        slices = cut(documents, shard_size, client.expected_workers())
        shards = _shards(slices, config, selective, run, stats)
        run.execute(client, shards, on_progress)
        run.record(stats.take_notes())
        summary.model_loaded = client.started
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


class _LazyClient:
    """A Dask client (and, without ``address``, its LocalCluster), started on first use."""

    def __init__(self, address: str | None, workers: int | None) -> None:
        self.address, self.workers = address, workers
        self._stack = ExitStack()
        self._client: Client | None = None

    @property
    def started(self) -> bool:
        return self._client is not None

    def get(self) -> Client:
        if self._client is None:
            began = time.perf_counter()
            self._client = self._stack.enter_context(_client(self.address, self.workers))
            log.info("dask client ready in %.1fs", time.perf_counter() - began)
        return self._client

    def in_flight_limit(self) -> int:
        return IN_FLIGHT_PER_WORKER * max(1, len(self.get().scheduler_info()["workers"]))

    def expected_workers(self) -> int:
        """The workers shards will go to: as asked, else a running cluster's (connecting to
        it costs little), else one per CPU for the LocalCluster not started yet."""
        if self.workers:
            return self.workers
        if self.address:
            return max(1, len(self.get().scheduler_info()["workers"]))
        return os.cpu_count() or 1

    def __enter__(self) -> _LazyClient:
        return self

    def __exit__(self, *exc: object) -> None:
        self._stack.close()


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


def lookahead(size: int, workers: int) -> int:
    """How many items the client reads ahead: enough for two shards per worker."""
    return min(2 * workers * size, MAX_LOOKAHEAD)


def cut(items: Iterable[T], size: int, workers: int) -> Iterator[list[T]]:
    """Consecutive slices of ``size`` items; the last :func:`lookahead` items or fewer are cut
    into equal slices of at most ``size``, as many as a multiple of ``workers``.

    The full slices do not depend on ``workers``, so a resumed run (``--resume``) with another
    number of workers reuses every part but those of the end."""
    ahead = lookahead(size, workers)
    buffer: deque[T] = deque()
    for item in items:
        buffer.append(item)
        if len(buffer) >= ahead + size:
            yield [buffer.popleft() for _ in range(size)]
    rest = list(buffer)
    count = min(len(rest), math.ceil(math.ceil(len(rest) / size) / workers) * workers)
    start = 0
    for i in range(count):  # sizes differ by one at most
        stop = start + len(rest) // count + (i < len(rest) % count)
        yield rest[start:stop]
        start = stop


def _shards(
    slices: Iterable[list[Document | Failure]],
    config: Config,
    selective: bool,
    run: _Run,
    stats: IngestStats,
) -> Iterator[tuple[Shard | None, int]]:
    """(shard or None when nothing in it needs coding, items read) per slice of the corpus;
    ingest's failures and notes are stored as each slice is read."""
    for chunk in slices:
        documents = [d for d in chunk if isinstance(d, Document)]
        run.record(stats.take_notes(), [f for f in chunk if isinstance(f, Failure)])
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
        client: _LazyClient,
        shards: Iterable[tuple[Shard | None, int]],
        on_progress: Callable[[int], None] | None,
    ) -> None:
        pending: set[Future[ShardResult]] = set()
        limit = 0
        for shard, read in shards:
            if shard is not None and (future := self._start(client, shard)) is not None:
                pending.add(future)
                limit = limit or client.in_flight_limit()
            while pending and len(pending) >= limit:
                pending = self._wait(pending)
            if on_progress:
                on_progress(read)
        while pending:
            pending = self._wait(pending)

    def _wait(self, pending: set[Future[ShardResult]]) -> set[Future[ShardResult]]:
        done = _distributed().wait(pending, return_when="FIRST_COMPLETED")
        return self._collect(pending, done)

    def _start(self, client: _LazyClient, shard: Shard) -> Future[ShardResult] | None:
        from ..store.parts import part_name

        path = self.parts_dir / part_name(shard.name)
        if self.resume and path.exists():
            self.summary.shards_reused += 1
            self._load(ShardResult(shard.name, str(path), 0))
            return None
        self.summary.shards += 1
        return client.get().submit(
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
        began = time.perf_counter()
        loaded = self.store.load_part(Path(result.path))
        self._cost(result, time.perf_counter() - began)
        check_strict(loaded.failures, self.strict)
        self.summary.documents += loaded.documents
        self.summary.sentences += loaded.sentences
        self.summary.events += loaded.events
        self.summary.failures.extend(loaded.failures)
        self.summary.collapsed += result.collapsed
        log.info("loaded %s (%d documents)", result.path, loaded.documents)

    def _cost(self, result: ShardResult, loading_s: float) -> None:
        costs = self.summary.shard_costs
        if costs is None or not result.coding_s:  # a reused part: nothing was coded
            return
        costs.shards += 1
        costs.coding += result.coding_s
        costs.writing += result.writing_s
        costs.pipeline += result.pipeline_s
        costs.loading += loading_s

    def record(self, notes: list[Note], failures: list[Failure] | None = None) -> None:
        """Store ingest's failures and notes (one transaction)."""
        failures = failures or []
        if failures:
            check_strict(failures, self.strict)
        if failures or notes:
            self.store.write_batch([], failures, notes)
            self.summary.failures.extend(failures)
            self.summary.notes.update(n.kind.value for n in notes)
