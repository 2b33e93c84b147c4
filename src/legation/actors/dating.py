"""The date actors are resolved at: the event's, else the document's, else one the text gives.

``dictionary.v1`` resolves mentions once per document, before events exist, at the
publication date; an undated document falls back to a date its own text gives (the sentence's
absolute date — "in 2019", "on 5 March 2014" — else the first one in the document). Without
any, titles resolve to the office, never to today's holder. Once the dates stage has dated
the events, :meth:`DictionaryDocumentActors.redate` resolves again, at the event's own date,
the actors of events dated otherwise ("In 2019 the army chief visited Washington", in a 2024
article, is the 2019 army chief).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date
from typing import TYPE_CHECKING

from ..model import DatePrecision

if TYPE_CHECKING:
    from spacy.tokens import Doc


_YEAR = re.compile(r"\b(1[89]|20)\d\d\b")  # only absolute dates resolve without an anchor


@dataclass(frozen=True, slots=True)
class Recipe:
    """How a mention was resolved, to resolve it again at another date: through an office
    (a title: ``ref`` is the office id) or a person (``ref`` is the person id, ``prefer``
    the offices the mention's title names, ``owner`` the owner it names)."""

    kind: str  # "office" | "person"
    ref: str
    when: date | None
    prefer: tuple[str, ...] = ()
    owner: str | None = None


def as_day(value: str | None, precision: DatePrecision) -> date | None:
    """The day an event date stands for ("2019" → 1 July 2019, "2023-12" → 15 Dec 2023);
    None for an unknown precision (a stand-in publication date) or no date."""
    if value is None or precision is DatePrecision.UNKNOWN:
        return None
    parts = [int(p) for p in value.split("-")]
    try:
        if len(parts) == 3:
            return date(parts[0], parts[1], parts[2])
        if len(parts) == 2:
            return date(parts[0], parts[1], 15)
        return date(parts[0], 7, 1)
    except ValueError:
        return None


def text_dates(doc: Doc) -> dict[int, date]:
    """The absolute dates an undated document's sentences give (sentence start token →
    day), from spaCy DATE entities that resolve without an anchor."""
    from ..dates import parse_date

    found: dict[int, date] = {}
    for ent in doc.ents:
        if ent.label_ != "DATE" or ent.sent.start in found or not _YEAR.search(ent.text):
            continue
        value, precision = parse_date(ent.text, None)
        day = as_day(value, precision)
        if day is not None:
            found[ent.sent.start] = day
    return found


def first_date(found: dict[int, date]) -> date | None:
    """The date of the first sentence that gives one."""
    return found[min(found)] if found else None
