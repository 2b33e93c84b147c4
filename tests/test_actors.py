"""The actors stage: knowledge base (no model needed) and dictionary.v1 on real parses (slow)."""

from __future__ import annotations

from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING

import pytest

from legation.actors import RESOLVERS, build_resolver
from legation.actors.dictionary import DictionaryResolver, name_variants
from legation.actors.kb import KnowledgeBase, load_knowledge_base
from legation.config import Config
from legation.errors import ConfigError, KnowledgeBaseError
from legation.model import Actor, ActorKind, Document, Sector

if TYPE_CHECKING:
    from spacy.language import Language

    from legation.actors.dictionary import DictionaryDocumentActors

EXTRA = Path(__file__).parent / "data" / "actors_extra.yaml"


@pytest.fixture(scope="module")
def kb() -> KnowledgeBase:
    return load_knowledge_base()


@pytest.fixture(scope="module")
def resolver(kb: KnowledgeBase) -> DictionaryResolver:
    return DictionaryResolver(kb)


def holder(kb: KnowledgeBase, office: str, when: date | None) -> str | None:
    found = kb.holder_at(kb.offices[office], when)
    return found.person if found else None


# ------------------------------------------------------------------ knowledge base


def test_shipped_kb_has_every_country_and_the_core_entries(kb: KnowledgeBase) -> None:
    assert len(kb.countries) >= 249
    assert {"XKX", "PSE", "TWN", "PAK", "USA", "IND", "CHN", "AFG"} <= set(kb.countries)
    assert {"UN", "IMF", "WB", "NATO", "SCO", "SAARC", "FATF", "UNSC", "UNAMA"} <= set(kb.igos)
    assert kb.igos["UN"].actor_code == "IGOUNO"
    assert kb.institutions["PAK.isi"].sector == Sector.SPY
    assert kb.institutions["USA.dod"].sector == Sector.MIL
    assert kb.offices["USA.secdef"].sector == Sector.GOV
    assert kb.offices["USA.cjcs"].sector == Sector.MIL


@pytest.mark.parametrize(
    ("office", "when", "expected"),
    [
        ("PAK.coas", date(2021, 5, 1), "qamar_javed_bajwa"),
        ("PAK.coas", date(2022, 11, 28), "qamar_javed_bajwa"),
        ("PAK.coas", date(2022, 11, 29), "asim_munir"),  # the successor's first day
        ("PAK.coas", date(2023, 5, 1), "asim_munir"),
        ("PAK.coas", None, None),  # no date: the office, never today's holder
        ("USA.secstate", date(2023, 5, 1), "antony_blinken"),
        ("USA.secstate", date(2025, 3, 1), "marco_rubio"),
        ("USA.secdef", date(2024, 1, 1), "lloyd_austin"),
        ("USA.secdef", date(2025, 2, 1), "pete_hegseth"),
        ("PAK.pm", date(2023, 10, 1), "anwaar_ul_haq_kakar"),
        ("PAK.pm", date(2024, 3, 4), "shehbaz_sharif"),
        ("PAK.fm", date(2022, 6, 1), "bilawal_bhutto_zardari"),
        ("UN.sg", date(2010, 1, 1), "ban_ki_moon"),
        ("IMF.md", date(2023, 6, 24), "kristalina_georgieva"),
        ("CHN.fm", date(2023, 3, 1), "qin_gang"),
        ("CHN.fm", date(2023, 9, 1), "wang_yi"),
        ("USA.deputy_secstate", date(2023, 9, 1), None),  # vacant between Sherman and Campbell
    ],
)
def test_office_holders_by_date(
    kb: KnowledgeBase, office: str, when: date | None, expected: str | None
) -> None:
    assert holder(kb, office, when) == expected


def test_the_taliban_become_the_government_in_august_2021(kb: KnowledgeBase) -> None:
    taliban = kb.institutions["AFG.taliban"]
    assert taliban.sector_at(date(2021, 8, 14)) == Sector.REB
    assert taliban.sector_at(date(2021, 8, 15)) == Sector.GOV


@pytest.mark.parametrize(
    ("person", "when", "role", "sector"),
    [
        (
            "asim_munir",
            date(2019, 1, 1),
            "Director-General of Inter-Services Intelligence",
            Sector.SPY,
        ),
        ("asim_munir", date(2025, 6, 1), "Chief of Army Staff", Sector.MIL),
        ("qamar_javed_bajwa", date(2023, 6, 1), None, Sector.ELI),  # retired general
        ("imran_khan", date(2020, 1, 1), "Prime Minister", Sector.GOV),
        ("imran_khan", date(2023, 6, 1), None, Sector.OPP),  # a party sector stays
        ("antonio_guterres", date(2020, 1, 1), "UN Secretary-General", Sector.IGO),
    ],
)
def test_person_role_follows_the_office_held_at_the_date(
    resolver: DictionaryResolver, person: str, when: date, role: str | None, sector: Sector
) -> None:
    from legation.actors.dictionary import _Ctx

    ctx = _Ctx(doc=None, when=when, home=None)
    actor = resolver.person_actor(resolver.kb.people[person], ctx)
    assert (actor.role, actor.sector) == (role, sector)
    if sector == Sector.IGO:
        assert (actor.country, actor.code) == ("IGO", "IGOUNO")


def test_name_variants_drop_dots_initials_and_suffixes() -> None:
    assert {"Lloyd J Austin", "Lloyd Austin"} <= name_variants("Lloyd J. Austin III")
    assert "Charles Q Brown" in name_variants("Charles Q. Brown Jr.")


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Llyod J Austin", "lloyd_austin"),
        ("Antony Blinkin", "antony_blinken"),
        ("Shahbaz Shareef", "shehbaz_sharif"),
        ("John Austin", None),  # same surname, another person
        ("Lloyd Webber", None),  # same first name, another person
        ("Munir", None),  # one word: never fuzzy
    ],
)
def test_fuzzy_names_need_a_close_match_and_the_same_surname(
    resolver: DictionaryResolver, text: str, expected: str | None
) -> None:
    person = resolver.fuzzy_person(text)
    assert (person.id if person else None) == expected


