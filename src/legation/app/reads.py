"""The read endpoints of the HTTP API: every ``GET /api/...``, one :data:`router` that
:func:`legation.app.http.create_app` includes. Each asks :mod:`legation.analysis` (or the
store's read API) and answers its typed result as JSON (:func:`~legation.app.base.plain`).

* ``/api/health``, ``/api/meta``, ``/api/overview``, ``/api/failures``, ``/api/sides`` — what
  the store holds and what a name stands for as a side;
* ``/api/dyad``, ``/api/counterparts``, ``/api/events``, ``/api/events/{id}``,
  ``/api/export``, ``/api/merges``, ``/api/network`` — events: timelines, tables, evidence,
  downloads, merges and who engaged whom;
* ``/api/trips``, ``/api/trips/compare``, ``/api/trips/{id}`` — visits;
* ``/api/actors``, ``/api/actors/{key}``, ``/api/offices``, ``/api/offices/{id}`` — people,
  institutions and offices.

Every parameter is typed and bounded (PLOVER types as an enum, ISO dates, ids by pattern,
``limit`` capped); sides (``a``, ``b``, ``actor``) can be named any way (:data:`SIDE_HELP`).
"""

from __future__ import annotations

import dataclasses
import io
import json
import tempfile
from collections.abc import Iterator
from pathlib import Path
from typing import Annotated, Any, Literal

from fastapi import APIRouter, Depends, Query, Response
from fastapi import Path as PathParam
from starlette.exceptions import HTTPException

from .. import analysis
from ..analysis import EventFilters, Side, SideIndex
from ..errors import UnknownSideError
from ..model import PloverType
from .base import EVENT_ID, AppState, IsoDate, StateDep, StoreDep, plain

MAX_PAGE = 500
MAX_EXPORT_ROWS = 100_000

#: A word character, spelled out: JSON Schema's ``\w`` is ASCII-only while Python's and
#: pydantic's is Unicode, so a schema-driven client and the server would disagree on "À".
WORD = r"0-9A-Za-z_\u00C0-\uFFFF"
#: An actor key: ISO3, a code, an entity id or a name (letters, digits, space, . : ' - _).
KEY = rf"^[{WORD}][{WORD} .:'\-]{{0,79}}$"
TRIP_ID = r"^[0-9a-f]{16}$"


SIDE_HELP = (
    "A side, named any way and in any case: an ISO3 code (`pak`), a country (`Pakistan`), an "
    "actor code (`PAKMIL`, `IGOUNO`), a person (`asim_munir`, `Asim Munir`, `Munir`), an "
    "office (`USA.secstate`, `Secretary of State`: whoever held it), an institution or an IGO "
    "(`State Department`, `UN`). The answer's `sides` says what it was taken to be; a name "
    "that matches nothing, or several things, is answered 400 with the close names or the "
    "`candidates` and their keys."
)
Key = Annotated[str | None, Query(pattern=KEY, max_length=80, description=SIDE_HELP)]
Since = Annotated[
    IsoDate | None,
    Query(description="Earliest date (YYYY-MM-DD): the event's date, else its publication date"),
]
Until = Annotated[
    IsoDate | None,
    Query(description="Latest date (YYYY-MM-DD): the event's date, else its publication date"),
]
Directed = Annotated[
    bool, Query(description="Only events from `a` (as actor) to `b` (as recipient)")
]
FREQ_HELP = "Period of the timeline: week (ISO weeks), month, quarter or year"


router = APIRouter()


# --------------------------------------------------------------------------- plumbing


def _side_index(state: AppState) -> SideIndex:
    """The names of the knowledge base, indexed once per app (and again after an edit)."""
    kb = state.knowledge_base()
    built = state.side_index
    if built is None or built[0] is not kb:
        built = state.side_index = (kb, SideIndex.build(kb))
    return built[1]


def _resolve(state: AppState, key: str | Side | None) -> Side | None:
    if key is None or isinstance(key, Side):
        return key
    return analysis.resolve_side(state.store, key, _side_index(state))


def _resolved(state: AppState, filters: EventFilters) -> EventFilters:
    """``filters`` with ``a`` and ``b`` resolved (any way of naming a side, see SIDE_HELP)."""
    a, b = _resolve(state, filters.a), _resolve(state, filters.b)
    return dataclasses.replace(filters, a=a, b=b)


def _sides(filters: EventFilters) -> dict[str, Any]:
    """What ``a`` and ``b`` were taken to be, for the answer."""
    return {k: plain(v) for k, v in (("a", filters.a), ("b", filters.b)) if isinstance(v, Side)}


