"""The pipeline object: stages in order, each declaring what it needs and what it adds.

``ingest → nlp → actors → coding → dates → factuality`` run per document here (factuality:
the flags only the whole document can tell, :func:`legation.coding.factuality.in_context`);
``dedup`` and ``store`` work on batches (see :mod:`legation.runner`).
:func:`legation.code_text` is the one-liner on top of :class:`Pipeline`.

:data:`STAGES` is the one table of the stages: their order, what each needs and adds, the
config setting that names its backend, and the step that runs it on a document. A pipeline
is assembled from the config's backends (:func:`assemble`) and checked before it codes
anything (:func:`check_order`), and it then runs its stages in the checked order: the
``nlp`` stage provides what the language model's components make (no ``doc.parse`` from a
model without a parser), and a resolver or coder that declares its own
``requires``/``assigns`` (:class:`Declared`, e.g. a plugin's coder) replaces its stage's
defaults. A stage that needs what no earlier stage provides is a
:class:`~legation.errors.ConfigError` naming the backend.
"""

from __future__ import annotations

import copy
import logging
from collections.abc import Callable, Iterable, Iterator, Mapping
from dataclasses import dataclass, field
from datetime import date
from typing import TYPE_CHECKING, Protocol, runtime_checkable

from .config import BackendSetting, Config
from .errors import ConfigError, LegationError
from .model import CodedDocument, Document, Event, Failure

if TYPE_CHECKING:
    from spacy.language import Language
    from spacy.tokens import Doc, Span

    from .actors.base import ActorResolver, DocumentActors
    from .actors.kb import KnowledgeBase
    from .coding.base import Coder

log = logging.getLogger(__name__)


@dataclass(slots=True)
class Work:
    """One document on its way through the per-document stages: what they have made so far."""

    document: Document
    doc: Doc
    resolved: DocumentActors | None = None
    events: list[Event] = field(default_factory=list)

    @property
    def actors(self) -> DocumentActors:
        if self.resolved is None:  # check_order makes the actors stage run first
            raise LegationError("the actors stage has not run on this document")
        return self.resolved


#: A per-document stage's work: ``step(pipeline, work)`` adds what the stage assigns.
Step = Callable[["Pipeline", Work], None]


def _resolve(pipeline: Pipeline, work: Work) -> None:
    work.resolved = pipeline.resolver.analyse(work.document, work.doc)


def _code(pipeline: Pipeline, work: Work) -> None:
    work.events = pipeline.coder.code(work.document, work.doc, work.actors)


def _date(pipeline: Pipeline, work: Work) -> None:
    from .dates import assign_dates

    events = assign_dates(work.events, work.doc, work.document.published, pipeline.config.language)
    work.events = work.actors.redate(events)  # roles at each event's own date (issue 11)


def _in_context(pipeline: Pipeline, work: Work) -> None:
    from .coding.factuality import in_context

    work.events = in_context(work.events, work.document, work.doc)


@dataclass(frozen=True, slots=True)
class Stage:
    """One pipeline stage and the document attributes it reads and writes.

    ``setting``: the config setting that names its backend (``backend``, once assembled);
    ``step``: what runs it on one document (none for the stages that run on batches)."""

    name: str
    requires: frozenset[str]
    assigns: frozenset[str]
    backend: str = ""
    setting: BackendSetting | None = None
    step: Step | None = field(default=None, repr=False, compare=False)


def _stage(
    name: str,
    requires: Iterable[str],
    assigns: Iterable[str],
    setting: BackendSetting | None = None,
    step: Step | None = None,
) -> Stage:
    return Stage(name, frozenset(requires), frozenset(assigns), setting=setting, step=step)


STAGES: tuple[Stage, ...] = (
    _stage("ingest", (), {"document.text", "document.published"}),
    _stage("nlp", {"document.text"}, {"doc.parse", "doc.ents", "sentences"}, "model"),
    _stage(
        "actors",
        {"doc.parse", "doc.ents", "document.published"},
        {"mentions"},
        "resolver",
        _resolve,
    ),
    _stage("coding", {"doc.parse", "mentions"}, {"events"}, "coder", _code),
    # dates also resolves each event's actors again at its own date: it needs the mentions
    _stage(
        "dates",
        {"events", "mentions", "doc.ents", "document.published"},
        {"events.date"},
        step=_date,
    ),
    _stage(
        "factuality",
        {"events.date", "doc.parse", "document.published"},
        {"events.flags"},
        step=_in_context,
    ),
)


