"""The heads of state and government and foreign ministers of the 46 countries added to
world_leaders.yaml after the first 44 (Cambodia to Nepal): dated holders that never overlap,
and the holder of an office at dates the record is sure of."""

from __future__ import annotations

from datetime import date
from itertools import pairwise

import pytest

from legation.actors.kb import KnowledgeBase, load_knowledge_base

ADDED = [
    "KHM",
    "VNM",
    "KEN",
    "GHA",
    "SEN",
    "MLI",
    "NER",
    "BFA",
    "TCD",
    "COD",
    "RWA",
    "UGA",
    "TZA",
    "DZA",
    "MAR",
    "TUN",
    "LBY",
    "JOR",
    "OMN",
    "KWT",
    "YEM",
    "KAZ",
    "UZB",
    "AZE",
    "ARM",
    "GEO",
    "MDA",
    "ROU",
    "GRC",
    "NLD",
    "BEL",
    "SWE",
    "NOR",
    "FIN",
    "DNK",
    "CHL",
    "PER",
    "BOL",
    "ECU",
    "CUB",
    "NIC",
    "HND",
    "GTM",
    "NZL",
    "SGP",
    "NPL",
]


@pytest.fixture(scope="module")
def kb() -> KnowledgeBase:
    return load_knowledge_base(world=False)


def test_every_added_country_has_a_leader_and_a_foreign_minister(kb: KnowledgeBase) -> None:
    for iso3 in ADDED:
        offices = [o for o in kb.offices.values() if o.country == iso3]
        assert any(o.function == "foreign_minister" for o in offices), iso3
        assert len(offices) >= 2, iso3
        assert all(o.holders for o in offices), iso3


def test_holders_of_an_added_office_follow_each_other(kb: KnowledgeBase) -> None:
    for office in kb.offices.values():
        if office.country not in ADDED:
            continue
        holders = office.holders
        for holder in holders:
            assert holder.start is not None, office.id
            assert holder.end is None or holder.start < holder.end, (office.id, holder)
        for before, after in pairwise(holders):
            assert before.end is not None and after.start is not None, (office.id, before)
            assert before.end <= after.start, (office.id, before)


@pytest.mark.parametrize(
    ("office", "when", "person"),
    [
        ("KHM.pm", date(2024, 1, 1), "hun_manet"),
        ("KHM.pm", date(2020, 1, 1), "hun_sen"),
        ("VNM.gensec", date(2025, 1, 1), "to_lam"),
        ("KEN.president", date(2023, 1, 1), "william_samoei_ruto"),
        ("KEN.pcs", date(2024, 1, 1), "wycliffe_musalia_mudavadi"),
        ("GHA.president", date(2025, 6, 1), "john_mahama"),
        ("GHA.president", date(2020, 6, 1), "nana_akufu_addo"),
        ("NER.president", date(2024, 1, 1), "abdourahamane_tchiani"),
        ("DZA.president", date(2021, 1, 1), "abdelmadjid_tebboune"),
        ("JOR.fm", date(2020, 1, 1), "ayman_al_safadi"),
        ("YEM.president", date(2023, 1, 1), "rashad_muhammad_al_alimi"),
        ("ARM.pm", date(2022, 1, 1), "nikol_pashinyan"),
        ("GRC.pm", date(2015, 3, 1), "alexis_tsipras"),
        ("NLD.pm", date(2020, 1, 1), "mark_rutte"),
        ("FIN.president", date(2024, 6, 1), "alexander_stubb"),
        ("DNK.fm", date(2023, 6, 1), "lars_lokke_rasmussen"),
        ("PER.president", date(2023, 6, 1), "dina_boluarte"),
        ("CUB.president", date(2020, 1, 1), "miguel_diaz_canel_bermudez"),
        ("NZL.pm", date(2020, 1, 1), "jacinda_ardern"),
        ("NPL.pm", date(2023, 6, 1), "pushpa_kamal_dahal"),
    ],
)
def test_an_added_office_has_its_holder_at_a_date(
    kb: KnowledgeBase, office: str, when: date, person: str
) -> None:
    holder = kb.holder_at(kb.offices[office], when)
    assert holder is not None and holder.person == person
