"""De-duplication: within-document collapse, cross-document merges, unmerge, part files."""

from __future__ import annotations

import json
from datetime import date
from itertools import groupby
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from legation.dedup import (
    History,
    MergeGroup,
    collapse_repeats,
    date_window,
    deduplicate,
    plan_merges,
)
from legation.errors import StoreError
from legation.export import write_records
from legation.model import (
    Actor,
    ActorKind,
    Amount,
    CodedDocument,
    DatePrecision,
    Document,
    Event,
    Failure,
    PloverType,
    Sector,
    Sentence,
    Span,
)
from legation.store import Store
from legation.store.merges import pass_count
from legation.store.parts import part_name, write_part

MUNIR = Actor("General Munir", "Syed Asim Munir", None, "PAK", Sector.MIL, "PAKMIL",
              ActorKind.PERSON, "person:asim_munir")  # fmt: skip
TRUMP = Actor("Trump", "Donald Trump", None, "USA", Sector.GOV, "USAGOV", ActorKind.PERSON,
              "person:donald_trump")  # fmt: skip
DAR = Actor("Dar", "Ishaq Dar", None, "PAK", Sector.GOV, "PAKGOV", ActorKind.PERSON,
            "person:ishaq_dar")  # fmt: skip
RUBIO = Actor("Rubio", "Marco Rubio", None, "USA", Sector.GOV, "USAGOV", ActorKind.PERSON,
              "person:marco_rubio")  # fmt: skip
PAKISTAN = Actor("Pakistan", None, None, "PAK", Sector.GOV, "PAKGOV", ActorKind.COUNTRY,
                 "country:PAK")  # fmt: skip
USA = Actor("Washington", None, None, "USA", Sector.GOV, "USAGOV", ActorKind.COUNTRY,
            "country:USA")  # fmt: skip
MOFA = Actor("the Foreign Office", None, None, "PAK", Sector.GOV, "PAKGOV",
             ActorKind.INSTITUTION, "institution:PAK.mofa")  # fmt: skip
ARMY = Actor("the army", None, None, "PAK", Sector.MIL, "PAKMIL", ActorKind.INSTITUTION,
             "institution:PAK.army")  # fmt: skip
CROWD = Actor("the protesters")
TEXT = "Munir met Trump."


def event(
    doc: Document,
    *,
    index: int = 0,
    date_: str | None = "2025-06-18",
    precision: DatePrecision = DatePrecision.DAY,
    kind: PloverType = PloverType.CONSULT,
    actors: tuple[Actor, ...] = (MUNIR,),
    recipients: tuple[Actor, ...] = (TRUMP,),
    negated: bool = False,
    hypothetical: bool = False,
    historical: bool = False,
    cameo: str | None = None,
    amount: float | None = None,
    text: str = TEXT,
) -> Event:
    sentence = Sentence(index, text, index * 20, index * 20 + len(text))
    return Event(
        doc_id=doc.id,
        sentence=sentence,
        event_type=kind,
        trigger=Span(text.split()[1], index * 20 + 6, index * 20 + 9),
        rule="consult.meet",
        coder="rules.v1",
        actors=actors,
        recipients=recipients,
        date=date_,
        date_precision=precision,
        negated=negated,
        hypothetical=hypothetical,
        historical=historical,
        cameo=cameo,
        amount=Amount(f"${amount:,.0f}", amount, "USD") if amount is not None else None,
    )


def report(name: str, published: str | None = "2025-06-19", **kwargs: object) -> CodedDocument:
    text = str(kwargs.get("text", TEXT))
    doc = Document.create(
        f"{text} ({name})", name, published=date.fromisoformat(published) if published else None
    )
    sentences = [Sentence(0, text, 0, len(text))]
    return CodedDocument(doc, sentences, [], [event(doc, **kwargs)])  # type: ignore[arg-type]


def plan(*reports: CodedDocument) -> list[MergeGroup]:
    """The merges planned for these reports, read back from a store as `legation dedup`
    reads them."""
    with Store(":memory:") as store:
        store.write_batch(list(reports))
        return plan_merges(store.dedup_candidates())


def merged(*reports: CodedDocument) -> bool:
    """Whether the reports (one event each) all become one event."""
    groups = plan(*reports)
    return len(groups) == 1 and len(groups[0].members) == len(reports) - 1


