"""The typed results of the analysis functions (serialised to JSON only at the API edge).

:class:`Side` and :class:`EventFilters` (what to select) live in :mod:`legation.store.filters`,
which turns them into SQL; they are imported from here too."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Literal

from ..model import Actor, Amount, DatePrecision, PloverType
from ..store.filters import EventFilters as EventFilters
from ..store.filters import Flag as Flag
from ..store.filters import Freq as Freq
from ..store.filters import NetworkLevel as NetworkLevel
from ..store.filters import SeriesBy as SeriesBy
from ..store.filters import Side as Side
from ..store.filters import SideKind as SideKind
from ..store.query import StoredEvent

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
    """One period of a dyad series (``start`` to ``end``, both inclusive): events per
    category and the mean score (None when no event of the period has a score)."""

    start: date
    label: str
    counts: dict[str, int]
    total: int
    mean_score: float | None
    end: date | None = None


@dataclass(frozen=True, slots=True)
class DyadSeries:
    """Current dated events between ``a`` and ``b`` per period. What is not charted is
    counted: ``undated`` current events have neither an event date nor a publication date,
    ``noncurrent`` events are hypothetical, historical or negated (never charted)."""

    a: str
    b: str | None
    directed: bool
    freq: Freq
    by: SeriesBy
    categories: tuple[str, ...]
    buckets: tuple[SeriesBucket, ...]
    undated: int = 0
    noncurrent: int = 0

    @property
    def total(self) -> int:
        return sum(b.total for b in self.buckets)


@dataclass(frozen=True, slots=True)
class EventPage:
    """``events`` are rows ``offset`` … of the ``total`` matching the filters. The events
    the filters' defaults leave out are counted: ``noncurrent`` (hypothetical, historical or
    negated, left out unless ``include_noncurrent``) and ``low_confidence`` (below
    ``min_confidence``)."""

    total: int
    offset: int
    limit: int
    events: tuple[StoredEvent, ...]
    noncurrent: int = 0
    low_confidence: int = 0


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
    """A node; ``country`` groups nodes of every level (a country, its actor codes and its
    people sit together), ``parent`` is the node one level up (``PAKMIL`` → ``PAK``,
    ``person:asim_munir`` → ``PAKMIL``) and ``kind`` says what the node is."""

    id: str
    label: str
    country: str | None
    events: int
    parent: str | None = None
    kind: str | None = None


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
    """What the pickers of the web app offer; ``default_dyad`` is the most active pair of
    countries (either direction), what the dyad view opens on."""

    counts: dict[str, int]
    first_date: date | None
    last_date: date | None
    countries: tuple[PartyCount, ...]
    codes: tuple[PartyCount, ...]
    default_dyad: tuple[str, str] | None = None


@dataclass(frozen=True, slots=True)
class PairCount:
    """Current events from ``actor`` to ``recipient`` (countries; directed)."""

    actor: str
    recipient: str
    events: int


@dataclass(frozen=True, slots=True)
class OutletCount:
    """Documents and events of one outlet (``outlet`` None: documents without one)."""

    outlet: str | None
    documents: int
    events: int


@dataclass(frozen=True, slots=True)
class EventTotals:
    """How the events of a store add up.

    ``reports`` events were coded and stored; ``merged`` of them were absorbed into an
    event of another document as extra reports (``sources``), leaving ``events`` rows in the
    event table; of these ``current`` are current and ``noncurrent`` hypothetical,
    historical, negated or uncertain (below the run's confidence threshold; ``hypothetical``
    … ``uncertain`` count each flag; an event may have several). ``undated`` current events
    have no date at all and are in no timeline."""

    reports: int
    merged: int
    events: int
    current: int
    noncurrent: int
    hypothetical: int
    historical: int
    negated: int
    undated: int
    uncertain: int = 0


@dataclass(frozen=True, slots=True)
class Overview:
    """What is in a store: the landing page of the web app and ``legation status``."""

    documents: int
    sentences: int
    failures: int
    first_published: date | None
    last_published: date | None
    first_date: date | None
    last_date: date | None
    totals: EventTotals
    outlets: tuple[OutletCount, ...]
    by_type: dict[str, int]
    top_dyads: tuple[PairCount, ...]
    default_dyad: tuple[str, str] | None


@dataclass(frozen=True, slots=True)
class CounterpartLine:
    """One counterpart's current events with the panel's actor per period."""

    key: str
    name: str
    total: int
    counts: tuple[int, ...]
    mean_scores: tuple[float | None, ...]


@dataclass(frozen=True, slots=True)
class CounterpartPanel:
    """Small multiples: ``a``'s top counterparts over the same periods (``starts``/``labels``),
    at the level of ``a`` (countries for a country, codes for a code, entities otherwise).
    ``others`` counts the events with counterparts beyond the top ones, ``undated`` those
    without any date."""

    a: str
    level: NetworkLevel
    freq: Freq
    starts: tuple[date, ...]
    labels: tuple[str, ...]
    lines: tuple[CounterpartLine, ...]
    others: int
    undated: int


def _iso(value: date | None) -> str | None:
    return value.isoformat() if value else None
