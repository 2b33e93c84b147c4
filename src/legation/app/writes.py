"""The write endpoints of the HTTP API, one :data:`router` that
:func:`legation.app.http.create_app` includes only when the app has a token; every request
reaching them has passed the token check and the body limit
(:data:`legation.app.base.MAX_BODY_BYTES`).

* ``POST /api/documents`` — code one document or a list into the store, as ``legation code``
  does (:func:`legation.runner.records.code_records`); idempotent; one result per document.
* ``POST /api/merges`` — merge reports of one event into a canonical event (rule
  ``manual.v1``); ``DELETE /api/merges/{event_id}`` undoes a merge (:meth:`Store.unmerge`).
* ``POST /api/kb/aliases``, ``POST /api/kb/people`` — add an alias to a knowledge-base entry or
  a new person to the store's actor file (:mod:`legation.actors.edits`); documents coded
  afterwards resolve them.

Bodies are pydantic models: unknown fields are refused, every string is bounded and free of NUL
characters and lone surrogates, one-line fields (titles, names) of any control character, and
ids match a pattern.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from datetime import UTC, datetime
from typing import TYPE_CHECKING, Annotated, Any, Literal

from fastapi import APIRouter, Body, Query
from fastapi import Path as PathParam
from pydantic import (
    BaseModel,
    BeforeValidator,
    ConfigDict,
    Field,
    StringConstraints,
    field_validator,
    model_validator,
)
from starlette.exceptions import HTTPException

from .. import analysis
from ..actors.edits import ActorFile, store_actor_file
from ..errors import KnowledgeBaseError
from ..model import Sector
from .base import EVENT_ID, MAX_BODY_BYTES, ApiError, IsoDate, StateDep

if TYPE_CHECKING:
    from ..actors.kb import KnowledgeBase
    from ..runner.records import RecordResult, RecordsResult
    from ..store import Store
    from ..workspace import Workspace

MAX_DOCUMENTS = 100
MAX_MERGE = 50
MANUAL_RULE = "manual.v1"
#: One line of text: no control characters.
LINE = r"^[^\x00-\x1f\x7f]*$"
#: A name: one line with at least one letter (spelled out, as in ``api.WORD``: JSON
#: Schema's ``\W`` and ``\s`` are not Python's).
NAME = r"^[^\x00-\x1f\x7f]*[A-Za-z\u00C0-\uFFFF][^\x00-\x1f\x7f]*$"
#: Characters a URL may not hold: controls, space and the Unicode spaces.
NOT_IN_URL = r"\x00-\x20\x7f\u00A0\u1680\u2000-\u200A\u2028\u2029\u202F\u205F\u3000\uFEFF"
#: A knowledge-base id (``asim_munir``, ``PAK.isi``, ``IMF``, ``PAK``).
ENTRY_ID = r"^[A-Za-z0-9][A-Za-z0-9_.\-]{0,79}$"
TOO_LARGE: dict[int | str, dict[str, Any]] = {
    413: {"model": ApiError, "description": f"The body is larger than {MAX_BODY_BYTES} bytes"}
}


# --------------------------------------------------------------------------- bodies


class _Body(BaseModel):
    model_config = ConfigDict(extra="forbid")

    @field_validator("*", mode="after")
    @classmethod
    def _text_only(cls, value: Any) -> Any:
        items = value if isinstance(value, list | tuple) else [value]
        for text in (item for item in items if isinstance(item, str)):
            if "\x00" in text or not _encodable(text):
                raise ValueError("must be UTF-8 text without NUL characters")
        return value


def _encodable(text: str) -> bool:
    try:
        text.encode("utf-8")
    except UnicodeEncodeError:
        return False
    return True


Name = Annotated[
    str, StringConstraints(strip_whitespace=True, min_length=1, max_length=120, pattern=NAME)
]


class DocumentIn(_Body):
    """One document: its text and, optionally, what a ``.jsonl`` record may carry."""

    model_config = ConfigDict(
        json_schema_extra={
            "examples": [
                {
                    "text": "ISLAMABAD, Dec 15 (Reuters) - Army chief General Asim Munir met "
                    "Secretary of State Antony Blinken in Washington on Thursday.",
                    "id": "reuters-2023-12-15-munir",
                    "title": "Pakistan army chief in Washington",
                    "outlet": "Reuters",
                    "url": "https://example.org/munir-blinken",
                    "published": "2023-12-15",
                }
            ]
        }
    )

    text: str = Field(min_length=1, max_length=MAX_BODY_BYTES, description="The article text")
    id: str | None = Field(None, max_length=200, pattern=LINE, description="Your id (its name)")
    title: str | None = Field(None, max_length=500, pattern=LINE)
    url: str | None = Field(None, max_length=2000, pattern=rf"^https?://[^{NOT_IN_URL}]+$")
    outlet: str | None = Field(None, max_length=200, pattern=LINE)
    published: IsoDate | None = Field(None, description="YYYY-MM-DD; else the text's dateline")

    def record(self) -> dict[str, Any]:
        return self.model_dump(mode="json", exclude_none=True)


def _as_list(value: Any) -> Any:
    return [value] if isinstance(value, dict) else value


_DocumentList = Annotated[list[DocumentIn], Field(min_length=1, max_length=MAX_DOCUMENTS)]
Documents = Annotated[
    _DocumentList, BeforeValidator(_as_list, json_schema_input_type=DocumentIn | _DocumentList)
]


class DocumentResult(BaseModel):
    index: int = Field(description="Position in the request, from 0")
    status: Literal["stored", "already_stored", "duplicate", "failed"]
    id: str | None = Field(description="The document id (sha256 of the normalised text)")
    name: str
    events: int
    reason: str | None = Field(description="Why it failed")
    notes: list[str] = Field(default=[], description="What ingest dropped or changed in it")


class IngestReport(BaseModel):
    message: str
    received: int
    stored: int
    already_stored: int
    duplicates: int
    failed: int
    events: int
    merged: int = Field(description="Events merged into reports from other documents")
    documents: list[DocumentResult]


EventId = Annotated[str, Field(pattern=EVENT_ID)]


class MergeIn(_Body):
    """Reports of one event: ``members`` are absorbed into ``canonical``."""

    canonical: EventId
    members: list[EventId] = Field(min_length=1, max_length=MAX_MERGE)


class MergeOut(BaseModel):
    canonical: str
    absorbed: list[str]
    sources: int


class UnmergeOut(BaseModel):
    restored: list[str]


class AliasIn(_Body):
    model_config = ConfigDict(
        json_schema_extra={
            "examples": [{"section": "people", "id": "antony_blinken", "alias": "Secretary Tony"}]
        }
    )

    section: Literal["people", "institutions", "igos", "countries"] = "people"
    id: str = Field(pattern=ENTRY_ID, description="The entry's id (ISO3 for countries)")
    alias: Name


class AliasOut(BaseModel):
    section: str
    id: str
    name: str
    aliases: list[str]
    added: bool = Field(description="False when the entry had the alias already")
    file: str


class PositionIn(_Body):
    """An office held (``PAK.fm``), from ``start`` until before ``end``."""

    office: str = Field(pattern=ENTRY_ID)
    start: IsoDate | None = None
    end: IsoDate | None = None

    @model_validator(mode="after")
    def _ordered(self) -> PositionIn:
        if self.start and self.end and self.end <= self.start:
            raise ValueError("end must come after start")
        return self


class PersonIn(_Body):
    """A person as in the knowledge base's ``people`` section."""

    model_config = ConfigDict(
        json_schema_extra={
            "examples": [
                {
                    "id": "zara_khanum",
                    "name": "Zara Khanum",
                    "country": "PAK",
                    "sector": "GOV",
                    "aliases": ["Minister Khanum"],
                    "positions": [{"office": "PAK.fo_spokesperson", "start": "2030-01-01"}],
                }
            ]
        }
    )

    id: str = Field(pattern=r"^[a-z0-9][a-z0-9_]{1,59}$", description="New id, e.g. zara_khan")
    name: Name
    country: str = Field(pattern=r"^[A-Z]{3}$", description="ISO3")
    aliases: list[Name] = Field(default=[], max_length=20)
    surname: Name | None = None
    match_surname: bool = True
    sector: Sector | None = Field(None, description="When no office held says it")
    positions: list[PositionIn] = Field(default=[], max_length=20)


