"""The HTTP API and web app: a thin FastAPI shell over the library.

``create_app(db)`` serves, from one store:

* ``/api/...`` — JSON endpoints (listed at ``/docs``, schema at ``/openapi.json``);
* ``/`` — the analyst web app (static files of ``legation/app/web``), and ``/docs`` with Swagger UI
  from the ``swagger-ui-bundle-v2`` package: nothing is fetched from the internet.

Reads go through :mod:`legation.analysis`. Writes exist only when the app has a ``token``
(and not ``writable=False``): ``POST /api/documents`` codes documents into the store
(:mod:`legation.runner.records`), ``POST /api/merges`` and ``DELETE /api/merges/{id}`` merge
and unmerge events (:class:`~legation.store.Store`), ``POST /api/kb/aliases`` and
``POST /api/kb/people`` edit the store's actor file (:mod:`legation.actors.edits`).

Safety rules: with ``token`` set, every ``/api`` request (read or write) needs
``Authorization: Bearer <token>`` (compared in constant time); without it the API is read-only
and the store is opened read-only. Every parameter and body field is typed and bounded (PLOVER
types as an enum, ISO dates, ids by pattern, ``limit`` capped); SQL only with bound parameters
(in the library); query strings, bodies (:data:`MAX_BODY_BYTES`) and results capped; errors
answered as ``{"error": "..."}`` without stack traces.

Concurrency: reads run in worker threads, off the event loop, each on a cursor of its own
from the store's pool (:meth:`Store.reading`), so many readers are answered in parallel, also
while a write runs; every write takes ``write_lock`` (one write at a time, coding included)
and ``store_lock`` around its use of the store's one write connection, and coding runs without
the store lock. Answers to ``GET /api/...`` are kept until the next write
(:mod:`legation.app.cache`). A write-enabled app holds the store open read-write: other
processes get "the store is busy" until it stops.
"""

from __future__ import annotations

import dataclasses
import hmac
import io
import json
import logging
import tempfile
import threading
from collections.abc import AsyncIterator, Awaitable, Callable, Iterator
from contextlib import asynccontextmanager
from dataclasses import fields, is_dataclass
from datetime import date
from enum import Enum
from importlib import resources
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any, Literal

from fastapi import Depends, FastAPI, Query, Request, Response, Security
from fastapi import Path as PathParam
from fastapi.exceptions import RequestValidationError
from fastapi.responses import FileResponse, JSONResponse
from fastapi.security import HTTPBearer
from fastapi.staticfiles import StaticFiles
from starlette.exceptions import HTTPException
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from .. import analysis
from ..analysis import EventFilters, Side, SideIndex
from ..config import Config
from ..errors import AmbiguousSideError, ConfigError, LegationError, UnknownSideError
from ..model import Actor, PloverType
from ..store import Store, StoredEvent
from ..workspace import Workspace
from .base import ERRORS, EVENT_ID, MAX_BODY_BYTES, IsoDate
from .cache import DEFAULT_MAX_BYTES, AnswerCache, CacheMiddleware

if TYPE_CHECKING:
    from ..actors.kb import KnowledgeBase

log = logging.getLogger(__name__)

#: Above the longest valid query (every bounded parameter at its maximum, percent-encoded
#: 4-byte characters: about 4,400 bytes), which fuzzing found refused at 4,096.
MAX_QUERY_BYTES = 8192
MAX_PAGE = 500
MAX_EXPORT_ROWS = 100_000
#: A word character, spelled out: JSON Schema's ``\w`` is ASCII-only while Python's and
#: pydantic's is Unicode, so a schema-driven client and the server would disagree on "À".
WORD = r"0-9A-Za-z_\u00C0-\uFFFF"
#: An actor key: ISO3, a code, an entity id or a name (letters, digits, space, . : ' - _).
KEY = rf"^[{WORD}][{WORD} .:'\-]{{0,79}}$"
TRIP_ID = r"^[0-9a-f]{16}$"
CSP = (
    "default-src 'self'; img-src 'self' data:; style-src 'self' 'unsafe-inline'; "
    "script-src 'self'; connect-src 'self'; frame-ancestors 'none'; base-uri 'none'; "
    "form-action 'self'"
)
READ_ONLY = (
    "this API is read-only: only GET requests are answered. To enable writes (ingest, "
    "merges, actor edits), start the server with a token: legation serve --token SECRET "
    "(or set LEGATION_TOKEN)"
)
STARTED_READ_ONLY = (
    "this API is read-only: only GET requests are answered (the server was started with "
    "--read-only; start it without that option to enable writes)"
)


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


