"""Analysis over the store: dyad series, event pages, evidence, trips, profiles, networks.

These are the library functions the HTTP API and web app (and the CLI) call. Each takes a
:class:`~legation.store.Store` (and, for people and offices, the actor
:class:`~legation.actors.kb.KnowledgeBase`) and returns typed dataclasses; serialising to JSON
happens at the API edge.

Conventions shared by every function:

* **Current events only** unless asked otherwise: negated, hypothetical and historical events
  stay queryable (``include_noncurrent=True``) but never count in a series, trip or network.
* **An event's date** is its own start date (``2023-12`` → 1 December) or, when the sentence
  gives none, the publication date of its document.
* **Actor keys** name one side of a dyad or a participant: an ISO3 country (``PAK``), a
  CAMEO-style code (``PAKMIL``, ``IGOUNO``), or a knowledge-base entity id or canonical name
  (``asim_munir``, ``Syed Asim Munir``).
* **Score** is the PLOVER cooperation–conflict score (−10 … +10) carried on each event.

All SQL is fixed text with bound parameters; the store is only read.
"""

from __future__ import annotations

import logging
from collections import Counter, defaultdict
from collections.abc import Iterable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import date, timedelta
from typing import TYPE_CHECKING, Any, Literal

from .errors import AnalysisError
from .model import Actor, ActorKind, Amount, DatePrecision, PloverType
from .store.query import CURRENT, StoredEvent
from .store.rows import DOC_COLUMNS, stream

if TYPE_CHECKING:
    import duckdb

    from .actors.kb import KnowledgeBase, Office
    from .store import Store

log = logging.getLogger(__name__)

Freq = Literal["week", "month"]
SeriesBy = Literal["type", "quad"]
NetworkLevel = Literal["country", "code", "entity"]

Day = date  # a field named ``date`` shadows the type inside classes

QUAD_LABELS: dict[int, str] = {
    1: "verbal cooperation",
    2: "material cooperation",
    3: "verbal conflict",
    4: "material conflict",
}
#: Event types that count as an outcome ("agreed") of a trip, and as an ask.
AGREED_TYPES = frozenset({PloverType.AGREE, PloverType.SUPPORT, PloverType.COOPERATE})
ASK_TYPES = frozenset({PloverType.REQUEST})

_WHEN = "COALESCE(e.date_start, d.published)"
_SELECT = (
    f"SELECT e.*, {', '.join(f'd.{c} AS doc_{c}' for c in DOC_COLUMNS)}, '' AS doc_text "
    "FROM events e JOIN documents d ON d.id = e.doc_id"
)
_TRUNC = {"week": "date_trunc('week', {col})::DATE", "month": "date_trunc('month', {col})::DATE"}


# --------------------------------------------------------------------------- result types


@dataclass(frozen=True, slots=True)
class EventSummary:
    """One event as tables and trip pages show it."""

    id: str
    doc_id: str
    date: str | None
    date_precision: DatePrecision
    event_type: PloverType
    mode: str | None
    actors: tuple[Actor, ...]
    recipients: tuple[Actor, ...]
    sentence: str
    location: str | None
    amount: Amount | None
    title: str | None
    outlet: str | None
    published: Day | None

    @classmethod
    def of(cls, stored: StoredEvent) -> EventSummary:
        e, d = stored.event, stored.document
        return cls(
            e.id, e.doc_id, e.date or _iso(d.published), e.date_precision, e.event_type,
            e.mode, e.actors, e.recipients, e.sentence.text, e.location, e.amount,
            d.title, d.outlet, d.published,
        )  # fmt: skip


@dataclass(frozen=True, slots=True)
class SeriesBucket:
    """One period of a dyad series: events per category and the mean score."""

    start: date
    label: str
    counts: dict[str, int]
    total: int
    mean_score: float | None


@dataclass(frozen=True, slots=True)
class DyadSeries:
    a: str
    b: str | None
    directed: bool
    freq: Freq
    by: SeriesBy
    categories: tuple[str, ...]
    buckets: tuple[SeriesBucket, ...]

    @property
    def total(self) -> int:
        return sum(b.total for b in self.buckets)


