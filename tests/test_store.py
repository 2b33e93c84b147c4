"""The DuckDB store: migrations, idempotent transactional batches, queries, locking."""

from __future__ import annotations

import json
import subprocess
import sys
import textwrap
from collections.abc import Iterator
from dataclasses import replace
from datetime import date
from pathlib import Path

import duckdb
import pytest

from legation.errors import StoreBusyError, StoreError
from legation.model import (
    Amount,
    CodedDocument,
    DatePrecision,
    Failure,
    Note,
    NoteKind,
    PloverType,
    Sentence,
    Span,
)
from legation.record import date_start
from legation.store import MIGRATIONS, EventQuery, Store, migrate
from tests.builders import BLINKEN, CHINA, MUNIR, make_document, make_event


def make_coded(
    text: str, *events: dict[str, object], published: date | None = date(2023, 12, 15)
) -> CodedDocument:
    doc = make_document(text, published)
    built = [make_event(doc, **changes) for changes in events]
    return CodedDocument(doc, [Sentence(0, doc.text, 0, len(doc.text))], [], built)


@pytest.fixture
def db_path(tmp_path: Path) -> Path:
    return tmp_path / "legation.duckdb"


@pytest.fixture
def store(db_path: Path) -> Iterator[Store]:
    with Store(db_path) as opened:
        yield opened


@pytest.fixture
def filled(store: Store) -> Store:
    """Three documents: PAK→USA meeting, USA→PAK request (hypothetical), CHN→USA aid."""
    store.write_batch(
        [
            make_coded("WASHINGTON: General Munir met Antony J Blinken on Thursday.", {}),
            make_coded(
                "Washington may ask Islamabad for more.",
                {
                    "event_type": PloverType.REQUEST,
                    "actors": (BLINKEN,),
                    "recipients": (MUNIR,),
                    "hypothetical": True,
                    "date": "2024-01",
                    "date_precision": DatePrecision.MONTH,
                },
                published=date(2024, 1, 20),
            ),
            make_coded(
                "China gave the US $9 million.",
                {
                    "event_type": PloverType.AID,
                    "actors": (CHINA,),
                    "recipients": (BLINKEN,),
                    "amount": Amount("$9 million", 9e6, "USD"),
                    "date": "2019",
                    "date_precision": DatePrecision.YEAR,
                },
            ),
        ],
        [Failure("in/bad.txt", "ingest", "binary file")],
    )
    return store


# --------------------------------------------------------------------------- migrations


def test_migrations_are_recorded_and_idempotent(db_path: Path) -> None:
    with Store(db_path):
        pass
    with Store(db_path) as store:
        store.write_batch([make_coded("General Munir met Blinken.", {})])
    con = duckdb.connect(str(db_path))
    try:
        names = [
            row[0] for row in con.execute("SELECT name FROM migrations ORDER BY name").fetchall()
        ]
        assert names == [name for name, _ in MIGRATIONS]
        assert migrate(con) == []
        assert con.execute("SELECT count(*) FROM documents").fetchone() == (1,)
    finally:
        con.close()


def test_new_migrations_apply_in_order_once() -> None:
    con = duckdb.connect(":memory:")
    extra = (*MIGRATIONS, ("9999_tag", ("ALTER TABLE documents ADD COLUMN tag VARCHAR",)))
    assert migrate(con) == [name for name, _ in MIGRATIONS]
    assert migrate(con, extra) == ["9999_tag"]
    assert migrate(con, extra) == []
    columns = [row[0] for row in con.execute("DESCRIBE documents").fetchall()]
    assert "tag" in columns


