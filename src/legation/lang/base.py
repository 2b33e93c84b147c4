"""What Legation knows of one language, in one typed, frozen value (spaCy's ``lang/xx``).

A :class:`Language` holds the words, names and regex fragments that the language-dependent
modules read instead of spelling them: ingest's dates and detection
(:mod:`legation.ingest.dates`, :mod:`legation.ingest.language`), the dates stage
(:mod:`legation.dates.expressions`), de-duplication's stop words (:mod:`legation.dedup`), the
default spaCy model (:mod:`legation.nlp`) and the coder's trigger lexicon
(:mod:`legation.coding.lexicon`). Those modules compile their patterns from it once per
language. See docs/architecture.md ("Languages") for what a new language supplies.
"""

from __future__ import annotations

from dataclasses import dataclass

from ..errors import ConfigError


@dataclass(frozen=True, eq=False, repr=False)  # compared and hashed by identity
class Language:
    """One language's data. Regex fragments are written as the text shows them (capitals
    included); a module that matches lower-cased text matches them ignoring case."""

    #: ISO 639-1 code, the name in the registry and in ``languages`` of the config.
    code: str
    #: Its English name, for messages ("non-English text").
    name: str
    #: The spaCy pipeline package the config's ``model`` defaults to.
    spacy_model: str
    #: (package, resource path) of the coder's trigger lexicon (``coding/lexicon.py``).
    lexicon: tuple[str, str]
    #: The language codes ``dateparser`` reads dates in.
    dateparser_languages: tuple[str, ...]
    #: The twelve month names, January first, as written in text.
    months: tuple[str, ...]
    #: The seven weekday names, Monday first, as written in text.
    weekdays: tuple[str, ...]
    #: A regex alternation matching a month name or its abbreviation ("Jan(?:uary)?|...").
    month_pattern: str
    #: A regex group for the suffix of an ordinal day ("15th").
    ordinal_suffix: str
    #: A regex for the words that label a byline date ("Published on", "Updated").
    dateline_label: str
    #: A regex for an optional weekday before a byline date ("Friday, ").
    weekday_prefix: str
    #: A regex for the date expressions the spaCy model's entities sometimes miss
    #: ("yesterday", "on Monday", "in March", "two days later"), matched in the text.
    date_expressions: str
    #: Words that say nothing of what a statement is about (de-duplication's content words).
    stop_words: frozenset[str]
    #: Common function words: their share of a text's words tells the language (detection).
    function_words: frozenset[str]

    def __post_init__(self) -> None:
        if len(self.months) != 12 or len(self.weekdays) != 7:
            raise ConfigError(
                f"language {self.code!r} gives {len(self.months)} month and "
                f"{len(self.weekdays)} weekday names; give 12 and 7"
            )

    def __repr__(self) -> str:
        return f"Language({self.code!r}, {self.name!r})"

    def month_number(self, word: str) -> int | None:
        """The month (1-12) a month name or abbreviation names ("Dec", "sept"), or None."""
        prefix = word.rstrip(".").lower()
        if not prefix:
            return None
        return next(
            (i for i, name in enumerate(self.months, 1) if name.lower().startswith(prefix)), None
        )
