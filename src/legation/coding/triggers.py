"""Trigger finding for ``rules.v1``: the sense a verb or noun trigger takes, and the triggers
that are no events of their own (governed complements, framing nouns, objects of other
triggers, what an accusation alleges)."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from typing import TYPE_CHECKING

from ..actors.owners import PLACE_NOUNS
from ..dates import reduced_relative
from ..model import PloverType
from . import arguments, factuality
from .lexicon import Sense

if TYPE_CHECKING:
    from spacy.tokens import Token


LIGHT_HEADS = frozenset(
    {"hold", "have", "conduct", "make", "pay", "begin", "start", "resume", "order", "launch",
     "carry", "stage", "announce", "mount", "continue", "authorize", "approve", "call",
     # aspect: "speeded up the withdrawal", "intensified its attacks"
     "speed", "accelerate", "expedite", "complete", "intensify", "escalate", "step"}
)  # fmt: skip


FINITE = frozenset({"VBD", "VBZ", "VBP"})
#: Verbs of telling that a call or meeting noun can frame ("told X in a phone call").
FRAMED_TELLING = frozenset(
    {"tell", "inform", "assure", "brief", "urge", "ask", "warn", "convey", "express", "raise",
     "voice", "relay", "reiterate", "notify", "remind"}
)  # fmt: skip


@dataclass(slots=True)
class Trigger:
    """A trigger token with the sense chosen for it."""

    token: Token
    sense: Sense
    obj: Token | None = None  # the object that selected the sense (light verbs)
    complement: PloverType | None = None  # type of a governed complement
    visit: bool = False  # framed by a visit noun
    purpose_of: Trigger | None = None  # the summons whose stated purpose this complaint is
    journey: Trigger | None = None  # the journey this meeting noun absorbed ("flew to X for talks")


#: Measures whose reach a participle tells ("sanctions ..., *targeting* 200 vessels").
MEASURES = frozenset({"sanction", "embargo", "tariff", "ban", "restriction", "measure", "freeze"})


def scope_of_measure(token: Token) -> bool:
    """ "Adopted new sanctions against Russia, *targeting* nearly 200 vessels", "an asset
    freeze *aimed at* ...": a participle that tells what a measure reaches, no act of its own."""
    if token.tag_ not in ("VBG", "VBN") or token.dep_ not in ("advcl", "acl", "xcomp"):
        return False
    head = token.head
    lemmas = {head.lemma_.lower(), *arguments.object_lemmas(arguments.direct_object(head))}
    return bool(lemmas & MEASURES)


#: Problems one fights or combats without fighting anybody ("to fight drug smuggling").
#: Objects that make a verb of force a figure of speech ("struck a cautious *note*", "hit
#: the right *tone*").
FIGURES = frozenset({"note", "tone", "chord", "balance", "pose", "nerve", "compromise"})
PROBLEMS = frozenset(
    {"smuggling", "trafficking", "terrorism", "corruption", "poverty", "crime", "disease",
     "extremism", "inflation", "pandemic", "virus", "hunger", "illiteracy", "wildfire",
     "flood", "drought", "malaria", "polio", "cholera", "epidemic", "radicalisation",
     "radicalization", "piracy", "insurgency", "militancy", "climate", "fraud",
     "laundering", "narcotic", "unemployment", "misinformation", "disinformation"}
)  # fmt: skip
#: The rule of leaving an accord or a body ("withdrew from the treaty").
#: The rule of forces ordered to a place ("ordered 30,000 more troops to Afghanistan").
ORDER_TROOPS = "mobilize.order_troops"
WITHDRAW_FROM_DEAL = "sanction.withdraw_from_deal"


def _left_a_place(verb: Token) -> bool:
    """Whether what is withdrawn from is a place ("from Afghanistan", "from the border
    region"), not an accord or a body."""
    place = arguments.prep_object([verb], "from")
    if place is None:
        return False
    return place.ent_type_ in ("GPE", "LOC", "FAC") or place.lemma_.lower() in PLACE_NOUNS


#: Nouns of time a participle may follow without describing them.
TIME_NOUNS = frozenset({"day", "night", "week", "month", "year", "hour", "time", "period"})
#: Deeds a participle can describe as what a group does, not as an act told.
DESCRIBED_DEEDS = frozenset({PloverType.ASSAULT, PloverType.COERCE})
#: Compound words that make a noun a text or a broadcast ("press release", "news release").
MEDIA = frozenset({"press", "news", "media"})
#: Hazards, diseases and accidents: what they kill or wound is no one's attack.
HAZARDS = frozenset(
    {"wildfire", "bushfire", "flood", "flooding", "earthquake", "quake", "tremor", "storm",
     "cyclone", "hurricane", "typhoon", "tornado", "landslide", "mudslide", "avalanche",
     "tsunami", "drought", "famine", "heatwave", "epidemic", "pandemic", "outbreak",
     "disease", "cholera", "virus", "coronavirus", "covid", "covid-19", "malaria", "ebola",
     "measles", "dengue", "rain", "monsoon", "downpour", "blizzard", "lightning", "eruption",
     "accident", "crash", "collapse", "stampede", "disaster", "mishap", "heat", "cold",
     "blaze"}
)  # fmt: skip


def natural_cause(verb: Token) -> bool:
    """ "Wildfires have killed eight people", "30 people were killed in floods", "a cholera
    epidemic that has killed 1,600": a harm done by a hazard, a disease or an accident."""
    causes = [arguments.child(verb, "nsubj")]
    if arguments.is_passive(verb) or verb.dep_ == "acl":
        causes += [arguments.prep_object([verb], p) for p in ("by", "in")]
    if verb.dep_ == "relcl":
        causes.append(verb.head)  # "an epidemic *that has killed* ..."
    return any(c is not None and (_hazard(c) or _a_blaze(c)) for c in causes)


