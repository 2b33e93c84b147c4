"""Factuality of a trigger: negated, hypothetical, historical -- or not an event at all.

The rule (see ``data/conventions.jsonl`` in the shared data), first per trigger
(:func:`assess`, called by the coders), then per document (:func:`in_context`, the pipeline's
``factuality`` stage, once every event has its date):

- **No event** (:attr:`Factuality.suppress` is set) when the clause is
  a *recommendation or obligation* -- deontic modals and frames: "should", "must", "ought to",
  "has to", "needs to", "it is desirable/necessary/important that ..." ("Islamabad should
  relax its visa regime");
  a *generic claim* -- habitual action with no act in view: "has always treated",
  "usually", "traditionally", "has long pressured";
  a first-person *opinion* frame ("I think ...");
  a *teaser* line ("Read more: ...", "ALSO READ: ..."), a photo *caption* (a line with
  "Photo:", "(Photo courtesy ...)", "File photo", "— Photo: APP"), or a journalist's
  *question* ("Asked whether ...", "a reporter asked if ...") and what it asks about
  ("when asked about reports that Washington had offered to mediate").
- **Hypothetical** (coded, flagged) for planned, expected, possible or conditional acts:
  "will", "would", "could", "may", "might", "can", "shall"; "is set/expected/scheduled/due/
  likely to", "plans/intends/hopes/aims/wants to", "is going to"; "if"/"unless"/"whether"
  clauses; "likely", "possibly", "perhaps"; questions; purpose clauses ("met X to discuss
  Y": the discussion of Y); what an invitation, appeal, agreement or promise asks for ("invited
  him to visit", "agreed to hold talks": the visit and the talks have not happened); a planned
  event named by a noun ("his upcoming visit", "the proposed talks", "ahead of the visit").
  Not hypothetical:
  a decision its maker announces ("the State Department announced it would cut aid":
  announcing is the act -- but "the Foreign Office announced that Dar will meet Rubio" is a
  plan of someone else's);
  a speech act its speaker performs by saying that they want to ("I want to thank ...",
  "we would like to thank ...", "let me congratulate ...", "I wish to express my
  condolences");
  an *offer* (:func:`offers`: "I'd be glad to mediate", "Pakistan stands ready to provide
  security", "is willing to host talks"): the offer is made, so the coder codes it as an
  expression of intent (AGREE) and not as the act offered.
- **Negated** (coded, flagged): "not", "n't", "never", "failed to", "no talks were held".
  "refused to meet" is a REJECT, not a negation (the lexicon handles it), and so is a
  cooperative act its actor says it *will not* do ("will not lift the embargo":
  :func:`refuses`; the coder makes it a REJECT).
- **Historical** (coded, flagged): the event happened before the document's news -- the week
  up to its publication date (:data:`NEWS_DAYS`; without a publication date, the latest full
  date the text states). Per trigger: an explicit year at least two years before publication
  ("in 1959", "since the 1980s"), "N years ago" with N >= 2, "during the Cold War"; repeated
  past acts ("has repeatedly asked Islamabad to do more", "for decades, Washington has dealt
  with ...", "time and again", "successive governments have ..."). Per
  document: an event dated before the news window ("in June" in a September report, "last
  month's summit", "on Nov. 4" ten days earlier, "two weeks ago"); with no date that decides
  (none, or a month or year that overlaps the news), a clause told as background: the past
  perfect outside reported speech ("had last met in Tampa"), "previously", "earlier",
  "once", "formerly", "in the past" -- except in the document's first event sentence, which
  tells the news ("Earlier this week, the army chief met ..."). An explicit day or week
  inside the news window decides the other way: "On Monday, Dar had met the Saudi
  minister" is news, past perfect or not.
- **Dated after publication** (per document): an event the text dates to a day or week after
  the publication date is hypothetical ("the minister travels to Washington next week") --
  unless it is told in the past tense ("he met the prime minister the following day"): then
  the publication date is the one in error (a date in the text taken for it).
- **Opinion pieces** (:func:`is_opinion`: "OPINION", "COMMENT", "EDITORIAL", "OP-ED",
  "ANALYSIS" as a label in the title or first line, or a closing "The writer is ..." line):
  their argument is not news. An act they report with a day or week inside the news window
  ("On Monday, the Foreign Office summoned the US envoy") is a current event; every other
  event of theirs is flagged historical (background of the argument).

A historical or hypothetical event keeps no stand-in publication date (see
:mod:`legation.dates`).
"""

from __future__ import annotations

import re
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from datetime import date, timedelta
from typing import TYPE_CHECKING

from ..model import DatePrecision
from .arguments import infinitive, reduced_passive, stray_conjunct_head

if TYPE_CHECKING:
    from spacy.tokens import Doc, Token

    from ..model import Document, Event