#: The config setting that names each stage's backend (from :data:`STAGES`).
BACKEND_SETTINGS: Mapping[str, BackendSetting] = {
    stage.name: stage.setting for stage in STAGES if stage.setting
}


@runtime_checkable
class Declared(Protocol):
    """A backend that says what its stage needs and adds, in place of the stage's defaults
    in :data:`STAGES` (names as there: ``doc.parse``, ``mentions``, ``events`` …)."""

    requires: frozenset[str]
    assigns: frozenset[str]


@dataclass(frozen=True, slots=True)
class Declaration:
    """What a backend needs and adds, when the backend object cannot say it itself."""

    requires: frozenset[str]
    assigns: frozenset[str]


def check_order(stages: Iterable[Stage]) -> list[Stage]:
    """Raise ConfigError if a stage needs something no earlier stage assigns."""
    available: set[str] = set()
    ordered = list(stages)
    for stage in ordered:
        missing = stage.requires - available
        if missing:
            raise ConfigError(_unmet(stage, missing, available))
        available |= stage.assigns
    return ordered


def _unmet(stage: Stage, missing: set[str] | frozenset[str], available: set[str]) -> str:
    provided = ", ".join(sorted(available)) or "nothing"
    if not stage.backend or not stage.setting:
        return (
            f"pipeline stage {stage.name!r} needs {sorted(missing)}, which no earlier stage "
            f"provides (they provide {provided}); reorder the stages"
        )
    return (
        f"pipeline stage {stage.name!r} ({stage.setting} {stage.backend!r}) needs "
        f"{sorted(missing)}, which no earlier stage provides (they provide {provided}); choose "
        f"a {stage.setting} in the config whose needs the stages before it meet "
        "(`legation pipeline` shows them)"
    )


def backend_names(config: Config) -> dict[str, str]:
    """Each stage's backend as the config names it."""
    return {stage: config.backend(setting) for stage, setting in BACKEND_SETTINGS.items()}


def assemble(config: Config, backends: Mapping[str, object] | None = None) -> list[Stage]:
    """The stages of a pipeline for ``config``, checked (:func:`check_order`): those of
    :data:`STAGES`, each with its backend's name and with the ``requires``/``assigns`` its
    backend declares (:class:`Declared`). ``backends`` gives the built backends by stage
    name; a stage without one there is declared by the factory the config names (a coder or
    resolver class with ``requires``/``assigns`` attributes), which is not built. A built
    coder that does not code each of the config's languages is a ConfigError
    (:func:`~legation.coding.base.check_languages`)."""
    given = backends or {}
    if "coding" in given:
        from .coding.base import check_languages

        check_languages(given["coding"], config.backend("coder"), config.languages)
    stages = []
    for stage in STAGES:
        name = config.backend(stage.setting) if stage.setting else ""
        backend = given[stage.name] if stage.name in given else _factory(stage.setting, name)
        requires, assigns = stage.requires, stage.assigns
        if isinstance(backend, Declared):
            requires, assigns = frozenset(backend.requires), frozenset(backend.assigns)
        stages.append(Stage(stage.name, requires, assigns, name, stage.setting, stage.step))
    return check_order(stages)


def _factory(setting: BackendSetting | None, name: str) -> object:
    """The registered factory of the coder or resolver ``name`` (a ConfigError naming the
    registered ones when there is none); None for the other stages."""
    if setting == "coder":
        from .coding import CODERS

        return CODERS.get(name)
    if setting == "resolver":
        from .actors import RESOLVERS

        return RESOLVERS.get(name)
    return None


def model_declaration(nlp: Language) -> Declaration:
    """What the ``nlp`` stage provides with this language model: a parse and sentences only
    with a parser, entities only with an entity recognizer."""
    assigns = set()
    if "parser" in nlp.pipe_names:
        assigns |= {"doc.parse", "sentences"}
    if "ner" in nlp.pipe_names:
        assigns.add("doc.ents")
    return Declaration(frozenset({"document.text"}), frozenset(assigns))


