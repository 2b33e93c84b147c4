"""The HTTP API and web app: a thin FastAPI shell over the library.

``create_app(db)`` serves, from one store:

* ``/api/...`` — JSON endpoints (listed at ``/docs``, schema at ``/openapi.json``);
* ``/`` — the analyst web app (static files of ``legation/app/web``), and ``/docs`` with Swagger UI
  from the ``swagger-ui-bundle-v2`` package: nothing is fetched from the internet.

This module builds the app: its state (:class:`~legation.app.base.AppState`, set once as
``app.state.legation``), the guards, the body limit, the answer cache, the error answers and
the pages; the endpoints are routers it includes. The reads (:data:`legation.app.reads.router`)
go through :mod:`legation.analysis`. The writes (:data:`legation.app.writes.router`) are
included only when the app has a ``token`` (and not ``writable=False``): ``POST
/api/documents`` codes documents into the store (:mod:`legation.runner.records`), ``POST
/api/merges`` and ``DELETE /api/merges/{id}`` merge and unmerge events
(:class:`~legation.store.Store`), ``POST /api/kb/aliases`` and ``POST /api/kb/people`` edit the
store's actor file (:mod:`legation.actors.edits`).

Safety rules: with ``token`` set, every ``/api`` request (read or write) needs
``Authorization: Bearer <token>`` (compared in constant time); without it the API is read-only
and the store is opened read-only. Every parameter and body field is typed and bounded (PLOVER
types as an enum, ISO dates, ids by pattern, ``limit`` capped); SQL only with bound parameters
(in the library); query strings, bodies (:data:`MAX_BODY_BYTES`) and results capped; errors
answered as ``{"error": "..."}`` without stack traces.

Concurrency: reads run in worker threads, off the event loop, each on a cursor of its own
from the store's pool (:meth:`Store.reading`), so many readers are answered in parallel, also
while a write runs; every write takes ``AppState.write_lock`` (one write at a time, coding
included) and ``AppState.store_lock`` around its use of the store's one write connection, and
coding runs without the store lock. Answers to ``GET /api/...`` are kept until the next write
(:mod:`legation.app.cache`). A write-enabled app holds the store open read-write: other
processes get "the store is busy" until it stops.
"""

from __future__ import annotations

import hmac
import logging
from collections.abc import AsyncIterator, Awaitable, Callable, Coroutine
from contextlib import asynccontextmanager
from importlib import resources
from pathlib import Path
from typing import TYPE_CHECKING, Any

from fastapi import APIRouter, FastAPI, Request, Response, Security
from fastapi.exceptions import RequestValidationError
from fastapi.responses import FileResponse, JSONResponse
from fastapi.security import HTTPBearer
from fastapi.staticfiles import StaticFiles
from starlette.exceptions import HTTPException
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from ..config import Config
from ..errors import AmbiguousSideError, ConfigError, LegationError
from ..workspace import Workspace
from . import reads, writes
from .base import ERRORS, MAX_BODY_BYTES, AppState, plain, state_of
from .cache import DEFAULT_MAX_BYTES, AnswerCache, CacheMiddleware

if TYPE_CHECKING:
    from ..actors.kb import KnowledgeBase

log = logging.getLogger(__name__)

#: Above the longest valid query (every bounded parameter at its maximum, percent-encoded
#: 4-byte characters: about 4,400 bytes), which fuzzing found refused at 4,096.
MAX_QUERY_BYTES = 8192
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
    state = AppState.of(workspace, AnswerCache(cache_bytes) if cache_bytes > 0 else None)
    app = FastAPI(
        title="Legation",
        summary="PLOVER event data from news about international relations.",
        description=API_DESCRIPTION,
        version=_version(),
        docs_url=None,
        redoc_url=None,
        lifespan=_lifespan,
        responses=ERRORS,
        dependencies=[Security(_BEARER)] if token else [],
        exception_handlers=ERROR_HANDLERS,
    )
    app.state.legation = state
    app.add_middleware(_BodyLimit, limit=MAX_BODY_BYTES)
    if state.cache is not None:
        store = workspace.store
        app.add_middleware(CacheMiddleware, cache=state.cache, generation=lambda: store.generation)
    _add_guards(app, token, writable)
    app.include_router(reads.router)
    if writable:
        app.include_router(writes.router)
    _add_pages(app)
    return app


@asynccontextmanager
async def _lifespan(app: FastAPI) -> AsyncIterator[None]:
    yield
    state_of(app).workspace.close()


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


def _version() -> str:
    from .. import __version__

    return str(__version__)


# --------------------------------------------------------------------------- plumbing


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


async def _http_error(_: Request, exc: HTTPException) -> JSONResponse:
    message = UNPARSED if exc.detail == "There was an error parsing the body" else exc.detail
    return JSONResponse({"error": str(message)}, status_code=exc.status_code, headers=exc.headers)


async def _invalid(_: Request, exc: RequestValidationError) -> JSONResponse:
    details = [_problem(e) for e in exc.errors()[:10]]
    first = details[0] if details else {"parameter": "?", "problem": "invalid"}
    message = f"invalid parameter {first['parameter']!r}: {first['problem']}"
    return _error(422, message, details=details)


async def _ambiguous(_: Request, exc: AmbiguousSideError) -> JSONResponse:
    return _error(400, str(exc), candidates=plain(list(exc.candidates)))


async def _legation_error(_: Request, exc: LegationError) -> JSONResponse:
    return _error(400, str(exc))


async def _crash(request: Request, exc: Exception) -> JSONResponse:
    log.error("error answering %s", request.url.path, exc_info=exc)
    return _error(500, "internal error; the server log has the details")


#: Every error answered as ``{"error": "..."}``, without a stack trace.
ERROR_HANDLERS: dict[
    int | type[Exception], Callable[[Request, Any], Coroutine[Any, Any, Response]]
] = {
    HTTPException: _http_error,
    RequestValidationError: _invalid,
    AmbiguousSideError: _ambiguous,
    LegationError: _legation_error,
    Exception: _crash,
}


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


# --------------------------------------------------------------------------- pages


def _web_dir() -> Path:
    return Path(str(resources.files("legation.app").joinpath("web")))


def _swagger_dir() -> Path:
    import swagger_ui_bundle  # type: ignore[import-untyped]

    return Path(str(swagger_ui_bundle.swagger_ui_path))


pages = APIRouter(include_in_schema=False)


@pages.get("/")
def index() -> FileResponse:
    return FileResponse(_web_dir() / "index.html", media_type="text/html")


@pages.get("/docs")
def docs() -> FileResponse:
    return FileResponse(_web_dir() / "docs.html", media_type="text/html")


def _add_pages(app: FastAPI) -> None:
    app.mount("/static", StaticFiles(directory=_web_dir()), name="static")
    app.mount("/docs/assets", StaticFiles(directory=_swagger_dir()), name="swagger")
    app.include_router(pages)