# --------------------------------------------------------------------------- within a document


def test_repeated_mention_in_one_document_is_one_event() -> None:
    doc = report("a").document
    first, again = event(doc, index=0), event(doc, index=3)
    other = event(doc, index=4, recipients=(CROWD,))
    kept, dropped = collapse_repeats([first, again, other])
    assert kept == [first, other]
    assert dropped == 1


def test_counterparts_the_knowledge_base_does_not_know_are_not_one_party() -> None:
    # "conferred with A, the finance minister, B, ... and C": three ETHGOV people, three
    # events; the same unknown person named again is a repeat
    doc = report("a").document

    def minister(text: str, name: str | None, kind: ActorKind) -> Actor:
        return Actor(text, name, None, "ETH", Sector.GOV, "ETHGOV", kind)

    listed = [
        event(doc, index=i, recipients=(minister(text, None, ActorKind.UNKNOWN),))
        for i, text in enumerate(["Tesfaye Alemu", "Hirut Bekele", "Dawit Mengistu"])
    ]
    assert collapse_repeats(listed) == (listed, 0)
    named = [
        event(doc, index=i, recipients=(minister(text, "Hirut Bekele", ActorKind.PERSON),))
        for i, text in enumerate(["Hirut Bekele, the water minister", "Ms Bekele"])
    ]
    assert collapse_repeats(named) == (named[:1], 1)


def test_a_meeting_retold_between_the_two_states_is_the_same_meeting() -> None:
    # "Dar received Rubio. The two sides reviewed ...": the retelling, between the states
    # alone and undated, is the meeting already coded; a meeting on another day is not, nor
    # is another type, nor a retelling before which no one who met was named
    doc = report("a").document
    met = event(doc, index=0, actors=(RUBIO,), recipients=(DAR,))
    retold = event(
        doc, index=1, actors=(PAKISTAN,), recipients=(USA,), precision=DatePrecision.UNKNOWN
    )
    elsewhen = event(doc, index=2, actors=(USA,), recipients=(PAKISTAN,), date_="2025-06-20")
    agreed = event(doc, index=3, kind=PloverType.AGREE, actors=(USA,), recipients=(PAKISTAN,))
    visit = event(doc, index=4, actors=(RUBIO,), recipients=(PAKISTAN,))  # "his visit to ..."
    body = event(doc, index=5, actors=(RUBIO,), recipients=(MOFA,))  # someone else he met
    kept, dropped = collapse_repeats([met, retold, elsewhen, agreed, visit, body])
    assert kept == [met, elsewhen, agreed, body] and dropped == 2
    assert collapse_repeats([retold, elsewhen]) == ([retold, elsewhen], 0)


def test_a_repeat_with_no_date_of_its_own_is_the_dated_mention() -> None:
    # "Dar met Rubio on Monday ... In the meeting, Dar and Rubio ...": the second mention,
    # undated, falls on the day the first gives; one with a date of its own is another day's
    doc = report("a").document
    dated = event(doc, index=0)
    undated = event(doc, index=1, precision=DatePrecision.UNKNOWN)
    other_day = event(doc, index=2, date_="2025-06-10", precision=DatePrecision.UNKNOWN)
    assert collapse_repeats([undated, dated, other_day]) == ([dated, other_day], 1)
    bare = event(doc, index=3, actors=(), recipients=(), precision=DatePrecision.UNKNOWN)
    assert collapse_repeats([dated, bare]) == ([dated, bare], 0)


def test_events_without_parties_or_with_other_dates_are_not_collapsed() -> None:
    doc = report("a").document
    bare = [event(doc, index=i, actors=(), recipients=()) for i in range(2)]
    assert collapse_repeats(bare) == (bare, 0)
    dated = [event(doc, index=0), event(doc, index=1, date_="2025-06-17")]
    assert collapse_repeats(dated) == (dated, 0)


# --------------------------------------------------------------------------- date windows


@pytest.mark.parametrize(
    ("value", "precision", "window"),
    [
        ("2023-12-14", "day", (date(2023, 12, 14), date(2023, 12, 14))),
        ("2023-12-11", "week", (date(2023, 12, 11), date(2023, 12, 17))),
        ("2024-02", "month", (date(2024, 2, 1), date(2024, 2, 29))),
        ("2019", "year", (date(2019, 1, 1), date(2019, 12, 31))),
        ("2023-12-15", "unknown", (date(2023, 12, 12), date(2023, 12, 15))),
        (None, "unknown", None),
        ("not a date", "day", None),
    ],
)
def test_date_window(value: str | None, precision: str, window: object) -> None:
    assert date_window(value, precision) == window


