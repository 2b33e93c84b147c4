"""Word lists and the surface-form index of the ``dictionary.v1`` resolver.

Honorifics, group and role nouns with the sector they imply, the kinds of knowledge-base
surface forms (:class:`Kind`), matched spans (:class:`Piece`), and :class:`Lexicon`: every
surface form of a knowledge base with the indexes resolution needs (built once per resolver).
"""

from __future__ import annotations

import bisect
import re
from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass, replace
from enum import IntEnum
from pathlib import Path
from types import MappingProxyType
from typing import TYPE_CHECKING, Any

from ..cache import cache_dir, compiled, paused_gc
from ..model import Actor, Sector
from ..nlp import shouting
from .kb import Entries as EntryTable
from .kb import (
    KnowledgeBase,
    Office,
    Person,
    expand_paths,
    iter_names,
    load_knowledge_base,
    shipped_files,
)

if TYPE_CHECKING:
    from spacy.tokens import Span


def _words(text: str, sep: str | None = None) -> list[str]:
    return [w.strip() for w in text.split(sep) if w.strip()]


_HONORIFICS: dict[Sector | None, str] = {
    Sector.MIL: "general, gen, gen., lt gen, lt. gen., lt-gen, lt gen., lieutenant general, "
    "lt general, maj gen, maj. gen., major general, brigadier, brig, brig., colonel, col, col., "
    "admiral, adm, adm., vice admiral, rear admiral, air chief marshal, air marshal, "
    "field marshal, marshal, retired general, lieutenant colonel, lt col, lt. col., "
    "lt colonel, lieutenant, lt, lt., captain, capt, capt., major, maj, maj., sergeant, "
    "sgt, sgt., corporal, cpl, cpl., naik, lance naik, havildar, lance havildar, sepoy, "
    "subedar, naib subedar, subedar major, sowar",
    Sector.GOV: "secretary, minister, ambassador, amb., envoy, governor",
    Sector.LEG: "senator, sen., congressman, congresswoman, rep., mna, mp",
    Sector.JUD: "justice, judge",
    None: "mr, mr., mrs, mrs., ms, ms., dr, dr., prof, prof., professor, sheikh, mullah, "
    "maulana, mawlawi, sardar, sir, lord, lady, former, hon, hon., the hon, the hon., "
    "honourable, the honourable, honorable, the honorable, rt hon, rt hon., rt. hon., "
    "the rt hon, the rt hon., the rt. hon.",
}


HONORIFICS: Mapping[str, Sector | None] = MappingProxyType(
    {word: sector for sector, words in _HONORIFICS.items() for word in _words(words, ",")}
)  # keyed like the surface index: lower case, single spaces


_ROLES: dict[Sector, str] = {
    Sector.MIL: "general admiral commander marshal",
    Sector.GOV: "minister ambassador envoy diplomat secretary charge chargé affaires d'affaires",
    Sector.LEG: "senator",
    Sector.SPY: "spymaster",
}


ROLE_NOUNS: Mapping[str, Sector] = MappingProxyType(
    {noun: sector for sector, nouns in _ROLES.items() for noun in _words(nouns)}
)


#: Heads of roles besides the role nouns, whose owner a modifier or an "of" phrase names
#: ("the UN human rights *chief*", "Iran's parliament *speaker*", "X, the *Chairperson* of the
#: African Union Commission").
ROLE_HEADS = frozenset(
    {"chief", "head", "speaker", "spokesman", "spokeswoman", "spokesperson", "official",
     "director", "chairman", "chairwoman", "chairperson", "chair", "president", "governor",
     "leader", "adviser", "advisor", "representative", "negotiator", "commissioner",
     "coordinator"}
)  # fmt: skip


ROLE_WORDS: Mapping[str, str] = MappingProxyType(
    dict.fromkeys(_words("charge chargé affaires d'affaires"), "charge d'affaires")
)


ORG_HEADS = frozenset(
    _words(
        "network faction movement group organisation organization outfit wing militia "
        "coalition alliance front body bloc cell unit branch affiliate offshoot panel team "
        "mission taskforce"
    )
)  # nouns that stand for the organisation named in front of them ("the Hamas movement")

