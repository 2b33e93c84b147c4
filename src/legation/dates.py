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

``dateparser`` is only a fallback for the odd forms the rules here do not cover (it is slow
and reads durations as dates), and only ever sees a short expression, cached per document.
"""

from __future__ import annotations

import bisect
import calendar
import itertools
import re
from collections.abc import Callable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from types import MappingProxyType
from typing import TYPE_CHECKING

from .model import ActorKind, DatePrecision, Event

if TYPE_CHECKING:
    from spacy.tokens import Doc, Span, Token

Parsed = tuple[str | None, DatePrecision]
NOT_FOUND: Parsed = (None, DatePrecision.UNKNOWN)

_MONTH = (
    r"jan(?:uary)?|feb(?:ruary)?|mar(?:ch)?|apr(?:il)?|may|june?|july?|aug(?:ust)?"
    r"|sep(?:t(?:ember)?)?|oct(?:ober)?|nov(?:ember)?|dec(?:ember)?"
)
_MONTH_RE = re.compile(rf"\b({_MONTH})\b\.?")
_YEAR_RE = re.compile(r"(?<![\d-])(1[5-9]\d\d|20\d\d)(?!\d|s\b|'s\b)")
_DAY_RE = re.compile(r"\b([0-3]?\d)(?:st|nd|rd|th)?\b")
_ISO_RE = re.compile(r"\b(\d{4})-(\d{2})-(\d{2})\b")
_NUMERIC_RE = re.compile(r"\b(\d{1,2})[/.](\d{1,2})[/.](\d{4})\b")
_WEEKDAYS = ("monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday")
_WEEKDAY_RE = re.compile(rf"\b(?:(last|next|this|past|previous|coming) )?({'|'.join(_WEEKDAYS)})\b")
_NUMBER = r"\d+|an?|one|two|three|four|five|six|seven|eight|nine|ten|several|a few|few|many"
_UNIT = r"days?|weeks?|months?|years?|decades?|centuries|century|hours?|fortnights?"
_AGO_RE = re.compile(rf"\b({_NUMBER}) ({_UNIT}) ago\b")
_DURATION_RE = re.compile(
    rf"\b(?:{_NUMBER})[- ](?:{_UNIT})\b|\b(?:days|weeks|months|years|decades|centuries)\b"
)
_DECADE_RE = re.compile(r"\b\d{3}0s\b|'\d0s\b|\b(?:nineteen|twenty)\w*ies\b")
_RANGE_RE = re.compile(r"\b\d{4}\s*[-–/]\s*\d{2}(?:\d{2})?\b(?!-)")
_PERIOD_RE = re.compile(
    r"\b(earlier|later|last|past|previous|this|current|next|coming)"
    r"(?: (?:this|in the|of the))? (week|month|year)\b"
)
_SAME_DAY = ("today", "tonight", "this morning", "this afternoon", "this evening")
_WORD_NUMBERS: Mapping[str, int] = MappingProxyType(
    {"a": 1, "an": 1, "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6,
     "seven": 7, "eight": 8, "nine": 9, "ten": 10}
)  # fmt: skip
_PART_OF_DAY = r"day|morning|afternoon|evening|night"
#: Expressions that count from the date the document established last, not from publication.
_NEXT_RE = re.compile(
    rf"^(?:(next|following|previous|preceding) ({_PART_OF_DAY})"
    r"|(following|preceding) (week|month|year))$"
)
_DAY_OF_RE = re.compile(r"^day (before|after)$")
_SAME_RE = re.compile(rf"^(?:(?:later|earlier) )?(?:that|same) ({_PART_OF_DAY}|week|month|year)$")
_SHIFT_RE = re.compile(
    r"^(an?|one|two|three|four|five|six|seven|eight|nine|ten|\d+) (days?|weeks?|months?|years?)"
    r" (later|earlier|after|before|afterwards)$"
)
_HOLIDAYS: Mapping[str, tuple[int, int]] = MappingProxyType(
    {"new year's day": (1, 1), "new year's eve": (12, 31), "christmas eve": (12, 24),
     "christmas day": (12, 25), "christmas": (12, 25)}
)  # fmt: skip
_LEADING = re.compile(r"^(?:(?:on|in|during|since|by|at|from|until|of|the|around|about)\s+)+")
_DATELINE_TAIL = re.compile(r"^\s*(?:\([^)]{0,40}\)\s*)?[—–:-]")
_FALLBACK_RE = re.compile(
    r"\b(?:[Yy]esterday|[Tt]oday|[Tt]onight|[Tt]omorrow|[Ll]ast night"
    r"|(?:(?:[Ll]ast|[Nn]ext|[Tt]his) )?(?:Mon|Tues|Wednes|Thurs|Fri|Satur|Sun)day"
    r"|(?:[Ee]arlier|[Ll]ater|[Ll]ast|[Tt]his|[Nn]ext) (?:week|month|year)"
    r"|[Ii]n (?:(?:early|mid|late)[- ])?(?:January|February|March|April|May|June|July|August"
    r"|September|October|November|December)(?: (?:1[5-9]|20)\d\d)?"
    r"|(?:January|February|March|April|June|July|August|September|October|November"
    r"|December) \d{1,2}(?:, \d{4})?"
    r"|[Ii]n (?:1[5-9]|20)\d\d\b(?!s)"
    r"|[Tt]he (?:next|following|previous|same) (?:day|morning|evening|week)"
    r"|(?:[Ll]ater|[Ee]arlier) that (?:day|week|month|year)"
    r"|(?:[Aa]n?|[Oo]ne|[Tt]wo|[Tt]hree|[Ff]our|[Ff]ive|\d+) (?:days?|weeks?|months?|years?)"
    r" (?:later|earlier)"
    r"|New Year's (?:Day|Eve)|Christmas(?: Day| Eve)?)"
)
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
_TEMPORAL_RELATIVES = frozenset({"when", "while", "during", "after", "before", "whereupon"})
_SUBORDINATE = frozenset({"relcl", "acl", "advcl", "ccomp", "xcomp", "csubj", "appos", "pcomp"})
#: An event whose sentence gives no date carries its report's publication date as a stand-in
#: (precision ``unknown``); it may have happened up to this many days before.
UNKNOWN_WINDOW_DAYS = 3
_PRECISIONS: Mapping[str, DatePrecision] = MappingProxyType({p.value: p for p in DatePrecision})


def assign_dates(events: list[Event], doc: Doc, published: date | None) -> list[Event]:
    """Return ``events`` with ``date`` and ``date_precision`` filled (see the module doc)."""
    if not events:
        return events
    context = DocumentDates.of(doc, published)
    return [_date_event(event, context) for event in events]


def parse_date(
    text: str, anchor: date | None, *, future: bool = False, reference: Parsed | None = None
) -> Parsed:
    """Resolve one temporal expression ("on Wednesday", "in December 2023", "last week",
    "the next day").

    ``anchor`` is the publication date; ``future`` resolves weekdays and year-less dates
    forward (for hypothetical events); ``reference`` is the date the document established
    last, for "the next day", "two days later", "later that year". Returns ``(None,
    UNKNOWN)`` when ``text`` is not a date (a duration, a decade) or needs an anchor or a
    reference that is missing."""
    phrase = _clean(text)
    if not phrase or _DECADE_RE.search(phrase) or _RANGE_RE.search(phrase):
        return NOT_FOUND
    relative = _relative(phrase, reference)
    if relative is not None:
        return relative
    if _DURATION_RE.search(phrase) and not _AGO_RE.search(phrase):
        return NOT_FOUND
    for rule in _RULES:
        parsed = rule(phrase, anchor, future)
        if parsed is not None:
            return parsed
    return _dateparser_fallback(phrase, anchor, future)


def document_anchor(doc: Doc, published: date | None) -> tuple[date | None, bool]:
    """(the date relative expressions count from, whether it is estimated): the
    publication date, else the latest full date (with its year) the text states."""
    if published is not None:
        return published, False
    found = [_start(parse_date(e.text, None)) for e in _expressions(doc)]
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
    anchor: date | None
    estimated: bool
    expressions: list[Expression]
    references: list[tuple[int, Parsed]] = field(default_factory=list)
    cache: dict[tuple[int, bool], Parsed] = field(default_factory=dict)

    @classmethod
    def of(cls, doc: Doc, published: date | None) -> DocumentDates:
        anchor, estimated = document_anchor(doc, published)
        found = cls(doc, anchor, estimated, _expressions(doc))
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
            value = parse_date(expression.text, self.anchor, future=future, reference=reference)
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
        phrase = _clean(expression.text)
        if _MONTH_RE.search(phrase) or _YEAR_RE.search(phrase) or _is_relative(phrase):
            return value
        return when[:7], DatePrecision.MONTH  # fmt: skip


def _expressions(doc: Doc) -> list[Expression]:
    """DATE entities, then pattern matches they do not cover, in text order; dates in a
    dateline are left out."""
    text = doc.text
    ents = [e for e in doc.ents if e.label_ == "DATE" and not _in_dateline(text, e)]
    found = [Expression(e.text, e.start_char, e.end_char, e.root) for e in ents]
    taken = [(e.start_char, e.end_char) for e in ents]
    for match in _FALLBACK_RE.finditer(text):
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
    found = [c for x in inside if (c := _candidate(x, trigger, chain)) is not None]
    return sorted(found, key=lambda c: c.rank)


def _candidate(
    expression: Expression, trigger: Token, chain: Sequence[tuple[Token, str]]
) -> _Candidate | None:
    root = expression.root
    distance = min(abs(expression.start - trigger.idx), abs(expression.end - trigger.idx))
    if root is None:
        return _Candidate(expression, (3, distance), False)
    owner = _owner_noun(root, trigger)
    if owner is not None and not (_is_setting(owner) or _described_by(owner, trigger)):
        return None  # "condemned the April 22 attack": the attack's date
    if _within_trigger(root, trigger):
        return _Candidate(expression, (0, distance), False)
    head = clause_head(root)
    for verb, link in chain:
        if head.i == verb.i:
            rank = {"own": 0, "conj": 1, "governor": 1, "adverbial": 2, "speech": 2}[link]
            return _Candidate(expression, (rank, distance), link == "speech")
    if head.i != trigger.i and any(a.i == clause_head(trigger).i for a in head.ancestors):
        return None  # in a clause below the trigger's: a relative or complement clause
    if any(d.dep_ in ("relcl", "acl") for d in _path_up(root, head)):
        return None
    return _Candidate(expression, (3, distance), False)


def _within_trigger(root: Token, trigger: Token) -> bool:
    """The expression sits in the trigger's own phrase, below no other verb: "talks on
    Friday", "Monday's meeting", "met on Monday"."""
    for token in (root, *root.ancestors):
        if token.i == trigger.i:
            return True
        if token.pos_ in ("VERB", "AUX"):
            return False
    return False


