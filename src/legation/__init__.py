"""Legation: source-linked international event data from news text.

>>> import legation
>>> events = legation.code_text("General Asim Munir met Antony Blinken.")  # doctest: +SKIP

The one-liners here sit on top of :class:`legation.pipeline.Pipeline`.
"""

from __future__ import annotations

import logging
from datetime import date
from functools import lru_cache
from typing import TYPE_CHECKING

from .config import Config
from .errors import LegationError
from .model import Actor, Document, Event, PloverType

if TYPE_CHECKING:
    from .pipeline import Pipeline

__version__ = "0.1.0"
__all__ = [
    "Actor",
    "Config",
    "Document",
    "Event",
    "LegationError",
    "PloverType",
    "code_text",
    "get_pipeline",
]

logging.getLogger(__name__).addHandler(logging.NullHandler())


@lru_cache(maxsize=2)
def get_pipeline(config: Config | None = None) -> Pipeline:
    """A pipeline for ``config`` (the default config if None), built once per process."""
    from .pipeline import Pipeline

    return Pipeline(config or Config.default())


def code_text(
    text: str, published: date | str | None = None, config: Config | None = None
) -> list[Event]:
    """Code one text into events, anchored on its publication date if given."""
    if isinstance(published, str):
        published = date.fromisoformat(published)
    return get_pipeline(config).code_text(text, published=published)
