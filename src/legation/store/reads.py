"""The store's read API for the analysis functions: events with their documents' fields
selected by a condition of :mod:`.filters`, and rows of other read queries.

Every query is fixed text with bound parameters and runs on a cursor of its own from the
store's pool (:meth:`Store.reading`), so reads in several threads run in parallel."""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from typing import TYPE_CHECKING, Any, Literal

from .query import StoredEvent
from .rows import DOC_COLUMNS, stream

if TYPE_CHECKING:
    from . import Store

#: Events joined with their documents (``e`` and ``d``), what filter conditions range over.
EVENTS_FROM = "FROM events e JOIN documents d ON d.id = e.doc_id"


def _select(table: Literal["events", "merged_events"]) -> str:
    documents = ", ".join(f"d.{c} AS doc_{c}" for c in DOC_COLUMNS)
    return (
        f"SELECT e.*, {documents}, '' AS doc_text "
        f"FROM {table} e JOIN documents d ON d.id = e.doc_id"
    )


def query_rows(store: Store, sql: str, params: Sequence[Any] = ()) -> list[tuple[Any, ...]]:
    """Every row of a read query."""
    with store.reading() as cursor:
        return cursor.execute(sql, list(params)).fetchall()


def select_events(
    store: Store,
    where: str,
    params: Sequence[Any] = (),
    tail: str = "",
    *,
    table: Literal["events", "merged_events"] = "events",
) -> list[StoredEvent]:
    """The events (of ``table``) meeting ``where``, then ``tail`` (ORDER BY, LIMIT: its
    parameters follow those of ``where``), with their documents' fields but not their text."""
    return list(iter_events(store, where, params, tail, table=table))


def iter_events(
    store: Store,
    where: str,
    params: Sequence[Any] = (),
    tail: str = "",
    *,
    table: Literal["events", "merged_events"] = "events",
) -> Iterator[StoredEvent]:
    """:func:`select_events`, streamed."""
    with store.reading() as cursor:
        cursor.execute(f"{_select(table)} WHERE {where} {tail}", list(params))
        yield from stream(cursor, 1000)
