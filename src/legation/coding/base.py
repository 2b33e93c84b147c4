"""The coder interface: a parsed, actor-resolved document in, events out; and the registry
of coders (:data:`CODERS`) the backends register themselves in."""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING, Protocol, runtime_checkable

from ..errors import ConfigError
from ..lang import DEFAULT_LANGUAGE
from ..model import Document, Event
from ..registry import PLUGIN_GROUPS, Registry

if TYPE_CHECKING:
    from spacy.language import Language
    from spacy.tokens import Doc, Span

    from ..actors.base import DocumentActors

#: The languages of a coder that does not say (:class:`Multilingual`): the shipped coders'
#: rules, word lists and lexicon are English.
DEFAULT_CODER_LANGUAGES: tuple[str, ...] = (DEFAULT_LANGUAGE,)


class Coder(Protocol):
    """A coder backend (registry ``coders``, e.g. ``rules.v1``).

    Returns events with actors, recipients, type, mode, CAMEO/Goldstein/PLOVER scores,
    contexts, amount, factuality flags, trigger span and rule filled; the ``dates`` stage
    fills ``date``/``date_precision`` afterwards."""

    name: str

    def code(self, document: Document, doc: Doc, actors: DocumentActors) -> list[Event]: ...


@runtime_checkable
class SelectiveCoder(Protocol):
    """A coder that finds events only in sentences it can tell apart before parsing, and
    says how: with ``selective=True`` the pipeline parses only the sentences (and runs of
    them) that ``sentence_filter(nlp)`` keeps, and gives the others a flat tree
    (:mod:`legation.selective`). A coder without this method always gets every sentence
    parsed."""

    def sentence_filter(self, nlp: Language) -> Callable[[Span], bool]:
        """A test, made once per pipeline, of whether a sentence (tokenized, split, not
        parsed) can hold an event for this coder; it must err on the side of parsing."""
        ...


#: The coders by versioned name (``rules.v1``, ``hybrid.v1``), extended by plugins' entry
#: points.
CODERS: Registry[Coder] = Registry("coder", PLUGIN_GROUPS["coder"])


@runtime_checkable
class Multilingual(Protocol):
    """A coder that says which languages it codes (registered codes, :mod:`legation.lang`);
    one without the attribute codes :data:`DEFAULT_CODER_LANGUAGES` only."""

    languages: tuple[str, ...]


def coder_languages(coder: object) -> tuple[str, ...]:
    """The languages ``coder`` codes (see :class:`Multilingual`)."""
    return tuple(coder.languages) if isinstance(coder, Multilingual) else DEFAULT_CODER_LANGUAGES


def check_languages(coder: object, name: str, languages: tuple[str, ...]) -> None:
    """ConfigError unless ``coder`` (registered as ``name``) codes every one of
    ``languages`` (the config's)."""
    codes = coder_languages(coder)
    missing = [code for code in languages if code not in codes]
    if not missing:
        return
    raise ConfigError(
        f"coder {name!r} codes {', '.join(codes)} only, but the config's languages list "
        f"{', '.join(repr(c) for c in missing)}; remove them from languages, or choose a "
        "coder that codes them"
    )
