"""Convert the Phoenix and NGEC actor dictionaries into Legation's world-tier knowledge base.

    python scripts/convert_actors.py                       # ../shared/data/actors → package
    python scripts/convert_actors.py --sources DIR --out DIR --check

Reads ``Phoenix.Countries/International/MilNonState.actors.txt``, ``Phoenix.agents.txt``,
``NGEC.PLOVER_agents.txt`` and ``NGEC.countries.csv`` (MIT; see the README written next to the
output) and writes ``countries.json``, ``people.json``, ``organisations.json`` and
``agents.json`` into ``legation/data/actors/world/`` in the format of
:mod:`legation.actors.kb`, one entry per line. Re-running it on the same sources writes the same
files. Entries the curated knowledge base (``legation/data/actors/*.yaml``) already has — by
primary name — are left out, so a curated entry always wins; names a curated entry uses are
also never matched to a world entry at run time. ``--check`` compares instead of writing and
exits 1 when the files differ (CI can run it where the sources are present).
"""

from __future__ import annotations

import argparse
import functools
import json
import re
import sys
import unicodedata
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from rapidfuzz import fuzz

from legation.actors import phoenix
from legation.actors.kb import Country, KnowledgeBase, load_knowledge_base

ROOT = Path(__file__).resolve().parents[1]
SOURCES = ROOT.parent / "shared" / "data" / "actors"
OUT = ROOT / "src" / "legation" / "data" / "actors" / "world"
PETRARCH = "openeventdata/petrarch2 petrarch2/data/dictionaries (commit 676801c), MIT"
NGEC = "ahalterman/NGEC-2025 NGEC/assets, MIT"


def key(text: str) -> str:
    return "".join(text.casefold().split())


def slug(text: str) -> str:
    ascii_text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()
    return re.sub(r"[^a-z0-9]+", "_", ascii_text.lower()).strip("_") or "x"


@dataclass
class Curated:
    """What the hand-kept knowledge base already names, by section."""

    kb: KnowledgeBase
    people: set[str] = field(default_factory=set)
    organisations: set[str] = field(default_factory=set)
    places: set[str] = field(default_factory=set)
    agents: set[str] = field(default_factory=set)

    @classmethod
    def load(cls) -> Curated:
        kb = load_knowledge_base(world=False)
        out = cls(kb)
        for person in kb.people.values():
            out.people.update(key(n) for n in (person.name, *person.aliases))
        for org in (*kb.institutions.values(), *kb.igos.values()):
            out.organisations.update(key(n) for n in (org.name, *org.aliases))
        for c in kb.countries.values():
            names = (c.name, *c.aliases, *c.demonyms, *c.seats, *c.cities, c.capital or "")
            out.places.update(key(n) for n in names if n)
        out.agents.update(key(a) for agent in kb.agents.values() for a in (agent.id, *agent.forms))
        return out

    @property
    def iso3(self) -> list[str]:
        return list(self.kb.countries)

    @functools.cached_property
    def country_words(self) -> frozenset[str]:
        names = (n for c in self.kb.countries.values() for n in (c.name, *c.aliases, *c.demonyms))
        return frozenset(w.lower() for n in names for w in n.split())

    @functools.cached_property
    def country_names(self) -> frozenset[str]:
        """Every name of a country, as :func:`key` writes it."""
        names = (n for c in self.kb.countries.values() for n in (c.name, *c.aliases))
        return frozenset(key(n) for n in names)

    @functools.cached_property
    def country_word_codes(self) -> dict[str, str]:
        """One-word country names and demonyms → ISO3 ("palestinian" → PSE)."""
        return {
            n.lower(): c.iso3
            for c in self.kb.countries.values()
            for n in (c.name, *c.demonyms)
            if " " not in n
        }


class Ids:
    """Unique ids per section: a slug of the name (with the country for institutions)."""

    def __init__(self, taken: Iterable[str] = ()) -> None:
        self.taken = set(taken)

    def __call__(self, section: str, name: str, country: str | None) -> str:
        base = slug(name) if section != "institutions" else f"{country or 'XXX'}.{slug(name)}"
        ident, n = base, 1
        while ident in self.taken:
            n += 1
            ident = f"{base}.{n}"
        self.taken.add(ident)
        return ident