def _hazard(noun: Token) -> bool:
    """A hazard, or one named after its kind ("*Hurricane* Melissa", "Cyclone Freddy")."""
    if noun.lemma_.lower() in HAZARDS:
        return True
    return noun.pos_ == "PROPN" and any(
        c.dep_ == "compound" and c.lemma_.lower() in HAZARDS for c in noun.children
    )


def _a_blaze(noun: Token) -> bool:
    """ "A fire killed ten people in a market": a fire no side is named for (not "*Israeli*
    fire killed three")."""
    owned = any(c.dep_ in ("amod", "compound", "poss", "nmod") for c in noun.children)
    return noun.lemma_.lower() == "fire" and not owned


#: Verbs that say an act answers another; as the participle beside that act, no act of
#: their own.
ANSWERING = frozenset({"retaliate", "reciprocate"})
#: Verbs of hardship suffered ("millions *face* hunger", "the children *risk* starving").
HARDSHIP = frozenset(
    {"face", "risk", "starve", "die", "suffer", "lose", "lack", "need", "remain", "run",
     "struggle", "go"}
)  # fmt: skip


#: Nouns of those who act: a warning that one of them will do something may be a threat.
AGENT_NOUNS = frozenset(
    {"government", "army", "military", "force", "troop", "soldier", "police", "authority",
     "official", "minister", "administration", "regime", "country", "nation", "state",
     "militant", "rebel", "fighter", "group", "movement", "party", "leader", "president",
     "coalition", "navy", "ally", "side", "militia", "guard", "unit", "warplane", "jet",
     "missile", "drone", "retaliation", "response", "reprisal", "sanction", "measure",
     "action", "consequence", "punishment", "strike", "attack", "counterattack", "those",
     "anyone", "whoever", "perpetrator", "aggressor", "enemy"}
)  # fmt: skip


def _warns_of_hardship(verb: Token) -> bool:
    """A warning whose clause tells of hardship people face ("warned that millions of
    Syrians face hunger", "warned that the situation was dire") or of what a state of
    affairs will bring ("warned that the dispute would hurt farmers", "warned that the
    standoff could push prices higher"), not of what anyone will do."""
    comp = arguments.child(verb, "ccomp")
    if comp is None or arguments.child(verb, "dobj") is not None:
        return False
    if any(c.dep_ in ("auxpass", "nsubjpass") for c in comp.children):
        return False  # "warned that any attack would be met with force"
    if comp.lemma_.lower() in HARDSHIP:
        return True
    stative = comp.lemma_.lower() == "be" and arguments.child(comp, "acomp") is not None
    if stative:
        return True
    menace = any(t.lemma_.lower() in MENACES for t in comp.subtree)
    return not menace and _impersonal(arguments.child(comp, "nsubj"))


#: Words that make a warning of consequences a veiled threat ("warned that the drills could
#: lead to *war*").
MENACES = frozenset(
    {"war", "conflict", "confrontation", "retaliation", "reprisal", "response", "consequence",
     "countermeasure", "escalation", "force"}
)  # fmt: skip


def _impersonal(noun: Token | None) -> bool:
    """A common noun that names no one who acts, nor an act of force: "the dispute", "a
    prolonged standoff" (not "its forces", "Israeli strikes", "the army", "those responsible")."""
    if noun is None or noun.pos_ != "NOUN" or noun.ent_type_ in arguments.NAME_ENTS:
        return False
    if noun.lemma_.lower() in AGENT_NOUNS or noun.lower_ in AGENT_NOUNS:
        return False
    return not any(
        (c.dep_ in ("poss", "compound", "amod", "nmod") and c.ent_type_ in arguments.NAME_ENTS)
        or c.dep_ == "poss"
        for c in noun.children
    )


def _describes(verb: Token) -> bool:
    """A present participle on an indefinite noun that another verb governs: it says what
    the group does ("a mission *fighting* gangs", "terrorist groups *targeting* Pakistan"),
    not an act the text reports (unlike "Militants *attacking* a checkpost killed two")."""
    noun = verb.head
    if verb.dep_ != "acl" or verb.tag_ != "VBG" or noun.pos_ != "NOUN":
        return False
    if noun.dep_ not in ("dobj", "pobj", "attr", "appos", "dative"):
        return False
    if noun.ent_type_ in ("DATE", "TIME") or noun.lemma_.lower() in TIME_NOUNS:
        return False  # "for a sixth straight day *killing* 32 civilians": the act, timed
    dets = {c.lower_ for c in noun.children if c.dep_ in ("det", "poss")}
    return not dets or dets <= {"a", "an", "some", "any"}


