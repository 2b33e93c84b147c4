"""Training the event classifier (:class:`~legation.coding.classifier.EventClassifier`).

Training (:func:`train`): a linear SVM (``LinearSVC``) on the ``split=train`` rows of
``plover_roots.csv``, plus PentaClass training sentences pseudo-labelled by a first model with
the best PLOVER type *compatible with their PentaClass label* (weight
:data:`PSEUDO_WEIGHT`); decision values become probabilities through a softmax whose
temperature is fitted on cross-validated decision values. The PentaClass head is a linear SVM on
``pentaclass_train.tsv`` plus the PLOVER training rows mapped to PentaClass
(:data:`PLOVER_TO_PENTA`, sample weight 0.3; ``REQUEST`` is left out: it spans appeals,
class 0, and demands, class 3), with class-balanced weights. Hyper-parameters:
:class:`TrainConfig`.

Training needs scikit-learn (``pip install 'legation[train]'``); prediction, features and the
model file stay in :mod:`legation.coding.classifier`, which never imports this module.
"""

from __future__ import annotations

import csv
import json
import logging
import time
from collections.abc import Sequence
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

import numpy as np
import numpy.typing as npt
import yaml

from ..errors import CodingError
from .classifier import (
    EVENT,
    EVENT_LABELS,
    NO_EVENT,
    PENTA_LABELS,
    YIELD,
    EventClassifier,
    FloatArray,
    _Featurizer,
    _Head,
    _softmax,
    _w,
    sentence_features,
)

if TYPE_CHECKING:
    from spacy.language import Language
    from spacy.tokens import Doc, Span

log = logging.getLogger(__name__)

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

