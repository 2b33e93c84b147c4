"""Ingest: files, folders and records to Documents, bad inputs to Failures that say what to do."""

from __future__ import annotations

import json
import logging
from collections.abc import Callable, Iterator
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
from legation.lang import Language
from legation.lang.others import FUNCTION_WORDS
from legation.model import Document, Failure, Note, NoteKind

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


def test_french_text_is_a_failure_unless_allowed(
    config: Config, add_language: Callable[..., Language]
) -> None:
    failure = only_failure(DATA / "french.txt", config)
    assert failure.reason.startswith("non-English text (detected: fr)")
    assert "set languages in config" in failure.reason
    assert failure.doc_id is not None
    add_language("fr", "French", function_words=FUNCTION_WORDS["fr"])  # registered: listable
    [doc] = run([DATA / "french.txt"], Config.load(languages=["en", "fr"]))
    assert isinstance(doc, Document)


def test_urdu_script_is_detected(config: Config, add_language: Callable[..., Language]) -> None:
    failure = only_failure(DATA / "urdu.txt", config)
    assert "detected: ar/ur/fa/ps" in failure.reason
    add_language("ur", "Urdu")
    [doc] = run([DATA / "urdu.txt"], Config.load(languages=["en", "ur"]))
    assert isinstance(doc, Document)


def test_the_message_names_the_first_configured_language(
    add_language: Callable[..., Language],
) -> None:
    add_language("xx", "Toy", function_words=frozenset({"zorp"}))
    failure = only_failure(DATA / "french.txt", Config.load(languages=["xx"]))
    assert failure.reason.startswith("non-Toy text (detected: fr)")


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
    assert (
        failure.reason == "unsupported file type .pdf; use .txt, .md, .html, .htm, .jsonl or .csv"
    )


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


# --------------------------------------------------------------------------- faults, one by one


def noted(stats: IngestStats, kind: NoteKind) -> list[Note]:
    return [n for n in stats.pending_notes if n.kind == kind]


def test_a_broken_link_and_a_link_loop_are_failures_and_the_rest_is_read(
    tmp_path: Path, config: Config
) -> None:
    write(tmp_path, "a.txt", ENGLISH)
    (tmp_path / "dangling.txt").symlink_to(tmp_path / "gone.txt")
    (tmp_path / "loop.txt").symlink_to(tmp_path / "loop.txt")
    results = run([tmp_path], config)
    assert [d.name for d in docs(results)] == ["a.txt"]
    reasons = {Path(f.source).name: f.reason for f in failures(results)}
    assert reasons["dangling.txt"].startswith("broken link: its target")
    assert (
        "gone.txt" in reasons["dangling.txt"]
        and "fix or remove the link" in reasons["dangling.txt"]
    )
    assert reasons["loop.txt"].startswith("the link leads back to itself")


def test_a_broken_link_named_explicitly_is_a_failure(tmp_path: Path, config: Config) -> None:
    link = tmp_path / "dangling.jsonl"
    link.symlink_to(tmp_path / "gone.jsonl")
    assert only_failure(link, config).reason.startswith("broken link")


def test_a_named_pipe_is_refused_without_blocking(tmp_path: Path, config: Config) -> None:
    import os

    os.mkfifo(tmp_path / "pipe.txt")
    os.mkfifo(tmp_path / "pipe.csv")
    results = run([tmp_path], config)
    assert len(failures(results)) == 2
    assert all(f.reason.startswith("a named pipe") for f in failures(results))


def test_a_link_to_a_folder_is_noted_not_followed(tmp_path: Path, config: Config) -> None:
    (tmp_path / "real").mkdir()
    write(tmp_path / "real", "a.txt", ENGLISH)
    (tmp_path / "real" / "back").symlink_to(tmp_path, target_is_directory=True)  # a cycle
    stats = IngestStats()
    results = run([tmp_path], config, stats)
    assert [d.name for d in docs(results)] == ["a.txt"]
    [link] = noted(stats, NoteKind.SKIPPED_FILE)
    assert link.source == str(tmp_path / "real" / "back") and "not followed" in link.detail
    assert stats.skipped == 1