@dataclass(frozen=True, slots=True)
class EventFilters:
    """Which events a table, export or page shows (see the module docstring for keys).

    ``a`` alone selects events ``a`` takes part in (as actor when ``directed``); ``a`` and
    ``b`` select the dyad. ``actor`` and ``text`` are case-insensitive substrings of any
    participant's text/name/code and of the sentence."""

    a: str | None = None
    b: str | None = None
    directed: bool = False
    event_types: tuple[PloverType, ...] = ()
    quad_class: int | None = None
    actor: str | None = None
    text: str | None = None
    since: date | None = None
    until: date | None = None
    include_noncurrent: bool = False


@dataclass(frozen=True, slots=True)
class EventPage:
    total: int
    offset: int
    limit: int
    events: tuple[StoredEvent, ...]


@dataclass(frozen=True, slots=True)
class Highlight:
    """A span of the sentence (offsets into the sentence text) to mark."""

    kind: Literal["actor", "trigger", "recipient"]
    start: int
    end: int
    text: str


@dataclass(frozen=True, slots=True)
class Evidence:
    """An event with its sentence marked up and the other reports of the same event."""

    event: StoredEvent
    highlights: tuple[Highlight, ...]
    other_reports: tuple[EventSummary, ...]


@dataclass(frozen=True, slots=True)
class Counterpart:
    """Someone a traveller met, with every report of their meetings."""

    actor: Actor
    first_date: str | None
    reports: int
    event_ids: tuple[str, ...]


@dataclass(frozen=True, slots=True)
class Trip:
    """A visit reconstructed from CONSULT/visit events of one traveller abroad."""

    id: str
    traveller: Actor
    start: date
    end: date
    countries: tuple[str, ...]
    places: tuple[str, ...]
    counterparts: tuple[Counterpart, ...]
    delegation: tuple[Actor, ...]
    asks: tuple[EventSummary, ...]
    agreed: tuple[EventSummary, ...]
    events: tuple[EventSummary, ...]
    documents: int


@dataclass(frozen=True, slots=True)
class TripComparison:
    first: Trip
    second: Trip
    shared_counterparts: tuple[str, ...]
    only_first: tuple[str, ...]
    only_second: tuple[str, ...]
    shared_places: tuple[str, ...]


@dataclass(frozen=True, slots=True)
class Role:
    """An office a person held, from ``start`` (inclusive) to ``end`` (exclusive, None = now)."""

    office_id: str
    role: str
    country: str
    start: date | None
    end: date | None


@dataclass(frozen=True, slots=True)
class PartyCount:
    key: str
    name: str
    country: str | None
    code: str | None
    events: int


@dataclass(frozen=True, slots=True)
class ActorProfile:
    key: str
    name: str
    country: str | None
    roles: tuple[Role, ...]
    as_actor: dict[str, int]
    as_recipient: dict[str, int]
    counterparts: tuple[PartyCount, ...]
    events: tuple[EventSummary, ...]


@dataclass(frozen=True, slots=True)
class OfficeHolder:
    person_id: str
    name: str
    start: date | None
    end: date | None


@dataclass(frozen=True, slots=True)
class OfficeHistory:
    id: str
    role: str
    country: str
    sector: str
    holders: tuple[OfficeHolder, ...]


@dataclass(frozen=True, slots=True)
class NetworkNode:
    id: str
    label: str
    country: str | None
    events: int


@dataclass(frozen=True, slots=True)
class NetworkEdge:
    source: str
    target: str
    events: int
    cooperation: int
    conflict: int
    mean_score: float | None


@dataclass(frozen=True, slots=True)
class Network:
    level: NetworkLevel
    since: date | None
    until: date | None
    nodes: tuple[NetworkNode, ...]
    edges: tuple[NetworkEdge, ...]


@dataclass(frozen=True, slots=True)
class StoreMeta:
    """What the pickers of the web app offer."""

    counts: dict[str, int]
    first_date: date | None
    last_date: date | None
    countries: tuple[PartyCount, ...]
    codes: tuple[PartyCount, ...]


# --------------------------------------------------------------------------- SQL helpers


@contextmanager
def _cursor(store: Store) -> Iterator[duckdb.DuckDBPyConnection]:
    """A cursor of its own (thread-safe) on the store's connection; closed after use."""
    cursor = store._con.cursor()  # the Store exposes no public connection yet
    try:
        yield cursor
    finally:
        cursor.close()


def _rows(store: Store, sql: str, params: Sequence[Any]) -> list[tuple[Any, ...]]:
    with _cursor(store) as cur:
        return cur.execute(sql, list(params)).fetchall()


