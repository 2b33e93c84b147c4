"""Readers for the Phoenix (petrarch2/TABARI) and NGEC dictionaries, and their conversion into
knowledge-base entries (:mod:`.kb`). ``scripts/convert_actors.py`` runs them over the files in
``shared/data/actors`` and writes ``legation/data/actors/world/*.json``.

Formats (petrarch2 ``docs/source/dictionaries.rst``):

- **actors**: a primary phrase (words joined by ``_``; a trailing ``_`` marks the exact word),
  ``+synonym`` lines, then indented ``[CODE restriction]`` lines (several may share a line and
  may follow the primary phrase); a restriction is ``<date``, ``>date`` or ``date-date`` with
  dates ``YYMMDD`` or ``YYYYMMDD`` (limits inclusive); a code without one is the default.
  Phrases listed before any code share the code that follows (TABARI's convention).
- **agents**: ``PHRASE {PLURAL ...} [~CODE]`` lines; ``!NAME! = A, B`` defines a macro used
  inside phrases; regular plurals are implied unless the phrase ends with ``_``.
- **NGEC countries**: CSV with ``CCA2, Name, CCA3, Nationality`` (a comma-separated list of
  adjectives, demonyms and long names).

Conversion decisions (each has a test): CAMEO agent codes map to PLOVER sectors (CAMEO ``MED``
media → ``JRN``, ``HLH`` health → ``MED``, religions → ``REL``); country codes that are not
ISO3 map to their successor (USSR → RUS, Yugoslavia → SRB, East Timor's ``TMP`` → TLS) or,
for regions and "international", to PLOVER's ``IMG`` for armed groups; entries of CountryInfo's
fictional test country Kinakuta are dropped; malformed dates drop their restriction.
"""

from __future__ import annotations

import csv
import io
import re
from collections import Counter
from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass, field
from datetime import date, timedelta
from typing import Any

from ..model import Sector

# ------------------------------------------------------------------------------- reading


@dataclass(frozen=True, slots=True)
class Restriction:
    """One ``[CODE restriction]``: the code and its period (``end`` exclusive)."""

    code: str
    start: date | None = None
    end: date | None = None

    @property
    def dated(self) -> bool:
        return self.start is not None or self.end is not None


@dataclass(slots=True)
class Record:
    """One actor entry: its phrases (primary first), codes and comment."""

    phrases: list[str]
    codes: list[Restriction] = field(default_factory=list)
    comment: str = ""
    line: int = 0


_BRACKET = re.compile(r"\[([^\]]*)\]")


def read_actors(text: str, problems: list[str] | None = None) -> list[Record]:
    """The entries of a Phoenix actor dictionary, in file order."""
    records: list[Record] = []
    current: Record | None = None
    for number, raw in enumerate(text.splitlines(), 1):
        body, _, comment = raw.partition("#")
        if not body.strip():
            continue
        codes = [_restriction(c, number, problems) for c in _BRACKET.findall(body)]
        phrase = _BRACKET.sub(" ", body).strip()
        if body[0] in " \t" or not phrase:
            if current is not None:
                current.codes.extend(c for c in codes if c is not None)
            continue
        if phrase.startswith("+") and current is not None:
            current.phrases.append(phrase[1:].strip())
        elif current is not None and not current.codes:
            current.phrases.append(phrase.lstrip("+"))  # phrases before a code share it
        else:
            current = Record([phrase.lstrip("+")], comment=comment.strip(), line=number)
            records.append(current)
        current.codes.extend(c for c in codes if c is not None)
    return [r for r in records if r.codes]


#: Restrictions that are plainly mistyped in the Phoenix files, with what the dates say elsewhere
#: (the block's neighbouring restriction, or the well-known date of the office).
FIXES: Mapping[str, str] = {
    "ARMUNR 9008223-911221": "ARMUNR 900823-911221",  # Armenia's declaration, 23 Aug 1990
    "GBRGOV >201005011": "GBRGOV >20100511",  # David Cameron, prime minister from 11 May 2010
    "IRQOCC 1920030320-20060520": "IRQOCC 20030320-20060520",
    "SDNSSDAUT 1920050709-20110709": "SDNSSDAUT 20050709-20110709",
    "MNEGOV 20121204": "MNEGOV >20121204",  # Milo Djukanovic, prime minister again
    "KORGOVBUS 2004017-20061201": "KORGOVBUS 20040117-20061201",  # Ban Ki-moon, minister
}


