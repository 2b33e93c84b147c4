"""Named schema migrations: applied in order, recorded in the ``migrations`` table.

Never edit a published migration; add the next one (``0002_...``) to :data:`MIGRATIONS`.
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Sequence
from datetime import UTC, datetime
from typing import TypeAlias

import duckdb

from ..errors import StoreError

log = logging.getLogger(__name__)

#: One step of a migration: an SQL statement, or a function of the connection (for steps
#: that depend on what the store holds).
Step: TypeAlias = "str | Callable[[duckdb.DuckDBPyConnection], None]"

_INITIAL = (
    """CREATE TABLE documents (
        id VARCHAR PRIMARY KEY,
        name VARCHAR NOT NULL,
        title VARCHAR,
        url VARCHAR,
        outlet VARCHAR,
        published DATE,
        published_source VARCHAR,
        source VARCHAR,
        text VARCHAR NOT NULL,
        n_sentences INTEGER NOT NULL,
        n_events INTEGER NOT NULL,
        coded_at TIMESTAMP NOT NULL,
        coder VARCHAR,
        legation_version VARCHAR
    )""",
    """CREATE TABLE sentences (
        doc_id VARCHAR NOT NULL,
        idx INTEGER NOT NULL,
        start_char INTEGER NOT NULL,
        end_char INTEGER NOT NULL,
        text VARCHAR NOT NULL,
        PRIMARY KEY (doc_id, idx)
    )""",
    """CREATE TABLE events (
        id VARCHAR PRIMARY KEY,
        doc_id VARCHAR NOT NULL,
        sentence_index INTEGER NOT NULL,
        sentence_start INTEGER NOT NULL,
        sentence_end INTEGER NOT NULL,
        sentence_text VARCHAR NOT NULL,
        event_type VARCHAR NOT NULL,
        mode VARCHAR,
        contexts VARCHAR[] NOT NULL,
        cameo VARCHAR,
        goldstein DOUBLE,
        plover_score DOUBLE,
        quad_class INTEGER,
        actors JSON NOT NULL,
        recipients JSON NOT NULL,
        actor_text VARCHAR,
        actor_name VARCHAR,
        actor_role VARCHAR,
        actor_country VARCHAR,
        actor_sector VARCHAR,
        actor_code VARCHAR,
        recipient_text VARCHAR,
        recipient_name VARCHAR,
        recipient_role VARCHAR,
        recipient_country VARCHAR,
        recipient_sector VARCHAR,
        recipient_code VARCHAR,
        actor_countries VARCHAR[] NOT NULL,
        actor_codes VARCHAR[] NOT NULL,
        recipient_countries VARCHAR[] NOT NULL,
        recipient_codes VARCHAR[] NOT NULL,
        date VARCHAR,
        date_start DATE,
        date_precision VARCHAR NOT NULL,
        location VARCHAR,
        amount JSON,
        amount_text VARCHAR,
        amount_value DOUBLE,
        amount_currency VARCHAR,
        negated BOOLEAN NOT NULL,
        hypothetical BOOLEAN NOT NULL,
        historical BOOLEAN NOT NULL,
        trigger_text VARCHAR NOT NULL,
        trigger_start INTEGER NOT NULL,
        trigger_end INTEGER NOT NULL,
        rule VARCHAR NOT NULL,
        confidence DOUBLE NOT NULL,
        coder VARCHAR NOT NULL,
        sources INTEGER NOT NULL
    )""",
    """CREATE TABLE failures (
        source VARCHAR NOT NULL,
        stage VARCHAR NOT NULL,
        reason VARCHAR NOT NULL,
        doc_id VARCHAR,
        first_seen TIMESTAMP NOT NULL,
        last_seen TIMESTAMP NOT NULL,
        count INTEGER NOT NULL,
        PRIMARY KEY (source, stage, reason)
    )""",
)

# Cross-document de-duplication (legation.dedup): an event absorbed into another moves,
# row and all, from ``events`` to ``merged_events`` (same columns); ``merges`` records which
# canonical event absorbed it; ``merge_splits`` keeps pairs a user pulled apart
# (``legation unmerge``) from being merged again. Undoing a merge moves the rows back.
_DEDUP = (
    """CREATE TABLE merges (
        event_id VARCHAR PRIMARY KEY,
        canonical_id VARCHAR NOT NULL,
        merged_at TIMESTAMP NOT NULL,
        rule VARCHAR NOT NULL
    )""",
    "CREATE TABLE merged_events AS SELECT * FROM events LIMIT 0",
    """CREATE TABLE merge_splits (
        event_a VARCHAR NOT NULL,
        event_b VARCHAR NOT NULL,
        split_at TIMESTAMP NOT NULL,
        PRIMARY KEY (event_a, event_b)
    )""",
    "CREATE INDEX merges_canonical ON merges (canonical_id)",
)

# What ingest dropped or normalised without refusing anything (legation.model.Note): one row
# per source, kind and detail, with first/last seen and a count, as in ``failures``.
_NOTES = (
    """CREATE TABLE notes (
        source VARCHAR NOT NULL,
        kind VARCHAR NOT NULL,
        detail VARCHAR NOT NULL,
        doc_id VARCHAR,
        first_seen TIMESTAMP NOT NULL,
        last_seen TIMESTAMP NOT NULL,
        count INTEGER NOT NULL,
        PRIMARY KEY (source, kind, detail)
    )""",
)


def _without_primary_key(table: str) -> Callable[[duckdb.DuckDBPyConnection], None]:
    """Rebuild ``table`` with the same columns and NOT NULL constraints, without its primary
    key (DuckDB cannot drop a constraint)."""

    def rebuild(con: duckdb.DuckDBPyConnection) -> None:
        required = con.execute(
            "SELECT column_name FROM duckdb_columns() WHERE table_name = ? AND NOT is_nullable "
            "ORDER BY column_index",
            [table],
        ).fetchall()
        con.execute(f"CREATE TABLE legation_rebuilt AS FROM {table}")
        for (column,) in required:
            con.execute(f'ALTER TABLE legation_rebuilt ALTER COLUMN "{column}" SET NOT NULL')
        con.execute(f"DROP TABLE {table}")
        con.execute(f"ALTER TABLE legation_rebuilt RENAME TO {table}")

    return rebuild


# The primary keys of ``sentences`` and ``events`` are ART indexes that DuckDB holds in memory
# and grows with every row written (about 1 MB per 1,000 documents: a writer's memory grew
# with the store, 1 GB per million documents). Writes never needed them: a document's
# sentences and events are written only with the document itself, in the same transaction,
# and only when the document is not stored yet (``Store._fresh``), each row once.
_UNKEYED = (_without_primary_key("sentences"), _without_primary_key("events"))

# Events under the run's confidence threshold (``min_confidence``) are flagged, not current.
_UNCERTAIN = tuple(
    f"ALTER TABLE {table} ADD COLUMN uncertain BOOLEAN NOT NULL DEFAULT FALSE"
    for table in ("events", "merged_events")
)

#: Schema changes, applied in this order and recorded by name. Never edit a published one:
#: add the next (``0006_...``). The ``events`` columns a store ends with are those of
#: :data:`legation.record.STORED` (a test checks it): a new event column goes into that table
#: and gets a migration (``ADD COLUMN`` with :meth:`~legation.record.Column.ddl`) that adds
#: it to ``events`` and ``merged_events`` both. (A store made while ``0005_uncertain`` was
#: the third gets 0003 and 0004 after it: the rebuild keeps every column.)
MIGRATIONS: tuple[tuple[str, tuple[Step, ...]], ...] = (
    ("0001_initial", _INITIAL),
    ("0002_dedup", _DEDUP),
    ("0003_notes", _NOTES),
    ("0004_unkeyed_rows", _UNKEYED),
    ("0005_uncertain", _UNCERTAIN),
)


def migrate(
    con: duckdb.DuckDBPyConnection,
    migrations: Sequence[tuple[str, Sequence[Step]]] = MIGRATIONS,
    *,
    before_commit: Callable[[str], None] | None = None,
) -> list[str]:
    """Apply the migrations not yet recorded, in order, each in its own transaction.

    Returns the names applied (empty when the store is up to date). ``before_commit`` is
    called with each name before its transaction commits (the crash-test hook)."""
    con.execute(
        "CREATE TABLE IF NOT EXISTS migrations (name VARCHAR PRIMARY KEY, applied_at TIMESTAMP)"
    )
    done = {row[0] for row in con.execute("SELECT name FROM migrations").fetchall()}
    applied = [name for name, _ in migrations if name not in done]
    for name, statements in migrations:
        if name not in done:
            _apply(con, name, statements, before_commit or _nothing)
    return applied


def _nothing(name: str) -> None:
    pass


def _apply(
    con: duckdb.DuckDBPyConnection,
    name: str,
    statements: Sequence[Step],
    before_commit: Callable[[str], None],
) -> None:
    con.begin()
    try:
        for statement in statements:
            if isinstance(statement, str):
                con.execute(statement)
            else:
                statement(con)
        con.execute("INSERT INTO migrations VALUES (?, ?)", [name, now()])
        before_commit(name)
        con.commit()
    except duckdb.Error as exc:
        con.rollback()
        raise StoreError(f"migration {name} failed: {exc}; the store was left as it was") from exc
    log.info("applied store migration %s", name)


def check_schema(con: duckdb.DuckDBPyConnection, path: str) -> None:
    tables = {row[0] for row in con.execute("SELECT table_name FROM duckdb_tables()").fetchall()}
    done: set[str] = set()
    if "migrations" in tables:
        done = {row[0] for row in con.execute("SELECT name FROM migrations").fetchall()}
    pending = [name for name, _ in MIGRATIONS if name not in done]
    if pending:
        raise StoreError(
            f"the store {path} needs upgrading ({', '.join(pending)}); open it once for "
            "writing (any legation command that codes documents) and try again"
        )


def now() -> datetime:
    return datetime.now(UTC).replace(tzinfo=None)
