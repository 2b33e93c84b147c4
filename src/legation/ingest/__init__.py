"""Ingest: files, folders and records become :class:`Document` s, or :class:`Failure` s.

Reads ``.txt``/``.md`` (one document per file), ``.html``/``.htm`` (main text and metadata
through trafilatura, :mod:`.html`), ``.jsonl`` (one record per line) and ``.csv`` (one record
per row, header row first; :mod:`.records`). Records carry ``text`` and optionally ``id``,
``title``, ``url``, ``outlet``, ``published`` and ``retrieved`` (when the record was fetched:
the only date a relative ``published`` such as "yesterday" is counted from, :mod:`.dates`).
Each format is a :class:`~.readers.Reader` chosen by suffix (:mod:`.readers`); other packages
add formats through the entry-point group ``legation.readers``.

Choices worth knowing:

* A path named on the command line that does not exist raises
  :class:`~legation.errors.IngestError` at once, when :func:`iter_documents` is called and
  before anything is read: a mistyped path is a usage error, not a bad document. Everything
  else is isolated per file and per record: unreadable (a broken link, a link loop, no
  permission, a pipe or device, any other ``OSError``), binary, empty, oversized, foreign
  language, malformed record, and any unexpected error while reading one file, is yielded
  as a :class:`Failure` with ``stage="ingest"`` and a reason, and the batch carries on.
* **Nothing is dropped or changed silently.** What ingest leaves out or normalises without
  refusing anything (a file of an unsupported type or a link to a folder inside a folder, a
  text seen before under another name, a ``published`` value not used, a field that is not
  text, control characters removed, HTML read by a fallback extractor) is a
  :class:`~legation.model.Note`: counted in :class:`IngestStats` and handed to the runner
  (:meth:`IngestStats.take_notes`), which stores it (the store's ``notes`` table) and counts it
  in the run summary.
* Folders are walked recursively in sorted order; hidden files and folders are skipped, and
  links to folders are not followed (each is noted). An unsupported file named explicitly is
  a Failure.
* ``max_file_bytes`` limits ``.txt``/``.html`` files (read whole) and each single ``.jsonl``
  line or ``.csv`` row; record files themselves are streamed and may be any size. One
  document may hold at most :data:`MAX_DOCUMENT_CHARS` characters (what the spaCy model
  parses in one go): a longer one is a Failure that says to split it.
* Control characters (NUL included) are handled one way wherever they are: a file with more
  than 5% control bytes is binary (a Failure); in any text kept, they are removed and noted
  (:mod:`.text`).
* Identical text under two names is one document (the id is the hash of the normalised
  text): it is yielded once under its first name, and the others are noted as duplicates.
  The same record ``id`` with different text is a Failure.
* Language: a cheap, documented heuristic (:func:`detect_language`).
"""

from __future__ import annotations

import logging
import os
from collections import Counter
from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass, field, replace
from datetime import date, datetime
from pathlib import Path
from typing import Any

from ..config import Config
from ..errors import IngestError
from ..lang import LANGUAGES, Language
from ..model import Document, Failure, Note, NoteKind, normalise_text
from .dates import find_dateline, is_relative, parse_date, read_published, url_date
from .language import detect_language
from .raw import STAGE, Raw, fail, note
from .readers import READERS, Formats, Reader
from .records import RECORD_FIELDS, record_raw
from .text import clean_field, clean_text, decode_bytes, os_reason, removed_detail

__all__ = [
    "MAX_DOCUMENT_CHARS",
    "READERS",
    "RECORD_FIELDS",
    "STAGE",
    "Formats",
    "IngestStats",
    "Raw",
    "Reader",
    "decode_bytes",
    "detect_language",
    "find_dateline",
    "iter_documents",
    "iter_records",
    "load_text",
    "parse_date",
    "url_date",
]

log = logging.getLogger(__name__)

#: The most characters one document may have: spaCy's ``nlp.max_length`` (the parser and NER
#: need about 1 GB per 100,000 characters of one text); a news article is a few thousand.
MAX_DOCUMENT_CHARS = 1_000_000


