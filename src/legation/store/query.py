"""What the store returns, and :class:`EventQuery`, which events to read."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime
from typing import Any, NamedTuple

from ..errors import StoreError
from ..model import Document, Event, Failure, PloverType

CURRENT = "NOT (e.negated OR e.hypothetical OR e.historical OR e.uncertain)"

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


@dataclass(frozen=True, slots=True)
class EventQuery:
    """Which events to read. ``dyad`` is ``"PAK-USA"`` (ISO3 countries, matched against every
    actor and recipient) or CAMEO-style codes (``"PAKMIL-USAGOV"``); undirected unless
    ``directed``. ``since``/``until`` apply to the event date, else the publication date."""

    dyad: str | tuple[str, str] | None = None
    directed: bool = False
    event_type: str | None = None
    since: date | None = None
    until: date | None = None
    include_noncurrent: bool = False
    limit: int | None = None

    def where(self) -> tuple[str, list[Any]]:
        """SQL condition (fixed text, values bound) and its parameters."""
        clauses: list[str] = ["TRUE"]
        params: list[Any] = []
        if self.dyad:
            _dyad_clause(self.dyad, self.directed, clauses, params)
        if self.event_type:
            clauses.append("e.event_type = ?")
            params.append(_plover(self.event_type))
        for bound, op in ((self.since, ">="), (self.until, "<=")):
            if bound is not None:
                clauses.append(f"COALESCE(e.date_start, d.published) {op} ?")
                params.append(bound)
        if not self.include_noncurrent:
            clauses.append(CURRENT)
        return " AND ".join(clauses), params


def _dyad_clause(
    dyad: str | tuple[str, str], directed: bool, clauses: list[str], params: list[Any]
) -> None:
    a, b = _parse_dyad(dyad)
    forward = f"({_side('actor', a)} AND {_side('recipient', b)})"
    if directed:
        clauses.append(forward)
        params.extend([a, b])
    else:
        backward = f"({_side('actor', b)} AND {_side('recipient', a)})"
        clauses.append(f"({forward} OR {backward})")
        params.extend([a, b, b, a])


def _side(role: str, code: str) -> str:
    column = f"{role}_countries" if len(code) == 3 else f"{role}_codes"
    return f"list_contains(e.{column}, ?)"


def _parse_dyad(dyad: str | tuple[str, str]) -> tuple[str, str]:
    parts = [p.strip().upper() for p in (dyad.split("-") if isinstance(dyad, str) else dyad)]
    if len(parts) != 2 or not all(p.isalnum() and len(p) >= 3 for p in parts):
        raise StoreError(
            f"cannot read the dyad {dyad!r}: write two ISO3 country codes or actor codes "
            "joined by '-', e.g. PAK-USA or PAKMIL-USAGOV"
        )
    return parts[0], parts[1]


def _plover(name: str) -> str:
    try:
        return PloverType(name.strip().upper()).value
    except ValueError:
        valid = ", ".join(t.value for t in PloverType)
        raise StoreError(f"unknown event type {name!r}; choose one of: {valid}") from None
