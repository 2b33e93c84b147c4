"""The store: one DuckDB file a user can open (``legation.duckdb`` by default).

* **Named migrations** (:data:`MIGRATIONS`) are applied in order when a store is opened for
  writing and recorded in the ``migrations`` table; opening again applies nothing.
* **Content-addressed ids**: documents are keyed by the sha256 of their normalised text and
  events by :attr:`Event.id`, so writing the same batch twice adds nothing.
* **Whole documents, one transaction**: :meth:`Store.write_batch` writes documents with their
  sentences and events, and upserts failures, in one transaction. A document already stored is
  left as it is (its events are not mixed with a second coding). Any error rolls the whole
  batch back and raises :class:`StoreError`.
* **One writer**: DuckDB locks the file; a second process gets :class:`StoreBusyError`.
* **Many readers**: every read method takes a cursor of its own from a pool
  (:meth:`Store.reading`), so threads read in parallel, while a write runs too, and each read
  sees every committed write. :attr:`Store.generation` counts the writes committed through
  this object (what a cache of answers keys on).

Submodules: :mod:`.migrations` (schema and its named migrations), :mod:`.query` (what
queries return), :mod:`.filters` (which events to read: :class:`EventQuery`,
:class:`~.filters.EventFilters` and the SQL conditions they become), :mod:`.reads` (the read
API the analysis functions use), :mod:`.rows` (model objects to rows and back; the event
columns come from :mod:`legation.record`).

Tables: ``documents``, ``sentences``, ``events`` (nested fields as JSON and lists, plus
flattened first actor/recipient columns for fast filtering), ``failures`` (one row per
source, stage and reason, with first/last seen and a count), ``migrations``.
"""

from __future__ import annotations

import logging
import os
import threading
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from contextlib import contextmanager, suppress
from dataclasses import replace
from datetime import date, datetime
from pathlib import Path
from types import TracebackType
from typing import TYPE_CHECKING, Any, TypeVar

import duckdb

from ..errors import StoreBusyError, StoreError
from ..model import CodedDocument, Document, Failure, Note
from .crashpoints import CrashPoint
from .merges import (
    EVENTS_PER_PASS,
    DedupRow,
    MergeRow,
    Party,
    absorbed_rows,
    canonical_ids,
    iter_candidates,
    merge_many,
    split_pairs,
    unmerge,
)
from .merges import merges as list_merges
from .migrations import MIGRATIONS, check_schema, migrate, now
from .parts import PartLoad
from .query import (
    CURRENT,
    DyadCount,
    EventQuery,
    FailureRow,
    NoteRow,
    StoredEvent,
    WriteResult,
)
from .rows import (
    DOC_COLUMNS,
    column_names,
    document_from_row,
    document_row,
    document_schema,
    event_row,
    event_schema,
    legation_version,
    sentence_row,
    sentence_schema,
    stream,
)

if TYPE_CHECKING:
    import pyarrow as pa

__all__ = [
    "DEFAULT_PATH",
    "MIGRATIONS",
    "DedupRow",
    "DyadCount",
    "EventQuery",
    "FailureRow",
    "MergeRow",
    "NoteRow",
    "PartLoad",
    "Party",
    "Store",
    "StoredEvent",
    "WriteResult",
    "migrate",
]

log = logging.getLogger(__name__)
T = TypeVar("T")

DEFAULT_PATH = Path("legation.duckdb")
MEMORY = ":memory:"
#: Threads that may read a store at once (:meth:`Store.reading`): two per core, at least four.
MAX_READERS = max(4, 2 * (os.cpu_count() or 1))


