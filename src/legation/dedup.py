"""De-duplication: one real-world event, many reports.

Two passes, both conservative (a wrong merge hides an event; a missed one only counts it
twice):

* **Within one document** (:func:`collapse_repeats`, run on every coded document before it
  is stored): a repeated mention of the same event — same type, same actors and recipients
  (knowledge-base entity; else code, with the name or words of a person or office the
  knowledge base does not know, so that two unknown ministers of one state stay two
  counterparts; else the words), same date and precision, same factuality flags — is one
  event; the first mention is kept. A mention with no date of its own on the day another
  mention of it gives is that mention. A meeting told again between the states alone ("The
  two sides reviewed ...", "During the call, they discussed ...") on the day of a meeting
  of the same two states that names who met is that meeting.
* **Across documents** (:func:`deduplicate`, run on the store after coding): events from
  different documents become one event when all of these hold:

  - the same factuality flags;
  - the same parties: each party by knowledge-base entity, else actor code (an event with a
    party that has neither is never merged); a reference to a state ("Pakistan",
    "Islamabad", a bare ``PAKGOV``) also matches another reference to it and an institution
    of that state ("the Foreign Office"), never a person. For a *symmetric* type
    (:data:`SYMMETRIC`: a meeting, a call, joint action) the sides may be mirrored — a
    meeting between A and B is one meeting whoever the grammatical subject is ("Trump met
    Munir", "Munir met Trump");
  - compatible dates: the windows of :func:`~legation.dates.date_window` overlap. An event
    with no date of its own is placed by its document's publication date: the
    :data:`~legation.dates.UNKNOWN_WINDOW_DAYS` days up to it (a planned event: the
    :data:`PLANNED_WINDOW_DAYS` after it), so undated reports of documents published close
    together merge; a historical event with no date never does;
  - the same type — or types of one quad class (by CAMEO code: an appeal during a visit is
    verbal cooperation like the meeting) for the same parties on the same day, every report
    dated to that day ("met Rubio on Monday" and "asked Rubio on Monday to help"); for
    plans (hypothetical events), in overlapping windows ("will meet Rubio on July 25", an
    intent to meet; "is expected to hold talks with Rubio next week", a planned meeting);
  - the same content, for statements (:data:`STATEMENTS`: appeals, accusations, praise,
    rejections...): two statements that each say enough (three content words or more) and
    share too little of it (:func:`similar`) are two remarks, whatever their speaker, type
    and day; and the same amount, when both give one.

  The reports of one type merge first, then reports of related types join on the same
  day. The canonical event is the one with the most precise date (then the earliest
  publication, then the smallest id); an event already canonical stays so, and a later
  report joins it only if it fits every report it absorbed (their window, types, parties and
  content), so running again changes nothing. Its ``sources`` counts the reports; the others
  move to ``merged_events`` and each merge is recorded in ``merges`` with its reason
  (:data:`RULE` and ``same type``, ``mirrored``, ``related type`` or ``publication date``):
  :meth:`Store.unmerge <legation.store.Store.unmerge>` undoes it, and pairs pulled apart are
  never merged again.
"""

from __future__ import annotations

import bisect
import itertools
import logging
import re
from collections import defaultdict
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date, timedelta
from typing import TYPE_CHECKING, NamedTuple

from .dates import UNKNOWN_WINDOW_DAYS as UNKNOWN_WINDOW_DAYS
from .dates import date_window as date_window
from .lang import Language, language
from .model import Actor, ActorKind, DatePrecision, Event, PloverType

if TYPE_CHECKING:
    from .store import DedupRow, Party, Store

log = logging.getLogger(__name__)

