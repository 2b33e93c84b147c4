"""Factuality of a trigger: negated, hypothetical, historical — or not an event at all.

The rule (see ``data/conventions.jsonl`` in the shared data):

- **No event** (:attr:`Factuality.suppress` is set) when the clause is a *recommendation or
  obligation* — deontic modals and frames: "should", "must", "ought to", "has to",
  "needs to", "it is desirable/necessary/important that ..." ("Islamabad should relax its
  visa regime") — or a *generic or opinion* claim: habitual adverbs ("has always treated",
  "usually", "traditionally"), or a first-person opinion frame ("I think ...").
- **Hypothetical** (coded, flagged) for planned, expected, possible or conditional acts:
  "will", "would", "could", "may", "might", "can", "shall"; "is set/expected/scheduled/due/
  likely to", "plans/intends/hopes/aims to", "is going to"; "if"/"unless" clauses;
  "likely", "possibly", "perhaps"; questions; purpose clauses ("met X to discuss Y": the
  discussion of Y). A "will/would" under an announcement of a
  decision ("announced it would cut aid") is not hypothetical: announcing is the act.
- **Negated** (coded, flagged): "not", "n't", "never", "failed to", "no talks were held".
  "refused to meet" is a REJECT, not a negation (the lexicon handles it), and so is a
  cooperative act its actor says it *will not* do ("will not lift the embargo":
  :func:`refuses`; the coder makes it a REJECT).
- **Historical** (coded, flagged; needs the document's publication date): an explicit year
  or decade at least two years before publication attached to the trigger's clause ("in
  1959", "since the 1980s"), "N years ago" with N >= 2, or "during the Cold War". In an
  opinion piece (:func:`is_opinion`: "OPINION", "COMMENT", "EDITORIAL", "OP-ED" or
  "ANALYSIS" as a label in the title or first line) every past act is background, so the
  coder flags all its otherwise current events historical.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from spacy.tokens import Token

    from ..model import Document

DEONTIC = frozenset({"should", "must", "ought", "shall've"})
EPISTEMIC = frozenset({"will", "would", "could", "may", "might", "can", "shall", "'ll", "wo"})
OBLIGATION_HEADS = frozenset({"need", "have"})
PLAN_HEADS = frozenset(
    {"set", "expect", "schedule", "due", "likely", "plan", "intend", "hope", "aim", "poise",
     "slate", "unlikely", "want", "wish", "seek", "propose", "consider", "mull", "prepare"}
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
     "frequently", "invariably", "habitually", "customarily"}
)  # fmt: skip
HEDGES = frozenset({"likely", "possibly", "perhaps", "probably", "maybe", "potentially"})
OPINION_HEADS = frozenset({"think", "believe", "feel", "argue", "suspect", "doubt", "opine"})
CONDITIONAL_MARKS = frozenset({"if", "unless", "whether"})
OPINION_LABEL = re.compile(
    r"(?:^|[\s—–-])(?:OPINION|COMMENT|EDITORIAL|OP-ED|ANALYSIS|COLUMN)\s*[.:—–-]"
)
YEAR = re.compile(r"^(1[89]\d\d|20\d\d)(s|'s)?$")
CLIMB_DEPS = frozenset({"xcomp", "conj", "ccomp", "advcl", "acomp"})


@dataclass(frozen=True, slots=True)
class Factuality:
    negated: bool = False
    hypothetical: bool = False
    historical: bool = False
    suppress: str | None = None  # why the trigger is no event: recommendation | generic | opinion


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
        verbs.append(verbs[-1].head)
    return verbs


def obligation(verb: Token) -> str | None:
    """The word that makes ``verb``'s clause an obligation -- "Pakistan *must* do more",
    "should", "ought to", "*needs* to", "*has* to" (as the lemma) -- or None."""
    for child in verb.children:
        if child.lower_ in DEONTIC and (child.tag_ == "MD" or child.dep_ == "aux"):
            return child.lower_
    if verb.lemma_ in OBLIGATION_HEADS and any(
        c.dep_ == "xcomp" and _infinitive(c) for c in verb.children
    ):
        return str(verb.lemma_)
    return None


def _modals(verbs: list[Token]) -> Iterator[str]:
    for verb in verbs:
        for child in verb.children:
            if child.tag_ == "MD" or (child.dep_ == "aux" and child.lower_ in DEONTIC):
                yield child.lower_


def _is_negated(trigger: Token, verbs: list[Token]) -> bool:
    own = verbs[: _clause_end(verbs)]
    if any(c.dep_ == "neg" for v in own for c in v.children):
        return True
    if any(v.lemma_ in NEGATING_HEADS for v in verbs[1:]):
        return True
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
    return negated and any(m in REFUSAL_MODALS for m in _modals(own))


def _clause_end(verbs: list[Token]) -> int:
    """How many verbs of the chain share the trigger's own clause (stop at ccomp/advcl)."""
    for i, verb in enumerate(verbs):
        if verb.dep_ in ("ccomp", "advcl"):
            return i + 1
    return len(verbs)


