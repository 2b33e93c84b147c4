"""Naming a side: one resolver behind the CLI, the HTTP API and the web app.

A user names a side of a dyad (or an actor to follow) the way they think of it: an ISO3 code
(``pak``), a country's name (``Pakistan``, ``United States``, ``American``), an actor code
(``PAKMIL``, ``igouno``), a person (``asim_munir``, ``Asim Munir``, ``Munir``), an office
(``USA.secstate``, ``Secretary of State``), an institution or an IGO (``the UN``).
:func:`resolve_side` turns any of these, whatever the case, into one
:class:`~legation.analysis.types.Side` whose ``key`` the filters use, or raises
:class:`~legation.errors.UnknownSideError` (nothing matches: the closest names are offered)
or :class:`~legation.errors.AmbiguousSideError` (several match: each is listed with its key).

Matching goes tier by tier and stops at the first tier that matches anything:

1. keys and ids: keys as the store writes them (``person:asim_munir``, ``office:PAK.coas``),
   ISO3 codes, actor codes (ISO3 + sector, IGO codes, codes found in the store) and the ids
   of the knowledge base (``asim_munir``, ``PAK.mofa``, ``USA.secstate``, ``UN``);
2. names: countries' names, aliases and demonyms, IGOs', institutions' and people's names
   and aliases, offices' roles and titles;
3. people's surnames, and names the store holds that the knowledge base does not know;
4. names that contain the query as whole words (``Asim``, ``Security Council``).

A tier that matches one entity resolves the side; one that matches several is ambiguous.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field, replace
from typing import TYPE_CHECKING

from ..errors import AmbiguousSideError, UnknownSideError
from ..model import Sector
from ..store import aggregates
from .types import Side

if TYPE_CHECKING:
    from ..actors.kb import Igo, KnowledgeBase, Office, Person
    from ..store import Store

#: What a sector code means, for labels ("PAKMIL: Pakistan, military").
SECTOR_NAMES: dict[str, str] = {
    "GOV": "government", "MIL": "military", "SPY": "intelligence", "LEG": "legislature",
    "JUD": "judiciary", "COP": "police", "PRM": "paramilitary", "PTY": "political party",
    "REB": "rebels", "UAF": "armed group", "UNK": "unknown sector", "AGR": "agriculture",
    "BUS": "business", "CRM": "criminals", "CVL": "civilians", "EDU": "education",
    "ELI": "elites", "JRN": "journalists", "LAB": "labour", "MED": "media", "REF": "refugees",
    "OPP": "opposition", "PRE": "former government", "REL": "religious", "SOC": "society",
    "IGO": "international organisation",
}  # fmt: skip
ENTITY_PREFIXES = ("person:", "institution:", "office:", "igo:", "country:")
MAX_LISTED = 12


@dataclass(slots=True)
class SideIndex:
    """The knowledge base's names by tier (casefolded), built once per knowledge base."""

    ids: dict[str, list[Side]] = field(default_factory=dict)
    names: dict[str, list[Side]] = field(default_factory=dict)
    surnames: dict[str, list[Side]] = field(default_factory=dict)
    countries: dict[str, str] = field(default_factory=dict)  # ISO3 -> name

    @classmethod
    def build(cls, kb: KnowledgeBase) -> SideIndex:
        index = cls(countries={c.iso3: c.name for c in kb.countries.values()})
        for side, ids, names in _entries(kb):
            for value in ids:
                index.ids.setdefault(value.casefold(), []).append(side)
            for value in names:
                index.names.setdefault(value.casefold(), []).append(side)
        for person in kb.people.values():
            surname = person.surname or person.name.split()[-1]
            if person.match_surname:
                index.surnames.setdefault(surname.casefold(), []).append(_person(person))
        return index

    def all_names(self) -> Iterator[tuple[str, Side]]:
        for table in (self.names, self.surnames):
            for name, sides in table.items():
                for side in sides:
                    yield name, side


def resolve_side(store: Store | None, query: str, index: SideIndex) -> Side:
    """The one entity ``query`` names (see the module docstring for what is tried)."""
    text = " ".join(query.split())
    if not text:
        raise UnknownSideError(query, "name a side: an ISO3 code, a country, a person, …")
    wanted = text.casefold()
    for tier in (_by_id, _by_name, _by_surname, _by_words):
        found = _distinct(tier(store, text, wanted, index))
        if len(found) == 1:
            return replace(found[0], query=query)
        if found:
            raise AmbiguousSideError(query, tuple(replace(f, query=query) for f in found))
    raise UnknownSideError(query, _no_match_hint(text, index))


def _distinct(sides: Iterable[Side]) -> list[Side]:
    return list({side.key: side for side in sides}.values())


# --------------------------------------------------------------------------- tiers


