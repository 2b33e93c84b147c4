"""``readouts``: 32 real US-government readouts against a hand-made answer key.

The texts are ``readouts/readouts.jsonl`` in the dev-data folder (public-domain readouts,
press releases and remarks; never copied into the project). The key is
``legation/data/eval/readouts_key.yaml``, written by hand from the texts before the coder ran
on them; its header states the conventions for each recurring class of sentence (meetings,
meeting content, praise, intent to cooperate, requests, aid, sanctions, planned and background
acts, remarks, captions, sectors).

Each document is coded whole, with its title and publication date, and scored at document
level (events of one document are deduplicated to dyads, see :mod:`.answer_keys`). Only
current events count (no hypothetical, historical or negated flag, in the key and in the
coding). Figures, pooled over the documents:

- **dyad** precision/recall/F1 over (type, actor country, recipient country) — the headline;
- looser and stricter views of the same: **untyped_dyad** (countries only), **undirected_dyad**
  (either direction; host/guest mistakes forgiven) and **sector_dyad** (type, countries and
  the sides' sectors);
- **events per document**: expected current events (required) against coded current events,
  and the mean absolute difference;
- **flag agreement**: of the expected events (any status) that a coded event matches on type
  and countries, the share whose coded status (current/hypothetical/historical/negated)
  agrees; and, where the key gives a date, the share of those with the same date.

The JSON details list, per document, the dyads missed (with the key's evidence) and the
coded dyads that match nothing (with their sentence).
"""

from __future__ import annotations

import json
from collections import Counter
from collections.abc import Sequence
from dataclasses import asdict, dataclass
from datetime import date
from importlib import resources
from pathlib import Path
from time import perf_counter
from typing import TYPE_CHECKING, Any

import yaml

from ..errors import IngestError
from ..model import CodedDocument, Document, Event
from .answer_keys import (
    STRICT,
    VIEWS,
    Counts,
    KeyEvent,
    View,
    coded_dyads,
    describe_event,
    event_fits,
    gold_dyads,
    match_dyads,
    max_matching,
    parse_event,
    status_of,
)
from .base import SUITES, SuiteResult, open_dev_data

if TYPE_CHECKING:
    from ..pipeline import Pipeline

NAME = "readouts"
TEXTS = Path("readouts") / "readouts.jsonl"
KEY = "data/eval/readouts_key.yaml"


@dataclass(frozen=True, slots=True)
class KeyedDocument:
    """One readout with its expected events."""

    document: Document
    events: tuple[KeyEvent, ...]

    @property
    def current(self) -> list[KeyEvent]:
        return [e for e in self.events if e.current]


# --- loading -------------------------------------------------------------------------------


def load_key(path: Path | None = None) -> dict[str, list[KeyEvent]]:
    """The answer key: document id → expected events (the packaged key by default)."""
    text = path.read_text("utf-8") if path else _packaged(KEY)
    where = str(path or KEY)
    spec = yaml.safe_load(text)
    documents = spec.get("documents") if isinstance(spec, dict) else None
    if not isinstance(documents, list):
        raise IngestError(where, "expected a `documents:` list")
    key: dict[str, list[KeyEvent]] = {}
    for item in documents:
        doc_id = str(item.get("id"))
        if doc_id in key:
            raise IngestError(where, f"document {doc_id} is keyed twice")
        events = item.get("events") or []
        key[doc_id] = [parse_event(e, f"{where}:{doc_id}[{n}]") for n, e in enumerate(events)]
    return key


def _packaged(name: str) -> str:
    return resources.files("legation").joinpath(name).read_text("utf-8")


def load_readouts(path: Path) -> list[Document]:
    """``readouts.jsonl`` as documents (title, url, site as outlet, published date)."""
    with open_dev_data(path) as handle:
        lines = handle.read().splitlines()
    return [_document(line, path, n) for n, line in enumerate(lines, 1) if line.strip()]


