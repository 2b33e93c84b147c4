"""Throughput benchmark: documents/s and sentences/s of the local and Dask engines, the ratio
of Legation's full pipeline time to bare spaCy ``nlp.pipe`` on the same texts with the same
model in the same run, and peak memory (RSS of the whole process tree) by corpus size.

Synthetic ~600-word news documents (``benchmarks/corpus.py``, deterministic) are written as
JSON Lines and coded end to end (ingest, NLP, actors, coding, dates, store, de-duplication)
into a fresh DuckDB store; times include starting worker processes and loading models.

    python benchmarks/throughput.py                       # CI size: 100 documents
    python benchmarks/throughput.py --docs 1000 --rss 1000,10000 --json
    python benchmarks/throughput.py --modes selective,full   # before/after selective parsing

Measure memory in a process of its own (``--docs 0``): the throughput runs before it leave
a spaCy model loaded in this process, which would hide how the store writer grows. The parent
(this process: it reads the corpus and writes the store) is also reported by phase: its peak
while documents are coded and stored ("coding"), and while the run's cross-document merges
are planned and written at the end ("dedup").

Ratios ("x spaCy"): the wall time of ``legation code`` (ingest, NLP, actors, coding, dates,
store writes and merges) divided by the wall time of bare spaCy ``nlp.pipe`` over the same
texts with the same model and the same number of processes, in the same run (``n_process`` for
spaCy, ``--workers`` for Legation); below 1 means faster than bare spaCy, which parses every
sentence while ``legation code`` parses only those that can hold an event. With one process
both times exclude loading the model; with two they include starting the processes.
"""

from __future__ import annotations

import argparse
import json
import platform
import sys
import tempfile
import threading
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager, suppress
from dataclasses import asdict, dataclass
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent))

from corpus import write_jsonl

RESULTS = Path(__file__).resolve().parent / "results" / "throughput.json"


@dataclass
class Row:
    what: str
    engine: str
    workers: int
    mode: str
    documents: int
    sentences: int
    events: int
    seconds: float
    peak_rss_mb: float  # the whole process tree
    peak_parent_mb: float = 0.0  # this process alone (the store writer)
    peak_worker_mb: float = 0.0  # the largest child process
    parent_coding_mb: float = 0.0  # this process's peak while documents were coded and stored
    parent_dedup_mb: float = 0.0  # ... while the run's merges were planned and written
    shard_costs: dict[str, float] | None = None  # dask: mean seconds per shard, by step

    @property
    def docs_per_s(self) -> float:
        return self.documents / self.seconds

    @property
    def sentences_per_s(self) -> float:
        return self.sentences / self.seconds


# --------------------------------------------------------------------------- memory


@contextmanager
def peak_rss() -> Iterator[Callable[[], tuple[float, ...]]]:
    """Sample the RSS of this process and all its children every 20 ms; yields a getter of
    the peak MB of the whole tree, of this process, of the largest child, and of this process
    while coding and while de-duplicating (:func:`dedup_phase`)."""
    import psutil

    me = psutil.Process()
    peak = [0.0] * 5
    stop = threading.Event()

    def sample() -> None:
        while not stop.is_set():
            sizes = [0.0]
            for proc in me.children(recursive=True):
                with suppress(psutil.Error):
                    sizes.append(proc.memory_info().rss / 2**20)
            own = me.memory_info().rss / 2**20
            phase = 4 if _PHASE[0] == "dedup" else 3
            for i, value in ((0, own + sum(sizes)), (1, own), (2, max(sizes)), (phase, own)):
                peak[i] = max(peak[i], value)
            stop.wait(0.02)

    thread = threading.Thread(target=sample, daemon=True)
    thread.start()
    try:
        yield lambda: tuple(peak)
    finally:
        stop.set()
        thread.join()


_PHASE = ["coding"]


@contextmanager
def dedup_phase() -> Iterator[None]:
    """Mark the time the run spends in :func:`legation.dedup.deduplicate` (the merges at the
    end of a run) as the "dedup" phase of :func:`peak_rss`."""
    import legation.dedup

    original = legation.dedup.deduplicate

    def marked(store: Any) -> Any:
        _PHASE[0] = "dedup"
        try:
            return original(store)
        finally:
            _PHASE[0] = "coding"

    legation.dedup.deduplicate = marked  # type: ignore[assignment]
    try:
        yield
    finally:
        legation.dedup.deduplicate = original  # type: ignore[assignment]


# --------------------------------------------------------------------------- runs


def texts_of(folder: Path) -> list[str]:
    return [json.loads(line)["text"] for f in sorted(folder.glob("*.jsonl")) for line in f.open()]


def bare_spacy(folder: Path, processes: int, model: str) -> Row:
    import spacy

    nlp = spacy.load(model)
    texts = texts_of(folder)
    with peak_rss() as peak:
        started = time.perf_counter()
        sentences = sum(
            len(list(doc.sents)) for doc in nlp.pipe(texts, batch_size=32, n_process=processes)
        )
        seconds = time.perf_counter() - started
    return Row(
        "spacy nlp.pipe", "spacy", processes, "full", len(texts), sentences, 0, seconds, *peak()
    )