DEONTIC = frozenset({"should", "must", "ought", "shall've"})
EPISTEMIC = frozenset({"will", "would", "could", "may", "might", "can", "shall", "'ll", "wo", "'d"})
OBLIGATION_HEADS = frozenset({"need", "have"})
PLAN_HEADS = frozenset(
    {"set", "expect", "schedule", "due", "likely", "plan", "intend", "hope", "aim", "poise",
     "slate", "unlikely", "want", "wish", "seek", "propose", "consider", "mull", "prepare"}
)  # fmt: skip
#: Verbs whose infinitive complement has not happened: "invited him to visit".
ASKING_HEADS = frozenset(
    {"invite", "urge", "ask", "encourage", "press", "request", "demand", "persuade", "advise",
     "call", "agree", "promise", "pledge", "vow", "offer", "threaten", "appeal", "exhort"}
)  # fmt: skip
#: Verbs of a right given, whose complement, told by their participle, has not happened ("a
#: pact *allowing* their forces to deploy"; not "allowed 50 trucks to enter Gaza on Monday").
PERMITTING = frozenset({"allow", "permit", "enable", "authorize", "authorise", "let"})
#: Words whose gerund is a prospect or a standing role, not an act ("gain from partnering",
#: "the role Germany plays in fighting terrorism", "their commitment to fighting terrorism").
PROSPECT_HEADS = frozenset(
    {"gain", "benefit", "lose", "profit", "suffer", "stand", "importance", "need", "value",
     "advantage", "prospect", "merit", "risk", "danger", "cost", "role", "play", "part",
     "commitment", "interest", "goal", "aim", "contribution"}
)  # fmt: skip
DECISION_HEADS = frozenset({"announce", "decide", "declare", "confirm", "order", "approve"})
NEGATING_HEADS = frozenset({"fail", "refrain", "avoid"})
REFUSAL_MODALS = frozenset({"will", "wo", "'ll", "would"})
EVALUATIVE = frozenset(
    {"desirable", "necessary", "important", "essential", "imperative", "vital", "crucial",
     "advisable", "time", "high", "better", "best", "wise", "urgent"}
)  # fmt: skip
GENERIC_ADVERBS = frozenset(
    {"always", "usually", "often", "generally", "traditionally", "routinely", "typically",
     "frequently", "invariably", "habitually", "customarily", "long", "consistently",
     "continually", "constantly", "perennially", "persistently", "historically", "regularly",
     # how seldom a thing is done is a claim about a habit ("Bhutan rarely hosts ...")
     "rarely", "seldom"}
)  # fmt: skip
#: Repeated past acts, told as background: "has repeatedly asked", "for decades".
REPEATED_ADVERBS = frozenset({"repeatedly", "recurrently"})
REPEATED_SPANS = frozenset({"decade", "year", "generation", "century"})
REPEATED_SUBJECTS = frozenset({"successive", "every", "each"})
#: Counts of times ("four times", "many times before", "more times than anyone remembers").
REPEATED_COUNTS = frozenset(
    {"many", "several", "numerous", "countless", "multiple", "more", "dozens", "hundreds"}
)
#: Verbs that let another act ("the law would allow the minister to deport"): under a modal,
#: the act allowed is only possible.
ENABLING = frozenset({"allow", "enable", "let", "permit", "empower", "authorize", "authorise"})
#: Subjects that make a present-tense claim one about people in general ("Many Argentines
#: blame the IMF").
GENERIC_QUANTIFIERS = frozenset({"many", "most"})
HEDGES = frozenset({"likely", "possibly", "perhaps", "probably", "maybe", "potentially"})
OPINION_HEADS = frozenset({"think", "believe", "feel", "argue", "suspect", "doubt", "opine"})
CONDITIONAL_MARKS = frozenset({"if", "unless", "whether"})
#: Speech acts a speaker performs by saying they want to: "I want to thank ...".
PERFORMATIVE = frozenset(
    {"thank", "congratulate", "welcome", "express", "convey", "extend", "condemn",
     "appreciate", "commend", "acknowledge", "salute", "pay", "reiterate", "assure",
     "apologise", "apologize", "praise", "invite", "announce", "emphasise", "emphasize",
     "stress", "reaffirm", "recognise", "recognize", "urge", "appeal", "felicitate", "laud",
     "applaud", "voice", "register", "record", "offer", "call", "reassure"}
)  # fmt: skip
DESIRE_FRAMES = frozenset({"want", "wish", "like", "let", "take"})
FIRST_PERSON = frozenset({"i", "we", "me", "us"})
#: "I'd be glad to mediate", "stands ready to help": an offer made.
COMMISSIVE = frozenset(
    {"ready", "willing", "prepared", "glad", "happy", "keen", "eager", "open", "pleased",
     "delighted", "honoured", "honored"}
)  # fmt: skip
#: "his upcoming visit", "the proposed talks": a planned event named by a noun.
PLANNED = frozenset(
    {"upcoming", "forthcoming", "planned", "proposed", "expected", "scheduled", "prospective",
     "possible", "potential", "likely", "future", "next", "impending", "intended", "mooted",
     "anticipated", "probable", "tentative"}
)  # fmt: skip
QUESTION_WORDS = frozenset({"whether", "if", "what", "why", "how", "when", "where", "who", "which"})
ASKING = frozenset({"ask", "question", "query", "enquire", "inquire"})
JOURNALISTS = frozenset(
    {"journalist", "reporter", "correspondent", "anchor", "interviewer", "newsman", "host"}
)  # fmt: skip
BACKGROUND_ADVERBS = frozenset({"previously", "earlier", "once", "formerly", "before"})
SPEECH_VERBS = frozenset(
    {"say", "tell", "announce", "add", "state", "confirm", "report", "disclose", "reveal",
     "note", "write", "claim", "insist", "assert", "declare", "explain", "inform"}
)  # fmt: skip
OPINION_LABEL = re.compile(
    r"(?:^|[\s—–|-])(?:OPINION|COMMENT|EDITORIAL|OP-ED|ANALYSIS|COLUMN)\s*[.:—–|-]"
)
OPINION_FOOTER = re.compile(
    r"^\s*(?:[—–-]\s*)?(?:the\s+)?(?:writer|author|columnist|contributor)s?\s+(?:is|are|was|,)\b"
    r"|^\s*the views expressed\b",
    re.IGNORECASE,
)
TEASER = re.compile(
    r"^\s*(?:read more|also read|read also|related|see also|more on this|recommended|watch"
    r"|listen|click here|must read|video|photos|in pictures|explainer|podcast)\b\s*[:|–—-]",
    re.IGNORECASE,
)
#: A transcript's question, labelled so ("Question: There are reports ...", "Q: ...").
QUESTION_LINE = re.compile(r"^\s*(?:question|q|journalist|reporter)\s*[:.)]\s", re.IGNORECASE)
#: A speaker's label that opens a turn inside a transcript paragraph, after the end of the
#: turn before it: "... Lebanese authorities? DEPUTY SPOKESPERSON: Yes.", "MAO NING: We urge".
#: Capitals only, so that a colon inside a sentence ("said on X: ...") opens no turn.
TURN_LABEL = re.compile(
    r"(?:^|(?<=[.?!\"”’)])\s+)([A-Z][A-Z.'’-]*(?: [A-Z][A-Z.'’-]+){0,3})\s*:\s", re.MULTILINE
)
CAPTION = re.compile(
    r"\b(?:photo|photograph|file photo|pic)s?\s*(?:courtesy|credit|by\b|[:|—–])"
    r"|\b(?:image|picture)s?\s*(?:courtesy|credit|:)"
    r"|[—–]\s*(?:photo\s*:?\s*)?(?:APP|PID|AFP|AP|Reuters|ISPR|INP|PPI|NNI|Xinhua|file)\s*$"
    r"|^\s*(?:caption|photo)\s*:",
    re.IGNORECASE,
)
YEAR = re.compile(r"^(1[89]\d\d|20\d\d)(s|'s)?$")
CLIMB_DEPS = frozenset({"xcomp", "conj", "ccomp", "advcl", "acomp"})
#: Conjunctions of a subordinate clause of time or reason.
SUBORDINATORS = frozenset({"after", "before", "when", "as", "since", "while", "because", "until"})
#: Conjunctions that set a conjunct against the one before it.
CONTRASTS = frozenset({"but", "yet"})
#: Days before publication that still count as the document's news (see the module doc).
NEWS_DAYS = 7


@dataclass(frozen=True, slots=True)
class Factuality:
    negated: bool = False
    hypothetical: bool = False
    historical: bool = False
    # why the trigger is no event: recommendation | generic | opinion | teaser | caption |
    # question
    suppress: str | None = None


def clause_verb(token: Token) -> Token:
    """The verb (or predicate adjective) whose clause holds ``token``."""
    current = token
    while current.pos_ not in ("VERB", "AUX") and current.head.i != current.i:
        current = current.head
    return current