# --------------------------------------------------------------------------- planning


def test_reports_from_different_documents_merge_into_most_precise() -> None:
    a = report("a", date_="2025-06-18", precision=DatePrecision.UNKNOWN)
    b = report("b")
    c = report("c", date_="2025-06", precision=DatePrecision.MONTH)
    [(canonical, members, reasons)] = plan(a, b, c)
    assert canonical == b.events[0].id
    assert sorted(members) == sorted([a.events[0].id, c.events[0].id])
    assert reasons[a.events[0].id] == "dedup.v2 publication date"
    assert reasons[c.events[0].id] == "dedup.v2 same type"


@pytest.mark.parametrize(
    "change",
    [
        {"date_": "2025-06-10"},
        {"kind": PloverType.ACCUSE},  # another quad class
        {"negated": True},
        {"recipients": (CROWD,)},  # a party with no entity or code is never merged
        {"recipients": (TRUMP, MUNIR)},
        {"recipients": (DAR,)},
    ],
)
def test_different_events_are_not_merged(change: dict[str, object]) -> None:
    assert plan(report("a"), report("b", **change)) == []


def test_same_document_never_merges_with_itself() -> None:
    coded = report("a")
    coded.events.append(event(coded.document, index=2))
    with Store(":memory:") as store:
        store.write_batch([coded])
        assert plan_merges(store.dedup_candidates()) == []


def test_candidates_read_in_passes_are_the_groups_of_one_query() -> None:
    """A store of more events than one pass reads (:data:`EVENTS_PER_PASS`) is read in
    several: every group comes whole from one pass, its rows in the order of one query over
    the store, so the merges planned are the same."""
    kinds = [
        {},
        {"negated": True},
        {"hypothetical": True},
        {"actors": (ARMY,), "recipients": (MOFA,)},
    ]
    reports = [report(f"{n}-{i}", **kind) for n, kind in enumerate(kinds) for i in range(4)]
    with Store(":memory:") as store:
        store.write_batch(reports)
        whole = list(store.dedup_candidates())
        passes = list(store.dedup_candidates(events_per_pass=3))
        planned = plan_merges(store.dedup_candidates(events_per_pass=3))
        assert planned and sorted(planned) == sorted(plan_merges(store.dedup_candidates()))
    runs = [(key, [r.id for r in rows]) for key, rows in groupby(passes, key=lambda r: r.key)]
    assert len({key for key, _ in runs}) == len(runs) == 4  # no group split between passes
    assert sorted(runs) == sorted(
        (k, [r.id for r in g]) for k, g in groupby(whole, lambda r: r.key)
    )


@pytest.mark.parametrize(
    ("events", "per_pass", "passes"),
    [(0, 10, 1), (9, 10, 1), (10, 10, 1), (11, 10, 2), (30, 10, 3)],
)
def test_a_pass_reads_at_most_events_per_pass(events: int, per_pass: int, passes: int) -> None:
    assert pass_count(events, per_pass) == passes


def test_split_pairs_stay_apart() -> None:
    a, b = report("a"), report("b")
    pair = tuple(sorted((a.events[0].id, b.events[0].id)))
    with Store(":memory:") as store:
        store.write_batch([a, b])
        history = History.of(splits=[pair])  # type: ignore[list-item]
        assert plan_merges(store.dedup_candidates(), history) == []


def test_a_meeting_is_one_meeting_whoever_is_its_subject() -> None:
    [(_, _, reasons)] = plan(report("a"), report("b", actors=(TRUMP,), recipients=(MUNIR,)))
    assert list(reasons.values()) == ["dedup.v2 mirrored"]
    mirrored_blame = {"kind": PloverType.ACCUSE, "actors": (TRUMP,), "recipients": (MUNIR,)}
    assert not merged(report("a", kind=PloverType.ACCUSE), report("b", **mirrored_blame))


