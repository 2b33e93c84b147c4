"""The network of who engaged whom in a period."""

from __future__ import annotations

from collections import Counter
from datetime import date
from typing import TYPE_CHECKING, Any

from ..store.filters import filter_sql
from ..store.reads import EVENTS_FROM, query_rows
from .types import EventFilters, Network, NetworkEdge, NetworkLevel, NetworkNode

if TYPE_CHECKING:
    from ..store import Store

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
    cooperation (quad 1–2) and conflict (quad 3–4) counts and the mean score per edge.

    Levels nest: a person or institution (``entity``) belongs to an actor code, a code to a
    country (``PAKGOV`` and ``PAKMIL`` to ``PAK``; an actor coded with its country alone is
    the node ``PAK`` of kind ``country``). Every node carries its ``country`` and ``parent``
    so that a view can keep a country's nodes together."""
    src, dst = (_NODE[level][0].format(r=r) for r in ("actor", "recipient"))
    where, params = filter_sql(EventFilters(since=since, until=until))
    rows = query_rows(
        store,
        f"SELECT {src} AS s, {dst} AS t, {_described(level, 'actor')}, "
        f"{_described(level, 'recipient')}, count(*) AS n, count(*) FILTER (e.quad_class <= 2), "
        f"count(*) FILTER (e.quad_class >= 3), avg(e.plover_score) {EVENTS_FROM} WHERE {where} "
        f"AND {src} IS NOT NULL AND {dst} IS NOT NULL AND {src} <> {dst} GROUP BY 1, 2 "
        "HAVING count(*) >= ? ORDER BY n DESC, 1, 2 LIMIT ?",
        [*params, min_events, limit],
    )
    edges = tuple(NetworkEdge(r[0], r[1], int(r[10]), int(r[11]), int(r[12]), r[13]) for r in rows)
    return Network(level, since, until, _nodes(rows), edges)


def _described(level: NetworkLevel, role: str) -> str:
    """Label, country, parent and kind of the node of ``role`` (four columns)."""
    _, label, parent, kind = (part.format(r=role) for part in _NODE[level])
    return (
        f"any_value({label}), any_value(e.{role}_country), any_value({parent}), any_value({kind})"
    )


def _nodes(rows: list[tuple[Any, ...]]) -> tuple[NetworkNode, ...]:
    totals: Counter[str] = Counter()
    info: dict[str, tuple[Any, ...]] = {}
    for row in rows:
        source, target, n = row[0], row[1], int(row[10])
        totals[source] += n
        totals[target] += n
        info.setdefault(source, (row[2] or source, *row[3:6]))
        info.setdefault(target, (row[6] or target, *row[7:10]))
    return tuple(_node(k, n, *info[k]) for k, n in totals.most_common())


def _node(key: str, events: int, label: str, country: Any, parent: Any, kind: Any) -> NetworkNode:
    return NetworkNode(key, label, country, events, parent, kind)
