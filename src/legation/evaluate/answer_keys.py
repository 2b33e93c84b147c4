"""Hand-keyed answer keys: the expected-event model and the matching the key suites share.

An answer key lists, per text, the events a careful human coder records (the files are in
``legation/data/eval``: ``readouts_key.yaml`` and ``hardcases.yaml``). Each expected event has
a PLOVER type, an actor side and a recipient side (a party or a list of parties, each with an
optional ``name``, ``role``, ``country`` and ``sector``), a status (current, or flagged
``hypothetical`` / ``historical`` / ``negated``), and two marks:

- ``symmetric`` — a joint act (a meeting at a third place, "the two sides agreed"): either
  direction is right, and so is one coded event with both parties as actors and no recipient
  (PLOVER's reciprocal actors);
- ``optional`` — defensible either way: a coded event matching it is not an error, and
  missing it is not a miss.

A key party *admits* a coded actor when its country (if given) equals the actor's country
(or the first three letters of its code: ``IGOUNO`` → ``IGO``) and, where names are scored,
the key name's last word is a word of the actor's name or text. A missing side, a party with
neither country nor name, or a null country matches anything.

Two ways of comparing:

- **events** (:func:`event_fits`, :func:`match_events`): one coded event against one expected
  event (type, and every key party of each side admitted by some coded party of that side),
  matched one to one;
- **dyads** (:func:`gold_dyads`, :func:`coded_dyads`, :func:`match_dyads`): each event becomes
  the (type, actor country, recipient country) pairs of its sides, deduplicated within a
  document, with views that drop the type, the direction, or add the sectors.

Matching is a maximum bipartite matching: required expected items first, then optional ones
with the coded items left over.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass
from itertools import combinations, product
from typing import Any

from ..errors import IngestError
from ..model import Actor, Event, PloverType, Sector
from .base import Scores, prf

STATUSES = ("current", "hypothetical", "historical", "negated")
PLOVER_TYPES = frozenset(t.value for t in PloverType)
SECTORS = frozenset(s.value for s in Sector)
EVENT_FIELDS = frozenset(
    {
        "event_type", "mode", "actor", "recipient", "hypothetical", "historical", "negated",
        "optional", "symmetric", "date", "evidence", "note", "amount", "cameo", "contexts",
    }
)  # fmt: skip
PARTY_FIELDS = frozenset({"name", "role", "country", "sector"})
_COUNTRY = re.compile(r"[A-Z]{3}")
_WORD = re.compile(r"[\w'-]+")


# --- the key model -------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class Party:
    """One party of an expected event's side (every field optional)."""

    country: str | None = None
    sectors: frozenset[str] = frozenset()
    name: str | None = None
    role: str | None = None

    def is_wildcard(self, names: bool) -> bool:
        return self.country is None and not (names and self.name)

    def admits(self, actor: Actor, names: bool) -> bool:
        if self.country is not None and country_key(actor) != self.country:
            return False
        return not (names and self.name) or name_matches(self.name, actor)

    def describe(self) -> str:
        who = self.name or self.role
        return f"{self.country or '?'}" + (f" ({who})" if who else "")


@dataclass(frozen=True, slots=True)
class KeyEvent:
    """One expected event."""

    event_type: str
    actors: tuple[Party, ...] = ()
    recipients: tuple[Party, ...] = ()
    status: str = "current"
    symmetric: bool = False
    optional: bool = False
    mode: str | None = None
    date: str | None = None
    evidence: str = ""

    @property
    def current(self) -> bool:
        return self.status == "current"

    def describe(self) -> str:
        arrow = "↔" if self.symmetric else "→"
        actors = "+".join(p.describe() for p in self.actors) or "?"
        recipients = "+".join(p.describe() for p in self.recipients) or "-"
        flag = "" if self.current else f" [{self.status}]"
        return f"{self.event_type} {actors} {arrow} {recipients}{flag}"


