"""Who and whom for ``rules.v1``: the participants of a trigger's event.

:class:`Parties` finds an event's actors and recipients from the parse (:mod:`.arguments`),
the sentence and the document: the subject and the object or preposition the sense names,
each conjunct, the people listed after a group noun and the countries of a compound phrase,
a bare title's holder in the document, pronouns, the two sides "both" or "the two leaders"
stand for, and -- when the sense's own argument is missing -- the owner of the thing acted on,
the target of a governed complement or of a threat's condition, the counterpart of a
conjoined verb. The conventions are listed in :mod:`.rules`.
"""

from __future__ import annotations

import itertools
import re
from collections import Counter
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field, replace
from typing import TYPE_CHECKING, Any, cast

from ..actors.lexicon import ROLE_HEADS, ROLE_NOUNS
from ..actors.matching import PORTFOLIO_WORDS
from ..actors.owners import PLACE_NOUNS, dateline
from ..model import Actor, ActorKind, Event, PloverType, Sector, Sentence
from . import amounts, arguments, factuality
from .discourse import (
    ACT_NOUNS,
    BLAME_TYPES,
    PERSON_KINDS,
    Discourse,
    antecedent,
    as_state,
    document_countries,
    party,
    previous_subject,
    recent,
    recent_subject,
    salient_holder,
    same_side,
    sentence_before,
    two_guests,
)
from .lexicon import Lexicon, Sense
from .triggers import (
    ERUPTING,
    LIGHT_HEADS,
    TALKS,
    UNDER_WAY,
    Trigger,
    claimed_by,
    complements,
    engaged_in,
    noun_content,
    purpose_words,
    told_in,
)

if TYPE_CHECKING:
    from spacy.tokens import Doc, Token
    from spacy.tokens import Span as SpacySpan

    from ..actors.base import DocumentActors


STATE_KINDS = frozenset({ActorKind.COUNTRY, ActorKind.IGO})
BODY_KINDS = frozenset({ActorKind.INSTITUTION, ActorKind.COUNTRY, ActorKind.IGO})
FIRST_PERSON = frozenset({"i", "me", "my", "we", "our", "us"})
SECOND_PERSON = frozenset({"you", "your"})
#: Nouns for texts whose author a "by" phrase names ("Statement *by* Ambassador X").
AUTHORED = frozenset(
    {"statement", "remark", "remarks", "address", "speech", "message", "article", "letter",
     "interview", "testimony", "briefing"}
)  # fmt: skip
PAIR_NOUNS = frozenset(
    {"country", "nation", "government", "state", "side", "leader", "delegation", "minister",
     "official", "counterpart", "party", "president", "chief", "secretary", "team",
     "neighbour", "neighbor", "rival", "ally", "adversary", "capital"}
)  # fmt: skip
PAIR_WORDS = frozenset({"two", "both"})
#: What a pair ("they", "the two ministers") does with each other, whatever the verb (they
#: met, agreed, worked together, "reaffirmed their mutual commitment"): the first is the
#: actor, the second the recipient. Anything else the pair does, both do ("They called for
#: the attackers to be brought to justice"), to no one named.
PAIRED_TYPES = frozenset(
    {PloverType.CONSULT, PloverType.AGREE, PloverType.COOPERATE, PloverType.SUPPORT}
)
PLURAL_OBJECTS = frozenset({"them", "their"})
PERSONAL = frozenset({"he", "she", "him", "her", "his", "hers", "they", "them", "their"})
SINGULAR = frozenset({"he", "she", "him", "her", "his", "hers"})
OBJECT_PRONOUNS = frozenset({"him", "her"})
OWNER_DEPS = frozenset({"poss", "compound", "nmod", "amod"})
#: Nouns for words said or proposed: their "of" object is their author ("the call of X").
SPEECH_NOUNS = frozenset(
    {"call", "proposal", "demand", "offer", "request", "plan", "accusation", "claim",
     "criticism", "statement", "remark", "allegation", "appeal", "suggestion", "decision",
     "position", "stance", "initiative", "policy", "move", "threat", "warning", "ultimatum"}
)  # fmt: skip
#: Acts done to a place ("lifted the curfew in Amman", "suspended aid deliveries in Borno").
TERRITORIAL = frozenset(
    {PloverType.ASSAULT, PloverType.COERCE, PloverType.RETREAT, PloverType.CONCEDE,
     PloverType.SANCTION, PloverType.MOBILIZE}
)  # fmt: skip
#: Things that act for their owner ("US drones killed ...").
WEAPONS = frozenset(
    {"drone", "missile", "rocket", "jet", "aircraft", "warplane", "plane", "helicopter",
     "raid", "strike", "airstrike", "bomb", "shell", "artillery", "tank", "warship", "ship",
     "troop", "force", "predator", "bomber", "fighter", "bulldozer", "gunboat", "vessel",
     "device", "mine", "landmine", "minefield", "grenade", "explosive"}
)  # fmt: skip
#: Crewed craft, which as the subject of an act stand for those aboard.
CREWED = frozenset({"ship", "vessel", "warship", "gunboat", "boat", "frigate", "cutter"})
#: Nouns for attacks that can be the subject of a killing.
ATTACKS = frozenset(
    {"attack", "bombing", "blast", "explosion", "shelling", "airstrike", "assault", "ambush",
     "raid", "suicide", "gunfire", "clash", "fighting", "violence", "offensive"}
)  # fmt: skip
#: Fire that is a side's when a nationality names it ("*Israeli* fire killed three"), not
#: when nothing does ("a fire killed ten people in a market": an accident, no attack).
GUNFIRE = frozenset({"fire", "firing"})
#: Hostile deeds, named by a noun that times another act ("condemned India *after the
#: shelling*"), done by someone other than the one who acts after them.
TIMED_DEEDS = frozenset(
    {PloverType.ASSAULT, PloverType.COERCE, PloverType.MOBILIZE, PloverType.PROTEST,
     PloverType.THREATEN, PloverType.SANCTION}
)  # fmt: skip
TIMING_PREPS = frozenset({"after", "following", "before", "since", "amid"})
#: Entities a modifier names that make a plural one side's ("the *US* officials").
NAMED_MODIFIER_ENTS = frozenset({"GPE", "NORP", "ORG"})
#: Acts two parties agree to do with each other ("agreed to cooperate", "to meet").
MUTUAL_ACTS = (PloverType.CONSULT, PloverType.COOPERATE, PloverType.AGREE, PloverType.RETREAT)
#: What two parties say or do together to a third they name ("Both leaders *condemned* the
#: attack", "... *called on* the warring parties"); a paired type (support, a meeting) goes
#: from one to the other instead.
JOINT_TYPES = frozenset(
    {PloverType.REQUEST, PloverType.ACCUSE, PloverType.REJECT, PloverType.THREATEN,
     PloverType.AID}
)  # fmt: skip
#: Groups of states a leader appeals to, who are not the counterpart just met.
ALLIES = frozenset({"ally", "partner", "friend", "donor", "neighbour", "neighbor", "power"})
#: Rules of denying a charge, which answer the one who made it.
DENIALS = frozenset({"reject.deny"})
#: Sectors that arrest, raid and seize in a state's name.
FORCES = frozenset({Sector.COP, Sector.MIL, Sector.SPY})
#: Acts that share the counterpart of the verb they are conjoined to.
SHARING_TYPES = frozenset(
    {PloverType.REQUEST, PloverType.SUPPORT, PloverType.AGREE, PloverType.COOPERATE}
)
#: What one expresses of one's own: its owner is the speaker, never the one addressed.
EXPRESSED = frozenset(
    {"concern", "appreciation", "gratitude", "condolence", "sympathy", "solidarity",
     "displeasure", "objection", "reservation", "disappointment", "anger", "outrage", "regret",
     "satisfaction", "hope", "desire", "willingness", "readiness", "intention", "resolve"}
)  # fmt: skip
#: Diplomatic acts done in a capital with no agent named: the host state's.
HOSTED_ACTS = frozenset({PloverType.ACCUSE, PloverType.PROTEST, PloverType.REQUEST})
#: Verbal acts that, with no one named, are said to the counterpart of the last meeting.
SAID_TO_COUNTERPART = frozenset({PloverType.SUPPORT, PloverType.REQUEST, PloverType.AGREE})
#: CAMEO's offer to mediate (an AGREE): with no parties named, it is between the two
#: states its maker last dealt with.
MEDIATION = "039"
#: Acts that answer an earlier one: with no target of their own, they are aimed at the
#: author of the act their sentence names again.
ANSWERING_TYPES = frozenset(
    {PloverType.THREATEN, PloverType.ACCUSE, PloverType.PROTEST, PloverType.REJECT}
)
#: Entity labels of bodies and places, which "his" or "her" never stands for.
BODY_ENTS = frozenset({"ORG", "GPE", "NORP", "FAC", "LOC"})
#: CAMEO roots of demands, complaints, refusals, threats and sanctions.
HOSTILE_CAMEO = frozenset({"10", "11", "12", "13", "16"})
#: Verbs of putting money into something, whose "in" phrase names the one invested in.
INVESTING = frozenset({"invest", "inject", "spend", "plough", "pour"})
#: Where a governed act names the one it is aimed at ("offered to send troops *to* X").
COMPLEMENT_PREPS = ("to", "against", "on", "with", "into", "at", "from", "between")
#: Last words of a bare title ("Deputy Crown *Prince* and Minister of Defense X").
TITLE_WORDS = frozenset(
    {"prince", "princess", "minister", "secretary", "president", "premier", "chancellor",
     "chief", "commander", "general", "ambassador", "envoy", "director", "chairman", "chair",
     "deputy", "governor", "king", "queen", "emir", "sheikh", "adviser", "advisor", "head",
     "leader", "spokesman", "spokesperson", "spokeswoman", "representative", "coordinator"}
)  # fmt: skip
NON_AGENTS = frozenset(
    {"statement", "decision", "move", "report", "capability", "message", "step", "plan",
     "policy", "relation", "tie", "issue", "situation", "matter", "programme", "program",
     "project", "deal", "package", "sanction", "measure", "development", "crisis",
     # relationships and efforts are no actors ("Our judicial cooperation has delivered ...")
     "cooperation", "relationship", "partnership", "engagement", "effort", "work", "support",
     "commitment", "agreement", "alliance", "friendship", "collaboration", "initiative",
     "progress", "result", "assistance", "aid", "funding", "investment", "trade"}
)  # fmt: skip
#: Acts that are never aimed at their actor's own state by owning its thing.
OWN_EXCLUDED = frozenset({PloverType.SUPPORT, PloverType.AGREE, PloverType.REQUEST})
SPEECH_TYPES = frozenset(
    {PloverType.REQUEST, PloverType.REJECT, PloverType.ACCUSE, PloverType.SUPPORT,
     PloverType.THREATEN, PloverType.AGREE}
)  # fmt: skip
#: Verbs whose object is told what their reported clause says ("told X that ...").
TELLING_VERBS = frozenset({"tell", "inform", "assure", "notify", "warn", "remind", "convey"})

PLACE_PREPS = frozenset({"in", "at", "near", "outside", "through", "across"})
#: Nouns for what is given as aid ("humanitarian *assistance* to Kenya").
AID_NOUNS = frozenset(
    {"aid", "assistance", "funding", "grant", "loan", "relief", "support", "donation"}
)
#: Entity types of sums, never an actor ("thousands" protest: counts may be people).
AMOUNT_ENTS = frozenset({"MONEY", "PERCENT", "QUANTITY"})
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
    pair: tuple[Actor, Actor] | None = None  # the last two states that dealt with each other
    discourse: Discourse = field(default_factory=lambda: Discourse())