def _events(store: Store, where: str, params: Sequence[Any], tail: str = "") -> list[StoredEvent]:
    with _cursor(store) as cur:
        cur.execute(f"{_SELECT} WHERE {where} {tail}", list(params))
        return list(stream(cur, 1000))


def _like(text: str) -> str:
    escaped = text.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")
    return f"%{escaped}%"


def _is_code(key: str) -> bool:
    return key.isascii() and key.isalnum() and key.isupper() and len(key) >= 2


def _side(role: Literal["actor", "recipient"], key: str) -> tuple[str, list[Any]]:
    """SQL for "``key`` is among the event's actors (or recipients)"."""
    if _is_code(key):
        return f"(list_contains(e.{role}_countries, ?) OR list_contains(e.{role}_codes, ?))", [
            key,
            key,
        ]
    ids = f"json_extract_string(e.{role}s, '$[*].entity_id')"
    names = f"json_extract_string(e.{role}s, '$[*].name')"
    return f"(list_has_any({ids}, ?::VARCHAR[]) OR list_contains({names}, ?))", [
        entity_forms(key),
        key,
    ]


def entity_forms(key: str) -> list[str]:
    """The entity ids a key may stand for: ``asim_munir`` is ``person:asim_munir`` in events."""
    return [key] if ":" in key else [key, f"person:{key}"]


def kb_id(entity: str) -> str:
    """The knowledge-base id of an event's entity id (``person:asim_munir`` → ``asim_munir``)."""
    return entity.split(":", 1)[1] if entity.startswith("person:") else entity


def _either(key: str) -> tuple[str, list[Any]]:
    a_sql, a_params = _side("actor", key)
    r_sql, r_params = _side("recipient", key)
    return f"({a_sql} OR {r_sql})", [*a_params, *r_params]


def _dyad(a: str, b: str | None, directed: bool) -> tuple[str, list[Any]]:
    if b is None:
        return _side("actor", a) if directed else _either(a)
    fa, pa_ = _side("actor", a)
    fb, pb = _side("recipient", b)
    if directed:
        return f"({fa} AND {fb})", [*pa_, *pb]
    ba, pba = _side("actor", b)
    bb, pbb = _side("recipient", a)
    return f"(({fa} AND {fb}) OR ({ba} AND {bb}))", [*pa_, *pb, *pba, *pbb]


_PARTY_TEXT = (
    "concat_ws(' ', json_extract_string(e.actors, '$[*].text')::VARCHAR, "
    "json_extract_string(e.actors, '$[*].name')::VARCHAR, array_to_string(e.actor_codes, ' '), "
    "json_extract_string(e.recipients, '$[*].text')::VARCHAR, "
    "json_extract_string(e.recipients, '$[*].name')::VARCHAR, "
    "array_to_string(e.recipient_codes, ' '))"
)


def filter_sql(filters: EventFilters) -> tuple[str, list[Any]]:
    """The SQL condition (fixed text) and bound parameters for ``filters``."""
    clauses: list[str] = ["TRUE"]
    params: list[Any] = []

    def add(sql: str, values: Iterable[Any]) -> None:
        clauses.append(sql)
        params.extend(values)

    if filters.a:
        add(*_dyad(filters.a, filters.b, filters.directed))
    elif filters.b:
        add(*_dyad(filters.b, None, False))
    if filters.event_types:
        add("list_contains(?, e.event_type)", [[t.value for t in filters.event_types]])
    if filters.quad_class is not None:
        add("e.quad_class = ?", [filters.quad_class])
    if filters.actor:
        add(f"{_PARTY_TEXT} ILIKE ? ESCAPE '\\'", [_like(filters.actor)])
    if filters.text:
        add("e.sentence_text ILIKE ? ESCAPE '\\'", [_like(filters.text)])
    if filters.since is not None:
        add(f"{_WHEN} >= ?", [filters.since])
    if filters.until is not None:
        add(f"{_WHEN} <= ?", [filters.until])
    if not filters.include_noncurrent:
        clauses.append(CURRENT)
    return " AND ".join(clauses), params


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


