"""Looking actors up: list, search and show knowledge-base entries with their dated roles,
and the knowledge base's size and as-of date (``legation actors``, ``legation info``).

>>> kb = load_knowledge_base()                                   # doctest: +SKIP
>>> [e.id for e in search(kb, "blinken")]                        # doctest: +SKIP
['antony_blinken']
>>> describe(kb, "PAK.coas").roles[-1]                           # doctest: +SKIP
Role(what='Syed Asim Munir', start=datetime.date(2022, 11, 29), end=None, ...)
"""

from __future__ import annotations

import difflib
from collections.abc import Iterator, Mapping
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from ..errors import KnowledgeBaseError
from .kb import Entries, KnowledgeBase

SECTIONS = ("people", "offices", "institutions", "igos", "countries", "agents")


@dataclass(frozen=True, slots=True)
class Summary:
    """One entry in a listing: its id, section, name, country, sector and tier."""

    id: str
    section: str
    name: str
    country: str | None
    sector: str | None
    world: bool  # from the converted world tier (else curated or a user file)


@dataclass(frozen=True, slots=True)
class Role:
    """A dated role: an office held (by a person), a holder (of an office), or an
    affiliation (country and sector)."""

    what: str
    start: date | None
    end: date | None
    country: str | None = None
    sector: str | None = None


@dataclass(frozen=True, slots=True)
class Detail:
    """Everything the knowledge base says about one entry."""

    summary: Summary
    names: tuple[str, ...]
    roles: tuple[Role, ...] = ()
    extra: Mapping[str, Any] = field(default_factory=dict)


def entries(
    kb: KnowledgeBase,
    section: str | None = None,
    country: str | None = None,
    world: bool | None = None,
) -> Iterator[Summary]:
    """Every entry (of one section, of one country, of one tier), world entries read raw."""
    for name in (section,) if section else SECTIONS:
        if name not in SECTIONS:
            raise KnowledgeBaseError(f"unknown section {name!r}; choose one of {SECTIONS}")
        for found in _summaries(kb, name):
            if country is not None and found.country != country:
                continue
            if world is None or found.world == world:
                yield found


def search(kb: KnowledgeBase, query: str, limit: int = 20) -> list[Summary]:
    """Entries whose id, name or an alias contains ``query`` (case-insensitive), exact
    names first, curated before world."""
    wanted = query.casefold().strip()
    scored: list[tuple[int, Summary]] = []
    for section in SECTIONS:
        for summary, names in _names(kb, section):
            folded = [n.casefold() for n in names]
            if wanted in folded:
                scored.append((0 + summary.world, summary))
            elif any(wanted in n for n in folded):
                scored.append((2 + summary.world, summary))
    scored.sort(key=lambda pair: (pair[0], pair[1].name))
    return [s for _, s in scored[:limit]]


def describe(kb: KnowledgeBase, ident: str) -> Detail:
    """The entry ``ident`` (an id in any section) with its names and dated roles."""
    for section in SECTIONS:
        table: Mapping[str, Any] = getattr(kb, section)
        if ident in table:
            detail: Detail = _DESCRIBE[section](kb, table[ident])
            return detail
    close = difflib.get_close_matches(ident, [i for s in SECTIONS for i in getattr(kb, s)], n=3)
    hint = f"; did you mean {', '.join(close)}?" if close else "; try `legation actors search`"
    raise KnowledgeBaseError(f"no knowledge-base entry {ident!r}{hint}")


def stats(kb: KnowledgeBase) -> dict[str, Any]:
    """Sizes per section and tier, and the as-of date of the converted sources."""
    sizes: dict[str, dict[str, int]] = {}
    for section in SECTIONS:
        table = getattr(kb, section)
        world = sum(1 for key in table if kb.is_world(section, key))
        sizes[section] = {"curated": len(table) - world, "world": world}
    as_of = kb.as_of()
    return {"sizes": sizes, "as_of": as_of.isoformat() if as_of else None}


# --------------------------------------------------------------------------- internals


def _summaries(kb: KnowledgeBase, section: str) -> Iterator[Summary]:
    return (summary for summary, _ in _names(kb, section))


def _names(kb: KnowledgeBase, section: str) -> Iterator[tuple[Summary, list[str]]]:
    """(summary, names) per entry; world entries are read as converted (fast)."""
    table = getattr(kb, section)
    raw = dict(table.raw_items()) if isinstance(table, Entries) else {}
    for key in table:
        if key in raw:
            names = [raw[key].get("name") or key, *raw[key].get("aliases", ())]
            yield _raw_summary(section, key, raw[key]), [*names, *raw[key].get("forms", ()), key]
        else:
            entry = table[key]
            yield _summary(kb, section, key, entry), [*_entry_names(entry), key]


def _raw_summary(section: str, key: str, raw: Mapping[str, Any]) -> Summary:
    sector = raw.get("sector")
    if section == "igos":
        return Summary(key, section, raw["name"], "IGO", "IGO", True)
    return Summary(key, section, raw.get("name") or key, raw.get("country"), sector, True)


def _summary(kb: KnowledgeBase, section: str, key: str, entry: Any) -> Summary:
    name = getattr(entry, "name", None) or getattr(entry, "role", None) or key
    country = getattr(entry, "country", None) or getattr(entry, "iso3", None)
    if section == "igos":
        country = "IGO"
    sector = getattr(entry, "sector", None)
    return Summary(
        key, section, name, country, sector.value if sector else None, kb.is_world(section, key)
    )


def _entry_names(entry: Any) -> list[str]:
    names = [
        getattr(entry, "name", None),
        getattr(entry, "role", None),
        *getattr(entry, "aliases", ()),
    ]
    names += [
        *getattr(entry, "titles", ()),
        *getattr(entry, "demonyms", ()),
        *getattr(entry, "forms", ()),
    ]
    return [n for n in names if n]


def _person(kb: KnowledgeBase, person: Any) -> Detail:
    held = sorted(kb.holdings.get(person.id, ()), key=lambda h: h.holder.start or date.min)
    roles = [
        Role(f"{h.office.role} ({h.office.id})", h.holder.start, h.holder.end, h.office.country,
             h.office.sector.value)
        for h in held
    ]  # fmt: skip
    roles += [
        Role(a.code or "affiliation", a.start, a.end, a.country,
             a.sector.value if a.sector else None)
        for a in person.affiliations
    ]  # fmt: skip
    summary = _summary(kb, "people", person.id, person)
    return Detail(summary, (person.name, *person.aliases), tuple(roles))


def _office(kb: KnowledgeBase, office: Any) -> Detail:
    roles = tuple(
        Role(kb.people[h.person].name if h.person in kb.people else h.person, h.start, h.end)
        for h in office.holders
    )
    extra = {"role": office.role, "function": office.function}
    return Detail(_summary(kb, "offices", office.id, office), tuple(office.titles), roles, extra)


def _plain(section: str) -> Any:
    def describe_entry(kb: KnowledgeBase, entry: Any) -> Detail:
        key = getattr(entry, "id", None) or entry.iso3
        extra = {k: v for k, v in entry.model_dump(mode="json", exclude_defaults=True).items()
                 if k not in ("id", "iso3", "name", "aliases")}  # fmt: skip
        return Detail(_summary(kb, section, key, entry), tuple(_entry_names(entry)), (), extra)

    return describe_entry


_DESCRIBE: dict[str, Any] = {
    "people": _person,
    "offices": _office,
    "institutions": _plain("institutions"),
    "igos": _plain("igos"),
    "countries": _plain("countries"),
    "agents": _plain("agents"),
}
