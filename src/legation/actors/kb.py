"""The actor knowledge base: countries, IGOs, institutions, offices with dated holders, people.

The shipped knowledge base is data (``legation/data/actors/*.yaml``); users add or override
entries with their own files or folders (``Config.actor_paths``), read after the shipped files.
An entry whose id (``iso3`` for countries) repeats an earlier one replaces it whole; people may
also carry ``positions`` that add holders to offices without copying the office.

File format
-----------
Each YAML file is a mapping with any of these sections (every key but the ids is optional)::

    countries:     # iso3, name, aliases, demonyms, capital, seats, cities
      - {iso3: PAK, name: Pakistan, demonyms: [Pakistani, Pakistanis], capital: Islamabad,
         seats: [PM House], cities: [Lahore]}
    igos:          # id, name, code (CAMEO-style; default: the id), aliases, parent
      - {id: IMF, name: International Monetary Fund, code: IMF, aliases: [IMF, the Fund]}
    institutions:  # id, name, country (ISO3 or null), sector, aliases, generic, periods, seat_of
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
    people:        # id, name, country, aliases, surname, match_surname, sector, positions
      - {id: asim_munir, name: Syed Asim Munir, country: PAK, aliases: [General Asim]}

Matching rules the data relies on: aliases written in capitals only ("US", "WHO", "COAS") match
case-sensitively; names must start with a capital letter in the text; titles and ``generic``
institution names ("army", "foreign office") match in any case.

Codes and sectors
-----------------
An actor's ``code`` is ISO3 + PLOVER sector (``PAKMIL``, ``USAGOV``, ``USASPY``); a country named
as an actor ("Pakistan", "Washington", "the White House") is its government (``PAKGOV``); an IGO,
its offices and their holders while in office use the IGO's own code (``IGOUNO``, ``IMF``) with
country ``IGO`` and sector ``IGO``; a transnational group without a country is its sector alone
(``UAF``). The sector of a person follows the office held at the document's date (Secretary of
Defense GOV, army chief MIL, DG ISI SPY); a former office holder with no office at that date is
ELI unless the entry gives a ``sector``.
"""

from __future__ import annotations

import difflib
import logging
from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass
from datetime import date
from importlib import resources
from itertools import pairwise
from pathlib import Path
from typing import Any, NoReturn

import yaml
from pydantic import BaseModel, ConfigDict, Field, ValidationError

from ..errors import KnowledgeBaseError
from ..model import Sector

log = logging.getLogger(__name__)

SECTIONS = ("countries", "igos", "institutions", "functions", "offices", "people")


