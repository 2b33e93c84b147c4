"""``rules.v1``: the default dependency-parse coder.

Per sentence, one pass over the tokens finds triggers by lemma in the lexicon
(:mod:`.lexicon`); each trigger's arguments come from the parse (:mod:`.arguments`), its
factuality from :mod:`.factuality`, its amount from :mod:`.amounts`, its contexts from
:mod:`.contexts`, and its codes and scores from :mod:`.tables`.

Conventions implemented here (see ``tests/examples/sentences.yaml``):

- actor = subject (the ``by`` agent of a passive); recipient = object or the preposition the
  trigger's sense names. "X received/hosted Y" is coded once, visitor Y as actor.
- One event per recipient: "met A, B and C" gives three events. Coordinated actors ("The
  United States and France accused Russia") give one event with an actor list, except for
  reciprocal triggers ("A and B met") where the first is actor and the second recipient.
- Coordinated verbs share the subject ("condemned ... and summoned ..." gives two events).
- A governed complement is not an event of its own ("agreed to meet" is AGREE, "urged the
  Fund to release" is REQUEST); its type picks the governing event's mode and CAMEO code.
- A framing noun ("during his visit to the US, he met ...") sets the mode of the event it
  frames instead of being an event; CONSULT is mode ``visit`` when the sentence is about a
  trip or the meeting place belongs to the recipient's country and not the actor's, and
  ``phone`` when a phone/telephone/video cue is under the trigger.
- Pronoun subjects the resolver cannot resolve fall back to the most recent person or
  office mentioned before them in the document.
- No event without an actor or recipient phrase; recommendations and generic/opinion
  claims give no event (see :mod:`.factuality`).
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from ..model import Actor, ActorKind, Document, Event, PloverType, Sector, Sentence, Span
from . import CODERS, amounts, arguments, contexts, factuality, tables
from .lexicon import Lexicon, Sense, default_lexicon

if TYPE_CHECKING:
    from spacy.tokens import Doc, Token
    from spacy.tokens import Span as SpacySpan

    from ..actors.base import DocumentActors

NAME = "rules.v1"
VISIT_CUES = frozenset({"visit", "trip", "tour", "arrive", "arrival", "visiting", "sojourn"})
PHONE_CUES = frozenset({"telephone", "phone", "telephonic", "video", "videoconference", "virtual"})
PERSONAL = frozenset({"he", "she", "him", "her", "his", "hers", "they", "them", "their"})
STATE_SECTORS = frozenset({Sector.GOV, Sector.MIL, Sector.SPY, Sector.LEG, Sector.JUD})
STATE_KINDS = frozenset({ActorKind.COUNTRY, ActorKind.IGO})
PAIR_NOUNS = frozenset({"country", "nation", "government", "state"})
PAIR_WORDS = frozenset({"two", "both"})
LIGHT_HEADS = frozenset(
    {"hold", "have", "conduct", "make", "pay", "begin", "start", "resume", "order", "launch",
     "carry", "stage", "announce", "mount", "continue", "authorize", "approve", "call"}
)  # fmt: skip
AID_WORDS = frozenset({"aid", "assistance", "help", "loan", "money", "fund", "funding", "grant",
                       "support", "tranche", "bailout", "package", "dollar", "million",
                       "billion", "weapon", "arm", "equipment"})  # fmt: skip
PERSON_KINDS = frozenset({ActorKind.PERSON, ActorKind.OFFICE})
BODY_KINDS = frozenset({ActorKind.INSTITUTION, ActorKind.COUNTRY, ActorKind.IGO})
REFINABLE = frozenset({"021", "023", "031", "033", "101", "103", "162"})
NEEDS_RECIPIENT = frozenset({PloverType.AID, PloverType.COOPERATE})
PLACE_PREPS = frozenset({"in", "at"})
PLACE_ENTS = frozenset({"GPE", "LOC", "FAC"})


@dataclass(slots=True)
class Trigger:
    """A trigger token with the sense chosen for it."""

    token: Token
    sense: Sense
    obj: Token | None = None  # the object that selected the sense (light verbs)
    complement: PloverType | None = None  # type of a governed complement
    visit: bool = False  # framed by a visit noun


@dataclass(slots=True)
class SentenceState:
    """What one sentence's triggers found, for rules that look across triggers."""

    sent: SpacySpan
    sentence: Sentence
    cues: tuple[Any, ...]
    amounts: list[amounts.FoundAmount]
    actors_by_trigger: dict[int, tuple[Actor, ...]] = field(default_factory=dict)
    cameo_by_trigger: dict[int, str] = field(default_factory=dict)