def _document(line: str, path: Path, n: int) -> Document:
    try:
        row = json.loads(line)
        published = date.fromisoformat(row["published"]) if row.get("published") else None
        return Document.create(
            row["text"],
            str(row["id"]),
            title=row.get("title"),
            url=row.get("url"),
            outlet=row.get("site"),
            published=published,
        )
    except (ValueError, KeyError, TypeError) as exc:
        raise IngestError(f"{path}:{n}", f"not a readout record ({exc})") from None


def keyed_documents(data_dir: Path, key_path: Path | None = None) -> list[KeyedDocument]:
    """The readouts joined with their keys; a keyed id without a text raises."""
    documents = {d.name: d for d in load_readouts(data_dir / TEXTS)}
    key = load_key(key_path)
    unknown = sorted(set(key) - set(documents))
    if unknown:
        raise IngestError(str(data_dir / TEXTS), f"the key names unknown documents {unknown}")
    return [KeyedDocument(documents[i], tuple(key[i])) for i in sorted(key)]


# --- scoring -------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class DocumentScore:
    """One document's matching under the strict view, plus its counts under every view."""

    id: str
    counts: dict[str, Counts]
    missed: list[dict[str, str]]
    false: list[dict[str, str]]
    key_events: int
    coded_events: int
    flags: tuple[int, int]  # expected events matched on type and countries, same status
    dates: tuple[int, int]  # of those with a key date: matched with a date, same date


def score_document(keyed: KeyedDocument, events: Sequence[Event]) -> DocumentScore:
    """Compare one document's coded events with its key."""
    current = [e for e in events if status_of(e) == "current"]
    counts = {view.name: _view_counts(keyed, current, view) for view in VIEWS}
    missed, false, _ = match_dyads(gold_dyads(keyed.current, STRICT), coded_dyads(current))
    flags, dates = flag_agreement(keyed.events, events)
    return DocumentScore(
        id=keyed.document.name,
        counts=counts,
        missed=[{"dyad": d.text(), "evidence": _evidence(keyed, d.text())} for d in missed],
        false=[{"dyad": d.text(), "sentence": _sentence(current, d.text())} for d in false],
        key_events=sum(1 for e in keyed.current if not e.optional),
        coded_events=len(current),
        flags=flags,
        dates=dates,
    )


def _view_counts(keyed: KeyedDocument, current: Sequence[Event], view: View) -> Counts:
    return match_dyads(gold_dyads(keyed.current, view), coded_dyads(current, view))[2]


def _evidence(keyed: KeyedDocument, dyad: str) -> str:
    found = (
        e.evidence for e in keyed.current if any(d.text() == dyad for d in gold_dyads([e], STRICT))
    )
    return next(found, "")


def _sentence(events: Sequence[Event], dyad: str) -> str:
    found = (e for e in events if any(d.text() == dyad for d in coded_dyads([e])))
    event = next(found, None)
    return f"{event.sentence.text} — {describe_event(event)}" if event else ""


def flag_agreement(
    keyed: Sequence[KeyEvent], events: Sequence[Event]
) -> tuple[tuple[int, int], tuple[int, int]]:
    """((same status, matched), (same date, matched with a key date)) over the required
    expected events matched one to one by a coded event of the same type and countries,
    pairs of the same status first."""
    wanted = [k for k in keyed if not k.optional]
    same = max_matching(wanted, events, lambda k, e: _fits(k, e) and status_of(e) == k.status)
    rest = [j for j in range(len(events)) if j not in set(same.values())]
    todo = [i for i in range(len(wanted)) if i not in same]
    other = max_matching([wanted[i] for i in todo], [events[j] for j in rest], _fits)
    pairs = {**same, **{todo[i]: rest[j] for i, j in other.items()}}
    dated = [(wanted[i].date, events[j].date) for i, j in pairs.items() if wanted[i].date]
    return (len(same), len(pairs)), (sum(k == c for k, c in dated), len(dated))


def _fits(key: KeyEvent, event: Event) -> bool:
    return event_fits(key, event, names=False)


