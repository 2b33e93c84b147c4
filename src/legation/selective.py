"""Selective parsing: parse only the sentences that can hold an event (an optional nlp mode).

The ``rules.v1`` coder only finds an event at a verb or noun whose lemma is in its trigger
lexicon (``ontology/triggers.yaml``), so a sentence with no word that could have such a lemma
can hold no event. Most news sentences are like that (background, figures, quotes, weather).
A coder says it works this way by having a ``sentence_filter`` method
(:class:`~legation.coding.base.SelectiveCoder`; ``rules.v1`` and ``hybrid.v1`` return a
:class:`TriggerFilter` over their lexicon); for any other coder every sentence is parsed.
:func:`parse_selectively` therefore:

1. tokenizes the whole document and finds its sentences with spaCy's cheap ``senter``
   component (plus Legation's line-break/dateline boundaries);
2. keeps every run of consecutive *candidate* sentences (:class:`TriggerFilter`: a word whose
   possible lemmas — itself, the lemmatizer's exceptions, every suffix rule — meet a trigger
   lemma) and runs the full pipeline (tagger, parser, lemmatizer, NER) on it;
3. puts the document back together with :meth:`Doc.from_docs`: the text and every character
   offset are exactly the document's; other sentences keep their tokens and a flat tree
   (first token ``ROOT``, the rest ``dep``) but no tags, lemmas or entities.

What it changes (measured in ``docs/scaling.md``): sentence boundaries outside candidate
runs come from ``senter`` rather than the parser, so sentence indexes can differ from a full
parse; the actor resolver still sees every knowledge-base name in the document (its matcher
works on tokens), but not spaCy's entities in non-candidate sentences.
"""

from __future__ import annotations

import itertools
from collections.abc import Callable, Iterable, Iterator, Mapping
from typing import TYPE_CHECKING, Any

from .model import Document
from .nlp import mark_boundaries

if TYPE_CHECKING:
    from spacy.language import Language
    from spacy.tokens import Doc, Span

    from .coding.lexicon import Lexicon, Sense

#: Whether a sentence (tokenized, not parsed) is to be parsed: a coder's
#: :meth:`~legation.coding.base.SelectiveCoder.sentence_filter`, e.g. a :class:`TriggerFilter`.
SentenceFilter = Callable[["Span"], bool]
_CACHE_LIMIT = 50_000  # words; ~10 MB, cleared when full


#: One way a trigger lemma can fire: (object or obligation lemmas, one of which must be in the
#: sentence; a particle word that must be in it). Empty/None: no such condition.
Requirement = tuple[frozenset[str], str | None]


class TriggerFilter:
    """Tells whether a sentence has a word that the lemmatizer could map to a trigger lemma
    whose object or particle condition (``obj``/``prt`` in ``triggers.yaml``) the sentence's
    words could meet. Errs on the side of parsing: any possible lemma of any word counts."""

    def __init__(self, nlp: Language, triggers: Mapping[str, list[Requirement]]) -> None:
        lemmatizer: Any = nlp.get_pipe("lemmatizer")
        tables = lemmatizer.lookups
        self._rules = [
            (old, new)
            for pos in ("verb", "noun", "aux")
            for old, new in tables.get_table("lemma_rules").get(pos, [])
        ]
        self._exceptions = [tables.get_table("lemma_exc").get(pos, {}) for pos in ("verb", "noun")]
        self._triggers = dict(triggers)
        needed = {w for reqs in triggers.values() for objs, prt in reqs for w in (*objs, prt)}
        self._wanted = frozenset(triggers) | {w for w in needed if w}
        self._seen: dict[str, frozenset[str]] = {}

    @classmethod
    def for_rules_coder(cls, nlp: Language) -> TriggerFilter:
        """The filter of the shipped trigger lexicon (``rules.v1``, ``hybrid.v1``)."""
        from .coding.lexicon import default_lexicon

        return cls.for_lexicon(nlp, default_lexicon())

    @classmethod
    def for_lexicon(cls, nlp: Language, lexicon: Lexicon) -> TriggerFilter:
        """The filter of a trigger lexicon's verbs and nouns (a coder's
        :meth:`~legation.coding.base.SelectiveCoder.sentence_filter`)."""
        triggers: dict[str, list[Requirement]] = {}
        for senses in (lexicon.verbs, lexicon.nouns):
            for lemma, options in senses.items():
                triggers.setdefault(lemma, []).extend(_requirements(options))
        return cls(nlp, triggers)

    def __call__(self, sentence: Span) -> bool:
        forms: set[str] = set()
        for token in sentence:
            forms |= self.forms(token.lower_)
        return any(self._fires(lemma, forms) for lemma in forms & self._triggers.keys())

    def _fires(self, lemma: str, forms: set[str]) -> bool:
        return any(
            (not objects or not objects.isdisjoint(forms))
            and (particle is None or particle in forms)
            for objects, particle in self._triggers[lemma]
        )

    def forms(self, word: str) -> frozenset[str]:
        """The trigger, object and particle lemmas ``word`` could have."""
        known = self._seen.get(word)
        if known is None:
            if len(self._seen) > _CACHE_LIMIT:
                self._seen.clear()
            known = self._seen[word] = self._wanted.intersection(self._forms(word))
        return known

    def word_may_trigger(self, word: str) -> bool:
        return not self._triggers.keys().isdisjoint(self.forms(word))

    def _forms(self, word: str) -> set[str]:
        forms = {word}
        for table in self._exceptions:
            forms.update(table.get(word, ()))
        for old, new in self._rules:
            if word.endswith(old):
                forms.add(word[: len(word) - len(old)] + new)
        return forms


