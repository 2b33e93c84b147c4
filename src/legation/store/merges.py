"""Merge bookkeeping for cross-document de-duplication (the SQL side of :mod:`legation.dedup`).

An absorbed event's row moves from ``events`` to ``merged_events``; ``merges`` says which
canonical event took it in; the canonical event's ``sources`` is 1 + its absorbed events.
Unmerging moves rows back and records the pairs pulled apart in ``merge_splits`` so that a
later de-duplication leaves them apart. The caller owns the transaction.
"""

from __future__ import annotations

import datetime as dt
from collections import Counter
from collections.abc import Callable, Iterator, Mapping, Sequence
from dataclasses import dataclass
from datetime import datetime
from functools import lru_cache
from typing import TYPE_CHECKING, Any, NamedTuple

from ..errors import StoreError

if TYPE_CHECKING:
    import duckdb


@dataclass(frozen=True, slots=True)
class Party:
    """One actor or recipient as de-duplication compares them: its key (knowledge-base
    entity, else code), country, kind, and whether it refers to a state as a whole (a
    country, or a bare code with no entity: "PAKGOV")."""

    key: str
    country: str
    kind: str
    state: bool

    @classmethod
    def parse(cls, packed: str) -> Party:
        key, country, kind, entity = [*packed.split(_SEP), "", "", "", ""][:4]
        return cls(key, country, kind, kind == "country" or (not entity and kind != "person"))


class DedupRow(NamedTuple):
    """The columns de-duplication looks at, for one stored event. ``actors`` and
    ``recipients`` are the distinct parties of each side, sorted by key; ``group`` the
    countries of all of them (the rows that may merge share it and their flags). A named
    tuple: a store holds millions of them, and tuples are made fast."""

    id: str
    doc_id: str
    event_type: str
    negated: bool
    hypothetical: bool
    historical: bool
    date: str | None
    date_precision: str
    published: dt.date | None
    actors: tuple[Party, ...]
    recipients: tuple[Party, ...]
    quad: int = 0  # the quad class of the event's CAMEO code, else of its PLOVER type
    amount: float | None = None
    sentence: str = ""
    trigger: str = ""
    group: tuple[str, ...] = ()

    @property
    def key(self) -> tuple[object, ...]:
        return (self.negated, self.hypothetical, self.historical, self.group)


_SEP = "\x1f"


@dataclass(frozen=True, slots=True)
class MergeRow:
    event_id: str
    canonical_id: str
    merged_at: datetime
    rule: str


_PARTY_JSON = (
    '[{"entity_id": "VARCHAR", "code": "VARCHAR", "country": "VARCHAR", "kind": "VARCHAR"}]'
)


def _parties(table: str, column: str) -> str:
    """SQL: the sorted distinct parties of one side, each packed as
    ``key<US>country<US>kind<US>entity``."""
    packed = (
        "concat_ws(chr(31), coalesce(p.entity_id, p.code, ''), coalesce(p.country, ''), "
        "coalesce(p.kind, ''), coalesce(p.entity_id, ''))"
    )
    parties = f"list_transform(from_json({table}.{column}, '{_PARTY_JSON}'), lambda p: {packed})"
    return f"list_sort(list_distinct({parties}))"


def _select(table: str) -> str:
    """SQL: the candidate columns of the events of ``table`` (events or merged_events)."""
    return (
        f"SELECT e.id, e.doc_id, e.event_type, e.negated, e.hypothetical, e.historical, e.date, "
        f"e.date_precision, d.published, {_parties('e', 'actors')} AS actor_parties, "
        f"{_parties('e', 'recipients')} AS recipient_parties, e.cameo, e.quad_class, "
        f"e.amount_value, {_STATEMENT_ONLY.format('e.sentence_text')}, "
        f"{_STATEMENT_ONLY.format('e.trigger_text')}, "
        "list_sort(list_distinct(e.actor_countries || e.recipient_countries)) AS party_countries "
        f"FROM {table} e JOIN documents d ON d.id = e.doc_id"
    )


#: The text of an event is read only where de-duplication compares it: statements.
_STATEMENT_ONLY = (
    "CASE WHEN e.event_type IN ('AGREE', 'SUPPORT', 'CONCEDE', 'REQUEST', 'ACCUSE', 'REJECT', "
    "'THREATEN') THEN {} END"
)
_GROUP = "negated, hypothetical, historical, party_countries"
#: Events that could merge (never one flagged uncertain by the run's confidence threshold):
#: placed in time (a date, or a publication date for an event that
#: is not historical), every party known by entity or code, at least one actor, and at least
#: one other event with the same flags and countries; grouped so that the planner holds one
#: group in memory at a time. ``{part}`` picks the events of one pass (:func:`iter_candidates`).
_CANDIDATES = (
    f"WITH keyed AS ({_select('events')} WHERE NOT e.uncertain AND (e.date IS NOT NULL OR "
    "(d.published IS NOT NULL AND NOT e.historical)) AND {part}) "
    "SELECT * FROM keyed WHERE CASE WHEN actor_parties IS NOT NULL THEN len(actor_parties) > 0 "
    "AND len(list_filter(actor_parties || recipient_parties, lambda p: starts_with(p, chr(31)))) "
    f"= 0 END QUALIFY count(*) OVER (PARTITION BY {_GROUP}) > 1 ORDER BY {_GROUP}, id"
)
#: The events of one pass: a hash of the flags and of the first and last of the countries
#: (the same for every event of a group). The parties are read from JSON after it, in a
#: ``CASE`` that DuckDB does not move before it: a pass reads the parties of its own events.
_PART = (
    "hash(e.negated, e.hypothetical, e.historical, list_min(e.actor_countries || "
    "e.recipient_countries), list_max(e.actor_countries || e.recipient_countries)) % ? = ?"
)
#: Stored events per pass of :func:`iter_candidates`. DuckDB sorts a pass's candidates with
#: every column de-duplication reads, so this, not the size of the store, bounds its memory.
EVENTS_PER_PASS = 25_000


