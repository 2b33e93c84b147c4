"""The actor-resolution interface every resolver backend implements, and the registry of
resolvers (:data:`RESOLVERS`) the backends register themselves in."""

from __future__ import annotations

from typing import TYPE_CHECKING, Protocol

from ..model import Actor, Document, Event, Mention
from ..registry import PLUGIN_GROUPS, Registry

if TYPE_CHECKING:
    from spacy.tokens import Doc, Span


class DocumentActors(Protocol):
    """Actors of one parsed document, resolved at the document's date."""

    mentions: list[Mention]
    home_country: str | None  # the country the document is mostly about/from (ISO3)
    sole_country: bool  # whether home_country is the only country the document names

    def actor_for(self, span: Span) -> Actor | None:
        """The actor a noun phrase refers to (a mention inside it, or whatever can be
        inferred: "Pakistani community members" -> PAK CVL), or None when the phrase does
        not denote an actor ("the drone strike")."""
        ...

    def actors_for(self, span: Span) -> list[Actor]:
        """The actors a noun phrase refers to: several for a coordinated side, as PLOVER's
        compound actors ("Bolivian and Peruvian officials" -> BOL GOV, PER GOV; "Kenya and
        Tanzania" -> KEN, TZA); ``[actor_for(span)]`` otherwise; [] for no actor."""
        ...

    def redate(self, events: list[Event]) -> list[Event]:
        """``events`` with their actors resolved again at each event's own date where it
        differs from the date the document was resolved at (called after the dates stage:
        a 2019 visit told in a 2024 article has the 2019 office holders)."""
        ...


class ActorResolver(Protocol):
    """A resolver backend (registry ``resolvers``, e.g. ``dictionary.v1``)."""

    name: str

    def analyse(self, document: Document, doc: Doc) -> DocumentActors: ...


#: The resolvers by versioned name (``dictionary.v1``), extended by plugins' entry points.
RESOLVERS: Registry[ActorResolver] = Registry("resolver", PLUGIN_GROUPS["resolver"])
