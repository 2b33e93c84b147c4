"""``rules.v1``: the default dependency-parse coder.

Per sentence, one pass over the tokens finds triggers by lemma in the lexicon
(:mod:`.lexicon`, :mod:`.triggers`); each trigger's arguments come from the parse
(:mod:`.arguments`), references beyond its clause from :mod:`.discourse`, its factuality
from :mod:`.factuality`, its amount from :mod:`.amounts`, its contexts from
:mod:`.contexts`, and its codes and scores from :mod:`.tables`.

Conventions implemented here (see ``tests/examples/sentences.yaml``):

- actor = subject (the ``by`` agent of a passive); recipient = object or the preposition the
  trigger's sense names. "X received/hosted Y" is coded once, visitor Y as actor, and so is
  a meeting held in the subject's own country ("Mattis met X at the Pentagon": X -> USA); a
  meeting told again without its place takes the direction the document gives elsewhere.
- One event per recipient: "met A, B and C" gives three events, and so do the people listed
  after a group noun ("senior officials, among them A, B and C") and the countries of a
  compound phrase ("his counterparts from Brazil, Chile and Ecuador"). Coordinated actors
  ("The United States and France accused Russia", "Bolivian and Peruvian officials") give
  one event with an actor list (PLOVER's compound actors), except for reciprocal triggers
  ("A and B met", "talks between A and B") where the first is actor and each other party of
  another country a recipient.
- With no recipient of its own, an event takes the target of its governed complement
  ("threatened to shell Haifa"), the owner of the thing it acts on ("released a Turkish
  ship", "condemned the US strike"), the place of a territorial act ("struck targets near
  Damascus"), the parties whose act conditions a threat ("if the drills by South Korea and
  the US go ahead"), or the counterpart of the verb it is conjoined to ("met the UAE
  president and signed three memorandums").
- A hostile act its actor announces for the future is a threat ("said they would boycott
  all contact"), as is a promise of one ("vowed to retaliate"); calling a measure "unjust"
  or "unlawful" is an accusation.
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
  earlier clauses ("Bajwa ... visited the Pentagon, where he met Esper"); a he/she opening
  a sentence is the person who acted last before it; then the resolver's choice; then the
  most recent person or office mentioned before them. A bare definite title ("the
  secretary", "the deputy crown prince") is the most mentioned earlier person whose role or
  mention carries its words (the document's own holder, not the last one named).
- No event without an actor or recipient phrase (a noun trigger needs an actor); a meeting
  needs somebody met, and a meeting verb whose object is no actor is none ("met the Fund's
  conditions"); nouns naming acts or things are never actors ("the strikes targeted ...");
  an act whose subject is a thing has no actor and is none (a weapon or an attack acts for
  its owner: "US drone strikes killed ..."); a present-tense relative clause on a bare
  noun characterises a kind ("groups that attack schools");
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
    salient_holder,
)
from .lexicon import Lexicon, Sense, default_lexicon
from .triggers import (
    Trigger,
    alleged,
    choose_noun,
    choose_verb,
    complements,
    content,
    content_of_objects,
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
OBJECT_PRONOUNS = frozenset({"him", "her"})
STATE_KINDS = frozenset({ActorKind.COUNTRY, ActorKind.IGO})
PAIR_NOUNS = frozenset(
    {"country", "nation", "government", "state", "side", "leader", "delegation", "minister",
     "official", "counterpart", "party", "president", "chief", "secretary", "team"}
)  # fmt: skip
PAIR_WORDS = frozenset({"two", "both"})
AID_WORDS = frozenset({"aid", "assistance", "help", "loan", "money", "fund", "funding", "grant",
                       "support", "tranche", "bailout", "package", "dollar", "million",
                       "billion", "weapon", "arm", "equipment"})  # fmt: skip
#: Objects that name aid itself ("providing urgent *assistance*"), not goods that may be sold.
RELIEF_WORDS = frozenset(
    {"aid", "assistance", "relief", "help", "funding", "grant", "loan", "donation", "bailout"}
)
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
PLACE_PREPS = frozenset({"in", "at", "near"})
#: Where a governed act names the one it is aimed at ("offered to send troops *to* X").
COMPLEMENT_PREPS = ("to", "against", "on", "with", "into", "at", "from")
#: What can be hosted besides a guest.
OCCASIONS = frozenset(
    {"conference", "summit", "meeting", "talk", "forum", "game", "event", "ceremony",
     "session", "dialogue", "round", "festival", "exhibition", "tournament", "championship",
     "workshop", "seminar", "symposium", "convention", "congress", "assembly", "olympics",
     "expo", "celebration", "reception", "dinner", "lunch", "banquet", "negotiation"}
)  # fmt: skip
#: Things that act for their owner ("US drones killed ...").
WEAPONS = frozenset(
    {"drone", "missile", "rocket", "jet", "aircraft", "warplane", "plane", "helicopter",
     "raid", "strike", "airstrike", "bomb", "shell", "artillery", "tank", "warship", "ship",
     "troop", "force", "predator", "bomber", "fighter", "bulldozer", "gunboat", "vessel"}
)  # fmt: skip
#: Sectors of civilians acting as such ("demonstrators blocked roads": a protest).
CIVIL_SECTORS = frozenset(
    {Sector.CVL, Sector.OPP, Sector.LAB, Sector.EDU, Sector.REL, Sector.SOC, Sector.AGR}
)
#: Nouns for attacks that can be the subject of a killing.
ATTACKS = frozenset(
    {"attack", "bombing", "blast", "explosion", "shelling", "airstrike", "assault", "ambush",
     "raid", "suicide", "gunfire", "clash", "fighting", "violence", "offensive"}
)  # fmt: skip
#: Acts whose announcement for the future is a threat ("said they would boycott ...").
THREATENED_ACTS = frozenset(
    {PloverType.ASSAULT, PloverType.COERCE, PloverType.SANCTION, PloverType.MOBILIZE,
     PloverType.PROTEST}
)  # fmt: skip
#: Cooperative acts whose announcement by their actor is an expression of intent.
INTENDED_ACTS = frozenset(
    {PloverType.RETREAT, PloverType.CONCEDE, PloverType.AID, PloverType.COOPERATE,
     PloverType.SUPPORT}
)  # fmt: skip
#: Verbs that announce their speaker's own intentions.
ANNOUNCING = frozenset(
    {"say", "announce", "declare", "warn", "vow", "state", "tell", "threaten", "insist",
     "caution", "signal"}
)  # fmt: skip
#: Acts that share the counterpart of the verb they are conjoined to.
SHARING_TYPES = frozenset(
    {PloverType.REQUEST, PloverType.SUPPORT, PloverType.AGREE, PloverType.COOPERATE}
)
#: Acts whose promise is a threat ("vowed to retaliate").
HOSTILE_ACTS = frozenset(
    {PloverType.ASSAULT, PloverType.COERCE, PloverType.SANCTION, PloverType.MOBILIZE,
     PloverType.THREATEN}
)  # fmt: skip
#: Acts done to a place ("lifted the curfew in Amman", "suspended aid deliveries in Borno").
TERRITORIAL = frozenset(
    {PloverType.ASSAULT, PloverType.COERCE, PloverType.RETREAT, PloverType.CONCEDE,
     PloverType.SANCTION, PloverType.MOBILIZE}
)  # fmt: skip
#: Nouns for words said or proposed: their "of" object is their author ("the call of X").
SPEECH_NOUNS = frozenset(
    {"call", "proposal", "demand", "offer", "request", "plan", "accusation", "claim",
     "criticism", "statement", "remark", "allegation", "appeal", "suggestion", "decision",
     "position", "stance", "initiative", "policy", "move", "threat", "warning", "ultimatum"}
)  # fmt: skip
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
#: Last words of a bare title ("Deputy Crown *Prince* and Minister of Defense X").
TITLE_WORDS = frozenset(
    {"prince", "princess", "minister", "secretary", "president", "premier", "chancellor",
     "chief", "commander", "general", "ambassador", "envoy", "director", "chairman", "chair",
     "deputy", "governor", "king", "queen", "emir", "sheikh", "adviser", "advisor", "head",
     "leader", "spokesman", "spokesperson", "spokeswoman", "representative", "coordinator"}
)  # fmt: skip


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
    pair: tuple[Actor, Actor] | None = None  # the last two states that dealt with each other
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
        events = _oriented(events)
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
            state.pair = _dealing_pair(found) or state.pair
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
        consumed |= content_of_objects(found)
        consumed |= alleged(found)
        return [t for i, t in sorted(found.items()) if i not in consumed]

    def _trigger(self, token: Token) -> Trigger | None:
        lemma = token.lemma_.lower()
        if token.pos_ == "VERB" or (token.pos_ == "AUX" and lemma == "have"):
            senses = self.lexicon.verbs.get(lemma) or self._misread(token)
            return choose_verb(token, senses) if senses else None
        if token.pos_ == "NOUN":
            senses = self.lexicon.nouns.get(lemma)
            return choose_noun(token, senses) if senses else None
        if token.pos_ == "ADJ" and token.dep_ == "acomp":
            senses = self.lexicon.adjectives.get(lemma)
            return choose_verb(token, senses) if senses else None
        if token.pos_ == "PROPN" and token.is_title:
            # a title-case headline tags its nouns as names: "Readout of X's Meeting with Y"
            senses = self.lexicon.nouns.get(_singular(token.lower_))
            return choose_noun(token, senses) if senses and _headline(token.sent) else None
        return None

    def _misread(self, token: Token) -> tuple[Sense, ...] | None:
        """Senses for a verb the lemmatizer got wrong ("staged" -> "stag"): the lexicon's
        verb whose regular inflection the word is."""
        word = token.lower_
        if token.tag_ in ("VBD", "VBN") and word.endswith("ed"):
            bases = [word[:-1], word[:-2], word[:-3]]  # staged, asked, stopped
        elif token.tag_ == "VBG" and word.endswith("ing"):
            bases = [word[:-3] + "e", word[:-3], word[:-4]]
        elif token.tag_ == "VBZ" and word.endswith("s"):
            bases = [word[:-1], word[:-2]]
        else:
            return None
        return next((self.lexicon.verbs[b] for b in bases if b in self.lexicon.verbs), None)

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
        if fact.suppress is not None or _generic_relative(trigger.token):
            return
        if trigger.token.dep_ == "pcomp" and _on_a_noun(trigger.token):
            return  # "praised Malaysia for its help *in evacuating* ...": what is praised
        sense = self._threat_sense(trigger, self._state_sense(trigger, actors))
        if trigger.purpose_of is not None:
            sense = trigger.sense.state or trigger.sense  # the summoner is a state
            # a purpose, but the summons states it: as factual as the summons
            as_summoned = factuality.assess(trigger.purpose_of.token, document.published)
            fact = replace(fact, hypothetical=as_summoned.hypothetical, negated=as_summoned.negated)
        if fact.hypothetical and _threatened(trigger, sense):
            sense = self._as_threat(sense)  # "said they would boycott all contact"
            fact = replace(fact, hypothetical=False)
        if fact.negated and sense.event_type in REFUSABLE and factuality.refuses(trigger.token):
            sense = self._refusal(sense)
            fact = replace(fact, negated=False, hypothetical=False)
        elif not fact.negated and factuality.offers(trigger.token):
            sense = self._offer(sense)  # "I'd be glad to mediate": the offer is made
            fact = replace(fact, hypothetical=False)
        elif fact.hypothetical and _intended(trigger):
            sense = self._offer(sense)  # "the government said it would free the prisoners"
            fact = replace(fact, hypothetical=False)
        who, whom = self._participants(trigger, sense, state, actors)
        if sense.host_view and _hosts_an_occasion(trigger):
            return  # "to host the Conference of Defense Ministers": an occasion, no guest
        if sense.rule == REFUSAL_RULE and not any(whom):
            whom = [self._addressee(trigger, actors, who)]
        summons = trigger.purpose_of
        if summons is not None and summons.token.i in state.actors_by_trigger:
            # the one who summoned complains, to the one summoned
            who = state.actors_by_trigger[summons.token.i]
            if not any(whom):
                whom = [state.recipients_by_trigger.get(summons.token.i, ())]
        if not who and (
            _nominal(trigger.token) or not any(whom) or sense.host_view or _thing_acts(trigger)
        ):
            # a noun with no actor is a reference: "the ceasefire with India"; a host with no
            # guest hosts a thing ("Nigeria hosting this conference"); an act whose subject is
            # a thing has no actor ("capabilities meant to defend ..."), while one whose
            # subject the parse lost may still name its target ("X was attacked")
            return
        if sense.event_type is PloverType.CONSULT and _object_is_no_actor(trigger, sense, whom):
            return  # "had met the Fund's conditions", "calling the strikes a violation"
        if not any(whom) and _needs_recipient(trigger, sense, state):
            return
        if sense.obligation and not _obliges_another(trigger, who, whom):
            return
        state.actors_by_trigger[trigger.token.i] = who
        state.recipients_by_trigger[trigger.token.i] = tuple(a for w in whom for a in w)
        for guest, host in self._sides(trigger, sense, who, whom, actors):
            event = self._event(document, trigger, sense, state, guest, host, actors)
            state.cameo_by_trigger.setdefault(trigger.token.i, event.cameo or "")
            yield event.evolve(
                negated=fact.negated, hypothetical=fact.hypothetical, historical=fact.historical
            )

    def _sides(
        self,
        trigger: Trigger,
        sense: Sense,
        who: tuple[Actor, ...],
        whom: list[tuple[Actor, ...]],
        actors: DocumentActors,
    ) -> list[tuple[tuple[Actor, ...], tuple[Actor, ...]]]:
        """(actor, recipients) of each event. A meeting held in the subject's own country
        with a foreign counterpart is that counterpart's visit: the visitor is the actor and
        the host the recipient, whoever the sentence makes its subject ("Mattis met X at the
        Pentagon" = X -> USA, as "X received Y" is Y -> X; the conventions' visit rule)."""
        if sense.event_type is not PloverType.CONSULT or sense.host_view or sense.mode:
            return [(who, recipients) for recipients in whom]  # "visited", "called": as said
        place = _place_country(trigger.token, actors)
        home = {a.country for a in who}
        out: list[tuple[tuple[Actor, ...], tuple[Actor, ...]]] = []
        for recipients in whom:
            guests = {r.country for r in recipients}
            hosted = place is not None and place in home and None not in guests
            out.append((recipients, who) if hosted and not guests & home else (who, recipients))
        return out

    def _threat_sense(self, trigger: Trigger, sense: Sense) -> Sense:
        """A promise of a hostile act is a threat (PLOVER THREATEN): "vowed to retaliate",
        "pledged to punish", "promised to impose sanctions"."""
        if sense.event_type is not PloverType.AGREE or trigger.complement not in HOSTILE_ACTS:
            return sense
        return self._as_threat(sense, trigger.complement)

    def _as_threat(self, sense: Sense, act: PloverType | None = None) -> Sense:
        """The THREATEN sense of announcing ``act`` (``sense``'s own type by default)."""
        threatened = act or sense.event_type
        mode, cameo = self.lexicon.complement_code("threaten", threatened) or ("", "130")
        return replace(
            sense,
            event_type=PloverType.THREATEN,
            mode=mode or None,
            cameo=cameo,
            rule=f"threaten.{sense.rule.split('.', 1)[-1]}",
            governs=None,
            state=None,
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
        """The sense for who acts: a state's ("India protested": a diplomatic complaint) or
        civilians' ("demonstrators blocked roads": a protest, not a state's coercion)."""
        sense = trigger.sense
        if sense.state is None and sense.civil is None:
            return sense
        head = arguments.subject(trigger.token)
        actor = self._resolve(head, actors, subject=True) if head is not None else None
        if actor is None:
            return sense
        if sense.state is not None and (actor.sector in STATE_SECTORS or actor.kind in STATE_KINDS):
            return sense.state
        if sense.civil is not None and actor.sector in CIVIL_SECTORS:
            return sense.civil
        return sense

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
            who = self._answerer(trigger, sense, state) or self._previous(actor_heads, state) or who
        if not who and actor_heads and not _nominal(trigger.token):
            who = self._agent_of_thing(actor_heads[0], actors)
        whom_list = [self._resolve(h, actors) for h in recipient_heads]
        whom = [
            a
            for head, found in _merge_titles(recipient_heads, whom_list)
            for a in self._expand(head, found, actors)
        ]
        pair = self._pair(actor_heads, actors, state)
        if pair is not None and not whom:
            return (pair[0],), [(pair[1],)]
        if not who and _nominal(trigger.token) and len(whom) > 1:
            # "talks between the foreign ministers of Armenia and Azerbaijan", "the meeting of
            # Israeli and Lebanese delegations": the parties are the two sides
            return _reciprocal(tuple(whom))
        if sense.reciprocal and not recipient_heads and len(who) > 1:
            # "A and B met"; not "A and B met IMF staff", whoever the staff are
            return _reciprocal(who)
        if not whom and sense.event_type is not PloverType.CONSULT:
            whom = self._act_owner(trigger, sense, actors, recipient_heads, who)
        if not whom and (sense.governs is not None or trigger.obj is not None):
            # "offered to send troops to X", "accepted an invitation to visit Nairobi"
            whom = self._complement_recipient(trigger, actors, who)
        if not whom and sense.event_type is PloverType.THREATEN:
            whom = self._condition_parties(trigger, actors, who)
        if not whom:
            whom = self._answered(trigger, sense, state) or self._shared(trigger, sense, state)
        pair = self._pair(recipient_heads, actors, state, recipient=True)
        if pair is not None and who:
            return who, [(pair[0],), (pair[1],)]
        # one mention is never both sides ("The talks were hosted *by Qatar*")
        whom = [w for w in whom if not any(_same_mention(w, a) for a in who)]
        return who, [(w,) for w in _unique(whom)] or [()]

    def _find(self, trigger: Trigger, specs: tuple[str, ...], sense: Sense) -> list[Token]:
        for spec in specs:
            head = _argument(trigger, spec)
            if head is not None:
                return arguments.conjuncts(head)
        return []

    def _act_owner(
        self,
        trigger: Trigger,
        sense: Sense,
        actors: DocumentActors,
        heads: list[Token],
        who: tuple[Actor, ...],
    ) -> list[Actor]:
        """The party an act or thing belongs to is the recipient when the object itself is
        no actor: of a condemnation, praise or request about an act ("condemned the US drone
        strike", "rejected the Indian criticism", "rejected accusations by Netanyahu",
        "praised the resilience of the Pakistani people", "is seeking American backing"),
        and of a deed done to a thing ("released a Turkish ship", "struck an arms depot of
        the Syrian army"; a territorial act also to the place: "lifted the curfew in
        Amman"). A country word modifying the noun stands for its state."""
        token = trigger.token
        obj = arguments.direct_object(token) if token.pos_ == "VERB" else None
        place = _place_head(token) if sense.event_type in TERRITORIAL else None
        for thing in [*([obj] if obj is not None else []), *heads, *([place] if place else [])]:
            candidates = [thing] if thing is place else _owner_candidates(thing, sense)
            for head in candidates:
                actor = self._resolve(head, actors)
                if actor is None or any(_same_mention(actor, a) for a in who):
                    continue
                if head.pos_ == "PRON" and (
                    actor.country in {a.country for a in who} or head.lower_ in ("their", "our")
                ):
                    continue  # "defend *its* sovereignty", "their desire": the actor's own
                if head.dep_ == "amod" and actor.kind is not ActorKind.COUNTRY:
                    continue  # "a *general* strike": an adjective owns only as a nationality
                if actor.country is not None or head.pos_ == "PROPN":  # not "the drone strike"
                    owner = as_state(actor) if head.dep_ == "amod" else actor
                    span = arguments.np_span(thing)  # the phrase the sentence aims at
                    return [
                        replace(owner, text=span.text, start=span.start_char, end=span.end_char)
                    ]
        return []

    def _complement_recipient(
        self, trigger: Trigger, actors: DocumentActors, who: tuple[Actor, ...]
    ) -> list[Actor]:
        """The party a governed act is aimed at is the recipient of the governing event
        when it names none itself: "threatened to shell *Haifa*", "offered to send troops to
        *Uganda*", "agreed to withdraw from *Syria*" (PLOVER: the target of the threat, the
        beneficiary of the offer)."""
        obj = trigger.obj
        clauses = [c for c in obj.children if c.dep_ in ("acl", "relcl")] if obj is not None else []
        for comp in [*complements(trigger.token), *clauses]:
            heads = [comp, *([o] if (o := arguments.direct_object(comp)) is not None else [])]
            candidates = [heads[1]] if len(heads) > 1 else []
            candidates += [
                o for w in COMPLEMENT_PREPS if (o := arguments.prep_object(heads, w)) is not None
            ]
            for head in candidates:
                actor = self._resolve(head, actors)
                if actor is not None and not any(_same_mention(actor, a) for a in who):
                    return [actor]
        return []

    def _agent_of_thing(self, thing: Token, actors: DocumentActors) -> tuple[Actor, ...]:
        """ "Recent *US* Predator attacks have killed eight al-Qaeda leaders", "*Israeli*
        air raids killed 20 people": a deed whose subject is a weapon or an attack is done
        by the party that owns it."""
        lemma = thing.lemma_.lower()
        if thing.pos_ != "NOUN" or (lemma not in self.lexicon.nouns and lemma not in WEAPONS):
            return ()
        for head in _modifier_chain(thing):
            actor = self._resolve(head, actors)
            if actor is None or actor.country is None:
                continue
            if actor.kind in (ActorKind.COUNTRY, ActorKind.UNKNOWN) or head.dep_ == "amod":
                return (_with_country(as_state(actor), actor.country, Sector.MIL),)
            return (actor,)
        return ()

    def _previous(self, heads: list[Token], state: SentenceState) -> tuple[Actor, ...]:
        """ "Nepal's prime minister arrived in New Delhi. *He* held talks with Modi": a
        he/she opening a sentence, with nobody before it there, is the person who acted
        last in the sentences before."""
        head = heads[0]
        person = state.discourse.last_person
        if len(heads) != 1 or head.lower_ not in ("he", "she") or person is None:
            return ()
        return (person,) if _opens(head) or head.i == head.sent.start else ()

    def _answerer(self, trigger: Trigger, sense: Sense, state: SentenceState) -> tuple[Actor, ...]:
        """ "The President invited the prime minister ..., and *he* accepted": a pronoun
        answering an invitation or request in the same sentence is the one it was put to."""
        token = trigger.token
        if not sense.respond or token.dep_ != "conj":
            return ()
        return state.recipients_by_trigger.get(token.head.i, ())

    def _condition_parties(
        self, trigger: Trigger, actors: DocumentActors, who: tuple[Actor, ...]
    ) -> list[Actor]:
        """A threat is aimed at those whose act is its condition: "warned it would take
        countermeasures if the drills by South Korea and the United States went ahead" --
        the condition's subject, or the "by" agents of a subject that is a thing."""
        for clause in trigger.token.subtree:
            if clause.dep_ != "advcl" or not any(
                c.dep_ == "mark" and c.lower_ in ("if", "unless") for c in clause.children
            ):
                continue
            head = arguments.subject(clause)
            if head is None:
                continue
            agent = arguments.prep_object([head], "by")
            heads = arguments.conjuncts(agent if agent is not None else head)
            found = [a for h in heads if (a := self._resolve(h, actors)) is not None]
            found = [a for a in found if a.country and not any(_same_mention(a, w) for w in who)]
            if found:
                return found
        return []

    def _shared(self, trigger: Trigger, sense: Sense, state: SentenceState) -> list[Actor]:
        """ "praised Malaysia for its help and urged closer cooperation", "met the UAE
        president and signed three memorandums": a verbal act or an agreement with no
        counterpart of its own, conjoined to a verb that has one, is with that one."""
        token = trigger.token
        if sense.event_type not in SHARING_TYPES or token.dep_ != "conj":
            return []
        return list(state.recipients_by_trigger.get(token.head.i, ()))

    def _answered(self, trigger: Trigger, sense: Sense, state: SentenceState) -> list[Actor]:
        token = trigger.token
        if not sense.respond or token.dep_ != "conj":
            return []
        return list(state.actors_by_trigger.get(token.head.i, ()))

    def _resolve_all(
        self, heads: list[Token], actors: DocumentActors, subject: bool = False
    ) -> tuple[Actor, ...]:
        found = (
            a for h in heads for a in self._expand(h, self._resolve(h, actors, subject), actors)
        )
        return tuple(_unique(found))

    def _expand(self, head: Token, actor: Actor | None, actors: DocumentActors) -> list[Actor]:
        """One noun phrase as the participants it stands for: the people listed after a
        group noun ("senior officials, among them A, B and C": A, B, C), one actor per
        country of a compound ("Bolivian and Peruvian officials", "the foreign ministers of
        India and Pakistan": the PLOVER compound-actor rule), else the phrase's own actor."""
        members = arguments.listed_members(head)
        if members:
            found = _unique(actors.actor_for(m) or _unresolved(m) for m in members)
            return _shared_country(found, actor)
        if actor is None:
            return []
        owners = arguments.coordinated_owners(head)
        countries = [_country_of(t, actors) for t in owners]
        named = list(dict.fromkeys(c for c in countries if c is not None))
        if len(named) < 2:
            return [actor]
        # "the leaders of Ghana, Benin and Togo, as well as a senior envoy from the AU": the
        # countries' leaders, and the other conjuncts that are actors of their own
        others = [
            a
            for t, c in zip(owners, countries, strict=True)
            if c is None and (a := self._resolve(t, actors)) is not None
        ]
        return [_with_country(actor, c) for c in named] + others

    def _resolve(self, head: Token, actors: DocumentActors, subject: bool = False) -> Actor | None:
        """The actor a noun phrase head denotes. Unresolved proper names (and, in subject
        position, common nouns: "police", "protesters") are kept with their text."""
        span = arguments.np_span(head)
        if head.pos_ == "PRON" and head.lower_ in SINGULAR:
            found = antecedent(head, actors)
            if found is not None:
                return found
        actor = salient_holder(span, actors) or actors.actor_for(span)
        if actor is not None and head.lower_ in OBJECT_PRONOUNS:
            return self._not_own_subject(head, actor, actors)
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
        return lemma in self.lexicon.nouns or lemma in NON_AGENTS or lemma in WEAPONS

    def _not_own_subject(self, pronoun: Token, actor: Actor, actors: DocumentActors) -> Actor:
        """ "Munir met the Chinese ambassador and assured *him*": an object pronoun is never
        the subject of its own clause; the person mentioned last before it who is not."""
        own = arguments.subject(factuality.clause_verb(pronoun))
        mine = self._resolve(own, actors, subject=True) if own is not None else None
        if mine is None or _key(mine) != _key(actor):
            return actor
        return recent(pronoun, actors, PERSON_KINDS, exclude=_key(mine)) or actor

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
        government actors (not for "sides", which may be any two parties). As actors, the
        two that dealt with each other earlier in the same sentence come first."""
        if len(heads) != 1:
            return None
        head = heads[0]
        met = state.discourse.last_meeting
        if head.lower_ == "they" and met is not None and not recipient and _opens(head):
            # "They also discussed ...", opening a sentence after a meeting: its two sides
            span = arguments.np_span(head)
            return party(span, met[0]), party(span, met[1])
        if head.lemma_.lower() not in PAIR_NOUNS:
            return None
        definite = head.tag_ == "NNS" and any(c.lower_ == "the" for c in head.children)
        if not any(c.lower_ in PAIR_WORDS for c in head.children) and not (
            definite and (state.pair or state.discourse.pair) and not recipient
        ):
            return None  # "the two sides", "both leaders"; "the ministers" after a meeting
        span = arguments.np_span(head)
        text = span.text
        if recipient:
            seen = {a.country: a for a in state.recipients if a.country not in (None, "IGO")}
            if len(seen) == 2:
                first, second = (party(span, a) for a in seen.values())
                return first, second
        known = (state.pair if not recipient else None) or state.discourse.pair
        if known is not None:  # "X met Y, where the two leaders discussed ...": X and Y
            first, second = (party(span, a) for a in known)
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


def _intended(trigger: Trigger) -> bool:
    """A cooperative act its own actor announces for the future is an expression of intent
    (PLOVER AGREE), made when announced: "the Afghan government said it would free 1,500
    prisoners", "Washington said it will return the artefacts". Not a meeting (a planned
    visit stays a plan) and not someone else's plan ("the ministry said the president
    will release ..."): the announced clause's subject is a pronoun for the speaker."""
    if trigger.sense.event_type not in INTENDED_ACTS:
        return False
    verb = factuality.clause_verb(trigger.token)
    subject = arguments.child(verb, "nsubj")
    announced = verb.dep_ == "ccomp" and verb.head.lemma_.lower() in ANNOUNCING
    return announced and subject is not None and subject.pos_ == "PRON"


def _threatened(trigger: Trigger, sense: Sense) -> bool:
    """A hostile act its own actor announces for the future is a threat, conditional or
    not: "Palestinian leaders said they would boycott all contact with the US", "the party
    said it will boycott the elections unless the president steps down". A writer's
    speculation is none ("If Seoul deploys the system, Beijing could retaliate")."""
    if trigger.sense.event_type not in THREATENED_ACTS:  # the act itself, before any
        return False  # reading of it as a state's: a boycott threatened is a threat
    verb = factuality.clause_verb(trigger.token)
    return verb.dep_ == "ccomp" and verb.head.lemma_.lower() in ANNOUNCING


def _opens(pronoun: Token) -> bool:
    """A subject pronoun of the main clause with no plural noun before it in the sentence
    (so it reaches back to an earlier sentence)."""
    before = pronoun.sent[: pronoun.i - pronoun.sent.start]
    return (
        pronoun.dep_ == "nsubj"
        and pronoun.head.dep_ == "ROOT"
        and not any(t.tag_ in ("NNS", "NNPS") for t in before)
    )


def _generic_relative(token: Token) -> bool:
    """A present-tense relative clause on a bare or indefinite common noun characterises a
    kind, it reports no act: "groups *that attack* school children", "any country that
    supports terrorism" (but "militants who attacked the convoy" did)."""
    verb = token if token.pos_ in ("VERB", "AUX") else factuality.clause_verb(token)
    while verb.dep_ == "conj" and verb.head.i != verb.i:
        verb = verb.head
    if verb.dep_ != "relcl" or verb.head.pos_ != "NOUN":
        return False
    tenses = {verb.tag_, *(a.tag_ for a in verb.children if a.dep_ in ("aux", "auxpass"))}
    if not tenses & {"VBP", "VBZ"} or tenses & {"VBD", "VBN", "MD"}:
        return False
    det = arguments.child(verb.head, "det", "poss")
    return det is None or det.lower_ in ("a", "an", "any", "every", "all", "some")


def _singular(word: str) -> str:
    return word[:-1] if word.endswith("s") and not word.endswith("ss") else word


def _headline(sent: SpacySpan) -> bool:
    """A title-case line with no closing stop ("U.S. Secretary of Defense Visit to Brazil")."""
    words = [t for t in sent if t.is_alpha and len(t) > 3]
    if len(words) < 3 or sent[-1].text in (".", "?", "!"):
        return False
    return sum(t.is_title for t in words) >= 0.75 * len(words)


def _owner_candidates(thing: Token, sense: Sense) -> list[Token]:
    """Where the owner of an object is named, nearest first: its modifiers ("the *US*
    drone strike", "*Pakistan's* cooperation"), its "by" agent, its "of" object (for
    deeds, praise and words: "an arms depot *of the Syrian army*", "the call *of the
    European Parliament*"; not the victim of a condemned act, "condemned the arrest *of
    X*"), and for territorial acts the place it is in."""
    found = [c for c in thing.children if c.dep_ in OWNER_DEPS and c.i != thing.i]
    found += [h for h in [arguments.prep_object([thing], "by")] if h is not None]
    # "the sacrifices the Pakistan military has made": the maker of the thing
    found += [
        h
        for c in thing.children
        if c.dep_ == "relcl" and (h := arguments.child(c, "nsubj")) is not None and h.pos_ != "PRON"
    ]
    kind = sense.event_type
    if kind not in BLAME_TYPES | {PloverType.REQUEST} or thing.lemma_.lower() in SPEECH_NOUNS:
        found += [h for h in [arguments.prep_object([thing], "of")] if h is not None]
    if kind in TERRITORIAL:  # "a camp *for Congolese refugees* was attacked"
        found += [h for h in [arguments.prep_object([thing], "for")] if h is not None]
    # "boycott all contact *with the United States*", "suspended its deal with X"
    found += [h for h in [arguments.prep_object([thing], "with")] if h is not None]
    if kind in TERRITORIAL:
        found += [h for w in ("in", "near") if (h := arguments.prep_object([thing], w))]
    return found


def _states_a_complaint(trigger: Trigger, inner: Trigger, is_trigger: bool) -> bool:
    """A summons' purpose clause that is itself a complaint ("to protest", "to lodge a
    protest", "to complain about ...")."""
    complaint = inner.sense.event_type in (PloverType.ACCUSE, PloverType.PROTEST) or (
        inner.sense.state is not None and inner.sense.state.event_type is PloverType.ACCUSE
    )
    return trigger.sense.governs == "summon" and is_trigger and complaint


def _object_is_no_actor(trigger: Trigger, sense: Sense, whom: list[tuple[Actor, ...]]) -> bool:
    """A meeting verb whose object would be the one met, but is no actor ("met the Fund's
    conditions"); a verb whose object is its topic ("discussed ways to ...") is not one."""
    token = trigger.token
    if "dobj" not in sense.recipient:
        return False
    obj = arguments.direct_object(token) if token.pos_ == "VERB" else None
    return obj is not None and trigger.obj is None and not any(whom)


def _needs_recipient(trigger: Trigger, sense: Sense, state: SentenceState) -> bool:
    """PLOVER: AID and COOPERATE need a recipient (or a sum given); a meeting needs
    somebody met, unless its subject is a pair ("the two sides will hold talks")."""
    if sense.event_type is PloverType.CONSULT:
        head = arguments.subject(trigger.token) if trigger.token.pos_ == "VERB" else None
        return head is None or not any(c.lower_ in PAIR_WORDS for c in head.children)
    if sense.event_type not in NEEDS_RECIPIENT or _has_amount(trigger, state):
        return False
    # "is providing urgent assistance": the aid itself is named, its recipient may not be
    return not (sense.event_type is PloverType.AID and _gives_aid(trigger.token))


def _gives_aid(verb: Token) -> bool:
    obj = arguments.direct_object(verb) if verb.pos_ == "VERB" else None
    return obj is not None and bool(set(arguments.object_lemmas(obj)) & RELIEF_WORDS)


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


def _thing_acts(trigger: Trigger) -> bool:
    """Whether the verb has a subject (which, as no actor came of it, is a thing) other than
    an attack or a weapon of nobody named ("A suicide attack on a convoy killed eight
    people": the victims are known, the attacker is not)."""
    subject = _argument(trigger, "subj")
    if subject is None or subject.pos_ != "NOUN":
        return False  # a pronoun or a name unresolved is somebody all the same
    new = any(c.lower_ in ("a", "an") or c.dep_ == "nummod" for c in subject.children)
    return not (new and subject.lemma_.lower() in WEAPONS | ATTACKS)  # "the strikes" told
    # again are the strikes an earlier sentence gave their author


def _nominal(token: Token) -> bool:
    """A noun trigger ("the visit"), or a headline's capitalised one ("Meeting")."""
    return token.pos_ in ("NOUN", "PROPN")


def _argument(trigger: Trigger, spec: str) -> Token | None:
    token = trigger.token
    if _nominal(token):
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
    obj = trigger.obj if trigger.obj is not None else arguments.direct_object(token)
    # on the verb, its object or the object's conjuncts ("imposed asset freezes and travel
    # bans *on* nine officials")
    heads = [token, *(arguments.conjuncts(obj) if obj is not None else [])]
    inner = arguments.partitive_object(obj) if obj is not None else None
    heads += [inner] if inner is not None else []  # "suspended part of a program *for* X"
    heads += arguments.participial_heads(token) + arguments.means_objects(token)
    return arguments.prep_object(heads, spec)


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


def _framing_object(noun: Token) -> Token | None:
    """The one spoken to, when a call or meeting noun frames a verb of saying: "told X *in a
    phone call* that ...", "assured X *during the meeting*"."""
    if noun.dep_ != "pobj" or noun.head.lower_ not in ("in", "during", "at"):
        return None
    verb = noun.head.head
    if verb.pos_ != "VERB" or verb.lemma_.lower() not in TELLING_VERBS:
        return None
    return arguments.direct_object(verb) or arguments.child(verb, "dative")


def _clause_subject(verb: Token) -> Token | None:
    """The subject of a noun trigger's clause; of an agentless passive, its grammatical
    subject ("the minister was given a guard of honour before *talks* with X")."""
    found = arguments.subject(verb)
    if found is None and arguments.is_passive(verb):
        return arguments.child(verb, "nsubjpass")
    return found


def _noun_argument(noun: Token, spec: str) -> Token | None:
    if spec == "subj":
        poss = arguments.child(noun, "poss")
        if poss is not None and poss.ent_type_ in arguments.TIME_ENTS:
            poss = None  # "Tuesday's meeting of ..."
        verb = factuality.clause_verb(noun)
        clause_subject = _clause_subject(verb) if verb is not noun else None
        if clause_subject is not None and clause_subject.i == noun.i:
            clause_subject = None  # "Her trip to Beijing yielded ...": the trip is the subject
        if poss is not None and (poss.pos_ != "PRON" or clause_subject is None):
            return poss
        if _on_a_noun(noun):
            return None  # "assured him of China's support in the *investigation*": a reference
        return clause_subject  # "In his call with X, Foreign Secretary Y ...": Y
    if spec == "poss":
        return None
    told = _framing_object(noun)
    if told is not None:
        return told  # "told the Swedish prime minister in a phone call that ..."
    # on the noun, or on its "of" object: "the suspension of aid [to Pakistan]", "the
    # withdrawal of troops [from Afghanistan]"
    of_object = arguments.prep_object([noun], "of")
    return arguments.prep_object([noun, *([of_object] if of_object is not None else [])], spec)


def _on_a_noun(noun: Token) -> bool:
    """A noun inside a prepositional phrase that modifies another noun."""
    return (
        noun.dep_ in ("pobj", "pcomp")
        and noun.head.dep_ == "prep"
        and noun.head.head.pos_
        in (
            "NOUN",
            "PROPN",
        )
    )


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


def _merge_titles(
    heads: list[Token], found: list[Actor | None]
) -> list[tuple[Token, Actor | None]]:
    """ "... and the Chairman of the Joint Chiefs of Staff, General Charles Q Brown": spaCy
    makes the title and the name two conjuncts; an office followed, after a bare comma, by
    a person holding the same (or an unknown) role is one participant. So is a bare title
    joined by "and" to a titled name ("Deputy Crown Prince and Minister of Defense Mohammed
    bin Salman": one person with two titles)."""
    kept: list[tuple[Token, Actor | None]] = []
    for i, actor in enumerate(found):
        nxt = found[i + 1] if i + 1 < len(found) else None
        if actor is not None and nxt is not None and _same_holder(actor, nxt):
            between = heads[i].doc[arguments.np_span(heads[i]).end : heads[i + 1].left_edge.i]
            if [t.text for t in between] == [","]:
                continue
        if i + 1 < len(heads) and _title_of_next(heads[i], heads[i + 1]):
            continue
        kept.append((heads[i], actor))
    return kept


def _title_of_next(head: Token, nxt: Token) -> bool:
    """A bare title (no article, no name) joined by a lone "and" to a phrase that ends in a
    person's name: the titles of one person."""
    span, following = arguments.np_span(head), arguments.np_span(nxt)
    between = head.doc[span.end : following.start]
    bare = span[-1].lower_ in TITLE_WORDS and all(t.pos_ in ("PROPN", "ADJ", "ADP") for t in span)
    named = following[-1].ent_type_ == "PERSON" and following[0].ent_type_ != "PERSON"
    return bare and named and [t.lower_ for t in between] == ["and"]


def _same_holder(office: Actor, person: Actor) -> bool:
    if office.kind is not ActorKind.OFFICE or person.kind is not ActorKind.PERSON:
        return False
    return office.role is None or person.role is None or office.role == person.role


def _same_mention(a: Actor, b: Actor) -> bool:
    return a.start is not None and (a.start, a.end) == (b.start, b.end)


def _shared_country(members: list[Actor], group: Actor | None) -> list[Actor]:
    """Members of one listed delegation share its country unless their own is known: the
    group's, else the one most of the resolved members have ("An interagency delegation,
    including A; B; C ...")."""
    countries = [m.country for m in members if m.country and m.country != "IGO"]
    common = (group.country if group is not None else None) or (
        max(dict.fromkeys(countries), key=countries.count) if countries else None
    )  # the most frequent, the first named on a tie
    if common is None:
        return members
    return [m if m.country else _with_country(m, common) for m in members]


def _key(actor: Actor) -> str:
    return actor.entity_id or actor.name or actor.text


def _unresolved(span: SpacySpan) -> Actor:
    return Actor(text=span.text, start=span.start_char, end=span.end_char)


def _country_of(token: Token, actors: DocumentActors) -> str | None:
    """The country one word of a compound names ("Peruvian", "Chile"), or None."""
    actor = actors.actor_for(token.doc[token.i : token.i + 1])
    country = actor.country if actor is not None else None
    return country if country not in (None, "IGO") else None


def _modifier_chain(noun: Token) -> list[Token]:
    """The modifiers of a noun and of its compounds, nearest first ("US Predator attacks":
    Predator, US)."""
    found: list[Token] = []
    queue = [c for c in noun.children if c.dep_ in OWNER_DEPS]
    while queue:
        token = queue.pop(0)
        found.append(token)
        queue.extend(c for c in token.children if c.dep_ in OWNER_DEPS)
    return found


def _with_country(actor: Actor, country: str, sector: Sector | None = None) -> Actor:
    """One country's share of a compound actor: the phrase, with that country."""
    sector = sector or actor.sector or Sector.GOV
    return replace(
        actor,
        country=country,
        sector=sector,
        code=f"{country}{sector.value}",
        name=None,
        entity_id=None,
        kind=actor.kind if actor.kind is not ActorKind.PERSON else ActorKind.UNKNOWN,
    )


def _unique(found: Iterable[Actor]) -> list[Actor]:
    """Drop repeats of the same participant ("Antony Blinken, Secretary of State" parsed as
    two conjuncts resolves twice to one person)."""
    seen: set[tuple[str, str | None]] = set()
    kept: list[Actor] = []
    for actor in found:
        key = (actor.entity_id or actor.name or actor.text, actor.country)
        if key not in seen:
            seen.add(key)
            kept.append(actor)
    return kept


def _confidence(sense: Sense, who: tuple[Actor, ...]) -> float:
    resolved = any(a.country or a.name or a.entity_id for a in who)
    return round(sense.confidence if resolved else sense.confidence * 0.8, 3)


def _hosts_an_occasion(trigger: Trigger) -> bool:
    """ "hosting this vital regional security conference": what is hosted is an occasion."""
    guest = _argument(trigger, "dobj")
    return guest is not None and guest.lemma_.lower() in OCCASIONS


def _oriented(events: list[Event]) -> list[Event]:
    """A meeting told again without its place (a headline "Readout of X's Meeting with Y",
    a caption) takes the direction the document gives it where it says who visited whom:
    the visitor as actor, the host as recipient."""
    visits = {
        (a.country, r.country)
        for e in events
        if e.event_type is PloverType.CONSULT and e.mode == "visit"
        for a in e.actors
        for r in e.recipients
        if a.country and r.country
    }
    out = []
    for e in events:
        pairs = {(a.country, r.country) for a in e.actors for r in e.recipients}
        mirrored = (
            e.event_type is PloverType.CONSULT
            and e.mode is None
            and len(pairs) == 1
            and (next(iter(pairs))[1], next(iter(pairs))[0]) in visits
            and next(iter(pairs)) not in visits
        )
        out.append(
            e.evolve(actors=e.recipients, recipients=e.actors, mode="visit") if mirrored else e
        )
    return out


def _reciprocal(who: tuple[Actor, ...]) -> tuple[tuple[Actor, ...], list[tuple[Actor, ...]]]:
    """ "A, B and C met": the first party with each other one of another country (the
    first with the second when all share one), one event each."""
    first, rest = who[0], who[1:]
    others = [a for a in rest if a.country is None or a.country != first.country]
    return (first,), [(a,) for a in (others or rest[:1])]


def _dealing_pair(events: list[Event]) -> tuple[Actor, Actor] | None:
    """The last actor and recipient of these events that are two different states."""
    pairs = [
        (a, r)
        for e in events
        for a in e.actors
        for r in e.recipients
        if a.country
        and r.country
        and "IGO" not in (a.country, r.country)
        and a.country != r.country
    ]
    return pairs[-1] if pairs else None


def _drop_weak(events: list[Event], triggers: list[Trigger]) -> list[Event]:
    """Weak triggers restate: dropped beside a strong event of the same type with the same
    actors or between the same countries (either way round), or with no recipient beside
    any strong event of that type ("met the US President ..., where the two leaders
    discussed ...")."""
    weak = {t.token.idx for t in triggers if t.sense.weak}
    strong = [e for e in events if e.trigger.start not in weak]
    same_actors = {(e.event_type, tuple(a.text for a in e.actors)) for e in strong}
    same_states = {(e.event_type, *_countries(e)) for e in strong}
    same_states |= {(t, r, a) for t, a, r in same_states}
    strong_types = {e.event_type for e in strong}
    return [
        e
        for e in events
        if e.trigger.start not in weak
        or (
            (e.event_type, tuple(a.text for a in e.actors)) not in same_actors
            and (e.event_type, *_countries(e)) not in same_states
            and (e.recipients or e.event_type not in strong_types)
        )
    ]


def _countries(event: Event) -> tuple[frozenset[str | None], frozenset[str | None]]:
    return frozenset(a.country for a in event.actors), frozenset(
        r.country for r in event.recipients
    )