def chain(token: Token) -> list[Token]:
    """The trigger's clause verb and the verbs that govern it through control, coordination
    or complementation ("is set to meet", "met ... and discussed", "said it would")."""
    verbs = [clause_verb(token)]
    while verbs[-1].dep_ in CLIMB_DEPS and verbs[-1].head.i != verbs[-1].i:
        if misrooted(verbs[-1]):
            break
        verbs.append(verbs[-1].head)
    return verbs


def misrooted(verb: Token) -> bool:
    """A clause the parser hung as the content of a later subordinate clause: "RSF shelled
    the hospital, a day *after* the Council demanded ..." (``shelled`` ccomp of
    ``demanded``): the main clause, governed by nothing."""
    head = verb.head
    return (
        verb.dep_ == "ccomp"
        and verb.i < head.i
        and any(c.dep_ == "mark" and c.lower_ in SUBORDINATORS for c in head.children)
    )


def obligation(verb: Token) -> str | None:
    """The word that makes ``verb``'s clause an obligation -- "Pakistan *must* do more",
    "should", "ought to", "*needs* to", "*has* to" (as the lemma) -- or None."""
    for child in verb.children:
        if child.lower_ in DEONTIC and (child.tag_ == "MD" or child.dep_ == "aux"):
            return child.lower_
    if verb.lemma_ in OBLIGATION_HEADS and any(
        c.dep_ == "xcomp" and infinitive(c) for c in verb.children
    ):
        return str(verb.lemma_)
    return None


def _modals(verbs: list[Token]) -> Iterator[str]:
    for verb in verbs:
        for child in verb.children:
            modal = child.tag_ == "MD" or (child.dep_ == "aux" and child.lower_ in DEONTIC)
            if modal and not _inverted(child):
                yield child.lower_


def _inverted(modal: Token) -> bool:
    """ "Should they wish, ...": a modal before its subject opens a condition."""
    subject = next((c for c in modal.head.children if c.dep_ in ("nsubj", "nsubjpass")), None)
    return subject is not None and modal.i < subject.i and modal.i == modal.head.left_edge.i


def _is_negated(trigger: Token, verbs: list[Token]) -> bool:
    own = verbs[: _clause_end(verbs)]
    if any(c.dep_ == "neg" for v in own for c in v.children):
        return True
    if any(v.lemma_ in NEGATING_HEADS for v in verbs[1:]):
        return True
    if trigger.dep_ in ("pcomp", "pobj") and trigger.head.lower_ == "without":
        return True  # "would not impose taxes *without consulting* business": not done
    heads = {trigger, verbs[0]}
    args = [c for h in heads for c in h.children if c.dep_ in ("dobj", "nsubjpass", "nsubj")]
    return any(c.lower_ in ("no", "never") for a in args for c in a.children)


def refuses(trigger: Token) -> bool:
    """ "X will not lift the ban", "won't accept", "would not attend": a negated act its
    actor declares it will not do -- a refusal (PLOVER REJECT), unlike an act that did not
    happen ("did not attend"). A refusal may name its terms ("until Y does Z")."""
    verbs = chain(trigger)
    own = verbs[: _clause_end(verbs)]
    negated = any(c.dep_ == "neg" for v in own for c in v.children)
    return negated and any(m in REFUSAL_MODALS for m in _modals(own)) and not _any_one(own[-1])


def _any_one(verb: Token) -> bool:
    """Whether a verb's subject is anyone of a kind ("*An army that cannot pay its soldiers*
    will not disarm a militia"): a saying about such things, no party's refusal."""
    subject = next((c for c in verb.children if c.dep_ == "nsubj"), None)
    return subject is not None and any(
        c.dep_ == "det" and c.lower_ in ("a", "an", "any", "no") for c in subject.children
    )


def offers(trigger: Token) -> bool:
    """ "I'd be glad to mediate", "Pakistan stands ready to provide security", "is willing
    to host talks": the act is offered -- the offer is made (an expression of intent), the
    act is not. Not when the frame is negated, conditional or a question."""
    verbs = chain(trigger)
    own = verbs[: _clause_end(verbs)]
    frames = [
        v
        for v in own[1:]
        if (v.lower_ in COMMISSIVE or _acomp(v) in COMMISSIVE)
        and not _coordinated_under(trigger, v)
    ]
    if not frames or _performative(verbs):
        return False
    frame = frames[0]
    holders = [frame, frame.head] if frame.pos_ == "ADJ" else [frame]
    for verb in holders:
        for child in verb.children:
            if child.dep_ == "neg" or (child.dep_ == "mark" and child.lower_ in CONDITIONAL_MARKS):
                return False
    return not trigger.sent.text.rstrip().endswith("?")


def _coordinated_under(token: Token, frame: Token) -> bool:
    """Whether ``token`` is coordinated with the frame's own verb ("remained open to
    dialogue *but demanded* that ..."): a second act of its own, not the frame's content
    (unlike "ready to provide security *and to host* talks")."""
    holders = {frame.i, frame.head.i}
    while token.i != frame.i and token.head.i != token.i:
        if token.dep_ == "conj" and token.head.i in holders:
            return True
        token = token.head
    return False


def prepares(trigger: Token) -> bool:
    """ "The army prepared to resume shelling", "troops are preparing to attack": the verb
    *prepare* governs the act -- preparations are under way (the frame is done, the act is
    not); unlike "is prepared to", a readiness offered (:func:`offers`)."""
    verbs = chain(trigger)
    own = verbs[: _clause_end(verbs)]
    return any(
        v.lemma_.lower() == "prepare"
        and v.pos_ == "VERB"
        and v.dep_ != "acomp"
        and not any(c.dep_ in ("auxpass", "neg") for c in v.children)
        for v in own[1:]
    ) and not trigger.sent.text.rstrip().endswith("?")


def _acomp(verb: Token) -> str:
    """ "stands ready": the predicate adjective of a verb, lower-cased ('' if none)."""
    return next((c.lower_ for c in verb.children if c.dep_ == "acomp"), "")


def _clause_end(verbs: list[Token]) -> int:
    """How many verbs of the chain share the trigger's own clause (stop at ccomp/advcl, and
    at a conjunct set against the one before it: "would not send troops *but pledged* aid")."""
    for i, verb in enumerate(verbs):
        if verb.dep_ in ("ccomp", "advcl") or _contrasted(verb):
            return i + 1
    return len(verbs)


def _contrasted(verb: Token) -> bool:
    """A conjunct after "but" or "yet": its negation and modals are its own."""
    if verb.dep_ != "conj":
        return False
    head = verb.head
    return any(
        c.dep_ == "cc" and c.lower_ in CONTRASTS and head.i < c.i < verb.i for c in head.children
    )


