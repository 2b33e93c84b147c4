"""The one data model every stage shares.

Stages take and return these types; rows and JSON exist only at the store and API edges
(:meth:`Event.to_record`). Codes are parsed once into value types (:class:`PloverType`,
:class:`Sector`, :class:`Context`, :class:`DatePrecision`).
"""

from __future__ import annotations

import hashlib
import json
import unicodedata
from dataclasses import dataclass, field, replace
from datetime import date
from enum import StrEnum
from typing import Any


class PloverType(StrEnum):
    """The 16 PLOVER 2.0 event types."""

    AGREE = "AGREE"
    CONSULT = "CONSULT"
    SUPPORT = "SUPPORT"
    CONCEDE = "CONCEDE"
    COOPERATE = "COOPERATE"
    AID = "AID"
    RETREAT = "RETREAT"
    REQUEST = "REQUEST"
    ACCUSE = "ACCUSE"
    REJECT = "REJECT"
    THREATEN = "THREATEN"
    PROTEST = "PROTEST"
    SANCTION = "SANCTION"
    MOBILIZE = "MOBILIZE"
    COERCE = "COERCE"
    ASSAULT = "ASSAULT"


class Sector(StrEnum):
    """PLOVER sector codes (plus IGO for international organisations)."""

    GOV = "GOV"
    MIL = "MIL"
    SPY = "SPY"
    LEG = "LEG"
    JUD = "JUD"
    COP = "COP"
    PRM = "PRM"
    PTY = "PTY"
    REB = "REB"
    UAF = "UAF"
    UNK = "UNK"
    AGR = "AGR"
    BUS = "BUS"
    CRM = "CRM"
    CVL = "CVL"
    EDU = "EDU"
    ELI = "ELI"
    JRN = "JRN"
    LAB = "LAB"
    MED = "MED"
    REF = "REF"
    OPP = "OPP"
    PRE = "PRE"
    REL = "REL"
    SOC = "SOC"
    IGO = "IGO"


class Context(StrEnum):
    """PLOVER general contexts."""

    MILITARY = "military"
    INTELLIGENCE = "intelligence"
    EXECUTIVE = "executive"
    LEGISLATIVE = "legislative"
    ELECTION = "election"
    POLITICAL_INSTITUTIONS = "political_institutions"
    PRO_DEMOCRACY = "pro_democracy"
    PRO_AUTOCRACY = "pro_autocracy"
    ECONOMIC = "economic"
    LEGAL = "legal"
    REPARATIONS = "reparations"
    HUMAN_RIGHTS = "human_rights"
    RIGHTS_FREEDOMS = "rights_freedoms"
    REPRESSION = "repression"
    HUMAN_SECURITY = "human_security"
    GENDER = "gender"
    LGBT = "lgbt"
    RELIGION_ETHNICITY = "religion_ethnicity"
    INEQUALITY = "inequality"
    DIPLOMATIC = "diplomatic"
    TERRITORY = "territory"
    PEACEKEEPING = "peacekeeping"
    HEALTH = "health"
    ASYLUM = "asylum"
    MIGRATION = "migration"
    DISASTERS = "disasters"
    NATURAL_RESOURCE = "natural_resource"
    ENVIRONMENT = "environment"
    TECHNOLOGY = "technology"
    TERRORISM = "terrorism"
    CBRN = "cbrn"
    CYBER = "cyber"
    MISINFORMATION = "misinformation"
    CRIME = "crime"
    CORRUPTION = "corruption"
    ILLEGAL_DRUGS = "illegal_drugs"
    TRAFFICKING = "trafficking"
    HUMANITARIAN = "humanitarian"


class DatePrecision(StrEnum):
    DAY = "day"
    WEEK = "week"
    MONTH = "month"
    YEAR = "year"
    UNKNOWN = "unknown"


class ActorKind(StrEnum):
    """What a mention refers to: a named person, an office (title without a holder),
    an institution, a country (or its seat of power), an IGO, or an unresolved group."""

    PERSON = "person"
    OFFICE = "office"
    INSTITUTION = "institution"
    COUNTRY = "country"
    IGO = "igo"
    GROUP = "group"
    UNKNOWN = "unknown"


def normalise_text(text: str) -> str:
    """NFC, unified newlines, trimmed trailing whitespace: the form ids are hashed from."""
    text = unicodedata.normalize("NFC", text).replace("\r\n", "\n").replace("\r", "\n")
    return "\n".join(line.rstrip() for line in text.split("\n")).strip()


