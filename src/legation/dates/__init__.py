"""The dates stage: each event's date, read from its sentence and anchored on publication.

``assign_dates`` looks for the temporal expressions of the event's sentence -- spaCy ``DATE``
entities and a few patterns the small model sometimes misses -- keeps those that can speak for
the event's clause, and resolves the best one with :func:`parse_date` against the document's
publication date and the dates the document has already established.

Conventions (every rule below has a test in ``tests/test_dates.py``):

- ``date`` is an ISO day (``"2023-12-14"``), month (``"2023-12"``) or year (``"2019"``);
  ``date_precision`` says which (``day``/``week``/``month``/``year``/``unknown``).
- A week (``"last week"``, ``"this week"``) is given as the ISO date of its Monday, with
  precision ``week``.
- **Which expression.** The one in the trigger's own clause (or inside a noun trigger's
  phrase, "Monday's talks") wins; then one in a clause coordinated with it ("spoke on Monday
  and thanked ...") or governing it ("was due to meet ... on Monday"; an event in an adverbial
  clause, "a war in May, during which Washington brokered a ceasefire"). Never one from a
  relative or subordinate clause the trigger is not in ("Aurangzeb, who secured a loan in
  September, met Georgieva on Wednesday": the meeting is not in September), nor one that
  dates another noun the event is about ("condemned the April 22 attack"); a date on a noun
  that is the event's setting counts ("at last month's summit, Sharif urged ..."), and so
  does one on the noun the trigger's clause describes ("a New Year's Day message accusing
  Pakistan ...").
- **Reported dates are bounds.** A date only on the reporting verb ("X met Y, the ISPR said
  on Thursday") says when the report was made, not when the event happened: the event gets
  that day with precision ``unknown`` -- unless the one reporting is the one acting (a
  statement made in the report: "'I want to thank ...,' the ambassador said on Monday"; a
  spokesperson or office speaking for their state, "the spokesperson said Pakistan welcomed
  ..."), where the report is the act and the day is the event's.
- Weekdays and year-less dates resolve in the event's direction: for a past event ("met on
  Wednesday") the most recent such day *on or before* publication; for a hypothetical event
  in the present or future tense (``Event.hypothetical``: planned, expected, recommended) the
  first one *on or after* it; a plan told in the past tense ("was due to meet on Monday")
  looks back. ``last``/``next`` force the direction and exclude the publication day itself.
- **Relative to the document.** "The next day", "two days later", "the same day", "a year
  earlier", "later that year" resolve against the last date the document established before
  them (in text order, each resolved expression becoming the reference for the next).
- **Without a publication date** the latest full date the text states (with its year) is the
  anchor instead: "in June" takes that year; "on Monday", "yesterday", "last week" resolve
  against it but keep only their month (the report may have come out days later).
- Decades ("the 1980s"), durations ("75 years", "two weeks") and ranges ("2019-20") are not
  dates: they are skipped, and the next candidate expression is tried.
- **No expression in the sentence**: a current or negated event gets the publication date
  as a stand-in, with precision ``unknown`` (the text did not say; the report is the best
  bound there is, and dedup and timelines can still place it). Historical and hypothetical
  events get no date (``None``/``unknown``): the publication date would be wrong for them.
  Without a publication date, an event whose sentence gives no resolvable date keeps
  ``None``/``unknown``; such events are counted as *undated* wherever events are charted.

``dateparser`` is only a fallback for the odd forms the rules do not cover (it is slow and
reads durations as dates), and only ever sees a short expression, cached per document.

This module chooses the expression and the anchor; :mod:`.expressions` resolves one
expression (:func:`parse_date`) and gives an event's window of days (:func:`date_window`).
"""

from __future__ import annotations

import bisect
import itertools
import re
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field
from datetime import date
from typing import TYPE_CHECKING

from ..lang import Language, language
from ..model import ActorKind, DatePrecision, Event, PloverType
from .expressions import (
    NOT_FOUND,
    UNKNOWN_WINDOW_DAYS,
    Parsed,
    date_patterns,
    date_window,
    deictic,
    first_day,
    parse_date,
)

