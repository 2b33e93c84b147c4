"""A learned PLOVER event-type classifier over spaCy sentences (and a PentaClass head).

The classifier reuses the parse the pipeline already has: it reads a spaCy ``Span`` (one
sentence) and never runs another model. It is a pair of linear models over sparse, named
features; prediction needs numpy only, training needs scikit-learn (``legation[train]``).

Features (:func:`sentence_features`), in four groups, each TF-IDF weighted and L2-normalised on
its own, then scaled by :data:`GROUP_WEIGHTS`:

- ``bag``: lower-cased words, lemmas, lemma bigrams, all verbs' lemmas and their
  objects/particles, noun lemmas;
- ``c``: character 4- and 5-grams of content-word lemmas (morphology, unseen inflections);
- ``ev``: the *event verb* -- the sentence root, or, when the root is a reporting verb (``say``,
  ``tell``...), its clausal complement -- with its particle, objects, prepositional objects,
  open complement (``agree > release``), negation, modal, passive, subject and POS tag;
- ``lex``: a small hand-written trigger lexicon (:data:`TRIGGER_LEXICON`, from the CAMEO and
  PLOVER codebooks) fired by the event verb, its complements and any lemma of the sentence,
  and conjoined with a future/intent marker.

Labels: the training set's ``YIELD`` (CAMEO 08) is kept as one internal class and resolved when
probabilities are reported (:func:`yield_split`): the whole ``YIELD`` mass goes to ``RETREAT``
when the event verb (or its complement) is a material-retreat cue (release, free, withdraw,
pull out, return, evacuate, disarm, demobilise, repatriate, hand over, surrender...) stated as
done, otherwise to ``CONCEDE`` (policy concessions, pardons, *declared* ceasefires, per the
PLOVER manual).

A third, optional head (:meth:`EventClassifier.predict_event_proba`) detects whether a sentence
reports an event at all: the type heads assume it does, and the peer data holds only sentences
that do, so this head learns from the project's own sentences that report none (opinion,
recommendations, generalisations, statistics... in ``legation/data/training/``) against all the
others.

Training (:func:`~legation.coding.training.train`, in :mod:`legation.coding.training`) fits the
heads from the development data and the project's own sentences and writes the model file this
module reads.

Features are hashed (:func:`feature_hash`, CRC-32 into ``2**HASH_BITS`` buckets): the trained
model is one ``.npz`` file (no pickle) holding the ids of the buckets seen in training, their
IDF, the weight matrices and intercepts of the heads, and a JSON metadata string -- no feature
names or other text from the training data.
"""

from __future__ import annotations

import itertools
import json
import zlib
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from functools import lru_cache
from importlib import resources
from pathlib import Path
from typing import TYPE_CHECKING, Any, cast

import numpy as np
import numpy.typing as npt

from ..errors import CodingError
from ..model import PloverType

if TYPE_CHECKING:
    from spacy.tokens import Doc, Span, Token

    from .encoder import SentenceEncoder

FloatArray = npt.NDArray[np.float64]

FORMAT_VERSION = 2
DEFAULT_MODEL_FILE = "event_classifier.npz"

#: Output columns of :meth:`EventClassifier.predict_proba`: the 16 PLOVER types.
PLOVER_LABELS: tuple[str, ...] = tuple(t.value for t in PloverType)
#: The internal label of the training data standing for CONCEDE or RETREAT.
YIELD = "YIELD"
#: Labels of the detection head: the sentence reports an event, or none.
EVENT, NO_EVENT = "event", "none"
EVENT_LABELS: tuple[str, ...] = (EVENT, NO_EVENT)
#: PentaClass labels: 0 statement/appeal, 1 verbal cooperation, 2 material cooperation,
#: 3 verbal conflict, 4 material conflict.
PENTA_LABELS: tuple[int, ...] = (0, 1, 2, 3, 4)

