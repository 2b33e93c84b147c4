"""Trips: visits abroad reconstructed from a traveller's CONSULT/visit events."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date, timedelta
from typing import TYPE_CHECKING

from ..model import Actor, ActorKind, PloverType
from ..store import reads
from ..store.query import StoredEvent
from .events import _label, _when, party_key
from .types import Counterpart, EventFilters, EventSummary, Side, Trip, TripComparison

if TYPE_CHECKING:
    from ..actors.kb import KnowledgeBase
    from ..store import Store

#: Event types that count as an outcome ("agreed") of a trip, and as an ask.
AGREED_TYPES = frozenset({PloverType.AGREE, PloverType.SUPPORT, PloverType.COOPERATE})
ASK_TYPES = frozenset({PloverType.REQUEST})


# --------------------------------------------------------------------------- trips


def trips(
    store: Store,
    *,
    actor: str | Side | None = None,
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
    (a foreign embassy at home) are not visits. ``actor`` is a key or a resolved side (an
    office side follows whoever held it)."""
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

    actor: str | Side | None
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
    rows = reads.visit_events(store, filters)
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
    from ..model import sha256_id

    return sha256_id("trip", key, start.isoformat())[:16]


def _trip_events(
    store: Store, visits: list[StoredEvent], key: str, start: date, end: date
) -> list[StoredEvent]:
    """Current events of the documents reporting the trip, plus the traveller's own events
    dated within the trip (two days either side)."""
    docs = sorted({v.event.doc_id for v in visits})
    party = key if "|" not in key else None  # a traveller known by role alone is no party key
    since, until = start - timedelta(days=2), end + timedelta(days=2)
    return reads.documents_and_window_events(store, docs, party, since, until)


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
