"""Store-wide reports: pickers' metadata, dyad series, the event table and an event's evidence."""

from __future__ import annotations

import re
from collections import defaultdict
from collections.abc import Iterator, Sequence
from dataclasses import replace
from datetime import date, timedelta
from typing import TYPE_CHECKING, Any, Literal

from ..errors import AnalysisError
from ..model import Actor, DatePrecision, PloverType
from ..store import aggregates, reads
from ..store.query import StoredEvent
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
    Side,
    StoreMeta,
)

if TYPE_CHECKING:
    from ..store import Store

# --------------------------------------------------------------------------- meta


def store_meta(store: Store) -> StoreMeta:
    """Counts, the date range, the countries and codes present (for pickers) and the dyad
    to open on (:func:`default_dyad`)."""
    first, last = aggregates.current_date_range(store)
    return StoreMeta(
        store.counts(),
        first,
        last,
        _party_counts(store, "countries"),
        _party_counts(store, "codes"),
        default_dyad(store),
    )


def default_dyad(store: Store) -> tuple[str, str] | None:
    """The pair of countries with most current events between them (either direction,
    first actor and first recipient), alphabetical order within the pair; None if no event
    has two countries."""
    return aggregates.top_country_pair(store)


def _party_counts(store: Store, column: Literal["countries", "codes"]) -> tuple[PartyCount, ...]:
    rows = aggregates.party_counts(store, column, 500)
    return tuple(PartyCount(k, k, k if column == "countries" else None, k, n) for k, n in rows)


# --------------------------------------------------------------------------- dyad series


def dyad_series(
    store: Store,
    a: str | Side,
    b: str | Side | None = None,
    *,
    directed: bool = False,
    freq: Freq = "month",
    by: SeriesBy = "type",
    since: date | None = None,
    until: date | None = None,
) -> DyadSeries:
    """Current events between ``a`` and ``b`` (keys or resolved sides) per week, month,
    quarter or year, by PLOVER type or quad class, with the mean score per period; empty
    periods between the first and last are filled in (with no mean score). The events not
    charted are counted: undated ones and hypothetical, historical or negated ones."""
    filters = EventFilters(a=a, b=b, directed=directed, since=since, until=until)
    rows = aggregates.series_rows(store, filters, freq, by)
    undated, noncurrent = _left_out(store, filters)
    return DyadSeries(
        _key(a), _key(b) if b is not None else None, directed, freq, by,
        _categories(rows, by), _buckets(rows, freq), undated, noncurrent,
    )  # fmt: skip


def _key(side: str | Side) -> str:
    return side.key if isinstance(side, Side) else side


def _left_out(store: Store, filters: EventFilters) -> tuple[int, int]:
    """(current events without any date, hypothetical/historical/negated events) matching
    ``filters`` otherwise: what a timeline cannot show."""
    return aggregates.undated_and_noncurrent(store, replace(filters, include_noncurrent=True))


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
        _bucket(p, grouped.get(p, []), freq) for p in periods(min(grouped), max(grouped), freq)
    )


def _bucket(start: date, rows: list[tuple[Any, ...]], freq: Freq) -> SeriesBucket:
    counts = {str(r[1]): int(r[2]) for r in rows}
    scored = sum(int(r[4]) for r in rows)
    mean = sum(float(r[3] or 0) for r in rows) / scored if scored else None
    end = period_end(start, freq)
    return SeriesBucket(start, period_label(start, freq), counts, sum(counts.values()), mean, end)


def period_label(start: date, freq: Freq) -> str:
    """``2023-W50``, ``2023-12``, ``2023-Q4`` or ``2023``."""
    if freq == "week":
        return start.strftime("%G-W%V")
    if freq == "quarter":
        return f"{start.year}-Q{(start.month - 1) // 3 + 1}"
    return str(start.year) if freq == "year" else start.strftime("%Y-%m")


def periods(first: date, last: date, freq: Freq) -> Iterator[date]:
    """The starts of the periods from the one starting on ``first`` to ``last``."""
    current = first
    while current <= last:
        yield current
        current = _next_period(current, freq)


def _next_period(start: date, freq: Freq) -> date:
    if freq == "week":
        return start + timedelta(days=7)
    months = {"month": 1, "quarter": 3, "year": 12}[freq]
    index = start.year * 12 + start.month - 1 + months
    return date(index // 12, index % 12 + 1, 1)


def period_end(start: date, freq: Freq) -> date:
    """The last day of the period that starts on ``start``."""
    return _next_period(start, freq) - timedelta(days=1)


# --------------------------------------------------------------------------- event table


def event_page(
    store: Store,
    filters: EventFilters,
    offset: int = 0,
    limit: int = 50,
    *,
    newest_first: bool = True,
) -> EventPage:
    """One page of the events matching ``filters``, with the total count and the counts of
    events the filters leave out by default (non-current ones, those under the confidence
    threshold)."""
    total, noncurrent, low = _page_counts(store, filters)
    events = reads.event_page(store, filters, limit, offset, newest_first=newest_first)
    return EventPage(total, offset, limit, tuple(events), noncurrent, low)


def _page_counts(store: Store, filters: EventFilters) -> tuple[int, int, int]:
    """(matching, left out as non-current, left out as below ``min_confidence``)."""
    widened = replace(filters, include_noncurrent=True, min_confidence=None)
    return aggregates.kept_and_left_out(
        store,
        widened,
        current_only=not (filters.include_noncurrent or filters.flag),
        min_confidence=filters.min_confidence,
    )


def iter_filtered(store: Store, filters: EventFilters, limit: int) -> Iterator[dict[str, Any]]:
    """Event records (the public record) matching ``filters``, oldest first, at most ``limit``."""
    for stored in reads.iter_oldest_first(store, filters, limit):
        yield stored.record


def get_event(store: Store, event_id: str) -> StoredEvent | None:
    """One event by id, also when de-duplication absorbed it into another."""
    return reads.event_by_id(store, event_id)


def expand_event_id(store: Store, prefix: str) -> str:
    """The one event id (current, or merged into another) that starts with ``prefix`` (at
    least 8 hexadecimal characters, as tables show ids); an :class:`AnalysisError` if none
    or several do."""
    wanted = prefix.strip().lower()
    if not re.fullmatch(r"[0-9a-f]{8,64}", wanted):
        raise AnalysisError(
            f"{prefix!r} is not an event id: give its first 8 or more hexadecimal characters "
            "(as `legation events` shows them) or the whole id"
        )
    found = reads.event_ids_starting(store, wanted, 6)
    if len(found) == 1:
        return found[0]
    if not found:
        raise AnalysisError(f"no event id starts with {wanted}; see `legation events --all`")
    raise AnalysisError(
        f"{len(found)} event ids start with {wanted} ({', '.join(i[:16] for i in found)}…); "
        "give more characters"
    )


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
    found = {s.event.id: s for s in reads.merge_group(store, stored.event.id)}
    found.update({s.event.id: s for s in _similar(store, stored) if s.event.id not in found})
    found.pop(stored.event.id, None)
    return sorted(found.values(), key=lambda s: (_when(s) or date.min, s.event.id))


def _similar(store: Store, stored: StoredEvent) -> list[StoredEvent]:
    window = date_window(stored)
    if window is None:
        return []
    e = stored.event
    candidates = reads.reports_in_window(store, e.event_type.value, e.doc_id, window, 200)
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
    from ..record import date_start

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