def test_undated_reports_merge_when_their_documents_are_close() -> None:
    undated = {"date_": None, "precision": DatePrecision.UNKNOWN, "hypothetical": True}
    assert merged(report("a", **undated), report("b", published="2025-06-21", **undated))
    assert not merged(report("a", **undated), report("b", published="2025-07-20", **undated))
    past = {"date_": None, "precision": DatePrecision.UNKNOWN, "historical": True}
    assert not merged(report("a", **past), report("b", **past))
    assert not merged(report("a", date_=None, published=None), report("b", date_=None))


def test_types_of_one_quad_class_merge_on_the_same_day_only() -> None:
    appeal = {"kind": PloverType.REQUEST, "cameo": "021", "text": "Munir asked Trump for help."}
    [(_, _, reasons)] = plan(report("a"), report("b", **appeal))
    assert list(reasons.values()) == ["dedup.v2 related type"]
    assert not merged(report("a"), report("b", date_="2025-06-17", **appeal))
    unknown = {"date_": "2025-06-19", "precision": DatePrecision.UNKNOWN}
    assert not merged(report("a", **unknown), report("b", **appeal))
    demand = {**appeal, "cameo": "101"}  # a demand is verbal conflict
    assert not merged(report("a"), report("b", **demand))


def test_plans_of_related_types_merge_when_their_windows_meet() -> None:
    """ "Dar will meet Rubio on July 25" (an intent to meet) and "Dar is expected to hold
    talks with Rubio next week" (a planned meeting) are one plan."""
    plan_ = {"actors": (DAR,), "recipients": (RUBIO,), "hypothetical": True}
    intent = report("a", kind=PloverType.AGREE, cameo="036", date_="2025-07-25", **plan_)
    talks = report("b", date_="2025-07-21", precision=DatePrecision.WEEK, **plan_)
    assert merged(intent, talks)
    later = report("c", date_="2025-08-11", precision=DatePrecision.DAY, **plan_)
    assert not merged(intent, later)


def test_the_same_type_of_report_pairs_up_before_related_types() -> None:
    """Two documents each report the meeting; one also reports an appeal made there: the
    meetings merge with each other, and the appeal stays apart (its document is taken)."""
    a, b = report("a"), report("b", published="2025-06-20")
    a.events.append(event(a.document, index=1, kind=PloverType.REQUEST, cameo="021",
                          text="Munir asked Trump for aid."))  # fmt: skip
    [(canonical, members, _)] = plan(a, b)
    assert {canonical, *members} == {a.events[0].id, b.events[0].id}


def test_different_remarks_of_one_speaker_on_one_day_stay_apart() -> None:
    said = {"kind": PloverType.ACCUSE, "actors": (DAR,), "recipients": (USA,)}
    tariffs = "Dar criticised Washington's steep tariffs on Pakistani textile exports."
    again = "Dar slammed the American tariffs on textile exports as unfair."
    visas = "Dar criticised Washington's new visa restrictions on Pakistani students."
    assert merged(report("a", text=tariffs, **said), report("b", text=again, **said))
    assert not merged(report("a", text=tariffs, **said), report("b", text=visas, **said))
    terse = "Dar criticised Washington."  # says too little to tell: one remark
    assert merged(report("a", text=tariffs, **said), report("b", text=terse, **said))


def test_different_amounts_are_different_events() -> None:
    aid = {"kind": PloverType.AID, "actors": (USA,), "recipients": (PAKISTAN,)}
    assert not merged(report("a", amount=20e6, **aid), report("b", amount=1e6, **aid))
    assert merged(report("a", amount=20e6, **aid), report("b", **aid))


