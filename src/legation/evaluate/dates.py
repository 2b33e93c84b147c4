"""``dates``: event dates, factuality flags and statement-level discipline on Legation's own
labelled documents (``legation/data/eval/dates.yaml``).

The documents (wire reports, briefings, press releases, op-eds written for the project; see the
file's header) are ingested as records, so a publication date may come from the record, the
dateline or byline, or the URL, and coded by the pipeline. Each label names a phrase of the text
(``at``); the coded events whose trigger lies in it are that label's events (their first is
scored; an unmatched label counts under ``coverage`` and nowhere else, because finding the
event is the coder's job, not this suite's). Figures, for all documents and per split (``dev``
was looked at while writing the rules; ``test`` was only scored):

- **day accuracy**: among matched labels whose day the text and publication date determine
  (precision ``day``), the share dated exactly that day with precision ``day``;
- **date accuracy**: among all matched labels, the share with the expected date *and* precision
  (``unknown`` with the publication date where the sentence gives none; ``None`` where nothing
  can be said);
- **historical / hypothetical / negated**: precision and recall of each flag over the matched
  labels;
- **discipline**: statements that are not current events (``not_events``: generic claims,
  opinion, hopes, recommendations, predictions, "Read more" teasers, captions, journalists'
  questions) are the positive class; a sentence counts as predicted positive when it yields no
  current event. The negatives are the labelled current events: one made non-current (flagged
  or dropped) is a false positive.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from time import perf_counter
from typing import TYPE_CHECKING, Any

from ..errors import IngestError
from ..model import CodedDocument, Event
from . import labelled
from .base import SUITES, SuiteResult, prf

if TYPE_CHECKING:
    from ..pipeline import Pipeline

NAME = "dates"
FILE = "dates.yaml"
FLAGS = ("historical", "hypothetical", "negated")
REASONS = frozenset(
    {"generic", "opinion", "hope", "recommendation", "prediction", "teaser", "caption",
     "question"}
)  # fmt: skip


@dataclass(frozen=True, slots=True)
class Label:
    """One labelled event: where it is, its date and precision, its flags."""

    doc: str
    split: str
    at: str
    date: str | None
    precision: str
    flags: tuple[bool, bool, bool]  # historical, hypothetical, negated

    @property
    def current(self) -> bool:
        return not any(self.flags)


@dataclass(frozen=True, slots=True)
class NotEvent:
    doc: str
    split: str
    at: str
    why: str


@dataclass(frozen=True, slots=True)
class Outcome:
    """What the pipeline gave for one label (``event`` None: not coded)."""

    label: Label
    event: Event | None


@dataclass(frozen=True, slots=True)
class Verdict:
    """What the pipeline gave for one not-event sentence."""

    item: NotEvent
    current: list[Event]  # current events coded in the sentence


def load_labels(raws: list[labelled.Raw]) -> tuple[list[Label], list[NotEvent]]:
    labels: list[Label] = []
    refusals: list[NotEvent] = []
    for raw in raws:
        for n, item in enumerate(raw.labels.get("events") or (), 1):
            labels.append(_label(raw, item, f"{FILE}:{raw.id}:event {n}"))
        for item in raw.labels.get("not_events") or ():
            why = str(item.get("why", ""))
            if why not in REASONS:
                raise IngestError(f"{FILE}:{raw.id}", f"why {why!r}; use {sorted(REASONS)}")
            refusals.append(NotEvent(raw.id, raw.split, str(item["at"]), why))
    return labels, refusals


def _label(raw: labelled.Raw, item: dict[str, Any], where: str) -> Label:
    if "at" not in item or "precision" not in item:
        raise IngestError(where, "a label needs `at`, `date` and `precision`")
    when = item.get("date")
    return Label(
        doc=raw.id,
        split=raw.split,
        at=str(item["at"]),
        date=when.isoformat() if isinstance(when, date) else (None if when is None else str(when)),
        precision=str(item["precision"]),
        flags=tuple(bool(item.get(flag, False)) for flag in FLAGS),  # type: ignore[arg-type]
    )


def outcomes(
    coded: dict[str, CodedDocument], labels: list[Label], refusals: list[NotEvent]
) -> tuple[list[Outcome], list[Verdict]]:
    """Match each label to the coded events in its phrase, and each not-event sentence to
    the current events coded in it."""
    found: list[Outcome] = []
    for label in labels:
        result = coded[label.doc]
        bounds = labelled.span(result.document.text, label.at, f"{FILE}:{label.doc}")
        events = labelled.inside(result.events, bounds)
        found.append(Outcome(label, events[0] if events else None))
    verdicts: list[Verdict] = []
    for item in refusals:
        result = coded[item.doc]
        bounds = labelled.span(result.document.text, item.at, f"{FILE}:{item.doc}")
        sentence = labelled.sentence_bounds(result, bounds)
        live = [e for e in labelled.inside(result.events, sentence) if e.is_current]
        verdicts.append(Verdict(item, live))
    return found, verdicts


def _flags(event: Event) -> tuple[bool, bool, bool]:
    return event.historical, event.hypothetical, event.negated


def scores(found: list[Outcome], verdicts: list[Verdict]) -> dict[str, float]:
    """The headline figures for one set of outcomes (see the module docstring)."""
    matched = [o for o in found if o.event is not None]
    days = [o for o in matched if o.label.precision == "day"]
    out: dict[str, float] = {
        "labels": float(len(found)),
        "coverage": len(matched) / len(found) if found else 0.0,
        "day_accuracy": _share(days, _right_date),
        "day_labels": float(len(days)),
        "date_accuracy": _share(matched, _right_date),
    }
    for i, flag in enumerate(FLAGS):
        gold = [o.label.flags[i] for o in matched]
        said = [_flags(o.event)[i] for o in matched if o.event is not None]
        hits = sum(g and s for g, s in zip(gold, said, strict=True))
        p = prf(hits, sum(said), sum(gold))
        out[f"{flag}_precision"], out[f"{flag}_recall"] = p.precision, p.recall
        out[f"{flag}_support"] = float(sum(gold))
    refused = sum(not v.current for v in verdicts)
    dropped = sum(o.label.current and not o.event.is_current for o in matched if o.event)
    p = prf(refused, refused + dropped, len(verdicts))
    out["discipline_precision"], out["discipline_recall"] = p.precision, p.recall
    out["discipline_support"] = float(len(verdicts))
    return out


def _right_date(outcome: Outcome) -> bool:
    event = outcome.event
    return (
        event is not None
        and event.date == outcome.label.date
        and event.date_precision.value == outcome.label.precision
    )


def _share(items: list[Outcome], test: Any) -> float:
    return sum(1 for o in items if test(o)) / len(items) if items else 0.0


def misses(found: list[Outcome], verdicts: list[Verdict]) -> list[dict[str, Any]]:
    """Every label the pipeline got wrong (date, precision or a flag), and every not-event
    sentence that still yields a current event."""
    out: list[dict[str, Any]] = []
    for o in found:
        event = o.event
        if event is not None and _right_date(o) and _flags(event) == o.label.flags:
            continue
        out.append(
            {
                "doc": o.label.doc,
                "at": o.label.at,
                "want": [o.label.date, o.label.precision, _names(o.label.flags)],
                "got": None
                if event is None
                else [event.date, event.date_precision.value, _names(_flags(event))],
            }
        )
    for v in verdicts:
        if v.current:
            out.append(
                {
                    "doc": v.item.doc,
                    "at": v.item.at,
                    "want": f"no current event ({v.item.why})",
                    "got": [f"{e.event_type.value} {e.trigger.text!r}" for e in v.current],
                }
            )
    return out


def _names(flags: tuple[bool, bool, bool]) -> list[str]:
    return [name for name, on in zip(FLAGS, flags, strict=True) if on]


def _lines(figures: dict[str, dict[str, float]], reasons: Counter[str]) -> tuple[str, ...]:
    lines: list[str] = []
    for split, f in figures.items():
        lines += [
            f"  {split:<4} {int(f['labels'])} labelled events (coverage {f['coverage']:.3f}): "
            f"day accuracy {f['day_accuracy']:.3f} ({int(f['day_labels'])} days), "
            f"date accuracy {f['date_accuracy']:.3f}",
            "       "
            + "  ".join(
                f"{flag} P {f[f'{flag}_precision']:.3f} R {f[f'{flag}_recall']:.3f} "
                f"({int(f[f'{flag}_support'])})"
                for flag in FLAGS
            ),
            f"       discipline P {f['discipline_precision']:.3f} "
            f"R {f['discipline_recall']:.3f} ({int(f['discipline_support'])} statements)",
        ]
    lines.append(
        "  not-event statements: " + ", ".join(f"{k} {n}" for k, n in sorted(reasons.items()))
    )
    return tuple(lines)


@SUITES.register(NAME)
def dates_suite(pipeline: Pipeline, data_dir: Path) -> SuiteResult:
    """Code the labelled documents and score dates, flags and discipline (``data_dir`` is
    not used: the documents ship with Legation)."""
    start = perf_counter()
    raws = labelled.load(FILE)
    labels, refusals = load_labels(raws)
    found, verdicts = outcomes(labelled.code(pipeline, raws), labels, refusals)
    figures = {
        split: scores(items, [v for v in verdicts if split in ("all", v.item.split)])
        for split, items in labelled.by_split((o.label.split, o) for o in found)
    }
    headline = dict(figures["all"])
    headline.update({f"{k}_test": v for k, v in figures["test"].items()})
    reasons = Counter(v.item.why for v in verdicts)
    details = {"by_split": figures, "misses": misses(found, verdicts)}
    return SuiteResult(
        NAME, len(raws), perf_counter() - start, headline, details, _lines(figures, reasons),
        unit="documents",
    )  # fmt: skip
