"""The resolved mentions of one document (``dictionary.v1``) and inference for other noun
phrases: group actors from head nouns (the knowledge base's generic agents), role nouns,
pronouns, country adjectives, and coordinated sides.

A group noun phrase ("Indian troops", "UN peacekeepers", "WHO officials", "protesters in
Lagos") takes its owner, in this order, from an organisation named in it (the organisation's
country and sector: "Hamas militants" are PSE REB), a country word in it, the place it is said
to be in, the owner of the state body it is coordinated with ("Turkish jets and
*drones*"), and, for officials and ministries, the document's home country. Nothing else: a
group nothing places keeps its sector alone.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Mapping
from dataclasses import replace
from datetime import date
from itertools import pairwise
from typing import TYPE_CHECKING, Protocol

from ..model import Actor, ActorKind, Event, Mention, Sector
from .dating import Recipe, as_day
from .lexicon import (
    DIASPORA_SUFFIXES,
    HOME_NOUNS,
    NGO_HEADS,
    NGO_WORDS,
    ORG_HEADS,
    PERSON_PRONOUNS,
    QUANTIFIERS,
    ROLE_HEADS,
    ROLE_NOUNS,
    ROLE_WORDS,
    STATE_SECTORS,
    WELFARE_NOUNS,
    actor_code,
    evolve_actor,
    make_actor,
)
from .owners import (
    PLACE_NOUNS,
    coordinated_owners,
    counterpart_countries,
    dateline,
    located_in,
    modifier_tokens,
    np_owners,
    patron_tokens,
    place_of_named,
)

if TYPE_CHECKING:
    from spacy.tokens import Doc, Span, Token

    from .lexicon import Lexicon


#: Nouns that stand for an international organisation named before ("the bloc").
BLOC_NOUNS = frozenset({"bloc", "alliance", "grouping", "organisation", "organization"})

#: Nouns of a state's diplomatic missions abroad.
MISSIONS = frozenset({"embassy", "commission", "consulate", "legation", "mission"})


class Resolving(Protocol):
    """What a document's actors ask of the resolver that found them (``dictionary.v1``'s
    :class:`~legation.actors.dictionary.DictionaryResolver`)."""

    perspective: str | None  # ISO3 of the country a bare office means, else None
    lexicon: Lexicon

    def resolve_again(self, recipe: Recipe, when: date) -> Actor: ...


#: Nouns for the people of a body, of its sector when a noun before them names it.
PERSONNEL = frozenset(
    {"staff", "staffer", "personnel", "worker", "employee", "official", "leader", "member", "boss"}
)  # "gang *leaders*", "union *members*": of the body the modifier names
#: Words that make "force" a manner of acting, not an armed force ("with *full* force").
FORCE_OF_MANNER = frozenset(
    {"full", "all", "maximum", "decisive", "befitting", "overwhelming", "excessive", "lethal",
     "necessary", "appropriate", "proportionate", "disproportionate", "brute", "deadly"}
)  # fmt: skip
#: Nouns for the one heading a body: "the *head* of the AU Commission" is the body's office.
HEAD_NOUNS = frozenset({"head", "chief", "chairman", "chairwoman", "chairperson", "director"})
#: Determiners of a phrase that refers back ("*the* delegation", "*this* team").
DEFINITE = frozenset({"the", "this", "that", "these", "those"})
#: Parts of speech of a title written out before a name ("Minister of Defense for the Kingdom
#: of Saudi Arabia").
TITLE_RUN = frozenset({"PROPN", "ADP", "DET", "CCONJ", "PUNCT"})


class DictionaryDocumentActors:
    """The resolved mentions of one document and inference for other noun phrases."""

    def __init__(
        self,
        resolver: Resolving,
        doc: Doc,
        mentions: list[Mention],
        home_country: str | None,
        hints: list[tuple[int, int, tuple[str, ...]]],
        when: date | None,
        owner_at: Mapping[int, str] | None = None,
    ) -> None:
        self.mentions = mentions
        self.home_country = home_country
        #: The country a role noun nothing else places belongs to ("the general" in a
        #: document with no home country): the resolver's perspective, or None.
        self.perspective = resolver.perspective
        #: Whether the home country is the only country the document names.
        self.sole_country = False
        self._resolver = resolver
        self._doc = doc
        self._when = when
        self._by_token: dict[int, Mention] = {
            t: m for m in mentions for t in range(m.start_token, m.end_token)
        }
        self._hints = {t: refs for s, e, refs in hints for t in range(s, e)}
        self._sents: list[Span] | None = None  # the document's sentences, listed on first use
        self._owner_at: Mapping[int, str] = owner_at or {}
        # the country of every place word: owners, and cities of one country ("in Karachi")
        self._place_at = {t: refs[0] for t, refs in self._hints.items() if refs}
        self._named_countries: dict[int, str] | None = None
        self._place_at.update(self._owner_at)
        self.recipes: dict[tuple[int, int], Recipe] = {}  # mention span -> how resolved

    def mention_at(self, token_index: int) -> Mention | None:
        return self._by_token.get(token_index)

    def redate(self, events: list[Event]) -> list[Event]:
        """``events`` with the actors of each event dated otherwise than the document
        resolved again at the event's date (:mod:`.dating`): "In 2019 the army chief visited
        Washington", in a 2024 article, is the 2019 army chief."""
        return [self._redated(e) for e in events]

    def _redated(self, event: Event) -> Event:
        day = as_day(event.date, event.date_precision)
        if day is None:
            return event
        actors = tuple(self._at(a, day) for a in event.actors)
        recipients = tuple(self._at(a, day) for a in event.recipients)
        if (actors, recipients) == (event.actors, event.recipients):
            return event
        return replace(event, actors=actors, recipients=recipients)

    def _at(self, actor: Actor, day: date) -> Actor:
        if actor.start is None or actor.end is None:
            return actor
        recipe = self.recipes.get((actor.start, actor.end))
        if recipe is None or recipe.when == day:
            return actor
        again = self._resolver.resolve_again(recipe, day)
        if again.country != actor.country:
            # one country's share of a compound side ("his counterparts from Jordan, Saudi
            # Arabia and the UAE"): the phrase's resolution is the first country's
            return actor
        return evolve_actor(again, text=actor.text, start=actor.start, end=actor.end)

    def actors_for(self, span: Span) -> list[Actor]:
        """The actors a noun phrase denotes, several for a coordinated side (PLOVER's
        compound actors): "Kenya and Tanzania" (coordinated heads), "Bolivian and Peruvian
        officials", "the Thai and Cambodian sides" (coordinated owners of one head). One actor
        (``[actor_for(span)]``) otherwise, none when the phrase denotes no actor."""
        heads = [t for t in _conjuncts(span.root) if span.start <= t.i < span.end]
        if len(heads) > 1:
            found = (self.actor_for(_head_span(h, span)) for h in heads)
            return _distinct(a for a in found if a is not None)
        single = self.actor_for(span)
        if single is None or single.kind is not ActorKind.GROUP:
            return [single] if single is not None else []
        owners = coordinated_owners(span.root, self._owner_at)
        if len(owners) < 2:
            return [single]
        return [self._as_owned(single, o) for o in owners]

    def actor_for(self, span: Span) -> Actor | None:
        """The actor a noun phrase denotes (see the module docstring), or None."""
        root = span.root
        if dateline(root):
            return None  # "Islamabad – An interagency delegation ... traveled to": no party
        mention = self._by_token.get(root.i)
        definite = any(c.lower_ == "the" for c in root.children)
        ship = _ship_state(span)
        if ship is not None and (mention is None or mention.actor.country is None):
            # "the *BRP* Datu Sanday", "*USS* Carl Vinson": a state's ship, by its prefix
            return make_actor(
                span, country=ship, sector=Sector.MIL, code=f"{ship}MIL", kind=ActorKind.GROUP
            )
        if (mention is None or mention.actor.country is None) and root.pos_ == "PROPN":
            country = place_of_named(root, self._place_at)
            if country is not None:  # "the town of Silopi in southeastern Turkey"
                return self._state(span, country)
        if mention is None and root.lemma_.lower() in PLACE_NOUNS:
            inner = _of_object(root)  # "the Essequibo region *of Guyana*": that state's land
            state = self.actor_for(inner) if inner is not None else None
            if state is not None and state.kind is ActorKind.COUNTRY and state.country:
                return self._state(span, state.country)
        spoken_for = self._spoken_for(root)
        if spoken_for is not None:  # "a spokesman for UN Secretary-General X": the UN's
            sector = spoken_for.sector if spoken_for.country == "IGO" else Sector.GOV
            return self._as_member(span, spoken_for, sector or Sector.GOV)
        unplaced = mention is None or mention.actor.country is None
        if definite and (named := self._named_before_by_head(span, root)) is not None:
            # "The Fund" after "the Saudi Fund for Development", "The Authority" after "the
            # ECOWAS Authority of Heads of State": the body the story named with that head
            return evolve_actor(named, text=span.text, start=span.start_char, end=span.end_char)
        if unplaced and definite and (styled := self._styled_state(span, root)):
            return styled  # "on a working visit to the Kingdom" in a release from Amman
        if mention is not None and definite and self._bare_title_as_name(span, mention):
            # "The Chairperson urged ..." (tagged as a name) after "The Chairperson of the
            # African Union Commission, H.E. Moussa Faki Mahamat": the one so titled
            titled = self._named_before_by_head(span, root, titles=True)
            if titled is not None:
                return evolve_actor(
                    titled, text=span.text, start=span.start_char, end=span.end_char
                )
        if mention is not None:
            owned = self._owned(span, mention)
            owned = self._countried(span, root, owned)
            unknown = owned.country is None and owned.entity_id is None
            short = self._short_form(root) if unknown and definite else None
            if short is not None:  # "The Council condemned" after "the UN Security Council"
                return evolve_actor(short, text=span.text, start=span.start_char, end=span.end_char)
            if unknown and owned.sector is None and self._agent(span, root)[1] is Sector.CVL:
                return self._group(span, root, Sector.CVL)  # "The Kurds in northern Syria"
            return (self._by_acronym(span, root) if unknown else None) or owned
        if mention is None and definite and (short := self._short_form(root)) is not None:
            # "the Fund approved the tranche" after "the IMF"
            return evolve_actor(short, text=span.text, start=span.start_char, end=span.end_char)
        if mention is None and definite and (group := self._the_group(root)) is not None:
            # "demanded that the group end its siege" after "the Rapid Support Forces"
            return evolve_actor(group, text=span.text, start=span.start_char, end=span.end_char)
        if mention is None and definite and (bloc := self._the_bloc(root)) is not None:
            # "accusing the bloc of funding opposition groups" after "the European Union"
            return evolve_actor(bloc, text=span.text, start=span.start_char, end=span.end_char)
        lower = root.lower_
        if lower in PERSON_PRONOUNS:
            return self._pronoun(root)
        if len(span) == 1 and root.pos_ == "ADJ" and self._hints.get(root.i):
            return self._state(span, self._hints[root.i][0])
        if root.pos_ == "PROPN" and self._hints.get(root.i) and _bare_place(span):
            # "visited Gwadar", "flew to Karachi", "in northern Mosul": a city of one country
            # named alone stands for it, as its capital does
            return self._state(span, self._hints[root.i][0])
        if root.pos_ == "NUM" or lower in QUANTIFIERS or lower in WELFARE_NOUNS:
            inner = _of_object(root)
            if inner is not None:
                return self.actor_for(inner)
        if root.lemma_.lower() in HEAD_NOUNS and (headed := self._head_of(span, root)):
            return headed
        lemma = root.lemma_.lower()
        if lower in ROLE_WORDS and not _is_charge_d_affaires(root):
            return None  # "rejected the charge": an accusation, not a diplomat
        if lemma in ROLE_NOUNS or lower in ROLE_NOUNS:
            role_sector = ROLE_NOUNS.get(lemma) or ROLE_NOUNS[lower]
            named = self._named_after_title(span, root, role_sector)
            if named is not None:
                return named
            _, sector = self._agent(span, root, least=1)
            if sector is not None and sector is not role_sector:
                # "rebel commanders": of the rebels, not a state's office
                return self._group(span, root, sector)
            same = self._same_group_before(span, root) if root.tag_ == "NNS" else None
            if same is not None:  # "ministers agreed ..." after "EU foreign ministers"
                return evolve_actor(same, text=span.text, start=span.start_char, end=span.end_char)
            return self._role(span, root, role_sector)
        if lemma in NGO_HEADS and _non_governmental(span, root) and not self._countries_in(span):
            # "a human rights group", "a rights watchdog": PLOVER's NGO, of no country
            return make_actor(span, country="NGO", sector=Sector.SOC, code="NGOSOC")
        if lemma == "force" and (
            any(c.lower_ in FORCE_OF_MANNER for c in root.children) or _force_used(root)
        ):
            return None  # "respond with full force", "threatened to use force": no armed force
        known, sector = self._agent(span, root)
        if sector is not None:
            return self._group(span, root, sector)
        if known:
            return None  # an agent phrase that names no actor ("the international community")
        if lemma in ORG_HEADS and (organisation := self._organisation_in(span, root)):
            sector = organisation.sector or Sector.UNK
            if organisation.country is None and self._countries_in(span):
                return self._group(span, root, sector)  # "the *Saudi*-led military coalition"
            return self._as_member(span, organisation, sector)
        if lemma in ORG_HEADS and (kind := self._kind_of_body(root)) is not None:
            return self._group(span, root, kind)  # "a field hospital network in Sindh"
        if _a_people(root):
            # "Ethnic Russians in eastern Ukraine": a people, of the state they are said to
            # live in (if any), not that state itself
            return self._group(span, root, Sector.CVL)
        if root.pos_ == "PROPN":
            return next((m.actor for t in span if (m := self._by_token.get(t.i))), None)
        if lemma in CARRIERS:
            # "an aid convoy from Jordan", "a shipment of Indian wheat": sent by the state the
            # phrase names, when it names one; "a UN aid convoy": by the organisation
            organisation = self._organisation_in(span, root)
            if organisation is not None and organisation.country is not None:
                return self._as_member(span, organisation, organisation.sector or Sector.UNK)
            countries = [c for c in self._countries_in(span) if c in self._countries_known()]
            if len(set(countries)) == 1:
                return self._state(span, countries[0])
        if root.tag_ == "NNS":
            # "Chilean copper miners": people of a kind the knowledge base does not list keep
            # the country their nationality word gives, and no sector (not "*Pakistan's*
            # capabilities": a possessive owns things as well as people)
            owners = {
                self._owner_at[c.i]
                for c in root.children
                if c.dep_ in ("amod", "compound") and c.i in self._owner_at
            }
            if len(owners) == 1 and (owner := owners.pop()) in self._countries_known():
                return make_actor(span, country=owner, code=owner, kind=ActorKind.GROUP)
        if definite and (named := self._named_before_by_head(span, root, lower_case=True)):
            # "the command said" after "U.S. Africa Command": what nothing else read
            return evolve_actor(named, text=span.text, start=span.start_char, end=span.end_char)
        return None

    def _named_after_title(self, span: Span, root: Token, sector: Sector) -> Actor | None:
        """ "Coordinating Minister for Maritime Affairs and Investment Luhut Pandjaitan": a
        title-case title the parser made the head, with a person's name after it, is that
        person (of the title's sector), not the last official of that sector named before."""
        if root.pos_ != "PROPN":
            return None
        last = span.doc[span.end - 1]
        if any(t.is_punct for t in span.doc[root.i : last.i]):
            return None  # "Coordinating Minister ..., the Trade Minister, Budi Santoso": a list
        mention = self._by_token.get(last.i)
        if mention is not None and mention.actor.kind is ActorKind.PERSON:
            found = mention.actor
            return evolve_actor(found, text=span.text, start=span.start_char, end=span.end_char)
        if mention is None or mention.actor.kind is not ActorKind.UNKNOWN or last.i <= root.i:
            return None  # "Minister for Foreign Affairs": no name after the title
        first = last.i  # the name: the proper nouns run up to it ("Luhut Pandjaitan")
        while first - 1 > root.i and span.doc[first - 1].dep_ == "compound":
            first -= 1
        name = span.doc[first : last.i + 1].text
        return make_actor(
            span, name=name, sector=sector, code=actor_code(None, sector), kind=ActorKind.PERSON
        )

    def _by_acronym(self, span: Span, root: Token) -> Actor | None:
        """ "The International Labor Office (ILO)": a name the knowledge base does not know,
        followed by the bracketed acronym of an organisation it does, is that organisation."""
        for child in root.children:
            before = child.i - 1
            if child.dep_ != "appos" or before != root.i + 1 or child.doc[before].text != "(":
                continue
            mention = self._by_token.get(child.i)
            if mention is not None and mention.actor.kind in (ActorKind.IGO, ActorKind.INSTITUTION):
                return evolve_actor(
                    mention.actor, text=span.text, start=span.start_char, end=span.end_char
                )
        return None

    def _head_of(self, span: Span, root: Token) -> Actor | None:
        """ "the head of the African Union Commission", "the chief of the Pakistani army":
        the office heading the body the "of" phrase names, of its country and sector (a
        person named in apposition is resolved on their own)."""
        inner = _of_object(root)
        body = self.actor_for(inner) if inner is not None else None
        named = [c for c in root.children if c.dep_ == "compound" and c.i < root.i]
        if body is None and named:  # "the AU Commission chairperson": the body named before
            body = self.actor_for(root.doc[named[0].left_edge.i : named[-1].i + 1])
        if body is None or body.kind is ActorKind.PERSON or body.country is None:
            return None  # a body of no known country says too little of who heads it
        return evolve_actor(
            body,
            text=span.text,
            start=span.start_char,
            end=span.end_char,
            name=None,
            entity_id=None,
            role=root.lemma_.lower(),
            kind=ActorKind.OFFICE,
        )

    def _agent(self, span: Span, root: Token, least: int = 0) -> tuple[bool, Sector | None]:
        """(known, sector) of the agent phrase a noun phrase is headed by: the longest one
        ending at the head ("opposition leader", "security forces", "police"), of at least
        ``least`` words before the head."""
        agents = self._resolver.lexicon.agents
        before = [t.lower_ for t in span if t.i < root.i][-3:]
        heads = dict.fromkeys((root.lemma_.lower(), root.lower_))
        for size in range(len(before), least - 1, -1):
            words = " ".join(before[len(before) - size :])
            for head in heads:
                key = f"{words} {head}".strip()
                if key in agents:
                    return True, agents[key]
        return False, None

    def _kind_of_body(self, root: Token) -> Sector | None:
        """The sector an agent noun compounded with an organisation noun gives ("*hospital*
        network", "*student* group", "*rebel* faction")."""
        agents = self._resolver.lexicon.agents
        for child in root.children:
            if child.dep_ == "compound" and agents.get(child.lemma_.lower()) is not None:
                return agents[child.lemma_.lower()]
        return None

    def _owned(self, span: Span, mention: Mention) -> Actor:
        """An organisation of no known country takes the country its noun phrase names
        ("Pakistan's state-owned National Development Complex")."""
        actor = mention.actor
        if actor.country is None and actor.kind is ActorKind.OFFICE:
            # "a senior envoy from the African Union": an office of the body it is from
            body = self._organisation_from(span.root)
            return self._as_member(span, body, actor.sector or Sector.GOV) if body else actor
        if actor.country is not None or actor.kind not in (ActorKind.INSTITUTION, ActorKind.GROUP):
            return actor
        outside = span.doc[span.start : mention.start_token]
        countries = self._countries_in(outside) if len(outside) else []
        if not countries:
            # "the Charge d'Affaires of the Embassy of Ghana in Abuja": of the state whose
            # mission it is, not the one the mission is in
            countries = self._mission_country(span)
        if not countries and actor.kind is ActorKind.GROUP:  # "Syrian Kurds": a people
            countries = np_owners(span.root, self._owner_at, of=False)
        if not countries and mention.start_token <= span.root.i < mention.end_token:
            # "the Chargé d'Affaires of the United States of America": the state it is of
            countries = [
                str(m.actor.country)
                for m in self._of_mentions(span.root)
                if m.actor.kind is ActorKind.COUNTRY and m.actor.country
            ][:1]
        if not countries:
            return actor
        sector = actor.sector or (Sector.CVL if actor.kind is ActorKind.GROUP else None)
        return evolve_actor(
            actor, country=countries[0], sector=sector, code=actor_code(countries[0], sector)
        )

    def _of_mentions(self, root: Token) -> list[Mention]:
        """The mentions that are the object of "of" after ``root``."""
        found = []
        for prep in (c for c in root.children if c.dep_ == "prep" and c.lower_ == "of"):
            for obj in (o for o in prep.children if o.dep_ == "pobj"):
                mention = self._by_token.get(obj.i)
                if mention is not None:
                    found.append(mention)
        return found

    def _mission_country(self, span: Span) -> list[str]:
        """The state a diplomatic mission named in ``span`` belongs to ("of the *Embassy of
        Ghana*", "of the *Kenyan High Commission*")."""
        for token in span:
            if token.lemma_.lower() not in MISSIONS:
                continue
            owners = np_owners(token, self._countries_at())
            if owners:
                return owners[:1]
        return []

    def _countries_at(self) -> dict[int, str]:
        """The country every place word and every mention of a state names, by token (made
        once: the mentions are fixed when the document is resolved)."""
        if self._named_countries is None:
            named = {
                t: str(m.actor.country)
                for t, m in self._by_token.items()
                if m.actor.country not in (None, "IGO", "NGO")
            }
            self._named_countries = {**named, **self._place_at}
        return self._named_countries

    def _countries_known(self) -> Mapping[str, object]:
        return self._resolver.lexicon.kb.countries

    def _state(self, span: Span, iso3: str) -> Actor:
        """A country adjective asked about on its own ("the Indian criticism": Indian)."""
        return make_actor(
            span, country=iso3, sector=Sector.GOV, code=f"{iso3}GOV", kind=ActorKind.COUNTRY
        )

    def _countries_in(self, span: Span) -> list[str]:
        out: list[str] = []
        patrons = patron_tokens(span.root)  # "the Russia-backed separatists": not Russia's
        # nor what a clause on the head tells of them: "pensioners *marching on Congress*"
        clauses = {t.i for c in span.root.children if c.dep_ in ("acl", "relcl") for t in c.subtree}
        for token in span:
            if token.i in patrons or token.i in clauses:
                continue
            mention = self._by_token.get(token.i)
            refs = self._hints.get(token.i, ())
            if mention is not None and mention.actor.country not in (None, "IGO"):
                out.append(str(mention.actor.country))
            out.extend(refs[:2])
        return list(dict.fromkeys(out))

    def _group(self, span: Span, root: Token, sector: Sector) -> Actor:
        if root.lemma_.lower() in PERSONNEL:  # "hospital staff", "army officials": the body's
            sector = self._kind_of_body(root) or sector
        diaspora = _is_diaspora(span)
        if diaspora:
            sector = Sector.CVL
        organisation = None if diaspora else self._organisation_in(span, root)
        countries = self._countries_in(span)
        if organisation is not None and (organisation.country is not None or not countries):
            # not a body of no country when a state is named: "Sudan's ruling *military*
            # council" is Sudan's
            return self._as_member(span, organisation, sector)
        country = countries[0] if countries else located_in(root, self._place_at)
        if country is None:  # "Traore said *his* government would ...": his country's
            owner = self._possessor(root)
            if owner is not None and owner.country == "IGO":
                # "the ICC prosecutor said *his* office had opened ...": the court's
                return self._as_member(span, owner, sector)
            country = owner.country if owner is not None else None
        if country is None and sector in (Sector.MIL, Sector.COP):
            # "The Indian army said *troops* exchanged fire": the reporting force's own
            country = self._reporting_force_country(root)
        definite = any(c.lower_ in DEFINITE for c in root.children)
        holder = self._title_holder(root) if country is None and definite else None
        if holder is not None:  # "the deputy crown prince": the one so titled before
            return evolve_actor(holder, text=span.text, start=span.start_char, end=span.end_char)
        if country is None and definite:
            country = self._named_before(root)
        bare = root.dep_ == "conj" and not any(
            c.dep_ in ("det", "poss", "amod", "compound") for c in root.children
        )  # "the Colombian government and people": the people are Colombian too
        if country is None and (sector in STATE_SECTORS | {Sector.LEG} or bare):
            country = self._coordinated_country(root, any_sector=bare)
        if country is None and sector == Sector.GOV and root.lemma_.lower() in HOME_NOUNS:
            home = self.home_country
            if home in counterpart_countries(root, self._countries_at()):
                home = None  # "The government asked China to ...": not China's government
            reporter = self._reporting_official(root)
            if reporter is not None:
                # "PM Marape thanked Canberra and said the government had requested ...": the
                # reporter's own (the story's when the knowledge base does not place him),
                # never a state the reporter dealt with
                country = reporter.country if reporter.country != "IGO" else None
                country = country or home
            else:
                country = self._named_in_sentence(root) or home
        if country is None and _home_force(span, root, sector):
            country = self._story_country(root)
        if country is None and _of_the_republic(span):
            # "the President of the Republic" in a story from Bogota (or about Colombia): its
            # state's
            country = self._story_home() or self.home_country
        if country is None and sector in SOCIETY and not diaspora:
            # "the union leaders", "the opposition" in a story from La Paz, or in one naming
            # no country but Bolivia: that country's
            country = self._story_home()
        if country is None and sector is Sector.CVL and root.lemma_.lower() in PROTESTERS:
            # "thousands of protesters marched on parliament" in a story from Tbilisi: people
            # who protest where the story is set are its country's (not victims, who may be
            # any country's)
            country = None if diaspora else self._story_home()
        return Actor(
            text=span.text,
            role="diaspora" if diaspora else None,
            country=country,
            sector=sector,
            code=actor_code(country, sector),
            kind=ActorKind.GROUP,
            start=span.start_char,
            end=span.end_char,
        )

    def _styled_state(self, span: Span, root: Token) -> Actor | None:
        """ "the Kingdom", "the Sultanate", "the Republic" alone: the story's state, when its
        formal name is so styled ("the Hashemite Kingdom of Jordan", "the Sultanate of
        Oman") -- the way a state's own releases name it."""
        if root.lower_ not in STATE_STYLES or len(span) > 3 or _of_object(root) is not None:
            return None
        home = self._story_home()
        country = self._countries_known().get(home) if home else None
        names = (getattr(country, "name", ""), *getattr(country, "aliases", ()))
        if home is None or not any(root.lower_ in n.lower().split() for n in names):
            return None
        return self._state(span, home)

    def _title_holder(self, root: Token) -> Actor | None:
        """The person an earlier title with the same head word belongs to: "the deputy
        crown prince" after "Deputy Crown Prince and Minister of Defense ... Mohammed bin
        Salman"."""
        lemma = root.lemma_.lower()
        doc = root.doc
        for token in reversed(doc[: root.left_edge.i]):
            if token.lemma_.lower() != lemma and token.lower_ != root.lower_:
                continue
            if token.pos_ != "PROPN":
                continue  # a title, written as one ("Deputy Crown Prince ... Mohammed bin Salman")
            found: Actor | None = None
            for mention in self.mentions:  # the name the title runs up to: the last one
                if mention.end_token <= token.i or mention.start_token > token.sent.end:
                    continue
                between = doc[token.i : mention.start_token]
                if any(t.pos_ not in TITLE_RUN for t in between):
                    break
                actor = mention.actor
                if actor.kind is ActorKind.PERSON and actor.country not in (None, "IGO"):
                    found = actor
            if found is not None:
                return found
        return None

    def _titled_subject(self, sent: Span) -> Actor | None:
        """The person a role noun subject of the sentence's main verb stands for ("*The
        army chief* later hosted a dinner"): one it resolves to, or the last person named
        before in the office it resolves to."""
        root = sent.root
        subject = next((c for c in root.children if c.dep_ in ("nsubj", "nsubjpass")), None)
        if subject is None or subject.pos_ != "NOUN":
            return None
        lemma = subject.lemma_.lower()
        if lemma not in ROLE_NOUNS and subject.lower_ not in ROLE_NOUNS:
            return None
        actor = self.actor_for(self._doc[subject.left_edge.i : subject.i + 1])
        if actor is None or actor.kind is ActorKind.PERSON:
            return actor
        if actor.kind is not ActorKind.OFFICE or actor.role is None:
            return None
        holders = [  # "the army chief" after "Field Marshal Asim Munir, the army chief"
            m.actor
            for m in self.mentions
            if m.end_token <= subject.i
            and m.actor.kind is ActorKind.PERSON
            and (m.actor.role or "").lower() == actor.role.lower()
            and actor.country in (None, m.actor.country)
        ]
        return holders[-1] if holders else None

    def _countried(self, span: Span, root: Token, actor: Actor) -> Actor:
        """A state's force or official the knowledge base gave no country, given the one the
        document supports: "The army blamed the ELN" (the story's force), "Oman said *its*
        foreign minister, Badr Albusaidi, had received ..." (the reporter's)."""
        if actor.country is not None:
            return actor
        if actor.kind is ActorKind.INSTITUTION and _home_force(span, root, actor.sector):
            country = self._story_country(root)
            if country is not None:
                return evolve_actor(actor, country=country, code=actor_code(country, actor.sector))
        titled = ROLE_NOUNS.get(root.head.lemma_.lower()) if root.dep_ == "appos" else None
        sector = actor.sector or titled  # "its minister of state, *Mohammed X*"
        if actor.kind in (ActorKind.PERSON, ActorKind.OFFICE) and sector in STATE_SECTORS:
            country = self._possessor_country(root)
            if country is not None:
                code = actor_code(country, sector)
                return evolve_actor(actor, country=country, sector=sector, code=code)
        return actor

    def _story_country(self, root: Token) -> str | None:
        """The country a state's force named alone belongs to ("The army blamed the ELN",
        "security forces conducted an operation"): the one named with that force before,
        else the dateline's ("BOGOTA, Sept 19 -"), else the only country the document names."""
        named = self._named_before(root)
        return named if named is not None else self._story_home()

    def _story_home(self) -> str | None:
        """The country a story is set in: its dateline's ("BOGOTA, Sept 19 -"), else the
        only country the document names."""
        lead = self._doc[: min(len(self._doc), 8)]
        placed = self._countries_at()
        datelined = next((placed[t.i] for t in lead if t.i in placed and dateline(t)), None)
        if datelined is not None:
            return datelined
        return self.home_country if self.sole_country else None

    def _reporting_official(self, root: Token) -> Actor | None:
        """The state official who reports the clause ``root`` is the subject of ("PM Marape
        said *the government* had ..."), or None."""
        reporter = _reporter(root) if root.dep_ in ("nsubj", "nsubjpass") else None
        mention = self._by_token.get(reporter.i) if reporter is not None else None
        if mention is None or mention.actor.sector not in STATE_SECTORS:
            return None
        if mention.actor.kind not in (ActorKind.PERSON, ActorKind.OFFICE):
            return None
        return mention.actor

    def _possessor_country(self, root: Token) -> str | None:
        owner = self._possessor(root)
        return owner.country if owner is not None else None

    def _possessor(self, root: Token) -> Actor | None:
        """The one a possessive on the head stands for, when that is the one who reports the
        clause: a person for "his"/"her" ("Traore said his government ...", "the ICC
        prosecutor said his office ..."), a state or body for "its"/"their" ("Oman said its
        foreign minister ...")."""
        titled = root.head if root.dep_ == "appos" else root  # "its minister, *X*"
        poss = next((c for c in titled.children if c.dep_ == "poss"), None)
        if poss is None or poss.lower_ not in ("his", "her", "its", "their"):
            return None
        reporter = _reporter(poss)
        if reporter is None:
            return None
        personal = poss.lower_ in ("his", "her")
        mention = self._by_token.get(reporter.i)
        if mention is None and personal and reporter.lemma_.lower() in PERSON_ROLES:
            # "*The ICC prosecutor* said his office ...": a role the resolver places
            found = self.actor_for(reporter.doc[reporter.left_edge.i : reporter.i + 1])
            return found if found is not None and found.country is not None else None
        if mention is None:
            return None
        if personal != (mention.actor.kind is ActorKind.PERSON):
            return None
        return mention.actor

    def _reporting_force_country(self, root: Token) -> str | None:
        """The country of the army or police that reports the clause a bare force noun is
        the subject of ("The Indian army said *troops* exchanged fire")."""
        if any(c.dep_ in ("det", "poss", "amod", "compound") for c in root.children):
            return None  # "the militants", "rebel troops": not the reporter's own
        reporter = _reporter(root)
        if reporter is None:
            return None
        found = self.actor_for(self._doc[reporter.left_edge.i : reporter.i + 1])
        if found is None or found.sector not in (Sector.MIL, Sector.COP):
            return None
        return found.country if found.country != "IGO" else None

    def _named_in_sentence(self, root: Token) -> str | None:
        """ "Georgieva praised *Pakistan's* consolidation but urged *the government* to ...":
        the last country named before a definite "the government" in its own sentence, other
        than the country of the one acting on it."""
        if root.lemma_.lower() != "government" or not any(c.lower_ == "the" for c in root.children):
            return None
        verb = root.head
        while verb.pos_ not in ("VERB", "AUX") and verb.head.i != verb.i:
            verb = verb.head
        acting = verb.head if verb.dep_ == "conj" else verb  # "praised X but urged Y"
        subject = next((c for c in acting.children if c.dep_ == "nsubj" and c.i != root.i), None)
        theirs = (
            self._countries_in(root.doc[subject.left_edge.i : subject.i + 1]) if subject else []
        )
        named = self._countries_in(root.doc[root.sent.start : root.left_edge.i])
        mine = [c for c in named if c not in theirs]
        return mine[-1] if mine else None

    def _named_before(self, root: Token) -> str | None:
        """ "*The delegation* noted ...": the country of the nearest earlier phrase with the
        same head that names one ("the U.S. delegation")."""
        lemma = root.lemma_.lower()
        for token in reversed(root.doc[: root.left_edge.i]):
            if token.pos_ == "NOUN" and token.lemma_.lower() == lemma:
                countries = self._countries_in(root.doc[token.left_edge.i : token.i + 1])
                if countries:
                    return countries[0]
        return None

    def _organisation_in(self, span: Span, root: Token) -> Actor | None:
        """An organisation named among the words that modify the head ("*UN*
        peacekeepers", "*WHO* officials", "*Hamas* militants")."""
        for token in sorted(modifier_tokens(root), key=lambda t: t.i):
            mention = self._by_token.get(token.i)
            if mention is not None and mention.actor.kind in (ActorKind.IGO, ActorKind.INSTITUTION):
                return mention.actor
            unknown = mention is None or (
                mention.actor.country is None and mention.actor.entity_id is None
            )
            if unknown and (short := self._short_form(token)) is not None:
                return short  # "the *Fund's* board" after "the IMF"
        return None

    def _the_group(self, root: Token) -> Actor | None:
        """ "the group", "the militia", "the movement" with nothing else to name it: the armed
        group, party or movement named last before it."""
        if root.lemma_.lower() not in GROUP_NOUNS or root.pos_ != "NOUN":
            return None
        words = [c for c in root.children if c.i < root.i and c.dep_ not in ("det", "punct")]
        armed = bool(words) and all(w.lower_ in ARMED_WORDS for w in words)
        if words and not armed:
            return None  # "the Kurdish group", "the ruling party's youth movement": its own
        for mention in sorted(self.mentions, key=lambda m: -m.start_token):
            if mention.start_token >= root.i:
                continue
            actor = mention.actor
            if actor.kind in (ActorKind.INSTITUTION, ActorKind.GROUP) and actor.sector in (
                ARMED_GROUPS if armed else NAMED_GROUPS
            ):
                # "the guerrilla group", "the armed group": the armed group named last
                return actor
        return None

    def _the_bloc(self, root: Token) -> Actor | None:
        """ "the bloc", "the alliance" with nothing else to name it: the international
        organisation named last before it."""
        if root.lemma_.lower() not in BLOC_NOUNS or not root.text.islower():
            return None
        if any(
            c.dep_ not in ("det", "punct") and not c.text.islower()
            for c in root.children
            if c.i < root.i
        ):
            return None  # "the regional bloc" is still the bloc; "the Gulf bloc" is named
        for mention in sorted(self.mentions, key=lambda m: -m.start_token):
            if mention.start_token < root.i and mention.actor.country == "IGO":
                return mention.actor  # the body, or one of its offices ("the EU's ambassador")
        return None

    @staticmethod
    def _bare_title_as_name(span: Span, mention: Mention) -> bool:
        """A title alone that the tagger read as a person's name ("The *Chairperson*")."""
        actor = mention.actor
        words = [t for t in span if t.lower_ not in DEFINITE]
        return (
            actor.kind is ActorKind.PERSON
            and actor.country is None
            and actor.entity_id is None
            and len(words) == 1
            and (words[0].lower_ in ROLE_HEADS or words[0].lower_ in ROLE_NOUNS)
        )

    def _named_before_by_head(
        self, span: Span, root: Token, lower_case: bool = False, titles: bool = False
    ) -> Actor | None:
        """A body called back by the head of its name alone ("*the Fund*", "*the
        Authority*"; ``lower_case``: "*the command*" after "U.S. Africa Command"): the phrase
        with that head the document named last before it, resolved as that phrase was.
        A title ("the President") only with ``titles``, for a title the tagger read as a
        name: "The Chairperson" after "The Chairperson of the African Union Commission, X"."""
        words = [t for t in span if t.i != root.i and t.lower_ not in DEFINITE]
        if words or root.pos_ not in ("PROPN", "NOUN") or not root.text[:1].isalpha():
            return None
        if lower_case != root.text.islower():
            return None
        lemma = root.lemma_.lower()
        role = lemma in ROLE_NOUNS or root.lower_ in ROLE_NOUNS or lemma in PERSON_ROLES
        if role is not titles:
            return None
        for earlier in reversed(self._doc[: span.start]):
            if earlier.lower_ != root.lower_ or not earlier.text[:1].isupper():
                continue
            if lower_case and earlier.pos_ != "PROPN":
                continue  # "the command" calls back "Africa *Command*", a name
            named = [
                c
                for c in earlier.children
                if c.dep_ in ("compound", "amod", "nmod", "poss")
                or (c.dep_ == "prep" and c.lower_ in ("of", "for"))
            ]
            if not named:
                continue  # an earlier bare "the Fund" is no name
            phrase = self._doc[earlier.left_edge.i : earlier.right_edge.i + 1]
            found = self.actor_for(phrase)
            if found is not None and found.country is not None:
                return found
            return None
        return None

    def _short_form(self, token: Token) -> Actor | None:
        """ "the Fund" after "the International Monetary Fund", "the Council" after "the UN
        Security Council": a capitalised last word of an organisation's name told before."""
        if token.pos_ != "PROPN" or not token.text[:1].isupper():
            return None
        for mention in sorted(self.mentions, key=lambda m: -m.start_token):
            if mention.start_token >= token.i:
                continue
            actor = mention.actor
            if actor.kind not in (ActorKind.IGO, ActorKind.INSTITUTION) or not actor.name:
                continue
            if actor.name.split()[-1] == token.text:
                return actor
        return None

    def _spoken_for(self, root: Token) -> Actor | None:
        """The one a spokesperson speaks "for" ("a spokesman *for the Secretary-General*",
        "a spokeswoman for the Kenyan police"), when the resolver places them."""
        if root.lemma_.lower() not in SPOKESPEOPLE:
            return None
        for prep in root.children:
            if prep.dep_ != "prep" or prep.lower_ != "for":
                continue
            obj = next((c for c in prep.children if c.dep_ == "pobj"), None)
            found = (
                self.actor_for(obj.doc[obj.left_edge.i : obj.i + 1]) if obj is not None else None
            )
            owner = next((c for c in obj.children if c.dep_ == "poss"), None) if obj else None
            if (found is None or found.country is None) and owner is not None:
                # "a spokesperson for *the EU's* diplomatic service": its owner's
                found = self.actor_for(owner.doc[owner.left_edge.i : owner.i + 1])
            if found is not None and found.country is not None:
                return found
        return None

    def _organisation_from(self, root: Token) -> Actor | None:
        """The organisation a "from"/"of" phrase on the head names ("an envoy *from the
        African Union*")."""
        for prep in root.children:
            if prep.dep_ != "prep" or prep.lower_ not in ("from", "of"):
                continue
            for obj in prep.children:
                mention = self._by_token.get(obj.i) if obj.dep_ == "pobj" else None
                if mention is not None and mention.actor.kind in (
                    ActorKind.IGO,
                    ActorKind.INSTITUTION,
                ):
                    return mention.actor
        return None

    def _as_member(self, span: Span, organisation: Actor, sector: Sector) -> Actor:
        """Members of an organisation: its country, code and (unless an IGO or a state
        body of another sector names them) its sector."""
        igo = organisation.country == "IGO"
        own = organisation.sector if organisation.sector is not None else sector
        return Actor(
            text=span.text,
            name=organisation.name,
            country=organisation.country,
            sector=Sector.IGO if igo else own,
            code=organisation.code if igo else actor_code(organisation.country, own),
            kind=ActorKind.GROUP,
            entity_id=organisation.entity_id,
            start=span.start_char,
            end=span.end_char,
        )

    def _coordinated_country(self, root: Token, any_sector: bool = False) -> str | None:
        """The country of the state body a group is coordinated with ("Turkish jets and
        drones", "the Italian speaker and deputies"); with ``any_sector``, of any body its
        bare noun shares the modifiers of ("the Colombian government and people")."""
        if root.dep_ != "conj":
            return None
        head = root.head
        found = self.actor_for(head.doc[head.left_edge.i : head.i + 1])
        if found is None or (not any_sector and found.sector not in STATE_SECTORS | {Sector.LEG}):
            return None
        return found.country if found.country not in (None, "IGO") else None

    def _as_owned(self, actor: Actor, owner: str) -> Actor:
        return evolve_actor(actor, country=owner, code=actor_code(owner, actor.sector))

    def _role(self, span: Span, root: Token, sector: Sector) -> Actor:
        """ "the general", "the minister": a recent person of that sector, else the role;
        "an envoy from the EU": an office of the body it is from."""
        body = self._organisation_from(root) or self._organisation_in(span, root)
        if body is not None:  # "an envoy from the EU", "UN envoys in Khartoum"
            return self._as_member(span, body, sector)
        countries = self._countries_in(span)
        if not countries:
            person = self._recent_person(root, sector)
            if person is not None:
                return evolve_actor(
                    person, text=span.text, start=span.start_char, end=span.end_char
                )
        home = self.home_country
        if home is not None and home in counterpart_countries(root, self._countries_at()):
            home = None  # "the minister criticised India's decision": not India's minister
        country = countries[0] if countries else home or self.perspective
        role = ROLE_WORDS.get(root.lower_, root.lower_)
        return Actor(
            text=span.text,
            role=role,
            country=country,
            sector=sector,
            code=actor_code(country, sector),
            kind=ActorKind.OFFICE,
            start=span.start_char,
            end=span.end_char,
        )

    def _same_group_before(self, span: Span, root: Token) -> Actor | None:
        """The holders of a plural role named alone ("the ministers"): those so called last
        with a body or country of their own ("European Union foreign ministers")."""
        if any(t.dep_ not in ("det", "punct") for t in span if t.i < root.i):
            return None
        for token in reversed(root.doc[: span.start]):
            if token.lemma_ != root.lemma_ or token.tag_ != "NNS":
                continue
            earlier = root.doc[token.left_edge.i : token.i + 1]
            if len(earlier) < 2:
                continue
            found = self.actor_for(earlier)
            if found is not None and found.country is not None:
                return found
            return None
        return None

    def _recent_person(self, root: Token, sector: Sector) -> Actor | None:
        """The latest person of ``sector`` named before, the latest one titled with the role
        word first ("the secretary" after "Secretary of Defense Jim Mattis met Minister of
        Defense Fikri Işık": Mattis)."""
        found = [
            mention
            for mention in reversed(self.mentions)
            if mention.end_token <= root.i
            and mention.actor.kind == ActorKind.PERSON
            and (mention.actor.entity_id or mention.actor.name)  # known, or named in full
            and mention.actor.sector == sector
        ]
        word = root.lower_
        titled = next((m for m in found if word in m.actor.text.lower().split()), None)
        chosen = titled or (found[0] if found else None)
        return chosen.actor if chosen is not None else None

    def _pronoun(self, token: Token) -> Actor | None:
        """He/she: the person who reports the clause the pronoun is in ("Traore said *his*
        government would ...", "Goita said *he* would ..."), else the subject person of the
        nearest earlier sentence that names one."""
        reporter = _reporter(token)
        mention = self._by_token.get(reporter.i) if reporter is not None else None
        if mention is not None and mention.actor.kind == ActorKind.PERSON:
            return mention.actor
        if self._sents is None:
            self._sents = list(self._doc.sents)
        start = token.sent.start
        sents = [s for s in self._sents if s.end <= start][-3:]
        for sent in reversed(sents):
            people = [
                m
                for m in self.mentions
                if sent.start <= m.start_token < sent.end and m.actor.kind == ActorKind.PERSON
            ]
            titled = self._titled_subject(sent)
            if titled is not None and not any(
                self._doc[m.start_token : m.end_token].root.dep_ in ("nsubj", "nsubjpass")
                for m in people
            ):
                return titled  # "The army chief later hosted a dinner ... he denied ..."
            subjects = [
                m
                for m in people
                if self._doc[m.start_token : m.end_token].root.dep_ in ("nsubj", "nsubjpass")
            ]
            chosen = (subjects or people)[:1]
            if chosen:
                return chosen[0].actor
        return None


