"""Ingest: files, folders and records become :class:`Document` s, or :class:`Failure` s.

Reads ``.txt``/``.md`` (one document per file), ``.html``/``.htm`` (main text and metadata
through trafilatura), ``.jsonl`` (one record per line) and ``.csv`` (one record per row, header
row first). Records carry ``text`` and optionally ``id``, ``title``, ``url``, ``outlet``,
``published``.

Choices worth knowing:

* A path that does not exist raises :class:`~legation.errors.IngestError` at once, when
  :func:`iter_documents` is called and before anything is read: a mistyped path is a usage
  error, not a bad document. Everything else (unreadable, binary, empty, oversized, foreign
  language, malformed record) is yielded as a :class:`Failure` with ``stage="ingest"`` and the
  batch carries on.
* Folders are walked recursively in sorted order; hidden files and folders are skipped, and so
  are unsupported file types (counted in :class:`IngestStats`). An unsupported file named
  explicitly is a Failure.
* ``max_file_bytes`` limits ``.txt``/``.html`` files (read whole) and each single ``.jsonl``
  line or ``.csv`` row; record files themselves are streamed and may be any size. One
  document may hold at most :data:`MAX_DOCUMENT_CHARS` characters (what the spaCy model
  parses in one go): a longer one is a Failure that says to split it.
* Identical text under two names is one document (the id is the hash of the normalised
  text): it is yielded once under its first name and counted as a duplicate. The same record
  ``id`` with different text is a Failure.
* Language: a cheap, documented heuristic (:func:`detect_language`): the writing system, then
  the share of common function words of English and eight other languages. Texts under 12
  words are not judged.
"""

from __future__ import annotations

import csv
import json
import logging
import os
import re
import unicodedata
from collections import Counter
from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass, field
from datetime import date, datetime
from pathlib import Path
from typing import Any

from .config import Config
from .errors import IngestError
from .model import Document, Failure, normalise_text

log = logging.getLogger(__name__)

STAGE = "ingest"
#: The most characters one document may have: spaCy's ``nlp.max_length`` (the parser and NER
#: need about 1 GB per 100,000 characters of one text); a news article is a few thousand.
MAX_DOCUMENT_CHARS = 1_000_000
SUPPORTED: dict[str, str] = {
    ".txt": "text",
    ".md": "text",
    ".html": "html",
    ".htm": "html",
    ".jsonl": "jsonl",
    ".csv": "csv",
}
RECORD_FIELDS = ("text", "id", "title", "url", "outlet", "published")
_SUPPORTED_HINT = "use .txt, .md, .html, .jsonl or .csv"
_DATELINE_WINDOW = 300
_MIN_WORDS_TO_JUDGE = 12


@dataclass(slots=True)
class IngestStats:
    """What one :func:`iter_documents` run saw; pass one in to read it afterwards."""

    files: int = 0
    documents: int = 0
    duplicates: int = 0
    skipped: int = 0  # unsupported file types inside folders (hidden files are not counted)
    failures: int = 0


@dataclass(frozen=True, slots=True)
class _Raw:
    """A document as read, before dates, language and duplicates are settled."""

    text: str
    name: str
    source: str
    title: str | None = None
    url: str | None = None
    outlet: str | None = None
    published: str | None = None  # the record's own value, unparsed
    meta_date: str | None = None  # from HTML metadata
    record_id: str | None = None


@dataclass(slots=True)
class _Seen:
    doc_ids: set[str] = field(default_factory=set)
    record_ids: dict[str, tuple[str, str]] = field(default_factory=dict)  # id -> (doc id, source)


# --------------------------------------------------------------------------- public API


def iter_documents(
    paths: Iterable[Path | str], config: Config, stats: IngestStats | None = None
) -> Iterator[Document | Failure]:
    """Yield a Document or a Failure for every document found under ``paths``.

    Raises IngestError immediately if a path does not exist."""
    checked = [Path(p) for p in paths]
    for path in checked:
        if not path.exists():
            raise IngestError(str(path), "no such file or folder; check the path and try again")
    return _generate(checked, config, stats if stats is not None else IngestStats())


