"""Crash safety: ``legation code`` SIGKILLed at many moments, then re-run; two processes.

Each test kills a real ``legation code`` process, in one of two ways:

* at a named point of a store write, with the store's test hook ``LEGATION_CRASH_AT``
  (:mod:`legation.store.crashpoints`): inside each migration, each batch before and during
  its commit, each part load, the cross-document merges, and closing the store (DuckDB's
  checkpoint of its write-ahead log);
* after a random delay, counted from the process start (``after 1.20s``: start-up, model
  load, migrations) or from the first batch stored or part loaded (``coding+0.40s``: the
  batches, the merges, closing the store), wherever it lands.

After every kill the store must open read-only, hold whole documents only (each stored
document has exactly the row, sentences and events it has after an uninterrupted run), no
event twice, no rows of a document it does not hold, either no merges or all of them, and
a sane ``failures`` table; no process of the killed run may be left. A re-run must then give
exactly the rows of the uninterrupted run, and leave no write-ahead log or temporary file.

``LEGATION_CRASH_SWEEP=N`` adds more hook points and N delay kills per engine (seeded):
``LEGATION_CRASH_SWEEP=12 pytest tests/test_crash.py``.
"""

from __future__ import annotations

import os
import random
import re
import signal
import subprocess
import sys
import threading
import time
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import duckdb
import pytest

from legation.config import Config
from legation.errors import StoreError
from legation.runner import run_local
from legation.store import Store
from tests.test_runner import table_rows, write_corpus

pytestmark = pytest.mark.slow
if sys.platform == "win32":
    pytest.skip("SIGKILL, process groups and POSIX locks", allow_module_level=True)

SWEEP = int(os.environ.get("LEGATION_CRASH_SWEEP", "0"))
DOCUMENTS = 150  # three local batches of at most 64 documents, ten Dask shards of 16
KILLED = -signal.SIGKILL
CODED = re.compile(r"stored [1-9]|loaded .*\([1-9]")  # -v log: a batch or a part is in
LEGATION = str(Path(sys.executable).with_name("legation"))


def sweep(default: list[str], more: list[str]) -> list[str]:
    return default + more if SWEEP else default


def delays(seed: int, startup: float, coding: float) -> list[str]:
    """SWEEP kill delays, drawn with a fixed seed: a third from the start of the process
    (up to ``startup`` seconds), the rest from the first batch stored (up to ``coding``)."""
    rng = random.Random(seed)
    return [
        f"after {rng.uniform(0, startup):.2f}s"
        if i % 3 == 0
        else f"coding+{rng.uniform(0, coding):.2f}s"
        for i in range(SWEEP)
    ]


# --------------------------------------------------------------------------- snapshots


@dataclass
class Snapshot:
    """A store's coded rows, by document, as comparable values."""

    documents: dict[str, Any] = field(default_factory=dict)
    sentences: dict[str, list[Any]] = field(default_factory=dict)
    events: dict[str, list[Any]] = field(default_factory=dict)  # events + merged, less sources
    event_ids: list[str] = field(default_factory=list)
    merges: list[Any] = field(default_factory=list)
    failures: list[tuple[Any, ...]] = field(default_factory=list)
    bad_sources: int = 0  # canonical events whose `sources` disagrees with `merges`


def by_document(rows: list[tuple[Any, ...]], key: int = 0) -> dict[str, list[Any]]:
    grouped: dict[str, list[Any]] = {}
    for row in rows:
        grouped.setdefault(row[key], []).append(repr(row))
    return {doc: sorted(values) for doc, values in grouped.items()}


_SOURCES = (
    "SELECT count(*) FROM events e WHERE sources <> 1 + "
    "(SELECT count(*) FROM merges m WHERE m.canonical_id = e.id)"
)


def snapshot(db: Path) -> Snapshot:
    with duckdb.connect(str(db), read_only=True) as con:

        def rows(sql: str) -> list[tuple[Any, ...]]:
            return con.execute(sql).fetchall()

        documents = {r[0]: repr(r) for r in rows("SELECT * EXCLUDE (coded_at) FROM documents")}
        every = "SELECT * FROM events UNION ALL SELECT * FROM merged_events"
        return Snapshot(
            documents=documents,
            sentences=by_document(rows("SELECT * FROM sentences")),
            events=by_document(rows(f"SELECT doc_id, * EXCLUDE (sources) FROM ({every})")),
            event_ids=[r[0] for r in rows(f"SELECT id FROM ({every})")],
            merges=sorted(rows("SELECT event_id, canonical_id, rule FROM merges")),
            failures=rows(
                "SELECT source, stage, reason, first_seen, last_seen, count FROM failures"
            ),
            bad_sources=rows(_SOURCES)[0][0],
        )


