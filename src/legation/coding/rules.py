"""``rules.v1``: the default dependency-parse coder.

Per sentence, one pass over the tokens finds triggers by lemma in the lexicon
(:mod:`.lexicon`, :mod:`.triggers`); each trigger's arguments come from the parse
(:mod:`.arguments`), references beyond its clause from :mod:`.discourse`, its factuality
from :mod:`.factuality`, its amount from :mod:`.amounts`, its contexts from
:mod:`.contexts`, and its codes and scores from :mod:`.tables`.

Conventions implemented here (see ``tests/examples/sentences.yaml``):

- actor = subject (the ``by`` agent of a passive); recipient = object or the preposition the
  trigger's sense names. "X received/hosted Y" is coded once, visitor Y as actor.
- One event per recipient: "met A, B and C" gives three events. Coordinated actors ("The
  United States and France accused Russia") give one event with an actor list, except for
  reciprocal triggers ("A and B met") where the first is actor and the second recipient.
- Coordinated verbs share the subject ("condemned ... and summoned ..." gives two events);
  a speech-act verb the parser conjoined into a reported clause takes the reporting
  subject ("Qureshi rejected suggestions that Pakistan ... and asked Washington ...").
- A governed complement, and every trigger inside it, is not an event of its own ("agreed
  to meet" is AGREE, "urged the Fund to release" is REQUEST); its type picks the governing
  event's mode and CAMEO code. Nor is a noun trigger that is the object of another trigger
  ("condemned the attack") or what an accusation alleges ("accused X of giving ...").
- The recipient of a condemnation, praise or request about a thing is its owner ("condemned
  the US drone strike", "rejected the Indian criticism", "sought American backing"); a
  condemnation of an act with no author takes the state of a coordinated hostile act's
  recipient ("condemned the drone strike and summoned the American charge d'affaires").
- "Both sides"/"the two countries" are the two states of the last meeting in the document
  (or, as recipients, the two countries the sentence already dealt with).
- A framing noun ("during his visit to the US, he met ...") sets the mode of the event it
  frames instead of being an event; CONSULT is mode ``visit`` when the sentence is about a
  trip or the meeting place belongs to the recipient's country and not the actor's, and
  ``phone`` when a phone/telephone/video cue is under the trigger.
- He/she/him/her/his first look for a person in the same sentence: the subject of the
  pronoun's own clause (never for an object pronoun), of the clauses governing it, then of
  earlier clauses ("Bajwa ... visited the Pentagon, where he met Esper"); then the
  resolver's choice; then the most recent person or office mentioned before them.
- No event without an actor or recipient phrase (a noun trigger needs an actor); a meeting
  needs somebody met, and a meeting verb whose object is no actor is none ("met the Fund's
  conditions"); nouns naming acts or things are never actors ("the strikes targeted ...");
  recommendations and generic/opinion claims give no event, but an actor reporting an
  obligation laid on another is a demand or appeal ("Washington said Islamabad must do
  more": REQUEST by the USA, recipient Pakistan; lexicon key ``oblig``). What an opinion
  piece argues is flagged by the pipeline's factuality stage (:func:`.factuality.in_context`).
- An offer ("I'd be glad to mediate", "stands ready to provide security":
  :func:`.factuality.offers`) is an AGREE of intent to do the offered act, not the act.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field, replace
from typing import TYPE_CHECKING, Any

from ..model import Actor, ActorKind, Document, Event, PloverType, Sector, Sentence, Span
from . import CODERS, amounts, arguments, contexts, factuality, tables
from .discourse import (
    BLAME_TYPES,
    PERSON_KINDS,
    STATE_SECTORS,
    Discourse,
    antecedent,
    as_state,
    blame_siblings,
    document_countries,
    party,
    recent,
)
from .lexicon import Lexicon, Sense, default_lexicon
from .triggers import (
    Trigger,
    alleged,
    choose_noun,
    choose_verb,
    complements,
    content,
    deferred,
    frames,
    objects_of_triggers,
)

if TYPE_CHECKING:
    from spacy.tokens import Doc, Token
    from spacy.tokens import Span as SpacySpan

    from ..actors.base import DocumentActors

NAME = "rules.v1"
VISIT_CUES = frozenset({"visit", "trip", "tour", "arrive", "arrival", "visiting", "sojourn"})
PHONE_CUES = frozenset({"telephone", "phone", "telephonic", "video", "videoconference", "virtual"})
PLURAL_OBJECTS = frozenset({"them", "their"})
PERSONAL = frozenset({"he", "she", "him", "her", "his", "hers", "they", "them", "their"})
SINGULAR = frozenset({"he", "she", "him", "her", "his", "hers"})
STATE_KINDS = frozenset({ActorKind.COUNTRY, ActorKind.IGO})
PAIR_NOUNS = frozenset({"country", "nation", "government", "state", "side"})
PAIR_WORDS = frozenset({"two", "both"})
AID_WORDS = frozenset({"aid", "assistance", "help", "loan", "money", "fund", "funding", "grant",
                       "support", "tranche", "bailout", "package", "dollar", "million",
                       "billion", "weapon", "arm", "equipment"})  # fmt: skip
BODY_KINDS = frozenset({ActorKind.INSTITUTION, ActorKind.COUNTRY, ActorKind.IGO})
REFINABLE = frozenset({"021", "023", "031", "033", "101", "103", "162"})
NEEDS_RECIPIENT = frozenset({PloverType.AID, PloverType.COOPERATE})
REFUSAL_RULE = "reject.will_not"
#: Verbs whose object is told what their reported clause says ("told X that ...").
TELLING_VERBS = frozenset({"tell", "inform", "assure", "notify", "warn", "remind", "convey"})
#: Acts whose declared refusal is a REJECT ("will not meet/accept/lift ...").
REFUSABLE = frozenset(
    {PloverType.CONSULT, PloverType.AGREE, PloverType.AID, PloverType.COOPERATE,
     PloverType.SUPPORT, PloverType.CONCEDE, PloverType.RETREAT}
)  # fmt: skip
PLACE_PREPS = frozenset({"in", "at"})
OWNED_TYPES = BLAME_TYPES | {PloverType.SUPPORT, PloverType.REQUEST}
NON_AGENTS = frozenset(
    {"statement", "decision", "move", "report", "capability", "message", "step", "plan",
     "policy", "relation", "tie", "issue", "situation", "matter", "programme", "program",
     "project", "deal", "package", "sanction", "measure", "development", "crisis"}
)  # fmt: skip
SPEECH_TYPES = frozenset(
    {PloverType.REQUEST, PloverType.REJECT, PloverType.ACCUSE, PloverType.SUPPORT,
     PloverType.THREATEN, PloverType.AGREE}
)  # fmt: skip
OWNER_DEPS = frozenset({"poss", "compound", "nmod", "amod"})
PLACE_ENTS = frozenset({"GPE", "LOC", "FAC"})


@dataclass(slots=True)
class SentenceState:
    """What one sentence's triggers found, for rules that look across triggers."""

    sent: SpacySpan
    sentence: Sentence
    cues: tuple[Any, ...]
    amounts: list[amounts.FoundAmount]
    actors_by_trigger: dict[int, tuple[Actor, ...]] = field(default_factory=dict)
    recipients_by_trigger: dict[int, tuple[Actor, ...]] = field(default_factory=dict)
    cameo_by_trigger: dict[int, str] = field(default_factory=dict)
    recipients: list[Actor] = field(default_factory=list)  # of the sentence's events so far
    discourse: Discourse = field(default_factory=lambda: Discourse())


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
        discourse = Discourse()
        for index, sent in enumerate(doc.sents):
            sentence = Sentence(index, sent.text, sent.start_char, sent.end_char)
            found = self.code_sentence(document, sent, sentence, actors, discourse)
            discourse.update(found)
            events.extend(found)
        return events

    def code_sentence(
        self,
        document: Document,
        sent: SpacySpan,
        sentence: Sentence,
        actors: DocumentActors,
        discourse: Discourse | None = None,
    ) -> list[Event]:
        triggers = self._triggers(sent)
        state = SentenceState(
            sent, sentence, contexts.sentence_cues(sent), amounts.sentence_amounts(sent)
        )
        state.discourse = discourse or Discourse()
        events: list[Event] = []
        for trigger in triggers:
            found = list(self._events(document, trigger, state, actors))
            state.recipients.extend(r for e in found for r in e.recipients)
            events.extend(found)
        return _drop_weak(blame_siblings(events, triggers), triggers)

    # ---- triggers -----------------------------------------------------------------------
    def _triggers(self, sent: SpacySpan) -> list[Trigger]:
        found: dict[int, Trigger] = {}
        for token in sent:
            trigger = self._trigger(token)
            if trigger is not None:
                found[token.i] = trigger
        consumed = self._govern(found)
        consumed |= {t.obj.i for t in found.values() if t.obj is not None}
        consumed |= frames(found)
        consumed |= deferred(found)
        consumed |= objects_of_triggers(found)
        consumed |= alleged(found)
        return [t for i, t in sorted(found.items()) if i not in consumed]

    def _trigger(self, token: Token) -> Trigger | None:
        lemma = token.lemma_.lower()
        if token.pos_ == "VERB" or (token.pos_ == "AUX" and lemma == "have"):
            senses = self.lexicon.verbs.get(lemma)
            return choose_verb(token, senses) if senses else None
        if token.pos_ == "NOUN":
            senses = self.lexicon.nouns.get(lemma)
            return choose_noun(token, senses) if senses else None
        return None

    def _govern(self, found: dict[int, Trigger]) -> set[int]:
        """Complements of governing verbs are not events; their type sets the mode."""
        consumed: set[int] = set()
        for trigger in found.values():
            if trigger.sense.governs is None:
                continue
            for comp in complements(trigger.token):
                inner = found.get(comp.i) or self._trigger(comp)
                if inner is not None and _states_a_complaint(trigger, inner, comp.i in found):
                    # "summoned the envoy to protest ...": the summons and the protest are
                    # two events, unless the sentence states the complaint already
                    # ("condemned the strike and summoned X to lodge a protest": conv-05)
                    inner.purpose_of = trigger
                    inner.sense = replace(inner.sense, weak=True)
                    consumed.update(t.i for t in content(comp) if t.i in found and t is not comp)
                    continue
                if inner is not None:
                    consumed.add(comp.i)
                    trigger.complement = trigger.complement or inner.sense.event_type
                # what is asked, agreed or refused is content, not an event of its own:
                # "asked the president to help restart the dialogue with New Delhi"
                consumed.update(t.i for t in content(comp) if t.i in found)
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
        if trigger.purpose_of is not None:
            sense = trigger.sense.state or trigger.sense  # the summoner is a state
            # a purpose, but the summons states it: as factual as the summons
            as_summoned = factuality.assess(trigger.purpose_of.token, document.published)
            fact = replace(fact, hypothetical=as_summoned.hypothetical, negated=as_summoned.negated)
        if fact.negated and sense.event_type in REFUSABLE and factuality.refuses(trigger.token):
            sense = self._refusal(sense)
            fact = replace(fact, negated=False, hypothetical=False)
        elif not fact.negated and factuality.offers(trigger.token):
            sense = self._offer(sense)  # "I'd be glad to mediate": the offer is made
            fact = replace(fact, hypothetical=False)
        who, whom = self._participants(trigger, sense, state, actors)
        if sense.rule == REFUSAL_RULE and not any(whom):
            whom = [self._addressee(trigger, actors, who)]
        summons = trigger.purpose_of
        if summons is not None and summons.token.i in state.actors_by_trigger:
            # the one who summoned complains, to the one summoned
            who = state.actors_by_trigger[summons.token.i]
            if not any(whom):
                whom = [state.recipients_by_trigger.get(summons.token.i, ())]
        if not who and (trigger.token.pos_ == "NOUN" or not any(whom)):
            return  # a noun with no actor is a reference: "the ceasefire with India"
        if sense.event_type is PloverType.CONSULT and _object_is_no_actor(trigger, whom):
            return  # "had met the Fund's conditions", "calling the strikes a violation"
        if not any(whom) and _needs_recipient(trigger, sense, state):
            return
        if sense.obligation and not _obliges_another(trigger, who, whom):
            return
        state.actors_by_trigger[trigger.token.i] = who
        state.recipients_by_trigger[trigger.token.i] = tuple(a for w in whom for a in w)
        for recipients in whom:
            event = self._event(document, trigger, sense, state, who, recipients, actors)
            state.cameo_by_trigger.setdefault(trigger.token.i, event.cameo or "")
            yield event.evolve(
                negated=fact.negated, hypothetical=fact.hypothetical, historical=fact.historical
            )

    def _refusal(self, sense: Sense) -> Sense:
        """The REJECT a declared refusal of ``sense``'s act is, with the mode and CAMEO code
        of refusing that type ("will not lift the embargo": REJECT yield, CAMEO 124)."""
        mode, cameo = self.lexicon.complement_code("reject", sense.event_type) or ("", "120")
        return replace(
            sense,
            event_type=PloverType.REJECT,
            mode=mode or None,
            cameo=cameo,
            rule=REFUSAL_RULE,
            governs=None,
            reciprocal=False,
            respond=False,
            weak=False,
        )

    def _offer(self, sense: Sense) -> Sense:
        """The AGREE (expression of intent) an offer of ``sense``'s act is, with the CAMEO
        code of intending that type ("ready to provide security": CAMEO 033)."""
        if sense.event_type is PloverType.AGREE:
            return sense
        mode, cameo = self.lexicon.complement_code("agree", sense.event_type) or ("", "030")
        return replace(
            sense,
            event_type=PloverType.AGREE,
            mode=mode or None,
            cameo=cameo,
            rule=f"{sense.rule}>offer",
            governs=None,
            reciprocal=False,
            respond=False,
            weak=False,
        )

    def _addressee(
        self, trigger: Trigger, actors: DocumentActors, who: tuple[Actor, ...]
    ) -> tuple[Actor, ...]:
        """The one told of a refusal: "Modi told Trump that India would never accept
        mediation" -- the object of the telling verb whose reported clause holds it."""
        clause = factuality.clause_verb(trigger.token)
        while clause.dep_ == "conj" and clause.head.i != clause.i:
            clause = clause.head
        teller = clause.head
        if clause.dep_ == "relcl" and arguments.child(clause, "mark") is not None:
            # "told X in a call that India would ...": the parser hangs the complement
            # clause on the nearest noun, but a relative clause has no "that" marker
            teller = factuality.clause_verb(teller)
        elif clause.dep_ != "ccomp":
            return ()
        if teller.lemma_.lower() not in TELLING_VERBS:
            return ()
        told = arguments.direct_object(teller) or arguments.child(teller, "dative")
        actor = self._resolve(told, actors) if told is not None else None
        if actor is None or any(_same_mention(actor, a) for a in who):
            return ()
        return (actor,)

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
        if actor_heads and all(h.pos_ == "PRON" for h in actor_heads):
            who = self._answerer(trigger, sense, state) or who
        whom_list = [self._resolve(h, actors) for h in recipient_heads]
        whom = [w for w in _merge_titles(recipient_heads, whom_list) if w is not None]
        if not whom and sense.event_type in OWNED_TYPES:
            whom = self._act_owner(trigger, sense, actors)
        if not whom:
            whom = self._answered(trigger, sense, state)
        pair = self._pair(actor_heads, actors, state)
        if pair is not None and not whom:
            return (pair[0],), [(pair[1],)]
        pair = self._pair(recipient_heads, actors, state, recipient=True)
        if pair is not None and who:
            return who, [(pair[0],), (pair[1],)]
        if sense.reciprocal and not whom and len(who) > 1:
            return who[:1], [who[1:2]]
        # one mention is never both sides ("The talks were hosted *by Qatar*")
        whom = [w for w in whom if not any(_same_mention(w, a) for a in who)]
        return who, [(w,) for w in _unique(whom)] or [()]

    def _find(self, trigger: Trigger, specs: tuple[str, ...], sense: Sense) -> list[Token]:
        for spec in specs:
            head = _argument(trigger, spec)
            if head is not None:
                return arguments.conjuncts(head)
        return []

    def _act_owner(self, trigger: Trigger, sense: Sense, actors: DocumentActors) -> list[Actor]:
        """The party an act or thing belongs to is the recipient of a condemnation, praise
        or request about it: "condemned the US drone strike", "rejected the Indian
        criticism", "praised Pakistan's cooperation", "praised the resilience of the
        Pakistani people", "is seeking American backing". A country word modifying the
        noun stands for its state."""
        obj = arguments.direct_object(trigger.token)
        if obj is None or trigger.token.pos_ != "VERB":
            return []
        heads = [c for c in obj.children if c.dep_ in OWNER_DEPS]
        heads += [h for h in [arguments.prep_object([obj], "by")] if h is not None]
        if sense.event_type is PloverType.SUPPORT:
            heads += [h for h in [arguments.prep_object([obj], "of")] if h is not None]
        for head in heads:
            actor = actors.actor_for(arguments.np_span(head))
            if actor is not None and actor.country is not None:  # not "the drone strike"
                return [as_state(actor) if head.dep_ == "amod" else actor]
        return []

    def _answerer(self, trigger: Trigger, sense: Sense, state: SentenceState) -> tuple[Actor, ...]:
        """ "The President invited the prime minister ..., and *he* accepted": a pronoun
        answering an invitation or request in the same sentence is the one it was put to."""
        token = trigger.token
        if not sense.respond or token.dep_ != "conj":
            return ()
        return state.recipients_by_trigger.get(token.head.i, ())

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
        if head.pos_ == "PRON" and head.lower_ in SINGULAR:
            found = antecedent(head, actors)
            if found is not None:
                return found
        actor = actors.actor_for(span)
        if actor is not None:
            return actor
        if head.pos_ == "PRON":
            return self._pronoun(head, actors)
        if head.pos_ == "PROPN" or head.ent_type_ in ("PERSON", "ORG", "GPE", "NORP"):
            return Actor(text=span.text, start=span.start_char, end=span.end_char)
        if subject and head.pos_ == "NOUN" and not self._is_thing(head):
            return Actor(text=span.text, start=span.start_char, end=span.end_char)
        return None

    def _is_thing(self, noun: Token) -> bool:
        """Nouns that name acts or things, never agents: "the strikes targeted ...", "the
        statement said ...", "Pakistan's capabilities were meant to ..."."""
        lemma = noun.lemma_.lower()
        return lemma in self.lexicon.nouns or lemma in NON_AGENTS

    def _pronoun(self, head: Token, actors: DocumentActors) -> Actor | None:
        """ "X announced it would ...": the pronoun subject of a reported clause is the
        reporting subject; other personal pronouns fall back to the last person mentioned,
        "it"/"its" to the last institution or country."""
        clause = head.head
        if head.dep_ == "nsubj" and clause.dep_ == "ccomp":
            reporter = arguments.subject(clause.head)
            if reporter is not None and reporter.pos_ != "PRON":
                return self._resolve(reporter, actors, subject=True)
        if head.lower_ in PLURAL_OBJECTS:
            group = self._plural_antecedent(head, actors)
            if group is not None:
                return group
        if head.lower_ in PERSONAL:
            return recent(head, actors, PERSON_KINDS)
        if head.lower_ in ("it", "its"):
            return recent(head, actors, BODY_KINDS)
        return None

    def _plural_antecedent(self, head: Token, actors: DocumentActors) -> Actor | None:
        """ "met members of the diaspora and urged *them* to ...": them/their stand for the
        nearest plural noun phrase before them in the sentence that denotes an actor, never
        for the subject of their own clause (the one doing the urging)."""
        own = arguments.subject(factuality.clause_verb(head))
        for token in reversed(head.sent[: head.i - head.sent.start]):
            if token.tag_ not in ("NNS", "NNPS") or (own is not None and token.i == own.i):
                continue
            actor = actors.actor_for(arguments.np_span(token))
            if actor is not None:
                return actor
        return None

    def _pair(
        self,
        heads: list[Token],
        actors: DocumentActors,
        state: SentenceState,
        recipient: bool = False,
    ) -> tuple[Actor, Actor] | None:
        """ "The two countries", "both sides": two state actors — as recipients, the two
        countries this sentence already dealt with ("spoke with A and B and urged both
        countries"); else the last two states that dealt with each other in the document;
        else the document's two countries when it names exactly two; else two unresolved
        government actors (not for "sides", which may be any two parties)."""
        if len(heads) != 1 or heads[0].lemma_.lower() not in PAIR_NOUNS:
            return None
        head = heads[0]
        if not any(c.lower_ in PAIR_WORDS for c in head.children):
            return None
        span = arguments.np_span(head)
        text = span.text
        if recipient:
            seen = {a.country: a for a in state.recipients if a.country not in (None, "IGO")}
            if len(seen) == 2:
                first, second = (party(span, a) for a in seen.values())
                return first, second
        if state.discourse.pair is not None:
            first, second = (party(span, a) for a in state.discourse.pair)
            return first, second
        if head.lemma_.lower() == "side":
            return None
        countries = document_countries(actors)
        if len(countries) == 2:
            return tuple(  # type: ignore[return-value]
                Actor(text=text, country=c, sector=Sector.GOV, kind=ActorKind.COUNTRY)
                for c in countries
            )
        unresolved = Actor(text=text, sector=Sector.GOV, kind=ActorKind.COUNTRY)
        return unresolved, unresolved