def _found(value: Any, what: str) -> Any:
    if value is None:
        raise HTTPException(404, f"no such {what}")
    return plain(value)


# --------------------------------------------------------------------------- filters


def event_filters(
    a: Key = None,
    b: Key = None,
    directed: Directed = False,
    type: Annotated[
        list[PloverType] | None,
        Query(max_length=16, description="PLOVER event types (repeat for several)"),
    ] = None,
    quad: Annotated[
        int | None,
        Query(
            ge=1,
            le=4,
            description="Quad class: 1 verbal cooperation, 2 material cooperation, "
            "3 verbal conflict, 4 material conflict",
        ),
    ] = None,
    actor: Annotated[
        str | None,
        Query(
            max_length=80,
            description="Text in any participant's words, name or code (case-insensitive)",
        ),
    ] = None,
    q: Annotated[
        str | None, Query(max_length=200, description="Text in the sentence (case-insensitive)")
    ] = None,
    since: Since = None,
    until: Until = None,
    all: Annotated[
        bool, Query(description="Include hypothetical, historical and negated events")
    ] = False,
    min_confidence: Annotated[
        float | None,
        Query(ge=0, le=1, description="Only events coded with at least this confidence (0–1)"),
    ] = None,
    outlet: Annotated[
        str | None,
        Query(
            max_length=200,
            description="Only events from documents of this outlet (empty: without an outlet)",
        ),
    ] = None,
    undated: Annotated[
        bool,
        Query(description="Only events with no date at all (neither theirs nor their document's)"),
    ] = False,
    flag: Annotated[
        Literal["hypothetical", "historical", "negated", "uncertain"] | None,
        Query(description="Only events with this flag (not current: shown without `all`)"),
    ] = None,
    merged: Annotated[
        bool, Query(description="Only events with reports from several documents (`sources` > 1)")
    ] = False,
) -> EventFilters:
    """The filters shared by the event table and exports."""
    return EventFilters(
        a, b, directed, tuple(type or ()), quad, actor or None, q or None, since, until, all,
        min_confidence, outlet, undated, flag, merged,
    )  # fmt: skip


FiltersDep = Annotated[EventFilters, Depends(event_filters)]


EXPORT_TYPES: dict[str, Any] = {
    "description": "The file (Content-Disposition: attachment)",
    "content": {
        media: {}
        for media in (
            "text/csv",
            "application/vnd.apache.parquet",
            "application/json",
            "application/x-ndjson",
        )
    },
}


# --------------------------------------------------------------------------- events


@router.get("/api/health", tags=["meta"], summary="Liveness and the store's row counts")
def health(store: StoreDep) -> dict[str, Any]:
    """Liveness and the store's row counts: `events` are the rows of the event table
    (reports merged into another event are not among them), `current_events` those
    neither hypothetical, historical, negated nor uncertain."""
    return {"status": "ok", "counts": store.counts()}


@router.get("/api/meta", tags=["meta"], summary="What the pickers offer, and the default dyad")
def meta(store: StoreDep) -> dict[str, Any]:
    """What the pickers offer: countries and codes present with their current events,
    the date range, PLOVER types, quad classes, and `default_dyad`: the most active pair
    of countries, what the dyad view opens on."""
    return {
        **plain(analysis.store_meta(store)),
        "event_types": [t.value for t in PloverType],
        "quad_classes": {str(k): v for k, v in analysis.QUAD_LABELS.items()},
    }


@router.get("/api/dyad", tags=["events"], summary="The timeline of a dyad")
def dyad(
    state: StateDep,
    a: Annotated[str, Query(pattern=KEY, max_length=80, description=SIDE_HELP)],
    b: Key = None,
    directed: Directed = False,
    freq: Annotated[
        Literal["week", "month", "quarter", "year"], Query(description=FREQ_HELP)
    ] = "month",
    by: Annotated[
        Literal["type", "quad"],
        Query(description="Stack the bars by PLOVER type or by quad class"),
    ] = "type",
    since: Since = None,
    until: Until = None,
) -> dict[str, Any]:
    """The dyad timeline: current events between `a` and `b` (or of `a` with anyone)
    per period, stacked by PLOVER type or quad class, with the mean
    cooperation–conflict score per period (`null` where no event has a score: a gap,
    not a zero). Periods without events between the first and the last are listed
    with no events. What is not charted is counted: `undated` (current events with no
    date at all) and `noncurrent` (hypothetical, historical, negated or uncertain)."""
    side_a, side_b = _resolve(state, a), _resolve(state, b)
    assert side_a is not None  # a is required
    series = analysis.dyad_series(
        state.store, side_a, side_b, directed=directed, freq=freq, by=by, since=since, until=until
    )
    sides = _sides(EventFilters(a=side_a, b=side_b))
    return {**plain(series), "total": series.total, "sides": sides}


