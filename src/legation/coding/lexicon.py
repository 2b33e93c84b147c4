"""The trigger lexicon: verb and noun lemmas with their PLOVER senses.

Loaded once from ``legation/data/ontology/triggers.yaml``, the English language's lexicon
(:attr:`legation.lang.Language.lexicon`; its header documents every key)
into frozen :class:`Sense` records, looked up by lemma with a dict: the coder never scans the
lexicon per token.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from functools import lru_cache
from importlib import resources
from pathlib import Path
from typing import Any

import yaml

from ..errors import CodingError
from ..lang import Language, language
from ..model import PloverType

DEFAULT_CONFIDENCE = 0.8


@dataclass(frozen=True, slots=True)
class Sense:
    """One reading of a trigger lemma (see the header of ``triggers.yaml``)."""

    lemma: str
    event_type: PloverType
    cameo: str
    rule: str
    mode: str | None = None
    confidence: float = DEFAULT_CONFIDENCE
    objects: frozenset[str] = frozenset()
    particle: str | None = None
    recipient: tuple[str, ...] = ("dobj",)
    actor: tuple[str, ...] = ("subj",)
    governs: str | None = None
    reciprocal: bool = False
    respond: bool = False
    weak: bool = False
    party: bool = False
    defer: bool = False
    needs_complement: bool = False
    object_complement: bool = False  # the object has a verbal complement ("commitment *to act*")
    named_object: bool = False
    owned_object: bool = False
    no_object: bool = False
    judgement: bool = False
    judged_as: frozenset[str] = frozenset()  # with ``judgement``: these words, not JUDGEMENTS
    judged_clause: bool = False  # a reported clause judges its subject ("said X was unjust")
    obligation: frozenset[str] = frozenset()
    complement_verbs: frozenset[str] = frozenset()
    manners: frozenset[str] = frozenset()  # the verb's manner is one of these ("in kind")
    purposes: frozenset[str] = frozenset()  # its "for" phrase names one ("for talks")
    subjects: frozenset[str] = frozenset()  # its subject is one of these ("an aid *convoy*")
    joint: bool = False  # (nouns) a word makes it shared: "a *joint* operation"
    dated: bool = False  # (nouns) it carries its own date: "Washington's praise *on Friday*"
    state: Sense | None = None
    civil: Sense | None = None

    @property
    def host_view(self) -> bool:
        """True when the grammatical subject is the host or recipient ("X received Y")."""
        return "subj" in self.recipient


@dataclass(frozen=True, slots=True)
class Lexicon:
    verbs: Mapping[str, tuple[Sense, ...]]
    nouns: Mapping[str, tuple[Sense, ...]]
    adjectives: Mapping[str, tuple[Sense, ...]] = field(default_factory=dict)
    complements: Mapping[str, Mapping[str, tuple[str | None, str]]] = field(default_factory=dict)

    def complement_code(
        self, table: str, complement: PloverType | None
    ) -> tuple[str | None, str] | None:
        """(mode, CAMEO code) of a governing verb given its complement's type."""
        codes = self.complements.get(table, {})
        key = complement.value if complement else "default"
        return codes.get(key) or codes.get("default")


def _word(value: Any) -> str:
    # YAML 1.1 reads a bare `on` as True.
    return "on" if value is True else str(value)


def _words(values: Any) -> tuple[str, ...]:
    return tuple(_word(v) for v in values or ())