def test_a_store_made_before_0004_keeps_its_rows_and_loses_only_the_row_keys(
    db_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """0004 rebuilds sentences and events without the primary keys whose indexes DuckDB held
    in memory; the rows and every NOT NULL constraint stay."""
    from legation.store import migrations

    keys = "SELECT table_name FROM duckdb_constraints() WHERE constraint_type = 'PRIMARY KEY'"
    required = "SELECT count(*) FROM duckdb_columns() WHERE table_name = ? AND NOT is_nullable"
    with monkeypatch.context() as patch:
        before_0004 = tuple(m for m in MIGRATIONS if m[0] != "0004_unkeyed_rows")
        patch.setattr(migrations.migrate, "__defaults__", (before_0004,))
        with Store(db_path) as old:
            old.write_batch([make_coded("General Munir met Blinken.", {})])
            before = old.counts()
            with old.reading() as cur:
                assert {"sentences", "events"} <= {row[0] for row in cur.execute(keys).fetchall()}
                not_null = [cur.execute(required, [t]).fetchone() for t in ("sentences", "events")]
                rows = cur.execute("SELECT * FROM events").fetchall()
    with Store(db_path) as store:
        assert store.counts() == before
        with store.reading() as cur:
            assert {row[0] for row in cur.execute(keys).fetchall()} >= {"documents"}
            assert not {"sentences", "events"} & {row[0] for row in cur.execute(keys).fetchall()}
            assert [cur.execute(required, [t]).fetchone() for t in ("sentences", "events")] == (
                not_null
            )
            assert cur.execute("SELECT * FROM events").fetchall() == rows
        store.write_batch([make_coded("General Munir met Blinken.", {})])  # again: nothing
        assert store.counts() == before


def test_a_store_with_the_uncertain_flag_before_0003_and_0004_keeps_it(db_path: Path) -> None:
    """A store made while ``0005_uncertain`` came right after 0002 gets 0003 and 0004 later:
    the rebuild keeps the flag, and writes that leave it out still store it false."""
    names = dict(MIGRATIONS)
    con = duckdb.connect(str(db_path))
    migrate(con, [(n, names[n]) for n in ("0001_initial", "0002_dedup", "0005_uncertain")])
    con.close()
    with Store(db_path) as store:
        store.write_batch(
            [
                make_coded("General Munir met Blinken.", {}),
                make_coded("China may give the US aid.", {"uncertain": True, "confidence": 0.1}),
            ]
        )
        assert store.counts()["events"] == 2 and store.counts()["current_events"] == 1
        with store.reading() as cur:
            applied = [r[0] for r in cur.execute("SELECT name FROM migrations").fetchall()]
            nullable = cur.execute(
                "SELECT is_nullable FROM duckdb_columns() "
                "WHERE table_name = 'events' AND column_name = 'uncertain'"
            ).fetchone()
    assert sorted(applied) == [name for name, _ in MIGRATIONS]
    assert nullable == (False,)


def test_one_event_coded_twice_in_a_document_is_stored_once(store: Store) -> None:
    coded = make_coded("General Munir met Blinken.", {})
    coded.events.append(coded.events[0])
    result = store.write_batch([coded])
    assert result.events == 1 and store.counts()["events"] == 1


def test_uncertain_events_are_stored_and_not_current(db_path: Path) -> None:
    """An event under the run's confidence threshold is kept, shown with --all, not counted."""
    with Store(db_path) as store:
        store.write_batch(
            [
                make_coded("General Munir met Blinken.", {}),
                make_coded("China may give the US aid.", {"uncertain": True, "confidence": 0.1}),
            ]
        )
        assert store.counts()["events"] == 2 and store.counts()["current_events"] == 1
        shown = [s.event for s in store.events(include_noncurrent=True)]
        assert sorted(e.uncertain for e in shown) == [False, True]
        assert [s.event.uncertain for s in store.events()] == [False]


def test_an_older_store_gains_the_uncertain_flag(db_path: Path) -> None:
    """Stores written before the flag keep their events, all certain."""
    con = duckdb.connect(str(db_path))
    migrate(con, MIGRATIONS[:2])
    con.close()
    with Store(db_path) as store:
        store.write_batch([make_coded("General Munir met Blinken.", {})])
        assert store.counts()["current_events"] == 1
    con = duckdb.connect(str(db_path))
    try:
        columns = {row[0] for row in con.execute("DESCRIBE merged_events").fetchall()}
        assert "uncertain" in columns
    finally:
        con.close()


def test_failed_migration_is_rolled_back() -> None:
    con = duckdb.connect(":memory:")
    broken = (*MIGRATIONS, ("9999_broken", ("CREATE TABLE t (x INT)", "NOT SQL")))
    with pytest.raises(StoreError, match="migration 9999_broken failed"):
        migrate(con, broken)
    tables = {row[0] for row in con.execute("SELECT table_name FROM duckdb_tables()").fetchall()}
    assert "t" not in tables and "documents" in tables


# --------------------------------------------------------------------------- writing


def test_write_batch_stores_documents_sentences_events_failures(filled: Store) -> None:
    assert filled.counts() == {
        "documents": 3,
        "sentences": 3,
        "events": 3,
        "current_events": 2,
        "failures": 1,
    }


def test_rewriting_the_same_batch_adds_zero_rows(store: Store) -> None:
    batch = [make_coded("General Munir met Blinken.", {}, {"trigger": Span("Blinken", 19, 26)})]
    first = store.write_batch(batch, [Failure("a.txt", "ingest", "empty document")])
    before = store.counts()
    second = store.write_batch(batch, [Failure("a.txt", "ingest", "empty document")])
    assert (first.documents, first.events) == (1, 2)
    assert (second.documents, second.events, second.skipped) == (0, 0, 1)
    assert store.counts() == before
    [failure] = store.failures()
    assert failure.count == 2 and failure.first_seen <= failure.last_seen


def test_same_document_twice_in_one_batch_is_written_once(store: Store) -> None:
    coded = make_coded("General Munir met Blinken.", {})
    result = store.write_batch([coded, coded])
    assert (result.documents, result.events, result.skipped) == (1, 1, 1)


def test_a_document_already_stored_is_not_recoded(store: Store) -> None:
    store.write_batch([make_coded("General Munir met Blinken.", {})])
    store.write_batch([make_coded("General Munir met Blinken.", {"event_type": PloverType.AGREE})])
    assert [e.event.event_type for e in store.events(include_noncurrent=True)] == [
        PloverType.CONSULT
    ]


def test_failing_batch_rolls_back_and_leaves_earlier_data(store: Store) -> None:
    store.write_batch([make_coded("General Munir met Blinken.", {})])
    before = store.counts()
    good = make_coded("A second, valid document.", {})
    bad = make_coded("A third document.", {})
    bad.events[0] = replace(bad.events[0], trigger=Span(None, 0, 1))  # type: ignore[arg-type]
    with pytest.raises(StoreError, match="nothing from it was stored"):
        store.write_batch([good, bad], [Failure("x.txt", "ingest", "binary file")])
    assert store.counts() == before
    assert store.known_document_ids([good.document.id]) == set()
    store.write_batch([good])  # the store is still usable
    assert store.counts()["documents"] == 2


def test_coder_and_version_are_stored_per_document(db_path: Path) -> None:
    with Store(db_path) as store:
        store.write_batch([make_coded("General Munir met Blinken.", {})])
        store.write_batch([make_coded("No events here.")], coder="rules.v2")
    con = duckdb.connect(str(db_path), read_only=True)
    try:
        rows = con.execute(
            "SELECT text, coder, n_events, legation_version IS NOT NULL "
            "FROM documents ORDER BY text"
        ).fetchall()
    finally:
        con.close()
    assert rows == [
        ("General Munir met Blinken.", "rules.v1", 1, True),
        ("No events here.", "rules.v2", 0, True),
    ]


def test_known_document_ids(filled: Store) -> None:
    stored = {e.event.doc_id for e in filled.events(None, include_noncurrent=True)}
    assert filled.known_document_ids([*stored, "nope"]) == stored
    assert filled.known_document_ids([]) == set()


# --------------------------------------------------------------------------- reading


def test_events_round_trip_exactly(store: Store) -> None:
    coded = make_coded(
        "General Munir met Blinken.", {"amount": Amount("$1.2 billion", 1.2e9, "USD")}
    )
    store.write_batch([coded])
    [stored] = store.events(include_noncurrent=True)
    assert stored.event == coded.events[0]
    assert stored.event.id == coded.events[0].id
    assert stored.record == coded.events[0].to_record(coded.document)
    assert stored.document.text == ""
    assert store.events(with_text=True)[0].document.text == coded.document.text


def test_events_default_is_every_current_event(filled: Store) -> None:
    assert [e.event.event_type for e in filled.events()] == [PloverType.AID, PloverType.CONSULT]
    pak_usa = filled.events("PAK-USA")
    assert [e.event.event_type for e in pak_usa] == [PloverType.CONSULT]
    every = filled.events("PAK-USA", include_noncurrent=True)
    assert [e.event.event_type for e in every] == [PloverType.CONSULT, PloverType.REQUEST]


def test_events_directed_type_dates_and_limit(filled: Store) -> None:
    usa_pak = filled.events("USA-PAK", directed=True, include_noncurrent=True)
    assert [e.event.event_type for e in usa_pak] == [PloverType.REQUEST]
    assert filled.events("PAKMIL-USAGOV", directed=True)[0].event.actors == (MUNIR,)
    assert len(filled.events(("usa", "pak"), directed=True, include_noncurrent=True)) == 1
    assert len(filled.events(None, event_type="aid")) == 1
    since = filled.events(None, since=date(2023, 12, 15), include_noncurrent=True)
    assert [e.event.event_type for e in since] == [PloverType.REQUEST]  # month 2024-01
    until = filled.events(None, until=date(2019, 12, 31))
    assert [e.event.event_type for e in until] == [PloverType.AID]  # year 2019
    assert len(filled.events(None, include_noncurrent=True, limit=2)) == 2


def test_events_fall_back_to_publication_date(store: Store) -> None:
    store.write_batch([make_coded("Undated meeting.", {"date": None})])
    assert len(store.events(since=date(2023, 12, 15), until=date(2023, 12, 15))) == 1
    assert store.events(since=date(2023, 12, 16)) == []


def test_bad_filters_say_what_is_valid(filled: Store) -> None:
    with pytest.raises(StoreError, match="PAK-USA"):
        filled.events("Pakistan")
    with pytest.raises(StoreError, match="choose one of: AGREE"):
        filled.events(event_type="MEET")


def test_iter_records_streams_every_event(filled: Store) -> None:
    records = list(filled.iter_records(batch_size=1))
    assert len(records) == 3
    assert [r["event_type"] for r in records] == ["AID", "CONSULT", "REQUEST"]  # date order
    assert records[0]["amount"] == {"text": "$9 million", "value": 9e6, "currency": "USD"}
    assert records[1]["doc_name"] == "dawn-1.txt" and records[1]["outlet"] == "Dawn"
    query = EventQuery(dyad="CHN-USA", directed=True)
    assert [r["event_type"] for r in filled.iter_records(query=query)] == ["AID"]


def test_counts_by_type_and_top_dyads(filled: Store) -> None:
    assert filled.counts_by_type() == {"AID": 1, "CONSULT": 1}
    assert filled.counts_by_type(include_noncurrent=True, dyad="PAK-USA") == {
        "CONSULT": 1,
        "REQUEST": 1,
    }
    top = filled.top_dyads(5)
    assert [(d.actor, d.recipient, d.events) for d in top] == [("CHN", "USA", 1), ("PAK", "USA", 1)]
    actor, recipient, n = top[0]
    assert (actor, recipient, n) == ("CHN", "USA", 1)


def test_failures_are_listed_and_filtered(filled: Store) -> None:
    [row] = filled.failures()
    assert row.failure == Failure("in/bad.txt", "ingest", "binary file")
    as_json = json.loads(json.dumps(row.as_dict()))
    assert as_json["count"] == 1 and as_json["first_seen"].startswith("20")
    assert filled.failures(stage="nlp") == []


def test_notes_are_recorded_once_and_counted(store: Store) -> None:
    dup = Note("in/b.txt", NoteKind.DUPLICATE, "same text as an earlier document", "d" * 64)
    skipped = Note("in/x.pdf", NoteKind.SKIPPED_FILE, "unsupported file type .pdf")
    result = store.write_batch([], [], [dup, skipped, dup])
    assert result.notes == 3
    store.write_batch([], [], [dup])  # a re-run notes it again: no new row
    rows = {row.kind: row for row in store.notes()}
    assert rows["duplicate"].count == 3 and rows["duplicate"].doc_id == "d" * 64
    assert rows["skipped_file"].count == 1 and rows["skipped_file"].source == "in/x.pdf"
    assert json.loads(json.dumps(rows["duplicate"].as_dict()))["kind"] == "duplicate"
    assert [r.source for r in store.notes(kind="skipped_file")] == ["in/x.pdf"]
    assert store.note_counts() == {"duplicate": 1, "skipped_file": 1}


def test_reads_take_cursors_of_their_own_from_a_pool(filled: Store) -> None:
    import threading

    with filled.reading() as first, filled.reading() as second:
        assert first is not second  # one per reader at a time
    with filled.reading() as again:
        assert again in (first, second)  # returned to the pool and reused
    counts, errors = [], []

    def read() -> None:
        try:
            for _ in range(20):
                counts.append(filled.counts()["events"])
        except Exception as exc:  # collected: the assertion below names it
            errors.append(exc)

    threads = [threading.Thread(target=read) for _ in range(8)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert errors == [] and set(counts) == {filled.counts()["events"]} and len(counts) == 160


def test_generation_counts_committed_writes(store: Store) -> None:
    before = store.generation
    store.write_batch([], [Failure("a.txt", "ingest", "empty")])
    assert store.generation == before + 1
    with pytest.raises(StoreError):
        store.write_batch([], [Failure("a.txt", "ingest", "x" * 10)], [object()])  # type: ignore[list-item]
    assert store.generation == before + 1  # a rolled-back write is no write


def test_a_closed_store_refuses_reads(db_path: Path) -> None:
    store = Store(db_path)
    store.close()
    with pytest.raises(StoreError, match="is closed"):
        store.counts()


def test_document_lookup(filled: Store) -> None:
    doc_id = filled.events("PAK-USA")[0].event.doc_id
    doc = filled.document(doc_id)
    assert doc is not None and doc.text.startswith("WASHINGTON")
    assert doc.published == date(2023, 12, 15) and doc.published_source == "record"
    assert filled.document("missing") is None


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("2023-12-14", date(2023, 12, 14)),
        ("2023-12", date(2023, 12, 1)),
        ("2019", date(2019, 1, 1)),
        (None, None),
        ("soon", None),
    ],
)
def test_date_start(value: str | None, expected: date | None) -> None:
    assert date_start(value) == expected