def _restriction(text: str, line: int, problems: list[str] | None) -> Restriction | None:
    text = " ".join(text.split())
    parts = FIXES.get(text, text).split()
    if not parts:
        return None
    code, when = parts[0].lstrip("~"), "".join(parts[1:])
    try:
        return Restriction(code, *_period(when))
    except ValueError as exc:
        if problems is not None:
            problems.append(f"line {line}: [{text}]: {exc}; the restriction is dropped")
        return None


def _period(when: str) -> tuple[date | None, date | None]:
    if not when:
        return None, None
    if when.startswith("<"):
        return None, _date(when[1:]) + timedelta(days=1)
    if when.startswith(">"):
        return _date(when[1:]), None
    first, dash, last = when.partition("-")
    if not dash:
        raise ValueError(f"{when!r} is not <date, >date or date-date")
    return _date(first), _date(last) + timedelta(days=1)


def _date(text: str) -> date:
    """``YYMMDD`` (years before 40 are 20YY) or ``YYYYMMDD``."""
    if not text.isdigit() or len(text) not in (6, 8):
        raise ValueError(f"date {text!r} is neither YYMMDD nor YYYYMMDD")
    if len(text) == 6:
        year = int(text[:2])
        text = f"{2000 + year if year < 40 else 1900 + year}{text[2:]}"
    try:
        return date(int(text[:4]), int(text[4:6]), int(text[6:]))
    except ValueError:
        raise ValueError(f"date {text!r} is not a calendar date") from None


@dataclass(frozen=True, slots=True)
class AgentRecord:
    """One agent line: its phrases (singular forms first) and CAMEO/PLOVER code."""

    phrases: tuple[str, ...]
    code: str


_MACRO = re.compile(r"^(![A-Z]+!)\s*=\s*(.+)$")
_PLURALS = re.compile(r"\{([^}]*)\}")


def read_agents(text: str) -> list[AgentRecord]:
    """The lines of an agent dictionary, macros expanded and regular plurals added."""
    macros: dict[str, list[str]] = {}
    out: list[AgentRecord] = []
    for raw in text.splitlines():
        body = raw.partition("#")[0].strip()
        macro = _MACRO.match(body)
        if macro:
            macros[macro.group(1)] = [w.strip() for w in macro.group(2).split(",") if w.strip()]
            continue
        found = _BRACKET.search(body)
        if not found:
            continue
        code = found.group(1).strip().lstrip("~")
        plurals = [p for group in _PLURALS.findall(body) for p in group.split()]
        phrase = _PLURALS.sub(" ", _BRACKET.sub(" ", body)).strip()
        forms = [*_expand(phrase, macros), *plurals]
        phrases = [f for p in forms for f in _with_plural(p)]
        out.append(AgentRecord(tuple(dict.fromkeys(phrases)), code))
    return out


def _expand(phrase: str, macros: Mapping[str, list[str]]) -> list[str]:
    for name, words in macros.items():
        if name in phrase:
            return [f for w in words for f in _expand(phrase.replace(name, w, 1), macros)]
    return [phrase]


def _with_plural(phrase: str) -> list[str]:
    """The phrase and, unless it ends with ``_``, its regular plural (petrarch2's rules)."""
    if phrase.endswith("_") or not phrase:
        return [phrase]
    if phrase.endswith("SS"):
        plural = phrase + "ES"
    elif phrase.endswith("Y") and phrase[-2:-1] not in "AEIOU":
        plural = phrase[:-1] + "IES"
    elif phrase.endswith(("S", "MEN")):
        return [phrase]
    else:
        plural = phrase + "S"
    return [phrase, plural]


@dataclass(frozen=True, slots=True)
class Nationality:
    """One row of NGEC's countries table."""

    iso3: str
    name: str
    forms: tuple[str, ...]