if TYPE_CHECKING:
    from spacy.tokens import Doc, Span, Token

__all__ = [
    "NOT_FOUND",
    "UNKNOWN_WINDOW_DAYS",
    "DocumentDates",
    "Expression",
    "Parsed",
    "assign_dates",
    "clause_head",
    "date_window",
    "document_anchor",
    "governing_clauses",
    "parse_date",
    "past_tense",
    "token_at",
]

_DATELINE_TAIL = re.compile(r"^\s*(?:\([^)]{0,40}\)\s*)?[—–:-]")
#: Verbs whose date says when something was reported, not when it happened.
SPEECH_VERBS = frozenset(
    {"say", "tell", "announce", "add", "state", "confirm", "report", "disclose", "reveal",
     "note", "write", "tweet", "post", "claim", "insist", "assert", "declare", "explain",
     "stress", "emphasise", "emphasize", "remark", "inform", "brief", "quote", "recall"}
)  # fmt: skip
#: Words of a reporting subject that speaks for its state ("the Foreign Office spokesperson").
OFFICIAL_WORDS = frozenset(
    {"spokesperson", "spokesman", "spokeswoman", "spokespeople", "office", "ministry",
     "minister", "government", "embassy", "official", "officials", "department", "statement",
     "ispr", "wing", "mission", "secretary", "president", "premier", "chancellery", "house"}
)  # fmt: skip
_PERSONAL = frozenset({"i", "we", "me", "us", "he", "she", "they", "it"})
_SETTING_PREPS = frozenset({"at", "during", "in", "on", "amid"})
#: Types of words said (thanks, blame, appeals, refusals, threats, pledges).
WORDS = frozenset(
    {PloverType.SUPPORT, PloverType.ACCUSE, PloverType.REQUEST, PloverType.REJECT,
     PloverType.THREATEN, PloverType.AGREE}
)  # fmt: skip
#: Occasions at which words are said ("at last month's summit", "during Monday's call").
OCCASIONS = frozenset(
    {"summit", "meeting", "talk", "visit", "conference", "session", "call", "ceremony",
     "dinner", "lunch", "breakfast", "forum", "dialogue", "assembly", "trip", "tour",
     "briefing", "interview", "speech", "address", "event", "rally", "debate", "hearing",
     "reception", "parade", "conversation", "round", "sitting", "gathering", "celebration"}
)  # fmt: skip
_TEMPORAL_RELATIVES = frozenset({"when", "while", "during", "after", "before", "whereupon"})


def assign_dates(
    events: list[Event], doc: Doc, published: date | None, lang: Language | None = None
) -> list[Event]:
    """Return ``events`` with ``date`` and ``date_precision`` filled (see the module doc),
    reading the text's date expressions in ``lang`` (default English)."""
    if not events:
        return events
    context = DocumentDates.of(doc, published, lang or language())
    return [_date_event(event, context) for event in events]


def document_anchor(
    doc: Doc, published: date | None, lang: Language | None = None
) -> tuple[date | None, bool]:
    """(the date relative expressions count from, whether it is estimated): the
    publication date, else the latest full date (with its year) the text states."""
    if published is not None:
        return published, False
    lang = lang or language()
    found = [first_day(parse_date(e.text, None, lang=lang)) for e in _expressions(doc, lang)]
    days = [d for d in found if d is not None]
    return (max(days), True) if days else (None, False)


# --- the document's dates ----------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class Expression:
    """One temporal expression of the document: its text, span and root token."""

    text: str
    start: int
    end: int
    root: Token | None


