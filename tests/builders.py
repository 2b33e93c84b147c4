"""Hand-built documents and events shared by the store, export and model tests."""

from __future__ import annotations

from datetime import date

from legation.model import (
    Actor,
    ActorKind,
    Context,
    DatePrecision,
    Document,
    Event,
    PloverType,
    Sector,
    Sentence,
    Span,
)

#: The event record's fields as the README shows them ("add fields, never rename"), written
#: out here so that a change to legation.record's columns shows up in a test.
RECORD_FIELDS = [
    "id",
    "doc_id",
    "doc_name",
    "title",
    "outlet",
    "url",
    "published",
    "sentence",
    "event_type",
    "mode",
    "contexts",
    "cameo",
    "goldstein",
    "plover_score",
    "quad_class",
    "actors",
    "recipients",
    "date",
    "date_precision",
    "location",
    "amount",
    "negated",
    "hypothetical",
    "historical",
    "uncertain",
    "trigger",
    "rule",
    "confidence",
    "coder",
    "sources",
]

MUNIR = Actor(
    "General Munir",
    "Syed Asim Munir",
    "Chief of Army Staff",
    "PAK",
    Sector.MIL,
    "PAKMIL",
    ActorKind.PERSON,
    "pak.munir",
    20,
    33,
)
BLINKEN = Actor(
    "Antony J Blinken",
    "Antony Blinken",
    "Secretary of State",
    "USA",
    Sector.GOV,
    "USAGOV",
    ActorKind.PERSON,
    "usa.blinken",
    38,
    54,
)
CHINA = Actor("China", country="CHN", sector=Sector.GOV, code="CHNGOV", kind=ActorKind.COUNTRY)


def make_document(text: str, published: date | None = date(2023, 12, 15)) -> Document:
    return Document.create(
        text,
        name="dawn-1.txt",
        title="COAS meets Blinken",
        outlet="Dawn",
        url="https://www.dawn.com/news/1",
        published=published,
        source="in/dawn-1.txt",
        published_source="record",
    )


def make_event(doc: Document, **changes: object) -> Event:
    sentence = Sentence(0, doc.text, 0, len(doc.text))
    event = Event(
        doc_id=doc.id,
        sentence=sentence,
        event_type=PloverType.CONSULT,
        trigger=Span("met", 34, 37),
        rule="consult.meet_with",
        coder="rules.v1",
        actors=(MUNIR,),
        recipients=(BLINKEN,),
        mode="visit",
        contexts=(Context.MILITARY, Context.DIPLOMATIC),
        cameo="042",
        goldstein=1.9,
        plover_score=4.0,
        quad_class=1,
        date="2023-12-14",
        date_precision=DatePrecision.DAY,
        location="Washington",
        confidence=0.9,
    )
    return event.evolve(**changes)