@router.get("/api/events", tags=["events"], summary="A page of the event table")
def events(
    state: StateDep,
    filters: FiltersDep,
    offset: Annotated[int, Query(ge=0, le=1_000_000, description="Rows to skip")] = 0,
    limit: Annotated[
        int, Query(ge=1, le=MAX_PAGE, description=f"Rows to return (at most {MAX_PAGE})")
    ] = 50,
    order: Annotated[
        Literal["newest", "oldest"], Query(description="Date order of the rows")
    ] = "newest",
) -> dict[str, Any]:
    """A page of the event table: `events` are rows `offset`… of the `total` matching
    the filters, as full event records (the fields of `legation export`). Current events
    only unless `all=true`; `noncurrent` counts the hypothetical, historical, negated or
    uncertain events so left out, and `low_confidence` those under `min_confidence`."""
    filters = _resolved(state, filters)
    page = analysis.event_page(state.store, filters, offset, limit, newest_first=order == "newest")
    return {**plain(page), "sides": _sides(filters)}


@router.get("/api/events/{event_id}", tags=["events"], summary="The evidence card of one event")
def event(
    store: StoreDep,
    event_id: Annotated[
        str, PathParam(pattern=EVENT_ID, description="The event's id (64 hex characters)")
    ],
) -> dict[str, Any]:
    """The evidence card: the event record, the actor, trigger and recipient marked in
    its sentence (`highlights`, offsets into the sentence) and the other reports of the
    same event (merged into it, or of the same type and parties in other documents)."""
    return dict(_found(analysis.evidence(store, event_id), "event"))


@router.get(
    "/api/export",
    tags=["events"],
    summary="The filtered events as a file",
    responses={200: EXPORT_TYPES},
)
def export(
    state: StateDep,
    filters: FiltersDep,
    format: Annotated[
        Literal["csv", "parquet", "json", "jsonl"], Query(description="File format")
    ] = "csv",
    limit: Annotated[
        int, Query(ge=1, le=MAX_EXPORT_ROWS, description="Most events in the file")
    ] = MAX_EXPORT_ROWS,
) -> Response:
    """The events matching the filters as a CSV, Parquet, JSON or JSON Lines download
    (the columns of `legation export`), oldest first; the same filters as
    `/api/events`."""
    records = analysis.iter_filtered(state.store, _resolved(state, filters), limit)
    body, media = _export_body(records, format)
    disposition = f'attachment; filename="legation-events.{format}"'
    return Response(body, media_type=media, headers={"Content-Disposition": disposition})


@router.get("/api/merges", tags=["events"], summary="Events merged into another")
def merges(
    store: StoreDep,
    limit: Annotated[int, Query(ge=1, le=MAX_PAGE, description="Most merges listed")] = 100,
) -> dict[str, Any]:
    """Events merged into another (by ``legation dedup`` or ``POST /api/merges``), with
    the event that absorbed each; ``DELETE /api/merges/{id}`` undoes one."""
    return {"merges": plain(store.merges(limit))}


def _export_body(records: Iterator[dict[str, Any]], fmt: str) -> tuple[bytes, str]:
    from ..export import write_records

    if fmt == "json":
        return json.dumps(list(records), ensure_ascii=False).encode(), "application/json"
    if fmt == "parquet":
        with tempfile.TemporaryDirectory(prefix="legation-export-") as folder:
            path = Path(folder) / "events.parquet"
            write_records(records, "parquet", path)
            return path.read_bytes(), "application/vnd.apache.parquet"
    text = io.StringIO()
    write_records(records, fmt, text)
    media = "text/csv" if fmt == "csv" else "application/x-ndjson"
    return text.getvalue().encode(), f"{media}; charset=utf-8"


# --------------------------------------------------------------------------- overview


