"""The one data model every stage shares.

Stages take and return these types; rows and JSON exist only at the store and API edges
(:meth:`Event.to_record`). Codes are parsed once into value types (:class:`PloverType`,
:class:`Sector`, :class:`Context`, :class:`DatePrecision`).
"""

from __future__ import annotations

import hashlib
import json
import unicodedata
from collections.abc import Callable, Hashable
from dataclasses import MISSING, dataclass, field, fields, is_dataclass, replace
from datetime import date
from enum import Enum, StrEnum
from functools import cache, partial
from typing import Any, NamedTuple, TypeVar, cast, get_args, get_origin, get_type_hints

from .record import DOCUMENT_KEYS, RECORD_KEYS

T = TypeVar("T")


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
        """Build a document whose id is the sha256 of its normalised text. ``published`` may
        be a date or an ISO date string ("2024-03-05"); anything else is refused here, not
        deep in the coder."""
        published = fields.get("published")
        if isinstance(published, str):
            try:
                fields["published"] = date.fromisoformat(published.strip())
            except ValueError:
                raise ValueError(
                    f"document {name!r}: published {published!r} is not an ISO date; "
                    "give a datetime.date or 'YYYY-MM-DD'"
                ) from None
        elif published is not None and not isinstance(published, date):
            raise ValueError(
                f"document {name!r}: published must be a datetime.date or 'YYYY-MM-DD', "
                f"not {type(published).__name__}"
            )
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
        """The party as the event record writes it (its fields, in order)."""
        return _plain(self)  # type: ignore[no-any-return]

    @classmethod
    def from_record(cls, row: dict[str, Any]) -> Actor:
        return _load(cls, row)


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
        """The public event record (README, "What comes out"): its keys and their order are
        those of :data:`legation.record.COLUMNS`; field names never change."""
        return {
            key: _plain(
                getattr(document, DOCUMENT_KEYS[key], None)
                if key in DOCUMENT_KEYS
                else getattr(self, key)
            )
            for key in RECORD_KEYS
        }

    @classmethod
    def from_record(cls, rec: dict[str, Any]) -> Event:
        return _load(cls, rec)


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


# --------------------------------------------------------------------------- records


def _plain(value: Any) -> Any:
    """A model value as the event record holds it: enums as their values, dates in ISO form,
    tuples as lists, dataclasses as dicts of their fields in order."""
    if isinstance(value, Enum):
        return value.value
    if value is None or isinstance(value, str | int | float):
        return value
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, tuple):
        return [_plain(v) for v in value]
    return {f.name: _plain(getattr(value, f.name)) for f in fields(value)}


_DEFAULT = object()  # a converter's answer for an empty value: the field's default


class _Field(NamedTuple):
    name: str
    convert: Callable[[Any], Any]
    has_default: bool
    nullable: bool


def _load(cls: type[T], record: dict[str, Any]) -> T:
    """An instance of the dataclass ``cls`` from its record (as :func:`_plain` wrote it).

    A null value takes the field's default, if any; so does an empty one for enums, nested
    objects and tuples. A field missing with neither default nor ``None`` allowed raises
    :class:`KeyError`."""
    values: dict[str, Any] = {}
    for f in _fields_of(cast(Hashable, cls)):
        value = record.get(f.name)
        if value is None and not (f.has_default or f.nullable or f.name in record):
            raise KeyError(f.name)
        if value is not None:
            value = f.convert(value)
        if value is None or value is _DEFAULT:
            if f.has_default:
                continue
            value = None
        values[f.name] = value
    return cls(**values)


@cache
def _fields_of(cls: Hashable) -> tuple[_Field, ...]:
    hints = get_type_hints(cls)
    found = []
    for f in fields(cast(Any, cls)):
        has_default = f.default is not MISSING or f.default_factory is not MISSING
        hint, nullable = _unwrap(hints[f.name])
        # a number that may be None is kept as written (``goldstein: 3`` stays an int)
        convert = (
            _same
            if nullable and hint in (int, float)
            else _converter(hint, has_default or nullable)
        )
        found.append(_Field(f.name, convert, has_default, nullable))
    return tuple(found)


def _unwrap(hint: Any) -> tuple[Any, bool]:
    """``X | None`` → (X, True); X → (X, False)."""
    args = get_args(hint)
    if type(None) in args:
        return next(a for a in args if a is not type(None)), True
    return hint, False


def _converter(hint: Any, lenient: bool = False) -> Callable[[Any], Any]:
    """How to read a non-null value of type ``hint``; ``lenient``: empty means default."""
    if get_origin(hint) is tuple:
        item = _converter(get_args(hint)[0])
        return lambda values: tuple(item(v) for v in values) if values else _DEFAULT
    if isinstance(hint, type) and (issubclass(hint, Enum) or is_dataclass(hint)):
        build = hint if issubclass(hint, Enum) else partial(_load, hint)
        return lambda value: build(value) if value or not lenient else _DEFAULT
    if hint in (bool, int, float):
        return hint  # type: ignore[no-any-return]
    return _same


def _same(value: Any) -> Any:
    return value
