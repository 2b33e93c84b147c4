"""The store's read API for the analysis functions: events with their documents' fields (but
not their text), chosen by typed values — an :class:`~.filters.EventFilters`, an id, a
party, a date window — and, in :mod:`.aggregates`, the counts and rows of other read queries.

Every query is fixed text with bound parameters and runs on a cursor of its own from the
store's pool (:meth:`Store.reading`), so reads in several threads run in parallel. Events
de-duplication absorbed into another live in ``merged_events``; the functions that find an
event by id or its other reports look there too."""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from datetime import date
from typing import TYPE_CHECKING, Any, Literal

from .filters import CURRENT, EVENT_DATE, EventFilters, either_sql, filter_sql
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


# --------------------------------------------------------------------------- filtered events

#: The event table's order: by date (undated last), then document, sentence and id.
_TABLE_ORDER = "NULLS LAST, e.doc_id, e.sentence_index, e.id"


def event_page(
    store: Store, filters: EventFilters, limit: int, offset: int, *, newest_first: bool
) -> list[StoredEvent]:
    """The ``limit`` events matching ``filters`` from ``offset`` on, newest (or oldest)
    first."""
    where, params = filter_sql(filters)
    order = "DESC" if newest_first else "ASC"
    tail = f"ORDER BY {EVENT_DATE} {order} {_TABLE_ORDER} LIMIT ? OFFSET ?"
    return select_events(store, where, [*params, limit, offset], tail)


def iter_oldest_first(store: Store, filters: EventFilters, limit: int) -> Iterator[StoredEvent]:
    """At most ``limit`` events matching ``filters``, oldest first, streamed."""
    where, params = filter_sql(filters)
    tail = f"ORDER BY {EVENT_DATE} {_TABLE_ORDER} LIMIT ?"
    yield from iter_events(store, where, [*params, limit], tail)


def visit_events(store: Store, filters: EventFilters) -> list[StoredEvent]:
    """The events matching ``filters`` whose mode is a visit, oldest first."""
    where, params = filter_sql(filters)
    return select_events(
        store, f"{where} AND e.mode = 'visit'", params, f"ORDER BY {EVENT_DATE}, e.id"
    )


def documents_and_window_events(
    store: Store, doc_ids: list[str], key: str | None, since: date, until: date
) -> list[StoredEvent]:
    """Current events of the documents ``doc_ids``, and (when ``key`` is given) those of the
    party ``key`` dated from ``since`` to ``until``, oldest first."""
    mine, mine_params = either_sql(key) if key is not None else ("FALSE", [])
    where = (
        f"{CURRENT} AND (list_contains(?, e.doc_id) OR ({mine} AND {EVENT_DATE} BETWEEN ? AND ?))"
    )
    params = [doc_ids, *mine_params, since, until]
    return select_events(
        store, where, params, f"ORDER BY {EVENT_DATE}, e.doc_id, e.sentence_index, e.id"
    )


def _party_where(entity: str, name: str) -> tuple[str, list[Any]]:
    """Current events with the entity ``entity`` or a party named ``name`` on either side."""
    sql = f"(list_contains({_both('entity_id')}, ?) OR list_contains({_both('name')}, ?))"
    return f"{sql} AND {CURRENT}", [entity, name]


def _both(key: str) -> str:
    """The list of ``key`` over an event's actors and recipients (for membership tests)."""
    return (
        f"(json_extract_string(e.actors, '$[*].{key}') || "
        f"json_extract_string(e.recipients, '$[*].{key}'))"
    )


def latest_party_events(store: Store, entity: str, name: str, limit: int) -> list[StoredEvent]:
    """The ``limit`` latest current events of the entity ``entity`` or a party named
    ``name``."""
    where, params = _party_where(entity, name)
    tail = f"ORDER BY {EVENT_DATE} DESC NULLS LAST, e.id LIMIT ?"
    return select_events(store, where, [*params, limit], tail)


def party_events(store: Store, entity: str, name: str, limit: int = 5000) -> list[StoredEvent]:
    """At most ``limit`` current events of the entity ``entity`` or a party named ``name``,
    in no particular order."""
    where, params = _party_where(entity, name)
    return select_events(store, where, [*params, limit], "LIMIT ?")


# --------------------------------------------------------------------------- by id, merges


def has_merges(store: Store) -> bool:
    """Whether de-duplication has run on this store (its tables exist)."""
    sql = "SELECT count(*) FROM duckdb_tables() WHERE table_name IN ('merges', 'merged_events')"
    return bool(query_rows(store, sql, [])[0][0] == 2)


def _merged(store: Store, where: str, params: Sequence[Any]) -> list[StoredEvent]:
    """Events de-duplication moved to ``merged_events``."""
    tail = f"ORDER BY {EVENT_DATE}, e.id"
    return select_events(store, where, params, tail, table="merged_events")


def event_by_id(store: Store, event_id: str) -> StoredEvent | None:
    """One event by id, also when de-duplication absorbed it into another."""
    found = select_events(store, "e.id = ?", [event_id])
    if not found and has_merges(store):
        found = _merged(store, "e.id = ?", [event_id])
    return found[0] if found else None


def event_ids_starting(store: Store, prefix: str, limit: int = 6) -> list[str]:
    """Ids of events (current or merged into another) that start with ``prefix``, sorted;
    at most ``limit``."""
    tables = ["events", "merged_events"] if has_merges(store) else ["events"]
    union = " UNION ".join(f"SELECT id FROM {t} WHERE starts_with(id, ?)" for t in tables)
    rows = query_rows(store, f"{union} LIMIT ?", [*([prefix] * len(tables)), limit])
    return sorted({str(r[0]) for r in rows})


def merge_group(store: Store, event_id: str) -> list[StoredEvent]:
    """The canonical event of ``event_id``'s merge group and every event merged into it
    (none without de-duplication)."""
    if not has_merges(store):
        return []
    canon = "COALESCE((SELECT canonical_id FROM merges WHERE event_id = ?), ?)"
    members = f"SELECT event_id FROM merges WHERE canonical_id = {canon}"
    return [
        *select_events(store, f"e.id = {canon}", [event_id, event_id]),
        *_merged(store, f"e.id IN ({members})", [event_id, event_id]),
    ]


def reports_in_window(
    store: Store, event_type: str, doc_id: str, window: tuple[date, date], limit: int = 200
) -> list[StoredEvent]:
    """Events of ``event_type`` from documents other than ``doc_id`` dated within
    ``window``: up to ``limit`` current ones, then up to ``limit`` merged into another."""
    where = f"e.event_type = ? AND e.doc_id <> ? AND {EVENT_DATE} BETWEEN ? AND ?"
    params = [event_type, doc_id, *window]
    found = select_events(
        store, where, [*params, limit], f"ORDER BY {EVENT_DATE}, e.doc_id, e.id LIMIT ?"
    )
    if has_merges(store):  # reports merged into an event of this very document count too
        found += _merged(store, where, params)[:limit]
    return found
