"""A learned PLOVER event-type classifier over spaCy sentences (and a PentaClass head).

The classifier reuses the parse the pipeline already has: it reads a spaCy ``Span`` (one
sentence) and never runs another model. It is a pair of linear models over sparse, named
features; prediction needs numpy only, training needs scikit-learn (``legation[train]``).

Features (:func:`sentence_features`), in four groups, each TF-IDF weighted and L2-normalised on
its own, then scaled by :data:`GROUP_WEIGHTS`:

- ``bag``: lower-cased words, lemmas, lemma bigrams, all other verbs' lemmas and their
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

Training (:func:`train`): a linear SVM (``LinearSVC``) on the ``split=train`` rows of
``plover_roots.csv``, plus PentaClass training sentences pseudo-labelled by a first model with
the best PLOVER type *compatible with their PentaClass label* (weight
:data:`PSEUDO_WEIGHT`); decision values become probabilities through a softmax whose
temperature is fitted on cross-validated decision values. The PentaClass head is a linear SVM on
``pentaclass_train.tsv`` plus the PLOVER training rows mapped to PentaClass
(:data:`PLOVER_TO_PENTA`, sample weight 0.3; ``REQUEST`` is left out: it spans appeals,
class 0, and demands, class 3), with class-balanced weights. Hyper-parameters:
:class:`TrainConfig`.

Features are hashed (:func:`feature_hash`, CRC-32 into ``2**HASH_BITS`` buckets): the trained
model is one ``.npz`` file (no pickle) holding the ids of the buckets seen in training, their
IDF, the weight matrices and intercepts of both heads, and a JSON metadata string -- no feature
names or other text from the training data.
"""

from __future__ import annotations

import csv
import itertools
import json
import logging
import time
import zlib
from collections.abc import Iterable, Sequence
from dataclasses import asdict, dataclass, field
from functools import lru_cache
from importlib import resources
from pathlib import Path
from typing import TYPE_CHECKING, Any, cast

import numpy as np
import numpy.typing as npt

from ..errors import CodingError
from ..model import PloverType

if TYPE_CHECKING:
    from spacy.language import Language
    from spacy.tokens import Doc, Span, Token

log = logging.getLogger(__name__)

FloatArray = npt.NDArray[np.float64]

FORMAT_VERSION = 2
DEFAULT_MODEL_FILE = "event_classifier.npz"

#: Output columns of :meth:`EventClassifier.predict_proba`: the 16 PLOVER types.
PLOVER_LABELS: tuple[str, ...] = tuple(t.value for t in PloverType)
#: The internal label of the training data standing for CONCEDE or RETREAT.
YIELD = "YIELD"
#: PentaClass labels: 0 statement/appeal, 1 verbal cooperation, 2 material cooperation,
#: 3 verbal conflict, 4 material conflict.
PENTA_LABELS: tuple[int, ...] = (0, 1, 2, 3, 4)

#: PLOVER (internal) type -> PentaClass, used to add PLOVER rows to the PentaClass head.
PLOVER_TO_PENTA: dict[str, int] = {
    "AGREE": 1, "CONSULT": 1, "SUPPORT": 1,
    "COOPERATE": 2, "AID": 2, YIELD: 2, "CONCEDE": 2, "RETREAT": 2,
    "ACCUSE": 3, "REJECT": 3, "THREATEN": 3, "SANCTION": 3,
    "PROTEST": 4, "MOBILIZE": 4, "COERCE": 4, "ASSAULT": 4,
}  # fmt: skip
#: PentaClass -> PLOVER types a sentence of that class may carry (for pseudo-labelling).
PENTA_ALLOWED: dict[int, frozenset[str]] = {
    1: frozenset({"AGREE", "CONSULT", "SUPPORT"}),
    2: frozenset({"COOPERATE", "AID", YIELD}),
    3: frozenset({"ACCUSE", "REJECT", "THREATEN", "SANCTION", "REQUEST", "COERCE"}),
    4: frozenset({"PROTEST", "MOBILIZE", "COERCE", "ASSAULT", "SANCTION"}),
}

