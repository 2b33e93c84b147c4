"""``legation eval``: score a coder on the labelled development sets in ``shared/data/dev``.

Three datasets (see ``shared/data/README.md``; cite their authors when reporting results):

- ``plover_roots`` — ``plover_roots.csv``: one event per sentence with its PLOVER root and
  source/target text; ``meta`` holds ``split=train|test``. Old PLOVER names are mapped on
  load (DEMAND→REQUEST, DISAPPROVE and INVESTIGATE→ACCUSE, FIGHT→ASSAULT); the gold label
  ``YIELD`` stands for CONCEDE/RETREAT, so a predicted CONCEDE or RETREAT counts as YIELD.
- ``pentaclass`` — ``pentaclass_{train,test}.tsv``: sentence and PentaClass 0–4.
- ``actor_spans`` — ``actor_spans_{train,test}.txt``: CoNLL ``token tag`` lines with BIO tags
  S (source actor), T (target) and R (reciprocal actors).

The coder is any ``code(texts) -> events per text`` callable (``Pipeline.code_texts``). For
each sentence the *predicted event* is the one with the highest confidence (the first such,
current or not), with the sides of the other events of its trigger and type
(:func:`.base.with_siblings`: the coder writes "sanctions on A and B" as one event per
counterpart, the gold as one event with both); a sentence with no event is predicted
``NONE``, which is always wrong.

Metrics, per dataset:

- **detection rate** — share of sentences with at least one event (every sentence here holds
  one, so this is detection recall);
- **event type** — accuracy and macro-F1 (``plover_roots``), with per-class P/R/F1 and a
  confusion matrix; macro-F1 averages over the *gold* label set;
- **penta** — PentaClass accuracy and macro-F1: the predicted class comes from the event's
  CAMEO root (01–02→0, 03–05→1, 06–08→2, 09–13 and 16→3, 14, 15, 17–20→4), or from
  :data:`PENTA_BY_PLOVER` when it has no CAMEO code; for ``plover_roots`` the gold class is
  derived from the gold PLOVER label the same way;
- **actor / recipient spans** — P/R/F1 of the predicted event's actor and recipient character
  spans against the gold S and T spans, exact-match and token-overlap. An R (reciprocal) span
  counts on the side that predicted it (recipient if only a recipient overlaps it, else actor).
  ``plover_roots`` gold spans are the source/target text where it occurs in the sentence.

Suites (:mod:`.suites`) score what one event per sentence cannot: ``plover_gsr``
(:mod:`.gsr`: type, actor and recipient country, dyad F1 on the PLOVER gold-standard
records). ``legation eval`` runs the datasets, then the suites; ``--only NAME`` picks some.
"""

from __future__ import annotations

import csv
import re
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from dataclasses import asdict, dataclass, field
from pathlib import Path
from time import perf_counter
from types import MappingProxyType
from typing import Any

from ..errors import CodingError, ConfigError, IngestError
from ..model import Actor, Event
from .base import NONE as NONE
from .base import OLD_PLOVER_NAMES as OLD_PLOVER_NAMES
from .base import YIELD as YIELD
from .base import YIELD_TYPES as YIELD_TYPES
from .base import Classification as Classification
from .base import Scores as Scores
from .base import SuiteResult as SuiteResult
from .base import choose_event as choose_event
from .base import classification as classification
from .base import format_classification as format_classification
from .base import open_dev_data as open_dev_data
from .base import predicted_type as predicted_type
from .base import prf as prf
from .base import with_siblings
from .suites import run_suites as run_suites
from .suites import suite_names as suite_names

CodeFn = Callable[[list[str]], list[list[Event]]]
CharSpan = tuple[int, int]

DATASETS = ("plover_roots", "pentaclass", "actor_spans")
SPLITS = ("train", "test", "all")