def read_nationalities(text: str) -> list[Nationality]:
    rows = csv.DictReader(io.StringIO(text))
    return [
        Nationality(
            r["CCA3"].strip(),
            r["Name"].strip(),
            tuple(f.strip() for f in (r.get("Nationality") or "").split(",") if f.strip()),
        )
        for r in rows
        if r.get("CCA3")
    ]


# ------------------------------------------------------------------------------- phrases

_PAREN = re.compile(r"\(([^)]*)\)")
_PARTICLES = frozenset(
    [
        "al",
        "el",
        "ul",
        "bin",
        "ibn",
        "abu",
        "de",
        "del",
        "della",
        "der",
        "di",
        "da",
        "dos",
        "das",
        "du",
        "la",
        "le",
        "van",
        "von",
        "y",
        "of",
        "the",
        "and",
        "for",
        "on",
        "in",
        "to",
        "at",
    ]
)


def phrase_text(raw: str) -> tuple[str, list[str]]:
    """A dictionary phrase as words (``AL_QAEDA_`` → ``AL QAEDA``) and the acronyms given in
    parentheses (``ISLAMIC_ARMY_OF_ADEN_(IAA)_`` → ``IAA``)."""
    acronyms = [a.strip() for a in _PAREN.findall(raw) if a.strip()]
    words = _PAREN.sub(" ", raw).replace("_", " ")
    return " ".join(words.split()).strip(" ,"), acronyms


def is_acronym_word(word: str) -> bool:
    """A word to keep in capitals: dotted ("U.N."), without vowels ("NPFL"), or a
    one-letter initial."""
    letters = [c for c in word if c.isalpha()]
    return "." in word or len(letters) == 1 or not any(c in "AEIOUYaeiouy" for c in letters)


def display_case(text: str) -> str:
    """``VLADIMIR V. PUTIN`` → ``Vladimir V. Putin``; acronyms and initials stay."""
    out = []
    for i, word in enumerate(text.split()):
        if is_acronym_word(word):
            out.append(word)
        elif i and word.lower() in _PARTICLES:
            out.append(word.lower())
        else:
            out.append("-".join(p[:1].upper() + p[1:].lower() for p in word.split("-")))
    return " ".join(out)


# -------------------------------------------------------------------------------- codes

#: CAMEO agent codes → PLOVER sectors (CAMEO MED is media, HLH health; religions are REL).
CAMEO_SECTORS: Mapping[str, Sector] = {
    **{s.value: s for s in Sector if s is not Sector.MED},
    "MED": Sector.JRN,
    "HLH": Sector.MED,
    "HRI": Sector.SOC,
    "ENV": Sector.SOC,
    "DEV": Sector.SOC,
    "NGO": Sector.SOC,
    "INS": Sector.REB,
    "SEP": Sector.REB,
    "PPL": Sector.CVL,
    "SET": Sector.CVL,
    "IMG": Sector.UAF,
    **dict.fromkeys(
        [
            "MUS",
            "CHR",
            "JEW",
            "HIN",
            "BUD",
            "CTH",
            "ORT",
            "PRO",
            "SHI",
            "SUN",
            "JAN",
            "SIK",
            "TAO",
            "CON",
            "ATH",
        ],
        Sector.REL,
    ),
}
#: CAMEO country codes that are not ISO3 (or no longer are) → ISO3.
CAMEO_COUNTRIES: Mapping[str, str] = {
    "USR": "RUS",
    "SUN": "RUS",
    "YUG": "SRB",
    "SCG": "SRB",
    "FRY": "SRB",
    "CSK": "CZE",
    "DDR": "DEU",
    "TMP": "TLS",
    "KSV": "XKX",
    "KOS": "XKX",
    "ROM": "ROU",
    "ZAR": "COD",
    "BUR": "MMR",
    "ANG": "AGO",
    "SRP": "BIH",
    "KRJ": "HRV",
}
#: CAMEO region codes and "international": an armed group of no one country is IMG.
REGIONS = frozenset(
    [
        "INT",
        "AFR",
        "ASA",
        "EUR",
        "MEA",
        "SAS",
        "SEA",
        "EAF",
        "WAF",
        "NAF",
        "SAF",
        "CAF",
        "LAM",
        "SAM",
        "NMR",
        "CAS",
        "EEU",
        "WEU",
        "CFR",
        "EIN",
        "BLK",
        "CRB",
        "MDT",
        "PGS",
    ]
)
FICTIONAL = frozenset({"KNT"})  # CountryInfo's test country Kinakuta


