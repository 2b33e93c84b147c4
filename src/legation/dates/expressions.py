"""Resolving one temporal expression (the rules behind :func:`parse_date`): ISO and numeric
dates, "today"/"yesterday", weekdays, "last week"/"this month", "N days ago", month names with or
without a day and year, holidays, and expressions relative to the date a text established
("the next day", "two days later", "a year earlier"). See :mod:`legation.dates` for the
conventions.

Month and weekday names, ordinal suffixes and the expressions the model misses come from the
language (:mod:`legation.lang`, compiled once per language by :func:`words`); the grammar of
relative expressions below (qualifiers, units, "ago", holidays) is still English.
"""

from __future__ import annotations

import calendar
import re
from collections.abc import Callable, Mapping
from datetime import date, datetime, timedelta
from functools import cache
from types import MappingProxyType
from typing import NamedTuple

from ..lang import Language, language
from ..model import DatePrecision

Parsed = tuple[str | None, DatePrecision]
NOT_FOUND: Parsed = (None, DatePrecision.UNKNOWN)

_YEAR_RE = re.compile(r"(?<![\d-])(1[5-9]\d\d|20\d\d)(?!\d|s\b|'s\b)")
_ISO_RE = re.compile(r"\b(\d{4})-(\d{2})-(\d{2})\b")
_NUMERIC_RE = re.compile(r"\b(\d{1,2})[/.](\d{1,2})[/.](\d{4})\b")
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
#: An event whose sentence gives no date carries its report's publication date as a stand-in
#: (precision ``unknown``); it may have happened up to this many days before.
UNKNOWN_WINDOW_DAYS = 3
_PRECISIONS: Mapping[str, DatePrecision] = MappingProxyType({p.value: p for p in DatePrecision})


class Words(NamedTuple):
    """One language's names in the patterns that match lower-cased expressions."""

    lang: Language
    month: re.Pattern[str]  # a month's name or abbreviation ("dec.", "september")
    day: re.Pattern[str]  # a day of the month ("14", "14th")
    weekdays: tuple[str, ...]  # lower case, Monday first
    weekday: re.Pattern[str]  # "last friday": (qualifier, weekday)


@cache
def words(lang: Language) -> Words:
    """The patterns of :func:`parse_date` for ``lang`` (compiled once per language)."""
    weekdays = tuple(name.lower() for name in lang.weekdays)
    return Words(
        lang,
        re.compile(rf"\b((?i:{lang.month_pattern}))\b\.?"),
        re.compile(rf"\b([0-3]?\d){lang.ordinal_suffix}?\b"),
        weekdays,
        re.compile(rf"\b(?:(last|next|this|past|previous|coming) )?({'|'.join(weekdays)})\b"),
    )


@cache
def date_patterns(lang: Language) -> re.Pattern[str]:
    """The date expressions of ``lang`` the small model sometimes misses as DATE entities."""
    return re.compile(lang.date_expressions)


def parse_date(
    text: str,
    anchor: date | None,
    *,
    future: bool = False,
    reference: Parsed | None = None,
    lang: Language | None = None,
) -> Parsed:
    """Resolve one temporal expression ("on Wednesday", "in December 2023", "last week",
    "the next day").

    ``anchor`` is the publication date; ``future`` resolves weekdays and year-less dates
    forward (for hypothetical events); ``reference`` is the date the document established
    last, for "the next day", "two days later", "later that year"; names are read in
    ``lang`` (default English). Returns ``(None, UNKNOWN)`` when ``text`` is not a date (a
    duration, a decade) or needs an anchor or a reference that is missing."""
    phrase = _clean(text)
    if not phrase or _DECADE_RE.search(phrase) or _RANGE_RE.search(phrase):
        return NOT_FOUND
    relative = _relative(phrase, reference)
    if relative is not None:
        return relative
    if _DURATION_RE.search(phrase) and not _AGO_RE.search(phrase):
        return NOT_FOUND
    names = words(lang or language())
    for rule in _RULES:
        parsed = rule(phrase, anchor, future, names)
        if parsed is not None:
            return parsed
    return _dateparser_fallback(phrase, anchor, future, names.lang)


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


def first_day(value: Parsed) -> date | None:
    """The first day of a resolved date that carries its own year and a day or month."""
    when, precision = value
    if when is None or precision not in (DatePrecision.DAY, DatePrecision.MONTH):
        return None
    parts = [int(p) for p in when.split("-")]
    return date(parts[0], parts[1], parts[2] if len(parts) > 2 else 1)


