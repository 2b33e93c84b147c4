"""The store's aggregate queries: counts, date ranges, series, networks and the parties of
events, as rows for the analysis functions (:mod:`legation.analysis`) to shape.

Each function takes typed values (an :class:`~.filters.EventFilters`, a period, a level) and
returns plain rows or numbers; the SQL is fixed text with bound parameters, and events are
selected by the store's one filter builder (:mod:`.filters`). Events are "current" and dated
as :data:`~.filters.CURRENT` and :data:`~.filters.EVENT_DATE` say.
"""

from __future__ import annotations

from datetime import date
from typing import TYPE_CHECKING, Any, Literal

from .filters import (
    CURRENT,
    EVENT_DATE,
    EventFilters,
    Freq,
    NetworkLevel,
    SeriesBy,
    Side,
    filter_sql,
    like,
    side_sql,
)
from .reads import EVENTS_FROM, query_rows

if TYPE_CHECKING:
    from . import Store

Role = Literal["actor", "recipient"]

# --------------------------------------------------------------------------- store-wide


def current_date_range(store: Store) -> tuple[date | None, date | None]:
    """The first and last date of a current event."""
    first, last = query_rows(
        store, f"SELECT min({EVENT_DATE}), max({EVENT_DATE}) {EVENTS_FROM} WHERE {CURRENT}", []
    )[0]
    return first, last


def date_ranges(store: Store) -> tuple[Any, Any, Any, Any]:
    """(first and last publication date of a document, first and last date of a current
    event)."""
    first_pub, last_pub, first, last = query_rows(
        store,
        f"SELECT (SELECT min(published) FROM documents), (SELECT max(published) FROM documents), "
        f"min({EVENT_DATE}) FILTER ({CURRENT}), max({EVENT_DATE}) FILTER ({CURRENT}) {EVENTS_FROM}",
        [],
    )[0]
    return first_pub, last_pub, first, last


def top_country_pair(store: Store) -> tuple[str, str] | None:
    """The pair of countries with most current events between them (either direction, first
    actor and first recipient), alphabetical order within the pair; None if no event has two
    countries."""
    rows = query_rows(
        store,
        "SELECT least(e.actor_country, e.recipient_country) AS x, "
        "greatest(e.actor_country, e.recipient_country) AS y, count(*) AS n FROM events e "
        f"WHERE {CURRENT} AND e.actor_country IS NOT NULL AND e.recipient_country IS NOT NULL "
        "AND e.actor_country <> e.recipient_country GROUP BY 1, 2 ORDER BY n DESC, 1, 2 LIMIT 1",
        [],
    )
    return (str(rows[0][0]), str(rows[0][1])) if rows else None


def party_counts(
    store: Store, column: Literal["countries", "codes"], limit: int = 500
) -> list[tuple[str, int]]:
    """(country or code, current events it takes part in), most first."""
    rows = query_rows(
        store,
        f"SELECT k, count(*) AS n FROM (SELECT unnest(list_distinct(e.actor_{column} || "
        f"e.recipient_{column})) AS k FROM events e WHERE {CURRENT}) GROUP BY k "
        "ORDER BY n DESC, k LIMIT ?",
        [limit],
    )
    return [(str(k), int(n)) for k, n in rows]


def event_flag_counts(store: Store) -> tuple[int, int, int, int, int, int, int]:
    """Events: all, current, hypothetical, historical, negated, current without a date,
    uncertain."""
    row = query_rows(
        store,
        f"SELECT count(*), count(*) FILTER ({CURRENT}), count(*) FILTER (e.hypothetical), "
        "count(*) FILTER (e.historical), count(*) FILTER (e.negated), "
        f"count(*) FILTER ({CURRENT} AND {EVENT_DATE} IS NULL), count(*) FILTER (e.uncertain) "
        f"{EVENTS_FROM}",
        [],
    )[0]
    a, b, c, d, e, f, g = (int(v or 0) for v in row)
    return a, b, c, d, e, f, g