def test_user_files_add_and_override_entries() -> None:
    kb = load_knowledge_base([EXTRA])
    assert kb.people["antony_blinken"].aliases == ("Blinken the Elder",)
    assert holder(kb, "PAK.fm", date(2031, 6, 1)) == "zara_testwala"
    assert holder(kb, "PAK.fm", date(2024, 6, 1)) == "ishaq_dar"  # shipped holders kept
    assert kb.institutions["PAK.lahore_test_council"].sector == Sector.EDU


def test_a_folder_of_user_files_is_read(tmp_path: Path) -> None:
    (tmp_path / "a.yaml").write_text(EXTRA.read_text("utf-8"), "utf-8")
    (tmp_path / "notes.txt").write_text("ignored", "utf-8")
    assert "zara_testwala" in load_knowledge_base([tmp_path]).people


@pytest.mark.parametrize(
    ("content", "expected"),
    [
        (
            "people:\n  - {id: x_y, name: X Y, country: PAK, sector: WARLORD}\n",
            "people entry #1 ('x_y')",
        ),
        ("people:\n  - {id: x_y, name: X Y, country: PAQ}\n", "'PAQ' is unknown"),
        (
            "offices:\n  - {id: PAK.x, country: PAK, role: X, sector: GOV,\n"
            "     holders: [{person: asim_munr}]}\n",
            "Did you mean 'asim_munir'",
        ),
        (
            "institutions:\n  - {id: PAK.x, name: X, sector: GOV, colour: green}\n",
            "institutions entry #1 ('PAK.x')",
        ),
        ("people: [unclosed\n", "not valid YAML"),
        ("persons: []\n", "unknown section"),
        ("- just a list\n", "expected a mapping"),
    ],
)
def test_malformed_files_raise_naming_file_and_entry(
    tmp_path: Path, content: str, expected: str
) -> None:
    path = tmp_path / "mine.yaml"
    path.write_text(content, "utf-8")
    with pytest.raises(KnowledgeBaseError) as info:
        load_knowledge_base([path])
    assert "mine.yaml" in str(info.value)
    assert expected in str(info.value)


def test_a_missing_user_path_says_what_to_check(tmp_path: Path) -> None:
    with pytest.raises(KnowledgeBaseError, match="actor_paths"):
        load_knowledge_base([tmp_path / "nope.yaml"])


def test_resolvers_are_chosen_by_registry_name() -> None:
    assert "dictionary.v1" in RESOLVERS.names()
    resolver = build_resolver(Config.default().model_copy(update={"actor_paths": (EXTRA,)}))
    assert resolver.name == "dictionary.v1"
    with pytest.raises(ConfigError, match=r"dictionary\.v1"):
        RESOLVERS.get("dictionary.v0")


# ------------------------------------------------------------------ on parsed documents


def analyse(
    nlp: Language,
    resolver: DictionaryResolver,
    text: str,
    published: date | None = None,
    title: str | None = None,
) -> DictionaryDocumentActors:
    document = Document.create(text, name="t", published=published, title=title)
    return resolver.analyse(document, nlp(document.text))


def find(actors: DictionaryDocumentActors, text: str) -> Actor:
    found = [m.actor for m in actors.mentions if m.actor.text == text]
    assert found, f"no mention {text!r} in {[m.actor.text for m in actors.mentions]}"
    return found[0]


def phrase(
    nlp: Language,
    resolver: DictionaryResolver,
    text: str,
    target: str,
    published: date | None = None,
) -> Actor | None:
    document = Document.create(text, name="t", published=published)
    doc = nlp(document.text)
    start = document.text.index(target)
    span = doc.char_span(start, start + len(target), alignment_mode="expand")
    return resolver.analyse(document, doc).actor_for(span)


@pytest.mark.slow
@pytest.mark.parametrize(
    ("text", "published", "surface", "name", "role", "code"),
    [
        (
            "The army chief met the Secretary of State in Islamabad.",
            date(2021, 5, 1),
            "army chief",
            "Qamar Javed Bajwa",
            "Chief of Army Staff",
            "PAKMIL",
        ),
        (
            "The army chief met the Secretary of State in Islamabad.",
            date(2023, 5, 1),
            "army chief",
            "Syed Asim Munir",
            "Chief of Army Staff",
            "PAKMIL",
        ),
        (
            "The army chief met the Secretary of State in Islamabad.",
            date(2023, 5, 1),
            "Secretary of State",
            "Antony Blinken",
            "Secretary of State",
            "USAGOV",
        ),
        (
            "The Secretary of State spoke to Pakistan's army chief.",
            date(2025, 3, 1),
            "Secretary of State",
            "Marco Rubio",
            "Secretary of State",
            "USAGOV",
        ),
        (
            "The Secretary of State spoke to Pakistan's army chief.",
            date(2025, 3, 1),
            "Pakistan's army chief",
            "Syed Asim Munir",
            "Chief of Army Staff",
            "PAKMIL",
        ),
        (
            "During the trip, the Indian army chief met the US Secretary of Defense.",
            date(2023, 6, 20),
            "Indian army chief",
            "Manoj Pande",
            "Chief of the Army Staff",
            "INDMIL",
        ),
        (
            "During the trip, the Indian army chief met the US Secretary of Defense.",
            date(2023, 6, 20),
            "US Secretary of Defense",
            "Lloyd Austin",
            "Secretary of Defense",
            "USAGOV",
        ),
        (
            "Pakistan's Chief of Army Staff General Syed Asim Munir met US Secretary of Defense "
            "Lloyd J Austin.",
            date(2023, 12, 15),
            "Pakistan's Chief of Army Staff General Syed Asim Munir",
            "Syed Asim Munir",
            "Chief of Army Staff",
            "PAKMIL",
        ),
        (
            "Pakistan's Chief of Army Staff General Syed Asim Munir met US Secretary of Defense "
            "Lloyd J Austin.",
            date(2023, 12, 15),
            "US Secretary of Defense Lloyd J Austin",
            "Lloyd Austin",
            "Secretary of Defense",
            "USAGOV",
        ),
        (
            "Gen. Munir later met Llyod J Austin at the Pentagon.",
            date(2023, 12, 15),
            "Llyod J Austin",
            "Lloyd Austin",
            "Secretary of Defense",
            "USAGOV",
        ),
        (
            "Field Marshal Munir and COAS Munir are one man.",
            date(2025, 7, 1),
            "Field Marshal Munir",
            "Syed Asim Munir",
            "Chief of Army Staff",
            "PAKMIL",
        ),
        (
            "Lt Gen Nadeem Anjum, the DG ISI, met Wendy R. Sherman.",
            date(2022, 3, 1),
            "Lt Gen Nadeem Anjum",
            "Nadeem Ahmed Anjum",
            "Director-General of Inter-Services Intelligence",
            "PAKSPY",
        ),
        (
            "Lt Gen Nadeem Anjum, the DG ISI, met Wendy R. Sherman.",
            date(2022, 3, 1),
            "Wendy R. Sherman",
            "Wendy Sherman",
            "Deputy Secretary of State",
            "USAGOV",
        ),
        (
            "Pakistan's foreign minister held talks with his Chinese counterpart.",
            date(2024, 3, 11),
            "Chinese counterpart",
            "Wang Yi",
            "Minister of Foreign Affairs",
            "CHNGOV",
        ),
        (
            "The Secretary-General thanked Bangladesh for its troops.",
            date(2024, 2, 1),
            "Secretary-General",
            "António Guterres",
            "UN Secretary-General",
            "IGOUNO",
        ),
        (
            "The prime minister called the IMF Managing Director.",
            date(2023, 6, 24),
            "IMF Managing Director",
            "Kristalina Georgieva",
            "Managing Director of the IMF",
            "IMF",
        ),
        (
            "The army chief is set to meet the President at the White House.",
            date(2025, 6, 16),
            "President",
            "Donald Trump",
            "President",
            "USAGOV",
        ),
    ],
)
def test_titles_and_names_resolve_at_the_document_date(
    nlp: Language,
    resolver: DictionaryResolver,
    text: str,
    published: date,
    surface: str,
    name: str,
    role: str,
    code: str,
) -> None:
    actor = find(analyse(nlp, resolver, text, published), surface)
    assert (actor.name, actor.role, actor.code) == (name, role, code)
    assert actor.kind == ActorKind.PERSON and actor.entity_id


