"""What the readers of :mod:`legation.ingest` share: a document as read, failures and notes."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from ..model import Failure, Note, NoteKind

STAGE = "ingest"


@dataclass(frozen=True, slots=True)
class Raw:
    """A document as read, before dates, language and duplicates are settled. ``notes`` are
    what reading it dropped or changed (they get the document's id once it has one)."""

    text: str
    name: str
    source: str
    title: str | None = None
    url: str | None = None
    outlet: str | None = None
    published: str | None = None  # the record's own value, unparsed
    retrieved: str | None = None  # the record's own value: the base of a relative `published`
    meta_date: str | None = None  # from HTML metadata
    record_id: str | None = None
    notes: tuple[Note, ...] = ()


def fail(source: Path | str, reason: str, doc_id: str | None = None) -> Failure:
    return Failure(source=str(source), stage=STAGE, reason=reason, doc_id=doc_id)


def note(source: Path | str, kind: NoteKind, detail: str, doc_id: str | None = None) -> Note:
    return Note(source=str(source), kind=kind, detail=detail, doc_id=doc_id)


def too_big(size: int, limit: int, what: str) -> str:
    return (
        f"{what} is {size:,} bytes, over the limit of {limit:,} (max_file_bytes); "
        "raise max_file_bytes in your config to read it"
    )
