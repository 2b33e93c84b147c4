"""``merges``: cross-document de-duplication on Legation's own benchmark of multi-outlet report
clusters (``legation/data/eval/clusters.yaml``).

Each real-world event there is told two or three ways by different outlets (dated and
undated, from either side, typed differently within one quad class, a day later), beside
near-misses that must stay apart (see the file's header). The documents are coded by the
pipeline (repeated mentions collapsed as in ``legation code``), written to a temporary DuckDB
store, and :func:`legation.dedup.deduplicate` runs twice. Scored on *pairs of events from
different documents*:

- a **gold pair** is two labelled events (their phrase holds the event's trigger) of
  different documents that report the same real-world event;
- a **predicted pair** is two stored events of different documents that ended in one merged
  event; a pair with an unlabelled event counts as wrong;
- **precision** = right predicted pairs / predicted pairs; **recall** = gold pairs merged /
  gold pairs whose two events were coded (a label the coder missed is the coder's: see
  ``coverage``);
- **consistent recall**: recall over the gold pairs the coder coded consistently -- both
  with an actor and every party resolved, the same countries on the two, and types of one
  quad class -- which separates de-duplication's misses from coding errors upstream;
- ``second_run_absorbed``: events the second run merged (it must merge nothing).

Figures for all documents and per split (``dev`` was looked at while writing the rules,
``test`` only scored; a pair counts in a split when both documents are in it).
"""

from __future__ import annotations

import tempfile
from collections import defaultdict
from dataclasses import dataclass
from itertools import combinations
from pathlib import Path
from time import perf_counter
from typing import TYPE_CHECKING, Any

from ..errors import IngestError
from ..model import CodedDocument, Event
from . import labelled
from .base import SUITES, SuiteResult, prf

if TYPE_CHECKING:
    from ..pipeline import Pipeline
    from ..store import Store

NAME = "merges"
FILE = "clusters.yaml"


@dataclass(frozen=True, slots=True)
class Stored:
    """One coded event: its id, document, split, and the real-world event it reports (None
    when no label covers it)."""

    id: str
    doc: str
    split: str
    happening: str | None
    text: str


@dataclass(frozen=True, slots=True)
class GoldPair:
    """Two documents that report one real-world event, and what the coder made of it."""

    split: str | None  # None when the documents are in different splits
    docs: frozenset[str]
    happening: str
    coded: bool  # both reports were coded
    consistent: bool  # ... with resolved parties of the same countries and related types


def label_events(
    raws: list[labelled.Raw], coded: dict[str, CodedDocument]
) -> tuple[list[Stored], dict[tuple[str, str], list[Event]]]:
    """Every coded event with its label, and the events coded for each labelled (document,
    real-world event)."""
    stored: list[Stored] = []
    found: dict[tuple[str, str], list[Event]] = {}
    for raw in raws:
        result = coded[raw.id]
        spans: list[tuple[tuple[int, int], str]] = []
        for item in raw.labels.get("events") or ():
            if "at" not in item or "event" not in item:
                raise IngestError(f"{FILE}:{raw.id}", "each event needs `at` and `event`")
            bounds = labelled.span(result.document.text, str(item["at"]), f"{FILE}:{raw.id}")
            spans.append((bounds, str(item["event"])))
            found[(raw.id, str(item["event"]))] = labelled.inside(result.events, bounds)
        for event in result.events:
            happening = next((h for (a, b), h in spans if a <= event.trigger.start < b), None)
            stored.append(Stored(event.id, raw.id, raw.split, happening, event.sentence.text))
    return stored, found


def gold_pairs(
    raws: list[labelled.Raw], found: dict[tuple[str, str], list[Event]]
) -> list[GoldPair]:
    docs_of: dict[str, list[labelled.Raw]] = defaultdict(list)
    for raw in raws:
        for item in raw.labels.get("events") or ():
            docs_of[str(item["event"])].append(raw)
    out = []
    for happening, docs in docs_of.items():
        for a, b in combinations(docs, 2):
            first, second = found[(a.id, happening)], found[(b.id, happening)]
            out.append(
                GoldPair(
                    a.split if a.split == b.split else None,
                    frozenset((a.id, b.id)),
                    happening,
                    bool(first and second),
                    bool(first and second) and consistent(first[0], second[0]),
                )
            )
    return out


def consistent(a: Event, b: Event) -> bool:
    """Whether the coder told two reports of one event alike enough for any de-duplication
    to see it: an actor each, every party resolved, the same countries, types of one quad
    class (by CAMEO code, else PLOVER type)."""
    from ..ontology import cameo_table

    def quad(e: Event) -> int | None:
        info = cameo_table().get(e.cameo or "")
        return info.quad_class if info is not None else e.quad_class

    def countries(e: Event) -> set[str | None]:
        return {p.country for p in (*e.actors, *e.recipients)}

    def resolved(e: Event) -> bool:
        parties = (*e.actors, *e.recipients)
        return bool(e.actors) and all(p.entity_id or p.code for p in parties)

    return resolved(a) and resolved(b) and countries(a) == countries(b) and quad(a) == quad(b)


