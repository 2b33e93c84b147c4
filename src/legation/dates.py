"""The dates stage: each event's date, read from its sentence and anchored on publication.

``assign_dates`` looks for a temporal expression in the event's sentence — spaCy ``DATE``
entities first (the one attached to the trigger's clause wins, then the one closest to the
trigger), then a few capitalised patterns the small model sometimes misses — and resolves it
with :func:`parse_date` against the document's publication date.

Conventions (every rule below has a test in ``tests/test_dates.py``):

- ``date`` is an ISO day (``"2023-12-14"``), month (``"2023-12"``) or year (``"2019"``);
  ``date_precision`` says which (``day``/``week``/``month``/``year``).
- A week (``"last week"``, ``"this week"``) is given as the ISO date of its Monday, with
  precision ``week``.
- Weekdays and year-less dates resolve in the event's direction: for a past event ("met on
  Wednesday") the most recent such day *on or before* publication; for a hypothetical event
  (``Event.hypothetical``: planned, expected, recommended) the first one *on or after* it.
  ``last``/``next`` force the direction and exclude the publication day itself.
- Decades ("the 1980s"), durations ("75 years", "two weeks") and ranges ("2019-20") are not
  dates: they are skipped, and the next candidate expression is tried.
- **No expression in the sentence**: a current or negated event gets the publication date
  as a stand-in, with precision ``unknown`` (the text did not say; the report is the best
  bound there is, and dedup and timelines can still place it). Historical and hypothetical
  events get no date (``None``/``unknown``): the publication date would be wrong for them.
  Without a publication date, relative expressions ("on Wednesday") cannot be resolved and
  the event keeps ``None``/``unknown`` unless an absolute date is found.

``dateparser`` is only a fallback for the odd forms the rules here do not cover (it is slow
and reads durations as dates), and only ever sees a short expression, cached per call.
"""

from __future__ import annotations

import bisect
import calendar
import re
from collections.abc import Callable, Iterator, Mapping
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from types import MappingProxyType
from typing import TYPE_CHECKING

from .model import DatePrecision, Event

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
    {
        "a": 1,
        "an": 1,
        "one": 1,
        "two": 2,
        "three": 3,
        "four": 4,
        "five": 5,
        "six": 6,
        "seven": 7,
        "eight": 8,
        "nine": 9,
        "ten": 10,
    }
)
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
    r"|[Ii]n (?:1[5-9]|20)\d\d\b(?!s))"
)


def assign_dates(events: list[Event], doc: Doc, published: date | None) -> list[Event]:
    """Return ``events`` with ``date`` and ``date_precision`` filled (see the module doc)."""
    if not events:
        return events
    cache: dict[tuple[str, bool], Parsed] = {}
    found = _DocDates.of(doc)
    return [_date_event(event, found, published, cache) for event in events]


def parse_date(text: str, anchor: date | None, *, future: bool = False) -> Parsed:
    """Resolve one temporal expression ("on Wednesday", "in December 2023", "last week").

    ``anchor`` is the publication date; ``future`` resolves weekdays and year-less dates
    forward (for hypothetical events). Returns ``(None, UNKNOWN)`` when ``text`` is not a
    date (a duration, a decade) or needs an anchor that is missing."""
    phrase = _clean(text)
    if not phrase or _DECADE_RE.search(phrase) or _RANGE_RE.search(phrase):
        return NOT_FOUND
    if _DURATION_RE.search(phrase) and not _AGO_RE.search(phrase):
        return NOT_FOUND
    for rule in _RULES:
        parsed = rule(phrase, anchor, future)
        if parsed is not None:
            return parsed
    return _dateparser_fallback(phrase, anchor, future)


# --- choosing the expression -------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class _DocDates:
    """What every event of one document looks up: its text and its DATE entities that are
    not the date of a dateline, read once per document rather than once per event."""

    doc: Doc
    dates: list[Span]

    @classmethod
    def of(cls, doc: Doc) -> _DocDates:
        text = doc.text
        ents = [ent for ent in doc.ents if ent.label_ == "DATE" and not _in_dateline(text, ent)]
        return cls(doc, ents)