class Pipeline:
    """nlp → actors → coding → dates → factuality over documents, one spaCy model per
    process."""

    def __init__(self, config: Config | None = None, *, kb: KnowledgeBase | None = None) -> None:
        """``kb``: the knowledge base to resolve actors with (default: loaded from the
        config's ``actor_paths`` over the shipped files)."""
        from .actors import build_resolver
        from .coding import CODERS
        from .nlp import load_pipeline

        self.config = config or Config.default()
        self.nlp: Language = load_pipeline(self.config.model)
        self.resolver: ActorResolver = (
            build_resolver(self.config) if kb is None else self._resolver_over(kb)
        )
        self.coder: Coder = CODERS.get(self.config.coder)(self.config)
        self.stages = assemble(
            self.config,
            {"nlp": model_declaration(self.nlp), "actors": self.resolver, "coding": self.coder},
        )
        self._sentence_filter: Callable[[Span], bool] | None = None  # on first selective parse

    def with_knowledge_base(self, kb: KnowledgeBase) -> Pipeline:
        """A pipeline like this one (same language model and coder) whose resolver uses
        ``kb``: how a server codes with actors added while it runs."""
        twin = copy.copy(self)
        twin.resolver = self._resolver_over(kb)
        return twin

    def _resolver_over(self, kb: KnowledgeBase) -> ActorResolver:
        from .actors import RESOLVERS

        return RESOLVERS.get(self.config.resolver)(kb=kb, config=self.config)

    def code_documents(
        self, documents: Iterable[Document], *, selective: bool = False
    ) -> Iterator[CodedDocument | Failure]:
        """Parse with ``nlp.pipe`` (streaming, batched) and code each document.

        A document that fails in a later stage becomes a :class:`Failure`; the rest go on.
        ``selective=True`` (optional mode, used by the runners) parses only the sentences
        that can hold an event (:mod:`legation.selective`); it is ignored for coders that
        need every sentence parsed."""
        for document, doc in self._parse(documents, selective):
            yield self._code_parsed(document, doc)

    def _parse(
        self, documents: Iterable[Document], selective: bool
    ) -> Iterator[tuple[Document, Doc]]:
        from .coding.base import SelectiveCoder
        from .nlp import parse, reread_shouting
        from .selective import parse_selectively

        if not selective or not isinstance(self.coder, SelectiveCoder):
            parsed = parse(documents, self.nlp, self.config.batch_size)
        else:
            if self._sentence_filter is None:
                self._sentence_filter = self.coder.sentence_filter(self.nlp)
            parsed = parse_selectively(
                documents, self.nlp, self._sentence_filter, self.config.batch_size
            )
        return ((document, reread_shouting(doc, self.nlp)) for document, doc in parsed)

    def _code_parsed(self, document: Document, doc: Doc) -> CodedDocument | Failure:
        from .nlp import sentences

        work = Work(document, doc)
        try:
            for stage in self.stages:
                if stage.step is not None:
                    stage.step(self, work)
            events = _below_threshold(work.events, self.config.min_confidence)
            mentions = list(work.actors.mentions)
        except LegationError as exc:
            return Failure(document.source or document.name, "coding", str(exc), document.id)
        except Exception as exc:  # a coder bug must not sink the batch: record it
            log.exception("coding failed for %s", document.name)
            reason = f"internal error while coding ({type(exc).__name__}: {exc}); please report it"
            return Failure(document.source or document.name, "coding", reason, document.id)
        return CodedDocument(document, sentences(doc), mentions, events)

    def code_text(
        self, text: str, published: date | None = None, name: str = "<text>"
    ) -> list[Event]:
        """Code one text; raises the failure's reason as a LegationError."""
        from .ingest import load_text

        document = load_text(text, published=published, name=name, lang=self.config.language)
        result = next(self.code_documents([document]))
        if isinstance(result, Failure):
            raise LegationError(f"{result.source}: {result.reason}")
        return result.events

    def code_texts(self, texts: list[str], published: date | None = None) -> list[list[Event]]:
        """Code many short texts (e.g. evaluation sentences), one event list per text."""
        docs = [
            Document.create(t, name=f"<text {i}>", published=published) for i, t in enumerate(texts)
        ]
        out: list[list[Event]] = []
        for result in self.code_documents(docs):
            out.append([] if isinstance(result, Failure) else result.events)
        return out


def _below_threshold(events: list[Event], threshold: float) -> list[Event]:
    """The events with those under the run's confidence threshold flagged ``uncertain``."""
    if threshold <= 0:
        return events
    return [e.evolve(uncertain=True) if e.confidence < threshold else e for e in events]
