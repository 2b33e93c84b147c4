"""Which events to read, and the SQL that selects them: the store's one filter builder.

:class:`EventFilters` (the analysis functions, the web app and ``legation events``) and
:class:`EventQuery` (:meth:`Store.events`, exports) both become a condition of fixed text with
bound parameters, over ``events e JOIN documents d``. They differ in one thing: an
:class:`EventFilters` side in capitals (``PAK``, ``PAKMIL``) matches an actor's country or its
code, an :class:`EventQuery` dyad side a country (three letters) or a code (longer) alone.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date
from typing import Any, Literal

from ..errors import StoreError
from ..model import PloverType

Flag = Literal["hypothetical", "historical", "negated", "uncertain"]
SideKind = Literal["country", "code", "igo", "person", "institution", "office", "name"]
#: A period of a series, how a series is split, and the level of a network's nodes.
Freq = Literal["week", "month", "quarter", "year"]
SeriesBy = Literal["type", "quad"]
NetworkLevel = Literal["country", "code", "entity"]

#: An event is current when it is none of these.
CURRENT = "NOT (e.negated OR e.hypothetical OR e.historical OR e.uncertain)"
#: An event's date: its own start date, else its document's publication date.
EVENT_DATE = "COALESCE(e.date_start, d.published)"


@dataclass(frozen=True, slots=True)
class Side:
    """A side of a dyad (or an actor to follow) as :func:`~legation.analysis.resolve_side`
    understood it: ``query`` is what the user wrote, ``key`` what the filters use (``PAK``,
    ``PAKMIL``, ``IGOUNO``, ``person:asim_munir``, ``institution:PAK.mofa``,
    ``office:PAK.coas``, or a name the store holds), ``name`` how to show it and
    ``description`` what it stands for. An office stands for whoever held it: events whose
    party carries its ``role`` in its ``country`` (as the store writes them)."""

    query: str
    key: str
    kind: SideKind
    name: str
    country: str | None = None
    description: str = ""
    role: str | None = None


@dataclass(frozen=True, slots=True)
class EventFilters:
    """Which events a table, export or page shows (see the module docstring for keys).

    ``a`` alone selects events ``a`` takes part in (as actor when ``directed``); ``a`` and
    ``b`` select the dyad; each is a key or a resolved :class:`Side`. ``actor`` and ``text``
    are case-insensitive substrings of any participant's text/name/code and of the sentence.
    ``min_confidence`` keeps events coded with at least that confidence, ``outlet`` those of
    one outlet (``""``: documents without one), ``undated`` only events with no date at all
    (neither the event's nor its document's), ``flag`` only hypothetical, historical or negated
    events (not current, so shown whatever ``include_noncurrent`` says), ``merged`` only events
    with reports from several documents."""

    a: str | Side | None = None
    b: str | Side | None = None
    directed: bool = False
    event_types: tuple[PloverType, ...] = ()
    quad_class: int | None = None
    actor: str | None = None
    text: str | None = None
    since: date | None = None
    until: date | None = None
    include_noncurrent: bool = False
    min_confidence: float | None = None
    outlet: str | None = None
    undated: bool = False
    flag: Flag | None = None
    merged: bool = False


@dataclass(frozen=True, slots=True)
class EventQuery:
    """Which events to read. ``dyad`` is ``"PAK-USA"`` (ISO3 countries, matched against every
    actor and recipient) or CAMEO-style codes (``"PAKMIL-USAGOV"``); undirected unless
    ``directed``. ``since``/``until`` apply to the event date, else the publication date."""

    dyad: str | tuple[str, str] | None = None
    directed: bool = False
    event_type: str | None = None
    since: date | None = None
    until: date | None = None
    include_noncurrent: bool = False
    limit: int | None = None

    def where(self) -> tuple[str, list[Any]]:
        """SQL condition (fixed text, values bound) and its parameters."""
        where = _Where()
        if self.dyad:
            where.add(*_dyad_clause(self.dyad, self.directed))
        if self.event_type:
            where.add("e.event_type = ?", [_plover(self.event_type)])
        _add_dates(where, self.since, self.until)
        if not self.include_noncurrent:
            where.add(CURRENT)
        return where.sql()


def _dyad_clause(dyad: str | tuple[str, str], directed: bool) -> tuple[str, list[Any]]:
    """An EventQuery's dyad: a three-letter side is matched against countries alone, a
    longer one against actor codes alone (unlike :class:`EventFilters`)."""
    a, b = _parse_dyad(dyad)
    forward = f"({_exact_side('actor', a)} AND {_exact_side('recipient', b)})"
    if directed:
        return forward, [a, b]
    backward = f"({_exact_side('actor', b)} AND {_exact_side('recipient', a)})"
    return f"({forward} OR {backward})", [a, b, b, a]


def _exact_side(role: str, code: str) -> str:
    column = f"{role}_countries" if len(code) == 3 else f"{role}_codes"
    return f"list_contains(e.{column}, ?)"


def _parse_dyad(dyad: str | tuple[str, str]) -> tuple[str, str]:
    parts = [p.strip().upper() for p in (dyad.split("-") if isinstance(dyad, str) else dyad)]
    if len(parts) != 2 or not all(p.isalnum() and len(p) >= 3 for p in parts):
        raise StoreError(
            f"cannot read the dyad {dyad!r}: write two ISO3 country codes or actor codes "
            "joined by '-', e.g. PAK-USA or PAKMIL-USAGOV"
        )
    return parts[0], parts[1]


def _plover(name: str) -> str:
    try:
        return PloverType(name.strip().upper()).value
    except ValueError:
        valid = ", ".join(t.value for t in PloverType)
        raise StoreError(f"unknown event type {name!r}; choose one of: {valid}") from None


# --------------------------------------------------------------------------- SQL


def like(text: str) -> str:
    escaped = text.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")
    return f"%{escaped}%"


def _is_code(key: str) -> bool:
    return key.isascii() and key.isalnum() and key.isupper() and len(key) >= 2


def side_sql(role: Literal["actor", "recipient"], key: str | Side) -> tuple[str, list[Any]]:
    """SQL for "``key`` is among the event's actors (or recipients)"."""
    if isinstance(key, Side):
        if key.kind == "office" and key.role:
            return _office(role, key)
        key = key.key
    if _is_code(key):
        return f"(list_contains(e.{role}_countries, ?) OR list_contains(e.{role}_codes, ?))", [
            key,
            key,
        ]
    ids = f"json_extract_string(e.{role}s, '$[*].entity_id')"
    names = f"json_extract_string(e.{role}s, '$[*].name')"
    return f"(list_has_any({ids}, ?::VARCHAR[]) OR list_contains({names}, ?))", [
        entity_forms(key),
        key,
    ]


_ROLE_SCHEMA = '[{"role": "VARCHAR", "country": "VARCHAR"}]'


def _office(role: Literal["actor", "recipient"], office: Side) -> tuple[str, list[Any]]:
    """An office: its holders while they held it (the role written on them) and mentions of
    the office itself."""
    ids = f"json_extract_string(e.{role}s, '$[*].entity_id')"
    parties = f"from_json(e.{role}s, '{_ROLE_SCHEMA}')"
    held = f"list_transform({parties}, lambda p: p.role || '@' || p.country)"
    sql = f"(list_contains({ids}, ?) OR list_contains({held}, ?))"
    return sql, [office.key, f"{office.role}@{office.country}"]


def entity_forms(key: str) -> list[str]:
    """The entity ids a key may stand for: ``asim_munir`` is ``person:asim_munir`` in events."""
    return [key] if ":" in key else [key, f"person:{key}"]


def kb_id(entity: str) -> str:
    """The knowledge-base id of an event's entity id (``person:asim_munir`` → ``asim_munir``)."""
    return entity.split(":", 1)[1] if entity.startswith("person:") else entity