def _sense(lemma: str, raw: Mapping[str, Any]) -> Sense:
    try:
        state = raw.get("state")
        civil = raw.get("civil")
        return Sense(
            lemma=lemma,
            event_type=PloverType(raw["t"]),
            cameo=str(raw["c"]),
            rule=str(raw["r"]),
            mode=str(raw["m"]) if raw.get("m") else None,
            confidence=float(raw.get("conf", DEFAULT_CONFIDENCE)),
            objects=frozenset(_words(raw.get("obj"))),
            particle=_word(raw["prt"]) if raw.get("prt") else None,
            recipient=_words(raw["rcp"]) if "rcp" in raw else ("dobj",),
            actor=_words(raw["act"]) if "act" in raw else ("subj",),
            governs=raw.get("gov"),
            reciprocal=bool(raw.get("recip")),
            respond=bool(raw.get("respond")),
            weak=bool(raw.get("weak")),
            party=bool(raw.get("party")),
            defer=bool(raw.get("defer")),
            needs_complement=bool(raw.get("comp")),
            object_complement=bool(raw.get("ocomp")),
            named_object=bool(raw.get("named")),
            owned_object=bool(raw.get("owned")),
            no_object=bool(raw.get("bare")),
            judgement=bool(raw.get("judge")),
            judged_as=frozenset(_words(judge))
            if isinstance(judge := raw.get("judge"), list)
            else frozenset(),
            judged_clause=bool(raw.get("cjudge")),
            obligation=frozenset(_words(raw.get("oblig"))),
            complement_verbs=frozenset(_words(raw.get("cverb"))),
            manners=frozenset(_words(raw.get("manner"))),
            purposes=frozenset(_words(raw.get("purpose"))),
            subjects=frozenset(_words(raw.get("subj"))),
            joint=bool(raw.get("joint")),
            dated=bool(raw.get("dated")),
            state=_sense(lemma, {**raw, **state, "state": None, "civil": None}) if state else None,
            civil=_sense(lemma, {**raw, **civil, "state": None, "civil": None}) if civil else None,
        )
    except (KeyError, ValueError) as exc:
        raise CodingError(f"trigger lexicon: bad sense for {lemma!r}: {exc}") from None


def _senses(section: Mapping[str, Any]) -> dict[str, tuple[Sense, ...]]:
    return {str(k): tuple(_sense(str(k), s) for s in v) for k, v in section.items()}


def _complements(raw: Mapping[str, Any]) -> dict[str, dict[str, tuple[str | None, str]]]:
    return {
        name: {key: (str(m) or None, str(c)) for key, (m, c) in table.items()}
        for name, table in raw.items()
    }


def parse_lexicon(data: Mapping[str, Any]) -> Lexicon:
    """Build a :class:`Lexicon` from the parsed YAML mapping."""
    return Lexicon(
        verbs=_senses(data.get("verbs") or {}),
        nouns=_senses(data.get("nouns") or {}),
        adjectives=_senses(data.get("adjectives") or {}),
        complements=_complements(data.get("complements") or {}),
    )


def default_lexicon() -> Lexicon:
    """The lexicon shipped with Legation: the default language's (English)."""
    return language_lexicon(language())


@lru_cache(maxsize=4)
def language_lexicon(lang: Language) -> Lexicon:
    """The trigger lexicon of ``lang`` (:attr:`~legation.lang.Language.lexicon`)."""
    package, path = lang.lexicon
    source = resources.files(package).joinpath(path)
    if not isinstance(source, Path):  # inside a zip: nothing to stamp a cached copy with
        return _parsed(source.read_text("utf-8"), path)
    from ..cache import compiled

    return compiled("trigger-lexicon", [source], lambda: _parsed(source.read_text("utf-8"), path))


def _parsed(text: str, path: str) -> Lexicon:
    return parse_lexicon(load_yaml(text, path.rsplit("/", 1)[-1]))


def load_yaml(text: str, name: str) -> Any:
    """YAML as ``yaml.safe_load`` reads it, except that a key given twice in one mapping is
    an error (YAML would keep the last one silently: a second ``stop:`` entry hid the
    first's senses). Parsed by libyaml where PyYAML has it: the pure-Python parser took
    0.6 s of every start-up on the trigger lexicon alone."""

    class _Loader(getattr(yaml, "CSafeLoader", yaml.SafeLoader)):  # type: ignore[misc]
        pass

    def mapping(loader: yaml.SafeLoader, node: yaml.MappingNode) -> Any:
        keys = [loader.construct_object(key) for key, _ in node.value]
        twice = sorted({str(k) for k in keys if keys.count(k) > 1})
        if twice:
            line = node.start_mark.line + 1
            raise CodingError(f"{name}: key given twice in the mapping at line {line}: {twice}")
        return loader.construct_mapping(node)

    _Loader.add_constructor(yaml.resolver.BaseResolver.DEFAULT_MAPPING_TAG, mapping)
    return yaml.load(text, Loader=_Loader)  # a SafeLoader: no arbitrary objects
