"""A Legation plugin written outside the package: the ``.toy`` input format and the
``toy.v1`` coder. ``tests/test_plugins.py`` installs it into a folder of its own with the
``entry_points.txt`` a real package's ``pyproject.toml`` would produce::

    [project.entry-points."legation.readers"]
    toy = "legation_toy:ToyReader"

    [project.entry-points."legation.coders"]
    "toy.v1" = "legation_toy:ToyCoder"
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import TYPE_CHECKING, Any

from legation.ingest import Raw
from legation.model import Event, PloverType, Sentence, Span

if TYPE_CHECKING:
    from spacy.tokens import Doc

    from legation.actors import DocumentActors
    from legation.config import Config
    from legation.model import Document, Failure, Note


class ToyReader:
    """``.toy`` files: ``key: value`` header lines (``title``, ``published``), a blank line,
    then the text."""

    name = "toy"
    suffixes: tuple[str, ...] = (".toy",)

    def read(self, path: Path, config: Config) -> Iterator[Raw | Failure | Note]:
        head, _, body = path.read_text("utf-8").partition("\n\n")
        fields = dict(line.split(": ", 1) for line in head.splitlines())
        yield Raw(
            text=body,
            name=path.name,
            source=str(path),
            title=fields.get("title"),
            published=fields.get("published"),
        )

    def count(self, path: Path) -> int:
        return 1


class ToyCoder:
    """A CONSULT event for each sentence with the word "met", from its first actor mention to
    its second. No ``sentence_filter``: every sentence is parsed, even in selective mode."""

    name = "toy.v1"

    def __init__(self, config: Any = None) -> None:
        self.config = config

    def code(self, document: Document, doc: Doc, actors: DocumentActors) -> list[Event]:
        events = []
        for index, sent in enumerate(doc.sents):
            met = next((token for token in sent if token.lower_ == "met"), None)
            inside = [m for m in actors.mentions if sent.start <= m.start_token < sent.end]
            if met is None or len(inside) < 2:
                continue
            sentence = Sentence(index, sent.text, sent.start_char, sent.end_char)
            trigger = Span(met.text, met.idx, met.idx + len(met.text))
            events.append(
                Event(
                    doc_id=document.id,
                    sentence=sentence,
                    event_type=PloverType.CONSULT,
                    trigger=trigger,
                    rule="toy.met",
                    coder=self.name,
                    actors=(inside[0].actor,),
                    recipients=(inside[1].actor,),
                )
            )
        return events


class LateCoder(ToyCoder):
    """A coder that needs the events' dates, which only the ``dates`` stage after coding
    provides: a pipeline with it is refused when it is assembled."""

    name = "late.v1"
    requires = frozenset({"doc.parse", "mentions", "events.date"})
    assigns = frozenset({"events"})