#: PentaClass of each PLOVER type, for events without a CAMEO code (and gold PLOVER labels),
#: following where the type's CAMEO codes fall: 0 statement/appeal, 1 verbal cooperation,
#: 2 material cooperation, 3 verbal conflict, 4 material conflict.
PENTA_BY_PLOVER: Mapping[str, int] = MappingProxyType(
    {
        "REQUEST": 0,  # CAMEO 02 appeal
        "AGREE": 1,  # 03 express intent to cooperate
        "CONSULT": 1,  # 04
        "SUPPORT": 1,  # 05 engage in diplomatic cooperation
        "COOPERATE": 2,  # 06
        "AID": 2,  # 07
        "CONCEDE": 2,  # 08 yield
        "RETREAT": 2,  # 08 yield
        YIELD: 2,
        "ACCUSE": 3,  # 09 investigate, 11 disapprove
        "REJECT": 3,  # 12
        "THREATEN": 3,  # 13
        "SANCTION": 3,  # 16 reduce relations
        "PROTEST": 4,  # 14
        "MOBILIZE": 4,  # 15 exhibit force posture
        "COERCE": 4,  # 17
        "ASSAULT": 4,  # 18-20
    }
)
_PENTA_BY_CAMEO_ROOT: Mapping[int, int] = MappingProxyType(
    {
        **dict.fromkeys((1, 2), 0),
        **dict.fromkeys((3, 4, 5), 1),
        **dict.fromkeys((6, 7, 8), 2),
        **dict.fromkeys((9, 10, 11, 12, 13, 16), 3),
        **dict.fromkeys((14, 15, 17, 18, 19, 20), 4),
    }
)
_TOKEN_RE = re.compile(r"\S+")


# --- data ----------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class Example:
    """One labelled sentence. ``label`` is a PLOVER root or a PentaClass ("0"–"4");
    spans are character offsets into ``text``; ``tokens`` are the token offsets."""

    text: str
    split: str
    label: str | None = None
    sources: tuple[CharSpan, ...] = ()
    targets: tuple[CharSpan, ...] = ()
    reciprocal: tuple[CharSpan, ...] = ()
    tokens: tuple[CharSpan, ...] = ()

    @property
    def has_spans(self) -> bool:
        return bool(self.sources or self.targets or self.reciprocal)


def default_data_dir() -> Path:
    """``shared/data/dev`` beside the checkout (``<repo>/../shared/data/dev``) or the
    working directory; raises :class:`ConfigError` saying how to point at it otherwise."""
    here = Path(__file__).resolve()
    cwd = Path.cwd().resolve()
    for base in (*here.parents, cwd, *cwd.parents):
        candidate = base / "shared" / "data" / "dev"
        if (candidate / "plover_roots.csv").is_file():
            return candidate
    raise ConfigError(
        "cannot find the development data (shared/data/dev/plover_roots.csv) beside the "
        f"Legation checkout or above {cwd}. Pass its folder explicitly: "
        "`legation eval --data PATH/TO/shared/data/dev`."
    )


def load_dataset(name: str, data_dir: Path, split: str = "test") -> list[Example]:
    """Load one dataset (``plover_roots``, ``pentaclass`` or ``actor_spans``) for a split."""
    _check_choice("dataset", name, DATASETS)
    _check_choice("split", split, SPLITS)
    if name == "plover_roots":
        rows = load_plover_roots(data_dir / "plover_roots.csv")
        return [r for r in rows if split == "all" or r.split == split]
    loader = load_pentaclass if name == "pentaclass" else load_actor_spans
    suffix = "tsv" if name == "pentaclass" else "txt"
    splits = ("train", "test") if split == "all" else (split,)
    return [ex for s in splits for ex in loader(data_dir / f"{name}_{s}.{suffix}", s)]


def load_plover_roots(path: Path) -> list[Example]:
    """``plover_roots.csv``: columns text,label,meta,context,source,target."""
    with open_dev_data(path) as handle:
        reader = csv.DictReader(handle)
        missing = {"text", "label", "meta", "source", "target"} - set(reader.fieldnames or ())
        if missing:
            raise IngestError(str(path), f"missing columns {sorted(missing)}")
        return [_plover_row(row, path, n) for n, row in enumerate(reader, start=2)]


def load_pentaclass(path: Path, split: str) -> list[Example]:
    """``sentence<TAB>label`` lines (no header, CRLF allowed), labels 0–4."""
    with open_dev_data(path) as handle:
        lines = handle.read().splitlines()
    return [_penta_line(line, path, n, split) for n, line in enumerate(lines, 1) if line.strip()]


def load_actor_spans(path: Path, split: str) -> list[Example]:
    """CoNLL ``token tag`` lines, blank line between sentences; BIO tags S, T, R."""
    with open_dev_data(path) as handle:
        lines = handle.read().splitlines()
    return [_span_sentence(rows, split) for rows in _conll_blocks(lines, path)]