# --------------------------------------------------------------------------- opening


def test_memory_store() -> None:
    with Store(":memory:") as store:
        store.write_batch([make_coded("General Munir met Blinken.", {})])
        assert store.counts()["events"] == 1


def test_read_only_store(db_path: Path) -> None:
    with Store(db_path) as store:
        store.write_batch([make_coded("General Munir met Blinken.", {})])
    with Store(db_path, read_only=True) as reader:
        assert reader.counts()["documents"] == 1
        with pytest.raises(StoreError, match="read-only"):
            reader.write_batch([])


def test_read_only_missing_store(tmp_path: Path) -> None:
    with pytest.raises(StoreError, match="there is no store at"):
        Store(tmp_path / "missing.duckdb", read_only=True)


def test_read_only_store_that_needs_migrating(db_path: Path) -> None:
    duckdb.connect(str(db_path)).close()
    with pytest.raises(StoreError, match="needs upgrading"):
        Store(db_path, read_only=True)


def test_file_that_is_not_a_duckdb_database(tmp_path: Path) -> None:
    path = tmp_path / "notes.duckdb"
    path.write_text("these are my notes, not a database\n" * 20)
    with pytest.raises(StoreError, match="is not a DuckDB database"):
        Store(path)


def test_folder_instead_of_a_file(tmp_path: Path) -> None:
    with pytest.raises(StoreError, match="is a folder"):
        Store(tmp_path)