# ------------------------------------------------------------------------------ countries


def country_names(curated: Curated, nationalities: list[phoenix.Nationality],
                  blocks: list[tuple[str, list[str]]]) -> list[dict[str, Any]]:  # fmt: skip
    """``country_names`` entries: NGEC's nationality forms and Phoenix's spellings and places
    that the curated countries lack."""
    found: dict[str, dict[str, list[str]]] = {}
    known = set(curated.places)
    for row in nationalities:
        if row.iso3 not in curated.kb.countries:
            continue
        for form in row.forms:
            section = "aliases" if _is_long_name(form) else "demonyms"
            _add(found, known, row.iso3, section, form)
    for iso3, names in blocks:
        country = curated.kb.countries[iso3]
        for name in names:
            _add(found, known, iso3, _place_section(name, country), name)
    return [{"country": iso3, **{k: v for k, v in names.items() if v}}
            for iso3, names in sorted(found.items())]  # fmt: skip


def _names_a_known_place(name: str, known: set[str]) -> bool:
    """Whether a longer name contains a name the knowledge base has already ("The US",
    "Soviet Occupied Afghanistan"): the shorter name tells the country already, and the
    longer one would only hide it."""
    words = name.split()
    spans = (words[i:j] for i in range(len(words)) for j in range(i + 1, len(words) + 1))
    return any(len(w) < len(words) and key(" ".join(w)) in known for w in spans)


def _is_long_name(form: str) -> bool:
    words = form.split()
    return len(words) > 2 or any(w in ("Republic", "Kingdom", "State", "of") for w in words)


def _place_section(name: str, country: Country) -> str:
    """A spelling of the country's name is an alias, of its demonym a demonym; any other
    place only tells the country."""
    low = name.lower()
    if any(_close(low, n.lower()) for n in (country.name, *country.aliases)):
        return "aliases"
    if any(_close(low, d.lower()) for d in country.demonyms):
        return "demonyms"
    return "cities"


def _close(a: str, b: str) -> bool:
    return fuzz.ratio(a, b) >= 85 or (len(a) > 5 and a in b) or (len(b) > 5 and b in a)


def _add(found: dict[str, dict[str, list[str]]], known: set[str], iso3: str, section: str,
         name: str) -> None:  # fmt: skip
    if not name or key(name) in known or _names_a_known_place(name, known):
        return
    known.add(key(name))
    entry = found.setdefault(iso3, {"aliases": [], "demonyms": [], "cities": []})
    entry[section].append(name)


# --------------------------------------------------------------------------------- actors


@dataclass
class Converted:
    people: list[dict[str, Any]] = field(default_factory=list)
    institutions: list[dict[str, Any]] = field(default_factory=list)
    igos: list[dict[str, Any]] = field(default_factory=list)
    blocks: list[tuple[str, list[str]]] = field(default_factory=list)
    skipped: int = 0


def convert_records(
    records: list[phoenix.Record], curated: Curated, ids: Ids, out: Converted,
    person_test: Callable[[phoenix.Record, str], bool],
) -> None:  # fmt: skip
    """Sort Phoenix records into places, people and organisations; skip curated ones."""
    for record in records:
        place = phoenix.place_names(record, curated.iso3)
        if place is not None:
            out.blocks.append(place)
            continue
        name = phoenix.phrase_text(record.phrases[0])[0]
        if person_test(record, name):
            _add_person(record, curated, ids, out)
        else:
            _add_organisation(record, curated, ids, out)


def _add_person(record: phoenix.Record, curated: Curated, ids: Ids, out: Converted) -> None:
    name = phoenix.display_case(phoenix.phrase_text(record.phrases[0])[0])
    if key(name) in curated.people:
        out.skipped += 1
        return
    entry = phoenix.person_entry(record, curated.iso3, ids("people", name, None))
    if entry is not None:
        out.people.append(entry)