#: Unnamed non-governmental organisations: a group noun with a word of advocacy or relief
#: ("a human rights group", "an international aid organisation"), or a watchdog or charity.
NGO_HEADS = frozenset(
    _words(
        "group organisation organization watchdog charity charities ngo ngos campaigner "
        "campaigners activist-group"
    )
)
NGO_WORDS = frozenset(
    _words(
        "rights aid relief humanitarian advocacy watchdog charity non-governmental "
        "nongovernmental non-profit nonprofit"
    )
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
        "most several all each one two few majority half third thirds quarter quarters part "
        "rest remainder fraction percent"
    )
)


#: Nouns of how people fare, which stand for them as the object of an act ("investigated
#: the *welfare of* 2,000 Libyans", "raised the *plight of* the Rohingya").
WELFARE_NOUNS = frozenset(
    _words("welfare fate plight safety whereabouts condition conditions wellbeing "
           "well-being rights")
)  # fmt: skip


COUNTERPARTS = frozenset({"counterpart", "counterparts"})


COUNTERPART_PREPS = frozenset({"with", "to", "against", "from"})


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
    confirm: bool = False  # only where spaCy tags an entity (one-word world-tier names)
    world: bool = False  # from the converted world tier


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
    world: bool = False  # every candidate comes from the world tier

    @property
    def rank(self) -> int:
        if self.kind in OWNER_KINDS:
            return 0
        order = {Kind.TITLE: 1, Kind.HONORIFIC: 2}
        return order.get(self.kind, 3)


def surface_key(text: str) -> str:
    """The index key of a surface form: lower case, words apart by one space. A stretch of
    tokens matches it when their lower-case texts, joined with a space wherever the text has
    whitespace between them, equal it: "Pakistan's" is "pakistan" + "'s", while "Pakistan
    is" never reads as "Pakistanis"."""
    return " ".join(text.lower().split())


def _is_acronym(text: str) -> bool:
    """All capitals ("ISI", "U.S.") or a short mixed-case form ("LeT", "MoFA"): these match
    case-sensitively, so "us", "who" and "Let" do not."""
    if text.isupper():
        return sum(c.isalpha() for c in text) >= 2
    return len(text) <= 5 and text[1:] != text[1:].lower() and sum(map(str.isalpha, text)) >= 2


def _target(
    kind: Kind, ref: str, surface: str, capital: bool = True, confirm: bool = False
) -> Target:
    exact = "".join(surface.split()) if _is_acronym(surface) else None
    return Target(kind, ref, exact, capital and exact is None, confirm and exact is None)


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


Entries = dict[str, list[Target]]


def indexed_knowledge_base(
    extra: Iterable[Path | str] = (), *, world: bool = True
) -> KnowledgeBase:
    """:func:`.kb.load_knowledge_base` with its surface index built (``kb.index``), both
    read from the compiled cache (:mod:`legation.cache`) when neither the files nor the code
    changed since they were built: loading and indexing 100,000 entries would otherwise take
    half a second of every start-up."""
    extra = list(extra)
    files = [*shipped_files(), *expand_paths(extra)]
    whole = cache_dir() is not None  # what is built on first use is worth caching too
    return compiled(
        "actor-index", [*files, f"world={world}"], lambda: _indexed(extra, world, whole)
    ).kb


def _indexed(extra: list[Path | str], world: bool, whole: bool) -> Lexicon:
    kb = load_knowledge_base(extra, world=world)
    lexicon = Lexicon(kb).complete() if whole else Lexicon(kb)
    object.__setattr__(kb, "index", lexicon)  # frozen: set once, before anyone reads it
    return lexicon


def index_of(kb: KnowledgeBase) -> Lexicon:
    """The surface index of ``kb``: the one it was loaded with, else built now."""
    return kb.index if isinstance(kb.index, Lexicon) else Lexicon(kb)