def _owner_noun(root: Token, trigger: Token) -> Token | None:
    """The noun an expression dates when it modifies one ("the April 22 attack",
    "last month's summit"), unless that noun is the trigger."""
    head = root.head  # a name is never dated so ("On Thursday Ms Sherman met ...")
    if root.dep_ in ("compound", "amod", "nmod", "poss") and head.pos_ == "NOUN":
        return None if head.i == trigger.i else head
    return None


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


def date_window(value: str | None, precision: DatePrecision | str) -> tuple[date, date] | None:
    """The days an event dated ``value`` with ``precision`` may have happened on: a day, the
    seven days of a week from its Monday, a month, a year; for a publication-date stand-in
    (precision ``unknown``), the :data:`UNKNOWN_WINDOW_DAYS` days up to it. None if there
    is no date."""
    if not value:
        return None
    try:
        if precision == "day" and len(value) == 10:  # the common case, kept cheap
            day = date.fromisoformat(value)
            return day, day
        kind = _PRECISIONS[precision]
        parts = [int(p) for p in value[:10].split("-")]
        if len(parts) == 1:
            return date(parts[0], 1, 1), date(parts[0], 12, 31)
        if len(parts) == 2:
            first = date(parts[0], parts[1], 1)
            return first, (first + timedelta(days=32)).replace(day=1) - timedelta(days=1)
        day = date(*parts)
    except (KeyError, ValueError):
        return None
    if kind is DatePrecision.WEEK:
        return day, day + timedelta(days=6)
    if kind is DatePrecision.UNKNOWN:
        return day - timedelta(days=UNKNOWN_WINDOW_DAYS), day
    return day, day


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