def test_unsupported_files_in_a_folder_are_noted(config: Config) -> None:
    stats = IngestStats()
    run([DATA], config, stats)
    [pdf] = noted(stats, NoteKind.SKIPPED_FILE)
    assert pdf.source == str(DATA / "notes.pdf") and "unsupported file type .pdf" in pdf.detail
    assert stats.notes["skipped_file"] == 1


def test_an_error_reading_one_file_is_its_failure_only(
    tmp_path: Path, config: Config, monkeypatch: pytest.MonkeyPatch
) -> None:
    import legation.ingest.readers as readers

    def boom(html: str, path: Path) -> None:
        raise RuntimeError("parser bug")

    monkeypatch.setattr(readers, "html_raw", boom)
    write(tmp_path, "a.html", f"<p>{ENGLISH}</p>")
    write(tmp_path, "b.txt", ENGLISH)
    results = run([tmp_path], config)
    assert [d.name for d in docs(results)] == ["b.txt"]
    [failure] = failures(results)
    assert "internal error while reading the file (RuntimeError: parser bug)" in failure.reason


@pytest.mark.parametrize("depth", [300, 3000])
def test_deeply_nested_html_keeps_its_text(tmp_path: Path, config: Config, depth: int) -> None:
    """libxml2 stops at 256 levels (the page came out as its <title> alone)."""
    body = "<div>" * depth + f"<p>{ENGLISH}</p>" + "</div>" * depth
    html = f"<html><head><title>Deep</title></head><body>{body}</body></html>"
    path = write(tmp_path, "deep.html", html)
    stats = IngestStats()
    [doc] = run([path], config, stats)
    assert isinstance(doc, Document) and ENGLISH in doc.text and doc.title == "Deep"
    fallbacks = noted(stats, NoteKind.HTML)
    if depth > 2048:  # beyond lxml's huge_tree: read without a tree, and noted
        assert "more than 2,048 levels" in fallbacks[0].detail and fallbacks[0].doc_id == doc.id
    else:
        assert fallbacks == []


def test_control_characters_are_removed_wherever_they_are(tmp_path: Path, config: Config) -> None:
    filler = (ENGLISH + "\n") * 60  # about 10 KB
    early = write(tmp_path, "early.txt", ("\x00" + ENGLISH + "\x1b[31m\n" + filler).encode())
    late = write(tmp_path, "late.txt", (filler + "Late\x00 line.\x07\n").encode())
    stats = IngestStats()
    first, second = run([early, late], config, stats)
    assert isinstance(first, Document) and isinstance(second, Document)
    for doc in (first, second):
        assert not any(c in doc.text for c in "\x00\x07\x1b")
    assert first.text.startswith(ENGLISH + "[31m") and "Late line." in second.text
    assert [n.source for n in noted(stats, NoteKind.CHARACTERS)] == [str(early), str(late)]
    assert "removed 2 control characters" in noted(stats, NoteKind.CHARACTERS)[0].detail


def test_a_file_mostly_of_control_bytes_is_binary_wherever_they_are(
    tmp_path: Path, config: Config
) -> None:
    text = (ENGLISH + "\n") * 60
    path = write(tmp_path, "tail.txt", text.encode() + bytes(range(9)) * 200)
    assert only_failure(path, config).reason.startswith("binary file")


def test_control_characters_in_records_and_fields(tmp_path: Path, config: Config) -> None:
    lines = [
        json.dumps({"id": "r\x001", "title": "T\x1bitle", "text": ENGLISH + "\u0000"}),
        '{"text": "' + ENGLISH + ' \\ud800broken"}',  # a lone surrogate, escaped
    ]
    path = write(tmp_path, "r.jsonl", "\n".join(lines) + "\n")
    stats = IngestStats()
    first, second = run([path], config, stats)
    assert isinstance(first, Document) and isinstance(second, Document)
    assert (first.name, first.title, first.text) == ("r1", "Title", ENGLISH)
    assert second.text.endswith(" broken")
    second.text.encode("utf-8")  # storable
    assert len(noted(stats, NoteKind.CHARACTERS)) == 2
    [api] = list(iter_records([{"text": ENGLISH + "\x00"}], config))
    assert isinstance(api, Document) and api.text == ENGLISH
    assert load_text(ENGLISH + "\x00").text == ENGLISH


