"""The event record's columns: the one table the event schema is written in.

:data:`COLUMNS` lists every flat column of the public event record in record order, the
store's extra columns among them. Everything else is derived from it: the record's keys and
their order (:data:`RECORD_KEYS`, :meth:`legation.model.Event.to_record`), the columns of
CSV and Parquet exports (:data:`EXPORTED`), the ``events`` table's columns, their DuckDB and
Arrow types and the row written for an event (:data:`STORED`, :func:`flatten`), and the
record read back from a stored row (:func:`record_from_row`).

A nested object of the record (``sentence``, ``trigger``, ``amount``) is flattened to one
column per part, named ``<key>_<part>``; ``actors`` and ``recipients`` are JSON lists plus
the first party's fields (``actor_name``, …). Field names are part of the public interface:
add columns, never rename one. A new stored column also needs a migration
(:mod:`legation.store.migrations`, which may use :func:`Column.ddl`).
"""

from __future__ import annotations

import json
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from datetime import date
from typing import Any, Literal

#: What a column holds; each kind has one DuckDB type and one Arrow type per use.
Kind = Literal["str", "int", "float", "bool", "date", "list", "json"]

DUCKDB_TYPES: dict[Kind, str] = {
    "str": "VARCHAR",
    "int": "INTEGER",
    "float": "DOUBLE",
    "bool": "BOOLEAN",
    "date": "DATE",
    "list": "VARCHAR[]",
    "json": "JSON",
}

#: The fields of one actor or recipient that get a column of their own (first party only).
PARTY_FIELDS = ("text", "name", "role", "country", "sector", "code")


@dataclass(frozen=True, slots=True)
class Column:
    """One flat column of the event record.

    ``key`` is the record key the value comes from (the column's own name when empty) and
    ``part`` the key inside that record object; ``derive`` computes a store-only value from
    the record's ``key`` value. ``document`` names the :class:`~legation.model.Document`
    attribute a document field is read from. ``required`` columns are NOT NULL in the store."""

    name: str
    kind: Kind
    required: bool = False
    stored: bool = True
    exported: bool = True
    key: str = ""
    part: str | None = None
    derive: Callable[[Any], Any] | None = None
    document: str | None = None

    @property
    def source(self) -> str:
        """The record key this column's value is read from."""
        return self.key or self.name

    def value(self, record: Mapping[str, Any]) -> Any:
        """This column's value in ``record`` (an :meth:`Event.to_record` dict)."""
        value = record.get(self.source)
        if self.part is not None:
            value = (value or {}).get(self.part)
        return self.derive(value) if self.derive else value

    def ddl(self) -> str:
        """The column's definition in ``CREATE TABLE`` or ``ADD COLUMN``."""
        return f"{self.name} {DUCKDB_TYPES[self.kind]}{' NOT NULL' if self.required else ''}"


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


def _json_list(value: list[Any] | None) -> str:
    return json.dumps(value or [], ensure_ascii=False)


def _json_or_null(value: Any) -> str | None:
    return json.dumps(value, ensure_ascii=False) if value else None


def _document(name: str, kind: Kind = "str", attribute: str = "") -> Column:
    return Column(name, kind, stored=False, document=attribute or name)


def _parts(key: str, required: bool, **kinds: Kind) -> tuple[Column, ...]:
    return tuple(Column(f"{key}_{p}", k, required, key=key, part=p) for p, k in kinds.items())


def _parties(key: str) -> Column:
    """A JSON list of parties (its first party's fields follow both lists)."""
    return Column(key, "json", required=True, derive=_json_list)


def _first_party(key: str) -> tuple[Column, ...]:
    role = key.removesuffix("s")

    def field_of_first(part: str) -> Callable[[Any], Any]:
        return lambda parties: parties[0].get(part) if parties else None

    return tuple(
        Column(f"{role}_{part}", "str", key=key, derive=field_of_first(part))
        for part in PARTY_FIELDS
    )


def _every_party(key: str) -> tuple[Column, ...]:
    """Store only: every party's country and code, for fast filtering."""
    role = key.removesuffix("s")

    def every(part: str) -> Callable[[Any], Any]:
        return lambda parties: [p[part] for p in parties or () if p.get(part)]

    return tuple(
        Column(f"{role}_{plural}", "list", True, exported=False, key=key, derive=every(part))
        for part, plural in (("country", "countries"), ("code", "codes"))
    )


#: Every column of the event record, in record order; see the module docstring.
COLUMNS: tuple[Column, ...] = (
    Column("id", "str", required=True),
    Column("doc_id", "str", required=True),
    _document("doc_name", attribute="name"),
    _document("title"),
    _document("outlet"),
    _document("url"),
    _document("published", "date"),
    *_parts("sentence", True, index="int", text="str", start="int", end="int"),
    Column("event_type", "str", required=True),
    Column("mode", "str"),
    Column("contexts", "list", required=True),
    Column("cameo", "str"),
    Column("goldstein", "float"),
    Column("plover_score", "float"),
    Column("quad_class", "int"),
    _parties("actors"),
    _parties("recipients"),
    *_first_party("actors"),
    *_first_party("recipients"),
    *_every_party("actors"),
    *_every_party("recipients"),
    Column("date", "str"),
    Column("date_start", "date", exported=False, key="date", derive=date_start),
    Column("date_precision", "str", required=True),
    Column("location", "str"),
    Column("amount", "json", exported=False, derive=_json_or_null),
    *_parts("amount", False, text="str", value="float", currency="str"),
    Column("negated", "bool", required=True),
    Column("hypothetical", "bool", required=True),
    Column("historical", "bool", required=True),
    Column("uncertain", "bool", required=True),
    *_parts("trigger", True, text="str", start="int", end="int"),
    Column("rule", "str", required=True),
    Column("confidence", "float", required=True),
    Column("coder", "str", required=True),
    Column("sources", "int", required=True),
)

#: The columns of the store's ``events`` (and ``merged_events``) table.
STORED: tuple[Column, ...] = tuple(c for c in COLUMNS if c.stored)
#: The columns of CSV and Parquet exports, in order.
EXPORTED: tuple[Column, ...] = tuple(c for c in COLUMNS if c.exported)
#: The keys of the public event record, in order.
RECORD_KEYS: tuple[str, ...] = tuple(dict.fromkeys(c.source for c in COLUMNS))
#: Record keys read from the event's document, with the document attribute each reads.
DOCUMENT_KEYS: dict[str, str] = {c.name: c.document for c in COLUMNS if c.document}


def flatten(record: Mapping[str, Any], columns: tuple[Column, ...]) -> dict[str, Any]:
    """The flat row of ``columns`` for one event record."""
    return {column.name: column.value(record) for column in columns}


_WHOLE = {c.name: c for c in STORED if not c.key}
_PARTS: dict[str, tuple[Column, ...]] = {
    key: tuple(c for c in STORED if c.key == key and c.part is not None)
    for key in RECORD_KEYS
    if key not in _WHOLE
}


def record_from_row(row: Mapping[str, Any]) -> dict[str, Any]:
    """The record of an event read back from a stored row, without its document's fields."""
    record: dict[str, Any] = {}
    for key in RECORD_KEYS:
        if key in _WHOLE:
            value = row[key]
            record[key] = (
                (json.loads(value) if value else None) if _WHOLE[key].kind == "json" else value
            )
        elif _PARTS.get(key):
            record[key] = {c.part: row[c.name] for c in _PARTS[key]}
    return record