@CODERS.register(NAME)
class RulesCoder:
    """Dependency-parse coder (see the module docstring for its conventions)."""

    name = NAME

    def __init__(self, config: Any = None, lexicon: Lexicon | None = None) -> None:
        self.config = config
        self.lexicon = lexicon or default_lexicon()
        self._cameo = tables.cameo_table()

    # ---- document and sentence ----------------------------------------------------------
    def code(self, document: Document, doc: Doc, actors: DocumentActors) -> list[Event]:
        events: list[Event] = []
        for index, sent in enumerate(doc.sents):
            sentence = Sentence(index, sent.text, sent.start_char, sent.end_char)
            events.extend(self.code_sentence(document, sent, sentence, actors))
        return events

    def code_sentence(
        self, document: Document, sent: SpacySpan, sentence: Sentence, actors: DocumentActors
    ) -> list[Event]:
        triggers = self._triggers(sent)
        state = SentenceState(
            sent, sentence, contexts.sentence_cues(sent), amounts.sentence_amounts(sent)
        )
        events: list[Event] = []
        for trigger in triggers:
            events.extend(self._events(document, trigger, state, actors))
        return _drop_weak(events, triggers)

    # ---- triggers -----------------------------------------------------------------------
    def _triggers(self, sent: SpacySpan) -> list[Trigger]:
        found: dict[int, Trigger] = {}
        for token in sent:
            trigger = self._trigger(token)
            if trigger is not None:
                found[token.i] = trigger
        consumed = self._govern(found)
        consumed |= {t.obj.i for t in found.values() if t.obj is not None}
        consumed |= _frames(found)
        consumed |= _deferred(found)
        return [t for i, t in sorted(found.items()) if i not in consumed]

    def _trigger(self, token: Token) -> Trigger | None:
        lemma = token.lemma_.lower()
        if token.pos_ == "VERB" or (token.pos_ == "AUX" and lemma == "have"):
            senses = self.lexicon.verbs.get(lemma)
            return _choose_verb(token, senses) if senses else None
        if token.pos_ == "NOUN":
            senses = self.lexicon.nouns.get(lemma)
            return _choose_noun(token, senses) if senses else None
        return None

    def _govern(self, found: dict[int, Trigger]) -> set[int]:
        """Complements of governing verbs are not events; their type sets the mode."""
        consumed: set[int] = set()
        for trigger in found.values():
            if trigger.sense.governs is None:
                continue
            for comp in _complements(trigger.token):
                inner = found.get(comp.i) or self._trigger(comp)
                if inner is not None:
                    consumed.add(comp.i)
                    trigger.complement = trigger.complement or inner.sense.event_type
            trigger.complement = trigger.complement or self._for_type(trigger.token)
        return consumed

    def _for_type(self, verb: Token) -> PloverType | None:
        """ "asked for talks", "sought aid": the type the ``for`` object or object implies."""
        for noun in (arguments.prep_object([verb], "for"), arguments.direct_object(verb)):
            if noun is None:
                continue
            lemma = noun.lemma_.lower()
            if lemma in self.lexicon.nouns:
                return self.lexicon.nouns[lemma][0].event_type
            if lemma in AID_WORDS or noun.like_num or noun.text in ("$", "€", "£"):
                return PloverType.AID
        return None

    # ---- events -------------------------------------------------------------------------
    def _events(
        self, document: Document, trigger: Trigger, state: SentenceState, actors: DocumentActors
    ) -> Iterator[Event]:
        fact = factuality.assess(trigger.token, document.published)
        if fact.suppress is not None:
            return
        sense = self._state_sense(trigger, actors)
        who, whom = self._participants(trigger, sense, state, actors)
        if not who and not any(whom):
            return
        if (
            sense.event_type in NEEDS_RECIPIENT
            and not any(whom)
            and not _has_amount(trigger, state)
        ):
            return  # PLOVER: AID and COOPERATE require a recipient (or a sum given)
        state.actors_by_trigger[trigger.token.i] = who
        for recipients in whom:
            event = self._event(document, trigger, sense, state, who, recipients, actors)
            state.cameo_by_trigger.setdefault(trigger.token.i, event.cameo or "")
            yield event.evolve(
                negated=fact.negated, hypothetical=fact.hypothetical, historical=fact.historical
            )

    def _state_sense(self, trigger: Trigger, actors: DocumentActors) -> Sense:
        alt = trigger.sense.state
        if alt is None:
            return trigger.sense
        head = arguments.subject(trigger.token)
        actor = self._resolve(head, actors, subject=True) if head is not None else None
        is_state = actor is not None and (
            actor.sector in STATE_SECTORS or actor.kind in STATE_KINDS
        )
        return alt if is_state else trigger.sense

    def _event(
        self,
        document: Document,
        trigger: Trigger,
        sense: Sense,
        state: SentenceState,
        who: tuple[Actor, ...],
        whom: tuple[Actor, ...],
        actors: DocumentActors,
    ) -> Event:
        token = trigger.token
        amount = amounts.amount_for(token, state.amounts)
        mode, cameo = self._mode_and_cameo(trigger, sense, state, who, whom, actors)
        info = self._cameo.get(cameo)
        found = contexts.event_contexts(
            state.cues, info.contexts if info else (), (*who, *whom), amount
        )
        cameo = self._refine(cameo, state.cues)
        return Event(
            doc_id=document.id,
            sentence=state.sentence,
            event_type=sense.event_type,
            trigger=Span(token.text, token.idx, token.idx + len(token.text)),
            rule=sense.rule,
            coder=NAME,
            actors=who,
            recipients=whom,
            mode=mode,
            contexts=found,
            cameo=cameo,
            goldstein=self._cameo[cameo].goldstein if cameo in self._cameo else None,
            plover_score=tables.plover_score(sense.event_type, mode),
            quad_class=tables.quad_class(sense.event_type),
            location=_location(token, actors),
            amount=amount,
            confidence=_confidence(sense, who),
        )

    def _mode_and_cameo(
        self,
        trigger: Trigger,
        sense: Sense,
        state: SentenceState,
        who: tuple[Actor, ...],
        whom: tuple[Actor, ...],
        actors: DocumentActors,
    ) -> tuple[str | None, str]:
        mode, cameo = sense.mode, sense.cameo
        answered = self._answered_cameo(trigger, sense, state)
        if answered is not None:
            return mode, answered
        if sense.governs is not None:
            coded = self.lexicon.complement_code(sense.governs, trigger.complement)
            if coded is not None:
                mode, cameo = coded[0] or sense.mode, coded[1]
        if sense.event_type is PloverType.CONSULT:
            mode = _consult_mode(trigger, mode, state, who, whom, actors)
            cameo = {"phone": "041", "visit": "042"}.get(mode or "", cameo)
        return mode, cameo

    def _answered_cameo(self, trigger: Trigger, sense: Sense, state: SentenceState) -> str | None:
        """ "invited X to visit, and he accepted": the answer takes the invitation's code."""
        token = trigger.token
        if not sense.respond or token.dep_ != "conj" or arguments.direct_object(token):
            return None
        asked = state.cameo_by_trigger.get(token.head.i)
        if asked and sense.event_type is PloverType.AGREE and asked.startswith("03"):
            return asked
        return None

    def _refine(self, cameo: str, found: tuple[Any, ...]) -> str:
        """A three-digit code becomes its four-digit child whose context the event has
        ("appeal for aid" 023 with an economic context is 0231)."""
        if cameo not in REFINABLE:
            return cameo
        for digit in "123456789":
            info = self._cameo.get(cameo + digit)
            if info is not None and info.contexts and info.contexts[0] in found:
                return info.code
        return cameo

    # ---- participants -------------------------------------------------------------------
    def _participants(
        self, trigger: Trigger, sense: Sense, state: SentenceState, actors: DocumentActors
    ) -> tuple[tuple[Actor, ...], list[tuple[Actor, ...]]]:
        actor_heads = self._find(trigger, sense.actor, sense)
        recipient_heads = self._find(trigger, sense.recipient, sense)
        who = self._resolve_all(actor_heads, actors, subject="subj" in sense.actor)
        whom_list = [self._resolve(h, actors) for h in recipient_heads]
        whom = [w for w in _merge_titles(recipient_heads, whom_list) if w is not None]
        if not whom:
            whom = self._answered(trigger, sense, state)
        pair = self._pair(actor_heads, actors)
        if pair is not None and not whom:
            return (pair[0],), [(pair[1],)]
        if sense.reciprocal and not whom and len(who) > 1:
            return who[:1], [who[1:2]]
        return who, [(w,) for w in _unique(whom)] or [()]

    def _find(self, trigger: Trigger, specs: tuple[str, ...], sense: Sense) -> list[Token]:
        for spec in specs:
            head = _argument(trigger, spec)
            if head is not None:
                return arguments.conjuncts(head)
        return []

    def _answered(self, trigger: Trigger, sense: Sense, state: SentenceState) -> list[Actor]:
        token = trigger.token
        if not sense.respond or token.dep_ != "conj":
            return []
        return list(state.actors_by_trigger.get(token.head.i, ()))

    def _resolve_all(
        self, heads: list[Token], actors: DocumentActors, subject: bool = False
    ) -> tuple[Actor, ...]:
        found = (self._resolve(h, actors, subject) for h in heads)
        return tuple(_unique(a for a in found if a is not None))

    def _resolve(self, head: Token, actors: DocumentActors, subject: bool = False) -> Actor | None:
        """The actor a noun phrase head denotes. Unresolved proper names (and, in subject
        position, common nouns: "police", "protesters") are kept with their text."""
        span = arguments.np_span(head)
        actor = actors.actor_for(span)
        if actor is not None:
            return actor
        if head.pos_ == "PRON":
            return self._pronoun(head, actors)
        if head.pos_ == "PROPN" or head.ent_type_ in ("PERSON", "ORG", "GPE", "NORP"):
            return Actor(text=span.text, start=span.start_char, end=span.end_char)
        if subject and head.pos_ == "NOUN":
            return Actor(text=span.text, start=span.start_char, end=span.end_char)
        return None

    def _pronoun(self, head: Token, actors: DocumentActors) -> Actor | None:
        """ "X announced it would ...": the pronoun subject of a reported clause is the
        reporting subject; other personal pronouns fall back to the last person mentioned,
        "it"/"its" to the last institution or country."""
        clause = head.head
        if head.dep_ == "nsubj" and clause.dep_ == "ccomp":
            reporter = arguments.subject(clause.head)
            if reporter is not None and reporter.pos_ != "PRON":
                return self._resolve(reporter, actors, subject=True)
        if head.lower_ in PERSONAL:
            return _recent(head, actors, PERSON_KINDS)
        if head.lower_ in ("it", "its"):
            return _recent(head, actors, BODY_KINDS)
        return None

    def _pair(self, heads: list[Token], actors: DocumentActors) -> tuple[Actor, Actor] | None:
        """ "The two countries", "both governments": two state actors — the document's two
        countries when it names exactly two, else two unresolved government actors."""
        if len(heads) != 1 or heads[0].lemma_.lower() not in PAIR_NOUNS:
            return None
        head = heads[0]
        if not any(c.lower_ in PAIR_WORDS for c in head.children):
            return None
        text = arguments.np_span(head).text
        countries = _document_countries(actors)
        if len(countries) == 2:
            return tuple(  # type: ignore[return-value]
                Actor(text=text, country=c, sector=Sector.GOV, kind=ActorKind.COUNTRY)
                for c in countries
            )
        unresolved = Actor(text=text, sector=Sector.GOV, kind=ActorKind.COUNTRY)
        return unresolved, unresolved


