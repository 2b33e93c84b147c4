"""Runners: incremental runs, the multiprocess and Dask engines, crash safety."""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import threading
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import duckdb
import pytest

from legation.config import Config
from legation.runner import RunSummary, run_dask, run_local
from legation.store import Store

pytestmark = pytest.mark.slow

PEOPLE = ("Army chief Asim Munir", "Antony Blinken", "Lloyd Austin", "Shehbaz Sharif",
          "Ishaq Dar", "Xi Jinping", "Donald Trump", "Marco Rubio")  # fmt: skip
ACTIONS = ("met", "held talks with", "urged", "condemned", "praised", "telephoned")
FILLER = (
    "Inflation rose to 4 percent last month, according to official figures.",
    "Heavy rain is expected over the coming days, the weather office said.",
    "It is not clear whether the talks will produce a lasting result.",
)


def article(i: int) -> str:
    a, b = PEOPLE[i % len(PEOPLE)], PEOPLE[(i * 3 + 1) % len(PEOPLE)]
    action = ACTIONS[i % len(ACTIONS)]
    lines = [f"{a} {action} {b} in Washington on Tuesday.", FILLER[i % 3]]
    lines += [f"{a} {action} {b} on Tuesday, officials said.", f"Story number {i}."]
    return " ".join(lines)


def write_corpus(folder: Path, start: int, stop: int, per_file: int = 20) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    for first in range(start, stop, per_file):
        lines = [
            json.dumps({"id": f"doc-{i}", "text": article(i), "published": "2024-03-14"})
            for i in range(first, min(stop, first + per_file))
        ]
        (folder / f"news-{first:05d}.jsonl").write_text("\n".join(lines) + "\n", "utf-8")
    return folder


def table_rows(db: Path) -> dict[str, list[tuple[Any, ...]]]:
    """Every row of the coded tables (timestamps left out), sorted."""
    queries = {
        "documents": "SELECT * EXCLUDE (coded_at) FROM documents",
        "sentences": "SELECT * FROM sentences",
        "events": "SELECT * FROM events",
        "merged_events": "SELECT * FROM merged_events",
        "merges": "SELECT event_id, canonical_id, rule FROM merges",
    }
    with duckdb.connect(str(db), read_only=True) as con:
        return {
            name: sorted(map(repr, con.execute(sql).fetchall())) for name, sql in queries.items()
        }  # type: ignore[misc]