def _add_organisation(record: phoenix.Record, curated: Curated, ids: Ids, out: Converted) -> None:
    found = phoenix.organisation_entry(record, curated.iso3, ids, curated.country_word_codes)
    if found is None:
        return
    # "NATIONAL_LIBERATION_ARMY_(COLOMBIA)_": a bracketed country tells which one, it is no
    # other name of the group (the bracket is read as an acronym)
    aliases = found.entry.get("aliases", [])
    kept = [a for a in aliases if key(a) not in curated.country_names]
    if len(kept) < len(aliases):
        found.entry["aliases"] = kept
        if not kept:
            del found.entry["aliases"]
    if key(found.entry["name"]) in curated.organisations or _is_title(
        found.entry["name"], curated.country_words
    ):
        out.skipped += 1
    else:
        getattr(out, found.section).append(found.entry)
    for member in found.members:
        _add_member(member, found, curated, ids, out)


#: Last words of a name that make it a body, not a person ("Royal Navy", "National Security
#: Staff", "US Military", "Islamic Revolutionary Council").
BODY_WORDS = frozenset(["navy", "staff", "military", "council", "army", "force", "forces"])
TITLE_WORDS = frozenset(
    [
        "secretary",
        "minister",
        "president",
        "ambassador",
        "chief",
        "general",
        "attorney",
        "premier",
        "envoy",
        "spokesman",
        "spokeswoman",
        "governor",
        "chancellor",
        "king",
        "queen",
        "emir",
        "leader",
        "commander",
        "chairman",
    ]
)


def _is_title(name: str, country_words: frozenset[str]) -> bool:
    """An "organisation" that is a country's title ("US Secretary of Defense"): the owner
    and the title are read apart at run time, so the entry would only hide the title."""
    words = name.lower().split()
    return words[0] in country_words and any(w in TITLE_WORDS for w in words[1:])


def _add_member(name: str, org: phoenix.Organisation, curated: Curated, ids: Ids,
                out: Converted) -> None:  # fmt: skip
    """A person listed among an organisation's names: a person affiliated with it (not a
    title or body the source files there: "US President", "Royal Navy", "United Nations
    Chief", whose last word would match as a surname)."""
    if key(name) in curated.people or not org.affiliation:
        return
    if name.split()[-1].lower().split("-")[-1] in TITLE_WORDS | BODY_WORDS:
        return
    entry: dict[str, Any] = {"id": ids("people", name, None), "name": name, "country": None}
    country = org.entry.get("country")
    if country in curated.kb.countries:
        entry["country"] = country
    entry["affiliations"] = [org.affiliation]
    out.people.append(entry)


def is_person(country_words: frozenset[str]) -> Callable[[phoenix.Record, str], bool]:
    """CountryInfo's leaders and IGO rulers are people; any other entry is a person when its
    name looks like one and its codes are dated or say ELI (an organisation's are not)."""

    def test(record: phoenix.Record, name: str) -> bool:
        if "CountryInfo" in record.comment or "rulers" in record.comment:
            return True
        personal = any(r.dated or r.code[3:6] == "ELI" or r.code == "ELI" for r in record.codes)
        return personal and phoenix.looks_like_person(name, country_words)

    return test


# --------------------------------------------------------------------------------- agents


#: Source agent phrases that name no agent: acts, states of affairs and abstractions
#: ("encouraged cooperation to promote local *governance*" is nobody's request).
NOT_AGENTS = frozenset(
    {"governance", "a cabinet meeting", "military presence", "intelligence activity",
     "insurgence", "uprising", "polity", "political entity"}
)  # fmt: skip