# ---- helpers (pure functions over tokens) --------------------------------------------------


def _states_a_complaint(trigger: Trigger, inner: Trigger, is_trigger: bool) -> bool:
    """A summons' purpose clause that is itself a complaint ("to protest", "to lodge a
    protest", "to complain about ...")."""
    complaint = inner.sense.event_type in (PloverType.ACCUSE, PloverType.PROTEST) or (
        inner.sense.state is not None and inner.sense.state.event_type is PloverType.ACCUSE
    )
    return trigger.sense.governs == "summon" and is_trigger and complaint


def _object_is_no_actor(trigger: Trigger, whom: list[tuple[Actor, ...]]) -> bool:
    token = trigger.token
    obj = arguments.direct_object(token) if token.pos_ == "VERB" else None
    return obj is not None and trigger.obj is None and not any(whom)


def _needs_recipient(trigger: Trigger, sense: Sense, state: SentenceState) -> bool:
    """PLOVER: AID and COOPERATE need a recipient (or a sum given); a meeting needs
    somebody met, unless its subject is a pair ("the two sides will hold talks")."""
    if sense.event_type is PloverType.CONSULT:
        head = arguments.subject(trigger.token) if trigger.token.pos_ == "VERB" else None
        return head is None or not any(c.lower_ in PAIR_WORDS for c in head.children)
    return sense.event_type in NEEDS_RECIPIENT and not _has_amount(trigger, state)


