"""Word lists and the surface-form index of the ``dictionary.v1`` resolver.

Honorifics, group and role nouns with the sector they imply, the kinds of knowledge-base
surface forms (:class:`Kind`), matched spans (:class:`Piece`), and :class:`Lexicon`: every
surface form of a knowledge base with the indexes resolution needs (built once per resolver).
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass, replace
from enum import IntEnum
from types import MappingProxyType
from typing import TYPE_CHECKING, Any

from ..model import Actor, Sector
from .kb import KnowledgeBase, Office, Person, iter_names

if TYPE_CHECKING:
    from spacy.tokens import Span


def _words(text: str, sep: str | None = None) -> list[str]:
    return [w.strip() for w in text.split(sep) if w.strip()]


_HONORIFICS: dict[Sector | None, str] = {
    Sector.MIL: "general, gen, gen., lt gen, lt. gen., lt-gen, lt gen., lieutenant general, "
    "lt general, maj gen, maj. gen., major general, brigadier, brig, brig., colonel, col, col., "
    "admiral, adm, adm., vice admiral, rear admiral, air chief marshal, air marshal, "
    "field marshal, marshal, retired general",
    Sector.GOV: "secretary, minister, ambassador, amb., envoy, governor",
    Sector.LEG: "senator, sen., congressman, congresswoman, rep., mna, mp",
    Sector.JUD: "justice, judge",
    None: "mr, mr., mrs, mrs., ms, ms., dr, dr., prof, prof., professor, sheikh, mullah, "
    "maulana, mawlawi, sardar, sir, lord, lady, former",
}


HONORIFICS: Mapping[str, Sector | None] = MappingProxyType(
    {word: sector for sector, words in _HONORIFICS.items() for word in _words(words, ",")}
)


_GROUPS: dict[Sector, str] = {
    Sector.GOV: "official government administration authority authorities delegation diplomat "
    "ministry spokesperson spokesman spokeswoman embassy consulate cabinet regime leader "
    "leadership negotiator side department office mission bureaucrat team visitor",
    Sector.MIL: "troops troop soldier army military force forces commander officer navy marine "
    "peacekeeper peacekeepers "
    "personnel airman sailor serviceman servicemen paratrooper commando commandos paramilitary "
    "guard guardsman pilot drone jet aircraft warplane helicopter missile warship",
    Sector.LEG: "lawmaker legislator senator congressman congresswoman parliamentarian mp mna "
    "parliament congress assembly representative",
    Sector.COP: "police policeman policemen cop constable",
    Sector.JUD: "court judge judiciary prosecutor justice",
    Sector.SPY: "intelligence spy spies spymaster agency",
    Sector.CVL: "people civilian citizen resident community member protester protestor "
    "demonstrator diaspora crowd public villager family man woman child national tribesman "
    "pilgrim voter youth activist supporter expatriate american population individual person",
    Sector.BUS: "businessman businesswoman businessmen company firm investor trader business "
    "industry entrepreneur executive corporation contractor exporter manufacturer entity "
    "entities",
    Sector.EDU: "student university school college academic professor teacher scholar researcher",
    Sector.MED: "doctor hospital nurse physician",
    Sector.JRN: "journalist reporter media newspaper correspondent editor broadcaster",
    Sector.REL: "cleric ulema imam priest clergy",
    Sector.REF: "refugee migrant asylum-seeker deportee returnee",
    Sector.LAB: "worker labourer laborer union",
    Sector.AGR: "farmer",
    Sector.OPP: "opposition dissident",
    Sector.PTY: "party",
    Sector.REB: "rebel insurgent separatist",
    Sector.UAF: "militant terrorist gunman gunmen jihadist extremist attacker fighter bomber "
    "assailant",
    Sector.CRM: "criminal smuggler trafficker gang gangster",
}


GROUP_NOUNS: Mapping[str, Sector] = MappingProxyType(
    {noun: sector for sector, nouns in _GROUPS.items() for noun in _words(nouns)}
)


_ROLES: dict[Sector, str] = {
    Sector.MIL: "general admiral commander marshal",
    Sector.GOV: "minister ambassador envoy diplomat secretary charge chargé affaires d'affaires",
    Sector.LEG: "senator",
    Sector.SPY: "spymaster",
}


ROLE_NOUNS: Mapping[str, Sector] = MappingProxyType(
    {noun: sector for sector, nouns in _ROLES.items() for noun in _words(nouns)}
)


ROLE_WORDS: Mapping[str, str] = MappingProxyType(
    dict.fromkeys(_words("charge chargé affaires d'affaires"), "charge d'affaires")
)


STATE_SECTORS = frozenset({Sector.GOV, Sector.MIL, Sector.SPY, Sector.COP, Sector.JUD})


HOME_NOUNS = frozenset(
    _words(
        "official government administration authority authorities ministry office department "
        "cabinet leadership spokesperson spokesman spokeswoman"
    )
)


PERSON_PRONOUNS = frozenset(_words("he she him her his hers"))


QUANTIFIERS = frozenset(
    _words(
        "hundreds thousands dozens scores millions some many group number members member lot "
        "most several all each one two few majority"
    )
)


COUNTERPARTS = frozenset({"counterpart", "counterparts"})


COUNTERPART_PREPS = frozenset({"with", "to", "against"})


POSSESSIVE = frozenset({"'s", "’s", "'"})


DIASPORA_SUFFIXES = frozenset({"americans", "american", "britons", "british", "canadians"})


class Kind(IntEnum):
    """What a surface form names; lower values win when one form names several kinds."""

    PERSON = 0
    INSTITUTION = 1
    IGO = 2
    COUNTRY = 3
    TITLE = 4
    HONORIFIC = 5
    DEMONYM = 6
    CITY = 7
    SURNAME = 8
    NER = 9


OWNER_KINDS = frozenset({Kind.COUNTRY, Kind.DEMONYM, Kind.IGO})


NAME_KINDS = frozenset({Kind.PERSON, Kind.SURNAME})


PLACE_KINDS = frozenset({Kind.COUNTRY, Kind.DEMONYM, Kind.CITY})


WEAK_KINDS = PLACE_KINDS | {Kind.SURNAME, Kind.HONORIFIC}


CLOSED_KINDS = frozenset({Kind.INSTITUTION, Kind.CITY})  # never part of a longer mention


@dataclass(frozen=True, slots=True)
class Target:
    """One meaning of a surface form: what it names, and how its case must look."""

    kind: Kind
    ref: str
    exact: str | None = None  # acronyms: the text without spaces, case-sensitive
    capital: bool = True  # some word must start with a capital letter


@dataclass(slots=True)
class Piece:
    """A matched span (token offsets) with the candidate references of one kind."""

    start: int
    end: int
    kind: Kind
    refs: tuple[str, ...]
    key: str
    label: str | None = None  # NER label, for NER pieces
    person_ent: bool = False  # a PERSON entity covers it (surnames)

    @property
    def rank(self) -> int:
        if self.kind in OWNER_KINDS:
            return 0
        order = {Kind.TITLE: 1, Kind.HONORIFIC: 2}
        return order.get(self.kind, 3)


def _normal(text: str) -> str:
    return " ".join(text.lower().split())


def _is_acronym(text: str) -> bool:
    """All capitals ("ISI", "U.S.") or a short mixed-case form ("LeT", "MoFA"): these match
    case-sensitively, so "us", "who" and "Let" do not."""
    letters = [c for c in text if c.isalpha()]
    if len(letters) < 2:
        return False
    mixed = len(text) <= 5 and any(c.isupper() for c in text[1:])
    return mixed or all(c.isupper() for c in letters)


def _target(kind: Kind, ref: str, surface: str, capital: bool = True) -> Target:
    exact = "".join(surface.split()) if _is_acronym(surface) else None
    return Target(kind, ref, exact, capital and exact is None)


_SUFFIX = re.compile(r",?\s+(Jr\.?|Sr\.?|II|III|IV)$")


def name_variants(name: str) -> set[str]:
    """A name as written, without dots, without middle initials and without Jr./III."""
    base = _SUFFIX.sub("", name)
    out = {name, base}
    for form in (name, base):
        nodots = " ".join(form.replace(".", " ").split())
        words = nodots.split()
        out.add(nodots)
        if len(words) > 2:
            out.add(" ".join([words[0], *[w for w in words[1:-1] if len(w) > 1], words[-1]]))
    return {v for v in out if len(v.split()) >= 2 or v == name}


def default_surname(person: Person) -> str | None:
    if not person.match_surname:
        return None
    if person.surname:
        return person.surname
    words = _SUFFIX.sub("", person.name).replace(".", " ").split()
    return words[-1] if len(words) > 1 else None


class Lexicon:
    """Every surface form of the knowledge base and the indexes resolution needs."""

    def __init__(self, kb: KnowledgeBase) -> None:
        self.kb = kb
        self.entries: dict[str, list[Target]] = {}
        self.surfaces: dict[str, set[str]] = {}  # key -> the forms written (tokenised apart)
        self.title_offices: dict[str, tuple[Office, ...]] = {}
        self.function_offices: dict[str, tuple[Office, ...]] = {}
        self._add_countries()
        self._add_organisations()
        self._add_people()
        self._add_titles()
        self._add_honorifics()
        self.fuzzy_names, self.fuzzy_ids = self._fuzzy_choices()

    def add(self, surface: str, target: Target) -> None:
        key = _normal(surface)
        targets = self.entries.setdefault(key, [])
        if target not in targets:
            targets.append(target)
        self.surfaces.setdefault(key, set()).add(" ".join(surface.split()))

    def _add_countries(self) -> None:
        for c in self.kb.countries.values():
            for name in (c.name, *c.aliases, *([c.capital] if c.capital else []), *c.seats):
                self.add(name, _target(Kind.COUNTRY, c.iso3, name))
            for name in c.demonyms:
                self.add(name, _target(Kind.DEMONYM, c.iso3, name))
            for name in c.cities:
                self.add(name, _target(Kind.CITY, c.iso3, name))

    def _add_organisations(self) -> None:
        for igo in self.kb.igos.values():
            for name in (igo.name, *igo.aliases):
                self.add(name, _target(Kind.IGO, igo.id, name))
        for inst in self.kb.institutions.values():
            for name in (inst.name, *inst.aliases):
                self.add(name, _target(Kind.INSTITUTION, inst.id, name))
            for name in inst.generic:
                self.add(name, _target(Kind.INSTITUTION, inst.id, name, capital=False))

    def _add_people(self) -> None:
        for person in self.kb.people.values():
            for name in (person.name, *person.aliases):
                for variant in name_variants(name):
                    self.add(variant, _target(Kind.PERSON, person.id, variant))
            surname = default_surname(person)
            if surname:
                self.add(surname, _target(Kind.SURNAME, person.id, surname))

    def _add_titles(self) -> None:
        by_title: dict[str, list[Office]] = {}
        by_function: dict[str, list[Office]] = {}
        for office in self.kb.offices.values():
            titles = list(office.titles)
            if office.function:
                by_function.setdefault(office.function, []).append(office)
                titles += self.kb.functions[office.function]
            if len(office.role.split()) >= 3:  # "Secretary of State"; not "Chief Executive"
                titles.append(office.role)
            for title in titles:
                by_title.setdefault(_normal(title), []).append(office)
                self.add(title, _target(Kind.TITLE, _normal(title), title, capital=False))
        for word in COUNTERPARTS:
            self.add(word, Target(Kind.TITLE, word, capital=False))
        self.title_offices = {k: tuple(dict.fromkeys(v)) for k, v in by_title.items()}
        self.function_offices = {k: tuple(v) for k, v in by_function.items()}

    def _add_honorifics(self) -> None:
        for word in HONORIFICS:
            self.add(word, Target(Kind.HONORIFIC, word))

    def _fuzzy_choices(self) -> tuple[list[str], list[str]]:
        pairs = {(fuzzy_form(name), pid) for pid, name in iter_names(self.kb)}
        ordered = sorted(p for p in pairs if " " in p[0])
        return [n for n, _ in ordered], [i for _, i in ordered]


def fuzzy_form(text: str) -> str:
    return " ".join(text.lower().replace(".", " ").replace("-", " ").split())


def span_ok(target: Target, span: Span) -> bool:
    if target.exact is not None:
        return "".join(span.text.split()) == target.exact
    return not target.capital or any(t.text[:1].isupper() for t in span)


def actor_code(country: str | None, sector: Sector | None) -> str | None:
    if country and sector:
        return f"{country}{sector.value}"
    return country or (sector.value if sector else None)


def make_actor(span: Span | None, **fields: Any) -> Actor:
    if span is None:
        return Actor(text=fields.pop("text", ""), **fields)
    return Actor(text=span.text, start=span.start_char, end=span.end_char, **fields)


def evolve_actor(actor: Actor, **changes: Any) -> Actor:
    return replace(actor, **changes)