@router.get(
    "/api/overview", tags=["meta"], summary="What the store holds, and how its totals add up"
)
def overview(
    store: StoreDep,
    top: Annotated[int, Query(ge=1, le=50, description="How many top dyads")] = 10,
    failures: Annotated[
        int, Query(ge=0, le=MAX_PAGE, description="How many recent failures to list")
    ] = 20,
) -> dict[str, Any]:
    """What the store holds: documents (with the range of publication dates), outlets,
    current events by PLOVER type, the top directed country dyads, the failures (with
    the latest listed) and `totals`, which say how the event counts add up: `reports`
    coded, `merged` into another event as extra sources, `events` left in the table,
    of which `current` and `noncurrent` (hypothetical, historical, negated, uncertain), and
    `undated` current events, which no timeline shows."""
    summary = plain(analysis.overview(store, top=top))
    recent = [f.as_dict() for f in store.failures(limit=failures)] if failures else []
    return {**summary, "failure_list": recent}


@router.get("/api/failures", tags=["meta"], summary="What could not be read or coded, and why")
def failure_list(
    store: StoreDep,
    limit: Annotated[int, Query(ge=1, le=MAX_PAGE, description="Most failures listed")] = 100,
) -> dict[str, Any]:
    """Files, records and documents that could not be read or coded, most recent first,
    with the stage, the reason and how often each was seen."""
    return {"failures": [f.as_dict() for f in store.failures(limit=limit)]}


@router.get("/api/sides", tags=["meta"], summary="What a name stands for as a side")
def side(
    state: StateDep,
    q: Annotated[str, Query(pattern=KEY, max_length=80, description=SIDE_HELP)],
) -> dict[str, Any]:
    """What a name stands for as a side: its `key` (what the other endpoints match),
    `kind`, `name` and `description`; 400 if it names nothing (with the close names)
    or several things (with the `candidates`)."""
    return dict(plain(_resolve(state, q)))


@router.get("/api/counterparts", tags=["events"], summary="An actor's top counterparts over time")
def counterparts(
    state: StateDep,
    a: Annotated[str, Query(pattern=KEY, max_length=80, description=SIDE_HELP)],
    freq: Annotated[
        Literal["week", "month", "quarter", "year"], Query(description=FREQ_HELP)
    ] = "year",
    top: Annotated[int, Query(ge=1, le=24, description="How many counterparts")] = 6,
    since: Since = None,
    until: Until = None,
) -> dict[str, Any]:
    """Small multiples: the `top` counterparts of `a` (the other side of its current
    events, at its level: countries for a country, actor codes for a code, people and
    institutions otherwise), each with its events per period on one shared axis.
    `others` counts events with the counterparts left out, `undated` the undated ones."""
    side_a = _resolve(state, a)
    assert side_a is not None
    panel = analysis.counterpart_panel(
        state.store, side_a, freq=freq, top=top, since=since, until=until, kb=state.knowledge_base()
    )
    return {**plain(panel), "sides": _sides(EventFilters(a=side_a))}


# --------------------------------------------------------------------------- trips


@router.get("/api/trips", tags=["trips"], summary="Visits reconstructed from events")
def trips(
    state: StateDep,
    actor: Annotated[
        str | None,
        Query(
            pattern=KEY,
            max_length=80,
            description="The traveller, named any way: a person (`asim_munir`, `Munir`) "
            "or an office (`PAK.coas`, `Chief of Army Staff`: whoever held it); see `a` "
            "of /api/dyad",
        ),
    ] = None,
    since: Since = None,
    until: Until = None,
    limit: Annotated[int, Query(ge=1, le=200, description="Most trips listed")] = 50,
) -> dict[str, Any]:
    """Visits abroad reconstructed from the CONSULT/visit events of one traveller, most
    recent first: dates, places, counterparts, what was asked for and agreed."""
    traveller = _resolve(state, actor)
    found = analysis.trips(
        state.store,
        actor=traveller,
        since=since,
        until=until,
        limit=limit,
        kb=state.knowledge_base(),
    )
    return {"trips": plain(found)}


@router.get("/api/trips/compare", tags=["trips"], summary="Two trips side by side")
def compare(
    state: StateDep,
    first: Annotated[str, Query(pattern=TRIP_ID, description="A trip id (/api/trips)")],
    second: Annotated[str, Query(pattern=TRIP_ID, description="Another trip id")],
) -> dict[str, Any]:
    """Two trips side by side: counterparts and places in common and of each alone."""
    found = analysis.compare_trips(state.store, first, second, kb=state.knowledge_base())
    return dict(_found(found, "trip"))


@router.get("/api/trips/{trip_id}", tags=["trips"], summary="One trip in detail")
def trip(
    state: StateDep,
    trip_id: Annotated[
        str, PathParam(pattern=TRIP_ID, description="A trip id, as /api/trips lists them")
    ],
) -> dict[str, Any]:
    """One trip: traveller, dates, places, delegation, counterparts, asks, agreements."""
    return dict(_found(analysis.trip(state.store, trip_id, kb=state.knowledge_base()), "trip"))


