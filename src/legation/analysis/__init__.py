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
  (``asim_munir``, ``Syed Asim Munir``).
* **Score** is the PLOVER cooperation–conflict score (−10 … +10) carried on each event.

All SQL is fixed text with bound parameters; the store is only read.

The package, by concern: :mod:`~legation.analysis.types` (the result dataclasses),
:mod:`~legation.analysis.sql` (cursors and filter conditions), :mod:`~legation.analysis.events`
(store metadata, dyad series, the event table, evidence), :mod:`~legation.analysis.trips`,
:mod:`~legation.analysis.people` (profiles, actor search, offices) and
:mod:`~legation.analysis.network`. Import from ``legation.analysis`` itself.
"""

from __future__ import annotations

from ..errors import AnalysisError
from .events import (
    date_window,
    dyad_series,
    event_page,
    evidence,
    get_event,
    highlights,
    iter_filtered,
    other_reports,
    party_key,
    period_end,
    store_meta,
)
from .network import network
from .people import actor_profile, find_actors, list_offices, office_holders
from .sql import entity_forms, filter_sql, kb_id
from .trips import AGREED_TYPES, ASK_TYPES, compare_trips, trip, trips
from .types import (
    QUAD_LABELS,
    ActorProfile,
    Counterpart,
    Day,
    DyadSeries,
    EventFilters,
    EventPage,
    EventSummary,
    Evidence,
    Freq,
    Highlight,
    Network,
    NetworkEdge,
    NetworkLevel,
    NetworkNode,
    OfficeHistory,
    OfficeHolder,
    PartyCount,
    Role,
    SeriesBucket,
    SeriesBy,
    StoreMeta,
    Trip,
    TripComparison,
)

__all__ = [
    "AGREED_TYPES",
    "ASK_TYPES",
    "QUAD_LABELS",
    "ActorProfile",
    "AnalysisError",
    "Counterpart",
    "Day",
    "DyadSeries",
    "EventFilters",
    "EventPage",
    "EventSummary",
    "Evidence",
    "Freq",
    "Highlight",
    "Network",
    "NetworkEdge",
    "NetworkLevel",
    "NetworkNode",
    "OfficeHistory",
    "OfficeHolder",
    "PartyCount",
    "Role",
    "SeriesBucket",
    "SeriesBy",
    "StoreMeta",
    "Trip",
    "TripComparison",
    "actor_profile",
    "compare_trips",
    "date_window",
    "dyad_series",
    "entity_forms",
    "event_page",
    "evidence",
    "filter_sql",
    "find_actors",
    "get_event",
    "highlights",
    "iter_filtered",
    "kb_id",
    "list_offices",
    "network",
    "office_holders",
    "other_reports",
    "party_key",
    "period_end",
    "store_meta",
    "trip",
    "trips",
]