@dataclass(frozen=True, slots=True)
class Code:
    """A CAMEO-style code read for Legation: country (ISO3, a non-state code, or None) and
    sector; ``igo`` keeps the IGO's own code (``IGOUNO``)."""

    country: str | None
    sector: Sector | None
    igo: str | None = None
    place: bool = False  # a bare country code: the phrase names a place of that country
    region: bool = False  # a CAMEO region or "international": the country is not known

    def shorthand(self) -> str:
        head = self.igo or f"{self.country or ''}{self.sector.value if self.sector else ''}"
        return head


def read_code(code: str, countries: Iterable[str]) -> Code | None:
    """A Phoenix code for Legation, or None when it is null (``---``) or fictional."""
    code = code.strip().lstrip("~").upper()
    if not code or code.startswith("---"):
        return None
    head, rest = code[:3], code[3:]
    known = set(countries)
    sector = _sector(rest)
    if head in FICTIONAL:
        return None
    if head == "IGO":
        return Code("IGO", Sector.IGO, igo=code)
    if head in ("NGO", "MNC", "IMG"):
        default = {"NGO": Sector.SOC, "MNC": Sector.BUS, "IMG": Sector.UAF}[head]
        armed = sector in (Sector.REB, Sector.UAF) or head != "IMG"
        return Code(head, sector if sector and armed else default)
    country = CAMEO_COUNTRIES.get(head, head)
    if country in known:
        return Code(country, sector, place=not rest or (sector is None and len(rest) == 3))
    if head in REGIONS:
        return Code("IMG" if sector in (Sector.REB, Sector.UAF) else None, sector, region=True)
    return Code(None, CAMEO_SECTORS.get(head) or sector)


def _sector(rest: str) -> Sector | None:
    for i in range(0, len(rest) - 2, 3):
        found = CAMEO_SECTORS.get(rest[i : i + 3])
        if found is not None:
            return found
    return None


# ---------------------------------------------------------------------------- conversion

ORG_WORDS = frozenset(
    [
        "party",
        "army",
        "force",
        "forces",
        "ministry",
        "ministries",
        "council",
        "assembly",
        "congress",
        "court",
        "department",
        "agency",
        "service",
        "services",
        "bureau",
        "commission",
        "administration",
        "authority",
        "front",
        "movement",
        "brigade",
        "brigades",
        "coalition",
        "observatory",
        "university",
        "guard",
        "guards",
        "rifles",
        "house",
        "palace",
        "union",
        "republic",
        "declaration",
        "team",
        "community",
        "reserve",
        "organization",
        "organisation",
        "committee",
        "association",
        "federation",
        "league",
        "group",
        "groups",
        "network",
        "foundation",
        "institute",
        "fund",
        "bank",
        "company",
        "corporation",
        "corp",
        "inc",
        "ltd",
        "limited",
        "airlines",
        "airline",
        "program",
        "programme",
        "office",
        "mission",
        "secretariat",
        "parliament",
        "senate",
        "police",
        "tribunal",
        "board",
        "centre",
        "center",
        "society",
        "trust",
        "alliance",
        "cells",
        "cell",
        "nuclei",
        "brotherhood",
        "liberation",
        "revolutionary",
        "resistance",
        "jihad",
        "battalion",
        "battalions",
        "regiment",
        "command",
        "unit",
        "units",
        "militia",
        "militias",
        "faction",
        "army's",
        "government",
        "cabinet",
        "kremlin",
        "knesset",
        "politburo",
        "soviet",
        "duma",
        "legion",
        "martyrs",
        "commandos",
    ]
)


def looks_like_person(name: str, country_words: frozenset[str]) -> bool:
    """Two to five words, none an organisation word, a country word or an acronym."""
    words = name.split()
    if not 2 <= len(words) <= 5 or any(c.isdigit() for c in name):
        return False
    lowered = [w.lower().strip(",.'") for w in words]
    if any(w in ORG_WORDS or w in country_words or w in _LINKS for w in lowered):
        return False
    return not any(is_acronym_word(w) and len(w.strip(".")) > 1 for w in words)