def sha256_id(*parts: str) -> str:
    digest = hashlib.sha256("\x1f".join(parts).encode("utf-8")).hexdigest()
    return digest


@dataclass(frozen=True, slots=True)
class Document:
    """One article, press release or op-ed as ingested. ``text`` is stored as given
    (normalised); every character offset in the project points into it."""

    id: str
    name: str
    text: str
    title: str | None = None
    url: str | None = None
    outlet: str | None = None
    published: date | None = None
    source: str | None = None  # the file the document came from
    published_source: str | None = None  # record | html-meta | dateline | url | None

    @classmethod
    def create(cls, text: str, name: str, **fields: Any) -> Document:
        """Build a document whose id is the sha256 of its normalised text."""
        norm = normalise_text(text)
        return cls(id=sha256_id(norm), name=name, text=norm, **fields)


@dataclass(frozen=True, slots=True)
class Sentence:
    index: int
    text: str
    start: int
    end: int


@dataclass(frozen=True, slots=True)
class Span:
    text: str
    start: int
    end: int


@dataclass(frozen=True, slots=True)
class Actor:
    """A resolved (or partly resolved) actor or recipient.

    ``text`` is what the sentence says; ``name`` the canonical person or entity name when
    known; ``role`` the office held at the document's date; ``code`` the CAMEO-style code
    (``PAKMIL``). Unknown actors keep their text and whatever could be inferred."""

    text: str
    name: str | None = None
    role: str | None = None
    country: str | None = None
    sector: Sector | None = None
    code: str | None = None
    kind: ActorKind = ActorKind.UNKNOWN
    entity_id: str | None = None  # knowledge-base id of the person/institution/country
    start: int | None = None  # character span in the document text
    end: int | None = None

    def to_record(self) -> dict[str, Any]:
        return {
            "text": self.text,
            "name": self.name,
            "role": self.role,
            "country": self.country,
            "sector": self.sector.value if self.sector else None,
            "code": self.code,
            "kind": self.kind.value,
            "entity_id": self.entity_id,
            "start": self.start,
            "end": self.end,
        }

    @classmethod
    def from_record(cls, row: dict[str, Any]) -> Actor:
        return cls(
            text=row["text"],
            name=row.get("name"),
            role=row.get("role"),
            country=row.get("country"),
            sector=Sector(row["sector"]) if row.get("sector") else None,
            code=row.get("code"),
            kind=ActorKind(row.get("kind") or "unknown"),
            entity_id=row.get("entity_id"),
            start=row.get("start"),
            end=row.get("end"),
        )


@dataclass(frozen=True, slots=True)
class Mention:
    """An actor mention found in a parsed document: token span plus its resolution."""

    start_token: int
    end_token: int  # exclusive
    actor: Actor


@dataclass(frozen=True, slots=True)
class Amount:
    text: str
    value: float | None
    currency: str | None