class Store:
    """A DuckDB event store; use as a context manager.

    ``Store(":memory:")`` keeps everything in memory (tests). ``read_only=True`` lets several
    readers share a file no one is writing to. Writes are serialised on one connection (call
    them from one thread at a time); reads may come from any number of threads at once."""

    def __init__(
        self,
        path: Path | str = DEFAULT_PATH,
        *,
        read_only: bool = False,
        max_readers: int = MAX_READERS,
    ) -> None:
        self.path = str(path)
        self.read_only = read_only
        self._crash = CrashPoint.from_env()
        recovering = self.path != MEMORY and Path(self.path + ".wal").exists()
        self._con = _connect(self.path, read_only)
        self._cap_mb = 0  # the memory_limit() in force, if any
        self._version = legation_version()
        self._generation = 0  # writes committed through this object
        self._pool_lock = threading.Lock()
        self._idle: list[duckdb.DuckDBPyConnection] = []  # reading() cursors not in use
        self._cursors: list[duckdb.DuckDBPyConnection] = []  # every one made, to close
        self._closed = False
        self._readers = threading.BoundedSemaphore(max(1, max_readers))
        self._reading = threading.local()  # how many reading() blocks this thread is in
        try:
            if read_only:
                check_schema(self._con, self.path)
            else:
                applied = migrate(self._con, before_commit=lambda _: self._crash.reached("migrate"))
                if recovering or applied:
                    # A killed writer left its log (DuckDB replayed it on opening), or the
                    # schema just changed (a rebuild leaves its pages in memory): fold it into
                    # the file now (DuckDB only does so at a close after new writes).
                    self._con.execute("CHECKPOINT")
            # The parent of the reading() cursors: a connection of its own, made now, so that
            # making a cursor never touches the writer's connection while it is in use.
            self._root = self._con.cursor()
        except BaseException:
            self._con.close()
            raise

    def __enter__(self) -> Store:
        return self

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        self.close()

    def close(self) -> None:
        self._crash.reached("close")
        with self._pool_lock:
            self._closed = True
            for cursor in self._cursors:
                cursor.close()
            self._cursors.clear()
            self._idle.clear()
            self._root.close()
        self._con.close()

    def __repr__(self) -> str:
        mode = "read-only" if self.read_only else "read-write"
        return f"Store({self.path!r}, {mode})"

    @contextmanager
    def memory_limit(self, megabytes: int) -> Iterator[None]:
        """Cap DuckDB's memory (its buffer pool: cached blocks and working memory) at
        ``megabytes`` for a long run of writes, then restore the default; 0 means no cap.

        Without a cap DuckDB keeps every block it writes, so a writer's memory grows with the
        store. With one, clean blocks are evicted (they are on disk) and sorts spill to disk.
        The cap is a preference, never a reason to fail: DuckDB keeps the primary-key indexes
        of recently written rows in memory, so a transaction that no longer fits is rolled
        back and run again with the cap doubled (with a warning; past 16 GB, without a cap),
        and a cap below what DuckDB holds already is not set. At the end of the run the
        store's log is folded into the file (a checkpoint) while the cap holds, so that
        closing the store does not do it uncapped.

        While capped, DuckDB runs each query on one thread: every thread holds buffers of its
        own (the blocks it scans, its share of a join), and de-duplication's read of 20,000
        documents' events needed 56 MB on two threads and 36 MB on one (as at 1,000
        documents); the writes are small, and the workers have the other cores."""
        if megabytes <= 0:
            yield
            return
        try:
            self._con.execute(f"SET memory_limit = '{int(megabytes)}MB'")
        except duckdb.OutOfMemoryException:
            log.warning(
                "DuckDB already holds more than store_memory_mb = %d for %s; going on without "
                "a cap (set a larger store_memory_mb in the config to keep one)",
                megabytes,
                self.path,
            )
            yield
            return
        self._cap_mb = megabytes
        self._con.execute("SET threads = 1")
        try:
            yield
            if not self.read_only:
                self._execute_within_cap(self._con, "CHECKPOINT")
        finally:
            self._con.execute("RESET threads")
            if self._cap_mb:
                self._con.execute("RESET memory_limit")
            self._cap_mb = 0

    # ------------------------------------------------------------------ writing

    def write_batch(
        self,
        coded: Sequence[CodedDocument],
        failures: Sequence[Failure] = (),
        notes: Sequence[Note] = (),
        *,
        coder: str | None = None,
    ) -> WriteResult:
        """Write whole documents (with sentences and events), failures and notes in one
        transaction. A failure or note already recorded (same source, stage or kind, and
        reason) gets its count raised and its last-seen time, not a second row.

        ``coder`` names the coder and version (``rules.v1``) recorded per document; without it,
        the coder of the document's first event is used."""

        def work() -> WriteResult:
            result = self._write(coded, failures, notes, coder)
            self._crash.reached("write")
            return result

        result = self._transaction("write the batch to", work, done="nothing from it was stored")
        log.debug("stored %s", result)
        return result

    def _write(
        self,
        coded: Sequence[CodedDocument],
        failures: Sequence[Failure],
        notes: Sequence[Note],
        coder: str | None,
    ) -> WriteResult:
        fresh = self._fresh(coded)
        stamp = now()
        docs = [document_row(c, coder, stamp, self._version) for c in fresh]
        sentences = [sentence_row(c.document.id, s) for c in fresh for s in c.sentences]
        events = _first_of_each([event_row(e) for c in fresh for e in c.events], "id")
        self._insert("documents", docs, document_schema(), skip_stored=True)
        self._insert("sentences", sentences, sentence_schema())
        self._insert("events", events, event_schema())
        self._upsert_failures(failures, stamp)
        self._upsert_notes(notes, stamp)
        return WriteResult(
            len(docs),
            len(sentences),
            len(events),
            len(failures),
            len(coded) - len(fresh),
            len(notes),
        )

    def _fresh(self, coded: Sequence[CodedDocument]) -> list[CodedDocument]:
        """Documents not stored yet, first occurrence only (read inside the transaction):
        their sentences and events are new too, so those are written without a key check."""
        known = _known_ids(self._con, (c.document.id for c in coded))
        fresh: dict[str, CodedDocument] = {}
        for item in coded:
            if item.document.id not in known:
                fresh.setdefault(item.document.id, item)
        return list(fresh.values())

    def _insert(
        self, table: str, rows: list[dict[str, Any]], schema: pa.Schema, skip_stored: bool = False
    ) -> None:
        if not rows:
            return
        import pyarrow as pa

        verb = "INSERT OR IGNORE" if skip_stored else "INSERT"
        self._con.register("legation_batch", pa.Table.from_pylist(rows, schema=schema))
        try:
            self._con.execute(f"{verb} INTO {table} BY NAME SELECT * FROM legation_batch")
        finally:
            # In a transaction the failed INSERT aborted, unregistering fails too; its error
            # would hide the INSERT's own (out of memory, a constraint), which says what to do.
            with suppress(duckdb.TransactionException):
                self._con.unregister("legation_batch")

    def _upsert_failures(self, failures: Sequence[Failure], stamp: datetime) -> None:
        merged: dict[tuple[str, str, str], tuple[str | None, int]] = {}
        for f in failures:
            doc_id, count = merged.get((f.source, f.stage, f.reason), (None, 0))
            merged[(f.source, f.stage, f.reason)] = (f.doc_id or doc_id, count + 1)
        if not merged:
            return
        self._con.executemany(
            "INSERT INTO failures VALUES (?, ?, ?, ?, ?, ?, ?) "
            "ON CONFLICT (source, stage, reason) DO UPDATE SET "
            "count = failures.count + excluded.count, last_seen = excluded.last_seen, "
            "doc_id = COALESCE(excluded.doc_id, failures.doc_id)",
            [[*key, doc_id, stamp, stamp, count] for key, (doc_id, count) in merged.items()],
        )

    def _upsert_notes(self, notes: Sequence[Note], stamp: datetime) -> None:
        merged: dict[tuple[str, str, str], tuple[str | None, int]] = {}
        for n in notes:
            doc_id, count = merged.get((n.source, n.kind.value, n.detail), (None, 0))
            merged[(n.source, n.kind.value, n.detail)] = (n.doc_id or doc_id, count + 1)
        if not merged:
            return
        self._con.executemany(
            "INSERT INTO notes VALUES (?, ?, ?, ?, ?, ?, ?) "
            "ON CONFLICT (source, kind, detail) DO UPDATE SET "
            "count = notes.count + excluded.count, last_seen = excluded.last_seen, "
            "doc_id = COALESCE(excluded.doc_id, notes.doc_id)",
            [[*key, doc_id, stamp, stamp, count] for key, (doc_id, count) in merged.items()],
        )

    # ------------------------------------------------------------------ shards and merges

    def load_parts(self, paths: Iterable[Path]) -> PartLoad:
        """Load shard part files (``part-<shard>.parquet``, see :mod:`.parts`), one
        transaction each. Idempotent: documents already stored are left as they are."""
        docs = sentences = events = 0
        failures: list[Failure] = []
        for path in paths:
            loaded = self.load_part(path)
            docs, sentences = docs + loaded.documents, sentences + loaded.sentences
            events += loaded.events
            failures.extend(loaded.failures)
        return PartLoad(docs, sentences, events, failures)

    def load_part(self, path: Path) -> PartLoad:
        """Load one part file in one transaction (its failures are recorded too)."""
        return self._transaction(f"load {path} into", lambda: self._load(path))

    def _load(self, path: Path) -> PartLoad:
        from .parts import load_part_into

        loaded = load_part_into(self._con, path)
        self._upsert_failures(loaded.failures, now())
        self._crash.reached("load")
        return loaded

    def dedup_candidates(self, events_per_pass: int = EVENTS_PER_PASS) -> Iterator[DedupRow]:
        """Every stored event's de-duplication columns, streamed, grouped, read in one pass
        per ``events_per_pass`` stored events (see :func:`.merges.iter_candidates`)."""
        return iter_candidates(self._con, self._execute_within_cap, events_per_pass=events_per_pass)

    def _execute_within_cap(
        self, cursor: duckdb.DuckDBPyConnection, sql: str, params: Sequence[object] = ()
    ) -> None:
        """Run a query (its sort or window: where the memory goes) on ``cursor``; out of
        memory under a :meth:`memory_limit` cap, run it again with the cap doubled."""
        while True:
            try:
                cursor.execute(sql, list(params))
                return
            except duckdb.OutOfMemoryException:
                if not self._cap_mb:
                    raise
                self._raise_cap("query")

    def merge_state(self) -> tuple[set[str], set[tuple[str, str]]]:
        """(the events that absorbed others, the pairs kept apart by ``unmerge``)."""
        return canonical_ids(self._con), split_pairs(self._con)

    def absorbed(self, ids: Sequence[str]) -> dict[str, list[DedupRow]]:
        """Each of these canonical events -> the events it absorbed, as dedup rows."""
        return absorbed_rows(self._con, ids) if ids else {}

    def merge_events(
        self, groups: Sequence[tuple[str, Sequence[str]]], rule: str | Mapping[str, str]
    ) -> int:
        """Absorb each group's members into its canonical event, in one transaction;
        returns the events absorbed. ``rule`` says why (one for all, or per member id).
        Reversible with :meth:`unmerge`."""
        stamp = now()

        def run() -> int:
            merge_many(self._con, groups, rule, stamp)
            self._crash.reached("merge")
            return sum(len(members) for _, members in groups)

        return self._transaction("merge events in", run)

    def unmerge(self, event_id: str) -> list[str]:
        """Undo a merge (a canonical id) or take one event out of it; returns the ids
        restored. The pairs pulled apart are not merged again."""
        return self._transaction(
            f"unmerge {event_id} in", lambda: unmerge(self._con, event_id, now())
        )

    def merges(self, limit: int | None = None) -> list[MergeRow]:
        """Absorbed events and the canonical event each went into."""
        with self.reading() as cursor:
            return list_merges(cursor, limit)

    def _transaction(
        self, what: str, work: Callable[[], T], done: str = "nothing was changed"
    ) -> T:
        """Run ``work`` in one transaction; on any error roll it back whole and raise a
        :class:`StoreError` ("could not {what} {path}; {done} (...)"). Out of memory under a
        :meth:`memory_limit` cap, it is run again with the cap doubled."""
        if self.read_only:
            raise StoreError(f"the store {self.path} is open read-only; open it for writing")
        while True:  # ends: the cap doubles each time, and is lifted past _MAX_CAP_MB
            try:
                return self._attempt(what, work, done)
            except _CappedOutOfMemory:
                self._raise_cap(what.split()[0])

    def _raise_cap(self, verb: str) -> None:
        """Double the :meth:`memory_limit` cap (or lift it past :data:`_MAX_CAP_MB`)."""
        raised = self._cap_mb * 2
        log.warning(
            "DuckDB needs more memory to %s than store_memory_mb = %d for %s (its indexes of "
            "recent rows are held in memory); %s",
            verb,
            self._cap_mb,
            self.path,
            f"raising the cap to {raised} MB" if raised <= _MAX_CAP_MB else "lifting the cap",
        )
        if raised <= _MAX_CAP_MB:
            self._con.execute(f"SET memory_limit = '{raised}MB'")
            self._cap_mb = raised
        else:
            self._con.execute("RESET memory_limit")
            self._cap_mb = 0

    def _attempt(self, what: str, work: Callable[[], T], done: str) -> T:
        self._con.begin()
        try:
            result = work()
            self._con.commit()
            self._generation += 1
        except StoreError:
            self._con.rollback()
            raise
        except Exception as exc:
            self._con.rollback()
            why = str(exc)
            if isinstance(exc, duckdb.OutOfMemoryException):
                if self._cap_mb:
                    raise _CappedOutOfMemory from exc
                why = why.splitlines()[0]  # DuckDB's advice that follows is about its settings
            raise StoreError(
                f"could not {what} {self.path}; {done} ({type(exc).__name__}: {why})"
            ) from exc
        return result

    # ------------------------------------------------------------------ reading

    @property
    def generation(self) -> int:
        """How many write transactions have committed through this object: an answer read
        at one generation holds until the next."""
        return self._generation

    @contextmanager
    def reading(self) -> Iterator[duckdb.DuckDBPyConnection]:
        """A cursor that is the caller's alone while the block runs, for reads.

        Cursors come from a pool (one is made when none is free, and kept): each is a
        connection of its own to this store's database, so reads in several threads run in
        parallel (DuckDB works without holding the GIL), also while a write runs on the
        store's own connection; each query sees the writes committed before it began.

        At most ``max_readers`` threads read at once; others wait their turn. Each query
        already runs on every core, so on a busy server more at once would only share the
        cores more thinly: every answer would come late instead of most coming soon. A thread
        already reading is never made to wait (no deadlock on nested reads)."""
        depth = getattr(self._reading, "depth", 0)
        if not depth:
            self._readers.acquire()
        self._reading.depth = depth + 1
        try:
            cursor = self._take_cursor()
            try:
                yield cursor
            finally:
                with self._pool_lock:
                    if not self._closed:
                        self._idle.append(cursor)
        finally:
            self._reading.depth = depth
            if not depth:
                self._readers.release()

    def _take_cursor(self) -> duckdb.DuckDBPyConnection:
        with self._pool_lock:
            if self._closed:
                raise StoreError(f"the store {self.path} is closed; open it again to read it")
            if self._idle:
                return self._idle.pop()
            cursor = self._root.cursor()
            self._cursors.append(cursor)
            return cursor

    def _rows(self, sql: str, params: Sequence[Any] = ()) -> list[tuple[Any, ...]]:
        with self.reading() as cursor:
            return cursor.execute(sql, list(params)).fetchall()

    def known_document_ids(self, ids: Iterable[str]) -> set[str]:
        """The ids among ``ids`` already stored (for incremental runs)."""
        with self.reading() as cursor:
            return _known_ids(cursor, ids)

    def undated_documents(self, since: datetime | None = None) -> list[str]:
        """Names of the documents with no publication date (coded at or after ``since``):
        their relative dates ("on Monday") could not be resolved."""
        with self.reading() as cursor:
            rows = cursor.execute(
                "SELECT name FROM documents WHERE published IS NULL "
                "AND (CAST(? AS TIMESTAMP) IS NULL OR coded_at >= ?) ORDER BY name",
                [since, since],
            ).fetchall()
        return [row[0] for row in rows]

    def count_undated(self, query: EventQuery) -> int:
        """How many events ``query`` selects, its date range left aside, that have no date:
        none in their sentence and no publication date. Date filters and timelines leave
        them out; this says how many."""
        where, params = replace(query, since=None, until=None, limit=None).where()
        with self.reading() as cursor:
            row = cursor.execute(
                "SELECT count(*) FROM events e JOIN documents d ON d.id = e.doc_id "
                f"WHERE {where} AND COALESCE(e.date_start, d.published) IS NULL",
                params,
            ).fetchone()
        return int(row[0]) if row else 0

    def counts(self) -> dict[str, int]:
        """Rows per table: documents, sentences, events, current_events, failures."""
        rows = self._rows(
            "SELECT (SELECT count(*) FROM documents), (SELECT count(*) FROM sentences), "
            "(SELECT count(*) FROM events), "
            f"(SELECT count(*) FROM events e WHERE {CURRENT}), "
            "(SELECT count(*) FROM failures)"
        )
        keys = ("documents", "sentences", "events", "current_events", "failures")
        return dict(zip(keys, rows[0] if rows else (0, 0, 0, 0, 0), strict=True))

    def failures(self, stage: str | None = None, limit: int | None = None) -> list[FailureRow]:
        """Recorded failures, most recently seen first."""
        rows = self._rows(
            "SELECT source, stage, reason, doc_id, first_seen, last_seen, count FROM failures "
            "WHERE ? IS NULL OR stage = ? ORDER BY last_seen DESC, source, reason LIMIT ?",
            [stage, stage, limit],
        )
        return [FailureRow(*row) for row in rows]

    def notes(self, kind: str | None = None, limit: int | None = None) -> list[NoteRow]:
        """Recorded notes (what ingest dropped or normalised), most recently seen first."""
        rows = self._rows(
            "SELECT source, kind, detail, doc_id, first_seen, last_seen, count FROM notes "
            "WHERE ? IS NULL OR kind = ? ORDER BY last_seen DESC, source, kind, detail LIMIT ?",
            [kind, kind, limit],
        )
        return [NoteRow(*row) for row in rows]

    def note_counts(self) -> dict[str, int]:
        """Notes per kind (rows, not times seen), most frequent first."""
        rows = self._rows("SELECT kind, count(*) AS n FROM notes GROUP BY kind ORDER BY n DESC")
        return {str(kind): int(n) for kind, n in rows}

    def events(
        self,
        dyad: str | tuple[str, str] | None = None,
        *,
        directed: bool = False,
        event_type: str | None = None,
        since: date | None = None,
        until: date | None = None,
        include_noncurrent: bool = False,
        limit: int | None = None,
        with_text: bool = False,
    ) -> list[StoredEvent]:
        """Events in date order with their document's fields (see :class:`EventQuery`); of
        every dyad unless ``dyad`` names one."""
        query = EventQuery(dyad, directed, event_type, since, until, include_noncurrent, limit)
        return list(self.iter_events(query, with_text=with_text))

    def iter_events(
        self, query: EventQuery | None = None, *, batch_size: int = 1000, with_text: bool = False
    ) -> Iterator[StoredEvent]:
        """Stream events matching ``query`` (all events when None) in date order."""
        query = query or EventQuery(include_noncurrent=True)
        where, params = query.where()
        text = "d.text AS doc_text" if with_text else "'' AS doc_text"
        sql = (
            f"SELECT e.*, {', '.join('d.' + c + ' AS doc_' + c for c in DOC_COLUMNS)}, {text} "
            f"FROM events e JOIN documents d ON d.id = e.doc_id WHERE {where} "
            "ORDER BY COALESCE(e.date_start, d.published) NULLS LAST, e.doc_id, "
            "e.sentence_index, e.trigger_start, e.id LIMIT ?"
        )
        with self.reading() as cursor:
            cursor.execute(sql, [*params, query.limit])
            yield from stream(cursor, batch_size)

    def iter_records(
        self, batch_size: int = 1000, query: EventQuery | None = None
    ) -> Iterator[dict[str, Any]]:
        """The public event records (``Event.to_record(document)``), streamed."""
        for stored in self.iter_events(query, batch_size=batch_size):
            yield stored.record

    def document(self, doc_id: str) -> Document | None:
        """One stored document with its text."""
        with self.reading() as cursor:
            cursor.execute(
                f"SELECT id, text, {', '.join(DOC_COLUMNS)} FROM documents WHERE id = ?", [doc_id]
            )
            row = cursor.fetchone()
            names = column_names(cursor)
        if row is None:
            return None
        return document_from_row(dict(zip(names, row, strict=True)), prefix="")

    def counts_by_type(
        self, *, dyad: str | tuple[str, str] | None = None, include_noncurrent: bool = False
    ) -> dict[str, int]:
        """Events per PLOVER type, most frequent first."""
        where, params = EventQuery(dyad=dyad, include_noncurrent=include_noncurrent).where()
        rows = self._rows(
            "SELECT e.event_type, count(*) AS n FROM events e "
            f"JOIN documents d ON d.id = e.doc_id WHERE {where} "
            "GROUP BY e.event_type ORDER BY n DESC, e.event_type",
            params,
        )
        return {str(t): int(n) for t, n in rows}

    def top_dyads(self, n: int = 10, *, include_noncurrent: bool = False) -> list[DyadCount]:
        """The ``n`` directed country dyads (first actor → first recipient) with most events."""
        current = "TRUE" if include_noncurrent else CURRENT
        rows = self._rows(
            "SELECT e.actor_country, e.recipient_country, count(*) AS n FROM events e "
            f"WHERE e.actor_country IS NOT NULL AND e.recipient_country IS NOT NULL AND {current} "
            "GROUP BY 1, 2 ORDER BY n DESC, 1, 2 LIMIT ?",
            [n],
        )
        return [DyadCount(a, r, int(c)) for a, r, c in rows]