@pytest.mark.slow
def test_a_close_name_under_another_title_is_someone_else(
    nlp: Language, resolver: DictionaryResolver
) -> None:
    """ "Lin Qiang" is one letter from Premier Li Qiang, but a spokesperson is no premier."""
    text = "Foreign ministry spokesperson Lin Qiang said the talks were useful."
    actor = find(
        analyse(nlp, resolver, text, date(2024, 5, 1)), "Foreign ministry spokesperson Lin Qiang"
    )
    assert actor.name == "Lin Qiang" and actor.entity_id is None


@pytest.mark.slow
def test_a_surname_refers_back_to_a_person_named_in_full(
    nlp: Language, resolver: DictionaryResolver
) -> None:
    text = (
        "Defense Secretary Delfin Lorenzana of the Philippines met Mattis. "
        "Mattis thanked Lorenzana."
    )
    actors = analyse(nlp, resolver, text, date(2017, 9, 22))
    later = [m.actor for m in actors.mentions if m.actor.text == "Lorenzana"]
    assert later and later[0].name == "Delfin Lorenzana" and later[0].country == "PHL"


@pytest.mark.slow
def test_mentions_carry_document_offsets(nlp: Language, resolver: DictionaryResolver) -> None:
    text = "On Monday Secretary of State Antony Blinken met General Asim Munir."
    actors = analyse(nlp, resolver, text, date(2023, 12, 15))
    for mention in actors.mentions:
        actor = mention.actor
        assert actor.start is not None and actor.end is not None
        assert text[actor.start : actor.end] == actor.text
    assert [m.actor.text for m in actors.mentions] == [
        "Secretary of State Antony Blinken",
        "General Asim Munir",
    ]


@pytest.mark.slow
@pytest.mark.parametrize(
    ("text", "surface", "kind", "code"),
    [
        (
            "Washington imposed sanctions on four entities.",
            "Washington",
            ActorKind.COUNTRY,
            "USAGOV",
        ),
        ("The White House said nothing.", "White House", ActorKind.INSTITUTION, "USAGOV"),
        ("The Pentagon said nothing.", "The Pentagon", ActorKind.INSTITUTION, "USAMIL"),
        ("GHQ said nothing.", "GHQ", ActorKind.INSTITUTION, "PAKMIL"),
        ("Langley said nothing.", "Langley", ActorKind.INSTITUTION, "USASPY"),
        ("The Kremlin said nothing.", "The Kremlin", ActorKind.COUNTRY, "RUSGOV"),
        (
            "The State Department announced cuts.",
            "State Department",
            ActorKind.INSTITUTION,
            "USAGOV",
        ),
        ("The ISI and the TTP were named.", "ISI", ActorKind.INSTITUTION, "PAKSPY"),
        ("The ISI and the TTP were named.", "TTP", ActorKind.INSTITUTION, "PAKREB"),
        ("The IMF and the UN Security Council met.", "IMF", ActorKind.IGO, "IMF"),
        ("The IMF and the UN Security Council met.", "UN Security Council", ActorKind.IGO, "UNSC"),
    ],
)
def test_countries_seats_institutions_and_igos(
    nlp: Language, resolver: DictionaryResolver, text: str, surface: str, kind: ActorKind, code: str
) -> None:
    actor = find(analyse(nlp, resolver, text, date(2024, 1, 1)), surface)
    assert (actor.kind, actor.code) == (kind, code)


@pytest.mark.slow
@pytest.mark.parametrize(
    ("surface", "code"),
    [("Yemeni army", "YEMMIL"), ("Iraqi air force", "IRQMIL"), ("army", "PAKMIL")],
)
def test_a_generic_body_belongs_to_the_country_named_with_it(
    nlp: Language, resolver: DictionaryResolver, surface: str, code: str
) -> None:
    # the knowledge base has an army and an air force for the US, Pakistan and India only;
    # in a Pakistani story a foreign army is that country's, never Pakistan's
    text = (
        "Pakistan's foreign office said on Monday that the army was on alert. Yemeni army "
        "units attacked the border. The Iraqi air force bombed rebel positions."
    )
    actor = find(analyse(nlp, resolver, text, date(2024, 1, 1)), surface)
    assert actor.code == code