class Lexicon:
    """Every surface form of the knowledge base, keyed by :func:`surface_key`, and the
    indexes resolution needs. Curated and user entries are indexed first; a world-tier
    target is added only under a key no curated entry uses (a curated entry always wins)."""

    def __init__(self, kb: KnowledgeBase) -> None:
        with paused_gc():
            self._build(kb)

    def _build(self, kb: KnowledgeBase) -> None:
        self.kb = kb
        self.entries: Entries = {}
        # key -> (kind, ref, surface, confirm)
        self.world: dict[str, list[tuple[Kind, str, str, bool]]] = {}
        self.title_offices: dict[str, tuple[Office, ...]] = {}
        self.function_offices: dict[str, tuple[Office, ...]] = {}
        #: Each country's offices the knowledge base keeps.
        self.country_offices: dict[str, tuple[Office, ...]] = {}
        self.agents: dict[str, Sector | None] = {}
        self._add_countries()
        self._add_organisations()
        self._add_people()
        self._add_titles()
        self._add_honorifics()
        self._add_world()
        self._add_agents()
        self._keys: list[str] | None = None
        self._fuzzy: dict[str, tuple[list[str], list[str]]] | None = None
        self._fuzzy_places: dict[str, tuple[list[str], list[tuple[Kind, str]]]] | None = None
        self.longest = max(map(len, (*self.entries, *self.world)), default=0)

    def add(self, surface: str, target: Target) -> None:
        targets = self.entries.setdefault(surface_key(surface), [])
        if target not in targets:
            targets.append(target)

    def __contains__(self, key: str) -> bool:
        return key in self.entries or key in self.world

    def targets(self, key: str) -> list[Target]:
        """What a key names: the curated targets, else the world tier's (made on first use:
        indexing 50,000 world forms must stay cheap at start-up)."""
        found = self.entries.get(key)
        if found is None and key in self.world:
            found = self.entries[key] = [_world_target(*t) for t in self.world.pop(key)]
        return found or []

    def complete(self) -> Lexicon:
        """Build now what is otherwise built on first use (the sorted keys, the fuzzy
        buckets), so that a compiled copy holds them too."""
        self.has_prefix("")
        self.fuzzy_choices("")
        if self._fuzzy_places is None:
            with paused_gc():
                self._fuzzy_places = self._place_buckets()
        return self

    def has_prefix(self, text: str) -> bool:
        """Whether some key starts with ``text`` (sorted keys, built on first use)."""
        if self._keys is None:
            with paused_gc():
                self._keys = sorted({*self.entries, *self.world})
        i = bisect.bisect_left(self._keys, text)
        return i < len(self._keys) and self._keys[i].startswith(text)

    # ---- curated (and user) entries: every form, with name variants ---------------------
    def _add_countries(self) -> None:
        for c in self.kb.countries.values():
            for name in (c.name, *c.aliases, *([c.capital] if c.capital else []), *c.seats):
                self.add(name, _target(Kind.COUNTRY, c.iso3, name))
            for name in c.demonyms:
                self.add(name, _target(Kind.DEMONYM, c.iso3, name))
            for name in c.cities:
                self.add(name, _target(Kind.CITY, c.iso3, name))

    def _add_organisations(self) -> None:
        for igo in _checked(self.kb.igos):
            for name in (igo.name, *igo.aliases):
                self.add(name, _target(Kind.IGO, igo.id, name))
        for inst in _checked(self.kb.institutions):
            for name in (inst.name, *inst.aliases):
                self.add(name, _target(Kind.INSTITUTION, inst.id, name))
            for name in inst.generic:
                self.add(name, _target(Kind.INSTITUTION, inst.id, name, capital=False))

    def _add_people(self) -> None:
        for person in _checked(self.kb.people):
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
                by_title.setdefault(surface_key(title), []).append(office)
                self.add(title, _target(Kind.TITLE, surface_key(title), title, capital=False))
        for word in COUNTERPARTS:
            self.add(word, Target(Kind.TITLE, word, capital=False))
        self.title_offices = {k: tuple(dict.fromkeys(v)) for k, v in by_title.items()}
        self.function_offices = {k: tuple(v) for k, v in by_function.items()}
        by_country: dict[str, list[Office]] = {}
        for office in self.kb.offices.values():
            by_country.setdefault(office.country, []).append(office)
        self.country_offices = {k: tuple(v) for k, v in by_country.items()}

    def _add_honorifics(self) -> None:
        for key in HONORIFICS:
            self.entries.setdefault(key, []).append(Target(Kind.HONORIFIC, key))

    # ---- the world tier: forms as converted (variants included), below curated keys ----
    def _add_world(self) -> None:
        for names in self.kb.country_names:
            for kind, forms in (
                (Kind.COUNTRY, names.aliases),
                (Kind.DEMONYM, names.demonyms),
                (Kind.CITY, names.cities),
            ):
                for name in forms:
                    self._world(name, kind, names.country)
            for name in names.places:  # the gazetteer: only where spaCy tags a place
                self._world(name, Kind.CITY, names.country, confirm=True)
        self._add_world_organisations()
        self._add_world_people()
        for key in self.entries:  # a curated entry always wins
            self.world.pop(key, None)

    def _world(self, surface: str, kind: Kind, ref: str, confirm: bool = False) -> None:
        # world forms are written single-spaced by the converter: lower() is their key
        self.world.setdefault(surface.lower(), []).append((kind, ref, surface, confirm))

    def _add_world_organisations(self) -> None:
        tables = ((Kind.IGO, self.kb.igos), (Kind.INSTITUTION, self.kb.institutions))
        for kind, table in tables:
            if not isinstance(table, EntryTable):
                continue
            for ident, raw in table.raw_items():
                for name in (raw["name"], *raw.get("aliases", ())):
                    self._world(name, kind, ident)

    def _add_world_people(self) -> None:
        table = self.kb.people
        if not isinstance(table, EntryTable):
            return
        for ident, raw in table.raw_items():
            name = raw["name"]
            self._world(name, Kind.PERSON, ident)
            for alias in raw.get("aliases", ()):
                self._world(alias, Kind.PERSON if " " in alias else Kind.SURNAME, ident)
            words = name.split()
            if raw.get("match_surname", True) and len(words) > 1:
                self._world(raw.get("surname") or words[-1], Kind.SURNAME, ident)

    def _add_agents(self) -> None:
        table = self.kb.agents
        raw = table.raw_items() if isinstance(table, EntryTable) else iter(())
        curated = ((a.id, a.sector, a.forms) for a in _checked(table))
        world = ((k, _sector(r.get("sector")), r.get("forms", ())) for k, r in raw)
        for ident, sector, forms in (*curated, *world):
            for form in (ident, *forms):
                self.agents.setdefault(surface_key(form), sector)

    # ---- fuzzy search over place names (built on first use) ------------------------------
    def fuzzy_place(self, text: str) -> tuple[Kind, str] | None:
        """The country or city a misspelt place name stands for ("Khatmandu": Kathmandu,
        Nepal's capital), by the well-known names only (countries, capitals, the curated and
        Phoenix cities; not the gazetteer): one close match (:data:`PLACE_CUTOFF`) with the
        same first letter, of one country; None otherwise."""
        from rapidfuzz import fuzz, process

        query = fuzzy_form(text)
        if len(query) < PLACE_MIN_LETTERS or " " in query:
            return None
        if self._fuzzy_places is None:
            with paused_gc():
                self._fuzzy_places = self._place_buckets()
        names, targets = self._fuzzy_places.get(query[:1], ([], []))
        found = process.extract(query, names, scorer=fuzz.ratio, score_cutoff=PLACE_CUTOFF)
        best = {targets[i] for _, score, i in found if score == found[0][1]} if found else set()
        return next(iter(best)) if len({ref for _, ref in best}) == 1 else None

    def _place_buckets(self) -> dict[str, tuple[list[str], list[tuple[Kind, str]]]]:
        pairs: dict[str, tuple[Kind, str]] = {}
        for c in self.kb.countries.values():
            for name in (c.name, *c.aliases, *([c.capital] if c.capital else [])):
                pairs.setdefault(fuzzy_form(name), (Kind.COUNTRY, c.iso3))
            for name in c.cities:
                pairs.setdefault(fuzzy_form(name), (Kind.CITY, c.iso3))
        for names in self.kb.country_names:
            for name in names.aliases:
                pairs.setdefault(fuzzy_form(name), (Kind.COUNTRY, names.country))
            for name in names.cities:
                pairs.setdefault(fuzzy_form(name), (Kind.CITY, names.country))
        buckets: dict[str, tuple[list[str], list[tuple[Kind, str]]]] = {}
        for name, target in sorted(pairs.items()):
            if " " not in name and len(name) >= PLACE_MIN_LETTERS:
                keys, refs = buckets.setdefault(name[:1], ([], []))
                keys.append(name)
                refs.append(target)
        return buckets

    # ---- fuzzy search over full names (built on first use) -------------------------------
    def fuzzy_choices(self, surname: str) -> tuple[list[str], list[str]]:
        """Full names (and their people's ids) whose surname starts like ``surname``."""
        if self._fuzzy is None:
            with paused_gc():
                self._fuzzy = self._fuzzy_buckets()
        return self._fuzzy.get(surname[:1], ([], []))

    def _fuzzy_buckets(self) -> dict[str, tuple[list[str], list[str]]]:
        pairs = {(fuzzy_form(name), pid) for pid, name in iter_names(self.kb)}
        buckets: dict[str, tuple[list[str], list[str]]] = {}
        for name, pid in sorted(p for p in pairs if " " in p[0]):
            names, ids = buckets.setdefault(name.split()[-1][:1], ([], []))
            names.append(name)
            ids.append(pid)
        return buckets