def either_sql(key: str | Side) -> tuple[str, list[Any]]:
    a_sql, a_params = side_sql("actor", key)
    r_sql, r_params = side_sql("recipient", key)
    return f"({a_sql} OR {r_sql})", [*a_params, *r_params]


def _dyad(a: str | Side, b: str | Side | None, directed: bool) -> tuple[str, list[Any]]:
    if b is None:
        return side_sql("actor", a) if directed else either_sql(a)
    fa, pa_ = side_sql("actor", a)
    fb, pb = side_sql("recipient", b)
    if directed:
        return f"({fa} AND {fb})", [*pa_, *pb]
    ba, pba = side_sql("actor", b)
    bb, pbb = side_sql("recipient", a)
    return f"(({fa} AND {fb}) OR ({ba} AND {bb}))", [*pa_, *pb, *pba, *pbb]


_PARTY_TEXT = (
    "concat_ws(' ', json_extract_string(e.actors, '$[*].text')::VARCHAR, "
    "json_extract_string(e.actors, '$[*].name')::VARCHAR, array_to_string(e.actor_codes, ' '), "
    "json_extract_string(e.recipients, '$[*].text')::VARCHAR, "
    "json_extract_string(e.recipients, '$[*].name')::VARCHAR, "
    "array_to_string(e.recipient_codes, ' '))"
)


_FLAGS = {
    "hypothetical": "e.hypothetical",
    "historical": "e.historical",
    "negated": "e.negated",
    "uncertain": "e.uncertain",
}


class _Where:
    """Conditions joined with AND (``TRUE`` first), and their bound parameters in order."""

    def __init__(self) -> None:
        self.clauses: list[str] = ["TRUE"]
        self.params: list[Any] = []

    def add(self, sql: str, values: Iterable[Any] = ()) -> None:
        self.clauses.append(sql)
        self.params.extend(values)

    def sql(self) -> tuple[str, list[Any]]:
        return " AND ".join(self.clauses), self.params


def _add_dates(where: _Where, since: date | None, until: date | None) -> None:
    if since is not None:
        where.add(f"{EVENT_DATE} >= ?", [since])
    if until is not None:
        where.add(f"{EVENT_DATE} <= ?", [until])


def filter_sql(filters: EventFilters) -> tuple[str, list[Any]]:
    """The SQL condition (fixed text) and bound parameters for ``filters``."""
    where = _Where()
    add = where.add
    if filters.a:
        add(*_dyad(filters.a, filters.b, filters.directed))
    elif filters.b:
        add(*_dyad(filters.b, None, False))
    if filters.event_types:
        add("list_contains(?, e.event_type)", [[t.value for t in filters.event_types]])
    if filters.quad_class is not None:
        add("e.quad_class = ?", [filters.quad_class])
    if filters.actor:
        add(f"{_PARTY_TEXT} ILIKE ? ESCAPE '\\'", [like(filters.actor)])
    if filters.text:
        add("e.sentence_text ILIKE ? ESCAPE '\\'", [like(filters.text)])
    _add_dates(where, filters.since, filters.until)
    if filters.outlet is not None:
        add("COALESCE(d.outlet, '') = ?", [filters.outlet])
    if filters.undated:
        add(f"{EVENT_DATE} IS NULL")
    if filters.min_confidence is not None:
        add("e.confidence >= ?", [filters.min_confidence])
    if filters.merged:
        add("e.sources > 1")
    if filters.flag is not None:
        add(_FLAGS[filters.flag])
    elif not filters.include_noncurrent:
        add(CURRENT)
    return where.sql()
