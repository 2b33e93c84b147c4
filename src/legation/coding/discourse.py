"""Reference beyond one clause for ``rules.v1``: pronoun antecedents in the sentence, the two
parties "both sides" stands for, and the target of a condemnation taken from a coordinated
hostile act."""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass, field, replace
from typing import TYPE_CHECKING

from ..model import Actor, ActorKind, Event, Mention, PloverType, Sector
from . import arguments, factuality
from .triggers import Trigger

if TYPE_CHECKING:
    from spacy.tokens import Doc, Token
    from spacy.tokens import Span as SpacySpan

    from ..actors.base import DocumentActors


PERSON_KINDS = frozenset({ActorKind.PERSON, ActorKind.OFFICE})

#: What a claim ("the charge that ...", "suggestions that ...") can have been made with: an
#: accusation, a demand, or the hostile measure it came with ("sanctioned ... for
#: developing missiles", then "rejected the charge that it was developing missiles").
_CLAIMS = frozenset(
    {PloverType.ACCUSE, PloverType.REQUEST, PloverType.SANCTION, PloverType.COERCE,
     PloverType.THREATEN}
)  # fmt: skip
#: Nouns that name an earlier act, with the types of act they can name (empty: any act
#: but a meeting).
#: Acts a government or an organisation of states decides ("the decision", "the measure").
DECIDED = frozenset({"decision", "measure"})
#: Sectors that decide for a state.
GOVERNING = frozenset({Sector.GOV, Sector.MIL, Sector.JUD, Sector.LEG, Sector.IGO})


def _governing(actor: Actor) -> bool:
    return actor.sector in GOVERNING or actor.kind in (ActorKind.COUNTRY, ActorKind.IGO)


ACT_NOUNS: dict[str, frozenset[PloverType]] = {
    "offer": frozenset({PloverType.AGREE}),
    "proposal": frozenset({PloverType.AGREE, PloverType.REQUEST}),
    "strike": frozenset({PloverType.ASSAULT}),
    "airstrike": frozenset({PloverType.ASSAULT}),
    "attack": frozenset({PloverType.ASSAULT}),
    "raid": frozenset({PloverType.ASSAULT}),
    "shelling": frozenset({PloverType.ASSAULT}),
    "sanction": frozenset({PloverType.SANCTION, PloverType.COERCE}),
    "tariff": frozenset({PloverType.SANCTION}),
    "embargo": frozenset({PloverType.SANCTION}),
    "levy": frozenset({PloverType.SANCTION}),
    "accusation": _CLAIMS,
    "allegation": _CLAIMS,
    "charge": _CLAIMS,
    "claim": _CLAIMS,
    "suggestion": _CLAIMS,
    "assertion": _CLAIMS,
    "insinuation": _CLAIMS,
    "criticism": frozenset({PloverType.ACCUSE}),
    "remark": frozenset({PloverType.ACCUSE, PloverType.SUPPORT}),
    "demand": frozenset({PloverType.REQUEST}),
    "request": frozenset({PloverType.REQUEST}),
    "threat": frozenset({PloverType.THREATEN}),
    # a decision is a deed decided, not words against another's ("dismissed the measures as
    # illegal ... Lithuania welcomed the decision": the EU's sanctions, not the dismissal)
    "decision": frozenset(
        {PloverType.SANCTION, PloverType.COERCE, PloverType.AID, PloverType.COOPERATE,
         PloverType.RETREAT, PloverType.CONCEDE, PloverType.MOBILIZE}
    ),
    "move": frozenset(
        {PloverType.SANCTION, PloverType.COERCE, PloverType.AID, PloverType.COOPERATE,
         PloverType.RETREAT, PloverType.CONCEDE, PloverType.MOBILIZE, PloverType.ASSAULT}
    ),
    "launch": frozenset({PloverType.MOBILIZE, PloverType.ASSAULT}),
    "measure": frozenset({PloverType.SANCTION, PloverType.COERCE}),
    "package": frozenset({PloverType.SANCTION, PloverType.AID}),
    "drill": frozenset({PloverType.MOBILIZE, PloverType.COOPERATE}),
    "exercise": frozenset({PloverType.MOBILIZE, PloverType.COOPERATE}),
    "deployment": frozenset({PloverType.MOBILIZE}),
    "expulsion": frozenset({PloverType.SANCTION, PloverType.COERCE}),
    "arrest": frozenset({PloverType.COERCE}),
    "seizure": frozenset({PloverType.COERCE}),
    "hijacking": frozenset({PloverType.COERCE, PloverType.ASSAULT}),
    "abduction": frozenset({PloverType.COERCE, PloverType.ASSAULT}),
    "kidnapping": frozenset({PloverType.COERCE, PloverType.ASSAULT}),
    "detention": frozenset({PloverType.COERCE}),
    "bombing": frozenset({PloverType.ASSAULT}),
    "incursion": frozenset({PloverType.ASSAULT}),
    "invasion": frozenset({PloverType.ASSAULT}),
    "test": frozenset({PloverType.MOBILIZE}),
    "provocation": frozenset({PloverType.MOBILIZE, PloverType.ASSAULT, PloverType.THREATEN}),
}  # fmt: skip


