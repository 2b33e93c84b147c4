"""Model objects to table rows and back, and the Arrow schemas batches are written with."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import datetime
from typing import TYPE_CHECKING, Any

import duckdb

from ..model import CodedDocument, Document, Event, Sentence
from ..record import STORED, flatten, record_from_row
from .query import StoredEvent

if TYPE_CHECKING:
    import pyarrow as pa

DOC_COLUMNS = ("name", "title", "url", "outlet", "published", "published_source", "source")


def legation_version() -> str | None:
    from importlib.metadata import PackageNotFoundError, version

    try:
        return version("legation")
    except PackageNotFoundError:
        return None


def document_row(
    coded: CodedDocument, coder: str | None, now: datetime, version: str | None
) -> dict[str, Any]:
    doc = coded.document
    return {
        "id": doc.id,
        "name": doc.name,
        "title": doc.title,
        "url": doc.url,
        "outlet": doc.outlet,
        "published": doc.published,
        "published_source": doc.published_source,
        "source": doc.source,
        "text": doc.text,
        "n_sentences": len(coded.sentences),
        "n_events": len(coded.events),
        "coded_at": now,
        "coder": coder or next((e.coder for e in coded.events), None),
        "legation_version": version,
    }


def sentence_row(doc_id: str, sentence: Sentence) -> dict[str, Any]:
    return {
        "doc_id": doc_id,
        "idx": sentence.index,
        "start_char": sentence.start,
        "end_char": sentence.end,
        "text": sentence.text,
    }


def event_row(event: Event) -> dict[str, Any]:
    return flatten(event.to_record(), STORED)


def column_names(cursor: duckdb.DuckDBPyConnection) -> list[str]:
    return [column[0] for column in cursor.description or ()]


def stream(cursor: duckdb.DuckDBPyConnection, batch_size: int) -> Iterator[StoredEvent]:
    names = column_names(cursor)
    while rows := cursor.fetchmany(batch_size):
        for row in rows:
            yield _stored_event(dict(zip(names, row, strict=True)))


def _stored_event(row: dict[str, Any]) -> StoredEvent:
    return StoredEvent(_event_from_row(row), document_from_row(row, prefix="doc_"))


def _event_from_row(row: dict[str, Any]) -> Event:
    return Event.from_record(record_from_row(row))


def document_from_row(row: dict[str, Any], prefix: str) -> Document:
    fields = {column: row[prefix + column] for column in DOC_COLUMNS}
    doc_id = row["doc_id"] if prefix else row["id"]
    return Document(id=doc_id, text=row[prefix + "text"] or "", **fields)


# --------------------------------------------------------------------------- arrow schemas


#: The ``documents`` table's columns in order, with their Arrow types' names (kept apart from
#: :func:`document_schema` so that SQL can name them without importing pyarrow).
DOCUMENT_FIELDS = (
    ("id", "string"),
    ("name", "string"),
    ("title", "string"),
    ("url", "string"),
    ("outlet", "string"),
    ("published", "date32"),
    ("published_source", "string"),
    ("source", "string"),
    ("text", "string"),
    ("n_sentences", "int32"),
    ("n_events", "int32"),
    ("coded_at", "timestamp"),
    ("coder", "string"),
    ("legation_version", "string"),
)


def document_schema() -> pa.Schema:
    import pyarrow as pa

    types = {
        "string": pa.string(),
        "int32": pa.int32(),
        "date32": pa.date32(),
        "timestamp": pa.timestamp("us"),
    }
    return pa.schema([(name, types[kind]) for name, kind in DOCUMENT_FIELDS])


def sentence_schema() -> pa.Schema:
    import pyarrow as pa

    s, i = pa.string(), pa.int32()
    return pa.schema([("doc_id", s), ("idx", i), ("start_char", i), ("end_char", i), ("text", s)])


def event_schema() -> pa.Schema:
    """The ``events`` table's columns (:data:`legation.record.STORED`) as Arrow types."""
    import pyarrow as pa

    types = {
        "str": pa.string(),
        "json": pa.string(),
        "int": pa.int32(),
        "float": pa.float64(),
        "bool": pa.bool_(),
        "date": pa.date32(),
        "list": pa.list_(pa.string()),
    }
    return pa.schema([(column.name, types[column.kind]) for column in STORED])