@pytest.mark.slow
def test_a_bare_surname_follows_the_full_name_earlier(
    nlp: Language, resolver: DictionaryResolver
) -> None:
    text = "Nawaz Sharif met Raheel Sharif. Later, Sharif addressed the National Assembly."
    actors = analyse(nlp, resolver, text, date(2015, 1, 1))
    sharifs = [m.actor.name for m in actors.mentions if m.actor.text == "Sharif"]
    assert sharifs == ["Raheel Sharif"]  # the latest mentioned of the two


@pytest.mark.slow
def test_a_lookalike_name_stays_unresolved(nlp: Language, resolver: DictionaryResolver) -> None:
    actors = analyse(nlp, resolver, "John Austin, a teacher, spoke.", date(2023, 1, 1))
    actor = find(actors, "John Austin")
    assert (actor.kind, actor.name, actor.entity_id) == (ActorKind.PERSON, "John Austin", None)


@pytest.mark.slow
def test_an_office_title_with_an_unknown_name_keeps_the_name(
    nlp: Language, resolver: DictionaryResolver
) -> None:
    text = "Chinese Vice President Hann Zhengg received the delegation."
    actor = find(
        analyse(nlp, resolver, text, date(2024, 5, 2)), "Chinese Vice President Hann Zhengg"
    )
    assert (actor.role, actor.country, actor.code) == ("Vice President", "CHN", "CHNGOV")


@pytest.mark.slow
def test_a_title_with_no_country_to_tell_keeps_its_role_only(
    nlp: Language, resolver: DictionaryResolver
) -> None:
    actor = find(
        analyse(nlp, resolver, "The prime minister spoke.", date(2023, 1, 1)), "prime minister"
    )
    assert (actor.kind, actor.text, actor.role, actor.country, actor.sector) == (
        ActorKind.OFFICE,
        "prime minister",
        "Prime Minister",  # the role its offices share, whatever the case written
        None,
        Sector.GOV,
    )


def test_a_vague_title_never_takes_another_countrys_office_as_role(
    nlp: Language, resolver: DictionaryResolver
) -> None:
    # "envoy" is the title of many one-country offices ("US Ambassador to Pakistan"): with
    # no owner to tell which, the role is the title as written, not one of theirs
    actor = find(analyse(nlp, resolver, "The envoy spoke to reporters.", date(2023, 1, 1)), "envoy")
    assert actor.kind is ActorKind.OFFICE
    assert actor.role == "envoy"


@pytest.mark.slow
@pytest.mark.parametrize(
    ("text", "target", "country", "sector", "role"),
    [
        (
            "Hundreds of Pakistani-Americans protested outside the hotel.",
            "Hundreds of Pakistani-Americans",
            "PAK",
            Sector.CVL,
            "diaspora",
        ),
        (
            "Pakistani community members gathered outside.",
            "Pakistani community members",
            "PAK",
            Sector.CVL,
            None,
        ),
        ("Indian troops crossed the line.", "Indian troops", "IND", Sector.MIL, None),
        (
            "Chinese officials said the visit was useful.",
            "Chinese officials",
            "CHN",
            Sector.GOV,
            None,
        ),
        ("US lawmakers wrote a letter.", "US lawmakers", "USA", Sector.LEG, None),
        (
            "Vice President Han Zheng received the visiting Afghan delegation.",
            "the visiting Afghan delegation",
            "AFG",
            Sector.GOV,
            None,
        ),
        (
            "A businessman from Houston donated $5 million.",
            "A businessman from Houston",
            "USA",
            Sector.BUS,
            None,
        ),
        ("The protesters blocked the road.", "The protesters", None, Sector.CVL, None),
        ("Militants attacked a checkpoint.", "Militants", None, Sector.UAF, None),
        (
            "The foreign office summoned the American charge d'affaires.",
            "the American charge d'affaires",
            "USA",
            Sector.GOV,
            "charge d'affaires",
        ),
        ("The general and the admiral met in Tampa.", "The general", None, Sector.MIL, "general"),
        # a bare surname of the world tier's people, out of office at the date, names
        # nobody ("Mustapha Sahel", a Moroccan minister to 2008): no country from it
        (
            "The Sahel rebel front attacked a convoy.",
            "The Sahel rebel front",
            None,
            Sector.REB,
            None,
        ),
        # the people of a body the modifier names: a gang's leaders, no rulers
        (
            "Canada sanctioned six Haitian gang leaders.",
            "six Haitian gang leaders",
            "HTI",
            Sector.CRM,
            None,
        ),
        # a two-word agent before an unknown name: the opposition's leader, no ruler
        (
            "Opposition leader Tomas Velkaro began a hunger strike.",
            "Opposition leader Tomas Velkaro",
            None,
            Sector.OPP,
            None,
        ),
    ],
)
def test_groups_are_inferred_from_head_noun_and_country_words(
    nlp: Language,
    resolver: DictionaryResolver,
    text: str,
    target: str,
    country: str | None,
    sector: Sector,
    role: str | None,
) -> None:
    actor = phrase(nlp, resolver, text, target, date(2024, 1, 1))
    assert actor is not None
    assert (actor.country, actor.sector, actor.role) == (country, sector, role)


@pytest.mark.slow
def test_officials_default_to_the_home_country(nlp: Language, resolver: DictionaryResolver) -> None:
    text = (
        "Pakistan and the IMF resumed talks in Islamabad. "
        "Officials said the ministry expected a deal."
    )
    assert phrase(nlp, resolver, text, "Officials", date(2024, 1, 1)) == Actor(
        text="Officials",
        country="PAK",
        sector=Sector.GOV,
        code="PAKGOV",
        kind=ActorKind.GROUP,
        start=text.index("Officials"),
        end=text.index("Officials") + len("Officials"),
    )