def choose_verb(token: Token, senses: tuple[Sense, ...]) -> Trigger | None:
    if senses and senses[0].event_type is PloverType.ASSAULT and scope_of_measure(token):
        return None
    if token.lower_ in arguments.HEDGES and arguments.child(token, "nsubj") is None:
        return None  # "bombed *suspected* TTP hideouts": a hedge the parser read as a verb
    if reduced_relative(token):
        return None  # "to respect the ceasefire *agreed* in Doha": the ceasefire's history
    if arguments.visiting_adjective(token) and token.head.pos_ in ("VERB", "ADP"):
        return None  # "met with *visiting* President Ruto": an adjective misread
    if any(s.event_type is PloverType.ASSAULT for s in senses) and natural_cause(token):
        return None  # "floods killed 30 people": no attack
    if senses and senses[0].event_type in DESCRIBED_DEEDS and _describes(token):
        return None  # "leads a mission *fighting* Haiti's gangs": what the mission does
    if token.dep_ == "acomp" and token.tag_ == "VBG":
        return None  # "few images have been as *striking*": a participle as an adjective
    if token.tag_ == "VBN" and token.dep_ in ("acomp", "xcomp") and token.head.lemma_ in LASTING:
        return None  # "1,500 Russian troops *remain stationed* there": a standing state
    if (
        token.dep_ == "acl"
        and token.tag_ == "VBN"
        and token.lemma_.lower() in POSTED
        and not any(t.ent_type_ == "DATE" for t in token.subtree)
    ):
        return None  # "praised the Kenyan police officers *deployed* in Haiti": where they serve
    if token.lemma_.lower() in ANSWERING and token.tag_ == "VBG" and token.dep_ == "advcl":
        return None  # "expelled 12 diplomats, *retaliating* for ...": how the act was meant
    if token.lemma_.lower() == "warn" and _warns_of_hardship(token):
        return None  # "the WFP warned that millions face hunger": an alarm, no threat
    obj = arguments.direct_object(token)
    lemmas = set(arguments.object_lemmas(obj))
    if obj is not None and not any(lemmas & s.objects for s in senses):
        # "flew a team of engineers *and relief supplies* to Vanuatu": what a sense needs
        # may be a later object of a list
        heads = [obj, *[o for o in [arguments.prep_object([obj], "of")] if o is not None]]
        later = {
            w for h in heads for c in arguments.conjuncts(h)[1:] for w in arguments.object_lemmas(c)
        }
        lemmas |= later if any(later & s.objects for s in senses) else set()
    # "called the deal a step towards peace", "called May 9 a black day": naming something
    named = any(c.dep_ == "oprd" and (obj is None or c.i != obj.i) for c in token.children) or (
        token.lemma_.lower() == "call" and obj is not None and obj.ent_type_ in ("DATE", "TIME")
    )
    for sense in senses:
        if sense.particle and not arguments.has_particle(token, sense.particle):
            continue
        if named and sense.event_type is PloverType.CONSULT:
            continue  # naming something is no call nor meeting
        if sense.needs_complement and not _has_complement(token, sense):
            continue
        if sense.object_complement and arguments.act_of(obj) is None:
            continue
        if sense.named_object and not arguments.is_named(obj):
            continue
        if sense.no_object and obj is not None:
            continue
        if sense.objects and token.lemma_.lower() == "make" and _told_again(obj):
            continue  # "*The request* was made during a meeting": the request told before
        if sense.joint and not (obj is not None and shared_act(obj)):
            continue  # "conducted a *joint* operation", not "conducted an operation"
        if sense.rule == WITHDRAW_FROM_DEAL and _left_a_place(token):
            continue  # "Soviet troops withdrew from Afghanistan": a retreat, no deal left
        if sense.rule == ORDER_TROOPS and next(complements(token), None) is not None:
            continue  # "ordered the security forces *to hunt down* ...": an order to act
        if sense.event_type is PloverType.ASSAULT and lemmas & PROBLEMS:
            continue  # "a joint border post to fight drug smuggling": a problem, no enemy
        if sense.event_type is PloverType.ASSAULT and lemmas & FIGURES:
            continue  # "struck a more cautious note": a manner of speaking
        if sense.judgement and not judged(token, sense.judged_as or JUDGEMENTS):
            continue
        if sense.judged_clause and judged_subject(token) is None:
            continue
        owner = arguments.child(obj, "poss") if obj is not None else None
        if sense.owned_object and not arguments.is_named(owner):
            continue  # "recognized *Egypt's* importance"
        if sense.obligation and not any(
            factuality.obligation(c) in sense.obligation for c in complements(token)
        ):
            continue
        if sense.event_type is PloverType.REQUEST and _insists_on_a_fact(token):
            continue  # "insists the vote was an internal matter": a claim, no demand
        if sense.complement_verbs and not any(
            c.lemma_.lower() in sense.complement_verbs for c in complements(token)
        ):
            continue
        if sense.manners and not manner_words(token) & sense.manners:
            continue  # "would respond *in kind*", not "responded to questions"
        if sense.purposes and not purpose_words(token) & sense.purposes:
            continue  # "returned to Geneva *for talks*", not "returned to Syria"
        if sense.subjects and not _subject_lemmas(token) & sense.subjects:
            continue  # "an aid *convoy* arrived in Gaza", not "the minister arrived"
        if sense.objects:
            if lemmas & sense.objects:
                return Trigger(token, sense, obj=obj)
            # the object may be the particle's own: "went on *strike*"
            inner = arguments.prep_object([token], sense.particle) if sense.particle else None
            if inner is not None and set(arguments.object_lemmas(inner)) & sense.objects:
                return Trigger(token, sense, obj=inner)
            continue
        return Trigger(token, sense)
    return None


def _insists_on_a_fact(token: Token) -> bool:
    """ "Caracas insists the vote *was* an internal matter": "insist" with a clause told in
    the indicative (past, or present with a singular subject) states a claim; "insisted that
    the troops *leave*" (a bare verb) or "... *must* leave" demands."""
    if token.lemma_.lower() != "insist":
        return False
    clauses = [c for c in token.children if c.dep_ == "ccomp"]
    if not clauses:
        return False
    for clause in clauses:
        tags = {clause.tag_} | {a.tag_ for a in clause.children if a.dep_ in ("aux", "auxpass")}
        if "MD" in tags or not tags & {"VBD", "VBZ"}:  # VBP may be a subjunctive
            return False
        if clause.lemma_ in ("have", "need") and any(c.dep_ == "xcomp" for c in clause.children):
            return False  # "insisted that Kabul had to act": an obligation laid on another
    return True


def manner_words(verb: Token) -> set[str]:
    """The words that say how a verb is done: its adverbs ("respond *firmly*") and the nouns
    of its "in"/"with" phrases with their adjectives ("in *kind*", "with full *force*", "in a
    *befitting* manner")."""
    found = {c.lemma_.lower() for c in verb.children if c.dep_ == "advmod"}
    for prep in verb.children:
        if prep.dep_ == "prep" and prep.lower_ in ("in", "with"):
            for noun in prep.children:
                if noun.dep_ == "pobj":
                    found.add(noun.lemma_.lower())
                    found.update(a.lemma_.lower() for a in noun.children if a.dep_ == "amod")
    return found


