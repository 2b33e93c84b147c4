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
  (``asim_munir``, ``Syed Asim Munir``), matched exactly. What a user types goes through
  :func:`resolve_side` first, which accepts any case and form and gives a :class:`Side`
  (usable wherever a key is).
* **Score** is the PLOVER cooperation–conflict score (−10 … +10) carried on each event.

The analysis functions hold no SQL: they ask the store's query API with typed values and
shape what it gives back. Events come from :mod:`legation.store.reads`, counts and grouped
rows from :mod:`legation.store.aggregates`, and both select events with the store's one
filter builder (:mod:`legation.store.filters`, where :class:`Side` and :class:`EventFilters`
live).

The package, by concern: :mod:`~legation.analysis.types` (the result dataclasses),
:mod:`~legation.analysis.sides` (naming a side: ``pak``, ``Pakistan``, ``PAKMIL``, ``Munir``,
``Secretary of State``),
:mod:`~legation.analysis.events` (store metadata, dyad series, the event table, evidence),
:mod:`~legation.analysis.overview` (what is in a store, how its totals add up),
:mod:`~legation.analysis.counterparts` (an actor's top counterparts over time),
:mod:`~legation.analysis.trips`, :mod:`~legation.analysis.people` (profiles, actor search,
offices) and :mod:`~legation.analysis.network`. Import from ``legation.analysis`` itself.
"""

from __future__ import annotations

from ..errors import AmbiguousSideError, AnalysisError, UnknownSideError
from ..store.filters import entity_forms, kb_id
from .counterparts import counterpart_panel
from .events import (
    date_window,
    default_dyad,
    dyad_series,
    event_page,
    evidence,
    expand_event_id,
    get_event,
    highlights,
    iter_filtered,
    other_reports,
    party_key,
    period_end,
    period_label,
    periods,
    store_meta,
)
from .network import network
from .overview import event_totals, outlets, overview, top_pairs
from .people import actor_profile, find_actors, list_offices, office_holders
from .sides import SideIndex, resolve_side
from .trips import AGREED_TYPES, ASK_TYPES, compare_trips, trip, trips
from .types import (
    QUAD_LABELS,
    ActorProfile,
    Counterpart,
    CounterpartLine,
    CounterpartPanel,
    Day,
    DyadSeries,
    EventFilters,
    EventPage,
    EventSummary,
    EventTotals,
    Evidence,
    Flag,
    Freq,
    Highlight,
    Network,
    NetworkEdge,
    NetworkLevel,
    NetworkNode,
    OfficeHistory,
    OfficeHolder,
    OutletCount,
    Overview,
    PairCount,
    PartyCount,
    Role,
    SeriesBucket,
    SeriesBy,
    Side,
    SideKind,
    StoreMeta,
    Trip,
    TripComparison,
)

__all__ = [
    "AGREED_TYPES",
    "ASK_TYPES",
    "QUAD_LABELS",
    "ActorProfile",
    "AmbiguousSideError",
    "AnalysisError",
    "Counterpart",
    "CounterpartLine",
    "CounterpartPanel",
    "Day",
    "DyadSeries",
    "EventFilters",
    "EventPage",
    "EventSummary",
    "EventTotals",
    "Evidence",
    "Flag",
    "Freq",
    "Highlight",
    "Network",
    "NetworkEdge",
    "NetworkLevel",
    "NetworkNode",
    "OfficeHistory",
    "OfficeHolder",
    "OutletCount",
    "Overview",
    "PairCount",
    "PartyCount",
    "Role",
    "SeriesBucket",
    "SeriesBy",
    "Side",
    "SideIndex",
    "SideKind",
    "StoreMeta",
    "Trip",
    "TripComparison",
    "UnknownSideError",
    "actor_profile",
    "compare_trips",
    "counterpart_panel",
    "date_window",
    "default_dyad",
    "dyad_series",
    "entity_forms",
    "event_page",
    "event_totals",
    "evidence",
    "expand_event_id",
    "find_actors",
    "get_event",
    "highlights",
    "iter_filtered",
    "kb_id",
    "list_offices",
    "network",
    "office_holders",
    "other_reports",
    "outlets",
    "overview",
    "party_key",
    "period_end",
    "period_label",
    "periods",
    "resolve_side",
    "store_meta",
    "top_pairs",
    "trip",
    "trips",
]
