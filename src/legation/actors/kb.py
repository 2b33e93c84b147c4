"""The actor knowledge base: countries, IGOs, institutions, offices with dated holders, people,
generic agents.

The shipped knowledge base is data in two tiers. The *world* tier
(``legation/data/actors/world/*.json``) is converted from the Phoenix and NGEC dictionaries by
``scripts/convert_actors.py`` (sources, licences and provenance in that folder's README); the
*curated* tier (``legation/data/actors/*.yaml``) is kept by hand and read after it. Users add or
override entries with their own files or folders (``Config.actor_paths``), read last. An entry
whose id (``iso3`` for countries) repeats an earlier one replaces it whole; people may also carry
``positions`` that add holders to offices without copying the office. A surface form (a name or
alias) that a curated or user entry uses is never matched to a world entry: a curated entry always
wins.

File format
-----------
Each file is YAML (``.yaml``/``.yml``) or JSON (``.json``): a mapping with any of these sections
(every key but the ids is optional)::

    about:         # where the file comes from: name, source, licence, as_of (a date), notes
      {name: Phoenix country actors, source: openeventdata/petrarch2, licence: MIT,
       as_of: 2014-01-30}
    countries:     # iso3, name, aliases, demonyms, capital, seats, cities
      - {iso3: PAK, name: Pakistan, demonyms: [Pakistani, Pakistanis], capital: Islamabad,
         seats: [PM House], cities: [Lahore]}
    country_names: # more names of a country; they add to its entry and never replace it
      - {country: AFG, aliases: [Afghanestan], demonyms: [Afghani], cities: [Herat]}
    igos:          # id, name, code (CAMEO-style; default: the id), aliases, parent
      - {id: IMF, name: International Monetary Fund, code: IMF, aliases: [IMF, the Fund]}
    institutions:  # id, name, country, sector, aliases, generic, periods, seat_of
      - {id: PAK.isi, name: Inter-Services Intelligence, country: PAK, sector: SPY,
         aliases: [ISI]}
    functions:     # generic titles per office function, shared across countries
      army_chief: [army chief, Chief of Army Staff, COAS]
    offices:       # id, country (ISO3 or IGO id), role, sector, function, titles, primary, holders
      - id: PAK.coas
        country: PAK
        role: Chief of Army Staff
        sector: MIL
        function: army_chief
        holders: [{person: asim_munir, start: 2022-11-29}]   # end exclusive; omitted = current
    people:        # id, name, country, aliases, surname, match_surname, sector, positions,
                   # affiliations, wikidata (the person's Wikidata id, Q...)
      - {id: asim_munir, name: Syed Asim Munir, country: PAK, aliases: [General Asim]}
      - {id: boris_yeltsin, name: Boris Yeltsin, country: RUS, sector: ELI,
         affiliations: ["RUSGOV 1991-07-10..2000-01-01"]}
    agents:        # generic agent nouns: id (the singular phrase), sector, forms (other forms)
      - {id: police officer, sector: COP, forms: [police officers, policeman, policemen]}

``country`` is an ISO3 code, or for an institution or an affiliation one of PLOVER's non-state
codes ``IGO``, ``NGO`` (non-governmental organisations), ``IMG`` (transnational militarised
groups), ``MNC`` (multinational corporations) — or null when unknown (a person's nationality may
be unknown). An affiliation ties a person to a country (or non-state code) and sector over a
period, as the Phoenix dictionaries' ``[PAKGOV 130605-180531]`` do: a mapping ``{country,
sector, code, start, end}`` or the shorthand ``"PAKGOV 2013-06-05..2018-06-01"`` (code, then
``start..end``, either side may be empty; ``end`` exclusive). ``code`` keeps a CAMEO-style code
that says more than country + sector (``IGOUNO``). An agent's ``sector: null`` marks a phrase
that names no actor ("the international community", "the West").

Matching rules the data relies on: aliases written in capitals only ("US", "WHO", "COAS") match
case-sensitively; names must start with a capital letter in the text; titles and ``generic``
institution names ("army", "foreign office") match in any case; a one-word name of a world-tier
organisation matches only where spaCy tags an entity.

Codes and sectors
-----------------
An actor's ``code`` is ISO3 + PLOVER sector (``PAKMIL``, ``USAGOV``, ``USASPY``); a country named
as an actor ("Pakistan", "Washington", "the White House") is its government (``PAKGOV``); an IGO,
its offices and their holders while in office use the IGO's own code (``IGOUNO``, ``IMF``) with
country ``IGO`` and sector ``IGO``; an NGO or a transnational armed group has country ``NGO`` or
``IMG`` (``IMGUAF``). The sector of a person follows the office held at the document's date
(Secretary of Defense GOV, army chief MIL, DG ISI SPY), else the affiliation at that date; a
former office holder with no office at that date is ELI unless the entry gives a ``sector``.
"""

