"""The event record's column table (legation.record): what is derived from it agrees with the
store's migrated schema, and no schema field is spelled anywhere else."""

from __future__ import annotations

import ast
from pathlib import Path

import duckdb

import legation
from legation.model import Document, Event
from legation.record import COLUMNS, DUCKDB_TYPES, EXPORTED, RECORD_KEYS, STORED, flatten
from legation.store import Store
from legation.store.rows import _event_from_row, event_row, event_schema
from tests.builders import RECORD_FIELDS, make_document
from tests.builders import make_event as build_event

PACKAGE = Path(legation.__file__).parent


def make_event() -> Event:
    return build_event(make_document("General Munir met Antony Blinken on Wednesday."))


def _columns(con: duckdb.DuckDBPyConnection, table: str) -> dict[str, tuple[str, bool]]:
    rows = con.execute(
        "SELECT column_name, data_type, is_nullable FROM duckdb_columns() WHERE table_name = ?",
        [table],
    ).fetchall()
    return {name: (kind, not nullable) for name, kind, nullable in rows}


def _table_columns() -> dict[str, tuple[str, bool]]:
    return {c.name: (DUCKDB_TYPES[c.kind], c.required) for c in STORED}


def test_migrated_store_has_the_table_columns() -> None:
    with Store(":memory:") as store, store.reading() as cursor:
        assert _columns(cursor, "events") == _table_columns()
        # made by CREATE TABLE AS (migration 0002), which keeps no NOT NULL constraint
        merged = {name: kind for name, (kind, _) in _columns(cursor, "merged_events").items()}
        assert merged == {name: kind for name, (kind, _) in _table_columns().items()}


def test_ddl_from_the_table_makes_the_migrated_columns() -> None:
    con = duckdb.connect()
    con.execute(f"CREATE TABLE derived ({', '.join(c.ddl() for c in STORED)})")
    assert _columns(con, "derived") == _table_columns()


def test_arrow_schema_and_rows_follow_the_table() -> None:
    row = event_row(make_event())
    assert list(row) == [c.name for c in STORED] == event_schema().names


def test_record_keys_are_the_design_fields() -> None:
    assert list(RECORD_KEYS) == RECORD_FIELDS
    assert list(make_event().to_record()) == RECORD_FIELDS


def test_stored_row_reads_back_as_the_event() -> None:
    event = make_event()
    row = {**event_row(event), **{f"doc_{k}": None for k in ("name", "title")}}
    assert _event_from_row(row) == event


def test_export_row_flattens_the_record() -> None:
    doc = Document.create("x", name="a.txt", outlet="Dawn")
    row = flatten(make_event().to_record(doc), EXPORTED)
    assert row["doc_name"] == "a.txt" and row["outlet"] == "Dawn"
    assert row["actor_name"] == "Syed Asim Munir" and row["sentence_index"] == 0
    assert row["amount_text"] is None and row["actors"].startswith('[{"text": ')
    assert "date_start" not in row and "actor_countries" not in row


def test_from_record_fills_defaults() -> None:
    record = make_event().to_record()
    for key in ("mode", "contexts", "negated", "confidence", "sources", "amount"):
        del record[key]
    event = Event.from_record(record)
    assert (event.contexts, event.negated, event.confidence, event.sources) == ((), False, 1, 1)


# --------------------------------------------------------------------------- one place


#: The names checked: every column and record key, less the fields read from the document
#: (the documents table's columns, a schema of their own) and two words every table and
#: type list uses ("id"; "date", also a column kind).
CHECKED = (
    ({c.name for c in COLUMNS} | set(RECORD_KEYS))
    - {c.name for c in COLUMNS if c.document}
    - {"id", "date"}
)

#: String literals equal to a checked name that are not the event schema: the other tables
#: of the store share some column names with the event record.
ALLOWED = {
    ("store/rows.py", "doc_id"): "the sentences table's column; a joined row's document id",
    ("store/rows.py", "coder"): "the documents table's coder column",
    ("store/parts.py", "doc_id"): "the sentences table's column",
    ("store/query.py", "doc_id"): "the failures and notes tables' column",
    ("store/merges.py", "actors"): "SQL over the stored JSON list of parties",
    ("store/merges.py", "recipients"): "SQL over the stored JSON list of parties",
    **{
        ("store/filters.py", flag): "a value of the `flag` filter (Flag, an API parameter)"
        for flag in ("hypothetical", "historical", "negated", "uncertain")
    },
}

#: The modules the event schema was written in before the table (model, store, export):
#: every column name or record key must come from legation.record there.
SCHEMA_MODULES = ("model.py", "export.py", "store")


def _literals(path: Path) -> list[tuple[str, int]]:
    tree = ast.parse(path.read_text(encoding="utf-8"))
    return [
        (node.value, node.lineno)
        for node in ast.walk(tree)
        if isinstance(node, ast.Constant) and isinstance(node.value, str)
    ]


def test_no_schema_field_is_spelled_outside_the_table() -> None:
    found = []
    for top in SCHEMA_MODULES:
        for path in sorted((PACKAGE / top).rglob("*.py")) if top == "store" else [PACKAGE / top]:
            module = path.relative_to(PACKAGE).as_posix()
            found += [
                f"{module}:{line}: {value!r}"
                for value, line in _literals(path)
                if value in CHECKED and (module, value) not in ALLOWED
            ]
    assert not found, "spell these with legation.record's columns:\n" + "\n".join(found)


def test_flattened_columns_are_spelled_in_the_table_alone() -> None:
    """The column names that are no record key (``sentence_text``, ``actor_countries``,
    ``date_start``, …) appear as literals nowhere else in the package."""
    flat = {c.name for c in COLUMNS} - set(RECORD_KEYS)
    found = [
        f"{path.relative_to(PACKAGE)}:{line}: {value!r}"
        for path in sorted(PACKAGE.rglob("*.py"))
        if path.name != "record.py"
        for value, line in _literals(path)
        if value in flat
    ]
    assert not found, "\n".join(found)


def test_allow_list_is_needed() -> None:
    for module, value in ALLOWED:
        assert value in CHECKED
        assert value in {v for v, _ in _literals(PACKAGE / module)}, (module, value)
