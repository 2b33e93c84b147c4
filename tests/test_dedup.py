"""De-duplication: within-document collapse, cross-document merges, unmerge, part files."""

from __future__ import annotations

import json
from datetime import date
from pathlib import Path

import pytest

from legation.dedup import collapse_repeats, date_window, deduplicate, plan_merges
from legation.errors import StoreError
from legation.export import write_records
from legation.model import (
    Actor,
    ActorKind,
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
from legation.store import DedupRow, Store
from legation.store.parts import part_name, write_part

MUNIR = Actor("General Munir", "Syed Asim Munir", None, "PAK", Sector.MIL, "PAKMIL",
              ActorKind.PERSON, "person:asim_munir")  # fmt: skip
TRUMP = Actor("Trump", "Donald Trump", None, "USA", Sector.GOV, "USAGOV", ActorKind.PERSON,
              "person:donald_trump")  # fmt: skip
CROWD = Actor("the protesters")


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
) -> Event:
    sentence = Sentence(index, "Munir met Trump.", index * 20, index * 20 + 16)
    return Event(
        doc_id=doc.id,
        sentence=sentence,
        event_type=kind,
        trigger=Span("met", index * 20 + 6, index * 20 + 9),
        rule="consult.meet",
        coder="rules.v1",
        actors=actors,
        recipients=recipients,
        date=date_,
        date_precision=precision,
        negated=negated,
    )


def report(name: str, published: str = "2025-06-19", **kwargs: object) -> CodedDocument:
    doc = Document.create(
        f"Munir met Trump. ({name})", name, published=date.fromisoformat(published)
    )
    sentences = [Sentence(0, "Munir met Trump.", 0, 16)]
    return CodedDocument(doc, sentences, [], [event(doc, **kwargs)])  # type: ignore[arg-type]


def row(e: Event, published: date | None = date(2025, 6, 19)) -> DedupRow:
    def keys(actors: tuple[Actor, ...]) -> tuple[str, ...]:
        return tuple(sorted({a.entity_id or a.code or "" for a in actors}))

    return DedupRow(
        e.id, e.doc_id, e.event_type.value, e.negated, e.hypothetical, e.historical, e.date,
        e.date_precision.value, published, keys(e.actors), keys(e.recipients),
    )  # fmt: skip


# --------------------------------------------------------------------------- within a document


def test_repeated_mention_in_one_document_is_one_event() -> None:
    doc = report("a").document
    first, again = event(doc, index=0), event(doc, index=3)
    other = event(doc, index=4, recipients=(CROWD,))
    kept, dropped = collapse_repeats([first, again, other])
    assert kept == [first, other]
    assert dropped == 1


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
    a = report("a", date_="2025-06-18", precision=DatePrecision.UNKNOWN).events[0]
    b = report("b").events[0]
    c = report("c", date_="2025-06", precision=DatePrecision.MONTH).events[0]
    [(canonical, members)] = plan_merges([row(a), row(b), row(c)])
    assert canonical == b.id
    assert sorted(members) == sorted([a.id, c.id])


@pytest.mark.parametrize(
    "change",
    [
        {"date_": "2025-06-10"},
        {"kind": PloverType.AGREE},
        {"negated": True},
        {"recipients": (CROWD,)},  # a party with no entity or code is never merged
        {"recipients": (TRUMP, MUNIR)},
    ],
)
def test_different_events_are_not_merged(change: dict[str, object]) -> None:
    a = report("a").events[0]
    b = report("b", **change).events[0]
    assert plan_merges([row(a), row(b)]) == []


def test_same_document_never_merges_with_itself() -> None:
    coded = report("a")
    again = event(coded.document, index=2)
    assert plan_merges([row(coded.events[0]), row(again)]) == []


def test_split_pairs_stay_apart() -> None:
    a, b = report("a").events[0], report("b").events[0]
    pair = tuple(sorted((a.id, b.id)))
    assert plan_merges([row(a), row(b)], splits={pair}) == []  # type: ignore[arg-type]


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
