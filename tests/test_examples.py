"""The versioned example sentences (tests/examples/sentences.yaml) through the full path:
spaCy -> the real actor resolver -> the rules.v1 coder, compared on a normalised projection
(documented at the top of the YAML file)."""

from __future__ import annotations

from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING, Any

import pytest
import yaml

from legation.coding import RulesCoder
from legation.config import Config
from legation.model import Actor, Document, Event

if TYPE_CHECKING:
    from spacy.language import Language

actors_package = pytest.importorskip("legation.actors")
if not hasattr(actors_package, "build_resolver"):
    pytest.skip(
        "the actor resolver (legation.actors.build_resolver) is not available yet",
        allow_module_level=True,
    )

EXAMPLES = Path(__file__).parent / "examples" / "sentences.yaml"
SPEC = yaml.safe_load(EXAMPLES.read_text("utf-8"))
PARTY_FIELDS = ("name", "country", "sector")


@pytest.fixture(scope="session")
def resolver() -> Any:
    return actors_package.build_resolver(Config.default())


@pytest.fixture(scope="session")
def coder() -> RulesCoder:
    return RulesCoder(Config.default())


def code(
    text: str, published: str | None, nlp: Language, resolver: Any, coder: RulesCoder
) -> list[Event]:
    when = date.fromisoformat(published) if published else None
    document = Document.create(text, "example", published=when)
    doc = nlp(document.text)
    return coder.code(document, doc, resolver.analyse(document, doc))


def party_matches(want: dict[str, Any], got: tuple[Actor, ...]) -> bool:
    fields = {k: v for k, v in want.items() if k in PARTY_FIELDS and v is not None}
    stateless = "country" in want and want["country"] is None  # `country: null`: none known
    return any(
        all(str(getattr(a, k) or "").casefold() == str(v).casefold() for k, v in fields.items())
        and not (stateless and a.country)
        for a in got
    )


def problems(want: dict[str, Any], got: Event) -> list[str]:
    """What differs between an expected event and a coded one (empty when they match)."""
    found: list[str] = []
    if got.event_type.value != want["event_type"]:
        found.append(f"type {got.event_type.value} != {want['event_type']}")
    for key in ("mode", "cameo", "location"):
        if key in want and (key != "cameo" or want[key]) and getattr(got, key) != want[key]:
            found.append(f"{key} {getattr(got, key)!r} != {want[key]!r}")
    for flag in ("negated", "hypothetical", "historical"):
        if getattr(got, flag) != bool(want.get(flag)):
            found.append(f"{flag} is {getattr(got, flag)}")
    found.extend(_amount_problems(want.get("amount"), got))
    missing = set(want.get("contexts") or ()) - {c.value for c in got.contexts}
    if missing:
        found.append(f"contexts lack {sorted(missing)}")
    found.extend(_party_problems(want, got))
    return found


def _amount_problems(want: dict[str, Any] | None, got: Event) -> list[str]:
    if want is None:
        return []
    have = got.amount
    if have is None or have.value != want["value"] or have.currency != want["currency"]:
        return [f"amount {have} != {want}"]
    return []


def _party_problems(want: dict[str, Any], got: Event) -> list[str]:
    found: list[str] = []
    if "actor" in want and want["actor"] is None and got.actors:
        found.append(f"unexpected actors {[a.text for a in got.actors]}")
    elif want.get("actor") and not party_matches(want["actor"], got.actors):
        found.append(f"actor {[a.to_record() for a in got.actors]} !~ {want['actor']}")
    if "recipient" in want and want["recipient"] is None and got.recipients:
        found.append(f"unexpected recipients {[a.text for a in got.recipients]}")
    elif want.get("recipient") and not party_matches(want["recipient"], got.recipients):
        found.append(f"recipient {[a.to_record() for a in got.recipients]} !~ {want['recipient']}")
    return found


def match_all(wanted: list[dict[str, Any]], events: list[Event]) -> list[str]:
    """Greedy one-to-one matching; returns the mismatch report (empty when all match)."""
    left = list(events)
    report: list[str] = []
    for want in wanted:
        scored = sorted(left, key=lambda e: len(problems(want, e)))
        if scored and not problems(want, scored[0]):
            left.remove(scored[0])
            continue
        closest = problems(want, scored[0]) if scored else ["no event left"]
        report.append(f"{want['event_type']}: {'; '.join(closest)}")
    report.extend(f"extra {e.event_type.value} ({e.rule}) {e.trigger.text!r}" for e in left)
    return report


@pytest.mark.slow
@pytest.mark.parametrize("example", SPEC["sentences"], ids=[s["id"] for s in SPEC["sentences"]])
def test_example(example: dict[str, Any], nlp: Language, resolver: Any, coder: RulesCoder) -> None:
    events = code(example["text"], example.get("published"), nlp, resolver, coder)
    report = match_all(example["events"], events)
    if example.get("xfail"):
        if report:
            pytest.xfail(example["xfail"])
        pytest.fail(f"XPASS(strict): {example['id']} now passes; remove its xfail mark")
    assert not report, "\n".join(report)


@pytest.mark.slow
def test_two_titles_before_one_name_are_one_participant(
    nlp: Language, resolver: Any, coder: RulesCoder
) -> None:
    """The example "readout-two-titles-before-one-name" matches a party among several; the
    first title must not stand beside the person as a second participant."""
    example = next(s for s in SPEC["sentences"] if s["id"] == "readout-two-titles-before-one-name")
    events = code(example["text"], example["published"], nlp, resolver, coder)
    assert [len(e.recipients) for e in events] == [1]
