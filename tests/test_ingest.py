"""Ingest: files, folders and records to Documents, bad inputs to Failures that say what to do."""

from __future__ import annotations

import json
import logging
from datetime import date
from pathlib import Path

import pytest

from legation.config import Config
from legation.errors import IngestError
from legation.ingest import (
    IngestStats,
    decode_bytes,
    detect_language,
    find_dateline,
    iter_documents,
    iter_records,
    load_text,
    parse_date,
    url_date,
)
from legation.model import Document, Failure

DATA = Path(__file__).parent / "data" / "ingest"
ENGLISH = (
    "Pakistan's army chief met the US Secretary of State in Washington on Thursday to discuss "
    "bilateral cooperation and regional security, the military said in a statement."
)


@pytest.fixture(scope="module")
def config() -> Config:
    return Config.default()


def run(
    paths: list[Path], config: Config, stats: IngestStats | None = None
) -> list[Document | Failure]:
    return list(iter_documents(paths, config, stats))


def docs(results: list[Document | Failure]) -> list[Document]:
    return [r for r in results if isinstance(r, Document)]


def failures(results: list[Document | Failure]) -> list[Failure]:
    return [r for r in results if isinstance(r, Failure)]


def only_failure(path: Path, config: Config) -> Failure:
    results = run([path], config)
    assert len(results) == 1 and isinstance(results[0], Failure), results
    assert results[0].stage == "ingest"
    assert results[0].source == str(path)
    return results[0]


def write(tmp_path: Path, name: str, content: str | bytes) -> Path:
    path = tmp_path / name
    if isinstance(content, bytes):
        path.write_bytes(content)
    else:
        path.write_text(content, encoding="utf-8")
    return path


# --------------------------------------------------------------------------- plain text


def test_txt_file_is_one_document_with_dateline_date(config: Config) -> None:
    [doc] = run([DATA / "reuters.txt"], config)
    assert isinstance(doc, Document)
    assert doc.name == "reuters.txt"
    assert doc.source == str(DATA / "reuters.txt")
    assert doc.published == date(2023, 12, 15)
    assert doc.published_source == "dateline"
    assert doc.text.startswith("ISLAMABAD, Dec 15, 2023 (Reuters)")
    assert len(doc.id) == 64


def test_empty_file_is_a_failure(config: Config) -> None:
    failure = only_failure(DATA / "empty.txt", config)
    assert failure.reason.startswith("empty document")


def test_binary_file_with_txt_extension_is_a_failure(config: Config) -> None:
    failure = only_failure(DATA / "binary.txt", config)
    assert failure.reason.startswith("binary file")


def test_cp1252_file_is_decoded(config: Config) -> None:
    [doc] = run([DATA / "cp1252.txt"], config)
    assert isinstance(doc, Document)
    assert "café" in doc.text and "Pakistan’s délégation" in doc.text and "naïve" in doc.text


def test_latin1_file_is_decoded(tmp_path: Path, config: Config) -> None:
    path = write(tmp_path, "latin1.txt", (ENGLISH + " Señor Müller agreed.").encode("latin-1"))
    [doc] = run([path], config)
    assert isinstance(doc, Document)
    assert "Señor Müller" in doc.text


def test_utf8_bom_and_utf16_are_decoded(tmp_path: Path, config: Config) -> None:
    bom = write(tmp_path, "bom.txt", b"\xef\xbb\xbf" + ENGLISH.encode())
    utf16 = write(tmp_path, "utf16.txt", ("Third: " + ENGLISH).encode("utf-16"))
    first, second = run([bom, utf16], config)
    assert isinstance(first, Document) and first.text == ENGLISH
    assert isinstance(second, Document) and second.text.startswith("Third: Pakistan")


def test_oversized_file_names_the_limit_and_the_key(tmp_path: Path) -> None:
    path = write(tmp_path, "big.txt", ENGLISH * 3)
    failure = only_failure(path, Config.load(max_file_bytes=100))
    assert "over the limit of 100" in failure.reason
    assert "max_file_bytes" in failure.reason


