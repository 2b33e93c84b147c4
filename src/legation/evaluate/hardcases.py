"""``hardcases``: the issue-12 hard cases, passages of our own with their expected events.

``legation/data/eval/hardcases.yaml`` holds 110 short passages written for Legation in the
style of wire reports, press releases, op-eds, captions and briefing transcripts, each tagged
with the phenomena it exercises (lists of counterparts, apposed titles, light verbs, hosts and
guests, agentless and nominal events, praise/invitation/"unjust" types, false triggers,
pronouns and speakers, opinion, teasers, captions, questions, flags) and keyed with the events
a careful coder records; 17 hold no event at all. The suite needs no dev data: it runs
everywhere.

Each passage is coded as a document with its publication date. Only current events count.
A coded event matches an expected one when the type, the actor and recipient countries, and
the name where the key gives one agree (:func:`~legation.evaluate.answer_keys.event_fits`),
one to one within the passage. Figures:

- **event** precision/recall/F1 (names scored) and **country_event** (names ignored);
- per tag, the same precision/recall, the number of passages, and how many are exactly right;
- **exact_rate**: passages whose coded current events match their expected current events
  exactly (every required one found, nothing extra);
- **no_event_clean_rate**: passages with no expected current event that get no current event.

The JSON details list the misses (expected events not coded) and the false events (coded
current events matching nothing), per passage, and the expected background/planned/negated
events that were coded as current.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date
from importlib import resources
from pathlib import Path
from time import perf_counter
from typing import TYPE_CHECKING, Any

import yaml

from ..errors import IngestError
from ..model import Document, Event
from .answer_keys import (
    Counts,
    KeyEvent,
    describe_event,
    event_fits,
    match_two_tier,
    parse_event,
    status_of,
)
from .base import SUITES, SuiteResult
from .readouts import code_documents

if TYPE_CHECKING:
    from ..pipeline import Pipeline

NAME = "hardcases"
KEY = "data/eval/hardcases.yaml"
TAGS = frozenset(
    {
        "list_apposed_titles", "list_connectives", "title_not_person", "light_verb",
        "host_guest", "agentless", "nominal", "type_praise", "type_invitation", "headline_caps",
        "type_accuse", "false_trigger", "pronoun", "speaker", "reported_plan", "opinion",
        "teaser", "caption", "question", "flags", "control", "titled_official",
    }
)  # fmt: skip
STYLES = frozenset({"wire", "press_release", "oped", "headline", "teaser", "caption", "transcript"})


@dataclass(frozen=True, slots=True)
class HardCase:
    """One passage with its expected events."""

    id: str
    tags: tuple[str, ...]
    style: str
    published: date
    text: str
    events: tuple[KeyEvent, ...]
    why: str = ""

    @property
    def current(self) -> list[KeyEvent]:
        return [e for e in self.events if e.current]

    def document(self) -> Document:
        return Document.create(self.text, self.id, published=self.published)


def load_cases(path: Path | None = None) -> list[HardCase]:
    """The hard cases (the packaged file by default); malformed ones raise IngestError."""
    where = str(path or KEY)
    text = path.read_text("utf-8") if path else _packaged()
    spec = yaml.safe_load(text)
    items = spec.get("cases") if isinstance(spec, dict) else None
    if not isinstance(items, list):
        raise IngestError(where, "expected a `cases:` list")
    cases = [_case(item, where) for item in items]
    ids = [c.id for c in cases]
    duplicates = sorted({i for i in ids if ids.count(i) > 1})
    if duplicates:
        raise IngestError(where, f"duplicate case ids {duplicates}")
    return cases


def _packaged() -> str:
    return resources.files("legation").joinpath(KEY).read_text("utf-8")


def _case(item: Any, where: str) -> HardCase:
    if not isinstance(item, dict) or not item.get("id") or not item.get("text"):
        raise IngestError(where, f"a case needs an id and a text, not {item!r:.80}")
    here = f"{where}:{item['id']}"
    tags = tuple(item.get("tags") or ())
    if not tags or set(tags) - TAGS:
        raise IngestError(here, f"tags {list(tags)} must be some of {sorted(TAGS)}")
    if item.get("style") not in STYLES:
        raise IngestError(here, f"style {item.get('style')!r} is not one of {sorted(STYLES)}")
    try:
        published = date.fromisoformat(str(item["published"]))
    except (KeyError, ValueError):
        raise IngestError(here, "published must be a YYYY-MM-DD date") from None
    events = item.get("events")
    if not isinstance(events, list):
        raise IngestError(here, "events must be a list (`events: []` for no event)")
    return HardCase(
        id=str(item["id"]),
        tags=tags,
        style=str(item["style"]),
        published=published,
        text=str(item["text"]).strip(),
        events=tuple(parse_event(e, f"{here}[{n}]") for n, e in enumerate(events)),
        why=str(item.get("why") or ""),
    )


# --- scoring -------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class CaseScore:
    """One passage: counts with and without names, exactness, misses and false events."""

    id: str
    tags: tuple[str, ...]
    counts: Counts
    loose: Counts  # names ignored
    missed: list[str]
    false: list[str]
    flag_errors: list[str]  # expected non-current events coded as current
    expects_current: bool  # the passage has expected current events (required or optional)

    @property
    def exact(self) -> bool:
        c = self.counts
        return c.found == c.support and c.correct == c.predicted


def score_case(case: HardCase, events: Sequence[Event]) -> CaseScore:
    """Match a passage's current coded events with its current expected events."""
    current = [e for e in events if status_of(e) == "current"]
    required = [k for k in case.current if not k.optional]
    optional = [k for k in case.current if k.optional]
    found, extra, counts = match_two_tier(required, optional, current, event_fits)
    loose = match_two_tier(required, optional, current, _country_fits)[2]
    used = set(found.values()) | set(extra.values())
    false = [e for j, e in enumerate(current) if j not in used]
    return CaseScore(
        id=case.id,
        tags=case.tags,
        counts=counts,
        loose=loose,
        missed=[k.describe() for i, k in enumerate(required) if i not in found],
        false=[describe_event(e) for e in false],
        flag_errors=_flag_errors(case, false),
        expects_current=bool(case.current),
    )