def _suppress_reason(trigger: Token, verbs: list[Token]) -> str | None:
    line = _line(trigger)
    own = _own_part(trigger, line)
    if TEASER.search(own):
        return "teaser"
    if CAPTION.search(own):
        return "caption"
    if any(_question(t) for t in (trigger, *trigger.ancestors)) or QUESTION_LINE.match(
        _turn(trigger) or line
    ):
        return "question"  # the question, or what it asks about ("Question: Has Kabul ...")
    if _performative(verbs):
        return None
    if any(_grounds_of_a_penalty(v) for v in verbs[:3]):
        return "grounds"  # "... on companies that (it said) supplied ...": the charge
    return _deontic(verbs) or _generic(verbs) or _opinion(verbs)


#: Words of a penalty whose target a relative clause may give the grounds of.
PENALTIES = frozenset(
    {"sanction", "blacklist", "designate", "penalize", "penalise", "punish", "fine", "indict",
     "charge", "measure", "penalty", "ban", "freeze", "restriction", "tariff", "embargo"}
)  # fmt: skip


def _grounds_of_a_penalty(verb: Token) -> bool:
    """The act a penalty is grounded in, told in a relative clause on its target: "imposed
    sanctions on four companies *that supplied* drone parts to Iran", "blacklisted officials
    *who organised* the crackdown", or a "for" phrase on the penalising verb ("designated
    three entities *for supplying* items"). It is the charge, stated by the one who penalises, not a
    new act the report tells."""
    clause = verb
    while clause.dep_ == "conj" and clause.head.i != clause.i:
        clause = clause.head
    if (
        clause.dep_ == "pcomp"
        and clause.tag_ == "VBG"
        and clause.head.lower_ == "for"
        and clause.head.head.lemma_.lower() in PENALTIES
    ):
        return True  # "designating three entities *for supplying* items to ...": the charge
    if clause.dep_ != "relcl" or clause.head.pos_ not in ("NOUN", "PROPN"):
        return False
    target = clause.head
    while target.dep_ == "conj" and target.head.i != target.i:
        target = target.head
    heads = [target.head]
    if target.dep_ == "pobj" and target.head.lower_ in ("on", "against"):
        heads = [target.head.head, target.head.head.head]  # "sanctions on X", "imposed ... on X"
    for head in heads:
        words = [head, *(c for c in head.children if c.dep_ == "dobj")]
        if any(w.lemma_.lower() in PENALTIES for w in words):
            return True
    return False


def _deontic(verbs: list[Token]) -> str | None:
    own = verbs[: _clause_end(verbs)]
    if any(m in DEONTIC for m in _modals(own)):
        return "recommendation"
    if any(v.lower_ in DEONTIC for v in own):  # "ought to" parsed as the head
        return "recommendation"
    if any(v.lemma_ in OBLIGATION_HEADS and v is not verbs[0] for v in own):
        return "recommendation"
    for verb in verbs[1:]:  # "it is desirable that ...", "it is time to ..."
        frames = [verb, *(c for c in verb.children if c.dep_ in ("acomp", "attr"))]
        if any(f.lemma_ in EVALUATIVE and f.pos_ in ("ADJ", "NOUN") for f in frames):
            return "recommendation"
    return None


def _generic(verbs: list[Token]) -> str | None:
    """Habitual action, not an act: "has always treated", "has long pressured", "groups
    that attack schools" (see :func:`_describes_a_kind`)."""
    own = verbs[: _clause_end(verbs)]
    children = [c for v in own for c in v.children]
    if any(c.lower_ in GENERIC_ADVERBS and c.dep_ in ("advmod", "npadvmod") for c in children):
        return "generic"
    if verbs and _describes_a_kind(verbs[0]):
        return "generic"
    if verbs and _people_in_general(verbs[0]):
        return "generic"
    return None


def _people_in_general(verb: Token) -> bool:
    """A plain-present claim about people in general: "Many Argentines *blame* the IMF"
    (not "Many Argentines *fled*", nor "most members *will* vote")."""
    # the small model tags a plain present after a plural subject VBP or, at times, VB
    if verb.tag_ not in ("VBP", "VB") or any(c.dep_ in ("aux", "auxpass") for c in verb.children):
        return False
    subjects = [c for c in verb.children if c.dep_ == "nsubj" and c.tag_ in ("NNS", "NNPS")]
    if any(s.lemma_.lower() in COMMENTATORS and _unnamed(s) for s in subjects):
        return True  # "Critics on the left accuse her of kneeling before Washington"
    return any(
        m.lower_ in GENERIC_QUANTIFIERS and m.dep_ in ("amod", "det")
        for s in subjects
        for m in s.children
    )


#: People whose plain-present words are commentary on the news, not acts in it.
COMMENTATORS = frozenset(
    {"critic", "analyst", "observer", "commentator", "expert", "opponent", "sceptic",
     "skeptic", "supporter", "detractor", "pundit", "scholar"}
)  # fmt: skip


def _unnamed(noun: Token) -> bool:
    """A bare plural ("critics", "critics on the left"), not "the critics" of a story nor
    "Western analysts" of a state."""
    return not any(
        c.dep_ in ("det", "poss", "compound", "amod", "nummod") or c.ent_type_
        for c in noun.children
    )


def habitual_present(trigger: Token) -> bool:
    """The trigger is a verb in the plain present, with no auxiliary and no time of its own,
    said of a third party: what it does as a rule ("Morocco *offers* the Sahel states access
    to the sea", "reported that Rwanda's army *supports* the M23", "they *arrive* in a
    capital where gangs rule"), not an act the text reports ("arrives on Monday" is planned;
    "we offer" is said now)."""
    if trigger.pos_ != "VERB" or trigger.tag_ not in ("VBZ", "VBP"):
        return False
    if any(c.dep_ in ("aux", "auxpass", "neg") for c in trigger.children):
        return False
    subject = next((c for c in trigger.children if c.dep_ in ("nsubj", "nsubjpass")), None)
    if subject is None or subject.lower_ in FIRST_PERSON or subject.lower_ in ("you", "i"):
        return False
    if _line(trigger).strip() == trigger.sent.text.strip() and trigger.sent.start == 0:
        return False  # a headline ("Kenya sends police to Haiti")
    clause = [t for t in trigger.subtree]
    return not any(t.ent_type_ in ("DATE", "TIME") for t in clause)


