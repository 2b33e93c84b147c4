"""Reading the Phoenix and NGEC dictionaries (legation.actors.phoenix) on hand-written
fixtures in their formats, and the conversion decisions scripts/convert_actors.py relies on."""

from __future__ import annotations

from datetime import date

import pytest

from legation.actors import phoenix
from legation.actors.kb import Affiliation, Person
from legation.model import Sector

COUNTRIES = ("RUS", "PAK", "PSE", "AFG", "USA", "TLS", "ARM")

ACTORS = """\
# a comment line
AFGHANISTAN_  [AFG]
+AFGHAN_
+HERAT_
BORIS_YELTSIN_  # CountryInfo.txt
BORIS_N._YELTSIN
PRESIDENT_BORIS_YELTSIN
+YELTSIN
\t[RUSELI 490101-910710]
\t[RUSGOV 910710-991231]
\t[RUSELI]
JAVIER_DE_CUELLAR_\t[IGOUNO 820101-911231] [ELI]# IGOrulers.txt
BAD_DATES_PERSON_  # CountryInfo.txt
\t[PAKGOV 2004017-20061201]
\t[PAKELI]
HAMAS_  #  kkl 21 Mar 13
+ISLAMIC_RESISTANCE_MOVEMENT
+KHALED_MESHAAL
\t[PSEREBHMS]
PALESTINIAN_ISLAMIC_JIHAD_ [MEAREB]
KINAKUTA_  [KNT]
"""


@pytest.fixture(scope="module")
def records() -> list[phoenix.Record]:
    return phoenix.read_actors(ACTORS)


def test_phrases_before_a_code_share_it_and_codes_may_follow_on_the_line(
    records: list[phoenix.Record],
) -> None:
    yeltsin = records[1]
    assert yeltsin.phrases == [
        "BORIS_YELTSIN_",
        "BORIS_N._YELTSIN",
        "PRESIDENT_BORIS_YELTSIN",
        "YELTSIN",
    ]
    assert [r.code for r in yeltsin.codes] == ["RUSELI", "RUSGOV", "RUSELI"]
    assert records[2].phrases == ["JAVIER_DE_CUELLAR_"] and len(records[2].codes) == 2
    assert "CountryInfo" in yeltsin.comment


def test_restrictions_are_inclusive_in_phoenix_and_exclusive_here(
    records: list[phoenix.Record],
) -> None:
    elite, government, default = records[1].codes
    assert (elite.start, elite.end) == (date(1949, 1, 1), date(1991, 7, 11))
    assert (government.start, government.end) == (date(1991, 7, 10), date(2000, 1, 1))
    assert not default.dated
    assert phoenix.read_actors("X_\n\t[PAKGOV <080101]\n")[0].codes[0].end == date(2008, 1, 2)
    assert phoenix.read_actors("X_\n\t[PAKGOV >250101]\n")[0].codes[0].start == date(2025, 1, 1)


def test_a_mistyped_restriction_is_fixed_when_listed_else_dropped_with_a_note() -> None:
    problems: list[str] = []
    (record,) = phoenix.read_actors(
        "BAN_\n\t[KORGOVBUS 2004017-20061201]\n\t[PAK 1x-2]\n", problems
    )
    assert [(r.code, r.start) for r in record.codes] == [("KORGOVBUS", date(2004, 1, 17))]
    assert len(problems) == 1 and "dropped" in problems[0]


@pytest.mark.parametrize(
    ("code", "country", "sector"),
    [
        ("RUSGOV", "RUS", Sector.GOV),
        ("USRGOV", "RUS", Sector.GOV),  # the USSR's successor
        ("TMPOCC", "TLS", None),
        ("PAKMED", "PAK", Sector.JRN),  # CAMEO MED is media
        ("PAKHLH", "PAK", Sector.MED),  # CAMEO HLH is health
        ("PAKMUS", "PAK", Sector.REL),
        ("NGOHRIAMN", "NGO", Sector.SOC),
        ("MNC", "MNC", Sector.BUS),
        ("IMGMUSALQ", "IMG", Sector.UAF),  # a religion is not an armed group's sector
        ("MEAREB", "IMG", Sector.REB),  # a region: transnational
        ("KKLREB", None, Sector.REB),
    ],
)
def test_cameo_codes_read_as_plover_countries_and_sectors(
    code: str, country: str | None, sector: Sector | None
) -> None:
    read = phoenix.read_code(code, COUNTRIES)
    assert read is not None and (read.country, read.sector) == (country, sector)


def test_null_fictional_and_igo_codes() -> None:
    assert phoenix.read_code("---", COUNTRIES) is None
    assert phoenix.read_code("KNTGOV", COUNTRIES) is None  # Kinakuta, CountryInfo's test
    igo = phoenix.read_code("IGOUNOREFHCR", COUNTRIES)
    assert igo is not None and (igo.country, igo.sector, igo.igo) == (
        "IGO",
        Sector.IGO,
        "IGOUNOREFHCR",
    )
    place = phoenix.read_code("AFG", COUNTRIES)
    assert place is not None and place.place


def test_a_person_gets_nationality_default_sector_and_dated_affiliations(
    records: list[phoenix.Record],
) -> None:
    entry = phoenix.person_entry(records[1], COUNTRIES, "boris_yeltsin")
    assert entry is not None
    person = Person.model_validate(entry)
    assert (person.name, person.country, person.sector) == ("Boris Yeltsin", "RUS", Sector.ELI)
    assert "Boris N. Yeltsin" in person.aliases and "Yeltsin" in person.aliases
    assert "President Boris Yeltsin" not in person.aliases  # a title in front of a name
    at = person.affiliation_at(date(1995, 1, 1))
    assert at is not None and (at.country, at.sector) == ("RUS", Sector.GOV)
    assert person.affiliation_at(date(2005, 1, 1)) is None  # the default: ELI


