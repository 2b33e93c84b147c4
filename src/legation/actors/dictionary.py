"""``dictionary.v1``: actor resolution from the knowledge base, the parse and spaCy NER.

How a document is resolved (:meth:`DictionaryResolver.analyse`):

1. **Pieces.** One ``PhraseMatcher`` (``attr="LOWER"``, built once per resolver and vocab) finds
   every knowledge-base surface form: country names, demonyms, capitals and seats, cities, IGOs,
   institutions, people's names and surnames, office titles and honorifics. Acronyms match
   case-sensitively and names only when capitalised; the longest match wins. spaCy entities
   (PERSON, ORG, GPE, NORP, FAC, LOC) fill the gaps: a PERSON entity larger than the surname it
   contains ("Llyod J Austin", "John Austin") replaces it and goes through fuzzy matching.
2. **Chunks.** Adjacent pieces in the order *owner* (country, demonym, IGO) - *title* -
   *honorific* - *name* form one mention: "Pakistan's Chief of Army Staff General Syed Asim
   Munir", "US Secretary of Defense Lloyd J Austin", "his Chinese counterpart", and a title
   with its name in apposition ("the Chairman of the Joint Chiefs, General Charles Q Brown").
3. **Resolution at the document's date** (``document.published``; the latest holder when None).
   A name resolves to a person (exact alias, surname seen earlier or unambiguous, or rapidfuzz
   with surname agreement), whose role, country and sector come from the office held at that
   date. A bare title resolves to the office of the owner it names, else of a holder already
   mentioned, else of the owner of the title it is coordinated with ("the US Secretary of
   Defense, the Chairman of the Joint Chiefs"), else of a seat or same-sector institution named
   in the sentence ("the President ... at the White House", "the army chief at GHQ"), else of
   the document's home country, else of the resolver's *perspective* country (optional, e.g.
   PAK for a Pakistani corpus), else of the only owner having it; then to its holder
   at the date (kind PERSON), or to the office itself (kind OFFICE) when nobody held it.
   "Counterpart" is the same office function as the last office mentioned, in the owner given.

:meth:`DictionaryDocumentActors.actor_for` maps a noun phrase to the mention containing its head,
or infers a group actor from the head noun and the country words in the phrase ("Indian troops"
-> IND MIL, "US lawmakers" -> USA LEG, "officials" -> home country GOV), resolves "he"/"she" to
the subject of an earlier sentence, and returns None for phrases that denote no actor.
"""

from __future__ import annotations

import logging
import re
from collections import Counter
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field, replace
from datetime import date
from enum import IntEnum
from itertools import pairwise
from types import MappingProxyType
from typing import TYPE_CHECKING, Any

from ..model import Actor, ActorKind, Document, Mention, Sector
from . import RESOLVERS
from .kb import Institution, KnowledgeBase, Office, Person, iter_names, load_knowledge_base

if TYPE_CHECKING:
    from spacy.matcher import PhraseMatcher
    from spacy.tokens import Doc, Span, Token
    from spacy.vocab import Vocab

    from ..config import Config

log = logging.getLogger(__name__)

NAME = "dictionary.v1"
NER_LABELS = frozenset({"PERSON", "ORG", "GPE", "NORP", "FAC", "LOC"})
FUZZY_CUTOFF = 88.0
SURNAME_CUTOFF = 75.0


def _words(text: str, sep: str | None = None) -> list[str]:
    return [w.strip() for w in text.split(sep) if w.strip()]


# Words in front of a name, with the sector they suggest (a general is MIL).
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

