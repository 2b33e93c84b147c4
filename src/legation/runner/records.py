"""Code records held in memory into a store (the HTTP API's ``POST /api/documents``).

The path of ``legation code`` on a ``.jsonl`` file, without the file:
:func:`legation.ingest.iter_records` → :func:`.base.code_batch` → :meth:`Store.write_batch`
(one transaction) → :func:`legation.dedup.deduplicate` if asked. Idempotent: a document
already stored is reported as ``already_stored`` and not coded again. Every record gets a
:class:`RecordResult`; failures (empty, non-English, a coding error) are returned to the
caller and recorded in the store's ``failures`` table, and ingest's notes (a date not used,
characters removed) in its ``notes`` table, as ``legation code`` records them.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from contextlib import AbstractContextManager, nullcontext
from dataclasses import dataclass, replace
from typing import TYPE_CHECKING, Any, Literal

from ..ingest import IngestStats, iter_records
from ..model import Document, Failure, Note, normalise_text, sha256_id
from .base import BatchResult, code_batch

if TYPE_CHECKING:
    from ..pipeline import Pipeline
    from ..store import Store

Status = Literal["stored", "already_stored", "duplicate", "failed"]


@dataclass(frozen=True, slots=True)
class RecordResult:
    """What became of one record: ``stored`` (with its events), ``already_stored``,
    ``duplicate`` (same text as an earlier record of the same call) or ``failed`` (``reason``)."""

    index: int  # position in the records given, from 0
    status: Status
    doc_id: str | None
    name: str
    events: int = 0
    reason: str | None = None
    notes: tuple[str, ...] = ()  # what ingest dropped or changed in it


@dataclass(frozen=True, slots=True)
class RecordsResult:
    """Every record's result, plus the events merged across documents afterwards."""

    records: list[RecordResult]
    merged: int = 0
    collapsed: int = 0

    def count(self, status: Status) -> int:
        return sum(r.status == status for r in self.records)

    @property
    def events(self) -> int:
        return sum(r.events for r in self.records)


def code_records(
    records: Sequence[Mapping[str, Any]],
    store: Store,
    pipeline: Pipeline,
    *,
    source: str = "api",
    dedup: bool = True,
    selective: bool = True,
    store_lock: AbstractContextManager[Any] | None = None,
) -> RecordsResult:
    """Ingest, code and store ``records`` (``text`` plus optional ``id``, ``title``, ``url``,
    ``outlet``, ``published``); returns one result per record, in order.

    ``store_lock`` is held around the write but not while coding, for callers that share
    the store's write connection between threads (the HTTP API); reads take cursors of their
    own (:meth:`Store.reading`)."""
    lock = store_lock or nullcontext()
    stats = IngestStats()
    items = list(iter_records(records, pipeline.config, source, stats))
    notes = stats.take_notes()
    documents = [item for item in items if isinstance(item, Document)]
    known = store.known_document_ids(d.id for d in documents)
    batch = code_batch(pipeline, [d for d in documents if d.id not in known], selective)
    with lock:
        failures = [*(i for i in items if isinstance(i, Failure)), *batch.failures]
        store.write_batch(batch.coded, failures, notes, coder=pipeline.config.coder)
        merged = _deduplicate(store) if dedup and batch.coded else 0
    results = _results(records, items, known, batch, source, notes)
    return RecordsResult(results, merged, batch.collapsed)


def _deduplicate(store: Store) -> int:
    from ..dedup import deduplicate

    return deduplicate(store).absorbed


def _results(
    records: Sequence[Mapping[str, Any]],
    items: list[Document | Failure],
    known: set[str],
    batch: BatchResult,
    source: str,
    notes: list[Note],
) -> list[RecordResult]:
    found = {item.source: item for item in items}
    found.update({f.source: f for f in batch.failures})
    events = {c.document.id: len(c.events) for c in batch.coded}
    noted: dict[str, list[str]] = {}
    for note in notes:
        noted.setdefault(note.source, []).append(note.detail)
    out = []
    for index, record in enumerate(records):
        key = f"{source}#{index + 1}"
        result = _result(index, key, record, found.get(key), known, events)
        out.append(replace(result, notes=tuple(noted.get(key, ()))))
    return out


def _result(
    index: int,
    key: str,
    record: Mapping[str, Any],
    item: Document | Failure | None,
    known: set[str],
    events: dict[str, int],
) -> RecordResult:
    name = str(record.get("id") or key)
    if isinstance(item, Failure):
        return RecordResult(index, "failed", item.doc_id, name, reason=item.reason)
    if item is None:  # the same text as an earlier record: one document
        text = normalise_text(str(record.get("text", "")))
        return RecordResult(index, "duplicate", sha256_id(text), name)
    if item.id in known:
        return RecordResult(index, "already_stored", item.id, name)
    return RecordResult(index, "stored", item.id, name, events.get(item.id, 0))
