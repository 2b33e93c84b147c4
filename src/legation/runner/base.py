"""What every engine shares: the run summary, batches, coding one batch, strict mode."""

from __future__ import annotations

import itertools
import logging
import time
import weakref
from collections import Counter
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from datetime import datetime
from typing import TYPE_CHECKING, TypeVar

from ..errors import LegationError
from ..model import CodedDocument, Document, Failure, Note
from ..store.migrations import now

if TYPE_CHECKING:
    from ..config import Config
    from ..pipeline import Pipeline
    from ..store import Store

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
    collapsed: int = 0  # repeated mentions of one event within a document, dropped
    merged: int = 0  # events that became extra sources of an event from another document
    shards: int = 0  # dask: shards coded in this run
    shards_reused: int = 0  # dask: shards whose part file was already written (resume)
    notes: Counter[str] = field(default_factory=Counter)  # by kind: what ingest dropped or changed
    model_loaded: bool = False  # whether this run needed (and loaded) a language model
    shard_costs: ShardCosts | None = None  # dask: where each shard's time went
    undated: list[str] = field(default_factory=list)  # new documents with no publication date
    started_at: datetime = field(default_factory=now)

    @property
    def ok(self) -> bool:
        return not self.failures

    def add(
        self,
        coded: Sequence[CodedDocument],
        failures: Sequence[Failure],
        collapsed: int,
        notes: Sequence[Note] = (),
    ) -> None:
        self.documents += len(coded)
        self.sentences += sum(len(c.sentences) for c in coded)
        self.events += sum(len(c.events) for c in coded)
        self.failures.extend(failures)
        self.collapsed += collapsed
        self.notes.update(n.kind.value for n in notes)


@dataclass(slots=True)
class ShardCosts:
    """Seconds the Dask shards coded in a run took, summed: on the workers getting the
    process's pipeline (the model loaded on each worker's first shard), coding and writing
    part files; on the client loading the parts into the store."""

    pipeline: float = 0.0
    coding: float = 0.0
    writing: float = 0.0
    loading: float = 0.0
    shards: int = 0

    def per_shard(self) -> dict[str, float]:
        """Mean seconds per shard for each."""
        n = max(1, self.shards)
        return {
            "pipeline": self.pipeline / n,
            "coding": self.coding / n,
            "writing": self.writing / n,
            "loading": self.loading / n,
        }


@dataclass(frozen=True, slots=True)
class BatchResult:
    """One coded batch: documents (without their mentions), failures, dropped repeats."""

    coded: list[CodedDocument]
    failures: list[Failure]
    collapsed: int = 0
    notes: list[Note] = field(default_factory=list)


class StrictModeError(LegationError):
    """Raised by ``--strict`` runs on the first failed document."""


def chunked(items: Iterable[T], size: int) -> Iterator[list[T]]:
    iterator = iter(items)
    while chunk := list(itertools.islice(iterator, size)):
        yield chunk


def code_batch(pipeline: Pipeline, documents: Sequence[Document], selective: bool) -> BatchResult:
    """Code ``documents`` and collapse repeated mentions within each one.

    The batch is coded inside spaCy's ``memory_zone``: the strings and lexemes spaCy adds for
    its new words are freed after it, so a long run's memory does not grow with the
    vocabulary of the corpus (only plain data leaves the zone). A pipeline's first batch is
    preceded by coding :data:`WARM_UP` outside the zone, so that what it builds on first use
    (the actor phrase matcher) keeps its strings."""
    from ..dedup import collapse_repeats

    if pipeline not in _WARMED:
        pipeline.code_text(WARM_UP)
        _WARMED.add(pipeline)
    coded: list[CodedDocument] = []
    failures: list[Failure] = []
    collapsed = 0
    with pipeline.nlp.memory_zone():
        for result in pipeline.code_documents(documents, selective=selective):
            if isinstance(result, Failure):
                failures.append(result)
                continue
            events, dropped = collapse_repeats(result.events)
            coded.append(CodedDocument(result.document, result.sentences, [], events))
            collapsed += dropped
    return BatchResult(coded, failures, collapsed)


#: Coded outside any memory zone before a pipeline's first batch (see :func:`code_batch`).
WARM_UP = "Pakistan's army chief met the US Secretary of State in Washington on Tuesday."
_WARMED: weakref.WeakSet[Pipeline] = weakref.WeakSet()


def check_strict(failures: Sequence[Failure], strict: bool) -> None:
    if strict and failures:
        first = failures[0]
        raise StrictModeError(f"{first.source}: {first.reason} (stopped by --strict)")


def write_result(
    store: Store, result: BatchResult, config: Config, summary: RunSummary, strict: bool
) -> None:
    """Store one coded batch in one transaction and add it to ``summary``."""
    check_strict(result.failures, strict)
    store.write_batch(result.coded, result.failures, result.notes, coder=config.coder)
    summary.add(result.coded, result.failures, result.collapsed, result.notes)
    log.info("stored %d documents (%d done)", len(result.coded), summary.documents)


def finish(summary: RunSummary, store: Store, dedup: bool, started: float) -> RunSummary:
    """Merge cross-document duplicates if asked, and stamp the time."""
    if dedup:
        from ..dedup import deduplicate

        summary.merged = deduplicate(store).absorbed
    summary.undated = store.undated_documents(since=summary.started_at)
    summary.seconds = time.perf_counter() - started
    return summary