def _first_of_each(rows: list[dict[str, Any]], key: str) -> list[dict[str, Any]]:
    """``rows`` with one row per ``key``, the first (two events of one document with the same
    content id are one event)."""
    first: dict[Any, dict[str, Any]] = {}
    for row in rows:
        first.setdefault(row[key], row)
    return list(first.values())


def _known_ids(cursor: duckdb.DuckDBPyConnection, ids: Iterable[str]) -> set[str]:
    wanted = list(dict.fromkeys(ids))
    found: set[str] = set()
    for start in range(0, len(wanted), 50_000):
        rows = cursor.execute(
            "SELECT d.id FROM documents d "
            "JOIN (SELECT unnest(?::VARCHAR[]) AS id) q ON q.id = d.id",
            [wanted[start : start + 50_000]],
        ).fetchall()
        found.update(row[0] for row in rows)
    return found


#: A :meth:`Store.memory_limit` cap raised past this is lifted instead.
_MAX_CAP_MB = 16_384


class _CappedOutOfMemory(Exception):
    """A transaction ran out of the memory a :meth:`Store.memory_limit` cap allows."""


# --------------------------------------------------------------------------- opening


def _connect(path: str, read_only: bool) -> duckdb.DuckDBPyConnection:
    if path != MEMORY:
        _check_path(Path(path), read_only)
    try:
        return duckdb.connect(path, read_only=read_only)
    except duckdb.Error as exc:
        raise _open_error(path, exc) from exc