# --------------------------------------------------------------------------- people


@router.get("/api/actors", tags=["people"], summary="Find people and institutions")
def actors(
    state: StateDep,
    q: Annotated[
        str,
        Query(
            max_length=80,
            description="Text in the name or id (case-insensitive); empty: the most active",
        ),
    ] = "",
    limit: Annotated[int, Query(ge=1, le=100, description="Most actors listed")] = 25,
) -> dict[str, Any]:
    """Named people, institutions and countries whose name or id contains `q`, most
    active first (with `events`: the current events they take part in); people of the
    knowledge base with no events follow. Without `q`, the most active."""
    found = analysis.find_actors(state.store, q.strip(), state.knowledge_base(), limit=limit)
    return {"actors": plain(found)}


@router.get("/api/actors/{key}", tags=["people"], summary="The profile of a person or institution")
def actor(
    state: StateDep,
    key: Annotated[
        str,
        PathParam(
            pattern=KEY,
            max_length=80,
            description="An entity id (`asim_munir`, `person:asim_munir`) or any name "
            "of a person or institution (`Munir`, `State Department`)",
        ),
    ],
) -> dict[str, Any]:
    """A profile: roles over time (from the knowledge base), current events as actor
    and as recipient by type, the most frequent counterparts and the latest events."""
    kb = state.knowledge_base()
    found = analysis.actor_profile(state.store, key, kb)
    if found is None:
        found = analysis.actor_profile(state.store, _profile_key(state, key), kb)
    return dict(_found(found, "actor"))


@router.get("/api/offices", tags=["people"], summary="Offices and their holders")
def offices(
    state: StateDep,
    country: Annotated[
        str | None,
        Query(
            pattern=r"^[A-Za-z]{2,12}$",
            description="An ISO3 code (`PAK`) or IGO id (`UN`); all offices if left out",
        ),
    ] = None,
) -> dict[str, Any]:
    """Offices of the knowledge base (of one country or IGO) with their holders."""
    return {"offices": plain(analysis.list_offices(state.knowledge_base(), country))}


@router.get(
    "/api/offices/{office_id}", tags=["people"], summary="The holders of one office over time"
)
def office(
    state: StateDep,
    office_id: Annotated[
        str,
        PathParam(
            pattern=rf"^[{WORD}.\-]{{1,80}}$",
            description="An office id of the knowledge base, e.g. `PAK.coas`",
        ),
    ],
) -> dict[str, Any]:
    """An office's holders over time (from the knowledge base), each with the first day
    in office and the day the successor took over."""
    kb = state.knowledge_base()
    if office_id not in kb.offices:
        raise HTTPException(404, "no such office")
    return dict(plain(analysis.office_holders(kb, office_id)))


@router.get("/api/network", tags=["events"], summary="Who engaged whom in a period")
def network(
    store: StoreDep,
    since: Since = None,
    until: Until = None,
    level: Annotated[
        Literal["country", "code", "entity"],
        Query(
            description="Nodes: countries, actor codes (`PAKMIL`), or people and "
            "institutions (`entity`)"
        ),
    ] = "code",
    min_events: Annotated[
        int, Query(ge=1, le=10_000, description="Leave out edges with fewer events")
    ] = 1,
    limit: Annotated[int, Query(ge=1, le=500, description="Most edges, heaviest first")] = 150,
) -> dict[str, Any]:
    """Who engaged whom in a period (first actor → first recipient of each current
    event): per edge the events, those of cooperation (quad classes 1–2) and of conflict
    (3–4) and the mean cooperation–conflict score. Levels nest: each node carries its
    `country` and its `parent` one level up (`PAKMIL` → `PAK`, a person → their code)."""
    found = analysis.network(store, since, until, level=level, min_events=min_events, limit=limit)
    return dict(plain(found))


def _profile_key(state: AppState, key: str) -> str:
    """The entity a profile asked for by any name is of (a person, institution or a name
    the store holds); countries, codes and offices have timelines, not profiles."""
    try:
        side = analysis.resolve_side(state.store, key, _side_index(state))
    except UnknownSideError as exc:
        raise HTTPException(404, str(exc)) from exc
    if side.kind in ("person", "institution", "name"):
        return side.key
    raise HTTPException(
        404, f"{key!r} is {side.description}, not a person or institution: see /api/dyad?a={key}"
    )