GROUPS: tuple[str, ...] = ("bag", "c", "ev", "lex")
GROUP_WEIGHTS: dict[str, float] = {"bag": 1.0, "c": 1.0, "ev": 1.0, "lex": 0.5}
_GROUP_INDEX: dict[str, int] = {g: i for i, g in enumerate(GROUPS)}
#: Features are hashed into ``2**HASH_BITS`` buckets (:func:`feature_hash`).
HASH_BITS = 22
_HASH_MASK = (1 << HASH_BITS) - 1
SVM_C = 0.3
PSEUDO_WEIGHT = 0.3


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
    # the other verbs and nouns
    for tok in span:
        if tok.pos_ == "VERB" and tok is not ev:
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
        self, featurizer: _Featurizer, plover: _Head, penta: _Head, meta: dict[str, Any]
    ) -> None:
        self._feat = featurizer
        self._plover = plover
        self._penta = penta
        self.meta = meta
        self._yield_col = plover.labels.index(YIELD) if YIELD in plover.labels else -1
        self._plover_cols = [
            PLOVER_LABELS.index(lab) if lab != YIELD else -1 for lab in plover.labels
        ]

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
        z = np.stack([self._plover.scores(i, v) for i, v, _ in rows])
        return _softmax(z * self._plover.temperature)

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

    def predict_proba_both(self, sentences: Iterable[Span | Doc]) -> tuple[FloatArray, FloatArray]:
        """:meth:`predict_proba` and :meth:`predict_penta_proba` at once, featurising each
        sentence only once."""
        sents = list(sentences)
        rows = self._rows(sents)
        out = np.zeros((len(sents), len(PLOVER_LABELS)))
        if not rows:
            return out, np.zeros((0, len(PENTA_LABELS)))
        internal = _softmax(
            np.stack([self._plover.scores(i, v) for i, v, _ in rows]) * self._plover.temperature
        )
        for j, col in enumerate(self._plover_cols):
            if col >= 0:
                out[:, col] += internal[:, j]
        if self._yield_col >= 0:
            for k, s in enumerate(sents):
                out[k, PLOVER_LABELS.index(yield_split(s))] += internal[k, self._yield_col]
        z = np.stack([self._penta.scores(i, v) for i, v, _ in rows])
        return out, _softmax(z * self._penta.temperature)

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
            "group_weights": GROUP_WEIGHTS,
            "feature_hash": "crc32",
            "hash_bits": HASH_BITS,
        }
        path.parent.mkdir(parents=True, exist_ok=True)
        partial = path.with_name(path.name + ".partial")
        with partial.open("wb") as fh:
            np.savez_compressed(
                fh,
                buckets=self._feat.buckets.astype(np.int32),
                idf=self._feat.idf.astype(np.float16),
                plover_coef=self._plover.coef.astype(np.float16),
                plover_intercept=self._plover.intercept.astype(np.float32),
                penta_coef=self._penta.coef.astype(np.float16),
                penta_intercept=self._penta.intercept.astype(np.float32),
                meta=np.array(json.dumps(meta, sort_keys=True)),
            )
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
        except (OSError, KeyError, ValueError) as exc:
            raise CodingError(f"cannot read the classifier model {path}: {exc}") from None
        return cls(feat, plover, penta, meta)


def default_model_path() -> Path:
    """The shipped model file inside the package."""
    return Path(str(resources.files("legation").joinpath(f"data/models/{DEFAULT_MODEL_FILE}")))


@lru_cache(maxsize=1)
def load_default() -> EventClassifier:
    """The shipped classifier (cached per process)."""
    return EventClassifier.load(default_model_path())


# ------------------------------------------------------------------------------- training