def _force_used(force: Token) -> bool:
    """ "use force", "resort to force", "the use of force": force as a means, no body."""
    head = force.head
    if force.dep_ == "dobj" and head.lemma_.lower() in ("use", "employ", "threaten"):
        return True
    return (
        force.dep_ == "pobj"
        and head.lower_ in ("to", "of")
        and head.head.lemma_.lower()
        in (
            "resort",
            "use",
            "threat",
        )
    )


#: Those who speak for someone ("a spokesman *for* ...").
SPOKESPEOPLE = frozenset({"spokesman", "spokeswoman", "spokesperson"})
#: Nouns a non-state group is referred back to with ("the group").
GROUP_NOUNS = frozenset({"group", "militia", "movement", "faction", "organisation", "organization"})
#: Words that make such a noun an armed group's ("the *guerrilla* group").
ARMED_WORDS = frozenset(
    {"rebel", "guerrilla", "armed", "militant", "insurgent", "jihadist", "paramilitary",
     "separatist", "extremist", "terrorist", "terror"}
)  # fmt: skip
#: Sectors of armed groups.
ARMED_GROUPS = frozenset({Sector.REB, Sector.UAF, Sector.CRM})
#: Sectors of such groups.
NAMED_GROUPS = frozenset({Sector.REB, Sector.UAF, Sector.OPP, Sector.PTY, Sector.SOC, Sector.CRM})
#: Nouns of one person's role, whose "his"/"her" is theirs ("the prosecutor said his ...").
PERSON_ROLES = frozenset({*ROLE_NOUNS, *ROLE_HEADS, "prosecutor", "judge", "ombudsman", "mediator"})


