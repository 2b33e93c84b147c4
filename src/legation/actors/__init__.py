"""Actor resolution: knowledge base and resolvers chosen by registry name (``dictionary.v1``).

>>> from legation.actors import build_resolver
>>> resolver = build_resolver(Config.default())          # doctest: +SKIP
>>> actors = resolver.analyse(document, doc)              # doctest: +SKIP
>>> actors.actor_for(doc[0:3])                            # doctest: +SKIP

``RESOLVERS.get(name)(kb=..., config=...)`` builds a backend by its versioned name; the knowledge
base format is described in :mod:`legation.actors.kb`.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from .base import RESOLVERS, ActorResolver, DocumentActors

if TYPE_CHECKING:
    from ..config import Config

__all__ = ["RESOLVERS", "ActorResolver", "DocumentActors", "build_resolver"]


def build_resolver(config: Config) -> ActorResolver:
    """The resolver named by ``config.resolver`` over the shipped knowledge base plus the
    files and folders in ``config.actor_paths``, indexed (from the compiled cache when
    nothing changed: :func:`.lexicon.indexed_knowledge_base`)."""
    from .lexicon import indexed_knowledge_base

    kb = indexed_knowledge_base(config.actor_paths, world=config.world_actors)
    return RESOLVERS.get(config.resolver)(kb=kb, config=config)


from . import dictionary as _dictionary  # noqa: E402  (registers dictionary.v1)

del _dictionary
