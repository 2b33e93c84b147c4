"""The HTTP API and web app: a thin FastAPI shell over the library.

``create_app(db)`` serves, from one store:

* ``/api/...`` — JSON endpoints (listed at ``/docs``, schema at ``/openapi.json``);
* ``/`` — the analyst web app (static files of ``legation/web``), and ``/docs`` with Swagger UI
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
(:mod:`legation.api_cache`). A write-enabled app holds the store open read-write: other
processes get "the store is busy" until it stops.
"""

from __future__ import annotations

import functools
import hmac
import io
import json
import logging
import re
import tempfile
import threading
from collections.abc import AsyncIterator, Awaitable, Callable, Iterator
from contextlib import asynccontextmanager
from dataclasses import fields, is_dataclass
from datetime import date
from enum import Enum
from functools import cache
from importlib import resources
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any, Literal, ParamSpec, TypeVar

from fastapi import Depends, FastAPI, Query, Request, Response, Security
from fastapi import Path as PathParam
from fastapi.exceptions import RequestValidationError
from fastapi.responses import FileResponse, JSONResponse
from fastapi.security import HTTPBearer
from fastapi.staticfiles import StaticFiles
from pydantic import BaseModel, BeforeValidator
from starlette.exceptions import HTTPException
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from . import analysis
from .actors.edits import with_store_actors
from .analysis import EventFilters
from .api_cache import DEFAULT_MAX_BYTES, AnswerCache, CacheMiddleware
from .config import Config
from .errors import ConfigError, LegationError
from .model import Actor, PloverType
from .store import Store, StoredEvent

if TYPE_CHECKING:
    from .actors.kb import KnowledgeBase

log = logging.getLogger(__name__)
P = ParamSpec("P")
R = TypeVar("R")

#: Above the longest valid query (every bounded parameter at its maximum, percent-encoded
#: 4-byte characters: about 4,400 bytes), which fuzzing found refused at 4,096.
MAX_QUERY_BYTES = 8192
MAX_BODY_BYTES = 2_000_000
MAX_PAGE = 500
MAX_EXPORT_ROWS = 100_000
#: A word character, spelled out: JSON Schema's ``\w`` is ASCII-only while Python's and
#: pydantic's is Unicode, so a schema-driven client and the server would disagree on "À".
WORD = r"0-9A-Za-z_\u00C0-\uFFFF"
#: An actor key: ISO3, a code, an entity id or a name (letters, digits, space, . : ' - _).
KEY = rf"^[{WORD}][{WORD} .:'\-]{{0,79}}$"
EVENT_ID = r"^[0-9a-f]{64}$"
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


ISO_DATE = re.compile(r"\d{4}-\d{2}-\d{2}")


def _iso_date(value: Any) -> Any:
    """Only ``YYYY-MM-DD`` (pydantic alone would also take numbers, as Unix times)."""
    if isinstance(value, date) or (isinstance(value, str) and ISO_DATE.fullmatch(value)):
        return value
    raise ValueError("use a date written YYYY-MM-DD")


IsoDate = Annotated[date, BeforeValidator(_iso_date)]
Key = Annotated[str | None, Query(pattern=KEY, max_length=80, description="Actor key")]
Since = Annotated[IsoDate | None, Query(description="Earliest event date (YYYY-MM-DD)")]
Until = Annotated[IsoDate | None, Query(description="Latest event date (YYYY-MM-DD)")]


class ApiError(BaseModel):
    """Every error answer: a message saying what was wrong (and, for invalid parameters,
    the first problems found)."""

    error: str
    details: list[dict[str, str]] | None = None