def create_app(
    db: Path,
    *,
    token: str | None = None,
    kb: KnowledgeBase | None = None,
    config: Config | None = None,
    writable: bool | None = None,
    cache_bytes: int = DEFAULT_MAX_BYTES,
) -> FastAPI:
    """The API and web app over the store ``db``.

    With ``token``, every ``/api`` request needs it and the write endpoints exist (unless
    ``writable=False``); the store is then held open read-write for the app's lifetime,
    otherwise read-only. ``config`` (default: the default config) names the model, coder and
    ``actor_paths`` used to code posted documents; the store's own actor file
    (:func:`legation.actors.edits.store_actor_file`) is read after them
    (:class:`~legation.workspace.Workspace`). ``kb``: the knowledge base to answer with
    (default: the one documents are coded with). Answers to reads are kept until the next
    write in up to ``cache_bytes`` of memory (0: none kept)."""
    writable = bool(token) if writable is None else writable
    if writable and not token:
        raise ConfigError("a write-enabled API needs a token; pass token=... (--token)")
    workspace = Workspace.open(db, config, writable=writable, kb=kb)
    store = workspace.store

    @asynccontextmanager
    async def lifespan(app: FastAPI) -> AsyncIterator[None]:
        yield
        app.state.workspace.close()

    app = FastAPI(
        title="Legation",
        summary="PLOVER event data from news about international relations.",
        description=API_DESCRIPTION,
        version=_version(),
        docs_url=None,
        redoc_url=None,
        lifespan=lifespan,
        responses=ERRORS,
        dependencies=[Security(_BEARER)] if token else [],
    )
    _set_state(app, workspace)
    app.add_middleware(_BodyLimit, limit=MAX_BODY_BYTES)
    if cache_bytes > 0:
        app.state.cache = AnswerCache(cache_bytes)
        app.add_middleware(
            CacheMiddleware, cache=app.state.cache, generation=lambda: store.generation
        )
    _add_guards(app, token, writable)
    _add_error_handlers(app)
    _add_routes(app)
    if writable:
        from .writes import add_write_routes

        add_write_routes(app)
    _add_pages(app)
    return app


API_DESCRIPTION = """
Every event links to the sentence it was coded from. The web app at `/` uses only these
endpoints; start at `/api/overview` for what the store holds.

* **Sides** (`a`, `b`) can be named any way: `pak`, `Pakistan`, `PAK`, `PAKMIL`, `Munir`,
  `Secretary of State`. Answers echo what each was taken to be (`sides`); an unknown or
  ambiguous name is answered 400, an ambiguous one with its `candidates`.
* **Current events**: timelines, networks and trips count only events that are not
  hypothetical, historical, negated or uncertain (under the coding run's confidence
  threshold); tables leave those out unless `all=true` and say how many they left out
  (`noncurrent`, and `low_confidence` under the query's `min_confidence`).
* **Dates**: an event's date, else its document's publication date; events with neither are
  *undated*, counted in `undated` and never charted.
* **Errors** are JSON: `{"error": "..."}` (with `details` for an invalid parameter).
"""


_BEARER = HTTPBearer(
    auto_error=False,
    description="The token the server was started with (legation serve --token).",
)


def _set_state(app: FastAPI, workspace: Workspace) -> None:
    app.state.workspace = workspace  # store, config, knowledge base, pipeline
    app.state.store = workspace.store
    app.state.writable = workspace.writable
    app.state.store_lock = threading.Lock()  # writes: one at a time on the write connection
    app.state.write_lock = threading.Lock()  # one write at a time (coding included)
    app.state.cache = None  # an AnswerCache, unless create_app(cache_bytes=0)
    app.state.side_index = None  # (knowledge base, its SideIndex), built on first use