def _world_target(kind: Kind, ref: str, surface: str, confirm: bool = False) -> Target:
    """A world-tier form's target; a one-word organisation name needs an entity tag, and a
    gazetteer place a place tag (``confirm``)."""
    single = kind in (Kind.IGO, Kind.INSTITUTION) and " " not in surface.strip()
    return replace(_target(kind, ref, surface, confirm=single or confirm), world=True)


def _checked(table: Mapping[str, Any]) -> Iterator[Any]:
    """The validated entries of a section (curated and user files); world-tier entries are
    indexed from their raw form."""
    return table.checked() if isinstance(table, EntryTable) else iter(table.values())


def _sector(value: Any) -> Sector | None:
    return Sector(value) if value else None


#: How close a misspelt place name must be to a known one (rapidfuzz ratio: "Khatmandu" and
#: "Kathmandu" 88.9; "Austria" and "Australia" 87.5), and how long.
PLACE_CUTOFF = 88.5
PLACE_MIN_LETTERS = 7


#: Lower-case words a name may begin with ("de Klerk", "al-Sisi", "bin Salman").
PARTICLES = frozenset(
    _words("de da di du del della der den dos das van von ter le la al el bin ibn bint abu")
)


def fuzzy_form(text: str) -> str:
    return " ".join(text.lower().replace(".", " ").replace("-", " ").split())