def test_a_state_matches_its_institutions_but_not_its_people() -> None:
    said = {"kind": PloverType.ACCUSE, "recipients": (USA,)}
    assert merged(report("a", actors=(PAKISTAN,), **said), report("b", actors=(MOFA,), **said))
    officials = Actor("Pakistani officials", country="PAK", sector=Sector.GOV, code="PAKGOV")
    assert merged(report("a", actors=(PAKISTAN,), **said), report("b", actors=(officials,), **said))
    assert not merged(report("a", actors=(MOFA,), **said), report("b", actors=(ARMY,), **said))
    assert not merged(report("a", actors=(PAKISTAN,), **said), report("b", actors=(DAR,), **said))


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(st.tuples(
    st.sampled_from([PloverType.CONSULT, PloverType.REQUEST, PloverType.ACCUSE]),
    st.sampled_from([(MUNIR, TRUMP), (TRUMP, MUNIR), (PAKISTAN, USA), (MOFA, USA)]),
    st.integers(0, 6), st.sampled_from(list(DatePrecision)), st.booleans(), st.integers(0, 4),
    st.booleans(),
), min_size=2, max_size=12))  # fmt: skip
def test_a_second_run_merges_nothing(
    reports: list[tuple[PloverType, tuple[Actor, Actor], int, DatePrecision, bool, int, bool]],
) -> None:
    """Whatever mix of reports, types, sides, days and precisions: once de-duplicated, a
    store has nothing left to merge, and a later report joins at most one event."""
    with Store(":memory:") as store:
        coded = [_random_report(n, *spec) for n, spec in enumerate(reports)]
        store.write_batch(coded[:-1])
        deduplicate(store)
        assert deduplicate(store).absorbed == 0
        store.write_batch(coded[-1:])
        deduplicate(store)
        assert deduplicate(store).absorbed == 0


def _random_report(
    n: int,
    kind: PloverType,
    sides: tuple[Actor, Actor],
    day: int,
    precision: DatePrecision,
    undated: bool,
    published: int,
    planned: bool,
) -> CodedDocument:
    when = date(2025, 6, 10 + day)
    value = {DatePrecision.MONTH: "2025-06", DatePrecision.YEAR: "2025"}.get(
        precision, when.isoformat()
    )
    cameo = {PloverType.REQUEST: "021", PloverType.ACCUSE: "112"}.get(kind)
    return report(
        f"r{n}",
        published=date(2025, 6, 14 + published).isoformat(),
        kind=kind,
        actors=(sides[0],),
        recipients=(sides[1],),
        date_=None if undated else value,
        precision=DatePrecision.UNKNOWN if undated else precision,
        cameo=cameo,
        hypothetical=planned,
    )


# --------------------------------------------------------------------------- store round trip


@pytest.fixture
def store() -> Store:
    return Store(":memory:")


def stored_sources(store: Store) -> dict[str, int]:
    return {r["id"]: r["sources"] for r in store.iter_records()}


def test_merge_and_unmerge_round_trip(store: Store, tmp_path: Path) -> None:
    reports = [report(name) for name in ("a", "b", "c")]
    store.write_batch(reports)
    ids = sorted(r.events[0].id for r in reports)
    before = sorted(json.dumps(r, sort_keys=True) for r in store.iter_records())

    result = deduplicate(store)
    assert (result.merges, result.absorbed) == (1, 2)
    [(canonical, sources)] = stored_sources(store).items()
    assert sources == 3
    assert {m.canonical_id for m in store.merges()} == {canonical}
    out = tmp_path / "events.jsonl"
    write_records(store.iter_records(), "jsonl", out)
    assert json.loads(out.read_text())["sources"] == 3

    assert sorted(store.unmerge(canonical)) == sorted(set(ids) - {canonical})
    assert sorted(json.dumps(r, sort_keys=True) for r in store.iter_records()) == before
    assert deduplicate(store).absorbed == 0  # pulled apart by a user: not merged again


def test_unmerge_one_report_keeps_the_rest(store: Store) -> None:
    store.write_batch([report(name) for name in ("a", "b", "c")])
    deduplicate(store)
    member = store.merges()[0]
    assert store.unmerge(member.event_id) == [member.event_id]
    assert stored_sources(store)[member.canonical_id] == 2
    assert stored_sources(store)[member.event_id] == 1


def test_new_report_joins_existing_merge(store: Store) -> None:
    store.write_batch([report("a"), report("b")])
    deduplicate(store)
    [canonical] = stored_sources(store)
    store.write_batch([report("c", date_="2025-06-18", precision=DatePrecision.UNKNOWN)])
    assert deduplicate(store).absorbed == 1
    assert stored_sources(store) == {canonical: 3}


def test_an_existing_merge_keeps_the_window_its_reports_share(store: Store) -> None:
    """A month-dated report that absorbed one dated "a few days before 5 June" stands for
    2–5 June: a report of 22 June joins it in neither the first run nor a later one."""
    month = {"date_": "2025-06", "precision": DatePrecision.MONTH}
    store.write_batch([report("a", **month), report("b", date_="2025-06-05",
                       precision=DatePrecision.UNKNOWN)])  # fmt: skip
    assert deduplicate(store).absorbed == 1
    store.write_batch([report("c", date_="2025-06-22")])
    assert deduplicate(store).absorbed == 0
    store.write_batch([report("d", date_="2025-06-04")])
    assert deduplicate(store).absorbed == 1
    assert sorted(stored_sources(store).values()) == [1, 3]


