"""Benchmark: the dyad page's API calls over a store of 100,000 synthetic events.

Builds a temporary store (through ``Store.write_batch``, the write path the pipeline uses) with
``--events`` events spread over 2015–2025 between six actors, then times, in-process through
the ASGI app (FastAPI's TestClient, so routing, validation and JSON encoding are included), the
requests the dyad page makes: ``/api/dyad`` (month and week), the first page of
``/api/events``, and ``/api/meta``. Prints the median and 95th percentile of ``--runs`` calls
each. The target: ``/api/dyad`` under 300 ms on a 2-core machine.

``--clients N`` adds the concurrent mode: the store is served by a real server (``legation
serve`` on 127.0.0.1, in a process of its own) and N clients (one asyncio task each, in this
process) send ``/api/dyad`` requests back to back, each waiting for its answer before the
next (a closed loop), over the dyad page's 20 distinct URLs (10 country pairs, by month and
by week). One client does the same first, over the same server, for the single-client
figures. Reported: p50, p99, requests/s and the CPU time per request of the server and of the
clients. The target: 20 clients on 100,000 events with p50 <= 100 ms and p99 <= 300 ms on 2
cores. The clients share the machine's cores with the server, so they are kept cheap: each
speaks HTTP/1.1 on a keep-alive connection of its own over asyncio streams (httpx's client
cost 2.6 ms of CPU per request here, four times the server's cost for a cached answer).
``--no-cache`` serves without the API's answer cache (every request queries the store).

    python benchmarks/api_dyad.py                # 100,000 events, 20 runs
    python benchmarks/api_dyad.py --events 20000 --runs 5 --json
    python benchmarks/api_dyad.py --clients 20 --requests 30    # + 20 concurrent clients
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import random
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager, suppress
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


# --------------------------------------------------------------------------- concurrent mode

COUNTRIES = ["PAK", "USA", "IND", "CHN", "AFG"]
CONCURRENT_TARGET = {"p50_ms": 100.0, "p99_ms": 300.0}


def dyad_urls() -> list[str]:
    """The dyad page's requests: every country pair, by month (stacked by type) and by week
    (stacked by quad class)."""
    pairs = [(a, b) for i, a in enumerate(COUNTRIES) for b in COUNTRIES[i + 1 :]]
    return [
        f"/api/dyad?a={a}&b={b}&freq={freq}&by={by}"
        for a, b in pairs
        for freq, by in (("month", "type"), ("week", "quad"))
    ]


def free_port() -> int:
    import socket

    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port: int = sock.getsockname()[1]
        return port


@contextmanager
def served(db: Path, cache: bool) -> Iterator[tuple[int, int]]:
    """``legation serve`` over ``db`` in a process of its own; yields its port and pid."""
    import httpx

    port = free_port()
    command = [sys.executable, "-c", "from legation.app.cli import main; main()", "serve"]
    command += ["--db", str(db), "--port", str(port)] + ([] if cache else ["--no-cache"])
    server = subprocess.Popen(command, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    base = f"http://127.0.0.1:{port}"
    try:
        for _ in range(600):
            if server.poll() is not None:
                raise RuntimeError(f"the server stopped: {server.stderr.read().decode()}")  # type: ignore[union-attr]
            with suppress(httpx.TransportError):
                if httpx.get(base + "/api/health", timeout=5).status_code == 200:
                    break
            time.sleep(0.1)
        yield port, server.pid
    finally:
        server.terminate()
        server.wait(30)


async def _client_loop(
    port: int, urls: list[str], first: int, requests: int, times: list[float]
) -> None:
    """One client: its own keep-alive connection, one request at a time."""
    reader, writer = await asyncio.open_connection("127.0.0.1", port)
    try:
        for i in range(requests):
            url = urls[(first + i) % len(urls)]
            began = time.perf_counter()
            writer.write(f"GET {url} HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n".encode())
            status = await _read_response(reader)
            times.append((time.perf_counter() - began) * 1000)
            if status != 200:
                raise RuntimeError(f"GET {url} answered {status}")
    finally:
        writer.close()
        await writer.wait_closed()


async def _read_response(reader: asyncio.StreamReader) -> int:
    """Read one response (the API answers with a Content-Length); returns its status."""
    head = (await reader.readuntil(b"\r\n\r\n")).decode("latin-1").split("\r\n")
    length = next(
        int(line.split(":", 1)[1]) for line in head if line.lower().startswith("content-length:")
    )
    await reader.readexactly(length)
    return int(head[0].split()[1])


async def _load(port: int, clients: int, requests: int) -> dict[str, float]:
    urls = dyad_urls()
    times: list[float] = []
    began = time.perf_counter()
    await asyncio.gather(*(_client_loop(port, urls, i, requests, times) for i in range(clients)))
    wall = time.perf_counter() - began
    return {
        "clients": clients,
        "requests": len(times),
        **percentiles(times),
        "rps": len(times) / wall,
    }


def percentiles(times: list[float]) -> dict[str, float]:
    ordered = sorted(times)

    def at(q: float) -> float:
        return ordered[min(len(ordered) - 1, round(q * (len(ordered) - 1)))]

    return {"p50_ms": at(0.5), "p99_ms": at(0.99), "max_ms": ordered[-1]}


def concurrent(db: Path, clients: int, requests: int, cache: bool) -> dict[str, Any]:
    """Single-client then ``clients``-client figures of ``/api/dyad`` over a real server,
    with the CPU time the server and the clients spent per request."""
    with served(db, cache) as (port, pid):
        asyncio.run(_load(port, 1, len(dyad_urls())))  # warm-up: every URL once
        single = _measured(pid, lambda: asyncio.run(_load(port, 1, requests * 2)))
        many = _measured(pid, lambda: asyncio.run(_load(port, clients, requests)))
    meets = all(many[k] <= v for k, v in CONCURRENT_TARGET.items())
    return {"cache": cache, "single": single, "concurrent": many, "meets_target": meets}


def _measured(pid: int, load: Callable[[], dict[str, float]]) -> dict[str, float]:
    import psutil

    server, me = psutil.Process(pid), psutil.Process()
    before = (sum(server.cpu_times()[:2]), sum(me.cpu_times()[:2]))
    figures = load()
    spent = (sum(server.cpu_times()[:2]) - before[0], sum(me.cpu_times()[:2]) - before[1])
    n = figures["requests"]
    return {**figures, "server_cpu_ms": spent[0] * 1000 / n, "client_cpu_ms": spent[1] * 1000 / n}


# --------------------------------------------------------------------------- main


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--events", type=int, default=100_000)
    parser.add_argument("--runs", type=int, default=20)
    parser.add_argument("--clients", type=int, default=0, help="also run N concurrent clients")
    parser.add_argument("--requests", type=int, default=30, help="requests per client")
    parser.add_argument("--no-cache", action="store_true", help="serve without the answer cache")
    parser.add_argument("--json", action="store_true", help="print the figures as JSON")
    args = parser.parse_args(argv)

    from fastapi.testclient import TestClient

    from legation.app.http import create_app

    with tempfile.TemporaryDirectory(prefix="legation-bench-") as folder:
        db = Path(folder) / "bench.duckdb"
        build_s = build_store(db, args.events)
        with TestClient(create_app(db, cache_bytes=0)) as client:  # every call queries
            urls = {
                "dyad month": "/api/dyad?a=PAK&b=USA&freq=month&by=type",
                "dyad week by quad": "/api/dyad?a=PAK&b=USA&freq=week&by=quad",
                "dyad directed codes": "/api/dyad?a=PAKMIL&b=USAGOV&directed=true",
                "events page": "/api/events?a=PAK&b=USA&limit=25",
                "meta": "/api/meta",
            }
            results = {name: time_calls(client, url, args.runs) for name, url in urls.items()}
            events = client.get("/api/health").json()["counts"]["events"]
        report: dict[str, Any] = {
            "events": events, "cpus": os.cpu_count(), "build_s": build_s, "calls": results
        }  # fmt: skip
        if args.clients:
            report["served"] = concurrent(db, args.clients, args.requests, not args.no_cache)
    if args.json:
        print(json.dumps(report, indent=2))
    else:
        _print(report)
    ok = results["dyad month"]["median_ms"] < TARGET_MS
    return 0 if ok and report.get("served", {}).get("meets_target", True) else 1


def _print(report: dict[str, Any]) -> None:
    print(f"store: {report['events']:,} events, built in {report['build_s']:.1f}s; "
          f"{report['cpus']} CPUs")  # fmt: skip
    for name, figures in report["calls"].items():
        print(f"  {name:<22} median {figures['median_ms']:7.1f} ms   "
              f"p95 {figures['p95_ms']:7.1f} ms   ({figures['runs']} runs)")  # fmt: skip
    verdict = "meets" if report["calls"]["dyad month"]["median_ms"] < TARGET_MS else "MISSES"
    print(f"/api/dyad {verdict} the {TARGET_MS:.0f} ms target")
    if "served" in report:
        served_ = report["served"]
        cache = "on" if served_["cache"] else "off"
        print(f"legation serve on 127.0.0.1 (answer cache {cache}), /api/dyad, "
              f"{len(dyad_urls())} URLs:")  # fmt: skip
        for name in ("single", "concurrent"):
            f = served_[name]
            print(f"  {f['clients']:>2} client(s): p50 {f['p50_ms']:7.1f} ms   "
                  f"p99 {f['p99_ms']:7.1f} ms   {f['rps']:6.1f} req/s   "
                  f"({f['requests']} requests; CPU per request: server "
                  f"{f['server_cpu_ms']:.1f} ms, clients {f['client_cpu_ms']:.1f} ms)")  # fmt: skip
        verdict = "meets" if served_["meets_target"] else "MISSES"
        print(f"concurrent {verdict} the target (p50 <= 100 ms, p99 <= 300 ms)")


if __name__ == "__main__":
    sys.exit(main())