class Parties:
    """The participant finder of ``rules.v1`` (see the module docstring)."""

    def __init__(self, lexicon: Lexicon) -> None:
        self.lexicon = lexicon

    # ---- participants -------------------------------------------------------------------
    def participants(
        self, trigger: Trigger, sense: Sense, state: SentenceState, actors: DocumentActors
    ) -> tuple[tuple[Actor, ...], list[tuple[Actor, ...]]]:
        talks = _talks_between(trigger) if sense.reciprocal else None
        decided = self._between(talks, actors, state) if talks is not None else None
        decided = decided or _decided_by_both(trigger, state)
        if decided is not None:  # "It was decided to set up a joint working group"
            return _reciprocal(decided)
        actor_heads = self._find(trigger, sense.actor, sense)
        recipient_heads = self._find(trigger, sense.recipient, sense)
        if sense.event_type is PloverType.CONSULT:
            # "the meeting of the United States-Nigeria Bi-National Commission", "the
            # Pakistan-US Strategic Dialogue met": a body of two states meets as the two
            named = [*actor_heads, *recipient_heads]
            # "the Pakistan-US strategic dialogue resumed", "a meeting of the A-B Joint
            # Committee was held": the meeting noun (or a light verb's) and its "of" body
            meeting = trigger.token if nominal(trigger.token) else trigger.obj
            if meeting is not None:
                of = arguments.prep_object([meeting], "of")
                named += [meeting, *([of] if of is not None else [])]
            paired = next((p for h in named if (p := _hyphen_pair(h, actors))), None)
            if paired is not None and not any(
                (a := self.resolve(h, actors)) is not None and a.kind is ActorKind.PERSON
                for h in actor_heads
            ):
                return _reciprocal(paired)
        who = _without_nameless(
            self.resolve_all(actor_heads, actors, subject="subj" in sense.actor)
        )
        if actor_heads and all(h.pos_ == "PRON" for h in actor_heads):
            who = (
                self._answerer(trigger, sense, state)
                or self._previous(actor_heads, actors, state)
                or who
            )
        visitor = state.discourse.last_visitor
        if (
            visitor is not None
            and actor_heads
            and _the_visitor(actor_heads[0])
            and all(a.country is None for a in who)
        ):
            # "the visiting dignitary" (and "his delegation", who came with him)
            span = arguments.np_span(actor_heads[0])
            who = (replace(visitor, text=span.text, start=span.start_char, end=span.end_char),)
        if (
            actor_heads
            and nominal(trigger.token)
            and all(a.country is None and not a.name for a in who)
        ):
            # "The request was made during *a meeting* with Georgieva": the act named again
            # stands for its author (the one who made the request before)
            author = state.discourse.author_of(actor_heads[0], ())
            if author is not None:
                span = arguments.np_span(actor_heads[0])
                who = (replace(author, text=span.text, start=span.start_char, end=span.end_char),)
        counterparts = _counterparts_met(actor_heads, who, state)
        if counterparts:
            # "The Secretary and his counterparts condemned ...": those he met
            who = (*who, *counterparts)
        if not who and _thanks_you(trigger.token):
            # "Minister, thank you for your hospitality": the speaker, named by the byline
            speaker = _author(trigger.token, actors)
            who = (speaker,) if speaker is not None else who
        if actor_heads and not nominal(trigger.token) and all(a.country is None for a in who):
            # "Indian shelling killed two civilians": the unresolved attack is India's
            who = self._agent_of_thing(actor_heads[0], actors) or who
        elif (
            sense.event_type is PloverType.ASSAULT
            and nominal(trigger.token)
            and actor_heads
            and actor_heads[0].head.i == trigger.token.i
            and actor_heads[0].dep_ != "poss"
        ):
            # "repulsed a *Russian* attack": the attack named for its doer, a state's forces
            who = self._agent_of_thing(trigger.token, actors) or who
        if not who and sense.event_type is PloverType.ASSAULT and not nominal(trigger.token):
            who = _instrument(trigger)  # "killed by a roadside bomb": the attacker unknown
            attacker = _attack_agent(trigger) if who else None
            if attacker is not None:  # "killed in an attack *by Al-Shabaab militants*"
                who = self.resolve_all([attacker], actors) or who
            if not who or all(a.country is None for a in who):
                # "were martyred in *the Afghan attacks*", "killed in Indian shelling"
                done_in = arguments.prep_object([trigger.token], "in")
                owned = self._agent_of_thing(done_in, actors) if done_in is not None else ()
                suffered = not sense.actor  # "Two soldiers embraced martyrdom when ..."
                who = owned or self._attackers_when(trigger.token, actors, suffered) or who
        if not who and sense.event_type in FORCE_TYPES and not nominal(trigger.token):
            # "Police fired tear gas at the marchers and 12 people *were detained*"
            who = self._force_before(trigger.token, actors)
        if not who and sense.event_type is PloverType.COERCE and not nominal(trigger.token):
            who = self._force_reporting(trigger.token, actors)
        if not who and nominal(trigger.token) and _complained_of_deed(trigger.token):
            # "recalled their envoys from Algeria in protest at the downing of a drone": the
            # deed complained of is the one the complaint is made to's
            verb = factuality.clause_verb(trigger.token)
            who = tuple(state.recipients_by_trigger.get(verb.i, ()))
        if (
            not who
            and sense.event_type is PloverType.RETREAT
            and arguments.is_passive(trigger.token)
        ):
            # "Six Americans *held in Venezuelan prisons* were freed": by those who held them
            freed = arguments.child(trigger.token, "nsubjpass")
            holder = _holder_of(freed, actors) if freed is not None else None
            who = (holder,) if holder is not None else who
        if (
            not who
            and sense.event_type is PloverType.MOBILIZE
            and arguments.is_passive(trigger.token)
        ):
            # "2,000 Mexican soldiers were sent to Chiapas": forces moved by their own state
            moved = arguments.direct_object(trigger.token)
            forces = self.resolve(moved, actors) if moved is not None else None
            who = (forces,) if forces is not None and forces.country else who
        whom_list = _of_shared(
            recipient_heads, [self.resolve(h, actors) for h in recipient_heads], actors
        )
        whom = [
            a
            for head, found in _merge_titles(recipient_heads, whom_list)
            for a in self._expand(head, found, actors)
        ]
        issuing = arguments.issuing_verb(trigger.token) if not whom else None
        if issuing is not None:
            # "sent a diplomatic note *to India* requesting the extradition of ...": asked
            # of the one the text is sent to
            sent_to = argument(Trigger(issuing, sense), "dative") or arguments.prep_object(
                [issuing], "to"
            )
            found = self.resolve(sent_to, actors) if sent_to is not None else None
            whom = [found] if found is not None else whom
        if not whom and _said_on_a_call(trigger.token):
            # "telephoned Nauseda to express solidarity", "visited the embassy to offer
            # condolences": words a call or visit is made to say are said to the one called
            whom = [a for a in state.recipients_by_trigger.get(trigger.token.head.i, ())]
        if [h.lower_ for h in recipient_heads] == ["them"] and trigger.token.dep_ == "conj":
            # "called the foreign ministers of both countries and urged *them*": all the
            # first conjunct dealt with
            before = state.recipients_by_trigger.get(trigger.token.head.i, ())
            if len(before) > 1:
                whom = list(before)
        if (
            sense.event_type in ANSWERING_TYPES
            and whom
            and all(w.country is None and not w.name for w in whom)
        ):
            # "Taiwan condemned the drills": the drills' author, told before
            whom = self._answered_act(trigger, who, state) or whom
        if len(who) > 1 and any(_each_other(h) for h in recipient_heads):
            return _reciprocal(who)  # "Armenia and Azerbaijan accused each other of ..."
        pair = self._pair(actor_heads, actors, state)
        if pair is not None and not whom:
            if not sense.reciprocal and sense.event_type not in PAIRED_TYPES:
                # "They called for ...": both asked, of nobody named; "Both leaders condemned
                # *North Korea's* launch": of the owner of the act they name
                owners = self._act_owner(trigger, sense, actors, recipient_heads, pair)
                return pair, [(w,) for w in _unique(owners)] or [()]
            return (pair[0],), [(pair[1],)]
        if pair is not None and not sense.reciprocal and sense.event_type in JOINT_TYPES:
            # "Both leaders called on the Sudanese parties to ...": the two together, to
            # the ones named
            return pair, [(w,) for w in _unique(whom)]
        between = nominal(trigger.token) and (
            arguments.prep_object([trigger.token], "between")
            or arguments.prep_object(  # "the signing of an agreement *between* A and B"
                [o for o in [arguments.prep_object([trigger.token], "of")] if o is not None],
                "between",
            )
        )
        if (
            not who
            and not nominal(trigger.token)
            and (sense.event_type is PloverType.CONSULT or sense.reciprocal)
        ):
            # "Talks were held in Doha *between* Qatari mediators and a Congolese delegation",
            # "a memorandum was signed *between the two sides*"
            held = [trigger.token, *([trigger.obj] if trigger.obj is not None else [])]
            sides = arguments.prep_object(held, "between")
            between_sides = self._between(sides, actors, state) if sides is not None else None
            if between_sides is not None:
                return _reciprocal(between_sides)
        if (not who or between) and nominal(trigger.token) and len(whom) > 1:
            # "talks between the foreign ministers of Armenia and Azerbaijan", "the meeting of
            # Israeli and Lebanese delegations": the parties are the two sides (named
            # "between" them, not the clause's subject: "signed five agreements after talks
            # between Dar and Wang Yi")
            return _reciprocal(tuple(whom))
        if (
            nominal(trigger.token)
            and sense.event_type is PloverType.CONSULT
            and not recipient_heads
            and len(_unique(who)) > 1
            and all(a.country for a in who)
        ):
            # "Armenia and Azerbaijan resumed talks": talks the two sides hold with each other
            return _reciprocal(who)
        if _pair_travels_to_meet(trigger, sense, who):
            # "Sudanese and Ethiopian negotiators flew to Nairobi for talks": they meet each other
            # there; the place is where, not whom
            return _reciprocal(who)
        if sense.reciprocal and not recipient_heads and len(who) > 1:
            # "A and B agreed to roll over deposits for Pakistan": co-actors, to the one the
            # act agreed is for
            third = (
                self._complement_recipient(trigger, actors, who)
                or self._complement_beneficiary(trigger, actors, who)
                if trigger.complement not in (None, *MUTUAL_ACTS)
                else []
            )
            if trigger.complement not in (None, *MUTUAL_ACTS):
                return who, [(w,) for w in _unique(third)] or [()]
            # "A and B met"; not "A and B met IMF staff", whoever the staff are
            return _reciprocal(who)
        if not whom and sense.event_type is not PloverType.CONSULT:
            whom = self._act_owner(trigger, sense, actors, recipient_heads, who)
            whom = whom or self._act_author(trigger, recipient_heads, who, state)
            whom = whom or self._owned_before(recipient_heads, who, actors)
        addressed = (
            sense.event_type is PloverType.REQUEST
            and "dobj" in sense.recipient
            and trigger.token.pos_ == "VERB"
            and arguments.direct_object(trigger.token) is not None
        )  # "urged the international community to pressure Israel": asked of no actor
        if not whom and not addressed and (sense.governs is not None or trigger.obj is not None):
            # "offered to send troops to X", "accepted an invitation to visit Nairobi"
            whom = self._complement_recipient(trigger, actors, who)
        if not whom and nominal(trigger.token) and sense.dated:
            # "Pyongyang's threat on Monday *to annihilate any South Korean vessel*", "the
            # promise to deposit $3 billion with Pakistan's central bank": at whom the act the
            # noun intends is aimed
            whom = self._complement_recipient(replace(trigger, obj=trigger.token), actors, who)
        own = {a.country for a in who} - {None}
        if sense.event_type is PloverType.THREATEN and (
            not whom or ultimatum(trigger.token) or all(w.country in own for w in whom)
        ):
            # "will withdraw from Somalia unless the AU pays": aimed at whom it presses
            whom = self._condition_parties(trigger, actors, who) or whom
        if not whom and sense.event_type in ANSWERING_TYPES:
            whom = self._answered_act(trigger, who, state) or self._blamed_beside(trigger, state)
        if not whom and sense.rule in DENIALS and who:
            # "India accused Pakistan of backing the attackers. Islamabad denied any role"
            accuser = state.discourse.accuser_of(who)
            whom = [accuser] if accuser is not None else whom
        if not whom and sense.event_type is PloverType.SANCTION:
            # "accused Pakistan of harbouring militants and suspended $2bn in aid": the
            # sanction conjoined to a complaint or demand hits its target
            whom = self._blamed_beside(trigger, state, hostile=True)
        if not whom and _grants_money(trigger, sense, state):
            whom = self.benefited(trigger.token, sense.event_type, actors, who)  # "for Ukraine"
        if sense.event_type is PloverType.AID and whom and all(w.country is None for w in whom):
            # "delivered supplies *for Gaza* through an air bridge to El Arish": the one aided,
            # when the place it was taken to names no state
            whom = self.benefited(trigger.token, sense.event_type, actors, who) or whom
        if sense.event_type is PloverType.AID and all(w.country is None for w in whom):
            # "assistance for flood-affected families": the families of the country aided
            # "flood victims *in Pakistan*" (the parser may hang the place on the verb)
            placed = _place_of_heads([*recipient_heads, trigger.token], actors)
            home = [placed] if placed is not None else _aided_home(trigger.token, who, actors)
            if home and whom:
                whom = [_with_country(w, str(home[0].country)) for w in whom]
            elif home:
                whom = home
        if not whom and sense.event_type is PloverType.PROTEST:
            whom = _protested(trigger.token, who, actors)
        if not whom and sense.cameo == MEDIATION and state.discourse.last_parties:
            # "offered his good offices to help defuse tensions": between the two states
            # the mediator last dealt with
            mine = {w.country for w in who}
            whom = [a for a in state.discourse.last_parties if a.country not in mine]
        if not whom and sense.respond and sense.event_type in FORCE_TYPES and who:
            # "responded with retaliatory fire (after X shelled a post)": at the provoker
            whom = self._provoker(trigger, who, state, actors)
        if not whom:
            whom = self._answered(trigger, sense, state) or self._shared(trigger, sense, state)
        if (
            not whom
            # "called on Western allies": a group named, if unknown, is no counterpart
            and not any(h.tag_ == "NNS" and h.lemma_.lower() in ALLIES for h in recipient_heads)
            and sense.event_type in SAID_TO_COUNTERPART
            and not nominal(trigger.token)
        ):
            whom = _counterpart(who, state)
        pair = self._pair(recipient_heads, actors, state, recipient=True)
        if pair is not None and who:
            return who, [(pair[0],), (pair[1],)]
        if not who and whom and sense.event_type in HOSTED_ACTS:
            who = _hosting_state(trigger, actors, whom)
        # one mention is never both sides ("The talks were hosted *by Qatar*")
        whom = [w for w in whom if not any(same_mention(w, a) for a in who)]
        return who, [(w,) for w in _unique(whom)] or [()]

    def _find(self, trigger: Trigger, specs: tuple[str, ...], sense: Sense) -> list[Token]:
        for spec in specs:
            head = argument(trigger, spec)
            if head is not None:
                found = _reporters(head) or arguments.conjuncts(head)
                if spec == "subj":
                    found += _second_subject(head)
                if spec != "subj":  # "met the U.S. envoy, Reed, and the British ambassador"
                    found += _stray_conjuncts(trigger.token, head)
                    found += _repeated_preposition(head, spec)
                if spec != "subj":  # "a surcharge on all imports *from Colombia*"
                    found = [_goods_source(h) or _place_of_wrongs(h) or h for h in found]
                found = _unique_tokens(_titled_person(h) or _named_after(h) or h for h in found)
                found += [a for h in found for a in arguments.accompanying(h)]
                if spec != "subj" and head.dep_ == "pobj" and head.head.lower_ == "with":
                    # "held talks with X, along with Y": Y hangs on the verb (but "met X
                    # along with his delegation" is the subject's company)
                    found += [
                        a
                        for a in arguments.accompanying(trigger.token)
                        if a.i > head.i
                        and not any(c.dep_ == "poss" and c.pos_ == "PRON" for c in a.children)
                    ]
                return _unique_tokens(found)
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
        if obj is None and sense.event_type is PloverType.REQUEST and token.pos_ == "VERB":
            obj = arguments.prep_object([token], "for")  # "called *for* a halt to X's raids"
        place = place_head(token) if sense.event_type in TERRITORIAL else None
        for thing in [*([obj] if obj is not None else []), *heads, *([place] if place else [])]:
            candidates = [thing] if thing is place else _owner_candidates(thing, sense.event_type)
            for head in candidates:
                actor = self.resolve(head, actors)
                if actor is None or any(same_mention(actor, a) for a in who):
                    continue
                if head.pos_ == "PRON" and (
                    actor.country in {a.country for a in who}
                    or head.lower_ in ("their", "our")
                    or _subjects_own(head)
                ):
                    continue  # "defend *its* sovereignty", "their desire": the actor's own
                if sense.event_type in OWN_EXCLUDED and actor.country in {a.country for a in who}:
                    continue  # "reaffirmed the United States' commitment": not support of itself
                if (
                    head.dep_ == "amod"
                    and actor.kind not in (ActorKind.COUNTRY, ActorKind.IGO)
                    and not (head.ent_type_ == "NORP" and actor.country is not None)
                ):
                    continue  # "a *general* strike": an adjective owns only as a nationality
                if _named_for_a_city(thing, head, actor):
                    continue  # "the *Paris* climate agreement": named for where it was made
                made = head.head.lower_ == "by" and actor.sector is not None  # "a rally by X"
                if actor.country is not None or head.pos_ == "PROPN" or made:
                    owners = [actor, *self._co_owners(head, actors)]
                    if head.head.lower_ == "from":  # "an offer from X": X, a party of its own
                        return owners
                    # the phrase the sentence aims at ("condemned *the US drone strike*"), or
                    # the place or party a phrase of the thing names ("eased sanctions *on
                    # North Korea*")
                    span = arguments.np_span(head if head.dep_ == "pobj" else thing)
                    return [
                        replace(
                            as_state(o)
                            if head.dep_ == "amod" and o.kind is ActorKind.COUNTRY
                            else o,
                            text=span.text,
                            start=span.start_char,
                            end=span.end_char,
                        )
                        for o in owners
                    ]
        return []

    def _act_author(
        self,
        trigger: Trigger,
        heads: list[Token],
        who: tuple[Actor, ...],
        state: SentenceState,
    ) -> list[Actor]:
        """The author of an earlier act named again by a definite noun ("India rejected the
        mediation offer", "condemned the decision as biased"): the act's actor, from the
        sentences before."""
        token = trigger.token
        obj = arguments.direct_object(token) if token.pos_ == "VERB" else None
        for thing in [*([obj] if obj is not None else []), *heads]:
            author = state.discourse.author_of(thing, who)
            if author is not None:
                span = arguments.np_span(thing)
                return [replace(author, text=span.text, start=span.start_char, end=span.end_char)]
        return []

    def _owned_before(
        self, heads: list[Token], who: tuple[Actor, ...], actors: DocumentActors
    ) -> list[Actor]:
        """ "the Foreign Office welcomed *the decision*" after "over *Washington's* decision to
        clear a package": a definite act noun the text named before with its owner (an act
        no event was coded for) is that owner's."""
        for thing in heads:
            lemma = thing.lemma_.lower()
            if lemma not in ACT_NOUNS or not any(c.lower_ == "the" for c in thing.children):
                continue
            for earlier in reversed(thing.doc[: thing.sent.start]):
                if earlier.lemma_.lower() != lemma:
                    continue
                owner = arguments.child(earlier, "poss")
                actor = self.resolve(owner, actors) if owner is not None else None
                if (
                    actor is not None
                    and actor.country
                    and not any(same_side(actor, a) for a in who)
                ):
                    span = arguments.np_span(thing)
                    return [
                        replace(actor, text=span.text, start=span.start_char, end=span.end_char)
                    ]
                break  # the latest such noun is the one referred to
        return []

    def _answered_act(
        self, trigger: Trigger, who: tuple[Actor, ...], state: SentenceState
    ) -> list[Actor]:
        """A threat or complaint with no target of its own answers the earlier act its
        sentence names again: "vowed to retaliate, calling *the strikes* a violation" is
        aimed at the strikes' author."""
        for token in state.sent:
            if token.pos_ != "NOUN" or token.i == trigger.token.i:
                continue
            author = state.discourse.author_of(token, who)
            if author is not None:
                span = arguments.np_span(token)
                return [replace(author, text=span.text, start=span.start_char, end=span.end_char)]
        return []

    def _blamed_beside(
        self, trigger: Trigger, state: SentenceState, hostile: bool = False
    ) -> list[Actor]:
        """ "called Washington's export controls unjust and vowed to take necessary
        measures": a threat or complaint conjoined to one with a target shares it (with
        ``hostile``, only a demand's, complaint's, refusal's, threat's or sanction's)."""
        token = trigger.token
        if token.dep_ != "conj":
            return []
        if hostile and state.cameo_by_trigger.get(token.head.i, "")[:2] not in HOSTILE_CAMEO:
            return []
        return [a for a in state.recipients_by_trigger.get(token.head.i, ()) if a.country]

    def _co_owners(self, head: Token, actors: DocumentActors) -> list[Actor]:
        """The owners coordinated with ``head`` ("the decision by Colombia's government *and
        the ELN rebels*")."""
        found = (self.resolve(c, actors) for c in arguments.conjuncts(head)[1:])
        return [a for a in found if a is not None and a.country is not None]

    def _complement_recipient(
        self, trigger: Trigger, actors: DocumentActors, who: tuple[Actor, ...]
    ) -> list[Actor]:
        """The party a governed act is aimed at is the recipient of the governing event
        when it names none itself: "threatened to shell *Haifa*", "offered to send troops to
        *Uganda*", "agreed to withdraw from *Syria*" (PLOVER: the target of the threat, the
        beneficiary of the offer)."""
        obj = trigger.obj
        clauses = [c for c in obj.children if c.dep_ in ("acl", "relcl")] if obj is not None else []
        # "reaffirmed its commitment to supporting Lebanon's sovereignty"
        clauses += [
            g
            for p in (obj.children if obj is not None else ())
            if p.dep_ == "prep"
            for g in p.children
            if g.dep_ == "pcomp" and g.pos_ == "VERB"
        ]
        for comp in [*complements(trigger.token), *clauses]:
            obj = arguments.direct_object(comp) or _object_of_particle(comp)
            heads = [comp, *([obj] if obj is not None else [])]
            candidates = [heads[1]] if len(heads) > 1 else []
            # the owner of what the act is done to ("supporting *Lebanon's* sovereignty")
            candidates += [p for p in [arguments.child(heads[-1], "poss")] if len(heads) > 1 and p]
            candidates += [
                o for w in COMPLEMENT_PREPS if (o := arguments.prep_object(heads, w)) is not None
            ]
            invested = (
                arguments.prep_object(heads, "in") if comp.lemma_.lower() in INVESTING else None
            )
            if invested is not None:  # "pledged to invest $3bn *in Egypt's* energy sector"
                owner = arguments.child(invested, "poss")
                candidates += [owner] if owner is not None else [invested]
            found = [
                (head, actor)
                for head in candidates
                if (actor := self.resolve(head, actors)) is not None
                and not any(same_mention(actor, a) for a in who)
            ]
            # the actor's own things are not whom the act is for ("to roll over *Saudi
            # Arabia's* deposit with the State Bank of Pakistan"), when another is named
            others = [p for p in found if not any(same_side(p[1], a) for a in who)]
            found = others or found
            # a party with a country or a name before a bare sector ("to work *with
            # Afghanistan* on border security")
            found.sort(key=lambda pair: not (pair[1].country or pair[1].name))
            if found:
                head, actor = found[0]
                # "offered to mediate between Pakistan and India": every one of them
                rest = (self.resolve(c, actors) for c in arguments.conjuncts(head)[1:])
                return [actor, *(a for a in rest if a is not None)]
            if trigger.complement in TERRITORIAL:
                # "threatened to impose a curfew in Sfax": done there, to its state
                place = place_head(comp)
                actor = self.resolve(place, actors) if place is not None else None
                if actor is not None and actor.country not in (None, "IGO"):
                    return [as_state(actor)]
        return []

    def _complement_beneficiary(
        self, trigger: Trigger, actors: DocumentActors, who: tuple[Actor, ...]
    ) -> list[Actor]:
        """The one a governed act is "for" ("agreed to roll over deposits *for Pakistan*")."""
        for comp in complements(trigger.token):
            obj = arguments.direct_object(comp)
            heads = [comp, *([obj] if obj is not None else [])]
            heads += [o for h in heads[1:] for o in [arguments.prep_object([h], "in")] if o]
            found = arguments.prep_object(heads, "for")
            actor = self.resolve(found, actors) if found is not None else None
            if actor is not None and actor.country and not any(same_mention(actor, a) for a in who):
                return [actor]
        return []

    def benefited(
        self, token: Token, kind: PloverType, actors: DocumentActors, who: tuple[Actor, ...]
    ) -> list[Actor]:
        """The party money is granted or pledged for: "pledged $2 billion *for Ukraine's*
        reconstruction", "approved $50 million for *Haiti*", "pledges aid for *Ukraine*
        recovery", "gave $95 million in assistance *to Kenya*", "announced funding to
        address *Kenya's* drought" (the "for" object of the verb or of what is given, the
        "to"/"for" object of an aid noun, what a purpose clause acts on, or its owner)."""
        mine = {a.country for a in who}
        # "... to address Kenya's drought": what a purpose clause of the grant acts on
        purposes = [
            o
            for c in token.children
            if c.dep_ in ("advcl", "xcomp")
            and arguments.child(c, "aux") is not None
            and (o := arguments.direct_object(c) or _helped(c)) is not None
        ]
        # "... to promote investment and development *in Ethiopia*": where it acts
        purposes += [
            p
            for o in list(purposes)
            for n in arguments.conjuncts(o)
            if (p := arguments.prep_object([n], "in")) is not None
        ]
        for holder in (token, arguments.direct_object(token)):
            pobj = arguments.prep_object([holder], "for") if holder is not None else None
            if pobj is not None:
                purposes.insert(0, pobj)
        # "has given over KES 9.5 billion in humanitarian assistance to Kenya"
        purposes[:0] = [
            o
            for n in token.subtree
            if n.lemma_.lower() in AID_NOUNS
            for w in ("to", "for")
            if (o := arguments.prep_object([n], w)) is not None
        ]
        for pobj in purposes:
            for head in [pobj, *_owner_candidates(pobj, kind)]:
                actor = self.resolve(head, actors)
                if actor is None or actor.country in mine:
                    continue
                if actor.country is not None or (head is pobj and actor.sector is not None):
                    # a country's, or a group's the place may give one ("flood victims")
                    span = arguments.np_span(pobj)
                    return [
                        replace(actor, text=span.text, start=span.start_char, end=span.end_char)
                    ]
        return []

    def _agent_of_thing(self, thing: Token, actors: DocumentActors) -> tuple[Actor, ...]:
        """ "Recent *US* Predator attacks have killed eight al-Qaeda leaders", "*Israeli*
        air raids killed 20 people": a deed whose subject is a weapon or an attack is done
        by the party that owns it."""
        lemma = thing.lemma_.lower()
        gerund = thing.tag_ == "VBG" and thing.dep_ in ("nsubj", "pobj")  # "Indian shelling"
        if not (thing.pos_ == "NOUN" or gerund) or (
            lemma not in self.lexicon.nouns and lemma not in WEAPONS | ATTACKS | GUNFIRE
        ):
            return ()
        fired_by = [
            agent
            for c in thing.children
            if c.dep_ == "acl" and c.tag_ == "VBN"
            for agent in [arguments.prep_object([c], "by")]
            if agent is not None
        ]  # "Shells *fired by the RSF* struck the camp": the RSF's
        for head in [*fired_by, *_modifier_chain(thing)]:
            actor = self.resolve(head, actors)
            if actor is None or actor.country is None:
                continue
            if head in fired_by:
                return (actor,)
            if head.tag_ == "JJ" and actor.kind is not ActorKind.COUNTRY:
                continue  # "a *general* strike": an adjective, no general
            if actor.kind in (ActorKind.COUNTRY, ActorKind.UNKNOWN) or head.dep_ == "amod":
                return (_with_country(as_state(actor), actor.country, Sector.MIL),)
            return (actor,)
        return ()

    def _attackers_when(
        self, verb: Token, actors: DocumentActors, suffered: bool = False
    ) -> tuple[Actor, ...]:
        """ "Five soldiers were injured *when militants attacked* a checkpost", "two
        civilians were martyred and five others injured *when Indian troops opened fire*": a
        harm told in the passive is done by whoever attacks in the clause that times it (on
        the verb or, shared, on its last conjunct)."""
        if not arguments.is_passive(verb) and not suffered:
            return ()
        for clause in arguments.timing_clauses(verb):
            senses = self.lexicon.verbs.get(clause.lemma_.lower(), ())
            attacker = arguments.child(clause, "nsubj")
            if attacker is None or not any(s.event_type is PloverType.ASSAULT for s in senses):
                continue
            return self.resolve_all([attacker], actors) or self._agent_of_thing(attacker, actors)
        return ()

    def _force_before(self, verb: Token, actors: DocumentActors) -> tuple[Actor, ...]:
        """The force that acts in the clause an agentless passive is coordinated with: "Police
        fired tear gas and 12 people were detained" (the police detained them)."""
        if verb.dep_ != "conj" or not arguments.is_passive(verb):
            return ()
        if arguments.child(verb, "agent") is not None:
            return ()
        head = arguments.child(verb.head, "nsubj")
        actor = self.resolve(head, actors, subject=True) if head is not None else None
        if actor is None or actor.sector not in (Sector.COP, Sector.MIL):
            return ()
        return (actor,)

    def _force_reporting(self, verb: Token, actors: DocumentActors) -> tuple[Actor, ...]:
        """ "Three Serbian nationals were arrested near the border, *Kosovo police said*":
        an arrest, raid or seizure told in the passive by the police, the military or an
        intelligence service is theirs (not a ministry's: "the ministry said two of its
        nationals were detained" tells of another state's arrest)."""
        if not arguments.is_passive(verb) or verb.dep_ != "ccomp":
            return ()
        if verb.head.lemma_.lower() not in factuality.SPEECH_VERBS:
            return ()
        reporter = arguments.child(verb.head, "nsubj")
        if reporter is None:
            return ()
        found = self.resolve_all([reporter], actors)
        return tuple(a for a in found if a.sector in FORCES)

    def _previous(
        self, heads: list[Token], actors: DocumentActors, state: SentenceState
    ) -> tuple[Actor, ...]:
        """ "Nepal's prime minister arrived in New Delhi. *He* held talks with Modi": a
        he/she opening a sentence, with nobody before it there, is the person who acted
        last in the sentences before -- or the person the sentence just before is about, when
        that sentence coded nothing ("The army chief later hosted a dinner. During the
        dinner, he denied ...")."""
        head = heads[0]
        person = state.discourse.last_person
        if len(heads) != 1 or head.lower_ not in ("he", "she") or person is None:
            return ()
        if not (_opens(head) or head.i == head.sent.start):
            return ()
        # "The army chief later hosted a dinner [no event]. During the dinner, he denied
        # ...": the person the sentence just before is about, when that one coded nothing
        before = _sentence_before(head)
        if before is not None and state.discourse.last_person_sentence < state.sentence.index - 1:
            subject = next(
                (c for c in before.root.children if c.dep_ in ("nsubj", "nsubjpass")), None
            )
            if subject is not None and subject.pos_ in ("NOUN", "PROPN"):
                told = self.resolve(subject, actors)
                if told is not None and told.kind in PERSON_KINDS:
                    return (told,)
        return (person,)

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
        token = trigger.token
        # in the warning's own clause, or, for a reporting verb the parser hung on the
        # warned clause ("If India attacks, Pakistan will respond, the spokesman warned"),
        # in the sentence
        reported = token.dep_ in ("ccomp", "parataxis") and token.head.i > token.i
        scope = token.sent if reported or token.dep_ == "parataxis" else token.subtree
        for clause in scope:
            if clause.dep_ != "advcl" or not any(
                c.dep_ == "mark" and c.lower_ in ("if", "unless") for c in clause.children
            ):
                continue
            # (the small model tags "if India *attacks*" a noun, "India" its compound)
            head = (
                arguments.child(clause, "nsubj", "compound")
                if clause.pos_ == "NOUN"
                else arguments.subject(clause)
            )
            if head is None:
                continue
            agent = arguments.prep_object([head], "by")
            heads = arguments.conjuncts(agent if agent is not None else head)
            found = [a for h in heads if (a := self.resolve(h, actors)) is not None]
            own = {w.country for w in who}
            found = [
                a
                for a in found
                if a.country and a.country not in own and not any(same_mention(a, w) for w in who)
            ]
            if found:
                return found
        return self._answered_deed(trigger, actors, who)

    def _answered_deed(
        self, trigger: Trigger, actors: DocumentActors, who: tuple[Actor, ...]
    ) -> list[Actor]:
        """ "warned that *any Indian military misadventure* would be met with a swift
        response": a threat is aimed at the one whose supposed deed the warned clause says it
        will answer (the nationality of that deed, the subject of a passive)."""
        comp = next(complements(trigger.token), None)
        deed = arguments.child(comp, "nsubjpass") if comp is not None else None
        if deed is None or not any(c.lower_ in ("any", "every") for c in deed.children):
            return []
        own = {w.country for w in who}
        for head in _owner_candidates(deed, PloverType.THREATEN):
            actor = self.resolve(head, actors)
            if actor is not None and actor.country not in (None, "IGO", *own):
                return [as_state(actor)]
        return []

    def _shared(self, trigger: Trigger, sense: Sense, state: SentenceState) -> list[Actor]:
        """ "praised Malaysia for its help and urged closer cooperation", "met the UAE
        president and signed three memorandums": a verbal act or an agreement with no
        counterpart of its own, conjoined to a verb that has one, is with that one."""
        token = trigger.token
        if sense.event_type not in SHARING_TYPES or token.dep_ != "conj":
            return []
        return list(state.recipients_by_trigger.get(token.head.i, ()))

    def _provoker(
        self, trigger: Trigger, who: tuple[Actor, ...], state: SentenceState, actors: DocumentActors
    ) -> list[Actor]:
        """Whom a reprisal of force answers: the doer of the act of force its "after"/"when"
        clause tells, else the latest one of the other side before it."""
        for clause in trigger.token.children:
            if clause.dep_ != "advcl" or clause.pos_ != "VERB":
                continue
            doer = arguments.subject(clause)
            found = self.resolve(doer, actors, subject=True) if doer is not None else None
            if (
                found is not None
                and found.country
                and found.country not in {a.country for a in who}
            ):
                return [found]
        provoker = state.discourse.provoker_of(who, FORCE_TYPES)
        return [provoker] if provoker is not None else []

    def _answered(self, trigger: Trigger, sense: Sense, state: SentenceState) -> list[Actor]:
        token = trigger.token
        if not sense.respond or token.dep_ != "conj":
            return []
        return list(state.actors_by_trigger.get(token.head.i, ()))

    def resolve_all(
        self, heads: list[Token], actors: DocumentActors, subject: bool = False
    ) -> tuple[Actor, ...]:
        resolved = [self.resolve(h, actors, subject) for h in heads]
        pairs = (
            _merge_titles(heads, resolved)
            if len(heads) > 1
            else list(zip(heads, resolved, strict=True))
        )
        found = (a for h, actor in pairs for a in self._expand(h, actor, actors))
        unique = _unique(found)
        return tuple(_in_company(unique) if len(heads) > 1 else unique)

    def _expand(self, head: Token, actor: Actor | None, actors: DocumentActors) -> list[Actor]:
        """One noun phrase as the participants it stands for: the people listed after a
        group noun ("senior officials, among them A, B and C": A, B, C), one actor per
        country of a compound ("Bolivian and Peruvian officials", "the foreign ministers of
        India and Pakistan": the PLOVER compound-actor rule), else the phrase's own actor."""
        members = arguments.listed_members(head)
        if members:
            found = _unique(actors.actor_for(m) or _unresolved(m) for m in members)
            return _shared_country(found, actor)
        met = self._all_just_met(head, actors)
        if len(met) > 1:  # "spoke to both Sharif and Jaishankar and urged *them* to ..."
            return met
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
            if c is None and (a := self.resolve(t, actors)) is not None
        ]
        return [_with_country(actor, c) for c in named] + others

    def resolve(self, head: Token, actors: DocumentActors, subject: bool = False) -> Actor | None:
        """The actor a noun phrase head denotes. Unresolved proper names (and, in subject
        position, common nouns: "police", "protesters") are kept with their text."""
        if head.ent_type_ in AMOUNT_ENTS:
            return None  # "announced KES 3.3 billion in new funding": a sum, nobody
        if dateline(head):
            return None  # "Islamabad – An interagency delegation ... traveled": no party
        span = arguments.np_span(head)
        leader = arguments.leader_of(head) if head.pos_ == "NOUN" else None
        if leader is not None:  # "The delegation, led by Deputy Foreign Minister X, ..."
            led = self.resolve(leader, actors)
            if led is not None:
                return led
        if head.pos_ == "PRON" and head.lower_ in ("its", "their") and head.dep_ == "poss":
            blamed = self._complained_of(head, actors)
            if blamed is not None:  # "protested to X over its decision": X's
                return blamed
        if head.pos_ == "PRON" and head.lower_ == "its" and head.dep_ == "poss":
            owner = self._just_owned(head, actors)
            if owner is not None:  # "recognized the generosity of X and commended its ..."
                return owner
        if head.pos_ == "PRON" and head.lower_ in OBJECT_PRONOUNS:
            met = self._just_met(head, actors)
            if met is not None:  # "had met X and assured *him*"
                return met
        if head.pos_ == "PRON" and head.lower_ in SINGULAR:
            found = antecedent(head, actors)
            if found is not None:
                return found
        if head.pos_ == "PRON" and head.lower_ in FIRST_PERSON and not quoted(head):
            speaker = _labelled_speaker(head, actors)
            if speaker is not None:  # a transcript's "Spokesperson: We have shared ..."
                return speaker
        styled = _styled_name(head)
        if styled is not None and (found := actors.actor_for(styled)) is not None:
            # "His Highness Sayyid Badr Albusaidi, Minister of Foreign Affairs, held": the
            # person the style introduces
            return replace(found, text=span.text, start=span.start_char, end=span.end_char)
        if _honorific_alone(span):
            # "His Highness also met Mauro Vieira": the dignitary the text is about
            found = previous_subject(head, actors) or recent(head, actors, PERSON_KINDS)
            if found is not None:
                return replace(found, text=span.text, start=span.start_char, end=span.end_char)
        actor = salient_holder(span, actors) or actors.actor_for(span)
        if (
            actor is not None
            and actor.kind is ActorKind.GROUP
            and actor.sector is None
            and head.pos_ == "NOUN"
            and self._is_thing(head)
        ):
            if subject and head.lemma_.lower() in CREWED and actor.country:
                # "Colombian and Ecuadorian navy ships held a joint drill": their crews, of
                # their states' forces
                actor = replace(actor, sector=Sector.MIL, code=f"{actor.country}MIL")
            else:
                actor = None  # "Israeli air strikes": an act or a weapon, its doer elsewhere
        if actor is not None and head.lower_ in OBJECT_PRONOUNS:
            return self._not_own_subject(head, actor, actors)
        if actor is None or actor.country is None:
            # "Iran's parliament speaker", "the UN human rights chief": a role of a named owner
            actor = _role_of_owner(head, span, actors) or actor
        if actor is not None:
            return _in_extent(actor, span)
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
        verb = factuality.clause_verb(pronoun)
        own = arguments.subject(verb)
        mine = self.resolve(own, actors, subject=True) if own is not None else None
        if mine is None or _key(mine) != _key(actor):
            return actor
        return recent(pronoun, actors, PERSON_KINDS, exclude=_key(mine)) or actor

    def _complained_of(self, pronoun: Token, actors: DocumentActors) -> Actor | None:
        """ "India lodged a protest with the United States over *its* decision to ...",
        "criticised Washington for *its* handling of ...": what a complaint is "over", "for"
        or "about" is the one complained to's or of, not the complainer's."""
        noun = pronoun.head
        prep = noun.head if noun.dep_ == "pobj" else None
        if prep is None or prep.lower_ not in COMPLAINT_PREPS:
            return None
        governor = prep.head
        heads = [governor, *([governor.head] if governor.dep_ == "dobj" else [])]
        heads += [o for h in heads if (o := arguments.direct_object(h)) is not None]
        if not any(h.lemma_.lower() in COMPLAINING for h in heads):
            return None
        target = arguments.prep_object(heads, "with") or arguments.prep_object(heads, "to")
        if target is None:
            target = next(
                (o for h in heads if (o := arguments.direct_object(h)) is not None
                 and o.lemma_.lower() not in COMPLAINING),
                None,
            )  # fmt: skip
        found = self.resolve(target, actors) if target is not None else None
        return found if found is not None and found.kind is not ActorKind.PERSON else None

    def _just_owned(self, pronoun: Token, actors: DocumentActors) -> Actor | None:
        """ "recognized the generosity of the Turkish government ... and commended *its*
        response": the body that owns what the first conjunct's verb acted on."""
        verb = factuality.clause_verb(pronoun)
        thing = _object_of_first_conjunct(verb)
        if thing is None:
            return None
        for head in _owner_candidates(thing, PloverType.SUPPORT):
            found = self.resolve(head, actors)
            if found is not None and found.country and found.kind is not ActorKind.PERSON:
                return found
        return None

    def _all_just_met(self, pronoun: Token, actors: DocumentActors) -> list[Actor]:
        """ "Spoke to both Sharif and Jaishankar and urged *them*": "them" are all the
        parties the first conjunct's verb dealt with."""
        if pronoun.lower_ != "them" or pronoun.pos_ != "PRON":
            return []
        verb = factuality.clause_verb(pronoun)
        if verb.dep_ != "conj" or verb.head.pos_ != "VERB":
            return []
        first = verb.head
        thing = arguments.direct_object(first) or next(
            (o for w in ("to", "with") if (o := arguments.prep_object([first], w))), None
        )
        if thing is None:
            return []
        found = (self.resolve(h, actors) for h in arguments.conjuncts(thing))
        return _unique(a for a in found if a is not None)

    def _just_met(self, pronoun: Token, actors: DocumentActors) -> Actor | None:
        """ "met X ... and assured *him*": the person the first conjunct's verb met, when
        not the subject itself."""
        verb = factuality.clause_verb(pronoun)
        met = _object_of_first_conjunct(verb)
        if met is None:
            return None
        found = self.resolve(met, actors)
        if found is None or found.kind not in PERSON_KINDS:
            return None
        own = arguments.subject(verb)
        mine = self.resolve(own, actors, subject=True) if own is not None else None
        return found if mine is None or _key(found) != _key(mine) else None

    def _pronoun(self, head: Token, actors: DocumentActors) -> Actor | None:
        """ "X announced it would ...": the pronoun subject of a reported clause is the
        reporting subject; other personal pronouns fall back to the last person mentioned,
        "it"/"its" to the last institution or country."""
        clause = head.head
        if head.dep_ == "nsubj" and clause.dep_ == "ccomp":
            reporter = arguments.subject(clause.head)
            if reporter is not None and reporter.pos_ != "PRON":
                speaker = self.resolve(reporter, actors, subject=True)
                if head.lower_ == "they" and quoted(head) and speaker is not None:
                    # '"They have agreed to extend the loans," Touhid said': in his own
                    # words, "they" are the others (he would say "we"): the other side
                    return self._other_side(head, speaker, actors)
                return speaker
        if head.lower_ in PLURAL_OBJECTS:
            group = self._plural_antecedent(head, actors)
            if group is not None:
                return group
        if head.lower_ in PLURAL_PERSONAL:
            # "dozens of students protested ... Police used tear gas to disperse *them*": the
            # last plural subject, never one person
            return _last_plural_subject(head, actors, self)
        if head.lower_ in PERSONAL:
            return previous_subject(head, actors) or recent(head, actors, PERSON_KINDS)
        if head.lower_ in ("it", "its"):
            return recent_subject(head, actors) or recent(head, actors, BODY_KINDS)
        if head.lower_ in SECOND_PERSON and not quoted(head):
            return _addressee(head, actors)  # "Minister, thank you for your hospitality"
        if head.lower_ in FIRST_PERSON and not quoted(head):
            # a statement's "I"/"we": its author ("Statement by Ambassador X"), else for
            # "we" the body that issues it
            author = _author(head, actors)
            if author is not None or head.lower_ in ("i", "me", "my"):
                return author
            return _issuer(head, actors)
        return None

    def _other_side(self, head: Token, speaker: Actor, actors: DocumentActors) -> Actor | None:
        """The latest state or body named before ``head`` that is not the speaker's."""
        for mention in reversed(actors.mentions):
            actor = mention.actor
            if mention.end_token > head.i or actor.country in (None, "IGO", speaker.country):
                continue
            if actor.kind in BODY_KINDS | PERSON_KINDS:
                return replace(
                    as_state(actor), text=head.text, start=head.idx, end=head.idx + len(head)
                )
        return None

    def _plural_antecedent(self, head: Token, actors: DocumentActors) -> Actor | None:
        """ "met members of the diaspora and urged *them* to ...": them/their stand for the
        nearest plural noun phrase before them in the sentence that denotes an actor, never
        for the subject of their own clause (the one doing the urging)."""
        own = arguments.subject(factuality.clause_verb(head))
        for token in reversed(head.sent[: head.i - head.sent.start]):
            if token.tag_ not in ("NNS", "NNPS") or (own is not None and token.i == own.i):
                continue
            while token.dep_ == "conj" and token.head.pos_ in ("NOUN", "PROPN"):
                token = token.head  # "the Colombian government and people": the first one
            actor = actors.actor_for(arguments.np_span(token))
            if actor is not None:
                return actor
        if head.lower_ != "them" or any(
            t.tag_ in ("NNS", "NNPS") for t in head.sent if t.i < head.i
        ):
            return None
        # "We have shared evidence with the Afghan authorities. We call upon *them* to ...":
        # the plural party the sentence before dealt with (not its subject)
        before = _sentence_before(head)
        for token in reversed(list(before) if before is not None else []):
            if token.tag_ not in ("NNS", "NNPS") or token.dep_ in ("nsubj", "nsubjpass"):
                continue
            actor = actors.actor_for(arguments.np_span(token))
            if actor is not None and actor.country is not None:
                return actor
        return None

    def _between(
        self, sides: Token, actors: DocumentActors, state: SentenceState
    ) -> tuple[Actor, ...] | None:
        """The parties a "between" phrase names ("between A and B", "between the foreign
        secretaries of A and B", "between the two sides"), when there are two or more."""
        parties = [
            a for h in arguments.conjuncts(sides) if (a := self.resolve(h, actors)) is not None
        ]
        if len(parties) == 1:  # "between the defence ministries of A and B": each state's
            parties = _unique(actors.actors_for(arguments.np_span(sides)))
        pair = self._pair([sides], actors, state)
        if len(parties) < 2 and pair is not None:
            parties = list(pair)
        return tuple(parties) if len(parties) > 1 else None

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
        head = _reporter_of_they(heads[0]) or heads[0]
        met = state.discourse.last_meeting
        alone = head.lower_ == "they" or (head.lower_ == "both" and not list(head.children))
        if alone and met is not None and not recipient and _opens(head):
            # "They also discussed ...", "Both agreed on ...", opening a sentence after a
            # meeting: its two sides
            span = arguments.np_span(head)
            return party(span, met[0]), party(span, met[1])
        of = arguments.prep_object([head], "of")
        if (
            not any(c.lower_ in PAIR_WORDS for c in head.children)
            and of is not None
            and _pair_noun(of)
            and any(c.lower_ in PAIR_WORDS for c in of.children)
        ):
            # "called the foreign ministers *of both countries*": the two states' own
            found = self._pair([of], actors, state, recipient)
            if found is None:
                return None
            span = arguments.np_span(head)
            return party(span, found[0]), party(span, found[1])
        if not _pair_noun(head):
            return None
        # "the ministers" after a meeting are its two sides; "the *US* officials" one of them
        definite = (
            head.tag_ == "NNS"
            and any(c.lower_ == "the" for c in head.children)
            and not any(c.ent_type_ in NAMED_MODIFIER_ENTS for c in head.children)
        )
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