# ---- helpers (pure functions over tokens) --------------------------------------------------
def _choose_verb(token: Token, senses: tuple[Sense, ...]) -> Trigger | None:
    obj = arguments.direct_object(token)
    lemmas = set(arguments.object_lemmas(obj))
    for sense in senses:
        if sense.particle and not arguments.has_particle(token, sense.particle):
            continue
        if sense.needs_complement and next(_complements(token), None) is None:
            continue
        if sense.objects:
            if lemmas & sense.objects:
                return Trigger(token, sense, obj=obj)
            continue
        return Trigger(token, sense)
    return None


def _choose_noun(token: Token, senses: tuple[Sense, ...]) -> Trigger | None:
    sense = senses[0]
    has_party = any(c.dep_ == "prep" and c.lower_ in sense.recipient for c in token.children)
    light = token.dep_ in ("dobj", "nsubjpass") and token.head.lemma_ in LIGHT_HEADS
    if sense.party and not (has_party or light):
        return None
    return Trigger(token, sense)


def _complements(verb: Token) -> Iterator[Token]:
    for c in verb.children:
        purpose = c.dep_ == "advcl" and any(
            a.dep_ == "aux" and a.lower_ == "to" for a in c.children
        )
        if c.dep_ in ("xcomp", "ccomp") or purpose:
            yield c
            yield from (x for x in c.children if x.dep_ == "conj" and x.pos_ == "VERB")