_FROM = "FROM events e JOIN documents d ON d.id = e.doc_id"


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
    filled in."""
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
    return DyadSeries(a, b, directed, freq, by, _categories(rows, by), buckets)


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
    candidates = _events(
        store,
        f"e.event_type = ? AND e.doc_id <> ? AND {_WHEN} BETWEEN ? AND ?",
        [e.event_type.value, e.doc_id, *window],
        f"ORDER BY {_WHEN}, e.doc_id, e.id LIMIT 200",
    )
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
    from .store.rows import date_start

    return date_start(value)


def party_key(actor: Actor) -> str:
    """What identifies a party: its entity id, else its code, else its text."""
    return actor.entity_id or actor.code or actor.text.casefold()


def _same_parties(first: Sequence[Actor], second: Sequence[Actor]) -> bool:
    if not first and not second:
        return True
    return bool({party_key(a) for a in first} & {party_key(a) for a in second})


# --------------------------------------------------------------------------- trips


def trips(
    store: Store,
    *,
    actor: str | None = None,
    since: date | None = None,
    until: date | None = None,
    gap_days: int = 10,
    limit: int = 200,
    kb: KnowledgeBase | None = None,
) -> list[Trip]:
    """Visits abroad, most recent first: current CONSULT/visit events by one traveller (same
    entity, or same country, sector and role) to a foreign recipient, split where the gap
    between two meetings exceeds ``gap_days``; each trip gathers the traveller's meetings,
    asks, agreements, delegation and places from the documents that report it. Travellers
    are people (or offices); with ``kb``, meetings in a city of the traveller's own country
    (a foreign embassy at home) are not visits."""
    groups = _trip_groups(store, _Visits(actor, since, until, gap_days, kb))
    return [_build_trip(store, group) for group in groups[:limit]]


def trip(
    store: Store, trip_id: str, *, gap_days: int = 10, kb: KnowledgeBase | None = None
) -> Trip | None:
    """One trip by its id (as :func:`trips` gives it)."""
    for group in _trip_groups(store, _Visits(None, None, None, gap_days, kb)):
        key = _traveller_key(group[0].event.actors[0]) or ""
        if _trip_id(key, _when(group[0]) or date.min) == trip_id:
            return _build_trip(store, group)
    return None


@dataclass(frozen=True, slots=True)
class _Visits:
    """Which visits make trips."""

    actor: str | None
    since: date | None
    until: date | None
    gap_days: int
    kb: KnowledgeBase | None


def _trip_groups(store: Store, which: _Visits) -> list[list[StoredEvent]]:
    """The visits of each trip, most recent trip first."""
    visits = _visits(store, which)
    groups = [
        g for events in _by_traveller(visits).values() for g in _split(events, which.gap_days)
    ]
    groups.sort(key=lambda g: (_when(g[-1]) or date.min, _when(g[0]) or date.min), reverse=True)
    return groups


def compare_trips(
    store: Store, first_id: str, second_id: str, *, kb: KnowledgeBase | None = None
) -> TripComparison | None:
    """Two trips side by side: counterparts and places they share and do not."""
    first, second = trip(store, first_id, kb=kb), trip(store, second_id, kb=kb)
    if first is None or second is None:
        return None
    names1 = [_label(c.actor) for c in first.counterparts]
    names2 = [_label(c.actor) for c in second.counterparts]
    return TripComparison(
        first,
        second,
        tuple(n for n in names1 if n in names2),
        tuple(n for n in names1 if n not in names2),
        tuple(n for n in names2 if n not in names1),
        tuple(p for p in first.places if p in second.places),
    )


def _visits(store: Store, which: _Visits) -> list[StoredEvent]:
    filters = EventFilters(a=which.actor, directed=True, event_types=(PloverType.CONSULT,),
                           since=which.since, until=which.until)  # fmt: skip
    where, params = filter_sql(filters)
    rows = _events(store, f"{where} AND e.mode = 'visit'", params, f"ORDER BY {_WHEN}, e.id")
    return [
        s
        for s in rows
        if _is_abroad(s) and _is_traveller(s.event.actors[0]) and not _at_home(s, which.kb)
    ]


def _is_traveller(actor: Actor) -> bool:
    """People and offices travel; countries and institutions do not."""
    if actor.kind in (ActorKind.PERSON, ActorKind.OFFICE):
        return _traveller_key(actor) is not None
    return actor.kind == ActorKind.UNKNOWN and actor.entity_id is None and bool(actor.role)


def _at_home(stored: StoredEvent, kb: KnowledgeBase | None) -> bool:
    """Whether the meeting's place is a city or seat of the traveller's own country."""
    home = stored.event.actors[0].country
    place = _place(stored.event.location or "").casefold()
    if kb is None or not place or home is None or home not in kb.countries:
        return False
    country = kb.countries[home]
    names = (country.name, country.capital or "", *country.seats, *country.cities)
    return place in {n.casefold() for n in names}


def _place(text: str) -> str:
    return " ".join(text.split())


def _is_abroad(stored: StoredEvent) -> bool:
    e = stored.event
    if not e.actors or not e.recipients or _when(stored) is None:
        return False
    home = e.actors[0].country
    return home is not None and any(r.country and r.country != home for r in e.recipients)


def _traveller_key(actor: Actor) -> str | None:
    if actor.entity_id:
        return actor.entity_id
    if actor.country and actor.role:
        return f"{actor.country}|{actor.sector or ''}|{actor.role}"
    return None


def _when(stored: StoredEvent) -> date | None:
    return _parse_date(stored.event.date) or stored.document.published


def _by_traveller(visits: list[StoredEvent]) -> dict[str, list[StoredEvent]]:
    grouped: dict[str, list[StoredEvent]] = defaultdict(list)
    for visit in visits:
        key = _traveller_key(visit.event.actors[0])
        if key is not None:
            grouped[key].append(visit)
    return grouped


def _split(visits: list[StoredEvent], gap_days: int) -> list[list[StoredEvent]]:
    ordered = sorted(visits, key=lambda s: (_when(s) or date.min, s.event.id))
    groups: list[list[StoredEvent]] = []
    for visit in ordered:
        if (
            groups
            and ((_when(visit) or date.min) - (_when(groups[-1][-1]) or date.min)).days <= gap_days
        ):
            groups[-1].append(visit)
        else:
            groups.append([visit])
    return groups


def _build_trip(store: Store, visits: list[StoredEvent]) -> Trip:
    traveller = _traveller(visits)
    key = _traveller_key(traveller) or traveller.text
    start, end = _when(visits[0]) or date.min, _when(visits[-1]) or date.min
    hosts = {r.country for v in visits for r in v.event.recipients if r.country}
    related = _trip_events(store, visits, key, start, end)
    sides = _TripSides(key, traveller.country, hosts)
    meetings = [
        s
        for s in related
        if s.event.event_type == PloverType.CONSULT and sides.involves_traveller(s)
    ]
    return Trip(
        id=_trip_id(key, start),
        traveller=traveller,
        start=start,
        end=end,
        countries=tuple(sorted(hosts)),
        places=_places(related),
        counterparts=_counterparts(meetings, key),
        delegation=_delegation(related, key, traveller.country),
        asks=tuple(EventSummary.of(s) for s in related if sides.is_ask(s)),
        agreed=tuple(EventSummary.of(s) for s in related if sides.is_outcome(s)),
        events=tuple(EventSummary.of(s) for s in related),
        documents=len({s.event.doc_id for s in related}),
    )


def _places(related: list[StoredEvent]) -> tuple[str, ...]:
    found: dict[str, str] = {}
    for stored in related:
        for line in (stored.event.location or "").splitlines():
            found.setdefault(_place(line).casefold(), _place(line))
    return tuple(v for v in found.values() if v)


def _traveller(visits: list[StoredEvent]) -> Actor:
    """The most completely named of the traveller's mentions."""
    actors = [v.event.actors[0] for v in visits]
    return max(actors, key=lambda a: (a.name is not None, a.role is not None, len(a.name or "")))


