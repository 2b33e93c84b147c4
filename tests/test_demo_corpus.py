"""The bundled demo corpus (legation/data/demo) through the real pipeline, against the answer
key in docs/demo-corpus.md.

The corpus is coded once per session. Besides a few exact checks (op-eds give no current
event, the army chief's meetings, the Treasury request, the F-16 protest, datelines are never
actors), a small matcher scores current events against the key: an event matches a key line
when the document, PLOVER type, actor country and recipient country agree (a key line without
a country for a side matches any). Precision counts coded current events matching any current
key line (optional lines included); recall counts the non-optional current key lines matched.
Lines flagged *hyp*/*hist* are not current, so a current event matching only them is an error.
The thresholds sit a little under what the coder reaches; raise them as it improves.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from importlib import resources
from pathlib import Path
from typing import TYPE_CHECKING

import pytest

import legation
from legation.config import Config
from legation.ingest import iter_documents
from legation.model import CodedDocument, Event, Failure, PloverType
from legation.nlp import DATELINE

if TYPE_CHECKING:
    from collections.abc import Iterator

pytestmark = pytest.mark.slow

KEY = Path(__file__).resolve().parents[1] / "docs" / "demo-corpus.md"
OPINION = (
    "2023-12-20-oped-what-washington-should-do.txt",
    "2024-01-10-oped-seventy-years-of-alliance.txt",
    "2024-05-15-oped-between-beijing-and-washington.txt",
    "ledger-oped-2025-06-20",
)
VISIT_A = (
    "2023-12-15-coas-us-visit-margalla.txt",
    "2023-12-15-coas-us-visit-potomac.html",
    "2023-12-16-coas-us-visit-indus-ledger.txt",
)
MIN_PRECISION = 0.93
MIN_RECALL = 0.93
TYPES = frozenset(t.value for t in PloverType)
NAMES = {  # places and states the key names without a code
    "pakistan": "PAK",
    "islamabad": "PAK",
    "karachi": "PAK",
    "india": "IND",
    "united states": "USA",
    "washington": "USA",
    "china": "CHN",
    "beijing": "CHN",
    "afghanistan": "AFG",
}
CODE = re.compile(r"\(([A-Z]{3})(?:[A-Z]{3})?(?:[),]|\s)")


@dataclass(frozen=True, slots=True)
class KeyEvent:
    """One answer-key line (per recipient when it names several)."""

    doc: str
    event_type: str
    actor: str | None
    recipient: str | None
    current: bool
    optional: bool
    symmetric: bool
    text: str


# ---- the answer key ------------------------------------------------------------------------
def _country(part: str) -> str | None:
    found = CODE.search(part + " ")
    if found:
        return found.group(1)
    lower = part.lower()
    return next((iso for name, iso in NAMES.items() if name in lower), None)


def _sides(participants: str) -> tuple[list[str | None], list[str | None], bool]:
    if "↔" in participants:
        pair = re.search(r"\(([A-Z]{3})[A-Z]{3}\s*→\s*([A-Z]{3})", participants)
        if pair:
            return [pair.group(1)], [pair.group(2)], True
        left, right = participants.split("↔", 1)
        return [_country(left)], [_country(right)], True
    actor, _, recipient = participants.partition("→")
    recipients: list[str | None] = [_country(r) for r in recipient.split(";")] or [None]
    return [_country(actor)], recipients, False


def _key_line(doc: str, line: str) -> Iterator[KeyEvent]:
    parts = [p.strip() for p in line.split(" — ")]
    if len(parts) < 2:
        return
    kind = re.match(r"([A-Z]+)", parts[1])
    if kind is None or kind.group(1) not in TYPES:
        return
    actors, recipients, symmetric = _sides(parts[0])
    flags = " ".join(parts[2:])
    current = "*hyp*" not in flags and "*hist*" not in flags
    optional = "(optional" in line
    for recipient in recipients:
        yield KeyEvent(doc, kind.group(1), actors[0], recipient, current, optional, symmetric, line)


def answer_key(text: str) -> list[KeyEvent]:
    """Parse the "Expected events" section of docs/demo-corpus.md."""
    found: list[KeyEvent] = []
    doc: str | None = None
    for raw in text.split("## Expected events", 1)[1].splitlines():
        heading = re.match(r"### (\S+\.(?:txt|html))", raw)
        record = re.match(r"- `([^`]+)`", raw)
        if heading:
            doc = heading.group(1)
        elif record:
            doc = record.group(1)
        elif raw.lstrip().startswith("- ") and doc is not None:
            found.extend(_key_line(doc, raw.lstrip()[2:]))
    return found


def matches(key: KeyEvent, doc: str, event: Event) -> bool:
    if doc != key.doc or event.event_type.value != key.event_type:
        return False
    actors = {a.country for a in event.actors}
    recipients = {a.country for a in event.recipients}
    direct = _side(key.actor, actors) and _side(key.recipient, recipients)
    return direct or (
        key.symmetric and _side(key.actor, recipients) and _side(key.recipient, actors)
    )


def _side(want: str | None, have: set[str | None]) -> bool:
    return want is None or want in have


# ---- the coded corpus ----------------------------------------------------------------------
@pytest.fixture(scope="session")
def coded() -> dict[str, CodedDocument]:
    config = Config.default()
    pipeline = legation.get_pipeline(config)
    with resources.as_file(resources.files("legation").joinpath("data/demo")) as corpus:
        documents = [d for d in iter_documents([corpus], config) if not isinstance(d, Failure)]
    results = list(pipeline.code_documents(documents))
    failures = [r for r in results if isinstance(r, Failure)]
    assert not failures, failures
    return {r.document.name: r for r in results if isinstance(r, CodedDocument)}


@pytest.fixture(scope="session")
def key() -> list[KeyEvent]:
    return answer_key(KEY.read_text("utf-8"))


def current(result: CodedDocument) -> list[Event]:
    return [e for e in result.events if e.is_current]


def score(coded: dict[str, CodedDocument], key: list[KeyEvent]) -> tuple[float, float]:
    """(precision, recall) of the current events against the answer key."""
    live = [k for k in key if k.current]
    events = [(name, e) for name, r in coded.items() for e in current(r)]
    correct = sum(any(matches(k, name, e) for k in live) for name, e in events)
    wanted = [k for k in live if not k.optional]
    found = sum(any(matches(k, name, e) for name, e in events) for k in wanted)
    return correct / max(len(events), 1), found / max(len(wanted), 1)


def test_answer_key_parses(key: list[KeyEvent], coded: dict[str, CodedDocument]) -> None:
    assert len(key) >= 100
    assert {k.doc for k in key} <= set(coded)
    assert all(k.actor for k in key if not k.optional and k.event_type != "AGREE")


def test_precision_and_recall(coded: dict[str, CodedDocument], key: list[KeyEvent]) -> None:
    precision, recall = score(coded, key)
    assert precision >= MIN_PRECISION, f"precision {precision:.3f} < {MIN_PRECISION}"
    assert recall >= MIN_RECALL, f"recall {recall:.3f} < {MIN_RECALL}"


# ---- exact checks ---------------------------------------------------------------------------
@pytest.mark.parametrize("name", OPINION)
def test_opinion_pieces_yield_no_current_events(coded: dict[str, CodedDocument], name: str) -> None:
    assert [e.sentence.text for e in current(coded[name])] == []


@pytest.mark.parametrize(
    "interlocutor",
    ["Antony Blinken", "Lloyd Austin", "Charles Q. Brown Jr.", "António Guterres"],
)
def test_army_chief_meets_his_interlocutors(
    coded: dict[str, CodedDocument], interlocutor: str
) -> None:
    met = {
        r.name
        for name in VISIT_A
        for e in current(coded[name])
        if e.event_type is PloverType.CONSULT
        and any(a.name == "Syed Asim Munir" and a.code == "PAKMIL" for a in e.actors)
        for r in e.recipients
    }
    assert interlocutor in met, sorted(n for n in met if n)


def test_treasury_call_yields_the_request_for_money(coded: dict[str, CodedDocument]) -> None:
    events = current(coded["2023-06-21-finance-minister-call-treasury.txt"])
    asks = [e for e in events if e.event_type is PloverType.REQUEST and e.amount is not None]
    assert [(e.amount.value, e.amount.currency) for e in asks if e.amount] == [(1.2e9, "USD")]
    assert {a.country for a in asks[0].recipients} == {"USA"}


def test_f16_story_yields_india_accusing_the_us(coded: dict[str, CodedDocument]) -> None:
    events = current(coded["2022-09-26-india-protest-f16-package.txt"])
    assert any(
        e.event_type is PloverType.ACCUSE
        and {a.country for a in e.actors} == {"IND"}
        and {a.country for a in e.recipients} == {"USA"}
        for e in events
    )


def test_dateline_city_is_never_an_actor(coded: dict[str, CodedDocument]) -> None:
    for name, result in coded.items():
        dateline = DATELINE.match(result.document.text)
        if dateline is None:
            continue
        inside = [
            (name, a.text)
            for e in current(result)
            for a in (*e.actors, *e.recipients)
            if a.start is not None and a.start < dateline.end()
        ]
        assert inside == []


def test_pronoun_takes_the_subject_of_the_governing_clause(
    coded: dict[str, CodedDocument],
) -> None:
    events = current(coded["2019-07-23-imran-khan-white-house.txt"])
    met = {
        r.name
        for e in events
        if e.trigger.text == "met"
        for a in e.actors
        if a.name == "Qamar Javed Bajwa"
        for r in e.recipients
    }
    assert {"Mark Esper", "Joseph Dunford"} <= met


def test_coordinated_request_shares_the_reporting_subject(
    coded: dict[str, CodedDocument],
) -> None:
    events = current(coded["2021-10-08-sherman-islamabad-do-more.txt"])
    asks = [e for e in events if e.trigger.text == "asked"]
    assert [a.name for e in asks for a in e.actors] == ["Shah Mahmood Qureshi"]
