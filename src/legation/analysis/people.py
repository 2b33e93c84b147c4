"""People and offices: actor profiles, actor search and office holders over time."""

from __future__ import annotations

from collections import Counter
from datetime import date
from typing import TYPE_CHECKING, Any

from ..errors import AnalysisError
from ..model import Actor
from ..store import aggregates, reads
from ..store.filters import entity_forms, kb_id
from .events import _label, party_key
from .types import ActorProfile, EventSummary, OfficeHistory, OfficeHolder, PartyCount, Role

if TYPE_CHECKING:
    from ..actors.kb import KnowledgeBase, Office
    from ..store import Store

# --------------------------------------------------------------------------- people, offices


def actor_profile(
    store: Store, key: str, kb: KnowledgeBase | None = None, *, limit: int = 100
) -> ActorProfile | None:
    """A person's or entity's roles over time (from the knowledge base), events as actor and
    recipient by type, counterparts and latest events; ``key`` is an entity id or a name."""
    entity, name, country = _resolve_key(store, key, kb)
    if entity is None:
        return None
    roles = _roles(kb, entity)
    as_actor = aggregates.type_counts(store, "actor", entity, name)
    as_recipient = aggregates.type_counts(store, "recipient", entity, name)
    if not roles and not as_actor and not as_recipient:
        return None
    latest = reads.latest_party_events(store, entity, name, limit)
    return ActorProfile(
        entity, name, country, roles, as_actor, as_recipient,
        _profile_counterparts(store, entity, name),
        tuple(EventSummary.of(s) for s in latest),
    )  # fmt: skip


def _resolve_key(
    store: Store, key: str, kb: KnowledgeBase | None
) -> tuple[str | None, str, str | None]:
    if kb is not None:
        person = kb.people.get(kb_id(key)) or _person_by_name(kb, key)
        if person is not None:
            return f"person:{person.id}", person.name, person.country
    found = aggregates.party_lookup(store, entity_forms(key), key)
    if found is not None:
        entity, name, country = found
        return entity or name, name or key, country
    return None, key, None


def _person_by_name(kb: KnowledgeBase, key: str) -> Any:
    wanted = key.casefold()
    for person in kb.people.values():
        if wanted == person.name.casefold() or wanted in (a.casefold() for a in person.aliases):
            return person
    return None


def _roles(kb: KnowledgeBase | None, entity: str) -> tuple[Role, ...]:
    if kb is None:
        return ()
    held = sorted(kb.holdings.get(kb_id(entity), ()), key=lambda h: h.holder.start or date.min)
    return tuple(
        Role(h.office.id, h.office.role, h.office.country, h.holder.start, h.holder.end)
        for h in held
    )


def _profile_counterparts(store: Store, entity: str, name: str) -> tuple[PartyCount, ...]:
    stored = reads.party_events(store, entity, name, 5000)
    counts: Counter[str] = Counter()
    seen: dict[str, Actor] = {}
    for s in stored:
        mine = {a.entity_id or a.name for a in s.event.actors} & {entity, name}
        for other in s.event.recipients if mine else s.event.actors:
            if party_key(other) not in (entity, name):
                counts[party_key(other)] += 1
                seen.setdefault(party_key(other), other)
    return tuple(
        PartyCount(k, _label(seen[k]), seen[k].country, seen[k].code, n)
        for k, n in counts.most_common(25)
    )


def find_actors(
    store: Store, query: str, kb: KnowledgeBase | None = None, *, limit: int = 25
) -> list[PartyCount]:
    """Named participants whose name or id contains ``query``, most active first (people of
    the knowledge base with no events follow); an empty ``query`` lists the most active."""
    rows = aggregates.find_parties(store, query, limit)
    found = [PartyCount(k, n, c, code, int(count)) for k, n, c, code, count in rows]
    known = {kb_id(p.key) for p in found}
    for person in kb.people.values() if kb and query else ():
        if len(found) >= limit:
            break
        if person.id not in known and query.casefold() in person.name.casefold():
            found.append(PartyCount(f"person:{person.id}", person.name, person.country, None, 0))
    return found


def office_holders(kb: KnowledgeBase, office: str, country: str | None = None) -> OfficeHistory:
    """An office's holders over time; ``office`` is an office id (``PAK.coas``) or a role
    or title ("Secretary of State"), narrowed by ``country`` when several match."""
    found = _find_office(kb, office, country)
    holders = tuple(
        OfficeHolder(h.person, kb.people[h.person].name if h.person in kb.people else h.person,
                     h.start, h.end)
        for h in sorted(found.holders, key=lambda h: h.start or date.min)
    )  # fmt: skip
    return OfficeHistory(found.id, found.role, found.country, found.sector.value, holders)


def list_offices(kb: KnowledgeBase, country: str | None = None) -> list[OfficeHistory]:
    """Every office (of ``country`` when given), by owner then role."""
    chosen = [o for o in kb.offices.values() if country is None or o.country == country]
    chosen.sort(key=lambda o: (o.country, o.role))
    return [office_holders(kb, o.id) for o in chosen]


def _find_office(kb: KnowledgeBase, office: str, country: str | None) -> Office:
    if office in kb.offices:
        return kb.offices[office]
    wanted = office.casefold()
    matches = [
        o for o in kb.offices.values()
        if (country is None or o.country == country)
        and (o.role.casefold() == wanted or wanted in (t.casefold() for t in o.titles))
    ]  # fmt: skip
    if len(matches) == 1:
        return matches[0]
    if not matches:
        raise AnalysisError(
            f"no office {office!r}{' of ' + country if country else ''} in the knowledge base; "
            "give an office id such as PAK.coas or USA.secstate (see /api/offices)"
        )
    options = ", ".join(sorted(o.id for o in matches))
    raise AnalysisError(f"the office {office!r} is ambiguous; choose one of: {options}")