@dataclass(slots=True)
class IngestStats:
    """What one :func:`iter_documents` run saw; pass one in to read it afterwards.

    ``notes`` counts notes by kind; the notes themselves wait in the stats until
    :meth:`take_notes` (a runner takes them after each batch and stores them). With
    ``keep_notes=False`` only the counts are kept."""

    files: int = 0
    documents: int = 0
    duplicates: int = 0
    skipped: int = 0  # files in folders not read: unsupported types, links to folders
    failures: int = 0
    notes: Counter[str] = field(default_factory=Counter)
    keep_notes: bool = True
    pending_notes: list[Note] = field(default_factory=list)

    def add_note(self, found: Note) -> None:
        self.notes[found.kind.value] += 1
        if self.keep_notes:
            self.pending_notes.append(found)
        log.info("note: %s: %s", found.source, found.detail)

    def take_notes(self) -> list[Note]:
        """The notes found since the last call (in the order found)."""
        taken, self.pending_notes = self.pending_notes, []
        return taken


@dataclass(slots=True)
class _Seen:
    doc_ids: set[str] = field(default_factory=set)
    record_ids: dict[str, tuple[str, str]] = field(default_factory=dict)  # id -> (doc id, source)


# --------------------------------------------------------------------------- public API


def iter_documents(
    paths: Iterable[Path | str], config: Config, stats: IngestStats | None = None
) -> Iterator[Document | Failure]:
    """Yield a Document or a Failure for every document found under ``paths``; notes go to
    ``stats`` (see :class:`IngestStats`).

    Raises IngestError immediately if a path does not exist."""
    checked = [Path(p) for p in paths]
    for path in checked:
        if not path.exists() and not path.is_symlink():
            raise IngestError(str(path), "no such file or folder; check the path and try again")
    return _generate(checked, config, stats if stats is not None else IngestStats(keep_notes=False))


def iter_records(
    records: Iterable[Mapping[str, Any]],
    config: Config,
    source: str = "<records>",
    stats: IngestStats | None = None,
) -> Iterator[Document | Failure]:
    """Yield a Document or a Failure for each record held in memory (the HTTP API's entry
    point), checked as the lines of a ``.jsonl`` file are: text, language, date, record id;
    notes go to ``stats``.

    A record's source (and name, without an ``id``) is ``<source>#<n>``, n counting from 1; a
    record with the same text as an earlier one yields nothing (it is one document)."""
    seen, stats = _Seen(), stats if stats is not None else IngestStats(keep_notes=False)
    for number, record in enumerate(records, start=1):
        raw = record_raw(dict(record), f"{source}#{number}", None)
        result = raw if isinstance(raw, Failure) else _admit(raw, config, seen, stats)
        if result is not None:
            yield result


def load_text(
    text: str,
    published: date | str | None = None,
    name: str = "<text>",
    lang: Language | None = None,
) -> Document:
    """Build a Document from a string (the Python API's entry point).

    ``published`` may be a date or a date string; without it, the text's dateline is used
    (both read in ``lang``, default English). Control characters are removed as everywhere in
    ingest. Raises IngestError for empty text or an unreadable date."""
    text = clean_text(text)[0]
    if not normalise_text(text):
        raise IngestError(name, "empty document: there is no text to code")
    if (too_long := _too_long(normalise_text(text))) is not None:
        raise IngestError(name, too_long)
    when, where = _given_date(published, name, lang)
    if when is None:
        when = find_dateline(text, lang)
        where = "dateline" if when else None
    return Document.create(text, name=name, published=when, published_source=where)


# --------------------------------------------------------------------------- walking


def _generate(
    paths: list[Path], config: Config, stats: IngestStats
) -> Iterator[Document | Failure]:
    seen, formats = _Seen(), Formats.installed()
    for item in _walk(paths, formats, stats):
        if isinstance(item, Note):
            stats.add_note(item)
            continue
        if isinstance(item, Failure):
            stats.failures += 1
            yield item
            continue
        stats.files += 1
        for read in _read_guarded(*item, formats, config):
            if (result := _route(read, config, seen, stats)) is not None:
                yield result
    log.info(
        "ingest: %d files, %d documents, %d duplicates, %d failures, %d files skipped, notes %s",
        stats.files,
        stats.documents,
        stats.duplicates,
        stats.failures,
        stats.skipped,
        dict(stats.notes),
    )