#: Forms of address that stand for a dignitary named before ("His Highness", "Her Excellency").
STYLES = frozenset({"highness", "excellency", "majesty", "holiness", "lordship", "ladyship"})


def _styled_name(head: Token) -> SpacySpan | None:
    """The name a style of address heads when the parser makes the name its apposition
    ("His Highness *Sayyid Badr Albusaidi*, Minister ..."), without what follows the name."""
    if head.lower_ not in STYLES:
        return None
    name = next((c for c in head.children if c.dep_ == "appos" and c.ent_type_ == "PERSON"), None)
    return head.doc[name.left_edge.i : name.i + 1] if name is not None else None


def _honorific_alone(span: SpacySpan) -> bool:
    """A style of address with no name: "His Highness", "Her Royal Highness"."""
    words = [t.lower_ for t in span]
    return (
        len(words) >= 2
        and words[0] in ("his", "her")
        and words[-1] in STYLES
        and all(w in ("royal", "serene") for w in words[1:-1])
    )


def _role_of_owner(head: Token, span: SpacySpan, actors: DocumentActors) -> Actor | None:
    """A role noun whose modifiers name its state or organisation, with no office of its own
    in the knowledge base ("*Iran's parliament* speaker", "the *UN* human rights chief"):
    that owner's, in the role's sector."""
    lemma = head.lemma_.lower()
    if head.pos_ != "NOUN" or (lemma not in ROLE_NOUNS and lemma not in ROLE_HEADS):
        return None
    for token in _modifier_chain(head):
        owner = actors.actor_for(token.doc[token.i : token.i + 1])
        if owner is not None and owner.country is not None:
            if owner.country == "IGO":
                return replace(owner, text=span.text, start=span.start_char, end=span.end_char)
            actor = Actor(text=span.text, start=span.start_char, end=span.end_char)
            sector = ROLE_NOUNS.get(lemma) or owner.sector or Sector.GOV
            return _with_country(actor, owner.country, sector)
    return None