class PersonOut(BaseModel):
    person: dict[str, Any]
    file: str


# --------------------------------------------------------------------------- routes


router = APIRouter()


@router.post(
    "/api/documents",
    tags=["writes"],
    summary="Code documents into the store",
    responses=TOO_LARGE,
)
def documents(
    state: StateDep,
    body: Annotated[Documents, Body(description="One document or a list")],
    dedup: Annotated[bool, Query(description="Merge reports across documents")] = True,
) -> IngestReport:
    """Code documents into the store as ``legation code`` does. Idempotent: a document
    already stored (same text) is reported as ``already_stored``; empty, non-English or
    unreadable documents come back as ``failed`` with the reason. The first call loads
    the language model (seconds)."""
    from ..runner.records import code_records

    records = [document.record() for document in body]
    with state.write_lock:
        result = code_records(
            records,
            state.store,
            state.workspace.pipeline(),  # built on first use, kept for the app's lifetime
            source=_request_source(),
            dedup=dedup,
            store_lock=state.store_lock,
        )
    return _report(result)


def _request_source() -> str:
    """Where a posted record came from, and its name without an ``id``: the request's time,
    "api@2026-11-23T08:20:01.123Z" (its records are ``#1``, ``#2`` ...)."""
    stamp = datetime.now(UTC).isoformat(timespec="milliseconds")
    return "api@" + stamp.replace("+00:00", "Z")


