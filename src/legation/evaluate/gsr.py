"""``plover_gsr``: the PLOVER gold-standard records, scored on type *and* sides.

``plover_gsr_dev.jsonl`` (openeventdata/PLOVER ``gold_standard_records``, CC BY-SA 4.0; half
of the records, the other half is held back) gives one event per sentence with its PLOVER 0.5
type and the source and target actors' country codes (ISO3, or ``IGO``/``NGO``/``IMG`` for
international organisations, NGOs and militarised groups). Old names are mapped as for
``plover_roots`` (DEMAND→REQUEST, DISAPPROVE and INVESTIGATE→ACCUSE, FIGHT→ASSAULT,
YIELD→CONCEDE).

Each sentence is coded without a publication date; its predicted event is the one with the
highest confidence (:func:`legation.evaluate.choose_event`), with the sides of the other
events of the same trigger and type (the coder writes one event per counterpart, the gold one
event with all of them: :func:`with_siblings`). Figures:

- **event type**: accuracy and macro-F1 over the gold types, per class and confusion;
- **actor / recipient country accuracy**, among sentences whose predicted type is right: a
  side is right when the set of its actors' keys equals the gold side's set of codes, or the
  gold side has no code. An actor's keys are its country and the first three letters of its
  code (``IGOUNO`` → ``IGO``). A reciprocal gold event (two or more sources, no coded target:
  "Hungarian and Romanian officials agreed") is right on both sides when the predicted
  actors and recipients together are its sources;
- **dyad F1**: the gold dyads are (type, source code, target code) for every source and
  target (a side without a code matches anything); the predicted event's dyads are (type,
  actor key, recipient key) for each actor and recipient; matched one to one. A reciprocal
  gold event's dyads are the pairs of its sources, undirected, and the predicted event's the
  pairs of its parties (actors and recipients together), as for its sides: "Hungarian and
  Romanian officials agreed" is one HUN–ROU dyad, whether the coder writes HUN → ROU or
  both as actors.

A few gold codes are misspelt ISO3 (``JAP``, ``ITL``); they are read as ``JPN`` and ``ITA``.
"""

from __future__ import annotations

import json
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass
from itertools import combinations, product
from pathlib import Path
from time import perf_counter
from typing import TYPE_CHECKING, Any

from ..errors import IngestError
from ..model import Actor, Event
from .base import (
    OLD_PLOVER_NAMES,
    SUITES,
    Classification,
    SuiteResult,
    choose_event,
    classification,
    format_classification,
    open_dev_data,
    predicted_type,
    prf,
    with_siblings,
)

if TYPE_CHECKING:
    from ..pipeline import Pipeline

FILE = "plover_gsr_dev.jsonl"
NAME = "plover_gsr"
GSR_NAMES = {**OLD_PLOVER_NAMES, "YIELD": "CONCEDE"}
CODE_FIXES = {"JAP": "JPN", "ITL": "ITA"}
Dyad = tuple[str, str | None, str | None]  # type, actor key, recipient key (None: any)


@dataclass(frozen=True, slots=True)
class GsrRecord:
    """One gold record: sentence, PLOVER type, and the codes of each side."""

    id: str
    text: str
    event_type: str
    sources: frozenset[str]
    targets: frozenset[str]

    @property
    def reciprocal(self) -> bool:
        return len(self.sources) >= 2 and not self.targets


def load_gsr(path: Path) -> list[GsrRecord]:
    """Read ``plover_gsr_dev.jsonl``; a malformed line raises :class:`IngestError`."""
    with open_dev_data(path) as handle:
        lines = handle.read().splitlines()
    return [_record(line, path, n) for n, line in enumerate(lines, 1) if line.strip()]