def _plover_row(row: dict[str, str], path: Path, line: int) -> Example:
    text, label = row["text"].strip(), row["label"].strip().upper()
    if not text or not label:
        raise IngestError(f"{path}:{line}", "empty text or label")
    split = next((p[6:] for p in row["meta"].split("|") if p.startswith("split=")), "train")
    return Example(
        text=text,
        split=split,
        label=OLD_PLOVER_NAMES.get(label, label),
        sources=_locate(text, row["source"]),
        targets=_locate(text, row["target"]),
        tokens=_token_offsets(text),
    )


def _locate(text: str, needle: str | None) -> tuple[CharSpan, ...]:
    needle = (needle or "").strip()
    at = text.find(needle) if needle else -1
    return ((at, at + len(needle)),) if at >= 0 else ()


def _penta_line(line: str, path: Path, n: int, split: str) -> Example:
    text, _, label = line.rpartition("\t")
    if not text.strip() or label.strip() not in {"0", "1", "2", "3", "4"}:
        raise IngestError(f"{path}:{n}", f"expected 'sentence<TAB>0-4', got {line[:60]!r}")
    return Example(
        text=text.strip(), split=split, label=label.strip(), tokens=_token_offsets(text.strip())
    )


def _conll_blocks(lines: list[str], path: Path) -> Iterator[list[tuple[str, str]]]:
    block: list[tuple[str, str]] = []
    for n, line in enumerate(lines, 1):
        parts = line.split()
        if not parts:
            if block:
                yield block
            block = []
            continue
        if len(parts) < 2:
            raise IngestError(f"{path}:{n}", f"expected 'token tag', got {line!r}")
        block.append((parts[0], parts[-1]))
    if block:
        yield block


def _span_sentence(rows: list[tuple[str, str]], split: str) -> Example:
    tokens, offset = [], 0
    for token, _ in rows:
        tokens.append((offset, offset + len(token)))
        offset += len(token) + 1
    spans = _bio_spans([tag for _, tag in rows], tokens)
    return Example(
        text=" ".join(token for token, _ in rows),
        split=split,
        sources=spans.get("S", ()),
        targets=spans.get("T", ()),
        reciprocal=spans.get("R", ()),
        tokens=tuple(tokens),
    )


def _bio_spans(tags: list[str], tokens: list[CharSpan]) -> dict[str, tuple[CharSpan, ...]]:
    """Character spans per entity type from BIO tags (an I- after a different type opens one)."""
    found: dict[str, list[CharSpan]] = {}
    current: str | None = None
    for tag, (start, end) in zip(tags, tokens, strict=True):
        prefix, _, kind = tag.partition("-")
        if prefix == "I" and kind == current:
            first, _ = found[kind][-1]
            found[kind][-1] = (first, end)
        elif prefix in ("B", "I") and kind:
            found.setdefault(kind, []).append((start, end))
            current = kind
        else:
            current = None
    return {kind: tuple(spans) for kind, spans in found.items()}


def _token_offsets(text: str) -> tuple[CharSpan, ...]:
    return tuple((m.start(), m.end()) for m in _TOKEN_RE.finditer(text))


# --- metrics -------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class SpanScores:
    exact: Scores
    overlap: Scores  # token level: tokens inside gold spans vs tokens inside predicted ones


def span_scores(
    gold: Sequence[Iterable[CharSpan]],
    predicted: Sequence[Iterable[CharSpan]],
    tokens: Sequence[Sequence[CharSpan]],
) -> SpanScores:
    """Exact-match and token-overlap scores over sentences (parallel sequences)."""
    exact = [0, 0, 0]  # correct, predicted, gold
    overlap = [0, 0, 0]
    for g_spans, p_spans, toks in zip(gold, predicted, tokens, strict=True):
        g, p = set(g_spans), set(p_spans)
        _add(exact, len(g & p), len(p), len(g))
        g_tok, p_tok = _covered(toks, g), _covered(toks, p)
        _add(overlap, len(g_tok & p_tok), len(p_tok), len(g_tok))
    return SpanScores(exact=prf(*exact), overlap=prf(*overlap))


def _add(totals: list[int], correct: int, predicted: int, gold: int) -> None:
    totals[0] += correct
    totals[1] += predicted
    totals[2] += gold


def _covered(tokens: Sequence[CharSpan], spans: Iterable[CharSpan]) -> set[int]:
    spans = list(spans)
    return {i for i, tok in enumerate(tokens) if any(_overlaps(tok, s) for s in spans)}