def _obliges_another(
    trigger: Trigger, who: tuple[Actor, ...], whom: list[tuple[Actor, ...]]
) -> bool:
    """A reported obligation is a demand only when a known actor lays it on somebody else:
    "the US said Pakistan must do more", not "Pakistan said it must protect its borders" (a
    pronoun, or the speaker again), "said more must be done" (nobody) or "analysts said
    ..." (no actor of the knowledge base or with a country)."""
    head = _argument(trigger, "comp_subj")
    if head is None or head.pos_ == "PRON" or not any(whom):
        return False
    if not any(a.entity_id or a.country for a in who):
        return False  # "analysts said Washington must ...": commentary, not an actor's demand
    speakers = {a.entity_id or a.text for a in who}
    return all((r.entity_id or r.text) not in speakers for recipients in whom for r in recipients)


def _has_amount(trigger: Trigger, state: SentenceState) -> bool:
    return amounts.amount_for(trigger.token, state.amounts) is not None


def _argument(trigger: Trigger, spec: str) -> Token | None:
    token = trigger.token
    if token.pos_ == "NOUN":
        return _noun_argument(token, spec)
    if spec == "subj":
        return _speaker(trigger) or arguments.subject(token)
    if spec == "dobj":
        return arguments.direct_object(token)
    if spec == "dative":
        dative = arguments.child(token, "dative")
        if dative is not None and dative.pos_ == "ADP":
            return arguments.child(dative, "pobj")  # spaCy's dative of "gave aid to X" is "to"
        return dative
    if spec == "dobj_with":
        with_obj = arguments.prep_object([token], "with")
        return arguments.direct_object(token) if with_obj is not None else None
    if spec == "poss":
        return arguments.child(trigger.obj, "poss") if trigger.obj is not None else None
    if spec == "comp_subj":
        comp = next(complements(token), None)
        return arguments.child(comp, "nsubj") if comp is not None else None
    heads = [token, *([trigger.obj] if trigger.obj is not None else [])]
    return arguments.prep_object(heads + arguments.participial_heads(token), spec)