def _pair_noun(noun: Token) -> bool:
    """A noun two parties may be named by ("the two *sides*", "both *Foreign Ministers*": the
    tagger may read a capitalised plural as a name and keep its plural as the lemma)."""
    lemma = noun.lemma_.lower()
    if noun.pos_ == "PROPN" and lemma.endswith("s"):
        lemma = lemma[:-1]
    return lemma in PAIR_NOUNS


def argument(trigger: Trigger, spec: str) -> Token | None:
    token = trigger.token
    if nominal(token):
        return _noun_argument(token, spec, trigger.sense.event_type in TIMED_DEEDS)
    if spec == "subj":
        filer = _filer(token)
        if filer is not None:  # "filed a case at the ICJ *accusing* the UAE": Sudan accuses
            return filer
        found = _speaker(trigger) or arguments.subject(token)
        if found is None and token.dep_ == "acl" and arguments.reported_before(token) is not None:
            found = token.head  # "..., a human rights group protested": the group reports
        return found or _verbless_subject(token)
    if spec == "dobj":
        found = arguments.direct_object(token) or _listed_after_among(token)
        if found is not None and found.lemma_.lower() in arguments.SERIES:
            # "condemned a wave *of* settler attacks on villages": the attacks
            found = arguments.prep_object([found], "of") or found
        return found
    if spec == "act_subj":  # "the importance *of Japan* expanding", "the need *for Iran* to act"
        need = trigger.obj if trigger.obj is not None else arguments.direct_object(token)
        return _acting_for(need) if need is not None else None
    if spec == "pass_subj":  # "Vietnam is committed to ...": the one in that state
        return arguments.child(token, "nsubjpass")
    if spec == "dative":
        dative = arguments.child(token, "dative")
        if dative is not None and dative.pos_ == "ADP":
            return arguments.child(dative, "pobj")  # spaCy's dative of "gave aid to X" is "to"
        return dative or _misread_dative(token)
    if spec == "dobj_with":
        with_obj = arguments.prep_object([token], "with")
        return arguments.direct_object(token) if with_obj is not None else None
    if spec == "poss":
        return arguments.child(trigger.obj, "poss") if trigger.obj is not None else None
    if spec == "comp_subj":
        comp = next(complements(token), None) or arguments.reported_before(token)
        if comp is None:
            return None
        # "demanded that Pakistan secure financing commitments": the parser may hang the
        # subject under a misread verb inside the clause
        return arguments.child(comp, "nsubj") or next(
            (t for t in comp.subtree if t.dep_ == "nsubj" and t.i < comp.i), None
        )
    obj = trigger.obj if trigger.obj is not None else arguments.direct_object(token)
    # on the verb, its object or the object's conjuncts ("imposed asset freezes and travel
    # bans *on* nine officials")
    heads = [token, *(arguments.conjuncts(obj) if obj is not None else [])]
    inner = arguments.partitive_object(obj) if obj is not None else None
    heads += [inner] if inner is not None else []  # "suspended part of a program *for* X"
    heads += arguments.participial_heads(token) + arguments.means_objects(token)
    # "provided relief supplies, including tents and water purifiers, *to Vanuatu*": the
    # parser hangs the phrase on the list's last item
    heads += arguments.example_objects(obj) if obj is not None else []
    if spec == "with":  # "met *in the building* with X": the parser hangs it on the place
        heads += [
            g
            for c in token.children
            if c.dep_ == "prep" and c.lower_ in ("in", "at", "on")
            for g in c.children
            if g.dep_ == "pobj"
        ]
    if spec == "against":  # "called up reservists for a possible war *against* its neighbour"
        heads += arguments.hostile_purposes(token)
    found = arguments.prep_object(heads, spec)
    if found is None and spec == "for" and obj is not None:
        found = _for_to_subject(obj)  # "refused permission *for a Chinese ship* to dock"
    if found is None and obj is not None:
        # "conveyed concerns about the package *to X*": the parser hangs it on the topic
        topics = arguments.topic_objects(obj)
        found = arguments.prep_object(topics, spec) if spec not in arguments.TOPIC_PREPS else None
    return found


def _helped(verb: Token) -> Token | None:
    """ "to *help Moldova* cope with prices": the one helped, whom the parser makes the
    subject of the helped clause."""
    if verb.lemma_.lower() not in ("help", "enable", "allow", "assist"):
        return None
    clause = next((c for c in verb.children if c.dep_ in ("ccomp", "xcomp")), None)
    return arguments.child(clause, "nsubj") if clause is not None else None


#: Verbs of holding captives.
HOLDING = frozenset({"hold", "detain", "jail", "imprison", "capture", "kidnap", "abduct", "seize"})


def _holder_of(captives: Token, actors: DocumentActors) -> Actor | None:
    """Who held the captives a participle says were held: its "by" agent, or the state of
    the place it names ("held *in Venezuelan prisons*", "detained *in Iran*")."""
    for held in captives.children:
        if held.dep_ != "acl" or held.lemma_.lower() not in HOLDING:
            continue
        agent = arguments.prep_object([held], "by")
        place = arguments.prep_object([held], "in")
        for head in [h for h in (agent, place) if h is not None]:
            found = actors.actor_for(arguments.np_span(head))
            owner = next((c for c in head.children if c.dep_ in ("amod", "compound")), None)
            if (found is None or not found.country) and owner is not None:
                found = actors.actor_for(owner.doc[owner.i : owner.i + 1])
            if found is not None and found.country not in (None, "IGO"):
                return as_state(found)
    return None


def _lent(actor: Actor, country: str) -> Actor:
    """``actor`` given the state of a shared "of" phrase (a named person keeps the name)."""
    if actor.name and actor.kind is ActorKind.PERSON:
        sector = actor.sector or Sector.GOV
        return replace(actor, country=country, sector=sector, code=f"{country}{sector.value}")
    return _with_country(actor, country)


def _lendable(actor: Actor) -> bool:
    """Whether a shared "of" phrase may give ``actor`` its state: a party with no name, or a
    person the knowledge base does not know ("condolences to President X and the people of
    Mozambique": Mozambique's president)."""
    return not actor.name or (actor.kind is ActorKind.PERSON and actor.entity_id is None)


def _state_and_people(head: Token, conj: Token) -> bool:
    """ "The government and people of X" (or "the people and government of X"): the set
    phrase of thanks and condolence for a state, one party and not two."""
    pair = {head.lower_, conj.lower_}
    return pair in ({"government", "people"}, {"government", "peoples"}) and not any(
        t.dep_ == "conj" for t in conj.children
    )