# Head nouns that denote a group or an official, with the sector they imply.
_GROUPS: dict[Sector, str] = {
    Sector.GOV: "official government administration authority authorities delegation diplomat "
    "ministry spokesperson spokesman spokeswoman embassy consulate cabinet regime leader "
    "leadership negotiator side department office mission bureaucrat team visitor",
    Sector.MIL: "troops troop soldier army military force forces commander officer navy marine "
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
# Nouns naming one official: kind OFFICE, coreferent with a recent person of that sector.
_ROLES: dict[Sector, str] = {
    Sector.MIL: "general admiral commander",
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
        pairs = {(_fuzzy_form(name), pid) for pid, name in iter_names(self.kb)}
        ordered = sorted(p for p in pairs if " " in p[0])
        return [n for n, _ in ordered], [i for _, i in ordered]


def _fuzzy_form(text: str) -> str:
    return " ".join(text.lower().replace(".", " ").replace("-", " ").split())


def _span_ok(target: Target, span: Span) -> bool:
    if target.exact is not None:
        return "".join(span.text.split()) == target.exact
    return not target.capital or any(t.text[:1].isupper() for t in span)


# ------------------------------------------------------------------------------ resolver


@dataclass(slots=True)
class _Ctx:
    """Per-document state while mentions are resolved in reading order."""

    doc: Doc
    when: date | None
    home: str | None
    seen: dict[str, int] = field(default_factory=dict)  # person id -> last mention order
    last_function: str | None = None
    seats: dict[int, set[str]] = field(default_factory=dict)  # sentence -> seat offices
    bodies: dict[int, set[tuple[str | None, Sector]]] = field(default_factory=dict)
    owners: dict[int, str] = field(default_factory=dict)  # token -> owner named in its chunk


class DictionaryResolver:
    """The ``dictionary.v1`` resolver: knowledge-base phrase matching plus spaCy NER."""

    name = NAME

    def __init__(self, kb: KnowledgeBase, perspective: str | None = None) -> None:
        self.kb = kb
        self.perspective = perspective
        self.lexicon = Lexicon(kb)
        self._matcher: PhraseMatcher | None = None
        self._vocab: Vocab | None = None
        self._tokenizer: Any = None

    # ---- matching -------------------------------------------------------------------
    def matcher(self, vocab: Vocab) -> PhraseMatcher:
        """The phrase matcher for this vocab, built on first use (once per process)."""
        if self._matcher is None or self._vocab is not vocab:
            self._matcher, self._tokenizer = self._build_matcher(vocab)
            self._vocab = vocab
        return self._matcher

    def _build_matcher(self, vocab: Vocab) -> tuple[PhraseMatcher, Any]:
        import spacy
        from spacy.matcher import PhraseMatcher

        tokenizer: Any = spacy.blank("en", vocab=vocab).tokenizer
        matcher = PhraseMatcher(vocab, attr="LOWER")
        surfaces = self.lexicon.surfaces
        for key in surfaces:
            matcher.add(key, list(tokenizer.pipe(sorted(surfaces[key]))))
        log.debug("built the actor phrase matcher with %d keys", len(surfaces))
        return matcher, tokenizer

    def pieces(self, doc: Doc) -> list[Piece]:
        """Knowledge-base matches (longest first, no overlaps) merged with NER entities."""
        matcher = self.matcher(doc.vocab)
        found = []
        for match_id, start, end in matcher(doc):
            piece = self._piece(doc[start:end], doc.vocab.strings[match_id])
            if piece is not None:
                found.append(piece)
        return _merge_entities(doc, _join_names(_longest(found)))

    def _piece(self, span: Span, key: str) -> Piece | None:
        targets = [t for t in self.lexicon.entries.get(key, ()) if _span_ok(t, span)]
        if not targets:
            return None
        kind = min(t.kind for t in targets)
        refs = tuple(dict.fromkeys(t.ref for t in targets if t.kind == kind))
        return Piece(span.start, span.end, kind, refs, key)

    # ---- documents ------------------------------------------------------------------
    def analyse(self, document: Document, doc: Doc) -> DictionaryDocumentActors:
        """Find and resolve the actor mentions of one parsed document."""
        pieces = self.pieces(doc)
        home = self._home_country(document, doc, pieces)
        ctx = _Ctx(doc=doc, when=document.published, home=home)
        ctx.seats, ctx.bodies = self._sentence_bodies(doc, pieces)
        mentions: list[Mention] = []
        hints: list[tuple[int, int, tuple[str, ...]]] = []
        for chunk in _chunks(doc, pieces):
            actor = self._resolve_chunk(doc, chunk, ctx)
            owner = self._owner(chunk)
            if owner is not None:
                ctx.owners.update(dict.fromkeys(range(chunk[0].start, chunk[-1].end), owner))
            if actor is not None:
                mentions.append(Mention(chunk[0].start, chunk[-1].end, actor))
            elif chunk[0].kind in PLACE_KINDS or chunk[0].label == "NORP":
                hints.append((chunk[0].start, chunk[-1].end, chunk[0].refs))
        return DictionaryDocumentActors(self, doc, mentions, ctx.home, hints, ctx.when)

    def _home_country(self, document: Document, doc: Doc, pieces: list[Piece]) -> str | None:
        votes: Counter[str] = Counter()
        first = _first_sentences_end(doc, 2)
        for piece in pieces:
            for country in self._piece_countries(piece):
                votes[country] += 2 if piece.start < first else 1
        if document.title and self._tokenizer is not None:
            for piece in self.pieces(self._tokenizer(document.title)):
                for country in self._piece_countries(piece):
                    votes[country] += 3
        return votes.most_common(1)[0][0] if votes else None

    def _piece_countries(self, piece: Piece) -> list[str]:
        if piece.kind in (Kind.COUNTRY, Kind.DEMONYM):
            return list(piece.refs[:1])
        if piece.kind == Kind.PERSON and len(piece.refs) == 1:
            return [self.kb.people[piece.refs[0]].country]
        if piece.kind == Kind.INSTITUTION and len(piece.refs) == 1:
            country = self.kb.institutions[piece.refs[0]].country
            return [country] if country else []
        return []

    def _sentence_bodies(
        self, doc: Doc, pieces: list[Piece]
    ) -> tuple[dict[int, set[str]], dict[int, set[tuple[str | None, Sector]]]]:
        """Per sentence: the offices of seats named in it (the White House: the President)
        and the (country, sector) of institutions named in it (GHQ: PAK MIL)."""
        seats: dict[int, set[str]] = {}
        bodies: dict[int, set[tuple[str | None, Sector]]] = {}
        for piece in (p for p in pieces if p.kind == Kind.INSTITUTION and len(p.refs) == 1):
            inst = self.kb.institutions[piece.refs[0]]
            sent = doc[piece.start].sent.start
            seats.setdefault(sent, set()).update(inst.seat_of)
            bodies.setdefault(sent, set()).add((inst.country, inst.sector))
        return seats, bodies

    # ---- chunk resolution -------------------------------------------------------------
    def _resolve_chunk(self, doc: Doc, chunk: list[Piece], ctx: _Ctx) -> Actor | None:
        span = doc[chunk[0].start : chunk[-1].end]
        parts = {p.kind: p for p in chunk}
        name = parts.get(Kind.PERSON) or parts.get(Kind.SURNAME)
        ner = next((p for p in chunk if p.kind == Kind.NER), None)
        title = parts.get(Kind.TITLE)
        owner = self._owner(chunk)
        if name is not None or (ner is not None and ner.label == "PERSON"):
            return self._resolve_person(span, chunk, name, ner, owner, ctx)
        if title is not None:
            return self._resolve_title(span, title, owner, ctx)
        return self._resolve_other(span, chunk, owner, ctx)

    def _owner(self, chunk: list[Piece]) -> str | None:
        piece = next((p for p in chunk if p.kind in OWNER_KINDS), None)
        return piece.refs[0] if piece else None

    def _resolve_person(
        self,
        span: Span,
        chunk: list[Piece],
        name: Piece | None,
        ner: Piece | None,
        owner: str | None,
        ctx: _Ctx,
    ) -> Actor | None:
        title = next((p for p in chunk if p.kind == Kind.TITLE), None)
        honorific = next((p for p in chunk if p.kind == Kind.HONORIFIC), None)
        offices = self._title_candidates(title, ctx) if title else ()
        hint = HONORIFICS.get(honorific.key) if honorific else None
        marker = title or honorific
        person = None
        if name is not None:
            person = self._pick_person(name, offices, hint, ctx, marker)
        elif ner is not None:
            person = self.fuzzy_person(span.doc[ner.start : ner.end].text)
        if person is None:
            named = ner or name
            if ner is None and name is not None and not (name.person_ent or marker):
                named = None  # an unconfirmed bare surname ("Rice prices") names nobody
            if named is not None:
                return self._unknown_person(span, named, offices, owner, hint, ctx)
            return self._resolve_title(span, title, owner, ctx) if title else None
        ctx.seen[person.id] = len(ctx.seen) + 1
        return self.person_actor(person, ctx, offices, span)

    def _pick_person(
        self,
        name: Piece,
        offices: Sequence[Office],
        hint: Sector | None,
        ctx: _Ctx,
        marker: Piece | None,
    ) -> Person | None:
        people = [self.kb.people[r] for r in name.refs]
        if name.kind == Kind.SURNAME and not (name.person_ent or marker):
            proper = (
                len(people) == 1
                and ctx.doc[name.start].pos_ == "PROPN"
                and bool(self.kb.holdings_at(people[0].id, ctx.when))
            )
            people = people if proper else [p for p in people if p.id in ctx.seen]
        if len(people) > 1:
            people = self._narrow(people, offices, hint, ctx)
        return people[0] if len(people) == 1 else None

    def _narrow(
        self, people: list[Person], offices: Sequence[Office], hint: Sector | None, ctx: _Ctx
    ) -> list[Person]:
        """Prefer the person seen latest, then the one holding the title's office, then the
        one in office (of the honorific's sector) at the date."""
        seen = [p for p in people if p.id in ctx.seen]
        if seen:
            return [max(seen, key=lambda p: ctx.seen[p.id])]
        ids = {o.id for o in offices}
        checks: tuple[Callable[[Person], bool], ...] = (
            lambda p: any(h.office.id in ids for h in self.kb.holdings_at(p.id, ctx.when)),
            lambda p: any(h.office.id in ids for h in self.kb.holdings.get(p.id, ())),
            lambda p: any(
                hint in (None, h.office.sector) for h in self.kb.holdings_at(p.id, ctx.when)
            ),
        )
        for keep in checks:
            narrowed = [p for p in people if keep(p)]
            if narrowed:
                return narrowed
        return people

    def fuzzy_person(self, text: str) -> Person | None:
        """The person a misspelt full name refers to, if the match is close and the surnames
        agree ("Llyod J Austin" -> Lloyd Austin; "John Austin" -> None)."""
        from rapidfuzz import fuzz, process

        query = _fuzzy_form(text)
        if " " not in query:
            return None
        best = process.extractOne(
            query, self.lexicon.fuzzy_names, scorer=fuzz.ratio, score_cutoff=FUZZY_CUTOFF
        )
        if best is None:
            return None
        choice, _score, index = best
        if fuzz.ratio(query.split()[-1], choice.split()[-1]) < SURNAME_CUTOFF:
            return None
        return self.kb.people[self.lexicon.fuzzy_ids[index]]

    def person_actor(
        self, person: Person, ctx: _Ctx, prefer: Sequence[Office] = (), span: Span | None = None
    ) -> Actor:
        """A person's actor at the context's date: role, country and sector from the office
        held then (the title's office when they held several)."""
        held = [h.office for h in self.kb.holdings_at(person.id, ctx.when)]
        office = next((o for o in held if o in prefer), held[0] if held else None)
        if office is not None:
            ctx.last_function = office.function or ctx.last_function
            return self._office_actor(office, span, person=person)
        sector = _idle_sector(person, self.kb.ever_held(person.id, ctx.when))
        return _actor(
            span,
            name=person.name,
            country=person.country,
            sector=sector,
            code=_code(person.country, sector),
            kind=ActorKind.PERSON,
            entity_id=f"person:{person.id}",
        )

    def _office_actor(
        self, office: Office, span: Span | None, person: Person | None = None
    ) -> Actor:
        igo = self.kb.igos.get(office.country)
        country = "IGO" if igo else office.country
        code = igo.actor_code if igo else _code(office.country, office.sector)
        return _actor(
            span,
            name=person.name if person else None,
            role=office.role,
            country=country,
            sector=office.sector,
            code=code,
            kind=ActorKind.PERSON if person else ActorKind.OFFICE,
            entity_id=f"person:{person.id}" if person else f"office:{office.id}",
        )

    def _unknown_person(
        self,
        span: Span,
        ner: Piece,
        offices: Sequence[Office],
        owner: str | None,
        hint: Sector | None,
        ctx: _Ctx,
    ) -> Actor:
        """A person not in the knowledge base: keep the name; take role and country from the
        title ("Chinese Vice President Han Zheng") or the owner word in front."""
        name = span.doc[ner.start : ner.end].text
        office = self._choose_office(offices, owner, ctx, span) if offices else None
        if office is not None:
            actor = self._office_actor(office, span)
            return _evolve(actor, name=name, kind=ActorKind.PERSON, entity_id=None)
        country = owner if owner in self.kb.countries else None
        return _actor(
            span,
            name=name,
            country=country,
            sector=hint,
            code=_code(country, hint),
            kind=ActorKind.PERSON,
        )

    def _title_candidates(self, title: Piece, ctx: _Ctx) -> tuple[Office, ...]:
        if title.key in COUNTERPARTS:
            return self.lexicon.function_offices.get(ctx.last_function or "", ())
        return self.lexicon.title_offices.get(title.key, ())

    def _resolve_title(
        self, span: Span, title: Piece, owner: str | None, ctx: _Ctx
    ) -> Actor | None:
        doc = span.doc
        if owner is None and span.end < len(doc) and doc[span.end].lower_ == "of":
            return None  # "the president of the chamber": qualified by what we do not know
        offices = self._title_candidates(title, ctx)
        office = self._choose_office(offices, owner, ctx, span)
        if office is None:
            return self._vague_office(span, title, offices, owner)
        ctx.last_function = office.function or ctx.last_function
        holder = self.kb.holder_at(office, ctx.when)
        if holder is None:
            return self._office_actor(office, span)
        ctx.seen[holder.person] = len(ctx.seen) + 1
        return self._office_actor(office, span, person=self.kb.people[holder.person])

    def _choose_office(
        self, offices: Sequence[Office], owner: str | None, ctx: _Ctx, span: Span
    ) -> Office | None:
        root = span.root
        if owner is None and root.dep_ in ("conj", "appos"):  # "the US Secretary of Defense,
            # the Chairman of the Joint Chiefs and the National Security Adviser"
            owner = ctx.owners.get(root.head.i)
            if owner:
                ctx.owners.update(dict.fromkeys(range(span.start, span.end), owner))
        if owner:
            return next((o for o in offices if o.country == owner), None)
        sent = span.sent.start
        seats, bodies = ctx.seats.get(sent, set()), ctx.bodies.get(sent, set())
        picks: tuple[Callable[[Office], bool], ...] = (
            lambda o: (h := self.kb.holder_at(o, ctx.when)) is not None and h.person in ctx.seen,
            lambda o: o.id in seats,
            lambda o: (o.country, o.sector) in bodies,
            lambda o: o.country == ctx.home,
            lambda o: o.country == self.perspective,
        )
        for pick in picks:
            chosen = [o for o in offices if pick(o)]
            if chosen:
                return chosen[0]
        if len({o.country for o in offices}) == 1:
            return offices[0]
        return next((o for o in offices if o.primary), None)

    def _vague_office(
        self, span: Span, title: Piece, offices: Sequence[Office], owner: str | None
    ) -> Actor:
        """A title whose office cannot be told apart: keep the title as role, with the
        country and sector that are certain."""
        sectors = {o.sector for o in offices}
        sector = sectors.pop() if len(sectors) == 1 else None
        igo = self.kb.igos.get(owner or "")
        role = span.doc[title.start : title.end].text
        if igo is not None:
            return _actor(
                span,
                role=role,
                country="IGO",
                sector=Sector.IGO,
                code=igo.actor_code,
                kind=ActorKind.OFFICE,
            )
        return _actor(
            span,
            role=role,
            country=owner,
            sector=sector,
            code=_code(owner, sector),
            kind=ActorKind.OFFICE,
        )

    def _resolve_other(
        self, span: Span, chunk: list[Piece], owner: str | None, ctx: _Ctx
    ) -> Actor | None:
        head = chunk[-1]
        if head.kind == Kind.INSTITUTION:
            return self._institution_actor(span, head, owner, ctx)
        if head.kind == Kind.IGO:
            igo = self.kb.igos[head.refs[0]]
            return _actor(
                span,
                name=igo.name,
                country="IGO",
                sector=Sector.IGO,
                code=igo.actor_code,
                kind=ActorKind.IGO,
                entity_id=f"igo:{igo.id}",
            )
        if head.kind == Kind.COUNTRY:
            return self.country_actor(span, head.refs[0])
        if head.kind == Kind.DEMONYM:
            return self._demonym_group(span, head)
        if head.kind == Kind.NER:
            return self._ner_actor(span, head)
        return None

    def country_actor(self, span: Span | None, iso3: str) -> Actor:
        """A country, its capital or seat of power as actor: its government."""
        country = self.kb.countries[iso3]
        return _actor(
            span,
            name=country.name,
            country=iso3,
            sector=Sector.GOV,
            code=f"{iso3}GOV",
            kind=ActorKind.COUNTRY,
            entity_id=f"country:{iso3}",
        )

    def _institution_actor(self, span: Span, piece: Piece, owner: str | None, ctx: _Ctx) -> Actor:
        insts = [self.kb.institutions[r] for r in piece.refs]
        chosen = _pick_institution(insts, owner, ctx.home)
        if chosen is None:
            sectors = {i.sector_at(ctx.when) for i in insts}
            sector = sectors.pop() if len(sectors) == 1 else None
            return _actor(span, sector=sector, code=_code(None, sector), kind=ActorKind.INSTITUTION)
        sector = chosen.sector_at(ctx.when)
        return _actor(
            span,
            name=chosen.name,
            country=chosen.country,
            sector=sector,
            code=_code(chosen.country, sector),
            kind=ActorKind.INSTITUTION,
            entity_id=f"institution:{chosen.id}",
        )

    def _demonym_group(self, span: Span, piece: Piece) -> Actor | None:
        """A plural demonym used as a noun ("the Americans", "Pakistanis"); adjectives are
        not mentions (they only qualify the noun phrase they are in)."""
        token = span.doc[piece.end - 1]
        if token.dep_ in ("amod", "compound") or token.tag_ not in ("NNS", "NNPS"):
            return None
        determined = piece.start > 0 and span.doc[piece.start - 1].lower_ == "the"
        sector = Sector.GOV if determined else Sector.CVL
        iso3 = piece.refs[0]
        return _actor(
            span, country=iso3, sector=sector, code=_code(iso3, sector), kind=ActorKind.GROUP
        )

    def _ner_actor(self, span: Span, piece: Piece) -> Actor:
        """An entity the knowledge base does not know: kept with its text."""
        countries = list(dict.fromkeys(piece.refs))
        country = countries[0] if countries else None
        if piece.label == "NORP":
            diaspora = len(countries) > 1 or span[-1].lower_ in DIASPORA_SUFFIXES
            sector = Sector.CVL if country else None
            return _actor(
                span,
                country=country,
                sector=sector,
                code=_code(country, sector),
                role="diaspora" if diaspora and country else None,
                kind=ActorKind.GROUP,
            )
        kind = ActorKind.INSTITUTION if piece.label == "ORG" else ActorKind.UNKNOWN
        return _actor(span, country=country, code=country, kind=kind)


def _idle_sector(person: Person, former: bool) -> Sector | None:
    """The sector of a person holding no office: a former state official is ELI (a retired
    general, an ex-minister); party, opposition and other sectors given in the entry stay."""
    if person.sector is not None and not (former and person.sector in STATE_SECTORS):
        return person.sector
    return Sector.ELI if former else None


def _pick_institution(
    insts: list[Institution], owner: str | None, home: str | None
) -> Institution | None:
    if len(insts) == 1:
        return insts[0]
    for country in (owner, home):
        match = [i for i in insts if country is not None and i.country == country]
        if match:
            return match[0]
    return None


def _code(country: str | None, sector: Sector | None) -> str | None:
    if country and sector:
        return f"{country}{sector.value}"
    return country or (sector.value if sector else None)


def _actor(span: Span | None, **fields: Any) -> Actor:
    if span is None:
        return Actor(text=fields.pop("text", ""), **fields)
    return Actor(text=span.text, start=span.start_char, end=span.end_char, **fields)


def _evolve(actor: Actor, **changes: Any) -> Actor:
    return replace(actor, **changes)


def _first_sentences_end(doc: Doc, n: int) -> int:
    for i, sent in enumerate(doc.sents):
        if i + 1 >= n:
            return int(sent.end)
    return len(doc)


# ------------------------------------------------------------------ pieces and chunks


def _longest(pieces: list[Piece]) -> list[Piece]:
    """Non-overlapping pieces, longest first (then leftmost), in text order."""
    taken: set[int] = set()
    kept = []
    for piece in sorted(pieces, key=lambda p: (p.start - p.end, p.kind != Kind.TITLE, p.start)):
        tokens = range(piece.start, piece.end)
        if not taken.intersection(tokens):
            kept.append(piece)
            taken.update(tokens)
    return sorted(kept, key=lambda p: p.start)


def _join_names(pieces: list[Piece]) -> list[Piece]:
    """Adjacent name pieces sharing a person become one ("General Asim" + "Munir")."""
    out: list[Piece] = []
    for piece in pieces:
        prev = out[-1] if out else None
        shared = prev is not None and set(prev.refs) & set(piece.refs)
        if (
            prev is not None
            and shared
            and prev.end == piece.start
            and {prev.kind, piece.kind} <= NAME_KINDS
        ):
            out[-1] = Piece(prev.start, piece.end, Kind.PERSON, tuple(shared), prev.key)
        else:
            out.append(piece)
    return out


def _merge_entities(doc: Doc, pieces: list[Piece]) -> list[Piece]:
    """Add spaCy entities where the knowledge base found nothing; let a PERSON entity
    replace the surname/place words it contains, and NORP/ORG/FAC entities the place words."""
    by_token = {t: p for p in pieces for t in range(p.start, p.end)}
    drop: set[int] = set()
    added: list[Piece] = []
    for ent in doc.ents:
        if ent.label_ not in NER_LABELS:
            continue
        hits = list(
            {id(p): p for t in range(ent.start, ent.end) if (p := by_token.get(t))}.values()
        )
        new = _entity_piece(ent, hits)
        if new is not None:
            drop.update(id(p) for p in hits if p.kind in WEAK_KINDS and _overlap(p, new))
            added.append(new)
    kept = [p for p in pieces if id(p) not in drop]
    return sorted(kept + added, key=lambda p: p.start)


def _entity_piece(ent: Span, hits: list[Piece]) -> Piece | None:
    """The NER piece an entity contributes given the knowledge-base pieces it overlaps
    (None: the knowledge base already covers it)."""
    label = ent.label_
    if not hits:
        return Piece(ent.start, ent.end, Kind.NER, (), ent.text, label=label)
    kinds = {p.kind for p in hits}
    if label == "PERSON":
        return _person_entity(ent, hits, kinds)
    same = len(hits) == 1 and (hits[0].start, hits[0].end) == (ent.start, ent.end)
    if kinds == {Kind.SURNAME} and same:
        hits[0].person_ent = True  # the small model often labels a bare surname ORG or GPE
        return None
    if Kind.SURNAME in kinds and kinds <= WEAK_KINDS:
        # a surname in a place or organisation name ("Austin, Texas", "Gates Foundation")
        return Piece(ent.start, ent.end, Kind.NER, (), ent.text, label=label)
    inside = all(ent.start <= p.start and p.end <= ent.end for p in hits)
    larger = sum(p.end - p.start for p in hits) < len(ent)
    if label in ("NORP", "ORG", "FAC") and kinds <= WEAK_KINDS and inside and larger:
        countries = tuple(r for p in hits if p.kind in PLACE_KINDS for r in p.refs[:1])
        return Piece(ent.start, ent.end, Kind.NER, countries, ent.text, label=label)
    return None


def _overlap(a: Piece, b: Piece) -> bool:
    return a.start < b.end and b.start < a.end


def _person_entity(ent: Span, hits: list[Piece], kinds: set[Kind]) -> Piece | None:
    if kinds & {Kind.PERSON, Kind.INSTITUTION, Kind.IGO, Kind.TITLE}:
        return None
    start = max([ent.start, *(p.end for p in hits if p.kind == Kind.HONORIFIC)])
    surnames = [p for p in hits if p.kind == Kind.SURNAME]
    if len(surnames) == 1 and (surnames[0].start, surnames[0].end) == (start, ent.end):
        surnames[0].person_ent = True
        return None
    if start >= ent.end:
        return None
    return Piece(start, ent.end, Kind.NER, (), ent.text, label="PERSON")


def _chunks(doc: Doc, pieces: list[Piece]) -> Iterator[list[Piece]]:
    """Group adjacent pieces in the order owner - title - honorific - name."""
    chunk: list[Piece] = []
    for piece in pieces:
        if chunk and _joins(doc, chunk[-1], piece):
            chunk.append(piece)
            continue
        if chunk:
            yield from _flush(chunk)
        chunk = [piece]
    if chunk:
        yield from _flush(chunk)


def _joins(doc: Doc, prev: Piece, nxt: Piece) -> bool:
    gap = [t.text for t in doc[prev.end : nxt.start]]
    possessive = prev.kind in OWNER_KINDS and len(gap) == 1 and gap[0] in POSSESSIVE
    named = nxt.kind in NAME_KINDS | {Kind.HONORIFIC} or nxt.label == "PERSON"
    apposed = prev.kind == Kind.TITLE and gap == [","] and named  # "the army chief, Gen X"
    if gap and not (possessive or apposed):
        return False
    if prev.kind in OWNER_KINDS and nxt.kind == Kind.INSTITUTION:
        return True
    if prev.kind in CLOSED_KINDS or nxt.kind in CLOSED_KINDS:
        return False
    if nxt.kind == Kind.NER and nxt.label != "PERSON":
        return False
    return prev.rank < _rank(nxt)


def _rank(piece: Piece) -> int:
    return 3 if piece.kind == Kind.NER else piece.rank


def _flush(chunk: list[Piece]) -> Iterator[list[Piece]]:
    """A chunk of only honorifics is no mention; split off a trailing honorific."""
    if all(p.kind == Kind.HONORIFIC for p in chunk):
        return
    yield [p for p in chunk if not (p is chunk[-1] and p.kind == Kind.HONORIFIC)]


# ---------------------------------------------------------------------- document actors


class DictionaryDocumentActors:
    """The resolved mentions of one document and inference for other noun phrases."""

    def __init__(
        self,
        resolver: DictionaryResolver,
        doc: Doc,
        mentions: list[Mention],
        home_country: str | None,
        hints: list[tuple[int, int, tuple[str, ...]]],
        when: date | None,
    ) -> None:
        self.mentions = mentions
        self.home_country = home_country
        self._resolver = resolver
        self._doc = doc
        self._when = when
        self._by_token: dict[int, Mention] = {
            t: m for m in mentions for t in range(m.start_token, m.end_token)
        }
        self._hints = {t: refs for s, e, refs in hints for t in range(s, e)}

    def mention_at(self, token_index: int) -> Mention | None:
        return self._by_token.get(token_index)

    def actor_for(self, span: Span) -> Actor | None:
        """The actor a noun phrase denotes (see the module docstring), or None."""
        root = span.root
        mention = self._by_token.get(root.i)
        if mention is not None:
            return mention.actor
        lower = root.lower_
        if lower in PERSON_PRONOUNS:
            return self._pronoun(root)
        if root.pos_ == "NUM" or lower in QUANTIFIERS:
            inner = _of_object(root)
            if inner is not None:
                return self.actor_for(inner)
        lemma = root.lemma_.lower()
        if lemma in ROLE_NOUNS or lower in ROLE_NOUNS:
            return self._role(span, root, ROLE_NOUNS.get(lemma) or ROLE_NOUNS[lower])
        sector = GROUP_NOUNS.get(lemma) or GROUP_NOUNS.get(lower)
        if sector is not None:
            return self._group(span, root, sector)
        if root.pos_ == "PROPN":
            return next((m.actor for t in span if (m := self._by_token.get(t.i))), None)
        return None

    def _countries_in(self, span: Span) -> list[str]:
        out: list[str] = []
        for token in span:
            mention = self._by_token.get(token.i)
            refs = self._hints.get(token.i, ())
            if mention is not None and mention.actor.country not in (None, "IGO"):
                out.append(str(mention.actor.country))
            out.extend(refs[:2])
        return list(dict.fromkeys(out))

    def _group(self, span: Span, root: Token, sector: Sector) -> Actor:
        countries = self._countries_in(span)
        diaspora = _is_diaspora(span)
        if diaspora:
            sector = Sector.CVL
        country = countries[0] if countries else None
        if country is None and sector == Sector.GOV and root.lemma_.lower() in HOME_NOUNS:
            country = self.home_country
        return Actor(
            text=span.text,
            role="diaspora" if diaspora else None,
            country=country,
            sector=sector,
            code=_code(country, sector),
            kind=ActorKind.GROUP,
            start=span.start_char,
            end=span.end_char,
        )

    def _role(self, span: Span, root: Token, sector: Sector) -> Actor:
        """ "the general", "the minister": a recent person of that sector, else the role."""
        countries = self._countries_in(span)
        if not countries:
            person = self._recent_person(root, sector)
            if person is not None:
                return _evolve(person, text=span.text, start=span.start_char, end=span.end_char)
        country = countries[0] if countries else None
        role = ROLE_WORDS.get(root.lower_, root.lower_)
        return Actor(
            text=span.text,
            role=role,
            country=country,
            sector=sector,
            code=_code(country, sector),
            kind=ActorKind.OFFICE,
            start=span.start_char,
            end=span.end_char,
        )

    def _recent_person(self, root: Token, sector: Sector) -> Actor | None:
        for mention in reversed(self.mentions):
            actor = mention.actor
            if (
                mention.end_token <= root.i
                and actor.kind == ActorKind.PERSON
                and actor.entity_id
                and actor.sector == sector
            ):
                return actor
        return None

    def _pronoun(self, token: Token) -> Actor | None:
        """He/she: the subject person of the nearest earlier sentence that names one."""
        sents = [s for s in self._doc.sents if s.end <= token.sent.start][-3:]
        for sent in reversed(sents):
            people = [
                m
                for m in self.mentions
                if sent.start <= m.start_token < sent.end and m.actor.kind == ActorKind.PERSON
            ]
            subjects = [
                m
                for m in people
                if self._doc[m.start_token : m.end_token].root.dep_ in ("nsubj", "nsubjpass")
            ]
            chosen = (subjects or people)[:1]
            if chosen:
                return chosen[0].actor
        return None


def _of_object(root: Token) -> Span | None:
    for child in root.children:
        if child.dep_ == "prep" and child.lower_ == "of":
            obj = next((c for c in child.children if c.dep_ == "pobj"), None)
            if obj is not None:
                return obj.doc[obj.left_edge.i : obj.right_edge.i + 1]
    return None


def _is_diaspora(span: Span) -> bool:
    words = [t.lower_ for t in span]
    return any(a == "-" and b in DIASPORA_SUFFIXES for a, b in pairwise(words))


# ------------------------------------------------------------------------- registration


@RESOLVERS.register(NAME)
def make_dictionary_resolver(
    kb: KnowledgeBase | None = None,
    config: Config | None = None,
    perspective: str | None = None,
    **_: Any,
) -> DictionaryResolver:
    """Build ``dictionary.v1`` over ``kb`` (default: the shipped knowledge base plus the
    files in ``config.actor_paths``). ``perspective`` (ISO3; else ``config.perspective`` when
    the config has such a key) is the country whose officials a bare title ("the army chief")
    means when the document does not say otherwise."""
    perspective = perspective or getattr(config, "perspective", None)
    if kb is None:
        kb = load_knowledge_base(config.actor_paths if config else ())
    return DictionaryResolver(kb, perspective=perspective)


def resolve_all(
    resolver: DictionaryResolver, items: Iterable[tuple[Document, Doc]]
) -> Iterator[DictionaryDocumentActors]:
    """Analyse parsed documents one after the other (convenience for batch use)."""
    for document, doc in items:
        yield resolver.analyse(document, doc)
