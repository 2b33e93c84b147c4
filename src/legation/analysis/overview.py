"""What is in a store, and how its totals add up: the web app's landing page and the figures
``legation status`` and ``legation demo`` print."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from ..store import aggregates
from .events import default_dyad
from .types import EventTotals, OutletCount, Overview, PairCount

if TYPE_CHECKING:
    from ..store import Store


def overview(store: Store, *, top: int = 10) -> Overview:
    """Documents, date ranges, outlets, current events by PLOVER type, the ``top`` directed
    country dyads, failures, and how the event totals add up (:class:`EventTotals`)."""
    counts = store.counts()
    first_pub, last_pub, first, last = aggregates.date_ranges(store)
    return Overview(
        counts["documents"], counts["sentences"], counts["failures"],
        first_pub, last_pub, first, last, event_totals(store), outlets(store),
        store.counts_by_type(), top_pairs(store, top), default_dyad(store),
    )  # fmt: skip


def event_totals(store: Store) -> EventTotals:
    """How the store's event totals add up (see :class:`EventTotals`)."""
    events, current, hypothetical, historical, negated, undated, uncertain = (
        aggregates.event_flag_counts(store)
    )
    merged = aggregates.merged_count(store)
    return EventTotals(
        events + merged, merged, events, current, events - current,
        hypothetical, historical, negated, undated, uncertain,
    )  # fmt: skip


def outlets(store: Store, limit: int = 50) -> tuple[OutletCount, ...]:
    """Outlets by documents (documents without an outlet as ``None``), with their current
    events."""
    rows = aggregates.outlet_counts(store, limit)
    return tuple(OutletCount(o, n, ev) for o, n, ev in rows)


def top_pairs(store: Store, n: int = 10) -> tuple[PairCount, ...]:
    """The ``n`` directed country dyads (first actor → first recipient) with most current
    events."""
    rows: list[Any] = store.top_dyads(n)
    return tuple(PairCount(a, r, int(c)) for a, r, c in rows)