def deictic(text: str, lang: Language | None = None) -> bool:
    """Whether an expression counts from the publication date ("on Monday", "last week")
    rather than naming its month or year or counting from an earlier date of the text."""
    phrase = _clean(text)
    month = words(lang or language()).month
    return not (month.search(phrase) or _YEAR_RE.search(phrase) or _is_relative(phrase))


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


def _iso(phrase: str, anchor: date | None, future: bool, names: Words) -> Parsed | None:
    match = _ISO_RE.search(phrase)
    if not match:
        return None
    day = _safe_date(int(match[1]), int(match[2]), int(match[3]))
    return (day.isoformat(), DatePrecision.DAY) if day else NOT_FOUND


def _numeric(phrase: str, anchor: date | None, future: bool, names: Words) -> Parsed | None:
    """ "14/12/2023" (day first) or "12/14/2023" (month first); ambiguous ones keep the year."""
    match = _NUMERIC_RE.search(phrase)
    if not match:
        return None
    first, second, year = int(match[1]), int(match[2]), int(match[3])
    if first <= 12 and second <= 12 and first != second:
        return str(year), DatePrecision.YEAR
    found = _safe_date(year, second, first) or _safe_date(year, first, second)
    return _day(found) if found else NOT_FOUND


def _same_day(phrase: str, anchor: date | None, future: bool, names: Words) -> Parsed | None:
    shifts = {"day before yesterday": -2, "yesterday": -1, "last night": -1, "tomorrow": 1}
    shift = next((v for k, v in shifts.items() if k in phrase), None)
    if shift is None and not any(word in phrase for word in _SAME_DAY):
        return None
    if anchor is None:
        return NOT_FOUND
    return (anchor + timedelta(days=shift or 0)).isoformat(), DatePrecision.DAY


def _weekday(phrase: str, anchor: date | None, future: bool, names: Words) -> Parsed | None:
    match = names.weekday.search(phrase)
    if not match or names.month.search(phrase) or _YEAR_RE.search(phrase):
        return None
    if anchor is None:
        return NOT_FOUND
    target = names.weekdays.index(match[2])
    qualifier = match[1]
    if qualifier in ("last", "past", "previous"):
        return _day(anchor - timedelta(days=(anchor.weekday() - target - 1) % 7 + 1))
    if qualifier in ("next", "coming"):
        return _day(anchor + timedelta(days=(target - anchor.weekday() - 1) % 7 + 1))
    if future:
        return _day(anchor + timedelta(days=(target - anchor.weekday()) % 7))
    return _day(anchor - timedelta(days=(anchor.weekday() - target) % 7))


def _period(phrase: str, anchor: date | None, future: bool, names: Words) -> Parsed | None:
    match = _PERIOD_RE.search(phrase)
    if not match or names.month.search(phrase):
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


def _ago(phrase: str, anchor: date | None, future: bool, names: Words) -> Parsed | None:
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


def _calendar(phrase: str, anchor: date | None, future: bool, names: Words) -> Parsed | None:
    """Month names, days and four-digit years: "14 December", "Dec. 2023", "in 2019"."""
    holiday = next((v for k, v in _HOLIDAYS.items() if k in phrase), None)
    if holiday is not None:
        return _holiday(phrase, holiday, anchor, future)
    month_match = names.month.search(phrase)
    year_match = _YEAR_RE.search(phrase)
    if not month_match:
        return (year_match[1], DatePrecision.YEAR) if year_match else None
    month = names.lang.month_number(month_match[1])
    if month is None:
        return None
    rest = _YEAR_RE.sub(" ", names.month.sub(" ", phrase))
    day_match = names.day.search(rest)
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


def _dateparser_fallback(phrase: str, anchor: date | None, future: bool, lang: Language) -> Parsed:
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
    parser = dateparser.date.DateDataParser(
        languages=list(lang.dateparser_languages), settings=settings
    )
    data = parser.get_date_data(phrase)
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


def _add_months(year: int, month: int, step: int) -> tuple[int, int]:
    index = year * 12 + month - 1 + step
    return index // 12, index % 12 + 1


_RULES: tuple[Callable[[str, date | None, bool, Words], Parsed | None], ...] = (
    _iso,
    _numeric,
    _same_day,
    _weekday,
    _ago,
    _period,
    _calendar,
)
