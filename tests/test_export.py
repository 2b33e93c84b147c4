"""Export: JSONL is the public event record; CSV and Parquet carry the same fields flattened."""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Iterator
from datetime import date
from pathlib import Path
from typing import Any

import pyarrow.parquet as pq
import pytest

from legation.errors import ExportError
from legation.export import COLUMN_NAMES, FORMATS, export, flatten, parquet_schema, write_records
from legation.model import (
    Actor,
    Amount,
    CodedDocument,
    Context,
    DatePrecision,
    Document,
    Event,
    PloverType,
    Sector,
    Sentence,
    Span,
)
from legation.store import EventQuery, Store
from tests.builders import RECORD_FIELDS

MUNIR = Actor(
    "General Munir", "Syed Asim Munir", "Chief of Army Staff", "PAK", Sector.MIL, "PAKMIL"
)
BLINKEN = Actor(
    "Antony J Blinken", "Antony Blinken", "Secretary of State", "USA", Sector.GOV, "USAGOV"
)


def coded(text: str, **changes: Any) -> CodedDocument:
    doc = Document.create(
        text,
        name="dawn-1.txt",
        title="COAS in Washington",
        outlet="Dawn",
        url="https://www.dawn.com/news/1",
        published=date(2023, 12, 15),
    )
    sentence = Sentence(0, doc.text, 0, len(doc.text))
    event = Event(
        doc_id=doc.id,
        sentence=sentence,
        event_type=PloverType.CONSULT,
        trigger=Span("met", 14, 17),
        rule="consult.meet_with",
        coder="rules.v1",
        actors=(MUNIR,),
        recipients=(BLINKEN,),
        mode="visit",
        contexts=(Context.MILITARY, Context.DIPLOMATIC),
        cameo="042",
        goldstein=1.9,
        plover_score=4.0,
        quad_class=1,
        date="2023-12-14",
        date_precision=DatePrecision.DAY,
        location="Washington",
        confidence=0.9,
    ).evolve(**changes)
    return CodedDocument(doc, [sentence], [], [event])


@pytest.fixture
def store(tmp_path: Path) -> Iterator[Store]:
    with Store(tmp_path / "legation.duckdb") as opened:
        opened.write_batch(
            [
                coded("General Munir met Antony J Blinken in Washington."),
                coded(
                    "Washington asked Islamabad for $1.2 billion.",
                    event_type=PloverType.REQUEST,
                    actors=(BLINKEN,),
                    recipients=(),
                    contexts=(),
                    hypothetical=True,
                    amount=Amount("$1.2 billion", 1.2e9, "USD"),
                    date=None,
                ),
            ]
        )
        yield opened


def originals(store: Store) -> dict[str, tuple[Event, Document]]:
    found = {}
    for stored in store.events(None, include_noncurrent=True, with_text=True):
        found[stored.event.id] = (stored.event, stored.document)
    return found


# --------------------------------------------------------------------------- JSONL


def test_jsonl_lines_are_the_event_record_and_round_trip(store: Store, tmp_path: Path) -> None:
    out = tmp_path / "events.jsonl"
    assert export(store, "jsonl", out) == 2
    lines = [json.loads(line) for line in out.read_text("utf-8").splitlines()]
    assert len(lines) == 2
    known = originals(store)
    for record in lines:
        assert list(record) == RECORD_FIELDS
        event, document = known[record["id"]]
        assert Event.from_record(record) == event
        assert record == event.to_record(document)
    request = next(r for r in lines if r["event_type"] == "REQUEST")
    assert request["amount"] == {"text": "$1.2 billion", "value": 1.2e9, "currency": "USD"}
    assert request["hypothetical"] is True and request["recipients"] == []


def test_jsonl_to_stdout(store: Store, capsys: pytest.CaptureFixture[str]) -> None:
    assert export(store, "jsonl") == 2
    assert len(capsys.readouterr().out.splitlines()) == 2


def test_export_query_filters(store: Store) -> None:
    stream = io.StringIO()
    assert export(store, "jsonl", stream, query=EventQuery(dyad="PAK-USA")) == 1
    assert json.loads(stream.getvalue())["event_type"] == "CONSULT"


# --------------------------------------------------------------------------- flattening


def test_flat_columns_carry_every_record_field(store: Store) -> None:
    record = next(store.iter_records())
    row = flatten(record)
    assert list(row) == list(COLUMN_NAMES)
    for key in record:
        assert key in COLUMN_NAMES or any(
            c.startswith(key[:-1] if key.endswith("s") else key) for c in COLUMN_NAMES
        ), key
    for part in ("index", "text", "start", "end"):
        assert row[f"sentence_{part}"] == record["sentence"][part]
    for part in ("text", "start", "end"):
        assert row[f"trigger_{part}"] == record["trigger"][part]
    assert json.loads(row["actors"]) == record["actors"]
    assert (row["actor_name"], row["actor_country"], row["actor_code"]) == (
        "Syed Asim Munir",
        "PAK",
        "PAKMIL",
    )
    assert row["recipient_sector"] == "GOV"


