"""What every scorer and suite of :mod:`legation.evaluate` shares: P/R/F1 and classification
scores, the label an event predicts, the dev-data opener, and the registry of suites
(:data:`SUITES`, :class:`SuiteResult`).

A leaf of the package: the suite modules register themselves here, and
:mod:`legation.evaluate.suites` imports them to run them, so nothing here imports back.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from types import MappingProxyType
from typing import TYPE_CHECKING, Any, TextIO

from ..errors import IngestError
from ..model import Event, PloverType
from ..registry import Registry

if TYPE_CHECKING:
    from ..pipeline import Pipeline

#: The label of a sentence with no event (always wrong), and the gold label that stands for
#: CONCEDE or RETREAT (:data:`YIELD_TYPES`); old PLOVER names are mapped on load.
NONE = "NONE"
YIELD = "YIELD"
OLD_PLOVER_NAMES: Mapping[str, str] = MappingProxyType(
    {
        "DEMAND": "REQUEST",
        "DISAPPROVE": "ACCUSE",
        "INVESTIGATE": "ACCUSE",
        "FIGHT": "ASSAULT",
    }
)
YIELD_TYPES = frozenset({PloverType.CONCEDE, PloverType.RETREAT})


# --- metrics -------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class Scores:
    """Precision, recall and F1, with the counts they come from."""

    precision: float
    recall: float
    f1: float
    support: int  # gold items
    predicted: int
    correct: int


@dataclass(frozen=True, slots=True)
class Classification:
    """Accuracy, macro-F1 over the gold labels, per-class scores and the confusion matrix
    (``confusion[gold][predicted]``, predicted labels include ``NONE``)."""

    accuracy: float
    macro_f1: float
    per_class: dict[str, Scores]
    confusion: dict[str, dict[str, int]]


def prf(correct: int, predicted: int, support: int) -> Scores:
    """P/R/F1 from counts; a zero denominator gives 0.0."""
    precision = correct / predicted if predicted else 0.0
    recall = correct / support if support else 0.0
    f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
    return Scores(precision, recall, f1, support, predicted, correct)


def classification(gold: Sequence[str], predicted: Sequence[str]) -> Classification:
    """Compare label sequences. ``NONE`` predictions are wrong and get no class of their
    own; classes only predicted are listed but not averaged (macro-F1 is over gold labels)."""
    if len(gold) != len(predicted):
        raise ValueError(f"{len(gold)} gold labels but {len(predicted)} predictions")
    pairs = Counter(zip(gold, predicted, strict=True))
    gold_labels = sorted(set(gold))
    labels = gold_labels + sorted(set(predicted) - set(gold) - {NONE})
    per_class = {label: _class_scores(label, pairs) for label in labels}
    macro = sum(per_class[g].f1 for g in gold_labels) / len(gold_labels) if gold_labels else 0.0
    correct = sum(n for (g, p), n in pairs.items() if g == p)
    return Classification(
        accuracy=correct / len(gold) if gold else 0.0,
        macro_f1=macro,
        per_class=per_class,
        confusion=_confusion(gold_labels, pairs),
    )


def _class_scores(label: str, pairs: Counter[tuple[str, str]]) -> Scores:
    correct = pairs[(label, label)]
    predicted = sum(n for (_, p), n in pairs.items() if p == label)
    support = sum(n for (g, _), n in pairs.items() if g == label)
    return prf(correct, predicted, support)


def _confusion(
    gold_labels: list[str], pairs: Counter[tuple[str, str]]
) -> dict[str, dict[str, int]]:
    predicted = {p for _, p in pairs}
    columns = sorted((predicted | set(gold_labels)) - {NONE}) + [NONE] * (NONE in predicted)
    return {g: {p: pairs[(g, p)] for p in columns} for g in gold_labels}


def choose_event(events: Sequence[Event]) -> Event | None:
    """The sentence's predicted event: highest confidence, the first one on ties."""
    return max(events, key=lambda e: e.confidence) if events else None


def with_siblings(events: Sequence[Event], chosen: Event | None) -> Event | None:
    """The chosen event with the sides of the other events of its trigger and type: the
    coder writes "mediation between A and B" as one event per counterpart, the gold as one
    event with both."""
    if chosen is None:
        return None
    same = [e for e in events if e.trigger == chosen.trigger and e.event_type == chosen.event_type]
    actors = tuple(dict.fromkeys(a for e in same for a in e.actors))
    recipients = tuple(dict.fromkeys(a for e in same for a in e.recipients))
    return chosen.evolve(actors=actors, recipients=recipients)


def predicted_type(event: Event | None, yield_label: bool = True) -> str:
    """The label an event predicts; CONCEDE/RETREAT read as YIELD where gold uses YIELD."""
    if event is None:
        return NONE
    if yield_label and event.event_type in YIELD_TYPES:
        return YIELD
    return event.event_type.value


def format_classification(label: str, scores: Classification) -> list[str]:
    """Per-class table and confusion matrix of one classification, as report lines."""
    return [
        "",
        f"  {label} per class",
        *_class_table(scores),
        "",
        f"  {label} confusion (rows gold, columns predicted)",
        *_confusion_table(scores.confusion),
    ]


def _class_table(scores: Classification) -> list[str]:
    width = max((len(k) for k in scores.per_class), default=5) + 2
    rows = [f"    {'label':<{width}}{'P':>7}{'R':>7}{'F1':>7}{'gold':>7}{'pred':>7}"]
    rows += [
        f"    {k:<{width}}{s.precision:>7.3f}{s.recall:>7.3f}{s.f1:>7.3f}"
        f"{s.support:>7}{s.predicted:>7}"
        for k, s in scores.per_class.items()
    ]
    return rows


def _confusion_table(confusion: dict[str, dict[str, int]]) -> list[str]:
    columns = list(next(iter(confusion.values()), {}))
    numbered = any(len(c) > 4 for c in columns)
    names = [str(i + 1) for i in range(len(columns))] if numbered else columns
    width = max((len(k) for k in confusion), default=4) + 2
    cell = max([5, *(len(str(n)) + 1 for row in confusion.values() for n in row.values())])
    header = f"    {'':<{width}}" + "".join(f"{n:>{cell}}" for n in names)
    body = [
        f"    {g:<{width}}" + "".join(f"{row[c]:>{cell}}" for c in columns)
        for g, row in confusion.items()
    ]
    legend = ["    columns: " + "  ".join(f"{n}={c}" for n, c in zip(names, columns, strict=True))]
    return [*(legend if numbered else []), header, *body]


def open_dev_data(path: Path) -> TextIO:
    """A dev-data file for reading, or an error that says where the data should come from."""
    try:
        return path.open(encoding="utf-8-sig", newline="")
    except FileNotFoundError:
        raise IngestError(
            str(path), "not found; pass the shared/data/dev folder with --data DIR"
        ) from None


# --- suites --------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class SuiteResult:
    """What one suite measured.

    ``headline`` holds the named figures that CI keeps and the report prints first;
    ``details`` anything else JSON-ready (per-class tables, confusion matrices, misses);
    ``lines`` the readable detail lines of the plain-text report."""

    name: str
    items: int  # sentences or documents scored
    seconds: float
    headline: dict[str, float]
    details: dict[str, Any] = field(default_factory=dict)
    lines: tuple[str, ...] = ()
    unit: str = "sentences"


SuiteFn = Callable[["Pipeline", Path], SuiteResult]
SUITES: Registry[SuiteResult] = Registry("evaluation suite")