def test_relative_published_needs_the_records_own_date(tmp_path: Path, config: Config) -> None:
    lines = [
        {"id": "a", "text": ENGLISH, "published": "yesterday"},
        {
            "id": "b",
            "text": "Second. " + ENGLISH,
            "published": "yesterday",
            "retrieved": "2023-12-15",
        },
        {"id": "c", "text": "WASHINGTON, Dec 14, 2023 - " + ENGLISH, "published": "3 days ago"},
        {"id": "d", "text": "Fourth. " + ENGLISH, "published": "today", "retrieved": "soon"},
    ]
    path = write(tmp_path, "rel.jsonl", "\n".join(json.dumps(x) for x in lines))
    stats = IngestStats()
    a, b, c, d = run([path], config, stats)
    assert isinstance(a, Document) and a.published is None  # not the machine's yesterday
    assert isinstance(b, Document) and (b.published, b.published_source) == (
        date(2023, 12, 14),
        "record",
    )
    assert isinstance(c, Document) and (c.published, c.published_source) == (
        date(2023, 12, 14),
        "dateline",
    )
    assert isinstance(d, Document) and d.published is None
    details = {n.source.rsplit(":", 1)[1]: n.detail for n in noted(stats, NoteKind.DATE)}
    assert "'yesterday' is relative and the record gives no date" in details["1"]
    assert "the document has no date" in details["1"]
    assert "counted from the record's retrieved date 2023-12-15: 2023-12-14" in details["2"]
    assert "the dateline date 2023-12-14 was used instead" in details["3"]
    assert "retrieved value 'soon' is not a date" in details["4"]
    with pytest.raises(IngestError, match="a relative date"):
        load_text(ENGLISH, published="yesterday")


def test_parse_date_never_reads_the_clock() -> None:
    assert parse_date("yesterday") is None and parse_date("2 days ago") is None
    assert parse_date("yesterday", base=date(2023, 12, 15)) == date(2023, 12, 14)


def test_fields_that_are_not_text_and_fields_not_read_are_noted(
    tmp_path: Path, config: Config
) -> None:
    lines = [
        {"id": 7, "text": ENGLISH, "title": {"en": "x"}, "outlet": ["a"], "author": "Z"},
        {"text": "Second. " + ENGLISH, "url": True, "date": "2023-01-01"},
    ]
    path = write(tmp_path, "f.jsonl", "\n".join(json.dumps(x) for x in lines))
    stats = IngestStats()
    first, _ = run([path], config, stats)
    assert isinstance(first, Document) and first.name == "7" and first.title is None
    details = [n.detail for n in noted(stats, NoteKind.FIELD)]
    assert "field 'title' holds a JSON object, not text; it was ignored" in details
    assert "field 'outlet' holds a JSON list, not text; it was ignored" in details
    assert "field 'url' holds true, not text; it was ignored" in details
    assert details[-1].startswith("fields not read: author, date (Legation reads text, id")
    csv_path = write(tmp_path, "c.csv", f'text,date,id\n"{ENGLISH}",2023-01-01,c1\n')
    stats = IngestStats()
    run([csv_path], config, stats)
    assert noted(stats, NoteKind.FIELD)[0].detail.startswith("columns not read: date")