def test_a_document_longer_than_the_model_takes_says_to_split_it(tmp_path: Path) -> None:
    text = ENGLISH + " " + "Pakistan and the United States held talks. " * 25_000
    path = write(tmp_path, "huge.txt", text)
    failure = only_failure(path, Config.default())
    assert "over the 1,000,000" in failure.reason and "split it" in failure.reason
    with pytest.raises(IngestError, match="split it"):
        load_text(text)
    [record] = list(iter_records([{"text": text}], Config.default()))
    assert isinstance(record, Failure) and "split it" in record.reason


def test_decode_bytes_refuses_undetectable_noise() -> None:
    text, reason = decode_bytes(b"\x00\x01\x02binary")
    assert text is None and reason.startswith("binary file")


# --------------------------------------------------------------------------- HTML


def test_html_main_text_and_metadata(config: Config) -> None:
    [doc] = run([DATA / "dawn.html"], config)
    assert isinstance(doc, Document)
    assert doc.title == "COAS meets Blinken in Washington"
    assert doc.outlet == "Dawn"
    assert doc.url == "https://www.dawn.com/news/1798133"
    assert doc.published == date(2023, 12, 15)
    assert doc.published_source == "html-meta"
    assert "General Syed Asim Munir met" in doc.text
    assert "do not extract" not in doc.text
    assert "Copyright" not in doc.text


def test_html_without_text_is_a_failure(config: Config) -> None:
    failure = only_failure(DATA / "broken.html", config)
    assert "no article text" in failure.reason


def test_malformed_html_with_text_falls_back(tmp_path: Path, config: Config) -> None:
    path = write(tmp_path, "tags.htm", f"<html><body><p>{ENGLISH}<b>unclosed <i>tags</p><div")
    [doc] = run([path], config)
    assert isinstance(doc, Document)
    assert "Secretary of State" in doc.text


# --------------------------------------------------------------------------- records


def test_jsonl_good_records_survive_bad_lines(
    config: Config, caplog: pytest.LogCaptureFixture
) -> None:
    path = DATA / "records.jsonl"
    with caplog.at_level(logging.WARNING, logger="legation.ingest"):
        results = run([path], config)
    good = docs(results)
    assert [d.name for d in good] == ["r1", f"{path}:5"]
    first = good[0]
    assert (first.title, first.url, first.outlet) == (
        "Pakistan, US agree",
        "https://example.org/r1",
        "APP",
    )
    assert (first.published, first.published_source) == (date(2023, 12, 18), "record")
    assert first.source == f"{path}:1"
    bad = {f.source: f.reason for f in failures(results)}
    assert set(bad) == {f"{path}:2", f"{path}:4", f"{path}:6"}
    assert bad[f"{path}:2"].startswith("not valid JSON")
    assert "non-empty 'text'" in bad[f"{path}:4"]
    assert "not a JSON object" in bad[f"{path}:6"]


def test_unparsable_record_date_is_left_empty_and_logged(
    config: Config, caplog: pytest.LogCaptureFixture
) -> None:
    with caplog.at_level(logging.WARNING, logger="legation.ingest"):
        results = run([DATA / "records.jsonl"], config)
    undated = docs(results)[1]
    assert undated.published is None and undated.published_source is None
    assert "not a date" in caplog.text


def test_csv_rows_and_row_without_text(config: Config) -> None:
    path = DATA / "records.csv"
    results = run([path], config)
    good = docs(results)
    assert [d.name for d in good] == ["c1", "c3"]
    assert good[1].published == date(2022, 9, 26)
    assert '"a productive meeting"' in good[1].text
    [failure] = failures(results)
    assert failure.source == f"{path}:3"
    assert "text" in failure.reason


def test_csv_without_text_column(tmp_path: Path, config: Config) -> None:
    path = write(tmp_path, "bad.csv", "id,body\n1,hello\n")
    failure = only_failure(path, config)
    assert "no 'text' column" in failure.reason and "id, body" in failure.reason


