"""Store-wide reports: pickers' metadata, dyad series, the event table and an event's evidence."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterator, Sequence
from datetime import date, timedelta
from typing import TYPE_CHECKING, Any, Literal

from ..model import Actor, DatePrecision, PloverType
from ..store.query import CURRENT, StoredEvent
from ..store.rows import stream
from .sql import _FROM, _SELECT, _WHEN, _cursor, _events, _rows, filter_sql
from .types import (
    QUAD_LABELS,
    DyadSeries,
    EventFilters,
    EventPage,
    EventSummary,
    Evidence,
    Freq,
    Highlight,
    PartyCount,
    SeriesBucket,
    SeriesBy,
    StoreMeta,
)

if TYPE_CHECKING:
    from ..store import Store

# --------------------------------------------------------------------------- meta


def store_meta(store: Store) -> StoreMeta:
    """Counts, the date range and the countries and codes present (for pickers)."""
    first, last = _rows(store, f"SELECT min({_WHEN}), max({_WHEN}) {_FROM} WHERE {CURRENT}", [])[0]
    return StoreMeta(
        store.counts(),
        first,
        last,
        _party_counts(store, "countries"),
        _party_counts(store, "codes"),
    )


def _party_counts(store: Store, column: Literal["countries", "codes"]) -> tuple[PartyCount, ...]:
    rows = _rows(
        store,
        f"SELECT k, count(*) AS n FROM (SELECT unnest(list_distinct(e.actor_{column} || "
        f"e.recipient_{column})) AS k FROM events e WHERE {CURRENT}) GROUP BY k "
        "ORDER BY n DESC, k LIMIT 500",
        [],
    )
    return tuple(PartyCount(k, k, k if column == "countries" else None, k, n) for k, n in rows)


# --------------------------------------------------------------------------- dyad series

_TRUNC = {"week": "date_trunc('week', {col})::DATE", "month": "date_trunc('month', {col})::DATE"}


def dyad_series(
    store: Store,
    a: str,
    b: str | None = None,
    *,
    directed: bool = False,
    freq: Freq = "month",
    by: SeriesBy = "type",
    since: date | None = None,
    until: date | None = None,
) -> DyadSeries:
    """Current events between ``a`` and ``b`` per week or month, by PLOVER type or quad
    class, with the mean score per period; empty periods between the first and last are
    filled in. Events with no date at all are not charted: ``undated`` counts them."""
    where, params = filter_sql(EventFilters(a=a, b=b, directed=directed, since=since, until=until))
    period = _TRUNC[freq].format(col=_WHEN)
    category = "e.event_type" if by == "type" else "COALESCE(e.quad_class::VARCHAR, '?')"
    rows = _rows(
        store,
        f"SELECT {period} AS p, {category} AS c, count(*), sum(e.plover_score), "
        f"count(e.plover_score) {_FROM} WHERE {where} AND {_WHEN} IS NOT NULL "
        "GROUP BY 1, 2 ORDER BY 1, 2",
        params,
    )
    buckets = _buckets(rows, freq)
    undated = _undated(store, EventFilters(a=a, b=b, directed=directed))
    return DyadSeries(a, b, directed, freq, by, _categories(rows, by), buckets, undated)


def _undated(store: Store, filters: EventFilters) -> int:
    """Current events selected by ``filters`` with neither a date of their own nor a
    publication date: no period holds them, so a series says how many it leaves out."""
    where, params = filter_sql(filters)
    return int(
        _rows(store, f"SELECT count(*) {_FROM} WHERE {where} AND {_WHEN} IS NULL", params)[0][0]
    )


def _categories(rows: list[tuple[Any, ...]], by: SeriesBy) -> tuple[str, ...]:
    present = {str(r[1]) for r in rows}
    order = [t.value for t in PloverType] if by == "type" else [*map(str, QUAD_LABELS), "?"]
    return tuple(c for c in order if c in present)


def _buckets(rows: list[tuple[Any, ...]], freq: Freq) -> tuple[SeriesBucket, ...]:
    grouped: dict[date, list[tuple[Any, ...]]] = defaultdict(list)
    for row in rows:
        grouped[row[0]].append(row)
    if not grouped:
        return ()
    return tuple(
        _bucket(p, grouped.get(p, []), freq) for p in _periods(min(grouped), max(grouped), freq)
    )


def _bucket(start: date, rows: list[tuple[Any, ...]], freq: Freq) -> SeriesBucket:
    counts = {str(r[1]): int(r[2]) for r in rows}
    scored = sum(int(r[4]) for r in rows)
    mean = sum(float(r[3] or 0) for r in rows) / scored if scored else None
    label = start.strftime("%Y-%m") if freq == "month" else start.strftime("%G-W%V")
    return SeriesBucket(start, label, counts, sum(counts.values()), mean)


def _periods(first: date, last: date, freq: Freq) -> Iterator[date]:
    current = first
    while current <= last:
        yield current
        if freq == "week":
            current += timedelta(days=7)
        else:
            current = date(current.year + current.month // 12, current.month % 12 + 1, 1)


def period_end(start: date, freq: Freq) -> date:
    """The last day of the period that starts on ``start``."""
    nxt = next(p for p in _periods(start, start + timedelta(days=40), freq) if p > start)
    return nxt - timedelta(days=1)


# --------------------------------------------------------------------------- event table


def event_page(
    store: Store,
    filters: EventFilters,
    offset: int = 0,
    limit: int = 50,
    *,
    newest_first: bool = True,
) -> EventPage:
    """One page of the events matching ``filters``, with the total count."""
    where, params = filter_sql(filters)
    total = _rows(store, f"SELECT count(*) {_FROM} WHERE {where}", params)[0][0]
    order = "DESC" if newest_first else "ASC"
    tail = f"ORDER BY {_WHEN} {order} NULLS LAST, e.doc_id, e.sentence_index, e.id LIMIT ? OFFSET ?"
    events = _events(store, where, [*params, limit, offset], tail)
    return EventPage(int(total), offset, limit, tuple(events))


def iter_filtered(store: Store, filters: EventFilters, limit: int) -> Iterator[dict[str, Any]]:
    """Event records (the public record) matching ``filters``, oldest first, at most ``limit``."""
    where, params = filter_sql(filters)
    tail = f"ORDER BY {_WHEN} NULLS LAST, e.doc_id, e.sentence_index, e.id LIMIT ?"
    with _cursor(store) as cur:
        cur.execute(f"{_SELECT} WHERE {where} {tail}", [*params, limit])
        for stored in stream(cur, 1000):
            yield stored.record


def get_event(store: Store, event_id: str) -> StoredEvent | None:
    """One event by id, also when de-duplication absorbed it into another."""
    found = _events(store, "e.id = ?", [event_id])
    if not found and _has_merges(store):
        found = _merged(store, "e.id = ?", [event_id])
    return found[0] if found else None


def _has_merges(store: Store) -> bool:
    sql = "SELECT count(*) FROM duckdb_tables() WHERE table_name IN ('merges', 'merged_events')"
    return bool(_rows(store, sql, [])[0][0] == 2)


def _merged(store: Store, where: str, params: Sequence[Any]) -> list[StoredEvent]:
    """Events de-duplication moved to ``merged_events``."""
    sql = _SELECT.replace("FROM events e", "FROM merged_events e")
    with _cursor(store) as cur:
        cur.execute(f"{sql} WHERE {where} ORDER BY {_WHEN}, e.id", list(params))
        return list(stream(cur, 1000))


# --------------------------------------------------------------------------- evidence


def evidence(store: Store, event_id: str) -> Evidence | None:
    """The event, its sentence highlights and the other reports of the same event (same type
    and parties, date within the precision window, another document); None if unknown."""
    stored = get_event(store, event_id)
    if stored is None:
        return None
    others = tuple(EventSummary.of(o) for o in other_reports(store, stored))
    return Evidence(stored, highlights(stored), others)


def highlights(stored: StoredEvent) -> tuple[Highlight, ...]:
    """Actor, trigger and recipient spans as offsets into the sentence text."""
    e = stored.event
    marks: list[Highlight] = []
    for actor in e.actors:
        marks.extend(_mark("actor", e.sentence.text, e.sentence.start, actor.text, actor.start))
    for actor in e.recipients:
        marks.extend(_mark("recipient", e.sentence.text, e.sentence.start, actor.text, actor.start))
    marks.extend(
        _mark("trigger", e.sentence.text, e.sentence.start, e.trigger.text, e.trigger.start)
    )
    return tuple(sorted(_non_overlapping(marks), key=lambda h: h.start))


def _mark(
    kind: Literal["actor", "trigger", "recipient"],
    sentence: str,
    offset: int,
    text: str,
    start: int | None,
) -> list[Highlight]:
    rel = start - offset if start is not None else -1
    if not (rel >= 0 and sentence[rel : rel + len(text)] == text):
        rel = sentence.find(text) if text else -1
    return [Highlight(kind, rel, rel + len(text), text)] if rel >= 0 else []


def _non_overlapping(marks: list[Highlight]) -> list[Highlight]:
    kept: list[Highlight] = []
    for mark in sorted(marks, key=lambda h: (h.start, -h.end)):
        if all(mark.start >= k.end or mark.end <= k.start for k in kept):
            kept.append(mark)
    return kept


def other_reports(store: Store, stored: StoredEvent) -> list[StoredEvent]:
    """Other documents' reports of the same event: those de-duplication merged with it, then
    events of the same type and parties dated within the precision window."""
    found = {s.event.id: s for s in _merge_group(store, stored.event.id)}
    found.update({s.event.id: s for s in _similar(store, stored) if s.event.id not in found})
    found.pop(stored.event.id, None)
    return sorted(found.values(), key=lambda s: (_when(s) or date.min, s.event.id))


def _merge_group(store: Store, event_id: str) -> list[StoredEvent]:
    """The canonical event and every event merged into it (none without de-duplication)."""
    if not _has_merges(store):
        return []
    canon = "COALESCE((SELECT canonical_id FROM merges WHERE event_id = ?), ?)"
    members = f"SELECT event_id FROM merges WHERE canonical_id = {canon}"
    return [
        *_events(store, f"e.id = {canon}", [event_id, event_id]),
        *_merged(store, f"e.id IN ({members})", [event_id, event_id]),
    ]


def _similar(store: Store, stored: StoredEvent) -> list[StoredEvent]:
    window = date_window(stored)
    if window is None:
        return []
    e = stored.event
    where = f"e.event_type = ? AND e.doc_id <> ? AND {_WHEN} BETWEEN ? AND ?"
    params = [e.event_type.value, e.doc_id, *window]
    candidates = _events(store, where, params, f"ORDER BY {_WHEN}, e.doc_id, e.id LIMIT 200")
    if _has_merges(store):  # reports merged into an event of this very document count too
        candidates += _merged(store, where, params)[:200]
    return [
        c
        for c in candidates
        if _same_parties(e.actors, c.event.actors)
        and _same_parties(e.recipients, c.event.recipients)
    ]


def date_window(stored: StoredEvent) -> tuple[date, date] | None:
    """Dates a report of the same event may carry, from the event's date and precision."""
    e, published = stored.event, stored.document.published
    start = _parse_date(e.date)
    if start is None or e.date_precision == DatePrecision.UNKNOWN:
        return (published - timedelta(days=7), published + timedelta(days=1)) if published else None
    spans = {
        DatePrecision.DAY: (start - timedelta(days=2), start + timedelta(days=2)),
        DatePrecision.WEEK: (start - timedelta(days=3), start + timedelta(days=10)),
        DatePrecision.MONTH: (start, period_end(start, "month")),
        DatePrecision.YEAR: (start, date(start.year, 12, 31)),
    }
    return spans[e.date_precision]


def _parse_date(value: str | None) -> date | None:
    from ..store.rows import date_start

    return date_start(value)


def party_key(actor: Actor) -> str:
    """What identifies a party: its entity id, else its code, else its text."""
    return actor.entity_id or actor.code or actor.text.casefold()


def _same_parties(first: Sequence[Actor], second: Sequence[Actor]) -> bool:
    if not first and not second:
        return True
    return bool({party_key(a) for a in first} & {party_key(a) for a in second})


def _when(stored: StoredEvent) -> date | None:
    return _parse_date(stored.event.date) or stored.document.published


def _label(actor: Actor) -> str:
    return actor.name or actor.text