#: Meetings a journey can be for ("flew to Dubai *for talks*").
TALKS = frozenset({"talk", "negotiation", "meeting", "summit", "discussion"})


def purpose_words(verb: Token) -> set[str]:
    """The nouns of a verb's "for" phrases, through partitives ("for talks", "for a new round
    *of negotiations*"), and of what it comes before ("welcomes X *ahead of their meeting*",
    "before talks")."""
    found: set[str] = set()
    for prep in verb.children:
        if prep.dep_ == "prep" and prep.lower_ in ("for", "before"):
            found.update(arguments.object_lemmas(arguments.child(prep, "pobj")))
    for ahead in verb.subtree:  # (the parser may hang "ahead of" on the object)
        if ahead.lower_ == "ahead" and ahead.dep_ == "advmod" and ahead.i > verb.i:
            of = arguments.prep_object([ahead], "of")
            found.update(arguments.object_lemmas(of) if of is not None else ())
    return found


#: Predicates that condemn what they are said of: "called the measure *unjust*".
JUDGEMENTS = frozenset(
    {"unjust", "unfair", "illegal", "unlawful", "illegitimate", "discriminatory",
     "irresponsible", "provocative", "unacceptable", "baseless", "groundless", "absurd",
     "hypocritical", "reckless", "biased", "unfortunate", "wrong", "outrageous", "shameful",
     "deplorable", "regrettable", "counterproductive", "destabilizing", "destabilising",
     "aggression", "violation", "interference", "provocation", "crime", "lie", "farce",
     "hostile", "unwarranted", "unjustified", "arbitrary", "coercive", "bullying",
     "politically", "motivated", "one-sided", "misguided", "dangerous", "inhumane", "breach",
     "infringement", "affront", "attack", "insult", "coup", "sham", "travesty", "mockery",
     "setback", "betrayal", "blackmail", "unreliable", "disgrace", "witch-hunt", "hoax",
     "piracy", "intimidation", "terrorism", "harassment", "war"}
)  # fmt: skip


#: Texts and accounts: giving one is telling, not aid ("provided the following readout").
TEXT_NOUNS = frozenset(
    {"readout", "statement", "detail", "update", "briefing", "remark", "comment", "account",
     "summary", "transcript", "text", "report", "release", "communique", "communiqué",
     "note", "photo", "image", "video", "interview", "speech", "address", "explanation",
     "clarification", "overview", "testimony", "answer", "response"}
)  # fmt: skip


def judged(verb: Token, judgements: frozenset[str] = JUDGEMENTS) -> bool:
    """Whether the verb says its object is something condemnable: a predicative complement
    ("called X *unjust*", "held X *responsible*", with ``judgements`` the words that
    condemn), an "as" phrase ("described X *as unlawful*") or a quoted judgement, with its
    conjuncts ("unjust and discriminatory")."""
    found: list[Token] = []
    for c in verb.children:
        if c.dep_ in ("oprd", "acomp", "xcomp", "ccomp", "attr", "dobj"):
            found.append(c)
        elif c.dep_ == "prep" and c.lower_ == "as":
            found.extend(g for g in c.children if g.dep_ in ("pobj", "amod", "acomp", "pcomp"))
    words = {t.lemma_.lower() for f in found for t in f.subtree}
    # the judged: the object, or the subject of a small clause the parser made of it
    # ("holds *India* responsible")
    judged_one = arguments.direct_object(verb) is not None or any(
        c.dep_ in ("ccomp", "xcomp") and arguments.child(c, "nsubj") is not None
        for c in verb.children
    )
    return bool(words & judgements) and judged_one


#: Copulas of a reported judgement: "said Washington *had become* an unreliable ally".
COPULAS = frozenset({"be", "become", "remain"})


#: Verbs whose object "responsibility" or "blame" lays it on their subject.
BEARING = frozenset({"bear", "carry", "shoulder"})


def judged_subject(verb: Token) -> Token | None:
    """The subject a reported clause condemns: a copular one, "said Washington had become an
    *unreliable* ally", "said the arrest was a *setback* for democracy" (the predicate
    holds a word of JUDGEMENTS), or one of blame borne, "said Algiers *bore responsibility*
    for the crisis"; a negated clause condemns nothing."""
    for comp in verb.children:
        if comp.dep_ != "ccomp" or any(c.dep_ == "neg" for c in comp.children):
            continue
        subject = arguments.child(comp, "nsubj")
        blamed = comp.lemma_.lower() in BEARING and set(
            arguments.object_lemmas(arguments.direct_object(comp))
        ) & {"responsibility", "blame"}
        if subject is not None and blamed:
            return subject  # "said the Algerian authorities *bore responsibility* for ..."
        if comp.lemma_.lower() not in COPULAS:
            continue
        predicates = [c for c in comp.children if c.dep_ in ("attr", "acomp")]
        words = {t.lemma_.lower() for p in predicates for t in p.subtree}
        if subject is not None and words & JUDGEMENTS:
            return subject
    return None


#: Words that make an act shared by the parties that do it ("*joint* naval drills").
SHARED_WORDS = frozenset(
    {"joint", "bilateral", "trilateral", "multilateral", "combined", "coordinated",
     "cooperative"}
)  # fmt: skip
#: Verbs of posting forces, whose bare participle on a noun tells where they serve.
POSTED = frozenset({"deploy", "station", "base", "post", "position", "garrison"})
#: Verbs of a state lasting, whose participle says how things stand, not what was done.
LASTING = frozenset({"remain", "stay"})