def test_record_longer_than_the_limit(tmp_path: Path) -> None:
    path = write(tmp_path, "big.jsonl", json.dumps({"text": ENGLISH * 5}) + "\n")
    [failure] = run([path], Config.load(max_file_bytes=200))
    assert isinstance(failure, Failure)
    assert failure.source == f"{path}:1" and "max_file_bytes" in failure.reason


def test_duplicate_record_id_with_different_text(tmp_path: Path, config: Config) -> None:
    lines = [{"id": "a1", "text": ENGLISH}, {"id": "a1", "text": ENGLISH + " More."}]
    path = write(tmp_path, "dup.jsonl", "\n".join(json.dumps(x) for x in lines))
    first, second = run([path], config)
    assert isinstance(first, Document)
    assert isinstance(second, Failure)
    assert second.reason.startswith("duplicate record id a1 with different text")
    assert f"{path}:1" in second.reason


def test_identical_text_under_two_names_is_one_document(tmp_path: Path, config: Config) -> None:
    write(tmp_path, "a.txt", ENGLISH)
    write(tmp_path, "b.txt", ENGLISH + "\n\n")
    stats = IngestStats()
    results = run([tmp_path], config, stats)
    assert [r.name for r in docs(results)] == ["a.txt"]
    assert stats.duplicates == 1 and stats.documents == 1


# --------------------------------------------------------------------------- language


def test_french_text_is_a_failure_unless_allowed(config: Config) -> None:
    failure = only_failure(DATA / "french.txt", config)
    assert failure.reason.startswith("non-English text (detected: fr)")
    assert "set languages in config" in failure.reason
    assert failure.doc_id is not None
    [doc] = run([DATA / "french.txt"], Config.load(languages=["en", "fr"]))
    assert isinstance(doc, Document)


def test_urdu_script_is_detected(config: Config) -> None:
    failure = only_failure(DATA / "urdu.txt", config)
    assert "detected: ar/ur/fa/ps" in failure.reason
    [doc] = run([DATA / "urdu.txt"], Config.load(languages=["en", "ur"]))
    assert isinstance(doc, Document)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (ENGLISH, "en"),
        ("Pakistan US talks", None),  # too short to judge
        (
            "Die Regierung in Islamabad hat sich mit den Vereinigten Staaten auf eine engere "
            "Zusammenarbeit geeinigt, wie das Außenministerium am Montag mitteilte und die "
            "Gespräche sollen im Januar fortgesetzt werden.",
            "de",
        ),
        (
            "El jefe del ejército de Pakistán se reunió con el secretario de Estado de los "
            "Estados Unidos en Washington para hablar de la cooperación y de la seguridad.",
            "es",
        ),
        ("Пакистан и США провели переговоры в Вашингтоне по вопросам безопасности", "ru/uk/bg/sr"),
    ],
)
def test_detect_language(text: str, expected: str | None) -> None:
    assert detect_language(text) == expected


# --------------------------------------------------------------------------- folders and paths


def test_folder_walk_is_sorted_recursive_and_skips_hidden(tmp_path: Path, config: Config) -> None:
    write(tmp_path, "b.txt", "Second: " + ENGLISH)
    (tmp_path / "sub").mkdir()
    write(tmp_path / "sub", "a.md", "Nested: " + ENGLISH)
    write(tmp_path, "a.txt", "First: " + ENGLISH)
    write(tmp_path, ".hidden.txt", "Hidden: " + ENGLISH)
    (tmp_path / ".git").mkdir()
    write(tmp_path / ".git", "x.txt", "Git: " + ENGLISH)
    write(tmp_path, "image.png", b"\x89PNG")
    stats = IngestStats()
    results = run([tmp_path], config, stats)
    assert failures(results) == []
    assert [r.name for r in docs(results)] == ["a.txt", "b.txt", "a.md"]
    assert stats.skipped == 1 and stats.files == 3


def test_unsupported_file_named_explicitly_is_a_failure(config: Config) -> None:
    failure = only_failure(DATA / "notes.pdf", config)
    assert failure.reason == "unsupported file type .pdf; use .txt, .md, .html, .jsonl or .csv"