def test_second_process_gets_store_busy_error(store: Store, db_path: Path) -> None:
    script = textwrap.dedent(
        f"""
        from legation.errors import StoreBusyError
        from legation.store import Store
        try:
            Store({str(db_path)!r})
        except StoreBusyError as exc:
            print("BUSY:", exc)
        """
    )
    done = subprocess.run(
        [sys.executable, "-c", script], capture_output=True, text=True, timeout=60, check=True
    )
    assert done.stdout.startswith("BUSY: the store")
    assert "another legation process is writing to it" in done.stdout
    assert "--db" in done.stdout
    assert issubclass(StoreBusyError, StoreError)


def test_memory_limit_caps_duckdb_for_a_run_and_is_restored(store: Store) -> None:
    setting = "SELECT current_setting('memory_limit')"
    default = store._con.execute(setting).fetchone()
    threads = "SELECT current_setting('threads')"
    cores = store._con.execute(threads).fetchone()
    with store.memory_limit(64):
        assert store._con.execute(setting).fetchone() == ("61.0 MiB",)  # 64 MB in MiB
        assert store._con.execute(threads).fetchone() == (1,)  # a thread's buffers each
        store.write_batch([make_coded("General Munir met Blinken.", {})])
    assert store._con.execute(setting).fetchone() == default
    assert store._con.execute(threads).fetchone() == cores
    with store.memory_limit(0):  # no cap
        assert store._con.execute(setting).fetchone() == default


