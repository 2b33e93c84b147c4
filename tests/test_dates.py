"""The dates stage: ``parse_date`` unit rules (no model) and ``assign_dates`` on parsed text."""

from __future__ import annotations

from datetime import date
from typing import TYPE_CHECKING

import pytest

from legation.dates import assign_dates, date_window, parse_date
from legation.model import DatePrecision, Event, PloverType, Sentence, Span

if TYPE_CHECKING:
    from spacy.language import Language

FRIDAY = date(2023, 12, 15)  # publication date used throughout: a Friday
DAY, WEEK, MONTH, YEAR, UNKNOWN = (
    DatePrecision.DAY,
    DatePrecision.WEEK,
    DatePrecision.MONTH,
    DatePrecision.YEAR,
    DatePrecision.UNKNOWN,
)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Wednesday", ("2023-12-13", DAY)),
        ("on Wednesday", ("2023-12-13", DAY)),
        ("Friday", ("2023-12-15", DAY)),  # the publication day itself
        ("last Friday", ("2023-12-08", DAY)),
        ("next Tuesday", ("2023-12-19", DAY)),
        ("Wednesday night", ("2023-12-13", DAY)),
        ("yesterday", ("2023-12-14", DAY)),
        ("today", ("2023-12-15", DAY)),
        ("tomorrow", ("2023-12-16", DAY)),
        ("three days ago", ("2023-12-12", DAY)),
        ("last week", ("2023-12-04", WEEK)),  # Monday of the previous week
        ("this week", ("2023-12-11", WEEK)),
        ("the past week", ("2023-12-04", WEEK)),
        ("last month", ("2023-11", MONTH)),
        ("this month", ("2023-12", MONTH)),
        ("earlier this month", ("2023-12", MONTH)),
        ("earlier this year", ("2023", YEAR)),
        ("last year", ("2022", YEAR)),
        ("two years ago", ("2021", YEAR)),
        ("in 2019", ("2019", YEAR)),
        ("1954", ("1954", YEAR)),
        ("early 2023", ("2023", YEAR)),
        ("December 2023", ("2023-12", MONTH)),
        ("in December 2023", ("2023-12", MONTH)),
        ("December 14, 2023", ("2023-12-14", DAY)),
        ("Thursday, December 14, 2023", ("2023-12-14", DAY)),
        ("14 December", ("2023-12-14", DAY)),
        ("Dec. 14", ("2023-12-14", DAY)),
        ("on March 3", ("2023-03-03", DAY)),
        ("mid-December", ("2023-12", MONTH)),
        ("last December", ("2022-12", MONTH)),
        ("November last year", ("2022-11", MONTH)),
        ("March this year", ("2023-03", MONTH)),
        ("in January", ("2023-01", MONTH)),
        ("2023-12-14", ("2023-12-14", DAY)),
        ("14/12/2023", ("2023-12-14", DAY)),
        ("03/04/2023", ("2023", YEAR)),  # day/month order ambiguous: keep the year only
    ],
)
def test_parse_date_past(text: str, expected: tuple[str, DatePrecision]) -> None:
    assert parse_date(text, FRIDAY) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Wednesday", ("2023-12-20", DAY)),
        ("Friday", ("2023-12-15", DAY)),
        ("16 December", ("2023-12-16", DAY)),
        ("14 December", ("2024-12-14", DAY)),
        ("March 3", ("2024-03-03", DAY)),
        ("in January", ("2024-01", MONTH)),
        ("next month", ("2024-01", MONTH)),
        ("next week", ("2023-12-18", WEEK)),
        ("later this year", ("2023", YEAR)),
        ("last Wednesday", ("2023-12-13", DAY)),  # "last" wins over the direction
    ],
)
def test_parse_date_future(text: str, expected: tuple[str, DatePrecision]) -> None:
    assert parse_date(text, FRIDAY, future=True) == expected


@pytest.mark.parametrize(
    "text",
    [
        "the 1980s",
        "75 years",
        "Seventy years",
        "two weeks",
        "three-day",
        "decades",
        "recent years",
        "2019-20",
        "the same day",
        "",
        "  ",
    ],
)
def test_parse_date_rejects_non_dates(text: str) -> None:
    assert parse_date(text, FRIDAY) == (None, UNKNOWN)