def summarise(scores: Sequence[DocumentScore]) -> dict[str, float]:
    """The headline figures pooled over documents."""
    headline: dict[str, float] = {}
    for view in VIEWS:
        total = sum((s.counts[view.name] for s in scores), Counts())
        result = total.scores()
        headline |= {
            f"{view.name}_precision": result.precision,
            f"{view.name}_recall": result.recall,
            f"{view.name}_f1": result.f1,
        }
    n = max(len(scores), 1)
    flags = [sum(s.flags[k] for s in scores) for k in (0, 1)]
    headline |= {
        "events_per_doc_key": sum(s.key_events for s in scores) / n,
        "events_per_doc_coded": sum(s.coded_events for s in scores) / n,
        "event_count_mae": sum(abs(s.key_events - s.coded_events) for s in scores) / n,
        "flag_agreement": flags[0] / flags[1] if flags[1] else 0.0,
    }
    return headline


def details(scores: Sequence[DocumentScore]) -> dict[str, Any]:
    """JSON details: totals per view, date agreement, and per-document misses."""
    dates = [sum(s.dates[k] for s in scores) for k in (0, 1)]
    return {
        "counts": {
            view.name: asdict(sum((s.counts[view.name] for s in scores), Counts()))
            for view in VIEWS
        },
        "flags": {
            "same_status": sum(s.flags[0] for s in scores),
            "matched": sum(s.flags[1] for s in scores),
        },
        "dates": {"same_date": dates[0], "with_key_date": dates[1]},
        "missed_by_type": dict(Counter(m["dyad"].split()[0] for s in scores for m in s.missed)),
        "false_by_type": dict(Counter(f["dyad"].split()[0] for s in scores for f in s.false)),
        "documents": [
            {
                "id": s.id,
                "key_events": s.key_events,
                "coded_events": s.coded_events,
                "dyad": asdict(s.counts[STRICT.name]),
                "missed": s.missed,
                "false": s.false,
            }
            for s in scores
        ],
    }


def report_lines(headline: dict[str, float]) -> tuple[str, ...]:
    views = [
        f"  {view.name:<16} F1 {headline[view.name + '_f1']:.3f} "
        f"(P {headline[view.name + '_precision']:.3f} R {headline[view.name + '_recall']:.3f})"
        for view in VIEWS
    ]
    return (
        *views,
        f"  events per doc   key {headline['events_per_doc_key']:.2f}  coded "
        f"{headline['events_per_doc_coded']:.2f}  mean abs diff {headline['event_count_mae']:.2f}",
        f"  flag agreement   {headline['flag_agreement']:.3f}",
    )


@SUITES.register(NAME)
def readouts(pipeline: Pipeline, data_dir: Path) -> SuiteResult:
    """Code the readouts as documents and score them against the answer key."""
    start = perf_counter()
    keyed = keyed_documents(data_dir)
    coded, failures = code_documents(pipeline, [k.document for k in keyed])
    scores = [score_document(k, coded.get(k.document.id, [])) for k in keyed]
    headline = summarise(scores)
    return SuiteResult(
        NAME,
        len(keyed),
        perf_counter() - start,
        headline,
        details(scores) | {"failures": failures},
        report_lines(headline),
        unit="documents",
    )


def code_documents(
    pipeline: Pipeline, documents: list[Document]
) -> tuple[dict[str, list[Event]], list[dict[str, str]]]:
    """Code the documents: events by document id, as they would be stored (a repeated
    mention of one event in a document collapsed, :func:`~legation.dedup.collapse_repeats`),
    and the failures (scored as no events)."""
    from ..dedup import collapse_repeats

    out: dict[str, list[Event]] = {}
    failures: list[dict[str, str]] = []
    for result in pipeline.code_documents(documents):
        if isinstance(result, CodedDocument):
            out[result.document.id] = collapse_repeats(result.events)[0]
        else:
            failures.append(
                {"source": result.source, "stage": result.stage, "reason": result.reason}
            )
    return out, failures
