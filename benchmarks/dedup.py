"""Benchmark: cross-outlet de-duplication (``legation dedup``) on synthetic stores.

Two stores are built through ``Store.write_batch`` (the pipeline's write path), then
:func:`legation.dedup.deduplicate` is timed on each, and run once more to show that a second
run finds nothing new:

- **one event**: ``--reports`` documents that all report the same meeting (the worst case for
  one group: every report is compared with the cluster it may join);
- **a news day**: ``--reports`` documents that each report five of ``--reports`` real-world
  events between six actors over a month, so each event is reported about five times by
  different outlets, with day, month and unknown date precisions mixed.

    python benchmarks/dedup.py                   # 20,000 reports
    python benchmarks/dedup.py --reports 2000 --json
"""

from __future__ import annotations

import argparse
import json
import random
import sys
import tempfile
import time
from datetime import date, timedelta
from pathlib import Path
from typing import Any

# the six actors and five events a document of the dyad benchmark uses
from api_dyad import PARTIES, PER_DOC  # benchmarks/ is on the path when run as a script

from legation.dedup import deduplicate
from legation.model import (
    Actor,
    CodedDocument,
    DatePrecision,
    Document,
    Event,
    PloverType,
    Sentence,
    Span,
)
from legation.store import Store

PRECISIONS = [DatePrecision.DAY] * 3 + [DatePrecision.MONTH, DatePrecision.UNKNOWN]
START = date(2025, 6, 1)
#: A real-world event: type, actor, recipient, day.
Happening = tuple[PloverType, Actor, Actor, date]


def one_event(reports: int) -> list[CodedDocument]:
    meeting: Happening = (PloverType.CONSULT, PARTIES[1], PARTIES[2], START)
    return [_document(d, [meeting], random.Random(d)) for d in range(reports)]


def news_day(reports: int, seed: int = 7) -> list[CodedDocument]:
    rng = random.Random(seed)
    kinds = list(PloverType)
    happenings: list[Happening] = []
    for _ in range(max(reports, PER_DOC)):
        actor, recipient = rng.sample(PARTIES, 2)
        happenings.append(
            (rng.choice(kinds), actor, recipient, START + timedelta(rng.randrange(30)))
        )
    return [_document(d, rng.sample(happenings, PER_DOC), rng) for d in range(reports)]


def _document(d: int, happenings: list[Happening], rng: random.Random) -> CodedDocument:
    lines = [f"Report {d}, sentence {i}." for i in range(len(happenings))]
    published = max(h[3] for h in happenings) + timedelta(days=1)
    doc = Document.create(" ".join(lines), name=f"report-{d}.txt", outlet=f"Outlet {d % 40}",
                          published=published)  # fmt: skip
    coded = CodedDocument(doc)
    offset = 0
    for i, ((kind, actor, recipient, day), line) in enumerate(zip(happenings, lines, strict=True)):
        sentence = Sentence(i, line, offset, offset + len(line))
        precision = rng.choice(PRECISIONS)
        when = day.isoformat()[:7] if precision is DatePrecision.MONTH else day.isoformat()
        coded.sentences.append(sentence)
        coded.events.append(
            Event(
                doc_id=doc.id,
                sentence=sentence,
                event_type=kind,
                trigger=Span("Report", sentence.start, sentence.start + 6),
                rule="bench",
                coder="bench.v1",
                actors=(actor,),
                recipients=(recipient,),
                date=when,
                date_precision=precision,
            )
        )
        offset += len(line) + 1
    return coded


def measure(name: str, docs: list[CodedDocument], folder: Path) -> dict[str, Any]:
    with Store(folder / f"{name.replace(' ', '-')}.duckdb") as store:
        for i in range(0, len(docs), 2000):
            store.write_batch(docs[i : i + 2000])
        began = time.perf_counter()
        first = deduplicate(store)
        seconds = time.perf_counter() - began
        began = time.perf_counter()
        again = deduplicate(store)
        again_s = time.perf_counter() - began
    return {
        "store": name,
        "events": sum(len(d.events) for d in docs),
        "seconds": seconds,
        "merged_groups": first.merges,
        "absorbed": first.absorbed,
        "second_run_seconds": again_s,
        "second_run_absorbed": again.absorbed,
    }


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--reports", type=int, default=20_000, help="documents per store")
    parser.add_argument("--json", action="store_true", help="print the figures as JSON")
    args = parser.parse_args(argv)
    with tempfile.TemporaryDirectory(prefix="legation-dedup-") as folder:
        results = [
            measure("one event", one_event(args.reports), Path(folder)),
            measure("news day", news_day(args.reports), Path(folder)),
        ]
    # every report of the one event must join it, and a second run must find nothing new
    ok = results[0]["absorbed"] == args.reports - 1 and not any(
        r["second_run_absorbed"] for r in results
    )
    if args.json:
        print(json.dumps(results, indent=2))
        return 0 if ok else 1
    for r in results:
        rate = r["events"] / max(r["seconds"], 1e-9)
        print(
            f"{r['store']:<10} {r['events']:>8,} events: dedup {r['seconds']:6.2f} s "
            f"({rate:,.0f} events/s), {r['merged_groups']:,} groups absorbing "
            f"{r['absorbed']:,}; again: {r['second_run_absorbed']} absorbed in "
            f"{r['second_run_seconds']:.2f} s"
        )
    if not ok:
        print("de-duplication did not merge every report of the one event exactly once")
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