def legation_run(folder: Path, engine: str, workers: int, mode: str, work: Path) -> Row:
    from legation import get_pipeline
    from legation.config import Config
    from legation.runner import run_dask, run_local
    from legation.store import Store

    config = Config.default()
    db = work / f"{engine}-{workers}-{mode}-{time.monotonic_ns()}.duckdb"
    selective = mode == "selective"
    pipeline = get_pipeline(config) if engine == "local" and workers == 1 else None
    with Store(db) as store, dedup_phase(), peak_rss() as peak:
        started = time.perf_counter()
        if engine == "dask":
            parts = db.with_suffix(".parts")
            summary = run_dask([folder], store, config, parts_dir=parts, workers=workers,
                               selective=selective, dedup=True)  # fmt: skip
        else:
            summary = run_local([folder], store, pipeline, config=config, workers=workers,
                                selective=selective, dedup=True)  # fmt: skip
        seconds = time.perf_counter() - started
    row = Row("legation code", engine, workers, mode, summary.documents, summary.sentences,
              summary.events, seconds, *peak())  # fmt: skip
    if summary.shard_costs is not None:
        row.shard_costs = {"shards": summary.shard_costs.shards, **summary.shard_costs.per_shard()}
    return row


# --------------------------------------------------------------------------- report


def ratios(rows: list[Row]) -> dict[str, float]:
    """Legation time / bare spaCy time, per engine, worker count and mode."""
    bare = {r.workers: r.seconds for r in rows if r.engine == "spacy"}
    return {
        f"{r.engine}-{r.workers}-{r.mode}": round(r.seconds / bare[r.workers], 3)
        for r in rows
        if r.engine != "spacy" and r.workers in bare and r.what == "legation code"
    }


def table(rows: list[Row], ratio: dict[str, float]) -> str:
    head = f"{'run':<16}{'engine':<8}{'workers':>8}{'mode':>11}{'docs':>7}{'docs/s':>9}"
    head += f"{'sents/s':>9}{'x spaCy':>9}{'peak RSS MB':>13}{'parent':>8}{'worker':>8}"
    head += f"{'coding':>8}{'dedup':>7}"
    lines = [head, "-" * len(head)]
    for r in rows:
        x = ratio.get(f"{r.engine}-{r.workers}-{r.mode}")
        lines.append(
            f"{r.what:<16}{r.engine:<8}{r.workers:>8}{r.mode:>11}{r.documents:>7}"
            f"{r.docs_per_s:>9.1f}{r.sentences_per_s:>9.0f}{(f'{x:.2f}' if x else '-'):>9}"
            f"{r.peak_rss_mb:>13.0f}{r.peak_parent_mb:>8.0f}{r.peak_worker_mb:>8.0f}"
            f"{r.parent_coding_mb:>8.0f}{r.parent_dedup_mb:>7.0f}"
        )
    return "\n".join(lines)


def run(args: argparse.Namespace) -> dict[str, Any]:
    from legation.config import Config

    config = Config.default()
    model = config.model
    rows: list[Row] = []
    with tempfile.TemporaryDirectory(prefix="legation-bench-") as tmp:
        work = Path(tmp)
        folder = work / f"corpus-{args.docs}"
        write_jsonl(folder, args.docs, seed=args.seed)
        for workers in args.workers if args.docs else []:
            rows.append(bare_spacy(folder, workers, model))
            for engine in args.engines:
                for mode in args.modes:
                    rows.append(legation_run(folder, engine, workers, mode, work))
        memory = []
        for size in args.rss:
            sized = work / f"corpus-{size}"
            write_jsonl(sized, size, seed=args.seed)
            memory.append(legation_run(sized, "local", max(args.workers), args.modes[0], work))
    return {
        "machine": {
            "python": platform.python_version(),
            "cpus": _cpus(),
            "system": platform.platform(),
        },
        "model": model,
        "coder": config.coder,
        "words_per_document": 600,
        "throughput": [
            asdict(r) | {"docs_per_s": r.docs_per_s, "sentences_per_s": r.sentences_per_s}
            for r in rows
        ],
        "ratio_to_bare_spacy": ratios(rows),
        "memory": [asdict(r) for r in memory],
        "_rows": rows + memory,
    }


def _cpus() -> int | None:
    import os

    return len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else os.cpu_count()


def _ints(text: str) -> list[int]:
    return [int(x) for x in text.split(",") if x]


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--docs", type=int, default=100,
                        help="documents for throughput (0: memory runs only)")  # fmt: skip
    parser.add_argument("--workers", type=_ints, default=[1, 2], help="e.g. 1,2")
    parser.add_argument("--engines", type=lambda s: s.split(","), default=["local", "dask"])
    parser.add_argument("--modes", type=lambda s: s.split(","), default=["selective"],
                        help="selective (default parse mode of `legation code`), full")  # fmt: skip
    parser.add_argument("--rss", type=_ints, default=[], help="sizes for peak RSS, e.g. 1000,10000")
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--json", nargs="?", const=RESULTS, type=Path, default=None,
                        help=f"write the results as JSON (default path {RESULTS})")  # fmt: skip
    args = parser.parse_args(argv)
    report = run(args)
    rows = report.pop("_rows")
    print(table(rows, report["ratio_to_bare_spacy"]))
    for r in rows:
        if r.shard_costs:
            costs = ", ".join(f"{k} {v:.2f}s" for k, v in r.shard_costs.items() if k != "shards")
            shards = r.shard_costs["shards"]
            print(f"dask, {r.workers} workers: {shards:.0f} shards; per shard {costs}")
    if args.json:
        args.json.parent.mkdir(parents=True, exist_ok=True)
        args.json.write_text(json.dumps(report, indent=2) + "\n", "utf-8")
        print(f"wrote {args.json}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