@pytest.mark.slow
@pytest.mark.slow
def test_an_unknown_envoy_is_not_given_the_home_country(
    nlp: Language, resolver: DictionaryResolver
) -> None:
    """An ambassador in a text about Nigeria is as likely a foreign envoy there as Nigeria's
    own: with no owner named, the country stays unknown (officials still take the home)."""
    text = (
        "Ambassador Jane Kowalczyk spoke in Abuja. "
        "Nigeria and its partners reviewed security cooperation; officials welcomed it."
    )
    envoy = phrase(nlp, resolver, text, "Ambassador Jane Kowalczyk", date(2024, 1, 1))
    assert envoy is not None and (envoy.country, envoy.sector) == (None, Sector.GOV)
    officials = phrase(nlp, resolver, text, "officials", date(2024, 1, 1))
    assert officials is not None and officials.country == "NGA"


@pytest.mark.slow
def test_a_generic_title_the_home_country_does_not_use_is_not_its_office(
    nlp: Language, resolver: DictionaryResolver
) -> None:
    """The US office of foreign affairs is the Secretary of State: an unknown "Foreign
    Minister" in a text about the US is some other country's (the country stays unknown);
    Pakistan's office goes by the generic name, so in a text about Pakistan it is Pakistan's."""
    us = (
        "The US State Department said on Monday that Washington would send aid to Moldova. "
        "Foreign Minister Tomas Varga praised the decision on Tuesday."
    )
    minister = phrase(nlp, resolver, us, "Foreign Minister Tomas Varga", date(2024, 6, 10))
    assert minister is not None and (minister.country, minister.sector) == (None, Sector.GOV)
    assert minister.name == "Tomas Varga"
    pk = us.replace("The US State Department said", "Pakistan said").replace("Washington", "it")
    minister = phrase(nlp, resolver, pk, "Foreign Minister Tomas Varga", date(2024, 6, 10))
    assert minister is not None and minister.country == "PAK"


@pytest.mark.slow
def test_the_texts_title_beats_the_world_tiers_stale_affiliation(
    nlp: Language, resolver: DictionaryResolver
) -> None:
    """The world tier's roles stop in 2014: a 2024 "President" it knows without a role then
    is in government, as the text says (not "former": then the tier decides)."""
    text = "Ivorian President Alassane Ouattara met the French envoy in Abidjan."
    head = phrase(nlp, resolver, text, "Ivorian President Alassane Ouattara", date(2024, 6, 1))
    assert head is not None
    assert (head.name, head.country, head.sector) == ("Alassane Ouattara", "CIV", Sector.GOV)
    former = "Former Ivorian President Alassane Ouattara met the French envoy in Abidjan."
    was = phrase(nlp, resolver, former, "Ivorian President Alassane Ouattara", date(2024, 6, 1))
    assert was is not None and was.sector is not Sector.GOV


@pytest.mark.parametrize("target", ["the drone strike", "talks", "the agreement"])
def test_phrases_that_are_not_actors_give_none(
    nlp: Language, resolver: DictionaryResolver, target: str
) -> None:
    text = "After the drone strike, the US and Pakistan held talks and signed the agreement."
    assert phrase(nlp, resolver, text, target, date(2024, 1, 1)) is None


@pytest.mark.slow
def test_he_is_the_subject_of_an_earlier_sentence(
    nlp: Language, resolver: DictionaryResolver
) -> None:
    text = "General Asim Munir met Antony Blinken on Monday. He also met Lloyd Austin."
    actor = phrase(nlp, resolver, text, "He", date(2023, 12, 15))
    assert actor is not None and actor.name == "Syed Asim Munir"


@pytest.mark.slow
def test_home_country_weighs_the_title(nlp: Language, resolver: DictionaryResolver) -> None:
    text = "The army chief met officials in Washington."
    untitled = analyse(nlp, resolver, text, date(2023, 5, 1))
    assert untitled.home_country == "USA"
    assert find(untitled, "army chief").role == "Chief of Staff of the Army"
    titled = analyse(nlp, resolver, text, date(2023, 5, 1), title="Pakistan's army chief")
    assert titled.home_country == "PAK"
    assert find(titled, "army chief").name == "Syed Asim Munir"


@pytest.mark.slow
def test_user_knowledge_base_entries_are_resolved(nlp: Language) -> None:
    resolver = build_resolver(Config.default().model_copy(update={"actor_paths": (EXTRA,)}))
    document = Document.create(
        "The foreign minister, Dr Zara Testwala, visited the LTC.",
        name="t",
        published=date(2031, 6, 1),
    )
    actors = resolver.analyse(document, nlp(document.text))
    assert [(m.actor.text, m.actor.name, m.actor.code) for m in actors.mentions] == [
        ("foreign minister, Dr Zara Testwala", "Zara Testwala", "PAKGOV"),
        ("LTC", "Lahore Test Council", "PAKEDU"),
    ]


@pytest.mark.slow
def test_the_surface_index_is_built_once(nlp: Language, resolver: DictionaryResolver) -> None:
    lexicon = resolver.lexicon
    analyse(nlp, resolver, "Pakistan and India.")
    analyse(nlp, resolver, "China and Afghanistan.")
    assert resolver.lexicon is lexicon and lexicon.has_prefix("afghan")


@pytest.mark.slow
def test_coordinated_titles_share_the_owner_named_first(
    nlp: Language, resolver: DictionaryResolver
) -> None:
    text = (
        "During the trip, the Indian army chief held meetings with the US Secretary of Defense, "
        "the Chairman of the Joint Chiefs of Staff and the National Security Adviser."
    )
    actors = analyse(nlp, resolver, text, date(2023, 6, 20))
    assert find(actors, "Chairman of the Joint Chiefs of Staff").name == "Mark Milley"
    assert find(actors, "National Security Adviser").name == "Jake Sullivan"