@dataclass(slots=True)
class DocumentDates:
    """What every event of one document looks up: its expressions (dateline dates left out),
    the anchor, and the date each expression establishes for the ones after it."""

    doc: Doc
    lang: Language
    anchor: date | None
    estimated: bool
    expressions: list[Expression]
    references: list[tuple[int, Parsed]] = field(default_factory=list)
    cache: dict[tuple[int, bool], Parsed] = field(default_factory=dict)

    @classmethod
    def of(cls, doc: Doc, published: date | None, lang: Language) -> DocumentDates:
        anchor, estimated = document_anchor(doc, published, lang)
        found = cls(doc, lang, anchor, estimated, _expressions(doc, lang))
        for expression in found.expressions:
            value = found.resolve(expression, future=False)
            if value[0] is not None:
                found.references.append((expression.start, value))
        return found

    def reference(self, start: int) -> Parsed | None:
        """The date the document established last before character ``start``."""
        i = bisect.bisect_left(self.references, start, key=lambda r: r[0]) - 1
        return self.references[i][1] if i >= 0 else None

    def resolve(self, expression: Expression, future: bool) -> Parsed:
        key = (expression.start, future)
        if key not in self.cache:
            reference = self.reference(expression.start)
            value = parse_date(
                expression.text, self.anchor, future=future, reference=reference, lang=self.lang
            )
            self.cache[key] = self._honest(expression, value)
        return self.cache[key]

    def _honest(self, expression: Expression, value: Parsed) -> Parsed:
        """Against an estimated anchor, "Monday" or "last week" keep only their month."""
        when, precision = value
        if (
            not self.estimated
            or when is None
            or precision not in (DatePrecision.DAY, DatePrecision.WEEK)
        ):
            return value
        if not deictic(expression.text, self.lang):
            return value
        return when[:7], DatePrecision.MONTH  # fmt: skip


def _expressions(doc: Doc, lang: Language) -> list[Expression]:
    """DATE entities, then pattern matches they do not cover, in text order; dates in a
    dateline are left out."""
    text = doc.text
    ents = [e for e in doc.ents if e.label_ == "DATE" and not _in_dateline(text, e)]
    found = [Expression(e.text, e.start_char, e.end_char, e.root) for e in ents]
    taken = [(e.start_char, e.end_char) for e in ents]
    for match in date_patterns(lang).finditer(text):
        if any(s < match.end() and match.start() < e for s, e in taken):
            continue
        span = doc.char_span(match.start(), match.end(), alignment_mode="expand")
        if span is not None and not _in_dateline(text, span):
            found.append(Expression(match.group(0), match.start(), match.end(), span.root))
    return sorted(found, key=lambda x: x.start)


def _in_dateline(text: str, ent: Span) -> bool:
    """A date in "ISLAMABAD, Dec 15, 2023 —" is when the report was filed, not the event."""
    line_start = text.rfind("\n", 0, ent.start_char) + 1
    if ent.start_char - line_start > 60:
        return False
    return bool(_DATELINE_TAIL.match(text[ent.end_char : ent.end_char + 60]))


# --- one event ---------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class _Candidate:
    expression: Expression
    rank: tuple[int, int]
    reported: bool  # only on a verb reporting the event: a bound, not the event's date


def _date_event(event: Event, context: DocumentDates) -> Event:
    trigger = _token_at(context.doc, event.trigger.start)
    future = event.hypothetical and not (trigger is not None and past_tense(trigger))
    for candidate in _candidates(event, trigger, context):
        value = context.resolve(candidate.expression, future)
        if value[0] is None:
            continue
        if candidate.reported and (event.hypothetical or event.historical):
            continue  # when a plan or a memory was told is not when it happens
        if candidate.reported and not _speaks_for(event, trigger):
            value = (value[0], DatePrecision.UNKNOWN)
        return event.evolve(date=value[0], date_precision=value[1])
    return event.evolve(date=_default_date(event, context), date_precision=DatePrecision.UNKNOWN)


def _default_date(event: Event, context: DocumentDates) -> str | None:
    if context.estimated or context.anchor is None or event.historical or event.hypothetical:
        return None
    return context.anchor.isoformat()