def merged_count(store: Store) -> int:
    """Events de-duplication absorbed into another (0 before any de-duplication)."""
    tables = query_rows(
        store, "SELECT count(*) FROM duckdb_tables() WHERE table_name = 'merged_events'", []
    )
    if not tables[0][0]:
        return 0
    return int(query_rows(store, "SELECT count(*) FROM merged_events", [])[0][0])


def outlet_counts(store: Store, limit: int = 50) -> list[tuple[str | None, int, int]]:
    """(outlet, documents, current events) by documents, most first."""
    rows = query_rows(
        store,
        "SELECT d.outlet, count(DISTINCT d.id) AS docs, count(e.id) FROM documents d "
        f"LEFT JOIN events e ON e.doc_id = d.id AND {CURRENT} GROUP BY 1 "
        "ORDER BY docs DESC, 1 NULLS LAST LIMIT ?",
        [limit],
    )
    return [(o, int(n), int(ev)) for o, n, ev in rows]


# --------------------------------------------------------------------------- filtered counts


def period_sql(freq: Freq) -> str:
    """SQL for the first day of the period of an event's date."""
    if freq not in ("week", "month", "quarter", "year"):
        raise ValueError(f"unknown period {freq!r}")
    return f"date_trunc('{freq}', {EVENT_DATE})::DATE"


def series_rows(
    store: Store, filters: EventFilters, freq: Freq, by: SeriesBy
) -> list[tuple[Any, ...]]:
    """Dated events matching ``filters`` as rows (period start, PLOVER type or quad class
    — ``?`` for none —, events, score sum, scored events), by period and category."""
    where, params = filter_sql(filters)
    category = "e.event_type" if by == "type" else "COALESCE(e.quad_class::VARCHAR, '?')"
    return query_rows(
        store,
        f"SELECT {period_sql(freq)} AS p, {category} AS c, count(*), sum(e.plover_score), "
        f"count(e.plover_score) {EVENTS_FROM} WHERE {where} AND {EVENT_DATE} IS NOT NULL "
        "GROUP BY 1, 2 ORDER BY 1, 2",
        params,
    )


def undated_and_noncurrent(store: Store, filters: EventFilters) -> tuple[int, int]:
    """Among the events matching ``filters``: (current ones without any date, those not
    current)."""
    where, params = filter_sql(filters)
    row = query_rows(
        store,
        f"SELECT count(*) FILTER ({CURRENT} AND {EVENT_DATE} IS NULL), "
        f"count(*) FILTER (NOT ({CURRENT})) {EVENTS_FROM} WHERE {where}",
        params,
    )[0]
    return int(row[0] or 0), int(row[1] or 0)


def kept_and_left_out(
    store: Store, filters: EventFilters, *, current_only: bool, min_confidence: float | None
) -> tuple[int, int, int]:
    """Among the events matching ``filters``: (those kept — current when ``current_only``,
    coded with at least ``min_confidence`` when given —, those left out as not current,
    those left out as below ``min_confidence``)."""
    where, params = filter_sql(filters)
    current = CURRENT if current_only else "TRUE"
    confident = "e.confidence >= ?" if min_confidence is not None else "TRUE"
    floor = [min_confidence] if min_confidence is not None else []
    row = query_rows(
        store,
        f"SELECT count(*) FILTER ({current} AND {confident}), count(*) FILTER (NOT ({current})),"
        f" count(*) FILTER ({current} AND NOT ({confident})) {EVENTS_FROM} WHERE {where}",
        [*floor, *floor, *params],
    )[0]
    return int(row[0] or 0), int(row[1] or 0), int(row[2] or 0)


# --------------------------------------------------------------------------- network