def _told_again(obj: Token | None) -> bool:
    """A definite act noun as the subject of a passive light verb ("*the request* was
    made", "*the remarks* were made"): an act the text has told before."""
    return (
        obj is not None
        and obj.dep_ == "nsubjpass"
        and any(c.lower_ in ("the", "this", "these", "that") for c in obj.children)
    )


def shared_act(noun: Token) -> bool:
    """Whether a word makes the act a noun names shared ("a *joint* operation")."""
    return any(c.lower_ in SHARED_WORDS for c in noun.children)


def choose_noun(token: Token, senses: tuple[Sense, ...]) -> Trigger | None:
    shared = shared_act(token)
    what = set(arguments.object_lemmas(arguments.prep_object([token], "of")))
    # "a *joint* operation": the shared sense only where a word makes the act shared; "the
    # release *of funds*": a sense for what the act is of only where it is of that
    sense = next(
        (s for s in senses if (shared or not s.joint) and (not s.objects or what & s.objects)),
        None,
    )
    if sense is None:
        return None
    if token.dep_ == "pobj" and token.head.lower_ == "with" and token.head.head.lemma_ in WARNING:
        return None  # "threatened Belarus *with new sanctions*": what is threatened
    if any(c.dep_ == "det" and c.lower_ == "any" for c in token.children):
        return None  # "would respond to *any* attack": an act supposed, nobody's yet
    if any(c.dep_ == "compound" and c.lower_ in MEDIA for c in token.children):
        return None  # "according to a *press release*": a text, not a prisoner's release
    if token.dep_ == "attr" and sense.event_type in DESCRIBED_DEEDS and _said_of_a_pronoun(token):
        # "This is an attack on peace", "It was the deadliest attack in years": what
        # something is called (or an act told again), no act of the sentence's own
        return None
    # a party named on the noun, on its "of" object ("the signing of an agreement *between*
    # A and B"), or as its agent ("*Germany's* pledge", "the expulsion of X *by Canberra*")
    of = arguments.prep_object([token], "of")
    holders = [token, *([of] if of is not None else [])]
    has_party = any(
        c.dep_ == "prep" and c.lower_ in sense.recipient for h in holders for c in h.children
    )
    poss = arguments.child(token, "poss")
    has_party = has_party or (
        poss is not None and poss.pos_ == "PROPN" and poss.ent_type_ not in arguments.TIME_ENTS
    )
    has_party = has_party or arguments.noun_agent(token) is not None
    has_party = has_party or ("comp_subj" in sense.recipient and noun_content(token) is not None)
    # "held talks", "*resumed* peace talks", "began negotiations": the act is the noun's
    light = token.dep_ in ("dobj", "nsubjpass") and token.head.lemma_ in LIGHT_HEADS | BEGUN
    # "thousands gathered for a rally": the gathering is the rally
    light = light or (
        token.dep_ == "pobj" and token.head.lower_ == "for" and token.head.head.lemma_ in GATHERING
    )
    light = light or engaged_in(token) is not None  # "were engaged in ethnic cleansing"
    light = light or claimed_by(token) is not None  # "claimed responsibility for the attack"
    # "the Pakistan-US strategic dialogue resumed": a meeting begun, resumed or ended
    light = light or (token.dep_ == "nsubj" and token.head.lemma_.lower() in UNDER_WAY)
    # "Washington's tariffs on Mexican imports *took effect* on Tuesday": a measure begun
    in_force = token.dep_ == "nsubj" and _takes_effect(token.head)
    light = light or in_force
    fighting = sense.event_type is PloverType.ASSAULT and token.dep_ == "nsubj"
    light = light or (fighting and token.head.lemma_.lower() in ERUPTING)
    if sense.event_type is PloverType.CONSULT and not has_party:
        # "the Pakistan-US Strategic Dialogue", "a meeting of the Pakistan-Afghanistan Joint
        # Coordination Committee": named for the two states that meet
        of = arguments.prep_object([token], "of")
        has_party = arguments.hyphen_named(token) or (of is not None and arguments.hyphen_named(of))
    framing = told_in(token) is not None  # "told X in a phone call that ..."
    if sense.party and not (has_party or light or framing):
        return None
    if sense.dated and not (dated_noun(token) or in_force):
        return None  # "Washington's praise *on Friday*", not praise of a time untold
    if sense.named_object and not any(
        arguments.is_named(arguments.child(c, "pobj"))
        for c in token.children
        if c.dep_ == "prep" and c.lower_ in sense.recipient
    ):
        return None  # "a stay in Canberra", not "his stay in hospital"
    return Trigger(token, sense)


def _takes_effect(verb: Token) -> bool:
    """ "took effect", "came into force", "kicked in": a measure begun."""
    lemma = verb.lemma_.lower()
    if lemma == "take":
        return any(c.dep_ == "dobj" and c.lemma_.lower() == "effect" for c in verb.children)
    if lemma in ("come", "enter"):
        into = arguments.prep_object([verb], "into")
        return into is not None and into.lemma_.lower() in ("force", "effect")
    return lemma == "kick" and arguments.has_particle(verb, "in")


def dated_noun(noun: Token) -> bool:
    """Whether a noun carries a date of its own: "praise *on Friday* for ...", "*Monday's*
    threat", "the promise *last week*" -- an act the writer reports, not a stance."""
    for child in noun.children:
        if child.dep_ in ("poss", "compound", "npadvmod", "nmod") and child.ent_type_ == "DATE":
            return True
        if child.dep_ == "prep" and child.lower_ in ("on", "in", "at"):
            obj = arguments.child(child, "pobj")
            if obj is not None and obj.ent_type_ == "DATE":
                return True
    return False


def _said_of_a_pronoun(attr: Token) -> bool:
    subject = arguments.child(attr.head, "nsubj")
    return subject is not None and subject.lower_ in ("this", "that", "it", "these", "those")


