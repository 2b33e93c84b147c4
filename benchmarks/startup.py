"""Start-up cost of the actor knowledge base: wall time and peak RSS of `legation code` on one
short document (a fresh store each run) with the full knowledge base read from the compiled
cache (`legation.cache`, as every run after the first reads it), with the full knowledge base
built from its files (the cache off: what the first run, or a run after an upgrade or an edit
of an actor file, costs), and with its world tier switched off (`world_actors = false`: the
hand-kept entries only; cache on), plus an in-process breakdown of loading the knowledge
base, building the surface index, reading both from the cache, and resolving the first
document.

    python benchmarks/startup.py              # 5 runs each; prints a table
    python benchmarks/startup.py --runs 9 --json

Each run is a separate process (what a user waits for), the configurations in turn; the
minimum and the median over runs are reported because the machine may be shared. Peak RSS
is the child's own (``wait4``). The cache lives in a temporary folder, filled by one run
before the measured ones.
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


#: (label, world tier on, compiled cache on)
CONFIGURATIONS = (
    ("full KB, cached", True, True),
    ("full KB, no cache", True, False),
    ("curated only", False, True),
)


def one_run(folder: Path, config: Path | None, cache: Path | None) -> tuple[float, float]:
    """(seconds, peak RSS in MB) of one `legation code` process."""
    db = folder / "s.duckdb"
    for leftover in folder.glob("s.*"):
        leftover.unlink()
    args = [str(LEGATION), *(["--config", str(config)] if config else []), "code",
            str(folder / "one.txt"), "--db", str(db), "-q"]  # fmt: skip
    env = {**os.environ, "LEGATION_CACHE_DIR": str(cache) if cache else "off"}
    start = time.perf_counter()
    child = subprocess.Popen(args, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, env=env)
    _, status, usage = os.wait4(child.pid, 0)
    seconds = time.perf_counter() - start
    if os.waitstatus_to_exitcode(status) != 0:
        raise SystemExit(f"legation code failed: {' '.join(args)}")
    return seconds, usage.ru_maxrss / 1024  # KiB on Linux


def measure(runs: int) -> list[dict[str, Any]]:
    """Every configuration, run in turn so that a busy machine weighs on all alike."""
    folder = Path(tempfile.mkdtemp(prefix="legation-startup-"))
    try:
        (folder / "one.txt").write_text(TEXT, encoding="utf-8")
        curated = folder / "curated.toml"
        curated.write_text("world_actors = false\n", encoding="utf-8")
        cache = folder / "cache"
        results: dict[str, list[tuple[float, float]]] = {c[0]: [] for c in CONFIGURATIONS}
        for _, world, _ in CONFIGURATIONS:  # fill the cache: not measured
            one_run(folder, None if world else curated, cache)
        for _ in range(runs):
            for label, world, cached in CONFIGURATIONS:
                config = None if world else curated
                results[label].append(one_run(folder, config, cache if cached else None))
    finally:
        shutil.rmtree(folder, ignore_errors=True)
    return [_row(label, results[label]) for label, _, _ in CONFIGURATIONS]


def _row(label: str, results: list[tuple[float, float]]) -> dict[str, Any]:
    walls = [w for w, _ in results]
    return {
        "configuration": label,
        "runs": len(results),
        "wall_min_s": round(min(walls), 2),
        "wall_median_s": round(statistics.median(walls), 2),
        "rss_max_mb": round(max(r for _, r in results), 1),
    }


def breakdown() -> dict[str, float]:
    """Seconds to load the knowledge base, build the resolver's surface index, read both
    from a filled compiled cache, and resolve a first document (the model loaded beforehand,
    not counted)."""
    from legation.actors.dictionary import DictionaryResolver
    from legation.actors.kb import load_knowledge_base
    from legation.actors.lexicon import indexed_knowledge_base
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
    with tempfile.TemporaryDirectory(prefix="legation-cache-") as cache:
        os.environ["LEGATION_CACHE_DIR"] = cache
        indexed_knowledge_base()  # fills the cache
        start = time.perf_counter()
        indexed_knowledge_base()
        out["full_from_cache_s"] = round(time.perf_counter() - start, 3)
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
        label = row["configuration"]
        print(f"{label:<18} wall min {row['wall_min_s']:.2f} s  median "
              f"{row['wall_median_s']:.2f} s  peak RSS {row['rss_max_mb']:.0f} MB")  # fmt: skip
    print("in process:", ", ".join(f"{k} {v}" for k, v in report["in_process"].items()))


if __name__ == "__main__":
    main()