@pytest.mark.parametrize("text", ["Wednesday", "yesterday", "last week", "14 December"])
def test_relative_dates_need_an_anchor(text: str) -> None:
    assert parse_date(text, None) == (None, UNKNOWN)


@pytest.mark.parametrize(
    ("text", "expected"),
    [("in 2019", ("2019", YEAR)), ("December 14, 2023", ("2023-12-14", DAY))],
)
def test_absolute_dates_need_no_anchor(text: str, expected: tuple[str, DatePrecision]) -> None:
    assert parse_date(text, None) == expected


def test_parse_date_year_boundary() -> None:
    assert parse_date("December 28", date(2024, 1, 3)) == ("2023-12-28", DAY)
    assert parse_date("last month", date(2024, 1, 3)) == ("2023-12", MONTH)
    assert parse_date("last week", date(2024, 1, 3)) == ("2023-12-25", WEEK)


def test_parse_date_falls_back_to_dateparser() -> None:
    assert parse_date("a fortnight ago", FRIDAY) == ("2023-11-27", WEEK)


# --- assign_dates on parsed text -------------------------------------------------------


def _event(nlp: Language, text: str, trigger: str, **flags: bool) -> tuple[Event, object]:
    doc = nlp(text)
    start = text.index(trigger)
    sent = next(s for s in doc.sents if s.start_char <= start < s.end_char)
    event = Event(
        doc_id="d",
        sentence=Sentence(index=0, text=sent.text, start=sent.start_char, end=sent.end_char),
        event_type=PloverType.CONSULT,
        trigger=Span(text=trigger, start=start, end=start + len(trigger)),
        rule="test",
        coder="test",
        **flags,
    )
    return event, doc


def _dated(
    nlp: Language, text: str, trigger: str, published: date | None = FRIDAY, **flags: bool
) -> tuple[str | None, DatePrecision]:
    event, doc = _event(nlp, text, trigger, **flags)
    (out,) = assign_dates([event], doc, published)  # type: ignore[arg-type]
    return out.date, out.date_precision


@pytest.mark.slow
@pytest.mark.parametrize(
    ("text", "trigger", "expected"),
    [
        ("General Munir met Secretary Blinken on Wednesday.", "met", ("2023-12-13", DAY)),
        ("The minister visited Beijing last week.", "visited", ("2023-12-04", WEEK)),
        ("The two sides signed the accord in 2019.", "signed", ("2019", YEAR)),
        ("In 1959 the two countries signed a bilateral agreement.", "signed", ("1959", YEAR)),
        ("The IMF approved the loan earlier this year.", "approved", ("2023", YEAR)),
        ("Officials met on December 14, 2023 in Washington.", "met", ("2023-12-14", DAY)),
        ("The delegation arrived in New York yesterday.", "arrived", ("2023-12-14", DAY)),
    ],
)
def test_assign_dates_reads_the_sentence(
    nlp: Language, text: str, trigger: str, expected: tuple[str, DatePrecision]
) -> None:
    assert _dated(nlp, text, trigger) == expected


@pytest.mark.slow
@pytest.mark.parametrize(
    ("text", "trigger", "expected"),
    [
        # a "when" clause gives the act its time when the act names none of its own
        (
            "When soldiers seized power in Conakry in September 2021, ECOWAS suspended Guinea.",
            "suspended",
            ("2021-09", MONTH),
        ),
        # so does the dated happening an act is told to follow
        ("After the July 2023 coup in Niamey, the bloc threatened to use force.", "threatened",
         ("2023-07", MONTH)),
        # and to an act conjoined in its clause
        ("After the July 2023 coup in Niamey, the bloc threatened to use force and shut the"
         " borders.", "shut", ("2023-07", MONTH)),
        # but an act told as following a happening of this year may be today's news
        ("Beijing urged Islamabad to protect Chinese engineers, following the March attack on"
         " a convoy.", "urged", ("2023-12-15", UNKNOWN)),
        # and the act's own date wins
        ("After the July 2023 coup in Niamey, the bloc met on Wednesday.", "met",
         ("2023-12-13", DAY)),
        # a month and year dating the setting the act happened in is the act's own
        ("The junta, which seized power in a July 2021 coup, expelled the envoy.", "seized",
         ("2021-07", MONTH)),
    ],
)  # fmt: skip
def test_a_time_clause_dates_an_act_with_none_of_its_own(
    nlp: Language, text: str, trigger: str, expected: tuple[str, DatePrecision]
) -> None:
    assert _dated(nlp, text, trigger) == expected