def _of_shared(
    heads: list[Token], found: list[Actor | None], actors: DocumentActors
) -> list[Actor | None]:
    """ "the Government and people *of Nigeria*": conjuncts with no country of their own take
    the one their shared "of" phrase names (the parser hangs it on either). That set phrase
    of thanks and condolence names one party, the state: its people are no second one."""
    if len(heads) < 2 or heads[1:] != arguments.conjuncts(heads[0])[1:]:
        return found
    of = next((o for h in heads if (o := arguments.prep_object([h], "of")) is not None), None)
    state = actors.actor_for(arguments.np_span(of)) if of is not None else None
    if state is None or state.kind is not ActorKind.COUNTRY or not state.country:
        return found
    lent = [
        _lent(a, state.country) if a is not None and a.country is None and _lendable(a) else a
        for a in found
    ]
    if len(heads) == 2 and _state_and_people(*heads):
        government = 0 if heads[0].lower_ == "government" else 1
        return [a if i == government else None for i, a in enumerate(lent)]
    return lent


def _object_of_particle(verb: Token) -> Token | None:
    """ "roll *over* its deposit": the object the parser hangs on the particle."""
    particle = next((c for c in verb.children if c.dep_ == "prt"), None)
    return arguments.child(particle, "pobj") if particle is not None else None


def _acting_for(need: Token) -> Token | None:
    """The one whose act a need names: the subject of its "of X doing" or "for X to do"
    clause."""
    for prep in need.children:
        if prep.dep_ == "prep" and prep.lower_ in ("of", "for"):
            act = next((c for c in prep.children if c.dep_ == "pcomp"), None)
            subject = arguments.child(act, "nsubj") if act is not None else None
            if subject is not None:
                return subject
    return _for_to_subject(need)


def _for_to_subject(noun: Token) -> Token | None:
    """The subject of a "for X to do" clause on a noun ("permission *for a Chinese research
    vessel* to dock"), which the parser reads as a clause marked by "for"."""
    for clause in noun.children:
        if clause.dep_ in ("advcl", "acl", "relcl") and any(
            m.dep_ == "mark" and m.lower_ == "for" for m in clause.children
        ):
            return arguments.child(clause, "nsubj")
    return None


#: Prepositions of the place or body an act is done at or to, which a participle after
#: their object does not take as its subject.
VENUE_PREPS = frozenset({"at", "with", "to", "before", "in"})


def _filer(token: Token) -> Token | None:
    """ "Sudan filed a case *at the International Court of Justice accusing* the UAE": the
    parser makes the participle the preposition's clause, with the court as its subject;
    the one who accuses is the subject of the verb the preposition hangs on."""
    prep = token.head
    if token.dep_ != "pcomp" or token.tag_ != "VBG" or prep.lower_ not in VENUE_PREPS:
        return None
    own = arguments.child(token, "nsubj")
    if own is None or own.i > token.i or prep.head.pos_ not in ("VERB", "AUX"):
        return None
    return arguments.subject(prep.head)


def _misread_dative(verb: Token) -> Token | None:
    """ "gave *Pakistan* 18 F-16 fighter jets", "gave *Kyiv* a new package": the small model
    hangs the first object on the second as a modifier; a name right after the verb, then a
    number or a determiner, is the one given to (not "gave *US* weapons to ...")."""
    obj = arguments.child(verb, "dobj")
    if obj is None or verb.i + 1 >= len(verb.doc):
        return None
    name = verb.doc[verb.i + 1]
    if name.pos_ != "PROPN" or name.dep_ not in ("nmod", "compound", "poss") or name.i >= obj.i:
        return None
    end = name
    while end.i + 1 < obj.i and verb.doc[end.i + 1].pos_ == "PROPN":
        end = verb.doc[end.i + 1]
    after = verb.doc[end.i + 1]
    if after.pos_ in ("NUM", "DET") or after.tag_ == "$":
        return end
    return None


def _verbless_subject(verb: Token) -> Token | None:
    """The subject of a sentence the parser read as one noun phrase ("*Nurses* from three
    Irish charities donated and delivered supplies to ...": "donated" hung on "charities"):
    the sentence's root noun, when the verb it modifies is active: it has an object ("Aid
    donated to flood victims" and "goods donated by Japan" are participles of things)."""
    first = verb.head if verb.dep_ == "conj" else verb
    root = verb.sent.root
    if first.dep_ != "acl" or root.pos_ not in ("NOUN", "PROPN") or root.i > first.i:
        return None
    if any(c.dep_ == "agent" for c in first.children) or first.tag_ not in ("VBD", "VBN"):
        return None
    if not any(c.dep_ == "dobj" for v in (first, verb) for c in v.children):
        return None
    return root if root in first.ancestors else None


def quoted(token: Token) -> bool:
    """Whether the token stands inside quotation marks in its sentence."""
    before = token.doc[token.sent.start : token.i].text
    return sum(before.count(q) for q in ('"', "“", "”")) % 2 == 1


def _subjects_own(pronoun: Token) -> bool:
    """ "He offered *his* good offices": a possessive of the same person as its clause's
    pronoun subject is the subject's own."""
    subject = arguments.subject(factuality.clause_verb(pronoun))
    same = {"his": "he", "her": "she", "its": "it", "their": "they", "our": "we", "my": "i"}
    return subject is not None and same.get(pronoun.lower_) == subject.lower_


def _object_of_first_conjunct(verb: Token) -> Token | None:
    """The object (or "with" object) of the verb ``verb`` is conjoined to."""
    if verb.dep_ != "conj" or verb.head.pos_ != "VERB":
        return None
    first = verb.head
    return arguments.direct_object(first) or arguments.prep_object([first], "with")


def _decided_by_both(trigger: Trigger, state: SentenceState) -> tuple[Actor, Actor] | None:
    """ "It was decided / agreed to ...", after a meeting: the two sides of that meeting."""
    token = trigger.token
    expletive = arguments.child(token, "nsubjpass")
    met = state.discourse.last_meeting
    if (
        met is None
        or trigger.sense.event_type is not PloverType.AGREE
        or expletive is None
        or expletive.lower_ != "it"
        or arguments.child(token, "agent") is not None
    ):
        return None
    span = arguments.np_span(expletive)
    return party(span, met[0]), party(span, met[1])


def _hosting_state(
    trigger: Trigger, actors: DocumentActors, whom: list[Actor]
) -> tuple[Actor, ...]:
    """ "A protest note was handed to the Afghan chargé d'affaires in Islamabad": a diplomatic
    act with no agent, done to a foreign envoy in a state's capital, is that state's."""
    token = trigger.token
    if token.pos_ != "VERB" or not arguments.is_passive(token):
        return ()
    head = place_head(token)
    place = actors.actor_for(arguments.np_span(head)) if head is not None else None
    if place is None or place.country in (None, "IGO") or place.kind is not ActorKind.COUNTRY:
        return ()
    if place.country in {w.country for w in whom} or None in {w.country for w in whom}:
        return ()
    return (replace(place, text=place.text),)


def _protested(token: Token, who: tuple[Actor, ...], actors: DocumentActors) -> list[Actor]:
    """Whom a protest that names no target is aimed at: the first party its own words name
    after it, outside the place it happens in ("blocked a highway to show their anger at *the
    government's* plan", "marched through Minsk in defiance of *Belarusian authorities*",
    "rioted ... calling for the removal of *President Mubarak*"); else, as PLOVER codes a
    domestic protest, the government of the protesters' own country ("Egyptian
    demonstrators rioted")."""
    if not who:
        return []
    mine = {a.country for a in who}
    place = place_head(token)
    skip = {t.i for t in place.subtree} if place is not None else set()
    inside = {t.i for t in token.subtree if t.i > token.i and t.i not in skip}
    named_at = {m.start_token: m.actor for m in actors.mentions}
    for t in sorted(inside):
        noun = token.doc[t]
        if _victim_of_a_deed_by(noun):
            continue  # "against the killing of *Nepali workers* by Malaysia's police"
        found = named_at.get(t)
        if found is None and noun.dep_ in ("pobj", "dobj") and noun.pos_ in ("NOUN", "PROPN"):
            found = actors.actor_for(arguments.np_span(noun))  # "in defiance of *Chinese
            # authorities*": a phrase the country adjective gives a state
        if found is None and noun.dep_ in ("pobj", "dobj") and noun.pos_ == "NOUN":
            # "to protest against a *Bolivian* ban": a measure its nationality gives a state
            owner = next(
                (c for m in noun.children if m.dep_ == "amod" if (c := _country_of(m, actors))),
                None,
            )
            span = noun.doc[noun.left_edge.i : noun.i + 1]  # "a Bolivian ban"
            measure = Actor(text=span.text, start=span.start_char, end=span.end_char)
            found = _with_country(measure, owner) if owner else None
        theirs = found is not None and any(same_mention(found, a) for a in who)
        if found is not None and found.country not in (None, "IGO") and not theirs:
            return [found]
    if len(mine) != 1 or None in mine or "IGO" in mine:
        return []
    (home,) = mine
    code = f"{home}GOV"
    return [
        Actor(text=str(home), country=home, sector=Sector.GOV, code=code, kind=ActorKind.COUNTRY)
    ]


def _victim_of_a_deed_by(noun: Token) -> bool:
    """Whether ``noun`` (or a word of its phrase) is the "of" object of a deed whose doer a
    "by" phrase names ("the killing *of Nepali workers* by Malaysia's police"): the one the
    deed was done to, not the one protested against."""
    head = noun
    while head.dep_ in ("amod", "compound", "poss", "det", "nummod") and head.head.i != head.i:
        head = head.head
    of = head.head
    if head.dep_ != "pobj" or of.lower_ != "of":
        return False
    return arguments.prep_object([of.head], "by") is not None


def _counterpart(who: tuple[Actor, ...], state: SentenceState) -> list[Actor]:
    """ "Mattis met X ... Mattis praised bilateral efforts ...": what one side of the last
    meeting says with no one named is said to the other side."""
    meeting = state.discourse.last_meeting
    if meeting is None or not who:
        return []
    mine = {a.country for a in who}
    first, second = meeting
    if first.country in mine and second.country not in mine:
        return [second]
    if second.country in mine and first.country not in mine:
        return [first]
    return []


def _place_of_heads(heads: list[Token], actors: DocumentActors) -> Actor | None:
    """The country of the place the first of ``heads`` is "in" ("victims *in Pakistan*")."""
    for head in heads:
        place = arguments.prep_object([head], "in")
        found = actors.actor_for(arguments.np_span(place)) if place is not None else None
        if found is not None and found.country not in (None, "IGO"):
            return found
    return None


def _aided_home(token: Token, who: tuple[Actor, ...], actors: DocumentActors) -> list[Actor]:
    """Aid announced with no recipient named ("USAID announced an additional $20 million in
    humanitarian assistance") goes to the country the document is most about besides the
    donor's, when other sentences than this one name it."""
    mine = {a.country for a in who}
    if not who or None in mine:
        return []
    sent = token.sent
    elsewhere = Counter(
        m.actor.country
        for m in actors.mentions
        if m.actor.country not in (None, "IGO", *mine)
        and not sent.start <= m.start_token < sent.end
    )
    if not elsewhere:
        return []
    (top, count), *rest = elsewhere.most_common(2)
    if rest and rest[0][1] == count:
        return []  # two countries as much about: no telling
    home = str(top)
    code = f"{home}GOV"
    return [Actor(text=home, country=home, sector=Sector.GOV, code=code, kind=ActorKind.COUNTRY)]


#: A transcript line's speaker label: "Spokesperson:", "Secretary Blinken:", "MR PRICE:".
SPEAKER_LABEL = re.compile(r"[ \t]*([A-Z][\w.'’-]*(?: [A-Z][\w.'’-]*){0,3})\s*:\s")


def _labelled_speaker(pronoun: Token, actors: DocumentActors) -> Actor | None:
    """The speaker a transcript's line opens with ("Spokesperson: We have shared evidence
    ... We once again call upon them"): the label resolved, or the first earlier mention
    that begins with it ("Spokesperson Shafqat Ali Khan")."""
    text = pronoun.doc.text
    start = text.rfind("\n", 0, pronoun.idx) + 1
    # "QUESTION: ...? MAO NING: We urge ...": the turn's own speaker
    start = factuality.turn_start(pronoun) or start
    label = SPEAKER_LABEL.match(text, start)
    if label is None or label.group(1).lower() in ("question", "q", "journalist", "reporter"):
        return None
    span = pronoun.doc.char_span(label.start(1), label.end(1), alignment_mode="expand")
    if span is None:
        return None
    titled = _titled_before(span, actors)
    if titled is not None:  # "Spokesperson Ambassador Shafqat Ali Khan: ..." at the start
        return titled
    words = label.group(1).split()
    found = actors.actor_for(span)
    if found is not None and found.country is not None:
        if _unplaced_title(words, pronoun.doc, actors):
            # "SPOKESPERSON: ... we condemn Iran's seizure" in a transcript with no dateline:
            # a title alone tells no state, and the state the text names most is as often the
            # one discussed as the one speaking
            return Actor(text=label.group(1), start=span.start_char, end=span.end_char)
        return found
    if words[0].lower().rstrip(".") in ("mr", "ms", "mrs", "dr", "miss"):
        # "MS BRUCE: We continue to urge ...": the one of that surname named before
        surname = words[-1].lower()
        named = (
            m.actor
            for m in actors.mentions
            if m.end_token <= span.start
            and m.actor.country is not None
            and pronoun.doc[m.end_token - 1].lower_ == surname
        )
        # a speaker not named before speaks for nobody the text names
        return next(named, Actor(text=label.group(1), start=span.start_char, end=span.end_char))
    earlier = next(
        (
            m.actor
            for m in actors.mentions
            if m.end_token <= span.start
            and m.actor.country is not None
            and pronoun.doc[m.start_token : m.end_token].text.startswith(words[0])
        ),
        None,
    )
    if earlier is None and len(words) > 1 and not any(w.lower() in ROLE_NOUNS for w in words):
        # "MAO NING: We urge ...": a speaker named by name whom nothing resolves is still
        # the one who speaks, not whoever the text named last
        return Actor(text=label.group(1), start=span.start_char, end=span.end_char)
    return earlier


#: Words a briefing's title-only speaker label may set before its role ("DEPUTY SPOKESMAN:",
#: "PRESS SECRETARY:"); the role itself is the actor lexicon's.
LABEL_MODIFIERS = frozenset({"deputy", "press", "principal", "senior", "chief"})


def _unplaced_title(words: list[str], doc: Doc, actors: DocumentActors) -> bool:
    """A label that is a title alone ("SPOKESPERSON") in a text with no dateline, naming
    more than one state: no state the label can be given."""
    *before, role = [w.lower().rstrip(".:") for w in words]
    if role not in ROLE_HEADS and role not in ROLE_NOUNS:
        return False
    if not all(w in LABEL_MODIFIERS for w in before):
        return False
    if actors.sole_country:
        return False
    return not any(dateline(t) for t in doc[: min(len(doc), 12)])


def _titled_before(label: SpacySpan, actors: DocumentActors) -> Actor | None:
    """The person a transcript's speaker label was the title of when first used: the person
    named right after the same words earlier ("*Spokesperson* Ambassador Shafqat Ali Khan:
    ..." makes a later "Spokesperson:" his)."""
    doc, size = label.doc, len(label)
    for mention in actors.mentions:
        if mention.end_token > label.start or mention.start_token < size:
            continue
        before = doc[mention.start_token - size : mention.start_token]
        if (
            before.text.lower() == label.text.lower()
            and mention.actor.kind is ActorKind.PERSON
            and mention.actor.country is not None
        ):
            return mention.actor
    return None


def _author(pronoun: Token, actors: DocumentActors) -> Actor | None:
    """The one a document's first sentence says it is by: "Statement by Ambassador W. Stuart
    Symington", "Remarks by the Secretary-General at ...", "A letter by X"."""
    first = next(iter(pronoun.doc.sents))
    if pronoun.sent.start == first.start:
        return None  # the title itself
    for by in first:
        if by.lower_ != "by" or by.head.lemma_.lower() not in AUTHORED:
            continue
        named = arguments.child(by, "pobj")
        if named is None:
            continue
        actor = actors.actor_for(named.doc[named.left_edge.i : named.i + 1])  # the name only
        if actor is not None and actor.country is not None:
            return actor
    return _bylined(pronoun, actors)


def _bylined(pronoun: Token, actors: DocumentActors) -> Actor | None:
    """The person a transcript's byline names: a line of its head (before any sentence with
    a verb) that is that person's name alone ("Press Statement with Foreign Minister X /
    Antony J. Blinken / Deputy Secretary of State / Abuja, Nigeria / May 13, 2016")."""
    for sent in _head_lines(pronoun.doc):
        if sent.start >= pronoun.sent.start or any(t.pos_ in ("VERB", "AUX") for t in sent):
            return None
        words = [t for t in sent if t.is_alpha]
        found = [m for m in actors.mentions if sent.start <= m.start_token < sent.end]
        person = found[0].actor if found and words and found[0].start_token == words[0].i else None
        if (
            person is not None
            and person.kind is ActorKind.PERSON
            and person.country
            # the name alone, or with the title it holds ("Antony J. Blinken, Secretary of State")
            and all(_key(m.actor) == _key(person) for m in found)
            and all(any(m.start_token <= t.i < m.end_token for m in found) for t in words)
        ):
            return person
    return None