def _trip_id(key: str, start: date) -> str:
    from .model import sha256_id

    return sha256_id("trip", key, start.isoformat())[:16]


def _trip_events(
    store: Store, visits: list[StoredEvent], key: str, start: date, end: date
) -> list[StoredEvent]:
    """Current events of the documents reporting the trip, plus the traveller's own events
    dated within the trip (two days either side)."""
    docs = sorted({v.event.doc_id for v in visits})
    mine, mine_params = _either(key) if "|" not in key else ("FALSE", [])
    where = f"{CURRENT} AND (list_contains(?, e.doc_id) OR ({mine} AND {_WHEN} BETWEEN ? AND ?))"
    params = [docs, *mine_params, start - timedelta(days=2), end + timedelta(days=2)]
    return _events(store, where, params, f"ORDER BY {_WHEN}, e.doc_id, e.sentence_index, e.id")


@dataclass(frozen=True, slots=True)
class _TripSides:
    """Who is on the traveller's side and who is a host, for classifying a trip's events."""

    key: str
    home: str | None
    hosts: set[str] = field(default_factory=set)

    def is_traveller(self, actor: Actor) -> bool:
        return _traveller_key(actor) == self.key

    def involves_traveller(self, stored: StoredEvent) -> bool:
        e = stored.event
        return any(self.is_traveller(a) for a in (*e.actors, *e.recipients))

    def _home_to_host(self, stored: StoredEvent) -> bool:
        e = stored.event
        home = any(self.is_traveller(a) or a.country == self.home for a in e.actors)
        return home and any(r.country in self.hosts for r in e.recipients)

    def is_ask(self, stored: StoredEvent) -> bool:
        e = stored.event
        if e.event_type not in ASK_TYPES:
            return False
        return any(self.is_traveller(a) for a in e.actors) or self._home_to_host(stored)

    def is_outcome(self, stored: StoredEvent) -> bool:
        e = stored.event
        if e.event_type not in AGREED_TYPES:
            return False
        countries = {a.country for a in (*e.actors, *e.recipients)}
        return self.involves_traveller(stored) or (
            self.home in countries and bool(self.hosts & countries)
        )


