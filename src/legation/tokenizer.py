"""The NLP stage's tokenizer: spaCy's own, with one more infix, set before its special cases
are loaded (imported by :func:`legation.nlp.load_pipeline` only: it imports spaCy).

A spaCy tokenizer reloads its 1,300 special cases ("don't", "Mr.") whenever one of its
patterns is set: once when the pipeline's factory builds it from the language defaults, once
when the package's own tokenizer data replaces them, and once more when Legation adds its
infix afterwards. Built empty and given its infix between reading the package's patterns and
its special cases, it loads them once, and a pipeline loads a quarter of a second sooner.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable
from typing import TYPE_CHECKING, Any

import srsly
from spacy.tokenizer import Tokenizer
from spacy.util import registry

if TYPE_CHECKING:
    from spacy.language import Language

#: The registered name of the factory (``[nlp.tokenizer] @tokenizers`` in a spaCy config).
NAME = "legation.Tokenizer.v1"
#: The factory a pipeline must name for this tokenizer to replace it: spaCy's default.
REPLACES = "spacy.Tokenizer.v1"
#: A hyphen between an abbreviation and a name: "U.S.-Pakistan", "E.U.-China" (spaCy's own
#: infixes split "Pakistan-US" but not a hyphen after a full stop).
ABBREVIATED_PAIR = r"(?<=[A-Z]\.)[-–](?=[A-Z][a-z])"


def with_pairs(pattern: str) -> str:
    """``pattern`` (spaCy's infix pattern) that also splits "U.S.-Pakistan" in three."""
    return pattern if ABBREVIATED_PAIR in pattern else f"{pattern}|{ABBREVIATED_PAIR}"


class PairTokenizer(Tokenizer):  # type: ignore[misc]
    """A spaCy tokenizer whose infixes split "U.S.-Pakistan" as they split "Pakistan-US",
    so that both states are read."""

    def from_bytes(self, bytes_data: bytes, *, exclude: Iterable[str] = ()) -> PairTokenizer:
        exclude = tuple(exclude)
        super().from_bytes(bytes_data, exclude=(*exclude, "exceptions"))
        finditer: Any = getattr(self, "infix_finditer", None)
        pattern = getattr(getattr(finditer, "__self__", None), "pattern", None)
        if isinstance(pattern, str):
            self.infix_finditer = re.compile(with_pairs(pattern)).finditer
        if "exceptions" not in exclude:
            rules = srsly.msgpack_loads(bytes_data).get("exceptions")
            if isinstance(rules, dict):
                self.rules = rules
        return self


def create_tokenizer() -> Callable[[Language], PairTokenizer]:
    """An empty :class:`PairTokenizer`: a packaged pipeline's own tokenizer data fills it."""

    def make(nlp: Language) -> PairTokenizer:
        return PairTokenizer(nlp.vocab)

    return make


registry.tokenizers.register(NAME, func=create_tokenizer)


def override(config: dict[str, Any]) -> dict[str, Any]:
    """The config override that loads a pipeline with :class:`PairTokenizer`, if its
    ``config`` (the package's ``config.cfg``) names spaCy's default tokenizer; else none."""
    named = config.get("nlp", {}).get("tokenizer", {}).get("@tokenizers")
    return {"nlp": {"tokenizer": {"@tokenizers": NAME}}} if named == REPLACES else {}
