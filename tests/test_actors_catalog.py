"""Looking actors up (legation.actors.catalog) and keeping them current: imports from CSV and
Wikidata SPARQL results (legation.actors.imports) written into a store's actor file."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest

from legation.actors import catalog
from legation.actors.edits import ActorFile
from legation.actors.imports import people_from_csv, people_from_wikidata
from legation.actors.kb import KnowledgeBase, load_knowledge_base
from legation.errors import KnowledgeBaseError
from legation.model import Sector

DATA = Path(__file__).parent / "data"
CSV = DATA / "actors_import.csv"
WIKIDATA = DATA / "wikidata_holders.json"


@pytest.fixture(scope="module")
def kb() -> KnowledgeBase:
    return load_knowledge_base()


# ---------------------------------------------------------------------------------- lookup


def test_stats_count_both_tiers_and_give_the_as_of_date(kb: KnowledgeBase) -> None:
    found = catalog.stats(kb)
    people = found["sizes"]["people"]
    assert people["world"] > 15_000 and people["curated"] > 300
    assert found["sizes"]["offices"]["world"] == 0
    assert found["as_of"] == "2026-12-06"  # the curated world leaders' file is the latest


def test_search_puts_exact_names_and_curated_entries_first(kb: KnowledgeBase) -> None:
    found = catalog.search(kb, "Antony Blinken")
    assert found[0].id == "antony_blinken" and not found[0].world
    putin = catalog.search(kb, "putin", limit=5)
    assert "vladimir_putin" in [s.id for s in putin]
    assert catalog.search(kb, "no such actor anywhere") == []


def test_listing_filters_by_section_country_and_tier(kb: KnowledgeBase) -> None:
    offices = list(catalog.entries(kb, "offices", "PAK"))
    assert "PAK.coas" in [s.id for s in offices] and all(s.country == "PAK" for s in offices)
    moldovans = list(catalog.entries(kb, "people", "MDA", world=True))
    assert moldovans and all(s.world and s.country == "MDA" for s in moldovans)
    with pytest.raises(KnowledgeBaseError, match="unknown section"):
        list(catalog.entries(kb, "persons"))


def test_an_office_shows_its_holders_by_date(kb: KnowledgeBase) -> None:
    detail = catalog.describe(kb, "PAK.coas")
    munir = detail.roles[-1]
    assert (munir.what, munir.start, munir.end) == ("Syed Asim Munir", date(2022, 11, 29), None)


def test_a_person_shows_offices_and_affiliations(kb: KnowledgeBase) -> None:
    blinken = catalog.describe(kb, "antony_blinken")
    assert any("Secretary of State" in r.what for r in blinken.roles)
    biya = catalog.describe(kb, "paul_biya")  # a world-tier person, with dated roles
    assert biya.summary.world
    assert any(r.country == "CMR" and r.sector == "GOV" and r.end is None for r in biya.roles)
    putin = catalog.describe(kb, "vladimir_putin")  # curated: the office he holds, dated
    assert not putin.summary.world
    assert any("President" in r.what and r.end is None for r in putin.roles)


def test_an_unknown_id_suggests_close_ones(kb: KnowledgeBase) -> None:
    with pytest.raises(KnowledgeBaseError, match=r"PAK\.coas"):
        catalog.describe(kb, "PAK.coaz")


# --------------------------------------------------------------------------------- imports


def test_csv_rows_merge_into_people_with_positions_and_affiliations(kb: KnowledgeBase) -> None:
    people = {p.id: p for p in people_from_csv(CSV.read_text("utf-8"), kb)}
    zara = people["zara_testwala"]
    assert (zara.country, [p.office for p in zara.positions]) == ("PAK", ["PAK.fm"])
    assert "Dr Zara Testwala" in zara.aliases
    sandu = people["maia_sandu"]
    assert sandu.wikidata == "Q18225098"
    assert [(a.sector, a.start) for a in sandu.affiliations] == [
        (Sector.GOV, date(2020, 12, 24)),
        (Sector.OPP, date(2016, 1, 1)),
    ]


def test_a_world_person_imported_keeps_what_the_world_tier_knew(kb: KnowledgeBase) -> None:
    (putin,) = [
        p for p in people_from_csv(CSV.read_text("utf-8"), kb) if p.name == "Vladimir Putin"
    ]
    assert putin.id == "vladimir_putin" and putin.country == "RUS"
    assert "Putin" in putin.aliases and "President Putin of Russia" in putin.aliases
    assert len(putin.affiliations) == len(kb.people["vladimir_putin"].affiliations) + 1


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("who,country\nX,PAK\n", "header with `name`"),
        ("name,office\nX Y,PAK.nothing\n", "office 'PAK.nothing' is not in the knowledge base"),
        ("name,start,sector,country\nX Y,2020-13-01,GOV,PAK\n", "not a YYYY-MM-DD date"),
        ("name,country\n,PAK\n", "needs a `name`"),
    ],
)
def test_a_bad_csv_says_what_to_fix(kb: KnowledgeBase, text: str, message: str) -> None:
    with pytest.raises(KnowledgeBaseError, match=message):
        people_from_csv(text, kb)


def test_wikidata_position_holders_map_to_offices(kb: KnowledgeBase) -> None:
    text = WIKIDATA.read_text("utf-8")
    people = people_from_wikidata(text, kb, {"Q900100": "PAK.coas"}, sector=Sector.GOV)
    by_name = {p.name: p for p in people}
    one = by_name["Imaginary Chief One"]
    assert one.wikidata == "Q900001" and one.country == "PAK"
    assert [(p.office, p.start, p.end) for p in one.positions] == [
        ("PAK.coas", date(2030, 11, 29), date(2033, 11, 29))
    ]
    envoy = by_name["Imaginary Envoy"]  # no office for its position: an affiliation
    assert [(a.country, a.sector) for a in envoy.affiliations] == [("MDA", Sector.GOV)]


def test_a_file_that_is_no_sparql_result_is_refused(kb: KnowledgeBase) -> None:
    with pytest.raises(KnowledgeBaseError, match="SPARQL JSON result"):
        people_from_wikidata('{"rows": []}', kb)


def test_imported_holders_take_the_office_at_their_dates(tmp_path: Path) -> None:
    base = load_knowledge_base()
    people = people_from_wikidata(WIKIDATA.read_text("utf-8"), base, office="PAK.coas")
    kb = ActorFile(tmp_path / "t.actors.yaml").upsert_people(people)
    office = kb.offices["PAK.coas"]
    holder = kb.holder_at(office, date(2032, 1, 1))
    assert holder is not None and kb.people[holder.person].name == "Imaginary Chief One"
    later = kb.holder_at(office, date(2034, 1, 1))
    assert later is not None and kb.people[later.person].name == "Imaginary Chief Two"
    assert (tmp_path / "t.actors.yaml").read_text("utf-8").count("- id:") == 3


def test_a_curated_addition_may_reuse_a_world_name(tmp_path: Path) -> None:
    from legation.actors.kb import Person

    file = ActorFile(tmp_path / "t.actors.yaml")
    kb = file.add_person(Person(id="boris_yeltsin_2", name="Boris Yeltsin", country="RUS"))
    assert "boris_yeltsin_2" in kb.people