def _reporter(pronoun: Token) -> Token | None:
    """The named subject of the verb that reports the clause a subject or possessive pronoun
    is in: "Traore said [his government would seek partners]" -> Traore."""
    if pronoun.dep_ not in ("nsubj", "nsubjpass", "poss") or pronoun.lower_ in ("him",):
        return None
    token = pronoun.head
    while token.dep_ not in ("ccomp", "ROOT") and token.head.i != token.i:
        token = token.head
    if token.dep_ != "ccomp":
        return None
    verb = token.head
    subject = next((c for c in verb.children if c.dep_ == "nsubj"), None)
    if subject is None and verb.dep_ == "conj":  # "X thanked Y *and said* ...": X's
        subject = next((c for c in verb.head.children if c.dep_ == "nsubj"), None)
    if subject is None or subject.pos_ == "PRON" or subject.i > pronoun.i:
        return None
    return subject


def _is_charge_d_affaires(token: Token) -> bool:
    doc = token.doc
    words = {doc[i].lower_ for i in range(max(token.i - 1, 0), min(token.i + 2, len(doc)))}
    return bool(words & {"d'affaires", "d’affaires", "affaires"})


def _of_object(root: Token) -> Span | None:
    # "waters *east of* Taiwan", "the sea *off* the coast of ...": through a direction word
    heads = [root, *(c for c in root.children if c.lower_ in DIRECTIONS)]
    for child in (c for h in heads for c in h.children):
        if child.dep_ == "prep" and child.lower_ == "of":
            obj = next((c for c in child.children if c.dep_ == "pobj"), None)
            if obj is not None:
                return obj.doc[obj.left_edge.i : obj.right_edge.i + 1]
    return None


