"""Start-up cost of the actor knowledge base: wall time and peak RSS of `legation code` on one
short document (a fresh store each run), with the full knowledge base and with its world tier
switched off (`world_actors = false`: the hand-kept entries only), plus an in-process
breakdown of loading the knowledge base, building the surface index and resolving the first
document.

    python benchmarks/startup.py              # 5 runs each; prints a table
    python benchmarks/startup.py --runs 9 --json

Each run is a separate process (what a user waits for), the two configurations alternately;
the minimum and the median over runs are reported because the machine may be shared. Peak RSS
is the child's own (``wait4``).
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

TEXT = (
    "Pakistan's army chief met US Secretary of State Antony Blinken in Washington on "
    "Tuesday, while Moldova's president called the Romanian foreign minister.\n"
)
LEGATION = Path(sys.executable).with_name("legation")


def one_run(folder: Path, config: Path | None) -> tuple[float, float]:
    """(seconds, peak RSS in MB) of one `legation code` process."""
    db = folder / "s.duckdb"
    for leftover in folder.glob("s.*"):
        leftover.unlink()
    args = [str(LEGATION), *(["--config", str(config)] if config else []), "code",
            str(folder / "one.txt"), "--db", str(db), "-q"]  # fmt: skip
    start = time.perf_counter()
    child = subprocess.Popen(args, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    _, status, usage = os.wait4(child.pid, 0)
    seconds = time.perf_counter() - start
    if os.waitstatus_to_exitcode(status) != 0:
        raise SystemExit(f"legation code failed: {' '.join(args)}")
    return seconds, usage.ru_maxrss / 1024  # KiB on Linux


def measure(runs: int) -> list[dict[str, Any]]:
    """Both configurations, run alternately so that a busy machine weighs on both alike."""
    folder = Path(tempfile.mkdtemp(prefix="legation-startup-"))
    try:
        (folder / "one.txt").write_text(TEXT, encoding="utf-8")
        curated = folder / "curated.toml"
        curated.write_text("world_actors = false\n", encoding="utf-8")
        results: dict[bool, list[tuple[float, float]]] = {True: [], False: []}
        for _ in range(runs):
            results[True].append(one_run(folder, None))
            results[False].append(one_run(folder, curated))
    finally:
        shutil.rmtree(folder, ignore_errors=True)
    return [_row(world, results[world]) for world in (True, False)]


def _row(world: bool, results: list[tuple[float, float]]) -> dict[str, Any]:
    walls = [w for w, _ in results]
    return {
        "world_actors": world,
        "runs": len(results),
        "wall_min_s": round(min(walls), 2),
        "wall_median_s": round(statistics.median(walls), 2),
        "rss_max_mb": round(max(r for _, r in results), 1),
    }


def breakdown() -> dict[str, float]:
    """Seconds to load the knowledge base, build the resolver's surface index, and resolve
    a first document (the model loaded beforehand, not counted)."""
    from legation.actors.dictionary import DictionaryResolver
    from legation.actors.kb import load_knowledge_base
    from legation.config import Config
    from legation.model import Document
    from legation.nlp import load_pipeline

    nlp = load_pipeline(Config.default().model)
    doc = nlp(TEXT)
    out: dict[str, float] = {}
    for label, world in (("curated", False), ("full", True)):
        start = time.perf_counter()
        kb = load_knowledge_base(world=world)
        loaded = time.perf_counter()
        resolver = DictionaryResolver(kb)
        indexed = time.perf_counter()
        resolver.analyse(Document.create(TEXT, name="one"), doc)
        done = time.perf_counter()
        out[f"{label}_load_s"] = round(loaded - start, 3)
        out[f"{label}_index_s"] = round(indexed - loaded, 3)
        out[f"{label}_first_doc_s"] = round(done - indexed, 3)
    return out


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--json", action="store_true")
    args = parser.parse_args()
    rows = measure(args.runs)
    report = {"cli": rows, "in_process": breakdown()}
    if args.json:
        print(json.dumps(report, indent=2))
        return
    for row in rows:
        label = "full KB" if row["world_actors"] else "curated only"
        print(f"{label:<13} wall min {row['wall_min_s']:.2f} s  median "
              f"{row['wall_median_s']:.2f} s  peak RSS {row['rss_max_mb']:.0f} MB")  # fmt: skip
    print("in process:", ", ".join(f"{k} {v}" for k, v in report["in_process"].items()))


if __name__ == "__main__":
    main()