@pytest.mark.slow
def test_hypothetical_events_look_forward(nlp: Language) -> None:
    text = "The army chief is set to meet the President at the White House on Wednesday."
    assert _dated(nlp, text, "meet", hypothetical=True) == ("2023-12-20", DAY)


@pytest.mark.slow
def test_date_attached_to_the_trigger_wins(nlp: Language) -> None:
    text = "A spokesman said on Thursday that the minister had met the envoy last week."
    assert _dated(nlp, text, "met") == ("2023-12-04", WEEK)
    assert _dated(nlp, text, "said") == ("2023-12-14", DAY)


@pytest.mark.slow
def test_a_date_describing_another_noun_comes_last(nlp: Language) -> None:
    text = "He condemned on Tuesday the April 22 attack."
    assert _dated(nlp, text, "condemned") == ("2023-12-12", DAY)


@pytest.mark.slow
def test_durations_are_skipped(nlp: Language) -> None:
    text = "The minister visited Washington on Monday to mark 75 years of relations."
    assert _dated(nlp, text, "visited") == ("2023-12-11", DAY)


@pytest.mark.slow
def test_dateline_is_not_the_event_date(nlp: Language) -> None:
    text = "ISLAMABAD, Dec 10, 2023 — The army chief met the visiting envoy."
    assert _dated(nlp, text, "met") == ("2023-12-15", UNKNOWN)


@pytest.mark.slow
def test_no_expression_defaults(nlp: Language) -> None:
    text = "The army chief met the visiting envoy."
    assert _dated(nlp, text, "met") == ("2023-12-15", UNKNOWN)
    assert _dated(nlp, text, "met", negated=True) == ("2023-12-15", UNKNOWN)
    assert _dated(nlp, text, "met", historical=True) == (None, UNKNOWN)
    assert _dated(nlp, text, "met", hypothetical=True) == (None, UNKNOWN)
    assert _dated(nlp, text, "met", published=None) == (None, UNKNOWN)


@pytest.mark.slow
def test_relative_date_without_publication_date(nlp: Language) -> None:
    assert _dated(nlp, "They met on Wednesday.", "met", published=None) == (None, UNKNOWN)
    assert _dated(nlp, "They met in 2019.", "met", published=None) == ("2019", YEAR)


@pytest.mark.slow
def test_assign_dates_keeps_order_and_other_fields(nlp: Language) -> None:
    text = "The envoy met the minister on Monday. The minister called the envoy yesterday."
    doc = nlp(text)
    events = []
    for trigger in ("met", "called"):
        event, _ = _event(nlp, text, trigger)
        events.append(event)
    out = assign_dates(events, doc, FRIDAY)
    assert [e.date for e in out] == ["2023-12-11", "2023-12-14"]
    assert [e.trigger.text for e in out] == ["met", "called"]
    assert assign_dates([], doc, FRIDAY) == []


# --- relative to the document ----------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "reference", "expected"),
    [
        ("the next day", ("2023-12-28", DAY), ("2023-12-29", DAY)),
        ("The following day", ("2024-03-12", DAY), ("2024-03-13", DAY)),
        ("the day before", ("2024-03-12", DAY), ("2024-03-11", DAY)),
        ("two days later", ("2023-12-10", DAY), ("2023-12-12", DAY)),
        ("the same day", ("2025-07-25", DAY), ("2025-07-25", DAY)),
        ("later that day", ("2025-07-25", DAY), ("2025-07-25", DAY)),
        ("a year earlier", ("1954", YEAR), ("1953", YEAR)),
        ("later that year", ("1954", YEAR), ("1954", YEAR)),
        ("the following week", ("2023-12-14", DAY), ("2023-12-18", WEEK)),
        ("three months later", ("2023-11", MONTH), ("2024-02", MONTH)),
    ],
)
def test_relative_expressions_count_from_the_reference(
    text: str, reference: tuple[str, DatePrecision], expected: tuple[str, DatePrecision]
) -> None:
    assert parse_date(text, FRIDAY, reference=reference) == expected