RULE = "dedup.v2"
#: A planned (hypothetical) event with no date of its own may happen this many days after its
#: report.
PLANNED_WINDOW_DAYS = 14
#: Types whose two sides can be told either way round.
SYMMETRIC = frozenset({PloverType.CONSULT, PloverType.COOPERATE})
#: Types whose events are statements: two of them with different content are two remarks.
STATEMENTS = frozenset(
    {PloverType.AGREE, PloverType.SUPPORT, PloverType.CONCEDE, PloverType.REQUEST,
     PloverType.ACCUSE, PloverType.REJECT, PloverType.THREATEN}
)  # fmt: skip
#: Below this share of the smaller statement's content words in common, two statements that
#: each have :data:`MIN_CONTENT` content words or more differ.
MIN_OVERLAP = 0.2
MIN_CONTENT = 3
_TYPES = {t.value: t for t in PloverType}
_NONE: frozenset[str] = frozenset()
_PRECISION_RANK = {p: i for i, p in enumerate(("day", "week", "month", "year", "unknown"))}
_BODY_KINDS = frozenset({ActorKind.INSTITUTION.value, ActorKind.OFFICE.value})
_WORD = re.compile(r"(?<![\w-])[a-z][a-z-]{3,}|\d[\d.,]*")

Window = tuple[date, date]
#: Looks up the reports some canonical events absorbed before (see :func:`plan_merges`).
AbsorbedLookup = Callable[[Sequence[str]], Mapping[str, Sequence["DedupRow"]]]


class MergeGroup(NamedTuple):
    """One planned merge: the canonical event, the events it absorbs, and why each one."""

    canonical: str
    members: list[str]
    reasons: dict[str, str]


@dataclass(frozen=True, slots=True)
class DedupResult:
    """What one :func:`deduplicate` run did."""

    merges: int = 0  # canonical events that absorbed at least one new report
    absorbed: int = 0  # events that became extra sources of another


# --------------------------------------------------------------------------- within a document


def collapse_repeats(events: Sequence[Event]) -> tuple[list[Event], int]:
    """Keep the first mention of each event in one document, and drop a meeting told again
    between the states alone ("The two sides reviewed progress", "During the call, they
    discussed ...") after the document named who met; returns (events, dropped)."""
    kept: list[Event] = []
    seen: set[tuple[object, ...]] = set()
    met = {key for e in events if (key := _meeting_key(e, people=True)) is not None}
    dated = {
        day
        for e in events
        if e.date_precision is not DatePrecision.UNKNOWN and (day := _day_key(e)) is not None
    }
    for event in events:
        key = _mention_key(event)
        if key is not None and key in seen:
            continue
        if (
            key is not None
            and event.date_precision is DatePrecision.UNKNOWN
            and _day_key(event) in dated
        ):
            continue  # told again with no date of its own, on the day the text gives it
        if _meeting_key(event, people=False) in met:
            continue
        if key is not None:
            seen.add(key)
        kept.append(event)
    return kept, len(events) - len(kept)


#: Kinds of party that say who met: a person, an office's holder.
PEOPLE = frozenset({ActorKind.PERSON, ActorKind.OFFICE})


def _meeting_key(event: Event, people: bool) -> tuple[object, ...] | None:
    """A meeting by its two states (either way round), day and flags: of one that says who
    met whom (``people``: a person or an office on each side), or of one that names no one
    met, only a state ("the two sides reviewed ...", "his visit to China", after talks there
    with its foreign minister)."""
    if event.event_type is not PloverType.CONSULT or not (event.actors and event.recipients):
        return None
    who, whom = (any(a.kind in PEOPLE for a in side) for side in (event.actors, event.recipients))
    if people and not (who and whom):
        return None
    if not people and not all(a.kind is ActorKind.COUNTRY for a in event.recipients):
        return None
    sides = frozenset(
        (frozenset(a.country for a in event.actors), frozenset(a.country for a in event.recipients))
    )
    if any(None in side for side in sides):
        return None
    flags = (event.negated, event.hypothetical, event.historical)
    return (sides, event.date, flags)  # an undated retelling falls on the meeting's day


def _day_key(event: Event) -> tuple[object, ...] | None:
    """:func:`_mention_key` without the date's precision."""
    return _mention_key(event, precise=False)


def _mention_key(event: Event, precise: bool = True) -> tuple[object, ...] | None:
    if not (event.actors or event.recipients):
        return None
    return (
        event.event_type,
        frozenset(_party(a) for a in event.actors),
        frozenset(_party(a) for a in event.recipients),
        event.date,
        event.date_precision if precise else None,
        event.negated,
        event.hypothetical,
        event.historical,
    )