def iter_records(
    records: Iterable[Mapping[str, Any]], config: Config, source: str = "<records>"
) -> Iterator[Document | Failure]:
    """Yield a Document or a Failure for each record held in memory (the HTTP API's entry
    point), checked as the lines of a ``.jsonl`` file are: text, language, date, record id.

    A record's source (and name, without an ``id``) is ``<source>#<n>``, n counting from 1; a
    record with the same text as an earlier one yields nothing (it is one document)."""
    seen, stats = _Seen(), IngestStats()
    for number, record in enumerate(records, start=1):
        raw = _record_raw(dict(record), f"{source}#{number}")
        result = raw if isinstance(raw, Failure) else _admit(raw, config, seen, stats)
        if result is not None:
            yield result


def load_text(text: str, published: date | str | None = None, name: str = "<text>") -> Document:
    """Build a Document from a string (the Python API's entry point).

    ``published`` may be a date or a date string; without it, the text's dateline is used.
    Raises IngestError for empty text or an unreadable date."""
    if not normalise_text(text):
        raise IngestError(name, "empty document: there is no text to code")
    if (too_long := _too_long(normalise_text(text))) is not None:
        raise IngestError(name, too_long)
    when, where = _given_date(published, name)
    if when is None:
        when = find_dateline(text)
        where = "dateline" if when else None
    return Document.create(text, name=name, published=when, published_source=where)


def parse_date(value: str) -> date | None:
    """Parse an ISO or common written date ("15 Dec 2023", "December 15, 2023"); None if not."""
    value = value.strip()
    if not value:
        return None
    try:
        return datetime.fromisoformat(value.replace("Z", "+00:00")).date()
    except ValueError:
        pass
    return _parse_with_dateparser(value)


def find_dateline(text: str) -> date | None:
    """The publication date stated at the top of a text, if any.

    Looks in the first 300 characters for, in order: a labelled date ("Published: 2023-12-15"),
    a dateline ("ISLAMABAD, Dec 15 (Reuters) -", "WASHINGTON — December 14, 2023:"), then any
    full date ("Dec 15, 2023"), then a numeric one whose day comes first unambiguously
    ("16.07.2025"). A dateline without a year takes the year only when exactly one year is
    written in the window; otherwise it is not used."""
    head = text[:_DATELINE_WINDOW]
    for pattern in (_LABELLED, _DATELINE, _ANY_DATE, _NUMERIC_DATE):
        for match in pattern.finditer(head):
            found = _date_from_match(match.group("date"), _only_year(head))
            if found is not None:
                return found
    return None


def url_date(url: str) -> date | None:
    """The publication date a URL's path carries, if any: ``/2024/11/14/``,
    ``/2024-11-14-title``, ``/20241114/``, ``?date=2024-11-14``."""
    for pattern in (_URL_DATE, _URL_COMPACT):
        for match in pattern.finditer(url):
            try:
                return date(int(match["y"]), int(match["m"]), int(match["d"]))
            except ValueError:
                continue
    return None


def detect_language(text: str) -> str | None:
    """Guess the language of ``text``: an ISO 639-1 code, "a/b" codes for a script shared by
    several languages ("ar/ur/fa/ps"), "unknown", or None when the text is too short to judge.

    Heuristic: if most letters are not Latin, the script decides; otherwise the share of common
    function words of English, French, Spanish, German, Portuguese, Italian, Dutch, Indonesian
    and Turkish. English wins at 12% of words (news prose runs at 25–40%)."""
    sample = text[:4000]
    script = _dominant_script(sample)
    if script is not None:
        return _SCRIPT_LANGUAGES.get(script, script.lower())
    return _latin_language(_WORD.findall(sample.lower()))


# --------------------------------------------------------------------------- walking


def _generate(
    paths: list[Path], config: Config, stats: IngestStats
) -> Iterator[Document | Failure]:
    seen = _Seen()
    for path, explicit in _walk(paths, stats):
        stats.files += 1
        for item in _read_path(path, explicit, config):
            result = item if isinstance(item, Failure) else _admit(item, config, seen, stats)
            if isinstance(result, Failure):
                stats.failures += 1
                log.debug("ingest failure: %s: %s", result.source, result.reason)
            if result is not None:
                yield result
    log.info(
        "ingest: %d files, %d documents, %d duplicates, %d failures, %d files skipped",
        stats.files,
        stats.documents,
        stats.duplicates,
        stats.failures,
        stats.skipped,
    )


