"""De-duplication: one real-world event, many reports.

Two passes, both conservative (a wrong merge hides an event; a missed one only counts it
twice):

* **Within one document** (:func:`collapse_repeats`, run on every coded document before it
  is stored): a repeated mention of the same event — same type, same actors and recipients
  (knowledge-base entity, else code, else the words), same date and precision, same
  factuality flags — is one event; the first mention is kept.
* **Across documents** (:func:`deduplicate`, run on the store after coding): events from
  different documents with the same type and factuality flags, the same set of actors and
  the same set of recipients (each party by knowledge-base entity, else actor code; an event
  with a party that has neither is never merged), and dates compatible within their
  precision (the windows of :func:`date_window` overlap) become one event. The canonical
  event is the one with the most precise date (then the earliest publication, then the
  smallest id); an event already canonical stays so, and a later report joins it only if
  it fits the window all its reports share, so running again changes nothing. Its
  ``sources`` counts the reports; the others move to ``merged_events`` and the merge is
  recorded in ``merges`` (:meth:`Store.unmerge <legation.store.Store.unmerge>` undoes it,
  and pairs pulled apart are never merged again).
"""

from __future__ import annotations

import itertools
import logging
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date, timedelta
from typing import TYPE_CHECKING

from .model import Actor, DatePrecision, Event

if TYPE_CHECKING:
    from .store import DedupRow, Member, Store

log = logging.getLogger(__name__)

RULE = "dedup.v1"
#: An event whose sentence gives no date carries its report's publication date as a stand-in
#: (precision ``unknown``); it may have happened up to this many days before.
UNKNOWN_WINDOW_DAYS = 3
_PRECISION_RANK = {p: i for i, p in enumerate(("day", "week", "month", "year", "unknown"))}

Window = tuple[date, date]


@dataclass(frozen=True, slots=True)
class DedupResult:
    """What one :func:`deduplicate` run did."""

    merges: int = 0  # canonical events that absorbed at least one new report
    absorbed: int = 0  # events that became extra sources of another


# --------------------------------------------------------------------------- within a document


def collapse_repeats(events: Sequence[Event]) -> tuple[list[Event], int]:
    """Keep the first mention of each event in one document; returns (events, dropped)."""
    kept: list[Event] = []
    seen: set[tuple[object, ...]] = set()
    for event in events:
        key = _mention_key(event)
        if key is not None and key in seen:
            continue
        if key is not None:
            seen.add(key)
        kept.append(event)
    return kept, len(events) - len(kept)


def _mention_key(event: Event) -> tuple[object, ...] | None:
    if not (event.actors or event.recipients):
        return None
    return (
        event.event_type,
        frozenset(_party(a) for a in event.actors),
        frozenset(_party(a) for a in event.recipients),
        event.date,
        event.date_precision,
        event.negated,
        event.hypothetical,
        event.historical,
    )


def _party(actor: Actor) -> str:
    return actor.entity_id or actor.code or " ".join(actor.text.lower().split())


# --------------------------------------------------------------------------- dates


def date_window(value: str | None, precision: str) -> Window | None:
    """The days an event dated ``value`` with ``precision`` may have happened on."""
    if not value:
        return None
    try:
        return _window(value, DatePrecision(precision))
    except ValueError:
        return None


def _window(value: str, precision: DatePrecision) -> Window | None:
    parts = [int(p) for p in value[:10].split("-")]
    if len(parts) == 1:
        return date(parts[0], 1, 1), date(parts[0], 12, 31)
    if len(parts) == 2:
        first = date(parts[0], parts[1], 1)
        return first, (first + timedelta(days=32)).replace(day=1) - timedelta(days=1)
    day = date(*parts)
    if precision is DatePrecision.WEEK:
        return day, day + timedelta(days=6)
    if precision is DatePrecision.UNKNOWN:
        return day - timedelta(days=UNKNOWN_WINDOW_DAYS), day
    return day, day


# --------------------------------------------------------------------------- across documents


@dataclass(frozen=True, slots=True)
class _Item:
    id: str
    doc_id: str
    window: Window
    rank: tuple[int, date, str]  # canonical preference: smallest first


@dataclass(slots=True)
class _Cluster:
    window: Window
    items: list[_Item] = field(default_factory=list)
    docs: set[str] = field(default_factory=set)
    ids: set[str] = field(default_factory=set)
    canonical: str | None = None  # an event that was already canonical before this run