SVM_C = 0.3
PSEUDO_WEIGHT = 0.3


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
    #: The project's own sentences trained on (:func:`read_own`), per file name: those with
    #: an event type, and those reporting no event (the detection head's negatives).
    n_own_train: dict[str, int] = field(default_factory=dict)
    n_none_train: dict[str, int] = field(default_factory=dict)
    #: Cross-validated on the own sentences (peer rows in every fold): the share of
    #: sentences with no event the detection head calls so, and of events it keeps.
    event_cv_none_recall: float | None = None
    event_cv_events_kept: float | None = None
    #: Out-of-fold PLOVER decision values of the ``plover_roots`` train rows (columns
    #: ``cv_oof_labels``, rows in file order): what ``scripts/train_encoder.py`` blends with.
    cv_oof: FloatArray | None = field(default=None, repr=False)
    cv_oof_labels: tuple[str, ...] = ()

    def summary(self) -> str:
        """A few human-readable lines (for the CLI)."""
        lines = [
            f"trained on {self.n_plover_train} PLOVER + {self.n_penta_train} PentaClass rows "
            f"({self.n_pseudo_labelled} pseudo-labelled) + {sum(self.n_own_train.values())} "
            f"own sentences, {self.n_features} hashed features, "
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
        if self.event_cv_none_recall is not None:
            lines.append(
                f"detection {self.cv_folds}-fold CV on own sentences: no-event sentences "
                f"found {self.event_cv_none_recall:.3f}, events kept "
                f"{self.event_cv_events_kept or 0:.3f}"
            )
        if self.path:
            lines.append(f"wrote {self.path} ({self.model_bytes / 1e6:.2f} MB)")
        return "\n".join(lines)

    def to_dict(self) -> dict[str, Any]:
        out = asdict(self)
        del out["cv_oof"], out["cv_oof_labels"]
        return out


def read_plover_roots(path: Path, split: str = "train") -> list[tuple[str, str]]:
    """``(text, label)`` rows of ``plover_roots.csv`` whose ``meta`` says ``split=<split>``."""
    with path.open(encoding="utf-8", newline="") as fh:
        return [
            (r["text"], r["label"])
            for r in csv.DictReader(fh)
            if f"split={split}" in r["meta"].split("|")
        ]


def held_out_texts(path: Path, split: str = "train") -> frozenset[str]:
    """The sentences (as :func:`same_text` writes them) of the ``plover_roots.csv`` rows that
    are *not* in ``split``: the PentaClass training file repeats 310 of the test sentences,
    and training on them would be training on the test. Only the text is read, never a
    label."""
    with path.open(encoding="utf-8", newline="") as fh:
        return frozenset(
            same_text(r["text"])
            for r in csv.DictReader(fh)
            if f"split={split}" not in r["meta"].split("|")
        )


def same_text(text: str) -> str:
    """A sentence as compared across the dev files: lower case, single spaces."""
    return " ".join(text.split()).lower()


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


#: The project's own labelled sentences (written for Legation, our licence), in the package.
OWN_SENTENCES = Path(__file__).resolve().parents[1] / "data" / "training" / "sentences.jsonl"
#: The examples file of a source checkout (``tests/examples/sentences.yaml``): its sentences
#: whose events share one type are training rows too (absent from an installed package).
EXAMPLES = Path(__file__).resolve().parents[3] / "tests" / "examples" / "sentences.yaml"
#: The type of a sentence that reports no event, in the own-sentence files.
NO_EVENT_TYPE = "NONE"


def default_own_sources() -> tuple[Path, ...]:
    """The own-sentence files :func:`train` reads by default: the package's file and, in a
    source checkout, the examples file."""
    return tuple(p for p in (OWN_SENTENCES, EXAMPLES) if p.is_file())


def _internal(label: str) -> str:
    """A PLOVER type as the classifier's training labels name it (CONCEDE/RETREAT: YIELD)."""
    return YIELD if label in ("CONCEDE", "RETREAT") else label


def read_own(path: Path) -> list[tuple[str, str]]:
    """``(text, label)`` rows of an own-sentence file: JSON lines with ``text`` and ``type`` (a
    PLOVER type, or ``NONE`` for a sentence with no event), or an examples YAML file (its
    ``sentences`` whose events all have one type and none is negated; no events: ``NONE``).
    Labels are internal (:func:`_internal`); a bad file is a :class:`CodingError` naming it."""
    from ..model import PloverType

    known = {t.value for t in PloverType} | {NO_EVENT_TYPE}
    rows: list[tuple[str, str]] = []
    try:
        if path.suffix in (".yaml", ".yml"):
            for entry in (yaml.safe_load(path.read_text(encoding="utf-8")) or {}).get(
                "sentences", []
            ):
                events = entry.get("events") or []
                types = {e["event_type"] for e in events}
                if entry.get("xfail") or len(types) > 1 or any(e.get("negated") for e in events):
                    continue
                rows.append((entry["text"], _internal(types.pop()) if types else NO_EVENT_TYPE))
            return rows
        with path.open(encoding="utf-8") as fh:
            for n, line in enumerate(fh, 1):
                if not line.strip():
                    continue
                record = json.loads(line)
                if record.get("type") not in known or not str(record.get("text", "")).strip():
                    raise CodingError(
                        f"{path}, line {n}: needs a 'text' and a 'type' among "
                        f"{', '.join(sorted(known))}"
                    )
                rows.append((record["text"], _internal(record["type"])))
    except (OSError, ValueError, KeyError, TypeError, AttributeError, yaml.YAMLError) as err:
        raise CodingError(f"{path}: not a readable own-sentence file ({err})") from None
    return rows


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
    #: Sample weight of the project's own sentences (:func:`read_own`) in the PLOVER head (in
    #: the PentaClass head they weigh as the PLOVER rows do, ``plover_rows_in_penta``).
    own_weight: float = 0.1
    #: ``C`` of the detection head's linear SVM (event or none; class-balanced).
    event_c: float = SVM_C


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
    n_own: int = 0,
    vocab: Sequence[list[str]] = (),
) -> tuple[_Featurizer, _Head, int]:
    """The PLOVER head, self-trained on PentaClass sentences constrained by their class. The
    last ``n_own`` rows of ``feats`` are own sentences (weight ``cfg.own_weight``); the
    features of ``vocab`` (sentences of no event) are known to the returned featurizer."""
    fz = _Featurizer.fit(list(feats) + list(vocab))
    gold = None
    if n_own and cfg.own_weight != 1.0:
        gold = np.concatenate([np.ones(len(feats) - n_own), np.full(n_own, cfg.own_weight)])
    head = _fit_linear(
        fz.matrix(feats), labels, gold, seed, cfg.plover_c, cfg, balanced=cfg.plover_balanced
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
    fz = _Featurizer.fit(all_feats + list(vocab))
    weight = np.concatenate(
        [np.ones(len(feats)) if gold is None else gold, np.full(len(keep), cfg.pseudo_weight)]
    )
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


def _fit_event(
    events: Sequence[list[str]],
    nones: Sequence[list[str]],
    fz: _Featurizer,
    seed: int,
    cfg: TrainConfig,
) -> _Head:
    """The detection head: sentences reporting an event against sentences reporting none
    (class-balanced; labels :data:`~legation.coding.classifier.EVENT_LABELS`)."""
    y = [EVENT] * len(events) + [NO_EVENT] * len(nones)
    return _fit_linear(
        fz.matrix(list(events) + list(nones)), y, None, seed, cfg.event_c, cfg, balanced=True
    )


def _cv_event(
    peer: Sequence[list[str]],
    own: Sequence[list[str]],
    own_event: Sequence[bool],
    k: int,
    seed: int,
    cfg: TrainConfig,
) -> FloatArray:
    """Out-of-fold decision values (columns :data:`EVENT_LABELS`) of the own sentences
    (``own_event``: reports an event): the peer rows, all events, are in every fold's
    training."""
    out = np.zeros((len(own), len(EVENT_LABELS)))
    flags = np.asarray(own_event)
    for test_idx in _folds(list(flags), k, seed):
        tr = np.setdiff1d(np.arange(len(own)), test_idx)
        ev = list(peer) + [own[i] for i in tr if flags[i]]
        no = [own[i] for i in tr if not flags[i]]
        fz = _Featurizer.fit(ev + no)
        head = _fit_event(ev, no, fz, seed, cfg)
        s = np.asarray(fz.matrix([own[i] for i in test_idx]) @ head.coef + head.intercept)
        out[test_idx] = s[:, [head.labels.index(lab) for lab in EVENT_LABELS]]
    return out


def _cv_plover(
    feats: Sequence[list[str]],
    labels: Sequence[str],
    pfeats: Sequence[list[str]],
    plabels: Sequence[int],
    folds: Sequence[npt.NDArray[np.intp]],
    seed: int,
    cfg: TrainConfig,
    same: Sequence[str] | None = None,
    own: tuple[Sequence[list[str]], Sequence[str]] = ((), ()),
) -> tuple[FloatArray, tuple[str, ...]]:
    """Out-of-fold PLOVER decision values (the whole procedure refitted per fold). ``same``
    (texts of the PLOVER rows, then of the PentaClass rows): a PentaClass sentence that
    repeats a held-out PLOVER one is left out of that fold's training. ``own`` (features,
    labels): the project's own sentences, in every fold's training and never scored."""
    oof: FloatArray | None = None
    head_labels: tuple[str, ...] = ()
    for test_idx in folds:
        tr = np.setdiff1d(np.arange(len(labels)), test_idx)
        keep = _not_repeating(same, len(labels), test_idx, len(pfeats))
        fz, head, _ = _fit_plover(
            [feats[i] for i in tr] + list(own[0]),
            [labels[i] for i in tr] + list(own[1]),
            [pfeats[k] for k in keep],
            [plabels[k] for k in keep],
            seed,
            cfg,
            n_own=len(own[1]),
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
    texts: tuple[Sequence[str], Sequence[str]] | None = None,
) -> FloatArray:
    """Out-of-fold PentaClass decision values, columns in :data:`PENTA_LABELS` order.
    ``texts`` (of the PLOVER rows, of the PentaClass rows): a PLOVER row that repeats a
    held-out PentaClass sentence is left out of that fold's training."""
    oof = np.zeros((len(pfeats), len(PENTA_LABELS)))
    for test_idx in folds:
        tr = np.setdiff1d(np.arange(len(pfeats)), test_idx)
        tr_p = [pfeats[i] for i in tr]
        held = {texts[1][i] for i in test_idx} if texts is not None else set()
        rows = [i for i in range(len(feats)) if texts is None or texts[0][i] not in held]
        own = [feats[i] for i in rows]
        fz = _Featurizer.fit(own + tr_p)
        ph = _fit_penta(
            tr_p, [plabels[i] for i in tr], own, [labels[i] for i in rows], fz, seed, cfg
        )
        s = np.asarray(fz.matrix([pfeats[i] for i in test_idx]) @ ph.coef + ph.intercept)
        oof[test_idx] = s[:, [ph.labels.index(str(c)) for c in PENTA_LABELS]]
    return oof


def _not_repeating(
    same: Sequence[str] | None, n: int, held: npt.NDArray[np.intp], m: int
) -> list[int]:
    """The PentaClass rows (of ``m``) that repeat none of the held-out PLOVER rows: ``same``
    holds the texts of the ``n`` PLOVER rows then of the PentaClass rows (None: all rows)."""
    if same is None:
        return list(range(m))
    out = {same[i] for i in held}
    return [k for k in range(m) if same[n + k] not in out]


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
    own: Sequence[Path] | None = None,
) -> TrainReport:
    """Train the classifier from the development data and (optionally) save it.

    ``data_dir`` holds ``plover_roots.csv`` (its ``split=train`` rows are used) and, when
    ``use_pentaclass``, ``pentaclass_train.tsv``, less its sentences that repeat a
    ``plover_roots.csv`` row of another split (of the test rows only the text is read, to
    leave them out). With ``cv_folds >= 2`` the report carries stratified k-fold
    cross-validation scores on the training rows (the whole procedure, pseudo-labelling
    included, is refitted per fold, and a sentence both files hold is held out of both) and
    the softmax temperatures are fitted on the out-of-fold decision values. ``own``: the
    project's own labelled sentences (default :func:`default_own_sources`; ``()`` for none),
    whose sentences with one event type are training rows of both heads (in every fold, never
    scored), and whose sentences with none train the detection head. ``config`` overrides the
    hyper-parameters (:class:`TrainConfig`). Deterministic for a given ``seed``, data and spaCy
    model. Needs scikit-learn (``pip install legation[train]``).
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
    roots = data_dir / "plover_roots.csv"
    if not roots.is_file():
        raise CodingError(
            f"{roots} not found: point --data at the dev-data folder that holds "
            "plover_roots.csv (and pentaclass_train.tsv), e.g. ../shared/data/dev"
        )
    plover_rows = read_plover_roots(roots, "train")
    if not plover_rows:
        raise CodingError(f"no split=train rows in {roots}")
    penta_path = data_dir / "pentaclass_train.tsv"
    penta_rows = read_pentaclass(penta_path) if use_pentaclass and penta_path.exists() else []
    held = held_out_texts(roots)
    n_penta = len(penta_rows)
    penta_rows = [(t, lab) for t, lab in penta_rows if same_text(t) not in held]
    if len(penta_rows) < n_penta:
        log.info(
            "left out %d PentaClass rows: plover_roots test sentences", n_penta - len(penta_rows)
        )
    texts = [same_text(t) for t, _ in plover_rows]
    ptexts = [same_text(t) for t, _ in penta_rows]
    own_files = tuple(default_own_sources() if own is None else own)
    own_counts: dict[str, int] = {}
    none_counts: dict[str, int] = {}
    own_rows: list[tuple[str, str]] = []
    none_texts: list[str] = []
    for path in own_files:
        # a sentence of the peer data is never an own row (nor a test sentence one)
        rows = [(t, lab) for t, lab in read_own(path) if same_text(t) not in held]
        nones = [t for t, lab in rows if lab == NO_EVENT_TYPE]
        own_counts[path.name] = len(rows) - len(nones)
        none_counts[path.name] = len(nones)
        own_rows += [(t, lab) for t, lab in rows if lab != NO_EVENT_TYPE]
        none_texts += nones

    def featurize(texts: list[str]) -> list[list[str]]:
        return [sentence_features(_whole(d)) for d in nlp.pipe(texts, batch_size=64)]

    feats = featurize([t for t, _ in plover_rows])
    labels = [lab for _, lab in plover_rows]
    pfeats = featurize([t for t, _ in penta_rows])
    plabels = [lab for _, lab in penta_rows]
    ofeats = featurize([t for t, _ in own_rows])
    olabels = [lab for _, lab in own_rows]
    nfeats = featurize(none_texts)
    log.info(
        "featurised %d + %d + %d + %d sentences", len(feats), len(pfeats), len(ofeats), len(nfeats)
    )

    report_cv: dict[str, Any] = {}
    t_plover, t_penta, t_event = 3.0, 3.0, 1.0
    if cv_folds >= 2 and nfeats:
        flags = [True] * len(ofeats) + [False] * len(nfeats)
        e_scores = _cv_event(feats + pfeats, ofeats + nfeats, flags, cv_folds, seed, cfg)
        e_idx = np.array([0 if f else 1 for f in flags], dtype=np.intp)
        t_event = _fit_temperature(e_scores, e_idx)
        said_none = e_scores.argmax(axis=1) == 1
        report_cv.update(
            event_cv_none_recall=float(np.mean(said_none[e_idx == 1])),
            event_cv_events_kept=float(np.mean(~said_none[e_idx == 0])),
        )
    if cv_folds >= 2:
        folds = _folds(labels, cv_folds, seed)
        oof, head_labels = _cv_plover(
            feats,
            labels,
            pfeats,
            plabels,
            folds,
            seed,
            cfg,
            same=texts + ptexts,
            own=(ofeats, olabels),
        )
        oof_pred = [head_labels[j] for j in oof.argmax(axis=1)]
        acc = float(np.mean([g == p for g, p in zip(labels, oof_pred, strict=True)]))
        mf1, per = _macro_f1(labels, oof_pred)
        t_plover = _fit_temperature(oof, np.array([head_labels.index(lab) for lab in labels]))
        report_cv.update(
            cv_accuracy=acc,
            cv_macro_f1=mf1,
            cv_per_class_f1=per,
            cv_oof=oof * t_plover,
            cv_oof_labels=head_labels,
        )
        if pfeats:
            pfolds = _folds(plabels, cv_folds, seed)
            otexts = [same_text(t) for t, _ in own_rows]
            p_scores = _cv_penta(
                feats + ofeats,
                labels + olabels,
                pfeats,
                plabels,
                pfolds,
                seed,
                cfg,
                texts=(texts + otexts, ptexts),
            )
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

    fz, head, n_pseudo = _fit_plover(
        feats + ofeats,
        labels + olabels,
        pfeats,
        plabels,
        seed,
        cfg,
        n_own=len(ofeats),
        vocab=nfeats,
    )
    head.temperature = t_plover
    event = None
    if nfeats:
        event = _fit_event(feats + ofeats + pfeats, nfeats, fz, seed, cfg)
        event.temperature = t_event
    penta = _fit_penta(pfeats, plabels, feats + ofeats, labels + olabels, fz, seed, cfg)
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
            "pentaclass_train.tsv": f"{len(pfeats)} rows ({n_pseudo} pseudo-labelled; "
            f"{n_penta - len(pfeats)} left out: plover_roots test sentences)",
            **{
                name: f"{n} own sentences with one event type, {none_counts[name]} with none"
                for name, n in own_counts.items()
            },
        },
        "seed": seed,
        "spacy_model": f"{nlp.meta.get('name', '?')}-{nlp.meta.get('version', '?')}",
        "config": asdict(cfg),
    }
    clf = EventClassifier(fz, head, penta, meta, event)
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
        n_own_train=own_counts,
        n_none_train=none_counts,
        event_cv_none_recall=report_cv.get("event_cv_none_recall"),
        event_cv_events_kept=report_cv.get("event_cv_events_kept"),
        cv_oof=report_cv.get("cv_oof"),
        cv_oof_labels=report_cv.get("cv_oof_labels", ()),
    )