def _overlaps(a: CharSpan, b: CharSpan) -> bool:
    return a[0] < b[1] and b[0] < a[1]


# --- predictions ---------------------------------------------------------------------------


def penta_class(event: Event) -> int:
    """PentaClass 0–4 from the CAMEO root, or from the PLOVER type without a CAMEO code."""
    root = event.cameo[:2] if event.cameo else ""
    if root.isdigit() and int(root) in _PENTA_BY_CAMEO_ROOT:
        return _PENTA_BY_CAMEO_ROOT[int(root)]
    return PENTA_BY_PLOVER[event.event_type.value]


def actor_spans(actors: Iterable[Actor], text: str) -> set[CharSpan]:
    """Character spans of actors: their offsets, else where their text occurs in ``text``."""
    spans: set[CharSpan] = set()
    for actor in actors:
        if actor.start is not None and actor.end is not None:
            spans.add((actor.start, actor.end))
        elif actor.text and (at := text.find(actor.text)) >= 0:
            spans.add((at, at + len(actor.text)))
    return spans


def gold_sides(
    example: Example, actors: set[CharSpan], recipients: set[CharSpan]
) -> tuple[set[CharSpan], set[CharSpan]]:
    """Gold actor and recipient spans; each R span goes to the recipient side only when a
    predicted recipient (and no predicted actor) overlaps it."""
    gold_actors, gold_recipients = set(example.sources), set(example.targets)
    for span in example.reciprocal:
        as_recipient = any(_overlaps(span, r) for r in recipients)
        as_actor = any(_overlaps(span, a) for a in actors)
        (gold_recipients if as_recipient and not as_actor else gold_actors).add(span)
    return gold_actors, gold_recipients


# --- the evaluation ------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class DatasetResult:
    name: str
    split: str
    sentences: int
    seconds: float
    detection_rate: float
    event_type: Classification | None = None
    penta: Classification | None = None
    actor: SpanScores | None = None
    recipient: SpanScores | None = None

    @property
    def sentences_per_second(self) -> float:
        return self.sentences / self.seconds if self.seconds > 0 else 0.0


@dataclass(frozen=True, slots=True)
class EvalReport:
    data_dir: str
    split: str
    seconds: float
    datasets: list[DatasetResult] = field(default_factory=list)
    suites: list[SuiteResult] = field(default_factory=list)

    def to_json(self) -> dict[str, Any]:
        """A JSON-ready dict (floats rounded to 4 places), for CI to keep."""
        out = _rounded(asdict(self))
        for item, result in zip(out["datasets"], self.datasets, strict=True):
            item["sentences_per_second"] = round(result.sentences_per_second, 2)
        return dict(out)


def _rounded(value: Any) -> Any:
    if isinstance(value, float):
        return round(value, 4)
    if isinstance(value, dict):
        return {k: _rounded(v) for k, v in value.items()}
    if isinstance(value, list):
        return [_rounded(v) for v in value]
    return value


def evaluate(
    code: CodeFn,
    data_dir: Path | None = None,
    split: str = "test",
    datasets: list[str] | None = None,
    batch_size: int = 64,
) -> EvalReport:
    """Code every sentence of the chosen datasets and score the predictions.

    ``data_dir`` defaults to :func:`default_data_dir`; ``split`` is train, test or all;
    ``datasets`` defaults to all of :data:`DATASETS`."""
    names = list(DATASETS if datasets is None else datasets)
    for name in names:
        _check_choice("dataset", name, DATASETS)
    _check_choice("split", split, SPLITS)
    folder = data_dir if data_dir is not None else default_data_dir()
    start = perf_counter()
    results = [
        evaluate_examples(name, load_dataset(name, folder, split), code, split, batch_size)
        for name in names
    ]
    return EvalReport(str(folder), split, perf_counter() - start, results)


def evaluate_examples(
    name: str, examples: list[Example], code: CodeFn, split: str = "test", batch_size: int = 64
) -> DatasetResult:
    """Score ``code`` on already-loaded examples (one dataset)."""
    start = perf_counter()
    events = _code_all(code, [ex.text for ex in examples], batch_size)
    chosen = [with_siblings(found, choose_event(found)) for found in events]
    return DatasetResult(
        name=name,
        split=split,
        sentences=len(examples),
        seconds=perf_counter() - start,
        detection_rate=sum(1 for found in events if found) / len(examples) if examples else 0.0,
        event_type=_type_scores(name, examples, chosen),
        penta=_penta_scores(name, examples, chosen),
        **_span_results(examples, chosen),
    )