def test_an_igo_ruler_is_the_igos_while_in_office(records: list[phoenix.Record]) -> None:
    entry = phoenix.person_entry(records[2], COUNTRIES, "javier_de_cuellar")
    assert entry is not None
    person = Person.model_validate(entry)
    at = person.affiliation_at(date(1985, 1, 1))
    assert at is not None and (at.country, at.code) == ("IGO", "IGOUNO")
    assert person.country is None  # his nationality is not in the file


def test_people_listed_among_an_organisations_names_become_its_members(
    records: list[phoenix.Record],
) -> None:
    words = {"palestinian": "PSE", "afghan": "AFG"}
    found = phoenix.organisation_entry(records[4], COUNTRIES, _ids, words)
    assert found is not None
    assert found.entry == {
        "id": "PSE.Hamas",
        "name": "Hamas",
        "country": "PSE",
        "sector": "REB",
        "aliases": ["Islamic Resistance Movement"],
    }
    assert found.members == ("Khaled Meshaal",) and found.affiliation == "PSEREB"


def test_a_regional_group_named_for_one_country_is_that_countrys(
    records: list[phoenix.Record],
) -> None:
    found = phoenix.organisation_entry(records[5], COUNTRIES, _ids, {"palestinian": "PSE"})
    assert found is not None and (found.entry["country"], found.entry["sector"]) == ("PSE", "REB")


def _ids(section: str, name: str, country: str | None) -> str:
    return f"{country}.{name}"


def test_a_country_block_names_places_and_fictional_entries_are_dropped(
    records: list[phoenix.Record],
) -> None:
    assert phoenix.place_names(records[0], COUNTRIES) == ("AFG", ["Afghanistan", "Afghan", "Herat"])
    assert records[-1].phrases == ["KINAKUTA_"]
    assert phoenix.place_names(records[-1], COUNTRIES) is None
    assert phoenix.person_entry(records[-1], COUNTRIES, "x") is None


def test_display_case_keeps_acronyms_initials_and_particles() -> None:
    assert phoenix.display_case("VLADIMIR V. PUTIN") == "Vladimir V. Putin"
    assert phoenix.display_case("ABU BAKR AL BAGHDADI") == "Abu Bakr al Baghdadi"
    assert phoenix.display_case("NPFL") == "NPFL"


def test_looks_like_person() -> None:
    countries = frozenset({"palestinian"})
    assert phoenix.looks_like_person("Khaled Meshaal", countries)
    assert not phoenix.looks_like_person("Islamic Resistance Movement", countries)
    assert not phoenix.looks_like_person("Palestinian Authority", countries)
    assert not phoenix.looks_like_person("Monotheism and Holy Struggle", countries)
    assert not phoenix.looks_like_person("Hamas", countries)


AGENTS = """\
!PERSON! = MAN, MEN
POLICE!PERSON! [~COP]
PROTESTER [~CVLOPP]
THIEF {THIEVES} [~CRM]
MINISTRY_  [~GOV]
COUNTRY [~SPY]
THE_WEST [~NON]
SOMETHING [~XYZ]
"""


def test_agents_expand_macros_and_plurals_and_read_plover_sectors() -> None:
    entries = list(phoenix.agent_entries(phoenix.read_agents(AGENTS)))
    by_id = {e["id"]: e for e in entries}
    assert by_id["policeman"]["sector"] == "COP" and "policemen" in by_id["policeman"]["forms"]
    assert by_id["protester"] == {"id": "protester", "sector": "CVL", "forms": ["protesters"]}
    assert by_id["thief"]["forms"] == ["thiefs", "thieves"]
    assert by_id["ministry"] == {"id": "ministry", "sector": "GOV", "forms": []}
    assert by_id["country"]["forms"] == ["countries"]
    assert by_id["the west"]["sector"] is None  # names no actor
    assert "something" not in by_id  # a code Legation cannot read


def test_nationalities_are_read_from_ngec_countries() -> None:
    text = 'CCA2,Name,CCA3,Nationality\nAF,Afghanistan,AFG,"Afghan, Afghani, Afghans"\n'
    (row,) = phoenix.read_nationalities(text)
    assert (row.iso3, row.name, row.forms) == (
        "AFG",
        "Afghanistan",
        ("Afghan", "Afghani", "Afghans"),
    )


@pytest.mark.parametrize(
    ("text", "country", "sector", "code", "start", "end"),
    [
        (
            "RUSGOV 1991-07-10..2000-01-01",
            "RUS",
            Sector.GOV,
            None,
            date(1991, 7, 10),
            date(2000, 1, 1),
        ),
        ("RUSELI", "RUS", Sector.ELI, None, None, None),
        ("IGOUNO 1997-01-01..", "IGO", Sector.IGO, "IGOUNO", date(1997, 1, 1), None),
        ("PSEREB ..2004-03-22", "PSE", Sector.REB, None, None, date(2004, 3, 22)),
    ],
)
def test_the_affiliation_shorthand(
    text: str,
    country: str,
    sector: Sector,
    code: str | None,
    start: date | None,
    end: date | None,
) -> None:
    found = Affiliation.parse(text)
    assert (found.country, found.sector, found.code, found.start, found.end) == (
        country,
        sector,
        code,
        start,
        end,
    )


@pytest.mark.parametrize("text", ["pakgov", "PAKGOV 2013", "PAKGOV 2013-13-01.."])
def test_a_malformed_affiliation_says_what_the_shorthand_is(text: str) -> None:
    with pytest.raises(ValueError, match="affiliation"):
        Person.model_validate({"id": "x", "name": "X Y", "country": None, "affiliations": [text]})