from __future__ import annotations

import difflib
import json
import logging
import re
from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass, field
from datetime import date
from importlib import resources
from itertools import pairwise
from pathlib import Path
from typing import Any, NoReturn, TypeVar

import yaml
from pydantic import BaseModel, ConfigDict, Field, TypeAdapter, ValidationError, field_validator

from ..cache import paused_gc
from ..errors import KnowledgeBaseError
from ..model import Sector

log = logging.getLogger(__name__)

SECTIONS = (
    "about",
    "countries",
    "country_names",
    "igos",
    "institutions",
    "functions",
    "offices",
    "people",
    "agents",
)
KEYED = ("countries", "igos", "institutions", "offices", "people", "agents")

#: PLOVER's country names for international non-state actors (PLOVER manual, table 3).
NONSTATE: Mapping[str, str] = {
    "IGO": "international governmental organisation",
    "NGO": "non-governmental organisation",
    "IMG": "transnational militarised group",
    "MNC": "multinational corporation",
}
WORLD_FOLDER = "world"


class _Entry(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class About(_Entry):
    """Where a knowledge-base file comes from."""

    name: str
    source: str | None = None
    licence: str | None = None
    as_of: date | None = None
    notes: str | None = None


class Country(_Entry):
    iso3: str = Field(pattern=r"^[A-Z]{3}$")
    name: str
    aliases: tuple[str, ...] = ()
    demonyms: tuple[str, ...] = ()
    capital: str | None = None
    seats: tuple[str, ...] = ()
    cities: tuple[str, ...] = ()

    @property
    def id(self) -> str:
        return self.iso3


class CountryNames(_Entry):
    """More names of a country, added to its entry (never replacing it)."""

    country: str = Field(pattern=r"^[A-Z]{3}$")
    aliases: tuple[str, ...] = ()
    demonyms: tuple[str, ...] = ()
    cities: tuple[str, ...] = ()
    #: Gazetteer places (world tier): matched only where spaCy tags an entity.
    places: tuple[str, ...] = ()


class Igo(_Entry):
    id: str
    name: str
    code: str | None = None
    aliases: tuple[str, ...] = ()
    parent: str | None = None

    @property
    def actor_code(self) -> str:
        return self.code or self.id


class SectorPeriod(_Entry):
    sector: Sector
    start: date | None = None
    end: date | None = None


class Institution(_Entry):
    id: str
    name: str
    country: str | None
    sector: Sector
    aliases: tuple[str, ...] = ()
    generic: tuple[str, ...] = ()
    periods: tuple[SectorPeriod, ...] = ()
    seat_of: tuple[str, ...] = ()

    def sector_at(self, when: date | None) -> Sector:
        """The sector at a date (the latest period when the date is unknown)."""
        if not self.periods:
            return self.sector
        if when is None:
            return self.periods[-1].sector
        for period in self.periods:
            if _within(when, period.start, period.end):
                return period.sector
        return self.sector


class Holder(_Entry):
    person: str
    start: date | None = None
    end: date | None = None

    def covers(self, when: date) -> bool:
        return _within(when, self.start, self.end)


class Office(_Entry):
    id: str
    country: str
    role: str
    sector: Sector
    function: str | None = None
    titles: tuple[str, ...] = ()
    primary: bool = False
    holders: tuple[Holder, ...] = ()


class Position(_Entry):
    office: str
    start: date | None = None
    end: date | None = None


_CODE = re.compile(r"^(?:[A-Z]{3})+$")


class Affiliation(_Entry):
    """A person's dated tie to a country (or non-state code) and sector."""

    country: str | None = None
    sector: Sector | None = None
    code: str | None = None
    start: date | None = None
    end: date | None = None

    @classmethod
    def parse(cls, text: str) -> Affiliation:
        """``"RUSGOV 1991-07-10..2000-01-01"`` → an affiliation (see the module docstring)."""
        code, _, period = text.strip().partition(" ")
        start, dots, end = period.strip().partition("..")
        if not _CODE.match(code) or (period.strip() and not dots):
            raise ValueError(
                f"affiliation {text!r} is not 'CODE start..end' (e.g. 'PAKGOV 2013-06-05..')"
            )
        country, rest = code[:3], code[3:6]
        sector = Sector.IGO if country == "IGO" else Sector.__members__.get(rest)
        plain = country + (sector.value if sector else "")
        try:
            first, last = _iso(start), _iso(end)
        except ValueError as exc:
            raise ValueError(f"affiliation {text!r}: {exc}") from None
        return cls.model_construct(  # every field is checked above: skip validation (fast)
            country=country, sector=sector, code=None if code == plain else code,
            start=first, end=last,
        )  # fmt: skip

    def covers(self, when: date) -> bool:
        return _within(when, self.start, self.end)


class Person(_Entry):
    id: str
    name: str
    country: str | None
    aliases: tuple[str, ...] = ()
    surname: str | None = None
    match_surname: bool = True
    sector: Sector | None = None
    positions: tuple[Position, ...] = ()
    affiliations: tuple[Affiliation, ...] = ()
    wikidata: str | None = Field(default=None, pattern=r"^Q\d+$")

    @field_validator("affiliations", mode="before")
    @classmethod
    def _shorthand(cls, value: Any) -> Any:
        if isinstance(value, list | tuple):
            return tuple(Affiliation.parse(v) if isinstance(v, str) else v for v in value)
        return value

    def affiliation_at(self, when: date | None) -> Affiliation | None:
        """The affiliation at a date; undated, the latest that is not ELI (the role the
        person is known for), else none."""
        if when is None:
            known = [a for a in self.affiliations if a.sector not in (None, Sector.ELI)]
            return max(known, key=lambda a: a.start or date.min, default=None)
        return next((a for a in self.affiliations if a.covers(when)), None)


class Agent(_Entry):
    """A generic agent noun ("police officer") and the PLOVER sector it implies (None: the
    phrase names no actor)."""

    id: str
    sector: Sector | None
    forms: tuple[str, ...] = ()


def _iso(text: str) -> date | None:
    return date.fromisoformat(text.strip()) if text.strip() else None


def _within(when: date, start: date | None, end: date | None) -> bool:
    return (start is None or start <= when) and (end is None or when < end)


_MODELS: dict[str, type[_Entry]] = {
    "countries": Country,
    "country_names": CountryNames,
    "igos": Igo,
    "institutions": Institution,
    "offices": Office,
    "people": Person,
    "agents": Agent,
}


E = TypeVar("E", bound=_Entry)


class Entries(Mapping[str, E]):
    """The entries of one section by id, in load order. World-tier entries are kept as read
    (they were validated when converted, and ``tests/test_actors_world.py`` validates them
    all) and validated on first access, so loading 30,000 of them costs a JSON parse."""

    def __init__(self, model: type[E], name: str) -> None:
        self._model = model
        self._name = name
        self._done: dict[str, E] = {}
        self._raw: dict[str, dict[str, Any]] = {}
        self._order: dict[str, None] = {}

    def put(self, key: str, entry: E) -> None:
        self._raw.pop(key, None)
        self._done[key] = entry
        self._order[key] = None

    def put_raw(self, key: str, raw: dict[str, Any]) -> None:
        self._done.pop(key, None)
        self._raw[key] = raw
        self._order[key] = None

    def __getitem__(self, key: str) -> E:
        found = self._done.get(key)
        if found is not None:
            return found
        raw = self._raw[key]  # KeyError for unknown ids, as a mapping should
        try:
            entry = self._model.model_validate(raw)
        except ValidationError as exc:
            raise KnowledgeBaseError(
                f"world knowledge base: {self._name} entry {key!r} is invalid ({exc}); "
                "re-run scripts/convert_actors.py"
            ) from None
        self._done[key] = entry
        return entry

    def __contains__(self, key: object) -> bool:
        return key in self._order

    def __iter__(self) -> Iterator[str]:
        return iter(self._order)

    def __len__(self) -> int:
        return len(self._order)

    def is_raw(self, key: str) -> bool:
        """Whether ``key`` is a world-tier entry (kept as read; curated entries replace)."""
        return key in self._raw

    def checked(self) -> Iterator[E]:
        """The entries validated at load (curated and user files), without the world tier's."""
        return (e for k, e in self._done.items() if k not in self._raw)

    def raw_items(self) -> Iterator[tuple[str, Mapping[str, Any]]]:
        """World-tier entries not yet validated, as read (fast paths: the lexicon)."""
        return iter(self._raw.items())


@dataclass(frozen=True, slots=True)
class Holding:
    """One period a person held an office (``rank`` = the office's priority, lower first)."""

    office: Office
    holder: Holder
    rank: int


@dataclass(frozen=True, slots=True)
class KnowledgeBase:
    """The merged, validated knowledge base; read-only after loading."""

    countries: Mapping[str, Country]
    igos: Mapping[str, Igo]
    institutions: Mapping[str, Institution]
    offices: Mapping[str, Office]
    people: Mapping[str, Person]
    functions: Mapping[str, tuple[str, ...]]
    holdings: Mapping[str, tuple[Holding, ...]]  # person id -> offices held, by priority
    agents: Mapping[str, Agent] = field(default_factory=dict)
    country_names: tuple[CountryNames, ...] = ()
    about: tuple[About, ...] = ()
    #: The surface index built over this knowledge base (a :class:`.lexicon.Lexicon`) when
    #: it was loaded with one (:func:`.lexicon.indexed_knowledge_base`): resolvers reuse it.
    index: Any = field(default=None, compare=False, repr=False)

    def is_igo(self, owner: str | None) -> bool:
        return owner is not None and owner in self.igos

    def is_world(self, section: str, key: str) -> bool:
        """Whether an entry comes from the converted world tier (not curated)."""
        table = getattr(self, section, None)
        return isinstance(table, Entries) and table.is_raw(key)

    def holder_at(self, office: Office, when: date | None) -> Holder | None:
        """Who held ``office`` at ``when``; nobody when the date is unknown (the office
        itself is meant, never today's holder)."""
        if when is None:
            return None
        return next((h for h in office.holders if h.covers(when)), None)

    def holdings_at(self, person_id: str, when: date | None) -> list[Holding]:
        """Offices a person held at ``when`` (none when the date is unknown), by priority."""
        if when is None:
            return []
        return [h for h in self.holdings.get(person_id, ()) if h.holder.covers(when)]

    def ever_held(self, person_id: str, before: date | None) -> bool:
        held = self.holdings.get(person_id, ())
        return any(before is None or (h.holder.start or date.min) <= before for h in held)

    def as_of(self) -> date | None:
        """The latest ``as_of`` date among the files that give one."""
        return max((a.as_of for a in self.about if a.as_of), default=None)

    def owner_known(self, code: str | None) -> bool:
        return code is None or code in self.countries or code in NONSTATE or code in self.igos


def _start_key(holder: Holder) -> date:
    return holder.start or date.min


# ---------------------------------------------------------------------------------- loading


def shipped_files() -> list[Path]:
    """The knowledge-base files that ship with Legation, in load order: the world tier, then
    the curated files."""
    folder = Path(str(resources.files("legation").joinpath("data/actors")))
    return [*world_files(), *sorted(p for p in folder.iterdir() if p.suffix == ".yaml")]


def world_files() -> list[Path]:
    """The converted world-tier files (``data/actors/world/*.json``)."""
    folder = Path(str(resources.files("legation").joinpath(f"data/actors/{WORLD_FOLDER}")))
    return sorted(folder.glob("*.json")) if folder.is_dir() else []


SUFFIXES = (".yaml", ".yml", ".json")


def expand_paths(paths: Iterable[Path | str]) -> list[Path]:
    """Files given directly, plus the ``*.yaml``/``*.yml``/``*.json`` files of folders."""
    out: list[Path] = []
    for raw in paths:
        path = Path(raw)
        if path.is_dir():
            out.extend(sorted(p for p in path.iterdir() if p.suffix in SUFFIXES))
        elif path.is_file():
            out.append(path)
        else:
            raise KnowledgeBaseError(
                f"actor knowledge-base path {path} does not exist; check `actor_paths` in "
                "your config (a YAML or JSON file, or a folder of them)"
            )
    return out


def load_knowledge_base(extra: Iterable[Path | str] = (), *, world: bool = True) -> KnowledgeBase:
    """Load the shipped knowledge base (``world=False``: the curated tier only), then
    ``extra`` files/folders over it, and validate."""
    with paused_gc():
        return _load(extra, world)


def _load(extra: Iterable[Path | str], world: bool) -> KnowledgeBase:
    merged = _Merged()
    world_tier = set(world_files())
    for path in shipped_files():
        if path in world_tier and not world:
            continue
        merged.add_file(path, world=path in world_tier)
    for path in expand_paths(extra):
        merged.add_file(path)
    return merged.build()


class _Merged:
    """Entries by section and id, later files replacing earlier ones; remembers the file."""

    def __init__(self) -> None:
        self.entries: dict[str, Entries[Any]] = {s: Entries(_MODELS[s], s) for s in KEYED}
        self.functions: dict[str, tuple[str, ...]] = {}
        self.country_names: list[CountryNames] = []
        self.about: list[About] = []
        self.source: dict[tuple[str, str], Path] = {}

    def add_file(self, path: Path, world: bool = False) -> None:
        for section, items in _read_sections(path).items():
            if section == "functions":
                self.functions.update(_parse_functions(path, items))
            elif section == "about":
                self.about.append(_parse_about(path, items))
            elif section == "country_names":
                names = _parse_entries(path, section, items)
                self.country_names.extend(n for n in names if isinstance(n, CountryNames))
            elif world and section in ("people", "institutions", "igos", "agents"):
                self._add_raw(path, section, _as_list(path, section, items))
            else:
                self._add_entries(path, section, _parse_entries(path, section, items))

    def _add_entries(self, path: Path, section: str, entries: list[Any]) -> None:
        table = self.entries[section]
        for entry in entries:
            key = entry.id
            if key in table:
                log.debug("%s: %s entry %r overrides an earlier one", path, section, key)
            table.put(key, entry)
            self.source[(section, key)] = path

    def _add_raw(self, path: Path, section: str, rows: list[Any]) -> None:
        table = self.entries[section]
        try:
            for row in rows:
                table.put_raw(row["id"], row)
        except (KeyError, TypeError):
            raise KnowledgeBaseError(
                f"{path}: every {section} entry needs an `id`; re-run scripts/convert_actors.py"
            ) from None

    def build(self) -> KnowledgeBase:
        offices = {k: _close_open_terms(o) for k, o in self._offices_with_positions().items()}
        kb = KnowledgeBase(
            countries=dict(self.entries["countries"]),
            igos=self.entries["igos"],
            institutions=self.entries["institutions"],
            offices=offices,
            people=self.entries["people"],
            functions=dict(self.functions),
            holdings=_holdings(offices),
            agents=self.entries["agents"],
            country_names=tuple(
                n for n in self.country_names if n.country in self.entries["countries"]
            ),
            about=tuple(self.about),
        )
        self._check_references(kb)
        return kb

    def _offices_with_positions(self) -> dict[str, Office]:
        offices: dict[str, Office] = dict(self.entries["offices"])
        for person in self.entries["people"].checked():
            for pos in person.positions:
                office = offices.get(pos.office)
                if office is None:
                    self._fail(
                        "people",
                        person.id,
                        f"position office {pos.office!r} is unknown",
                        pos.office,
                        offices,
                    )
                holder = Holder(person=person.id, start=pos.start, end=pos.end)
                if holder not in office.holders:
                    holders = sorted((*office.holders, holder), key=_start_key)
                    offices[office.id] = office.model_copy(update={"holders": tuple(holders)})
        return offices

    def _check_references(self, kb: KnowledgeBase) -> None:
        owners = {**kb.countries, **dict.fromkeys(kb.igos)}
        places = {**kb.countries, **NONSTATE}
        for inst in self.entries["institutions"].checked():
            if inst.country is not None and inst.country not in places:
                self._fail(
                    "institutions",
                    inst.id,
                    f"country {inst.country!r} is neither a country nor one of "
                    f"{', '.join(NONSTATE)}",
                    inst.country,
                    places,
                )
        for person in self.entries["people"].checked():
            self._check_person(person, kb)
        for office in kb.offices.values():
            self._check_office(office, owners, kb)

    def _check_person(self, person: Person, kb: KnowledgeBase) -> None:
        if person.country is not None and person.country not in kb.countries:
            self._fail(
                "people",
                person.id,
                f"country {person.country!r} is unknown",
                person.country,
                kb.countries,
            )
        for aff in person.affiliations:
            if not kb.owner_known(aff.country):
                self._fail(
                    "people",
                    person.id,
                    f"affiliation country {aff.country!r} is unknown",
                    str(aff.country),
                    {**kb.countries, **NONSTATE},
                )

    def _check_office(self, office: Office, owners: Mapping[str, Any], kb: KnowledgeBase) -> None:
        if office.country not in owners:
            self._fail(
                "offices",
                office.id,
                f"owner {office.country!r} is neither a country nor an IGO",
                office.country,
                owners,
            )
        if office.function is not None and office.function not in kb.functions:
            self._fail(
                "offices",
                office.id,
                f"function {office.function!r} is not defined under `functions`",
                office.function,
                kb.functions,
            )
        for holder in office.holders:
            if holder.person not in kb.people:
                self._fail(
                    "offices",
                    office.id,
                    f"holder {holder.person!r} is not a person id in `people`",
                    holder.person,
                    kb.people,
                )

    def _fail(
        self, section: str, key: str, problem: str, bad: str, valid: Mapping[str, Any]
    ) -> NoReturn:
        path = self.source.get((section, key), Path("<knowledge base>"))
        close = difflib.get_close_matches(bad, list(valid), n=3)
        hint = f" Did you mean {', '.join(repr(c) for c in close)}?" if close else ""
        raise KnowledgeBaseError(f"{path}: {section} entry {key!r}: {problem}.{hint}")


def _close_open_terms(office: Office) -> Office:
    """Holders in start order; a holder listed without an end leaves office when a later
    holder starts (a user file adding a successor needs not edit the predecessor)."""
    holders = sorted(office.holders, key=_start_key)
    closed = [
        h.model_copy(update={"end": nxt.start})
        if h.end is None and nxt.start is not None and _start_key(h) < nxt.start
        else h
        for h, nxt in pairwise(holders)
    ]
    closed.extend(holders[len(closed) :])
    return office.model_copy(update={"holders": tuple(closed)})


def _read_sections(path: Path) -> dict[str, Any]:
    data = _read_json(path) if path.suffix == ".json" else _read_yaml(path)
    if data is None:
        return {}
    if not isinstance(data, dict):
        raise KnowledgeBaseError(
            f"{path}: expected a mapping with sections {', '.join(SECTIONS)}; "
            f"found {type(data).__name__}"
        )
    unknown = sorted(set(data) - set(SECTIONS))
    if unknown:
        raise KnowledgeBaseError(
            f"{path}: unknown section(s) {unknown}; valid sections: {', '.join(SECTIONS)}"
        )
    return data


def _read_yaml(path: Path) -> Any:
    try:
        loader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
        return yaml.load(path.read_text("utf-8"), Loader=loader)
    except (OSError, UnicodeDecodeError) as exc:
        raise KnowledgeBaseError(f"{path}: cannot read the file: {exc}") from None
    except yaml.YAMLError as exc:
        raise KnowledgeBaseError(f"{path}: not valid YAML: {exc}") from None


def _read_json(path: Path) -> Any:
    try:
        return json.loads(path.read_text("utf-8"))
    except (OSError, UnicodeDecodeError) as exc:
        raise KnowledgeBaseError(f"{path}: cannot read the file: {exc}") from None
    except json.JSONDecodeError as exc:
        raise KnowledgeBaseError(f"{path}: not valid JSON: {exc}") from None


def _as_list(path: Path, section: str, items: Any) -> list[Any]:
    if items is None:
        return []
    if not isinstance(items, list):
        raise KnowledgeBaseError(f"{path}: section {section!r} must be a list of entries")
    return items


_AnyEntry = Country | CountryNames | Igo | Institution | Office | Person | Agent
_ADAPTERS: dict[str, TypeAdapter[Any]] = {}


def _parse_entries(path: Path, section: str, items: Any) -> list[_AnyEntry]:
    """Validate a section's entries: all at once (fast), and one by one to name the first
    bad entry when that fails."""
    rows = _as_list(path, section, items)
    model = _MODELS[section]
    adapter = _ADAPTERS.setdefault(section, TypeAdapter(list[model]))  # type: ignore[valid-type]
    try:
        entries: list[_AnyEntry] = adapter.validate_python(rows)
        return entries
    except ValidationError:
        return [_parse_entry(path, section, i, item) for i, item in enumerate(rows)]


def _parse_entry(path: Path, section: str, index: int, item: Any) -> _AnyEntry:
    label = _label(section, index, item)
    if not isinstance(item, dict):
        raise KnowledgeBaseError(f"{path}: {label} must be a mapping, not {item!r}")
    try:
        entry: _AnyEntry = _MODELS[section].model_validate(item)  # type: ignore[assignment]
        return entry
    except ValidationError as exc:
        problems = "; ".join(
            f"{'.'.join(str(p) for p in e['loc']) or 'entry'}: {e['msg']}" for e in exc.errors()
        )
        raise KnowledgeBaseError(
            f"{path}: {label}: {problems}. Fix or remove the entry (the format is described "
            "in legation.actors.kb)."
        ) from None


def _label(section: str, index: int, item: Any) -> str:
    key = None
    if isinstance(item, dict):
        key = item.get("id") or item.get("iso3") or item.get("name") or item.get("country")
    return f"{section} entry #{index + 1}" + (f" ({key!r})" if key else "")


def _parse_about(path: Path, item: Any) -> About:
    try:
        return About.model_validate(item)
    except ValidationError as exc:
        raise KnowledgeBaseError(
            f"{path}: `about` must be a mapping with name, source, licence, as_of: {exc}"
        ) from None


def _parse_functions(path: Path, items: Any) -> dict[str, tuple[str, ...]]:
    ok = isinstance(items, dict) and all(
        isinstance(v, list) and all(isinstance(t, str) for t in v) for v in items.values()
    )
    if not ok:
        raise KnowledgeBaseError(
            f"{path}: `functions` must map a function name to a list of titles, "
            "e.g. `army_chief: [army chief, COAS]`"
        )
    return {str(k): tuple(v) for k, v in items.items()}


def _holdings(offices: Mapping[str, Office]) -> dict[str, tuple[Holding, ...]]:
    by_person: dict[str, list[Holding]] = {}
    for rank, office in enumerate(offices.values()):
        for holder in office.holders:
            by_person.setdefault(holder.person, []).append(Holding(office, holder, rank))
    return {pid: tuple(sorted(hs, key=lambda h: h.rank)) for pid, hs in by_person.items()}


def iter_names(kb: KnowledgeBase, *, world: bool = True) -> Iterator[tuple[str, str]]:
    """(person id, full name or alias) pairs: the choices fuzzy matching runs over
    (``world=False``: curated people only). World-tier entries are read as converted."""
    people = kb.people
    checked = people.checked() if isinstance(people, Entries) else iter(people.values())
    for person in checked:
        for name in (person.name, *person.aliases):
            yield person.id, name
    if world and isinstance(people, Entries):
        for ident, raw in people.raw_items():
            for name in (raw["name"], *raw.get("aliases", ())):
                yield ident, name