GROUPS: tuple[str, ...] = ("bag", "c", "ev", "lex")
GROUP_WEIGHTS: dict[str, float] = {"bag": 1.0, "c": 1.0, "ev": 1.0, "lex": 0.5}
_GROUP_INDEX: dict[str, int] = {g: i for i, g in enumerate(GROUPS)}
#: Features are hashed into ``2**HASH_BITS`` buckets (:func:`feature_hash`).
HASH_BITS = 22
_HASH_MASK = (1 << HASH_BITS) - 1


def _w(words: str) -> tuple[str, ...]:
    return tuple(words.split())


REPORTING_VERBS = frozenset(
    _w(
        "say tell add state report quote note insist claim stress explain write "
        "reiterate announce confirm acknowledge reveal tweet remark"
    )
)
MODALS = frozenset(_w("will would could can may might shall should must"))
_SKIP_POS = frozenset({"PUNCT", "SPACE", "SYM", "NUM", "X"})

#: Trigger lemmas per type (prior knowledge from the CAMEO/PLOVER codebooks, not from the data).
#: Multi-word entries join verb and particle with ``_``. A lemma may serve several types.
TRIGGER_LEXICON: dict[str, tuple[str, ...]] = {
    "REQUEST": _w(
        "urge appeal call ask demand request plead seek press petition implore exhort beg invite"
    ),
    "AGREE": _w(
        "agree pledge promise vow offer commit sign accept consent intend plan "
        "ready willing deal accord agreement ratify"
    ),
    "CONSULT": _w(
        "meet visit talk discuss negotiate host phone call_on consult confer "
        "summit negotiation talks meeting mediate trip tour"
    ),
    "SUPPORT": _w(
        "praise welcome support endorse back commend hail applaud congratulate "
        "thank defend recognize recognise apologize apologise forgive laud "
        "salute"
    ),
    "CONCEDE": _w(
        "concede grant allow lift ease pardon amnesty resign relent yield "
        "permit approve reverse revoke reinstate suspend cancel relax extend"
    ),
    "RETREAT": _w(
        "withdraw release free return ceasefire truce retreat pull evacuate "
        "demobilize disarm hand_over surrender repatriate leave vacate"
    ),
    "COOPERATE": _w(
        "cooperate cooperation share exercise drill joint train partner "
        "collaborate extradite exchange"
    ),
    "AID": _w(
        "aid assistance donate provide supply deliver send fund humanitarian "
        "relief loan asylum shelter help"
    ),
    "ACCUSE": _w(
        "accuse condemn criticize criticise denounce blame allege charge sue "
        "investigate probe slam deplore fault convict indict lawsuit criticism "
        "condemnation decry"
    ),
    "REJECT": _w(
        "reject refuse deny dismiss veto rebuff spurn oppose decline defy "
        "ignore boycott disagree rule_out refute"
    ),
    "THREATEN": _w("threaten warn ultimatum threat warning"),
    "PROTEST": _w(
        "protest demonstrate rally strike march demonstration protester "
        "demonstrator sit-in picket riot"
    ),
    "SANCTION": _w(
        "sanction embargo expel suspend cut sever recall freeze halt ban restrict boycott downgrade"
    ),
    "MOBILIZE": _w("mobilize mobilise deploy alert mass reinforce buildup troop"),
    "COERCE": _w(
        "arrest detain seize impose blockade siege curfew deport jail imprison "
        "confiscate raid crack_down crackdown expel censor ban"
    ),
    "ASSAULT": _w(
        "attack kill bomb shell strike airstrike shoot fire invade assault "
        "wound clash fight bombard execute massacre raid ambush explode "
        "assassinate torture abduct kidnap"
    ),
}
#: Event-verb lemmas that make a YIELD a material RETREAT rather than a CONCEDE.
RETREAT_CUES = frozenset(
    _w(
        "withdraw release free return pull evacuate retreat demobilize "
        "demobilise disarm repatriate hand vacate leave surrender"
    )
)


def _lexicon_index() -> dict[str, tuple[str, ...]]:
    index: dict[str, list[str]] = {}
    for ptype, lemmas in TRIGGER_LEXICON.items():
        for lemma in lemmas:
            index.setdefault(lemma, []).append(ptype)
    return {k: tuple(v) for k, v in index.items()}


