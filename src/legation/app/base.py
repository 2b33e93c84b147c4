"""What the read endpoints (:mod:`legation.app.http`) and the write endpoints
(:mod:`legation.app.writes`) share: limits, id patterns, the error answer, the date parameter
and running an endpoint under a lock. Both import it; neither imports the other's routes
back (``create_app`` adds the write routes)."""

from __future__ import annotations

import functools
import re
import threading
from collections.abc import Callable
from datetime import date
from typing import Annotated, Any, ParamSpec, TypeVar

from pydantic import BaseModel, BeforeValidator

P = ParamSpec("P")
R = TypeVar("R")

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