def _date_event(
    event: Event, doc: _DocDates, published: date | None, cache: dict[tuple[str, bool], Parsed]
) -> Event:
    future = event.hypothetical
    for text in _candidates(event, doc):
        key = (text, future)
        if key not in cache:
            cache[key] = parse_date(text, published, future=future)
        value, precision = cache[key]
        if value is not None:
            return event.evolve(date=value, date_precision=precision)
    return event.evolve(date=_default_date(event, published), date_precision=DatePrecision.UNKNOWN)


def _default_date(event: Event, published: date | None) -> str | None:
    if published is None or event.historical or event.hypothetical:
        return None
    return published.isoformat()


def _candidates(event: Event, doc: _DocDates) -> Iterator[str]:
    """Expressions to try, best first: DATE entities ranked, then pattern matches."""
    entities = _sentence_dates(event, doc)
    yield from (ent.text for ent in entities)
    taken = [(ent.start_char, ent.end_char) for ent in entities]
    yield from _pattern_dates(event, taken)


def _sentence_dates(event: Event, doc: _DocDates) -> list[Span]:
    start, end = event.sentence.start, event.sentence.end
    ents = [ent for ent in doc.dates if start <= ent.start_char and ent.end_char <= end]
    if not ents:
        return ents
    trigger = _token_at(doc.doc, event.trigger.start)
    return sorted(ents, key=lambda ent: _rank(ent, trigger, event.trigger.start))


def _pattern_dates(event: Event, taken: list[tuple[int, int]]) -> list[str]:
    offset, pos = event.sentence.start, event.trigger.start
    found = [
        (abs(m.start() + offset - pos), m.group(0))
        for m in _FALLBACK_RE.finditer(event.sentence.text)
        if not any(s < m.end() + offset and m.start() + offset < e for s, e in taken)
    ]
    return [text for _, text in sorted(found)]


def _rank(ent: Span, trigger: Token | None, pos: int) -> tuple[int, int]:
    distance = min(abs(ent.start_char - pos), abs(ent.end_char - pos))
    if trigger is None:
        return (2, distance)
    if _describes_other_noun(ent, trigger):
        return (3, distance)
    if any(t.i == trigger.i for t in ent.root.ancestors):
        return (0, distance)
    if _clause_head(ent.root).i == _clause_head(trigger).i:
        return (1, distance)
    return (2, distance)


def _describes_other_noun(ent: Span, trigger: Token) -> bool:
    """ "the April 22 attack", "Monday's meeting": the date belongs to another noun."""
    head = ent.root.head
    return (
        ent.root.dep_ in ("compound", "amod", "nmod", "poss")
        and head.pos_ in ("NOUN", "PROPN")
        and head.i != trigger.i
    )


def _clause_head(token: Token) -> Token:
    """The nearest verb at or above ``token`` (the clause it belongs to)."""
    while token.pos_ not in ("VERB", "AUX") and token.head.i != token.i:
        token = token.head
    return token


def _token_at(doc: Doc, char: int) -> Token | None:
    """The token covering character ``char`` (a binary search: tokens are in text order)."""
    i = bisect.bisect_right(doc, char, key=lambda token: token.idx) - 1
    if i < 0:
        return None
    token: Token = doc[i]
    return token if char < token.idx + max(len(token.text), 1) else None


def _in_dateline(text: str, ent: Span) -> bool:
    """A date in "ISLAMABAD, Dec 15, 2023 —" is when the report was filed, not the event."""
    line_start = text.rfind("\n", 0, ent.start_char) + 1
    if ent.start_char - line_start > 60:
        return False
    return bool(_DATELINE_TAIL.match(text[ent.end_char : ent.end_char + 60]))


# --- resolving one expression ------------------------------------------------------------


def _clean(text: str) -> str:
    phrase = " ".join(text.lower().replace("’", "'").split()).strip(" ,.;:")
    return _LEADING.sub("", phrase)


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