def _speaker(trigger: Trigger) -> Token | None:
    """A speech-act verb the parser conjoined into a reported clause belongs to the
    reporting clause: "Qureshi rejected suggestions that Pakistan controlled the Taliban
    and asked Washington ...", "the Foreign Office said Afghan forces had fired first and
    urged Kabul ...": Qureshi asked, the Foreign Office urged."""
    token = trigger.token
    if trigger.sense.event_type not in SPEECH_TYPES or token.dep_ != "conj":
        return None
    if arguments.child(token, "nsubj", "nsubjpass", "aux", "auxpass") is not None:
        return None
    clause = token.head
    reported = clause.dep_ == "ccomp" or (
        clause.dep_ == "acl" and arguments.child(clause, "mark") is not None
    )
    if not reported or clause.head.i > clause.i:  # "X spoke and asked ..., the ministry said"
        return None
    return arguments.subject(factuality.clause_verb(clause.head))


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
    # on the noun, or on its "of" object: "the suspension of aid [to Pakistan]", "the
    # withdrawal of troops [from Afghanistan]"
    of_object = arguments.prep_object([noun], "of")
    return arguments.prep_object([noun, *([of_object] if of_object is not None else [])], spec)


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


def _same_mention(a: Actor, b: Actor) -> bool:
    return a.start is not None and (a.start, a.end) == (b.start, b.end)


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
    """Weak triggers restate: dropped beside a strong event of the same type with the same
    actors, or with no recipient beside any strong event of that type ("met the US
    President ..., where the two leaders discussed ...")."""
    weak = {t.token.idx for t in triggers if t.sense.weak}
    strong = {
        (e.event_type, tuple(a.text for a in e.actors))
        for e in events
        if e.trigger.start not in weak
    }
    strong_types = {key[0] for key in strong}
    return [
        e
        for e in events
        if e.trigger.start not in weak
        or (
            (e.event_type, tuple(a.text for a in e.actors)) not in strong
            and (e.recipients or e.event_type not in strong_types)
        )
    ]