def _party(actor: Actor) -> str:
    """A party as one document's repeats compare it: its knowledge-base entity; else its
    code, for a person, an office or a party of unknown kind with the name it goes by (or
    its words: two ministers the knowledge base does not know, both ``ETHGOV``, are two
    counterparts); else its words."""
    words = " ".join(actor.text.lower().split())
    if actor.entity_id:
        return actor.entity_id
    if actor.code and actor.kind in (ActorKind.PERSON, ActorKind.OFFICE, ActorKind.UNKNOWN):
        return f"{actor.code} {actor.name or words}"
    return actor.code or words


# --------------------------------------------------------------------------- one report


class Report(NamedTuple):
    """One stored event as cross-document de-duplication sees it (a named tuple: made once
    per candidate row, and tuples are made fast)."""

    id: str
    doc_id: str
    event_type: PloverType
    quad: int
    actors: tuple[Party, ...]
    recipients: tuple[Party, ...]
    window: Window
    day: date | None  # the day, when the event is dated to one
    rank: tuple[int, date, str]  # canonical preference: smallest first
    words: frozenset[str] | None  # a statement's content words
    amount: float | None
    undated: bool  # placed by its document's publication date
    symmetric: bool  # of a type whose sides can be told either way round
    planned: bool  # hypothetical: a plan, dated loosely if at all


def report(row: DedupRow) -> Report | None:
    """The report of a candidate row, or None if it cannot be placed in time."""
    window = row_window(row)
    if window is None:
        return None
    kind = _TYPES[row.event_type]
    day = window[0] if row.date_precision == "day" and window[0] == window[1] else None
    return Report(
        id=row.id,
        doc_id=row.doc_id,
        event_type=kind,
        quad=row.quad,
        actors=row.actors,
        recipients=row.recipients,
        window=window,
        day=day,
        rank=(_PRECISION_RANK.get(row.date_precision, 9), row.published or date.max, row.id),
        words=content_words(row.sentence, row.trigger) if kind in STATEMENTS else None,
        amount=row.amount,
        undated=row.date is None or row.date_precision == "unknown",
        symmetric=kind in SYMMETRIC,
        planned=row.hypothetical,
    )


def row_window(row: DedupRow) -> Window | None:
    """The event's own window, else one from its document's publication date."""
    own = date_window(row.date, row.date_precision)
    if own is not None or row.published is None or row.historical:
        return own
    if row.hypothetical:
        return row.published, row.published + timedelta(days=PLANNED_WINDOW_DAYS)
    return row.published - timedelta(days=UNKNOWN_WINDOW_DAYS), row.published


def content_words(sentence: str, trigger: str = "", lang: Language | None = None) -> frozenset[str]:
    """What a statement is about: its lower-case words of four letters or more (first five
    letters: "tariffs" and "tariff" agree) and its numbers, less common and news words (the
    stop words of ``lang``, default English), names (capitalised) and the trigger."""
    skip = trigger.lower()
    stop = (lang or language()).stop_words
    return frozenset(
        w[:5]
        for w in _WORD.findall(sentence)
        if w not in stop and w != skip and not w.startswith(skip or "\0")
    )


def similar(a: frozenset[str] | None, b: frozenset[str] | None) -> bool:
    """Whether two statements can be one: either says too little to tell, or they share at
    least :data:`MIN_OVERLAP` of the smaller one's content words."""
    if a is None or b is None or min(len(a), len(b)) < MIN_CONTENT:
        return True
    return len(a & b) / min(len(a), len(b)) >= MIN_OVERLAP


def parties_match(a: Sequence[Party], b: Sequence[Party]) -> bool:
    """Every party of each side has a match on the other (see the module doc)."""
    return all(any(_same(p, q) for q in b) for p in a) and all(
        any(_same(q, p) for p in a) for q in b
    )


def _same(p: Party, q: Party) -> bool:
    if p.key == q.key:
        return True
    if not p.country or p.country != q.country:
        return False
    if p.state and q.state:  # "Washington" and "the American government"
        return True
    return (p.state and q.kind in _BODY_KINDS) or (q.state and p.kind in _BODY_KINDS)


