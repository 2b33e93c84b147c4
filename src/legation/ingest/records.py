"""Record files: ``.jsonl`` (one record per line) and ``.csv`` (one per row, header first).

Each line or row stands alone: a line that is not JSON, too long, or not UTF-8, and a row the
CSV reader cannot parse, is a Failure naming it, and reading goes on with the next. A line is
read up to ``max_file_bytes`` and no further (the rest of a longer one is skipped in chunks),
so one endless line cannot take the memory. Fields a record gives but Legation does not read
are named once per file in a note; a field it reads that holds no text (a JSON object, a list,
true/false) is ignored with a note.
"""

from __future__ import annotations

import csv
import json
from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import Any, BinaryIO

from ..config import Config
from ..model import Failure, Note, NoteKind
from .raw import Raw, fail, note, too_big
from .text import check_file, os_reason

#: The fields a record may have; only ``text`` is required.
RECORD_FIELDS = ("text", "id", "title", "url", "outlet", "published", "retrieved")
_CHUNK = 1 << 20


def read_jsonl(path: Path, config: Config) -> Iterator[Raw | Failure | Note]:
    """Every record of a JSON Lines file, or a Failure per bad line."""
    if problem := check_file(path):
        yield fail(path, problem)
        return
    unknown: set[str] = set()
    try:
        with path.open("rb") as handle:
            for number, line, size in _lines(handle, config.max_file_bytes):
                source = f"{path}:{number}"
                if line is None:
                    yield fail(source, too_big(size, config.max_file_bytes, "line"))
                elif line.strip():
                    yield _jsonl_line(line, source, unknown)
    except OSError as exc:
        yield fail(path, os_reason(path, exc))
    if unknown:
        yield _unknown_fields(path, unknown)


def _lines(handle: BinaryIO, limit: int) -> Iterator[tuple[int, bytes | None, int]]:
    """(line number, the line or None when over ``limit`` bytes, its size)."""
    number = 0
    while line := handle.readline(limit + 1):
        number += 1
        if len(line) <= limit:
            yield number, line, len(line)
            continue
        size = len(line)
        while not line.endswith(b"\n") and (line := handle.readline(_CHUNK)):
            size += len(line)
        yield number, None, size


def _jsonl_line(line: bytes, source: str, unknown: set[str]) -> Raw | Failure:
    try:
        # strict=False: control characters inside strings are read, then removed as
        # everywhere else (legation.ingest.text.clean_text)
        record = json.loads(line.decode("utf-8-sig").strip(), strict=False)
    except UnicodeDecodeError:
        return fail(source, "line is not UTF-8; save the file as UTF-8 (JSON requires it)")
    except json.JSONDecodeError as exc:
        return fail(source, f"not valid JSON ({exc.msg} at column {exc.colno}); fix the line")
    except RecursionError:
        return fail(source, "JSON nested too deeply to read; write one flat object per line")
    if not isinstance(record, dict):
        return fail(source, 'line is not a JSON object; write one {"text": ...} per line')
    return record_raw(record, source, unknown)


def read_csv(path: Path, config: Config) -> Iterator[Raw | Failure | Note]:
    """Every row of a CSV file with a header row, or a Failure per bad row."""
    if problem := check_file(path):
        yield fail(path, problem)
        return
    try:
        encoding = _sniff_encoding(path)
        if encoding is None:
            yield fail(path, "cannot tell the text encoding; save the file as UTF-8")
            return
        # Articles can be longer than csv's default 128 KiB field limit; only ever raised.
        csv.field_size_limit(max(csv.field_size_limit(), config.max_file_bytes))
        # surrogateescape: bytes that are not in the encoding become lone surrogates, which
        # are removed (and counted) as control characters are, instead of ending the file
        with path.open(encoding=encoding, errors="surrogateescape", newline="") as handle:
            yield from _csv_rows(csv.reader(handle), path, config.max_file_bytes)
    except OSError as exc:
        yield fail(path, os_reason(path, exc))