def _start(value: Parsed) -> date | None:
    """The first day of a resolved date that carries its own year and a day or month."""
    when, precision = value
    if when is None or precision not in (DatePrecision.DAY, DatePrecision.MONTH):
        return None
    parts = [int(p) for p in when.split("-")]
    return date(parts[0], parts[1], parts[2] if len(parts) > 2 else 1)


# --- resolving one expression ------------------------------------------------------------


def _clean(text: str) -> str:
    phrase = " ".join(text.lower().replace("’", "'").split()).strip(" ,.;:")
    return _LEADING.sub("", phrase)


def _is_relative(phrase: str) -> bool:
    return any(p.match(phrase) for p in (_NEXT_RE, _DAY_OF_RE, _SAME_RE, _SHIFT_RE))


def _relative(phrase: str, reference: Parsed | None) -> Parsed | None:
    """ "the next day", "two days later", "the same day", "a year earlier", "later that
    year": counted from ``reference``; None when ``phrase`` is not such an expression,
    NOT_FOUND when it is but the reference is missing or too coarse."""
    step = _relative_step(phrase)
    if step is None:
        return None
    count, unit = step
    base = _reference_day(reference, unit)
    if base is None:
        return NOT_FOUND
    if unit == "day":
        return _day(base + timedelta(days=count))
    if unit == "week":
        monday = base - timedelta(days=base.weekday()) + timedelta(weeks=count)
        return monday.isoformat(), DatePrecision.WEEK
    if unit == "month":
        year, month = _add_months(base.year, base.month, count)
        return f"{year:04d}-{month:02d}", DatePrecision.MONTH
    return str(base.year + count), DatePrecision.YEAR


