"""``rules.v1``: the dependency-parse coder (the default ``hybrid.v1`` builds on it).

Per sentence, one pass over the tokens finds triggers by lemma in the lexicon
(:mod:`.lexicon`, :mod:`.triggers`); each trigger's participants come from
:mod:`.parties` (over the parse, :mod:`.arguments`, and references beyond the clause,
:mod:`.discourse`), its factuality
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
  :func:`.factuality.offers`) is an AGREE of intent to do the offered act, not the act; so
  is a stated resolve, intention or readiness ("reiterated its resolve to work with X").
- A run of capitalised titles ending in a name is that one person, however the parser splits
  it ("Deputy Crown Prince and Minister of Defense for the Kingdom of Saudi Arabia Mohammed
  bin Salman"); a passive with no agent of its own takes no actor from the clause above
  ("accused X of ..., saying civilians were killed": the accuser killed nobody).
- A title-case headline's event is dropped where the story codes one of the same type
  between the same known countries (:func:`restated`): the story tells it better.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import replace
from typing import TYPE_CHECKING, Any

from ..model import Actor, ActorKind, Document, Event, PloverType, Sector, Sentence, Span
from ..nlp import title_case_line
from . import amounts, arguments, contexts, factuality, tables
from .base import CODERS
from .discourse import (
    STATE_SECTORS,
    Discourse,
    blame_siblings,
)
from .lexicon import Lexicon, Sense, default_lexicon
from .parties import (
    ATTACKS,
    PAIR_WORDS,
    STATE_KINDS,
    TELLING_VERBS,
    WEAPONS,
    Parties,
    SentenceState,
    argument,
    dealing_pair,
    nominal,
    on_a_noun,
    place_head,
    place_heads,
    same_mention,
    thing_acts,
    ultimatum,
)
from .triggers import (
    SHARED_WORDS,
    TEXT_NOUNS,
    Trigger,
    alleged,
    choose_noun,
    choose_verb,
    claimed,
    complements,
    content,
    content_of_objects,
    deferred,
    denied,
    frames,
    objects_of_triggers,
)

if TYPE_CHECKING:
    from spacy.language import Language
    from spacy.tokens import Doc, Token
    from spacy.tokens import Span as SpacySpan

    from ..actors.base import DocumentActors
    from ..config import Config
    from ..selective import TriggerFilter

NAME = "rules.v1"
VISIT_CUES = frozenset({"visit", "trip", "tour", "arrive", "arrival", "visiting", "sojourn"})
PHONE_CUES = frozenset({"telephone", "phone", "telephonic", "video", "videoconference", "virtual"})
AID_WORDS = frozenset({"aid", "assistance", "help", "loan", "money", "fund", "funding", "grant",
                       "support", "tranche", "bailout", "package", "dollar", "million",
                       "billion", "weapon", "arm", "equipment"})  # fmt: skip
#: Objects that name aid itself ("providing urgent *assistance*"), not goods that may be sold.
RELIEF_WORDS = frozenset(
    {"aid", "assistance", "relief", "help", "funding", "grant", "loan", "donation", "bailout"}
)
REFINABLE = frozenset({"021", "023", "031", "033", "101", "103", "162"})
NEEDS_RECIPIENT = frozenset({PloverType.AID, PloverType.COOPERATE})
REFUSAL_RULE = "reject.will_not"
#: The suffix of an offer's rule: the rule of the act offered, then this.
OFFER = ">offer"
#: Suffix of the rule of a use of force read as prepared ("the army prepared to resume
#: shelling": MOBILIZE, a posture).
POSTURE = ">posture"
#: Acts whose declared refusal is a REJECT ("will not meet/accept/lift ...").
REFUSABLE = frozenset(
    {PloverType.CONSULT, PloverType.AGREE, PloverType.AID, PloverType.COOPERATE,
     PloverType.SUPPORT, PloverType.CONCEDE, PloverType.RETREAT}
)  # fmt: skip
#: What can be hosted besides a guest.
OCCASIONS = frozenset(
    {"conference", "summit", "meeting", "talk", "forum", "game", "event", "ceremony",
     "session", "dialogue", "round", "festival", "exhibition", "tournament", "championship",
     "workshop", "seminar", "symposium", "convention", "congress", "assembly", "olympics",
     "expo", "celebration", "reception", "dinner", "lunch", "banquet", "negotiation"}
)  # fmt: skip
#: Verbs of a purpose that make a blockade or a walkout a protest ("to protest the ban").
PROTEST_PURPOSES = frozenset({"protest", "demand", "denounce", "oppose", "decry", "condemn"})


def _in_protest(verb: Token) -> bool:
    """Whether the verb's stated purpose is a protest: "to protest against the ban", "to
    demand ...", "in protest at ..."."""
    for c in verb.children:
        if c.dep_ in ("advcl", "xcomp") and c.lemma_.lower() in PROTEST_PURPOSES:
            return True
        if (
            c.dep_ == "prep"
            and c.lower_ == "in"
            and any(o.lemma_.lower() == "protest" for o in c.children)
        ):
            return True
    return False


#: Sectors of civilians acting as such ("demonstrators blocked roads": a protest).
CIVIL_SECTORS = frozenset(
    {Sector.CVL, Sector.OPP, Sector.LAB, Sector.EDU, Sector.REL, Sector.SOC, Sector.AGR}
)
#: Deeds whose present simple tells what an actor habitually does, not an act of the news
#: (words and stances are another matter: "the ministry condemns", "the United States
#: stands with Pakistan" are said now).
STANDING_TYPES = frozenset(
    {PloverType.AID, PloverType.ASSAULT, PloverType.COERCE, PloverType.MOBILIZE,
     PloverType.COOPERATE, PloverType.SANCTION, PloverType.RETREAT, PloverType.CONCEDE,
     PloverType.CONSULT}
)  # fmt: skip
#: Acts whose announcement for the future is a threat ("said they would boycott ...").
THREATENED_ACTS = frozenset(
    {PloverType.ASSAULT, PloverType.COERCE, PloverType.SANCTION, PloverType.MOBILIZE,
     PloverType.PROTEST}
)  # fmt: skip
#: Cooperative acts whose announcement by their actor is an expression of intent (an
#: agreement announced for the future, "said it would accept the proposal", is one already).
INTENDED_ACTS = frozenset(
    {PloverType.RETREAT, PloverType.CONCEDE, PloverType.AID, PloverType.COOPERATE,
     PloverType.SUPPORT, PloverType.AGREE}
)  # fmt: skip
#: Verbs that announce their speaker's own intentions.
ANNOUNCING = frozenset(
    {"say", "announce", "declare", "warn", "vow", "state", "tell", "threaten", "insist",
     "caution", "signal"}
)  # fmt: skip
#: Words of a reprisal promised ("vowed retaliation", "vowed to take countermeasures").
REPRISALS = frozenset(
    {"countermeasure", "retaliation", "retaliate", "reprisal", "revenge", "avenge",
     "counterattack", "counter-measure"}
)  # fmt: skip
#: Verbs of blame that make a promise of resolute measures beside them a reprisal.
BLAMING = frozenset(
    {"call", "condemn", "criticize", "criticise", "denounce", "accuse", "slam", "reject",
     "protest", "blame", "describe", "term", "brand", "label", "decry", "deplore", "dismiss"}
)  # fmt: skip
#: Verbs of answering in kind, a reprisal when vowed after blame ("vowed to respond").
RESPONDING = frozenset({"respond", "react", "reply", "hit"})
#: Measures that a resolute adjective makes a reprisal ("take *necessary measures*").
MEASURES = frozenset({"measure", "step", "action", "response", "countermeasure"})
#: Verbs that say deeds go on ("attacks will *continue*").
GOING_ON = frozenset({"continue", "resume", "intensify", "escalate", "persist"})
#: Words that make a measure a reprisal in the same coin ("a *mirror* response").
IN_KIND = frozenset({"mirror", "reciprocal", "symmetrical", "symmetric", "retaliatory", "tit"})
RESOLUTE = frozenset(
    {"necessary", "resolute", "firm", "strong", "decisive", "forceful", "robust", "reciprocal",
     "tough", "stern"}
)  # fmt: skip
#: Verbs of settling a dispute ("help *defuse* tensions", "help *end* the war").
SETTLING = frozenset(
    {"defuse", "ease", "resolve", "end", "calm", "settle", "broker", "mediate", "de-escalate",
     "deescalate", "reduce", "lower", "bridge", "restore", "bring", "diffuse", "cool",
     "prevent", "avert", "avoid", "stop", "halt"}
)  # fmt: skip
#: Sectors of officials a visitor meets abroad (None: a person of no known sector).
HOST_SECTORS = frozenset(
    {None, Sector.GOV, Sector.MIL, Sector.LEG, Sector.JUD, Sector.SPY, Sector.COP}
)
#: Verbs that put an act at the addressee's disposal: what they govern is never a threat.
OFFERING = frozenset({"offer", "propose", "volunteer"})
#: Uses of force and coercion: prepared, they are a posture; offered, a threat.
FORCE = frozenset({PloverType.ASSAULT, PloverType.COERCE, PloverType.SANCTION})
#: Verbs of stopping, and what a promise to stop is a promise to stop.
CEASING = frozenset({"suspend", "halt", "stop", "end", "cease", "renounce", "abandon", "pause"})
HOSTILITY_NOUNS = arguments.HOSTILITIES | frozenset(
    {"kidnapping", "hostility", "fighting", "violence", "shelling", "bombing", "raid",
     "airstrike", "strike", "hostage", "killing", "abduction", "extortion", "incursion"}
)  # fmt: skip


