"""Model objects to table rows and back, and the Arrow schemas batches are written with."""

from __future__ import annotations

import json
from collections.abc import Iterable, Iterator
from datetime import date, datetime
from typing import TYPE_CHECKING, Any

import duckdb

from ..model import CodedDocument, Document, Event, Sentence
from .query import StoredEvent

if TYPE_CHECKING:
    import pyarrow as pa

DOC_COLUMNS = ("name", "title", "url", "outlet", "published", "published_source", "source")
PARTY_FIELDS = ("text", "name", "role", "country", "sector", "code")


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
    rec = event.to_record()
    row: dict[str, Any] = {
        key: rec[key]
        for key in (
            "id",
            "doc_id",
            "event_type",
            "mode",
            "contexts",
            "cameo",
            "goldstein",
            "plover_score",
            "quad_class",
            "date",
            "date_precision",
            "location",
            "negated",
            "hypothetical",
            "historical",
            "uncertain",
            "rule",
            "confidence",
            "coder",
            "sources",
        )
    }
    row.update(_prefixed("sentence", rec["sentence"], ("index", "text", "start", "end")))
    row.update(_prefixed("trigger", rec["trigger"], ("text", "start", "end")))
    row.update(_party_columns("actor", rec["actors"]))
    row.update(_party_columns("recipient", rec["recipients"]))
    row.update(_amount_columns(rec["amount"]))
    row["date_start"] = date_start(event.date)
    return row


def _prefixed(prefix: str, values: dict[str, Any], keys: Iterable[str]) -> dict[str, Any]:
    return {f"{prefix}_{key}": values[key] for key in keys}


def _party_columns(role: str, parties: list[dict[str, Any]]) -> dict[str, Any]:
    """The JSON list, the first party's fields flattened, and every country and code."""
    first = parties[0] if parties else {}
    columns: dict[str, Any] = {f"{role}_{key}": first.get(key) for key in PARTY_FIELDS}
    columns[f"{role}s"] = json.dumps(parties, ensure_ascii=False)
    columns[f"{role}_countries"] = [p["country"] for p in parties if p.get("country")]
    columns[f"{role}_codes"] = [p["code"] for p in parties if p.get("code")]
    return columns


def _amount_columns(amount: dict[str, Any] | None) -> dict[str, Any]:
    amount = amount or {}
    return {
        "amount": json.dumps(amount, ensure_ascii=False) if amount else None,
        "amount_text": amount.get("text"),
        "amount_value": amount.get("value"),
        "amount_currency": amount.get("currency"),
    }


def date_start(value: str | None) -> date | None:
    """First day of an event date given as ``2023-12-14``, ``2023-12`` or ``2019``."""
    if not value:
        return None
    parts = value.split("-")
    try:
        if len(parts) == 1:
            return date(int(parts[0]), 1, 1)
        if len(parts) == 2:
            return date(int(parts[0]), int(parts[1]), 1)
        return date.fromisoformat(value[:10])
    except ValueError:
        return None


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
    return Event.from_record(
        {
            **row,
            "sentence": {
                "index": row["sentence_index"],
                "text": row["sentence_text"],
                "start": row["sentence_start"],
                "end": row["sentence_end"],
            },
            "trigger": {
                "text": row["trigger_text"],
                "start": row["trigger_start"],
                "end": row["trigger_end"],
            },
            "actors": json.loads(row["actors"]),
            "recipients": json.loads(row["recipients"]),
            "amount": json.loads(row["amount"]) if row["amount"] else None,
        }
    )


def document_from_row(row: dict[str, Any], prefix: str) -> Document:
    fields = {column: row[prefix + column] for column in DOC_COLUMNS}
    doc_id = row["doc_id"] if prefix else row["id"]
    return Document(id=doc_id, text=row[prefix + "text"] or "", **fields)


# --------------------------------------------------------------------------- arrow schemas


def document_schema() -> pa.Schema:
    import pyarrow as pa

    s, i, ts = pa.string(), pa.int32(), pa.timestamp("us")
    return pa.schema(
        [
            ("id", s),
            ("name", s),
            ("title", s),
            ("url", s),
            ("outlet", s),
            ("published", pa.date32()),
            ("published_source", s),
            ("source", s),
            ("text", s),
            ("n_sentences", i),
            ("n_events", i),
            ("coded_at", ts),
            ("coder", s),
            ("legation_version", s),
        ]
    )


def sentence_schema() -> pa.Schema:
    import pyarrow as pa

    s, i = pa.string(), pa.int32()
    return pa.schema([("doc_id", s), ("idx", i), ("start_char", i), ("end_char", i), ("text", s)])


def event_schema() -> pa.Schema:
    import pyarrow as pa

    s, i, f, b, ls = pa.string(), pa.int32(), pa.float64(), pa.bool_(), pa.list_(pa.string())
    party = [(f"{role}_{key}", s) for role in ("actor", "recipient") for key in PARTY_FIELDS]
    lists = [(f"{r}_{k}", ls) for r in ("actor", "recipient") for k in ("countries", "codes")]
    return pa.schema(
        [
            ("id", s),
            ("doc_id", s),
            ("sentence_index", i),
            ("sentence_start", i),
            ("sentence_end", i),
            ("sentence_text", s),
            ("event_type", s),
            ("mode", s),
            ("contexts", ls),
            ("cameo", s),
            ("goldstein", f),
            ("plover_score", f),
            ("quad_class", i),
            ("actors", s),
            ("recipients", s),
            *party,
            *lists,
            ("date", s),
            ("date_start", pa.date32()),
            ("date_precision", s),
            ("location", s),
            ("amount", s),
            ("amount_text", s),
            ("amount_value", f),
            ("amount_currency", s),
            ("negated", b),
            ("hypothetical", b),
            ("historical", b),
            ("trigger_text", s),
            ("trigger_start", i),
            ("trigger_end", i),
            ("rule", s),
            ("confidence", f),
            ("coder", s),
            ("sources", i),
            ("uncertain", b),
        ]
    )