@dataclass
class TrainReport:
    """What :func:`train` did and how well it did it (cross-validated on training data)."""

    path: str | None
    n_plover_train: int
    n_penta_train: int
    n_pseudo_labelled: int
    n_features: int
    cv_folds: int
    cv_accuracy: float | None
    cv_macro_f1: float | None
    cv_per_class_f1: dict[str, float] = field(default_factory=dict)
    penta_cv_accuracy: float | None = None
    penta_cv_macro_f1: float | None = None
    seconds: float = 0.0
    model_bytes: int = 0
    penta_cv_per_class_f1: dict[str, float] = field(default_factory=dict)
    #: Mean per-class recall: accuracy as if the five classes were equally frequent.
    penta_cv_balanced_accuracy: float | None = None
    config: dict[str, Any] = field(default_factory=dict)

    def summary(self) -> str:
        """A few human-readable lines (for the CLI)."""
        lines = [
            f"trained on {self.n_plover_train} PLOVER + {self.n_penta_train} PentaClass rows "
            f"({self.n_pseudo_labelled} pseudo-labelled), {self.n_features} hashed features, "
            f"{self.seconds:.1f} s",
        ]
        if self.cv_accuracy is not None and self.cv_macro_f1 is not None:
            lines.append(
                f"PLOVER {self.cv_folds}-fold CV: accuracy {self.cv_accuracy:.3f}, "
                f"macro-F1 {self.cv_macro_f1:.3f}"
            )
        if self.penta_cv_accuracy is not None:
            lines.append(
                f"PentaClass {self.cv_folds}-fold CV: accuracy {self.penta_cv_accuracy:.3f}, "
                f"macro-F1 {self.penta_cv_macro_f1 or 0:.3f}, "
                f"balanced accuracy {self.penta_cv_balanced_accuracy or 0:.3f}"
            )
        if self.path:
            lines.append(f"wrote {self.path} ({self.model_bytes / 1e6:.2f} MB)")
        return "\n".join(lines)

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)


def read_plover_roots(path: Path, split: str = "train") -> list[tuple[str, str]]:
    """``(text, label)`` rows of ``plover_roots.csv`` whose ``meta`` says ``split=<split>``."""
    with path.open(encoding="utf-8", newline="") as fh:
        return [
            (r["text"], r["label"])
            for r in csv.DictReader(fh)
            if f"split={split}" in r["meta"].split("|")
        ]


def read_pentaclass(path: Path) -> list[tuple[str, int]]:
    """``(sentence, label)`` rows of a PentaClass TSV (no header, CRLF tolerated)."""
    out: list[tuple[str, int]] = []
    with path.open(encoding="utf-8", newline="") as fh:
        for line in fh:
            line = line.rstrip("\r\n")
            if not line.strip():
                continue
            text, _, label = line.rpartition("\t")
            out.append((text, int(label)))
    return out


def _whole(doc: Doc) -> Span:
    """The whole text as one span: each dev row is one sentence, even where spaCy splits it."""
    return doc[:]


@dataclass(frozen=True)
class TrainConfig:
    """Hyper-parameters of :func:`train` (the defaults were chosen by cross-validation on the
    training rows only; see the model card)."""

    #: ``C`` of the PLOVER head's linear SVM.
    plover_c: float = SVM_C
    #: ``C`` of the PentaClass head's linear SVM.
    penta_c: float = SVM_C
    #: Sample weight of the pseudo-labelled PentaClass sentences in the PLOVER head (0: none).
    pseudo_weight: float = PSEUDO_WEIGHT
    #: Weight classes inversely to their (weighted) frequency in the PLOVER head.
    plover_balanced: bool = False
    #: Weight classes inversely to their (weighted) frequency in the PentaClass head (the PLOVER
    #: rows hold no class-0 sentences and would otherwise push statements/appeals down).
    penta_balanced: bool = True
    #: Sample weight of the PLOVER rows added (mapped) to the PentaClass head.
    plover_rows_in_penta: float = 0.3
    #: Add the PLOVER ``REQUEST`` rows whose event verb is an appeal (urge, call on, ask...)
    #: to PentaClass 0 and those whose verb is ``demand`` to class 3 (others stay out).
    request_to_penta: bool = False
    #: Blend a logistic regression into each head: ``(1 - w) * svm + w * logreg`` weights.
    lr_weight: float = 0.0
    #: ``C`` of that logistic regression.
    lr_c: float = 10.0