STATE_SECTORS = frozenset({Sector.GOV, Sector.MIL, Sector.SPY, Sector.LEG, Sector.JUD})


BLAME_TYPES = frozenset({PloverType.ACCUSE, PloverType.REJECT})


HOSTILE_TYPES = frozenset(
    {PloverType.ACCUSE, PloverType.REJECT, PloverType.THREATEN, PloverType.PROTEST,
     PloverType.SANCTION}
)  # fmt: skip


def same_side(a: Actor, b: Actor) -> bool:
    """One country's state (any of its bodies), or one and the same non-state party."""
    if a.country != b.country:
        return False
    state = a.sector in STATE_SECTORS or a.sector is None
    return state == (b.sector in STATE_SECTORS or b.sector is None) and (
        state or a.sector == b.sector
    )


@dataclass(slots=True)
class Discourse:
    """What earlier sentences of the document established: the last two states that dealt
    with each other ("Both sides agreed ..." after "X met Y")."""

    last_pair: tuple[Actor, Actor] | None = None
    last_meeting: tuple[Actor, Actor] | None = None  # preferred: "both sides" of a meeting
    last_person: Actor | None = None  # the last person or office that acted
    last_person_sentence: int = -1  # the index of the sentence it acted in
    acts: list[Event] = field(default_factory=list)  # earlier events with an actor of a state
    # two states a third party last dealt with together ("spoke with Sharif and Jaishankar")
    last_parties: tuple[Actor, Actor] | None = None
    last_visitor: Actor | None = None  # the guest of the last visit ("the visiting dignitary")

    def author_of(self, noun: Token, exclude: tuple[Actor, ...]) -> Actor | None:
        """The actor of the earlier act a definite event noun refers back to: "the mediation
        offer" after "Trump offered to mediate", "the decision" after "the US imposed
        sanctions", "the strikes" after "Pakistan carried out airstrikes" -- the latest
        event of a type the noun can name whose actor is not on the side of ``exclude``
        (a state's bodies are one side; its rebels another: "The RSF rejected the demand"
        after "the army demanded ...")."""
        types = ACT_NOUNS.get(noun.lemma_.lower())
        definite = any(c.lower_ in ("the", "this", "that", "these", "those") for c in noun.children)
        if types is None or not (definite or _with_content(noun)):
            return None
        decided = noun.lemma_.lower() in DECIDED
        for event in reversed(self.acts):
            actor = event.actors[0]
            mine = any(same_side(actor, a) for a in exclude)
            if decided and not _governing(actor):
                continue  # "the decision" after a state's sanctions and the rebels' advance
            if (not types or event.event_type in types) and not mine:
                return actor
        return None

    def provoker_of(
        self, answerer: tuple[Actor, ...], kinds: frozenset[PloverType]
    ) -> Actor | None:
        """The actor of the latest act of force by the other side ("Eritrean forces shelled a
        border post. Ethiopian troops responded with retaliatory fire": Eritrea's)."""
        for event in reversed(self.acts):
            actor = event.actors[0]
            if event.event_type in kinds and not any(same_side(actor, a) for a in answerer):
                return actor
        return None

    def accuser_of(self, accused: tuple[Actor, ...]) -> Actor | None:
        """The actor of the latest accusation against ``accused``'s side ("India accused
        Pakistan of backing the attackers. Islamabad denied any role": India)."""
        for event in reversed(self.acts):
            if event.event_type is not PloverType.ACCUSE:
                continue
            if any(same_side(r, a) for r in event.recipients for a in accused):
                return event.actors[0]
        return None

    def note_alleged(self, accusation: Event, verb: Token) -> None:
        """ "accused Pakistan of carrying out airstrikes": the act alleged is not coded, but it
        is the accused's for a later "the strikes" (:meth:`author_of`)."""
        if not accusation.recipients or not accusation.recipients[0].country:
            return
        heads = [verb, *(c for c in verb.children if c.dep_ == "dobj")]
        for prep in (c for head in heads for c in head.children):
            if prep.dep_ != "prep" or prep.lower_ not in ("of", "for"):
                continue
            for token in prep.subtree:
                types = ACT_NOUNS.get(token.lemma_.lower())
                if types:
                    alleged = accusation.evolve(
                        event_type=min(types, key=lambda t: t.value),
                        actors=accusation.recipients,
                        recipients=(),
                    )
                    self.acts.append(alleged)
                    return

    @property
    def pair(self) -> tuple[Actor, Actor] | None:
        return self.last_meeting or self.last_pair

    def update(self, events: Iterable[Event]) -> None:
        events = list(events)
        dealt = {
            r.country: r
            for e in events
            for r in e.recipients
            if r.country and r.country != "IGO" and r.country not in {a.country for a in e.actors}
        }
        if len(dealt) == 2:
            first, second = dealt.values()
            self.last_parties = (first, second)
        meetings: list[tuple[Actor, Actor]] = []
        for event in events:
            if event.actors and event.actors[0].country:
                self.acts.append(event)
            people = [a for a in event.actors if a.kind in PERSON_KINDS]
            if people:
                self.last_person = people[0]
                self.last_person_sentence = event.sentence.index
            pairs = [(a, r) for a in event.actors for r in event.recipients]
            for actor, recipient in pairs:
                countries = {actor.country, recipient.country}
                if None not in countries and "IGO" not in countries and len(countries) == 2:
                    self.last_pair = (actor, recipient)
                    if event.event_type is PloverType.CONSULT:
                        meetings.append((actor, recipient))
            if event.event_type is PloverType.CONSULT and event.mode == "visit" and event.actors:
                self.last_visitor = event.actors[0]
        if meetings:
            # the sentence's meeting between people, not its retelling between a guest and the
            # state visited ("X received Y, who is on a visit to the Kingdom")
            self.last_meeting = max(
                reversed(meetings), key=lambda m: sum(a.kind in PERSON_KINDS for a in m)
            )
        guests = two_guests(events)
        if guests is not None:  # "X hosted A and B ...": the two guests met at X's
            self.last_meeting = guests


