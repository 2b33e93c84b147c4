"""The SQL shared by the analysis functions: cursors, event selection and filter conditions.

Every condition is fixed text with bound parameters (:func:`filter_sql`)."""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Sequence
from contextlib import contextmanager
from typing import TYPE_CHECKING, Any, Literal

from ..store.query import CURRENT, StoredEvent
from ..store.rows import DOC_COLUMNS, stream
from .types import EventFilters, Side

if TYPE_CHECKING:
    import duckdb

    from ..store import Store

_WHEN = "COALESCE(e.date_start, d.published)"
_SELECT = (
    f"SELECT e.*, {', '.join(f'd.{c} AS doc_{c}' for c in DOC_COLUMNS)}, '' AS doc_text "
    "FROM events e JOIN documents d ON d.id = e.doc_id"
)
_FROM = "FROM events e JOIN documents d ON d.id = e.doc_id"


@contextmanager
def _cursor(store: Store) -> Iterator[duckdb.DuckDBPyConnection]:
    """A cursor of the caller's alone, from the store's pool (reads run in parallel)."""
    with store.reading() as cursor:
        yield cursor


def _rows(store: Store, sql: str, params: Sequence[Any]) -> list[tuple[Any, ...]]:
    with _cursor(store) as cur:
        return cur.execute(sql, list(params)).fetchall()


def _events(store: Store, where: str, params: Sequence[Any], tail: str = "") -> list[StoredEvent]:
    with _cursor(store) as cur:
        cur.execute(f"{_SELECT} WHERE {where} {tail}", list(params))
        return list(stream(cur, 1000))


def _like(text: str) -> str:
    escaped = text.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")
    return f"%{escaped}%"


def _is_code(key: str) -> bool:
    return key.isascii() and key.isalnum() and key.isupper() and len(key) >= 2


def _side(role: Literal["actor", "recipient"], key: str | Side) -> tuple[str, list[Any]]:
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


def _either(key: str | Side) -> tuple[str, list[Any]]:
    a_sql, a_params = _side("actor", key)
    r_sql, r_params = _side("recipient", key)
    return f"({a_sql} OR {r_sql})", [*a_params, *r_params]


def _dyad(a: str | Side, b: str | Side | None, directed: bool) -> tuple[str, list[Any]]:
    if b is None:
        return _side("actor", a) if directed else _either(a)
    fa, pa_ = _side("actor", a)
    fb, pb = _side("recipient", b)
    if directed:
        return f"({fa} AND {fb})", [*pa_, *pb]
    ba, pba = _side("actor", b)
    bb, pbb = _side("recipient", a)
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


def filter_sql(filters: EventFilters) -> tuple[str, list[Any]]:
    """The SQL condition (fixed text) and bound parameters for ``filters``."""
    clauses: list[str] = ["TRUE"]
    params: list[Any] = []

    def add(sql: str, values: Iterable[Any]) -> None:
        clauses.append(sql)
        params.extend(values)

    if filters.a:
        add(*_dyad(filters.a, filters.b, filters.directed))
    elif filters.b:
        add(*_dyad(filters.b, None, False))
    if filters.event_types:
        add("list_contains(?, e.event_type)", [[t.value for t in filters.event_types]])
    if filters.quad_class is not None:
        add("e.quad_class = ?", [filters.quad_class])
    if filters.actor:
        add(f"{_PARTY_TEXT} ILIKE ? ESCAPE '\\'", [_like(filters.actor)])
    if filters.text:
        add("e.sentence_text ILIKE ? ESCAPE '\\'", [_like(filters.text)])
    if filters.since is not None:
        add(f"{_WHEN} >= ?", [filters.since])
    if filters.until is not None:
        add(f"{_WHEN} <= ?", [filters.until])
    if filters.outlet is not None:
        add("COALESCE(d.outlet, '') = ?", [filters.outlet])
    if filters.undated:
        clauses.append(f"{_WHEN} IS NULL")
    if filters.min_confidence is not None:
        add("e.confidence >= ?", [filters.min_confidence])
    if filters.merged:
        clauses.append("e.sources > 1")
    if filters.flag is not None:
        clauses.append(_FLAGS[filters.flag])
    elif not filters.include_noncurrent:
        clauses.append(CURRENT)
    return " AND ".join(clauses), params