#: Words of direction between a place and the one it is told from ("east of Taiwan").
DIRECTIONS = frozenset(
    {"east", "west", "north", "south", "northeast", "northwest", "southeast", "southwest"}
)


def _is_diaspora(span: Span) -> bool:
    words = [t.lower_ for t in span]
    return any(a == "-" and b in DIASPORA_SUFFIXES for a, b in pairwise(words))


def _conjuncts(token: Token) -> Iterator[Token]:
    """A head and the heads coordinated with it ("Kenya, Uganda and Tanzania")."""
    yield token
    for child in token.children:
        if child.dep_ == "conj":
            yield from _conjuncts(child)


def _head_span(head: Token, within: Span) -> Span:
    """The noun phrase of one conjunct: its subtree without its own conjuncts."""
    skip = {t.i for c in head.children if c.dep_ in ("conj", "cc") for t in c.subtree}
    kept = [t.i for t in head.subtree if t.i not in skip and within.start <= t.i < within.end]
    doc = head.doc
    left, right = min(kept), max(kept)
    while right > left and doc[right].is_punct:
        right -= 1
    return doc[left : right + 1]


def _distinct(actors: Iterable[Actor]) -> list[Actor]:
    out: list[Actor] = []
    for actor in actors:
        if not any((a.start, a.end) == (actor.start, actor.end) for a in out):
            out.append(actor)
    return out