def _counterparts(meetings: list[StoredEvent], key: str) -> tuple[Counterpart, ...]:
    found: dict[str, list[tuple[Actor, StoredEvent]]] = defaultdict(list)
    for stored in meetings:
        e = stored.event
        is_actor = any(_traveller_key(a) == key for a in e.actors)
        for other in e.recipients if is_actor else e.actors:
            found[party_key(other)].append((other, stored))
    return tuple(_counterpart(items) for items in found.values())


def _counterpart(items: list[tuple[Actor, StoredEvent]]) -> Counterpart:
    best = max((a for a, _ in items), key=lambda a: (a.name is not None, a.role is not None))
    dates = sorted(d.isoformat() for _, s in items if (d := _when(s)) is not None)
    ids = tuple(dict.fromkeys(s.event.id for _, s in items))
    return Counterpart(best, dates[0] if dates else None, len(ids), ids)


def _delegation(related: list[StoredEvent], key: str, home: str | None) -> tuple[Actor, ...]:
    """Named people of the traveller's country in the trip's events, other than him."""
    people: dict[str, Actor] = {}
    for stored in related:
        for actor in (*stored.event.actors, *stored.event.recipients):
            if (
                actor.kind == ActorKind.PERSON
                and actor.country == home
                and _traveller_key(actor) != key
            ):
                people.setdefault(party_key(actor), actor)
    return tuple(people.values())


def _label(actor: Actor) -> str:
    return actor.name or actor.text


# --------------------------------------------------------------------------- people, offices


def actor_profile(
    store: Store, key: str, kb: KnowledgeBase | None = None, *, limit: int = 100
) -> ActorProfile | None:
    """A person's or entity's roles over time (from the knowledge base), events as actor and
    recipient by type, counterparts and latest events; ``key`` is an entity id or a name."""
    entity, name, country = _resolve_key(store, key, kb)
    if entity is None:
        return None
    roles = _roles(kb, entity)
    as_actor = _type_counts(store, "actor", entity, name)
    as_recipient = _type_counts(store, "recipient", entity, name)
    if not roles and not as_actor and not as_recipient:
        return None
    where, params = _party_where(entity, name)
    tail = f"ORDER BY {_WHEN} DESC NULLS LAST, e.id LIMIT ?"
    latest = _events(store, where, [*params, limit], tail)
    return ActorProfile(
        entity, name, country, roles, as_actor, as_recipient,
        _profile_counterparts(store, entity, name),
        tuple(EventSummary.of(s) for s in latest),
    )  # fmt: skip


def _resolve_key(
    store: Store, key: str, kb: KnowledgeBase | None
) -> tuple[str | None, str, str | None]:
    if kb is not None:
        person = kb.people.get(kb_id(key)) or _person_by_name(kb, key)
        if person is not None:
            return f"person:{person.id}", person.name, person.country
    rows = _rows(store, _PARTY_LOOKUP, [entity_forms(key), key])
    if rows:
        entity, name, country = rows[0]
        return entity or name, name or key, country
    return None, key, None


