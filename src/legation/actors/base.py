"""The actor-resolution interface every resolver backend implements."""

from __future__ import annotations

from typing import TYPE_CHECKING, Protocol

from ..model import Actor, Document, Mention

if TYPE_CHECKING:
    from spacy.tokens import Doc, Span


class DocumentActors(Protocol):
    """Actors of one parsed document, resolved at the document's date."""

    mentions: list[Mention]
    home_country: str | None  # the country the document is mostly about/from (ISO3)

    def actor_for(self, span: Span) -> Actor | None:
        """The actor a noun phrase refers to (a mention inside it, or whatever can be
        inferred: "Pakistani community members" -> PAK CVL), or None when the phrase does
        not denote an actor ("the drone strike")."""
        ...


class ActorResolver(Protocol):
    """A resolver backend (registry ``resolvers``, e.g. ``dictionary.v1``)."""

    name: str

    def analyse(self, document: Document, doc: Doc) -> DocumentActors: ...