def span_ok(target: Target, span: Span) -> bool:
    if target.exact is not None and "".join(span.text.split()) != target.exact:
        return False
    if target.confirm and not _confirmed(target, span):
        return False
    if target.capital and not any(t.text[:1].isupper() for t in span):
        return False
    if target.kind in NAME_KINDS and span[0].text[:1].islower() and span[0].lower_ not in PARTICLES:
        return False  # "a spokesman *said Ali* Benflis' ...": a verb before a name is no name
    if (target.exact is not None or target.capital) and _in_shouting(span):
        # in an all-capital line every word is capitalised and looks like an acronym ("IN",
        # "US"): a name only where the line's (re-read) parse says so, or a country's full
        # name the tagger took for a noun ("ETHIOPIA, SOMALIA AGREE ...")
        named = any(t.pos_ == "PROPN" or t.ent_type_ for t in span)
        country = target.kind is Kind.COUNTRY and target.exact is None and len(span.text) >= 5
        return named or (country and all(t.pos_ in ("NOUN", "PROPN", "ADJ") for t in span))
    return True


ENTITY_LABELS = frozenset({"PERSON", "ORG", "GPE", "NORP", "FAC", "LOC"})
PLACE_LABELS = frozenset({"GPE", "LOC", "FAC"})


def _confirmed(target: Target, span: Span) -> bool:
    """Whether spaCy tags ``span`` as the entity ``target`` needs: a place for a gazetteer
    place, which may also be what a place preposition governs ("six people in *Sivas*",
    where the small model guesses a person), any entity otherwise."""
    if target.kind is not Kind.CITY:
        return any(t.ent_type_ in ENTITY_LABELS for t in span)
    if any(t.ent_type_ in PLACE_LABELS for t in span):
        return True
    root = span.root
    return root.dep_ == "pobj" and root.head.lower_ in PLACE_PREPOSITIONS


#: Prepositions whose proper-noun object is a place ("in Sivas", "near Gorazde").
PLACE_PREPOSITIONS = frozenset({"in", "near", "outside", "around"})


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


def _in_shouting(span: Span) -> bool:
    """Whether the span stands in an all-capital sentence (:func:`legation.nlp.shouting`,
    the test that picks the sentences the NLP stage re-reads)."""
    return span.doc.has_annotation("SENT_START") and shouting(span.sent)
