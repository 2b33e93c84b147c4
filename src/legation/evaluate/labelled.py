"""Legation's own labelled documents (``legation/data/eval``): loading and locating them.

Both the ``dates`` suite (:mod:`.dates`) and the ``merges`` suite (:mod:`.merges`) read YAML
files of short documents written for the project, each with labels anchored on a phrase of its
text (``at``). This module reads them, builds :class:`~legation.model.Document` objects the way
ingest does (so a publication date can come from the URL or the byline), and finds which coded
events fall inside a label's phrase.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass
from datetime import date
from importlib import resources
from typing import TYPE_CHECKING, Any

from ..errors import IngestError
from ..model import CodedDocument, Document, Event, Failure

if TYPE_CHECKING:
    from ..pipeline import Pipeline

SPLITS = ("dev", "test")


@dataclass(frozen=True, slots=True)
class Raw:
    """One labelled document as written in the YAML file."""

    id: str
    split: str
    text: str
    published: str | None
    url: str | None
    title: str | None
    outlet: str | None
    labels: Mapping[str, Any]


def load(name: str) -> list[Raw]:
    """The documents of ``legation/data/eval/<name>``; a malformed entry raises
    :class:`IngestError` naming it."""
    import yaml

    source = resources.files("legation").joinpath("data/eval", name)
    rows = yaml.safe_load(source.read_text("utf-8")) or []
    return [_raw(row, f"{name}#{n}") for n, row in enumerate(rows, 1)]


def _raw(row: Any, where: str) -> Raw:
    if not isinstance(row, dict) or not isinstance(row.get("text"), str):
        raise IngestError(where, "each entry needs an id, a split and a text")
    split = str(row.get("split", ""))
    if split not in SPLITS:
        raise IngestError(where, f"split {split!r}; use one of {', '.join(SPLITS)}")
    published = row.get("published")
    return Raw(
        id=str(row["id"]),
        split=split,
        text=row["text"],
        published=published.isoformat() if isinstance(published, date) else published,
        url=row.get("url"),
        title=row.get("title"),
        outlet=row.get("outlet"),
        labels=row,
    )


def code(pipeline: Pipeline, raws: Sequence[Raw]) -> dict[str, CodedDocument]:
    """Ingest the documents as records (publication date from the record, else the text or
    URL) and code them; raises :class:`IngestError` if one fails."""
    from ..ingest import iter_records

    records = [{k: v for k, v in _record(raw).items() if v is not None} for raw in raws]
    documents: list[Document] = []
    for item in iter_records(records, pipeline.config, source="eval"):
        if isinstance(item, Failure):
            raise IngestError(item.source, item.reason)
        documents.append(item)
    coded: dict[str, CodedDocument] = {}
    for result in pipeline.code_documents(documents):
        if isinstance(result, Failure):
            raise IngestError(result.source, result.reason)
        coded[result.document.name] = result
    return coded


def _record(raw: Raw) -> dict[str, Any]:
    return {
        "id": raw.id,
        "text": raw.text,
        "published": raw.published,
        "url": raw.url,
        "title": raw.title,
        "outlet": raw.outlet,
    }


def span(text: str, phrase: str, where: str) -> tuple[int, int]:
    """The character span of ``phrase`` in ``text``; it must occur exactly once."""
    start = text.find(phrase)
    if start < 0 or text.find(phrase, start + 1) >= 0:
        problem = "does not occur" if start < 0 else "occurs more than once"
        raise IngestError(where, f"label phrase {phrase!r} {problem} in the text")
    return start, start + len(phrase)


def inside(events: Iterable[Event], bounds: tuple[int, int]) -> list[Event]:
    """The events whose trigger starts inside ``bounds``."""
    return [e for e in events if bounds[0] <= e.trigger.start < bounds[1]]


def sentence_bounds(result: CodedDocument, bounds: tuple[int, int]) -> tuple[int, int]:
    """The span of the sentence (or sentences) that ``bounds`` overlaps."""
    hit = [s for s in result.sentences if s.start < bounds[1] and bounds[0] < s.end]
    if not hit:
        return bounds
    return min(s.start for s in hit), max(s.end for s in hit)


def by_split(items: Iterable[tuple[str, Any]]) -> Iterator[tuple[str, list[Any]]]:
    """("all", every item), then each split with its items."""
    pairs = list(items)
    yield "all", [item for _, item in pairs]
    for split in SPLITS:
        yield split, [item for s, item in pairs if s == split]