def _frames(found: dict[int, Trigger]) -> set[int]:
    """Nouns framing another CONSULT trigger ("during his visit ..., he met") are absorbed:
    they make that event a visit instead of being events themselves."""
    consumed: set[int] = set()
    for i, trigger in found.items():
        if trigger.token.pos_ != "NOUN" or trigger.sense.event_type is not PloverType.CONSULT:
            continue
        verb = factuality.clause_verb(trigger.token)
        framed = found.get(verb.i)
        if framed is None or framed is trigger or framed.obj is not None:
            continue
        if framed.sense.weak:  # "arrived in Beijing for talks with ...": the talks are the event
            consumed.add(verb.i)
            trigger.visit = trigger.visit or framed.sense.mode == "visit"
        else:
            consumed.add(i)
            framed.visit = framed.visit or trigger.sense.mode == "visit"
    return consumed


def _has_amount(trigger: Trigger, state: SentenceState) -> bool:
    return amounts.amount_for(trigger.token, state.amounts) is not None


def _deferred(found: dict[int, Trigger]) -> set[int]:
    """Verbs that yield to a noun trigger in their object ("ordered the release of X")."""
    consumed: set[int] = set()
    for i, trigger in found.items():
        obj = arguments.direct_object(trigger.token) if trigger.sense.defer else None
        if obj is not None and obj.i in found:
            consumed.add(i)
    return consumed