def two_guests(events: Iterable[Event]) -> tuple[Actor, Actor] | None:
    """The visitors of two states one host met or received in these events, if exactly two."""
    by_host: dict[str, list[Actor]] = {}
    for e in events:
        if e.event_type is not PloverType.CONSULT or len(e.recipients) != 1:
            continue
        host = e.recipients[0]
        key = host.entity_id or host.name or host.text
        by_host.setdefault(key, []).extend(a for a in e.actors if a.country)
    for guests in by_host.values():
        states = {a.country: a for a in guests}
        if len(states) == 2 and len(guests) == 2:
            first, second = states.values()
            return first, second
    return None


def _with_content(noun: Token) -> bool:
    """ "rejected *suggestions that* Pakistan controlled the Taliban": a claim noun with its
    content clause names claims already made, article or not."""
    return types_of_claim(noun) and any(
        c.dep_ in ("acl", "ccomp") and any(m.lower_ == "that" for m in c.children)
        for c in noun.children
    )


def types_of_claim(noun: Token) -> bool:
    return ACT_NOUNS.get(noun.lemma_.lower()) is _CLAIMS


def antecedent(pronoun: Token, actors: DocumentActors) -> Actor | None:
    """He/she/him/her/his: the person or office a clause of the same sentence has as
    subject — the pronoun's own clause (unless the pronoun is that clause's object: "him"
    is never its own subject), then the clauses governing it ("Bajwa ... visited the
    Pentagon, where he met Esper"), then earlier clauses, nearest first ("the hotel where
    the general was staying, chanting slogans against him")."""
    for candidate in _antecedent_candidates(pronoun):
        actor = actors.actor_for(arguments.np_span(candidate))
        if actor is not None and actor.kind in PERSON_KINDS:
            return actor
    return None