def test_merging_unknown_absorbed_or_repeated_events_is_refused(store: Store) -> None:
    store.write_batch([report(name) for name in ("a", "b", "c")])
    a, b, c = sorted(stored_sources(store))
    before = sorted(json.dumps(r, sort_keys=True) for r in store.iter_records())
    for canonical, members, why in [
        (a, ["no-such-event"], "no current event no-such-event"),
        ("no-such-event", [a], "no current event no-such-event"),
        (a, [a], "give each event once"),
        (a, [b, b], "give each event once"),
        (a, [], "at least one"),
    ]:
        with pytest.raises(StoreError, match=why):
            store.merge_events([(canonical, members)], "manual")
    store.merge_events([(a, [b])], "manual")
    with pytest.raises(StoreError, match=f"no current event {b}"):
        store.merge_events([(c, [b])], "manual")  # b is merged away already
    with pytest.raises(StoreError, match=f"event {a} has reports merged into it"):
        store.merge_events([(c, [a])], "manual")
    store.unmerge(a)
    assert sorted(json.dumps(r, sort_keys=True) for r in store.iter_records()) == before
    assert store.merges() == []


def test_many_groups_merge_in_one_call_as_one_by_one(store: Store, tmp_path: Path) -> None:
    store.write_batch([report(name) for name in "abcdefg"])
    a, b, c, d, e, f, g = sorted(stored_sources(store))
    groups = [(a, [b, c]), (d, [e]), (f, [g])]
    assert store.merge_events(groups, "manual") == 4
    assert stored_sources(store) == {a: 3, d: 2, f: 2}
    assert {(m.event_id, m.canonical_id) for m in store.merges()} == {
        (b, a),
        (c, a),
        (e, d),
        (g, f),
    }
    with Store(tmp_path / "one-by-one.duckdb") as other:
        other.write_batch([report(name) for name in "abcdefg"])
        for group in groups:
            other.merge_events([group], "manual")
        assert stored_sources(other) == stored_sources(store)
        assert [(m.event_id, m.canonical_id) for m in other.merges()] == [
            (m.event_id, m.canonical_id) for m in store.merges()
        ]


def test_an_event_in_two_groups_of_one_call_is_refused(store: Store) -> None:
    store.write_batch([report(name) for name in "abc"])
    a, b, c = sorted(stored_sources(store))
    with pytest.raises(StoreError, match=f"events {b} are in more than one group"):
        store.merge_events([(a, [b]), (c, [b])], "manual")
    with pytest.raises(StoreError, match=f"events {a} are in more than one group"):
        store.merge_events([(a, [b]), (c, [a])], "manual")  # a chain: a is absorbed
    assert stored_sources(store) == {a: 1, b: 1, c: 1} and store.merges() == []


def test_unmerge_unknown_event_says_what_to_do(store: Store) -> None:
    with pytest.raises(StoreError, match="not part of a merge"):
        store.unmerge("nope")


# --------------------------------------------------------------------------- part files


def test_part_files_load_idempotently(store: Store, tmp_path: Path) -> None:
    coded = [report("a"), report("b")]
    failure = Failure("bad.txt", "ingest", "binary file")
    path = write_part(tmp_path / part_name("s1"), coded, [failure], coder="rules.v1")
    assert not list(tmp_path.glob(".*.tmp"))  # written by rename: no temporary left
    first = store.load_parts([path])
    assert (first.documents, first.sentences, first.events) == (2, 2, 2)
    assert [f.source for f in first.failures] == ["bad.txt"]
    again = store.load_part(path)
    assert (again.documents, again.events) == (0, 0)
    counts = store.counts()
    assert (counts["documents"], counts["sentences"], counts["events"]) == (2, 2, 2)
    direct = Store(":memory:")
    direct.write_batch(coded)
    assert sorted(r["id"] for r in direct.iter_records()) == sorted(
        r["id"] for r in store.iter_records()
    )