def _check_path(path: Path, read_only: bool) -> None:
    if path.is_dir():
        raise StoreError(f"the store {path} is a folder; pass a file name such as legation.duckdb")
    if read_only and not path.exists():
        raise StoreError(
            f"there is no store at {path}; code some documents first (legation run) "
            "or pass the right --db"
        )
    if _unfinished(path):
        _remove_unfinished(path, read_only)
    path.parent.mkdir(parents=True, exist_ok=True)


#: A new DuckDB file starts with three 4 KiB header blocks; the first holds the magic bytes.
_HEADER_BYTES = 3 * 4096
_MAGIC = b"DUCK"


def _unfinished(path: Path) -> bool:
    """A file DuckDB began to create but did not finish: a process killed between creating
    the file and writing its header blocks leaves it empty or short, holding no data, and
    DuckDB refuses to open it."""
    try:
        size = path.stat().st_size
        if size >= _HEADER_BYTES or Path(f"{path}.wal").exists():
            return False
        with path.open("rb") as handle:
            head = handle.read(12)
    except OSError:
        return False
    return size == 0 or head[8:12] == _MAGIC


def _remove_unfinished(path: Path, read_only: bool) -> None:
    if read_only:
        raise StoreError(
            f"the store {path} was never finished (the run creating it was killed); "
            f"run `legation code PATH --db {path}` again to create it"
        )
    try:
        import fcntl
    except ImportError:  # not POSIX: DuckDB's own error says to move the file away
        return
    with path.open("r+b") as handle:
        try:  # DuckDB's lock: a file another process is creating right now is left alone
            fcntl.lockf(handle, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except OSError as exc:
            raise _busy(str(path)) from exc
        path.unlink()
    log.warning("removed %s: an empty store left by a run killed while creating it", path)


def _open_error(path: str, exc: duckdb.Error) -> StoreError:
    message = str(exc)
    if "lock" in message.lower():
        return _busy(path)
    if "not a valid DuckDB database" in message:
        return StoreError(
            f"{path} is not a DuckDB database (a store is one .duckdb file); "
            "pass another --db or move the file away"
        )
    return StoreError(f"cannot open the store {path}: {message}")


def _busy(path: str) -> StoreBusyError:
    return StoreBusyError(
        f"the store {path} is busy: another legation process is writing to it; "
        "wait for it to finish or use another --db"
    )