@dataclass(frozen=True, slots=True)
class _State:
    absorbed_docs: dict[str, set[str]]  # existing canonical -> documents it absorbed
    common: dict[str, Window]  # existing canonical -> the window all its reports share
    apart: dict[str, set[str]]  # event -> the events a user split it from (both ways)

    @classmethod
    def of(cls, absorbed: Mapping[str, Sequence[Member]], splits: set[tuple[str, str]]) -> _State:
        apart: dict[str, set[str]] = {}
        for a, b in splits:
            apart.setdefault(a, set()).add(b)
            apart.setdefault(b, set()).add(a)
        docs = {canonical: {m.doc_id for m in members} for canonical, members in absorbed.items()}
        common: dict[str, Window] = {}
        for canonical, members in absorbed.items():
            windows = [w for m in members if (w := date_window(m.date, m.date_precision))]
            if windows:
                common[canonical] = (max(w[0] for w in windows), min(w[1] for w in windows))
        return cls(docs, common, apart)


def deduplicate(store: Store) -> DedupResult:
    """Merge the store's cross-document duplicates (see the module doc); reversible."""
    absorbed, splits = store.merge_state()
    groups = plan_merges(store.dedup_candidates(), absorbed, splits)
    absorbed_count = store.merge_events(groups, RULE) if groups else 0
    log.info("dedup: %d events absorbed into %d canonical events", absorbed_count, len(groups))
    return DedupResult(len(groups), absorbed_count)


def plan_merges(
    rows: Iterable[DedupRow],
    absorbed: Mapping[str, Sequence[Member]] | None = None,
    splits: set[tuple[str, str]] | None = None,
) -> list[tuple[str, list[str]]]:
    """(canonical id, ids to absorb) for every cluster with new members. ``absorbed`` gives
    the events each existing canonical event absorbed before: a new report joins it only
    where it fits all of them (the run that merged them had narrowed the cluster's window to
    what they share), so a second run over an unchanged store plans nothing.

    ``rows`` come grouped by :attr:`DedupRow.key` (as :meth:`Store.dedup_candidates` gives
    them): only one group is held in memory at a time."""
    state = _State.of(absorbed or {}, splits or set())
    plans: list[tuple[str, list[str]]] = []
    for _, group in itertools.groupby(rows, key=lambda r: r.key):
        items = [item for row in group if (item := _item(row, state)) is not None]
        if len(items) > 1:
            plans.extend(_plan(c, state) for c in _clusters(items, state))
    return [(canonical, members) for canonical, members in plans if members]


def _item(row: DedupRow, state: _State) -> _Item | None:
    if not row.actor_keys or "" in row.actor_keys + row.recipient_keys:
        return None  # a party known by neither entity nor code: never merged
    window = date_window(row.date, row.date_precision)
    if window is None:
        return None
    common = state.common.get(row.id)
    if common is not None and max(window[0], common[0]) <= min(window[1], common[1]):
        window = (max(window[0], common[0]), min(window[1], common[1]))
    rank = (_PRECISION_RANK.get(row.date_precision, 9), row.published or date.max, row.id)
    return _Item(row.id, row.doc_id, window, rank)


def _clusters(items: list[_Item], state: _State) -> list[_Cluster]:
    """Greedy sweep in date order: an event joins the first open cluster whose common
    window it overlaps, unless its document is already there or a user split forbids it."""
    done: list[_Cluster] = []
    open_: list[_Cluster] = []
    for item in sorted(items, key=lambda i: (i.window, i.rank)):
        done.extend(c for c in open_ if c.window[1] < item.window[0])
        open_ = [c for c in open_ if c.window[1] >= item.window[0]]
        target = next((c for c in open_ if _fits(c, item, state)), None)
        if target is None:
            target = _Cluster(item.window)
            open_.append(target)
        _add(target, item, state)
    return [c for c in done + open_ if len(c.items) > 1]


def _fits(cluster: _Cluster, item: _Item, state: _State) -> bool:
    docs = {item.doc_id} | state.absorbed_docs.get(item.id, set())
    if docs & cluster.docs:
        return False
    if cluster.canonical is not None and item.id in state.absorbed_docs:
        return False
    return not (state.apart.get(item.id, set()) & cluster.ids)


def _add(cluster: _Cluster, item: _Item, state: _State) -> None:
    if cluster.items:
        cluster.window = (
            max(cluster.window[0], item.window[0]),
            min(cluster.window[1], item.window[1]),
        )
    cluster.items.append(item)
    cluster.ids.add(item.id)
    cluster.docs |= {item.doc_id} | state.absorbed_docs.get(item.id, set())
    if item.id in state.absorbed_docs:
        cluster.canonical = item.id


def _plan(cluster: _Cluster, state: _State) -> tuple[str, list[str]]:
    canonical = cluster.canonical or min(cluster.items, key=lambda i: i.rank).id
    return canonical, sorted(i.id for i in cluster.items if i.id != canonical)
