"""The network of who engaged whom in a period."""

from __future__ import annotations

from collections import Counter
from datetime import date
from typing import TYPE_CHECKING, Any

from .sql import _FROM, _rows, filter_sql
from .types import EventFilters, Network, NetworkEdge, NetworkLevel, NetworkNode

if TYPE_CHECKING:
    from ..store import Store

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