def _version() -> str:
    from .. import __version__

    return str(__version__)


# --------------------------------------------------------------------------- plumbing


def _store(request: Request) -> Store:
    store: Store = request.app.state.store
    return store


def _kb(request: Request) -> KnowledgeBase:
    workspace: Workspace = request.app.state.workspace
    return workspace.knowledge_base()


StoreDep = Annotated[Store, Depends(_store)]


def _side_index(request: Request) -> SideIndex:
    """The names of the knowledge base, indexed once per app (and again after an edit)."""
    kb = _kb(request)
    built: tuple[KnowledgeBase, SideIndex] | None = request.app.state.side_index
    if built is None or built[0] is not kb:
        built = request.app.state.side_index = (kb, SideIndex.build(kb))
    return built[1]


def _resolve(store: Store, request: Request, key: str | Side | None) -> Side | None:
    if key is None or isinstance(key, Side):
        return key
    return analysis.resolve_side(store, key, _side_index(request))


def _resolved(store: Store, request: Request, filters: EventFilters) -> EventFilters:
    """``filters`` with ``a`` and ``b`` resolved (any way of naming a side, see SIDE_HELP)."""
    a, b = _resolve(store, request, filters.a), _resolve(store, request, filters.b)
    return dataclasses.replace(filters, a=a, b=b)


def _sides(filters: EventFilters) -> dict[str, Any]:
    """What ``a`` and ``b`` were taken to be, for the answer."""
    return {k: plain(v) for k, v in (("a", filters.a), ("b", filters.b)) if isinstance(v, Side)}


def plain(value: Any) -> Any:
    """Analysis results as JSON-ready values (events as the public event record)."""
    if isinstance(value, StoredEvent):
        return value.record
    if isinstance(value, Actor):
        return value.to_record()
    if is_dataclass(value) and not isinstance(value, type):
        return {f.name: plain(getattr(value, f.name)) for f in fields(value)}
    if isinstance(value, (list, tuple)):
        return [plain(v) for v in value]
    if isinstance(value, dict):
        return {str(k): plain(v) for k, v in value.items()}
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, Enum):
        return value.value
    return value


def _found(value: Any, what: str) -> Any:
    if value is None:
        raise HTTPException(404, f"no such {what}")
    return plain(value)


def _error(status: int, message: str, **extra: Any) -> JSONResponse:
    return JSONResponse({"error": message, **extra}, status_code=status)


# --------------------------------------------------------------------------- guards


def _add_guards(app: FastAPI, token: str | None, writable: bool) -> None:
    @app.middleware("http")
    async def guard(
        request: Request, call_next: Callable[[Request], Awaitable[Response]]
    ) -> Response:
        refused = _refusal(request, token, writable)
        response = refused or await call_next(request)
        response.headers["Content-Security-Policy"] = CSP
        response.headers["X-Content-Type-Options"] = "nosniff"
        response.headers["Referrer-Policy"] = "same-origin"
        return response


def _refusal(request: Request, token: str | None, writable: bool) -> Response | None:
    if len(request.url.query.encode()) > MAX_QUERY_BYTES:
        return _error(414, f"the query string is longer than {MAX_QUERY_BYTES} bytes")
    reading = request.method in ("GET", "HEAD")
    if not reading and not writable:
        message = STARTED_READ_ONLY if token else READ_ONLY
        return JSONResponse({"error": message}, status_code=405, headers={"Allow": "GET, HEAD"})
    if token and request.url.path.startswith("/api/") and not _authorised(request, token):
        return _error(401, "missing or wrong token: send 'Authorization: Bearer <token>'")
    length = request.headers.get("content-length") or "0"
    if not length.isdigit():
        return _error(400, "the Content-Length header is not a number")
    if reading and int(length) > 0:
        return _error(413, "GET requests to this API carry no body")
    if int(length) > MAX_BODY_BYTES:
        return _error(413, f"the request body is larger than {MAX_BODY_BYTES} bytes")
    return None


def _authorised(request: Request, token: str) -> bool:
    sent = request.headers.get("authorization", "")
    return hmac.compare_digest(sent.encode(), f"Bearer {token}".encode())


