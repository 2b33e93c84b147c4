"""Publication dates: a record's ``published`` value, HTML metadata, or the text's dateline.

A relative word ("yesterday", "3 days ago", "today", "last week") is a date only against
another date. Legation reads it only against a date the record itself gives (its
``retrieved`` field: when the page was fetched), never against the machine's clock, where it
would silently become the day the corpus happened to be coded. Without one it is refused
with a reason (:func:`read_published`).
"""

from __future__ import annotations

import re
from datetime import date, datetime
from functools import cache
from typing import Any, NamedTuple

from ..lang import Language, language

#: dateparser's parsers for absolute dates (its relative-time parser is asked separately).
_ABSOLUTE = ["timestamp", "custom-formats", "absolute-time"]
_RELATIVE = ["relative-time"]


def parse_date(value: str, base: date | None = None, lang: Language | None = None) -> date | None:
    """Parse an ISO or common written date ("15 Dec 2023", "December 15, 2023"); a relative
    one ("yesterday", "2 days ago") only against ``base``; None if not a date. Words are
    read in ``lang`` (default English)."""
    value = value.strip()
    if not value:
        return None
    try:
        return datetime.fromisoformat(value.replace("Z", "+00:00")).date()
    except ValueError:
        pass
    lang = lang or language()
    found = _dateparser(value, _ABSOLUTE, lang)
    if found is None and base is not None:
        found = _dateparser(value, _RELATIVE, lang, base)
    return found


def is_relative(value: str, lang: Language | None = None) -> bool:
    """Whether ``value`` is a date relative to another ("yesterday", "3 days ago")."""
    return (
        bool(value.strip())
        and _dateparser(value.strip(), _RELATIVE, lang or language(), date(2000, 1, 1)) is not None
    )


def read_published(
    value: str, retrieved: str | None, lang: Language | None = None
) -> tuple[date | None, str | None]:
    """A record's ``published`` value as a date, and what to tell the user about it.

    Absolute: (date, None). Relative with a readable ``retrieved`` date: (the date counted
    from it, a note saying so). Otherwise (None, why it was not used)."""
    found = parse_date(value, lang=lang)
    if found is not None:
        return found, None
    if not is_relative(value, lang):
        return None, f"published {value!r} is not a date Legation can read (use YYYY-MM-DD)"
    base = parse_date(retrieved, lang=lang) if retrieved else None
    if base is None:
        why = (
            f"the record's retrieved value {retrieved!r} is not a date"
            if retrieved
            else ("the record gives no date to count from")
        )
        return None, (
            f"published {value!r} is relative and {why}; give the date (YYYY-MM-DD), or a "
            "'retrieved' date to count from"
        )
    resolved = parse_date(value, base, lang)
    detail = f"published {value!r} was counted from the record's retrieved date {base}: {resolved}"
    return resolved, detail


def _dateparser(
    value: str, parsers: list[str], lang: Language, base: date | None = None
) -> date | None:
    import dateparser

    settings: dict[str, Any] = {
        "REQUIRE_PARTS": ["day", "month", "year"],
        "RETURN_AS_TIMEZONE_AWARE": False,
        "DATE_ORDER": "DMY" if re.match(r"\d{1,2}\s", value) else "MDY",
        "PARSERS": parsers,
    }
    if base is not None:
        settings["RELATIVE_BASE"] = datetime(base.year, base.month, base.day)
    try:
        found = dateparser.parse(
            value,
            languages=list(lang.dateparser_languages),
            settings=settings,  # type: ignore[arg-type]
        )
    except (ValueError, OverflowError, TypeError):
        return None
    return found.date() if found else None


# --------------------------------------------------------------------------- datelines

_DATELINE_WINDOW = 300


class _Datelines(NamedTuple):
    """One language's patterns for a date at the top of a text, in the order tried."""

    labelled: re.Pattern[str]  # "Published: 2023-12-15"
    dateline: re.Pattern[str]  # "ISLAMABAD, Dec 15 (Reuters) -"
    any_date: re.Pattern[str]  # "Dec 15, 2023"