def _relative_step(phrase: str) -> tuple[int, str] | None:
    """(how many units forward, unit) of a relative expression, or None."""
    if match := _NEXT_RE.match(phrase):
        word, unit = (match[1], match[2]) if match[1] else (match[3], match[4])
        return (1 if word in ("next", "following") else -1), _unit(unit)
    if match := _DAY_OF_RE.match(phrase):
        return (1 if match[1] == "after" else -1), "day"
    if match := _SAME_RE.match(phrase):
        return 0, _unit(match[1])
    if match := _SHIFT_RE.match(phrase):
        count = int(match[1]) if match[1].isdigit() else _WORD_NUMBERS[match[1]]
        sign = -1 if match[3] in ("earlier", "before") else 1
        return sign * count, match[2].rstrip("s")
    return None


def _unit(word: str) -> str:
    return word if word in ("week", "month", "year") else "day"


def _reference_day(reference: Parsed | None, unit: str) -> date | None:
    """The reference's first day, if it is fine enough for ``unit`` steps."""
    if reference is None or reference[0] is None:
        return None
    needed = {"day": (DatePrecision.DAY,), "week": (DatePrecision.DAY, DatePrecision.WEEK),
              "month": (DatePrecision.DAY, DatePrecision.WEEK, DatePrecision.MONTH)}  # fmt: skip
    if unit in needed and reference[1] not in needed[unit]:
        return None
    parts = [int(p) for p in reference[0].split("-")]
    return date(parts[0], parts[1] if len(parts) > 1 else 1, parts[2] if len(parts) > 2 else 1)


def _iso(phrase: str, anchor: date | None, future: bool) -> Parsed | None:
    match = _ISO_RE.search(phrase)
    if not match:
        return None
    day = _safe_date(int(match[1]), int(match[2]), int(match[3]))
    return (day.isoformat(), DatePrecision.DAY) if day else NOT_FOUND


def _numeric(phrase: str, anchor: date | None, future: bool) -> Parsed | None:
    """ "14/12/2023" (day first) or "12/14/2023" (month first); ambiguous ones keep the year."""
    match = _NUMERIC_RE.search(phrase)
    if not match:
        return None
    first, second, year = int(match[1]), int(match[2]), int(match[3])
    if first <= 12 and second <= 12 and first != second:
        return str(year), DatePrecision.YEAR
    found = _safe_date(year, second, first) or _safe_date(year, first, second)
    return _day(found) if found else NOT_FOUND