def _antecedent_candidates(pronoun: Token) -> Iterator[Token]:
    own = factuality.clause_verb(pronoun)
    is_subject = pronoun.dep_ in arguments.SUBJECT_DEPS
    barred = pronoun.tag_ == "PRP" and not is_subject  # an object pronoun
    seen = {pronoun.i}
    verbs = [] if is_subject or barred else [own]
    verb = own
    while verb.head.i != verb.i:
        verb = factuality.clause_verb(verb.head)
        verbs.append(verb)
    own_subject = arguments.subject(own) if barred else None
    found = [arguments.subject(v) for v in verbs]
    found += [t for t in reversed(pronoun.sent[: pronoun.i - pronoun.sent.start])
              if t.dep_ in arguments.SUBJECT_DEPS]  # fmt: skip
    for token in found:
        if token is None or token.i in seen or token.i > pronoun.i or token.pos_ == "PRON":
            continue
        if own_subject is not None and token.i == own_subject.i:
            continue
        seen.add(token.i)
        yield token


def recent(
    token: Token, actors: DocumentActors, kinds: frozenset[ActorKind], exclude: str | None = None
) -> Actor | None:
    """The last actor of these kinds mentioned before ``token`` (pronoun fallback), other
    than the one whose key (entity id, name or text) is ``exclude``."""
    before = [
        m.actor
        for m in actors.mentions
        if m.end_token <= token.i
        and m.actor.kind in kinds
        and (m.actor.entity_id or m.actor.name or m.actor.text) != exclude
    ]
    return before[-1] if before else None


def sentence_before(token: Token) -> SpacySpan | None:
    """The sentence before the one ``token`` is in (None in the first)."""
    start = token.sent.start
    return token.doc[start - 1].sent if start > 0 else None


def previous_subject(pronoun: Token, actors: DocumentActors) -> Actor | None:
    """ "The Secretary spoke with Prime Minister Pashinyan ... *He* also met ...": a main
    clause's subject "he"/"she" continues the previous sentence's main subject (a person),
    not its last-named person."""
    if pronoun.dep_ != "nsubj" or pronoun.head.dep_ != "ROOT":
        return None
    if any(t.ent_type_ == "PERSON" for t in pronoun.sent if t.i < pronoun.i):
        return None
    before = sentence_before(pronoun)
    subject = arguments.subject(before.root) if before is not None else None
    if subject is None or subject.pos_ == "PRON":
        return None
    actor = actors.actor_for(arguments.np_span(subject))
    return actor if actor is not None and actor.kind in PERSON_KINDS else None


def recent_subject(token: Token, actors: DocumentActors) -> Actor | None:
    """The body (no person) that is the subject last before ``token``, in its sentence or
    the one before ("An IMF mission concluded a visit to Beirut. Among the officials *it*
    met ...": the mission, not Beirut)."""
    before = sentence_before(token)
    lo = before.start if before is not None else token.sent.start
    for subject in reversed(token.doc[lo : token.i]):
        if subject.dep_ not in ("nsubj", "nsubjpass") or subject.pos_ == "PRON":
            continue
        actor = actors.actor_for(arguments.np_span(subject))
        if actor is not None and actor.kind not in PERSON_KINDS:
            return actor
    return None