_PARTY_SCHEMA = (
    '[{"entity_id": "VARCHAR", "name": "VARCHAR", "country": "VARCHAR", "code": "VARCHAR"}]'
)
#: Every actor and recipient of every current event, one row each (entity_id, name, country, code).
_PARTIES = (
    f"(SELECT unnest(from_json(e.actors, '{_PARTY_SCHEMA}') || "
    f"from_json(e.recipients, '{_PARTY_SCHEMA}'), recursive := true) FROM events e "
    f"WHERE {CURRENT})"
)
_PARTY_LOOKUP = (
    f"SELECT entity_id, name, country FROM {_PARTIES} WHERE list_contains(?::VARCHAR[], "
    "entity_id) OR lower(name) = lower(?) ORDER BY entity_id NULLS LAST LIMIT 1"
)


def _person_by_name(kb: KnowledgeBase, key: str) -> Any:
    wanted = key.casefold()
    for person in kb.people.values():
        if wanted == person.name.casefold() or wanted in (a.casefold() for a in person.aliases):
            return person
    return None


def _roles(kb: KnowledgeBase | None, entity: str) -> tuple[Role, ...]:
    if kb is None:
        return ()
    held = sorted(kb.holdings.get(kb_id(entity), ()), key=lambda h: h.holder.start or date.min)
    return tuple(
        Role(h.office.id, h.office.role, h.office.country, h.holder.start, h.holder.end)
        for h in held
    )


def _both(key: str) -> str:
    """The list of ``key`` over an event's actors and recipients (for membership tests)."""
    return (
        f"(json_extract_string(e.actors, '$[*].{key}') || "
        f"json_extract_string(e.recipients, '$[*].{key}'))"
    )


def _party_where(entity: str, name: str) -> tuple[str, list[Any]]:
    sql = f"(list_contains({_both('entity_id')}, ?) OR list_contains({_both('name')}, ?))"
    return f"{sql} AND {CURRENT}", [entity, name]


def _type_counts(
    store: Store, role: Literal["actor", "recipient"], entity: str, name: str
) -> dict[str, int]:
    sql = (
        f"SELECT e.event_type, count(*) AS n FROM events e WHERE "
        f"(list_contains(json_extract_string(e.{role}s, '$[*].entity_id'), ?) OR "
        f"list_contains(json_extract_string(e.{role}s, '$[*].name'), ?)) AND {CURRENT} "
        "GROUP BY 1 ORDER BY n DESC, 1"
    )
    return {str(t): int(n) for t, n in _rows(store, sql, [entity, name])}


def _profile_counterparts(store: Store, entity: str, name: str) -> tuple[PartyCount, ...]:
    where, params = _party_where(entity, name)
    stored = _events(store, where, params, "LIMIT 5000")
    counts: Counter[str] = Counter()
    seen: dict[str, Actor] = {}
    for s in stored:
        mine = {a.entity_id or a.name for a in s.event.actors} & {entity, name}
        for other in s.event.recipients if mine else s.event.actors:
            if party_key(other) not in (entity, name):
                counts[party_key(other)] += 1
                seen.setdefault(party_key(other), other)
    return tuple(
        PartyCount(k, _label(seen[k]), seen[k].country, seen[k].code, n)
        for k, n in counts.most_common(25)
    )


def find_actors(
    store: Store, query: str, kb: KnowledgeBase | None = None, *, limit: int = 25
) -> list[PartyCount]:
    """Named participants whose name or id contains ``query``, most active first (people of
    the knowledge base with no events follow)."""
    rows = _rows(store, _FIND_ACTORS, [_like(query), _like(query), limit])
    found = [PartyCount(k, n, c, code, int(count)) for k, n, c, code, count in rows]
    known = {kb_id(p.key) for p in found}
    for person in kb.people.values() if kb else ():
        if len(found) >= limit:
            break
        if person.id not in known and query.casefold() in person.name.casefold():
            found.append(PartyCount(f"person:{person.id}", person.name, person.country, None, 0))
    return found


_FIND_ACTORS = (
    "SELECT COALESCE(entity_id, name) AS k, any_value(name), any_value(country), "
    f"any_value(code), count(*) AS n FROM {_PARTIES} WHERE name IS NOT NULL AND "
    "(name ILIKE ? ESCAPE '\\' OR entity_id ILIKE ? ESCAPE '\\') GROUP BY 1 "
    "ORDER BY n DESC, 1 LIMIT ?"
)


