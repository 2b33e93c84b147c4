"""What the app (:mod:`legation.app.http`), its read endpoints (:mod:`legation.app.reads`)
and its write endpoints (:mod:`legation.app.writes`) share: the app's typed state
(:class:`AppState`, reached by every route through :data:`StateDep`), limits, id patterns,
the error answer, the date parameter and results as JSON-ready values. All three import it;
the routers import neither each other nor :mod:`~legation.app.http`, which builds the app
and includes them."""

from __future__ import annotations

import re
import threading
from dataclasses import dataclass, field, fields, is_dataclass
from datetime import date
from enum import Enum
from typing import TYPE_CHECKING, Annotated, Any

from fastapi import Depends, Request
from pydantic import BaseModel, BeforeValidator
from starlette.applications import Starlette

from ..model import Actor
from ..store import Store, StoredEvent
from .cache import AnswerCache

if TYPE_CHECKING:
    from ..actors.kb import KnowledgeBase
    from ..analysis import SideIndex
    from ..workspace import Workspace

MAX_BODY_BYTES = 2_000_000
EVENT_ID = r"^[0-9a-f]{64}$"
ISO_DATE = re.compile(r"\d{4}-\d{2}-\d{2}")


def _iso_date(value: Any) -> Any:
    """Only ``YYYY-MM-DD`` (pydantic alone would also take numbers, as Unix times)."""
    if isinstance(value, date) or (isinstance(value, str) and ISO_DATE.fullmatch(value)):
        return value
    raise ValueError("use a date written YYYY-MM-DD")


IsoDate = Annotated[date, BeforeValidator(_iso_date)]


class ApiError(BaseModel):
    """Every error answer: a message saying what was wrong (and, for invalid parameters,
    the first problems found)."""

    error: str
    details: list[dict[str, str]] | None = None


ERRORS: dict[int | str, dict[str, Any]] = {
    422: {"model": ApiError, "description": "An invalid parameter or body"},
    "default": {"model": ApiError, "description": 'An error, as `{"error": "..."}`'},
}


# --------------------------------------------------------------------------- the app's state


@dataclass(eq=False)
class AppState:
    """What one app serves from, set once by :func:`~legation.app.http.create_app` as
    ``app.state.legation``: the workspace (store, config, knowledge base, pipeline), its
    store, whether writes are taken, the answer cache, the locks writes take and the side
    index built on first use."""

    workspace: Workspace
    store: Store
    writable: bool
    #: An :class:`AnswerCache`, unless ``create_app(cache_bytes=0)``.
    cache: AnswerCache | None = None
    #: Writes: one at a time on the store's write connection.
    store_lock: threading.Lock = field(default_factory=threading.Lock)
    #: One write at a time (coding included).
    write_lock: threading.Lock = field(default_factory=threading.Lock)
    #: The knowledge base and its :class:`SideIndex`, built on first use (again after an edit).
    side_index: tuple[KnowledgeBase, SideIndex] | None = None

    @classmethod
    def of(cls, workspace: Workspace, cache: AnswerCache | None = None) -> AppState:
        return cls(workspace, workspace.store, workspace.writable, cache)

    def knowledge_base(self) -> KnowledgeBase:
        return self.workspace.knowledge_base()


def state_of(app: Starlette) -> AppState:
    """The state of an app made by :func:`~legation.app.http.create_app`."""
    state: AppState = app.state.legation
    return state


def app_state(request: Request) -> AppState:
    """The state of the app answering ``request`` (a dependency of every route)."""
    return state_of(request.app)


StateDep = Annotated[AppState, Depends(app_state)]


def _store(state: StateDep) -> Store:
    return state.store


StoreDep = Annotated[Store, Depends(_store)]


# --------------------------------------------------------------------------- answers


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