def assert_whole_documents(db: Path, reference: Snapshot) -> Snapshot:
    """The checks every killed store must pass (module doc); returns its snapshot."""
    with Store(db, read_only=True) as store:
        store.counts()
    found = snapshot(db)
    for doc_id, row in found.documents.items():
        assert row == reference.documents[doc_id]
        assert found.sentences.get(doc_id) == reference.sentences[doc_id], doc_id
        assert found.events.get(doc_id, []) == reference.events.get(doc_id, []), doc_id
    assert set(found.sentences) <= set(found.documents)  # nothing of a document not stored
    assert set(found.events) <= set(found.documents)
    assert not [i for i, n in Counter(found.event_ids).items() if n > 1]
    assert found.merges in ([], reference.merges) and found.bad_sources == 0
    known = {f[:3] for f in reference.failures}
    for source, stage, reason, first, last, count in found.failures:
        assert (source, stage, reason) in known and first <= last and count >= 1
    return found


# --------------------------------------------------------------------------- runs


@dataclass
class Killed:
    returncode: int
    log: list[str]  # the -v log lines it wrote before dying
    stderr: str  # all of it, for the message of a failed test

    @property
    def phase(self) -> str:
        return self.log[-1] if self.log else "(nothing logged: starting up)"


def start(db: Path, corpus: Path, *options: str, crash_at: str | None) -> subprocess.Popen[str]:
    env = {k: v for k, v in os.environ.items() if k != "LEGATION_CRASH_AT"}
    if crash_at:
        env["LEGATION_CRASH_AT"] = crash_at
    return subprocess.Popen(
        [LEGATION, "-v", "code", str(corpus), "--db", str(db), "-q", *options],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
        text=True,
        env=env,
        start_new_session=True,
    )


def is_delay(how: str) -> bool:
    return how.startswith(("after ", "coding+"))


def kill_run(db: Path, corpus: Path, how: str, *options: str) -> Killed:
    """Run `legation code` and SIGKILL it as ``how`` says: a crash point or a delay."""
    run = start(db, corpus, *options, crash_at=None if is_delay(how) else how)
    log: list[str] = []
    coding = threading.Event()

    def read() -> None:
        for line in run.stderr or ():
            log.append(line)
            if CODED.search(line):
                coding.set()
        coding.set()  # the process is gone

    reader = threading.Thread(target=read, daemon=True)
    reader.start()
    if is_delay(how):
        if how.startswith("coding+"):
            coding.wait(timeout=300)
        time.sleep(float(how.split(" ")[-1].split("+")[-1].rstrip("s")))
        run.send_signal(signal.SIGKILL)
    run.wait(timeout=300)
    reader.join(timeout=10)
    assert_no_survivors(run.pid)
    lines = [line.strip() for line in log if line.startswith(("INFO", "WARNING"))]
    killed = Killed(run.returncode, lines, "".join(log))
    print(f"{how}: exit {killed.returncode}, last logged: {killed.phase}")  # shown with -s
    return killed


def assert_no_survivors(group: int) -> None:
    """No process of the killed run (worker processes included) lives on."""
    psutil = pytest.importorskip("psutil")
    deadline = time.monotonic() + 20
    while left := [p for p in _members(psutil, group) if p.status() != psutil.STATUS_ZOMBIE]:
        if time.monotonic() > deadline:
            os.killpg(group, signal.SIGKILL)
            pytest.fail(f"processes outlived the killed run: {[p.cmdline() for p in left]}")
        time.sleep(0.2)


def _members(psutil: Any, group: int) -> list[Any]:
    found = []
    for process in psutil.process_iter():
        try:
            if os.getpgid(process.pid) == group:
                found.append(process)
        except (ProcessLookupError, psutil.NoSuchProcess):
            continue
    return found


def rerun(db: Path, corpus: Path) -> None:
    """What a user does next: the same command again (in-process: the model is loaded)."""
    with Store(db) as store:
        summary = run_local([corpus], store, config=Config.default(), selective=True, dedup=True)
    assert summary.documents + summary.skipped == DOCUMENTS