def _ceasing_hostilities(verb: Token) -> bool:
    """ "pledged *to suspend kidnappings*", "vowed to halt attacks on shipping": the act
    promised is stopping hostilities, a concession and no threat."""
    act = arguments.child(verb, "xcomp")
    if act is None or act.lemma_.lower() not in CEASING:
        return False
    return bool(set(arguments.object_lemmas(arguments.direct_object(act))) & HOSTILITY_NOUNS)


#: Acts whose promise is a threat ("vowed to retaliate").
HOSTILE_ACTS = frozenset(
    {PloverType.ASSAULT, PloverType.COERCE, PloverType.SANCTION, PloverType.MOBILIZE,
     PloverType.THREATEN}
)  # fmt: skip


@CODERS.register(NAME)
class RulesCoder:
    """Dependency-parse coder (see the module docstring for its conventions)."""

    name = NAME

    def __init__(self, config: Config | None = None, lexicon: Lexicon | None = None) -> None:
        self.config = config
        self.lexicon = lexicon or default_lexicon()
        self.parties = Parties(self.lexicon)
        self._cameo = tables.cameo_table()

    def sentence_filter(self, nlp: Language) -> TriggerFilter:
        """Selective parsing (:class:`~legation.coding.base.SelectiveCoder`): only a
        sentence with a word that may be one of the lexicon's triggers can hold an event."""
        from ..selective import TriggerFilter

        return TriggerFilter.for_lexicon(nlp, self.lexicon)

    # ---- document and sentence ----------------------------------------------------------
    def code(self, document: Document, doc: Doc, actors: DocumentActors) -> list[Event]:
        events: list[Event] = []
        discourse = Discourse()
        sents = list(doc.sents)
        for index, sent in enumerate(sents):
            sentence = Sentence(index, sent.text, sent.start_char, sent.end_char)
            found = self.code_sentence(document, sent, sentence, actors, discourse)
            discourse.update(found)
            events.extend(found)
        return restated(located(_oriented(events), sents, actors), sents)

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
            state.pair = dealing_pair(found) or state.pair
            events.extend(found)
            for event in found:
                if event.event_type is PloverType.ACCUSE and trigger.token.pos_ == "VERB":
                    state.discourse.note_alleged(event, trigger.token)
        events = _drop_weak(blame_siblings(events, triggers), triggers)
        return _one_per_person(_drop_tolls(events, triggers))

    # ---- triggers -----------------------------------------------------------------------
    def _triggers(self, sent: SpacySpan) -> list[Trigger]:
        found: dict[int, Trigger] = {}
        for token in sent:
            trigger = self._trigger(token)
            if trigger is not None:
                found[token.i] = trigger
        found.update(self._protests_in(found))
        consumed = self._govern(found)
        consumed |= {t.obj.i for t in found.values() if t.obj is not None}
        consumed |= frames(found)
        consumed |= deferred(found)
        consumed |= objects_of_triggers(found)
        consumed |= content_of_objects(found)
        consumed |= alleged(found)
        consumed |= claimed(found)
        consumed |= denied(found)
        return [t for i, t in sorted(found.items()) if i not in consumed]

    def _trigger(self, token: Token) -> Trigger | None:
        lemma = token.lemma_.lower()
        if token.pos_ == "VERB" or (token.pos_ == "AUX" and lemma in ("have", "be")):
            senses = self.lexicon.verbs.get(lemma) or self._misread(token)
            return choose_verb(token, senses) if senses else None
        if token.pos_ == "NOUN" and arguments.verbal_noun(token):
            # "The Ministry of Foreign Affairs *thanks* the League": a verb misread
            senses = self.lexicon.verbs.get(_singular(token.lower_)) or self.lexicon.verbs.get(
                lemma
            )
            return choose_verb(token, senses) if senses else None
        if token.pos_ == "NOUN":
            senses = self.lexicon.nouns.get(lemma)
            return choose_noun(token, senses) if senses else None
        if token.pos_ == "ADJ" and token.dep_ == "acomp":
            senses = self.lexicon.adjectives.get(lemma)
            return choose_verb(token, senses) if senses else None
        if token.pos_ == "PROPN" and token.is_title:
            # a title-case headline tags its nouns as names: "Readout of X's Meeting with Y";
            # so is a meeting named for two states ("the U.S.-Pakistan Strategic Dialogue")
            senses = self.lexicon.nouns.get(_singular(token.lower_))
            if senses and (title_case_line(token.sent) or _paired_meeting(token, senses)):
                return choose_noun(token, senses)
            return None
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

    def _protests_in(self, found: dict[int, Trigger]) -> dict[int, Trigger]:
        """ "summoned the Turkish ambassador *in protest* (over ...)": the complaint a summons
        states by a phrase, as "to protest" states it by a clause -- a weak event, dropped
        beside the summons, which is itself the complaint (ACCUSE, as PLOVER codes it)."""
        complaint = next((s.state for s in self.lexicon.verbs.get("protest", ()) if s.state), None)
        out: dict[int, Trigger] = {}
        for trigger in found.values():
            if trigger.sense.governs != "summon" or complaint is None:
                continue
            obj = arguments.direct_object(trigger.token)
            for head in [trigger.token, *([obj] if obj is not None else [])]:
                for prep in head.children:
                    noun = arguments.child(prep, "pobj") if prep.lower_ == "in" else None
                    if noun is not None and noun.lemma_.lower() == "protest":
                        out[noun.i] = Trigger(
                            noun, replace(complaint, weak=True), purpose_of=trigger
                        )
        return out

    def _govern(self, found: dict[int, Trigger]) -> set[int]:
        """Complements of governing verbs are not events; their type sets the mode."""
        consumed: set[int] = set()
        for trigger in found.values():
            if trigger.sense.governs is None:
                continue
            for comp in complements(trigger.token):
                inner = found.get(comp.i) or self._trigger(comp)
                if inner is not None and _states_a_complaint(trigger, inner, comp.i in found):
                    # "summoned the envoy to protest ...": the protest is the summons's own
                    # complaint, a weak event the summons (ACCUSE) makes redundant; so is
                    # one the sentence states already ("condemned the strike and summoned X
                    # to lodge a protest": conv-05)
                    inner.purpose_of = trigger
                    inner.sense = replace(inner.sense, weak=True)
                    consumed.update(t.i for t in content(comp) if t.i in found and t is not comp)
                    continue
                if inner is not None:
                    consumed.add(comp.i)
                    # "agreed *not* to threaten or use force": a pledge to refrain, whose
                    # type is not the act's (no threat)
                    refrained = any(c.dep_ == "neg" for c in comp.children)
                    if not refrained:
                        trigger.complement = trigger.complement or inner.sense.event_type
                elif (kept := self._deeds_go_on(comp)) is not None:
                    # "vowed that attacks on shipping would continue": the attacks, promised
                    trigger.complement = trigger.complement or kept
                # what is asked, agreed or refused is content, not an event of its own:
                # "asked the president to help restart the dialogue with New Delhi"
                consumed.update(t.i for t in content(comp) if t.i in found)
            trigger.complement = trigger.complement or self._for_type(trigger.token)
        return consumed

    def _deeds_go_on(self, clause: Token) -> PloverType | None:
        """The type of the deeds a clause says will go on ("attacks would *continue*",
        "strikes will resume"): its subject's, when that is a deed noun."""
        if clause.lemma_.lower() not in GOING_ON:
            return None
        subject = arguments.child(clause, "nsubj")
        senses = self.lexicon.nouns.get(subject.lemma_.lower(), ()) if subject is not None else ()
        return senses[0].event_type if senses else None

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
        if trigger.sense.dated and fact.hypothetical:
            # "Washington's praise on Friday for Oman's mediation will be parsed closely":
            # an act with its own date is told as done, whatever its sentence supposes
            fact = replace(fact, hypothetical=False)
        if _no_comment(trigger):
            return  # "declined to comment on its contents": nobody's request refused
        if _forecast(trigger):
            return  # "analysts warn that the administration could impose tariffs"
        if trigger.sense.event_type in STANDING_TYPES and factuality.habitual_present(
            trigger.token
        ):
            return  # "Morocco offers the Sahel states access to the Atlantic": a standing offer
        if _gives_a_text(trigger) or _helps_to_do(trigger):
            return  # "provided the following readout", "help defuse tensions": no aid
        if trigger.token.dep_ == "pcomp" and (
            on_a_noun(trigger.token) or _praised_for(trigger.token)
        ):
            return  # "praised Malaysia for its help *in evacuating* ...": what is praised
        sense = self._threat_sense(trigger, self._state_sense(trigger, actors))
        if sense.event_type is PloverType.MOBILIZE and _sent_to_help(trigger.token):
            # "dispatched 300 doctors to Haiti", "sent aircraft to help Turkey battle
            # wildfires": help given, no show of force
            sense = replace(sense, event_type=PloverType.AID, mode=None, cameo="070",
                            rule="aid.sent_to_help")  # fmt: skip
        if trigger.purpose_of is not None:
            sense = trigger.sense.state or trigger.sense  # the summoner is a state
            # a purpose, but the summons states it: as factual as the summons
            as_summoned = factuality.assess(trigger.purpose_of.token, document.published)
            fact = replace(fact, hypothetical=as_summoned.hypothetical, negated=as_summoned.negated)
        if (fact.hypothetical or ultimatum(trigger.token)) and _threatened(trigger, sense):
            sense = self._as_threat(sense)  # "said they would boycott all contact"
            fact = replace(fact, hypothetical=False)
        if fact.negated and sense.event_type in REFUSABLE and factuality.refuses(trigger.token):
            sense = self._refusal(sense)
            fact = replace(fact, negated=False, hypothetical=False)
        elif not fact.negated and sense.event_type in FORCE and factuality.prepares(trigger.token):
            sense = self._as_posture(sense)  # "the army prepared to resume shelling"
            fact = replace(fact, hypothetical=False)
        elif sense.event_type is PloverType.MOBILIZE and _menacing_direction(trigger):
            # "sent warships and fighter jets around Taiwan": a posture, never aid
            police = _police_deployed(trigger.token)
            sense = replace(
                sense, rule=f"{sense.rule}{POSTURE}", mode="police" if police else sense.mode
            )
        elif sense.event_type is PloverType.ASSAULT and _into_the_sea(trigger):
            # "launched a ballistic missile into the sea": a show of force, aimed at nobody
            sense = replace(self._as_posture(sense), mode="weapons")
        elif not fact.negated and factuality.offers(trigger.token):
            # "I'd be glad to mediate": the offer is made; "ready to strike": a threat
            sense = self._as_threat(sense) if sense.event_type in FORCE else self._offer(sense)
            fact = replace(fact, hypothetical=False)
        elif fact.hypothetical and _intended(trigger):
            sense = self._offer(sense)  # "the government said it would free the prisoners"
            fact = replace(fact, hypothetical=False)
        if sense.rule == EXERCISE_RULE and _drilled_alone(trigger):
            # "launched large-scale drills around Taiwan": no partner, a show of force
            sense = replace(self._as_posture(sense), rule="mobilize.drills", recipient=DRILLED_NEAR)
        if _means_of_an_act(trigger.token):
            return  # "a counter-offensive *backed* by air strikes": how the act was done
        who, whom = self.parties.participants(trigger, sense, state, actors)
        if sense.event_type is PloverType.THREATEN and who and all(a.code in RELIEF for a in who):
            # "UNHCR warned that its operation had received a fifth of the funding it
            # needs": a relief agency's warning is an alarm; it threatens nobody
            return
        if not any(whom) and trigger.journey is not None:
            # "flew to Brussels for talks with creditors": whom the talks are with is no
            # actor, the place travelled to is
            journey = trigger.journey
            whom = self.parties.participants(journey, journey.sense, state, actors)[1]
        if sense.host_view and not sense.objects and _hosts_an_occasion(trigger):
            # "to host the Conference of Defense Ministers": an occasion, no guest (a sense
            # for occasions names its guest otherwise: "hosted a lunch *for* the king")
            return
        if sense.host_view and who and all(a.country is None for a in who):
            # "Oman hosted a delegation from Iran" (the parser hangs "from" on the verb)
            origin = arguments.prep_object([trigger.token], "from")
            home = actors.actor_for(arguments.np_span(origin)) if origin is not None else None
            if home is not None and home.country not in (None, "IGO"):
                who = tuple(_of_host(a, str(home.country)) for a in who)
        if sense.rule == REFUSAL_RULE and not any(whom):
            whom = [self._addressee(trigger, actors, who)]
        summoner = trigger.token.head if trigger.token.dep_ == "conj" else None
        own = {a.country for a in who}
        if (
            summoner is not None
            and summoner.lemma_.lower() == "summon"
            and sense.event_type in COMPLAINTS
            and summoner.i in state.recipients_by_trigger
            and all(w.country in own for ws in whom for w in ws)
        ):
            # "summoned the Indian chargé and conveyed Pakistan's strong protest": to the
            # one summoned, not to the protest's owner
            whom = [state.recipients_by_trigger[summoner.i]]
        summons = trigger.purpose_of
        if summons is not None and summons.token.i in state.actors_by_trigger:
            # the one who summoned complains, to the one summoned
            who = state.actors_by_trigger[summons.token.i]
            if not any(whom):
                whom = [state.recipients_by_trigger.get(summons.token.i, ())]
        if not who and (
            nominal(trigger.token)
            or not any(whom)
            or (sense.host_view and bool(sense.actor))
            or ("subj" in sense.actor and thing_acts(trigger))
        ):
            # a noun with no actor is a reference: "the ceasefire with India"; a host with no
            # guest hosts a thing ("Nigeria hosting this conference"); an act whose subject is
            # a thing has no actor ("capabilities meant to defend ..."), while one whose
            # subject the parse lost may still name its target ("X was attacked")
            return
        if sense.event_type is PloverType.CONSULT and _object_is_no_actor(trigger, sense, whom):
            return  # "had met the Fund's conditions", "calling the strikes a violation"
        if sense.event_type is PloverType.CONSULT and _told_the_press(trigger, whom):
            return  # "Talking to reporters, the minister said ...": a statement, no meeting
        if not any(whom) and _needs_recipient(trigger, sense, state):
            return
        if sense.obligation and not _obliges_another(trigger, who, whom):
            return
        if sense.rule == STRESS_RULE and (
            argument(trigger, "act_subj") is None or not _needed_of_another(who, whom)
        ):
            return  # "stressed the importance of dialogue", "... of the US staying engaged"
        state.actors_by_trigger[trigger.token.i] = who
        state.recipients_by_trigger[trigger.token.i] = tuple(a for w in whom for a in w)
        for guest, host in self._sides(trigger, sense, who, whom, actors, state):
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
        state: SentenceState,
    ) -> list[tuple[tuple[Actor, ...], tuple[Actor, ...]]]:
        """(actor, recipients) of each event. A meeting held in the subject's own country
        with a foreign counterpart is that counterpart's visit: the visitor is the actor and
        the host the recipient, whoever the sentence makes its subject ("Mattis met X at the
        Pentagon" = X -> USA, as "X received Y" is Y -> X; the conventions' visit rule)."""
        if sense.host_view and len(who) > 1:  # "hosted the leaders of Ghana, Benin and Togo"
            return [((guest,), host) for guest in who for host in whom]
        if sense.host_view and sense.event_type is PloverType.CONSULT:
            # "flew on to Banjul, where he was received by President X": a host of no known
            # country is the place's
            place = _place_country(trigger.token, actors)
            home = {a.country for a in who}
            if place is not None and home and None not in home and place not in home | {"IGO"}:
                whom = [tuple(_of_host(r, place) for r in recipients) for recipients in whom]
        if sense.event_type is PloverType.CONSULT and sense.mode == "visit" and not sense.host_view:
            # "called on ... during a two-day visit to Warsaw": those called on of no known
            # country are the host's
            place = _place_country(trigger.token, actors)
            home = {a.country for a in who}
            if place is not None and home and None not in home and place not in home | {"IGO"}:
                whom = [tuple(_of_host(r, place) for r in recipients) for recipients in whom]
        if (
            sense.event_type is not PloverType.CONSULT
            or sense.host_view
            or sense.mode
            or sense.governs == "summon"  # the summoner summons, in its own capital
        ):
            return [(who, recipients) for recipients in whom]  # "visited", "called": as said
        place = _place_country(trigger.token, actors)
        home = {a.country for a in who}
        if place is None and any(r.country is None for rs in whom for r in rs):
            place = _visiting(home, state)  # "concluded a visit to Beirut. ... it met A"
        if place is None and len(home) == 1 and _guest_visiting(trigger.token, actors, home):
            place = next(iter(home))  # "met visiting President X", "met X, who is on a visit"
        if place is not None and home and None not in home and place not in home | {"IGO"}:
            # met abroad, those met of no known country are the host's ("in Manila ... held
            # meetings with ... and the armed forces chief")
            whom = [tuple(_of_host(r, place) for r in recipients) for recipients in whom]
        out: list[tuple[tuple[Actor, ...], tuple[Actor, ...]]] = []
        for recipients in whom:
            guests = {r.country for r in recipients}
            hosted = place is not None and place in home and None not in guests
            out.append((recipients, who) if hosted and not guests & home else (who, recipients))
        return out

    def _threat_sense(self, trigger: Trigger, sense: Sense) -> Sense:
        """A promise of a hostile act is a threat (PLOVER THREATEN): "vowed to retaliate",
        "pledged to punish", "promised to impose sanctions"."""
        if sense.event_type is not PloverType.AGREE:
            return sense
        if _ceasing_hostilities(trigger.token):
            return sense  # "pledged to suspend kidnappings": a promise to stop, no threat
        if trigger.complement is None and _menacing(trigger):
            return self._as_threat(sense)  # "vowed to take necessary measures"
        if trigger.complement not in HOSTILE_ACTS or trigger.token.lemma_.lower() in OFFERING:
            return sense  # "offered to send troops to Uganda": help offered, no threat
        if trigger.complement is PloverType.MOBILIZE and _sent_to(trigger.token):
            return sense  # "agreed to send tanks to Ukraine": forces sent to a side, no threat
        if trigger.complement is PloverType.MOBILIZE and _agreed_between(trigger.token):
            return sense  # "Macron and Tusk agreed to deploy air-defence units": a decision
        if trigger.complement is PloverType.MOBILIZE and trigger.token.lemma_.lower() == "agree":
            return sense  # "agreed to step up surveillance along the coast": with a partner
        # still governing the act vowed: its target is the threat's ("vowed to attack
        # *Israeli towns*")
        return replace(self._as_threat(sense, trigger.complement), governs="threaten")

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

    def _as_posture(self, sense: Sense) -> Sense:
        """The MOBILIZE that preparing ``sense``'s use of force is (PLOVER: posturing, a
        demonstration of readiness short of force; CAMEO 150)."""
        return replace(
            sense,
            event_type=PloverType.MOBILIZE,
            mode=None,
            cameo="150",
            rule=f"{sense.rule}{POSTURE}",
            governs=None,
            state=None,
            reciprocal=False,
            respond=False,
            weak=False,
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
            rule=f"{sense.rule}{OFFER}",
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
        actor = self.parties.resolve(told, actors) if told is not None else None
        if actor is None or any(same_mention(actor, a) for a in who):
            return ()
        return (actor,)

    def _state_sense(self, trigger: Trigger, actors: DocumentActors) -> Sense:
        """The sense for who acts: a state's ("India protested": a diplomatic complaint) or
        civilians' ("demonstrators blocked roads": a protest, not a state's coercion)."""
        sense = trigger.sense
        if sense.state is None and sense.civil is None:
            return sense
        head = arguments.subject(trigger.token)
        actor = self.parties.resolve(head, actors, subject=True) if head is not None else None
        if actor is None:
            return sense
        if sense.state is not None and (actor.sector in STATE_SECTORS or actor.kind in STATE_KINDS):
            return sense.state
        if sense.civil is not None and actor.sector in CIVIL_SECTORS:
            return sense.civil
        if (
            sense.civil is not None
            and actor.sector not in STATE_SECTORS
            and actor.kind not in STATE_KINDS
            and _in_protest(trigger.token)
        ):
            return sense.civil  # "market traders blocked the bridge *to protest* the ban"
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


# ---- helpers (pure functions over tokens) --------------------------------------------------


#: What a spokesperson declines to do without refusing anyone.
NO_COMMENT = frozenset(
    {"comment", "elaborate", "speak", "say", "discuss", "confirm", "answer", "respond",
     "specify", "disclose", "reveal", "detail"}
)  # fmt: skip


def _no_comment(trigger: Trigger) -> bool:
    """ "declined to comment", "refused to elaborate": reticence, not a rejection."""
    return trigger.sense.event_type is PloverType.REJECT and reticent(trigger.token)


def reticent(verb: Token) -> bool:
    """Whether ``verb`` declines only to speak: "declined to comment", "would not elaborate"
    (not "refused to respond to the request": that refuses its author)."""
    return any(
        c.lemma_.lower() in NO_COMMENT and not any(t.lemma_.lower() in ASKED for t in c.subtree)
        for c in complements(verb)
    )


#: What one can refuse to answer: a refusal of it is a rejection of its author.
ASKED = frozenset({"request", "demand", "call", "appeal", "question", "letter", "query", "summons"})


def _intended(trigger: Trigger) -> bool:
    """A cooperative act its own actor announces for the future is an expression of intent
    (PLOVER AGREE), made when announced: "the Afghan government said it would free 1,500
    prisoners", "Washington said it will return the artefacts". Not a meeting (a planned
    visit stays a plan) and not someone else's plan ("the ministry said the president
    will release ..."): the announced clause's subject is a pronoun for the speaker. So is
    looking forward to one ("look forward to resuming annual exercises")."""
    if trigger.sense.event_type not in INTENDED_ACTS:
        return False
    if any(_looks_forward(a) for a in trigger.token.ancestors):
        return True  # "look forward to resuming joint exercises"
    if _first_person_will(trigger.token):
        return True  # "we will continue to support them": a promise of the speaker's
    if _aid_to_come(trigger):
        return True  # "Norway will give Malawi a grant": a pledge (CAMEO 033)
    verb = factuality.clause_verb(trigger.token)
    subject = arguments.child(verb, "nsubj")
    if verb.dep_ == "ROOT" and _per_statement(verb):
        return True  # "Colombia will resume extraditions, according to a statement from ..."
    announced = verb.dep_ == "ccomp" and verb.head.lemma_.lower() in ANNOUNCING
    if announced and subject is not None and subject.pos_ == "PRON":
        return True
    # "the minister announced that *Spain* would fund a training centre": aid a state's
    # official announces its state will give is pledged
    aid = trigger.sense.event_type is PloverType.AID
    if not (aid and announced and subject is not None and subject.ent_type_ == "GPE"):
        return False
    will = any(c.lower_ in ("will", "would", "shall", "'ll") for c in verb.children)
    conditional = any(t.lower_ in ("if", "unless") for t in verb.subtree)
    return will and not conditional  # not "could release ... if Islamabad acts"


#: Nouns of a statement a plan is reported by ("according to a *statement* from ...").
STATEMENTS = frozenset(
    {"statement", "announcement", "communique", "communiqué", "release", "decree"}
)


def _per_statement(verb: Token) -> bool:
    """Whether the clause is attributed to a statement: "..., according to a statement from
    the president's office" (the plan announced, as "the government said it would")."""
    for prep in verb.children:
        if prep.dep_ == "prep" and prep.lower_ == "according":
            to = arguments.child(prep, "prep")
            pobj = arguments.child(to, "pobj") if to is not None else None
            if pobj is not None and pobj.lemma_.lower() in STATEMENTS:
                return True
    return False


def _aid_to_come(trigger: Trigger) -> bool:
    """Aid its giver *will* give, said plainly (no condition, not another's report of the
    giver's plan): news of a pledge ("Norway will give Malawi a grant of 40 million kroner,
    the ministry said"; not "the ministry said the president will release ...")."""
    token = trigger.token
    if trigger.sense.event_type is not PloverType.AID or token.pos_ != "VERB":
        return False
    if token.dep_ == "ccomp" and token.head.i < token.i:
        return False
    will = any(c.dep_ == "aux" and c.lower_ in ("will", "shall", "'ll") for c in token.children)
    subject = arguments.child(token, "nsubj")
    conditional = any(t.lower_ in ("if", "unless") for t in factuality.clause_verb(token).subtree)
    return will and subject is not None and subject.pos_ != "PRON" and not conditional


def _gives_a_text(trigger: Trigger) -> bool:
    """ "provided the following readout", "released a joint statement": a text given or
    published is no aid and no release."""
    obj = arguments.direct_object(trigger.token) if trigger.token.pos_ == "VERB" else None
    return (
        trigger.sense.event_type in (PloverType.AID, PloverType.RETREAT)
        and obj is not None
        and obj.lemma_.lower() in TEXT_NOUNS
    )


def _menacing(trigger: Trigger) -> bool:
    """ "vowed to take necessary measures", "pledged a firm response", "promised retaliation":
    what is promised is a reprisal, though no trigger names it."""
    if trigger.sense.governs is None:
        return False
    for comp in [*complements(trigger.token), *trigger.token.children]:
        if comp.dep_ not in ("xcomp", "ccomp", "dobj", "advcl"):
            continue
        for token in comp.subtree:
            lemma = token.lemma_.lower()
            if lemma in REPRISALS:
                return True
            kinds = {c.lower_ for c in token.children if c.dep_ in ("amod", "compound")}
            if lemma in MEASURES and kinds & IN_KIND:
                return True  # "promised a mirror response": a reprisal in the same coin
            if lemma in MEASURES and kinds & RESOLUTE and _after_blame(trigger.token):
                return True
            if lemma in RESPONDING and token.i == comp.i and _after_blame(trigger.token):
                return True  # "dismissed the measures as illegal and vowed to respond"
    return False


def _after_blame(vow: Token) -> bool:
    """ "condemned X ... and vowed to take necessary measures": resolute measures are a
    reprisal when the vow is coordinated with a blaming verb (not "vowed to take all
    necessary steps to protect Chinese nationals")."""
    siblings = [vow.head] if vow.dep_ == "conj" else []
    siblings += [c for c in vow.children if c.dep_ == "conj"]
    return any(s.lemma_.lower() in BLAMING for s in siblings)


def _helps_to_do(trigger: Trigger) -> bool:
    """ "offered his good offices to help defuse tensions": helping to settle a dispute is
    mediation, not aid ("helping to feed families" is aid)."""
    token = trigger.token
    return (
        trigger.sense.event_type is PloverType.AID
        and token.lemma_.lower() == "help"
        and arguments.direct_object(token) is None
        and any(
            c.dep_ in ("xcomp", "ccomp") and c.lemma_.lower() in SETTLING for c in token.children
        )
    )


def _first_person_will(token: Token) -> bool:
    """ "We will continue to support them", "I shall return the artefacts": the speaker's
    own act in the future tense, which the saying promises."""
    head = arguments.subject(token)
    if head is None or head.lower_ not in ("we", "i"):
        return False
    return any(
        c.dep_ == "aux" and c.lower_ in ("will", "shall", "'ll")
        for verb in factuality.chain(token)
        for c in verb.children
    )


def _looks_forward(verb: Token) -> bool:
    return verb.lemma_.lower() == "look" and any(c.lower_ == "forward" for c in verb.children)


def _threatened(trigger: Trigger, sense: Sense) -> bool:
    """A hostile act its own actor announces for the future is a threat, conditional or
    not: "the opposition said it would boycott all talks with the junta", "the party
    said it will boycott the elections unless the president steps down". A writer's
    speculation is none ("If Seoul deploys the system, Beijing could retaliate")."""
    verb = factuality.clause_verb(trigger.token)
    if any(c.dep_ == "mark" and c.lower_ in ("whether", "if") for c in verb.children) and (
        verb.dep_ == "ccomp"
    ):
        return False  # "did not say whether any peacekeepers were killed": a question asked
    announced = verb.dep_ == "ccomp" and verb.head.lemma_.lower() in ANNOUNCING
    reporter = arguments.subject(verb.head) if announced else None
    if reporter is not None and reporter.lemma_.lower() in COMMENTATORS:
        return False  # "Analysts say China could invade Taiwan": a forecast, no threat
    if trigger.sense.event_type is PloverType.MOBILIZE and _sent_to_a_state(trigger.token):
        return False  # "said his government would send troops to Haiti": a mission planned
    if trigger.sense.event_type not in THREATENED_ACTS:  # the act itself, before any
        # reading of it as a state's: a boycott threatened is a threat; so is any act
        # announced to happen "unless" another acts ("will withdraw its peacekeepers
        # unless the president arranges a ceasefire": an ultimatum)
        return announced and ultimatum(verb)
    return announced


def _forecast(trigger: Trigger) -> bool:
    """A commentator's warning is a forecast, no threat nor event of theirs: "Analysts in
    Washington warn that the administration could impose tariffs on Pakistan"."""
    if trigger.sense.event_type is not PloverType.THREATEN:
        return False
    subject = arguments.subject(trigger.token)
    return subject is not None and _singular(subject.lemma_.lower()) in COMMENTATORS


#: Those whose forecasts of a state's acts are no announcement of the state's.
COMMENTATORS = frozenset(
    {"analyst", "expert", "observer", "commentator", "scholar", "researcher", "pundit",
     "economist", "historian", "critic", "academic", "strategist"}
)  # fmt: skip


def _singular(word: str) -> str:
    return word[:-1] if word.endswith("s") and not word.endswith("ss") else word


#: Verbs of praise and thanks: what they are "for" or "in" is what is praised.
PRAISING = frozenset(
    {"thank", "praise", "commend", "appreciate", "congratulate", "laud", "hail", "acknowledge",
     "recognize", "recognise", "salute", "applaud"}
)  # fmt: skip


def _praised_for(gerund: Token) -> bool:
    """ "thanked Dar for Pakistan's partnership *in apprehending* ISIS-K operatives" (the
    parser hangs "in" on the verb): what is praised, no act of the praiser's."""
    prep = gerund.head
    return prep.dep_ == "prep" and prep.head.lemma_.lower() in PRAISING


#: Where forces are sent to menace, not to help: "around Taiwan", "along the border".
MENACING_PREPS = frozenset({"around", "near", "toward", "towards", "along", "off"})


def _menacing_direction(trigger: Trigger) -> bool:
    """Forces moved "around", "near", "toward", "along" or "off" a place, "in a show of
    force", or police deployed: a posture (the peer data code troops sent *to* a country
    as aid; these are not)."""
    token = trigger.token
    if _police_deployed(token):
        return True  # "deployed riot police across Harare": a state's force at home
    obj = arguments.direct_object(token)
    heads = [token, *([obj] if obj is not None else [])]
    if any(c.dep_ == "prep" and c.lower_ in MENACING_PREPS for h in heads for c in h.children):
        return True
    frontier = arguments.prep_object(heads, "to")  # "sent tanks *to the border*"
    if frontier is not None and frontier.lemma_.lower() in FRONTIERS:
        return True
    return "show of force" in token.sent.text.lower()


#: Where forces sent are massed against a neighbour, not given to an ally.
FRONTIERS = frozenset({"border", "frontier", "boundary", "front", "frontline"})


#: Police forces: deployed, a posture at home, never aid.
POLICE_WORDS = frozenset({"police", "policeman", "policemen", "gendarme", "gendarmerie"})


def _police_deployed(verb: Token) -> bool:
    obj = arguments.direct_object(verb)
    return obj is not None and obj.lemma_.lower() in POLICE_WORDS


#: Where a missile shown, not used, comes down.
SEA_WORDS = frozenset({"sea", "water", "waters", "ocean", "coast", "gulf"})
#: What is launched or fired to show force.
MISSILES = frozenset({"missile", "missiles", "icbm", "icbms"})


def _into_the_sea(trigger: Trigger) -> bool:
    """A missile launched or fired into the sea ("into the sea", "off its east coast",
    "into waters off ...") with no target of its own."""
    token = trigger.token
    obj = arguments.direct_object(token)
    if obj is None or (obj.lower_ not in MISSILES and obj.lemma_.lower() not in MISSILES):
        return False
    preps = [c for c in token.children if c.dep_ == "prep"]
    if any(p.lower_ in ("at", "on", "against") and not arguments.time_phrase(p) for p in preps):
        return False  # "launched missiles at Kyiv": an attack
    places = [
        o for p in preps if p.lower_ in ("into", "off", "toward", "towards") for o in p.children
    ]
    return any(o.lemma_.lower() in SEA_WORDS for o in places)


def _states_a_complaint(trigger: Trigger, inner: Trigger, is_trigger: bool) -> bool:
    """A summons' purpose clause that is itself a complaint ("to protest", "to lodge a
    protest", "to complain about ...")."""
    complaint = inner.sense.event_type in (
        PloverType.ACCUSE,
        PloverType.PROTEST,
        PloverType.REQUEST,  # "summoned the envoy to demand an explanation"
    ) or (inner.sense.state is not None and inner.sense.state.event_type is PloverType.ACCUSE)
    return trigger.sense.governs == "summon" and is_trigger and complaint


def _object_is_no_actor(trigger: Trigger, sense: Sense, whom: list[tuple[Actor, ...]]) -> bool:
    """A meeting verb whose object would be the one met, but is no actor ("met the Fund's
    conditions"); a verb whose object is its topic ("discussed ways to ...") is not one."""
    token = trigger.token
    if "dobj" not in sense.recipient:
        return False
    obj = arguments.direct_object(token) if token.pos_ == "VERB" else None
    return obj is not None and trigger.obj is None and not any(whom)


def _told_the_press(trigger: Trigger, whom: list[tuple[Actor, ...]]) -> bool:
    """Whether a verb of talking is aimed only at the press, named generically ("talking to
    reporters", "told journalists"), not a known outlet or journalist."""
    if trigger.token.lemma_.lower() not in ("talk", "speak", "tell", "brief", "address"):
        return False
    met = [a for w in whom for a in w]
    return bool(met) and all(
        a.sector is Sector.JRN and a.entity_id is None and a.name is None for a in met
    )


def _needs_recipient(trigger: Trigger, sense: Sense, state: SentenceState) -> bool:
    """PLOVER: AID and COOPERATE need a recipient (or a sum given); a meeting needs
    somebody met, unless its subject is a pair ("the two sides will hold talks"); a
    suspicion needs somebody suspected."""
    if sense.event_type is PloverType.CONSULT:
        head = arguments.subject(trigger.token) if trigger.token.pos_ == "VERB" else None
        return head is None or not any(c.lower_ in PAIR_WORDS for c in head.children)
    if sense.governs == "allege" or sense.judged_clause:
        # a suspicion is of somebody ("economists suspect inflation will rise": none), a
        # reported judgement of somebody ("said the situation was dangerous": none)
        return True
    if sense.event_type not in NEEDS_RECIPIENT or _has_amount(trigger, state):
        return False
    # "is providing urgent assistance": the aid itself is named, its recipient may not be
    return not (sense.event_type is PloverType.AID and _gives_aid(trigger.token))


def _gives_aid(verb: Token) -> bool:
    obj = arguments.direct_object(verb) if verb.pos_ == "VERB" else None
    return obj is not None and bool(set(arguments.object_lemmas(obj)) & RELIEF_WORDS)


#: "underscored the importance of X doing": an appeal only to another named party.
STRESS_RULE = "request.stress_need"


def _needed_of_another(who: tuple[Actor, ...], whom: list[tuple[Actor, ...]]) -> bool:
    mine = {a.country for a in who}
    return any(r.country and r.country not in mine for recipients in whom for r in recipients)


def _obliges_another(
    trigger: Trigger, who: tuple[Actor, ...], whom: list[tuple[Actor, ...]]
) -> bool:
    """A reported obligation is a demand only when a known actor lays it on somebody else:
    "the US said Pakistan must do more", not "Pakistan said it must protect its borders" (a
    pronoun, or the speaker again), "said more must be done" (nobody) or "analysts said
    ..." (no actor of the knowledge base or with a country)."""
    head = argument(trigger, "comp_subj")
    if head is None or head.pos_ == "PRON" or not any(whom):
        return False
    if not any(a.entity_id or a.country for a in who):
        return False  # "analysts said Washington must ...": commentary, not an actor's demand
    speakers = {a.entity_id or a.text for a in who}
    return all((r.entity_id or r.text) not in speakers for recipients in whom for r in recipients)


def _has_amount(trigger: Trigger, state: SentenceState) -> bool:
    return amounts.amount_for(trigger.token, state.amounts) is not None

    # again are the strikes an earlier sentence gave their author


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


def located(events: list[Event], sents: list[SpacySpan], actors: DocumentActors) -> list[Event]:
    """Events whose groups of no known country take that of the place the act happened in
    ("Gunmen shot dead three policemen in Quetta": ICEWS's "Unidentified Gunmen
    (Pakistan)"). A meeting's place says who hosted it, not who the guests are: not
    meetings. Aid goes to, and words are said of, a place the actor need not be in ("sent
    food to refugees in Chad", "criticised the arrests of journalists in Turkey"): there
    the place is the recipients' only.

    Where no place tells, the state's own bodies of no known country (a judge, the police,
    a party, parliament) are of the one country the document names, if it names only one
    ("Judge X opened investigations against 28 Chilean officials"); so are its officials,
    ministries and forces, unless the other side is of that country ("the minister
    criticised India's decision" is no Indian minister)."""
    out = []
    sole = actors.home_country if actors.sole_country else None
    by_start = {e.trigger.start: e for e in events}
    for event in events:
        sides = (*event.actors, *event.recipients)
        if all(a.country for a in sides):
            out.append(event)
            continue
        sent = sents[event.sentence.index]
        token = next((t for t in sent if t.idx == event.trigger.start), None)
        place = None
        if event.event_type is not PloverType.CONSULT and token is not None:
            host = _visit_said_in(token, by_start)
            if host is not None:  # "visited the Chinese embassy to convey condolences to X"
                recipients = tuple(_of_host(r, host) for r in event.recipients)
                event = event.evolve(recipients=recipients)
            place = _struck_country(token, by_start) or _deed_place_country(token, actors)
        if place is None or place == "IGO":
            out.append(_of_the_state(event, sole) if sole is not None else event)
            continue
        theirs = event.event_type is PloverType.AID or event.event_type in SAID_TYPES
        out.append(
            event.evolve(
                actors=event.actors if theirs else tuple(_of_place(a, place) for a in event.actors),
                recipients=tuple(_of_place(r, place) for r in event.recipients),
            )
        )
    return out


def _struck_country(token: Token, by_start: dict[int, Event]) -> str | None:
    """ "launched missile strikes at six locations in Pakistan, *killing* 26 civilians",
    "three people were killed *after Russian missiles struck Kharkiv*": the killing's place
    is that of the attack it tells the toll of, or is timed by (its target's country)."""
    told = token.dep_ in ("advcl", "conj") and token.tag_ == "VBG"
    head = token.head
    while told and token.dep_ == "conj" and head.tag_ == "VBG" and head.dep_ in ("conj", "advcl"):
        head = head.head  # "killing two ... and *wounding* ten": the attack both tell of
    for verb in ([head] if told else []) + arguments.timing_clauses(token):
        attack = by_start.get(verb.idx)
        if attack is None or attack.event_type is not PloverType.ASSAULT:
            continue
        return next((r.country for r in attack.recipients if r.country not in (None, "IGO")), None)
    return None


def _visit_said_in(token: Token, by_start: dict[int, Event]) -> str | None:
    """ "visited the Chinese embassy *to offer* his condolences to Ambassador X": words said
    on a visit are said to the host (the visit's country)."""
    if token.dep_ != "advcl" or token.tag_ != "VB":
        return None
    visit = by_start.get(token.head.idx)
    if visit is None or visit.event_type is not PloverType.CONSULT:
        return None
    return next((r.country for r in visit.recipients if r.country not in (None, "IGO")), None)


#: Acts of words: said of a place, not done in it.
SAID_TYPES = frozenset(
    {PloverType.ACCUSE, PloverType.REQUEST, PloverType.SUPPORT, PloverType.REJECT,
     PloverType.AGREE, PloverType.THREATEN}
)  # fmt: skip


def _of_place(actor: Actor, country: str) -> Actor:
    """A group with no country of its own, with that of the place its act happened in; a
    named person or body keeps what the knowledge base says of it."""
    if actor.country is not None or actor.name or actor.entity_id:
        return actor
    generic = (ActorKind.GROUP, ActorKind.UNKNOWN, ActorKind.INSTITUTION)  # "the army"
    if actor.kind not in generic or actor.sector is Sector.IGO:
        return actor
    code = f"{country}{actor.sector.value}" if actor.sector else country
    return replace(actor, country=country, code=code)


#: Sectors of a state's bodies that act at home (courts, police, parliament, parties): with
#: no country of their own, they are the document's one country's, whoever they act on.
DOMESTIC_SECTORS = frozenset({Sector.COP, Sector.JUD, Sector.LEG, Sector.PTY, Sector.OPP})
#: Sectors that also deal abroad: the document's one country's only when the other side is
#: not of it ("the minister criticised India's decision" is no Indian minister).
ABROAD_SECTORS = frozenset({Sector.GOV, Sector.MIL, Sector.SPY})


def _of_the_state(event: Event, country: str) -> Event:
    def of(actor: Actor, others: tuple[Actor, ...], coerced: bool = False) -> Actor:
        if actor.country is not None or actor.entity_id or _a_pair(actor):
            return actor  # "the two sides held talks in Doha": no one state
        # "the police dispersed demonstrators", "authorities jailed 52 members of ...": a
        # state's force used on people of no named country, in a text of that one country
        # ("the military council arrested the former prime minister": an office-holder too)
        home = coerced and actor.kind in HOME_KINDS
        if actor.sector is None:
            return replace(actor, country=country, code=country) if home else actor
        abroad = actor.sector in ABROAD_SECTORS and all(o.country != country for o in others)
        if actor.sector not in DOMESTIC_SECTORS and not abroad and not home:
            return actor
        return replace(actor, country=country, code=f"{country}{actor.sector.value}")

    actors = tuple(of(a, event.recipients) for a in event.actors)
    coerced = event.event_type in DOMESTIC_FORCE and any(
        a.country == country and a.sector in STATE_FORCES for a in actors
    )
    if event.event_type is PloverType.ASSAULT and any(a.sector is Sector.MIL for a in actors):
        coerced = False  # "Russian missiles struck Kryvyi Rih, killing nine": not Russians
    return event.evolve(
        actors=actors, recipients=tuple(of(r, actors, coerced) for r in event.recipients)
    )


#: Parties of no named country that a state's force acts on at home.
HOME_KINDS = frozenset(
    {ActorKind.GROUP, ActorKind.UNKNOWN, ActorKind.INSTITUTION, ActorKind.OFFICE}
)
#: Complaints, made to the one summoned when told with the summons.
COMPLAINTS = frozenset({PloverType.ACCUSE, PloverType.PROTEST})
#: Acts of force a state uses on its own people as often as on others.
DOMESTIC_FORCE = frozenset({PloverType.COERCE, PloverType.ASSAULT})
#: Sectors that wield a state's force.
STATE_FORCES = frozenset({Sector.GOV, Sector.MIL, Sector.COP, Sector.JUD, Sector.SPY})


def _a_pair(actor: Actor) -> bool:
    """A side named as two ("the two sides", "both parties", "the two countries"; not "two
    soldiers", who may well be of one state)."""
    words = actor.text.lower().split()
    return bool(words) and bool(set(words) & PAIR_WORDS) and words[-1] in PAIR_HEADS


#: What a side named as two is ("the two *sides*").
PAIR_HEADS = frozenset(
    {"sides", "parties", "countries", "nations", "states", "governments", "leaders",
     "delegations", "neighbours", "neighbors", "capitals", "ministers"}
)  # fmt: skip


def _of_host(actor: Actor, country: str) -> Actor:
    if actor.country is not None or actor.sector not in HOST_SECTORS:
        return actor
    sector = actor.sector or Sector.GOV
    return replace(actor, country=country, sector=sector, code=f"{country}{sector.value}")


def _visiting(home: set[str | None], state: SentenceState) -> str | None:
    """The country the actor's side was last told to be visiting: the country recipient of
    the document's last meeting, when its actor is of ``home``."""
    for event in reversed(state.discourse.acts):
        if event.event_type is not PloverType.CONSULT or not event.recipients:
            continue
        if event.actors[0].country not in home:
            return None
        there = event.recipients[0]
        return there.country if there.kind is ActorKind.COUNTRY else None
    return None


def _place_country(token: Token, actors: DocumentActors) -> str | None:
    head = place_head(token) or _visit_destination(token) or _where(token)
    if head is None:
        return None
    actor = actors.actor_for(arguments.np_span(head))
    return actor.country if actor is not None else None


def _where(token: Token) -> Token | None:
    """The place a "where" clause tells of ("flew on to *Banjul*, where he was received")."""
    verb = factuality.clause_verb(token)
    if verb.dep_ != "relcl" or not any(c.lower_ == "where" for c in verb.children):
        return None
    place = verb.head  # the tagger may call a capital a person ("Banjul")
    return place if place.pos_ == "PROPN" or place.ent_type_ in ("GPE", "LOC", "FAC") else None


def _visit_destination(token: Token) -> Token | None:
    """Where the visit a meeting happens during goes: "called on X ... *during a two-day
    visit to Warsaw*", "concluded a visit *to Indonesia* where he met with X"."""
    if token.dep_ == "relcl" and token.head.lemma_.lower() in VISIT_CUES:
        return arguments.prep_object([token.head], "to")
    # on the verb, or anywhere in its sentence where the parser hangs a long one
    preps = [*token.children, *(t for t in token.sent if t.lower_ == "during")]
    for prep in preps:
        if prep.dep_ != "prep" or prep.lower_ not in ("during", "on", "in"):
            continue
        visit = arguments.child(prep, "pobj")
        if visit is not None and visit.lemma_.lower() == "occasion":
            visit = arguments.prep_object([visit], "of")  # "on the occasion of her visit to X"
        if visit is not None and visit.lemma_.lower() in VISIT_CUES:
            return arguments.prep_object([visit], "to")
    return None


#: The rule of military exercises held (with a partner: COOPERATE).
EXERCISE_RULE = "cooperate.hold_exercise"
#: Where drills held alone are aimed: the place they surround or approach.
DRILLED_NEAR = ("around", "near", "off", "along", "over", "against")


#: Relief agencies (their PLOVER codes), whose warnings are alarms, never threats.
RELIEF = frozenset(
    {"UNHCR", "UNICEF", "WFP", "UNDP", "OCHA", "WHO", "UNRWA", "ICRC", "IOM", "FAO", "IFRC"}
)
#: Verbs of backing an act up.
BACKING = frozenset({"back", "support", "assist", "aid", "help", "cover", "accompany"})
#: Forces, whose backing is a state's support, not a means.
FORCES = frozenset({"troop", "force"})


def _means_of_an_act(token: Token) -> bool:
    """A participle saying by what weapons or strikes an act was done ("a counter-offensive
    *backed by* air strikes", "an assault *supported by* drones")."""
    if token.dep_ not in ("acl", "advcl") or token.tag_ != "VBN" or token.lemma_ not in BACKING:
        return False  # (not "the civilians *killed by* Russian strikes": the strikes kill)
    means = arguments.prep_object([token], "by")
    # (not forces: "rebels *backed by* Rwandan troops" is a state's support)
    return means is not None and means.lemma_.lower() in (WEAPONS | ATTACKS) - FORCES


def _drilled_alone(trigger: Trigger) -> bool:
    """Exercises with no partner: no "with", no conjoined subject, not "joint"."""
    verb = trigger.token
    obj = trigger.obj if trigger.obj is not None else arguments.direct_object(verb)
    heads = [verb, *([obj] if obj is not None else [])]
    if arguments.prep_object(heads, "with") is not None:
        return False
    if obj is not None and any(t.lower_ in SHARED_WORDS for t in obj.subtree if t.i <= obj.i):
        return False  # "their first *joint* search-and-rescue and firefighting drill"
    subject = arguments.subject(verb)
    if subject is None:
        return True
    owners = [c for c in subject.children if c.dep_ in ("amod", "compound", "nmod")]
    # "A and B held", "*Vietnamese and Philippine* coast guard vessels held"
    return not any(c.dep_ == "conj" for t in (subject, *owners) for c in t.children)


def _sent_to(verb: Token) -> bool:
    """Whether the forces the verb commits to moving go *to* a place or side ("to send tanks
    to Ukraine"), not around, near or against one."""
    for comp in complements(verb):
        obj = arguments.direct_object(comp)
        heads = [comp, *([obj] if obj is not None else [])]
        hostile = MENACING_PREPS | {"against"}
        if any(c.dep_ == "prep" and c.lower_ in hostile for h in heads for c in h.children):
            return False
        frontier = arguments.prep_object(heads, "to")
        return frontier is not None and frontier.lemma_.lower() not in FRONTIERS
    return False


def _sent_to_a_state(verb: Token) -> bool:
    """Whether forces are sent *to* a named state or city ("send troops to Haiti"), not to
    a frontier, around or against one, nor into it."""
    obj = arguments.direct_object(verb)
    heads = [verb, *([obj] if obj is not None else [])]
    hostile = MENACING_PREPS | {"against", "into"}
    if any(c.dep_ == "prep" and c.lower_ in hostile for h in heads for c in h.children):
        return False
    place = arguments.prep_object(heads, "to")
    return place is not None and place.ent_type_ == "GPE" and place.lemma_.lower() not in FRONTIERS


def _sent_to_help(verb: Token) -> bool:
    """Whether what is sent is help: carers and rescuers ("dispatched 300 doctors"), or
    anything sent to help, rescue or relieve ("sent aircraft *to help* Turkey")."""
    obj = arguments.direct_object(verb)
    if obj is not None and set(arguments.object_lemmas(obj)) & HELPERS:
        return True
    return any(
        c.lemma_.lower() in HELPING and c.dep_ in ("advcl", "xcomp") for c in complements(verb)
    )


#: Those sent whose coming is help ("dispatched doctors and nurses to Haiti").
HELPERS = frozenset(
    {"doctor", "nurse", "medic", "paramedic", "rescuer", "firefighter", "surgeon",
     "relief", "humanitarian"}
)  # fmt: skip
#: Purposes that make a dispatch help ("sent troops *to help* the government ...").
HELPING = frozenset({"help", "assist", "aid", "rescue", "evacuate", "relieve"})


def _agreed_between(verb: Token) -> bool:
    """ "he and Prime Minister Tusk agreed to deploy more air-defence units": forces two
    parties agree to move, aimed at nobody they name, are their decision, no threat."""
    if verb.lemma_.lower() != "agree":
        return False
    hostile = MENACING_PREPS | {"against"}
    return not any(
        t.dep_ == "prep" and t.lower_ in hostile for comp in complements(verb) for t in comp.subtree
    )


def _guest_visiting(verb: Token, actors: DocumentActors, home: set[str | None]) -> bool:
    """Whether the one met is told as visiting the subject's country: "met *visiting*
    Pakistani President Zardari", "met Zardari, *who is on a state visit to China*"."""
    subject = arguments.subject(verb)
    skip = {t.i for t in subject.subtree} if subject is not None else set()
    for token in verb.subtree:
        if token.i in skip or token.i == verb.i:
            continue
        if token.lower_ == "visiting" and (
            token.dep_ in ("amod", "compound") or arguments.visiting_adjective(token)
        ):
            return True
        if token.dep_ != "relcl":
            continue
        for cue in token.subtree:
            if cue.lemma_.lower() not in VISIT_CUES:
                continue
            to = arguments.prep_object([cue], "to") or (
                arguments.direct_object(cue) if cue.pos_ == "VERB" else None
            )  # "on a visit *to China*", "who is visiting *Washington*"
            if to is not None and to.lower_ in HOST_WORDS and _the_host(to):
                return True  # "who is currently visiting *the country*": the host's
            where = actors.actor_for(arguments.np_span(to)) if to is not None else None
            if where is not None and where.country in home:
                return True
    return False


#: Nouns that name the host's own country ("who is visiting *the country*").
HOST_WORDS = frozenset({"country", "kingdom", "capital", "city"})


def _the_host(noun: Token) -> bool:
    return any(c.lower_ in ("the", "this", "our") for c in noun.children)


def _deed_place_country(token: Token, actors: DocumentActors) -> str | None:
    """The country of the first place phrase of the act that names one ("prevented a
    demonstration by students at Cumhuriyet University ... in Sivas": Sivas's)."""
    for head in place_heads(token):
        if head.lemma_.lower() in PREMISES:
            continue  # "outside the *American Center*": a state's premises abroad, not its land
        actor = actors.actor_for(arguments.np_span(head))
        if actor is not None and actor.country is not None:
            return actor.country
    return None


#: Buildings a state keeps abroad, where an act done is done in the host's land.
PREMISES = frozenset(
    {"embassy", "consulate", "commission", "mission", "center", "centre", "residence",
     "chancery", "compound"}
)  # fmt: skip


def _location(token: Token, actors: DocumentActors) -> str | None:
    head = place_head(token)
    if head is None:
        return None
    span = arguments.np_span(head)
    words = [t for t in span if t.dep_ != "det"]
    return span.doc[words[0].i : words[-1].i + 1].text if words else None


def _confidence(sense: Sense, who: tuple[Actor, ...]) -> float:
    resolved = any(a.country or a.name or a.entity_id for a in who)
    return round(sense.confidence if resolved else sense.confidence * 0.8, 3)


def _hosts_an_occasion(trigger: Trigger) -> bool:
    """ "hosting this vital regional security conference": what is hosted is an occasion."""
    guest = argument(trigger, "dobj")
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


def restated(events: list[Event], sents: list[SpacySpan]) -> list[Event]:
    """A headline names what the story tells ("Special Envoy Travels to A, B and C",
    "Readout of X's Meeting with Y"): its event is dropped where the text codes one of the
    same type whose countries include the headline's known ones on each side."""
    headlines = {i for i, sent in enumerate(sents) if title_case_line(sent)}
    body = [e for e in events if e.sentence.index not in headlines]

    def told(event: Event) -> bool:
        mine = [{a.country for a in side if a.country} for side in (event.actors, event.recipients)]
        return any(
            e.event_type is event.event_type and all(side <= _all_countries(e) for side in mine)
            for e in body
        )

    def planned(event: Event) -> bool:
        """The story tells the headline's act only as a plan ("Khalilzad Travels to A, B
        and C" over "he will travel to ..."): every body event of its type by its actor's
        country is hypothetical."""
        mine = {a.country for a in event.actors if a.country}
        same = [
            e
            for e in body
            if e.event_type is event.event_type and mine & {a.country for a in e.actors}
        ]
        return bool(same) and all(e.hypothetical for e in same)

    return [
        e.evolve(hypothetical=True) if e.sentence.index in headlines and planned(e) else e
        for e in events
        if e.sentence.index not in headlines or not told(e)
    ]


def _all_countries(event: Event) -> set[str]:
    return {a.country for a in (*event.actors, *event.recipients) if a.country}


def _paired_meeting(token: Token, senses: tuple[Sense, ...]) -> bool:
    """A meeting noun named for a hyphenated pair of states, or of a body that is ("the
    Working Level Meeting *of the United States-Nigeria Bi-National Commission*")."""
    if senses[0].event_type is not PloverType.CONSULT:
        return False
    of = arguments.prep_object([token], "of")
    return arguments.hyphen_named(token) or (of is not None and arguments.hyphen_named(of))


def _one_per_person(events: list[Event]) -> list[Event]:
    """An act done together by people named as such to someone else ("Jaishankar and Rajnath
    Singh held talks with Blinken", "the two ministers condemned the strikes") is each one's:
    one event per person, as a careful coder records it. A side of states or bodies stays one
    compound actor (PLOVER's), as do people the text does not tell apart and an act with no
    one else in it ("Macron and Scholz agreed to deploy ...")."""
    out: list[Event] = []
    for event in events:
        people = [a for a in event.actors if a.kind is ActorKind.PERSON and a.name]
        keys = {a.entity_id or a.name or a.text for a in event.actors}
        alone = not event.recipients  # "Macron and Scholz agreed to deploy ...": together
        if alone or len(people) < max(len(event.actors), 2) or len(keys) < len(people):
            out.append(event)
            continue
        out.extend(replace(event, actors=(person,)) for person in people)
    return out


def _drop_weak(events: list[Event], triggers: list[Trigger]) -> list[Event]:
    """Weak triggers restate: dropped beside a strong event of the same type with the same
    actors or between the same countries (either way round), or with no recipient beside
    any strong event of that type ("met the US President ..., where the two leaders
    discussed ..."). A plan restates no deed: an act done is kept beside one only planned
    ("traveled to Brazil to participate in ... bilateral meetings": the journey stays)."""
    weak = {t.token.idx for t in triggers if t.sense.weak}

    def restated(event: Event) -> bool:
        done = not (event.hypothetical or event.negated)
        strong = [
            e
            for e in events
            if e.trigger.start not in weak and not (done and (e.hypothetical or e.negated))
        ]
        same_actors = {(e.event_type, tuple(a.text for a in e.actors)) for e in strong}
        same_states = {(e.event_type, *_countries(e)) for e in strong}
        same_states |= {(t, r, a) for t, a, r in same_states}
        return (
            (event.event_type, tuple(a.text for a in event.actors)) in same_actors
            or (event.event_type, *_countries(event)) in same_states
            or (not event.recipients and event.event_type in {e.event_type for e in strong})
        )

    return [e for e in events if e.trigger.start not in weak or not restated(e)]


def _drop_tolls(events: list[Event], triggers: list[Trigger]) -> list[Event]:
    """The toll a participle tells after an attack ("attacked a post in Kurram, *killing*
    two soldiers") is that attack, told once: dropped when the attack it follows has the
    same actors and already reaches every state the toll names. A toll that names others
    stays an event of its own ("targeted a convoy in Karachi, killing two *Chinese*
    nationals")."""
    attacks = {t.token.i: t for t in triggers if t.sense.event_type is PloverType.ASSAULT}
    heads = {
        t.token.idx: t.token.head.idx
        for t in attacks.values()
        if t.token.tag_ == "VBG"
        and t.token.dep_ == "advcl"
        and t.token.head.i in attacks
        and not any(c.dep_ in ("nsubj", "nsubjpass") for c in t.token.children)
    }

    def told(event: Event) -> bool:
        head = heads.get(event.trigger.start)
        if head is None or event.event_type is not PloverType.ASSAULT:
            return False
        actors, victims = _countries(event)
        return any(
            e.trigger.start == head
            and e.event_type is PloverType.ASSAULT
            and _countries(e)[0] == actors
            and victims - {None} <= _countries(e)[1]
            and (e.recipients or not event.recipients)
            for e in events
        )

    return [e for e in events if not told(e)]


def _countries(event: Event) -> tuple[frozenset[str | None], frozenset[str | None]]:
    return frozenset(a.country for a in event.actors), frozenset(
        r.country for r in event.recipients
    )