def _describes_a_kind(verb: Token) -> bool:
    """A present-tense relative clause on a bare or indefinite common noun characterises a
    kind, it reports no act: "groups *that attack* schools, *target* civilians" (a bare verb
    the parser conjoined elsewhere joins its own clause), "any country that supports
    terrorism" (but "militants who attacked the convoy" did)."""
    clause = stray_conjunct_head(verb) or verb
    while clause.dep_ == "conj" and clause.head.i != clause.i:
        clause = clause.head
    if clause.dep_ != "relcl" or clause.head.pos_ != "NOUN":
        return False
    auxiliaries = [a.tag_ for a in clause.children if a.dep_ in ("aux", "auxpass")]
    tenses = {clause.tag_, *auxiliaries}
    present = tenses & {"VBP", "VBZ"} or (clause.tag_ == "VB" and not auxiliaries)
    if not present or tenses & {"VBD", "VBN", "MD"}:
        return False
    det = next((c for c in clause.head.children if c.dep_ in ("det", "poss")), None)
    return det is None or det.lower_ in ("a", "an", "any", "every", "all", "some")


def _repeated(verbs: list[Token]) -> bool:
    """Repeated past acts, background rather than news: "has repeatedly asked", "for
    decades, Washington has dealt with ...", "time and again", "successive governments
    have ..."."""
    own = verbs[: _clause_end(verbs)]
    children = [c for v in own for c in v.children]
    if any(c.lower_ in REPEATED_ADVERBS for c in children):
        return True
    for prep in (c for c in children if c.dep_ == "prep" and c.lower_ in ("for", "over")):
        objects = [o for o in prep.children if o.dep_ == "pobj"]
        if any(o.lemma_ in REPEATED_SPANS and o.tag_ == "NNS" and not _ahead(o) for o in objects):
            return True
    subjects = [c for c in children if c.dep_ in ("nsubj", "nsubjpass")]
    if any(m.lower_ in REPEATED_SUBJECTS for s in subjects for m in s.children):
        return True
    near = [*children, *(g for c in children if c.dep_ == "advmod" for g in c.children)]
    for count in (c for c in near if c.lemma_ == "time" and c.tag_ == "NNS"):
        if any(
            m.dep_ == "nummod" or (m.dep_ == "amod" and m.lower_ in REPEATED_COUNTS)
            for m in count.children
        ):
            return True  # "have struck at least four times", "threatened ... many times"
    text = verbs[0].sent.text.lower()
    return bool(re.search(r"\btime (?:and|after) (?:time )?again\b", text))


def _ahead(span: Token) -> bool:
    """ "over the *next* two years": a period to come, not years of repeated acts."""
    return any(c.lower_ in ("next", "coming", "following", "upcoming") for c in span.children)


def _opinion(verbs: list[Token]) -> str | None:
    for verb in verbs[1:]:
        subj = [c for c in verb.children if c.dep_ == "nsubj"]
        if verb.lemma_ in OPINION_HEADS and any(s.lower_ == "i" for s in subj):
            return "opinion"
    return None


#: Tokens of a credit or label a sentence splitter leaves on its own ("Photo: APP -").
FRAGMENT_TOKENS = 5


def _own_part(token: Token, line: str) -> str:
    """The part of the token's line that is its own: the whole line, or where the line runs
    on as a paragraph of several sentences, the token's sentence with a short fragment
    before or after it (a credit: "... dinner. Photo: APP - Dar greets Saidov"), so that a
    caption or a teaser at the end of a paragraph silences only itself."""
    sent = token.sent
    if len(sent.text.strip()) >= len(line.strip()):
        return line
    doc = token.doc
    parts = [sent]
    if sent.start > 0 and len(before := doc[sent.start - 1].sent) <= FRAGMENT_TOKENS:
        parts.insert(0, before)
    if sent.end < len(doc) and len(after := doc[sent.end].sent) <= FRAGMENT_TOKENS:
        parts.append(after)
    return " ".join(p.text.strip() for p in parts)


def turn_start(token: Token) -> int | None:
    """Where the turn of a transcript paragraph that holds ``token`` starts: at the last
    speaker's label before it ("QUESTION: Has the Secretary-General ...? DEPUTY
    SPOKESPERSON: Yes. The Secretary-General spoke ..."), when the paragraph has labels
    after its start; else None (the line is one turn)."""
    text = token.doc.text
    start = text.rfind("\n", 0, token.idx) + 1
    last = None
    for label in TURN_LABEL.finditer(text, start, token.idx):
        last = label
    if last is None or not text[start : last.start(1)].strip():
        return None
    return last.start(1)


def _turn(token: Token) -> str | None:
    """The text of the token's turn (see :func:`turn_start`) to the end of its line."""
    start = turn_start(token)
    if start is None:
        return None
    end = token.doc.text.find("\n", token.idx)
    return token.doc.text[start : end if end >= 0 else len(token.doc.text)]


def _line(token: Token) -> str:
    """The line of the document text that holds ``token``."""
    text = token.doc.text
    start = text.rfind("\n", 0, token.idx) + 1
    end = text.find("\n", token.idx)
    return text[start : end if end >= 0 else len(text)]


def _question(trigger: Token) -> bool:
    """A journalist's question: "Asked whether ...", "a reporter asked if ..."."""
    if trigger.lemma_.lower() not in ASKING:
        return False
    asks = any(
        gc.lower_ in QUESTION_WORDS
        for c in trigger.children
        if c.dep_ in ("ccomp", "advcl", "xcomp", "prep")
        for gc in (c, *c.children)
    )
    subject = next((c for c in trigger.children if c.dep_ in ("nsubj", "nsubjpass")), None)
    if subject is not None and subject.lemma_.lower() in JOURNALISTS:
        return True
    about = any(c.dep_ == "prep" and c.lower_ == "about" for c in trigger.children)
    return (asks or about) and (subject is None or trigger.dep_ == "advcl")


def _performative(verbs: list[Token]) -> bool:
    """ "I want to thank", "we would like to thank", "let me congratulate", "I wish to
    express": saying so is doing so."""
    if len(verbs) < 2 or verbs[0].lemma_.lower() not in PERFORMATIVE:
        return False
    frame = verbs[1]
    if frame.lemma_.lower() not in DESIRE_FRAMES and frame.lower_ not in COMMISSIVE:
        return False
    holders = [verbs[0], frame, frame.head if frame.pos_ == "ADJ" else frame]
    subjects = [c for v in holders for c in v.children if c.dep_ in ("nsubj", "dobj")]
    return any(s.lower_ in FIRST_PERSON for s in subjects)


#: Verbs of crowds gathering that code nothing themselves ("rallied", "marched" protest
#: already): "gathered to protest" protests.
GATHERING = frozenset(
    {"gather", "assemble", "converge", "mass", "take", "turn", "come", "pour", "flock",
     "throng"}
)  # fmt: skip
#: Auxiliaries of a means not yet done ("*will* fly", "*to* visit").
UNDONE_AUX = frozenset({"will", "would", "shall", "'ll", "may", "might", "could", "to"})
#: What a gathered crowd does by gathering.
PROTESTING = frozenset({"protest", "demonstrate"})