def _addressee(pronoun: Token, actors: DocumentActors) -> Actor | None:
    """Whom a transcript's "you" addresses: the person its title says it is "with" ("Press
    Statement with Foreign Minister Onyeama"), when a byline names the speaker."""
    speaker = _bylined(pronoun, actors)
    if speaker is None:
        return None
    first = next(iter(pronoun.doc.sents))
    for with_ in first:
        if with_.lower_ != "with":
            continue
        named = arguments.child(with_, "pobj")
        actor = actors.actor_for(arguments.np_span(named)) if named is not None else None
        if actor is not None and actor.kind is ActorKind.PERSON:
            host = _byline_place(pronoun, actors, speaker)
            if actor.country is None and host is not None:  # "Abuja, Nigeria": the host's
                sector = actor.sector or Sector.GOV
                return replace(actor, country=host, sector=sector, code=f"{host}{sector.value}")
            return actor
    return None


def _byline_place(pronoun: Token, actors: DocumentActors, speaker: Actor) -> str | None:
    """The country of the place line of a transcript's head ("Abuja, Nigeria"), when it is
    not the speaker's."""
    heads = _head_lines(pronoun.doc)
    end = next((s.start for s in heads if any(t.pos_ in ("VERB", "AUX") for t in s)), None)
    for mention in actors.mentions:
        if end is not None and mention.start_token >= end:
            break
        actor = mention.actor
        if actor.kind is ActorKind.COUNTRY and actor.country not in (None, speaker.country):
            return actor.country
    return None


def _thanks_you(verb: Token) -> bool:
    """ "Thank you ...": thanks with no subject, said to the one addressed."""
    if verb.lemma_.lower() != "thank" or arguments.child(verb, "nsubj") is not None:
        return False
    return any(c.lower_ == "you" for c in verb.children)


#: How many lines of a document's head may hold its title and byline.
HEAD_LINES = 6


def _head_lines(doc: Doc) -> list[SpacySpan]:
    """The first sentences of a document, where its title and byline stand (not all of its
    sentences: this is asked for every first- or second-person pronoun)."""
    return list(itertools.islice(doc.sents, HEAD_LINES))


def _issuer(pronoun: Token, actors: DocumentActors) -> Actor | None:
    """The body a statement speaks for: the first institution or country it names before
    the sentence that says "we" ("U.S. Embassy Statement ... We have supported the Colombian
    government"; in "We will provide aid to Pakistan" alone, Pakistan is not the speaker)."""
    sent = pronoun.sent
    # a body the "we" sentence names is the one it speaks of, not for ("We condemn Russia's
    # annexation of Crimea" after "Russia's aggressive actions ...": not Russia's "we")
    named_here = {
        m.actor.country for m in actors.mentions if sent.start <= m.start_token < sent.end
    }
    first = next(
        (
            m.actor
            for m in actors.mentions
            if m.actor.kind in BODY_KINDS and m.end_token <= sent.start
        ),
        None,
    )
    if first is None or not first.country or first.country in named_here:
        return None
    return first


#: What a complaint is about: "over", "for", "about" ... its object.
COMPLAINT_PREPS = frozenset({"over", "for", "about", "against", "at"})
#: Verbs and nouns of complaining.
COMPLAINING = frozenset(
    {"protest", "complain", "complaint", "criticize", "criticise", "condemn", "accuse",
     "blame", "slam", "denounce", "rebuke", "object", "objection", "censure", "chide",
     "fault", "lambast", "reprimand", "summon"}
)  # fmt: skip


def _sentence_before(token: Token) -> SpacySpan | None:
    """The sentence before the one ``token`` is in."""
    start = token.sent.start
    return token.doc[start - 1].sent if start > 0 else None


def _reporter_of_they(pronoun: Token) -> Token | None:
    """ "The two leaders stated *they* looked forward to ...": the subject of the verb that
    reports the clause "they" is the subject of, when it names a pair."""
    if pronoun.lower_ != "they" or pronoun.dep_ != "nsubj":
        return None
    clause = pronoun.head
    if clause.dep_ != "ccomp":
        return None
    reporter = arguments.subject(clause.head)
    if reporter is None or reporter.lemma_.lower() not in PAIR_NOUNS:
        return None
    return reporter


#: Nouns for a guest ("the visiting *dignitary*", "the *guest*").
GUESTS = frozenset({"dignitary", "guest", "visitor", "delegation", "delegate", "team"})


def _counterparts_met(
    heads: list[Token], who: tuple[Actor, ...], state: SentenceState
) -> tuple[Actor, ...]:
    """ "His counterparts" (no nationality of their own) coordinated with a side of the
    document's meetings: the other sides of those meetings ("Rubio hosted A, B and C ...
    The Secretary and his counterparts condemned the attack": A, B and C)."""
    words = [
        t
        for h in heads
        for t in (h, *h.conjuncts)
        if t.lemma_.lower() == "counterpart"
        and t.tag_ == "NNS"
        and any(c.dep_ == "poss" and c.pos_ == "PRON" for c in t.children)
        and not any(c.ent_type_ in NAMED_MODIFIER_ENTS for c in t.children)
    ]
    mine = {a.country for a in who} - {None, "IGO"}
    if not words or not mine:
        return ()
    span = arguments.np_span(words[0])
    met: dict[str, Actor] = {}
    for event in state.discourse.acts:
        sides = (*event.actors, *event.recipients)
        if event.event_type is PloverType.CONSULT and any(a.country in mine for a in sides):
            met.update((a.country, a) for a in sides if a.country and a.country not in mine)
    return tuple(
        replace(a, text=span.text, start=span.start_char, end=span.end_char) for a in met.values()
    )


def _the_visitor(head: Token) -> bool:
    """ "The visiting dignitary", "the guest", "the visitor": the guest of the last visit."""
    lemma = head.lemma_.lower()
    visiting = any(c.lower_ == "visiting" for c in head.children)
    return (
        lemma in GUESTS
        and (visiting or lemma in ("guest", "visitor"))
        and any(c.lower_ == "the" for c in head.children)
    )


def _stray_conjuncts(verb: Token, head: Token) -> list[Token]:
    """Nouns the parser conjoined to the verb after its object: the object's conjuncts
    ("met the U.S. envoy, Thomas Reed, and the British ambassador, Sarah Collins"), and a
    second object after "as well as" ("hosted the leaders of A and B, as well as a senior
    envoy from the AU"); so too after the object of a "with" or "from" phrase of the verb's
    ("held meetings on the sidelines of the Assembly with A's minister, X, and B's minister,
    Y"), and in a list set off by semicolons, whose items the parser hangs anywhere ("received
    calls from the Ambassador of A, X; B's Ambassador Y; and ...")."""
    if verb.pos_ != "VERB":
        return []
    objected = head.head.i == verb.i and head.dep_ == "dobj"
    withed = (
        head.dep_ == "pobj"
        and head.head.lower_ in ("with", "from")
        and any(t.i == verb.i for t in head.ancestors)
    )
    if not (objected or withed):
        return []
    found = [
        t
        for c in verb.children
        if c.i > head.i
        and c.pos_ in ("NOUN", "PROPN")
        and (c.dep_ == "conj" or (c.dep_ == "dobj" and _added(c)))
        # a clause the parser made a noun ("met X in Rawalpindi, and the two discussed
        # border security": "security" conjoined to "met") is no second counterpart
        and not any(t.dep_ in ("nsubj", "nsubjpass") for t in c.subtree)
        for t in arguments.conjuncts(c)
    ]
    return [*_semicolon_items(verb, head), *found]


def _semicolon_items(verb: Token, head: Token) -> list[Token]:
    """The items after the first of a list of counterparts set off by semicolons, which the
    parser hangs as appositions anywhere in the clause: each a named person right after a
    semicolon (with its title), and the items conjoined to it."""
    doc = verb.doc
    items = []
    for token in verb.subtree:
        if token.i <= head.i or token.dep_ != "appos" or token.pos_ != "PROPN":
            continue
        first = token.left_edge
        if first.i > 0 and doc[first.i - 1].text == ";" and arguments.is_named(token):
            items += arguments.conjuncts(token)  # "...; B's Ambassador Y; and C's, Z"
    return items


#: Goods a state's trade measure is aimed at by where they come from or go to.
GOODS = frozenset(
    {"import", "export", "good", "product", "produce", "shipment", "commodity", "cargo",
     "steel", "grain", "wheat", "rice", "oil", "gas", "vehicle", "car", "fruit"}
)  # fmt: skip


#: Wrongs an inquiry is opened into, which name no one: where they were done does.
WRONGS = frozenset(
    {"abuse", "crime", "violation", "atrocity", "killing", "massacre", "violence", "torture",
     "disappearance", "corruption", "fraud"}
)  # fmt: skip


def _place_of_wrongs(head: Token) -> Token | None:
    """The place wrongs were done in, for an inquiry into them ("an inquiry into abuses
    committed during the fighting *in eastern Congo*"), when nothing names their author."""
    if head.lemma_.lower() not in WRONGS or head.pos_ != "NOUN":
        return None
    if any(c.dep_ in ("poss", "agent") or c.lower_ == "by" for c in head.children):
        return None  # "abuses *by* the militia", "*the army's* abuses": their author
    for token in head.subtree:
        if token.dep_ == "pobj" and token.head.lower_ == "in" and token.ent_type_ in ("GPE", "LOC"):
            return token
    return None


def _goods_source(head: Token) -> Token | None:
    """The state goods come from or go to ("all imports *from Colombia*", "grain exports *to
    Egypt*"): the one a ban or a tariff on them is aimed at."""
    if head.lemma_.lower() not in GOODS:
        return None
    found = arguments.prep_object([head], "from") or arguments.prep_object([head], "to")
    of = arguments.prep_object([head], "of")  # "all imports of *Lithuanian* beef"
    if (
        found is None
        and of is not None
        and any(
            c.ent_type_ in ("NORP", "GPE") for c in of.children if c.dep_ in ("amod", "compound")
        )
    ):
        return of
    return found


def _reporters(pronoun: Token) -> list[Token]:
    """ "Finland, Sweden and Norway said that *they* had imposed ...": a plural pronoun
    subject of a reported clause is every one of its coordinated reporters."""
    clause = pronoun.head
    if pronoun.lower_ not in ("they", "we") or pronoun.dep_ != "nsubj" or clause.dep_ != "ccomp":
        return []
    reporter = arguments.subject(clause.head)
    if reporter is None or reporter.pos_ == "PRON":
        return []
    found = arguments.conjuncts(reporter)
    return found if len(found) > 1 else []


def _second_subject(head: Token) -> list[Token]:
    """A subject the parser gave the verb beside the first instead of conjoining it ("Kyrgyz
    President Japarov and Tajik President Rahmon signed": two ``nsubj``, the "and" on the
    first)."""
    verb = head.head
    if head.dep_ != "nsubj" or verb.i == head.i:
        return []
    found = []
    for second in verb.children:
        if second.dep_ != "nsubj" or second.i <= head.i:
            continue
        between = head.doc[head.i + 1 : second.left_edge.i]
        if any(t.dep_ == "cc" and t.lower_ == "and" and t.head.i == head.i for t in between):
            found += arguments.conjuncts(second)
    return found + _headline_co_subject(head)


def _headline_co_subject(head: Token) -> list[Token]:
    """A name a headline sets before the subject with a comma for "and" ("ECUADOR, PERU
    AGREE TO JOINT PATROLS", "Fiji, Australia Sign ..."), which the parser hangs anywhere but
    as a conjunct: the first name of a capitalised line, right before ", subject"."""
    sent, doc = head.sent, head.doc
    comma = head.left_edge.i - 1
    if comma <= sent.start or doc[comma].text != "," or comma - sent.start > 3:
        return []
    name = doc[sent.start : comma]
    words = [t for t in sent if t.is_alpha]
    shouting = bool(words) and sum(t.is_upper or t.is_title for t in words) >= 0.8 * len(words)
    if not shouting or not all(t.is_upper or t.is_title for t in name):
        return []
    return [name[-1]] if name[-1].pos_ in ("PROPN", "NOUN", "ADJ") else []


def _added(second: Token) -> bool:
    """Whether "and"/"as well as" stands between an object and the one after it."""
    before = second.doc[second.head.i + 1 : second.i]
    return any(t.dep_ == "cc" and t.head.i == second.head.i for t in before)


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
    if token.tag_ == "VBN" and arguments.child(clause, "aux") is not None:
        return None  # "Lin said Wang *had* met X and assured him": one auxiliary, one subject
    told = arguments.direct_object(token)
    if told is not None and told.lower_ in ("him", "her", "them") and clause.tag_ != "VBD":
        return None  # "... had met the minister and assured *him*": the one met, by the one meeting
    reported = clause.dep_ == "ccomp" or (
        clause.dep_ == "acl" and arguments.child(clause, "mark") is not None
    )
    if not reported or clause.head.i > clause.i:  # "X spoke and asked ..., the ministry said"
        return None
    return arguments.subject(factuality.clause_verb(clause.head))


def _listed_after_among(verb: Token) -> Token | None:
    """ "Among those the prime minister *met* in Seoul were A, B and C", "Among the officials
    it met were A and B": the ones met are the subject of the copula, named after it."""
    among = verb.head.head if verb.dep_ == "relcl" else None
    if among is None or among.lower_ != "among" or among.dep_ != "prep":
        return None
    copula = among.head
    if copula.lemma_ != "be":
        return None
    return next((c for c in copula.children if c.dep_ in ("nsubj", "attr") and c.i > among.i), None)


def _clause_subject(verb: Token) -> Token | None:
    """The subject of a noun trigger's clause; of an agentless passive, its grammatical
    subject ("the minister was given a guard of honour before *talks* with X")."""
    found = arguments.subject(verb)
    if found is None and arguments.is_passive(verb):
        return arguments.child(verb, "nsubjpass")
    return found


def _noun_argument(noun: Token, spec: str, deed: bool = False) -> Token | None:
    if spec == "subj" and (claimer := claimed_by(noun)) is not None:
        return claimer  # "al-Shabaab claimed responsibility for the bombing"
    if spec == "subj" and (agent := arguments.noun_agent(noun)) is not None:
        return agent  # "an attack by Al-Shabaab militants", "the expulsion of X by Canberra"
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
        if (
            poss is not None
            and poss.lower_ in ("his", "her")
            and clause_subject is not None
            and clause_subject.ent_type_ in BODY_ENTS
        ):
            return poss  # "during his visit to Washington, the ISPR said": a person's visit
        if on_a_noun(noun) and told_in(noun) is None:
            return None  # "assured him of China's support in the *investigation*": a reference
        if deed and noun.dep_ == "pobj" and noun.head.lower_ in TIMING_PREPS:
            return None  # "sent condolences to Blair *after* the bomb attacks": not Putin's
        if deed and noun.dep_ == "pobj" and _complained_of_deed(noun):
            return None  # "recalled their envoys *in protest at* the downing of a drone"
        named_for = (
            deed and noun.dep_ in ("dobj", "pobj") and verb.lemma_.lower() not in LIGHT_HEADS
        )
        doer = _doer_named_on(noun) if named_for else None
        if doer is not None:
            return doer  # "the army repulsed a *Taliban* attack": the Taliban's, not the army's
        return clause_subject  # "In his call with X, Foreign Secretary Y ...": Y
    if spec == "poss":
        return None
    if spec == "comp_subj":
        stated = noun_content(noun)
        return arguments.child(stated, "nsubj") if stated is not None else None
    if spec == "with" and (own := arguments.prep_object([noun], "with")) is not None:
        return own  # "conveyed X's objection to Y in a call *with* Z": the call's own party
    told = told_in(noun)
    if told is not None:
        return told  # "told the Swedish prime minister in a phone call that ..."
    # on the noun, or on its "of" object: "the suspension of aid [to Pakistan]", "the
    # withdrawal of troops [from Afghanistan]"
    of_object = arguments.prep_object([noun], "of")
    heads = [noun, *([of_object] if of_object is not None else [])]
    # "were engaged in ethnic cleansing ... against X": the parser hangs it on the verb
    heads += [v for v in [engaged_in(noun)] if v is not None]
    if noun.dep_ == "nsubj" and noun.head.lemma_.lower() in UNDER_WAY | ERUPTING:
        heads.append(noun.head)  # "clashes *erupted between* A and B"
    found = arguments.prep_object(heads, spec)
    if found is None and spec in ("to", "into") and noun.dep_ == "dobj":
        # "announced the deployment of 400 soldiers, including 35 medics, *to South Sudan*":
        # after a list, the parser hangs the destination on the verb
        found = next(
            (
                o
                for c in noun.head.children
                if c.dep_ == "prep" and c.lower_ == spec and c.i > noun.right_edge.i
                if (o := arguments.child(c, "pobj")) is not None
            ),
            None,
        )
    return found


#: Nouns and verbs of complaint whose "at"/"over"/"against" object is a deed complained of.
COMPLAINT_WORDS = frozenset(
    {"protest", "anger", "outrage", "complaint", "condemnation", "concern", "objection",
     "complain", "object", "rage", "fury"}
)  # fmt: skip


def _complained_of_deed(noun: Token) -> bool:
    """A deed named as what a complaint is about ("in protest *at the downing* of a drone",
    "anger over the killings"): its doer is not the one who complains."""
    prep = noun.head
    if prep.lower_ not in ("at", "over", "against", "about"):
        return False
    # the parser may hang "at" on the verb: "recalled ... in protest *at* the downing"
    before = prep.doc[prep.i - 1] if prep.i > prep.sent.start else prep
    return any(w.lemma_.lower() in COMPLAINT_WORDS for w in (prep.head, before))


