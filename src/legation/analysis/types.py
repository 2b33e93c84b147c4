"""The typed results of the analysis functions (serialised to JSON only at the API edge)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Literal

from ..model import Actor, Amount, DatePrecision, PloverType
from ..store.query import StoredEvent

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
    undated: int = 0  # current events of the dyad with no date at all: not charted

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


def _iso(value: date | None) -> str | None:
    return value.isoformat() if value else None
