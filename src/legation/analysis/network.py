"""The network of who engaged whom in a period."""

from __future__ import annotations

from collections import Counter
from datetime import date
from typing import TYPE_CHECKING, Any

from ..store import aggregates
from .types import Network, NetworkEdge, NetworkLevel, NetworkNode

if TYPE_CHECKING:
    from ..store import Store


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
    rows = aggregates.network_edges(
        store, since, until, level=level, min_events=min_events, limit=limit
    )
    edges = tuple(NetworkEdge(r[0], r[1], int(r[10]), int(r[11]), int(r[12]), r[13]) for r in rows)
    return Network(level, since, until, _nodes(rows), edges)


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