def _candidates(event: Event, trigger: Token | None, context: DocumentDates) -> list[_Candidate]:
    """The expressions of the event's sentence that may date it, best first."""
    start, end = event.sentence.start, event.sentence.end
    inside = [x for x in context.expressions if start <= x.start and x.end <= end]
    if trigger is None:
        pos = event.trigger.start
        return sorted(
            (_Candidate(x, (3, abs(x.start - pos)), False) for x in inside),
            key=lambda c: c.rank,
        )
    chain = governing_clauses(trigger)
    words = event.event_type in WORDS
    found = [c for x in inside if (c := _candidate(x, trigger, chain, words)) is not None]
    return sorted(found, key=lambda c: c.rank)


def _candidate(
    expression: Expression,
    trigger: Token,
    chain: Sequence[tuple[Token, str]],
    words: bool = False,
) -> _Candidate | None:
    root = expression.root
    distance = min(abs(expression.start - trigger.idx), abs(expression.end - trigger.idx))
    if root is None:
        return _Candidate(expression, (3, distance), False)
    if _after_dated(root, trigger, chain) and _names_a_year(expression):
        # "After the July 2023 coup in Niamey, the bloc threatened ...": at that time
        distance = min(abs(expression.start - trigger.idx), abs(expression.end - trigger.idx))
        return _Candidate(expression, (3, distance), False)
    if dates_another_noun(root, trigger):
        return None  # "condemned the April 22 attack": the attack's date
    owner = _owner_noun(root, trigger)
    if words and owner is not None and owner.lemma_.lower() not in OCCASIONS:
        # "thanked Kenya for its support during last year's drought": words said now of a
        # time; only an occasion ("at last month's summit") is when they were said
        return None
    if root.dep_ == "pobj" and root.head.lower_ in ("until", "till"):
        return None  # "gave Iraq until January 15 to withdraw": a deadline, not the day
    if _within_trigger(root, trigger):
        return _Candidate(expression, (0, distance), False)
    head = clause_head(root)
    for verb, link in chain:
        if head.i == verb.i:
            rank = {"own": 0, "conj": 1, "governor": 1, "adverbial": 2, "speech": 2}[link]
            return _Candidate(expression, (rank, distance), link == "speech")
    if _while_clause(head, trigger):
        # "When soldiers seized power in Conakry in September 2021, ECOWAS suspended
        # Guinea": the time the clause gives is the act's, unless the act has its own
        return _Candidate(expression, (3, distance), False)
    if head.i != trigger.i and any(a.i == clause_head(trigger).i for a in head.ancestors):
        return None  # in a clause below the trigger's: a relative or complement clause
    if head.i != trigger.i and reduced_relative(head):
        return None  # "respect the ceasefire agreed in Doha *in March*": the ceasefire's
    if any(d.dep_ in ("relcl", "acl") for d in _path_up(root, head)):
        return None
    return _Candidate(expression, (3, distance), False)


#: A year written out ("2023").
YEAR_WORD = re.compile(r"\b(?:19|20)\d\d\b")
#: Conjunctions of a clause that happened at the time of the one it modifies.
SIMULTANEOUS = frozenset({"when", "as", "while"})
#: Prepositions of an earlier happening a clause follows ("*after* the July 2023 coup").
FOLLOWING = frozenset({"after", "following"})


def _while_clause(head: Token, trigger: Token) -> bool:
    """Whether ``head`` heads a "when"/"as"/"while" clause of the trigger's clause."""
    verb = clause_head(trigger)
    return (
        head.dep_ == "advcl"
        and head.head.i == verb.i
        and any(c.dep_ in ("mark", "advmod") and c.lower_ in SIMULTANEOUS for c in head.children)
    )


def _names_a_year(expression: Expression) -> bool:
    """Whether the expression names its year ("the July *2023* coup"): what followed a
    happening of that year, told with no date of its own, is background; what followed "the
    March attack" may be today's news ("urged Pakistan ..., following the March attack")."""
    return YEAR_WORD.search(expression.text) is not None