@pytest.mark.slow
def test_a_title_with_its_name_in_apposition_is_one_mention(
    nlp: Language, resolver: DictionaryResolver
) -> None:
    text = "Munir met the Chairman of the Joint Chiefs of Staff, General Charles Q Brown."
    actor = find(
        analyse(nlp, resolver, text, date(2023, 12, 15)),
        "Chairman of the Joint Chiefs of Staff, General Charles Q Brown",
    )
    assert (actor.name, actor.role, actor.code) == (
        "Charles Q. Brown Jr.",
        "Chairman of the Joint Chiefs of Staff",
        "USAMIL",
    )


@pytest.mark.slow
def test_an_institution_in_the_sentence_tells_whose_office(
    nlp: Language, resolver: DictionaryResolver
) -> None:
    text = "CENTCOM Commander General Michael Kurilla called on the army chief at GHQ."
    actors = analyse(nlp, resolver, text, date(2023, 1, 12))
    assert find(actors, "army chief").code == "PAKMIL"
    assert find(actors, "CENTCOM Commander General Michael Kurilla").code == "USAMIL"


@pytest.mark.slow
def test_the_perspective_country_settles_bare_titles_without_context(
    nlp: Language, kb: KnowledgeBase
) -> None:
    text = "The prime minister spoke by telephone with the IMF Managing Director."
    plain = analyse(nlp, DictionaryResolver(kb), text, date(2023, 6, 24))
    assert find(plain, "prime minister").country is None
    pakistani = RESOLVERS.get("dictionary.v1")(kb=kb, perspective="PAK")
    found = analyse(nlp, pakistani, text, date(2023, 6, 24))
    actor = find(found, "prime minister")
    assert (actor.name, actor.role, actor.code) == ("Shehbaz Sharif", "Prime Minister", "PAKGOV")
    assert (plain.perspective, found.perspective) == (None, "PAK")  # public, read by coders


@pytest.mark.slow
def test_common_words_are_not_actors(nlp: Language, resolver: DictionaryResolver) -> None:
    text = (
        "Let us talk about rice prices and who will pay. Gates opened early. "
        "The president of the chamber spoke."
    )
    assert analyse(nlp, resolver, text, date(2023, 1, 1)).mentions == []


# ------------------------------------------------------- the sentence tells (issue 11)


@pytest.mark.slow
@pytest.mark.parametrize(
    ("text", "target", "country", "sector"),
    [
        ("Moldova's president met reporters in Chisinau.", "Moldova's president", "MDA", "GOV"),
        ("Senior Chilean officials rejected the plan.", "Senior Chilean officials", "CHL", "GOV"),
        ("The Indian Foreign Minister spoke.", "The Indian Foreign Minister", "IND", "GOV"),
        (
            "Putin offered to meet the president of Armenia.",
            "the president of Armenia",
            "ARM",
            "GOV",
        ),
        (
            "Kenyan junior trade minister Amina Odhiambo summoned the envoy.",
            "Kenyan junior trade minister Amina Odhiambo",
            "KEN",
            "GOV",
        ),
        ("Israeli tanks moved into the town.", "Israeli tanks", "ISR", "MIL"),
        ("Latvian police arrested two protesters.", "Latvian police", "LVA", "COP"),
        ("Protesters in Lagos demanded his resignation.", "Protesters in Lagos", "NGA", "CVL"),
        (
            "Thousands of Syrian Kurds crossed the border.",
            "Thousands of Syrian Kurds",
            "SYR",
            "CVL",
        ),
        ("UN peacekeepers were deployed.", "UN peacekeepers", "IGO", "IGO"),
        ("Hamas militants fired rockets.", "Hamas militants", "PSE", "REB"),
        (
            "The Palestinian Islamic Jihad movement claimed it.",
            "The Palestinian Islamic Jihad movement",
            "PSE",
            "REB",
        ),
        ("Al-Qaeda claimed the bombing.", "Al-Qaeda", "IMG", "UAF"),
    ],
)
def test_the_noun_phrase_gives_country_and_sector(
    nlp: Language, resolver: DictionaryResolver, text: str, target: str, country: str, sector: str
) -> None:
    actor = phrase(nlp, resolver, text, target)
    assert actor is not None and (actor.country, actor.sector) == (country, Sector(sector))


@pytest.mark.slow
@pytest.mark.parametrize(
    ("text", "target", "countries"),
    [
        (
            "Bolivian and Peruvian officials signed the deal.",
            "Bolivian and Peruvian officials",
            ["BOL", "PER"],
        ),
        ("The Thai and Cambodian sides agreed.", "The Thai and Cambodian sides", ["THA", "KHM"]),
        ("Kenya and Tanzania reopened the border.", "Kenya and Tanzania", ["KEN", "TZA"]),
        (
            "Namibia, Botswana and Zambia signed.",
            "Namibia, Botswana and Zambia",
            ["NAM", "BWA", "ZMB"],
        ),
        ("Chilean officials agreed.", "Chilean officials", ["CHL"]),
        ("The drone strike was condemned.", "The drone strike", []),
    ],
)
def test_coordinated_sides_are_several_actors(
    nlp: Language, resolver: DictionaryResolver, text: str, target: str, countries: list[str]
) -> None:
    document = Document.create(text, name="t")
    doc = nlp(document.text)
    start = text.index(target)
    span = doc.char_span(start, start + len(target), alignment_mode="expand")
    found = resolver.analyse(document, doc).actors_for(span)
    assert [a.country for a in found] == countries


@pytest.mark.slow
def test_a_parenthesised_country_is_the_persons_nationality(
    nlp: Language, resolver: DictionaryResolver
) -> None:
    text = "The talks were chaired by Ahmed Karimov (Uzbekistan) and opened on Monday."
    actors = analyse(nlp, resolver, text)
    karimov = [m.actor for m in actors.mentions if "Karimov" in m.actor.text]
    assert [a.country for a in karimov] == ["UZB"]
    assert not [m for m in actors.mentions if m.actor.kind is ActorKind.COUNTRY]


@pytest.mark.slow
def test_an_unknown_person_keeps_the_name_and_what_the_sentence_gives(
    nlp: Language, resolver: DictionaryResolver
) -> None:
    actor = find(
        analyse(nlp, resolver, "Moldovan Prime Minister Dorin Zbirnea met the envoy."),
        "Moldovan Prime Minister Dorin Zbirnea",
    )
    assert (actor.name, actor.country, actor.sector, actor.entity_id) == (
        "Dorin Zbirnea",
        "MDA",
        Sector.GOV,
        None,
    )


