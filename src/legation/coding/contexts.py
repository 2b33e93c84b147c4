"""PLOVER contexts of an event: from sentence cue words, the CAMEO code's table context,
the sectors of its participants, and an attached money amount.

Cues are lemmas (lower case) or two-word phrases of lemmas ("air force"); a cue counts
anywhere in the sentence, because what a meeting was about ("discussed regional security
and counter-terrorism cooperation") is usually in a coordinated clause, not under the
trigger.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import TYPE_CHECKING

from ..model import Actor, Amount, Context, Sector

if TYPE_CHECKING:
    from spacy.tokens import Span as SpacySpan

C = Context
CUES: Mapping[str, Context] = {
    **dict.fromkeys(
        ["military", "army", "navy", "naval", "troop", "soldier", "defence", "defense",
         "admiral", "general", "weapon", "missile", "warship", "fighter", "jet", "artillery",
         "arms", "air force", "armed force", "commander", "brigade", "battalion", "combat",
         "exercise", "drill", "f-16", "centcom", "pentagon", "ghq", "corps", "marine",
         "airstrike", "air strike", "drone"],
        C.MILITARY,
    ),
    **dict.fromkeys(
        ["terrorism", "terrorist", "counter-terrorism", "counterterrorism", "militant",
         "militancy", "extremism", "extremist", "insurgent", "jihadist", "taliban",
         "al-qaeda", "qaeda", "isis", "ttp", "terror"],
        C.TERRORISM,
    ),
    **dict.fromkeys(
        ["economy", "economic", "trade", "investment", "tariff", "loan", "imf", "bailout",
         "finance", "financial", "export", "import", "budget", "debt", "tranche", "gdp",
         "inflation", "business", "market", "bank", "treasury", "currency"],
        C.ECONOMIC,
    ),
    **dict.fromkeys(
        ["intelligence", "isi", "cia", "espionage", "spy", "surveillance"], C.INTELLIGENCE
    ),
    **dict.fromkeys(
        ["diplomatic", "diplomacy", "embassy", "ambassador", "envoy", "consulate",
         "bilateral", "dialogue", "summit", "foreign minister", "foreign office"],
        C.DIPLOMATIC,
    ),
    **dict.fromkeys(
        ["border", "territory", "territorial", "kashmir", "line of control", "loc",
         "sovereignty", "annexation", "disputed"],
        C.TERRITORY,
    ),
    **dict.fromkeys(
        ["nuclear", "chemical", "biological", "radiological", "uranium", "wmd", "warhead"],
        C.CBRN,
    ),
    **dict.fromkeys(
        ["humanitarian", "relief", "flood", "earthquake", "famine", "refugee camp"],
        C.HUMANITARIAN,
    ),
    **dict.fromkeys(["refugee", "migrant", "migration", "visa", "deportation"], C.MIGRATION),
    **dict.fromkeys(["asylum"], C.ASYLUM),
    **dict.fromkeys(["court", "lawsuit", "judge", "verdict", "legal", "law"], C.LEGAL),
    **dict.fromkeys(["human rights", "torture", "abuse"], C.HUMAN_RIGHTS),
    **dict.fromkeys(["corruption", "bribery", "bribe", "graft", "embezzlement"], C.CORRUPTION),
    **dict.fromkeys(["cyber", "cyberattack", "hacking", "hacker", "malware"], C.CYBER),
    **dict.fromkeys(["election", "vote", "ballot", "poll", "campaign"], C.ELECTION),
    **dict.fromkeys(["drug", "narcotic", "heroin", "cocaine", "opium"], C.ILLEGAL_DRUGS),
    **dict.fromkeys(["trafficking", "smuggling", "smuggler"], C.TRAFFICKING),
    **dict.fromkeys(["health", "vaccine", "pandemic", "covid", "covid-19", "polio"], C.HEALTH),
    **dict.fromkeys(["disaster", "cyclone", "landslide", "tsunami"], C.DISASTERS),
    **dict.fromkeys(["climate", "pollution", "environment", "environmental"], C.ENVIRONMENT),
    **dict.fromkeys(["peacekeeping", "peacekeeper"], C.PEACEKEEPING),
    **dict.fromkeys(["parliament", "congress", "senate", "lawmaker"], C.LEGISLATIVE),
    **dict.fromkeys(["technology", "semiconductor", "satellite", "space"], C.TECHNOLOGY),
}  # fmt: skip
NOUN_ONLY = frozenset(
    {"general", "exercise", "space", "campaign", "poll", "law", "market", "drill"}
)
SECTOR_CONTEXTS: Mapping[Sector, Context] = {
    Sector.MIL: C.MILITARY,
    Sector.SPY: C.INTELLIGENCE,
    Sector.LEG: C.LEGISLATIVE,
    Sector.JUD: C.LEGAL,
}


def sentence_cues(sent: SpacySpan) -> tuple[Context, ...]:
    """Contexts cued by words of the sentence, in order of first appearance."""
    found: dict[Context, None] = {}
    previous = ""
    for token in sent:
        lemma = token.lemma_.lower()
        if lemma in NOUN_ONLY and token.pos_ not in ("NOUN", "PROPN"):
            previous = lemma
            continue
        for key in (lemma, f"{previous} {lemma}", token.lower_):
            context = CUES.get(key)
            if context is not None:
                found.setdefault(context)
        previous = lemma
    return tuple(found)


def event_contexts(
    cues: Iterable[Context],
    table: Iterable[Context] = (),
    participants: Iterable[Actor] = (),
    amount: Amount | None = None,
) -> tuple[Context, ...]:
    """Merge contexts from the CAMEO table, the sentence cues, participants' sectors and an
    attached money amount (economic), without duplicates."""
    found: dict[Context, None] = dict.fromkeys(table)
    found.update(dict.fromkeys(cues))
    for actor in participants:
        context = SECTOR_CONTEXTS.get(actor.sector) if actor.sector else None
        if context is not None:
            found.setdefault(context)
    if amount is not None:
        found.setdefault(C.ECONOMIC)
    return tuple(found)
