"""Synthetic ~600-word news documents for the throughput benchmark and the runner tests.

Deterministic (a seeded ``random.Random`` per document) and built from templates filled with
names from the shipped actor knowledge base. Like real wire copy, most sentences are not
events: background, statistics, quotes of opinion, weather and markets; about one sentence in
six states an engagement between two actors.
"""

from __future__ import annotations

import json
import random
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date, timedelta
from pathlib import Path

EVENT_TEMPLATES = (
    "{a} met {b} in {city} on {weekday} to discuss {topic}.",
    "{a} held talks with {b} on {topic} during a visit to {city}.",
    "{a} urged {b} to do more on {topic}, officials said.",
    "{a} condemned {b} over {topic} in a statement on {weekday}.",
    "{a} praised {b} for its cooperation on {topic}.",
    "{a} announced ${n} million in aid to {b} for {topic}.",
    "{a} signed an agreement with {b} on {topic} in {city}.",
    "{a} accused {b} of undermining {topic}.",
    "{a} telephoned {b} on {weekday} and discussed {topic}.",
    "{a} imposed sanctions on {b} over {topic}.",
)
BACKGROUND_TEMPLATES = (
    "The two countries have had a complicated relationship since the end of the Cold War.",
    "Analysts say {topic} will remain a difficult issue for years to come.",
    "Inflation in {country} rose to {n} percent last month, according to official figures.",
    "The {country} stock index closed {n} points higher on {weekday}.",
    "Heavy rain is expected in {city} over the coming days, the weather office said.",
    "It is not clear whether the talks will produce a lasting result.",
    "Many observers believe that {topic} should be handled with more care.",
    "The government has said it wants better ties with all its neighbours.",
    "Officials did not give further details about the schedule.",
    "{city} has been the scene of large demonstrations over fuel prices in recent weeks.",
    "The economy of {country} grew by {n} percent in the last fiscal year.",
    "A spokesperson said the matter was under review and declined to comment further.",
    "The visit comes at a time of rising tension in the region.",
    "Trade between the two sides reached {n} billion dollars last year.",
    "Experts warn that the situation could deteriorate if no action is taken.",
    "The report was published by a research group based in {city}.",
    "Schools in {city} remained closed for a second day because of the heat.",
    "Critics argue that the policy has failed to deliver on its promises.",
    "The ministry will publish its annual review of {topic} in the spring.",
    "Local media reported long queues at petrol stations across {country}.",
)
TOPICS = (
    "counterterrorism",
    "border security",
    "trade and investment",
    "regional stability",
    "climate finance",
    "energy supplies",
    "the refugee situation",
    "defence cooperation",
    "nuclear safety",
    "flood relief",
)
WEEKDAYS = ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday")
EVENT_SHARE = 1 / 6
WORDS_PER_DOCUMENT = 600


@dataclass(frozen=True, slots=True)
class Names:
    """Actor names from the knowledge base, sorted so that output is deterministic."""

    people: tuple[str, ...]
    countries: tuple[str, ...]
    institutions: tuple[str, ...]
    cities: tuple[str, ...]

    @classmethod
    def load(cls) -> Names:
        from legation.actors.kb import load_knowledge_base

        kb = load_knowledge_base()
        focus = ("PAK", "USA", "CHN", "IND", "AFG", "IRN", "GBR", "SAU", "RUS", "TUR")
        countries = [kb.countries[c] for c in focus if c in kb.countries]
        return cls(
            people=tuple(sorted(p.name for p in kb.people.values())),
            countries=tuple(c.name for c in countries),
            institutions=tuple(sorted(i.name for i in kb.institutions.values()))[:200],
            cities=tuple(c.capital for c in countries if c.capital),
        )


def document(index: int, names: Names, seed: int = 0) -> dict[str, str]:
    """One record (``id``, ``title``, ``outlet``, ``published``, ``text``) of ~600 words."""
    rng = random.Random(seed * 1_000_003 + index)
    published = date(2023, 1, 1) + timedelta(days=rng.randrange(730))
    sentences: list[str] = []
    words = 0
    while words < WORDS_PER_DOCUMENT:
        sentence = _sentence(rng, names)
        sentences.append(sentence)
        words += len(sentence.split())
    paragraphs = [" ".join(sentences[i : i + 4]) for i in range(0, len(sentences), 4)]
    return {
        "id": f"bench-{seed}-{index}",
        "title": f"{rng.choice(names.countries)} and {rng.choice(names.countries)} talk",
        "outlet": rng.choice(("Wire A", "Daily B", "Gazette C")),
        "published": published.isoformat(),
        "text": "\n\n".join(paragraphs),
    }


def _sentence(rng: random.Random, names: Names) -> str:
    event = rng.random() < EVENT_SHARE
    template = rng.choice(EVENT_TEMPLATES if event else BACKGROUND_TEMPLATES)
    parties = names.people + names.countries + names.institutions
    return template.format(
        a=rng.choice(parties),
        b=rng.choice(parties),
        city=rng.choice(names.cities),
        country=rng.choice(names.countries),
        topic=rng.choice(TOPICS),
        weekday=rng.choice(WEEKDAYS),
        n=rng.randrange(2, 90),
    )


def documents(count: int, seed: int = 0, names: Names | None = None) -> Iterator[dict[str, str]]:
    names = names or Names.load()
    return (document(i, names, seed) for i in range(count))


def write_jsonl(path: Path, count: int, seed: int = 0, per_file: int = 1000) -> list[Path]:
    """Write ``count`` documents as JSON Lines files of ``per_file`` records under ``path``."""
    path.mkdir(parents=True, exist_ok=True)
    names = Names.load()
    files: list[Path] = []
    for start in range(0, count, per_file):
        out = path / f"news-{seed}-{start // per_file:05d}.jsonl"
        with out.open("w", encoding="utf-8") as stream:
            for i in range(start, min(count, start + per_file)):
                stream.write(json.dumps(document(i, names, seed)) + "\n")
        files.append(out)
    return files