class _Entry(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


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


class Person(_Entry):
    id: str
    name: str
    country: str
    aliases: tuple[str, ...] = ()
    surname: str | None = None
    match_surname: bool = True
    sector: Sector | None = None
    positions: tuple[Position, ...] = ()


def _within(when: date, start: date | None, end: date | None) -> bool:
    return (start is None or start <= when) and (end is None or when < end)


_MODELS: dict[str, type[_Entry]] = {
    "countries": Country,
    "igos": Igo,
    "institutions": Institution,
    "offices": Office,
    "people": Person,
}


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

    def is_igo(self, owner: str | None) -> bool:
        return owner is not None and owner in self.igos

    def holder_at(self, office: Office, when: date | None) -> Holder | None:
        """Who held ``office`` at ``when``; the latest holder when the date is unknown."""
        if when is None:
            return max(office.holders, key=_start_key, default=None)
        return next((h for h in office.holders if h.covers(when)), None)

    def holdings_at(self, person_id: str, when: date | None) -> list[Holding]:
        """Offices a person held at ``when`` (current ones when unknown), by priority."""
        held = self.holdings.get(person_id, ())
        if when is None:
            return [h for h in held if h.holder.end is None]
        return [h for h in held if h.holder.covers(when)]

    def ever_held(self, person_id: str, before: date | None) -> bool:
        held = self.holdings.get(person_id, ())
        return any(before is None or (h.holder.start or date.min) <= before for h in held)


def _start_key(holder: Holder) -> date:
    return holder.start or date.min


# ---------------------------------------------------------------------------------- loading


def shipped_files() -> list[Path]:
    """The knowledge-base files that ship with Legation, in load order."""
    folder = resources.files("legation").joinpath("data/actors")
    return sorted(Path(str(p)) for p in folder.iterdir() if p.name.endswith(".yaml"))


def expand_paths(paths: Iterable[Path | str]) -> list[Path]:
    """Files given directly, plus the ``*.yaml``/``*.yml`` files of folders (sorted)."""
    out: list[Path] = []
    for raw in paths:
        path = Path(raw)
        if path.is_dir():
            out.extend(sorted(p for p in path.iterdir() if p.suffix in (".yaml", ".yml")))
        elif path.is_file():
            out.append(path)
        else:
            raise KnowledgeBaseError(
                f"actor knowledge-base path {path} does not exist; check `actor_paths` in "
                "your config (a YAML file or a folder of them)"
            )
    return out


def load_knowledge_base(extra: Iterable[Path | str] = ()) -> KnowledgeBase:
    """Load the shipped knowledge base, then ``extra`` files/folders over it, and validate."""
    merged = _Merged()
    for path in [*shipped_files(), *expand_paths(extra)]:
        merged.add_file(path)
    return merged.build()


class _Merged:
    """Entries by section and id, later files replacing earlier ones; remembers the file."""

    def __init__(self) -> None:
        self.entries: dict[str, dict[str, Any]] = {s: {} for s in SECTIONS if s != "functions"}
        self.functions: dict[str, tuple[str, ...]] = {}
        self.source: dict[tuple[str, str], Path] = {}

    def add_file(self, path: Path) -> None:
        for section, items in _read_sections(path).items():
            if section == "functions":
                self.functions.update(_parse_functions(path, items))
                continue
            for index, item in enumerate(_as_list(path, section, items)):
                entry = _parse_entry(path, section, index, item)
                key = entry.id
                if key in self.entries[section]:
                    log.debug("%s: %s entry %r overrides an earlier one", path, section, key)
                self.entries[section][key] = entry
                self.source[(section, key)] = path

    def build(self) -> KnowledgeBase:
        offices = {k: _close_open_terms(o) for k, o in self._offices_with_positions().items()}
        kb = KnowledgeBase(
            countries=dict(self.entries["countries"]),
            igos=dict(self.entries["igos"]),
            institutions=dict(self.entries["institutions"]),
            offices=offices,
            people=dict(self.entries["people"]),
            functions=dict(self.functions),
            holdings=_holdings(offices),
        )
        self._check_references(kb)
        return kb

    def _offices_with_positions(self) -> dict[str, Office]:
        offices: dict[str, Office] = dict(self.entries["offices"])
        for person in self.entries["people"].values():
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
        owners = {**kb.countries, **kb.igos}
        for inst in kb.institutions.values():
            if inst.country is not None and inst.country not in kb.countries:
                self._fail(
                    "institutions",
                    inst.id,
                    f"country {inst.country!r} is unknown",
                    inst.country,
                    kb.countries,
                )
        for person in kb.people.values():
            if person.country not in kb.countries:
                self._fail(
                    "people",
                    person.id,
                    f"country {person.country!r} is unknown",
                    person.country,
                    kb.countries,
                )
        for office in kb.offices.values():
            self._check_office(office, owners, kb)

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
    try:
        loader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
        data = yaml.load(path.read_text("utf-8"), Loader=loader)
    except (OSError, UnicodeDecodeError) as exc:
        raise KnowledgeBaseError(f"{path}: cannot read the file: {exc}") from None
    except yaml.YAMLError as exc:
        raise KnowledgeBaseError(f"{path}: not valid YAML: {exc}") from None
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


def _as_list(path: Path, section: str, items: Any) -> list[Any]:
    if items is None:
        return []
    if not isinstance(items, list):
        raise KnowledgeBaseError(f"{path}: section {section!r} must be a list of entries")
    return items


_AnyEntry = Country | Igo | Institution | Office | Person


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
        key = item.get("id") or item.get("iso3") or item.get("name")
    return f"{section} entry #{index + 1}" + (f" ({key!r})" if key else "")


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


def iter_names(kb: KnowledgeBase) -> Iterator[tuple[str, str]]:
    """(person id, full name or alias) pairs: the choices fuzzy matching runs over."""
    for person in kb.people.values():
        for name in (person.name, *person.aliases):
            yield person.id, name