class _BodyLimit:
    """Read the request body up to ``limit`` bytes before the app sees it (also when it comes
    in chunks without a Content-Length); a larger body gets 413 and is not read further."""

    def __init__(self, app: ASGIApp, limit: int) -> None:
        self.app = app
        self.limit = limit

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        body = await self._read(receive)
        if body is None:
            too_big = _error(413, f"the request body is larger than {self.limit} bytes")
            await too_big(scope, receive, send)
            return
        await self.app(scope, _replay(body, receive), send)

    async def _read(self, receive: Receive) -> bytes | None:
        body = bytearray()
        while True:
            message = await receive()
            if message["type"] != "http.request":
                return bytes(body)
            body += message.get("body", b"")
            if len(body) > self.limit:
                return None
            if not message.get("more_body", False):
                return bytes(body)


def _replay(body: bytes, receive: Receive) -> Receive:
    sent = False

    async def replay() -> Message:
        nonlocal sent
        if sent:
            return await receive()
        sent = True
        return {"type": "http.request", "body": body, "more_body": False}

    return replay


# --------------------------------------------------------------------------- errors


def _add_error_handlers(app: FastAPI) -> None:
    @app.exception_handler(HTTPException)
    async def http_error(_: Request, exc: HTTPException) -> JSONResponse:
        message = UNPARSED if exc.detail == "There was an error parsing the body" else exc.detail
        return JSONResponse(
            {"error": str(message)}, status_code=exc.status_code, headers=exc.headers
        )

    @app.exception_handler(RequestValidationError)
    async def invalid(_: Request, exc: RequestValidationError) -> JSONResponse:
        details = [_problem(e) for e in exc.errors()[:10]]
        first = details[0] if details else {"parameter": "?", "problem": "invalid"}
        message = f"invalid parameter {first['parameter']!r}: {first['problem']}"
        return _error(422, message, details=details)

    @app.exception_handler(AmbiguousSideError)
    async def ambiguous(_: Request, exc: AmbiguousSideError) -> JSONResponse:
        return _error(400, str(exc), candidates=plain(list(exc.candidates)))

    @app.exception_handler(LegationError)
    async def legation_error(_: Request, exc: LegationError) -> JSONResponse:
        return _error(400, str(exc))

    @app.exception_handler(Exception)
    async def crash(request: Request, exc: Exception) -> JSONResponse:
        log.error("error answering %s", request.url.path, exc_info=exc)
        return _error(500, "internal error; the server log has the details")


UNPARSED = "cannot read the body: send JSON (UTF-8) with Content-Type: application/json"


def _problem(error: Any) -> dict[str, str]:
    """One validation error: the parameter (``limit``; ``body[0].text`` in a body) and what
    is wrong with it."""
    where, *path = error.get("loc", ()) or ("?",)
    if error.get("type") == "json_invalid":
        reason = (error.get("ctx") or {}).get("error", "")
        return {"parameter": "body", "problem": f"not valid JSON ({reason})"}
    if where != "body":
        return {"parameter": ".".join(str(p) for p in path) or str(where), "problem": error["msg"]}
    name = "body" + "".join(f"[{p}]" if isinstance(p, int) else f".{p}" for p in path)
    return {"parameter": name, "problem": error["msg"]}


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


# --------------------------------------------------------------------------- routes


def _add_routes(app: FastAPI) -> None:
    _add_event_routes(app)
    _add_overview_routes(app)
    _add_trip_routes(app)
    _add_people_routes(app)