def _non_governmental(span: Span, root: Token) -> bool:
    if root.lemma_.lower() in ("watchdog", "charity", "ngo", "campaigner"):
        return True
    return any(t.lower_ in NGO_WORDS for t in span if t.i < root.i)


#: Prefixes of the names of states' naval and coast guard ships (not prefixes that are also
#: common acronyms: RSS, ITS, ARC, FS, KD, JS).
SHIP_PREFIXES: Mapping[str, str] = {
    "USS": "USA", "USNS": "USA", "USCGC": "USA", "HMS": "GBR", "HMAS": "AUS", "HMCS": "CAN",
    "HMNZS": "NZL", "BRP": "PHL", "INS": "IND", "PNS": "PAK", "ROKS": "KOR", "TCG": "TUR",
    "KRI": "IDN", "HTMS": "THA", "ARA": "ARG", "BAP": "PER", "ORP": "POL", "HNLMS": "NLD",
    "HDMS": "DNK", "HNoMS": "NOR", "HSwMS": "SWE", "NRP": "PRT", "RFS": "RUS",
}  # fmt: skip


def _ship_state(span: Span) -> str | None:
    """The state a ship's name prefix says it is of ("the BRP Datu Sanday": the
    Philippines'), when a name follows the prefix."""
    words = [t for t in span if t.dep_ != "det"]
    if len(words) < 2 or words[0].pos_ != "PROPN" or words[1].pos_ != "PROPN":
        return None
    return SHIP_PREFIXES.get(words[0].text)