def _same_day(phrase: str, anchor: date | None, future: bool) -> Parsed | None:
    shifts = {"day before yesterday": -2, "yesterday": -1, "last night": -1, "tomorrow": 1}
    shift = next((v for k, v in shifts.items() if k in phrase), None)
    if shift is None and not any(word in phrase for word in _SAME_DAY):
        return None
    if anchor is None:
        return NOT_FOUND
    return (anchor + timedelta(days=shift or 0)).isoformat(), DatePrecision.DAY


def _weekday(phrase: str, anchor: date | None, future: bool) -> Parsed | None:
    match = _WEEKDAY_RE.search(phrase)
    if not match or _MONTH_RE.search(phrase) or _YEAR_RE.search(phrase):
        return None
    if anchor is None:
        return NOT_FOUND
    target = _WEEKDAYS.index(match[2])
    qualifier = match[1]
    if qualifier in ("last", "past", "previous"):
        return _day(anchor - timedelta(days=(anchor.weekday() - target - 1) % 7 + 1))
    if qualifier in ("next", "coming"):
        return _day(anchor + timedelta(days=(target - anchor.weekday() - 1) % 7 + 1))
    if future:
        return _day(anchor + timedelta(days=(target - anchor.weekday()) % 7))
    return _day(anchor - timedelta(days=(anchor.weekday() - target) % 7))


def _period(phrase: str, anchor: date | None, future: bool) -> Parsed | None:
    match = _PERIOD_RE.search(phrase)
    if not match or _MONTH_RE.search(phrase):
        return None
    if anchor is None:
        return NOT_FOUND
    step = {"last": -1, "past": -1, "previous": -1, "next": 1, "coming": 1}.get(match[1], 0)
    unit = match[2]
    if unit == "week":
        monday = anchor - timedelta(days=anchor.weekday()) + timedelta(weeks=step)
        return monday.isoformat(), DatePrecision.WEEK
    if unit == "month":
        year, month = _add_months(anchor.year, anchor.month, step)
        return f"{year:04d}-{month:02d}", DatePrecision.MONTH
    return str(anchor.year + step), DatePrecision.YEAR


def _ago(phrase: str, anchor: date | None, future: bool) -> Parsed | None:
    match = _AGO_RE.search(phrase)
    if not match:
        return None
    count = int(match[1]) if match[1].isdigit() else _WORD_NUMBERS.get(match[1])
    if anchor is None or count is None:
        return NOT_FOUND
    unit = match[2].rstrip("s")
    if unit == "day":
        return _day(anchor - timedelta(days=count))
    if unit in ("week", "fortnight"):
        weeks = count * (2 if unit == "fortnight" else 1)
        monday = anchor - timedelta(days=anchor.weekday(), weeks=weeks)
        return monday.isoformat(), DatePrecision.WEEK
    if unit == "month":
        year, month = _add_months(anchor.year, anchor.month, -count)
        return f"{year:04d}-{month:02d}", DatePrecision.MONTH
    return (str(anchor.year - count), DatePrecision.YEAR) if unit == "year" else NOT_FOUND


def _calendar(phrase: str, anchor: date | None, future: bool) -> Parsed | None:
    """Month names, days and four-digit years: "14 December", "Dec. 2023", "in 2019"."""
    holiday = next((v for k, v in _HOLIDAYS.items() if k in phrase), None)
    if holiday is not None:
        return _holiday(phrase, holiday, anchor, future)
    month_match = _MONTH_RE.search(phrase)
    year_match = _YEAR_RE.search(phrase)
    if not month_match:
        return (year_match[1], DatePrecision.YEAR) if year_match else None
    month = _month_number(month_match[1])
    rest = _YEAR_RE.sub(" ", _MONTH_RE.sub(" ", phrase))
    day_match = _DAY_RE.search(rest)
    day = int(day_match[1]) if day_match and 1 <= int(day_match[1]) <= 31 else None
    if year_match:
        return _calendar_with_year(int(year_match[1]), month, day)
    if anchor is None:
        return NOT_FOUND
    shift = _year_shift(phrase)
    if shift is not None:
        return _calendar_with_year(anchor.year + shift, month, day)
    backward = phrase.startswith(("last", "past", "previous"))
    forward = phrase.startswith(("next", "coming")) or (future and not backward)
    return _calendar_without_year(anchor, month, day, forward, backward)