def _after_dated(root: Token, trigger: Token, chain: Sequence[tuple[Token, str]] = ()) -> bool:
    """Whether the expression dates the noun of an "after"/"following" phrase on the
    trigger's clause or a clause it is conjoined to or governed by, short of one that reports
    it ("*After the July 2023 coup* in Niamey, the bloc threatened to use force and shut
    Niger's borders")."""
    noun = root.head if root.dep_ in ("compound", "amod", "nmod", "poss", "npadvmod") else None
    if noun is None or noun.dep_ != "pobj":
        return False
    prep = noun.head
    clauses = {clause_head(trigger).i, *(v.i for v, link in chain if link != "speech")}
    return prep.lower_ in FOLLOWING and prep.head.i in clauses


def _within_trigger(root: Token, trigger: Token) -> bool:
    """The expression sits in the trigger's own phrase, below no other verb: "talks on
    Friday", "Monday's meeting", "met on Monday"."""
    for token in (root, *root.ancestors):
        if token.i == trigger.i:
            return True
        if token.pos_ in ("VERB", "AUX"):
            return False
    return False


def dates_another_noun(root: Token, trigger: Token) -> bool:
    """Whether a date expression (its root token) dates a noun other than the trigger's
    act: "condemned the April 22 attack", "apologised for the 1991 massacre", "under the 1951
    Mutual Defense Treaty" (not "at last month's summit": the setting's date is the act's)."""
    owner = _owner_noun(root, trigger)
    return owner is not None and not (_is_setting(owner) or _described_by(owner, trigger))


def _owner_noun(root: Token, trigger: Token) -> Token | None:
    """The noun an expression dates when it modifies one ("the April 22 attack",
    "last month's summit", "the attack near Karachi airport last October"), unless that noun
    is the trigger."""
    if _timeline_entry(root):
        return None  # a timeline's entry ("2018 - Guyana asks the ICJ ..."): the act's date
    head = root.head  # a name is never dated so ("On Thursday Ms Sherman met ..."), but a
    # year may name one ("the *1951* Mutual Defense Treaty")
    if root.ent_type_ == "DATE" and head.ent_type_ == "DATE" and head.head.i != head.i:
        root, head = head, head.head  # "in a July *2023* coup": the whole date's noun
    named = head.pos_ == "PROPN" and root.like_num
    if root.dep_ in ("compound", "amod", "nmod", "poss", "npadvmod", "nummod") and (
        head.pos_ == "NOUN" or named
    ):
        return None if head.i == trigger.i else head
    return None


def _timeline_entry(root: Token) -> bool:
    """A year (or date) that opens its sentence or line and is followed by a dash or colon:
    a timeline's entry ("2018 - Guyana asks the ICJ ..."), not "the 2024-25 budget"."""
    doc = root.doc
    if root.i + 1 >= len(doc) or doc[root.i + 1].text not in ("-", "–", "—", ":"):
        return False
    start = root.left_edge  # "March 2024 - ...": the whole date
    return start.i == start.sent.start or doc[start.i - 1].is_space or "\n" in doc[start.i - 1].text


def _is_setting(noun: Token) -> bool:
    """ "at last month's summit", "during Monday's talks": the noun is when it happened."""
    return noun.dep_ == "pobj" and noun.head.lower_ in _SETTING_PREPS


def _described_by(noun: Token, trigger: Token) -> bool:
    """ "a New Year's Day message accusing Pakistan": the trigger's clause describes the
    dated noun, so the noun's date is the event's."""
    verb = clause_head(trigger)
    return verb.dep_ in ("acl", "relcl") and verb.head.i == noun.i


def _path_up(token: Token, stop: Token) -> Iterator[Token]:
    while token.i != stop.i and token.head.i != token.i:
        yield token
        token = token.head


def reduced_relative(verb: Token) -> bool:
    """A past participle (tagged as either past form) right after an object noun, with no
    "and" or comma before it, that the parser coordinated with the main verb ("condemned
    the attack and called on all parties to respect the ceasefire *agreed* in Doha in
    March"): a reduced relative clause on that noun, no act of the sentence's subject."""
    if verb.dep_ != "conj" or verb.tag_ not in ("VBN", "VBD") or verb.i == verb.sent.start:
        return False
    if any(c.dep_ in ("aux", "auxpass", "nsubj", "nsubjpass") for c in verb.children):
        return False
    before = verb.doc[verb.i - 1]
    return before.pos_ == "NOUN" and before.dep_ in ("dobj", "pobj") and before.head.i != verb.i