def _doer_named_on(noun: Token) -> Token | None:
    """The party a deed noun's own modifier names as its doer: a name, a nationality or an
    armed or state agent ("a *Taliban* attack", "*Indian* firing", "a *rebel* offensive",
    "a *police* raid")."""
    for child in noun.children:
        if child.dep_ not in ("compound", "amod", "nmod") or child.i > noun.i:
            continue
        named = child.pos_ == "PROPN" or child.ent_type_ in ("NORP", "GPE", "ORG")
        if named or child.lemma_.lower() in DOER_WORDS:
            return child
    return None


#: Agent words that, modifying a deed noun, name its doer ("a *rebel* attack").
DOER_WORDS = frozenset(
    {"rebel", "militant", "terrorist", "insurgent", "guerrilla", "guerilla", "jihadist",
     "separatist", "extremist", "militia", "army", "police", "military", "government",
     "pirate", "gang"}
)  # fmt: skip


def on_a_noun(noun: Token) -> bool:
    """A noun inside a prepositional phrase that modifies another noun (not a partitive's:
    "arrived for *three days of* talks" is as "arrived for talks")."""
    if noun.dep_ == "pobj" and noun.head.lower_ == "of":
        measure = noun.head.head
        if measure.lemma_.lower() in arguments.PARTITIVES and measure.i != noun.i:
            return on_a_noun(measure)
    return (
        noun.dep_ in ("pobj", "pcomp")
        and noun.head.dep_ == "prep"
        and noun.head.head.pos_
        in (
            "NOUN",
            "PROPN",
        )
    )


def ultimatum(token: Token) -> bool:
    """Whether the act's clause is conditioned by "unless" (an ultimatum, even when its
    announcement is a decision: "announced that it will withdraw unless ...")."""
    verb = factuality.clause_verb(token)
    return any(
        c.dep_ == "advcl" and any(m.dep_ == "mark" and m.lower_ == "unless" for m in c.children)
        for c in verb.children
    )


def _grants_money(trigger: Trigger, sense: Sense, state: SentenceState) -> bool:
    """An aid act, or a pledge or offer of an amount ("pledged $2 billion", "pledged 200
    million crowns": a sum in a currency with no one code)."""
    if sense.event_type is PloverType.AID:
        return True
    if sense.event_type is not PloverType.AGREE:
        return False
    if amounts.amount_for(trigger.token, state.amounts) is not None:
        return True
    obj = arguments.direct_object(trigger.token) if trigger.token.pos_ == "VERB" else None
    return obj is not None and "money" in arguments.object_lemmas(obj)


def _attack_agent(trigger: Trigger) -> Token | None:
    """The "by" agent of the attack a violent act is told as done in ("were killed in an
    attack by Al-Shabaab militants")."""
    token = trigger.token
    for attack in (argument(trigger, "subj"), arguments.prep_object([token], "in")):
        if attack is not None and attack.lemma_.lower() in ATTACKS:
            by = arguments.prep_object([attack], "by")
            if by is not None:
                return by
    return None


def _instrument(trigger: Trigger) -> tuple[Actor, ...]:
    """The weapon or attack a violent act is told as done by ("A car bomb killed eleven
    people", "were wounded by a roadside bomb", "died in a car bomb blast"),
    standing for an attacker nobody names: the mention, with no country of its own (the
    place may give one)."""
    agent = argument(trigger, "subj")
    token = trigger.token
    if agent is None and token.tag_ == "VBN" and arguments.child(token, "auxpass") is not None:
        # "died in a car bomb blast": the blast it died in
        agent = next(
            (
                o
                for w in ("in", "by")
                if (o := arguments.prep_object([token], w)) is not None
                and o.lemma_.lower() in WEAPONS | ATTACKS
            ),
            None,
        )
    if agent is None or agent.pos_ != "NOUN" or agent.lemma_.lower() not in WEAPONS | ATTACKS:
        return ()
    bare = (
        agent.tag_ == "NNS"
        and not any(c.dep_ in ("det", "poss") for c in agent.children)
        and not any(t.ent_type_ in BODY_ENTS for t in agent.subtree if t.i < agent.i)
    )  # "Air strikes on a village killed ..." (not "Syrian regime air strikes": the owner's)
    if not bare and not any(c.lower_ in ("a", "an") or c.dep_ == "nummod" for c in agent.children):
        return ()  # "the strikes targeted ...": strikes told before, whoever made them
    if any(c.dep_ == "poss" or (c.dep_ == "amod" and c.ent_type_) for c in agent.children):
        return ()  # "Israeli air raids": the owner's, found elsewhere
    return (_unresolved(arguments.np_span(agent)),)


#: Nouns of a meeting whose "between" phrase names the sides of what the meeting settled.
MEETING_NOUNS = frozenset(
    {"talks", "meeting", "meetings", "consultations", "negotiations", "discussions", "dialogue",
     "session", "round", "summit", "conference", "parleys"}
)  # fmt: skip


def _talks_between(trigger: Trigger) -> Token | None:
    """The sides of an agentless decision, named by the meeting it came out of in the same
    sentence: "After talks *between A and B*, it was agreed that ...", "At the meeting
    between the foreign secretaries of X and Y, it was decided to ..." (a passive with no
    agent: "it was agreed", "a memorandum was signed")."""
    verb = trigger.token
    if verb.pos_ != "VERB" or not arguments.is_passive(verb):
        return None
    if any(c.dep_ == "agent" for c in verb.children):
        return None
    for token in verb.sent:
        meeting = token.head.lower_ in MEETING_NOUNS
        if token.lower_ == "between" and token.dep_ == "prep" and meeting:
            return arguments.child(token, "pobj")
    return None


def nominal(token: Token) -> bool:
    """A noun trigger ("the visit"), or a headline's capitalised one ("Meeting"); not a
    present-tense verb the tagger read as a plural noun (:func:`arguments.verbal_noun`)."""
    return token.pos_ in ("NOUN", "PROPN") and not arguments.verbal_noun(token)


def _repeated_preposition(head: Token, word: str) -> list[Token]:
    """ "spoke with Kagame *and with* Tshisekedi", "held talks *with* A, the ..., and *with*
    B": the objects of the same preposition repeated in coordination (the parser hangs the
    second on the first, on the verb or on the verb's object)."""
    prep = head.head
    if head.dep_ != "pobj" or prep.lower_ != word:
        return []
    owner = prep.head
    other = owner.head if owner.dep_ == "dobj" else arguments.direct_object(owner)
    holders = [prep, owner, *([other] if other is not None and other.i != owner.i else [])]
    return [
        obj
        for holder in holders
        for c in holder.children
        if c.lower_ == word
        and c.i != prep.i
        and (
            (c.dep_ == "conj" and c.i > prep.i)
            or (c.dep_ == "prep" and word == "with" and holder.i != owner.i)
        )
        for obj in [arguments.child(c, "pobj")]
        if obj is not None
        and obj.lemma_.lower() not in arguments.MEANS
        and obj.ent_type_ not in arguments.TIME_ENTS
    ]


#: Plural personal pronouns.
PLURAL_PERSONAL = frozenset({"they", "them", "their"})


def _last_plural_subject(pronoun: Token, actors: DocumentActors, parties: Parties) -> Actor | None:
    """The last plural subject of the sentence before a plural pronoun that denotes an
    actor (its own sentence's plural phrases are :meth:`Parties._plural_antecedent`'s)."""
    before = sentence_before(pronoun)
    if before is None:
        return None
    for token in reversed(before):
        if token.dep_ not in ("nsubj", "nsubjpass") or token.pos_ == "PRON":
            continue
        plural = token.tag_ in ("NNS", "NNPS") or any(c.dep_ == "conj" for c in token.children)
        if not plural and token.lemma_.lower() not in GROUP_NOUNS:
            continue
        found = parties.resolve(token, actors, subject=True)
        if found is not None:
            return found
    return None


#: Singular nouns that name many ("dozens of *students*" is plural already).
GROUP_NOUNS = frozenset({"dozens", "hundreds", "thousands", "crowd", "group", "delegation"})


def _said_on_a_call(verb: Token) -> bool:
    """A verb of saying that is the purpose of a call, visit or meeting ("telephoned X *to
    express* solidarity")."""
    if verb.dep_ not in ("advcl", "xcomp") or not any(c.lower_ == "to" for c in verb.children):
        return False
    sayings, doings = factuality.SAID_BY_CALLING
    return verb.lemma_.lower() in sayings and verb.head.lemma_.lower() in doings


def thing_acts(trigger: Trigger) -> bool:
    """Whether the verb has a subject (which, as no actor came of it, is a thing) other than
    an attack or a weapon of nobody named ("A suicide attack on a convoy killed eight
    people": the victims are known, the attacker is not)."""
    subject = argument(trigger, "subj")
    if subject is None or subject.pos_ != "NOUN":
        return False  # a pronoun or a name unresolved is somebody all the same
    new = any(c.lower_ in ("a", "an") or c.dep_ == "nummod" for c in subject.children)
    # "condemned the attack on the hospital, *which* killed 70 patients": its toll, told here
    relative = trigger.token.dep_ == "relcl" and subject.i < trigger.token.i
    walkout = any(c.lower_ in WALKOUTS for c in subject.children)  # "a general strike"
    return not ((new or relative) and subject.lemma_.lower() in WEAPONS | ATTACKS and not walkout)


#: Words that make a strike a walkout, not an attack ("a *general* strike shut down X").
WALKOUTS = frozenset(
    {"general", "hunger", "nationwide", "national", "labour", "labor", "teachers", "workers",
     "transport", "indefinite"}
)  # fmt: skip


def _opens(pronoun: Token) -> bool:
    """A subject pronoun of the main clause with no plural noun before it in the sentence
    (so it reaches back to an earlier sentence)."""
    before = pronoun.sent[: pronoun.i - pronoun.sent.start]
    return (
        pronoun.dep_ == "nsubj"
        and pronoun.head.dep_ == "ROOT"
        and not any(t.tag_ in ("NNS", "NNPS") for t in before)
    )


#: Nouns of accords, often named for the city they were made in ("the Minsk agreements").
ACCORDS = frozenset(
    {"agreement", "accord", "treaty", "pact", "deal", "protocol", "convention", "declaration",
     "format", "process", "charter", "framework", "communique", "memorandum"}
)  # fmt: skip


def _named_for_a_city(thing: Token, head: Token, actor: Actor) -> bool:
    """Whether a city word before an accord names it rather than a party to it: "the Paris
    climate agreement", "the Minsk accords" (a capital stands for its state elsewhere, "the
    Paris talks" aside); "the Iran nuclear deal" names a party."""
    return (
        thing.lemma_.lower() in ACCORDS
        and head.dep_ == "compound"
        and actor.kind is ActorKind.COUNTRY
        and actor.name is not None
        and head.text != actor.name
        and head.ent_type_ != "NORP"
    )


def _owner_candidates(thing: Token, kind: PloverType) -> list[Token]:
    """Where the owner of an object is named, nearest first: its modifiers ("the *US*
    drone strike", "*Pakistan's* cooperation"), its "by" agent, its "of" object (for
    deeds, praise and words: "an arms depot *of the Syrian army*", "the call *of the
    European Parliament*"; not the victim of a condemned act, "condemned the arrest *of
    X*"), and for territorial acts the place it is in."""
    if thing.ent_type_ in AMOUNT_ENTS or thing.pos_ == "NUM":
        return []  # "KES 3.3 billion": a currency, not an owner
    found = [c for c in thing.children if c.dep_ in OWNER_DEPS and c.i != thing.i]
    # "a *Panama*-flagged vessel", "*Saudi*-led strikes": the X of an "X-flagged" modifier
    found += [x for c in found for x in _leaders(c)]
    if thing.lemma_.lower() in EXPRESSED and kind is not PloverType.REJECT:
        # "conveyed *India's* concerns" (but "shrugged off *Delhi's* objections")
        found = [c for c in found if c.dep_ != "poss"]
    found += [h for h in [arguments.prep_object([thing], "by")] if h is not None]
    if thing.lemma_.lower() in SPEECH_NOUNS:  # "rejected an offer *from the Afghan government*"
        found += [h for h in [arguments.prep_object([thing], "from")] if h is not None]
    # "property *belonging to* Afghans", "assets *owned by* the Sharif family"
    found += [
        h
        for c in thing.children
        if c.dep_ == "acl"
        and c.lemma_.lower() in ("belong", "own")
        and (h := arguments.prep_object([c], "to") or arguments.prep_object([c], "by"))
    ]
    # "a rally *organised by* opposition supporters": the one who made or holds the thing
    found += [
        h
        for c in thing.children
        if c.dep_ == "acl" and c.tag_ == "VBN" and (h := arguments.prep_object([c], "by"))
    ]
    # "the sacrifices the Pakistan military has made": the maker of the thing
    found += [
        h
        for c in thing.children
        if c.dep_ == "relcl" and (h := arguments.child(c, "nsubj")) is not None and h.pos_ != "PRON"
    ]
    doer_of = thing.lemma_.lower() in MOVEMENTS  # "the entry *of a Venezuelan vessel*"
    if (
        kind not in BLAME_TYPES | {PloverType.REQUEST}
        or thing.lemma_.lower() in SPEECH_NOUNS
        or doer_of
    ):
        of = arguments.prep_object([thing], "of")
        found += [of] if of is not None else []
        if of is not None and doer_of:  # "the entry of a *Venezuelan* navy vessel"
            found += [c for c in of.children if c.dep_ in OWNER_DEPS]
        if of is not None and thing.lemma_.lower() in SPEECH_NOUNS:
            # "turned down an offer of *U.S.* humanitarian aid": what is offered names whose
            found += [c for c in of.children if c.dep_ in OWNER_DEPS and c.pos_ in ("PROPN", "ADJ")]
    if kind in TERRITORIAL:  # "a camp *for Sudanese refugees* was shelled"
        found += [h for h in [arguments.prep_object([thing], "for")] if h is not None]
    # "boycott all contact *with the United States*", "suspended its deal with X"
    found += [h for h in [arguments.prep_object([thing], "with")] if h is not None]
    if kind in TERRITORIAL:  # "struck targets *on the outskirts of* Damascus"
        found += [
            h for w in ("in", "near", "on", "around") if (h := arguments.prep_object([thing], w))
        ]
    if thing.lemma_.lower() in CESSATIONS:
        # "demanded an end to *Israeli* settlement expansion", "the lifting of *Russian*
        # restrictions": whoever does what is to stop
        ended = arguments.prep_object([thing], "to") or arguments.prep_object([thing], "of")
        found += [c for c in ended.children if c.dep_ in OWNER_DEPS] if ended is not None else []
    return found


#: Nouns of a movement, whose "of" object is the one who moves, even when it is condemned
#: ("condemned the entry of a Venezuelan navy vessel into its waters").
MOVEMENTS = frozenset(
    {"entry", "incursion", "intrusion", "presence", "deployment", "advance", "landing",
     "passage", "transit", "overflight", "arrival"}
)  # fmt: skip
#: Nouns of stopping or removing something, whose "to"/"of" object's owner is the one asked.
CESSATIONS = frozenset(
    {"end", "halt", "stop", "cessation", "lifting", "removal", "withdrawal", "suspension",
     "reversal", "rollback"}
)  # fmt: skip


def _merge_titles(
    heads: list[Token], found: list[Actor | None]
) -> list[tuple[Token, Actor | None]]:
    """ "... and the Chairman of the Joint Chiefs of Staff, General Charles Q Brown": spaCy
    makes the title and the name two conjuncts; an office followed, after a bare comma, by
    a person holding the same (or an unknown) role is one participant. So is a bare title
    joined by "and" to a titled name ("Deputy Crown Prince and Minister of Defense Mohammed
    bin Salman": one person with two titles), and a name followed, after a bare comma, by a
    title with no name of its own ("A, the central bank governor, and B, an adviser to the
    prime minister": A and B)."""
    kept: list[tuple[Token, Actor | None]] = []
    described = {i + 1 for i in range(len(found) - 1) if _described(heads, found, i)}
    for j in range(2, len(found)):
        # "Radoslaw Sikorski, Deputy Prime Minister *and Minister of Foreign Affairs*": a
        # second title joined by "and" to one describing the name describes it too
        between = heads[j].doc[arguments.np_span(heads[j - 1]).end : heads[j].left_edge.i]
        if j - 1 in described and [t.lower_ for t in between] == ["and"] and _untitled(found[j]):
            described.add(j)
    for i, actor in enumerate(found):
        if i in described:
            continue
        nxt = found[i + 1] if i + 1 < len(found) else None
        if actor is not None and nxt is not None and _same_holder(actor, nxt):
            between = heads[i].doc[arguments.np_span(heads[i]).end : heads[i + 1].left_edge.i]
            if [t.text for t in between] == [","]:
                continue
        if i + 1 < len(heads) and _title_of_next(heads[i], heads[i + 1]):
            continue
        if actor is not None and nxt is not None and _office_around(actor, nxt):
            continue  # "Deputy Prime Minister and Minister of Foreign Affairs X", parsed
            # with X apposed to the first title: the office's phrase holds the person
        if i > 0 and _portfolio_conjunct(heads[i], actor):
            continue  # "The Minister of Police, *National Security and Correctional
            # Services*, Hon. X": the rest of the title's portfolio, no participant
        kept.append((heads[i], actor))
    return kept