#: Verbs of coming together for an occasion ("gathered *for a rally*").
GATHERING = frozenset({"gather", "converge", "assemble", "mass", "march", "turn"})
#: Verbs whose subject, a meeting, took place ("talks *resumed*", "the dialogue *opened*").
UNDER_WAY = frozenset({"resume", "begin", "start", "open", "continue", "conclude", "end", "close"})
#: Verbs that begin an act named by their object ("resumed peace talks").
BEGUN = frozenset({"resume", "begin", "start", "open"})
#: Verbs of threatening, whose "with" object is what is threatened.
WARNING = frozenset({"threaten", "warn"})
#: Verbs whose subject, fighting, broke out ("clashes *erupted* between ...").
ERUPTING = frozenset({"erupt", "break", "rage", "flare", "intensify", "escalate"})
#: Verbs whose "in" object is what their subject does ("engaged in ethnic cleansing").
ENGAGING = frozenset({"engage", "involve", "participate"})


def engaged_in(noun: Token) -> Token | None:
    """The verb a noun is the "in" object of, when that verb says its subject does the noun's
    act ("were engaged in ethnic cleansing", "took part in"), else None."""
    prep = noun.head
    if noun.dep_ != "pobj" or prep.lower_ != "in" or prep.head.lemma_.lower() not in ENGAGING:
        return None
    return prep.head


#: Nouns of what one claims or admits for a deed ("claimed *responsibility* for the attack").
RESPONSIBILITY = frozenset({"responsibility", "credit", "blame"})
#: Verbs that take responsibility for a deed on their subject.
CLAIMING = frozenset({"claim", "accept", "take", "admit", "assume", "acknowledge"})


def claimed_by(noun: Token) -> Token | None:
    """The one who claims a deed: "al-Shabaab claimed responsibility *for the bombing*" (the
    subject of the claiming verb whose responsibility the noun's "for" phrase names)."""
    prep = noun.head
    if noun.dep_ != "pobj" or prep.lower_ != "for":
        return None
    owned = prep.head
    if owned.lemma_.lower() not in RESPONSIBILITY or owned.dep_ != "dobj":
        return None
    verb = owned.head
    if verb.lemma_.lower() not in CLAIMING:
        return None
    claimer = arguments.subject(verb)
    if (
        claimer is None
        or claimer.lower_ in ("nobody", "none")
        or any(c.lower_ == "no" for c in claimer.children)
    ):
        return None  # "no group has claimed responsibility for the attack": nobody's
    return claimer


#: Nouns of a conversation in which something is told ("in a phone call", "during talks").
CONVERSATIONS = frozenset(
    {"call", "meeting", "talk", "conversation", "phone", "telephone", "conference",
     "discussion", "session", "exchange", "videoconference", "dialogue", "summit", "audience",
     "interaction", "encounter", "chat"}
)  # fmt: skip
#: Verbs of telling whose object is the one told ("told *X*"; "conveyed *concerns* to X").
TOLD_AS_OBJECT = frozenset(
    {"tell", "inform", "assure", "brief", "urge", "ask", "warn", "notify", "remind"}
)


def noun_content(noun: Token) -> Token | None:
    """The "that" clause a noun states ("its demand *that Israel ease restrictions*"; the
    parser may hang it on the verb whose object the noun is: "reiterated its demand today
    that ...")."""
    holders = [noun, *([noun.head] if noun.dep_ == "dobj" else [])]
    return next(
        (
            c
            for holder in holders
            for c in holder.children
            if c.dep_ in ("acl", "ccomp")
            and c.i > noun.i
            and any(m.lower_ == "that" for m in c.children)
        ),
        None,
    )


def told_in(noun: Token) -> Token | None:
    """The one told, when a call or meeting noun frames a verb of telling: "told X *in a
    phone call* that ...", "conveyed India's concerns to X *in a telephone call*" (the
    phrase may hang on the verb's object)."""
    if noun.dep_ != "pobj" or noun.head.lower_ not in ("in", "during", "at"):
        return None
    if noun.lemma_.lower() not in CONVERSATIONS:
        return None  # "assured him of support in the investigation": no conversation
    verb = factuality.clause_verb(noun)
    if verb.pos_ != "VERB" or verb.lemma_.lower() not in FRAMED_TELLING:
        return None
    obj = arguments.direct_object(verb)
    to = arguments.prep_object([verb, *([obj] if obj is not None else [])], "to")
    if to is None and obj is not None:
        to = arguments.prep_object(arguments.topic_objects(obj), "to")
    dative = arguments.child(verb, "dative")
    if dative is not None and dative.pos_ == "ADP":
        dative = arguments.child(dative, "pobj")
    if verb.lemma_.lower() not in TOLD_AS_OBJECT:
        obj = None  # "expressed appreciation during talks with X": the object is no one
    return to or dative or obj


def complements(verb: Token) -> Iterator[Token]:
    """A verb's complement clauses: "agreed *to meet*", "said *that* ...", a purpose clause
    ("fired teargas *to break up* protests"), and a gerund after "to" ("committed to
    *working* with X", "looked forward to *deepening* ties")."""
    for c in verb.children:
        if factuality.misrooted(c):
            continue  # "X shelled the hospital, a day *after* the Council demanded ..."
        if c.dep_ == "ccomp" and c.i > verb.i and _timed(c):
            continue  # "warned that ..., hours *after* the Council demanded": when, not what
        purpose = c.dep_ == "advcl" and any(
            a.dep_ == "aux" and a.lower_ == "to" for a in c.children
        )
        if c.dep_ in ("prep", "conj") and c.lower_ == "to":  # conj: "... and to working"
            c = next((g for g in c.children if g.dep_ == "pcomp" and g.tag_ == "VBG"), c)
            purpose = c.dep_ == "pcomp"
        if c.dep_ in ("xcomp", "ccomp") or purpose:
            yield c
            yield from (
                x
                for x in c.children
                if x.dep_ == "conj" and x.pos_ == "VERB" and not finite_conj(x)
            )