def clause_head(token: Token) -> Token:
    """The nearest verb at or above ``token`` (the clause it belongs to)."""
    while token.pos_ not in ("VERB", "AUX") and token.head.i != token.i:
        token = token.head
    return token


def governing_clauses(trigger: Token) -> list[tuple[Token, str]]:
    """The trigger's clause and the clauses whose dates it may take, each with how it is
    linked: ``own``, ``conj`` (coordinated), ``governor`` ("was due to meet"), ``adverbial``
    (the trigger's clause is adverbial to it, or a temporal relative clause: "during which
    ..."), ``speech`` (it reports the trigger's clause). The walk stops at a relative clause:
    the clause a relative clause hangs on does not date it."""
    verb = clause_head(trigger)
    found = [(verb, "own")]
    while verb.head.i != verb.i:
        dep = verb.dep_
        if dep in ("relcl", "acl") and not _temporal_relative(verb):
            break
        parent = clause_head(verb.head)
        if parent.i == verb.i:
            break
        if dep == "conj":
            link = "conj"
        elif parent.lemma_.lower() in SPEECH_VERBS and dep in ("ccomp", "parataxis", "conj"):
            link = "speech"
        elif dep in ("xcomp", "acomp", "aux", "auxpass"):
            link = "governor"
        else:
            link = "adverbial"
        found.append((parent, link))
        verb = parent
    return found


def _temporal_relative(verb: Token) -> bool:
    """ "during which", "when": a relative clause that happened at its noun's time."""
    for child in verb.children:
        if child.lower_ in _TEMPORAL_RELATIVES and child.dep_ in ("advmod", "mark", "prep"):
            return True
    return False


def past_tense(trigger: Token) -> bool:
    """The trigger's clause (up to a reporting verb) is in the past tense: "was due to
    meet", "had planned to sign"."""
    for verb, link in governing_clauses(trigger):
        if link == "speech":
            return False
        tokens = [verb, *(c for c in verb.children if c.dep_ in ("aux", "auxpass"))]
        if any(t.tag_ == "VBD" for t in tokens):
            return True
        if any(t.tag_ == "MD" for t in tokens):
            return False
    return False


def _speaks_for(event: Event, trigger: Token | None) -> bool:
    """Whether the one reporting the event is the one acting (see the module doc)."""
    if trigger is None:
        return False
    chain = governing_clauses(trigger)
    speech = next((verb for verb, link in chain if link == "speech"), None)
    reported = [v for v, _ in itertools.takewhile(lambda c: c[1] != "speech", chain)]
    own_subject = next((s for v in reported if (s := _subject(v)) is not None), None)
    if own_subject is not None and own_subject.lower_ in _PERSONAL:
        return True
    if speech is None:
        return False
    speaker = _subject(speech)
    if speaker is None:
        return False
    left, right = speaker.left_edge.idx, speaker.right_edge.idx + len(speaker.right_edge)
    spans = [(a.start, a.end) for a in event.actors if a.start is not None and a.end is not None]
    if any(start < right and left < end for start, end in spans):
        return True
    words = {t.lower_ for t in speaker.subtree}
    states = {ActorKind.COUNTRY, ActorKind.INSTITUTION}
    return bool(words & OFFICIAL_WORDS) and any(a.kind in states for a in event.actors)


def _subject(verb: Token) -> Token | None:
    return next((c for c in verb.children if c.dep_ in ("nsubj", "nsubjpass")), None)


def token_at(doc: Doc, char: int) -> Token | None:
    """The token covering character ``char`` of ``doc``."""
    return _token_at(doc, char)


def _token_at(doc: Doc, char: int) -> Token | None:
    """The token covering character ``char`` (a binary search: tokens are in text order)."""
    i = bisect.bisect_right(doc, char, key=lambda token: token.idx) - 1
    if i < 0:
        return None
    token: Token = doc[i]
    return token if char < token.idx + max(len(token.text), 1) else None