#: Means and the ends they achieve in the doing: "fired tear gas *to disperse* crowds",
#: "visited the embassy *to convey* condolences" (the dispersal, the condolences are done).
#: Words said on a call or visit, and the verbs of calling and visiting.
SAID_BY_CALLING = (
    frozenset({"convey", "express", "extend", "offer", "deliver", "pay", "lodge", "hand"}),
    frozenset(
        {"visit", "call", "meet", "telephone", "phone", "summon", "travel", "go", "arrive", "fly",
         "come"}
    ),
)  # fmt: skip
DONE_BY_DOING = {
    frozenset({"disperse", "break", "quell"}): frozenset({"fire", "use", "lob", "spray"}),
    SAID_BY_CALLING[0]: SAID_BY_CALLING[1],
}


def _protest_by_gathering(purpose: Token) -> bool:
    """ "Thousands gathered in the capital *to protest* against the law": the crowd's
    gathering is its protest, no plan; so are ends reached in the doing ("fired tear gas
    to disperse the crowd", "visited the embassy to convey condolences")."""
    gathering = purpose.head
    means = gathering.lemma_.lower()
    if any(c.dep_ == "aux" and c.lower_ in UNDONE_AUX for c in gathering.children):
        return False  # "will fly to Lima to offer condolences": neither is done yet
    if any(purpose.lemma_.lower() in ends and means in how for ends, how in DONE_BY_DOING.items()):
        return True
    if any(c.lower_ == "for" for c in gathering.children):
        return False  # "gathered for a rally ... to protest": the rally is the protest
    return purpose.lemma_.lower() in PROTESTING and means in GATHERING


def _has_child(token: Token, word: str) -> bool:
    return any(c.lower_ == word for c in token.children)


def _is_hypothetical(trigger: Token, verbs: list[Token]) -> bool:
    if _performative(verbs):
        return False
    own = verbs[: _clause_end(verbs)]
    decision = _own_decision(verbs, len(own))
    if not decision and any(m in EPISTEMIC for m in _modals(own)):
        return True
    if any(v.lemma_ in PLAN_HEADS or (v.lemma_ == "go" and v.tag_ == "VBG") for v in verbs[1:]):
        return True
    if any(a.lemma_ == "look" and _has_child(a, "forward") for a in trigger.ancestors):
        return True  # "looks forward to visiting Cairo"
    if any(
        v.dep_ == "advcl" and infinitive(v) and not _protest_by_gathering(v) for v in verbs[:-1]
    ):
        return True  # a purpose: "met ... to discuss reopening the crossing"
    if _asked_for(verbs) or _planned_noun(trigger) or _prospect(trigger):
        return True
    if _allowed_only(verbs) or _subject_of_a_possibility(verbs[0]) or _instead(verbs[0]):
        return True
    if _intended_by_a_noun(own[-1] if own else trigger):
        return True  # "Trump's threat to impose tariffs", "a promise to deposit $3 billion"
    if _noun_asked_for(trigger):
        return True  # "called for the immediate withdrawal of M23 from Goma"
    # "the minister's visit to Kabul was postponed", "police foiled a militant attack",
    # "charged with plotting arson attacks", "prevented a march *organised* by students": it
    # did not take place (yet)
    done_to = trigger.head if reduced_passive(trigger) else trigger
    if done_to.dep_ in ("dobj", "nsubjpass") and done_to.head.lemma_.lower() in UNREALISED:
        return True
    for verb in own:
        if _inverted_condition(verb):
            return True  # "should it be requested", "were Bolivia to ask"
        for child in verb.children:
            if child.dep_ == "mark" and child.lower_ in CONDITIONAL_MARKS:
                return True
            if child.dep_ == "advmod" and child.lower_ in HEDGES:
                return True
    return verbs[0].sent.text.rstrip().endswith("?")


def _allowed_only(verbs: list[Token]) -> bool:
    """ "The draft law *would allow* the minister *to deport* journalists": an act a modal
    verb of enabling would let happen has not happened."""
    return any(
        v.lemma_ in ENABLING and any(m in EPISTEMIC for m in _modals([v])) for v in verbs[1:2]
    )


def _subject_of_a_possibility(verb: Token) -> bool:
    """ "*Lifting* the embargo would cost Ottawa nothing": a gerund subject of a modal
    clause is an act weighed, not done."""
    return (
        verb.dep_ == "csubj"
        and verb.tag_ == "VBG"
        and any(m in EPISTEMIC for m in _modals([verb.head]))
    )


def _instead(verb: Token) -> bool:
    """ "*Rather than recalling* its envoy, Seoul should ...", "instead of expelling": the
    act set aside is not done."""
    if verb.dep_ != "pcomp" or verb.tag_ != "VBG":
        return False
    prep = verb.head
    if prep.lower_ == "than":
        return any(c.lower_ == "rather" for c in prep.children) or (
            prep.i > 0 and verb.doc[prep.i - 1].lower_ == "rather"
        )
    return prep.lower_ == "of" and prep.i > 0 and verb.doc[prep.i - 1].lower_ == "instead"


def _inverted_condition(verb: Token) -> bool:
    """A condition told by putting "should", "were" or "had" before the subject ("Kenya will
    help *should it be requested*", "*should Bolivia ask* for it"): no act yet."""
    if verb.dep_ not in ("advcl", "conj", "ccomp", "parataxis"):
        return False
    subject = next((c for c in verb.children if c.dep_ in ("nsubj", "nsubjpass")), None)
    return subject is not None and any(
        c.dep_ in ("aux", "auxpass") and c.lower_ in ("should", "were", "had") and c.i < subject.i
        for c in verb.children
    )


#: Verbs that put off what they are done to ("postponed the visit", "talks were delayed").
POSTPONING = frozenset({"postpone", "delay", "defer", "reschedule", "adjourn"})
#: Verbs whose object act has not taken place: put off, plotted, or stopped in time.
UNREALISED = POSTPONING | frozenset(
    {"plot", "plan", "prepare", "conspire", "foil", "thwart", "avert", "prevent", "forestall"}
)


def _prospect(trigger: Token) -> bool:
    """An act named as what one would gain, lose or benefit from ("has much to gain from
    *partnering* with U.S. efforts", "would benefit from *working* with X"), or as a
    standing role or commitment ("the role that Germany plays in *fighting* terrorism",
    "their shared commitment to *fighting* terrorism"): a prospect, not an act."""
    if trigger.tag_ != "VBG" or trigger.dep_ != "pcomp":
        return False
    holder = trigger.head.head
    return holder.lemma_.lower() in PROSPECT_HEADS