def _walk(paths: list[Path], stats: IngestStats) -> Iterator[tuple[Path, bool]]:
    """(file, named explicitly by the user) in a deterministic order."""
    for path in paths:
        if not path.is_dir():
            yield path, True
            continue
        for found in _walk_folder(path):
            if found.suffix.lower() in SUPPORTED:
                yield found, False
            else:
                stats.skipped += 1
                log.debug("skipping %s: unsupported file type", found)


def _walk_folder(folder: Path) -> Iterator[Path]:
    for root, dirs, files in os.walk(folder):
        dirs[:] = sorted(d for d in dirs if not d.startswith("."))
        for name in sorted(files):
            if not name.startswith("."):
                yield Path(root) / name


def _read_path(path: Path, explicit: bool, config: Config) -> Iterator[_Raw | Failure]:
    kind = SUPPORTED.get(path.suffix.lower())
    if kind is None:
        suffix = path.suffix or "(none)"
        yield _fail(path, f"unsupported file type {suffix}; {_SUPPORTED_HINT}")
    elif kind == "jsonl":
        yield from _read_jsonl(path, config)
    elif kind == "csv":
        yield from _read_csv(path, config)
    else:
        yield _read_whole(path, kind, config)


def _fail(source: Path | str, reason: str, doc_id: str | None = None) -> Failure:
    return Failure(source=str(source), stage=STAGE, reason=reason, doc_id=doc_id)


# --------------------------------------------------------------------------- admission


def _admit(raw: _Raw, config: Config, seen: _Seen, stats: IngestStats) -> Document | Failure | None:
    """Turn a raw read into a Document: empty check, language, date, duplicates."""
    if not normalise_text(raw.text):
        return _fail(raw.source, "empty document: there is no text to code; add text or remove it")
    published, published_source = _resolve_date(raw)
    doc = Document.create(
        raw.text,
        name=raw.name,
        title=raw.title,
        url=raw.url,
        outlet=raw.outlet,
        published=published,
        source=raw.source,
        published_source=published_source,
    )
    problem = (
        _too_long(doc.text)
        or _language_problem(doc.text, config)
        or _record_id_problem(raw, doc, seen)
    )
    if problem:
        return _fail(raw.source, problem, doc.id)
    if doc.id in seen.doc_ids:
        stats.duplicates += 1
        log.info("%s has the same text as an earlier document; kept once", raw.source)
        return None
    seen.doc_ids.add(doc.id)
    stats.documents += 1
    return doc


def _too_long(text: str) -> str | None:
    if len(text) <= MAX_DOCUMENT_CHARS:
        return None
    return (
        f"document is {len(text):,} characters, over the {MAX_DOCUMENT_CHARS:,} one document "
        "can have (the NLP model's limit); split it into its articles (one per file, or one "
        "JSONL/CSV record each)"
    )


def _record_id_problem(raw: _Raw, doc: Document, seen: _Seen) -> str | None:
    if raw.record_id is None:
        return None
    first = seen.record_ids.setdefault(raw.record_id, (doc.id, raw.source))
    if first[0] == doc.id:
        return None
    return (
        f"duplicate record id {raw.record_id} with different text (first seen at {first[1]}); "
        "give each record a unique id"
    )


def _language_problem(text: str, config: Config) -> str | None:
    detected = detect_language(text)
    if detected is None or any(code in config.languages for code in detected.split("/")):
        return None
    allowed = ", ".join(config.languages) or "none"
    return (
        f"non-English text (detected: {detected}); set languages in config to code it "
        f"(now: {allowed})"
    )


# --------------------------------------------------------------------------- whole files


def _read_whole(path: Path, kind: str, config: Config) -> _Raw | Failure:
    text = _read_text_file(path, config)
    if isinstance(text, Failure):
        return text
    if kind == "html":
        return _html_raw(text, path)
    return _Raw(text=text, name=path.name, source=str(path))


def _read_text_file(path: Path, config: Config) -> str | Failure:
    size = path.stat().st_size
    if size > config.max_file_bytes:
        return _fail(path, _too_big(size, config.max_file_bytes, "file"))
    try:
        data = path.read_bytes()
    except OSError as exc:
        return _fail(path, f"cannot read the file ({exc.strerror}); check its permissions")
    decoded = decode_bytes(data)
    return _fail(path, decoded[1]) if decoded[0] is None else decoded[0]


