"""Small multiples: one actor's top counterparts over time, on one shared time axis."""

from __future__ import annotations

from collections import defaultdict
from typing import TYPE_CHECKING, Any, Literal

from ..store import aggregates
from .events import period_label, periods
from .types import CounterpartLine, CounterpartPanel, Freq, NetworkLevel, Side

if TYPE_CHECKING:
    from datetime import date

    from ..actors.kb import KnowledgeBase
    from ..store import Store

Role = Literal["actor", "recipient"]
#: The name of the country code every IGO carries.
IGO_NAME = "international organisations"


def counterpart_panel(
    store: Store,
    a: str | Side,
    *,
    freq: Freq = "year",
    top: int = 6,
    since: date | None = None,
    until: date | None = None,
    kb: KnowledgeBase | None = None,
) -> CounterpartPanel:
    """``a``'s ``top`` counterparts (those on the other side of its current events, at
    ``a``'s level: countries for a country, actor codes for a code, entities otherwise), each
    with its events per period on one shared axis, most active first. ``kb`` names the
    countries."""
    level = _level(a)
    rows = aggregates.counterpart_rows(
        store, a, level=level, freq=freq, since=since, until=until, exclude=_mine(a, level)
    )
    totals: dict[str, int] = defaultdict(int)
    for row in rows:
        totals[row[0]] += int(row[2])
    chosen = sorted(totals, key=lambda k: (-totals[k], k))[:top]
    dated = [r[1] for r in rows if r[1] is not None and r[0] in chosen]
    starts = tuple(periods(min(dated), max(dated), freq)) if dated else ()
    names = _names(store, chosen, level, kb)
    lines = tuple(_line(k, names, [r for r in rows if r[0] == k], starts) for k in chosen)
    others = sum(n for k, n in totals.items() if k not in chosen)
    undated = sum(int(r[2]) for r in rows if r[1] is None and r[0] in chosen)
    key = a.key if isinstance(a, Side) else a
    labels = tuple(period_label(s, freq) for s in starts)
    return CounterpartPanel(key, level, freq, starts, labels, lines, others, undated)


def _names(
    store: Store, keys: list[str], level: NetworkLevel, kb: KnowledgeBase | None
) -> dict[str, str]:
    if level == "country":
        names = {k: c.name for k, c in (kb.countries.items() if kb else ())}
        return {k: names.get(k, IGO_NAME if k == "IGO" else k) for k in keys}
    if level == "code" or not keys:
        return {}
    return aggregates.entity_names(store, keys)


def _level(a: str | Side) -> NetworkLevel:
    kind = a.kind if isinstance(a, Side) else None
    key = a.key if isinstance(a, Side) else a
    if kind == "country" or (kind is None and len(key) == 3 and key.isupper()):
        return "country"
    if kind in ("code", "igo") or (kind is None and key.isupper() and key.isalnum()):
        return "code"
    return "entity"


def _mine(a: str | Side, level: NetworkLevel) -> list[str]:
    """The keys that stand for ``a`` itself (never its own counterpart)."""
    key = a.key if isinstance(a, Side) else a
    if level != "entity":
        return [key]
    return [key, f"person:{key}"] if ":" not in key else [key]


def _line(
    key: str, names: dict[str, str], rows: list[tuple[Any, ...]], starts: tuple[date, ...]
) -> CounterpartLine:
    by_start = {r[1]: r for r in rows if r[1] is not None}
    counts = tuple(int(by_start[s][2]) if s in by_start else 0 for s in starts)
    means = tuple(_mean(by_start.get(s)) for s in starts)
    total = sum(int(r[2]) for r in rows)
    return CounterpartLine(key, names.get(key, key), total, counts, means)


def _mean(row: tuple[Any, ...] | None) -> float | None:
    if row is None or not row[4]:
        return None
    return float(row[3]) / int(row[4])