@pytest.mark.slow
@pytest.mark.parametrize(
    ("text", "published", "name", "code"),
    [
        ("Boris Yeltsin signed the decree.", date(1997, 11, 1), "Boris Yeltsin", "RUSGOV"),
        ("Boris Yeltsin signed the decree.", date(2003, 11, 1), "Boris Yeltsin", "RUSELI"),
        ("Boris Yeltsin signed the decree in 1997.", None, "Boris Yeltsin", "RUSGOV"),
        ("Vladimir Putin spoke.", None, "Vladimir Putin", "RUSGOV"),  # undated: known role
        ("U.N. mediator Martti Ahtisaari met them.", None, "Martti Ahtisaari", "IGOUNO"),
    ],
)
def test_world_people_resolve_at_the_date_with_their_affiliation(
    nlp: Language,
    resolver: DictionaryResolver,
    text: str,
    published: date | None,
    name: str,
    code: str,
) -> None:
    actors = analyse(nlp, resolver, text, published)
    (actor,) = [m.actor for m in actors.mentions if m.actor.name == name]
    assert actor.code == code


@pytest.mark.slow
def test_an_undated_title_is_the_office_never_todays_holder(
    nlp: Language, resolver: DictionaryResolver
) -> None:
    actor = find(
        analyse(nlp, resolver, "Pakistan's army chief visited Washington."), "Pakistan's army chief"
    )
    assert (actor.kind, actor.name, actor.role, actor.code) == (
        ActorKind.OFFICE,
        None,
        "Chief of Army Staff",
        "PAKMIL",
    )


@pytest.mark.slow
def test_an_event_dated_otherwise_has_the_holders_of_its_own_date() -> None:
    """The 2019 visit told in a 2024 article: the army chief of 2019, not of 2024."""
    from legation import get_pipeline

    pipeline = get_pipeline(Config.default())
    for text in (
        "In March 2019, Pakistan's army chief met US officials in Washington.",
        "Pakistan's army chief visited Washington in March 2019.",
    ):
        (event,) = pipeline.code_text(text, published=date(2024, 5, 1))
        assert event.date == "2019-03"
        assert [a.name for a in event.actors] == ["Qamar Javed Bajwa"], text
    (today,) = pipeline.code_text(
        "Pakistan's army chief met US officials in Washington.", published=date(2024, 5, 1)
    )
    assert [a.name for a in today.actors] == ["Syed Asim Munir"]


@pytest.mark.slow
def test_a_un_agency_spokeswoman_is_the_agencys(
    nlp: Language, resolver: DictionaryResolver
) -> None:
    actor = phrase(nlp, resolver, "A UNHCR spokeswoman said refugees fled.", "A UNHCR spokeswoman")
    assert actor is not None and (actor.country, actor.code) == ("IGO", "UNHCR")


@pytest.mark.slow
@pytest.mark.parametrize(
    ("text", "target", "country", "sector"),
    [
        # NGEC has "opposition leader" ~CVLOPP; the curated agents make it OPP
        ("Zambian opposition leaders walked out.", "Zambian opposition leaders", "ZMB", "OPP"),
        ("Kenyan security forces raided the camp.", "Kenyan security forces", "KEN", "COP"),
        (
            "A field hospital network in Sindh got $2 million.",
            "A field hospital network in Sindh",
            "PAK",
            "MED",
        ),
        (
            "Zambian opposition candidates were banned.",
            "Zambian opposition candidates",
            "ZMB",
            "PTY",
        ),
    ],
)
def test_agent_phrases_longest_first(
    nlp: Language, resolver: DictionaryResolver, text: str, target: str, country: str, sector: str
) -> None:
    actor = phrase(nlp, resolver, text, target)
    assert actor is not None and (actor.country, actor.sector) == (country, Sector(sector))


@pytest.mark.slow
def test_an_agent_phrase_that_names_no_actor(nlp: Language, resolver: DictionaryResolver) -> None:
    text = "The international community condemned the coup."
    assert phrase(nlp, resolver, text, "The international community") is None


@pytest.mark.slow
@pytest.mark.parametrize(
    ("text", "target", "country"),
    [
        (
            "The Association of Caribbean Lawyers investigated.",
            "The Association of Caribbean Lawyers",
            "NGO",
        ),
        ("The Zubrowka Forum for Dialogue met.", "The Zubrowka Forum for Dialogue", "NGO"),
        (
            "A Houston-based physicians' association donated $2 million.",
            "A Houston-based physicians' association",
            "USA",
        ),
    ],
)
def test_an_unknown_association_naming_no_place_is_an_ngo(
    nlp: Language, resolver: DictionaryResolver, text: str, target: str, country: str
) -> None:
    actor = phrase(nlp, resolver, text, target)
    assert actor is not None and actor.country == country


@pytest.mark.slow
def test_a_world_organisation_keeps_the_article_its_entity_has(
    nlp: Language, resolver: DictionaryResolver
) -> None:
    text = "The International Crisis Group published a report on Sahel."
    actors = analyse(nlp, resolver, text)
    assert find(actors, "The International Crisis Group").country == "NGO"