#: Event verbs of REQUEST sentences that make them PentaClass 0 (CAMEO 02, appeal) or 3 (10).
APPEAL_VERBS = frozenset(
    _w("urge appeal call ask request plead implore exhort beg invite seek petition encourage")
)
DEMAND_VERBS = frozenset(_w("demand order insist"))


def _request_penta(feats: Sequence[str]) -> int | None:
    """The PentaClass of a PLOVER REQUEST sentence, from its event verb (None: unsure)."""
    for f in feats:
        if f.startswith("ev="):
            verb = f[3:]
            if verb in APPEAL_VERBS:
                return 0
            if verb in DEMAND_VERBS:
                return 3
            return None
    return None


def _balanced(y: Sequence[str], weight: FloatArray) -> FloatArray:
    """Sample weights times ``total / (n_classes * class_total)``."""
    ya = np.asarray(y)
    out = weight.copy()
    classes = sorted(set(y))
    total = float(weight.sum())
    for c in classes:
        m = ya == c
        out[m] *= total / (len(classes) * float(weight[m].sum()))
    return out


def _fit_linear(
    x: Any,
    y: Sequence[str],
    weight: FloatArray | None,
    seed: int,
    c: float,
    cfg: TrainConfig,
    *,
    balanced: bool = False,
) -> _Head:
    """A linear SVM (optionally blended with a logistic regression) as a :class:`_Head`."""
    from sklearn.svm import LinearSVC  # type: ignore[import-untyped]

    w = np.ones(len(y)) if weight is None else np.asarray(weight, dtype=np.float64)
    if balanced:
        w = _balanced(y, w)
    ya = np.asarray(y)
    svm = LinearSVC(C=c, random_state=seed, max_iter=5000)
    # all-ones weights: pass None (liblinear then solves the unweighted problem exactly as before)
    svm.fit(x, ya, sample_weight=None if weight is None and not balanced else w)
    coef = np.asarray(svm.coef_, dtype=np.float64)
    icpt = np.asarray(svm.intercept_, dtype=np.float64)
    if cfg.lr_weight > 0:
        from sklearn.linear_model import LogisticRegression  # type: ignore[import-untyped]

        lr = LogisticRegression(C=cfg.lr_c, max_iter=3000, random_state=seed)
        lr.fit(x, ya, sample_weight=w)
        coef = (1 - cfg.lr_weight) * coef + cfg.lr_weight * np.asarray(lr.coef_)
        icpt = (1 - cfg.lr_weight) * icpt + cfg.lr_weight * np.asarray(lr.intercept_)
    coef = coef.T
    labels = tuple(str(k) for k in svm.classes_)
    if len(labels) == 2:  # binary: one column -> two
        coef = np.hstack([-coef, coef]) / 2
        icpt = np.array([-icpt[0], icpt[0]]) / 2
    return _Head(labels, coef, icpt, 1.0)


def _fit_temperature(scores: FloatArray, y_idx: npt.NDArray[np.intp]) -> float:
    best, best_nll = 1.0, np.inf
    for t in np.geomspace(0.25, 32, 50):
        p = _softmax(scores * t)
        nll = -float(np.mean(np.log(p[np.arange(len(y_idx)), y_idx] + 1e-12)))
        if nll < best_nll:
            best, best_nll = float(t), nll
    return best