def test_relative_expressions_need_a_fine_enough_reference() -> None:
    assert parse_date("the next day", FRIDAY) == (None, UNKNOWN)
    assert parse_date("the next day", FRIDAY, reference=("2023", YEAR)) == (None, UNKNOWN)
    assert parse_date("next week", FRIDAY, reference=("2023-01-02", DAY)) == ("2023-12-18", WEEK)


@pytest.mark.parametrize(
    ("text", "anchor", "expected"),
    [
        ("New Year's Day", date(2018, 1, 2), ("2018-01-01", DAY)),
        ("on Christmas Eve", FRIDAY, ("2022-12-24", DAY)),
        ("Christmas Day 2019", FRIDAY, ("2019-12-25", DAY)),
    ],
)
def test_holidays_are_days(text: str, anchor: date, expected: tuple[str, DatePrecision]) -> None:
    assert parse_date(text, anchor) == expected


@pytest.mark.parametrize(
    ("value", "precision", "window"),
    [
        ("2023-12-14", "day", (date(2023, 12, 14), date(2023, 12, 14))),
        ("2023-12-11", WEEK, (date(2023, 12, 11), date(2023, 12, 17))),
        ("2024-02", "month", (date(2024, 2, 1), date(2024, 2, 29))),
        ("2023-12-15", "unknown", (date(2023, 12, 12), date(2023, 12, 15))),
        ("2023-12-15", "fortnight", None),
        (None, "day", None),
    ],
)
def test_date_window(value: str | None, precision: str, window: object) -> None:
    assert date_window(value, precision) == window


def _dated_doc(
    nlp: Language, text: str, trigger: str, published: date | None = FRIDAY, **fields: object
) -> tuple[str | None, DatePrecision]:
    """Date the event at ``trigger`` (its first occurrence) in a document of several
    sentences."""
    doc = nlp(text)
    start = text.index(trigger)
    sent = next(s for s in doc.sents if s.start_char <= start < s.end_char)
    event = Event(
        doc_id="d",
        sentence=Sentence(index=0, text=sent.text, start=sent.start_char, end=sent.end_char),
        event_type=PloverType.CONSULT,
        trigger=Span(text=trigger, start=start, end=start + len(trigger)),
        rule="test",
        coder="test",
        **fields,  # type: ignore[arg-type]
    )
    (out,) = assign_dates([event], doc, published)
    return out.date, out.date_precision


@pytest.mark.slow
@pytest.mark.parametrize(
    ("text", "trigger", "expected"),
    [
        (  # a relative clause's date is not the main clause's
            "Aurangzeb, who secured a loan from the IMF in September, met Georgieva on Wednesday.",
            "met",
            ("2023-12-13", DAY),
        ),
        (
            "Aurangzeb, who secured a loan from the IMF in September, met Georgieva.",
            "met",
            ("2023-12-15", UNKNOWN),
        ),
        ("Aurangzeb, who secured a loan from the IMF in September, met Georgieva.", "secured",
         ("2023-09", MONTH)),
        ("At last month's summit, Sharif urged Gulf states to invest.", "urged",
         ("2023-11", MONTH)),
        ("Trump, who hosted Khan in July 2019, praised the army chief.", "praised",
         ("2023-12-15", UNKNOWN)),
        ("He condemned the April 22 attack in Pahalgam.", "condemned", ("2023-12-15", UNKNOWN)),
        ("He condemned the attack near Karachi airport last October.", "condemned",
         ("2023-12-15", UNKNOWN)),
        ("It followed a New Year's Day message accusing Pakistan of deceit.", "accusing",
         ("2023-01-01", DAY)),
        ("The minister met the envoy on Monday. The next day he met the ambassador.", "he met",
         ("2023-12-12", DAY)),
        ("Munir arrived in New York on Sunday. Two days later he called on Guterres.", "called",
         ("2023-12-12", DAY)),
    ],
)  # fmt: skip
def test_the_date_must_speak_for_the_event(
    nlp: Language, text: str, trigger: str, expected: tuple[str, DatePrecision]
) -> None:
    assert _dated_doc(nlp, text, trigger) == expected


