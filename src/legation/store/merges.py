"""Merge bookkeeping for cross-document de-duplication (the SQL side of :mod:`legation.dedup`).

An absorbed event's row moves from ``events`` to ``merged_events``; ``merges`` says which
canonical event took it in; the canonical event's ``sources`` is 1 + its absorbed events.
Unmerging moves rows back and records the pairs pulled apart in ``merge_splits`` so that a
later de-duplication leaves them apart. The caller owns the transaction.
"""

from __future__ import annotations

import datetime as dt
from collections import Counter
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import TYPE_CHECKING, Any

from ..errors import StoreError

if TYPE_CHECKING:
    import duckdb


@dataclass(frozen=True, slots=True)
class DedupRow:
    """The columns de-duplication looks at, for one stored event. ``actor_keys`` and
    ``recipient_keys`` are the sorted, distinct knowledge-base entity (else code) of each
    party."""

    id: str
    doc_id: str
    event_type: str
    negated: bool
    hypothetical: bool
    historical: bool
    date: str | None
    date_precision: str
    published: dt.date | None
    actor_keys: tuple[str, ...]
    recipient_keys: tuple[str, ...]

    @property
    def key(self) -> tuple[object, ...]:
        flags = (self.negated, self.hypothetical, self.historical)
        return (self.event_type, *flags, self.actor_keys, self.recipient_keys)


@dataclass(frozen=True, slots=True)
class Member:
    """An absorbed event, as far as planning later merges needs it."""

    doc_id: str
    date: str | None
    date_precision: str


@dataclass(frozen=True, slots=True)
class MergeRow:
    event_id: str
    canonical_id: str
    merged_at: datetime
    rule: str


def _keys(column: str) -> str:
    party = "coalesce(p->>'entity_id', p->>'code', '')"
    return (
        f"list_sort(list_distinct(list_transform(CAST(e.{column} AS JSON[]), lambda p: {party})))"
    )


_GROUP = "event_type, negated, hypothetical, historical, actor_keys, recipient_keys"
#: Events of one type (the parameter) that could merge: dated, every party known by entity or
#: code, at least one actor, and at least one other event with the same key; grouped by key
#: so that the planner holds one group in memory at a time.
_CANDIDATES = (
    "WITH keyed AS (SELECT e.id, e.doc_id, e.event_type, e.negated, e.hypothetical, "
    "e.historical, e.date, e.date_precision, d.published, "
    f"{_keys('actors')} AS actor_keys, {_keys('recipients')} AS recipient_keys "
    "FROM events e JOIN documents d ON d.id = e.doc_id "
    "WHERE e.date IS NOT NULL AND e.event_type = ?) "
    "SELECT * FROM keyed WHERE len(actor_keys) > 0 AND NOT list_contains(actor_keys, '') "
    "AND NOT list_contains(recipient_keys, '') "
    f"QUALIFY count(*) OVER (PARTITION BY {_GROUP}) > 1 ORDER BY {_GROUP}, id"
)


def iter_candidates(
    con: duckdb.DuckDBPyConnection,
    execute: Callable[[duckdb.DuckDBPyConnection, str, Sequence[object]], object],
    batch: int = 10_000,
) -> Iterator[DedupRow]:
    """The candidate rows in key order, streamed from a cursor of ``con`` on which
    ``execute`` runs the queries (the store's, which can raise its memory cap).

    One query per event type, in the order one query's ``ORDER BY`` would give (the type
    leads the key): each sorts the events of one type only, so the memory the sort and its
    window take is a share of the store's, not all of it (measured on 160,000 events: the
    process peaked 65 MB lower)."""
    cursor = con.cursor()
    try:
        kinds = cursor.execute("SELECT DISTINCT event_type FROM events ORDER BY 1").fetchall()
        for (kind,) in kinds:
            execute(cursor, _CANDIDATES, [kind])
            while rows := cursor.fetchmany(batch):
                yield from (_dedup_row(row) for row in rows)
    finally:
        cursor.close()


def _dedup_row(row: tuple[Any, ...]) -> DedupRow:
    id_, doc_id, kind, negated, hypothetical, historical, when, precision, published = row[:9]
    return DedupRow(
        id_, doc_id, kind, negated, hypothetical, historical, when, precision, published,
        tuple(row[9]), tuple(row[10]),
    )  # fmt: skip


def absorbed_members(con: duckdb.DuckDBPyConnection) -> dict[str, list[Member]]:
    """Canonical event id -> the document, date and date precision of each event it
    absorbed."""
    rows = con.execute(
        "SELECT m.canonical_id, x.doc_id, x.date, x.date_precision "
        "FROM merges m JOIN merged_events x ON x.id = m.event_id"
    ).fetchall()
    found: dict[str, list[Member]] = {}
    for canonical, doc_id, when, precision in rows:
        found.setdefault(canonical, []).append(Member(doc_id, when, precision))
    return found


def split_pairs(con: duckdb.DuckDBPyConnection) -> set[tuple[str, str]]:
    return {(a, b) for a, b in con.execute("SELECT event_a, event_b FROM merge_splits").fetchall()}