def _too_big(size: int, limit: int, what: str) -> str:
    return (
        f"{what} is {size:,} bytes, over the limit of {limit:,} (max_file_bytes); "
        "raise max_file_bytes in your config to read it"
    )


# --------------------------------------------------------------------------- decoding

_TEXT_BYTES = bytes({7, 8, 9, 10, 12, 13, 27} | set(range(0x20, 0x100)) - {0x7F})
_UTF16_BOMS = (b"\xff\xfe", b"\xfe\xff")


def decode_bytes(data: bytes) -> tuple[str | None, str]:
    """(text, "") or (None, reason): UTF-8 (BOM allowed), UTF-16 with a BOM, else the
    encoding charset-normalizer detects with confidence. Binary data is refused."""
    if data.startswith(_UTF16_BOMS):
        try:
            return data.decode("utf-16"), ""
        except UnicodeDecodeError:
            return None, "binary file or broken UTF-16; save it as UTF-8 text"
    if _looks_binary(data):
        return None, "binary file: this is not text; convert it to .txt or .html first"
    try:
        return data.decode("utf-8-sig"), ""
    except UnicodeDecodeError:
        return _detect_and_decode(data)


def _looks_binary(data: bytes) -> bool:
    sample = data[:8192]
    if b"\x00" in sample:
        return True
    controls = len(sample.translate(None, _TEXT_BYTES))
    return bool(sample) and controls / len(sample) > 0.05


def _detect_and_decode(data: bytes) -> tuple[str | None, str]:
    from charset_normalizer import from_bytes

    matches = list(from_bytes(data))
    if not matches or matches[0].chaos > 0.3:
        return None, "cannot tell the text encoding; save the file as UTF-8"
    best = matches[0]
    # Ties are common among single-byte code pages; Western European (cp1252) is by far
    # the most likely for English news, so it wins a tie.
    for match in matches:
        if match.encoding == "cp1252" and match.chaos <= best.chaos + 0.01:
            best = match
    log.info("decoded as %s (not UTF-8)", best.encoding)
    return str(best), ""


# --------------------------------------------------------------------------- HTML


@dataclass(frozen=True, slots=True)
class _HtmlParts:
    text: str
    title: str | None = None
    date: str | None = None
    sitename: str | None = None
    url: str | None = None


def _html_raw(html: str, path: Path) -> _Raw | Failure:
    parts = _extract_html(html)
    if parts is None or not parts.text.strip():
        return _fail(path, "no article text found in the HTML; check that the file is a web page")
    return _Raw(
        text=parts.text,
        name=path.name,
        source=str(path),
        title=parts.title,
        url=parts.url,
        outlet=parts.sitename,
        meta_date=parts.date,
    )


def _extract_html(html: str) -> _HtmlParts | None:
    """Main text and metadata via trafilatura; plain lxml text if trafilatura finds none."""
    parts = _trafilatura_parts(html)
    if parts is not None and parts.text.strip():
        return parts
    fallback = _lxml_text(html)
    if fallback is None:
        return parts
    return _HtmlParts(text=fallback[0], title=parts.title if parts else fallback[1])


def _trafilatura_parts(html: str) -> _HtmlParts | None:
    import trafilatura

    try:
        result = trafilatura.bare_extraction(
            html, with_metadata=True, include_comments=False, include_tables=False
        )
    except Exception as exc:  # trafilatura can fail on broken markup: fall back to lxml
        log.debug("trafilatura failed (%s); falling back to lxml", exc)
        return None
    if result is None:
        return None
    data: dict[str, Any] = result if isinstance(result, dict) else result.as_dict()
    return _HtmlParts(
        text=data.get("text") or "",
        title=data.get("title") or None,
        date=data.get("date") or None,
        sitename=data.get("sitename") or None,
        url=data.get("url") or None,
    )


def _lxml_text(html: str) -> tuple[str, str | None] | None:
    """(visible text, <title>) by plain lxml parsing, or None if nothing readable."""
    import lxml.etree  # type: ignore[import-untyped]
    import lxml.html  # type: ignore[import-untyped]

    try:
        tree = lxml.html.fromstring(html)
    except (lxml.etree.ParserError, ValueError):
        return None
    for bad in tree.xpath("//script|//style|//noscript|//template"):
        bad.drop_tree()
    lines = (" ".join(line.split()) for line in tree.text_content().splitlines())
    text = "\n".join(line for line in lines if line)
    if not text:
        return None
    titles = [str(t).strip() for t in tree.xpath("//title/text()")]
    return text, next((t for t in titles if t), None)


