"""The fault suite: one folder holding every bad input Legation is known to meet, beside good
documents, coded end to end by `legation code`.

Every good document is coded; every bad one is a failure with a reason that says what to do;
what was dropped or changed without refusing anything is a stored note; nothing raises (the
CLI runs with exceptions propagating, so a traceback fails the test); a re-run adds nothing.
The runs that need no model (a corpus of bad files only, or of stored documents) start none.
"""

from __future__ import annotations

import json
import os
from pathlib import Path
from typing import Any

import duckdb
import pytest
from click.testing import CliRunner, Result

import legation
from legation.app.cli import main
from legation.config import Config
from legation.model import CodedDocument, Document
from legation.runner import run_dask, run_local
from legation.store import Store

pytestmark = pytest.mark.slow

VISIT = (
    "WASHINGTON, Dec 15, 2023 — Pakistan's Chief of Army Staff General Syed Asim Munir met "
    "Secretary of State Antony Blinken and Secretary of Defense Lloyd Austin on Thursday. "
    "They discussed regional security and counterterrorism cooperation, officials said."
)
CALL = (
    "ISLAMABAD, Jan 9, 2024 (Reuters) - Prime Minister Shehbaz Sharif telephoned Secretary of "
    "State Antony Blinken on Tuesday to discuss the situation in Afghanistan, his office said."
)
MAX_BYTES = 200_000


def text(n: int) -> str:
    """A distinct good English news text."""
    return f"{CALL} Story {n} of the fault suite."


def html_page(body: str, title: str) -> str:
    return f"<html><head><title>{title}</title></head><body>{body}</body></html>"


def nest(inner: str, depth: int) -> str:
    return "<div>" * depth + inner + "</div>" * depth