_LEX = _lexicon_index()


# --------------------------------------------------------------------------------- features


def _clean(s: str) -> str:
    return "_".join(s.lower().split())


def _lem(tok: Token) -> str:
    return _clean(tok.lemma_ or tok.text)


def _as_span(sent: Span | Doc) -> Span:
    return cast("Span", sent if hasattr(sent, "root") else sent[:])


def event_verb(sent: Span | Doc) -> tuple[Token, Token]:
    """The sentence root and the *event verb*: the root, or the first clausal complement of a
    reporting-verb root ("X said Y *attacked* Z")."""
    root = _as_span(sent).root
    if _lem(root) in REPORTING_VERBS:
        for child in root.children:
            if child.dep_ in ("ccomp", "xcomp", "advcl") and child.pos_ in ("VERB", "AUX"):
                return root, child
    return root, root


def encoder_inputs(sents: Sequence[Span | Doc]) -> tuple[list[str], list[tuple[int, int]]]:
    """The texts of ``sents`` and the character span of each one's event verb in it, as the
    sentence encoder (:mod:`legation.coding.encoder`) reads them."""
    texts: list[str] = []
    verbs: list[tuple[int, int]] = []
    for s in sents:
        span = _as_span(s)
        verb = event_verb(span)[1]
        at = verb.idx - span.start_char
        texts.append(span.text)
        verbs.append((at, at + len(verb.text)))
    return texts, verbs


def _is_future(verb: Token) -> bool:
    return verb.tag_ == "VB" or any(
        c.dep_ == "aux" and _lem(c) in ("will", "would", "to") for c in verb.children
    )


def _verb_features(verb: Token, out: list[str]) -> None:
    lem = _lem(verb)
    out.append(f"ev={lem}")
    for child in verb.children:
        dep, cl = child.dep_, _lem(child)
        if dep == "prt":
            out.append(f"evprt={lem}_{cl}")
        elif dep in ("dobj", "attr", "oprd", "dative"):
            out.append(f"evobj={lem}|{cl}")
            out.append(f"evo={cl}")
            for gc in child.children:
                if gc.dep_ == "prep":
                    out.append(f"evobjprep={lem}|{cl}|{_lem(gc)}")
                elif gc.dep_ in ("compound", "amod"):
                    out.append(f"evomod={_lem(gc)}_{cl}")
        elif dep == "prep":
            out.append(f"evprep={lem}|{cl}")
            out.extend(f"evpp={lem}|{cl}|{_lem(g)}" for g in child.children if g.dep_ == "pobj")
        elif dep in ("xcomp", "ccomp") and child.pos_ in ("VERB", "AUX"):
            out.append(f"evx={lem}>{cl}")
            out.append(f"evxv={cl}")
            out.extend(f"evxo={cl}|{_lem(g)}" for g in child.children if g.dep_ in ("dobj", "prt"))
        elif dep == "neg":
            out.append("evneg")
            out.append(f"evneg={lem}")
        elif dep == "aux" and cl in MODALS:
            out.append(f"evmod={cl}")
        elif dep == "auxpass":
            out.append(f"evpass={lem}")
        elif dep in ("nsubj", "nsubjpass"):
            out.append(f"evs={cl}")
        elif dep == "advmod":
            out.append(f"evadv={cl}")
    out.append(f"evtag={verb.tag_}")


