"""A learned tagger for the actor and recipient spans of a sentence's main event.

The rules find arguments by grammar (subject, object, the right preposition) and resolve them
to actors; they miss recipients that sit in noun phrases ("rejected *a request from* X"),
oblique phrases ("launched an attack *on* Y") or clauses the rules do not follow. The tagger
is a linear-chain CRF (CRFsuite, through ``python-crfsuite``) over the tokens of one parsed
sentence; it labels the *source* (``S``), *target* (``T``) and *reciprocal* (``R``, either side
of a meeting) of the main event in BIO form.

Features (:func:`token_features`): the word, its shape, POS, tag, dependency label, entity
type, suffix and head; its side of and dependency path to the classifier's *event verb*
(:func:`~legation.coding.classifier.event_verb`), the argument of the event verb whose
subtree holds it (``nsubj``, ``dobj``, ``prep:against``...), and the same for two tokens
either side; and the event verb's lemma with the token's side of it and POS (the verb's own
frame). Feature names are hashed (CRC-32, :func:`_hashed`) before they reach CRFsuite, so
the model file holds no words from the training data.

Training (:func:`legation.evaluate.span_training.train`, ``legation train``): the
``actor_spans_train.txt`` sentences (BIO tags S/T/R) and the ``split=train`` rows of
``plover_roots.csv`` (their ``source`` and ``target`` strings located in the text) -- test rows
are never read -- with L1/L2 regularisation :data:`C1`/:data:`C2`. Five-fold cross-validation
over the ``actor_spans`` training sentences (the ``plover_roots`` rows always in training) gave
token-overlap F1 0.894 for actors (S and R) and 0.703 for targets (0.891 / 0.681 without the
event verb's frame features); the ``plover_roots`` rows add 0.12 to target F1 and cost 0.03 on
actors (measured with the same folds, without them: 0.921 / 0.564). The project's own
labelled sentences (``legation/data/training``) are not training rows here: with them the
targets scored 0.674 without the frame features (0.681 without the sentences) -- their writers
marked recipients by other conventions than the peer annotators.
"""

from __future__ import annotations

import logging
import zlib
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources
from pathlib import Path
from typing import TYPE_CHECKING

from ..errors import CodingError

if TYPE_CHECKING:
    from spacy.tokens import Doc, Token
    from spacy.tokens import Span as SpacySpan

log = logging.getLogger(__name__)

DEFAULT_MODEL_FILE = "span_tagger.crfsuite"
#: L1 and L2 regularisation and iterations of the CRF (L-BFGS).
C1, C2, MAX_ITERATIONS = 0.1, 0.05, 150
#: BIO kinds: source, target, reciprocal (a side of a meeting, either actor or recipient).
KINDS = ("S", "T", "R")
CharSpan = tuple[int, int]


# ------------------------------------------------------------------------------- features


def _path(token: Token, verb: Token, limit: int = 4) -> str:
    """Dependency labels from ``token`` up to the event verb (``|EV``), or the first three
    (``|X``) when the verb is not within ``limit`` steps."""
    deps: list[str] = []
    t = token
    for _ in range(limit):
        if t.i == verb.i:
            return "/".join(deps) + "|EV"
        deps.append(t.dep_)
        if t.head.i == t.i:
            break
        t = t.head
    return "/".join(deps[:3]) + "|X"


def _roles(verb: Token) -> dict[int, str]:
    """Token index -> the event verb's argument whose subtree holds it."""
    roles: dict[int, str] = {}
    for child in verb.children:
        role = f"{child.dep_}:{child.lemma_.lower()}" if child.dep_ == "prep" else child.dep_
        for t in child.subtree:
            roles.setdefault(t.i, role)
    return roles


def token_features(sent: SpacySpan | Doc) -> list[list[str]]:
    """Named features of each token of one parsed sentence (before hashing)."""
    from .classifier import event_verb

    span = sent if not hasattr(sent, "sents") else sent[:]
    root, verb = event_verb(span)
    roles = _roles(verb)
    doc = span.doc
    base: list[dict[str, str]] = []
    for tok in span:
        base.append(
            {
                "w": tok.lower_,
                "sh": tok.shape_,
                "pos": tok.pos_,
                "tag": tok.tag_,
                "dep": tok.dep_,
                "ent": tok.ent_iob_ + tok.ent_type_,
                "hl": tok.head.lemma_.lower(),
                "hd": tok.head.dep_,
                "suf": tok.lower_[-3:],
                "title": "1" if tok.is_title else "0",
                "side": "b" if tok.i < verb.i else ("ev" if tok.i == verb.i else "a"),
                "role": roles.get(tok.i, "none"),
                "path": _path(tok, verb),
                "rootside": "b" if tok.i < root.i else "a",
            }
        )
    out: list[list[str]] = []
    lemma = verb.lemma_.lower()
    for tok, f in zip(span, base, strict=True):
        names = [f"{k}={v}" for k, v in f.items()]
        names.append(f"role_pos={f['role']}|{f['pos']}")
        names.append(f"side_dep={f['side']}|{f['dep']}")
        # the event verb's own frame: a noun after "met" is a side of a meeting where one
        # after "attacked" is a target, and one before "received" is a host
        names.append(f"ev_side={lemma}|{f['side']}|{f['pos']}")
        for d in (-2, -1, 1, 2):
            j = tok.i + d
            if span.start <= j < span.end:
                n = doc[j]
                names += [
                    f"w{d}={n.lower_}",
                    f"pos{d}={n.pos_}",
                    f"ent{d}={n.ent_iob_}{n.ent_type_}",
                    f"role{d}={roles.get(j, 'none')}",
                ]
            else:
                names.append(f"w{d}=<pad>")
        out.append(names)
    return out