def _country_fits(key: KeyEvent, event: Event) -> bool:
    return event_fits(key, event, names=False)


def _flag_errors(case: HardCase, false: Sequence[Event]) -> list[str]:
    """Expected planned/background/negated events that a false current event matches."""
    background = [k for k in case.events if not k.current]
    return [k.describe() for k in background if any(_country_fits(k, e) for e in false)]


def summarise(scores: Sequence[CaseScore]) -> dict[str, float]:
    """The headline figures over all passages."""
    strict = sum((s.counts for s in scores), Counts()).scores()
    loose = sum((s.loose for s in scores), Counts()).scores()
    empty = [s for s in scores if not s.expects_current]
    return {
        "event_precision": strict.precision,
        "event_recall": strict.recall,
        "event_f1": strict.f1,
        "country_event_precision": loose.precision,
        "country_event_recall": loose.recall,
        "country_event_f1": loose.f1,
        "exact_rate": sum(s.exact for s in scores) / max(len(scores), 1),
        "no_event_clean_rate": sum(s.counts.predicted == 0 for s in empty) / max(len(empty), 1),
    }


def per_tag(scores: Sequence[CaseScore]) -> dict[str, dict[str, float]]:
    """Precision/recall/F1, passages and exactly-right passages for each tag."""
    grouped: dict[str, list[CaseScore]] = defaultdict(list)
    for score in scores:
        for tag in score.tags:
            grouped[tag].append(score)
    table: dict[str, dict[str, float]] = {}
    for tag in sorted(grouped):
        group = grouped[tag]
        total = sum((s.counts for s in group), Counts())
        result = total.scores()
        table[tag] = {
            "precision": result.precision,
            "recall": result.recall,
            "f1": result.f1,
            "expected": total.support,
            "coded": total.predicted,
            "cases": len(group),
            "exact": sum(s.exact for s in group),
        }
    return table


def report_lines(headline: dict[str, float], tags: dict[str, dict[str, float]]) -> list[str]:
    lines = [
        f"  events           F1 {headline['event_f1']:.3f} (P {headline['event_precision']:.3f} "
        f"R {headline['event_recall']:.3f}); countries only F1 "
        f"{headline['country_event_f1']:.3f}",
        f"  passages exactly right {headline['exact_rate']:.3f}; no-event passages clean "
        f"{headline['no_event_clean_rate']:.3f}",
        "",
        f"    {'tag':<22}{'P':>7}{'R':>7}{'F1':>7}{'exp':>6}{'coded':>6}{'cases':>6}{'exact':>6}",
    ]
    lines += [
        f"    {tag:<22}{t['precision']:>7.3f}{t['recall']:>7.3f}{t['f1']:>7.3f}"
        f"{t['expected']:>6.0f}{t['coded']:>6.0f}{t['cases']:>6.0f}{t['exact']:>6.0f}"
        for tag, t in tags.items()
    ]
    return lines


@SUITES.register(NAME)
def hardcases(pipeline: Pipeline, data_dir: Path) -> SuiteResult:
    """Code the hard cases (``data_dir`` is not needed) and score them."""
    start = perf_counter()
    cases = load_cases()
    coded, failures = code_documents(pipeline, [c.document() for c in cases])
    scores = [score_case(c, coded.get(c.document().id, [])) for c in cases]
    headline = summarise(scores)
    tags = per_tag(scores)
    texts = {c.id: c.text for c in cases}
    details = {
        "per_tag": tags,
        "cases": [
            {
                "id": s.id,
                "text": texts[s.id],
                "missed": s.missed,
                "false": s.false,
                "flag_errors": s.flag_errors,
            }
            for s in scores
            if not s.exact
        ],
        "failures": failures,
    }
    return SuiteResult(
        NAME,
        len(cases),
        perf_counter() - start,
        headline,
        details,
        tuple(report_lines(headline, tags)),
        unit="passages",
    )