_LINKS = frozenset(["and", "of", "the", "for", "in", "on", "at", "to", "with"])


def person_entry(record: Record, countries: Iterable[str], ident: str) -> dict[str, Any] | None:
    """A ``people`` entry for a Phoenix person, or None when no code is usable."""
    known = tuple(countries)
    read = [(r, read_code(r.code, known)) for r in record.codes]
    usable = [(r, c) for r, c in read if c is not None and (c.country or c.sector)]
    if not usable:
        return None
    names = _names(record, person=True)
    if not names:
        return None
    nationality = _nationality([c for _, c in usable])
    default = next((c for r, c in usable if not r.dated), None)
    entry: dict[str, Any] = {"id": ident, "name": names[0], "country": nationality}
    aliases = _person_aliases(names)
    if aliases:
        entry["aliases"] = aliases
    if default is not None and default.sector is not None and default.country != "IGO":
        entry["sector"] = default.sector.value
    affiliations = [_shorthand(r, c) for r, c in usable if r.dated or c.country == "IGO"]
    if affiliations:
        entry["affiliations"] = affiliations
    return entry


def _nationality(codes: list[Code]) -> str | None:
    votes = Counter(c.country for c in codes if c.country and c.country not in ("IGO", "NGO"))
    for country in ("IMG", "MNC"):
        votes.pop(country, None)
    return votes.most_common(1)[0][0] if votes else None


def _shorthand(restriction: Restriction, code: Code) -> str:
    start = restriction.start.isoformat() if restriction.start else ""
    end = restriction.end.isoformat() if restriction.end else ""
    period = f" {start}..{end}" if restriction.dated else ""
    return f"{code.shorthand()}{period}"


def _names(record: Record, person: bool) -> list[str]:
    out: list[str] = []
    for raw in record.phrases:
        text, acronyms = phrase_text(raw)
        if text and "," not in text and len(text.split()) <= 8:
            out.append(text if _all_lower_ok(text) else display_case(text))
        out.extend(acronyms if not person else [])
    return list(dict.fromkeys(n for n in out if any(c.isalpha() for c in n)))


def _all_lower_ok(text: str) -> bool:
    return any(c.islower() for c in text)  # already mixed case: keep as written


def _person_aliases(names: list[str]) -> list[str]:
    """Other names of a person, without forms that only add a title in front of another
    name of theirs ("President Vladimir Putin"), with the variants matching looks for (no
    dots, no middle initials: :func:`legation.actors.lexicon.name_variants`) and, for a name
    of three or more words, its first and last words ("Carlos Saul Menem": "Carlos Menem")."""
    from .lexicon import name_variants

    lowered = [n.lower() for n in names]
    kept = []
    for name, low in zip(names, lowered, strict=True):
        if any(low != o and low.endswith(" " + o) and _titled(low, o) for o in lowered):
            continue
        kept.extend(sorted(name_variants(name)))
        kept.extend(_first_last(name))
    return [n for n in dict.fromkeys(kept) if n != names[0]]


def _titled(longer: str, name: str) -> bool:
    """Whether ``longer`` is ``name`` with a title in front ("president boris yeltsin")
    rather than a fuller form of it ("boris n. yeltsin" for "yeltsin")."""
    front = longer[: -len(name)].split()
    return " " in name or any(w.strip(".,") in TITLE_PREFIXES for w in front)


TITLE_PREFIXES = frozenset(
    [
        "president",
        "prime",
        "minister",
        "premier",
        "general",
        "gen",
        "king",
        "queen",
        "prince",
        "emir",
        "sheikh",
        "secretary",
        "chairman",
        "leader",
        "former",
        "ex",
        "vice",
        "deputy",
        "foreign",
        "defence",
        "defense",
        "chief",
        "commander",
        "ambassador",
        "senator",
        "governor",
        "mr",
        "mrs",
        "dr",
        "sir",
        "spokesman",
        "mayor",
        "party",
        "opposition",
    ]
)