def build(folder: Path) -> dict[str, Any]:
    """Write the fault folder; returns what each entry must become."""
    folder.mkdir()
    good: dict[str, str] = {}  # document source -> what its text must contain
    bad: dict[str, str] = {}  # failure source -> a phrase of its reason
    notes: set[tuple[str, str]] = set()  # (source, kind)

    def put(name: str, content: str | bytes) -> Path:
        path = folder / name
        (path.write_bytes if isinstance(content, bytes) else path.write_text)(content)  # type: ignore[operator]
        return path

    good[str(put("visit.txt", VISIT))] = "Asim Munir met"
    good[str(put("page.html", html_page(f"<article><p>{text(1)}</p></article>", "Call")))] = (
        "Story 1"
    )
    good[str(put("deep.html", html_page(nest(f"<p>{text(2)}</p>", 300), "Deep")))] = "Story 2"
    deeper = put("deeper.html", html_page(nest(f"<p>{text(3)}</p>", 3000), "Deeper"))
    good[str(deeper)] = "Story 3"
    notes.add((str(deeper), "html"))
    early = put("nul-early.txt", ("\x00" + text(4)).encode())
    filler = "The talks covered trade, security and the economy, officials said. " * 150
    late = put("nul-late.txt", (text(5) + " " + filler + "\x00 End.").encode())
    good |= {str(early): "Story 4", str(late): "Story 5"}
    notes |= {(str(early), "characters"), (str(late), "characters")}
    good[str(put("cp1252.txt", (text(6) + " Café talks.").encode("cp1252")))] = "Café"
    good[str(put("utf16.txt", text(7).encode("utf-16")))] = "Story 7"

    bad[str(put("empty.txt", ""))] = "empty document"
    bad[str(put("binary.txt", b"\x89PNG\r\n\x1a\n" + bytes(range(256)) * 8))] = "binary file"
    bad[str(put("noise.txt", bytes(range(128, 256)) * 4 + b"\x81\x8d\x8f"))] = "encoding"
    bad[str(put("broken.html", "<html><head><title></title></head><body></body>"))] = (
        "no article text"
    )
    bad[str(put("big.txt", VISIT + " Filler." * 40_000))] = "max_file_bytes"
    french = (
        "Le chef de l'armée du Pakistan a rencontré le secrétaire d'État des États-Unis à "
        "Washington pour discuter de la coopération et de la sécurité dans la région, a dit "
        "le ministère."
    )
    bad[str(put("french.txt", french))] = "non-English text (detected: fr)"
    (folder / "dangling.txt").symlink_to(folder / "gone.txt")
    bad[str(folder / "dangling.txt")] = "broken link"
    (folder / "loop.txt").symlink_to(folder / "loop.txt")
    bad[str(folder / "loop.txt")] = "link leads back to itself"
    os.mkfifo(folder / "pipe.txt")
    bad[str(folder / "pipe.txt")] = "a named pipe"

    notes.add((str(put("report.pdf", b"%PDF-1.4 not read")), "skipped_file"))
    (folder / "sub").mkdir()
    good[str(put("sub/nested.md", text(8)))] = "Story 8"
    (folder / "sub" / "up").symlink_to(folder, target_is_directory=True)
    notes.add((str(folder / "sub" / "up"), "skipped_file"))

    records = folder / "records.jsonl"
    lines: list[str] = [
        json.dumps({"id": "j1", "text": text(10), "published": "2024-01-09", "author": "A"}),
        '{"id": "j2", "text": "broken',
        json.dumps(["not", "an", "object"]),
        json.dumps({"id": "j4", "title": "no text"}),
        json.dumps({"id": "j5", "text": text(11), "published": "yesterday"}),
        json.dumps(
            {"id": "j6", "text": text(12), "published": "yesterday", "retrieved": "2024-01-10"}
        ),
        json.dumps({"id": "j7", "text": text(13), "title": {"en": "an object"}}),
        json.dumps({"id": "j8", "text": text(10)}),  # j1's text under another id
        json.dumps({"id": "j9", "text": "x" * (MAX_BYTES + 10)}),
        json.dumps({"id": "j10", "text": text(14) + "\u0000\ud800"}),
        "[" * 50_000 + "]" * 50_000,
        json.dumps({"id": "j1", "text": text(15)}),  # j1's id with other text
    ]
    put("records.jsonl", "\n".join(lines) + "\n")
    for n, key in ((1, "j1"), (5, "j5"), (6, "j6"), (7, "j7"), (10, "j10")):
        good[f"{records}:{n}"] = {"j1": "Story 10", "j5": "Story 11", "j6": "Story 12",
                                  "j7": "Story 13", "j10": "Story 14"}[key]  # fmt: skip
    bad |= {
        f"{records}:2": "not valid JSON",
        f"{records}:3": "not a JSON object",
        f"{records}:4": "needs a non-empty 'text'",
        f"{records}:9": "max_file_bytes",
        f"{records}:11": "nested too deeply",
        f"{records}:12": "duplicate record id j1",
    }
    notes |= {
        (str(records), "field"),  # "author" is not read
        (f"{records}:5", "date"),
        (f"{records}:6", "date"),
        (f"{records}:7", "field"),
        (f"{records}:8", "duplicate"),
        (f"{records}:10", "characters"),
    }

    table = folder / "table.csv"
    rows = [
        "text,id,lang",
        f'"{text(20)}",c1,en',
        ",c2,en",
        f'"{"y" * (MAX_BYTES + 5)}",c3,en',
        f'"{text(21)}\x00",c4,en',
    ]
    put("table.csv", "\n".join(rows) + "\n")
    good |= {f"{table}:2": "Story 20", f"{table}:5": "Story 21"}
    bad |= {f"{table}:3": "needs a non-empty 'text'", f"{table}:4": "max_file_bytes"}
    notes |= {(str(table), "field"), (f"{table}:5", "characters")}
    return {"good": good, "bad": bad, "notes": notes}


@pytest.fixture()
def faults(tmp_path: Path) -> tuple[Path, Path, dict[str, Any]]:
    folder = tmp_path / "faults"
    expected = build(folder)
    config = tmp_path / "legation.toml"
    config.write_text(f"max_file_bytes = {MAX_BYTES}\n", encoding="utf-8")
    return folder, config, expected


def code(folder: Path, config: Path, db: Path, *extra: str) -> Result:
    args = ["--config", str(config), "code", str(folder), "--db", str(db), "-q", *extra]
    return CliRunner().invoke(main, args, catch_exceptions=False)  # an exception fails the test