@pytest.fixture(scope="module")
def corpus(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return write_corpus(tmp_path_factory.mktemp("corpus"), 0, 40)


@pytest.fixture(scope="module")
def reference(corpus: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The corpus coded by the plain in-process runner: what every engine must match."""
    db = tmp_path_factory.mktemp("ref") / "ref.duckdb"
    with Store(db) as store:
        summary = run_local([corpus], store, config=Config.default(), selective=True, dedup=True)
    assert summary.documents == 40 and summary.events >= 40 and summary.merged > 0
    assert summary.collapsed > 0  # each article repeats its event
    return db


def code(corpus: Path, db: Path, **options: Any) -> RunSummary:
    with Store(db) as store:
        return run_local([corpus], store, config=Config.default(), selective=True, **options)


# --------------------------------------------------------------------------- incremental


def test_growing_folder_codes_only_new_documents(tmp_path: Path) -> None:
    folder = write_corpus(tmp_path / "news", 0, 12)
    db = tmp_path / "grow.duckdb"
    assert (code(folder, db).documents, code(folder, db).documents) == (12, 0)
    write_corpus(folder, 12, 17, per_file=5)
    summary = code(folder, db)
    assert (summary.documents, summary.skipped) == (5, 12)


def test_worker_processes_give_the_same_rows(corpus: Path, reference: Path, tmp_path: Path) -> None:
    db = tmp_path / "pool.duckdb"
    summary = code(corpus, db, workers=2, dedup=True)
    assert summary.documents == 40
    assert table_rows(db) == table_rows(reference)


def test_a_memory_cap_too_small_for_a_batch_only_slows_the_run(
    corpus: Path, reference: Path, tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    db = tmp_path / "capped.duckdb"
    config = Config.default().model_copy(update={"store_memory_mb": 1})
    with Store(db) as store:
        summary = run_local([corpus], store, config=config, selective=True, dedup=True)
        setting = store._con.execute("SELECT current_setting('memory_limit')").fetchone()
    assert summary.documents == 40 and "raising the cap to 2 MB" in caplog.text
    assert setting is not None and "GiB" in setting[0]  # DuckDB's default again after the run
    assert table_rows(db) == table_rows(reference)


# --------------------------------------------------------------------------- dask


@pytest.fixture(scope="module")
def cluster() -> Iterator[Any]:
    distributed = pytest.importorskip("distributed")
    with distributed.LocalCluster(
        n_workers=2, threads_per_worker=1, processes=True, dashboard_address=None
    ) as local:
        yield local


def dask_code(corpus: Path, db: Path, parts: Path, cluster: Any, **options: Any) -> RunSummary:
    with Store(db) as store:
        return run_dask(
            [corpus], store, Config.default(), parts_dir=parts, address=cluster.scheduler_address,
            shard_size=2, selective=True, dedup=True, **options,
        )  # fmt: skip


def worker_pids(cluster: Any) -> list[int]:
    from distributed import Client

    with Client(cluster.scheduler_address) as client:
        return sorted(client.run(os.getpid).values())


def test_killed_dask_worker_still_gives_every_event_once(
    corpus: Path, reference: Path, cluster: Any, tmp_path: Path
) -> None:
    parts, db = tmp_path / "parts", tmp_path / "dask.duckdb"
    victim = worker_pids(cluster)[0]

    def kill_when_first_part_lands() -> None:
        deadline = time.monotonic() + 120
        while not list(parts.glob("part-*.parquet")) and time.monotonic() < deadline:
            time.sleep(0.02)
        os.kill(victim, signal.SIGKILL)

    killer = threading.Thread(target=kill_when_first_part_lands)
    killer.start()
    summary = dask_code(corpus, db, parts, cluster)
    killer.join()
    assert victim not in worker_pids(cluster)  # it was killed (and the nanny restarted it)
    assert summary.documents == 40 and summary.shards == 20
    assert table_rows(db) == table_rows(reference)


def test_resume_redoes_only_missing_shards(
    corpus: Path, reference: Path, cluster: Any, tmp_path: Path
) -> None:
    parts = tmp_path / "parts"
    first = dask_code(corpus, tmp_path / "first.duckdb", parts, cluster)
    assert first.shards == 20
    assert first.shard_costs is not None and first.shard_costs.shards == 20
    assert first.shard_costs.coding > 0 and first.shard_costs.loading > 0
    missing = sorted(parts.glob("part-*.parquet"))[:3]
    for path in missing:
        path.unlink()
    db = tmp_path / "resumed.duckdb"  # as if the first run died before loading anything
    summary = dask_code(corpus, db, parts, cluster, resume=True)
    assert (summary.shards, summary.shards_reused) == (3, 17)
    assert all(path.exists() for path in missing)
    assert table_rows(db) == table_rows(reference)


@pytest.mark.parametrize(
    ("items", "size", "workers", "sizes"),
    [
        (600, 256, 2, [150] * 4),  # not 256 + 256 + 88: one worker idle for the last shard
        (1000, 256, 2, [250] * 4),
        (2000, 256, 2, [256] * 3 + [206, 206, 205, 205, 205, 205]),
        (40, 2, 2, [2] * 20),
        (10, 3, 2, [3, 3, 2, 2]),
        (1, 256, 4, [1]),
        (0, 256, 2, []),
    ],
)
def test_the_end_of_a_corpus_is_cut_into_even_shards(
    items: int, size: int, workers: int, sizes: list[int]
) -> None:
    from legation.runner.distributed import cut

    slices = list(cut(range(items), size, workers))
    assert [len(s) for s in slices] == sizes
    assert [i for s in slices for i in s] == list(range(items))  # in order, each once


def test_full_shards_do_not_depend_on_the_number_of_workers() -> None:
    from legation.runner.distributed import cut

    two, eight = list(cut(range(10_000), 256, 2)), list(cut(range(10_000), 256, 8))
    full = [s for s in two if len(s) == 256]
    assert len(full) > 30 and eight[: len(full) - 8] == full[: len(full) - 8]


# --------------------------------------------------------------------------- crash safety


def legation(*args: str, **kwargs: Any) -> subprocess.Popen[str]:
    command = [str(Path(sys.executable).with_name("legation")), *args]
    return subprocess.Popen(command, text=True, **kwargs)


def test_sigkilled_run_completes_to_the_same_rows(tmp_path: Path) -> None:
    folder = write_corpus(tmp_path / "news", 0, 150, per_file=50)
    whole, killed = tmp_path / "whole.duckdb", tmp_path / "killed.duckdb"
    with Store(whole) as store:
        run_local([folder], store, config=Config.default(), selective=True, dedup=True)

    run = legation("-v", "code", str(folder), "--db", str(killed), "-q", stderr=subprocess.PIPE)
    assert run.stderr is not None
    for line in run.stderr:  # wait for the first batch to be committed, then kill
        if "stored" in line:
            break
    run.send_signal(signal.SIGKILL)
    run.wait(timeout=60)
    assert run.returncode == -signal.SIGKILL

    rerun = legation("code", str(folder), "--db", str(killed), "-q", stdout=subprocess.PIPE)
    out, _ = rerun.communicate(timeout=300)
    assert rerun.returncode == 0, out
    assert "already in the store" in out and not out.startswith("Coded 150 ")
    assert table_rows(killed) == table_rows(whole)