def _add_overview_routes(app: FastAPI) -> None:
    @app.get(
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

    @app.get("/api/failures", tags=["meta"], summary="What could not be read or coded, and why")
    def failure_list(
        store: StoreDep,
        limit: Annotated[int, Query(ge=1, le=MAX_PAGE, description="Most failures listed")] = 100,
    ) -> dict[str, Any]:
        """Files, records and documents that could not be read or coded, most recent first,
        with the stage, the reason and how often each was seen."""
        return {"failures": [f.as_dict() for f in store.failures(limit=limit)]}

    @app.get("/api/sides", tags=["meta"], summary="What a name stands for as a side")
    def side(
        store: StoreDep,
        request: Request,
        q: Annotated[str, Query(pattern=KEY, max_length=80, description=SIDE_HELP)],
    ) -> dict[str, Any]:
        """What a name stands for as a side: its `key` (what the other endpoints match),
        `kind`, `name` and `description`; 400 if it names nothing (with the close names)
        or several things (with the `candidates`)."""
        return dict(plain(_resolve(store, request, q)))

    @app.get("/api/counterparts", tags=["events"], summary="An actor's top counterparts over time")
    def counterparts(
        store: StoreDep,
        request: Request,
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
        side_a = _resolve(store, request, a)
        assert side_a is not None
        panel = analysis.counterpart_panel(
            store, side_a, freq=freq, top=top, since=since, until=until, kb=_kb(request)
        )
        return {**plain(panel), "sides": _sides(EventFilters(a=side_a))}


def _add_event_routes(app: FastAPI) -> None:
    @app.get("/api/health", tags=["meta"], summary="Liveness and the store's row counts")
    def health(store: StoreDep) -> dict[str, Any]:
        """Liveness and the store's row counts: `events` are the rows of the event table
        (reports merged into another event are not among them), `current_events` those
        neither hypothetical, historical, negated nor uncertain."""
        return {"status": "ok", "counts": store.counts()}

    @app.get("/api/meta", tags=["meta"], summary="What the pickers offer, and the default dyad")
    def meta(store: StoreDep) -> dict[str, Any]:
        """What the pickers offer: countries and codes present with their current events,
        the date range, PLOVER types, quad classes, and `default_dyad`: the most active pair
        of countries, what the dyad view opens on."""
        return {
            **plain(analysis.store_meta(store)),
            "event_types": [t.value for t in PloverType],
            "quad_classes": {str(k): v for k, v in analysis.QUAD_LABELS.items()},
        }

    @app.get("/api/dyad", tags=["events"], summary="The timeline of a dyad")
    def dyad(
        store: StoreDep,
        request: Request,
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
        side_a, side_b = _resolve(store, request, a), _resolve(store, request, b)
        assert side_a is not None  # a is required
        series = analysis.dyad_series(
            store, side_a, side_b, directed=directed, freq=freq, by=by, since=since, until=until
        )
        sides = _sides(EventFilters(a=side_a, b=side_b))
        return {**plain(series), "total": series.total, "sides": sides}

    @app.get("/api/events", tags=["events"], summary="A page of the event table")
    def events(
        store: StoreDep,
        request: Request,
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
        filters = _resolved(store, request, filters)
        page = analysis.event_page(store, filters, offset, limit, newest_first=order == "newest")
        return {**plain(page), "sides": _sides(filters)}

    @app.get("/api/events/{event_id}", tags=["events"], summary="The evidence card of one event")
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

    @app.get(
        "/api/export",
        tags=["events"],
        summary="The filtered events as a file",
        responses={200: EXPORT_TYPES},
    )
    def export(
        store: StoreDep,
        request: Request,
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
        records = analysis.iter_filtered(store, _resolved(store, request, filters), limit)
        body, media = _export_body(records, format)
        disposition = f'attachment; filename="legation-events.{format}"'
        return Response(body, media_type=media, headers={"Content-Disposition": disposition})

    @app.get("/api/merges", tags=["events"], summary="Events merged into another")
    def merges(
        store: StoreDep,
        limit: Annotated[int, Query(ge=1, le=MAX_PAGE, description="Most merges listed")] = 100,
    ) -> dict[str, Any]:
        """Events merged into another (by ``legation dedup`` or ``POST /api/merges``), with
        the event that absorbed each; ``DELETE /api/merges/{id}`` undoes one."""
        return {"merges": plain(store.merges(limit))}


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


def _add_trip_routes(app: FastAPI) -> None:
    @app.get("/api/trips", tags=["trips"], summary="Visits reconstructed from events")
    def trips(
        store: StoreDep,
        request: Request,
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
        traveller = _resolve(store, request, actor)
        found = analysis.trips(
            store, actor=traveller, since=since, until=until, limit=limit, kb=_kb(request)
        )
        return {"trips": plain(found)}

    @app.get("/api/trips/compare", tags=["trips"], summary="Two trips side by side")
    def compare(
        store: StoreDep,
        request: Request,
        first: Annotated[str, Query(pattern=TRIP_ID, description="A trip id (/api/trips)")],
        second: Annotated[str, Query(pattern=TRIP_ID, description="Another trip id")],
    ) -> dict[str, Any]:
        """Two trips side by side: counterparts and places in common and of each alone."""
        found = analysis.compare_trips(store, first, second, kb=_kb(request))
        return dict(_found(found, "trip"))

    @app.get("/api/trips/{trip_id}", tags=["trips"], summary="One trip in detail")
    def trip(
        store: StoreDep,
        request: Request,
        trip_id: Annotated[
            str, PathParam(pattern=TRIP_ID, description="A trip id, as /api/trips lists them")
        ],
    ) -> dict[str, Any]:
        """One trip: traveller, dates, places, delegation, counterparts, asks, agreements."""
        return dict(_found(analysis.trip(store, trip_id, kb=_kb(request)), "trip"))


def _add_people_routes(app: FastAPI) -> None:
    @app.get("/api/actors", tags=["people"], summary="Find people and institutions")
    def actors(
        store: StoreDep,
        request: Request,
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
        found = analysis.find_actors(store, q.strip(), _kb(request), limit=limit)
        return {"actors": plain(found)}

    @app.get("/api/actors/{key}", tags=["people"], summary="The profile of a person or institution")
    def actor(
        store: StoreDep,
        request: Request,
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
        kb = _kb(request)
        found = analysis.actor_profile(store, key, kb)
        if found is None:
            found = analysis.actor_profile(store, _profile_key(store, request, key), kb)
        return dict(_found(found, "actor"))

    @app.get("/api/offices", tags=["people"], summary="Offices and their holders")
    def offices(
        request: Request,
        country: Annotated[
            str | None,
            Query(
                pattern=r"^[A-Za-z]{2,12}$",
                description="An ISO3 code (`PAK`) or IGO id (`UN`); all offices if left out",
            ),
        ] = None,
    ) -> dict[str, Any]:
        """Offices of the knowledge base (of one country or IGO) with their holders."""
        return {"offices": plain(analysis.list_offices(_kb(request), country))}

    @app.get(
        "/api/offices/{office_id}", tags=["people"], summary="The holders of one office over time"
    )
    def office(
        request: Request,
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
        kb = _kb(request)
        if office_id not in kb.offices:
            raise HTTPException(404, "no such office")
        return dict(plain(analysis.office_holders(kb, office_id)))

    @app.get("/api/network", tags=["events"], summary="Who engaged whom in a period")
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
        found = analysis.network(
            store, since, until, level=level, min_events=min_events, limit=limit
        )
        return dict(plain(found))


def _profile_key(store: Store, request: Request, key: str) -> str:
    """The entity a profile asked for by any name is of (a person, institution or a name
    the store holds); countries, codes and offices have timelines, not profiles."""
    try:
        side = analysis.resolve_side(store, key, _side_index(request))
    except UnknownSideError as exc:
        raise HTTPException(404, str(exc)) from exc
    if side.kind in ("person", "institution", "name"):
        return side.key
    raise HTTPException(
        404, f"{key!r} is {side.description}, not a person or institution: see /api/dyad?a={key}"
    )


# --------------------------------------------------------------------------- pages


def _web_dir() -> Path:
    return Path(str(resources.files("legation.app").joinpath("web")))


def _swagger_dir() -> Path:
    import swagger_ui_bundle  # type: ignore[import-untyped]

    return Path(str(swagger_ui_bundle.swagger_ui_path))


def _add_pages(app: FastAPI) -> None:
    web = _web_dir()
    app.mount("/static", StaticFiles(directory=web), name="static")
    app.mount("/docs/assets", StaticFiles(directory=_swagger_dir()), name="swagger")

    @app.get("/", include_in_schema=False)
    def index() -> FileResponse:
        return FileResponse(web / "index.html", media_type="text/html")

    @app.get("/docs", include_in_schema=False)
    def docs() -> FileResponse:
        return FileResponse(web / "docs.html", media_type="text/html")