def sentence_features(sent: Span | Doc) -> list[str]:
    """Named sparse features of one parsed sentence (see the module docstring).

    The prefix before the first ``=`` names the feature kind; :func:`feature_group` maps it
    to its group. Duplicates are allowed (they count once)."""
    span = _as_span(sent)
    out: list[str] = []
    toks = [t for t in span if t.pos_ not in _SKIP_POS and not t.is_space]
    lemmas = [_lem(t) for t in toks]
    out += [f"w={_clean(t.text)}" for t in toks]
    out += [f"l={x}" for x in lemmas]
    out += [f"b={a}_{b}" for a, b in itertools.pairwise(lemmas)]
    for tok, lem in zip(toks, lemmas, strict=True):
        if tok.is_stop or tok.pos_ == "PROPN":
            continue
        s = f"<{lem}>"
        for n in (4, 5):
            out += [f"c={s[i : i + n]}" for i in range(len(s) - n + 1)]
    root, ev = event_verb(span)
    _verb_features(ev, out)
    if ev is not root:
        out.append(f"rep={_lem(root)}")
    # trigger lexicon
    evl = _lem(ev)
    fut = _is_future(ev)
    keys = [evl] + [f"{evl}_{_lem(c)}" for c in ev.children if c.dep_ == "prt"]
    for key in keys:
        for ptype in _LEX.get(key, ()):
            out.append(f"evlex={ptype}")
            if fut:
                out.append(f"evlexfut={ptype}")
    for child in ev.children:
        if child.dep_ in ("xcomp", "ccomp", "dobj", "conj", "advcl"):
            for ptype in _LEX.get(_lem(child), ()):
                out.append(f"evlex2={ptype}")
                out.append(f"evlex2={evl}>{ptype}")
    for lem in lemmas:
        out.extend(f"lex={ptype}" for ptype in _LEX.get(lem, ()))
    # every verb, the event verb included (it then counts in "ev" and "bag" both: leaving it
    # out of "v=" cost 0.002 in 5-fold CV accuracy on the training rows), and the nouns
    for tok in span:
        if tok.pos_ == "VERB":
            out.append(f"v={_lem(tok)}")
            out.extend(
                f"vo={_lem(tok)}|{_lem(c)}" for c in tok.children if c.dep_ in ("dobj", "prt")
            )
        elif tok.pos_ == "NOUN":
            out.append(f"n={_lem(tok)}")
    return out


def feature_group(name: str) -> str:
    """The group (one of :data:`GROUPS`) of a feature name."""
    kind = name.split("=", 1)[0]
    if "lex" in kind:
        return "lex"
    if kind.startswith("ev") or kind == "rep":
        return "ev"
    if kind == "c":
        return "c"
    return "bag"


def yield_split(sent: Span | Doc) -> str:
    """Resolve the internal YIELD class of a sentence to ``RETREAT`` or ``CONCEDE``."""
    span = _as_span(sent)
    _, ev = event_verb(span)
    verbs = [ev] + [c for c in ev.children if c.dep_ in ("xcomp", "conj")]
    if any(_lem(v) in RETREAT_CUES for v in verbs) and not any(_is_future(v) for v in verbs):
        return "RETREAT"
    return "CONCEDE"


# ------------------------------------------------------------------------------ the model


def feature_hash(name: str) -> int:
    """The bucket of a feature name: CRC-32 of its UTF-8 bytes, low :data:`HASH_BITS` bits.

    Stable across processes, platforms and Python versions (``zlib``, unlike ``hash()``), so
    prediction needs no vocabulary: the model stores weights per bucket, never feature names."""
    return zlib.crc32(name.encode("utf-8")) & _HASH_MASK


