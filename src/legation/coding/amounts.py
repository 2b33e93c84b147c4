"""Money amounts in a sentence ("$1.2 billion", "Rs 50 billion", "USD 300 million", "€5m",
"1.1 billion dollars") and the event they belong to.

An amount belongs to an event when it lies in the trigger's argument subtree — the
trigger's subtree without the subtrees of coordinated verbs, which are events of their own.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import TYPE_CHECKING

from ..model import Amount

if TYPE_CHECKING:
    from spacy.tokens import Span as SpacySpan
    from spacy.tokens import Token

PREFIX_CURRENCIES = {
    "$": "USD", "us$": "USD", "usd": "USD", "us $": "USD", "rs": "PKR", "rs.": "PKR",
    "pkr": "PKR", "€": "EUR", "eur": "EUR", "£": "GBP", "gbp": "GBP", "¥": "CNY",
    "rmb": "CNY", "cny": "CNY", "inr": "INR", "₹": "INR", "sar": "SAR", "aed": "AED",
}  # fmt: skip
SUFFIX_CURRENCIES = {
    "dollar": "USD", "dollars": "USD", "usd": "USD", "rupee": "PKR", "rupees": "PKR",
    "euro": "EUR", "euros": "EUR", "eur": "EUR", "pound": "GBP", "pounds": "GBP",
    "yuan": "CNY", "renminbi": "CNY", "riyal": "SAR", "riyals": "SAR", "dirham": "AED",
    "dirhams": "AED", "yen": "JPY", "naira": "NGN", "rand": "ZAR", "baht": "THB",
    "ringgit": "MYR", "taka": "BDT", "ruble": "RUB", "rubles": "RUB", "rouble": "RUB",
    "roubles": "RUB", "lira": "TRY", "afghani": "AFN", "afghanis": "AFN",
}  # fmt: skip
#: Names of currencies, also those several countries share (no one code): money given in
#: them is money ("gave 352.5 million euros", "200 million shillings").
CURRENCY_WORDS = frozenset(SUFFIX_CURRENCIES) | frozenset(
    {"franc", "francs", "peso", "pesos", "dinar", "dinars", "krona", "kronor", "krone",
     "kroner", "crown", "crowns", "shilling", "shillings", "won", "real", "reais", "cedi",
     "cedis", "lire", "liras", "dong", "rial", "rials", "tenge", "som", "manat", "lari",
     "leu", "lei", "zloty", "zlotys", "forint", "forints", "hryvnia", "hryvnias"}
)  # fmt: skip
SCALES = {
    "thousand": 1e3, "k": 1e3, "million": 1e6, "m": 1e6, "mn": 1e6, "mln": 1e6,
    "billion": 1e9, "bn": 1e9, "b": 1e9, "trillion": 1e12, "tn": 1e12, "lakh": 1e5,
    "crore": 1e7,
}  # fmt: skip

_NUMBER = r"(?P<num>\d+(?:,\d{3})*(?:\.\d+)?)"
_SCALE = r"(?:\s?(?P<scale>thousand|million|billion|trillion|mln|mn|bn|tn|lakh|crore|[kmb])\b)?"
_PREFIX = r"(?<![A-Za-z])(?P<pre>US\s?\$|\$|USD|Rs\.?|PKR|€|EUR|£|GBP|¥|RMB|CNY|INR|₹|SAR|AED)\s?"
_SUFFIX = r"\s(?P<suf>" + "|".join(sorted(SUFFIX_CURRENCIES, key=len, reverse=True)) + r")\b"
PREFIXED = re.compile(_PREFIX + _NUMBER + _SCALE, re.IGNORECASE)
SUFFIXED = re.compile(r"(?<![\w$€£¥₹.])" + _NUMBER + _SCALE + _SUFFIX, re.IGNORECASE)


@dataclass(frozen=True, slots=True)
class FoundAmount:
    amount: Amount
    start: int  # character offsets in the document
    end: int


def _value(match: re.Match[str]) -> float:
    number = float(match.group("num").replace(",", ""))
    scale = (match.group("scale") or "").lower()
    return number * SCALES.get(scale, 1.0)


def _currency(match: re.Match[str]) -> str | None:
    groups = match.groupdict()
    if groups.get("pre"):
        key = re.sub(r"\s+", " ", groups["pre"].lower())
        return PREFIX_CURRENCIES.get(key, PREFIX_CURRENCIES.get(key.replace(" ", "")))
    return SUFFIX_CURRENCIES.get((groups.get("suf") or "").lower())


def find_amounts(text: str, offset: int = 0) -> list[FoundAmount]:
    """Money amounts in ``text``; offsets are shifted by ``offset`` (the sentence start)."""
    found: list[FoundAmount] = []
    for pattern in (PREFIXED, SUFFIXED):
        for match in pattern.finditer(text):
            if any(f.start <= match.start() + offset < f.end for f in found):
                continue
            amount = Amount(match.group(0).strip(), _value(match), _currency(match))
            found.append(FoundAmount(amount, match.start() + offset, match.end() + offset))
    return sorted(found, key=lambda f: f.start)


def sentence_amounts(sent: SpacySpan) -> list[FoundAmount]:
    return find_amounts(sent.text, sent.start_char)


def argument_chars(trigger: Token) -> set[int]:
    """Character starts of the tokens in the trigger's own arguments."""
    excluded: set[int] = set()
    for child in trigger.children:
        if child.dep_ == "conj" and child.pos_ in ("VERB", "AUX"):
            excluded.update(t.i for t in child.subtree)
    return {t.idx for t in trigger.subtree if t.i not in excluded}


def amount_for(trigger: Token, amounts: list[FoundAmount]) -> Amount | None:
    """The first amount inside the trigger's arguments, if any."""
    if not amounts:
        return None
    starts = argument_chars(trigger)
    for found in amounts:
        if any(found.start <= s < found.end for s in starts):
            return found.amount
    return None