def test_a_transaction_over_the_memory_cap_runs_again_without_it(
    store: Store, caplog: pytest.LogCaptureFixture
) -> None:
    setting = "SELECT current_setting('memory_limit')"
    default = store._con.execute(setting).fetchone()
    big = [make_coded(f"Document {i}. " + "A long sentence of text. " * 40, {}) for i in range(200)]
    with store.memory_limit(1):
        store.write_batch(big)  # out of memory at 1 MB: rolled back, written under 2, 4... MB
        raised = store._con.execute(setting).fetchone()
        assert raised != default and raised is not None and "MiB" in raised[0]
    assert store._con.execute(setting).fetchone() == default
    assert store.counts()["documents"] == 200
    assert "needs more memory to write than store_memory_mb = 1" in caplog.text
    assert "raising the cap to 2 MB" in caplog.text
    more = [make_coded(f"Page {i}. " + "Another long sentence. " * 40, {}) for i in range(200)]
    store.write_batch(more)  # uncapped, not yet folded into the file: DuckDB holds it
    with store.memory_limit(1):  # DuckDB holds more already: no cap, and a warning
        assert store._con.execute(setting).fetchone() == default
    assert "already holds more than store_memory_mb = 1" in caplog.text


def test_a_capped_run_folds_its_log_into_the_file_before_the_cap_is_lifted(
    store: Store, db_path: Path
) -> None:
    wal = Path(f"{db_path}.wal")
    with store.memory_limit(64):
        store.write_batch([make_coded(f"Document {i} of the run.", {}) for i in range(50)])
        assert wal.exists() and wal.stat().st_size > 0
    assert not wal.exists() or wal.stat().st_size == 0  # closing has nothing left to fold in


def test_at_most_max_readers_read_at_once_and_nested_reads_never_wait(db_path: Path) -> None:
    import threading

    with Store(db_path) as store:
        store.write_batch([make_coded("General Munir met Blinken.", {})])
    with Store(db_path, read_only=True, max_readers=2) as store:
        holding, release, third_in = threading.Barrier(3), threading.Event(), threading.Event()

        def hold() -> None:
            with store.reading():
                holding.wait(timeout=60)
                release.wait(timeout=60)

        def third() -> None:
            with store.reading():
                third_in.set()

        holders = [threading.Thread(target=hold) for _ in range(2)]
        for thread in holders:
            thread.start()
        holding.wait(timeout=60)  # two readers hold cursors
        waiting = threading.Thread(target=third)
        waiting.start()
        assert not third_in.wait(0.5)  # the third waits its turn
        release.set()
        assert third_in.wait(60)
        for thread in [*holders, waiting]:
            thread.join()
        with store.reading(), store.reading():  # nested in one thread: no wait
            assert store.counts()["documents"] == 1
    with Store(db_path, read_only=True, max_readers=1) as store, store.reading():
        assert store.counts()["documents"] == 1  # would deadlock if nested reads waited