def document_countries(actors: DocumentActors) -> list[str]:
    seen: dict[str, None] = {}
    for mention in actors.mentions:
        if mention.actor.country and mention.actor.kind is ActorKind.COUNTRY:
            seen.setdefault(mention.actor.country)
    return list(seen)


def party(span: SpacySpan, party: Actor) -> Actor:
    """ "both sides" standing for one of two known parties: that party's state; "the two
    ministers" standing for two people who met: that person."""
    if party.kind in (ActorKind.PERSON, ActorKind.OFFICE) and _people_noun(span.root):
        return replace(party, text=span.text, start=span.start_char, end=span.end_char)
    sector = party.sector if party.sector in STATE_SECTORS else Sector.GOV
    return Actor(
        text=span.text,
        country=party.country,
        sector=sector,
        code=f"{party.country}{sector.value}",
        kind=ActorKind.COUNTRY,
        start=span.start_char,
        end=span.end_char,
    )


#: Nouns for people, by which a pair of people who met is named again ("the two ministers").
PEOPLE_NOUNS = frozenset(
    {"minister", "leader", "president", "chief", "secretary", "counterpart", "premier",
     "chancellor", "monarch", "king", "envoy", "ambassador", "general", "commander"}
)  # fmt: skip


def _people_noun(head: Token) -> bool:
    lemma = head.lemma_.lower()
    if head.pos_ == "PROPN" and lemma.endswith("s"):
        lemma = lemma[:-1]  # "both Foreign Ministers", read as a name
    return lemma in PEOPLE_NOUNS


def as_state(actor: Actor) -> Actor:
    """ "the Indian criticism": the demonym names the state, not its people."""
    country = actor.country or ""
    return Actor(
        text=actor.text,
        country=country,
        sector=Sector.GOV,
        code=f"{country}{Sector.GOV.value}",
        kind=ActorKind.COUNTRY,
        start=actor.start,
        end=actor.end,
    )


def blame_siblings(events: list[Event], triggers: list[Trigger]) -> list[Event]:
    """ "The foreign office condemned the drone strike and summoned the American charge
    d'affaires": a condemnation of an act with no author named takes as target the state
    of the recipient of a hostile verb (or a summons) coordinated with it."""
    by_start = {t.token.idx: t for t in triggers}
    out = list(events)
    for i, event in enumerate(events):
        trigger = by_start.get(event.trigger.start)
        if event.recipients or event.event_type not in BLAME_TYPES or trigger is None:
            continue
        obj = arguments.direct_object(trigger.token)
        country = _sibling_target(event, trigger, events, by_start) if obj is not None else None
        if obj is not None and country is not None:
            span = arguments.np_span(obj)
            target = Actor(
                text=span.text,
                country=country,
                sector=Sector.GOV,
                code=f"{country}{Sector.GOV.value}",
                kind=ActorKind.COUNTRY,
                start=span.start_char,
                end=span.end_char,
            )
            out[i] = event.evolve(recipients=(target,))
    return out


def _sibling_target(
    event: Event, trigger: Trigger, events: list[Event], by_start: dict[int, Trigger]
) -> str | None:
    own = {a.country for a in event.actors}
    for other in events:
        sibling = by_start.get(other.trigger.start)
        if sibling is None or not _conjoined(trigger.token, sibling.token):
            continue
        if other.event_type not in HOSTILE_TYPES and sibling.sense.governs != "summon":
            continue
        for recipient in other.recipients:
            if recipient.country and recipient.country not in own | {"IGO"}:
                return recipient.country
    return None


def _conjoined(a: Token, b: Token) -> bool:
    return (b.dep_ == "conj" and b.head.i == a.i) or (a.dep_ == "conj" and a.head.i == b.i)