def _record(line: str, path: Path, n: int) -> GsrRecord:
    try:
        row = json.loads(line)
        label = str(row["event"]).strip().upper()
        return GsrRecord(
            id=str(row.get("id", n)),
            text=str(row["text"]).strip(),
            event_type=GSR_NAMES.get(label, label),
            sources=_codes(row.get("source")),
            targets=_codes(row.get("target")),
        )
    except (ValueError, KeyError, TypeError) as exc:
        raise IngestError(f"{path}:{n}", f"not a gold record ({exc})") from None


def _codes(side: Any) -> frozenset[str]:
    """The coded actors of a side; free text ("diplomatic") or an empty side has none."""
    if not isinstance(side, list):
        return frozenset()
    codes = (str(a.get("code") or "").strip().upper() for a in side if isinstance(a, dict))
    return frozenset(CODE_FIXES.get(c, c) for c in codes if c)


def actor_keys(actor: Actor) -> frozenset[str]:
    """The codes one predicted actor can match: its country and its code's prefix."""
    keys = {actor.country or "", actor.code[:3] if actor.code else ""}
    return frozenset(k for k in keys if len(k) == 3)


def _side_key(actor: Actor) -> str | None:
    """One key per predicted actor for dyads: its country, else its code's prefix."""
    return min(actor_keys(actor), key=lambda k: k != actor.country, default=None)


def sides_right(record: GsrRecord, event: Event) -> tuple[bool, bool]:
    """Whether the event's actor and recipient sides match the record's (see module doc)."""
    actors = [actor_keys(a) for a in event.actors]
    recipients = [actor_keys(a) for a in event.recipients]
    if record.reciprocal:
        both = bool(actors) and _side_right(record.sources, actors + recipients)
        return both, both
    return _side_right(record.sources, actors), _side_right(record.targets, recipients)


def _side_right(gold: frozenset[str], actors: list[frozenset[str]]) -> bool:
    """Every predicted actor is a gold one and every gold code is predicted; a gold side
    without codes accepts anything."""
    if not gold:
        return True
    covered = frozenset().union(*actors) if actors else frozenset()
    return bool(actors) and all(keys & gold for keys in actors) and gold <= covered


def gold_dyads(record: GsrRecord) -> list[Dyad]:
    if record.reciprocal:
        return [(record.event_type, a, b) for a, b in combinations(sorted(record.sources), 2)]
    sources: Sequence[str | None] = sorted(record.sources) or [None]
    targets: Sequence[str | None] = sorted(record.targets) or [None]
    return [(record.event_type, s, t) for s, t in product(sources, targets)]


def predicted_dyads(event: Event | None, reciprocal: bool = False) -> list[Dyad]:
    """The event's dyads; ``reciprocal``: the pairs of its parties, sorted (see module doc)."""
    if event is None:
        return []
    if reciprocal:
        parties = sorted({k for a in (*event.actors, *event.recipients) if (k := _side_key(a))})
        kind = predicted_type(event, yield_label=False)
        pairs = list(combinations(parties, 2))
        return [(kind, a, b) for a, b in pairs] or [(kind, (parties or ["?"])[0], "?")]
    actors = sorted({_side_key(a) or "?" for a in event.actors}) or ["?"]
    recipients = sorted({_side_key(a) or "?" for a in event.recipients}) or ["?"]
    kind = predicted_type(event, yield_label=False)
    return [(kind, a, r) for a, r in product(actors, recipients)]


def match_dyads(gold: list[Dyad], predicted: list[Dyad]) -> int:
    """One-to-one matches (a gold side of None matches anything), greedy in order."""
    free = list(gold)
    hits = 0
    for dyad in predicted:
        hit = next((g for g in free if _dyad_match(g, dyad)), None)
        if hit is not None:
            free.remove(hit)
            hits += 1
    return hits


def _dyad_match(gold: Dyad, predicted: Dyad) -> bool:
    return gold[0] == predicted[0] and all(
        g is None or g == p for g, p in zip(gold[1:], predicted[1:], strict=True)
    )


