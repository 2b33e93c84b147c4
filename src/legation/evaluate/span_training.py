"""Training the span tagger (:mod:`legation.coding.spans`) from the development data, and
scoring it by cross-validation as ``legation eval`` scores spans: the tagger is a coding
model, its training reads the dev sets and scores itself, which is evaluation's work (so the
coder never imports evaluation). ``legation train`` calls :func:`train`."""

from __future__ import annotations

import logging
import random
import tempfile
import time
from collections.abc import Iterable, Sequence
from dataclasses import asdict, dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

from ..coding.spans import C1, C2, MAX_ITERATIONS, SpanTagger, bio_labels, hashed_features
from . import Example, load_dataset, span_scores

if TYPE_CHECKING:
    from spacy.language import Language
    from spacy.tokens import Doc

log = logging.getLogger(__name__)


@dataclass(frozen=True, slots=True)
class SpanTrainReport:
    """What :func:`train` did and, with folds, how well the tagger did on held-out sentences
    (token-overlap F1 as ``legation eval`` computes it, over ``actor_spans`` training
    sentences)."""

    sentences: int
    actor_spans_sentences: int
    plover_roots_sentences: int
    seconds: float
    folds: int = 0
    cv_actor_f1: float | None = None
    cv_target_f1: float | None = None

    def summary(self) -> str:
        text = (
            f"span tagger: {self.sentences} training sentences "
            f"({self.actor_spans_sentences} actor_spans, {self.plover_roots_sentences} "
            f"plover_roots) in {self.seconds:.1f} s"
        )
        if self.cv_actor_f1 is not None and self.cv_target_f1 is not None:
            text += (
                f"; {self.folds}-fold CV token F1: actors {self.cv_actor_f1:.3f}, "
                f"targets {self.cv_target_f1:.3f}"
            )
        return text

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)


Item = tuple[list[list[str]], list[str]]


def _items(examples: Sequence[Example], nlp: Language) -> list[tuple[Doc, Example, Item]]:
    out = []
    for doc, ex in zip(nlp.pipe([e.text for e in examples], batch_size=64), examples, strict=True):
        spans = {"S": ex.sources, "T": ex.targets, "R": ex.reciprocal}
        out.append((doc, ex, (hashed_features(doc), bio_labels(doc, spans))))
    return out


def _fit(items: Iterable[Item], out: Path) -> None:
    import pycrfsuite

    trainer = pycrfsuite.Trainer(verbose=False)
    for feats, labels in items:
        if feats:
            trainer.append(feats, labels)
    trainer.set_params(
        {
            "c1": C1,
            "c2": C2,
            "max_iterations": MAX_ITERATIONS,
            "feature.possible_transitions": True,
        }
    )
    out.parent.mkdir(parents=True, exist_ok=True)
    partial = out.with_name(out.name + ".partial")
    trainer.train(str(partial))
    partial.replace(out)


def train(
    data_dir: Path,
    out: Path | None = None,
    *,
    nlp: Language | None = None,
    folds: int = 5,
    seed: int = 0,
) -> SpanTrainReport:
    """Train the span tagger from the development data (train splits only) and (optionally)
    save it to ``out`` (write-then-rename). With ``folds >= 2`` the report carries
    cross-validated token F1 over the ``actor_spans`` training sentences."""
    t0 = time.perf_counter()
    if nlp is None:
        from ..nlp import load_pipeline

        nlp = load_pipeline()
    spans_rows = _items(load_dataset("actor_spans", data_dir, "train"), nlp)
    plover_rows = _items(load_dataset("plover_roots", data_dir, "train"), nlp)
    cv_actor = cv_target = None
    if folds >= 2:
        order = list(range(len(spans_rows)))
        random.Random(seed).shuffle(order)
        gold_a, gold_t, pred_a, pred_t, tokens = [], [], [], [], []
        with tempfile.TemporaryDirectory() as tmp:
            for k in range(folds):
                held = set(order[k::folds])
                model = Path(tmp) / f"fold{k}.crfsuite"
                kept = [row[2] for i, row in enumerate(spans_rows) if i not in held]
                _fit(kept + [row[2] for row in plover_rows], model)
                tagger = SpanTagger(model)
                for i in sorted(held):
                    doc, ex, _ = spans_rows[i]
                    found = tagger.tag(doc)
                    gold_a.append(set(ex.sources) | set(ex.reciprocal))
                    gold_t.append(set(ex.targets))
                    pred_a.append({(s.start_char, s.end_char) for s in found.actors})
                    pred_t.append({(s.start_char, s.end_char) for s in found.targets})
                    tokens.append(ex.tokens)
        cv_actor = round(span_scores(gold_a, pred_a, tokens).overlap.f1, 4)
        cv_target = round(span_scores(gold_t, pred_t, tokens).overlap.f1, 4)
        log.info("span tagger CV: actors %.3f, targets %.3f", cv_actor, cv_target)
    if out is not None:
        _fit([row[2] for row in spans_rows + plover_rows], out)
    return SpanTrainReport(
        sentences=len(spans_rows) + len(plover_rows),
        actor_spans_sentences=len(spans_rows),
        plover_roots_sentences=len(plover_rows),
        seconds=round(time.perf_counter() - t0, 1),
        folds=folds if folds >= 2 else 0,
        cv_actor_f1=cv_actor,
        cv_target_f1=cv_target,
    )