def merged_groups(store: Store) -> dict[str, str]:
    """Stored event id -> the id of the event it was merged into (absorbed events only)."""
    return {row.event_id: row.canonical_id for row in store.merges()}


def predicted_pairs(stored: list[Stored], canonical: dict[str, str]) -> list[tuple[Stored, Stored]]:
    groups: dict[str, list[Stored]] = defaultdict(list)
    for event in stored:
        groups[canonical.get(event.id, event.id)].append(event)
    return [
        (a, b) for members in groups.values() for a, b in combinations(members, 2) if a.doc != b.doc
    ]


def _right(a: Stored, b: Stored) -> bool:
    return a.happening is not None and a.happening == b.happening


def scores(gold: list[GoldPair], predicted: list[tuple[Stored, Stored]]) -> dict[str, float]:
    merged = {(frozenset((a.doc, b.doc)), a.happening) for a, b in predicted if _right(a, b)}
    right = sum(1 for a, b in predicted if _right(a, b))
    coded = [g for g in gold if g.coded]
    hits = [g for g in coded if (g.docs, g.happening) in merged]
    fair = [g for g in coded if g.consistent]
    p = prf(right, len(predicted), len(coded))
    return {
        "merge_precision": p.precision,
        "merge_recall": p.recall,
        "merge_recall_consistent": sum(1 for g in hits if g.consistent) / len(fair)
        if fair
        else 0.0,
        "predicted_pairs": float(len(predicted)),
        "gold_pairs": float(len(gold)),
        "coded_pairs": float(len(coded)),
        "consistent_pairs": float(len(fair)),
        "merged_gold_pairs": float(len(hits)),
        "coverage": len(coded) / len(gold) if gold else 0.0,
    }


def _split_of(a: Stored, b: Stored) -> str | None:
    return a.split if a.split == b.split else None


def _figures(
    gold: list[GoldPair], predicted: list[tuple[Stored, Stored]]
) -> dict[str, dict[str, float]]:
    out = {"all": scores(gold, predicted)}
    for split in labelled.SPLITS:
        out[split] = scores(
            [g for g in gold if g.split == split],
            [(a, b) for a, b in predicted if _split_of(a, b) == split],
        )
    return out


def _errors(gold: list[GoldPair], predicted: list[tuple[Stored, Stored]]) -> dict[str, Any]:
    merged = {(frozenset((a.doc, b.doc)), a.happening) for a, b in predicted if _right(a, b)}
    return {
        "wrong_merges": [[a.doc, b.doc, a.text, b.text] for a, b in predicted if not _right(a, b)],
        "missed_pairs": [
            [*sorted(g.docs), g.happening, "consistent" if g.consistent else "coded apart"]
            for g in gold
            if g.coded and (g.docs, g.happening) not in merged
        ],
        "uncoded_pairs": [[*sorted(g.docs), g.happening] for g in gold if not g.coded],
    }


def _lines(figures: dict[str, dict[str, float]], again: int) -> tuple[str, ...]:
    lines = [
        f"  {split:<4} merge P {f['merge_precision']:.3f} R {f['merge_recall']:.3f} "
        f"(consistent R {f['merge_recall_consistent']:.3f}): "
        f"{int(f['merged_gold_pairs'])} of {int(f['coded_pairs'])} coded gold pairs merged "
        f"({int(f['consistent_pairs'])} consistent, {int(f['gold_pairs'])} in all), "
        f"{int(f['predicted_pairs'])} pairs predicted"
        for split, f in figures.items()
    ]
    return (*lines, f"  second run absorbed {again} events")


@SUITES.register(NAME)
def merges_suite(pipeline: Pipeline, data_dir: Path) -> SuiteResult:
    """Code the cluster documents, de-duplicate them in a temporary store, score the merges
    (``data_dir`` is not used: the documents ship with Legation)."""
    from ..dedup import deduplicate
    from ..store import Store

    start = perf_counter()
    raws = labelled.load(FILE)
    coded = {c.document.name: c for c in _coded(pipeline, raws)}
    stored, found = label_events(raws, coded)
    with (
        tempfile.TemporaryDirectory(prefix="legation-merges-") as folder,
        Store(Path(folder) / "clusters.duckdb") as store,
    ):
        store.write_batch(list(coded.values()))
        deduplicate(store)
        again = deduplicate(store).absorbed
        canonical = merged_groups(store)
    predicted = predicted_pairs(stored, canonical)
    gold = gold_pairs(raws, found)
    figures = _figures(gold, predicted)
    headline = {**figures["all"], "second_run_absorbed": float(again)}
    headline.update({f"{k}_test": v for k, v in figures["test"].items()})
    details = {"by_split": figures, **_errors(gold, predicted)}
    return SuiteResult(
        NAME, len(raws), perf_counter() - start, headline, details, _lines(figures, again),
        unit="documents",
    )  # fmt: skip


def _coded(pipeline: Pipeline, raws: list[labelled.Raw]) -> list[CodedDocument]:
    """The documents coded as ``legation code`` codes them (repeats collapsed)."""
    from ..dedup import collapse_repeats

    out = []
    for result in labelled.code(pipeline, raws).values():
        events, _ = collapse_repeats(result.events)
        out.append(CodedDocument(result.document, result.sentences, [], events))
    return out
