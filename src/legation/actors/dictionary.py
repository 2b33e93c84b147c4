"""``dictionary.v1``: actor resolution from the knowledge base, the parse and spaCy NER.

Modules: :mod:`.lexicon` (word lists and the surface-form index), :mod:`.matching` (phrase
matcher, fuzzy search, entities, chunks), :mod:`.document` (the per-document
:class:`DictionaryDocumentActors`) and this one (the resolver and its registration).

How a document is resolved (:meth:`DictionaryResolver.analyse`):

1. **Pieces.** A walk over the surface index (:class:`.lexicon.Lexicon`, built once per
   resolver: a dict keyed by lower-case text without spaces) finds every knowledge-base
   surface form: country names, demonyms, capitals and seats, cities, IGOs,
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
   The seat, institution and home-country steps skip the country of the title's counterpart
   in its clause (the objects when it is the subject, the subject when it is an object):
   nobody thanks, meets or visits their own government ("The army chief thanked the United
   States" is not the US army chief; the perspective country decides).

:meth:`DictionaryDocumentActors.actor_for` maps a noun phrase to the mention containing its head,
or infers a group actor from the head noun and the country words in the phrase ("Indian troops"
-> IND MIL, "US lawmakers" -> USA LEG, "officials" -> home country GOV), resolves "he"/"she" to
the subject of an earlier sentence, and returns None for phrases that denote no actor.
"""

from __future__ import annotations

import logging
import re
from collections import Counter
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass, field, replace
from datetime import date
from typing import TYPE_CHECKING, Any

from ..model import Actor, ActorKind, Document, Mention, Sector
from .base import RESOLVERS
from .dating import Recipe, first_date, text_dates
from .document import DictionaryDocumentActors
from .kb import Institution, KnowledgeBase, Office, Person
from .lexicon import (
    COUNTERPARTS,
    DIASPORA_SUFFIXES,
    HONORIFICS,
    OWNER_KINDS,
    PLACE_KINDS,
    ROLE_HEADS,
    ROLE_NOUNS,
    STATE_SECTORS,
    Kind,
    Piece,
    actor_code,
    evolve_actor,
    index_of,
    indexed_knowledge_base,
    make_actor,
    name_variants,
    surface_key,
)
from .matching import chunks, find_pieces, fuzzy_person_id
from .owners import (
    counterpart_countries,
    dateline,
    modifier_tokens,
    np_owner,
    portfolio_word,
)

if TYPE_CHECKING:
    from spacy.tokens import Doc, Span, Token
    from spacy.vocab import Vocab

    from ..config import Config

__all__ = [
    "NAME",
    "DictionaryDocumentActors",
    "DictionaryResolver",
    "make_dictionary_resolver",
    "name_variants",
    "resolve_all",
]

log = logging.getLogger(__name__)

_WORDS = re.compile(r"\w+|[^\w\s]")

NAME = "dictionary.v1"


# Words in front of a name, with the sector they suggest (a general is MIL).

# Head nouns that denote a group or an official, with the sector they imply.
# Nouns naming one official: kind OFFICE, coreferent with a recent person of that sector.


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
    countries: dict[int, str] = field(default_factory=dict)  # token -> country its piece names
    owner_at: dict[int, str] = field(default_factory=dict)  # token -> owner its piece names
    places: set[int] = field(default_factory=set)  # tokens of place pieces (cities included)
    body_at: dict[int, str] = field(default_factory=dict)  # token -> its state body's country
    recipe: Recipe | None = None  # how the chunk being resolved was (for redating)
    # surname -> a person outside the knowledge base named in full earlier in the document
    surnames: dict[str, Actor] = field(default_factory=dict)
    shared_names: set[str] = field(default_factory=set)  # words of two people's names
    # (country, title) -> the person outside the knowledge base so titled earlier
    titled: dict[tuple[str, str], str] = field(default_factory=dict)
    # token -> the country of the person its mention names (resolved so far)
    person_at: dict[int, str] = field(default_factory=dict)
    # title -> the person outside the knowledge base titled so last ("Chinese Ambassador
    # Jiang Zaidong"), whom the bare title then means ("The Ambassador conveyed ...")
    titled_people: dict[str, Actor] = field(default_factory=dict)

    def counterparts(self) -> dict[int, str]:
        """Tokens -> countries that a counterpart in a clause may name: country words and
        the people resolved so far ("Blinken met President X": not a US president)."""
        return {**self.countries, **self.person_at}


#: Words of titles many states' offices share ("the deputy prime minister", "the army
#: chief", "the foreign secretary"): such a title alone tells no state.
COMMON_TITLE_WORDS = frozenset(
    {"the", "a", "deputy", "prime", "minister", "foreign", "defence", "defense", "interior",
     "finance", "home", "army", "chief", "chiefs", "president", "vice", "secretary", "general",
     "affairs", "of", "for", "and", "ambassador", "commander", "staff", "head",
     "speaker", "chairman", "chair", "national", "security", "adviser", "advisor",
     "spokesman", "spokesperson", "spokeswoman", "minister's", "senior", "junior", "first",
     "premier", "chancellor", "governor", "mayor", "envoy", "special", "representative",
     "forces", "force"}
)  # fmt: skip