def _portfolio_conjunct(head: Token, actor: Actor | None) -> bool:
    """A conjunct the parser split off a title's portfolio: capitalised portfolio words
    ("National Security", "Correctional Services") that resolve to no known party, joined
    to a title ("The Minister of Police, ...")."""
    if actor is not None and (actor.country is not None or actor.entity_id is not None):
        return False
    words = head.doc[head.left_edge.i : head.i + 1]
    if not all(t.is_title and t.lower_ in PORTFOLIO_WORDS for t in words):
        return False
    title = head
    while title.dep_ in ("conj", "appos") and title.head.i != title.i:
        title = title.head
    return title is not head and title.lower_ in TITLE_WORDS


def _described(heads: list[Token], found: list[Actor | None], i: int) -> bool:
    """Whether ``heads[i + 1]`` is a title describing the named person ``heads[i]`` ("Sara
    Khoury, the central bank governor")."""
    actor, nxt = found[i], found[i + 1]
    if actor is None or actor.kind is not ActorKind.PERSON or not actor.name or nxt is None:
        return False
    if nxt.kind in (ActorKind.COUNTRY, ActorKind.IGO, ActorKind.INSTITUTION):
        return False
    name, title = arguments.np_span(heads[i]), arguments.np_span(heads[i + 1])
    if not any(t.ent_type_ == "PERSON" for t in name):
        return False  # "the US Secretary of Defense, the Chairman of ...": two offices
    if any(t.ent_type_ == "PERSON" for t in title):
        return False
    if title[0].lower_ not in ("the", "a", "an") and not (
        title[0].pos_ == "PROPN" and _untitled(nxt)
    ):
        return False  # readouts drop the article: "A, Deputy Prime Minister and ..."
    between = heads[i].doc[name.end : title.start]
    return [t.text for t in between] == [","]


def _untitled(actor: Actor | None) -> bool:
    """An office or a role with no person named: a title, not somebody."""
    return actor is not None and (actor.kind is ActorKind.OFFICE or not actor.name)


def _office_around(office: Actor, person: Actor) -> bool:
    """An office nobody is known to hold whose phrase holds a named person of its state."""
    return (
        office.kind is ActorKind.OFFICE
        and person.kind is ActorKind.PERSON
        and office.country == person.country
        and None not in (office.start, office.end, person.start, person.end)
        and cast(int, office.start) <= cast(int, person.start)
        and cast(int, person.end) <= cast(int, office.end)
    )


def _title_of_next(head: Token, nxt: Token) -> bool:
    """A bare title (no article, no name) joined by a lone "and" to a phrase that ends in a
    person's name: the titles of one person."""
    span, following = arguments.np_span(head), arguments.np_span(nxt)
    between = head.doc[span.end : following.start]
    bare = span[-1].lower_ in TITLE_WORDS and all(t.pos_ in ("PROPN", "ADJ", "ADP") for t in span)
    named = following[-1].ent_type_ == "PERSON" and following[0].ent_type_ != "PERSON"
    return bare and named and [t.lower_ for t in between] == ["and"]


#: Small words inside a run of capitalised titles ("Minister *of* Defense *for the* Kingdom").
TITLE_JOINERS = frozenset({"and", "of", "for", "the", "'s", "’s"})


def _titled_person(head: Token) -> Token | None:
    """A bare title whose capitalised run goes on to a person's name, however the parser
    split it ("met with Deputy Crown Prince and Minister of Defense for the Kingdom of Saudi
    Arabia Mohammed bin Salman"): the titles are that person's, who is the participant."""
    span = arguments.np_span(head)
    bare = all(t.is_title or t.lower_ in TITLE_JOINERS - {"the"} for t in span)
    if head.lower_ not in TITLE_WORDS or not bare:
        return None  # "the President and Prime Minister X": two people
    doc = head.doc
    i = span.end
    while i < head.sent.end and (doc[i].is_title or doc[i].lower_ in TITLE_JOINERS):
        if doc[i].ent_type_ == "PERSON" and doc[i].ent_iob_ == "B":
            ent = next(e for e in doc.ents if e.start == i)
            after = doc[ent.end] if ent.end < len(doc) else None
            if after is not None and after.is_title and after.i < head.sent.end:
                return None  # the run goes on past the name: not a plain title + name
            return ent.root
        i += 1
    return None


def _named_after(head: Token) -> Token | None:
    """A title told as a common noun and then named after a comma, wherever the parser hung
    the name ("... and the armed forces chief, General Mateo Ruiz", "the head of the National
    Security Bureau, Piotr Zalewski"): the person named is the participant."""
    if head.pos_ != "NOUN" or head.lemma_.lower() not in TITLE_WORDS:
        return None
    named = next(
        (
            c
            for c in head.children
            if c.dep_ == "appos"
            and c.pos_ == "PROPN"
            and c.i > head.i
            and c.ent_type_ not in ("GPE", "NORP", "LOC", "FAC")
            # not past a conjunct: "China's premier and the head of X, Liu Jianchao"
            and not any(d.dep_ == "conj" and d.i < c.i for d in head.children)
        ),
        None,
    )
    if named is not None:  # "Thailand's foreign minister, Somchai Rattanakul, flew ..."
        return named
    doc = head.doc
    i = arguments.np_span(head).end
    if i >= head.sent.end or doc[i].text != ",":
        return None
    i += 1
    while i < head.sent.end and doc[i].is_title and doc[i].ent_type_ != "PERSON":
        i += 1  # "General", "Dr"
    if i >= head.sent.end or doc[i].ent_type_ != "PERSON" or doc[i].ent_iob_ != "B":
        return None
    ent = next(e for e in doc.ents if e.start == i)
    after = doc[ent.end] if ent.end < head.sent.end else None
    if after is not None and after.text not in (",", ".", ";") and after.lower_ != "and":
        return None  # "the chief, General X said": not an apposition
    return ent.root


def _unique_tokens(tokens: Iterable[Token]) -> list[Token]:
    return list({t.i: t for t in tokens}.values())


def _same_holder(office: Actor, person: Actor) -> bool:
    if office.kind is not ActorKind.OFFICE or person.kind is not ActorKind.PERSON:
        return False
    return office.role is None or person.role is None or office.role == person.role


def same_mention(a: Actor, b: Actor) -> bool:
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
    # a member the knowledge base does not know takes the delegation's country over a guess
    # ("a delegation including the Southcom Commander Gen. X", in a text about Brazil)
    ours = group is not None and group.country is not None
    return [
        m if m.country and not (ours and m.entity_id is None) else _with_country(m, common)
        for m in members
    ]


def _in_extent(actor: Actor, span: SpacySpan) -> Actor:
    """The actor with the extent of the noun phrase that names it ("*the* European Union",
    "*dozens of* supporters of X", "*Russia's* involvement"): the mention the sentence
    makes, as coders mark it; an actor named elsewhere (a title's holder) keeps its own."""
    if actor.start is None or actor.end is None:
        return actor
    if not (span.start_char <= actor.start and actor.end <= span.end_char):
        return actor
    span = _trimmed(span, actor)
    return replace(actor, text=span.text, start=span.start_char, end=span.end_char)


def _trimmed(span: SpacySpan, actor: Actor) -> SpacySpan:
    """A noun phrase without what coders leave out of a mention: a possessive pronoun in
    front ("his counterpart"), and after the name a place or time ("the ambassador *in
    Berlin*") or a description set off by a comma ("Gul Rahman*, a suspected militant*")."""
    start, end = span.start, span.end
    while start < end - 1 and span.doc[start].tag_ == "PRP$":
        start += 1
    for clause in span:  # "accusations by X *that its troops were ...*"
        if clause.dep_ in ("acl", "relcl", "ccomp") and clause.left_edge.idx >= (actor.end or 0):
            end = min(end, clause.left_edge.i)
    for token in span.doc[start:end]:
        if token.idx < (actor.end or 0):
            continue
        described = (
            token.text == "," and token.i + 1 < end and span.doc[token.i + 1].lower_ in ("a", "an")
        )
        placed = (
            token.dep_ == "prep"
            and token.lower_ in PLACE_TIME_PREPS
            and any(t.ent_type_ in PLACE_TIME_ENTS for t in token.subtree)
        )
        if described or placed:
            end = token.i
            break
    while end > start + 1 and (span.doc[end - 1].is_punct or span.doc[end - 1].dep_ == "case"):
        end -= 1  # "Austin*'s* conversation": the owner, without the possessive ending
    return span.doc[start:end]


#: Prepositions of where and when after a name ("the ambassador in Berlin").
PLACE_TIME_PREPS = frozenset({"in", "to", "at", "on", "from", "into"})
PLACE_TIME_ENTS = frozenset({"GPE", "LOC", "FAC", "DATE", "TIME"})


def _pair_travels_to_meet(trigger: Trigger, sense: Sense, who: tuple[Actor, ...]) -> bool:
    """A journey "for talks" by people of two or more countries (not guests a host received
    for talks: "hosted A of Armenia and B of Azerbaijan for talks" is two visits to the host)."""
    if sense.event_type is not PloverType.CONSULT or sense.mode != "visit":
        return False
    if "subj" in sense.recipient:
        return False
    countries = {a.country for a in who if a.country and a.country != "IGO"}
    return len(countries) > 1 and bool(purpose_words(trigger.token) & TALKS)


#: Types of force, whose doer an agentless clause may leave to the one before.
FORCE_TYPES = frozenset({PloverType.COERCE, PloverType.ASSAULT})


#: Sectors of a state's own officials, who go with their country's people.
OFFICIAL_SECTORS = frozenset({Sector.GOV, Sector.LEG, Sector.MIL, Sector.COP, Sector.JUD,
                              Sector.SPY})  # fmt: skip


def _in_company(side: list[Actor]) -> list[Actor]:
    """Officials of no known country named beside others of one country are theirs: "the
    French Assembly's president and *a group of deputies*" (not "Israel and militants")."""
    countries = {a.country for a in side if a.country and a.country != "IGO"}
    if len(countries) != 1:
        return side
    (country,) = countries
    return [
        _with_country(a, country)
        if a.country is None and a.entity_id is None and a.sector in OFFICIAL_SECTORS
        else a
        for a in side
    ]


def _key(actor: Actor) -> str:
    return actor.entity_id or actor.name or actor.text


def _without_nameless(who: tuple[Actor, ...]) -> tuple[Actor, ...]:
    """A side without the companions nothing identifies ("Washington along with *its
    allies*"), when another of its actors has a country: PLOVER codes the actor it knows."""
    if not any(a.country for a in who):
        return who
    return tuple(a for a in who if not _nameless(a))


def _nameless(actor: Actor) -> bool:
    bare = not (actor.country or actor.sector or actor.name or actor.entity_id or actor.code)
    return bare and actor.text[:1].islower()


def _unresolved(span: SpacySpan) -> Actor:
    return Actor(text=span.text, start=span.start_char, end=span.end_char)


def _country_of(token: Token, actors: DocumentActors) -> str | None:
    """The country one word of a compound names ("Peruvian", "Chile"), or None."""
    actor = actors.actor_for(token.doc[token.i : token.i + 1])
    country = actor.country if actor is not None else None
    return country if country not in (None, "IGO") else None


#: Participles of "X-led", "X-backed", "X-flagged", "X-owned" modifiers, whose X owns what
#: they modify.
LED_BY = frozenset(
    {
        "lead",
        "back",
        "sponsor",
        "support",
        "fund",
        "command",
        "run",
        "arm",
        "flag",
        "flagged",
        "own",
        "owned",
        "operate",
        "operated",
    }
)


def _modifier_chain(noun: Token) -> list[Token]:
    """The modifiers of a noun and of its compounds, nearest first ("US Predator attacks":
    Predator, US)."""
    found: list[Token] = []
    queue = [c for c in noun.children if c.dep_ in OWNER_DEPS]
    while queue:
        token = queue.pop(0)
        found.append(token)
        queue.extend(c for c in token.children if c.dep_ in OWNER_DEPS)
        queue.extend(_leaders(token))  # "*Saudi*-led air strikes": the leader's
    return found


def _leaders(modifier: Token) -> list[Token]:
    """The X of an "X-led", "X-flagged", "X-owned" modifier."""
    if modifier.lemma_.lower() not in LED_BY:
        return []
    return [c for c in modifier.children if c.dep_ == "npadvmod" and c.i < modifier.i]


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


def _hyphen_pair(head: Token, actors: DocumentActors) -> tuple[Actor, Actor] | None:
    """The two states a hyphenated pair in the phrase names ("the *United States-Nigeria*
    Bi-National Commission", "the *Pakistan-US* Strategic Dialogue"), if any."""
    span = arguments.np_span(head)
    doc = head.doc
    for dash in span:
        if dash.text not in ("-", "–") or dash.i in (span.start, span.end - 1):
            continue
        # up to three words on each side of the dash ("United States-Nigeria")
        before = range(dash.i - 1, max(span.start, dash.i - 3) - 1, -1)
        after = range(dash.i + 2, min(span.end, dash.i + 4) + 1)
        left = _state_of((doc[i : dash.i] for i in before), actors)
        right = _state_of((doc[dash.i + 1 : j] for j in after), actors)
        if left is not None and right is not None and left.country != right.country:
            return left, right
    return None


def _state_of(pieces: Iterable[SpacySpan], actors: DocumentActors) -> Actor | None:
    """The state the first of ``pieces`` that names a country stands for."""
    for piece in pieces:
        found = actors.actor_for(piece)
        if found is not None and found.kind is ActorKind.COUNTRY:
            return as_state(found)
    return None


def _each_other(head: Token) -> bool:
    """ "each other", "one another": the parties of the act, to one another."""
    pairs = {"other": "each", "another": "one", "one": "another"}  # "one" ← det "another"
    word = pairs.get(head.lower_)
    return word is not None and any(c.lower_ == word for c in head.children)


def _reciprocal(who: tuple[Actor, ...]) -> tuple[tuple[Actor, ...], list[tuple[Actor, ...]]]:
    """ "A, B and C met": the first party with each other one of another country (the
    first with the second when all share one), one event each."""
    first, rest = who[0], who[1:]
    others = [a for a in rest if a.country is None or a.country != first.country]
    return (first,), [(a,) for a in (others or rest[:1])]


def dealing_pair(events: list[Event]) -> tuple[Actor, Actor] | None:
    """The last actor and recipient of these events that are two different states, or two
    sides of one state ("President Arce called the union leaders to a meeting, where both
    sides agreed ...": the government and the union). Two guests of one host are the pair
    ("Michel hosted A of Armenia and B of Azerbaijan ... The two leaders agreed")."""
    guests = two_guests(events)
    if guests is not None:
        return guests
    pairs = [
        (a, r)
        for e in events
        for a in e.actors
        for r in e.recipients
        if a.country
        and r.country
        and "IGO" not in (a.country, r.country)
        and (a.country != r.country or (a.sector and r.sector and a.sector != r.sector))
    ]
    return pairs[-1] if pairs else None


def place_head(token: Token) -> Token | None:
    """The place of the first "in"/"at"/"near" phrase in the trigger's clause (see
    :func:`place_heads`)."""
    return next(place_heads(token), None)


def place_heads(token: Token) -> Iterator[Token]:
    """The places of the "in"/"at"/"near" phrases in the trigger's clause, first first,
    outside its subject unless that is an attack or a weapon ("met in Tampa", "held talks
    with X in Washington", "at the White House", "near the Afghan city of Kandahar")."""
    verb = factuality.clause_verb(token)
    subject = arguments.subject(verb)
    skip = {t.i for t in subject.subtree} if subject is not None else set()
    if subject is not None and subject.lemma_.lower() in WEAPONS | ATTACKS:
        skip = set()  # "a bomb near the town of X killed ...": the attack's place is the act's
    root = verb if verb.pos_ in ("VERB", "AUX") else token
    for prep in root.subtree:
        if prep.dep_ != "prep" or prep.i in skip:
            continue
        pobj = arguments.child(prep, "pobj")
        # "on the outskirts of Damascus", "into waters east of Taiwan": a place noun of a place
        placed = (
            pobj is not None
            and {pobj.lemma_.lower(), pobj.lower_} & PLACE_NOUNS
            and prep.lower_ in ("on", "into", "off", "along", *PLACE_PREPS)
        )
        if prep.lower_ not in PLACE_PREPS and not placed:
            continue
        if pobj is None and prep.lower_ == "outside":  # "outside of Basra"
            of = arguments.child(prep, "prep")
            pobj = arguments.child(of, "pobj") if of is not None and of.lower_ == "of" else None
        if pobj is None:
            continue
        if pobj.ent_type_ in PLACE_ENTS:
            yield pobj
        elif pobj.pos_ == "PROPN":
            # "at the Pakistan-US Strategic Dialogue": an occasion, not a place
            if not arguments.hyphen_named(pobj):
                yield pobj
        elif {pobj.lemma_.lower(), pobj.lower_} & PLACE_NOUNS:  # "the Iraqi city of Basra"
            of = arguments.child(pobj, "prep")
            named = arguments.child(of, "pobj") if of is not None and of.lower_ == "of" else None
            if named is not None and named.pos_ == "PROPN":
                yield named
            elif any(c.dep_ in ("amod", "compound") for c in pobj.children) or placed:
                yield pobj