#: Per level: the node key, its label, its parent one level up and what kind of node it is.
_NODE = {
    "country": ("e.{r}_country", "e.{r}_country", "NULL", "'country'"),
    "code": (
        "e.{r}_code",
        "e.{r}_code",
        "CASE WHEN e.{r}_code <> e.{r}_country THEN e.{r}_country END",
        "CASE WHEN e.{r}_code = e.{r}_country THEN 'country' ELSE 'code' END",
    ),
    "entity": (
        "COALESCE(json_extract_string(e.{r}s, '$[0].entity_id'), e.{r}_name, e.{r}_code)",
        "COALESCE(e.{r}_name, CASE WHEN json_extract_string(e.{r}s, '$[0].entity_id') IS NULL "
        "THEN e.{r}_code END, e.{r}_text)",
        "e.{r}_code",
        "COALESCE(json_extract_string(e.{r}s, '$[0].kind'), 'unknown')",
    ),
}


def network_edges(
    store: Store,
    since: date | None,
    until: date | None,
    *,
    level: NetworkLevel,
    min_events: int,
    limit: int,
) -> list[tuple[Any, ...]]:
    """Current events from one node to another (first actor → first recipient) at ``level``,
    most first, as rows: source, target, the source's label, country, parent and kind, the
    target's, events, cooperation (quad 1–2) and conflict (quad 3–4) events, mean score."""
    src, dst = (_NODE[level][0].format(r=r) for r in ("actor", "recipient"))
    where, params = filter_sql(EventFilters(since=since, until=until))
    return query_rows(
        store,
        f"SELECT {src} AS s, {dst} AS t, {_described(level, 'actor')}, "
        f"{_described(level, 'recipient')}, count(*) AS n, count(*) FILTER (e.quad_class <= 2), "
        f"count(*) FILTER (e.quad_class >= 3), avg(e.plover_score) {EVENTS_FROM} WHERE {where} "
        f"AND {src} IS NOT NULL AND {dst} IS NOT NULL AND {src} <> {dst} GROUP BY 1, 2 "
        "HAVING count(*) >= ? ORDER BY n DESC, 1, 2 LIMIT ?",
        [*params, min_events, limit],
    )


def _described(level: NetworkLevel, role: str) -> str:
    """Label, country, parent and kind of the node of ``role`` (four columns)."""
    _, label, parent, kind = (part.format(r=role) for part in _NODE[level])
    return (
        f"any_value({label}), any_value(e.{role}_country), any_value({parent}), any_value({kind})"
    )


# --------------------------------------------------------------------------- counterparts

_OTHER = {
    "country": "e.{r}_countries",
    "code": "e.{r}_codes",
    "entity": "list_filter(json_extract_string(e.{r}s, '$[*].entity_id'), lambda x: x IS NOT NULL)",
}


def counterpart_rows(
    store: Store,
    a: str | Side,
    *,
    level: NetworkLevel,
    freq: Freq,
    since: date | None,
    until: date | None,
    exclude: list[str],
) -> list[tuple[Any, ...]]:
    """The parties on the other side of ``a``'s current events, at ``level``, other than
    those in ``exclude``, as rows (counterpart, period start or None, events, score sum,
    scored events)."""
    where, params = filter_sql(EventFilters(a=a, since=since, until=until))
    as_actor, actor_params = side_sql("actor", a)
    as_recipient, recipient_params = side_sql("recipient", a)
    other = (
        f"list_distinct(CASE WHEN {as_actor} THEN {_OTHER[level].format(r='recipient')} "
        f"ELSE [] END || CASE WHEN {as_recipient} THEN {_OTHER[level].format(r='actor')} "
        "ELSE [] END)"
    )
    sql = (
        f"SELECT k, p, count(*), sum(score), count(score) FROM ("
        f"SELECT unnest({other}) AS k, {period_sql(freq)} AS p, e.plover_score AS score "
        f"{EVENTS_FROM} WHERE {where}) WHERE k NOT IN ({', '.join('?' * len(exclude))}) "
        "GROUP BY 1, 2 ORDER BY 1, 2 NULLS LAST"
    )
    return query_rows(store, sql, [*actor_params, *recipient_params, *params, *exclude])