#: Words a state's formal name is styled with, which its own texts use alone for it.
STATE_STYLES = frozenset(
    {"kingdom", "sultanate", "emirate", "emirates", "republic", "principality", "realm"}
)


def _of_the_republic(span: Span) -> bool:
    """An office named for the state it serves without naming it ("the President of the
    Republic", "the Prime Minister of the Nation")."""
    words = [t.lower_ for t in span]
    return len(words) >= 3 and words[-3:-1] == ["of", "the"] and words[-1] in ("republic", "nation")


def _home_force(span: Span, root: Token, sector: Sector | None) -> bool:
    """A state's own armed or police force named by its common noun alone ("the army",
    "police", "security forces"), with no word that makes it another's or a group's."""
    if sector not in (Sector.MIL, Sector.COP) or root.lemma_.lower() not in HOME_FORCES:
        return False
    return all(t.lower_ in HOME_FORCE_WORDS or t.i == root.i for t in span if t.i <= root.i)


#: Things that carry relief or goods from one state to another ("an aid *convoy* from Jordan").
CARRIERS = frozenset(
    {"convoy", "shipment", "consignment", "airlift", "cargo", "lorry", "truck", "flight"}
)
#: Sectors of a country's own organised society, whose groups named alone are of the story's
#: country ("the union leaders", "the opposition"); not civilians at large, who may be any
#: country's ("flood victims", "23 people" killed in another state).
SOCIETY = frozenset(
    {Sector.LAB, Sector.OPP, Sector.EDU, Sector.AGR, Sector.MED, Sector.PTY, Sector.REL}
)
#: Civilians named by what they do in protest, who are of the country the story is set in.
PROTESTERS = frozenset(
    {"protester", "protestor", "demonstrator", "marcher", "rioter", "crowd", "mob", "activist",
     "supporter", "pensioner", "striker"}
)  # fmt: skip
#: Forces a story names without their country when they are its country's.
HOME_FORCES = frozenset({"army", "military", "police", "force"})
#: Words that may precede them ("the security forces", "the riot police").
HOME_FORCE_WORDS = frozenset({"the", "security", "riot", "its", "armed", "paramilitary"})


def _a_people(root: Token) -> bool:
    """A nationality word made an ethnicity ("*ethnic* Albanians"): people, not a state."""
    return any(c.lower_ == "ethnic" for c in root.children)


def _bare_place(span: Span) -> bool:
    """A name with nothing but words of direction or degree before it ("Karachi", "northern
    Mosul", "mostly Christian eastern Beirut")."""
    return all(t.pos_ == "PROPN" or (t.i < span.root.i and t.pos_ in ("ADJ", "ADV", "DET"))
               for t in span)  # fmt: skip