class DictionaryResolver:
    """The ``dictionary.v1`` resolver: knowledge-base phrase matching plus spaCy NER."""

    name = NAME

    def __init__(self, kb: KnowledgeBase, perspective: str | None = None) -> None:
        self.kb = kb
        self.perspective = perspective
        self.lexicon = index_of(kb)

    # ---- matching -------------------------------------------------------------------
    def pieces(self, doc: Doc) -> list[Piece]:
        """Knowledge-base matches (longest first, no overlaps) merged with NER entities."""
        return find_pieces(self.lexicon, doc)

    def tokenize(self, text: str, vocab: Vocab) -> Doc:
        """A bare tokenisation of ``text`` (document titles): words and punctuation marks
        apart, which the surface index matches as it matches spaCy's tokens."""
        from spacy.tokens import Doc

        return Doc(vocab, words=_WORDS.findall(text) or [" "])

    # ---- documents ------------------------------------------------------------------
    def analyse(self, document: Document, doc: Doc) -> DictionaryDocumentActors:
        """Find and resolve the actor mentions of one parsed document, at its publication
        date, else at the date its text gives (:mod:`.dating`)."""
        pieces = [p for p in self.pieces(doc) if not (_stance(doc, p) or _ethnic(doc, p))]
        home, sole = self._home_country(document, doc, pieces)
        given = {} if document.published else text_dates(doc)
        when = document.published or first_date(given)
        ctx = _Ctx(doc=doc, when=when, home=home)
        ctx.seats, ctx.bodies = self._sentence_bodies(doc, pieces)
        ctx.countries = self._token_countries(doc, pieces, ctx.seats)
        ctx.owner_at = _owner_tokens(pieces)
        ctx.places = {i for p in pieces if p.kind in PLACE_KINDS for i in range(p.start, p.end)}
        ctx.body_at = {
            i: country
            for p in pieces
            if p.kind == Kind.INSTITUTION and len(p.refs) == 1 and self._state_body(p)
            if (country := self.kb.institutions[p.refs[0]].country or "") in self.kb.countries
            for i in range(p.start, p.end)
        }
        mentions: list[Mention] = []
        hints: list[tuple[int, int, tuple[str, ...]]] = []
        recipes: dict[tuple[int, int], Recipe] = {}
        for chunk in chunks(doc, pieces):
            ctx.when = given.get(doc[chunk[0].start].sent.start, when)
            ctx.recipe = None
            actor = self._named_before(doc, chunk, ctx) or self._resolve_chunk(doc, chunk, ctx)
            _remember_surname(doc, chunk, actor, ctx)
            if actor is not None and actor.kind is ActorKind.PERSON and actor.country:
                ctx.person_at.update(
                    dict.fromkeys(range(chunk[0].start, chunk[-1].end), actor.country)
                )
            owner = self._owner(chunk)
            if owner is not None:
                ctx.owners.update(dict.fromkeys(range(chunk[0].start, chunk[-1].end), owner))
            if actor is not None:
                mentions.append(Mention(chunk[0].start, chunk[-1].end, actor))
                if ctx.recipe is not None and actor.start is not None and actor.end is not None:
                    recipes[(actor.start, actor.end)] = ctx.recipe
            elif chunk[0].kind in PLACE_KINDS or chunk[0].label == "NORP":
                hints.append((chunk[0].start, chunk[-1].end, chunk[0].refs))
            elif chunk[-1].kind == Kind.INSTITUTION and chunk[-1].start in ctx.owner_at:
                # "Indian and *Pakistani* troops" read as a group: its nationality word
                first = chunk[-1].start
                hints.append((first, first + 1, (ctx.owner_at[first],)))
        mentions += _bare_surnames(doc, mentions, ctx)
        _slashed_titles(doc, mentions)
        _bare_organs(doc, mentions)
        mentions += _defined_acronyms(doc, mentions, ctx, self._country_in)
        found = DictionaryDocumentActors(self, doc, mentions, home, hints, when, ctx.owner_at)
        found.recipes = recipes
        found.sole_country = sole
        return found

    def resolve_again(self, recipe: Recipe, when: date) -> Actor:
        """A mention's actor at another date (see :mod:`.dating`)."""
        ctx = _Ctx(doc=None, when=when, home=None)  # type: ignore[arg-type]
        if recipe.kind == "office":
            office = self.kb.offices[recipe.ref]
            holder = self.kb.holder_at(office, when)
            person = self.kb.people[holder.person] if holder else None
            return self._office_actor(office, None, person=person)
        prefer = [self.kb.offices[o] for o in recipe.prefer if o in self.kb.offices]
        return self.person_actor(self.kb.people[recipe.ref], ctx, prefer, owner=recipe.owner)

    def _home_country(
        self, document: Document, doc: Doc, pieces: list[Piece]
    ) -> tuple[str | None, bool]:
        """The country the document names most (its first sentences and title count more),
        and whether it is the only country the document names."""
        votes: Counter[str] = Counter()
        named: set[str] = set()  # by names that are one state's ("the interior ministry" is not)
        first = _first_sentences_end(doc, 2)
        for piece in pieces:
            # a dateline's place ("GUATEMALA CITY, June 10 (AP) -") is where the story is
            datelined = dateline(doc[piece.end - 1])
            weight = 6 if datelined else 2 if piece.start < first else 1
            countries = self._piece_countries(piece)
            if datelined and piece.kind == Kind.CITY:
                countries = list(piece.refs[:1])  # "PESHAWAR, Oct 14 (Reuters) -" too
            for country in countries:
                votes[country] += weight
                if not (piece.kind == Kind.INSTITUTION and _generic_body(piece.key)):
                    named.add(country)
        if document.title:
            for piece in self.pieces(self.tokenize(document.title, doc.vocab)):
                for country in self._piece_countries(piece):
                    votes[country] += 3
        home = votes.most_common(1)[0][0] if votes else None
        # "Kuwaiti security forces arrested ..., the interior ministry said": Kuwait alone
        return home, len(votes) == 1 or named == {home}

    def _piece_countries(self, piece: Piece) -> list[str]:
        if piece.kind in (Kind.COUNTRY, Kind.DEMONYM):
            return list(piece.refs[:1])
        if piece.kind == Kind.NER and piece.label == "NORP":
            return list(piece.refs[:1])  # "Pakistani-Americans": the people of origin
        country: str | None = None
        if piece.kind == Kind.PERSON and len(piece.refs) == 1:
            country = self.kb.people[piece.refs[0]].country
        if piece.kind == Kind.INSTITUTION and len(piece.refs) == 1:
            country = self.kb.institutions[piece.refs[0]].country
        return [country] if country is not None and country in self.kb.countries else []
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

    def _token_countries(
        self, doc: Doc, pieces: list[Piece], seats: dict[int, set[str]]
    ) -> dict[int, str]:
        """The state each piece's tokens name for sure: a country or demonym, a known person
        or state institution, or a title whose office has its seat named in the sentence. (A
        rebel group or a party is not its state: a president concedes to his own rebels.)"""
        found: dict[int, str] = {}
        for piece in pieces:
            countries = self._piece_countries(piece)
            if piece.kind == Kind.INSTITUTION and not self._state_body(piece):
                countries = []
            if piece.kind == Kind.TITLE:
                here = seats.get(doc[piece.start].sent.start, set())
                titled = self.lexicon.title_offices.get(piece.key, ())
                countries = [o.country for o in titled if o.id in here]
                named = self._country_in(doc[piece.start : piece.end])
                if not countries and named and all(o.country == named for o in titled):
                    countries = [named]  # "North Korea's leader": the title names its state
            if countries:
                found.update(dict.fromkeys(range(piece.start, piece.end), countries[0]))
        return found

    def _country_in(self, words: Span) -> str | None:
        """The one country a title's own words name ("*North Korea's* leader")."""
        return self._named_in(words, (Kind.COUNTRY, Kind.DEMONYM))

    def _named_in(self, words: Span, kinds: tuple[Kind, ...]) -> str | None:
        """The one thing of these kinds that the words name, longest names first."""
        texts = [t.lower_ for t in words if t.dep_ != "case"]
        found: set[str] = set()
        i = 0
        while i < len(texts):  # the longest name first: "north korea", not "korea"
            for j in range(min(i + 3, len(texts)), i, -1):
                refs = {
                    t.ref for t in self.lexicon.targets(" ".join(texts[i:j])) if t.kind in kinds
                }
                if refs:
                    found |= refs
                    break
            i = j if refs else i + 1
        return found.pop() if len(found) == 1 else None

    def _state_body(self, piece: Piece) -> bool:
        return all(self.kb.institutions[r].sector in STATE_SECTORS for r in piece.refs)

    # ---- chunk resolution -------------------------------------------------------------
    def _resolve_chunk(self, doc: Doc, chunk: list[Piece], ctx: _Ctx) -> Actor | None:
        span = doc[chunk[0].start : chunk[-1].end]
        parts = {p.kind: p for p in chunk}
        name = parts.get(Kind.PERSON) or parts.get(Kind.SURNAME)
        ner = next((p for p in chunk if p.kind == Kind.NER), None)
        title = parts.get(Kind.TITLE)
        owner = self._owner(chunk) or np_owner(span.root, ctx.owner_at)
        titled = ner is not None and ner.label == "ORG" and title is not None and ner is chunk[-1]
        if name is not None or (
            ner is not None and (ner.label == "PERSON" or _named_title(span) or titled)
        ):
            return self._resolve_person(span, chunk, name, ner, owner, ctx)
        if title is not None:
            return self._resolve_title(span, title, owner, ctx)
        return self._resolve_other(span, chunk, owner, ctx)

    def _named_before(self, doc: Doc, chunk: list[Piece], ctx: _Ctx) -> Actor | None:
        """ "Philippine Defense Secretary Delfin Lorenzana ... Mattis thanked *Lorenzana*": a
        surname alone (with a title or honorific at most) is the person outside the
        knowledge base named in full before it in the document."""
        names = [p for p in chunk if p.kind in (Kind.NER, Kind.SURNAME, Kind.PERSON)]
        if len(chunk) == 1 and chunk[0].kind is Kind.COUNTRY:
            # "Luis Montenegro ... *Montenegro* then flew on": the surname, not the state
            names = [chunk[0]] if chunk[0].end - chunk[0].start == 1 else []
        elif any(p.kind not in SURNAME_COMPANIONS for p in chunk):
            return None
        if len(names) != 1:
            return None
        words = doc[names[0].start : names[0].end]
        if not _one_word_name(words):
            return None
        earlier = ctx.surnames.get(words.text)
        if earlier is None or words.text in ctx.shared_names:
            return None
        span = doc[chunk[0].start : chunk[-1].end]
        return replace(earlier, text=span.text, start=span.start_char, end=span.end_char)

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
            if person is not None and offices and not self._ever_held(person, offices):
                person = None  # "spokesperson Lin Qiang" is not Premier Li Qiang misspelt
            if person is not None and not self._corroborated(person, ctx):
                person = None  # "Karim Saleh" in Beirut is not Iraq's Karim Salih misspelt
        if person is None:
            named = ner or name
            if ner is None and name is not None and not (name.person_ent or marker):
                named = None  # an unconfirmed bare surname ("Rice prices") names nobody
            if named is not None:
                owner = owner or self._shared_country(name, marker, ctx)
                # "External Affairs Ministry spokesman Randhir Jaiswal", "the Southcom
                # Commander Gen. X": the state body named right before the role is theirs
                before = span.start - 1
                owner = owner or (ctx.body_at.get(before) if before >= 0 else None)
                owner = owner or _led_from(span, ctx)
                if owner is None and not offices:
                    # "X, the Chairperson of the African Union Commission": the body's
                    owner = self._apposed_body(span, ctx)
                if owner is None and not offices:
                    owner, offices, hint = self._apposed(span, ctx, hint)
                elif owner is None and span.root.dep_ == "appos" and span.root.head.i < span.start:
                    # "Turkey's special envoy, Ambassador X": the state the title set before
                    # the name gives, where the name's own title is many states' ("Ambassador")
                    apposed, own, said = self._apposed(span, ctx, hint)
                    if apposed is not None:
                        owner, hint = apposed, said
                        offices = own or tuple(o for o in offices if o.country == apposed)
                key = title.key if title else None
                return self._unknown_person(span, named, offices, owner, hint, ctx, key)
            return self._resolve_title(span, title, owner, ctx) if title else None
        ctx.seen[person.id] = len(ctx.seen) + 1
        prefer = tuple(o.id for o in offices)
        ctx.recipe = Recipe("person", person.id, ctx.when, prefer, owner)
        actor = self.person_actor(person, ctx, offices, span, owner=owner)
        bodies = {o.country for o in offices}
        body = owner if owner in self.kb.igos else (bodies.pop() if len(bodies) == 1 else None)
        titled = title is not None or (
            owner in self.kb.igos and chunk[0].kind == Kind.IGO and len(chunk) == 2
        )  # "UN envoy Kofi Annan": the body's own word for the role
        if titled and body in self.kb.igos and actor.country != "IGO":
            # "NATO Secretary-General Javier Solana", "UN envoy Kofi Annan": the title says
            # whom they act for, whatever else the knowledge base knows of them
            country, sector, code = self._owned_by(str(body), actor.sector)
            return evolve_actor(actor, country=country, sector=sector, code=code)
        apposed = self._apposed_body(span, ctx) if title is None else None
        if apposed is not None and actor.country != "IGO":
            # "Jens Stoltenberg, NATO's secretary general", "X, the secretary general of the
            # CSTO": the office the text gives them is whom they act for here
            country, sector, code = self._owned_by(apposed, actor.sector)
            return evolve_actor(actor, country=country, sector=sector, code=code)
        if actor.country is None and title is None:
            # "Hilda Heine, the President of the Marshall Islands": a known person with no
            # affiliation at this date takes the one the text gives them
            country, _, sector = self._apposed(span, ctx, hint)
            if country is not None:
                sector = sector or actor.sector
                return evolve_actor(
                    actor, country=country, sector=sector, code=actor_code(country, sector)
                )
        named = name or ner
        said = self._agent_sector(span, named) if named is not None else None
        if said is not None and said not in STATE_SECTORS and actor.role is None and not offices:
            # "Opposition leader Raila Odinga": the text's word for what they are now over a
            # stale affiliation (the world tier has him in government to 2013)
            return evolve_actor(actor, sector=said, code=actor_code(actor.country, said))
        return actor

    def _apposed_body(self, span: Span, ctx: _Ctx) -> str | None:
        """The international organisation a role in apposition after a name gives ("X,
        *NATO's secretary general*", "X, *the secretary general of the CSTO*")."""
        appos = next(
            (c for t in span for c in t.children if c.dep_ == "appos" and c.i >= span.end),
            None,
        )
        if appos is None or (
            appos.lemma_.lower() not in ROLE_NOUNS and appos.lemma_.lower() not in ROLE_HEADS
        ):
            return None
        words = span.doc[appos.left_edge.i : appos.right_edge.i + 1]
        bodies = {
            o for t in words if (o := ctx.owner_at.get(t.i)) is not None and not portfolio_word(t)
        }
        # the organisation inside a title the lexicon read whole ("secretary general of NATO")
        body = bodies.pop() if len(bodies) == 1 else self._named_in(words, (Kind.IGO,))
        return body if body in self.kb.igos else None

    def _apposed(
        self, span: Span, ctx: _Ctx, hint: Sector | None
    ) -> tuple[str | None, tuple[Office, ...], Sector | None]:
        """(country, offices, sector) an apposition gives an unknown name ("Ahmed Karimi,
        *the Iranian foreign minister*", "X, *Algeria's leading human rights activist*", "X,
        *the head of Iran's atomic agency*", "*Thailand's foreign minister*, Somchai
        Rattanakul"): the country it names, the offices of that country its title may be,
        the sector its head noun has."""
        doc = span.doc
        appos = next(
            (c for t in span for c in t.children if c.dep_ == "appos" and c.i >= span.end),
            None,
        )
        root = span.root
        if (
            appos is None
            and root.dep_ == "appos"
            and (root.head.pos_ == "NOUN" or root.head.lower_ in ROLE_NOUNS)
            and root.head.i < span.start
        ):
            # "Thailand's foreign minister, Somchai Rattanakul", "the Foreign *Minister* of
            # the Republic of Uzbekistan, Bakhtiyor Saidov": the title the name is apposed
            # to, without the name
            appos = root.head
            words = doc[appos.left_edge.i : span.start]
        elif appos is None and (described := _description_after(span)) is not None:
            # "Ahmed Attaf, Minister of Foreign Affairs of Algeria; ...": a readout's list
            # the parser does not read as appositions
            appos, words = described
        elif appos is None or (
            appos.pos_ == "PROPN" and appos.lower_ not in ROLE_NOUNS and not self._titled(appos)
        ):
            return None, (), hint  # "met A, B and C": a name, not a description (but
            # "X, Commander of the Danish Defence", "X, the President of Y" are)
        else:
            words = _with_hung_of(doc[appos.left_edge.i : appos.right_edge.i + 1], appos.head)
        country = next(
            (
                c
                for t in words
                if (c := ctx.countries.get(t.i) or ctx.owner_at.get(t.i)) and not portfolio_word(t)
            ),
            None,
        )
        if country is None:
            # "He also met Kunle Adeyemi, *the finance minister*": no state, but a minister
            # (the story's own, unless he meets one of its own: see _home_owner)
            return None, (), hint or self.lexicon.agents.get(appos.lemma_.lower())
        before = [t.lower_ for t in words if t.i < appos.i and t.pos_ in ("ADJ", "NOUN", "PROPN")]
        for size in range(min(len(before), 3), -1, -1):
            key = " ".join([*before[len(before) - size :], appos.lower_])
            offices = tuple(
                o for o in self.lexicon.title_offices.get(key, ()) if o.country == country
            )
            if offices:
                return country, offices, hint
        return country, (), hint or self.lexicon.agents.get(appos.lemma_.lower())

    def _titled(self, head: Token) -> bool:
        """Whether ``head`` ends a title the knowledge base knows ("President", "Prime
        Minister")."""
        before = head.doc[head.i - 1].lower_ if head.i > 0 else ""
        titles = self.lexicon.title_offices
        return head.lower_ in titles or f"{before} {head.lower_}" in titles

    def _pick_person(
        self,
        name: Piece,
        offices: Sequence[Office],
        hint: Sector | None,
        ctx: _Ctx,
        marker: Piece | None,
    ) -> Person | None:
        earlier = self._named_in_full_before(name, ctx)
        if earlier is not None:
            return earlier  # "Mauro Vieira ... During his meeting with *Vieira*"
        people = [self.kb.people[r] for r in name.refs]
        if name.kind == Kind.SURNAME and marker is None:
            people = [p for p in people if self._may_be_surnamed(p, ctx)]
        if name.kind == Kind.SURNAME and not (name.person_ent or marker):
            proper = (
                len(people) == 1
                and ctx.doc[name.start].pos_ == "PROPN"
                and bool(self.kb.holdings_at(people[0].id, ctx.when))
            )
            people = people if proper else [p for p in people if p.id in ctx.seen]
        if len(people) > 1:
            people = self._narrow(people, offices, hint, ctx)
        if hint is Sector.MIL and marker is not None and marker.kind == Kind.HONORIFIC:
            # "Naik Imran Khan embraced shahadat": a soldier, not the politician so named
            people = [p for p in people if Sector.MIL in self._sectors_of(p)]
        return people[0] if len(people) == 1 else None

    def _named_in_full_before(self, name: Piece, ctx: _Ctx) -> Person | None:
        """The person the document named in full before whose name holds every word of this
        shorter one ("Mauro Vieira" ... "Vieira"; "Sheikh Abdullah bin Zayed Al Nahyan" ...
        "Sheikh Abdullah"), the latest such first: a short form names the person the text
        is about, not another of the knowledge base so called."""
        if ctx.doc is None:
            return None
        words = {w.lower() for w in ctx.doc[name.start : name.end].text.split()}
        for ident in sorted(ctx.seen, key=ctx.seen.__getitem__, reverse=True):
            person = self.kb.people.get(ident)
            if person is None:
                continue
            for full in (person.name, *person.aliases):
                parts = {w.lower() for w in full.split()}
                if words < parts:
                    return person
        return None

    def _sectors_of(self, person: Person) -> set[Sector | None]:
        """Every sector the knowledge base ties a person to (offices, affiliations, own)."""
        found = {person.sector, *(a.sector for a in person.affiliations)}
        return found | {h.office.sector for h in self.kb.holdings.get(person.id, ())}

    def _shared_country(self, name: Piece | None, marker: Piece | None, ctx: _Ctx) -> str | None:
        """The country every person a full name may be shares (some leaders are listed
        twice in the world tier): the person stays unknown, the country does not."""
        if name is None or (name.kind == Kind.SURNAME and not (name.person_ent or marker)):
            return None
        refs = name.refs
        if name.kind == Kind.SURNAME and marker is None:
            refs = tuple(r for r in refs if self._may_be_surnamed(self.kb.people[r], ctx))
        countries = {self.kb.people[r].country for r in refs}
        if not countries:
            return None
        return countries.pop() if len(countries) == 1 else None

    def _may_be_surnamed(self, person: Person, ctx: _Ctx) -> bool:
        """Whether a bare surname may be this person: one the text named in full, a
        hand-kept one, or one of the world tier's 18,000 in a role at the date (undated:
        a role with no end). "The *Sahel* rebel front" is no Moroccan minister of 2008;
        "Putin" is Putin."""
        if person.id in ctx.seen or not self.kb.is_world("people", person.id):
            return True
        if ctx.when is not None:
            return person.affiliation_at(ctx.when) is not None
        return any(a.end is None for a in person.affiliations if a.sector is not Sector.ELI)

    def _narrow(
        self, people: list[Person], offices: Sequence[Office], hint: Sector | None, ctx: _Ctx
    ) -> list[Person]:
        """Prefer the person seen latest, then the one holding the title's office, then the
        one in office (of the honorific's sector) at the date, then the one affiliated (not
        as ELI) at the date."""
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
            lambda p: (a := p.affiliation_at(ctx.when)) is not None and a.sector != Sector.ELI,
        )
        for keep in checks:
            narrowed = [p for p in people if keep(p)]
            if narrowed:
                return narrowed
        return people

    def _ever_held(self, person: Person, offices: Sequence[Office]) -> bool:
        """Whether the person held one of the titled offices, or the knowledge base lists no
        office of theirs to say otherwise."""
        held = self.kb.holdings.get(person.id, ())
        roles = {o.role.casefold() for o in offices}
        return not held or any(h.office.role.casefold() in roles for h in held)

    def _corroborated(self, person: Person, ctx: _Ctx) -> bool:
        """Whether a world-tier person a name only resembles belongs to a country the
        document names (a curated person needs no such support)."""
        if not self.kb.is_world("people", person.id):
            return True
        theirs = {person.country, *(a.country for a in person.affiliations)} - {None}
        named = {*ctx.countries.values(), ctx.home} - {None}
        return not theirs or bool(theirs & named)

    def fuzzy_person(self, text: str) -> Person | None:
        """The person a misspelt full name refers to, if the match is close and the surnames
        agree ("Llyod J Austin" -> Lloyd Austin; "John Austin" -> None)."""
        found = fuzzy_person_id(self.lexicon, text)
        return self.kb.people[found] if found is not None else None

    def person_actor(
        self,
        person: Person,
        ctx: _Ctx,
        prefer: Sequence[Office] = (),
        span: Span | None = None,
        owner: str | None = None,
    ) -> Actor:
        """A person's actor at the context's date: role, country and sector from the office
        held then (the title's office when they held several), else from their affiliation
        then. Undated, the office the mention names, else the country and the sector of the
        office or affiliation they are known for, without a role (never today's)."""
        held = [h.office for h in self.kb.holdings_at(person.id, ctx.when)]
        if ctx.when is None or (not held and span is not None and not _former(span)):
            # undated, or the text names an office they held, not at the date the knowledge
            # base gives ("Foreign Office spokesperson Shafqat Ali Khan" before his start):
            # the text's office (not "former ...")
            held = [o for o in prefer if o in _offices_of(self.kb, person.id)]
        office = next((o for o in held if o in prefer), held[0] if held else None)
        if office is not None:
            ctx.last_function = office.function or ctx.last_function
            return self._office_actor(office, span, person=person)
        country, sector, code = self._affiliation(person, ctx.when, owner)
        titled = _usual_sector(prefer) if span is not None and not _former(span) else None
        if (
            titled is not None
            and titled is not sector
            and country not in (None, "IGO")
            and self.kb.is_world("people", person.id)
        ):
            # "Kosovo Prime Minister Albin Kurti" in 2024: the title the text gives beats the
            # world tier's affiliation, which stops in 2014 (opposition, then)
            sector, code = titled, actor_code(country, titled)
        return make_actor(
            span,
            name=person.name,
            country=country,
            sector=sector,
            code=code,
            kind=ActorKind.PERSON,
            entity_id=f"person:{person.id}",
        )

    def _affiliation(
        self, person: Person, when: date | None, owner: str | None
    ) -> tuple[str | None, Sector | None, str | None]:
        """(country, sector, code) of a person holding no office the mention names: the
        affiliation at the date; a world-tier person whose mention names another owner ("U.N.
        mediator Martti Ahtisaari") is that owner's."""
        aff = person.affiliation_at(when)
        world = self.kb.is_world("people", person.id)
        if world and owner and (aff is None or aff.country != owner):
            return self._owned_by(owner, aff.sector if aff else None)
        if aff is not None and aff.country is not None:
            igo = aff.country == "IGO"
            return aff.country, aff.sector, aff.code if igo else actor_code(aff.country, aff.sector)
        held = self.kb.holdings.get(person.id, ())
        if when is None and held:
            latest = max(held, key=lambda h: h.holder.start or date.min).office
            return person.country, latest.sector, actor_code(person.country, latest.sector)
        sector = _idle_sector(person, self.kb.ever_held(person.id, when))
        return person.country, sector, actor_code(person.country, sector)

    def _owned_by(
        self, owner: str, sector: Sector | None
    ) -> tuple[str | None, Sector | None, str | None]:
        igo = self.kb.igos.get(owner)
        if igo is not None:
            return "IGO", Sector.IGO, igo.actor_code
        return owner, sector, actor_code(owner, sector)

    def _office_actor(
        self, office: Office, span: Span | None, person: Person | None = None
    ) -> Actor:
        igo = self.kb.igos.get(office.country)
        country = "IGO" if igo else office.country
        code = igo.actor_code if igo else actor_code(office.country, office.sector)
        return make_actor(
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
        title_key: str | None = None,
    ) -> Actor:
        """A person not in the knowledge base: keep the name; take role and country from the
        title ("Chinese Vice President Han Zheng") or the owner word in front."""
        name = span.doc[ner.start : ner.end].text
        office = self._choose_office(offices, owner, ctx, span) if offices else None
        foreign = False
        if office is not None and owner is None and self._holder_named(office, ctx):
            # "Blinken met Foreign Minister Ahmed Karimi": the office the title names is held
            # by someone the text names, so the title is another country's like office --
            # the story's own, unless that office is the story's ("South African President
            # Ramaphosa spoke with President Filipe Nyusi" in a Maputo wire: Mozambique's)
            foreign = ctx.home in (None, office.country)
            hint, offices, office = hint or office.sector, (), None
        elif office is not None and owner is None and not self._own_title(office, title_key):
            # "Press Statement with Foreign Minister Onyeama" on a US site: the US office of
            # that function is called otherwise, so the title is some other country's office
            hint, offices, office, foreign = hint or office.sector, (), None, True
        elif (
            office is not None
            and owner is None
            and self._held_by_another(office, ctx)
            and office.country not in {*ctx.countries.values(), ctx.home}
            and not self._title_names_country(title_key, office.country)
        ):
            # "the group's military spokesman, Yahya Saree" in a story naming no Pakistan:
            # someone else's office of that title, not the ISPR chief's -- the home
            # country's like office where the story has one ("Defence Secretary X" in a
            # London release, the knowledge base's Defence Secretary being the US one)
            hint, offices, office = hint or office.sector, (), None
        if (
            office is not None
            and owner is None
            and self._held_by_another(office, ctx)
            and office.country in _counterparts_of(span, ctx)
        ):
            # "Blinken met ... with President Edgard Leblanc Fils": nobody meets their own
            # government, and the office's holder is someone else -- another state's
            hint, offices, office, foreign = hint or office.sector, (), None, True
        if office is not None:
            actor = self._office_actor(office, span)
            role = None if self._held_by_another(office, ctx) else actor.role  # a deputy?
            return evolve_actor(actor, name=name, role=role, kind=ActorKind.PERSON, entity_id=None)
        sector = hint or _usual_sector(offices) or self._agent_sector(span, ner)
        foreign = foreign or self._title_not_used_at_home(span, ner, ctx)
        if owner is None and not foreign and (offices or sector in STATE_SECTORS):
            owner = self._home_owner(span, ctx)
            if owner is not None and ctx.titled.get((owner, title_key or "")) not in (None, name):
                # "Mauritanian President Ghazouani ... received by President Adama Barrow" in
                # a Nouakchott story: another than the home's president named before
                owner = None
        if owner is not None and owner in self.kb.igos:
            country, sector, code = self._owned_by(owner, sector)
            return make_actor(
                span, name=name, country=country, sector=sector, code=code, kind=ActorKind.PERSON
            )
        country = owner if owner in self.kb.countries else None
        if country is not None and title_key:
            ctx.titled.setdefault((country, title_key), name)
        earlier = ctx.surnames.get(name.split()[-1]) if name.split() else None
        if country is None and earlier is not None and earlier.name == name:
            # named in full again ("U.S. Chargé d'affaires Angela Aggeler visits Gwadar ...
            # Chargé d'affaires Angela Aggeler visited"): the same person as before
            country, sector = earlier.country, sector or earlier.sector
        actor = make_actor(
            span,
            name=name,
            country=country,
            sector=sector,
            code=actor_code(country, sector),
            kind=ActorKind.PERSON,
        )
        if country is not None and title_key:
            ctx.titled_people[title_key] = actor
        return actor

    def _title_not_used_at_home(self, span: Span, ner: Piece, ctx: _Ctx) -> bool:
        """Whether the title before an unknown name is a rank the home country does not
        have: "Coordinating Minister ... Luhut Pandjaitan" in a US readout is no American,
        the US having no ministers (judged only for a country whose offices the curated
        knowledge keeps)."""
        offices = self.lexicon.country_offices.get(ctx.home or "", ())
        if len(offices) < MIN_OFFICES_KNOWN:
            return False
        words = {t.lower_ for t in span.doc[span.start : ner.start]} & RANKS
        used = {w.lower() for o in offices for t in (*o.titles, o.role) for w in t.split()}
        return bool(words - used)

    def _counterpart_excluded(self, office: Office, ctx: _Ctx) -> bool:
        """Whether ``office`` cannot be a counterpart's: the document's home country's, or
        one whose holder at the date the text has named already."""
        if office.country == ctx.home:
            return True
        holder = self.kb.holder_at(office, ctx.when) if ctx.when is not None else None
        return holder is not None and holder.person in ctx.seen

    def _own_title(self, office: Office, title_key: str | None) -> bool:
        """Whether ``title_key`` is what ``office``'s country calls it: one of its titles,
        or a generic name of its function where the country's own name for the office is
        generic too (Pakistan's "Minister of Foreign Affairs" is its foreign minister; the
        US Secretary of State is no "Foreign Minister"). No title counts as its own."""
        if title_key is None:
            return True
        if title_key in {surface_key(t) for t in (*office.titles, office.role)}:
            return True
        generic = {surface_key(t) for t in self.kb.functions.get(office.function or "", ())}
        return title_key not in generic or surface_key(office.role) in generic

    def _agent_sector(self, span: Span, ner: Piece) -> Sector | None:
        """The sector the words before an unknown name give, in the mention or its noun
        phrase ("opposition leader X", "Kenyan junior trade minister X")."""
        around = {t.i for t in modifier_tokens(span.root, of=False)}
        around |= set(range(span.start, ner.start))
        words = [span.doc[i] for i in sorted(around) if span.doc[i].pos_ in ("NOUN", "PROPN")]
        agents = self.lexicon.agents
        for i in reversed(range(len(words))):
            last = words[i].lemma_.lower()
            # a two-word agent first: "*opposition leader* X" is the opposition's, no ruler
            if i and words[i - 1].i == words[i].i - 1:
                sector = agents.get(f"{words[i - 1].lower_} {last}")
                if sector is not None:
                    return sector
            if (sector := agents.get(last)) is not None:
                return sector
        return None

    def _holder_named(self, office: Office, ctx: _Ctx) -> bool:
        """Whether the holder of ``office`` at the date is a person the document named before."""
        holder = self.kb.holder_at(office, ctx.when) if ctx.when is not None else None
        return holder is not None and holder.person in ctx.seen

    def _title_names_country(self, title_key: str | None, iso3: str | None) -> bool:
        """Whether a title names its own country ("Mexican foreign secretary")."""
        country = self.kb.countries.get(iso3) if iso3 else None
        if title_key is None or country is None:
            return False
        padded = f" {title_key.lower()} "
        names = (country.name, *country.aliases, *country.demonyms)
        return any(f" {w.lower()} " in padded for w in names)

    def _held_by_another(self, office: Office, ctx: _Ctx) -> bool:
        """Whether the knowledge base knows who held ``office`` at the date: an unknown name
        with its title is then of that country but not in that office ("Deputy National
        Security Adviser Jonathan Finer"), or the knowledge base is stale."""
        return ctx.when is not None and self.kb.holder_at(office, ctx.when) is not None

    def _home_owner(self, span: Span, ctx: _Ctx) -> str | None:
        """The document's home country for a state title that names no owner, unless its
        counterpart in the clause is of that country (nobody meets their own government)."""
        if ctx.home is None or ctx.home in counterpart_countries(span.root, ctx.counterparts()):
            return None
        if any(t.lower_ in POSTED_ABROAD for t in span):
            return None  # "Ambassador X" in a text about Nigeria is as likely Nigeria's guest
        return ctx.home

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
        counterpart = title.key in COUNTERPARTS and owner is None
        titled = ctx.titled_people.get(title.key) if owner is None and not counterpart else None
        if titled is not None:
            # "Chinese Ambassador Jiang Zaidong ... The Ambassador conveyed": the one so titled
            return replace(titled, text=span.text, start=span.start_char, end=span.end_char)
        offices = self._title_candidates(title, ctx)
        if counterpart:
            # "her counterparts in Norway, Denmark and Finland": never the one named before
            # nor the document's own (a counterpart is the other side's)
            offices = tuple(o for o in offices if not self._counterpart_excluded(o, ctx))
        office = self._choose_office(offices, owner, ctx, span)
        owner = owner or ctx.owners.get(span.start)  # the owner an apposition or list gave
        if office is None:
            home = None if counterpart else self._home_owner(span, ctx)
            return self._vague_office(span, title, offices, owner or home)
        ctx.last_function = office.function or ctx.last_function
        ctx.recipe = Recipe("office", office.id, ctx.when)
        holder = self.kb.holder_at(office, ctx.when)
        if holder is None:
            return self._office_actor(office, span)
        ctx.seen[holder.person] = len(ctx.seen) + 1
        return self._office_actor(office, span, person=self.kb.people[holder.person])

    def _choose_office(
        self, offices: Sequence[Office], owner: str | None, ctx: _Ctx, span: Span
    ) -> Office | None:
        root = span.root
        if owner is None:
            owner = self._owner_beside(span, ctx)
            if owner:
                ctx.owners.update(dict.fromkeys(range(span.start, span.end), owner))
        if owner:
            return next((o for o in offices if o.country == owner), None)
        sent = span.sent.start
        seats, bodies = ctx.seats.get(sent, set()), ctx.bodies.get(sent, set())
        other = counterpart_countries(root, ctx.countries)
        picks: tuple[Callable[[Office], bool], ...] = (
            lambda o: (h := self.kb.holder_at(o, ctx.when)) is not None and h.person in ctx.seen,
            lambda o: o.id in seats and o.country not in other,
            lambda o: (o.country, o.sector) in bodies and o.country not in other,
            lambda o: o.country == ctx.home and o.country not in other,
            lambda o: o.country == self.perspective,
        )
        for pick in picks:
            chosen = [o for o in offices if pick(o)]
            if chosen:
                return chosen[0]
        named = {*ctx.countries.values(), ctx.home}
        if len({o.country for o in offices}) == 1 and self._told(offices[0], named, span):
            return offices[0]  # the only such office the knowledge base has
        return next((o for o in offices if o.primary and self._told(o, named, span)), None)

    def _told(self, office: Office, named: set[str | None], span: Span) -> bool:
        """Whether the text supports an office a title may be: an organisation's ("the
        Secretary-General"), a title no other state's office has a name like ("the Under
        Secretary of Defense for Policy"), or a common title ("the deputy prime minister")
        of a state the text names -- not Pakistan's deputy prime minister in a UAE readout."""
        if office.country in self.kb.igos or office.country in named:
            return True
        # the title's own words, not the name a chunk ends with
        return any(
            t.is_alpha and t.lower_ not in COMMON_TITLE_WORDS and t.ent_type_ != "PERSON"
            for t in span
        )

    def _owner_beside(self, span: Span, ctx: _Ctx) -> str | None:
        """The owner a title's place in the sentence gives: the list or apposition it stands
        in ("the US Secretary of Defense, the Chairman of the Joint Chiefs and ..."), the
        known person it is apposed to ("Sheikh Abdullah bin Zayed, Deputy Prime Minister"),
        or, however the list is parsed, the known person named just before its comma
        ("Radoslaw Sikorski, Deputy Prime Minister and Minister of Foreign Affairs")."""
        root = span.root
        owner = ctx.owners.get(root.head.i) if root.dep_ in ("conj", "appos") else None
        if owner is None and root.dep_ == "appos":
            owner = ctx.countries.get(root.head.i)
        doc = span.doc
        if owner is None and span.start > 1 and doc[span.start - 1].text == ",":
            named = doc[span.start - 2]
            owner = ctx.countries.get(named.i) if named.ent_type_ == "PERSON" else None
        return owner

    def _vague_office(
        self, span: Span, title: Piece, offices: Sequence[Office], owner: str | None
    ) -> Actor:
        """A title whose office cannot be told apart: keep the title as role, with the
        country and sector that are certain."""
        sector = _usual_sector(offices)
        igo = self.kb.igos.get(owner or "")
        # the role of an office of that owner, else one several countries' offices share,
        # never one country's own ("envoy" is not the "US Ambassador to Pakistan" of a
        # Kenyan text)
        mine = [o for o in offices if o.country == owner] if owner else []
        shared = [o for o in offices if len({p.country for p in offices if p.role == o.role}) > 1]
        roles = Counter(o.role for o in (mine or shared))
        role = roles.most_common(1)[0][0] if roles else span.doc[title.start : title.end].text
        if igo is not None:
            return make_actor(
                span,
                role=role,
                country="IGO",
                sector=Sector.IGO,
                code=igo.actor_code,
                kind=ActorKind.OFFICE,
            )
        return make_actor(
            span,
            role=role,
            country=owner,
            sector=sector,
            code=actor_code(owner, sector),
            kind=ActorKind.OFFICE,
        )

    def _resolve_other(
        self, span: Span, chunk: list[Piece], owner: str | None, ctx: _Ctx
    ) -> Actor | None:
        head = chunk[-1]
        doc = span.doc
        of_next = span.end + 1 < len(doc) and doc[span.end].lower_ == "of"
        if head.kind == Kind.INSTITUTION and owner is None and of_next:
            # "the Ministry of Foreign Affairs *of Somalia*": that country's ministry
            of = ctx.countries.get(span.end + 1) or ctx.countries.get(span.end + 2)
            if of is not None:
                return self._institution_actor(span, head, of, ctx)
        if head.kind == Kind.INSTITUTION:
            own = {self.kb.institutions[r].country for r in head.refs}
            if owner is not None and owner not in own and _joined_to(span.doc, ctx, owner, head):
                # "Indian and Pakistani troops": two countries' troops, not an Indian body
                # named "Pakistani troops"; read as a group, one actor per country, the name's
                # nationality word an owner like the other
                if len(own) == 1 and (country := next(iter(own))) is not None:
                    ctx.owner_at.setdefault(head.start, country)
                return None
            return self._institution_actor(span, head, owner, ctx)
        if head.kind == Kind.IGO:
            igo = self.kb.igos[head.refs[0]]
            return make_actor(
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
            return self._demonym_group(span, head, ctx)
        if head.kind == Kind.NER:
            return self._ner_actor(span, head, ctx)
        return None

    def country_actor(self, span: Span | None, iso3: str) -> Actor:
        """A country, its capital or seat of power as actor: its government."""
        country = self.kb.countries[iso3]
        return make_actor(
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
        country = owner if owner in self.kb.countries else None
        head = span.root
        while head.dep_ in ("compound", "amod", "nmod") and head.head.i != head.i:
            head = head.head  # "*Army* officials met the US delegation": the officials'
        framed = _framed_country(span, ctx)
        home = framed or ctx.home
        home = home if home not in counterpart_countries(head, ctx.countries) else None
        chosen = _pick_institution(insts, country, home)
        if (
            chosen is not None
            and country is None
            and framed is not None
            and chosen.country not in (None, framed)
            and _generic_body(piece.key)
        ):
            # "In Buenos Aires, meanwhile, police fired tear gas at pensioners marching on
            # *Congress*": the body of that name where the sentence is set, though the story
            # names the United States elsewhere
            chosen, country = None, framed
        if (
            chosen is not None
            and country is None
            and chosen.country not in (None, home, ctx.home)
            and _generic_body(piece.key)
            and chosen.country not in _named_elsewhere(ctx, piece)
            and self._country_in(span.doc[piece.start : piece.end]) != chosen.country
        ):
            # "The Ministry of Foreign Affairs condemned the attack" in a Somali story that
            # names no Pakistan: the story's ministry of that name, not the one the knowledge
            # base knows (Pakistan's); where the story's own is barred too (it is the other
            # side of the clause), nobody's
            chosen, country = None, home
        if chosen is None and country is None and _generic_body(piece.key):
            # "In Dhaka, the Foreign Ministry welcomed ...": a name several states' bodies
            # bear, none of them the story's: the story's own
            country = home
        if chosen is None:
            # "the Syrian army": a body of the named country that the knowledge base lacks
            sectors = {i.sector_at(ctx.when) for i in insts}
            sector = sectors.pop() if len(sectors) == 1 else None
            return make_actor(
                span,
                country=country,
                sector=sector,
                code=actor_code(country, sector),
                kind=ActorKind.INSTITUTION,
            )
        sector = chosen.sector_at(ctx.when)
        return make_actor(
            span,
            name=chosen.name,
            country=chosen.country,
            sector=sector,
            code=actor_code(chosen.country, sector),
            kind=ActorKind.INSTITUTION,
            entity_id=f"institution:{chosen.id}",
        )

    def _demonym_group(self, span: Span, piece: Piece, ctx: _Ctx) -> Actor | None:
        """A plural demonym used as a noun ("the Americans", "Pakistanis"); adjectives are
        not mentions (they only qualify the noun phrase they are in). A nationality in front
        of it says whose the group is ("Kosovar Albanians": XKX)."""
        token = span.doc[piece.end - 1]
        # the small model may tag a plural demonym singular ("Overseas *Pakistanis*": NNP)
        plural = token.tag_ in ("NNS", "NNPS") or (
            token.tag_ == "NNP" and token.lower_.endswith("s")
        )
        if token.dep_ in ("amod", "compound") or not plural:
            return None
        determined = piece.start > 0 and span.doc[piece.start - 1].lower_ == "the"
        sector = Sector.GOV if determined else Sector.CVL
        iso3 = np_owner(token, ctx.owner_at, of=False) or piece.refs[0]
        return make_actor(
            span, country=iso3, sector=sector, code=actor_code(iso3, sector), kind=ActorKind.GROUP
        )

    def _ner_actor(self, span: Span, piece: Piece, ctx: _Ctx) -> Actor:
        """An entity the knowledge base does not know: kept with its text."""
        countries = list(dict.fromkeys(piece.refs))
        country = countries[0] if countries else None
        if piece.label == "NORP":
            diaspora = len(countries) > 1 or span[-1].lower_ in DIASPORA_SUFFIXES
            sector = Sector.CVL if country else None
            return make_actor(
                span,
                country=country,
                sector=sector,
                code=actor_code(country, sector),
                role="diaspora" if diaspora and country else None,
                kind=ActorKind.GROUP,
            )
        last = span.doc[piece.end - 1]
        nationals = country in self.kb.countries and last.lower_.endswith("s")
        if nationals and last.text in self.kb.countries[str(country)].demonyms:
            # NER's "Overseas Pakistanis" (ORG): the nationals, abroad
            return make_actor(
                span, country=country, sector=Sector.CVL, code=f"{country}CVL",
                kind=ActorKind.GROUP, role="diaspora" if _abroad(span) else None,
            )  # fmt: skip
        kind = ActorKind.INSTITUTION if piece.label == "ORG" else ActorKind.UNKNOWN
        words = {t.lower_ for t in span.doc[piece.start : piece.end]}
        placed = any(t.i in ctx.places for t in span.root.subtree)
        if (
            kind is ActorKind.INSTITUTION
            and country is None
            and words & ASSOCIATIONS
            and not placed
        ):
            return make_actor(span, country="NGO", sector=Sector.SOC, code="NGOSOC", kind=kind)
        # "The Federal Government of Somalia", "Somalia's Interior Ministry": the head says
        # what body of the named country it is
        head = span.doc[piece.start : piece.end].root
        sector = self.lexicon.agents.get(head.lemma_.lower()) if country else None
        return make_actor(
            span, country=country, sector=sector, code=actor_code(country, sector), kind=kind
        )


#: Words that say nationals live abroad ("Overseas Pakistanis").
ABROAD_WORDS = frozenset({"overseas", "expatriate", "expat", "emigrant", "diaspora"})


def _abroad(span: Span) -> bool:
    return any(t.lower_ in ABROAD_WORDS for t in span)


#: Words that put a title in the past ("*former* prime minister X", "the *then* minister").
FORMER = frozenset({"former", "ex", "ex-", "then", "late", "erstwhile", "onetime", "one-time"})


def _former(span: Span) -> bool:
    """Whether the title in or just before a mention is one the person no longer holds."""
    before = span.doc[max(0, span.start - 3) : span.start]
    return any(t.lower_ in FORMER for t in (*before, *span))


#: Titles of those a state posts abroad: with no owner named, the document's home country is
#: no more theirs than the host's ("Statement by Ambassador X" about Nigeria: a US envoy).
POSTED_ABROAD = frozenset(
    ["ambassador", "envoy", "consul", "consul-general", "chargé", "charge", "emissary", "attaché"]
)

#: Words that make an unknown organisation a non-governmental one when no place is named in its
#: noun phrase ("the Association of Caribbean Lawyers", "the Arctic Dialogue Forum").
ASSOCIATIONS = frozenset(
    [
        "association",
        "associations",
        "federation",
        "foundation",
        "forum",
        "society",
        "institute",
        "trust",
        "watch",
    ]
)


def _named_title(span: Span) -> bool:
    """A name the tagger did not call a person, apposed to a role noun ("Thailand's foreign
    minister, *Somchai Rattanakul*", "the ministry's spokeswoman, *Lieutenant General Maly
    Socheata*"): the role's holder."""
    root = span.root
    return (
        root.dep_ == "appos"
        and root.pos_ == "PROPN"
        and root.head.i < span.start
        and (root.head.lemma_.lower() in ROLE_NOUNS or root.head.lemma_.lower() in ROLE_HEADS)
    )


#: What may stand beside a surname that refers back ("Secretary Lorenzana", "Dr. Anderson").
SURNAME_COMPANIONS = frozenset({Kind.NER, Kind.SURNAME, Kind.PERSON, Kind.TITLE, Kind.HONORIFIC})


def _with_hung_of(words: Span, name: Token) -> Span:
    """An apposed title with the "of" phrase that ends it, which the parser hangs on the
    name instead ("Hugh Todd, Minister of Foreign Affairs *of the Co-operative Republic of
    Guyana*")."""
    hung = next(
        (c for c in name.children if c.dep_ == "prep" and c.lower_ == "of" and c.i == words.end),
        None,
    )
    return words.doc[words.start : hung.right_edge.i + 1] if hung is not None else words


def _description_after(span: Span) -> tuple[Token, Span] | None:
    """The description set off by a comma after a name, up to the next comma, semicolon or
    stop, when it is a role ("Minister of Foreign Affairs of Algeria"): (its role noun, its
    words)."""
    doc = span.doc
    if span.end + 1 >= len(doc) or doc[span.end].text != ",":
        return None
    end = span.end + 1
    while end < len(doc) and doc[end].text not in (",", ";", ".") and end - span.end < 12:
        end += 1
    words = doc[span.end + 1 : end]
    role = next((t for t in words if t.lower_ in ROLE_NOUNS), None)
    if role is None or any(t.ent_type_ == "PERSON" for t in words):
        return None
    return role, words


def _counterparts_of(span: Span, ctx: _Ctx) -> set[str]:
    """The countries a mention's counterparts in its clause name, from every word of it the
    parser hangs outside it ("with *President* Umaro Sissoco *Embalo*" may hang in two)."""
    known = ctx.counterparts()
    found: set[str] = set()
    for token in span:
        if not span.start <= token.head.i < span.end or token.head.i == token.i:
            found |= counterpart_countries(token, known)
    return found


def _remember_surname(doc: Doc, chunk: list[Piece], actor: Actor | None, ctx: _Ctx) -> None:
    """Note the surname of a person outside the knowledge base named in full (the last word
    of a two-or-more-word name), for :meth:`DictionaryResolver._named_before`; and of a
    known person named in a spelling the knowledge base does not have ("Emomali *Rahmon*"
    for Rahmonov), so that the surname alone names them too."""
    if actor is None or actor.kind is not ActorKind.PERSON or not actor.name:
        return
    if actor.entity_id:
        written = doc[chunk[-1].end - 1]
        known = {w.lower() for w in actor.name.split()}
        titled = chunk[-1].kind is Kind.TITLE  # "Prime Cabinet *Secretary*": the office's holder
        if (
            not titled
            and written.pos_ == "PROPN"
            and written.text[:1].isupper()
            and written.lower_ not in known
        ):
            ctx.surnames.setdefault(written.text, actor)
        # "Md Touhid Hossain ... *Touhid* said": a word of a known person's full name, named
        # alone later in the same text, is that person (unless two people share it)
        name = doc[chunk[0].start : chunk[-1].end]
        if sum(1 for t in name if t.pos_ == "PROPN") < 2:
            return
        shortest = 2 if actor.country in FAMILY_NAME_FIRST else 4  # "Cho", "Li", "Wang"
        for word in name:
            if word.lower_ not in known or len(word) < shortest or word.lower_ in NAME_PARTICLES:
                continue  # (not the titles written with it: "*Minister* of Foreign Affairs")
            earlier = ctx.surnames.get(word.text)
            if earlier is not None and earlier.entity_id != actor.entity_id:
                ctx.shared_names.add(word.text)
            ctx.surnames.setdefault(word.text, actor)
        return
    words = actor.name.split()
    if len(words) < 2 or not words[-1][:1].isupper():
        return
    ctx.surnames.setdefault(words[-1], actor)
    if actor.country in FAMILY_NAME_FIRST and words[0][:1].isupper():
        ctx.surnames.setdefault(words[0], actor)  # "Cho Tae-yul ... *Cho* invited Wang"


#: Countries whose people are named family name first in English news ("Cho Tae-yul", "Wang
#: Yi"): the first word alone names them again.
FAMILY_NAME_FIRST = frozenset({"CHN", "TWN", "HKG", "MAC", "KOR", "PRK"})


def _led_from(span: Span, ctx: _Ctx) -> str | None:
    """ "a delegation *from the Republic of Korea* led by Vice Foreign Minister X": the
    state the group the person leads comes from (or belongs to: "a Korean delegation led
    by X")."""
    by = span.root.head
    led = by.head
    if span.root.dep_ != "pobj" or by.lower_ != "by" or led.lemma_.lower() not in LEADING:
        return None
    group = led.head
    for token in group.subtree:
        if token.i >= led.i:
            break
        if (country := ctx.countries.get(token.i) or ctx.owner_at.get(token.i)) is not None:
            return country
    return None


#: Verbs of leading a group ("a delegation led by X", "headed by").
LEADING = frozenset({"lead", "head"})


def _one_word_name(words: Span) -> bool:
    """One proper noun, or one written with hyphens ("Al-Mansouri", tokenized in three)."""
    if len(words) == 1:
        return words[0].pos_ == "PROPN"
    hyphens = [t for t in words if t.text in ("-", "‑")]
    return (
        words[0].pos_ == "PROPN"
        and not any(t.whitespace_ for t in words[:-1])
        and len(hyphens) == len(words) // 2
        and all(words[i].text in ("-", "‑") for i in range(1, len(words), 2))
    )


#: Words in many people's names, never taken alone for one of them.
NAME_PARTICLES = frozenset(
    {"muhammad", "mohammad", "mohammed", "mohamed", "sheikh", "syed", "sayyid", "abdul",
     "abdel", "general", "bin", "binti"}
)  # fmt: skip


def _bare_surnames(doc: Doc, mentions: list[Mention], ctx: _Ctx) -> list[Mention]:
    """Mentions for surnames the parse gave no entity ("*Aggeler* met the governor") that
    name a person outside the knowledge base named in full earlier."""
    if not ctx.surnames:
        return []
    covered = {t for m in mentions for t in range(m.start_token, m.end_token)}
    found = []
    for token in doc:
        earlier = ctx.surnames.get(token.text)
        if token.i in covered or token.pos_ != "PROPN" or earlier is None:
            continue
        if token.text in ctx.shared_names:
            continue  # "Sharif" after Shehbaz and Nawaz Sharif: either
        if earlier.start is None or token.idx <= earlier.start:
            continue
        if token.i + 1 < len(doc) and doc[token.i + 1].pos_ == "PROPN":
            continue  # part of another name
        actor = replace(earlier, text=token.text, start=token.idx, end=token.idx + len(token.text))
        found.append(Mention(token.i, token.i + 1, actor))
    return found


def _slashed_titles(doc: Doc, mentions: list[Mention]) -> None:
    """Two titles joined by a slash are one person's ("The Deputy Prime Minister/Foreign
    Minister thanked ..."): a side the knowledge base places in office gives the other its
    holder (in place, so that the head word of the phrase is that person too)."""
    at = {m.start_token: k for k, m in enumerate(mentions)}
    for k, first in enumerate(list(mentions)):
        end = first.end_token
        if end >= len(doc) or doc[end].text != "/" or end + 1 not in at:
            continue
        j = at[end + 1]
        second = mentions[j]
        if second.actor.kind not in (ActorKind.PERSON, ActorKind.OFFICE):
            continue
        if first.actor.kind not in (ActorKind.PERSON, ActorKind.OFFICE):
            continue
        named = [m for m in (first, second) if m.actor.kind is ActorKind.PERSON and m.actor.name]
        if len(named) == 2 and first.actor.name != second.actor.name:
            # two holders: the one who holds the title as written ("Deputy Prime Minister"),
            # not one who holds it as another state's name for it
            named = [m for m in named if _holds_as_written(doc, m)]
        if len(named) != 1:
            continue
        holder = named[0]
        for index, other in ((k, first), (j, second)):
            if other is holder:
                continue
            tok = doc[other.start_token : other.end_token]
            actor = replace(holder.actor, text=tok.text, start=tok.start_char, end=tok.end_char)
            mentions[index] = Mention(other.start_token, other.end_token, actor)


#: Organs an international body's own texts name bare ("*The Council* today adopted ...",
#: "the Commission disbursed ..."): the body the document names. Not "the Presidency" or
#: "the Parliament", which a state's own news names bare as often.
ORGANS = frozenset({"council", "commission", "secretariat"})


def _bare_organs(doc: Doc, mentions: list[Mention]) -> None:
    """A capitalised organ named bare ("the Council", "the Commission") that the knowledge
    base places nowhere is the international organisation the document names -- the one
    named last before it, else the first after it (in place)."""
    bodies = [
        m
        for m in mentions
        if m.actor.country == "IGO" and m.actor.kind is not ActorKind.PERSON and m.actor.name
    ]
    if not bodies:
        return
    for k, mention in enumerate(mentions):
        words = doc[mention.start_token : mention.end_token]
        if len(words) != 1 or mention.actor.country is not None:
            continue
        word = words[0]
        if word.lower_ not in ORGANS or not word.is_title:
            continue
        if word.i == 0 or doc[word.i - 1].lower_ != "the":
            continue
        before = [b for b in bodies if b.end_token <= word.i]
        body = before[-1] if before else next((b for b in bodies if b.start_token > word.i), None)
        if body is None:
            continue
        actor = replace(body.actor, text=word.text, start=word.idx, end=word.idx + len(word))
        mentions[k] = Mention(mention.start_token, mention.end_token, actor)


def _holds_as_written(doc: Doc, mention: Mention) -> bool:
    role = (mention.actor.role or "").lower()
    written = doc[mention.start_token : mention.end_token].text.lower()
    return bool(role) and written.removeprefix("the ") == role


def _defined_acronyms(
    doc: Doc, mentions: list[Mention], ctx: _Ctx, country_in: Callable[[Span], str | None]
) -> list[Mention]:
    """Mentions for an acronym the text defines after a body of a known country ("India's
    Border Security Force (BSF) ... *The BSF chief* denied", "Border Guard Bangladesh (BGB)
    ... *a BGB delegation*"): later uses of it are that body (the knowledge base need not know
    it)."""
    defined: dict[str, Actor] = {}
    for mention in mentions:
        end = mention.end_token
        window = doc[max(mention.start_token, end - 2) : min(len(doc), end + 3)]
        words = [t.text for t in window]
        if "(" not in words:
            continue
        at = words.index("(")
        if at + 2 >= len(window) or window[at + 2].text != ")":
            continue
        acronym = window[at + 1]
        if not (acronym.text.isupper() and 2 <= len(acronym.text) <= 6 and acronym.is_alpha):
            continue
        # its own country, or one a word of it or its possessor names ("*India's* Border
        # Security Force", "Border Guard *Bangladesh*")
        country = (
            mention.actor.country
            or next(
                (
                    ctx.countries.get(i) or ctx.owner_at.get(i)
                    for i in range(max(0, mention.start_token - 2), end)
                    if ctx.countries.get(i) or ctx.owner_at.get(i)
                ),
                None,
            )
            or country_in(doc[mention.start_token : end])
        )
        if country is None or country == "IGO" or mention.actor.kind is ActorKind.PERSON:
            continue
        actor = mention.actor
        if actor.country is None:
            sector = actor.sector
            actor = replace(actor, country=country, code=actor_code(country, sector))
            mentions[mentions.index(mention)] = Mention(mention.start_token, end, actor)
        defined.setdefault(acronym.text, actor)
    if not defined:
        return []
    # an acronym the parse made a mention of no country is taken over by its definition
    known = {
        t
        for m in mentions
        if m.actor.country is not None or m.end_token - m.start_token > 1
        for t in range(m.start_token, m.end_token)
    }
    found = []
    for token in doc:
        body = defined.get(token.text)
        if body is None or token.i in known or body.start is None or token.idx <= body.start:
            continue
        if token.i > 0 and doc[token.i - 1].text == "(":
            continue  # the definition itself
        span_actor = replace(body, text=token.text, start=token.idx, end=token.idx + len(token))
        found.append(Mention(token.i, token.i + 1, span_actor))
    if found:
        taken = {m.start_token for m in found}
        mentions[:] = [m for m in mentions if m.start_token not in taken]
    return found


def _stance(doc: Doc, piece: Piece) -> bool:
    """A country word after "anti-" or "pro-" ("an *anti-Syria* journalist", "*pro-Russian*
    separatists") names a stance, not a nationality nor a party."""
    if piece.kind not in OWNER_KINDS and not piece.refs:
        return False
    first = piece.start
    if piece.end - first > 2 and doc[first].lower_ in STANCES and doc[first + 1].text in "-–":
        return True  # the entity "Pro-Russian"
    return first >= 2 and doc[first - 1].text in ("-", "–") and doc[first - 2].lower_ in STANCES


#: Prefixes that make a country word a stance.
STANCES = frozenset({"anti", "pro", "non"})


def _ethnic(doc: Doc, piece: Piece) -> bool:
    """A nationality word that names an ethnicity or a language, not a state: "*ethnic*
    Uzbek farmers living in Kyrgyzstan", "the *Russian language*", "*Russian-speaking*
    residents", "the *Hungarian minority* in Romania"."""
    if piece.kind is not Kind.DEMONYM and piece.label != "NORP":
        return False
    if piece.start >= 1 and doc[piece.start - 1].lower_ == "ethnic":
        return True
    after = piece.end + (1 if piece.end < len(doc) and doc[piece.end].text in "-–" else 0)
    if after >= len(doc) or doc[after].lower_ not in ETHNIC_NOUNS:
        return False
    return not doc[after].text.istitle()  # "the *Swedish Speaker*, Andreas Norlen": a title


#: Words after a nationality that make it an ethnicity or a language.
ETHNIC_NOUNS = frozenset(
    {"language", "languages", "speaking", "speaker", "speakers", "minority", "minorities"}
)


def _owner_tokens(pieces: list[Piece]) -> dict[int, str]:
    """The owner (country or IGO) each token of an owner piece names."""
    found: dict[int, str] = {}
    for piece in pieces:
        if piece.kind in OWNER_KINDS:
            found.update(dict.fromkeys(range(piece.start, piece.end), piece.refs[0]))
        elif piece.kind == Kind.NER and piece.label == "ORG" and len(set(piece.refs)) == 1:
            # "Commander of the *Danish Defence*": a body named with one nationality
            found.update(dict.fromkeys(range(piece.start, piece.end), piece.refs[0]))
    return found


def _joined_to(doc: Doc, ctx: _Ctx, owner: str, head: Piece) -> bool:
    """Whether the owner word before a name is coordinated with it ("*Indian and* Pakistani
    troops"), not its modifier ("the Indian army")."""
    before = [i for i, c in ctx.owner_at.items() if c == owner and i < head.start]
    return bool(before) and any(
        t.lower_ in ("and", "or") for t in doc[max(before) + 1 : head.start]
    )


def _usual_sector(offices: Sequence[Office]) -> Sector | None:
    """The sector most of a title's offices have (presidents are GOV, a few IGO ones aside)."""
    counts = Counter(o.sector for o in offices)
    return counts.most_common(1)[0][0] if counts else None


def _offices_of(kb: KnowledgeBase, person_id: str) -> set[Office]:
    return {h.office for h in kb.holdings.get(person_id, ())}


def _idle_sector(person: Person, former: bool) -> Sector | None:
    """The sector of a person holding no office: a former state official is ELI (a retired
    general, an ex-minister); party, opposition and other sectors given in the entry stay."""
    if person.sector is not None and not (former and person.sector in STATE_SECTORS):
        return person.sector
    return Sector.ELI if former else None


#: Title words some states' offices have and others' do not (presidential systems have
#: secretaries, not ministers).
RANKS = frozenset({"minister", "ministers"})
#: How many of a country's offices the curated knowledge must keep to say which ranks it has.
MIN_OFFICES_KNOWN = 10


def _named_elsewhere(ctx: _Ctx, piece: Piece) -> set[str]:
    """The countries the document names (by name, place or nationality) outside ``piece``."""
    named = {**ctx.countries, **ctx.owner_at}
    return {c for i, c in named.items() if not piece.start <= i < piece.end}


def _framed_country(span: Span, ctx: _Ctx) -> str | None:
    """The country of the place a sentence opens with ("*In Kampala*, the Foreign Ministry
    welcomed the decision"), where what it tells was done."""
    sent = span.sent
    first = sent[0]
    if first.lower_ != "in" or first.dep_ != "prep":
        return None
    place = next((c for c in first.children if c.dep_ == "pobj"), None)
    after = sent.doc[place.i + 1] if place is not None and place.i + 1 < sent.end else None
    if place is None or after is None or after.text != "," or place.i >= span.start:
        return None
    return ctx.countries.get(place.i)


def _generic_body(key: str) -> bool:
    """Whether an institution's name is one any state's body may bear ("the Ministry of
    Foreign Affairs", "the Foreign Office", "the interior ministry"), not a proper name of
    one state's ("the State Department", "the Pentagon", "GHQ")."""
    words = key.lower().split()
    return bool(words) and (
        words[0] == "ministry" or words[-1] == "ministry" or " ".join(words) in GENERIC_BODIES
    )


#: Names of bodies every state has, besides its ministries.
GENERIC_BODIES = frozenset(
    {"foreign office", "foreign ministry", "defence ministry", "defense ministry",
     "national assembly", "supreme court", "central bank", "senate", "parliament", "cabinet",
     "election commission", "electoral commission", "congress",
     "department of foreign affairs"}
)  # fmt: skip


def _pick_institution(
    insts: list[Institution], owner: str | None, home: str | None
) -> Institution | None:
    """The institution a name denotes: the only candidate, else the one of the country the
    noun phrase names (``owner``), else of the document's home country. A named country
    that is not the candidate's ("the *Yemeni* army" for the generic "army") picks none: the
    phrase denotes that country's body, not another's nor the home country's."""
    if owner is not None:
        return next((i for i in insts if i.country in (owner, None)), None)
    if len(insts) == 1:
        return insts[0]
    return next((i for i in insts if home is not None and i.country == home), None)


def _first_sentences_end(doc: Doc, n: int) -> int:
    for i, sent in enumerate(doc.sents):
        if i + 1 >= n:
            return int(sent.end)
    return len(doc)


# ------------------------------------------------------------------ pieces and chunks


# ---------------------------------------------------------------------- document actors


# ------------------------------------------------------------------------- registration


@RESOLVERS.register(NAME)
def make_dictionary_resolver(
    kb: KnowledgeBase | None = None,
    config: Config | None = None,
    perspective: str | None = None,
    **_: Any,
) -> DictionaryResolver:
    """Build ``dictionary.v1`` over ``kb`` (default: the shipped knowledge base plus the
    files in ``config.actor_paths``). ``perspective`` (ISO3; else ``config.perspective``) is
    the country whose officials a bare title ("the army chief") means when the document does
    not say otherwise."""
    perspective = perspective or (config.perspective if config else None)
    if kb is None:
        kb = indexed_knowledge_base(
            config.actor_paths if config else (), world=config.world_actors if config else True
        )
    return DictionaryResolver(kb, perspective=perspective)


def resolve_all(
    resolver: DictionaryResolver, items: Iterable[tuple[Document, Doc]]
) -> Iterator[DictionaryDocumentActors]:
    """Analyse parsed documents one after the other (convenience for batch use)."""
    for document, doc in items:
        yield resolver.analyse(document, doc)