def _code_all(code: CodeFn, texts: list[str], batch_size: int) -> list[list[Event]]:
    out: list[list[Event]] = []
    for i in range(0, len(texts), max(batch_size, 1)):
        batch = texts[i : i + batch_size]
        coded = code(batch)
        if len(coded) != len(batch):
            raise CodingError(
                f"the coder returned {len(coded)} results for a batch of {len(batch)} "
                "sentences; it must return one list of events per sentence"
            )
        out.extend(coded)
    return out


def _type_scores(
    name: str, examples: list[Example], chosen: list[Event | None]
) -> Classification | None:
    if name != "plover_roots":
        return None
    gold = [ex.label or "" for ex in examples]
    return classification(gold, [predicted_type(e, YIELD in gold) for e in chosen])


def _penta_scores(
    name: str, examples: list[Example], chosen: list[Event | None]
) -> Classification | None:
    if name == "pentaclass":
        gold = [ex.label or "" for ex in examples]
    elif name == "plover_roots":
        gold = [str(PENTA_BY_PLOVER.get(ex.label or "", "?")) for ex in examples]
    else:
        return None
    return classification(gold, [str(penta_class(e)) if e else NONE for e in chosen])


def _span_results(
    examples: list[Example], chosen: list[Event | None]
) -> dict[str, SpanScores | None]:
    if not any(ex.has_spans for ex in examples):
        return {"actor": None, "recipient": None}
    gold_a, gold_r, pred_a, pred_r = [], [], [], []
    for ex, event in zip(examples, chosen, strict=True):
        actors = actor_spans(event.actors, ex.text) if event else set()
        recipients = actor_spans(event.recipients, ex.text) if event else set()
        sides = gold_sides(ex, actors, recipients)
        gold_a.append(sides[0])
        gold_r.append(sides[1])
        pred_a.append(actors)
        pred_r.append(recipients)
    tokens = [ex.tokens for ex in examples]
    return {
        "actor": span_scores(gold_a, pred_a, tokens),
        "recipient": span_scores(gold_r, pred_r, tokens),
    }


def _check_choice(what: str, value: str, options: Sequence[str]) -> None:
    if value not in options:
        raise ConfigError(f"unknown {what} {value!r}; choose one of: {', '.join(options)}")


# --- the report ----------------------------------------------------------------------------


def format_report(report: EvalReport) -> str:
    """A readable plain-text report: per dataset, headline numbers, per-class P/R/F1 and
    the confusion matrix."""
    total = sum(r.sentences for r in report.datasets)
    lines = [
        f"legation eval: split {report.split}, {total} sentences in "
        f"{report.seconds:.1f} s, data {report.data_dir}"
    ]
    for result in report.datasets:
        lines += ["", *_dataset_lines(result)]
    for suite in report.suites:
        lines += ["", *_suite_lines(suite)]
    return "\n".join(lines) + "\n"


def _suite_lines(r: SuiteResult) -> list[str]:
    rate = r.items / r.seconds if r.seconds > 0 else 0.0
    head = f"{r.name}: {r.items} {r.unit}, {r.seconds:.1f} s, {rate:.1f} {r.unit}/s"
    return [head, *r.lines]


def _dataset_lines(r: DatasetResult) -> list[str]:
    lines = [
        f"{r.name} ({r.split}): {r.sentences} sentences, {r.seconds:.1f} s, "
        f"{r.sentences_per_second:.1f} sentences/s",
        f"  detection rate   {r.detection_rate:.3f}",
    ]
    for label, scores in (("event type", r.event_type), ("penta class", r.penta)):
        if scores is not None:
            lines.append(
                f"  {label:<16} accuracy {scores.accuracy:.3f}  macro-F1 {scores.macro_f1:.3f}"
            )
    for label, spans in (("actor span", r.actor), ("recipient span", r.recipient)):
        if spans is not None:
            lines.append(
                f"  {label:<16} exact {_prf_text(spans.exact)}  token {_prf_text(spans.overlap)}"
            )
    for label, scores in (("event type", r.event_type), ("penta class", r.penta)):
        if scores is not None:
            lines += format_classification(label, scores)
    return lines


def _prf_text(s: Scores) -> str:
    return f"F1 {s.f1:.3f} (P {s.precision:.3f} R {s.recall:.3f})"
