from __future__ import annotations

from datetime import date

import pytest

from legation.model import (
    Actor,
    ActorKind,
    Amount,
    Context,
    DatePrecision,
    Document,
    Event,
    PloverType,
    Sector,
    Sentence,
    Span,
)
from tests.builders import RECORD_FIELDS


def make_event(**changes: object) -> Event:
    doc = Document.create("General Munir met Antony Blinken.", name="a.txt")
    event = Event(
        doc_id=doc.id,
        sentence=Sentence(0, "General Munir met Antony Blinken.", 0, 33),
        event_type=PloverType.CONSULT,
        trigger=Span("met", 14, 17),
        rule="consult.meet",
        coder="rules.v1",
        actors=(
            Actor(
                "General Munir",
                "Syed Asim Munir",
                "Chief of Army Staff",
                "PAK",
                Sector.MIL,
                "PAKMIL",
                ActorKind.PERSON,
                "syed-asim-munir",
                0,
                13,
            ),
        ),
        recipients=(
            Actor(
                "Antony Blinken",
                "Antony Blinken",
                "Secretary of State",
                "USA",
                Sector.GOV,
                "USAGOV",
                ActorKind.PERSON,
                None,
                18,
                32,
            ),
        ),
        mode="visit",
        contexts=(Context.MILITARY,),
        cameo="042",
        date="2023-12-14",
        date_precision=DatePrecision.DAY,
        amount=Amount("$1.2 billion", 1.2e9, "USD"),
    )
    return event.evolve(**changes)


def test_document_id_is_hash_of_normalised_text() -> None:
    a = Document.create("Text one.\r\nLine two.  ", name="a")
    b = Document.create("Text one.\nLine two.", name="b")
    assert a.id == b.id and len(a.id) == 64
    assert a.text == "Text one.\nLine two."


def test_record_has_every_design_field_in_order() -> None:
    doc = Document.create("x", name="a.txt", published=date(2023, 12, 15), outlet="Dawn")
    record = make_event().to_record(doc)
    assert list(record) == RECORD_FIELDS
    assert record["published"] == "2023-12-15"
    assert record["amount"] == {"text": "$1.2 billion", "value": 1.2e9, "currency": "USD"}


def test_record_round_trips() -> None:
    event = make_event()
    assert Event.from_record(event.to_record()) == event


def test_event_id_is_stable_and_content_based() -> None:
    assert make_event().id == make_event().id
    assert make_event().id != make_event(event_type=PloverType.REQUEST).id


def test_current_means_no_flags() -> None:
    assert make_event().is_current
    assert not make_event(hypothetical=True).is_current


def test_a_document_date_given_as_text_is_read_or_refused_plainly() -> None:
    # the Python API took any value and failed deep in the coder ("internal error ...")
    doc = Document.create("Dar met Rubio.", "a", published="2025-06-18")
    assert doc.published == date(2025, 6, 18)
    with pytest.raises(ValueError, match="'a': published '18/06/2025' is not an ISO date"):
        Document.create("Dar met Rubio.", "a", published="18/06/2025")
    with pytest.raises(ValueError, match="not int"):
        Document.create("Dar met Rubio.", "a", published=20250618)