@dataclass(frozen=True, slots=True)
class GsrScores:
    types: Classification
    typed: int  # sentences whose predicted type is right
    actor_right: int
    recipient_right: int
    dyads: tuple[int, int, int]  # correct, predicted, gold

    def headline(self) -> dict[str, float]:
        dyad = prf(*self.dyads)
        return {
            "type_accuracy": self.types.accuracy,
            "type_macro_f1": self.types.macro_f1,
            "actor_country_accuracy": self.actor_right / self.typed if self.typed else 0.0,
            "recipient_country_accuracy": self.recipient_right / self.typed if self.typed else 0.0,
            "dyad_precision": dyad.precision,
            "dyad_recall": dyad.recall,
            "dyad_f1": dyad.f1,
        }


def score(records: Sequence[GsrRecord], chosen: Sequence[Event | None]) -> GsrScores:
    """Score one chosen event (or None) per record."""
    types = classification(
        [r.event_type for r in records], [predicted_type(e, yield_label=False) for e in chosen]
    )
    counts: Counter[str] = Counter()
    dyads = [0, 0, 0]
    for record, event in zip(records, chosen, strict=True):
        gold, found = gold_dyads(record), predicted_dyads(event, record.reciprocal)
        dyads[0] += match_dyads(gold, found)
        dyads[1] += len(found)
        dyads[2] += len(gold)
        if event is None or predicted_type(event, yield_label=False) != record.event_type:
            continue
        actor_ok, recipient_ok = sides_right(record, event)
        counts.update(typed=1, actor=actor_ok, recipient=recipient_ok)
    return GsrScores(
        types, counts["typed"], counts["actor"], counts["recipient"], (dyads[0], dyads[1], dyads[2])
    )


def side_misses(
    records: Sequence[GsrRecord], chosen: Sequence[Event | None]
) -> list[dict[str, Any]]:
    """Right-type sentences with a wrong side: the record's id, what gold says and what was
    predicted (ids only: the report may be committed, the dev data may not)."""
    out = []
    for record, event in zip(records, chosen, strict=True):
        if event is None or predicted_type(event, yield_label=False) != record.event_type:
            continue
        actor_ok, recipient_ok = sides_right(record, event)
        if not (actor_ok and recipient_ok):
            out.append(
                {
                    "id": record.id,
                    "gold": [sorted(record.sources), sorted(record.targets)],
                    "predicted": [
                        [_side_key(a) for a in event.actors],
                        [_side_key(a) for a in event.recipients],
                    ],
                }
            )
    return out


@SUITES.register(NAME)
def plover_gsr(pipeline: Pipeline, data_dir: Path) -> SuiteResult:
    """Code the gold records' sentences and score type, sides and dyads."""
    start = perf_counter()
    records = load_gsr(data_dir / FILE)
    coded = pipeline.code_texts([r.text for r in records])
    chosen = [with_siblings(events, choose_event(events)) for events in coded]
    scores = score(records, chosen)
    headline = scores.headline()
    lines = (
        f"  event type       accuracy {headline['type_accuracy']:.3f}  "
        f"macro-F1 {headline['type_macro_f1']:.3f}",
        f"  sides ({scores.typed} of right type)  "
        f"actor country {headline['actor_country_accuracy']:.3f}  "
        f"recipient country {headline['recipient_country_accuracy']:.3f}",
        f"  dyads            F1 {headline['dyad_f1']:.3f} (P {headline['dyad_precision']:.3f} "
        f"R {headline['dyad_recall']:.3f})",
        *format_classification("event type", scores.types),
    )
    details = {
        "event_type": scores.types,
        "typed": scores.typed,
        "dyads": {
            "correct": scores.dyads[0],
            "predicted": scores.dyads[1],
            "gold": scores.dyads[2],
        },
        "side_misses": side_misses(records, chosen),
    }
    return SuiteResult(NAME, len(records), perf_counter() - start, headline, details, lines)