def _fit_plover(
    feats: Sequence[list[str]],
    labels: Sequence[str],
    penta_feats: Sequence[list[str]],
    penta_labels: Sequence[int],
    seed: int,
    cfg: TrainConfig,
) -> tuple[_Featurizer, _Head, int]:
    """The PLOVER head, self-trained on PentaClass sentences constrained by their class."""
    fz = _Featurizer.fit(feats)
    head = _fit_linear(
        fz.matrix(feats), labels, None, seed, cfg.plover_c, cfg, balanced=cfg.plover_balanced
    )
    if not penta_feats or cfg.pseudo_weight <= 0:
        return fz, head, 0
    px = fz.matrix(penta_feats)
    s = np.asarray(px @ head.coef + head.intercept)
    pseudo: list[str] = []
    keep: list[int] = []
    for k, pl in enumerate(penta_labels):
        allowed = PENTA_ALLOWED.get(pl)
        if not allowed:
            continue
        cols = [j for j, lab in enumerate(head.labels) if lab in allowed]
        if cols:
            keep.append(k)
            pseudo.append(head.labels[max(cols, key=lambda j: s[k, j])])
    all_feats = list(feats) + [penta_feats[k] for k in keep]
    fz = _Featurizer.fit(all_feats)
    weight = np.concatenate([np.ones(len(feats)), np.full(len(keep), cfg.pseudo_weight)])
    head = _fit_linear(
        fz.matrix(all_feats),
        list(labels) + pseudo,
        weight,
        seed,
        cfg.plover_c,
        cfg,
        balanced=cfg.plover_balanced,
    )
    return fz, head, len(keep)


def _penta_extra(
    feats: Sequence[list[str]], labels: Sequence[str], cfg: TrainConfig
) -> list[tuple[list[str], int]]:
    """PLOVER rows mapped to PentaClass (REQUEST by its event verb, if configured)."""
    out: list[tuple[list[str], int]] = []
    for f, lab in zip(feats, labels, strict=True):
        if lab in PLOVER_TO_PENTA:
            out.append((f, PLOVER_TO_PENTA[lab]))
        elif lab == "REQUEST" and cfg.request_to_penta:
            cls = _request_penta(f)
            if cls is not None:
                out.append((f, cls))
    return out


def _fit_penta(
    penta_feats: Sequence[list[str]],
    penta_labels: Sequence[int],
    feats: Sequence[list[str]],
    labels: Sequence[str],
    fz: _Featurizer,
    seed: int,
    cfg: TrainConfig,
) -> _Head:
    extra = _penta_extra(feats, labels, cfg)
    xs = list(penta_feats) + [f for f, _ in extra]
    ys = [str(v) for v in penta_labels] + [str(v) for _, v in extra]
    w = np.concatenate([np.ones(len(penta_feats)), np.full(len(extra), cfg.plover_rows_in_penta)])
    return _fit_linear(fz.matrix(xs), ys, w, seed, cfg.penta_c, cfg, balanced=cfg.penta_balanced)


def _cv_plover(
    feats: Sequence[list[str]],
    labels: Sequence[str],
    pfeats: Sequence[list[str]],
    plabels: Sequence[int],
    folds: Sequence[npt.NDArray[np.intp]],
    seed: int,
    cfg: TrainConfig,
) -> tuple[FloatArray, tuple[str, ...]]:
    """Out-of-fold PLOVER decision values (the whole procedure refitted per fold)."""
    oof: FloatArray | None = None
    head_labels: tuple[str, ...] = ()
    for test_idx in folds:
        tr = np.setdiff1d(np.arange(len(labels)), test_idx)
        fz, head, _ = _fit_plover(
            [feats[i] for i in tr], [labels[i] for i in tr], pfeats, plabels, seed, cfg
        )
        s = np.asarray(fz.matrix([feats[i] for i in test_idx]) @ head.coef + head.intercept)
        if oof is None:
            head_labels = head.labels
            oof = np.zeros((len(labels), len(head_labels)))
        oof[test_idx] = s[:, [head.labels.index(lab) for lab in head_labels]]
    assert oof is not None
    return oof, head_labels


def _cv_penta(
    feats: Sequence[list[str]],
    labels: Sequence[str],
    pfeats: Sequence[list[str]],
    plabels: Sequence[int],
    folds: Sequence[npt.NDArray[np.intp]],
    seed: int,
    cfg: TrainConfig,
) -> FloatArray:
    """Out-of-fold PentaClass decision values, columns in :data:`PENTA_LABELS` order."""
    oof = np.zeros((len(pfeats), len(PENTA_LABELS)))
    for test_idx in folds:
        tr = np.setdiff1d(np.arange(len(pfeats)), test_idx)
        tr_p = [pfeats[i] for i in tr]
        fz = _Featurizer.fit(list(feats) + tr_p)
        ph = _fit_penta(tr_p, [plabels[i] for i in tr], feats, labels, fz, seed, cfg)
        s = np.asarray(fz.matrix([pfeats[i] for i in test_idx]) @ ph.coef + ph.intercept)
        oof[test_idx] = s[:, [ph.labels.index(str(c)) for c in PENTA_LABELS]]
    return oof