def parse_event(raw: Any, where: str) -> KeyEvent:
    """One expected event from its YAML mapping; a malformed one raises :class:`IngestError`
    naming ``where`` (file and item)."""
    if not isinstance(raw, Mapping):
        raise IngestError(where, "an expected event must be a mapping")
    unknown = set(raw) - EVENT_FIELDS
    if unknown:
        raise IngestError(where, f"unknown fields {sorted(unknown)}; use {sorted(EVENT_FIELDS)}")
    kind = str(raw.get("event_type", ""))
    if kind not in PLOVER_TYPES:
        raise IngestError(where, f"event_type {kind!r} is not one of {sorted(PLOVER_TYPES)}")
    return KeyEvent(
        event_type=kind,
        actors=_side(raw.get("actor"), where),
        recipients=_side(raw.get("recipient"), where),
        status=_status(raw, where),
        symmetric=bool(raw.get("symmetric")),
        optional=bool(raw.get("optional")),
        mode=raw.get("mode"),
        date=str(raw["date"]) if raw.get("date") else None,
        evidence=str(raw.get("evidence") or ""),
    )


def _status(raw: Mapping[str, Any], where: str) -> str:
    flags = [s for s in STATUSES[1:] if raw.get(s)]
    if len(flags) > 1:
        raise IngestError(where, f"at most one of hypothetical/historical/negated, not {flags}")
    return flags[0] if flags else "current"


def _side(raw: Any, where: str) -> tuple[Party, ...]:
    if raw is None:
        return ()
    items = raw if isinstance(raw, list) else [raw]
    parties = tuple(_party(item, where) for item in items)
    return tuple(p for p in parties if p != Party())


def _party(raw: Any, where: str) -> Party:
    if not isinstance(raw, Mapping) or set(raw) - PARTY_FIELDS:
        raise IngestError(where, f"a party is a mapping of {sorted(PARTY_FIELDS)}, not {raw!r}")
    country = raw.get("country")
    if country is not None and not _COUNTRY.fullmatch(str(country)):
        raise IngestError(where, f"country {country!r} is not ISO3 (or IGO)")
    sector = raw.get("sector")
    sectors = frozenset(sector if isinstance(sector, list) else [sector] if sector else [])
    if sectors - SECTORS:
        raise IngestError(where, f"unknown sectors {sorted(sectors - SECTORS)}")
    name, role = raw.get("name"), raw.get("role")
    return Party(country, sectors, str(name) if name else None, str(role) if role else None)


# --- coded events --------------------------------------------------------------------------


def country_key(actor: Actor) -> str | None:
    """The country a coded actor stands for: its country, else its code's prefix when that is
    a country or ``IGO`` (``IGOUNO``), not a bare sector code (``GOV``, ``MIL``)."""
    if actor.country:
        return actor.country
    prefix = (actor.code or "")[:3]
    if len(prefix) == 3 and (prefix == "IGO" or prefix not in SECTORS):
        return prefix
    return None


def status_of(event: Event) -> str:
    """A coded event's status; when several flags are set, negated wins, then hypothetical.
    An event under the run's confidence threshold is "uncertain" (no key expects it)."""
    for status in ("negated", "hypothetical", "historical", "uncertain"):
        if getattr(event, status):
            return status
    return "current"


#: Generational suffixes, which are not a surname ("Lloyd J. Austin III").
NAME_SUFFIXES = frozenset({"jr", "sr", "ii", "iii", "iv"})


def name_matches(want: str, actor: Actor) -> bool:
    """Whether the key name's last word (its surname, not a suffix such as "III") is a word of
    the actor's name or text."""
    wanted = [w for w in _words(want) if w not in NAME_SUFFIXES]
    if not wanted:
        return True
    return any(wanted[-1] in _words(text) for text in (actor.name, actor.text) if text)


def _words(text: str) -> list[str]:
    plain = unicodedata.normalize("NFKD", text)
    plain = "".join(c for c in plain if not unicodedata.combining(c)).casefold()
    return _WORD.findall(plain.replace("’", "'"))


def describe_event(event: Event) -> str:
    """A short readable form of a coded event: type, sides, flag and rule."""

    def side(actors: tuple[Actor, ...]) -> str:
        return "+".join(f"{country_key(a) or '?'} ({a.name or a.text})" for a in actors) or "-"

    status = status_of(event)
    flag = "" if status == "current" else f" [{status}]"
    return (
        f"{event.event_type.value} {side(event.actors)} → {side(event.recipients)}{flag} "
        f"({event.rule}, {event.trigger.text!r})"
    )