@pytest.mark.slow
def test_a_date_only_on_the_reporting_verb_is_a_bound(nlp: Language) -> None:
    reported = "Munir met Trump at the White House, the military's media wing said on Thursday."
    assert _dated_doc(nlp, reported, "met") == ("2023-12-14", UNKNOWN)
    assert _dated_doc(nlp, reported, "met", hypothetical=True) == (None, UNKNOWN)
    spoken = '"I want to thank the people of Pakistan," the ambassador said on Monday.'
    assert _dated_doc(nlp, spoken, "thank") == ("2023-12-11", DAY)


@pytest.mark.slow
def test_a_plan_told_in_the_past_looks_back(nlp: Language) -> None:
    text = "Dar was due to meet Rubio in Washington on Monday, but the meeting was postponed."
    assert _dated_doc(nlp, text, "meet", hypothetical=True) == ("2023-12-11", DAY)
    ahead = "Dar is due to meet Rubio in Washington on Monday."
    assert _dated_doc(nlp, ahead, "meet", hypothetical=True) == ("2023-12-18", DAY)


@pytest.mark.slow
def test_without_a_publication_date_the_text_anchors_relative_dates(nlp: Language) -> None:
    text = (
        "Dar met Rubio at the State Department on July 25, 2025. In June, the two countries "
        "had agreed to negotiate. Last week, Washington announced new tariffs."
    )
    assert _dated_doc(nlp, text, "agreed", published=None) == ("2025-06", MONTH)
    assert _dated_doc(nlp, text, "announced", published=None) == ("2025-07", MONTH)
    assert _dated_doc(nlp, "The two sides agreed.", "agreed", published=None) == (None, UNKNOWN)


@pytest.mark.slow
def test_words_said_of_a_past_time_are_said_now() -> None:
    """Thanks (or blame) for what was done at a past time are said now: that time dates the
    thing thanked for, not the thanks; only an occasion ("at last month's summit") dates
    words said."""
    from legation import get_pipeline
    from legation.config import Config

    pipe = get_pipeline(Config.default())
    (thanks,) = pipe.code_text(
        "Somalia's president thanked Turkey for its help during last year's floods.",
        published=date(2024, 6, 1),
    )
    assert (thanks.event_type, thanks.historical, thanks.date) == (
        PloverType.SUPPORT,
        False,
        "2024-06-01",
    )
    (said,) = pipe.code_text(
        "At last month's summit, Somalia's president thanked Turkey for its help.",
        published=date(2024, 6, 1),
    )
    assert said.date == "2024-05"


def test_a_year_opening_a_timeline_entry_dates_its_act(nlp: Language) -> None:
    """ "2014 - Kenya closes ...": the year is the entry's, not a modifier of the name after
    the dash; a year inside a phrase ("the 2022-23 tranche") still dates only its noun."""
    from legation.coding.factuality import assess
    from legation.dates import dates_another_noun

    doc = nlp("Timeline of the dispute:\n2014 - Kenya closes its border with Somalia.")
    year = next(t for t in doc if t.text == "2014")
    closes = next(t for t in doc if t.text == "closes")
    assert not dates_another_noun(year, closes)
    assert assess(closes, date(2025, 6, 10)).historical
    doc = nlp("The IMF disbursed the 2022-23 tranche to Pakistan on Monday.")
    year = next(t for t in doc if t.text == "2022")
    disbursed = next(t for t in doc if t.text == "disbursed")
    assert dates_another_noun(year, disbursed)
    assert not assess(disbursed, date(2025, 6, 10)).historical