def _by_id(store: Store | None, text: str, wanted: str, index: SideIndex) -> list[Side]:
    upper = text.upper()
    if upper in index.countries:
        return [_country(upper, index.countries[upper])]
    code = _sector_code(upper, index)
    if code is not None:
        return [code]
    found = list(index.ids.get(wanted, ()))
    if found or store is None or not re.fullmatch(r"[A-Za-z]{2,12}", text):
        return found
    if not aggregates.code_in_store(store, upper):
        return []
    return [_code(upper, "a code found in the store")]


def _by_name(store: Store | None, text: str, wanted: str, index: SideIndex) -> list[Side]:
    return list(index.names.get(wanted.removeprefix("the "), ()))


def _by_surname(store: Store | None, text: str, wanted: str, index: SideIndex) -> list[Side]:
    found = list(index.surnames.get(wanted, ()))
    if store is not None:
        found += [_name(name) for name in aggregates.unresolved_names(store, text, contains=False)]
    return found


def _by_words(store: Store | None, text: str, wanted: str, index: SideIndex) -> list[Side]:
    pattern = re.compile(rf"(?<!\w){re.escape(wanted)}(?!\w)")
    found = [side for name, side in index.all_names() if pattern.search(name)]
    if store is not None and len(text) >= 3:
        found += [_name(n) for n in aggregates.unresolved_names(store, text, contains=True)]
        found = [s for s in found if s.kind != "name" or pattern.search(s.name.casefold())]
    return found


def _no_match_hint(text: str, index: SideIndex) -> str:
    from rapidfuzz import fuzz, process

    names = {side.name: side for _, side in index.all_names()}
    close = process.extract(text, list(names), scorer=fuzz.WRatio, limit=4, score_cutoff=80)
    if close:
        options = ", ".join(f"{names[n].name} ({names[n].key})" for n, _, _ in close)
        return f"did you mean {options}?"
    return (
        "name a side by ISO3 code (PAK), country (Pakistan), actor code (PAKMIL), person "
        "(Asim Munir), office (Secretary of State) or institution (State Department)"
    )


# --------------------------------------------------------------------------- entries


def _entries(kb: KnowledgeBase) -> Iterator[tuple[Side, tuple[str, ...], tuple[str, ...]]]:
    """(side, ids, names) of every entity of the knowledge base."""
    for c in kb.countries.values():
        yield _country(c.iso3, c.name), (f"country:{c.iso3}",), (c.name, *c.aliases, *c.demonyms)
    for igo in kb.igos.values():
        side = _igo(igo)
        yield side, (igo.id, igo.actor_code, f"igo:{igo.id}"), (igo.name, *igo.aliases)
    for inst in kb.institutions.values():
        side = Side("", f"institution:{inst.id}", "institution", inst.name, inst.country,
                    f"institution of {inst.country or 'no country'}")  # fmt: skip
        yield side, (inst.id, side.key), (inst.name, *inst.aliases)
    for office in kb.offices.values():
        side = _office(office, kb)
        yield side, (office.id, side.key), (office.role, *office.titles, side.name)
    for person in kb.people.values():
        side = _person(person)
        yield side, (person.id, side.key), (person.name, *person.aliases)


def _country(iso3: str, name: str) -> Side:
    return Side("", iso3, "country", name, iso3, f"country {iso3}: every actor of {name}")


def _sector_code(code: str, index: SideIndex) -> Side | None:
    country, sector = code[:3], code[3:]
    if country not in index.countries or sector not in Sector.__members__:
        return None
    what = f"{index.countries[country]}, {SECTOR_NAMES.get(sector, sector)}"
    return _code(code, what, country)


def _code(code: str, what: str, country: str | None = None) -> Side:
    return Side("", code, "code", code, country, f"actor code {code}: {what}")


def _igo(igo: Igo) -> Side:
    code = igo.actor_code
    return Side("", code, "igo", igo.name, "IGO", f"international organisation, code {code}")


def _office(office: Office, kb: KnowledgeBase) -> Side:
    igo = kb.igos.get(office.country)
    owner = igo.name if igo else _country_name(kb, office.country)
    return Side(
        "", f"office:{office.id}", "office", f"{office.role} ({owner})",
        "IGO" if igo else office.country,
        f"office {office.id}: whoever held it at the time", office.role,
    )  # fmt: skip


def _country_name(kb: KnowledgeBase, iso3: str) -> str:
    country = kb.countries.get(iso3)
    return country.name if country else iso3


def _person(person: Person) -> Side:
    key, country = f"person:{person.id}", person.country
    return Side("", key, "person", person.name, country, f"person of {country}")


def _name(name: str) -> Side:
    return Side("", name, "name", name, None, "a name in the store, not in the knowledge base")