@pytest.mark.slow
@pytest.mark.parametrize(
    ("text", "day", "target", "code", "name"),
    [
        # armed groups of conflicts since 2014 (after the Phoenix dictionaries), dated
        ("The RSF attacked a camp in North Darfur.", date(2024, 6, 1), "The RSF", "SDNREB", None),
        ("The RSF guarded the airport.", date(2020, 6, 1), "The RSF", "SDNMIL", None),
        ("HTS fighters entered Hama.", date(2024, 11, 30), "HTS fighters", "SYRREB", None),
        ("Houthi rebels fired a missile.", date(2024, 1, 12), "Houthi rebels", "YEMREB", None),
        ("M23 rebels seized Goma.", date(2025, 1, 27), "M23 rebels", "CODREB", None),
        ("JNIM fighters ambushed a convoy.", date(2023, 5, 1), "JNIM fighters", "IMGUAF", None),
        ("ELN rebels bombed a pipeline.", date(2023, 5, 1), "ELN rebels", "COLREB", None),
        # the Pope at the document's date
        (
            "The Pope met the president.",
            date(2010, 5, 1),
            "The Pope",
            "VATREL",
            "Pope Benedict XVI",
        ),
        ("The Pope met the president.", date(2020, 5, 1), "The Pope", "VATREL", "Pope Francis"),
        ("The Pope met the president.", date(2026, 5, 1), "The Pope", "VATREL", "Pope Leo XIV"),
    ],
)
def test_actors_after_the_phoenix_dictionaries_resolve_at_the_date(
    nlp: Language,
    resolver: DictionaryResolver,
    text: str,
    day: date,
    target: str,
    code: str,
    name: str | None,
) -> None:
    actor = phrase(nlp, resolver, text, target, day)
    assert actor is not None and actor.code == code
    assert name is None or actor.name == name


@pytest.mark.slow
def test_the_office_a_mention_names_fills_a_gap_in_the_dates(
    nlp: Language, resolver: DictionaryResolver
) -> None:
    """A title the text gives to a known person counts where the knowledge base has them in
    that office only later (or earlier): the text is the evidence; "former" titles never."""
    spokesperson = phrase(
        nlp,
        resolver,
        "Foreign Office spokesperson Shafqat Ali Khan rejected the remarks.",
        "Foreign Office spokesperson Shafqat Ali Khan",
        date(2024, 6, 1),
    )
    assert spokesperson is not None
    assert (spokesperson.name, spokesperson.country, spokesperson.sector) == (
        "Shafqat Ali Khan",
        "PAK",
        Sector.GOV,
    )
    former = phrase(
        nlp,
        resolver,
        "Former prime minister Nawaz Sharif criticised the budget.",
        "prime minister Nawaz Sharif",
        date(2023, 6, 1),
    )
    assert former is not None and former.sector is not Sector.GOV


@pytest.mark.slow
def test_a_person_named_in_full_again_is_the_same_person(
    nlp: Language, resolver: DictionaryResolver
) -> None:
    """Someone the knowledge base does not know keeps, when named in full again with less,
    the country and sector the first mention gave."""
    text = (
        "Kenyan Ambassador Joseph Wanjala met the governor of Punjab on Monday. "
        "Envoy Joseph Wanjala later visited the port of Gwadar."
    )
    again = phrase(nlp, resolver, text, "Envoy Joseph Wanjala", date(2024, 1, 1))
    assert again is not None
    assert (again.name, again.country, again.sector) == ("Joseph Wanjala", "KEN", Sector.GOV)


@pytest.mark.slow
def test_the_texts_word_for_a_known_person_beats_a_stale_affiliation(
    nlp: Language, resolver: DictionaryResolver
) -> None:
    """The world tier has Raila Odinga in Kenya's government (to 2013); "opposition leader"
    in the text is what he is at the date. A state word ("leader") never overrides."""
    text = "Opposition leader Raila Odinga began a hunger strike in Nairobi."
    actor = phrase(nlp, resolver, text, "Raila Odinga", date(2023, 3, 1))
    assert actor is not None and (actor.country, actor.sector) == ("KEN", Sector.OPP)


@pytest.mark.slow
def test_a_title_is_never_overridden_by_a_word_inside_it(
    nlp: Language, resolver: DictionaryResolver
) -> None:
    """ "Minister of *National* Defense" holds the word of foreign nationals: the title
    gives the sector, never an agent word inside it."""
    text = "Mattis met with Vietnam Minister of National Defense Ngo Xuan Lich in Hanoi."
    actor = phrase(
        nlp, resolver, text, "Vietnam Minister of National Defense Ngo", date(2018, 1, 25)
    )
    assert actor is not None and actor.country == "VNM" and actor.sector is not Sector.CVL


@pytest.mark.slow
def test_each_country_of_a_compound_side_stays_its_own_at_the_event_date() -> None:
    """ "His counterparts from Jordan and Oman" resolves, as a phrase, to Jordan's foreign
    minister; resolved again at the event's date (a day before publication), each country's
    share stays that country's."""
    from legation import get_pipeline

    events = get_pipeline(Config.default()).code_text(
        "Egypt's foreign minister held talks in Cairo on Sunday with his counterparts from "
        "Jordan and Oman.",
        published=date(2024, 2, 12),
    )
    assert sorted(a.country for e in events for a in e.actors) == ["JOR", "OMN"]
    assert all(e.date == "2024-02-11" for e in events)


def test_a_bare_organ_is_the_body_the_document_names(
    nlp: Language, resolver: DictionaryResolver
) -> None:
    text = "The African Union suspended Gabon on Thursday. The Commission also sent envoys."
    actors = analyse(nlp, resolver, text, date(2025, 6, 10))
    assert find(actors, "Commission").country == "IGO"
    # a state's own organs are named bare as often: never taken for the body
    text = "The IMF approved the loan on Thursday. The Parliament backed the budget."
    assert find(analyse(nlp, resolver, text, date(2025, 6, 10)), "Parliament").country is None


def test_an_apposed_title_keeps_the_of_phrase_hung_on_the_name() -> None:
    """ "X, Minister of Foreign Affairs of Y" with "of Y" hung on the name by the parser (as
    it does in some long readout sentences): the title still ends with its state."""
    import spacy
    from spacy.tokens import Doc

    from legation.actors.dictionary import _with_hung_of

    words = ["Todd", ",", "Minister", "of", "Affairs", "of", "Ruritania", ",", "today"]
    heads = [0, 0, 0, 2, 3, 0, 5, 0, 0]
    deps = ["ROOT", "punct", "appos", "prep", "pobj", "prep", "pobj", "punct", "npadvmod"]
    doc = Doc(spacy.blank("en").vocab, words=words, heads=heads, deps=deps)
    assert _with_hung_of(doc[2:5], doc[0]).text == "Minister of Affairs of Ruritania"
    assert _with_hung_of(doc[2:4], doc[0]).text == "Minister of"  # no "of" right after