def _first_last(name: str) -> list[str]:
    words = name.replace(".", " ").split()
    if len(words) < 3 or words[0].lower() in _PARTICLES | _HONOURS:
        return []
    if words[-1].lower() in _PARTICLES or len(words[-1]) < 3:
        return []
    return [f"{words[0]} {words[-1]}"]


_HONOURS = frozenset(
    [
        "sir",
        "sheikh",
        "shaikh",
        "sheik",
        "dr",
        "prof",
        "general",
        "gen",
        "king",
        "queen",
        "prince",
        "emir",
    ]
)


@dataclass(frozen=True, slots=True)
class Organisation:
    """A converted organisation: its section (``igos``/``institutions``), its entry, and the
    people the dictionary listed among its names (``members``, with their affiliation)."""

    section: str
    entry: dict[str, Any]
    members: tuple[str, ...] = ()
    affiliation: str = ""


def organisation_entry(
    record: Record,
    countries: Iterable[str],
    ident_for: Any,
    country_words: Mapping[str, str],
) -> Organisation | None:
    """A Phoenix organisation: an IGO, or an institution (NGOs, companies, armed groups, a
    state's bodies). Names that look like people's ("Abu Bakr al-Baghdadi" among the Islamic
    State's names) are not the organisation's: they come back as its members. A group coded
    with a region whose name names one country is that country's ("Palestinian Islamic
    Jihad")."""
    known = tuple(countries)
    codes = [c for c in (read_code(r.code, known) for r in record.codes) if c is not None]
    if not codes:
        return None
    code = codes[0]
    names = _names(record, person=False)
    if not names:
        return None
    name = re.sub(r"^The ", "", names[0]) if len(names[0].split()) > 2 else names[0]
    if code.region:
        named = {country_words[w] for w in name.lower().split() if w in country_words}
        code = Code(named.pop(), code.sector) if len(named) == 1 else code
    members = tuple(n for n in names[1:] if looks_like_person(n, frozenset(country_words)))
    aliases = [n for n in names if n != name and n not in members]
    if code.country == "IGO" and code.igo:
        entry = {"id": ident_for("igos", name, None), "name": name, "code": code.igo}
        return Organisation("igos", _with_aliases(entry, aliases), members, code.shorthand())
    sector = code.sector or Sector.UNK
    entry = {
        "id": ident_for("institutions", name, code.country),
        "name": name,
        "country": code.country,
        "sector": sector.value,
    }
    affiliation = f"{code.country or ''}{sector.value}" if code.country else ""
    return Organisation("institutions", _with_aliases(entry, aliases), members, affiliation)


def _with_aliases(entry: dict[str, Any], aliases: list[str]) -> dict[str, Any]:
    if aliases:
        entry["aliases"] = aliases
    return entry


def place_names(record: Record, countries: Iterable[str]) -> tuple[str, list[str]] | None:
    """``(iso3, names)`` when a record only names places of one country (a country block:
    the country's names, spellings and cities)."""
    known = tuple(countries)
    codes = [(r, read_code(r.code, known)) for r in record.codes]
    places = [(r, c.country) for r, c in codes if c is not None and c.place and c.country]
    if not codes or len(places) < len(codes):
        return None
    latest = max(places, key=lambda rc: (rc[0].end is None, rc[0].start or date.min))
    names = [phrase_text(p)[0] for p in record.phrases]
    return latest[1], [display_case(n) for n in names if n]


def agent_entries(records: Iterable[AgentRecord]) -> Iterator[dict[str, Any]]:
    """``agents`` entries: one per singular phrase, the other forms as ``forms``."""
    for record in records:
        sector = _agent_sector(record.code)
        if sector is False:
            continue
        phrases = [" ".join(phrase_text(p)[0].lower().split()) for p in record.phrases]
        phrases = [p for p in dict.fromkeys(phrases) if p]
        if phrases:
            yield {"id": phrases[0], "sector": sector, "forms": phrases[1:]}


def _agent_sector(code: str) -> str | bool | None:
    """The PLOVER sector of an agent code; None for a phrase naming no actor (``NON``,
    ``JNK``); False for a code Legation cannot read."""
    code = code.upper()
    if code[:3] in ("NON", "JNK"):
        return None
    if code[:3] == "IGO":
        return Sector.IGO.value
    found = _sector(code)
    return found.value if found is not None else False