def _csv_rows(
    reader: Iterator[list[str]], path: Path, limit: int
) -> Iterator[Raw | Failure | Note]:
    """Rows numbered as in a spreadsheet: the header is row 1."""
    try:
        header = [name.strip().lower() for name in next(reader, [])]
    except csv.Error as exc:
        yield fail(path, f"malformed CSV header row ({exc}); fix the file and run again")
        return
    if "text" not in header:
        found = ", ".join(header) or "none"
        yield fail(path, f"no 'text' column in the header row (found: {found}); add one")
        return
    if unknown := {name for name in header if name not in RECORD_FIELDS}:
        yield _unknown_fields(path, unknown, "columns")
    for number, row in enumerate(_rows(reader), start=2):
        source = f"{path}:{number}"
        if isinstance(row, csv.Error):
            yield fail(source, _row_error(row, limit))
        elif (size := _size(row)) > limit:
            yield fail(source, too_big(size, limit, "row"))
        elif any(cell.strip() for cell in row):
            yield record_raw(dict(zip(header, row, strict=False)), source, None)


def _row_error(error: csv.Error, limit: int) -> str:
    if "field limit" in str(error):
        return (
            f"row has a field over the limit of {limit:,} bytes (max_file_bytes), or a quote "
            "that is never closed; fix the row, or raise max_file_bytes in your config"
        )
    return f"malformed CSV row ({error}); fix the row"


def _size(row: list[str]) -> int:
    """The row's size in bytes, as UTF-8 (with a comma between cells)."""
    return sum(len(cell.encode("utf-8", "surrogatepass")) for cell in row) + len(row) - 1


def _rows(reader: Iterator[list[str]]) -> Iterator[list[str] | csv.Error]:
    """The rows, with a row the reader cannot parse as its error (the reader goes on)."""
    while True:
        try:
            yield next(reader)
        except StopIteration:
            return
        except csv.Error as exc:
            yield exc


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


# --------------------------------------------------------------------------- one record


def record_raw(record: dict[str, Any], source: str, unknown: set[str] | None) -> Raw | Failure:
    """A record (a JSON object, a CSV row, a record sent to the API) as a raw document.

    ``unknown`` collects the names of fields Legation does not read (None: not collected)."""
    text = record.get("text")
    if not isinstance(text, str) or not text.strip():
        return fail(source, "record has no text; every record needs a non-empty 'text' field")
    fields: dict[str, str | None] = {}
    notes: list[Note] = []
    for key in RECORD_FIELDS[1:]:
        fields[key], problem = _as_str(record.get(key))
        if problem:
            notes.append(note(source, NoteKind.FIELD, f"field {key!r} {problem}; it was ignored"))
    if unknown is not None:
        unknown.update(str(key) for key in record if key not in RECORD_FIELDS)
    return Raw(
        text=text,
        name=fields["id"] or source,
        source=source,
        title=fields["title"],
        url=fields["url"],
        outlet=fields["outlet"],
        published=fields["published"],
        retrieved=fields["retrieved"],
        record_id=fields["id"],
        notes=tuple(notes),
    )


def _as_str(value: Any) -> tuple[str | None, str | None]:
    """(the value as text, or None; why a value was not used)."""
    if value is None:
        return None, None
    if isinstance(value, bool):
        return None, f"holds {str(value).lower()}, not text"
    if isinstance(value, dict | list):
        return None, f"holds a JSON {'object' if isinstance(value, dict) else 'list'}, not text"
    text = str(value).strip()
    return text or None, None


def _unknown_fields(path: Path, names: Iterable[str], what: str = "fields") -> Note:
    listed = ", ".join(sorted(names)[:20]) + (" ..." if len(set(names)) > 20 else "")
    read = ", ".join(RECORD_FIELDS)
    return note(path, NoteKind.FIELD, f"{what} not read: {listed} (Legation reads {read})")
