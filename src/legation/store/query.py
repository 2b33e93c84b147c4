"""What the store returns (:class:`EventQuery`, which events to read, is in :mod:`.filters`)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Any, NamedTuple

from ..model import Document, Event, Failure
from .filters import CURRENT, EventQuery

__all__ = [
    "CURRENT",
    "DyadCount",
    "EventQuery",
    "FailureRow",
    "NoteRow",
    "StoredEvent",
    "WriteResult",
]

# --------------------------------------------------------------------------- result types


@dataclass(frozen=True, slots=True)
class WriteResult:
    """What :meth:`Store.write_batch` added (documents already stored are ``skipped``)."""

    documents: int = 0
    sentences: int = 0
    events: int = 0
    failures: int = 0
    skipped: int = 0
    notes: int = 0


@dataclass(frozen=True, slots=True)
class FailureRow:
    """A recorded failure with how often and when it was seen."""

    source: str
    stage: str
    reason: str
    doc_id: str | None
    first_seen: datetime
    last_seen: datetime
    count: int

    @property
    def failure(self) -> Failure:
        return Failure(self.source, self.stage, self.reason, self.doc_id)

    def as_dict(self) -> dict[str, Any]:
        """JSON-ready: timestamps as ISO strings."""
        return {
            "source": self.source,
            "stage": self.stage,
            "reason": self.reason,
            "doc_id": self.doc_id,
            "first_seen": self.first_seen.isoformat(),
            "last_seen": self.last_seen.isoformat(),
            "count": self.count,
        }


@dataclass(frozen=True, slots=True)
class NoteRow:
    """A recorded note (what ingest dropped or normalised) with how often and when it was seen."""

    source: str
    kind: str
    detail: str
    doc_id: str | None
    first_seen: datetime
    last_seen: datetime
    count: int

    def as_dict(self) -> dict[str, Any]:
        """JSON-ready: timestamps as ISO strings."""
        return {
            "source": self.source,
            "kind": self.kind,
            "detail": self.detail,
            "doc_id": self.doc_id,
            "first_seen": self.first_seen.isoformat(),
            "last_seen": self.last_seen.isoformat(),
            "count": self.count,
        }


@dataclass(frozen=True, slots=True)
class StoredEvent:
    """An event with its document's fields. ``document.text`` is ``""`` unless asked for."""

    event: Event
    document: Document

    @property
    def record(self) -> dict[str, Any]:
        return self.event.to_record(self.document)


class DyadCount(NamedTuple):
    """Events from ``actor`` to ``recipient`` (unpacks as ``actor, recipient, events``)."""

    actor: str
    recipient: str
    events: int