def rows(db: Path) -> dict[str, Any]:
    con = duckdb.connect(str(db), read_only=True)
    try:
        return {
            "documents": dict(con.execute("SELECT source, text FROM documents").fetchall()),
            "parsed": dict(con.execute("SELECT source, n_sentences FROM documents").fetchall()),
            "sentences": con.execute("SELECT count(*) FROM sentences").fetchone(),
            "events": con.execute("SELECT count(*) FROM events").fetchone(),
            "failures": dict(con.execute("SELECT source, reason FROM failures").fetchall()),
            "notes": set(con.execute("SELECT source, kind FROM notes").fetchall()),
        }
    finally:
        con.close()


def test_every_fault_is_a_failure_or_a_note_and_every_good_document_is_coded(
    faults: tuple[Path, Path, dict[str, Any]], tmp_path: Path
) -> None:
    folder, config, expected = faults
    db = tmp_path / "faults.duckdb"
    first = code(folder, config, db)
    assert first.exit_code == 3, first.output
    assert "Traceback" not in first.output
    stored = rows(db)

    assert set(stored["documents"]) == set(expected["good"])
    for source, phrase in expected["good"].items():
        assert phrase in stored["documents"][source], source
        assert "\x00" not in stored["documents"][source]
        assert stored["parsed"][source] > 0, source  # coded: split into sentences
    assert stored["events"][0] > 0

    assert set(stored["failures"]) == set(expected["bad"])
    for source, phrase in expected["bad"].items():
        assert phrase in stored["failures"][source], (source, stored["failures"][source])
    assert stored["notes"] == expected["notes"]
    assert f"{len(expected['bad'])} failures" in first.output
    assert "notes:" in first.output and "duplicates of another document" in first.output

    again = code(folder, config, db)
    assert again.exit_code == 3, again.output
    assert f"Coded 0 documents ({len(expected['good'])} already in the store)" in again.output
    assert rows(db) == stored  # a re-run adds nothing

    with Store(db, read_only=True) as store:
        failures = {f.source: f for f in store.failures()}
        notes = {(n.source, n.kind): n for n in store.notes()}
    assert all(f.count == 2 for f in failures.values())  # seen twice, recorded once
    relative = notes[(f"{folder}/records.jsonl:5", "date")].detail
    assert "'yesterday' is relative" in relative and "no date to count from" in relative
    counted = notes[(f"{folder}/records.jsonl:6", "date")].detail
    assert "2024-01-10: 2024-01-09" in counted


def _bad_only(folder: Path) -> Path:
    folder.mkdir()
    (folder / "empty.txt").write_text("")
    (folder / "dangling.txt").symlink_to(folder / "gone.txt")
    (folder / "report.pdf").write_bytes(b"%PDF")
    (folder / "stored.txt").write_text(VISIT)  # stored beforehand: nothing left to code
    return folder


def _no_model(*args: Any, **kwargs: Any) -> Any:
    raise AssertionError("a language model was loaded with nothing to code")


@pytest.mark.parametrize("engine", ["local-1", "local-2", "dask"])
def test_nothing_to_code_loads_no_model_and_starts_no_worker(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, engine: str
) -> None:
    folder = _bad_only(tmp_path / "bad")
    monkeypatch.setattr(legation, "get_pipeline", _no_model)
    config = Config.default()
    with Store(tmp_path / "s.duckdb") as store:
        store.write_batch([CodedDocument(Document.create(VISIT, name="stored.txt"))])
        if engine == "dask":
            parts = tmp_path / "parts"
            summary = run_dask([folder], store, config, parts_dir=parts, workers=2)
        else:
            workers = int(engine.split("-")[1])
            summary = run_local([folder], store, None, config=config, workers=workers)
        assert summary.model_loaded is False and summary.skipped == 1
        assert {f.source for f in store.failures()} == {
            str(folder / "empty.txt"),
            str(folder / "dangling.txt"),
        }
        assert [n.source for n in store.notes()] == [str(folder / "report.pdf")]
    assert summary.notes == {"skipped_file": 1} and len(summary.failures) == 2