def _own_decision(verbs: list[Token], own: int) -> bool:
    """ "The State Department announced it would cut aid": a decision announced by its
    maker (the clause's subject is a pronoun or the announcer), not someone else's plan."""
    deciders = [v for v in verbs[own:] if v.lemma_ in DECISION_HEADS]
    if not deciders:
        return False
    subject = next((c for c in verbs[0].children if c.dep_ in ("nsubj", "nsubjpass")), None)
    if subject is None or subject.pos_ == "PRON":
        return True
    announcer = next((c for c in deciders[0].children if c.dep_ == "nsubj"), None)
    return announcer is not None and subject.lemma_ == announcer.lemma_


def _asked_for(verbs: list[Token]) -> bool:
    """The trigger is what an invitation, appeal, agreement or promise asks for: its own
    clause is the complement ("invited him to visit"), not a clause coordinated with one."""
    if len(verbs) < 2 or verbs[0].dep_ not in ("xcomp", "ccomp"):
        return False
    if verbs[1].lemma_.lower() in PERMITTING and verbs[1].tag_ == "VBG":
        return True  # "signed a pact allowing their forces to deploy"
    return verbs[1].lemma_.lower() in ASKING_HEADS


def _planned_noun(trigger: Token) -> bool:
    """ "his upcoming visit", "the next round of talks", "ahead of the visit"."""
    if trigger.pos_ != "NOUN":
        return False
    nouns = [trigger]
    if trigger.head.lower_ == "of" and trigger.head.head.pos_ == "NOUN":
        nouns.append(trigger.head.head)  # "the next round of talks"
    if any(c.dep_ == "amod" and c.lower_ in PLANNED for n in nouns for c in n.children):
        return True
    head = nouns[-1].head
    return head.lower_ == "of" and head.head.lower_ == "ahead"


#: Nouns of an act intended, asked for or allowed, whose infinitive is not done ("a *threat*
#: to close the strait", "a *deadline* for the rebels to withdraw", "an *order* to leave").
INTENT_NOUNS = frozenset(
    {"threat", "ultimatum", "plan", "proposal", "promise", "pledge", "offer", "bid", "vow",
     "intention", "readiness", "willingness", "warning", "deadline", "demand", "request",
     "appeal", "call", "order", "invitation", "permission"}
)  # fmt: skip


def _noun_asked_for(noun: Token) -> bool:
    """An act named as a noun that an appeal or demand asks for ("called *for* the
    withdrawal of ...", "demanded the release of ...", "urged an end to ...")."""
    if noun.pos_ != "NOUN":
        return False
    head = noun.head
    if noun.dep_ == "pobj" and head.lower_ == "for":
        return head.head.lemma_.lower() in ASKING_HEADS
    if noun.dep_ == "pobj" and head.lower_ == "on":  # "insisted on the release of ..."
        return head.head.lemma_.lower() == "insist"
    return noun.dep_ == "dobj" and head.lemma_.lower() in DEMANDING


#: Verbs whose object act is asked for, not done ("demanded the release of X").
DEMANDING = frozenset({"demand", "seek", "request", "urge", "propose", "want"})


def _intended_by_a_noun(verb: Token) -> bool:
    """An infinitive on a noun of intent: "a promise *to deposit*", and with its own subject
    ("a deadline for the rebels *to withdraw*", which the parser hangs on the noun as a
    relative or adverbial clause)."""
    if verb.dep_ not in ("acl", "relcl", "advcl") or not infinitive(verb):
        return False
    if verb.head.pos_ == "NOUN":
        return verb.head.lemma_.lower() in INTENT_NOUNS
    # "what it called an *ultimatum* from Islamabad *to hand over* ...", the infinitive hung
    # on the verb whose object or complement is the noun of intent
    return verb.dep_ == "advcl" and any(
        c.dep_ in ("dobj", "oprd") and c.i < verb.i and c.lemma_.lower() in INTENT_NOUNS
        for c in verb.head.children
    )


def _years(verbs: list[Token], trigger: Token) -> Iterator[tuple[Token, int]]:
    from ..dates import dates_another_noun

    scope = {v.i for v in verbs[: _clause_end(verbs)]} | {trigger.i}
    for token in verbs[0].sent:
        match = YEAR.match(token.text)
        if match and clause_verb(token).i in scope | {token.i}:
            if dates_another_noun(token, trigger):
                continue  # "apologised for the 1991 massacre": the massacre's year
            decade = bool(match.group(2))
            yield token, int(match.group(1)) + (9 if decade else 0)


def _is_historical(trigger: Token, verbs: list[Token], published: date | None) -> bool:
    if any(_long_after(v) for v in verbs[:1]):
        return True  # "Three years after Riyadh and Tehran restored relations, ...": its past
    if published is None:
        return False
    if any(year <= published.year - 2 for _, year in _years(verbs, trigger)):
        return True
    if published.month > 1 and any(_earlier_this_year(v) for v in verbs[:1]):
        return True  # "the rebels, who captured the towns earlier this year": background
    sent = verbs[0].sent
    mine = {v.i for v in verbs}
    if published.year > 1992 and any(
        t.lower_ == "war" and t.i > 0 and t.nbor(-1).lower_ == "cold" and clause_verb(t).i in mine
        for t in sent
    ):
        return True  # told of the Cold War (not "a step taken rarely since the Cold War")
    # "paid compensation for assets they lost when Amin expelled them 18 years *ago*": the
    # expulsion's time, not the payment's
    return any(_years_ago(t) >= 2 and clause_verb(t).i in mine for t in sent if t.lower_ == "ago")


#: Spans of time that put an act "N ... after" which the news is told out of its week.
LONG_UNITS = frozenset({"month", "year", "decade"})


def _long_after(verb: Token) -> bool:
    """The act of a clause the news is dated from, a month or more before it ("*Ten years*
    after Egypt and Qatar cut ties, ...", "*More than a year* after Niger expelled French
    troops, ..."): the subordinate clause's act is background. Weeks count from two
    ("two weeks after"); "days after" may still be the news. The span of time comes before
    the act ("joined the bloc three years after independence" is dated, not background)."""
    if verb.dep_ == "ROOT":
        return False
    marks = [c for c in verb.children if c.lower_ in ("after", "since") and c.dep_ == "mark"]
    units = [c for t in (verb, *marks) for c in t.children if c.i < verb.i]
    for unit in units:
        lemma = unit.lemma_.lower()
        if lemma not in LONG_UNITS and lemma != "week":
            continue
        if not marks and not any(c.lower_ in ("after", "since") for c in unit.children):
            continue
        if lemma in LONG_UNITS:
            return True
        nums = [c for c in unit.children if c.like_num]
        return bool(nums) and nums[0].lower_ not in ("one", "1", "a")
    return False


def _earlier_this_year(verb: Token) -> bool:
    """Whether the verb is timed "earlier this year" or "earlier in the year": months before
    the report, not its news."""
    for child in verb.children:
        words = {c.lower_ for c in child.children}
        if child.lemma_ == "year" and "earlier" in words and "this" in words:
            return True  # "earlier this year"
        if child.lower_ == "earlier":
            years = [
                o
                for p in child.children
                if p.lower_ == "in"
                for o in p.children
                if o.lemma_ == "year"
            ]
            if any(c.lower_ == "the" for y in years for c in y.children):
                return True  # "earlier in the year"
    return False