#: Words of a bare title ("the secretary", "the deputy crown prince", "the army chief").
TITLE_HEADS = frozenset(
    {"prince", "princess", "minister", "secretary", "president", "premier", "chancellor",
     "chief", "commander", "general", "ambassador", "envoy", "director", "chairman", "chair",
     "governor", "king", "queen", "emir", "sheikh", "adviser", "advisor", "spokesman",
     "spokesperson", "spokeswoman", "representative", "coordinator", "marshal", "admiral"}
)  # fmt: skip
TITLE_SKIP = frozenset({"the", "then", "visiting", "former", "new", "top"})


def bare_title(span: SpacySpan) -> list[str] | None:
    """The words of a definite bare title ("the deputy crown prince" -> deputy, crown,
    prince), or None when the phrase names a person, a country or anything else."""
    root = span.root
    shared = root.dep_ == "conj" and any(c.lower_ == "the" for c in root.head.children)
    definite = span[0].lower_ == "the" or shared  # "the secretary and *minister*"
    if not definite or root.lower_ not in TITLE_HEADS:
        return None
    if any(t.ent_type_ in ("PERSON", "GPE", "NORP") or t.pos_ == "ADP" for t in span):
        return None  # "the Indian minister", "the minister of finance": the resolver's
    return [t.lower_ for t in span if t.lower_ not in TITLE_SKIP and t.is_alpha]


def _apposed_name(mention: Mention, by_start: dict[int, Mention], doc: Doc) -> Mention | None:
    """The person named in apposition right after a title mention, if any."""
    after = mention.end_token
    if after + 1 >= len(doc) or doc[after].text != ",":
        return None
    named = by_start.get(after + 1)
    if named is None or named.actor.kind is not ActorKind.PERSON or not named.actor.name:
        return None
    root = doc[named.start_token : named.end_token].root
    return named if root.dep_ == "appos" else None


def salient_holder(span: SpacySpan, actors: DocumentActors) -> Actor | None:
    """The person a bare title stands for in this document: among the people mentioned
    before it whose role or mention carries every word of the title, the most mentioned
    (the latest on a tie) -- "the secretary" in a Secretary of Defense's readout is him,
    not the defence minister he met; "the deputy crown prince" is the one named earlier."""
    words = bare_title(span)
    if not words:
        return None
    doc = span.doc
    sentences: dict[str, set[int]] = {}
    opens: dict[str, bool] = {}
    latest: dict[str, tuple[int, Actor]] = {}
    by_start = {m.start_token: m for m in actors.mentions}
    for order, mention in enumerate(actors.mentions):
        actor = mention.actor
        named = any(t.ent_type_ == "PERSON" for t in doc[mention.start_token : mention.end_token])
        holder = _apposed_name(mention, by_start, doc)
        if holder is not None:  # "Thailand's foreign minister, Somchai Rattanakul": his
            actor, named = holder.actor, True
        if mention.end_token > span.start or not (actor.kind in PERSON_KINDS or named):
            continue  # a person or office, known to the knowledge base or named in the text
        key = actor.entity_id or actor.name or actor.text
        # mentions are counted once a sentence: "Prime Cabinet Secretary and Cabinet
        # Secretary for Foreign Affairs Musalia Mudavadi" is one person named once
        sentences.setdefault(key, set()).add(doc[mention.start_token].sent.start)
        written = doc[mention.start_token : mention.end_token].text
        said = f"{actor.role or ''} {written}".lower()
        if all(w in said for w in words):
            latest[key] = (order, actor)
            opened = any(_opens_with(t, words) for t in (actor.role or "", written))
            opens[key] = opens.get(key, False) or opened
    if not latest:
        return None
    # the most mentioned; on a tie, one whose title opens with the bare title's words ("the
    # Secretary" is the Secretary of State, not a Cabinet Secretary named after him), then
    # the latest
    best = max(latest, key=lambda k: (len(sentences[k]), opens[k], latest[k][0]))
    return latest[best][1]


def _opens_with(title: str, words: Sequence[str]) -> bool:
    said = [w for w in title.lower().split() if w not in ("the", "a", "an")]
    return said[: len(words)] == list(words)