def _folds(labels: Sequence[Any], k: int, seed: int) -> list[npt.NDArray[np.intp]]:
    """Stratified fold assignment (deterministic for a seed)."""
    rng = np.random.default_rng(seed)
    fold = np.empty(len(labels), dtype=np.intp)
    by_label: dict[Any, list[int]] = {}
    for i, lab in enumerate(labels):
        by_label.setdefault(lab, []).append(i)
    offset = 0
    for lab in sorted(by_label, key=str):
        idx = np.array(by_label[lab])
        rng.shuffle(idx)
        fold[idx] = (np.arange(len(idx)) + offset) % k
        offset += len(idx)
    return [np.flatnonzero(fold == f) for f in range(k)]


def _macro_f1(gold: Sequence[str], pred: Sequence[str]) -> tuple[float, dict[str, float]]:
    per: dict[str, float] = {}
    for lab in sorted(set(gold)):
        tp = sum(1 for g, p in zip(gold, pred, strict=True) if g == lab and p == lab)
        fp = sum(1 for g, p in zip(gold, pred, strict=True) if g != lab and p == lab)
        fn = sum(1 for g, p in zip(gold, pred, strict=True) if g == lab and p != lab)
        per[lab] = 2 * tp / (2 * tp + fp + fn) if tp else 0.0
    return float(np.mean(list(per.values()))), per


def _balanced_accuracy(gold: Sequence[str], pred: Sequence[str]) -> float:
    recalls = []
    for lab in sorted(set(gold)):
        n = sum(1 for g in gold if g == lab)
        recalls.append(sum(1 for g, p in zip(gold, pred, strict=True) if g == lab == p) / n)
    return float(np.mean(recalls))