def sides_match(a: Report, b: Report) -> bool:
    """Same actors and same recipients, or (a symmetric type on either side) the same
    sides the other way round -- or the same parties, when one report puts them all on one
    side ("A and B met", "A met B")."""
    if parties_match(a.actors, b.actors) and parties_match(a.recipients, b.recipients):
        return True
    if not (a.symmetric or b.symmetric):
        return False
    if parties_match(a.actors, b.recipients) and parties_match(a.recipients, b.actors):
        return True
    one_sided = not (a.recipients and b.recipients)
    return one_sided and parties_match(a.actors + a.recipients, b.actors + b.recipients)


# --------------------------------------------------------------------------- clusters


@dataclass(slots=True)
class _Cluster:
    """Reports of one event so far, with what every check needs: the window they share,
    their documents, types, quad classes and days, and each distinct way of giving its
    parties, content and amount to check a newcomer against."""

    window: Window
    items: list[Report] = field(default_factory=list)
    docs: set[str] = field(default_factory=set)
    ids: set[str] = field(default_factory=set)
    canonical: str | None = None  # an event that was already canonical before this run
    types: set[PloverType] = field(default_factory=set)
    quads: set[int] = field(default_factory=set)
    days: set[date | None] = field(default_factory=set)
    sides: dict[tuple[object, ...], Report] = field(default_factory=dict)
    words: set[frozenset[str]] = field(default_factory=set)  # statements that say enough
    amounts: set[float] = field(default_factory=set)

    @classmethod
    def of(cls, item: Report, state: _State) -> _Cluster:
        cluster = cls(item.window)
        cluster.add(item, state)
        return cluster

    def add(self, item: Report, state: _State) -> None:
        self.items.append(item)
        self.ids.add(item.id)
        before = state.absorbed.get(item.id, ())
        if before:
            self.canonical = item.id
        for report_ in (item, *before) if before else (item,):
            self.window = _overlap(self.window, report_.window) or self.window
            self.docs.add(report_.doc_id)
            self.types.add(report_.event_type)
            self.quads.add(report_.quad)
            self.days.add(report_.day)
            self.sides.setdefault(_sides_key(report_), report_)
            if report_.words is not None and len(report_.words) >= MIN_CONTENT:
                self.words.add(report_.words)
            if report_.amount is not None:
                self.amounts.add(report_.amount)

    def absorb(self, other: _Cluster, state: _State) -> None:
        for item in other.items:
            self.add(item, state)


def _sides_key(item: Report) -> tuple[object, ...]:
    return (item.actors, item.recipients, item.symmetric)


@dataclass(frozen=True, slots=True)
class _State:
    absorbed: dict[str, list[Report]]  # existing canonical -> the reports it absorbed
    apart: Mapping[str, set[str]]  # event -> the events a user split it from (both ways)
    memo: dict[tuple[object, ...], bool] = field(default_factory=dict)  # sides compared

    @classmethod
    def of(
        cls, absorbed: Mapping[str, Sequence[DedupRow]], apart: Mapping[str, set[str]]
    ) -> _State:
        reports = {
            canonical: [r for row in rows if (r := report(row)) is not None]
            for canonical, rows in absorbed.items()
        }
        return cls(reports, apart)


def _apart(splits: Iterable[tuple[str, str]]) -> dict[str, set[str]]:
    apart: dict[str, set[str]] = defaultdict(set)
    for a, b in splits:
        apart[a].add(b)
        apart[b].add(a)
    return dict(apart)


def _overlap(a: Window, b: Window) -> Window | None:
    start, end = max(a[0], b[0]), min(a[1], b[1])
    return (start, end) if start <= end else None


def _fits(target: _Cluster, other: _Cluster, state: _State) -> bool:
    """Whether two clusters (a new report is a cluster of one) can be one event."""
    if target.docs & other.docs or (target.canonical and other.canonical):
        return False
    if any(state.apart.get(i, _NONE) & target.ids for i in other.ids):
        return False
    window = _overlap(target.window, other.window)
    if window is None:
        return False
    if len(target.types | other.types) > 1:
        # types may differ only when every report is of one day and one quad class
        one_day = window[0] == window[1] and target.days | other.days == {window[0]}
        if not (one_day or other.items[0].planned) or len(target.quads | other.quads) > 1:
            return False
    if len(target.amounts | other.amounts) > 1:
        return False
    sides = [(a, b) for a in other.sides.values() for b in target.sides.values()]
    if not all(_sides_fit(a, b, state) for a, b in sides):
        return False
    return all(similar(a, b) for a in other.words for b in target.words)