def _argument(trigger: Trigger, spec: str) -> Token | None:
    token = trigger.token
    if token.pos_ == "NOUN":
        return _noun_argument(token, spec)
    if spec == "subj":
        return arguments.subject(token)
    if spec == "dobj":
        return arguments.direct_object(token)
    if spec == "dative":
        return arguments.child(token, "dative")
    if spec == "dobj_with":
        with_obj = arguments.prep_object([token], "with")
        return arguments.direct_object(token) if with_obj is not None else None
    if spec == "poss":
        return arguments.child(trigger.obj, "poss") if trigger.obj is not None else None
    if spec == "comp_subj":
        comp = next(_complements(token), None)
        return arguments.child(comp, "nsubj") if comp is not None else None
    heads = [token, *([trigger.obj] if trigger.obj is not None else [])]
    return arguments.prep_object(heads + arguments.participial_heads(token), spec)


def _noun_argument(noun: Token, spec: str) -> Token | None:
    if spec == "subj":
        poss = arguments.child(noun, "poss")
        verb = factuality.clause_verb(noun)
        clause_subject = arguments.subject(verb) if verb is not noun else None
        if poss is not None and (poss.pos_ != "PRON" or clause_subject is None):
            return poss
        return clause_subject  # "In his call with X, Foreign Secretary Y ...": Y
    if spec == "poss":
        return None
    return arguments.prep_object([noun], spec)


def _consult_mode(
    trigger: Trigger,
    mode: str | None,
    state: SentenceState,
    who: tuple[Actor, ...],
    whom: tuple[Actor, ...],
    actors: DocumentActors,
) -> str | None:
    subtree = trigger.token.subtree
    if mode == "phone" or any(t.lemma_.lower() in PHONE_CUES for t in subtree):
        return "phone"
    if mode == "visit" or trigger.visit:
        return "visit"
    if any(t.lemma_.lower() in VISIT_CUES or t.lower_ in VISIT_CUES for t in state.sent):
        return "visit"
    place = _place_country(trigger.token, actors)
    hosts = {a.country for a in whom}
    guests = {a.country for a in who}
    if place is not None and place in hosts and place not in guests:
        return "visit"
    return mode