def office_holders(kb: KnowledgeBase, office: str, country: str | None = None) -> OfficeHistory:
    """An office's holders over time; ``office`` is an office id (``PAK.coas``) or a role
    or title ("Secretary of State"), narrowed by ``country`` when several match."""
    found = _find_office(kb, office, country)
    holders = tuple(
        OfficeHolder(h.person, kb.people[h.person].name if h.person in kb.people else h.person,
                     h.start, h.end)
        for h in sorted(found.holders, key=lambda h: h.start or date.min)
    )  # fmt: skip
    return OfficeHistory(found.id, found.role, found.country, found.sector.value, holders)


def list_offices(kb: KnowledgeBase, country: str | None = None) -> list[OfficeHistory]:
    """Every office (of ``country`` when given), by owner then role."""
    chosen = [o for o in kb.offices.values() if country is None or o.country == country]
    chosen.sort(key=lambda o: (o.country, o.role))
    return [office_holders(kb, o.id) for o in chosen]


def _find_office(kb: KnowledgeBase, office: str, country: str | None) -> Office:
    if office in kb.offices:
        return kb.offices[office]
    wanted = office.casefold()
    matches = [
        o for o in kb.offices.values()
        if (country is None or o.country == country)
        and (o.role.casefold() == wanted or wanted in (t.casefold() for t in o.titles))
    ]  # fmt: skip
    if len(matches) == 1:
        return matches[0]
    if not matches:
        raise AnalysisError(
            f"no office {office!r}{' of ' + country if country else ''} in the knowledge base; "
            "give an office id such as PAK.coas or USA.secstate (see /api/offices)"
        )
    options = ", ".join(sorted(o.id for o in matches))
    raise AnalysisError(f"the office {office!r} is ambiguous; choose one of: {options}")


# --------------------------------------------------------------------------- network

_NODE = {
    "country": ("e.{r}_country", "e.{r}_country"),
    "code": ("e.{r}_code", "e.{r}_code"),
    "entity": (
        "COALESCE(json_extract_string(e.{r}s, '$[0].entity_id'), e.{r}_name, e.{r}_code)",
        "COALESCE(e.{r}_name, e.{r}_text)",
    ),
}


def network(
    store: Store,
    since: date | None = None,
    until: date | None = None,
    *,
    level: NetworkLevel = "code",
    min_events: int = 1,
    limit: int = 300,
) -> Network:
    """Who engaged whom (first actor → first recipient) in a period, weighted by events, with
    cooperation (quad 1–2) and conflict (quad 3–4) counts and the mean score per edge."""
    key_sql, label_sql = _NODE[level]
    src, dst = key_sql.format(r="actor"), key_sql.format(r="recipient")
    where, params = filter_sql(EventFilters(since=since, until=until))
    rows = _rows(
        store,
        f"SELECT {src} AS s, {dst} AS t, any_value({label_sql.format(r='actor')}), "
        f"any_value({label_sql.format(r='recipient')}), any_value(e.actor_country), "
        "any_value(e.recipient_country), count(*) AS n, count(*) FILTER (e.quad_class <= 2), "
        f"count(*) FILTER (e.quad_class >= 3), avg(e.plover_score) {_FROM} WHERE {where} "
        f"AND {src} IS NOT NULL AND {dst} IS NOT NULL AND {src} <> {dst} GROUP BY 1, 2 "
        "HAVING count(*) >= ? ORDER BY n DESC, 1, 2 LIMIT ?",
        [*params, min_events, limit],
    )
    edges = tuple(NetworkEdge(r[0], r[1], int(r[6]), int(r[7]), int(r[8]), r[9]) for r in rows)
    return Network(level, since, until, _nodes(rows), edges)


def _nodes(rows: list[tuple[Any, ...]]) -> tuple[NetworkNode, ...]:
    totals: Counter[str] = Counter()
    info: dict[str, tuple[str, str | None]] = {}
    for s, t, s_label, t_label, s_country, t_country, n, *_ in rows:
        totals[s] += n
        totals[t] += n
        info.setdefault(s, (s_label or s, s_country))
        info.setdefault(t, (t_label or t, t_country))
    return tuple(NetworkNode(k, info[k][0], info[k][1], n) for k, n in totals.most_common())


def _iso(value: date | None) -> str | None:
    return value.isoformat() if value else None
