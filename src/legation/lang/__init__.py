"""The language seam: what Legation knows of each language, chosen by code.

``language("en")`` is the :class:`~legation.lang.base.Language` of English (:mod:`.en`),
the only one filled in. Everything language-dependent outside this package (dates, datelines,
detection, de-duplication's stop words, the default spaCy model, the coder's lexicon) reads
it from here. Other packages add languages under the entry-point group ``legation.languages``
(:mod:`legation.registry`): the entry point names a function returning the ``Language``.

The config's ``languages`` must name registered languages; its first is the one documents are
read in (:attr:`legation.config.Config.language`). A coder says which languages it codes
(:func:`legation.coding.base.coder_languages`), and a pipeline whose config lists another is
refused when it is built.
"""

from __future__ import annotations

from ..errors import ConfigError
from ..registry import PLUGIN_GROUPS, Registry
from .base import Language
from .en import english

__all__ = ["DEFAULT_LANGUAGE", "LANGUAGES", "Language", "language"]

#: The language used where none is given (and the config's default ``languages``).
DEFAULT_LANGUAGE = "en"

LANGUAGES: Registry[Language] = Registry("language", PLUGIN_GROUPS["language"])
LANGUAGES.register("en")(english)


def language(code: str = DEFAULT_LANGUAGE) -> Language:
    """The registered language ``code``; ConfigError naming the registered ones if none."""
    found = LANGUAGES.get(code)()
    if found.code != code:
        raise ConfigError(
            f"language {code!r} is registered with the data of {found.code!r}; "
            "its factory must return a Language whose code is the name it is registered under"
        )
    return found