def _place_head(token: Token) -> Token | None:
    """The place of the first "in"/"at" phrase in the trigger's clause, outside its subject
    ("met in Tampa", "held talks with X in Washington", "at the White House")."""
    verb = factuality.clause_verb(token)
    subject = arguments.subject(verb)
    skip = {t.i for t in subject.subtree} if subject is not None else set()
    root = verb if verb.pos_ in ("VERB", "AUX") else token
    for prep in root.subtree:
        if prep.dep_ != "prep" or prep.lower_ not in PLACE_PREPS or prep.i in skip:
            continue
        pobj = arguments.child(prep, "pobj")
        if pobj is not None and (pobj.ent_type_ in PLACE_ENTS or pobj.pos_ == "PROPN"):
            return pobj
    return None


def _place_country(token: Token, actors: DocumentActors) -> str | None:
    head = _place_head(token)
    if head is None:
        return None
    actor = actors.actor_for(arguments.np_span(head))
    return actor.country if actor is not None else None


def _location(token: Token, actors: DocumentActors) -> str | None:
    head = _place_head(token)
    if head is None:
        return None
    span = arguments.np_span(head)
    words = [t for t in span if t.dep_ != "det"]
    return span.doc[words[0].i : words[-1].i + 1].text if words else None


def _recent(token: Token, actors: DocumentActors, kinds: frozenset[ActorKind]) -> Actor | None:
    """The last actor of these kinds mentioned before ``token`` (pronoun fallback)."""
    before = [m for m in actors.mentions if m.end_token <= token.i and m.actor.kind in kinds]
    return before[-1].actor if before else None


def _document_countries(actors: DocumentActors) -> list[str]:
    seen: dict[str, None] = {}
    for mention in actors.mentions:
        if mention.actor.country and mention.actor.kind is ActorKind.COUNTRY:
            seen.setdefault(mention.actor.country)
    return list(seen)


def _merge_titles(heads: list[Token], found: list[Actor | None]) -> list[Actor | None]:
    """ "... and the Chairman of the Joint Chiefs of Staff, General Charles Q Brown": spaCy
    makes the title and the name two conjuncts; an office followed, after a bare comma, by
    a person holding the same (or an unknown) role is one participant."""
    kept: list[Actor | None] = []
    for i, actor in enumerate(found):
        nxt = found[i + 1] if i + 1 < len(found) else None
        if actor is not None and nxt is not None and _same_holder(actor, nxt):
            between = heads[i].doc[arguments.np_span(heads[i]).end : heads[i + 1].left_edge.i]
            if [t.text for t in between] == [","]:
                continue
        kept.append(actor)
    return kept


def _same_holder(office: Actor, person: Actor) -> bool:
    if office.kind is not ActorKind.OFFICE or person.kind is not ActorKind.PERSON:
        return False
    return office.role is None or person.role is None or office.role == person.role


def _unique(found: Iterable[Actor]) -> list[Actor]:
    """Drop repeats of the same participant ("Antony Blinken, Secretary of State" parsed as
    two conjuncts resolves twice to one person)."""
    seen: set[str] = set()
    kept: list[Actor] = []
    for actor in found:
        key = actor.entity_id or actor.name or actor.text
        if key not in seen:
            seen.add(key)
            kept.append(actor)
    return kept


def _confidence(sense: Sense, who: tuple[Actor, ...]) -> float:
    resolved = any(a.country or a.name or a.entity_id for a in who)
    return round(sense.confidence if resolved else sense.confidence * 0.8, 3)


def _drop_weak(events: list[Event], triggers: list[Trigger]) -> list[Event]:
    weak = {t.token.idx for t in triggers if t.sense.weak}
    strong = {
        (e.event_type, tuple(a.text for a in e.actors))
        for e in events
        if e.trigger.start not in weak
    }
    return [
        e
        for e in events
        if e.trigger.start not in weak
        or (e.event_type, tuple(a.text for a in e.actors)) not in strong
    ]