# --------------------------------------------------------------------------- parties

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
_FIND_PARTIES = (
    "SELECT COALESCE(entity_id, name) AS k, any_value(name), any_value(country), "
    f"any_value(code), count(*) AS n FROM {_PARTIES} WHERE name IS NOT NULL AND "
    "(name ILIKE ? ESCAPE '\\' OR entity_id ILIKE ? ESCAPE '\\') GROUP BY 1 "
    "ORDER BY n DESC, 1 LIMIT ?"
)


def party_lookup(store: Store, entity_ids: list[str], name: str) -> tuple[Any, Any, Any] | None:
    """(entity id, name, country) of a party of a current event with one of ``entity_ids``
    or named ``name`` (any case), those with an entity id first; None if there is none."""
    rows = query_rows(store, _PARTY_LOOKUP, [entity_ids, name])
    if not rows:
        return None
    entity, found, country = rows[0]
    return entity, found, country


def entity_names(store: Store, entity_ids: list[str]) -> dict[str, str]:
    """The name the current events give each of ``entity_ids`` (those they name)."""
    rows = query_rows(
        store,
        f"SELECT entity_id, any_value(name) FROM {_PARTIES} WHERE list_contains(?, entity_id) "
        "GROUP BY 1",
        [entity_ids],
    )
    return {str(k): str(n) for k, n in rows if n}


def find_parties(store: Store, query: str, limit: int) -> list[tuple[Any, ...]]:
    """Named parties of current events whose name or entity id contains ``query`` (any case),
    most active first, as rows (entity id or name, name, country, code, events)."""
    return query_rows(store, _FIND_PARTIES, [like(query), like(query), limit])


def type_counts(store: Store, role: Role, entity: str, name: str) -> dict[str, int]:
    """Current events by PLOVER type, most first, with the entity ``entity`` or a party
    named ``name`` among their ``role``s."""
    sql = (
        f"SELECT e.event_type, count(*) AS n FROM events e WHERE "
        f"(list_contains(json_extract_string(e.{role}s, '$[*].entity_id'), ?) OR "
        f"list_contains(json_extract_string(e.{role}s, '$[*].name'), ?)) AND {CURRENT} "
        "GROUP BY 1 ORDER BY n DESC, 1"
    )
    return {str(t): int(n) for t, n in query_rows(store, sql, [entity, name])}


def code_in_store(store: Store, code: str) -> bool:
    """Whether any event has ``code`` among its parties' codes or countries."""
    sql = (
        "SELECT count(*) FROM (SELECT 1 FROM events e WHERE list_contains(e.actor_codes, ?) "
        "OR list_contains(e.recipient_codes, ?) OR list_contains(e.actor_countries, ?) "
        "OR list_contains(e.recipient_countries, ?) LIMIT 1)"
    )
    return bool(query_rows(store, sql, [code] * 4)[0][0])


def unresolved_names(store: Store, text: str, *, contains: bool) -> list[str]:
    """Names of parties the knowledge base did not resolve, as the store holds them: those
    equal to ``text`` (any case) or, with ``contains``, containing it; at most 50."""
    if contains:
        condition, value = "p.name ILIKE ? ESCAPE '\\'", like(text)
    else:
        condition, value = "lower(p.name) = lower(?)", text
    sql = (
        "SELECT DISTINCT p.name FROM (SELECT unnest(from_json(e.actors, ?) || "
        "from_json(e.recipients, ?), recursive := true) FROM events e) p "
        f"WHERE p.entity_id IS NULL AND p.name IS NOT NULL AND {condition} "
        "ORDER BY 1 LIMIT 50"
    )
    schema = '[{"entity_id": "VARCHAR", "name": "VARCHAR"}]'
    return [row[0] for row in query_rows(store, sql, [schema, schema, value])]