def _requirements(senses: Iterable[Sense]) -> Iterator[Requirement]:
    for sense in senses:
        for option in (sense, sense.state):
            if option is None:
                continue
            objects = option.objects or option.obligation or _judgement_words(option)
            if any(not word.isalpha() for word in objects):
                objects = frozenset()  # "sit-in", "war-game": not checkable word by word
            yield objects, option.particle


def _judgement_words(sense: Sense) -> frozenset[str]:
    """The words a reported judgement needs (``cjudge``): those of JUDGEMENTS, hyphened ones
    word by word ("one-sided")."""
    if not sense.judged_clause:
        return frozenset()
    from .coding.triggers import JUDGEMENTS

    return frozenset(part for word in JUDGEMENTS for part in word.split("-"))


def parse_selectively(
    documents: Iterable[Document], nlp: Language, keep: SentenceFilter, batch_size: int = 32
) -> Iterator[tuple[Document, Doc]]:
    """Like :func:`legation.nlp.parse`, parsing only candidate sentences (module doc)."""
    iterator = iter(documents)
    while batch := list(itertools.islice(iterator, batch_size)):
        yield from _parse_batch(batch, nlp, keep, batch_size)


def _parse_batch(
    batch: list[Document], nlp: Language, keep: SentenceFilter, batch_size: int
) -> Iterator[tuple[Document, Doc]]:
    from spacy.tokens import Doc

    senter = nlp.get_pipe("senter")
    plans = [_plan(mark_boundaries(senter(nlp.make_doc(d.text)), d.text), keep) for d in batch]
    wanted = [piece for plan in plans for piece, parse in plan if parse]
    parsed = iter(nlp.pipe((_fresh(nlp, span) for span in wanted), batch_size=batch_size))
    for document, plan in zip(batch, plans, strict=True):
        parts = [_strip(next(parsed)) if parse else _flat(nlp, span) for span, parse in plan]
        yield document, Doc.from_docs(parts, ensure_whitespace=False) if parts else Doc(nlp.vocab)


def _plan(doc: Doc, keep: SentenceFilter) -> list[tuple[Span, bool]]:
    """The document as consecutive pieces: (a run of candidate sentences, True) or
    (one other sentence, False). Trailing whitespace stays with its piece."""
    sents = list(doc.sents)
    plan: list[tuple[Span, bool]] = []
    for i, sent in enumerate(sents):
        end = sents[i + 1].start if i + 1 < len(sents) else len(doc)
        wanted = keep(sent)
        if wanted and plan and plan[-1][1]:
            plan[-1] = (doc[plan[-1][0].start : end], True)
        else:
            plan.append((doc[sent.start : end], wanted))
    return plan


def _fresh(nlp: Language, span: Span) -> Doc:
    from spacy.tokens import Doc

    return Doc(nlp.vocab, words=[t.text for t in span], spaces=[bool(t.whitespace_) for t in span])


def _flat(nlp: Language, span: Span) -> Doc:
    """One unparsed sentence: its tokens under a flat tree, so it stays one sentence."""
    from spacy.tokens import Doc

    words = [t.text for t in span]
    return Doc(
        nlp.vocab,
        words=words,
        spaces=[bool(t.whitespace_) for t in span],
        heads=[0] * len(words),
        deps=["ROOT", *["dep"] * (len(words) - 1)],
    )


def _strip(doc: Doc) -> Doc:
    """Drop the tok2vec tensor: pieces without one cannot be joined to pieces with one."""
    import numpy

    doc.tensor = numpy.zeros((0,), dtype="float32")
    return doc