def _admits(target: _Cluster, item: Report, state: _State) -> bool:
    """:func:`_fits` for one new report (the common case, kept cheap)."""
    if item.id in state.absorbed:
        return _fits(target, _Cluster.of(item, state), state)
    if item.doc_id in target.docs or state.apart.get(item.id, _NONE) & target.ids:
        return False
    window = _overlap(target.window, item.window)
    if window is None:
        return False
    if item.event_type not in target.types or len(target.types) > 1:
        one_day = window[0] == window[1] and target.days | {item.day} == {window[0]}
        if not (one_day or item.planned) or target.quads != {item.quad}:
            return False
    if item.amount is not None and target.amounts and target.amounts != {item.amount}:
        return False
    key = _sides_key(item)
    if key not in target.sides and not all(
        _sides_fit(item, b, state) for b in target.sides.values()
    ):
        return False
    words = item.words
    if words is None or len(words) < MIN_CONTENT:
        return True
    size = len(words)
    return all(len(words & w) >= MIN_OVERLAP * min(size, len(w)) for w in target.words)


def _sides_fit(a: Report, b: Report, state: _State) -> bool:
    """:func:`sides_match`, remembered for the run (the same parties recur)."""
    key = (_sides_key(a), _sides_key(b))
    found = state.memo.get(key)
    if found is None:
        found = state.memo[key] = sides_match(a, b)
    return found


@dataclass(frozen=True, slots=True)
class History:
    """What earlier runs did: the events that absorbed others, a way to read the reports
    each absorbed (only those that may take a new one are read), the pairs users split."""

    canonicals: frozenset[str] = frozenset()
    read: AbsorbedLookup = field(default=lambda ids: {})
    splits: frozenset[tuple[str, str]] = frozenset()

    @classmethod
    def of(
        cls,
        absorbed: Mapping[str, Sequence[DedupRow]] | None = None,
        splits: Iterable[tuple[str, str]] = (),
    ) -> History:
        """A history held in memory: canonical id -> the rows it absorbed."""
        known = dict(absorbed or {})
        return cls(
            frozenset(known),
            lambda ids: {i: known[i] for i in ids if i in known},
            frozenset(splits),
        )


def plan_merges(rows: Iterable[DedupRow], history: History | None = None) -> list[MergeGroup]:
    """The merges to make (see the module doc). A new report joins an existing canonical
    event only where it fits every report that one absorbed before (``history``), so a
    second run over an unchanged store plans nothing.

    ``rows`` come grouped by :attr:`DedupRow.key` (as :meth:`Store.dedup_candidates` gives
    them): only one group is held in memory at a time."""
    past = history or History()
    apart = _apart(past.splits)
    plans: list[MergeGroup] = []
    for _, group in itertools.groupby(rows, key=lambda r: r.key):
        items = _open_to_change(
            [item for row in group if (item := report(row)) is not None], past.canonicals
        )
        if len(items) > 1:
            ids = [i.id for i in items if i.id in past.canonicals]
            state = _State.of(past.read(ids) if ids else {}, apart)
            clusters = _related(_by_type(items, state), state)
            plans.extend(p for c in clusters if len(c.items) > 1 and (p := _plan(c)).members)
    return plans


def _open_to_change(items: list[Report], canonicals: frozenset[str]) -> list[Report]:
    """The reports that may take part in a merge: the new ones, and the existing canonical
    events whose window meets a new one's (two canonical events never merge)."""
    fresh = sorted((i for i in items if i.id not in canonicals), key=lambda i: i.window)
    if not fresh:
        return []
    starts = [i.window[0] for i in fresh]
    reach = list(itertools.accumulate((i.window[1] for i in fresh), max))
    kept = list(fresh)
    for item in items:
        if item.id in canonicals:
            n = bisect.bisect_right(starts, item.window[1])  # fresh ones starting in time
            if n and reach[n - 1] >= item.window[0]:
                kept.append(item)
    return kept