def _years_ago(ago: Token) -> int:
    unit = ago.nbor(-1) if ago.i > ago.sent.start else ago
    if unit.lemma_ not in ("year", "decade"):
        return 0
    nums = [c for c in unit.children if c.like_num]
    factor = 10 if unit.lemma_ == "decade" else 1
    if not nums:
        return factor if unit.lemma_ == "decade" else 0
    text = nums[0].text
    return int(text) * factor if text.isdigit() else 2 * factor


def is_opinion(document: Document) -> bool:
    """True for an opinion piece: labelled as such in its title or first line, or closing
    with "The writer is ..." (or "The views expressed ...")."""
    lines = [line for line in document.text.split("\n") if line.strip()]
    if any(OPINION_LABEL.search(text) for text in (document.title or "", *lines[:1])):
        return True
    return any(OPINION_FOOTER.search(line) for line in lines[-3:])


def assess(trigger: Token, published: date | None = None) -> Factuality:
    """Factuality of the event a trigger token states (see the module docstring)."""
    verbs = chain(trigger)
    return Factuality(
        negated=_is_negated(trigger, verbs),
        hypothetical=_is_hypothetical(trigger, verbs),
        historical=_is_historical(trigger, verbs, published) or _repeated(verbs),
        suppress=_suppress_reason(trigger, verbs),
    )


# --- the document: background, plans and opinion -----------------------------------------


@dataclass(frozen=True, slots=True)
class _News:
    """When a document's news happened: from ``start`` to ``anchor`` (its publication
    date, or estimated from the text), and the index of its first event sentence."""

    anchor: date | None
    estimated: bool
    start: date | None
    lede: int
    opinion: bool


def in_context(events: list[Event], document: Document, doc: Doc) -> list[Event]:
    """The events with the flags only the whole document can tell (see the module doc):
    background before the news, acts dated after publication, the argument of an opinion
    piece. Runs after the dates stage; an event that becomes historical or hypothetical
    loses its stand-in publication date."""
    if not events:
        return events
    from ..dates import document_anchor

    anchor, estimated = document_anchor(doc, document.published)
    news = _News(
        anchor,
        estimated,
        anchor - timedelta(days=NEWS_DAYS) if anchor else None,
        min(e.sentence.index for e in events),
        is_opinion(document),
    )
    return [_in_context(event, news, doc) for event in events]


def _in_context(event: Event, news: _News, doc: Doc) -> Event:
    from ..dates import date_window, past_tense, token_at

    window = date_window(event.date, event.date_precision)
    precise = event.date_precision in (DatePrecision.DAY, DatePrecision.WEEK)
    hypothetical, historical = event.hypothetical, event.historical
    trigger = token_at(doc, event.trigger.start)
    if window is not None and news.start is not None and not hypothetical:
        if window[1] < news.start:
            historical = True
        elif precise and news.anchor and window[0] > news.anchor and not news.estimated:
            # a plan -- unless told in the past tense: then the publication date is wrong
            hypothetical = not historical and not (trigger is not None and past_tense(trigger))
    decided = precise and window is not None
    if not (historical or hypothetical or decided) and event.sentence.index != news.lede:
        historical = trigger is not None and background(trigger)
    if news.opinion and not (historical or hypothetical) and not _recent(window, precise, news):
        historical = True
    if (hypothetical, historical) == (event.hypothetical, event.historical):
        return event
    stand_in = event.date_precision is DatePrecision.UNKNOWN
    return event.evolve(
        hypothetical=hypothetical,
        historical=historical,
        date=None if stand_in else event.date,
    )


def _recent(window: tuple[date, date] | None, precise: bool, news: _News) -> bool:
    """An op-ed's act dated to a day or week of the news window."""
    if window is None or not precise or news.start is None or news.anchor is None:
        return False
    return window[1] >= news.start and window[0] <= news.anchor


def _news_sequence(adverb: Token) -> bool:
    """ "*Earlier*, the army chief was received by ...", "*earlier* on Monday", "*earlier*
    this week": a report's own sequence of the day's news, not background."""
    if adverb.lower_ != "earlier":
        return False
    after = adverb.nbor(1) if adverb.i + 1 < len(adverb.doc) else None
    opens = adverb.i == adverb.sent.start or (
        adverb.i == adverb.sent.start + 1 and adverb.nbor(-1).is_space
    )
    return opens or (after is not None and after.lower_ in ("this", "today", "on", "in"))


#: Deeds a count of victims tallies ("have been killed since ...").
TALLIED = frozenset({"kill", "wound", "injure", "displace", "martyr"})


def _since(word: Token) -> bool:
    """A "since" phrase or clause: "since the war broke out", "since 2020"."""
    if word.dep_ == "prep" and word.lower_ == "since":
        return True
    return word.dep_ == "advcl" and any(
        c.lower_ == "since" and c.dep_ == "mark" for c in word.children
    )


def _once_again(token: Token) -> bool:
    """ "We *once again* call upon them": a repeat, today, not a former act."""
    after = token.doc[token.i + 1] if token.i + 1 < len(token.doc) else None
    return token.lower_ == "once" and after is not None and after.lower_ in ("again", "more")


def background(trigger: Token) -> bool:
    """The trigger's clause is told as background: the past perfect outside reported
    speech ("had last met in Tampa"), "previously", "earlier", "once", "formerly", "before",
    "in the past"."""
    verbs = chain(trigger)
    own = verbs[: _clause_end(verbs)]
    reported = any(v.lemma_ in SPEECH_VERBS for v in verbs[len(own) :])
    verb = own[0]
    auxes = [c for c in verb.children if c.dep_ in ("aux", "auxpass")]
    perfect = verb.tag_ == "VBN" and any(a.lemma_ == "have" and a.tag_ == "VBD" for a in auxes)
    if perfect and not reported:
        return True
    words: Sequence[Token] = [c for v in own for c in v.children]
    if trigger.lemma_.lower() in TALLIED and any(_since(w) for w in words):
        return True  # "tens of thousands have been killed since the war broke out": a tally
    if trigger.pos_ == "NOUN":
        words = [*words, *trigger.subtree]
    adverbial = [t for w in words if w.dep_ in ("advmod", "npadvmod") for t in w.subtree]
    if any(
        t.lower_ in BACKGROUND_ADVERBS and not _news_sequence(t) and not _once_again(t)
        for t in adverbial
    ):
        return True
    return any(
        w.lower_ == "in" and any(o.lower_ == "past" for o in w.children) for w in words
    )  # fmt: skip