def test_duplicates_under_other_names_are_noted(tmp_path: Path, config: Config) -> None:
    write(tmp_path, "a.txt", ENGLISH)
    write(tmp_path, "b.txt", ENGLISH + "\n")
    stats = IngestStats()
    [doc] = run([tmp_path], config, stats)
    [dup] = noted(stats, NoteKind.DUPLICATE)
    assert dup.source == str(tmp_path / "b.txt") and dup.doc_id == doc.id
    assert stats.take_notes() and stats.take_notes() == []  # taken once


def test_a_bad_csv_row_does_not_end_the_file(tmp_path: Path) -> None:
    config = Config.load(max_file_bytes=2000)
    rows = [f'"{ENGLISH}",1', f'"{"x" * 3000}",2', f'"Third. {ENGLISH}",3', f'"a\x00b {ENGLISH}",4']
    path = write(tmp_path, "r.csv", "text,id\n" + "\n".join(rows) + "\n")
    stats = IngestStats()
    results = run([path], config, stats)
    assert [d.name for d in docs(results)] == ["1", "3", "4"]
    [bad] = failures(results)
    assert bad.source == f"{path}:3" and bad.reason.startswith("row is 3,002 bytes, over the")
    assert [n.source for n in noted(stats, NoteKind.CHARACTERS)] == [f"{path}:5"]


def test_a_row_the_csv_reader_refuses_is_its_failure_only(tmp_path: Path) -> None:
    import csv

    from legation.ingest.records import _csv_rows

    def rows() -> Iterator[list[str]]:
        yield ["text", "id"]
        yield [ENGLISH, "1"]
        raise csv.Error("field larger than field limit (10)")

    class Reader:  # a csv reader goes on after an error; this one does too
        def __init__(self) -> None:
            self.rows = rows()
            self.after = iter([["Third. " + ENGLISH, "3"]])

        def __iter__(self) -> Reader:
            return self

        def __next__(self) -> list[str]:
            try:
                return next(self.rows)
            except StopIteration:
                return next(self.after)

    out = list(_csv_rows(Reader(), tmp_path / "r.csv", 100_000))
    assert [type(x).__name__ for x in out] == ["Raw", "Failure", "Raw"]
    assert isinstance(out[1], Failure) and out[1].source == f"{tmp_path / 'r.csv'}:3"
    assert out[1].reason.startswith("row has a field over the limit of 100,000 bytes")


def test_a_csv_with_bytes_that_are_not_utf8_late_keeps_its_rows(
    tmp_path: Path, config: Config
) -> None:
    head = "text,id\n" + "".join(f'"{ENGLISH} {i}",{i}\n' for i in range(400))  # > 64 KB
    path = write(tmp_path, "r.csv", head.encode() + b'"Caf\xe9 ' + ENGLISH.encode() + b'",x\n')
    stats = IngestStats()
    results = run([path], config, stats)
    assert len(docs(results)) == 401 and failures(results) == []
    assert docs(results)[-1].text.startswith("Caf " + ENGLISH[:10])
    assert noted(stats, NoteKind.CHARACTERS)[0].source == f"{path}:402"


def test_an_endless_jsonl_line_is_refused_without_reading_it_whole(tmp_path: Path) -> None:
    config = Config.load(max_file_bytes=1000)
    big = json.dumps({"text": "x" * 5_000_000})
    path = write(tmp_path, "r.jsonl", json.dumps({"text": ENGLISH}) + "\n" + big + "\n"
                 + json.dumps({"text": "Third. " + ENGLISH}) + "\n")  # fmt: skip
    results = run([path], config)
    assert [d.source for d in docs(results)] == [f"{path}:1", f"{path}:3"]
    [bad] = failures(results)
    assert bad.source == f"{path}:2" and "5,000,013 bytes" in bad.reason


def test_json_nested_too_deeply_is_one_failure(tmp_path: Path, config: Config) -> None:
    deep = "[" * 100_000 + "]" * 100_000
    path = write(tmp_path, "r.jsonl", deep + "\n" + json.dumps({"text": ENGLISH}) + "\n")
    results = run([path], config)
    assert len(docs(results)) == 1
    assert failures(results)[0].reason.startswith("JSON nested too deeply")