def _route(
    read: Raw | Failure | Note, config: Config, seen: _Seen, stats: IngestStats
) -> Document | Failure | None:
    """A reader's output: a note kept, a raw document admitted, a failure counted."""
    if isinstance(read, Note):
        stats.add_note(read)
        return None
    result = read if isinstance(read, Failure) else _admit_guarded(read, config, seen, stats)
    if isinstance(result, Failure):
        stats.failures += 1
        log.debug("ingest failure: %s: %s", result.source, result.reason)
    return result


def _walk(
    paths: list[Path], formats: Formats, stats: IngestStats
) -> Iterator[tuple[Path, bool] | Failure | Note]:
    """(file, named explicitly by the user) in a deterministic order, and what could not be
    walked (a Failure) or was left out (a Note)."""
    for path in paths:
        if path.is_dir():
            yield from _walk_folder(path, formats, stats)
        else:
            yield path, True


def _walk_folder(
    folder: Path, formats: Formats, stats: IngestStats
) -> Iterator[tuple[Path, bool] | Failure | Note]:
    errors: list[OSError] = []
    for root, dirs, files in os.walk(folder, onerror=errors.append):
        yield from _listing_failures(errors)
        here = Path(root)
        links = {d for d in dirs if not d.startswith(".") and (here / d).is_symlink()}
        dirs[:] = sorted(d for d in dirs if not d.startswith(".") and d not in links)
        for name in sorted(links):
            stats.skipped += 1
            yield note(here / name, NoteKind.SKIPPED_FILE, _FOLDER_LINK)
        for name in sorted(f for f in files if not f.startswith(".")):
            yield _file_in_folder(here / name, formats, stats)
    yield from _listing_failures(errors)


_FOLDER_LINK = (
    "a link to a folder: not followed (it could lead back into the folder); name its target "
    "on the command line to read it"
)


def _file_in_folder(path: Path, formats: Formats, stats: IngestStats) -> tuple[Path, bool] | Note:
    if formats.reader(path) is not None:
        return path, False
    stats.skipped += 1
    suffix = path.suffix.lower() or "(none)"
    detail = f"unsupported file type {suffix}: not read; {formats.hint()}"
    return note(path, NoteKind.SKIPPED_FILE, detail)


def _listing_failures(errors: list[OSError]) -> Iterator[Failure]:
    for error in errors:
        where = Path(error.filename) if error.filename else Path("?")
        yield fail(where, f"cannot list the folder: {os_reason(where, error)}")
    errors.clear()


def _read_guarded(
    path: Path, explicit: bool, formats: Formats, config: Config
) -> Iterator[Raw | Failure | Note]:
    """The file's reader's output, with any unexpected error recorded as this file's
    Failure."""
    reader = formats.reader(path)
    if reader is None:
        suffix = path.suffix or "(none)"
        yield fail(path, f"unsupported file type {suffix}; {formats.hint()}")
        return
    try:
        yield from reader.read(path, config)
    except Exception as exc:  # a bug reading one file must not end the run: record it
        log.exception("reading %s failed", path)
        yield fail(path, _internal(exc, "reading the file"))


def _internal(exc: Exception, doing: str) -> str:
    return (
        f"internal error while {doing} ({type(exc).__name__}: {exc}); the run went on without "
        "it; please report it"
    )


# --------------------------------------------------------------------------- admission


def _admit_guarded(
    raw: Raw, config: Config, seen: _Seen, stats: IngestStats
) -> Document | Failure | None:
    try:
        return _admit(raw, config, seen, stats)
    except Exception as exc:  # a bug admitting one record must not end the run: record it
        log.exception("admitting %s failed", raw.source)
        return fail(raw.source, _internal(exc, "reading the record"))