# --- event-level matching ------------------------------------------------------------------


def event_fits(key: KeyEvent, event: Event, names: bool = True) -> bool:
    """Whether a coded event matches an expected one, whatever their statuses."""
    if event.event_type.value != key.event_type:
        return False
    if _sides_fit(key.actors, event.actors, names) and _sides_fit(
        key.recipients, event.recipients, names
    ):
        return True
    if not key.symmetric:
        return False
    swapped = _sides_fit(key.actors, event.recipients, names) and _sides_fit(
        key.recipients, event.actors, names
    )
    joint = not event.recipients and _sides_fit(key.actors + key.recipients, event.actors, names)
    return swapped or joint


def _sides_fit(parties: Sequence[Party], actors: Sequence[Actor], names: bool) -> bool:
    return all(p.is_wildcard(names) or any(p.admits(a, names) for a in actors) for p in parties)


def max_matching(
    left: Sequence[Any], right: Sequence[Any], fits: Callable[[Any, Any], bool]
) -> dict[int, int]:
    """A maximum one-to-one matching (Kuhn's augmenting paths): {left index: right index}."""
    owner: dict[int, int] = {}  # right index -> left index
    edges = [[j for j, r in enumerate(right) if fits(item, r)] for item in left]

    def augment(i: int, seen: set[int]) -> bool:
        for j in edges[i]:
            if j in seen:
                continue
            seen.add(j)
            if j not in owner or augment(owner[j], seen):
                owner[j] = i
                return True
        return False

    for i in range(len(left)):
        augment(i, set())
    return {i: j for j, i in owner.items()}


@dataclass(frozen=True, slots=True)
class Counts:
    """Matching counts: coded items that matched an expected one (``correct``), coded items,
    required expected items matched (``found``) and required expected items (``support``)."""

    correct: int = 0
    predicted: int = 0
    found: int = 0
    support: int = 0

    def __add__(self, other: Counts) -> Counts:
        return Counts(
            self.correct + other.correct,
            self.predicted + other.predicted,
            self.found + other.found,
            self.support + other.support,
        )

    def scores(self) -> Scores:
        precision = prf(self.correct, self.predicted, self.support).precision
        recall = prf(self.found, self.predicted, self.support).recall
        f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
        return Scores(precision, recall, f1, self.support, self.predicted, self.correct)


def match_two_tier(
    required: Sequence[Any],
    optional: Sequence[Any],
    coded: Sequence[Any],
    fits: Callable[[Any, Any], bool],
) -> tuple[dict[int, int], dict[int, int], Counts]:
    """Match coded items to required expected items, then the rest to optional ones.

    Returns (required index → coded index, optional index → coded index, counts)."""
    found = max_matching(required, coded, fits)
    used = set(found.values())
    rest = [j for j in range(len(coded)) if j not in used]
    extra = max_matching(optional, [coded[j] for j in rest], fits)
    extra = {i: rest[j] for i, j in extra.items()}
    counts = Counts(len(found) + len(extra), len(coded), len(found), len(required))
    return found, extra, counts


# --- dyads ---------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class View:
    """What a dyad keeps: the type, the direction, the sectors."""

    name: str
    typed: bool = True
    directed: bool = True
    sectors: bool = False


STRICT = View("dyad")
VIEWS = (
    STRICT,
    View("untyped_dyad", typed=False),
    View("undirected_dyad", directed=False),
    View("sector_dyad", sectors=True),
)

CodedSide = tuple[str | None, str | None]  # country, sector


@dataclass(frozen=True, slots=True)
class GoldSide:
    country: str | None = None
    sectors: frozenset[str] = frozenset()

    def admits(self, side: CodedSide) -> bool:
        country, sector = side
        return (self.country is None or self.country == country) and (
            not self.sectors or sector in self.sectors
        )

    def text(self) -> str:
        sectors = "/".join(sorted(self.sectors))
        return (self.country or "*") + (f":{sectors}" if sectors else "")


@dataclass(frozen=True, slots=True)
class GoldDyad:
    kind: str
    actor: GoldSide
    recipient: GoldSide
    symmetric: bool = False
    optional: bool = False

    def text(self) -> str:
        arrow = "↔" if self.symmetric else "→"
        return f"{self.kind} {self.actor.text()} {arrow} {self.recipient.text()}".strip()