def _hashed(names: Iterable[str]) -> list[str]:
    return [format(zlib.crc32(n.encode("utf-8")), "x") for n in names]


def hashed_features(sent: SpacySpan | Doc) -> list[list[str]]:
    """:func:`token_features` with every name hashed, as the model sees them."""
    return [_hashed(names) for names in token_features(sent)]


# ------------------------------------------------------------------------------- tagging


@dataclass(frozen=True, slots=True)
class TaggedSpans:
    """The spans the tagger found in one sentence (spaCy spans of the sentence's doc)."""

    sources: tuple[SpacySpan, ...] = ()
    targets: tuple[SpacySpan, ...] = ()
    reciprocal: tuple[SpacySpan, ...] = ()

    @property
    def actors(self) -> tuple[SpacySpan, ...]:
        """Actor-side spans: sources, and both sides of a reciprocal event."""
        return self.sources + self.reciprocal


def decode(sent: SpacySpan | Doc, labels: Sequence[str]) -> dict[str, list[SpacySpan]]:
    """BIO labels over the tokens of ``sent`` -> spans per kind (an ``I-`` after another
    kind opens a span)."""
    span = sent if not hasattr(sent, "sents") else sent[:]
    found: dict[str, list[SpacySpan]] = {k: [] for k in KINDS}
    starts: dict[str, list[int]] = {k: [] for k in KINDS}
    ends: dict[str, list[int]] = {k: [] for k in KINDS}
    current: str | None = None
    for tok, label in zip(span, labels, strict=True):
        prefix, _, kind = label.partition("-")
        if prefix == "I" and kind == current:
            ends[kind][-1] = tok.i + 1
        elif prefix in ("B", "I") and kind in found:
            starts[kind].append(tok.i)
            ends[kind].append(tok.i + 1)
            current = kind
        else:
            current = None
    for kind in KINDS:
        found[kind] = [span.doc[s:e] for s, e in zip(starts[kind], ends[kind], strict=True)]
    return found


class SpanTagger:
    """A trained CRF span tagger (one CRFsuite model file)."""

    def __init__(self, path: Path) -> None:
        try:
            import pycrfsuite
        except ImportError:  # pragma: no cover - a declared dependency
            raise CodingError("the span tagger needs python-crfsuite: pip install -e .") from None
        self.path = path
        self._tagger = pycrfsuite.Tagger()
        try:
            self._tagger.open(str(path))
        except (OSError, ValueError) as exc:
            raise CodingError(f"cannot read the span tagger model {path}: {exc}") from None

    def labels(self, sent: SpacySpan | Doc) -> list[str]:
        """BIO labels of the sentence's tokens."""
        feats = hashed_features(sent)
        return list(self._tagger.tag(feats)) if feats else []

    def tag(self, sent: SpacySpan | Doc) -> TaggedSpans:
        found = decode(sent, self.labels(sent))
        return TaggedSpans(tuple(found["S"]), tuple(found["T"]), tuple(found["R"]))


def default_model_path() -> Path:
    """The shipped model file inside the package."""
    return Path(str(resources.files("legation").joinpath(f"data/models/{DEFAULT_MODEL_FILE}")))


@lru_cache(maxsize=1)
def load_default() -> SpanTagger:
    """The shipped span tagger (cached per process: one per worker)."""
    return SpanTagger(default_model_path())


# ------------------------------------------------------------------------------- training


def bio_labels(sent: SpacySpan | Doc, spans: Mapping[str, Sequence[CharSpan]]) -> list[str]:
    """BIO labels of the sentence's tokens from character spans per kind (offsets relative
    to the sentence text)."""
    span = sent if not hasattr(sent, "sents") else sent[:]
    base = span.start_char
    labels = ["O"] * len(span)
    for kind, char_spans in spans.items():
        for start, end in char_spans:
            first = True
            for k, tok in enumerate(span):
                at = tok.idx - base
                if at < end and start < at + len(tok.text):
                    labels[k] = ("B-" if first else "I-") + kind
                    first = False
    return labels