def test_flatten_handles_missing_parties_and_amount() -> None:
    record = coded("x met y.", actors=(), recipients=(), amount=None).events[0].to_record()
    row = flatten(record)
    assert row["actors"] == "[]" and row["actor_name"] is None
    assert row["amount_text"] is None and row["amount_value"] is None


# --------------------------------------------------------------------------- CSV


def test_csv_has_the_documented_columns(store: Store, tmp_path: Path) -> None:
    out = tmp_path / "events.csv"
    assert export(store, "csv", out) == 2
    with out.open(encoding="utf-8", newline="") as handle:
        reader = csv.DictReader(handle)
        assert tuple(reader.fieldnames or ()) == COLUMN_NAMES
        rows = list(reader)
    consult = next(r for r in rows if r["event_type"] == "CONSULT")
    assert consult["contexts"] == "military;diplomatic"
    assert consult["negated"] == "false" and consult["published"] == "2023-12-15"
    assert consult["actor_code"] == "PAKMIL" and consult["recipient_name"] == "Antony Blinken"
    request = next(r for r in rows if r["event_type"] == "REQUEST")
    assert request["amount_value"] == "1200000000.0" and request["amount_currency"] == "USD"
    assert request["hypothetical"] == "true" and request["date"] == ""


# --------------------------------------------------------------------------- Parquet


def test_parquet_has_the_documented_columns_and_types(store: Store, tmp_path: Path) -> None:
    out = tmp_path / "events.parquet"
    assert export(store, "parquet", out, batch_size=1) == 2
    table = pq.read_table(out)
    assert tuple(table.column_names) == COLUMN_NAMES
    assert table.schema.equals(parquet_schema())
    rows = {r["event_type"]: r for r in table.to_pylist()}
    assert rows["CONSULT"]["contexts"] == ["military", "diplomatic"]
    assert rows["CONSULT"]["published"] == date(2023, 12, 15)
    assert rows["REQUEST"]["amount_value"] == 1.2e9 and rows["REQUEST"]["contexts"] == []


def test_parquet_needs_a_file(store: Store) -> None:
    with pytest.raises(ExportError, match="parquet cannot go to standard output"):
        export(store, "parquet")


# --------------------------------------------------------------------------- safety


def test_unknown_format_lists_the_options(store: Store, tmp_path: Path) -> None:
    with pytest.raises(ExportError, match="choose one of: jsonl, csv, parquet"):
        export(store, "xlsx", tmp_path / "x.xlsx")
    assert FORMATS == ("jsonl", "csv", "parquet")


def test_missing_folder(store: Store, tmp_path: Path) -> None:
    with pytest.raises(ExportError, match="does not exist"):
        export(store, "csv", tmp_path / "nope" / "events.csv")


@pytest.mark.parametrize("fmt", FORMATS)
def test_failed_export_leaves_no_partial_file(fmt: str, store: Store, tmp_path: Path) -> None:
    out = tmp_path / f"events.{fmt}"
    out.write_text("previous export")
    good = next(store.iter_records())

    def broken() -> Iterator[dict[str, Any]]:
        yield good
        raise RuntimeError("worker died")

    with pytest.raises(RuntimeError, match="worker died"):
        write_records(broken(), fmt, out, batch_size=1)
    assert out.read_text() == "previous export"
    assert [p.name for p in tmp_path.iterdir() if p.name.startswith(".")] == []


def test_successful_export_leaves_no_temp_file(store: Store, tmp_path: Path) -> None:
    folder = tmp_path / "out"
    folder.mkdir()
    export(store, "jsonl", folder / "events.jsonl")
    assert [p.name for p in folder.iterdir()] == ["events.jsonl"]


@pytest.mark.parametrize("fmt", FORMATS)
def test_exports_get_the_mode_of_a_new_file(fmt: str, store: Store, tmp_path: Path) -> None:
    """0666 less the umask (0644 under 022), as any new file; not mkstemp's 0600."""
    import os
    import stat

    old = os.umask(0o022)
    try:
        export(store, fmt, tmp_path / f"events.{fmt}")
        os.umask(0o027)
        export(store, fmt, tmp_path / f"group.{fmt}")
    finally:
        os.umask(old)
    assert stat.S_IMODE((tmp_path / f"events.{fmt}").stat().st_mode) == 0o644
    assert stat.S_IMODE((tmp_path / f"group.{fmt}").stat().st_mode) == 0o640