ERRORS: dict[int | str, dict[str, Any]] = {
    422: {"model": ApiError, "description": "An invalid parameter or body"},
    "default": {"model": ApiError, "description": 'An error, as `{"error": "..."}`'},
}


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
    (:func:`legation.actors.edits.store_actor_file`) is read after them. Answers to reads
    are kept until the next write in up to ``cache_bytes`` of memory (0: none kept)."""
    writable = bool(token) if writable is None else writable
    if writable and not token:
        raise ConfigError("a write-enabled API needs a token; pass token=... (--token)")
    config = with_store_actors(config or Config.default(), db)
    if kb is None and config.actor_paths:
        from .actors.kb import load_knowledge_base

        kb = load_knowledge_base(config.actor_paths)
    store = Store(db, read_only=not writable)

    @asynccontextmanager
    async def lifespan(app: FastAPI) -> AsyncIterator[None]:
        yield
        app.state.store.close()

    app = FastAPI(
        title="Legation",
        summary="PLOVER event data from news about international relations.",
        version=_version(),
        docs_url=None,
        redoc_url=None,
        lifespan=lifespan,
        responses=ERRORS,
        dependencies=[Security(_BEARER)] if token else [],
    )
    _set_state(app, store, kb, config, Path(db), writable)
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
        from .api_writes import add_write_routes

        add_write_routes(app)
    _add_pages(app)
    return app


_BEARER = HTTPBearer(
    auto_error=False,
    description="The token the server was started with (legation serve --token).",
)


def _set_state(
    app: FastAPI, store: Store, kb: KnowledgeBase | None, config: Config, db: Path, writable: bool
) -> None:
    app.state.store = store
    app.state.kb = kb
    app.state.config = config
    app.state.db = db
    app.state.writable = writable
    app.state.store_lock = threading.Lock()  # writes: one at a time on the write connection
    app.state.write_lock = threading.Lock()  # one write at a time (coding included)
    app.state.cache = None  # an AnswerCache, unless create_app(cache_bytes=0)
    app.state.pipeline = None  # built by the first POST /api/documents


def _version() -> str:
    from . import __version__

    return str(__version__)


# --------------------------------------------------------------------------- plumbing


def _store(request: Request) -> Store:
    store: Store = request.app.state.store
    return store


def _kb(request: Request) -> KnowledgeBase:
    if request.app.state.kb is None:
        request.app.state.kb = _shipped_kb()
    kb: KnowledgeBase = request.app.state.kb
    return kb


@cache
def _shipped_kb() -> KnowledgeBase:
    from .actors.kb import load_knowledge_base

    return load_knowledge_base()


StoreDep = Annotated[Store, Depends(_store)]


def serialised(lock: threading.Lock) -> Callable[[Callable[P, R]], Callable[P, R]]:
    """Run an endpoint (in its worker thread) while holding ``lock``; a DuckDB connection
    refuses a second call while one runs."""

    def wrap(endpoint: Callable[P, R]) -> Callable[P, R]:
        @functools.wraps(endpoint)
        def run(*args: P.args, **kwargs: P.kwargs) -> R:
            with lock:
                return endpoint(*args, **kwargs)

        return run

    return wrap


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
    directed: bool = False,
    type: Annotated[list[PloverType] | None, Query(max_length=16)] = None,
    quad: Annotated[int | None, Query(ge=1, le=4)] = None,
    actor: Annotated[str | None, Query(max_length=80)] = None,
    q: Annotated[str | None, Query(max_length=200, description="Text in the sentence")] = None,
    since: Since = None,
    until: Until = None,
    all: Annotated[bool, Query(description="Include hypothetical/historical/negated")] = False,
) -> EventFilters:
    """The filters shared by the event table and exports."""
    return EventFilters(
        a, b, directed, tuple(type or ()), quad, actor or None, q or None, since, until, all
    )


FiltersDep = Annotated[EventFilters, Depends(event_filters)]


# --------------------------------------------------------------------------- routes


def _add_routes(app: FastAPI) -> None:
    _add_event_routes(app)
    _add_trip_routes(app)
    _add_people_routes(app)


def _add_event_routes(app: FastAPI) -> None:
    @app.get("/api/health", tags=["meta"])
    def health(store: StoreDep) -> dict[str, Any]:
        """Liveness and the store's row counts."""
        return {"status": "ok", "counts": store.counts()}

    @app.get("/api/meta", tags=["meta"])
    def meta(store: StoreDep) -> dict[str, Any]:
        """What the pickers offer: countries and codes present, dates, types, quad classes."""
        return {
            **plain(analysis.store_meta(store)),
            "event_types": [t.value for t in PloverType],
            "quad_classes": {str(k): v for k, v in analysis.QUAD_LABELS.items()},
        }

    @app.get("/api/dyad", tags=["events"])
    def dyad(
        store: StoreDep,
        a: Annotated[str, Query(pattern=KEY, max_length=80)],
        b: Key = None,
        directed: bool = False,
        freq: Literal["week", "month"] = "month",
        by: Literal["type", "quad"] = "type",
        since: Since = None,
        until: Until = None,
    ) -> dict[str, Any]:
        """Events per week or month between ``a`` and ``b``, stacked by PLOVER type or quad
        class, with the mean cooperation–conflict score (current events only)."""
        series = analysis.dyad_series(
            store, a, b, directed=directed, freq=freq, by=by, since=since, until=until
        )
        return {**plain(series), "total": series.total}

    @app.get("/api/events", tags=["events"])
    def events(
        store: StoreDep,
        filters: FiltersDep,
        offset: Annotated[int, Query(ge=0, le=1_000_000)] = 0,
        limit: Annotated[int, Query(ge=1, le=MAX_PAGE)] = 50,
        order: Literal["newest", "oldest"] = "newest",
    ) -> dict[str, Any]:
        """A page of events matching the filters (current events unless ``all``)."""
        page = analysis.event_page(store, filters, offset, limit, newest_first=order == "newest")
        return dict(plain(page))

    @app.get("/api/events/{event_id}", tags=["events"])
    def event(
        store: StoreDep, event_id: Annotated[str, PathParam(pattern=EVENT_ID)]
    ) -> dict[str, Any]:
        """The evidence card: the event record, highlights and the other reports."""
        return dict(_found(analysis.evidence(store, event_id), "event"))

    @app.get("/api/export", tags=["events"], responses={200: EXPORT_TYPES})
    def export(
        store: StoreDep,
        filters: FiltersDep,
        format: Literal["csv", "parquet", "json", "jsonl"] = "csv",
        limit: Annotated[int, Query(ge=1, le=MAX_EXPORT_ROWS)] = MAX_EXPORT_ROWS,
    ) -> Response:
        """The events matching the filters as a CSV, Parquet, JSON or JSON Lines download
        (the columns of ``legation export``)."""
        records = analysis.iter_filtered(store, filters, limit)
        body, media = _export_body(records, format)
        disposition = f'attachment; filename="legation-events.{format}"'
        return Response(body, media_type=media, headers={"Content-Disposition": disposition})

    @app.get("/api/merges", tags=["events"])
    def merges(
        store: StoreDep, limit: Annotated[int, Query(ge=1, le=MAX_PAGE)] = 100
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
    from .export import write_records

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
    @app.get("/api/trips", tags=["trips"])
    def trips(
        store: StoreDep,
        request: Request,
        actor: Key = None,
        since: Since = None,
        until: Until = None,
        limit: Annotated[int, Query(ge=1, le=200)] = 50,
    ) -> dict[str, Any]:
        """Visits reconstructed from events, most recent first."""
        found = analysis.trips(
            store, actor=actor, since=since, until=until, limit=limit, kb=_kb(request)
        )
        return {"trips": plain(found)}

    @app.get("/api/trips/compare", tags=["trips"])
    def compare(
        store: StoreDep,
        request: Request,
        first: Annotated[str, Query(pattern=TRIP_ID)],
        second: Annotated[str, Query(pattern=TRIP_ID)],
    ) -> dict[str, Any]:
        """Two trips side by side."""
        found = analysis.compare_trips(store, first, second, kb=_kb(request))
        return dict(_found(found, "trip"))

    @app.get("/api/trips/{trip_id}", tags=["trips"])
    def trip(
        store: StoreDep, request: Request, trip_id: Annotated[str, PathParam(pattern=TRIP_ID)]
    ) -> dict[str, Any]:
        """One trip: traveller, dates, places, delegation, counterparts, asks, agreements."""
        return dict(_found(analysis.trip(store, trip_id, kb=_kb(request)), "trip"))


def _add_people_routes(app: FastAPI) -> None:
    @app.get("/api/actors", tags=["people"])
    def actors(
        store: StoreDep,
        request: Request,
        q: Annotated[str, Query(min_length=1, max_length=80)],
        limit: Annotated[int, Query(ge=1, le=100)] = 25,
    ) -> dict[str, Any]:
        """Named actors whose name or id contains ``q``, most active first."""
        found = analysis.find_actors(store, q, _kb(request), limit=limit)
        return {"actors": plain(found)}

    @app.get("/api/actors/{key}", tags=["people"])
    def actor(
        store: StoreDep,
        request: Request,
        key: Annotated[str, PathParam(pattern=KEY, max_length=80)],
    ) -> dict[str, Any]:
        """A profile: roles over time, events as actor and recipient, counterparts."""
        return dict(_found(analysis.actor_profile(store, key, _kb(request)), "actor"))

    @app.get("/api/offices", tags=["people"])
    def offices(
        request: Request,
        country: Annotated[str | None, Query(pattern=r"^[A-Za-z]{2,12}$")] = None,
    ) -> dict[str, Any]:
        """Offices of the knowledge base (of one country or IGO) with their holders."""
        return {"offices": plain(analysis.list_offices(_kb(request), country))}

    @app.get("/api/offices/{office_id}", tags=["people"])
    def office(
        request: Request, office_id: Annotated[str, PathParam(pattern=rf"^[{WORD}.\-]{{1,80}}$")]
    ) -> dict[str, Any]:
        """An office's holders over time."""
        kb = _kb(request)
        if office_id not in kb.offices:
            raise HTTPException(404, "no such office")
        return dict(plain(analysis.office_holders(kb, office_id)))

    @app.get("/api/network", tags=["events"])
    def network(
        store: StoreDep,
        since: Since = None,
        until: Until = None,
        level: Literal["country", "code", "entity"] = "code",
        min_events: Annotated[int, Query(ge=1, le=10_000)] = 1,
        limit: Annotated[int, Query(ge=1, le=500)] = 150,
    ) -> dict[str, Any]:
        """Who engaged whom in a period, weighted by events, with cooperation/conflict."""
        found = analysis.network(
            store, since, until, level=level, min_events=min_events, limit=limit
        )
        return dict(plain(found))


# --------------------------------------------------------------------------- pages


def _web_dir() -> Path:
    return Path(str(resources.files("legation").joinpath("web")))


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