@dataclass(frozen=True, slots=True)
class Event:
    """One coded event, tied to the sentence and trigger that state it."""

    doc_id: str
    sentence: Sentence
    event_type: PloverType
    trigger: Span
    rule: str
    coder: str
    actors: tuple[Actor, ...] = ()
    recipients: tuple[Actor, ...] = ()
    mode: str | None = None
    contexts: tuple[Context, ...] = ()
    cameo: str | None = None
    goldstein: float | None = None
    plover_score: float | None = None
    quad_class: int | None = None
    date: str | None = None  # ISO date, month ("2023-12") or year ("2019")
    date_precision: DatePrecision = DatePrecision.UNKNOWN
    location: str | None = None
    amount: Amount | None = None
    negated: bool = False
    hypothetical: bool = False
    historical: bool = False
    # confidence below the run's ``min_confidence`` (config): kept, shown, not counted current
    uncertain: bool = False
    confidence: float = 1.0
    sources: int = 1

    @property
    def id(self) -> str:
        """Stable content id: document, sentence, trigger, type and participants."""
        who = "|".join(a.entity_id or a.text for a in self.actors)
        whom = "|".join(a.entity_id or a.text for a in self.recipients)
        return sha256_id(
            self.doc_id,
            str(self.sentence.index),
            str(self.trigger.start),
            self.event_type.value,
            who,
            whom,
        )

    @property
    def is_current(self) -> bool:
        return not (self.negated or self.hypothetical or self.historical or self.uncertain)

    def evolve(self, **changes: Any) -> Event:
        return replace(self, **changes)

    def to_record(self, document: Document | None = None) -> dict[str, Any]:
        """The public event record (see DESIGN.md): field names never change."""
        doc = document
        return {
            "id": self.id,
            "doc_id": self.doc_id,
            "doc_name": doc.name if doc else None,
            "title": doc.title if doc else None,
            "outlet": doc.outlet if doc else None,
            "url": doc.url if doc else None,
            "published": doc.published.isoformat() if doc and doc.published else None,
            "sentence": {
                "index": self.sentence.index,
                "text": self.sentence.text,
                "start": self.sentence.start,
                "end": self.sentence.end,
            },
            "event_type": self.event_type.value,
            "mode": self.mode,
            "contexts": [c.value for c in self.contexts],
            "cameo": self.cameo,
            "goldstein": self.goldstein,
            "plover_score": self.plover_score,
            "quad_class": self.quad_class,
            "actors": [a.to_record() for a in self.actors],
            "recipients": [a.to_record() for a in self.recipients],
            "date": self.date,
            "date_precision": self.date_precision.value,
            "location": self.location,
            "amount": (
                {
                    "text": self.amount.text,
                    "value": self.amount.value,
                    "currency": self.amount.currency,
                }
                if self.amount
                else None
            ),
            "negated": self.negated,
            "hypothetical": self.hypothetical,
            "historical": self.historical,
            "uncertain": self.uncertain,
            "trigger": {
                "text": self.trigger.text,
                "start": self.trigger.start,
                "end": self.trigger.end,
            },
            "rule": self.rule,
            "confidence": self.confidence,
            "coder": self.coder,
            "sources": self.sources,
        }

    @classmethod
    def from_record(cls, rec: dict[str, Any]) -> Event:
        s = rec["sentence"]
        t = rec["trigger"]
        amt = rec.get("amount")
        return cls(
            doc_id=rec["doc_id"],
            sentence=Sentence(index=s["index"], text=s["text"], start=s["start"], end=s["end"]),
            event_type=PloverType(rec["event_type"]),
            trigger=Span(text=t["text"], start=t["start"], end=t["end"]),
            rule=rec["rule"],
            coder=rec["coder"],
            actors=tuple(Actor.from_record(a) for a in rec.get("actors") or ()),
            recipients=tuple(Actor.from_record(a) for a in rec.get("recipients") or ()),
            mode=rec.get("mode"),
            contexts=tuple(Context(c) for c in rec.get("contexts") or ()),
            cameo=rec.get("cameo"),
            goldstein=rec.get("goldstein"),
            plover_score=rec.get("plover_score"),
            quad_class=rec.get("quad_class"),
            date=rec.get("date"),
            date_precision=DatePrecision(rec.get("date_precision") or "unknown"),
            location=rec.get("location"),
            amount=Amount(amt["text"], amt.get("value"), amt.get("currency")) if amt else None,
            negated=bool(rec.get("negated")),
            hypothetical=bool(rec.get("hypothetical")),
            historical=bool(rec.get("historical")),
            uncertain=bool(rec.get("uncertain")),
            confidence=float(rec.get("confidence", 1.0)),
            sources=int(rec.get("sources", 1)),
        )


@dataclass(frozen=True, slots=True)
class Failure:
    """A document or record that could not be ingested or coded, and why."""

    source: str  # file path, optionally with ":line" / "#record"
    stage: str  # ingest | nlp | coding | store
    reason: str
    doc_id: str | None = None


class NoteKind(StrEnum):
    """What ingest changed or left out without refusing anything (see :class:`Note`)."""

    SKIPPED_FILE = "skipped_file"  # a file or folder link in a folder, not read
    DUPLICATE = "duplicate"  # the same text as an earlier document of the run
    DATE = "date"  # a `published` value not used (unreadable, or relative with no base)
    FIELD = "field"  # a record field ignored (not a string, or not one Legation reads)
    CHARACTERS = "characters"  # control characters or broken surrogates removed
    HTML = "html"  # HTML read by the fallback extractor (too deeply nested for lxml)


@dataclass(frozen=True, slots=True)
class Note:
    """Something ingest dropped or normalised while keeping the run going: counted in the run
    summary and stored (the ``notes`` table), never only logged."""

    source: str  # file path, optionally with ":line" / "#record"
    kind: NoteKind
    detail: str  # what happened, and what to do about it if anything
    doc_id: str | None = None


@dataclass(slots=True)
class CodedDocument:
    """What the pipeline produces for one document."""

    document: Document
    sentences: list[Sentence] = field(default_factory=list)
    mentions: list[Mention] = field(default_factory=list)
    events: list[Event] = field(default_factory=list)


def dumps_record(record: dict[str, Any]) -> str:
    return json.dumps(record, ensure_ascii=False, sort_keys=False)
