"""Shard part files: what a distributed worker writes and the store loads.

A part (``part-<shard>.parquet``) holds the coded documents of one input shard, one row per
document: the ``documents`` columns, its ``sentences`` and ``events`` as lists of structs
(the columns of those tables), and the shard's failures as rows with ``failure_stage`` and
``failure_reason`` set. It is written to a temporary name and renamed into place, so a part
under its final name is always whole; loading one is idempotent (documents already stored
are left as they are, exactly like :meth:`Store.write_batch`). The temporary file of a worker
killed while writing is left behind; :func:`remove_unfinished` deletes such files.
"""

from __future__ import annotations

import os
import tempfile
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

from ..errors import StoreError
from ..model import CodedDocument, Failure
from .migrations import now
from .rows import (
    DOCUMENT_FIELDS,
    document_row,
    document_schema,
    event_row,
    event_schema,
    legation_version,
    sentence_row,
    sentence_schema,
)

if TYPE_CHECKING:
    import duckdb
    import pyarrow as pa

PART_PREFIX = "part-"
PART_SUFFIX = ".parquet"


def part_name(shard: str) -> str:
    return f"{PART_PREFIX}{shard}{PART_SUFFIX}"


def part_schema() -> pa.Schema:
    """Document columns, nested sentences and events, and the failure columns."""
    import pyarrow as pa

    sentence = pa.struct([f for f in sentence_schema() if f.name != "doc_id"])
    event = pa.struct(list(event_schema()))
    return pa.schema(
        [
            *document_schema(),
            ("sentences", pa.list_(sentence)),
            ("events", pa.list_(event)),
            ("failure_stage", pa.string()),
            ("failure_reason", pa.string()),
        ]
    )


def part_rows(
    coded: Sequence[CodedDocument], failures: Sequence[Failure], coder: str | None
) -> list[dict[str, Any]]:
    stamp, version = now(), legation_version()
    rows = [_coded_row(c, coder, stamp, version) for c in coded]
    rows.extend(_failure_row(f) for f in failures)
    return rows


def _coded_row(coded: CodedDocument, coder: str | None, stamp: Any, version: str | None) -> Any:
    row = document_row(coded, coder, stamp, version)
    doc_id = coded.document.id
    sentences = [sentence_row(doc_id, s) for s in coded.sentences]
    for sentence in sentences:
        del sentence["doc_id"]
    row["sentences"] = sentences
    row["events"] = [event_row(e) for e in coded.events]
    return row


def _failure_row(failure: Failure) -> dict[str, Any]:
    return {
        "id": failure.doc_id,
        "name": failure.source,
        "source": failure.source,
        "text": "",
        "sentences": [],
        "events": [],
        "failure_stage": failure.stage,
        "failure_reason": failure.reason,
    }


def write_part(
    path: Path,
    coded: Sequence[CodedDocument],
    failures: Sequence[Failure] = (),
    *,
    coder: str | None = None,
) -> Path:
    """Write one shard's part file by write-then-rename; returns ``path``."""
    import pyarrow as pa
    import pyarrow.parquet as pq

    table = pa.Table.from_pylist(part_rows(coded, failures, coder), schema=part_schema())
    fd, name = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".tmp")
    os.close(fd)
    try:
        pq.write_table(table, name, compression="zstd")
        os.replace(name, path)
    except BaseException:
        Path(name).unlink(missing_ok=True)
        raise
    return path


def remove_unfinished(folder: Path) -> int:
    """Delete the temporary files of part writes that never finished; returns how many.

    Only safe while no worker writes to ``folder``: a parts folder serves one store, and the
    store's lock lets one run at a time use it."""
    removed = 0
    for path in folder.glob(f".{PART_PREFIX}*{PART_SUFFIX}.*.tmp"):
        path.unlink(missing_ok=True)
        removed += 1
    return removed


_DOC_COLUMNS = ", ".join(name for name, _ in DOCUMENT_FIELDS)

_FRESH_ONCE = (
    "SELECT DISTINCT ON (id) id AS doc_id, sentences, events FROM legation_part "
    "WHERE failure_reason IS NULL AND id IN (SELECT id FROM legation_fresh)"
)

#: Statements that load the part registered as ``legation_part`` (documents not stored yet
#: only) and return nothing; run in one transaction.
_LOAD = (
    "CREATE OR REPLACE TEMP TABLE legation_fresh AS SELECT DISTINCT p.id FROM legation_part p "
    "WHERE p.failure_reason IS NULL AND p.id NOT IN (SELECT id FROM documents)",
    f"INSERT OR IGNORE INTO documents BY NAME SELECT DISTINCT ON (id) {_DOC_COLUMNS} "
    "FROM legation_part WHERE id IN (SELECT id FROM legation_fresh)",
    # each fresh document's rows once (these tables have no key to skip repeats: migration 0004)
    "INSERT INTO sentences BY NAME SELECT doc_id, unnest(sentences, recursive := true) "
    f"FROM ({_FRESH_ONCE})",
    "INSERT INTO events BY NAME SELECT DISTINCT ON (id) * FROM "
    f"(SELECT unnest(events, recursive := true) FROM ({_FRESH_ONCE}))",
)


@dataclass(frozen=True, slots=True)
class PartLoad:
    """What loading one part added (documents already stored add nothing)."""

    documents: int = 0
    sentences: int = 0
    events: int = 0
    failures: list[Failure] = field(default_factory=list)


_COUNTS = (
    "SELECT count(*), coalesce(sum(len(sentences)), 0), coalesce(sum(len(events)), 0) "
    "FROM legation_part WHERE id IN (SELECT id FROM legation_fresh)"
)


def load_part_into(con: duckdb.DuckDBPyConnection, path: Path) -> PartLoad:
    """Load one part's fresh documents with their sentences and events; the caller owns
    the transaction and records the failures."""
    import pyarrow.parquet as pq

    try:
        table = pq.read_table(path, schema=part_schema())
    except (OSError, ValueError) as exc:
        raise StoreError(f"cannot read the part file {path} ({exc}); delete it and re-run") from exc
    con.register("legation_part", table)
    try:
        for statement in _LOAD:
            con.execute(statement).fetchall()
        row = con.execute(_COUNTS).fetchall()[0]
    finally:
        con.unregister("legation_part")
    return PartLoad(int(row[0]), int(row[1]), int(row[2]), _failures(table))


def _failures(table: pa.Table) -> list[Failure]:
    columns = ("name", "failure_stage", "failure_reason", "id")
    failed = table.filter(table["failure_reason"].is_valid()).select(list(columns))
    return [
        Failure(row["name"], row["failure_stage"], row["failure_reason"], row["id"])
        for row in failed.to_pylist()
    ]