def train(
    data_dir: Path,
    out: Path | None = None,
    *,
    nlp: Language | None = None,
    seed: int = 0,
    cv_folds: int = 5,
    use_pentaclass: bool = True,
    config: TrainConfig | None = None,
) -> TrainReport:
    """Train the classifier from the development data and (optionally) save it.

    ``data_dir`` holds ``plover_roots.csv`` (its ``split=train`` rows are used) and, when
    ``use_pentaclass``, ``pentaclass_train.tsv``. Test rows are never read. With
    ``cv_folds >= 2`` the report carries stratified k-fold cross-validation scores on the
    training rows (the whole procedure, pseudo-labelling included, is refitted per fold) and
    the softmax temperatures are fitted on the out-of-fold decision values. ``config``
    overrides the hyper-parameters (:class:`TrainConfig`). Deterministic for a given ``seed``,
    data and spaCy model. Needs scikit-learn (``pip install legation[train]``).
    """
    try:
        import sklearn  # type: ignore[import-untyped]  # noqa: F401
    except ImportError:
        raise CodingError(
            "training the classifier needs scikit-learn: pip install 'legation[train]'"
        ) from None
    cfg = config or TrainConfig()
    t0 = time.perf_counter()
    if nlp is None:
        from ..nlp import load_pipeline

        nlp = load_pipeline()
    plover_rows = read_plover_roots(data_dir / "plover_roots.csv", "train")
    if not plover_rows:
        raise CodingError(f"no split=train rows in {data_dir / 'plover_roots.csv'}")
    penta_path = data_dir / "pentaclass_train.tsv"
    penta_rows = read_pentaclass(penta_path) if use_pentaclass and penta_path.exists() else []

    def featurize(texts: list[str]) -> list[list[str]]:
        return [sentence_features(_whole(d)) for d in nlp.pipe(texts, batch_size=64)]

    feats = featurize([t for t, _ in plover_rows])
    labels = [lab for _, lab in plover_rows]
    pfeats = featurize([t for t, _ in penta_rows])
    plabels = [lab for _, lab in penta_rows]
    log.info("featurised %d + %d sentences", len(feats), len(pfeats))

    report_cv: dict[str, Any] = {}
    t_plover, t_penta = 3.0, 3.0
    if cv_folds >= 2:
        folds = _folds(labels, cv_folds, seed)
        oof, head_labels = _cv_plover(feats, labels, pfeats, plabels, folds, seed, cfg)
        oof_pred = [head_labels[j] for j in oof.argmax(axis=1)]
        acc = float(np.mean([g == p for g, p in zip(labels, oof_pred, strict=True)]))
        mf1, per = _macro_f1(labels, oof_pred)
        t_plover = _fit_temperature(oof, np.array([head_labels.index(lab) for lab in labels]))
        report_cv.update(cv_accuracy=acc, cv_macro_f1=mf1, cv_per_class_f1=per)
        if pfeats:
            pfolds = _folds(plabels, cv_folds, seed)
            p_scores = _cv_penta(feats, labels, pfeats, plabels, pfolds, seed, cfg)
            pstr = [str(v) for v in plabels]
            p_pred = [str(PENTA_LABELS[j]) for j in p_scores.argmax(axis=1)]
            pf1, pper = _macro_f1(pstr, p_pred)
            report_cv.update(
                penta_cv_accuracy=float(
                    np.mean([g == p for g, p in zip(pstr, p_pred, strict=True)])
                ),
                penta_cv_macro_f1=pf1,
                penta_cv_per_class_f1=pper,
                penta_cv_balanced_accuracy=_balanced_accuracy(pstr, p_pred),
            )
            t_penta = _fit_temperature(p_scores, np.array(plabels, dtype=np.intp))

    fz, head, n_pseudo = _fit_plover(feats, labels, pfeats, plabels, seed, cfg)
    head.temperature = t_plover
    penta = _fit_penta(pfeats, plabels, feats, labels, fz, seed, cfg)
    # order penta columns 0..4 (absent classes get -inf-ish intercepts)
    penta_coef = np.zeros((len(fz), len(PENTA_LABELS)))
    penta_icpt = np.full(len(PENTA_LABELS), -1e3)
    for j, lab in enumerate(penta.labels):
        penta_coef[:, int(lab)] = penta.coef[:, j]
        penta_icpt[int(lab)] = penta.intercept[j]
    penta = _Head(tuple(str(c) for c in PENTA_LABELS), penta_coef, penta_icpt, t_penta)

    meta = {
        "trained_on": {
            "plover_roots.csv": f"{len(feats)} split=train rows",
            "pentaclass_train.tsv": f"{len(pfeats)} rows ({n_pseudo} pseudo-labelled)",
        },
        "seed": seed,
        "spacy_model": f"{nlp.meta.get('name', '?')}-{nlp.meta.get('version', '?')}",
        "config": asdict(cfg),
    }
    clf = EventClassifier(fz, head, penta, meta)
    size = 0
    if out is not None:
        clf.save(out)
        size = out.stat().st_size
    return TrainReport(
        path=str(out) if out is not None else None,
        n_plover_train=len(feats),
        n_penta_train=len(pfeats),
        n_pseudo_labelled=n_pseudo,
        n_features=clf.n_features,
        cv_folds=cv_folds if cv_folds >= 2 else 0,
        cv_accuracy=report_cv.get("cv_accuracy"),
        cv_macro_f1=report_cv.get("cv_macro_f1"),
        cv_per_class_f1=report_cv.get("cv_per_class_f1", {}),
        penta_cv_accuracy=report_cv.get("penta_cv_accuracy"),
        penta_cv_macro_f1=report_cv.get("penta_cv_macro_f1"),
        seconds=time.perf_counter() - t0,
        model_bytes=size,
        penta_cv_per_class_f1=report_cv.get("penta_cv_per_class_f1", {}),
        penta_cv_balanced_accuracy=report_cv.get("penta_cv_balanced_accuracy"),
        config=asdict(cfg),
    )