@dataclass(frozen=True, slots=True)
class CodedDyad:
    kind: str
    actor: CodedSide
    recipient: CodedSide
    joint: bool = False  # the actors of a recipient-less event with several countries

    def text(self) -> str:
        def side(s: CodedSide) -> str:
            return (s[0] or "?") + (f":{s[1]}" if s[1] else "")

        return f"{self.kind} {side(self.actor)} {'↔' if self.joint else '→'} {side(self.recipient)}"


def gold_dyads(events: Iterable[KeyEvent], view: View = STRICT) -> list[GoldDyad]:
    """The deduplicated dyads of expected events (callers pass the current ones). A
    symmetric dyad already covered by a directed one of the same pair is dropped, and so is an
    optional dyad equal to a required one."""
    found: set[GoldDyad] = set()
    for event in events:
        for actor, recipient in product(event.actors or (Party(),), event.recipients or (Party(),)):
            found.add(
                GoldDyad(
                    event.event_type if view.typed else "",
                    _gold_side(actor, view),
                    _gold_side(recipient, view),
                    event.symmetric or not view.directed,
                    event.optional,
                )
            )
    return sorted((d for d in found if not _subsumed(d, found)), key=lambda d: d.text())


def _gold_side(party: Party, view: View) -> GoldSide:
    return GoldSide(party.country, party.sectors if view.sectors else frozenset())


def _subsumed(dyad: GoldDyad, found: set[GoldDyad]) -> bool:
    covered = any(
        not other.symmetric
        and other.kind == dyad.kind
        and other.optional <= dyad.optional
        and {other.actor, other.recipient} == {dyad.actor, dyad.recipient}
        for other in found
        if other is not dyad
    )
    stronger = dyad.optional and (
        GoldDyad(dyad.kind, dyad.actor, dyad.recipient, dyad.symmetric, False) in found
    )
    return (dyad.symmetric and covered) or stronger


def coded_dyads(events: Iterable[Event], view: View = STRICT) -> list[CodedDyad]:
    """The deduplicated dyads of coded events (callers pass the current ones)."""
    found: set[CodedDyad] = set()
    for event in events:
        kind = event.event_type.value if view.typed else ""
        actors = [_coded_side(a, view) for a in event.actors] or [(None, None)]
        if event.recipients:
            recipients = [_coded_side(a, view) for a in event.recipients]
            found.update(CodedDyad(kind, a, r) for a, r in product(actors, recipients))
            continue
        pairs = [(a, b) for a, b in combinations(sorted(set(actors), key=str), 2) if a[0] != b[0]]
        if pairs:
            found.update(CodedDyad(kind, a, b, joint=True) for a, b in pairs)
        else:
            found.update(CodedDyad(kind, a, (None, None)) for a in actors)
    return sorted(found, key=lambda d: d.text())


def _coded_side(actor: Actor, view: View) -> CodedSide:
    sector = actor.sector.value if view.sectors and actor.sector else None
    return country_key(actor), sector


def dyad_fits(gold: GoldDyad, coded: CodedDyad) -> bool:
    """Same type and sides; a symmetric gold dyad takes either direction (and a joint coded
    dyad), a directed one only the same direction."""
    if gold.kind != coded.kind:
        return False
    forward = gold.actor.admits(coded.actor) and gold.recipient.admits(coded.recipient)
    if gold.symmetric:
        return forward or (
            gold.actor.admits(coded.recipient) and gold.recipient.admits(coded.actor)
        )
    return forward and not coded.joint


def match_dyads(
    gold: Sequence[GoldDyad], coded: Sequence[CodedDyad]
) -> tuple[list[GoldDyad], list[CodedDyad], Counts]:
    """Match one document's dyads: (required dyads missed, coded dyads unmatched, counts)."""
    required = [d for d in gold if not d.optional]
    optional = [d for d in gold if d.optional]
    found, extra, counts = match_two_tier(required, optional, coded, dyad_fits)
    used = set(found.values()) | set(extra.values())
    missed = [d for i, d in enumerate(required) if i not in found]
    return missed, [d for j, d in enumerate(coded) if j not in used], counts
