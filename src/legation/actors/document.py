"""The resolved mentions of one document (``dictionary.v1``) and inference for other noun
phrases: group actors from head nouns, role nouns, pronouns, country adjectives."""

from __future__ import annotations

from itertools import pairwise
from typing import TYPE_CHECKING

from ..model import Actor, ActorKind, Mention, Sector
from .lexicon import (
    DIASPORA_SUFFIXES,
    GROUP_NOUNS,
    HOME_NOUNS,
    PERSON_PRONOUNS,
    QUANTIFIERS,
    ROLE_NOUNS,
    ROLE_WORDS,
    actor_code,
    evolve_actor,
    make_actor,
)

if TYPE_CHECKING:
    from datetime import date

    from spacy.tokens import Doc, Span, Token

    from .dictionary import DictionaryResolver


class DictionaryDocumentActors:
    """The resolved mentions of one document and inference for other noun phrases."""

    def __init__(
        self,
        resolver: DictionaryResolver,
        doc: Doc,
        mentions: list[Mention],
        home_country: str | None,
        hints: list[tuple[int, int, tuple[str, ...]]],
        when: date | None,
    ) -> None:
        self.mentions = mentions
        self.home_country = home_country
        self._resolver = resolver
        self._doc = doc
        self._when = when
        self._by_token: dict[int, Mention] = {
            t: m for m in mentions for t in range(m.start_token, m.end_token)
        }
        self._hints = {t: refs for s, e, refs in hints for t in range(s, e)}
        self._sents: list[Span] | None = None  # the document's sentences, listed on first use

    def mention_at(self, token_index: int) -> Mention | None:
        return self._by_token.get(token_index)

    def actor_for(self, span: Span) -> Actor | None:
        """The actor a noun phrase denotes (see the module docstring), or None."""
        root = span.root
        mention = self._by_token.get(root.i)
        if mention is not None:
            return self._owned(span, mention)
        lower = root.lower_
        if lower in PERSON_PRONOUNS:
            return self._pronoun(root)
        if len(span) == 1 and root.pos_ == "ADJ" and self._hints.get(root.i):
            return self._state(span, self._hints[root.i][0])
        if root.pos_ == "NUM" or lower in QUANTIFIERS:
            inner = _of_object(root)
            if inner is not None:
                return self.actor_for(inner)
        lemma = root.lemma_.lower()
        if lower in ROLE_WORDS and not _is_charge_d_affaires(root):
            return None  # "rejected the charge": an accusation, not a diplomat
        if lemma in ROLE_NOUNS or lower in ROLE_NOUNS:
            return self._role(span, root, ROLE_NOUNS.get(lemma) or ROLE_NOUNS[lower])
        sector = GROUP_NOUNS.get(lemma) or GROUP_NOUNS.get(lower)
        if sector is not None:
            return self._group(span, root, sector)
        if root.pos_ == "PROPN":
            return next((m.actor for t in span if (m := self._by_token.get(t.i))), None)
        return None

    def _owned(self, span: Span, mention: Mention) -> Actor:
        """An organisation of no known country takes the country its noun phrase names
        ("Pakistan's state-owned National Development Complex")."""
        actor = mention.actor
        if actor.country is not None or actor.kind is not ActorKind.INSTITUTION:
            return actor
        outside = span.doc[span.start : mention.start_token]
        countries = self._countries_in(outside) if len(outside) else []
        if not countries:
            return actor
        return evolve_actor(
            actor, country=countries[0], code=actor_code(countries[0], actor.sector)
        )

    def _state(self, span: Span, iso3: str) -> Actor:
        """A country adjective asked about on its own ("the Indian criticism": Indian)."""
        return make_actor(
            span, country=iso3, sector=Sector.GOV, code=f"{iso3}GOV", kind=ActorKind.COUNTRY
        )

    def _countries_in(self, span: Span) -> list[str]:
        out: list[str] = []
        for token in span:
            mention = self._by_token.get(token.i)
            refs = self._hints.get(token.i, ())
            if mention is not None and mention.actor.country not in (None, "IGO"):
                out.append(str(mention.actor.country))
            out.extend(refs[:2])
        return list(dict.fromkeys(out))

    def _group(self, span: Span, root: Token, sector: Sector) -> Actor:
        countries = self._countries_in(span)
        diaspora = _is_diaspora(span)
        if diaspora:
            sector = Sector.CVL
        country = countries[0] if countries else None
        if country is None and sector == Sector.GOV and root.lemma_.lower() in HOME_NOUNS:
            country = self.home_country
        return Actor(
            text=span.text,
            role="diaspora" if diaspora else None,
            country=country,
            sector=sector,
            code=actor_code(country, sector),
            kind=ActorKind.GROUP,
            start=span.start_char,
            end=span.end_char,
        )

    def _role(self, span: Span, root: Token, sector: Sector) -> Actor:
        """ "the general", "the minister": a recent person of that sector, else the role."""
        countries = self._countries_in(span)
        if not countries:
            person = self._recent_person(root, sector)
            if person is not None:
                return evolve_actor(
                    person, text=span.text, start=span.start_char, end=span.end_char
                )
        country = countries[0] if countries else self.home_country or self._resolver.perspective
        role = ROLE_WORDS.get(root.lower_, root.lower_)
        return Actor(
            text=span.text,
            role=role,
            country=country,
            sector=sector,
            code=actor_code(country, sector),
            kind=ActorKind.OFFICE,
            start=span.start_char,
            end=span.end_char,
        )

    def _recent_person(self, root: Token, sector: Sector) -> Actor | None:
        for mention in reversed(self.mentions):
            actor = mention.actor
            if (
                mention.end_token <= root.i
                and actor.kind == ActorKind.PERSON
                and actor.entity_id
                and actor.sector == sector
            ):
                return actor
        return None

    def _pronoun(self, token: Token) -> Actor | None:
        """He/she: the subject person of the nearest earlier sentence that names one."""
        if self._sents is None:
            self._sents = list(self._doc.sents)
        start = token.sent.start
        sents = [s for s in self._sents if s.end <= start][-3:]
        for sent in reversed(sents):
            people = [
                m
                for m in self.mentions
                if sent.start <= m.start_token < sent.end and m.actor.kind == ActorKind.PERSON
            ]
            subjects = [
                m
                for m in people
                if self._doc[m.start_token : m.end_token].root.dep_ in ("nsubj", "nsubjpass")
            ]
            chosen = (subjects or people)[:1]
            if chosen:
                return chosen[0].actor
        return None


def _is_charge_d_affaires(token: Token) -> bool:
    doc = token.doc
    words = {doc[i].lower_ for i in range(max(token.i - 1, 0), min(token.i + 2, len(doc)))}
    return bool(words & {"d'affaires", "d’affaires", "affaires"})


def _of_object(root: Token) -> Span | None:
    for child in root.children:
        if child.dep_ == "prep" and child.lower_ == "of":
            obj = next((c for c in child.children if c.dep_ == "pobj"), None)
            if obj is not None:
                return obj.doc[obj.left_edge.i : obj.right_edge.i + 1]
    return None


def _is_diaspora(span: Span) -> bool:
    words = [t.lower_ for t in span]
    return any(a == "-" and b in DIASPORA_SUFFIXES for a, b in pairwise(words))
