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
  gold pairs whose two events were coded (``coded_pairs``; a label the coder missed is the
  coder's, reported as ``coverage``);
- ``second_run_absorbed``: events the second run merged (it must merge nothing).

Figures for all documents and per split (``dev`` was looked at while writing the rules,
``test`` only scored; pairs count in a split when both documents are in it).
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
from ..model import CodedDocument
from . import labelled, prf
from .suites import SUITES, SuiteResult

if TYPE_CHECKING:
    from ..pipeline import Pipeline
    from ..store import Store

NAME = "merges"
FILE = "clusters.yaml"


@dataclass(frozen=True, slots=True)
class Stored:
    """One stored event: its id, document, split, and the real-world event it reports
    (None when no label covers it)."""

    id: str
    doc: str
    split: str
    happening: str | None
    text: str


def label_events(
    raws: list[labelled.Raw], coded: dict[str, CodedDocument]
) -> tuple[list[Stored], dict[tuple[str, str], bool]]:
    """Every coded event with its label, and whether each labelled (document, event) was
    coded at all."""
    stored: list[Stored] = []
    seen: dict[tuple[str, str], bool] = {}
    for raw in raws:
        result = coded[raw.id]
        spans: list[tuple[tuple[int, int], str]] = []
        for item in raw.labels.get("events") or ():
            if "at" not in item or "event" not in item:
                raise IngestError(f"{FILE}:{raw.id}", "each event needs `at` and `event`")
            bounds = labelled.span(result.document.text, str(item["at"]), f"{FILE}:{raw.id}")
            spans.append((bounds, str(item["event"])))
            seen[(raw.id, str(item["event"]))] = bool(labelled.inside(result.events, bounds))
        for event in result.events:
            happening = next(
                (h for (a, b), h in spans if a <= event.trigger.start < b), None
            )  # fmt: skip
            stored.append(Stored(event.id, raw.id, raw.split, happening, event.sentence.text))
    return stored, seen


def gold_pairs(raws: list[labelled.Raw], seen: dict[tuple[str, str], bool]) -> list[Any]:
    """(split or None, coded?, document a, document b, event) for each gold pair."""
    docs_of: dict[str, list[labelled.Raw]] = defaultdict(list)
    for raw in raws:
        for item in raw.labels.get("events") or ():
            docs_of[str(item["event"])].append(raw)
    out = []
    for happening, docs in docs_of.items():
        for a, b in combinations(docs, 2):
            split = a.split if a.split == b.split else None
            coded = seen[(a.id, happening)] and seen[(b.id, happening)]
            out.append((split, coded, a.id, b.id, happening))
    return out


def merged_groups(store: Store) -> dict[str, str]:
    """Stored event id -> the id of the event it was merged into (itself if canonical)."""
    return {row.event_id: row.canonical_id for row in store.merges()}


def predicted_pairs(stored: list[Stored], canonical: dict[str, str]) -> list[tuple[Stored, Stored]]:
    groups: dict[str, list[Stored]] = defaultdict(list)
    for event in stored:
        groups[canonical.get(event.id, event.id)].append(event)
    return [
        (a, b)
        for members in groups.values()
        for a, b in combinations(members, 2)
        if a.doc != b.doc
    ]


def scores(gold: list[Any], predicted: list[tuple[Stored, Stored]]) -> dict[str, float]:
    merged = {
        (frozenset((a.doc, b.doc)), a.happening)
        for a, b in predicted
        if a.happening is not None and a.happening == b.happening
    }
    right = sum(1 for a, b in predicted if a.happening is not None and a.happening == b.happening)
    coded = [g for g in gold if g[1]]
    found = sum(1 for g in coded if (frozenset((g[2], g[3])), g[4]) in merged)
    p = prf(right, len(predicted), len(coded))
    return {
        "merge_precision": p.precision,
        "merge_recall": p.recall,
        "predicted_pairs": float(len(predicted)),
        "gold_pairs": float(len(gold)),
        "coded_pairs": float(len(coded)),
        "coverage": len(coded) / len(gold) if gold else 0.0,
        "merged_gold_pairs": float(found),
    }


def _split_of(a: Stored, b: Stored) -> str | None:
    return a.split if a.split == b.split else None


def _figures(gold: list[Any], predicted: list[tuple[Stored, Stored]]) -> dict[str, dict[str, float]]:
    out = {"all": scores(gold, predicted)}
    for split in labelled.SPLITS:
        out[split] = scores(
            [g for g in gold if g[0] == split],
            [(a, b) for a, b in predicted if _split_of(a, b) == split],
        )
    return out


def _errors(gold: list[Any], predicted: list[tuple[Stored, Stored]]) -> dict[str, Any]:
    wrong = [
        [a.doc, b.doc, a.text, b.text]
        for a, b in predicted
        if a.happening is None or a.happening != b.happening
    ]
    merged = {(frozenset((a.doc, b.doc)), a.happening) for a, b in predicted}
    missed = [[g[2], g[3], g[4]] for g in gold if g[1] and (frozenset((g[2], g[3])), g[4]) not in merged]
    uncoded = [[g[2], g[3], g[4]] for g in gold if not g[1]]
    return {"wrong_merges": wrong, "missed_pairs": missed, "uncoded_pairs": uncoded}


@SUITES.register(NAME)
def merges_suite(pipeline: Pipeline, data_dir: Path) -> SuiteResult:
    """Code the cluster documents, de-duplicate them in a temporary store, score the merges
    (``data_dir`` is not used: the documents ship with Legation)."""
    from ..dedup import deduplicate
    from ..runner.base import code_batch
    from ..store import Store

    start = perf_counter()
    raws = labelled.load(FILE)
    coded = {c.document.name: c for c in _coded(pipeline, raws)}
    stored, seen = label_events(raws, coded)
    with tempfile.TemporaryDirectory(prefix="legation-merges-") as folder:
        with Store(Path(folder) / "clusters.duckdb") as store:
            store.write_batch(list(coded.values()))
            deduplicate(store)
            again = deduplicate(store).absorbed
            canonical = merged_groups(store)
    kept = {e.id for c in coded.values() for e in c.events}
    predicted = predicted_pairs([s for s in stored if s.id in kept], canonical)
    gold = gold_pairs(raws, seen)
    figures = _figures(gold, predicted)
    headline = {**figures["all"], "second_run_absorbed": float(again)}
    headline.update({f"{k}_test": v for k, v in figures["test"].items()})
    lines = tuple(
        f"  {split:<4} merge P {f['merge_precision']:.3f} R {f['merge_recall']:.3f} "
        f"({int(f['merged_gold_pairs'])} of {int(f['coded_pairs'])} coded gold pairs merged, "
        f"{int(f['predicted_pairs'])} pairs predicted; {int(f['gold_pairs'])} gold pairs)"
        for split, f in figures.items()
    ) + (f"  second run absorbed {again} events",)
    details = {"by_split": figures, **_errors(gold, predicted)}
    return SuiteResult(NAME, len(raws), perf_counter() - start, headline, details, lines,
                       unit="documents")  # fmt: skip


def _coded(pipeline: Pipeline, raws: list[labelled.Raw]) -> list[CodedDocument]:
    """The documents coded as ``legation code`` codes them (repeats collapsed)."""
    from ..dedup import collapse_repeats

    out = []
    for result in labelled.code(pipeline, raws).values():
        events, _ = collapse_repeats(result.events)
        out.append(CodedDocument(result.document, result.sentences, [], events))
    return out