@dataclass
class _Featurizer:
    """Hashed features: the buckets seen in training, their IDF; turns feature lists into
    weighted rows. No feature names are kept (see :func:`feature_hash`)."""

    buckets: npt.NDArray[np.int64]  # sorted bucket ids that have a weight row
    idf: FloatArray  # per row of ``buckets``
    _index: dict[int, int] = field(init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        self._index = {int(b): i for i, b in enumerate(self.buckets)}

    def __len__(self) -> int:
        return len(self.buckets)

    @classmethod
    def fit(cls, feats: Sequence[Iterable[str]], min_df: int = 1) -> _Featurizer:
        """Document frequency per bucket (as ``HashingVectorizer`` + ``TfidfTransformer`` with
        smooth IDF would count it); buckets below ``min_df`` are dropped."""
        df: dict[int, int] = {}
        for fs in feats:
            for b in {feature_hash(f) for f in set(fs)}:
                df[b] = df.get(b, 0) + 1
        buckets = np.array(sorted(b for b, c in df.items() if c >= min_df), dtype=np.int64)
        n = len(feats)
        idf = np.array([np.log((1 + n) / (1 + df[int(b)])) + 1.0 for b in buckets])
        return cls(buckets, idf.reshape(-1))

    def row(self, feats: Iterable[str]) -> tuple[npt.NDArray[np.intp], FloatArray]:
        """Row indices and values of one sentence (features of known buckets only).

        Each group (:data:`GROUPS`, from the feature name) is L2-normalised on its own and
        scaled by :data:`GROUP_WEIGHTS`. Two features colliding in a bucket both count (their
        values add up, as in a hashing vectorizer)."""
        idx_l: list[int] = []
        grp_l: list[int] = []
        for f in set(feats):
            i = self._index.get(feature_hash(f))
            if i is not None:
                idx_l.append(i)
                grp_l.append(_GROUP_INDEX[feature_group(f)])
        if not idx_l:
            return np.zeros(0, dtype=np.intp), np.zeros(0)
        idx = np.array(idx_l, dtype=np.intp)
        grp = np.array(grp_l, dtype=np.int8)
        order = np.argsort(idx, kind="stable")
        idx, grp = idx[order], grp[order]
        val = self.idf[idx].copy()
        for g, name in enumerate(GROUPS):
            m = grp == g
            if m.any():
                val[m] *= GROUP_WEIGHTS[name] / np.sqrt(np.sum(val[m] ** 2))
        return idx, val

    def matrix(self, feats: Sequence[Iterable[str]]) -> Any:
        """A scipy CSR matrix (training only; duplicate columns are summed)."""
        import scipy.sparse as sp  # type: ignore[import-untyped]

        rows = [self.row(f) for f in feats]
        indptr = np.cumsum([0] + [r[0].size for r in rows])
        ind = np.concatenate([r[0] for r in rows]) if rows else np.zeros(0, np.intp)
        val = np.concatenate([r[1] for r in rows]) if rows else np.zeros(0)
        m = sp.csr_matrix((val, ind, indptr), shape=(len(rows), len(self)))
        m.sum_duplicates()
        return m


@dataclass
class _Head:
    labels: tuple[str, ...]
    coef: FloatArray  # (n_features, n_labels)
    intercept: FloatArray  # (n_labels,)
    temperature: float

    def scores(self, idx: npt.NDArray[np.intp], val: FloatArray) -> FloatArray:
        return np.asarray(val @ self.coef[idx] + self.intercept, dtype=np.float64)


def _softmax(z: FloatArray) -> FloatArray:
    z = z - z.max(axis=-1, keepdims=True)
    e = np.exp(z)
    return np.asarray(e / e.sum(axis=-1, keepdims=True), dtype=np.float64)


class EventClassifier:
    """The trained classifier: PLOVER type and PentaClass probabilities for parsed sentences."""

    def __init__(
        self,
        featurizer: _Featurizer,
        plover: _Head,
        penta: _Head,
        meta: dict[str, Any],
        event: _Head | None = None,
        encoder: SentenceEncoder | None = None,
    ) -> None:
        self._feat = featurizer
        self._plover = plover
        self._penta = penta
        #: The detection head (labels ``EVENT_LABELS``): does the sentence report an event?
        self._event = event
        self.meta = meta
        self._yield_col = plover.labels.index(YIELD) if YIELD in plover.labels else -1
        self._plover_cols = [
            PLOVER_LABELS.index(lab) if lab != YIELD else -1 for lab in plover.labels
        ]
        #: The sentence encoder whose type probabilities are blended into the PLOVER head's
        #: (:mod:`legation.coding.encoder`; None: the sparse head alone).
        self.encoder = encoder
        if encoder is not None and not set(plover.labels) <= set(encoder.labels):
            raise CodingError("the encoder adapter was trained on other labels than the model")

    @property
    def n_features(self) -> int:
        return len(self._feat)

    # -- prediction

    def _rows(self, sentences: Iterable[Span | Doc]) -> list[tuple[Any, Any, Span | Doc]]:
        return [(*self._feat.row(sentence_features(s)), s) for s in sentences]

    def internal_proba(self, sentences: Iterable[Span | Doc]) -> FloatArray:
        """Probabilities over the trained labels (``self.meta["plover_labels"]``, with YIELD)."""
        rows = self._rows(sentences)
        if not rows:
            return np.zeros((0, len(self._plover.labels)))
        return self._internal(rows)

    def _internal(self, rows: list[tuple[Any, Any, Span | Doc]]) -> FloatArray:
        """The PLOVER head's probabilities, with the encoder's blended in (weight
        ``encoder.adapter.weight``: 0.5 in the shipped adapter, see docs/evaluation.md)."""
        z = np.stack([self._plover.scores(i, v) for i, v, _ in rows])
        p = _softmax(z * self._plover.temperature)
        if self.encoder is None:
            return p
        q = self.encoder.proba(*encoder_inputs([s for _, _, s in rows]))
        cols = [self.encoder.labels.index(lab) for lab in self._plover.labels]
        w = self.encoder.adapter.weight
        return np.asarray((1.0 - w) * p + w * q[:, cols], dtype=np.float64)

    def predict_proba(self, sentences: Iterable[Span | Doc]) -> FloatArray:
        """An ``(n, 16)`` array of probabilities, columns in :data:`PLOVER_LABELS` order.

        The YIELD mass goes to RETREAT or CONCEDE by :func:`yield_split`."""
        sents = list(sentences)
        internal = self.internal_proba(sents)
        out = np.zeros((len(sents), len(PLOVER_LABELS)))
        for j, col in enumerate(self._plover_cols):
            if col >= 0:
                out[:, col] += internal[:, j]
        if self._yield_col >= 0:
            for k, s in enumerate(sents):
                out[k, PLOVER_LABELS.index(yield_split(s))] += internal[k, self._yield_col]
        return out

    def predict(self, sentences: Iterable[Span | Doc]) -> list[PloverType]:
        """The most probable PLOVER type of each sentence."""
        proba = self.predict_proba(sentences)
        return [PloverType(PLOVER_LABELS[i]) for i in proba.argmax(axis=1)]

    def predict_penta_proba(self, sentences: Iterable[Span | Doc]) -> FloatArray:
        """An ``(n, 5)`` array of PentaClass probabilities (columns 0-4)."""
        rows = self._rows(sentences)
        if not rows:
            return np.zeros((0, len(PENTA_LABELS)))
        z = np.stack([self._penta.scores(i, v) for i, v, _ in rows])
        return _softmax(z * self._penta.temperature)

    def predict_event_proba(self, sentences: Iterable[Span | Doc]) -> FloatArray:
        """An ``(n,)`` array: the probability that each sentence reports an event (all ones
        for a model trained without sentences that report none)."""
        return self.predict_all(sentences)[2]

    def predict_all(
        self, sentences: Iterable[Span | Doc]
    ) -> tuple[FloatArray, FloatArray, FloatArray]:
        """:meth:`predict_proba`, :meth:`predict_penta_proba` and
        :meth:`predict_event_proba` at once, featurising each sentence only once."""
        sents = list(sentences)
        rows = self._rows(sents)
        out = np.zeros((len(sents), len(PLOVER_LABELS)))
        if not rows:
            return out, np.zeros((0, len(PENTA_LABELS))), np.zeros(0)
        internal = self._internal(rows)
        for j, col in enumerate(self._plover_cols):
            if col >= 0:
                out[:, col] += internal[:, j]
        if self._yield_col >= 0:
            for k, s in enumerate(sents):
                out[k, PLOVER_LABELS.index(yield_split(s))] += internal[k, self._yield_col]
        z = np.stack([self._penta.scores(i, v) for i, v, _ in rows])
        event = np.ones(len(sents))
        if self._event is not None:
            e = np.stack([self._event.scores(i, v) for i, v, _ in rows])
            event = _softmax(e * self._event.temperature)[:, self._event.labels.index(EVENT)]
        return out, _softmax(z * self._penta.temperature), event

    def predict_penta(self, sentences: Iterable[Span | Doc]) -> list[int]:
        return [int(i) for i in self.predict_penta_proba(sentences).argmax(axis=1)]

    # -- persistence

    def save(self, path: Path) -> None:
        """Write the model as one compressed ``.npz`` (no pickled objects)."""
        meta = {
            **self.meta,
            "format_version": FORMAT_VERSION,
            "plover_labels": list(self._plover.labels),
            "penta_labels": list(self._penta.labels),
            "plover_temperature": self._plover.temperature,
            "penta_temperature": self._penta.temperature,
            **(
                {
                    "event_labels": list(self._event.labels),
                    "event_temperature": self._event.temperature,
                }
                if self._event is not None
                else {}
            ),
            "group_weights": GROUP_WEIGHTS,
            "feature_hash": "crc32",
            "hash_bits": HASH_BITS,
        }
        path.parent.mkdir(parents=True, exist_ok=True)
        partial = path.with_name(path.name + ".partial")
        arrays: dict[str, npt.NDArray[Any]] = {
            "buckets": self._feat.buckets.astype(np.int32),
            "idf": self._feat.idf.astype(np.float16),
            "plover_coef": self._plover.coef.astype(np.float16),
            "plover_intercept": self._plover.intercept.astype(np.float32),
            "penta_coef": self._penta.coef.astype(np.float16),
            "penta_intercept": self._penta.intercept.astype(np.float32),
        }
        if self._event is not None:
            arrays["event_coef"] = self._event.coef.astype(np.float16)
            arrays["event_intercept"] = self._event.intercept.astype(np.float32)
        arrays["meta"] = np.array(json.dumps(meta, sort_keys=True))
        with partial.open("wb") as fh:
            np.savez_compressed(fh, **arrays)  # type: ignore[arg-type]  # stub: allow_pickle
        partial.replace(path)  # write-then-rename: a crash never leaves half a model

    @classmethod
    def load(cls, path: Path | str) -> EventClassifier:
        """Read a model written by :meth:`save`."""
        try:
            with np.load(Path(path), allow_pickle=False) as z:
                meta = json.loads(str(z["meta"]))
                if meta.get("format_version") != FORMAT_VERSION:
                    raise CodingError(
                        f"classifier model {path} has format {meta.get('format_version')}, "
                        f"this Legation reads {FORMAT_VERSION}; retrain it with `legation train`"
                    )
                if meta.get("feature_hash") != "crc32" or meta.get("hash_bits") != HASH_BITS:
                    raise CodingError(
                        f"classifier model {path} hashes features with "
                        f"{meta.get('feature_hash')}/{meta.get('hash_bits')} bits, this Legation "
                        f"uses crc32/{HASH_BITS}; retrain it with `legation train`"
                    )
                feat = _Featurizer(
                    z["buckets"].astype(np.int64), z["idf"].astype(np.float64).reshape(-1)
                )
                plover = _Head(
                    tuple(meta["plover_labels"]),
                    z["plover_coef"].astype(np.float64),
                    z["plover_intercept"].astype(np.float64),
                    float(meta["plover_temperature"]),
                )
                penta = _Head(
                    tuple(str(x) for x in meta["penta_labels"]),
                    z["penta_coef"].astype(np.float64),
                    z["penta_intercept"].astype(np.float64),
                    float(meta["penta_temperature"]),
                )
                event = None
                if "event_coef" in z.files:
                    event = _Head(
                        tuple(meta["event_labels"]),
                        z["event_coef"].astype(np.float64),
                        z["event_intercept"].astype(np.float64),
                        float(meta["event_temperature"]),
                    )
        except (OSError, KeyError, ValueError) as exc:
            raise CodingError(f"cannot read the classifier model {path}: {exc}") from None
        return cls(feat, plover, penta, meta, event)


def default_model_path() -> Path:
    """The shipped model file inside the package."""
    return Path(str(resources.files("legation").joinpath(f"data/models/{DEFAULT_MODEL_FILE}")))


@lru_cache(maxsize=1)
def load_default() -> EventClassifier:
    """The shipped classifier (cached per process; without the sentence encoder, which
    :class:`~legation.coding.hybrid.HybridCoder` adds when the config asks for it)."""
    return EventClassifier.load(default_model_path())
