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
(:data:`PLOVER_TO_PENTA`; ``REQUEST`` is left out: it spans appeals, class 0, and demands,
class 3).

The trained model is one ``.npz`` file (no pickle): the feature vocabulary, IDF, feature groups,
the weight matrices and intercepts of both heads, and a JSON metadata string.
"""

from __future__ import annotations

import csv
import itertools
import json
import logging
import time
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

FORMAT_VERSION = 1
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


@dataclass
class _Featurizer:
    """Vocabulary, IDF and group of each feature; turns feature lists into weighted rows."""

    vocab: dict[str, int]
    idf: FloatArray
    group: npt.NDArray[np.int8]

    @classmethod
    def fit(cls, feats: Sequence[Iterable[str]], min_df: int = 1) -> _Featurizer:
        df: dict[str, int] = {}
        for fs in feats:
            for f in set(fs):
                df[f] = df.get(f, 0) + 1
        names = sorted(f for f, c in df.items() if c >= min_df)
        n = len(feats)
        idf = np.array([np.log((1 + n) / (1 + df[f])) + 1.0 for f in names])
        group = np.array([GROUPS.index(feature_group(f)) for f in names], dtype=np.int8)
        return cls({f: i for i, f in enumerate(names)}, idf, group)

    def row(self, feats: Iterable[str]) -> tuple[npt.NDArray[np.intp], FloatArray]:
        """Column indices and values of one sentence (known features only)."""
        idx = np.fromiter({i for f in feats if (i := self.vocab.get(f)) is not None}, dtype=np.intp)
        if idx.size == 0:
            return idx, np.zeros(0)
        idx.sort()
        val = self.idf[idx].copy()
        grp = self.group[idx]
        for g, name in enumerate(GROUPS):
            m = grp == g
            if m.any():
                val[m] *= GROUP_WEIGHTS[name] / np.sqrt(np.sum(val[m] ** 2))
        return idx, val

    def matrix(self, feats: Sequence[Iterable[str]]) -> Any:
        """A scipy CSR matrix (training only)."""
        import scipy.sparse as sp  # type: ignore[import-untyped]

        rows = [self.row(f) for f in feats]
        indptr = np.cumsum([0] + [r[0].size for r in rows])
        ind = np.concatenate([r[0] for r in rows]) if rows else np.zeros(0, np.intp)
        val = np.concatenate([r[1] for r in rows]) if rows else np.zeros(0)
        return sp.csr_matrix((val, ind, indptr), shape=(len(rows), len(self.vocab)))


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
        return len(self._feat.vocab)

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

    def predict_penta(self, sentences: Iterable[Span | Doc]) -> list[int]:
        return [int(i) for i in self.predict_penta_proba(sentences).argmax(axis=1)]

    # -- persistence

    def save(self, path: Path) -> None:
        """Write the model as one compressed ``.npz`` (no pickled objects)."""
        names = sorted(self._feat.vocab, key=self._feat.vocab.__getitem__)
        meta = {
            **self.meta,
            "format_version": FORMAT_VERSION,
            "plover_labels": list(self._plover.labels),
            "penta_labels": list(self._penta.labels),
            "plover_temperature": self._plover.temperature,
            "penta_temperature": self._penta.temperature,
            "group_weights": GROUP_WEIGHTS,
        }
        path.parent.mkdir(parents=True, exist_ok=True)
        with path.open("wb") as fh:
            np.savez_compressed(
                fh,
                vocab=np.array("\n".join(names)),
                idf=self._feat.idf.astype(np.float32),
                group=self._feat.group,
                plover_coef=self._plover.coef.astype(np.float16),
                plover_intercept=self._plover.intercept.astype(np.float32),
                penta_coef=self._penta.coef.astype(np.float16),
                penta_intercept=self._penta.intercept.astype(np.float32),
                meta=np.array(json.dumps(meta, sort_keys=True)),
            )

    @classmethod
    def load(cls, path: Path | str) -> EventClassifier:
        """Read a model written by :meth:`save`."""
        try:
            with np.load(Path(path), allow_pickle=False) as z:
                names = str(z["vocab"]).split("\n")
                meta = json.loads(str(z["meta"]))
                feat = _Featurizer(
                    {f: i for i, f in enumerate(names)},
                    z["idf"].astype(np.float64),
                    z["group"].astype(np.int8),
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
        if meta.get("format_version") != FORMAT_VERSION:
            raise CodingError(
                f"classifier model {path} has format {meta.get('format_version')}, "
                f"this Legation reads {FORMAT_VERSION}; retrain it with `legation train`"
            )
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


def _fit_svm(x: Any, y: Sequence[str], weight: FloatArray | None, seed: int) -> _Head:
    from sklearn.svm import LinearSVC  # type: ignore[import-untyped]

    svm = LinearSVC(C=SVM_C, random_state=seed, max_iter=5000)
    svm.fit(x, np.asarray(y), sample_weight=weight)
    coef = np.asarray(svm.coef_, dtype=np.float64).T
    icpt = np.asarray(svm.intercept_, dtype=np.float64)
    labels = tuple(str(c) for c in svm.classes_)
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
) -> tuple[_Featurizer, _Head, int]:
    """The PLOVER head, self-trained on PentaClass sentences constrained by their class."""
    fz = _Featurizer.fit(feats)
    head = _fit_svm(fz.matrix(feats), labels, None, seed)
    if not penta_feats or PSEUDO_WEIGHT <= 0:
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
    weight = np.concatenate([np.ones(len(feats)), np.full(len(keep), PSEUDO_WEIGHT)])
    head = _fit_svm(fz.matrix(all_feats), list(labels) + pseudo, weight, seed)
    return fz, head, len(keep)


def _fit_penta(
    penta_feats: Sequence[list[str]],
    penta_labels: Sequence[int],
    feats: Sequence[list[str]],
    labels: Sequence[str],
    fz: _Featurizer,
    seed: int,
) -> _Head:
    extra = [
        (f, PLOVER_TO_PENTA[lab])
        for f, lab in zip(feats, labels, strict=True)
        if lab in PLOVER_TO_PENTA
    ]
    xs = list(penta_feats) + [f for f, _ in extra]
    ys = [str(v) for v in penta_labels] + [str(v) for _, v in extra]
    return _fit_svm(fz.matrix(xs), ys, None, seed)


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


def train(
    data_dir: Path,
    out: Path | None = None,
    *,
    nlp: Language | None = None,
    seed: int = 0,
    cv_folds: int = 5,
    use_pentaclass: bool = True,
) -> TrainReport:
    """Train the classifier from the development data and (optionally) save it.

    ``data_dir`` holds ``plover_roots.csv`` (its ``split=train`` rows are used) and, when
    ``use_pentaclass``, ``pentaclass_train.tsv``. Test rows are never read. With
    ``cv_folds >= 2`` the report carries stratified k-fold cross-validation scores on the
    training rows (the whole procedure, pseudo-labelling included, is refitted per fold) and
    the softmax temperatures are fitted on the out-of-fold decision values. Deterministic for
    a given ``seed``, data and spaCy model. Needs scikit-learn (``pip install legation[train]``).
    """
    try:
        import sklearn  # type: ignore[import-untyped]  # noqa: F401
    except ImportError:
        raise CodingError(
            "training the classifier needs scikit-learn: pip install 'legation[train]'"
        ) from None
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
        oof_scores: FloatArray | None = None
        oof_pred = [""] * len(labels)
        head_labels: tuple[str, ...] = ()
        for test_idx in _folds(labels, cv_folds, seed):
            tr = np.setdiff1d(np.arange(len(labels)), test_idx)
            fz, head, _ = _fit_plover(
                [feats[i] for i in tr], [labels[i] for i in tr], pfeats, plabels, seed
            )
            s = np.asarray(fz.matrix([feats[i] for i in test_idx]) @ head.coef + head.intercept)
            if oof_scores is None:
                head_labels = head.labels
                oof_scores = np.zeros((len(labels), len(head_labels)))
            oof_scores[test_idx] = s
            for i, j in zip(test_idx, s.argmax(axis=1), strict=True):
                oof_pred[i] = head.labels[j]
        assert oof_scores is not None
        acc = float(np.mean([g == p for g, p in zip(labels, oof_pred, strict=True)]))
        mf1, per = _macro_f1(labels, oof_pred)
        y_idx = np.array([head_labels.index(lab) for lab in labels])
        t_plover = _fit_temperature(oof_scores, y_idx)
        report_cv.update(cv_accuracy=acc, cv_macro_f1=mf1, cv_per_class_f1=per)
        if pfeats:
            pstr = [str(v) for v in plabels]
            p_scores = np.zeros((len(pfeats), len(PENTA_LABELS)))
            p_pred = [""] * len(pfeats)
            for test_idx in _folds(plabels, cv_folds, seed):
                tr = np.setdiff1d(np.arange(len(pfeats)), test_idx)
                tr_p = [pfeats[i] for i in tr]
                fz = _Featurizer.fit(list(feats) + tr_p)
                ph = _fit_penta(tr_p, [plabels[i] for i in tr], feats, labels, fz, seed)
                s = np.asarray(fz.matrix([pfeats[i] for i in test_idx]) @ ph.coef + ph.intercept)
                cols = [ph.labels.index(str(c)) for c in PENTA_LABELS]
                p_scores[test_idx] = s[:, cols]
                for i, j in zip(test_idx, s.argmax(axis=1), strict=True):
                    p_pred[i] = ph.labels[j]
            report_cv["penta_cv_accuracy"] = float(
                np.mean([g == p for g, p in zip(pstr, p_pred, strict=True)])
            )
            report_cv["penta_cv_macro_f1"] = _macro_f1(pstr, p_pred)[0]
            t_penta = _fit_temperature(p_scores, np.array(plabels, dtype=np.intp))

    fz, head, n_pseudo = _fit_plover(feats, labels, pfeats, plabels, seed)
    head.temperature = t_plover
    if pfeats:
        penta = _fit_penta(pfeats, plabels, feats, labels, fz, seed)
    else:  # no PentaClass data: derive the head from PLOVER rows alone
        penta = _fit_penta([], [], feats, labels, fz, seed)
    # order penta columns 0..4 (absent classes get -inf-ish intercepts)
    penta_coef = np.zeros((len(fz.vocab), len(PENTA_LABELS)))
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
        "svm_c": SVM_C,
        "pseudo_weight": PSEUDO_WEIGHT,
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
    )
