"""Analysis over a hand-built store: dyad series, event pages, evidence, trips, people, network.

:func:`build_sample_store` writes a small store modelled on the demo corpus (the army chief's
December 2023 and June 2025 visits, the 2021 Sherman visit, the finance minister's ask of June
2023, sanctions, an op-ed's historical event); the API and browser tests use it too.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, field, replace
from datetime import date
from pathlib import Path

import pytest

from legation import analysis
from legation.actors.kb import KnowledgeBase, load_knowledge_base
from legation.analysis import EventFilters
from legation.model import (
    Actor,
    ActorKind,
    Amount,
    CodedDocument,
    DatePrecision,
    Document,
    Event,
    PloverType,
    Sector,
    Sentence,
    Span,
)
from legation.store import Store


def _person(text: str, name: str, role: str, country: str, sector: Sector, eid: str) -> Actor:
    return Actor(
        text,
        name,
        role,
        country,
        sector,
        f"{country}{sector.value}",
        ActorKind.PERSON,
        f"person:{eid}",
    )


def _state(text: str, country: str, sector: Sector = Sector.GOV) -> Actor:
    return Actor(
        text, country=country, sector=sector, code=f"{country}{sector}", kind=ActorKind.COUNTRY
    )


MUNIR = _person(
    "General Munir", "Syed Asim Munir", "Chief of Army Staff", "PAK", Sector.MIL, "asim_munir"
)
ANJUM = _person(
    "Nadeem Anjum", "Nadeem Ahmed Anjum", "Director General ISI", "PAK", Sector.SPY, "nadeem_anjum"
)
BLINKEN = _person(
    "Antony Blinken", "Antony Blinken", "Secretary of State", "USA", Sector.GOV, "antony_blinken"
)
AUSTIN = _person(
    "Lloyd Austin", "Lloyd Austin", "Secretary of Defense", "USA", Sector.GOV, "lloyd_austin"
)
TRUMP = _person("Donald Trump", "Donald Trump", "President", "USA", Sector.GOV, "donald_trump")
RUBIO = _person(
    "Marco Rubio", "Marco Rubio", "Secretary of State", "USA", Sector.GOV, "marco_rubio"
)
SHERMAN = _person(
    "Wendy Sherman",
    "Wendy Sherman",
    "Deputy Secretary of State",
    "USA",
    Sector.GOV,
    "wendy_sherman",
)
BAJWA = _person(
    "General Bajwa",
    "Qamar Javed Bajwa",
    "Chief of Army Staff",
    "PAK",
    Sector.MIL,
    "qamar_javed_bajwa",
)
DAR = _person("Ishaq Dar", "Ishaq Dar", "Finance Minister", "PAK", Sector.GOV, "ishaq_dar")
GUTERRES = Actor(
    "António Guterres",
    "António Guterres",
    "Secretary-General",
    "IGO",
    Sector.IGO,
    "IGOUNO",
    ActorKind.PERSON,
    "person:antonio_guterres",
)
PAKISTAN, USA, INDIA = (
    _state("Pakistan", "PAK"),
    _state("Washington", "USA"),
    _state("India", "IND"),
)


@dataclass
class Said:
    """One sentence and what it states."""

    text: str
    event_type: PloverType
    actors: tuple[Actor, ...]
    recipients: tuple[Actor, ...]
    trigger: str
    extra: dict[str, object] = field(default_factory=dict)


def _doc(
    name: str, outlet: str, published: date | None, title: str, said: list[Said]
) -> CodedDocument:
    text = " ".join(s.text for s in said)
    doc = Document.create(
        text,
        name=name,
        title=title,
        outlet=outlet,
        published=published,
        url=f"https://{outlet.lower().replace(' ', '-')}.example/{name}",
    )
    coded = CodedDocument(doc)
    offset = 0
    for index, s in enumerate(said):
        sentence = Sentence(index, s.text, offset, offset + len(s.text))
        coded.sentences.append(sentence)
        coded.events.append(_event(doc, sentence, s))
        offset += len(s.text) + 1
    return coded


def _placed(actor: Actor, sentence: Sentence) -> Actor:
    at = sentence.text.find(actor.text)
    if at < 0:
        return actor
    return Actor(
        **{
            **actor.to_record(),
            "sector": actor.sector,
            "kind": actor.kind,
            "start": sentence.start + at,
            "end": sentence.start + at + len(actor.text),
        }
    )


SCORES = {
    "CONSULT": (4.0, 1),
    "REQUEST": (-0.5, 3),
    "AGREE": (2.5, 1),
    "SUPPORT": (5.0, 1),
    "SANCTION": (-8.0, 4),
    "ACCUSE": (-4.0, 3),
}


def _event(doc: Document, sentence: Sentence, s: Said) -> Event:
    at = sentence.text.find(s.trigger)
    score, quad = SCORES[s.event_type.value]
    fields: dict[str, object] = {"date_precision": DatePrecision.UNKNOWN, **s.extra}
    return Event(
        doc_id=doc.id,
        sentence=sentence,
        event_type=s.event_type,
        trigger=Span(s.trigger, sentence.start + at, sentence.start + at + len(s.trigger)),
        rule=f"{s.event_type.value.lower()}.test",
        coder="rules.v1",
        actors=tuple(_placed(a, sentence) for a in s.actors),
        recipients=tuple(_placed(a, sentence) for a in s.recipients),
        plover_score=score,
        quad_class=quad,
        confidence=0.9,
        **fields,  # type: ignore[arg-type]
    )


def _day(value: str, **more: object) -> dict[str, object]:
    return {"date": value, "date_precision": DatePrecision.DAY, **more}


VISIT = {"mode": "visit"}


def sample_documents() -> list[CodedDocument]:
    C, R, A, S = PloverType.CONSULT, PloverType.REQUEST, PloverType.AGREE, PloverType.SUPPORT
    return [
        _doc(
            "margalla-coas.txt",
            "Margalla Monitor",
            date(2023, 12, 15),
            "COAS concludes US visit",
            [
                Said(
                    "General Munir met Antony Blinken in Washington.",
                    C,
                    (MUNIR,),
                    (BLINKEN,),
                    "met",
                    VISIT,
                ),
                Said(
                    "General Munir and Nadeem Anjum called on Lloyd Austin.",
                    C,
                    (MUNIR, ANJUM),
                    (AUSTIN,),
                    "called on",
                    VISIT,
                ),
                Said(
                    "On December 11 General Munir met António Guterres in New York.",
                    C,
                    (MUNIR,),
                    (GUTERRES,),
                    "met",
                    _day("2023-12-11", location="New York", **VISIT),
                ),
                Said(
                    "Pakistan and Washington agreed to deepen defence cooperation.",
                    A,
                    (PAKISTAN,),
                    (USA,),
                    "agreed",
                ),
            ],
        ),
        _doc(
            "potomac-coas.html",
            "Potomac Dispatch",
            date(2023, 12, 15),
            "Pakistan army chief in Washington",
            [
                Said(
                    "On Wednesday General Munir met Antony Blinken at the State Department.",
                    C,
                    (MUNIR,),
                    (BLINKEN,),
                    "met",
                    _day("2023-12-13", location="Washington", **VISIT),
                ),
                Said(
                    "General Munir may meet members of Congress.",
                    C,
                    (MUNIR,),
                    (USA,),
                    "meet",
                    {"hypothetical": True, **VISIT},
                ),
            ],
        ),
        _doc(
            "indus-coas.txt",
            "Indus Ledger",
            date(2023, 12, 16),
            "Munir seeks US help",
            [
                Said(
                    "General Munir asked Washington for help with counter-terrorism equipment.",
                    R,
                    (MUNIR,),
                    (USA,),
                    "asked",
                    {"mode": "assist"},
                ),
                Said(
                    "Washington suspended aid to Pakistan in 2018.",
                    PloverType.SANCTION,
                    (USA,),
                    (PAKISTAN,),
                    "suspended",
                    {"date": "2018", "date_precision": DatePrecision.YEAR, "historical": True},
                ),
            ],
        ),
        _doc(
            "capital-lunch.html",
            "Capital Wire Service",
            date(2025, 6, 18),
            "Trump hosts Munir",
            [
                Said(
                    "Donald Trump hosted General Munir for lunch at the White House.",
                    C,
                    (MUNIR,),
                    (TRUMP,),
                    "hosted",
                    _day("2025-06-18", location="White House", **VISIT),
                ),
                Said("Marco Rubio also met General Munir.", C, (MUNIR,), (RUBIO,), "met", VISIT),
                Said("Donald Trump thanked General Munir.", S, (TRUMP,), (MUNIR,), "thanked"),
            ],
        ),
        _doc(
            "margalla-sherman.txt",
            "Margalla Monitor",
            date(2021, 10, 8),
            "Sherman in Islamabad",
            [
                Said(
                    "Wendy Sherman met General Bajwa in Rawalpindi.",
                    C,
                    (SHERMAN,),
                    (BAJWA,),
                    "met",
                    _day("2021-10-08", location="Rawalpindi", **VISIT),
                ),
                Said(
                    "Wendy Sherman asked Pakistan to do more.", R, (SHERMAN,), (PAKISTAN,), "asked"
                ),
            ],
        ),
        _doc(
            "margalla-dar.txt",
            "Margalla Monitor",
            date(2023, 6, 21),
            "Dar calls Treasury",
            [
                Said(
                    "Ishaq Dar asked Washington for support on $1.2 billion.",
                    R,
                    (DAR,),
                    (USA,),
                    "asked",
                    _day("2023-06-20", amount=Amount("$1.2 billion", 1.2e9, "USD")),
                ),
            ],
        ),
        _doc(
            "potomac-sanctions.txt",
            "Potomac Dispatch",
            date(2024, 12, 19),
            "US sanctions suppliers",
            [
                Said(
                    "Washington sanctioned Pakistan's missile suppliers.",
                    PloverType.SANCTION,
                    (USA,),
                    (PAKISTAN,),
                    "sanctioned",
                    _day("2024-12-18"),
                ),
                Said(
                    "India accused Washington of double standards.",
                    PloverType.ACCUSE,
                    (INDIA,),
                    (USA,),
                    "accused",
                ),
            ],
        ),
    ]


def build_sample_store(path: Path | str) -> Path | str:
    with Store(path) as store:
        store.write_batch(sample_documents())
    return path


@pytest.fixture(scope="module")
def store(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Store]:
    path = build_sample_store(tmp_path_factory.mktemp("analysis") / "sample.duckdb")
    with Store(path, read_only=True) as opened:
        yield opened


@pytest.fixture(scope="module")
def kb() -> KnowledgeBase:
    return load_knowledge_base()


# --------------------------------------------------------------------------- dyad series


def test_dyad_series_counts_current_events_per_month_by_type(store: Store) -> None:
    series = analysis.dyad_series(store, "PAK", "USA")
    by_month = {b.label: b for b in series.buckets}
    assert by_month["2023-12"].counts == {"CONSULT": 3, "AGREE": 1, "REQUEST": 1}
    assert by_month["2021-10"].total == 2
    assert "2022-05" in by_month and by_month["2022-05"].total == 0  # gaps are filled in
    assert series.buckets[0].label == "2021-10" and series.buckets[-1].label == "2025-06"
    assert series.total == 12  # the hypothetical and the historical events are left out


def test_dyad_series_directed_by_quad_and_week(store: Store) -> None:
    directed = analysis.dyad_series(store, "USA", "PAK", directed=True)
    assert {c for b in directed.buckets for c in b.counts} == {
        "CONSULT",
        "REQUEST",
        "SUPPORT",
        "SANCTION",
    }
    quad = analysis.dyad_series(store, "PAK", "USA", by="quad", freq="week")
    assert quad.categories == ("1", "3", "4")
    week = next(b for b in quad.buckets if b.label == "2024-W51")
    assert week.counts == {"4": 1} and week.mean_score == -8.0


def test_dyad_series_of_two_people_and_empty_dyad(store: Store) -> None:
    series = analysis.dyad_series(store, "asim_munir", "Antony Blinken")
    assert series.total == 2
    assert analysis.dyad_series(store, "PAK", "CHN").buckets == ()


def test_undated_events_are_counted_not_charted(tmp_path: Path) -> None:
    """An event with no date of its own in a document with no publication date has no
    period: the series leaves it out of its buckets and says how many it left out."""
    undated = _doc("undated.txt", "No Date Herald", None, "Talks", [
        Said("General Munir met Antony Blinken.", PloverType.CONSULT, (MUNIR,), (BLINKEN,), "met"),
    ])  # fmt: skip
    with Store(tmp_path / "undated.duckdb") as store:
        store.write_batch([*sample_documents(), undated])
        series = analysis.dyad_series(store, "PAK", "USA")
        assert (series.total, series.undated) == (12, 1)
        assert analysis.dyad_series(store, "PAK", "CHN").undated == 0
        assert store.undated_documents() == ["undated.txt"]


# --------------------------------------------------------------------------- event table


def test_event_page_filters_and_pages(store: Store) -> None:
    page = analysis.event_page(store, EventFilters(a="PAK", b="USA"), 0, 5)
    assert page.total == 12 and len(page.events) == 5
    assert page.events[0].event.date == "2025-06-18"  # newest first
    consult = analysis.event_page(store, EventFilters(event_types=(PloverType.REQUEST,)), 0, 50)
    assert {s.event.actors[0].name for s in consult.events} == {
        "Syed Asim Munir",
        "Wendy Sherman",
        "Ishaq Dar",
    }


def test_event_page_text_actor_date_and_noncurrent_filters(store: Store) -> None:
    def total(**kw: object) -> int:
        return analysis.event_page(store, EventFilters(**kw), 0, 10).total  # type: ignore[arg-type]

    assert total(text="1.2 billion") == 1
    assert total(text="100%") == 0 and total(text="_") == 0  # LIKE wildcards are literal
    assert total(actor="bajwa") == 1
    assert total(since=date(2025, 1, 1)) == 3
    assert total(since=date(2023, 12, 1), until=date(2023, 12, 31)) == 6
    assert total() == 14 and total(include_noncurrent=True) == 16
    assert total(quad_class=4) == 1


def test_injection_strings_are_plain_values(store: Store) -> None:
    bad = "x' OR 1=1; DROP TABLE events; --"
    assert analysis.event_page(store, EventFilters(a=bad, text=bad, actor=bad), 0, 10).total == 0
    assert store.counts()["events"] == 16


# --------------------------------------------------------------------------- evidence


def _find(store: Store, **filters: object) -> str:
    page = analysis.event_page(store, EventFilters(**filters), 0, 1)  # type: ignore[arg-type]
    return page.events[0].event.id


def test_evidence_marks_spans_and_finds_other_reports(store: Store) -> None:
    event_id = _find(store, a="asim_munir", b="antony_blinken", text="State Department")
    card = analysis.evidence(store, event_id)
    assert card is not None
    marks = {(h.kind, h.text) for h in card.highlights}
    assert marks == {
        ("actor", "General Munir"),
        ("trigger", "met"),
        ("recipient", "Antony Blinken"),
    }
    sentence = card.event.event.sentence.text
    assert all(sentence[h.start : h.end] == h.text for h in card.highlights)
    assert [o.outlet for o in card.other_reports] == ["Margalla Monitor"]


def test_evidence_of_unknown_event_is_none(store: Store) -> None:
    assert analysis.evidence(store, "no-such-event") is None


def test_date_window_follows_precision(store: Store) -> None:
    event = analysis.get_event(store, _find(store, text="December 11"))
    assert event is not None
    assert analysis.date_window(event) == (date(2023, 12, 9), date(2023, 12, 13))


# --------------------------------------------------------------------------- trips


def test_trips_reconstruct_the_army_chiefs_visits(store: Store) -> None:
    found = analysis.trips(store)
    assert [(t.traveller.name, t.start.isoformat()) for t in found] == [
        ("Syed Asim Munir", "2025-06-18"),
        ("Syed Asim Munir", "2023-12-11"),
        ("Wendy Sherman", "2021-10-08"),
    ]
    december = found[1]
    assert december.end == date(2023, 12, 15)
    met = [c.actor.name for c in december.counterparts]
    assert met == ["António Guterres", "Antony Blinken", "Lloyd Austin"]
    assert next(c for c in december.counterparts if c.actor.name == "Antony Blinken").reports == 2
    assert [a.sentence for a in december.asks] == [
        "General Munir asked Washington for help with counter-terrorism equipment."
    ]
    assert [a.event_type for a in december.agreed] == [PloverType.AGREE]
    assert [d.name for d in december.delegation] == ["Nadeem Ahmed Anjum"]
    assert december.places == ("New York", "Washington")
    assert december.countries == ("IGO", "USA") and december.documents == 3


def test_last_trip_answers_whom_he_met(store: Store) -> None:
    last = analysis.trips(store, actor="asim_munir")[0]
    assert {c.actor.name for c in last.counterparts} == {"Donald Trump", "Marco Rubio"}
    assert [e.event_type for e in last.agreed] == [PloverType.SUPPORT]
    assert analysis.trip(store, last.id) == last
    assert analysis.trip(store, "nope") is None


def test_compare_trips(store: Store) -> None:
    june, december, _ = analysis.trips(store)
    compared = analysis.compare_trips(store, december.id, june.id)
    assert compared is not None
    assert compared.shared_counterparts == ()
    assert "Antony Blinken" in compared.only_first and "Donald Trump" in compared.only_second
    assert analysis.compare_trips(store, december.id, "missing") is None


# --------------------------------------------------------------------------- people, offices


def test_actor_profile_roles_counts_and_counterparts(store: Store, kb: KnowledgeBase) -> None:
    profile = analysis.actor_profile(store, "asim_munir", kb)
    assert profile is not None and profile.name == "Syed Asim Munir"
    assert ("PAK.coas", date(2022, 11, 29)) in [(r.office_id, r.start) for r in profile.roles]
    assert profile.as_actor["CONSULT"] == 6 and profile.as_recipient == {"SUPPORT": 1}
    assert {c.name for c in profile.counterparts[:2]} == {"Antony Blinken", "Donald Trump"}
    by_name = analysis.actor_profile(store, "Syed Asim Munir", kb)
    assert by_name is not None and by_name.key == "person:asim_munir"


def test_actor_profile_without_kb_and_unknown(store: Store) -> None:
    profile = analysis.actor_profile(store, "Wendy Sherman")
    assert profile is not None and profile.key == "person:wendy_sherman" and profile.roles == ()
    assert analysis.actor_profile(store, "nobody at all") is None


def test_find_actors(store: Store, kb: KnowledgeBase) -> None:
    found = analysis.find_actors(store, "mun", kb)
    assert found[0].key == "person:asim_munir" and found[0].events == 8


def test_office_holders_over_time(kb: KnowledgeBase) -> None:
    coas = analysis.office_holders(kb, "PAK.coas")
    names = [h.name for h in coas.holders]
    assert names.index("Qamar Javed Bajwa") < names.index("Syed Asim Munir")
    munir = next(h for h in coas.holders if h.name == "Syed Asim Munir")
    assert munir.start == date(2022, 11, 29)
    assert analysis.office_holders(kb, "Secretary of State", "USA").id == "USA.secstate"
    with pytest.raises(analysis.AnalysisError, match="no office"):
        analysis.office_holders(kb, "Grand Vizier")


# --------------------------------------------------------------------------- network


def test_network_weights_and_colours(store: Store) -> None:
    net = analysis.network(store, level="country")
    edges = {(e.source, e.target): e for e in net.edges}
    assert edges[("PAK", "USA")].events == 8
    assert edges[("USA", "PAK")].conflict == 2 and edges[("USA", "PAK")].cooperation == 2
    assert {n.id for n in net.nodes} == {"PAK", "USA", "IGO", "IND"}
    people = analysis.network(store, date(2023, 12, 1), date(2023, 12, 31), level="entity")
    assert ("person:asim_munir", "person:antony_blinken") in {
        (e.source, e.target) for e in people.edges
    }
    assert next(n for n in people.nodes if n.id == "person:asim_munir").label == "Syed Asim Munir"


def test_store_meta(store: Store) -> None:
    meta = analysis.store_meta(store)
    assert meta.first_date == date(2021, 10, 8) and meta.last_date == date(2025, 6, 18)
    assert [c.key for c in meta.countries][:2] == ["PAK", "USA"]


# --------------------------------------------------------------------------- naming a side


@pytest.fixture(scope="module")
def index(kb: KnowledgeBase) -> analysis.SideIndex:
    return analysis.SideIndex.build(kb)


@pytest.mark.parametrize(
    ("query", "key", "kind"),
    [
        ("pak", "PAK", "country"),
        ("Pakistan", "PAK", "country"),
        ("PAK", "PAK", "country"),
        ("the United States", "USA", "country"),
        ("american", "USA", "country"),
        ("pakmil", "PAKMIL", "code"),
        ("igouno", "IGOUNO", "igo"),
        ("the UN", "IGOUNO", "igo"),
        ("Munir", "person:asim_munir", "person"),
        ("asim munir", "person:asim_munir", "person"),
        ("asim_munir", "person:asim_munir", "person"),
        ("person:asim_munir", "person:asim_munir", "person"),
        ("secretary of state", "office:USA.secstate", "office"),
        ("USA.secstate", "office:USA.secstate", "office"),
        ("State Department", "institution:USA.state", "institution"),
    ],
)
def test_a_side_can_be_named_any_way(
    store: Store, index: analysis.SideIndex, query: str, key: str, kind: str
) -> None:
    side = analysis.resolve_side(store, query, index)
    assert (side.key, side.kind, side.query) == (key, kind, query)
    assert side.name and side.description


def test_every_name_of_a_side_selects_the_same_events(
    store: Store, index: analysis.SideIndex
) -> None:
    def total(a: str, b: str) -> int:
        sides = analysis.resolve_side(store, a, index), analysis.resolve_side(store, b, index)
        return analysis.event_page(store, EventFilters(a=sides[0], b=sides[1]), 0, 1).total

    assert total("pak", "usa") == total("Pakistan", "United States") == total("PAK", "USA") == 12
    assert total("Munir", "Blinken") == 2


def test_an_office_side_is_whoever_held_it(store: Store, index: analysis.SideIndex) -> None:
    office = analysis.resolve_side(store, "Secretary of State", index)
    page = analysis.event_page(store, EventFilters(a=office), 0, 50)
    assert {p.name for s in page.events for p in s.event.recipients} == {
        "Antony Blinken",
        "Marco Rubio",
    }


def test_an_ambiguous_side_lists_the_candidates(store: Store, index: analysis.SideIndex) -> None:
    with pytest.raises(analysis.AmbiguousSideError) as caught:
        analysis.resolve_side(store, "Prime Minister", index)
    keys = {c.key for c in caught.value.candidates}
    assert {"office:PAK.pm", "office:IND.pm"} <= keys
    assert "office:PAK.pm" in str(caught.value) and "Name one of them" in str(caught.value)


def test_an_unknown_side_offers_close_names(store: Store, index: analysis.SideIndex) -> None:
    with pytest.raises(analysis.UnknownSideError, match=r"did you mean Pakistan \(PAK\)"):
        analysis.resolve_side(store, "Pakistn", index)
    with pytest.raises(analysis.UnknownSideError, match="ISO3 code"):
        analysis.resolve_side(store, "zzqx", index)
    with pytest.raises(analysis.UnknownSideError):
        analysis.resolve_side(store, "  ", index)


def test_a_name_only_the_store_knows_is_a_side(index: analysis.SideIndex) -> None:
    stranger = Actor("Mr Qadir Baig", "Qadir Baig", None, "PAK", None, "PAK", ActorKind.PERSON)
    doc = _doc(
        "baig.txt",
        "Karakoram Herald",
        date(2024, 2, 1),
        "Baig meets envoy",
        [
            Said(
                "Qadir Baig met Washington officials.",
                PloverType.CONSULT,
                (stranger,),
                (USA,),
                "met",
            )
        ],
    )
    with Store(":memory:") as memory:
        memory.write_batch([doc])
        side = analysis.resolve_side(memory, "qadir baig", index)
        assert (side.key, side.kind) == ("Qadir Baig", "name")
        assert analysis.event_page(memory, EventFilters(a=side), 0, 5).total == 1


# --------------------------------------------------------------------------- periods, gaps


def test_dyad_series_per_quarter_and_year(store: Store) -> None:
    quarters = analysis.dyad_series(store, "PAK", "USA", freq="quarter")
    by_label = {b.label: b for b in quarters.buckets}
    assert by_label["2023-Q4"].total == 5 and by_label["2023-Q4"].end == date(2023, 12, 31)
    assert by_label["2022-Q1"].total == 0 and by_label["2022-Q1"].mean_score is None  # a gap
    years = analysis.dyad_series(store, "PAK", "USA", freq="year")
    assert [b.label for b in years.buckets] == ["2021", "2022", "2023", "2024", "2025"]
    assert years.total == quarters.total == 12
    assert years.buckets[-1].end == date(2025, 12, 31)


def test_periods_labels_and_ends() -> None:
    assert analysis.period_label(date(2023, 12, 11), "week") == "2023-W50"
    assert analysis.period_label(date(2024, 4, 1), "quarter") == "2024-Q2"
    assert analysis.period_end(date(2024, 2, 1), "month") == date(2024, 2, 29)
    assert analysis.period_end(date(2023, 10, 1), "quarter") == date(2023, 12, 31)
    starts = list(analysis.periods(date(2023, 10, 1), date(2024, 4, 1), "quarter"))
    assert starts == [date(2023, 10, 1), date(2024, 1, 1), date(2024, 4, 1)]


def test_what_a_timeline_cannot_show_is_counted(store: Store) -> None:
    series = analysis.dyad_series(store, "PAK", "USA")
    assert series.noncurrent == 2 and series.undated == 0  # the op-ed's 2018, the "may meet"
    undated = _doc(
        "undated.txt",
        "Nowhere Post",
        None,
        "No date",
        [
            Said(
                "Pakistan asked Washington for help.",
                PloverType.REQUEST,
                (PAKISTAN,),
                (USA,),
                "asked",
            )
        ],
    )
    with Store(":memory:") as memory:
        memory.write_batch([*sample_documents(), undated])
        series = analysis.dyad_series(memory, "PAK", "USA")
        assert series.undated == 1 and series.total == 12
        assert analysis.event_page(memory, EventFilters(undated=True), 0, 5).total == 1
        assert analysis.overview(memory).totals.undated == 1


def test_event_page_says_what_its_filters_left_out(store: Store) -> None:
    page = analysis.event_page(store, EventFilters(a="PAK", b="USA"), 0, 5)
    assert (page.total, page.noncurrent, page.low_confidence) == (12, 2, 0)
    strict = analysis.event_page(store, EventFilters(a="PAK", b="USA", min_confidence=0.95), 0, 5)
    assert (strict.total, strict.low_confidence) == (0, 12)
    current = analysis.event_page(store, EventFilters(a="PAK"), 0, 5)
    everything = analysis.event_page(store, EventFilters(a="PAK", include_noncurrent=True), 0, 5)
    assert everything.noncurrent == 0 and everything.total == current.total + current.noncurrent


def test_outlet_filter(store: Store) -> None:
    page = analysis.event_page(store, EventFilters(outlet="Potomac Dispatch"), 0, 50)
    assert page.total == 3 and {s.document.outlet for s in page.events} == {"Potomac Dispatch"}
    assert analysis.event_page(store, EventFilters(outlet=""), 0, 5).total == 0


# --------------------------------------------------------------------------- overview


def test_overview_adds_up(store: Store) -> None:
    seen = analysis.overview(store)
    totals = seen.totals
    assert seen.documents == 7 and seen.failures == 0
    assert totals.reports == totals.merged + totals.events and totals.merged == 0
    assert totals.events == totals.current + totals.noncurrent == 16
    assert (totals.hypothetical, totals.historical, totals.negated) == (1, 1, 0)
    assert sum(seen.by_type.values()) == totals.current == 14
    assert seen.first_published == date(2021, 10, 8) and seen.last_published == date(2025, 6, 18)
    assert seen.outlets[0].outlet == "Margalla Monitor" and seen.outlets[0].documents == 3
    assert sum(o.documents for o in seen.outlets) == 7
    assert (seen.top_dyads[0].actor, seen.top_dyads[0].recipient) == ("PAK", "USA")
    assert seen.default_dyad == ("PAK", "USA") == analysis.store_meta(store).default_dyad


def test_default_dyad_comes_from_the_data() -> None:
    india = _state("New Delhi", "IND")
    china = _state("Beijing", "CHN")
    said = [Said("Beijing met New Delhi.", PloverType.CONSULT, (china,), (india,), "met")] * 1
    with Store(":memory:") as memory:
        memory.write_batch([_doc("a.txt", "Daily", date(2024, 1, 2), "t", said)])
        assert analysis.default_dyad(memory) == ("CHN", "IND")
    with Store(":memory:") as empty:
        assert analysis.default_dyad(empty) is None


# --------------------------------------------------------------------------- small multiples


def test_counterpart_panel_of_a_country(store: Store, kb: KnowledgeBase) -> None:
    panel = analysis.counterpart_panel(store, "PAK", freq="year", kb=kb)
    assert panel.level == "country" and panel.labels[0] == "2021"
    lines = {line.key: line for line in panel.lines}
    assert lines["USA"].name == "United States" and lines["USA"].total == 12
    assert len(lines["USA"].counts) == len(panel.starts) == len(panel.labels)
    assert sum(lines["USA"].counts) == 12
    assert "PAK" not in lines and lines["IGO"].name == "international organisations"


def test_counterpart_panel_of_a_person_keeps_the_top(
    store: Store, index: analysis.SideIndex
) -> None:
    munir = analysis.resolve_side(store, "Munir", index)
    panel = analysis.counterpart_panel(store, munir, freq="month", top=2)
    assert panel.level == "entity" and len(panel.lines) == 2
    assert panel.lines[0].name == "Antony Blinken" and panel.lines[0].total == 2
    assert panel.others > 0  # Austin, Guterres, Trump, … beyond the top two


# --------------------------------------------------------------------------- network levels


def test_network_levels_nest(store: Store) -> None:
    codes = {n.id: n for n in analysis.network(store, level="code").nodes}
    assert codes["PAKMIL"].parent == "PAK" and codes["PAKMIL"].kind == "code"
    assert codes["PAKGOV"].country == codes["PAKMIL"].country == "PAK"
    people = {n.id: n for n in analysis.network(store, level="entity").nodes}
    assert people["person:asim_munir"].parent == "PAKMIL"
    assert people["person:asim_munir"].kind == "person"


def test_find_actors_without_a_query_lists_the_most_active(store: Store, kb: KnowledgeBase) -> None:
    found = analysis.find_actors(store, "", kb)
    assert found[0].key == "person:asim_munir"
    assert [f.events for f in found] == sorted((f.events for f in found), reverse=True)
    assert all(f.events > 0 for f in found)


def test_flag_and_merged_filters(store: Store) -> None:
    hypothetical = analysis.event_page(store, EventFilters(flag="hypothetical"), 0, 5)
    assert hypothetical.total == 1 and hypothetical.events[0].event.hypothetical
    assert hypothetical.noncurrent == 0  # asked for: nothing left out
    historical = analysis.event_page(store, EventFilters(a="USA", flag="historical"), 0, 5)
    assert historical.total == 1 and historical.events[0].event.date == "2018"
    assert analysis.event_page(store, EventFilters(merged=True), 0, 5).total == 0
    said = [Said("Pakistan met Washington.", PloverType.CONSULT, (PAKISTAN,), (USA,), "met")]
    reported = _doc("m.txt", "Daily", date(2024, 1, 2), "t", said)
    reported.events[0] = replace(reported.events[0], sources=3)
    with Store(":memory:") as memory:
        memory.write_batch([reported])
        assert analysis.event_page(memory, EventFilters(merged=True), 0, 5).total == 1