# --------------------------------------------------------------------------- records


def _read_jsonl(path: Path, config: Config) -> Iterator[_Raw | Failure]:
    try:
        with path.open("rb") as lines:
            for number, line in enumerate(lines, start=1):
                if line.strip():
                    yield _jsonl_line(line, f"{path}:{number}", config)
    except OSError as exc:
        yield _fail(path, f"cannot read the file ({exc.strerror}); check its permissions")


def _jsonl_line(line: bytes, source: str, config: Config) -> _Raw | Failure:
    if len(line) > config.max_file_bytes:
        return _fail(source, _too_big(len(line), config.max_file_bytes, "line"))
    try:
        record = json.loads(line.decode("utf-8-sig").strip())
    except UnicodeDecodeError:
        return _fail(source, "line is not UTF-8; save the file as UTF-8 (JSON requires it)")
    except json.JSONDecodeError as exc:
        return _fail(source, f"not valid JSON ({exc.msg} at column {exc.colno}); fix the line")
    if not isinstance(record, dict):
        return _fail(source, 'line is not a JSON object; write one {"text": ...} per line')
    return _record_raw(record, source)


def _read_csv(path: Path, config: Config) -> Iterator[_Raw | Failure]:
    encoding = _sniff_encoding(path)
    if encoding is None:
        yield _fail(path, "cannot tell the text encoding; save the file as UTF-8")
        return
    # Articles can be longer than csv's default 128 KiB field limit; only ever raised.
    csv.field_size_limit(max(csv.field_size_limit(), config.max_file_bytes))
    try:
        with path.open(encoding=encoding, newline="") as handle:
            yield from _csv_rows(csv.reader(handle), path)
    except (OSError, UnicodeDecodeError) as exc:
        yield _fail(path, f"cannot read the file ({exc}); save it as UTF-8 text")


def _csv_rows(reader: Iterator[list[str]], path: Path) -> Iterator[_Raw | Failure]:
    """Rows numbered as in a spreadsheet: the header is row 1."""
    header = [name.strip().lower() for name in next(reader, [])]
    if "text" not in header:
        found = ", ".join(header) or "none"
        yield _fail(path, f"no 'text' column in the header row (found: {found}); add one")
        return
    try:
        for number, row in enumerate(reader, start=2):
            if any(cell.strip() for cell in row):
                yield _record_raw(dict(zip(header, row, strict=False)), f"{path}:{number}")
    except csv.Error as exc:
        yield _fail(path, f"malformed CSV ({exc}); fix the file and run again")


def _sniff_encoding(path: Path) -> str | None:
    with path.open("rb") as handle:
        head = handle.read(65536)
    try:
        head.decode("utf-8-sig")
        return "utf-8-sig"
    except UnicodeDecodeError as exc:
        if exc.start >= len(head) - 4:  # a character cut at the end of the sample
            return "utf-8-sig"
    from charset_normalizer import from_bytes

    best = from_bytes(head).best()
    return best.encoding if best is not None and best.chaos <= 0.3 else None


def _record_raw(record: dict[str, Any], source: str) -> _Raw | Failure:
    text = record.get("text")
    if not isinstance(text, str) or not text.strip():
        return _fail(source, "record has no text; every record needs a non-empty 'text' field")
    fields = {key: _as_str(record.get(key)) for key in RECORD_FIELDS[1:]}
    return _Raw(
        text=text,
        name=fields["id"] or source,
        source=source,
        title=fields["title"],
        url=fields["url"],
        outlet=fields["outlet"],
        published=fields["published"],
        record_id=fields["id"],
    )


def _as_str(value: Any) -> str | None:
    if value is None or isinstance(value, (dict, list)):
        return None
    text = str(value).strip()
    return text or None


# --------------------------------------------------------------------------- dates