def _suppress_reason(verbs: list[Token]) -> str | None:
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
    if any(c.lower_ in GENERIC_ADVERBS for v in own for c in v.children):
        return "generic"
    for verb in verbs[1:]:
        subj = [c for c in verb.children if c.dep_ == "nsubj"]
        if verb.lemma_ in OPINION_HEADS and any(s.lower_ == "i" for s in subj):
            return "opinion"
    return None


def _is_hypothetical(verbs: list[Token]) -> bool:
    own = verbs[: _clause_end(verbs)]
    decision = any(v.lemma_ in DECISION_HEADS for v in verbs[len(own) :])
    if not decision and any(m in EPISTEMIC for m in _modals(own)):
        return True
    if any(v.lemma_ in PLAN_HEADS or (v.lemma_ == "go" and v.tag_ == "VBG") for v in verbs[1:]):
        return True
    if any(v.dep_ == "advcl" and _infinitive(v) for v in verbs[:-1]):
        return True  # a purpose: "met ... to discuss reopening the crossing"
    for verb in own:
        for child in verb.children:
            if child.dep_ == "mark" and child.lower_ in CONDITIONAL_MARKS:
                return True
            if child.dep_ == "advmod" and child.lower_ in HEDGES:
                return True
    return verbs[0].sent.text.rstrip().endswith("?")


def _infinitive(verb: Token) -> bool:
    return any(c.dep_ == "aux" and c.lower_ == "to" for c in verb.children)


def _years(verbs: list[Token], trigger: Token) -> Iterator[tuple[Token, int]]:
    scope = {v.i for v in verbs[: _clause_end(verbs)]} | {trigger.i}
    for token in verbs[0].sent:
        match = YEAR.match(token.text)
        if match and clause_verb(token).i in scope | {token.i}:
            decade = bool(match.group(2))
            yield token, int(match.group(1)) + (9 if decade else 0)


def _is_historical(trigger: Token, verbs: list[Token], published: date | None) -> bool:
    if published is None:
        return False
    if any(year <= published.year - 2 for _, year in _years(verbs, trigger)):
        return True
    sent = verbs[0].sent
    text = sent.text.lower()
    if "cold war" in text and published.year > 1992:
        return True
    return any(_years_ago(t) >= 2 for t in sent if t.lower_ == "ago")


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
    """True for an opinion piece labelled as such in its title or first line."""
    first = document.text.split("\n", 1)[0]
    return any(OPINION_LABEL.search(text) for text in (document.title or "", first))


def assess(trigger: Token, published: date | None = None) -> Factuality:
    """Factuality of the event a trigger token states (see the module docstring)."""
    verbs = chain(trigger)
    return Factuality(
        negated=_is_negated(trigger, verbs),
        hypothetical=_is_hypothetical(verbs),
        historical=_is_historical(trigger, verbs, published),
        suppress=_suppress_reason(verbs),
    )