def merge_many(
    con: duckdb.DuckDBPyConnection,
    groups: Sequence[tuple[str, Sequence[str]]],
    rule: str,
    stamp: datetime,
) -> None:
    """Move each group's members into ``merged_events`` under its canonical event and update
    the canonical events' sources, in a fixed number of statements whatever the number of
    groups (a merge per statement cost 12 ms: minutes for a day of news).

    Every id must be a current event (not merged away already), listed once in all the
    groups, and a member must have no reports of its own: anything else would leave merge
    rows that point nowhere, so it raises :class:`StoreError` (the caller's transaction rolls
    back)."""
    if not groups:
        return
    _check_mergeable(con, groups)
    members = [m for _, group in groups for m in group]
    owners = [canonical for canonical, group in groups for _ in group]
    con.execute(
        "INSERT INTO merged_events BY NAME SELECT * FROM events WHERE id IN (SELECT unnest(?))",
        [members],
    ).fetchall()
    con.execute(
        "INSERT INTO merges SELECT unnest(?), unnest(?), ?, ?", [members, owners, stamp, rule]
    ).fetchall()
    con.execute("DELETE FROM events WHERE id IN (SELECT unnest(?))", [members]).fetchall()
    _update_sources(con, [canonical for canonical, _ in groups])


def _check_mergeable(
    con: duckdb.DuckDBPyConnection, groups: Sequence[tuple[str, Sequence[str]]]
) -> None:
    every: list[str] = []
    for canonical, group in groups:
        ids = list(group)
        if not ids or len(set(ids) | {canonical}) < len(ids) + 1:
            raise StoreError(
                f"cannot merge into {canonical}: give each event once, and at least one"
            )
        every += [canonical, *ids]
    if len(set(every)) < len(every):
        twice = sorted(i for i, n in Counter(every).items() if n > 1)[:5]
        raise StoreError(
            f"cannot merge: events {', '.join(twice)} are in more than one group; merge each "
            "event once"
        )
    found = con.execute("SELECT id FROM events WHERE id IN (SELECT unnest(?))", [every]).fetchall()
    missing = set(every) - {row[0] for row in found}
    for canonical, group in groups:
        absent = sorted(missing & {canonical, *group})
        if absent:
            raise StoreError(
                f"cannot merge into {canonical}: no current event {', '.join(absent[:5])} "
                "(unknown, or merged into another event already; `legation dedup --list` shows "
                "merges)"
            )
    members = [m for _, group in groups for m in group]
    owners = con.execute(
        "SELECT DISTINCT canonical_id FROM merges WHERE canonical_id IN (SELECT unnest(?))",
        [members],
    ).fetchall()
    if owners:
        owner = owners[0][0]
        canonical = next(c for c, group in groups if owner in group)
        raise StoreError(
            f"cannot merge into {canonical}: event {owner} has reports merged into it; "
            "make it the canonical event, or unmerge it first"
        )


def unmerge(con: duckdb.DuckDBPyConnection, event_id: str, stamp: datetime) -> list[str]:
    """Undo the merge ``event_id`` is part of; returns the ids restored to ``events``.

    A canonical id undoes its whole merge; an absorbed event's id takes only that event out."""
    members = _members(con, event_id)
    if members:
        _restore(con, event_id, members, stamp)
        return members
    rows = con.execute("SELECT canonical_id FROM merges WHERE event_id = ?", [event_id]).fetchall()
    if not rows:
        raise StoreError(
            f"event {event_id} is not part of a merge; `legation merges` lists the merged events"
        )
    _restore(con, rows[0][0], [event_id], stamp)
    return [event_id]


def merges(con: duckdb.DuckDBPyConnection, limit: int | None = None) -> list[MergeRow]:
    rows = con.execute(
        "SELECT event_id, canonical_id, merged_at, rule FROM merges "
        "ORDER BY canonical_id, event_id LIMIT ?",
        [limit],
    ).fetchall()
    return [MergeRow(*row) for row in rows]


def _members(con: duckdb.DuckDBPyConnection, canonical: str) -> list[str]:
    rows = con.execute(
        "SELECT event_id FROM merges WHERE canonical_id = ? ORDER BY event_id", [canonical]
    ).fetchall()
    return [row[0] for row in rows]


def _restore(
    con: duckdb.DuckDBPyConnection, canonical: str, restored: list[str], stamp: datetime
) -> None:
    apart = [*_members(con, canonical), canonical]
    con.execute(
        "INSERT INTO events BY NAME SELECT * FROM merged_events WHERE id IN (SELECT unnest(?))",
        [restored],
    ).fetchall()
    con.execute("DELETE FROM merged_events WHERE id IN (SELECT unnest(?))", [restored]).fetchall()
    con.execute("DELETE FROM merges WHERE event_id IN (SELECT unnest(?))", [restored]).fetchall()
    pairs = {tuple(sorted((r, other))) for r in restored for other in apart if other != r}
    con.executemany(
        "INSERT OR IGNORE INTO merge_splits VALUES (?, ?, ?)", [[a, b, stamp] for a, b in pairs]
    ).fetchall()
    _update_sources(con, [canonical])


def _update_sources(con: duckdb.DuckDBPyConnection, canonicals: list[str]) -> None:
    """Each canonical event's ``sources``: 1 + the events merged into it."""
    con.execute(
        "UPDATE events SET sources = 1 + coalesce(n.reports, 0) "
        "FROM (SELECT c.id, count(m.event_id) AS reports FROM (SELECT unnest(?) AS id) c "
        "LEFT JOIN merges m ON m.canonical_id = c.id GROUP BY c.id) n WHERE events.id = n.id",
        [canonicals],
    ).fetchall()