@cache
def _datelines(lang: Language) -> _Datelines:
    month = rf"(?:{lang.month_pattern})\.?"
    day = rf"\d{{1,2}}{lang.ordinal_suffix}?"
    when = (
        rf"(?:\d{{4}}-\d{{2}}-\d{{2}}|{month}\s+{day}(?:,?\s+\d{{4}})?"
        rf"|{day}\s+{month},?(?:\s+\d{{4}})?)"
    )
    weekday = lang.weekday_prefix
    return _Datelines(
        re.compile(rf"{lang.dateline_label}\s*[:\-–—]?\s*{weekday}(?P<date>{when})", re.IGNORECASE),
        re.compile(
            rf"^[ \t]*[A-Z][A-Z .'’/-]{{2,40}}(?:\([^)\n]*\))?\s*[,:—–-]\s*"
            rf"{weekday}(?P<date>{when})",
            re.MULTILINE,
        ),
        re.compile(rf"\b(?P<date>{when})\b"),
    )


#: A byline's numeric date, read day first ("16.07.2025", "16/07/2025") when the day is
#: above 12; an ambiguous one ("03/04/2025") is not used.
_NUMERIC_DATE = re.compile(r"(?<![\d./])(?P<date>\d{1,2}[./]\d{1,2}[./](?:19|20)\d\d)(?![\d./])")
_URL_DATE = re.compile(r"(?<!\d)(?P<y>(?:19|20)\d\d)[/_-](?P<m>[01]?\d)[/_-](?P<d>[0-3]?\d)(?!\d)")
_URL_COMPACT = re.compile(r"(?<!\d)(?P<y>(?:19|20)\d\d)(?P<m>[01]\d)(?P<d>[0-3]\d)(?!\d)")
_YEAR = re.compile(r"\b(19[5-9]\d|20\d\d)\b")


def find_dateline(text: str, lang: Language | None = None) -> date | None:
    """The publication date stated at the top of a text, if any.

    Looks in the first 300 characters for, in order: a labelled date ("Published: 2023-12-15"),
    a dateline ("ISLAMABAD, Dec 15 (Reuters) -", "WASHINGTON — December 14, 2023:"), then any
    full date ("Dec 15, 2023"), then a numeric one whose day comes first unambiguously
    ("16.07.2025"). A dateline without a year takes the year only when exactly one year is
    written in the window; otherwise it is not used."""
    lang = lang or language()
    head = text[:_DATELINE_WINDOW]
    for pattern in (*_datelines(lang), _NUMERIC_DATE):
        for match in pattern.finditer(head):
            found = _date_from_match(match.group("date"), _only_year(head), lang)
            if found is not None:
                return found
    return None


def url_date(url: str) -> date | None:
    """The publication date a URL's path carries, if any: ``/2024/11/14/``,
    ``/2024-11-14-title``, ``/20241114/``, ``?date=2024-11-14``."""
    for pattern in (_URL_DATE, _URL_COMPACT):
        for match in pattern.finditer(url):
            try:
                return date(int(match["y"]), int(match["m"]), int(match["d"]))
            except ValueError:
                continue
    return None


def _only_year(head: str) -> int | None:
    years = set(_YEAR.findall(head))
    return int(years.pop()) if len(years) == 1 else None


def _date_from_match(text: str, default_year: int | None, lang: Language) -> date | None:
    """Build a date from a regex-found candidate; a missing year takes ``default_year``."""
    if re.fullmatch(r"\d{4}-\d{2}-\d{2}", text):
        return parse_date(text, lang=lang)
    if re.fullmatch(r"\d{1,2}[./]\d{1,2}[./]\d{4}", text):
        return _numeric_date(text)
    month_word = re.search(r"[^\W\d_]{3,}", text)  # the month's name: a suffix is shorter
    numbers = [int(n) for n in re.findall(r"\d+", text)]
    if month_word is None or not numbers:
        return None
    year = next((n for n in numbers if n > 31), default_year)
    month = lang.month_number(month_word.group())
    try:
        return date(year, month, numbers[0]) if year and month else None
    except ValueError:
        return None


def _numeric_date(text: str) -> date | None:
    """ "16.07.2025" (day first when the day is above 12; "03/04/2025" is not used)."""
    day, month, year = (int(g) for g in re.split(r"[./]", text))
    if day <= 12:
        return None
    try:
        return date(year, month, day)
    except ValueError:
        return None