def rerun_cli(db: Path, corpus: Path, *options: str) -> str:
    done = subprocess.run(
        [LEGATION, "code", str(corpus), "--db", str(db), "-q", *options],
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert done.returncode == 3, done.stderr  # 3: the empty file failed, as in the reference
    return done.stdout


def assert_reference_rows(db: Path, reference_db: Path, reference: Snapshot) -> None:
    assert table_rows(db) == table_rows(reference_db)
    assert sorted(f[:3] for f in snapshot(db).failures) == sorted(f[:3] for f in reference.failures)
    leftovers = [p.name for p in db.parent.iterdir() if p.name.startswith(db.name + ".")]
    assert [n for n in leftovers if not n.endswith(".parts")] == []  # no .wal, no .tmp


# --------------------------------------------------------------------------- fixtures


@pytest.fixture(scope="module")
def corpus(tmp_path_factory: pytest.TempPathFactory) -> Path:
    folder = write_corpus(tmp_path_factory.mktemp("crash-corpus"), 0, DOCUMENTS, per_file=50)
    (folder / "empty.txt").write_text("")  # one ingest failure, stored in `failures`
    return folder


@pytest.fixture(scope="module")
def reference_db(corpus: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The corpus coded without interruption, as `legation code` does by default."""
    db = tmp_path_factory.mktemp("crash-reference") / "reference.duckdb"
    rerun(db, corpus)
    return db


@pytest.fixture(scope="module")
def reference(reference_db: Path) -> Snapshot:
    found = snapshot(reference_db)
    assert len(found.documents) == DOCUMENTS and found.merges and len(found.failures) == 1
    return found


# --------------------------------------------------------------------------- local engine

LOCAL_POINTS = sweep(
    ["migrate:1", "migrate:2@0", "write:1", "write:2@1", "merge@1", "close@4"],
    ["migrate:1@1", "migrate:2", "write:1@0", "write:1@2", "write:2", "write:2@0", "write:3",
     "write:3@1", "write:3@3", "merge", "merge@0", "merge@3", "close@0", "close@1", "close@2",
     "close@8", "close@12", "close@16", *delays(1, 4.0, 1.0)],
)  # fmt: skip


@pytest.mark.parametrize("how", LOCAL_POINTS)
def test_killed_local_run_keeps_whole_documents(
    how: str, corpus: Path, reference_db: Path, reference: Snapshot, tmp_path: Path
) -> None:
    db = tmp_path / "killed.duckdb"
    killed = kill_run(db, corpus, how)
    if killed.returncode != KILLED:  # a delay past the end of the run: nothing to check
        assert is_delay(how) and killed.returncode == 3, killed.stderr[-3000:]
        pytest.skip(f"the run finished before the kill ({how})")
    if db.exists():
        check_killed_store(db, reference, how)
    rerun(db, corpus)
    assert_reference_rows(db, reference_db, reference)


def check_killed_store(db: Path, reference: Snapshot, how: str) -> None:
    try:
        assert_whole_documents(db, reference)
    except StoreError as exc:  # killed while creating the store or migrating it
        assert "needs upgrading" in str(exc) or "never finished" in str(exc), exc
        assert how.startswith(("migrate", "after ")), how


# --------------------------------------------------------------------------- worker processes

POOL_POINTS = sweep(
    ["write:2"],
    ["write:1", "write:2@1", "write:3", "write:3@2", "merge", "merge@1", "close@4",
     *delays(2, 8.0, 2.0)],
)  # fmt: skip


@pytest.mark.parametrize("how", POOL_POINTS)
def test_killed_worker_pool_run_keeps_whole_documents(
    how: str, corpus: Path, reference_db: Path, reference: Snapshot, tmp_path: Path
) -> None:
    db = tmp_path / "pool.duckdb"
    killed = kill_run(db, corpus, how, "--workers", "2")
    if killed.returncode != KILLED:
        assert is_delay(how) and killed.returncode == 3, killed.stderr[-3000:]
        pytest.skip(f"the run finished before the kill ({how})")
    if db.exists():
        check_killed_store(db, reference, how)
    rerun(db, corpus)  # in-process, one worker: every engine gives the same rows
    assert_reference_rows(db, reference_db, reference)


# --------------------------------------------------------------------------- dask

DASK = ("--engine", "dask", "--workers", "2", "--shard-size", "16")
DASK_KILLS = sweep(
    [("load:2",)],
    [("load:2", "merge"), ("load:1@1", "load:3"), ("load:5@0", "close@4"),
     ("write:1", "merge@1"), *((d, "load:2") for d in delays(3, 12.0, 3.0))],
)  # fmt: skip


@pytest.mark.parametrize("kills", DASK_KILLS, ids="+".join)
def test_killed_dask_run_resumes_to_the_same_rows(
    kills: tuple[str, ...], corpus: Path, reference_db: Path, reference: Snapshot, tmp_path: Path
) -> None:
    """Killed (again while resuming, for a chain of kills), then resumed to the end."""
    db = tmp_path / "dask.duckdb"
    for i, how in enumerate(kills):
        killed = kill_run(db, corpus, how, *DASK, *(("--resume",) if i else ()))
        if killed.returncode != KILLED:  # a delay past the end, or no part left to load
            assert (i > 0 or is_delay(how)) and killed.returncode == 3, killed.stderr[-3000:]
        elif db.exists():
            check_killed_store(db, reference, how)
    parts = db.with_name(db.name + ".parts")
    (parts / ".part-0123.parquet.k1ll3d.tmp").write_bytes(b"PAR1")  # a worker killed writing
    out = rerun_cli(db, corpus, *DASK, "--resume")
    assert sorted(p.name for p in parts.iterdir() if not p.name.startswith("part-")) == []
    assert_reference_rows(db, reference_db, reference)
    if kills == ("load:2",):  # the second part was written, not loaded: it is reused
        assert int(re.findall(r"(\d+) reused", out)[0]) >= 1, out


# --------------------------------------------------------------------------- two processes


def test_second_writer_and_readers_get_store_busy(
    corpus: Path, reference_db: Path, reference: Snapshot, tmp_path: Path
) -> None:
    """While one `legation code` writes, a second one and `events`/`status` fail clearly."""
    db = tmp_path / "busy.duckdb"
    first = start(db, corpus, crash_at=None)
    assert first.stderr is not None
    for line in first.stderr:  # the store is open (and locked) once it is migrated
        if "0002_dedup" in line:
            break
    os.kill(first.pid, signal.SIGSTOP)  # hold it there, the store open, while the others try
    try:
        others = [
            ("code", str(corpus), "--db", str(db), "-q"),
            ("events", "--db", str(db)),
            ("status", "--db", str(db)),
        ]
        for args in others:
            done = subprocess.run([LEGATION, *args], capture_output=True, text=True, timeout=120)
            assert done.returncode == 1, (args, done.stdout, done.stderr)
            assert done.stderr.startswith(f"Error: the store {db} is busy"), done.stderr
            assert "Traceback" not in done.stderr and "--db" in done.stderr
    finally:
        os.kill(first.pid, signal.SIGCONT)
    first.communicate(timeout=300)
    assert first.returncode == 3  # the empty file, as in the reference
    assert_reference_rows(db, reference_db, reference)


def test_two_runs_started_together_on_a_new_store(
    corpus: Path, reference_db: Path, reference: Snapshot, tmp_path: Path
) -> None:
    """Both race to create the file: one codes, the other says the store is busy."""
    db = tmp_path / "race.duckdb"
    runs = [start(db, corpus, crash_at=None) for _ in range(2)]
    errors = [run.communicate(timeout=300)[1] for run in runs]
    outcomes = sorted(zip([run.returncode for run in runs], errors, strict=True))
    assert [code for code, _ in outcomes] == [1, 3], outcomes
    assert f"Error: the store {db} is busy" in outcomes[0][1]
    assert_reference_rows(db, reference_db, reference)


# --------------------------------------------------------------------------- creating the file


def fresh_store_file(tmp_path: Path) -> bytes:
    """The bytes of a brand-new DuckDB file (its three header blocks)."""
    path = tmp_path / "fresh.duckdb"
    duckdb.connect(str(path)).close()
    return path.read_bytes()


@pytest.mark.parametrize("written", [0, 4096, 8192])
def test_store_killed_while_duckdb_creates_it(tmp_path: Path, written: int) -> None:
    """DuckDB creates the file, then writes its header blocks: a kill in between leaves an
    empty or short file DuckDB refuses. Readers are told to re-run; a writer starts over."""
    db = tmp_path / "new.duckdb"
    db.write_bytes(fresh_store_file(tmp_path)[:written])
    with pytest.raises(StoreError, match="was never finished"):
        Store(db, read_only=True)
    with Store(db) as store:
        assert store.counts()["documents"] == 0
    with Store(db, read_only=True) as store:
        assert store.counts()["events"] == 0


def test_unfinished_store_file_being_created_is_left_alone(tmp_path: Path) -> None:
    db = tmp_path / "new.duckdb"
    db.write_bytes(b"")
    hold = (
        "import fcntl, sys, time; f = open(sys.argv[1], 'r+b'); "
        "fcntl.lockf(f, fcntl.LOCK_EX); print('locked', flush=True); time.sleep(60)"
    )
    creator = subprocess.Popen(
        [sys.executable, "-c", hold, str(db)], stdout=subprocess.PIPE, text=True
    )
    try:
        assert creator.stdout is not None and creator.stdout.readline() == "locked\n"
        with pytest.raises(StoreError, match="is busy"):
            Store(db)
        assert db.exists()
    finally:
        creator.kill()
        creator.wait()