def _resolve_date(raw: _Raw) -> tuple[date | None, str | None]:
    """(date, where it came from): the record, else HTML metadata, else the dateline or
    byline, else the URL."""
    if raw.published is not None:
        found = parse_date(raw.published)
        if found is None:
            log.warning("%s: cannot read published date %r; left empty", raw.source, raw.published)
        return found, "record" if found else None
    if raw.meta_date and (found := parse_date(raw.meta_date)):
        return found, "html-meta"
    if found := find_dateline(raw.text):
        return found, "dateline"
    if raw.url and (found := url_date(raw.url)):
        return found, "url"
    return None, None


def _given_date(published: date | str | None, name: str) -> tuple[date | None, str | None]:
    if published is None:
        return None, None
    if isinstance(published, datetime):
        return published.date(), "record"
    if isinstance(published, date):
        return published, "record"
    found = parse_date(published)
    if found is None:
        raise IngestError(name, f"cannot read the date {published!r}; use YYYY-MM-DD")
    return found, "record"


def _parse_with_dateparser(value: str) -> date | None:
    import dateparser

    settings: dict[str, Any] = {
        "REQUIRE_PARTS": ["day", "month", "year"],
        "RETURN_AS_TIMEZONE_AWARE": False,
        "DATE_ORDER": "DMY" if re.match(r"\d{1,2}\s", value) else "MDY",
    }
    try:
        found = dateparser.parse(value, languages=["en"], settings=settings)  # type: ignore[arg-type]
    except (ValueError, OverflowError, TypeError):
        return None
    return found.date() if found else None


_MONTH = (
    r"(?:Jan(?:uary)?|Feb(?:ruary)?|Mar(?:ch)?|Apr(?:il)?|May|June?|July?|Aug(?:ust)?"
    r"|Sep(?:t(?:ember)?)?|Oct(?:ober)?|Nov(?:ember)?|Dec(?:ember)?)\.?"
)
_DAY = r"\d{1,2}(?:st|nd|rd|th)?"
_DATE = (
    rf"(?:\d{{4}}-\d{{2}}-\d{{2}}|{_MONTH}\s+{_DAY}(?:,?\s+\d{{4}})?"
    rf"|{_DAY}\s+{_MONTH},?(?:\s+\d{{4}})?)"
)
_LABELLED = re.compile(
    rf"(?:Published|Posted|Updated|Dated?)(?:\s+on)?\s*[:\-–—]?\s*(?:\w+day,?\s+)?(?P<date>{_DATE})",
    re.IGNORECASE,
)
_DATELINE = re.compile(
    rf"^[ \t]*[A-Z][A-Z .'’/-]{{2,40}}(?:\([^)\n]*\))?\s*[,:—–-]\s*"
    rf"(?:\w+day,?\s+)?(?P<date>{_DATE})",
    re.MULTILINE,
)
_ANY_DATE = re.compile(rf"\b(?P<date>{_DATE})\b")
#: A byline's numeric date, read day first ("16.07.2025", "16/07/2025") when the day is
#: above 12; an ambiguous one ("03/04/2025") is not used.
_NUMERIC_DATE = re.compile(r"(?<![\d./])(?P<date>\d{1,2}[./]\d{1,2}[./](?:19|20)\d\d)(?![\d./])")
_URL_DATE = re.compile(r"(?<!\d)(?P<y>(?:19|20)\d\d)[/_-](?P<m>[01]?\d)[/_-](?P<d>[0-3]?\d)(?!\d)")
_URL_COMPACT = re.compile(r"(?<!\d)(?P<y>(?:19|20)\d\d)(?P<m>[01]\d)(?P<d>[0-3]\d)(?!\d)")
_YEAR = re.compile(r"\b(19[5-9]\d|20\d\d)\b")
_MONTHS = ("jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec")


def _only_year(head: str) -> int | None:
    years = set(_YEAR.findall(head))
    return int(years.pop()) if len(years) == 1 else None


def _date_from_match(text: str, default_year: int | None) -> date | None:
    """Build a date from a regex-found candidate; a missing year takes ``default_year``."""
    if re.fullmatch(r"\d{4}-\d{2}-\d{2}", text):
        return parse_date(text)
    if re.fullmatch(r"\d{1,2}[./]\d{1,2}[./]\d{4}", text):
        return _numeric_date(text)
    month_word = re.search(r"[A-Za-z]{3}", text)
    numbers = [int(n) for n in re.findall(r"\d+", text)]
    if month_word is None or not numbers:
        return None
    year = next((n for n in numbers if n > 31), default_year)
    try:
        return (
            date(year, _MONTHS.index(month_word.group().lower()) + 1, numbers[0]) if year else None
        )
    except ValueError:
        return None


