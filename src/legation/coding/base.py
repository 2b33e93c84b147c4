"""The coder interface: a parsed, actor-resolved document in, events out."""

from __future__ import annotations

from typing import TYPE_CHECKING, Protocol

from ..model import Document, Event

if TYPE_CHECKING:
    from spacy.tokens import Doc

    from ..actors.base import DocumentActors


class Coder(Protocol):
    """A coder backend (registry ``coders``, e.g. ``rules.v1``).

    Returns events with actors, recipients, type, mode, CAMEO/Goldstein/PLOVER scores,
    contexts, amount, factuality flags, trigger span and rule filled; the ``dates`` stage
    fills ``date``/``date_precision`` afterwards."""

    name: str

    def code(self, document: Document, doc: Doc, actors: DocumentActors) -> list[Event]: ...