def test_fixture_folder_yields_documents_and_failures_never_raises(config: Config) -> None:
    stats = IngestStats()
    results = run([DATA], config, stats)
    assert all(f.stage == "ingest" and f.source and f.reason for f in failures(results))
    assert stats.documents == len(docs(results)) == 7
    assert stats.failures == len(failures(results))


def test_missing_path_raises_before_reading_anything(tmp_path: Path, config: Config) -> None:
    with pytest.raises(IngestError, match="no such file or folder"):
        iter_documents([DATA / "reuters.txt", tmp_path / "nope.txt"], config)


# --------------------------------------------------------------------------- Python API and dates


def test_load_text_uses_given_date_or_dateline() -> None:
    given = load_text(ENGLISH, published="2024-01-02", name="x")
    assert (given.published, given.published_source, given.name) == (
        date(2024, 1, 2),
        "record",
        "x",
    )
    assert load_text(ENGLISH, published=date(2020, 5, 1)).published == date(2020, 5, 1)
    dated = load_text("WASHINGTON — December 14, 2023: " + ENGLISH)
    assert (dated.published, dated.published_source) == (date(2023, 12, 14), "dateline")
    assert load_text(ENGLISH).published is None


def test_load_text_refuses_empty_text_and_bad_dates() -> None:
    with pytest.raises(IngestError, match="empty document"):
        load_text("   ")
    with pytest.raises(IngestError, match="cannot read the date"):
        load_text(ENGLISH, published="someday")


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("ISLAMABAD, Dec 15 (Reuters) - Talks began in 2023.", date(2023, 12, 15)),
        ("ISLAMABAD, Dec 15 (Reuters) - Talks began.", None),  # no year anywhere
        ("WASHINGTON — December 14, 2023: General Munir met", date(2023, 12, 14)),
        ("By our correspondent\nPublished: 2023-12-15\nThe army chief", date(2023, 12, 15)),
        ("Posted on Friday, 15 Dec 2023 at 10:00", date(2023, 12, 15)),
        ("The talks were held on Dec 15, 2023 in Washington.", date(2023, 12, 15)),
        ("Nothing dated here.", None),
        ("ISLAMABAD, Feb 30, 2023 - impossible date", None),
        ("Staff Report | 16.07.2025\n\nISLAMABAD: The talks", date(2025, 7, 16)),
        ("Posted 03/04/2025: the talks", None),  # day or month first? not said
    ],
)
def test_find_dateline(text: str, expected: date | None) -> None:
    assert find_dateline(text) == expected


@pytest.mark.parametrize(
    ("url", "expected"),
    [
        ("https://news.example/2024/11/14/us-pakistan-talks/", date(2024, 11, 14)),
        ("https://news.example/story/20240328/china-demands-probe", date(2024, 3, 28)),
        ("https://news.example/read?date=2024-03-28&id=7", date(2024, 3, 28)),
        ("https://news.example/2024/11/", None),
        ("https://news.example/item/12345678", None),
        ("https://news.example/2024/13/45/x", None),
    ],
)
def test_url_date(url: str, expected: date | None) -> None:
    assert url_date(url) == expected


def test_records_without_a_date_take_their_urls(config: Config) -> None:
    record = {"text": ENGLISH, "url": "https://news.example/2024/11/14/talks/"}
    (doc,) = [d for d in iter_records([record], config) if isinstance(d, Document)]
    assert (doc.published, doc.published_source) == (date(2024, 11, 14), "url")
    given = {**record, "published": "2024-11-15"}
    (dated,) = [d for d in iter_records([given], config) if isinstance(d, Document)]
    assert (dated.published, dated.published_source) == (date(2024, 11, 15), "record")


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("2023-12-15", date(2023, 12, 15)),
        ("2023-12-15T10:00:00Z", date(2023, 12, 15)),
        ("15 Dec 2023", date(2023, 12, 15)),
        ("December 15, 2023", date(2023, 12, 15)),
        ("Fri, 15 Dec 2023 10:00:00 GMT", date(2023, 12, 15)),
        ("not a date", None),
        ("", None),
    ],
)
def test_parse_date(value: str, expected: date | None) -> None:
    assert parse_date(value) == expected