def iter_candidates(
    con: duckdb.DuckDBPyConnection,
    execute: Callable[[duckdb.DuckDBPyConnection, str, Sequence[object]], object],
    batch: int = 2_000,
    events_per_pass: int = EVENTS_PER_PASS,
) -> Iterator[DedupRow]:
    """The candidate rows, grouped, streamed from a cursor of ``con`` on which ``execute``
    runs the query (the store's, which can raise its memory cap).

    A store of more than ``events_per_pass`` events is read in as many passes as that takes,
    each over the groups whose hash falls in it: every group comes whole from one pass, the
    rows of each group in the order of one query over the whole store (groups of different
    passes come in another order, and the planner takes each group on its own)."""
    cursor = con.cursor()
    try:
        stored = cursor.execute("SELECT count(*) FROM events").fetchone()
        passes = pass_count(stored[0] if stored else 0, events_per_pass)
        for part in range(passes):
            if passes == 1:
                execute(cursor, _CANDIDATES.replace("{part}", "TRUE"), ())
            else:
                execute(cursor, _CANDIDATES.replace("{part}", _PART), (passes, part))
            while rows := cursor.fetchmany(batch):
                yield from (_dedup_row(row) for row in rows)
    finally:
        cursor.close()


def pass_count(events: int, events_per_pass: int) -> int:
    """Passes of :func:`iter_candidates` over a store of ``events`` events: at least one."""
    return max(1, -(-events // max(1, events_per_pass)))


def _dedup_row(row: tuple[Any, ...]) -> DedupRow:
    id_, doc_id, kind, negated, hypothetical, historical, when, precision, published = row[:9]
    actors, recipients, cameo, quad, amount, sentence, trigger = row[9:16]
    group = tuple(row[16] or ())
    return DedupRow(
        id_, doc_id, kind, negated, hypothetical, historical, when, precision, published,
        tuple(map(_party, actors)), tuple(map(_party, recipients)),
        _quad(kind, cameo, quad), amount, sentence or "", trigger or "", group,
    )  # fmt: skip


@lru_cache(maxsize=4096)
def _party(packed: str) -> Party:
    """:meth:`Party.parse`, remembered: the same parties recur in every group."""
    return Party.parse(packed)


@lru_cache(maxsize=1024)
def _quad(kind: str, cameo: str | None, stored: int | None) -> int:
    """The quad class of a CAMEO code (an appeal, 02, is verbal cooperation), else the one
    stored with the event, else its PLOVER type's."""
    from ..model import PloverType
    from ..ontology import cameo_table, quad_class

    info = cameo_table().get(cameo or "")
    if info is not None:
        return info.quad_class
    return int(stored) if stored else quad_class(PloverType(kind))


def canonical_ids(con: duckdb.DuckDBPyConnection) -> set[str]:
    """The events that absorbed others."""
    return {row[0] for row in con.execute("SELECT DISTINCT canonical_id FROM merges").fetchall()}


def absorbed_rows(con: duckdb.DuckDBPyConnection, ids: Sequence[str]) -> dict[str, list[DedupRow]]:
    """Canonical event id -> the events it absorbed, as candidate rows, for ``ids``."""
    select = _select("merged_events").replace("SELECT ", "SELECT m.canonical_id, ", 1)
    rows = con.execute(
        f"{select} JOIN merges m ON m.event_id = e.id WHERE m.canonical_id IN (SELECT unnest(?))",
        [list(ids)],
    ).fetchall()
    found: dict[str, list[DedupRow]] = {}
    for canonical, *rest in rows:
        found.setdefault(canonical, []).append(_dedup_row(tuple(rest)))
    return found


def split_pairs(con: duckdb.DuckDBPyConnection) -> set[tuple[str, str]]:
    return {(a, b) for a, b in con.execute("SELECT event_a, event_b FROM merge_splits").fetchall()}


def merge_many(
    con: duckdb.DuckDBPyConnection,
    groups: Sequence[tuple[str, Sequence[str]]],
    rule: str | Mapping[str, str],
    stamp: datetime,
) -> None:
    """Move each group's members into ``merged_events`` under its canonical event and update
    the canonical events' sources, in a fixed number of statements whatever the number of
    groups (a merge per statement cost 12 ms: minutes for a day of news). ``rule`` says why,
    for every member or per member id (``merges.rule``).

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
    by_rule: dict[str, tuple[list[str], list[str]]] = {}
    for member, owner in zip(members, owners, strict=True):
        why = rule if isinstance(rule, str) else rule.get(member, "")
        pair = by_rule.setdefault(why, ([], []))
        pair[0].append(member)
        pair[1].append(owner)
    for why, (ids, canonicals) in by_rule.items():  # a few reasons: a few statements
        con.execute(
            "INSERT INTO merges SELECT unnest(?), unnest(?), ?, ?", [ids, canonicals, stamp, why]
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