def _admit(raw: Raw, config: Config, seen: _Seen, stats: IngestStats) -> Document | Failure | None:
    """Turn a raw read into a Document: characters, empty check, date, language,
    duplicates; its notes go to ``stats`` with its id."""
    raw = _cleaned(raw)
    if not normalise_text(raw.text):
        return fail(raw.source, "empty document: there is no text to code; add text or remove it")
    published, published_source, date_note = _resolve_date(raw, config.language)
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
    notes = [*raw.notes, *([note(raw.source, NoteKind.DATE, date_note)] if date_note else [])]
    for found in notes:
        stats.add_note(replace(found, doc_id=doc.id))
    problem = (
        _too_long(doc.text)
        or _language_problem(doc.text, config)
        or _record_id_problem(raw, doc, seen)
    )
    if problem:
        return fail(raw.source, problem, doc.id)
    if doc.id in seen.doc_ids:
        stats.duplicates += 1
        stats.add_note(note(raw.source, NoteKind.DUPLICATE, _DUPLICATE, doc.id))
        return None
    seen.doc_ids.add(doc.id)
    stats.documents += 1
    return doc


_DUPLICATE = (
    "the same text as an earlier document of this run (same id); it was kept once, under the "
    "earlier one's name"
)
_CLEANED_FIELDS = ("title", "url", "outlet", "published", "retrieved", "meta_date", "record_id")


def _cleaned(raw: Raw) -> Raw:
    """``raw`` without control characters in its text and fields, noting how many went."""
    text, removed = clean_text(raw.text)
    fields: dict[str, Any] = {}
    for key in _CLEANED_FIELDS:
        fields[key], count = clean_field(getattr(raw, key))
        removed += count
    cleaned_name, count = clean_field(raw.name)
    if not removed + count:
        return raw
    extra = note(raw.source, NoteKind.CHARACTERS, removed_detail(removed + count))
    notes = (*raw.notes, extra)
    return replace(raw, text=text, name=cleaned_name or raw.source, notes=notes, **fields)


def _too_long(text: str) -> str | None:
    if len(text) <= MAX_DOCUMENT_CHARS:
        return None
    return (
        f"document is {len(text):,} characters, over the {MAX_DOCUMENT_CHARS:,} one document "
        "can have (the NLP model's limit); split it into its articles (one per file, or one "
        "JSONL/CSV record each)"
    )


def _record_id_problem(raw: Raw, doc: Document, seen: _Seen) -> str | None:
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
    detected = detect_language(text, config.languages)
    if detected is None or any(code in config.languages for code in detected.split("/")):
        return None
    installed = any(c in LANGUAGES.names() for c in detected.split("/"))
    plugin = "" if installed else "install a language plugin for it (docs/plugins.md) and "
    return (
        f"non-{config.language.name} text (detected: {detected}); {plugin}set languages in "
        f"config to code it (now: {', '.join(config.languages)})"
    )


# --------------------------------------------------------------------------- dates


def _resolve_date(raw: Raw, lang: Language) -> tuple[date | None, str | None, str | None]:
    """(date, where it came from, a note): the record's ``published``, else HTML metadata,
    else the dateline or byline, else the URL, read in ``lang``. A ``published`` value not
    used is noted, with what was used instead."""
    if raw.published is None:
        return (*_other_date(raw, lang), None)
    found, detail = read_published(raw.published, raw.retrieved, lang)
    if found is not None:
        return found, "record", detail
    instead, where = _other_date(raw, lang)
    detail = f"{detail}; " + (
        f"the {where} date {instead} was used instead" if instead else "the document has no date"
    )
    log.warning("%s: %s", raw.source, detail)
    return instead, where, detail


def _other_date(raw: Raw, lang: Language) -> tuple[date | None, str | None]:
    if raw.meta_date and (found := parse_date(raw.meta_date, lang=lang)):
        return found, "html-meta"
    if found := find_dateline(raw.text, lang):
        return found, "dateline"
    if raw.url and (found := url_date(raw.url)):
        return found, "url"
    return None, None


def _given_date(
    published: date | str | None, name: str, lang: Language | None
) -> tuple[date | None, str | None]:
    if published is None:
        return None, None
    if isinstance(published, datetime):
        return published.date(), "record"
    if isinstance(published, date):
        return published, "record"
    found = parse_date(published, lang=lang)
    if found is None:
        relative = " (a relative date: counted from what?)" if is_relative(published, lang) else ""
        raise IngestError(name, f"cannot read the date {published!r}{relative}; use YYYY-MM-DD")
    return found, "record"