def _report(result: RecordsResult) -> IngestReport:
    stored, known = result.count("stored"), result.count("already_stored")
    failed, duplicates = result.count("failed"), result.count("duplicate")
    if stored or failed:
        message = f"stored {stored} of {len(result.records)} documents ({result.events} events)"
        message += f"; {failed} failed" if failed else ""
    else:
        message = "nothing new: every document was in the store already"
    rows = [DocumentResult.model_validate(_result_row(r)) for r in result.records]
    return IngestReport(
        message=message,
        received=len(result.records),
        stored=stored,
        already_stored=known,
        duplicates=duplicates,
        failed=failed,
        events=result.events,
        merged=result.merged,
        documents=rows,
    )


def _result_row(result: RecordResult) -> dict[str, Any]:
    return {
        "index": result.index,
        "status": result.status,
        "id": result.doc_id,
        "name": result.name,
        "events": result.events,
        "reason": result.reason,
        "notes": list(result.notes),
    }


@router.post(
    "/api/merges",
    tags=["writes"],
    summary="Merge reports of one event",
    status_code=201,
    responses=TOO_LARGE,
)
def merge(state: StateDep, body: MergeIn) -> MergeOut:
    """Merge reports of one event: ``members`` move out of the event table and
    ``canonical`` counts them as sources. Every id must be a stored event not merged
    away already, and a member must have no reports of its own."""
    with state.store_lock:  # the store's one write connection
        return _merge(state.store, body.canonical, body.members)


@router.delete("/api/merges/{event_id}", tags=["writes"], summary="Undo a merge")
def unmerge(state: StateDep, event_id: Annotated[str, PathParam(pattern=EVENT_ID)]) -> UnmergeOut:
    """Undo a merge: a canonical event's id restores all its reports; a report's id takes
    only that one out. Events pulled apart are not merged again by de-duplication."""
    with state.store_lock:  # the store's one write connection
        store = state.store
        if not any(event_id in (m.event_id, m.canonical_id) for m in store.merges()):
            raise HTTPException(404, f"event {event_id} is not part of a merge (GET /api/merges)")
        return UnmergeOut(restored=store.unmerge(event_id))


def _merge(store: Store, canonical: str, members: list[str]) -> MergeOut:
    _check_merge(store, canonical, members)
    store.merge_events([(canonical, members)], MANUAL_RULE)
    merged = analysis.get_event(store, canonical)
    sources = merged.event.sources if merged else 1 + len(members)
    return MergeOut(canonical=canonical, absorbed=members, sources=sources)


def _check_merge(store: Store, canonical: str, members: list[str]) -> None:
    ids = [canonical, *members]
    if len(set(ids)) < len(ids):
        raise HTTPException(400, "an event id is given twice; list each event once")
    merges = store.merges()
    absorbed = {m.event_id: m.canonical_id for m in merges}
    with_reports = {m.canonical_id for m in merges}
    for event_id in ids:
        if event_id in absorbed:
            raise HTTPException(
                400, f"event {event_id} is merged into {absorbed[event_id]} already"
            )
        if analysis.get_event(store, event_id) is None:
            raise HTTPException(404, f"no such event {event_id}")
    for event_id in members:
        if event_id in with_reports:
            raise HTTPException(
                400,
                f"event {event_id} has reports merged into it; make it the canonical event, "
                f"or undo that merge first (DELETE /api/merges/{event_id})",
            )


@router.post(
    "/api/kb/aliases",
    tags=["writes"],
    summary="Add an alias to the knowledge base",
    responses=TOO_LARGE,
)
def alias(state: StateDep, body: AliasIn) -> AliasOut:
    """Add an alias to a person, institution, IGO or country of the knowledge base (in
    the store's actor file); documents coded afterwards resolve it."""
    with state.write_lock, _edit(state.workspace) as file:
        kb, added = file.add_alias(body.section, body.id, body.alias)
        _use(state.workspace, kb)
    entry = getattr(kb, body.section)[body.id]
    return AliasOut(
        section=body.section,
        id=body.id,
        name=entry.name,
        aliases=list(entry.aliases),
        added=added,
        file=file.path.name,
    )


@router.post(
    "/api/kb/people",
    tags=["writes"],
    summary="Add a person to the knowledge base",
    status_code=201,
    responses=TOO_LARGE,
)
def person(state: StateDep, body: PersonIn) -> PersonOut:
    """Add a person (country, sector, offices held and when) to the store's actor file;
    documents coded afterwards resolve the name and aliases."""
    from ..actors.kb import Person

    new = Person.model_validate(body.model_dump(exclude_none=True))
    with state.write_lock, _edit(state.workspace) as file:
        _use(state.workspace, file.add_person(new))
    return PersonOut(person=new.model_dump(mode="json", exclude_defaults=True), file=file.path.name)


@contextmanager
def _edit(workspace: Workspace) -> Iterator[ActorFile]:
    """The store's actor file; an error names it without the server's folders."""
    file = ActorFile(store_actor_file(workspace.db), base=workspace.config.actor_paths)
    try:
        yield file
    except KnowledgeBaseError as exc:
        raise KnowledgeBaseError(str(exc).replace(str(file.path), file.path.name)) from None


def _use(workspace: Workspace, kb: KnowledgeBase) -> None:
    """Serve ``kb`` from now on and code with it (the pipeline keeps its language model)."""
    workspace.use_knowledge_base(kb)
