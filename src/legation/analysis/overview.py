"""What is in a store, and how its totals add up: the web app's landing page and the figures
``legation status`` and ``legation demo`` print."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from ..store.filters import CURRENT, EVENT_DATE
from ..store.reads import EVENTS_FROM, query_rows
from .events import default_dyad
from .types import EventTotals, OutletCount, Overview, PairCount

if TYPE_CHECKING:
    from ..store import Store


def overview(store: Store, *, top: int = 10) -> Overview:
    """Documents, date ranges, outlets, current events by PLOVER type, the ``top`` directed
    country dyads, failures, and how the event totals add up (:class:`EventTotals`)."""
    counts = store.counts()
    first_pub, last_pub, first, last = query_rows(
        store,
        f"SELECT (SELECT min(published) FROM documents), (SELECT max(published) FROM documents), "
        f"min({EVENT_DATE}) FILTER ({CURRENT}), max({EVENT_DATE}) FILTER ({CURRENT}) {EVENTS_FROM}",
        [],
    )[0]
    return Overview(
        counts["documents"], counts["sentences"], counts["failures"],
        first_pub, last_pub, first, last, event_totals(store), outlets(store),
        store.counts_by_type(), top_pairs(store, top), default_dyad(store),
    )  # fmt: skip


def event_totals(store: Store) -> EventTotals:
    """How the store's event totals add up (see :class:`EventTotals`)."""
    row = query_rows(
        store,
        f"SELECT count(*), count(*) FILTER ({CURRENT}), count(*) FILTER (e.hypothetical), "
        "count(*) FILTER (e.historical), count(*) FILTER (e.negated), "
        f"count(*) FILTER ({CURRENT} AND {EVENT_DATE} IS NULL), count(*) FILTER (e.uncertain) "
        f"{EVENTS_FROM}",
        [],
    )[0]
    events, current, hypothetical, historical, negated, undated, uncertain = (
        int(v or 0) for v in row
    )
    merged = _merged_count(store)
    return EventTotals(
        events + merged, merged, events, current, events - current,
        hypothetical, historical, negated, undated, uncertain,
    )  # fmt: skip


def _merged_count(store: Store) -> int:
    tables = query_rows(
        store, "SELECT count(*) FROM duckdb_tables() WHERE table_name = 'merged_events'", []
    )
    if not tables[0][0]:
        return 0
    return int(query_rows(store, "SELECT count(*) FROM merged_events", [])[0][0])


def outlets(store: Store, limit: int = 50) -> tuple[OutletCount, ...]:
    """Outlets by documents (documents without an outlet as ``None``), with their current
    events."""
    rows = query_rows(
        store,
        "SELECT d.outlet, count(DISTINCT d.id) AS docs, count(e.id) FROM documents d "
        f"LEFT JOIN events e ON e.doc_id = d.id AND {CURRENT} GROUP BY 1 "
        "ORDER BY docs DESC, 1 NULLS LAST LIMIT ?",
        [limit],
    )
    return tuple(OutletCount(o, int(n), int(ev)) for o, n, ev in rows)


def top_pairs(store: Store, n: int = 10) -> tuple[PairCount, ...]:
    """The ``n`` directed country dyads (first actor → first recipient) with most current
    events."""
    rows: list[Any] = store.top_dyads(n)
    return tuple(PairCount(a, r, int(c)) for a, r, c in rows)
