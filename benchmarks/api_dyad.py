"""Benchmark: the dyad page's API calls over a store of 100,000 synthetic events.

Builds a temporary store (through ``Store.write_batch``, the write path the pipeline uses) with
``--events`` events spread over 2015–2025 between six actors, then times, in-process through
the ASGI app (FastAPI's TestClient, so routing, validation and JSON encoding are included), the
requests the dyad page makes: ``/api/dyad`` (month and week), the first page of
``/api/events``, and ``/api/meta``. Prints the median and 95th percentile of ``--runs`` calls
each. The target: ``/api/dyad`` under 300 ms on a 2-core machine.

    python benchmarks/api_dyad.py                # 100,000 events, 20 runs
    python benchmarks/api_dyad.py --events 20000 --runs 5 --json
"""

from __future__ import annotations

import argparse
import json
import os
import random
import statistics
import sys
import tempfile
import time
from datetime import date, timedelta
from pathlib import Path
from typing import Any

from legation.model import (
    Actor,
    ActorKind,
    CodedDocument,
    DatePrecision,
    Document,
    Event,
    PloverType,
    Sector,
    Sentence,
    Span,
)
from legation.store import Store

TARGET_MS = 300.0
PARTIES = [
    Actor("Pakistan", country="PAK", sector=Sector.GOV, code="PAKGOV", kind=ActorKind.COUNTRY),
    Actor("the army", country="PAK", sector=Sector.MIL, code="PAKMIL", kind=ActorKind.INSTITUTION),
    Actor("Washington", country="USA", sector=Sector.GOV, code="USAGOV", kind=ActorKind.COUNTRY),
    Actor("India", country="IND", sector=Sector.GOV, code="INDGOV", kind=ActorKind.COUNTRY),
    Actor("Beijing", country="CHN", sector=Sector.GOV, code="CHNGOV", kind=ActorKind.COUNTRY),
    Actor("Kabul", country="AFG", sector=Sector.GOV, code="AFGGOV", kind=ActorKind.COUNTRY),
]
TYPES = list(PloverType)
PER_DOC = 5


def synthetic_documents(n_events: int, seed: int = 7) -> list[CodedDocument]:
    rng = random.Random(seed)
    start = date(2015, 1, 1)
    docs = []
    for d in range(n_events // PER_DOC):
        published = start + timedelta(days=rng.randrange(3900))
        text = " ".join(f"Sentence {i} of synthetic report {d}." for i in range(PER_DOC))
        doc = Document.create(text, name=f"synthetic-{d}.txt", outlet="Bench", published=published)
        coded = CodedDocument(doc)
        offset = 0
        for i in range(PER_DOC):
            sentence_text = f"Sentence {i} of synthetic report {d}."
            sentence = Sentence(i, sentence_text, offset, offset + len(sentence_text))
            coded.sentences.append(sentence)
            coded.events.append(_event(rng, doc, sentence, published))
            offset += len(sentence_text) + 1
        docs.append(coded)
    return docs


def _event(rng: random.Random, doc: Document, sentence: Sentence, published: date) -> Event:
    actor, recipient = rng.sample(PARTIES, 2)
    event_type = rng.choice(TYPES)
    quad = 1 + TYPES.index(event_type) * 4 // len(TYPES)
    when = published - timedelta(days=rng.randrange(3))
    return Event(
        doc_id=doc.id,
        sentence=sentence,
        event_type=event_type,
        trigger=Span("Sentence", sentence.start, sentence.start + 8),
        rule="bench",
        coder="bench.v1",
        actors=(actor,),
        recipients=(recipient,),
        plover_score=round(rng.uniform(-10, 10), 1),
        quad_class=quad,
        date=when.isoformat(),
        date_precision=DatePrecision.DAY,
        hypothetical=rng.random() < 0.05,
    )


def build_store(path: Path, n_events: int) -> float:
    began = time.perf_counter()
    docs = synthetic_documents(n_events)
    with Store(path) as store:
        for i in range(0, len(docs), 2000):
            store.write_batch(docs[i : i + 2000])
    return time.perf_counter() - began


def time_calls(client: Any, url: str, runs: int) -> dict[str, float]:
    client.get(url).raise_for_status()  # warm-up
    times = []
    for _ in range(runs):
        began = time.perf_counter()
        response = client.get(url)
        times.append((time.perf_counter() - began) * 1000)
        response.raise_for_status()
    times.sort()
    p95 = times[min(len(times) - 1, round(0.95 * (len(times) - 1)))]
    return {"median_ms": statistics.median(times), "p95_ms": p95, "runs": runs}


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--events", type=int, default=100_000)
    parser.add_argument("--runs", type=int, default=20)
    parser.add_argument("--json", action="store_true", help="print the figures as JSON")
    args = parser.parse_args(argv)

    from fastapi.testclient import TestClient

    from legation.api import create_app

    with tempfile.TemporaryDirectory(prefix="legation-bench-") as folder:
        db = Path(folder) / "bench.duckdb"
        build_s = build_store(db, args.events)
        with TestClient(create_app(db)) as client:
            urls = {
                "dyad month": "/api/dyad?a=PAK&b=USA&freq=month&by=type",
                "dyad week by quad": "/api/dyad?a=PAK&b=USA&freq=week&by=quad",
                "dyad directed codes": "/api/dyad?a=PAKMIL&b=USAGOV&directed=true",
                "events page": "/api/events?a=PAK&b=USA&limit=25",
                "meta": "/api/meta",
            }
            results = {name: time_calls(client, url, args.runs) for name, url in urls.items()}
            events = client.get("/api/health").json()["counts"]["events"]
    report = {"events": events, "cpus": os.cpu_count(), "build_s": build_s, "calls": results}
    if args.json:
        print(json.dumps(report, indent=2))
    else:
        _print(report)
    return 0 if results["dyad month"]["median_ms"] < TARGET_MS else 1


def _print(report: dict[str, Any]) -> None:
    print(f"store: {report['events']:,} events, built in {report['build_s']:.1f}s; "
          f"{report['cpus']} CPUs")  # fmt: skip
    for name, figures in report["calls"].items():
        print(f"  {name:<22} median {figures['median_ms']:7.1f} ms   "
              f"p95 {figures['p95_ms']:7.1f} ms   ({figures['runs']} runs)")  # fmt: skip
    verdict = "meets" if report["calls"]["dyad month"]["median_ms"] < TARGET_MS else "MISSES"
    print(f"/api/dyad {verdict} the {TARGET_MS:.0f} ms target")


if __name__ == "__main__":
    sys.exit(main())