def agents(curated: Curated, sources: Path) -> list[dict[str, Any]]:
    """NGEC's PLOVER agents, then Phoenix's for phrases NGEC lacks; curated agents win;
    phrases that name no agent (:data:`NOT_AGENTS`) are left out."""
    seen = set(curated.agents) | {key(a) for a in NOT_AGENTS}
    out: list[dict[str, Any]] = []
    for name in ("NGEC.PLOVER_agents.txt", "Phoenix.agents.txt"):
        records = phoenix.read_agents(_read(sources / name))
        for entry in phoenix.agent_entries(records):
            if key(entry["id"]) in seen:
                continue
            seen.update(key(f) for f in (entry["id"], *entry["forms"]))
            entry["forms"] = [f for f in entry["forms"] if f != entry["id"]]
            out.append({k: v for k, v in entry.items() if v != []})
    return out


# ---------------------------------------------------------------------------------- output


def about(name: str, source: str, as_of: str, notes: str) -> dict[str, Any]:
    return {"name": name, "source": source, "licence": "MIT", "as_of": as_of, "notes": notes}


def render(data: dict[str, Any]) -> str:
    """JSON with one entry per line (stable, reviewable diffs)."""
    parts = []
    for section, value in data.items():
        if isinstance(value, list):
            rows = ",\n".join(json.dumps(v, ensure_ascii=False, sort_keys=False) for v in value)
            parts.append(f"{json.dumps(section)}: [\n{rows}\n]")
        else:
            parts.append(f"{json.dumps(section)}: {json.dumps(value, ensure_ascii=False)}")
    return "{" + ",\n".join(parts) + "}\n"


def _read(path: Path) -> str:
    return path.read_text("utf-8", errors="replace")


def build(sources: Path, problems: list[str]) -> dict[str, str]:
    curated = Curated.load()
    ids = Ids(curated.kb.people)
    out = Converted()
    test = is_person(curated.country_words)
    for name in ("Countries", "International", "MilNonState"):
        text = _read(sources / f"Phoenix.{name}.actors.txt")
        convert_records(phoenix.read_actors(text, problems), curated, ids, out, test)
    nationalities = phoenix.read_nationalities(_read(sources / "NGEC.countries.csv"))
    names = country_names(curated, nationalities, out.blocks)
    files = {
        "countries.json": {
            "about": about("Country names and places", f"{NGEC}; {PETRARCH}", "2014-01-30",
                           "NGEC nationality adjectives; Phoenix country spellings and places"),
            "country_names": names,
        },
        "people.json": {
            "about": about("People with dated affiliations", PETRARCH, "2014-01-30",
                           "Phoenix.Countries/International/MilNonState people "
                           "(CountryInfo.140130)"),
            "people": out.people,
        },
        "organisations.json": {
            "about": about("IGOs, NGOs, companies, armed groups, state bodies", PETRARCH,
                           "2014-01-30", "Phoenix International, MilNonState and Countries "
                           "organisations"),
            "igos": out.igos,
            "institutions": out.institutions,
        },
        "agents.json": {
            "about": about("Generic agents", f"{NGEC}; {PETRARCH}", "2014-01-30",
                           "NGEC PLOVER agents, then Phoenix agents (CAMEO codes read as PLOVER)"),
            "agents": agents(curated, sources),
        },
    }  # fmt: skip
    return {name: render(data) for name, data in files.items()}


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--sources", type=Path, default=SOURCES)
    parser.add_argument("--out", type=Path, default=OUT)
    parser.add_argument("--check", action="store_true", help="compare, do not write")
    args = parser.parse_args(argv)
    problems: list[str] = []
    files = build(args.sources, problems)
    for problem in problems:
        sys.stderr.write(f"note: {problem}\n")
    if args.check:
        stale = [n for n, text in files.items() if _current(args.out / n) != text]
        for name in stale:
            sys.stderr.write(f"{args.out / name} is stale: run scripts/convert_actors.py\n")
        return 1 if stale else 0
    args.out.mkdir(parents=True, exist_ok=True)
    for name, text in files.items():
        (args.out / name).write_text(text, encoding="utf-8")
        sys.stdout.write(f"wrote {args.out / name} ({len(text.encode()) // 1024} KiB)\n")
    return 0


def _current(path: Path) -> str | None:
    return path.read_text("utf-8") if path.is_file() else None


if __name__ == "__main__":
    sys.exit(main())