def _by_type(items: list[Report], state: _State) -> list[_Cluster]:
    """Reports of one type (and, unless symmetric, one direction) by a greedy sweep in date
    order: a report joins the first open cluster it fits."""
    buckets: dict[tuple[object, ...], list[Report]] = defaultdict(list)
    for item in items:
        buckets[(item.event_type, _direction(item))].append(item)
    out: list[_Cluster] = []
    for bucket in buckets.values():
        done: list[_Cluster] = []
        open_: list[_Cluster] = []
        for item in sorted(bucket, key=lambda i: (i.window, i.rank)):
            done.extend(c for c in open_ if c.window[1] < item.window[0])
            open_ = [c for c in open_ if c.window[1] >= item.window[0]]
            target = next((c for c in open_ if _admits(c, item, state)), None)
            if target is None:
                open_.append(_Cluster.of(item, state))
            else:
                target.add(item, state)
        out.extend(done + open_)
    return out


def _direction(item: Report) -> tuple[tuple[str, ...], ...]:
    """The countries of each side; for a symmetric type, of both sides together (it shares
    one bucket whatever its direction)."""
    actors = tuple(sorted({p.country or p.key for p in item.actors}))
    recipients = tuple(sorted({p.country or p.key for p in item.recipients}))
    if item.symmetric:
        return (tuple(sorted({*actors, *recipients})),)
    return actors, recipients


def _related(clusters: list[_Cluster], state: _State) -> list[_Cluster]:
    """Clusters of other types (and directions) that report one event on one day -- or, for
    plans, in overlapping windows ("will meet Rubio on July 25", "is expected to hold talks
    with Rubio next week")."""
    by_day: dict[date | None, list[_Cluster]] = defaultdict(list)
    rest: list[_Cluster] = []
    for cluster in clusters:
        day = cluster.window[0]
        if cluster.items[0].planned:
            by_day[None].append(cluster)
        elif cluster.days == {day}:
            by_day[day].append(cluster)
        else:
            rest.append(cluster)
    for day_clusters in by_day.values():
        merged: list[_Cluster] = []
        for cluster in sorted(day_clusters, key=_order):
            target = next((c for c in merged if _fits(c, cluster, state)), None)
            if target is None:
                merged.append(cluster)
            else:
                target.absorb(cluster, state)
        rest.extend(merged)
    return rest


def _order(cluster: _Cluster) -> tuple[bool, int, tuple[int, date, str]]:
    """Existing merges first, then the larger, then the best-dated."""
    return (cluster.canonical is None, -len(cluster.items), min(i.rank for i in cluster.items))


def _plan(cluster: _Cluster) -> MergeGroup:
    chosen = cluster.canonical or min(cluster.items, key=lambda i: i.rank).id
    canonical = next(i for i in cluster.items if i.id == chosen)
    members = sorted(i.id for i in cluster.items if i.id != chosen)
    reasons = {i.id: f"{RULE} {_reason(canonical, i)}" for i in cluster.items if i.id != chosen}
    return MergeGroup(chosen, members, reasons)


def _reason(canonical: Report, member: Report) -> str:
    """Why ``member`` is a report of ``canonical``'s event (kept in ``merges.rule``)."""
    if member.event_type is not canonical.event_type:
        return "related type"
    if member.actors != canonical.actors and not parties_match(member.actors, canonical.actors):
        return "mirrored"
    if member.undated or canonical.undated:
        return "publication date"
    return "same type"


def deduplicate(store: Store) -> DedupResult:
    """Merge the store's cross-document duplicates (see the module doc); reversible."""
    canonicals, splits = store.merge_state()
    history = History(frozenset(canonicals), store.absorbed, frozenset(splits))
    groups = plan_merges(store.dedup_candidates(), history)
    rules = {m: r for g in groups for m, r in g.reasons.items()}
    pairs = [(g.canonical, g.members) for g in groups]
    absorbed_count = store.merge_events(pairs, rules) if groups else 0
    log.info("dedup: %d events absorbed into %d canonical events", absorbed_count, len(groups))
    return DedupResult(len(groups), absorbed_count)