def _numeric_date(text: str) -> date | None:
    """ "16.07.2025" (day first when the day is above 12; "03/04/2025" is not used)."""
    day, month, year = (int(g) for g in re.split(r"[./]", text))
    if day <= 12:
        return None
    try:
        return date(year, month, day)
    except ValueError:
        return None


# --------------------------------------------------------------------------- language

_WORD = re.compile(r"[^\W\d_]+")
_ASCII_LETTER = re.compile(r"[A-Za-z]")
_NON_ASCII = re.compile(r"[^\x00-\x7f]")


def _vocab(words: str) -> frozenset[str]:
    return frozenset(words.split())


_FUNCTION_WORDS: dict[str, frozenset[str]] = {
    "en": _vocab(
        "the and of to in a is that for on with was as by at from it his her said has be are an "
        "have were this which its will not he she their they had but been"
    ),
    "fr": _vocab(
        "le la les de des et un une du est que qui dans pour sur par au aux avec il elle pas ce "
        "ces sont été son sa ses"
    ),
    "es": _vocab(
        "el la los las de del y en que un una por con para es se al su sus lo como más pero fue ha"
    ),
    "de": _vocab(
        "der die das und den dem des ist nicht ein eine einen mit von zu auf für im sich auch "
        "wurde hat sie er"
    ),
    "pt": _vocab("o os as de do da dos das e em que um uma para com não no na por se ao foi são"),
    "it": _vocab("il lo gli le di del della dei e che un una per con non è sono nel nella alla ha"),
    "nl": _vocab("de het een en van in is dat op te met voor niet zijn die aan er werd heeft"),
    "id": _vocab("yang dan di ke dari ini itu dengan untuk pada tidak adalah akan"),
    "tr": _vocab("ve bir bu da de ile için olarak çok ama olan daha gibi"),
}
_SCRIPT_LANGUAGES: dict[str, str] = {
    "ARABIC": "ar/ur/fa/ps",
    "CYRILLIC": "ru/uk/bg/sr",
    "CJK": "zh/ja",
    "HIRAGANA": "ja",
    "KATAKANA": "ja",
    "HANGUL": "ko",
    "DEVANAGARI": "hi/mr/ne",
    "GREEK": "el",
    "HEBREW": "he",
    "THAI": "th",
    "BENGALI": "bn",
    "GURMUKHI": "pa",
}


def _dominant_script(sample: str) -> str | None:
    """The non-Latin script most letters are written in, or None if mostly Latin.

    ASCII letters are counted as LATIN in one pass (most of an English text); only the other
    letters are looked up one by one. Scripts keep the order of their first letter, which
    decides a tie."""
    scripts: dict[str, int] = {}
    first_ascii = _ASCII_LETTER.search(sample)
    ascii_at = first_ascii.start() if first_ascii else len(sample)
    for match in _NON_ASCII.finditer(sample):
        char = match.group()
        if char.isalpha():
            if match.start() > ascii_at and "LATIN" not in scripts:
                scripts["LATIN"] = 0
            name = unicodedata.name(char, "UNKNOWN").split(" ")[0]
            scripts[name] = scripts.get(name, 0) + 1
    if first_ascii:
        scripts["LATIN"] = scripts.get("LATIN", 0) + len(_ASCII_LETTER.findall(sample))
    total = sum(scripts.values())
    if not total or scripts.get("LATIN", 0) / total >= 0.5:
        return None
    return max(scripts, key=lambda name: scripts[name])


def _latin_language(words: list[str]) -> str | None:
    if len(words) < _MIN_WORDS_TO_JUDGE:
        return None
    counts = Counter(words)
    shares = {
        code: sum(counts[word] for word in vocab) / len(words)
        for code, vocab in _FUNCTION_WORDS.items()
    }
    if shares["en"] >= 0.12:
        return "en"
    best = max(shares, key=lambda code: shares[code])
    if shares[best] >= 0.12:
        return best
    return "unknown" if len(words) >= 30 and shares["en"] < 0.03 else None