def _holiday(phrase: str, day: tuple[int, int], anchor: date | None, future: bool) -> Parsed:
    """ "New Year's Day", "Christmas Eve": a fixed month and day."""
    year_match = _YEAR_RE.search(phrase)
    if year_match:
        return _calendar_with_year(int(year_match[1]), *day)
    if anchor is None:
        return NOT_FOUND
    return _calendar_without_year(anchor, day[0], day[1], future, False)


def _year_shift(phrase: str) -> int | None:
    """ "November last year" → -1, "March next year" → +1, "June this year" → 0."""
    match = re.search(r"\b(last|previous|this|next) year\b", phrase)
    return None if match is None else {"last": -1, "previous": -1, "next": 1}.get(match[1], 0)


def _calendar_with_year(year: int, month: int, day: int | None) -> Parsed:
    if day is None:
        return f"{year:04d}-{month:02d}", DatePrecision.MONTH
    found = _safe_date(year, month, day)
    return _day(found) if found else NOT_FOUND


def _calendar_without_year(
    anchor: date, month: int, day: int | None, forward: bool, strictly_past: bool
) -> Parsed:
    """Pick the year: the latest occurrence on/before the anchor, or the first on/after."""
    key = (month, day or 1)
    now = (anchor.month, anchor.day if day else 1)
    if forward:
        year = anchor.year if key >= now else anchor.year + 1
    else:
        year = anchor.year if (key < now if strictly_past else key <= now) else anchor.year - 1
    return _calendar_with_year(year, month, day)


def _dateparser_fallback(phrase: str, anchor: date | None, future: bool) -> Parsed:
    """Only for expressions with a digit or "ago": elsewhere dateparser mostly misreads."""
    if not re.search(r"\d|\bago\b", phrase):
        return NOT_FOUND
    import dateparser

    settings: dict[str, object] = {
        "PREFER_DATES_FROM": "future" if future else "past",
        "RETURN_TIME_AS_PERIOD": True,
        "REQUIRE_PARTS": [],
    }
    if anchor is not None:
        settings["RELATIVE_BASE"] = datetime(anchor.year, anchor.month, anchor.day)
    data = dateparser.date.DateDataParser(languages=["en"], settings=settings).get_date_data(phrase)
    parts: tuple[str, ...] = getattr(data, "parts", ()) or ()  # not in the type stubs
    if data.date_obj is None or "time" in parts:
        return NOT_FOUND
    if anchor is None and "year" not in parts:
        return NOT_FOUND
    return _from_period(data.date_obj.date(), data.period)


def _from_period(found: date, period: str | None) -> Parsed:
    if period == "week":
        return (found - timedelta(days=found.weekday())).isoformat(), DatePrecision.WEEK
    if period == "month":
        return f"{found.year:04d}-{found.month:02d}", DatePrecision.MONTH
    if period == "year":
        return str(found.year), DatePrecision.YEAR
    return _day(found) if period == "day" else NOT_FOUND


# --- small helpers -----------------------------------------------------------------------


def _day(found: date) -> Parsed:
    return found.isoformat(), DatePrecision.DAY


def _safe_date(year: int, month: int, day: int) -> date | None:
    if not 1 <= month <= 12 or not 1 <= day <= calendar.monthrange(year, month)[1]:
        return None
    return date(year, month, day)


def _month_number(name: str) -> int:
    return next(i for i in range(1, 13) if name.startswith(calendar.month_abbr[i].lower()))


def _add_months(year: int, month: int, step: int) -> tuple[int, int]:
    index = year * 12 + month - 1 + step
    return index // 12, index % 12 + 1


_RULES: tuple[Callable[[str, date | None, bool], Parsed | None], ...] = (
    _iso,
    _numeric,
    _same_day,
    _weekday,
    _ago,
    _period,
    _calendar,
)