TIME_MARKS = frozenset({"after", "before", "when"})


def _timed(clause: Token) -> bool:
    """A clause the parser hung as a content clause that opens with a conjunction of time
    ("*after* the Council demanded", "*before* talks began"): an adverbial clause. Only
    conjunctions that are always of time: "as", "since", "while" and "because" also give
    reasons, and a reason can be what was said ("warned it would respond, because ...")."""
    return any(
        c.dep_ == "mark" and c.lower_ in TIME_MARKS and c.i < clause.i for c in clause.children
    )


def _has_complement(token: Token, sense: Sense) -> bool:
    """A complement clause, or, for a sense aimed at its subject, the clause an inverted
    report tells ("X did Y, Z protested")."""
    if next(complements(token), None) is not None:
        return True
    return sense.recipient == ("comp_subj",) and arguments.reported_before(token) is not None


def finite_conj(token: Token) -> bool:
    """ "asked X to help restart Y and thanked him": a finite verb the parser conjoined to
    an infinitive belongs to the clause that governs the infinitive."""
    return token.dep_ == "conj" and token.tag_ in FINITE and token.head.tag_ in ("VB", "VBG")


def content(comp: Token) -> Iterator[Token]:
    """The tokens of a governed complement, without misattached finite conjuncts, nor a
    clause in the past that times it ("would target warships, hours *after* the Council
    demanded ...": a deed done, not one vowed)."""
    yield comp
    for c in comp.children:
        if not finite_conj(c) and not _done_before(c):
            yield from content(c)


def _done_before(clause: Token) -> bool:
    """A past-tense clause of time ("after the Council demanded") under a complement."""
    return clause.dep_ in ("advcl", "ccomp") and clause.tag_ == "VBD" and _timed(clause)


def frames(found: dict[int, Trigger]) -> set[int]:
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
        if framed.sense.event_type is not PloverType.CONSULT:
            continue  # "conveyed India's concerns to X in a telephone call": both happened
        if framed.sense.weak:  # "arrived in Beijing for talks with ...": the talks are the event
            consumed.add(verb.i)
            trigger.visit = trigger.visit or framed.sense.mode == "visit"
            trigger.journey = framed
        else:
            consumed.add(i)
            framed.visit = framed.visit or trigger.sense.mode == "visit"
    return consumed


def deferred(found: dict[int, Trigger]) -> set[int]:
    """Verbs that yield to a noun trigger in their object ("ordered the release of X") or to
    a trigger in their open complement ("decided to impose sanctions" is the sanctions;
    "decided to set up a joint working group", with no act of its own, is the decision)."""
    consumed: set[int] = set()
    for i, trigger in found.items():
        if not trigger.sense.defer:
            continue
        obj = arguments.direct_object(trigger.token)
        in_object = obj is not None and obj.i in found
        in_complement = trigger.sense.event_type is PloverType.AGREE and any(
            t.i in found for c in trigger.token.children if c.dep_ == "xcomp" for t in c.subtree
        )
        if in_object or in_complement:
            consumed.add(i)
    return consumed


#: Objects whose clause is what they propose or decide ("the decision *to approve* ...").
PROPOSALS = frozenset(
    {"decision", "move", "plan", "proposal", "offer", "announcement", "bid", "call", "demand",
     "request", "invitation", "pledge", "promise", "commitment", "attempt", "effort", "threat",
     "refusal", "order"}
)  # fmt: skip


def content_of_objects(found: dict[int, Trigger]) -> set[int]:
    """A trigger in a clause on the object that selected another trigger's sense is that
    object's content, not an event: "accepted an invitation *to visit* Nairobi", "extended
    an invitation to X to visit"; so is one in the clause of a decision or proposal another
    trigger is about ("questioned Washington's decision *to approve* the package", "welcomed
    the decision to extend the ceasefire")."""
    consumed: set[int] = set()
    for trigger in found.values():
        stated = noun_content(trigger.token) if trigger.token.pos_ == "NOUN" else None
        if stated is not None and "comp_subj" in trigger.sense.recipient:
            consumed.update(t.i for t in stated.subtree if t.i in found)  # "demand that ..."
            continue
        obj = trigger.obj
        if obj is None and trigger.token.pos_ == "VERB":
            candidate = arguments.direct_object(trigger.token)
            obj = candidate if candidate is not None and candidate.lemma_ in PROPOSALS else None
        elif trigger.sense.event_type is not PloverType.AGREE:
            obj = None
        if obj is None:
            continue
        for clause in obj.children:
            if clause.dep_ in ("acl", "relcl"):
                consumed.update(t.i for t in clause.subtree if t.i in found)
    return consumed


def objects_of_triggers(found: dict[int, Trigger]) -> set[int]:
    """A noun trigger that is the object of another (non-light) verb trigger is what that
    event is about, not an event of its own: "condemned the attack", "praised the
    cooperation" ("ordered the release of X" defers to the noun instead)."""
    consumed: set[int] = set()
    for i, trigger in found.items():
        token = trigger.token
        verb = found.get(token.head.i)
        if (
            token.pos_ == "NOUN"
            and token.dep_ in ("dobj", "nsubjpass")
            and verb is not None
            and verb.token.pos_ == "VERB"
            and not verb.sense.defer
            and verb.obj is None
            and (token.head.lemma_ not in LIGHT_HEADS or verb.sense.judgement)
        ):
            consumed.add(i)  # not "called a strike", but "called the sanctions unjust"
        elif token.pos_ == "NOUN" and _partitive_object(token, found):
            consumed.add(i)  # "lifted most of its sanctions on Myanmar": the sanctions lifted
        elif token.pos_ == "NOUN" and _judged_subject(token, found):
            consumed.add(i)  # "called the US sanctions unjust": the parser's small clause
        elif (
            token.dep_ == "nsubj"
            and verb is not None
            and verb.sense.event_type is trigger.sense.event_type is PloverType.CONSULT
        ):
            consumed.add(i)  # "the Pakistan-US Strategic Dialogue met": one meeting
    return consumed


def _partitive_object(token: Token, found: dict[int, Trigger]) -> bool:
    """The noun after the partitive object ("*most of* its sanctions") through which a verb
    trigger's sense matched."""
    if token.dep_ != "pobj" or token.head.lower_ != "of":
        return False
    part = token.head.head
    verb = found.get(part.head.i)
    return (
        verb is not None
        and verb.obj is not None
        and verb.obj.i == part.i
        and part.lemma_.lower() in arguments.PARTITIVES
    )


def _judged_subject(token: Token, found: dict[int, Trigger]) -> bool:
    """ "called [the US sanctions] unjust": the subject of the predicate a judging verb
    trigger governs (the parser makes a clause of object and judgement)."""
    predicate = token.head
    if token.dep_ != "nsubj" or predicate.dep_ not in ("ccomp", "xcomp"):
        return False
    judge = found.get(predicate.head.i)
    return judge is not None and judge.sense.judgement and predicate.pos_ in ("ADJ", "NOUN")


#: Nouns whose "that" clause is a claim, not an act reported ("rejected suggestions that
#: Islamabad shelters militants").
CLAIMS = frozenset(
    {"suggestion", "claim", "allegation", "charge", "accusation", "assertion", "insinuation",
     "report", "rumour", "rumor", "speculation", "impression", "notion", "perception", "belief",
     "view", "idea", "argument", "narrative", "propaganda"}
)  # fmt: skip


def claimed(found: dict[int, Trigger]) -> set[int]:
    """Triggers in the content clause of a claim noun are what is claimed, not events."""
    consumed: set[int] = set()
    for i, trigger in found.items():
        token = trigger.token
        if token.dep_ == "conj" and arguments.child(token, "nsubj") is None:
            continue  # "rejected suggestions that X ... and asked Washington": the speaker's
        for verb in [token, *token.ancestors]:
            claim = verb.head
            if (
                verb.dep_ in ("acl", "ccomp")
                and claim.pos_ == "NOUN"
                and claim.lemma_.lower() in CLAIMS
                and any(m.lower_ == "that" for m in verb.children)
            ):
                consumed.add(i)
                break
    return consumed


#: Verbs that deny what their complement says was done ("denied supporting M23").
DENYING = frozenset({"deny", "refute"})


def denied(found: dict[int, Trigger]) -> set[int]:
    """What a denial denies is no event: "Rwanda denied supporting M23 rebels", "Pakistan
    denied that its forces had attacked Afghan posts" (the complement clause or gerund of a
    denying verb that is itself a trigger)."""
    consumed: set[int] = set()
    for trigger in found.values():
        token = trigger.token
        if token.lemma_.lower() not in DENYING or token.pos_ != "VERB":
            continue
        for c in token.children:
            if c.i < token.i:
                continue  # "India has accused Pakistan of ..., a charge Islamabad denies": the
                # parser hangs the reported act before it on the denial; it is no content of it
            if c.dep_ in ("ccomp", "xcomp", "pcomp") or (c.dep_ == "dobj" and c.tag_ == "VBG"):
                consumed.update(t.i for t in c.subtree if t.i in found and t.i != token.i)
    return consumed


def alleged(found: dict[int, Trigger]) -> set[int]:
    """What an accusation alleges is not an event of its own: "accused Pakistan of giving
    the United States nothing but lies", "blamed X for the attack" (the "of"/"for" phrase on
    the verb, or on its object where the parser hangs it there: "accused [Pakistani forces
    of opening fire]")."""
    consumed: set[int] = set()
    for trigger in found.values():
        if trigger.sense.event_type is not PloverType.ACCUSE:
            continue
        token = trigger.token
        heads = [token, *(c for c in token.children if c.dep_ == "dobj")]
        alleging = [
            prep
            for prep in (c for head in heads for c in head.children)
            if prep.dep_ == "prep" and prep.lower_ in ("of", "for")
        ]
        for prep in alleging:
            consumed.update(t.i for t in prep.subtree if t.i in found)
        if alleging:
            # "accused the RSF of shelling a hospital, *killing* 30 people": the participle
            # after the alleged act tells more of it
            last = max(p.i for p in alleging)
            consumed.update(
                c.i
                for c in token.children
                if c.dep_ == "advcl" and c.tag_ == "VBG" and c.i > last and c.i in found
            )
    return consumed


#: Participles by which a vehicle's load is named ("an aircraft *carrying* food").
CARRYING = frozenset({"carry", "bring", "load", "transport", "ferry", "haul"})


def _subject_lemmas(verb: Token) -> set[str]:
    """Lemmas the verb's subject matches: its own, and what it carries ("an aircraft
    carrying 40 tonnes of food": food; "planes landed carrying weapons": weapons)."""
    head = arguments.subject(verb)
    found = set(arguments.object_lemmas(head))
    # "an aircraft *carrying* food", and "planes landed in Mogadishu *carrying* weapons"
    carrying = [c for c in head.children if c.dep_ == "acl"] if head is not None else []
    carrying += [c for c in verb.children if c.dep_ == "advcl" and c.tag_ == "VBG"]
    for c in carrying:
        if c.lemma_.lower() in CARRYING:
            loads = arguments.conjuncts(obj) if (obj := arguments.direct_object(c)) else []
            loads += [o for p in c.children if p.lower_ == "with" for o in p.children]
            found.update(lemma for load in loads for lemma in arguments.object_lemmas(load))
    return found
